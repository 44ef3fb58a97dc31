//! DTOs of the market morning: the counter, permits, the day view, the day close and
//! attendance (`ui/src/lib/backend/types.ts`, section "The market morning").

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use markt::code::{self, Identification, PaymentMethod};
use markt::error::Problem;
use markt::ids::*;
use markt::{attendance, counter, day_close, day_view, note, permit};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AppError, Quote, Res, Vendor, day, parse};

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CounterWarning {
    code: &'static str,
    message: String,
    needs_reason: bool,
    /// The invoice number of the permit the warning is about (another permit today, the
    /// permit a stall was given to), so a correction can leave out its own permit.
    permit: Option<String>,
}

impl From<&counter::Warning> for CounterWarning {
    fn from(w: &counter::Warning) -> CounterWarning {
        use counter::Warning::*;
        let code = match w {
            AlreadyPermitToday { .. } => "already_permit_today",
            NoRegistration => "no_registration",
            Removed => "removed",
            NotActive { .. } => "not_active",
            Enforcement { .. } => "enforcement",
            NotAllocated => "not_allocated",
            SubstituteNotRegistered { .. } => "substitute_not_registered",
            StallUnknown { .. } => "stall_unknown",
            StallBlocked { .. } => "stall_blocked",
            StallTaken { .. } => "stall_taken",
        };
        let permit = match w {
            AlreadyPermitToday { invoice_number, .. } | StallTaken { invoice_number, .. } => {
                Some(invoice_number.clone())
            }
            _ => None,
        };
        CounterWarning { code, message: w.message(), needs_reason: w.needs_reason(), permit }
    }
}

fn warnings(list: &[counter::Warning]) -> Vec<CounterWarning> {
    list.iter().map(Into::into).collect()
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PermitSummary {
    id: PermitId,
    invoice_number: String,
    market_code: String,
    market_name: String,
    total_incl_cents: i64,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CounterRegistration {
    list_number: i64,
    status: code::RegistrationStatus,
    stall_numbers: Vec<String>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubstituteRef {
    vendor_id: VendorId,
    name: String,
    registration_number: String,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Counter {
    vendor: Vendor,
    market_id: MarketId,
    day: NaiveDate,
    status: code::PermitStatus,
    registration: Option<CounterRegistration>,
    fixed: BTreeMap<String, i64>,
    allocated: Vec<String>,
    allocation_state: Option<code::AllocationState>,
    requested: BTreeMap<String, i64>,
    today: Vec<PermitSummary>,
    substitutes: Vec<SubstituteRef>,
    warnings: Vec<CounterWarning>,
}

impl From<counter::Counter> for Counter {
    fn from(c: counter::Counter) -> Counter {
        Counter {
            warnings: warnings(&c.warnings),
            registration: c.registration.map(|r| CounterRegistration {
                list_number: r.list_number,
                status: r.status,
                stall_numbers: c.registration_stalls,
            }),
            today: c
                .today
                .into_iter()
                .map(|t| PermitSummary {
                    id: t.permit.id,
                    invoice_number: t.permit.invoice_number,
                    market_code: t.market_code,
                    market_name: t.market_name,
                    total_incl_cents: t.total.0,
                })
                .collect(),
            substitutes: c
                .substitutes
                .into_iter()
                .map(|(_, v)| SubstituteRef {
                    vendor_id: v.id,
                    name: v.name(),
                    registration_number: v.registration_number.to_string(),
                })
                .collect(),
            vendor: c.vendor.into(),
            market_id: c.market,
            day: c.day,
            status: c.status,
            fixed: c.fixed,
            allocated: c.allocated,
            allocation_state: c.allocation_state,
            requested: c.requested,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct PermitForm {
    market_id: i64,
    day: String,
    vendor_id: i64,
    presence: String,
    substitute_id: Option<i64>,
    identified_by: String,
    requested: BTreeMap<String, i64>,
    stalls: Vec<String>,
    note: String,
    payment: String,
    override_reason: Option<String>,
    /// The day the clerk confirmed for a permit on another day than today (JJJJ-MM-DD).
    confirmed_day: Option<String>,
}

impl TryFrom<PermitForm> for permit::PermitInput {
    type Error = AppError;
    fn try_from(f: PermitForm) -> Res<permit::PermitInput> {
        Ok(permit::PermitInput {
            market: MarketId(f.market_id),
            day: day("day", &f.day)?,
            vendor: VendorId(f.vendor_id),
            presence: parse("presence", &f.presence, code::Presence::parse)?,
            substitute: f.substitute_id.map(VendorId),
            identified_by: parse("identifiedBy", &f.identified_by, Identification::parse)?,
            requested: f.requested,
            stalls: f.stalls.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
            note: f.note,
            payment: parse("payment", &f.payment, PaymentMethod::parse)?,
            override_reason: f.override_reason,
            confirmed_day: super::opt_day("confirmedDay", &f.confirmed_day)?,
        })
    }
}

pub fn payment_method(text: &str) -> Res<PaymentMethod> {
    parse("method", text, PaymentMethod::parse)
}

#[derive(Serialize, TS, JsonSchema)]
pub struct PermitPreview {
    status: code::PermitStatus,
    quote: Quote,
    warnings: Vec<CounterWarning>,
}

impl From<counter::Preview> for PermitPreview {
    fn from(p: counter::Preview) -> PermitPreview {
        PermitPreview { warnings: warnings(&p.warnings), status: p.status, quote: p.quote.into() }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuedPermit {
    id: PermitId,
    invoice_number: String,
    total_incl_cents: i64,
}

impl From<permit::Issued> for IssuedPermit {
    fn from(i: permit::Issued) -> IssuedPermit {
        IssuedPermit { id: i.id, invoice_number: i.invoice_number, total_incl_cents: i.total.0 }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayPermit {
    id: PermitId,
    invoice_number: String,
    vendor_id: VendorId,
    vendor_name: String,
    registration_number: String,
    status: code::PermitStatus,
    presence: code::Presence,
    stalls: Vec<String>,
    metres: i64,
    due_cents: i64,
    paid_cents: i64,
    methods: Vec<PaymentMethod>,
    issued_by: String,
    issued_at: DateTime<Utc>,
    void_reason: Option<String>,
    replaces_id: Option<PermitId>,
    override_reason: Option<String>,
    /// The latest control, when the permit was checked.
    control: Option<ControlSeen>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ControlSeen {
    round: i64,
    presence: code::Presence,
    /// Someone else was found than the permit says.
    differs: bool,
    /// The control saw other products (keys or pieces) than the permit gives.
    products_differ: bool,
    /// A substitute without permission, or nobody: shown in red.
    alarming: bool,
}

impl From<day_view::PermitRow> for DayPermit {
    fn from(p: day_view::PermitRow) -> DayPermit {
        let control = p.control.map(|(round, presence)| ControlSeen {
            round,
            presence,
            differs: p.control_differs(),
            products_differ: p.control_products_differ,
            alarming: p.control_alarming(),
        });
        DayPermit {
            control,
            id: p.id,
            invoice_number: p.invoice_number,
            vendor_id: p.vendor,
            vendor_name: p.vendor_name,
            registration_number: p.registration_number.to_string(),
            status: p.status,
            presence: p.presence,
            stalls: p.stalls,
            metres: p.metres,
            due_cents: p.due.0,
            paid_cents: p.paid.0,
            methods: p.methods,
            issued_by: p.issued_by,
            issued_at: p.issued_at,
            void_reason: p.voided,
            replaces_id: p.replaces,
            override_reason: p.override_reason,
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    id: PaymentId,
    method: PaymentMethod,
    amount_cents: i64,
    reverses_id: Option<PaymentId>,
    reason: Option<String>,
    at: DateTime<Utc>,
}

impl From<permit::Payment> for Payment {
    fn from(p: permit::Payment) -> Payment {
        Payment {
            id: p.id,
            method: p.method,
            amount_cents: p.amount.0,
            reverses_id: p.reverses,
            reason: p.reason,
            at: p.at,
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PermitDetail {
    permit: DayPermit,
    lines: Vec<super::QuoteLine>,
    payments: Vec<Payment>,
    requested: BTreeMap<String, i64>,
    substitute_id: Option<VendorId>,
    note: String,
}

impl From<day_view::PermitDetail> for PermitDetail {
    fn from(d: day_view::PermitDetail) -> PermitDetail {
        PermitDetail {
            permit: d.row.into(),
            lines: d.lines.into_iter().map(super::QuoteLine::of_invoice_line).collect(),
            payments: d.payments.into_iter().map(Into::into).collect(),
            requested: d.requested,
            substitute_id: d.substitute,
            note: d.note,
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    id: NoteId,
    text: String,
    created_at: DateTime<Utc>,
    done: bool,
    done_at: Option<DateTime<Utc>>,
}

impl From<note::Note> for Note {
    fn from(n: note::Note) -> Note {
        Note { id: n.id, text: n.text, created_at: n.created_at, done: n.done.is_some(), done_at: n.done.map(|d| d.1) }
    }
}

/// Fine payments taken at the desk, by method (net of reversals that day).
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FineMoney {
    payments: i64,
    pin_cents: i64,
    cash_cents: i64,
    on_account_cents: i64,
    total_cents: i64,
}

impl From<day_close::Fines> for FineMoney {
    fn from(f: day_close::Fines) -> FineMoney {
        FineMoney {
            payments: f.payments,
            pin_cents: f.pin.0,
            cash_cents: f.cash.0,
            on_account_cents: f.on_account.0,
            total_cents: f.total().0,
        }
    }
}

/// `pin_cents`, `cash_cents` and `on_account_cents` are the permits' money; `fines` the
/// fines taken; `received_cents` pin and cash of both (what was received);
/// `on_account_total_cents` on account of both (not received); `expected_cash_cents` the
/// cash the drawer should hold.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClerkDay {
    permits: i64,
    voided: i64,
    pin_cents: i64,
    cash_cents: i64,
    on_account_cents: i64,
    fines: FineMoney,
    received_cents: i64,
    on_account_total_cents: i64,
    expected_cash_cents: i64,
}

impl From<day_close::ClerkDay> for ClerkDay {
    fn from(d: day_close::ClerkDay) -> ClerkDay {
        ClerkDay {
            received_cents: d.received().0,
            on_account_total_cents: d.on_account_total().0,
            expected_cash_cents: d.expected_cash().0,
            permits: d.permits,
            voided: d.voided,
            pin_cents: d.pin.0,
            cash_cents: d.cash.0,
            on_account_cents: d.on_account.0,
            fines: d.fines.into(),
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayClose {
    id: DayCloseId,
    account_name: String,
    at: DateTime<Utc>,
    permits: i64,
    pin_cents: i64,
    cash_cents: i64,
    on_account_cents: i64,
    /// The fines the close held (its clerk's, taken up to its moment).
    fines: FineMoney,
    expected_cash_cents: i64,
    counted_cash_cents: i64,
    difference_cents: i64,
    /// Why the counted cash differs, as the clerk said it.
    difference_reason: Option<String>,
}

impl From<day_close::DayClose> for DayClose {
    fn from(d: day_close::DayClose) -> DayClose {
        DayClose {
            id: d.id,
            account_name: d.account_name,
            at: d.at,
            permits: d.summary.permits,
            pin_cents: d.summary.pin.0,
            cash_cents: d.summary.cash.0,
            on_account_cents: d.summary.on_account.0,
            fines: d.summary.fines.into(),
            expected_cash_cents: d.summary.expected_cash().0,
            counted_cash_cents: d.counted_cash.0,
            difference_cents: d.difference.0,
            difference_reason: d.difference_reason,
        }
    }
}

/// Money as a clerk typed it ("1.234,50").
pub fn typed_money(field: &str, text: &str) -> Res<markt::Cents> {
    markt::Cents::parse_nl(text).map_err(|e| AppError::field(field, Problem::Format, e.to_string()))
}

#[derive(Serialize, TS, JsonSchema)]
pub struct CodeCount {
    code: &'static str,
    count: i64,
}

#[derive(Serialize, TS, JsonSchema)]
pub struct MethodMoney {
    method: PaymentMethod,
    cents: i64,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MultiplePermit {
    market_code: String,
    invoice_number: String,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Multiple {
    vendor_id: VendorId,
    vendor_name: String,
    registration_number: String,
    permits: Vec<MultiplePermit>,
}

/// The cash of the day's closes: `matches` only when every clerk who issued permits closed
/// and counted the expected cash to the cent.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CashCheck {
    /// `not_counted`, `matches` or `difference`.
    state: &'static str,
    /// The closes' differences together (negative is short); 0 unless `difference`.
    difference_cents: i64,
    /// How many closes differ.
    closes: usize,
}

impl From<day_view::CashCheck> for CashCheck {
    fn from(c: day_view::CashCheck) -> CashCheck {
        match c {
            day_view::CashCheck::NotCounted => CashCheck { state: "not_counted", difference_cents: 0, closes: 0 },
            day_view::CashCheck::Matches => CashCheck { state: "matches", difference_cents: 0, closes: 0 },
            day_view::CashCheck::Difference { difference, closes } => {
                CashCheck { state: "difference", difference_cents: difference.0, closes }
            }
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    market_id: MarketId,
    day: NaiveDate,
    permits: Vec<DayPermit>,
    by_status: Vec<CodeCount>,
    by_presence: Vec<CodeCount>,
    metres: i64,
    /// The permits' money by method; `total_cents` its sum (on account included), against
    /// `due_cents`.
    money: Vec<MethodMoney>,
    total_cents: i64,
    /// Fines paid at the desk that day for this market's tickets, beside the permits.
    fines: FineMoney,
    /// Received, permits and fines: pin and cash.
    received_cents: i64,
    /// On account, permits and fines: not received.
    on_account_cents: i64,
    /// Whether the closes' counted cash matches the expected cash.
    cash: CashCheck,
    /// Clerks who issued permits that day and have not closed it.
    open_closes: Vec<String>,
    due_cents: i64,
    voided: usize,
    multiple: Vec<Multiple>,
    notes: Vec<Note>,
    closes: Vec<DayClose>,
}

impl From<day_view::DayView> for DayView {
    fn from(v: day_view::DayView) -> DayView {
        DayView {
            total_cents: v.total().0,
            received_cents: v.received().0,
            on_account_cents: v.on_account().0,
            cash: v.cash().into(),
            open_closes: v.open_closes(),
            fines: v.fines.into(),
            due_cents: v.due().0,
            voided: v.voided(),
            market_id: v.market.id,
            day: v.day,
            by_status: v.by_status.iter().map(|(s, n)| CodeCount { code: s.code(), count: *n }).collect(),
            by_presence: v.by_presence.iter().map(|(s, n)| CodeCount { code: s.code(), count: *n }).collect(),
            metres: v.metres,
            money: v.money.iter().map(|(m, c)| MethodMoney { method: *m, cents: c.0 }).collect(),
            multiple: v
                .multiple
                .into_iter()
                .map(|m| Multiple {
                    vendor_id: m.vendor,
                    vendor_name: m.vendor_name,
                    registration_number: m.registration_number.to_string(),
                    permits: m
                        .permits
                        .into_iter()
                        .map(|(market_code, invoice_number)| MultiplePermit { market_code, invoice_number })
                        .collect(),
                })
                .collect(),
            permits: v.permits.into_iter().map(Into::into).collect(),
            notes: v.notes.into_iter().map(Into::into).collect(),
            closes: v.closes.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceRow {
    vendor_id: VendorId,
    name: String,
    registration_number: String,
    status: code::RegistrationStatus,
    list_number: i64,
    intent: attendance::Intent,
    comes: bool,
    source: attendance::Source,
    reason: Option<String>,
    pattern: Option<Vec<String>>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceDay {
    day: NaiveDate,
    cutoff: DateTime<Utc>,
    after_cutoff: bool,
    rows: Vec<AttendanceRow>,
}

impl AttendanceDay {
    pub fn of(d: attendance::Day, now: DateTime<Utc>) -> AttendanceDay {
        AttendanceDay {
            after_cutoff: now >= d.cutoff,
            day: d.day,
            cutoff: d.cutoff,
            rows: d
                .rows
                .into_iter()
                .map(|r| AttendanceRow {
                    vendor_id: r.vendor,
                    name: r.name,
                    registration_number: r.registration_number.to_string(),
                    status: r.status,
                    list_number: r.list_number,
                    intent: r.intent,
                    comes: r.comes,
                    source: r.source,
                    reason: r.reason,
                    pattern: r.pattern.map(super::weekday_list),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
pub struct Absence {
    id: AbsenceId,
    from: NaiveDate,
    until: NaiveDate,
    reason: String,
}

impl From<attendance::Absence> for Absence {
    fn from(a: attendance::Absence) -> Absence {
        Absence { id: a.id, from: a.from, until: a.until, reason: a.reason }
    }
}

pub fn weekday_set(days: &[String]) -> Res<code::Weekdays> {
    super::weekdays("weekdays", days)
}

// ── Vandaag: the office's day at a glance ────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarketToday {
    market: super::MarketBrief,
    permits: usize,
    /// By method; none for a role that neither takes nor books money.
    money: Option<Vec<MethodMoney>>,
    allocation: Option<code::AllocationState>,
    /// Display names of the clerks who issued permits and have not closed their day.
    open_closes: Vec<String>,
    open_notes: usize,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarketTomorrow {
    market: super::MarketBrief,
    allocation: Option<code::AllocationState>,
}

/// What Vandaag shows; the parts a role may not act on are left out by the core.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OfficeDay {
    day: NaiveDate,
    tomorrow: NaiveDate,
    yesterday: NaiveDate,
    cutoff: DateTime<Utc>,
    cutoff_passed: bool,
    today: Vec<MarketToday>,
    /// Yesterday's markets with their money, for a role that books it (finance).
    yesterday_markets: Option<Vec<MarketToday>>,
    /// The newest finance batch and the first finished day waiting for one, for the same.
    finance: Option<FinanceDue>,
    tomorrow_markets: Option<Vec<MarketTomorrow>>,
    overdue_tickets: Option<usize>,
    /// Whether backups are shown at all (a role that makes them).
    shows_backups: bool,
    last_backup: Option<super::Backup>,
}

/// Whether finance has a batch to make.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinanceDue {
    last: Option<super::data::BatchDto>,
    /// The first finished day whose permits no batch took yet; null when none waits.
    waiting_since: Option<NaiveDate>,
}

impl From<markt::office_day::MarketToday> for MarketToday {
    fn from(m: markt::office_day::MarketToday) -> MarketToday {
        MarketToday {
            market: m.market.into(),
            permits: m.permits,
            money: m.money.map(|v| v.into_iter().map(|(method, c)| MethodMoney { method, cents: c.0 }).collect()),
            allocation: m.allocation,
            open_closes: m.open_closes,
            open_notes: m.open_notes,
        }
    }
}

impl From<markt::office_day::OfficeDay> for OfficeDay {
    fn from(o: markt::office_day::OfficeDay) -> OfficeDay {
        OfficeDay {
            day: o.day,
            tomorrow: o.tomorrow,
            yesterday: o.yesterday,
            cutoff: o.cutoff,
            cutoff_passed: o.cutoff_passed,
            today: o.today.into_iter().map(Into::into).collect(),
            yesterday_markets: o.yesterday_markets.map(|l| l.into_iter().map(Into::into).collect()),
            finance: o.finance.map(|f| FinanceDue { last: f.last.map(Into::into), waiting_since: f.waiting_since }),
            tomorrow_markets: o.tomorrow_markets.map(|l| {
                l.into_iter().map(|m| MarketTomorrow { market: m.market.into(), allocation: m.allocation }).collect()
            }),
            overdue_tickets: o.overdue_tickets,
            shows_backups: o.last_backup.is_some(),
            last_backup: o.last_backup.flatten().map(Into::into),
        }
    }
}

// ── The vendor page's permits ────────────────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorPermit {
    id: PermitId,
    invoice_number: String,
    market_code: String,
    market_name: String,
    day: NaiveDate,
    total_cents: i64,
    paid_cents: i64,
    method: Option<PaymentMethod>,
    /// The void's reason; null for a valid permit.
    voided: Option<String>,
}

/// A vendor's newest permits, how many there are, and what is open.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorPermits {
    permits: Vec<VendorPermit>,
    count: i64,
    on_account_cents: i64,
    unpaid_cents: i64,
}

impl From<permit::VendorPermits> for VendorPermits {
    fn from(p: permit::VendorPermits) -> VendorPermits {
        VendorPermits {
            permits: p
                .permits
                .into_iter()
                .map(|v| VendorPermit {
                    id: v.id,
                    invoice_number: v.invoice_number,
                    market_code: v.market_code,
                    market_name: v.market_name,
                    day: v.day,
                    total_cents: v.total.0,
                    paid_cents: v.paid.0,
                    method: v.method,
                    voided: v.voided,
                })
                .collect(),
            count: p.count,
            on_account_cents: p.on_account.0,
            unpaid_cents: p.unpaid.0,
        }
    }
}

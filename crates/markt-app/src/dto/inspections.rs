//! DTOs of controls, the daily sample and tickets (`types.ts`, section "Controls").

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use markt::code::{self, SampleReason, TicketDecision, TicketStatus};
use markt::error::Problem;
use markt::ids::*;
use markt::{control, sample, ticket};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AppError, DayPermit, Payment, Res, day, opt_day, parse, typed_money};

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ControlRec {
    id: ControlId,
    permit_id: PermitId,
    round: i64,
    presence: code::Presence,
    substitute_id: Option<VendorId>,
    /// Who stood there, when the substitute was not known.
    substitute_name: Option<String>,
    /// The violation a ticket written from this control starts with (the core's choice).
    suggested_violation: Option<String>,
    products: BTreeMap<String, i64>,
    /// Where the products seen differ from the permit's (inspections.md), by product key.
    product_differences: Vec<ProductDifference>,
    note: String,
    at: DateTime<Utc>,
}

/// A product the control saw in another quantity than the permit gives (0: not there).
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductDifference {
    key: String,
    permit: i64,
    seen: i64,
}

impl From<control::Control> for ControlRec {
    fn from(c: control::Control) -> ControlRec {
        ControlRec {
            id: c.id,
            permit_id: c.permit,
            round: c.round,
            presence: c.presence,
            substitute_id: c.substitute,
            substitute_name: c.substitute_name,
            suggested_violation: markt::ticket::violation_for(c.presence).map(str::to_string),
            products: c.products,
            product_differences: c
                .product_differences
                .into_iter()
                .map(|d| ProductDifference { key: d.key, permit: d.permit, seen: d.seen })
                .collect(),
            note: c.note,
            at: c.at,
        }
    }
}

/// A control in the vendor's history: the control with its permit's market, day, number and
/// the presence the permit was issued with.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorControl {
    #[serde(flatten)]
    control: ControlRec,
    market_code: String,
    day: NaiveDate,
    invoice_number: String,
    permit_presence: code::Presence,
}

impl From<control::VendorControl> for VendorControl {
    fn from(v: control::VendorControl) -> VendorControl {
        VendorControl {
            control: v.control.into(),
            market_code: v.market_code,
            day: v.day,
            invoice_number: v.invoice_number,
            permit_presence: v.permit_presence,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct ControlInput {
    permit_id: i64,
    round: i64,
    presence: String,
    substitute_id: Option<i64>,
    /// Who stood there, when the presence is a substitute nobody knows (the core asks).
    substitute_name: Option<String>,
    products: BTreeMap<String, i64>,
    note: String,
}

impl TryFrom<ControlInput> for control::ControlInput {
    type Error = AppError;
    fn try_from(c: ControlInput) -> Res<control::ControlInput> {
        Ok(control::ControlInput {
            permit: PermitId(c.permit_id),
            round: c.round,
            presence: parse("presence", &c.presence, code::Presence::parse)?,
            substitute: c.substitute_id.map(VendorId),
            substitute_name: c.substitute_name,
            products: c.products,
            note: c.note,
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
pub struct SampleEntry {
    permit: DayPermit,
    reason: SampleReason,
    controls: Vec<ControlRec>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ControlRound {
    sample_id: SampleId,
    seed: String,
    /// The sample size it was drawn with (stored: the market's may have changed since).
    size: u32,
    drawn_at: DateTime<Utc>,
    redraw_reason: Option<String>,
    reproduces: bool,
    entries: Vec<SampleEntry>,
}

impl From<sample::Round> for ControlRound {
    fn from(r: sample::Round) -> ControlRound {
        ControlRound {
            sample_id: r.sample.id,
            seed: r.sample.seed.to_string(),
            size: u32::try_from(r.sample.size).unwrap_or(u32::MAX),
            drawn_at: r.sample.drawn_at,
            redraw_reason: r.sample.replaces.map(|(_, reason)| reason),
            reproduces: r.reproduces,
            entries: r
                .entries
                .into_iter()
                .map(|e| SampleEntry {
                    permit: e.permit.into(),
                    reason: e.reason,
                    controls: e.controls.into_iter().map(Into::into).collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    id: ViolationId,
    code: String,
    description: String,
    article: String,
    amount_cents: i64,
    warning_first: bool,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
}

impl From<ticket::Violation> for Violation {
    fn from(v: ticket::Violation) -> Violation {
        Violation {
            id: v.id,
            code: v.code,
            description: v.description,
            article: v.article,
            amount_cents: v.amount.0,
            warning_first: v.warning_first,
            valid_from: v.valid_from,
            valid_until: v.valid_until,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct ViolationInput {
    code: String,
    description: String,
    article: String,
    amount: String,
    warning_first: bool,
    valid_from: String,
    valid_until: Option<String>,
}

impl TryFrom<ViolationInput> for ticket::ViolationInput {
    type Error = AppError;
    fn try_from(v: ViolationInput) -> Res<ticket::ViolationInput> {
        Ok(ticket::ViolationInput {
            code: v.code,
            description: v.description,
            article: v.article,
            amount: typed_money("amount", &v.amount)?,
            warning_first: v.warning_first,
            valid_from: day("validFrom", &v.valid_from)?,
            valid_until: opt_day("validUntil", &v.valid_until)?,
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    violation_code: String,
    description: String,
    article: String,
    decision: TicketDecision,
    amount_cents: i64,
    earlier: Vec<String>,
}

impl From<ticket::Decision> for Decision {
    fn from(d: ticket::Decision) -> Decision {
        Decision {
            violation_code: d.violation.code,
            description: d.violation.description,
            article: d.violation.article,
            decision: d.decision,
            amount_cents: d.amount.0,
            earlier: d.earlier,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct TicketInput {
    market_id: i64,
    day: String,
    time: String,
    stall: String,
    vendor_id: Option<i64>,
    unknown_person: Option<String>,
    permit_id: Option<i64>,
    control_id: Option<i64>,
    violation_code: String,
    note: String,
}

impl TryFrom<TicketInput> for ticket::TicketInput {
    type Error = AppError;
    fn try_from(t: TicketInput) -> Res<ticket::TicketInput> {
        Ok(ticket::TicketInput {
            market: MarketId(t.market_id),
            day: day("day", &t.day)?,
            time: NaiveTime::parse_from_str(t.time.trim(), "%H:%M")
                .map_err(|_| AppError::field("time", Problem::Format, "tijd als uu:mm, bijv. 10:45"))?,
            stall: t.stall,
            vendor: t.vendor_id.map(VendorId),
            unknown_person: t.unknown_person,
            permit: t.permit_id.map(PermitId),
            control: t.control_id.map(ControlId),
            violation_code: t.violation_code,
            note: t.note,
        })
    }
}

pub fn ticket_status(text: &str) -> Res<TicketStatus> {
    parse("status", text, TicketStatus::parse)
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketRow {
    id: TicketId,
    number: String,
    market_code: String,
    day: NaiveDate,
    time: String,
    stall: String,
    vendor_id: Option<VendorId>,
    vendor_name: Option<String>,
    registration_number: Option<String>,
    unknown_person: Option<String>,
    violation_code: String,
    violation: String,
    decision: TicketDecision,
    amount_cents: i64,
    paid_cents: i64,
    /// The day it was handed out; none while a draft.
    issued_on: Option<NaiveDate>,
    /// Issue + 30 days, or decision + 30 days after an upheld objection; none while a draft.
    due_date: Option<NaiveDate>,
    /// Issue + 6 weeks; none while a draft.
    objection_until: Option<NaiveDate>,
    status: TicketStatus,
    overdue: bool,
}

impl TicketRow {
    pub fn of(r: ticket::Row, today: NaiveDate) -> TicketRow {
        TicketRow {
            overdue: r.ticket.overdue(today) && r.paid < r.ticket.amount,
            id: r.ticket.id,
            number: r.ticket.number,
            market_code: r.market_code,
            day: r.ticket.day,
            time: r.ticket.time,
            stall: r.ticket.stall,
            vendor_id: r.ticket.vendor,
            vendor_name: r.vendor_name,
            registration_number: r.registration_number,
            unknown_person: r.ticket.unknown_person,
            violation_code: r.violation_code,
            violation: r.violation,
            decision: r.ticket.decision,
            amount_cents: r.ticket.amount.0,
            paid_cents: r.paid.0,
            issued_on: r.ticket.issued_on,
            due_date: r.ticket.due_date,
            objection_until: r.ticket.objection_until,
            status: r.ticket.status,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct TicketFilter {
    status: Option<String>,
    overdue: bool,
    market_id: Option<i64>,
    from: Option<String>,
    until: Option<String>,
    vendor_id: Option<i64>,
}

impl TicketFilter {
    pub fn to_core(&self, today: NaiveDate) -> Res<ticket::Filter> {
        Ok(ticket::Filter {
            status: self.status.as_deref().filter(|s| !s.is_empty()).map(ticket_status).transpose()?,
            overdue_on: self.overdue.then_some(today),
            market: self.market_id.map(MarketId),
            from: opt_day("from", &self.from)?,
            until: opt_day("until", &self.until)?,
            vendor: self.vendor_id.map(VendorId),
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
pub struct Photo {
    sha256: String,
    #[serde(rename = "fileName")]
    file_name: String,
}

#[derive(Serialize, TS, JsonSchema)]
pub struct HistoryStep {
    status: TicketStatus,
    reason: Option<String>,
    at: DateTime<Utc>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketDetail {
    row: TicketRow,
    note: String,
    permit_id: Option<PermitId>,
    control_id: Option<ControlId>,
    /// The permit by its number (D2026-017644), and the control by its round and time:
    /// what the page shows instead of ids.
    permit_number: Option<String>,
    control_round: Option<i64>,
    control_at: Option<DateTime<Utc>>,
    photos: Vec<Photo>,
    payments: Vec<Payment>,
    history: Vec<HistoryStep>,
}

impl TicketDetail {
    pub fn of(d: ticket::Detail, today: NaiveDate) -> TicketDetail {
        TicketDetail {
            note: d.row.ticket.note.clone(),
            permit_id: d.row.ticket.permit,
            control_id: d.row.ticket.control,
            permit_number: d.permit_number,
            control_round: d.control.as_ref().map(|c| c.round),
            control_at: d.control.map(|c| c.at),
            row: TicketRow::of(d.row, today),
            photos: d.photos.into_iter().map(|p| Photo { sha256: p.sha256, file_name: p.file_name }).collect(),
            payments: d.payments.into_iter().map(Into::into).collect(),
            history: d
                .history
                .into_iter()
                .map(|h| HistoryStep { status: h.status, reason: h.reason, at: h.at })
                .collect(),
        }
    }
}

//! The app's side of the UI contract (`ui/src/lib/backend/types.ts`): serialisable
//! counterparts of the core's types, and the conversions both ways. Codes cross as their
//! stored strings; money as integer cents (or, typed by a clerk, as text the core parses).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use markt::code::{self, UnknownCode};
use markt::error::{Error, FieldError, Problem};
use markt::ids::*;
use markt::{account, branch, fee, market, registration, tariff, vendor};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod admin;
mod counter;
mod inspections;
pub use admin::*;
pub use counter::*;
pub use inspections::*;
pub mod data;
pub mod print;

// ── Errors ───────────────────────────────────────────────────────────────────────────────

/// What a failed command gives the UI: it branches on `code`, shows `message`, and puts
/// each field error next to its field.
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppError {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldErrorDto>,
}

#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "FieldError")]
#[schemars(rename = "FieldError")]
pub struct FieldErrorDto {
    pub field: String,
    pub problem: Problem,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError { code: code.into(), message: message.into(), fields: Vec::new() }
    }

    pub fn field(field: &str, problem: Problem, message: impl Into<String>) -> AppError {
        let message = message.into();
        AppError {
            code: "invalid".into(),
            message: format!("{field}: {message}"),
            fields: vec![FieldErrorDto { field: field.into(), problem, message }],
        }
    }

    pub fn not_logged_in() -> AppError {
        AppError::new("not_logged_in", "Log eerst in.")
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> AppError {
        let fields = e
            .field_errors()
            .iter()
            .map(|f: &FieldError| FieldErrorDto {
                field: f.field.clone(),
                problem: f.problem,
                message: f.message.clone(),
            })
            .collect();
        AppError { code: e.code().into(), message: e.to_string(), fields }
    }
}

impl From<markt::error::StoreError> for AppError {
    fn from(e: markt::error::StoreError) -> AppError {
        AppError::new(e.code(), e.to_string())
    }
}

pub type Res<T> = Result<T, AppError>;

/// Parses a code sent by the UI, naming the field when it is unknown.
pub fn parse<T>(field: &str, text: &str, f: fn(&str) -> Result<T, UnknownCode>) -> Res<T> {
    f(text).map_err(|e| AppError::field(field, Problem::Unknown, e.to_string()))
}

fn day(field: &str, text: &str) -> Res<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field(field, Problem::Format, "datum als JJJJ-MM-DD"))
}

fn opt_day(field: &str, text: &Option<String>) -> Res<Option<NaiveDate>> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|t| day(field, t)).transpose()
}

fn weekdays(field: &str, days: &[String]) -> Res<code::Weekdays> {
    days.iter().try_fold(code::Weekdays::NONE, |acc, d| Ok(acc.with(parse(field, d, code::Weekday::parse)?)))
}

fn weekday_list(w: code::Weekdays) -> Vec<String> {
    w.iter().map(|d| d.code().to_string()).collect()
}

// ── Codes ────────────────────────────────────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "Code")]
#[schemars(rename = "Code")]
pub struct CodeDto {
    code: &'static str,
    nl: &'static str,
    en: &'static str,
}

macro_rules! code_list {
    ($t:ty) => {
        <$t>::ALL.iter().map(|c| CodeDto { code: c.code(), nl: c.label_nl(), en: c.label_en() }).collect()
    };
}

// After `code_list!`, which it uses.
pub mod allocation;

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Codes {
    market_kinds: Vec<CodeDto>,
    vendor_statuses: Vec<CodeDto>,
    registration_statuses: Vec<CodeDto>,
    permit_statuses: Vec<CodeDto>,
    presences: Vec<CodeDto>,
    payment_methods: Vec<CodeDto>,
    cookings: Vec<CodeDto>,
    stall_properties: Vec<CodeDto>,
    obstacle_kinds: Vec<CodeDto>,
    vat_types: Vec<CodeDto>,
    tariff_units: Vec<CodeDto>,
    product_units: Vec<CodeDto>,
    weekdays: Vec<CodeDto>,
    roles: Vec<CodeDto>,
}

pub fn codes() -> Codes {
    Codes {
        market_kinds: code_list!(code::MarketKind),
        vendor_statuses: code_list!(code::VendorStatus),
        registration_statuses: code_list!(code::RegistrationStatus),
        permit_statuses: code_list!(code::PermitStatus),
        presences: code_list!(code::Presence),
        payment_methods: code_list!(code::PaymentMethod),
        cookings: code_list!(code::Cooking),
        stall_properties: code_list!(code::StallProperty),
        obstacle_kinds: code_list!(code::ObstacleKind),
        vat_types: code_list!(code::VatType),
        tariff_units: code_list!(code::TariffUnit),
        product_units: code_list!(code::ProductUnit),
        weekdays: code_list!(code::Weekday),
        roles: code_list!(code::Role),
    }
}

// ── Start-up and session ─────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    pub state: &'static str,
    pub db_path: String,
    pub error: Option<AppError>,
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct NewAdmin {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    username: String,
    display_name: String,
    role: code::Role,
    permissions: Vec<String>,
}

impl Session {
    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    pub fn of(actor: &markt::Actor, display_name: String) -> Session {
        Session {
            username: actor.username().to_string(),
            display_name,
            role: actor.role(),
            permissions: account::Action::ALL.iter().filter(|a| actor.may(**a)).map(|a| format!("{a:?}")).collect(),
        }
    }
}

// ── Markets ──────────────────────────────────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Market {
    id: MarketId,
    code: String,
    name: String,
    kind: code::MarketKind,
    weekdays: Vec<String>,
    season_from: Option<String>,
    season_until: Option<String>,
    stall_size_m: i64,
    max_stalls_per_vendor: i64,
    sample_size: i64,
    ab_lists: bool,
    ended: bool,
    stall_count: usize,
}

/// A market named in a list that is not about its stalls (Vandaag): no stall count, which
/// such a list does not read.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarketBrief {
    id: MarketId,
    code: String,
    name: String,
    kind: code::MarketKind,
    weekdays: Vec<String>,
}

impl From<market::Market> for MarketBrief {
    fn from(m: market::Market) -> MarketBrief {
        MarketBrief { id: m.id, code: m.code, name: m.name, kind: m.kind, weekdays: weekday_list(m.weekdays) }
    }
}

impl Market {
    pub fn of(m: market::Market, stall_count: usize) -> Market {
        let (season_from, season_until) = m.season.unzip();
        Market {
            id: m.id,
            code: m.code,
            name: m.name,
            kind: m.kind,
            weekdays: weekday_list(m.weekdays),
            season_from,
            season_until,
            stall_size_m: m.stall_size_m,
            max_stalls_per_vendor: m.max_stalls_per_vendor,
            sample_size: m.sample_size,
            ab_lists: m.ab_lists,
            ended: m.ended,
            stall_count,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct MarketInput {
    code: String,
    name: String,
    kind: String,
    weekdays: Vec<String>,
    season_from: Option<String>,
    season_until: Option<String>,
    stall_size_m: i64,
    max_stalls_per_vendor: i64,
    sample_size: i64,
    ab_lists: bool,
}

impl TryFrom<MarketInput> for market::MarketInput {
    type Error = AppError;
    fn try_from(m: MarketInput) -> Res<market::MarketInput> {
        let season =
            match (m.season_from.filter(|s| !s.trim().is_empty()), m.season_until.filter(|s| !s.trim().is_empty())) {
                (Some(a), Some(b)) => Some((a.trim().to_string(), b.trim().to_string())),
                (None, None) => None,
                _ => return Err(AppError::field("season", Problem::Required, "vul begin en einde van het seizoen in")),
            };
        Ok(market::MarketInput {
            code: m.code.trim().to_string(),
            name: m.name,
            kind: parse("kind", &m.kind, code::MarketKind::parse)?,
            weekdays: weekdays("weekdays", &m.weekdays)?,
            season,
            stall_size_m: m.stall_size_m,
            max_stalls_per_vendor: m.max_stalls_per_vendor,
            sample_size: m.sample_size,
            ab_lists: m.ab_lists,
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Holder {
    vendor_id: VendorId,
    name: String,
    status: code::RegistrationStatus,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stall {
    id: StallId,
    row_id: RowId,
    number: String,
    length_m: i64,
    cooking: code::Cooking,
    evi: bool,
    active: bool,
    properties: Vec<code::StallProperty>,
    branch_ids: Vec<BranchId>,
    blocked_reason: Option<String>,
    holder: Option<Holder>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Obstacle {
    id: ObstacleId,
    before_stall_id: StallId,
    after_stall_id: StallId,
    kind: code::ObstacleKind,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    id: RowId,
    name: String,
    circular: bool,
    stalls: Vec<Stall>,
    obstacles: Vec<Obstacle>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    market: Market,
    day: NaiveDate,
    rows: Vec<Row>,
}

impl Layout {
    pub fn of(v: market::DayLayout) -> Layout {
        let count = v.layout.stall_count();
        Layout {
            day: v.day,
            rows: v
                .layout
                .rows
                .into_iter()
                .map(|r| Row {
                    id: r.row.id,
                    name: r.row.name,
                    circular: r.row.circular,
                    obstacles: r
                        .obstacles
                        .into_iter()
                        .map(|o| Obstacle {
                            id: o.id,
                            before_stall_id: o.before,
                            after_stall_id: o.after,
                            kind: o.kind,
                        })
                        .collect(),
                    stalls: r
                        .stalls
                        .into_iter()
                        .map(|s| Stall {
                            blocked_reason: v.blocked.get(&s.id).cloned(),
                            holder: v.holders.get(&s.id).map(|(vendor_id, name, status)| Holder {
                                vendor_id: *vendor_id,
                                name: name.clone(),
                                status: *status,
                            }),
                            id: s.id,
                            row_id: s.row,
                            number: s.number.to_string(),
                            length_m: s.length_m,
                            cooking: s.cooking,
                            evi: s.evi,
                            active: s.active,
                            properties: s.properties,
                            branch_ids: s.branches,
                        })
                        .collect(),
                })
                .collect(),
            market: Market::of(v.layout.market, count),
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct StallInput {
    row_id: i64,
    number: String,
    length_m: i64,
    cooking: String,
    evi: bool,
    active: bool,
    properties: Vec<String>,
    branch_ids: Vec<i64>,
}

impl TryFrom<StallInput> for market::StallInput {
    type Error = AppError;
    fn try_from(s: StallInput) -> Res<market::StallInput> {
        Ok(market::StallInput {
            row: RowId(s.row_id),
            number: s.number,
            length_m: s.length_m,
            cooking: parse("cooking", &s.cooking, code::Cooking::parse)?,
            evi: s.evi,
            active: s.active,
            properties: s
                .properties
                .iter()
                .map(|p| parse("properties", p, code::StallProperty::parse))
                .collect::<Res<_>>()?,
            branches: s.branch_ids.into_iter().map(BranchId).collect(),
        })
    }
}

pub fn obstacle_kind(kind: &str) -> Res<code::ObstacleKind> {
    parse("kind", kind, code::ObstacleKind::parse)
}

pub fn parse_day(field: &str, text: &str) -> Res<NaiveDate> {
    day(field, text)
}

pub fn parse_opt_day(field: &str, text: &Option<String>) -> Res<Option<NaiveDate>> {
    opt_day(field, text)
}

// ── Branches ─────────────────────────────────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    id: BranchId,
    code: String,
    name: String,
    colour: String,
}

impl From<branch::Branch> for Branch {
    fn from(b: branch::Branch) -> Branch {
        Branch { id: b.id, code: b.code, name: b.name, colour: b.colour }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[ts(optional_fields = nullable)]
pub struct BranchInput {
    code: String,
    name: String,
    colour: String,
}

impl From<BranchInput> for branch::BranchInput {
    fn from(b: BranchInput) -> branch::BranchInput {
        branch::BranchInput { code: b.code, name: b.name, colour: b.colour }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarketBranchRule {
    branch_id: BranchId,
    max_stalls: Option<i64>,
    mandatory: bool,
}

impl From<branch::MarketBranch> for MarketBranchRule {
    fn from(r: branch::MarketBranch) -> MarketBranchRule {
        MarketBranchRule { branch_id: r.branch, max_stalls: r.max_stalls, mandatory: r.mandatory }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct RuleInput {
    pub max_stalls: Option<i64>,
    pub mandatory: bool,
}

// ── Vendors ──────────────────────────────────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorRow {
    id: VendorId,
    registration_number: String,
    name: String,
    sort_name: String,
    status: code::VendorStatus,
    enforcement: bool,
    /// The vendor's registration at the market the search named; null when it has none
    /// there (or no market was named).
    registration: Option<RowRegistration>,
}

/// A search result's registration at the market of the search.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RowRegistration {
    status: code::RegistrationStatus,
    list_number: i64,
}

impl VendorRow {
    /// A vendor found without a market (by number or pass at the counter).
    pub fn of(v: vendor::Vendor, today: NaiveDate) -> VendorRow {
        VendorRow::of_hit(vendor::SearchHit { vendor: v, registration: None }, today)
    }

    pub fn of_hit(hit: vendor::SearchHit, today: NaiveDate) -> VendorRow {
        let v = hit.vendor;
        VendorRow {
            enforcement: v.enforcement_on(today),
            name: v.name(),
            sort_name: v.sort_name(),
            id: v.id,
            registration_number: v.registration_number.to_string(),
            status: v.status,
            registration: hit.registration.map(|r| RowRegistration { status: r.status, list_number: r.list_number }),
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
pub struct Page<T> {
    items: Vec<T>,
    total: i64,
}

impl<T> Page<T> {
    pub fn of<U>(p: vendor::Page<U>, f: impl Fn(U) -> T) -> Page<T> {
        Page { items: p.items.into_iter().map(f).collect(), total: p.total }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Vendor {
    id: VendorId,
    registration_number: String,
    initials: String,
    infix: String,
    surname: String,
    email: String,
    phone: String,
    pass_id: String,
    status: code::VendorStatus,
    enforcement_until: Option<NaiveDate>,
    name: String,
}

impl From<vendor::Vendor> for Vendor {
    fn from(v: vendor::Vendor) -> Vendor {
        Vendor {
            name: v.name(),
            id: v.id,
            registration_number: v.registration_number.to_string(),
            initials: v.initials,
            infix: v.infix,
            surname: v.surname,
            email: v.email,
            phone: v.phone,
            pass_id: v.pass_id.unwrap_or_default(),
            status: v.status,
            enforcement_until: v.enforcement_until,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct VendorInput {
    registration_number: String,
    initials: String,
    infix: String,
    surname: String,
    email: String,
    phone: String,
    pass_id: String,
    status: String,
    enforcement_until: Option<String>,
}

impl TryFrom<VendorInput> for vendor::VendorInput {
    type Error = AppError;
    fn try_from(v: VendorInput) -> Res<vendor::VendorInput> {
        Ok(vendor::VendorInput {
            registration_number: v.registration_number,
            initials: v.initials,
            infix: v.infix,
            surname: v.surname,
            email: v.email,
            phone: v.phone,
            pass_id: v.pass_id,
            status: Some(parse("status", &v.status, code::VendorStatus::parse)?),
            enforcement_until: opt_day("enforcementUntil", &v.enforcement_until)?,
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationProduct {
    product_id: ProductId,
    key: String,
    label: String,
    quantity: i64,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    id: RegistrationId,
    market_id: MarketId,
    market_code: String,
    market_name: String,
    list_number: i64,
    status: code::RegistrationStatus,
    registered_on: NaiveDate,
    voided: bool,
    void_reason: Option<String>,
    /// A `tvplz`'s number of places (null for every other status).
    places: Option<i64>,
    stall_ids: Vec<StallId>,
    stall_numbers: Vec<String>,
    products: Vec<RegistrationProduct>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Substitute {
    id: SubstituteId,
    substitute_id: VendorId,
    name: String,
    registration_number: String,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorDetail {
    vendor: Vendor,
    registrations: Vec<Registration>,
    substitutes: Vec<Substitute>,
    substitute_for: Vec<Substitute>,
}

impl From<vendor::VendorPage> for VendorDetail {
    fn from(p: vendor::VendorPage) -> VendorDetail {
        let sub = |s: vendor::Substitute, other: &vendor::Vendor| Substitute {
            id: s.id,
            substitute_id: other.id,
            name: other.name(),
            registration_number: other.registration_number.to_string(),
            valid_from: s.valid_from,
            valid_until: s.valid_until,
        };
        VendorDetail {
            vendor: p.vendor.into(),
            registrations: p
                .registrations
                .into_iter()
                .map(|r| Registration {
                    id: r.registration.id,
                    market_id: r.registration.market,
                    market_code: r.market_code,
                    market_name: r.market_name,
                    list_number: r.registration.list_number,
                    status: r.registration.status,
                    registered_on: r.registration.registered_on,
                    voided: r.registration.voided,
                    void_reason: r.registration.void_reason,
                    places: r.registration.places,
                    stall_ids: r.registration.stalls,
                    stall_numbers: r.stall_numbers,
                    products: r
                        .products
                        .into_iter()
                        .map(|(p, quantity)| RegistrationProduct {
                            product_id: p.id,
                            key: p.key,
                            label: p.label,
                            quantity,
                        })
                        .collect(),
                })
                .collect(),
            substitutes: p.substitutes.into_iter().map(|(s, v)| sub(s, &v)).collect(),
            substitute_for: p.substitute_for.into_iter().map(|(s, v)| sub(s, &v)).collect(),
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct ProductQuantity {
    product_id: i64,
    quantity: i64,
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct RegistrationInput {
    vendor_id: i64,
    market_id: i64,
    list_number: i64,
    status: String,
    registered_on: String,
    /// Only for a `tvplz`: the number of places it holds.
    places: Option<i64>,
    stall_ids: Vec<i64>,
    products: Vec<ProductQuantity>,
}

impl TryFrom<RegistrationInput> for registration::RegistrationInput {
    type Error = AppError;
    fn try_from(r: RegistrationInput) -> Res<registration::RegistrationInput> {
        Ok(registration::RegistrationInput {
            vendor: VendorId(r.vendor_id),
            market: MarketId(r.market_id),
            list_number: r.list_number,
            status: parse("status", &r.status, code::RegistrationStatus::parse)?,
            registered_on: day("registeredOn", &r.registered_on)?,
            places: r.places,
            stalls: r.stall_ids.into_iter().map(StallId).collect(),
            products: r.products.into_iter().map(|p| (ProductId(p.product_id), p.quantity)).collect(),
        })
    }
}

// ── Tariffs ──────────────────────────────────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
pub struct VatRate {
    vat: code::VatType,
    from: NaiveDate,
    percent: String,
}

impl From<tariff::VatRate> for VatRate {
    fn from(r: tariff::VatRate) -> VatRate {
        VatRate { vat: r.vat, from: r.from, percent: markt::Percent(r.percent).to_string() }
    }
}

pub fn vat_type(text: &str) -> Res<code::VatType> {
    parse("vat", text, code::VatType::parse)
}

/// "21", "6,5", "6.5" → hundredths of a percent.
pub fn percent(text: &str) -> Res<markt::Percent> {
    let cents = markt::Cents::parse_nl(&text.replace('.', ","))
        .map_err(|e| AppError::field("percent", Problem::Format, e.to_string()))?;
    u32::try_from(cents.0)
        .map(markt::Percent)
        .map_err(|_| AppError::field("percent", Problem::OutOfRange, "niet negatief"))
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TariffKind {
    id: TariffKindId,
    code: String,
    invoice_label: String,
    unit: code::TariffUnit,
    vat: code::VatType,
    ledger_code: String,
    vat_code: String,
}

impl From<tariff::TariffKind> for TariffKind {
    fn from(k: tariff::TariffKind) -> TariffKind {
        TariffKind {
            id: k.id,
            code: k.code,
            invoice_label: k.invoice_label,
            unit: k.unit,
            vat: k.vat,
            ledger_code: k.ledger_code,
            vat_code: k.vat_code,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct TariffKindInput {
    code: String,
    invoice_label: String,
    unit: String,
    vat: String,
    ledger_code: String,
    vat_code: String,
}

impl TryFrom<TariffKindInput> for tariff::TariffKindInput {
    type Error = AppError;
    fn try_from(k: TariffKindInput) -> Res<tariff::TariffKindInput> {
        Ok(tariff::TariffKindInput {
            code: k.code,
            invoice_label: k.invoice_label,
            unit: parse("unit", &k.unit, code::TariffUnit::parse)?,
            vat: parse("vat", &k.vat, code::VatType::parse)?,
            ledger_code: k.ledger_code,
            vat_code: k.vat_code,
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    id: ProductId,
    key: String,
    label: String,
    unit: code::ProductUnit,
    factor: i64,
    kind_id: Option<TariffKindId>,
    always: bool,
    position: i64,
}

impl From<tariff::Product> for Product {
    fn from(p: tariff::Product) -> Product {
        Product {
            id: p.id,
            key: p.key,
            label: p.label,
            unit: p.unit,
            factor: p.factor,
            kind_id: p.kind,
            always: p.always,
            position: p.position,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct ProductInput {
    key: String,
    label: String,
    unit: String,
    factor: i64,
    kind_id: Option<i64>,
    always: bool,
    position: i64,
}

impl TryFrom<ProductInput> for tariff::ProductInput {
    type Error = AppError;
    fn try_from(p: ProductInput) -> Res<tariff::ProductInput> {
        Ok(tariff::ProductInput {
            key: p.key,
            label: p.label,
            unit: parse("unit", &p.unit, code::ProductUnit::parse)?,
            factor: p.factor,
            kind: p.kind_id.map(TariffKindId),
            always: p.always,
            position: p.position,
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    kind_id: TariffKindId,
    rate_cents: i64,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TariffPlan {
    id: TariffPlanId,
    market_id: MarketId,
    name: String,
    from: NaiveDate,
    until: Option<NaiveDate>,
    weekdays: Option<Vec<String>>,
    ignore_fixed: bool,
    rates: Vec<Rate>,
}

impl From<tariff::TariffPlan> for TariffPlan {
    fn from(p: tariff::TariffPlan) -> TariffPlan {
        TariffPlan {
            id: p.id,
            market_id: p.market,
            name: p.name,
            from: p.from,
            until: p.until,
            weekdays: p.weekdays.map(weekday_list),
            ignore_fixed: p.ignore_fixed,
            rates: p.rates.into_iter().map(|(kind_id, r)| Rate { kind_id, rate_cents: r.0 }).collect(),
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct RateInput {
    kind_id: i64,
    rate: String,
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct TariffPlanInput {
    market_id: i64,
    name: String,
    from: String,
    until: Option<String>,
    weekdays: Option<Vec<String>>,
    ignore_fixed: bool,
    rates: Vec<RateInput>,
}

impl TryFrom<TariffPlanInput> for tariff::TariffPlanInput {
    type Error = AppError;
    fn try_from(p: TariffPlanInput) -> Res<tariff::TariffPlanInput> {
        let rates = p
            .rates
            .iter()
            .enumerate()
            .map(|(i, r)| {
                markt::Cents::parse_nl(&r.rate)
                    .map(|c| (TariffKindId(r.kind_id), c))
                    .map_err(|e| AppError::field(&format!("rates[{i}]"), Problem::Format, e.to_string()))
            })
            .collect::<Res<_>>()?;
        Ok(tariff::TariffPlanInput {
            market: MarketId(p.market_id),
            name: p.name,
            from: day("from", &p.from)?,
            until: opt_day("until", &p.until)?,
            weekdays: p.weekdays.as_deref().map(|w| weekdays("weekdays", w)).transpose()?,
            ignore_fixed: p.ignore_fixed,
            rates,
        })
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct QuoteRequest {
    market_id: i64,
    day: String,
    status: String,
    fixed: BTreeMap<String, i64>,
    requested: BTreeMap<String, i64>,
}

impl QuoteRequest {
    pub fn market(&self) -> MarketId {
        MarketId(self.market_id)
    }
}

impl TryFrom<&QuoteRequest> for fee::QuoteRequest {
    type Error = AppError;
    fn try_from(q: &QuoteRequest) -> Res<fee::QuoteRequest> {
        Ok(fee::QuoteRequest {
            market_day: day("day", &q.day)?,
            status: parse("status", &q.status, code::PermitStatus::parse)?,
            fixed: q.fixed.clone(),
            requested: q.requested.clone(),
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteLine {
    label: String,
    fixed: bool,
    quantity: i64,
    price_cents: i64,
    vat_percent: String,
    excl_cents: i64,
    vat_cents: i64,
    incl_cents: i64,
}

impl QuoteLine {
    pub fn of_invoice_line(l: markt::permit::InvoiceLine) -> QuoteLine {
        QuoteLine {
            vat_percent: l.vat_percent().to_string(),
            label: l.label,
            fixed: l.fixed,
            quantity: l.quantity,
            price_cents: l.price.0,
            excl_cents: l.excl.0,
            vat_cents: l.vat.0,
            incl_cents: l.incl.0,
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    plan: String,
    lines: Vec<QuoteLine>,
    total_excl_cents: i64,
    total_vat_cents: i64,
    total_incl_cents: i64,
}

impl From<fee::Quote> for Quote {
    fn from(q: fee::Quote) -> Quote {
        Quote {
            plan: q.plan,
            lines: q
                .lines
                .into_iter()
                .map(|l| QuoteLine {
                    label: l.label,
                    fixed: l.fixed,
                    quantity: l.quantity,
                    price_cents: l.price.0,
                    vat_percent: l.vat_percent.to_string(),
                    excl_cents: l.excl.0,
                    vat_cents: l.vat.0,
                    incl_cents: l.incl.0,
                })
                .collect(),
            total_excl_cents: q.total_excl.0,
            total_vat_cents: q.total_vat.0,
            total_incl_cents: q.total_incl.0,
        }
    }
}

// ── Accounts ─────────────────────────────────────────────────────────────────────────────

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    id: AccountId,
    username: String,
    display_name: String,
    role: code::Role,
    active: bool,
    locked: bool,
}

impl From<account::Account> for Account {
    fn from(a: account::Account) -> Account {
        Account {
            locked: a.locked(),
            id: a.id,
            username: a.username,
            display_name: a.display_name,
            role: a.role,
            active: a.active,
        }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct AccountInput {
    username: String,
    display_name: String,
    role: String,
    password: String,
}

impl TryFrom<AccountInput> for account::NewAccount {
    type Error = AppError;
    fn try_from(a: AccountInput) -> Res<account::NewAccount> {
        Ok(account::NewAccount {
            username: a.username,
            display_name: a.display_name,
            role: parse("role", &a.role, code::Role::parse)?,
            password: a.password,
        })
    }
}

/// The office's letterhead: its name, address (lines), phone and IBAN.
#[derive(Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OfficeSettings {
    name: String,
    address: String,
    phone: String,
    iban: String,
}

impl From<markt::office::Office> for OfficeSettings {
    fn from(o: markt::office::Office) -> OfficeSettings {
        OfficeSettings { name: o.name, address: o.address, phone: o.phone, iban: o.iban }
    }
}

impl From<OfficeSettings> for markt::office::Office {
    fn from(o: OfficeSettings) -> markt::office::Office {
        markt::office::Office { name: o.name, address: o.address, phone: o.phone, iban: o.iban }
    }
}

pub fn list<T, U: Into<T>>(items: Vec<U>) -> Vec<T> {
    items.into_iter().map(Into::into).collect()
}

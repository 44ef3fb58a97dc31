//! The reports of reports.md "Reports in the app": attendance obligation of fixed holders
//! and of applicants, multiple permits per day, occupancy, revenue. Each is a
//! [`Table`] — title, columns, rows, totals — that the app draws as a table and a chart,
//! that exports to CSV in both dialects ([`Table::write_csv`]) and that a printed (PDF)
//! table renders as it is. Reports read; they need no role.
//!
//! Rules where reports.md leaves a choice:
//! - **Weeks are ISO weeks, and a week belongs to the quarter (and the year) of its
//!   Thursday.** The week of 28 September – 4 October 2026 is a week of the fourth quarter
//!   (its Thursday is 1 October) and all its permits count there, also those of Monday 28
//!   and Tuesday 29 September. So a quarter has 13 or 14 weeks (2026 Q4 has 14).
//! - **A week was held** on a market when the market issued at least one valid permit in
//!   it. A market that ended (or a week without a market: a holiday) counts only the weeks
//!   it was held; no one falls short for weeks without a market.
//! - **Attendance obligation** (fixed holders, every status but `soll`, registrations
//!   active now): present in a week with ≥ 3 valid permits on a daily market, ≥ 1 on a
//!   weekly or seasonal one; required: ceil(weeks held × 10 / 13), counting only weeks
//!   whose Thursday is on or after the registration date.
//! - **Applicants** (`soll`) meet the obligation with ≥ 4 valid permits on the market in the
//!   year 1 October – 30 September.
//! - **Occupancy**: stalls used (distinct stall numbers of the market on valid permits)
//!   against stalls available (active stalls not blocked that day), per held market day or
//!   per week (summed over its market days). "Active" is the stall's flag today.
//! - **Revenue**: the invoice lines of valid permits (voided ones are out; fines are not
//!   market fees), by market day's ISO week or calendar month, split by tariff kind or by
//!   the permit's payment method as it stands; both splits add up to the same totals.
//! - **Tickets** of the period (by the day of the violation), per market and violation:
//!   drafts and voided tickets are not counted (a draft was never handed out, a voided one
//!   never counts). A fine is *open* while it is issued, under objection or upheld and not
//!   paid in full; *overdue* as `Ticket::overdue` says (issued or upheld, past its due date)
//!   and not paid in full, on the `today` the caller passes. Withdrawn fines count as
//!   tickets but not in the fined amount.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Days, IsoWeek, NaiveDate, Weekday};

use crate::account::{Action, Actor};
use crate::code::{MarketKind, PaymentMethod};
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::export::{Cell, Column, Table};
use crate::ids::{MarketId, VendorId};
use crate::market::Market;
use crate::money::{Cents, Percent};

/// A quarter of a calendar year: `2026-Q4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u32,
}

impl Quarter {
    /// `2026-Q4`, `2026Q4`, `2026-4`, `2026 K4`.
    pub fn parse(text: &str) -> Result<Quarter> {
        let t = text.trim().to_uppercase();
        let bad = || Error::invalid("quarter", Problem::Format, format!("‘{text}’ is geen kwartaal (bijv. 2026-Q4)"));
        let (y, q) = t.split_at(4.min(t.len()));
        let year: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q.trim_start_matches([' ', '-']).trim_start_matches(['Q', 'K']).parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }

    pub fn of(day: NaiveDate) -> Quarter {
        Quarter { year: day.year(), q: day.month0() / 3 + 1 }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.q - 1) * 3 + 1, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        let next = if self.q == 4 { Quarter { year: self.year + 1, q: 1 } } else { Quarter { q: self.q + 1, ..self } };
        next.first_day().pred_opt().unwrap_or_default()
    }

    /// The Mondays of its weeks: every ISO week whose Thursday falls in the quarter.
    pub fn weeks(self) -> Vec<NaiveDate> {
        weeks_of(self.first_day(), self.last_day())
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

/// The market year of the applicants' rule: 1 October `start` – 30 September `start + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MarketYear {
    pub start: i32,
}

impl MarketYear {
    /// `2025/2026` or `2025-2026`.
    pub fn parse(text: &str) -> Result<MarketYear> {
        let bad = || Error::invalid("year", Problem::Format, format!("‘{text}’ is geen marktjaar (bijv. 2025/2026)"));
        let (a, b) = text.trim().split_once(['/', '-']).ok_or_else(bad)?;
        let (a, b): (i32, i32) = (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?);
        if b != a + 1 {
            return Err(bad());
        }
        Ok(MarketYear { start: a })
    }

    pub fn of(day: NaiveDate) -> MarketYear {
        MarketYear { start: if day.month() >= 10 { day.year() } else { day.year() - 1 } }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start, 10, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start + 1, 9, 30).unwrap_or_default()
    }
}

impl std::fmt::Display for MarketYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.start, self.start + 1)
    }
}

/// The Mondays of the ISO weeks whose Thursday lies in `from..=until`.
pub fn weeks_of(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    let mut thursday = from;
    while thursday.weekday() != Weekday::Thu {
        thursday = thursday + Days::new(1);
    }
    let mut out = Vec::new();
    while thursday <= until {
        out.push(thursday - Days::new(3));
        thursday = thursday + Days::new(7);
    }
    out
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// `2026-W53`: the ISO week, named by its ISO year.
pub fn week_label(day: NaiveDate) -> String {
    let w: IsoWeek = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// How a period report groups days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period> {
        match text.trim() {
            "day" | "dag" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" | "maand" => Ok(Period::Month),
            o => Err(Error::invalid("by", Problem::Unknown, format!("onbekende indeling ‘{o}’ (day, week, month)"))),
        }
    }

    /// The period holding `day` as (sort key, label): the key sorts (`2026-W36`, `2026-08`),
    /// the label reads in Dutch (`week 36`, `aug 2026`). A week's label names its ISO year
    /// only when the report spans more than one (`week 1 2027`), so two weeks never share a
    /// label. A day stays ISO: the UI and the CSV show it as a date.
    fn of(self, day: NaiveDate, span: (NaiveDate, NaiveDate)) -> (String, String) {
        match self {
            Period::Day => (day.format("%Y-%m-%d").to_string(), day.format("%Y-%m-%d").to_string()),
            Period::Week => {
                let one_year = span.0.iso_week().year() == span.1.iso_week().year();
                (week_label(day), week_label_nl(day, one_year))
            }
            Period::Month => (day.format("%Y-%m").to_string(), month_label_nl(day)),
        }
    }
}

/// `week 36`, or with its ISO year `week 1 2027`.
pub fn week_label_nl(day: NaiveDate, without_year: bool) -> String {
    let w: IsoWeek = day.iso_week();
    if without_year { format!("week {}", w.week()) } else { format!("week {} {}", w.week(), w.year()) }
}

/// `aug 2026`: the month's short Dutch name and its year.
pub fn month_label_nl(day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    format!("{} {}", MONTHS[day.month0() as usize], day.year())
}

/// What revenue is split by besides market and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    None,
    TariffKind,
    PaymentMethod,
}

impl Split {
    pub fn parse(text: &str) -> Result<Split> {
        match text.trim() {
            "none" | "" => Ok(Split::None),
            "kind" | "tariff_kind" => Ok(Split::TariffKind),
            "method" | "payment_method" => Ok(Split::PaymentMethod),
            o => Err(Error::invalid(
                "split",
                Problem::Unknown,
                format!("onbekende splitsing ‘{o}’ (none, kind, method)"),
            )),
        }
    }
}

/// Every report, for a caller (the app, the CLI) that makes any of them in one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRequest {
    Obligation {
        quarter: Quarter,
        markets: Vec<MarketId>,
    },
    Applicants {
        year: MarketYear,
        markets: Vec<MarketId>,
    },
    Multiple {
        from: NaiveDate,
        until: NaiveDate,
        markets: Vec<MarketId>,
    },
    Occupancy {
        from: NaiveDate,
        until: NaiveDate,
        markets: Vec<MarketId>,
        by: Period,
    },
    Revenue {
        from: NaiveDate,
        until: NaiveDate,
        markets: Vec<MarketId>,
        by: Period,
        split: Split,
    },
    /// `today` decides what is overdue (the core reads no clock).
    Tickets {
        from: NaiveDate,
        until: NaiveDate,
        markets: Vec<MarketId>,
        today: NaiveDate,
    },
}

impl ReportRequest {
    /// What the request covers, as a file name carries it: `2026-08-01-2026-08-31` (a single
    /// day once), `2026-Q4`, `2025-2026`.
    pub fn period_text(&self) -> String {
        match self {
            ReportRequest::Obligation { quarter, .. } => quarter.to_string(),
            ReportRequest::Applicants { year, .. } => format!("{}-{}", year.start, year.start + 1),
            ReportRequest::Multiple { from, until, .. }
            | ReportRequest::Occupancy { from, until, .. }
            | ReportRequest::Revenue { from, until, .. }
            | ReportRequest::Tickets { from, until, .. } => {
                if from == until {
                    from.to_string()
                } else {
                    format!("{from}-{until}")
                }
            }
        }
    }
}

/// A report as a caller names it (the app's form, the CLI's options): the report's code
/// and whatever it was given, the defaults left to [`ReportSpec::request`]. The one place
/// that knows which report needs what, so the app and the CLI cannot differ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSpec<'a> {
    /// `obligation`, `applicants`, `multiple`, `occupancy`, `revenue`, `tickets`.
    pub report: &'a str,
    /// Empty: every market.
    pub markets: Vec<MarketId>,
    /// obligation: `2026-Q4`.
    pub quarter: Option<&'a str>,
    /// applicants: `2025/2026`.
    pub year: Option<&'a str>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// occupancy: `day` (default) or `week`; revenue: `week` or `month` (default).
    pub by: Option<&'a str>,
    /// revenue: `none` (default), `kind`, `method`.
    pub split: Option<&'a str>,
}

/// The read action a report needs: the lists of vendors need [`Action::ReadVendors`],
/// occupancy [`Action::ReadMarketDay`], revenue and fines (money, no names)
/// [`Action::ReadFinance`]. `None` for an unknown code.
pub fn action_of(report: &str) -> Option<Action> {
    match report {
        "obligation" | "applicants" | "multiple" => Some(Action::ReadVendors),
        "occupancy" => Some(Action::ReadMarketDay),
        "revenue" | "tickets" => Some(Action::ReadFinance),
        _ => None,
    }
}

/// The reports' codes, in the order the app and the CLI list them.
pub const REPORTS: &[&str] = &["obligation", "applicants", "multiple", "occupancy", "revenue", "tickets"];

impl ReportSpec<'_> {
    /// The request, or every missing or bad field at once. `today` decides what is overdue.
    pub fn request(&self, today: NaiveDate) -> Result<ReportRequest> {
        let markets = self.markets.clone();
        let mut v = Validator::new();
        let mut needs = |field: &str, present: bool, example: &str| {
            if !present {
                v.fail(field, Problem::Required, format!("verplicht voor dit overzicht (bijv. {example})"));
            }
        };
        match self.report {
            "obligation" => needs("quarter", self.quarter.is_some(), "2026-Q4"),
            "applicants" => needs("year", self.year.is_some(), "2025/2026"),
            "multiple" | "occupancy" | "revenue" | "tickets" => {
                needs("from", self.from.is_some(), "01-09-2026");
                needs("until", self.until.is_some(), "30-11-2026");
            }
            other => v.fail(
                "report",
                Problem::Unknown,
                format!("onbekend overzicht ‘{other}’ (kies uit {})", REPORTS.join(", ")),
            ),
        }
        v.finish()?;
        let (from, until) = (self.from.unwrap_or_default(), self.until.unwrap_or_default());
        Ok(match self.report {
            "obligation" => {
                ReportRequest::Obligation { quarter: Quarter::parse(self.quarter.unwrap_or_default())?, markets }
            }
            "applicants" => {
                ReportRequest::Applicants { year: MarketYear::parse(self.year.unwrap_or_default())?, markets }
            }
            "multiple" => ReportRequest::Multiple { from, until, markets },
            "occupancy" => {
                ReportRequest::Occupancy { from, until, markets, by: Period::parse(self.by.unwrap_or("day"))? }
            }
            "revenue" => ReportRequest::Revenue {
                from,
                until,
                markets,
                by: Period::parse(self.by.unwrap_or("month"))?,
                split: Split::parse(self.split.unwrap_or("none"))?,
            },
            _ => ReportRequest::Tickets { from, until, markets, today },
        })
    }
}

pub fn run(store: &mut Store, actor: &Actor, request: &ReportRequest) -> Result<Table> {
    match request {
        ReportRequest::Obligation { quarter, markets } => obligation(store, actor, *quarter, markets),
        ReportRequest::Applicants { year, markets } => applicants(store, actor, *year, markets),
        ReportRequest::Multiple { from, until, markets } => multiple(store, actor, *from, *until, markets),
        ReportRequest::Occupancy { from, until, markets, by } => occupancy(store, actor, *from, *until, markets, *by),
        ReportRequest::Revenue { from, until, markets, by, split } => {
            revenue(store, actor, *from, *until, markets, *by, *split)
        }
        ReportRequest::Tickets { from, until, markets, today } => tickets(store, actor, *from, *until, markets, *today),
    }
}

fn check_period(from: NaiveDate, until: NaiveDate) -> Result<()> {
    let mut v = Validator::new();
    v.check("until", until >= from, Problem::OutOfRange, "de einddatum ligt voor de begindatum");
    v.finish()
}

/// The markets asked for (all when none), by code; ended ones included (reports keep them).
fn chosen(c: &crate::db::Connection, ids: &[MarketId]) -> Result<Vec<Market>> {
    let mut all = db::market::list(c)?;
    all.sort_by(|a, b| a.code.cmp(&b.code));
    let mut v = Validator::new();
    for (i, id) in ids.iter().enumerate() {
        v.check(&format!("markets[{i}]"), all.iter().any(|m| m.id == *id), Problem::Unknown, "onbekende markt");
    }
    v.finish()?;
    Ok(all.into_iter().filter(|m| ids.is_empty() || ids.contains(&m.id)).collect())
}

fn market_names(markets: &[Market]) -> String {
    markets.iter().map(|m| m.code.as_str()).collect::<Vec<_>>().join(", ")
}

fn span(from: NaiveDate, until: NaiveDate) -> String {
    format!("{} t/m {}", crate::time::show_date(from), crate::time::show_date(until))
}

/// Vendors by id, read once each.
struct Vendors(HashMap<VendorId, crate::vendor::Vendor>);

impl Vendors {
    fn get<'a>(&'a mut self, c: &crate::db::Connection, id: VendorId) -> Result<Option<&'a crate::vendor::Vendor>> {
        if !self.0.contains_key(&id)
            && let Some(v) = db::vendor::get(c, id)?
        {
            self.0.insert(id, v);
        }
        Ok(self.0.get(&id))
    }
}

// ── Attendance obligation ────────────────────────────────────────────────────────────────

/// Permits a week needs to count as present on a market of this kind.
pub fn permits_for_a_week(kind: MarketKind) -> usize {
    match kind {
        MarketKind::Daily => 3,
        MarketKind::Weekly | MarketKind::Seasonal => 1,
    }
}

/// ceil(weeks × 10 / 13).
pub fn required_weeks(weeks_held: usize) -> usize {
    (weeks_held * 10).div_ceil(13)
}

pub fn obligation(store: &mut Store, actor: &Actor, quarter: Quarter, markets: &[MarketId]) -> Result<Table> {
    actor.require(Action::ReadVendors)?;
    let weeks = quarter.weeks();
    let (first, last) = (weeks[0], weeks[weeks.len() - 1] + Days::new(6));
    let mut rows = Vec::new();
    let (mut held_total, mut present_total, mut required_total, mut met_total) = (0i64, 0i64, 0i64, 0i64);
    let chosen_markets = store.read(|c| {
        let markets = chosen(c, markets)?;
        let permits = db::figures::valid_permits(c, first, last)?;
        let mut vendors = Vendors(HashMap::new());
        for m in &markets {
            // Permits per (vendor, week) and the weeks the market was held.
            let mut per_week: HashMap<(VendorId, NaiveDate), usize> = HashMap::new();
            let mut held: BTreeSet<NaiveDate> = BTreeSet::new();
            for p in permits.iter().filter(|p| p.market == m.id) {
                let w = monday(p.day);
                held.insert(w);
                *per_week.entry((p.vendor, w)).or_default() += 1;
            }
            let need = permits_for_a_week(m.kind);
            for r in db::registration::active_of_market(c, m.id)? {
                if !r.status.is_fixed() {
                    continue;
                }
                let counted: Vec<NaiveDate> =
                    held.iter().copied().filter(|w| *w + Days::new(3) >= r.registered_on).collect();
                let present =
                    counted.iter().filter(|w| per_week.get(&(r.vendor, **w)).copied().unwrap_or(0) >= need).count();
                let required = required_weeks(counted.len());
                let Some(v) = vendors.get(c, r.vendor)? else { continue };
                held_total += counted.len() as i64;
                present_total += present as i64;
                required_total += required as i64;
                met_total += i64::from(present >= required);
                rows.push(vec![
                    Cell::text(m.code.clone()),
                    Cell::Int(r.list_number),
                    Cell::text(v.registration_number.to_string()),
                    Cell::text(v.name()),
                    Cell::text(r.status.code()),
                    Cell::Int(counted.len() as i64),
                    Cell::Int(present as i64),
                    Cell::Int(required as i64),
                    Cell::Bool(present >= required),
                    Cell::Int(required.saturating_sub(present) as i64),
                ]);
            }
        }
        Ok(markets)
    })?;
    Ok(Table {
        title: format!("Staanverplichting vaste plaatshouders {}", quarter_nl(quarter)),
        subtitle: format!(
            "{}; {} weken ({} t/m {}, een week hoort bij het kwartaal van haar donderdag); een week telt met ≥ 3 \
             vergunningen op een dagmarkt, ≥ 1 op een weekmarkt; vereist: 10 van elke 13 gehouden weken",
            market_names(&chosen_markets),
            weeks.len(),
            week_label(first),
            week_label(last)
        ),
        columns: vec![
            Column::new("market", "Markt"),
            Column::new("list_number", "Sollicitatienummer"),
            Column::new("registration_number", "Erkenningsnummer"),
            Column::new("vendor_name", "Naam"),
            Column::new("status", "Status"),
            Column::new("weeks_held", "Weken gehouden"),
            Column::new("weeks_present", "Weken aanwezig"),
            Column::new("weeks_required", "Vereist"),
            Column::new("met", "Voldaan"),
            Column::new("short", "Tekort"),
        ],
        totals: Some(vec![
            Cell::text("Totaal"),
            Cell::Int(rows.len() as i64),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Int(held_total),
            Cell::Int(present_total),
            Cell::Int(required_total),
            Cell::Int(met_total),
            Cell::Empty,
        ]),
        rows,
    })
}

fn quarter_nl(q: Quarter) -> String {
    format!("{} kwartaal {}", ["eerste", "tweede", "derde", "vierde"][(q.q as usize - 1).min(3)], q.year)
}

/// Applicants meet the obligation with at least this many permits in the market year.
pub const APPLICANT_PERMITS: i64 = 4;

pub fn applicants(store: &mut Store, actor: &Actor, year: MarketYear, markets: &[MarketId]) -> Result<Table> {
    actor.require(Action::ReadVendors)?;
    let mut rows = Vec::new();
    let (mut total, mut met) = (0i64, 0i64);
    let chosen_markets = store.read(|c| {
        let markets = chosen(c, markets)?;
        let permits = db::figures::valid_permits(c, year.first_day(), year.last_day())?;
        let mut count: HashMap<(MarketId, VendorId), i64> = HashMap::new();
        for p in &permits {
            *count.entry((p.market, p.vendor)).or_default() += 1;
        }
        let mut vendors = Vendors(HashMap::new());
        for m in &markets {
            for r in db::registration::active_of_market(c, m.id)? {
                if r.status.is_fixed() {
                    continue;
                }
                let n = count.get(&(m.id, r.vendor)).copied().unwrap_or(0);
                let Some(v) = vendors.get(c, r.vendor)? else { continue };
                total += n;
                met += i64::from(n >= APPLICANT_PERMITS);
                rows.push(vec![
                    Cell::text(m.code.clone()),
                    Cell::Int(r.list_number),
                    Cell::text(v.registration_number.to_string()),
                    Cell::text(v.name()),
                    Cell::Int(n),
                    Cell::Bool(n >= APPLICANT_PERMITS),
                ]);
            }
        }
        Ok(markets)
    })?;
    Ok(Table {
        title: format!("Staanverplichting sollicitanten marktjaar {year}"),
        subtitle: format!(
            "{}; {}; voldaan met ≥ {APPLICANT_PERMITS} dagvergunningen",
            market_names(&chosen_markets),
            span(year.first_day(), year.last_day())
        ),
        columns: vec![
            Column::new("market", "Markt"),
            Column::new("list_number", "Sollicitatienummer"),
            Column::new("registration_number", "Erkenningsnummer"),
            Column::new("vendor_name", "Naam"),
            Column::new("permits", "Dagvergunningen"),
            Column::new("met", "Voldaan"),
        ],
        totals: Some(vec![
            Cell::text("Totaal"),
            Cell::Int(rows.len() as i64),
            Cell::Empty,
            Cell::Empty,
            Cell::Int(total),
            Cell::Int(met),
        ]),
        rows,
    })
}

// ── Multiple permits ─────────────────────────────────────────────────────────────────────

pub fn multiple(
    store: &mut Store,
    actor: &Actor,
    from: NaiveDate,
    until: NaiveDate,
    markets: &[MarketId],
) -> Result<Table> {
    actor.require(Action::ReadVendors)?;
    check_period(from, until)?;
    let mut rows = Vec::new();
    let chosen_markets = store.read(|c| {
        let markets = chosen(c, markets)?;
        let codes: HashMap<MarketId, String> = db::market::list(c)?.into_iter().map(|m| (m.id, m.code)).collect();
        let permits = db::figures::valid_permits(c, from, until)?;
        let mut by_day: BTreeMap<(NaiveDate, VendorId), Vec<&db::figures::PermitFact>> = BTreeMap::new();
        for p in &permits {
            by_day.entry((p.day, p.vendor)).or_default().push(p);
        }
        let mut vendors = Vendors(HashMap::new());
        let mut found = Vec::new();
        for ((day, vendor), ps) in by_day {
            if ps.len() < 2 || !ps.iter().any(|p| markets.iter().any(|m| m.id == p.market)) {
                continue;
            }
            let Some(v) = vendors.get(c, vendor)? else { continue };
            let mut ms: Vec<&str> = ps.iter().map(|p| codes.get(&p.market).map_or("", String::as_str)).collect();
            ms.dedup();
            let invoices: Vec<&str> = ps.iter().map(|p| p.invoice_number.as_str()).collect();
            found.push((
                day,
                v.sort_name(),
                vec![
                    Cell::Date(day),
                    Cell::text(v.registration_number.to_string()),
                    Cell::text(v.name()),
                    Cell::Int(ps.len() as i64),
                    Cell::text(ms.join(", ")),
                    Cell::text(invoices.join(", ")),
                ],
            ));
        }
        found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        rows = found.into_iter().map(|(_, _, r)| r).collect();
        Ok(markets)
    })?;
    let permits: i64 = rows.iter().map(|r| if let Cell::Int(n) = r[3] { n } else { 0 }).sum();
    Ok(Table {
        title: "Meervoudig staan".into(),
        subtitle: format!(
            "{}; {}; ondernemers met meer dan één geldige dagvergunning op een dag",
            market_names(&chosen_markets),
            span(from, until)
        ),
        columns: vec![
            Column::new("date", "Datum"),
            Column::new("registration_number", "Erkenningsnummer"),
            Column::new("vendor_name", "Naam"),
            Column::new("permits", "Dagvergunningen"),
            Column::new("markets", "Markten"),
            Column::new("invoice_numbers", "Factuurnummers"),
        ],
        totals: Some(vec![
            Cell::text("Totaal"),
            Cell::Int(rows.len() as i64),
            Cell::Empty,
            Cell::Int(permits),
            Cell::Empty,
            Cell::Empty,
        ]),
        rows,
    })
}

// ── Occupancy ────────────────────────────────────────────────────────────────────────────

/// `used / available` in hundredths of a percent.
fn share(used: i64, available: i64) -> Percent {
    if available <= 0 { Percent(0) } else { Percent(((used * 10_000 + available / 2) / available) as u32) }
}

pub fn occupancy(
    store: &mut Store,
    actor: &Actor,
    from: NaiveDate,
    until: NaiveDate,
    markets: &[MarketId],
    by: Period,
) -> Result<Table> {
    actor.require(Action::ReadMarketDay)?;
    check_period(from, until)?;
    let mut rows = Vec::new();
    let (mut avail_total, mut used_total) = (0i64, 0i64);
    let chosen_markets = store.read(|c| {
        let markets = chosen(c, markets)?;
        let permits = db::figures::valid_permits(c, from, until)?;
        let blocked = db::figures::blocked(c, from, until)?;
        for m in &markets {
            let active: BTreeSet<String> = db::market::stalls_of_market(c, m.id)?
                .into_iter()
                .filter(|s| s.active)
                .map(|s| s.number.to_string())
                .collect();
            // Per held day: stall numbers used.
            let mut used: BTreeMap<NaiveDate, BTreeSet<&str>> = BTreeMap::new();
            for p in permits.iter().filter(|p| p.market == m.id) {
                let day = used.entry(p.day).or_default();
                day.extend(p.stalls.split(',').map(str::trim).filter(|s| active.contains(*s)));
            }
            let mut groups: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
            for (day, stalls) in &used {
                let blocked_today: BTreeSet<&str> = blocked
                    .iter()
                    .filter(|(bm, bd, n)| *bm == m.id && bd == day && active.contains(n))
                    .map(|(_, _, n)| n.as_str())
                    .collect();
                let available = (active.len() - blocked_today.len()) as i64;
                let used = stalls.iter().filter(|s| !blocked_today.contains(*s)).count() as i64;
                let g = groups.entry(by.of(*day, (from, until))).or_default();
                *g = (g.0 + 1, g.1 + available, g.2 + used);
            }
            for ((_, label), (days, available, used)) in groups {
                avail_total += available;
                used_total += used;
                rows.push(vec![
                    Cell::text(m.code.clone()),
                    Cell::text(label),
                    Cell::Int(days),
                    Cell::Int(available),
                    Cell::Int(used),
                    Cell::Percent(share(used, available)),
                ]);
            }
        }
        Ok(markets)
    })?;
    Ok(Table {
        title: format!("Bezetting per {}", if by == Period::Day { "marktdag" } else { "week" }),
        subtitle: format!(
            "{}; {}; bezet: plaatsen op geldige dagvergunningen; beschikbaar: actieve plaatsen die niet geblokkeerd zijn",
            market_names(&chosen_markets),
            span(from, until)
        ),
        columns: vec![
            Column::new("market", "Markt"),
            Column::new("period", if by == Period::Day { "Datum" } else { "Periode" }),
            Column::new("market_days", "Marktdagen"),
            Column::new("available", "Beschikbaar"),
            Column::new("used", "Bezet"),
            Column::new("occupancy_percent", "Bezetting %"),
        ],
        totals: Some(vec![
            Cell::text("Totaal"),
            Cell::Empty,
            Cell::Empty,
            Cell::Int(avail_total),
            Cell::Int(used_total),
            Cell::Percent(share(used_total, avail_total)),
        ]),
        rows,
    })
}

// ── Revenue ──────────────────────────────────────────────────────────────────────────────

pub fn revenue(
    store: &mut Store,
    actor: &Actor,
    from: NaiveDate,
    until: NaiveDate,
    markets: &[MarketId],
    by: Period,
    split: Split,
) -> Result<Table> {
    actor.require(Action::ReadFinance)?;
    check_period(from, until)?;
    let mut rows = Vec::new();
    let mut totals = (0i64, Cents::ZERO, Cents::ZERO, Cents::ZERO);
    let chosen_markets = store.read(|c| {
        let markets = chosen(c, markets)?;
        // Each kind by its short name, unless two kinds share it: then by their invoice text.
        let kinds = db::tariff::kinds(c)?;
        let mut shorts: HashMap<String, usize> = HashMap::new();
        for k in &kinds {
            *shorts.entry(k.short_label()).or_default() += 1;
        }
        let labels: HashMap<String, String> = kinds
            .into_iter()
            .map(|k| {
                let short = k.short_label();
                let label = if shorts.get(&short).copied().unwrap_or(0) > 1 { k.invoice_label.clone() } else { short };
                (k.code, label)
            })
            .collect();
        let facts = db::figures::revenue(c, from, until)?;
        let counts = db::figures::permits_by_method(c, from, until)?;
        for m in &markets {
            // (period key, period label), part → permits, excl, vat, incl.
            type Sums = (i64, Cents, Cents, Cents);
            let mut groups: BTreeMap<((String, String), String), Sums> = BTreeMap::new();
            for (_, day, kind, method, permits, excl, vat, incl) in facts.iter().filter(|f| f.0 == m.id) {
                let part = match split {
                    Split::None => String::new(),
                    Split::TariffKind => kind.clone(),
                    Split::PaymentMethod => method.clone(),
                };
                let g = groups.entry((by.of(*day, (from, until)), part)).or_default();
                // A permit has one method: the permits with a kind add up over methods.
                if split == Split::TariffKind {
                    g.0 += *permits;
                }
                g.1 += *excl;
                g.2 += *vat;
                g.3 += *incl;
            }
            if split != Split::TariffKind {
                for (_, day, method, permits) in counts.iter().filter(|f| f.0 == m.id) {
                    let part = if split == Split::PaymentMethod { method.clone() } else { String::new() };
                    groups.entry((by.of(*day, (from, until)), part)).or_default().0 += *permits;
                }
            }
            for (((_, period), part), (permits, excl, vat, incl)) in groups {
                totals = (totals.0 + permits, totals.1 + excl, totals.2 + vat, totals.3 + incl);
                let part_cell = match split {
                    Split::None => None,
                    // The kind's short Dutch name ("reiniging"), not its code and invoice text.
                    Split::TariffKind => Some(Cell::text(labels.get(&part).cloned().unwrap_or(part))),
                    Split::PaymentMethod => {
                        Some(Cell::text(PaymentMethod::parse(&part).map(|p| p.label_nl().to_string()).unwrap_or(part)))
                    }
                };
                let mut row = vec![Cell::text(m.code.clone()), Cell::text(period)];
                row.extend(part_cell);
                row.extend([Cell::Int(permits), Cell::Money(excl), Cell::Money(vat), Cell::Money(incl)]);
                rows.push(row);
            }
        }
        Ok(markets)
    })?;
    let mut columns = vec![Column::new("market", "Markt"), Column::new("period", "Periode")];
    match split {
        Split::None => {}
        Split::TariffKind => columns.push(Column::new("tariff_kind", "Tariefsoort")),
        Split::PaymentMethod => columns.push(Column::new("payment_method", "Betaalwijze")),
    }
    let count_label = if split == Split::TariffKind { "Vergunningen met deze soort" } else { "Dagvergunningen" };
    columns.extend([
        Column::new("permits", count_label),
        Column::new("excl", "Excl. btw"),
        Column::new("vat", "Btw"),
        Column::new("incl", "Incl. btw"),
    ]);
    let mut total_row = vec![Cell::text("Totaal"), Cell::Empty];
    if split != Split::None {
        total_row.push(Cell::Empty);
    }
    total_row.extend([
        if split == Split::TariffKind { Cell::Empty } else { Cell::Int(totals.0) },
        Cell::Money(totals.1),
        Cell::Money(totals.2),
        Cell::Money(totals.3),
    ]);
    let by_nl = match by {
        Period::Day => "dag",
        Period::Week => "week",
        Period::Month => "maand",
    };
    let split_nl = match split {
        Split::None => "",
        Split::TariffKind => " en tariefsoort",
        Split::PaymentMethod => " en betaalwijze",
    };
    Ok(Table {
        title: format!("Opbrengst per markt, {by_nl}{split_nl}"),
        subtitle: format!(
            "{}; {}; factuurregels van geldige dagvergunningen (doorgehaalde niet)",
            market_names(&chosen_markets),
            span(from, until)
        ),
        columns,
        totals: Some(total_row),
        rows,
    })
}

// ── Tickets ──────────────────────────────────────────────────────────────────────────────

pub fn tickets(
    store: &mut Store,
    actor: &Actor,
    from: NaiveDate,
    until: NaiveDate,
    markets: &[MarketId],
    today: NaiveDate,
) -> Result<Table> {
    actor.require(Action::ReadFinance)?;
    use crate::code::{TicketDecision, TicketStatus};
    check_period(from, until)?;
    #[derive(Default, Clone, Copy)]
    struct Sums {
        tickets: i64,
        warnings: i64,
        fines: i64,
        fined: Cents,
        paid: Cents,
        open: i64,
        open_amount: Cents,
        overdue: i64,
        overdue_amount: Cents,
    }
    impl Sums {
        fn add(&mut self, o: &Sums) {
            self.tickets += o.tickets;
            self.warnings += o.warnings;
            self.fines += o.fines;
            self.fined += o.fined;
            self.paid += o.paid;
            self.open += o.open;
            self.open_amount += o.open_amount;
            self.overdue += o.overdue;
            self.overdue_amount += o.overdue_amount;
        }
    }
    let mut rows = Vec::new();
    let mut total = Sums::default();
    let chosen_markets = store.read(|c| {
        let markets = chosen(c, markets)?;
        let filter = crate::ticket::Filter { from: Some(from), until: Some(until), ..Default::default() };
        let all = db::ticket::list(c, &filter)?;
        for m in &markets {
            let mut groups: BTreeMap<(String, String), Sums> = BTreeMap::new();
            for r in all.iter().filter(|r| r.ticket.market == m.id) {
                let t = &r.ticket;
                if matches!(t.status, TicketStatus::Draft | TicketStatus::Void) {
                    continue;
                }
                let g = groups.entry((r.violation_code.clone(), r.violation.clone())).or_default();
                g.tickets += 1;
                g.paid += r.paid;
                match t.decision {
                    TicketDecision::Warning => g.warnings += 1,
                    TicketDecision::Fine => {
                        g.fines += 1;
                        if t.status != TicketStatus::Withdrawn {
                            g.fined += t.amount;
                        }
                        let unpaid = t.amount - r.paid;
                        let payable =
                            matches!(t.status, TicketStatus::Issued | TicketStatus::Objection | TicketStatus::Upheld);
                        if payable && unpaid > Cents::ZERO {
                            g.open += 1;
                            g.open_amount += unpaid;
                            if t.overdue(today) {
                                g.overdue += 1;
                                g.overdue_amount += unpaid;
                            }
                        }
                    }
                }
            }
            for ((code, description), s) in groups {
                total.add(&s);
                rows.push(vec![
                    Cell::text(m.code.clone()),
                    Cell::text(code),
                    Cell::text(description),
                    Cell::Int(s.tickets),
                    Cell::Int(s.warnings),
                    Cell::Int(s.fines),
                    Cell::Money(s.fined),
                    Cell::Money(s.paid),
                    Cell::Int(s.open),
                    Cell::Money(s.open_amount),
                    Cell::Int(s.overdue),
                    Cell::Money(s.overdue_amount),
                ]);
            }
        }
        Ok(markets)
    })?;
    Ok(Table {
        title: "Bonnen: open en te laat, per overtreding en markt".into(),
        subtitle: format!(
            "{}; {}; concepten en vervallen bonnen tellen niet; open: uitgereikt, in bezwaar of bezwaar \
             afgewezen en niet (helemaal) betaald; te laat: op {} over de betaaldatum",
            market_names(&chosen_markets),
            span(from, until),
            crate::time::show_date(today)
        ),
        columns: vec![
            Column::new("market", "Markt"),
            Column::new("violation", "Overtreding"),
            Column::new("description", "Omschrijving"),
            Column::new("tickets", "Bonnen"),
            Column::new("warnings", "Waarschuwingen"),
            Column::new("fines", "Boetes"),
            Column::new("fined", "Boetebedrag"),
            Column::new("paid", "Betaald"),
            Column::new("open", "Open"),
            Column::new("open_amount", "Open bedrag"),
            Column::new("overdue", "Te laat"),
            Column::new("overdue_amount", "Te laat bedrag"),
        ],
        totals: Some(vec![
            Cell::text("Totaal"),
            Cell::Empty,
            Cell::Empty,
            Cell::Int(total.tickets),
            Cell::Int(total.warnings),
            Cell::Int(total.fines),
            Cell::Money(total.fined),
            Cell::Money(total.paid),
            Cell::Int(total.open),
            Cell::Money(total.open_amount),
            Cell::Int(total.overdue),
            Cell::Money(total.overdue_amount),
        ]),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_week_belongs_to_the_quarter_of_its_thursday() {
        let q4 = Quarter::parse("2026-Q4").unwrap();
        let weeks = q4.weeks();
        assert_eq!(weeks.len(), 14, "2026 Q4 runs from W40 to W53");
        assert_eq!(weeks[0], d("2026-09-28"), "Thursday 1 October: the week starting 28 September is Q4's");
        assert_eq!(*weeks.last().unwrap(), d("2026-12-28"), "Thursday 31 December: W53 is Q4's");
        assert_eq!(week_label(d("2027-01-03")), "2026-W53");
        let q1 = Quarter::parse("2027Q1").unwrap();
        assert_eq!(q1.weeks()[0], d("2027-01-04"));
        let q3 = Quarter::parse("2026-3").unwrap();
        assert_eq!(q3.weeks().len(), 13);
        assert_eq!(*q3.weeks().last().unwrap(), d("2026-09-21"), "the week of 28 September is not Q3's");
        assert!(Quarter::parse("2026-Q5").is_err());
        assert_eq!(Quarter::of(d("2026-12-31")), q4);
    }

    #[test]
    fn required_weeks_round_up() {
        assert_eq!(required_weeks(13), 10);
        assert_eq!(required_weeks(14), 11, "ceil(140 / 13) = ceil(10.77)");
        assert_eq!(required_weeks(4), 4, "ceil(40 / 13) = ceil(3.08)");
        assert_eq!(required_weeks(0), 0);
    }

    #[test]
    fn market_years_run_october_to_september() {
        let y = MarketYear::parse("2025/2026").unwrap();
        assert_eq!((y.first_day(), y.last_day()), (d("2025-10-01"), d("2026-09-30")));
        assert_eq!(MarketYear::of(d("2026-09-30")), y);
        assert_eq!(MarketYear::of(d("2026-10-01")).start, 2026);
        assert!(MarketYear::parse("2025/2027").is_err());
    }
}

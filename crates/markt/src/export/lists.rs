//! The other exports: vendors, registrations, markets with their stalls, substitutes (the
//! master data, in the columns the imports read, so an export can be imported again), and
//! the permits, tickets and attendance records of a period.
//!
//! Codes are written as stored (`vpl`, `dag`, `elektra`) in both dialects; statuses and
//! payment methods that clerks read as words are labels in `nl`. Each list needs the read
//! action of what it shows ([`ListKind::action`]): finance gets markets and permits, never
//! the vendors' contacts.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;

use super::{Cell, Column, Dialect, Sheet};
use crate::account::{Action, Actor};
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::MarketId;
use crate::progress::{self, Progress};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Vendors,
    Registrations,
    Markets,
    Substitutes,
    Permits,
    Tickets,
    Attendance,
}

impl ListKind {
    pub const ALL: &'static [ListKind] = &[
        ListKind::Vendors,
        ListKind::Registrations,
        ListKind::Markets,
        ListKind::Substitutes,
        ListKind::Permits,
        ListKind::Tickets,
        ListKind::Attendance,
    ];

    /// The name on the command line and in file names.
    pub fn code(self) -> &'static str {
        match self {
            ListKind::Vendors => "vendors",
            ListKind::Registrations => "registrations",
            ListKind::Markets => "markets",
            ListKind::Substitutes => "substitutes",
            ListKind::Permits => "permits",
            ListKind::Tickets => "tickets",
            ListKind::Attendance => "attendance",
        }
    }

    pub fn parse(text: &str) -> Result<ListKind> {
        ListKind::ALL.iter().copied().find(|k| k.code() == text.trim()).ok_or_else(|| {
            let valid: Vec<&str> = ListKind::ALL.iter().map(|k| k.code()).collect();
            Error::invalid("kind", Problem::Unknown, format!("onbekende export ‘{text}’ ({})", valid.join(", ")))
        })
    }

    /// Whether the list is of a period (permits, tickets, attendance) rather than the
    /// current master data.
    pub fn needs_period(self) -> bool {
        matches!(self, ListKind::Permits | ListKind::Tickets | ListKind::Attendance)
    }

    /// The read action a list needs: vendor lists carry e-mail addresses and phone numbers,
    /// tickets and attendance a market day's work, permits only money.
    pub fn action(self) -> Action {
        match self {
            ListKind::Markets => Action::ReadMasterData,
            ListKind::Vendors | ListKind::Registrations | ListKind::Substitutes | ListKind::Attendance => {
                Action::ReadVendors
            }
            ListKind::Tickets => Action::ReadMarketDay,
            ListKind::Permits => Action::ReadFinance,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            ListKind::Vendors => VENDORS,
            ListKind::Registrations => REGISTRATIONS,
            ListKind::Markets => MARKETS,
            ListKind::Substitutes => SUBSTITUTES,
            ListKind::Permits => PERMITS,
            ListKind::Tickets => TICKETS,
            ListKind::Attendance => ATTENDANCE,
        }
    }
}

/// What a list export asks: the period (permits, tickets, attendance; a day is a period of
/// one day) and the markets (empty: all; master data of vendors and substitutes has none).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListRequest {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub markets: Vec<MarketId>,
    pub dialect: Dialect,
}

pub const VENDORS: &[Column] = &[
    Column::new("registration_number", "Erkenningsnummer"),
    Column::new("initials", "Voorletters"),
    Column::new("infix", "Tussenvoegsel"),
    Column::new("surname", "Achternaam"),
    Column::new("email", "E-mail"),
    Column::new("phone", "Telefoon"),
    Column::new("pass_id", "Pasnummer"),
    Column::new("status", "Status"),
    Column::new("enforcement_until", "Handhaving tot"),
];

pub const REGISTRATIONS: &[Column] = &[
    Column::new("market", "Markt"),
    Column::new("registration_number", "Erkenningsnummer"),
    Column::new("vendor_name", "Naam"),
    Column::new("list_number", "Sollicitatienummer"),
    Column::new("status", "Status"),
    Column::new("registered_on", "Inschrijfdatum"),
    Column::new("stalls", "Vaste plaatsen"),
    Column::new("products", "Vaste producten"),
];

pub const MARKETS: &[Column] = &[
    Column::new("market", "Markt"),
    Column::new("market_name", "Marktnaam"),
    Column::new("kind", "Soort"),
    Column::new("weekdays", "Marktdagen"),
    Column::new("season_from", "Seizoen vanaf"),
    Column::new("season_until", "Seizoen tot"),
    Column::new("stall_size_m", "Standaardkraam"),
    Column::new("max_stalls_per_vendor", "Max. plaatsen"),
    Column::new("sample_size", "Steekproef"),
    Column::new("ab_lists", "A/B-lijsten"),
    Column::new("row", "Rij"),
    Column::new("circular", "Rondlopend"),
    Column::new("stall", "Plaats"),
    Column::new("length_m", "Lengte"),
    Column::new("cooking", "Koken"),
    Column::new("evi", "EVI"),
    Column::new("properties", "Eigenschappen"),
    Column::new("branches", "Branches"),
    Column::new("active", "Actief"),
];

pub const SUBSTITUTES: &[Column] = &[
    Column::new("registration_number", "Erkenningsnummer"),
    Column::new("vendor_name", "Naam"),
    Column::new("substitute_number", "Erkenningsnummer vervanger"),
    Column::new("substitute_name", "Naam vervanger"),
    Column::new("valid_from", "Geldig vanaf"),
    Column::new("valid_until", "Geldig tot"),
];

pub const PERMITS: &[Column] = &[
    Column::new("market", "Markt"),
    Column::new("date", "Datum"),
    Column::new("invoice_number", "Factuurnummer"),
    Column::new("registration_number", "Erkenningsnummer"),
    Column::new("vendor_name", "Naam"),
    Column::new("status", "Status"),
    Column::new("presence", "Aanwezig"),
    Column::new("stalls", "Plaatsen"),
    Column::new("metres", "Meters"),
    Column::new("amount", "Bedrag"),
    Column::new("paid", "Betaald"),
    Column::new("payment_method", "Betaalwijze"),
    Column::new("voided", "Doorgehaald"),
    Column::new("issued_by", "Uitgegeven door"),
    Column::new("issued_at", "Uitgegeven op"),
];

pub const TICKETS: &[Column] = &[
    Column::new("number", "Bonnummer"),
    Column::new("market", "Markt"),
    Column::new("date", "Datum"),
    Column::new("time", "Tijd"),
    Column::new("stall", "Plaats"),
    Column::new("registration_number", "Erkenningsnummer"),
    Column::new("name", "Naam"),
    Column::new("violation_code", "Overtreding"),
    Column::new("violation", "Omschrijving"),
    Column::new("decision", "Beslissing"),
    Column::new("amount", "Bedrag"),
    Column::new("due_date", "Vervaldatum"),
    Column::new("status", "Status"),
    Column::new("paid", "Betaald"),
];

pub const ATTENDANCE: &[Column] = &[
    Column::new("market", "Markt"),
    Column::new("date", "Datum"),
    Column::new("registration_number", "Erkenningsnummer"),
    Column::new("vendor_name", "Naam"),
    Column::new("attends", "Aangemeld"),
    Column::new("reason", "Reden"),
    Column::new("recorded_by", "Vastgelegd door"),
    Column::new("recorded_at", "Vastgelegd op"),
];

/// Writes the list `kind` to `out`; answers the number of data rows.
pub fn list(
    store: &mut Store,
    actor: &Actor,
    kind: ListKind,
    request: &ListRequest,
    out: &mut dyn Write,
    progress: &mut dyn Progress,
) -> Result<u64> {
    actor.require(kind.action())?;
    let period = if kind.needs_period() {
        let mut v = Validator::new();
        v.check("from", request.from.is_some(), Problem::Required, "geef de eerste dag");
        let until = request.until.or(request.from);
        if let (Some(from), Some(until)) = (request.from, until) {
            v.check("until", until >= from, Problem::OutOfRange, "de einddatum ligt voor de begindatum");
        }
        v.finish()?;
        request.from.zip(until)
    } else {
        None
    };
    let dialect = request.dialect;
    store.read(|c| {
        let markets = chosen_markets(c, &request.markets)?;
        let mut sheet = Sheet::new(out, dialect, kind.columns())?;
        progress.phase(kind.code(), None);
        let mut w = Rows { sheet: &mut sheet, progress, done: 0 };
        match (kind, period) {
            (ListKind::Vendors, _) => vendors(c, &mut w)?,
            (ListKind::Registrations, _) => registrations(c, &markets, &mut w)?,
            (ListKind::Markets, _) => market_rows(c, &markets, &mut w)?,
            (ListKind::Substitutes, _) => substitutes(c, &mut w)?,
            (ListKind::Permits, Some((from, until))) => permits(c, &markets, from, until, &mut w)?,
            (ListKind::Tickets, Some((from, until))) => tickets(c, &markets, from, until, &mut w)?,
            (ListKind::Attendance, Some((from, until))) => attendance(c, &markets, from, until, &mut w)?,
            _ => {}
        }
        let done = w.done;
        progress::finish(progress, done)?;
        sheet.finish()
    })
}

/// The markets asked for (all, ordered by code, when none), each checked.
fn chosen_markets(c: &crate::db::Connection, ids: &[MarketId]) -> Result<Vec<crate::market::Market>> {
    let mut all = db::market::list(c)?;
    all.sort_by(|a, b| a.code.cmp(&b.code));
    if ids.is_empty() {
        return Ok(all);
    }
    let mut v = Validator::new();
    for (i, id) in ids.iter().enumerate() {
        v.check(&format!("markets[{i}]"), all.iter().any(|m| m.id == *id), Problem::Unknown, "onbekende markt");
    }
    v.finish()?;
    Ok(all.into_iter().filter(|m| ids.contains(&m.id)).collect())
}

struct Rows<'s, 'w, 'p> {
    sheet: &'s mut Sheet<'w>,
    progress: &'p mut dyn Progress,
    done: u64,
}

impl Rows<'_, '_, '_> {
    fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        self.sheet.row(cells)?;
        self.done += 1;
        progress::tick(self.progress, self.done)
    }

    fn dialect(&self) -> Dialect {
        self.sheet.dialect()
    }

    /// A code's Dutch label in `nl`, its stored code in `rfc`.
    fn label<'a>(&self, code: &'a str, nl: &'a str) -> Cell<'a> {
        Cell::text(if self.dialect() == Dialect::Nl { nl } else { code })
    }
}

fn vendors(c: &crate::db::Connection, w: &mut Rows<'_, '_, '_>) -> Result<()> {
    let mut all = db::vendor::all(c)?;
    all.sort_by(|a, b| a.registration_number.cmp(&b.registration_number));
    for v in &all {
        w.row(&[
            Cell::text(v.registration_number.to_string()),
            Cell::text(v.initials.as_str()),
            Cell::text(v.infix.as_str()),
            Cell::text(v.surname.as_str()),
            Cell::text(v.email.as_str()),
            Cell::text(v.phone.as_str()),
            Cell::text(v.pass_id.as_deref().unwrap_or("")),
            w.label(v.status.code(), v.status.label_nl()),
            Cell::opt_date(v.enforcement_until),
        ])?;
    }
    Ok(())
}

fn registrations(c: &crate::db::Connection, markets: &[crate::market::Market], w: &mut Rows<'_, '_, '_>) -> Result<()> {
    let products: BTreeMap<_, _> = db::tariff::products(c)?.into_iter().map(|p| (p.id, p.key)).collect();
    for m in markets {
        let stalls: BTreeMap<_, _> =
            db::market::stalls_of_market(c, m.id)?.into_iter().map(|s| (s.id, s.number.to_string())).collect();
        for r in db::registration::active_of_market(c, m.id)? {
            let Some(v) = db::vendor::get(c, r.vendor)? else { continue };
            let stall_numbers: Vec<&str> = r.stalls.iter().filter_map(|s| stalls.get(s)).map(String::as_str).collect();
            let fixed: Vec<String> =
                r.products.iter().filter_map(|(p, q)| products.get(p).map(|k| format!("{k}={q}"))).collect();
            w.row(&[
                Cell::text(m.code.as_str()),
                Cell::text(v.registration_number.to_string()),
                Cell::text(v.name()),
                Cell::Int(r.list_number),
                Cell::text(r.status.code()),
                Cell::Date(r.registered_on),
                Cell::text(stall_numbers.join(", ")),
                Cell::text(fixed.join(", ")),
            ])?;
        }
    }
    Ok(())
}

fn market_rows(c: &crate::db::Connection, markets: &[crate::market::Market], w: &mut Rows<'_, '_, '_>) -> Result<()> {
    let branches: BTreeMap<_, _> = db::branch::list(c)?.into_iter().map(|b| (b.id, b.code)).collect();
    for m in markets {
        let layout = db::market::layout(c, m.clone())?;
        let (season_from, season_until) = m.season.clone().unzip();
        let market_cells = || {
            vec![
                Cell::text(m.code.clone()),
                Cell::text(m.name.clone()),
                Cell::text(m.kind.code()),
                Cell::text(m.weekdays.to_string()),
                Cell::text(season_from.clone().unwrap_or_default()),
                Cell::text(season_until.clone().unwrap_or_default()),
                Cell::Int(m.stall_size_m),
                Cell::Int(m.max_stalls_per_vendor),
                Cell::Int(m.sample_size),
                Cell::Bool(m.ab_lists),
            ]
        };
        if layout.stall_count() == 0 {
            let mut cells = market_cells();
            cells.extend(std::iter::repeat_n(Cell::Empty, 9));
            w.row(&cells)?;
            continue;
        }
        for row in &layout.rows {
            for s in &row.stalls {
                let props: Vec<&str> = s.properties.iter().map(|p| p.code()).collect();
                let brs: Vec<&str> = s.branches.iter().filter_map(|b| branches.get(b)).map(String::as_str).collect();
                let mut cells = market_cells();
                cells.extend([
                    Cell::text(row.row.name.clone()),
                    Cell::Bool(row.row.circular),
                    Cell::text(s.number.to_string()),
                    Cell::Int(s.length_m),
                    Cell::text(s.cooking.code()),
                    Cell::Bool(s.evi),
                    Cell::text(props.join(", ")),
                    Cell::text(brs.join(", ")),
                    Cell::Bool(s.active),
                ]);
                w.row(&cells)?;
            }
        }
    }
    Ok(())
}

fn substitutes(c: &crate::db::Connection, w: &mut Rows<'_, '_, '_>) -> Result<()> {
    let mut all = db::vendor::all(c)?;
    all.sort_by(|a, b| a.registration_number.cmp(&b.registration_number));
    for v in &all {
        for s in db::vendor::substitutes_of(c, v.id)? {
            let Some(sub) = db::vendor::get(c, s.substitute)? else { continue };
            w.row(&[
                Cell::text(v.registration_number.to_string()),
                Cell::text(v.name()),
                Cell::text(sub.registration_number.to_string()),
                Cell::text(sub.name()),
                Cell::Date(s.valid_from),
                Cell::opt_date(s.valid_until),
            ])?;
        }
    }
    Ok(())
}

fn days(from: NaiveDate, until: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= until)
}

fn permits(
    c: &crate::db::Connection,
    markets: &[crate::market::Market],
    from: NaiveDate,
    until: NaiveDate,
    w: &mut Rows<'_, '_, '_>,
) -> Result<()> {
    for day in days(from, until) {
        for m in markets {
            for p in db::day_view::permits(c, m.id, day)? {
                let methods: Vec<&str> = p
                    .methods
                    .iter()
                    .map(|x| if w.dialect() == Dialect::Nl { x.label_nl() } else { x.code() })
                    .collect();
                w.row(&[
                    Cell::text(m.code.as_str()),
                    Cell::Date(day),
                    Cell::text(p.invoice_number.as_str()),
                    Cell::text(p.registration_number.to_string()),
                    Cell::text(p.vendor_name.as_str()),
                    Cell::text(p.status.code()),
                    w.label(p.presence.code(), p.presence.label_nl()),
                    Cell::text(p.stalls.join(", ")),
                    Cell::Int(p.metres),
                    Cell::Money(p.due),
                    Cell::Money(p.paid),
                    Cell::text(methods.join(", ")),
                    Cell::text(p.voided.as_deref().unwrap_or("")),
                    Cell::text(p.issued_by.as_str()),
                    Cell::Instant(p.issued_at),
                ])?;
            }
        }
    }
    Ok(())
}

fn tickets(
    c: &crate::db::Connection,
    markets: &[crate::market::Market],
    from: NaiveDate,
    until: NaiveDate,
    w: &mut Rows<'_, '_, '_>,
) -> Result<()> {
    let mut all = Vec::new();
    for m in markets {
        let filter = crate::ticket::Filter {
            market: Some(m.id),
            from: Some(from),
            until: Some(until),
            ..crate::ticket::Filter::default()
        };
        all.extend(db::ticket::list(c, &filter)?);
    }
    all.sort_by(|a, b| a.ticket.number.cmp(&b.ticket.number));
    for r in &all {
        let t = &r.ticket;
        let name = r.vendor_name.clone().or_else(|| t.unknown_person.clone()).unwrap_or_default();
        w.row(&[
            Cell::text(t.number.as_str()),
            Cell::text(r.market_code.as_str()),
            Cell::Date(t.day),
            Cell::text(t.time.as_str()),
            Cell::text(t.stall.as_str()),
            Cell::text(r.registration_number.clone().unwrap_or_default()),
            Cell::text(name),
            Cell::text(r.violation_code.as_str()),
            Cell::text(r.violation.as_str()),
            w.label(t.decision.code(), t.decision.label_nl()),
            Cell::Money(t.amount),
            Cell::opt_date(t.due_date),
            w.label(t.status.code(), t.status.label_nl()),
            Cell::Money(r.paid),
        ])?;
    }
    Ok(())
}

fn attendance(
    c: &crate::db::Connection,
    markets: &[crate::market::Market],
    from: NaiveDate,
    until: NaiveDate,
    w: &mut Rows<'_, '_, '_>,
) -> Result<()> {
    let ids: Vec<MarketId> = markets.iter().map(|m| m.id).collect();
    for r in db::export::attendance(c, &ids, from, until)? {
        w.row(&[
            Cell::text(r.market_code.as_str()),
            Cell::Date(r.day),
            Cell::text(r.registration_number.as_str()),
            Cell::text(r.vendor_name.as_str()),
            Cell::Bool(r.attends),
            Cell::text(r.reason.as_str()),
            Cell::text(r.recorded_by.as_str()),
            Cell::Instant(r.recorded_at),
        ])?;
    }
    Ok(())
}

/// A sign-on or sign-off as the attendance export lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub market_code: String,
    pub day: NaiveDate,
    pub registration_number: String,
    pub vendor_name: String,
    pub attends: bool,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

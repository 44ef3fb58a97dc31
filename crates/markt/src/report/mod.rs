//! Printed documents (reports.md, inspections.md). Tauri has no print API and WebKitGTK
//! cannot print reliably, so every document is a PDF made here and handed to the
//! operating system by the app (or written by the CLI).
//!
//! Each document is a function `(store, actor, now, what) -> Doc`: it reads what it shows
//! through `db`, lays it out with [`pdf`], and [`print`] turns it into bytes. `now` is the
//! print time in the header; `actor` is who printed it. Reading is not role-gated in the
//! core, and every role may print: supervisors and up their lists and cash documents,
//! finance everything it reads. The documents add no rules: totals are sums of what is
//! stored.
//!
//! Architecture invariant: every printed document is a PDF made by this module.

pub mod pdf;

mod barcodes;
mod daily_list;
mod day_close;
mod letter;
mod permit_list;
mod table_doc;
mod week_list;

use chrono::{DateTime, NaiveDate, Utc};

use crate::account::{self, Action, Actor};
use crate::code::{PaymentMethod, Weekday};
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result};
use crate::ids::{MarketId, PaymentId, PermitId, TicketId};
use crate::market::Market;
use crate::money::Cents;
use crate::time;

pub use pdf::Doc;

/// The documents the office prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// Dagelijkse marktlijst: every stall of a market day in row order.
    DailyList,
    /// The day's permits with products, amounts and payment methods.
    PermitList,
    /// Kasopmaak: per clerk, the day's money by method, with lines to count and sign.
    DayClose,
    /// Fixed holders and applicants with the days they stood that week.
    WeekList,
    /// The weekend A-list (applicants who stood on a day Monday–Thursday) and B-list.
    AbList,
    /// Registration numbers as Code 39 barcodes with names.
    Barcodes,
    /// Kwitantie of one payment.
    Receipt,
    /// The letter of one inspection ticket.
    Ticket,
}

impl Document {
    pub const ALL: [Document; 8] = [
        Document::DailyList,
        Document::PermitList,
        Document::DayClose,
        Document::WeekList,
        Document::AbList,
        Document::Barcodes,
        Document::Receipt,
        Document::Ticket,
    ];

    /// The name scripts and the app use: `daily-list`.
    pub fn code(self) -> &'static str {
        match self {
            Document::DailyList => "daily-list",
            Document::PermitList => "permit-list",
            Document::DayClose => "day-close",
            Document::WeekList => "week-list",
            Document::AbList => "ab-list",
            Document::Barcodes => "barcodes",
            Document::Receipt => "receipt",
            Document::Ticket => "ticket",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Document::DailyList => "Dagelijkse marktlijst",
            Document::PermitList => "Dagvergunningen",
            Document::DayClose => "Kasopmaak",
            Document::WeekList => "Weeklijst",
            Document::AbList => "A/B-lijst weekend",
            Document::Barcodes => "Barcodelijst",
            Document::Receipt => "Kwitantie",
            Document::Ticket => "Bon",
        }
    }

    pub fn parse(text: &str) -> Result<Document> {
        Document::ALL.into_iter().find(|d| d.code() == text.trim()).ok_or_else(|| {
            let valid: Vec<&str> = Document::ALL.iter().map(|d| d.code()).collect();
            Error::invalid(
                "document",
                Problem::Unknown,
                format!("onbekend document ‘{text}’ (geldig: {})", valid.join(", ")),
            )
        })
    }

    /// The read action the document needs: the day's permits with their totals by method
    /// and the day close (kasopmaak) are money, which finance reads; the rest is the work of
    /// a market day (stalls, vendors, tickets).
    pub fn action(self) -> Action {
        match self {
            Document::PermitList | Document::DayClose => Action::ReadFinance,
            _ => Action::ReadMarketDay,
        }
    }

    /// Whether the document is about a market day (the rest are about one payment or
    /// ticket).
    pub fn needs_market_day(self) -> bool {
        !matches!(self, Document::Receipt | Document::Ticket)
    }
}

/// What to print: the document and what it is about. A market-day document needs
/// `market` and `day`; a receipt a `payment` (or a `permit`, whose payment it is); a
/// ticket letter a `ticket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub document: Document,
    pub market: Option<MarketId>,
    pub day: Option<NaiveDate>,
    pub permit: Option<PermitId>,
    pub payment: Option<PaymentId>,
    pub ticket: Option<TicketId>,
}

impl Request {
    pub fn market_day(document: Document, market: MarketId, day: NaiveDate) -> Request {
        Request { document, market: Some(market), day: Some(day), permit: None, payment: None, ticket: None }
    }
}

/// A document made: the PDF and a file name to save it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub bytes: Vec<u8>,
    /// `dagelijkse-marktlijst-AC-2026-11-28.pdf`.
    pub file_name: String,
    pub pages: usize,
}

/// Lays out a document without writing the PDF: its pages, as tests read them.
pub fn layout(store: &mut Store, actor: &Actor, now: DateTime<Utc>, request: &Request) -> Result<(Doc, String)> {
    actor.require(request.document.action())?;
    let printed = printed_line(store, actor, now)?;
    let market_day = || -> Result<(MarketId, NaiveDate)> {
        let mut v = crate::error::Validator::new();
        v.check("market", request.market.is_some(), Problem::Required, "kies een markt");
        v.check("day", request.day.is_some(), Problem::Required, "kies een dag");
        v.finish()?;
        Ok((request.market.unwrap_or(MarketId(0)), request.day.unwrap_or_default()))
    };
    match request.document {
        Document::DailyList => {
            let (m, d) = market_day()?;
            daily_list::layout(store, actor, &printed, m, d)
        }
        Document::PermitList => {
            let (m, d) = market_day()?;
            permit_list::layout(store, &printed, m, d)
        }
        Document::DayClose => {
            let (m, d) = market_day()?;
            day_close::layout(store, &printed, m, d)
        }
        Document::WeekList => {
            let (m, d) = market_day()?;
            week_list::week_list(store, &printed, m, d)
        }
        Document::AbList => {
            let (m, d) = market_day()?;
            week_list::ab_list(store, actor, &printed, m, d)
        }
        Document::Barcodes => {
            let (m, d) = market_day()?;
            barcodes::layout(store, &printed, m, d)
        }
        Document::Receipt => {
            let payment = match (request.payment, request.permit) {
                (Some(p), _) => p,
                (None, Some(permit)) => letter::payment_of_permit(store, permit)?,
                (None, None) => {
                    return Err(Error::invalid("payment", Problem::Required, "kies een betaling of dagvergunning"));
                }
            };
            letter::receipt(store, &printed, payment)
        }
        Document::Ticket => {
            let ticket = request.ticket.ok_or_else(|| Error::invalid("ticket", Problem::Required, "kies een bon"))?;
            letter::ticket(store, &printed, time::today(now), ticket)
        }
    }
}

/// Makes a document: its PDF and a file name.
pub fn print(store: &mut Store, actor: &Actor, now: DateTime<Utc>, request: &Request) -> Result<Printed> {
    let (doc, file_name) = layout(store, actor, now, request)?;
    let pages = doc.clone().into_pages().len();
    let bytes = doc.finish(now)?;
    Ok(Printed { bytes, file_name, pages })
}

/// Lays out a report of `figures` (any [`crate::export::Table`]: title, subtitle, columns,
/// rows, totals) as the generic table document, without writing the PDF.
pub fn layout_table(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    table: &crate::export::Table,
) -> Result<(Doc, String)> {
    let printed = printed_line(store, actor, now)?;
    Ok(table_doc::layout(table, &printed))
}

/// Prints a report of `figures` as a PDF table: the header row on every page, no row cut
/// across pages, the totals in bold, `pagina x van y`.
pub fn print_table(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    table: &crate::export::Table,
) -> Result<Printed> {
    let (doc, file_name) = layout_table(store, actor, now, table)?;
    let pages = doc.clone().into_pages().len();
    let bytes = doc.finish(now)?;
    Ok(Printed { bytes, file_name, pages })
}

/// The file name a report of `figures` is saved under: `overzicht-<title>.<extension>`.
pub fn table_file_name(
    table: &crate::export::Table,
    request: &crate::figures::ReportRequest,
    extension: &str,
) -> String {
    table_doc::file_name(&format!("{} {}", table.title, request.period_text()), extension)
}

/// The header's last line: when and by whom.
fn printed_line(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<String> {
    let name = account::display_name(store, actor)?;
    let who = if name.trim().is_empty() { actor.username().to_string() } else { name };
    Ok(format!("Afgedrukt {} door {who}", time::show_instant(now)))
}

/// `Albert Cuypmarkt (AC)`.
fn market_title(m: &Market) -> String {
    format!("{} ({})", m.name, m.code)
}

fn market(store: &mut Store, id: MarketId) -> Result<Market> {
    store.read(|c| db::market::get(c, id))?.ok_or_else(|| Error::not_found("markt", id))
}

/// `dagelijkse-marktlijst-AC-2026-11-28.pdf`.
fn file_name(document: Document, what: &str, day: Option<NaiveDate>) -> String {
    let slug: String = document
        .label_nl()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let safe: String = what.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    match day {
        Some(d) => format!("{slug}-{safe}-{}.pdf", d.format("%Y-%m-%d")),
        None => format!("{slug}-{safe}.pdf"),
    }
}

/// Money per payment method, in the order of [`PaymentMethod::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ByMethod {
    amounts: [Cents; 3],
    counts: [usize; 3],
}

impl ByMethod {
    fn index(m: PaymentMethod) -> usize {
        PaymentMethod::ALL.iter().position(|x| *x == m).unwrap_or(0)
    }

    fn add(&mut self, m: PaymentMethod, amount: Cents) {
        self.amounts[Self::index(m)] += amount;
    }

    fn count(&mut self, m: PaymentMethod) {
        self.counts[Self::index(m)] += 1;
    }

    fn total(&self) -> Cents {
        self.amounts.iter().copied().sum()
    }

    fn iter(&self) -> impl Iterator<Item = (PaymentMethod, Cents, usize)> + '_ {
        PaymentMethod::ALL.iter().enumerate().map(|(i, m)| (*m, self.amounts[i], self.counts[i]))
    }
}

/// The days of the week (Monday first) that hold `day`.
fn week_of(day: NaiveDate) -> [NaiveDate; 7] {
    use chrono::Datelike;
    let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
    std::array::from_fn(|i| monday + chrono::Days::new(i as u64))
}

/// `week 48: maandag 23 t/m zondag 29 november 2026`.
fn week_title(day: NaiveDate) -> String {
    use chrono::Datelike;
    let days = week_of(day);
    let (first, last) = (days[0], days[6]);
    let long_last = time::long_day(last);
    let first_text = if first.month() == last.month() {
        format!("{} {}", Weekday::of(first).label_nl(), first.day())
    } else if first.year() == last.year() {
        let l = time::long_day(first);
        l.rsplit_once(' ').map_or(l.clone(), |(a, _)| a.to_string())
    } else {
        time::long_day(first)
    };
    format!("week {}: {first_text} t/m {long_last}", first.iso_week().week())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn document_names_round_trip() {
        for doc in Document::ALL {
            assert_eq!(Document::parse(doc.code()).unwrap(), doc);
        }
        let err = Document::parse("dagstaat").unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert!(err.to_string().contains("daily-list"), "{err}");
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(
            file_name(Document::DailyList, "AC", Some(d("2026-11-28"))),
            "dagelijkse-marktlijst-AC-2026-11-28.pdf"
        );
        assert_eq!(file_name(Document::AbList, "AC", Some(d("2026-11-28"))), "a-b-lijst-weekend-AC-2026-11-28.pdf");
        assert_eq!(file_name(Document::Ticket, "B2026-000123", None), "bon-B2026-000123.pdf");
    }

    #[test]
    fn weeks_are_named_in_dutch() {
        assert_eq!(week_title(d("2026-11-28")), "week 48: maandag 23 t/m zondag 29 november 2026");
        assert_eq!(week_title(d("2026-12-01")), "week 49: maandag 30 november t/m zondag 6 december 2026");
        assert_eq!(week_title(d("2026-12-31")), "week 53: maandag 28 december 2026 t/m zondag 3 januari 2027");
    }
}

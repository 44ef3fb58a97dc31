//! The finance export (factuurdetail) in numbered batches.
//!
//! One row per invoice line of a valid permit, and one per ticket fine, for a period and a
//! set of markets. The rules of a batch:
//!
//! 1. **A line leaves once.** A batch takes the lines of its period and markets that no
//!    batch took before; exporting the same period twice gives an empty second batch.
//! 2. **A correction goes to the next batch of its market, whatever its period.** When a
//!    permit whose lines were exported is voided (or an exported fine is withdrawn or
//!    voided), its lines come back once more, negative, in the next batch that covers the
//!    permit's market — not only in one that covers its day: finance books the correction
//!    when it is known, and a month already closed is never exported again. Likewise a
//!    *late* line (a permit issued, or reissued, for a day that an earlier batch already
//!    covered) goes to the next batch of its market. Lines of days that no batch covered
//!    yet wait for the batch whose period holds them.
//! 3. **A batch re-renders byte for byte.** The batch keeps every row it exported with the
//!    values that may change later (vendor name and number, market code, ledger and VAT
//!    code, payment method), and the SHA-256 of its file; [`rerun`] writes the file again
//!    from what was kept and refuses to hand out a file whose hash differs.
//!
//! 4. **A payment corrected without a void is a correction line.** A permit's payment
//!    reversed after its lines were exported (the permit still standing), and a payment made
//!    after such a reversal, each leave once as a line of their own in the next batch of the
//!    market: the reversal negative, its description naming the payment it reverses (its
//!    number and method) and the reason; the new payment positive, with its method. So
//!    finance's money by method follows the drawer. A void's own reversals are not such
//!    lines: the void's negative lines take the permit back.
//!
//! Inside a file: first the corrections (negative lines, late lines, then payment
//! corrections), then the period's
//! new lines, each part by day, market, invoice number and line. A negative line has the
//! negated quantity and amounts of its positive line, and its values as exported then.
//! Fines carry no VAT; their ledger and VAT code are one pair, kept by the administrator
//! ([`set_fine_codes`]).

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Cell, Column, Dialect, Hashing, Sheet};
use crate::account::{Action, Actor};
use crate::audit;
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::MarketId;
use crate::money::{Cents, Percent};
use crate::progress::{self, Progress};

/// What the export screen asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceRequest {
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// The markets; empty means all of them (each named in the batch).
    pub markets: Vec<MarketId>,
    pub dialect: Dialect,
}

/// A batch as kept: what it covered, who made it, what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Batch {
    pub number: i64,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Codes of the markets it covered.
    pub markets: Vec<String>,
    #[serde(serialize_with = "dialect_code")]
    pub dialect: Dialect,
    pub made_by: String,
    pub at: DateTime<Utc>,
    pub lines: i64,
    /// Of which negative (corrections of lines exported before).
    pub negative: i64,
    /// The sum of the incl column.
    pub total_incl: Cents,
    /// SHA-256 of the file, in hex.
    pub sha256: String,
}

fn dialect_code<S: serde::Serializer>(d: &Dialect, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(d.code())
}

/// One row of a batch, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchLine {
    pub sign: i64,
    pub market_code: String,
    pub day: NaiveDate,
    pub invoice_number: String,
    /// The ten digits; empty for a fine of someone without a registration.
    pub registration_number: String,
    pub vendor_name: String,
    pub label: String,
    pub ledger_code: String,
    pub vat_code: String,
    pub quantity: i64,
    pub price: Cents,
    pub vat_percent: Percent,
    pub excl: Cents,
    pub vat: Cents,
    pub incl: Cents,
    /// The stored code (`pin`, `contant`, `op_rekening`); empty for an unpaid fine.
    pub payment_method: String,
}

pub const COLUMNS: &[Column] = &[
    Column::new("batch", "Batch"),
    Column::new("market", "Markt"),
    Column::new("date", "Datum"),
    Column::new("invoice_number", "Factuurnummer"),
    Column::new("registration_number", "Erkenningsnummer"),
    Column::new("vendor_name", "Naam"),
    Column::new("description", "Omschrijving"),
    Column::new("ledger_code", "Grootboek"),
    Column::new("vat_code", "Btw-code"),
    Column::new("quantity", "Aantal"),
    Column::new("price", "Prijs"),
    Column::new("vat_percent", "Btw %"),
    Column::new("excl", "Excl. btw"),
    Column::new("vat", "Btw"),
    Column::new("incl", "Incl. btw"),
    Column::new("payment_method", "Betaalwijze"),
];

/// Makes the next batch: picks the lines (rules 1 and 2 above), writes the file to `out`,
/// and keeps the batch, all in one transaction. On any error, a cancel included, nothing
/// is kept (the batch number is not used up either) and what reached `out` must be
/// discarded ([`super::write_file`] does that for a file).
pub fn finance(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    request: &FinanceRequest,
    out: &mut dyn Write,
    progress: &mut dyn Progress,
) -> Result<Batch> {
    actor.require(Action::ExportFinance)?;
    let mut v = Validator::new();
    v.check("until", request.until >= request.from, Problem::OutOfRange, "de einddatum ligt voor de begindatum");
    v.finish()?;
    store.write(|tx| {
        let mut markets = Vec::new();
        let mut v = Validator::new();
        for (i, id) in request.markets.iter().enumerate() {
            match db::market::get(tx, *id)? {
                Some(m) => markets.push(m.id),
                None => v.fail(format!("markets[{i}]"), Problem::Unknown, format!("onbekende markt {id}")),
            }
        }
        v.finish()?;
        if markets.is_empty() {
            markets = db::market::list(tx)?.into_iter().map(|m| m.id).collect();
        }
        markets.sort();
        markets.dedup();
        let number = db::next_in_sequence(tx, "finance-batch")?;
        let id = db::export::insert_batch(tx, number, request, &markets, actor.id(), now)?;
        let days = (request.until - request.from).num_days() + 1;
        // The progress counts lines (what the clerk sees in the file), not days: the
        // corrections first, then each day's lines, against all of them.
        let mut seq = db::export::add_corrections(tx, id, request.from, request.until, 0)?;
        seq = db::export::add_payment_corrections(tx, id, seq)?;
        let period_lines = db::export::count_period(tx, id, request.from, request.until)?;
        progress.phase("regels kiezen", Some((seq + period_lines) as u64));
        if !progress.step(seq as u64) {
            return Err(Error::Cancelled);
        }
        for day in request.from.iter_days().take(days as usize) {
            seq = db::export::add_day(tx, id, day, seq)?;
            if !progress.step(seq as u64) {
                return Err(Error::Cancelled);
            }
        }
        let (lines, total, sha256) = render(tx, id, number, request.dialect, seq, out, progress)?;
        db::export::seal(tx, id, lines, total, &sha256)?;
        let batch = db::export::batch(tx, number)?.ok_or_else(|| Error::not_found("batch", number))?;
        audit::record(tx, Some(actor.id()), now, "finance.export", "finance_batch", number, None::<&()>, Some(&batch))?;
        Ok(batch)
    })
}

/// Writes batch `number` again, byte for byte as it was first written. Refuses (and the
/// caller must discard `out`) when the file would differ from the kept hash, e.g. after an
/// upgrade that changed how amounts are written.
pub fn rerun(
    store: &mut Store,
    actor: &Actor,
    number: i64,
    out: &mut dyn Write,
    progress: &mut dyn Progress,
) -> Result<Batch> {
    actor.require(Action::ExportFinance)?;
    store.read(|c| {
        let batch = db::export::batch(c, number)?.ok_or_else(|| Error::not_found("batch", number))?;
        let id = db::export::batch_id(c, number)?.ok_or_else(|| Error::not_found("batch", number))?;
        let (_, _, sha256) = render(c, id, number, batch.dialect, batch.lines, out, progress)?;
        if sha256 != batch.sha256 {
            return Err(Error::Conflict(format!(
                "batch {number} zou nu anders worden geschreven dan op {} (hash {} in plaats van {}): \
                 het bestand is niet bruikbaar",
                crate::time::show_instant(batch.at),
                &sha256[..12],
                &batch.sha256[..12]
            )));
        }
        Ok(batch)
    })
}

/// `factuurdetail-batch-0007-2026-08-01-2026-08-31.csv` (`-rfc` before `.csv` in the other
/// dialect): the batch's number and its period, so a folder of batches reads in order and
/// says what each file covers.
pub fn file_name(number: i64, from: NaiveDate, until: NaiveDate, dialect: Dialect) -> String {
    let rfc = if dialect == Dialect::Rfc { "-rfc" } else { "" };
    format!("factuurdetail-batch-{number:04}-{from}-{until}{rfc}.csv")
}

/// The period a new batch proposes on `today`: from the day after the last batch's end up
/// to the end of that month, but not past yesterday (today's market is still running);
/// without a batch yet, last month. A period that cannot end before today is one day long.
pub fn next_period(store: &mut Store, actor: &Actor, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    actor.require(Action::ExportFinance)?;
    let last = store.read(db::export::batches)?.into_iter().map(|b| b.until).max();
    let yesterday = today.pred_opt().unwrap_or(today);
    let from = match last {
        Some(until) => until.succ_opt().unwrap_or(until),
        None => month_start(month_start(today).pred_opt().unwrap_or(today)),
    };
    let month_end =
        month_start(from).checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(from);
    Ok((from, month_end.min(yesterday).max(from)))
}

fn month_start(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day.with_day(1).unwrap_or(day)
}

/// The markets of `request` (all when it names none) held on a day of its period from
/// `today` on: their market day is still running or still to come, so permits issued later
/// go with a later batch. Empty when the period ends before today.
pub fn still_running(
    store: &mut Store,
    actor: &Actor,
    today: NaiveDate,
    request: &FinanceRequest,
) -> Result<Vec<String>> {
    actor.require(Action::ExportFinance)?;
    if request.until < today || request.until < request.from {
        return Ok(Vec::new());
    }
    let first = request.from.max(today);
    // A period far in the future needs no more than a year of days to find its markets.
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= request.until).take(366).collect();
    let markets = store.read(db::market::list)?;
    Ok(markets
        .into_iter()
        .filter(|m| request.markets.is_empty() || request.markets.contains(&m.id))
        .filter(|m| days.iter().any(|d| m.is_held_on(*d)))
        .map(|m| m.name)
        .collect())
}

/// Every batch, newest first.
pub fn batches(store: &mut Store, actor: &Actor) -> Result<Vec<Batch>> {
    actor.require(Action::ExportFinance)?;
    store.read(db::export::batches)
}

/// One batch's rows, as kept (for a screen that shows what a batch held).
pub fn batch_lines(store: &mut Store, actor: &Actor, number: i64) -> Result<Vec<BatchLine>> {
    actor.require(Action::ExportFinance)?;
    store.read(|c| {
        let id = db::export::batch_id(c, number)?.ok_or_else(|| Error::not_found("batch", number))?;
        let mut lines = Vec::new();
        db::export::for_each_line(c, id, &mut |l| {
            lines.push(l.clone());
            Ok(())
        })?;
        Ok(lines)
    })
}

/// The ledger code and VAT code of ticket fines.
pub fn fine_codes(store: &mut Store, actor: &Actor) -> Result<(String, String)> {
    actor.require(Action::ExportFinance)?;
    store.read(db::export::fine_codes)
}

/// Sets the ledger code and VAT code of ticket fines (administrator, like tariff kinds').
pub fn set_fine_codes(store: &mut Store, actor: &Actor, now: DateTime<Utc>, ledger: &str, vat: &str) -> Result<()> {
    actor.require(Action::EditTariffs)?;
    let mut v = Validator::new();
    v.optional_text("ledger_code", ledger, 20);
    v.optional_text("vat_code", vat, 20);
    v.finish()?;
    store.write(|tx| {
        let before = db::export::fine_codes(tx)?;
        db::export::set_fine_codes(tx, ledger.trim(), vat.trim())?;
        let after = (ledger.trim(), vat.trim());
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "finance_code.set",
            "finance_code",
            "boete",
            Some(&before),
            Some(&after),
        )
    })
}

/// Writes a batch's kept rows as its file; answers (lines, total incl, sha256).
pub(crate) fn render(
    c: &crate::db::Connection,
    id: i64,
    number: i64,
    dialect: Dialect,
    expected: i64,
    out: &mut dyn Write,
    progress: &mut dyn Progress,
) -> Result<(i64, Cents, String)> {
    progress.phase("bestand schrijven", Some(expected as u64));
    let mut hashing = Hashing::new(out);
    let mut total = Cents::ZERO;
    let mut lines = 0u64;
    {
        let mut sheet = Sheet::new(&mut hashing, dialect, COLUMNS)?;
        let number = Cell::Int(number);
        db::export::for_each_line(c, id, &mut |l| {
            total += l.incl;
            let method = match (crate::code::PaymentMethod::parse(&l.payment_method), dialect) {
                (Ok(m), Dialect::Nl) => m.label_nl(),
                _ => l.payment_method.as_str(),
            };
            let reg = registration_shown(&l.registration_number);
            sheet.row(&[
                number.clone(),
                Cell::text(l.market_code.as_str()),
                Cell::Date(l.day),
                Cell::text(l.invoice_number.as_str()),
                Cell::text(reg),
                Cell::text(l.vendor_name.as_str()),
                Cell::text(l.label.as_str()),
                Cell::text(l.ledger_code.as_str()),
                Cell::text(l.vat_code.as_str()),
                Cell::Int(l.quantity),
                Cell::Money(l.price),
                Cell::Percent(l.vat_percent),
                Cell::Money(l.excl),
                Cell::Money(l.vat),
                Cell::Money(l.incl),
                Cell::text(method),
            ])?;
            lines += 1;
            progress::tick(progress, lines)
        })?;
        sheet.finish()?;
    }
    progress::finish(progress, lines)?;
    Ok((lines as i64, total, hashing.hex()))
}

/// `19570810.02` for the ten stored digits; anything else as it is.
fn registration_shown(digits: &str) -> String {
    match crate::vendor::RegistrationNumber::parse(digits) {
        Ok(n) => n.to_string(),
        Err(_) => digits.to_string(),
    }
}

/// Whether finance has a batch to make: the newest batch, and the first finished day
/// (up to `until`, Vandaag's yesterday) whose valid permits no batch took yet. Corrections
/// of exported lines (voids, reversed payments) are not counted here: they go with the
/// next batch of their market whenever it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchDue {
    pub last: Option<Batch>,
    pub waiting_since: Option<NaiveDate>,
}

pub fn due(store: &mut Store, actor: &Actor, until: NaiveDate) -> Result<BatchDue> {
    actor.require(Action::ExportFinance)?;
    store.read(|c| {
        Ok(BatchDue { last: db::export::last_batch(c)?, waiting_since: db::export::first_waiting_day(c, until)? })
    })
}

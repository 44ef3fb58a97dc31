//! SQL of daily permits, their products, invoice lines, voids, payments and day closes.
//! Only inserts: the schema's triggers refuse updates and deletes of these tables.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::code::PaymentMethod;
use crate::error::Result;
use crate::fee;
use crate::ids::{AccountId, MarketId, PaymentId, PermitId, TicketId, VendorId};
use crate::money::Cents;
use crate::permit::{InvoiceLine, Payment, Permit, PermitInput, Prepared};

const COLUMNS: &str = "p.id, p.market_id, p.day, p.vendor_id, p.invoice_number, p.status, p.presence, p.substitute_vendor_id,
     p.identified_by, p.tariff_plan_id, p.stalls, p.note, p.override_reason, p.replaces_permit_id, p.issued_by, p.issued_at,
     v.reason, v.at";

/// A permit's stall numbers as the column keeps them: comma-separated, none as "".
fn stall_list(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Permit> {
    let stalls: String = r.get(10)?;
    let void_reason: Option<String> = r.get(16)?;
    let void_at: Option<String> = r.get(17)?;
    let voided = match (void_reason, void_at) {
        (Some(reason), Some(at)) => Some((reason, super::parse_instant(&at)?)),
        _ => None,
    };
    Ok(Permit {
        id: r.get(0)?,
        market: r.get(1)?,
        day: super::get_day(r, 2)?,
        vendor: r.get(3)?,
        invoice_number: r.get(4)?,
        status: r.get(5)?,
        presence: r.get(6)?,
        substitute: r.get(7)?,
        identified_by: r.get(8)?,
        tariff_plan: r.get(9)?,
        stalls: stall_list(&stalls),
        note: r.get(11)?,
        override_reason: r.get(12)?,
        replaces: r.get(13)?,
        issued_by: r.get(14)?,
        issued_at: super::get_instant(r, 15)?,
        voided,
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    c: &Tx<'_>,
    input: &PermitInput,
    prepared: &Prepared,
    invoice_number: &str,
    override_reason: Option<&str>,
    replaces: Option<PermitId>,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<PermitId> {
    c.prepare_cached(
        "INSERT INTO daily_permit (market_id, day, vendor_id, invoice_number, status, presence, substitute_vendor_id,
             identified_by, tariff_plan_id, stalls, note, override_reason, replaces_permit_id, issued_by, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        input.market,
        super::day(input.day),
        input.vendor,
        invoice_number,
        prepared.status,
        input.presence,
        input.substitute,
        input.identified_by,
        prepared.plan,
        input.stalls.join(","),
        input.note.trim(),
        override_reason,
        replaces,
        by,
        super::instant(now)
    ])?;
    Ok(PermitId(c.last_insert_rowid()?))
}

pub(crate) fn insert_line(c: &Tx<'_>, permit: PermitId, position: i64, l: &fee::Line) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO invoice_line (permit_id, position, label, tariff_kind_code, fixed, quantity, price_cents, vat_bp,
                                   excl_cents, vat_cents, incl_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        permit,
        position,
        l.label,
        l.kind,
        l.fixed,
        l.quantity,
        l.price.0,
        l.vat_percent.0,
        l.excl.0,
        l.vat.0,
        l.incl.0
    ])?;
    Ok(())
}

pub(crate) fn insert_product(c: &Tx<'_>, permit: PermitId, key: &str, requested: i64, fixed: i64) -> Result<()> {
    c.prepare_cached("INSERT INTO permit_product (permit_id, product_key, requested, fixed) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![permit, key, requested, fixed])?;
    Ok(())
}

pub(crate) fn insert_void(c: &Tx<'_>, permit: PermitId, reason: &str, by: AccountId, now: DateTime<Utc>) -> Result<()> {
    c.execute(
        "INSERT INTO permit_void (permit_id, reason, account_id, at) VALUES (?1, ?2, ?3, ?4)",
        params![permit, reason, by, super::instant(now)],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: PermitId) -> Result<Option<Permit>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM daily_permit p LEFT JOIN permit_void v ON v.permit_id = p.id WHERE p.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?)
}

pub fn by_invoice_number(c: &Connection, number: &str) -> Result<Option<Permit>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM daily_permit p LEFT JOIN permit_void v ON v.permit_id = p.id WHERE p.invoice_number = ?1"
    ))?
    .query_row([number], from_row)
    .optional()?)
}

pub fn of_vendor_on(c: &Connection, vendor: VendorId, day: NaiveDate) -> Result<Vec<Permit>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM daily_permit p LEFT JOIN permit_void v ON v.permit_id = p.id
         WHERE p.vendor_id = ?1 AND p.day = ?2 ORDER BY p.id"
    ))?;
    Ok(st.query_map(params![vendor, super::day(day)], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn of_market_day(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Permit>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM daily_permit p LEFT JOIN permit_void v ON v.permit_id = p.id
         WHERE p.market_id = ?1 AND p.day = ?2 ORDER BY p.id"
    ))?;
    Ok(st.query_map(params![market, super::day(day)], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

/// The valid permits of the market day whose stalls may hold the typed number: each one's
/// stall numbers, invoice number and vendor. SQL narrows (the text contains the number
/// without ASCII case, or has a letter outside ASCII); the caller compares exactly.
pub fn stalls_given(
    c: &Connection,
    market: MarketId,
    day: NaiveDate,
    number: &str,
) -> Result<Vec<(Vec<String>, String, VendorId)>> {
    let mut st = c.prepare_cached(c.sql(
        "SELECT p.stalls, p.invoice_number, p.vendor_id FROM daily_permit p
         WHERE p.market_id = ?1 AND p.day = ?2 AND (p.stalls LIKE ?3 ESCAPE '\\' OR p.stalls GLOB '*[^ -~]*')
           AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
         ORDER BY p.id",
        "SELECT p.stalls, p.invoice_number, p.vendor_id FROM daily_permit p
         WHERE p.market_id = ?1 AND p.day = ?2 AND (p.stalls LIKE ?3 ESCAPE '\\' OR p.stalls ~ '[^ -~]')
           AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
         ORDER BY p.id",
    ))?;
    let escaped: String =
        number.chars().flat_map(|ch| matches!(ch, '%' | '_' | '\\').then_some('\\').into_iter().chain([ch])).collect();
    Ok(st
        .query_map(params![market, super::day(day), format!("%{escaped}%")], |r| {
            let stalls: String = r.get(0)?;
            Ok((stall_list(&stalls), r.get(1)?, r.get(2)?))
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// The vendors with a permit on the market day that was not voided.
pub fn vendors_with_permit(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<VendorId>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT p.vendor_id FROM daily_permit p
         WHERE p.market_id = ?1 AND p.day = ?2 AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
         ORDER BY p.vendor_id",
    )?;
    Ok(st.query_map(params![market, super::day(day)], |r| r.get(0))?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn lines(c: &Connection, permit: PermitId) -> Result<Vec<InvoiceLine>> {
    let mut st = c.prepare_cached(
        "SELECT position, label, tariff_kind_code, fixed, quantity, price_cents, vat_bp, excl_cents, vat_cents, incl_cents
         FROM invoice_line WHERE permit_id = ?1 ORDER BY position",
    )?;
    Ok(st
        .query_map([permit], |r| {
            Ok(InvoiceLine {
                position: r.get(0)?,
                label: r.get(1)?,
                kind: r.get(2)?,
                fixed: r.get(3)?,
                quantity: r.get(4)?,
                price: Cents(r.get(5)?),
                vat_percent: r.get(6)?,
                excl: Cents(r.get(7)?),
                vat: Cents(r.get(8)?),
                incl: Cents(r.get(9)?),
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// The products of a permit: (key, requested, fixed), by key.
pub fn products(c: &Connection, permit: PermitId) -> Result<Vec<(String, i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT product_key, requested, fixed FROM permit_product WHERE permit_id = ?1 ORDER BY product_key",
    )?;
    Ok(st.query_map([permit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<crate::db::SqlResult<_>>()?)
}

// ── Payments ─────────────────────────────────────────────────────────────────────────────

const PAYMENT_COLUMNS: &str =
    "id, permit_id, ticket_id, method, amount_cents, reverses_payment_id, reason, account_id, at";

fn payment_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Payment> {
    Ok(Payment {
        id: r.get(0)?,
        permit: r.get(1)?,
        ticket: r.get(2)?,
        method: r.get(3)?,
        amount: Cents(r.get(4)?),
        reverses: r.get(5)?,
        reason: r.get(6)?,
        account: r.get(7)?,
        at: super::get_instant(r, 8)?,
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_payment(
    c: &Tx<'_>,
    permit: Option<PermitId>,
    ticket: Option<TicketId>,
    method: PaymentMethod,
    amount: Cents,
    reverses: Option<PaymentId>,
    reason: Option<&str>,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<PaymentId> {
    c.prepare_cached(
        "INSERT INTO payment (permit_id, ticket_id, method, amount_cents, reverses_payment_id, reason, account_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![permit, ticket, method, amount.0, reverses, reason, by, super::instant(now)])?;
    Ok(PaymentId(c.last_insert_rowid()?))
}

pub fn payment(c: &Connection, id: PaymentId) -> Result<Option<Payment>> {
    Ok(c.prepare_cached(&format!("SELECT {PAYMENT_COLUMNS} FROM payment WHERE id = ?1"))?
        .query_row([id], payment_from_row)
        .optional()?)
}

pub fn payments_of_permit(c: &Connection, permit: PermitId) -> Result<Vec<Payment>> {
    payments_where(c, "permit_id", permit.0)
}

pub fn payments_of_ticket(c: &Connection, ticket: TicketId) -> Result<Vec<Payment>> {
    payments_where(c, "ticket_id", ticket.0)
}

/// The payments (reversals included, in order) whose `column` (`permit_id` or `ticket_id`,
/// never text from outside) is `id`.
fn payments_where(c: &Connection, column: &'static str, id: i64) -> Result<Vec<Payment>> {
    let mut st = c.prepare_cached(&format!("SELECT {PAYMENT_COLUMNS} FROM payment WHERE {column} = ?1 ORDER BY id"))?;
    Ok(st.query_map([id], payment_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn is_reversed(c: &Connection, id: PaymentId) -> Result<bool> {
    Ok(c.prepare_cached("SELECT EXISTS (SELECT 1 FROM payment WHERE reverses_payment_id = ?1)")?
        .query_row([id], |r| r.get(0))?)
}

// ── Day closes ───────────────────────────────────────────────────────────────────────────

pub fn is_closed(c: &Connection, market: MarketId, day: NaiveDate) -> Result<bool> {
    Ok(c.prepare_cached("SELECT EXISTS (SELECT 1 FROM day_close WHERE market_id = ?1 AND day = ?2)")?
        .query_row(params![market, super::day(day)], |r| r.get(0))?)
}

pub fn closed_by(c: &Connection, market: MarketId, day: NaiveDate, account: AccountId) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM day_close WHERE market_id = ?1 AND day = ?2 AND account_id = ?3)",
    )?
    .query_row(params![market, super::day(day), account], |r| r.get(0))?)
}

/// Payments of permits per method: (method, number, net amount). For summaries.
pub fn totals_by_method(c: &Connection) -> Result<Vec<(PaymentMethod, usize, Cents)>> {
    let mut st = c.prepare_cached(
        "SELECT method, count(*), sum(amount_cents) FROM payment WHERE permit_id IS NOT NULL GROUP BY method ORDER BY method",
    )?;
    Ok(st
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, Cents(r.get(2)?))))?
        .collect::<crate::db::SqlResult<_>>()?)
}

// ── A vendor's permits (the vendor page) ─────────────────────────────────────────────────

/// The newest `limit` permits of a vendor (by day, then issue), each with its total, what
/// was paid and how. A handful of indexed lookups per row of a short page: the vendor's
/// permits by `permit_vendor_day`, lines and payments by permit.
pub fn of_vendor(c: &Connection, vendor: VendorId, limit: i64) -> Result<Vec<crate::permit::VendorPermit>> {
    let mut st = c.prepare_cached(
        "SELECT p.id, p.invoice_number, m.code, m.name, p.day, v.reason,
                (SELECT coalesce(sum(l.incl_cents), 0) FROM invoice_line l WHERE l.permit_id = p.id),
                (SELECT coalesce(sum(x.amount_cents), 0) FROM payment x WHERE x.permit_id = p.id),
                -- The method of the payment that stands (not a reversal, not reversed), the
                -- newest; for a voided permit, the one it had.
                (SELECT x.method FROM payment x WHERE x.permit_id = p.id AND x.reverses_payment_id IS NULL
                 ORDER BY EXISTS (SELECT 1 FROM payment y WHERE y.reverses_payment_id = x.id), x.id DESC LIMIT 1)
         FROM daily_permit p JOIN market m ON m.id = p.market_id LEFT JOIN permit_void v ON v.permit_id = p.id
         WHERE p.vendor_id = ?1 ORDER BY p.day DESC, p.id DESC LIMIT ?2",
    )?;
    let rows = st.query_map(params![vendor, limit], |r| {
        Ok(crate::permit::VendorPermit {
            id: r.get(0)?,
            invoice_number: r.get(1)?,
            market_code: r.get(2)?,
            market_name: r.get(3)?,
            day: super::get_day(r, 4)?,
            voided: r.get(5)?,
            total: Cents(r.get(6)?),
            paid: Cents(r.get(7)?),
            method: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<crate::db::SqlResult<_>>()?)
}

/// A vendor's permits in all, the net amount booked on account over them (reversals
/// included, so a voided permit's on-account payment counts no more), and what its valid
/// permits still miss after a payment was reversed and not taken again.
pub fn vendor_totals(c: &Connection, vendor: VendorId) -> Result<(i64, Cents, Cents)> {
    let count: i64 = c
        .prepare_cached("SELECT count(*) FROM daily_permit WHERE vendor_id = ?1")?
        .query_row([vendor], |r| r.get(0))?;
    let on_account: i64 = c
        .prepare_cached(
            "SELECT coalesce(sum(x.amount_cents), 0) FROM daily_permit p JOIN payment x ON x.permit_id = p.id
             WHERE p.vendor_id = ?1 AND x.method = 'op_rekening'",
        )?
        .query_row([vendor], |r| r.get(0))?;
    let unpaid: i64 = c
        .prepare_cached(
            "SELECT coalesce(sum(open), 0) FROM (
                 SELECT (SELECT coalesce(sum(l.incl_cents), 0) FROM invoice_line l WHERE l.permit_id = p.id)
                      - (SELECT coalesce(sum(x.amount_cents), 0) FROM payment x WHERE x.permit_id = p.id) AS open
                 FROM daily_permit p
                 WHERE p.vendor_id = ?1 AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)) permits
             WHERE open > 0",
        )?
        .query_row([vendor], |r| r.get(0))?;
    Ok((count, Cents(on_account), Cents(unpaid)))
}

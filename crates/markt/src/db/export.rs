//! SQL of the exports: the finance batches (which lines a batch takes, what it keeps of
//! them) and the rows of the list exports.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::error::Result;
use crate::export::Dialect;
use crate::export::finance::{Batch, BatchLine, FinanceRequest};
use crate::ids::{AccountId, MarketId};
use crate::money::{Cents, Percent};

pub(crate) fn insert_batch(
    c: &Tx<'_>,
    number: i64,
    r: &FinanceRequest,
    markets: &[MarketId],
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<i64> {
    c.execute(
        "INSERT INTO finance_batch (number, period_from, period_until, dialect, account_id, created_at, permit_horizon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(id), 0) FROM daily_permit))",
        params![number, super::day(r.from), super::day(r.until), r.dialect.code(), by, super::instant(now)],
    )?;
    let id = c.last_insert_rowid()?;
    let mut st = c.prepare_cached("INSERT INTO finance_batch_market (batch_id, market_id) VALUES (?1, ?2)")?;
    for m in markets {
        st.execute(params![id, m])?;
    }
    Ok(id)
}

pub(crate) fn seal(c: &Tx<'_>, id: i64, lines: i64, total: Cents, sha256: &str) -> Result<()> {
    c.execute(
        "UPDATE finance_batch SET line_count = ?2, total_incl_cents = ?3, sha256 = ?4 WHERE id = ?1",
        params![id, lines, total.0, sha256],
    )?;
    Ok(())
}

/// A vendor's name as `Vendor::name` writes it: the non-empty parts joined by spaces.
const VENDOR_NAME: &str =
    "trim(v.initials || CASE WHEN v.infix <> '' THEN ' ' || v.infix ELSE '' END || ' ' || v.surname)";

/// The kept columns of a batch line, in insert order.
const LINE_COLUMNS: &str = "invoice_line_id, ticket_id, sign, market_id, market_code, day, invoice_number,
    registration_number, vendor_name, label, ledger_code, vat_code, quantity, price_cents, vat_bp, excl_cents,
    vat_cents, incl_cents, payment_method";

/// The permit's payment method as it stands: its latest payment that is neither a reversal
/// nor reversed; else (all reversed) its first payment's. (`+` keeps SQLite on the
/// permit's index: the index of `reverses_payment_id IS NULL` holds almost every payment.)
const PERMIT_METHOD: &str = "coalesce(
    (SELECT pay.method FROM payment pay WHERE pay.permit_id = p.id AND +pay.reverses_payment_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses_payment_id = pay.id) ORDER BY pay.id DESC LIMIT 1),
    (SELECT pay.method FROM payment pay WHERE pay.permit_id = p.id ORDER BY pay.id LIMIT 1), '')";

/// Valid permits' lines not yet exported, with the values the batch keeps. `{where}` picks
/// the permits.
fn permit_lines(filter: &str) -> String {
    format!(
        "SELECT il.id AS invoice_line_id, NULL AS ticket_id, 1 AS sign, p.market_id, m.code AS market_code, p.day,
                p.invoice_number, v.registration_number, {VENDOR_NAME} AS vendor_name, il.label,
                coalesce(tk.ledger_code, '') AS ledger_code, coalesce(tk.vat_code, '') AS vat_code, il.quantity,
                il.price_cents, il.vat_bp, il.excl_cents, il.vat_cents, il.incl_cents, {PERMIT_METHOD} AS payment_method,
                0 AS kind, il.position AS position
         FROM daily_permit p
         JOIN invoice_line il ON il.permit_id = p.id
         JOIN market m ON m.id = p.market_id
         JOIN vendor v ON v.id = p.vendor_id
         LEFT JOIN tariff_kind tk ON tk.code = il.tariff_kind_code
         WHERE {filter}
           AND p.market_id IN (SELECT market_id FROM finance_batch_market WHERE batch_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM finance_batch_line f WHERE f.invoice_line_id = il.id AND f.sign = 1)"
    )
}

/// The current status of ticket `t`.
const TICKET_STATUS: &str = "(SELECT e.status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1)";

/// The fine's payment method as it stands: its latest payment that is neither a reversal
/// nor reversed; none (an open fine) when every payment was reversed.
const TICKET_METHOD: &str = "coalesce(
    (SELECT pay.method FROM payment pay WHERE pay.ticket_id = t.id AND +pay.reverses_payment_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses_payment_id = pay.id) ORDER BY pay.id DESC LIMIT 1), '')";

/// Fines standing (issued, paid, under objection or upheld) not yet exported.
fn ticket_lines(filter: &str) -> String {
    format!(
        "SELECT NULL, t.id, 1, t.market_id, m.code, t.day, t.number, coalesce(v.registration_number, ''),
                coalesce({VENDOR_NAME}, t.unknown_person, ''), 'Boete ' || vi.code || ': ' || vi.description,
                fc.ledger_code, fc.vat_code, 1, t.amount_cents, 0, t.amount_cents, 0, t.amount_cents,
                {TICKET_METHOD},
                1, 0
         FROM ticket t
         JOIN market m ON m.id = t.market_id
         JOIN violation vi ON vi.id = t.violation_id
         LEFT JOIN vendor v ON v.id = t.vendor_id
         JOIN finance_code fc ON fc.key = 'boete'
         WHERE {filter}
           AND t.market_id IN (SELECT market_id FROM finance_batch_market WHERE batch_id = ?1)
           AND t.decision = 'boete' AND t.amount_cents > 0
           AND {TICKET_STATUS} IN ('issued', 'paid', 'objection', 'upheld')
           AND NOT EXISTS (SELECT 1 FROM finance_batch_line f WHERE f.ticket_id = t.id AND f.sign = 1)"
    )
}

/// Inserts the rows of `select` (ordered by day, market, kind, invoice number, line) after
/// `seq`; answers the new last seq.
fn insert_rows(c: &Connection, select: &str, args: &[&dyn rusqlite::ToSql], seq: i64) -> Result<i64> {
    let sql = format!(
        "INSERT INTO finance_batch_line (batch_id, seq, {LINE_COLUMNS})
         SELECT ?1, {seq} + row_number() OVER (ORDER BY day, market_code, kind, invoice_number, position, sign),
                {LINE_COLUMNS}
         FROM ({select}) lines"
    );
    let n = c.prepare_cached(&sql)?.execute(args)?;
    Ok(seq + n as i64)
}

/// The corrections batch `batch` takes before its period's lines: negative lines of
/// exported lines whose permit is now voided and of exported fines now withdrawn or void,
/// and late lines of days outside `from..=until` that an earlier batch already covered.
pub(crate) fn add_corrections(c: &Connection, batch: i64, from: NaiveDate, until: NaiveDate, seq: i64) -> Result<i64> {
    let negatives = "SELECT f.invoice_line_id, f.ticket_id, -1 AS sign, f.market_id, f.market_code, f.day,
                f.invoice_number, f.registration_number, f.vendor_name, f.label, f.ledger_code, f.vat_code,
                -f.quantity AS quantity, f.price_cents, f.vat_bp, -f.excl_cents AS excl_cents,
                -f.vat_cents AS vat_cents, -f.incl_cents AS incl_cents, f.payment_method,
                CASE WHEN f.ticket_id IS NOT NULL THEN 1 ELSE 0 END AS kind, coalesce(il.position, 0) AS position
         FROM finance_batch_line f
         LEFT JOIN invoice_line il ON il.id = f.invoice_line_id
         WHERE f.sign = 1
           AND f.market_id IN (SELECT market_id FROM finance_batch_market WHERE batch_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM finance_batch_line n
                           WHERE n.sign = -1 AND (n.invoice_line_id = f.invoice_line_id OR n.ticket_id = f.ticket_id))";
    // Two sources, so that each can use its index: voided permits' lines, and fines.
    let voided = format!(
        "{negatives} AND f.invoice_line_id IN (SELECT il2.id FROM permit_void pv JOIN invoice_line il2 ON il2.permit_id = pv.permit_id)"
    );
    let withdrawn = format!(
        "{negatives} AND f.ticket_id IN (SELECT t.id FROM ticket t WHERE {TICKET_STATUS} IN ('withdrawn', 'void'))"
    );
    // Covered by an earlier batch: its market and day in it, issued after it was made (a
    // valid line that existed then went with it; a voided permit never becomes valid again).
    // Permit ids only grow (nothing is deleted), so "after" is "above the batch's horizon",
    // whatever the clocks said.
    let covered = "p.id IN (SELECT p2.id FROM finance_batch b
                 JOIN finance_batch_market bm ON bm.batch_id = b.id
                 JOIN daily_permit p2 ON p2.id > b.permit_horizon AND p2.market_id = bm.market_id
                      AND p2.day BETWEEN b.period_from AND b.period_until
                 WHERE b.id <> ?1)
         AND p.day NOT BETWEEN ?2 AND ?3";
    let covered_tickets = "t.id IN (SELECT t2.id FROM finance_batch b
                 JOIN finance_batch_market bm ON bm.batch_id = b.id
                 JOIN ticket t2 ON t2.market_id = bm.market_id AND t2.day BETWEEN b.period_from AND b.period_until
                 WHERE b.id <> ?1)
         AND t.day NOT BETWEEN ?2 AND ?3";
    let select = format!(
        "{voided} UNION ALL {withdrawn} UNION ALL {} UNION ALL {}",
        permit_lines(covered),
        ticket_lines(covered_tickets)
    );
    insert_rows(c, &select, &[&batch, &super::day(from), &super::day(until)], seq)
}

/// The payment corrections batch `batch` takes after its other corrections: each payment of
/// a permit that stands (not voided) made after an earlier batch exported the permit's
/// lines, that no batch took yet. That is a reversal without a void (negative, its label
/// naming the payment it reverses) and a payment made after one (positive): the lines went
/// out with the method that stood then, and these say how the drawer changed since. A
/// void's own reversals are not among them: the void's negative lines take the permit back.
pub(crate) fn add_payment_corrections(c: &Tx<'_>, batch: i64, seq: i64) -> Result<i64> {
    let sql = format!(
        "INSERT INTO finance_batch_payment (batch_id, seq, payment_id, sign, market_id, market_code, day, invoice_number,
                registration_number, vendor_name, label, ledger_code, vat_code, quantity, price_cents, vat_bp,
                excl_cents, vat_cents, incl_cents, payment_method)
         SELECT ?1, {seq} + row_number() OVER (ORDER BY p.day, m.code, p.invoice_number, pay.id),
                pay.id, CASE WHEN pay.amount_cents < 0 THEN -1 ELSE 1 END, p.market_id, m.code, p.day, p.invoice_number,
                v.registration_number, {VENDOR_NAME},
                CASE WHEN pay.reverses_payment_id IS NULL THEN 'Betaling na terugboeking'
                     ELSE 'Terugboeking van betaling ' || pay.reverses_payment_id || ' (' || o.method || '): '
                          || coalesce(pay.reason, '') END,
                '', '', CASE WHEN pay.amount_cents < 0 THEN -1 ELSE 1 END, abs(pay.amount_cents), 0,
                pay.amount_cents, 0, pay.amount_cents, pay.method
         FROM payment pay
         JOIN daily_permit p ON p.id = pay.permit_id
         JOIN market m ON m.id = p.market_id
         JOIN vendor v ON v.id = p.vendor_id
         LEFT JOIN payment o ON o.id = pay.reverses_payment_id
         WHERE p.market_id IN (SELECT market_id FROM finance_batch_market WHERE batch_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM finance_batch_payment fp WHERE fp.payment_id = pay.id)
           AND EXISTS (SELECT 1 FROM invoice_line il
                       JOIN finance_batch_line f ON f.invoice_line_id = il.id AND f.sign = 1 AND f.batch_id <> ?1
                       JOIN finance_batch b ON b.id = f.batch_id
                       WHERE il.permit_id = p.id AND pay.at > b.created_at)"
    );
    let n = c.prepare_cached(&sql)?.execute([batch])?;
    Ok(seq + n as i64)
}

/// How many lines of the days `from..=until` no batch took yet: what the batch's days will
/// add (its corrections come on top), so the progress can count lines, not days.
pub(crate) fn count_period(c: &Connection, batch: i64, from: NaiveDate, until: NaiveDate) -> Result<i64> {
    let select =
        format!("{} UNION ALL {}", permit_lines("p.day BETWEEN ?2 AND ?3"), ticket_lines("t.day BETWEEN ?2 AND ?3"));
    let sql = format!("SELECT count(*) FROM ({select}) lines");
    Ok(c.prepare_cached(&sql)?.query_row(params![batch, super::day(from), super::day(until)], |r| r.get(0))?)
}

/// The lines of one day of the batch's period that no batch took yet.
pub(crate) fn add_day(c: &Connection, batch: i64, day: NaiveDate, seq: i64) -> Result<i64> {
    let select = format!("{} UNION ALL {}", permit_lines("p.day = ?2"), ticket_lines("t.day = ?2"));
    insert_rows(c, &select, &[&batch, &super::day(day)], seq)
}

/// Calls `f` with each kept row of a batch, in file order.
pub(crate) fn for_each_line(c: &Connection, batch: i64, f: &mut dyn FnMut(&BatchLine) -> Result<()>) -> Result<()> {
    // A batch's rows are its lines and its payment corrections, one `seq` between them.
    let mut st = c.prepare_cached(
        "SELECT sign, market_code, day, invoice_number, registration_number, vendor_name, label, ledger_code, vat_code,
                quantity, price_cents, vat_bp, excl_cents, vat_cents, incl_cents, payment_method, seq
         FROM finance_batch_line WHERE batch_id = ?1
         UNION ALL
         SELECT sign, market_code, day, invoice_number, registration_number, vendor_name, label, ledger_code, vat_code,
                quantity, price_cents, vat_bp, excl_cents, vat_cents, incl_cents, payment_method, seq
         FROM finance_batch_payment WHERE batch_id = ?1
         ORDER BY seq",
    )?;
    let mut rows = st.query([batch])?;
    while let Some(r) = rows.next()? {
        let line = BatchLine {
            sign: r.get(0)?,
            market_code: r.get(1)?,
            day: super::get_day(&r, 2)?,
            invoice_number: r.get(3)?,
            registration_number: r.get(4)?,
            vendor_name: r.get(5)?,
            label: r.get(6)?,
            ledger_code: r.get(7)?,
            vat_code: r.get(8)?,
            quantity: r.get(9)?,
            price: Cents(r.get(10)?),
            vat_percent: Percent(r.get(11)?),
            excl: Cents(r.get(12)?),
            vat: Cents(r.get(13)?),
            incl: Cents(r.get(14)?),
            payment_method: r.get(15)?,
        };
        f(&line)?;
    }
    Ok(())
}

const BATCH_COLUMNS: &str = "b.number, b.period_from, b.period_until, b.dialect, a.username, b.created_at,
    coalesce(b.line_count, 0), coalesce(b.total_incl_cents, 0), coalesce(b.sha256, ''),
    (SELECT count(*) FROM finance_batch_line f WHERE f.batch_id = b.id AND f.sign = -1)
      + (SELECT count(*) FROM finance_batch_payment f WHERE f.batch_id = b.id AND f.sign = -1),
    (SELECT string_agg(m.code, ',' ORDER BY m.code) FROM finance_batch_market bm JOIN market m ON m.id = bm.market_id
        WHERE bm.batch_id = b.id)";

fn batch_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Batch> {
    let dialect: String = r.get(3)?;
    let markets: Option<String> = r.get(10)?;
    Ok(Batch {
        number: r.get(0)?,
        from: super::get_day(r, 1)?,
        until: super::get_day(r, 2)?,
        markets: markets.iter().flat_map(|m| m.split(',')).map(str::to_string).collect(),
        dialect: if dialect == "rfc" { Dialect::Rfc } else { Dialect::Nl },
        made_by: r.get(4)?,
        at: super::get_instant(r, 5)?,
        lines: r.get(6)?,
        total_incl: Cents(r.get(7)?),
        sha256: r.get(8)?,
        negative: r.get(9)?,
    })
}

pub fn batch(c: &Connection, number: i64) -> Result<Option<Batch>> {
    Ok(c.query_row(
        &format!(
            "SELECT {BATCH_COLUMNS} FROM finance_batch b JOIN account a ON a.id = b.account_id WHERE b.number = ?1"
        ),
        [number],
        batch_from_row,
    )
    .optional()?)
}

pub(crate) fn batch_id(c: &Connection, number: i64) -> Result<Option<i64>> {
    Ok(c.query_row("SELECT id FROM finance_batch WHERE number = ?1", [number], |r| r.get(0)).optional()?)
}

pub fn batches(c: &Connection) -> Result<Vec<Batch>> {
    let mut st = c.prepare(&format!(
        "SELECT {BATCH_COLUMNS} FROM finance_batch b JOIN account a ON a.id = b.account_id ORDER BY b.number DESC"
    ))?;
    Ok(st.query_map([], batch_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn fine_codes(c: &Connection) -> Result<(String, String)> {
    Ok(c.query_row("SELECT ledger_code, vat_code FROM finance_code WHERE key = 'boete'", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?
    .unwrap_or_default())
}

pub(crate) fn set_fine_codes(c: &Tx<'_>, ledger: &str, vat: &str) -> Result<()> {
    c.execute(
        "INSERT INTO finance_code (key, ledger_code, vat_code) VALUES ('boete', ?1, ?2)
         ON CONFLICT (key) DO UPDATE SET ledger_code = excluded.ledger_code, vat_code = excluded.vat_code",
        params![ledger, vat],
    )?;
    Ok(())
}

/// Sign-ons and sign-offs of the markets in a period, by day, market and vendor number.
pub fn attendance(
    c: &Connection,
    markets: &[MarketId],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<crate::export::lists::AttendanceRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT at.market_id, m.code, at.day, v.registration_number, {VENDOR_NAME}, at.attends, coalesce(at.reason, ''),
                coalesce(a.username, ''), at.recorded_at
         FROM attendance at JOIN market m ON m.id = at.market_id JOIN vendor v ON v.id = at.vendor_id
         LEFT JOIN account a ON a.id = at.account_id
         WHERE at.day BETWEEN ?1 AND ?2
         ORDER BY at.day, m.code, v.registration_number"
    ))?;
    let rows = st.query_map(params![super::day(from), super::day(until)], |r| {
        let number: String = r.get(3)?;
        Ok((
            r.get::<_, MarketId>(0)?,
            crate::export::lists::AttendanceRow {
                market_code: r.get(1)?,
                day: super::get_day(r, 2)?,
                registration_number: crate::vendor::RegistrationNumber::parse(&number)
                    .map(|n| n.to_string())
                    .unwrap_or(number),
                vendor_name: r.get(4)?,
                attends: r.get(5)?,
                reason: r.get(6)?,
                recorded_by: r.get(7)?,
                recorded_at: super::get_instant(r, 8)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (market, row) = row?;
        if markets.contains(&market) {
            out.push(row);
        }
    }
    Ok(out)
}

/// Benchmark support: `permits` permits of `lines` invoice lines each (and a payment each)
/// on `market`, spread over the days from `from`, by vendors with ids `vendors`, written with
/// plain SQL in one transaction (seconds for a million lines, where issuing them one by one
/// through the fee engine would take an hour). Not for a real database.
#[doc(hidden)]
pub fn fill_for_benchmark(
    store: &mut super::Store,
    market: MarketId,
    account: AccountId,
    vendors: std::ops::RangeInclusive<i64>,
    from: NaiveDate,
    permits: i64,
    lines: i64,
) -> Result<()> {
    let per_day = ((permits + 364) / 365).max(1);
    let (first_vendor, n_vendors) = (*vendors.start(), vendors.end() - vendors.start() + 1);
    store.write(|tx| {
        tx.execute(
            tx.sql(
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1)
                 INSERT INTO daily_permit (market_id, day, vendor_id, invoice_number, status, presence, identified_by,
                                           issued_by, issued_at)
                 SELECT ?2, date(?3, '+' || (i / ?4) || ' days'), ?5 + (i % ?6), 'B' || printf('%09d', i), 'soll',
                        'zelf', 'getypt', ?7, '2026-01-01T08:00:00Z'
                 FROM n",
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(?1 AS bigint) - 1)
                 INSERT INTO daily_permit (market_id, day, vendor_id, invoice_number, status, presence, identified_by,
                                           issued_by, issued_at)
                 SELECT ?2, CAST(?3 AS date) + CAST(i / ?4 AS integer), ?5 + (i % ?6), 'B' || lpad(i::text, 9, '0'),
                        'soll', 'zelf', 'getypt', ?7, '2026-01-01T08:00:00Z'
                 FROM n",
            ),
            params![permits, market, super::day(from), per_day, first_vendor, n_vendors, account],
        )?;
        tx.execute(
            "WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < ?1),
             l AS (SELECT p.id AS permit_id, k.j AS position, 1 + (p.id % 5) AS quantity,
                          CASE k.j % 4 WHEN 0 THEN 246 WHEN 1 THEN 47 WHEN 2 THEN 19 ELSE 115 END AS price,
                          CASE k.j % 4 WHEN 0 THEN 0 WHEN 3 THEN 0 ELSE 2100 END AS vat_bp,
                          CASE k.j % 4 WHEN 0 THEN 'meter' WHEN 1 THEN 'cleaning' WHEN 2 THEN 'waste' ELSE 'promo_vendor' END AS kind
                   FROM daily_permit p, k)
             INSERT INTO invoice_line (permit_id, position, label, tariff_kind_code, fixed, quantity, price_cents, vat_bp,
                                       excl_cents, vat_cents, incl_cents)
             SELECT permit_id, position, 'regel ' || kind, kind, 0, quantity, price, vat_bp, quantity * price,
                    (quantity * price * vat_bp + 5000) / 10000, quantity * price + (quantity * price * vat_bp + 5000) / 10000
             FROM l",
            [lines],
        )?;
        tx.execute(
            "INSERT INTO payment (permit_id, method, amount_cents, account_id, at)
             SELECT p.id, CASE p.id % 3 WHEN 0 THEN 'pin' WHEN 1 THEN 'contant' ELSE 'op_rekening' END,
                    (SELECT sum(incl_cents) FROM invoice_line il WHERE il.permit_id = p.id), ?1, p.issued_at
             FROM daily_permit p",
            [account],
        )?;
        Ok(())
    })
}

/// The newest batch, if any.
pub fn last_batch(c: &Connection) -> Result<Option<Batch>> {
    Ok(c.query_row(
        &format!(
            "SELECT {BATCH_COLUMNS} FROM finance_batch b JOIN account a ON a.id = b.account_id
             ORDER BY b.number DESC LIMIT 1"
        ),
        [],
        batch_from_row,
    )
    .optional()?)
}

/// The first day up to `until` with a valid permit that waits for a batch: of a day after
/// the newest batch's period, or of a day it covered but issued after it (a late line).
/// Both by index (`permit_day`, the permit's rowid above the batch's horizon), never a pass
/// over the years already exported.
pub fn first_waiting_day(c: &Connection, until: NaiveDate) -> Result<Option<NaiveDate>> {
    let (covered_until, horizon): (Option<String>, i64) = c
        .query_row("SELECT period_until, permit_horizon FROM finance_batch ORDER BY number DESC LIMIT 1", [], |r| {
            Ok((Some(r.get(0)?), r.get(1)?))
        })
        .optional()?
        .unwrap_or((None, 0));
    let valid = "NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)";
    // In day order, stopping at the first valid one.
    let after: Option<String> = c
        .query_row(
            &format!(
                "SELECT p.day FROM daily_permit p WHERE (p.day > ?1 OR ?1 IS NULL) AND p.day <= ?2 AND {valid}
                 ORDER BY p.day LIMIT 1"
            ),
            params![covered_until, super::day(until)],
            |r| r.get(0),
        )
        .optional()?;
    // The permits issued since the batch, by rowid (`+p.day` keeps the planner off the day
    // index, which would walk every exported day).
    let late: Option<String> = c.query_row(
        &format!("SELECT min(p.day) FROM daily_permit p WHERE p.id > ?1 AND +p.day <= ?2 AND {valid}"),
        params![horizon, covered_until],
        |r| r.get(0),
    )?;
    match after.into_iter().chain(late).min() {
        Some(day) => Ok(Some(super::parse_day(&day)?)),
        None => Ok(None),
    }
}

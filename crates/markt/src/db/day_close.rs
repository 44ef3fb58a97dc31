//! SQL of day closes and of a clerk's day (permits and money by method, fines taken).

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::code::PaymentMethod;
use crate::day_close::{ClerkDay, DayClose, Fines};
use crate::error::Result;
use crate::ids::{AccountId, DayCloseId, MarketId};
use crate::money::Cents;

/// A clerk's permits of a market day and the money the clerk took for that day's permits
/// (reversals by the clerk included).
pub fn clerk_day(c: &Connection, market: MarketId, day: NaiveDate, account: AccountId) -> Result<ClerkDay> {
    let (permits, voided): (i64, i64) = c
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE v.permit_id IS NULL), count(v.permit_id)
             FROM daily_permit p LEFT JOIN permit_void v ON v.permit_id = p.id
             WHERE p.market_id = ?1 AND p.day = ?2 AND p.issued_by = ?3",
        )?
        .query_row(params![market, super::day(day), account], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut st = c.prepare_cached(
        "SELECT pay.method, sum(pay.amount_cents) FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id
         WHERE p.market_id = ?1 AND p.day = ?2 AND pay.account_id = ?3 GROUP BY pay.method",
    )?;
    let mut out = ClerkDay {
        market,
        day,
        account,
        permits,
        voided,
        pin: Cents::ZERO,
        cash: Cents::ZERO,
        on_account: Cents::ZERO,
        fines: fines(c, market, day, Some(account), None)?,
    };
    for row in st.query_map(params![market, super::day(day), account], |r| Ok((r.get(0)?, Cents(r.get(1)?))))? {
        let (method, amount): (PaymentMethod, Cents) = row?;
        match method {
            PaymentMethod::Pin => out.pin = amount,
            PaymentMethod::Cash => out.cash = amount,
            PaymentMethod::OnAccount => out.on_account = amount,
        }
    }
    Ok(out)
}

/// The fine payments (reversals included) of `market`'s tickets taken on the Amsterdam date
/// `day`: only those `account` took when given, only those up to `until` (inclusive) when
/// given. A fine payment has no market of its own; see [`crate::day_close`] for the rule.
pub fn fines(
    c: &Connection,
    market: MarketId,
    day: NaiveDate,
    account: Option<AccountId>,
    until: Option<DateTime<Utc>>,
) -> Result<Fines> {
    let (from, to) = local_day(day);
    let mut st = c.prepare_cached(
        "SELECT pay.method, count(*) FILTER (WHERE pay.reverses_payment_id IS NULL), sum(pay.amount_cents)
         FROM ticket t JOIN payment pay ON pay.ticket_id = t.id
         WHERE t.market_id = ?1 AND pay.at >= ?2 AND pay.at < ?3
           AND (pay.account_id = ?4 OR ?4 IS NULL) AND (pay.at <= ?5 OR ?5 IS NULL)
         GROUP BY pay.method",
    )?;
    let mut out = Fines::default();
    let rows = st.query_map(params![market, from, to, account, until.map(super::instant)], |r| {
        Ok((r.get::<_, PaymentMethod>(0)?, r.get::<_, i64>(1)?, Cents(r.get(2)?)))
    })?;
    for row in rows {
        let (method, count, amount) = row?;
        out.payments += count;
        out.add(method, amount);
    }
    Ok(out)
}

/// The stored instants that bound the Amsterdam date `day`: `from <= at < to`. (Instants are
/// stored as fixed-width UTC text, so text order is time order.)
pub(crate) fn local_day(day: NaiveDate) -> (String, String) {
    let midnight = chrono::NaiveTime::MIN;
    let next = day.succ_opt().unwrap_or(day);
    (super::instant(crate::time::at_local(day, midnight)), super::instant(crate::time::at_local(next, midnight)))
}

pub fn insert(
    c: &Tx<'_>,
    s: &ClerkDay,
    counted: Cents,
    difference: Cents,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DayCloseId> {
    c.execute(
        "INSERT INTO day_close (market_id, day, account_id, at, permit_count, pin_cents, cash_cents, on_account_cents,
                                counted_cash_cents, difference_cents, difference_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            s.market,
            super::day(s.day),
            s.account,
            super::instant(now),
            s.permits,
            s.pin.0,
            s.cash.0,
            s.on_account.0,
            counted.0,
            difference.0,
            reason
        ],
    )?;
    Ok(DayCloseId(c.last_insert_rowid()?))
}

const COLUMNS: &str = "d.id, d.market_id, d.day, d.account_id, a.display_name, d.at, d.permit_count, d.pin_cents,
     d.cash_cents, d.on_account_cents, d.counted_cash_cents, d.difference_cents, d.difference_reason";

fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<DayClose> {
    Ok(DayClose {
        id: r.get(0)?,
        summary: ClerkDay {
            market: r.get(1)?,
            day: super::get_day(r, 2)?,
            account: r.get(3)?,
            permits: r.get(6)?,
            voided: 0,
            pin: Cents(r.get(7)?),
            cash: Cents(r.get(8)?),
            on_account: Cents(r.get(9)?),
            fines: Fines::default(),
        },
        account_name: r.get(4)?,
        at: super::get_instant(r, 5)?,
        counted_cash: Cents(r.get(10)?),
        difference: Cents(r.get(11)?),
        difference_reason: Some(r.get::<_, String>(12)?).filter(|s| !s.is_empty()),
    })
}

/// Reads back the fines a stored close held: its clerk's, taken up to its moment.
fn with_fines(c: &Connection, mut d: DayClose) -> Result<DayClose> {
    d.summary.fines = fines(c, d.summary.market, d.summary.day, Some(d.summary.account), Some(d.at))?;
    Ok(d)
}

pub fn get(c: &Connection, id: DayCloseId) -> Result<Option<DayClose>> {
    let found = c
        .query_row(
            &format!("SELECT {COLUMNS} FROM day_close d JOIN account a ON a.id = d.account_id WHERE d.id = ?1"),
            [id],
            from_row,
        )
        .optional()?;
    found.map(|d| with_fines(c, d)).transpose()
}

pub fn of_day(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<DayClose>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM day_close d JOIN account a ON a.id = d.account_id
         WHERE d.market_id = ?1 AND d.day = ?2 ORDER BY d.at, d.id"
    ))?;
    let closes: Vec<DayClose> =
        st.query_map(params![market, super::day(day)], from_row)?.collect::<crate::db::SqlResult<_>>()?;
    closes.into_iter().map(|d| with_fines(c, d)).collect()
}

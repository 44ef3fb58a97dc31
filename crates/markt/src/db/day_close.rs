//! SQL of day closes and of a clerk's day (permits and money by method).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::code::PaymentMethod;
use crate::day_close::{ClerkDay, DayClose};
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

pub fn insert(
    c: &Connection,
    s: &ClerkDay,
    counted: Cents,
    difference: Cents,
    now: DateTime<Utc>,
) -> Result<DayCloseId> {
    c.execute(
        "INSERT INTO day_close (market_id, day, account_id, at, permit_count, pin_cents, cash_cents, on_account_cents,
                                counted_cash_cents, difference_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
            difference.0
        ],
    )?;
    Ok(DayCloseId(c.last_insert_rowid()))
}

const COLUMNS: &str = "d.id, d.market_id, d.day, d.account_id, a.display_name, d.at, d.permit_count, d.pin_cents,
     d.cash_cents, d.on_account_cents, d.counted_cash_cents, d.difference_cents";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DayClose> {
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
        },
        account_name: r.get(4)?,
        at: super::get_instant(r, 5)?,
        counted_cash: Cents(r.get(10)?),
        difference: Cents(r.get(11)?),
    })
}

pub fn get(c: &Connection, id: DayCloseId) -> Result<Option<DayClose>> {
    Ok(c.query_row(
        &format!("SELECT {COLUMNS} FROM day_close d JOIN account a ON a.id = d.account_id WHERE d.id = ?1"),
        [id],
        from_row,
    )
    .optional()?)
}

pub fn of_day(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<DayClose>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM day_close d JOIN account a ON a.id = d.account_id
         WHERE d.market_id = ?1 AND d.day = ?2 ORDER BY d.at, d.id"
    ))?;
    Ok(st.query_map(params![market, super::day(day)], from_row)?.collect::<rusqlite::Result<_>>()?)
}

//! SQL of attendance: weekly patterns, per-day records, absence periods.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::attendance::{Absence, AttendanceRecord};
use crate::code::Weekdays;
use crate::error::Result;
use crate::ids::{AbsenceId, AccountId, MarketId, VendorId};

pub fn pattern(c: &Connection, vendor: VendorId, market: MarketId) -> Result<Option<Weekdays>> {
    let bits: Option<u8> = c
        .prepare_cached("SELECT weekdays FROM attendance_pattern WHERE vendor_id = ?1 AND market_id = ?2")?
        .query_row(params![vendor, market], |r| r.get(0))
        .optional()?;
    Ok(bits.and_then(Weekdays::from_bits))
}

pub fn set_pattern(c: &Tx<'_>, vendor: VendorId, market: MarketId, weekdays: Weekdays) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO attendance_pattern (vendor_id, market_id, weekdays) VALUES (?1, ?2, ?3)
         ON CONFLICT (vendor_id, market_id) DO UPDATE SET weekdays = excluded.weekdays",
    )?
    .execute(params![vendor, market, weekdays.bits()])?;
    Ok(())
}

pub fn record(c: &Connection, vendor: VendorId, market: MarketId, day: NaiveDate) -> Result<Option<AttendanceRecord>> {
    Ok(c.prepare_cached("SELECT attends, reason FROM attendance WHERE vendor_id = ?1 AND market_id = ?2 AND day = ?3")?
        .query_row(params![vendor, market, super::day(day)], |r| {
            Ok(AttendanceRecord { vendor, market, day, attends: r.get(0)?, reason: r.get(1)? })
        })
        .optional()?)
}

pub fn upsert_record(c: &Tx<'_>, rec: &AttendanceRecord, by: AccountId, now: DateTime<Utc>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO attendance (vendor_id, market_id, day, attends, account_id, recorded_at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (market_id, day, vendor_id) DO UPDATE SET attends = excluded.attends,
             account_id = excluded.account_id, recorded_at = excluded.recorded_at, reason = excluded.reason",
    )?
    .execute(params![
        rec.vendor,
        rec.market,
        super::day(rec.day),
        rec.attends,
        by,
        super::instant(now),
        rec.reason
    ])?;
    Ok(())
}

pub fn absent_on(c: &Connection, vendor: VendorId, market: MarketId, day: NaiveDate) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM absence_period WHERE vendor_id = ?1 AND market_id = ?2
                        AND from_day <= ?3 AND until_day >= ?3)",
    )?
    .query_row(params![vendor, market, super::day(day)], |r| r.get(0))?)
}

pub fn insert_absence(
    c: &Tx<'_>,
    vendor: VendorId,
    market: MarketId,
    from: NaiveDate,
    until: NaiveDate,
    reason: &str,
) -> Result<AbsenceId> {
    c.prepare_cached(
        "INSERT INTO absence_period (vendor_id, market_id, from_day, until_day, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![vendor, market, super::day(from), super::day(until), reason])?;
    Ok(AbsenceId(c.last_insert_rowid()?))
}

const ABSENCE_COLUMNS: &str = "id, vendor_id, market_id, from_day, until_day, reason";

fn absence_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Absence> {
    Ok(Absence {
        id: r.get(0)?,
        vendor: r.get(1)?,
        market: r.get(2)?,
        from: super::get_day(r, 3)?,
        until: super::get_day(r, 4)?,
        reason: r.get(5)?,
    })
}

pub fn absence(c: &Connection, id: AbsenceId) -> Result<Option<Absence>> {
    Ok(c.prepare_cached(&format!("SELECT {ABSENCE_COLUMNS} FROM absence_period WHERE id = ?1"))?
        .query_row([id], absence_row)
        .optional()?)
}

pub fn set_absence_until(c: &Tx<'_>, id: AbsenceId, until: NaiveDate) -> Result<()> {
    c.prepare_cached("UPDATE absence_period SET until_day = ?2 WHERE id = ?1")?
        .execute(params![id, super::day(until)])?;
    Ok(())
}

pub fn delete_absence(c: &Tx<'_>, id: AbsenceId) -> Result<()> {
    c.prepare_cached("DELETE FROM absence_period WHERE id = ?1")?.execute([id])?;
    Ok(())
}

pub fn absences(c: &Connection, vendor: VendorId, market: MarketId) -> Result<Vec<Absence>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ABSENCE_COLUMNS} FROM absence_period WHERE vendor_id = ?1 AND market_id = ?2 ORDER BY from_day"
    ))?;
    Ok(st.query_map(params![vendor, market], absence_row)?.collect::<crate::db::SqlResult<_>>()?)
}

// ── A whole market day at once, for the allocation ───────────────────────────────────────

/// Every sign-on and sign-off recorded for the market day.
pub fn records_on(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<AttendanceRecord>> {
    let mut st = c.prepare_cached(
        "SELECT vendor_id, attends, reason FROM attendance WHERE market_id = ?1 AND day = ?2 ORDER BY vendor_id",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| {
            Ok(AttendanceRecord { vendor: r.get(0)?, market, day, attends: r.get(1)?, reason: r.get(2)? })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// The absence periods on the market that cover `day`.
pub fn absences_on(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Absence>> {
    let mut st = c.prepare_cached(
        "SELECT id, vendor_id, market_id, from_day, until_day, reason FROM absence_period
         WHERE market_id = ?1 AND from_day <= ?2 AND until_day >= ?2 ORDER BY vendor_id, from_day, id",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| {
            Ok(Absence {
                id: r.get(0)?,
                vendor: r.get(1)?,
                market: r.get(2)?,
                from: super::get_day(r, 3)?,
                until: super::get_day(r, 4)?,
                reason: r.get(5)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// The weekly patterns of the market's vendors.
pub fn patterns_of_market(c: &Connection, market: MarketId) -> Result<Vec<(VendorId, Weekdays)>> {
    let mut st =
        c.prepare_cached("SELECT vendor_id, weekdays FROM attendance_pattern WHERE market_id = ?1 ORDER BY vendor_id")?;
    let rows: Vec<(VendorId, u8)> =
        st.query_map([market], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<_>>()?;
    Ok(rows.into_iter().filter_map(|(v, bits)| Some((v, Weekdays::from_bits(bits)?))).collect())
}

/// A sign-on or sign-off as last recorded, with who recorded it and when.
pub struct Recorded {
    pub record: AttendanceRecord,
    pub by: Option<AccountId>,
    pub at: DateTime<Utc>,
}

/// Every sign-on and sign-off of the market day with who recorded it and when (a record
/// is kept once per vendor and day: a later change replaces it).
pub fn recorded_on(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Recorded>> {
    let mut st = c.prepare_cached(
        "SELECT vendor_id, attends, reason, account_id, recorded_at FROM attendance
         WHERE market_id = ?1 AND day = ?2 ORDER BY vendor_id",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| {
            Ok(Recorded {
                record: AttendanceRecord { vendor: r.get(0)?, market, day, attends: r.get(1)?, reason: r.get(2)? },
                by: r.get(3)?,
                at: super::get_instant(r, 4)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

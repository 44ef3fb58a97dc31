//! SQL of stored allocations: versions of a market day, their assignments (stall → vendor),
//! one result per vendor with its explanation, and the clerks' overrides. The schema's
//! triggers refuse any change to a published version and any edit of an override.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::allocation::day::{Override, StallRef, VendorResult, Version};
use crate::code::{AllocationOutcome, AllocationState, OverrideKind, RegistrationStatus, RejectionReason};
use crate::error::Result;
use crate::ids::{AccountId, AllocationId, BranchId, MarketId, OverrideId, StallId, VendorId};
use crate::market::StallNumber;
use crate::vendor::RegistrationNumber;

const VERSION_COLUMNS: &str =
    "id, market_id, day, version, state, created_by, created_at, published_by, published_at, based_on";

fn version_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Version> {
    let published_at: Option<String> = r.get(8)?;
    Ok(Version {
        id: r.get(0)?,
        market: r.get(1)?,
        day: super::get_day(r, 2)?,
        number: r.get(3)?,
        state: r.get(4)?,
        created_by: r.get(5)?,
        created_at: super::get_instant(r, 6)?,
        published_by: r.get(7)?,
        published_at: published_at.as_deref().map(super::parse_instant).transpose()?,
        based_on: r.get(9)?,
    })
}

pub fn insert_version(
    c: &Tx<'_>,
    market: MarketId,
    day: NaiveDate,
    number: i64,
    based_on: Option<AllocationId>,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<AllocationId> {
    c.prepare_cached(
        "INSERT INTO allocation (market_id, day, version, state, created_by, created_at, based_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        market,
        super::day(day),
        number,
        AllocationState::Draft,
        by,
        super::instant(now),
        based_on
    ])?;
    Ok(AllocationId(c.last_insert_rowid()?))
}

pub fn version(c: &Connection, id: AllocationId) -> Result<Option<Version>> {
    Ok(c.prepare_cached(&format!("SELECT {VERSION_COLUMNS} FROM allocation WHERE id = ?1"))?
        .query_row([id], version_from_row)
        .optional()?)
}

/// The day's versions, oldest first.
pub fn versions(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Version>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM allocation WHERE market_id = ?1 AND day = ?2 ORDER BY version"
    ))?;
    Ok(st.query_map(params![market, super::day(day)], version_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

/// The day's highest version.
pub fn latest(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Option<Version>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM allocation WHERE market_id = ?1 AND day = ?2 ORDER BY version DESC LIMIT 1"
    ))?
    .query_row(params![market, super::day(day)], version_from_row)
    .optional()?)
}

pub fn publish(c: &Tx<'_>, id: AllocationId, by: AccountId, now: DateTime<Utc>) -> Result<()> {
    c.execute(
        "UPDATE allocation SET state = ?2, published_by = ?3, published_at = ?4 WHERE id = ?1",
        params![id, AllocationState::Published, by, super::instant(now)],
    )?;
    Ok(())
}

/// Gives `stalls` (in the order they stand) to `vendor` in a version.
pub fn insert_assignments(c: &Tx<'_>, id: AllocationId, vendor: VendorId, stalls: &[StallId]) -> Result<()> {
    let mut st = c.prepare_cached(
        "INSERT INTO allocation_assignment (allocation_id, stall_id, vendor_id, seq) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (seq, stall) in stalls.iter().enumerate() {
        st.execute(params![id, stall, vendor, seq as i64])?;
    }
    Ok(())
}

pub fn delete_assignments(c: &Tx<'_>, id: AllocationId, vendor: VendorId) -> Result<()> {
    c.prepare_cached("DELETE FROM allocation_assignment WHERE allocation_id = ?1 AND vendor_id = ?2")?
        .execute(params![id, vendor])?;
    Ok(())
}

/// One vendor's row of a version as written.
pub struct NewResult<'a> {
    pub vendor: VendorId,
    pub status: RegistrationStatus,
    pub list_number: i64,
    pub branch: Option<BranchId>,
    pub a_list: bool,
    pub outcome: AllocationOutcome,
    pub reason: Option<RejectionReason>,
    pub explanation: &'a str,
}

pub fn insert_result(c: &Tx<'_>, id: AllocationId, r: &NewResult<'_>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO allocation_result
             (allocation_id, vendor_id, status, list_number, branch_id, a_list, outcome, reason, explanation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        r.vendor,
        r.status,
        r.list_number,
        r.branch,
        r.a_list,
        r.outcome,
        r.reason,
        r.explanation
    ])?;
    Ok(())
}

pub fn update_result(
    c: &Tx<'_>,
    id: AllocationId,
    vendor: VendorId,
    outcome: AllocationOutcome,
    reason: Option<RejectionReason>,
    explanation: &str,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE allocation_result SET outcome = ?3, reason = ?4, explanation = ?5
         WHERE allocation_id = ?1 AND vendor_id = ?2",
    )?
    .execute(params![id, vendor, outcome, reason, explanation])?;
    Ok(())
}

/// Copies the assignments and results of one version into another (a change after
/// publishing starts from the published version).
pub fn copy_rows(c: &Tx<'_>, from: AllocationId, to: AllocationId) -> Result<()> {
    c.execute(
        "INSERT INTO allocation_assignment (allocation_id, stall_id, vendor_id, seq)
         SELECT ?2, stall_id, vendor_id, seq FROM allocation_assignment WHERE allocation_id = ?1",
        params![from, to],
    )?;
    c.execute(
        "INSERT INTO allocation_result
             (allocation_id, vendor_id, status, list_number, branch_id, a_list, outcome, reason, explanation)
         SELECT ?2, vendor_id, status, list_number, branch_id, a_list, outcome, reason, explanation
         FROM allocation_result WHERE allocation_id = ?1",
        params![from, to],
    )?;
    Ok(())
}

/// Every vendor's result in a version, by registration number, with its stalls in the
/// order they stand.
pub fn results(c: &Connection, id: AllocationId) -> Result<Vec<VendorResult>> {
    let mut st = c.prepare_cached(
        "SELECT ar.vendor_id, v.registration_number, v.initials, v.infix, v.surname, ar.status, ar.list_number,
                ar.branch_id, ar.a_list, ar.outcome, ar.reason, ar.explanation
         FROM allocation_result ar JOIN vendor v ON v.id = ar.vendor_id
         WHERE ar.allocation_id = ?1 ORDER BY v.registration_number",
    )?;
    let mut results: Vec<VendorResult> = st
        .query_map([id], |r| {
            let number: String = r.get(1)?;
            let name = [r.get::<_, String>(2)?, r.get(3)?, r.get(4)?]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            Ok(VendorResult {
                vendor: r.get(0)?,
                registration_number: RegistrationNumber::parse(&number)
                    .map_err(|e| crate::db::SqlError::conversion(1, e))?,
                name,
                status: r.get(5)?,
                list_number: r.get(6)?,
                branch: r.get(7)?,
                a_list: r.get(8)?,
                outcome: r.get(9)?,
                reason: r.get(10)?,
                explanation: crate::allocation::day::without_codes(r.get(11)?),
                stalls: Vec::new(),
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?;
    let mut st = c.prepare_cached(
        "SELECT aa.vendor_id, aa.stall_id, s.number FROM allocation_assignment aa JOIN stall s ON s.id = aa.stall_id
         WHERE aa.allocation_id = ?1 ORDER BY aa.vendor_id, aa.seq",
    )?;
    let rows: Vec<(VendorId, StallId, String)> =
        st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<crate::db::SqlResult<_>>()?;
    let at: std::collections::HashMap<VendorId, usize> =
        results.iter().enumerate().map(|(i, r)| (r.vendor, i)).collect();
    for (vendor, stall, number) in rows {
        let number = StallNumber::parse(&number).map_err(|e| crate::db::SqlError::conversion(2, e))?;
        if let Some(&i) = at.get(&vendor) {
            results[i].stalls.push(StallRef { id: stall, number });
        }
    }
    Ok(results)
}

/// An override row as written.
pub struct NewOverride<'a> {
    pub allocation: AllocationId,
    pub kind: OverrideKind,
    pub vendor: VendorId,
    pub other_vendor: Option<VendorId>,
    pub from_stalls: &'a [StallNumber],
    pub to_stalls: &'a [StallNumber],
    pub breaks_rule: Option<&'a str>,
    pub rule_reason: Option<&'a str>,
    pub reason: &'a str,
    pub by: AccountId,
    pub at: DateTime<Utc>,
}

fn join(stalls: &[StallNumber]) -> String {
    stalls.iter().map(StallNumber::as_str).collect::<Vec<_>>().join(",")
}

pub fn insert_override(c: &Tx<'_>, o: &NewOverride<'_>) -> Result<OverrideId> {
    c.prepare_cached(
        "INSERT INTO allocation_override (allocation_id, kind, vendor_id, other_vendor_id, from_stalls, to_stalls,
                                          breaks_rule, rule_reason, reason, account_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        o.allocation,
        o.kind,
        o.vendor,
        o.other_vendor,
        join(o.from_stalls),
        join(o.to_stalls),
        o.breaks_rule,
        o.rule_reason,
        o.reason,
        o.by,
        super::instant(o.at)
    ])?;
    Ok(OverrideId(c.last_insert_rowid()?))
}

/// The overrides made in a version, oldest first.
pub fn overrides(c: &Connection, id: AllocationId) -> Result<Vec<Override>> {
    let mut st = c.prepare_cached(
        "SELECT id, allocation_id, kind, vendor_id, other_vendor_id, from_stalls, to_stalls, breaks_rule, rule_reason,
                reason, account_id, at
         FROM allocation_override WHERE allocation_id = ?1 ORDER BY id",
    )?;
    let split = |s: Option<String>| -> Vec<String> {
        s.iter().flat_map(|s| s.split(',')).filter(|s| !s.is_empty()).map(str::to_string).collect()
    };
    Ok(st
        .query_map([id], |r| {
            Ok(Override {
                id: r.get(0)?,
                allocation: r.get(1)?,
                kind: r.get(2)?,
                vendor: r.get(3)?,
                other_vendor: r.get(4)?,
                from_stalls: split(r.get(5)?),
                to_stalls: split(r.get(6)?),
                breaks_rule: r.get(7)?,
                rule_reason: r.get(8)?,
                reason: r.get(9)?,
                account: r.get(10)?,
                at: super::get_instant(r, 11)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// The stalls `vendor` got on a market day: from the latest published version, else the
/// latest draft; `None` when the day was not allocated.
pub fn stalls_of_vendor(
    c: &Connection,
    market: MarketId,
    day: NaiveDate,
    vendor: VendorId,
) -> Result<Option<(AllocationState, Vec<String>)>> {
    let version: Option<(AllocationId, AllocationState)> = c
        .prepare_cached(
            "SELECT id, state FROM allocation WHERE market_id = ?1 AND day = ?2
             ORDER BY state = 'gepubliceerd' DESC, version DESC LIMIT 1",
        )?
        .query_row(params![market, super::day(day)], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((id, state)) = version else { return Ok(None) };
    let mut st = c.prepare_cached(
        "SELECT s.number FROM allocation_assignment a JOIN stall s ON s.id = a.stall_id
         WHERE a.allocation_id = ?1 AND a.vendor_id = ?2 ORDER BY a.seq",
    )?;
    let stalls = st.query_map(params![id, vendor], |r| r.get(0))?.collect::<crate::db::SqlResult<_>>()?;
    Ok(Some((state, stalls)))
}

/// Display names of the accounts that made, published or changed a version of the day.
pub fn account_names(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<(AccountId, String)>> {
    let mut st = c.prepare_cached(
        "SELECT id, display_name FROM account WHERE id IN (
             SELECT created_by FROM allocation WHERE market_id = ?1 AND day = ?2
             UNION SELECT published_by FROM allocation WHERE market_id = ?1 AND day = ?2
             UNION SELECT o.account_id FROM allocation_override o JOIN allocation a ON a.id = o.allocation_id
                   WHERE a.market_id = ?1 AND a.day = ?2)
         ORDER BY id",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

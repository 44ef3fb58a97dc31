//! SQL of the reports (`figures`): the facts they count, read once per report.

use crate::db::{Connection, params};
use chrono::NaiveDate;

use crate::error::Result;
use crate::ids::{MarketId, VendorId};
use crate::money::Cents;

/// A valid (not voided) permit: market, day, vendor, invoice number, stall numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermitFact {
    pub market: MarketId,
    pub day: NaiveDate,
    pub vendor: VendorId,
    pub invoice_number: String,
    pub stalls: String,
}

pub fn valid_permits(c: &Connection, from: NaiveDate, until: NaiveDate) -> Result<Vec<PermitFact>> {
    let mut st = c.prepare_cached(
        "SELECT p.market_id, p.day, p.vendor_id, p.invoice_number, p.stalls FROM daily_permit p
         WHERE p.day BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
         ORDER BY p.day, p.market_id, p.id",
    )?;
    Ok(st
        .query_map(params![super::day(from), super::day(until)], |r| {
            Ok(PermitFact {
                market: r.get(0)?,
                day: super::get_day(r, 1)?,
                vendor: r.get(2)?,
                invoice_number: r.get(3)?,
                stalls: r.get(4)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// Blocked stalls per market and day in a period.
pub fn blocked(c: &Connection, from: NaiveDate, until: NaiveDate) -> Result<Vec<(MarketId, NaiveDate, String)>> {
    let mut st = c.prepare_cached(
        "SELECT s.market_id, b.day, s.number FROM stall_blocked b JOIN stall s ON s.id = b.stall_id
         WHERE b.day BETWEEN ?1 AND ?2",
    )?;
    Ok(st
        .query_map(params![super::day(from), super::day(until)], |r| Ok((r.get(0)?, super::get_day(r, 1)?, r.get(2)?)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// The permit's payment method as it stands (see `db::export`).
const METHOD: &str =
    "coalesce((SELECT pay.method FROM payment pay WHERE pay.permit_id = p.id AND +pay.reverses_payment_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses_payment_id = pay.id) ORDER BY pay.id DESC LIMIT 1),
    (SELECT pay.method FROM payment pay WHERE pay.permit_id = p.id ORDER BY pay.id LIMIT 1), '')";

/// Valid permits per market, day and payment method.
pub fn permits_by_method(
    c: &Connection,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(MarketId, NaiveDate, String, i64)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT p.market_id, p.day, {METHOD} AS method, count(*) FROM daily_permit p
         WHERE p.day BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
         GROUP BY p.market_id, p.day, method"
    ))?;
    Ok(st
        .query_map(params![super::day(from), super::day(until)], |r| {
            Ok((r.get(0)?, super::get_day(r, 1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// Invoice-line sums of valid permits per market, day, tariff kind and the permit's payment
/// method: (market, day, kind, method, permits, excl, vat, incl).
pub type RevenueFact = (MarketId, NaiveDate, String, String, i64, Cents, Cents, Cents);

pub fn revenue(c: &Connection, from: NaiveDate, until: NaiveDate) -> Result<Vec<RevenueFact>> {
    let mut st = c.prepare_cached(&format!(
        "WITH permits AS (
            SELECT p.id, p.market_id, p.day, {METHOD} AS method
            FROM daily_permit p
            WHERE p.day BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id))
         SELECT pm.market_id, pm.day, il.tariff_kind_code, pm.method, count(DISTINCT pm.id),
                sum(il.excl_cents), sum(il.vat_cents), sum(il.incl_cents)
         FROM permits pm JOIN invoice_line il ON il.permit_id = pm.id
         GROUP BY pm.market_id, pm.day, il.tariff_kind_code, pm.method"
    ))?;
    Ok(st
        .query_map(params![super::day(from), super::day(until)], |r| {
            Ok((
                r.get(0)?,
                super::get_day(r, 1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                Cents(r.get(5)?),
                Cents(r.get(6)?),
                Cents(r.get(7)?),
            ))
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

//! SQL the printed documents read and no rule needs: who holds which stall with their
//! vendor record, the days vendors stood in a period, a permit's products with their
//! labels, the payments of a market day, the day's closes.

use std::collections::BTreeMap;

use crate::db::{Connection, params};
use chrono::{DateTime, NaiveDate, Utc};

use crate::code::RegistrationStatus;
use crate::error::Result;
use crate::ids::{AccountId, MarketId, PermitId, StallId, VendorId};
use crate::money::Cents;
use crate::permit::Payment;
use crate::vendor::Vendor;

const VENDOR: &str = "v.id, v.registration_number, v.initials, v.infix, v.surname, v.email, v.phone, v.pass_id, v.status, v.enforcement_until";

/// An active registration on a market with its vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub vendor: Vendor,
    pub status: RegistrationStatus,
    pub list_number: i64,
    /// Fixed stalls, in row order.
    pub stalls: Vec<StallId>,
}

/// Every active registration of a market with its vendor (any vendor status), by list
/// number.
pub fn registered(c: &Connection, market: MarketId) -> Result<Vec<Registered>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {VENDOR}, r.status, r.list_number,
                (SELECT string_agg(CAST(rs.stall_id AS TEXT), ',' ORDER BY w.position, s.position)
                 FROM registration_stall rs JOIN stall s ON s.id = rs.stall_id JOIN stall_row w ON w.id = s.row_id
                 WHERE rs.registration_id = r.id)
         FROM registration r JOIN vendor v ON v.id = r.vendor_id
         WHERE r.market_id = ?1 AND r.voided = 0 ORDER BY r.list_number"
    ))?;
    Ok(st
        .query_map([market], |r| {
            let stalls: Option<String> = r.get(12)?;
            Ok(Registered {
                vendor: super::vendor::from_row(r)?,
                status: r.get(10)?,
                list_number: r.get(11)?,
                stalls: stalls.iter().flat_map(|s| s.split(',')).filter_map(|s| s.parse().ok()).map(StallId).collect(),
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// Vendors by id, for the names on a list.
pub fn vendors(c: &Connection, ids: impl IntoIterator<Item = VendorId>) -> Result<BTreeMap<VendorId, Vendor>> {
    let mut out = BTreeMap::new();
    for id in ids {
        if let std::collections::btree_map::Entry::Vacant(e) = out.entry(id)
            && let Some(v) = super::vendor::get(c, id)?
        {
            e.insert(v);
        }
    }
    Ok(out)
}

/// (vendor, day) of every permit not voided on a market in [from, until].
pub fn permit_days(
    c: &Connection,
    market: MarketId,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(VendorId, NaiveDate)>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT p.vendor_id, p.day FROM daily_permit p
         WHERE p.market_id = ?1 AND p.day BETWEEN ?2 AND ?3
           AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
         ORDER BY p.vendor_id, p.day",
    )?;
    Ok(st
        .query_map(params![market, super::day(from), super::day(until)], |r| Ok((r.get(0)?, super::get_day(r, 1)?)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// What a permit asked for: (label, requested, fixed), in the products' order; a product
/// removed from the catalogue since shows its key.
pub fn permit_products(c: &Connection, permit: PermitId) -> Result<Vec<(String, i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT coalesce(pr.label, pp.product_key), pp.requested, pp.fixed
         FROM permit_product pp LEFT JOIN product pr ON pr.key = pp.product_key
         WHERE pp.permit_id = ?1 ORDER BY coalesce(pr.position, 0), pp.product_key",
    )?;
    Ok(st.query_map([permit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<crate::db::SqlResult<_>>()?)
}

/// Every payment (and reversal) of the permits of a market day, oldest first.
pub fn payments_of_market_day(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Payment>> {
    let mut st = c.prepare_cached(
        "SELECT pay.id, pay.permit_id, pay.ticket_id, pay.method, pay.amount_cents, pay.reverses_payment_id, pay.reason,
                pay.account_id, pay.at
         FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id
         WHERE p.market_id = ?1 AND p.day = ?2 ORDER BY pay.id",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| {
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
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// A fine payment (or reversal) as the day close prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinePayment {
    pub payment: Payment,
    pub ticket_number: String,
    /// The vendor's name, or the description of an unknown person.
    pub payer: String,
}

/// Every fine payment (and reversal) of the market's tickets taken on the Amsterdam date
/// `day`, oldest first: the day close's rule ([`crate::day_close`]).
pub fn fine_payments_of_day(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<FinePayment>> {
    let (from, to) = super::day_close::local_day(day);
    let mut st = c.prepare_cached(
        "SELECT pay.id, pay.permit_id, pay.ticket_id, pay.method, pay.amount_cents, pay.reverses_payment_id, pay.reason,
                pay.account_id, pay.at, t.number,
                coalesce(trim(v.initials || CASE WHEN v.infix <> '' THEN ' ' || v.infix ELSE '' END || ' ' || v.surname),
                         t.unknown_person, '')
         FROM ticket t JOIN payment pay ON pay.ticket_id = t.id LEFT JOIN vendor v ON v.id = t.vendor_id
         WHERE t.market_id = ?1 AND pay.at >= ?2 AND pay.at < ?3 ORDER BY pay.at, pay.id",
    )?;
    Ok(st
        .query_map(params![market, from, to], |r| {
            Ok(FinePayment {
                payment: Payment {
                    id: r.get(0)?,
                    permit: r.get(1)?,
                    ticket: r.get(2)?,
                    method: r.get(3)?,
                    amount: Cents(r.get(4)?),
                    reverses: r.get(5)?,
                    reason: r.get(6)?,
                    account: r.get(7)?,
                    at: super::get_instant(r, 8)?,
                },
                ticket_number: r.get(9)?,
                payer: r.get(10)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// A clerk's close of a market day as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub account: AccountId,
    pub at: DateTime<Utc>,
    pub permits: i64,
    pub pin: Cents,
    pub cash: Cents,
    pub on_account: Cents,
    pub counted_cash: Cents,
    pub difference: Cents,
    /// Empty when the cash matched (or the close is older than schema 11).
    pub difference_reason: String,
}

pub fn day_closes(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Closed>> {
    let mut st = c.prepare_cached(
        "SELECT account_id, at, permit_count, pin_cents, cash_cents, on_account_cents, counted_cash_cents, difference_cents,
                difference_reason
         FROM day_close WHERE market_id = ?1 AND day = ?2 ORDER BY id",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| {
            Ok(Closed {
                account: r.get(0)?,
                at: super::get_instant(r, 1)?,
                permits: r.get(2)?,
                pin: Cents(r.get(3)?),
                cash: Cents(r.get(4)?),
                on_account: Cents(r.get(5)?),
                counted_cash: Cents(r.get(6)?),
                difference: Cents(r.get(7)?),
                difference_reason: r.get(8)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// Account display names by id.
pub fn account_names(c: &Connection) -> Result<BTreeMap<AccountId, String>> {
    Ok(super::account::list(c)?.into_iter().map(|a| (a.id, a.display_name)).collect())
}

//! SQL of registrations (with fixed stalls and products) and preferences.

use crate::db::{Connection, OptionalExtension, params};

use super::Tx;

use crate::error::Result;
use crate::ids::{MarketId, PreferenceId, RegistrationId, StallId, VendorId};
use crate::registration::{Preferences, PreferencesInput, Registration, RegistrationInput};

const COLUMNS: &str =
    "r.id, r.vendor_id, r.market_id, r.list_number, r.status, r.registered_on, r.voided, r.void_reason,
     (SELECT string_agg(CAST(rs.stall_id AS TEXT), ',' ORDER BY w.position, s.position)
      FROM registration_stall rs JOIN stall s ON s.id = rs.stall_id JOIN stall_row w ON w.id = s.row_id
      WHERE rs.registration_id = r.id),
     (SELECT string_agg(rp.product_id || ':' || rp.quantity, ',' ORDER BY rp.product_id)
      FROM registration_product rp WHERE rp.registration_id = r.id),
     r.places";

fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Registration> {
    let stalls: Option<String> = r.get(8)?;
    let products: Option<String> = r.get(9)?;
    let mut products: Vec<_> = products
        .iter()
        .flat_map(|p| p.split(','))
        .filter_map(|p| p.split_once(':'))
        .filter_map(|(a, b)| Some((crate::ids::ProductId(a.parse().ok()?), b.parse().ok()?)))
        .collect();
    products.sort();
    Ok(Registration {
        id: r.get(0)?,
        vendor: r.get(1)?,
        market: r.get(2)?,
        list_number: r.get(3)?,
        status: r.get(4)?,
        registered_on: super::get_day(r, 5)?,
        voided: r.get(6)?,
        void_reason: r.get(7)?,
        places: r.get(10)?,
        stalls: stalls.iter().flat_map(|s| s.split(',')).filter_map(|s| s.parse().ok()).map(StallId).collect(),
        products,
    })
}

pub fn insert(c: &Tx<'_>, input: &RegistrationInput) -> Result<RegistrationId> {
    c.prepare_cached(
        "INSERT INTO registration (vendor_id, market_id, list_number, status, registered_on, places)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        input.vendor,
        input.market,
        input.list_number,
        input.status,
        super::day(input.registered_on),
        input.places
    ])?;
    let id = RegistrationId(c.last_insert_rowid()?);
    write_sets(c, id, input)?;
    Ok(id)
}

pub fn update(c: &Tx<'_>, id: RegistrationId, input: &RegistrationInput) -> Result<()> {
    c.execute(
        "UPDATE registration SET list_number = ?2, status = ?3, registered_on = ?4, places = ?5 WHERE id = ?1",
        params![id, input.list_number, input.status, super::day(input.registered_on), input.places],
    )?;
    c.execute("DELETE FROM registration_stall WHERE registration_id = ?1", [id])?;
    c.execute("DELETE FROM registration_product WHERE registration_id = ?1", [id])?;
    write_sets(c, id, input)
}

fn write_sets(c: &Connection, id: RegistrationId, input: &RegistrationInput) -> Result<()> {
    let mut st = c.prepare_cached("INSERT INTO registration_stall (registration_id, stall_id) VALUES (?1, ?2)")?;
    for s in &input.stalls {
        st.execute(params![id, s])?;
    }
    let mut pr = c.prepare_cached(
        "INSERT INTO registration_product (registration_id, product_id, quantity) VALUES (?1, ?2, ?3)",
    )?;
    for (p, q) in &input.products {
        pr.execute(params![id, p, q])?;
    }
    Ok(())
}

pub fn void(c: &Tx<'_>, id: RegistrationId, reason: &str) -> Result<()> {
    c.execute("UPDATE registration SET voided = 1, void_reason = ?2 WHERE id = ?1", params![id, reason])?;
    // The stalls are free again for the next holder; the audit row keeps who had them.
    c.execute("DELETE FROM registration_stall WHERE registration_id = ?1", [id])?;
    Ok(())
}

pub fn get(c: &Connection, id: RegistrationId) -> Result<Option<Registration>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM registration r WHERE r.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub fn of_vendor(c: &Connection, vendor: VendorId) -> Result<Vec<Registration>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM registration r JOIN market m ON m.id = r.market_id
         WHERE r.vendor_id = ?1 ORDER BY r.voided, m.code"
    ))?;
    Ok(st.query_map([vendor], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn active_of_market(c: &Connection, market: MarketId) -> Result<Vec<Registration>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM registration r WHERE r.market_id = ?1 AND r.voided = 0 ORDER BY r.list_number"
    ))?;
    Ok(st.query_map([market], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn active_of(c: &Connection, vendor: VendorId, market: MarketId) -> Result<Option<Registration>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM registration r WHERE r.vendor_id = ?1 AND r.market_id = ?2 AND r.voided = 0"
    ))?
    .query_row(params![vendor, market], from_row)
    .optional()?)
}

pub fn active_by_list_number(c: &Connection, market: MarketId, n: i64) -> Result<Option<Registration>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM registration r WHERE r.market_id = ?1 AND r.list_number = ?2 AND r.voided = 0"
    ))?
    .query_row(params![market, n], from_row)
    .optional()?)
}

/// The active registration that holds `stall` as a fixed stall.
pub fn holder_of_stall(c: &Connection, stall: StallId) -> Result<Option<Registration>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM registration r JOIN registration_stall rs ON rs.registration_id = r.id
         WHERE rs.stall_id = ?1 AND r.voided = 0"
    ))?
    .query_row([stall], from_row)
    .optional()?)
}

// ── Preferences ──────────────────────────────────────────────────────────────────────────

fn preferences_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Preferences> {
    Ok(Preferences {
        id: r.get(0)?,
        vendor: r.get(1)?,
        market: r.get(2)?,
        branch: r.get(3)?,
        min_stalls: r.get(4)?,
        max_stalls: r.get(5)?,
        cooking: r.get(6)?,
        evi: r.get(7)?,
        anywhere: r.get(8)?,
        stalls: Vec::new(),
    })
}

/// Every vendor's preferences on the market, with their stalls most wanted first.
pub fn preferences_of_market(c: &Connection, market: MarketId) -> Result<Vec<Preferences>> {
    let mut st = c.prepare_cached(
        "SELECT id, vendor_id, market_id, branch_id, min_stalls, max_stalls, cooking, evi, anywhere
         FROM preference WHERE market_id = ?1 ORDER BY vendor_id",
    )?;
    let mut all: Vec<Preferences> =
        st.query_map([market], preferences_from_row)?.collect::<crate::db::SqlResult<_>>()?;
    let mut stalls = c.prepare_cached(
        "SELECT ps.preference_id, ps.stall_id FROM preference_stall ps JOIN preference p ON p.id = ps.preference_id
         WHERE p.market_id = ?1 ORDER BY ps.preference_id, ps.rank",
    )?;
    let pairs: Vec<(PreferenceId, StallId)> =
        stalls.query_map([market], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<_>>()?;
    let at: std::collections::HashMap<PreferenceId, usize> = all.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    for (p, s) in pairs {
        if let Some(&i) = at.get(&p) {
            all[i].stalls.push(s);
        }
    }
    Ok(all)
}

pub fn preferences(c: &Connection, vendor: VendorId, market: MarketId) -> Result<Option<Preferences>> {
    let found = c
        .prepare_cached(
            "SELECT id, vendor_id, market_id, branch_id, min_stalls, max_stalls, cooking, evi, anywhere
             FROM preference WHERE vendor_id = ?1 AND market_id = ?2",
        )?
        .query_row(params![vendor, market], preferences_from_row)
        .optional()?;
    let Some(mut p) = found else { return Ok(None) };
    let mut st = c.prepare_cached("SELECT stall_id FROM preference_stall WHERE preference_id = ?1 ORDER BY rank")?;
    p.stalls = st.query_map([p.id], |r| r.get(0))?.collect::<crate::db::SqlResult<_>>()?;
    Ok(Some(p))
}

pub fn upsert_preferences(c: &Tx<'_>, p: &PreferencesInput) -> Result<PreferenceId> {
    let id: i64 = c
        .prepare_cached(
            "INSERT INTO preference (vendor_id, market_id, branch_id, min_stalls, max_stalls, cooking, evi, anywhere)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (vendor_id, market_id) DO UPDATE SET branch_id = excluded.branch_id,
                 min_stalls = excluded.min_stalls, max_stalls = excluded.max_stalls, cooking = excluded.cooking,
                 evi = excluded.evi, anywhere = excluded.anywhere
             RETURNING id",
        )?
        .query_row(
            params![p.vendor, p.market, p.branch, p.min_stalls, p.max_stalls, p.cooking, p.evi, p.anywhere],
            |r| r.get(0),
        )?;
    c.execute("DELETE FROM preference_stall WHERE preference_id = ?1", [id])?;
    let mut st =
        c.prepare_cached("INSERT INTO preference_stall (preference_id, stall_id, rank) VALUES (?1, ?2, ?3)")?;
    for (rank, s) in p.stalls.iter().enumerate() {
        st.execute(params![id, s, rank as i64 + 1])?;
    }
    Ok(PreferenceId(id))
}

//! SQL of controls.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};

use super::Tx;

use crate::control::{Control, ControlInput};
use crate::error::Result;
use crate::ids::{AccountId, ControlId, PermitId};

pub(crate) fn insert(c: &Tx<'_>, input: &ControlInput, by: AccountId, now: DateTime<Utc>) -> Result<ControlId> {
    c.prepare_cached(
        "INSERT INTO control (permit_id, round, presence, substitute_vendor_id, note, account_id, at, substitute_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        input.permit,
        input.round,
        input.presence,
        input.substitute,
        input.note.trim(),
        by,
        super::instant(now),
        input.substitute_name.as_deref().map(str::trim).filter(|n| !n.is_empty())
    ])?;
    let id = ControlId(c.last_insert_rowid()?);
    let mut st =
        c.prepare_cached("INSERT INTO control_product (control_id, product_key, quantity) VALUES (?1, ?2, ?3)")?;
    for (k, q) in &input.products {
        st.execute(params![id, k, q])?;
    }
    Ok(id)
}

fn from_row(c: &Connection, r: &crate::db::Row<'_>) -> crate::db::SqlResult<Control> {
    let id: ControlId = r.get(0)?;
    let mut st = c.prepare_cached("SELECT product_key, quantity FROM control_product WHERE control_id = ?1")?;
    let products = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<_>>()?;
    let permit = r.get(1)?;
    // What the permit was issued for: the pieces asked for, fixed products included.
    let mut st =
        c.prepare_cached("SELECT product_key, requested FROM permit_product WHERE permit_id = ?1 AND requested > 0")?;
    let issued = st.query_map([permit], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<_>>()?;
    Ok(Control {
        id,
        permit,
        product_differences: crate::control::product_differences(&issued, &products),
        round: r.get(2)?,
        presence: r.get(3)?,
        substitute: r.get(4)?,
        products,
        note: r.get(5)?,
        account: r.get(6)?,
        at: super::get_instant(r, 7)?,
        substitute_name: r.get(8)?,
    })
}

const COLUMNS: &str = "id, permit_id, round, presence, substitute_vendor_id, note, account_id, at, substitute_name";

pub fn get(c: &Connection, id: ControlId) -> Result<Option<Control>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS} FROM control WHERE id = ?1"), [id], |r| from_row(c, r)).optional()?)
}

/// A control still in its round: not taken out by a redrawn sample.
const STANDS: &str = "NOT EXISTS (SELECT 1 FROM control_removal r WHERE r.control_id = control.id)";

pub fn of_permit(c: &Connection, permit: PermitId) -> Result<Vec<Control>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM control WHERE permit_id = ?1 AND {STANDS} ORDER BY round, id"
    ))?;
    Ok(st.query_map([permit], |r| from_row(c, r))?.collect::<crate::db::SqlResult<_>>()?)
}

/// The controls of a vendor's permits, newest first.
pub fn of_vendor(
    c: &Connection,
    vendor: crate::ids::VendorId,
    limit: i64,
) -> Result<Vec<crate::control::VendorControl>> {
    let columns = COLUMNS.split(", ").map(|col| format!("k.{col}")).collect::<Vec<_>>().join(", ");
    let mut st = c.prepare_cached(&format!(
        "SELECT {columns}, m.code, p.day, p.invoice_number, p.presence
         FROM control k JOIN daily_permit p ON p.id = k.permit_id JOIN market m ON m.id = p.market_id
         WHERE p.vendor_id = ?1 AND NOT EXISTS (SELECT 1 FROM control_removal r WHERE r.control_id = k.id)
         ORDER BY p.day DESC, k.round DESC, k.id DESC LIMIT ?2"
    ))?;
    Ok(st
        .query_map(params![vendor, limit], |r| {
            Ok(crate::control::VendorControl {
                control: from_row(c, r)?,
                market_code: r.get(9)?,
                day: super::get_day(r, 10)?,
                invoice_number: r.get(11)?,
                permit_presence: r.get(12)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// The controls of a market day's permits.
pub fn of_market_day(c: &Connection, market: crate::ids::MarketId, day: chrono::NaiveDate) -> Result<Vec<Control>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM control WHERE permit_id IN
             (SELECT id FROM daily_permit WHERE market_id = ?1 AND day = ?2) AND {STANDS}
         ORDER BY permit_id, round, id"
    ))?;
    Ok(st.query_map(params![market, super::day(day)], |r| from_row(c, r))?.collect::<crate::db::SqlResult<_>>()?)
}

/// Takes a control out of the round (a redrawn sample): a row of its own, as a control is
/// never edited or deleted; the control and its products stay.
pub fn remove(
    c: &Tx<'_>,
    id: ControlId,
    sample: Option<crate::ids::SampleId>,
    reason: &str,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO control_removal (control_id, sample_id, reason, account_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, sample, reason, by, super::instant(now)])?;
    Ok(())
}

/// Whether a ticket was written from this control.
pub fn has_ticket(c: &Connection, id: ControlId) -> Result<bool> {
    Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM ticket WHERE control_id = ?1)", [id], |r| r.get(0))?)
}

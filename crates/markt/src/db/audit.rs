//! SQL of the audit log (append-only; the schema's triggers refuse updates and deletes).

use rusqlite::{Connection, params};

use crate::audit::Entry;
use crate::error::Result;

pub fn insert(c: &Connection, e: &Entry) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO audit_log (at, account_id, action, entity, entity_id, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![super::instant(e.at), e.account, e.action, e.entity, e.entity_id, e.before, e.after])?;
    Ok(())
}

pub fn for_entity(c: &Connection, entity: &str, entity_id: &str) -> Result<Vec<Entry>> {
    let mut st = c.prepare(
        "SELECT id, at, account_id, action, entity, entity_id, before, after FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = st
        .query_map(params![entity, entity_id], |r| {
            Ok(Entry {
                id: r.get(0)?,
                at: super::get_instant(r, 1)?,
                account: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                before: r.get(6)?,
                after: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

//! SQL of the audit log (append-only; the schema's triggers refuse updates and deletes).

use crate::db::{Connection, params};

use super::Tx;

use crate::audit::Entry;
use crate::error::Result;

pub fn insert(c: &Tx<'_>, e: &Entry) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO audit_log (at, account_id, action, entity, entity_id, before, after, client_address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        super::instant(e.at),
        e.account,
        e.action,
        e.entity,
        e.entity_id,
        e.before,
        e.after,
        e.address
    ])?;
    Ok(())
}

pub fn for_entity(c: &Connection, entity: &str, entity_id: &str) -> Result<Vec<Entry>> {
    let mut st = c.prepare(
        "SELECT id, at, account_id, action, entity, entity_id, before, after, client_address FROM audit_log
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
                address: r.get(8)?,
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?;
    Ok(rows)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

pub fn search(
    c: &Connection,
    f: &crate::audit::Filter,
    offset: i64,
    limit: i64,
) -> Result<crate::vendor::Page<crate::audit::Row>> {
    let like = |s: &Option<String>| s.as_ref().map(|t| format!("%{}%", t.replace(['%', '_'], "")));
    let prefix = f.action.as_ref().map(|a| format!("{}%", a.replace(['%', '_'], "")));
    let filter = "WHERE (l.account_id = ?1 OR ?1 IS NULL)
          AND (l.action LIKE ?2 OR ?2 IS NULL)
          AND (l.entity = ?3 OR ?3 IS NULL)
          AND (l.entity_id = ?4 OR ?4 IS NULL)
          AND (l.at >= ?5 OR ?5 IS NULL)
          AND (l.at <= ?6 OR ?6 IS NULL)
          AND (l.before LIKE ?7 OR l.after LIKE ?7 OR ?7 IS NULL)";
    let args = params![
        f.account,
        prefix,
        f.entity,
        f.entity_id,
        f.from.map(super::instant),
        f.until.map(super::instant),
        like(&f.text)
    ];
    let total: i64 = c.query_row(&format!("SELECT count(*) FROM audit_log l {filter}"), args, |r| r.get(0))?;
    let mut st = c.prepare(&format!(
        "SELECT l.id, l.at, l.account_id, l.action, l.entity, l.entity_id, l.before, l.after, a.username,
                l.client_address
         FROM audit_log l LEFT JOIN account a ON a.id = l.account_id {filter}
         ORDER BY l.id DESC LIMIT {limit} OFFSET {offset}"
    ))?;
    let items = st
        .query_map(args, |r| {
            Ok(crate::audit::Row {
                entry: Entry {
                    id: r.get(0)?,
                    at: super::get_instant(r, 1)?,
                    account: r.get(2)?,
                    action: r.get(3)?,
                    entity: r.get(4)?,
                    entity_id: r.get(5)?,
                    before: r.get(6)?,
                    after: r.get(7)?,
                    address: r.get(9)?,
                },
                username: r.get(8)?,
                // Filled in by `audit::search`, which reads the row in words.
                reading: Default::default(),
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?;
    Ok(crate::vendor::Page { items, total })
}

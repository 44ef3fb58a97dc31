//! SQL of branches and their per-market rules.

use crate::db::{Connection, OptionalExtension, params};

use super::Tx;

use crate::branch::{Branch, MarketBranch};
use crate::error::Result;
use crate::ids::{BranchId, MarketId};

fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Branch> {
    Ok(Branch { id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, colour: r.get(3)? })
}

pub fn insert(c: &Tx<'_>, code: &str, name: &str, colour: &str) -> Result<BranchId> {
    c.execute("INSERT INTO branch (code, name, colour) VALUES (?1, ?2, ?3)", params![code, name, colour])?;
    Ok(BranchId(c.last_insert_rowid()?))
}

pub fn update(c: &Tx<'_>, id: BranchId, code: &str, name: &str, colour: &str) -> Result<()> {
    c.execute("UPDATE branch SET code = ?2, name = ?3, colour = ?4 WHERE id = ?1", params![id, code, name, colour])?;
    Ok(())
}

pub fn get(c: &Connection, id: BranchId) -> Result<Option<Branch>> {
    Ok(c.query_row("SELECT id, code, name, colour FROM branch WHERE id = ?1", [id], from_row).optional()?)
}

pub fn find_by_code(c: &Connection, code: &str) -> Result<Option<Branch>> {
    Ok(c.query_row("SELECT id, code, name, colour FROM branch WHERE code = ?1", [code], from_row).optional()?)
}

pub fn list(c: &Connection) -> Result<Vec<Branch>> {
    let mut st = c.prepare_cached("SELECT id, code, name, colour FROM branch ORDER BY code")?;
    Ok(st.query_map([], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

fn rule_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<MarketBranch> {
    Ok(MarketBranch { market: r.get(0)?, branch: r.get(1)?, max_stalls: r.get(2)?, mandatory: r.get(3)? })
}

pub fn market_rule(c: &Connection, market: MarketId, branch: BranchId) -> Result<Option<MarketBranch>> {
    Ok(c.query_row(
        "SELECT market_id, branch_id, max_stalls, mandatory FROM market_branch WHERE market_id = ?1 AND branch_id = ?2",
        params![market, branch],
        rule_from_row,
    )
    .optional()?)
}

pub fn market_rules(c: &Connection, market: MarketId) -> Result<Vec<MarketBranch>> {
    let mut st = c.prepare_cached(
        "SELECT mb.market_id, mb.branch_id, mb.max_stalls, mb.mandatory FROM market_branch mb
         JOIN branch b ON b.id = mb.branch_id WHERE mb.market_id = ?1 ORDER BY b.code",
    )?;
    Ok(st.query_map([market], rule_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn upsert_market_rule(
    c: &Tx<'_>,
    market: MarketId,
    branch: BranchId,
    max: Option<i64>,
    mandatory: bool,
) -> Result<()> {
    c.execute(
        "INSERT INTO market_branch (market_id, branch_id, max_stalls, mandatory) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (market_id, branch_id) DO UPDATE SET max_stalls = excluded.max_stalls, mandatory = excluded.mandatory",
        params![market, branch, max, mandatory],
    )?;
    Ok(())
}

pub fn delete_market_rule(c: &Tx<'_>, market: MarketId, branch: BranchId) -> Result<()> {
    c.execute("DELETE FROM market_branch WHERE market_id = ?1 AND branch_id = ?2", params![market, branch])?;
    Ok(())
}

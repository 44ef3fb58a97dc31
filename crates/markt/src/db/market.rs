//! SQL of markets, rows, stalls, obstacles and blocked dates.

use crate::db::{Connection, OptionalExtension, params};
use chrono::NaiveDate;

use super::Tx;

use crate::code::Weekdays;
use crate::error::Result;
use crate::ids::{MarketId, ObstacleId, RowId, StallId};
use crate::market::{Layout, Market, MarketInput, Obstacle, RowLayout, Stall, StallInput, StallNumber, StallRow};

const MARKET_COLUMNS: &str = "id, code, name, kind, weekdays, season_from, season_until, stall_size_m, max_stalls_per_vendor, sample_size, ab_lists, ended";

fn market_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Market> {
    let bits: u8 = r.get(4)?;
    let from: Option<String> = r.get(5)?;
    let until: Option<String> = r.get(6)?;
    Ok(Market {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        weekdays: Weekdays::from_bits(bits).unwrap_or_default(),
        season: from.zip(until),
        stall_size_m: r.get(7)?,
        max_stalls_per_vendor: r.get(8)?,
        sample_size: r.get(9)?,
        ab_lists: r.get(10)?,
        ended: r.get(11)?,
        ended_on: None,
    })
}

/// Fills in the day an ended market was ended. The table keeps only the flag (no column
/// without a migration), so the day comes from the append-only audit log: the latest
/// `market.set_ended` row that turned the flag on (ending an ended market again does not
/// move it), as the Amsterdam date of its instant.
fn with_end(c: &Connection, mut m: Market) -> Result<Market> {
    if !m.ended {
        return Ok(m);
    }
    let mut st = c.prepare_cached(
        "SELECT at, before, after FROM audit_log
         WHERE entity = 'market' AND entity_id = ?1 AND action = 'market.set_ended' ORDER BY id DESC",
    )?;
    let rows = st
        .query_map([m.id.to_string()], |r| {
            Ok((super::get_instant(r, 0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?))
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()?;
    let ended = |json: &Option<String>| {
        json.as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .and_then(|v| v.get("ended").and_then(serde_json::Value::as_bool))
            .unwrap_or(false)
    };
    m.ended_on =
        rows.iter().find(|(_, before, after)| ended(after) && !ended(before)).map(|(at, _, _)| crate::time::today(*at));
    Ok(m)
}

pub fn insert(c: &Tx<'_>, m: &MarketInput) -> Result<MarketId> {
    let (from, until) = m.season.clone().unzip();
    c.execute(
        "INSERT INTO market (code, name, kind, weekdays, season_from, season_until, stall_size_m,
                             max_stalls_per_vendor, sample_size, ab_lists)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            m.code.trim(),
            m.name.trim(),
            m.kind,
            m.weekdays.bits(),
            from,
            until,
            m.stall_size_m,
            m.max_stalls_per_vendor,
            m.sample_size,
            m.ab_lists
        ],
    )?;
    Ok(MarketId(c.last_insert_rowid()?))
}

pub fn update(c: &Tx<'_>, id: MarketId, m: &MarketInput) -> Result<()> {
    let (from, until) = m.season.clone().unzip();
    c.execute(
        "UPDATE market SET code = ?2, name = ?3, kind = ?4, weekdays = ?5, season_from = ?6, season_until = ?7,
                stall_size_m = ?8, max_stalls_per_vendor = ?9, sample_size = ?10, ab_lists = ?11
         WHERE id = ?1",
        params![
            id,
            m.code.trim(),
            m.name.trim(),
            m.kind,
            m.weekdays.bits(),
            from,
            until,
            m.stall_size_m,
            m.max_stalls_per_vendor,
            m.sample_size,
            m.ab_lists
        ],
    )?;
    Ok(())
}

pub fn set_ended(c: &Tx<'_>, id: MarketId, ended: bool) -> Result<()> {
    c.execute("UPDATE market SET ended = ?2 WHERE id = ?1", params![id, ended])?;
    Ok(())
}

pub fn get(c: &Connection, id: MarketId) -> Result<Option<Market>> {
    let m =
        c.query_row(&format!("SELECT {MARKET_COLUMNS} FROM market WHERE id = ?1"), [id], market_from_row).optional()?;
    m.map(|m| with_end(c, m)).transpose()
}

pub fn find_by_code(c: &Connection, code: &str) -> Result<Option<Market>> {
    let m = c
        .query_row(&format!("SELECT {MARKET_COLUMNS} FROM market WHERE code = ?1"), [code.trim()], market_from_row)
        .optional()?;
    m.map(|m| with_end(c, m)).transpose()
}

pub fn list(c: &Connection) -> Result<Vec<Market>> {
    let mut st = c.prepare_cached(&format!("SELECT {MARKET_COLUMNS} FROM market ORDER BY ended, code"))?;
    let markets = st.query_map([], market_from_row)?.collect::<crate::db::SqlResult<Vec<_>>>()?;
    markets.into_iter().map(|m| with_end(c, m)).collect()
}

// ── Rows ─────────────────────────────────────────────────────────────────────────────────

fn row_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<StallRow> {
    Ok(StallRow { id: r.get(0)?, market: r.get(1)?, name: r.get(2)?, position: r.get(3)?, circular: r.get(4)? })
}

pub fn insert_row(c: &Tx<'_>, market: MarketId, name: &str, circular: bool) -> Result<RowId> {
    c.execute(
        "INSERT INTO stall_row (market_id, name, position, circular)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM stall_row WHERE market_id = ?1), ?3)",
        params![market, name, circular],
    )?;
    Ok(RowId(c.last_insert_rowid()?))
}

pub fn update_row(c: &Tx<'_>, id: RowId, name: &str, circular: bool) -> Result<()> {
    c.execute("UPDATE stall_row SET name = ?2, circular = ?3 WHERE id = ?1", params![id, name, circular])?;
    Ok(())
}

pub fn row(c: &Connection, id: RowId) -> Result<Option<StallRow>> {
    Ok(c.query_row("SELECT id, market_id, name, position, circular FROM stall_row WHERE id = ?1", [id], row_from_row)
        .optional()?)
}

pub fn rows(c: &Connection, market: MarketId) -> Result<Vec<StallRow>> {
    let mut st = c.prepare_cached(
        "SELECT id, market_id, name, position, circular FROM stall_row WHERE market_id = ?1 ORDER BY position",
    )?;
    Ok(st.query_map([market], row_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

// ── Stalls ───────────────────────────────────────────────────────────────────────────────

const STALL_COLUMNS: &str = "s.id, s.market_id, s.row_id, s.position, s.number, s.length_m, s.cooking, s.evi, s.active,
     (SELECT string_agg(property, ',' ORDER BY property) FROM stall_property p WHERE p.stall_id = s.id),
     (SELECT string_agg(CAST(branch_id AS TEXT), ',' ORDER BY branch_id) FROM stall_branch b WHERE b.stall_id = s.id)";

fn stall_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Stall> {
    let props: Option<String> = r.get(9)?;
    let branches: Option<String> = r.get(10)?;
    let mut properties: Vec<_> =
        props.iter().flat_map(|p| p.split(',')).filter_map(|p| crate::code::StallProperty::parse(p).ok()).collect();
    properties.sort();
    let mut branches: Vec<_> =
        branches.iter().flat_map(|b| b.split(',')).filter_map(|b| b.parse().ok()).map(crate::ids::BranchId).collect();
    branches.sort();
    let number: String = r.get(4)?;
    Ok(Stall {
        id: r.get(0)?,
        market: r.get(1)?,
        row: r.get(2)?,
        position: r.get(3)?,
        number: StallNumber::parse(&number).map_err(|e| crate::db::SqlError::conversion(4, e))?,
        length_m: r.get(5)?,
        cooking: r.get(6)?,
        evi: r.get(7)?,
        active: r.get(8)?,
        properties,
        branches,
    })
}

pub fn insert_stall(c: &Tx<'_>, market: MarketId, s: &StallInput, number: &StallNumber) -> Result<StallId> {
    c.prepare_cached(
        "INSERT INTO stall (market_id, row_id, position, number, number_key, length_m, cooking, evi, active)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM stall WHERE row_id = ?2), ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        market,
        s.row,
        number.as_str(),
        number.sort_key(),
        s.length_m,
        s.cooking,
        s.evi,
        s.active
    ])?;
    let id = StallId(c.last_insert_rowid()?);
    write_stall_sets(c, id, s)?;
    Ok(id)
}

pub fn update_stall(c: &Tx<'_>, id: StallId, s: &StallInput, number: &StallNumber) -> Result<()> {
    c.execute(
        "UPDATE stall SET number = ?2, number_key = ?3, length_m = ?4, cooking = ?5, evi = ?6, active = ?7 WHERE id = ?1",
        params![id, number.as_str(), number.sort_key(), s.length_m, s.cooking, s.evi, s.active],
    )?;
    c.execute("DELETE FROM stall_property WHERE stall_id = ?1", [id])?;
    c.execute("DELETE FROM stall_branch WHERE stall_id = ?1", [id])?;
    write_stall_sets(c, id, s)
}

fn write_stall_sets(c: &Connection, id: StallId, s: &StallInput) -> Result<()> {
    let mut prop =
        c.prepare_cached("INSERT INTO stall_property (stall_id, property) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
    for p in &s.properties {
        prop.execute(params![id, p])?;
    }
    let mut br =
        c.prepare_cached("INSERT INTO stall_branch (stall_id, branch_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
    for b in &s.branches {
        br.execute(params![id, b])?;
    }
    Ok(())
}

pub fn stall(c: &Connection, id: StallId) -> Result<Option<Stall>> {
    Ok(c.query_row(&format!("SELECT {STALL_COLUMNS} FROM stall s WHERE s.id = ?1"), [id], stall_from_row).optional()?)
}

pub fn find_stall(c: &Connection, market: MarketId, number: &str) -> Result<Option<Stall>> {
    Ok(c.query_row(
        &format!("SELECT {STALL_COLUMNS} FROM stall s WHERE s.market_id = ?1 AND s.number = ?2"),
        params![market, number],
        stall_from_row,
    )
    .optional()?)
}

pub fn stalls_of_row(c: &Connection, row: RowId) -> Result<Vec<Stall>> {
    let mut st =
        c.prepare_cached(&format!("SELECT {STALL_COLUMNS} FROM stall s WHERE s.row_id = ?1 ORDER BY s.position"))?;
    Ok(st.query_map([row], stall_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

/// The stalls of the market that may carry the typed number, with their id, number and
/// whether they are in use: those equal to it without ASCII case, any with a letter outside
/// ASCII, and all of them when the typed number has one (SQLite folds only ASCII case; the
/// caller compares exactly). The counter checks each typed number twice for every permit,
/// so this reads a row or two instead of every stall with its properties and branches.
pub fn stalls_numbered(c: &Connection, market: MarketId, number: &str) -> Result<Vec<(StallId, String, bool)>> {
    let mut st = c.prepare_cached(c.sql(
        "SELECT id, number, active FROM stall
         WHERE market_id = ?1 AND (number = ?2 COLLATE NOCASE OR number GLOB '*[^ -~]*' OR ?2 GLOB '*[^ -~]*')",
        "SELECT id, number, active FROM stall
         WHERE market_id = ?1 AND (lower(number) = lower(?2) OR number ~ '[^ -~]' OR ?2 ~ '[^ -~]')",
    ))?;
    Ok(st
        .query_map(params![market, number], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

pub fn stalls_of_market(c: &Connection, market: MarketId) -> Result<Vec<Stall>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {STALL_COLUMNS} FROM stall s JOIN stall_row r ON r.id = s.row_id
         WHERE s.market_id = ?1 ORDER BY r.position, s.position"
    ))?;
    Ok(st.query_map([market], stall_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

// ── Obstacles and blocks ─────────────────────────────────────────────────────────────────

fn obstacle_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Obstacle> {
    Ok(Obstacle { id: r.get(0)?, row: r.get(1)?, before: r.get(2)?, after: r.get(3)?, kind: r.get(4)? })
}

pub fn insert_obstacle(
    c: &Tx<'_>,
    row: RowId,
    before: StallId,
    after: StallId,
    kind: crate::code::ObstacleKind,
) -> Result<ObstacleId> {
    c.execute(
        "INSERT INTO obstacle (row_id, before_stall_id, after_stall_id, kind) VALUES (?1, ?2, ?3, ?4)",
        params![row, before, after, kind],
    )?;
    Ok(ObstacleId(c.last_insert_rowid()?))
}

pub fn obstacle(c: &Connection, id: ObstacleId) -> Result<Option<Obstacle>> {
    Ok(c.query_row(
        "SELECT id, row_id, before_stall_id, after_stall_id, kind FROM obstacle WHERE id = ?1",
        [id],
        obstacle_from_row,
    )
    .optional()?)
}

pub fn delete_obstacle(c: &Tx<'_>, id: ObstacleId) -> Result<()> {
    c.execute("DELETE FROM obstacle WHERE id = ?1", [id])?;
    Ok(())
}

pub fn obstacles_of_row(c: &Connection, row: RowId) -> Result<Vec<Obstacle>> {
    let mut st = c.prepare_cached(
        "SELECT id, row_id, before_stall_id, after_stall_id, kind FROM obstacle WHERE row_id = ?1 ORDER BY id",
    )?;
    Ok(st.query_map([row], obstacle_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn insert_block(c: &Tx<'_>, stall: StallId, day: NaiveDate, reason: &str) -> Result<()> {
    c.execute(
        "INSERT INTO stall_blocked (stall_id, day, reason) VALUES (?1, ?2, ?3)",
        params![stall, super::day(day), reason],
    )?;
    Ok(())
}

pub fn delete_block(c: &Tx<'_>, stall: StallId, day: NaiveDate) -> Result<()> {
    c.execute("DELETE FROM stall_blocked WHERE stall_id = ?1 AND day = ?2", params![stall, super::day(day)])?;
    Ok(())
}

pub fn is_blocked(c: &Connection, stall: StallId, day: NaiveDate) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM stall_blocked WHERE stall_id = ?1 AND day = ?2)",
        params![stall, super::day(day)],
        |r| r.get(0),
    )?)
}

pub fn blocked_on(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<StallId>> {
    let mut st = c.prepare_cached(
        "SELECT b.stall_id FROM stall_blocked b JOIN stall s ON s.id = b.stall_id
         WHERE s.market_id = ?1 AND b.day = ?2 ORDER BY s.number_key",
    )?;
    Ok(st.query_map(params![market, super::day(day)], |r| r.get(0))?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn layout(c: &Connection, market: Market) -> Result<Layout> {
    let rows = rows(c, market.id)?
        .into_iter()
        .map(|row| Ok(RowLayout { stalls: stalls_of_row(c, row.id)?, obstacles: obstacles_of_row(c, row.id)?, row }))
        .collect::<Result<_>>()?;
    Ok(Layout { market, rows })
}

/// Stalls blocked on `day` on a market, with the reason.
pub fn blocks_on(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<(StallId, String)>> {
    let mut st = c.prepare_cached(
        "SELECT b.stall_id, b.reason FROM stall_blocked b JOIN stall s ON s.id = b.stall_id
         WHERE s.market_id = ?1 AND b.day = ?2",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

pub fn stall_counts(c: &Connection) -> Result<std::collections::BTreeMap<MarketId, usize>> {
    let mut st = c.prepare("SELECT market_id, count(*) FROM stall GROUP BY market_id")?;
    Ok(st
        .query_map([], |r| Ok((r.get::<_, MarketId>(0)?, r.get::<_, i64>(1)? as usize)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

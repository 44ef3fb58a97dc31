//! SQL of notes.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::error::Result;
use crate::ids::{AccountId, MarketId, NoteId};
use crate::note::Note;

const COLUMNS: &str = "id, market_id, day, text, created_by, created_at, done_by, done_at";

fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Note> {
    let done_by: Option<AccountId> = r.get(6)?;
    let done_at: Option<String> = r.get(7)?;
    Ok(Note {
        id: r.get(0)?,
        market: r.get(1)?,
        day: super::get_day(r, 2)?,
        text: r.get(3)?,
        created_by: r.get(4)?,
        created_at: super::get_instant(r, 5)?,
        done: match (done_by, done_at) {
            (Some(a), Some(t)) => Some((a, super::parse_instant(&t)?)),
            _ => None,
        },
    })
}

pub fn insert(
    c: &Tx<'_>,
    market: MarketId,
    day: NaiveDate,
    text: &str,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<NoteId> {
    c.execute(
        "INSERT INTO note (market_id, day, text, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![market, super::day(day), text, by, super::instant(now)],
    )?;
    Ok(NoteId(c.last_insert_rowid()?))
}

pub fn set_done(c: &Tx<'_>, id: NoteId, done: Option<(AccountId, DateTime<Utc>)>) -> Result<()> {
    let (by, at) = done.map(|(a, t)| (a, super::instant(t))).unzip();
    c.execute("UPDATE note SET done_by = ?2, done_at = ?3 WHERE id = ?1", params![id, by, at])?;
    Ok(())
}

pub fn get(c: &Connection, id: NoteId) -> Result<Option<Note>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS} FROM note WHERE id = ?1"), [id], from_row).optional()?)
}

pub fn of_market_day(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Note>> {
    let mut st =
        c.prepare_cached(&format!("SELECT {COLUMNS} FROM note WHERE market_id = ?1 AND day = ?2 ORDER BY id"))?;
    Ok(st.query_map(params![market, super::day(day)], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

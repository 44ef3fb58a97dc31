//! SQL of control samples: the sample, its members and the pool it was drawn from.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::code::{Presence, SampleReason};
use crate::error::Result;
use crate::ids::{AccountId, MarketId, PermitId, SampleId};
use crate::sample::{Candidate, DrawMethod, Sample};

/// The valid permits of a market day with their vendor's enforcement date and presence.
pub fn pool(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<(PermitId, Option<NaiveDate>, Presence)>> {
    let mut st = c.prepare_cached(
        "SELECT p.id, v.enforcement_until, p.presence FROM daily_permit p JOIN vendor v ON v.id = p.vendor_id
         WHERE p.market_id = ?1 AND p.day = ?2 AND NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)
         ORDER BY p.id",
    )?;
    Ok(st
        .query_map(params![market, super::day(day)], |r| Ok((r.get(0)?, super::get_opt_day(r, 1)?, r.get(2)?)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// What a draw was made of, besides its pool: everything needed to re-run it.
#[derive(Debug, Clone, Copy)]
pub struct Drawn {
    pub market: MarketId,
    pub day: NaiveDate,
    pub seed: u64,
    pub size: usize,
    pub method: DrawMethod,
    pub by: AccountId,
    pub at: DateTime<Utc>,
}

pub fn insert(
    c: &Tx<'_>,
    d: &Drawn,
    replaces: Option<(SampleId, &str)>,
    pool: &[Candidate],
    members: &[(PermitId, SampleReason)],
) -> Result<SampleId> {
    let (replaces_id, reason) = replaces.unzip();
    c.execute(
        "INSERT INTO control_sample (market_id, day, seed, sample_size, draw_method, drawn_by, drawn_at,
                                     replaces_id, redraw_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            d.market,
            super::day(d.day),
            // SQLite integers are signed: the seed's 64 bits are kept as they are.
            d.seed as i64,
            // Sizes come from the market's, an i64 of 0 or more: no wrap.
            d.size as i64,
            d.method.number(),
            d.by,
            super::instant(d.at),
            replaces_id,
            reason
        ],
    )?;
    let id = SampleId(c.last_insert_rowid()?);
    let mut st = c.prepare_cached(
        "INSERT INTO control_sample_pool (sample_id, permit_id, enforcement, in_person) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for p in pool {
        st.execute(params![id, p.permit, p.enforcement, p.in_person])?;
    }
    let mut st = c.prepare_cached(
        "INSERT INTO control_sample_member (sample_id, permit_id, reason, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, (permit, reason)) in members.iter().enumerate() {
        st.execute(params![id, permit, reason, i as i64])?;
    }
    Ok(id)
}

fn load(c: &Connection, r: &crate::db::Row<'_>) -> crate::db::SqlResult<Sample> {
    let id: SampleId = r.get(0)?;
    let seed: i64 = r.get(3)?;
    let replaces_id: Option<SampleId> = r.get(6)?;
    let reason: Option<String> = r.get(7)?;
    let size: i64 = r.get(8)?;
    let size =
        usize::try_from(size).map_err(|_| crate::db::SqlError::conversion(8, format!("{} is out of range", size)))?;
    let method: i64 = r.get(9)?;
    let method = DrawMethod::from_number(method)
        .ok_or(crate::db::SqlError::conversion(9, format!("{} is out of range", method)))?;
    let mut st =
        c.prepare_cached("SELECT permit_id, reason FROM control_sample_member WHERE sample_id = ?1 ORDER BY position")?;
    let members = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<_>>()?;
    let mut st = c.prepare_cached(
        "SELECT permit_id, enforcement, in_person FROM control_sample_pool WHERE sample_id = ?1 ORDER BY permit_id",
    )?;
    let pool = st
        .query_map([id], |r| Ok(Candidate { permit: r.get(0)?, enforcement: r.get(1)?, in_person: r.get(2)? }))?
        .collect::<crate::db::SqlResult<_>>()?;
    Ok(Sample {
        id,
        market: r.get(1)?,
        day: super::get_day(r, 2)?,
        seed: seed as u64,
        size,
        method,
        drawn_by: r.get(4)?,
        drawn_at: super::get_instant(r, 5)?,
        replaces: replaces_id.zip(reason),
        members,
        pool,
    })
}

const COLUMNS: &str =
    "id, market_id, day, seed, drawn_by, drawn_at, replaces_id, redraw_reason, sample_size, draw_method";

pub fn get(c: &Connection, id: SampleId) -> Result<Option<Sample>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS} FROM control_sample WHERE id = ?1"), [id], |r| load(c, r)).optional()?)
}

/// The day's sample that no later one replaced.
pub fn current(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Option<Sample>> {
    Ok(c.query_row(
        &format!(
            "SELECT {COLUMNS} FROM control_sample s WHERE market_id = ?1 AND day = ?2
             AND NOT EXISTS (SELECT 1 FROM control_sample n WHERE n.replaces_id = s.id)"
        ),
        params![market, super::day(day)],
        |r| load(c, r),
    )
    .optional()?)
}

pub fn of_day(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Sample>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM control_sample WHERE market_id = ?1 AND day = ?2 ORDER BY id"
    ))?;
    Ok(st.query_map(params![market, super::day(day)], |r| load(c, r))?.collect::<crate::db::SqlResult<_>>()?)
}

//! Notes per market and day, ticked off when dealt with.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::db::{self, Store};
use crate::error::{Error, Result, Validator};
use crate::ids::{AccountId, MarketId, NoteId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: NoteId,
    pub market: MarketId,
    pub day: NaiveDate,
    pub text: String,
    pub created_by: AccountId,
    pub created_at: DateTime<Utc>,
    pub done: Option<(AccountId, DateTime<Utc>)>,
}

pub fn add(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    day: NaiveDate,
    text: &str,
) -> Result<NoteId> {
    actor.require(Action::WriteNote)?;
    let mut v = Validator::new();
    v.text("text", text, 1000);
    v.finish()?;
    store.write(|tx| {
        db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let id = db::note::insert(tx, market, day, text.trim(), actor.id(), now)?;
        let after = db::note::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "note.create", "note", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// Ticks a note off (or back on, with `done = false`).
pub fn tick(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: NoteId, done: bool) -> Result<()> {
    actor.require(Action::WriteNote)?;
    store.write(|tx| {
        let before = db::note::get(tx, id)?.ok_or_else(|| Error::not_found("notitie", id))?;
        db::note::set_done(tx, id, done.then_some((actor.id(), now)))?;
        let after = db::note::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "note.tick", "note", id, Some(&before), after.as_ref())
    })
}

pub fn of_market_day(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Vec<Note>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::note::of_market_day(c, market, day))
}

//! The day close (dagafsluiting, kasopmaak) per clerk, market and day: the clerk's permits
//! and money by method, the cash counted in the drawer and the difference. After it, the
//! clerk issues no more permits that day, and that day's money of the clerk changes only
//! by a senior's correction (a void or a reversal, both new rows).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::PaymentMethod;
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{AccountId, DayCloseId, MarketId};
use crate::money::Cents;

/// What a clerk's day on a market came to, before or at the close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClerkDay {
    pub market: MarketId,
    pub day: NaiveDate,
    pub account: AccountId,
    /// Permits the clerk issued that day on that market, voided ones left out.
    pub permits: i64,
    pub voided: i64,
    pub pin: Cents,
    pub cash: Cents,
    pub on_account: Cents,
}

impl ClerkDay {
    pub fn total(&self) -> Cents {
        self.pin + self.cash + self.on_account
    }

    pub fn by(&self, method: PaymentMethod) -> Cents {
        match method {
            PaymentMethod::Pin => self.pin,
            PaymentMethod::Cash => self.cash,
            PaymentMethod::OnAccount => self.on_account,
        }
    }
}

/// A stored close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayClose {
    pub id: DayCloseId,
    pub summary: ClerkDay,
    pub account_name: String,
    pub at: DateTime<Utc>,
    pub counted_cash: Cents,
    /// Counted minus expected cash: negative is a shortage.
    pub difference: Cents,
}

/// The acting clerk's day so far.
pub fn summary(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<ClerkDay> {
    actor.require(Action::CloseDay)?;
    store.read(|c| db::day_close::clerk_day(c, market, day, actor.id()))
}

/// Closes the acting clerk's day with the cash counted in the drawer.
pub fn close(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    day: NaiveDate,
    counted_cash: Cents,
) -> Result<DayCloseId> {
    actor.require(Action::CloseDay)?;
    let mut v = Validator::new();
    v.check("countedCash", !counted_cash.is_negative(), Problem::OutOfRange, "een kasbedrag is niet negatief");
    v.finish()?;
    store.write(|tx| {
        let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        if db::permit::closed_by(tx, market, day, actor.id())? {
            return Err(Error::Conflict(format!("u heeft {} op {} al afgesloten", m.name, crate::time::show_day(day))));
        }
        let summary = db::day_close::clerk_day(tx, market, day, actor.id())?;
        let difference = counted_cash - summary.cash;
        let id = db::day_close::insert(tx, &summary, counted_cash, difference, now)?;
        let after = db::day_close::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "day.close", "day_close", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// The closes of a market day, of every clerk.
pub fn of_day(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Vec<DayClose>> {
    actor.require(Action::ReadFinance)?;
    store.read(|c| db::day_close::of_day(c, market, day))
}

//! The day close (dagafsluiting, kasopmaak) per clerk, market and day: the clerk's permits
//! and money by method, the fines the clerk took at the desk, the cash counted in the drawer
//! and the difference. After it, the clerk issues no more permits and takes no more fine
//! payments for that market day, and that day's money of the clerk changes only by a
//! senior's correction (a void, a reversal or a late payment, all new rows).
//!
//! Which close a fine payment is in: the payment has no market of its own (a fine is paid at
//! the desk, whichever market the clerk is serving), so it goes to the close of the clerk
//! who took it, on the Amsterdam date it was taken, of the ticket's market (the market on
//! the letter, where the vendor stands). A reversal likewise counts on its own date, for the
//! clerk who made it. A stored close holds the fine payments taken up to its moment: they
//! are insert-only rows with their time, so what a close held is read back, not stored again.
//!
//! The words: *received* (ontvangen) is what came into the drawer and the pin terminal, pin
//! and cash; money *on account* (op rekening) was not received that day and is always shown
//! apart. The cash *matches* (klopt) only when the counted cash is the expected cash to the
//! cent; any difference needs the clerk's reason before the close is saved.

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
    /// Money taken for the day's permits, by method (reversals by the clerk included).
    pub pin: Cents,
    pub cash: Cents,
    pub on_account: Cents,
    /// Fine payments the clerk took that day for tickets of this market.
    pub fines: Fines,
}

/// Fine payments of a day, by method, net of reversals made that day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Fines {
    /// Payments received (reversals not counted).
    pub payments: i64,
    pub pin: Cents,
    pub cash: Cents,
    pub on_account: Cents,
}

impl Fines {
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

    pub(crate) fn add(&mut self, method: PaymentMethod, amount: Cents) {
        match method {
            PaymentMethod::Pin => self.pin += amount,
            PaymentMethod::Cash => self.cash += amount,
            PaymentMethod::OnAccount => self.on_account += amount,
        }
    }

    /// Every method with its amount, in the order of [`PaymentMethod::ALL`].
    pub fn money(&self) -> Vec<(PaymentMethod, Cents)> {
        PaymentMethod::ALL.iter().map(|m| (*m, self.by(*m))).collect()
    }
}

impl ClerkDay {
    /// Everything the clerk took: permits and fines.
    pub fn total(&self) -> Cents {
        self.permit_total() + self.fines.total()
    }

    /// What the day's permits came to, on account included.
    pub fn permit_total(&self) -> Cents {
        self.pin + self.cash + self.on_account
    }

    /// What the clerk received: pin and cash, for permits and fines. Money on account was
    /// not received and is left out.
    pub fn received(&self) -> Cents {
        self.pin + self.cash + self.fines.pin + self.fines.cash
    }

    /// What the clerk booked on account (permits and fines): not received today.
    pub fn on_account_total(&self) -> Cents {
        self.on_account + self.fines.on_account
    }

    /// The cash the drawer should hold: the permits' and the fines'.
    pub fn expected_cash(&self) -> Cents {
        self.cash + self.fines.cash
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
    /// Counted minus expected cash (permits' and fines'): negative is a shortage.
    pub difference: Cents,
    /// Why the counted cash differs, as the clerk said it; `None` when it matched (and for
    /// closes stored before schema 11).
    pub difference_reason: Option<String>,
}

impl DayClose {
    /// The counted cash is the expected cash to the cent.
    pub fn matches(&self) -> bool {
        self.difference == Cents::ZERO
    }
}

/// The longest reason for a difference.
pub const REASON_MAX: usize = 200;

/// The acting clerk's day so far.
pub fn summary(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<ClerkDay> {
    actor.require(Action::CloseDay)?;
    store.read(|c| db::day_close::clerk_day(c, market, day, actor.id()))
}

/// Closes the acting clerk's day with the cash counted in the drawer. When the counted cash
/// differs from the expected cash, `difference_reason` says why (required then; the field
/// `differenceReason`); without a difference it is stored when given.
pub fn close(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    day: NaiveDate,
    counted_cash: Cents,
    difference_reason: &str,
) -> Result<DayCloseId> {
    actor.require(Action::CloseDay)?;
    let reason = difference_reason.trim();
    store.write(|tx| {
        let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        if db::permit::closed_by(tx, market, day, actor.id())? {
            return Err(Error::Conflict(format!("u heeft {} op {} al afgesloten", m.name, crate::time::show_day(day))));
        }
        // The expected cash is read in the transaction, so whether a reason is needed is
        // decided against what is stored, not against what the screen showed.
        let summary = db::day_close::clerk_day(tx, market, day, actor.id())?;
        let difference = counted_cash - summary.expected_cash();
        let mut v = Validator::new();
        v.check("countedCash", !counted_cash.is_negative(), Problem::OutOfRange, "een kasbedrag is niet negatief");
        if !counted_cash.is_negative() && difference != Cents::ZERO {
            let (what, amount) =
                if difference.is_negative() { ("te weinig", -difference) } else { ("te veel", difference) };
            v.check(
                "differenceReason",
                !reason.is_empty(),
                Problem::Required,
                format!("er is {amount} {what} in de kas: geef de reden van het verschil"),
            );
        }
        v.check(
            "differenceReason",
            reason.chars().count() <= REASON_MAX,
            Problem::TooLong,
            format!("te lang (hoogstens {REASON_MAX} tekens)"),
        );
        v.finish()?;
        let id = db::day_close::insert(tx, &summary, counted_cash, difference, reason, now)?;
        let after = db::day_close::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "day.close", "day_close", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// The acting clerk's own close of a market day, if made: the counter says the day is
/// closed before anything is typed, rather than refusing after Enter.
pub fn mine(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Option<DayClose>> {
    actor.require(Action::ReadMarketDay)?;
    let me = actor.id();
    store.read(|c| Ok(db::day_close::of_day(c, market, day)?.into_iter().find(|d| d.summary.account == me)))
}

/// The closes of a market day, of every clerk.
pub fn of_day(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Vec<DayClose>> {
    actor.require(Action::ReadFinance)?;
    store.read(|c| db::day_close::of_day(c, market, day))
}

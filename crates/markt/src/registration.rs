//! Registrations (sollicitaties) of vendors on markets, with their fixed stalls and fixed
//! products, and the vendors' allocation preferences.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{Cooking, RegistrationStatus};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{BranchId, MarketId, PreferenceId, ProductId, RegistrationId, StallId, VendorId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    pub id: RegistrationId,
    pub vendor: VendorId,
    pub market: MarketId,
    /// Seniority on the market (sollicitatienummer): lower goes first.
    pub list_number: i64,
    pub status: RegistrationStatus,
    pub registered_on: NaiveDate,
    pub voided: bool,
    pub void_reason: Option<String>,
    /// A `tvplz`'s number of places: the stalls it is entitled to, anywhere (allocation.md,
    /// art. 3.10). `None` for every other status.
    pub places: Option<i64>,
    /// Fixed stalls (vaste plaatsen), in row order.
    pub stalls: Vec<StallId>,
    /// Products paid through the yearly permit, with pieces.
    pub products: Vec<(ProductId, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationInput {
    pub vendor: VendorId,
    pub market: MarketId,
    pub list_number: i64,
    pub status: RegistrationStatus,
    pub registered_on: NaiveDate,
    /// Only for a `tvplz`, and then required: the number of places it holds.
    pub places: Option<i64>,
    pub stalls: Vec<StallId>,
    pub products: Vec<(ProductId, i64)>,
}

/// Statuses that hold stalls of their own. `tvplz` is entitled to stalls but has none of
/// its own; applicants have none.
fn holds_own_stalls(s: RegistrationStatus) -> bool {
    !matches!(s, RegistrationStatus::Tvplz | RegistrationStatus::Soll | RegistrationStatus::Vkk)
}

fn validate(tx: &Tx<'_>, input: &RegistrationInput, id: Option<RegistrationId>) -> Result<()> {
    let mut v = Validator::new();
    v.range("list_number", input.list_number, 1, 999_999);
    v.check(
        "stalls",
        input.stalls.is_empty() || holds_own_stalls(input.status),
        Problem::Conflict,
        format!("status {} heeft geen vaste plaatsen", input.status),
    );
    v.check(
        "products",
        input.products.is_empty() || input.status.is_fixed(),
        Problem::Conflict,
        "een sollicitant heeft geen vaste producten",
    );
    let vendor = db::vendor::get(tx, input.vendor)?;
    v.check("vendor", vendor.is_some(), Problem::Unknown, "onbekende ondernemer");
    let market = db::market::get(tx, input.market)?;
    v.check("market", market.is_some(), Problem::Unknown, "onbekende markt");
    match (input.status, input.places) {
        (RegistrationStatus::Tvplz, None) => {
            v.fail("places", Problem::Required, "aantal plaatsen: vul in op hoeveel plaatsen deze tvplz recht heeft")
        }
        (RegistrationStatus::Tvplz, Some(n)) => {
            let max = market.as_ref().map_or(99, |m| m.max_stalls_per_vendor.max(1));
            v.check(
                "places",
                (1..=max).contains(&n),
                Problem::OutOfRange,
                format!("aantal plaatsen moet tussen 1 en {max} liggen (het maximum per ondernemer op deze markt)"),
            );
        }
        (status, Some(_)) => v.fail(
            "places",
            Problem::Conflict,
            format!("aantal plaatsen: alleen een tvplz heeft een aantal plaatsen, niet status {status}"),
        ),
        (_, None) => {}
    }
    if let Some(m) = &market {
        v.check(
            "stalls",
            input.stalls.len() as i64 <= m.max_stalls_per_vendor,
            Problem::OutOfRange,
            format!("hoogstens {} plaatsen per ondernemer op deze markt", m.max_stalls_per_vendor),
        );
    }
    if !v.has_error_on("list_number")
        && let Some(holder) = db::registration::active_by_list_number(tx, input.market, input.list_number)?
        && Some(holder.id) != id
    {
        let name = db::vendor::get(tx, holder.vendor)?.map(|v| v.name()).unwrap_or_default();
        v.fail("list_number", Problem::Duplicate, format!("nummer {} is al van {name}", input.list_number));
    }
    if let Some(other) = db::registration::active_of(tx, input.vendor, input.market)?
        && Some(other.id) != id
    {
        v.fail("market", Problem::Duplicate, "deze ondernemer heeft al een sollicitatie op deze markt");
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, stall) in input.stalls.iter().enumerate() {
        let field = format!("stalls[{i}]");
        match db::market::stall(tx, *stall)? {
            None => v.fail(field, Problem::Unknown, format!("onbekende plaats {stall}")),
            Some(s) if s.market != input.market => {
                v.fail(field, Problem::Conflict, format!("plaats {} ligt op een andere markt", s.number))
            }
            Some(s) => {
                if !seen.insert(*stall) {
                    v.fail(field.clone(), Problem::Duplicate, format!("plaats {} staat er twee keer in", s.number));
                }
                if let Some(holder) = db::registration::holder_of_stall(tx, *stall)?
                    && Some(holder.id) != id
                {
                    let name = db::vendor::get(tx, holder.vendor)?.map(|v| v.name()).unwrap_or_default();
                    v.fail(field, Problem::Duplicate, format!("plaats {} is al de vaste plaats van {name}", s.number));
                }
            }
        }
    }
    for (i, (product, qty)) in input.products.iter().enumerate() {
        let field = format!("products[{i}]");
        if db::tariff::product(tx, *product)?.is_none() {
            v.fail(field.clone(), Problem::Unknown, format!("onbekend product {product}"));
        }
        v.range(&field, *qty, 1, 100);
    }
    v.finish()
}

pub fn create(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &RegistrationInput,
) -> Result<RegistrationId> {
    actor.require(Action::EditRegistrations)?;
    store.write(|tx| {
        validate(tx, input, None)?;
        let id = db::registration::insert(tx, input)?;
        let after = db::registration::get(tx, id)?;
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "registration.create",
            "registration",
            id,
            None::<&()>,
            after.as_ref(),
        )?;
        Ok(id)
    })
}

pub fn update(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: RegistrationId,
    input: &RegistrationInput,
) -> Result<()> {
    actor.require(Action::EditRegistrations)?;
    store.write(|tx| {
        let before = db::registration::get(tx, id)?.ok_or_else(|| Error::not_found("sollicitatie", id))?;
        if before.voided {
            return Err(Error::Conflict("een ingetrokken sollicitatie wordt niet meer gewijzigd".into()));
        }
        if before.vendor != input.vendor || before.market != input.market {
            return Err(Error::invalid(
                "market",
                Problem::Conflict,
                "ondernemer en markt van een sollicitatie liggen vast",
            ));
        }
        validate(tx, input, Some(id))?;
        db::registration::update(tx, id, input)?;
        let after = db::registration::get(tx, id)?;
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "registration.update",
            "registration",
            id,
            Some(&before),
            after.as_ref(),
        )
    })
}

/// Withdraws a registration. It stays on record; its list number and stalls become free.
pub fn void(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: RegistrationId, reason: &str) -> Result<()> {
    actor.require(Action::EditRegistrations)?;
    let mut v = Validator::new();
    v.text("reason", reason, 200);
    v.finish()?;
    store.write(|tx| {
        let before = db::registration::get(tx, id)?.ok_or_else(|| Error::not_found("sollicitatie", id))?;
        if before.voided {
            return Err(Error::Conflict("deze sollicitatie is al ingetrokken".into()));
        }
        db::registration::void(tx, id, reason.trim())?;
        let after = db::registration::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "registration.void", "registration", id, Some(&before), after.as_ref())
    })
}

pub fn get(store: &mut Store, actor: &Actor, id: RegistrationId) -> Result<Registration> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| db::registration::get(c, id))?.ok_or_else(|| Error::not_found("sollicitatie", id))
}

pub fn of_vendor(store: &mut Store, actor: &Actor, vendor: VendorId) -> Result<Vec<Registration>> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| db::registration::of_vendor(c, vendor))
}

pub fn of_market(store: &mut Store, actor: &Actor, market: MarketId) -> Result<Vec<Registration>> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| db::registration::active_of_market(c, market))
}

// ── Preferences ──────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preferences {
    pub id: PreferenceId,
    pub vendor: VendorId,
    pub market: MarketId,
    pub branch: Option<BranchId>,
    pub min_stalls: i64,
    pub max_stalls: i64,
    pub cooking: Cooking,
    pub evi: bool,
    /// Accepts any stall when none of the preferred ones is free.
    pub anywhere: bool,
    /// Preferred stalls, most wanted first.
    pub stalls: Vec<StallId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferencesInput {
    pub vendor: VendorId,
    pub market: MarketId,
    pub branch: Option<BranchId>,
    pub min_stalls: i64,
    pub max_stalls: i64,
    pub cooking: Cooking,
    pub evi: bool,
    pub anywhere: bool,
    pub stalls: Vec<StallId>,
}

/// Sets a vendor's preferences on a market (replacing earlier ones).
pub fn set_preferences(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &PreferencesInput,
) -> Result<PreferenceId> {
    actor.require(Action::EditRegistrations)?;
    store.write(|tx| {
        let market = db::market::get(tx, input.market)?.ok_or_else(|| Error::not_found("markt", input.market))?;
        db::vendor::get(tx, input.vendor)?.ok_or_else(|| Error::not_found("ondernemer", input.vendor))?;
        let mut v = Validator::new();
        v.range("min_stalls", input.min_stalls, 1, market.max_stalls_per_vendor);
        v.range("max_stalls", input.max_stalls, input.min_stalls.max(1), market.max_stalls_per_vendor);
        if let Some(b) = input.branch {
            v.check("branch", db::branch::get(tx, b)?.is_some(), Problem::Unknown, "onbekende branche");
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, s) in input.stalls.iter().enumerate() {
            let ok = db::market::stall(tx, *s)?.is_some_and(|st| st.market == input.market);
            v.check(&format!("stalls[{i}]"), ok, Problem::Unknown, "geen plaats van deze markt");
            v.check(&format!("stalls[{i}]"), seen.insert(*s), Problem::Duplicate, "deze plaats staat er al in");
        }
        v.finish()?;
        let before = db::registration::preferences(tx, input.vendor, input.market)?;
        let id = db::registration::upsert_preferences(tx, input)?;
        let after = db::registration::preferences(tx, input.vendor, input.market)?;
        audit::record(tx, Some(actor.id()), now, "preferences.set", "preference", id, before.as_ref(), after.as_ref())?;
        Ok(id)
    })
}

pub fn preferences(
    store: &mut Store,
    actor: &Actor,
    vendor: VendorId,
    market: MarketId,
) -> Result<Option<Preferences>> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| db::registration::preferences(c, vendor, market))
}

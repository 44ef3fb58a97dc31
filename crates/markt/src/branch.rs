//! Branches (branche): trade categories, and their limits per market.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{BranchId, MarketId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Branch {
    pub id: BranchId,
    /// e.g. `101-AGF`.
    pub code: String,
    pub name: String,
    /// `#rrggbb`, the colour of its stalls on the map and the daily list.
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchInput {
    pub code: String,
    pub name: String,
    pub colour: String,
}

/// A branch's rule on one market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarketBranch {
    pub market: MarketId,
    pub branch: BranchId,
    /// All its vendors together get at most this many stalls.
    pub max_stalls: Option<i64>,
    /// Stalls reserved for it go to its vendors first.
    pub mandatory: bool,
}

fn normalise_colour(c: &str) -> String {
    c.trim().to_ascii_lowercase()
}

fn validate(input: &BranchInput) -> Result<()> {
    let mut v = Validator::new();
    v.text("code", &input.code, 20);
    v.text("name", &input.name, 80);
    let colour = normalise_colour(&input.colour);
    v.check(
        "colour",
        colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit()),
        Problem::Format,
        "kleur als #rrggbb, bijv. #2e7d32",
    );
    v.finish()
}

pub fn create(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &BranchInput) -> Result<BranchId> {
    actor.require(Action::EditBranches)?;
    validate(input)?;
    store.write(|tx| {
        if db::branch::find_by_code(tx, input.code.trim())?.is_some() {
            return Err(Error::invalid(
                "code",
                Problem::Duplicate,
                format!("branche {} bestaat al", input.code.trim()),
            ));
        }
        let id = db::branch::insert(tx, input.code.trim(), input.name.trim(), &normalise_colour(&input.colour))?;
        let after = db::branch::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "branch.create", "branch", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn update(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: BranchId, input: &BranchInput) -> Result<()> {
    actor.require(Action::EditBranches)?;
    validate(input)?;
    store.write(|tx| {
        let before = db::branch::get(tx, id)?.ok_or_else(|| Error::not_found("branche", id))?;
        if let Some(other) = db::branch::find_by_code(tx, input.code.trim())?
            && other.id != id
        {
            return Err(Error::invalid(
                "code",
                Problem::Duplicate,
                format!("branche {} bestaat al", input.code.trim()),
            ));
        }
        db::branch::update(tx, id, input.code.trim(), input.name.trim(), &normalise_colour(&input.colour))?;
        let after = db::branch::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "branch.update", "branch", id, Some(&before), after.as_ref())
    })
}

/// Sets (or clears, with `None`) a branch's maximum and mandatory flag on a market.
pub fn set_market_rule(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    branch: BranchId,
    rule: Option<(Option<i64>, bool)>,
) -> Result<()> {
    actor.require(Action::EditMarkets)?;
    if let Some((Some(max), _)) = rule {
        let mut v = Validator::new();
        v.range("max_stalls", max, 0, 10_000);
        v.finish()?;
    }
    store.write(|tx| {
        db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        db::branch::get(tx, branch)?.ok_or_else(|| Error::not_found("branche", branch))?;
        let before = db::branch::market_rule(tx, market, branch)?;
        match rule {
            Some((max, mandatory)) => db::branch::upsert_market_rule(tx, market, branch, max, mandatory)?,
            None => db::branch::delete_market_rule(tx, market, branch)?,
        }
        let after = db::branch::market_rule(tx, market, branch)?;
        let key = format!("{market}/{branch}");
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "branch.market_rule",
            "market_branch",
            key,
            before.as_ref(),
            after.as_ref(),
        )
    })
}

pub fn list(store: &mut Store, actor: &Actor) -> Result<Vec<Branch>> {
    actor.require(Action::ReadMasterData)?;
    store.read(db::branch::list)
}

pub fn market_rules(store: &mut Store, actor: &Actor, market: MarketId) -> Result<Vec<MarketBranch>> {
    actor.require(Action::ReadMasterData)?;
    store.read(|c| db::branch::market_rules(c, market))
}

//! Markets, their rows and stalls (plaatsen), obstacles and blocked dates.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{Cooking, MarketKind, ObstacleKind, StallProperty, Weekdays};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{BranchId, MarketId, ObstacleId, RowId, StallId};

/// A market as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Market {
    pub id: MarketId,
    pub code: String,
    pub name: String,
    pub kind: MarketKind,
    pub weekdays: Weekdays,
    /// `MM-DD` bounds of the season, seasonal markets only.
    pub season: Option<(String, String)>,
    pub stall_size_m: i64,
    pub max_stalls_per_vendor: i64,
    pub sample_size: i64,
    pub ab_lists: bool,
    pub ended: bool,
    /// The day an ended market was ended (Amsterdam), read from the audit row that set
    /// `ended`: the table keeps only the flag. `None` while the market runs.
    pub ended_on: Option<NaiveDate>,
}

impl Market {
    /// Whether the market is held on `day`: its weekday, its season if seasonal, and, once
    /// ended, only up to and including the day it was ended (its past days keep their
    /// lists and reports). An ended market whose end day cannot be told is held on no day.
    pub fn is_held_on(&self, day: NaiveDate) -> bool {
        if !self.weekdays.contains_date(day) {
            return false;
        }
        if self.ended && self.ended_on.is_none_or(|end| day > end) {
            return false;
        }
        match &self.season {
            Some((from, until)) => {
                let md = day.format("%m-%d").to_string();
                if from <= until { *from <= md && md <= *until } else { md >= *from || md <= *until }
            }
            None => true,
        }
    }

    /// The nearest day after `from` (before it when `forward` is false), at most `within`
    /// days away, on which the market is held: the day pickers' ‹ and › and "the next
    /// market day". The UI asks this rather than repeating [`Market::is_held_on`].
    pub fn next_held_day(&self, from: NaiveDate, forward: bool, within: u32) -> Option<NaiveDate> {
        (1..=i64::from(within))
            .map(|i| from + chrono::Duration::days(if forward { i } else { -i }))
            .find(|day| self.is_held_on(*day))
    }
}

/// The markets held on `day` ([`Market::is_held_on`]), in the market list's order.
pub fn held_on(store: &mut Store, actor: &Actor, day: NaiveDate) -> Result<Vec<MarketId>> {
    Ok(list(store, actor)?.into_iter().filter(|m| m.is_held_on(day)).map(|m| m.id).collect())
}

/// The fields of the market form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketInput {
    pub code: String,
    pub name: String,
    pub kind: MarketKind,
    pub weekdays: Weekdays,
    pub season: Option<(String, String)>,
    pub stall_size_m: i64,
    pub max_stalls_per_vendor: i64,
    pub sample_size: i64,
    pub ab_lists: bool,
}

fn is_month_day(s: &str) -> bool {
    NaiveDate::parse_from_str(&format!("2024-{s}"), "%Y-%m-%d").is_ok() && s.len() == 5
}

fn validate_market(m: &MarketInput) -> Result<()> {
    let mut v = Validator::new();
    v.text("code", &m.code, 10);
    v.check(
        "code",
        m.code.is_empty()
            || (m.code.starts_with(|c: char| c.is_ascii_uppercase())
                && m.code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())),
        Problem::Format,
        "hoofdletters en cijfers, beginnend met een letter (bijv. AC)",
    );
    v.text("name", &m.name, 80);
    v.check("weekdays", !m.weekdays.is_empty(), Problem::Required, "kies minstens één marktdag");
    v.check("stall_size_m", matches!(m.stall_size_m, 3 | 4), Problem::OutOfRange, "standaardkraam is 3 of 4 meter");
    v.range("max_stalls_per_vendor", m.max_stalls_per_vendor, 1, 20);
    v.range("sample_size", m.sample_size, 0, 500);
    match (&m.kind, &m.season) {
        (MarketKind::Seasonal, None) => v.fail("season", Problem::Required, "een seizoensmarkt heeft een seizoen"),
        (MarketKind::Seasonal, Some((from, until))) => {
            v.check("season.from", is_month_day(from), Problem::Format, "datum als MM-DD, bijv. 04-01");
            v.check("season.until", is_month_day(until), Problem::Format, "datum als MM-DD, bijv. 10-31");
        }
        (_, Some(_)) => v.fail("season", Problem::Conflict, "alleen een seizoensmarkt heeft een seizoen"),
        (_, None) => {}
    }
    v.finish()
}

pub fn create(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &MarketInput) -> Result<MarketId> {
    actor.require(Action::EditMarkets)?;
    validate_market(input)?;
    store.write(|tx| {
        if db::market::find_by_code(tx, &input.code)?.is_some() {
            return Err(Error::invalid("code", Problem::Duplicate, format!("marktcode {} bestaat al", input.code)));
        }
        let id = db::market::insert(tx, input)?;
        let after = db::market::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "market.create", "market", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn update(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: MarketId, input: &MarketInput) -> Result<()> {
    actor.require(Action::EditMarkets)?;
    validate_market(input)?;
    store.write(|tx| {
        let before = db::market::get(tx, id)?.ok_or_else(|| Error::not_found("markt", id))?;
        if let Some(other) = db::market::find_by_code(tx, &input.code)?
            && other.id != id
        {
            return Err(Error::invalid("code", Problem::Duplicate, format!("marktcode {} bestaat al", input.code)));
        }
        db::market::update(tx, id, input)?;
        let after = db::market::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "market.update", "market", id, Some(&before), after.as_ref())
    })
}

/// Ends a market (it leaves the daily screens, stays in reports), or reopens it.
pub fn set_ended(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: MarketId, ended: bool) -> Result<()> {
    actor.require(Action::EditMarkets)?;
    store.write(|tx| {
        let before = db::market::get(tx, id)?.ok_or_else(|| Error::not_found("markt", id))?;
        db::market::set_ended(tx, id, ended)?;
        let after = db::market::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "market.set_ended", "market", id, Some(&before), after.as_ref())
    })
}

pub fn list(store: &mut Store, actor: &Actor) -> Result<Vec<Market>> {
    actor.require(Action::ReadMasterData)?;
    store.read(db::market::list)
}

/// Every market with its number of stalls, for the market list.
pub fn list_with_stall_counts(store: &mut Store, actor: &Actor) -> Result<Vec<(Market, usize)>> {
    actor.require(Action::ReadMasterData)?;
    store.read(|c| {
        let counts = db::market::stall_counts(c)?;
        Ok(db::market::list(c)?
            .into_iter()
            .map(|m| {
                let n = counts.get(&m.id).copied().unwrap_or(0);
                (m, n)
            })
            .collect())
    })
}

pub fn get(store: &mut Store, actor: &Actor, id: MarketId) -> Result<Market> {
    actor.require(Action::ReadMasterData)?;
    store.read(|c| db::market::get(c, id))?.ok_or_else(|| Error::not_found("markt", id))
}

pub fn by_code(store: &mut Store, actor: &Actor, code: &str) -> Result<Market> {
    actor.require(Action::ReadMasterData)?;
    let code = code.trim().to_uppercase();
    store.read(|c| db::market::find_by_code(c, &code))?.ok_or_else(|| Error::not_found("markt", code))
}

// ── Stall numbers ────────────────────────────────────────────────────────────────────────

/// A stall's number as painted on the street: `12`, `12a`. Sorts naturally: 2 < 10 < 10a.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct StallNumber(String);

impl StallNumber {
    pub fn parse(text: &str) -> Result<StallNumber> {
        let t = text.trim();
        if t.is_empty() {
            return Err(Error::invalid("number", Problem::Required, "verplicht veld"));
        }
        if t.chars().count() > 10 || !t.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Err(Error::invalid(
                "number",
                Problem::Format,
                "letters, cijfers en streepjes, hoogstens 10 tekens",
            ));
        }
        Ok(StallNumber(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key stored beside the number so that SQL sorts naturally too.
    pub fn sort_key(&self) -> String {
        natural_key(&self.0)
    }
}

fn natural_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len() + 12);
    let mut digits = String::new();
    let flush = |digits: &mut String, key: &mut String| {
        if !digits.is_empty() {
            let trimmed = digits.trim_start_matches('0');
            key.push_str(&format!("{trimmed:0>12}"));
            digits.clear();
        }
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut key);
            key.extend(c.to_lowercase());
        }
    }
    flush(&mut digits, &mut key);
    key
}

impl Ord for StallNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key()).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for StallNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for StallNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ── Rows and stalls ──────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StallRow {
    pub id: RowId,
    pub market: MarketId,
    pub name: String,
    pub position: i64,
    pub circular: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stall {
    pub id: StallId,
    pub market: MarketId,
    pub row: RowId,
    pub position: i64,
    pub number: StallNumber,
    pub length_m: i64,
    pub cooking: Cooking,
    pub evi: bool,
    pub active: bool,
    pub properties: Vec<StallProperty>,
    /// Branches the stall is reserved for.
    pub branches: Vec<BranchId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Obstacle {
    pub id: ObstacleId,
    pub row: RowId,
    pub before: StallId,
    pub after: StallId,
    pub kind: ObstacleKind,
}

/// The fields of the stall form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StallInput {
    pub row: RowId,
    pub number: String,
    pub length_m: i64,
    pub cooking: Cooking,
    pub evi: bool,
    pub active: bool,
    pub properties: Vec<StallProperty>,
    pub branches: Vec<BranchId>,
}

/// A market's rows with their stalls in order and the obstacles between them: what the
/// stall map draws and the allocation reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub market: Market,
    pub rows: Vec<RowLayout>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowLayout {
    pub row: StallRow,
    pub stalls: Vec<Stall>,
    pub obstacles: Vec<Obstacle>,
}

impl Layout {
    pub fn stalls(&self) -> impl Iterator<Item = &Stall> {
        self.rows.iter().flat_map(|r| r.stalls.iter())
    }

    pub fn stall_count(&self) -> usize {
        self.rows.iter().map(|r| r.stalls.len()).sum()
    }
}

pub fn add_row(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    name: &str,
    circular: bool,
) -> Result<RowId> {
    actor.require(Action::EditMarkets)?;
    let mut v = Validator::new();
    v.text("name", name, 40);
    v.finish()?;
    store.write(|tx| {
        db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        if db::market::rows(tx, market)?.iter().any(|r| r.name == name.trim()) {
            return Err(Error::invalid("name", Problem::Duplicate, "deze markt heeft al een rij met die naam"));
        }
        let id = db::market::insert_row(tx, market, name.trim(), circular)?;
        let after = db::market::row(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "row.create", "stall_row", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn update_row(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: RowId,
    name: &str,
    circular: bool,
) -> Result<()> {
    actor.require(Action::EditMarkets)?;
    let mut v = Validator::new();
    v.text("name", name, 40);
    v.finish()?;
    store.write(|tx| {
        let before = db::market::row(tx, id)?.ok_or_else(|| Error::not_found("rij", id))?;
        if db::market::rows(tx, before.market)?.iter().any(|r| r.name == name.trim() && r.id != id) {
            return Err(Error::invalid("name", Problem::Duplicate, "deze markt heeft al een rij met die naam"));
        }
        db::market::update_row(tx, id, name.trim(), circular)?;
        let after = db::market::row(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "row.update", "stall_row", id, Some(&before), after.as_ref())
    })
}

fn validate_stall(s: &StallInput) -> Result<StallNumber> {
    let number = StallNumber::parse(&s.number);
    let mut v = Validator::new();
    if let Err(e) = &number {
        for f in e.field_errors() {
            v.fail(f.field.clone(), f.problem, f.message.clone());
        }
    }
    v.range("length_m", s.length_m, 1, 20);
    v.finish()?;
    number
}

/// Adds a stall at the end of its row.
pub fn add_stall(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &StallInput) -> Result<StallId> {
    actor.require(Action::EditMarkets)?;
    let number = validate_stall(input)?;
    store.write(|tx| {
        let row = db::market::row(tx, input.row)?.ok_or_else(|| Error::not_found("rij", input.row))?;
        if db::market::find_stall(tx, row.market, number.as_str())?.is_some() {
            return Err(Error::invalid(
                "number",
                Problem::Duplicate,
                format!("plaats {number} bestaat al op deze markt"),
            ));
        }
        check_branches_exist(tx, &input.branches)?;
        let id = db::market::insert_stall(tx, row.market, input, &number)?;
        let after = db::market::stall(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "stall.create", "stall", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// Changes a stall's number, size, type, properties or branches (not its row or place).
pub fn update_stall(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: StallId,
    input: &StallInput,
) -> Result<()> {
    actor.require(Action::EditMarkets)?;
    let number = validate_stall(input)?;
    store.write(|tx| {
        let before = db::market::stall(tx, id)?.ok_or_else(|| Error::not_found("plaats", id))?;
        if before.row != input.row {
            return Err(Error::invalid("row", Problem::Conflict, "een plaats verhuist niet naar een andere rij"));
        }
        if let Some(other) = db::market::find_stall(tx, before.market, number.as_str())?
            && other.id != id
        {
            return Err(Error::invalid(
                "number",
                Problem::Duplicate,
                format!("plaats {number} bestaat al op deze markt"),
            ));
        }
        check_branches_exist(tx, &input.branches)?;
        db::market::update_stall(tx, id, input, &number)?;
        let after = db::market::stall(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "stall.update", "stall", id, Some(&before), after.as_ref())
    })
}

fn check_branches_exist(tx: &Tx<'_>, branches: &[BranchId]) -> Result<()> {
    for (i, b) in branches.iter().enumerate() {
        if db::branch::get(tx, *b)?.is_none() {
            return Err(Error::invalid(format!("branches[{i}]"), Problem::Unknown, format!("onbekende branche {b}")));
        }
    }
    Ok(())
}

/// Puts an obstacle between two consecutive stalls of a row: they stop being neighbours.
pub fn add_obstacle(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    before: StallId,
    after: StallId,
    kind: ObstacleKind,
) -> Result<ObstacleId> {
    actor.require(Action::EditMarkets)?;
    store.write(|tx| {
        let a = db::market::stall(tx, before)?.ok_or_else(|| Error::not_found("plaats", before))?;
        let b = db::market::stall(tx, after)?.ok_or_else(|| Error::not_found("plaats", after))?;
        let row = db::market::row(tx, a.row)?.ok_or_else(|| Error::not_found("rij", a.row))?;
        let stalls = db::market::stalls_of_row(tx, a.row)?;
        let consecutive = a.row == b.row && {
            let ia = stalls.iter().position(|s| s.id == a.id);
            let ib = stalls.iter().position(|s| s.id == b.id);
            match (ia, ib) {
                (Some(i), Some(j)) => j == i + 1 || (row.circular && i + 1 == stalls.len() && j == 0),
                _ => false,
            }
        };
        if !consecutive {
            return Err(Error::invalid(
                "after",
                Problem::Conflict,
                "een obstakel ligt tussen twee opeenvolgende plaatsen van één rij",
            ));
        }
        let id = db::market::insert_obstacle(tx, a.row, before, after, kind)?;
        let rec = db::market::obstacle(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "obstacle.create", "obstacle", id, None::<&()>, rec.as_ref())?;
        Ok(id)
    })
}

pub fn remove_obstacle(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: ObstacleId) -> Result<()> {
    actor.require(Action::EditMarkets)?;
    store.write(|tx| {
        let before = db::market::obstacle(tx, id)?.ok_or_else(|| Error::not_found("obstakel", id))?;
        db::market::delete_obstacle(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "obstacle.delete", "obstacle", id, Some(&before), None::<&()>)
    })
}

/// Blocks a stall for one day (road works, an event): the allocation never gives it out.
pub fn block_stall(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    stall: StallId,
    day: NaiveDate,
    reason: &str,
) -> Result<()> {
    actor.require(Action::BlockStalls)?;
    let mut v = Validator::new();
    v.text("reason", reason, 200);
    v.finish()?;
    store.write(|tx| {
        db::market::stall(tx, stall)?.ok_or_else(|| Error::not_found("plaats", stall))?;
        if db::market::is_blocked(tx, stall, day)? {
            return Err(Error::invalid("day", Problem::Duplicate, "deze plaats is die dag al geblokkeerd"));
        }
        db::market::insert_block(tx, stall, day, reason.trim())?;
        let after = serde_json::json!({ "day": db::day(day), "reason": reason.trim() });
        audit::record(tx, Some(actor.id()), now, "stall.block", "stall", stall, None::<&()>, Some(&after))
    })
}

pub fn unblock_stall(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    stall: StallId,
    day: NaiveDate,
) -> Result<()> {
    actor.require(Action::BlockStalls)?;
    store.write(|tx| {
        if !db::market::is_blocked(tx, stall, day)? {
            return Err(Error::not_found("blokkade", format!("plaats {stall} op {day}")));
        }
        db::market::delete_block(tx, stall, day)?;
        let before = serde_json::json!({ "day": db::day(day) });
        audit::record(tx, Some(actor.id()), now, "stall.unblock", "stall", stall, Some(&before), None::<&()>)
    })
}

/// The market's rows, stalls (with properties and branches) and obstacles, in order.
pub fn layout(store: &mut Store, actor: &Actor, market: MarketId) -> Result<Layout> {
    actor.require(Action::ReadMasterData)?;
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        db::market::layout(c, m)
    })
}

/// The stall map of one day: the layout, which stalls are blocked that day (with the
/// reason), and who holds each fixed stall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayLayout {
    pub layout: Layout,
    pub day: NaiveDate,
    pub blocked: std::collections::BTreeMap<StallId, String>,
    pub holders: std::collections::BTreeMap<StallId, (crate::ids::VendorId, String, crate::code::RegistrationStatus)>,
}

pub fn day_layout(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<DayLayout> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let layout = db::market::layout(c, m)?;
        let blocked = db::market::blocks_on(c, market, day)?.into_iter().collect();
        let mut holders = std::collections::BTreeMap::new();
        for r in db::registration::active_of_market(c, market)? {
            if r.stalls.is_empty() {
                continue;
            }
            let name = db::vendor::get(c, r.vendor)?.map(|v| v.name()).unwrap_or_default();
            for s in &r.stalls {
                holders.insert(*s, (r.vendor, name.clone(), r.status));
            }
        }
        Ok(DayLayout { layout, day, blocked, holders })
    })
}

/// Stalls blocked on `day` on a market.
pub fn blocked_on(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Vec<StallId>> {
    actor.require(Action::ReadMasterData)?;
    store.read(|c| db::market::blocked_on(c, market, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A running market on these weekdays, seasonal when a season is given.
    fn market(weekdays: &str, season: Option<(&str, &str)>) -> Market {
        Market {
            id: MarketId(1),
            code: "AC".into(),
            name: "x".into(),
            kind: if season.is_some() { MarketKind::Seasonal } else { MarketKind::Weekly },
            weekdays: Weekdays::parse_list(weekdays).unwrap(),
            season: season.map(|(from, until)| (from.into(), until.into())),
            stall_size_m: 3,
            max_stalls_per_vendor: 2,
            sample_size: 10,
            ab_lists: false,
            ended: false,
            ended_on: None,
        }
    }

    #[test]
    fn stall_numbers_sort_naturally() {
        let mut v: Vec<StallNumber> =
            ["10a", "2", "10", "1", "100", "9b", "9a", "A3"].iter().map(|s| StallNumber::parse(s).unwrap()).collect();
        v.sort();
        let got: Vec<&str> = v.iter().map(StallNumber::as_str).collect();
        assert_eq!(got, ["1", "2", "9a", "9b", "10", "10a", "100", "A3"]);
        assert!(StallNumber::parse("").is_err());
        assert!(StallNumber::parse("1 2").is_err());
        // The stored key sorts the same way as the type.
        assert!(StallNumber::parse("2").unwrap().sort_key() < StallNumber::parse("10").unwrap().sort_key());
        assert!(StallNumber::parse("10").unwrap().sort_key() < StallNumber::parse("10a").unwrap().sort_key());
        assert_eq!(natural_key("007"), natural_key("7"));
    }

    #[test]
    fn season_wraps_the_new_year() {
        let mut m = market("ma,di,wo,do,vr,za,zo", Some(("04-01", "10-31")));
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(m.is_held_on(d("2026-04-01")));
        assert!(m.is_held_on(d("2026-10-31")));
        assert!(!m.is_held_on(d("2026-11-01")));
        m.season = Some(("11-15".into(), "01-06".into()));
        assert!(m.is_held_on(d("2026-12-24")));
        assert!(m.is_held_on(d("2027-01-02")));
        assert!(!m.is_held_on(d("2026-06-01")));
        m.ended = true;
        assert!(!m.is_held_on(d("2026-12-24")), "an ended market without a known end day is never held");
        m.ended_on = Some(d("2026-12-24"));
        assert!(m.is_held_on(d("2026-12-23")), "held before the day it ended");
        assert!(m.is_held_on(d("2026-12-24")), "and on the day it ended");
        assert!(!m.is_held_on(d("2026-12-25")), "not after it");
    }

    #[test]
    fn the_next_market_day_follows_the_weekdays_and_stops_at_the_end() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut m = market("wo,za", None);
        // Sunday 6 December 2026: the next Wednesday, the previous Saturday.
        assert_eq!(m.next_held_day(d("2026-12-06"), true, 14), Some(d("2026-12-09")));
        assert_eq!(m.next_held_day(d("2026-12-06"), false, 14), Some(d("2026-12-05")));
        assert_eq!(m.next_held_day(d("2026-12-06"), true, 2), None, "nothing within two days");
        m.ended = true;
        m.ended_on = Some(d("2026-12-09"));
        assert_eq!(m.next_held_day(d("2026-12-06"), true, 14), Some(d("2026-12-09")), "its last day");
        assert_eq!(m.next_held_day(d("2026-12-09"), true, 370), None, "none after the end");
        assert_eq!(m.next_held_day(d("2026-12-20"), false, 14), Some(d("2026-12-09")), "back from after the end");
    }
}

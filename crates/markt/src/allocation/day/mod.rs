//! The day's allocation as the office keeps it (dagindeling): the engine run on what the
//! database knows of a market day, stored as a version with every vendor's result and its
//! explanation; clerks' overrides; publishing.
//!
//! Versions. Every run makes a new version of the day, and a version is never deleted, so
//! a clerk's overrides on a draft are not lost by running again (the earlier draft stays
//! readable). Only the day's latest version changes: a draft in place (each change is an
//! `allocation_override` row and an audit row), a published one by copying it into a new
//! draft that takes the change. Publishing locks the day: no more runs, only overrides,
//! each making or extending a newer version that is published in its turn. The schema
//! refuses any edit of a published version (triggers), so "every version is kept" does not
//! rest on this module alone.
//!
//! Reading. `view` is what the allocation screen shows of a day in one read: the versions,
//! one of them with its results and overrides, the free stalls and the names of the clerks.
//! `since_published` is what changed in the day's attendance once it is published (who
//! signed off with stalls to free, who signed on without a stall) and whether sign-on is
//! still open at the caller's `now`.

mod input;
mod overrides;
mod since_published;

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::allocation as engine;
use crate::audit;
use crate::code::{AllocationOutcome, AllocationState, OverrideKind, RegistrationStatus, RejectionReason};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result};
use crate::ids::{AccountId, AllocationId, BranchId, MarketId, OverrideId, StallId, VendorId};
use crate::market::StallNumber;
use crate::time;
use crate::vendor::RegistrationNumber;

pub use input::{DayInput, Participant, vendor_key};
pub use overrides::{Change, OverrideInput, override_};
pub use since_published::{AttendanceChange, AttendanceChangeKind, SincePublished, since_published};

/// One version of a market day's allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub id: AllocationId,
    pub market: MarketId,
    pub day: NaiveDate,
    /// 1, 2, …: per market day.
    pub number: i64,
    pub state: AllocationState,
    pub created_by: AccountId,
    pub created_at: DateTime<Utc>,
    pub published_by: Option<AccountId>,
    pub published_at: Option<DateTime<Utc>>,
    /// The version a clerk's change after publishing started from; `None` for a run.
    pub based_on: Option<AllocationId>,
}

/// A stall as a result shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StallRef {
    pub id: StallId,
    pub number: StallNumber,
}

/// What one vendor's day came to, with the vendor's standing as the run saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorResult {
    pub vendor: VendorId,
    pub registration_number: RegistrationNumber,
    /// `J.P. van der Berg`.
    pub name: String,
    pub status: RegistrationStatus,
    pub list_number: i64,
    pub branch: Option<BranchId>,
    pub a_list: bool,
    pub outcome: AllocationOutcome,
    /// In the order they stand (a run in a circular row may cross the row's end).
    pub stalls: Vec<StallRef>,
    /// Set exactly when the outcome is `Rejected`.
    pub reason: Option<RejectionReason>,
    /// Why, in Dutch: the engine's explanation followed by any clerk's changes.
    pub explanation: String,
}

/// A clerk's change, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Override {
    pub id: OverrideId,
    pub allocation: AllocationId,
    pub kind: OverrideKind,
    pub vendor: VendorId,
    pub other_vendor: Option<VendorId>,
    /// Stall numbers the vendor had before and has after.
    pub from_stalls: Vec<String>,
    pub to_stalls: Vec<String>,
    /// `branche_maximum` when the change knowingly broke a branch maximum.
    pub breaks_rule: Option<String>,
    pub rule_reason: Option<String>,
    pub reason: String,
    pub account: AccountId,
    pub at: DateTime<Utc>,
}

/// A version with every vendor's result and the overrides made in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayAllocation {
    pub version: Version,
    /// By registration number.
    pub results: Vec<VendorResult>,
    pub overrides: Vec<Override>,
}

impl DayAllocation {
    pub fn result_of(&self, vendor: VendorId) -> Option<&VendorResult> {
        self.results.iter().find(|r| r.vendor == vendor)
    }

    pub fn count(&self, outcome: AllocationOutcome) -> usize {
        self.results.iter().filter(|r| r.outcome == outcome).count()
    }

    /// The stored version in the engine's terms (vendors by [`vendor_key`], stalls by
    /// number), so that `allocation::verify` judges it like any allocation. A vendor a
    /// clerk removed counts as rejected (`UNKNOWN`).
    pub fn to_engine(&self) -> engine::Allocation {
        let mut out = engine::Allocation::default();
        for r in &self.results {
            let key = vendor_key(&r.registration_number);
            match r.outcome {
                AllocationOutcome::Assigned => out.assignments.push(engine::Assignment {
                    vendor: key.clone(),
                    stalls: r.stalls.iter().map(|s| engine::StallId::new(s.number.as_str())).collect(),
                }),
                AllocationOutcome::Rejected | AllocationOutcome::Removed => out.rejections.push(engine::Rejection {
                    vendor: key.clone(),
                    reason: r.reason.unwrap_or(RejectionReason::Unknown),
                }),
                AllocationOutcome::NotParticipating => out.not_participating.push(key.clone()),
            }
            out.explanations.insert(key, r.explanation.clone());
        }
        out.assignments.sort_by(|a, b| a.vendor.cmp(&b.vendor));
        out.rejections.sort_by(|a, b| a.vendor.cmp(&b.vendor));
        out.not_participating.sort();
        out
    }
}

/// What the engine would get for the market day now: the stalls, branches and vendors as
/// the database holds them (allocation.md, "Who takes part" and "Priority").
pub fn input(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<DayInput> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        input::read(c, &m, day)
    })
}

/// The day's A-list (art. 3.10 lid 2a): the applicants with a permit on at least one day
/// from Monday to Thursday of that week on which the market was held; `None` when A/B lists
/// do not apply (not a Friday or Saturday, or a market without them).
pub fn a_list(
    store: &mut Store,
    actor: &Actor,
    market: MarketId,
    day: NaiveDate,
) -> Result<Option<std::collections::BTreeSet<VendorId>>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        input::a_list(c, &m, day)
    })
}

/// What the audit log keeps of a run.
#[derive(Serialize)]
struct RunAudit<'a> {
    market: &'a str,
    day: NaiveDate,
    version: i64,
    assigned: usize,
    rejected: usize,
    not_participating: usize,
}

/// Allocates the market day from the database and stores the result as a new draft
/// version. Refused once a version of the day is published: then only overrides change it.
pub fn run(store: &mut Store, actor: &Actor, now: DateTime<Utc>, market: MarketId, day: NaiveDate) -> Result<Version> {
    actor.require(Action::RunAllocation)?;
    store.write(|tx| {
        let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        if !m.is_held_on(day) {
            return Err(Error::invalid(
                "day",
                Problem::Conflict,
                format!("{} is er niet op {}", m.name, time::show_day(day)),
            ));
        }
        let versions = db::allocation::versions(tx, market, day)?;
        if let Some(p) = versions.iter().rev().find(|v| v.state == AllocationState::Published) {
            return Err(Error::Conflict(format!(
                "de indeling van {} op {} is gepubliceerd (versie {}): wijzig haar met een handmatige wijziging",
                m.name,
                time::show_day(day),
                p.number
            )));
        }
        let day_input = input::read(tx, &m, day)?;
        let allocation = engine::allocate(&day_input.input);
        let number = versions.last().map_or(1, |v| v.number + 1);
        let id = db::allocation::insert_version(tx, market, day, number, None, actor.id(), now)?;
        store_allocation(tx, id, &day_input, &allocation)?;
        let after = RunAudit {
            market: &m.code,
            day,
            version: number,
            assigned: allocation.assignments.len(),
            rejected: allocation.rejections.len(),
            not_participating: allocation.not_participating.len(),
        };
        audit::record(tx, Some(actor.id()), now, "allocation.run", "allocation", id, None::<&()>, Some(&after))?;
        db::allocation::version(tx, id)?.ok_or_else(|| Error::not_found("indeling", id))
    })
}

/// Writes the engine's answer as the rows of version `id`: every stall given out, and one
/// result per vendor of the input with its explanation.
fn store_allocation(tx: &Tx<'_>, id: AllocationId, day: &DayInput, allocation: &engine::Allocation) -> Result<()> {
    let participant = |key: &engine::VendorId| {
        day.vendors.get(key).ok_or_else(|| Error::Conflict(format!("de indeling noemt een onbekende ondernemer {key}")))
    };
    for a in &allocation.assignments {
        let p = participant(&a.vendor)?;
        let stalls = a
            .stalls
            .iter()
            .map(|s| day.stalls.get(s).copied().ok_or_else(|| Error::not_found("plaats", s)))
            .collect::<Result<Vec<_>>>()?;
        db::allocation::insert_assignments(tx, id, p.vendor, &stalls)?;
    }
    for v in &day.input.vendors {
        let p = participant(&v.id)?;
        let (outcome, reason) = if allocation.stalls_of(&v.id).is_some() {
            (AllocationOutcome::Assigned, None)
        } else if let Some(reason) = allocation.rejection_of(&v.id) {
            (AllocationOutcome::Rejected, Some(reason))
        } else {
            (AllocationOutcome::NotParticipating, None)
        };
        let explanation = day.explanations.get(&v.id).or_else(|| allocation.explanations.get(&v.id)).map_or_else(
            || "Geen uitleg beschikbaar.".to_string(),
            |text| with_names(text, |n| day.vendors.get(&engine::VendorId::new(n)).map(|p| p.name.as_str())),
        );
        db::allocation::insert_result(
            tx,
            id,
            &db::allocation::NewResult {
                vendor: p.vendor,
                status: p.status,
                list_number: p.list_number,
                branch: p.branch,
                a_list: p.a_list,
                outcome,
                reason,
                explanation: &explanation,
            },
        )?;
    }
    Ok(())
}

/// The engine names other vendors by registration number (`5 ging naar 19730407.01`);
/// clerks know them by name too: `5 ging naar 19730407.01 (M. de Bruijn)`.
fn with_names<'n>(text: &str, name_of: impl Fn(&str) -> Option<&'n str>) -> String {
    const LEN: usize = "19730407.01".len();
    let bytes = text.as_bytes();
    let is_number = |at: usize| {
        bytes
            .get(at..at + LEN)
            .is_some_and(|b| b.iter().enumerate().all(|(i, c)| if i == 8 { *c == b'.' } else { c.is_ascii_digit() }))
            && (at == 0 || !bytes[at - 1].is_ascii_digit())
            && bytes.get(at + LEN).is_none_or(|c| !c.is_ascii_digit())
    };
    let mut out = String::with_capacity(text.len() + 40);
    let mut copied = 0;
    let mut at = 0;
    while at + LEN <= bytes.len() {
        if is_number(at)
            && let Some(name) = name_of(&text[at..at + LEN])
        {
            out.push_str(&text[copied..at + LEN]);
            out.push_str(&format!(" ({name})"));
            copied = at + LEN;
            at += LEN;
        } else {
            at += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// An explanation as a clerk reads it. Earlier runs wrote the rejection's code after its
/// words ("branche vol (BRANCHE_FULL)"); stored versions keep their text (a published one
/// never changes), so the code is left out when it is read.
pub(crate) fn without_codes(mut text: String) -> String {
    for reason in RejectionReason::ALL {
        let code = format!(" ({})", reason.code());
        if text.contains(&code) {
            text = text.replace(&code, "");
        }
    }
    text
}

/// The day's latest version, which alone may change; `version` must be it.
fn latest_is(tx: &Tx<'_>, version: &Version) -> Result<()> {
    let latest = db::allocation::latest(tx, version.market, version.day)?;
    match latest {
        Some(l) if l.id == version.id => Ok(()),
        Some(l) => {
            // Another desk came first: say who and when, so the clerk can ask them rather
            // than guess, and that nothing of this change was kept.
            let by = db::account::get(tx, l.created_by)?.map(|a| a.display_name).unwrap_or_default();
            Err(Error::Conflict(format!(
                "versie {} is niet meer de nieuwste indeling van deze dag: {by} maakte versie {} op {}. \
                 Uw wijziging is niet bewaard; open de indeling opnieuw en kijk of ze nog nodig is.",
                version.number,
                l.number,
                crate::time::show_instant(l.created_at)
            )))
        }
        None => Err(Error::not_found("indeling", version.id)),
    }
}

/// Publishes a draft: the day's allocation as vendors and supervisors get it. The version
/// must be the day's latest; once published it never changes.
pub fn publish(store: &mut Store, actor: &Actor, now: DateTime<Utc>, allocation: AllocationId) -> Result<Version> {
    actor.require(Action::PublishAllocation)?;
    store.write(|tx| {
        let before =
            db::allocation::version(tx, allocation)?.ok_or_else(|| Error::not_found("indeling", allocation))?;
        latest_is(tx, &before)?;
        if before.state == AllocationState::Published {
            return Err(Error::Conflict(format!("versie {} is al gepubliceerd", before.number)));
        }
        db::allocation::publish(tx, allocation, actor.id(), now)?;
        let after = db::allocation::version(tx, allocation)?.ok_or_else(|| Error::not_found("indeling", allocation))?;
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "allocation.publish",
            "allocation",
            allocation,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// The day's versions, oldest first.
pub fn versions(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Vec<Version>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::allocation::versions(c, market, day))
}

/// One version with its results and overrides.
pub fn get(store: &mut Store, actor: &Actor, id: AllocationId) -> Result<DayAllocation> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let version = db::allocation::version(c, id)?.ok_or_else(|| Error::not_found("indeling", id))?;
        Ok(DayAllocation {
            results: db::allocation::results(c, id)?,
            overrides: db::allocation::overrides(c, id)?,
            version,
        })
    })
}

/// The day's latest version (draft or published), if the day was allocated.
pub fn current(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Option<DayAllocation>> {
    actor.require(Action::ReadMarketDay)?;
    let latest = store.read(|c| db::allocation::latest(c, market, day))?;
    latest.map(|v| get(store, actor, v.id)).transpose()
}

/// The day's latest published version, if any: what vendors and supervisors go by.
pub fn published(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Option<DayAllocation>> {
    actor.require(Action::ReadMarketDay)?;
    let versions = versions(store, actor, market, day)?;
    versions.iter().rev().find(|v| v.state == AllocationState::Published).map(|v| get(store, actor, v.id)).transpose()
}

/// What the allocation screen shows of a market day: whether the market is held that day,
/// every version, one of them in full (the latest unless another is asked for), the stalls
/// still free in it, and the names of the accounts that made, published or changed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayView {
    pub market: MarketId,
    pub day: NaiveDate,
    pub held: bool,
    /// Oldest first.
    pub versions: Vec<Version>,
    pub shown: Option<DayAllocation>,
    /// Stalls in use and not blocked on the day that nobody has in the shown version (every
    /// such stall before the first run), in the order they stand.
    pub free_stalls: Vec<StallRef>,
    /// Display names of the accounts the versions and overrides mention.
    pub accounts: BTreeMap<AccountId, String>,
}

/// The market day as the allocation screen shows it; `version` picks an older version of
/// the same day to read.
pub fn view(
    store: &mut Store,
    actor: &Actor,
    market: MarketId,
    day: NaiveDate,
    version: Option<AllocationId>,
) -> Result<DayView> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let versions = db::allocation::versions(c, market, day)?;
        let chosen = match version {
            Some(id) => {
                Some(versions.iter().find(|v| v.id == id).cloned().ok_or_else(|| Error::not_found("indeling", id))?)
            }
            None => versions.last().cloned(),
        };
        let shown = chosen
            .map(|version| -> Result<DayAllocation> {
                Ok(DayAllocation {
                    results: db::allocation::results(c, version.id)?,
                    overrides: db::allocation::overrides(c, version.id)?,
                    version,
                })
            })
            .transpose()?;
        let taken: HashSet<StallId> =
            shown.iter().flat_map(|s| &s.results).flat_map(|r| r.stalls.iter().map(|s| s.id)).collect();
        let blocked: HashSet<StallId> = db::market::blocked_on(c, market, day)?.into_iter().collect();
        let layout = db::market::layout(c, m.clone())?;
        let free_stalls = layout
            .stalls()
            .filter(|s| s.active && !blocked.contains(&s.id) && !taken.contains(&s.id))
            .map(|s| StallRef { id: s.id, number: s.number.clone() })
            .collect();
        Ok(DayView {
            market,
            day,
            held: m.is_held_on(day),
            accounts: db::allocation::account_names(c, market, day)?.into_iter().collect(),
            versions,
            shown,
            free_stalls,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{with_names, without_codes};

    #[test]
    fn a_stored_explanation_is_read_without_the_reasons_code() {
        let old = "Sollicitant (soll, nr 7): afgewezen: branche vol (BRANCHE_FULL). Geen ruimte.".to_string();
        assert_eq!(without_codes(old), "Sollicitant (soll, nr 7): afgewezen: branche vol. Geen ruimte.");
        let new = "Vaste plaatshouder (vpl, nr 1): ingedeeld op plaatsen 1, 2.".to_string();
        assert_eq!(without_codes(new.clone()), new);
    }

    #[test]
    fn registration_numbers_in_explanations_get_their_names() {
        let name_of = |n: &str| match n {
            "19730407.01" => Some("M. de Bruijn"),
            "20000101.02" => Some("A. Bakker"),
            _ => None,
        };
        assert_eq!(
            with_names("5 ging naar 19730407.01; 6 ging naar 20000101.02", name_of),
            "5 ging naar 19730407.01 (M. de Bruijn); 6 ging naar 20000101.02 (A. Bakker)"
        );
        assert_eq!(with_names("Geruild met 19730407.01.", name_of), "Geruild met 19730407.01 (M. de Bruijn).");
        assert_eq!(with_names("nr 119730407.01 of 19730407.011", name_of), "nr 119730407.01 of 19730407.011");
        assert_eq!(with_names("onbekend 19990101.01, kort 1973", name_of), "onbekend 19990101.01, kort 1973");
    }
}

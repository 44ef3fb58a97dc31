//! A clerk's change to the day's allocation: move a vendor, swap two, assign free stalls,
//! remove a vendor; always with a reason.
//!
//! Validated against the version it changes, every bad field at once: the vendor is in the
//! version (and, to get stalls, active: a vendor that is not active is in the version only
//! to say why it took no part); stalls exist, lie on this market, are not blocked that day
//! and are not another vendor's (no stall twice); a vendor's stalls stay one adjacent run
//! in one row (no obstacle between). A change that takes a branch over its maximum (and further over it
//! than it was) needs `override_rule`: an explicit choice to break the rule, with its own
//! reason. The engine's other rules (priority, preferences, stall types) are the clerk's to
//! weigh: that is what an override is for.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{AllocationOutcome, AllocationState, OverrideKind, VendorStatus};
use crate::db::{self, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{AllocationId, BranchId, StallId, VendorId};
use crate::market::{Layout, StallNumber};
use crate::{Store, time};

use super::{VendorResult, Version, latest_is};

/// What the clerk changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The vendor stands on `to` instead of its stalls (free stalls, or some of its own).
    Move { vendor: VendorId, to: Vec<StallId> },
    /// Two vendors with stalls exchange them.
    Swap { vendor: VendorId, other: VendorId },
    /// The vendor gets free stalls: a first place for a vendor without one, or more
    /// stalls next to its own.
    Assign { vendor: VendorId, stalls: Vec<StallId> },
    /// The vendor loses its stalls.
    Remove { vendor: VendorId },
}

impl Change {
    pub fn kind(&self) -> OverrideKind {
        match self {
            Change::Move { .. } => OverrideKind::Move,
            Change::Swap { .. } => OverrideKind::Swap,
            Change::Assign { .. } => OverrideKind::Assign,
            Change::Remove { .. } => OverrideKind::Remove,
        }
    }

    fn vendor(&self) -> VendorId {
        match self {
            Change::Move { vendor, .. }
            | Change::Swap { vendor, .. }
            | Change::Assign { vendor, .. }
            | Change::Remove { vendor } => *vendor,
        }
    }
}

/// The override form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideInput {
    /// The version the clerk is looking at; it must still be the day's latest.
    pub allocation: AllocationId,
    pub change: Change,
    /// Why; required.
    pub reason: String,
    /// Set to knowingly take a branch over its maximum, with the reason for breaking it
    /// (recorded only when the change does break a maximum).
    pub override_rule: Option<String>,
}

/// The rule an override may knowingly break, as recorded.
pub const BRANCH_MAXIMUM: &str = "branche_maximum";

/// One vendor's stalls after the change.
struct Moved {
    vendor: VendorId,
    from: Vec<StallId>,
    to: Vec<StallId>,
}

#[derive(Serialize)]
struct OverrideAudit<'a> {
    version: i64,
    based_on: Option<i64>,
    kind: OverrideKind,
    vendor: String,
    other_vendor: Option<String>,
    from_stalls: &'a [StallNumber],
    to_stalls: &'a [StallNumber],
    reason: &'a str,
    breaks_rule: Option<&'a str>,
    rule_reason: Option<&'a str>,
}

/// Applies a clerk's change to the day's latest version: in place on a draft, in a new
/// draft version (a copy of it) when it is published. Returns the version changed.
pub fn override_(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &OverrideInput) -> Result<Version> {
    actor.require(Action::OverrideAllocation)?;
    store.write(|tx| {
        let version = db::allocation::version(tx, input.allocation)?
            .ok_or_else(|| Error::not_found("indeling", input.allocation))?;
        latest_is(tx, &version)?;
        let results = db::allocation::results(tx, version.id)?;
        let market = db::market::get(tx, version.market)?.ok_or_else(|| Error::not_found("markt", version.market))?;
        let layout = db::market::layout(tx, market.clone())?;
        let checked = validate(tx, &version, &layout, &results, input)?;

        let target = if version.state == AllocationState::Published {
            let next = db::allocation::insert_version(
                tx,
                version.market,
                version.day,
                version.number + 1,
                Some(version.id),
                actor.id(),
                now,
            )?;
            db::allocation::copy_rows(tx, version.id, next)?;
            next
        } else {
            version.id
        };

        let numbers: HashMap<StallId, StallNumber> = layout.stalls().map(|s| (s.id, s.number.clone())).collect();
        let show = |stalls: &[StallId]| -> Vec<StallNumber> {
            stalls.iter().filter_map(|s| numbers.get(s).cloned()).collect()
        };
        let list = |stalls: &[StallId]| -> String {
            show(stalls).iter().map(StallNumber::as_str).collect::<Vec<_>>().join(", ")
        };
        let by_vendor: HashMap<VendorId, &VendorResult> = results.iter().map(|r| (r.vendor, r)).collect();
        let reason = input.reason.trim();
        let rule_reason = checked.broken.as_ref().and(input.override_rule.as_deref().map(str::trim));
        let label = |v: VendorId| by_vendor.get(&v).map_or(v.to_string(), |r| r.registration_number.to_string());
        let named = |v: VendorId| {
            by_vendor.get(&v).map_or(v.to_string(), |r| format!("{} ({})", r.registration_number, r.name))
        };
        // All stalls are let go first: in a swap each vendor takes the other's.
        for m in &checked.moved {
            db::allocation::delete_assignments(tx, target, m.vendor)?;
        }
        for m in &checked.moved {
            let r = by_vendor[&m.vendor];
            let note = match &input.change {
                Change::Remove { .. } => format!("Handmatig verwijderd van {}: {reason}.", list(&m.from)),
                Change::Swap { vendor, other } => {
                    let partner = if m.vendor == *vendor { *other } else { *vendor };
                    format!(
                        "Handmatig geruild met {}: had {}, kreeg {}: {reason}.",
                        named(partner),
                        list(&m.from),
                        list(&m.to)
                    )
                }
                Change::Assign { .. } if m.from.is_empty() => {
                    format!("Handmatig ingedeeld op {}: {reason}.", list(&m.to))
                }
                Change::Assign { .. } => format!("Handmatig uitgebreid tot {}: {reason}.", list(&m.to)),
                Change::Move { .. } => {
                    format!("Handmatig verplaatst van {} naar {}: {reason}.", list(&m.from), list(&m.to))
                }
            };
            let mut explanation = format!("{} {note}", r.explanation);
            if let (Some(broken), Some(why)) = (&checked.broken, rule_reason) {
                explanation.push_str(&format!(" Branchemaximum bewust overschreden ({broken}): {why}."));
            }
            let outcome = if m.to.is_empty() { AllocationOutcome::Removed } else { AllocationOutcome::Assigned };
            db::allocation::insert_assignments(tx, target, m.vendor, &m.to)?;
            db::allocation::update_result(tx, target, m.vendor, outcome, None, &explanation)?;
        }

        let first = &checked.moved[0];
        let other = match &input.change {
            Change::Swap { other, .. } => Some(*other),
            _ => None,
        };
        let (from, to) = (show(&first.from), show(&first.to));
        let breaks_rule = checked.broken.as_ref().map(|_| BRANCH_MAXIMUM);
        db::allocation::insert_override(
            tx,
            &db::allocation::NewOverride {
                allocation: target,
                kind: input.change.kind(),
                vendor: first.vendor,
                other_vendor: other,
                from_stalls: &from,
                to_stalls: &to,
                breaks_rule,
                rule_reason,
                reason,
                by: actor.id(),
                at: now,
            },
        )?;
        let changed = db::allocation::version(tx, target)?.ok_or_else(|| Error::not_found("indeling", target))?;
        let after = OverrideAudit {
            version: changed.number,
            based_on: (target != version.id).then_some(version.number),
            kind: input.change.kind(),
            vendor: label(first.vendor),
            other_vendor: other.map(label),
            from_stalls: &from,
            to_stalls: &to,
            reason,
            breaks_rule,
            rule_reason,
        };
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "allocation.override",
            "allocation",
            target,
            None::<&()>,
            Some(&after),
        )?;
        Ok(changed)
    })
}

/// What validation found: the vendors whose stalls change, and the branch whose maximum
/// the change breaks (with the override rule the clerk set).
struct Checked {
    moved: Vec<Moved>,
    broken: Option<String>,
}

fn validate(
    tx: &Tx<'_>,
    version: &Version,
    layout: &Layout,
    results: &[VendorResult],
    input: &OverrideInput,
) -> Result<Checked> {
    let mut v = Validator::new();
    v.text("reason", &input.reason, 200);
    let by_vendor: HashMap<VendorId, &VendorResult> = results.iter().map(|r| (r.vendor, r)).collect();
    let owner: HashMap<StallId, VendorId> =
        results.iter().flat_map(|r| r.stalls.iter().map(move |s| (s.id, r.vendor))).collect();
    let stalls_of = |id: VendorId| -> Vec<StallId> {
        by_vendor.get(&id).map_or_else(Vec::new, |r| r.stalls.iter().map(|s| s.id).collect())
    };
    let known = |v: &mut Validator, field: &str, id: VendorId| -> bool {
        let found = by_vendor.contains_key(&id);
        v.check(field, found, Problem::Unknown, "deze ondernemer staat niet in deze indeling");
        found
    };
    let with_stalls = |v: &mut Validator, field: &str, id: VendorId| {
        if known(v, field, id) {
            v.check(field, !stalls_of(id).is_empty(), Problem::Conflict, "deze ondernemer heeft geen plaatsen");
        }
    };

    let vendor = input.change.vendor();
    let mut moved = Vec::new();
    match &input.change {
        Change::Move { to, .. } => {
            with_stalls(&mut v, "vendor", vendor);
            if let Some(run) = check_stalls(tx, &mut v, version, layout, &owner, "to", to, vendor, &[])? {
                let from = stalls_of(vendor);
                v.check("to", run != from, Problem::Conflict, "dit zijn al de plaatsen van deze ondernemer");
                moved.push(Moved { vendor, from, to: run });
            }
        }
        Change::Assign { stalls, .. } => {
            let from = if known(&mut v, "vendor", vendor) { stalls_of(vendor) } else { Vec::new() };
            if let Some(status) = db::vendor::get(tx, vendor)?.map(|o| o.status).filter(|s| *s != VendorStatus::Active)
            {
                v.fail(
                    "vendor",
                    Problem::Conflict,
                    format!("deze ondernemer is niet actief (status: {}) en krijgt geen plaatsen", status.label_nl()),
                );
            }
            for (i, s) in stalls.iter().enumerate() {
                if from.contains(s) {
                    v.fail(format!("stalls[{i}]"), Problem::Duplicate, "deze plaats heeft de ondernemer al");
                }
            }
            if let Some(run) = check_stalls(tx, &mut v, version, layout, &owner, "stalls", stalls, vendor, &from)? {
                moved.push(Moved { vendor, from, to: run });
            }
        }
        Change::Swap { other, .. } => {
            with_stalls(&mut v, "vendor", vendor);
            with_stalls(&mut v, "other", *other);
            v.check("other", *other != vendor, Problem::Conflict, "kies twee verschillende ondernemers");
            let (a, b) = (stalls_of(vendor), stalls_of(*other));
            if !a.is_empty() && !b.is_empty() && *other != vendor {
                moved.push(Moved { vendor, from: a.clone(), to: b.clone() });
                moved.push(Moved { vendor: *other, from: b, to: a });
            }
        }
        Change::Remove { .. } => {
            with_stalls(&mut v, "vendor", vendor);
            let from = stalls_of(vendor);
            if !from.is_empty() {
                moved.push(Moved { vendor, from, to: Vec::new() });
            }
        }
    }

    let broken = if moved.is_empty() { None } else { branch_maximum(tx, version, results, &moved, input, &mut v)? };
    v.finish()?;
    Ok(Checked { moved, broken })
}

/// Checks the stalls a vendor is to get (`extra` are stalls it keeps besides them) and
/// returns the vendor's whole run in the order it stands, or `None` when a stall is bad
/// (each bad stall is named) or the stalls are no adjacent run.
#[allow(clippy::too_many_arguments)]
fn check_stalls(
    tx: &Tx<'_>,
    v: &mut Validator,
    version: &Version,
    layout: &Layout,
    owner: &HashMap<StallId, VendorId>,
    field: &str,
    stalls: &[StallId],
    vendor: VendorId,
    extra: &[StallId],
) -> Result<Option<Vec<StallId>>> {
    if stalls.is_empty() {
        v.fail(field, Problem::Required, "kies minstens één plaats");
        return Ok(None);
    }
    let blocked: HashSet<StallId> = db::market::blocked_on(tx, version.market, version.day)?.into_iter().collect();
    let mut seen = HashSet::new();
    let mut ok = true;
    for (i, id) in stalls.iter().enumerate() {
        let f = format!("{field}[{i}]");
        let mut fail = |v: &mut Validator, problem: Problem, message: String| {
            v.fail(f.clone(), problem, message);
            ok = false;
        };
        if !seen.insert(*id) {
            fail(v, Problem::Duplicate, "deze plaats staat er twee keer in".into());
            continue;
        }
        let Some(stall) = db::market::stall(tx, *id)? else {
            fail(v, Problem::Unknown, format!("onbekende plaats {id}"));
            continue;
        };
        if stall.market != version.market {
            fail(v, Problem::Conflict, format!("plaats {} ligt op een andere markt", stall.number));
            continue;
        }
        if !stall.active || blocked.contains(id) {
            let when = if stall.active { format!(" op {}", time::show_day(version.day)) } else { String::new() };
            fail(v, Problem::Conflict, format!("plaats {} is geblokkeerd{when}", stall.number));
        }
        if let Some(other) = owner.get(id).filter(|o| **o != vendor) {
            let name = db::vendor::get(tx, *other)?.map(|x| x.name()).unwrap_or_default();
            fail(v, Problem::Conflict, format!("plaats {} is al ingedeeld bij {name}", stall.number));
        }
    }
    if !ok {
        return Ok(None);
    }
    let all: BTreeSet<StallId> = stalls.iter().chain(extra).copied().collect();
    let run = run_order(layout, &all);
    if run.is_none() {
        v.fail(
            field,
            Problem::Conflict,
            "de plaatsen van een ondernemer liggen aaneengesloten in één rij, zonder obstakel ertussen",
        );
    }
    Ok(run)
}

/// The branch whose maximum the change breaks: its total goes over the maximum and up.
/// Breaking needs `override_rule` with a reason.
fn branch_maximum(
    tx: &Tx<'_>,
    version: &Version,
    results: &[VendorResult],
    moved: &[Moved],
    input: &OverrideInput,
    v: &mut Validator,
) -> Result<Option<String>> {
    let mut delta: HashMap<BranchId, i64> = HashMap::new();
    let mut total: HashMap<BranchId, i64> = HashMap::new();
    for r in results {
        if let Some(b) = r.branch {
            *total.entry(b).or_default() += r.stalls.len() as i64;
            if let Some(m) = moved.iter().find(|m| m.vendor == r.vendor) {
                *delta.entry(b).or_default() += m.to.len() as i64 - m.from.len() as i64;
            }
        }
    }
    let mut broken = Vec::new();
    for rule in db::branch::market_rules(tx, version.market)? {
        let (Some(max), Some(&d)) = (rule.max_stalls, delta.get(&rule.branch)) else { continue };
        let after = total.get(&rule.branch).copied().unwrap_or(0) + d;
        if d > 0 && after > max {
            let code = db::branch::get(tx, rule.branch)?.map_or_else(|| rule.branch.to_string(), |b| b.code);
            broken.push(format!("branche {code}: {after} plaatsen, maximum {max}"));
        }
    }
    if broken.is_empty() {
        return Ok(None);
    }
    let broken = broken.join("; ");
    match input.override_rule.as_deref().map(str::trim) {
        None => v.fail(
            "override_rule",
            Problem::Conflict,
            format!("dit gaat boven het branchemaximum ({broken}): doorbreek de regel bewust, met een reden"),
        ),
        Some("") => v.fail("override_rule", Problem::Required, "een reden om het branchemaximum te doorbreken"),
        Some(why) => v.optional_text("override_rule", why, 200),
    }
    Ok(Some(broken))
}

/// The stalls as one adjacent run of one row, in the order they stand (across the end of a
/// circular row where the run does), or `None` when they are not one.
pub(super) fn run_order(layout: &Layout, stalls: &BTreeSet<StallId>) -> Option<Vec<StallId>> {
    let first = *stalls.first()?;
    let row = layout.rows.iter().find(|r| r.stalls.iter().any(|s| s.id == first))?;
    let ids: Vec<StallId> = row.stalls.iter().map(|s| s.id).collect();
    let n = ids.len();
    let apart: HashSet<(StallId, StallId)> =
        row.obstacles.iter().flat_map(|o| [(o.before, o.after), (o.after, o.before)]).collect();
    let next = |i: usize| -> Option<usize> {
        let j = if i + 1 < n {
            i + 1
        } else if row.row.circular && n > 2 {
            0
        } else {
            return None;
        };
        (!apart.contains(&(ids[i], ids[j]))).then_some(j)
    };
    let members: Vec<usize> = (0..n).filter(|&i| stalls.contains(&ids[i])).collect();
    if members.len() != stalls.len() {
        return None; // some stall lies in another row
    }
    let has_member_before = |i: usize| members.iter().any(|&p| next(p) == Some(i));
    let start = members.iter().copied().find(|&i| !has_member_before(i)).unwrap_or(members[0]);
    let mut run = vec![start];
    while run.len() < members.len() {
        let after = next(run[run.len() - 1]).filter(|&j| stalls.contains(&ids[j]) && !run.contains(&j))?;
        run.push(after);
    }
    Some(run.into_iter().map(|i| ids[i]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{Cooking, MarketKind, ObstacleKind, Weekdays};
    use crate::ids::{MarketId, ObstacleId, RowId};
    use crate::market::{Market, Obstacle, RowLayout, Stall, StallRow};

    fn layout(circular: bool, n: i64, obstacle_after: &[i64]) -> Layout {
        let market = Market {
            id: MarketId(1),
            code: "T".into(),
            name: "T".into(),
            kind: MarketKind::Weekly,
            weekdays: Weekdays::parse_list("za").unwrap(),
            season: None,
            stall_size_m: 3,
            max_stalls_per_vendor: 3,
            sample_size: 0,
            ab_lists: false,
            ended: false,
            ended_on: None,
        };
        let stalls = (1..=n)
            .map(|i| Stall {
                id: StallId(i),
                market: MarketId(1),
                row: RowId(1),
                position: i,
                number: StallNumber::parse(&i.to_string()).unwrap(),
                length_m: 3,
                cooking: Cooking::None,
                evi: false,
                active: true,
                properties: vec![],
                branches: vec![],
            })
            .collect();
        let obstacles = obstacle_after
            .iter()
            .map(|&i| Obstacle {
                id: ObstacleId(i),
                row: RowId(1),
                before: StallId(i),
                after: StallId(if i == n { 1 } else { i + 1 }),
                kind: ObstacleKind::Tree,
            })
            .collect();
        let row = StallRow { id: RowId(1), market: MarketId(1), name: "A".into(), position: 1, circular };
        Layout { market, rows: vec![RowLayout { row, stalls, obstacles }] }
    }

    fn run(l: &Layout, ids: &[i64]) -> Option<Vec<i64>> {
        let set: BTreeSet<StallId> = ids.iter().map(|&i| StallId(i)).collect();
        run_order(l, &set).map(|r| r.into_iter().map(|s| s.0).collect())
    }

    #[test]
    fn runs_follow_the_row_its_obstacles_and_its_circle() {
        let straight = layout(false, 6, &[3]);
        assert_eq!(run(&straight, &[2, 1]), Some(vec![1, 2]));
        assert_eq!(run(&straight, &[4, 5, 6]), Some(vec![4, 5, 6]));
        assert_eq!(run(&straight, &[3, 4]), None, "an obstacle lies between 3 and 4");
        assert_eq!(run(&straight, &[1, 3]), None, "2 is missing");
        assert_eq!(run(&straight, &[6, 1]), None, "a straight row does not wrap");
        assert_eq!(run(&straight, &[7]), None, "not a stall of the row");
        let circle = layout(true, 6, &[]);
        assert_eq!(run(&circle, &[6, 1]), Some(vec![6, 1]), "listed from where the run starts");
        assert_eq!(run(&circle, &[1, 2, 3, 4, 5, 6]).map(|r| r.len()), Some(6));
        let broken_circle = layout(true, 6, &[6]);
        assert_eq!(run(&broken_circle, &[6, 1]), None);
    }
}

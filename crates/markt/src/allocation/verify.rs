//! Checking an allocation: the rule-level `checks` of the example cases, and the
//! invariants of allocation.md that every allocation must satisfy whatever the engine.
//!
//! Both work from the input and the answer only (adjacency is recomputed from the rows
//! here, not taken from the engine), so they also judge allocations edited by hand.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use crate::code::{Cooking, RejectionReason};

use super::{Allocation, AllocationInput, Stall, StallId, Vendor, VendorId};

/// One rule-level expectation on an allocation (`expected.checks` of a case).
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    AssignedVendors(BTreeSet<VendorId>),
    RejectedVendors(BTreeSet<VendorId>),
    Stalls {
        vendor: VendorId,
        equals: BTreeSet<StallId>,
    },
    NotAssigned(VendorId),
    AssignedCount(usize),
    RejectedCount(usize),
    IsRejected {
        vendor: VendorId,
        equals: bool,
    },
    /// Non-blocked stalls nobody got.
    OpenStalls(BTreeSet<StallId>),
    RejectionReason {
        vendor: VendorId,
        reason: RejectionReason,
    },
    StallCount {
        vendor: VendorId,
        equals: usize,
    },
}

fn show<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let items: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    format!("[{}]", items.join(", "))
}

impl Check {
    /// `Err` says what was expected and what the allocation has.
    pub fn evaluate(&self, input: &AllocationInput, allocation: &Allocation) -> Result<(), String> {
        let assigned: BTreeSet<&VendorId> = allocation.assignments.iter().map(|a| &a.vendor).collect();
        let rejected: BTreeSet<&VendorId> = allocation.rejections.iter().map(|r| &r.vendor).collect();
        let stalls_of =
            |v: &VendorId| -> BTreeSet<&StallId> { allocation.stalls_of(v).unwrap_or(&[]).iter().collect() };
        let same = |what: &str, want: String, got: String| {
            if want == got { Ok(()) } else { Err(format!("{what}: expected {want}, got {got}")) }
        };
        match self {
            Check::AssignedVendors(want) => same("assigned vendors", show(want), show(assigned)),
            Check::RejectedVendors(want) => same("rejected vendors", show(want), show(rejected)),
            Check::Stalls { vendor, equals } => {
                same(&format!("stalls of {vendor}"), show(equals), show(stalls_of(vendor)))
            }
            Check::NotAssigned(vendor) => {
                same(&format!("stalls of {vendor}"), show(Vec::<String>::new()), show(stalls_of(vendor)))
            }
            Check::AssignedCount(n) => same("number assigned", n.to_string(), assigned.len().to_string()),
            Check::RejectedCount(n) => same("number rejected", n.to_string(), rejected.len().to_string()),
            Check::IsRejected { vendor, equals } => {
                same(&format!("{vendor} rejected"), equals.to_string(), rejected.contains(vendor).to_string())
            }
            Check::OpenStalls(want) => {
                let taken: HashSet<&StallId> = allocation.assignments.iter().flat_map(|a| &a.stalls).collect();
                let open: BTreeSet<&StallId> =
                    input.stalls.iter().filter(|s| !s.blocked && !taken.contains(&s.id)).map(|s| &s.id).collect();
                same("open stalls", show(want), show(open))
            }
            Check::RejectionReason { vendor, reason } => same(
                &format!("rejection reason of {vendor}"),
                reason.code().to_string(),
                allocation.rejection_of(vendor).map_or("none".to_string(), |r| r.code().to_string()),
            ),
            Check::StallCount { vendor, equals } => {
                same(&format!("number of stalls of {vendor}"), equals.to_string(), stalls_of(vendor).len().to_string())
            }
        }
    }
}

/// An allocation.md invariant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Invariant {
    /// Every vendor of the input once: assigned, rejected (one reason) or not participating.
    OneOutcome,
    /// Not participating exactly when signed off, absent, or an applicant not signed on.
    Participation,
    StallOnce,
    /// No blocked or unknown stall.
    UsableStall,
    /// One adjacent run in one row, listed in row order.
    OneRun,
    WithinBounds,
    /// Stalls other than own ones fit the vendor's mandatory branch, cooking type and EVI.
    SuitableStall,
    /// A present fixed holder keeps its own usable stalls unless it moved to preferred ones.
    OwnStallsKept,
    BranchMaximum,
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub invariant: Invariant,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.invariant, self.message)
    }
}

/// The market's geometry, recomputed from the input.
struct Map<'a> {
    stalls: HashMap<&'a str, &'a Stall>,
    next: HashMap<&'a str, &'a str>,
    mandatory: HashSet<&'a str>,
}

impl<'a> Map<'a> {
    fn new(input: &'a AllocationInput) -> Map<'a> {
        let blocked: HashSet<(&str, &str)> = input
            .obstacles
            .iter()
            .flat_map(|o| {
                let (a, b) = (o.between.0.as_str(), o.between.1.as_str());
                [(a, b), (b, a)]
            })
            .collect();
        let mut next = HashMap::new();
        for row in &input.rows {
            let ids: Vec<&str> = row.stalls.iter().map(StallId::as_str).collect();
            let wrap = (row.circular && ids.len() > 2).then(|| (ids[ids.len() - 1], ids[0]));
            for (a, b) in ids.windows(2).map(|w| (w[0], w[1])).chain(wrap) {
                if a != b && !blocked.contains(&(a, b)) {
                    next.insert(a, b);
                }
            }
        }
        Map {
            stalls: input.stalls.iter().map(|s| (s.id.as_str(), s)).collect(),
            next,
            mandatory: input.branches.iter().filter(|b| b.mandatory).map(|b| b.id.as_str()).collect(),
        }
    }

    fn usable(&self, id: &str) -> bool {
        self.stalls.get(id).is_some_and(|s| !s.blocked)
    }

    /// Whether `ids` is one adjacent run, listed in row order.
    fn is_run(&self, ids: &[&str]) -> bool {
        !ids.is_empty() && ids.windows(2).all(|w| self.next.get(w[0]) == Some(&w[1]))
    }

    /// Whether the set `ids`, in some order, is one adjacent run.
    fn forms_run(&self, ids: &BTreeSet<&'a str>) -> bool {
        let prev: HashSet<&str> = ids.iter().filter_map(|id| self.next.get(id).copied()).collect();
        let start = ids.iter().find(|id| !prev.contains(*id)).or(ids.first());
        let Some(&start) = start else { return false };
        let mut walk = vec![start];
        while walk.len() < ids.len() {
            match self.next.get(walk[walk.len() - 1]) {
                Some(n) if ids.contains(n) && !walk.contains(n) => walk.push(n),
                _ => return false,
            }
        }
        true
    }

    fn suitable(&self, vendor: &Vendor, stall: &Stall) -> bool {
        let cooking = match vendor.cooking {
            Cooking::None => true,
            Cooking::Light => stall.cooking != Cooking::None,
            Cooking::Full => stall.cooking == Cooking::Full,
        };
        let mandatory: Vec<&str> =
            vendor.branches.iter().map(|b| b.as_str()).filter(|b| self.mandatory.contains(b)).collect();
        cooking
            && (!vendor.evi || stall.evi)
            && (mandatory.is_empty() || stall.branches.iter().any(|b| mandatory.contains(&b.as_str())))
    }
}

/// Every invariant the allocation breaks, in a stable order.
pub fn invariants(input: &AllocationInput, allocation: &Allocation) -> Vec<Violation> {
    let map = Map::new(input);
    let mut out = Vec::new();
    let mut fail = |invariant: Invariant, message: String| out.push(Violation { invariant, message });

    // The first entry of a vendor id counts, as in the engine.
    let mut vendors: BTreeMap<&VendorId, &Vendor> = BTreeMap::new();
    for v in &input.vendors {
        vendors.entry(&v.id).or_insert(v);
    }
    let mut outcomes: BTreeMap<&VendorId, usize> = BTreeMap::new();
    let named = allocation
        .assignments
        .iter()
        .map(|a| &a.vendor)
        .chain(allocation.rejections.iter().map(|r| &r.vendor))
        .chain(&allocation.not_participating);
    for id in named {
        *outcomes.entry(id).or_default() += 1;
    }
    for (id, n) in &outcomes {
        if !vendors.contains_key(id) {
            fail(Invariant::OneOutcome, format!("{id} is not a vendor of the input"));
        } else if *n > 1 {
            fail(Invariant::OneOutcome, format!("{id} has {n} outcomes"));
        }
    }
    for id in vendors.keys().filter(|id| !outcomes.contains_key(*id)) {
        fail(Invariant::OneOutcome, format!("{id} has no outcome"));
    }
    let absent: BTreeSet<&VendorId> = allocation.not_participating.iter().collect();
    for (id, v) in &vendors {
        let takes_part = v.participation(input.market.date).is_ok();
        if takes_part == absent.contains(id) {
            let what = if takes_part { "takes part but is listed as not participating" } else { "does not take part" };
            fail(Invariant::Participation, format!("{id} {what}"));
        }
    }

    let mut seen: HashMap<&str, &VendorId> = HashMap::new();
    let mut stalls_of: HashMap<&VendorId, BTreeSet<&str>> = HashMap::new();
    for a in &allocation.assignments {
        let ids: Vec<&str> = a.stalls.iter().map(StallId::as_str).collect();
        for &id in &ids {
            if let Some(other) = seen.insert(id, &a.vendor) {
                fail(Invariant::StallOnce, format!("stall {id} given to {other} and {}", a.vendor));
            }
            if !map.usable(id) {
                fail(Invariant::UsableStall, format!("stall {id} of {} is unknown or blocked", a.vendor));
            }
        }
        if !map.is_run(&ids) {
            fail(
                Invariant::OneRun,
                format!("stalls {} of {} are not one adjacent run in row order", show(&ids), a.vendor),
            );
        }
        stalls_of.insert(&a.vendor, ids.iter().copied().collect());
    }

    // A stall listed as own by two holders is a conflict in the data: neither is held to it.
    let mut holders_of: HashMap<&str, usize> = HashMap::new();
    for v in vendors.values().filter(|v| v.holds_own_stalls()) {
        for s in v.own_stalls.iter().map(StallId::as_str).collect::<BTreeSet<_>>() {
            *holders_of.entry(s).or_default() += 1;
        }
    }
    let market_max = input.market.max_stalls_per_vendor;
    for (id, v) in &vendors {
        let own: BTreeSet<&str> = if v.holds_own_stalls() {
            v.own_stalls
                .iter()
                .map(StallId::as_str)
                .filter(|s| map.usable(s) && holders_of.get(s) == Some(&1))
                .collect()
        } else {
            BTreeSet::new()
        };
        let bounds = v.stall_bounds(market_max, own.len());
        let Some(got) = stalls_of.get(id) else {
            let present = !absent.contains(id);
            if present && !own.is_empty() && own.len() >= bounds.min as usize && map.forms_run(&own) {
                fail(
                    Invariant::OwnStallsKept,
                    format!("{id} is present but did not get its own stalls {}", show(&own)),
                );
            }
            continue;
        };
        let n = got.len() as u32;
        if n < bounds.min || n > bounds.max {
            fail(Invariant::WithinBounds, format!("{id} has {n} stalls, allowed {}..={}", bounds.min, bounds.max));
        }
        for s in got.iter().filter(|s| !own.contains(*s)) {
            if map.stalls.get(s).is_some_and(|stall| !map.suitable(v, stall)) {
                fail(Invariant::SuitableStall, format!("stall {s} does not suit {id} (branch, cooking or EVI)"));
            }
        }
        let preferred = v.preferences.iter().any(|p| got.contains(p.stall.as_str()));
        // A holder whose own maximum is below its places keeps that many of them.
        let fewer = own.len() > bounds.max as usize && got.len() == bounds.max as usize && got.is_subset(&own);
        if own.len() >= bounds.min as usize && map.forms_run(&own) && !own.is_subset(got) && !preferred && !fewer {
            fail(
                Invariant::OwnStallsKept,
                format!("{id} lost own stalls {} without moving to preferred ones", show(&own)),
            );
        }
    }

    for branch in &input.branches {
        let Some(limit) = branch.max_stalls else { continue };
        let (mut total, mut own) = (0, 0);
        for (id, v) in vendors.iter().filter(|(_, v)| v.branches.contains(&branch.id)) {
            let got = stalls_of.get(id).map_or(0, BTreeSet::len);
            total += got;
            if v.holds_own_stalls() {
                own +=
                    v.own_stalls.iter().filter(|s| stalls_of.get(id).is_some_and(|g| g.contains(s.as_str()))).count();
            }
        }
        if total > (limit as usize).max(own) {
            fail(
                Invariant::BranchMaximum,
                format!("branch {} has {total} stalls, maximum {limit} ({own} of them own stalls)", branch.id),
            );
        }
    }
    out
}

//! Property tests of the allocation engine over random market days: rows (some circular,
//! some with obstacles), stalls (blocked, cooking, EVI, reserved for a mandatory branch),
//! branches with maxima, vendors of every status with own stalls, attendance, absence,
//! preferences and minimum and maximum.
//!
//! Each allocation must satisfy `verify::invariants`, and the same rules are checked here
//! once more directly, with this file's own reading of adjacency, so that a mistake shared
//! by the engine and `verify` does not go unnoticed. And the same input twice, or with its
//! vendors, stalls and obstacles in another order, gives the same allocation.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use markt::allocation::verify::invariants;
use markt::allocation::*;
use markt::code::{Cooking, RegistrationStatus};
use proptest::prelude::*;

const STATUSES: [RegistrationStatus; 8] = [
    RegistrationStatus::Vpl,
    RegistrationStatus::Tvpl,
    RegistrationStatus::Tvplz,
    RegistrationStatus::Eb,
    RegistrationStatus::Vkk,
    RegistrationStatus::Exp,
    RegistrationStatus::Expf,
    RegistrationStatus::Soll,
];
const BRANCHES: [&str; 3] = ["101-agf", "102-vis", "301-eten"];

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date")
}

#[derive(Debug, Clone)]
struct StallSpec {
    blocked: bool,
    cooking: u8,
    evi: bool,
    reserved: Option<usize>,
    obstacle_after: bool,
}

#[derive(Debug, Clone)]
struct BranchSpec {
    mandatory: bool,
    max: Option<u32>,
}

#[derive(Debug, Clone)]
struct VendorSpec {
    status: usize,
    own: usize,
    own_at: usize,
    own_unknown: bool,
    list_number: u64,
    a_list: bool,
    attendance: u8,
    absence: u8,
    branch: Option<usize>,
    cooking: u8,
    evi: bool,
    min: u32,
    extra: u32,
    anywhere: bool,
    preferences: Vec<usize>,
    active: bool,
}

#[derive(Debug, Clone)]
struct Spec {
    rows: Vec<(Vec<StallSpec>, bool)>,
    branches: Vec<BranchSpec>,
    vendors: Vec<VendorSpec>,
    ab_lists: bool,
    market_max: Option<u32>,
}

fn stall_spec() -> impl Strategy<Value = StallSpec> {
    (
        prop::bool::weighted(0.12),
        0u8..6,
        prop::bool::weighted(0.1),
        prop::option::weighted(0.25, 0usize..3),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(blocked, cooking, evi, reserved, obstacle_after)| StallSpec {
            blocked,
            cooking,
            evi,
            reserved,
            obstacle_after,
        })
}

fn vendor_spec() -> impl Strategy<Value = VendorSpec> {
    (
        (0usize..8, 0usize..4, any::<usize>(), prop::bool::weighted(0.08), 1u64..40, any::<bool>()),
        (0u8..4, 0u8..8, prop::option::weighted(0.6, 0usize..3), 0u8..8, prop::bool::weighted(0.1)),
        (1u32..4, 0u32..3, any::<bool>(), prop::collection::vec(any::<usize>(), 0..4), prop::bool::weighted(0.95)),
    )
        .prop_map(
            |(
                (status, own, own_at, own_unknown, list_number, a_list),
                (attendance, absence, branch, cooking, evi),
                (min, extra, anywhere, preferences, active),
            )| VendorSpec {
                status,
                own,
                own_at,
                own_unknown,
                list_number,
                a_list,
                attendance,
                absence,
                branch,
                cooking,
                evi,
                min,
                extra,
                anywhere,
                preferences,
                active,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((prop::collection::vec(stall_spec(), 1..10), prop::bool::weighted(0.3)), 1..5),
        prop::collection::vec(
            (any::<bool>(), prop::option::weighted(0.6, 1u32..6))
                .prop_map(|(mandatory, max)| BranchSpec { mandatory, max }),
            3,
        ),
        prop::collection::vec(vendor_spec(), 0..24),
        any::<bool>(),
        prop::option::weighted(0.8, 1u32..5),
    )
        .prop_map(|(rows, branches, vendors, ab_lists, market_max)| Spec {
            rows,
            branches,
            vendors,
            ab_lists,
            market_max,
        })
}

/// The engine's input for a spec. Own stalls are runs of one row that no other holder has
/// (now and then with a stall number the market does not have).
fn build(spec: &Spec) -> AllocationInput {
    let mut stalls = Vec::new();
    let mut rows = Vec::new();
    let mut obstacles = Vec::new();
    let mut n = 0;
    for (specs, circular) in &spec.rows {
        let ids: Vec<StallId> = (0..specs.len()).map(|i| StallId(format!("{}", n + i + 1))).collect();
        for (i, s) in specs.iter().enumerate() {
            stalls.push(Stall {
                id: ids[i].clone(),
                branches: s.reserved.map(|b| vec![BranchId::from(BRANCHES[b])]).unwrap_or_default(),
                cooking: match s.cooking {
                    0 => Cooking::Full,
                    1 => Cooking::Light,
                    _ => Cooking::None,
                },
                evi: s.evi,
                blocked: s.blocked,
                properties: vec![],
            });
            let next = if i + 1 < ids.len() {
                Some(&ids[i + 1])
            } else if *circular && ids.len() > 2 {
                Some(&ids[0])
            } else {
                None
            };
            if let (true, Some(next)) = (s.obstacle_after, next) {
                obstacles.push(Obstacle { between: (ids[i].clone(), next.clone()), kinds: vec!["boom".into()] });
            }
        }
        n += ids.len();
        rows.push(StallRow { stalls: ids, circular: *circular });
    }

    let mut free: Vec<Vec<bool>> = rows.iter().map(|r| vec![true; r.stalls.len()]).collect();
    let mut vendors = Vec::new();
    for (i, v) in spec.vendors.iter().enumerate() {
        let status = STATUSES[v.status];
        let mut own = Vec::new();
        if status.is_fixed() && v.own > 0 {
            // A run starting at the chosen stall, along its row, over stalls nobody holds.
            let (mut r, mut at) = (0, v.own_at % n);
            while at >= rows[r].stalls.len() {
                at -= rows[r].stalls.len();
                r += 1;
            }
            while own.len() < v.own && at < rows[r].stalls.len() && free[r][at] {
                free[r][at] = false;
                own.push(rows[r].stalls[at].clone());
                at += 1;
            }
            if v.own_unknown {
                own.push(StallId::from("999"));
            }
        }
        let branch = v.branch.map(|b| BranchId::from(BRANCHES[b]));
        vendors.push(Vendor {
            id: VendorId(format!("{:010}", 1_000_000 + i)),
            list_number: v.list_number,
            status,
            own_stalls: own,
            a_list: v.a_list,
            attendance: match v.attendance {
                0 => Attendance::Absent,
                1 => Attendance::Unspecified,
                _ => Attendance::Present,
            },
            absence: match v.absence {
                0 => Some(AbsencePeriod { from: Some(day()), until: Some(day()) }),
                1 => Some(AbsencePeriod { from: Some(day().succ_opt().expect("a day")), until: None }),
                _ => None,
            },
            branches: branch.into_iter().collect(),
            cooking: match v.cooking {
                0 => Cooking::Full,
                1 => Cooking::Light,
                _ => Cooking::None,
            },
            evi: v.evi,
            min_stalls: v.min,
            max_stalls: v.min + v.extra,
            anywhere: v.anywhere,
            preferences: v
                .preferences
                .iter()
                .enumerate()
                .map(|(rank, s)| Preference { stall: StallId(format!("{}", s % n + 1)), priority: 10 - rank as i64 })
                .collect(),
            active: v.active,
        });
    }

    AllocationInput {
        market: MarketDay {
            id: "1".into(),
            name: "Proefmarkt".into(),
            code: "PROEF".into(),
            date: day(),
            ab_lists: spec.ab_lists,
            max_stalls_per_vendor: spec.market_max,
        },
        branches: spec
            .branches
            .iter()
            .enumerate()
            .map(|(i, b)| Branch { id: BranchId::from(BRANCHES[i]), mandatory: b.mandatory, max_stalls: b.max })
            .collect(),
        stalls,
        rows,
        obstacles,
        vendors,
    }
}

/// Adjacency as this test reads allocation.md: consecutive in a row (across the end of a
/// circular row of more than two), no obstacle between.
fn successors(input: &AllocationInput) -> HashMap<&str, &str> {
    let apart: HashSet<(&str, &str)> = input
        .obstacles
        .iter()
        .flat_map(|o| [(o.between.0.as_str(), o.between.1.as_str()), (o.between.1.as_str(), o.between.0.as_str())])
        .collect();
    let mut next = HashMap::new();
    for row in &input.rows {
        let n = row.stalls.len();
        for i in 0..n {
            let j = if i + 1 < n {
                i + 1
            } else if row.circular && n > 2 {
                0
            } else {
                continue;
            };
            let (a, b) = (row.stalls[i].as_str(), row.stalls[j].as_str());
            if !apart.contains(&(a, b)) {
                next.insert(a, b);
            }
        }
    }
    next
}

/// Whether a set of stalls, in some order, is one adjacent run.
fn is_run(next: &HashMap<&str, &str>, set: &BTreeSet<&str>) -> bool {
    set.iter().any(|start| {
        let mut at = *start;
        let mut seen = 1;
        while seen < set.len() {
            match next.get(at) {
                Some(n) if set.contains(n) && n != start => {
                    at = n;
                    seen += 1;
                }
                _ => return false,
            }
        }
        true
    })
}

/// allocation.md's invariants, checked directly; every failure is named.
fn direct_checks(input: &AllocationInput, a: &Allocation) -> Vec<String> {
    let mut out = Vec::new();
    let next = successors(input);
    let stalls: HashMap<&str, &Stall> = input.stalls.iter().map(|s| (s.id.as_str(), s)).collect();
    let usable = |id: &str| stalls.get(id).is_some_and(|s| !s.blocked);
    let vendors: BTreeMap<&VendorId, &Vendor> = input.vendors.iter().map(|v| (&v.id, v)).collect();

    // Exactly one outcome each, and not taking part exactly when allocation.md says so.
    let mut outcomes: BTreeMap<&VendorId, Vec<&str>> = BTreeMap::new();
    for x in &a.assignments {
        outcomes.entry(&x.vendor).or_default().push("assigned");
    }
    for x in &a.rejections {
        outcomes.entry(&x.vendor).or_default().push("rejected");
    }
    for x in &a.not_participating {
        outcomes.entry(x).or_default().push("not participating");
    }
    for (id, v) in &vendors {
        let got = outcomes.get(id).cloned().unwrap_or_default();
        if got.len() != 1 {
            out.push(format!("{id} has outcomes {got:?}"));
        }
        let takes_part = v.participation(input.market.date).is_ok();
        if takes_part == got.contains(&"not participating") {
            out.push(format!("{id}: takes part {takes_part}, outcomes {got:?}"));
        }
    }
    for id in outcomes.keys().filter(|id| !vendors.contains_key(*id)) {
        out.push(format!("{id} is no vendor of the day"));
    }

    // No stall twice, none blocked or unknown, one run in row order.
    let mut owner: HashMap<&str, &VendorId> = HashMap::new();
    let mut got: HashMap<&VendorId, BTreeSet<&str>> = HashMap::new();
    for x in &a.assignments {
        if x.stalls.is_empty() {
            out.push(format!("{} is assigned no stalls", x.vendor));
        }
        for s in &x.stalls {
            if let Some(other) = owner.insert(s.as_str(), &x.vendor) {
                out.push(format!("stall {s} twice: {other} and {}", x.vendor));
            }
            if !usable(s.as_str()) {
                out.push(format!("stall {s} of {} is blocked or unknown", x.vendor));
            }
        }
        if !x.stalls.windows(2).all(|w| next.get(w[0].as_str()) == Some(&w[1].as_str())) {
            out.push(format!("stalls {:?} of {} are not one run in row order", x.stalls, x.vendor));
        }
        got.insert(&x.vendor, x.stalls.iter().map(StallId::as_str).collect());
    }

    let market_max = input.market.max_stalls_per_vendor.unwrap_or(u32::MAX);
    for (id, v) in &vendors {
        let mine = got.get(id);
        let count = mine.map_or(0, BTreeSet::len) as u32;
        // Applicants: never below their minimum, never above their wish or the market's maximum.
        if v.status == RegistrationStatus::Soll && mine.is_some() {
            let (min, max) = (v.min_stalls.max(1), v.max_stalls.min(market_max));
            if count < min || count > max {
                out.push(format!("applicant {id} has {count} stalls, allowed {min}..={max}"));
            }
        }
        // A present fixed holder keeps its own usable stalls (when they are one run it may
        // have) unless it moved to stalls it prefers, or its own maximum is below their
        // number (then it keeps that many of them).
        if v.holds_own_stalls() && v.participation(input.market.date).is_ok() {
            let own: BTreeSet<&str> = v.own_stalls.iter().map(StallId::as_str).filter(|s| usable(s)).collect();
            let bounds = v.stall_bounds(input.market.max_stalls_per_vendor, own.len());
            if mine.is_some() && (count < bounds.min || count > bounds.max) {
                out.push(format!("fixed holder {id} has {count} stalls, allowed {}..={}", bounds.min, bounds.max));
            }
            let keeps = !own.is_empty() && own.len() as u32 >= bounds.min && is_run(&next, &own);
            let preferred = mine.is_some_and(|m| v.preferences.iter().any(|p| m.contains(p.stall.as_str())));
            let fewer = mine.is_some_and(|m| {
                own.len() > bounds.max as usize && m.len() == bounds.max as usize && m.is_subset(&own)
            });
            if keeps && !mine.is_some_and(|m| own.is_subset(m)) && !preferred && !fewer {
                out.push(format!("fixed holder {id} lost own stalls {own:?}, has {mine:?}"));
            }
        }
    }

    // Branch maxima: a branch's vendors together stay within it, own stalls aside.
    for b in &input.branches {
        let Some(limit) = b.max_stalls else { continue };
        let (mut total, mut own) = (0, 0);
        for (id, v) in vendors.iter().filter(|(_, v)| v.branches.contains(&b.id)) {
            let Some(mine) = got.get(id) else { continue };
            total += mine.len();
            if v.holds_own_stalls() {
                own += v.own_stalls.iter().filter(|s| mine.contains(s.as_str())).count();
            }
        }
        if total > (limit as usize).max(own) {
            out.push(format!("branch {} has {total} stalls, maximum {limit} ({own} own)", b.id));
        }
    }
    out
}

proptest! {
    // Seeds of cases that once failed are kept in allocation_properties.proptest-regressions
    // and run first.
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn allocation_keeps_allocation_md_invariants_on_random_markets(spec in spec()) {
        let input = build(&spec);
        let a = allocate(&input);
        let broken = invariants(&input, &a);
        prop_assert!(broken.is_empty(), "verify::invariants: {:?}\nallocation: {:?}", broken, a);
        let direct = direct_checks(&input, &a);
        prop_assert!(direct.is_empty(), "direct checks: {:?}\nallocation: {:?}", direct, a);
        prop_assert_eq!(a.explanations.len(), input.vendors.len(), "every vendor explained");
    }

    #[test]
    fn allocation_is_deterministic_on_random_markets(spec in spec()) {
        let input = build(&spec);
        let a = allocate(&input);
        prop_assert_eq!(&a, &allocate(&input), "the same input twice");
        // Branches keep their order: the input's order of the mandatory branches is the
        // order they are served in (a choice of the engine, see allocation::index).
        let mut shuffled = input.clone();
        shuffled.vendors.reverse();
        shuffled.stalls.reverse();
        shuffled.obstacles.reverse();
        let b = allocate(&shuffled);
        prop_assert_eq!(&a.assignments, &b.assignments, "vendors, stalls and obstacles in another order");
        prop_assert_eq!(&a.rejections, &b.rejections);
        prop_assert_eq!(&a.not_participating, &b.not_participating);
    }
}

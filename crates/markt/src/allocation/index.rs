//! The input turned into dense indices once, so the engine never looks anything up by
//! text: stalls numbered in row order (so comparing indices compares positions), their
//! neighbours after obstacles, branches, and the participating vendors sorted by seniority
//! (so comparing vendor indices compares seniority).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::code::{Cooking, RegistrationStatus};

use super::{AllocationInput, NonParticipation, StallId, Vendor};

/// A stall, by its position in row order.
pub(crate) type S = u32;
/// A participating vendor, by seniority (0 is the most senior).
pub(crate) type V = u32;
pub(crate) type B = u32;

pub(crate) struct StallInfo {
    pub input: usize,
    pub branches: Vec<B>,
    /// The subset of `branches` that are mandatory.
    pub mandatory: Vec<B>,
    pub cooking: Cooking,
    pub evi: bool,
    pub usable: bool,
    pub next: Option<S>,
    pub prev: Option<S>,
}

#[derive(Default)]
struct BranchTable {
    by_id: HashMap<String, B>,
    list: Vec<BranchInfo>,
}

impl BranchTable {
    fn add(&mut self, id: &str, mandatory: bool, max: Option<u32>) -> B {
        if let Some(&b) = self.by_id.get(id) {
            return b;
        }
        let b = self.list.len() as B;
        self.list.push(BranchInfo { id: id.to_string(), mandatory, max });
        self.by_id.insert(id.to_string(), b);
        b
    }
}

pub(crate) struct BranchInfo {
    pub id: String,
    pub mandatory: bool,
    pub max: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Keeps its own stalls (vpl, tvpl, exp, expf, eb, vkk).
    Holder,
    /// Temporary fixed holder without stalls: a number of stalls anywhere.
    Tvplz,
    Applicant,
}

/// The step of the order of work in which a vendor without stalls is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    Branch(B),
    Cooking(Cooking),
    Evi,
    Rest,
}

pub(crate) struct VendorInfo<'a> {
    pub input: &'a Vendor,
    /// 0: fixed holders and the A-list (or every applicant without A/B lists); 1: B-list.
    pub group: u8,
    pub kind: Kind,
    pub status_slot: usize,
    pub min: usize,
    pub max: usize,
    /// The round of art. 3.12 in which it enters: applicants enter at their minimum.
    pub entry_round: usize,
    pub step: Step,
    pub anywhere: bool,
    /// May leave its own stalls for preferred ones.
    pub can_move: bool,
    /// `eb`: grows only onto preferred stalls.
    pub grows_onto_preferences_only: bool,
    /// (stall, weight, rank) sorted by stall; weight is (n − rank)².
    pub prefs: Vec<(S, u64, usize)>,
    pub branches: Vec<B>,
    pub mandatory: Vec<B>,
    /// Branches with a maximum number of stalls.
    pub limited: Vec<B>,
    pub cooking: Cooking,
    pub evi: bool,
    /// Own stalls that exist and are not blocked, in row order.
    pub own: Vec<S>,
    /// Own stalls listed that do not exist or are blocked today.
    pub own_missing: Vec<String>,
}

impl VendorInfo<'_> {
    pub fn weight(&self, s: S) -> u64 {
        self.prefs.binary_search_by_key(&s, |p| p.0).map_or(0, |i| self.prefs[i].1)
    }

    pub fn rank(&self, s: S) -> Option<usize> {
        self.prefs.binary_search_by_key(&s, |p| p.0).ok().map(|i| self.prefs[i].2)
    }

    pub fn is_own(&self, s: S) -> bool {
        self.kind == Kind::Holder && self.own.binary_search(&s).is_ok()
    }

    pub fn in_branch(&self, b: B) -> bool {
        self.branches.contains(&b)
    }
}

pub(crate) struct Index<'a> {
    pub input: &'a AllocationInput,
    pub stalls: Vec<StallInfo>,
    pub branches: Vec<BranchInfo>,
    /// Mandatory branches in the order the input lists them: the order they are served.
    pub mandatory_order: Vec<B>,
    /// Per branch, the usable stalls that carry it, in row order.
    pub branch_stalls: Vec<Vec<S>>,
    pub vendors: Vec<VendorInfo<'a>>,
    /// Index into `input.vendors` with the reason, for vendors that do not take part.
    pub absent: Vec<(usize, NonParticipation)>,
    /// Later entries of a vendor id that appeared before: ignored.
    pub duplicates: Vec<usize>,
}

pub(crate) const STATUS_SLOTS: usize = RegistrationStatus::ALL.len();

/// Art. 3.10: vpl, tvpl, tvplz, exp/expf, eb, then the rest of the fixed statuses, then
/// applicants.
fn status_rank(status: RegistrationStatus) -> u8 {
    use RegistrationStatus::*;
    match status {
        Vpl => 0,
        Tvpl => 1,
        Tvplz => 2,
        Exp | Expf => 3,
        Eb => 4,
        Vkk => 5,
        Soll => 6,
    }
}

impl<'a> Index<'a> {
    pub fn new(input: &'a AllocationInput) -> Index<'a> {
        // Branches named only by stalls or vendors are ordinary: not mandatory, no maximum.
        let mut table = BranchTable::default();
        let mandatory_order: Vec<B> = input
            .branches
            .iter()
            .map(|b| (table.add(b.id.as_str(), b.mandatory, b.max_stalls), b.mandatory))
            .filter(|&(_, mandatory)| mandatory)
            .map(|(b, _)| b)
            .collect();

        // Number stalls in row order; stalls in no row come last, in input order, as rows
        // of their own.
        let by_id: HashMap<&str, usize> = input.stalls.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let mut order: Vec<usize> = Vec::with_capacity(input.stalls.len());
        let mut placed = vec![false; input.stalls.len()];
        let mut row_spans: Vec<(usize, usize, bool)> = Vec::new();
        for row in &input.rows {
            let start = order.len();
            for id in &row.stalls {
                if let Some(&i) = by_id.get(id.as_str())
                    && !placed[i]
                {
                    placed[i] = true;
                    order.push(i);
                }
            }
            row_spans.push((start, order.len(), row.circular));
        }
        order.extend((0..input.stalls.len()).filter(|&i| !placed[i]));
        let mut position = vec![0 as S; input.stalls.len()];
        for (s, &i) in order.iter().enumerate() {
            position[i] = s as S;
        }

        let obstacles: HashSet<(S, S)> = input
            .obstacles
            .iter()
            .filter_map(|o| {
                let a = position[*by_id.get(o.between.0.as_str())?];
                let b = position[*by_id.get(o.between.1.as_str())?];
                Some((a.min(b), a.max(b)))
            })
            .collect();
        let linked = |a: S, b: S| a != b && !obstacles.contains(&(a.min(b), a.max(b)));

        let mut stalls: Vec<StallInfo> = order
            .iter()
            .map(|&i| {
                let stall = &input.stalls[i];
                let branches: Vec<B> = stall.branches.iter().map(|b| table.add(b.as_str(), false, None)).collect();
                StallInfo {
                    input: i,
                    mandatory: Vec::new(),
                    branches,
                    cooking: stall.cooking,
                    evi: stall.evi,
                    usable: !stall.blocked,
                    next: None,
                    prev: None,
                }
            })
            .collect();
        for (start, end, circular) in row_spans {
            for s in start..end {
                let after = if s + 1 < end {
                    Some(s + 1)
                } else if circular && end - start > 2 {
                    Some(start)
                } else {
                    None
                };
                if let Some(n) = after.filter(|&n| linked(s as S, n as S)) {
                    stalls[s].next = Some(n as S);
                    stalls[n].prev = Some(s as S);
                }
            }
        }

        let day = input.market.date;
        let mut seen: HashSet<&str> = HashSet::new();
        let mut absent = Vec::new();
        let mut duplicates = Vec::new();
        let mut present: Vec<&Vendor> = Vec::new();
        for (i, v) in input.vendors.iter().enumerate() {
            if !seen.insert(v.id.as_str()) {
                duplicates.push(i);
                continue;
            }
            match v.participation(day) {
                Ok(()) => present.push(v),
                Err(why) => absent.push((i, why)),
            }
        }
        // A/B lists apply only when today's A-list is not empty.
        let ab = input.market.ab_lists && present.iter().any(|v| v.status == RegistrationStatus::Soll && v.a_list);
        let group = |v: &Vendor| u8::from(ab && v.status == RegistrationStatus::Soll && !v.a_list);
        present.sort_by(|a, b| {
            (group(a), status_rank(a.status), a.list_number, &a.id).cmp(&(
                group(b),
                status_rank(b.status),
                b.list_number,
                &b.id,
            ))
        });

        let market_max = input.market.max_stalls_per_vendor;
        let mut vendors = Vec::with_capacity(present.len());
        for v in present {
            let kind = match v.status {
                RegistrationStatus::Soll => Kind::Applicant,
                RegistrationStatus::Tvplz => Kind::Tvplz,
                _ => Kind::Holder,
            };
            let (mut own, mut own_missing) = (Vec::new(), Vec::new());
            if kind == Kind::Holder {
                for id in &v.own_stalls {
                    match by_id.get(id.as_str()).map(|&i| position[i]) {
                        Some(s) if stalls[s as usize].usable => own.push(s),
                        _ => own_missing.push(id.0.clone()),
                    }
                }
                own.sort_unstable();
                own.dedup();
            }
            let bounds = v.stall_bounds(market_max, own.len());
            let mut branches: Vec<B> = v.branches.iter().map(|b| table.add(b.as_str(), false, None)).collect();
            branches.sort_unstable();
            branches.dedup();
            let prefs = preferences(v, &by_id, &position);
            vendors.push(VendorInfo {
                input: v,
                group: group(v),
                kind,
                status_slot: v.status as usize,
                min: bounds.min as usize,
                max: bounds.max as usize,
                entry_round: if kind == Kind::Applicant { bounds.min as usize } else { 1 },
                step: Step::Rest,
                anywhere: v.anywhere || kind == Kind::Tvplz,
                can_move: matches!(
                    v.status,
                    RegistrationStatus::Vpl | RegistrationStatus::Tvpl | RegistrationStatus::Vkk
                ),
                grows_onto_preferences_only: v.status == RegistrationStatus::Eb,
                prefs,
                branches,
                mandatory: Vec::new(),
                limited: Vec::new(),
                cooking: v.cooking,
                evi: v.evi,
                own,
                own_missing,
            });
        }

        // Branch facts are known only now that every branch id has been seen.
        let branches = table.list;
        for s in &mut stalls {
            s.mandatory = s.branches.iter().copied().filter(|&b| branches[b as usize].mandatory).collect();
        }
        for v in &mut vendors {
            v.mandatory = v.branches.iter().copied().filter(|&b| branches[b as usize].mandatory).collect();
            v.limited = v.branches.iter().copied().filter(|&b| branches[b as usize].max.is_some()).collect();
            v.step = mandatory_order
                .iter()
                .find(|b| v.mandatory.contains(b))
                .map(|&b| Step::Branch(b))
                .or(match v.cooking {
                    Cooking::Full => Some(Step::Cooking(Cooking::Full)),
                    Cooking::Light => Some(Step::Cooking(Cooking::Light)),
                    Cooking::None => None,
                })
                .or(v.evi.then_some(Step::Evi))
                .unwrap_or(Step::Rest);
        }

        let mut branch_stalls = vec![Vec::new(); branches.len()];
        for (s, si) in stalls.iter().enumerate().filter(|(_, si)| si.usable) {
            for &b in &si.branches {
                branch_stalls[b as usize].push(s as S);
            }
        }

        Index { input, stalls, branches, mandatory_order, branch_stalls, vendors, absent, duplicates }
    }

    pub fn stall_id(&self, s: S) -> &'a StallId {
        &self.input.stalls[self.stalls[s as usize].input].id
    }

    pub fn vendor(&self, v: V) -> &VendorInfo<'a> {
        &self.vendors[v as usize]
    }
}

/// Preferences by stall, weighted Σ (n − rank)² as allocation.md scores runs. Equal
/// priorities share a rank; unknown stalls are dropped; a stall listed twice counts once.
fn preferences(v: &Vendor, by_id: &HashMap<&str, usize>, position: &[S]) -> Vec<(S, u64, usize)> {
    let mut best: BTreeMap<S, i64> = BTreeMap::new();
    for p in &v.preferences {
        if let Some(&i) = by_id.get(p.stall.as_str()) {
            let e = best.entry(position[i]).or_insert(p.priority);
            *e = (*e).max(p.priority);
        }
    }
    let n = best.len() as u64;
    let mut priorities: Vec<i64> = best.values().copied().collect();
    priorities.sort_unstable_by(|a, b| b.cmp(a));
    best.into_iter()
        .map(|(s, priority)| {
            let rank = priorities.partition_point(|&p| p > priority);
            let w = n - rank as u64;
            (s, w * w, rank)
        })
        .collect()
}

//! The allocation engine: allocation.md's order of work on dense indices.
//!
//! Per list group (fixed holders with the A-list, then the B-list) the engine runs the
//! rounds of art. 3.12: in round k the vendors that enter with k stalls are placed
//! (mandatory branches first, then cooking and EVI vendors, then the rest) and everyone
//! below k may grow by one adjacent stall. The whole group is run again with the growth
//! cap one higher for as long as that leaves nobody of the group with fewer stalls than
//! before, which is how "a round that hurts someone is undone" is decided.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use crate::code::{Cooking, RejectionReason};

use super::index::{B, Index, Kind, S, STATUS_SLOTS, Step, V, VendorInfo};
use super::{Allocation, AllocationInput, explain};

/// Allocates the stalls of one market day. Deterministic: the same input gives the same
/// allocation and explanations.
pub fn allocate(input: &AllocationInput) -> Allocation {
    let ix = Index::new(input);
    let mut engine = Engine { ix: &ix, st: State::new(&ix) };
    for group in 0..=1 {
        engine.begin_group(group);
        if group == 0 {
            engine.keep_own_stalls();
        }
        engine.grow_in_rounds();
    }
    explain::render(&ix, &engine.st)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Waiting,
    Placed,
    Rejected(RejectionReason),
}

/// What happened to a vendor, for its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Note {
    OwnKept(Vec<S>),
    /// Own stalls that could not be used: not one run, or fewer than its minimum.
    OwnUnusable,
    /// Own stalls given up because they do not adjoin the kept run.
    OwnReleased(Vec<S>),
    /// Own stalls not used today: the holder's maximum is below its number of places.
    OwnAboveMaximum(Vec<S>),
    OwnExtended(Vec<S>),
    Entered {
        round: usize,
        step: Step,
    },
    Moved {
        from: Vec<S>,
        to: Vec<S>,
    },
    Displaced {
        by: V,
        from: Vec<S>,
        to: Vec<S>,
    },
    /// Moved to another run of as many stalls so that `for_vendor` reached its minimum.
    MadeRoom {
        for_vendor: V,
        from: Vec<S>,
        to: Vec<S>,
    },
    /// Not placed on the last free stalls of this branch: kept for its vendors' growth.
    KeptForBranch(B),
    Grew {
        round: usize,
    },
    GrowthStopped(Stop),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    BranchFull(B),
    NoRoom,
    /// Art. 3.12: free stalls not more than the applicants still waiting.
    FewFreeStalls,
    /// Growing to `round` stalls would have left `hurt` with fewer stalls.
    Undone {
        round: usize,
        hurt: V,
    },
}

#[derive(Clone)]
pub(crate) struct State {
    pub owner: Vec<Option<V>>,
    pub runs: Vec<Vec<S>>,
    pub outcome: Vec<Outcome>,
    pub notes: Vec<Vec<Note>>,
    free: BTreeSet<S>,
    /// Per branch with a maximum: stalls of its vendors, and how many of those are own.
    branch_total: Vec<u32>,
    branch_own: Vec<u32>,
    /// Per stall and status: unplaced vendors that prefer the stall.
    wanted: Vec<u32>,
    wants_counted: Vec<bool>,
    group: u8,
    /// Vendors of the group still to enter, per mandatory branch and stall type: their
    /// stalls are reserved for them while they are being served.
    pending_branch: Vec<u32>,
    pending_full: u32,
    pending_light: u32,
    pending_evi: u32,
    waiting_in_group: usize,
    /// Vendors of later groups (the B-list while the A-group is placed): all still waiting
    /// for a stall, so they count for art. 3.12 lid 4 like the group's own.
    waiting_later: usize,
    /// Branches some vendor of the group trades in: others keep off their stalls if they can.
    relevant: Vec<bool>,
}

impl State {
    fn new(ix: &Index) -> State {
        let n = ix.vendors.len();
        let mut wanted = vec![0; ix.stalls.len() * STATUS_SLOTS];
        for v in &ix.vendors {
            for &(s, _, _) in &v.prefs {
                wanted[s as usize * STATUS_SLOTS + v.status_slot] += 1;
            }
        }
        State {
            owner: vec![None; ix.stalls.len()],
            runs: vec![Vec::new(); n],
            outcome: vec![Outcome::Waiting; n],
            notes: vec![Vec::new(); n],
            free: (0..ix.stalls.len() as S).filter(|&s| ix.stalls[s as usize].usable).collect(),
            branch_total: vec![0; ix.branches.len()],
            branch_own: vec![0; ix.branches.len()],
            wanted,
            wants_counted: vec![true; n],
            group: 0,
            pending_branch: vec![0; ix.branches.len()],
            pending_full: 0,
            pending_light: 0,
            pending_evi: 0,
            waiting_in_group: 0,
            waiting_later: 0,
            relevant: vec![false; ix.branches.len()],
        }
    }
}

/// How good a run is for a vendor; smaller is better, compared field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    /// Stalls also reserved for another branch or type still being served.
    reserved: u32,
    score: Reverse<u64>,
    /// Stalls the vendor stands on already: moving keeps as much as it can.
    kept: Reverse<u32>,
    /// Waiting vendors of the group, other than this one, that can stand only on stalls of a
    /// mandatory branch or a type and could use these: who has fewer options comes first.
    demand: u32,
    /// How well the stalls' branches fit the vendor's (see `branch_fit`).
    branch_fit: Reverse<u32>,
    /// Stalls other unplaced vendors of the same status prefer.
    wanted: u32,
    /// Stalls of another branch that vendors of this group trade in.
    foreign: u32,
    own_branch: Reverse<u32>,
    /// Whether the run cannot grow to the vendor's wish.
    cramped: bool,
    /// Stalls a neighbouring vendor could grow onto.
    blocking: u32,
    first: S,
}

#[derive(Clone, Copy)]
enum Want {
    /// A first place: a preferred stall, or any stall for a vendor that accepts any.
    Enter,
    /// A run with a higher preference score than `above`.
    Better { above: u64 },
}

struct Engine<'i, 'a> {
    ix: &'i Index<'a>,
    st: State,
}

impl<'i, 'a> Engine<'i, 'a> {
    fn vi(&self, v: V) -> &'i VendorInfo<'a> {
        self.ix.vendor(v)
    }

    fn members(&self) -> impl Iterator<Item = V> + '_ {
        let group = self.st.group;
        (0..self.ix.vendors.len() as V).filter(move |&v| self.vi(v).group == group)
    }

    fn begin_group(&mut self, group: u8) {
        self.st.group = group;
        self.st.relevant.fill(false);
        self.st.pending_branch.fill(0);
        (self.st.pending_full, self.st.pending_light, self.st.pending_evi) = (0, 0, 0);
        self.st.waiting_in_group = 0;
        // Counted once per group, not per round: nobody of a later group is placed before
        // its group begins.
        self.st.waiting_later = self.ix.vendors.iter().filter(|v| v.group > group).count();
        let members: Vec<V> = self.members().collect();
        for v in members {
            let vi = self.ix.vendor(v);
            for &b in &vi.branches {
                self.st.relevant[b as usize] = true;
            }
            if self.st.outcome[v as usize] == Outcome::Waiting {
                self.count_pending(v, 1);
            }
        }
    }

    fn count_pending(&mut self, v: V, add: i32) {
        let vi = self.ix.vendor(v);
        let bump = |n: &mut u32| *n = n.saturating_add_signed(add);
        for &b in &vi.mandatory {
            bump(&mut self.st.pending_branch[b as usize]);
        }
        match vi.cooking {
            Cooking::Full => bump(&mut self.st.pending_full),
            Cooking::Light => bump(&mut self.st.pending_light),
            Cooking::None => {}
        }
        if vi.evi {
            bump(&mut self.st.pending_evi);
        }
        self.st.waiting_in_group = self.st.waiting_in_group.saturating_add_signed(add as isize);
    }

    /// The vendor is placed or rejected: it no longer reserves or wants anything.
    fn settle(&mut self, v: V, outcome: Outcome) {
        if self.st.outcome[v as usize] == Outcome::Waiting {
            self.count_pending(v, -1);
        }
        self.st.outcome[v as usize] = outcome;
        self.unwant(v);
    }

    fn unwant(&mut self, v: V) {
        if std::mem::take(&mut self.st.wants_counted[v as usize]) {
            let slot = self.ix.vendor(v).status_slot;
            for &(s, _, _) in &self.ix.vendor(v).prefs {
                self.st.wanted[s as usize * STATUS_SLOTS + slot] -= 1;
            }
        }
    }

    fn note(&mut self, v: V, note: Note) {
        self.st.notes[v as usize].push(note);
    }

    // ---- stalls ----------------------------------------------------------------------

    fn free(&self, s: S) -> bool {
        self.ix.stalls[s as usize].usable && self.st.owner[s as usize].is_none()
    }

    /// Whether `v` may stand on `s` at all right now (hard rules; own stalls always).
    fn allowed(&self, vi: &VendorInfo, s: S) -> bool {
        if vi.is_own(s) {
            return true;
        }
        let si = &self.ix.stalls[s as usize];
        let st = &self.st;
        let cooking_ok = match vi.cooking {
            Cooking::None => true,
            Cooking::Light => si.cooking != Cooking::None,
            Cooking::Full => si.cooking == Cooking::Full,
        };
        let shares_mandatory = si.mandatory.iter().any(|&b| vi.in_branch(b));
        let reserved_for_others = !shares_mandatory && si.mandatory.iter().any(|&b| st.pending_branch[b as usize] > 0)
            || vi.cooking == Cooking::None
                && match si.cooking {
                    Cooking::Full => st.pending_full + st.pending_light > 0,
                    Cooking::Light => st.pending_light > 0,
                    Cooking::None => false,
                }
            || si.evi && !vi.evi && st.pending_evi > 0;
        cooking_ok
            && (!vi.evi || si.evi)
            && (vi.mandatory.is_empty() || si.branches.iter().any(|b| vi.mandatory.contains(b)))
            && !reserved_for_others
    }

    /// A stall `v` may stand on but that another branch or type still being served needs more.
    fn reserved_penalty(&self, vi: &VendorInfo, s: S) -> u32 {
        if vi.is_own(s) {
            return 0;
        }
        let si = &self.ix.stalls[s as usize];
        let other_branch = si.mandatory.iter().any(|&b| self.st.pending_branch[b as usize] > 0 && !vi.in_branch(b));
        let full_for_light = si.cooking == Cooking::Full && vi.cooking == Cooking::Light && self.st.pending_full > 0;
        u32::from(other_branch || full_for_light)
    }

    /// Whether placed vendor `w` could grow onto `s` if `v` did not take `run` (which
    /// also uses up the maxima of branches they share).
    fn could_grow_onto(&self, w: V, s: S, v: V, run: &[S]) -> bool {
        let wi = self.vi(w);
        let taken = run.len() as u32 - self.st.runs[v as usize].len().min(run.len()) as u32;
        let branch_room = wi.limited.iter().all(|&b| {
            let limit = self.ix.branches[b as usize].max.unwrap_or(u32::MAX);
            let shared = if self.vi(v).in_branch(b) { taken } else { 0 };
            self.st.branch_total[b as usize] + shared < limit.max(self.st.branch_own[b as usize])
        });
        self.st.outcome[w as usize] == Outcome::Placed
            && self.st.runs[w as usize].len() < wi.max
            && (!wi.grows_onto_preferences_only || wi.weight(s) > 0)
            && self.allowed(wi, s)
            && branch_room
    }

    /// Waiting vendors of the group other than `v` whose mandatory branch, cooking or EVI
    /// this stall serves: they have fewer stalls to choose from than a vendor without.
    fn demand(&self, v: V, s: S) -> u32 {
        let vi = self.vi(v);
        let si = &self.ix.stalls[s as usize];
        let st = &self.st;
        // `v` itself is counted while it waits.
        let me = u32::from(st.outcome[v as usize] == Outcome::Waiting);
        let others = |pending: u32, mine: bool| pending.saturating_sub(if mine { me } else { 0 });
        let mut n = 0;
        for &b in &si.mandatory {
            n += others(st.pending_branch[b as usize], vi.mandatory.contains(&b));
        }
        let light = others(st.pending_light, vi.cooking == Cooking::Light);
        let full = others(st.pending_full, vi.cooking == Cooking::Full);
        n += match si.cooking {
            Cooking::Full => full + light,
            Cooking::Light => light,
            Cooking::None => 0,
        };
        if si.evi {
            n += others(st.pending_evi, vi.evi);
        }
        n
    }

    /// How well a stall's branches fit the vendor's, counting only branches some vendor of
    /// the group trades in (a later list does not steer an earlier one): 4 the same
    /// branches, 3 some of the vendor's and no others, 2 the vendor's and others too, 1 a
    /// stall without such branches, 0 only others' branches.
    fn branch_fit(&self, vi: &VendorInfo, s: S) -> u32 {
        let si = &self.ix.stalls[s as usize];
        let (mut carried, mut shared) = (0, 0);
        for &b in si.branches.iter().filter(|&&b| self.st.relevant[b as usize]) {
            carried += 1;
            shared += u32::from(vi.in_branch(b));
        }
        if shared == 0 {
            u32::from(carried == 0)
        } else if shared < carried {
            2
        } else if vi.branches.len() > carried as usize {
            3
        } else {
            4
        }
    }

    fn score(&self, v: V, run: &[S]) -> u64 {
        let vi = self.vi(v);
        run.iter().map(|&s| vi.weight(s)).sum()
    }

    fn cost(&self, v: V, run: &[S]) -> Cost {
        let vi = self.vi(v);
        let mut c = Cost {
            reserved: 0,
            score: Reverse(0),
            kept: Reverse(0),
            demand: 0,
            branch_fit: Reverse(0),
            wanted: 0,
            foreign: 0,
            own_branch: Reverse(0),
            cramped: !self.has_room(v, run),
            blocking: 0,
            first: run[0],
        };
        for &s in run {
            let si = &self.ix.stalls[s as usize];
            c.reserved += self.reserved_penalty(vi, s);
            c.score.0 += vi.weight(s);
            c.kept.0 += u32::from(self.st.owner[s as usize] == Some(v));
            c.demand += self.demand(v, s);
            c.branch_fit.0 += self.branch_fit(vi, s);
            c.wanted += self.st.wanted[s as usize * STATUS_SLOTS + vi.status_slot];
            let mine = si.branches.iter().any(|&b| vi.in_branch(b));
            c.own_branch.0 += u32::from(mine);
            c.foreign += u32::from(!mine && si.branches.iter().any(|&b| self.st.relevant[b as usize]));
            for n in [si.prev, si.next].into_iter().flatten() {
                if let Some(w) = self.st.owner[n as usize] {
                    c.blocking += u32::from(w != v && !run.contains(&n) && self.could_grow_onto(w, s, v, run));
                }
            }
        }
        c
    }

    /// Whether free stalls around `run` let `v` grow to its wish, as far as its branch
    /// maxima leave room.
    fn has_room(&self, v: V, run: &[S]) -> bool {
        let vi = self.vi(v);
        let counted = self.st.runs[v as usize].len() as u32;
        let branch_room = vi.limited.iter().map(|&b| {
            let limit = self.ix.branches[b as usize].max.unwrap_or(u32::MAX);
            let total = self.st.branch_total[b as usize] - counted + run.len() as u32;
            limit.max(self.st.branch_own[b as usize]).saturating_sub(total) as usize
        });
        let need = (vi.max.saturating_sub(run.len())).min(branch_room.min().unwrap_or(usize::MAX));
        if need == 0 {
            return true;
        }
        let ok = |s: S, seen: &[S]| self.free(s) && !run.contains(&s) && !seen.contains(&s) && self.allowed(vi, s);
        let mut seen: Vec<S> = Vec::new();
        for forward in [false, true] {
            let mut at = if forward { run[run.len() - 1] } else { run[0] };
            while seen.len() < need {
                let si = &self.ix.stalls[at as usize];
                match if forward { si.next } else { si.prev } {
                    Some(n) if ok(n, &seen) => {
                        seen.push(n);
                        at = n;
                    }
                    _ => break,
                }
            }
        }
        seen.len() >= need
    }

    /// Branch maxima after `v` goes from `old` to `new`: fixed holders' own stalls always
    /// stay, so a branch may exceed its maximum only by own stalls.
    fn branch_fits(&self, v: V, old: &[S], new: &[S]) -> Result<(), B> {
        let vi = self.vi(v);
        let own = |run: &[S]| run.iter().filter(|&&s| vi.is_own(s)).count() as u32;
        for &b in &vi.limited {
            let limit = self.ix.branches[b as usize].max.unwrap_or(u32::MAX);
            let total = self.st.branch_total[b as usize] - old.len() as u32 + new.len() as u32;
            let kept = self.st.branch_own[b as usize] - own(old) + own(new);
            if total > limit.max(kept) {
                return Err(b);
            }
        }
        Ok(())
    }

    /// A branch of `v` without room for `extra` more of its stalls.
    fn branch_lacking(&self, v: V, extra: usize) -> Option<B> {
        let vi = self.vi(v);
        vi.limited.iter().copied().find(|&b| {
            let limit = self.ix.branches[b as usize].max.unwrap_or(u32::MAX);
            let total = self.st.branch_total[b as usize] as usize + extra;
            total > limit.max(self.st.branch_own[b as usize]) as usize
        })
    }

    fn account(&mut self, v: V, run: &[S], add: bool) {
        let vi = self.ix.vendor(v);
        let own = run.iter().filter(|&&s| vi.is_own(s)).count() as u32;
        for &b in &vi.limited {
            let (total, kept) = (&mut self.st.branch_total[b as usize], &mut self.st.branch_own[b as usize]);
            if add {
                *total += run.len() as u32;
                *kept += own;
            } else {
                *total -= run.len() as u32;
                *kept -= own;
            }
        }
    }

    fn assign(&mut self, v: V, run: Vec<S>) {
        for &s in &run {
            self.st.owner[s as usize] = Some(v);
            self.st.free.remove(&s);
        }
        self.account(v, &run, true);
        self.st.runs[v as usize] = run;
    }

    fn release(&mut self, v: V) -> Vec<S> {
        let run = std::mem::take(&mut self.st.runs[v as usize]);
        for &s in &run {
            self.st.owner[s as usize] = None;
            self.st.free.insert(s);
        }
        self.account(v, &run, false);
        run
    }

    /// Walks `size` stalls from `start` along the row, each passing `ok`.
    fn walk(&self, start: S, size: usize, ok: impl Fn(S) -> bool, buf: &mut Vec<S>) -> bool {
        buf.clear();
        let mut at = Some(start);
        while buf.len() < size {
            match at {
                Some(s) if ok(s) && !buf.contains(&s) => {
                    buf.push(s);
                    at = self.ix.stalls[s as usize].next;
                }
                _ => return false,
            }
        }
        true
    }

    /// Starts of the runs of `size` through preferred stalls, each stall passing `ok`.
    fn starts_through_preferences(&self, vi: &VendorInfo, size: usize, ok: impl Fn(S) -> bool) -> Vec<S> {
        let mut starts = Vec::new();
        for &(p, _, _) in vi.prefs.iter().filter(|p| ok(p.0)) {
            let mut at = p;
            starts.push(at);
            for _ in 1..size {
                match self.ix.stalls[at as usize].prev {
                    Some(q) if q != p && ok(q) => {
                        at = q;
                        starts.push(q);
                    }
                    _ => break,
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    /// The best run of `size` free stalls for `v` (which holds none now), not using `avoid`.
    fn best_run(&self, v: V, size: usize, want: Want, avoid: &[S]) -> Option<Vec<S>> {
        let vi = self.vi(v);
        let ok = |s: S| self.free(s) && self.allowed(vi, s) && !avoid.contains(&s);
        let starts: Vec<S> = match want {
            Want::Enter if vi.anywhere => self.st.free.iter().copied().collect(),
            _ => self.starts_through_preferences(vi, size, ok),
        };
        let mut buf = Vec::with_capacity(size);
        let mut best: Option<(Cost, S)> = None;
        for start in starts {
            if !self.walk(start, size, ok, &mut buf) || self.branch_fits(v, &[], &buf).is_err() {
                continue;
            }
            if let Want::Better { above } = want
                && self.score(v, &buf) <= above
            {
                continue;
            }
            let cost = self.cost(v, &buf);
            if best.is_none_or(|(b, _)| cost < b) {
                best = Some((cost, start));
            }
        }
        let (_, start) = best?;
        self.walk(start, size, ok, &mut buf);
        Some(buf)
    }

    // ---- step 0: own stalls ----------------------------------------------------------

    /// Fixed holders take their own stalls. A holder whose remaining own stalls are not one
    /// run of at least its minimum keeps the longest piece, made up to its minimum with
    /// free neighbours; failing that it enters round 1 like a vendor without stalls. Stalls
    /// it lets go become free only after every holder had its turn, so one holder's trouble
    /// does not become another holder's extension.
    fn keep_own_stalls(&mut self) {
        let holders: Vec<V> = self.members().filter(|&v| self.vi(v).kind == Kind::Holder).collect();
        for &v in &holders {
            let own: Vec<S> = self.vi(v).own.iter().copied().filter(|&s| self.free(s)).collect();
            for &s in &own {
                self.st.owner[s as usize] = Some(v);
                self.st.free.remove(&s);
            }
            self.account(v, &own, true);
            self.st.runs[v as usize] = own;
        }
        let mut let_go: Vec<S> = Vec::new();
        for v in holders {
            let claimed = std::mem::take(&mut self.st.runs[v as usize]);
            let mut piece = self.longest_piece(v, &claimed);
            // A holder whose own maximum is below its places keeps its most preferred ones.
            let mut above_max: Vec<S> = Vec::new();
            if piece.len() > self.vi(v).max {
                let kept = self.best_window(v, &piece, self.vi(v).max);
                above_max = piece.iter().copied().filter(|s| !kept.contains(s)).collect();
                piece = kept;
            }
            let dropped: Vec<S> =
                claimed.iter().copied().filter(|s| !piece.contains(s) && !above_max.contains(s)).collect();
            // While the piece grows, the branch totals count exactly the run being built
            // (`runs[v]`), as `extension` expects: the stalls let go no longer, each
            // extension as soon as it is made.
            self.account(v, &dropped, false);
            self.account(v, &above_max, false);
            self.st.runs[v as usize] = piece.clone();
            while self.st.runs[v as usize].len() < self.vi(v).min {
                match self.extension(v, &self.st.runs[v as usize]) {
                    Some((s, front)) => {
                        self.account(v, &[s], true);
                        let run = &mut self.st.runs[v as usize];
                        if front { run.insert(0, s) } else { run.push(s) }
                    }
                    None => break,
                }
            }
            let run = std::mem::take(&mut self.st.runs[v as usize]);
            if run.len() >= self.vi(v).min && !run.is_empty() {
                let added: Vec<S> = run.iter().copied().filter(|s| !piece.contains(s)).collect();
                for &s in &added {
                    self.st.owner[s as usize] = Some(v);
                    self.st.free.remove(&s);
                }
                self.note(v, Note::OwnKept(piece));
                if !dropped.is_empty() {
                    self.note(v, Note::OwnReleased(dropped.clone()));
                }
                if !above_max.is_empty() {
                    self.note(v, Note::OwnAboveMaximum(above_max.clone()));
                }
                if !added.is_empty() {
                    self.note(v, Note::OwnExtended(added));
                }
                self.st.runs[v as usize] = run;
                let_go.extend(dropped);
                let_go.extend(above_max);
                self.settle(v, Outcome::Placed);
            } else {
                self.account(v, &run, false);
                if !claimed.is_empty() {
                    self.note(v, Note::OwnUnusable);
                }
                let_go.extend(claimed);
            }
        }
        for s in let_go {
            self.st.owner[s as usize] = None;
            self.st.free.insert(s);
        }
    }

    /// The longest adjacent piece of `claimed` (ties: most preferred, then first), in row order.
    fn longest_piece(&self, v: V, claimed: &[S]) -> Vec<S> {
        let mut best: Vec<S> = Vec::new();
        for &start in claimed {
            let prev = self.ix.stalls[start as usize].prev;
            if prev.is_some_and(|p| claimed.contains(&p) && p != start) && !self.is_full_circle(claimed) {
                continue;
            }
            let mut piece = vec![start];
            let mut at = start;
            while let Some(n) = self.ix.stalls[at as usize].next.filter(|n| claimed.contains(n) && !piece.contains(n)) {
                piece.push(n);
                at = n;
            }
            let better = (piece.len(), self.score(v, &piece)) > (best.len(), self.score(v, &best));
            if best.is_empty() || better {
                best = piece;
            }
        }
        best
    }

    /// The `size` consecutive stalls of `piece` with the most preferences (ties: the first).
    fn best_window(&self, v: V, piece: &[S], size: usize) -> Vec<S> {
        let mut best = &piece[..size.min(piece.len())];
        for window in piece.windows(size.max(1)) {
            if self.score(v, window) > self.score(v, best) {
                best = window;
            }
        }
        best.to_vec()
    }

    fn is_full_circle(&self, claimed: &[S]) -> bool {
        claimed.iter().all(|&s| self.ix.stalls[s as usize].prev.is_some_and(|p| claimed.contains(&p)))
    }

    /// The best free neighbour of `run` that `v` may take, within branch maxima, and
    /// whether it goes in front.
    fn extension(&self, v: V, run: &[S]) -> Option<(S, bool)> {
        let vi = self.vi(v);
        let (first, last) = (*run.first()?, *run.last()?);
        let mut best: Option<(Cost, (S, bool))> = None;
        for (end, front) in [(self.ix.stalls[first as usize].prev, true), (self.ix.stalls[last as usize].next, false)] {
            let Some(s) = end.filter(|&s| self.free(s) && !run.contains(&s) && self.allowed(vi, s)) else {
                continue;
            };
            let grown: Vec<S> = if front {
                std::iter::once(s).chain(run.iter().copied()).collect()
            } else {
                run.iter().copied().chain(std::iter::once(s)).collect()
            };
            if self.branch_fits(v, run, &grown).is_ok() {
                let cost = self.cost(v, &grown);
                if best.is_none_or(|(b, _)| cost < b) {
                    best = Some((cost, (s, front)));
                }
            }
        }
        best.map(|(_, end)| end)
    }

    // ---- rounds ----------------------------------------------------------------------

    /// Runs the group with the growth cap raised one round at a time, keeping the last run
    /// that hurt nobody of the group (art. 3.12).
    fn grow_in_rounds(&mut self) {
        let base = self.st.clone();
        let members: Vec<V> = self.members().collect();
        let top = members.iter().map(|&v| self.vi(v).max).max().unwrap_or(1);
        self.run_group(1);
        for cap in 2..=top.min(self.ix.stalls.len()) {
            // Only vendors that reached the cap can grow in the next round: those below it
            // already had their rounds and found no room.
            let can_grow = members.iter().any(|&v| {
                let len = self.st.runs[v as usize].len();
                self.st.outcome[v as usize] == Outcome::Placed && len >= cap - 1 && len < self.vi(v).max
            });
            if !can_grow {
                break;
            }
            let best = std::mem::replace(&mut self.st, base.clone());
            self.run_group(cap);
            let counts = |st: &State, v: V| st.runs[v as usize].len();
            let hurt = members.iter().copied().find(|&v| counts(&self.st, v) < counts(&best, v));
            if let Some(hurt) = hurt {
                self.st = best;
                for &v in &members {
                    let len = self.st.runs[v as usize].len();
                    if len == cap - 1 && len < self.vi(v).max {
                        self.note(v, Note::GrowthStopped(Stop::Undone { round: cap, hurt }));
                    }
                }
                break;
            }
        }
    }

    fn run_group(&mut self, cap: usize) {
        let members: Vec<V> = self.members().collect();
        let waiting = |st: &State, v: V| st.outcome[v as usize] == Outcome::Waiting;
        let last_round = members
            .iter()
            .filter(|&&v| waiting(&self.st, v))
            .map(|&v| self.vi(v).entry_round)
            .max()
            .unwrap_or(1)
            .max(cap);
        for round in 1..=last_round {
            let entrants: Vec<V> =
                members.iter().copied().filter(|&v| waiting(&self.st, v) && self.vi(v).entry_round == round).collect();
            let steps = self.ix.mandatory_order.iter().map(|&b| Step::Branch(b));
            for step in steps.chain([Step::Cooking(Cooking::Full), Step::Cooking(Cooking::Light), Step::Evi]) {
                for &v in &entrants {
                    if self.vi(v).step == step && waiting(&self.st, v) {
                        self.enter(v, round);
                    }
                }
            }
            if round == 1 {
                // Fixed holders who prefer other stalls move before the rest is placed.
                for &v in &members {
                    if self.vi(v).kind == Kind::Holder {
                        self.improve(v);
                    }
                }
            }
            for &v in &entrants {
                if waiting(&self.st, v) {
                    self.enter(v, round);
                }
            }
            if round >= 2 && round <= cap {
                self.grow_round(&members, round);
            }
        }
        for &v in &members {
            self.improve(v);
        }
    }

    fn enter(&mut self, v: V, round: usize) {
        self.unwant(v);
        let vi = self.vi(v);
        let size = vi.min;
        if size > vi.max {
            return self.settle(v, Outcome::Rejected(RejectionReason::MinimumUnavailable));
        }
        let kept = self.kept_for_growth(v);
        let avoid: Vec<S> = kept.iter().map(|&(s, _)| s).collect();
        let step = vi.step;
        match self.best_run(v, size, Want::Enter, &avoid) {
            Some(run) => {
                self.assign(v, run);
                self.note(v, Note::Entered { round, step });
                self.settle(v, Outcome::Placed);
            }
            None => {
                let reason = self.diagnose(v, size, &avoid);
                if reason == RejectionReason::MinimumUnavailable && self.make_room(v, size, &avoid) {
                    self.note(v, Note::Entered { round, step });
                    return self.settle(v, Outcome::Placed);
                }
                let suits = |s: S| self.allowed(vi, s) && (vi.anywhere || vi.weight(s) > 0);
                if let Some(&(_, b)) = kept.iter().find(|&&(s, _)| suits(s)) {
                    self.note(v, Note::KeptForBranch(b));
                }
                self.settle(v, Outcome::Rejected(reason));
            }
        }
    }

    /// Free stalls of a mandatory branch `v` is not in that a placed vendor of the group in
    /// that branch could still grow onto, when they are the last free stalls of the branch
    /// (no more of them than such vendors): the branch's vendors get them, even as a second
    /// stall, before `v` gets a first stall there.
    fn kept_for_growth(&self, v: V) -> Vec<(S, B)> {
        let vi = self.vi(v);
        let mut kept = Vec::new();
        for &b in &self.ix.mandatory_order {
            if vi.in_branch(b) {
                continue;
            }
            let mut free = 0;
            let mut growers: Vec<V> = Vec::new();
            let mut next_to: Vec<S> = Vec::new();
            for &s in self.ix.branch_stalls[b as usize].iter().filter(|&&s| self.free(s)) {
                free += 1;
                let si = &self.ix.stalls[s as usize];
                for n in [si.prev, si.next].into_iter().flatten() {
                    let Some(w) = self.st.owner[n as usize] else { continue };
                    let wi = self.vi(w);
                    if w != v && wi.group == self.st.group && wi.in_branch(b) && self.could_grow_onto(w, s, v, &[]) {
                        if !growers.contains(&w) {
                            growers.push(w);
                        }
                        if !next_to.contains(&s) {
                            next_to.push(s);
                        }
                    }
                }
            }
            if !next_to.is_empty() && free <= growers.len() {
                kept.extend(next_to.into_iter().map(|s| (s, b)));
            }
        }
        kept
    }

    /// Fewest rejections: `v` found no run of its minimum, though free stalls suit it. It
    /// takes a run whose other occupants (applicants or `tvplz` of the group, never holders)
    /// can each be placed again on as many stalls elsewhere, even when they are more senior
    /// and lose a preferred stall: a vendor turned away weighs more than a better place.
    fn make_room(&mut self, v: V, size: usize, avoid: &[S]) -> bool {
        let vi = self.vi(v);
        if vi.kind == Kind::Holder || self.st.free.len() < size {
            return false;
        }
        let pushable = |w: V| {
            let wi = self.vi(w);
            w != v
                && wi.group == self.st.group
                && wi.kind != Kind::Holder
                && self.st.outcome[w as usize] == Outcome::Placed
        };
        let ok = |s: S| {
            self.ix.stalls[s as usize].usable
                && !avoid.contains(&s)
                && self.allowed(vi, s)
                && self.st.owner[s as usize].is_none_or(pushable)
        };
        let starts: Vec<S> = if vi.anywhere {
            (0..self.ix.stalls.len() as S).collect()
        } else {
            self.starts_through_preferences(vi, size, ok)
        };
        // Cheapest first: fewest vendors to move, most preferred, first in the row.
        let mut options: Vec<(usize, Reverse<u64>, S)> = Vec::new();
        let mut buf = Vec::with_capacity(size);
        for start in starts {
            if !self.walk(start, size, ok, &mut buf) {
                continue;
            }
            let score = self.score(v, &buf);
            // Runs are in row order and each vendor's stalls adjoin: a change of owner
            // along the run is one more vendor to move.
            let mut pushed = 0;
            let mut last = None;
            for owner in buf.iter().map(|&s| self.st.owner[s as usize]) {
                if owner.is_some() && owner != last {
                    pushed += 1;
                }
                last = owner;
            }
            if pushed > 0 && (vi.anywhere || score > 0) {
                options.push((pushed, Reverse(score), start));
            }
        }
        options.sort_unstable();
        // A few tries are enough, as in `improve`; a failed try leaves the state as it was.
        let runs: Vec<Vec<S>> = options
            .iter()
            .take(8)
            .map(|&(_, _, start)| {
                self.walk(start, size, ok, &mut buf);
                buf.clone()
            })
            .collect();
        runs.into_iter().any(|run| self.try_make_room(v, run))
    }

    fn try_make_room(&mut self, v: V, run: Vec<S>) -> bool {
        let mut pushed: Vec<V> = run.iter().filter_map(|&s| self.st.owner[s as usize]).collect();
        pushed.sort_unstable();
        pushed.dedup();
        let before: Vec<(V, Vec<S>)> = pushed.iter().map(|&w| (w, self.st.runs[w as usize].clone())).collect();
        for &(w, _) in &before {
            self.release(w);
        }
        let mut ok = self.branch_fits(v, &[], &run).is_ok();
        if ok {
            self.assign(v, run.clone());
            for (w, old) in &before {
                match self.best_run(*w, old.len(), Want::Enter, &[]) {
                    Some(to) => self.assign(*w, to),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
        }
        if !ok {
            self.release(v);
            for &(w, _) in &before {
                self.release(w);
            }
            for (w, old) in before {
                self.assign(w, old);
            }
            return false;
        }
        for (w, from) in before {
            let to = self.st.runs[w as usize].clone();
            self.note(w, Note::MadeRoom { for_vendor: v, from, to });
        }
        true
    }

    /// The one reason a vendor that found no run is rejected for.
    fn diagnose(&self, v: V, size: usize, avoid: &[S]) -> RejectionReason {
        let vi = self.vi(v);
        if vi.kind == Kind::Holder {
            return if !vi.own_missing.is_empty() {
                RejectionReason::KraamDoesNotExist
            } else if !vi.own.is_empty() {
                RejectionReason::AdjacentUnavailable
            } else {
                RejectionReason::VplPositionNotAvailable
            };
        }
        if self.branch_lacking(v, size).is_some() {
            return RejectionReason::BrancheFull;
        }
        if self.st.free.is_empty() {
            return RejectionReason::MarketFull;
        }
        let suitable = |s: &S| !avoid.contains(s) && self.allowed(vi, *s) && (vi.anywhere || vi.weight(*s) > 0);
        match (self.st.free.iter().any(suitable), vi.anywhere) {
            (false, false) => RejectionReason::PrefNotAvailable,
            (false, true) => RejectionReason::PrefNotAvailableAnywhere,
            (true, _) => RejectionReason::MinimumUnavailable,
        }
    }

    /// Everyone below `round` stalls may grow by one, the vendors with the fewest stalls
    /// first and then by seniority, so a branch maximum is shared out one stall at a time.
    fn grow_round(&mut self, members: &[V], round: usize) {
        let mut growers: Vec<(usize, V)> = members
            .iter()
            .map(|&v| (self.st.runs[v as usize].len(), v))
            .filter(|&(len, v)| self.st.outcome[v as usize] == Outcome::Placed && len < round && len < self.vi(v).max)
            .collect();
        growers.sort_unstable();
        for (_, v) in growers {
            // Art. 3.12 lid 4: no growth while the free stalls are not more than every
            // applicant still waiting that day, the B-list included.
            if self.st.free.len() <= self.st.waiting_in_group + self.st.waiting_later {
                self.note(v, Note::GrowthStopped(Stop::FewFreeStalls));
                continue;
            }
            match self.grow(v) {
                Ok(()) => self.note(v, Note::Grew { round }),
                Err(stop) => self.note(v, Note::GrowthStopped(stop)),
            }
        }
    }

    fn grow(&mut self, v: V) -> Result<(), Stop> {
        if let Some(b) = self.branch_lacking(v, 1) {
            return Err(Stop::BranchFull(b));
        }
        let run = self.st.runs[v as usize].clone();
        let vi = self.vi(v);
        let mut branch_full = None;
        let mut best: Option<(Cost, Vec<S>)> = None;
        let (first, last) = (run[0], run[run.len() - 1]);
        for (end, front) in [(self.ix.stalls[first as usize].prev, true), (self.ix.stalls[last as usize].next, false)] {
            let Some(s) = end.filter(|&s| {
                self.free(s)
                    && !run.contains(&s)
                    && self.allowed(vi, s)
                    && (!vi.grows_onto_preferences_only || vi.weight(s) > 0)
            }) else {
                continue;
            };
            let mut grown = run.clone();
            if front {
                grown.insert(0, s)
            } else {
                grown.push(s)
            }
            if let Err(b) = self.branch_fits(v, &run, &grown) {
                branch_full = Some(b);
                continue;
            }
            let cost = self.cost(v, &grown);
            if best.as_ref().is_none_or(|(b, _)| cost < *b) {
                best = Some((cost, grown));
            }
        }
        let (_, grown) = best.ok_or(branch_full.map_or(Stop::NoRoom, Stop::BranchFull))?;
        self.release(v);
        self.assign(v, grown);
        Ok(())
    }

    // ---- improvement -----------------------------------------------------------------

    /// Art. 3.10 step 4: `v` moves to a run with more of its preferences, of the same size,
    /// as long as every less senior vendor it pushes away can be placed again with as many
    /// stalls (a fixed holder only on stalls it prefers to its own: that is a swap).
    fn improve(&mut self, v: V) -> bool {
        let vi = self.vi(v);
        let movable = match vi.kind {
            Kind::Holder => vi.can_move,
            Kind::Tvplz | Kind::Applicant => true,
        };
        if !movable || vi.prefs.is_empty() || self.st.outcome[v as usize] != Outcome::Placed {
            return false;
        }
        let current = self.st.runs[v as usize].clone();
        let above = self.score(v, &current);
        let ok = |s: S| {
            self.ix.stalls[s as usize].usable
                && (vi.is_own(s) || self.allowed(vi, s))
                && self.st.owner[s as usize].is_none_or(|w| w == v || self.displaceable(w, v))
        };
        let mut buf = Vec::new();
        let mut options: Vec<(Cost, Vec<S>)> = Vec::new();
        for start in self.starts_through_preferences(vi, current.len(), ok) {
            if self.walk(start, current.len(), ok, &mut buf) && self.score(v, &buf) > above {
                options.push((self.cost(v, &buf), buf.clone()));
            }
        }
        options.sort();
        // A few tries are enough: the best options are the likely ones, and every try
        // may re-place other vendors.
        options.into_iter().take(8).any(|(_, run)| self.try_move(v, run))
    }

    fn displaceable(&self, w: V, v: V) -> bool {
        let wi = self.vi(w);
        w > v
            && self.st.outcome[w as usize] == Outcome::Placed
            && match wi.kind {
                Kind::Holder => wi.can_move && !wi.prefs.is_empty(),
                Kind::Tvplz | Kind::Applicant => true,
            }
    }

    fn try_move(&mut self, v: V, to: Vec<S>) -> bool {
        let mut pushed: Vec<V> = to.iter().filter_map(|&s| self.st.owner[s as usize]).filter(|&w| w != v).collect();
        pushed.sort_unstable();
        pushed.dedup();
        let before: Vec<(V, Vec<S>)> =
            std::iter::once(v).chain(pushed.iter().copied()).map(|w| (w, self.st.runs[w as usize].clone())).collect();
        for &(w, _) in &before {
            self.release(w);
        }
        let mut ok = self.branch_fits(v, &[], &to).is_ok();
        if ok {
            self.assign(v, to.clone());
            for (w, old) in &before[1..] {
                let w = *w;
                let want = match self.vi(w).kind {
                    Kind::Holder => Want::Better { above: self.score(w, old) },
                    Kind::Tvplz | Kind::Applicant => Want::Enter,
                };
                match self.best_run(w, old.len(), want, &[]) {
                    Some(run) => self.assign(w, run),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
        }
        if !ok {
            for &(w, _) in &before {
                self.release(w);
            }
            for (w, old) in before {
                self.assign(w, old);
            }
            return false;
        }
        let from = before[0].1.clone();
        self.note(v, Note::Moved { from, to });
        for (w, old) in before.into_iter().skip(1) {
            let to = self.st.runs[w as usize].clone();
            self.note(w, Note::Displaced { by: v, from: old, to });
        }
        true
    }
}

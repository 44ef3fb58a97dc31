//! Stall allocation (dagindeling): who gets which stalls on a market day, following
//! `allocation.md` (Amsterdam Marktverordening art. 3.10 and 3.12).
//!
//! The types here are plain domain types: nothing in them knows JSON. `case` is the edge
//! that reads and writes the case format, `verify` holds the rule checks of the example
//! cases and the invariants every allocation must satisfy, and `allocate` is the engine.
//! `day` is the allocation as the office keeps it: the engine run on a market day read from
//! the database, stored as versions with explanations, overrides and publishing.
//!
//! Architecture invariant: `allocate` is a pure function of its input. It reads no clock,
//! draws no random numbers and never lets hash-map order reach its result, so the same
//! input gives the same allocation and the same explanations, byte for byte.
//!
//! Where allocation.md leaves a choice, the engine decides so (and the example cases agree):
//! - Seniority is list group (fixed holders and A-list, then B-list), status (vpl, tvpl,
//!   tvplz, exp/expf, eb, vkk, soll), list number, then vendor id. `vkk` is treated as a
//!   fixed holder that may move. A later entry of the same vendor id is ignored.
//! - Growth stops while the free stalls are not more than the applicants still waiting
//!   (art. 3.12 lid 4): while the A-group grows, the whole B-list counts as waiting. The
//!   undo of a growth round looks only at the group itself: the B-list fills what remains.
//! - A vendor that is not active (waiting, substitute only, removed) does not take part;
//!   when its attendance alone would have let it take part, its explanation says it is
//!   not active.
//! - Applicants enter in the round of their minimum (art. 3.12: who does not want 1 stall
//!   does not take one in round 1); fixed statuses enter in round 1. In a round, vendors
//!   entering come before vendors growing.
//! - Fixed holders who prefer other stalls move before the applicants of step 3 are placed,
//!   and again in the improvement pass; moves keep the number of stalls, growth comes in
//!   the rounds. A less senior vendor may be pushed off if it can be placed again with as
//!   many stalls; a pushed fixed holder only onto stalls it prefers (a swap).
//! - A fixed holder whose usable own stalls are not one run of at least its minimum keeps
//!   the longest piece, extended with free neighbours to its minimum; failing that it is
//!   placed like a vendor without stalls. A shortfall is `KRAAM_DOES_NOT_EXIST` when an own
//!   stall is missing or blocked, `ADJACENT_UNAVAILABLE` when the own stalls exist but do
//!   not form such a run, `VPL_POSITION_NOT_AVAILABLE` when it holds no stall at all.
//! - Applicants' reasons: `BRANCHE_FULL`, then `MARKET_FULL` (no free stall at all), then
//!   `PREF_NOT_AVAILABLE` (not accepting any stall), `PREF_NOT_AVAILABLE_ANYWHERE` (no free
//!   stall suits its branch, cooking or EVI), `MINIMUM_UNAVAILABLE` (no run long enough).
//! - A mandatory branch's or stall type's stalls are reserved while vendors of the group
//!   that need them are still to enter; afterwards they are ordinary stalls.
//! - Among equally preferred runs: the most suitable run (see "Most suitable stall" below),
//!   fewer stalls wanted by unplaced vendors of the same status, fewer stalls of other
//!   branches traded in the group, more of its own branch, room to grow to its wish, not
//!   blocking a neighbour's growth, then row order.
//! - Equal preference priorities share a rank; unknown preferred stalls are ignored.
//! - A run in a circular row is listed from its first stall along the row, across the end.
//!
//! Four rule families where allocation.md states only the preference rule (issue 15, item
//! 11), decided with art. 3.10/3.12 and KiesJeKraam's practice in mind:
//! - Fewer places: a fixed holder (not `exp`/`expf`, whose places are as they are, and not
//!   `tvplz`, entitled to its number) whose own maximum is below its number of places uses
//!   only that many: it keeps the adjacent own stalls with the most preferences (ties: the
//!   first in the row); the others are free for the day and count for no branch maximum.
//!   The market's maximum never takes own places away. Without preferences on record a
//!   holder's maximum is its number of places.
//! - Most suitable stall: among runs equal on the reservations of step 1/2 and on
//!   preferences (a vendor's own wish stays first: KiesJeKraam lets branch overlap beat it
//!   within a row, we do not), the run wins that (a) fewer other waiting vendors of the
//!   group with a mandatory branch, cooking or EVI could use, then (b) whose branches fit
//!   the vendor's best: the same branches, then some of the vendor's and no others, then
//!   the vendor's and others, then no branch, then only others'. Only the group's vendors
//!   count: the A-list is not steered off stalls a B-list vendor needs (its priority, as
//!   the example cases have it).
//! - Fewest rejections: an applicant or `tvplz` that finds no run of its minimum although
//!   free stalls suit it takes a run whose occupants (applicants or `tvplz` of its group,
//!   never a holder) can each be placed again on as many stalls elsewhere, even when they
//!   are more senior and lose a preferred stall (fewest vendors moved, then most preferred,
//!   then row order). A turned-away vendor weighs more than a better place for a senior.
//! - Last stalls of a branch: free stalls of a mandatory branch are kept from a vendor
//!   outside the branch entering for a first stall while a placed vendor of the branch in
//!   the same group could grow onto them and they are the last ones (no more free stalls
//!   of the branch than such vendors): the branch's vendor gets the stall, even as its
//!   second, in the next round. Stalls of non-mandatory branches are ordinary stalls:
//!   art. 3.12's "everyone k before anyone k + 1" holds there.

pub mod case;
pub mod day;
mod engine;
mod explain;
mod index;
pub mod verify;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use crate::code::{Cooking, RegistrationStatus, RejectionReason};

pub use engine::allocate;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_string())
            }
        }
    };
}

id_type! {
    /// A vendor's registration number (erkenningsnummer), as the case gives it.
    VendorId
}
id_type! {
    /// A stall number (`"12"`, `"12a"`): text, because stall numbers are not numbers.
    StallId
}
id_type! {
    /// A branch code (`"101-agf"`).
    BranchId
}

/// Everything the engine needs to allocate one market day.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationInput {
    pub market: MarketDay,
    pub branches: Vec<Branch>,
    pub stalls: Vec<Stall>,
    pub rows: Vec<StallRow>,
    pub obstacles: Vec<Obstacle>,
    pub vendors: Vec<Vendor>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MarketDay {
    pub id: String,
    pub name: String,
    pub code: String,
    pub date: NaiveDate,
    /// Whether the market splits applicants into an A-list and a B-list (art. 3.10).
    pub ab_lists: bool,
    /// The most stalls one vendor may grow to; `None` is no market-wide limit.
    pub max_stalls_per_vendor: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub id: BranchId,
    /// Stalls of a mandatory branch go only to its vendors while they are being served,
    /// and its vendors stand only on its stalls.
    pub mandatory: bool,
    /// The most stalls all vendors of this branch together may have.
    pub max_stalls: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stall {
    pub id: StallId,
    pub branches: Vec<BranchId>,
    pub cooking: Cooking,
    /// Room for an own sales unit (eigen verkoopinrichting) instead of a stall.
    pub evi: bool,
    /// Blocked for the day or inactive: never given out.
    pub blocked: bool,
    pub properties: Vec<String>,
}

/// Stalls in the order they stand; consecutive stalls are adjacent unless an obstacle
/// separates them, and in a circular row the last one is adjacent to the first.
#[derive(Debug, Clone, PartialEq)]
pub struct StallRow {
    pub stalls: Vec<StallId>,
    pub circular: bool,
}

/// Something between two stalls (tree, passage, …) that breaks their adjacency.
#[derive(Debug, Clone, PartialEq)]
pub struct Obstacle {
    pub between: (StallId, StallId),
    pub kinds: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendance {
    Present,
    Absent,
    /// No record for the day: fixed holders come, applicants do not.
    Unspecified,
}

/// A period a vendor announced to be away, both ends inclusive; an open end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbsencePeriod {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl AbsencePeriod {
    pub fn covers(&self, day: NaiveDate) -> bool {
        (self.from.is_some() || self.until.is_some())
            && self.from.is_none_or(|from| from <= day)
            && self.until.is_none_or(|until| day <= until)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Preference {
    pub stall: StallId,
    /// Higher is more wanted.
    pub priority: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vendor {
    pub id: VendorId,
    /// The list number (sollicitatienummer): lower is more senior within a status.
    pub list_number: u64,
    pub status: RegistrationStatus,
    /// The fixed stalls (vaste plaatsen); for `tvplz` only their number counts.
    pub own_stalls: Vec<StallId>,
    pub a_list: bool,
    pub attendance: Attendance,
    pub absence: Option<AbsencePeriod>,
    pub branches: Vec<BranchId>,
    pub cooking: Cooking,
    pub evi: bool,
    pub min_stalls: u32,
    pub max_stalls: u32,
    /// Accepts any stall when no preferred one is free.
    pub anywhere: bool,
    pub preferences: Vec<Preference>,
    /// The vendor's standing with the office is active; a vendor that is not (waiting,
    /// substitute only, removed) keeps its registration but is not allocated.
    pub active: bool,
}

/// Why a vendor does not take part in the day's allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonParticipation {
    SignedOff,
    AbsencePeriod(AbsencePeriod),
    NotSignedOn,
    /// Would take part by its attendance, but the vendor is not active.
    NotActive,
}

impl Vendor {
    /// Whether the vendor takes part on `day` (allocation.md, "Who takes part"). Attendance
    /// is asked first, so a vendor that is not active is told so only when it would
    /// otherwise have taken part: that is the one fact the clerk needs.
    pub fn participation(&self, day: NaiveDate) -> Result<(), NonParticipation> {
        match (self.absence, self.attendance) {
            (Some(period), _) if period.covers(day) => Err(NonParticipation::AbsencePeriod(period)),
            (_, Attendance::Absent) => Err(NonParticipation::SignedOff),
            (_, Attendance::Unspecified) if !self.status.is_fixed() => Err(NonParticipation::NotSignedOn),
            _ if !self.active => Err(NonParticipation::NotActive),
            _ => Ok(()),
        }
    }

    /// Holds fixed stalls it keeps on the day (every fixed status except `tvplz`, whose
    /// places are a number of stalls anywhere).
    pub fn holds_own_stalls(&self) -> bool {
        self.status.is_fixed() && self.status != RegistrationStatus::Tvplz
    }

    /// How many stalls the vendor may end with, given how many of its own stalls exist and
    /// are not blocked today. Fixed holders keep their own stalls even beyond the market's
    /// maximum, unless their own maximum is below their number of places (then they use only
    /// that many; `exp`/`expf` keep all); a `tvplz` is entitled to as many stalls as it holds
    /// places.
    pub fn stall_bounds(&self, market_max: Option<u32>, usable_own: usize) -> StallBounds {
        let wish = self.max_stalls.min(market_max.unwrap_or(u32::MAX));
        let min = self.min_stalls.max(1);
        let places = u32::try_from(self.own_stalls.len()).unwrap_or(u32::MAX);
        let usable_own = u32::try_from(usable_own).unwrap_or(u32::MAX);
        match self.status {
            RegistrationStatus::Soll => StallBounds { min, max: wish },
            RegistrationStatus::Tvplz => {
                let max = wish.max(places);
                StallBounds { min: min.max(places).min(max), max }
            }
            // Experimental-zone holders keep their stalls as they are: they state no minimum
            // or maximum (KiesJeKraam does the same).
            RegistrationStatus::Exp | RegistrationStatus::Expf => {
                let max = wish.max(usable_own).max(1);
                StallBounds { min: min.min(max), max }
            }
            // A fixed holder is never turned away only because its wish exceeds the market,
            // but may use fewer of its places by setting its own maximum below their number.
            _ => {
                let max = wish.max(usable_own.min(self.max_stalls)).max(1);
                StallBounds { min: min.min(max), max }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StallBounds {
    pub min: u32,
    pub max: u32,
}

/// The day's allocation: every vendor of the input appears exactly once, in
/// `assignments`, `rejections` or `not_participating`, each list sorted by vendor id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Allocation {
    pub assignments: Vec<Assignment>,
    pub rejections: Vec<Rejection>,
    pub not_participating: Vec<VendorId>,
    /// Why each vendor got what it got, in Dutch, for the clerk.
    pub explanations: BTreeMap<VendorId, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub vendor: VendorId,
    /// One adjacent run, in the order the stalls stand in their row.
    pub stalls: Vec<StallId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub vendor: VendorId,
    pub reason: RejectionReason,
}

impl Allocation {
    pub fn stalls_of(&self, vendor: &VendorId) -> Option<&[StallId]> {
        self.assignments.binary_search_by(|a| a.vendor.cmp(vendor)).ok().map(|i| self.assignments[i].stalls.as_slice())
    }

    pub fn rejection_of(&self, vendor: &VendorId) -> Option<RejectionReason> {
        self.rejections.binary_search_by(|r| r.vendor.cmp(vendor)).ok().map(|i| self.rejections[i].reason)
    }
}

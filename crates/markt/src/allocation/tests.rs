//! One small market per rule of allocation.md. Every allocation made here must also pass
//! all invariants (`Day::run`), so each test checks its rule on top of those.

use chrono::NaiveDate;

use crate::code::{Cooking, RegistrationStatus, RejectionReason};

use super::verify::{Check, Invariant, invariants};
use super::*;

const DAY: &str = "2026-11-27";

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// A market day under construction: rows of stalls, then vendors in the order given
/// (which is also their list number).
struct Day(AllocationInput);

fn day(rows: &[&[&str]]) -> Day {
    let stall = |id: &&str| Stall {
        id: StallId::from(*id),
        branches: vec![],
        cooking: Cooking::None,
        evi: false,
        blocked: false,
        properties: vec![],
    };
    Day(AllocationInput {
        market: MarketDay {
            id: "1".into(),
            name: "Testmarkt".into(),
            code: "TEST".into(),
            date: date(DAY),
            ab_lists: false,
            max_stalls_per_vendor: Some(3),
        },
        branches: vec![],
        stalls: rows.iter().flat_map(|r| r.iter()).map(stall).collect(),
        rows: rows
            .iter()
            .map(|r| StallRow { stalls: r.iter().map(|s| StallId::from(*s)).collect(), circular: false })
            .collect(),
        obstacles: vec![],
        vendors: vec![],
    })
}

impl Day {
    fn circular(mut self) -> Day {
        self.0.rows.iter_mut().for_each(|r| r.circular = true);
        self
    }

    fn ab_lists(mut self) -> Day {
        self.0.market.ab_lists = true;
        self
    }

    fn branch(mut self, id: &str, mandatory: bool, max_stalls: Option<u32>) -> Day {
        self.0.branches.push(Branch { id: BranchId::from(id), mandatory, max_stalls });
        self
    }

    fn stall(mut self, id: &str, change: impl FnOnce(&mut Stall)) -> Day {
        change(self.0.stalls.iter_mut().find(|s| s.id.as_str() == id).expect("stall of the test market"));
        self
    }

    fn obstacle(mut self, a: &str, b: &str) -> Day {
        self.0.obstacles.push(Obstacle { between: (a.into(), b.into()), kinds: vec!["boom".into()] });
        self
    }

    fn vendor(mut self, id: &str, status: RegistrationStatus, change: impl FnOnce(&mut Vendor)) -> Day {
        let mut v = Vendor {
            id: VendorId::from(id),
            list_number: self.0.vendors.len() as u64 + 1,
            status,
            own_stalls: vec![],
            a_list: false,
            attendance: Attendance::Present,
            absence: None,
            branches: vec![],
            cooking: Cooking::None,
            evi: false,
            min_stalls: 1,
            max_stalls: 1,
            anywhere: true,
            preferences: vec![],
            active: true,
        };
        change(&mut v);
        self.0.vendors.push(v);
        self
    }

    fn soll(self, id: &str, change: impl FnOnce(&mut Vendor)) -> Day {
        self.vendor(id, RegistrationStatus::Soll, change)
    }

    fn vpl(self, id: &str, own: &[&str], change: impl FnOnce(&mut Vendor)) -> Day {
        self.vendor(id, RegistrationStatus::Vpl, |v| {
            v.own_stalls = own.iter().map(|s| StallId::from(*s)).collect();
            v.min_stalls = own.len().max(1) as u32;
            v.max_stalls = own.len().max(1) as u32;
            v.anywhere = false;
            change(v);
        })
    }

    /// Allocates and insists on every invariant.
    fn run(&self) -> Allocation {
        let a = allocate(&self.0);
        let broken = invariants(&self.0, &a);
        assert!(broken.is_empty(), "invariants broken: {broken:?}\nallocation: {a:#?}");
        a
    }
}

fn prefs(list: &[(&str, i64)]) -> Vec<Preference> {
    list.iter().map(|&(s, priority)| Preference { stall: s.into(), priority }).collect()
}

fn stalls<'a>(a: &'a Allocation, vendor: &str) -> Vec<&'a str> {
    a.stalls_of(&VendorId::from(vendor)).unwrap_or(&[]).iter().map(StallId::as_str).collect()
}

fn reason(a: &Allocation, vendor: &str) -> Option<RejectionReason> {
    a.rejection_of(&VendorId::from(vendor))
}

fn explanation<'a>(a: &'a Allocation, vendor: &str) -> &'a str {
    a.explanations.get(&VendorId::from(vendor)).map_or("", String::as_str)
}

// ---- who takes part --------------------------------------------------------------------

#[test]
fn allocation_participation_follows_attendance_and_absence_periods() {
    let absent = |from: &str, until: &str| Some(AbsencePeriod { from: Some(date(from)), until: Some(date(until)) });
    let a = day(&[&["1", "2", "3", "4", "5"]])
        .vpl("away-until-today", &["1"], |v| v.absence = absent("2026-11-20", DAY))
        .vpl("back-today", &["2"], |v| v.absence = absent("2026-11-20", "2026-11-26"))
        .vpl("signed-off", &["3"], |v| v.attendance = Attendance::Absent)
        .vpl("no-record", &["4"], |v| v.attendance = Attendance::Unspecified)
        .soll("applicant-no-record", |v| v.attendance = Attendance::Unspecified)
        .soll("applicant", |v| v.preferences = prefs(&[("1", 1)]))
        .run();
    let np: Vec<&str> = a.not_participating.iter().map(VendorId::as_str).collect();
    assert_eq!(np, ["applicant-no-record", "away-until-today", "signed-off"]);
    assert_eq!(stalls(&a, "back-today"), ["2"]);
    assert_eq!(stalls(&a, "no-record"), ["4"], "a fixed holder without a record comes");
    assert_eq!(stalls(&a, "applicant"), ["1"], "the stall of an absent holder is free for the day");
    assert!(explanation(&a, "away-until-today").contains("afwezig van 20-11-2026 tot en met 27-11-2026"));
}

/// allocation.md: every vendor of the input ends with a result. A vendor that is not
/// active but would take part by its attendance is listed as not taking part and told why;
/// its own stalls are free for the day.
#[test]
fn a_vendor_that_is_not_active_does_not_take_part_and_is_told_why() {
    let a = day(&[&["1", "2"]])
        .vpl("inactive-holder", &["1"], |v| {
            v.attendance = Attendance::Unspecified;
            v.active = false;
        })
        .soll("inactive-applicant", |v| v.active = false)
        .soll("inactive-not-signed-on", |v| {
            v.active = false;
            v.attendance = Attendance::Unspecified;
        })
        .soll("applicant", |v| v.preferences = prefs(&[("1", 1)]))
        .run();
    let np: Vec<&str> = a.not_participating.iter().map(VendorId::as_str).collect();
    assert_eq!(np, ["inactive-applicant", "inactive-holder", "inactive-not-signed-on"]);
    assert_eq!(stalls(&a, "applicant"), ["1"], "the stall of a holder that is not active is free");
    for v in ["inactive-holder", "inactive-applicant"] {
        assert!(explanation(&a, v).contains("niet actief"), "{v}: {}", explanation(&a, v));
    }
    assert!(
        explanation(&a, "inactive-not-signed-on").contains("niet aangemeld"),
        "attendance comes first: {}",
        explanation(&a, "inactive-not-signed-on")
    );
}

// ---- priority ----------------------------------------------------------------------------

#[test]
fn allocation_a_list_comes_before_the_b_list() {
    let market = |a_list_present: bool| {
        day(&[&["1"]])
            .ab_lists()
            .soll("b-senior", |_| {})
            .soll("a-junior", |v| {
                v.a_list = true;
                v.attendance = if a_list_present { Attendance::Present } else { Attendance::Absent };
            })
            .run()
    };
    let a = market(true);
    assert_eq!(stalls(&a, "a-junior"), ["1"]);
    assert_eq!(reason(&a, "b-senior"), Some(RejectionReason::MarketFull));
    assert!(explanation(&a, "b-senior").contains("B-lijst"));
    let a = market(false);
    assert_eq!(stalls(&a, "b-senior"), ["1"], "without A-list applicants today the list number decides");
}

#[test]
fn allocation_status_order_puts_fixed_statuses_before_applicants() {
    let a = day(&[&["1"], &["2"]])
        .soll("soll", |_| {})
        .vendor("tvplz", RegistrationStatus::Tvplz, |v| v.own_stalls = vec!["x".into()])
        .vendor("exp", RegistrationStatus::Exp, |v| v.own_stalls = vec!["2".into()])
        .run();
    assert_eq!(stalls(&a, "exp"), ["2"]);
    assert_eq!(stalls(&a, "tvplz"), ["1"], "a tvplz is entitled to its number of stalls anywhere");
    assert_eq!(reason(&a, "soll"), Some(RejectionReason::MarketFull));
}

// ---- stalls and adjacency ----------------------------------------------------------------

#[test]
fn allocation_runs_do_not_cross_obstacles() {
    let a = day(&[&["1", "2", "3", "4"]])
        .obstacle("2", "3")
        .soll("pair", |v| {
            (v.min_stalls, v.max_stalls) = (2, 2);
            v.preferences = prefs(&[("3", 2), ("2", 1)]);
        })
        .soll("three", |v| (v.min_stalls, v.max_stalls) = (3, 3))
        .run();
    assert_eq!(stalls(&a, "pair"), ["3", "4"], "2 and 3 are not adjacent: the run with the first choice wins");
    assert_eq!(reason(&a, "three"), Some(RejectionReason::MinimumUnavailable));
}

#[test]
fn allocation_circular_rows_wrap_around() {
    let market = |circular: bool| {
        let d = day(&[&["1", "2", "3", "4"]])
            .vpl("a", &["2"], |_| {})
            .vpl("b", &["3"], |_| {})
            .soll("pair", |v| (v.min_stalls, v.max_stalls) = (2, 2));
        if circular { d.circular() } else { d }.run()
    };
    assert_eq!(stalls(&market(true), "pair"), ["4", "1"], "listed in row order, across the wrap");
    assert_eq!(reason(&market(false), "pair"), Some(RejectionReason::MinimumUnavailable));
}

#[test]
fn allocation_never_gives_out_blocked_stalls() {
    let a = day(&[&["1", "2"]]).stall("1", |s| s.blocked = true).soll("s", |_| {}).soll("t", |_| {}).run();
    assert_eq!(stalls(&a, "s"), ["2"]);
    assert_eq!(reason(&a, "t"), Some(RejectionReason::MarketFull));
}

// ---- fixed holders -------------------------------------------------------------------------

#[test]
fn allocation_fixed_holder_keeps_own_stalls_or_is_told_they_do_not_exist() {
    let a = day(&[&["1", "2", "3"]])
        .soll("first-on-list", |v| v.preferences = prefs(&[("1", 1)]))
        .vpl("holder", &["1", "2"], |_| {})
        .vpl("gone", &["9"], |_| {})
        .vpl("gone-but-flexible", &["8"], |v| v.anywhere = true)
        .run();
    assert_eq!(stalls(&a, "holder"), ["1", "2"]);
    assert_eq!(reason(&a, "gone"), Some(RejectionReason::KraamDoesNotExist));
    assert!(explanation(&a, "gone").contains("Eigen plaats 9 bestaat niet"));
    assert_eq!(stalls(&a, "gone-but-flexible"), ["3"], "another stall was found");
    assert_eq!(reason(&a, "first-on-list"), Some(RejectionReason::MarketFull));
}

#[test]
fn allocation_fixed_holders_move_to_preferences_and_swap() {
    let a = day(&[&["1", "2", "3", "4"]])
        .vpl("a", &["1"], |v| v.preferences = prefs(&[("2", 1)]))
        .vpl("b", &["2"], |v| v.preferences = prefs(&[("1", 1)]))
        .vpl("c", &["3"], |v| v.preferences = prefs(&[("1", 1)]))
        .vendor("eb", RegistrationStatus::Eb, |v| {
            v.own_stalls = vec!["4".into()];
            v.preferences = prefs(&[("1", 1)]);
        })
        .run();
    assert_eq!(stalls(&a, "a"), ["2"]);
    assert_eq!(stalls(&a, "b"), ["1"], "two holders whose stalls are each other's preference swap");
    assert_eq!(stalls(&a, "c"), ["3"], "a less senior holder keeps its own stall when its wish is taken");
    assert_eq!(stalls(&a, "eb"), ["4"], "eb does not move");
    assert!(explanation(&a, "b").contains("Geruild met a"));
}

#[test]
fn allocation_eb_grows_only_onto_preferred_neighbours() {
    let eb = |preferences: &[(&str, i64)]| {
        let preferences = prefs(preferences);
        day(&[&["1", "2", "3"]])
            .vendor("eb", RegistrationStatus::Eb, |v| {
                v.own_stalls = vec!["2".into()];
                v.max_stalls = 2;
                v.preferences = preferences;
            })
            .run()
    };
    assert_eq!(stalls(&eb(&[]), "eb"), ["2"]);
    assert_eq!(stalls(&eb(&[("3", 1)]), "eb"), ["2", "3"]);
}

// ---- branches -------------------------------------------------------------------------------

#[test]
fn allocation_mandatory_branch_vendors_stand_only_on_branch_stalls() {
    let a = day(&[&["1", "2", "3"]])
        .branch("vis", true, None)
        .stall("1", |s| s.branches = vec!["vis".into()])
        .stall("2", |s| s.branches = vec!["vis".into()])
        .soll("senior", |_| {})
        .soll("fish-pair", |v| {
            v.branches = vec!["vis".into()];
            (v.min_stalls, v.max_stalls) = (2, 2);
        })
        .soll("fish-late", |v| v.branches = vec!["vis".into()])
        .run();
    assert_eq!(stalls(&a, "senior"), ["3"], "branch stalls are reserved while the branch is served");
    assert_eq!(stalls(&a, "fish-late"), ["1"], "applicants with minimum 1 enter in round 1");
    assert_eq!(
        reason(&a, "fish-pair"),
        Some(RejectionReason::MinimumUnavailable),
        "stall 3 is free but not of the branch"
    );
}

#[test]
fn allocation_branch_maximum_rejects_and_shares_growth() {
    let a = day(&[&["1", "2", "3", "4", "5", "6", "7"]])
        .branch("agf", false, Some(4))
        .vpl("holder", &["1", "2"], |v| v.branches = vec!["agf".into()])
        .soll("x", |v| {
            v.branches = vec!["agf".into()];
            v.max_stalls = 3;
        })
        .soll("y", |v| {
            v.branches = vec!["agf".into()];
            v.max_stalls = 3;
        })
        .soll("z", |v| v.branches = vec!["agf".into()])
        .run();
    assert_eq!(stalls(&a, "holder").len() + stalls(&a, "x").len() + stalls(&a, "y").len(), 4);
    assert_eq!((stalls(&a, "x").len(), stalls(&a, "y").len()), (1, 1), "one stall each before anyone grows");
    assert_eq!(reason(&a, "z"), Some(RejectionReason::BrancheFull));
    assert!(
        explanation(&a, "z").contains(
            "branche agf: 4 plaatsen toegestaan, 4 bezet, waarvan 2 door vaste plaatsen; vaste plaatsen tellen mee"
        ),
        "{}",
        explanation(&a, "z")
    );
    assert!(
        explanation(&a, "x").contains("maar branche agf is vol (4 plaatsen toegestaan, 4 bezet, waarvan 2"),
        "{}",
        explanation(&a, "x")
    );
}

/// Words of two or more capitals joined by underscores (`BRANCHE_FULL`): the codes of the
/// engines' answers, which no clerk should read.
fn upper_codes(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            let head = w.split('_').next().unwrap_or_default();
            head.len() >= 2 && w.len() > head.len() + 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
        .collect()
}

#[test]
fn fixed_holders_over_a_branch_maximum_are_explained_without_codes() {
    // Fixed holders keep their own stalls: here 3 stalls of a branch allowed 2, so the
    // branch is over its maximum before any applicant comes. The old text said "agf heeft
    // 3 van maximaal 2 plaatsen (BRANCHE_FULL)", which reads as a contradiction.
    let a = day(&[&["1", "2", "3", "4", "5", "6"], &["7"]])
        .branch("agf", false, Some(2))
        .vpl("a", &["1", "2"], |v| v.branches = vec!["agf".into()])
        .vpl("b", &["3"], |v| v.branches = vec!["agf".into()])
        .soll("z", |v| v.branches = vec!["agf".into()])
        .soll("pair", |v| (v.min_stalls, v.max_stalls) = (4, 4))
        .soll("corner", |v| {
            v.anywhere = false;
            v.preferences = prefs(&[("1", 1)]);
        })
        .run();
    assert_eq!(reason(&a, "z"), Some(RejectionReason::BrancheFull));
    let z = explanation(&a, "z");
    assert!(
        z.contains(
            "branche agf: 2 plaatsen toegestaan, 3 al bezet door vaste plaatsen; vaste plaatsen tellen mee voor het maximum"
        ),
        "{z}"
    );
    assert!(z.contains("afgewezen: branche vol."), "the reason in words: {z}");
    assert!(!z.contains("van maximaal"), "no count that contradicts the maximum: {z}");
    assert!(reason(&a, "pair").is_some() && reason(&a, "corner").is_some(), "more reasons to explain");
    for (vendor, text) in &a.explanations {
        assert_eq!(upper_codes(text), Vec::<&str>::new(), "{vendor}: {text}");
    }
    assert_eq!(upper_codes("afgewezen: branche vol (BRANCHE_FULL)."), ["BRANCHE_FULL"], "the check finds a code");
    assert_eq!(upper_codes("een EVI-plaats, A-lijst, 101-AGF"), Vec::<&str>::new(), "words in capitals are no codes");
}

#[test]
fn allocation_own_stalls_count_even_beyond_the_branch_maximum() {
    let a = day(&[&["1", "2", "3"]])
        .branch("agf", false, Some(1))
        .vpl("a", &["1", "2"], |v| v.branches = vec!["agf".into()])
        .vpl("b", &["3"], |v| v.branches = vec!["agf".into()])
        .run();
    assert_eq!((stalls(&a, "a"), stalls(&a, "b")), (vec!["1", "2"], vec!["3"]));
}

#[test]
fn allocation_holder_made_up_to_its_minimum_stops_at_the_branch_maximum() {
    // Found by the property tests: extending own stalls towards the minimum counted the
    // extension against the branch total before it was added (an overflow in debug builds).
    let a = day(&[&["1", "2", "3"]])
        .branch("vis", false, Some(2))
        .vpl("holder", &["1"], |v| {
            v.branches = vec!["vis".into()];
            v.min_stalls = 3;
            v.max_stalls = 3;
        })
        .run();
    assert!(stalls(&a, "holder").is_empty(), "three stalls would break the maximum of 2");
    // Its own stall exists but cannot be made up to a run of its minimum.
    assert_eq!(reason(&a, "holder"), Some(RejectionReason::AdjacentUnavailable));
}

// ---- stall types ---------------------------------------------------------------------------

#[test]
fn allocation_cooking_and_evi_vendors_get_their_stall_types() {
    let a = day(&[&["1", "2", "3", "4"]])
        .stall("1", |s| s.cooking = Cooking::Full)
        .stall("2", |s| s.cooking = Cooking::Light)
        .stall("3", |s| s.evi = true)
        .soll("plain", |_| {})
        .soll("light", |v| v.cooking = Cooking::Light)
        .soll("full", |v| v.cooking = Cooking::Full)
        .soll("evi", |v| v.evi = true)
        .run();
    assert_eq!(stalls(&a, "full"), ["1"]);
    assert_eq!(stalls(&a, "light"), ["2"]);
    assert_eq!(stalls(&a, "evi"), ["3"]);
    assert_eq!(stalls(&a, "plain"), ["4"], "typed stalls are kept for typed vendors");
}

#[test]
fn allocation_bak_serves_bak_licht_but_not_the_other_way_round() {
    let a = day(&[&["1"], &["2"]])
        .stall("1", |s| s.cooking = Cooking::Full)
        .stall("2", |s| s.cooking = Cooking::Light)
        .soll("light", |v| {
            v.cooking = Cooking::Light;
            v.preferences = prefs(&[("1", 1)]);
        })
        .soll("full", |v| v.cooking = Cooking::Full)
        .run();
    assert_eq!(stalls(&a, "full"), ["1"], "bak vendors are served first");
    assert_eq!(stalls(&a, "light"), ["2"]);
    let a =
        day(&[&["1"]]).stall("1", |s| s.cooking = Cooking::Full).soll("light", |v| v.cooking = Cooking::Light).run();
    assert_eq!(stalls(&a, "light"), ["1"]);
    let a = day(&[&["1"]]).stall("1", |s| s.cooking = Cooking::Light).soll("full", |v| v.cooking = Cooking::Full).run();
    assert_eq!(reason(&a, "full"), Some(RejectionReason::PrefNotAvailableAnywhere));
}

#[test]
fn allocation_evi_vendor_needs_evi_stalls_for_every_stall() {
    let a = day(&[&["1", "2"]])
        .stall("1", |s| s.evi = true)
        .soll("evi", |v| {
            v.evi = true;
            v.max_stalls = 2;
        })
        .soll("evi-pair", |v| {
            v.evi = true;
            (v.min_stalls, v.max_stalls) = (2, 2);
        })
        .run();
    assert_eq!(stalls(&a, "evi"), ["1"], "no growth onto a stall without EVI");
    assert!(reason(&a, "evi-pair").is_some());
}

// ---- growth and minimum --------------------------------------------------------------------

#[test]
fn allocation_growth_gives_everyone_k_before_anyone_k_plus_one() {
    let a =
        day(&[&["1", "2", "3", "4"]]).soll("first", |v| v.max_stalls = 3).soll("second", |v| v.max_stalls = 3).run();
    assert_eq!((stalls(&a, "first").len(), stalls(&a, "second").len()), (2, 2));
}

#[test]
fn allocation_growth_round_that_hurts_someone_is_undone() {
    let a = day(&[&["1", "2", "3", "4"]])
        .soll("grower", |v| v.max_stalls = 2)
        .soll("needs-three", |v| (v.min_stalls, v.max_stalls) = (3, 3))
        .run();
    assert_eq!(stalls(&a, "grower").len(), 1);
    assert_eq!(stalls(&a, "needs-three").len(), 3);
    assert!(explanation(&a, "grower").contains("teruggedraaid, omdat needs-three dan minder plaatsen zou krijgen"));
}

/// Art. 3.12 lid 4: "every applicant for a free stall that day" counts, the B-list too.
/// Friday, four stalls in one row: the vpl of stall 1 wants three, and one A-list and two
/// B-list applicants want one each. Three free stalls are not more than three applicants,
/// so nobody grows and every applicant gets a stall.
#[test]
fn no_growth_while_free_stalls_are_not_more_than_the_a_and_b_list_applicants() {
    let a = day(&[&["1", "2", "3", "4"]])
        .ab_lists()
        .vpl("vpl", &["1"], |v| v.max_stalls = 3)
        .soll("a-list", |v| v.a_list = true)
        .soll("b-list-1", |_| {})
        .soll("b-list-2", |_| {})
        .run();
    assert_eq!(stalls(&a, "vpl"), ["1"], "no growth: 3 free stalls, 3 applicants waiting");
    for applicant in ["a-list", "b-list-1", "b-list-2"] {
        assert_eq!(stalls(&a, applicant).len(), 1, "{applicant} gets a stall: {a:#?}");
    }
    assert!(a.rejections.is_empty(), "{:?}", a.rejections);
    assert!(
        explanation(&a, "vpl").contains("niet meer vrije plaatsen dan ondernemers die nog op een plaats wachtten"),
        "{}",
        explanation(&a, "vpl")
    );
    // With a fifth stall there is one more free stall than applicants: the vpl grows by one.
    let a = day(&[&["1", "2", "3", "4", "5"]])
        .ab_lists()
        .vpl("vpl", &["1"], |v| v.max_stalls = 3)
        .soll("a-list", |v| v.a_list = true)
        .soll("b-list-1", |_| {})
        .soll("b-list-2", |_| {})
        .run();
    assert_eq!(stalls(&a, "vpl").len(), 2);
    assert!(a.rejections.is_empty(), "{:?}", a.rejections);
}

#[test]
fn allocation_vendor_entering_at_its_minimum_still_grows() {
    let a = day(&[&["1", "2", "3", "4", "5"]]).soll("late", |v| (v.min_stalls, v.max_stalls) = (2, 3)).run();
    assert_eq!(stalls(&a, "late").len(), 3);
}

#[test]
fn allocation_applicant_below_its_minimum_is_rejected() {
    let a = day(&[&["1"], &["2"], &["3", "4"]])
        .soll("pair", |v| (v.min_stalls, v.max_stalls) = (2, 3))
        .soll("another-pair", |v| (v.min_stalls, v.max_stalls) = (2, 2))
        .soll("single", |v| v.max_stalls = 3)
        .soll("beyond-the-market", |v| (v.min_stalls, v.max_stalls) = (4, 4))
        .run();
    assert_eq!(stalls(&a, "pair"), ["3", "4"], "wanted 3, got the 2 adjacent stalls there are");
    assert_eq!(reason(&a, "another-pair"), Some(RejectionReason::MinimumUnavailable));
    assert_eq!(stalls(&a, "single").len(), 1);
    assert_eq!(reason(&a, "beyond-the-market"), Some(RejectionReason::MinimumUnavailable));
    assert!(explanation(&a, "beyond-the-market").contains("meer dan de 3 plaatsen"));
}

// ---- preferences -----------------------------------------------------------------------

#[test]
fn allocation_preferences_score_and_anywhere() {
    let a = day(&[&["1", "2", "3", "4", "5"]])
        .soll("picky", |v| {
            v.anywhere = false;
            v.preferences = prefs(&[("4", 3), ("5", 2)]);
        })
        .soll("flexible", |_| {})
        .soll("late", |v| v.preferences = prefs(&[("1", 1)]))
        .soll("too-picky", |v| {
            v.anywhere = false;
            v.preferences = prefs(&[("4", 1)]);
        })
        .run();
    assert_eq!(stalls(&a, "picky"), ["4"]);
    assert_eq!(stalls(&a, "flexible"), ["2"], "keeps off stall 1, which an unplaced applicant wants");
    assert_eq!(stalls(&a, "late"), ["1"]);
    assert_eq!(reason(&a, "too-picky"), Some(RejectionReason::PrefNotAvailable));
    assert!(explanation(&a, "too-picky").contains("4 ging naar picky"));
}

// ---- issue 15 item 11: rule families where allocation.md only states the preference rule ----

/// A fixed holder may use fewer of its places than it holds by setting a maximum below
/// their number: it keeps its most preferred own places, the others are free for the day.
#[test]
fn a_vpl_with_a_maximum_below_its_places_keeps_its_most_preferred_own_stall() {
    let a = day(&[&["1", "2"]])
        .vpl("holder", &["1", "2"], |v| {
            (v.min_stalls, v.max_stalls) = (1, 1);
            v.preferences = prefs(&[("2", 2), ("1", 1)]);
        })
        .soll("applicant", |_| {})
        .run();
    assert_eq!(stalls(&a, "holder"), ["2"]);
    assert_eq!(stalls(&a, "applicant"), ["1"], "the own stall it does not use is free for the day");
    assert!(explanation(&a, "holder").contains("maximum van 1"), "{}", explanation(&a, "holder"));
}

#[test]
fn a_vpl_of_three_places_with_a_maximum_of_two_keeps_its_best_two_adjacent_own_stalls() {
    let a = day(&[&["1", "2", "3"]])
        .vpl("holder", &["1", "2", "3"], |v| {
            (v.min_stalls, v.max_stalls) = (1, 2);
            v.preferences = prefs(&[("3", 2), ("2", 1)]);
        })
        .soll("applicant", |_| {})
        .run();
    assert_eq!(stalls(&a, "holder"), ["2", "3"]);
    assert_eq!(stalls(&a, "applicant"), ["1"]);
}

#[test]
fn a_vpl_with_a_maximum_below_its_places_and_no_preferences_keeps_its_first_own_stall() {
    let a = day(&[&["1", "2", "3"]])
        .vpl("holder", &["2", "3"], |v| (v.min_stalls, v.max_stalls) = (1, 1))
        .soll("applicant", |v| {
            v.anywhere = false;
            v.preferences = prefs(&[("3", 1)]);
        })
        .run();
    assert_eq!(stalls(&a, "holder"), ["2"]);
    assert_eq!(stalls(&a, "applicant"), ["3"], "a stall the holder does not use is free for the day");
}

#[test]
fn a_vpl_using_fewer_places_leaves_room_under_the_branch_maximum() {
    let a = day(&[&["1", "2", "3"]])
        .branch("agf", false, Some(2))
        .vpl("holder", &["1", "2"], |v| {
            v.branches = vec!["agf".into()];
            (v.min_stalls, v.max_stalls) = (1, 1);
        })
        .soll("applicant", |v| v.branches = vec!["agf".into()])
        .run();
    assert_eq!(stalls(&a, "holder"), ["1"]);
    assert_eq!(stalls(&a, "applicant").len(), 1, "one stall of the branch maximum of 2 is left");
}

#[test]
fn a_moving_vpl_with_a_maximum_below_its_places_takes_only_its_maximum() {
    let a = day(&[&["1", "2", "3", "4", "5"]])
        .vpl("holder", &["1", "2"], |v| {
            (v.min_stalls, v.max_stalls) = (1, 1);
            v.preferences = prefs(&[("4", 1)]);
        })
        .run();
    assert_eq!(stalls(&a, "holder"), ["4"]);
}

#[test]
fn a_tvplz_keeps_its_number_of_places_whatever_its_maximum() {
    let a = day(&[&["1", "2", "3"]])
        .vendor("tvplz", RegistrationStatus::Tvplz, |v| {
            v.own_stalls = vec!["x".into(), "y".into()];
            v.max_stalls = 1;
        })
        .run();
    assert_eq!(stalls(&a, "tvplz").len(), 2);
}

/// Among runs equal on preferences, the stall whose branches and type fit the vendor best
/// wins, so that vendors with fewer options still fit.
#[test]
fn a_vendor_of_two_branches_takes_the_stall_of_both_and_leaves_the_single_branch_stall() {
    let a = day(&[&["1", "2"]])
        .branch("a", true, None)
        .branch("b", true, None)
        .stall("1", |s| s.branches = vec!["a".into()])
        .stall("2", |s| s.branches = vec!["a".into(), "b".into()])
        .soll("ab", |v| v.branches = vec!["a".into(), "b".into()])
        .soll("a", |v| v.branches = vec!["a".into()])
        .run();
    assert_eq!(stalls(&a, "ab"), ["2"]);
    assert_eq!(stalls(&a, "a"), ["1"]);
}

#[test]
fn a_vendor_of_two_branches_leaves_the_shared_stall_to_a_vendor_of_the_other_branch() {
    let a = day(&[&["1", "2"]])
        .branch("a", true, None)
        .branch("b", true, None)
        .stall("1", |s| s.branches = vec!["a".into(), "b".into()])
        .stall("2", |s| s.branches = vec!["a".into()])
        .soll("ab", |v| v.branches = vec!["a".into(), "b".into()])
        .soll("b", |v| v.branches = vec!["b".into()])
        .run();
    assert_eq!(stalls(&a, "ab"), ["2"]);
    assert_eq!(stalls(&a, "b"), ["1"], "the only stall a vendor of b can use");
}

#[test]
fn an_evi_vendor_of_a_branch_takes_the_evi_stall_of_its_branch() {
    let a = day(&[&["1", "2", "3"]])
        .branch("x", false, None)
        .stall("1", |s| s.evi = true)
        .stall("2", |s| {
            s.evi = true;
            s.branches = vec!["x".into()];
        })
        .soll("evi-x", |v| {
            v.evi = true;
            v.branches = vec!["x".into()];
        })
        .soll("plain", |v| v.preferences = prefs(&[("2", 1)]))
        .run();
    assert_eq!(stalls(&a, "evi-x"), ["2"], "its branch fits before another applicant's wish");
    assert_eq!(stalls(&a, "plain").len(), 1);
}

/// The A-list is served before the B-list: an A-list applicant is not steered off a
/// stall that only a B-list vendor of a mandatory branch could use (example case ts-009).
#[test]
fn an_a_list_applicant_is_not_steered_off_a_branch_stall_a_b_list_vendor_needs() {
    let a = day(&[&["1", "2"]])
        .ab_lists()
        .branch("vis", true, None)
        .stall("1", |s| s.branches = vec!["vis".into()])
        .soll("plain", |v| v.a_list = true)
        .soll("fish", |v| v.branches = vec!["vis".into()])
        .run();
    assert_eq!(stalls(&a, "plain"), ["1"]);
    assert_eq!(reason(&a, "fish"), Some(RejectionReason::PrefNotAvailableAnywhere));
}

#[test]
fn a_preference_outweighs_the_fit_of_a_stall() {
    let a = day(&[&["1", "2"]])
        .branch("a", true, None)
        .branch("b", true, None)
        .stall("1", |s| s.branches = vec!["a".into()])
        .stall("2", |s| s.branches = vec!["a".into(), "b".into()])
        .soll("ab", |v| {
            v.branches = vec!["a".into(), "b".into()];
            v.preferences = prefs(&[("1", 1)]);
        })
        .soll("a", |v| v.branches = vec!["a".into()])
        .run();
    assert_eq!(stalls(&a, "ab"), ["1"], "fit is a tie-break, not above the vendor's own wish");
    assert_eq!(stalls(&a, "a"), ["2"]);
}

/// With competing minimums, the allocation that rejects the fewest vendors wins over one
/// that gives a senior vendor its wish.
#[test]
fn fewest_rejections_win_when_a_single_took_the_first_choice_of_a_pair() {
    // KiesJeKraam issue 815, third scenario.
    let a = day(&[&["1", "2", "3"]])
        .soll("pair", |v| {
            (v.min_stalls, v.max_stalls) = (2, 2);
            v.preferences = prefs(&[("1", 1)]);
        })
        .soll("single", |v| v.max_stalls = 2)
        .soll("late-pair", |v| (v.min_stalls, v.max_stalls) = (2, 2))
        .run();
    assert_eq!(stalls(&a, "pair"), ["1", "2"]);
    assert_eq!(stalls(&a, "single"), ["3"]);
    assert_eq!(reason(&a, "late-pair"), Some(RejectionReason::MarketFull));
    assert!(explanation(&a, "single").contains("zodat pair het minimum van 2"), "{}", explanation(&a, "single"));
}

#[test]
fn fewest_rejections_win_over_the_middle_run_a_senior_pair_prefers() {
    let a = day(&[&["1", "2", "3", "4"]])
        .soll("senior", |v| {
            (v.min_stalls, v.max_stalls) = (2, 2);
            v.preferences = prefs(&[("2", 2), ("3", 1)]);
        })
        .soll("junior", |v| (v.min_stalls, v.max_stalls) = (2, 2))
        .run();
    assert_eq!(a.rejections, vec![], "both pairs fit in four stalls");
    assert!(stalls(&a, "senior").iter().any(|s| ["2", "3"].contains(s)), "the senior keeps one preferred stall");
    assert!(explanation(&a, "senior").contains("junior"), "{}", explanation(&a, "senior"));
}

#[test]
fn fewest_rejections_move_an_applicant_not_accepting_any_stall_to_another_preferred_stall() {
    let a = day(&[&["1", "2", "3"]])
        .soll("picky", |v| {
            v.anywhere = false;
            v.preferences = prefs(&[("2", 2), ("1", 1)]);
        })
        .soll("pair", |v| (v.min_stalls, v.max_stalls) = (2, 2))
        .run();
    assert_eq!(stalls(&a, "picky"), ["1"]);
    assert_eq!(stalls(&a, "pair"), ["2", "3"]);
}

#[test]
fn fewest_rejections_within_a_mandatory_branch() {
    let a = day(&[&["1", "2", "3"]])
        .branch("vis", true, None)
        .stall("1", |s| s.branches = vec!["vis".into()])
        .stall("2", |s| s.branches = vec!["vis".into()])
        .stall("3", |s| s.branches = vec!["vis".into()])
        .soll("fish", |v| {
            v.branches = vec!["vis".into()];
            v.preferences = prefs(&[("2", 1)]);
        })
        .soll("fish-pair", |v| {
            v.branches = vec!["vis".into()];
            (v.min_stalls, v.max_stalls) = (2, 2);
        })
        .run();
    assert_eq!(a.rejections, vec![]);
    assert_eq!(stalls(&a, "fish-pair").len(), 2);
}

#[test]
fn a_holder_on_its_own_stall_is_never_moved_for_an_applicants_minimum() {
    let a = day(&[&["1", "2", "3"]])
        .vpl("holder", &["2"], |_| {})
        .soll("pair", |v| (v.min_stalls, v.max_stalls) = (2, 2))
        .run();
    assert_eq!(stalls(&a, "holder"), ["2"]);
    assert_eq!(reason(&a, "pair"), Some(RejectionReason::MinimumUnavailable));
}

/// The last free stall of a (mandatory) branch goes to that branch's vendor, even as its
/// second stall, before a vendor of another branch gets a first stall there.
#[test]
fn the_last_free_stall_of_a_branch_goes_to_its_vendor_as_a_second_stall() {
    let a = day(&[&["1", "2"]])
        .branch("vis", true, None)
        .stall("1", |s| s.branches = vec!["vis".into()])
        .stall("2", |s| s.branches = vec!["vis".into()])
        .soll("plain", |_| {})
        .soll("fish", |v| {
            v.branches = vec!["vis".into()];
            v.max_stalls = 2;
        })
        .run();
    assert_eq!(stalls(&a, "fish"), ["1", "2"]);
    assert!(reason(&a, "plain").is_some());
    assert!(explanation(&a, "plain").contains("vis"), "{}", explanation(&a, "plain"));
}

#[test]
fn the_last_free_stall_of_a_branch_is_kept_for_a_fixed_holder_of_the_branch() {
    let a = day(&[&["1", "2", "3"]])
        .branch("vis", true, None)
        .stall("2", |s| s.branches = vec!["vis".into()])
        .stall("3", |s| s.branches = vec!["vis".into()])
        .vpl("fishmonger", &["3"], |v| {
            v.branches = vec!["vis".into()];
            v.max_stalls = 2;
        })
        .soll("plain", |v| v.preferences = prefs(&[("2", 1)]))
        .soll("late", |_| {})
        .run();
    assert_eq!(stalls(&a, "fishmonger"), ["2", "3"]);
    assert_eq!(stalls(&a, "plain"), ["1"]);
    assert!(reason(&a, "late").is_some());
}

#[test]
fn a_branch_stall_goes_to_another_vendor_when_no_vendor_of_the_branch_can_grow_onto_it() {
    let a = day(&[&["1", "2"]])
        .branch("vis", true, None)
        .stall("1", |s| s.branches = vec!["vis".into()])
        .stall("2", |s| s.branches = vec!["vis".into()])
        .soll("plain", |_| {})
        .soll("fish", |v| v.branches = vec!["vis".into()])
        .run();
    assert_eq!(stalls(&a, "fish").len(), 1);
    assert_eq!(stalls(&a, "plain").len(), 1, "the fish vendor wants one stall only");
}

#[test]
fn a_branch_stall_is_not_kept_while_another_stall_of_the_branch_is_free() {
    let a = day(&[&["1", "2", "3"]])
        .branch("vis", true, None)
        .stall("1", |s| s.branches = vec!["vis".into()])
        .stall("2", |s| s.branches = vec!["vis".into()])
        .stall("3", |s| s.branches = vec!["vis".into()])
        .soll("fish", |v| {
            v.branches = vec!["vis".into()];
            v.max_stalls = 2;
            v.preferences = prefs(&[("2", 1)]);
        })
        .soll("plain", |_| {})
        .run();
    assert_eq!(stalls(&a, "plain").len(), 1, "two free stalls of the branch, one vendor to grow onto one");
    assert_eq!(stalls(&a, "fish").len(), 2);
}

// ---- determinism and the case checks ----------------------------------------------------

/// A market of `stalls` stalls in rows of 10 with `vendors` vendors of every kind, made
/// from a fixed seed so every run sees the same market.
pub(crate) fn generated(stalls: usize, vendors: usize, seed: u64) -> AllocationInput {
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n.max(1)
    };
    let ids: Vec<String> = (1..=stalls).map(|i| i.to_string()).collect();
    let rows: Vec<&[String]> = ids.chunks(10).collect();
    let mut d = Day(day(&[]).0);
    d.0.market.max_stalls_per_vendor = Some(4);
    d.0.market.ab_lists = true;
    d.0.branches = vec![
        Branch { id: "agf".into(), mandatory: true, max_stalls: Some((stalls / 10) as u32) },
        Branch { id: "vis".into(), mandatory: false, max_stalls: Some((stalls / 20) as u32) },
        Branch { id: "kaas".into(), mandatory: false, max_stalls: None },
    ];
    for (r, row) in rows.iter().enumerate() {
        d.0.rows.push(StallRow { stalls: row.iter().map(|s| StallId(s.clone())).collect(), circular: r % 7 == 6 });
        for (i, id) in row.iter().enumerate() {
            d.0.stalls.push(Stall {
                id: StallId(id.clone()),
                branches: if r % 5 == 0 { vec!["agf".into()] } else { vec![] },
                cooking: [Cooking::None, Cooking::None, Cooking::None, Cooking::Light, Cooking::Full][next(5)],
                evi: next(10) == 0,
                blocked: next(40) == 0,
                properties: vec![],
            });
            if i == 4 && next(3) == 0 {
                d.0.obstacles.push(Obstacle { between: (StallId(id.clone()), StallId(row[5].clone())), kinds: vec![] });
            }
        }
    }
    let holders = vendors / 4;
    let mut own = (0..stalls).collect::<Vec<_>>();
    for i in 0..vendors {
        let status = match i {
            _ if i < holders => [RegistrationStatus::Vpl, RegistrationStatus::Tvpl, RegistrationStatus::Eb][next(3)],
            _ if i < holders + holders / 10 => RegistrationStatus::Tvplz,
            _ => RegistrationStatus::Soll,
        };
        d = d.vendor(&format!("v{i:05}"), status, |v| {
            v.list_number = next(vendors * 2) as u64;
            if status == RegistrationStatus::Soll {
                v.attendance = if next(4) == 0 { Attendance::Unspecified } else { Attendance::Present };
                v.a_list = next(3) == 0;
            } else if next(15) == 0 {
                v.attendance = Attendance::Absent;
            }
            if status != RegistrationStatus::Soll && !own.is_empty() {
                let n = 1 + next(2);
                let at = next(own.len());
                for k in 0..n.min(own.len() - at) {
                    v.own_stalls.push(StallId((own[at + k] + 1).to_string()));
                }
                own.drain(at..at + v.own_stalls.len());
                if next(30) == 0 {
                    v.own_stalls.push("999x".into());
                }
            }
            v.branches = match next(6) {
                0 => vec!["agf".into()],
                1 => vec!["vis".into()],
                2 => vec!["kaas".into()],
                _ => vec![],
            };
            v.cooking =
                [Cooking::None, Cooking::None, Cooking::None, Cooking::None, Cooking::Light, Cooking::Full][next(6)];
            v.evi = next(12) == 0;
            v.min_stalls = 1 + u32::from(next(6) == 0);
            v.max_stalls = v.min_stalls + next(3) as u32;
            v.anywhere = next(3) != 0;
            v.preferences = (0..next(5))
                .map(|k| Preference { stall: StallId((next(stalls) + 1).to_string()), priority: 10 - k as i64 })
                .collect();
        });
    }
    d.0
}

#[test]
fn allocation_is_deterministic_whatever_the_input_order() {
    let input = generated(120, 300, 7);
    let a = allocate(&input);
    assert!(invariants(&input, &a).is_empty(), "{:?}", invariants(&input, &a));
    let mut shuffled = input.clone();
    shuffled.vendors.reverse();
    shuffled.stalls.reverse();
    shuffled.branches.reverse();
    let b = allocate(&shuffled);
    assert_eq!(a.assignments, b.assignments);
    assert_eq!(a.rejections, b.rejections);
    assert_eq!(a.not_participating, b.not_participating);
    assert_eq!(a, allocate(&input), "the same input twice");
    assert!(a.assignments.len() > 50 && !a.rejections.is_empty(), "the generated market exercises the engine");
}

#[test]
fn allocation_invariants_hold_on_generated_markets() {
    for seed in 1..=12 {
        let input = generated(60 + 10 * seed as usize, 40 + 25 * seed as usize, seed);
        let a = allocate(&input);
        let broken = invariants(&input, &a);
        assert!(broken.is_empty(), "seed {seed}: {broken:?}");
        assert_eq!(a.explanations.len(), a.assignments.len() + a.rejections.len() + a.not_participating.len());
    }
}

#[test]
fn allocation_checker_catches_broken_allocations() {
    let input = day(&[&["1", "2", "3"], &["4"]])
        .stall("3", |s| s.blocked = true)
        .branch("agf", false, Some(1))
        .vpl("holder", &["1"], |v| v.branches = vec!["agf".into()])
        .soll("a", |v| v.branches = vec!["agf".into()])
        .soll("b", |_| {})
        .0;
    let assignment =
        |v: &str, s: &[&str]| Assignment { vendor: v.into(), stalls: s.iter().map(|&s| s.into()).collect() };
    let broken = Allocation {
        assignments: vec![assignment("a", &["1", "2"]), assignment("b", &["2", "4"]), assignment("x", &["3"])],
        ..Allocation::default()
    };
    let found: std::collections::BTreeSet<Invariant> =
        invariants(&input, &broken).iter().map(|v| v.invariant).collect();
    use Invariant::*;
    for expected in [OneOutcome, StallOnce, UsableStall, OneRun, WithinBounds, OwnStallsKept, BranchMaximum] {
        assert!(found.contains(&expected), "{expected} not found in {found:?}");
    }
    let check = Check::Stalls { vendor: "a".into(), equals: ["1".into()].into() };
    assert_eq!(check.evaluate(&input, &broken), Err("stalls of a: expected [1], got [1, 2]".to_string()));
}

#[test]
fn allocation_large_market_stays_fast_and_sound() {
    let input = generated(1000, 5000, 3);
    let started = std::time::Instant::now();
    let a = allocate(&input);
    let took = started.elapsed();
    eprintln!("1000 stalls, 5000 vendors: {took:?}");
    assert!(invariants(&input, &a).is_empty(), "{:?}", invariants(&input, &a));
    // Even unoptimised this takes well under a second; ten seconds means something went
    // quadratic, not that the machine is busy.
    assert!(took.as_secs() < 10, "allocation took {took:?}");
}

// ---- the case format -----------------------------------------------------------------

const CASE: &str = r#"{
  "format": "market-allocation-case/1", "id": "t", "title": "test", "note": "unknown keys are ignored",
  "input": {
    "market": { "id": "1", "date": "2026-11-27", "ab_list_active": false, "max_stalls_per_vendor": 2 },
    "branches": [],
    "stalls": [ { "id": "1", "branches": [], "bak": "none", "evi": false, "blocked": false },
                { "id": "2", "bak": "bak-licht", "colour": "red" },
                { "id": "3" } ],
    "rows": [ { "stalls": ["3", "2", "1"], "circular": false } ],
    "obstacles": [],
    "vendors": [
      { "id": "b", "priority_number": 2, "status": "soll", "attendance": "present", "max_stalls": 2, "anywhere": true,
        "preferences": [ { "stall": "1", "priority": 5 } ] },
      { "id": "a", "priority_number": 1, "status": "vpl", "own_stalls": ["3"], "bak": "none" },
      { "id": "c", "priority_number": 3, "status": "soll", "attendance": "present", "anywhere": false,
        "preferences": [ { "stall": "3", "priority": 1 } ] },
      { "id": "d", "priority_number": 4, "status": "soll", "attendance": "unspecified" } ] } }"#;

fn case_error(from: &str, to: &str) -> case::CaseError {
    assert!(CASE.contains(from), "the test case contains {from}");
    case::parse_case(&CASE.replacen(from, to, 1)).expect_err("a broken case")
}

#[test]
fn allocation_case_errors_name_the_json_path() {
    assert!(case::parse_case(CASE).is_ok());
    let e = case_error(r#""status": "vpl""#, r#""status": "vlp""#);
    assert_eq!(e.path, "input.vendors[1].status");
    assert!(e.message.contains("vlp"), "{e}");
    assert_eq!(case_error(r#""2026-11-27""#, r#""27-11-2026""#).path, "input.market.date");
    assert_eq!(case_error(r#""bak": "bak-licht""#, r#""bak": "frituur""#).path, "input.stalls[1].bak");
    assert_eq!(case_error(r#"["3", "2", "1"]"#, r#"["3", "2", "9"]"#).path, "input.rows[0].stalls[2]");
    assert_eq!(
        case_error(r#""priority_number": 2"#, r#""priority_number": "2""#).path,
        "input.vendors[0].priority_number"
    );
    assert_eq!(case_error("allocation-case/1", "allocation-case/2").path, "format");
    let (code, message) = case::run_case("{").expect_err("not JSON");
    assert_eq!(code, "invalid_case");
    assert!(message.contains("EOF"), "{message}");
}

#[test]
fn allocation_answer_json_follows_allocation_md() {
    let answer = case::run_case(CASE).expect("a valid case");
    let assignments = answer["assignments"].as_array().expect("assignments");
    let vendors: Vec<&str> = assignments.iter().filter_map(|a| a["vendor"].as_str()).collect();
    assert_eq!(vendors, ["a", "b"], "sorted by vendor id");
    assert_eq!(assignments[1]["stalls"], serde_json::json!(["2", "1"]), "stalls in row order");
    assert!(assignments[1]["explanation"].as_str().is_some_and(|t| t.contains("1 (1e keus)")));
    let rejection = &answer["rejections"][0];
    assert_eq!((rejection["vendor"].as_str(), rejection["reason"].as_str()), (Some("c"), Some("PREF_NOT_AVAILABLE")));
    assert_eq!(rejection["code"], 6);
    assert!(rejection["explanation"].as_str().is_some_and(|t| t.contains("3 ging naar a")));
    assert_eq!(answer["not_participating"], serde_json::json!(["d"]));
    let explanations = answer["explanations"].as_object().expect("explanations");
    assert_eq!(explanations.keys().collect::<Vec<_>>(), ["a", "b", "c", "d"]);
}

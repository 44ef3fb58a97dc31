//! The stored allocation of a market day: running from the database, every vendor
//! explained, overrides and each of their validations, publishing and versions.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use markt::allocation::day::{self, Change, DayAllocation, OverrideInput, Version};
use markt::allocation::verify::invariants;
use markt::attendance::{self, AbsenceInput, SignOn};
use markt::branch;
use markt::code::*;
use markt::error::{FieldError, Problem};
use markt::ids::*;
use markt::market::{self, MarketInput};
use markt::registration::{self, PreferencesInput, RegistrationInput};
use markt::vendor;
use markt::{Error, audit};

/// Before the cut-off of the fixture's market day.
fn before_cutoff() -> DateTime<Utc> {
    at("2026-03-02", 10)
}

/// The clerk's time: the afternoon before the market day.
fn now() -> DateTime<Utc> {
    at("2026-03-03", 16)
}

fn sign_on(f: &mut Fixture, vendor: VendorId, day: &str, attends: bool) {
    let sup = f.supervisor.clone();
    let input = SignOn { vendor, market: f.market, day: d(day), attends, reason: None };
    attendance::record(&mut f.store, &sup, at("2026-03-01", 10), &input).unwrap();
}

fn preferences(f: &mut Fixture, vendor: VendorId, max: i64, stalls: &[usize], branch: Option<BranchId>) {
    let senior = f.senior.clone();
    let input = PreferencesInput {
        vendor,
        market: f.market,
        branch,
        min_stalls: 1,
        max_stalls: max,
        cooking: Cooking::None,
        evi: false,
        anywhere: true,
        stalls: stalls.iter().map(|&i| f.stalls[i]).collect(),
    };
    registration::set_preferences(&mut f.store, &senior, before_cutoff(), &input).unwrap();
}

/// A second applicant (list number 3) on the fixture's market.
fn second_applicant(f: &mut Fixture) -> VendorId {
    let senior = f.senior.clone();
    let v = vendor::create(&mut f.store, &senior, before_cutoff(), &vendor_input("1985050501", "Smit")).unwrap();
    let input = RegistrationInput {
        vendor: v,
        market: f.market,
        list_number: 3,
        status: RegistrationStatus::Soll,
        registered_on: d("2021-01-01"),
        places: None,
        stalls: vec![],
        products: vec![],
    };
    registration::create(&mut f.store, &senior, before_cutoff(), &input).unwrap();
    v
}

/// The fixture with the applicant signed on (wanting stall 4), a second applicant who did
/// not sign on, and the day allocated: the holder on 1 and 2, the applicant on 4.
fn allocated() -> (Fixture, Version) {
    let mut f = fixture();
    second_applicant(&mut f);
    let applicant = f.applicant;
    sign_on(&mut f, applicant, DAY, true);
    preferences(&mut f, applicant, 1, &[3], None);
    let senior = f.senior.clone();
    let market = f.market;
    let v = day::run(&mut f.store, &senior, now(), market, d(DAY)).unwrap();
    (f, v)
}

/// The second applicant of [`allocated`].
fn late(f: &mut Fixture) -> VendorId {
    current(f).results.iter().find(|r| r.list_number == 3).expect("the second applicant").vendor
}

fn current(f: &mut Fixture) -> DayAllocation {
    day::current(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().expect("the day is allocated")
}

fn numbers(a: &DayAllocation, vendor: VendorId) -> Vec<String> {
    a.result_of(vendor).expect("vendor in the allocation").stalls.iter().map(|s| s.number.to_string()).collect()
}

fn change(f: &mut Fixture, v: &Version, change: Change, reason: &str, rule: Option<&str>) -> markt::Result<Version> {
    let senior = f.senior.clone();
    let input =
        OverrideInput { allocation: v.id, change, reason: reason.into(), override_rule: rule.map(str::to_string) };
    day::override_(&mut f.store, &senior, now(), &input)
}

/// The field errors of a refused override, as (field, problem).
fn refused(r: markt::Result<Version>) -> Vec<(String, Problem)> {
    match r {
        Err(Error::Invalid(inv)) => {
            inv.0.into_iter().map(|FieldError { field, problem, .. }| (field, problem)).collect()
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn count(f: &Fixture, sql: &str) -> i64 {
    f.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

// ── Running ──────────────────────────────────────────────────────────────────────────────

#[test]
fn a_run_stores_a_draft_with_every_vendor_explained() {
    let (mut f, v) = allocated();
    let (holder, applicant, stranger) = (f.holder, f.applicant, f.stranger);
    assert_eq!((v.number, v.state, v.based_on), (1, AllocationState::Draft, None));
    let a = current(&mut f);
    assert_eq!(a.version, v);
    assert_eq!(numbers(&a, holder), ["1", "2"], "the fixed holder keeps its stalls");
    assert_eq!(numbers(&a, applicant), ["4"], "the applicant gets its preference");
    assert!(a.result_of(stranger).is_none(), "a vendor without a registration is not in the allocation");
    for r in &a.results {
        assert!(!r.explanation.is_empty(), "{} has no explanation", r.registration_number);
    }
    assert_eq!(a.count(AllocationOutcome::Assigned), 2);
    assert_eq!(a.count(AllocationOutcome::NotParticipating), 1, "the second applicant did not sign on");
    let holder = a.result_of(holder).unwrap();
    assert_eq!((holder.status, holder.list_number), (RegistrationStatus::Vpl, 1));
    assert!(holder.explanation.contains("ingedeeld op plaatsen 1, 2"), "{}", holder.explanation);
    let input = day::input(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert!(invariants(&input.input, &a.to_engine()).is_empty());
    let log = audit::for_entity(&mut f.store, &f.admin, "allocation", &v.id.to_string()).unwrap();
    assert_eq!(log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["allocation.run"]);
}

#[test]
fn who_takes_part_follows_attendance_and_every_absence_is_explained() {
    let mut f = fixture();
    let (holder, applicant) = (f.holder, f.applicant);
    let late = second_applicant(&mut f);
    // The holder is away, the first applicant did not sign on, the second comes by pattern.
    let sup = f.supervisor.clone();
    let away = AbsenceInput {
        vendor: holder,
        market: f.market,
        from: d("2026-03-01"),
        until: d("2026-03-10"),
        reason: "vakantie".into(),
    };
    attendance::add_absence(&mut f.store, &sup, before_cutoff(), &away).unwrap();
    attendance::set_pattern(
        &mut f.store,
        &sup,
        before_cutoff(),
        late,
        f.market,
        Weekdays::parse_list("wo").unwrap(),
        None,
    )
    .unwrap();
    let senior = f.senior.clone();
    day::run(&mut f.store, &senior, now(), f.market, d(DAY)).unwrap();
    let a = current(&mut f);
    let away = a.result_of(holder).unwrap();
    assert_eq!(away.outcome, AllocationOutcome::NotParticipating);
    assert!(away.explanation.contains("afwezig van 01-03-2026 tot en met 10-03-2026"), "{}", away.explanation);
    let not_signed_on = a.result_of(applicant).unwrap();
    assert_eq!(not_signed_on.outcome, AllocationOutcome::NotParticipating);
    assert!(not_signed_on.explanation.contains("niet aangemeld"), "{}", not_signed_on.explanation);
    assert_eq!(a.result_of(late).unwrap().outcome, AllocationOutcome::Assigned, "the pattern signs it on");
    assert_eq!(a.count(AllocationOutcome::Assigned), 1);

    // A signed-off holder, and a pattern without the day, each say so.
    let next = "2026-03-11";
    sign_on(&mut f, holder, next, false);
    let sup = f.supervisor.clone();
    let m = f.market;
    let week = MarketInput { weekdays: Weekdays::parse_list("wo,za").unwrap(), ..market_input("WM") };
    let admin = f.admin.clone();
    market::update(&mut f.store, &admin, before_cutoff(), m, &week).unwrap();
    attendance::set_pattern(&mut f.store, &sup, before_cutoff(), late, m, Weekdays::parse_list("za").unwrap(), None)
        .unwrap();
    day::run(&mut f.store, &senior, now(), m, d(next)).unwrap();
    let a = day::current(&mut f.store, &f.admin, m, d(next)).unwrap().unwrap();
    assert!(a.result_of(holder).unwrap().explanation.contains("afgemeld voor 11-03-2026"));
    let late = a.result_of(late).unwrap();
    assert_eq!(late.outcome, AllocationOutcome::NotParticipating);
    assert!(late.explanation.contains("weekpatroon (za) niet op woensdag"), "{}", late.explanation);
}

/// allocation.md: a `tvplz` is entitled to as many stalls as it holds places, anywhere. The
/// number is its registration's, not the minimum its preferences wish for.
#[test]
fn a_tvplz_is_entitled_to_the_places_its_registration_holds() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let v = vendor::create(&mut f.store, &senior, before_cutoff(), &vendor_input("1985050501", "Smit")).unwrap();
    let mut input = RegistrationInput {
        vendor: v,
        market: f.market,
        list_number: 3,
        status: RegistrationStatus::Tvplz,
        registered_on: d("2021-01-01"),
        places: None,
        stalls: vec![],
        products: vec![],
    };
    let err = registration::create(&mut f.store, &senior, before_cutoff(), &input).unwrap_err();
    let fields = err.field_errors();
    assert_eq!((fields[0].field.as_str(), fields[0].problem), ("places", Problem::Required), "{err}");
    assert!(fields[0].message.contains("aantal plaatsen"), "the field is named in Dutch: {}", fields[0].message);
    input.places = Some(9);
    let err = registration::create(&mut f.store, &senior, before_cutoff(), &input).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "places", "more than the market's maximum of 3");
    let soll = RegistrationInput { status: RegistrationStatus::Soll, places: Some(2), ..input.clone() };
    let err = registration::create(&mut f.store, &senior, before_cutoff(), &soll).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "places", "only a tvplz has places");

    input.places = Some(2);
    let id = registration::create(&mut f.store, &senior, before_cutoff(), &input).unwrap();
    assert_eq!(registration::get(&mut f.store, &f.admin, id).unwrap().places, Some(2));
    // The vendor wishes for one stall: the wish does not take a place away.
    preferences(&mut f, v, 1, &[], None);
    let market = f.market;
    day::run(&mut f.store, &senior, now(), market, d(DAY)).unwrap();
    let a = current(&mut f);
    assert_eq!(numbers(&a, v).len(), 2, "two places, two stalls: {:?}", numbers(&a, v));
}

/// Migration 8: a tvplz stored before it gets the number the allocation used until then,
/// its preferences' minimum (1 without preferences), so no allocation changes by it.
#[test]
fn a_tvplz_stored_before_schema_8_gets_the_minimum_its_preferences_gave() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("markt.sqlite");
    let mut f = fixture_in(markt::Store::open(&path).unwrap());
    let senior = f.senior.clone();
    let mut ids = Vec::new();
    for (i, (number, min)) in [("1985050501", Some(2)), ("1985050502", None)].into_iter().enumerate() {
        let v = vendor::create(&mut f.store, &senior, before_cutoff(), &vendor_input(number, "Smit")).unwrap();
        let input = RegistrationInput {
            vendor: v,
            market: f.market,
            list_number: 3 + i as i64,
            status: RegistrationStatus::Tvplz,
            registered_on: d("2021-01-01"),
            places: Some(3),
            stalls: vec![],
            products: vec![],
        };
        ids.push(registration::create(&mut f.store, &senior, before_cutoff(), &input).unwrap());
        if let Some(min) = min {
            let prefs = PreferencesInput {
                vendor: v,
                market: f.market,
                branch: None,
                min_stalls: min,
                max_stalls: 3,
                cooking: Cooking::None,
                evi: false,
                anywhere: true,
                stalls: vec![],
            };
            registration::set_preferences(&mut f.store, &senior, before_cutoff(), &prefs).unwrap();
        }
    }
    let holder_registration = f.holder_registration;
    drop(f);
    // The file as schema 7 left it.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(&format!(
        "{UNDO_SCHEMA_13}
{UNDO_SCHEMA_12}
{UNDO_SCHEMA_11}
{UNDO_SCHEMA_10}
{UNDO_SCHEMA_9}
{}",
        "DROP TRIGGER registration_places_insert;
         DROP TRIGGER registration_places_update;
         ALTER TABLE registration DROP COLUMN places;
         PRAGMA user_version = 7;"
    ))
    .unwrap();
    drop(c);
    let mut store = markt::Store::open(&path).unwrap();
    let admin = markt::account::login(&mut store, "beheer", PASSWORD, before_cutoff()).unwrap();
    assert_eq!(registration::get(&mut store, &admin, ids[0]).unwrap().places, Some(2), "the preferences' minimum");
    assert_eq!(registration::get(&mut store, &admin, ids[1]).unwrap().places, Some(1), "no preferences: one");
    let holder = registration::get(&mut store, &admin, holder_registration).unwrap();
    assert_eq!((holder.status, holder.places), (RegistrationStatus::Vpl, None), "only a tvplz has places");
}

#[test]
fn a_day_the_market_is_not_held_is_refused() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let err = day::run(&mut f.store, &senior, now(), f.market, d("2026-03-05")).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "day", "{err}");
    assert!(day::versions(&mut f.store, &f.admin, f.market, d("2026-03-05")).unwrap().is_empty());
}

#[test]
fn the_same_database_gives_the_same_stored_result_and_every_run_is_a_version() {
    let (mut f, first) = allocated();
    let senior = f.senior.clone();
    let second = day::run(&mut f.store, &senior, now(), f.market, d(DAY)).unwrap();
    assert_eq!(second.number, 2);
    let versions = day::versions(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(versions.iter().map(|v| v.number).collect::<Vec<_>>(), [1, 2], "the first draft is kept");
    let a = day::get(&mut f.store, &f.admin, first.id).unwrap();
    let b = day::get(&mut f.store, &f.admin, second.id).unwrap();
    assert_eq!(a.results, b.results, "same database state, same stored result");
}

#[test]
fn a_b_lists_come_from_the_permits_of_monday_to_thursday() {
    let mut f = fixture();
    let applicant = f.applicant;
    let (first, second) = (applicant, second_applicant(&mut f));
    let admin = f.admin.clone();
    let daily = MarketInput {
        weekdays: Weekdays::parse_list("ma,di,wo,do,vr,za").unwrap(),
        ab_lists: true,
        ..market_input("WM")
    };
    let m = f.market;
    market::update(&mut f.store, &admin, before_cutoff(), m, &daily).unwrap();
    // The first applicant stood Monday to Thursday; the second on none of those days.
    for (day, vendors) in [
        ("2026-03-02", vec![first]),
        ("2026-03-03", vec![first]),
        ("2026-03-04", vec![first]),
        ("2026-03-05", vec![first]),
    ] {
        for v in vendors {
            let mut input = f.permit_input(v);
            input.day = d(day);
            let sup = f.supervisor.clone();
            markt::permit::issue(&mut f.store, &sup, at(day, 8), &input).unwrap();
        }
    }
    let a_list = |f: &mut Fixture, day: &str| {
        let input = day::input(&mut f.store, &f.admin, m, d(day)).unwrap();
        let on: Vec<bool> =
            [first, second].iter().map(|v| input.vendors.values().find(|p| p.vendor == *v).unwrap().a_list).collect();
        (input.input.market.ab_lists, on)
    };
    assert_eq!(a_list(&mut f, "2026-03-07"), (true, vec![true, false]), "Saturday: A-list and B-list");
    assert_eq!(a_list(&mut f, "2026-03-06"), (true, vec![true, false]), "Friday too");
    assert_eq!(a_list(&mut f, "2026-03-04"), (false, vec![false, false]), "not on a Wednesday");
    let plain = MarketInput { ab_lists: false, ..daily };
    market::update(&mut f.store, &admin, before_cutoff(), m, &plain).unwrap();
    assert_eq!(a_list(&mut f, "2026-03-07"), (false, vec![false, false]), "not on a market without A/B lists");
}

/// Art. 3.10 lid 2a: standing "op een andere dag in dezelfde week" is enough. Monday is a
/// holiday (the market is held, but nobody has a permit): that must not empty the A-list.
#[test]
fn one_mon_thu_day_with_a_permit_puts_a_vendor_on_the_a_list() {
    let mut f = fixture();
    let (first, second) = (f.applicant, second_applicant(&mut f));
    let admin = f.admin.clone();
    let daily = MarketInput {
        weekdays: Weekdays::parse_list("ma,di,wo,do,vr,za").unwrap(),
        ab_lists: true,
        ..market_input("WM")
    };
    let m = f.market;
    market::update(&mut f.store, &admin, before_cutoff(), m, &daily).unwrap();
    // Monday 2 March: a holiday, no permits at all. Tuesday: only the first applicant.
    let tuesday = "2026-03-03";
    let mut input = f.permit_input(first);
    input.day = d(tuesday);
    let sup = f.supervisor.clone();
    markt::permit::issue(&mut f.store, &sup, at(tuesday, 8), &input).unwrap();

    let saturday = d("2026-03-07");
    let a_list = day::a_list(&mut f.store, &f.admin, m, saturday).unwrap().expect("A/B lists apply on Saturday");
    assert!(a_list.contains(&first), "one day with a permit is enough: {a_list:?}");
    assert!(!a_list.contains(&second), "no permit Monday to Thursday: B-list");
    let input = day::input(&mut f.store, &f.admin, m, saturday).unwrap();
    assert!(input.input.market.ab_lists, "A/B priority stays on for the weekend");
    let on = |v: VendorId| input.vendors.values().find(|p| p.vendor == v).unwrap().a_list;
    assert!(on(first));
    assert!(!on(second));
}

/// A vendor that is not active is no longer dropped without a word: it is in the day's
/// result as not taking part, and the explanation names its status.
#[test]
fn a_vendor_that_is_not_active_gets_a_result_that_says_so() {
    let mut f = fixture();
    let (holder, applicant) = (f.holder, f.applicant);
    let senior = f.senior.clone();
    // The fixed holder would come (no record for the day); the applicant signs on.
    sign_on(&mut f, applicant, DAY, true);
    let mut waiting = vendor_input("1957081002", "Daniëls");
    waiting.status = Some(VendorStatus::Waiting);
    vendor::update(&mut f.store, &senior, before_cutoff(), holder, &waiting).unwrap();
    let mut substitute = vendor_input("19800101.01", "Bakker");
    substitute.status = Some(VendorStatus::SubstituteOnly);
    vendor::update(&mut f.store, &senior, before_cutoff(), applicant, &substitute).unwrap();
    day::run(&mut f.store, &senior, now(), f.market, d(DAY)).unwrap();
    let a = current(&mut f);
    let holder = a.result_of(holder).expect("the holder that is not active has a result");
    assert_eq!(holder.outcome, AllocationOutcome::NotParticipating);
    assert!(holder.explanation.contains("niet actief (status: wachtend)"), "{}", holder.explanation);
    let applicant = a.result_of(applicant).expect("the applicant that is not active has a result");
    assert_eq!(applicant.outcome, AllocationOutcome::NotParticipating);
    assert!(applicant.explanation.contains("niet actief (status: alleen vervanger)"), "{}", applicant.explanation);
    let (version, stall) = (a.version.clone(), f.stalls[3]);
    let assign = Change::Assign { vendor: applicant.vendor, stalls: vec![stall] };
    let refused_assign = change(&mut f, &version, assign, "komt toch", None);
    assert_eq!(refused(refused_assign), [("vendor".to_string(), Problem::Conflict)]);
    let view = day::view(&mut f.store, &f.admin, f.market, d(DAY), None).unwrap();
    let free: Vec<String> = view.free_stalls.iter().map(|s| s.number.to_string()).collect();
    assert!(free.contains(&"1".to_string()), "the stalls of a holder that is not active are free: {free:?}");
}

#[test]
fn a_removed_vendor_is_in_the_input_marked_not_active() {
    let mut f = fixture();
    let (holder, applicant) = (f.holder, f.applicant);
    let senior = f.senior.clone();
    let mut gone = vendor_input("19800101.01", "Bakker");
    gone.status = Some(VendorStatus::Removed);
    vendor::update(&mut f.store, &senior, before_cutoff(), applicant, &gone).unwrap();
    let input = day::input(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    let mut vendors: Vec<VendorId> = input.vendors.values().map(|p| p.vendor).collect();
    vendors.sort();
    let mut expected = vec![holder, applicant];
    expected.sort();
    assert_eq!(vendors, expected);
    let active: Vec<bool> = input.input.vendors.iter().map(|v| v.active).collect();
    assert_eq!(active.iter().filter(|a| !**a).count(), 1, "only the removed vendor is not active");
}

// ── Overrides: every validation ──────────────────────────────────────────────────────────

#[test]
fn an_override_needs_a_reason() {
    let (mut f, v) = allocated();
    let (applicant, s) = (f.applicant, f.stalls.clone());
    let to = vec![s[4]];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "  ", None));
    assert_eq!(errors, [("reason".to_string(), Problem::Required)]);
}

#[test]
fn an_override_refuses_a_stall_twice() {
    let (mut f, v) = allocated();
    let (applicant, s) = (f.applicant, f.stalls.clone());
    let to = vec![s[1]];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "klacht", None));
    assert_eq!(errors, [("to[0]".to_string(), Problem::Conflict)], "stall 2 is the holder's");
    let to = vec![s[4], s[4]];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "klacht", None));
    assert_eq!(errors, [("to[1]".to_string(), Problem::Duplicate)]);
    let stalls = vec![s[3]];
    let errors = refused(change(&mut f, &v, Change::Assign { vendor: applicant, stalls }, "erbij", None));
    assert!(errors.contains(&("stalls[0]".to_string(), Problem::Duplicate)), "{errors:?}: it has stall 4 already");
}

#[test]
fn an_override_refuses_a_blocked_or_inactive_stall() {
    let mut f = fixture();
    let (applicant, s) = (f.applicant, f.stalls.clone());
    let senior = f.senior.clone();
    market::block_stall(&mut f.store, &senior, before_cutoff(), s[5], d(DAY), "werkzaamheden").unwrap();

    sign_on(&mut f, applicant, DAY, true);
    preferences(&mut f, applicant, 1, &[3], None);
    let v = day::run(&mut f.store, &senior, now(), f.market, d(DAY)).unwrap();
    let to = vec![s[5]];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "wil ruimte", None));
    assert_eq!(errors, [("to[0]".to_string(), Problem::Conflict)]);
    let admin = f.admin.clone();
    let mut inactive = stall_input(f.row, "5");
    inactive.active = false;
    market::update_stall(&mut f.store, &admin, before_cutoff(), s[4], &inactive).unwrap();
    let to = vec![s[4]];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "wil ruimte", None));
    assert_eq!(errors, [("to[0]".to_string(), Problem::Conflict)]);
}

#[test]
fn an_override_keeps_a_vendors_stalls_one_adjacent_run() {
    let (mut f, v) = allocated();
    let (applicant, s) = (f.applicant, f.stalls.clone());
    let to = vec![s[2], s[4]];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "ruimer", None));
    assert_eq!(errors, [("to".to_string(), Problem::Conflict)], "3 and 5 are not neighbours");
    let stalls = vec![s[5]];
    let errors = refused(change(&mut f, &v, Change::Assign { vendor: applicant, stalls }, "ruimer", None));
    assert_eq!(errors, [("stalls".to_string(), Problem::Conflict)], "4 and 6 are not neighbours");
    let admin = f.admin.clone();
    market::add_obstacle(&mut f.store, &admin, before_cutoff(), s[4], s[5], ObstacleKind::Tree).unwrap();
    let to = vec![s[4], s[5]];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "ruimer", None));
    assert_eq!(errors, [("to".to_string(), Problem::Conflict)], "a tree stands between 5 and 6");
    let to = vec![s[2], s[3], s[4]];
    change(&mut f, &v, Change::Move { vendor: applicant, to }, "ruimer", None).expect("3, 4, 5 is a run");
    assert_eq!(numbers(&current(&mut f), applicant), ["3", "4", "5"]);
}

#[test]
fn an_override_refuses_unknown_stalls_and_stalls_of_another_market() {
    let (mut f, v) = allocated();
    let applicant = f.applicant;
    let admin = f.admin.clone();
    let other = market::create(&mut f.store, &admin, before_cutoff(), &market_input("XM")).unwrap();
    let row = market::add_row(&mut f.store, &admin, before_cutoff(), other, "Rij X", false).unwrap();
    let elsewhere = market::add_stall(&mut f.store, &admin, before_cutoff(), &stall_input(row, "5")).unwrap();
    let to = vec![StallId(999_999), elsewhere];
    let errors = refused(change(&mut f, &v, Change::Move { vendor: applicant, to }, "", None));
    assert_eq!(
        errors,
        [
            ("reason".to_string(), Problem::Required),
            ("to[0]".to_string(), Problem::Unknown),
            ("to[1]".to_string(), Problem::Conflict)
        ],
        "every bad field at once"
    );
}

#[test]
fn an_override_names_only_vendors_of_the_allocation() {
    let (mut f, v) = allocated();
    let (holder, stranger, s) = (f.holder, f.stranger, f.stalls.clone());
    let stalls = vec![s[4]];
    let errors = refused(change(&mut f, &v, Change::Assign { vendor: stranger, stalls }, "standwerker", None));
    assert_eq!(errors, [("vendor".to_string(), Problem::Unknown)]);
    let errors = refused(change(&mut f, &v, Change::Swap { vendor: holder, other: holder }, "ruil", None));
    assert_eq!(errors, [("other".to_string(), Problem::Conflict)]);
    let errors = refused(change(&mut f, &v, Change::Move { vendor: holder, to: vec![] }, "weg", None));
    assert_eq!(errors, [("to".to_string(), Problem::Required)]);
}

#[test]
fn breaking_a_branch_maximum_needs_the_override_rule_with_its_own_reason() {
    let mut f = fixture();
    let (holder, applicant, s) = (f.holder, f.applicant, f.stalls.clone());
    let (agf, m) = (f.branch, f.market);
    let admin = f.admin.clone();
    branch::set_market_rule(&mut f.store, &admin, before_cutoff(), m, agf, Some((Some(2), false))).unwrap();
    preferences(&mut f, holder, 2, &[], Some(agf));
    preferences(&mut f, applicant, 1, &[], Some(agf));
    sign_on(&mut f, applicant, DAY, true);
    let senior = f.senior.clone();
    let v = day::run(&mut f.store, &senior, now(), m, d(DAY)).unwrap();
    let a = current(&mut f);
    assert_eq!(a.result_of(applicant).unwrap().reason, Some(RejectionReason::BrancheFull));
    assert!(a.result_of(applicant).unwrap().explanation.contains("101-AGF"));

    let s5 = s[4];
    let assign = move || Change::Assign { vendor: applicant, stalls: vec![s5] };
    let errors = refused(change(&mut f, &v, assign(), "vaste klant van de markt", None));
    assert_eq!(errors, [("override_rule".to_string(), Problem::Conflict)]);
    let errors = refused(change(&mut f, &v, assign(), "vaste klant van de markt", Some(" ")));
    assert_eq!(errors, [("override_rule".to_string(), Problem::Required)]);
    let changed = change(&mut f, &v, assign(), "vaste klant van de markt", Some("geen andere groenteboer vandaag"))
        .expect("allowed with the override rule and its reason");
    assert_eq!(changed.id, v.id, "a draft changes in place");
    let a = current(&mut f);
    let r = a.result_of(applicant).unwrap();
    assert_eq!((r.outcome, r.reason), (AllocationOutcome::Assigned, None));
    assert!(r.explanation.contains("Handmatig ingedeeld op 5: vaste klant van de markt."), "{}", r.explanation);
    assert!(r.explanation.contains("geen andere groenteboer vandaag"), "{}", r.explanation);
    let o = &a.overrides[0];
    assert_eq!((o.kind, o.vendor, o.to_stalls.clone()), (OverrideKind::Assign, applicant, vec!["5".to_string()]));
    assert_eq!(o.breaks_rule.as_deref(), Some("branche_maximum"));
    assert_eq!(o.rule_reason.as_deref(), Some("geen andere groenteboer vandaag"));
    // Growing the holder over the maximum too, but moving within it needs no rule.
    let grow = Change::Assign { vendor: holder, stalls: vec![s[2]] };
    let errors = refused(change(&mut f, &v, grow, "wil groeien", None));
    assert_eq!(errors, [("override_rule".to_string(), Problem::Conflict)]);
    let to = vec![s[5]];
    change(&mut f, &v, Change::Move { vendor: applicant, to }, "naast de bloemen", None).unwrap();
}

// ── Overrides: what they do ──────────────────────────────────────────────────────────────

#[test]
fn move_swap_assign_and_remove_change_the_draft_and_are_recorded() {
    let (mut f, v) = allocated();
    let (holder, applicant, s) = (f.holder, f.applicant, f.stalls.clone());
    let late = late(&mut f);
    let audit_before = count(&f, "SELECT count(*) FROM audit_log WHERE action = 'allocation.override'");

    change(&mut f, &v, Change::Move { vendor: applicant, to: vec![s[5]] }, "wil aan de hoek", None).unwrap();
    assert_eq!(numbers(&current(&mut f), applicant), ["6"]);

    change(&mut f, &v, Change::Swap { vendor: holder, other: applicant }, "ruilen onderling", None).unwrap();
    let a = current(&mut f);
    assert_eq!((numbers(&a, holder), numbers(&a, applicant)), (vec!["6".into()], vec!["1".into(), "2".into()]));
    assert!(
        a.result_of(holder)
            .unwrap()
            .explanation
            .contains("Handmatig geruild met 19800101.01 (A. Bakker): had 1, 2, kreeg 6")
    );

    let stalls = vec![s[2]];
    change(&mut f, &v, Change::Assign { vendor: applicant, stalls }, "heeft een grotere kraam", None).unwrap();
    assert_eq!(numbers(&current(&mut f), applicant), ["1", "2", "3"]);

    let stalls = vec![s[3]];
    change(&mut f, &v, Change::Assign { vendor: late, stalls }, "kwam toch", None).unwrap();
    let a = current(&mut f);
    let r = a.result_of(late).unwrap();
    assert_eq!((r.outcome, numbers(&a, late)), (AllocationOutcome::Assigned, vec!["4".to_string()]));
    assert!(r.explanation.starts_with("Neemt niet deel"), "the engine's word stays: {}", r.explanation);

    change(&mut f, &v, Change::Remove { vendor: applicant }, "niet gekomen", None).unwrap();
    let a = current(&mut f);
    let r = a.result_of(applicant).unwrap();
    assert_eq!((r.outcome, r.stalls.len(), r.reason), (AllocationOutcome::Removed, 0, None));
    assert!(r.explanation.ends_with("Handmatig verwijderd van 1, 2, 3: niet gekomen."), "{}", r.explanation);

    assert_eq!(a.version.id, v.id, "every change was made in the draft");
    let kinds: Vec<OverrideKind> = a.overrides.iter().map(|o| o.kind).collect();
    use OverrideKind::*;
    assert_eq!(kinds, [Move, Swap, Assign, Assign, Remove]);
    assert_eq!(a.overrides[1].other_vendor, Some(applicant));
    assert!(a.overrides.iter().all(|o| o.account == f.senior.id() && !o.reason.is_empty()));
    let audit_after = count(&f, "SELECT count(*) FROM audit_log WHERE action = 'allocation.override'");
    assert_eq!(audit_after - audit_before, 5, "one audit row per change");
    let errors = refused(change(&mut f, &v, Change::Remove { vendor: applicant }, "nogmaals", None));
    assert_eq!(errors, [("vendor".to_string(), Problem::Conflict)], "nothing left to remove");
}

// ── Attendance since publishing ──────────────────────────────────────────────────────────

/// The day before the fixture's market day, at `h`:00 (sign-on closes at 15:00).
fn eve(h: u32) -> DateTime<Utc> {
    at("2026-03-03", h)
}

/// One vendor `since_published` lists: vendor, what changed, when, and the stalls to free.
type Listed = (VendorId, day::AttendanceChangeKind, Option<DateTime<Utc>>, Vec<String>);

/// Who `since_published` lists.
fn listed(f: &mut Fixture, now: DateTime<Utc>) -> Vec<Listed> {
    let sup = f.supervisor.clone();
    let s = day::since_published(&mut f.store, &sup, now, f.market, d(DAY)).unwrap();
    s.changes
        .iter()
        .map(|c| (c.vendor, c.kind, c.at, c.stalls.iter().map(|s| s.number.to_string()).collect()))
        .collect()
}

#[test]
fn a_sign_off_after_publishing_is_listed_with_its_stalls_and_one_before_is_not() {
    use day::AttendanceChangeKind::*;
    let mut f = fixture();
    let late = second_applicant(&mut f);
    let (holder, applicant, market) = (f.holder, f.applicant, f.market);
    let (senior, sup) = (f.senior.clone(), f.supervisor.clone());
    let record = |f: &mut Fixture, vendor: VendorId, attends: bool, at: DateTime<Utc>| {
        let input = SignOn { vendor, market, day: d(DAY), attends, reason: None };
        attendance::record(&mut f.store, &sup, at, &input).unwrap();
    };
    // Before publishing: the applicant signs on, then off again; the run leaves it out.
    preferences(&mut f, applicant, 1, &[3], None);
    record(&mut f, applicant, true, eve(8));
    record(&mut f, applicant, false, eve(9));
    let v1 = day::run(&mut f.store, &senior, eve(10), market, d(DAY)).unwrap();
    let s = day::since_published(&mut f.store, &sup, eve(10), market, d(DAY)).unwrap();
    assert!(s.published.is_none() && s.changes.is_empty(), "nothing published, nothing listed");
    assert_eq!(s.cutoff, eve(15), "sign-on closes at 15:00 the day before");
    assert!(s.sign_on_open, "at 10:00 sign-on is still open");
    day::publish(&mut f.store, &senior, eve(11), v1.id).unwrap();
    assert_eq!(listed(&mut f, eve(11)), [], "a sign-off before publishing is in the allocation already");

    // After publishing: the fixed holder signs off, the second applicant signs on.
    record(&mut f, holder, false, eve(12));
    record(&mut f, late, true, eve(13));
    assert_eq!(
        listed(&mut f, eve(16)),
        [
            (holder, SignedOff, Some(eve(12)), vec!["1".to_string(), "2".to_string()]),
            (late, SignedOn, Some(eve(13)), vec![]),
        ],
        "the sign-off with the stalls to free, the sign-on with none yet"
    );
    let s = day::since_published(&mut f.store, &sup, eve(16), market, d(DAY)).unwrap();
    assert!(!s.sign_on_open, "closed from 15:00");
    assert_eq!(s.published.as_ref().map(|v| v.id), Some(v1.id));
    assert_eq!(s.changes[0].by.as_deref(), Some("toezicht"), "who recorded the sign-off");
    assert_eq!(s.changes[0].name, current(&mut f).result_of(holder).unwrap().name);

    // Dealt with in version 2 (the holder removed, the applicant given a stall): no longer listed.
    let v2 = change(&mut f, &v1, Change::Remove { vendor: holder }, "afgemeld", None).unwrap();
    assert_eq!(listed(&mut f, eve(16)).iter().map(|l| (l.0, l.1)).collect::<Vec<_>>(), [(late, SignedOn)]);
    let stall = f.stalls[5];
    change(&mut f, &v2, Change::Assign { vendor: late, stalls: vec![stall] }, "alsnog aangemeld", None).unwrap();
    assert_eq!(listed(&mut f, eve(16)), [], "nothing left to do");
}

// ── Publishing and versions ──────────────────────────────────────────────────────────────

#[test]
fn publish_then_change_makes_version_2_and_keeps_version_1() {
    let (mut f, v1) = allocated();
    let (holder, applicant, s) = (f.holder, f.applicant, f.stalls.clone());
    let senior = f.senior.clone();
    let published = day::publish(&mut f.store, &senior, now(), v1.id).unwrap();
    assert_eq!((published.state, published.published_by), (AllocationState::Published, Some(senior.id())));
    let before = day::get(&mut f.store, &f.admin, v1.id).unwrap();

    let v2 = change(&mut f, &v1, Change::Move { vendor: applicant, to: vec![s[5]] }, "hoekplaats", None).unwrap();
    assert_eq!((v2.number, v2.state, v2.based_on), (2, AllocationState::Draft, Some(v1.id)));
    assert_eq!(day::get(&mut f.store, &f.admin, v1.id).unwrap(), before, "version 1 is kept as it was published");
    let a2 = current(&mut f);
    assert_eq!(a2.version.id, v2.id);
    assert_eq!(numbers(&a2, applicant), ["6"]);
    assert_eq!(numbers(&a2, holder), ["1", "2"], "the rest is copied from version 1");
    assert_eq!(a2.overrides.len(), 1);
    assert!(before.overrides.is_empty());
    assert_eq!(day::published(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap().version.id, v1.id);

    // Only the latest version changes; a published day is not run again.
    let err = change(&mut f, &v1, Change::Remove { vendor: applicant }, "te laat", None).unwrap_err();
    assert_eq!(err.code(), "conflict", "{err}");
    let err = day::publish(&mut f.store, &senior, now(), v1.id).unwrap_err();
    assert_eq!(err.code(), "conflict", "{err}");
    let err = day::run(&mut f.store, &senior, now(), f.market, d(DAY)).unwrap_err();
    assert_eq!(err.code(), "conflict", "{err}");

    // Version 2 is published in its turn; a further change makes version 3.
    day::publish(&mut f.store, &senior, now(), v2.id).unwrap();
    let err = day::publish(&mut f.store, &senior, now(), v2.id).unwrap_err();
    assert_eq!(err.code(), "conflict");
    let v3 = change(&mut f, &v2, Change::Remove { vendor: applicant }, "afgemeld", None).unwrap();
    assert_eq!(v3.number, 3);
    let states: Vec<(i64, AllocationState)> =
        day::versions(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().iter().map(|v| (v.number, v.state)).collect();
    use AllocationState::*;
    assert_eq!(states, [(1, Published), (2, Published), (3, Draft)]);
    assert_eq!(day::published(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap().version.id, v2.id);
}

#[test]
fn the_database_refuses_to_edit_a_published_version() {
    let (mut f, v) = allocated();
    let (applicant, s) = (f.applicant, f.stalls.clone());

    change(&mut f, &v, Change::Move { vendor: applicant, to: vec![s[5]] }, "hoekplaats", None).unwrap();
    let senior = f.senior.clone();
    day::publish(&mut f.store, &senior, now(), v.id).unwrap();
    let id = v.id.0;
    let stall = s[4].0;
    for sql in [
        format!("UPDATE allocation SET state = 'concept' WHERE id = {id}"),
        format!("DELETE FROM allocation WHERE id = {id}"),
        format!("INSERT INTO allocation_assignment (allocation_id, stall_id, vendor_id) VALUES ({id}, {stall}, 1)"),
        format!("UPDATE allocation_assignment SET seq = 5 WHERE allocation_id = {id}"),
        format!("DELETE FROM allocation_assignment WHERE allocation_id = {id}"),
        format!("UPDATE allocation_result SET explanation = 'x' WHERE allocation_id = {id}"),
        format!("DELETE FROM allocation_result WHERE allocation_id = {id}"),
        "UPDATE allocation_override SET reason = 'anders'".to_string(),
        "DELETE FROM allocation_override".to_string(),
    ] {
        assert!(f.store.conn().execute(&sql, []).is_err(), "{sql} must be refused");
    }
    assert_eq!(day::get(&mut f.store, &f.admin, v.id).unwrap().overrides.len(), 1);
}

#[test]
fn supervisors_and_finance_may_not_run_change_or_publish() {
    let (mut f, v) = allocated();
    let applicant = f.applicant;
    for role in [Role::Supervisor, Role::Finance] {
        let actor = f.actor(role).clone();
        let err = day::run(&mut f.store, &actor, now(), f.market, d(DAY)).unwrap_err();
        assert!(matches!(err, Error::Forbidden { action: markt::Action::RunAllocation, .. }), "{err}");
        let input = OverrideInput {
            allocation: v.id,
            change: Change::Remove { vendor: applicant },
            reason: "x".into(),
            override_rule: None,
        };
        let err = day::override_(&mut f.store, &actor, now(), &input).unwrap_err();
        assert!(matches!(err, Error::Forbidden { action: markt::Action::OverrideAllocation, .. }), "{err}");
        let err = day::publish(&mut f.store, &actor, now(), v.id).unwrap_err();
        assert!(matches!(err, Error::Forbidden { action: markt::Action::PublishAllocation, .. }), "{err}");
    }
    assert_eq!(day::versions(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().len(), 1);
}

// ── Reading a day for the screen ─────────────────────────────────────────────────────────

#[test]
fn the_day_view_has_every_version_one_in_full_the_free_stalls_and_the_clerks_names() {
    let mut f = fixture();
    let (market, s, senior, admin) = (f.market, f.stalls.clone(), f.senior.clone(), f.admin.clone());
    market::block_stall(&mut f.store, &admin, before_cutoff(), s[5], d(DAY), "werk aan de weg").unwrap();
    let empty = day::view(&mut f.store, &f.admin, market, d(DAY), None).unwrap();
    assert!(empty.held && empty.versions.is_empty() && empty.shown.is_none());
    let free = |v: &day::DayView| v.free_stalls.iter().map(|s| s.number.to_string()).collect::<Vec<_>>();
    assert_eq!(free(&empty), ["1", "2", "3", "4", "5"], "before a run every usable stall is free; 6 is blocked");
    assert!(!day::view(&mut f.store, &f.admin, market, d("2026-03-05"), None).unwrap().held, "a Thursday: not held");

    let applicant = f.applicant;
    sign_on(&mut f, applicant, DAY, true);
    preferences(&mut f, applicant, 1, &[3], None);
    let v1 = day::run(&mut f.store, &senior, now(), market, d(DAY)).unwrap();
    day::publish(&mut f.store, &senior, now(), v1.id).unwrap();
    let v2 = change(&mut f, &v1, Change::Move { vendor: applicant, to: vec![s[4]] }, "hoekplaats", None).unwrap();

    let latest = day::view(&mut f.store, &f.admin, market, d(DAY), None).unwrap();
    assert_eq!(latest.versions.iter().map(|v| v.number).collect::<Vec<_>>(), [1, 2]);
    let shown = latest.shown.as_ref().expect("the latest version");
    assert_eq!(shown.version.id, v2.id);
    assert_eq!(numbers(shown, applicant), ["5"]);
    assert_eq!(shown.overrides.len(), 1);
    assert_eq!(free(&latest), ["3", "4"], "1 and 2 are the holder's, 5 the applicant's, 6 blocked");
    assert_eq!(latest.accounts.get(&senior.id()).map(String::as_str), Some("senior"));

    let older = day::view(&mut f.store, &f.admin, market, d(DAY), Some(v1.id)).unwrap();
    let shown = older.shown.as_ref().expect("version 1");
    assert_eq!((shown.version.number, shown.version.state), (1, AllocationState::Published));
    assert_eq!(numbers(shown, applicant), ["4"]);
    assert_eq!(free(&older), ["3", "5"]);

    let err = day::view(&mut f.store, &f.admin, market, d("2026-03-11"), Some(v1.id)).unwrap_err();
    assert_eq!(err.code(), "not_found", "a version of another day: {err}");
}

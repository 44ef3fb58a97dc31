//! The counter cannot hand out a wrong permit by number, Enter, Enter: a permit for another
//! day than today needs that day confirmed, and anything that makes a permit doubtful needs
//! a reason, stored with the permit and shown in the day view. A clerk's own day close is
//! readable before anything is typed.

mod common;

use chrono::Days;
use common::*;
use markt::code::*;
use markt::counter::{self, Warning};
use markt::day_close;
use markt::day_view;
use markt::permit::{self, PermitInput};
use markt::vendor::{self, VendorInput};
use markt::{Cents, Error};

/// Issues `form` and expects it refused on `field`, with nothing written.
fn refused_on(f: &mut Fixture, form: &PermitInput, now: chrono::DateTime<chrono::Utc>, field: &str) -> String {
    let before = f.snapshot();
    let sup = f.supervisor.clone();
    let err = permit::issue(&mut f.store, &sup, now, form).unwrap_err();
    let Error::Invalid(invalid) = &err else { panic!("refused on {field}, got {err:?}") };
    let hit = invalid.0.iter().find(|e| e.field == field).unwrap_or_else(|| panic!("no error on {field}: {err:?}"));
    assert!(f.snapshot().changed_tables(&before).is_empty(), "nothing stored");
    hit.message.clone()
}

fn issued_with(f: &mut Fixture, form: &PermitInput, reason: &str) -> markt::ids::PermitId {
    let sup = f.supervisor.clone();
    let with = PermitInput { override_reason: Some(reason.into()), ..form.clone() };
    let id = permit::issue(&mut f.store, &sup, at(DAY, 9), &with).unwrap();
    assert_eq!(permit::get(&mut f.store, &f.admin, id).unwrap().override_reason.as_deref(), Some(reason));
    let view = day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    let row = view.permits.iter().find(|p| p.id == id).unwrap();
    assert_eq!(row.override_reason.as_deref(), Some(reason), "the day view shows the reason");
    id
}

#[test]
fn a_vendor_without_a_registration_here_needs_a_reason() {
    let mut f = fixture();
    let form = PermitInput { override_reason: None, ..f.permit_input(f.stranger) };
    let c = counter::open(&mut f.store, &f.admin, f.market, d(DAY), f.stranger).unwrap();
    assert!(c.warnings.iter().all(Warning::needs_reason), "{:?}", c.warnings);
    let why = refused_on(&mut f, &form, at(DAY, 9), "override_reason");
    assert!(why.contains("geen sollicitatie op deze markt"), "{why}");
    issued_with(&mut f, &form, "standwerker, lot");
}

#[test]
fn a_removed_waiting_or_enforced_vendor_needs_a_reason() {
    let cases: [(&str, VendorInput, &str); 3] = [
        (
            "removed",
            VendorInput { status: Some(VendorStatus::Removed), ..vendor_input("1957081002", "Daniëls") },
            "verwijderd",
        ),
        (
            "waiting",
            VendorInput { status: Some(VendorStatus::Waiting), ..vendor_input("1957081002", "Daniëls") },
            "status",
        ),
        (
            "enforcement",
            VendorInput { enforcement_until: Some(d(DAY) + Days::new(3)), ..vendor_input("1957081002", "Daniëls") },
            "handhavingsverzoek",
        ),
    ];
    for (what, change, said) in cases {
        let mut f = fixture();
        let senior = f.senior.clone();
        // The holder has a registration: only the change makes the permit doubtful.
        vendor::update(&mut f.store, &senior, at(DAY, 7), f.holder, &change).unwrap();
        let form = f.permit_input(f.holder);
        let preview = counter::preview(&mut f.store, &f.admin, &form).unwrap();
        assert!(
            preview.warnings.iter().any(|w| w.needs_reason() && w.message().to_lowercase().contains(said)),
            "{what}: {:?}",
            preview.warnings
        );
        let why = refused_on(&mut f, &form, at(DAY, 9), "override_reason");
        assert!(why.contains(said), "{what}: {why}");
        issued_with(&mut f, &form, "na overleg met de marktmeester");
    }
}

#[test]
fn an_unregistered_substitute_stays_a_notice() {
    let mut f = fixture();
    let mut form = f.permit_input(f.holder);
    form.presence = Presence::SubstituteWithPermission;
    form.substitute = Some(f.applicant);
    let preview = counter::preview(&mut f.store, &f.admin, &form).unwrap();
    let w = preview.warnings.iter().find(|w| matches!(w, Warning::SubstituteNotRegistered { .. })).unwrap();
    assert!(!w.needs_reason());
    let sup = f.supervisor.clone();
    permit::issue(&mut f.store, &sup, at(DAY, 9), &form).unwrap();
}

#[test]
fn warnings_are_sentences_that_say_what_to_do() {
    let w = Warning::Enforcement { until: d(DAY) };
    let m = w.message();
    assert!(m.starts_with("Er loopt een handhavingsverzoek") && m.ends_with('.'), "{m}");
    assert!(m.contains("Weiger") && m.contains("reden"), "says issue or refuse: {m}");
    for w in [
        Warning::NoRegistration,
        Warning::Removed,
        Warning::NotAllocated,
        Warning::StallUnknown { stall: "99".into() },
        Warning::NotActive { status: VendorStatus::Waiting },
    ] {
        let m = w.message();
        let first = m.chars().next().unwrap();
        assert!(first.is_uppercase() && m.ends_with('.'), "a sentence: {m}");
        assert!(w.doubt().is_some(), "{w:?} asks a reason");
    }
}

#[test]
fn a_permit_for_another_day_needs_that_day_confirmed() {
    let mut f = fixture();
    let form = f.permit_input(f.holder);
    // The day before the market day, at the desk: the form is for tomorrow.
    let yesterday = at("2026-03-03", 16);
    let why = refused_on(&mut f, &form, yesterday, "day");
    assert!(why.contains("wo 04-03-2026") && why.contains("bevestig"), "names the day: {why}");
    // A confirmation of another day does not count.
    let wrong = PermitInput { confirmed_day: Some(d(DAY) + Days::new(7)), ..form.clone() };
    refused_on(&mut f, &wrong, yesterday, "day");
    let sup = f.supervisor.clone();
    let confirmed = PermitInput { confirmed_day: Some(d(DAY)), ..form.clone() };
    let id = permit::issue(&mut f.store, &sup, yesterday, &confirmed).unwrap();
    // A correction of that permit keeps its day: choosing the permit was the confirmation.
    let senior = f.senior.clone();
    let fix = PermitInput { payment: PaymentMethod::Cash, ..form.clone() };
    permit::reissue(&mut f.store, &senior, at("2026-03-05", 10), id, "contant betaald", &fix).unwrap();
    // On the day itself nothing is asked.
    let other = f.permit_input(f.applicant);
    permit::issue(&mut f.store, &sup, at(DAY, 9), &other).unwrap();
}

#[test]
fn the_clerk_reads_the_own_close_of_the_day() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    assert!(day_close::mine(&mut f.store, &sup, f.market, d(DAY)).unwrap().is_none());
    let form = PermitInput { payment: PaymentMethod::Cash, ..f.permit_input(f.applicant) };
    let id = permit::issue(&mut f.store, &sup, at(DAY, 8), &form).unwrap();
    let due: Cents = permit::lines(&mut f.store, &f.admin, id).unwrap().iter().map(|l| l.incl).sum();
    day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), due, "").unwrap();
    let mine = day_close::mine(&mut f.store, &sup, f.market, d(DAY)).unwrap().expect("closed");
    assert_eq!(mine.at, at(DAY, 17));
    assert_eq!(mine.counted_cash, due);
    // Another clerk's close is not the senior's own.
    assert!(day_close::mine(&mut f.store, &senior, f.market, d(DAY)).unwrap().is_none());
    // Finance does not work at the counter.
    let finance = f.finance.clone();
    assert!(day_close::mine(&mut f.store, &finance, f.market, d(DAY)).is_err());
}

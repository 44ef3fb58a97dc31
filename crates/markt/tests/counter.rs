//! The market morning: the counter's lookup, prefill and warnings; the day close and what
//! it locks; the day view; the attendance screen and its cut-off.

mod common;

use chrono::Days;
use common::*;
use markt::attendance::{self, AbsenceInput, Intent, SignOn, Source};
use markt::code::*;
use markt::counter::{self, Warning};
use markt::day_close;
use markt::day_view;
use markt::note;
use markt::permit::{self, PermitInput};
use markt::vendor::{self, VendorInput};
use markt::{Cents, Error, check};

fn input(f: &Fixture, vendor: markt::ids::VendorId) -> PermitInput {
    f.permit_input(vendor)
}

#[test]
fn the_counter_finds_by_number_with_or_without_dot_and_by_pass() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let mut with_pass = vendor_input("1990020201", "Visser");
    with_pass.pass_id = "P0202".into();
    vendor::update(&mut f.store, &senior, at(DAY, 9), f.stranger, &with_pass).unwrap();
    assert_eq!(counter::find(&mut f.store, &f.admin, "19570810.02").unwrap().id, f.holder);
    assert_eq!(counter::find(&mut f.store, &f.admin, "1957081002").unwrap().id, f.holder);
    assert_eq!(counter::find(&mut f.store, &f.admin, " P0202 ").unwrap().id, f.stranger);
    assert_eq!(counter::find(&mut f.store, &f.admin, "0000000000").unwrap_err().code(), "not_found");
}

#[test]
fn a_fixed_holder_is_prefilled_with_the_fixed_products() {
    let mut f = fixture();
    let c = counter::open(&mut f.store, &f.admin, f.market, d(DAY), f.holder).unwrap();
    assert_eq!(c.status, PermitStatus::Vpl);
    // The registration's 3 m stall and electricity; no allocation that day.
    assert_eq!(c.requested, [("electricity".to_string(), 1), ("stalls_3m".to_string(), 1)].into_iter().collect());
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // Issuing what was prefilled costs only the promo levy: everything else is fixed.
    let form = PermitInput { requested: c.requested.clone(), ..input(&f, f.holder) };
    let preview = counter::preview(&mut f.store, &f.admin, &form).unwrap();
    assert_eq!(preview.quote.total_incl, Cents(115));
}

#[test]
fn a_stranger_gets_lot_and_one_standard_stall() {
    let mut f = fixture();
    let c = counter::open(&mut f.store, &f.admin, f.market, d(DAY), f.stranger).unwrap();
    assert_eq!(c.status, PermitStatus::Lot);
    assert_eq!(c.requested, [("stalls_3m".to_string(), 1)].into_iter().collect());
    assert_eq!(c.warnings, vec![Warning::NoRegistration]);
}

#[test]
fn warnings_name_what_the_counter_must_know() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let removed = VendorInput {
        status: Some(VendorStatus::Removed),
        enforcement_until: Some(d(DAY) + Days::new(10)),
        ..vendor_input("1990020201", "Visser")
    };
    vendor::update(&mut f.store, &senior, at(DAY, 9), f.stranger, &removed).unwrap();
    let first = {
        let i = input(&f, f.stranger);
        issue(&mut f, &i)
    };
    let c = counter::open(&mut f.store, &f.admin, f.market, d(DAY), f.stranger).unwrap();
    let codes: Vec<&Warning> = c.warnings.iter().collect();
    assert!(matches!(codes[0], Warning::AlreadyPermitToday { invoice_number, .. } if invoice_number == "D2026-000001"));
    assert!(codes[0].needs_reason());
    assert!(codes.contains(&&Warning::NoRegistration));
    assert!(codes.contains(&&Warning::Removed));
    assert!(codes.contains(&&Warning::Enforcement { until: d(DAY) + Days::new(10) }));
    assert!(codes[0].message().contains("Markt WM"));
    assert_eq!(c.today.len(), 1);
    assert_eq!(c.today[0].permit.id, first);
    assert_eq!(c.today[0].market_code, "WM");

    // A stand-in who is not the vendor's registered substitute.
    let mut form = input(&f, f.holder);
    form.presence = Presence::SubstituteWithPermission;
    form.substitute = Some(f.applicant);
    let p = counter::preview(&mut f.store, &f.admin, &form).unwrap();
    assert!(
        p.warnings.iter().any(|w| matches!(w, Warning::SubstituteNotRegistered { name } if name.contains("Bakker")))
    );
    vendor::add_substitute(&mut f.store, &senior, at(DAY, 9), f.holder, f.applicant, d("2026-01-01"), None).unwrap();
    let p = counter::preview(&mut f.store, &f.admin, &form).unwrap();
    assert!(!p.warnings.iter().any(|w| matches!(w, Warning::SubstituteNotRegistered { .. })));
}

#[test]
fn a_closed_day_refuses_the_clerk_and_accepts_a_senior_correction() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let senior = f.senior.clone();
    let cash = PermitInput { payment: PaymentMethod::Cash, ..input(&f, f.stranger) };
    let a = permit::issue(&mut f.store, &sup, at(DAY, 8), &cash).unwrap();
    let form = input(&f, f.applicant);
    let b = permit::issue(&mut f.store, &sup, at(DAY, 8), &form).unwrap();
    let due =
        |f: &mut Fixture, p| permit::lines(&mut f.store, &f.admin, p).unwrap().iter().map(|l| l.incl).sum::<Cents>();
    let (due_a, due_b) = (due(&mut f, a), due(&mut f, b));

    let s = day_close::summary(&mut f.store, &sup, f.market, d(DAY)).unwrap();
    assert_eq!((s.permits, s.cash, s.pin, s.on_account), (2, due_a, due_b, Cents::ZERO));
    let counted = due_a - Cents(50);
    day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), counted, "munt onder de la").unwrap();
    let closes = day_close::of_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(closes.len(), 1);
    assert_eq!(closes[0].difference, Cents(-50), "50 cents short");
    assert_eq!(closes[0].difference_reason.as_deref(), Some("munt onder de la"));
    assert_eq!(closes[0].summary.total(), due_a + due_b);
    assert!(matches!(
        day_close::close(&mut f.store, &sup, at(DAY, 18), f.market, d(DAY), counted, "munt onder de la"),
        Err(Error::Conflict(_))
    ));

    // The clerk can no longer change that day's money …
    let again = PermitInput { override_reason: Some("x".into()), ..input(&f, f.holder) };
    assert!(matches!(permit::issue(&mut f.store, &sup, at(DAY, 18), &again), Err(Error::Conflict(_))));
    let err = permit::void(&mut f.store, &sup, at(DAY, 18), a, "vergissing").unwrap_err();
    assert!(matches!(err, Error::Forbidden { action: markt::Action::CorrectClosedDay, .. }), "{err:?}");
    let pay = permit::payments(&mut f.store, &f.admin, b).unwrap()[0].id;
    assert!(matches!(
        permit::reverse_payment(&mut f.store, &sup, at(DAY, 18), pay, "x"),
        Err(Error::Forbidden { action: markt::Action::CorrectClosedDay, .. })
    ));
    // … a senior can, by a void with its reversal, and the books still balance.
    permit::void(&mut f.store, &senior, at(DAY, 18), a, "dubbel uitgegeven").unwrap();
    let paid_a: Cents = permit::payments(&mut f.store, &f.admin, a).unwrap().iter().map(|p| p.amount).sum();
    assert_eq!(paid_a, Cents::ZERO, "the void reversed the payment");
    assert!(check::run(&mut f.store).unwrap().ok());
    // The close itself stays as it was (a fact of that evening).
    assert_eq!(day_close::of_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap()[0].counted_cash, counted);
}

#[test]
fn the_day_view_adds_up_and_shows_multiple_permits_and_notes() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let cash = PermitInput { payment: PaymentMethod::Cash, ..input(&f, f.holder) };
    permit::issue(&mut f.store, &sup, at(DAY, 8), &cash).unwrap();
    let form = input(&f, f.applicant);
    let b = permit::issue(&mut f.store, &sup, at(DAY, 8), &form).unwrap();
    let mut twice = input(&f, f.applicant);
    twice.override_reason = Some("tweede kraam elders".into());
    twice.payment = PaymentMethod::OnAccount;
    permit::issue(&mut f.store, &sup, at(DAY, 9), &twice).unwrap();
    let form = input(&f, f.stranger);
    let stranger = permit::issue(&mut f.store, &sup, at(DAY, 9), &form).unwrap();
    permit::void(&mut f.store, &sup, at(DAY, 10), stranger, "verkeerde ondernemer").unwrap();
    note::add(&mut f.store, &sup, at(DAY, 10), f.market, d(DAY), "Stroom viel uit in rij A").unwrap();

    let v = day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(v.permits.len(), 4, "voided permits stay visible");
    assert_eq!(v.voided(), 1);
    assert_eq!(v.by_status, vec![(PermitStatus::Vpl, 1), (PermitStatus::Soll, 2)]);
    assert_eq!(v.by_presence, vec![(Presence::InPerson, 3)]);
    assert_eq!(v.metres, 9, "three valid permits of one 3 m stall");
    let total = v.total();
    assert_eq!(total, v.due());
    let lines: Cents = v.valid().map(|p| p.due).sum();
    assert_eq!(total, lines);
    let by = |m| v.money.iter().find(|(x, _)| *x == m).unwrap().1;
    assert_eq!(by(PaymentMethod::Cash) + by(PaymentMethod::Pin) + by(PaymentMethod::OnAccount), total);
    assert_eq!(v.multiple.len(), 1);
    assert_eq!(v.multiple[0].vendor, f.applicant);
    assert_eq!(v.multiple[0].permits.len(), 2);
    assert_eq!(v.notes.len(), 1);
    assert!(v.permits.iter().any(|p| p.id == b && p.paid == p.due && p.methods == vec![PaymentMethod::Pin]));
    // Any past day works: an empty one too.
    let empty = day_view::get(&mut f.store, &f.admin, f.market, d(DAY) - Days::new(7)).unwrap();
    assert!(empty.permits.is_empty());
    assert_eq!(empty.total(), Cents::ZERO);
}

#[test]
fn attendance_of_a_day_with_its_cutoff() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let day = d(DAY);
    let before = at("2026-03-03", 10);
    let after = at("2026-03-03", 16);
    let sign_on = SignOn { vendor: f.applicant, market: f.market, day, attends: true, reason: None };
    attendance::record(&mut f.store, &sup, before, &sign_on).unwrap();
    let list = attendance::day(&mut f.store, &f.admin, f.market, day).unwrap();
    assert_eq!(list.cutoff, at("2026-03-03", 15));
    let row = |l: &attendance::Day, v| l.rows.iter().find(|r| r.vendor == v).cloned().unwrap();
    assert_eq!((row(&list, f.applicant).intent, row(&list, f.applicant).source), (Intent::Present, Source::Record));
    assert!(row(&list, f.applicant).comes);
    assert_eq!((row(&list, f.holder).intent, row(&list, f.holder).source), (Intent::Unspecified, Source::Default));
    assert!(row(&list, f.holder).comes, "a fixed holder comes unless signed off");

    // After 15:00 the day before: the supervisor may not; a senior may, with a reason.
    let off = SignOn { vendor: f.holder, market: f.market, day, attends: false, reason: None };
    assert!(matches!(
        attendance::record(&mut f.store, &sup, after, &off),
        Err(Error::Forbidden { action: markt::Action::ChangeAttendanceAfterCutoff, .. })
    ));
    let err = attendance::record(&mut f.store, &senior, after, &off).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "reason");
    let with_reason = SignOn { reason: Some("ziek gemeld om 16:10".into()), ..off };
    attendance::record(&mut f.store, &senior, after, &with_reason).unwrap();
    let list = attendance::day(&mut f.store, &f.admin, f.market, day).unwrap();
    let holder = row(&list, f.holder);
    assert_eq!((holder.intent, holder.comes), (Intent::Absent, false));
    assert_eq!(holder.reason.as_deref(), Some("ziek gemeld om 16:10"));
}

#[test]
fn a_permit_detail_holds_what_was_asked_so_a_correction_starts_from_it() {
    let mut f = fixture();
    let mut form = input(&f, f.holder);
    form.requested = [("stalls_3m".to_string(), 2), ("electricity".to_string(), 1)].into_iter().collect();
    form.note = "hoekplaats".into();
    let id = issue(&mut f, &form);
    let detail = day_view::permit(&mut f.store, &f.admin, id).unwrap();
    assert_eq!(detail.requested, form.requested, "the pieces asked for, fixed ones not deducted");
    assert_eq!(detail.note, "hoekplaats");
    assert_eq!(detail.substitute, None);
    assert_eq!(detail.payments.len(), 1);
    assert_eq!(detail.row.due, detail.lines.iter().map(|l| l.incl).sum());
}

/// 16:00 on Tuesday 3 March: after the cut-off of the fixture's Wednesday market day.
fn after_the_cut_off() -> chrono::DateTime<chrono::Utc> {
    at("2026-03-03", 16)
}

fn comes(f: &mut Fixture, who: impl Fn(&Fixture) -> markt::ids::VendorId) -> bool {
    let vendor = who(f);
    let list = attendance::day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    list.rows.iter().find(|r| r.vendor == vendor).unwrap().comes
}

fn wednesday() -> Weekdays {
    Weekdays::parse_list("wo").unwrap()
}

#[test]
fn a_supervisor_cannot_change_tomorrows_pattern_after_the_cut_off() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let rows = f.audit_rows();
    // The applicant has not signed on: a pattern with Wednesday would bring it tomorrow.
    let err =
        attendance::set_pattern(&mut f.store, &sup, after_the_cut_off(), f.applicant, f.market, wednesday(), None)
            .unwrap_err();
    assert!(
        matches!(err, Error::Forbidden { action: markt::Action::ChangeAttendanceAfterCutoff, .. }),
        "the pattern is a second door to tomorrow's sign-on: {err:?}"
    );
    let reason = Some("belde om 16:10");
    let err =
        attendance::set_pattern(&mut f.store, &sup, after_the_cut_off(), f.applicant, f.market, wednesday(), reason)
            .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "a reason does not make a supervisor a senior: {err:?}");
    assert!(!comes(&mut f, |f| f.applicant), "tomorrow stays as it was");
    assert_eq!(f.audit_rows(), rows, "a refused change writes nothing");
    // Before 15:00 the supervisor may; and after it, a change that leaves tomorrow as it is.
    attendance::set_pattern(&mut f.store, &sup, at("2026-03-03", 14), f.applicant, f.market, wednesday(), None)
        .unwrap();
    assert!(comes(&mut f, |f| f.applicant));
    attendance::set_pattern(&mut f.store, &sup, after_the_cut_off(), f.holder, f.market, wednesday(), None).unwrap();
    assert!(comes(&mut f, |f| f.holder), "a fixed holder who comes anyway: nothing changes tomorrow");
}

#[test]
fn a_senior_changes_tomorrows_pattern_after_the_cut_off_with_a_reason() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let err =
        attendance::set_pattern(&mut f.store, &senior, after_the_cut_off(), f.applicant, f.market, wednesday(), None)
            .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "reason", "{err:?}");
    assert!(err.to_string().contains("wo 04-03-2026"), "the message names the day it changes: {err}");
    let blank = Some("  ");
    assert!(
        attendance::set_pattern(&mut f.store, &senior, after_the_cut_off(), f.applicant, f.market, wednesday(), blank)
            .is_err(),
        "a blank reason is no reason"
    );
    let reason = Some("komt toch, belde om 16:10");
    attendance::set_pattern(&mut f.store, &senior, after_the_cut_off(), f.applicant, f.market, wednesday(), reason)
        .unwrap();
    assert!(comes(&mut f, |f| f.applicant));
    let audit = markt::audit::for_entity(
        &mut f.store,
        &f.admin,
        "attendance_pattern",
        &format!("{}/{}", f.applicant, f.market),
    )
    .unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.action, "attendance.pattern");
    assert!(last.after.as_deref().unwrap().contains("komt toch, belde om 16:10"), "{last:?}");
}

#[test]
fn an_absence_added_after_the_cut_off_for_tomorrow_needs_a_senior() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let (holder, market) = (f.holder, f.market);
    let ill = move |reason: &str| AbsenceInput {
        vendor: holder,
        market,
        from: d("2026-03-03"),
        until: d("2026-03-10"),
        reason: reason.into(),
    };
    let err = attendance::add_absence(&mut f.store, &sup, after_the_cut_off(), &ill("ziek")).unwrap_err();
    assert!(
        matches!(err, Error::Forbidden { action: markt::Action::ChangeAttendanceAfterCutoff, .. }),
        "an absence is a second door to tomorrow's sign-off: {err:?}"
    );
    assert!(comes(&mut f, |f| f.holder));
    let err = attendance::add_absence(&mut f.store, &senior, after_the_cut_off(), &ill("")).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "reason", "after the cut-off the absence needs its reason: {err:?}");
    attendance::add_absence(&mut f.store, &senior, after_the_cut_off(), &ill("ziek, belde om 16:10")).unwrap();
    assert!(!comes(&mut f, |f| f.holder));
    // An absence that starts after tomorrow, or one for an applicant who did not sign on,
    // changes nothing tomorrow: the supervisor may.
    let later = AbsenceInput { from: d("2026-03-11"), until: d("2026-03-18"), ..ill("vakantie") };
    attendance::add_absence(&mut f.store, &sup, after_the_cut_off(), &later).unwrap();
    let applicant = AbsenceInput { vendor: f.applicant, ..ill("") };
    attendance::add_absence(&mut f.store, &sup, after_the_cut_off(), &applicant).unwrap();
}

#[test]
fn an_absence_ended_early_or_removed_after_the_cut_off_needs_a_senior_and_is_audited() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let early = at("2026-02-20", 10);
    let holiday = AbsenceInput {
        vendor: f.holder,
        market: f.market,
        from: d("2026-03-01"),
        until: d("2026-03-20"),
        reason: "vakantie".into(),
    };
    let id = attendance::add_absence(&mut f.store, &sup, early, &holiday).unwrap();
    assert!(!comes(&mut f, |f| f.holder));

    // Ending it on Tuesday brings the holder back tomorrow.
    let back = d("2026-03-03");
    let err = attendance::end_absence(&mut f.store, &sup, after_the_cut_off(), id, back, None).unwrap_err();
    assert!(matches!(err, Error::Forbidden { action: markt::Action::ChangeAttendanceAfterCutoff, .. }), "{err:?}");
    let err = attendance::end_absence(&mut f.store, &senior, after_the_cut_off(), id, back, None).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "reason");
    // Only earlier, never before its start.
    for wrong in ["2026-03-20", "2026-03-25", "2026-02-28"] {
        let err = attendance::end_absence(&mut f.store, &senior, early, id, d(wrong), None).unwrap_err();
        assert_eq!(err.field_errors()[0].field, "until", "{wrong}: {err:?}");
    }
    attendance::end_absence(&mut f.store, &senior, after_the_cut_off(), id, back, Some("eerder terug")).unwrap();
    assert!(comes(&mut f, |f| f.holder));
    let kept = attendance::absences(&mut f.store, &f.admin, f.holder, f.market).unwrap();
    assert_eq!(kept.iter().map(|a| (a.from, a.until)).collect::<Vec<_>>(), [(d("2026-03-01"), back)]);

    // Removing a period that covers tomorrow: a senior with a reason. One that does not: anyone.
    let sick = AbsenceInput { from: d("2026-03-04"), until: d("2026-03-04"), ..holiday.clone() };
    let sick = attendance::add_absence(&mut f.store, &sup, early, &sick).unwrap();
    let later = AbsenceInput { from: d("2026-04-01"), until: d("2026-04-30"), ..holiday };
    let later = attendance::add_absence(&mut f.store, &sup, early, &later).unwrap();
    assert!(!comes(&mut f, |f| f.holder));
    let err = attendance::remove_absence(&mut f.store, &sup, after_the_cut_off(), sick, None).unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    attendance::remove_absence(&mut f.store, &senior, after_the_cut_off(), sick, Some("toch gezond")).unwrap();
    attendance::remove_absence(&mut f.store, &sup, after_the_cut_off(), later, None).unwrap();
    assert!(comes(&mut f, |f| f.holder));
    assert_eq!(attendance::absences(&mut f.store, &f.admin, f.holder, f.market).unwrap().len(), 1);
    let err = attendance::remove_absence(&mut f.store, &sup, after_the_cut_off(), later, None).unwrap_err();
    assert_eq!(err.code(), "not_found");

    // Every change is in the audit log, the removed period with it.
    let ended = markt::audit::for_entity(&mut f.store, &f.admin, "absence_period", &id.to_string()).unwrap();
    let actions: Vec<&str> = ended.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["absence.create", "absence.end"]);
    assert!(ended[1].before.as_deref().unwrap().contains("2026-03-20"));
    assert!(ended[1].after.as_deref().unwrap().contains("eerder terug"));
    let removed = markt::audit::for_entity(&mut f.store, &f.admin, "absence_period", &sick.to_string()).unwrap();
    let last = removed.last().unwrap();
    assert_eq!(last.action, "absence.remove");
    assert!(last.before.as_deref().unwrap().contains("2026-03-04"), "the removed period is kept: {last:?}");
    assert!(last.after.as_deref().unwrap().contains("toch gezond"));
}

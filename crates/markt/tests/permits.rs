//! Permits as the foundation stores them: priced by the fee engine, fixed products
//! deducted, `lot` without a registration, a second permit needs a reason, corrections by
//! void and reversal only, and `markt check` balancing the books.

mod common;

use common::*;
use markt::check;
use markt::code::*;
use markt::market;
use markt::permit;
use markt::tariff;
use markt::ticket::{self, TicketInput};
use markt::{Cents, Error};

#[test]
fn a_fixed_holder_pays_only_for_what_is_not_fixed() {
    let mut f = fixture();
    let mut input = f.permit_input(f.holder);
    input.requested = [("stalls_3m".into(), 2), ("electricity".into(), 1)].into_iter().collect();
    let id = issue(&mut f, &input);
    let p = permit::get(&mut f.store, &f.admin, id).unwrap();
    assert_eq!(p.status, PermitStatus::Vpl);
    let lines = permit::lines(&mut f.store, &f.admin, id).unwrap();
    let by_label: Vec<(&str, i64, i64)> = lines.iter().map(|l| (l.label.as_str(), l.quantity, l.price.0)).collect();
    // 6 m requested, 3 m fixed; electricity fixed; the promo levy is charged always.
    assert_eq!(
        by_label,
        vec![
            ("afgenomen meters", 3, 246),
            ("afgenomen meters (vast)", 3, 0),
            ("elektra (vast)", 1, 0),
            ("promotiegelden per koopman", 1, 115),
            ("reiniging", 3, 47),
            ("reiniging (vast)", 3, 0),
        ]
    );
    // 7.38 + 1.15 + 1.41 + VAT 21 % of 1.41 (0.30) = 10.24
    let total: Cents = lines.iter().map(|l| l.incl).sum();
    assert_eq!(total, Cents(1024));
    let payments = permit::payments(&mut f.store, &f.admin, id).unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!((payments[0].method, payments[0].amount), (PaymentMethod::Pin, Cents(1024)));
    // The same request quoted without saving gives the same lines.
    let quote = tariff::quote(
        &mut f.store,
        &f.admin,
        f.market,
        &markt::fee::QuoteRequest {
            market_day: d(DAY),
            status: PermitStatus::Vpl,
            fixed: [("stalls_3m".into(), 1), ("electricity".into(), 1)].into_iter().collect(),
            requested: input.requested.clone(),
        },
    )
    .unwrap();
    assert_eq!(quote.total_incl, total);
}

#[test]
fn without_a_registration_the_status_is_lot_and_nothing_is_deducted() {
    let mut f = fixture();
    let id = {
        let input = f.permit_input(f.stranger);
        issue(&mut f, &input)
    };
    let p = permit::get(&mut f.store, &f.admin, id).unwrap();
    assert_eq!(p.status, PermitStatus::Lot);
    assert!(permit::lines(&mut f.store, &f.admin, id).unwrap().iter().all(|l| !l.fixed));
    let applicant = {
        let input = f.permit_input(f.applicant);
        issue(&mut f, &input)
    };
    assert_eq!(permit::get(&mut f.store, &f.admin, applicant).unwrap().status, PermitStatus::Soll);
}

#[test]
fn a_second_permit_on_a_day_needs_a_reason() {
    let mut f = fixture();
    {
        let input = f.permit_input(f.stranger);
        issue(&mut f, &input)
    };
    let sup = f.supervisor.clone();
    // The fixture's stranger form answers the "no registration" doubt; here it asks anew.
    let again = permit::PermitInput { override_reason: None, ..f.permit_input(f.stranger) };
    let err = permit::issue(&mut f.store, &sup, at(DAY, 9), &again).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "override_reason");
    assert!(err.to_string().contains("D2026-000001"), "names the other permit: {err}");
    let with_reason = permit::PermitInput { override_reason: Some("ochtend en middag".into()), ..again };
    let id = permit::issue(&mut f.store, &sup, at(DAY, 9), &with_reason).unwrap();
    assert_eq!(permit::get(&mut f.store, &f.admin, id).unwrap().override_reason.as_deref(), Some("ochtend en middag"));
}

/// Issues `input` without a reason and expects it refused on the override reason with a
/// message naming `stall` and `why`; then issues it with a reason, which the permit and the
/// day view keep. The counter's preview shows the warning first, needing a reason.
fn stall_needs_a_reason(f: &mut Fixture, input: permit::PermitInput, code: &str, stall: &str, why: &str) {
    let sup = f.supervisor.clone();
    let preview = markt::counter::preview(&mut f.store, &f.admin, &input).unwrap();
    let w = preview.warnings.iter().find(|w| w.stall_problem().is_some()).expect("a stall warning in the preview");
    assert!(w.needs_reason(), "{code}: {w:?}");
    let said = w.message().to_lowercase();
    assert!(said.contains(&format!("plaats {stall}")) && said.contains(&why.to_lowercase()), "{}", w.message());
    let err = permit::issue(&mut f.store, &sup, at(DAY, 9), &input).unwrap_err();
    let fields = err.field_errors();
    assert_eq!(fields.len(), 1, "{err}");
    assert_eq!(fields[0].field, "override_reason", "{err}");
    assert!(fields[0].message.contains(&format!("plaats {stall}")), "names the stall: {}", fields[0].message);
    assert!(fields[0].message.contains(why), "says why: {}", fields[0].message);
    let reason = format!("{code}: met de marktmeester afgesproken");
    let with_reason = permit::PermitInput { override_reason: Some(reason.clone()), ..input };
    let id = permit::issue(&mut f.store, &sup, at(DAY, 9), &with_reason).unwrap();
    assert_eq!(permit::get(&mut f.store, &f.admin, id).unwrap().override_reason.as_deref(), Some(reason.as_str()));
    let view = markt::day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    let row = view.permits.iter().find(|p| p.id == id).expect("in the day view");
    assert_eq!(row.override_reason.as_deref(), Some(reason.as_str()), "the day view shows the reason");
}

#[test]
fn a_permit_on_an_unknown_stall_needs_a_reason() {
    let mut f = fixture();
    let mut input = f.permit_input(f.applicant);
    input.stalls = vec!["99".into()];
    stall_needs_a_reason(&mut f, input, "onbekend", "99", "bestaat niet op deze markt");
}

#[test]
fn a_permit_on_a_blocked_stall_needs_a_reason() {
    let mut f = fixture();
    let senior = f.senior.clone();
    markt::market::block_stall(&mut f.store, &senior, at("2026-03-01", 10), f.stalls[3], d(DAY), "Werk aan de weg")
        .unwrap();
    let input = f.permit_input(f.applicant);
    assert_eq!(input.stalls, ["4"]);
    stall_needs_a_reason(&mut f, input, "geblokkeerd", "4", "vandaag geblokkeerd");
    // Another day the stall is not blocked: no reason asked.
    let sup = f.supervisor.clone();
    let other_day = permit::PermitInput { day: d("2026-03-11"), ..f.permit_input(f.applicant) };
    permit::issue(&mut f.store, &sup, at("2026-03-11", 8), &other_day).unwrap();
}

#[test]
fn a_permit_on_a_stall_already_given_that_day_needs_a_reason() {
    let mut f = fixture();
    let first = f.permit_input(f.applicant);
    let first_id = issue(&mut f, &first);
    let invoice = permit::get(&mut f.store, &f.admin, first_id).unwrap().invoice_number;
    let mut input = f.permit_input(f.stranger);
    input.stalls = vec!["4".into()];
    // Without a reason the error names the taken stall (beside the missing registration).
    input.override_reason = None;
    stall_needs_a_reason(&mut f, input, "al uitgegeven", "4", &format!("al uitgegeven aan A. Bakker ({invoice})"));
    // A voided permit gives its stall back: the next permit on it needs no reason.
    let sup = f.supervisor.clone();
    let senior = f.senior.clone();
    let mut on_six = f.permit_input(f.holder);
    on_six.stalls = vec!["6".into()];
    let six = issue(&mut f, &on_six);
    permit::void(&mut f.store, &senior, at(DAY, 10), six, "verkeerde plaats").unwrap();
    permit::issue(&mut f.store, &sup, at(DAY, 10), &on_six).unwrap();
}

/// A typed number finds its stall without regard to case, also outside ASCII, and a stall
/// is taken only by a permit that has that very number (not one whose number contains it).
#[test]
fn stall_numbers_compare_without_case_and_whole() {
    let mut f = fixture();
    let admin = f.admin.clone();
    for number in ["C10a", "14", "Ä7"] {
        market::add_stall(&mut f.store, &admin, at("2026-03-01", 9), &stall_input(f.row, number)).unwrap();
    }
    let problems = |f: &mut Fixture, typed: &str| -> Vec<String> {
        let mut input = f.permit_input(f.applicant);
        input.stalls = vec![typed.into()];
        let preview = markt::counter::preview(&mut f.store, &f.admin, &input).unwrap();
        preview.warnings.iter().filter(|w| w.stall_problem().is_some()).map(|w| w.message()).collect()
    };
    assert_eq!(problems(&mut f, "c10A"), Vec::<String>::new(), "C10a is found as c10A");
    assert_eq!(problems(&mut f, "ä7"), Vec::<String>::new(), "Ä7 is found as ä7");
    // The Kelvin sign (U+212A) lower-cases to an ASCII k: typed, it still finds stall k1.
    market::add_stall(&mut f.store, &admin, at("2026-03-01", 9), &stall_input(f.row, "k1")).unwrap();
    assert_eq!(problems(&mut f, "\u{212A}1"), Vec::<String>::new(), "k1 is found as K1 with a Kelvin sign");
    // A permit on 14 does not take stall 4 (nor 1); one on c10a takes C10a, one on ä7 takes Ä7.
    let sup = f.supervisor.clone();
    let mut on = f.permit_input(f.holder);
    on.stalls = vec!["14".into(), "c10a".into(), "ä7".into()];
    on.override_reason = Some("drie plaatsen vandaag".into());
    permit::issue(&mut f.store, &sup, at(DAY, 8), &on).unwrap();
    assert_eq!(problems(&mut f, "4"), Vec::<String>::new(), "stall 4 is free though 14 is given");
    let taken = problems(&mut f, "C10A");
    assert!(taken.len() == 1 && taken[0].contains("Plaats C10a") && taken[0].contains("al uitgegeven"), "{taken:?}");
    let taken = problems(&mut f, "Ä7");
    assert!(taken.len() == 1 && taken[0].contains("Plaats Ä7") && taken[0].contains("al uitgegeven"), "{taken:?}");
    let unknown = problems(&mut f, "10a");
    assert!(unknown.len() == 1 && unknown[0].contains("bestaat niet"), "{unknown:?}");
}

#[test]
fn a_day_without_a_plan_saves_nothing() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let mut input = f.permit_input(f.stranger);
    input.day = d("2025-12-31"); // a Wednesday before the only plan
    let before = f.audit_rows();
    let err = permit::issue(&mut f.store, &sup, at("2025-12-31", 8), &input).unwrap_err();
    assert_eq!(err.code(), "no_tariff_plan");
    assert!(err.to_string().contains("Markt WM"), "{err}");
    assert_eq!(f.audit_rows(), before);
    let permits: i64 = f.store.conn().query_row("SELECT count(*) FROM daily_permit", [], |r| r.get(0)).unwrap();
    assert_eq!(permits, 0);
}

#[test]
fn a_market_is_not_held_every_day() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let mut input = f.permit_input(f.stranger);
    input.day = d("2026-03-05"); // a Thursday; the market is on Wednesdays
    let err = permit::issue(&mut f.store, &sup, at("2026-03-05", 8), &input).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "day");
}

#[test]
fn void_and_reissue_keep_both_and_money_nets_to_zero() {
    let mut f = fixture();
    let old = {
        let input = f.permit_input(f.stranger);
        issue(&mut f, &input)
    };
    let sup = f.supervisor.clone();
    let mut input = f.permit_input(f.stranger);
    input.requested.insert("extra_meters".into(), 2);
    let new = permit::reissue(&mut f.store, &sup, at(DAY, 9), old, "verkeerd aantal meters", &input).unwrap();
    let old_p = permit::get(&mut f.store, &f.admin, old).unwrap();
    let new_p = permit::get(&mut f.store, &f.admin, new).unwrap();
    assert_eq!(old_p.voided.as_ref().map(|v| v.0.as_str()), Some("verkeerd aantal meters"));
    assert!(new_p.voided.is_none());
    assert_eq!(new_p.replaces, Some(old));
    let old_paid: Cents = permit::payments(&mut f.store, &f.admin, old).unwrap().iter().map(|p| p.amount).sum();
    assert_eq!(old_paid, Cents::ZERO, "the voided permit's payment is reversed");
    assert_eq!(permit::payments(&mut f.store, &f.admin, old).unwrap().len(), 2, "the original payment stays visible");
    assert!(!permit::lines(&mut f.store, &f.admin, old).unwrap().is_empty(), "the voided permit keeps its lines");
    let err = permit::void(&mut f.store, &sup, at(DAY, 9), old, "nogmaals").unwrap_err();
    assert!(matches!(err, Error::Conflict(_)));
    assert!(check::run(&mut f.store).unwrap().ok());
}

#[test]
fn a_payment_is_reversed_once_and_then_paid_again() {
    let mut f = fixture();
    let id = {
        let input = f.permit_input(f.stranger);
        issue(&mut f, &input)
    };
    let sup = f.supervisor.clone();
    let pay = permit::payments(&mut f.store, &f.admin, id).unwrap()[0].clone();
    let rev = permit::reverse_payment(&mut f.store, &sup, at(DAY, 9), pay.id, "pin in plaats van contant").unwrap();
    assert!(permit::reverse_payment(&mut f.store, &sup, at(DAY, 9), pay.id, "nog eens").is_err());
    assert!(permit::reverse_payment(&mut f.store, &sup, at(DAY, 9), rev, "terug").is_err());
    // Open now: the books do not balance until it is paid again.
    let report = check::run(&mut f.store).unwrap();
    assert!(!report.ok());
    assert_eq!(report.unbalanced_days().count(), 1);
    assert_eq!(report.permit_problems.len(), 1);
    permit::pay_open_amount(&mut f.store, &sup, at(DAY, 9), id, PaymentMethod::Cash).unwrap();
    let payments = permit::payments(&mut f.store, &f.admin, id).unwrap();
    assert_eq!(payments.iter().map(|p| p.amount).sum::<Cents>(), pay.amount);
    assert_eq!(payments[2].method, PaymentMethod::Cash);
    assert!(
        permit::pay_open_amount(&mut f.store, &sup, at(DAY, 9), id, PaymentMethod::Cash).is_err(),
        "nothing more to pay"
    );
    assert!(check::run(&mut f.store).unwrap().ok());
}

#[test]
fn tickets_are_numbered_per_year_and_warn_first() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let input = |day: &str, code: &str| TicketInput {
        market: f.market,
        day: d(day),
        time: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        stall: "3".into(),
        vendor: Some(f.stranger),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: code.into(),
        note: String::new(),
    };
    let a = ticket::create(&mut f.store, &sup, at("2026-03-04", 11), &input("2026-03-04", "V01")).unwrap();
    // Only a ticket handed out counts as an earlier offence.
    ticket::transition(&mut f.store, &sup, at("2026-03-04", 12), a, TicketStatus::Issued, None).unwrap();
    let b = ticket::create(&mut f.store, &sup, at("2026-06-03", 11), &input("2026-06-03", "V01")).unwrap();
    let c = ticket::create(&mut f.store, &sup, at("2027-01-06", 11), &input("2027-01-06", "V03")).unwrap();
    let e = ticket::create(&mut f.store, &sup, at("2027-06-09", 11), &input("2027-06-09", "V01")).unwrap();
    let t = |f: &mut Fixture, id| ticket::get(&mut f.store, &f.admin, id).unwrap();
    let (ta, tb, tc, te) = (t(&mut f, a), t(&mut f, b), t(&mut f, c), t(&mut f, e));
    assert_eq!((ta.number.as_str(), ta.decision, ta.amount), ("B2026-000001", TicketDecision::Warning, Cents(0)));
    assert_eq!((tb.number.as_str(), tb.decision, tb.amount), ("B2026-000002", TicketDecision::Fine, Cents(7500)));
    assert_eq!((tc.number.as_str(), tc.decision), ("B2027-000001", TicketDecision::Fine));
    // More than 12 months after the last V01 ticket: a warning again.
    assert_eq!((te.number.as_str(), te.decision), ("B2027-000002", TicketDecision::Warning));
    assert_eq!(ta.due_date, Some(d("2026-04-03")), "30 days from the day it was handed out");
    assert_eq!((tb.status, tb.due_date), (TicketStatus::Draft, None), "a draft has no due date yet");
}

#[test]
fn the_vendor_page_lists_the_permits_newest_first_with_voids_and_what_is_on_account() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let senior = f.senior.clone();
    // Three Wednesdays: pin, on account, and on account voided later.
    let mut ids = Vec::new();
    for (day, method) in [
        ("2026-03-04", PaymentMethod::Pin),
        ("2026-03-11", PaymentMethod::OnAccount),
        ("2026-03-18", PaymentMethod::OnAccount),
    ] {
        let mut input = f.permit_input(f.stranger);
        input.day = d(day);
        input.payment = method;
        ids.push(permit::issue(&mut f.store, &sup, at(day, 8), &input).unwrap());
    }
    permit::void(&mut f.store, &senior, at("2026-03-18", 10), ids[2], "verkeerde dag").unwrap();
    let total = |f: &mut Fixture, id| -> Cents {
        permit::lines(&mut f.store, &f.admin, id).unwrap().iter().map(|l| l.incl).sum()
    };
    let totals: Vec<Cents> = ids.iter().map(|id| total(&mut f, *id)).collect();

    let page = permit::of_vendor(&mut f.store, &sup, f.stranger, 10).unwrap();
    assert_eq!(page.count, 3);
    let listed: Vec<_> = page
        .permits
        .iter()
        .map(|p| (p.id, p.day, p.market_code.as_str(), p.total, p.method, p.voided.as_deref()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (ids[2], d("2026-03-18"), "WM", totals[2], Some(PaymentMethod::OnAccount), Some("verkeerde dag")),
            (ids[1], d("2026-03-11"), "WM", totals[1], Some(PaymentMethod::OnAccount), None),
            (ids[0], d("2026-03-04"), "WM", totals[0], Some(PaymentMethod::Pin), None),
        ],
        "newest first; the voided one marked with its reason and the method it had"
    );
    assert_eq!(page.permits[0].paid, Cents::ZERO, "the void reversed its payment");
    assert_eq!(page.permits[1].paid, totals[1]);
    let numbers: Vec<String> =
        ids.iter().rev().map(|id| permit::get(&mut f.store, &f.admin, *id).unwrap().invoice_number).collect();
    assert_eq!(page.permits.iter().map(|p| p.invoice_number.clone()).collect::<Vec<_>>(), numbers);
    assert!(page.permits.iter().all(|p| p.market_name == "Markt WM"));
    // On account: the second permit only; the voided one's on-account payment was reversed.
    assert_eq!(page.on_account, totals[1]);
    assert_eq!(page.unpaid, Cents::ZERO);

    // A payment reversed and not taken again is open on a valid permit.
    let pay = permit::payments(&mut f.store, &sup, ids[0]).unwrap()[0].clone();
    permit::reverse_payment(&mut f.store, &sup, at("2026-03-04", 9), pay.id, "pin mislukt").unwrap();
    let page = permit::of_vendor(&mut f.store, &sup, f.stranger, 2).unwrap();
    assert_eq!((page.count, page.permits.len()), (3, 2), "the limit, and how many there are in all");
    assert_eq!(page.permits[1].id, ids[1]);
    assert_eq!(page.unpaid, totals[0]);

    // A vendor without permits, an unknown vendor, and finance (who reads no vendors).
    let none = permit::of_vendor(&mut f.store, &sup, f.applicant, 10).unwrap();
    assert_eq!((none.count, none.permits.len(), none.on_account), (0, 0, Cents::ZERO));
    assert!(matches!(
        permit::of_vendor(&mut f.store, &sup, markt::ids::VendorId(999), 10),
        Err(Error::NotFound { .. })
    ));
    let finance = f.finance.clone();
    assert!(matches!(permit::of_vendor(&mut f.store, &finance, f.stranger, 10), Err(Error::Forbidden { .. })));
}

//! Controls, the daily sample and tickets (inspections.md).

mod common;

use std::collections::BTreeSet;

use common::*;
use markt::code::*;
use markt::control::{self, ControlInput};
use markt::ids::PermitId;
use markt::permit::{self, PermitInput};
use markt::sample::{self, Candidate};
use markt::ticket::{self, TicketInput};
use markt::{Cents, Error};
use proptest::prelude::*;

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::vec((any::<bool>(), any::<bool>(), 0u8..10), 0..80).prop_map(|v| {
        v.into_iter()
            .enumerate()
            // Enforcement requests are rare: one in ten.
            .map(|(i, (a, b, e))| Candidate { permit: PermitId(i as i64 + 1), enforcement: e == 0, in_person: a || b })
            .collect()
    })
}

proptest! {
    #[test]
    fn the_sample_follows_inspections_md(pool in candidates(), size in 0usize..25, seed in any::<u64>()) {
        let s = sample::draw(&pool, size, seed);
        let count = |r: SampleReason| s.iter().filter(|(_, x)| *x == r).count();
        let enf = pool.iter().filter(|c| c.enforcement).count();
        let absent = pool.iter().filter(|c| !c.enforcement && !c.in_person).count();
        let present = pool.iter().filter(|c| !c.enforcement && c.in_person).count();
        let r = size.saturating_sub(enf);
        let nip = (3 * r).div_ceil(4).min(absent);
        let rnd = (r / 4).min(present);
        let top = r.saturating_sub(nip + rnd).min(present - rnd);
        prop_assert_eq!(count(SampleReason::Enforcement), enf, "every enforcement permit is in");
        prop_assert_eq!(count(SampleReason::NotInPerson), nip);
        prop_assert_eq!(count(SampleReason::Random), rnd);
        prop_assert_eq!(count(SampleReason::TopUp), top);
        prop_assert_eq!(s.len(), enf + nip + rnd + top);
        let ids: BTreeSet<_> = s.iter().map(|(p, _)| *p).collect();
        prop_assert_eq!(ids.len(), s.len(), "no permit twice");
        for (p, why) in &s {
            let c = pool.iter().find(|c| c.permit == *p).expect("a member comes from the pool");
            match why {
                SampleReason::Enforcement => prop_assert!(c.enforcement),
                SampleReason::NotInPerson => prop_assert!(!c.enforcement && !c.in_person),
                SampleReason::Random | SampleReason::TopUp => prop_assert!(!c.enforcement && c.in_person),
            }
        }
        prop_assert_eq!(sample::draw(&pool, size, seed), s, "reproducible from its seed");
    }
}

/// Four permits on the fixture's day, one of them not in person.
fn day_with_permits(f: &mut Fixture) -> Vec<PermitId> {
    let sup = f.supervisor.clone();
    let mut ids = Vec::new();
    for (vendor, presence) in
        [(f.holder, Presence::InPerson), (f.applicant, Presence::Partner), (f.stranger, Presence::InPerson)]
    {
        let input = PermitInput { presence, ..f.permit_input(vendor) };
        ids.push(permit::issue(&mut f.store, &sup, at(DAY, 8), &input).unwrap());
    }
    ids
}

#[test]
fn a_sample_is_drawn_once_and_redrawn_by_a_senior_with_a_reason() {
    let mut f = fixture();
    let permits = day_with_permits(&mut f);
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let id = sample::draw_sample(&mut f.store, &sup, at(DAY, 9), f.market, d(DAY), 1234).unwrap();
    let s = sample::current(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap();
    assert_eq!(s.id, id);
    assert_eq!(s.members.len(), 3, "a sample of 10 takes all three permits");
    assert!(s.reproduces());
    assert_eq!(s.size, 10, "drawn with the market's size");
    assert_eq!(s.members.iter().filter(|(_, r)| *r == SampleReason::NotInPerson).count(), 1);
    assert!(matches!(
        sample::draw_sample(&mut f.store, &sup, at(DAY, 9), f.market, d(DAY), 1),
        Err(Error::Conflict(_))
    ));

    // A control of the round, then a redraw: the supervisor may not, the senior must say why.
    let control = control::record(
        &mut f.store,
        &sup,
        at(DAY, 10),
        &ControlInput {
            permit: permits[0],
            round: 1,
            presence: Presence::InPerson,
            substitute: None,
            substitute_name: None,
            products: Default::default(),
            note: String::new(),
        },
    )
    .unwrap();
    assert!(matches!(
        sample::redraw(&mut f.store, &sup, at(DAY, 11), f.market, d(DAY), 99, "opnieuw"),
        Err(Error::Forbidden { action: markt::Action::RedrawSample, .. })
    ));
    let err = sample::redraw(&mut f.store, &senior, at(DAY, 11), f.market, d(DAY), 99, " ").unwrap_err();
    assert_eq!(err.field_errors()[0].field, "reason");
    let new =
        sample::redraw(&mut f.store, &senior, at(DAY, 11), f.market, d(DAY), 99, "verkeerde markt geteld").unwrap();
    let history = sample::history(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(history.len(), 2, "the first sample stays on record");
    assert_eq!(history[1].replaces, Some((id, "verkeerde markt geteld".to_string())));
    assert_eq!(sample::current(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap().id, new);
    assert!(
        control::of_permit(&mut f.store, &f.admin, permits[0]).unwrap().is_empty(),
        "the day's controls are removed"
    );
    let removed = markt::audit::for_entity(&mut f.store, &f.admin, "control", &control.to_string()).unwrap();
    assert_eq!(removed.last().unwrap().action, "control.remove");
    assert!(removed.last().unwrap().before.is_some(), "the audit log keeps the removed control");
    // Voiding a permit later does not change what the sample was drawn from.
    permit::void(&mut f.store, &sup, at(DAY, 12), permits[1], "dubbel").unwrap();
    assert!(sample::current(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap().reproduces());
}

#[test]
fn a_sample_still_reproduces_after_the_market_s_sample_size_changes() {
    let mut f = fixture();
    day_with_permits(&mut f);
    let (sup, admin) = (f.supervisor.clone(), f.admin.clone());
    sample::draw_sample(&mut f.store, &sup, at(DAY, 9), f.market, d(DAY), 1234).unwrap();
    let round = sample::round(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap();
    assert_eq!(round.entries.len(), 3, "a sample of 10 takes all three permits");
    assert!(round.reproduces);
    // The admin makes the market's sample smaller afterwards: with 2, the same seed would
    // take one not-in-person permit and top up with one, not the three drawn.
    let mut smaller = market_input("WM");
    smaller.sample_size = 2;
    markt::market::update(&mut f.store, &admin, at(DAY, 12), f.market, &smaller).unwrap();
    let round = sample::round(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap();
    assert_eq!(round.entries.len(), 3, "the stored sample stays as drawn");
    assert!(round.reproduces, "re-run with the size it was drawn with, not today's");
}

#[test]
fn enforcement_permits_are_always_in_the_sample() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let mut flagged = vendor_input("1990020201", "Visser");
    flagged.enforcement_until = Some(d(DAY));
    markt::vendor::update(&mut f.store, &senior, at(DAY, 7), f.stranger, &flagged).unwrap();
    let admin = f.admin.clone();
    let mut small = market_input("WM");
    small.sample_size = 1;
    markt::market::update(&mut f.store, &admin, at(DAY, 7), f.market, &small).unwrap();
    let permits = day_with_permits(&mut f);
    let sup = f.supervisor.clone();
    for seed in 0..20 {
        // Each seed on its own market day would need more fixture; the pure draw shows it.
        let s = sample::draw(
            &[
                Candidate { permit: permits[0], enforcement: false, in_person: true },
                Candidate { permit: permits[1], enforcement: false, in_person: false },
                Candidate { permit: permits[2], enforcement: true, in_person: true },
            ],
            1,
            seed,
        );
        assert_eq!(s, vec![(permits[2], SampleReason::Enforcement)]);
    }
    sample::draw_sample(&mut f.store, &sup, at(DAY, 9), f.market, d(DAY), 5).unwrap();
    let s = sample::current(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().unwrap();
    assert_eq!(s.members, vec![(permits[2], SampleReason::Enforcement)]);
}

#[test]
fn ticket_numbers_run_per_year_and_a_void_keeps_its_number() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let input = |day: &str| TicketInput {
        market: f.market,
        day: d(day),
        time: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        stall: "3".into(),
        vendor: Some(f.stranger),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: "V03".into(),
        note: String::new(),
    };
    let a = ticket::create(&mut f.store, &sup, at("2026-12-30", 11), &input("2026-12-30")).unwrap();
    let b = ticket::create(&mut f.store, &sup, at("2026-12-31", 11), &input("2026-12-31")).unwrap();
    ticket::transition(&mut f.store, &senior, at("2026-12-31", 12), b, TicketStatus::Void, Some("verkeerde plaats"))
        .unwrap();
    let c = ticket::create(&mut f.store, &sup, at("2027-01-02", 11), &input("2027-01-02")).unwrap();
    let d2 = ticket::create(&mut f.store, &sup, at("2026-12-31", 15), &input("2026-12-31")).unwrap();
    let n = |f: &mut Fixture, id| ticket::get(&mut f.store, &f.admin, id).unwrap().number;
    assert_eq!(n(&mut f, a), "B2026-000001");
    assert_eq!(n(&mut f, b), "B2026-000002");
    assert_eq!(ticket::get(&mut f.store, &f.admin, b).unwrap().status, TicketStatus::Void);
    assert_eq!(n(&mut f, c), "B2027-000001");
    assert_eq!(n(&mut f, d2), "B2026-000003", "a void does not free its number");
}

#[test]
fn every_transition_is_allowed_or_refused_with_a_clear_error() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let new_ticket = |f: &mut Fixture| ticket_on(f, DAY, "V03");
    // Walk each path; refusals name the ticket and both statuses.
    let t = new_ticket(&mut f);
    let err = ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Paid, None).unwrap_err();
    assert!(matches!(&err, Error::Conflict(m) if m.contains("concept") && m.contains("betaald")), "{err}");
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Issued, None).unwrap();
    let err = ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Paid, None).unwrap_err();
    assert!(matches!(&err, Error::Conflict(m) if m.contains("niet (helemaal) betaald")), "paid needs the money");
    ticket::pay(&mut f.store, &sup, at(DAY, 13), t, PaymentMethod::Pin, Cents(10000)).unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, t).unwrap().status, TicketStatus::Paid);
    let err = ticket::transition(&mut f.store, &senior, at(DAY, 14), t, TicketStatus::Void, Some("x")).unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "a paid ticket is never voided");

    let t = new_ticket(&mut f);
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Issued, None).unwrap();
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Objection, Some("brief")).unwrap();
    assert!(
        ticket::pay(&mut f.store, &sup, at(DAY, 13), t, PaymentMethod::Pin, Cents(100)).is_err(),
        "not payable in objection"
    );
    ticket::transition(&mut f.store, &senior, at(DAY, 20), t, TicketStatus::Upheld, Some("ongegrond")).unwrap();
    assert!(ticket::get(&mut f.store, &f.admin, t).unwrap().overdue(d(DAY) + chrono::Days::new(31)));
    ticket::pay(&mut f.store, &sup, at(DAY, 21), t, PaymentMethod::Cash, Cents(10000)).unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, t).unwrap().status, TicketStatus::Paid);

    let t = new_ticket(&mut f);
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Issued, None).unwrap();
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Objection, None).unwrap();
    ticket::transition(&mut f.store, &senior, at(DAY, 20), t, TicketStatus::Withdrawn, Some("gegrond")).unwrap();
    assert!(!ticket::get(&mut f.store, &f.admin, t).unwrap().overdue(d(DAY) + chrono::Days::new(60)));
    assert!(matches!(
        ticket::transition(&mut f.store, &sup, at(DAY, 21), t, TicketStatus::Void, Some("x")),
        Err(Error::Forbidden { action: markt::Action::VoidTicket, .. })
    ));
    let err = ticket::transition(&mut f.store, &senior, at(DAY, 21), t, TicketStatus::Void, None).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "reason");
    ticket::transition(&mut f.store, &senior, at(DAY, 21), t, TicketStatus::Void, Some("dossier gesloten")).unwrap();
}

#[test]
fn a_vendors_controls_are_listed_newest_first_with_their_permit() {
    let mut f = fixture();
    let permits = day_with_permits(&mut f);
    let sup = f.supervisor.clone();
    for (round, presence) in [(1, Presence::InPerson), (2, Presence::Absent)] {
        let input = ControlInput {
            permit: permits[1],
            round,
            presence,
            substitute: None,
            substitute_name: None,
            products: Default::default(),
            note: format!("ronde {round}"),
        };
        control::record(&mut f.store, &sup, at(DAY, 9 + round as u32), &input).unwrap();
    }
    let input = ControlInput {
        permit: permits[0],
        round: 1,
        presence: Presence::InPerson,
        substitute: None,
        substitute_name: None,
        products: Default::default(),
        note: String::new(),
    };
    control::record(&mut f.store, &sup, at(DAY, 10), &input).unwrap();

    let history = control::of_vendor(&mut f.store, &f.admin, f.applicant, 50).unwrap();
    assert_eq!(history.len(), 2, "only the applicant's permit's controls");
    assert_eq!(history.iter().map(|h| h.control.round).collect::<Vec<_>>(), [2, 1], "newest first");
    assert_eq!(history[0].control.presence, Presence::Absent);
    assert_eq!(history[0].permit_presence, Presence::Partner, "the permit's own presence beside it");
    assert_eq!(history[0].day, d(DAY));
    let permit = permit::get(&mut f.store, &f.admin, permits[1]).unwrap();
    assert_eq!(history[0].invoice_number, permit.invoice_number);
    assert_eq!(control::of_vendor(&mut f.store, &f.admin, f.applicant, 1).unwrap().len(), 1, "the limit holds");
    assert!(control::of_vendor(&mut f.store, &f.admin, f.stranger, 50).unwrap().is_empty());
}

/// inspections.md: a control records the products seen, with the same product keys as the
/// permit; a difference between permit and control is shown.
#[test]
fn a_control_that_sees_other_products_than_the_permit_is_a_product_difference() {
    let mut f = fixture();
    let permits = day_with_permits(&mut f);
    let sup = f.supervisor.clone();
    // The stranger's permit is for one 3 m stall.
    let same = ControlInput {
        permit: permits[2],
        round: 1,
        presence: Presence::InPerson,
        substitute: None,
        substitute_name: None,
        products: [("stalls_3m".to_string(), 1)].into_iter().collect(),
        note: String::new(),
    };
    let id = control::record(&mut f.store, &sup, at(DAY, 10), &same).unwrap();
    let seen = control::of_permit(&mut f.store, &f.admin, permits[2]).unwrap();
    assert_eq!(seen[0].id, id);
    assert!(seen[0].product_differences.is_empty(), "what the permit gives: {:?}", seen[0].product_differences);

    // Round 2 finds two stalls and electricity.
    let other = ControlInput {
        round: 2,
        products: [("stalls_3m".to_string(), 2), ("electricity".to_string(), 1)].into_iter().collect(),
        ..same.clone()
    };
    control::record(&mut f.store, &sup, at(DAY, 11), &other).unwrap();
    let seen = control::of_permit(&mut f.store, &f.admin, permits[2]).unwrap();
    let diff: Vec<(&str, i64, i64)> =
        seen[1].product_differences.iter().map(|d| (d.key.as_str(), d.permit, d.seen)).collect();
    assert_eq!(diff, [("electricity", 0, 1), ("stalls_3m", 1, 2)]);
    let history = control::of_vendor(&mut f.store, &f.admin, f.stranger, 10).unwrap();
    assert_eq!(history[0].control.product_differences.len(), 2, "the vendor's history shows it too");

    // A key that names no product is not a product seen.
    let unknown = ControlInput {
        permit: permits[0],
        products: [("kraam_xl".to_string(), 1)].into_iter().collect(),
        ..same.clone()
    };
    let err = control::record(&mut f.store, &sup, at(DAY, 11), &unknown).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "products.kraam_xl", "{err}");
    assert!(err.field_errors()[0].message.contains("onbekend product"), "{err}");
}

#[test]
fn the_day_view_marks_a_product_difference() {
    let mut f = fixture();
    let permits = day_with_permits(&mut f);
    let sup = f.supervisor.clone();
    let control = |permit, round, products: &[(&str, i64)]| ControlInput {
        permit,
        round,
        presence: Presence::InPerson,
        substitute: None,
        substitute_name: None,
        products: products.iter().map(|(k, q)| (k.to_string(), *q)).collect(),
        note: String::new(),
    };
    // The holder's permit: one 3 m stall (fixed) asked for; seen as the permit says.
    control::record(&mut f.store, &sup, at(DAY, 10), &control(permits[0], 1, &[("stalls_3m", 1)])).unwrap();
    // The stranger: seen in person, but with extra metres.
    let extra = [("stalls_3m", 1), ("extra_meters", 2)];
    control::record(&mut f.store, &sup, at(DAY, 10), &control(permits[2], 1, &extra)).unwrap();
    let view = markt::day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    let row = |id| view.permits.iter().find(|p| p.id == id).unwrap();
    assert!(!row(permits[0]).control_products_differ, "the same products");
    assert!(!row(permits[0]).control_differs());
    assert!(row(permits[2]).control_products_differ, "other products are marked");
    assert!(!row(permits[2]).control_differs(), "while the presence is the same");
    assert!(!row(permits[1]).control_products_differ, "not controlled: nothing to mark");

    // The latest control counts: round 2 sees what the permit gives.
    control::record(&mut f.store, &sup, at(DAY, 12), &control(permits[2], 2, &[("stalls_3m", 1)])).unwrap();
    let view = markt::day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert!(!view.permits.iter().find(|p| p.id == permits[2]).unwrap().control_products_differ);
}

#[test]
fn a_withdrawn_ticket_does_not_make_the_next_offence_a_fine() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    // A first V01: a warning, issued, objected to and withdrawn.
    let first = ticket_on(&mut f, "2026-03-04", "V01");
    ticket::transition(&mut f.store, &sup, at("2026-03-04", 12), first, TicketStatus::Issued, None).unwrap();
    ticket::transition(&mut f.store, &sup, at("2026-03-05", 9), first, TicketStatus::Objection, Some("brief")).unwrap();
    ticket::transition(&mut f.store, &senior, at("2026-03-20", 9), first, TicketStatus::Withdrawn, Some("gegrond"))
        .unwrap();
    let next = ticket::decide(&mut f.store, &f.admin, Some(f.stranger), "V01", d("2026-04-01")).unwrap();
    assert_eq!(next.decision, TicketDecision::Warning, "a withdrawn ticket is no earlier offence");
    assert!(next.earlier.is_empty(), "{:?}", next.earlier);
    let second = ticket_on(&mut f, "2026-04-01", "V01");
    assert_eq!(ticket::get(&mut f.store, &f.admin, second).unwrap().decision, TicketDecision::Warning);
}

#[test]
fn a_draft_or_a_ticket_under_objection_does_not_make_the_next_offence_a_fine_an_issued_one_does() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let first = ticket_on(&mut f, "2026-03-04", "V01");
    let decide =
        |f: &mut Fixture| ticket::decide(&mut f.store, &f.admin, Some(f.stranger), "V01", d("2026-04-01")).unwrap();
    assert_eq!(decide(&mut f).decision, TicketDecision::Warning, "a draft was never handed out");
    ticket::transition(&mut f.store, &sup, at("2026-03-04", 12), first, TicketStatus::Issued, None).unwrap();
    let number = ticket::get(&mut f.store, &f.admin, first).unwrap().number;
    let d2 = decide(&mut f);
    assert_eq!((d2.decision, d2.earlier), (TicketDecision::Fine, vec![number]), "an issued warning counts");
    ticket::transition(&mut f.store, &sup, at("2026-03-05", 9), first, TicketStatus::Objection, Some("brief")).unwrap();
    assert_eq!(decide(&mut f).decision, TicketDecision::Warning, "not while the objection is undecided");
    let senior = f.senior.clone();
    ticket::transition(&mut f.store, &senior, at("2026-03-20", 9), first, TicketStatus::Upheld, Some("ongegrond"))
        .unwrap();
    assert_eq!(decide(&mut f).decision, TicketDecision::Fine, "an upheld ticket stands");
}

#[test]
fn an_upheld_objection_gets_thirty_days_from_the_decision() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let t = ticket_on(&mut f, DAY, "V03");
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Issued, None).unwrap();
    ticket::transition(&mut f.store, &sup, at("2026-03-10", 9), t, TicketStatus::Objection, Some("brief")).unwrap();
    // Decided on 20 May, long after the first due date (3 April): 30 days from then.
    ticket::transition(&mut f.store, &senior, at("2026-05-20", 14), t, TicketStatus::Upheld, Some("ongegrond"))
        .unwrap();
    let upheld = ticket::get(&mut f.store, &f.admin, t).unwrap();
    assert!(!upheld.overdue(d("2026-05-20")), "not overdue on the day of the decision");
    assert!(!upheld.overdue(d("2026-06-19")), "payable up to 30 days after the decision");
    assert!(upheld.overdue(d("2026-06-20")));
    let listed = ticket::list(
        &mut f.store,
        &f.admin,
        &ticket::Filter { overdue_on: Some(d("2026-05-21")), ..Default::default() },
    )
    .unwrap();
    assert!(listed.is_empty(), "not on the overdue list the day after the decision");
}

#[test]
fn voiding_a_part_paid_ticket_reverses_its_payment_in_the_same_transaction() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let t = ticket_on(&mut f, DAY, "V03");
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Issued, None).unwrap();
    let part = ticket::pay(&mut f.store, &sup, at(DAY, 13), t, PaymentMethod::Pin, Cents(4000)).unwrap();
    ticket::transition(&mut f.store, &senior, at(DAY, 14), t, TicketStatus::Void, Some("verkeerde ondernemer"))
        .unwrap();
    let detail = ticket::detail(&mut f.store, &f.admin, t).unwrap();
    assert_eq!(detail.row.ticket.status, TicketStatus::Void);
    assert_eq!(detail.payments.len(), 2, "{:?}", detail.payments);
    let reversal = &detail.payments[1];
    assert_eq!((reversal.reverses, reversal.amount, reversal.method), (Some(part), Cents(-4000), PaymentMethod::Pin));
    assert_eq!(reversal.reason.as_deref(), Some("verkeerde ondernemer"));
    assert_eq!(detail.row.paid, Cents::ZERO, "nothing is kept of a void ticket");
}

#[test]
fn a_reversed_payment_of_an_upheld_fine_makes_it_payable_again_and_a_part_reversal_changes_no_status() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let t = ticket_on(&mut f, DAY, "V03");
    ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Issued, None).unwrap();
    let part = ticket::pay(&mut f.store, &sup, at(DAY, 13), t, PaymentMethod::Cash, Cents(3000)).unwrap();
    permit::reverse_payment(&mut f.store, &sup, at(DAY, 14), part, "verkeerd bedrag").unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, t).unwrap().status, TicketStatus::Issued);
    ticket::transition(&mut f.store, &sup, at("2026-03-10", 9), t, TicketStatus::Objection, Some("brief")).unwrap();
    ticket::transition(&mut f.store, &senior, at("2026-03-20", 9), t, TicketStatus::Upheld, Some("ongegrond")).unwrap();
    let paid = ticket::pay(&mut f.store, &sup, at("2026-03-21", 9), t, PaymentMethod::Pin, Cents(10000)).unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, t).unwrap().status, TicketStatus::Paid);
    permit::reverse_payment(&mut f.store, &sup, at("2026-03-22", 9), paid, "pin mislukt").unwrap();
    let reopened = ticket::get(&mut f.store, &f.admin, t).unwrap();
    assert_eq!(reopened.status, TicketStatus::Upheld, "back to where it was payable");
    assert!(reopened.overdue(d("2026-04-20")), "overdue after 30 days from the decision of 20 March");
    ticket::pay(&mut f.store, &sup, at("2026-03-23", 9), t, PaymentMethod::Cash, Cents(10000)).unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, t).unwrap().status, TicketStatus::Paid);
}

#[test]
fn tickets_handed_out_before_schema_6_keep_the_dates_their_letters_gave() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("markt.sqlite");
    let mut f = fixture_in(markt::Store::open(&path).unwrap());
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    // Handed out three weeks after the market day: its letter (schema 5) said 3 April.
    let late = ticket_on(&mut f, DAY, "V03");
    ticket::transition(&mut f.store, &sup, at("2026-03-25", 10), late, TicketStatus::Issued, None).unwrap();
    let upheld = ticket_on(&mut f, DAY, "V03");
    ticket::transition(&mut f.store, &sup, at(DAY, 12), upheld, TicketStatus::Issued, None).unwrap();
    ticket::transition(&mut f.store, &sup, at("2026-03-10", 9), upheld, TicketStatus::Objection, None).unwrap();
    ticket::transition(&mut f.store, &senior, at("2026-05-20", 14), upheld, TicketStatus::Upheld, Some("ongegrond"))
        .unwrap();
    let draft = ticket_on(&mut f, DAY, "V03");
    let reader = f.admin.clone();
    drop(f);
    // The file as schema 5 left it: no terms (6), no stored sample size or method (7), no
    // tvplz places (8), none of schema 9's tables and triggers, no finance payment
    // corrections (10), no reason of a day close's difference (11), no
    // substitute's name on a control (12).
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
         DROP TABLE ticket_term;
         DROP TRIGGER control_sample_drawn_with;
         ALTER TABLE control_sample DROP COLUMN sample_size;
         ALTER TABLE control_sample DROP COLUMN draw_method;
         PRAGMA user_version = 5;"
    ))
    .unwrap();
    drop(c);

    let mut store = markt::Store::open(&path).unwrap();
    let t = ticket::get(&mut store, &reader, late).unwrap();
    assert_eq!(
        (t.issued_on, t.due_date, t.objection_until),
        (Some(d(DAY)), Some(d("2026-04-03")), Some(d("2026-04-15"))),
        "what the letter said stands"
    );
    let t = ticket::get(&mut store, &reader, upheld).unwrap();
    assert_eq!(t.due_date, Some(d("2026-06-19")), "30 days from the decision");
    assert_eq!(t.objection_until, Some(d("2026-04-15")));
    let t = ticket::get(&mut store, &reader, draft).unwrap();
    assert_eq!((t.issued_on, t.due_date, t.objection_until), (None, None, None), "a draft has no dates yet");
}

//! Vandaag: the office's day at a glance, per role, from the books.

mod common;

use common::*;
use markt::code::{AllocationState, PaymentMethod};
use markt::progress::Silent;
use markt::{Cents, allocation, day_close, note, office_day};

#[test]
fn the_office_day_counts_the_permits_and_money_of_the_markets_held_today() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    issue(&mut f, &input);
    let sup = f.supervisor.clone();
    note::add(&mut f.store, &sup, at(DAY, 8), f.market, d(DAY), "kraam 3 lekt").unwrap();

    let day = office_day::get(&mut f.store, &sup, at(DAY, 10)).unwrap();
    assert_eq!(day.day, d(DAY));
    assert_eq!(day.today.len(), 1, "the fixture's market is held on its Wednesday");
    let m = &day.today[0];
    assert_eq!(m.market.id, f.market);
    assert_eq!(m.permits, 1);
    let money = m.money.as_ref().expect("a supervisor takes money: sees it");
    let pin: Cents = money.iter().filter(|(method, _)| *method == PaymentMethod::Pin).map(|(_, c)| *c).sum();
    assert!(pin.0 > 0, "the permit was paid by pin: {money:?}");
    assert_eq!(m.open_closes, vec!["toezicht".to_string()], "the clerk who issued has not closed");
    assert_eq!(m.open_notes, 1);
    assert_eq!(day.overdue_tickets, Some(0));
    assert_eq!(day.last_backup, None, "a supervisor makes no backups");

    // The clerk closes the day: no open close left.
    let counted = Cents(0);
    day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), counted, "").unwrap();
    let day = office_day::get(&mut f.store, &sup, at(DAY, 17)).unwrap();
    assert!(day.today[0].open_closes.is_empty(), "closed: {:?}", day.today[0].open_closes);
}

#[test]
fn the_office_day_shows_a_role_only_what_it_may_act_on() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    issue(&mut f, &input);
    let finance = f.finance.clone();
    let day = office_day::get(&mut f.store, &finance, at(DAY, 10)).unwrap();
    let m = &day.today[0];
    assert!(m.money.is_some(), "finance reads the money");
    assert_eq!(m.allocation, None, "finance does not see the allocation");
    assert_eq!(day.tomorrow_markets, None);
    assert_eq!(day.overdue_tickets, None, "nor follows tickets up");
    assert_eq!(m.open_notes, 0, "nor the desk's notes");
    assert_eq!(day.last_backup, None);

    let senior = f.senior.clone();
    let day = office_day::get(&mut f.store, &senior, at(DAY, 10)).unwrap();
    assert_eq!(day.last_backup, Some(None), "a senior makes backups; an in-memory office has none");
    assert!(day.tomorrow_markets.is_some());
}

#[test]
fn the_office_day_says_whether_the_allocation_is_published_and_the_cutoff_passed() {
    let mut f = fixture();
    let senior = f.senior.clone();
    // The evening before the market day: tomorrow is the market's day.
    let eve = markt::time::today(at(DAY, 10)).pred_opt().unwrap().to_string();
    let before = office_day::get(&mut f.store, &senior, at(&eve, 10)).unwrap();
    assert!(!before.cutoff_passed, "10:00 is before the 15:00 cut-off");
    let tomorrow = before.tomorrow_markets.as_ref().unwrap();
    assert_eq!(tomorrow.len(), 1);
    assert_eq!(tomorrow[0].allocation, None, "no allocation made yet");

    let version = allocation::day::run(&mut f.store, &senior, at(&eve, 16), f.market, d(DAY)).unwrap();
    let after = office_day::get(&mut f.store, &senior, at(&eve, 16)).unwrap();
    assert!(after.cutoff_passed, "16:00 is after it");
    assert_eq!(after.tomorrow_markets.as_ref().unwrap()[0].allocation, Some(AllocationState::Draft));
    allocation::day::publish(&mut f.store, &senior, at(&eve, 17), version.id).unwrap();
    let published = office_day::get(&mut f.store, &senior, at(&eve, 17)).unwrap();
    assert_eq!(published.tomorrow_markets.as_ref().unwrap()[0].allocation, Some(AllocationState::Published));
    // On the day itself it is today's allocation.
    let on_the_day = office_day::get(&mut f.store, &senior, at(DAY, 8)).unwrap();
    assert_eq!(on_the_day.today[0].allocation, Some(AllocationState::Published));
    assert_eq!(on_the_day.tomorrow_markets.as_ref().unwrap().len(), 0, "the market is not held on Thursday");
}

#[test]
fn finance_gets_a_vandaag_of_yesterdays_money_open_closes_and_the_batch_due() {
    use markt::export::Dialect;
    use markt::export::finance::{self, FinanceRequest};
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    issue(&mut f, &input);
    let finance = f.finance.clone();
    // Thursday: the fixture's Wednesday market was yesterday.
    let thursday = d(DAY).succ_opt().unwrap().to_string();
    let day =
        office_day::get(&mut f.store, &finance, at(&thursday, 9)).expect("finance is refused nothing of its Vandaag");
    assert_eq!(day.yesterday, d(DAY));
    assert!(day.today.is_empty(), "the market is not held on Thursday");
    let yesterday = day.yesterday_markets.as_ref().expect("finance books the money: sees yesterday's");
    assert_eq!(yesterday.len(), 1);
    assert_eq!((yesterday[0].market.id, yesterday[0].permits), (f.market, 1));
    let money = yesterday[0].money.as_ref().unwrap();
    let pin: Cents = money.iter().filter(|(m, _)| *m == PaymentMethod::Pin).map(|(_, c)| *c).sum();
    assert!(pin.0 > 0, "yesterday's pin: {money:?}");
    assert_eq!(yesterday[0].open_closes, vec!["toezicht".to_string()], "the clerk has not closed yesterday");
    let due = day.finance.as_ref().expect("finance sees its batches");
    assert_eq!((due.last.as_ref(), due.waiting_since), (None, Some(d(DAY))), "no batch yet: yesterday waits");

    // Finance exports up to yesterday: nothing waits any more, and the batch is the last.
    let mut out = Vec::new();
    let request = FinanceRequest { from: d(DAY), until: d(DAY), markets: vec![], dialect: Dialect::Nl };
    let batch = finance::finance(&mut f.store, &finance, at(&thursday, 10), &request, &mut out, &mut Silent).unwrap();
    let day = office_day::get(&mut f.store, &finance, at(&thursday, 11)).unwrap();
    let due = day.finance.unwrap();
    assert_eq!(due.last.map(|b| b.number), Some(batch.number));
    assert_eq!(due.waiting_since, None);
    // A late permit for the exported day waits for the next batch; today's does not count.
    let mut late = f.permit_input(f.stranger);
    late.payment = PaymentMethod::OnAccount;
    late.confirmed_day = Some(d(DAY));
    let sup = f.supervisor.clone();
    markt::permit::issue(&mut f.store, &sup, at(&thursday, 12), &late).unwrap();
    let day = office_day::get(&mut f.store, &finance, at(&thursday, 13)).unwrap();
    assert_eq!(day.finance.unwrap().waiting_since, Some(d(DAY)), "a late line of a covered day is due");

    // Every part finance sees is one of its own reads; a supervisor sees neither part.
    assert!(finance.may(markt::account::Action::ExportFinance) && finance.may(markt::account::Action::ReadFinance));
    let day = office_day::get(&mut f.store, &sup, at(&thursday, 13)).unwrap();
    assert_eq!((day.yesterday_markets, day.finance), (None, None), "a supervisor books no money");
}

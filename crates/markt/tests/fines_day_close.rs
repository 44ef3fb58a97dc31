//! Fines paid at the desk in the day close, the day view and `markt check` (inspections.md:
//! ticket payments are the same payment records as permits').
//!
//! The rule: a fine payment belongs to the clerk who took it, on the Amsterdam date it was
//! taken, in the close of the ticket's market; a close holds the fine payments taken up to
//! its moment.

mod common;

use common::*;
use markt::code::*;
use markt::ids::TicketId;
use markt::permit::{self, PermitInput};
use markt::ticket;
use markt::{Cents, Error, check, day_close, day_view};

/// An issued V03 fine (€ 100) for the stranger on the fixture's market, written on `day`.
fn fine(f: &mut Fixture, day: &str) -> TicketId {
    let sup = f.supervisor.clone();
    let id = ticket_on(f, day, "V03");
    ticket::transition(&mut f.store, &sup, at(day, 11), id, TicketStatus::Issued, None).unwrap();
    id
}

/// A permit paid in cash by the supervisor on DAY.
fn cash_permit(f: &mut Fixture) -> Cents {
    let input = PermitInput { payment: PaymentMethod::Cash, ..f.permit_input(f.holder) };
    let id = issue(f, &input);
    permit::issued(&mut f.store, &f.admin, id).unwrap().total
}

#[test]
fn a_fine_paid_in_cash_is_in_the_day_close_drawer() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let permit_cash = cash_permit(&mut f);
    // Written last week, paid in cash at the desk today.
    let t = fine(&mut f, "2026-02-25");
    ticket::pay(&mut f.store, &sup, at(DAY, 13), t, PaymentMethod::Cash, Cents(10000)).unwrap();
    // Another fine paid on another day is not in today's drawer.
    let other = fine(&mut f, "2026-02-25");
    ticket::pay(&mut f.store, &sup, at("2026-03-03", 13), other, PaymentMethod::Cash, Cents(10000)).unwrap();

    let day = day_close::summary(&mut f.store, &sup, f.market, d(DAY)).unwrap();
    assert_eq!(day.cash, permit_cash, "the permits' cash stays the permits'");
    assert_eq!((day.fines.payments, day.fines.cash, day.fines.pin), (1, Cents(10000), Cents::ZERO));
    assert_eq!(day.expected_cash(), permit_cash + Cents(10000), "the drawer holds the fine too");
    assert_eq!(day.total(), permit_cash + Cents(10000));

    let counted = permit_cash + Cents(10000);
    day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), counted, "").unwrap();
    let closed = &day_close::of_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap()[0];
    assert_eq!(closed.difference, Cents::ZERO, "counting the fine is no surplus");
    assert_eq!(closed.summary.fines.cash, Cents(10000));
    assert_eq!(closed.summary.expected_cash(), counted);

    // After the close the clerk takes no more money for that market day: not for a fine
    // either (it would be in no close); a senior's later correction leaves the close as it was.
    let late = fine(&mut f, "2026-02-26");
    let err = ticket::pay(&mut f.store, &sup, at(DAY, 18), late, PaymentMethod::Cash, Cents(10000)).unwrap_err();
    assert!(matches!(err, Error::Forbidden { action: markt::Action::CorrectClosedDay, .. }), "{err:?}");
    let senior = f.senior.clone();
    ticket::pay(&mut f.store, &senior, at(DAY, 18), late, PaymentMethod::Cash, Cents(10000)).unwrap();
    let again = &day_close::of_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap()[0];
    assert_eq!(again.summary.fines.cash, Cents(10000), "a close keeps what it held at its moment");
}

#[test]
fn the_day_view_shows_fines_paid_beside_permits() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let permit_cash = cash_permit(&mut f);
    let a = fine(&mut f, "2026-02-25");
    let b = fine(&mut f, "2026-02-25");
    ticket::pay(&mut f.store, &sup, at(DAY, 13), a, PaymentMethod::Cash, Cents(10000)).unwrap();
    let part = ticket::pay(&mut f.store, &senior, at(DAY, 14), b, PaymentMethod::Pin, Cents(4000)).unwrap();
    // A fine paid at 00:30 Amsterdam the next day is that next day's (23:30 UTC today).
    let c = fine(&mut f, "2026-02-25");
    let next_morning = markt::time::at_local(d("2026-03-05"), chrono::NaiveTime::from_hms_opt(0, 30, 0).unwrap());
    ticket::pay(&mut f.store, &sup, next_morning, c, PaymentMethod::Cash, Cents(10000)).unwrap();
    // A reversal is the day's of its own date: here the same day.
    let b2 = fine(&mut f, "2026-02-25");
    let wrong = ticket::pay(&mut f.store, &sup, at(DAY, 15), b2, PaymentMethod::Pin, Cents(10000)).unwrap();
    permit::reverse_payment(&mut f.store, &sup, at(DAY, 16), wrong, "pin mislukt").unwrap();

    let view = day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    let by = |list: &[(PaymentMethod, Cents)], m: PaymentMethod| list.iter().find(|(x, _)| *x == m).unwrap().1;
    assert_eq!(by(&view.money, PaymentMethod::Cash), permit_cash, "permits' money as before");
    assert_eq!(view.total(), permit_cash);
    assert_eq!(by(&view.fines.money(), PaymentMethod::Cash), Cents(10000));
    assert_eq!(by(&view.fines.money(), PaymentMethod::Pin), Cents(4000), "the reversal nets the wrong pin away");
    assert_eq!(by(&view.fines.money(), PaymentMethod::OnAccount), Cents::ZERO);
    assert_eq!(view.fines.payments, 3, "three payments received, the reversal not counted as one");
    assert_eq!(view.fines.total(), Cents(14000));
    assert_eq!(view.received(), permit_cash + Cents(14000));
    assert!(part.0 > 0);
    let next = day_view::get(&mut f.store, &f.admin, f.market, d("2026-03-05")).unwrap();
    assert_eq!(next.fines.total(), Cents(10000), "00:30 belongs to the next day");
}

#[test]
fn markt_check_balances_fine_payments() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    cash_permit(&mut f);
    let t = fine(&mut f, "2026-02-25");
    ticket::pay(&mut f.store, &sup, at(DAY, 13), t, PaymentMethod::Cash, Cents(10000)).unwrap();
    let report = check::run(&mut f.store).unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.fine_days.len(), 1, "{:?}", report.fine_days);
    assert_eq!((report.fine_days[0].day, report.fine_days[0].paid), (d(DAY), Cents(10000)));

    // A payment written past the rules: more than the fine, and without its audit row.
    let number = ticket::get(&mut f.store, &f.admin, t).unwrap().number;
    f.store
        .conn()
        .execute(
            "INSERT INTO payment (ticket_id, method, amount_cents, account_id, at)
             VALUES (?1, 'contant', 500, (SELECT id FROM account LIMIT 1), '2026-03-04T14:00:00Z')",
            [t.0],
        )
        .unwrap();
    let report = check::run(&mut f.store).unwrap();
    assert!(!report.ok());
    assert!(report.fine_problems.iter().any(|p| p.contains(&number) && p.contains("betaald")), "{report:?}");
    assert!(report.fine_problems.iter().any(|p| p.contains(&number) && p.contains("auditlog")), "{report:?}");
}

#[test]
fn the_kasopmaak_prints_the_fines_the_clerk_took_and_counts_them_in_the_cash() {
    use markt::report::{self, Document, Request};
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let permit_cash = cash_permit(&mut f);
    let t = fine(&mut f, "2026-02-25");
    ticket::pay(&mut f.store, &sup, at(DAY, 13), t, PaymentMethod::Cash, Cents(10000)).unwrap();
    let number = ticket::get(&mut f.store, &f.admin, t).unwrap().number;
    let request = Request::market_day(Document::DayClose, f.market, d(DAY));
    let text = |f: &mut Fixture| {
        let (doc, _) = report::layout(&mut f.store, &sup, at(DAY, 18), &request).unwrap();
        doc.into_pages().iter().map(|p| p.text()).collect::<Vec<_>>().join("\n")
    };
    let open = text(&mut f);
    assert!(open.contains("Boetes") && open.contains("Ontvangen (pin en contant)"), "{open}");
    assert!(open.contains(&number), "the fine paid is listed: {open}");
    let expected = (permit_cash + Cents(10000)).to_string();
    assert!(open.contains(&expected), "the cash expected holds the fine ({expected}): {open}");

    day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), permit_cash + Cents(10000), "").unwrap();
    let closed = text(&mut f);
    assert!(closed.contains(&expected) && closed.contains("afgesloten"), "{closed}");
    if let Some(dir) = std::env::var_os("MARKT_PRINT_OUT") {
        let printed = report::print(&mut f.store, &sup, at(DAY, 18), &request).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("kasopmaak-boetes.pdf"), printed.bytes).unwrap();
    }
}

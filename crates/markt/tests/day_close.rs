//! The day close's cash words: "received" is pin and cash, money on account is shown apart;
//! the cash matches only to the cent; a difference needs the clerk's reason before the close
//! is saved, and the close, the day view, the kasopmaak and the audit log keep it.

mod common;

use common::*;
use markt::code::*;
use markt::day_view::CashCheck;
use markt::error::Problem;
use markt::permit::PermitInput;
use markt::report::{self, Document, Request};
use markt::{Cents, Error, audit, day_close, day_view, permit};

/// Three permits by the supervisor on DAY: pin, cash and on account. Their amounts.
fn three_permits(f: &mut Fixture) -> (Cents, Cents, Cents) {
    let mut amounts = Vec::new();
    for (vendor, method) in
        [(f.holder, PaymentMethod::Pin), (f.applicant, PaymentMethod::Cash), (f.stranger, PaymentMethod::OnAccount)]
    {
        // The stranger has no registration here: a reason answers whatever the counter asks.
        let input = PermitInput {
            payment: method,
            override_reason: Some("proef van de kasopmaak".into()),
            ..f.permit_input(vendor)
        };
        let id = issue(f, &input);
        amounts.push(permit::issued(&mut f.store, &f.admin, id).unwrap().total);
    }
    (amounts[0], amounts[1], amounts[2])
}

fn kasopmaak(f: &mut Fixture, name: &str) -> String {
    let request = Request::market_day(Document::DayClose, f.market, d(DAY));
    let senior = f.senior.clone();
    let (doc, _) = report::layout(&mut f.store, &senior, at(DAY, 18), &request).unwrap();
    let text = doc.into_pages().iter().map(|p| p.text()).collect::<Vec<_>>().join("\n");
    if let Some(dir) = std::env::var_os("MARKT_PRINT_OUT") {
        let printed = report::print(&mut f.store, &senior, at(DAY, 18), &request).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("kasopmaak-{name}.pdf")), printed.bytes).unwrap();
    }
    text
}

#[test]
fn received_is_pin_and_cash_and_on_account_is_apart() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let (pin, cash, on_account) = three_permits(&mut f);
    assert!(pin > Cents::ZERO && cash > Cents::ZERO && on_account > Cents::ZERO);

    let day = day_close::summary(&mut f.store, &sup, f.market, d(DAY)).unwrap();
    assert_eq!(day.received(), pin + cash, "on account was not received");
    assert_eq!(day.on_account_total(), on_account);
    assert_eq!(day.expected_cash(), cash);

    let view = day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(view.received(), pin + cash, "the day view's received leaves on account out");
    assert_eq!(view.on_account(), on_account);
    assert_eq!(view.total(), pin + cash + on_account, "the books' total still holds every method");
    assert_eq!(view.due(), view.total());

    // The kasopmaak says the same words.
    let text = kasopmaak(&mut f, "open");
    // A row's cells in reading order: the total row has no count, the on-account row has one.
    let after = |label: &str, n| text.lines().skip_while(|l| *l != label).nth(n).map(str::to_owned);
    assert_eq!(after("Ontvangen (pin en contant)", 1).as_deref(), Some((pin + cash).to_string().as_str()), "{text}");
    assert_eq!(after("Op rekening (niet ontvangen)", 1).as_deref(), Some("1"), "{text}");
    assert_eq!(after("Op rekening (niet ontvangen)", 2).as_deref(), Some(on_account.to_string().as_str()), "{text}");
}

#[test]
fn a_difference_without_a_reason_is_refused_and_stores_nothing() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let (_, cash, _) = three_permits(&mut f);
    let short = cash - Cents(15);
    let before = f.snapshot();
    for reason in ["", "   "] {
        let err = day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), short, reason).unwrap_err();
        let Error::Invalid(invalid) = &err else { panic!("{err:?}") };
        let field = invalid.0.iter().find(|e| e.field == "differenceReason").expect("the reason named");
        assert_eq!(field.problem, Problem::Required);
        assert!(field.message.contains("€ 0,15 te weinig"), "{}", field.message);
    }
    assert_eq!(f.snapshot().changed_tables(&before), Vec::<String>::new(), "nothing stored, not even an audit row");
    assert!(day_close::of_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap().is_empty());

    // Too much cash needs a reason just as well.
    let err = day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), cash + Cents(1), "").unwrap_err();
    assert!(matches!(&err, Error::Invalid(i) if i.0.iter().any(|e| e.field == "differenceReason")), "{err:?}");
    // A negative count and a missing reason: both fields named at once.
    let err = day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), Cents(-1), "").unwrap_err();
    let Error::Invalid(invalid) = &err else { panic!("{err:?}") };
    assert_eq!(invalid.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["countedCash"], "{err:?}");
    assert_eq!(f.snapshot().changed_tables(&before), Vec::<String>::new());
}

#[test]
fn a_difference_with_its_reason_is_stored_and_shown() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let (_, cash, _) = three_permits(&mut f);
    let view = day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(view.cash(), CashCheck::NotCounted, "nobody counted yet");
    assert_eq!(view.open_closes(), vec!["toezicht".to_string()]);

    let reason = "  wisselgeld te veel teruggegeven ";
    let id = day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), cash - Cents(15), reason).unwrap();
    let closes = day_close::of_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(closes.len(), 1);
    assert_eq!(closes[0].id, id);
    assert_eq!(closes[0].difference, Cents(-15));
    assert!(!closes[0].matches(), "15 cents short does not match");
    assert_eq!(closes[0].difference_reason.as_deref(), Some("wisselgeld te veel teruggegeven"), "stored trimmed");

    let view = day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(view.cash(), CashCheck::Difference { difference: Cents(-15), closes: 1 }, "no \"klopt\"");
    assert_eq!(view.closes[0].difference_reason.as_deref(), Some("wisselgeld te veel teruggegeven"));

    let text = kasopmaak(&mut f, "verschil");
    let after = |label: &str| text.lines().skip_while(|l| *l != label).nth(1).map(str::to_owned);
    assert_eq!(after("Verschil").as_deref(), Some("€ -0,15 (tekort)"), "{text}");
    assert_eq!(after("Reden van het verschil").as_deref(), Some("wisselgeld te veel teruggegeven"), "{text}");

    let admin = f.admin.clone();
    let rows = audit::for_entity(&mut f.store, &admin, "day_close", &id.to_string()).unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]
            .after
            .as_deref()
            .is_some_and(|a| a.contains("\"difference_reason\":\"wisselgeld te veel teruggegeven\"")),
        "{:?}",
        rows[0]
    );
}

#[test]
fn an_even_count_matches_and_needs_no_reason() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let (_, cash, _) = three_permits(&mut f);
    day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, d(DAY), cash, "").unwrap();
    let close = &day_close::of_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap()[0];
    assert!(close.matches());
    assert_eq!(close.difference_reason, None);
    let view = day_view::get(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    assert_eq!(view.cash(), CashCheck::Matches);
    let text = kasopmaak(&mut f, "klopt");
    assert!(text.contains("€ 0,00 (klopt)"), "{text}");
    assert!(!text.contains("Reden van het verschil"), "{text}");
}

#[test]
fn the_schema_refuses_a_close_with_a_difference_and_no_reason() {
    let f = fixture();
    let c = f.store.conn();
    let err = c
        .execute(
            "INSERT INTO day_close (market_id, day, account_id, at, permit_count, pin_cents, cash_cents,
                 on_account_cents, counted_cash_cents, difference_cents)
             VALUES (?1, '2026-03-04', (SELECT id FROM account LIMIT 1), '2026-03-04T16:00:00Z', 0, 0, 0, 0, 5, 5)",
            [f.market.0],
        )
        .unwrap_err();
    assert!(err.to_string().contains("needs its reason"), "{err}");
}

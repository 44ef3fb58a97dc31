//! The finance export and payments corrected without a void (issue 15): finance's books
//! follow the drawer.

mod common;

use common::*;
use markt::Cents;
use markt::code::*;
use markt::export::Dialect;
use markt::export::finance::{self, FinanceRequest};
use markt::permit;
use markt::progress::Silent;

fn export(f: &mut Fixture, day: &str) -> (finance::Batch, String) {
    let actor = f.finance.clone();
    let req = FinanceRequest { from: d(day), until: d(day), markets: vec![], dialect: Dialect::Nl };
    let mut out = Vec::new();
    let batch = finance::finance(&mut f.store, &actor, at(day, 17), &req, &mut out, &mut Silent).unwrap();
    (batch, String::from_utf8(out).unwrap())
}

#[test]
fn a_payment_reversed_without_a_void_is_a_correction_line_in_the_finance_export() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    let id = issue(&mut f, &input);
    let issued = permit::issued(&mut f.store, &f.admin, id).unwrap();
    let (first, text) = export(&mut f, DAY);
    assert!(first.lines > 0 && text.contains(&issued.invoice_number), "{text}");

    // The next morning the pin payment turns out to have failed: reversed, paid in cash.
    let senior = f.senior.clone();
    let pin = permit::payments(&mut f.store, &f.admin, id).unwrap()[0].id;
    let reversal = permit::reverse_payment(&mut f.store, &senior, at("2026-03-05", 10), pin, "pin mislukt").unwrap();
    permit::pay_open_amount(&mut f.store, &senior, at("2026-03-05", 11), id, PaymentMethod::Cash).unwrap();

    let (second, text) = export(&mut f, "2026-03-11");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(&issued.invoice_number)).collect();
    assert_eq!(rows.len(), 2, "the reversal and the new payment:\n{text}");
    let amount = issued.total.to_string().replace("€ ", "").replace('\u{a0}', "");
    assert!(rows[0].contains(&format!("Terugboeking van betaling {} (pin): pin mislukt", pin.0)), "{rows:?}");
    assert!(rows[0].contains(&format!(";-{amount};")), "negative, as a number: {rows:?}");
    assert!(rows[0].ends_with(";pin"), "the method of the payment reversed: {rows:?}");
    assert!(rows[1].contains("Betaling na terugboeking") && rows[1].ends_with(";contant"), "{rows:?}");
    assert!(rows[1].contains(&format!(";{amount};")), "{rows:?}");
    assert_eq!((second.lines, second.negative, second.total_incl), (2, 1, Cents::ZERO));
    assert!(reversal.0 > pin.0);

    // It leaves once; and the batch re-renders byte for byte.
    let (third, _) = export(&mut f, "2026-03-11");
    assert_eq!(third.lines, 0, "a correction line leaves once");
    let fin = f.finance.clone();
    let mut again = Vec::new();
    finance::rerun(&mut f.store, &fin, second.number, &mut again, &mut Silent).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), text);
}

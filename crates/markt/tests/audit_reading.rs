//! The audit log in words (issue 16, item 16): an administrator reads the action in Dutch,
//! the thing changed by its number and each changed field as old → new, never JSON or ids.

mod common;

use common::*;
use markt::audit::{self, Filter, Row};
use markt::market;
use markt::vendor;

fn rows(f: &mut Fixture, action: &str) -> Vec<Row> {
    let admin = f.admin.clone();
    let filter = Filter { action: Some(action.into()), ..Default::default() };
    audit::search(&mut f.store, &admin, &filter, 0, 50).unwrap().items
}

/// Neither JSON nor a bare id in what the administrator reads.
fn no_json(row: &Row) {
    let r = &row.reading;
    let texts = [&r.action, &r.subject]
        .into_iter()
        .cloned()
        .chain(r.changes.iter().flat_map(|c| [Some(c.field.clone()), c.before.clone(), c.after.clone()]).flatten());
    for t in texts {
        assert!(!t.contains('{') && !t.contains('"') && !t.contains('}'), "JSON in {t:?} of {:?}", row.entry.action);
    }
    assert!(!r.action.contains('.'), "the action is words, not a code: {}", r.action);
}

#[test]
fn an_issued_permit_reads_as_dagvergunning_uitgegeven_with_its_number() {
    let mut f = fixture();
    let input = f.permit_input(f.stranger);
    let id = issue(&mut f, &input);
    let number = markt::permit::get(&mut f.store, &f.admin.clone(), id).unwrap().invoice_number;
    assert!(number.starts_with('D'), "{number}");
    let row = rows(&mut f, "permit.issue").into_iter().next().unwrap();
    assert_eq!(row.reading.action, "dagvergunning uitgegeven");
    assert_eq!(row.reading.subject, format!("dagvergunning {number}"));
    // The vendor by erkenningsnummer and name, the market by name, the stall as typed.
    let change = |field: &str| {
        row.reading
            .changes
            .iter()
            .find(|c| c.field == field)
            .unwrap_or_else(|| panic!("{field}: {:?}", row.reading.changes))
    };
    assert_eq!(change("ondernemer").after.as_deref(), Some("19900202.01 A. Visser"));
    assert_eq!(change("ondernemer").before, None, "a new permit had nothing before");
    assert_eq!(change("markt").after.as_deref(), Some("Markt WM"));
    assert_eq!(change("kramen").after.as_deref(), Some("5"));
    assert_eq!(change("aanwezigheid").after.as_deref(), Some("zelf"));
    assert_eq!(change("dag").after.as_deref(), Some("04-03-2026"));
    assert!(change("totaal incl. btw").after.as_deref().is_some_and(|t| t.starts_with("€ ")), "money in euros");
    assert!(row.reading.changes.iter().all(|c| c.field != "id"), "the record's own id is the subject, not a change");
    no_json(&row);
}

#[test]
fn a_changed_vendor_shows_only_what_changed_old_to_new() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let mut input = vendor_input("1990020201", "Visser");
    input.surname = "Visscher".into();
    vendor::update(&mut f.store, &senior, at(DAY, 9), f.stranger, &input).unwrap();
    let row = rows(&mut f, "vendor.update").into_iter().next().unwrap();
    assert_eq!(row.reading.action, "ondernemer gewijzigd");
    assert_eq!(row.reading.subject, "ondernemer 19900202.01 A. Visser", "named as it was");
    assert_eq!(row.reading.changes.len(), 1, "only the name changed: {:?}", row.reading.changes);
    let c = &row.reading.changes[0];
    assert_eq!(
        (c.field.as_str(), c.before.as_deref(), c.after.as_deref()),
        ("achternaam", Some("Visser"), Some("Visscher"))
    );
    no_json(&row);
}

#[test]
fn a_stall_is_named_by_its_number_and_market() {
    let mut f = fixture();
    let admin = f.admin.clone();
    let mut input = stall_input(f.row, "3");
    input.length_m = 4;
    market::update_stall(&mut f.store, &admin, at(DAY, 9), f.stalls[2], &input).unwrap();
    let row = rows(&mut f, "stall.update").into_iter().next().unwrap();
    assert_eq!(row.reading.action, "kraam gewijzigd");
    assert_eq!(row.reading.subject, "kraam 3 · Markt WM");
    let c = row.reading.changes.iter().find(|c| c.field == "lengte (m)").expect("the length changed");
    assert_eq!((c.before.as_deref(), c.after.as_deref()), (Some("3"), Some("4")));
    no_json(&row);
}

#[test]
fn every_row_of_a_busy_fixture_reads_without_json() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    issue(&mut f, &input);
    ticket_on(&mut f, DAY, "V03");
    let admin = f.admin.clone();
    let page = audit::search(&mut f.store, &admin, &Filter::default(), 0, 500).unwrap();
    assert!(page.items.len() > 20, "the fixture writes many rows");
    for row in &page.items {
        no_json(row);
        assert!(!row.reading.subject.is_empty());
    }
    assert!(
        page.items.iter().any(|r| r.reading.action == "bon geschreven" && r.reading.subject.starts_with("bon B2026-"))
    );
}

//! The city-scale generator, on a short history: the bulk-written permits are the rows a
//! clerk's `permit::issue` writes (so `markt check` holds on them), the summary counts what
//! is stored, and the counter goes on where the history stops (invoice numbers included).

use chrono::{NaiveDate, NaiveTime};
use markt::code::*;
use markt::demo::{self, city::CityConfig};
use markt::permit::{self, PermitInput};
use markt::progress::Silent;
use markt::{Error, Store, account, check, day_view, market};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_short_city_history_is_consistent_and_the_counter_goes_on_from_it() {
    let mut store = Store::open_in_memory().unwrap();
    // Two daily markets and two weekly ones (on Tuesday and Wednesday), ten days.
    let config = CityConfig { seed: 7, today: d("2026-11-27"), days: 9, vendors: 2_000, markets: 4 };
    let summary = demo::city::build(&mut store, &config, &mut Silent).unwrap();

    assert_eq!(summary.markets, 4);
    assert_eq!(summary.vendors, 2_000);
    assert_eq!(count(&store, "SELECT count(*) FROM vendor"), 2_000);
    assert_eq!(count(&store, "SELECT count(*) FROM stall") as usize, summary.stalls);
    assert_eq!(count(&store, "SELECT count(*) FROM registration") as usize, summary.registrations);
    assert!(summary.permits > 5_000, "ten days of two large daily markets: {} permits", summary.permits);
    assert_eq!(count(&store, "SELECT count(*) FROM daily_permit") as u64, summary.permits);
    assert_eq!(count(&store, "SELECT count(*) FROM invoice_line") as u64, summary.lines);
    // Every market day that had permits was closed, once.
    assert_eq!(
        count(&store, "SELECT count(*) FROM day_close"),
        count(&store, "SELECT count(*) FROM (SELECT DISTINCT market_id, day FROM daily_permit)")
    );
    assert_eq!(count(&store, "SELECT count(*) FROM day_close") as usize, summary.market_days);
    // No history before the first day or after today.
    assert_eq!(count(&store, "SELECT count(*) FROM daily_permit WHERE day < '2026-11-18' OR day > '2026-11-27'"), 0);

    let report = check::run(&mut store).unwrap();
    assert!(report.ok(), "markt check on the city: {report:?}");
    assert!(report.days.len() >= summary.market_days);

    // A day view of the history adds up to the day's close.
    let reader = account::login(
        &mut store,
        "medewerker",
        demo_password("medewerker"),
        markt::time::at_local(d("2026-11-28"), NaiveTime::from_hms_opt(8, 0, 0).unwrap()),
    )
    .unwrap();
    let m = market::by_code(&mut store, &reader, "M00").unwrap();
    let view = day_view::get(&mut store, &reader, m.id, d("2026-11-27")).unwrap();
    assert!(view.permits.len() > 300, "a daily market of 380–560 stalls: {}", view.permits.len());
    let close = view.closes.first().expect("the day was closed");
    assert_eq!(close.summary.permits, view.permits.len() as i64);
    assert_eq!(view.total(), close.summary.total());

    // The next morning the counter issues the next invoice number of the year.
    let last: String = store
        .conn()
        .query_row("SELECT max(invoice_number) FROM daily_permit WHERE invoice_number LIKE 'D2026-%'", [], |r| r.get(0))
        .unwrap();
    let seq: i64 = last["D2026-".len()..].parse().unwrap();
    let now = markt::time::at_local(d("2026-11-28"), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    let clerk = account::login(&mut store, "toezicht", demo_password("toezicht"), now).unwrap();
    let vendor: markt::ids::VendorId = store
        .conn()
        .query_row("SELECT vendor_id FROM registration WHERE market_id = ?1 AND status = 'soll' LIMIT 1", [m.id], |r| {
            r.get(0)
        })
        .unwrap();
    let input = PermitInput {
        market: m.id,
        day: d("2026-11-28"),
        vendor,
        presence: Presence::InPerson,
        substitute: None,
        identified_by: Identification::Typed,
        requested: [("stalls_3m".to_string(), 1)].into_iter().collect(),
        stalls: vec!["1".into()],
        note: String::new(),
        payment: PaymentMethod::Pin,
        override_reason: None,
        confirmed_day: None,
    };
    let id = permit::issue(&mut store, &clerk, now, &input).unwrap();
    assert_eq!(permit::get(&mut store, &reader, id).unwrap().invoice_number, format!("D2026-{:06}", seq + 1));
}

fn demo_password(username: &str) -> &'static str {
    demo::ACCOUNTS.iter().find(|a| a.username == username).unwrap().password
}

#[test]
fn the_city_is_only_built_into_an_empty_database() {
    let mut store = Store::open_in_memory().unwrap();
    demo::build(&mut store, &demo::DemoConfig { seed: 1, today: d("2026-11-27") }).unwrap();
    let before = count(&store, "SELECT count(*) FROM daily_permit");
    let config = CityConfig { seed: 7, today: d("2026-11-27"), days: 1, vendors: 1_000, markets: 2 };
    let err = demo::city::build(&mut store, &config, &mut Silent).unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert_eq!(count(&store, "SELECT count(*) FROM daily_permit"), before);
}

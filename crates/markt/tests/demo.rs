//! The demo city: clean by `markt check`, identical for the same seed and day, different
//! for another seed, and with everything the foundation issue asks of it.

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use markt::code::*;
use markt::demo::{self, DemoConfig};
use markt::{Store, account, check};

fn build(seed: u64) -> (Store, demo::Summary) {
    let mut store = Store::open_in_memory().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let summary = demo::build(&mut store, &DemoConfig { seed, today }).unwrap();
    (store, summary)
}

/// Every table's rows, as one digest per table (order-independent within a table).
fn content(store: &Store) -> BTreeMap<String, (usize, u64)> {
    markt::db::testing::table_rows(store)
        .into_iter()
        .map(|(t, rows)| {
            let mut h = DefaultHasher::new();
            rows.hash(&mut h);
            (t, (rows.len(), h.finish()))
        })
        .collect()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_demo_is_clean_complete_and_reproducible() {
    let (mut store, summary) = build(1);
    // Same seed and day: the same database, row for row (compared before any login below
    // adds audit rows).
    let (again, _) = build(1);
    assert_eq!(content(&store), content(&again), "same seed and day must give the same database content");
    drop(again);
    let (other, _) = build(2);
    assert_ne!(content(&store), content(&other), "another seed gives another city");
    drop(other);

    let report = check::run(&mut store).unwrap();
    assert!(report.ok(), "markt check must pass on the demo: {report:?}");
    // The letterhead of its letters: Amsterdam's office.
    let office = markt::office::get(&mut store).unwrap();
    assert_eq!((office.name.as_str(), office.iban.as_str()), ("Gemeente Amsterdam · Marktbureau", demo::DEMO_IBAN));
    assert!(report.days.len() > 100, "thirteen weeks of market days, got {}", report.days.len());

    // Four markets of the sizes the issue names.
    let markets: Vec<(String, usize)> = summary.markets.iter().map(|(c, _, n)| (c.clone(), *n)).collect();
    assert_eq!(markets.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(), ["AC", "DAP", "NOM", "WGM"]);
    for ((_, n), want) in markets.iter().zip([260, 120, 80, 40]) {
        assert!(n.abs_diff(want) <= want / 10, "{n} stalls, about {want} wanted");
    }
    assert!(count(&store, "SELECT count(*) FROM obstacle") > 10);
    assert!(
        count(
            &store,
            "SELECT count(DISTINCT row_id) FROM stall WHERE market_id = (SELECT id FROM market WHERE code = 'AC')"
        ) >= 3
    );
    assert!(count(&store, "SELECT count(*) FROM branch") >= 12);
    assert!(count(&store, "SELECT count(*) FROM market_branch WHERE max_stalls IS NOT NULL") >= 4);
    assert!(count(&store, "SELECT count(*) FROM stall_branch") > 20, "reserved stalls");
    assert_eq!(count(&store, "SELECT count(*) FROM vendor"), 1500);
    assert!(count(&store, "SELECT count(*) FROM vendor WHERE infix LIKE 'van%'") > 20, "Dutch infixes");
    assert!(count(&store, "SELECT count(*) FROM vendor WHERE surname LIKE '%ë%'") > 0, "diacritics");
    for status in RegistrationStatus::ALL {
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM registration WHERE status = ?1 AND voided = 0", [status.code()], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(n > 0, "no active registration with status {status}");
    }
    assert!(count(&store, "SELECT count(*) FROM registration WHERE voided = 1") > 0);
    assert!(count(&store, "SELECT count(*) FROM substitute") > 50);
    assert!(count(&store, "SELECT count(*) FROM preference") > 500);
    assert!(count(&store, "SELECT count(*) FROM preference_stall") > 50);
    assert!(count(&store, "SELECT count(*) FROM attendance") > 500);
    assert!(count(&store, "SELECT count(*) FROM attendance_pattern") > 50);
    assert!(count(&store, "SELECT count(*) FROM absence_period") > 5);
    assert!(count(&store, "SELECT count(*) FROM tariff_plan WHERE weekdays IS NOT NULL") >= 1, "a weekday plan");
    assert!(count(&store, "SELECT count(*) FROM tariff_plan WHERE valid_until IS NOT NULL") >= 4, "dated plans");
    assert!(count(&store, "SELECT count(*) FROM vat_rate") >= 3);
    assert!(summary.permits > 10_000, "{} permits", summary.permits);
    for method in PaymentMethod::ALL {
        assert!(summary.payments.get(method.code()).is_some_and(|(n, _)| *n > 100), "payments by {method}");
    }
    assert!(summary.voided > 0 && summary.reversals > 0 && summary.double_permits > 0);
    assert_eq!(count(&store, "SELECT count(*) FROM permit_void") as usize, summary.voided);
    assert!(count(&store, "SELECT count(*) FROM daily_permit WHERE status = 'lot'") > 0);
    assert!(count(&store, "SELECT count(*) FROM daily_permit WHERE day > '2026-11-27' OR day < '2026-08-29'") == 0);
    assert!(summary.controls > 500);
    assert!(count(&store, "SELECT count(*) FROM ticket") > 10);
    assert!(count(&store, "SELECT count(*) FROM ticket WHERE decision = 'boete'") > 0);
    assert!(count(&store, "SELECT count(*) FROM payment WHERE ticket_id IS NOT NULL") > 0);

    // One account per role, with the passwords the README gives.
    for a in demo::ACCOUNTS {
        let actor = account::login(&mut store, a.username, a.password, morning()).unwrap();
        assert_eq!(actor.role(), a.role);
    }
    // Marked as a demo, so that a set clock (MARKTKANTOOR_NOW) may run it.
    assert_eq!(markt::clock::purpose(&mut store).unwrap(), markt::clock::Purpose::Demo);
    markt::clock::Clock::set(morning()).admit(&mut store).expect("a set clock runs the demo");
    let roles: Vec<Role> = demo::ACCOUNTS.iter().map(|a| a.role).collect();
    for r in Role::ALL {
        assert!(roles.contains(r), "no demo account with role {r}");
    }
}

#[test]
fn the_demo_refuses_a_database_that_is_not_empty() {
    let mut store = Store::open_in_memory().unwrap();
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
    account::create_first_admin(&mut store, morning(), &mut rng, "beheer", "Beheer", "lang genoeg").unwrap();
    let err = demo::build(&mut store, &DemoConfig { seed: 1, today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap() })
        .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(markt::clock::purpose(&mut store).unwrap(), markt::clock::Purpose::Office, "nothing was marked");
}

/// 07:30 in Amsterdam on the day after the demo's today: a fixed moment, not the wall clock.
fn morning() -> chrono::DateTime<chrono::Utc> {
    markt::time::at_local(
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        chrono::NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
    )
}

//! Vandaag over the command layer: what crosses to the UI is what the core read, nothing
//! made up (a market's stall count that Vandaag never reads used to cross as 0).

use std::sync::Arc;

mod common;

use markt_app::{App, Config, SessionKey, dispatch};
use serde_json::{Value, json};

/// The demo city (seed 1, up to Friday 27 November 2026) with the app's clock set to the
/// Saturday morning after it, as the browser flows run.
fn demo_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_in(dir.path());
    let at = "2026-11-28T07:30:00Z".parse().unwrap();
    let app = App::new(Config {
        db_path: db,
        clock: Ok(markt::clock::Clock::Set { at, started: std::time::Instant::now() }),
        documents_dir: dir.path().join("documenten"),
        events: Arc::new(markt_app::Nobody),
        downloads: None,
    });
    assert_eq!(app.startup().unwrap().state, "ready");
    (dir, app)
}

fn office_day(app: &App, user: &str, password: &str) -> Value {
    let caller = app.caller(SessionKey(user.into()));
    dispatch(&caller, "login", json!({"username": user, "password": password})).unwrap();
    dispatch(&caller, "office_day", json!({})).unwrap()
}

#[test]
fn vandaag_names_its_markets_without_a_stall_count_and_gives_finance_its_money_and_batch() {
    let (_dir, app) = demo_app();
    let senior = office_day(&app, "medewerker", "marktbureau-2026");
    let finance = office_day(&app, "financien", "financien-2026");
    for (who, day) in [("senior", &senior), ("finance", &finance)] {
        let mut markets: Vec<&Value> = day["today"].as_array().unwrap().iter().map(|m| &m["market"]).collect();
        if let Some(tomorrow) = day["tomorrowMarkets"].as_array() {
            markets.extend(tomorrow.iter().map(|m| &m["market"]));
        }
        assert!(!markets.is_empty(), "{who}: markets are held on the demo's Saturday");
        for m in markets {
            let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["code", "id", "kind", "name", "weekdays"], "{who}: only what Vandaag read: {m}");
        }
    }
    // Finance books the money: yesterday's markets with money by method, and the batch state.
    assert_eq!(finance["yesterday"], "2026-11-27");
    let yesterday = finance["yesterdayMarkets"].as_array().expect("finance sees yesterday");
    assert!(yesterday.iter().any(|m| !m["money"].as_array().unwrap().is_empty()), "money yesterday: {yesterday:?}");
    assert_eq!(finance["finance"]["last"], Value::Null, "the demo has made no batch");
    assert!(finance["finance"]["waitingSince"].is_string(), "so finished days wait for one");
    let supervisor = office_day(&app, "toezicht", "toezicht-2026");
    assert_eq!((&supervisor["yesterdayMarkets"], &supervisor["finance"]), (&Value::Null, &Value::Null));
}

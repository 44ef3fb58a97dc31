//! The office server's door: failed logins throttled per client address and per account, the
//! open sessions an administrator sees (account, address, since) and ends, the client's
//! address in the audit log, a body limit, and an HTTP layer that answers nonsense (bad
//! JSON, wrong types, unknown commands, huge bodies) with coded errors and never falls over.

mod common;

use std::time::{Duration, Instant};

use common::{Started, demo_in, http, one, one_text, post, serve};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// Logs in over HTTP and answers the session's token.
fn login(port: u16, user: &str, password: &str) -> String {
    let (status, body) = http(port, "/api/login", None, &json!({"username": user, "password": password}).to_string());
    assert_eq!(status, 200, "{user}: {body}");
    json_of(&body)["token"].as_str().unwrap().to_string()
}

fn call(port: u16, token: &str, command: &str, args: Value) -> (u16, Value) {
    let (status, body) = http(port, &format!("/api/{command}"), Some(token), &args.to_string());
    (status, if body.is_empty() { Value::Null } else { json_of(&body) })
}

#[test]
fn an_address_with_too_many_failed_logins_waits_and_is_told_how_long() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { server: _server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    // Thirty names guessed from one address (each a different account, so no lockout and
    // no account's slowing stops it): the core refuses each.
    for i in 0..30 {
        let (status, body) =
            http(port, "/api/login", None, &json!({"username": format!("gok-{i}"), "password": "x"}).to_string());
        assert_eq!((status, &json_of(&body)["code"]), (401, &json!("login_failed")), "guess {i}");
    }
    // Now the address waits, even with a right password: said with a code, in minutes.
    let right = json!({"username": "toezicht", "password": "toezicht-2026"}).to_string();
    let (status, head, body) = post(port, "/api/login", None, right.as_bytes());
    assert_eq!(status, 429, "{body}");
    let error = json_of(&body);
    assert_eq!(error["code"], "too_many_attempts");
    assert!(error["message"].as_str().unwrap().contains("minuten"), "{error}");
    let wait: u64 = head
        .lines()
        .find_map(|l| l.strip_prefix("retry-after: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("a Retry-After: {head}"));
    assert!((840..=900).contains(&wait), "about fifteen minutes: {wait} s");
    // The accounts themselves are not locked by it: the core counted no failure for toezicht.
    assert_eq!(one(&db, "SELECT failed_logins FROM account WHERE username = 'toezicht'"), 0);
}

#[test]
fn an_account_s_failures_after_the_third_are_answered_a_second_late() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { server: _server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    let wrong = json!({"username": "financien", "password": "fout"}).to_string();
    let timed = || {
        let started = Instant::now();
        let (status, _) = http(port, "/api/login", None, &wrong);
        assert_eq!(status, 401);
        started.elapsed()
    };
    let first: Vec<Duration> = (0..3).map(|_| timed()).collect();
    let fourth = timed();
    let quickest = first.iter().min().unwrap();
    assert!(fourth >= *quickest + Duration::from_millis(900), "the fourth a second late: {first:?} then {fourth:?}");
    // The right password still logs in (the core's lockout is at nine) and forgets the count.
    login(port, "financien", "financien-2026");
    assert_eq!(one(&db, "SELECT failed_logins FROM account WHERE username = 'financien'"), 0);
}

#[test]
fn an_administrator_sees_the_open_sessions_with_their_address_and_ends_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { server: _server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    let admin = login(port, "beheer", "beheer-2026");
    let street = login(port, "toezicht", "toezicht-2026");

    // The supervisor writes a note: the audit row keeps where it came from.
    let ac = one(&db, "SELECT id FROM market WHERE code = 'AC'");
    let (status, note) =
        call(port, &street, "add_note", json!({"marketId": ac, "day": "2026-11-28", "text": "kraam 4 lekt"}));
    assert_eq!(status, 200, "{note}");
    assert_eq!(
        one_text(
            &db,
            &format!("SELECT client_address FROM audit_log WHERE action = 'note.create' AND entity_id = '{note}'")
        ),
        "127.0.0.1"
    );

    // Only an administrator sees the sessions (the core's role check).
    let (status, refused) = call(port, &street, "open_sessions", json!({}));
    assert_eq!((status, &refused["code"]), (403, &json!("forbidden")));
    let (status, open) = call(port, &admin, "open_sessions", json!({}));
    assert_eq!(status, 200, "{open}");
    let open = open.as_array().unwrap();
    let who: Vec<(&str, &str, bool)> = open
        .iter()
        .map(|s| (s["username"].as_str().unwrap(), s["address"].as_str().unwrap(), s["own"].as_bool().unwrap()))
        .collect();
    assert_eq!(who, [("beheer", "127.0.0.1", true), ("toezicht", "127.0.0.1", false)]);
    assert!(
        open.iter().all(|s| s["since"].as_str().unwrap().starts_with("2026-11-28")),
        "since, by the server's clock"
    );
    assert!(!open.iter().any(|s| s.to_string().contains(&street)), "a session's token is never shown");

    // The administrator ends the supervisor's session: audited with its address; the
    // supervisor's next request is refused, and their own number is gone.
    let number = open[1]["number"].clone();
    let (status, ended) = call(port, &admin, "end_session", json!({"number": number}));
    assert_eq!(status, 200, "{ended}");
    assert_eq!(call(port, &street, "list_markets", json!({})).0, 401);
    let row = one_text(&db, "SELECT before || '|' || client_address FROM audit_log WHERE action = 'session.end'");
    assert_eq!(row, r#"{"address":"127.0.0.1","username":"toezicht"}|127.0.0.1"#);
    let (status, gone) = call(port, &admin, "end_session", json!({"number": number}));
    assert_eq!((status, &gone["code"]), (404, &json!("not_found")));
}

#[test]
fn a_body_over_the_limit_is_refused_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { server: _server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    let token = login(port, "medewerker", "marktbureau-2026");
    let huge = vec![b' '; 64 * 1024 * 1024 + 1];
    let (status, _, body) = post(port, "/api/search_vendors", Some(&token), &huge);
    assert_eq!(status, 413, "{body}");
    assert_eq!(json_of(&body)["code"], "too_large");
    // The server is still there.
    assert_eq!(call(port, &token, "today", json!({})), (200, json!("2026-11-28")));
}

/// Any JSON: what a confused or hostile client may send.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        ".{0,24}".prop_map(Value::from),
        Just(Value::from("2026-11-28")),
        Just(Value::from(-1)),
        Just(Value::from(0)),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Commands the fuzzing leaves alone: they end its own session or change its own account
/// (each has tests of its own); everything else gets nonsense.
const SPARED: &[&str] =
    &["logout", "end_session", "reset_account_password", "set_account_active", "set_account_role", "restore_backup"];

#[test]
fn the_http_layer_answers_nonsense_with_coded_errors_and_never_falls_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { server: _server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    // Each command's argument names, from the API's own description: objects with the right
    // names and the wrong values reach deeper than random names.
    let doc = markt_app::contract::openapi();
    let commands: Vec<(String, Vec<String>)> = markt_app::COMMANDS
        .iter()
        .filter(|c| !SPARED.contains(c))
        .map(|c| {
            let props = &doc["paths"][format!("/api/{c}")]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"];
            (c.to_string(), props.as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default())
        })
        .collect();
    let request = (0..commands.len(), any_json(), prop::collection::vec(any::<u8>(), 0..64), 0..4u8, "[a-z_]{1,20}")
        .prop_map(move |(i, value, bytes, kind, unknown)| {
            let (command, names) = &commands[i];
            let body = match kind {
                // The right names, any values.
                0 => {
                    let values = value.as_array().cloned().unwrap_or_else(|| vec![value.clone()]);
                    let args: serde_json::Map<String, Value> =
                        names.iter().zip(values.into_iter().cycle()).map(|(n, v)| (n.clone(), v)).collect();
                    Value::Object(args).to_string().into_bytes()
                }
                1 => value.to_string().into_bytes(),
                2 => bytes,
                _ => return (unknown, value.to_string().into_bytes()),
            };
            (command.clone(), body)
        });
    let mut runner = TestRunner::new_with_rng(
        Config { cases: 600, failure_persistence: None, ..Config::default() },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let token = std::cell::RefCell::new(login(port, "beheer", "beheer-2026"));
    let answered = std::cell::RefCell::new(std::collections::BTreeMap::<u16, usize>::new());
    runner
        .run(&request, |(command, body)| {
            let (status, _, text) = post(port, &format!("/api/{command}"), Some(&token.borrow()), &body);
            *answered.borrow_mut().entry(status).or_default() += 1;
            prop_assert!(
                [200, 401, 403, 404, 409, 413, 422].contains(&status),
                "{command} answered {status} to {}: {text}",
                String::from_utf8_lossy(&body)
            );
            if status != 200 {
                let error: Value =
                    serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{command}: {e}: {text}")))?;
                prop_assert!(error["code"].is_string() && error["message"].is_string(), "{command}: {text}");
            }
            if status == 401 {
                *token.borrow_mut() = login(port, "beheer", "beheer-2026");
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let answered = answered.into_inner();
    assert!(answered.get(&422).copied().unwrap_or(0) > 100, "most nonsense is refused as such: {answered:?}");
    // Still serving, and the database sound.
    assert_eq!(call(port, &token.borrow(), "today", json!({})), (200, json!("2026-11-28")));
    let check =
        std::process::Command::new(env!("CARGO_BIN_EXE_markt")).arg("--db").arg(&db).arg("check").output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

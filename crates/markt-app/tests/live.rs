//! Live: what one desk changes, every other client hears as a `changed` event naming the
//! part of the data, the market and day, and who; the desk that made it hears it as its own.

use std::sync::{Arc, Mutex};

mod common;

use markt_app::events::{Topic, topic_of};
use markt_app::{App, COMMANDS, Config, Event, Events, SessionKey, dispatch};
use serde_json::{Value, json};

/// Keeps every event.
#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

impl Events for Recorder {
    fn emit(&self, event: Event) {
        self.0.lock().unwrap().push(event);
    }
}

impl Recorder {
    fn changes(&self) -> Vec<Event> {
        self.0.lock().unwrap().drain(..).filter(|e| e.name == "changed").collect()
    }
}

const MORNING: &str = "2026-11-28";

/// The demo city (seed 1, up to Friday 27 November 2026), the clock on the Saturday morning
/// after it, a senior and a supervisor logged in at two desks.
fn office() -> (tempfile::TempDir, App, Arc<Recorder>, SessionKey, SessionKey) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_in(dir.path());
    let recorder = Arc::new(Recorder::default());
    let app = App::new(Config {
        db_path: db,
        clock: Ok(markt::clock::Clock::Set {
            at: "2026-11-28T07:30:00Z".parse().unwrap(),
            started: std::time::Instant::now(),
        }),
        documents_dir: dir.path().join("documenten"),
        events: recorder.clone(),
        downloads: None,
    });
    assert_eq!(app.startup().unwrap().state, "ready");
    let (senior, supervisor) = (SessionKey("balie-1".into()), SessionKey("straat".into()));
    for (key, user, password) in
        [(&senior, "medewerker", "marktbureau-2026"), (&supervisor, "toezicht", "toezicht-2026")]
    {
        dispatch(&app.caller(key.clone()), "login", json!({"username": user, "password": password})).unwrap();
    }
    recorder.changes();
    (dir, app, recorder, senior, supervisor)
}

fn market_id(app: &App, key: &SessionKey, code: &str) -> i64 {
    let markets = dispatch(&app.caller(key.clone()), "list_markets", json!({})).unwrap();
    markets.as_array().unwrap().iter().find(|m| m["code"] == code).unwrap()["id"].as_i64().unwrap()
}

fn display_name(app: &App, key: &SessionKey) -> String {
    dispatch(&app.caller(key.clone()), "session", json!({})).unwrap()["displayName"].as_str().unwrap().to_string()
}

#[test]
fn a_note_is_told_to_every_desk_with_its_market_day_and_maker() {
    let (_dir, app, recorder, senior, supervisor) = office();
    let ac = market_id(&app, &senior, "AC");
    let note = dispatch(
        &app.caller(senior.clone()),
        "add_note",
        json!({"marketId": ac, "day": MORNING, "text": "kraam 12 lekt"}),
    )
    .unwrap();
    let changes = recorder.changes();
    assert_eq!(changes.len(), 1, "one change: {changes:?}");
    let change = &changes[0];
    assert!(change.is_for(&senior) && change.is_for(&supervisor), "every desk hears it");
    let theirs = change.payload_for(&supervisor);
    assert_eq!(
        theirs,
        json!({"topic": "notes", "command": "add_note", "marketId": ac, "day": MORNING,
               "by": display_name(&app, &senior), "mine": false})
    );
    assert_eq!(change.payload_for(&senior)["mine"], json!(true), "the desk that made it knows it was its own");

    // Ticking it off names no market in its arguments: the clients look again whatever they show.
    let id = note.as_i64().expect("the note's id");
    dispatch(&app.caller(supervisor.clone()), "tick_note", json!({"id": id, "done": true})).unwrap();
    let changes = recorder.changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].payload["topic"], "notes");
    assert_eq!(changes[0].payload["by"], display_name(&app, &supervisor));
}

#[test]
fn reads_and_refused_writes_tell_nobody() {
    let (_dir, app, recorder, senior, supervisor) = office();
    let ac = market_id(&app, &senior, "AC");
    for (command, args) in [
        ("day_view", json!({"marketId": ac, "day": MORNING})),
        ("attendance_day", json!({"marketId": ac, "day": MORNING})),
        ("tickets", json!({"filter": {}})),
        ("allocation_day", json!({"marketId": ac, "day": MORNING, "versionId": null})),
    ] {
        let _ = dispatch(&app.caller(senior.clone()), command, args);
    }
    assert_eq!(recorder.changes(), vec![], "reads change nothing");
    // A supervisor may not change a tariff (the core refuses): nothing changed, nothing said.
    let refused = dispatch(
        &app.caller(supervisor.clone()),
        "set_vat_rate",
        json!({"vat": "hoog", "from": MORNING, "percent": "22"}),
    );
    assert_eq!(refused.unwrap_err().code, "forbidden");
    // An empty note is refused by the core.
    assert!(
        dispatch(&app.caller(senior.clone()), "add_note", json!({"marketId": ac, "day": MORNING, "text": " "}))
            .is_err()
    );
    // An import's dry run stores nothing.
    let csv = b"x".to_vec();
    let _ = dispatch(
        &app.caller(senior),
        "run_import",
        json!({"kind": "vendors", "bytes": csv, "dryRun": true, "job": "proef"}),
    );
    assert_eq!(recorder.changes(), vec![]);
}

#[test]
fn a_permit_issued_at_one_desk_is_told_with_the_form_s_market_and_day() {
    let (_dir, app, recorder, senior, supervisor) = office();
    let ac = market_id(&app, &senior, "AC");
    let caller = app.caller(supervisor.clone());
    // The first vendor of AC's day without a permit, as the counter offers it.
    let vendors =
        dispatch(&caller, "search_vendors", json!({"query": "", "marketId": ac, "offset": 0, "limit": 50})).unwrap();
    let vendor = vendors["items"].as_array().or(vendors.as_array()).unwrap()[0]["id"].as_i64().unwrap();
    let counter =
        dispatch(&caller, "open_counter", json!({"marketId": ac, "day": MORNING, "vendorId": vendor})).unwrap();
    let needs_reason = counter["warnings"].as_array().unwrap().iter().any(|w| w["needsReason"] == true);
    let form = json!({
        "marketId": ac, "day": MORNING, "vendorId": vendor, "presence": "zelf", "substituteId": null,
        "identifiedBy": "getypt", "requested": counter["requested"], "stalls": counter["allocated"], "note": "",
        "payment": "pin", "overrideReason": if needs_reason { json!("test") } else { Value::Null },
    });
    dispatch(&caller, "preview_permit", json!({"form": form.clone()})).unwrap();
    assert_eq!(recorder.changes(), vec![], "a preview stores nothing");
    let permit = dispatch(&caller, "issue_permit", json!({"form": form})).unwrap();
    let changes = recorder.changes();
    assert_eq!(changes.len(), 1, "{changes:?}");
    let told = changes[0].payload_for(&senior);
    assert_eq!(
        (&told["topic"], &told["marketId"], &told["day"], &told["mine"]),
        (&json!("permits"), &json!(ac), &json!(MORNING), &json!(false))
    );

    // A void names only the permit: the answer carries its market and day.
    let id = permit["id"].as_i64().unwrap();
    dispatch(&app.caller(senior.clone()), "void_permit", json!({"id": id, "reason": "verkeerde ondernemer"})).unwrap();
    let changes = recorder.changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (&changes[0].payload["topic"], &changes[0].payload["command"]),
        (&json!("permits"), &json!("void_permit"))
    );
}

/// Every command that writes is announced: a command named as a write (save_, add_, …) has a
/// topic, and every name with a topic is a command (a renamed command does not go quiet).
#[test]
fn every_write_command_has_a_topic() {
    const WRITES: &[&str] = &[
        "save_",
        "add_",
        "set_",
        "end_",
        "remove_",
        "void_",
        "issue_",
        "reissue_",
        "pay_",
        "reverse_",
        "record_",
        "create_ticket",
        "close_",
        "draw_",
        "redraw_",
        "publish_",
        "override_",
        "run_allocation",
        "run_import",
        "block_",
        "unblock_",
        "tick_",
        "update_",
        "unlock_",
        "reset_",
        "restore_",
    ];
    for command in COMMANDS {
        if WRITES.iter().any(|w| command.starts_with(w)) {
            assert!(topic_of(command).is_some(), "{command} writes but tells nobody");
        }
    }
    let told = COMMANDS.iter().filter(|c| topic_of(c).is_some()).count();
    assert!(told >= 50, "{told} commands with a topic");
    assert_eq!(topic_of("day_view"), None);
    assert_eq!(topic_of("close_day"), Some(Topic::DayClose));
}

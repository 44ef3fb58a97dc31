//! A long job never holds the app: while a finance export runs (paused here in the middle
//! of its work, for as long as the test likes), the other commands of every session answer.
//! The job works on a connection of its own (`Caller::apart`), so nothing waits on it.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod common;

use markt_app::{App, Config, Event, Events, SessionKey, dispatch};
use serde_json::json;

/// Hears the export's progress: tells the test the job is under way, then holds the job
/// (inside the core's export, between two steps) until the test lets it go.
struct Gate {
    started: SyncSender<()>,
    release: Mutex<Receiver<()>>,
    held: Mutex<bool>,
}

impl Events for Gate {
    fn emit(&self, event: Event) {
        let mut held = self.held.lock().unwrap();
        if event.name == "progress" && !*held && event.payload["done"].as_u64().is_some_and(|d| d > 0) {
            *held = true;
            drop(held);
            self.started.send(()).unwrap();
            self.release.lock().unwrap().recv_timeout(Duration::from_secs(60)).expect("the test lets the job go");
        }
    }
}

/// The demo city (seed 1, up to Friday 27 November 2026) in a fresh folder, and an app on it
/// whose events go to `events`; the folder lives as long as the returned guard.
fn demo_app(events: Arc<dyn Events>) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_in(dir.path());
    let app = App::new(Config {
        db_path: db,
        clock: Ok(markt::clock::Clock::System),
        documents_dir: dir.path().join("documenten"),
        events,
        downloads: Some(dir.path().join("Downloads")),
    });
    assert_eq!(app.startup().unwrap().state, "ready");
    (dir, app)
}

#[test]
fn a_read_answers_while_a_finance_export_is_in_the_middle_of_its_work() {
    let (started_tx, started_rx) = sync_channel(1);
    let (release_tx, release_rx) = sync_channel(1);
    let gate = Arc::new(Gate { started: started_tx, release: Mutex::new(release_rx), held: Mutex::new(false) });
    let (_dir, app) = demo_app(gate);
    let app = Arc::new(app);
    let finance = SessionKey("financien".into());
    let clerk = SessionKey("balie".into());
    let login = |key: &SessionKey, user: &str, password: &str| {
        dispatch(&app.caller(key.clone()), "login", json!({"username": user, "password": password})).unwrap()
    };
    assert_eq!(login(&finance, "financien", "financien-2026")["role"], "finance");
    login(&clerk, "medewerker", "marktbureau-2026");

    let job = {
        let app = app.clone();
        let finance = finance.clone();
        std::thread::spawn(move || {
            let request = json!({"from": "2026-09-01", "until": "2026-11-27", "marketIds": [], "dialect": "nl"});
            dispatch(&app.caller(finance), "finance_export", json!({"request": request, "job": "kwartaal"}))
        })
    };
    started_rx.recv_timeout(Duration::from_secs(120)).expect("the export reports its progress");

    // The export is paused in the middle of its work. Reads of both sessions answer now, on
    // another thread, or the test fails: a held lock would make them wait for the job.
    let (answer_tx, answer_rx) = sync_channel(1);
    {
        let app = app.clone();
        let (finance, clerk) = (finance.clone(), clerk.clone());
        std::thread::spawn(move || {
            let markets = dispatch(&app.caller(clerk.clone()), "list_markets", json!({}));
            let vendors =
                dispatch(&app.caller(clerk), "search_vendors", json!({"query": "de", "offset": 0, "limit": 20}));
            let batches = dispatch(&app.caller(finance), "finance_batches", json!({}));
            answer_tx.send((markets, vendors, batches)).unwrap();
        });
    }
    let (markets, vendors, batches) =
        answer_rx.recv_timeout(Duration::from_secs(10)).expect("reads answer while the export runs");
    assert_eq!(markets.unwrap().as_array().unwrap().len(), 4, "the demo's four markets");
    assert!(!vendors.unwrap()["items"].as_array().unwrap().is_empty(), "vendors found");
    assert_eq!(batches.unwrap().as_array().unwrap().len(), 0, "the running export has stored no batch yet");

    release_tx.send(()).unwrap();
    let exported = job.join().unwrap().expect("the export finishes");
    assert_eq!(exported["batch"]["number"], 1);
    assert!(exported["file"]["bytes"].as_u64().unwrap() > 1000, "{exported}");
    let batches = dispatch(&app.caller(finance), "finance_batches", json!({})).unwrap();
    assert_eq!(batches.as_array().unwrap().len(), 1, "now the batch is stored");
}

#[test]
fn each_session_is_its_own_and_an_unknown_command_is_named() {
    let (_dir, app) = demo_app(Arc::new(markt_app::Nobody));
    let (a, b) = (app.caller(SessionKey("a".into())), app.caller(SessionKey("b".into())));
    dispatch(&a, "login", json!({"username": "toezicht", "password": "toezicht-2026"})).unwrap();
    assert_eq!(dispatch(&a, "session", json!(null)).unwrap()["username"], "toezicht");
    assert_eq!(dispatch(&b, "session", json!({})).unwrap(), serde_json::Value::Null, "b is not logged in");
    assert_eq!(dispatch(&b, "list_markets", json!({})).unwrap_err().code, "not_logged_in");
    // The supervisor's role is checked by the core, whatever door the call came through.
    let err = dispatch(
        &a,
        "create_account",
        json!({"input": {"username": "x", "displayName": "X", "role": "admin", "password": "lang genoeg"}}),
    )
    .unwrap_err();
    assert_eq!(err.code, "forbidden", "{err:?}");
    let err = dispatch(&a, "drop_everything", json!({})).unwrap_err();
    assert_eq!(err.code, "unknown_command");
    assert!(err.message.contains("drop_everything"));
    let err = dispatch(&a, "get_vendor", json!({"id": "zeven"})).unwrap_err();
    assert_eq!(err.code, "invalid");
    assert!(err.message.contains("get_vendor"), "{}", err.message);
    dispatch(&a, "logout", json!({})).unwrap();
    assert_eq!(dispatch(&a, "list_markets", json!({})).unwrap_err().code, "not_logged_in");
}

#[test]
fn a_restore_ends_every_session_and_only_the_folder_s_backups_are_opened() {
    let (_dir, app) = demo_app(Arc::new(markt_app::Nobody));
    let (admin, desk) = (app.caller(SessionKey("admin".into())), app.caller(SessionKey("desk".into())));
    dispatch(&admin, "login", json!({"username": "beheer", "password": "beheer-2026"})).unwrap();
    dispatch(&desk, "login", json!({"username": "toezicht", "password": "toezicht-2026"})).unwrap();
    // A client names a file on the server: not a backup of the folder, not opened.
    let err = dispatch(&admin, "check_backup", json!({"path": "/etc/passwd"})).unwrap_err();
    assert_eq!(err.code, "not_found", "{err:?}");
    if markt::db::testing::postgres().is_some() {
        // A PostgreSQL database has no backups folder: the app says how its backups are made.
        let err = dispatch(&admin, "make_backup", json!({})).unwrap_err();
        assert_eq!(err.code, "conflict", "{err:?}");
        assert!(err.message.contains("pg_dump"), "{err:?}");
        return;
    }
    let made = dispatch(&admin, "make_backup", json!({})).unwrap();
    let path = made["path"].as_str().unwrap().to_string();
    assert_eq!(
        dispatch(&admin, "check_backup", json!({"path": path})).unwrap()["schemaVersion"],
        markt::db::schema_version()
    );
    dispatch(&admin, "restore_backup", json!({"path": path})).unwrap();
    // The restored file's accounts are the ones that count now: every desk logs in again.
    for caller in [&admin, &desk] {
        assert_eq!(dispatch(caller, "list_markets", json!({})).unwrap_err().code, "not_logged_in");
    }
}

/// Keeps every event.
#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

impl Events for Recorder {
    fn emit(&self, event: Event) {
        self.0.lock().unwrap().push(event);
    }
}

#[test]
fn a_job_s_progress_is_for_the_session_that_runs_it_only() {
    let recorder = Arc::new(Recorder::default());
    let (_dir, app) = demo_app(recorder.clone());
    let (a, b) = (SessionKey("a".into()), SessionKey("b".into()));
    for (key, user, password) in [(&a, "medewerker", "marktbureau-2026"), (&b, "beheer", "beheer-2026")] {
        dispatch(&app.caller(key.clone()), "login", json!({"username": user, "password": password})).unwrap();
    }
    let request = json!({"kind": "vendors", "marketIds": [], "dialect": "nl", "from": null, "until": null});
    dispatch(&app.caller(a.clone()), "export_list", json!({"request": request, "job": "lijst"})).unwrap();
    let events = recorder.0.lock().unwrap().clone();
    assert!(events.iter().any(|e| e.name == "progress"), "the export reported its progress");
    for e in &events {
        assert!(e.is_for(&a) && !e.is_for(&b), "{e:?} is a's alone");
    }
    // b cannot cancel a job of a's by its name (a's ran and ended; neither finds one now).
    assert_eq!(dispatch(&app.caller(b), "cancel_job", json!({"job": "lijst"})).unwrap(), json!(false));
}

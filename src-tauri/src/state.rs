//! The app's state: the open database and the logged-in account. Every command goes
//! through one of the three doors below, so none can skip the session check.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use markt::clock::{Clock, ClockError};
use markt::{Actor, Store};

use crate::dto::{AppError, Res, Startup};

pub struct App {
    inner: Mutex<Inner>,
    health: Arc<Mutex<Health>>,
    /// The app's one clock: the system's, or `MARKTKANTOOR_NOW` on a demo or test database.
    /// An unreadable setting keeps every database closed and says why.
    clock: Result<Clock, ClockError>,
}

/// What the start-up check found. It runs beside the clerk's work: on ten years of a large
/// city SQLite's quick check reads the whole file (minutes), and the daily backup copies
/// it; a window that waited for both would not be a desk tool.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Health {
    /// Not checked yet, or the check is running.
    Unknown,
    Sound,
    /// Damaged: every command is refused with this message, and the UI shows it.
    Damaged(String),
}

struct Inner {
    path: PathBuf,
    store: Option<Store>,
    session: Option<Session>,
}

/// The logged-in account and when it last did something.
struct Session {
    actor: Actor,
    last_seen: DateTime<Utc>,
}

/// After this long without a command the session ends: a desk left alone is not left
/// logged in. `MARKTKANTOOR_SESSION_MINUTES` changes it.
fn idle_limit() -> chrono::Duration {
    let minutes = std::env::var("MARKTKANTOOR_SESSION_MINUTES").ok().and_then(|m| m.parse().ok()).unwrap_or(30);
    chrono::Duration::minutes(minutes)
}

/// Whether a session last seen at `last_seen` has ended by `now`.
fn expired(last_seen: DateTime<Utc>, now: DateTime<Utc>, limit: chrono::Duration) -> bool {
    now - last_seen > limit
}

impl App {
    pub fn new(path: PathBuf, clock: Result<Clock, ClockError>) -> App {
        App {
            inner: Mutex::new(Inner { path, store: None, session: None }),
            health: Arc::new(Mutex::new(Health::Unknown)),
            clock,
        }
    }

    fn clock(&self) -> Res<&Clock> {
        self.clock.as_ref().map_err(|e| AppError::new(e.code(), e.to_string()))
    }

    /// This moment by the app's clock (the system's when the setting is unreadable: nothing
    /// is opened then anyway).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.as_ref().map_or_else(|_| Utc::now(), Clock::now)
    }

    /// Today in Amsterdam by the app's clock.
    pub fn today(&self) -> NaiveDate {
        markt::time::today(self.now())
    }

    fn health(&self) -> Health {
        self.health.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Refuses work on a file the start-up check found damaged.
    fn sound(&self) -> Res<()> {
        match self.health() {
            Health::Damaged(message) => Err(AppError::new("damaged_database", message)),
            Health::Unknown | Health::Sound => Ok(()),
        }
    }

    fn lock(&self) -> Res<std::sync::MutexGuard<'_, Inner>> {
        // A panic in another command must not lock the clerk out for good.
        Ok(self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Opens the database if it exists and says what the UI should show first.
    pub fn startup(&self) -> Res<Startup> {
        let mut inner = self.lock()?;
        let db_path = inner.path.display().to_string();
        if let Health::Damaged(message) = self.health() {
            return Ok(Startup { state: "error", db_path, error: Some(AppError::new("damaged_database", message)) });
        }
        let clock = match self.clock() {
            Ok(clock) => clock.clone(),
            Err(error) => return Ok(Startup { state: "error", db_path, error: Some(error) }),
        };
        let fresh = !inner.path.exists() || std::fs::metadata(&inner.path).map(|m| m.len() == 0).unwrap_or(true);
        if inner.store.is_none() && !fresh {
            // A set clock is refused on an office database before the file is touched.
            let store = match clock.open(&inner.path) {
                Ok(store) => store,
                Err(e) => return Ok(Startup { state: "error", db_path, error: Some(e.into()) }),
            };
            // A damaged file is not worked on: the check runs on a connection of its own, and
            // when it finds damage every command is refused and the clerk told what to do.
            spawn_startup_check(inner.path.clone(), self.health.clone(), clock);
            inner.store = Some(store);
        }
        let ready = match inner.store.as_mut() {
            Some(store) => markt::account::any(store).map_err(AppError::from)?,
            None => false,
        };
        Ok(Startup { state: if ready { "ready" } else { "needs_setup" }, db_path, error: None })
    }

    /// Creates (or opens the empty) database for the first run and fills it with `f`, which
    /// gets the app's clock (a set clock fills only a demo: `Clock::admit` says so).
    pub fn setup<T>(&self, f: impl FnOnce(&mut Store, &Clock) -> markt::Result<T>) -> Res<T> {
        let clock = self.clock()?;
        let mut inner = self.lock()?;
        if inner.store.is_none() {
            let store = clock.open(&inner.path)?;
            inner.store = Some(store);
        }
        let store = inner.store.as_mut().ok_or_else(|| AppError::new("database", "geen database"))?;
        Ok(f(store, clock)?)
    }

    /// A call without a session: logging in.
    pub fn login(&self, f: impl FnOnce(&mut Store) -> markt::Result<Actor>) -> Res<Actor> {
        self.sound()?;
        let mut inner = self.lock()?;
        let store = inner.store.as_mut().ok_or_else(|| AppError::new("database", "de database is niet geopend"))?;
        let actor = f(store)?;
        inner.session = Some(Session { actor: actor.clone(), last_seen: self.now() });
        Ok(actor)
    }

    pub fn logout(&self) -> Res<()> {
        self.lock()?.session = None;
        Ok(())
    }

    /// A read by the logged-in account (any role).
    pub fn read<T>(&self, f: impl FnOnce(&mut Store, &Actor) -> markt::Result<T>) -> Res<T> {
        self.sound()?;
        let mut inner = self.lock()?;
        let now = self.now();
        if inner.session.as_ref().is_some_and(|s| expired(s.last_seen, now, idle_limit())) {
            inner.session = None;
            return Err(AppError::new("session_expired", "U was te lang niet actief: meld u opnieuw aan."));
        }
        let Inner { store, session, .. } = &mut *inner;
        let session = session.as_mut().ok_or_else(AppError::not_logged_in)?;
        session.last_seen = now;
        let store = store.as_mut().ok_or_else(AppError::not_logged_in)?;
        Ok(f(store, &session.actor)?)
    }

    /// A clerk action by the logged-in account, at this moment; the core checks the role.
    pub fn act<T>(&self, f: impl FnOnce(&mut Store, &Actor, DateTime<Utc>) -> markt::Result<T>) -> Res<T> {
        self.read(|store, actor| f(store, actor, self.now()))
    }

    pub fn session(&self) -> Res<Option<Actor>> {
        let inner = self.lock()?;
        Ok(inner.session.as_ref().filter(|s| !expired(s.last_seen, self.now(), idle_limit())).map(|s| s.actor.clone()))
    }
}

fn spawn_startup_check(path: PathBuf, health: Arc<Mutex<Health>>, clock: Clock) {
    std::thread::spawn(move || {
        let found = startup_check(&path, &clock);
        *health.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = found;
    });
}

/// SQLite's quick check and the foreign keys; when both pass, the daily backup (a failed
/// backup is reported, not fatal: the clerk can still work).
fn startup_check(path: &Path, clock: &Clock) -> Health {
    let mut store = match Store::open(path) {
        Ok(store) => store,
        Err(e) => return Health::Damaged(damaged_message(&[e.to_string()])),
    };
    match markt::check::startup(&mut store) {
        Ok(problems) if problems.is_empty() => {}
        Ok(problems) => return Health::Damaged(damaged_message(&problems)),
        Err(e) => return Health::Damaged(damaged_message(&[e.to_string()])),
    }
    if let Some(dir) = markt::backup::dir_of(&store) {
        let keep = std::env::var("MARKTKANTOOR_BACKUPS_KEEP")
            .ok()
            .and_then(|k| k.parse().ok())
            .unwrap_or(markt::backup::KEEP_DEFAULT);
        if let Err(e) = markt::backup::daily(&mut store, clock.now(), &dir, keep) {
            eprintln!("Marktkantoor: de dagelijkse back-up is mislukt: {e}");
        }
    }
    Health::Sound
}

fn damaged_message(problems: &[String]) -> String {
    format!(
        "De database is beschadigd ({}). Zet een back-up terug: `markt restore BESTAND` \
         (back-ups staan in de map backups naast de database).",
        problems.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_after_the_idle_limit() {
        let t = DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z").unwrap().with_timezone(&Utc);
        let limit = chrono::Duration::minutes(30);
        assert!(!expired(t, t + chrono::Duration::minutes(30), limit));
        assert!(expired(t, t + chrono::Duration::minutes(31), limit));
    }

    /// Waits for the start-up check running beside the test.
    fn checked(app: &App) -> Health {
        for _ in 0..600 {
            match app.health() {
                Health::Unknown => std::thread::sleep(std::time::Duration::from_millis(50)),
                found => return found,
            }
        }
        panic!("the start-up check did not finish in 30 s");
    }

    /// A fixed moment: no test depends on the day it runs.
    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn database_with_vendors(path: &Path) {
        let mut store = Store::open(path).unwrap();
        let now = at("2026-11-27T09:00:00Z");
        let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(7);
        let admin =
            markt::account::create_first_admin(&mut store, now, &mut rng, "beheer", "Beheer", "wachtwoord-1").unwrap();
        for i in 0..400 {
            let input = markt::vendor::VendorInput {
                registration_number: format!("{:010}", 1_950_010_100 + i),
                initials: "A.".into(),
                status: Some(markt::code::VendorStatus::Active),
                surname: format!("Verkoper {i} met een lange naam die pagina's vult"),
                ..Default::default()
            };
            markt::vendor::create(&mut store, &admin, now, &input).unwrap();
        }
    }

    #[test]
    fn a_sound_file_opens_at_once_and_gets_its_daily_backup_beside_the_work() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marktkantoor.sqlite");
        database_with_vendors(&path);
        let app = App::new(path.clone(), Ok(Clock::System));
        assert_eq!(app.startup().unwrap().state, "ready");
        assert_eq!(checked(&app), Health::Sound);
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups")).unwrap().collect();
        assert_eq!(backups.len(), 1, "today's backup was made");
        app.login(|store| markt::account::login(store, "beheer", "wachtwoord-1", at("2026-11-27T10:00:00Z"))).unwrap();
    }

    #[test]
    fn a_damaged_file_found_by_the_start_up_check_refuses_every_command() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marktkantoor.sqlite");
        database_with_vendors(&path);
        let mut bytes = std::fs::read(&path).unwrap();
        // Scribble over pages in the middle, past the header and the schema.
        let mid = bytes.len() / 2;
        for b in &mut bytes[mid..mid + 8192] {
            *b = 0x5a;
        }
        std::fs::write(&path, &bytes).unwrap();

        let app = App::new(path.clone(), Ok(Clock::System));
        let first = app.startup().unwrap();
        if first.state == "ready" {
            assert!(matches!(checked(&app), Health::Damaged(_)));
        }
        let err = app
            .login(|store| markt::account::login(store, "beheer", "wachtwoord-1", at("2026-11-27T10:00:00Z")))
            .unwrap_err();
        assert!(err.code == "damaged_database" || first.state == "error", "the damage is told, not worked on: {err:?}");
        let again = app.startup().unwrap();
        assert_eq!(again.state, "error");
        assert!(!dir.path().join("backups").exists(), "no backup of a damaged file");
    }

    /// The commands that need no session: opening the file, the first run, logging in and
    /// out, the code lists and the date; and three that touch only what the app itself
    /// keeps (a job's cancel flag, the files it just wrote).
    const WITHOUT_SESSION: &[&str] = &[
        "startup",
        "create_database",
        "login",
        "logout",
        "session",
        "codes",
        "today",
        "now",
        "cancel_job",
        "open_file",
        "open_folder",
    ];

    /// Every other command reaches the database only through a door with the session
    /// check (`read`, `act`, or a job, a report or a print that go through them), so the
    /// core sees the logged-in actor and enforces its role (tested per action in
    /// crates/markt/tests/roles.rs). A new command that skips the doors fails here.
    #[test]
    fn every_command_goes_through_a_session_door_or_is_named_as_needing_none() {
        let sources = [
            include_str!("commands/mod.rs"),
            include_str!("commands/admin.rs"),
            include_str!("commands/allocation.rs"),
            include_str!("commands/counter.rs"),
            include_str!("commands/data.rs"),
            include_str!("commands/inspections.rs"),
            include_str!("commands/print.rs"),
        ];
        let doors = ["app.read(", "app.act(", "run_job(", "figures(&app", "make(&app"];
        let mut seen = Vec::new();
        for source in sources {
            for chunk in source.split("#[tauri::command]").skip(1) {
                let signature = chunk.lines().find(|l| l.contains("fn ")).unwrap();
                let name = signature.split("fn ").nth(1).unwrap().split(['(', '<']).next().unwrap().trim().to_string();
                // The body: up to the first line that closes the function at column 0.
                let body = chunk.split("\n}").next().unwrap();
                let through_door = doors.iter().any(|d| body.contains(d));
                assert!(
                    through_door || WITHOUT_SESSION.contains(&name.as_str()),
                    "command {name} reaches the database without a session door"
                );
                seen.push(name);
            }
        }
        let build = include_str!("../build.rs");
        let mut listed: Vec<String> =
            build.lines().filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\",").map(str::to_string)).collect();
        seen.sort();
        listed.sort();
        assert_eq!(seen, listed, "every command in build.rs was inspected");
        for name in WITHOUT_SESSION {
            assert!(seen.iter().any(|s| s == name), "{name} is still a command");
        }
    }

    #[test]
    fn a_set_clock_opens_a_demo_database_on_its_day_and_refuses_an_office_one() {
        let dir = tempfile::tempdir().unwrap();
        let set = || Ok(Clock::set(at("2026-12-06T06:30:00Z")));

        let office = dir.path().join("kantoor.sqlite");
        database_with_vendors(&office);
        let before = std::fs::read(&office).unwrap();
        let app = App::new(office.clone(), set());
        let startup = app.startup().unwrap();
        assert_eq!(startup.state, "error");
        let error = startup.error.unwrap();
        assert_eq!(error.code, "clock_set");
        assert!(error.message.contains("MARKTKANTOOR_NOW"), "says why: {}", error.message);
        assert_eq!(std::fs::read(&office).unwrap(), before, "the office file is not touched");
        let login =
            app.login(|store| markt::account::login(store, "beheer", "wachtwoord-1", at("2026-12-06T06:31:00Z")));
        assert!(login.is_err(), "nothing was opened");

        let demo = dir.path().join("demo.sqlite");
        let mut store = Store::open(&demo).unwrap();
        markt::demo::build(&mut store, &markt::demo::DemoConfig { seed: 1, today: "2026-12-05".parse().unwrap() })
            .unwrap();
        drop(store);
        let app = App::new(demo, set());
        assert_eq!(app.startup().unwrap().state, "ready");
        assert_eq!(app.today().to_string(), "2026-12-06", "the set day, whatever the system's");
        checked(&app);

        // The first-run screen with a set clock: the demo, not an office database.
        let fresh = dir.path().join("nieuw.sqlite");
        let app = App::new(fresh, set());
        assert_eq!(app.startup().unwrap().state, "needs_setup");
        let err = app
            .setup(|store, clock| {
                clock.admit(store)?;
                markt::account::create_first_admin(store, clock.now(), &mut rand::rng(), "beheer", "B", "lang genoeg")
            })
            .unwrap_err();
        assert_eq!(err.code, "clock_set");
    }

    #[test]
    fn an_unreadable_clock_setting_opens_nothing_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marktkantoor.sqlite");
        database_with_vendors(&path);
        let bad = markt::clock::Clock::parse("maandag").map(Clock::set);
        let app = App::new(path, bad);
        let startup = app.startup().unwrap();
        assert_eq!(startup.state, "error");
        assert_eq!(startup.error.unwrap().code, "bad_clock");
    }

    #[test]
    fn without_a_session_the_doors_refuse() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marktkantoor.sqlite");
        database_with_vendors(&path);
        let app = App::new(path, Ok(Clock::System));
        app.startup().unwrap();
        let read = app.read(|s, _| markt::vendor::search(s, "", 0, 10)).unwrap_err();
        assert_eq!(read.code, "not_logged_in");
        let act = app.act(|s, a, now| markt::market::add_row(s, a, now, markt::ids::MarketId(1), "Rij", false));
        assert_eq!(act.unwrap_err().code, "not_logged_in");
    }

    #[test]
    fn the_capability_grants_exactly_the_app_commands() {
        // build.rs lists the commands; the capability must allow each and nothing else.
        let build = include_str!("../build.rs");
        let commands: Vec<String> =
            build.lines().filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\",").map(str::to_string)).collect();
        assert!(commands.len() > 40, "build.rs lists the commands");
        let capability: serde_json::Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let mut granted: Vec<String> =
            capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        let mut expected: Vec<String> = commands.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        // Listening to the app's own events (progress of exports and imports) and no other
        // core permission: no emitting, no windows, no paths, no plugins.
        expected.extend(["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()]);
        granted.sort();
        expected.sort();
        assert_eq!(granted, expected, "no other core or plugin permission, and every command allowed");
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
    }
}

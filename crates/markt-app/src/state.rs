//! The app's state: the open database, the clock, the sessions and the jobs. Every command
//! reaches the database through one of the doors of [`Caller`] (`read`, `act`, `apart`), so
//! none can skip the session check; the core checks the role.
//!
//! One `App` serves every client: the desktop window is one session, and each client of
//! `markt serve` is a session of its own (its bearer token). A command runs as a [`Caller`]:
//! the app and the session it speaks for.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use markt::clock::{Clock, ClockError};
use markt::{Actor, Store};

use crate::dto::{AppError, Res, Startup};
use crate::events::{Event, Events};
use crate::jobs::Jobs;

pub struct App {
    inner: Mutex<Inner>,
    sessions: Mutex<HashMap<SessionKey, Session>>,
    /// The number the next session gets: what an administrator sees and ends it by (the
    /// key itself is a client's secret).
    next_session: AtomicU64,
    health: Arc<Mutex<Health>>,
    /// The app's one clock: the system's, or `MARKTKANTOOR_NOW` on a demo or test database.
    /// An unreadable setting keeps every database closed and says why.
    clock: Result<Clock, ClockError>,
    jobs: Jobs,
    events: Arc<dyn Events>,
    /// Where printed documents are saved before a viewer or the spooler gets them.
    documents_dir: PathBuf,
    downloads: Option<PathBuf>,
}

/// What the app is started with.
pub struct Config {
    pub db_path: PathBuf,
    pub clock: Result<Clock, ClockError>,
    /// Where printed documents go: on a desk `commands::print::documents_folder`
    /// (Documenten/Marktkantoor), for the server a folder of its own.
    pub documents_dir: PathBuf,
    /// Who hears progress and change events (the window, the server's event stream).
    pub events: Arc<dyn Events>,
    /// Where exports and reports are saved; `None`: the user's Downloads folder.
    pub downloads: Option<PathBuf>,
}

/// The session a command speaks for: the desktop window's, or a server client's token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionKey(pub String);

impl SessionKey {
    /// The desktop window: one session, as one clerk sits at it.
    pub fn window() -> SessionKey {
        SessionKey("window".into())
    }
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
}

/// A logged-in account, when it last did something, and the files it made (exports,
/// reports, printed documents): a client of the server may fetch those, and only those.
/// Its number, since when and from where: what an administrator sees of it.
struct Session {
    actor: Actor,
    last_seen: DateTime<Utc>,
    files: HashSet<PathBuf>,
    number: u64,
    since: DateTime<Utc>,
    address: Option<String>,
}

/// An open session as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSession {
    pub number: u64,
    pub account: markt::ids::AccountId,
    pub username: String,
    pub address: Option<String>,
    pub since: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// The administrator's own session.
    pub own: bool,
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
    pub fn new(config: Config) -> App {
        App {
            inner: Mutex::new(Inner { path: config.db_path, store: None }),
            sessions: Mutex::new(HashMap::new()),
            next_session: AtomicU64::new(1),
            health: Arc::new(Mutex::new(Health::Unknown)),
            clock: config.clock,
            jobs: Jobs::default(),
            events: config.events,
            documents_dir: config.documents_dir,
            downloads: config.downloads,
        }
    }

    /// The app as `session`'s caller.
    pub fn caller(&self, session: SessionKey) -> Caller<'_> {
        Caller { app: self, session, address: None }
    }

    /// The app as the caller of `session` at a client on the network (the server's): the
    /// address is kept with the session and with each audit row the call writes.
    pub fn client(&self, session: SessionKey, address: String) -> Caller<'_> {
        Caller { app: self, session, address: Some(address) }
    }

    /// The desktop window's caller.
    pub fn window(&self) -> Caller<'_> {
        self.caller(SessionKey::window())
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

    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    pub fn emit(&self, event: Event) {
        self.events.emit(event);
    }

    pub fn documents_dir(&self) -> &Path {
        &self.documents_dir
    }

    /// Where exports and reports are saved, when the app was told.
    pub fn downloads(&self) -> Option<&Path> {
        self.downloads.as_deref()
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic in another command must not lock the clerk out for good.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<SessionKey, Session>> {
        self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Opens the database if it exists and says what the UI should show first.
    pub fn startup(&self) -> Res<Startup> {
        let mut inner = self.lock();
        // Answered before anyone logs in: a PostgreSQL URL without its password.
        let db_path = markt::db::shown_location(&inner.path);
        if let Health::Damaged(message) = self.health() {
            return Ok(Startup { state: "error", db_path, error: Some(AppError::new("damaged_database", message)) });
        }
        let clock = match self.clock() {
            Ok(clock) => clock.clone(),
            Err(error) => return Ok(Startup { state: "error", db_path, error: Some(error) }),
        };
        // A PostgreSQL database is never a missing file: opening it says whether it is new.
        let fresh = markt::db::postgres_url(&inner.path).is_none()
            && (!inner.path.exists() || std::fs::metadata(&inner.path).map(|m| m.len() == 0).unwrap_or(true));
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

    /// Today's backup, when the start-up check found the file sound and today has none yet
    /// (`markt serve` asks this through the day: a server is not started every morning).
    /// On a connection of its own, as the start-up check: no session waits for it.
    pub fn daily_backup(&self) -> Res<Option<PathBuf>> {
        if !matches!(self.health(), Health::Sound) {
            return Ok(None);
        }
        let clock = self.clock()?.clone();
        let path = self.lock().path.clone();
        let mut store = Store::open(&path).map_err(AppError::from)?;
        daily_backup(&mut store, &clock).map_err(AppError::from)
    }

    /// Creates (or opens the empty) database for the first run and fills it with `f`, which
    /// gets the app's clock (a set clock fills only a demo: `Clock::admit` says so).
    pub fn setup<T>(&self, f: impl FnOnce(&mut Store, &Clock) -> markt::Result<T>) -> Res<T> {
        let clock = self.clock()?;
        let mut inner = self.lock();
        if inner.store.is_none() {
            let store = clock.open(&inner.path)?;
            inner.store = Some(store);
        }
        let store = inner.store.as_mut().ok_or_else(|| AppError::new("database", "geen database"))?;
        Ok(f(store, clock)?)
    }

    /// Ends every session (after a restore: the accounts are the restored file's).
    pub fn end_all_sessions(&self) {
        self.sessions().clear();
    }

    /// Ends every session of one account (switched off, another role, a new password):
    /// a session keeps the actor it logged in as, so it must not outlive the change.
    pub fn end_sessions_of(&self, account: markt::ids::AccountId) {
        self.sessions().retain(|_, s| s.actor.id() != account);
    }

    /// The actor of `key`'s session, checked and touched: the session door.
    fn actor(&self, key: &SessionKey) -> Res<Actor> {
        self.sound()?;
        let now = self.now();
        let mut sessions = self.sessions();
        if sessions.get(key).is_some_and(|s| expired(s.last_seen, now, idle_limit())) {
            sessions.remove(key);
            return Err(AppError::new("session_expired", "U was te lang niet actief: meld u opnieuw aan."));
        }
        let session = sessions.get_mut(key).ok_or_else(AppError::not_logged_in)?;
        session.last_seen = now;
        Ok(session.actor.clone())
    }
}

/// A command's view of the app: the app, the session it speaks for, and where the client
/// is on the network (`None`: this computer's own window).
pub struct Caller<'a> {
    app: &'a App,
    session: SessionKey,
    address: Option<String>,
}

impl std::ops::Deref for Caller<'_> {
    type Target = App;
    fn deref(&self) -> &App {
        self.app
    }
}

impl Caller<'_> {
    pub fn session_key(&self) -> &SessionKey {
        &self.session
    }

    /// A call without a session: logging in. The session is this caller's.
    /// The password is checked between the two steps without the store: Argon2 takes its
    /// time on purpose, and a server's other clients are answered meanwhile.
    pub fn login(&self, username: &str, password: &str) -> Res<Actor> {
        self.app.sound()?;
        let attempt = self.with_store(|store| markt::account::begin_login(store, username))?;
        let checked = attempt.check(password);
        let actor = self.with_store(|store| markt::account::finish_login(store, checked, self.app.now()))?;
        let now = self.app.now();
        let session = Session {
            actor: actor.clone(),
            last_seen: now,
            files: HashSet::new(),
            number: self.app.next_session.fetch_add(1, Ordering::Relaxed),
            since: now,
            address: self.address.clone(),
        };
        self.app.sessions().insert(self.session.clone(), session);
        Ok(actor)
    }

    pub fn logout(&self) -> Res<()> {
        self.app.sessions().remove(&self.session);
        Ok(())
    }

    /// The open store for a call without a session (logging in), its writes this client's.
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> markt::Result<T>) -> Res<T> {
        let mut inner = self.app.lock();
        let store = inner.store.as_mut().ok_or_else(|| AppError::new("database", "de database is niet geopend"))?;
        store.set_origin(self.address.clone());
        Ok(f(store)?)
    }

    /// The sessions open now, oldest first: for an administrator (the core's role check).
    pub fn open_sessions(&self) -> Res<Vec<OpenSession>> {
        let actor = self.app.actor(&self.session)?;
        actor.require(markt::account::Action::ManageAccounts)?;
        let now = self.app.now();
        let mut open: Vec<OpenSession> = self
            .app
            .sessions()
            .iter()
            .filter(|(_, s)| !expired(s.last_seen, now, idle_limit()))
            .map(|(key, s)| OpenSession {
                number: s.number,
                account: s.actor.id(),
                username: s.actor.username().to_string(),
                address: s.address.clone(),
                since: s.since,
                last_seen: s.last_seen,
                own: key == &self.session,
            })
            .collect();
        open.sort_by_key(|s| s.number);
        Ok(open)
    }

    /// Ends session `number` (an administrator's: the core checks the role and keeps the
    /// audit row); its client is logged out at its next request, and its event stream ends.
    pub fn end_session(&self, number: u64) -> Res<()> {
        let found = self
            .app
            .sessions()
            .iter()
            .find(|(_, s)| s.number == number)
            .map(|(key, s)| (key.clone(), s.actor.id(), s.address.clone()));
        let Some((key, account, address)) = found else {
            return Err(AppError::new("not_found", format!("sessie {number} is er niet (meer)")));
        };
        self.act(|store, actor, now| markt::account::end_session(store, actor, now, account, address.as_deref()))?;
        self.app.sessions().remove(&key);
        Ok(())
    }

    /// A read by the logged-in account (any role).
    pub fn read<T>(&self, f: impl FnOnce(&mut Store, &Actor) -> markt::Result<T>) -> Res<T> {
        let actor = self.app.actor(&self.session)?;
        let mut inner = self.app.lock();
        let store = inner.store.as_mut().ok_or_else(AppError::not_logged_in)?;
        store.set_origin(self.address.clone());
        Ok(f(store, &actor)?)
    }

    /// A clerk action by the logged-in account, at this moment; the core checks the role.
    pub fn act<T>(&self, f: impl FnOnce(&mut Store, &Actor, DateTime<Utc>) -> markt::Result<T>) -> Res<T> {
        self.read(|store, actor| f(store, actor, self.app.now()))
    }

    /// Long work (an export, an import) by the logged-in account on a connection of its own:
    /// the app's connection stays free, so every other command answers while it runs.
    pub fn apart<T>(&self, f: impl FnOnce(&mut Store, &Actor, DateTime<Utc>) -> markt::Result<T>) -> Res<T> {
        let actor = self.app.actor(&self.session)?;
        let path = self.app.lock().path.clone();
        let mut store = self.app.clock()?.open(&path)?;
        store.set_origin(self.address.clone());
        Ok(f(&mut store, &actor, self.app.now())?)
    }

    /// Notes that this session made the file at `path` (see [`Caller::made_file`]).
    pub fn made(&self, path: &Path) {
        if let Some(session) = self.app.sessions().get_mut(&self.session) {
            session.files.insert(path.to_path_buf());
        }
    }

    /// The file at `path` if this (logged-in) session made it: what a client of the server
    /// may download. Any other path, however it is spelled, is `not_found`.
    pub fn made_file(&self, path: &str) -> Res<PathBuf> {
        self.app.actor(&self.session)?;
        let path = PathBuf::from(path);
        let sessions = self.app.sessions();
        let made = sessions.get(&self.session).is_some_and(|s| s.files.contains(&path));
        if made && path.is_file() {
            Ok(path)
        } else {
            Err(AppError::new("not_found", format!("{} is geen bestand van deze sessie", path.display())))
        }
    }

    pub fn session(&self) -> Res<Option<Actor>> {
        let now = self.app.now();
        Ok(self
            .app
            .sessions()
            .get(&self.session)
            .filter(|s| !expired(s.last_seen, now, idle_limit()))
            .map(|s| s.actor.clone()))
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
    if let Err(e) = daily_backup(&mut store, clock) {
        eprintln!("Marktkantoor: de dagelijkse back-up is mislukt: {e}");
    }
    Health::Sound
}

/// Today's backup in the folder beside the database, keeping `MARKTKANTOOR_BACKUPS_KEEP`.
fn daily_backup(store: &mut Store, clock: &Clock) -> markt::Result<Option<PathBuf>> {
    let Some(dir) = markt::backup::dir_of(store) else { return Ok(None) };
    let keep = std::env::var("MARKTKANTOOR_BACKUPS_KEEP")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(markt::backup::KEEP_DEFAULT);
    markt::backup::daily(store, clock.now(), &dir, keep)
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

    fn new_app(path: PathBuf, clock: Result<Clock, ClockError>) -> App {
        App::new(Config {
            db_path: path,
            clock,
            documents_dir: std::env::temp_dir(),
            events: Arc::new(crate::events::Nobody),
            downloads: None,
        })
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
        let app = new_app(path.clone(), Ok(Clock::System));
        assert_eq!(app.startup().unwrap().state, "ready");
        assert_eq!(checked(&app), Health::Sound);
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups")).unwrap().collect();
        assert_eq!(backups.len(), 1, "today's backup was made");
        app.window().login("beheer", "wachtwoord-1").unwrap();

        // A server keeps running into the next day: asked again, it makes the day's backup
        // when there is none, and nothing when there is.
        assert_eq!(app.daily_backup().unwrap(), None, "today's exists");
        let today = backups[0].as_ref().unwrap().path();
        std::fs::remove_file(&today).unwrap();
        assert_eq!(app.daily_backup().unwrap(), Some(today.clone()));
        assert!(markt::Store::open(&today).is_ok(), "a database, whole");
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

        let app = new_app(path.clone(), Ok(Clock::System));
        let first = app.startup().unwrap();
        if first.state == "ready" {
            assert!(matches!(checked(&app), Health::Damaged(_)));
        }
        let err = app.window().login("beheer", "wachtwoord-1").unwrap_err();
        assert!(err.code == "damaged_database" || first.state == "error", "the damage is told, not worked on: {err:?}");
        let again = app.startup().unwrap();
        assert_eq!(again.state, "error");
        assert!(!dir.path().join("backups").exists(), "no backup of a damaged file");
    }

    /// The commands that need no session: opening the file, the first run, logging in and
    /// out, the code lists and the clock; and three that touch only what the app itself
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
    /// check (`read`, `act`, `apart`, or a report or a print that go through them), so the
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
        // The open sessions' two commands are doors of their own: each takes the session's
        // actor first and asks the core about its role.
        let doors = [
            "app.read(",
            "app.act(",
            "app.apart(",
            "figures(app",
            "make(app",
            "app.open_sessions(",
            "app.end_session(",
        ];
        let mut seen = Vec::new();
        for source in sources {
            for chunk in source.split("\npub fn ").skip(1) {
                let name = chunk.split(['(', '<']).next().unwrap().trim().to_string();
                if !crate::COMMANDS.contains(&name.as_str()) {
                    continue;
                }
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
        let mut commands: Vec<String> = crate::COMMANDS.iter().map(|c| c.to_string()).collect();
        seen.sort();
        commands.sort();
        assert_eq!(seen, commands, "every command of the table was inspected");
        let build = include_str!("../../../src-tauri/build.rs");
        // The window's own commands (where a desk connects to) follow this comment: they are
        // not the layer's, and a server has none of them.
        let layer = build.split("// The window's own").next().unwrap();
        let mut listed: Vec<String> =
            layer.lines().filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\",").map(str::to_string)).collect();
        listed.sort();
        assert_eq!(listed, commands, "src-tauri/build.rs names exactly the commands of the table");
        for name in WITHOUT_SESSION {
            assert!(commands.iter().any(|s| s == name), "{name} is still a command");
        }
    }

    #[test]
    fn a_set_clock_opens_a_demo_database_on_its_day_and_refuses_an_office_one() {
        let dir = tempfile::tempdir().unwrap();
        let set = || Ok(Clock::set(at("2026-12-06T06:30:00Z")));

        let office = dir.path().join("kantoor.sqlite");
        database_with_vendors(&office);
        let before = std::fs::read(&office).unwrap();
        let app = new_app(office.clone(), set());
        let startup = app.startup().unwrap();
        assert_eq!(startup.state, "error");
        let error = startup.error.unwrap();
        assert_eq!(error.code, "clock_set");
        assert!(error.message.contains("MARKTKANTOOR_NOW"), "says why: {}", error.message);
        assert_eq!(std::fs::read(&office).unwrap(), before, "the office file is not touched");
        let login = app.window().login("beheer", "wachtwoord-1");
        assert!(login.is_err(), "nothing was opened");

        let demo = dir.path().join("demo.sqlite");
        let mut store = Store::open(&demo).unwrap();
        markt::demo::build(&mut store, &markt::demo::DemoConfig { seed: 1, today: "2026-12-05".parse().unwrap() })
            .unwrap();
        drop(store);
        let app = new_app(demo, set());
        assert_eq!(app.startup().unwrap().state, "ready");
        assert_eq!(app.today().to_string(), "2026-12-06", "the set day, whatever the system's");
        checked(&app);

        // The first-run screen with a set clock: the demo, not an office database.
        let fresh = dir.path().join("nieuw.sqlite");
        let app = new_app(fresh, set());
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
        let app = new_app(path, bad);
        let startup = app.startup().unwrap();
        assert_eq!(startup.state, "error");
        assert_eq!(startup.error.unwrap().code, "bad_clock");
    }

    #[test]
    fn a_deactivated_accounts_sessions_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marktkantoor.sqlite");
        {
            let mut store = Store::open(&path).unwrap();
            let now = at("2026-11-27T09:00:00Z");
            let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(7);
            let admin =
                markt::account::create_first_admin(&mut store, now, &mut rng, "beheer", "Beheer", "wachtwoord-1")
                    .unwrap();
            let new = markt::account::NewAccount {
                username: "toezicht".into(),
                display_name: "Toezicht".into(),
                role: markt::code::Role::Supervisor,
                password: "wachtwoord-2".into(),
            };
            markt::account::create(&mut store, &admin, now, &mut rng, &new).unwrap();
        }
        let app = new_app(path, Ok(Clock::System));
        app.startup().unwrap();
        let (desk, phone) = (app.window(), app.caller(SessionKey("telefoon".into())));
        desk.login("beheer", "wachtwoord-1").unwrap();
        let clerk = phone.login("toezicht", "wachtwoord-2").unwrap();
        assert!(phone.read(markt::account::display_name).is_ok());

        crate::commands::set_account_active(&desk, clerk.id().0, false).unwrap();
        assert_eq!(phone.read(markt::account::display_name).unwrap_err().code, "not_logged_in");
        let again = phone.login("toezicht", "wachtwoord-2").unwrap_err();
        assert_eq!(again.code, "account_inactive");
        assert!(desk.read(markt::account::display_name).is_ok(), "the administrator stays logged in");
    }

    #[test]
    fn without_a_session_the_doors_refuse() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marktkantoor.sqlite");
        database_with_vendors(&path);
        let app = new_app(path, Ok(Clock::System));
        app.startup().unwrap();
        let read = app.window().read(|s, a| markt::vendor::search(s, a, "", None, 0, 10)).unwrap_err();
        assert_eq!(read.code, "not_logged_in");
        let act =
            app.window().act(|s, a, now| markt::market::add_row(s, a, now, markt::ids::MarketId(1), "Rij", false));
        assert_eq!(act.unwrap_err().code, "not_logged_in");
    }
}

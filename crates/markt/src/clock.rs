//! The program's one clock. Rules never read it: the edges (the app, the CLI, the server)
//! ask it for `now` and pass that in. It is the wall clock, or, for demos and tests, a
//! clock set by `MARKTKANTOOR_NOW` that starts at the set moment and then runs on, so a
//! test's market morning is the same on every day of the year.
//!
//! A set clock on real records would backdate them (a permit "issued" last Monday, a
//! payment in a closed day), so it is honoured only on a database marked as a demo or test
//! database ([`Purpose`]); [`Clock::admit`] refuses a real office database, saying why.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

use crate::db::{self, Store};
use crate::error::StoreError;
use crate::time;

/// The environment variable that sets the clock: an RFC 3339 instant
/// (`2026-11-28T07:30:00+01:00`) or an Amsterdam wall-clock time (`2026-11-28T07:30`).
pub const NOW_VAR: &str = "MARKTKANTOOR_NOW";

/// What a database is for. Only the demo builder and test set-ups mark a database, and only
/// while it is still empty (the schema refuses a mark once an account exists), so a real
/// office database can never be turned into one that accepts a set clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Real records: the default, and what every unmarked database is.
    Office,
    /// Built by `markt demo` (or the first-run screen's demo).
    Demo,
    /// Made by a test.
    Test,
}

impl Purpose {
    /// The purposes a database can be marked with (an office database carries no mark).
    pub const MARKED: &'static [Purpose] = &[Purpose::Demo, Purpose::Test];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::Office => "kantoor",
            Purpose::Demo => "demo",
            Purpose::Test => "test",
        }
    }

    pub fn from_code(code: &str) -> Option<Purpose> {
        [Purpose::Office, Purpose::Demo, Purpose::Test].into_iter().find(|p| p.code() == code)
    }
}

/// The clock setting could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{var}={value} is geen tijdstip: schrijf bijvoorbeeld 2026-11-28T07:30:00+01:00 of 2026-11-28T07:30 (Amsterdamse tijd)"
)]
pub struct ClockError {
    pub var: &'static str,
    pub value: String,
}

impl ClockError {
    pub fn code(&self) -> &'static str {
        "bad_clock"
    }
}

#[derive(Debug, Clone)]
pub enum Clock {
    /// The system's clock.
    System,
    /// Set to `at` when `started`; it runs on from there.
    Set { at: DateTime<Utc>, started: std::time::Instant },
}

impl Clock {
    /// The clock `MARKTKANTOOR_NOW` asks for: the system's when it is unset or empty.
    pub fn from_env() -> Result<Clock, ClockError> {
        match std::env::var(NOW_VAR) {
            Ok(value) if !value.trim().is_empty() => Clock::parse(&value).map(Clock::set),
            _ => Ok(Clock::System),
        }
    }

    /// A clock set to `at`, running on from now.
    pub fn set(at: DateTime<Utc>) -> Clock {
        Clock::Set { at, started: std::time::Instant::now() }
    }

    /// Reads a clock setting: an RFC 3339 instant, or an Amsterdam wall-clock time
    /// `YYYY-MM-DDTHH:MM[:SS]` (the autumn's doubled hour takes the earlier one).
    pub fn parse(value: &str) -> Result<DateTime<Utc>, ClockError> {
        let text = value.trim();
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_rfc3339(text) {
            return Ok(t.with_timezone(&Utc));
        }
        ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(|local| time::at_local(local.date(), local.time()))
            .ok_or_else(|| ClockError { var: NOW_VAR, value: value.to_string() })
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Set { at, started } => {
                *at + chrono::Duration::from_std(started.elapsed()).unwrap_or(chrono::Duration::zero())
            }
        }
    }

    /// Today in Amsterdam by this clock.
    pub fn today(&self) -> NaiveDate {
        time::today(self.now())
    }

    pub fn is_set(&self) -> bool {
        matches!(self, Clock::Set { .. })
    }

    /// Opens the database at `path` for work by this clock. With a set clock an existing
    /// office database is refused before anything in it is touched (not even a migration);
    /// a new file is opened, and whoever fills it must mark it or call [`Clock::admit`].
    pub fn open(&self, path: &Path) -> Result<Store, StoreError> {
        if db::postgres_url(path).is_some() {
            // A server database is read through its connection, not as a file first.
            let mut store = Store::open(path)?;
            self.admit(&mut store)?;
            return Ok(store);
        }
        if self.is_set() && std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            self.refuse_office(db::purpose::of_file(path)?, &path.display().to_string())?;
        }
        Store::open(path)
    }

    /// Whether this clock may be used on `store`: the system's always, a set one only on a
    /// demo or test database.
    pub fn admit(&self, store: &mut Store) -> Result<(), StoreError> {
        if !self.is_set() {
            return Ok(());
        }
        let shown = store.location();
        self.refuse_office(purpose(store)?, &shown)
    }

    fn refuse_office(&self, purpose: Purpose, path: &str) -> Result<(), StoreError> {
        match (self, purpose) {
            (Clock::Set { at, .. }, Purpose::Office) => {
                Err(StoreError::ClockSetOnOffice { path: path.to_string(), var: NOW_VAR, set: time::show_instant(*at) })
            }
            _ => Ok(()),
        }
    }
}

/// What `store` is for.
pub fn purpose(store: &mut Store) -> Result<Purpose, StoreError> {
    store.read(db::purpose::get).map_err(|e| match e {
        crate::Error::Store(s) => s,
        other => StoreError::Migration(other.to_string()),
    })
}

/// Marks an empty database as a demo or test database. Refused (and nothing written) once
/// the database holds an account: a database with records stays what it was.
pub fn mark(store: &mut Store, purpose: Purpose) -> crate::Result<()> {
    if purpose == Purpose::Office {
        return Ok(());
    }
    store.write(|tx| db::purpose::mark(tx, purpose))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_setting_is_an_instant_or_an_amsterdam_wall_clock_time() {
        let check = |text: &str, expected: &str| {
            assert_eq!(Clock::parse(text), Ok(utc(expected)), "{text}");
        };
        check("2026-11-28T07:30:00+01:00", "2026-11-28T06:30:00Z");
        check("2026-11-28T06:30:00Z", "2026-11-28T06:30:00Z");
        // Winter and summer time in Amsterdam.
        check("2026-11-28T07:30", "2026-11-28T06:30:00Z");
        check("2026-07-01T07:30:00", "2026-07-01T05:30:00Z");
        check("2028-02-29 07:30", "2028-02-29T06:30:00Z");
    }

    #[test]
    fn an_unreadable_setting_names_the_variable_and_the_form() {
        for bad in ["morgen", "2026-02-30T07:30", "28-11-2026 07:30", "2026-11-28"] {
            let err = Clock::parse(bad).unwrap_err();
            assert_eq!(err.value, bad);
            let text = err.to_string();
            assert!(text.contains("MARKTKANTOOR_NOW") && text.contains("2026-11-28T07:30"), "{text}");
        }
    }

    #[test]
    fn a_set_clock_starts_at_its_moment_and_runs_on() {
        let at = utc("2026-12-06T06:30:00Z");
        let clock = Clock::set(at);
        let now = clock.now();
        assert!(now >= at && now - at < chrono::Duration::seconds(5), "{now}");
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        assert!(clock.is_set() && !Clock::System.is_set());
    }

    #[test]
    fn a_set_clock_is_refused_on_an_office_database_and_honoured_on_a_demo_or_test_one() {
        let set = Clock::set(utc("2026-11-30T06:30:00Z"));
        let mut office = Store::open_in_memory().unwrap();
        let err = set.admit(&mut office).unwrap_err();
        assert_eq!(err.code(), "clock_set");
        assert!(err.to_string().contains("MARKTKANTOOR_NOW"), "{err}");
        assert!(Clock::System.admit(&mut office).is_ok());

        for purpose in Purpose::MARKED {
            let mut store = Store::open_in_memory().unwrap();
            mark(&mut store, *purpose).unwrap();
            assert_eq!(super::purpose(&mut store).unwrap(), *purpose);
            set.admit(&mut store).unwrap();
        }
    }

    #[test]
    fn a_database_with_an_account_cannot_be_marked_afterwards() {
        let mut store = Store::open_in_memory().unwrap();
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
        let at = utc("2026-11-30T06:30:00Z");
        crate::account::create_first_admin(&mut store, at, &mut rng, "beheer", "Beheer", "lang genoeg").unwrap();
        let err = mark(&mut store, Purpose::Demo).unwrap_err();
        assert_eq!(err.code(), "conflict", "{err}");
        assert_eq!(purpose(&mut store).unwrap(), Purpose::Office, "nothing was marked");
    }

    #[test]
    fn an_office_file_is_refused_with_a_set_clock_before_it_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kantoor.sqlite");
        drop(Store::open(&path).unwrap());
        let before = std::fs::read(&path).unwrap();
        let set = Clock::set(utc("2026-11-30T06:30:00Z"));
        let err = set.open(&path).map(drop).unwrap_err();
        assert_eq!(err.code(), "clock_set");
        assert!(err.to_string().contains("kantoor.sqlite"), "the file is named: {err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file is not touched");
        assert!(Clock::System.open(&path).is_ok());

        let demo = dir.path().join("demo.sqlite");
        let mut store = set.open(&demo).expect("a new file opens");
        mark(&mut store, Purpose::Demo).unwrap();
        drop(store);
        assert!(set.open(&demo).is_ok(), "a demo file opens with a set clock");
    }

    #[test]
    fn a_mark_is_kept_for_good() {
        let mut store = Store::open_in_memory().unwrap();
        mark(&mut store, Purpose::Test).unwrap();
        let err = mark(&mut store, Purpose::Demo).unwrap_err();
        assert_eq!(err.code(), "conflict", "{err}");
        assert_eq!(purpose(&mut store).unwrap(), Purpose::Test);
    }
}

//! Storage: the database (a SQLite file, or a PostgreSQL database: [`engine`]), its schema
//! migrations for each engine, and every SQL statement of the program, one file per
//! aggregate. The rules never write SQL; they call these functions inside a transaction the
//! rule opens with [`Store::write`].
//!
//! Architecture invariant: no SQL outside `db`, and no engine type (rusqlite's, postgres')
//! outside it either.

pub mod account;
pub mod allocation;
pub mod attendance;
pub mod audit;
pub mod backup;
pub mod branch;
pub mod bulk;
pub mod check;
mod columns;
pub mod control;
pub mod day_close;
pub mod day_view;
pub mod engine;
pub mod export;
pub mod figures;
pub mod market;
pub mod note;
pub mod office;
pub mod permit;
pub mod purpose;
pub mod registration;
pub mod report;
pub mod sample;
pub mod tariff;
#[doc(hidden)]
pub mod testing;
pub mod ticket;
pub mod transfer;
pub mod vendor;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OpenFlags, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use engine::Begin;
pub use engine::{
    Connection, Dialect, MappedRows, OptionalExtension, Params, Row, Rows, SqlError, SqlResult, Statement, params,
    params_from_iter,
};

use crate::error::{Result, StoreError};

/// `PRAGMA application_id` of a Marktkantoor file ("MKTK"): tells our file from a stranger's.
pub const APPLICATION_ID: i32 = 0x4D4B_544B;

/// The migrations, in order. Never edit a shipped one: add a new file.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_schema.sql")),
    M::up(include_str!("migrations/0002_allocation_versions.sql")),
    M::up(include_str!("migrations/0003_control_sample_pool.sql")),
    M::up(include_str!("migrations/0004_finance_batches.sql")),
    M::up(include_str!("migrations/0005_database_purpose.sql")),
    M::up(include_str!("migrations/0006_ticket_dates.sql")),
    M::up(include_str!("migrations/0007_sample_size.sql")),
    M::up(include_str!("migrations/0008_registration_places.sql")),
    M::up(include_str!("migrations/0009_append_only_inspections.sql")),
    M::up(include_str!("migrations/0010_fines_day_close.sql")),
    M::up(include_str!("migrations/0011_day_close_reason.sql")),
    M::up(include_str!("migrations/0012_control_substitute_name.sql")),
    M::up(include_str!("migrations/0013_audit_client_address.sql")),
];

/// PostgreSQL's migrations: each with the SQLite schema version it brings the database to.
/// A PostgreSQL database starts at SQLite's version 13 (one baseline file); every later
/// SQLite migration has a twin here with the same number.
const POSTGRES_MIGRATIONS: &[(usize, &str)] = &[(13, include_str!("migrations/postgres/0013_schema.sql"))];

/// The schema version this program writes.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// How many prepared statements a connection keeps (see [`Store::configure`]).
const STATEMENT_CACHE: usize = 256;

/// How long a writer waits for another connection's transaction before giving up. The CLI,
/// the app and a long job on its own connection (a quarter's finance batch on a city's file
/// writes for about 20 s) may write the same file at the same moment; a clerk should never
/// see "locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// A write transaction (or a savepoint in a batch): every storage function that writes
/// (inserts, updates, deletes, numbers) takes this, so none can be called outside
/// [`Store::write`]; reads take a plain connection.
///
/// ```
/// # use markt::db::{Store, note};
/// let mut store = Store::open_in_memory().unwrap();
/// store.write(|tx| note::set_done(tx, markt::ids::NoteId(1), None)).unwrap();
/// ```
///
/// and not on the bare connection:
///
/// ```compile_fail
/// # use markt::db::{Store, note};
/// let store = Store::open_in_memory().unwrap();
/// note::set_done(store.conn(), markt::ids::NoteId(1), None).unwrap();
/// ```
pub struct Tx<'c>(&'c Connection, Option<&'c str>);

impl Tx<'_> {
    /// The network address of the client this write is for (see [`Store::set_origin`]).
    pub fn origin(&self) -> Option<&str> {
        self.1
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.0
    }
}

/// The open database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The PostgreSQL database's URL (`path` is a SQLite file's).
    url: Option<String>,
    /// Where the writes come from now: the client's network address on an office server,
    /// kept with each audit row. Set by whoever hands the store to a client's action.
    origin: Option<String>,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date. A file of
    /// another program, or with a schema newer than this program's, is refused untouched.
    /// A `postgres://` (or `postgresql://`) URL opens that PostgreSQL database instead.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(url) = postgres_url(path) {
            return Store::open_postgres(url);
        }
        let shown = path.display().to_string();
        if path.exists() {
            inspect_existing(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::Io { path: dir.display().to_string(), source })?;
        }
        let conn = rusqlite::Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL in WAL mode loses nothing when the program crashes, only on power loss the
        // last commits; FULL would cost an fsync per permit.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut store = Store::configure(conn, Some(path.to_path_buf()))?;
        store.migrate(&shown)?;
        Ok(store)
    }

    /// Opens the PostgreSQL database at `url` and brings its schema up to date; a database
    /// with other tables than ours, or a newer schema, is refused untouched.
    pub fn open_postgres(url: &str) -> Result<Store, StoreError> {
        let conn = connect_postgres(url)?;
        migrate_postgres(&conn, &redact(url))?;
        Ok(Store { conn, path: None, url: Some(url.to_string()), origin: None })
    }

    /// Opens a transaction (or a savepoint inside one). After PostgreSQL restarted (an
    /// upgrade, a failover) the connection is gone: when the first statement of an action
    /// finds it so, the store connects again and begins anew, instead of failing until the
    /// program is restarted. Nothing of the action had run yet, so nothing is lost or done
    /// twice.
    fn begin(&mut self, kind: Begin) -> Result<engine::Level, StoreError> {
        let top = self.conn.is_autocommit();
        match self.conn.open(kind) {
            Err(SqlError::Lost(_)) if top && self.url.is_some() => {
                let url = self.url.clone().unwrap_or_default();
                self.conn = connect_postgres(&url)?;
                Ok(self.conn.open(kind)?)
            }
            other => Ok(other?),
        }
    }

    /// Where the database is, as messages show it: the file, or the PostgreSQL URL without
    /// its password.
    pub fn location(&self) -> String {
        match (&self.path, &self.url) {
            (Some(path), _) => path.display().to_string(),
            (None, Some(url)) => redact(url),
            (None, None) => ":memory:".into(),
        }
    }

    /// A fresh database in memory, for tests and quotes.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let mut store = Store::configure(rusqlite::Connection::open_in_memory()?, None)?;
        store.migrate(":memory:")?;
        Ok(store)
    }

    fn configure(conn: rusqlite::Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The storage layer holds about 170 distinct statements and a permit at the desk runs
        // some 30 of them; rusqlite's default cache of 16 would parse most of them again on
        // every permit (a third of the demo city's build time went to SQLite's parser).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Store { conn: Connection::sqlite(conn), path, url: None, origin: None })
    }

    fn migrate(&mut self, shown: &str) -> Result<(), StoreError> {
        let Some(conn) = self.conn.as_sqlite_mut() else { return Ok(()) };
        let found = user_version(conn)?;
        if found > schema_version() {
            return Err(StoreError::SchemaTooNew {
                path: shown.to_string(),
                database: found,
                program: schema_version(),
            });
        }
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        Migrations::from_slice(MIGRATIONS).to_latest(conn).map_err(|e| StoreError::Migration(e.to_string()))?;
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        conn.set_transaction_behavior(TransactionBehavior::Deferred);
        Ok(())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The URL of the PostgreSQL database, when the store is one.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// Forgets the prepared statements after `pg_restore` replaced the tables under them,
    /// then brings the restored schema to this program's version.
    pub(crate) fn after_pg_restore(&mut self) -> Result<(), StoreError> {
        self.conn.forget_statements()?;
        let shown = self.url.as_deref().map(redact).unwrap_or_default();
        migrate_postgres(&self.conn, &shown)
    }

    /// The client the next writes are for (`None`: this computer's own window or the CLI).
    pub fn set_origin(&mut self, origin: Option<String>) {
        self.origin = origin;
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is stored, or none of it. Inside a
    /// [`Store::batch`] it runs in a savepoint of the batch's transaction instead.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let level = self.begin(Begin::Write)?;
        let open = self.conn.guard(level);
        let out = f(&Tx(&self.conn, self.origin.as_deref()))?;
        open.commit()?;
        Ok(out)
    }

    /// Runs many clerk actions as one transaction (the demo, an import): each action keeps
    /// its own checks and audit rows, and the whole batch is stored or none of it.
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.batch_if(|store| f(store).map(|out| (out, true)))
    }

    /// Runs many clerk actions as one transaction that is kept only when `f` says so (an
    /// import: a dry run, or a file with a bad line, rolls everything back).
    pub fn batch_if<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<(T, bool)>) -> Result<T> {
        let level = self.begin(Begin::Write)?;
        match f(self) {
            Ok((out, keep)) => {
                self.conn.finish(level, keep)?;
                Ok(out)
            }
            Err(e) => {
                // The error that stopped the batch matters more than a failed rollback.
                let _ = self.conn.finish(level, false);
                Err(e)
            }
        }
    }

    /// Runs `f` in one read transaction, so that several queries see one state.
    pub fn read<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f(&self.conn);
        }
        let level = self.begin(Begin::Read)?;
        let open = self.conn.guard(level);
        let out = f(&self.conn)?;
        open.commit()?;
        Ok(out)
    }

    /// Replaces the whole database with `src`'s pages (SQLite's online backup API), then
    /// migrates it to this program's schema. Used by restore.
    pub(crate) fn replace_with(&mut self, src: &rusqlite::Connection) -> Result<(), StoreError> {
        {
            let Some(conn) = self.conn.as_sqlite_mut() else {
                return Err(StoreError::Migration("a restore from a file needs a SQLite database".into()));
            };
            let backup = rusqlite::backup::Backup::new(src, conn)?;
            backup.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        let shown = self.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        self.migrate(&shown)
    }

    /// The connection, for single-statement reads and the storage layer's own checks.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The PostgreSQL URL `path` holds, if it is one.
pub fn postgres_url(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// A connection to the PostgreSQL database at `url`, set up as the program needs it.
fn connect_postgres(url: &str) -> Result<Connection, StoreError> {
    let client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| StoreError::Engine(e.into()))?;
    let conn = Connection::postgres(client);
    // The day of a market and the time of a payment are Amsterdam's and UTC's whatever the
    // server's settings; the program writes and reads UTC instants.
    conn.execute_batch("SET TIME ZONE 'UTC'")?;
    // A writer waits for another's transaction as long as on SQLite (BUSY_TIMEOUT), then the
    // clerk is told the database is busy (lock_not_available), never left hanging.
    conn.execute_batch(&format!("SET lock_timeout = '{}s'", BUSY_TIMEOUT.as_secs()))?;
    Ok(conn)
}

/// Where `path` is, as messages and the start screen show it: a PostgreSQL URL without its
/// password (the start screen is answered before anyone logs in).
pub fn shown_location(path: &Path) -> String {
    match postgres_url(path) {
        Some(url) => redact(url),
        None => path.display().to_string(),
    }
}

/// A URL as messages show it: without a password (`user:secret@` or `password=secret`).
fn redact(url: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match (base.find("://"), base.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => match base[scheme + 3..at].split_once(':') {
            Some((name, _)) => format!("{}{name}:***{}", &base[..scheme + 3], &base[at..]),
            None => base.to_string(),
        },
        _ => base.to_string(),
    };
    match query {
        None => base,
        Some(q) => {
            let shown: Vec<String> = q
                .split('&')
                .map(|kv| if kv.starts_with("password=") { "password=***".to_string() } else { kv.to_string() })
                .collect();
            format!("{base}?{}", shown.join("&"))
        }
    }
}

/// Brings a PostgreSQL database to this program's schema, in one transaction under the
/// write lock (two programs starting at once do not both migrate).
fn migrate_postgres(conn: &Connection, shown: &str) -> Result<(), StoreError> {
    let open = conn.begin(Begin::Write)?;
    let ours: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables
                        WHERE table_schema = current_schema() AND table_name = 'marktkantoor_schema')",
        [],
        |r| r.get(0),
    )?;
    if !ours {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(StoreError::Foreign { path: shown.to_string() });
        }
        conn.execute_batch(
            "CREATE TABLE marktkantoor_schema (
                 version integer NOT NULL,
                 application_id integer NOT NULL,
                 migrated_at timestamptz NOT NULL DEFAULT now()
             )",
        )?;
    }
    let found = stored_version(conn)?;
    if found > schema_version() {
        return Err(StoreError::SchemaTooNew { path: shown.to_string(), database: found, program: schema_version() });
    }
    for (version, sql) in POSTGRES_MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        conn.execute_batch(sql).map_err(|e| StoreError::Migration(format!("PostgreSQL {version}: {e}")))?;
        conn.execute(
            "INSERT INTO marktkantoor_schema (version, application_id) VALUES (?1, ?2)",
            params![*version as i64, APPLICATION_ID],
        )?;
    }
    open.commit()?;
    Ok(())
}

/// Reads an existing file's identity without writing to it, so that a refused file stays
/// byte for byte what it was.
fn inspect_existing(path: &Path) -> Result<(), StoreError> {
    let shown = path.display().to_string();
    let empty = std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false);
    if empty {
        return Ok(());
    }
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version = user_version(&conn)?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(StoreError::Foreign { path: shown });
    }
    if version > schema_version() {
        return Err(StoreError::SchemaTooNew { path: shown, database: version, program: schema_version() });
    }
    Ok(())
}

/// The schema version the database holds: SQLite's `user_version`, PostgreSQL's
/// `marktkantoor_schema` table.
pub(crate) fn stored_version(conn: &Connection) -> Result<usize, StoreError> {
    match conn.as_sqlite() {
        Some(c) => user_version(c),
        None => {
            let v: i64 =
                conn.query_row("SELECT coalesce(max(version), 0) FROM marktkantoor_schema", [], |r| r.get(0))?;
            Ok(usize::try_from(v).unwrap_or(usize::MAX))
        }
    }
}

fn user_version(conn: &rusqlite::Connection) -> Result<usize, StoreError> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(usize::try_from(v).unwrap_or(usize::MAX))
}

/// Where the database lives unless `--db` or `MARKTKANTOOR_DB` say otherwise: a
/// `Marktkantoor` folder in the OS data folder (`~/.local/share` on Linux,
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.data_dir().join("Marktkantoor").join("marktkantoor.sqlite"))
}

/// The environment variable that overrides [`default_path`].
pub const DB_ENV: &str = "MARKTKANTOOR_DB";

/// `--db`, else `MARKTKANTOOR_DB`, else the default. Explicit wins over implicit.
pub fn resolve_path(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(default_path)
}

// ── Column conversions shared by the aggregate files ─────────────────────────────────────

/// Instants are stored as UTC RFC 3339 text with seconds: sortable and readable.
pub(crate) fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(crate) fn parse_instant(text: &str) -> SqlResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|e| crate::db::SqlError::conversion(0, e))
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_day(text: &str) -> SqlResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| crate::db::SqlError::conversion(0, e))
}

/// Reads a `YYYY-MM-DD` column.
pub(crate) fn get_day(row: &Row<'_>, idx: usize) -> SqlResult<NaiveDate> {
    parse_day(&row.get::<_, String>(idx)?)
}

pub(crate) fn get_opt_day(row: &Row<'_>, idx: usize) -> SqlResult<Option<NaiveDate>> {
    row.get::<_, Option<String>>(idx)?.as_deref().map(parse_day).transpose()
}

pub(crate) fn get_instant(row: &Row<'_>, idx: usize) -> SqlResult<DateTime<Utc>> {
    parse_instant(&row.get::<_, String>(idx)?)
}

/// Takes the next number of a named counter; the counter never goes back, so a number is
/// never handed out twice, even after a void.
pub(crate) fn next_in_sequence(tx: &Tx<'_>, name: &str) -> Result<i64> {
    let last: Option<i64> =
        tx.query_row("SELECT last FROM sequence WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    let next = last.unwrap_or(0) + 1;
    tx.execute(
        "INSERT INTO sequence (name, last) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET last = excluded.last",
        params![name, next],
    )?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn fresh_database_has_latest_schema_and_our_id() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(stored_version(store.conn()).unwrap(), schema_version());
        let id: i32 =
            store.conn().as_sqlite().unwrap().pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        assert_eq!(id, APPLICATION_ID);
        let fk: i64 = store.conn().as_sqlite().unwrap().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1, "foreign keys must be enforced");
    }

    #[test]
    fn sequences_never_repeat() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store.write(|tx| next_in_sequence(tx, "x")).unwrap();
        let b = store.write(|tx| next_in_sequence(tx, "x")).unwrap();
        let c = store.write(|tx| next_in_sequence(tx, "y")).unwrap();
        assert_eq!((a, b, c), (1, 2, 1));
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let r: Result<()> = store.write(|tx| {
            next_in_sequence(tx, "x")?;
            Err(Error::Conflict("stop".into()))
        });
        assert!(r.is_err());
        let n: i64 = store.conn().query_row("SELECT count(*) FROM sequence", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "the rolled-back transaction must leave no row");
    }

    #[test]
    fn a_database_url_is_shown_without_its_password() {
        let shown = |s: &str| shown_location(Path::new(s));
        assert_eq!(shown("postgres://markt:geheim@db.example/markt"), "postgres://markt:***@db.example/markt");
        assert_eq!(
            shown("postgresql:///markt?host=/run/pg&user=markt&password=geheim"),
            "postgresql:///markt?host=/run/pg&user=markt&password=***"
        );
        assert_eq!(shown("postgresql:///markt?host=/run/pg&user=markt"), "postgresql:///markt?host=/run/pg&user=markt");
        assert_eq!(shown("/srv/markt/kantoor.sqlite"), "/srv/markt/kantoor.sqlite");
    }

    #[test]
    fn the_default_lives_in_a_marktkantoor_folder() {
        let p = default_path().expect("a home folder");
        assert!(p.ends_with("Marktkantoor/marktkantoor.sqlite"), "{}", p.display());
    }

    #[test]
    fn resolve_prefers_explicit_path() {
        let p = resolve_path(Some(Path::new("/tmp/x.sqlite"))).unwrap();
        assert_eq!(p, PathBuf::from("/tmp/x.sqlite"));
    }
}

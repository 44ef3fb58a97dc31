//! Backups and restore. A backup is made by SQLite itself (`VACUUM INTO`), never by copying
//! the file: a copy of a live WAL database misses the frames not yet checkpointed. A
//! restore first checks the backup (integrity, that it is ours, its schema version), keeps
//! a safety copy of the current database, and then copies the backup in with SQLite's
//! online backup API, so the open file is replaced page by page in one go.
//!
//! On PostgreSQL a backup is PostgreSQL's own `pg_dump` (custom format, a `.dump` file),
//! and a restore `pg_restore` in one transaction; the same checks come first.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::db::{self, Store};
use crate::error::{Error, Result};

/// How many daily backups are kept unless configured otherwise.
pub const KEEP_DEFAULT: usize = 14;

/// A backup file on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub path: PathBuf,
    pub size: u64,
    /// When the file was written (from the file system).
    pub modified: Option<DateTime<Utc>>,
}

/// What a check of a backup found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    pub schema_version: usize,
    /// Permits in the backup, for the clerk to recognise it.
    pub permits: i64,
    pub last_day: Option<NaiveDate>,
}

/// The backups folder the app makes and restores backups in; a PostgreSQL database has
/// none (its backups are `markt backup -o FILE`'s `pg_dump`, or the city's own).
pub fn folder(store: &Store) -> Result<PathBuf> {
    dir_of(store).ok_or_else(|| {
        Error::Conflict(if store.url().is_some() {
            "een PostgreSQL-database heeft geen back-upmap: maak een back-up met markt backup -o BESTAND \
             (pg_dump), of laat de gemeente dat doen"
                .into()
        } else {
            "geen map voor back-ups".into()
        })
    })
}

/// The file name extension of this store's backups: `sqlite`, or `dump` (PostgreSQL's).
pub fn extension(store: &Store) -> &'static str {
    if store.url().is_some() { "dump" } else { "sqlite" }
}

/// The folder beside the database where backups go: `backups/`.
pub fn dir_of(store: &Store) -> Option<PathBuf> {
    store.path().and_then(Path::parent).map(|d| d.join("backups"))
}

/// Writes a consistent copy of the database to `dest` (which must not exist yet).
pub fn make(store: &mut Store, actor: &Actor, now: DateTime<Utc>, dest: &Path) -> Result<BackupFile> {
    actor.require(Action::MakeBackup)?;
    write_backup(store, dest)?;
    store.write(|tx| {
        let after = serde_json::json!({ "file": dest.display().to_string() });
        audit::record(tx, Some(actor.id()), now, "backup.make", "database", "backup", None::<&()>, Some(&after))
    })?;
    file_info(dest)
}

fn write_backup(store: &mut Store, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(Error::Conflict(format!("{} bestaat al", dest.display())));
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Conflict(format!("{}: {e}", dir.display())))?;
    }
    // Written under a temporary name and renamed: a half-written backup never looks whole.
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    match store.url() {
        Some(url) => db::backup::pg_dump(url, &partial)?,
        None => db::backup::vacuum_into(store.conn(), &partial)?,
    }
    std::fs::rename(&partial, dest).map_err(|e| Error::Conflict(format!("{}: {e}", dest.display())))?;
    Ok(())
}

/// The daily backup made at start-up: one per day in `dir`, named by the day, keeping the
/// newest `keep`. Returns the file made, or `None` when today's exists.
pub fn daily(store: &mut Store, now: DateTime<Utc>, dir: &Path, keep: usize) -> Result<Option<PathBuf>> {
    let today = crate::time::today(now);
    let dest = dir.join(format!("marktkantoor-{today}.sqlite"));
    let made = if dest.exists() {
        None
    } else {
        write_backup(store, &dest)?;
        Some(dest)
    };
    let mut daily: Vec<BackupFile> = list(dir)?
        .into_iter()
        .filter(|b| {
            let name = b.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("marktkantoor-") && name.len() == "marktkantoor-2026-01-01.sqlite".len()
        })
        .collect();
    // Oldest first by the day in the name.
    daily.sort_by(|a, b| a.path.cmp(&b.path));
    let surplus = daily.len().saturating_sub(keep.max(1));
    for old in daily.iter().take(surplus) {
        std::fs::remove_file(&old.path).map_err(|e| Error::Conflict(format!("{}: {e}", old.path.display())))?;
    }
    Ok(made)
}

/// The backups in a folder, newest first.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "sqlite" || e == "dump") {
            out.push(file_info(&path)?);
        }
    }
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| b.path.cmp(&a.path)));
    Ok(out)
}

fn file_info(path: &Path) -> Result<BackupFile> {
    let meta = std::fs::metadata(path).map_err(|e| Error::Conflict(format!("{}: {e}", path.display())))?;
    Ok(BackupFile {
        path: path.to_path_buf(),
        size: meta.len(),
        modified: meta.modified().ok().map(DateTime::<Utc>::from),
    })
}

/// Checks a backup without changing it: SQLite's integrity check, that it is a
/// Marktkantoor file, and that this program knows its schema. A file SQLite cannot read is
/// a damaged backup (a conflict the clerk can act on), not a fault of the program.
pub fn verify(path: &Path) -> Result<Verified> {
    if db::backup::is_pg_dump(path) {
        return db::backup::pg_verify(path);
    }
    db::backup::verify(path).map_err(|e| match e {
        Error::Store(crate::error::StoreError::Engine(e)) => {
            Error::Conflict(format!("{} is beschadigd en kan niet worden teruggezet ({e})", path.display()))
        }
        other => other,
    })
}

/// The backup at `path`, if it is one of this database's backups folder: the app checks and
/// restores only those, so no client of the office server makes it open a file it names.
pub fn listed(store: &Store, path: &Path) -> Result<PathBuf> {
    // Without a folder (a PostgreSQL database) no path is one of its backups.
    let Some(dir) = dir_of(store) else { return Err(Error::not_found("back-up", path.display())) };
    list(&dir)?
        .into_iter()
        .map(|b| b.path)
        .find(|p| p == path)
        .ok_or_else(|| Error::not_found("back-up", path.display()))
}

/// Fills a new, empty database (no account yet: nobody to log in, nothing to keep) with a
/// backup: how an office moves to a new database server, or comes back after losing one.
/// A database with accounts is restored by an administrator with [`restore`].
pub fn restore_new(store: &mut Store, now: DateTime<Utc>, backup: &Path) -> Result<Verified> {
    if crate::account::any(store)? {
        return Err(Error::Conflict(
            "deze database heeft al accounts: een beheerder zet een back-up terug (markt restore --user)".into(),
        ));
    }
    let verified = verify(backup)?;
    replace(store, backup, None)?;
    store.write(|tx| {
        let after = serde_json::json!({ "from": backup.display().to_string(), "into_empty_database": true });
        audit::record(tx, None, now, "backup.restore", "database", "restore", None::<&()>, Some(&after))
    })?;
    Ok(verified)
}

/// Replaces the open database with a backup. The current database is first written to
/// `safety` (a backup of its own), so a wrong restore can be undone.
pub fn restore(store: &mut Store, actor: &Actor, now: DateTime<Utc>, backup: &Path, safety: &Path) -> Result<Verified> {
    actor.require(Action::RestoreBackup)?;
    let verified = verify(backup)?;
    replace(store, backup, Some(safety))?;
    // The restored file has its own accounts: the audit row names the account in text.
    store.write(|tx| {
        let after = serde_json::json!({
            "from": backup.display().to_string(),
            "safety_copy": safety.display().to_string(),
            "by": actor.username(),
        });
        audit::record(tx, None, now, "backup.restore", "database", "restore", None::<&()>, Some(&after))
    })?;
    Ok(verified)
}

/// Puts `backup` in the place of the open database, after a safety copy when one is asked
/// for; a backup of the other engine is refused before anything is written.
fn replace(store: &mut Store, backup: &Path, safety: Option<&Path>) -> Result<()> {
    match store.url().map(str::to_string) {
        Some(url) => {
            if !db::backup::is_pg_dump(backup) {
                return Err(Error::Conflict(format!(
                    "{} is een back-up van een SQLite-database; deze database is PostgreSQL (verhuizen: markt migrate)",
                    backup.display()
                )));
            }
            if let Some(safety) = safety {
                write_backup(store, safety)?;
            }
            db::backup::pg_restore(&url, backup)?;
            store.after_pg_restore()?;
        }
        None => {
            if db::backup::is_pg_dump(backup) {
                return Err(Error::Conflict(format!(
                    "{} is een back-up van een PostgreSQL-database; deze database is een SQLite-bestand",
                    backup.display()
                )));
            }
            if let Some(safety) = safety {
                write_backup(store, safety)?;
            }
            db::backup::restore_into(store, backup)?;
        }
    }
    Ok(())
}

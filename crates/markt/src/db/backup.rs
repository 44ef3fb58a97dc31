//! SQL and SQLite calls of backups: `VACUUM INTO`, checking a file, the online backup API.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::backup::Verified;
use crate::error::{Error, Result, StoreError};

pub fn vacuum_into(c: &super::Connection, dest: &Path) -> Result<()> {
    let dest = dest.to_str().ok_or_else(|| Error::Conflict(format!("{}: geen geldig pad", dest.display())))?;
    let Some(c) = c.as_sqlite() else {
        return Err(Error::Conflict("een back-up naar een bestand maakt alleen een SQLite-database".into()));
    };
    c.execute("VACUUM INTO ?1", [dest])?;
    Ok(())
}

pub fn verify(path: &Path) -> Result<Verified> {
    let shown = path.display().to_string();
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| Error::Conflict(format!("{shown}: {e}")))?;
    let app_id: i32 = c
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| Error::Conflict(format!("{shown} is geen database: {e}")))?;
    if app_id != super::APPLICATION_ID {
        return Err(StoreError::Foreign { path: shown }.into());
    }
    let version = super::user_version(&c)?;
    if version > super::schema_version() {
        return Err(
            StoreError::SchemaTooNew { path: shown, database: version, program: super::schema_version() }.into()
        );
    }
    let problems: Vec<String> = c
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?
        .into_iter()
        .filter(|r| r != "ok")
        .collect();
    if !problems.is_empty() {
        return Err(Error::Conflict(format!("{shown} is beschadigd: {}", problems.join("; "))));
    }
    let permits: i64 = c.query_row("SELECT count(*) FROM daily_permit", [], |r| r.get(0))?;
    let last_day: Option<String> = c.query_row("SELECT max(day) FROM daily_permit", [], |r| r.get(0))?;
    Ok(Verified { schema_version: version, permits, last_day: last_day.as_deref().map(super::parse_day).transpose()? })
}

/// Copies the backup into the open database page by page, then brings its schema up to
/// this program's version.
pub fn restore_into(store: &mut super::Store, backup: &Path) -> Result<()> {
    let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    store.replace_with(&src)?;
    Ok(())
}

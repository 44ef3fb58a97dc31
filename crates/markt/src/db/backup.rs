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

// ── PostgreSQL: pg_dump and pg_restore ───────────────────────────────────────────────────

/// PostgreSQL's own client program `name` (`pg_dump`, `pg_restore`): from
/// `MARKTKANTOOR_PG_BIN` when set, else the newest of Debian's
/// `/usr/lib/postgresql/*/bin`, else the one on the PATH.
fn pg_program(name: &str) -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("MARKTKANTOOR_PG_BIN").filter(|d| !d.is_empty()) {
        return Path::new(&dir).join(name);
    }
    let newest = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|v| v.parse::<u32>().ok()))
        .max();
    match newest {
        Some(v) if Path::new(&format!("/usr/lib/postgresql/{v}/bin/{name}")).exists() => {
            format!("/usr/lib/postgresql/{v}/bin/{name}").into()
        }
        _ => name.into(),
    }
}

fn run(program: &str, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>> {
    let path = pg_program(program);
    let out = std::process::Command::new(&path)
        .args(args)
        .output()
        .map_err(|e| Error::Conflict(format!("{} kan niet starten: {e}", path.display())))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Conflict(format!("{program} is mislukt: {}", said.trim())));
    }
    Ok(out.stdout)
}

/// `pg_dump` of the database at `url` to `dest`, in PostgreSQL's custom format (compressed,
/// restored table by table by `pg_restore`).
pub fn pg_dump(url: &str, dest: &Path) -> Result<()> {
    let dbname = format!("--dbname={url}");
    run(
        "pg_dump",
        &["--format=custom".as_ref(), "--no-owner".as_ref(), "--file".as_ref(), dest.as_os_str(), dbname.as_ref()],
    )?;
    Ok(())
}

/// Checks a PostgreSQL dump without restoring it: that `pg_restore` reads it, that it holds
/// this program's tables, and its schema version, permits and last day from its data.
pub fn pg_verify(path: &Path) -> Result<Verified> {
    let shown = path.display().to_string();
    let list = String::from_utf8_lossy(&run("pg_restore", &["--list".as_ref(), path.as_os_str()])?).into_owned();
    if !list.lines().any(|l| l.contains("TABLE DATA") && l.contains(" marktkantoor_schema ")) {
        return Err(crate::error::StoreError::Foreign { path: shown }.into());
    }
    let data = |table: &str| -> Result<String> {
        let t = format!("--table={table}");
        let out = run("pg_restore", &["--data-only".as_ref(), t.as_ref(), "--file=-".as_ref(), path.as_os_str()])?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    };
    let version =
        copy_rows(&data("marktkantoor_schema")?, "version").filter_map(|v| v.parse::<usize>().ok()).max().unwrap_or(0);
    if version > super::schema_version() {
        return Err(
            StoreError::SchemaTooNew { path: shown, database: version, program: super::schema_version() }.into()
        );
    }
    let permits = data("daily_permit")?;
    let days: Vec<String> = copy_rows(&permits, "day").collect();
    let last_day = days.iter().max().map(|d| super::parse_day(d)).transpose()?;
    Ok(Verified { schema_version: version, permits: days.len() as i64, last_day })
}

/// The values of `column` in the rows of a `COPY … FROM stdin;` block of `pg_restore`'s
/// text output.
fn copy_rows<'a>(text: &'a str, column: &str) -> impl Iterator<Item = String> + 'a {
    let mut lines = text.lines();
    let index = lines.by_ref().find(|l| l.starts_with("COPY ")).and_then(|l| {
        let names = l.split_once('(')?.1.split_once(')')?.0;
        names.split(", ").position(|n| n.trim_matches('"') == column)
    });
    lines
        .take_while(|l| *l != "\\.")
        .filter_map(move |l| index.and_then(|i| l.split('\t').nth(i)).map(str::to_string))
        .filter(|v| v != "\\N")
}

/// Replaces every table of the database at `url` with the dump's, in one transaction.
pub fn pg_restore(url: &str, dump: &Path) -> Result<()> {
    let dbname = format!("--dbname={url}");
    run(
        "pg_restore",
        &[
            "--clean".as_ref(),
            "--if-exists".as_ref(),
            "--single-transaction".as_ref(),
            "--no-owner".as_ref(),
            "--no-privileges".as_ref(),
            "--exit-on-error".as_ref(),
            dbname.as_ref(),
            dump.as_os_str(),
        ],
    )?;
    Ok(())
}

/// Whether `path` is a PostgreSQL custom-format dump (its first bytes say `PGDMP`).
pub fn is_pg_dump(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 5];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && &magic == b"PGDMP"
}

//! SQL of the database's purpose (office, demo, test).

use super::{Connection, OptionalExtension};

use crate::clock::Purpose;
use crate::error::{Error, Result};

use super::Tx;

/// What the database is for: unmarked is an office database.
pub fn get(c: &Connection) -> Result<Purpose> {
    let code: Option<String> =
        c.query_row("SELECT purpose FROM database_purpose WHERE id = 1", [], |r| r.get(0)).optional()?;
    match code {
        None => Ok(Purpose::Office),
        Some(code) => {
            Purpose::from_code(&code).ok_or_else(|| Error::Conflict(format!("onbekend doel van de database: ‘{code}’")))
        }
    }
}

/// Marks a still empty database; the schema's trigger is the last word, this says why first.
pub fn mark(tx: &Tx<'_>, purpose: Purpose) -> Result<()> {
    let current = get(tx)?;
    if current != Purpose::Office {
        return Err(Error::Conflict(format!(
            "deze database is al gemarkeerd als {}-database; dat blijft zo",
            current.code()
        )));
    }
    if super::account::count(tx)? > 0 {
        return Err(Error::Conflict(
            "alleen een lege database wordt als demo- of testdatabase gemarkeerd: deze heeft al accounts".into(),
        ));
    }
    tx.execute("INSERT INTO database_purpose (id, purpose) VALUES (1, ?1)", [purpose.code()])?;
    Ok(())
}

/// The purpose of the database file at `path`, read without opening it for writing or
/// migrating it (a file from before the mark existed is an office database).
pub fn of_file(path: &std::path::Path) -> Result<Purpose, crate::error::StoreError> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'database_purpose')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(Purpose::Office);
    }
    get(&Connection::sqlite(conn)).map_err(|e| match e {
        Error::Store(s) => s,
        other => crate::error::StoreError::Migration(other.to_string()),
    })
}

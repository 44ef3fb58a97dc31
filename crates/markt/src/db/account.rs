//! SQL of accounts.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};

use super::Tx;

use crate::account::Account;
use crate::code::Role;
use crate::error::Result;
use crate::ids::AccountId;

const COLUMNS: &str = "id, username, display_name, role, active, failed_logins";

fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Account> {
    Ok(Account {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: r.get(3)?,
        active: r.get(4)?,
        failed_logins: r.get(5)?,
    })
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?)
}

pub fn insert(
    c: &Tx<'_>,
    username: &str,
    display_name: &str,
    role: Role,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<AccountId> {
    c.execute(
        "INSERT INTO account (username, display_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![username, display_name, role, hash, super::instant(now)],
    )?;
    Ok(AccountId(c.last_insert_rowid()?))
}

pub fn get(c: &Connection, id: AccountId) -> Result<Option<Account>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS} FROM account WHERE id = ?1"), [id], from_row).optional()?)
}

pub fn find_by_username(c: &Connection, username: &str) -> Result<Option<Account>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS} FROM account WHERE username = ?1"), [username], from_row).optional()?)
}

pub fn find_with_hash(c: &Connection, username: &str) -> Result<Option<(Account, String)>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS}, password_hash FROM account WHERE username = ?1"), [username], |r| {
        Ok((from_row(r)?, r.get(6)?))
    })
    .optional()?)
}

/// One more wrong password, counted by the database itself; answers the new count.
pub fn add_failed_login(c: &Tx<'_>, id: AccountId) -> Result<i64> {
    Ok(c.query_row(
        "UPDATE account SET failed_logins = failed_logins + 1 WHERE id = ?1 RETURNING failed_logins",
        [id],
        |r| r.get(0),
    )?)
}

pub fn set_failed_logins(c: &Tx<'_>, id: AccountId, n: i64) -> Result<()> {
    c.execute("UPDATE account SET failed_logins = ?2 WHERE id = ?1", params![id, n])?;
    Ok(())
}

pub fn list(c: &Connection) -> Result<Vec<Account>> {
    let mut st = c.prepare_cached(&format!("SELECT {COLUMNS} FROM account ORDER BY username"))?;
    let rows = st.query_map([], from_row)?.collect::<crate::db::SqlResult<_>>()?;
    Ok(rows)
}

pub fn set_role(c: &Tx<'_>, id: AccountId, role: Role) -> Result<()> {
    c.execute("UPDATE account SET role = ?2 WHERE id = ?1", params![id, role])?;
    Ok(())
}

pub fn set_active(c: &Tx<'_>, id: AccountId, active: bool) -> Result<()> {
    c.execute("UPDATE account SET active = ?2 WHERE id = ?1", params![id, active])?;
    Ok(())
}

pub fn set_password_hash(c: &Tx<'_>, id: AccountId, hash: &str) -> Result<()> {
    c.execute("UPDATE account SET password_hash = ?2 WHERE id = ?1", params![id, hash])?;
    Ok(())
}

/// How many administrators can still log in (locked ones count: a senior can unlock them).
pub fn active_admins(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM account WHERE role = 'admin' AND active = 1", [], |r| r.get(0))?)
}

//! The audit log: who did what, when, with the record before and after. Written in the same
//! transaction as the change it describes, so there is no change without its row and no
//! row without its change. The table refuses updates and deletes (triggers).

use std::fmt::Display;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::{self, Tx};
use crate::error::Result;
use crate::ids::AccountId;

mod reading;
pub use reading::{Change, Reading, action_label, entity_label};

/// One audit row as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub account: Option<AccountId>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The network address of the client that made the change (an office server's).
    pub address: Option<String>,
}

/// Writes one audit row. `before`/`after` are kept as JSON.
#[allow(clippy::too_many_arguments)]
pub fn record<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &Tx<'_>,
    account: Option<AccountId>,
    at: DateTime<Utc>,
    action: &str,
    entity: &str,
    entity_id: impl Display,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    db::audit::insert(
        tx,
        &Entry {
            id: 0,
            at,
            account,
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id: Some(entity_id.to_string()),
            before: before.map(to_json),
            after: after.map(to_json),
            address: tx.origin().map(String::from),
        },
    )
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain records cannot fail; should it, the row still says so.
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"unserialisable\":\"{e}\"}}"))
}

/// Audit rows about one entity, oldest first.
pub fn for_entity(
    store: &mut crate::db::Store,
    actor: &crate::account::Actor,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<Entry>> {
    actor.require(crate::account::Action::ViewAuditLog)?;
    store.read(|c| db::audit::for_entity(c, entity, entity_id))
}

/// What the audit-log viewer filters on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub account: Option<AccountId>,
    /// The start of an action: `permit.` for every permit change.
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Text anywhere in the record before or after.
    pub text: Option<String>,
}

/// An audit row with the name of the account, and the row in words ([`Reading`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub entry: Entry,
    pub username: Option<String>,
    pub reading: Reading,
}

/// The audit log, newest first, filtered and paged (admin only).
pub fn search(
    store: &mut crate::db::Store,
    actor: &crate::account::Actor,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> Result<crate::vendor::Page<Row>> {
    actor.require(crate::account::Action::ViewAuditLog)?;
    store.read(|c| {
        let mut page = db::audit::search(c, filter, offset.max(0), limit.clamp(1, 500))?;
        for row in &mut page.items {
            row.reading = reading::read(c, &row.entry)?;
        }
        Ok(page)
    })
}

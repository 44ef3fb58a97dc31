//! DTOs of backups and the audit-log viewer.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use markt::ids::AccountId;
use markt::{audit, backup};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Res, opt_day};

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    path: String,
    file_name: String,
    size_bytes: u64,
    modified: Option<DateTime<Utc>>,
}

impl From<backup::BackupFile> for Backup {
    fn from(b: backup::BackupFile) -> Backup {
        Backup {
            file_name: b.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            path: b.path.display().to_string(),
            size_bytes: b.size,
            modified: b.modified,
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupCheck {
    schema_version: usize,
    permits: i64,
    last_day: Option<NaiveDate>,
}

impl From<backup::Verified> for BackupCheck {
    fn from(v: backup::Verified) -> BackupCheck {
        BackupCheck { schema_version: v.schema_version, permits: v.permits, last_day: v.last_day }
    }
}

#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct AuditFilter {
    account_id: Option<i64>,
    action: Option<String>,
    entity: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    until: Option<String>,
    text: Option<String>,
}

fn some(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

impl TryFrom<AuditFilter> for audit::Filter {
    type Error = super::AppError;
    fn try_from(f: AuditFilter) -> Res<audit::Filter> {
        let start = |d: NaiveDate| markt::time::at_local(d, NaiveTime::MIN);
        Ok(audit::Filter {
            account: f.account_id.map(AccountId),
            action: some(&f.action),
            entity: some(&f.entity),
            entity_id: some(&f.entity_id),
            from: opt_day("from", &f.from)?.map(start),
            // The whole last day: up to the start of the next.
            until: opt_day("until", &f.until)?.and_then(|d| d.succ_opt()).map(start),
            text: some(&f.text),
        })
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    username: Option<String>,
    /// The network address of the client that made it (an office server's desks).
    address: Option<String>,
    action: String,
    entity: String,
    entity_id: Option<String>,
    /// The record before and after as the core keeps it (JSON): shown only on request.
    before: Option<String>,
    after: Option<String>,
    /// The action in Dutch: `dagvergunning uitgegeven`.
    action_label: String,
    /// The thing changed by its number: `dagvergunning D2026-017644`, `kraam 27 · Albert Cuyp`.
    subject: String,
    /// Each changed field with its old and new value as text.
    changes: Vec<AuditChange>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditChange {
    field: String,
    before: Option<String>,
    after: Option<String>,
}

impl From<audit::Row> for AuditRow {
    fn from(r: audit::Row) -> AuditRow {
        AuditRow {
            id: r.entry.id,
            at: r.entry.at,
            username: r.username,
            address: r.entry.address,
            action: r.entry.action,
            entity: r.entry.entity,
            entity_id: r.entry.entity_id,
            before: r.entry.before,
            after: r.entry.after,
            action_label: r.reading.action,
            subject: r.reading.subject,
            changes: r
                .reading
                .changes
                .into_iter()
                .map(|c| AuditChange { field: c.field, before: c.before, after: c.after })
                .collect(),
        }
    }
}

/// A session open on the office server, as an administrator sees it (Beheer → Accounts).
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpenSession {
    /// What the session is ended by (never its token).
    number: u64,
    username: String,
    /// The client's network address; none for this computer's own window.
    address: Option<String>,
    since: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    /// The administrator's own session.
    own: bool,
}

impl From<crate::state::OpenSession> for OpenSession {
    fn from(s: crate::state::OpenSession) -> OpenSession {
        OpenSession {
            number: s.number,
            username: s.username,
            address: s.address,
            since: s.since,
            last_seen: s.last_seen,
            own: s.own,
        }
    }
}

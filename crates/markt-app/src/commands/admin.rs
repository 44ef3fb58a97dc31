//! Commands of Beheer: backups and the audit-log viewer.

use std::path::PathBuf;

use markt::{audit, backup, time};

use crate::dto::{self, Res};
use crate::state::Caller;

pub fn backups(app: &Caller<'_>) -> Res<Vec<dto::Backup>> {
    app.read(|s, _| backup::dir_of(s).map_or(Ok(Vec::new()), |d| backup::list(&d))).map(dto::list)
}

pub fn make_backup(app: &Caller<'_>) -> Res<dto::Backup> {
    app.act(|s, a, now| {
        let dir = backup::folder(s)?;
        let name = format!("marktkantoor-{}.sqlite", time::local(now).format("%Y-%m-%d-%H%M%S"));
        backup::make(s, a, now, &dir.join(name))
    })
    .map(Into::into)
}

pub fn check_backup(app: &Caller<'_>, path: String) -> Res<dto::BackupCheck> {
    app.read(|s, _| backup::verify(&backup::listed(s, &PathBuf::from(&path))?)).map(Into::into)
}

pub fn restore_backup(app: &Caller<'_>, path: String) -> Res<dto::BackupCheck> {
    let checked = app.act(|s, a, now| {
        let dir = backup::folder(s)?;
        let safety = dir.join(format!("voor-herstel-{}.sqlite", time::local(now).format("%Y-%m-%d-%H%M%S")));
        backup::restore(s, a, now, &backup::listed(s, &PathBuf::from(&path))?, &safety)
    })?;
    // The restored file has its own accounts: everyone logs in again against them (every
    // desk of the office server, not only this one).
    app.end_all_sessions();
    Ok(checked.into())
}

/// The sessions open now (administrators).
pub fn open_sessions(app: &Caller<'_>) -> Res<Vec<dto::OpenSession>> {
    app.open_sessions().map(|open| open.into_iter().map(Into::into).collect())
}

/// Ends an open session by its number (administrators); audited.
pub fn end_session(app: &Caller<'_>, number: u64) -> Res<()> {
    app.end_session(number)
}

pub fn audit_log(app: &Caller<'_>, filter: dto::AuditFilter, offset: i64, limit: i64) -> Res<dto::Page<dto::AuditRow>> {
    let filter = filter.try_into()?;
    app.read(|s, a| audit::search(s, a, &filter, offset, limit)).map(|p| dto::Page::of(p, Into::into))
}

//! What changed in a market day's attendance since its allocation was published, and
//! whether sign-on for the day is still open.
//!
//! A published allocation never changes (a change is a new version), but vendors keep
//! signing on and off until the cut-off, and a senior changes it after. The allocation
//! screen must not let such a change pass unseen: a vendor who no longer takes part but
//! still holds stalls in the day's latest version (stalls to free), and one who now takes
//! part but has no stall and was not taking part when the allocation was made (a vendor to
//! place). "Takes part" is the allocation's own rule, read the way a run reads the day
//! (`input::read`, `Vendor::participation`), so a sign-off, an absence period and a
//! vendor made inactive all count, and the list is exactly what the day's latest version
//! does not reflect. A change the clerk already dealt with in a newer version (the vendor
//! removed, or given a stall) is no longer listed: the list is what is still to do. When
//! the cause is a sign-on or sign-off, the time it was recorded, by whom and why go along.
//!
//! Comparing with the latest version rather than with sign-offs timed after the publishing
//! moment also catches a sign-off between the run and publishing, which the published
//! allocation does not reflect either.
//!
//! Publishing while sign-on is still open is allowed (a clerk may publish early) but is a
//! choice: `sign_on_open` (by the caller's `now`) tells the screen to ask for it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::{StallRef, Version, input};
use crate::account::{Action, Actor};
use crate::allocation::NonParticipation;
use crate::code::{AllocationOutcome, AllocationState};
use crate::db::{self, Store};
use crate::error::{Error, Result};
use crate::ids::{MarketId, VendorId};
use crate::time;
use crate::vendor::RegistrationNumber;

/// What changed for a vendor since the allocation was made.
#[cfg_attr(feature = "contract", derive(ts_rs::TS, schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceChangeKind {
    /// Signed off for the day (or the weekly pattern no longer has the day): stalls to free.
    SignedOff,
    /// An absence period covers the day: stalls to free.
    Absent,
    /// The vendor is no longer active: stalls to free.
    NotActive,
    /// Signed on for the day: a vendor to place.
    SignedOn,
    /// Takes part now without a sign-on of the day (a fixed holder back from an absence, a
    /// weekly pattern, a new registration, made active again): a vendor to place.
    Comes,
}

/// One vendor whose attendance changed after the allocation was made and is not yet dealt with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceChange {
    pub vendor: VendorId,
    pub registration_number: RegistrationNumber,
    /// `J.P. van der Berg`.
    pub name: String,
    pub kind: AttendanceChangeKind,
    /// When the sign-on or sign-off was recorded (`None` when another fact is the cause).
    pub at: Option<DateTime<Utc>>,
    /// Who recorded it (display name).
    pub by: Option<String>,
    /// The reason given with it (required after the cut-off).
    pub reason: Option<String>,
    /// The stalls the vendor holds in the day's latest version: to free; empty for a vendor to place.
    pub stalls: Vec<StallRef>,
}

/// The day's attendance against its publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SincePublished {
    pub market: MarketId,
    pub day: NaiveDate,
    /// Sign-on and sign-off for the day close at this instant (15:00 Amsterdam the day before).
    pub cutoff: DateTime<Utc>,
    /// Whether sign-on is still open at `now`: an allocation published now may still be
    /// overtaken by sign-ons and sign-offs.
    pub sign_on_open: bool,
    /// The day's latest published version, if any.
    pub published: Option<Version>,
    /// Oldest first; empty when nothing is published.
    pub changes: Vec<AttendanceChange>,
}

/// The vendors whose attendance on the market day the day's latest version no longer
/// matches, once a version of the day is published; and whether sign-on is open at `now`.
pub fn since_published(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    day: NaiveDate,
) -> Result<SincePublished> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let cutoff = time::attendance_cutoff(day);
        let versions = db::allocation::versions(c, market, day)?;
        let published = versions.iter().rev().find(|v| v.state == AllocationState::Published).cloned();
        let mut changes = Vec::new();
        if let (Some(_), Some(latest)) = (&published, versions.last()) {
            let results = db::allocation::results(c, latest.id)?;
            let records: HashMap<VendorId, db::attendance::Recorded> =
                db::attendance::recorded_on(c, market, day)?.into_iter().map(|r| (r.record.vendor, r)).collect();
            let now_input = input::read(c, &m, day)?;
            for v in &now_input.input.vendors {
                let Some(p) = now_input.vendors.get(&v.id) else { continue };
                let result = results.iter().find(|r| r.vendor == p.vendor);
                let stalls = result.map(|r| r.stalls.clone()).unwrap_or_default();
                let record = records.get(&p.vendor);
                let kind = match v.participation(day) {
                    Err(_) if stalls.is_empty() => continue,
                    Err(NonParticipation::SignedOff) => AttendanceChangeKind::SignedOff,
                    Err(NonParticipation::AbsencePeriod(_)) => AttendanceChangeKind::Absent,
                    Err(NonParticipation::NotActive) => AttendanceChangeKind::NotActive,
                    // Holding stalls without a sign-on: only a clerk's assignment does that,
                    // which is a choice, not a change.
                    Err(NonParticipation::NotSignedOn) => continue,
                    Ok(()) if !stalls.is_empty() => continue,
                    // Rejected or removed: the allocation (or a clerk) saw the vendor already.
                    Ok(()) if result.is_some_and(|r| r.outcome != AllocationOutcome::NotParticipating) => continue,
                    Ok(()) if record.is_some_and(|r| r.record.attends) => AttendanceChangeKind::SignedOn,
                    Ok(()) => AttendanceChangeKind::Comes,
                };
                // The day's record is the cause only when it says what happened.
                let said = match kind {
                    AttendanceChangeKind::SignedOff => record.filter(|r| !r.record.attends),
                    AttendanceChangeKind::SignedOn => record,
                    _ => None,
                };
                let by = said.and_then(|r| r.by).map(|a| db::account::get(c, a)).transpose()?.flatten();
                let (registration_number, name) = match result {
                    Some(r) => (r.registration_number.clone(), r.name.clone()),
                    None => {
                        let x =
                            db::vendor::get(c, p.vendor)?.ok_or_else(|| Error::not_found("ondernemer", p.vendor))?;
                        (x.registration_number.clone(), x.name())
                    }
                };
                changes.push(AttendanceChange {
                    vendor: p.vendor,
                    registration_number,
                    name,
                    kind,
                    at: said.map(|r| r.at),
                    by: by.map(|a| a.display_name),
                    reason: said.and_then(|r| r.record.reason.clone()),
                    stalls,
                });
            }
            // Newest last, the way they came in; the others (no time) after them by number.
            changes.sort_by(|a, b| {
                (a.at.is_none(), a.at, &a.registration_number).cmp(&(b.at.is_none(), b.at, &b.registration_number))
            });
        }
        Ok(SincePublished { market, day, cutoff, sign_on_open: now < cutoff, published, changes })
    })
}

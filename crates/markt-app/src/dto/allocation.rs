//! The allocation screen's side of the contract (`ui/src/lib/backend/types.ts`, "Allocation"):
//! a market day with its versions and one version in full, the override form, and the
//! codes the screen labels (outcomes, rejection reasons, states, kinds of change).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use markt::allocation::day;
use markt::code;
use markt::error::Problem;
use markt::ids::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AppError, CodeDto, Res, parse};

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AllocationCodes {
    outcomes: Vec<CodeDto>,
    reasons: Vec<CodeDto>,
    states: Vec<CodeDto>,
    override_kinds: Vec<CodeDto>,
}

fn codes() -> AllocationCodes {
    AllocationCodes {
        outcomes: code_list!(code::AllocationOutcome),
        reasons: code_list!(code::RejectionReason),
        states: code_list!(code::AllocationState),
        override_kinds: code_list!(code::OverrideKind),
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "AllocationVersion")]
#[schemars(rename = "AllocationVersion")]
pub struct Version {
    id: AllocationId,
    market_id: MarketId,
    day: NaiveDate,
    number: i64,
    state: code::AllocationState,
    created_by: String,
    created_at: DateTime<Utc>,
    published_by: Option<String>,
    published_at: Option<DateTime<Utc>>,
    /// The number of the version a change after publishing started from.
    based_on: Option<i64>,
}

/// What a run, an override or publishing answers: the version it made or changed.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "AllocationVersionRef")]
#[schemars(rename = "AllocationVersionRef")]
pub struct VersionRef {
    id: AllocationId,
    number: i64,
    state: code::AllocationState,
}

impl From<day::Version> for VersionRef {
    fn from(v: day::Version) -> VersionRef {
        VersionRef { id: v.id, number: v.number, state: v.state }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "AllocationStall")]
#[schemars(rename = "AllocationStall")]
pub struct StallRef {
    id: StallId,
    number: String,
}

impl From<day::StallRef> for StallRef {
    fn from(s: day::StallRef) -> StallRef {
        StallRef { id: s.id, number: s.number.to_string() }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "AllocationResult")]
#[schemars(rename = "AllocationResult")]
pub struct VendorResult {
    vendor_id: VendorId,
    registration_number: String,
    name: String,
    status: code::RegistrationStatus,
    list_number: i64,
    branch_id: Option<BranchId>,
    a_list: bool,
    outcome: code::AllocationOutcome,
    stalls: Vec<StallRef>,
    reason: Option<code::RejectionReason>,
    explanation: String,
}

impl From<day::VendorResult> for VendorResult {
    fn from(r: day::VendorResult) -> VendorResult {
        VendorResult {
            vendor_id: r.vendor,
            registration_number: r.registration_number.to_string(),
            name: r.name,
            status: r.status,
            list_number: r.list_number,
            branch_id: r.branch,
            a_list: r.a_list,
            outcome: r.outcome,
            stalls: r.stalls.into_iter().map(Into::into).collect(),
            reason: r.reason,
            explanation: r.explanation,
        }
    }
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "AllocationOverride")]
#[schemars(rename = "AllocationOverride")]
pub struct Override {
    id: OverrideId,
    kind: code::OverrideKind,
    vendor_id: VendorId,
    other_vendor_id: Option<VendorId>,
    from_stalls: Vec<String>,
    to_stalls: Vec<String>,
    breaks_rule: Option<String>,
    rule_reason: Option<String>,
    reason: String,
    by: String,
    at: DateTime<Utc>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AllocationDetail {
    version: Version,
    results: Vec<VendorResult>,
    overrides: Vec<Override>,
    free_stalls: Vec<StallRef>,
}

#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AllocationDay {
    market_id: MarketId,
    day: NaiveDate,
    held: bool,
    versions: Vec<Version>,
    shown: Option<AllocationDetail>,
    codes: AllocationCodes,
}

impl From<day::DayView> for AllocationDay {
    fn from(v: day::DayView) -> AllocationDay {
        let name = |id: AccountId| v.accounts.get(&id).cloned().unwrap_or_else(|| id.to_string());
        let numbers: BTreeMap<AllocationId, i64> = v.versions.iter().map(|x| (x.id, x.number)).collect();
        let version = |x: &day::Version| Version {
            id: x.id,
            market_id: x.market,
            day: x.day,
            number: x.number,
            state: x.state,
            created_by: name(x.created_by),
            created_at: x.created_at,
            published_by: x.published_by.map(name),
            published_at: x.published_at,
            based_on: x.based_on.and_then(|b| numbers.get(&b).copied()),
        };
        let versions = v.versions.iter().map(version).collect();
        let free_stalls: Vec<StallRef> = v.free_stalls.into_iter().map(Into::into).collect();
        let shown = v.shown.map(|s| AllocationDetail {
            version: version(&s.version),
            results: s.results.into_iter().map(Into::into).collect(),
            overrides: s
                .overrides
                .into_iter()
                .map(|o| Override {
                    id: o.id,
                    kind: o.kind,
                    vendor_id: o.vendor,
                    other_vendor_id: o.other_vendor,
                    from_stalls: o.from_stalls,
                    to_stalls: o.to_stalls,
                    breaks_rule: o.breaks_rule,
                    rule_reason: o.rule_reason,
                    reason: o.reason,
                    by: name(o.account),
                    at: o.at,
                })
                .collect(),
            free_stalls,
        });
        AllocationDay { market_id: v.market, day: v.day, held: v.held, versions, shown, codes: codes() }
    }
}

/// A vendor whose attendance changed after the allocation was made and is not yet dealt
/// with: what changed, when and by whom (for a sign-on or sign-off), and the stalls to free.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceChange {
    vendor_id: VendorId,
    registration_number: String,
    name: String,
    kind: day::AttendanceChangeKind,
    at: Option<DateTime<Utc>>,
    by: Option<String>,
    reason: Option<String>,
    stalls: Vec<StallRef>,
}

/// The day's attendance against its publication, and the sign-on cut-off by the core's clock.
#[derive(Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SincePublished {
    market_id: MarketId,
    day: NaiveDate,
    cutoff: DateTime<Utc>,
    /// Sign-on for the day is still open now: publishing now asks for a confirmation.
    sign_on_open: bool,
    /// The number of the day's latest published version, if any.
    published_version: Option<i64>,
    published_at: Option<DateTime<Utc>>,
    changes: Vec<AttendanceChange>,
}

impl From<day::SincePublished> for SincePublished {
    fn from(s: day::SincePublished) -> SincePublished {
        SincePublished {
            market_id: s.market,
            day: s.day,
            cutoff: s.cutoff,
            sign_on_open: s.sign_on_open,
            published_version: s.published.as_ref().map(|v| v.number),
            published_at: s.published.and_then(|v| v.published_at),
            changes: s
                .changes
                .into_iter()
                .map(|c| AttendanceChange {
                    vendor_id: c.vendor,
                    registration_number: c.registration_number.to_string(),
                    name: c.name,
                    kind: c.kind,
                    at: c.at,
                    by: c.by,
                    reason: c.reason,
                    stalls: c.stalls.into_iter().map(Into::into).collect(),
                })
                .collect(),
        }
    }
}

/// The override form: one kind of change with the fields it needs.
#[derive(Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct OverrideInput {
    allocation_id: i64,
    kind: String,
    vendor_id: i64,
    other_vendor_id: Option<i64>,
    stall_ids: Vec<i64>,
    reason: String,
    override_rule: Option<String>,
}

impl TryFrom<OverrideInput> for day::OverrideInput {
    type Error = AppError;
    fn try_from(o: OverrideInput) -> Res<day::OverrideInput> {
        let vendor = VendorId(o.vendor_id);
        let stalls = || o.stall_ids.iter().copied().map(StallId).collect();
        let change = match parse("kind", &o.kind, code::OverrideKind::parse)? {
            code::OverrideKind::Move => day::Change::Move { vendor, to: stalls() },
            code::OverrideKind::Assign => day::Change::Assign { vendor, stalls: stalls() },
            code::OverrideKind::Remove => day::Change::Remove { vendor },
            code::OverrideKind::Swap => match o.other_vendor_id {
                Some(other) => day::Change::Swap { vendor, other: VendorId(other) },
                None => return Err(AppError::field("other", Problem::Required, "kies met wie er geruild wordt")),
            },
        };
        Ok(day::OverrideInput {
            allocation: AllocationId(o.allocation_id),
            change,
            reason: o.reason,
            override_rule: o.override_rule,
        })
    }
}

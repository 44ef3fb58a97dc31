//! A market day as the database knows it, turned into the engine's input.
//!
//! - Stalls, rows and obstacles come from the market's layout; a stall is blocked when it
//!   is inactive or blocked for the day. Stalls are named by their number.
//! - Branches are the market's branch rules (maximum, mandatory), named by branch code.
//! - Vendors are the active registrations, named by their registration number as clerks
//!   read it (`19570810.02`): status, list number, fixed stalls, the
//!   preferences (branch, minimum and maximum, cooking, EVI, anywhere, ranked stalls; none
//!   recorded is one stall, anywhere) and attendance: an absence period covering the day,
//!   else the sign-on or sign-off for the day, else the weekly pattern (`attendance::resolve`).
//!   A `tvplz` holds no stalls in the database but a number of places (its registration's
//!   `places`): the engine is given that many own stalls by placeholder names
//!   (`tvplz-plaats-1`, …), whose number alone it counts (art. 3.10: as many stalls as it
//!   holds places, anywhere), whatever the preferences' minimum says.
//!   A vendor that is not active (waiting, substitute only, removed) is in the input too,
//!   marked so: the engine lists it as not taking part, and the explanation names its
//!   status.
//! - A/B lists (art. 3.10) apply on Fridays and Saturdays of markets that use them. The
//!   A-list is the applicants who had a permit (not voided) on at least one day from Monday
//!   to Thursday of the same week on which the market was held (art. 3.10 lid 2a: "op een
//!   andere dag in dezelfde week"), so a holiday without permits takes nobody off it; a
//!   week without such a permit has an empty A-list, and the engine then treats all
//!   applicants alike.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::db::Connection;
use chrono::{Datelike, Days, NaiveDate};

use crate::allocation as engine;
use crate::attendance::{self, Intent};
use crate::code::{Cooking, RegistrationStatus, VendorStatus, Weekday};
use crate::db;
use crate::error::Result;
use crate::ids::{BranchId, StallId, VendorId};
use crate::market::Market;
use crate::time;
use crate::vendor::RegistrationNumber;

/// The engine's input for a market day, with the way back to the database's ids.
#[derive(Debug, Clone, PartialEq)]
pub struct DayInput {
    pub input: engine::AllocationInput,
    /// Every vendor of the input by its engine id.
    pub vendors: BTreeMap<engine::VendorId, Participant>,
    /// Every stall of the market by its number.
    pub stalls: BTreeMap<engine::StallId, StallId>,
    /// Explanations that say more than the engine knows (a weekly pattern without the day).
    pub explanations: BTreeMap<engine::VendorId, String>,
}

/// A vendor of the day as the run saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub vendor: VendorId,
    /// `J.P. van der Berg`.
    pub name: String,
    pub status: RegistrationStatus,
    pub list_number: i64,
    pub branch: Option<BranchId>,
    pub a_list: bool,
}

/// The engine's name for a vendor: its registration number as clerks read it.
pub fn vendor_key(number: &RegistrationNumber) -> engine::VendorId {
    engine::VendorId(number.to_string())
}

pub(super) fn read(c: &Connection, market: &Market, day: NaiveDate) -> Result<DayInput> {
    let layout = db::market::layout(c, market.clone())?;
    let blocked: BTreeSet<StallId> = db::market::blocked_on(c, market.id, day)?.into_iter().collect();
    let branch_codes: HashMap<BranchId, String> = db::branch::list(c)?.into_iter().map(|b| (b.id, b.code)).collect();
    let code = |b: &BranchId| engine::BranchId(branch_codes.get(b).cloned().unwrap_or_else(|| b.to_string()));
    let number: HashMap<StallId, engine::StallId> =
        layout.stalls().map(|s| (s.id, engine::StallId::new(s.number.as_str()))).collect();

    let stalls = layout
        .stalls()
        .map(|s| engine::Stall {
            id: number[&s.id].clone(),
            branches: s.branches.iter().map(code).collect(),
            cooking: s.cooking,
            evi: s.evi,
            blocked: !s.active || blocked.contains(&s.id),
            properties: s.properties.iter().map(|p| p.code().to_string()).collect(),
        })
        .collect();
    let rows = layout
        .rows
        .iter()
        .map(|r| engine::StallRow {
            stalls: r.stalls.iter().map(|s| number[&s.id].clone()).collect(),
            circular: r.row.circular,
        })
        .collect();
    let obstacles = layout
        .rows
        .iter()
        .flat_map(|r| &r.obstacles)
        .filter_map(|o| {
            Some(engine::Obstacle {
                between: (number.get(&o.before)?.clone(), number.get(&o.after)?.clone()),
                kinds: vec![o.kind.code().to_string()],
            })
        })
        .collect();
    let branches = db::branch::market_rules(c, market.id)?
        .iter()
        .map(|r| engine::Branch {
            id: code(&r.branch),
            mandatory: r.mandatory,
            max_stalls: r.max_stalls.map(|m| u32::try_from(m).unwrap_or(0)),
        })
        .collect();

    let a_list = a_list(c, market, day)?;
    let preferences: HashMap<VendorId, _> =
        db::registration::preferences_of_market(c, market.id)?.into_iter().map(|p| (p.vendor, p)).collect();
    let records: HashMap<VendorId, bool> =
        db::attendance::records_on(c, market.id, day)?.into_iter().map(|r| (r.vendor, r.attends)).collect();
    let mut absences = HashMap::new();
    for a in db::attendance::absences_on(c, market.id, day)? {
        absences.entry(a.vendor).or_insert(a);
    }
    let patterns: HashMap<VendorId, _> = db::attendance::patterns_of_market(c, market.id)?.into_iter().collect();

    let mut vendors = Vec::new();
    let mut participants = BTreeMap::new();
    let mut explanations = BTreeMap::new();
    for reg in db::registration::active_of_market(c, market.id)? {
        let Some(vendor) = db::vendor::get(c, reg.vendor)? else { continue };
        let key = vendor_key(&vendor.registration_number);
        let prefs = preferences.get(&reg.vendor);
        let absence = absences.get(&reg.vendor);
        let record = records.get(&reg.vendor).copied();
        let pattern = patterns.get(&reg.vendor).copied();
        let intent = attendance::resolve(absence.is_some(), record, pattern, day);
        if let (None, None, Some(p), Intent::Absent) = (absence, record, pattern, intent) {
            explanations.insert(
                key.clone(),
                format!(
                    "Neemt niet deel: komt volgens het weekpatroon ({p}) niet op {} {}.",
                    Weekday::of(day).label_nl(),
                    time::show_date(day)
                ),
            );
        }
        let on_a_list =
            reg.status == RegistrationStatus::Soll && a_list.as_ref().is_some_and(|a| a.contains(&reg.vendor));
        let wanted: &[StallId] = prefs.map_or(&[], |p| p.stalls.as_slice());
        let count = wanted.len() as i64;
        vendors.push(engine::Vendor {
            id: key.clone(),
            list_number: u64::try_from(reg.list_number).unwrap_or(0),
            status: reg.status,
            own_stalls: if reg.status == RegistrationStatus::Tvplz {
                tvplz_places(reg.places.unwrap_or(1))
            } else {
                reg.stalls.iter().filter_map(|s| number.get(s).cloned()).collect()
            },
            a_list: on_a_list,
            attendance: match intent {
                Intent::Present => engine::Attendance::Present,
                Intent::Absent => engine::Attendance::Absent,
                Intent::Unspecified => engine::Attendance::Unspecified,
            },
            absence: absence.map(|a| engine::AbsencePeriod { from: Some(a.from), until: Some(a.until) }),
            branches: prefs.and_then(|p| p.branch).iter().map(code).collect(),
            cooking: prefs.map_or(Cooking::None, |p| p.cooking),
            evi: prefs.is_some_and(|p| p.evi),
            min_stalls: prefs.map_or(1, |p| u32::try_from(p.min_stalls).unwrap_or(1)),
            // Without preferences a fixed holder wants its places: a maximum below their
            // number is something the holder chooses (allocation: fewer places).
            max_stalls: prefs.map_or(u32::try_from(reg.stalls.len()).unwrap_or(1).max(1), |p| {
                u32::try_from(p.max_stalls).unwrap_or(1)
            }),
            anywhere: prefs.is_none_or(|p| p.anywhere),
            preferences: wanted
                .iter()
                .enumerate()
                .filter_map(|(rank, s)| {
                    Some(engine::Preference { stall: number.get(s)?.clone(), priority: count - rank as i64 })
                })
                .collect(),
            active: vendor.status == VendorStatus::Active,
        });
        if let Some(Err(engine::NonParticipation::NotActive)) = vendors.last().map(|v| v.participation(day)) {
            explanations.insert(
                key.clone(),
                format!(
                    "Neemt niet deel: de ondernemer is niet actief (status: {}); alleen actieve ondernemers worden ingedeeld.",
                    vendor.status.label_nl()
                ),
            );
        }
        participants.insert(
            key,
            Participant {
                vendor: reg.vendor,
                name: vendor.name(),
                status: reg.status,
                list_number: reg.list_number,
                branch: prefs.and_then(|p| p.branch),
                a_list: on_a_list,
            },
        );
    }

    Ok(DayInput {
        input: engine::AllocationInput {
            market: engine::MarketDay {
                id: market.id.to_string(),
                name: market.name.clone(),
                code: market.code.clone(),
                date: day,
                ab_lists: a_list.is_some(),
                max_stalls_per_vendor: u32::try_from(market.max_stalls_per_vendor).ok(),
            },
            branches,
            stalls,
            rows,
            obstacles,
            vendors,
        },
        vendors: participants,
        stalls: number.into_iter().map(|(id, n)| (n, id)).collect(),
        explanations,
    })
}

/// A `tvplz`'s places as the engine counts them: `n` distinct placeholder stall names that
/// name no stall of the market (the engine reads only their number for a `tvplz`).
fn tvplz_places(n: i64) -> Vec<engine::StallId> {
    (1..=n.max(1)).map(|i| engine::StallId::new(format!("tvplz-plaats-{i}"))).collect()
}

/// The day's A-list, or `None` when A/B lists do not apply (not a Friday or Saturday, or a
/// market without them): everyone with a permit on at least one market day from Monday to
/// Thursday of the week (art. 3.10 lid 2a). One day is enough, so a day without any
/// permits (a holiday) leaves the list as it is.
pub(crate) fn a_list(c: &Connection, market: &Market, day: NaiveDate) -> Result<Option<BTreeSet<VendorId>>> {
    if !market.ab_lists || !matches!(Weekday::of(day), Weekday::Fri | Weekday::Sat) {
        return Ok(None);
    }
    let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
    let mut list = BTreeSet::new();
    for d in (0..4).map(|i| monday + Days::new(i)).filter(|d| market.is_held_on(*d)) {
        list.extend(db::permit::vendors_with_permit(c, market.id, d)?);
    }
    Ok(Some(list))
}

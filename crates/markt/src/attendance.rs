//! Attendance for the allocation: weekly patterns, sign-on/sign-off per day, absence periods.
//! Fixed holders attend unless they sign off; applicants only when they sign on. Sign-on
//! closes at 15:00 the day before; after that only a senior changes it, with a reason.
//!
//! The cut-off holds whichever door a change comes through: a sign-on or sign-off for a day
//! whose cut-off has passed, and a weekly pattern or an absence period (added, ended early,
//! removed) that changes whether the vendor takes part on a day whose sign-on has closed and
//! that is not over (today, and from 15:00 tomorrow: [`time::closed_days`]). A change that
//! leaves those days as they were (a pattern change for next week) needs no senior.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{VendorStatus, Weekdays};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{AbsenceId, MarketId, VendorId};
use crate::market::Market;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceRecord {
    pub vendor: VendorId,
    pub market: MarketId,
    pub day: NaiveDate,
    pub attends: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Absence {
    pub id: AbsenceId,
    pub vendor: VendorId,
    pub market: MarketId,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub reason: String,
}

/// What the office knows of one vendor's attendance on one market day.
#[cfg_attr(feature = "contract", derive(ts_rs::TS, schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Signed on for the day (or the weekly pattern says so).
    Present,
    /// Signed off, or within an absence period.
    Absent,
    /// Nothing recorded: fixed holders come, applicants do not.
    Unspecified,
}

/// The vendor's intent for `day`: an absence period wins, then a record for the day, then
/// the weekly pattern.
pub fn intent(store: &mut Store, actor: &Actor, vendor: VendorId, market: MarketId, day: NaiveDate) -> Result<Intent> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| {
        let absent = db::attendance::absent_on(c, vendor, market, day)?;
        let record = db::attendance::record(c, vendor, market, day)?.map(|r| r.attends);
        let pattern = db::attendance::pattern(c, vendor, market)?;
        Ok(resolve(absent, record, pattern, day))
    })
}

/// The rule of [`intent`] over facts already read (the allocation reads a whole market's
/// at once): an absence period wins, then the record for the day (`attends`), then the
/// weekly pattern.
pub fn resolve(absent: bool, record: Option<bool>, pattern: Option<Weekdays>, day: NaiveDate) -> Intent {
    match (absent, record, pattern) {
        (true, _, _) => Intent::Absent,
        (false, Some(true), _) => Intent::Present,
        (false, Some(false), _) => Intent::Absent,
        (false, None, Some(p)) if p.contains_date(day) => Intent::Present,
        (false, None, Some(_)) => Intent::Absent,
        (false, None, None) => Intent::Unspecified,
    }
}

/// Whether a vendor with this intent takes part in the allocation: fixed holders unless
/// absent, applicants only when present (allocation.md, "Who takes part").
pub fn takes_part(intent: Intent, fixed: bool) -> bool {
    match intent {
        Intent::Present => true,
        Intent::Absent => false,
        Intent::Unspecified => fixed,
    }
}

/// What a vendor's weekly pattern and absence periods on one market say, for any day: the
/// part of [`resolve`]'s facts that a pattern or an absence change alters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// Absence periods, `from..=until`.
    pub absences: Vec<(NaiveDate, NaiveDate)>,
    pub pattern: Option<Weekdays>,
}

impl Standing {
    fn absent_on(&self, day: NaiveDate) -> bool {
        self.absences.iter().any(|(from, until)| *from <= day && day <= *until)
    }
}

/// The rule of the cut-off for patterns and absences, over facts already read: whether going
/// from `before` to `after` changes whether the vendor takes part on `day` (a day whose
/// sign-on has closed), given the day's sign-on or sign-off (`record`) and whether the
/// vendor is a fixed holder there (`None`: no active registration, so it takes part on no
/// day either way).
pub fn changes_taking_part(
    day: NaiveDate,
    record: Option<bool>,
    fixed: Option<bool>,
    before: &Standing,
    after: &Standing,
) -> bool {
    let Some(fixed) = fixed else { return false };
    let part = |s: &Standing| takes_part(resolve(s.absent_on(day), record, s.pattern, day), fixed);
    part(before) != part(after)
}

/// The cut-off, the same for every door: only a senior may, and only with a reason. `day`
/// is the market day the change reaches, named in the message so the clerk sees why.
fn require_late_change(actor: &Actor, day: NaiveDate, reason: Option<&str>) -> Result<()> {
    actor.require(Action::ChangeAttendanceAfterCutoff)?;
    let mut v = Validator::new();
    v.check(
        "reason",
        reason.is_some(),
        Problem::Required,
        format!("na 15:00 de dag ervoor is een reden verplicht: dit wijzigt {}", time::show_day(day)),
    );
    v.finish()
}

/// Reads what [`changes_taking_part`] needs and applies the cut-off to a change of a vendor's
/// pattern or absences from `before` to `after` at `now`.
fn check_cutoff(
    tx: &Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    market: &Market,
    vendor: &crate::vendor::Vendor,
    change: (&Standing, &Standing),
    reason: Option<&str>,
) -> Result<()> {
    let registration = db::registration::active_of(tx, vendor.id, market.id)?;
    // The allocation reads active vendors only: anyone else takes part on no day.
    let fixed = registration.filter(|_| vendor.status == VendorStatus::Active).map(|r| r.status.is_fixed());
    for day in time::closed_days(now).into_iter().filter(|d| market.is_held_on(*d)) {
        let record = db::attendance::record(tx, vendor.id, market.id, day)?.map(|r| r.attends);
        if changes_taking_part(day, record, fixed, change.0, change.1) {
            return require_late_change(actor, day, reason);
        }
    }
    Ok(())
}

fn standing(tx: &Tx<'_>, vendor: VendorId, market: MarketId) -> Result<Standing> {
    Ok(Standing {
        absences: db::attendance::absences(tx, vendor, market)?.into_iter().map(|a| (a.from, a.until)).collect(),
        pattern: db::attendance::pattern(tx, vendor, market)?,
    })
}

fn trimmed(reason: Option<&str>) -> Option<&str> {
    reason.map(str::trim).filter(|r| !r.is_empty())
}

/// The door of a change to a pattern or an absence: who may record attendance, and the
/// reason the clerk gave (trimmed, at most 200 characters; checked against the cut-off later).
fn change_reason<'r>(actor: &Actor, reason: Option<&'r str>) -> Result<Option<&'r str>> {
    actor.require(Action::RecordAttendance)?;
    let reason = trimmed(reason);
    let mut v = Validator::new();
    v.optional_text("reason", reason.unwrap_or_default(), 200);
    v.finish()?;
    Ok(reason)
}

/// An audit record with the reason the clerk gave for the change (required after the cut-off).
#[derive(Serialize)]
struct WithReason<'a, T: Serialize> {
    #[serde(flatten)]
    record: &'a T,
    change_reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Pattern {
    weekdays: Weekdays,
}

/// Sets a vendor's weekly pattern on a market. When it changes whether the vendor takes
/// part on a day whose sign-on has closed, only a senior may, with a `reason`.
pub fn set_pattern(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    vendor: VendorId,
    market: MarketId,
    weekdays: Weekdays,
    reason: Option<&str>,
) -> Result<()> {
    let reason = change_reason(actor, reason)?;
    store.write(|tx| {
        let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let who = db::vendor::get(tx, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        if weekdays.iter().any(|d| !m.weekdays.contains(d)) {
            return Err(Error::invalid("weekdays", Problem::Conflict, format!("{} is niet op al die dagen", m.name)));
        }
        let before = standing(tx, vendor, market)?;
        let after = Standing { pattern: Some(weekdays), ..before.clone() };
        check_cutoff(tx, actor, now, &m, &who, (&before, &after), reason)?;
        db::attendance::set_pattern(tx, vendor, market, weekdays)?;
        let key = format!("{vendor}/{market}");
        let was = before.pattern.map(|weekdays| Pattern { weekdays });
        let is = WithReason { record: &Pattern { weekdays }, change_reason: reason };
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "attendance.pattern",
            "attendance_pattern",
            key,
            was.as_ref(),
            Some(&is),
        )
    })
}

/// A sign-on (`attends`) or sign-off of a vendor for a market day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOn {
    pub vendor: VendorId,
    pub market: MarketId,
    pub day: NaiveDate,
    pub attends: bool,
    /// Required after the cut-off.
    pub reason: Option<String>,
}

/// Records a sign-on or sign-off; after the cut-off only a senior may, with a reason.
pub fn record(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &SignOn) -> Result<()> {
    let SignOn { vendor, market, day, attends, .. } = *input;
    let reason = input.reason.as_deref();
    actor.require(Action::RecordAttendance)?;
    let reason = trimmed(reason);
    if now >= time::attendance_cutoff(day) {
        require_late_change(actor, day, reason)?;
    }
    store.write(|tx| {
        let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        db::vendor::get(tx, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        if !m.is_held_on(day) {
            return Err(Error::invalid(
                "day",
                Problem::Conflict,
                format!("{} is er niet op {}", m.name, time::show_day(day)),
            ));
        }
        let before = db::attendance::record(tx, vendor, market, day)?;
        let rec = AttendanceRecord { vendor, market, day, attends, reason: reason.map(str::to_string) };
        db::attendance::upsert_record(tx, &rec, actor.id(), now)?;
        let key = format!("{vendor}/{market}/{day}");
        audit::record(tx, Some(actor.id()), now, "attendance.record", "attendance", key, before.as_ref(), Some(&rec))
    })
}

/// A period in which a vendor does not come (holiday, illness).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsenceInput {
    pub vendor: VendorId,
    pub market: MarketId,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub reason: String,
}

/// Records an absence period. When it covers a day whose sign-on has closed (and so takes
/// the vendor out of it), only a senior may, and the reason is then required.
pub fn add_absence(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &AbsenceInput) -> Result<AbsenceId> {
    let AbsenceInput { vendor, market, from, until, .. } = *input;
    let reason = input.reason.as_str();
    actor.require(Action::RecordAttendance)?;
    let mut v = Validator::new();
    v.check("until", until >= from, Problem::OutOfRange, "einddatum ligt voor de begindatum");
    v.optional_text("reason", reason, 200);
    v.finish()?;
    store.write(|tx| {
        let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let who = db::vendor::get(tx, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        let before = standing(tx, vendor, market)?;
        let mut after = before.clone();
        after.absences.push((from, until));
        check_cutoff(tx, actor, now, &m, &who, (&before, &after), trimmed(Some(reason)))?;
        let id = db::attendance::insert_absence(tx, vendor, market, from, until, reason.trim())?;
        let after = db::attendance::absence(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "absence.create", "absence_period", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// Ends an absence period early: the vendor is back after `until`. When that brings the
/// vendor back on a day whose sign-on has closed, only a senior may, with a `reason`.
pub fn end_absence(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AbsenceId,
    until: NaiveDate,
    reason: Option<&str>,
) -> Result<()> {
    let reason = change_reason(actor, reason)?;
    store.write(|tx| {
        let old = db::attendance::absence(tx, id)?.ok_or_else(|| Error::not_found("afwezigheid", id))?;
        let mut v = Validator::new();
        v.check(
            "until",
            until >= old.from,
            Problem::OutOfRange,
            format!("einddatum ligt voor de begindatum {}: verwijder de afwezigheid", time::show_date(old.from)),
        );
        v.check(
            "until",
            until < old.until,
            Problem::OutOfRange,
            format!("eerder beëindigen: kies een datum voor {}", time::show_date(old.until)),
        );
        v.finish()?;
        let m = db::market::get(tx, old.market)?.ok_or_else(|| Error::not_found("markt", old.market))?;
        let who = db::vendor::get(tx, old.vendor)?.ok_or_else(|| Error::not_found("ondernemer", old.vendor))?;
        let before = standing(tx, old.vendor, old.market)?;
        let after = replaced(&before, &old, Some(until));
        check_cutoff(tx, actor, now, &m, &who, (&before, &after), reason)?;
        db::attendance::set_absence_until(tx, id, until)?;
        let new = db::attendance::absence(tx, id)?;
        let is = new.as_ref().map(|record| WithReason { record, change_reason: reason });
        audit::record(tx, Some(actor.id()), now, "absence.end", "absence_period", id, Some(&old), is.as_ref())
    })
}

/// Removes an absence period (entered by mistake, or called off). When that brings the
/// vendor back on a day whose sign-on has closed, only a senior may, with a `reason`. The
/// audit row keeps the period.
pub fn remove_absence(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AbsenceId,
    reason: Option<&str>,
) -> Result<()> {
    let reason = change_reason(actor, reason)?;
    store.write(|tx| {
        let old = db::attendance::absence(tx, id)?.ok_or_else(|| Error::not_found("afwezigheid", id))?;
        let m = db::market::get(tx, old.market)?.ok_or_else(|| Error::not_found("markt", old.market))?;
        let who = db::vendor::get(tx, old.vendor)?.ok_or_else(|| Error::not_found("ondernemer", old.vendor))?;
        let before = standing(tx, old.vendor, old.market)?;
        let after = replaced(&before, &old, None);
        check_cutoff(tx, actor, now, &m, &who, (&before, &after), reason)?;
        db::attendance::delete_absence(tx, id)?;
        // The period is gone; the reason for removing it has no row but this one.
        let is = serde_json::json!({ "removed": true, "change_reason": reason });
        audit::record(tx, Some(actor.id()), now, "absence.remove", "absence_period", id, Some(&old), Some(&is))
    })
}

/// `before` with the period `old` ending on `until` instead, or gone (`None`).
fn replaced(before: &Standing, old: &Absence, until: Option<NaiveDate>) -> Standing {
    let mut absences = before.absences.clone();
    if let Some(i) = absences.iter().position(|p| *p == (old.from, old.until)) {
        match until {
            Some(until) => absences[i].1 = until,
            None => {
                absences.remove(i);
            }
        }
    }
    Standing { absences, ..before.clone() }
}

pub fn absences(store: &mut Store, actor: &Actor, vendor: VendorId, market: MarketId) -> Result<Vec<Absence>> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| db::attendance::absences(c, vendor, market))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absence_wins_then_the_record_then_the_pattern() {
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let weekend = Weekdays::parse_list("za,zo").ok();
        let weekdays = Weekdays::parse_list("ma,di").ok();
        assert_eq!(resolve(true, Some(true), weekend, saturday), Intent::Absent);
        assert_eq!(resolve(false, Some(true), weekdays, saturday), Intent::Present);
        assert_eq!(resolve(false, Some(false), weekend, saturday), Intent::Absent);
        assert_eq!(resolve(false, None, weekend, saturday), Intent::Present);
        assert_eq!(resolve(false, None, weekdays, saturday), Intent::Absent);
        assert_eq!(resolve(false, None, None, saturday), Intent::Unspecified);
    }

    #[test]
    fn only_a_change_of_who_takes_part_on_the_closed_day_is_a_late_change() {
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let none = Standing { absences: vec![], pattern: None };
        let weekend = Standing { pattern: Weekdays::parse_list("za,zo").ok(), ..none.clone() };
        let away = Standing { absences: vec![(saturday, saturday)], ..none.clone() };
        // An applicant: a pattern with the day signs it on; a fixed holder comes anyway.
        assert!(changes_taking_part(saturday, None, Some(false), &none, &weekend));
        assert!(!changes_taking_part(saturday, None, Some(true), &none, &weekend));
        // An absence takes a fixed holder out; an applicant who did not sign on stays out.
        assert!(changes_taking_part(saturday, None, Some(true), &none, &away));
        assert!(!changes_taking_part(saturday, None, Some(false), &none, &away));
        // The day's own sign-on wins over a pattern, not over an absence.
        assert!(!changes_taking_part(saturday, Some(true), Some(false), &none, &weekend));
        assert!(changes_taking_part(saturday, Some(true), Some(false), &none, &away));
        // No active registration: no part to change.
        assert!(!changes_taking_part(saturday, None, None, &none, &away));
    }
}

/// Where a vendor's intent for a day comes from.
#[cfg_attr(feature = "contract", derive(ts_rs::TS, schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Absence,
    Record,
    Pattern,
    /// Nothing recorded: the status decides.
    Default,
}

/// One registered vendor on the attendance screen of a market day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayRow {
    pub vendor: VendorId,
    pub name: String,
    pub registration_number: crate::vendor::RegistrationNumber,
    pub status: crate::code::RegistrationStatus,
    pub list_number: i64,
    pub intent: Intent,
    /// Whether the vendor takes part in the allocation: fixed holders unless absent,
    /// applicants only when present.
    pub comes: bool,
    pub source: Source,
    pub reason: Option<String>,
    pub pattern: Option<Weekdays>,
}

/// The attendance of every registered vendor of a market day, with the cut-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub day: NaiveDate,
    /// Sign-on closes at this instant (15:00 Amsterdam, the day before).
    pub cutoff: DateTime<Utc>,
    pub rows: Vec<DayRow>,
}

pub fn day(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Day> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| {
        db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let records = db::attendance::records_on(c, market, day)?;
        let absences = db::attendance::absences_on(c, market, day)?;
        let patterns = db::attendance::patterns_of_market(c, market)?;
        let mut rows = Vec::new();
        for r in db::registration::active_of_market(c, market)? {
            let Some(v) = db::vendor::get(c, r.vendor)? else { continue };
            let absent = absences.iter().any(|a| a.vendor == r.vendor);
            let record = records.iter().find(|x| x.vendor == r.vendor);
            let pattern = patterns.iter().find(|(p, _)| *p == r.vendor).map(|(_, w)| *w);
            let intent = resolve(absent, record.map(|x| x.attends), pattern, day);
            let source = if absent {
                Source::Absence
            } else if record.is_some() {
                Source::Record
            } else if pattern.is_some() {
                Source::Pattern
            } else {
                Source::Default
            };
            let comes = takes_part(intent, r.status.is_fixed());
            rows.push(DayRow {
                vendor: r.vendor,
                name: v.name(),
                registration_number: v.registration_number,
                status: r.status,
                list_number: r.list_number,
                intent,
                comes,
                source,
                reason: record.and_then(|x| x.reason.clone()),
                pattern,
            });
        }
        Ok(Day { day, cutoff: time::attendance_cutoff(day), rows })
    })
}

//! Attendance for the allocation: weekly patterns, sign-on/sign-off per day, absence periods.
//! Fixed holders attend unless they sign off; applicants only when they sign on. Sign-on
//! closes at 15:00 the day before; after that only a senior changes it, with a reason.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::Weekdays;
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{AbsenceId, MarketId, VendorId};
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
pub fn intent(store: &mut Store, vendor: VendorId, market: MarketId, day: NaiveDate) -> Result<Intent> {
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

pub fn set_pattern(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    vendor: VendorId,
    market: MarketId,
    weekdays: Weekdays,
) -> Result<()> {
    actor.require(Action::RecordAttendance)?;
    store.write(|tx| {
        let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        db::vendor::get(tx, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        if weekdays.iter().any(|d| !m.weekdays.contains(d)) {
            return Err(Error::invalid("weekdays", Problem::Conflict, format!("{} is niet op al die dagen", m.name)));
        }
        let before = db::attendance::pattern(tx, vendor, market)?;
        db::attendance::set_pattern(tx, vendor, market, weekdays)?;
        let key = format!("{vendor}/{market}");
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "attendance.pattern",
            "attendance_pattern",
            key,
            before.as_ref(),
            Some(&weekdays),
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
    let late = now >= time::attendance_cutoff(day);
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if late {
        actor.require(Action::ChangeAttendanceAfterCutoff)?;
        let mut v = Validator::new();
        v.check("reason", reason.is_some(), Problem::Required, "na 15:00 de dag ervoor is een reden verplicht");
        v.finish()?;
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

pub fn add_absence(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &AbsenceInput) -> Result<AbsenceId> {
    let AbsenceInput { vendor, market, from, until, .. } = *input;
    let reason = input.reason.as_str();
    actor.require(Action::RecordAttendance)?;
    let mut v = Validator::new();
    v.check("until", until >= from, Problem::OutOfRange, "einddatum ligt voor de begindatum");
    v.optional_text("reason", reason, 200);
    v.finish()?;
    store.write(|tx| {
        db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        db::vendor::get(tx, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        let id = db::attendance::insert_absence(tx, vendor, market, from, until, reason.trim())?;
        let after = db::attendance::absences(tx, vendor, market)?.into_iter().find(|a| a.id == id);
        audit::record(tx, Some(actor.id()), now, "absence.create", "absence_period", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn absences(store: &mut Store, vendor: VendorId, market: MarketId) -> Result<Vec<Absence>> {
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

pub fn day(store: &mut Store, market: MarketId, day: NaiveDate) -> Result<Day> {
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
            let comes = match intent {
                Intent::Present => true,
                Intent::Absent => false,
                Intent::Unspecified => r.status.is_fixed(),
            };
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

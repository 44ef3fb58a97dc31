//! Time as the market office lives it: instants in UTC, shown in Europe/Amsterdam; market
//! days are plain dates. Rules get `now` as a parameter and never read the clock.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

use crate::code::Weekday;

/// The local date and time in Amsterdam of an instant.
pub fn local(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    t.with_timezone(&Amsterdam).naive_local()
}

/// `za 28-11-2026 14:05`: how clerks read an instant.
pub fn show_instant(t: DateTime<Utc>) -> String {
    let l = local(t);
    format!("{} {}", show_day(l.date()), l.format("%H:%M"))
}

/// `28-11-2026`.
pub fn show_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// `za 28-11-2026`.
pub fn show_day(d: NaiveDate) -> String {
    format!("{} {}", Weekday::of(d).code(), show_date(d))
}

/// `zaterdag 28 november 2026`: headers of printed lists.
pub fn long_day(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{} {} {} {}", Weekday::of(d).label_nl(), d.day(), MONTHS[d.month0() as usize], d.year())
}

/// The instant of a local Amsterdam wall-clock time. In the autumn hour that occurs twice
/// the earlier is taken; a time skipped in spring moves to the next valid one.
pub fn at_local(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = day.and_time(time);
    match Amsterdam.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = naive + chrono::Duration::hours(1);
            Amsterdam
                .from_local_datetime(&later)
                .earliest()
                .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
        }
    }
}

/// Sign-on and sign-off for a market day close at 15:00 (Amsterdam) the day before.
pub fn attendance_cutoff(market_day: NaiveDate) -> DateTime<Utc> {
    let before = market_day.pred_opt().unwrap_or(market_day);
    at_local(before, NaiveTime::from_hms_opt(15, 0, 0).unwrap_or(NaiveTime::MIN))
}

/// The market days whose sign-on has closed at `now` and that are not over yet: today,
/// and from 15:00 also tomorrow (Amsterdam). Earlier days are past; later ones still open.
pub fn closed_days(now: DateTime<Utc>) -> Vec<NaiveDate> {
    let today = today(now);
    match today.succ_opt() {
        Some(tomorrow) if now >= attendance_cutoff(tomorrow) => vec![today, tomorrow],
        _ => vec![today],
    }
}

/// Today in Amsterdam.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    local(now).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn cutoff_is_three_pm_amsterdam_the_day_before() {
        // Winter: UTC+1.
        assert_eq!(attendance_cutoff(d("2026-11-28")).to_rfc3339(), "2026-11-27T14:00:00+00:00");
        // Summer: UTC+2.
        assert_eq!(attendance_cutoff(d("2026-07-01")).to_rfc3339(), "2026-06-30T13:00:00+00:00");
    }

    #[test]
    fn tomorrow_closes_at_three_pm_and_today_is_closed_all_day() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Winter: 14:59 and 15:00 Amsterdam are 13:59 and 14:00 UTC.
        assert_eq!(closed_days(at("2026-03-03T13:59:00Z")), [d("2026-03-03")]);
        assert_eq!(closed_days(at("2026-03-03T14:00:00Z")), [d("2026-03-03"), d("2026-03-04")]);
        // 00:30 Amsterdam is still 23:30 UTC the day before: the day is Amsterdam's.
        assert_eq!(closed_days(at("2026-03-03T23:30:00Z")), [d("2026-03-04")]);
    }

    #[test]
    fn shown_in_dutch_and_local_time() {
        let t = DateTime::parse_from_rfc3339("2026-11-28T13:05:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(show_instant(t), "za 28-11-2026 14:05");
        assert_eq!(long_day(d("2026-11-28")), "zaterdag 28 november 2026");
        // Just after midnight local is still the previous day in UTC.
        let t = DateTime::parse_from_rfc3339("2026-11-27T23:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(today(t), d("2026-11-28"));
    }
}

//! Week lists: the fixed holders and the applicants of a market with the days they stood
//! (had a permit) that week; and the weekend's A-list (applicants who stood on at least one
//! market day from Monday to Thursday, art. 3.10 lid 2a) and B-list (the other applicants).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::pdf::{Cell, Column, Doc, Header, Row, Style, Table};
use super::{Document, file_name, market, market_title, week_of, week_title};
use crate::account::Actor;
use crate::allocation::day as allocation;
use crate::code::{RegistrationStatus, VendorStatus, Weekday};
use crate::db::report::Registered;
use crate::db::{self, Store};
use crate::error::{Error, Result};
use crate::ids::{MarketId, StallId, VendorId};
use crate::market::Market;
use crate::time;

const TICK: &str = "✓";

/// `ma 23`.
fn day_column(d: NaiveDate) -> String {
    format!("{} {}", Weekday::of(d).code(), d.day())
}

struct Week {
    market: Market,
    registered: Vec<Registered>,
    stood: BTreeSet<(VendorId, NaiveDate)>,
    numbers: BTreeMap<StallId, String>,
}

fn read_week(store: &mut Store, market_id: MarketId, day: NaiveDate) -> Result<Week> {
    let m = market(store, market_id)?;
    let days = week_of(day);
    store.read(|c| {
        let registered: Vec<Registered> = db::report::registered(c, market_id)?
            .into_iter()
            .filter(|r| r.vendor.status != VendorStatus::Removed)
            .collect();
        let stood = db::report::permit_days(c, market_id, days[0], days[6])?.into_iter().collect();
        let numbers = db::market::stalls_of_market(c, market_id)?
            .into_iter()
            .map(|s| (s.id, s.number.as_str().to_string()))
            .collect();
        Ok(Week { market: m, registered, stood, numbers })
    })
}

/// One table of vendors with a column per market day.
/// With `fixed`, the status and the fixed stalls too (on the A/B lists every vendor is an
/// applicant without stalls).
fn vendor_table(week: &Week, days: &[NaiveDate], vendors: &[&Registered], fixed: bool) -> Table {
    let mut columns = vec![Column::right("Nr", 30.0), Column::new("Ondernemer", 140.0)];
    if fixed {
        columns.push(Column::new("Status", 40.0));
        columns.push(Column::new("Vaste plaatsen", 80.0));
    }
    for d in days {
        columns.push(Column::centre(&day_column(*d), 34.0));
    }
    columns.push(Column::right("Dagen", 36.0));
    let mut table = Table::new(columns);
    for r in vendors {
        let mut cells = vec![
            Cell::new(r.list_number.to_string()),
            Cell::new(r.vendor.sort_name()).note(r.vendor.registration_number.to_string()),
        ];
        if fixed {
            cells.push(Cell::new(r.status.code()));
            let stalls: Vec<&str> = r.stalls.iter().filter_map(|s| week.numbers.get(s)).map(String::as_str).collect();
            cells.push(Cell::new(stalls.join(", ")));
        }
        let mut n = 0;
        for d in days {
            let stood = week.stood.contains(&(r.vendor.id, *d));
            n += usize::from(stood);
            cells.push(Cell::new(if stood { TICK } else { "" }));
        }
        cells.push(Cell::new(n.to_string()));
        let mut row = Row::new(format!("vendor:{}", r.vendor.registration_number), cells);
        if r.vendor.status != VendorStatus::Active {
            row.cells[1] =
                row.cells[1].clone().note(format!("{} · {}", r.vendor.registration_number, r.vendor.status.label_nl()));
        }
        table.push(row);
    }
    table
}

pub(super) fn week_list(
    store: &mut Store,
    printed: &str,
    market_id: MarketId,
    day: NaiveDate,
) -> Result<(Doc, String)> {
    let week = read_week(store, market_id, day)?;
    let days: Vec<NaiveDate> = week_of(day).into_iter().filter(|d| week.market.is_held_on(*d)).collect();
    let fixed: Vec<&Registered> = week.registered.iter().filter(|r| r.status.is_fixed()).collect();
    let applicants: Vec<&Registered> =
        week.registered.iter().filter(|r| r.status == RegistrationStatus::Soll).collect();
    let mut doc = Doc::new(Header {
        title: Document::WeekList.label_nl().into(),
        subject: market_title(&week.market),
        day: week_title(day),
        printed: printed.to_string(),
        note: Some(format!(
            "{} vaste plaatshouders, {} sollicitanten; {TICK} = dagvergunning op die marktdag",
            fixed.len(),
            applicants.len()
        )),
        warning: None,
    });
    if days.is_empty() {
        doc.paragraph(Style::LETTER, &format!("{} is er deze week niet.", week.market.name));
    }
    doc.heading(&format!("Vaste plaatshouders ({})", fixed.len()), 40.0);
    doc.table(&vendor_table(&week, &days, &fixed, true));
    doc.heading(&format!("Sollicitanten ({})", applicants.len()), 40.0);
    doc.table(&vendor_table(&week, &days, &applicants, false));
    Ok((doc, file_name(Document::WeekList, &week.market.code, Some(week_of(day)[0]))))
}

/// `vrijdag 27 en zaterdag 28 november 2026`.
fn weekend_title(days: &[NaiveDate]) -> String {
    match days {
        [a, b] if a.month() == b.month() => {
            format!("{} {} en {}", Weekday::of(*a).label_nl(), a.day(), time::long_day(*b))
        }
        _ => days.iter().map(|d| time::long_day(*d)).collect::<Vec<_>>().join(" en "),
    }
}

pub(super) fn ab_list(
    store: &mut Store,
    actor: &Actor,
    printed: &str,
    market_id: MarketId,
    day: NaiveDate,
) -> Result<(Doc, String)> {
    let week = read_week(store, market_id, day)?;
    let m = &week.market;
    if !m.ab_lists {
        return Err(Error::Conflict(format!("{} werkt niet met A/B-lijsten", m.name)));
    }
    let all = week_of(day);
    let weekend: Vec<NaiveDate> = all[4..6].iter().copied().filter(|d| m.is_held_on(*d)).collect();
    let Some(first) = weekend.first().copied() else {
        return Err(Error::Conflict(format!("{} is er in het weekend van {} niet", m.name, week_title(day))));
    };
    let a_list = allocation::a_list(store, actor, market_id, first)?.unwrap_or_default();
    let weekdays: Vec<NaiveDate> = all[..4].iter().copied().filter(|d| m.is_held_on(*d)).collect();
    let applicants: Vec<&Registered> = week
        .registered
        .iter()
        .filter(|r| r.status == RegistrationStatus::Soll && r.vendor.status == VendorStatus::Active)
        .collect();
    let (a, b): (Vec<&Registered>, Vec<&Registered>) =
        applicants.into_iter().partition(|r| a_list.contains(&r.vendor.id));
    let mut doc = Doc::new(Header {
        title: Document::AbList.label_nl().into(),
        subject: market_title(m),
        day: weekend_title(&weekend),
        printed: printed.to_string(),
        note: Some(format!(
            "A-lijst: sollicitanten met een dagvergunning op ten minste één marktdag van maandag t/m donderdag van {}",
            week_title(day).split(':').next().unwrap_or_default()
        )),
        warning: None,
    });
    if weekdays.is_empty() {
        doc.paragraph(
            Style::LETTER,
            "De markt was er van maandag t/m donderdag niet: de A-lijst is leeg en alle sollicitanten staan op de B-lijst.",
        );
    }
    doc.heading(&format!("A-lijst ({})", a.len()), 40.0);
    doc.table(&vendor_table(&week, &weekdays, &a, false));
    doc.heading(&format!("B-lijst ({})", b.len()), 40.0);
    doc.table(&vendor_table(&week, &weekdays, &b, false));
    Ok((doc, file_name(Document::AbList, &m.code, Some(first))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_read_naturally() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(weekend_title(&[d("2026-11-27"), d("2026-11-28")]), "vrijdag 27 en zaterdag 28 november 2026");
        assert_eq!(weekend_title(&[d("2026-11-28")]), "zaterdag 28 november 2026");
        assert_eq!(
            weekend_title(&[d("2026-07-31"), d("2026-08-01")]),
            "vrijdag 31 juli 2026 en zaterdag 1 augustus 2026"
        );
    }
}

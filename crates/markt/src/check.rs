//! `markt check`: is this file healthy, and do the books of every day balance?

use chrono::NaiveDate;

use crate::db::{self, Store};
use crate::error::Result;
use crate::money::Cents;

/// One market day's money: invoice lines of valid permits against their payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayBalance {
    pub market: String,
    pub day: NaiveDate,
    pub permits: i64,
    pub due: Cents,
    pub paid: Cents,
}

/// One market day's fine payments (the tickets of that market, paid that Amsterdam date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FineDay {
    pub market: String,
    pub day: NaiveDate,
    pub fines: crate::day_close::Fines,
    /// Net: reversals made that day included.
    pub paid: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub schema_version: usize,
    pub program_version: usize,
    /// Lines of `PRAGMA integrity_check` other than "ok".
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub days: Vec<DayBalance>,
    pub permit_problems: Vec<String>,
    pub fine_days: Vec<FineDay>,
    /// Tickets whose payments do not fit them (see `db::check::fine_problems`).
    pub fine_problems: Vec<String>,
    /// Days whose day view does not add up: money by method against the lines and the
    /// payments of the books.
    pub day_view_problems: Vec<String>,
}

impl Report {
    pub fn unbalanced_days(&self) -> impl Iterator<Item = &DayBalance> {
        self.days.iter().filter(|d| d.due != d.paid)
    }

    /// All is well: exit code 0.
    pub fn ok(&self) -> bool {
        self.schema_version == self.program_version
            && self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.unbalanced_days().next().is_none()
            && self.permit_problems.is_empty()
            && self.fine_problems.is_empty()
            && self.day_view_problems.is_empty()
    }
}

pub fn run(store: &mut Store) -> Result<Report> {
    let mut report = store.read(|c| {
        Ok(Report {
            schema_version: db::check::user_version(c)?,
            program_version: db::schema_version(),
            integrity: db::check::integrity(c)?,
            foreign_keys: db::check::foreign_keys(c)?,
            days: db::check::day_balances(c)?,
            permit_problems: db::check::permit_problems(c)?,
            fine_days: db::check::fine_days(c)?,
            fine_problems: db::check::fine_problems(c)?,
            day_view_problems: Vec::new(),
        })
    })?;
    // The day view computes its totals its own way (per permit, per method); on every day
    // they must equal the books: the lines of valid permits and the payments.
    let markets = store.read(db::market::list)?;
    for balance in &report.days {
        let Some(m) = markets.iter().find(|m| m.code == balance.market) else { continue };
        let view = crate::day_view::compute(store, m.id, balance.day)?;
        let by_method: Cents = view.money.iter().map(|(_, c)| *c).sum();
        let per_permit: Cents = view.permits.iter().map(|p| p.paid).sum();
        if view.due() != balance.due || view.total() != balance.paid || by_method != per_permit {
            report.day_view_problems.push(format!(
                "{} {}: dagoverzicht te betalen {}, ontvangen {} (per vergunning {}); boeken {} en {}",
                balance.market,
                crate::time::show_date(balance.day),
                view.due(),
                view.total(),
                per_permit,
                balance.due,
                balance.paid
            ));
        }
    }
    // Likewise the fines beside them, per method, against the payments of the books.
    for fines in &report.fine_days {
        let Some(m) = markets.iter().find(|m| m.code == fines.market) else { continue };
        let view = crate::day_view::compute(store, m.id, fines.day)?;
        if view.fines != fines.fines {
            report.day_view_problems.push(format!(
                "{} {}: dagoverzicht boetes {} ({} betalingen); boeken {} ({} betalingen)",
                fines.market,
                crate::time::show_date(fines.day),
                view.fines.total(),
                view.fines.payments,
                fines.paid,
                fines.fines.payments
            ));
        }
    }
    Ok(report)
}

/// The checks at start-up: SQLite's quick check and the foreign keys. Problems mean the
/// file is damaged: the app shows what happened and offers a backup instead of opening it.
pub fn startup(store: &mut Store) -> Result<Vec<String>> {
    store.read(|c| {
        let mut problems = db::check::quick(c)?;
        problems.extend(db::check::foreign_keys(c)?);
        Ok(problems)
    })
}

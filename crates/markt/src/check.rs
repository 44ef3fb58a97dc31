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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub schema_version: usize,
    pub program_version: usize,
    /// Lines of `PRAGMA integrity_check` other than "ok".
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub days: Vec<DayBalance>,
    pub permit_problems: Vec<String>,
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
    }
}

pub fn run(store: &mut Store) -> Result<Report> {
    store.read(|c| {
        Ok(Report {
            schema_version: db::check::user_version(c)?,
            program_version: db::schema_version(),
            integrity: db::check::integrity(c)?,
            foreign_keys: db::check::foreign_keys(c)?,
            days: db::check::day_balances(c)?,
            permit_problems: db::check::permit_problems(c)?,
        })
    })
}

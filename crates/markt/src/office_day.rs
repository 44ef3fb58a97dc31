//! The office's day at a glance (Vandaag): the markets held today with their permits and
//! money so far, whether today's and tomorrow's allocations are published, the sign-on
//! cut-off, the clerks whose day is not closed yet, open notes, overdue tickets and the
//! last backup; for whoever books the money (finance) also yesterday's markets and whether
//! a finance batch is due. Each part is there only for a role that may act on it, so the home screen
//! of a supervisor, a senior, finance and an administrator differ by what the core sends.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use crate::account::{Action, Actor};
use crate::allocation;
use crate::backup::{self, BackupFile};
use crate::code::{AllocationState, PaymentMethod};
use crate::day_view;
use crate::db::Store;
use crate::error::Result;
use crate::export::finance::{self as finance_export, BatchDue};
use crate::market::{self, Market};
use crate::money::Cents;
use crate::ticket;
use crate::time;

/// One market held today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketToday {
    pub market: Market,
    /// Valid permits issued so far.
    pub permits: usize,
    /// Money taken so far by method (for roles that handle or read money).
    pub money: Option<Vec<(PaymentMethod, Cents)>>,
    /// The state of the latest allocation of today; `None` when none was made.
    pub allocation: Option<AllocationState>,
    /// Clerks who issued permits today and have not closed their day.
    pub open_closes: Vec<String>,
    /// Notes of the day not ticked off.
    pub open_notes: usize,
}

/// A market held tomorrow, for the allocation and the sign-on cut-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketTomorrow {
    pub market: Market,
    pub allocation: Option<AllocationState>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeDay {
    pub day: NaiveDate,
    pub tomorrow: NaiveDate,
    pub yesterday: NaiveDate,
    /// When sign-ons and sign-offs for tomorrow close (15:00 today, Amsterdam).
    pub cutoff: DateTime<Utc>,
    pub cutoff_passed: bool,
    pub today: Vec<MarketToday>,
    /// The markets held yesterday with their permits, money by method and days not closed,
    /// for roles that book the money (`ExportFinance`): what the next batch will carry.
    pub yesterday_markets: Option<Vec<MarketToday>>,
    /// The newest finance batch and the first finished day waiting for one, for the same.
    pub finance: Option<BatchDue>,
    /// For roles that run or read the allocation.
    pub tomorrow_markets: Option<Vec<MarketTomorrow>>,
    /// Tickets overdue today, for roles that follow tickets up.
    pub overdue_tickets: Option<usize>,
    /// The newest backup in the office's backup folder, for roles that make backups;
    /// `Some(None)` when there is none.
    pub last_backup: Option<Option<BackupFile>>,
}

/// The office's day at `now` as `actor` may see it.
pub fn get(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<OfficeDay> {
    // Every role has a Vandaag; the markets' list is what all of them may read.
    actor.require(Action::ReadMasterData)?;
    let day = time::today(now);
    let tomorrow = day.succ_opt().unwrap_or(day);
    let cutoff = time::attendance_cutoff(tomorrow);
    let markets = market::list(store, actor)?;
    // Who sees what: money for whoever takes or books it; allocations for whoever works on
    // the market day; tickets for whoever follows them up; backups for whoever makes them.
    let sees_money = actor.may(Action::IssuePermit) || actor.may(Action::ExportFinance);
    let sees_day = actor.may(Action::IssuePermit);
    let sees_allocation = actor.may(Action::RecordAttendance);
    let sees_tickets = actor.may(Action::ChangeTicketStatus);

    let mut today = Vec::new();
    for m in markets.iter().filter(|m| m.is_held_on(day)) {
        let allocation = if sees_allocation { latest_state(store, actor, m, day)? } else { None };
        today.push(market_day(store, m, day, allocation, sees_money, sees_day)?);
    }
    let books = actor.may(Action::ExportFinance);
    let yesterday = day.pred_opt().unwrap_or(day);
    let (yesterday_markets, finance) = if books {
        let mut list = Vec::new();
        for m in markets.iter().filter(|m| m.is_held_on(yesterday)) {
            list.push(market_day(store, m, yesterday, None, true, false)?);
        }
        (Some(list), Some(finance_export::due(store, actor, yesterday)?))
    } else {
        (None, None)
    };
    let tomorrow_markets = if sees_allocation {
        let mut list = Vec::new();
        for m in markets.iter().filter(|m| m.is_held_on(tomorrow)) {
            list.push(MarketTomorrow { market: m.clone(), allocation: latest_state(store, actor, m, tomorrow)? });
        }
        Some(list)
    } else {
        None
    };
    let overdue_tickets = if sees_tickets {
        let filter =
            ticket::Filter { status: None, overdue_on: Some(day), market: None, from: None, until: None, vendor: None };
        Some(ticket::list(store, actor, &filter)?.len())
    } else {
        None
    };
    let last_backup = if actor.may(Action::MakeBackup) {
        Some(match backup::dir_of(store) {
            Some(dir) if dir.is_dir() => backup::list(&dir)?.into_iter().max_by_key(|b| b.modified),
            _ => None,
        })
    } else {
        None
    };
    Ok(OfficeDay {
        day,
        tomorrow,
        yesterday,
        cutoff,
        cutoff_passed: now >= cutoff,
        today,
        yesterday_markets,
        finance,
        tomorrow_markets,
        overdue_tickets,
        last_backup,
    })
}

/// One market's day: valid permits, and as the role may see them the money by method, the
/// clerks who issued and have not closed, and the open notes.
fn market_day(
    store: &mut Store,
    m: &Market,
    day: NaiveDate,
    allocation: Option<AllocationState>,
    sees_money: bool,
    sees_day: bool,
) -> Result<MarketToday> {
    // Unchecked: each role reads only the parts below that it may (finance the money,
    // not the permits' vendors), so the whole day view never leaves this function.
    let view = day_view::compute(store, m.id, day)?;
    let closed: BTreeSet<&str> = view.closes.iter().map(|c| c.account_name.as_str()).collect();
    let clerks: BTreeSet<&str> = view.valid().map(|p| p.issued_by.as_str()).collect();
    Ok(MarketToday {
        market: m.clone(),
        permits: view.valid().count(),
        money: sees_money.then(|| view.money.clone()),
        allocation,
        open_closes: if sees_money {
            clerks.difference(&closed).map(|s| (*s).to_owned()).collect()
        } else {
            Vec::new()
        },
        open_notes: if sees_day { view.notes.iter().filter(|n| n.done.is_none()).count() } else { 0 },
    })
}

/// The state of the newest allocation version of the market day, if any.
fn latest_state(store: &mut Store, actor: &Actor, m: &Market, day: NaiveDate) -> Result<Option<AllocationState>> {
    let versions = allocation::day::versions(store, actor, m.id, day)?;
    // Published wins: a draft made after publishing is a change in progress, the day's
    // allocation stands.
    Ok(if versions.iter().any(|v| v.state == AllocationState::Published) {
        Some(AllocationState::Published)
    } else {
        versions.last().map(|v| v.state)
    })
}

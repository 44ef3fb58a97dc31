//! SQL of the violation catalogue, tickets and their status history.

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;

use crate::code::TicketStatus;
use crate::error::Result;
use crate::ids::{AccountId, TicketId, VendorId, ViolationId};
use crate::money::Cents;
use crate::ticket::{Decision, Term, Ticket, TicketInput, Violation, ViolationInput};

fn violation_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Violation> {
    Ok(Violation {
        id: r.get(0)?,
        code: r.get(1)?,
        description: r.get(2)?,
        article: r.get(3)?,
        amount: Cents(r.get(4)?),
        warning_first: r.get(5)?,
        valid_from: super::get_day(r, 6)?,
        valid_until: super::get_opt_day(r, 7)?,
    })
}

/// A version's last valid day is the earliest of the end it was created with and the ends
/// an administrator gave it later (schema 9's `violation_end`; the row is never edited).
const VIOLATION_COLUMNS: &str = "v.id, v.code, v.description, v.article, v.amount_cents, v.warning_first, v.valid_from,
     (SELECT CASE WHEN e.until IS NULL OR v.valid_until < e.until THEN v.valid_until ELSE e.until END
      FROM (SELECT min(valid_until) AS until FROM violation_end WHERE violation_id = v.id) e)
     FROM violation v";

pub fn violations(c: &Connection) -> Result<Vec<Violation>> {
    let mut st = c.prepare_cached(&format!("SELECT {VIOLATION_COLUMNS} ORDER BY v.code, v.valid_from"))?;
    Ok(st.query_map([], violation_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn violation(c: &Connection, id: ViolationId) -> Result<Option<Violation>> {
    Ok(c.query_row(&format!("SELECT {VIOLATION_COLUMNS} WHERE v.id = ?1"), [id], violation_from_row).optional()?)
}

/// Ends a version of a violation: `last_day` is the last day it may be chosen.
pub fn insert_violation_end(
    c: &Tx<'_>,
    id: ViolationId,
    last_day: NaiveDate,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<()> {
    c.execute(
        "INSERT INTO violation_end (violation_id, valid_until, account_id, at) VALUES (?1, ?2, ?3, ?4)",
        params![id, super::day(last_day), by, super::instant(now)],
    )?;
    Ok(())
}

pub fn insert_violation(c: &Tx<'_>, v: &ViolationInput) -> Result<ViolationId> {
    c.execute(
        "INSERT INTO violation (code, description, article, amount_cents, warning_first, valid_from, valid_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            v.code.trim(),
            v.description.trim(),
            v.article.trim(),
            v.amount.0,
            v.warning_first,
            super::day(v.valid_from),
            v.valid_until.map(super::day)
        ],
    )?;
    Ok(ViolationId(c.last_insert_rowid()?))
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    c: &Tx<'_>,
    t: &TicketInput,
    person: Option<&str>,
    number: &str,
    year: i32,
    sequence: i64,
    d: &Decision,
    due: NaiveDate,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<TicketId> {
    c.prepare_cached(
        "INSERT INTO ticket (number, year, sequence, market_id, day, time, stall, vendor_id, unknown_person, permit_id,
                             control_id, violation_id, decision, amount_cents, due_date, note, issued_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(params![
        number,
        year,
        sequence,
        t.market,
        super::day(t.day),
        t.time.format("%H:%M").to_string(),
        t.stall.trim(),
        t.vendor,
        person,
        t.permit,
        t.control,
        d.violation.id,
        d.decision,
        d.amount.0,
        super::day(due),
        t.note.trim(),
        by,
        super::instant(now)
    ])?;
    Ok(TicketId(c.last_insert_rowid()?))
}

/// Answers the event's id, which a term set by it refers to.
pub(crate) fn insert_event(
    c: &Tx<'_>,
    ticket: TicketId,
    status: TicketStatus,
    reason: Option<&str>,
    by: AccountId,
    now: DateTime<Utc>,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO ticket_event (ticket_id, status, reason, account_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![ticket, status, reason, by, super::instant(now)])?;
    Ok(c.last_insert_rowid()?)
}

/// The dates set by status event `event` (its issue or an upheld objection).
pub(crate) fn insert_term(c: &Tx<'_>, event: i64, ticket: TicketId, term: &Term) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO ticket_term (event_id, ticket_id, from_day, due_date, objection_until) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        event,
        ticket,
        super::day(term.from),
        super::day(term.due),
        term.objection_until.map(super::day)
    ])?;
    Ok(())
}

/// A ticket's columns; its dates are those of its terms: the (the one with a last day
/// to object) and the latest due date.
const COLUMNS: &str = "t.id, t.number, t.market_id, t.day, t.time, t.stall, t.vendor_id, t.unknown_person, t.permit_id,
     t.control_id, t.violation_id, t.decision, t.amount_cents,
     (SELECT tt.due_date FROM ticket_term tt WHERE tt.ticket_id = t.id ORDER BY tt.event_id DESC LIMIT 1), t.note,
     (SELECT e.status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1),
     (SELECT tt.from_day FROM ticket_term tt WHERE tt.ticket_id = t.id AND tt.objection_until IS NOT NULL
      ORDER BY tt.event_id LIMIT 1),
     (SELECT tt.objection_until FROM ticket_term tt WHERE tt.ticket_id = t.id AND tt.objection_until IS NOT NULL
      ORDER BY tt.event_id LIMIT 1)";

/// How many columns `COLUMNS` has: a query's own columns follow.
const N: usize = 18;

fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Ticket> {
    Ok(Ticket {
        id: r.get(0)?,
        number: r.get(1)?,
        market: r.get(2)?,
        day: super::get_day(r, 3)?,
        time: r.get(4)?,
        stall: r.get(5)?,
        vendor: r.get(6)?,
        unknown_person: r.get(7)?,
        permit: r.get(8)?,
        control: r.get(9)?,
        violation: r.get(10)?,
        decision: r.get(11)?,
        amount: Cents(r.get(12)?),
        issued_on: super::get_opt_day(r, 16)?,
        due_date: super::get_opt_day(r, 13)?,
        objection_until: super::get_opt_day(r, 17)?,
        note: r.get(14)?,
        status: r.get(15)?,
    })
}

pub fn get(c: &Connection, id: TicketId) -> Result<Option<Ticket>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM ticket t WHERE t.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub fn by_number(c: &Connection, number: &str) -> Result<Option<Ticket>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM ticket t WHERE t.number = ?1"))?
        .query_row([number], from_row)
        .optional()?)
}

pub fn of_vendor(c: &Connection, vendor: VendorId) -> Result<Vec<Ticket>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ticket t WHERE t.vendor_id = ?1 ORDER BY t.day DESC, t.id DESC"
    ))?;
    Ok(st.query_map([vendor], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

/// Numbers of the vendor's tickets for a violation code on days in [since, before) that
/// stand: issued (overdue among them), paid or upheld. They count for "warning first"; a
/// draft was never handed out, a withdrawn or void ticket was taken back, and one under
/// objection is not decided yet.
pub fn numbers_for(
    c: &Connection,
    vendor: VendorId,
    code: &str,
    since: NaiveDate,
    before: NaiveDate,
) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT t.number FROM ticket t JOIN violation v ON v.id = t.violation_id
         WHERE t.vendor_id = ?1 AND v.code = ?2 AND t.day >= ?3 AND t.day < ?4
           AND (SELECT e.status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1)
               IN ('issued', 'paid', 'upheld')
         ORDER BY t.day",
    )?;
    Ok(st
        .query_map(params![vendor, code, super::day(since), super::day(before)], |r| r.get(0))?
        .collect::<crate::db::SqlResult<_>>()?)
}

pub fn insert_photo(c: &Tx<'_>, ticket: TicketId, p: &crate::ticket::Photo) -> Result<()> {
    c.execute(
        "INSERT INTO ticket_photo (ticket_id, sha256, file_name) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![ticket, p.sha256, p.file_name],
    )?;
    Ok(())
}

pub fn photos(c: &Connection, ticket: TicketId) -> Result<Vec<crate::ticket::Photo>> {
    let mut st =
        c.prepare_cached("SELECT sha256, file_name FROM ticket_photo WHERE ticket_id = ?1 ORDER BY file_name")?;
    Ok(st
        .query_map([ticket], |r| Ok(crate::ticket::Photo { sha256: r.get(0)?, file_name: r.get(1)? }))?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// Tickets matching a filter (all but the overdue test, which needs the day), newest first.
pub fn list(c: &Connection, f: &crate::ticket::Filter) -> Result<Vec<crate::ticket::Row>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS}, m.code, v.initials, v.infix, v.surname, v.registration_number, vi.code, vi.description,
                (SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE ticket_id = t.id)
         FROM ticket t JOIN market m ON m.id = t.market_id JOIN violation vi ON vi.id = t.violation_id
         LEFT JOIN vendor v ON v.id = t.vendor_id
         WHERE ((SELECT e.status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1) = ?1 OR ?1 IS NULL)
           AND (t.market_id = ?2 OR ?2 IS NULL)
           AND (t.day >= ?3 OR ?3 IS NULL)
           AND (t.day <= ?4 OR ?4 IS NULL)
           AND (t.vendor_id = ?5 OR ?5 IS NULL)
         ORDER BY t.day DESC, t.id DESC"
    ))?;
    let rows =
        st.query_map(params![f.status, f.market, f.from.map(super::day), f.until.map(super::day), f.vendor], |r| {
            let surname: Option<String> = r.get(N + 3)?;
            let name = surname.map(|s| {
                let (i, x): (String, String) = (r.get(N + 1).unwrap_or_default(), r.get(N + 2).unwrap_or_default());
                [i.as_str(), x.as_str(), s.as_str()]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            let number: Option<String> = r.get(N + 4)?;
            Ok(crate::ticket::Row {
                ticket: from_row(r)?,
                market_code: r.get(N)?,
                vendor_name: name,
                registration_number: number
                    .and_then(|n| crate::vendor::RegistrationNumber::parse(&n).ok())
                    .map(|n| n.to_string()),
                violation_code: r.get(N + 5)?,
                violation: r.get(N + 6)?,
                paid: Cents(r.get(N + 7)?),
            })
        })?;
    Ok(rows.collect::<crate::db::SqlResult<_>>()?)
}

/// The status changes of a ticket, oldest first.
pub fn history(c: &Connection, ticket: TicketId) -> Result<Vec<crate::ticket::Step>> {
    let mut st = c.prepare_cached("SELECT status, reason, at FROM ticket_event WHERE ticket_id = ?1 ORDER BY id")?;
    Ok(st
        .query_map([ticket], |r| {
            Ok(crate::ticket::Step { status: r.get(0)?, reason: r.get(1)?, at: super::get_instant(r, 2)? })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

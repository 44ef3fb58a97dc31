//! SQL of `markt check`: the file's own health and the books of every day.

use crate::db::Connection;

use crate::check::{DayBalance, FineDay};
use crate::code::{PaymentMethod, TicketDecision, TicketStatus};
use crate::day_close::Fines;
use crate::error::Result;
use crate::money::Cents;

/// SQLite's `PRAGMA integrity_check`. PostgreSQL keeps its own pages and checksums (and a
/// city's IT its own checks of them): nothing for the program to add there.
pub fn integrity(c: &Connection) -> Result<Vec<String>> {
    if c.as_sqlite().is_none() {
        return Ok(Vec::new());
    }
    let mut st = c.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<crate::db::SqlResult<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// `PRAGMA quick_check`: the structure of every page, without the slow index comparison.
pub fn quick(c: &Connection) -> Result<Vec<String>> {
    if c.as_sqlite().is_none() {
        return Ok(Vec::new());
    }
    let mut st = c.prepare("PRAGMA quick_check")?;
    let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<crate::db::SqlResult<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// Rows whose parent is missing. PostgreSQL enforces every foreign key on every write
/// (SQLite only on a connection that asks), so there none can be.
pub fn foreign_keys(c: &Connection) -> Result<Vec<String>> {
    if c.as_sqlite().is_none() {
        return Ok(Vec::new());
    }
    let mut st = c.prepare("PRAGMA foreign_key_check")?;
    Ok(st
        .query_map([], |r| {
            let table: String = r.get(0)?;
            let rowid: Option<i64> = r.get(1)?;
            let parent: String = r.get(2)?;
            Ok(format!("{table} rij {} verwijst naar een ontbrekende {parent}", rowid.unwrap_or_default()))
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

pub fn user_version(c: &Connection) -> Result<usize> {
    Ok(super::stored_version(c)?)
}

/// Per market and day: what the invoice lines of valid permits come to, and what was paid
/// for that day's permits (reversals included, so a voided permit nets to zero).
pub fn day_balances(c: &Connection) -> Result<Vec<DayBalance>> {
    let mut st = c.prepare(
        "WITH due AS (
             SELECT p.market_id, p.day, count(DISTINCT p.id) AS permits, coalesce(sum(l.incl_cents), 0) AS due
             FROM daily_permit p LEFT JOIN invoice_line l ON l.permit_id = p.id
             WHERE NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
             GROUP BY p.market_id, p.day),
         paid AS (
             SELECT p.market_id, p.day, sum(pay.amount_cents) AS paid
             FROM daily_permit p JOIN payment pay ON pay.permit_id = p.id
             GROUP BY p.market_id, p.day),
         days AS (SELECT market_id, day FROM due UNION SELECT market_id, day FROM paid)
         SELECT m.code, d.day, coalesce(due.permits, 0), coalesce(due.due, 0), coalesce(paid.paid, 0)
         FROM days d JOIN market m ON m.id = d.market_id
         LEFT JOIN due ON due.market_id = d.market_id AND due.day = d.day
         LEFT JOIN paid ON paid.market_id = d.market_id AND paid.day = d.day
         ORDER BY d.day, m.code",
    )?;
    Ok(st
        .query_map([], |r| {
            Ok(DayBalance {
                market: r.get(0)?,
                day: super::get_day(r, 1)?,
                permits: r.get(2)?,
                due: Cents(r.get(3)?),
                paid: Cents(r.get(4)?),
            })
        })?
        .collect::<crate::db::SqlResult<_>>()?)
}

/// Permits whose own payments do not match their lines (or, voided, do not net to zero),
/// and permits without a payment row or an audit row.
pub fn permit_problems(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare(
        "SELECT p.invoice_number,
                (SELECT coalesce(sum(incl_cents), 0) FROM invoice_line WHERE permit_id = p.id),
                (SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE permit_id = p.id),
                (SELECT count(*) FROM payment WHERE permit_id = p.id),
                EXISTS (SELECT 1 FROM permit_void WHERE permit_id = p.id),
                EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'daily_permit' AND a.entity_id = CAST(p.id AS TEXT)
                        AND a.action = 'permit.issue')
         FROM daily_permit p ORDER BY p.id",
    )?;
    let mut problems = Vec::new();
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Cents(r.get(1)?),
            Cents(r.get(2)?),
            r.get::<_, i64>(3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    for row in rows {
        let (number, due, paid, payments, voided, audited) = row?;
        let expected = if voided { Cents::ZERO } else { due };
        if paid != expected {
            problems.push(format!("{number}: te betalen {expected}, betaald {paid}"));
        }
        if payments == 0 {
            problems.push(format!("{number}: geen betaling"));
        }
        if !audited {
            problems.push(format!("{number}: geen regel in het auditlog"));
        }
    }
    Ok(problems)
}

/// Per market and Amsterdam date: the fine payments (reversals included) of that market's
/// tickets taken that day. Bucketed here from every payment's own instant, apart from the
/// day view's range query, so that the two may be compared.
pub fn fine_days(c: &Connection) -> Result<Vec<FineDay>> {
    let mut st = c.prepare(
        "SELECT m.code, pay.at, pay.method, pay.amount_cents, pay.reverses_payment_id IS NULL
         FROM payment pay JOIN ticket t ON t.id = pay.ticket_id JOIN market m ON m.id = t.market_id",
    )?;
    let mut days = std::collections::BTreeMap::<(chrono::NaiveDate, String), Fines>::new();
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            super::get_instant(r, 1)?,
            r.get::<_, PaymentMethod>(2)?,
            Cents(r.get(3)?),
            r.get::<_, bool>(4)?,
        ))
    })?;
    for row in rows {
        let (market, at, method, amount, received) = row?;
        let fines = days.entry((crate::time::today(at), market)).or_default();
        fines.add(method, amount);
        fines.payments += i64::from(received);
    }
    Ok(days.into_iter().map(|((day, market), fines)| FineDay { market, day, paid: fines.total(), fines }).collect())
}

/// Tickets whose payments do not fit them: a warning with a payment, more paid than the fine
/// (or less than nothing), a paid ticket not paid in full, a withdrawn or void one that kept
/// money, and fine payments without their audit row.
pub fn fine_problems(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare(
        "SELECT t.number, t.decision, t.amount_cents,
                (SELECT e.status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1),
                coalesce(sum(pay.amount_cents), 0),
                count(pay.id) FILTER (WHERE NOT EXISTS (
                    SELECT 1 FROM audit_log a WHERE a.entity = 'payment' AND a.entity_id = CAST(pay.id AS TEXT)
                      AND a.action IN ('payment.create', 'payment.reverse')))
         FROM ticket t JOIN payment pay ON pay.ticket_id = t.id
         GROUP BY t.id ORDER BY t.id",
    )?;
    let mut problems = Vec::new();
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, TicketDecision>(1)?,
            Cents(r.get(2)?),
            r.get::<_, Option<TicketStatus>>(3)?,
            Cents(r.get(4)?),
            r.get::<_, i64>(5)?,
        ))
    })?;
    for row in rows {
        let (number, decision, amount, status, paid, unaudited) = row?;
        if decision == TicketDecision::Warning {
            problems.push(format!("{number}: een waarschuwing, maar betaald {paid}"));
        } else if paid.is_negative() || paid > amount {
            problems.push(format!("{number}: boete {amount}, betaald {paid}"));
        } else if status == Some(TicketStatus::Paid) && paid != amount {
            problems.push(format!("{number}: status betaald, maar betaald {paid} van {amount}"));
        } else if matches!(status, Some(TicketStatus::Void | TicketStatus::Withdrawn)) && paid != Cents::ZERO {
            problems.push(format!("{number}: vervallen of ingetrokken, maar betaald {paid}"));
        }
        if unaudited > 0 {
            problems.push(format!("{number}: {unaudited} betaling(en) zonder regel in het auditlog"));
        }
    }
    Ok(problems)
}

//! SQL of the day view.

use crate::db::{Connection, params};
use chrono::NaiveDate;

use crate::code::PaymentMethod;
use crate::day_view::{Multiple, PermitRow};
use crate::error::Result;
use crate::ids::MarketId;
use crate::money::Cents;
use crate::vendor::RegistrationNumber;

fn number(text: String) -> crate::db::SqlResult<RegistrationNumber> {
    RegistrationNumber::parse(&text).map_err(|e| crate::db::SqlError::conversion(0, e))
}

fn name(initials: &str, infix: &str, surname: &str) -> String {
    [initials, infix, surname].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// (`+reverses_payment_id`: without the `+` SQLite may walk the index of
/// `reverses_payment_id`, whose NULLs are nearly every payment, instead of the permit's: a
/// day view then took minutes on ten years of permits.)
/// [`PERMIT_ROW`] as the engine says it: SQLite's DISTINCT aggregate takes no separator.
fn permit_row_sql(c: &Connection) -> String {
    PERMIT_ROW.replace(
        "group_concat(DISTINCT method)",
        c.sql("group_concat(DISTINCT method)", "string_agg(DISTINCT method, ',')"),
    )
}

const PERMIT_ROW: &str = "SELECT p.id, p.invoice_number, p.vendor_id, v.initials, v.infix, v.surname, v.registration_number,
                p.status, p.presence, p.stalls,
                (SELECT coalesce(sum(pp.requested * pr.factor), 0) FROM permit_product pp
                   JOIN product pr ON pr.key = pp.product_key
                   WHERE pp.permit_id = p.id AND pr.unit IN ('meters', 'meters_large', 'meters_small')),
                (SELECT coalesce(sum(incl_cents), 0) FROM invoice_line WHERE permit_id = p.id),
                (SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE permit_id = p.id),
                (SELECT group_concat(DISTINCT method) FROM payment WHERE permit_id = p.id AND +reverses_payment_id IS NULL),
                a.display_name, p.issued_at, pv.reason, p.replaces_permit_id, p.override_reason,
                (SELECT round || ':' || presence FROM control k WHERE k.permit_id = p.id
                   AND NOT EXISTS (SELECT 1 FROM control_removal r WHERE r.control_id = k.id)
                 ORDER BY round DESC, id DESC LIMIT 1),
                (SELECT EXISTS (SELECT product_key, quantity FROM control_product WHERE control_id = k.id AND quantity > 0
                                EXCEPT SELECT product_key, requested FROM permit_product WHERE permit_id = p.id AND requested > 0)
                     OR EXISTS (SELECT product_key, requested FROM permit_product WHERE permit_id = p.id AND requested > 0
                                EXCEPT SELECT product_key, quantity FROM control_product WHERE control_id = k.id AND quantity > 0)
                   FROM control k WHERE k.permit_id = p.id
                    AND NOT EXISTS (SELECT 1 FROM control_removal r WHERE r.control_id = k.id)
                  ORDER BY k.round DESC, k.id DESC LIMIT 1)
         FROM daily_permit p
         JOIN vendor v ON v.id = p.vendor_id
         JOIN account a ON a.id = p.issued_by
         LEFT JOIN permit_void pv ON pv.permit_id = p.id";

/// Every permit of the market day, in the order issued.
pub fn permits(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<PermitRow>> {
    let mut st = c.prepare_cached(&format!(
        "{} WHERE p.market_id = ?1 AND p.day = ?2 ORDER BY p.issued_at, p.id",
        permit_row_sql(c)
    ))?;
    Ok(st.query_map(params![market, super::day(day)], permit_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn permit(c: &Connection, id: crate::ids::PermitId) -> Result<Option<PermitRow>> {
    use crate::db::OptionalExtension;
    Ok(c.prepare_cached(&format!("{} WHERE p.id = ?1", permit_row_sql(c)))?.query_row([id], permit_row).optional()?)
}

fn permit_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<PermitRow> {
    {
        let stalls: String = r.get(9)?;
        let methods: Option<String> = r.get(13)?;
        Ok(PermitRow {
            id: r.get(0)?,
            invoice_number: r.get(1)?,
            vendor: r.get(2)?,
            vendor_name: name(&r.get::<_, String>(3)?, &r.get::<_, String>(4)?, &r.get::<_, String>(5)?),
            registration_number: number(r.get(6)?)?,
            status: r.get(7)?,
            presence: r.get(8)?,
            stalls: stalls.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            metres: r.get(10)?,
            due: Cents(r.get(11)?),
            paid: Cents(r.get(12)?),
            methods: methods.iter().flat_map(|m| m.split(',')).filter_map(|m| PaymentMethod::parse(m).ok()).collect(),
            issued_by: r.get(14)?,
            issued_at: super::get_instant(r, 15)?,
            voided: r.get(16)?,
            replaces: r.get(17)?,
            override_reason: r.get(18)?,
            control: r.get::<_, Option<String>>(19)?.as_deref().and_then(|c| {
                let (round, presence) = c.split_once(':')?;
                Some((round.parse().ok()?, crate::code::Presence::parse(presence).ok()?))
            }),
            // The latest control's products against the permit's (as `control::product_differences`).
            control_products_differ: r.get::<_, Option<bool>>(20)?.unwrap_or(false),
        })
    }
}

/// Money received for the day's permits, net of reversals, by method (every method listed).
pub fn money(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<(PaymentMethod, Cents)>> {
    let mut st = c.prepare_cached(
        "SELECT pay.method, sum(pay.amount_cents) FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id
         WHERE p.market_id = ?1 AND p.day = ?2 GROUP BY pay.method",
    )?;
    let found: Vec<(PaymentMethod, Cents)> = st
        .query_map(params![market, super::day(day)], |r| Ok((r.get(0)?, Cents(r.get(1)?))))?
        .collect::<crate::db::SqlResult<_>>()?;
    Ok(PaymentMethod::ALL
        .iter()
        .map(|m| (*m, found.iter().find(|(f, _)| f == m).map_or(Cents::ZERO, |(_, c)| *c)))
        .collect())
}

/// Vendors with a valid permit on this market day and more than one valid permit that day.
pub fn multiple(c: &Connection, market: MarketId, day: NaiveDate) -> Result<Vec<Multiple>> {
    let mut st = c.prepare_cached(
        "SELECT v.id, v.initials, v.infix, v.surname, v.registration_number, m.code, p.invoice_number
         FROM daily_permit p JOIN vendor v ON v.id = p.vendor_id JOIN market m ON m.id = p.market_id
         WHERE p.day = ?2 AND NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)
           AND p.vendor_id IN (
               SELECT q.vendor_id FROM daily_permit q
               WHERE q.day = ?2 AND NOT EXISTS (SELECT 1 FROM permit_void qv WHERE qv.permit_id = q.id)
               GROUP BY q.vendor_id
               HAVING count(*) > 1 AND sum(CASE WHEN q.market_id = ?1 THEN 1 ELSE 0 END) > 0)
         ORDER BY v.surname, v.id, p.issued_at",
    )?;
    let mut out: Vec<Multiple> = Vec::new();
    let rows = st.query_map(params![market, super::day(day)], |r| {
        Ok((
            r.get::<_, crate::ids::VendorId>(0)?,
            name(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?, &r.get::<_, String>(3)?),
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    for row in rows {
        let (vendor, vendor_name, reg, code, invoice) = row?;
        match out.last_mut() {
            Some(m) if m.vendor == vendor => m.permits.push((code, invoice)),
            _ => out.push(Multiple {
                vendor,
                vendor_name,
                registration_number: number(reg)?,
                permits: vec![(code, invoice)],
            }),
        }
    }
    Ok(out)
}

//! Bulk writing for the city-scale demo: the rows `permit::issue` writes (permit, products,
//! lines, payment, audit row) and a day close, with prepared statements inside the caller's
//! transaction, without the per-permit checks a clerk's action makes.

use std::collections::BTreeMap;

use crate::db::{Statement, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::Tx;
use crate::code::{Identification, PaymentMethod, PermitStatus, Presence};
use crate::error::Result;
use crate::fee;
use crate::ids::{AccountId, MarketId, TariffPlanId, VendorId};
use crate::money::Cents;

pub struct NewPermit<'a> {
    pub market: MarketId,
    pub day: NaiveDate,
    pub vendor: VendorId,
    pub invoice_number: String,
    pub status: PermitStatus,
    pub stalls: String,
    pub plan: Option<TariffPlanId>,
    pub requested: &'a BTreeMap<String, i64>,
    pub fixed: &'a BTreeMap<String, i64>,
    pub lines: &'a [fee::Line],
    pub total: Cents,
    pub method: PaymentMethod,
    pub by: AccountId,
    pub at: DateTime<Utc>,
}

pub struct PermitWriter<'t> {
    tx: &'t Tx<'t>,
    permit: Statement<'t>,
    product: Statement<'t>,
    line: Statement<'t>,
    payment: Statement<'t>,
    audit: Statement<'t>,
}

impl<'t> PermitWriter<'t> {
    pub fn new(tx: &'t Tx<'t>) -> Result<PermitWriter<'t>> {
        Ok(PermitWriter {
            permit: tx.prepare_cached(
                "INSERT INTO daily_permit (market_id, day, vendor_id, invoice_number, status, presence,
                     identified_by, tariff_plan_id, stalls, issued_by, issued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            product: tx.prepare_cached(
                "INSERT INTO permit_product (permit_id, product_key, requested, fixed) VALUES (?1, ?2, ?3, ?4)",
            )?,
            line: tx.prepare_cached(
                "INSERT INTO invoice_line (permit_id, position, label, tariff_kind_code, fixed, quantity, price_cents,
                     vat_bp, excl_cents, vat_cents, incl_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            payment: tx.prepare_cached(
                "INSERT INTO payment (permit_id, method, amount_cents, account_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            audit: tx.prepare_cached(
                "INSERT INTO audit_log (at, account_id, action, entity, entity_id, after)
                 VALUES (?1, ?2, 'permit.issue', 'daily_permit', ?3, ?4)",
            )?,
            tx,
        })
    }

    pub fn insert(&mut self, p: &NewPermit<'_>) -> Result<()> {
        let at = super::instant(p.at);
        self.permit.execute(params![
            p.market,
            super::day(p.day),
            p.vendor,
            p.invoice_number,
            p.status,
            Presence::InPerson,
            Identification::Scanned,
            p.plan,
            p.stalls,
            p.by,
            at
        ])?;
        let id = self.tx.last_insert_rowid()?;
        let mut keys: Vec<&String> = p.requested.keys().chain(p.fixed.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let (r, f) = (p.requested.get(key).copied().unwrap_or(0), p.fixed.get(key).copied().unwrap_or(0));
            self.product.execute(params![id, key, r, f])?;
        }
        for (i, l) in p.lines.iter().enumerate() {
            self.line.execute(params![
                id,
                i as i64 + 1,
                l.label,
                l.kind,
                l.fixed,
                l.quantity,
                l.price.0,
                l.vat_percent.0,
                l.excl.0,
                l.vat.0,
                l.incl.0
            ])?;
        }
        self.payment.execute(params![id, p.method, p.total.0, p.by, at])?;
        let after = format!(
            "{{\"invoice_number\":\"{}\",\"vendor\":{},\"market\":{},\"day\":\"{}\",\"total_incl\":{},\"payment\":\"{}\"}}",
            p.invoice_number,
            p.vendor,
            p.market,
            super::day(p.day),
            p.total.0,
            p.method
        );
        self.audit.execute(params![at, p.by, id.to_string(), after])?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn close_day(
        &mut self,
        market: MarketId,
        day: NaiveDate,
        by: AccountId,
        at: DateTime<Utc>,
        permits: i64,
        pin: Cents,
        cash: Cents,
        on_account: Cents,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO day_close (market_id, day, account_id, at, permit_count, pin_cents, cash_cents,
                     on_account_cents, counted_cash_cents, difference_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, 0)",
            )?
            .execute(params![market, super::day(day), by, super::instant(at), permits, pin.0, cash.0, on_account.0])?;
        Ok(())
    }
}

/// Sets a counter to at least `last` (the invoice numbers a bulk load handed out).
pub fn set_sequence(tx: &Tx<'_>, name: &str, last: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO sequence (name, last) VALUES (?1, ?2)
         ON CONFLICT(name) DO UPDATE SET last = CASE WHEN excluded.last > sequence.last THEN excluded.last ELSE sequence.last END",
        params![name, last],
    )?;
    Ok(())
}

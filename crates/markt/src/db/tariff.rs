//! SQL of VAT rates, tariff kinds, products, tariff plans and rates.

use crate::db::{Connection, OptionalExtension, params};
use chrono::NaiveDate;

use super::Tx;

use crate::code::{VatType, Weekdays};
use crate::error::Result;
use crate::ids::{MarketId, ProductId, TariffKindId, TariffPlanId};
use crate::money::{Cents, Percent};
use crate::tariff::{Product, ProductInput, TariffKind, TariffKindInput, TariffPlan, TariffPlanInput, VatRate};

pub fn vat_rates(c: &Connection) -> Result<Vec<VatRate>> {
    let mut st = c.prepare_cached("SELECT vat, valid_from, percent_bp FROM vat_rate ORDER BY vat, valid_from")?;
    Ok(st
        .query_map([], |r| Ok(VatRate { vat: r.get(0)?, from: super::get_day(r, 1)?, percent: r.get(2)? }))?
        .collect::<crate::db::SqlResult<_>>()?)
}

pub fn upsert_vat_rate(c: &Tx<'_>, vat: VatType, from: NaiveDate, percent: Percent) -> Result<()> {
    c.execute(
        "INSERT INTO vat_rate (vat, valid_from, percent_bp) VALUES (?1, ?2, ?3)
         ON CONFLICT (vat, valid_from) DO UPDATE SET percent_bp = excluded.percent_bp",
        params![vat, super::day(from), percent.0],
    )?;
    Ok(())
}

/// Market-specific VAT types: (tariff kind, from, VAT type).
pub fn market_vat(c: &Connection, market: MarketId) -> Result<Vec<(TariffKindId, NaiveDate, VatType)>> {
    let mut st = c.prepare_cached(
        "SELECT tariff_kind_id, valid_from, vat FROM market_vat_override WHERE market_id = ?1 ORDER BY valid_from",
    )?;
    Ok(st
        .query_map([market], |r| Ok((r.get(0)?, super::get_day(r, 1)?, r.get(2)?)))?
        .collect::<crate::db::SqlResult<_>>()?)
}

pub fn upsert_market_vat(
    c: &Tx<'_>,
    market: MarketId,
    kind: TariffKindId,
    from: NaiveDate,
    vat: VatType,
) -> Result<()> {
    c.execute(
        "INSERT INTO market_vat_override (market_id, tariff_kind_id, valid_from, vat) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (market_id, tariff_kind_id, valid_from) DO UPDATE SET vat = excluded.vat",
        params![market, kind, super::day(from), vat],
    )?;
    Ok(())
}

// ── Tariff kinds ─────────────────────────────────────────────────────────────────────────

const KIND_COLUMNS: &str = "id, code, invoice_label, unit, vat, ledger_code, vat_code";

fn kind_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<TariffKind> {
    Ok(TariffKind {
        id: r.get(0)?,
        code: r.get(1)?,
        invoice_label: r.get(2)?,
        unit: r.get(3)?,
        vat: r.get(4)?,
        ledger_code: r.get(5)?,
        vat_code: r.get(6)?,
    })
}

pub fn insert_kind(c: &Tx<'_>, k: &TariffKindInput) -> Result<TariffKindId> {
    c.execute(
        "INSERT INTO tariff_kind (code, invoice_label, unit, vat, ledger_code, vat_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![k.code.trim(), k.invoice_label.trim(), k.unit, k.vat, k.ledger_code.trim(), k.vat_code.trim()],
    )?;
    Ok(TariffKindId(c.last_insert_rowid()?))
}

pub fn update_kind(c: &Tx<'_>, id: TariffKindId, k: &TariffKindInput) -> Result<()> {
    c.execute(
        "UPDATE tariff_kind SET code = ?2, invoice_label = ?3, unit = ?4, vat = ?5, ledger_code = ?6, vat_code = ?7
         WHERE id = ?1",
        params![id, k.code.trim(), k.invoice_label.trim(), k.unit, k.vat, k.ledger_code.trim(), k.vat_code.trim()],
    )?;
    Ok(())
}

pub fn kind(c: &Connection, id: TariffKindId) -> Result<Option<TariffKind>> {
    Ok(c.prepare_cached(&format!("SELECT {KIND_COLUMNS} FROM tariff_kind WHERE id = ?1"))?
        .query_row([id], kind_from_row)
        .optional()?)
}

pub fn kind_by_code(c: &Connection, code: &str) -> Result<Option<TariffKind>> {
    Ok(c.query_row(&format!("SELECT {KIND_COLUMNS} FROM tariff_kind WHERE code = ?1"), [code], kind_from_row)
        .optional()?)
}

pub fn kinds(c: &Connection) -> Result<Vec<TariffKind>> {
    let mut st = c.prepare_cached(&format!("SELECT {KIND_COLUMNS} FROM tariff_kind ORDER BY code"))?;
    Ok(st.query_map([], kind_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

// ── Products ─────────────────────────────────────────────────────────────────────────────

const PRODUCT_COLUMNS: &str = "id, key, label, unit, factor, tariff_kind_id, always, position";

fn product_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Product> {
    Ok(Product {
        id: r.get(0)?,
        key: r.get(1)?,
        label: r.get(2)?,
        unit: r.get(3)?,
        factor: r.get(4)?,
        kind: r.get(5)?,
        always: r.get(6)?,
        position: r.get(7)?,
    })
}

pub fn insert_product(c: &Tx<'_>, p: &ProductInput) -> Result<ProductId> {
    c.execute(
        "INSERT INTO product (key, label, unit, factor, tariff_kind_id, always, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![p.key.trim(), p.label.trim(), p.unit, p.factor, p.kind, p.always, p.position],
    )?;
    Ok(ProductId(c.last_insert_rowid()?))
}

pub fn update_product(c: &Tx<'_>, id: ProductId, p: &ProductInput) -> Result<()> {
    c.execute(
        "UPDATE product SET key = ?2, label = ?3, unit = ?4, factor = ?5, tariff_kind_id = ?6, always = ?7, position = ?8
         WHERE id = ?1",
        params![id, p.key.trim(), p.label.trim(), p.unit, p.factor, p.kind, p.always, p.position],
    )?;
    Ok(())
}

pub fn product(c: &Connection, id: ProductId) -> Result<Option<Product>> {
    Ok(c.prepare_cached(&format!("SELECT {PRODUCT_COLUMNS} FROM product WHERE id = ?1"))?
        .query_row([id], product_from_row)
        .optional()?)
}

pub fn product_by_key(c: &Connection, key: &str) -> Result<Option<Product>> {
    Ok(c.query_row(&format!("SELECT {PRODUCT_COLUMNS} FROM product WHERE key = ?1"), [key], product_from_row)
        .optional()?)
}

pub fn products(c: &Connection) -> Result<Vec<Product>> {
    let mut st = c.prepare_cached(&format!("SELECT {PRODUCT_COLUMNS} FROM product ORDER BY position, key"))?;
    Ok(st.query_map([], product_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

// ── Plans ────────────────────────────────────────────────────────────────────────────────

fn plan_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<TariffPlan> {
    let weekdays: Option<u8> = r.get(5)?;
    Ok(TariffPlan {
        id: r.get(0)?,
        market: r.get(1)?,
        name: r.get(2)?,
        from: super::get_day(r, 3)?,
        until: super::get_opt_day(r, 4)?,
        weekdays: weekdays.and_then(Weekdays::from_bits),
        ignore_fixed: r.get(6)?,
        rates: Vec::new(),
    })
}

fn with_rates(c: &Connection, mut p: TariffPlan) -> Result<TariffPlan> {
    let mut st = c.prepare_cached(
        "SELECT r.tariff_kind_id, r.rate_cents FROM tariff_rate r JOIN tariff_kind k ON k.id = r.tariff_kind_id
         WHERE r.plan_id = ?1 ORDER BY k.code",
    )?;
    p.rates = st.query_map([p.id], |r| Ok((r.get(0)?, Cents(r.get(1)?))))?.collect::<crate::db::SqlResult<_>>()?;
    Ok(p)
}

const PLAN_COLUMNS: &str = "id, market_id, name, valid_from, valid_until, weekdays, ignore_fixed";

pub fn plan(c: &Connection, id: TariffPlanId) -> Result<Option<TariffPlan>> {
    let p = c
        .prepare_cached(&format!("SELECT {PLAN_COLUMNS} FROM tariff_plan WHERE id = ?1"))?
        .query_row([id], plan_from_row)
        .optional()?;
    p.map(|p| with_rates(c, p)).transpose()
}

pub fn plans_of_market(c: &Connection, market: MarketId) -> Result<Vec<TariffPlan>> {
    let plans: Vec<TariffPlan> = c
        .prepare_cached(&format!(
            "SELECT {PLAN_COLUMNS} FROM tariff_plan WHERE market_id = ?1 ORDER BY valid_from, name"
        ))?
        .query_map([market], plan_from_row)?
        .collect::<crate::db::SqlResult<_>>()?;
    plans.into_iter().map(|p| with_rates(c, p)).collect()
}

pub fn insert_plan(c: &Tx<'_>, p: &TariffPlanInput) -> Result<TariffPlanId> {
    c.execute(
        "INSERT INTO tariff_plan (market_id, name, valid_from, valid_until, weekdays, ignore_fixed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            p.market,
            p.name.trim(),
            super::day(p.from),
            p.until.map(super::day),
            p.weekdays.map(Weekdays::bits),
            p.ignore_fixed
        ],
    )?;
    let id = TariffPlanId(c.last_insert_rowid()?);
    write_rates(c, id, p)?;
    Ok(id)
}

pub fn update_plan(c: &Tx<'_>, id: TariffPlanId, p: &TariffPlanInput) -> Result<()> {
    c.execute(
        "UPDATE tariff_plan SET name = ?2, valid_from = ?3, valid_until = ?4, weekdays = ?5, ignore_fixed = ?6 WHERE id = ?1",
        params![id, p.name.trim(), super::day(p.from), p.until.map(super::day), p.weekdays.map(Weekdays::bits), p.ignore_fixed],
    )?;
    c.execute("DELETE FROM tariff_rate WHERE plan_id = ?1", [id])?;
    write_rates(c, id, p)
}

fn write_rates(c: &Connection, id: TariffPlanId, p: &TariffPlanInput) -> Result<()> {
    let mut st =
        c.prepare_cached("INSERT INTO tariff_rate (plan_id, tariff_kind_id, rate_cents) VALUES (?1, ?2, ?3)")?;
    for (kind, rate) in &p.rates {
        st.execute(params![id, kind, rate.0])?;
    }
    Ok(())
}

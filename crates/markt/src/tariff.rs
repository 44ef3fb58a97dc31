//! Tariff master data (admin): VAT rates, tariff kinds, products, tariff plans and their
//! rates. The fee engine (`fee`) prices permits from this data; nothing here is code a city
//! must change when its tariffs change.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{ProductUnit, TariffUnit, VatType, Weekdays};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::fee;
use crate::ids::{MarketId, ProductId, TariffKindId, TariffPlanId};
use crate::money::{Cents, Percent};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatRate {
    pub vat: VatType,
    pub from: NaiveDate,
    pub percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TariffKind {
    pub id: TariffKindId,
    pub code: String,
    /// Printed on the invoice line.
    pub invoice_label: String,
    pub unit: TariffUnit,
    pub vat: VatType,
    /// General-ledger code and VAT code for the finance export.
    pub ledger_code: String,
    pub vat_code: String,
}

impl TariffKind {
    /// The kind's short Dutch name for charts and overviews: its invoice text without what
    /// stands in brackets ("reiniging (normaal tarief)" → "reiniging"); the code when that
    /// leaves nothing.
    pub fn short_label(&self) -> String {
        let short = self.invoice_label.split('(').next().unwrap_or_default().trim();
        if short.is_empty() { self.code.clone() } else { short.to_string() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffKindInput {
    pub code: String,
    pub invoice_label: String,
    pub unit: TariffUnit,
    pub vat: VatType,
    pub ledger_code: String,
    pub vat_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    pub id: ProductId,
    pub key: String,
    /// What the permit form shows.
    pub label: String,
    pub unit: ProductUnit,
    /// Metres or items per piece: a 3 m stall is 3 `meters`.
    pub factor: i64,
    /// The tariff kind an `item` or `once` product is priced by.
    pub kind: Option<TariffKindId>,
    /// A `once` product charged on every permit.
    pub always: bool,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInput {
    pub key: String,
    pub label: String,
    pub unit: ProductUnit,
    pub factor: i64,
    pub kind: Option<TariffKindId>,
    pub always: bool,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TariffPlan {
    pub id: TariffPlanId,
    pub market: MarketId,
    pub name: String,
    pub from: NaiveDate,
    /// Last day it applies (inclusive).
    pub until: Option<NaiveDate>,
    /// A weekday plan applies only on these days and wins over a standard plan.
    pub weekdays: Option<Weekdays>,
    /// Treat everyone as an applicant (special days).
    pub ignore_fixed: bool,
    /// Rate per tariff kind, in cents per unit.
    pub rates: Vec<(TariffKindId, Cents)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffPlanInput {
    pub market: MarketId,
    pub name: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub weekdays: Option<Weekdays>,
    pub ignore_fixed: bool,
    pub rates: Vec<(TariffKindId, Cents)>,
}

/// Sets the percentage of a VAT type from a day on (a new row: the old rate stays valid for
/// the days before).
pub fn set_vat_rate(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    vat: VatType,
    from: NaiveDate,
    percent: Percent,
) -> Result<()> {
    actor.require(Action::EditTariffs)?;
    let mut v = Validator::new();
    v.range("percent", i64::from(percent.0), 0, 10_000);
    v.finish()?;
    store.write(|tx| {
        let before = db::tariff::vat_rates(tx)?.into_iter().find(|r| r.vat == vat && r.from == from);
        db::tariff::upsert_vat_rate(tx, vat, from, percent)?;
        let after = VatRate { vat, from, percent: percent.0 };
        let key = format!("{vat}/{from}");
        audit::record(tx, Some(actor.id()), now, "vat.set", "vat_rate", key, before.as_ref(), Some(&after))
    })
}

pub fn vat_rates(store: &mut Store, actor: &Actor) -> Result<Vec<VatRate>> {
    actor.require(Action::ReadMasterData)?;
    store.read(db::tariff::vat_rates)
}

fn validate_kind(k: &TariffKindInput) -> Result<()> {
    let mut v = Validator::new();
    v.text("code", &k.code, 40);
    v.check(
        "code",
        k.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
        Problem::Format,
        "letters, cijfers, - en _",
    );
    v.text("invoice_label", &k.invoice_label, 80);
    v.optional_text("ledger_code", &k.ledger_code, 20);
    v.optional_text("vat_code", &k.vat_code, 20);
    v.finish()
}

pub fn create_kind(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &TariffKindInput,
) -> Result<TariffKindId> {
    actor.require(Action::EditTariffs)?;
    validate_kind(input)?;
    store.write(|tx| {
        if db::tariff::kind_by_code(tx, input.code.trim())?.is_some() {
            return Err(Error::invalid(
                "code",
                Problem::Duplicate,
                format!("tariefsoort {} bestaat al", input.code.trim()),
            ));
        }
        let id = db::tariff::insert_kind(tx, input)?;
        let after = db::tariff::kind(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "tariff_kind.create", "tariff_kind", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn update_kind(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TariffKindId,
    input: &TariffKindInput,
) -> Result<()> {
    actor.require(Action::EditTariffs)?;
    validate_kind(input)?;
    store.write(|tx| {
        let before = db::tariff::kind(tx, id)?.ok_or_else(|| Error::not_found("tariefsoort", id))?;
        if let Some(other) = db::tariff::kind_by_code(tx, input.code.trim())?
            && other.id != id
        {
            return Err(Error::invalid(
                "code",
                Problem::Duplicate,
                format!("tariefsoort {} bestaat al", input.code.trim()),
            ));
        }
        db::tariff::update_kind(tx, id, input)?;
        let after = db::tariff::kind(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "tariff_kind.update", "tariff_kind", id, Some(&before), after.as_ref())
    })
}

pub fn kinds(store: &mut Store, actor: &Actor) -> Result<Vec<TariffKind>> {
    actor.require(Action::ReadMasterData)?;
    store.read(db::tariff::kinds)
}

/// A market-specific VAT type for a tariff kind from a day on.
pub fn set_market_vat(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    kind: TariffKindId,
    from: NaiveDate,
    vat: VatType,
) -> Result<()> {
    actor.require(Action::EditTariffs)?;
    store.write(|tx| {
        db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        db::tariff::kind(tx, kind)?.ok_or_else(|| Error::not_found("tariefsoort", kind))?;
        // The override this one replaces (same market, kind and day), kept in the audit row.
        let before = db::tariff::market_vat(tx, market)?
            .into_iter()
            .find(|(k, f, _)| *k == kind && *f == from)
            .map(|(_, _, v)| v);
        db::tariff::upsert_market_vat(tx, market, kind, from, vat)?;
        let key = format!("{market}/{kind}/{from}");
        audit::record(
            tx,
            Some(actor.id()),
            now,
            "vat.market_override",
            "market_vat_override",
            key,
            before.as_ref(),
            Some(&vat),
        )
    })
}

fn validate_product(tx: &Tx<'_>, p: &ProductInput) -> Result<()> {
    let mut v = Validator::new();
    v.text("key", &p.key, 40);
    v.check(
        "key",
        p.key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        Problem::Format,
        "letters, cijfers en _",
    );
    v.text("label", &p.label, 80);
    v.range("factor", p.factor, 1, 100);
    let needs_kind = matches!(p.unit, ProductUnit::Item | ProductUnit::Once);
    match (needs_kind, p.kind) {
        (true, None) => v.fail("kind", Problem::Required, "kies de tariefsoort waarmee dit product wordt berekend"),
        (false, Some(_)) => {
            v.fail("kind", Problem::Conflict, "een meterproduct wordt per meter berekend, zonder eigen tariefsoort")
        }
        (true, Some(k)) => match db::tariff::kind(tx, k)? {
            None => v.fail("kind", Problem::Unknown, "onbekende tariefsoort"),
            Some(kind) => {
                let fits = matches!(
                    (p.unit, kind.unit),
                    (ProductUnit::Item, TariffUnit::Item) | (ProductUnit::Once, TariffUnit::Once)
                );
                v.check(
                    "kind",
                    fits,
                    Problem::Conflict,
                    format!("tariefsoort {} heeft eenheid {}", kind.code, kind.unit.label_nl()),
                );
            }
        },
        (false, None) => {}
    }
    v.check(
        "always",
        !p.always || p.unit == ProductUnit::Once,
        Problem::Conflict,
        "alleen een eenmalig product kan altijd worden berekend",
    );
    v.finish()
}

pub fn create_product(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &ProductInput) -> Result<ProductId> {
    actor.require(Action::EditTariffs)?;
    store.write(|tx| {
        validate_product(tx, input)?;
        if db::tariff::product_by_key(tx, input.key.trim())?.is_some() {
            return Err(Error::invalid("key", Problem::Duplicate, format!("product {} bestaat al", input.key.trim())));
        }
        let id = db::tariff::insert_product(tx, input)?;
        let after = db::tariff::product(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "product.create", "product", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn update_product(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: ProductId,
    input: &ProductInput,
) -> Result<()> {
    actor.require(Action::EditTariffs)?;
    store.write(|tx| {
        let before = db::tariff::product(tx, id)?.ok_or_else(|| Error::not_found("product", id))?;
        validate_product(tx, input)?;
        if let Some(other) = db::tariff::product_by_key(tx, input.key.trim())?
            && other.id != id
        {
            return Err(Error::invalid("key", Problem::Duplicate, format!("product {} bestaat al", input.key.trim())));
        }
        db::tariff::update_product(tx, id, input)?;
        let after = db::tariff::product(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "product.update", "product", id, Some(&before), after.as_ref())
    })
}

pub fn products(store: &mut Store, actor: &Actor) -> Result<Vec<Product>> {
    actor.require(Action::ReadMasterData)?;
    store.read(db::tariff::products)
}

fn validate_plan(tx: &Tx<'_>, p: &TariffPlanInput) -> Result<()> {
    let mut v = Validator::new();
    v.text("name", &p.name, 80);
    v.check("until", p.until.is_none_or(|u| u >= p.from), Problem::OutOfRange, "einddatum ligt voor de begindatum");
    v.check(
        "weekdays",
        p.weekdays.is_none_or(|w| !w.is_empty()),
        Problem::Required,
        "kies minstens één dag, of geen dagplan",
    );
    v.check("market", db::market::get(tx, p.market)?.is_some(), Problem::Unknown, "onbekende markt");
    let mut seen = std::collections::BTreeSet::new();
    for (i, (kind, rate)) in p.rates.iter().enumerate() {
        let field = format!("rates[{i}]");
        if db::tariff::kind(tx, *kind)?.is_none() {
            v.fail(field.clone(), Problem::Unknown, format!("onbekende tariefsoort {kind}"));
        }
        v.check(&field, !rate.is_negative(), Problem::OutOfRange, "een tarief is niet negatief");
        v.check(&field, seen.insert(*kind), Problem::Duplicate, "deze tariefsoort staat er al in");
    }
    v.finish()
}

pub fn create_plan(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &TariffPlanInput,
) -> Result<TariffPlanId> {
    actor.require(Action::EditTariffs)?;
    store.write(|tx| {
        validate_plan(tx, input)?;
        if db::tariff::plans_of_market(tx, input.market)?.iter().any(|p| p.name == input.name.trim()) {
            return Err(Error::invalid("name", Problem::Duplicate, "deze markt heeft al een tariefplan met die naam"));
        }
        let id = db::tariff::insert_plan(tx, input)?;
        let after = db::tariff::plan(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "tariff_plan.create", "tariff_plan", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// Changes a plan. Issued permits keep their own lines, so this never alters them.
pub fn update_plan(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TariffPlanId,
    input: &TariffPlanInput,
) -> Result<()> {
    actor.require(Action::EditTariffs)?;
    store.write(|tx| {
        let before = db::tariff::plan(tx, id)?.ok_or_else(|| Error::not_found("tariefplan", id))?;
        if before.market != input.market {
            return Err(Error::invalid(
                "market",
                Problem::Conflict,
                "een tariefplan verhuist niet naar een andere markt",
            ));
        }
        validate_plan(tx, input)?;
        if db::tariff::plans_of_market(tx, input.market)?.iter().any(|p| p.name == input.name.trim() && p.id != id) {
            return Err(Error::invalid("name", Problem::Duplicate, "deze markt heeft al een tariefplan met die naam"));
        }
        db::tariff::update_plan(tx, id, input)?;
        let after = db::tariff::plan(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "tariff_plan.update", "tariff_plan", id, Some(&before), after.as_ref())
    })
}

pub fn plans(store: &mut Store, actor: &Actor, market: MarketId) -> Result<Vec<TariffPlan>> {
    actor.require(Action::ReadMasterData)?;
    store.read(|c| db::tariff::plans_of_market(c, market))
}

/// Everything the fee engine needs to price permits on `market`: the market's plans, all
/// kinds and products, VAT rates and the market's VAT overrides.
pub(crate) fn fee_book(c: &crate::db::Connection, market: MarketId) -> Result<(fee::FeeBook, Vec<TariffPlanId>)> {
    let kinds = db::tariff::kinds(c)?;
    let kind_code = |id: TariffKindId| kinds.iter().find(|k| k.id == id).map(|k| k.code.clone());
    let plans = db::tariff::plans_of_market(c, market)?;
    let book = fee::FeeBook {
        vat_rates: db::tariff::vat_rates(c)?
            .into_iter()
            .map(|r| fee::VatRate { vat: r.vat, percent: Percent(r.percent), from: r.from })
            .collect(),
        vat_overrides: db::tariff::market_vat(c, market)?
            .into_iter()
            .filter_map(|(kind, from, vat)| Some(fee::VatOverride { kind: kind_code(kind)?, vat, from }))
            .collect(),
        tariff_kinds: kinds
            .iter()
            .map(|k| fee::TariffKind {
                code: k.code.clone(),
                invoice_label: k.invoice_label.clone(),
                unit: k.unit,
                vat: k.vat,
            })
            .collect(),
        products: db::tariff::products(c)?
            .into_iter()
            .map(|p| fee::Product {
                key: p.key,
                unit: p.unit,
                factor: p.factor,
                kind: p.kind.and_then(kind_code),
                always: p.always,
            })
            .collect(),
        plans: plans
            .iter()
            .map(|p| fee::TariffPlan {
                name: p.name.clone(),
                from: p.from,
                until: p.until,
                weekdays: p.weekdays,
                ignore_fixed: p.ignore_fixed,
                rates: p.rates.iter().filter_map(|(k, r)| Some((kind_code(*k)?, *r))).collect(),
            })
            .collect(),
    };
    Ok((book, plans.iter().map(|p| p.id).collect()))
}

/// A quote for the permit form and the tariff screens' simulator: the lines a permit would
/// get, without saving anything.
pub fn quote(store: &mut Store, actor: &Actor, market: MarketId, request: &fee::QuoteRequest) -> Result<fee::Quote> {
    actor.require(Action::ReadMasterData)?;
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let (book, _) = fee_book(c, market)?;
        fee::quote(&book, request).map_err(|e| with_market(e, &m.name))
    })
}

/// Names the market in a missing-plan error (the engine knows only the day).
pub(crate) fn with_market(e: fee::QuoteError, market: &str) -> Error {
    match e {
        fee::QuoteError::NoTariffPlan { day } => Error::NoTariffPlan { market: market.to_string(), day },
        other => Error::Quote(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(code: &str, label: &str) -> TariffKind {
        TariffKind {
            id: TariffKindId(1),
            code: code.into(),
            invoice_label: label.into(),
            unit: TariffUnit::Meters,
            vat: VatType::High,
            ledger_code: String::new(),
            vat_code: String::new(),
        }
    }

    #[test]
    fn a_kind_is_shown_by_its_short_dutch_name() {
        assert_eq!(kind("cleaning", "reiniging (normaal tarief)").short_label(), "reiniging");
        assert_eq!(kind("power", "elektra krachtstroom").short_label(), "elektra krachtstroom");
        assert_eq!(kind("x", " (alleen haakjes)").short_label(), "x", "the code when nothing is left");
    }
}

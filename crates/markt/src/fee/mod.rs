//! Market fees (marktgeld): the invoice lines of a daily permit, computed from one market's
//! tariff plans, tariff kinds, products and VAT rates (`shared/domain/fees.md`).
//!
//! The engine works on plain domain types that storage fills; `case` is the JSON edge used
//! by `markt quote` and the tests. A quote is a pure function of its inputs: the market day
//! is a parameter, nothing is read from the clock or saved.

pub mod case;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::code::{PermitStatus, ProductUnit, TariffUnit, VatType, Weekday, Weekdays};
use crate::money::{Cents, Percent};

/// A VAT type's percentage from a date on; the latest `from` ≤ market day applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatRate {
    pub vat: VatType,
    pub percent: Percent,
    pub from: NaiveDate,
}

/// A market's own VAT type for a tariff kind from a date on; the latest `from` ≤ day wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatOverride {
    /// Tariff kind code.
    pub kind: String,
    pub vat: VatType,
    pub from: NaiveDate,
}

/// A tariff kind (tariefsoort): what a line is charged for and printed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffKind {
    pub code: String,
    pub invoice_label: String,
    pub unit: TariffUnit,
    pub vat: VatType,
}

/// Something a permit asks for: `factor` metres or items per piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub key: String,
    pub unit: ProductUnit,
    pub factor: i64,
    /// The tariff kind code an `item` or `once` product is priced by.
    pub kind: Option<String>,
    /// A `once` product charged on every permit, requested or not.
    pub always: bool,
}

/// A market's tariff plan (tarievenplan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffPlan {
    pub name: String,
    pub from: NaiveDate,
    /// Last day of validity, inclusive.
    pub until: Option<NaiveDate>,
    /// A weekday plan; `None` (or an empty set) is a standard plan.
    pub weekdays: Option<Weekdays>,
    /// Treat everyone as an applicant: no fixed-product deduction (special days).
    pub ignore_fixed: bool,
    /// Rate per tariff kind code; a kind without a rate is not charged.
    pub rates: BTreeMap<String, Cents>,
}

/// Everything the engine needs for one market.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeeBook {
    pub vat_rates: Vec<VatRate>,
    pub vat_overrides: Vec<VatOverride>,
    pub tariff_kinds: Vec<TariffKind>,
    pub products: Vec<Product>,
    pub plans: Vec<TariffPlan>,
}

/// One permit to price: product key → pieces, requested and already paid (fixed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRequest {
    pub market_day: NaiveDate,
    pub status: PermitStatus,
    pub fixed: BTreeMap<String, i64>,
    pub requested: BTreeMap<String, i64>,
}

/// One invoice line, as the permit keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub label: String,
    /// Tariff kind code.
    pub kind: String,
    /// A "(vast)" line: paid through the yearly permit, price 0 and VAT 0.
    pub fixed: bool,
    pub quantity: i64,
    pub price: Cents,
    pub vat_percent: Percent,
    pub excl: Cents,
    pub vat: Cents,
    pub incl: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub plan: String,
    /// Index into `FeeBook::plans`.
    pub plan_index: usize,
    pub lines: Vec<Line>,
    pub total_excl: Cents,
    pub total_vat: Cents,
    pub total_incl: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The caller knows the market and adds it; the engine only knows the day.
    #[error("geen tarievenplan geldig op {} {day}", Weekday::of(*day).label_nl())]
    NoTariffPlan { day: NaiveDate },
    #[error("onbekend product ‘{key}’ bij de {place} producten")]
    UnknownProduct { key: String, place: &'static str },
    #[error("onbekende tariefsoort ‘{code}’, gebruikt door {referenced_by}")]
    UnknownTariffKind { code: String, referenced_by: String },
    #[error("geen btw-percentage voor btw-soort ‘{vat}’ geldig op {day}")]
    NoVatRate { vat: VatType, day: NaiveDate },
    #[error("{0}")]
    Invalid(String),
}

impl QuoteError {
    pub fn code(&self) -> &'static str {
        match self {
            QuoteError::NoTariffPlan { .. } => "no_tariff_plan",
            QuoteError::UnknownProduct { .. } => "unknown_product",
            QuoteError::UnknownTariffKind { .. } => "unknown_tariff_kind",
            QuoteError::NoVatRate { .. } => "no_vat_rate",
            QuoteError::Invalid(_) => "invalid_case",
        }
    }
}

/// The plan that prices `day`: a weekday plan for that weekday beats a standard plan; among
/// several the latest `from` wins.
pub fn choose_plan(book: &FeeBook, day: NaiveDate) -> Option<usize> {
    let covering =
        || book.plans.iter().enumerate().filter(move |(_, p)| p.from <= day && p.until.is_none_or(|u| day <= u));
    // fees.md is silent on two plans with the same `from`: the one entered last wins, as
    // a clerk adds a corrected plan after the one it replaces (`max_by_key` keeps the last).
    let latest =
        |plans: &mut dyn Iterator<Item = (usize, &TariffPlan)>| plans.max_by_key(|(_, p)| p.from).map(|(i, _)| i);
    latest(&mut covering().filter(|(_, p)| weekdays(p).is_some_and(|w| w.contains_date(day))))
        .or_else(|| latest(&mut covering().filter(|(_, p)| weekdays(p).is_none())))
}

/// A plan with an empty weekday set would never apply; a clerk who unticks every weekday
/// means "not a weekday plan", so it counts as a standard plan.
fn weekdays(plan: &TariffPlan) -> Option<Weekdays> {
    plan.weekdays.filter(|w| !w.is_empty())
}

/// Prices a permit. Nothing is saved; the same inputs always give the same quote.
pub fn quote(book: &FeeBook, req: &QuoteRequest) -> Result<Quote, QuoteError> {
    let day = req.market_day;
    let plan_index = choose_plan(book, day).ok_or(QuoteError::NoTariffPlan { day })?;
    let plan = &book.plans[plan_index];
    let kinds = index_kinds(book)?;
    let products = index_products(book, &kinds)?;
    check_plan(plan, &kinds)?;
    for o in &book.vat_overrides {
        if !kinds.contains_key(o.kind.as_str()) {
            return Err(unknown_kind(&o.kind, "een btw-afwijking van de markt".into()));
        }
    }
    check_pieces(&req.requested, &products, "gevraagde")?;
    check_pieces(&req.fixed, &products, "vaste")?;

    // Without deduction the fixed products play no part at all: no "(vast)" lines, and a
    // fixed `once` product does not spare its charge.
    let none = BTreeMap::new();
    let deduct = req.status.is_fixed() && !plan.ignore_fixed;
    let fixed = if deduct { &req.fixed } else { &none };
    let pieces = |map: &BTreeMap<String, i64>, key: &str| map.get(key).copied().unwrap_or(0);

    let metres = |map: &BTreeMap<String, i64>, units: &[ProductUnit]| -> Result<i64, QuoteError> {
        map.iter().try_fold(0i64, |sum, (key, n)| match products.get(key.as_str()) {
            Some(p) if units.contains(&p.unit) => {
                n.checked_mul(p.factor).and_then(|m| sum.checked_add(m)).ok_or_else(too_large)
            }
            _ => Ok(sum),
        })
    };

    let mut lines = Vec::new();
    for kind in &book.tariff_kinds {
        let Some(&rate) = plan.rates.get(&kind.code) else { continue };
        if rate.0 < 1 {
            continue;
        }
        let of_kind = || products.values().filter(move |p| p.kind.as_deref() == Some(kind.code.as_str()));
        let (paid, charged) = match kind.unit {
            TariffUnit::Item => of_kind().try_fold((0i64, 0i64), |(paid, charged), p| {
                let (f, r) = (pieces(fixed, &p.key), pieces(&req.requested, &p.key));
                let add =
                    |sum: i64, n: i64| n.checked_mul(p.factor).and_then(|x| sum.checked_add(x)).ok_or_else(too_large);
                Ok((add(paid, f)?, add(charged, (r - f).max(0))?))
            })?,
            // The kind is charged once per permit (fees.md: "once: once per permit"), so
            // several once products priced by the same kind still make one charge. A product
            // covered by the yearly permit gets no "(vast)" line: fees.md lists none for once.
            TariffUnit::Once => {
                let charged =
                    of_kind().any(|p| (p.always || pieces(&req.requested, &p.key) >= 1) && pieces(fixed, &p.key) < 1);
                (0, i64::from(charged))
            }
            TariffUnit::Meters | TariffUnit::MetersLarge | TariffUnit::MetersSmall | TariffUnit::MetersTotal => {
                let units = metre_units(kind.unit);
                let paid = metres(fixed, units)?;
                (paid, (metres(&req.requested, units)? - paid).max(0))
            }
        };
        if paid >= 1 {
            lines.push(line(kind, true, paid, Cents::ZERO, Percent(0))?);
        }
        if charged >= 1 {
            let percent = vat_percent(book, vat_type(book, kind, day), day)?;
            lines.push(line(kind, false, charged, rate, percent)?);
        }
    }
    lines.sort_by_cached_key(|l| (l.label.to_lowercase(), l.label.clone(), l.fixed));

    Ok(Quote {
        plan: plan.name.clone(),
        plan_index,
        total_excl: lines.iter().map(|l| l.excl).sum(),
        total_vat: lines.iter().map(|l| l.vat).sum(),
        total_incl: lines.iter().map(|l| l.incl).sum(),
        lines,
    })
}

fn metre_units(unit: TariffUnit) -> &'static [ProductUnit] {
    use ProductUnit::*;
    match unit {
        TariffUnit::Meters => &[Meters],
        TariffUnit::MetersLarge => &[MetersLarge],
        TariffUnit::MetersSmall => &[MetersSmall],
        TariffUnit::MetersTotal => &[Meters, MetersLarge, MetersSmall],
        TariffUnit::Item | TariffUnit::Once => &[],
    }
}

fn line(kind: &TariffKind, fixed: bool, quantity: i64, price: Cents, vat_percent: Percent) -> Result<Line, QuoteError> {
    let excl = Cents(quantity.checked_mul(price.0).ok_or_else(too_large)?);
    let vat = vat_percent.of(quantity, price);
    let label = &kind.invoice_label;
    Ok(Line {
        label: if fixed { format!("{label} (vast)") } else { label.clone() },
        kind: kind.code.clone(),
        fixed,
        quantity,
        price,
        vat_percent,
        excl,
        vat,
        incl: Cents(excl.0.checked_add(vat.0).ok_or_else(too_large)?),
    })
}

fn vat_type(book: &FeeBook, kind: &TariffKind, day: NaiveDate) -> VatType {
    book.vat_overrides
        .iter()
        .filter(|o| o.kind == kind.code && o.from <= day)
        .max_by_key(|o| o.from)
        .map_or(kind.vat, |o| o.vat)
}

fn vat_percent(book: &FeeBook, vat: VatType, day: NaiveDate) -> Result<Percent, QuoteError> {
    book.vat_rates
        .iter()
        .filter(|r| r.vat == vat && r.from <= day)
        .max_by_key(|r| r.from)
        .map(|r| r.percent)
        .ok_or(QuoteError::NoVatRate { vat, day })
}

fn index_kinds(book: &FeeBook) -> Result<BTreeMap<&str, &TariffKind>, QuoteError> {
    let mut kinds = BTreeMap::new();
    for k in &book.tariff_kinds {
        if kinds.insert(k.code.as_str(), k).is_some() {
            return Err(invalid(format!("tariefsoort ‘{}’ komt twee keer voor", k.code)));
        }
    }
    Ok(kinds)
}

/// Every product of the market is checked, not only the requested ones: they make up the
/// permit form, and a broken one should surface at the first quote, not on a busy morning.
fn index_products<'b>(
    book: &'b FeeBook,
    kinds: &BTreeMap<&str, &TariffKind>,
) -> Result<BTreeMap<&'b str, &'b Product>, QuoteError> {
    let mut products = BTreeMap::new();
    for p in &book.products {
        if products.insert(p.key.as_str(), p).is_some() {
            return Err(invalid(format!("product ‘{}’ komt twee keer voor", p.key)));
        }
        if p.factor < 0 {
            return Err(invalid(format!("product ‘{}’ heeft een negatieve factor {}", p.key, p.factor)));
        }
        let expected = match p.unit {
            ProductUnit::Item => TariffUnit::Item,
            ProductUnit::Once => TariffUnit::Once,
            // Metre products are priced by every metre kind of the plan, not by one kind.
            _ => continue,
        };
        let Some(code) = &p.kind else {
            return Err(invalid(format!("product ‘{}’ ({}) noemt geen tariefsoort", p.key, p.unit.label_nl())));
        };
        let kind = kinds.get(code.as_str()).ok_or_else(|| unknown_kind(code, format!("product ‘{}’", p.key)))?;
        // Pricing a product by a kind of another unit would silently charge it per metre or
        // per permit; that is a configuration mistake, not a price.
        if kind.unit != expected {
            return Err(invalid(format!(
                "product ‘{}’ ({}) is geprijsd met tariefsoort ‘{}’ ({})",
                p.key,
                p.unit.label_nl(),
                kind.code,
                kind.unit.label_nl()
            )));
        }
    }
    Ok(products)
}

fn check_plan(plan: &TariffPlan, kinds: &BTreeMap<&str, &TariffKind>) -> Result<(), QuoteError> {
    for (code, rate) in &plan.rates {
        if !kinds.contains_key(code.as_str()) {
            return Err(unknown_kind(code, format!("tarievenplan ‘{}’", plan.name)));
        }
        if rate.is_negative() {
            return Err(invalid(format!(
                "tarievenplan ‘{}’ heeft een negatief tarief {} voor ‘{code}’",
                plan.name,
                rate.to_decimal()
            )));
        }
    }
    Ok(())
}

fn check_pieces(
    map: &BTreeMap<String, i64>,
    products: &BTreeMap<&str, &Product>,
    place: &'static str,
) -> Result<(), QuoteError> {
    for (key, &n) in map {
        if !products.contains_key(key.as_str()) {
            return Err(QuoteError::UnknownProduct { key: key.clone(), place });
        }
        if n < 0 {
            let message = format!("negatief aantal {n} voor het {place} product ‘{key}’");
            return Err(invalid(message));
        }
    }
    Ok(())
}

fn unknown_kind(code: &str, referenced_by: String) -> QuoteError {
    QuoteError::UnknownTariffKind { code: code.to_string(), referenced_by }
}

fn invalid(message: String) -> QuoteError {
    QuoteError::Invalid(message)
}

fn too_large() -> QuoteError {
    invalid("aantal of bedrag te groot om te berekenen".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    fn kind(code: &str, label: &str, unit: TariffUnit, vat: VatType) -> TariffKind {
        TariffKind { code: code.into(), invoice_label: label.into(), unit, vat }
    }

    fn product(key: &str, unit: ProductUnit, factor: i64, kind: Option<&str>) -> Product {
        Product { key: key.into(), unit, factor, kind: kind.map(Into::into), always: false }
    }

    fn plan(name: &str, from: &str, until: Option<&str>, days: Option<&str>) -> TariffPlan {
        TariffPlan {
            name: name.into(),
            from: d(from),
            until: until.map(d),
            weekdays: days.map(|w| Weekdays::parse_list(w).expect("test weekdays")),
            ignore_fixed: false,
            rates: BTreeMap::new(),
        }
    }

    fn pieces(list: &[(&str, i64)]) -> BTreeMap<String, i64> {
        list.iter().map(|&(k, n)| (k.to_string(), n)).collect()
    }

    /// A metre kind at €2.00 (0 %), cleaning at €0.50 (21 %), electricity per item at €3.00
    /// (9 %), a levy once per permit at €1.00 (0 %).
    fn book() -> FeeBook {
        use ProductUnit as P;
        use TariffUnit as T;
        let mut p = plan("Standaard", "2026-01-01", None, None);
        p.rates = [("meter", 200), ("cleaning", 50), ("power", 300), ("levy", 100)]
            .into_iter()
            .map(|(k, c)| (k.to_string(), Cents(c)))
            .collect();
        let rate = |vat, p| VatRate { vat, percent: Percent::whole(p), from: d("2019-01-01") };
        FeeBook {
            vat_rates: vec![rate(VatType::High, 21), rate(VatType::Low, 9), rate(VatType::Zero, 0)],
            vat_overrides: vec![],
            tariff_kinds: vec![
                kind("meter", "meters", T::Meters, VatType::Zero),
                kind("cleaning", "reiniging", T::Meters, VatType::High),
                kind("power", "elektra", T::Item, VatType::Low),
                kind("levy", "promotie", T::Once, VatType::Zero),
            ],
            products: vec![
                product("stall_3m", P::Meters, 3, None),
                product("stall_4m", P::Meters, 4, None),
                product("power", P::Item, 1, Some("power")),
                product("levy", P::Once, 1, Some("levy")),
                product("levy_extra", P::Once, 1, Some("levy")),
            ],
            plans: vec![p],
        }
    }

    fn request(status: PermitStatus, fixed: &[(&str, i64)], requested: &[(&str, i64)]) -> QuoteRequest {
        QuoteRequest { market_day: d("2026-03-02"), status, fixed: pieces(fixed), requested: pieces(requested) }
    }

    /// (label, quantity, price in cents) per line.
    fn lines(book: &FeeBook, req: &QuoteRequest) -> Vec<(String, i64, i64)> {
        let q = quote(book, req).expect("a quote");
        q.lines.iter().map(|l| (l.label.clone(), l.quantity, l.price.0)).collect()
    }

    fn l(label: &str, quantity: i64, price: i64) -> (String, i64, i64) {
        (label.to_string(), quantity, price)
    }

    #[test]
    fn plan_choice() {
        let mut b = FeeBook::default();
        let choose = |b: &FeeBook, day: &str| choose_plan(b, d(day));
        assert_eq!(choose(&b, "2026-03-02"), None, "no plans, no choice");
        b.plans = vec![
            plan("oud", "2025-01-01", None, None),
            plan("nieuw", "2026-01-01", Some("2026-06-30"), None),
            plan("zaterdag", "2024-01-01", None, Some("za")),
        ];
        assert_eq!(choose(&b, "2026-03-02"), Some(1), "the latest `from` among standard plans");
        assert_eq!(choose(&b, "2026-06-30"), Some(1), "`until` is inclusive");
        assert_eq!(choose(&b, "2026-07-01"), Some(0), "an expired plan no longer applies");
        assert_eq!(choose(&b, "2025-12-31"), Some(0), "a plan applies from its `from` only");
        assert_eq!(choose(&b, "2026-03-07"), Some(2), "a weekday plan beats a newer standard plan");
        assert_eq!(choose(&b, "2023-12-30"), None, "nothing valid yet on that Saturday");
        b.plans.push(plan("zaterdag 2", "2024-01-01", None, Some("vr,za")));
        assert_eq!(choose(&b, "2026-03-07"), Some(3), "same `from`: the plan entered last wins");
        b.plans.push(plan("leeg", "2027-01-01", None, Some("")));
        assert_eq!(choose(&b, "2027-01-04"), Some(4), "an empty weekday set is a standard plan");
        assert_eq!(choose(&b, "2027-01-02"), Some(3), "and does not beat a weekday plan");
    }

    #[test]
    fn fixed_metres_and_items_are_deducted() {
        let b = book();
        let req = request(
            PermitStatus::Vpl,
            &[("stall_4m", 1), ("power", 1)],
            &[("stall_3m", 1), ("stall_4m", 1), ("power", 3)],
        );
        assert_eq!(
            lines(&b, &req),
            vec![
                l("elektra", 2, 300),
                l("elektra (vast)", 1, 0),
                l("meters", 3, 200),
                l("meters (vast)", 4, 0),
                l("reiniging", 3, 50),
                l("reiniging (vast)", 4, 0),
            ],
            "7 metres requested, 4 fixed; 3 items requested, 1 fixed"
        );
    }

    #[test]
    fn fixed_beyond_the_request_is_shown_and_charges_nothing() {
        // fees.md: the "(vast)" line carries paid_u (the fixed products), and
        // unpaid_u = total_u − paid_u is clamped at zero.
        let b = book();
        let req = request(PermitStatus::Tvpl, &[("stall_4m", 2), ("power", 2)], &[("stall_3m", 1), ("power", 1)]);
        assert_eq!(
            lines(&b, &req),
            vec![l("elektra (vast)", 2, 0), l("meters (vast)", 8, 0), l("reiniging (vast)", 8, 0)]
        );
    }

    #[test]
    fn no_deduction_for_applicants_lot_and_ignore_fixed() {
        let fixed = [("stall_4m", 1), ("power", 1), ("levy", 1)];
        let requested = [("stall_4m", 1), ("power", 1), ("levy", 1)];
        let full = vec![l("elektra", 1, 300), l("meters", 4, 200), l("promotie", 1, 100), l("reiniging", 4, 50)];
        let b = book();
        for status in [PermitStatus::Soll, PermitStatus::Lot] {
            assert_eq!(lines(&b, &request(status, &fixed, &requested)), full, "{status}");
        }
        let mut special = book();
        special.plans[0].ignore_fixed = true;
        assert_eq!(lines(&special, &request(PermitStatus::Vpl, &fixed, &requested)), full);
        assert_ne!(lines(&b, &request(PermitStatus::Vpl, &fixed, &requested)), full, "vpl is deducted");
    }

    #[test]
    fn once_products() {
        let mut b = book();
        let soll = |fixed: &[(&str, i64)], requested: &[(&str, i64)], status| request(status, fixed, requested);
        assert_eq!(lines(&b, &soll(&[], &[], PermitStatus::Soll)), vec![], "not requested, not always");
        let both = [("levy", 1), ("levy_extra", 3)];
        assert_eq!(
            lines(&b, &soll(&[], &both, PermitStatus::Soll)),
            vec![l("promotie", 1, 100)],
            "once per permit, however many once products of the kind are requested"
        );
        b.products[3].always = true;
        assert_eq!(lines(&b, &soll(&[], &[], PermitStatus::Soll)), vec![l("promotie", 1, 100)]);
        assert_eq!(
            lines(&b, &soll(&[("levy", 1)], &[], PermitStatus::Vpl)),
            vec![],
            "covered by the fixed products, and no (vast) line for a once product"
        );
        assert_eq!(
            lines(&b, &soll(&[("levy", 1)], &[("levy_extra", 1)], PermitStatus::Vpl)),
            vec![l("promotie", 1, 100)],
            "another requested once product of the kind is still charged"
        );
    }

    #[test]
    fn zero_rates_make_no_lines_and_vat_only_for_charged_lines() {
        let mut b = book();
        b.plans[0].rates.insert("cleaning".into(), Cents::ZERO);
        b.vat_rates.clear();
        let req = request(PermitStatus::Vpl, &[("stall_4m", 1)], &[("stall_4m", 1)]);
        assert_eq!(lines(&b, &req), vec![l("meters (vast)", 4, 0)], "no rate for cleaning, no VAT needed");
        let req = request(PermitStatus::Vpl, &[], &[("stall_4m", 1)]);
        assert_eq!(quote(&b, &req), Err(QuoteError::NoVatRate { vat: VatType::Zero, day: d("2026-03-02") }));
    }

    #[test]
    fn vat_by_day_and_override() {
        let mut b = book();
        b.vat_rates.push(VatRate { vat: VatType::High, percent: Percent::whole(22), from: d("2026-03-03") });
        b.vat_overrides = vec![
            VatOverride { kind: "power".into(), vat: VatType::High, from: d("2026-02-01") },
            VatOverride { kind: "power".into(), vat: VatType::Zero, from: d("2026-03-03") },
        ];
        let percent = |day: &str| {
            let mut req = request(PermitStatus::Soll, &[], &[("power", 1)]);
            req.market_day = d(day);
            quote(&b, &req).expect("a quote").lines[0].vat_percent
        };
        assert_eq!(percent("2026-01-31"), Percent::whole(9), "the kind's own type before the override");
        assert_eq!(percent("2026-03-02"), Percent::whole(21), "overridden to hoog");
        assert_eq!(percent("2026-03-03"), Percent::whole(0), "the latest override wins");
    }

    #[test]
    fn errors_name_the_thing() {
        let b = book();
        let code = |b: &FeeBook, req: &QuoteRequest| {
            let e = quote(b, req).expect_err("an error");
            (e.code(), e.to_string())
        };
        let (c, m) = code(&b, &request(PermitStatus::Vpl, &[("kraam", 1)], &[]));
        assert_eq!(c, "unknown_product");
        assert!(m.contains("kraam") && m.contains("vaste"), "{m}");
        let (c, m) = code(&b, &request(PermitStatus::Soll, &[], &[("power", -1)]));
        assert_eq!(c, "invalid_case");
        assert!(m.contains("power") && m.contains("-1"), "{m}");
        let mut wrong_unit = book();
        wrong_unit.products[2].kind = Some("meter".into());
        let (c, m) = code(&wrong_unit, &request(PermitStatus::Soll, &[], &[]));
        assert_eq!(c, "invalid_case");
        assert!(m.contains("power") && m.contains("meter"), "{m}");
        let mut unknown = book();
        unknown.plans[0].rates.insert("water".into(), Cents(10));
        let (c, m) = code(&unknown, &request(PermitStatus::Soll, &[], &[]));
        assert_eq!(c, "unknown_tariff_kind");
        assert!(m.contains("water") && m.contains("Standaard"), "{m}");
        let mut later = request(PermitStatus::Soll, &[], &[]);
        later.market_day = d("2025-12-31");
        let (c, m) = code(&b, &later);
        assert_eq!(c, "no_tariff_plan");
        assert!(m.contains("2025-12-31") && m.contains("woensdag"), "{m}");
        let (c, _) = code(&b, &request(PermitStatus::Soll, &[], &[("stall_4m", i64::MAX)]));
        assert_eq!(c, "invalid_case", "overflow is refused, not wrapped");
    }

    fn arb_book_and_request() -> impl Strategy<Value = (FeeBook, QuoteRequest)> {
        use ProductUnit as P;
        use TariffUnit as T;
        let units = [T::Meters, T::MetersLarge, T::MetersSmall, T::MetersTotal, T::Item, T::Once];
        let labels = ["afval", "Afval", "elektra", "Reiniging", "meters", "Zwerfvuil", "b"];
        let kinds = prop::collection::vec((0..units.len(), 0..labels.len(), 0..3usize), 2..8);
        let products = prop::collection::vec((0..5usize, 0i64..6, any::<prop::sample::Index>(), any::<bool>()), 1..8);
        let rates = prop::collection::vec(prop_oneof![1 => Just(0i64), 4 => 1i64..100_000], 8);
        let percents = prop::collection::vec(0u32..3000, 3);
        let counts = prop::collection::vec((0i64..5, 0i64..5), 8);
        (kinds, products, rates, percents, counts, any::<bool>(), 0..PermitStatus::ALL.len()).prop_map(
            move |(kinds, products, rates, percents, counts, ignore_fixed, status)| {
                let vats = [VatType::High, VatType::Low, VatType::Zero];
                let tariff_kinds: Vec<TariffKind> = kinds
                    .iter()
                    .enumerate()
                    .map(|(i, &(u, lab, v))| kind(&format!("k{i}"), labels[lab], units[u], vats[v]))
                    .collect();
                let punits = [P::Meters, P::MetersLarge, P::MetersSmall, P::Item, P::Once];
                let products: Vec<Product> = products
                    .iter()
                    .enumerate()
                    .filter_map(|(i, &(u, factor, pick, always))| {
                        let unit = punits[u];
                        let want = match unit {
                            P::Item => Some(T::Item),
                            P::Once => Some(T::Once),
                            _ => None,
                        };
                        let kind = match want {
                            None => None,
                            Some(t) => {
                                let fitting: Vec<_> = tariff_kinds.iter().filter(|k| k.unit == t).collect();
                                if fitting.is_empty() {
                                    return None;
                                }
                                Some(pick.get(&fitting).code.clone())
                            }
                        };
                        Some(Product { key: format!("p{i}"), unit, factor, kind, always })
                    })
                    .collect();
                let mut p = plan("P", "2020-01-01", None, None);
                p.ignore_fixed = ignore_fixed;
                p.rates = tariff_kinds.iter().zip(&rates).map(|(k, &r)| (k.code.clone(), Cents(r))).collect();
                let vat_rates = vats
                    .iter()
                    .zip(&percents)
                    .map(|(&vat, &p)| VatRate { vat, percent: Percent(p), from: d("2019-01-01") })
                    .collect();
                let book = FeeBook { vat_rates, vat_overrides: vec![], tariff_kinds, products, plans: vec![p] };
                let (mut fixed, mut requested) = (BTreeMap::new(), BTreeMap::new());
                for (prod, &(f, r)) in book.products.iter().zip(&counts) {
                    fixed.insert(prod.key.clone(), f);
                    requested.insert(prod.key.clone(), r);
                }
                let req =
                    QuoteRequest { market_day: d("2026-03-02"), status: PermitStatus::ALL[status], fixed, requested };
                (book, req)
            },
        )
    }

    proptest! {
        #[test]
        fn quotes_add_up((book, req) in arb_book_and_request()) {
            let q = quote(&book, &req).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(q.lines.iter().map(|l| l.excl).sum::<Cents>(), q.total_excl);
            prop_assert_eq!(q.lines.iter().map(|l| l.vat).sum::<Cents>(), q.total_vat);
            prop_assert_eq!(q.lines.iter().map(|l| l.incl).sum::<Cents>(), q.total_incl);
            for line in &q.lines {
                prop_assert_eq!(line.incl, line.excl + line.vat, "{:?}", line);
                prop_assert_eq!(line.excl.0, line.quantity * line.price.0, "{:?}", line);
                prop_assert!(line.quantity >= 1, "{:?}", line);
                if line.fixed {
                    let zero = (Cents::ZERO, Percent(0), Cents::ZERO);
                    prop_assert_eq!((line.price, line.vat_percent, line.vat), zero);
                    prop_assert!(line.label.ends_with(" (vast)"));
                } else {
                    prop_assert!(line.price.0 >= 1, "{:?}", line);
                }
            }
            for pair in q.lines.windows(2) {
                let (a, b) = (pair[0].label.to_lowercase(), pair[1].label.to_lowercase());
                prop_assert!(a <= b, "{:?}", pair);
            }
            if !req.status.is_fixed() || book.plans[0].ignore_fixed {
                prop_assert!(q.lines.iter().all(|l| !l.fixed), "nothing is deducted");
            }
            let again = quote(&book.clone(), &req.clone());
            prop_assert_eq!(again, Ok(q), "the same inputs, the same quote");
        }
    }
}

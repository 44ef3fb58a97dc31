//! The quote case format of fees.md (`markt quote CASE.json`): its own serde types, kept
//! apart from the engine's so the JSON can change without touching the rules.
//!
//! Unknown keys are ignored, so a case may carry notes or fields of a later version; a bad
//! value is refused with the JSON path of the field (`plans[0].rates.meter`).

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{Deserializer, Error as _};
use serde_json::{Value, json};

use super::{FeeBook, Product, Quote, QuoteRequest, TariffKind, TariffPlan, VatOverride, VatRate, quote};
use crate::code::{PermitStatus, ProductUnit, TariffUnit, UnknownCode, VatType, Weekdays};
use crate::money::{Cents, Percent};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("ongeldige case: geen geldige JSON: {0}")]
    Syntax(String),
    #[error("ongeldige case bij ‘{path}’: {message}")]
    Field { path: String, message: String },
}

impl CaseError {
    pub fn code(&self) -> &'static str {
        "invalid_case"
    }
}

#[derive(Deserialize)]
struct CaseDto {
    market_day: Date,
    vat_rates: Vec<VatRateDto>,
    #[serde(default)]
    vat_overrides: Vec<VatOverrideDto>,
    tariff_kinds: Vec<TariffKindDto>,
    products: Vec<ProductDto>,
    plans: Vec<PlanDto>,
    status: Code<PermitStatus>,
    #[serde(default)]
    fixed: BTreeMap<String, Pieces>,
    #[serde(default)]
    requested: BTreeMap<String, Pieces>,
}

#[derive(Deserialize)]
struct VatRateDto {
    vat: Code<VatType>,
    percent: Pct,
    from: Date,
}

#[derive(Deserialize)]
struct VatOverrideDto {
    kind: String,
    vat: Code<VatType>,
    from: Date,
}

#[derive(Deserialize)]
struct TariffKindDto {
    code: String,
    invoice_label: String,
    unit: Code<TariffUnit>,
    vat: Code<VatType>,
}

#[derive(Deserialize)]
struct ProductDto {
    key: String,
    unit: Code<ProductUnit>,
    factor: i64,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    always: bool,
}

#[derive(Deserialize)]
struct PlanDto {
    name: String,
    from: Date,
    #[serde(default)]
    until: Option<Date>,
    #[serde(default)]
    weekdays: Option<Days>,
    #[serde(default)]
    ignore_fixed: bool,
    rates: BTreeMap<String, Money>,
}

/// Leaf values parse themselves inside serde, so that `serde_path_to_error` still knows
/// where they are when they are wrong.
struct Date(NaiveDate);
struct Money(Cents);
struct Pct(Percent);
struct Pieces(i64);
struct Code<T>(T);
struct Days(Weekdays);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| D::Error::custom(format!("‘{s}’ is geen datum als 2026-03-02")))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Cents::parse_decimal(&s).map(Money).map_err(D::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Pct {
    /// A JSON number; read through its decimal text so 6.5 becomes exactly 650 hundredths
    /// instead of passing through float arithmetic.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        let text = n.to_string();
        match Cents::parse_decimal(&text) {
            Ok(Cents(h)) if h >= 0 => u32::try_from(h).map(|h| Pct(Percent(h))).ok(),
            _ => None,
        }
        .ok_or_else(|| D::Error::custom(format!("{text} is geen percentage (0 of meer, hoogstens twee decimalen)")))
    }
}

impl<'de> Deserialize<'de> for Pieces {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match i64::deserialize(d)? {
            n if n < 0 => Err(D::Error::custom(format!("negatief aantal {n}"))),
            n => Ok(Pieces(n)),
        }
    }
}

impl<'de, T: FromStr<Err = UnknownCode>> Deserialize<'de> for Code<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map(Code).map_err(D::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Days {
    /// `["ma", "za"]` as fees.md writes it, or `"ma,za"` as the tariff screens store it.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            List(Vec<String>),
            Text(String),
        }
        let text = match Form::deserialize(d)
            .map_err(|_| D::Error::custom("verwacht een lijst weekdagen als [\"ma\", \"za\"]"))?
        {
            Form::List(days) => days.join(","),
            Form::Text(text) => text,
        };
        Weekdays::parse_list(&text).map(Days).map_err(D::Error::custom)
    }
}

/// Reads a case into the engine's types.
pub fn parse_case(json: &str) -> Result<(FeeBook, QuoteRequest), CaseError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let case: CaseDto = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // serde_json appends the position in English; the UI speaks Dutch.
        let text = inner.to_string();
        let position = format!(" at line {} column {}", inner.line(), inner.column());
        let message = match text.strip_suffix(&position) {
            Some(bare) => format!("{bare} (regel {}, kolom {})", inner.line(), inner.column()),
            None => text,
        };
        if inner.is_syntax() || inner.is_eof() {
            CaseError::Syntax(message)
        } else {
            CaseError::Field { path, message }
        }
    })?;
    let pieces = |m: BTreeMap<String, Pieces>| m.into_iter().map(|(k, Pieces(n))| (k, n)).collect();
    let book = FeeBook {
        vat_rates: case
            .vat_rates
            .into_iter()
            .map(|r| VatRate { vat: r.vat.0, percent: r.percent.0, from: r.from.0 })
            .collect(),
        vat_overrides: case
            .vat_overrides
            .into_iter()
            .map(|o| VatOverride { kind: o.kind, vat: o.vat.0, from: o.from.0 })
            .collect(),
        tariff_kinds: case
            .tariff_kinds
            .into_iter()
            .map(|k| TariffKind { code: k.code, invoice_label: k.invoice_label, unit: k.unit.0, vat: k.vat.0 })
            .collect(),
        products: case
            .products
            .into_iter()
            .map(|p| Product { key: p.key, unit: p.unit.0, factor: p.factor, kind: p.kind, always: p.always })
            .collect(),
        plans: case
            .plans
            .into_iter()
            .map(|p| TariffPlan {
                name: p.name,
                from: p.from.0,
                until: p.until.map(|d| d.0),
                weekdays: p.weekdays.map(|d| d.0),
                ignore_fixed: p.ignore_fixed,
                rates: p.rates.into_iter().map(|(k, Money(c))| (k, c)).collect(),
            })
            .collect(),
    };
    let request = QuoteRequest {
        market_day: case.market_day.0,
        status: case.status.0,
        fixed: pieces(case.fixed),
        requested: pieces(case.requested),
    };
    Ok((book, request))
}

/// The answer of fees.md: money as `"12.30"`, the VAT percentage as a JSON number.
pub fn answer_json(q: &Quote) -> Value {
    let lines: Vec<Value> = q
        .lines
        .iter()
        .map(|l| {
            json!({
                "label": l.label,
                "quantity": l.quantity,
                "price": l.price.to_decimal(),
                "vat_percent": percent_json(l.vat_percent),
                "excl": l.excl.to_decimal(),
                "vat": l.vat.to_decimal(),
                "incl": l.incl.to_decimal(),
            })
        })
        .collect();
    json!({
        "plan": q.plan,
        "lines": lines,
        "total_excl": q.total_excl.to_decimal(),
        "total_vat": q.total_vat.to_decimal(),
        "total_incl": q.total_incl.to_decimal(),
    })
}

/// `21`, not `21.0`: a whole percentage is a JSON integer, 6,5 % is `6.5`.
fn percent_json(p: Percent) -> Value {
    if p.0.is_multiple_of(100) { json!(p.0 / 100) } else { json!(f64::from(p.0) / 100.0) }
}

pub fn error_json(code: &str, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

/// Parse, quote and answer: what `markt quote CASE.json` prints. The error is
/// `(code, message)` for `error_json`.
pub fn run_case(json: &str) -> Result<Value, (String, String)> {
    let (book, request) = parse_case(json).map_err(|e| (e.code().to_string(), e.to_string()))?;
    let q = quote(&book, &request).map_err(|e| (e.code().to_string(), e.to_string()))?;
    Ok(answer_json(&q))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_with(plans: &str) -> String {
        format!(
            r#"{{"market_day": "2026-03-02", "vat_rates": [], "tariff_kinds": [], "products": [],
                "plans": {plans}, "status": "soll", "note": "unknown keys are ignored"}}"#
        )
    }

    fn field_error(json: &str) -> (String, String) {
        match parse_case(json) {
            Err(CaseError::Field { path, message }) => (path, message),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn bad_values_name_their_path() {
        let plan = |rates: &str, extra: &str| {
            case_with(&format!(r#"[{{"name": "P", "from": "2026-01-01", "rates": {rates}{extra}}}]"#))
        };
        let (path, message) = field_error(&plan(r#"{"meter": "2,46"}"#, ""));
        assert_eq!(path, "plans[0].rates.meter");
        assert!(message.contains("2,46"), "the message quotes the bad amount: {message}");
        assert_eq!(field_error(&plan(r#"{"meter": 2.46}"#, "")).0, "plans[0].rates.meter");
        assert_eq!(field_error(&plan("{}", r#", "weekdays": ["ma", "xx"]"#)).0, "plans[0].weekdays");
        assert_eq!(field_error(&plan("{}", r#", "until": "2026-02-30""#)).0, "plans[0].until");
        let err = parse_case("{").unwrap_err();
        assert_eq!(err.code(), "invalid_case");
        assert!(matches!(err, CaseError::Syntax(_)));
    }

    #[test]
    fn leniency_and_optional_fields() {
        let json =
            case_with(r#"[{"name": "P", "from": "2026-01-01", "weekdays": "ma, za", "rates": {"m": "2"}, "x": 1}]"#);
        let (book, req) = parse_case(&json).expect("a valid case");
        let plan = &book.plans[0];
        assert_eq!(plan.weekdays.map(|w| w.to_string()).as_deref(), Some("ma,za"));
        assert_eq!((plan.until, plan.ignore_fixed), (None, false));
        assert_eq!(plan.rates["m"], Cents(200));
        assert!(req.fixed.is_empty() && req.requested.is_empty() && book.vat_overrides.is_empty());
    }

    #[test]
    fn percentages_are_exact() {
        let pct = |n: &str| {
            let json = format!(
                r#"{{"market_day": "2026-03-02", "vat_rates": [{{"vat": "laag", "percent": {n}, "from": "2026-01-01"}}],
                    "tariff_kinds": [], "products": [], "plans": [], "status": "vpl"}}"#
            );
            parse_case(&json).map(|(b, _)| b.vat_rates[0].percent)
        };
        assert_eq!(pct("21"), Ok(Percent(2100)));
        assert_eq!(pct("6.5"), Ok(Percent(650)));
        assert_eq!(pct("0.07"), Ok(Percent(7)));
        for bad in ["-1", "6.555", "\"9\""] {
            let err = pct(bad).expect_err(bad);
            assert!(err.to_string().contains("vat_rates[0].percent"), "{bad}: {err}");
        }
        assert_eq!(percent_json(Percent(650)), json!(6.5));
        assert_eq!(percent_json(Percent(2100)), json!(21));
        assert!(percent_json(Percent(2100)).is_u64(), "a whole percentage is an integer");
    }

    #[test]
    fn errors_have_code_and_message() {
        assert_eq!(
            error_json("no_tariff_plan", "geen plan"),
            json!({"error": {"code": "no_tariff_plan", "message": "geen plan"}})
        );
        let (code, message) = run_case(&case_with("[]")).expect_err("no plans");
        assert_eq!(code, "no_tariff_plan");
        assert!(message.contains("2026-03-02"), "{message}");
    }
}

//! Vendors (ondernemers) and their substitutes (vervangers).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{RegistrationStatus, VendorStatus};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{MarketId, SubstituteId, VendorId};

/// An erkenningsnummer: ten digits, shown with a dot after the eighth (`19570810.02`),
/// stored without it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
    /// Accepts `1957081002` and `19570810.02` (what the pass shows and what clerks type).
    pub fn parse(text: &str) -> Result<RegistrationNumber> {
        let t = text.trim();
        let digits: String = match t.split_once('.') {
            Some((a, b)) if a.len() == 8 && b.len() == 2 => format!("{a}{b}"),
            Some(_) => String::new(),
            None => t.to_string(),
        };
        if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(RegistrationNumber(digits))
        } else {
            Err(Error::invalid(
                "registration_number",
                Problem::Format,
                "een erkenningsnummer heeft 10 cijfers, bijv. 19570810.02",
            ))
        }
    }

    /// The ten digits, as stored.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", &self.0[..8], &self.0[8..])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vendor {
    pub id: VendorId,
    pub registration_number: RegistrationNumber,
    pub initials: String,
    pub infix: String,
    pub surname: String,
    pub email: String,
    pub phone: String,
    pub pass_id: Option<String>,
    pub status: VendorStatus,
    /// The enforcement request (handhavingsverzoek) runs to this day.
    pub enforcement_until: Option<NaiveDate>,
}

impl Vendor {
    /// `J.P. van der Berg`.
    pub fn name(&self) -> String {
        [self.initials.as_str(), self.infix.as_str(), self.surname.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `Berg, J.P. van der`: how office lists are sorted and printed.
    pub fn sort_name(&self) -> String {
        let rest = [self.initials.as_str(), self.infix.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if rest.is_empty() { self.surname.clone() } else { format!("{}, {rest}", self.surname) }
    }

    pub fn enforcement_on(&self, day: NaiveDate) -> bool {
        self.enforcement_until.is_some_and(|until| until >= day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VendorInput {
    pub registration_number: String,
    pub initials: String,
    pub infix: String,
    pub surname: String,
    pub email: String,
    pub phone: String,
    pub pass_id: String,
    pub status: Option<VendorStatus>,
    pub enforcement_until: Option<NaiveDate>,
}

/// A validated vendor form.
pub(crate) struct ValidVendor {
    pub number: RegistrationNumber,
    pub initials: String,
    pub infix: String,
    pub surname: String,
    pub email: String,
    pub phone: String,
    pub pass_id: Option<String>,
    pub status: VendorStatus,
    pub enforcement_until: Option<NaiveDate>,
    pub search_name: String,
}

/// Lower case without diacritics: "Daniëlle Çelik" is found by typing "daniel celik".
pub fn fold_for_search(text: &str) -> String {
    text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

fn validate(input: &VendorInput) -> Result<ValidVendor> {
    let mut v = Validator::new();
    let number = RegistrationNumber::parse(&input.registration_number);
    if let Err(e) = &number {
        for f in e.field_errors() {
            v.fail(f.field.clone(), f.problem, f.message.clone());
        }
    }
    v.text("surname", &input.surname, 80);
    v.optional_text("initials", &input.initials, 20);
    v.optional_text("infix", &input.infix, 20);
    v.optional_text("email", &input.email, 120);
    v.check(
        "email",
        input.email.trim().is_empty() || {
            let e = input.email.trim();
            e.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !e.contains(' '))
        },
        Problem::Format,
        "geen geldig e-mailadres",
    );
    v.optional_text("phone", &input.phone, 30);
    v.check(
        "phone",
        input.phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)),
        Problem::Format,
        "alleen cijfers, spaties en + - ( )",
    );
    v.optional_text("pass_id", &input.pass_id, 40);
    v.check("status", input.status.is_some(), Problem::Required, "kies een status");
    v.finish()?;
    let (initials, infix, surname) = (input.initials.trim(), input.infix.trim(), input.surname.trim());
    Ok(ValidVendor {
        number: number?,
        initials: initials.to_string(),
        infix: infix.to_string(),
        surname: surname.to_string(),
        email: input.email.trim().to_string(),
        phone: input.phone.trim().to_string(),
        pass_id: Some(input.pass_id.trim().to_string()).filter(|p| !p.is_empty()),
        status: input.status.unwrap_or(VendorStatus::Active),
        enforcement_until: input.enforcement_until,
        search_name: fold_for_search(&format!("{surname} {infix} {initials} {infix} {surname}")),
    })
}

fn check_unique(tx: &Tx<'_>, v: &ValidVendor, id: Option<VendorId>) -> Result<()> {
    if let Some(other) = db::vendor::find_by_number(tx, &v.number)?
        && Some(other.id) != id
    {
        return Err(Error::invalid(
            "registration_number",
            Problem::Duplicate,
            format!("erkenningsnummer {} is al van {}", v.number, other.name()),
        ));
    }
    if let Some(pass) = &v.pass_id
        && let Some(other) = db::vendor::find_by_pass(tx, pass)?
        && Some(other.id) != id
    {
        return Err(Error::invalid("pass_id", Problem::Duplicate, format!("pas {pass} is al van {}", other.name())));
    }
    Ok(())
}

pub fn create(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &VendorInput) -> Result<VendorId> {
    actor.require(Action::EditVendors)?;
    let valid = validate(input)?;
    store.write(|tx| {
        check_unique(tx, &valid, None)?;
        let id = db::vendor::insert(tx, &valid)?;
        let after = db::vendor::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "vendor.create", "vendor", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn update(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: VendorId, input: &VendorInput) -> Result<()> {
    actor.require(Action::EditVendors)?;
    let valid = validate(input)?;
    store.write(|tx| {
        let before = db::vendor::get(tx, id)?.ok_or_else(|| Error::not_found("ondernemer", id))?;
        check_unique(tx, &valid, Some(id))?;
        db::vendor::update(tx, id, &valid)?;
        let after = db::vendor::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "vendor.update", "vendor", id, Some(&before), after.as_ref())
    })
}

pub fn get(store: &mut Store, actor: &Actor, id: VendorId) -> Result<Vendor> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| db::vendor::get(c, id))?.ok_or_else(|| Error::not_found("ondernemer", id))
}

/// Finds a vendor by registration number, with or without the dot.
pub fn by_number(store: &mut Store, actor: &Actor, number: &str) -> Result<Vendor> {
    actor.require(Action::ReadVendors)?;
    let n = RegistrationNumber::parse(number)?;
    store.read(|c| db::vendor::find_by_number(c, &n))?.ok_or_else(|| Error::not_found("ondernemer", n))
}

/// One page of a vendor search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many match in all, for the scroll bar.
    pub total: i64,
}

/// A vendor found by [`search`], with its registration at the market asked about, so
/// that two vendors of the same name can be told apart at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub vendor: Vendor,
    /// The active (not voided) registration at the market of the search; `None` when the
    /// vendor has none there, or the search named no market.
    pub registration: Option<HitRegistration>,
}

/// What a search result says of a vendor's registration at one market.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HitRegistration {
    pub status: RegistrationStatus,
    /// Seniority on the market (sollicitatienummer).
    pub list_number: i64,
}

/// Search as you type: every word of `query` must occur in the name (without diacritics),
/// or the query is the start of a registration number (with or without its dot). With a
/// `market`, each hit carries the vendor's registration there (one join over the page, so
/// the search stays as fast as without).
pub fn search(
    store: &mut Store,
    actor: &Actor,
    query: &str,
    market: Option<MarketId>,
    offset: i64,
    limit: i64,
) -> Result<Page<SearchHit>> {
    actor.require(Action::ReadVendors)?;
    let words: Vec<String> = fold_for_search(query).split_whitespace().map(str::to_string).collect();
    let digits: String = query.trim().chars().filter(|c| *c != '.').collect();
    let number_prefix = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits);
    store.read(|c| db::vendor::search(c, &words, number_prefix.as_deref(), market, offset, limit.clamp(1, 500)))
}

/// A registration as the vendor page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationView {
    pub registration: crate::registration::Registration,
    pub market_code: String,
    pub market_name: String,
    pub stall_numbers: Vec<String>,
    pub products: Vec<(crate::tariff::Product, i64)>,
}

/// Everything the vendor page shows: the vendor, its registrations on every market, its
/// substitutes and the vendors it may stand in for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorPage {
    pub vendor: Vendor,
    pub registrations: Vec<RegistrationView>,
    pub substitutes: Vec<(Substitute, Vendor)>,
    pub substitute_for: Vec<(Substitute, Vendor)>,
}

pub fn page(store: &mut Store, actor: &Actor, id: VendorId) -> Result<VendorPage> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| {
        let vendor = db::vendor::get(c, id)?.ok_or_else(|| Error::not_found("ondernemer", id))?;
        let mut registrations = Vec::new();
        for r in db::registration::of_vendor(c, id)? {
            let market = db::market::get(c, r.market)?.ok_or_else(|| Error::not_found("markt", r.market))?;
            let mut stall_numbers = Vec::new();
            for s in &r.stalls {
                if let Some(stall) = db::market::stall(c, *s)? {
                    stall_numbers.push(stall.number.to_string());
                }
            }
            let mut products = Vec::new();
            for (p, q) in &r.products {
                if let Some(product) = db::tariff::product(c, *p)? {
                    products.push((product, *q));
                }
            }
            registrations.push(RegistrationView {
                registration: r,
                market_code: market.code,
                market_name: market.name,
                stall_numbers,
                products,
            });
        }
        let with_vendor = |subs: Vec<Substitute>,
                           other: fn(&Substitute) -> VendorId|
         -> Result<Vec<(Substitute, Vendor)>> {
            subs.into_iter()
                .map(|s| {
                    let v = db::vendor::get(c, other(&s))?.ok_or_else(|| Error::not_found("ondernemer", other(&s)))?;
                    Ok((s, v))
                })
                .collect()
        };
        Ok(VendorPage {
            substitutes: with_vendor(db::vendor::substitutes_of(c, id)?, |s| s.substitute)?,
            substitute_for: with_vendor(db::vendor::substitute_for(c, id)?, |s| s.vendor)?,
            vendor,
            registrations,
        })
    })
}

// ── Substitutes ──────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Substitute {
    pub id: SubstituteId,
    pub vendor: VendorId,
    pub substitute: VendorId,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl Substitute {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_until.is_none_or(|u| day <= u)
    }
}

/// Registers `substitute` (a vendor record too) as allowed to stand in for `vendor`.
pub fn add_substitute(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    vendor: VendorId,
    substitute: VendorId,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
) -> Result<SubstituteId> {
    actor.require(Action::EditVendors)?;
    let mut v = Validator::new();
    v.check("substitute", vendor != substitute, Problem::Conflict, "een ondernemer kan niet zijn eigen vervanger zijn");
    v.check(
        "valid_until",
        valid_until.is_none_or(|u| u >= valid_from),
        Problem::OutOfRange,
        "einddatum ligt voor de begindatum",
    );
    v.finish()?;
    store.write(|tx| {
        db::vendor::get(tx, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        let sub = db::vendor::get(tx, substitute)?.ok_or_else(|| Error::not_found("vervanger", substitute))?;
        if sub.status == VendorStatus::Removed {
            return Err(Error::invalid("substitute", Problem::Conflict, format!("{} is verwijderd", sub.name())));
        }
        if db::vendor::substitutes_of(tx, vendor)?.iter().any(|s| s.substitute == substitute) {
            return Err(Error::invalid("substitute", Problem::Duplicate, format!("{} is al vervanger", sub.name())));
        }
        let id = db::vendor::insert_substitute(tx, vendor, substitute, valid_from, valid_until)?;
        let after = db::vendor::substitute(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "substitute.create", "substitute", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// Registers a substitute found by registration number (with or without the dot).
pub fn add_substitute_by_number(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    vendor: VendorId,
    number: &str,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
) -> Result<SubstituteId> {
    actor.require(Action::EditVendors)?;
    let number = RegistrationNumber::parse(number).map_err(|_| {
        Error::invalid("substitute", Problem::Format, "een erkenningsnummer heeft 10 cijfers, bijv. 19570810.02")
    })?;
    let found = store.read(|c| db::vendor::find_by_number(c, &number))?;
    let sub = found.ok_or_else(|| {
        Error::invalid("substitute", Problem::Unknown, format!("geen ondernemer met nummer {number}"))
    })?;
    add_substitute(store, actor, now, vendor, sub.id, valid_from, valid_until)
}

/// Ends a substitute's permission from a day on (the record stays, for history).
pub fn end_substitute(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: SubstituteId,
    until: NaiveDate,
) -> Result<()> {
    actor.require(Action::EditVendors)?;
    store.write(|tx| {
        let before = db::vendor::substitute(tx, id)?.ok_or_else(|| Error::not_found("vervanger", id))?;
        if until < before.valid_from {
            return Err(Error::invalid("valid_until", Problem::OutOfRange, "einddatum ligt voor de begindatum"));
        }
        db::vendor::end_substitute(tx, id, until)?;
        let after = db::vendor::substitute(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "substitute.end", "substitute", id, Some(&before), after.as_ref())
    })
}

pub fn substitutes_of(store: &mut Store, actor: &Actor, vendor: VendorId) -> Result<Vec<Substitute>> {
    actor.require(Action::ReadVendors)?;
    store.read(|c| db::vendor::substitutes_of(c, vendor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_numbers_with_or_without_dot() {
        let a = RegistrationNumber::parse("19570810.02").unwrap();
        let b = RegistrationNumber::parse(" 1957081002 ").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.digits(), "1957081002");
        assert_eq!(a.to_string(), "19570810.02");
        for bad in ["195708100", "19570810.2", "1957.081002", "19570810a2", "", "12345678901"] {
            let e = RegistrationNumber::parse(bad).unwrap_err();
            assert_eq!(e.field_errors()[0].field, "registration_number", "{bad}");
        }
    }

    #[test]
    fn folding_drops_diacritics() {
        assert_eq!(fold_for_search("Daniëlle Çelik"), "danielle celik");
        assert_eq!(fold_for_search("Eén"), "een");
    }

    #[test]
    fn names() {
        let v = Vendor {
            id: VendorId(1),
            registration_number: RegistrationNumber::parse("1957081002").unwrap(),
            initials: "J.P.".into(),
            infix: "van der".into(),
            surname: "Berg".into(),
            email: String::new(),
            phone: String::new(),
            pass_id: None,
            status: VendorStatus::Active,
            enforcement_until: NaiveDate::from_ymd_opt(2026, 11, 27),
        };
        assert_eq!(v.name(), "J.P. van der Berg");
        assert_eq!(v.sort_name(), "Berg, J.P. van der");
        assert!(v.enforcement_on(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()));
        assert!(!v.enforcement_on(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()));
    }
}

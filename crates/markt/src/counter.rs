//! The permit counter (uitgifte): what a clerk sees after typing or scanning a vendor's
//! number — the vendor's standing on this market, today's allocation, the products to
//! prefill, and the warnings — and the live price of the form. Issuing itself is
//! [`crate::permit::issue`].

use std::collections::BTreeMap;

use crate::db::Connection;
use chrono::NaiveDate;
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::code::{AllocationState, PermitStatus, Presence, ProductUnit, VendorStatus};
use crate::db::{self, Store};
use crate::error::{Error, Result};
use crate::fee;
use crate::ids::{MarketId, VendorId};
use crate::permit::{Permit, PermitInput};
use crate::registration::Registration;
use crate::tariff;
use crate::vendor::{RegistrationNumber, Substitute, Vendor};

/// Something the counter must show before saving. Some need a reason to go on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Warning {
    /// A permit for the vendor exists today (on this or another market): saving another
    /// needs an override reason.
    AlreadyPermitToday { invoice_number: String, market: String },
    /// No registration on this market: the permit gets status `lot`.
    NoRegistration,
    /// The vendor was removed from the register.
    Removed,
    /// Not an active vendor (waiting list, substitute only).
    NotActive { status: VendorStatus },
    /// An enforcement request runs to this day.
    Enforcement { until: NaiveDate },
    /// The day was allocated, and this vendor got no stall.
    NotAllocated,
    /// The person standing in is not a registered substitute of this vendor today.
    SubstituteNotRegistered { name: String },
    /// A stall number on the form that the market does not have: needs a reason.
    StallUnknown { stall: String },
    /// A stall blocked for the day, or not in use: needs a reason.
    StallBlocked { stall: String, inactive: bool },
    /// A stall already on another valid permit of the market day: needs a reason.
    StallTaken { stall: String, invoice_number: String, vendor: String },
}

impl Warning {
    /// Whether saving needs an override reason. Everything that makes a permit doubtful
    /// stops the counter's Enter, Enter path until a reason is typed, as a second permit of
    /// the day always did: a vendor removed or not active, no registration at this market,
    /// an enforcement request, no stall in the day's allocation, a stall unknown, blocked or
    /// taken. An unregistered substitute stays a notice: who may stand in is the clerk's
    /// judgement of the papers in front of him.
    pub fn needs_reason(&self) -> bool {
        !matches!(self, Warning::SubstituteNotRegistered { .. })
    }

    /// What the clerk reads: a full sentence, and what to do.
    pub fn message(&self) -> String {
        match self {
            Warning::AlreadyPermitToday { invoice_number, market } => format!(
                "Deze ondernemer heeft vandaag al dagvergunning {invoice_number} ({market}). Een tweede vergunning vraagt een reden."
            ),
            Warning::NoRegistration => "Deze ondernemer heeft geen sollicitatie op deze markt: de vergunning krijgt status lot (standwerker). Uitgeven vraagt een reden.".into(),
            Warning::Removed => "Deze ondernemer is uit het register verwijderd. Weiger de vergunning, of geef een reden om toch uit te geven.".into(),
            Warning::NotActive { status } => format!(
                "Deze ondernemer heeft status {}, niet actief. Weiger de vergunning, of geef een reden om toch uit te geven.",
                status.label_nl()
            ),
            Warning::Enforcement { until } => format!(
                "Er loopt een handhavingsverzoek tot en met {}. Weiger de vergunning en meld het de toezichthouder, of geef een reden om toch uit te geven.",
                crate::time::show_date(*until)
            ),
            Warning::NotAllocated => "Deze ondernemer kreeg bij de indeling van deze dag geen plaats. Uitgeven vraagt een reden, bijvoorbeeld welke plaats vrijkwam.".into(),
            Warning::SubstituteNotRegistered { name } => {
                format!("{name} staat niet als vervanger van deze ondernemer geregistreerd. Controleer de toestemming.")
            }
            Warning::StallUnknown { .. } | Warning::StallBlocked { .. } | Warning::StallTaken { .. } => {
                format!("{}. Uitgeven vraagt een reden.", capitalised(&self.stall_problem().unwrap_or_default()))
            }
        }
    }

    /// The doubt in a few words, for the error that asks the reason (`None` for a notice).
    pub fn doubt(&self) -> Option<String> {
        Some(match self {
            Warning::AlreadyPermitToday { invoice_number, market } => {
                format!("deze ondernemer heeft vandaag al dagvergunning {invoice_number} ({market})")
            }
            Warning::NoRegistration => "geen sollicitatie op deze markt".into(),
            Warning::Removed => "deze ondernemer is verwijderd".into(),
            Warning::NotActive { status } => format!("deze ondernemer heeft status {}", status.label_nl()),
            Warning::Enforcement { until } => {
                format!("handhavingsverzoek tot en met {}", crate::time::show_date(*until))
            }
            Warning::NotAllocated => "niet ingedeeld op deze dag".into(),
            Warning::SubstituteNotRegistered { .. } => return None,
            Warning::StallUnknown { .. } | Warning::StallBlocked { .. } | Warning::StallTaken { .. } => {
                return self.stall_problem();
            }
        })
    }

    /// What is wrong with a stall of the form, naming the stall and why (`None` for a
    /// warning about something else).
    pub fn stall_problem(&self) -> Option<String> {
        Some(match self {
            Warning::StallUnknown { stall } => format!("plaats {stall} bestaat niet op deze markt"),
            Warning::StallBlocked { stall, inactive: false } => format!("plaats {stall} is vandaag geblokkeerd"),
            Warning::StallBlocked { stall, inactive: true } => format!("plaats {stall} is niet in gebruik"),
            Warning::StallTaken { stall, invoice_number, vendor } => {
                format!("plaats {stall} is vandaag al uitgegeven aan {vendor} ({invoice_number})")
            }
            _ => return None,
        })
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Everything the counter shows for one vendor on one market day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub vendor: Vendor,
    pub market: MarketId,
    pub day: NaiveDate,
    pub registration: Option<Registration>,
    pub status: PermitStatus,
    /// Products paid through the yearly permit, by product key.
    pub fixed: BTreeMap<String, i64>,
    /// Stall numbers from the day's allocation (published, else the latest draft).
    pub allocated: Vec<String>,
    pub allocation_state: Option<AllocationState>,
    /// What the form starts with: the fixed products, plus stalls for what the allocation
    /// gives beyond them.
    pub requested: BTreeMap<String, i64>,
    /// The registration's fixed stalls, by number.
    pub registration_stalls: Vec<String>,
    /// Today's other permits of the vendor, on any market, not voided.
    pub today: Vec<TodayPermit>,
    /// The vendor's registered substitutes valid today, with their records.
    pub substitutes: Vec<(Substitute, Vendor)>,
    pub warnings: Vec<Warning>,
}

/// A permit the vendor already has today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayPermit {
    pub permit: Permit,
    pub market_code: String,
    pub market_name: String,
    pub total: crate::money::Cents,
}

/// Finds the vendor a clerk typed or scanned: a registration number (with or without the
/// dot) or a pass id.
pub fn find(store: &mut Store, actor: &Actor, text: &str) -> Result<Vendor> {
    actor.require(Action::ReadMarketDay)?;
    let t = text.trim();
    store.read(|c| {
        if let Ok(number) = RegistrationNumber::parse(t)
            && let Some(v) = db::vendor::find_by_number(c, &number)?
        {
            return Ok(v);
        }
        db::vendor::find_by_pass(c, t)?.ok_or_else(|| Error::not_found("ondernemer", t))
    })
}

pub fn open(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate, vendor: VendorId) -> Result<Counter> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| read(c, market, day, vendor))
}

fn read(c: &Connection, market: MarketId, day: NaiveDate, vendor_id: VendorId) -> Result<Counter> {
    let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
    let vendor = db::vendor::get(c, vendor_id)?.ok_or_else(|| Error::not_found("ondernemer", vendor_id))?;
    let registration = db::registration::active_of(c, vendor_id, market)?;
    let status = registration.as_ref().map_or(PermitStatus::Lot, |r| PermitStatus::from(r.status));
    let products = db::tariff::products(c)?;
    let key_of = |id| products.iter().find(|p| p.id == id).map(|p| p.key.clone());
    let fixed: BTreeMap<String, i64> =
        registration.iter().flat_map(|r| r.products.iter()).filter_map(|(id, q)| Some((key_of(*id)?, *q))).collect();
    let (allocation_state, allocated) = match db::allocation::stalls_of_vendor(c, market, day, vendor_id)? {
        Some((state, stalls)) => (Some(state), stalls),
        None => (None, Vec::new()),
    };

    // The standard stall of this market, as a product: metres per piece equal to its size.
    let standard = products
        .iter()
        .filter(|p| p.unit == ProductUnit::Meters && p.factor == m.stall_size_m)
        .min_by_key(|p| (p.position, p.id))
        .map(|p| p.key.clone());
    let mut requested = fixed.clone();
    let fixed_stalls: i64 = products
        .iter()
        .filter(|p| p.unit == ProductUnit::Meters && p.factor >= 2)
        .map(|p| fixed.get(&p.key).copied().unwrap_or(0))
        .sum();
    let wanted = if allocated.is_empty() { fixed_stalls.max(1) } else { allocated.len() as i64 };
    if let Some(key) = &standard
        && wanted > fixed_stalls
    {
        *requested.entry(key.clone()).or_default() += wanted - fixed_stalls;
    }

    let mut today = Vec::new();
    let mut warnings = Vec::new();
    for permit in db::permit::of_vendor_on(c, vendor_id, day)?.into_iter().filter(|p| p.voided.is_none()) {
        let (market_code, market_name) =
            db::market::get(c, permit.market)?.map(|m| (m.code, m.name)).unwrap_or_default();
        let total = db::permit::lines(c, permit.id)?.iter().map(|l| l.incl).sum();
        warnings.push(Warning::AlreadyPermitToday {
            invoice_number: permit.invoice_number.clone(),
            market: market_name.clone(),
        });
        today.push(TodayPermit { permit, market_code, market_name, total });
    }
    let mut registration_stalls = Vec::new();
    for s in registration.iter().flat_map(|r| r.stalls.iter()) {
        if let Some(stall) = db::market::stall(c, *s)? {
            registration_stalls.push(stall.number.to_string());
        }
    }
    if registration.is_none() {
        warnings.push(Warning::NoRegistration);
    }
    match vendor.status {
        VendorStatus::Removed => warnings.push(Warning::Removed),
        VendorStatus::Active => {}
        other => warnings.push(Warning::NotActive { status: other }),
    }
    if let Some(until) = vendor.enforcement_until.filter(|u| *u >= day) {
        warnings.push(Warning::Enforcement { until });
    }
    if allocation_state.is_some() && allocated.is_empty() {
        warnings.push(Warning::NotAllocated);
    }
    let mut substitutes = Vec::new();
    for s in db::vendor::substitutes_of(c, vendor_id)? {
        if s.valid_on(day)
            && let Some(v) = db::vendor::get(c, s.substitute)?
        {
            substitutes.push((s, v));
        }
    }
    Ok(Counter {
        vendor,
        market,
        day,
        registration,
        status,
        fixed,
        allocated,
        allocation_state,
        requested,
        registration_stalls,
        today,
        substitutes,
        warnings,
    })
}

/// The live price of the form and its warnings, nothing saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub status: PermitStatus,
    pub quote: fee::Quote,
    pub warnings: Vec<Warning>,
}

pub fn preview(store: &mut Store, actor: &Actor, input: &PermitInput) -> Result<Preview> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let counter = read(c, input.market, input.day, input.vendor)?;
        let m = db::market::get(c, input.market)?.ok_or_else(|| Error::not_found("markt", input.market))?;
        let (book, _) = tariff::fee_book(c, input.market)?;
        let counter_status = counter.status;
        let request = fee::QuoteRequest {
            market_day: input.day,
            status: counter.status,
            fixed: counter.fixed.clone(),
            requested: input.requested.clone(),
        };
        let quote = fee::quote(&book, &request).map_err(|e| tariff::with_market(e, &m.name))?;
        let warnings = doubts_of(c, input, counter)?;
        Ok(Preview { status: counter_status, quote, warnings })
    })
}

/// Every warning of a permit form: the vendor's standing on the market day, the substitute
/// and the form's stalls. What the counter shows before saving, and what
/// [`crate::permit::issue`] refuses without a reason.
pub(crate) fn doubts(c: &Connection, input: &PermitInput) -> Result<Vec<Warning>> {
    let counter = read(c, input.market, input.day, input.vendor)?;
    doubts_of(c, input, counter)
}

fn doubts_of(c: &Connection, input: &PermitInput, counter: Counter) -> Result<Vec<Warning>> {
    let mut warnings = counter.warnings;
    if let Some(w) = substitute_warning(c, input, &counter.substitutes)? {
        warnings.push(w);
    }
    warnings.extend(stall_warnings(c, input)?);
    Ok(warnings)
}

/// A stand-in "with permission" must be a registered substitute of the vendor today.
pub(crate) fn substitute_warning(
    c: &Connection,
    input: &PermitInput,
    registered: &[(Substitute, Vendor)],
) -> Result<Option<Warning>> {
    if input.presence != Presence::SubstituteWithPermission {
        return Ok(None);
    }
    let Some(sub) = input.substitute else { return Ok(None) };
    if registered.iter().any(|(s, _)| s.substitute == sub) {
        return Ok(None);
    }
    let name = db::vendor::get(c, sub)?.map(|v| v.name()).unwrap_or_default();
    Ok(Some(Warning::SubstituteNotRegistered { name }))
}

/// The stall numbers of a permit form checked against the market day: a number the market
/// does not have, a stall blocked that day (or not in use), a stall already on another
/// valid permit of that market day. Each needs a reason to issue anyway, as a second
/// permit of the day does. Numbers compare without case ("c10a" is stall C10a); a number
/// typed twice is checked once.
pub(crate) fn stall_warnings(c: &Connection, input: &PermitInput) -> Result<Vec<Warning>> {
    if input.stalls.iter().all(|s| s.trim().is_empty()) {
        return Ok(Vec::new());
    }
    let blocked = db::market::blocked_on(c, input.market, input.day)?;
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let mut seen: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    for typed in input.stalls.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if seen.iter().any(|s| same(s, typed)) {
            continue;
        }
        seen.push(typed.to_string());
        let stalls = db::market::stalls_numbered(c, input.market, typed)?;
        let Some((id, number, active)) = stalls.iter().find(|(_, number, _)| same(number, typed)) else {
            warnings.push(Warning::StallUnknown { stall: typed.to_string() });
            continue;
        };
        if !active || blocked.contains(id) {
            warnings.push(Warning::StallBlocked { stall: number.clone(), inactive: !active });
        }
        let given = db::permit::stalls_given(c, input.market, input.day, number)?;
        if let Some((_, invoice_number, vendor)) =
            given.iter().find(|(given, _, _)| given.iter().any(|s| same(s, number)))
        {
            let vendor = db::vendor::get(c, *vendor)?.map(|v| v.name()).unwrap_or_default();
            warnings.push(Warning::StallTaken {
                stall: number.clone(),
                invoice_number: invoice_number.clone(),
                vendor,
            });
        }
    }
    Ok(warnings)
}

//! Controls (controles): a supervisor's check of a permit on the market, in rounds 1 and 2.
//! A control never changes the permit; the day view shows where they differ.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::Presence;
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{AccountId, ControlId, PermitId, VendorId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlInput {
    pub permit: PermitId,
    pub round: i64,
    pub presence: Presence,
    pub substitute: Option<VendorId>,
    /// Who stood there, when the presence is a substitute the office does not know: no
    /// vendor picked and not the permit's own substitute ([`needs_substitute_name`]).
    pub substitute_name: Option<String>,
    /// Product key → pieces seen.
    pub products: BTreeMap<String, i64>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Control {
    pub id: ControlId,
    pub permit: PermitId,
    pub round: i64,
    pub presence: Presence,
    pub substitute: Option<VendorId>,
    /// Who stood there when the substitute was not known (schema 12; older controls: none).
    pub substitute_name: Option<String>,
    pub products: BTreeMap<String, i64>,
    /// Where the products seen differ from the permit's, by product key (inspections.md:
    /// "the products seen (same product keys as the permit)"; a difference is shown).
    pub product_differences: Vec<ProductDifference>,
    pub note: String,
    pub account: AccountId,
    pub at: DateTime<Utc>,
}

/// A product the control saw in another number of pieces than the permit gives; 0 on
/// either side is "not there".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductDifference {
    pub key: String,
    /// Pieces on the permit (what it was issued for, fixed products included).
    pub permit: i64,
    pub seen: i64,
}

/// The product keys where `seen` differs from the permit's `issued`, sorted by key. A key
/// missing on one side counts as 0 pieces, so a product seen that the permit does not name
/// is a difference, and so is one on the permit that was not seen.
pub fn product_differences(issued: &BTreeMap<String, i64>, seen: &BTreeMap<String, i64>) -> Vec<ProductDifference> {
    let keys: std::collections::BTreeSet<&String> = issued.keys().chain(seen.keys()).collect();
    keys.into_iter()
        .map(|k| ProductDifference {
            key: k.clone(),
            permit: issued.get(k).copied().unwrap_or(0),
            seen: seen.get(k).copied().unwrap_or(0),
        })
        .filter(|d| d.permit != d.seen)
        .collect()
}

/// Whether a control must say who stood at the stall: a substitute was found (with or
/// without permission, or with an exemption), no vendor was picked as that substitute, and
/// it is not simply the permit's own substitute (the same presence as the permit, which
/// names one). Without a name such a control says nothing about who was there.
pub fn needs_substitute_name(seen: Presence, substitute: Option<VendorId>, permit: &crate::permit::Permit) -> bool {
    let substitute_seen = matches!(
        seen,
        Presence::SubstituteWithPermission | Presence::SubstituteWithoutPermission | Presence::SubstituteWithExemption
    );
    let the_permits_own = seen == permit.presence && permit.substitute.is_some();
    substitute_seen && substitute.is_none() && !the_permits_own
}

pub fn record(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &ControlInput) -> Result<ControlId> {
    actor.require(Action::RecordControl)?;
    let mut v = Validator::new();
    v.range("round", input.round, 1, 2);
    for (k, q) in &input.products {
        v.range(&format!("products.{k}"), *q, 0, 100);
    }
    v.optional_text("note", &input.note, 500);
    if let Some(name) = &input.substitute_name {
        v.optional_text("substitute_name", name, 100);
    }
    v.finish()?;
    store.write(|tx| {
        let permit =
            db::permit::get(tx, input.permit)?.ok_or_else(|| Error::not_found("dagvergunning", input.permit))?;
        if permit.voided.is_some() {
            return Err(Error::Conflict(format!("dagvergunning {} is doorgehaald", permit.invoice_number)));
        }
        if db::control::of_permit(tx, input.permit)?.iter().any(|c| c.round == input.round) {
            return Err(Error::invalid(
                "round",
                Problem::Duplicate,
                format!("ronde {} is al gecontroleerd", input.round),
            ));
        }
        if let Some(s) = input.substitute {
            db::vendor::get(tx, s)?.ok_or_else(|| Error::not_found("vervanger", s))?;
        }
        let named = input.substitute_name.as_deref().is_some_and(|n| !n.trim().is_empty());
        if needs_substitute_name(input.presence, input.substitute, &permit) && !named {
            return Err(Error::invalid(
                "substitute_name",
                Problem::Required,
                "vul in wie er stond: de naam van de vervanger",
            ));
        }
        // The products seen are named by the same keys as the permit's: a key that names no
        // product cannot be compared with anything.
        let mut v = Validator::new();
        for k in input.products.keys() {
            v.check(
                &format!("products.{k}"),
                db::tariff::product_by_key(tx, k)?.is_some(),
                Problem::Unknown,
                format!("producten: onbekend product ‘{k}’"),
            );
        }
        v.finish()?;
        let id = db::control::insert(tx, input, actor.id(), now)?;
        let after = db::control::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "control.record", "control", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn of_permit(store: &mut Store, actor: &Actor, permit: PermitId) -> Result<Vec<Control>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::control::of_permit(c, permit))
}

/// A control as the vendor's history shows it: where, when, which permit, what was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorControl {
    pub control: Control,
    pub market_code: String,
    pub day: chrono::NaiveDate,
    pub invoice_number: String,
    /// The presence the permit was issued with, to show where the control saw otherwise.
    pub permit_presence: Presence,
}

/// The controls of the vendor's permits, newest first (at most `limit`).
pub fn of_vendor(store: &mut Store, actor: &Actor, vendor: VendorId, limit: i64) -> Result<Vec<VendorControl>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::control::of_vendor(c, vendor, limit.clamp(1, 500)))
}

//! Daily permits (dagvergunningen): issued with their invoice lines from the fee engine and
//! their payment in one transaction; never edited — a correction voids and reissues.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{Identification, PaymentMethod, PermitStatus, Presence};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::fee;
use crate::ids::{MarketId, PermitId, TariffPlanId, VendorId};
use crate::money::{Cents, Percent};
use crate::tariff;

/// The permit form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermitInput {
    pub market: MarketId,
    pub day: NaiveDate,
    pub vendor: VendorId,
    pub presence: Presence,
    /// Who stood in, when a substitute did.
    pub substitute: Option<VendorId>,
    pub identified_by: Identification,
    /// Product key → pieces.
    pub requested: BTreeMap<String, i64>,
    /// Stall numbers stood on.
    pub stalls: Vec<String>,
    pub note: String,
    pub payment: PaymentMethod,
    /// Required when anything makes the permit doubtful (see
    /// [`crate::counter::Warning::needs_reason`]): a second permit that day, the vendor's
    /// standing, a stall unknown, blocked or taken.
    pub override_reason: Option<String>,
    /// The day the clerk confirmed, for a permit on another day than today: such a permit
    /// is issued only when this names its day. The counter remembers the day it was last
    /// on, so without it a clerk after a logout, or on a screen left on Monday, would hand
    /// out Monday's permit by number, Enter, Enter.
    pub confirmed_day: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Permit {
    pub id: PermitId,
    pub market: MarketId,
    pub day: NaiveDate,
    pub vendor: VendorId,
    pub invoice_number: String,
    pub status: PermitStatus,
    pub presence: Presence,
    pub substitute: Option<VendorId>,
    pub identified_by: Identification,
    pub tariff_plan: Option<TariffPlanId>,
    pub stalls: Vec<String>,
    pub note: String,
    pub override_reason: Option<String>,
    pub replaces: Option<PermitId>,
    pub issued_by: crate::ids::AccountId,
    pub issued_at: DateTime<Utc>,
    /// (reason, when) once voided.
    pub voided: Option<(String, DateTime<Utc>)>,
}

/// An invoice line as stored with its permit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceLine {
    pub position: i64,
    pub label: String,
    pub kind: String,
    pub fixed: bool,
    pub quantity: i64,
    pub price: Cents,
    pub vat_percent: u32,
    pub excl: Cents,
    pub vat: Cents,
    pub incl: Cents,
}

impl InvoiceLine {
    pub fn vat_percent(&self) -> Percent {
        Percent(self.vat_percent)
    }
}

/// What the audit log keeps of an issued permit.
#[derive(Serialize)]
struct IssuedAudit<'a> {
    permit: &'a Permit,
    requested: &'a BTreeMap<String, i64>,
    fixed: &'a BTreeMap<String, i64>,
    total_incl: Cents,
    payment: PaymentMethod,
}

/// What the counter must know before saving: shown as warnings, some need a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub status: PermitStatus,
    pub fixed: BTreeMap<String, i64>,
    pub quote: fee::Quote,
    pub plan: TariffPlanId,
    /// Other permits of the vendor that day (any market), not voided.
    pub same_day: Vec<Permit>,
    /// What the counter warns of; those that need a reason are refused without one.
    pub warnings: Vec<crate::counter::Warning>,
}

/// Works out status, fixed products and price of a permit without saving it.
fn prepare(tx: &rusqlite::Connection, input: &PermitInput) -> Result<Prepared> {
    let market = db::market::get(tx, input.market)?.ok_or_else(|| Error::not_found("markt", input.market))?;
    db::vendor::get(tx, input.vendor)?.ok_or_else(|| Error::not_found("ondernemer", input.vendor))?;
    let registration = db::registration::active_of(tx, input.vendor, input.market)?;
    let status = registration.as_ref().map_or(PermitStatus::Lot, |r| PermitStatus::from(r.status));
    let mut fixed = BTreeMap::new();
    if let Some(r) = &registration {
        for (product, qty) in &r.products {
            if let Some(p) = db::tariff::product(tx, *product)? {
                fixed.insert(p.key, *qty);
            }
        }
    }
    let (book, plan_ids) = tariff::fee_book(tx, input.market)?;
    let request =
        fee::QuoteRequest { market_day: input.day, status, fixed: fixed.clone(), requested: input.requested.clone() };
    let quote = fee::quote(&book, &request).map_err(|e| tariff::with_market(e, &market.name))?;
    let plan = plan_ids.get(quote.plan_index).copied().ok_or_else(|| Error::Conflict("tariefplan verdwenen".into()))?;
    let same_day =
        db::permit::of_vendor_on(tx, input.vendor, input.day)?.into_iter().filter(|p| p.voided.is_none()).collect();
    let warnings = crate::counter::doubts(tx, input)?;
    Ok(Prepared { status, fixed, quote, plan, same_day, warnings })
}

/// The price and warnings of a permit form, for the counter to show before saving.
pub fn preview(store: &mut Store, actor: &Actor, input: &PermitInput) -> Result<Prepared> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| prepare(c, input))
}

fn validate(input: &PermitInput) -> Result<()> {
    let mut v = Validator::new();
    for (key, qty) in &input.requested {
        v.range(&format!("requested.{key}"), *qty, 0, 100);
    }
    let substitute_presence = matches!(
        input.presence,
        Presence::SubstituteWithPermission | Presence::SubstituteWithoutPermission | Presence::SubstituteWithExemption
    );
    v.check(
        "substitute",
        input.substitute.is_none() || substitute_presence,
        Problem::Conflict,
        "alleen bij een vervanger wordt een vervanger ingevuld",
    );
    v.check(
        "substitute",
        input.substitute != Some(input.vendor),
        Problem::Conflict,
        "de ondernemer is niet zijn eigen vervanger",
    );
    v.optional_text("note", &input.note, 500);
    v.finish()
}

/// Issues a permit: status from the registration (`lot` without one), fixed products
/// deducted, lines from the tariff plan, and the payment, all in one transaction.
pub fn issue(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &PermitInput) -> Result<PermitId> {
    actor.require(Action::IssuePermit)?;
    validate(input)?;
    store.write(|tx| issue_in(tx, actor, now, input, None))
}

pub(crate) fn issue_in(
    tx: &Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &PermitInput,
    replaces: Option<PermitId>,
) -> Result<PermitId> {
    let market = db::market::get(tx, input.market)?.ok_or_else(|| Error::not_found("markt", input.market))?;
    if !market.is_held_on(input.day) {
        return Err(Error::invalid(
            "day",
            Problem::Conflict,
            format!("{} is er niet op {}", market.name, crate::time::long_day(input.day)),
        ));
    }
    if db::permit::closed_by(tx, input.market, input.day, actor.id())? {
        return Err(Error::Conflict(format!(
            "u heeft {} op {} al afgesloten: alleen een senior corrigeert nog, met een terugboeking",
            market.name,
            crate::time::show_day(input.day)
        )));
    }
    if let Some(sub) = input.substitute {
        db::vendor::get(tx, sub)?.ok_or_else(|| Error::not_found("vervanger", sub))?;
    }
    let today = crate::time::today(now);
    if input.day != today && input.confirmed_day != Some(input.day) {
        // A correction keeps the day of the permit it replaces: choosing that permit was
        // the confirmation.
        let corrects_that_day = match replaces {
            Some(old) => db::permit::get(tx, old)?.is_some_and(|p| p.day == input.day),
            None => false,
        };
        if !corrects_that_day {
            return Err(Error::invalid(
                "day",
                Problem::Required,
                format!(
                    "dit is een dagvergunning voor {}, niet voor vandaag ({}): bevestig de dag",
                    crate::time::show_day(input.day),
                    crate::time::show_day(today)
                ),
            ));
        }
    }
    let prepared = prepare(tx, input)?;
    let reason = input.override_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    // Every warning that needs a reason is answered by the one override reason, stored
    // with the permit and shown in the day view; without it the error names each of them.
    if reason.is_none() {
        let why: Vec<String> = prepared.warnings.iter().filter_map(crate::counter::Warning::doubt).collect();
        if !why.is_empty() {
            return Err(Error::invalid(
                "override_reason",
                Problem::Required,
                format!("{}: geef een reden", why.join("; ")),
            ));
        }
    }
    let number = db::next_in_sequence(tx, &format!("invoice-{}", input.day.year()))?;
    let invoice_number = format!("D{}-{number:06}", input.day.year());
    let id = db::permit::insert(tx, input, &prepared, &invoice_number, reason, replaces, actor.id(), now)?;
    for (i, line) in prepared.quote.lines.iter().enumerate() {
        db::permit::insert_line(tx, id, i as i64 + 1, line)?;
    }
    let mut keys: Vec<&String> = input.requested.keys().chain(prepared.fixed.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let requested = input.requested.get(key).copied().unwrap_or(0);
        let fixed = prepared.fixed.get(key).copied().unwrap_or(0);
        db::permit::insert_product(tx, id, key, requested, fixed)?;
    }
    // A permit always has its payment row, also at € 0,00: "each permit has its lines,
    // payment and audit row" is then a plain check.
    db::permit::insert_payment(
        tx,
        Some(id),
        None,
        input.payment,
        prepared.quote.total_incl,
        None,
        None,
        actor.id(),
        now,
    )?;
    let permit = db::permit::get(tx, id)?.ok_or_else(|| Error::not_found("dagvergunning", id))?;
    let after = IssuedAudit {
        permit: &permit,
        requested: &input.requested,
        fixed: &prepared.fixed,
        total_incl: prepared.quote.total_incl,
        payment: input.payment,
    };
    audit::record(tx, Some(actor.id()), now, "permit.issue", "daily_permit", id, None::<&()>, Some(&after))?;
    Ok(id)
}

/// What the counter confirms after saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub id: PermitId,
    pub invoice_number: String,
    pub total: Cents,
}

pub fn issued(store: &mut Store, actor: &Actor, id: PermitId) -> Result<Issued> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let p = db::permit::get(c, id)?.ok_or_else(|| Error::not_found("dagvergunning", id))?;
        let total = db::permit::lines(c, id)?.iter().map(|l| l.incl).sum();
        Ok(Issued { id, invoice_number: p.invoice_number, total })
    })
}

/// Voids a permit (doorhalen): it stays visible, its payments are reversed.
pub fn void(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: PermitId, reason: &str) -> Result<()> {
    actor.require(Action::VoidPermit)?;
    let mut v = Validator::new();
    v.text("reason", reason, 200);
    v.finish()?;
    store.write(|tx| void_in(tx, actor, now, id, reason.trim()))
}

fn void_in(tx: &Tx<'_>, actor: &Actor, now: DateTime<Utc>, id: PermitId, reason: &str) -> Result<()> {
    let before = db::permit::get(tx, id)?.ok_or_else(|| Error::not_found("dagvergunning", id))?;
    if before.voided.is_some() {
        return Err(Error::Conflict(format!("dagvergunning {} is al doorgehaald", before.invoice_number)));
    }
    if db::permit::closed_by(tx, before.market, before.day, before.issued_by)? && !actor.may(Action::CorrectClosedDay) {
        return Err(Error::Forbidden { action: Action::CorrectClosedDay, role: actor.role() });
    }
    db::permit::insert_void(tx, id, reason, actor.id(), now)?;
    reverse_standing(tx, actor, now, db::permit::payments_of_permit(tx, id)?, reason)?;
    let after = db::permit::get(tx, id)?;
    audit::record(tx, Some(actor.id()), now, "permit.void", "daily_permit", id, Some(&before), after.as_ref())
}

/// Voids a permit and issues its replacement in one transaction; both stay on record.
pub fn reissue(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    old: PermitId,
    reason: &str,
    input: &PermitInput,
) -> Result<PermitId> {
    actor.require(Action::VoidPermit)?;
    actor.require(Action::IssuePermit)?;
    let mut v = Validator::new();
    v.text("reason", reason, 200);
    v.finish()?;
    validate(input)?;
    store.write(|tx| {
        void_in(tx, actor, now, old, reason.trim())?;
        issue_in(tx, actor, now, input, Some(old))
    })
}

pub fn get(store: &mut Store, actor: &Actor, id: PermitId) -> Result<Permit> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::permit::get(c, id))?.ok_or_else(|| Error::not_found("dagvergunning", id))
}

/// A permit by its invoice number (`D2026-000123`), as printed on receipts.
pub fn by_invoice_number(store: &mut Store, actor: &Actor, number: &str) -> Result<Permit> {
    actor.require(Action::ReadMarketDay)?;
    let number = number.trim().to_uppercase();
    store.read(|c| db::permit::by_invoice_number(c, &number))?.ok_or_else(|| Error::not_found("dagvergunning", number))
}

pub fn lines(store: &mut Store, actor: &Actor, id: PermitId) -> Result<Vec<InvoiceLine>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::permit::lines(c, id))
}

pub fn of_market_day(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Vec<Permit>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::permit::of_market_day(c, market, day))
}

// ── Payments ─────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub id: crate::ids::PaymentId,
    pub permit: Option<PermitId>,
    pub ticket: Option<crate::ids::TicketId>,
    pub method: PaymentMethod,
    pub amount: Cents,
    pub reverses: Option<crate::ids::PaymentId>,
    pub reason: Option<String>,
    pub account: crate::ids::AccountId,
    pub at: DateTime<Utc>,
}

/// Reverses a payment (a wrong method, a refund): a new negative payment referring to it.
/// On a closed day only a senior may. A fine that was paid is open again after it.
pub fn reverse_payment(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: crate::ids::PaymentId,
    reason: &str,
) -> Result<crate::ids::PaymentId> {
    actor.require(Action::ReversePayment)?;
    let mut v = Validator::new();
    v.text("reason", reason, 200);
    v.finish()?;
    store.write(|tx| {
        let p = db::permit::payment(tx, id)?.ok_or_else(|| Error::not_found("betaling", id))?;
        if p.reverses.is_some() {
            return Err(Error::Conflict("een terugboeking wordt niet teruggeboekt: boek opnieuw".into()));
        }
        if db::permit::is_reversed(tx, id)? {
            return Err(Error::Conflict("deze betaling is al teruggeboekt".into()));
        }
        if let Some(permit) = p.permit {
            let permit = db::permit::get(tx, permit)?.ok_or_else(|| Error::not_found("dagvergunning", permit))?;
            if db::permit::closed_by(tx, permit.market, permit.day, permit.issued_by)?
                && !actor.may(Action::CorrectClosedDay)
            {
                return Err(Error::Forbidden { action: Action::CorrectClosedDay, role: actor.role() });
            }
        }
        if let Some(ticket) = p.ticket {
            // The reversal leaves the drawer of the clerk who makes it, today, in the close of
            // the ticket's market (crate::day_close): not after that clerk closed that day.
            let t = db::ticket::get(tx, ticket)?.ok_or_else(|| Error::not_found("bon", ticket))?;
            crate::ticket::require_open_drawer(tx, actor, now, t.market)?;
        }
        let rid = reverse_one(tx, actor, now, &p, reason.trim())?;
        if let Some(ticket) = p.ticket {
            crate::ticket::reopen_after_reversal(tx, actor, now, ticket, reason.trim())?;
        }
        Ok(rid)
    })
}

/// Writes the reversal of payment `p` with its audit row: a new payment of the negated
/// amount and the same method, for the same permit or ticket, referring to `p`. The one way
/// any payment is reversed (by hand, by a void, by withdrawing a fine); the caller checks
/// first that `p` may be reversed.
pub(crate) fn reverse_one(
    tx: &Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    p: &Payment,
    reason: &str,
) -> Result<crate::ids::PaymentId> {
    let rid = db::permit::insert_payment(
        tx,
        p.permit,
        p.ticket,
        p.method,
        -p.amount,
        Some(p.id),
        Some(reason),
        actor.id(),
        now,
    )?;
    let after = db::permit::payment(tx, rid)?;
    audit::record(tx, Some(actor.id()), now, "payment.reverse", "payment", rid, Some(p), after.as_ref())?;
    Ok(rid)
}

/// Reverses each of `payments` that is not a reversal and not reversed yet (what a void of
/// a permit, or of a fine, takes back).
pub(crate) fn reverse_standing(
    tx: &Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    payments: Vec<Payment>,
    reason: &str,
) -> Result<()> {
    for p in payments {
        if p.reverses.is_none() && !db::permit::is_reversed(tx, p.id)? {
            reverse_one(tx, actor, now, &p, reason)?;
        }
    }
    Ok(())
}

/// Takes a payment for a permit whose earlier payment was reversed (e.g. pin instead of
/// cash). The amount is what is still open; nothing more can be paid.
pub fn pay_open_amount(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    permit: PermitId,
    method: PaymentMethod,
) -> Result<crate::ids::PaymentId> {
    actor.require(Action::ReversePayment)?;
    store.write(|tx| {
        let p = db::permit::get(tx, permit)?.ok_or_else(|| Error::not_found("dagvergunning", permit))?;
        if p.voided.is_some() {
            return Err(Error::Conflict(format!("dagvergunning {} is doorgehaald", p.invoice_number)));
        }
        if db::permit::closed_by(tx, p.market, p.day, p.issued_by)? && !actor.may(Action::CorrectClosedDay) {
            return Err(Error::Forbidden { action: Action::CorrectClosedDay, role: actor.role() });
        }
        let due: Cents = db::permit::lines(tx, permit)?.iter().map(|l| l.incl).sum();
        let paid: Cents = db::permit::payments_of_permit(tx, permit)?.iter().map(|p| p.amount).sum();
        let open = due - paid;
        if open <= Cents::ZERO {
            return Err(Error::Conflict(format!("dagvergunning {} is al betaald", p.invoice_number)));
        }
        let id = db::permit::insert_payment(tx, Some(permit), None, method, open, None, None, actor.id(), now)?;
        let after = db::permit::payment(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "payment.create", "payment", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

pub fn payments(store: &mut Store, actor: &Actor, permit: PermitId) -> Result<Vec<Payment>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::permit::payments_of_permit(c, permit))
}

// ── A vendor's permits ───────────────────────────────────────────────────────────────────

/// A permit as the vendor page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorPermit {
    pub id: PermitId,
    pub invoice_number: String,
    pub market_code: String,
    pub market_name: String,
    pub day: NaiveDate,
    /// The sum of its invoice lines, incl. VAT.
    pub total: Cents,
    /// What its payments add up to (reversals included).
    pub paid: Cents,
    /// How it was paid: the standing payment's method (for a voided permit, the one it had).
    pub method: Option<PaymentMethod>,
    /// The reason, when it was voided.
    pub voided: Option<String>,
}

/// The vendor page's permits and money: the newest permits, how many there are in all, and
/// what is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorPermits {
    pub permits: Vec<VendorPermit>,
    /// All the vendor's permits, voided ones included (so the page knows there is more).
    pub count: i64,
    /// Booked "op rekening" and not settled at the counter: the city invoices it, so the
    /// office sees it as open on the vendor's account. Net of reversals.
    pub on_account: Cents,
    /// What valid permits still miss (a payment reversed and not taken again).
    pub unpaid: Cents,
}

/// A vendor's permits, newest first, at most `limit` (1 to 500), with the amounts open.
/// Permits with their payments are the market day's reading (`ReadMarketDay`); the vendor's
/// (`ReadVendors`) too, as it is the vendor page's.
pub fn of_vendor(store: &mut Store, actor: &Actor, vendor: VendorId, limit: i64) -> Result<VendorPermits> {
    actor.require(Action::ReadMarketDay)?;
    actor.require(Action::ReadVendors)?;
    store.read(|c| {
        db::vendor::get(c, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        let permits = db::permit::of_vendor(c, vendor, limit.clamp(1, 500))?;
        let (count, on_account, unpaid) = db::permit::vendor_totals(c, vendor)?;
        Ok(VendorPermits { permits, count, on_account, unpaid })
    })
}

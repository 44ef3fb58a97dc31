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
use crate::market::Market;
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

/// What pricing a permit form needs, read at once: the market, the vendor's status and
/// fixed products there, the market's fee book, the vendor's other permits that day and
/// the counter's warnings. [`price`] and [`decide`] work on it without the database.
#[derive(Debug, Clone)]
struct FormFacts {
    market: Market,
    status: PermitStatus,
    fixed: BTreeMap<String, i64>,
    book: fee::FeeBook,
    /// The ids of the fee book's plans, in its order.
    plans: Vec<TariffPlanId>,
    same_day: Vec<Permit>,
    warnings: Vec<crate::counter::Warning>,
}

fn read_form(c: &crate::db::Connection, input: &PermitInput) -> Result<FormFacts> {
    let market = db::market::get(c, input.market)?.ok_or_else(|| Error::not_found("markt", input.market))?;
    db::vendor::get(c, input.vendor)?.ok_or_else(|| Error::not_found("ondernemer", input.vendor))?;
    let registration = db::registration::active_of(c, input.vendor, input.market)?;
    let status = registration.as_ref().map_or(PermitStatus::Lot, |r| PermitStatus::from(r.status));
    let mut fixed = BTreeMap::new();
    if let Some(r) = &registration {
        for (product, qty) in &r.products {
            if let Some(p) = db::tariff::product(c, *product)? {
                fixed.insert(p.key, *qty);
            }
        }
    }
    let (book, plans) = tariff::fee_book(c, input.market)?;
    let same_day =
        db::permit::of_vendor_on(c, input.vendor, input.day)?.into_iter().filter(|p| p.voided.is_none()).collect();
    let warnings = crate::counter::doubts(c, input)?;
    Ok(FormFacts { market, status, fixed, book, plans, same_day, warnings })
}

/// Status, fixed products and price of a permit form, nothing saved.
fn price(facts: &FormFacts, input: &PermitInput) -> Result<Prepared> {
    let request = fee::QuoteRequest {
        market_day: input.day,
        status: facts.status,
        fixed: facts.fixed.clone(),
        requested: input.requested.clone(),
    };
    let quote = fee::quote(&facts.book, &request).map_err(|e| tariff::with_market(e, &facts.market.name))?;
    let plan =
        facts.plans.get(quote.plan_index).copied().ok_or_else(|| Error::Conflict("tariefplan verdwenen".into()))?;
    Ok(Prepared {
        status: facts.status,
        fixed: facts.fixed.clone(),
        quote,
        plan,
        same_day: facts.same_day.clone(),
        warnings: facts.warnings.clone(),
    })
}

/// What issuing reads beyond the form, in the transaction that writes: whether the acting
/// clerk has closed this market day, whether a named substitute exists, and the day of the
/// permit a correction replaces.
#[derive(Debug, Clone)]
struct IssueFacts {
    form: FormFacts,
    closed_by_actor: bool,
    substitute_exists: bool,
    replaced_day: Option<NaiveDate>,
}

fn read_issue(
    tx: &crate::db::Connection,
    actor: &Actor,
    input: &PermitInput,
    replaces: Option<PermitId>,
) -> Result<IssueFacts> {
    let form = read_form(tx, input)?;
    let closed_by_actor = db::permit::closed_by(tx, input.market, input.day, actor.id())?;
    let substitute_exists = match input.substitute {
        Some(sub) => db::vendor::get(tx, sub)?.is_some(),
        None => true,
    };
    let replaced_day = match replaces {
        Some(old) => db::permit::get(tx, old)?.map(|p| p.day),
        None => None,
    };
    Ok(IssueFacts { form, closed_by_actor, substitute_exists, replaced_day })
}

/// A permit to write: the priced form and the reason it was issued despite its warnings.
#[derive(Debug)]
struct Decision {
    prepared: Prepared,
    reason: Option<String>,
}

/// The rules of issuing, on what was read: the market is held that day; the clerk has not
/// closed it; a named substitute exists; a day other than `today` was confirmed (or is the
/// day of the permit a correction replaces); the form prices under a plan; and every
/// warning that needs a reason has one.
fn decide(facts: IssueFacts, input: &PermitInput, today: NaiveDate) -> Result<Decision> {
    let market = &facts.form.market;
    if !market.is_held_on(input.day) {
        return Err(Error::invalid(
            "day",
            Problem::Conflict,
            format!("{} is er niet op {}", market.name, crate::time::long_day(input.day)),
        ));
    }
    if facts.closed_by_actor {
        return Err(Error::Conflict(format!(
            "u heeft {} op {} al afgesloten: alleen een senior corrigeert nog, met een terugboeking",
            market.name,
            crate::time::show_day(input.day)
        )));
    }
    if let Some(sub) = input.substitute.filter(|_| !facts.substitute_exists) {
        return Err(Error::not_found("vervanger", sub));
    }
    // A correction keeps the day of the permit it replaces: choosing that permit was the
    // confirmation.
    if input.day != today && input.confirmed_day != Some(input.day) && facts.replaced_day != Some(input.day) {
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
    let prepared = price(&facts.form, input)?;
    let reason = input.override_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
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
    Ok(Decision { prepared, reason })
}

/// The price and warnings of a permit form, for the counter to show before saving.
pub fn preview(store: &mut Store, actor: &Actor, input: &PermitInput) -> Result<Prepared> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| price(&read_form(c, input)?, input))
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

/// Issues in `tx`: reads what the rules need, decides without the database, then writes.
pub(crate) fn issue_in(
    tx: &Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &PermitInput,
    replaces: Option<PermitId>,
) -> Result<PermitId> {
    let facts = read_issue(tx, actor, input, replaces)?;
    let Decision { prepared, reason } = decide(facts, input, crate::time::today(now))?;
    let reason = reason.as_deref();
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

#[cfg(test)]
mod tests {
    //! The rules of issuing, decided on facts built by hand: no database.
    use super::*;
    use crate::code::{MarketKind, ProductUnit, TariffUnit, VatType, Weekdays};
    use crate::counter::Warning;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    const MONDAY: &str = "2026-03-02";

    /// A Monday-to-Saturday market with one plan: € 2,00 a metre, a 3 m stall product.
    fn facts() -> IssueFacts {
        let market = Market {
            id: MarketId(1),
            code: "WM".into(),
            name: "Markt WM".into(),
            kind: MarketKind::Daily,
            weekdays: Weekdays::parse_list("ma,di,wo,do,vr,za").expect("weekdays"),
            season: None,
            stall_size_m: 3,
            max_stalls_per_vendor: 3,
            sample_size: 5,
            ab_lists: false,
            ended: false,
            ended_on: None,
        };
        let book = fee::FeeBook {
            vat_rates: vec![fee::VatRate { vat: VatType::Zero, percent: Percent::whole(0), from: d("2019-01-01") }],
            vat_overrides: vec![],
            tariff_kinds: vec![fee::TariffKind {
                code: "meter".into(),
                invoice_label: "meters".into(),
                unit: TariffUnit::Meters,
                vat: VatType::Zero,
            }],
            products: vec![fee::Product {
                key: "stalls_3m".into(),
                unit: ProductUnit::Meters,
                factor: 3,
                kind: None,
                always: false,
            }],
            plans: vec![fee::TariffPlan {
                name: "Tarieven 2026".into(),
                from: d("2026-01-01"),
                until: None,
                weekdays: None,
                ignore_fixed: false,
                rates: [("meter".to_string(), Cents(200))].into_iter().collect(),
            }],
        };
        let form = FormFacts {
            market,
            status: PermitStatus::Soll,
            fixed: BTreeMap::new(),
            book,
            plans: vec![TariffPlanId(7)],
            same_day: vec![],
            warnings: vec![],
        };
        IssueFacts { form, closed_by_actor: false, substitute_exists: true, replaced_day: None }
    }

    fn form() -> PermitInput {
        PermitInput {
            market: MarketId(1),
            day: d(MONDAY),
            vendor: VendorId(3),
            presence: Presence::InPerson,
            substitute: None,
            identified_by: Identification::Typed,
            requested: [("stalls_3m".to_string(), 2)].into_iter().collect(),
            stalls: vec!["4".into()],
            note: String::new(),
            payment: PaymentMethod::Pin,
            override_reason: None,
            confirmed_day: None,
        }
    }

    fn refused(facts: IssueFacts, input: &PermitInput, today: &str) -> (String, String) {
        let err = decide(facts, input, d(today)).expect_err("refused");
        let field = err.field_errors().first().map(|f| f.field.clone()).unwrap_or_default();
        (field, err.to_string())
    }

    #[test]
    fn a_plain_permit_is_priced_under_its_plan() {
        let decision = decide(facts(), &form(), d(MONDAY)).expect("issued");
        assert_eq!(decision.prepared.plan, TariffPlanId(7));
        assert_eq!(decision.prepared.quote.total_incl, Cents(2 * 3 * 200), "two 3 m stalls at € 2,00 a metre");
        assert_eq!(decision.reason, None);
    }

    #[test]
    fn a_day_the_market_is_not_held_is_refused() {
        let sunday = PermitInput { day: d("2026-03-01"), confirmed_day: Some(d("2026-03-01")), ..form() };
        let (field, said) = refused(facts(), &sunday, "2026-03-01");
        assert_eq!(field, "day");
        assert!(said.contains("Markt WM is er niet op"), "{said}");
    }

    #[test]
    fn a_day_the_clerk_closed_is_refused() {
        let closed = IssueFacts { closed_by_actor: true, ..facts() };
        let err = decide(closed, &form(), d(MONDAY)).expect_err("refused");
        assert_eq!(err.code(), "conflict");
        assert!(err.to_string().contains("al afgesloten"), "{err}");
    }

    #[test]
    fn a_substitute_that_does_not_exist_is_refused() {
        let facts = IssueFacts { substitute_exists: false, ..facts() };
        let input =
            PermitInput { presence: Presence::SubstituteWithPermission, substitute: Some(VendorId(99)), ..form() };
        let err = decide(facts, &input, d(MONDAY)).expect_err("refused");
        assert_eq!(err.code(), "not_found");
    }

    #[test]
    fn another_day_needs_that_day_confirmed_or_the_replaced_permit_s_day() {
        let (field, said) = refused(facts(), &form(), "2026-03-03");
        assert_eq!(field, "day");
        assert!(said.contains("bevestig de dag"), "{said}");
        let confirmed = PermitInput { confirmed_day: Some(d(MONDAY)), ..form() };
        assert!(decide(facts(), &confirmed, d("2026-03-03")).is_ok(), "the day confirmed");
        let wrongly = PermitInput { confirmed_day: Some(d("2026-03-03")), ..form() };
        assert_eq!(refused(facts(), &wrongly, "2026-03-03").0, "day", "another day confirmed than the form's");
        let correction = IssueFacts { replaced_day: Some(d(MONDAY)), ..facts() };
        assert!(decide(correction, &form(), d("2026-03-03")).is_ok(), "a correction keeps its permit's day");
    }

    #[test]
    fn every_doubt_needs_the_one_reason_and_a_notice_does_not() {
        let mut doubtful = facts();
        doubtful.form.warnings = vec![
            Warning::Removed,
            Warning::StallTaken {
                stall: "4".into(),
                invoice_number: "D2026-000001".into(),
                vendor: "A. Bakker".into(),
            },
            Warning::SubstituteNotRegistered { name: "B. Smit".into() },
        ];
        let (field, said) = refused(doubtful.clone(), &form(), MONDAY);
        assert_eq!(field, "override_reason");
        assert!(
            said.contains("deze ondernemer is verwijderd") && said.contains("plaats 4 is vandaag al uitgegeven"),
            "{said}"
        );
        assert!(!said.contains("B. Smit"), "a notice asks no reason: {said}");
        let blank = PermitInput { override_reason: Some("   ".into()), ..form() };
        assert_eq!(refused(doubtful.clone(), &blank, MONDAY).0, "override_reason", "a blank reason is none");
        let answered = PermitInput { override_reason: Some(" met de marktmeester ".into()), ..form() };
        let decision = decide(doubtful, &answered, d(MONDAY)).expect("issued with a reason");
        assert_eq!(decision.reason.as_deref(), Some("met de marktmeester"));
        let notice_only = IssueFacts {
            form: FormFacts {
                warnings: vec![Warning::SubstituteNotRegistered { name: "B. Smit".into() }],
                ..facts().form
            },
            ..facts()
        };
        assert!(decide(notice_only, &form(), d(MONDAY)).is_ok());
    }

    #[test]
    fn a_day_without_a_plan_is_refused_naming_the_market() {
        let mut facts = facts();
        facts.form.book.plans.clear();
        let err = decide(facts, &form(), d(MONDAY)).expect_err("refused");
        assert_eq!(err.code(), "no_tariff_plan");
        assert!(err.to_string().contains("Markt WM"), "{err}");
    }
}

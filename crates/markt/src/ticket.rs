//! Inspection tickets (bonnen) and the catalogue of violations (inspections.md).

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{PaymentMethod, TicketDecision, TicketStatus};
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{ControlId, MarketId, PaymentId, PermitId, TicketId, VendorId, ViolationId};
use crate::money::Cents;

/// Days between handing out a ticket (or upholding it after an objection) and its due date.
pub const DAYS_TO_PAY: u64 = 30;

/// Weeks a vendor has to object to a ticket, from the day it is handed out (Awb art. 6:7).
pub const OBJECTION_WEEKS: u64 = 6;

/// The dates a status change sets (inspections.md): handing a ticket out on a day gives it
/// its due date and the last day to object; upholding an objection gives a fresh due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The issue date or the decision date.
    pub from: NaiveDate,
    pub due: NaiveDate,
    /// Set by the issue only.
    pub objection_until: Option<NaiveDate>,
}

impl Term {
    /// Handed out on `day` (the letter printed or sent): 30 days to pay, 6 weeks to object.
    pub fn issue(day: NaiveDate) -> Term {
        Term {
            from: day,
            due: day + chrono::Days::new(DAYS_TO_PAY),
            objection_until: Some(day + chrono::Days::new(7 * OBJECTION_WEEKS)),
        }
    }

    /// An objection upheld on `day`: a fresh 30 days to pay from the decision.
    pub fn decision(day: NaiveDate) -> Term {
        Term { from: day, due: day + chrono::Days::new(DAYS_TO_PAY), objection_until: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub id: ViolationId,
    pub code: String,
    pub description: String,
    /// Article of the market regulation.
    pub article: String,
    pub amount: Cents,
    /// A first offence within 12 months is a warning.
    pub warning_first: bool,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl Violation {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_until.is_none_or(|u| day <= u)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViolationInput {
    pub code: String,
    pub description: String,
    pub article: String,
    pub amount: Cents,
    pub warning_first: bool,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

pub fn create_violation(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &ViolationInput,
) -> Result<ViolationId> {
    actor.require(Action::EditViolations)?;
    let mut v = Validator::new();
    v.text("code", &input.code, 10);
    v.text("description", &input.description, 200);
    v.optional_text("article", &input.article, 60);
    v.check("amount", !input.amount.is_negative(), Problem::OutOfRange, "een boete is niet negatief");
    v.check(
        "valid_until",
        input.valid_until.is_none_or(|u| u >= input.valid_from),
        Problem::OutOfRange,
        "einddatum ligt voor de begindatum",
    );
    v.finish()?;
    store.write(|tx| {
        if db::ticket::violations(tx)?.iter().any(|o| o.code == input.code.trim() && o.valid_from == input.valid_from) {
            return Err(Error::invalid(
                "valid_from",
                Problem::Duplicate,
                "deze overtreding heeft al een versie vanaf die dag",
            ));
        }
        let id = db::ticket::insert_violation(tx, input)?;
        let after = db::ticket::violation(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "violation.create", "violation", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// Ends a violation from a day on (inspections.md: the catalogue is versioned by day):
/// from `from` it can no longer be chosen on a ticket; the tickets written before keep it.
/// The versions of `code` valid on `from` or later get `from - 1` as their last day (a row
/// of its own: the catalogue is never edited). A version that starts on `from` or later is
/// refused: ending it would leave a version that never held, so it is named instead.
pub fn end_violation(store: &mut Store, actor: &Actor, now: DateTime<Utc>, code: &str, from: NaiveDate) -> Result<()> {
    actor.require(Action::EditViolations)?;
    let code = code.trim();
    let mut v = Validator::new();
    v.text("code", code, 10);
    v.finish()?;
    let last_day = from.pred_opt().ok_or_else(|| Error::invalid("from", Problem::OutOfRange, "ongeldige datum"))?;
    store.write(|tx| {
        let versions: Vec<Violation> = db::ticket::violations(tx)?.into_iter().filter(|o| o.code == code).collect();
        if versions.is_empty() {
            return Err(Error::invalid("code", Problem::Unknown, format!("overtreding {code} bestaat niet")));
        }
        if let Some(later) = versions.iter().find(|o| o.valid_from >= from) {
            return Err(Error::invalid(
                "from",
                Problem::Conflict,
                format!(
                    "overtreding {code} heeft een versie vanaf {}: kies een einddatum na die dag",
                    crate::time::show_date(later.valid_from)
                ),
            ));
        }
        let open: Vec<&Violation> = versions.iter().filter(|o| o.valid_until.is_none_or(|u| u >= from)).collect();
        if open.is_empty() {
            return Err(Error::invalid(
                "from",
                Problem::Conflict,
                format!("overtreding {code} geldt op {} al niet meer", crate::time::show_date(from)),
            ));
        }
        for before in open {
            db::ticket::insert_violation_end(tx, before.id, last_day, actor.id(), now)?;
            let after = db::ticket::violation(tx, before.id)?;
            audit::record(
                tx,
                Some(actor.id()),
                now,
                "violation.end",
                "violation",
                before.id,
                Some(before),
                after.as_ref(),
            )?;
        }
        Ok(())
    })
}

pub fn violations(store: &mut Store, actor: &Actor) -> Result<Vec<Violation>> {
    actor.require(Action::ReadMasterData)?;
    store.read(db::ticket::violations)
}

/// The catalogue's code for "not present in person without permission" (inspections.md:
/// `V01`, art. 3.18 lid 1). The catalogue has no column saying which violation a control
/// finding proves, so this one link is kept here, once.
pub const NOT_IN_PERSON_WITHOUT_PERMISSION: &str = "V01";

/// The violation a ticket written from a control starts with: a substitute without
/// permission is the violation of not being there in person without permission. Any other
/// finding leaves the choice to the supervisor.
pub fn violation_for(seen: crate::code::Presence) -> Option<&'static str> {
    match seen {
        crate::code::Presence::SubstituteWithoutPermission => Some(NOT_IN_PERSON_WITHOUT_PERMISSION),
        _ => None,
    }
}

/// The ticket form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketInput {
    pub market: MarketId,
    pub day: NaiveDate,
    pub time: NaiveTime,
    pub stall: String,
    pub vendor: Option<VendorId>,
    /// A description of a person without a registration.
    pub unknown_person: Option<String>,
    pub permit: Option<PermitId>,
    pub control: Option<ControlId>,
    pub violation_code: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    pub id: TicketId,
    /// `B2026-000123`.
    pub number: String,
    pub market: MarketId,
    pub day: NaiveDate,
    pub time: String,
    pub stall: String,
    pub vendor: Option<VendorId>,
    pub unknown_person: Option<String>,
    pub permit: Option<PermitId>,
    pub control: Option<ControlId>,
    pub violation: ViolationId,
    pub decision: TicketDecision,
    pub amount: Cents,
    /// The day it was handed out (the letter printed or sent); none while a draft.
    pub issued_on: Option<NaiveDate>,
    /// Issue + 30 days, or decision + 30 days once an objection was upheld; none while a draft.
    pub due_date: Option<NaiveDate>,
    /// Issue + 6 weeks; none while a draft.
    pub objection_until: Option<NaiveDate>,
    pub note: String,
    pub status: TicketStatus,
}

impl Ticket {
    /// Issued (or upheld after objection), not paid, past its due date.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        matches!(self.status, TicketStatus::Issued | TicketStatus::Upheld)
            && self.decision == TicketDecision::Fine
            && self.due_date.is_some_and(|due| today > due)
    }

    /// The dates its letter gives. A draft has none yet: its letter gives them as if it
    /// were handed out on `today`, the day the letter is printed.
    pub fn letter_term(&self, today: NaiveDate) -> Term {
        match (self.issued_on, self.due_date) {
            (Some(from), Some(due)) => Term { from, due, objection_until: self.objection_until },
            _ => Term::issue(today),
        }
    }
}

/// The decision a new ticket gets, shown before saving: a warning when the violation is
/// "warning first" and the vendor had no ticket for it that stands (issued, paid or
/// upheld) in the 12 months before the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub violation: Violation,
    pub decision: TicketDecision,
    pub amount: Cents,
    /// Earlier tickets of this vendor for this violation within 12 months that stand.
    pub earlier: Vec<String>,
}

fn decide_in(c: &crate::db::Connection, vendor: Option<VendorId>, code: &str, day: NaiveDate) -> Result<Decision> {
    let code = code.trim();
    let versions: Vec<Violation> = db::ticket::violations(c)?.into_iter().filter(|v| v.code == code).collect();
    let Some(violation) = versions.iter().filter(|v| v.valid_on(day)).max_by_key(|v| v.valid_from).cloned() else {
        let shown = crate::time::show_date(day);
        // Say why: an ended violation is the likely case, and the clerk should know it ended.
        let ended = versions.iter().filter_map(|v| v.valid_until).filter(|u| *u < day).max();
        let message = match ended {
            _ if versions.is_empty() => format!("overtreding {code} bestaat niet"),
            Some(last) if versions.iter().all(|v| v.valid_from <= last) => format!(
                "overtreding {code} geldt niet meer sinds {}: kies een andere overtreding",
                crate::time::show_date(last + chrono::Days::new(1))
            ),
            _ => format!("overtreding {code} geldt niet op {shown}"),
        };
        return Err(Error::invalid("violation_code", Problem::Unknown, message));
    };
    let since = day.checked_sub_months(Months::new(12)).unwrap_or(day);
    let earlier = match vendor {
        Some(v) => db::ticket::numbers_for(c, v, &violation.code, since, day)?,
        None => Vec::new(),
    };
    let warning = violation.warning_first && earlier.is_empty() && vendor.is_some();
    let (decision, amount) =
        if warning { (TicketDecision::Warning, Cents::ZERO) } else { (TicketDecision::Fine, violation.amount) };
    Ok(Decision { violation, decision, amount, earlier })
}

pub fn decide(
    store: &mut Store,
    actor: &Actor,
    vendor: Option<VendorId>,
    code: &str,
    day: NaiveDate,
) -> Result<Decision> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| decide_in(c, vendor, code, day))
}

/// Writes a ticket as a draft with the next number of its year; numbers are never reused.
pub fn create(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &TicketInput) -> Result<TicketId> {
    actor.require(Action::IssueTicket)?;
    let mut v = Validator::new();
    let person = input.unknown_person.as_deref().map(str::trim).filter(|p| !p.is_empty());
    v.check(
        "vendor",
        input.vendor.is_some() != person.is_some(),
        Problem::Required,
        "kies een ondernemer of beschrijf de onbekende persoon",
    );
    v.optional_text("stall", &input.stall, 10);
    v.optional_text("note", &input.note, 1000);
    v.finish()?;
    store.write(|tx| {
        db::market::get(tx, input.market)?.ok_or_else(|| Error::not_found("markt", input.market))?;
        if let Some(vendor) = input.vendor {
            db::vendor::get(tx, vendor)?.ok_or_else(|| Error::not_found("ondernemer", vendor))?;
        }
        if let Some(p) = input.permit {
            let permit = db::permit::get(tx, p)?.ok_or_else(|| Error::not_found("dagvergunning", p))?;
            if Some(permit.vendor) != input.vendor {
                return Err(Error::invalid(
                    "permit",
                    Problem::Conflict,
                    "de dagvergunning is van een andere ondernemer",
                ));
            }
        }
        let decision = decide_in(tx, input.vendor, &input.violation_code, input.day)?;
        let year = input.day.year();
        let sequence = db::next_in_sequence(tx, &format!("ticket-{year}"))?;
        if sequence > 999_999 {
            return Err(Error::Conflict(format!("de bonnummers van {year} zijn op")));
        }
        let number = format!("B{year}-{sequence:06}");
        // Schema 1's `ticket.due_date` (NOT NULL) keeps the market day's date it always had;
        // the real dates are the terms set when the ticket is handed out (`transition_in`).
        let due = input.day + chrono::Days::new(DAYS_TO_PAY);
        let id = db::ticket::insert(tx, input, person, &number, year, sequence, &decision, due, actor.id(), now)?;
        db::ticket::insert_event(tx, id, TicketStatus::Draft, None, actor.id(), now)?;
        let after = db::ticket::get(tx, id)?;
        audit::record(tx, Some(actor.id()), now, "ticket.create", "ticket", id, None::<&()>, after.as_ref())?;
        Ok(id)
    })
}

/// Whether a ticket may go from `from` to `to` (inspections.md); `void` is checked apart.
pub fn may_transition(from: TicketStatus, to: TicketStatus) -> bool {
    use TicketStatus::*;
    matches!(
        (from, to),
        (Draft, Issued)
            | (Issued, Paid)
            | (Issued, Objection)
            | (Objection, Upheld)
            | (Objection, Withdrawn)
            | (Upheld, Paid)
    ) || (to == Void && from != Paid && from != Void)
}

/// Moves a ticket to another status. `void` needs a senior and a reason.
pub fn transition(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TicketId,
    to: TicketStatus,
    reason: Option<&str>,
) -> Result<()> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if to == TicketStatus::Void {
        actor.require(Action::VoidTicket)?;
        if reason.is_none() {
            return Err(Error::invalid("reason", Problem::Required, "een bon laten vervallen vraagt een reden"));
        }
    } else {
        actor.require(Action::ChangeTicketStatus)?;
    }
    store.write(|tx| transition_in(tx, actor, now, id, to, reason))
}

fn transition_in(
    tx: &Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TicketId,
    to: TicketStatus,
    reason: Option<&str>,
) -> Result<()> {
    let before = db::ticket::get(tx, id)?.ok_or_else(|| Error::not_found("bon", id))?;
    if !may_transition(before.status, to) {
        return Err(Error::Conflict(format!(
            "bon {} kan niet van ‘{}’ naar ‘{}’",
            before.number,
            before.status.label_nl(),
            to.label_nl()
        )));
    }
    if to == TicketStatus::Paid {
        let paid: Cents = db::permit::payments_of_ticket(tx, id)?.iter().map(|p| p.amount).sum();
        if paid < before.amount {
            return Err(Error::Conflict(format!("bon {} is nog niet (helemaal) betaald", before.number)));
        }
    }
    if matches!(to, TicketStatus::Void | TicketStatus::Withdrawn) {
        // A fine taken back keeps no money: what was paid on it (part of it: a paid ticket is
        // never voided) is reversed with it, in this transaction.
        let why = reason.unwrap_or("bon ingetrokken na bezwaar");
        reverse_standing_payments(tx, actor, now, id, why)?;
    }
    let event = db::ticket::insert_event(tx, id, to, reason, actor.id(), now)?;
    // The terms run from the day of the act, not from the market day the ticket was written for.
    let today = crate::time::today(now);
    match to {
        TicketStatus::Issued => db::ticket::insert_term(tx, event, id, &Term::issue(today))?,
        TicketStatus::Upheld => db::ticket::insert_term(tx, event, id, &Term::decision(today))?,
        _ => {}
    }
    let after = db::ticket::get(tx, id)?;
    audit::record(tx, Some(actor.id()), now, "ticket.status", "ticket", id, Some(&before), after.as_ref())
}

/// Reverses each payment of ticket `id` that is not a reversal and not reversed yet.
fn reverse_standing_payments(tx: &Tx<'_>, actor: &Actor, now: DateTime<Utc>, id: TicketId, reason: &str) -> Result<()> {
    crate::permit::reverse_standing(tx, actor, now, db::permit::payments_of_ticket(tx, id)?, reason)
}

/// A fine payment (or its reversal) goes into the drawer of the clerk who takes it, today,
/// in the close of the ticket's market (see [`crate::day_close`]). Once that clerk closed
/// that market day, only a senior's correction may still change it, as for permits.
pub(crate) fn require_open_drawer(tx: &Tx<'_>, actor: &Actor, now: DateTime<Utc>, market: MarketId) -> Result<()> {
    if db::permit::closed_by(tx, market, crate::time::today(now), actor.id())? && !actor.may(Action::CorrectClosedDay) {
        return Err(Error::Forbidden { action: Action::CorrectClosedDay, role: actor.role() });
    }
    Ok(())
}

/// After a payment of a fine was reversed (a refund, a wrong method), in the reversal's
/// transaction: a `paid` ticket is open again, back in the status it was paid from (issued
/// or upheld), so it is payable again, overdue by its due date, and may be voided. The
/// reopening is a status event of its own, with the reversal's reason; the terms stay.
/// This is not a clerk's transition ([`may_transition`]): only a reversal reopens.
pub(crate) fn reopen_after_reversal(
    tx: &Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TicketId,
    reason: &str,
) -> Result<()> {
    let before = db::ticket::get(tx, id)?.ok_or_else(|| Error::not_found("bon", id))?;
    let paid: Cents = db::permit::payments_of_ticket(tx, id)?.iter().map(|p| p.amount).sum();
    if before.status != TicketStatus::Paid || paid >= before.amount {
        return Ok(());
    }
    let back = db::ticket::history(tx, id)?
        .iter()
        .rev()
        .map(|s| s.status)
        .find(|s| matches!(s, TicketStatus::Issued | TicketStatus::Upheld))
        .unwrap_or(TicketStatus::Issued);
    let why = format!("betaling teruggeboekt: {reason}");
    db::ticket::insert_event(tx, id, back, Some(&why), actor.id(), now)?;
    let after = db::ticket::get(tx, id)?;
    audit::record(tx, Some(actor.id()), now, "ticket.reopen", "ticket", id, Some(&before), after.as_ref())
}

/// Registers a payment of a fine; when the fine is paid in full the ticket becomes `paid`.
pub fn pay(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TicketId,
    method: PaymentMethod,
    amount: Cents,
) -> Result<PaymentId> {
    actor.require(Action::RegisterTicketPayment)?;
    store.write(|tx| {
        let t = db::ticket::get(tx, id)?.ok_or_else(|| Error::not_found("bon", id))?;
        if !matches!(t.status, TicketStatus::Issued | TicketStatus::Upheld) || t.decision == TicketDecision::Warning {
            return Err(Error::Conflict(format!(
                "bon {} staat niet open voor betaling ({})",
                t.number,
                t.status.label_nl()
            )));
        }
        require_open_drawer(tx, actor, now, t.market)?;
        let paid: Cents = db::permit::payments_of_ticket(tx, id)?.iter().map(|p| p.amount).sum();
        let open = t.amount - paid;
        if amount <= Cents::ZERO || amount > open {
            return Err(Error::invalid("amount", Problem::OutOfRange, format!("er staat nog {open} open")));
        }
        let pid = db::permit::insert_payment(tx, None, Some(id), method, amount, None, None, actor.id(), now)?;
        let after = db::permit::payment(tx, pid)?;
        audit::record(tx, Some(actor.id()), now, "payment.create", "payment", pid, None::<&()>, after.as_ref())?;
        if amount == open {
            transition_in(tx, actor, now, id, TicketStatus::Paid, None)?;
        }
        Ok(pid)
    })
}

/// A photo of a ticket, kept in the app's data folder under its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Photo {
    pub sha256: String,
    pub file_name: String,
}

/// Where ticket photos are kept: `photos/` beside the database file.
pub fn photos_dir(store: &Store) -> Option<std::path::PathBuf> {
    store.path().and_then(|p| p.parent()).map(|d| d.join("photos"))
}

/// Copies a photo into the data folder, named by its SHA-256 (the same picture twice is
/// stored once), and links it to the ticket. `file_name` only gives the kind of image.
pub fn add_photo(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TicketId,
    file_name: &str,
    bytes: &[u8],
) -> Result<Photo> {
    use sha2::Digest;
    actor.require(Action::IssueTicket)?;
    let ext = std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .filter(|e| ["jpg", "jpeg", "png", "heic", "webp"].contains(&e.as_str()))
        .ok_or_else(|| Error::invalid("photo", Problem::Format, "een foto is een jpg-, png-, heic- of webp-bestand"))?;
    if bytes.is_empty() || bytes.len() > 20 * 1024 * 1024 {
        return Err(Error::invalid("photo", Problem::OutOfRange, "een foto is niet leeg en hoogstens 20 MB"));
    }
    let sha256: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    let stored = format!("{sha256}.{ext}");
    let dir = photos_dir(store).ok_or_else(|| Error::Conflict("deze database heeft geen map voor foto's".into()))?;
    let target = dir.join(&stored);
    if !target.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| Error::Conflict(format!("{}: {e}", dir.display())))?;
        // Write beside the target and rename: a crash never leaves half a photo under the hash.
        let partial = dir.join(format!("{stored}.partial"));
        std::fs::write(&partial, bytes).map_err(|e| Error::Conflict(format!("{}: {e}", partial.display())))?;
        std::fs::rename(&partial, &target).map_err(|e| Error::Conflict(format!("{}: {e}", target.display())))?;
    }
    let photo = Photo { sha256, file_name: stored };
    store.write(|tx| {
        db::ticket::get(tx, id)?.ok_or_else(|| Error::not_found("bon", id))?;
        db::ticket::insert_photo(tx, id, &photo)?;
        audit::record(tx, Some(actor.id()), now, "ticket.photo", "ticket", id, None::<&()>, Some(&photo))?;
        Ok(photo)
    })
}

pub fn photos(store: &mut Store, actor: &Actor, id: TicketId) -> Result<Vec<Photo>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::ticket::photos(c, id))
}

/// Which tickets a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: Option<TicketStatus>,
    /// Only tickets overdue on this day.
    pub overdue_on: Option<NaiveDate>,
    pub market: Option<MarketId>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub vendor: Option<VendorId>,
}

/// A ticket with what a list shows of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub ticket: Ticket,
    pub market_code: String,
    pub vendor_name: Option<String>,
    pub registration_number: Option<String>,
    pub violation_code: String,
    pub violation: String,
    pub paid: Cents,
}

/// Tickets by status, market and period, newest first.
pub fn list(store: &mut Store, actor: &Actor, filter: &Filter) -> Result<Vec<Row>> {
    actor.require(Action::ReadMarketDay)?;
    let rows = store.read(|c| db::ticket::list(c, filter))?;
    Ok(match filter.overdue_on {
        Some(day) => rows.into_iter().filter(|r| r.ticket.overdue(day) && r.paid < r.ticket.amount).collect(),
        None => rows,
    })
}

/// A ticket with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub row: Row,
    /// The permit the ticket was written on, by its number (D2026-017644).
    pub permit_number: Option<String>,
    /// The control it was written from: its round and when it was recorded.
    pub control: Option<ControlRef>,
    pub photos: Vec<Photo>,
    pub payments: Vec<crate::permit::Payment>,
    /// From draft on.
    pub history: Vec<Step>,
}

/// The control a ticket was written from, as its page names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlRef {
    pub round: i64,
    pub at: DateTime<Utc>,
}

/// One status change of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub status: TicketStatus,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

pub fn detail(store: &mut Store, actor: &Actor, id: TicketId) -> Result<Detail> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let t = db::ticket::get(c, id)?.ok_or_else(|| Error::not_found("bon", id))?;
        let filter = Filter {
            vendor: t.vendor,
            from: Some(t.day),
            until: Some(t.day),
            market: Some(t.market),
            ..Filter::default()
        };
        let row = db::ticket::list(c, &filter)?
            .into_iter()
            .find(|r| r.ticket.id == id)
            .ok_or_else(|| Error::not_found("bon", id))?;
        let permit_number = match t.permit {
            Some(p) => db::permit::get(c, p)?.map(|p| p.invoice_number),
            None => None,
        };
        let control = match t.control {
            Some(k) => db::control::get(c, k)?.map(|k| ControlRef { round: k.round, at: k.at }),
            None => None,
        };
        Ok(Detail {
            row,
            permit_number,
            control,
            photos: db::ticket::photos(c, id)?,
            payments: db::permit::payments_of_ticket(c, id)?,
            history: db::ticket::history(c, id)?,
        })
    })
}

pub fn get(store: &mut Store, actor: &Actor, id: TicketId) -> Result<Ticket> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::ticket::get(c, id))?.ok_or_else(|| Error::not_found("bon", id))
}

/// A ticket by its number (`B2026-000123`).
pub fn by_number(store: &mut Store, actor: &Actor, number: &str) -> Result<Ticket> {
    actor.require(Action::ReadMarketDay)?;
    let number = number.trim().to_uppercase();
    store.read(|c| db::ticket::by_number(c, &number))?.ok_or_else(|| Error::not_found("bon", number))
}

pub fn of_vendor(store: &mut Store, actor: &Actor, vendor: VendorId) -> Result<Vec<Ticket>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::ticket::of_vendor(c, vendor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    #[test]
    fn transitions_follow_inspections_md() {
        let allowed = [
            (Draft, Issued),
            (Issued, Paid),
            (Issued, Objection),
            (Objection, Upheld),
            (Objection, Withdrawn),
            (Upheld, Paid),
            (Draft, Void),
            (Issued, Void),
            (Objection, Void),
            (Upheld, Void),
            (Withdrawn, Void),
        ];
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                assert_eq!(may_transition(*from, *to), allowed.contains(&(*from, *to)), "{from} → {to}");
            }
        }
    }
}

//! The day view (dagoverzicht) of one market day, for any day past or present: every
//! permit (voided ones too, marked), counts by status and presence, metres, money by
//! payment method, the fines paid at the desk that day (by method, beside the permits),
//! vendors with several permits that day, notes and the day closes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::code::{PaymentMethod, PermitStatus, Presence};
use crate::day_close::{DayClose, Fines};
use crate::db::{self, Store};
use crate::error::{Error, Result};
use crate::ids::{PermitId, VendorId};
use crate::market::Market;
use crate::money::Cents;
use crate::note::Note;
use crate::vendor::RegistrationNumber;

/// A permit as the day view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermitRow {
    pub id: PermitId,
    pub invoice_number: String,
    pub vendor: VendorId,
    pub vendor_name: String,
    pub registration_number: RegistrationNumber,
    pub status: PermitStatus,
    pub presence: Presence,
    pub stalls: Vec<String>,
    pub metres: i64,
    /// What its lines come to.
    pub due: Cents,
    /// What was paid for it, reversals included (zero for a voided permit).
    pub paid: Cents,
    pub methods: Vec<PaymentMethod>,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
    pub voided: Option<String>,
    pub replaces: Option<PermitId>,
    pub override_reason: Option<String>,
    /// The latest control of the permit: round and who was found at the stall.
    pub control: Option<(i64, Presence)>,
    /// The latest control saw other products than the permit gives (another key or another
    /// number of pieces: `control::product_differences`).
    pub control_products_differ: bool,
}

impl PermitRow {
    /// The control found someone else at the stall than the permit says.
    pub fn control_differs(&self) -> bool {
        self.control.is_some_and(|(_, seen)| seen != self.presence)
    }

    /// The difference is serious: a substitute without permission, or nobody.
    pub fn control_alarming(&self) -> bool {
        self.control_differs()
            && self
                .control
                .is_some_and(|(_, seen)| matches!(seen, Presence::SubstituteWithoutPermission | Presence::Absent))
    }
}

/// A vendor with more than one valid permit that day (on any markets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Multiple {
    pub vendor: VendorId,
    pub vendor_name: String,
    pub registration_number: RegistrationNumber,
    /// (market code, invoice number) of each permit.
    pub permits: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayView {
    pub market: Market,
    pub day: NaiveDate,
    pub permits: Vec<PermitRow>,
    pub by_status: Vec<(PermitStatus, i64)>,
    pub by_presence: Vec<(Presence, i64)>,
    pub metres: i64,
    /// Money received for the day's permits, by method.
    pub money: Vec<(PaymentMethod, Cents)>,
    /// Fine payments of this market's tickets taken that day (any clerk), by method: the
    /// drawers hold them beside the permits' money.
    pub fines: Fines,
    pub multiple: Vec<Multiple>,
    pub notes: Vec<Note>,
    pub closes: Vec<DayClose>,
}

impl DayView {
    pub fn valid(&self) -> impl Iterator<Item = &PermitRow> {
        self.permits.iter().filter(|p| p.voided.is_none())
    }

    /// What the permits' payments came to, by every method together (on account included):
    /// the books' side of [`DayView::due`].
    pub fn total(&self) -> Cents {
        self.money.iter().map(|(_, c)| *c).sum()
    }

    fn permits_by(&self, method: PaymentMethod) -> Cents {
        self.money.iter().filter(|(m, _)| *m == method).map(|(_, c)| *c).sum()
    }

    /// Everything received that day, permits and fines: pin and cash. Money on account was
    /// not received and is left out ([`DayView::on_account`]).
    pub fn received(&self) -> Cents {
        self.permits_by(PaymentMethod::Pin) + self.permits_by(PaymentMethod::Cash) + self.fines.pin + self.fines.cash
    }

    /// Booked on account that day, permits and fines: not received.
    pub fn on_account(&self) -> Cents {
        self.permits_by(PaymentMethod::OnAccount) + self.fines.on_account
    }

    /// Clerks who issued a valid permit that day and have not closed it, by name.
    pub fn open_closes(&self) -> Vec<String> {
        let closed: std::collections::BTreeSet<&str> = self.closes.iter().map(|c| c.account_name.as_str()).collect();
        let clerks: std::collections::BTreeSet<&str> = self.valid().map(|p| p.issued_by.as_str()).collect();
        clerks.difference(&closed).map(|s| (*s).to_owned()).collect()
    }

    /// Whether the drawers' cash matches: only when every close counted the expected cash
    /// to the cent, and nobody who issued permits is still to close.
    pub fn cash(&self) -> CashCheck {
        let difference: Cents = self.closes.iter().map(|c| c.difference).sum();
        if self.closes.iter().any(|c| !c.matches()) {
            CashCheck::Difference { difference, closes: self.closes.iter().filter(|c| !c.matches()).count() }
        } else if !self.open_closes().is_empty() || self.closes.is_empty() {
            CashCheck::NotCounted
        } else {
            CashCheck::Matches
        }
    }

    /// What the valid permits' lines come to: equal to [`DayView::total`] on a day whose
    /// books balance.
    pub fn due(&self) -> Cents {
        self.valid().map(|p| p.due).sum()
    }

    pub fn voided(&self) -> usize {
        self.permits.len() - self.valid().count()
    }
}

/// The cash of a day's closes against what the drawers should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CashCheck {
    /// Not every clerk has counted yet (or nobody took money).
    NotCounted,
    /// Every close counted the expected cash to the cent.
    Matches,
    /// Some closes differ; `difference` their sum (negative is short).
    Difference { difference: Cents, closes: usize },
}

pub fn get(store: &mut Store, actor: &Actor, market: crate::ids::MarketId, day: NaiveDate) -> Result<DayView> {
    actor.require(Action::ReadMarketDay)?;
    compute(store, market, day)
}

/// The day view without a role check, for the start-up check that compares it with the
/// books (run before anyone logs in).
pub(crate) fn compute(store: &mut Store, market: crate::ids::MarketId, day: NaiveDate) -> Result<DayView> {
    store.read(|c| {
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let permits = db::day_view::permits(c, market, day)?;
        let count = |key: &dyn Fn(&PermitRow) -> String| {
            let mut counts = std::collections::BTreeMap::<String, i64>::new();
            for p in permits.iter().filter(|p| p.voided.is_none()) {
                *counts.entry(key(p)).or_default() += 1;
            }
            counts
        };
        let statuses = count(&|p| p.status.code().to_string());
        let presences = count(&|p| p.presence.code().to_string());
        let by_status = PermitStatus::ALL.iter().filter_map(|s| statuses.get(s.code()).map(|n| (*s, *n))).collect();
        let by_presence = Presence::ALL.iter().filter_map(|s| presences.get(s.code()).map(|n| (*s, *n))).collect();
        let metres = permits.iter().filter(|p| p.voided.is_none()).map(|p| p.metres).sum();
        Ok(DayView {
            money: db::day_view::money(c, market, day)?,
            fines: db::day_close::fines(c, market, day, None, None)?,
            multiple: db::day_view::multiple(c, market, day)?,
            notes: db::note::of_market_day(c, market, day)?,
            closes: db::day_close::of_day(c, market, day)?,
            market: m,
            day,
            permits,
            by_status,
            by_presence,
            metres,
        })
    })
}

/// One permit with its lines and payments (reversals included), as the counter's
/// correction panel shows it, and what was asked for, so a correction starts from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermitDetail {
    pub row: PermitRow,
    pub lines: Vec<crate::permit::InvoiceLine>,
    pub payments: Vec<crate::permit::Payment>,
    /// Product key → pieces asked for (fixed products are not deducted here).
    pub requested: std::collections::BTreeMap<String, i64>,
    pub substitute: Option<VendorId>,
    pub note: String,
}

pub fn permit(store: &mut Store, actor: &Actor, id: PermitId) -> Result<PermitDetail> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let row = db::day_view::permit(c, id)?.ok_or_else(|| Error::not_found("dagvergunning", id))?;
        let permit = db::permit::get(c, id)?.ok_or_else(|| Error::not_found("dagvergunning", id))?;
        let requested =
            db::permit::products(c, id)?.into_iter().filter(|(_, r, _)| *r > 0).map(|(k, r, _)| (k, r)).collect();
        Ok(PermitDetail {
            row,
            lines: db::permit::lines(c, id)?,
            payments: db::permit::payments_of_permit(c, id)?,
            requested,
            substitute: permit.substitute,
            note: permit.note,
        })
    })
}

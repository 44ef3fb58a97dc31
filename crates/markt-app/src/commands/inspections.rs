//! Commands of controls, the daily sample and tickets.

use markt::ids::*;
use markt::{control, sample, ticket};

use crate::dto::{self, Res};
use crate::state::Caller;

pub fn control_round(app: &Caller<'_>, market_id: i64, day: String) -> Res<Option<dto::ControlRound>> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| sample::round(s, a, MarketId(market_id), day)).map(|r| r.map(Into::into))
}

pub fn draw_sample(app: &Caller<'_>, market_id: i64, day: String) -> Res<dto::ControlRound> {
    let (day, market) = (dto::parse_day("day", &day)?, MarketId(market_id));
    // A fresh seed from the OS, kept with the sample so the draw can be checked.
    app.act(|s, a, now| {
        sample::draw_sample(s, a, now, market, day, rand::random()).and_then(|_| round(s, a, market, day))
    })
    .map(Into::into)
}

pub fn redraw_sample(app: &Caller<'_>, market_id: i64, day: String, reason: String) -> Res<dto::ControlRound> {
    let (day, market) = (dto::parse_day("day", &day)?, MarketId(market_id));
    app.act(|s, a, now| {
        sample::redraw(s, a, now, market, day, rand::random(), &reason).and_then(|_| round(s, a, market, day))
    })
    .map(Into::into)
}

/// The round just drawn (it exists: the draw stored it).
fn round(
    s: &mut markt::Store,
    a: &markt::Actor,
    market: MarketId,
    day: chrono::NaiveDate,
) -> markt::Result<sample::Round> {
    sample::round(s, a, market, day)?.ok_or_else(|| markt::Error::not_found("steekproef", day))
}

pub fn record_control(app: &Caller<'_>, input: dto::ControlInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| control::record(s, a, now, &input)).map(|id| id.0)
}

pub fn controls_of(app: &Caller<'_>, permit_id: i64) -> Res<Vec<dto::ControlRec>> {
    app.read(|s, a| control::of_permit(s, a, PermitId(permit_id))).map(dto::list)
}

pub fn vendor_controls(app: &Caller<'_>, vendor_id: i64) -> Res<Vec<dto::VendorControl>> {
    app.read(|s, a| control::of_vendor(s, a, VendorId(vendor_id), 200)).map(dto::list)
}

pub fn violations(app: &Caller<'_>) -> Res<Vec<dto::Violation>> {
    app.read(ticket::violations).map(dto::list)
}

pub fn add_violation(app: &Caller<'_>, input: dto::ViolationInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| ticket::create_violation(s, a, now, &input)).map(|id| id.0)
}

pub fn end_violation(app: &Caller<'_>, code: String, from: String) -> Res<()> {
    let from = dto::parse_day("from", &from)?;
    app.act(|s, a, now| ticket::end_violation(s, a, now, &code, from))
}

pub fn decide_ticket(
    app: &Caller<'_>,
    vendor_id: Option<i64>,
    violation_code: String,
    day: String,
) -> Res<dto::Decision> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| ticket::decide(s, a, vendor_id.map(VendorId), &violation_code, day)).map(Into::into)
}

pub fn create_ticket(app: &Caller<'_>, input: dto::TicketInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| ticket::create(s, a, now, &input)).map(|id| id.0)
}

pub fn set_ticket_status(app: &Caller<'_>, id: i64, status: String, reason: Option<String>) -> Res<()> {
    let status = dto::ticket_status(&status)?;
    app.act(|s, a, now| ticket::transition(s, a, now, TicketId(id), status, reason.as_deref()))
}

pub fn pay_ticket(app: &Caller<'_>, id: i64, method: String, amount: String) -> Res<()> {
    let (method, amount) = (dto::payment_method(&method)?, dto::typed_money("amount", &amount)?);
    app.act(|s, a, now| ticket::pay(s, a, now, TicketId(id), method, amount)).map(drop)
}

pub fn tickets(app: &Caller<'_>, filter: dto::TicketFilter) -> Res<Vec<dto::TicketRow>> {
    let today = app.today();
    let filter = filter.to_core(today)?;
    app.read(|s, a| ticket::list(s, a, &filter))
        .map(|rows| rows.into_iter().map(|r| dto::TicketRow::of(r, today)).collect())
}

pub fn get_ticket(app: &Caller<'_>, id: i64) -> Res<dto::TicketDetail> {
    let today = app.today();
    app.read(|s, a| ticket::detail(s, a, TicketId(id))).map(|d| dto::TicketDetail::of(d, today))
}

pub fn add_ticket_photo(app: &Caller<'_>, id: i64, file_name: String, bytes: Vec<u8>) -> Res<()> {
    app.act(|s, a, now| ticket::add_photo(s, a, now, TicketId(id), &file_name, &bytes)).map(drop)
}

//! Commands of the market morning: the counter, permits and their corrections, the day
//! view, the day close, notes, attendance.

use markt::ids::*;
use markt::{attendance, counter, day_close, day_view, note, permit};

use crate::dto::{self, Res};
use crate::state::Caller;

pub fn find_vendor(app: &Caller<'_>, text: String) -> Res<dto::VendorRow> {
    let today = app.today();
    app.read(|s, a| counter::find(s, a, &text)).map(|v| dto::VendorRow::of(v, today))
}

pub fn open_counter(app: &Caller<'_>, market_id: i64, day: String, vendor_id: i64) -> Res<dto::Counter> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| counter::open(s, a, MarketId(market_id), day, VendorId(vendor_id))).map(Into::into)
}

pub fn preview_permit(app: &Caller<'_>, form: dto::PermitForm) -> Res<dto::PermitPreview> {
    let form = form.try_into()?;
    app.read(|s, a| counter::preview(s, a, &form)).map(Into::into)
}

pub fn issue_permit(app: &Caller<'_>, form: dto::PermitForm) -> Res<dto::IssuedPermit> {
    let form = form.try_into()?;
    app.act(|s, a, now| permit::issue(s, a, now, &form).and_then(|id| permit::issued(s, a, id))).map(Into::into)
}

pub fn get_permit(app: &Caller<'_>, id: i64) -> Res<dto::PermitDetail> {
    app.read(|s, a| day_view::permit(s, a, PermitId(id))).map(Into::into)
}

pub fn void_permit(app: &Caller<'_>, id: i64, reason: String) -> Res<()> {
    app.act(|s, a, now| permit::void(s, a, now, PermitId(id), &reason))
}

pub fn reissue_permit(app: &Caller<'_>, id: i64, reason: String, form: dto::PermitForm) -> Res<dto::IssuedPermit> {
    let form = form.try_into()?;
    app.act(|s, a, now| {
        permit::reissue(s, a, now, PermitId(id), &reason, &form).and_then(|id| permit::issued(s, a, id))
    })
    .map(Into::into)
}

pub fn reverse_payment(app: &Caller<'_>, id: i64, reason: String) -> Res<()> {
    app.act(|s, a, now| permit::reverse_payment(s, a, now, PaymentId(id), &reason)).map(drop)
}

pub fn pay_open_amount(app: &Caller<'_>, permit_id: i64, method: String) -> Res<()> {
    let method = dto::payment_method(&method)?;
    app.act(|s, a, now| permit::pay_open_amount(s, a, now, PermitId(permit_id), method)).map(drop)
}

pub fn day_view(app: &Caller<'_>, market_id: i64, day: String) -> Res<dto::DayView> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| day_view::get(s, a, MarketId(market_id), day)).map(Into::into)
}

pub fn clerk_day(app: &Caller<'_>, market_id: i64, day: String) -> Res<dto::ClerkDay> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| day_close::summary(s, a, MarketId(market_id), day)).map(Into::into)
}

pub fn my_day_close(app: &Caller<'_>, market_id: i64, day: String) -> Res<Option<dto::DayClose>> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| day_close::mine(s, a, MarketId(market_id), day)).map(|d| d.map(Into::into))
}

pub fn close_day(
    app: &Caller<'_>,
    market_id: i64,
    day: String,
    counted_cash: String,
    difference_reason: String,
) -> Res<()> {
    let (day, counted) = (dto::parse_day("day", &day)?, dto::typed_money("countedCash", &counted_cash)?);
    app.act(|s, a, now| day_close::close(s, a, now, MarketId(market_id), day, counted, &difference_reason)).map(drop)
}

pub fn add_note(app: &Caller<'_>, market_id: i64, day: String, text: String) -> Res<i64> {
    let day = dto::parse_day("day", &day)?;
    app.act(|s, a, now| note::add(s, a, now, MarketId(market_id), day, &text)).map(|id| id.0)
}

pub fn tick_note(app: &Caller<'_>, id: i64, done: bool) -> Res<()> {
    app.act(|s, a, now| note::tick(s, a, now, NoteId(id), done))
}

pub fn attendance_day(app: &Caller<'_>, market_id: i64, day: String) -> Res<dto::AttendanceDay> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| attendance::day(s, a, MarketId(market_id), day)).map(|d| dto::AttendanceDay::of(d, app.now()))
}

pub fn record_attendance(
    app: &Caller<'_>,
    vendor_id: i64,
    market_id: i64,
    day: String,
    attends: bool,
    reason: Option<String>,
) -> Res<()> {
    let day = dto::parse_day("day", &day)?;
    let input = attendance::SignOn { vendor: VendorId(vendor_id), market: MarketId(market_id), day, attends, reason };
    app.act(|s, a, now| attendance::record(s, a, now, &input))
}

pub fn set_pattern(
    app: &Caller<'_>,
    vendor_id: i64,
    market_id: i64,
    weekdays: Vec<String>,
    reason: Option<String>,
) -> Res<()> {
    let weekdays = dto::weekday_set(&weekdays)?;
    let (vendor, market) = (VendorId(vendor_id), MarketId(market_id));
    app.act(|s, a, now| attendance::set_pattern(s, a, now, vendor, market, weekdays, reason.as_deref()))
}

pub fn absences(app: &Caller<'_>, vendor_id: i64, market_id: i64) -> Res<Vec<dto::Absence>> {
    app.read(|s, a| attendance::absences(s, a, VendorId(vendor_id), MarketId(market_id))).map(dto::list)
}

pub fn add_absence(
    app: &Caller<'_>,
    vendor_id: i64,
    market_id: i64,
    from: String,
    until: String,
    reason: String,
) -> Res<i64> {
    let input = attendance::AbsenceInput {
        vendor: VendorId(vendor_id),
        market: MarketId(market_id),
        from: dto::parse_day("from", &from)?,
        until: dto::parse_day("until", &until)?,
        reason,
    };
    app.act(|s, a, now| attendance::add_absence(s, a, now, &input)).map(|id| id.0)
}

pub fn end_absence(app: &Caller<'_>, id: i64, until: String, reason: Option<String>) -> Res<()> {
    let until = dto::parse_day("until", &until)?;
    app.act(|s, a, now| attendance::end_absence(s, a, now, AbsenceId(id), until, reason.as_deref()))
}

pub fn remove_absence(app: &Caller<'_>, id: i64, reason: Option<String>) -> Res<()> {
    app.act(|s, a, now| attendance::remove_absence(s, a, now, AbsenceId(id), reason.as_deref()))
}

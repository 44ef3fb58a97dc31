//! Commands of the market morning: the counter, permits and their corrections, the day
//! view, the day close, notes, attendance.

use markt::ids::*;
use markt::{attendance, counter, day_close, day_view, note, permit};
use tauri::State;

use crate::dto::{self, Res};
use crate::state::App;

#[tauri::command]
pub fn find_vendor(app: State<App>, text: String) -> Res<dto::VendorRow> {
    let today = app.today();
    app.read(|s, _| counter::find(s, &text)).map(|v| dto::VendorRow::of(v, today))
}

#[tauri::command]
pub fn open_counter(app: State<App>, market_id: i64, day: String, vendor_id: i64) -> Res<dto::Counter> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, _| counter::open(s, MarketId(market_id), day, VendorId(vendor_id))).map(Into::into)
}

#[tauri::command]
pub fn preview_permit(app: State<App>, form: dto::PermitForm) -> Res<dto::PermitPreview> {
    let form = form.try_into()?;
    app.read(|s, _| counter::preview(s, &form)).map(Into::into)
}

#[tauri::command]
pub fn issue_permit(app: State<App>, form: dto::PermitForm) -> Res<dto::IssuedPermit> {
    let form = form.try_into()?;
    app.act(|s, a, now| permit::issue(s, a, now, &form).and_then(|id| permit::issued(s, id))).map(Into::into)
}

#[tauri::command]
pub fn get_permit(app: State<App>, id: i64) -> Res<dto::PermitDetail> {
    app.read(|s, _| day_view::permit(s, PermitId(id))).map(Into::into)
}

#[tauri::command]
pub fn void_permit(app: State<App>, id: i64, reason: String) -> Res<()> {
    app.act(|s, a, now| permit::void(s, a, now, PermitId(id), &reason))
}

#[tauri::command]
pub fn reissue_permit(app: State<App>, id: i64, reason: String, form: dto::PermitForm) -> Res<dto::IssuedPermit> {
    let form = form.try_into()?;
    app.act(|s, a, now| permit::reissue(s, a, now, PermitId(id), &reason, &form).and_then(|id| permit::issued(s, id)))
        .map(Into::into)
}

#[tauri::command]
pub fn reverse_payment(app: State<App>, id: i64, reason: String) -> Res<()> {
    app.act(|s, a, now| permit::reverse_payment(s, a, now, PaymentId(id), &reason)).map(drop)
}

#[tauri::command]
pub fn pay_open_amount(app: State<App>, permit_id: i64, method: String) -> Res<()> {
    let method = dto::payment_method(&method)?;
    app.act(|s, a, now| permit::pay_open_amount(s, a, now, PermitId(permit_id), method)).map(drop)
}

#[tauri::command]
pub fn day_view(app: State<App>, market_id: i64, day: String) -> Res<dto::DayView> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, _| day_view::get(s, MarketId(market_id), day)).map(Into::into)
}

#[tauri::command]
pub fn clerk_day(app: State<App>, market_id: i64, day: String) -> Res<dto::ClerkDay> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| day_close::summary(s, a, MarketId(market_id), day)).map(Into::into)
}

#[tauri::command]
pub fn close_day(app: State<App>, market_id: i64, day: String, counted_cash: String) -> Res<()> {
    let (day, counted) = (dto::parse_day("day", &day)?, dto::typed_money("countedCash", &counted_cash)?);
    app.act(|s, a, now| day_close::close(s, a, now, MarketId(market_id), day, counted)).map(drop)
}

#[tauri::command]
pub fn add_note(app: State<App>, market_id: i64, day: String, text: String) -> Res<i64> {
    let day = dto::parse_day("day", &day)?;
    app.act(|s, a, now| note::add(s, a, now, MarketId(market_id), day, &text)).map(|id| id.0)
}

#[tauri::command]
pub fn tick_note(app: State<App>, id: i64, done: bool) -> Res<()> {
    app.act(|s, a, now| note::tick(s, a, now, NoteId(id), done))
}

#[tauri::command]
pub fn attendance_day(app: State<App>, market_id: i64, day: String) -> Res<dto::AttendanceDay> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, _| attendance::day(s, MarketId(market_id), day)).map(|d| dto::AttendanceDay::of(d, app.now()))
}

#[tauri::command]
pub fn record_attendance(
    app: State<App>,
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

#[tauri::command]
pub fn set_pattern(app: State<App>, vendor_id: i64, market_id: i64, weekdays: Vec<String>) -> Res<()> {
    let weekdays = dto::weekday_set(&weekdays)?;
    app.act(|s, a, now| attendance::set_pattern(s, a, now, VendorId(vendor_id), MarketId(market_id), weekdays))
}

#[tauri::command]
pub fn absences(app: State<App>, vendor_id: i64, market_id: i64) -> Res<Vec<dto::Absence>> {
    app.read(|s, _| attendance::absences(s, VendorId(vendor_id), MarketId(market_id))).map(dto::list)
}

#[tauri::command]
pub fn add_absence(
    app: State<App>,
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

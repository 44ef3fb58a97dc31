//! The Tauri commands: each converts its arguments, makes one call into the core through
//! the app state (which checks the session; the core checks the role), and converts back.
//! Names and arguments follow `ui/src/lib/backend/api.ts`.

use markt::demo::{self, DemoConfig};
use markt::ids::*;
use markt::{account, branch, market, registration, tariff, vendor};
use tauri::State;

use crate::dto::{self, Res};

mod admin;
mod counter;
mod inspections;
use crate::state::App;

mod allocation;
pub mod data;
pub mod print;

/// Every command, for the invoke handler and the capability list (build.rs names them too).
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        startup,
        create_database,
        login,
        logout,
        session,
        codes,
        today,
        now,
        list_markets,
        save_market,
        set_market_ended,
        market_layout,
        add_row,
        update_row,
        save_stall,
        add_obstacle,
        remove_obstacle,
        block_stall,
        unblock_stall,
        market_branch_rules,
        set_market_branch_rule,
        list_branches,
        save_branch,
        search_vendors,
        get_vendor,
        save_vendor,
        add_substitute,
        end_substitute,
        save_registration,
        void_registration,
        vat_rates,
        set_vat_rate,
        tariff_kinds,
        save_tariff_kind,
        products,
        save_product,
        tariff_plans,
        save_tariff_plan,
        quote,
        list_accounts,
        create_account,
        unlock_account,
        counter::find_vendor,
        counter::open_counter,
        counter::preview_permit,
        counter::issue_permit,
        counter::get_permit,
        counter::void_permit,
        counter::reissue_permit,
        counter::reverse_payment,
        counter::pay_open_amount,
        counter::day_view,
        counter::clerk_day,
        counter::close_day,
        counter::add_note,
        counter::tick_note,
        counter::attendance_day,
        counter::record_attendance,
        counter::set_pattern,
        counter::absences,
        counter::add_absence,
        inspections::control_round,
        inspections::draw_sample,
        inspections::redraw_sample,
        inspections::record_control,
        inspections::controls_of,
        inspections::vendor_controls,
        inspections::violations,
        inspections::add_violation,
        inspections::decide_ticket,
        inspections::create_ticket,
        inspections::set_ticket_status,
        inspections::pay_ticket,
        inspections::tickets,
        inspections::get_ticket,
        inspections::add_ticket_photo,
        admin::backups,
        admin::make_backup,
        admin::check_backup,
        admin::restore_backup,
        admin::audit_log,
        allocation::allocation_day,
        allocation::run_allocation,
        allocation::override_allocation,
        allocation::publish_allocation,
        print::preview_document,
        print::print_document,
        data::finance_export,
        data::rerun_batch,
        data::finance_batches,
        data::fine_codes,
        data::set_fine_codes,
        data::export_list,
        data::run_import,
        data::report_figures,
        data::report_csv,
        data::report_pdf,
        data::open_file,
        data::open_folder,
        data::cancel_job,
    ]
}

/// Create with `None`, update with `Some(id)`; either way the id.
fn upsert<I: Copy>(
    store: &mut markt::Store,
    id: Option<I>,
    update: impl FnOnce(&mut markt::Store, I) -> markt::Result<()>,
    create: impl FnOnce(&mut markt::Store) -> markt::Result<I>,
) -> markt::Result<I> {
    match id {
        Some(id) => update(store, id).map(|()| id),
        None => create(store),
    }
}

// ── Start-up and session ─────────────────────────────────────────────────────────────────

#[tauri::command]
pub fn startup(app: State<App>) -> Res<dto::Startup> {
    app.startup()
}

#[tauri::command]
pub fn create_database(app: State<App>, kind: String, admin: Option<dto::NewAdmin>) -> Res<dto::Startup> {
    app.setup(|store, clock| match (kind.as_str(), admin) {
        ("demo", _) => demo::build(store, &DemoConfig { seed: 1, today: clock.today() }).map(drop),
        ("empty", Some(a)) => {
            // An office database is never started under a set clock.
            clock.admit(store)?;
            account::create_first_admin(store, clock.now(), &mut rand::rng(), &a.username, &a.display_name, &a.password)
                .map(drop)
        }
        _ => Err(markt::Error::invalid(
            "kind",
            markt::error::Problem::Unknown,
            "kies ‘leeg’ met een beheerder, of ‘demo’",
        )),
    })?;
    app.startup()
}

#[tauri::command]
pub fn login(app: State<App>, username: String, password: String) -> Res<dto::Session> {
    let actor = app.login(|store| account::login(store, &username, &password, app.now()))?;
    app.read(account::display_name).map(|name| dto::Session::of(&actor, name))
}

#[tauri::command]
pub fn logout(app: State<App>) -> Res<()> {
    app.logout()
}

#[tauri::command]
pub fn session(app: State<App>) -> Res<Option<dto::Session>> {
    match app.session()? {
        Some(actor) => app.read(account::display_name).map(|name| Some(dto::Session::of(&actor, name))),
        None => Ok(None),
    }
}

#[tauri::command]
pub fn codes() -> dto::Codes {
    dto::codes()
}

/// Today in Amsterdam by the app's clock.
#[tauri::command]
pub fn today(app: State<App>) -> String {
    app.today().to_string()
}

/// This moment by the app's clock (RFC 3339): the UI's clock for the times it fills in.
#[tauri::command]
pub fn now(app: State<App>) -> String {
    app.now().to_rfc3339()
}

// ── Markets ──────────────────────────────────────────────────────────────────────────────

#[tauri::command]
pub fn list_markets(app: State<App>) -> Res<Vec<dto::Market>> {
    app.read(|s, _| market::list_with_stall_counts(s))
        .map(|l| l.into_iter().map(|(m, n)| dto::Market::of(m, n)).collect())
}

#[tauri::command]
pub fn save_market(app: State<App>, id: Option<i64>, input: dto::MarketInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(MarketId),
            |s, id| market::update(s, a, now, id, &input),
            |s| market::create(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

#[tauri::command]
pub fn set_market_ended(app: State<App>, id: i64, ended: bool) -> Res<()> {
    app.act(|s, a, now| market::set_ended(s, a, now, MarketId(id), ended))
}

#[tauri::command]
pub fn market_layout(app: State<App>, id: i64, day: String) -> Res<dto::Layout> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, _| market::day_layout(s, MarketId(id), day)).map(dto::Layout::of)
}

#[tauri::command]
pub fn add_row(app: State<App>, market_id: i64, name: String, circular: bool) -> Res<i64> {
    app.act(|s, a, now| market::add_row(s, a, now, MarketId(market_id), &name, circular)).map(|id| id.0)
}

#[tauri::command]
pub fn update_row(app: State<App>, id: i64, name: String, circular: bool) -> Res<()> {
    app.act(|s, a, now| market::update_row(s, a, now, RowId(id), &name, circular))
}

#[tauri::command]
pub fn save_stall(app: State<App>, id: Option<i64>, input: dto::StallInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(StallId),
            |s, id| market::update_stall(s, a, now, id, &input),
            |s| market::add_stall(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

#[tauri::command]
pub fn add_obstacle(app: State<App>, before_stall_id: i64, after_stall_id: i64, kind: String) -> Res<i64> {
    let kind = dto::obstacle_kind(&kind)?;
    app.act(|s, a, now| market::add_obstacle(s, a, now, StallId(before_stall_id), StallId(after_stall_id), kind))
        .map(|id| id.0)
}

#[tauri::command]
pub fn remove_obstacle(app: State<App>, id: i64) -> Res<()> {
    app.act(|s, a, now| market::remove_obstacle(s, a, now, ObstacleId(id)))
}

#[tauri::command]
pub fn block_stall(app: State<App>, stall_id: i64, day: String, reason: String) -> Res<()> {
    let day = dto::parse_day("day", &day)?;
    app.act(|s, a, now| market::block_stall(s, a, now, StallId(stall_id), day, &reason))
}

#[tauri::command]
pub fn unblock_stall(app: State<App>, stall_id: i64, day: String) -> Res<()> {
    let day = dto::parse_day("day", &day)?;
    app.act(|s, a, now| market::unblock_stall(s, a, now, StallId(stall_id), day))
}

#[tauri::command]
pub fn market_branch_rules(app: State<App>, market_id: i64) -> Res<Vec<dto::MarketBranchRule>> {
    app.read(|s, _| branch::market_rules(s, MarketId(market_id))).map(dto::list)
}

#[tauri::command]
pub fn set_market_branch_rule(
    app: State<App>,
    market_id: i64,
    branch_id: i64,
    rule: Option<dto::RuleInput>,
) -> Res<()> {
    let rule = rule.map(|r| (r.max_stalls, r.mandatory));
    app.act(|s, a, now| branch::set_market_rule(s, a, now, MarketId(market_id), BranchId(branch_id), rule))
}

// ── Branches ─────────────────────────────────────────────────────────────────────────────

#[tauri::command]
pub fn list_branches(app: State<App>) -> Res<Vec<dto::Branch>> {
    app.read(|s, _| branch::list(s)).map(dto::list)
}

#[tauri::command]
pub fn save_branch(app: State<App>, id: Option<i64>, input: dto::BranchInput) -> Res<i64> {
    let input = input.into();
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(BranchId),
            |s, id| branch::update(s, a, now, id, &input),
            |s| branch::create(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

// ── Vendors ──────────────────────────────────────────────────────────────────────────────

#[tauri::command]
pub fn search_vendors(app: State<App>, query: String, offset: i64, limit: i64) -> Res<dto::Page<dto::VendorRow>> {
    let today = app.today();
    app.read(|s, _| vendor::search(s, &query, offset, limit))
        .map(|p| dto::Page::of(p, |v| dto::VendorRow::of(v, today)))
}

#[tauri::command]
pub fn get_vendor(app: State<App>, id: i64) -> Res<dto::VendorDetail> {
    app.read(|s, _| vendor::page(s, VendorId(id))).map(Into::into)
}

#[tauri::command]
pub fn save_vendor(app: State<App>, id: Option<i64>, input: dto::VendorInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(VendorId),
            |s, id| vendor::update(s, a, now, id, &input),
            |s| vendor::create(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

#[tauri::command]
pub fn add_substitute(
    app: State<App>,
    vendor_id: i64,
    substitute: String,
    from: String,
    until: Option<String>,
) -> Res<i64> {
    let (from, until) = (dto::parse_day("from", &from)?, dto::parse_opt_day("until", &until)?);
    app.act(|s, a, now| vendor::add_substitute_by_number(s, a, now, VendorId(vendor_id), &substitute, from, until))
        .map(|id| id.0)
}

#[tauri::command]
pub fn end_substitute(app: State<App>, id: i64, until: String) -> Res<()> {
    let until = dto::parse_day("until", &until)?;
    app.act(|s, a, now| vendor::end_substitute(s, a, now, SubstituteId(id), until))
}

#[tauri::command]
pub fn save_registration(app: State<App>, id: Option<i64>, input: dto::RegistrationInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(RegistrationId),
            |s, id| registration::update(s, a, now, id, &input),
            |s| registration::create(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

#[tauri::command]
pub fn void_registration(app: State<App>, id: i64, reason: String) -> Res<()> {
    app.act(|s, a, now| registration::void(s, a, now, RegistrationId(id), &reason))
}

// ── Tariffs and VAT ──────────────────────────────────────────────────────────────────────

#[tauri::command]
pub fn vat_rates(app: State<App>) -> Res<Vec<dto::VatRate>> {
    app.read(|s, _| tariff::vat_rates(s)).map(dto::list)
}

#[tauri::command]
pub fn set_vat_rate(app: State<App>, vat: String, from: String, percent: String) -> Res<()> {
    let (vat, from, percent) = (dto::vat_type(&vat)?, dto::parse_day("from", &from)?, dto::percent(&percent)?);
    app.act(|s, a, now| tariff::set_vat_rate(s, a, now, vat, from, percent))
}

#[tauri::command]
pub fn tariff_kinds(app: State<App>) -> Res<Vec<dto::TariffKind>> {
    app.read(|s, _| tariff::kinds(s)).map(dto::list)
}

#[tauri::command]
pub fn save_tariff_kind(app: State<App>, id: Option<i64>, input: dto::TariffKindInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(TariffKindId),
            |s, id| tariff::update_kind(s, a, now, id, &input),
            |s| tariff::create_kind(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

#[tauri::command]
pub fn products(app: State<App>) -> Res<Vec<dto::Product>> {
    app.read(|s, _| tariff::products(s)).map(dto::list)
}

#[tauri::command]
pub fn save_product(app: State<App>, id: Option<i64>, input: dto::ProductInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(ProductId),
            |s, id| tariff::update_product(s, a, now, id, &input),
            |s| tariff::create_product(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

#[tauri::command]
pub fn tariff_plans(app: State<App>, market_id: i64) -> Res<Vec<dto::TariffPlan>> {
    app.read(|s, _| tariff::plans(s, MarketId(market_id))).map(dto::list)
}

#[tauri::command]
pub fn save_tariff_plan(app: State<App>, id: Option<i64>, input: dto::TariffPlanInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| {
        upsert(
            s,
            id.map(TariffPlanId),
            |s, id| tariff::update_plan(s, a, now, id, &input),
            |s| tariff::create_plan(s, a, now, &input),
        )
    })
    .map(|id| id.0)
}

#[tauri::command]
pub fn quote(app: State<App>, request: dto::QuoteRequest) -> Res<dto::Quote> {
    let core = (&request).try_into()?;
    app.read(|s, _| tariff::quote(s, request.market(), &core)).map(Into::into)
}

// ── Accounts ─────────────────────────────────────────────────────────────────────────────

#[tauri::command]
pub fn list_accounts(app: State<App>) -> Res<Vec<dto::Account>> {
    app.read(account::list).map(dto::list)
}

#[tauri::command]
pub fn create_account(app: State<App>, input: dto::AccountInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| account::create(s, a, now, &mut rand::rng(), &input)).map(|id| id.0)
}

#[tauri::command]
pub fn unlock_account(app: State<App>, id: i64) -> Res<()> {
    app.act(|s, a, now| account::unlock(s, a, now, AccountId(id)))
}

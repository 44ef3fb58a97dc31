//! The commands: each converts its arguments, makes one call into the core through the
//! caller's doors (which check the session; the core checks the role), and converts back.
//! Names and arguments follow `ui/src/lib/backend/api.ts`; `crate::for_each_command!`
//! lists them for the window's and the server's adapters.

use markt::demo::{self, DemoConfig};
use markt::ids::*;
use markt::{account, branch, market, registration, tariff, vendor};

use crate::dto::{self, Res};

pub mod admin;
pub mod allocation;
pub mod counter;
pub mod data;
pub mod inspections;
pub mod print;

use crate::state::Caller;

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

pub fn startup(app: &Caller<'_>) -> Res<dto::Startup> {
    app.startup()
}

pub fn create_database(app: &Caller<'_>, kind: String, admin: Option<dto::NewAdmin>) -> Res<dto::Startup> {
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

pub fn login(app: &Caller<'_>, username: String, password: String) -> Res<dto::Session> {
    let actor = app.login(&username, &password)?;
    app.read(account::display_name).map(|name| dto::Session::of(&actor, name))
}

pub fn logout(app: &Caller<'_>) -> Res<()> {
    app.logout()
}

pub fn session(app: &Caller<'_>) -> Res<Option<dto::Session>> {
    match app.session()? {
        Some(actor) => app.read(account::display_name).map(|name| Some(dto::Session::of(&actor, name))),
        None => Ok(None),
    }
}

pub fn codes(_: &Caller<'_>) -> Res<dto::Codes> {
    Ok(dto::codes())
}

/// Today in Amsterdam by the app's clock.
pub fn today(app: &Caller<'_>) -> Res<String> {
    Ok(app.today().to_string())
}

/// Vandaag: the office's day at a glance, as the logged-in role may see it.
pub fn office_day(app: &Caller<'_>) -> Res<dto::OfficeDay> {
    app.read(|s, a| markt::office_day::get(s, a, app.now())).map(Into::into)
}

/// This moment by the app's clock (RFC 3339): the UI's clock for the times it fills in.
pub fn now(app: &Caller<'_>) -> Res<String> {
    Ok(app.now().to_rfc3339())
}

// ── Markets ──────────────────────────────────────────────────────────────────────────────

pub fn list_markets(app: &Caller<'_>) -> Res<Vec<dto::Market>> {
    app.read(market::list_with_stall_counts).map(|l| l.into_iter().map(|(m, n)| dto::Market::of(m, n)).collect())
}

/// The markets held on a day (an ended market up to its end day): the core's rule, so the
/// UI never repeats it.
pub fn markets_held_on(app: &Caller<'_>, day: String) -> Res<Vec<i64>> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| market::held_on(s, a, day)).map(|ids| ids.into_iter().map(|id| id.0).collect())
}

/// The nearest day after (or before) `from`, at most `within` days away (up to a year and a
/// few days), on which the market is held; `None` when there is none.
pub fn next_market_day(
    app: &Caller<'_>,
    market_id: i64,
    from: String,
    forward: bool,
    within: u32,
) -> Res<Option<String>> {
    let from = dto::parse_day("from", &from)?;
    if within > 400 {
        return Err(markt::Error::invalid("within", markt::error::Problem::OutOfRange, "hoogstens 400 dagen").into());
    }
    app.read(|s, a| market::get(s, a, MarketId(market_id)))
        .map(|m| m.next_held_day(from, forward, within).map(|d| d.to_string()))
}

pub fn save_market(app: &Caller<'_>, id: Option<i64>, input: dto::MarketInput) -> Res<i64> {
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

pub fn set_market_ended(app: &Caller<'_>, id: i64, ended: bool) -> Res<()> {
    app.act(|s, a, now| market::set_ended(s, a, now, MarketId(id), ended))
}

pub fn market_layout(app: &Caller<'_>, id: i64, day: String) -> Res<dto::Layout> {
    let day = dto::parse_day("day", &day)?;
    app.read(|s, a| market::day_layout(s, a, MarketId(id), day)).map(dto::Layout::of)
}

pub fn add_row(app: &Caller<'_>, market_id: i64, name: String, circular: bool) -> Res<i64> {
    app.act(|s, a, now| market::add_row(s, a, now, MarketId(market_id), &name, circular)).map(|id| id.0)
}

pub fn update_row(app: &Caller<'_>, id: i64, name: String, circular: bool) -> Res<()> {
    app.act(|s, a, now| market::update_row(s, a, now, RowId(id), &name, circular))
}

pub fn save_stall(app: &Caller<'_>, id: Option<i64>, input: dto::StallInput) -> Res<i64> {
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

pub fn add_obstacle(app: &Caller<'_>, before_stall_id: i64, after_stall_id: i64, kind: String) -> Res<i64> {
    let kind = dto::obstacle_kind(&kind)?;
    app.act(|s, a, now| market::add_obstacle(s, a, now, StallId(before_stall_id), StallId(after_stall_id), kind))
        .map(|id| id.0)
}

pub fn remove_obstacle(app: &Caller<'_>, id: i64) -> Res<()> {
    app.act(|s, a, now| market::remove_obstacle(s, a, now, ObstacleId(id)))
}

pub fn block_stall(app: &Caller<'_>, stall_id: i64, day: String, reason: String) -> Res<()> {
    let day = dto::parse_day("day", &day)?;
    app.act(|s, a, now| market::block_stall(s, a, now, StallId(stall_id), day, &reason))
}

pub fn unblock_stall(app: &Caller<'_>, stall_id: i64, day: String) -> Res<()> {
    let day = dto::parse_day("day", &day)?;
    app.act(|s, a, now| market::unblock_stall(s, a, now, StallId(stall_id), day))
}

pub fn market_branch_rules(app: &Caller<'_>, market_id: i64) -> Res<Vec<dto::MarketBranchRule>> {
    app.read(|s, a| branch::market_rules(s, a, MarketId(market_id))).map(dto::list)
}

pub fn set_market_branch_rule(
    app: &Caller<'_>,
    market_id: i64,
    branch_id: i64,
    rule: Option<dto::RuleInput>,
) -> Res<()> {
    let rule = rule.map(|r| (r.max_stalls, r.mandatory));
    app.act(|s, a, now| branch::set_market_rule(s, a, now, MarketId(market_id), BranchId(branch_id), rule))
}

// ── Branches ─────────────────────────────────────────────────────────────────────────────

pub fn list_branches(app: &Caller<'_>) -> Res<Vec<dto::Branch>> {
    app.read(branch::list).map(dto::list)
}

pub fn save_branch(app: &Caller<'_>, id: Option<i64>, input: dto::BranchInput) -> Res<i64> {
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

pub fn search_vendors(
    app: &Caller<'_>,
    query: String,
    market_id: Option<i64>,
    offset: i64,
    limit: i64,
) -> Res<dto::Page<dto::VendorRow>> {
    let today = app.today();
    app.read(|s, a| vendor::search(s, a, &query, market_id.map(MarketId), offset, limit))
        .map(|p| dto::Page::of(p, |h| dto::VendorRow::of_hit(h, today)))
}

/// The vendor page's permits: the newest `limit`, with what is open on account.
pub fn vendor_permits(app: &Caller<'_>, vendor_id: i64, limit: i64) -> Res<dto::VendorPermits> {
    app.read(|s, a| markt::permit::of_vendor(s, a, VendorId(vendor_id), limit)).map(Into::into)
}

pub fn get_vendor(app: &Caller<'_>, id: i64) -> Res<dto::VendorDetail> {
    app.read(|s, a| vendor::page(s, a, VendorId(id))).map(Into::into)
}

pub fn save_vendor(app: &Caller<'_>, id: Option<i64>, input: dto::VendorInput) -> Res<i64> {
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

pub fn add_substitute(
    app: &Caller<'_>,
    vendor_id: i64,
    substitute: String,
    from: String,
    until: Option<String>,
) -> Res<i64> {
    let (from, until) = (dto::parse_day("from", &from)?, dto::parse_opt_day("until", &until)?);
    app.act(|s, a, now| vendor::add_substitute_by_number(s, a, now, VendorId(vendor_id), &substitute, from, until))
        .map(|id| id.0)
}

pub fn end_substitute(app: &Caller<'_>, id: i64, until: String) -> Res<()> {
    let until = dto::parse_day("until", &until)?;
    app.act(|s, a, now| vendor::end_substitute(s, a, now, SubstituteId(id), until))
}

pub fn save_registration(app: &Caller<'_>, id: Option<i64>, input: dto::RegistrationInput) -> Res<i64> {
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

pub fn void_registration(app: &Caller<'_>, id: i64, reason: String) -> Res<()> {
    app.act(|s, a, now| registration::void(s, a, now, RegistrationId(id), &reason))
}

// ── Tariffs and VAT ──────────────────────────────────────────────────────────────────────

pub fn vat_rates(app: &Caller<'_>) -> Res<Vec<dto::VatRate>> {
    app.read(tariff::vat_rates).map(dto::list)
}

pub fn set_vat_rate(app: &Caller<'_>, vat: String, from: String, percent: String) -> Res<()> {
    let (vat, from, percent) = (dto::vat_type(&vat)?, dto::parse_day("from", &from)?, dto::percent(&percent)?);
    app.act(|s, a, now| tariff::set_vat_rate(s, a, now, vat, from, percent))
}

pub fn tariff_kinds(app: &Caller<'_>) -> Res<Vec<dto::TariffKind>> {
    app.read(tariff::kinds).map(dto::list)
}

pub fn save_tariff_kind(app: &Caller<'_>, id: Option<i64>, input: dto::TariffKindInput) -> Res<i64> {
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

pub fn products(app: &Caller<'_>) -> Res<Vec<dto::Product>> {
    app.read(tariff::products).map(dto::list)
}

pub fn save_product(app: &Caller<'_>, id: Option<i64>, input: dto::ProductInput) -> Res<i64> {
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

pub fn tariff_plans(app: &Caller<'_>, market_id: i64) -> Res<Vec<dto::TariffPlan>> {
    app.read(|s, a| tariff::plans(s, a, MarketId(market_id))).map(dto::list)
}

pub fn save_tariff_plan(app: &Caller<'_>, id: Option<i64>, input: dto::TariffPlanInput) -> Res<i64> {
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

pub fn quote(app: &Caller<'_>, request: dto::QuoteRequest) -> Res<dto::Quote> {
    let core = (&request).try_into()?;
    app.read(|s, a| tariff::quote(s, a, request.market(), &core)).map(Into::into)
}

// ── Accounts ─────────────────────────────────────────────────────────────────────────────

pub fn list_accounts(app: &Caller<'_>) -> Res<Vec<dto::Account>> {
    app.read(account::list).map(dto::list)
}

pub fn create_account(app: &Caller<'_>, input: dto::AccountInput) -> Res<i64> {
    let input = input.try_into()?;
    app.act(|s, a, now| account::create(s, a, now, &mut rand::rng(), &input)).map(|id| id.0)
}

pub fn unlock_account(app: &Caller<'_>, id: i64) -> Res<()> {
    app.act(|s, a, now| account::unlock(s, a, now, AccountId(id)))
}

/// A new role counts from the next login: the account's sessions (with the old role) end.
pub fn set_account_role(app: &Caller<'_>, id: i64, role: String) -> Res<()> {
    let role = dto::parse("role", &role, markt::code::Role::parse)?;
    app.act(|s, a, now| account::set_role(s, a, now, AccountId(id), role))?;
    app.end_sessions_of(AccountId(id));
    Ok(())
}

/// A switched-off account's sessions end at once, whichever window or client holds them.
pub fn set_account_active(app: &Caller<'_>, id: i64, active: bool) -> Res<()> {
    app.act(|s, a, now| account::set_active(s, a, now, AccountId(id), active))?;
    if !active {
        app.end_sessions_of(AccountId(id));
    }
    Ok(())
}

/// After a new password the account logs in again with it everywhere.
pub fn reset_account_password(app: &Caller<'_>, id: i64, password: String) -> Res<()> {
    app.act(|s, a, now| account::reset_password(s, a, now, &mut rand::rng(), AccountId(id), &password))?;
    app.end_sessions_of(AccountId(id));
    Ok(())
}

// ── The office ───────────────────────────────────────────────────────────────────────────

pub fn office_settings(app: &Caller<'_>) -> Res<dto::OfficeSettings> {
    app.read(|s, _| markt::office::get(s)).map(Into::into)
}

pub fn save_office_settings(app: &Caller<'_>, input: dto::OfficeSettings) -> Res<()> {
    let input = input.into();
    app.act(|s, a, now| markt::office::set(s, a, now, &input))
}

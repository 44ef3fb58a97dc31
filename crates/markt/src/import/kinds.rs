//! The lines of each import kind: read the cells, look up what they name, and call the
//! clerk action a form would (create or update), or count the line as unchanged.

use std::collections::BTreeSet;

use super::{Context, ImportKind, Row, parse_bool, parse_date, split_list};
use crate::code::{Cooking, MarketKind, RegistrationStatus, StallProperty, VendorStatus, Weekdays};
use crate::db;
use crate::error::Result;
use crate::ids::{BranchId, MarketId, RowId, StallId};
use crate::market::{self, MarketInput, StallInput};
use crate::registration::{self, RegistrationInput};
use crate::vendor::{self, RegistrationNumber, VendorInput};

pub(super) fn line(ctx: &mut Context<'_>, row: &Row) -> Result<()> {
    match ctx.report.kind {
        ImportKind::Vendors => vendor_line(ctx, row),
        ImportKind::Registrations => registration_line(ctx, row),
        ImportKind::Markets => market_line(ctx, row),
        ImportKind::Substitutes => substitute_line(ctx, row),
    }
}

/// Keys already seen in this file, with their line: a key twice is an error of the second.
fn seen_before(ctx: &mut Context<'_>, row: &Row, key: &str, column: &str) -> bool {
    if let Some(first) = ctx.seen.get(key) {
        let first = *first;
        ctx.fail(row, column, format!("{key} staat al op regel {first}"));
        return true;
    }
    ctx.seen.insert(key.to_string(), row.line);
    false
}

fn find_vendor(ctx: &mut Context<'_>, number: &str) -> Result<Option<crate::vendor::Vendor>> {
    match RegistrationNumber::parse(number) {
        Ok(n) => ctx.store.read(|c| db::vendor::find_by_number(c, &n)),
        Err(_) => Ok(None),
    }
}

// ── Vendors ──────────────────────────────────────────────────────────────────────────────

fn vendor_column(field: &str) -> &'static str {
    match field {
        "registration_number" => "registration_number",
        "initials" => "initials",
        "infix" => "infix",
        "surname" => "surname",
        "email" => "email",
        "phone" => "phone",
        "pass_id" => "pass_id",
        "status" => "status",
        "enforcement_until" => "enforcement_until",
        _ => "",
    }
}

fn vendor_status(text: &str) -> std::result::Result<VendorStatus, String> {
    if text.is_empty() {
        return Ok(VendorStatus::Active);
    }
    VendorStatus::ALL
        .iter()
        .copied()
        .find(|s| s.code() == text || s.label_nl().eq_ignore_ascii_case(text))
        .ok_or_else(|| format!("onbekende status ‘{text}’ (actief, wachtend, alleen_vervanger, verwijderd)"))
}

fn vendor_line(ctx: &mut Context<'_>, row: &Row) -> Result<()> {
    let l = ctx.layout;
    let mut bad = false;
    let status = vendor_status(l.get(row, "status")).unwrap_or_else(|e| {
        ctx.fail(row, "status", e);
        bad = true;
        VendorStatus::Active
    });
    let until = match l.get(row, "enforcement_until") {
        "" => None,
        t => parse_date(t).map(Some).unwrap_or_else(|e| {
            ctx.fail(row, "enforcement_until", e);
            bad = true;
            None
        }),
    };
    let input = VendorInput {
        registration_number: l.get(row, "registration_number").to_string(),
        initials: l.get(row, "initials").to_string(),
        infix: l.get(row, "infix").to_string(),
        surname: l.get(row, "surname").to_string(),
        email: l.get(row, "email").to_string(),
        phone: l.get(row, "phone").to_string(),
        pass_id: l.get(row, "pass_id").to_string(),
        status: Some(status),
        enforcement_until: until,
    };
    let key = RegistrationNumber::parse(&input.registration_number).map(|n| n.to_string());
    if let Ok(key) = &key
        && seen_before(ctx, row, key, "registration_number")
    {
        return Ok(());
    }
    let existing = find_vendor(ctx, &input.registration_number)?;
    let (store, actor, now) = (&mut *ctx.store, ctx.actor, ctx.now);
    let result = match &existing {
        None => vendor::create(store, actor, now, &input).map(|_| "added"),
        Some(v) => {
            let same = v.initials == input.initials
                && v.infix == input.infix
                && v.surname == input.surname
                && v.email == input.email
                && v.phone == input.phone
                && v.pass_id.as_deref().unwrap_or("") == input.pass_id
                && v.status == status
                && v.enforcement_until == until;
            if same { Ok("unchanged") } else { vendor::update(store, actor, now, v.id, &input).map(|_| "changed") }
        }
    };
    let key = key.unwrap_or_else(|_| input.registration_number.clone());
    if bad {
        // The cells already failed; the form's rules may name more (the file is not kept).
        return match result {
            Ok(_) => Ok(()),
            Err(e) => ctx.core_error(row, e, vendor_column),
        };
    }
    record(ctx, row, key, result, vendor_column)
}

/// Counts the line's outcome under `key`, or reports its error.
fn record(
    ctx: &mut Context<'_>,
    row: &Row,
    key: String,
    result: Result<&'static str>,
    column: fn(&str) -> &'static str,
) -> Result<()> {
    match result {
        Ok("added") => ctx.report.added.push(key),
        Ok("changed") => ctx.report.changed.push(key),
        Ok(_) => ctx.report.unchanged.push(key),
        Err(e) => ctx.core_error(row, e, column)?,
    }
    Ok(())
}

// ── Registrations ────────────────────────────────────────────────────────────────────────

fn registration_column(field: &str) -> &'static str {
    match field {
        "vendor" => "registration_number",
        "market" => "market",
        "list_number" => "list_number",
        "status" => "status",
        "stalls" => "stalls",
        "products" => "products",
        "registered_on" => "registered_on",
        "places" => "status",
        _ => "",
    }
}

fn registration_line(ctx: &mut Context<'_>, row: &Row) -> Result<()> {
    let l = ctx.layout;
    let code = l.get(row, "market").to_uppercase();
    let number = l.get(row, "registration_number");
    let mut bad = false;
    let market = ctx.store.read(|c| db::market::find_by_code(c, &code))?;
    if market.is_none() {
        ctx.fail(row, "market", format!("onbekende markt ‘{code}’"));
        bad = true;
    }
    let vendor = find_vendor(ctx, number)?;
    if vendor.is_none() {
        let why = match RegistrationNumber::parse(number) {
            Ok(n) => format!("geen ondernemer met erkenningsnummer {n}"),
            Err(_) => format!("‘{number}’ is geen erkenningsnummer (10 cijfers, bijv. 19570810.02)"),
        };
        ctx.fail(row, "registration_number", why);
        bad = true;
    }
    let list_number = l.get(row, "list_number").parse::<i64>().unwrap_or_else(|_| {
        ctx.fail(row, "list_number", format!("‘{}’ is geen getal", l.get(row, "list_number")));
        bad = true;
        0
    });
    let status = RegistrationStatus::parse(&l.get(row, "status").to_lowercase()).unwrap_or_else(|e| {
        ctx.fail(row, "status", e.to_string());
        bad = true;
        RegistrationStatus::Soll
    });
    let registered_on = match l.get(row, "registered_on") {
        "" => crate::time::today(ctx.now),
        t => parse_date(t).unwrap_or_else(|e| {
            ctx.fail(row, "registered_on", e);
            bad = true;
            crate::time::today(ctx.now)
        }),
    };
    let mut stalls = Vec::new();
    let mut products = Vec::new();
    if let Some(m) = &market {
        for n in split_list(l.get(row, "stalls")) {
            match ctx.store.read(|c| db::market::find_stall(c, m.id, n))? {
                Some(s) => stalls.push(s.id),
                None => {
                    ctx.fail(row, "stalls", format!("markt {code} heeft geen plaats {n}"));
                    bad = true;
                }
            }
        }
    }
    for item in split_list(l.get(row, "products")) {
        let (key, qty) = item.split_once('=').unwrap_or((item, "1"));
        let product = ctx.store.read(|c| db::tariff::product_by_key(c, key.trim()))?;
        match (product, qty.trim().parse::<i64>()) {
            (Some(p), Ok(q)) => products.push((p.id, q)),
            (None, _) => {
                ctx.fail(row, "products", format!("onbekend product ‘{}’", key.trim()));
                bad = true;
            }
            (_, Err(_)) => {
                ctx.fail(row, "products", format!("‘{item}’: het aantal is geen getal"));
                bad = true;
            }
        }
    }
    let key = format!("{code} {}", vendor.as_ref().map(|v| v.registration_number.to_string()).unwrap_or_default());
    if vendor.is_some() && market.is_some() && seen_before(ctx, row, &key, "registration_number") {
        return Ok(());
    }
    let (Some(market), Some(vendor), false) = (market, vendor, bad) else { return Ok(()) };
    products.sort();
    let existing = ctx.store.read(|c| db::registration::active_of(c, vendor.id, market.id))?;
    // The list has no column for a tvplz's number of places: an update keeps the stored
    // number, a new tvplz is refused by the form's check (entered by hand instead).
    let places = if status == RegistrationStatus::Tvplz { existing.as_ref().and_then(|r| r.places) } else { None };
    let input = RegistrationInput {
        vendor: vendor.id,
        market: market.id,
        list_number,
        status,
        registered_on,
        places,
        stalls,
        products,
    };
    let (store, actor, now) = (&mut *ctx.store, ctx.actor, ctx.now);
    let result = match existing {
        None => registration::create(store, actor, now, &input).map(|_| "added"),
        Some(r) => {
            let same_stalls = r.stalls.iter().collect::<BTreeSet<_>>() == input.stalls.iter().collect::<BTreeSet<_>>();
            let same = r.list_number == input.list_number
                && r.status == input.status
                && r.registered_on == input.registered_on
                && same_stalls
                && r.products == input.products;
            if same {
                Ok("unchanged")
            } else {
                registration::update(store, actor, now, r.id, &input).map(|_| "changed")
            }
        }
    };
    record(ctx, row, key, result, registration_column)
}

// ── Substitutes ──────────────────────────────────────────────────────────────────────────

fn substitute_column(field: &str) -> &'static str {
    match field {
        "vendor" => "registration_number",
        "substitute" => "substitute_number",
        "valid_from" => "valid_from",
        "valid_until" => "valid_until",
        _ => "",
    }
}

fn substitute_line(ctx: &mut Context<'_>, row: &Row) -> Result<()> {
    let l = ctx.layout;
    let mut bad = false;
    let who = |ctx: &mut Context<'_>, key: &str| -> Result<Option<crate::vendor::Vendor>> {
        let number = l.get(row, key);
        let found = find_vendor(ctx, number)?;
        if found.is_none() {
            let why = match RegistrationNumber::parse(number) {
                Ok(n) => format!("geen ondernemer met erkenningsnummer {n}"),
                Err(_) => format!("‘{number}’ is geen erkenningsnummer (10 cijfers, bijv. 19570810.02)"),
            };
            ctx.fail(row, key, why);
        }
        Ok(found)
    };
    let vendor = who(ctx, "registration_number")?;
    let substitute = who(ctx, "substitute_number")?;
    let from = parse_date(l.get(row, "valid_from")).map_err(|e| ctx.fail(row, "valid_from", e)).ok();
    let until = match l.get(row, "valid_until") {
        "" => None,
        t => match parse_date(t) {
            Ok(d) => Some(d),
            Err(e) => {
                ctx.fail(row, "valid_until", e);
                bad = true;
                None
            }
        },
    };
    let (Some(vendor), Some(substitute), Some(from), false) = (vendor, substitute, from, bad) else { return Ok(()) };
    let key = format!("{} {}", vendor.registration_number, substitute.registration_number);
    if seen_before(ctx, row, &key, "substitute_number") {
        return Ok(());
    }
    let existing = ctx.store.read(|c| db::vendor::substitutes_of(c, vendor.id))?;
    let existing = existing.into_iter().find(|s| s.substitute == substitute.id);
    let (store, actor, now) = (&mut *ctx.store, ctx.actor, ctx.now);
    let result = match existing {
        None => vendor::add_substitute(store, actor, now, vendor.id, substitute.id, from, until).map(|_| "added"),
        Some(s) if s.valid_from == from && s.valid_until == until => Ok("unchanged"),
        Some(s) if s.valid_from == from && until.is_some() => {
            vendor::end_substitute(store, actor, now, s.id, until.unwrap_or(from)).map(|_| "changed")
        }
        Some(_) => {
            ctx.fail(row, "valid_from", "deze vervanger staat er al, met andere data: pas die aan in het scherm");
            return Ok(());
        }
    };
    record(ctx, row, key, result, substitute_column)
}

// ── Markets and stalls ───────────────────────────────────────────────────────────────────

fn market_column(field: &str) -> &'static str {
    match field {
        "code" => "market",
        "name" => "market_name",
        "kind" => "kind",
        "weekdays" => "weekdays",
        "season" => "season_from",
        "stall_size_m" => "stall_size_m",
        "max_stalls_per_vendor" => "max_stalls_per_vendor",
        "sample_size" => "sample_size",
        "number" => "stall",
        "length_m" => "length_m",
        "row" => "row",
        "branches" => "branches",
        "after" => "stall",
        _ => "",
    }
}

fn int_cell(ctx: &mut Context<'_>, row: &Row, key: &str, default: i64, bad: &mut bool) -> i64 {
    match ctx.layout.get(row, key) {
        "" => default,
        t => t.parse().unwrap_or_else(|_| {
            ctx.fail(row, key, format!("‘{t}’ is geen getal"));
            *bad = true;
            default
        }),
    }
}

fn bool_cell(ctx: &mut Context<'_>, row: &Row, key: &str, default: bool, bad: &mut bool) -> bool {
    parse_bool(ctx.layout.get(row, key), default).unwrap_or_else(|e| {
        ctx.fail(row, key, e);
        *bad = true;
        default
    })
}

fn market_line(ctx: &mut Context<'_>, row: &Row) -> Result<()> {
    let l = ctx.layout;
    let mut bad = false;
    let code = l.get(row, "market").to_uppercase();
    let kind = MarketKind::parse(&l.get(row, "kind").to_lowercase()).unwrap_or_else(|e| {
        ctx.fail(row, "kind", e.to_string());
        bad = true;
        MarketKind::Weekly
    });
    let weekdays = Weekdays::parse_list(l.get(row, "weekdays")).unwrap_or_else(|e| {
        ctx.fail(row, "weekdays", e.to_string());
        bad = true;
        Weekdays::NONE
    });
    let season = match (l.get(row, "season_from"), l.get(row, "season_until")) {
        ("", "") => None,
        (a, b) => Some((a.to_string(), b.to_string())),
    };
    let input = MarketInput {
        code: code.clone(),
        name: l.get(row, "market_name").to_string(),
        kind,
        weekdays,
        season,
        stall_size_m: int_cell(ctx, row, "stall_size_m", 3, &mut bad),
        max_stalls_per_vendor: int_cell(ctx, row, "max_stalls_per_vendor", 2, &mut bad),
        sample_size: int_cell(ctx, row, "sample_size", 10, &mut bad),
        ab_lists: bool_cell(ctx, row, "ab_lists", false, &mut bad),
    };
    if bad {
        return Ok(());
    }
    // The market: the first line that names it adds or updates it; later lines must agree.
    let first_line = ctx.seen.get(&format!("markt {code}")).copied();
    let market = match first_line {
        Some(first) => {
            let stored = ctx.store.read(|c| db::market::find_by_code(c, &code))?;
            match stored {
                Some(m) if same_market(&m, &input) => m.id,
                Some(_) => {
                    ctx.fail(row, "market_name", format!("de gegevens van markt {code} verschillen van regel {first}"));
                    return Ok(());
                }
                None => {
                    ctx.fail(row, "market", format!("markt {code} is niet ingelezen: zie regel {first}"));
                    return Ok(());
                }
            }
        }
        None => {
            ctx.seen.insert(format!("markt {code}"), row.line);
            let stored = ctx.store.read(|c| db::market::find_by_code(c, &code))?;
            let (store, actor, now) = (&mut *ctx.store, ctx.actor, ctx.now);
            let result = match &stored {
                None => market::create(store, actor, now, &input).map(|_| "added"),
                Some(m) if same_market(m, &input) => Ok("unchanged"),
                Some(m) => market::update(store, actor, now, m.id, &input).map(|_| "changed"),
            };
            let ok = result.is_ok();
            record(ctx, row, code.clone(), result, market_column)?;
            if !ok {
                return Ok(());
            }
            match ctx.store.read(|c| db::market::find_by_code(c, &code))? {
                Some(m) => m.id,
                None => return Ok(()),
            }
        }
    };
    let number = l.get(row, "stall");
    if number.is_empty() {
        return Ok(());
    }
    stall_line(ctx, row, market, &code, number)
}

fn same_market(m: &market::Market, i: &MarketInput) -> bool {
    m.code == i.code
        && m.name == i.name.trim()
        && m.kind == i.kind
        && m.weekdays == i.weekdays
        && m.season == i.season
        && m.stall_size_m == i.stall_size_m
        && m.max_stalls_per_vendor == i.max_stalls_per_vendor
        && m.sample_size == i.sample_size
        && m.ab_lists == i.ab_lists
}

fn stall_line(ctx: &mut Context<'_>, row: &Row, market: MarketId, code: &str, number: &str) -> Result<()> {
    let l = ctx.layout;
    let mut bad = false;
    let key = format!("{code} {number}");
    if seen_before(ctx, row, &key, "stall") {
        return Ok(());
    }
    let row_name = l.get(row, "row");
    if row_name.is_empty() {
        ctx.fail(row, "row", "een plaats hoort bij een rij");
        return Ok(());
    }
    let circular = bool_cell(ctx, row, "circular", false, &mut bad);
    let stall_size = ctx.store.read(|c| db::market::get(c, market))?.map_or(3, |m| m.stall_size_m);
    let length_m = int_cell(ctx, row, "length_m", stall_size, &mut bad);
    let cooking = match l.get(row, "cooking") {
        "" => Cooking::None,
        t => Cooking::parse(&t.to_lowercase()).unwrap_or_else(|e| {
            ctx.fail(row, "cooking", e.to_string());
            bad = true;
            Cooking::None
        }),
    };
    let evi = bool_cell(ctx, row, "evi", false, &mut bad);
    let active = bool_cell(ctx, row, "active", true, &mut bad);
    let mut properties = Vec::new();
    for p in split_list(l.get(row, "properties")) {
        match StallProperty::parse(&p.to_lowercase()) {
            Ok(p) => properties.push(p),
            Err(e) => {
                ctx.fail(row, "properties", e.to_string());
                bad = true;
            }
        }
    }
    let mut branches: Vec<BranchId> = Vec::new();
    for b in split_list(l.get(row, "branches")) {
        match ctx.store.read(|c| db::branch::find_by_code(c, b))? {
            Some(br) => branches.push(br.id),
            None => {
                ctx.fail(row, "branches", format!("onbekende branche ‘{b}’"));
                bad = true;
            }
        }
    }
    if bad {
        return Ok(());
    }
    properties.sort();
    properties.dedup();
    branches.sort();
    branches.dedup();
    // The row: found by name on the market, or added (its place after the others).
    let rows = ctx.store.read(|c| db::market::rows(c, market))?;
    let row_id: RowId = match rows.iter().find(|r| r.name == row_name) {
        Some(r) if r.circular == circular => r.id,
        Some(r) => {
            let (store, actor, now) = (&mut *ctx.store, ctx.actor, ctx.now);
            if let Err(e) = market::update_row(store, actor, now, r.id, row_name, circular) {
                return ctx.core_error(row, e, market_column);
            }
            r.id
        }
        None => {
            let (store, actor, now) = (&mut *ctx.store, ctx.actor, ctx.now);
            match market::add_row(store, actor, now, market, row_name, circular) {
                Ok(id) => id,
                Err(e) => return ctx.core_error(row, e, market_column),
            }
        }
    };
    let input =
        StallInput { row: row_id, number: number.to_string(), length_m, cooking, evi, active, properties, branches };
    let existing = ctx.store.read(|c| db::market::find_stall(c, market, number))?;
    let (store, actor, now) = (&mut *ctx.store, ctx.actor, ctx.now);
    let result = match existing {
        None => market::add_stall(store, actor, now, &input).map(|_: StallId| "added"),
        Some(s) if s.row != row_id => {
            ctx.fail(row, "row", format!("plaats {number} ligt in een andere rij: een plaats verhuist niet"));
            return Ok(());
        }
        Some(s)
            if s.length_m == input.length_m
                && s.cooking == input.cooking
                && s.evi == input.evi
                && s.active == input.active
                && s.properties == input.properties
                && s.branches == input.branches =>
        {
            Ok("unchanged")
        }
        Some(s) => market::update_stall(store, actor, now, s.id, &input).map(|_| "changed"),
    };
    record(ctx, row, key, result, market_column)
}

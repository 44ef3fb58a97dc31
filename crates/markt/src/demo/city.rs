//! The city-scale demo (`markt demo --scale city --years 10`): about 30 markets, 50,000
//! vendors and ten years of permits — some ten million with their lines — for measuring
//! every screen at a large city's size.
//!
//! Master data goes through the clerk actions, like the small demo. The history does not:
//! ten million permits through `permit::issue` would take the better part of an hour, so
//! they are written in bulk (`db::bulk`) with the same rows `permit::issue` writes — the
//! lines from the fee engine (a quote is computed once per distinct request and reused),
//! the payment, the audit row — and a day close per market day. `markt check` holds on the
//! result like on any database.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::names;
use crate::account::{self, Actor, NewAccount};
use crate::branch::{self, BranchInput};
use crate::code::{
    Cooking, MarketKind, PaymentMethod, PermitStatus, ProductUnit, RegistrationStatus, TariffUnit, VatType,
    VendorStatus, Weekdays,
};
use crate::db::{self, Store};
use crate::error::{Error, Result};
use crate::fee;
use crate::ids::{MarketId, VendorId};
use crate::market::{self, MarketInput, StallInput};
use crate::money::{Cents, Percent};
use crate::progress::Progress;
use crate::registration::{self, RegistrationInput};
use crate::tariff::{self, ProductInput, TariffKindInput, TariffPlanInput};
use crate::time::at_local;
use crate::vendor::{self, VendorInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CityConfig {
    pub seed: u64,
    pub today: NaiveDate,
    /// Days of history before `today` (3,650 for ten years).
    pub days: u32,
    /// Vendors in the register (50,000 for a large city).
    pub vendors: usize,
    /// Markets, at most 30: the first eight daily, then weekly ones, the last four seasonal.
    pub markets: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CitySummary {
    pub markets: usize,
    pub stalls: usize,
    pub vendors: usize,
    pub registrations: usize,
    pub market_days: usize,
    pub permits: u64,
    pub lines: u64,
}

/// One market of the city, as the generator keeps it.
struct CityMarket {
    id: MarketId,
    code: String,
    weekdays: Weekdays,
    season: Option<(u32, u32)>,
    stall_size: i64,
    stalls: Vec<String>,
    /// Fixed holders: vendor, their stall numbers, electricity among their fixed products.
    holders: Vec<(VendorId, Vec<String>, bool)>,
    applicants: Vec<VendorId>,
    book: fee::FeeBook,
    plans: Vec<crate::ids::TariffPlanId>,
}

const STREETS: &[&str] = &[
    "Albert Cuyp",
    "Ten Kate",
    "Dapper",
    "Lindengracht",
    "Noorder",
    "Westerstraat",
    "Plein '40-'45",
    "Reigersbos",
    "Bos en Lommer",
    "Osdorp",
    "Nieuw-West",
    "Buikslotermeer",
    "Waterlooplein",
    "Boerenmarkt",
    "Zuidas",
    "Sloterdijk",
    "Oostelijke Eilanden",
    "Javaplein",
    "Kinkerstraat",
    "Mercatorplein",
    "Van der Pek",
    "Tuindorp",
    "Geuzenveld",
    "Slotermeer",
    "Gaasperdam",
    "Ganzenhoef",
    "Holendrecht",
    "Watergraafsmeer",
    "IJburg",
    "Spaarndammer",
    "Westergas",
    "Amstelveld",
];

/// Builds the city into an empty database. Progress goes to `progress` per market day.
pub fn build(store: &mut Store, config: &CityConfig, progress: &mut dyn Progress) -> Result<CitySummary> {
    let empty = store.read(|c| Ok(db::account::count(c)? == 0 && db::market::list(c)?.is_empty()))?;
    if !empty {
        return Err(Error::Conflict("de demo wordt alleen in een lege database gebouwd".into()));
    }
    crate::clock::mark(store, crate::clock::Purpose::Demo)?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let start = config.today - Days::new(u64::from(config.days));
    let setup = at_local(start - Days::new(30), NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN));
    let accounts = super::ACCOUNTS;
    let admin = account::create_first_admin(
        store,
        setup,
        &mut rng,
        accounts[0].username,
        accounts[0].display_name,
        accounts[0].password,
    )?;
    for a in &accounts[1..] {
        let new = NewAccount {
            username: a.username.into(),
            display_name: a.display_name.into(),
            role: a.role,
            password: a.password.into(),
        };
        account::create(store, &admin, setup, &mut rng, &new)?;
    }
    let senior = account::login(store, accounts[1].username, accounts[1].password, setup)?;
    let supervisor = account::login(store, accounts[2].username, accounts[2].password, setup)?;
    let mut summary = CitySummary::default();

    progress.phase("stamgegevens", None);
    let mut markets =
        store.batch(|store| master_data(store, &admin, &senior, setup, config, start, &mut rng, &mut summary))?;

    let days = (config.today - start).num_days().max(0) as u64 + 1;
    progress.phase("dagvergunningen", Some(days));
    let mut cache: HashMap<String, fee::Quote> = HashMap::new();
    let mut sequences: BTreeMap<i32, i64> = BTreeMap::new();
    let mut day = start;
    let mut done = 0u64;
    // A month per transaction: big enough to be fast, small enough to keep the WAL modest.
    while day <= config.today {
        let month_end = {
            let first_next = NaiveDate::from_ymd_opt(
                if day.month() == 12 { day.year() + 1 } else { day.year() },
                if day.month() == 12 { 1 } else { day.month() + 1 },
                1,
            )
            .unwrap_or(config.today);
            (first_next - Days::new(1)).min(config.today)
        };
        store.write(|tx| {
            let mut writer = db::bulk::PermitWriter::new(tx)?;
            let mut d = day;
            while d <= month_end {
                for m in markets.iter_mut() {
                    if !held(m, d) {
                        continue;
                    }
                    summary.market_days += 1;
                    market_day(&mut writer, m, d, &supervisor, &mut rng, &mut cache, &mut sequences, &mut summary)?;
                }
                d = d + Days::new(1);
                done += 1;
            }
            Ok(())
        })?;
        if !progress.step(done) {
            return Err(Error::Cancelled);
        }
        day = month_end + Days::new(1);
    }
    store.write(|tx| {
        for (year, last) in &sequences {
            db::bulk::set_sequence(tx, &format!("invoice-{year}"), *last)?;
        }
        Ok(())
    })?;
    Ok(summary)
}

fn held(m: &CityMarket, d: NaiveDate) -> bool {
    m.weekdays.contains_date(d) && m.season.is_none_or(|(from, until)| (from..=until).contains(&d.month()))
}

#[allow(clippy::too_many_arguments)]
fn master_data(
    store: &mut Store,
    admin: &Actor,
    senior: &Actor,
    now: DateTime<Utc>,
    config: &CityConfig,
    start: NaiveDate,
    rng: &mut ChaCha8Rng,
    summary: &mut CitySummary,
) -> Result<Vec<CityMarket>> {
    for (vat, pct) in [(VatType::High, 21), (VatType::Low, 9), (VatType::Zero, 0)] {
        tariff::set_vat_rate(
            store,
            admin,
            now,
            vat,
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(start),
            Percent::whole(pct),
        )?;
    }
    let mut kinds = BTreeMap::new();
    for (code, label, unit, vat) in [
        ("meter", "afgenomen meters (normaal tarief)", TariffUnit::Meters, VatType::Zero),
        ("cleaning", "reiniging (normaal tarief)", TariffUnit::Meters, VatType::High),
        ("waste", "toeslag bedrijfsafval", TariffUnit::Meters, VatType::High),
        ("electricity", "elektra", TariffUnit::Item, VatType::Low),
        ("promo_vendor", "promotiegelden per koopman", TariffUnit::Once, VatType::Zero),
    ] {
        let input = TariffKindInput {
            code: code.into(),
            invoice_label: label.into(),
            unit,
            vat,
            ledger_code: "8110".into(),
            vat_code: vat.code().to_uppercase(),
        };
        kinds.insert(code, tariff::create_kind(store, admin, now, &input)?);
    }
    // key, label, unit, factor, tariff kind, always charged
    type Product<'a> = (&'a str, &'a str, ProductUnit, i64, Option<&'a str>, bool);
    let products: &[Product<'_>] = &[
        ("stalls_3m", "Kraam 3 m", ProductUnit::Meters, 3, None, false),
        ("stalls_4m", "Kraam 4 m", ProductUnit::Meters, 4, None, false),
        ("extra_meters", "Extra meters", ProductUnit::Meters, 1, None, false),
        ("electricity", "Elektra-aansluiting", ProductUnit::Item, 1, Some("electricity"), false),
        ("promo", "Promotiebijdrage", ProductUnit::Once, 1, Some("promo_vendor"), true),
    ];
    let mut product_ids = BTreeMap::new();
    for (i, (key, label, unit, factor, kind, always)) in products.iter().enumerate() {
        let input = ProductInput {
            key: (*key).into(),
            label: (*label).into(),
            unit: *unit,
            factor: *factor,
            kind: kind.map(|k| kinds[k]),
            always: *always,
            position: i as i64,
        };
        product_ids.insert(*key, tariff::create_product(store, admin, now, &input)?);
    }
    for (code, name, colour, _) in super::BRANCHES {
        branch::create(
            store,
            admin,
            now,
            &BranchInput { code: (*code).into(), name: (*name).into(), colour: (*colour).into() },
        )?;
    }

    // Vendors first: markets draw their holders and applicants from them.
    let mut vendors = Vec::with_capacity(config.vendors);
    let mut used = std::collections::BTreeSet::new();
    for _ in 0..config.vendors {
        let (surname, infix) = names::SURNAMES[rng.random_range(0..names::SURNAMES.len())];
        let number = loop {
            let n = format!(
                "{:04}{:02}{:02}{:02}",
                rng.random_range(1945..2006),
                rng.random_range(1..13),
                rng.random_range(1..29),
                rng.random_range(1..100)
            );
            if used.insert(n.clone()) {
                break n;
            }
        };
        let initial = names::INITIAL_LETTERS[rng.random_range(0..names::INITIAL_LETTERS.len())];
        let input = VendorInput {
            registration_number: number,
            initials: format!("{initial}."),
            infix: infix.into(),
            surname: surname.into(),
            status: Some(VendorStatus::Active),
            ..VendorInput::default()
        };
        vendors.push(vendor::create(store, senior, now, &input)?);
    }
    summary.vendors = vendors.len();

    let mut markets = Vec::new();
    let mut next_vendor = 0usize;
    let mut take_vendor = || {
        let v = vendors[next_vendor % vendors.len()];
        next_vendor += 1;
        v
    };
    let weekly_days = ["ma", "di", "wo", "do", "vr", "za", "zo"];
    for (i, street) in STREETS.iter().take(config.markets.min(30)).enumerate() {
        let (kind, weekdays, season, stalls) = match i {
            0..8 => (MarketKind::Daily, "ma,di,wo,do,vr,za".to_string(), None, rng.random_range(380..560)),
            8..26 => (MarketKind::Weekly, weekly_days[i % 6].to_string(), None, rng.random_range(60..200)),
            _ => (
                MarketKind::Seasonal,
                "zo".to_string(),
                Some(("04-01".to_string(), "10-31".to_string())),
                rng.random_range(30..70),
            ),
        };
        let code = format!("M{i:02}");
        let stall_size = if i % 3 == 0 { 4 } else { 3 };
        let input = MarketInput {
            code: code.clone(),
            name: format!("{street}markt"),
            kind,
            weekdays: Weekdays::parse_list(&weekdays).unwrap_or_default(),
            season: season.clone(),
            stall_size_m: stall_size,
            max_stalls_per_vendor: 3,
            sample_size: 10,
            ab_lists: kind == MarketKind::Daily,
        };
        let id = market::create(store, admin, now, &input)?;
        let mut numbers = Vec::with_capacity(stalls);
        let mut stall_ids = Vec::with_capacity(stalls);
        let mut row = None;
        for n in 0..stalls {
            if n % 60 == 0 {
                row = Some(market::add_row(store, admin, now, id, &format!("Rij {}", n / 60 + 1), false)?);
            }
            let Some(row) = row else { continue };
            let number = (n + 1).to_string();
            let s = StallInput {
                row,
                number: number.clone(),
                length_m: stall_size,
                cooking: Cooking::None,
                evi: false,
                active: true,
                properties: vec![],
                branches: vec![],
            };
            stall_ids.push(market::add_stall(store, admin, now, &s)?);
            numbers.push(number);
        }
        summary.stalls += stalls;
        // A plan per calendar year of the history, each 2 % dearer.
        let years = (config.today.year() - start.year()).max(0) as u32;
        for y in 0..=years {
            let year = start.year() + y as i32;
            let factor = 100 + 2 * y as i64;
            let rates = vec![
                (kinds["meter"], Cents(200 * factor / 100)),
                (kinds["cleaning"], Cents(40 * factor / 100)),
                (kinds["waste"], Cents(16 * factor / 100)),
                (kinds["electricity"], Cents(280 * factor / 100)),
                (kinds["promo_vendor"], Cents(100 * factor / 100)),
            ];
            let plan = TariffPlanInput {
                market: id,
                name: format!("Tarieven {year}"),
                from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(start),
                until: NaiveDate::from_ymd_opt(year, 12, 31),
                weekdays: None,
                ignore_fixed: false,
                rates,
            };
            tariff::create_plan(store, admin, now, &plan)?;
        }
        // Fixed holders on most stalls (runs of one or two), then applicants.
        let size_key = if stall_size == 4 { "stalls_4m" } else { "stalls_3m" };
        let mut holders = Vec::new();
        let mut list_number = 1;
        let mut s = 0;
        while s < stall_ids.len() {
            if rng.random_bool(0.12) {
                s += 1;
                continue;
            }
            let run = if rng.random_bool(0.3) && s + 1 < stall_ids.len() { 2 } else { 1 };
            let v = take_vendor();
            let electricity = rng.random_bool(0.4);
            let mut fixed = vec![(product_ids[size_key], run as i64)];
            if electricity {
                fixed.push((product_ids["electricity"], 1));
            }
            let input = RegistrationInput {
                vendor: v,
                market: id,
                list_number,
                status: RegistrationStatus::Vpl,
                registered_on: NaiveDate::from_ymd_opt(2000 + (list_number % 20) as i32, 3, 1).unwrap_or(start),
                places: None,
                stalls: stall_ids[s..s + run].to_vec(),
                products: fixed,
            };
            registration::create(store, senior, now, &input)?;
            holders.push((v, numbers[s..s + run].to_vec(), electricity));
            list_number += 1;
            s += run;
        }
        let mut applicants = Vec::new();
        for _ in 0..(stalls / 3) {
            let v = take_vendor();
            let input = RegistrationInput {
                vendor: v,
                market: id,
                list_number,
                status: RegistrationStatus::Soll,
                registered_on: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or(start),
                places: None,
                stalls: vec![],
                products: vec![],
            };
            registration::create(store, senior, now, &input)?;
            applicants.push(v);
            list_number += 1;
        }
        summary.registrations += holders.len() + applicants.len();
        let (book, plans) = store.read(|c| tariff::fee_book(c, id))?;
        markets.push(CityMarket {
            id,
            code,
            weekdays: Weekdays::parse_list(&weekdays).unwrap_or_default(),
            season: season.map(|_| (4, 10)),
            stall_size,
            stalls: numbers,
            holders,
            applicants,
            book,
            plans,
        });
    }
    summary.markets = markets.len();
    Ok(markets)
}

#[allow(clippy::too_many_arguments)]
fn market_day(
    writer: &mut db::bulk::PermitWriter<'_>,
    m: &mut CityMarket,
    d: NaiveDate,
    supervisor: &Actor,
    rng: &mut ChaCha8Rng,
    cache: &mut HashMap<String, fee::Quote>,
    sequences: &mut BTreeMap<i32, i64>,
    summary: &mut CitySummary,
) -> Result<()> {
    let size_key = if m.stall_size == 4 { "stalls_4m" } else { "stalls_3m" };
    let mut clock = at_local(d, NaiveTime::from_hms_opt(7, 30, 0).unwrap_or(NaiveTime::MIN));
    let mut taken = m.holders.iter().map(|h| h.1.len()).sum::<usize>();
    let mut day_total = BTreeMap::<PaymentMethod, Cents>::new();
    let mut permits = 0i64;
    // Everyone present, in the order they come: holders (most days), applicants for what is left.
    let applicants_today = m.applicants.len() * 2 / 5;
    let mut people: Vec<(VendorId, PermitStatus, Vec<String>, bool)> = Vec::new();
    for (v, stalls, electricity) in &m.holders {
        if rng.random_bool(0.9) {
            people.push((*v, PermitStatus::Vpl, stalls.clone(), *electricity));
        } else {
            taken -= stalls.len();
        }
    }
    for i in 0..applicants_today {
        if taken >= m.stalls.len() {
            break;
        }
        let v = m.applicants[(i + d.ordinal() as usize) % m.applicants.len()];
        people.push((v, PermitStatus::Soll, vec![m.stalls[taken].clone()], false));
        taken += 1;
    }
    let plan_index =
        fee::choose_plan(&m.book, d).ok_or_else(|| Error::NoTariffPlan { market: m.code.clone(), day: d })?;
    for (vendor, status, stalls, electricity) in people {
        let mut requested = BTreeMap::new();
        requested.insert(size_key.to_string(), stalls.len() as i64);
        let extra = rng.random_range(0..10) == 0;
        if extra {
            requested.insert("extra_meters".to_string(), 1);
        }
        let mut fixed = BTreeMap::new();
        if status == PermitStatus::Vpl {
            fixed.insert(size_key.to_string(), stalls.len() as i64);
            if electricity {
                fixed.insert("electricity".to_string(), 1);
                requested.insert("electricity".to_string(), 1);
            }
        }
        let key = format!("{plan_index}|{status}|{requested:?}|{fixed:?}");
        let quote = match cache.get(&key) {
            Some(q) => q.clone(),
            None => {
                let req =
                    fee::QuoteRequest { market_day: d, status, fixed: fixed.clone(), requested: requested.clone() };
                let q = fee::quote(&m.book, &req)?;
                cache.insert(key, q.clone());
                q
            }
        };
        let year = d.year();
        let seq = sequences.entry(year).or_insert(0);
        *seq += 1;
        let method = match rng.random_range(0..100) {
            0..55 => PaymentMethod::Pin,
            55..80 => PaymentMethod::Cash,
            _ => PaymentMethod::OnAccount,
        };
        clock += chrono::Duration::seconds(rng.random_range(10..40));
        let permit = db::bulk::NewPermit {
            market: m.id,
            day: d,
            vendor,
            invoice_number: format!("D{year}-{seq:06}"),
            status,
            stalls: stalls.join(","),
            plan: m.plans.get(quote.plan_index).copied(),
            requested: &requested,
            fixed: &fixed,
            lines: &quote.lines,
            total: quote.total_incl,
            method,
            by: supervisor.id(),
            at: clock,
        };
        writer.insert(&permit)?;
        *day_total.entry(method).or_default() += quote.total_incl;
        permits += 1;
        summary.permits += 1;
        summary.lines += quote.lines.len() as u64;
    }
    if permits > 0 {
        let close_at = at_local(d, NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN));
        let by = |method| day_total.get(&method).copied().unwrap_or_default();
        writer.close_day(
            m.id,
            d,
            supervisor.id(),
            close_at,
            permits,
            by(PaymentMethod::Pin),
            by(PaymentMethod::Cash),
            by(PaymentMethod::OnAccount),
        )?;
    }
    Ok(())
}

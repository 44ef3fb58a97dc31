//! Every screen at a large city's size: the city-scale demo (30 markets, 50,000 vendors, ten
//! years of permits) and, on it, the day view of a busy market day, the vendor search per
//! keystroke, saving a permit at the counter, the finance export of a quarter and the daily
//! list. The database is `MARKT_CITY_DB`, or is built once into the target folder
//! (`markt demo --scale city --years 10` does the same; it takes a quarter of an hour).
//!
//! Saving permits writes into that database: the permits go on the day after the history
//! (2026-11-28), with an override reason because a vendor gets several in a run. The first
//! finance export of 2026's third quarter is kept in it too; its time is printed once, and
//! what is measured after is writing that batch again.
//!
//! Run: `cargo bench -p markt --bench city` (figures in BENCHMARKS.md).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use criterion::{Criterion, criterion_group, criterion_main};
use markt::code::*;
use markt::demo::{self, city::CityConfig};
use markt::export::Dialect;
use markt::export::finance::{self, FinanceRequest};
use markt::ids::VendorId;
use markt::permit::{self, PermitInput};
use markt::progress::Silent;
use markt::report::{self, Document, Request};
use markt::{Actor, Store, account, day_view, market, vendor};

const TODAY: &str = "2026-11-27";
const NEXT_DAY: &str = "2026-11-28";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn database() -> PathBuf {
    if let Ok(path) = std::env::var("MARKT_CITY_DB") {
        return PathBuf::from(path);
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("city-bench");
    let path = dir.join("city.sqlite");
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let partial = dir.join("city.partial.sqlite");
    let _ = std::fs::remove_file(&partial);
    eprintln!("building the city (ten years, 50,000 vendors) into {}…", partial.display());
    let started = Instant::now();
    let mut store = Store::open(&partial).unwrap();
    let config = CityConfig { seed: 1, today: d(TODAY), days: 3650, vendors: 50_000, markets: 30 };
    let summary = demo::city::build(&mut store, &config, &mut Silent).unwrap();
    drop(store);
    eprintln!("built in {:.0} s: {summary:?}", started.elapsed().as_secs_f64());
    std::fs::rename(&partial, &path).unwrap();
    path
}

fn login(store: &mut Store, username: &str) -> Actor {
    let password = demo::ACCOUNTS.iter().find(|a| a.username == username).unwrap().password;
    let now = markt::time::at_local(d(NEXT_DAY), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    account::login(store, username, password, now).unwrap()
}

fn bench(c: &mut Criterion) {
    let path = database();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut store = Store::open(&path).unwrap();
    let permits: i64 = store.conn().query_row("SELECT count(*) FROM daily_permit", [], |r| r.get(0)).unwrap();
    let lines: i64 = store.conn().query_row("SELECT count(*) FROM invoice_line", [], |r| r.get(0)).unwrap();
    eprintln!("city: {} ({:.2} GB), {permits} permits, {lines} invoice lines", path.display(), size as f64 / 1e9);
    let reader = login(&mut store, "medewerker");
    let busiest = market::by_code(&mut store, &reader, "M00").unwrap();
    let mut group = c.benchmark_group("city");
    group.sample_size(30);

    let view = day_view::get(&mut store, &reader, busiest.id, d(TODAY)).unwrap();
    eprintln!("day view of {} on {TODAY}: {} permits", busiest.name, view.permits.len());
    group.bench_function("day_view", |b| {
        b.iter(|| black_box(day_view::get(&mut store, &reader, busiest.id, black_box(d(TODAY))).unwrap()))
    });

    // What a clerk types, a keystroke at a time: a surname with an infix, and a number; each hit
    // with its registration at the market, as the counter asks.
    for query in ["v", "vr", "vri", "de v", "de vri", "19", "1985", "198503"] {
        let found = vendor::search(&mut store, &reader, query, Some(busiest.id), 0, 50).unwrap();
        eprintln!("vendor search {query:?}: {} found, first page {}", found.total, found.items.len());
        group.bench_function(format!("vendor_search/{query}"), |b| {
            b.iter(|| {
                black_box(vendor::search(&mut store, &reader, black_box(query), Some(busiest.id), 0, 50).unwrap())
            })
        });
    }

    let clerk = login(&mut store, "toezicht");
    let applicants: Vec<VendorId> = store
        .conn()
        .prepare("SELECT vendor_id FROM registration WHERE market_id = ?1 AND status = 'soll' ORDER BY list_number")
        .unwrap()
        .query_map([busiest.id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut next = 0usize;
    group.bench_function("permit_save", |b| {
        b.iter(|| {
            let input = PermitInput {
                market: busiest.id,
                day: d(NEXT_DAY),
                vendor: applicants[next % applicants.len()],
                presence: Presence::InPerson,
                substitute: None,
                identified_by: Identification::Scanned,
                requested: [("stalls_3m".to_string(), 1)].into_iter().collect(),
                stalls: vec!["1".into()],
                note: String::new(),
                payment: PaymentMethod::Pin,
                override_reason: Some("benchmark: meer dan één vergunning per dag".into()),
                confirmed_day: None,
            };
            next += 1;
            let now = markt::time::at_local(d(NEXT_DAY), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
            black_box(permit::issue(&mut store, &clerk, now, &input).unwrap())
        })
    });

    let finance_clerk = login(&mut store, "financien");
    let quarter =
        FinanceRequest { from: d("2026-07-01"), until: d("2026-09-30"), markets: vec![], dialect: Dialect::Nl };
    let existing = finance::batches(&mut store, &finance_clerk)
        .unwrap()
        .into_iter()
        .find(|b| b.from == quarter.from && b.until == quarter.until);
    let batch = match existing {
        Some(b) => b,
        None => {
            let started = Instant::now();
            let mut out = std::io::sink();
            let now = markt::time::at_local(d(NEXT_DAY), NaiveTime::from_hms_opt(10, 0, 0).unwrap());
            let b = finance::finance(&mut store, &finance_clerk, now, &quarter, &mut out, &mut Silent).unwrap();
            eprintln!(
                "finance export of 2026 Q3, new batch {}: {} lines in {:.2} s",
                b.number,
                b.lines,
                started.elapsed().as_secs_f64()
            );
            b
        }
    };
    eprintln!("finance batch {} of 2026 Q3: {} lines", batch.number, batch.lines);
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("finance_quarter_rerun", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(64 << 20);
            black_box(finance::rerun(&mut store, &finance_clerk, batch.number, &mut out, &mut Silent).unwrap());
            black_box(out.len())
        })
    });

    group.sample_size(30).measurement_time(Duration::from_secs(5));
    let now = markt::time::at_local(d(TODAY), NaiveTime::from_hms_opt(7, 0, 0).unwrap());
    let request = Request::market_day(Document::DailyList, busiest.id, d(TODAY));
    let printed = report::print(&mut store, &clerk, now, &request).unwrap();
    eprintln!("daily list of {}: {} pages, {} bytes", busiest.name, printed.pages, printed.bytes.len());
    group.bench_function("daily_list", |b| {
        b.iter(|| black_box(report::print(&mut store, &clerk, now, black_box(&request)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

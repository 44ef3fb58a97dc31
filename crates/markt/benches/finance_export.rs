//! How fast the finance export is: a batch of one million invoice lines (200,000 permits of
//! five lines over a year, 1,000 vendors), picked, kept and written as `nl` CSV; and the
//! same batch written again (`rerun`). The database is generated once with plain SQL
//! (`db::export::fill_for_benchmark`) and copied before each export: neither is measured.
//! `scripts/bench-sqlite-csv.sh` times `sqlite3 -csv` on the same rows for comparison.
//!
//! Run: `cargo bench -p markt --bench finance_export` (figures in BENCHMARKS.md).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use markt::code::*;
use markt::export::Dialect;
use markt::export::finance::{self, FinanceRequest};
use markt::progress::Silent;
use markt::tariff::{self, TariffKindInput};
use markt::vendor::{self, VendorInput};
use markt::{Store, account, market};
use rand::SeedableRng;

const PERMITS: i64 = 200_000;
const LINES: i64 = 5;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The template database: built once per run in the target folder, kept for the script.
fn template() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("finance-bench");
    let path = dir.join("million.sqlite");
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let partial = dir.join("million.partial.sqlite");
    let _ = std::fs::remove_file(&partial);
    let mut store = Store::open(&partial).unwrap();
    let now = markt::time::at_local(d("2026-01-01"), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let admin = account::create_first_admin(&mut store, now, &mut rng, "beheer", "Beheer", "bench-wachtwoord").unwrap();
    let input = markt::market::MarketInput {
        code: "BM".into(),
        name: "Benchmarkt".into(),
        kind: MarketKind::Daily,
        weekdays: Weekdays::parse_list("ma,di,wo,do,vr,za,zo").unwrap(),
        season: None,
        stall_size_m: 3,
        max_stalls_per_vendor: 4,
        sample_size: 10,
        ab_lists: false,
    };
    let m = market::create(&mut store, &admin, now, &input).unwrap();
    for (code, vat) in [
        ("meter", VatType::Zero),
        ("cleaning", VatType::High),
        ("waste", VatType::High),
        ("promo_vendor", VatType::Zero),
    ] {
        let k = TariffKindInput {
            code: code.into(),
            invoice_label: code.into(),
            unit: TariffUnit::Meters,
            vat,
            ledger_code: "8110".into(),
            vat_code: "V21".into(),
        };
        tariff::create_kind(&mut store, &admin, now, &k).unwrap();
    }
    let mut first = 0;
    let mut last = 0;
    for i in 0..1000 {
        let v = VendorInput {
            registration_number: format!("19{i:08}"),
            initials: "A.".into(),
            surname: format!("Ondernemer-Daniëls {i}"),
            status: Some(VendorStatus::Active),
            ..VendorInput::default()
        };
        let id = vendor::create(&mut store, &admin, now, &v).unwrap().0;
        if i == 0 {
            first = id;
        }
        last = id;
    }
    markt::db::export::fill_for_benchmark(&mut store, m, admin.id(), first..=last, d("2026-01-01"), PERMITS, LINES)
        .unwrap();
    drop(store);
    std::fs::rename(&partial, &path).unwrap();
    path
}

fn copy(from: &Path, n: usize) -> (PathBuf, Store) {
    let to = from.with_file_name(format!("run-{n}.sqlite"));
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, &to).unwrap();
    let store = Store::open(&to).unwrap();
    (to, store)
}

fn bench(c: &mut Criterion) {
    let path = template();
    let request =
        FinanceRequest { from: d("2026-01-01"), until: d("2026-12-31"), markets: vec![], dialect: Dialect::Nl };
    let login = |store: &mut Store| {
        let now = markt::time::at_local(d("2027-01-02"), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        (account::login(store, "beheer", "bench-wachtwoord", now).unwrap(), now)
    };
    // Check once: a million lines, and the rerun gives the same bytes.
    let (_, mut store) = copy(&path, 0);
    let (actor, now) = login(&mut store);
    let mut first = Vec::new();
    let started = std::time::Instant::now();
    let batch = finance::finance(&mut store, &actor, now, &request, &mut first, &mut Silent).unwrap();
    eprintln!("first batch: {:.2} s", started.elapsed().as_secs_f64());
    assert_eq!(batch.lines, PERMITS * LINES);
    let mut again = Vec::new();
    let started = std::time::Instant::now();
    finance::rerun(&mut store, &actor, batch.number, &mut again, &mut Silent).unwrap();
    eprintln!("rerun: {:.2} s", started.elapsed().as_secs_f64());
    assert!(first == again, "the rerun reproduces the batch");
    eprintln!("batch of {} lines, {} bytes", batch.lines, first.len());

    let mut group = c.benchmark_group("finance_export");
    group.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    let mut n = 0;
    group.bench_function("new batch, 1M lines", |b| {
        b.iter_batched(
            || {
                n += 1;
                let (_, mut store) = copy(&path, n % 2 + 1);
                let (actor, now) = login(&mut store);
                (store, actor, now, Vec::with_capacity(first.len()))
            },
            |(mut store, actor, now, mut out)| {
                finance::finance(&mut store, &actor, now, &request, &mut out, &mut Silent).unwrap();
                (store, out)
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("rerun, 1M lines", |b| {
        b.iter_batched(
            || Vec::with_capacity(first.len()),
            |mut out| {
                finance::rerun(&mut store, &actor, batch.number, &mut out, &mut Silent).unwrap();
                out
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

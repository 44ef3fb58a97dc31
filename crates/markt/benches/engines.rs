//! SQLite beside PostgreSQL (issue 18): the demo city (seed 1, history up to 27-11-2026) on
//! each engine, and on each the counter's permit save (`permit::issue`), the day view of
//! the Albert Cuypmarkt on the history's last day (`day_view::get`, 198 permits), the vendor
//! search per keystroke (`vendor::search`, what the counter and the vendor list call), and
//! the finance export of a quarter (2026 Q4, a new batch written to a file as `markt export
//! finance -o` does).
//!
//! The city is built once per run on SQLite into the target folder; with
//! `MARKTKANTOOR_TEST_POSTGRES` set (a PostgreSQL server's URL, `tests/pg/cluster.sh start`
//! prints one) it is moved into a new PostgreSQL database by `db::testing::copy_of` (the
//! same copy the tests make) and analysed, else only SQLite runs. A finance export takes the
//! quarter's lines for good, so each export runs on a fresh copy of the city (a file copy,
//! or a database PostgreSQL clones from a template; the copy is not measured). The
//! PostgreSQL databases the run made are dropped at its end.
//!
//! Run: `MARKTKANTOOR_TEST_POSTGRES=postgresql:///markt?host=/tmp/pg&user=markt \
//!       cargo bench -p markt --bench engines` (figures in BENCHMARKS.md).

use std::cell::RefCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use markt::code::*;
use markt::db::testing;
use markt::demo::{self, DemoConfig};
use markt::export::finance::{self, FinanceRequest};
use markt::export::{Dialect, write_file};
use markt::ids::VendorId;
use markt::permit::{self, PermitInput};
use markt::progress::Silent;
use markt::{Actor, Store, account, day_view, market, vendor};

const TODAY: &str = "2026-11-27";
/// The clerk's today when the permits are saved: the day after the history (a Saturday,
/// the Albert Cuypmarkt is held). The permits go on this day and the market days after it,
/// one per applicant a day, each on a stall of its own: a market day as the counter fills
/// it. (Thousands of permits on one day and stall, as the city bench issues them, make
/// each save read every earlier one: the stall check and the vendor's permits of the day.)
const NEXT_DAY: &str = "2026-11-28";
/// What a clerk types at the counter, a keystroke at a time: a surname with an infix, and a
/// registration number.
const QUERIES: &[&str] = &["de v", "19"];

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(day: &str, hour: u32) -> DateTime<Utc> {
    markt::time::at_local(d(day), NaiveTime::from_hms_opt(hour, 0, 0).unwrap())
}

fn work_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("engines-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The demo city on SQLite, built afresh for this run (a few seconds in release).
fn demo_city(dir: &Path) -> PathBuf {
    let path = dir.join("demo.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let started = Instant::now();
    let mut store = Store::open(&path).unwrap();
    demo::build(&mut store, &DemoConfig { seed: 1, today: d(TODAY) }).unwrap();
    // One file to copy: the last connection's close folds the write-ahead log in.
    drop(store);
    eprintln!("demo city (seed 1, {TODAY}) built on SQLite in {:.2} s", started.elapsed().as_secs_f64());
    path
}

/// A copy of the SQLite file `demo` in the folder `into`.
fn file_copy(demo: &Path, into: &Path) -> PathBuf {
    std::fs::create_dir_all(into).unwrap();
    let to = into.join("demo.sqlite");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(demo, &to).unwrap();
    to
}

/// The name of the database of a PostgreSQL URL (`postgresql:///NAME?host=…`).
fn database_name(url: &str) -> &str {
    let rest = &url[url.find("://").map_or(0, |i| i + 3)..];
    let rest = &rest[rest.find('/').map_or(rest.len(), |i| i + 1)..];
    &rest[..rest.find('?').unwrap_or(rest.len())]
}

/// Removes a database `copy_of` made.
fn drop_database(server: &str, copy: &Path) {
    let name = database_name(copy.to_str().unwrap()).to_string();
    let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
}

/// The databases this process made (`copy_of`'s names start with the process id): its
/// template of the city included, which `copy_of` keeps for the process's lifetime.
fn drop_databases_of_this_process(server: &str) {
    let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
    let pattern = format!("markt\\_test\\_{}\\_%", std::process::id());
    let names: Vec<String> = admin
        .query("SELECT datname FROM pg_database WHERE datname LIKE $1", &[&pattern])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for name in names {
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
    }
}

/// A PostgreSQL copy's planner statistics, before it is measured. `copy_all` fills the
/// tables with INSERTs and the clone is made at once, before autovacuum's ANALYZE comes by
/// (within a minute on a real server): without statistics the planner guesses, and the day
/// view took 57 ms instead of a few. SQLite plans without statistics; nothing to do there.
fn settle(store: &Store) {
    if store.url().is_some() {
        store.conn().execute_batch("ANALYZE").unwrap();
    }
}

fn login(store: &mut Store, username: &str) -> Actor {
    let password = demo::ACCOUNTS.iter().find(|a| a.username == username).unwrap().password;
    account::login(store, username, password, at(NEXT_DAY, 8)).unwrap()
}

/// One engine: its name (the criterion group) and the city's copy on it.
struct Engine {
    name: &'static str,
    city: PathBuf,
    /// A fresh copy of the city for one finance export, in the folder it is given.
    fresh: Box<dyn Fn(&Path) -> PathBuf>,
}

fn bench_engine(c: &mut Criterion, engine: &Engine, work: &Path) {
    let mut store = Store::open(&engine.city).unwrap();
    settle(&store);
    let permits: i64 = store.conn().query_row("SELECT count(*) FROM daily_permit", [], |r| r.get(0)).unwrap();
    let lines: i64 = store.conn().query_row("SELECT count(*) FROM invoice_line", [], |r| r.get(0)).unwrap();
    eprintln!("{}: the demo city, {permits} permits, {lines} invoice lines", engine.name);
    let clerk = login(&mut store, "medewerker");
    let ac = market::by_code(&mut store, &clerk, "AC").unwrap();

    let mut group = c.benchmark_group(engine.name);
    group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));

    // The permit save at the counter: checks, quote, lines, payment, audit, commit.
    let applicants: Vec<VendorId> = store
        .conn()
        .prepare("SELECT vendor_id FROM registration WHERE market_id = ?1 AND status = 'soll' ORDER BY list_number")
        .unwrap()
        .query_map([ac.id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!applicants.is_empty(), "the demo's Albert Cuypmarkt has applicants");
    let stalls: Vec<String> = store
        .conn()
        .prepare("SELECT number FROM stall WHERE market_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([ac.id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let days: Vec<NaiveDate> = d(NEXT_DAY).iter_days().take(366).filter(|day| ac.is_held_on(*day)).collect();
    let mut next = 0usize;
    group.bench_function("permit_save", |b| {
        b.iter(|| {
            let day = days[(next / applicants.len()) % days.len()];
            let input = PermitInput {
                market: ac.id,
                day,
                vendor: applicants[next % applicants.len()],
                presence: Presence::InPerson,
                substitute: None,
                identified_by: Identification::Scanned,
                requested: [("stalls_3m".to_string(), 1)].into_iter().collect(),
                stalls: vec![stalls[next % stalls.len()].clone()],
                note: String::new(),
                payment: PaymentMethod::Pin,
                // Answers the warnings a stall of a fixed holder may raise.
                override_reason: Some("benchmark".into()),
                confirmed_day: Some(day),
            };
            next += 1;
            black_box(permit::issue(&mut store, &clerk, at(NEXT_DAY, 9), &input).unwrap())
        })
    });
    eprintln!(
        "{}: {next} permits saved, {} a day on {} market days from {NEXT_DAY}",
        engine.name,
        applicants.len(),
        next.div_ceil(applicants.len())
    );

    // The day view of the market's last day of the history.
    let view = day_view::get(&mut store, &clerk, ac.id, d(TODAY)).unwrap();
    eprintln!("{}: day view of {} on {TODAY}: {} permits", engine.name, ac.name, view.permits.len());
    group.bench_function("day_view", |b| {
        b.iter(|| black_box(day_view::get(&mut store, &clerk, ac.id, black_box(d(TODAY))).unwrap()))
    });

    // The vendor search, with each hit's registration at the market (as the counter asks).
    for query in QUERIES {
        let found = vendor::search(&mut store, &clerk, query, Some(ac.id), 0, 50).unwrap();
        eprintln!("{}: vendor search {query:?}: {} found, first page {}", engine.name, found.total, found.items.len());
        group.bench_function(format!("vendor_search/{query}"), |b| {
            b.iter(|| black_box(vendor::search(&mut store, &clerk, black_box(query), Some(ac.id), 0, 50).unwrap()))
        });
    }
    drop(store);

    // The finance export of 2026 Q4 (1 October to 27 November hold permits), a new batch into
    // a file, on a fresh copy of the city each time; the copy and the login are not measured.
    let quarter =
        FinanceRequest { from: d("2026-10-01"), until: d("2026-12-31"), markets: vec![], dialect: Dialect::Nl };
    let csv = work.join(format!("{}-q4.csv", engine.name));
    let mut copies = 0usize;
    let mut exported = None;
    group.sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(5));
    group.bench_function("finance_export_quarter", |b| {
        b.iter_batched(
            || {
                copies += 1;
                let started = Instant::now();
                let copy = (engine.fresh)(&work.join(format!("copy-{copies}")));
                let mut store = Store::open(&copy).unwrap();
                settle(&store);
                let actor = login(&mut store, "financien");
                if copies == 1 {
                    eprintln!(
                        "{}: a fresh copy of the city (copy, statistics, login) in {:.2} s",
                        engine.name,
                        started.elapsed().as_secs_f64()
                    );
                }
                (copy, store, actor)
            },
            |(copy, mut store, actor)| {
                let batch = write_file(&csv, |out| {
                    finance::finance(&mut store, &actor, at(NEXT_DAY, 10), &quarter, out, &mut Silent)
                })
                .unwrap();
                exported = Some(batch.lines);
                (copy, store)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "{}: finance export of 2026 Q4: {} lines, {size} bytes, on {copies} copies",
        engine.name,
        exported.unwrap_or(0)
    );
    for n in 1..=copies {
        let _ = std::fs::remove_dir_all(work.join(format!("copy-{n}")));
    }
}

fn bench(c: &mut Criterion) {
    let work = work_dir();
    let city = demo_city(&work);

    let sqlite_city = file_copy(&city, &work.join("sqlite"));
    let from = city.clone();
    let sqlite = Engine { name: "sqlite", city: sqlite_city, fresh: Box::new(move |dir| file_copy(&from, dir)) };
    bench_engine(c, &sqlite, &work);

    let Some(server) = testing::postgres() else {
        eprintln!("PostgreSQL skipped: set {} to a server's URL to measure it too", testing::POSTGRES_ENV);
        return;
    };
    let started = Instant::now();
    let pg_city = testing::copy_of(&city, &work);
    eprintln!(
        "postgres: the city moved into PostgreSQL (copy_all into a template, then a clone) in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    // The finance exports' copies are databases of their own, each dropped before the next is
    // made (its export is over by then); copy_of knows the template it made above and only
    // clones it.
    let from = city.clone();
    let made: Rc<RefCell<Vec<PathBuf>>> = Default::default();
    let (made_by_fresh, admin) = (made.clone(), server.clone());
    let postgres = Engine {
        name: "postgres",
        city: pg_city,
        fresh: Box::new(move |dir| {
            for old in made_by_fresh.borrow_mut().drain(..) {
                drop_database(&admin, &old);
            }
            let copy = testing::copy_of(&from, dir);
            made_by_fresh.borrow_mut().push(copy.clone());
            copy
        }),
    };
    bench_engine(c, &postgres, &work);
    drop(postgres);
    drop_databases_of_this_process(&server);
}

criterion_group!(benches, bench);
criterion_main!(benches);

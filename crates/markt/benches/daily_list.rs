//! How fast the daily market list of a 400-stall market prints, and how big it is: ten
//! rows of 40 stalls, 370 fixed holders in ten branches placed by a published allocation
//! (names with diacritics), reserved, cooking, EVI, inactive and blocked stalls. Measured: the
//! whole of `report::print` (reading the day from the database, laying out the pages,
//! subsetting the font, writing the PDF), and the layout alone.
//!
//! Run: `cargo bench -p markt --bench daily_list` (figures in BENCHMARKS.md).

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use markt::account;
use markt::allocation::day;
use markt::branch::{self, BranchInput};
use markt::code::{Cooking, MarketKind, RegistrationStatus, StallProperty, VendorStatus, Weekdays};
use markt::ids::{MarketId, StallId};
use markt::market::{self, MarketInput, StallInput};
use markt::registration::{self, PreferencesInput, RegistrationInput};
use markt::report::{self, Document, Request};
use markt::vendor::{self, VendorInput};
use markt::{Actor, Store};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const DAY: &str = "2026-11-28";

const BRANCHES: &[(&str, &str, &str)] = &[
    ("101-AGF", "Groente en fruit", "#2e7d32"),
    ("102-VIS", "Vis", "#1565c0"),
    ("103-BROOD", "Brood en banket", "#a1887f"),
    ("104-KAAS", "Kaas", "#f9a825"),
    ("105-BLOEM", "Bloemen en planten", "#d81b60"),
    ("106-STOF", "Stoffen", "#8e24aa"),
    ("108-KLED", "Kleding", "#3949ab"),
    ("109-HUIS", "Huishoudelijke artikelen", "#00897b"),
    ("112-BEREID", "Bereide etenswaren", "#e64a19"),
    ("115-SIER", "Sieraden", "#c0ca33"),
];

const INITIALS: &[&str] = &["A.", "B.", "C.J.", "D.", "É.", "F.", "G.H.", "I.", "J.", "K.", "L.M.", "N.", "Ö.", "P."];
const INFIXES: &[&str] = &["", "", "", "van", "de", "van der", "ter", "van 't"];
const SURNAMES: &[&str] = &[
    "Boëtius",
    "Çelik",
    "Lefèvre",
    "Müller",
    "Hoëvenaars",
    "Noël",
    "Geërts",
    "Daniëls",
    "Eliëns",
    "Gonçalves",
    "Oosterhuis",
    "Jansen",
    "Vries",
    "Brouwer",
    "Kowalski",
    "Smit",
    "Bakker",
    "Visser",
    "Mulder",
    "Peters",
    "Hendriks",
    "Dekker",
    "Kok",
    "Maas",
    "Verbeek",
    "Prins",
    "Vos",
    "Postma",
    "Yilmaz",
    "El Amrani",
    "Nguyen",
    "Zwaluwenburg-Oosterhuis",
];

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(day: &str, h: u32) -> DateTime<Utc> {
    markt::time::at_local(d(day), NaiveTime::from_hms_opt(h, 0, 0).unwrap())
}

/// The 400-stall market with its published allocation for `DAY`.
fn market_of_400() -> (Store, Actor, MarketId) {
    let mut store = Store::open_in_memory().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let now = at("2026-11-01", 9);
    let admin = account::create_first_admin(&mut store, now, &mut rng, "beheer", "Bea Beheer", "geheim-2026").unwrap();
    let branches: Vec<_> = BRANCHES
        .iter()
        .map(|(code, name, colour)| {
            let input = BranchInput { code: (*code).into(), name: (*name).into(), colour: (*colour).into() };
            branch::create(&mut store, &admin, now, &input).unwrap()
        })
        .collect();
    let input = MarketInput {
        code: "GM".into(),
        name: "Grote Markt".into(),
        kind: MarketKind::Daily,
        weekdays: Weekdays::parse_list("ma,di,wo,do,vr,za").unwrap(),
        season: None,
        stall_size_m: 3,
        max_stalls_per_vendor: 3,
        sample_size: 10,
        ab_lists: false,
    };
    let m = market::create(&mut store, &admin, now, &input).unwrap();
    let mut stalls: Vec<StallId> = Vec::new();
    for r in 1..=10 {
        let row = market::add_row(&mut store, &admin, now, m, &format!("Rij {r}"), false).unwrap();
        for i in 1..=40 {
            let n = (r - 1) * 40 + i;
            let mut properties = Vec::new();
            if n % 3 == 0 {
                properties.push(StallProperty::Electricity);
            }
            if n % 7 == 0 {
                properties.push(StallProperty::PowerCurrent);
            }
            if n % 11 == 0 {
                properties.push(StallProperty::Corner);
            }
            let input = StallInput {
                row,
                number: if n % 97 == 0 { format!("{}a", n - 1) } else { n.to_string() },
                length_m: if n % 5 == 0 { 4 } else { 3 },
                cooking: if n % 20 == 0 { Cooking::Full } else { Cooking::None },
                evi: n % 50 == 0,
                active: n % 199 != 0,
                properties,
                branches: if n % 8 == 0 { vec![branches[0]] } else { vec![] },
            };
            stalls.push(market::add_stall(&mut store, &admin, now, &input).unwrap());
        }
    }
    for (i, s) in stalls.iter().enumerate().filter(|(i, _)| i % 101 == 50) {
        market::block_stall(&mut store, &admin, now, *s, d(DAY), &format!("Werkzaamheden {i}")).unwrap();
    }
    for (i, stall) in stalls.iter().enumerate().take(370) {
        let input = VendorInput {
            registration_number: format!("{:08}{:02}", 19500101 + i * 37, i % 100),
            initials: INITIALS[i % INITIALS.len()].into(),
            infix: INFIXES[i % INFIXES.len()].into(),
            surname: SURNAMES[i % SURNAMES.len()].into(),
            status: Some(VendorStatus::Active),
            ..VendorInput::default()
        };
        let v = vendor::create(&mut store, &admin, now, &input).unwrap();
        let input = RegistrationInput {
            vendor: v,
            market: m,
            list_number: i as i64 + 1,
            status: if i % 9 == 0 { RegistrationStatus::Tvpl } else { RegistrationStatus::Vpl },
            registered_on: d("2010-01-01"),
            places: None,
            stalls: vec![*stall],
            products: vec![],
        };
        registration::create(&mut store, &admin, now, &input).unwrap();
        let prefs = PreferencesInput {
            vendor: v,
            market: m,
            branch: Some(branches[i % branches.len()]),
            min_stalls: 1,
            max_stalls: 1,
            cooking: Cooking::None,
            evi: false,
            anywhere: false,
            stalls: vec![],
        };
        registration::set_preferences(&mut store, &admin, now, &prefs).unwrap();
    }
    let version = day::run(&mut store, &admin, at("2026-11-27", 16), m, d(DAY)).unwrap();
    day::publish(&mut store, &admin, at("2026-11-27", 17), version.id).unwrap();
    (store, admin, m)
}

fn bench(c: &mut Criterion) {
    let (mut store, actor, m) = market_of_400();
    let request = Request::market_day(Document::DailyList, m, d(DAY));
    let now = at(DAY, 6);
    // The first print of a process also parses the two embedded font faces.
    let started = std::time::Instant::now();
    let printed = report::print(&mut store, &actor, now, &request).unwrap();
    eprintln!(
        "daily list of 400 stalls: {} pages, {} bytes ({:.1} KB); first print in the process {:.1} ms",
        printed.pages,
        printed.bytes.len(),
        printed.bytes.len() as f64 / 1024.0,
        started.elapsed().as_secs_f64() * 1000.0
    );
    if let Ok(path) = std::env::var("MARKT_BENCH_PDF") {
        std::fs::write(&path, &printed.bytes).unwrap();
    }
    let mut group = c.benchmark_group("daily_list");
    group.sample_size(20);
    group.bench_function("400_stalls/print", |b| {
        b.iter(|| black_box(report::print(&mut store, &actor, now, black_box(&request)).unwrap()))
    });
    group.bench_function("400_stalls/layout", |b| {
        b.iter(|| black_box(report::layout(&mut store, &actor, now, black_box(&request)).unwrap().0.into_pages()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

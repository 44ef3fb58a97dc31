//! How fast the allocation engine is on large market days: 400 stalls with 1,000 vendors
//! and 1,000 stalls with 5,000 vendors, generated from a seeded RNG (the same input every
//! time). Before measuring, each input's allocation is checked against every invariant.
//!
//! Run: `cargo bench -p markt --bench allocation` (figures in BENCHMARKS.md).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use markt::allocation::verify::invariants;
use markt::allocation::{
    AllocationInput, Attendance, Branch, BranchId, MarketDay, Obstacle, Preference, Stall, StallId, StallRow, Vendor,
    VendorId, allocate,
};
use markt::code::{Cooking, RegistrationStatus};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const BRANCHES: &[(&str, bool, Option<u32>, u32)] = &[
    // id, mandatory, maximum per 100 stalls, weight among vendors
    ("101-agf", true, Some(14), 18),
    ("102-vis", false, Some(3), 3),
    ("103-brood", false, None, 5),
    ("104-kaas", false, None, 5),
    ("105-bloem", false, None, 6),
    ("108-kled", false, None, 14),
    ("109-huis", false, None, 7),
    ("110-elek", false, Some(4), 4),
    ("112-bereid", false, Some(6), 5),
    ("114-tweede", false, None, 5),
];

/// A market day of `stalls` stalls and `vendors` vendors: rows of 40–70 stalls with now and
/// then an obstacle, reserved, cooking, EVI and blocked stalls, fixed holders on about
/// three quarters of the stalls, and applicants for the rest of the vendors (half of them
/// signed on, a third on the A-list), with preferences, minima and maxima.
fn market_day(stalls: usize, vendors: usize, seed: u64) -> AllocationInput {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let scale = |per_100: u32| (per_100 as usize * stalls / 100) as u32;
    let branches: Vec<Branch> = BRANCHES
        .iter()
        .map(|(id, mandatory, max, _)| Branch {
            id: BranchId::new(*id),
            mandatory: *mandatory,
            max_stalls: max.map(scale),
        })
        .collect();
    let total_weight: u32 = BRANCHES.iter().map(|b| b.3).sum();
    let pick_branch = |rng: &mut ChaCha8Rng| {
        let mut x = rng.random_range(0..total_weight);
        for b in BRANCHES {
            if x < b.3 {
                return b.0;
            }
            x -= b.3;
        }
        "108-kled"
    };

    let mut all = Vec::with_capacity(stalls);
    let mut rows = Vec::new();
    let mut obstacles = Vec::new();
    while all.len() < stalls {
        let len = rng.random_range(40..=70).min(stalls - all.len());
        let mut row = Vec::with_capacity(len);
        for _ in 0..len {
            let n = all.len();
            let id = StallId::new((n + 1).to_string());
            let cooking = match rng.random_range(0..100) {
                0..2 => Cooking::Full,
                2..4 => Cooking::Light,
                _ => Cooking::None,
            };
            let reserved = cooking == Cooking::None && n % 8 == 2;
            all.push(Stall {
                id: id.clone(),
                branches: if reserved { vec![BranchId::new("101-agf")] } else { vec![] },
                cooking,
                evi: rng.random_bool(0.01),
                blocked: rng.random_bool(0.01),
                properties: vec![],
            });
            if let Some(prev) = row.last()
                && rng.random_bool(0.06)
            {
                obstacles.push(Obstacle { between: (StallId::clone(prev), id.clone()), kinds: vec!["boom".into()] });
            }
            row.push(id);
        }
        rows.push(StallRow { stalls: row, circular: rows.len() % 5 == 4 });
    }

    let mut out = Vec::with_capacity(vendors);
    let mut next_list_number = 1u64;
    // Fixed holders: runs of 1–3 stalls along the rows, leaving a stall free now and then.
    let mut i = 0;
    for row in &rows {
        let mut j = 0;
        while j < row.stalls.len() && out.len() < vendors {
            if rng.random_bool(0.25) {
                j += 1;
                continue;
            }
            let want = [1, 1, 1, 2, 2, 3][rng.random_range(0..6)];
            let own: Vec<StallId> = row.stalls[j..(j + want).min(row.stalls.len())].to_vec();
            j += own.len();
            let first = &all[i + j - own.len()];
            let status = match rng.random_range(0..100) {
                0..80 => RegistrationStatus::Vpl,
                80..88 => RegistrationStatus::Tvpl,
                88..93 => RegistrationStatus::Eb,
                93..97 => RegistrationStatus::Exp,
                _ => RegistrationStatus::Vkk,
            };
            let branch = if first.branches.is_empty() { pick_branch(&mut rng) } else { "101-agf" };
            let moves = rng.random_bool(0.1);
            let preferences = if moves {
                (0..rng.random_range(1..4))
                    .map(|k| Preference { stall: all[rng.random_range(0..stalls)].id.clone(), priority: 10 - k })
                    .collect()
            } else {
                vec![]
            };
            out.push(Vendor {
                id: VendorId::new(format!("{:010}", out.len() + 1)),
                list_number: next_list_number,
                status,
                max_stalls: own.len() as u32 + u32::from(rng.random_bool(0.1)),
                own_stalls: own,
                a_list: false,
                attendance: if rng.random_bool(0.05) { Attendance::Absent } else { Attendance::Unspecified },
                absence: None,
                branches: vec![BranchId::new(branch)],
                cooking: first.cooking,
                evi: first.evi,
                min_stalls: 1,
                anywhere: true,
                preferences,
                active: true,
            });
            next_list_number += 1;
        }
        i += row.stalls.len();
    }
    // Applicants.
    while out.len() < vendors {
        let max = [1, 1, 1, 2, 2, 3][rng.random_range(0..6)];
        let preferences = if rng.random_bool(0.6) {
            (0..rng.random_range(1..5))
                .map(|k| Preference { stall: all[rng.random_range(0..stalls)].id.clone(), priority: 10 - k })
                .collect()
        } else {
            vec![]
        };
        out.push(Vendor {
            id: VendorId::new(format!("{:010}", out.len() + 1)),
            list_number: next_list_number,
            status: RegistrationStatus::Soll,
            own_stalls: vec![],
            a_list: rng.random_bool(0.33),
            attendance: if rng.random_bool(0.5) { Attendance::Present } else { Attendance::Unspecified },
            absence: None,
            branches: vec![BranchId::new(pick_branch(&mut rng))],
            cooking: match rng.random_range(0..100) {
                0..2 => Cooking::Full,
                2..4 => Cooking::Light,
                _ => Cooking::None,
            },
            evi: rng.random_bool(0.01),
            min_stalls: 1 + u32::from(max > 1 && rng.random_bool(0.2)),
            max_stalls: max,
            anywhere: rng.random_bool(0.7),
            preferences,
            active: true,
        });
        next_list_number += 1 + u64::from(rng.random_bool(0.1));
    }

    AllocationInput {
        market: MarketDay {
            id: "bench".into(),
            name: "Benchmarkt".into(),
            code: "BENCH".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date"),
            ab_lists: true,
            max_stalls_per_vendor: Some(4),
        },
        branches,
        stalls: all,
        rows,
        obstacles,
        vendors: out,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("allocate");
    group.sample_size(10);
    for (stalls, vendors) in [(400, 1_000), (1_000, 5_000)] {
        let input = market_day(stalls, vendors, 2026);
        let answer = allocate(&input);
        let broken = invariants(&input, &answer);
        assert!(broken.is_empty(), "{stalls}/{vendors}: {broken:?}");
        let given: usize = answer.assignments.iter().map(|a| a.stalls.len()).sum();
        let mut reasons = std::collections::BTreeMap::new();
        for r in &answer.rejections {
            *reasons.entry(r.reason.code()).or_insert(0) += 1;
        }
        eprintln!(
            "{stalls} stalls, {vendors} vendors: {} assigned on {given} stalls, {} rejected {reasons:?}, {} not taking part",
            answer.assignments.len(),
            answer.rejections.len(),
            answer.not_participating.len()
        );
        group.bench_with_input(BenchmarkId::from_parameter(format!("{stalls}x{vendors}")), &input, |b, input| {
            b.iter(|| allocate(black_box(input)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

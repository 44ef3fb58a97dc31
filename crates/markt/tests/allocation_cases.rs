//! Every example case: all invariants hold and every `expected.checks` entry passes. How
//! many cases also match the recorded engine's answer exactly is printed, and held as a
//! floor for the bundled cases: the engines may differ where the rules leave a choice, but
//! a change that matches fewer of them than today has changed more than a choice.
//!
//! The cases are copies of `shared/domain/allocation-cases` kept in `tests/allocation_cases/`
//! (so a clean clone tests the same); `MARKT_ALLOCATION_CASES` points at another folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use markt::allocation::case::{Case, parse_case_file};
use markt::allocation::verify::invariants;
use markt::allocation::{Allocation, StallId, VendorId, allocate};
use markt::code::RejectionReason;

fn case_dir() -> PathBuf {
    std::env::var_os("MARKT_ALLOCATION_CASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/allocation_cases"))
}

fn cases() -> Vec<(String, Case)> {
    let dir = case_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().expect("file name").to_string_lossy().into_owned();
            let json = std::fs::read_to_string(&p).expect("readable case");
            let case = parse_case_file(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, case)
        })
        .collect()
}

/// Same vendors with the same stalls (as sets), the same rejections with the same reasons,
/// and the same vendors not taking part.
fn matches_exactly(case: &Case, got: &Allocation) -> (bool, bool) {
    let Some(expected) = &case.expected else { return (false, false) };
    type Sets<'a> = BTreeMap<&'a VendorId, BTreeSet<&'a StallId>>;
    let want: Sets = expected.assignments.iter().map(|(v, s)| (v, s.iter().collect())).collect();
    let have: Sets = got.assignments.iter().map(|a| (&a.vendor, a.stalls.iter().collect())).collect();
    let absent: BTreeSet<&VendorId> = got.not_participating.iter().collect();
    let same_assignments = want == have && absent == expected.not_participating.iter().collect();
    let reasons: BTreeMap<&VendorId, _> = got.rejections.iter().map(|r| (&r.vendor, r.reason)).collect();
    let same_rejections = reasons == expected.rejections.iter().map(|(v, r)| (v, *r)).collect();
    (same_assignments, same_assignments && same_rejections)
}

#[test]
fn allocation_cases_hold_invariants_and_checks() {
    let cases = cases();
    assert!(cases.len() >= 60, "expected the example cases in {}, found {}", case_dir().display(), cases.len());
    let mut failures = Vec::new();
    let (mut same_stalls, mut exact) = (0, 0);
    for (name, case) in &cases {
        let got = allocate(&case.input);
        for v in invariants(&case.input, &got) {
            failures.push(format!("{name}: invariant {v}"));
        }
        for check in case.expected.iter().flat_map(|e| &e.checks) {
            if let Err(why) = check.evaluate(&case.input, &got) {
                failures.push(format!("{name}: check {why}"));
            }
        }
        let (stalls, all) = matches_exactly(case, &got);
        same_stalls += usize::from(stalls);
        exact += usize::from(all);
        if std::env::var_os("MARKT_ALLOCATION_SHOW").is_some() && !all {
            eprintln!("{name}: differs from expected");
            for a in &got.assignments {
                eprintln!("  {} = {:?}", a.vendor, a.stalls.iter().map(|s| s.as_str()).collect::<Vec<_>>());
            }
            for r in &got.rejections {
                eprintln!("  {} rejected {}", r.vendor, r.reason);
            }
        }
    }
    eprintln!(
        "{} cases; {} with the expected assignments, {} also with the expected rejection reasons",
        cases.len(),
        same_stalls,
        exact
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    // Today's counts on the bundled cases (74 cases on 2026-12-07): raise them when the
    // engine matches more, never lower them to let a change through.
    if std::env::var_os("MARKT_ALLOCATION_CASES").is_none() {
        assert!(same_stalls >= 68, "{same_stalls} cases with the expected assignments, fewer than the 68 of before");
        assert!(exact >= 58, "{exact} cases also with the expected rejection reasons, fewer than the 58 of before");
    }
}

#[test]
fn allocation_is_deterministic_on_every_case() {
    for (name, case) in cases() {
        assert_eq!(allocate(&case.input), allocate(&case.input), "{name}: two runs differ");
    }
}

/// Explanations are read by clerks: a rejection is said in words, never by its code
/// (`BRANCHE_FULL`), on every case (which between them reject for every reason).
#[test]
fn no_explanation_names_a_rejection_code() {
    let mut seen = BTreeSet::new();
    for (name, case) in cases() {
        let got = allocate(&case.input);
        seen.extend(got.rejections.iter().map(|r| r.reason));
        for (vendor, text) in &got.explanations {
            for reason in RejectionReason::ALL {
                assert!(
                    !text.contains(reason.code()),
                    "{name}: {vendor}'s explanation names {}: {text}",
                    reason.code()
                );
            }
        }
    }
    assert!(seen.len() >= 5, "the cases reject for several reasons: {seen:?}");
}

//! The demo city allocates its markets for tomorrow, with every result explained, every
//! invariant of allocation.md holding, and the result stored.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate, NaiveTime};
use markt::allocation::day;
use markt::allocation::verify::invariants;
use markt::allocation::{StallId, allocate};
use markt::code::{AllocationOutcome, AllocationState};
use markt::demo::{self, DemoConfig};
use markt::time::at_local;
use markt::{Store, account, check, market};

#[test]
fn the_demo_markets_allocate_for_tomorrow_with_every_result_explained() {
    let mut store = Store::open_in_memory().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    demo::build(&mut store, &DemoConfig { seed: 1, today }).unwrap();
    let tomorrow = today + Days::new(1);
    let now = at_local(today, NaiveTime::from_hms_opt(15, 30, 0).unwrap());
    let clerk = account::login(&mut store, "medewerker", "marktbureau-2026", now).unwrap();

    for code in ["AC", "NOM"] {
        let m = market::by_code(&mut store, &clerk, code).unwrap();
        let input = day::input(&mut store, &clerk, m.id, tomorrow).unwrap();
        let version = day::run(&mut store, &clerk, now, m.id, tomorrow).unwrap();
        assert_eq!((version.number, version.state), (1, AllocationState::Draft));
        let stored = day::get(&mut store, &clerk, version.id).unwrap();

        // Stored: one result per vendor of the day, the same as the engine's answer; the
        // explanations are the engine's with names beside registration numbers, or what the
        // weekly pattern says.
        assert_eq!(stored.results.len(), input.input.vendors.len(), "{code}: a result per vendor");
        let engine = allocate(&input.input);
        let got = stored.to_engine();
        assert_eq!(
            (&got.assignments, &got.rejections, &got.not_participating),
            (&engine.assignments, &engine.rejections, &engine.not_participating),
            "{code}: the stored allocation is the engine's"
        );
        for (vendor, text) in &got.explanations {
            let header = |t: &str| t.split(':').next().unwrap_or_default().to_string();
            match input.explanations.get(vendor) {
                Some(pattern) => assert_eq!(text, pattern),
                None => assert_eq!(header(text), header(&engine.explanations[vendor]), "{code}: {vendor}"),
            }
        }
        let named = stored.results.iter().filter(|r| r.explanation.contains("ging naar")).count();
        assert!(named > 0, "{code}: some explanation names who took a wanted stall");
        for r in &stored.results {
            for (at, _) in r.explanation.match_indices("ging naar ") {
                let after = &r.explanation[at + "ging naar ".len()..];
                assert!(after.get(11..13) == Some(" ("), "{code}: a name after the number: {}", r.explanation);
            }
        }

        // Explained, every one.
        for r in &stored.results {
            assert!(
                r.explanation.len() > 20,
                "{code}: {} is not explained: {:?}",
                r.registration_number,
                r.explanation
            );
            assert_eq!(r.reason.is_some(), r.outcome == AllocationOutcome::Rejected);
        }
        let placed = stored.count(AllocationOutcome::Assigned);
        let rejected = stored.count(AllocationOutcome::Rejected);
        let absent = stored.count(AllocationOutcome::NotParticipating);
        eprintln!("{code} {tomorrow}: {placed} ingedeeld, {rejected} afgewezen, {absent} nemen niet deel");
        assert!(placed > 30 && absent > 0, "{code}: a real market day");

        // Every invariant holds.
        let violations = invariants(&input.input, &stored.to_engine());
        assert!(violations.is_empty(), "{code}: {violations:?}");

        // Fixed holders who take part keep their own stalls (the demo's holders prefer none).
        let mut kept = 0;
        for v in input.input.vendors.iter().filter(|v| v.holds_own_stalls() && v.participation(tomorrow).is_ok()) {
            let blocked: BTreeSet<&StallId> = input.input.stalls.iter().filter(|s| s.blocked).map(|s| &s.id).collect();
            if v.own_stalls.iter().any(|s| blocked.contains(s)) || !v.preferences.is_empty() {
                continue;
            }
            let got: BTreeSet<&StallId> = got.stalls_of(&v.id).unwrap_or(&[]).iter().collect();
            assert!(v.own_stalls.iter().all(|s| got.contains(s)), "{code}: {} lost its own stalls", v.id);
            kept += 1;
        }
        assert!(kept > 20, "{code}: only {kept} fixed holders checked");
    }

    // Markets not held tomorrow are not allocated; the database stays clean.
    let dap = market::by_code(&mut store, &clerk, "DAP").unwrap();
    assert_eq!(day::run(&mut store, &clerk, now, dap.id, tomorrow).unwrap_err().code(), "invalid");
    assert!(check::run(&mut store).unwrap().ok(), "markt check after allocating");
}

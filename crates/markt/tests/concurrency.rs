//! Several writers at once (issue 18, "correct under concurrency"): the rules that check
//! and then write stay right when desks write the same database at the same moment.
//!
//! Every test builds the fixture in one new database, then runs "desks": threads that each
//! open their own [`Store`] (their own connection) on that database and act together,
//! released by a [`Barrier`] at the start of every round. On PostgreSQL
//! (`MARKTKANTOOR_TEST_POSTGRES` set) the database is a new one on that server; without it,
//! a SQLite file in a temporary folder, which several connections share by SQLite's own
//! locking. So the tests always assert something.
//!
//! What each test holds to is what the rule says when the actions run one after the other:
//! every action either succeeds or is refused by the rule (never an engine error such as a
//! unique key violated), and what is stored afterwards is what some serial order gives.
//! On PostgreSQL this rests on the write lock every write transaction takes
//! (`db::engine::WRITE_LOCK`); without that lock these tests fail.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, Utc};
use common::*;
use markt::allocation::day;
use markt::code::{AllocationState, PaymentMethod};
use markt::db::testing;
use markt::export::Dialect;
use markt::export::finance::{self, FinanceRequest};
use markt::ids::PermitId;
use markt::permit::{self, PermitInput};
use markt::progress::Silent;
use markt::ticket;
use markt::{Cents, Error, Store, day_close};

// ── The shared database and the desks ───────────────────────────────────────────────────

/// One database that every desk opens.
struct Shared {
    location: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Shared {
    fn new() -> Shared {
        match testing::postgres() {
            Some(url) => Shared { location: PathBuf::from(testing::new_database(&url)), _dir: None },
            None => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                Shared { location: dir.path().join("markt.sqlite"), _dir: Some(dir) }
            }
        }
    }

    fn open(&self) -> Store {
        open(&self.location)
    }

    /// The fixture, built in this database; its store is one more connection.
    fn fixture(&self) -> Fixture {
        fixture_in(self.open())
    }
}

fn open(location: &Path) -> Store {
    Store::open(location).expect("the shared database")
}

/// What [`rounds`] gives back: per round, what its set-up made and each desk's answer.
struct Round<S, T> {
    setup: S,
    desks: Vec<T>,
}

/// Runs `rounds` rounds on `desks` threads, each with its own store on the shared database.
/// In every round desk 0 first runs `setup` (alone), then all desks are released at once
/// to `act`, and the next round starts when every desk is done. A panic in a desk's code
/// is caught and reported, so that no desk waits forever at the barrier.
fn rounds<S, T>(
    shared: &Shared,
    desks: usize,
    rounds: usize,
    setup: impl Fn(&mut Store, usize) -> S + Sync,
    act: impl Fn(&mut Store, usize, usize, &S) -> T + Sync,
) -> Vec<Round<S, T>>
where
    S: Clone + Send,
    T: Send,
{
    let barrier = Barrier::new(desks);
    let slot: Mutex<Option<Result<S, String>>> = Mutex::new(None);
    let setups: Mutex<Vec<S>> = Mutex::new(Vec::new());
    let per_desk: Vec<Result<Vec<T>, String>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..desks)
            .map(|desk| {
                let (barrier, slot, setups, setup, act) = (&barrier, &slot, &setups, &setup, &act);
                scope.spawn(move || {
                    let mut store = shared.open();
                    let mut out = Vec::with_capacity(rounds);
                    for round in 0..rounds {
                        if desk == 0 {
                            let made = catch_unwind(AssertUnwindSafe(|| setup(&mut store, round)))
                                .map_err(|p| format!("the set-up of round {round} panicked: {}", panic_text(&p)));
                            if let Ok(s) = &made {
                                setups.lock().unwrap().push(s.clone());
                            }
                            *slot.lock().unwrap() = Some(made);
                        }
                        barrier.wait();
                        let made = slot.lock().unwrap().clone().expect("desk 0 set the round up");
                        let answer = match made {
                            Ok(s) => catch_unwind(AssertUnwindSafe(|| act(&mut store, desk, round, &s)))
                                .map_err(|p| format!("desk {desk} panicked in round {round}: {}", panic_text(&p))),
                            Err(e) => Err(e),
                        };
                        barrier.wait();
                        match answer {
                            Ok(a) => out.push(a),
                            Err(e) => return Err(e),
                        }
                    }
                    Ok(out)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a desk's thread")).collect()
    });
    let mut per_desk: Vec<std::vec::IntoIter<T>> =
        per_desk.into_iter().map(|d| d.unwrap_or_else(|e| panic!("{e}")).into_iter()).collect();
    setups
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|setup| Round { setup, desks: per_desk.iter_mut().map(|d| d.next().expect("an answer")).collect() })
        .collect()
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

/// Fails with every problem found, one a line.
fn assert_none(what: &str, problems: &[String]) {
    assert!(problems.is_empty(), "{what}: {} problem(s)\n{}", problems.len(), problems.join("\n"));
}

/// The fixture's market day `weeks` weeks later (the market is held on Wednesdays).
fn wednesday(weeks: u64) -> NaiveDate {
    d(DAY) + Days::new(7 * weeks)
}

/// 08:00 on `day`: the counter's "today" is the permit's day.
fn morning(day: NaiveDate) -> DateTime<Utc> {
    at(&day.to_string(), 8)
}

// ── 1. Ticket numbers ────────────────────────────────────────────────────────────────────

/// Ticket numbers are per year and never given twice: desks writing tickets at the same
/// moment all succeed, and the numbers of the year are 1, 2, 3, … without a gap.
#[test]
fn ticket_numbers_are_distinct_and_without_gaps() {
    const DESKS: usize = 4;
    const ROUNDS: usize = 12;
    const EACH: usize = 2;
    let shared = Shared::new();
    let mut f = shared.fixture();
    let sup = f.supervisor.clone();
    let input = ticket_input(&f, DAY, "V03");
    let done = rounds(
        &shared,
        DESKS,
        ROUNDS,
        |_, _| (),
        |store, _, _, _| (0..EACH).map(|_| ticket::create(store, &sup, at(DAY, 11), &input)).collect::<Vec<_>>(),
    );

    let mut problems = Vec::new();
    let mut ids = Vec::new();
    for (round, r) in done.iter().enumerate() {
        for (desk, answers) in r.desks.iter().enumerate() {
            for answer in answers {
                match answer {
                    Ok(id) => ids.push(*id),
                    Err(e) => problems.push(format!("round {round}, desk {desk}: the ticket was not written: {e}")),
                }
            }
        }
    }
    let mut numbers = Vec::new();
    for id in &ids {
        let t = ticket::get(&mut f.store, &f.admin, *id).unwrap();
        numbers.push(t.number);
    }
    let stored: Vec<String> = ticket::list(&mut f.store, &f.admin, &ticket::Filter::default())
        .unwrap()
        .into_iter()
        .map(|r| r.ticket.number)
        .collect();
    let expected: BTreeSet<String> = (1..=DESKS * ROUNDS * EACH).map(|n| format!("B2026-{n:06}")).collect();
    let distinct: BTreeSet<String> = stored.iter().cloned().collect();
    if distinct.len() != stored.len() {
        problems.push(format!("a ticket number was given twice: {} tickets, {} numbers", stored.len(), distinct.len()));
    }
    if distinct != expected {
        let missing: Vec<_> = expected.difference(&distinct).collect();
        let extra: Vec<_> = distinct.difference(&expected).collect();
        problems.push(format!("the numbers are not 1..={}: missing {missing:?}, unexpected {extra:?}", expected.len()));
    }
    if numbers.iter().collect::<BTreeSet<_>>().len() != numbers.len() {
        problems.push("two desks were handed the same ticket number".into());
    }
    assert_none("ticket numbering with several desks", &problems);
    assert_eq!(stored.len(), DESKS * ROUNDS * EACH);
}

// ── 2. Invoice numbers ───────────────────────────────────────────────────────────────────

/// The invoice numbers of daily permits are per year and never given twice: desks issuing
/// permits at the same moment all succeed, with the numbers D2026-000001, … without a gap.
#[test]
fn invoice_numbers_of_permits_are_distinct() {
    const DESKS: usize = 4;
    const ROUNDS: usize = 10;
    let shared = Shared::new();
    let mut f = shared.fixture();
    let sup = f.supervisor.clone();
    // The stranger's form carries a reason, which answers the counter's warnings (a second
    // permit that day, a stall taken): every permit of this test may be issued.
    let input = f.permit_input(f.stranger);
    let done =
        rounds(&shared, DESKS, ROUNDS, |_, _| (), |store, _, _, _| permit::issue(store, &sup, at(DAY, 8), &input));

    let mut problems = Vec::new();
    let mut numbers = BTreeMap::new();
    for (round, r) in done.iter().enumerate() {
        for (desk, answer) in r.desks.iter().enumerate() {
            match answer {
                Ok(id) => {
                    let number = permit::get(&mut f.store, &f.admin, *id).unwrap().invoice_number;
                    if let Some(other) = numbers.insert(number.clone(), *id) {
                        problems.push(format!("{number} was given to permits {other} and {id}"));
                    }
                }
                Err(e) => problems.push(format!("round {round}, desk {desk}: the permit was not issued: {e}")),
            }
        }
    }
    let stored = permit::of_market_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    let stored_numbers: BTreeSet<String> = stored.iter().map(|p| p.invoice_number.clone()).collect();
    if stored_numbers.len() != stored.len() {
        problems.push(format!("{} permits stored with {} invoice numbers", stored.len(), stored_numbers.len()));
    }
    let expected: BTreeSet<String> = (1..=DESKS * ROUNDS).map(|n| format!("D2026-{n:06}")).collect();
    if stored_numbers != expected {
        let missing: Vec<_> = expected.difference(&stored_numbers).collect();
        problems.push(format!("the invoice numbers are not 1..={}: missing {missing:?}", expected.len()));
    }
    assert_none("invoice numbering with several desks", &problems);
}

// ── 3. The second permit of the day ──────────────────────────────────────────────────────

/// A second permit for a vendor on the same day needs a reason, or it is refused. Two
/// desks issue a permit without a reason for the same vendor and day at the same moment:
/// exactly one is stored, the other is refused by that rule, naming the first.
#[test]
fn two_desks_one_vendor_one_day_give_one_permit() {
    const DESKS: usize = 2;
    const ROUNDS: usize = 40;
    const STAGGER: Duration = Duration::from_micros(300);
    let shared = Shared::new();
    let mut f = shared.fixture();
    let sup = f.supervisor.clone();
    // The holder on its own stall: a first permit needs no reason.
    let form = f.permit_input(f.holder);
    assert_eq!(form.override_reason, None);
    let done = rounds(
        &shared,
        DESKS,
        ROUNDS,
        |_, round| wednesday(round as u64),
        |store, desk, round, day| {
            // The second desk starts a little later each round (0 to 2.1 ms): the rounds
            // where its look at the vendor's permits comes before the first desk's commit
            // and its invoice number after it are kept right by the rule's order alone.
            if desk == 1 {
                thread::sleep(STAGGER * (round % 8) as u32);
            }
            let input = PermitInput { day: *day, ..form.clone() };
            permit::issue(store, &sup, morning(*day), &input)
        },
    );

    let mut problems = Vec::new();
    for r in &done {
        let day = r.setup;
        let stored: Vec<_> = permit::of_market_day(&mut f.store, &f.admin, f.market, day)
            .unwrap()
            .into_iter()
            .filter(|p| p.vendor == f.holder && p.voided.is_none())
            .collect();
        let issued: Vec<PermitId> = r.desks.iter().filter_map(|a| a.as_ref().ok().copied()).collect();
        if stored.len() != 1 || issued.len() != 1 {
            problems.push(format!(
                "{day}: {} permits stored for the holder ({}), {} desks were told theirs was issued",
                stored.len(),
                stored.iter().map(|p| p.invoice_number.as_str()).collect::<Vec<_>>().join(", "),
                issued.len()
            ));
        }
        for (desk, answer) in r.desks.iter().enumerate() {
            let Err(e) = answer else { continue };
            let by_rule = e.field_errors().iter().any(|fe| {
                fe.field == "override_reason" && stored.iter().any(|p| fe.message.contains(&p.invoice_number))
            });
            if !by_rule {
                problems.push(format!("{day}, desk {desk}: refused, but not as a second permit of the day: {e}"));
            }
        }
    }
    assert_none("the second permit of the day with two desks", &problems);
}

// ── 4. No permit after the day close ─────────────────────────────────────────────────────

/// After a clerk closed a market day, that clerk issues no more permits for it: one desk
/// closes the day while two other desks of the same clerk issue permits. Every permit
/// stored is in the close (the close's counts are what is stored for that clerk and day,
/// also afterwards), and every permit not stored was refused because the day was closed.
#[test]
fn no_permit_after_the_day_close() {
    const ISSUERS: usize = 2;
    const EACH: usize = 3;
    const ROUNDS: usize = 12;
    let shared = Shared::new();
    let mut f = shared.fixture();
    let sup = f.supervisor.clone();
    let market = f.market;
    let forms: Vec<PermitInput> = [f.holder, f.applicant, f.stranger]
        .into_iter()
        .map(|v| PermitInput {
            payment: PaymentMethod::Pin,
            override_reason: Some("proef: meer desks tegelijk".into()),
            ..f.permit_input(v)
        })
        .collect();
    #[derive(Debug)]
    enum Answer {
        Issued(Vec<markt::Result<PermitId>>),
        Closed(markt::Result<markt::ids::DayCloseId>),
    }
    let done = rounds(
        &shared,
        ISSUERS + 1,
        ROUNDS,
        |_, round| wednesday(round as u64),
        |store, desk, round, day| {
            if desk == ISSUERS {
                // The close comes at a different moment of the issuing in every round.
                thread::sleep(Duration::from_millis((round % 4) as u64 * 3));
                // Pin only: the drawer holds no cash, whatever was issued.
                Answer::Closed(day_close::close(store, &sup, at(&day.to_string(), 17), market, *day, Cents::ZERO, ""))
            } else {
                Answer::Issued(
                    (0..EACH)
                        .map(|i| {
                            let input = PermitInput { day: *day, ..forms[(desk + i) % forms.len()].clone() };
                            permit::issue(store, &sup, morning(*day), &input)
                        })
                        .collect(),
                )
            }
        },
    );

    let mut problems = Vec::new();
    let mut refused_after_close = 0;
    for r in &done {
        let day = r.setup;
        let mut told_issued = 0;
        for (desk, answer) in r.desks.iter().enumerate() {
            match answer {
                Answer::Closed(Err(e)) => problems.push(format!("{day}: the close failed: {e}")),
                Answer::Closed(Ok(_)) => {}
                Answer::Issued(answers) => {
                    for a in answers {
                        match a {
                            Ok(_) => told_issued += 1,
                            Err(Error::Conflict(m)) if m.contains("al afgesloten") => refused_after_close += 1,
                            Err(e) => {
                                problems.push(format!("{day}, desk {desk}: neither issued nor refused as closed: {e}"))
                            }
                        }
                    }
                }
            }
        }
        let stored: Vec<_> = permit::of_market_day(&mut f.store, &f.admin, market, day)
            .unwrap()
            .into_iter()
            .filter(|p| p.issued_by == sup.id() && p.voided.is_none())
            .collect();
        let closes = day_close::of_day(&mut f.store, &f.admin, market, day).unwrap();
        let [close] = closes.as_slice() else {
            problems.push(format!("{day}: {} closes stored", closes.len()));
            continue;
        };
        if close.summary.permits != stored.len() as i64 {
            let after: Vec<&str> = stored.iter().map(|p| p.invoice_number.as_str()).collect();
            problems.push(format!(
                "{day}: the close counts {} permits, {} are stored ({}): a permit was issued after the close",
                close.summary.permits,
                stored.len(),
                after.join(", ")
            ));
        }
        let now = day_close::summary(&mut f.store, &sup, market, day).unwrap();
        if now != close.summary {
            problems
                .push(format!("{day}: the clerk's day changed after the close: {:?} then, {now:?} now", close.summary));
        }
        if told_issued != stored.len() {
            problems.push(format!("{day}: {told_issued} permits issued, {} stored", stored.len()));
        }
    }
    assert_none("issuing while the day is closed", &problems);
    // The rounds did race: some permits came after the close and were refused.
    assert!(refused_after_close > 0, "no permit came after a close: the test raced nothing");
}

// ── 5. One current allocation version ────────────────────────────────────────────────────

/// Every run makes a new version of the day with the next number, and a published day is
/// not run again. In every round a draft exists; one desk publishes it while two others
/// run the day again. As in any serial order: either the publish wins and both runs are
/// refused, or the runs win (versions 2 and 3) and the publish is refused because its draft
/// is no longer the latest. The version numbers are distinct, and the latest version, the
/// one current, is the published one whenever one is published.
#[test]
fn one_current_allocation_version() {
    const ROUNDS: usize = 10;
    let shared = Shared::new();
    let mut f = shared.fixture();
    let senior = f.senior.clone();
    let market = f.market;
    let clerk_time = |day: NaiveDate| at(&(day - Days::new(1)).to_string(), 16);
    #[derive(Debug)]
    enum Answer {
        Published(markt::Result<day::Version>),
        Ran(markt::Result<day::Version>),
    }
    let done = rounds(
        &shared,
        3,
        ROUNDS,
        |store, round| {
            let day = wednesday(round as u64);
            let draft = day::run(store, &senior, clerk_time(day), market, day).expect("the first run of the day");
            (day, draft)
        },
        |store, desk, _, (day, draft)| {
            if desk == 0 {
                Answer::Published(day::publish(store, &senior, clerk_time(*day), draft.id))
            } else {
                Answer::Ran(day::run(store, &senior, clerk_time(*day), market, *day))
            }
        },
    );

    let mut problems = Vec::new();
    let mut outcomes = BTreeMap::new();
    for r in &done {
        let (day, draft) = &r.setup;
        let mut published = false;
        let mut runs = Vec::new();
        for (desk, answer) in r.desks.iter().enumerate() {
            match answer {
                Answer::Published(Ok(_)) => published = true,
                Answer::Published(Err(Error::Conflict(m))) if m.contains("niet meer de nieuwste") => {}
                Answer::Ran(Ok(v)) => runs.push(v.number),
                Answer::Ran(Err(Error::Conflict(m))) if m.contains("gepubliceerd") => {}
                Answer::Published(Err(e)) | Answer::Ran(Err(e)) => {
                    problems.push(format!("{day}, desk {desk}: neither done nor refused by the rule: {e}"))
                }
            }
        }
        *outcomes.entry(if published { "published first" } else { "runs first" }).or_insert(0) += 1;
        if published && !runs.is_empty() {
            problems
                .push(format!("{day}: version {} was published and runs still made versions {runs:?}", draft.number));
        }
        if !published && runs.len() != 2 {
            problems.push(format!("{day}: the publish was refused, yet {} runs were stored", runs.len()));
        }
        let versions = day::versions(&mut f.store, &f.admin, market, *day).unwrap();
        let numbers: Vec<i64> = versions.iter().map(|v| v.number).collect();
        let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
        if numbers != expected {
            problems.push(format!("{day}: version numbers {numbers:?}"));
        }
        let current = day::current(&mut f.store, &f.admin, market, *day).unwrap().expect("allocated").version;
        let last_published = versions.iter().rev().find(|v| v.state == AllocationState::Published);
        if let Some(p) = last_published
            && p.id != current.id
        {
            problems.push(format!(
                "{day}: version {} is published but version {} (a run's draft) is the current one",
                p.number, current.number
            ));
        }
        if versions.len() != 1 + runs.len() {
            problems.push(format!("{day}: {} versions stored, {} runs answered", versions.len(), runs.len()));
        }
    }
    assert_none("publishing and running one day at once", &problems);
    assert_eq!(outcomes.values().sum::<i32>(), ROUNDS as i32, "{outcomes:?}");
}

// ── 6. Each invoice line exported once ───────────────────────────────────────────────────

/// A finance batch takes the lines of its period that no batch took before. Two batches for
/// overlapping periods started at the same moment: both are made, no line is in both, and
/// together they hold every invoice line of their days once.
#[test]
fn overlapping_finance_batches_export_each_line_once() {
    const ROUNDS: usize = 8;
    let shared = Shared::new();
    let mut f = shared.fixture();
    let sup = f.supervisor.clone();
    let fin = f.finance.clone();
    let forms: Vec<PermitInput> = [f.holder, f.applicant, f.stranger]
        .into_iter()
        .map(|v| PermitInput { override_reason: Some("proef: finance".into()), ..f.permit_input(v) })
        .collect();
    let done = rounds(
        &shared,
        2,
        ROUNDS,
        |store, round| {
            // Three market days of this round, with permits on each.
            let days: Vec<NaiveDate> = (0..3).map(|i| wednesday(3 * round as u64 + i)).collect();
            for day in &days {
                for form in &forms {
                    permit::issue(store, &sup, morning(*day), &PermitInput { day: *day, ..form.clone() })
                        .expect("a permit of the round");
                }
            }
            days
        },
        |store, desk, _, days| {
            // Overlapping periods: the first two days, and the last two.
            let (from, until) = if desk == 0 { (days[0], days[1]) } else { (days[1], days[2]) };
            let request = FinanceRequest { from, until, markets: vec![], dialect: Dialect::Rfc };
            finance::finance(store, &fin, at(&days[2].to_string(), 18), &request, &mut Vec::new(), &mut Silent)
        },
    );

    let mut problems = Vec::new();
    let mut numbers = BTreeSet::new();
    for r in &done {
        let days = &r.setup;
        // Every invoice line of the round's days, as (invoice number, label).
        let mut lines = BTreeSet::new();
        for day in days {
            for p in permit::of_market_day(&mut f.store, &f.admin, f.market, *day).unwrap() {
                for l in permit::lines(&mut f.store, &f.admin, p.id).unwrap() {
                    lines.insert((p.invoice_number.clone(), l.label));
                }
            }
        }
        let mut exported: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (desk, answer) in r.desks.iter().enumerate() {
            match answer {
                Ok(batch) => {
                    if !numbers.insert(batch.number) {
                        problems.push(format!("{}: batch number {} made twice", days[0], batch.number));
                    }
                    for l in finance::batch_lines(&mut f.store, &fin, batch.number).unwrap() {
                        if l.sign != 1 {
                            problems.push(format!("batch {}: an unexpected negative line", batch.number));
                        }
                        *exported.entry((l.invoice_number, l.label)).or_default() += 1;
                    }
                }
                Err(e) => problems.push(format!("{}, desk {desk}: the batch was not made: {e}", days[0])),
            }
        }
        for (line, times) in &exported {
            if *times != 1 {
                problems.push(format!("{line:?} exported {times} times"));
            }
        }
        let exported: BTreeSet<_> = exported.into_keys().collect();
        if exported != lines {
            let missing: Vec<_> = lines.difference(&exported).collect();
            let extra: Vec<_> = exported.difference(&lines).collect();
            problems
                .push(format!("{}: lines not exported {missing:?}, exported but not of these days {extra:?}", days[0]));
        }
    }
    assert_none("two finance batches at once", &problems);
    assert_eq!(numbers, (1..=2 * ROUNDS as i64).collect::<BTreeSet<_>>());
}

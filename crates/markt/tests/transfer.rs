//! `markt migrate` (issue 18, moving an office): the demo city, with what the demo itself
//! does not make (a published allocation, a drawn sample, two finance batches of which the
//! second takes a voided permit back), copied from SQLite into a new PostgreSQL database:
//! every table's rows equal, the proof clean, a batch's file the same bytes from both sides;
//! and a target that is not empty, or not PostgreSQL, refused and left as it was.
//!
//! The PostgreSQL part runs when `MARKTKANTOOR_TEST_POSTGRES` names a server
//! (`markt::db::testing::postgres()`); without one, the refusals that need no server run.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use markt::db::testing;
use markt::db::transfer::{self, TransferReport};
use markt::demo::{self, DemoConfig};
use markt::export::Dialect;
use markt::export::finance::{self, FinanceRequest};
use markt::ids::PermitId;
use markt::progress::Silent;
use markt::{Store, account, market, permit};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-27";

/// Every table's rows as text, sorted: the whole database as a value to compare. The
/// PostgreSQL schema's own bookkeeping (`marktkantoor_schema`) is not the office's data.
fn rows_as_text(store: &Store) -> BTreeMap<String, Vec<String>> {
    markt::db::testing::table_rows(store)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The demo city in memory, plus a published allocation, a sample and two finance batches
/// (the second with the negative lines of a permit voided after the first); the bytes of
/// batch 2 as they were first written.
fn office() -> (Store, Vec<u8>) {
    let mut store = Store::open_in_memory().unwrap();
    demo::build(&mut store, &DemoConfig { seed: 1, today: d(TODAY) }).unwrap();
    let now = markt::time::at_local(d(TODAY), NaiveTime::from_hms_opt(19, 0, 0).unwrap());
    let admin = account::login(&mut store, "beheer", "beheer-2026", now).unwrap();

    let ac = market::by_code(&mut store, &admin, "AC").unwrap();
    let next = d(TODAY).iter_days().skip(1).find(|day| ac.is_held_on(*day)).unwrap();
    let version = markt::allocation::day::run(&mut store, &admin, now, ac.id, next).unwrap();
    markt::allocation::day::publish(&mut store, &admin, now, version.id).unwrap();

    let last: String = store
        .conn()
        .query_row("SELECT max(day) FROM daily_permit WHERE market_id = ?1", [ac.id.0], |r| r.get(0))
        .unwrap();
    markt::sample::draw_sample(&mut store, &admin, now, ac.id, d(&last), 7).unwrap();

    let mut out = Vec::new();
    let october =
        FinanceRequest { from: d("2026-10-01"), until: d("2026-10-31"), markets: vec![], dialect: Dialect::Nl };
    finance::finance(&mut store, &admin, now, &october, &mut out, &mut Silent).unwrap();
    let exported: i64 = store
        .conn()
        .query_row(
            "SELECT min(p.id) FROM daily_permit p
             WHERE p.day BETWEEN '2026-10-01' AND '2026-10-31'
               AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    permit::void(&mut store, &admin, now, PermitId(exported), "dubbel uitgegeven").unwrap();
    let mut second = Vec::new();
    let november =
        FinanceRequest { from: d("2026-11-01"), until: d("2026-11-26"), markets: vec![], dialect: Dialect::Rfc };
    finance::finance(&mut store, &admin, now, &november, &mut second, &mut Silent).unwrap();

    // What the copy has to get past: rows of a published version, a negative line whose
    // positive line is in an earlier batch.
    assert!(count(&store, "SELECT count(*) FROM allocation WHERE state = 'gepubliceerd'") >= 1);
    assert!(count(&store, "SELECT count(*) FROM allocation_result") > 0);
    assert!(count(&store, "SELECT count(*) FROM finance_batch_line WHERE sign = -1") > 0);
    assert!(count(&store, "SELECT count(*) FROM control_sample_pool") > 0);
    (store, second)
}

fn assert_proved(r: &TransferReport) {
    assert!(r.counts_equal(), "counts: {:?}", r.tables.iter().filter(|t| !t.ok()).collect::<Vec<_>>());
    assert!(r.rows_equal(), "rows: {:?}", r.tables.iter().filter(|t| !t.same_rows).collect::<Vec<_>>());
    assert!(r.checks_ok(), "markt check: {:?} / {:?}", r.source_check, r.target_check);
    assert!(r.batches_equal(), "batches: {:?} {:?}", r.batches, r.batch_problems);
    assert!(r.ok());
}

#[test]
fn the_demo_office_moves_to_postgres_whole() {
    let Some(_) = testing::postgres() else {
        // Without a server: a SQLite target is refused, whatever the source holds.
        let mut from = Store::open_in_memory().unwrap();
        let mut to = Store::open_in_memory().unwrap();
        let e = transfer::copy_all(&mut from, &mut to, &mut Silent).unwrap_err().to_string();
        assert!(e.contains("naar een lege PostgreSQL-database"), "{e}");
        return;
    };
    let (mut from, batch_bytes) = office();
    let before = rows_as_text(&from);
    let mut to = testing::fresh_store();

    let r = transfer::copy_all(&mut from, &mut to, &mut Silent).unwrap();
    assert_proved(&r);
    let tables = from.conn().table_names().unwrap();
    assert_eq!(r.tables.len(), tables.len(), "every table of the file");
    assert_eq!(r.rows, before.values().map(|rows| rows.len() as u64).sum::<u64>());
    assert_eq!(r.batches.iter().map(|b| b.number).collect::<Vec<_>>(), [1, 2]);
    assert!(r.notes.iter().any(|n| n.starts_with("allocation:")), "{:?}", r.notes);

    // The rows, table by table, cell by cell: the same on both sides, and the file unchanged.
    let after = rows_as_text(&from);
    assert_eq!(before, after, "the copy only reads the file");
    let copied = rows_as_text(&to);
    assert_eq!(copied.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>());
    for (table, rows) in &before {
        assert_eq!(rows.len(), copied[table].len(), "{table}: row count");
        assert!(rows == &copied[table], "{table}: the rows differ");
    }

    // The ids go on where SQLite's would: the next id after the highest copied.
    let next: i64 =
        to.conn().query_row("SELECT nextval(pg_get_serial_sequence('daily_permit', 'id'))", [], |r| r.get(0)).unwrap();
    assert_eq!(next, count(&from, "SELECT max(id) FROM daily_permit") + 1);

    // Batch 2 written again from PostgreSQL, by the export itself: the bytes of the day it
    // was made.
    let now = markt::time::at_local(d(TODAY), NaiveTime::from_hms_opt(20, 0, 0).unwrap());
    let finance_clerk = account::login(&mut to, "financien", "financien-2026", now).unwrap();
    let mut again = Vec::new();
    finance::rerun(&mut to, &finance_clerk, 2, &mut again, &mut Silent).unwrap();
    assert!(!again.is_empty());
    assert!(again == batch_bytes, "batch 2 from PostgreSQL differs from the file first written");

    // A second copy into the now filled database is refused, and changes nothing.
    let filled = rows_as_text(&to);
    let e = transfer::copy_all(&mut from, &mut to, &mut Silent).unwrap_err().to_string();
    assert!(e.contains("niet leeg") && e.contains("vendor 1500"), "{e}");
    assert!(rows_as_text(&to) == filled, "a refused copy leaves the target as it was");
}

#[test]
fn a_database_that_is_not_empty_is_refused_and_left_unchanged() {
    let mut from = Store::open_in_memory().unwrap();
    let now = markt::time::at_local(d(TODAY), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    account::create_first_admin(&mut from, now, &mut rand::rng(), "beheer", "Beheer", "een-lang-wachtwoord").unwrap();
    // On SQLite, or on the test run's PostgreSQL: a database with an account in it.
    let mut to = testing::fresh_store();
    account::create_first_admin(&mut to, now, &mut rand::rng(), "andere", "Andere", "een-ander-wachtwoord").unwrap();
    let (source, target) = (rows_as_text(&from), rows_as_text(&to));

    let e = transfer::copy_all(&mut from, &mut to, &mut Silent).unwrap_err().to_string();
    if testing::postgres().is_some() {
        assert!(e.contains("niet leeg") && e.contains("account 1"), "{e}");
    } else {
        assert!(e.contains("PostgreSQL"), "{e}");
    }
    assert!(rows_as_text(&to) == target, "the target is as it was");
    assert!(rows_as_text(&from) == source, "the source is as it was");
}

#[test]
fn the_source_must_be_a_sqlite_file() {
    // The target first: PostgreSQL when the test run has one, else the refusal names the
    // target too. Either way nothing is copied from a store that is not SQLite.
    let mut from = testing::fresh_store();
    let mut to = testing::fresh_store();
    let e = transfer::copy_all(&mut from, &mut to, &mut Silent).unwrap_err().to_string();
    if testing::postgres().is_some() {
        assert!(e.contains("uit een SQLite-bestand"), "{e}");
    } else {
        assert!(e.contains("naar een lege PostgreSQL-database"), "{e}");
    }
}

//! `markt migrate --to postgres://…` (issue 18): the demo city moved from its SQLite file
//! into a new PostgreSQL database, the proof printed, and the moved office's finance batch
//! written again from PostgreSQL byte for byte. Runs on the server that
//! `MARKTKANTOOR_TEST_POSTGRES` names; without one, the refusals that need no server.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use markt::db::testing;

fn markt() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_markt"));
    c.env_remove("MARKTKANTOOR_DB").env_remove("MARKTKANTOOR_NOW");
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("markt runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `markt export finance` as the demo's finance clerk, on the database `db`.
fn finance(db: &Path, args: &[&str], output: &Path) -> Output {
    let mut cmd = markt();
    cmd.arg("--db").arg(db).args(["export", "finance", "--user", "financien"]).args(args).arg("-o").arg(output);
    run(cmd.env("MARKTKANTOOR_PASSWORD", "financien-2026"))
}

#[test]
fn migrate_refuses_what_it_cannot_move() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nergens.sqlite");
    let refused = |out: Output, words: &str| {
        assert!(!out.status.success(), "must fail: {}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(err.contains(words), "{err}");
    };
    // The target must be a PostgreSQL URL; the source an existing SQLite file.
    refused(
        run(markt().arg("--db").arg(&missing).args(["migrate", "--to"]).arg(dir.path().join("b.sqlite"))),
        "postgres://",
    );
    refused(
        run(markt().arg("--db").arg(&missing).args(["migrate", "--to", "postgres://localhost/leeg"])),
        "bestaat niet",
    );
    assert!(!missing.exists(), "a refused migrate makes no file");
    refused(
        run(markt().args(["--db", "postgres://localhost/bron", "migrate", "--to", "postgres://localhost/doel"])),
        "SQLite-bestand",
    );
}

#[test]
fn migrate_moves_the_demo_into_postgres_and_proves_it() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_) = testing::postgres() else {
        // Without a server: a target that is a file is refused before anything is read.
        let out =
            run(markt().args(["--db", "demo.sqlite", "migrate", "--to", "kantoor.sqlite"]).current_dir(dir.path()));
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("geef een PostgreSQL-database"), "{}", text(&out.stderr));
        assert!(!dir.path().join("demo.sqlite").exists() && !dir.path().join("kantoor.sqlite").exists());
        return;
    };
    let db = common::demo_file_in(dir.path());
    let first = dir.path().join("batch-1.csv");
    let out = finance(&db, &["--from", "2026-10-01", "--to", "2026-10-31"], &first);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = std::fs::read(&db).unwrap();

    let target = testing::fresh_location(dir.path(), "unused");
    let url = target.to_str().unwrap();
    let out = run(markt().arg("--db").arg(&db).args(["migrate", "--to", url]));
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    for line in [
        "Aantallen per tabel   in orde",
        "Rijen per tabel       in orde",
        "Check SQLite          in orde",
        "Check PostgreSQL      in orde",
        "Financebatches        1 van 1 byte voor byte gelijk: in orde",
        "Alles in orde",
    ] {
        assert!(stdout.contains(line), "{line:?} missing in:\n{stdout}");
    }
    assert!(stdout.contains("rijen per seconde"), "{stdout}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is only read");

    // The office on PostgreSQL: its batch written again, byte for byte the first file.
    let again = dir.path().join("batch-1-pg.csv");
    let out = finance(&target, &["--rerun", "1"], &again);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&first).unwrap());

    // Once more into the same database: refused, with a non-zero exit.
    let out = run(markt().arg("--db").arg(&db).args(["migrate", "--to", url]));
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("niet leeg"), "{}", text(&out.stderr));
}

//! The `markt` binary as people and scripts use it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn markt() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_markt"));
    c.env_remove("MARKTKANTOOR_DB");
    c
}

fn fee_case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../markt/tests/fee_cases").join(name)
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("markt runs")
}

#[test]
fn quote_answers_the_worked_example_of_fees_md() {
    let out = run(markt().arg("quote").arg(fee_case("worked_example.case.json")));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = json(&std::fs::read(fee_case("worked_example.answer.json")).unwrap());
    assert_eq!(json(&out.stdout), expected);
    assert_eq!(json(&out.stdout)["total_incl"], "20.34");
}

#[test]
fn quote_reads_standard_input() {
    use std::io::Write;
    let mut child = markt()
        .args(["quote", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let case = std::fs::read(fee_case("worked_example.case.json")).unwrap();
    child.stdin.take().unwrap().write_all(&case).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(json(&out.stdout)["plan"], "Lineair 2026");
}

#[test]
fn quote_errors_are_json_on_stderr_with_a_non_zero_exit() {
    let check = |case: PathBuf, code: &str| {
        let out = run(markt().arg("quote").arg(&case));
        assert!(!out.status.success(), "{} must fail", case.display());
        assert!(out.stdout.is_empty(), "nothing on stdout for an error");
        let err = json(&out.stderr);
        assert_eq!(err["error"]["code"], code, "{err}");
        assert!(err["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        err
    };
    let err = check(fee_case("no_tariff_plan.case.json"), "no_tariff_plan");
    assert!(err["error"]["message"].as_str().unwrap().contains("2026-03-02"));
    let err = check(fee_case("bad_money.case.json"), "invalid_case");
    assert!(err["error"]["message"].as_str().unwrap().contains("plans[0].rates.cleaning"));
    check(fee_case("unknown_product.case.json"), "unknown_product");
    check(PathBuf::from("/does/not/exist.json"), "io");
}

#[test]
fn demo_then_check_is_clean_and_db_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let out = run(markt().args(["demo", "--seed", "1", "--today", "2026-11-27"]).env("MARKTKANTOOR_DB", &db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["AC", "DAP", "NOM", "WGM", "beheer-2026", "toezicht-2026", "Dagvergunningen"] {
        assert!(text.contains(word), "summary lacks {word}:\n{text}");
    }
    assert!(db.exists());
    let out = run(markt().arg("--db").arg(&db).arg("check"));
    assert!(out.status.success(), "check failed:\n{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Alles in orde"));

    // A second demo into the same file is refused unless --force.
    let out = run(markt().arg("--db").arg(&db).args(["demo", "--today", "2026-11-27"]));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
}

#[test]
fn check_refuses_a_newer_database_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.sqlite");
    markt::Store::open(&db).unwrap();
    {
        let c = rusqlite_conn(&db);
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
        c.pragma_update(None, "user_version", 42).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = run(markt().arg("--db").arg(&db).arg("check"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("42") && err.contains(&markt::db::schema_version().to_string()), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

fn rusqlite_conn(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

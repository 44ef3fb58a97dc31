//! The office server under load, bounded for CI (BENCHMARKS.md and RELIABILITY.md have the
//! long runs: 30 desks and 10 readers for 60 s, and the same with a kill):
//! `markt-harness load` starts `markt serve` on a test database of its own on 127.0.0.1
//! (a fixed clock, fixed seeds), desks issue permits as a clerk does while readers read the
//! day view, and afterwards every permit a desk saw confirmed must be in the file and
//! `markt check` must hold. The second test kills the server with SIGKILL in the middle and
//! starts it again on the same file and port.
//!
//! The server is the `markt` binary beside the harness in the same target folder: `cargo
//! test --workspace` builds it (markt-cli has tests of its own); for this crate's tests
//! alone, `cargo build -p markt-cli` first.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn markt() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_BIN_EXE_markt-harness"))
        .with_file_name(format!("markt{}", std::env::consts::EXE_SUFFIX));
    assert!(path.is_file(), "{} is missing: build it first (cargo build -p markt-cli)", path.display());
    path
}

/// Runs `markt-harness load --json` with `args`, answering its report.
fn load(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_markt-harness"))
        .arg("load")
        .arg("--markt")
        .arg(markt())
        .args(["--json", "--seed", "7"])
        .args(args)
        .output()
        .expect("the harness runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no report ({e}):\n{}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(report["errors"], 0, "errors: {:#}\n{stderr}", report["error_samples"]);
    assert!(out.status.success(), "{report:#}\n{stderr}");
    report
}

/// What must hold after every run: permits issued by every desk, every command answered,
/// nothing confirmed lost, no vendor twice on a day, every permit whole, `markt check`.
fn assert_sound(report: &Value) {
    let permits = report["permits"].as_u64().unwrap();
    assert!(permits > 0, "{report:#}");
    for command in ["login", "find_vendor", "open_counter", "preview_permit", "issue_permit", "day_view"] {
        assert!(report["commands"][command]["count"].as_u64().unwrap_or(0) > 0, "{command}: {report:#}");
    }
    let verify = &report["verify"];
    assert_eq!(verify["lost"], serde_json::json!([]), "confirmed permits lost");
    assert_eq!(verify["doubled"], serde_json::json!([]), "a vendor with two permits on a day");
    assert_eq!(verify["partial"], 0, "permits without their lines, payment or audit row");
    assert_eq!(verify["integrity"], "ok");
    assert_eq!(verify["check_passed"], true, "markt check: {}", verify["check_output"]);
    let stored = verify["stored"].as_u64().unwrap();
    let heard = permits + report["recovered"].as_u64().unwrap();
    // Only an issue still in doubt when the run ended can be stored unheard.
    assert_eq!(stored, heard + verify["unheard"].as_u64().unwrap());
    assert!(verify["unheard"].as_u64().unwrap() <= report["in_doubt_at_end"].as_u64().unwrap(), "{report:#}");
    assert_eq!(report["passed"], true);
}

#[test]
fn desks_and_readers_on_the_office_server_lose_nothing() {
    let report = load(&["--desks", "4", "--readers", "2", "--seconds", "5"]);
    assert_sound(&report);
    assert_eq!(report["unreachable"], 0);
    assert_eq!(report["verify"]["unheard"], 0);
}

#[test]
fn a_server_killed_mid_run_loses_no_confirmed_permit_and_its_desks_carry_on() {
    // Killed 2 s into the run, down for 1 s, then 3 s more on the restarted server.
    let report = load(&["--desks", "4", "--readers", "2", "--seconds", "6", "--kill-at", "2", "--down-for", "1"]);
    assert_sound(&report);
    let kills = report["kills"].as_array().unwrap();
    assert_eq!(kills.len(), 1, "{report:#}");
    // Every desk and reader found the server gone ("Server niet bereikbaar": any other
    // answer, or that one while the server ran, would be an error), logged in again on the
    // restarted server and went on working.
    assert_eq!(report["desks_unreachable"], 4, "{report:#}");
    assert_eq!(report["readers_unreachable"], 2, "{report:#}");
    assert!(report["relogins"].as_u64().unwrap() >= 6, "{report:#}");
    assert!(report["permits_after_restart"].as_u64().unwrap() > 0, "{report:#}");
}

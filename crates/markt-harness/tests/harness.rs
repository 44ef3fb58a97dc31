//! The reliability harnesses, bounded for CI (RELIABILITY.md has a longer run):
//! a permit writer killed with SIGKILL at random moments, and two writers at once.
//! Raise MARKT_CRASH_TRIALS and MARKT_CONCURRENT_WRITES for a longer run.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};

fn harness() -> Command {
    Command::new(env!("CARGO_BIN_EXE_markt-harness"))
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn prepare(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("harnas.sqlite");
    let status = harness().arg("prepare").arg(&db).status().expect("prepare runs");
    assert!(status.success(), "prepare failed");
    db
}

/// What must hold after any interruption: the file is sound, every permit is whole, and
/// every permit the writer reported as committed is there.
fn assert_sound(db: &Path, committed: &BTreeSet<i64>) -> usize {
    let c = rusqlite::Connection::open(db).expect("the database opens after a kill");
    let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let fk: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "no dangling references");
    let partial: i64 = c
        .query_row(
            "SELECT count(*) FROM daily_permit p WHERE
                 NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.permit_id = p.id)
              OR NOT EXISTS (SELECT 1 FROM payment y WHERE y.permit_id = p.id)
              OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'daily_permit'
                             AND a.entity_id = CAST(p.id AS TEXT) AND a.action = 'permit.issue')
              OR (SELECT sum(incl_cents) FROM invoice_line l WHERE l.permit_id = p.id)
                 <> (SELECT sum(amount_cents) FROM payment y WHERE y.permit_id = p.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(partial, 0, "every permit has its lines, its payment and its audit row");
    let stored: BTreeSet<i64> = c
        .prepare("SELECT id FROM daily_permit")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let lost: Vec<_> = committed.difference(&stored).collect();
    assert!(lost.is_empty(), "committed permits lost: {lost:?}");
    stored.len()
}

#[test]
fn a_writer_killed_at_random_moments_never_leaves_a_partial_permit() {
    let trials = env_number("MARKT_CRASH_TRIALS", 30);
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path());
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    let mut committed = BTreeSet::new();
    let mut kills_mid_write = 0;
    for trial in 0..trials {
        let mut child = harness()
            .arg("write")
            .arg(&db)
            .args(["--count", "100000", "--offset", &trial.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the writer starts");
        let stdout = child.stdout.take().unwrap();
        // Read its reports on a thread while the main thread picks the moment to kill.
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ok ").and_then(|n| n.parse::<i64>().ok()))
                .collect::<Vec<_>>()
        });
        // Logging in takes a moment (Argon2); kill anywhere from before the first permit
        // to well into the writing.
        std::thread::sleep(Duration::from_millis(rng.random_range(20..400)));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        let ids = reader.join().unwrap();
        if !ids.is_empty() {
            kills_mid_write += 1;
        }
        committed.extend(ids);
        assert_sound(&db, &committed);
    }
    eprintln!("{trials} kills, {kills_mid_write} while writing, {} permits committed", committed.len());
    assert!(kills_mid_write > trials / 2, "most kills must land while permits are being written");
}

#[test]
fn two_writers_at_once_lose_nothing_and_never_see_locked() {
    let writes = env_number("MARKT_CONCURRENT_WRITES", 1500);
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path());
    let started = Instant::now();
    let spawn = |offset: usize| {
        harness()
            .arg("write")
            .arg(&db)
            .args(["--count", &writes.to_string(), "--offset", &offset.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("a writer starts")
    };
    let (a, b) = (spawn(0), spawn(100));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for out in [&a, &b] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a writer failed: {err}");
        assert!(!err.to_lowercase().contains("locked") && !err.contains("busy"), "{err}");
    }
    let ids = |o: &std::process::Output| -> BTreeSet<i64> {
        String::from_utf8_lossy(&o.stdout).lines().filter_map(|l| l.strip_prefix("ok ")?.parse().ok()).collect()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!((ia.len(), ib.len()), (writes, writes), "each writer committed all its permits");
    assert!(ia.is_disjoint(&ib));
    let all: BTreeSet<i64> = ia.union(&ib).copied().collect();
    let stored = assert_sound(&db, &all);
    assert_eq!(stored, 2 * writes);
    eprintln!("{} permits by two writers in {:.1} s", stored, started.elapsed().as_secs_f64());
}

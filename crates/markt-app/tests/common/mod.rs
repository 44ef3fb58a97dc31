//! What the command layer's integration tests share: the demo city, built once per test
//! file (a build takes a while in a debug test run) and copied for each test, so that tests
//! stay independent of each other and of the order they run in.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use markt::demo::{self, DemoConfig};

/// The demo city (seed 1, up to Friday 27 November 2026), copied into `dir`.
pub fn demo_in(dir: &Path) -> PathBuf {
    static CITY: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, city) = CITY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.sqlite");
        let mut store = markt::Store::open(&path).unwrap();
        demo::build(&mut store, &DemoConfig { seed: 1, today: "2026-11-27".parse().unwrap() }).unwrap();
        // One file to copy: the last connection's close folds the write-ahead log in.
        drop(store);
        (dir, path)
    });
    // A file copy, or on a test run with PostgreSQL a database cloned from the city.
    markt::db::testing::copy_of(city, dir)
}

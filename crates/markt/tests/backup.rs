//! Backups, restore and the audit-log viewer.

mod common;

use common::*;
use markt::audit;
use markt::backup;
use markt::vendor;
use markt::{Error, Store};

fn file_fixture(dir: &std::path::Path) -> Fixture {
    fixture_in(Store::open(&dir.join("markt.sqlite")).unwrap())
}

fn vendors(path: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM vendor", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_backup_holds_what_was_committed_even_before_a_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = file_fixture(dir.path());
    let senior = f.senior.clone();
    vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("2222222222", "Nieuw")).unwrap();
    // The write sits in the WAL file; a plain copy of markt.sqlite would miss it.
    assert!(dir.path().join("markt.sqlite-wal").metadata().unwrap().len() > 0);
    let dest = dir.path().join("backups").join("handmatig.sqlite");
    let made = backup::make(&mut f.store, &senior, at(DAY, 10), &dest).unwrap();
    assert_eq!(made.path, dest);
    assert_eq!(vendors(&dest), 4);
    let v = backup::verify(&dest).unwrap();
    assert_eq!(v.schema_version, markt::db::schema_version());
    assert!(
        matches!(backup::make(&mut f.store, &senior, at(DAY, 10), &dest), Err(Error::Conflict(_))),
        "never overwrites"
    );
    let sup = f.supervisor.clone();
    let other = dir.path().join("b.sqlite");
    assert!(matches!(backup::make(&mut f.store, &sup, at(DAY, 10), &other), Err(Error::Forbidden { .. })));
}

#[test]
fn daily_backups_one_per_day_keeping_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = file_fixture(dir.path());
    let backups = dir.path().join("backups");
    for (i, day) in ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"].iter().enumerate() {
        let made = backup::daily(&mut f.store, at(day, 8), &backups, 3).unwrap();
        assert!(made.is_some(), "day {i} gets its backup");
        assert!(backup::daily(&mut f.store, at(day, 12), &backups, 3).unwrap().is_none(), "one a day");
    }
    let mut names: Vec<String> =
        backup::list(&backups).unwrap().iter().map(|b| b.path.file_name().unwrap().to_string_lossy().into()).collect();
    names.sort();
    assert_eq!(
        names,
        ["marktkantoor-2026-03-03.sqlite", "marktkantoor-2026-03-04.sqlite", "marktkantoor-2026-03-05.sqlite"]
    );
}

#[test]
fn verify_refuses_damaged_foreign_and_newer_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = file_fixture(dir.path());
    let senior = f.senior.clone();
    let good = dir.path().join("good.sqlite");
    backup::make(&mut f.store, &senior, at(DAY, 10), &good).unwrap();

    let damaged = dir.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&good).unwrap();
    // Scribble over the middle third of the file, past the header and the schema: a few
    // pages could be free ones, whose damage no check sees, but not a third of the file.
    let (from, to) = (bytes.len() / 3, 2 * bytes.len() / 3);
    for b in &mut bytes[from..to] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let err = backup::verify(&damaged).unwrap_err();
    assert_eq!(err.code(), "conflict", "a damaged backup is the clerk's to handle, not a fault: {err}");
    assert!(err.to_string().contains("beschadigd"), "{err}");

    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE x (a);").unwrap();
    assert_eq!(backup::verify(&foreign).unwrap_err().code(), "foreign_database");

    let newer = dir.path().join("newer.sqlite");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    assert_eq!(backup::verify(&newer).unwrap_err().code(), "schema_too_new");
}

#[test]
fn only_the_backups_folder_s_own_files_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = file_fixture(dir.path());
    let senior = f.senior.clone();
    let folder = backup::dir_of(&f.store).unwrap();
    let made = backup::make(&mut f.store, &senior, at(DAY, 10), &folder.join("handmatig.sqlite")).unwrap();
    assert_eq!(backup::listed(&f.store, &made.path).unwrap(), made.path);
    // A file elsewhere, however good, and a path that leaves the folder, are not backups.
    let elsewhere = dir.path().join("elders.sqlite");
    backup::make(&mut f.store, &senior, at(DAY, 10), &elsewhere).unwrap();
    for path in [elsewhere.clone(), folder.join("../elders.sqlite"), "/etc/passwd".into()] {
        assert_eq!(backup::listed(&f.store, &path).unwrap_err().code(), "not_found", "{}", path.display());
    }
}

/// On the engine of the test run: a SQLite file, or a PostgreSQL database (`pg_dump`
/// backups, `pg_restore` in one transaction).
#[test]
fn restore_puts_the_backup_back_after_a_safety_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture_in(Store::open(&markt::db::testing::fresh_location(dir.path(), "markt.sqlite")).unwrap());
    let ext = backup::extension(&f.store);
    let (senior, admin) = (f.senior.clone(), f.admin.clone());
    let saved = dir.path().join(format!("voor.{ext}"));
    backup::make(&mut f.store, &senior, at(DAY, 10), &saved).unwrap();
    let v = backup::verify(&saved).unwrap();
    assert_eq!((v.schema_version, v.permits), (markt::db::schema_version(), 0), "{v:?}");
    vendor::create(&mut f.store, &senior, at(DAY, 11), &vendor_input("3333333333", "Later")).unwrap();
    let safety = dir.path().join(format!("veiligheidskopie.{ext}"));
    assert!(matches!(
        backup::restore(&mut f.store, &senior, at(DAY, 12), &saved, &safety),
        Err(Error::Forbidden { action: markt::Action::RestoreBackup, .. })
    ));
    assert!(!safety.exists(), "a refused restore writes nothing");
    let v = backup::restore(&mut f.store, &admin, at(DAY, 12), &saved, &safety).unwrap();
    assert_eq!(v.permits, 0);
    let count =
        |f: &Fixture| -> i64 { f.store.conn().query_row("SELECT count(*) FROM vendor", [], |r| r.get(0)).unwrap() };
    assert_eq!(count(&f), 3, "the vendor made after the backup is gone");
    let rows = audit::for_entity(&mut f.store, &f.admin, "database", "restore").unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].after.as_deref().unwrap().contains("beheer"));
    assert!(markt::check::run(&mut f.store).unwrap().ok());
    // The store stays usable after a restore.
    vendor::create(&mut f.store, &senior, at(DAY, 13), &vendor_input("4444444444", "Daarna")).unwrap();
    // The safety copy keeps what the restore replaced: restored in turn, the vendor made
    // before the first restore is back.
    let again = dir.path().join(format!("tweede-veiligheidskopie.{ext}"));
    backup::restore(&mut f.store, &admin, at(DAY, 14), &safety, &again).unwrap();
    assert_eq!(count(&f), 4, "the safety copy held the vendor made after the backup");
    // A backup of the other engine is refused, and nothing changes.
    let other = dir.path().join("ander.sqlite");
    if f.store.url().is_some() {
        let sqlite = Store::open(&other).unwrap();
        drop(sqlite);
        let r = backup::restore(&mut f.store, &admin, at(DAY, 15), &other, &dir.path().join("x.dump"));
        assert!(matches!(r, Err(Error::Conflict(_)) | Err(Error::Store(_))), "{r:?}");
        assert_eq!(count(&f), 4);
    }
}

/// A new database server, empty: the backup goes in without a login (there is no account
/// yet and nothing to keep); a database with accounts is refused that way.
#[test]
fn a_backup_fills_a_new_empty_database_without_a_login() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture_in(Store::open(&markt::db::testing::fresh_location(dir.path(), "oud.sqlite")).unwrap());
    let senior = f.senior.clone();
    let saved = dir.path().join(format!("kantoor.{}", backup::extension(&f.store)));
    backup::make(&mut f.store, &senior, at(DAY, 10), &saved).unwrap();
    let refused = backup::restore_new(&mut f.store, at(DAY, 11), &saved);
    assert!(matches!(refused, Err(Error::Conflict(_))), "a database with accounts: {refused:?}");
    let mut empty = Store::open(&markt::db::testing::fresh_location(dir.path(), "nieuw.sqlite")).unwrap();
    backup::restore_new(&mut empty, at(DAY, 11), &saved).unwrap();
    assert!(markt::account::any(&mut empty).unwrap(), "the backup's accounts are in");
    let vendors: i64 = empty.conn().query_row("SELECT count(*) FROM vendor", [], |r| r.get(0)).unwrap();
    assert_eq!(vendors, 3);
    assert!(markt::check::run(&mut empty).unwrap().ok());
}

#[test]
fn the_audit_log_viewer_filters_and_pages_for_admins_only() {
    let mut f = fixture();
    let (senior, admin) = (f.senior.clone(), f.admin.clone());
    for n in 0..5 {
        vendor::create(
            &mut f.store,
            &senior,
            at(DAY, 9),
            &vendor_input(&format!("55555555{n:02}"), &format!("Zoek{n}")),
        )
        .unwrap();
    }
    assert!(matches!(
        audit::search(&mut f.store, &senior, &audit::Filter::default(), 0, 10),
        Err(Error::Forbidden { action: markt::Action::ViewAuditLog, .. })
    ));
    let filter = audit::Filter { action: Some("vendor.".into()), account: Some(senior.id()), ..Default::default() };
    let page = audit::search(&mut f.store, &admin, &filter, 0, 4).unwrap();
    assert_eq!(page.total, 8, "3 fixture vendors and 5 more, all by the senior");
    assert_eq!(page.items.len(), 4);
    assert!(page.items[0].entry.id > page.items[1].entry.id, "newest first");
    assert_eq!(page.items[0].username.as_deref(), Some("senior"));
    let text = audit::Filter { text: Some("Zoek3".into()), ..Default::default() };
    let found = audit::search(&mut f.store, &admin, &text, 0, 10).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].entry.action, "vendor.create");
}

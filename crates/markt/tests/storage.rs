//! The database file: migrations, refusal of foreign and newer files, the audit log's
//! transaction and immutability, the financial tables' immutability, and the codes.

mod common;

use common::*;
use markt::code::*;
use markt::db::{self, Store};
use markt::error::StoreError;
use markt::vendor;
use markt::{Error, audit};

fn pragma(store: &Store, name: &str) -> String {
    store
        .conn()
        .as_sqlite()
        .expect("a SQLite store")
        .pragma_query_value(None, name, |r| r.get::<_, rusqlite::types::Value>(0).map(|v| format!("{v:?}")))
        .unwrap()
}

#[test]
fn a_fresh_file_gets_the_whole_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("markt.sqlite");
    let store = Store::open(&path).unwrap();
    assert!(path.exists(), "the folder and the file are created");
    assert_eq!(pragma(&store, "journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma(&store, "foreign_keys"), "Integer(1)");
    assert_eq!(pragma(&store, "user_version"), format!("Integer({})", db::schema_version()));
    let tables: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in [
        "account",
        "audit_log",
        "market",
        "stall_row",
        "stall",
        "stall_property",
        "obstacle",
        "stall_blocked",
        "branch",
        "market_branch",
        "stall_branch",
        "vendor",
        "substitute",
        "registration",
        "registration_stall",
        "registration_product",
        "preference",
        "preference_stall",
        "absence_period",
        "attendance_pattern",
        "attendance",
        "allocation",
        "allocation_assignment",
        "allocation_result",
        "allocation_override",
        "vat_rate",
        "tariff_kind",
        "market_vat_override",
        "product",
        "tariff_plan",
        "tariff_rate",
        "daily_permit",
        "permit_product",
        "permit_void",
        "invoice_line",
        "payment",
        "day_close",
        "control",
        "control_product",
        "control_sample",
        "control_sample_member",
        "violation",
        "ticket",
        "ticket_event",
        "ticket_photo",
        "note",
        "sequence",
        "violation_end",
        "control_removal",
        "office",
    ] {
        assert!(tables.iter().any(|x| x == t), "table {t} missing");
    }
    drop(store);
    // Opening again migrates nothing and keeps the data.
    let store = Store::open(&path).unwrap();
    assert_eq!(pragma(&store, "user_version"), format!("Integer({})", db::schema_version()));
}

#[test]
fn a_version_1_file_is_brought_up_to_date_keeping_its_allocation_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../src/db/migrations/0001_schema.sql")).unwrap();
        c.pragma_update(None, "application_id", db::APPLICATION_ID).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute_batch(
            "INSERT INTO account (id, username, display_name, role, password_hash, created_at)
                 VALUES (1, 'beheer', 'Beheer', 'admin', 'x', '2026-01-01T00:00:00Z');
             INSERT INTO market (id, code, name, kind, weekdays, stall_size_m, max_stalls_per_vendor)
                 VALUES (1, 'WM', 'Markt', 'week', 4, 3, 3);
             INSERT INTO vendor (id, registration_number, surname, status, search_name)
                 VALUES (1, '1957081002', 'Daniëls', 'actief', 'daniels');
             INSERT INTO registration (vendor_id, market_id, list_number, status, registered_on)
                 VALUES (1, 1, 7, 'tvpl', '2010-01-01');
             INSERT INTO allocation (id, market_id, day, version, state, created_by, created_at)
                 VALUES (1, 1, '2026-03-04', 1, 'gepubliceerd', 1, '2026-03-03T14:00:00Z');
             INSERT INTO allocation_result (allocation_id, vendor_id, outcome, reason, explanation)
                 VALUES (1, 1, 'afgewezen', 'MARKET_FULL', 'Markt vol.');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(pragma(&store, "user_version"), format!("Integer({})", db::schema_version()));
    // A file that printed letters before schema 9 keeps the letterhead it printed.
    assert_eq!(markt::office::get(&mut store).unwrap().name, "Gemeente Amsterdam · Marktbureau");
    let row: (String, i64, String, String) = store
        .conn()
        .query_row("SELECT status, list_number, outcome, explanation FROM allocation_result", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(row, ("tvpl".into(), 7, "afgewezen".into(), "Markt vol.".into()));
    assert!(
        store.conn().execute("DELETE FROM allocation_result", []).is_err(),
        "the published version is protected from now on"
    );
}

/// A sample of a file from before the stored size: its pool counts (enforcement, not in
/// person, in person), the size it was drawn with and its seed.
struct OldSample {
    market: i64,
    day: &'static str,
    pool: (usize, usize, usize),
    size: usize,
    seed: u64,
}

#[test]
fn an_older_file_keeps_its_samples_reproducible() {
    use markt::ids::{MarketId, PermitId};
    use markt::sample::{self, Candidate, DrawMethod};
    let old = |market, day, pool, size, seed| OldSample { market, day, pool, size, seed };
    let samples = [
        // Market 1 still has the size of 10 these were drawn with.
        old(1, "2026-03-04", (1, 10, 10), 10, 11),
        old(1, "2026-03-11", (0, 3, 2), 10, 12),
        // Market 2 has 3 now; each was drawn with another size, one per case of the
        // migration: a full sample; the in-person list used up; both used up by the top-up;
        // both used up before it; more enforcement permits than the size.
        old(2, "2026-03-04", (0, 20, 30), 10, 21),
        old(2, "2026-03-05", (0, 20, 1), 10, 22),
        old(2, "2026-03-06", (0, 3, 4), 10, 23),
        old(2, "2026-03-07", (0, 2, 1), 10, 24),
        old(2, "2026-03-08", (4, 5, 5), 2, 25),
        old(2, "2026-03-09", (1, 0, 0), 5, 26),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        // The samples' permits are not in this file; only the sample tables are read.
        c.pragma_update(None, "foreign_keys", "OFF").unwrap();
        for sql in [
            include_str!("../src/db/migrations/0001_schema.sql"),
            include_str!("../src/db/migrations/0002_allocation_versions.sql"),
            include_str!("../src/db/migrations/0003_control_sample_pool.sql"),
            include_str!("../src/db/migrations/0004_finance_batches.sql"),
            include_str!("../src/db/migrations/0005_database_purpose.sql"),
        ] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "application_id", db::APPLICATION_ID).unwrap();
        c.pragma_update(None, "user_version", 5).unwrap();
        // A real hash, so that the reads below can log in.
        let hash = {
            use argon2::PasswordHasher;
            argon2::Argon2::default().hash_password_with_salt(b"lang genoeg", &[7u8; 16]).unwrap().to_string()
        };
        c.execute(
            "INSERT INTO account (id, username, display_name, role, password_hash, created_at)
                 VALUES (1, 'toezicht', 'Toezicht', 'supervisor', ?1, '2026-01-01T00:00:00Z')",
            [hash],
        )
        .unwrap();
        c.execute_batch(
            "INSERT INTO market (id, code, name, kind, weekdays, stall_size_m, max_stalls_per_vendor, sample_size)
                 VALUES (1, 'WM', 'Markt', 'week', 4, 3, 3, 10), (2, 'ZM', 'Zaterdag', 'week', 32, 3, 3, 3);",
        )
        .unwrap();
        for (i, o) in samples.iter().enumerate() {
            let (e, a, p) = o.pool;
            let pool: Vec<Candidate> = (0..e + a + p)
                .map(|k| Candidate { permit: PermitId(k as i64 + 1), enforcement: k < e, in_person: k >= e + a })
                .collect();
            // What the program before this version stored: rand 0.10's draw.
            let members = sample::draw_by(DrawMethod::RandRange, &pool, o.size, o.seed);
            let id = i as i64 + 1;
            c.execute(
                "INSERT INTO control_sample (id, market_id, day, seed, drawn_by, drawn_at)
                 VALUES (?1, ?2, ?3, ?4, 1, '2026-03-01T08:00:00Z')",
                rusqlite::params![id, o.market, o.day, o.seed as i64],
            )
            .unwrap();
            for k in &pool {
                c.execute(
                    "INSERT INTO control_sample_pool (sample_id, permit_id, enforcement, in_person) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![id, k.permit.0, k.enforcement, k.in_person],
                )
                .unwrap();
            }
            for (pos, (permit, reason)) in members.iter().enumerate() {
                c.execute(
                    "INSERT INTO control_sample_member (sample_id, permit_id, reason, position) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![id, permit.0, reason.code(), pos as i64],
                )
                .unwrap();
            }
        }
    }
    let mut store = Store::open(&path).unwrap();
    let reader = markt::account::login(
        &mut store,
        "toezicht",
        "lang genoeg",
        d("2026-03-02").and_hms_opt(9, 0, 0).unwrap().and_utc(),
    )
    .unwrap();
    for o in &samples {
        let stored = sample::history(&mut store, &reader, MarketId(o.market), d(o.day)).unwrap();
        assert_eq!(stored.len(), 1);
        let s = &stored[0];
        assert_eq!(s.method, DrawMethod::RandRange, "drawn before the written-down method");
        assert!(s.reproduces(), "market {} {}: size {} stored, drawn with {}", o.market, o.day, s.size, o.size);
        if o.market == 1 {
            assert_eq!(s.size, o.size, "the market's size, unchanged since the draw");
        }
    }
    let c = store.conn();
    assert!(c.execute("UPDATE control_sample SET sample_size = 1", []).is_err(), "a sample is never edited again");
    let bare = c.execute(
        "INSERT INTO control_sample (market_id, day, seed, drawn_by, drawn_at) VALUES (1, '2026-04-01', 1, 1, 'x')",
        [],
    );
    assert!(bare.unwrap_err().to_string().contains("sample_size"), "a new sample brings its size");
}

#[test]
fn a_newer_schema_is_refused_and_the_file_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite");
    {
        let mut f = fixture_in(Store::open(&path).unwrap());
        let senior = f.senior.clone();
        vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("1111111111", "Nieuwer")).unwrap();
    }
    {
        // A later program version wrote this file; switch it back to a rollback journal so
        // that the file alone is the whole database.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("a newer schema must be refused");
    match &err {
        StoreError::SchemaTooNew { database, program, .. } => {
            assert_eq!(*database, 99);
            assert_eq!(*program, db::schema_version());
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("99") && text.contains(&db::schema_version().to_string()), "{text}");
    assert_eq!(err.code(), "schema_too_new");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the refused file must not change");
    assert!(!dir.path().join("newer.sqlite-wal").exists(), "no WAL file is created for a refused database");
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("a foreign file must be refused");
    assert_eq!(err.code(), "foreign_database", "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_no_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("text.sqlite");
    std::fs::write(&path, b"dit is geen database, maar een boodschappenlijst\n".repeat(100)).unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(Store::open(&path).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn every_mutation_writes_its_audit_row_in_its_own_transaction() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let before = f.audit_rows();
    let id = vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("1234567890", "Geërts")).unwrap();
    assert_eq!(f.audit_rows(), before + 1);
    let rows = audit::for_entity(&mut f.store, &f.admin, "vendor", &id.to_string()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "vendor.create");
    assert_eq!(rows[0].account, Some(senior.id()));
    assert!(rows[0].before.is_none());
    assert!(rows[0].after.as_deref().unwrap().contains("Geërts"));

    // A refused change writes nothing, audit included.
    let err = vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("12345678.90", "Dubbel")).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "registration_number");
    assert_eq!(f.audit_rows(), before + 1);

    // An update keeps before and after.
    let mut input = vendor_input("1234567890", "Geërts");
    input.initials = "B.".into();
    vendor::update(&mut f.store, &senior, at(DAY, 10), id, &input).unwrap();
    let rows = audit::for_entity(&mut f.store, &f.admin, "vendor", &id.to_string()).unwrap();
    assert_eq!(rows[1].action, "vendor.update");
    assert!(rows[1].before.as_deref().unwrap().contains("\"A.\""));
    assert!(rows[1].after.as_deref().unwrap().contains("\"B.\""));
}

#[test]
fn an_audit_row_keeps_the_address_of_the_client_the_store_works_for() {
    let mut f = fixture();
    let senior = f.senior.clone();
    // The desk's own window: no address.
    let own = vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("1234567890", "Eigen")).unwrap();
    // A client of the office server: its address with the row.
    f.store.set_origin(Some("10.0.4.17".into()));
    let remote = vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("1234567891", "Balie")).unwrap();
    f.store.set_origin(None);
    let address = |f: &mut Fixture, id: markt::ids::VendorId| {
        audit::for_entity(&mut f.store, &f.admin.clone(), "vendor", &id.to_string()).unwrap()[0].address.clone()
    };
    assert_eq!(address(&mut f, own), None);
    assert_eq!(address(&mut f, remote).as_deref(), Some("10.0.4.17"));
    let page = audit::search(&mut f.store, &f.admin.clone(), &audit::Filter::default(), 0, 5).unwrap();
    assert_eq!(page.items[0].entry.address.as_deref(), Some("10.0.4.17"), "the viewer reads it too");
}

#[test]
fn an_audit_row_is_rolled_back_with_its_change() {
    let mut f = fixture();
    let before = f.audit_rows();
    let result: markt::Result<()> = f.store.write(|tx| {
        audit::record(tx, None, at(DAY, 9), "test", "test", 1, None::<&()>, Some(&"x"))?;
        Err(Error::Conflict("the change itself fails".into()))
    });
    assert!(result.is_err());
    assert_eq!(f.audit_rows(), before, "the audit row must go with the failed change");
}

#[test]
fn the_audit_log_cannot_be_edited_or_deleted() {
    let f = fixture();
    let c = f.store.conn();
    let update = c.execute("UPDATE audit_log SET action = 'x'", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = c.execute("DELETE FROM audit_log", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert!(f.audit_rows() > 0);
}

#[test]
fn financial_records_cannot_be_edited_or_deleted() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    let id = issue(&mut f, &input);
    let c = f.store.conn();
    for sql in [
        "UPDATE daily_permit SET note = 'x' WHERE id = ?1",
        "DELETE FROM daily_permit WHERE id = ?1",
        "UPDATE invoice_line SET price_cents = 0 WHERE permit_id = ?1",
        "DELETE FROM invoice_line WHERE permit_id = ?1",
        "UPDATE payment SET amount_cents = 0 WHERE permit_id = ?1",
        "DELETE FROM payment WHERE permit_id = ?1",
        "UPDATE permit_product SET requested = 9 WHERE permit_id = ?1",
    ] {
        let r = c.execute(sql, [id.0]);
        assert!(r.is_err(), "{sql} must be refused");
    }
}

/// The CHECK constraint of `table.column` lists exactly the codes of the enum.
fn check_list(store: &Store, table: &str, column: &str) -> Vec<String> {
    let sql: String =
        store.conn().query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0)).unwrap();
    let needle = format!("{column} IN (");
    let start = sql.find(&needle).unwrap_or_else(|| panic!("{table}.{column} has no CHECK list")) + needle.len();
    let end = start + sql[start..].find(')').unwrap();
    let mut codes: Vec<String> =
        sql[start..end].split(',').map(|s| s.trim().trim_matches('\'').to_string()).filter(|s| !s.is_empty()).collect();
    codes.sort();
    codes
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    let mut v: Vec<String> = all.iter().map(|c| code(*c).to_string()).collect();
    v.sort();
    v
}

#[test]
fn the_schema_checks_exactly_the_codes_of_the_program() {
    let store = Store::open_in_memory().unwrap();
    let pairs: Vec<(&str, &str, Vec<String>)> = vec![
        ("account", "role", codes(Role::ALL, Role::code)),
        ("database_purpose", "purpose", codes(markt::clock::Purpose::MARKED, markt::clock::Purpose::code)),
        ("market", "kind", codes(MarketKind::ALL, MarketKind::code)),
        ("stall", "cooking", codes(Cooking::ALL, Cooking::code)),
        ("preference", "cooking", codes(Cooking::ALL, Cooking::code)),
        ("stall_property", "property", codes(StallProperty::ALL, StallProperty::code)),
        ("obstacle", "kind", codes(ObstacleKind::ALL, ObstacleKind::code)),
        ("vendor", "status", codes(VendorStatus::ALL, VendorStatus::code)),
        ("registration", "status", codes(RegistrationStatus::ALL, RegistrationStatus::code)),
        ("daily_permit", "status", codes(PermitStatus::ALL, PermitStatus::code)),
        ("daily_permit", "presence", codes(Presence::ALL, Presence::code)),
        ("control", "presence", codes(Presence::ALL, Presence::code)),
        ("daily_permit", "identified_by", codes(Identification::ALL, Identification::code)),
        ("payment", "method", codes(PaymentMethod::ALL, PaymentMethod::code)),
        ("allocation", "state", codes(AllocationState::ALL, AllocationState::code)),
        ("allocation_result", "reason", codes(RejectionReason::ALL, RejectionReason::code)),
        ("allocation_result", "outcome", codes(AllocationOutcome::ALL, AllocationOutcome::code)),
        ("allocation_result", "status", codes(RegistrationStatus::ALL, RegistrationStatus::code)),
        ("allocation_override", "kind", codes(OverrideKind::ALL, OverrideKind::code)),
        ("control_sample_member", "reason", codes(SampleReason::ALL, SampleReason::code)),
        ("ticket", "decision", codes(TicketDecision::ALL, TicketDecision::code)),
        ("ticket_event", "status", codes(TicketStatus::ALL, TicketStatus::code)),
        ("vat_rate", "vat", codes(VatType::ALL, VatType::code)),
        ("tariff_kind", "vat", codes(VatType::ALL, VatType::code)),
        ("market_vat_override", "vat", codes(VatType::ALL, VatType::code)),
        ("tariff_kind", "unit", codes(TariffUnit::ALL, TariffUnit::code)),
        ("product", "unit", codes(ProductUnit::ALL, ProductUnit::code)),
    ];
    for (table, column, expected) in pairs {
        assert_eq!(check_list(&store, table, column), expected, "{table}.{column}");
    }
}

#[test]
fn passwords_never_reach_the_audit_log() {
    let mut f = fixture();
    // Failed and successful logins, account creation: none may write the password or its hash.
    let _ = markt::account::login(&mut f.store, "senior", "fout-wachtwoord-123", at(DAY, 9));
    markt::account::login(&mut f.store, "senior", PASSWORD, at(DAY, 9)).unwrap();
    let c = f.store.conn();
    let leaks: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE coalesce(before, '') || coalesce(after, '') LIKE '%' || ?1 || '%'
                 OR coalesce(before, '') || coalesce(after, '') LIKE '%fout-wachtwoord%'
                 OR coalesce(before, '') || coalesce(after, '') LIKE '%argon2%'",
            [PASSWORD],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leaks, 0);
    let logins: i64 =
        c.query_row("SELECT count(*) FROM audit_log WHERE action LIKE 'account.login%'", [], |r| r.get(0)).unwrap();
    assert!(logins >= 2, "logins are in the audit log, without the password");
}

#[test]
fn nine_wrong_passwords_lock_until_unlocked() {
    let mut f = fixture();
    for i in 0..8 {
        let e = markt::account::login(&mut f.store, "toezicht", "fout", at(DAY, 9)).unwrap_err();
        assert_eq!(e.code(), "login_failed", "attempt {i}");
    }
    let e = markt::account::login(&mut f.store, "toezicht", "fout", at(DAY, 9)).unwrap_err();
    assert_eq!(e.code(), "account_locked", "the ninth wrong password locks");
    let e = markt::account::login(&mut f.store, "toezicht", PASSWORD, at(DAY, 9)).unwrap_err();
    assert_eq!(e.code(), "account_locked", "even the right password, until unlocked");
    let senior = f.senior.clone();
    let id =
        markt::account::list(&mut f.store, &senior).unwrap().into_iter().find(|a| a.username == "toezicht").unwrap().id;
    markt::account::unlock(&mut f.store, &senior, at(DAY, 10), id).unwrap();
    markt::account::login(&mut f.store, "toezicht", PASSWORD, at(DAY, 10)).unwrap();
}

/// PostgreSQL restarted (an upgrade, a failover): the server ended the store's connection.
/// The next clerk action connects again instead of failing until the program restarts.
#[test]
fn a_store_connects_again_after_the_server_ended_its_connection() {
    let mut f = fixture_in(markt::db::testing::fresh_store());
    let senior = f.senior.clone();
    if let Some(url) = f.store.url().map(str::to_string) {
        let pid: i64 = f.store.conn().query_row("SELECT pg_backend_pid()", [], |r| r.get(0)).unwrap();
        let other = Store::open(std::path::Path::new(&url)).unwrap();
        let ended: bool = other.conn().query_row("SELECT pg_terminate_backend(?1::int)", [pid], |r| r.get(0)).unwrap();
        assert!(ended, "the server ended the store's connection");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("5555555555", "Weer")).unwrap();
    let vendors: i64 = f.store.conn().query_row("SELECT count(*) FROM vendor", [], |r| r.get(0)).unwrap();
    assert_eq!(vendors, 4, "the write after the connection ended is stored");
}

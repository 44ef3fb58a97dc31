//! The imports (reports.md "Imports"): all or nothing, every bad line reported with its
//! line number, column and reason, the encoding and separator detected, an export imported
//! again changes nothing.

mod common;

use std::collections::BTreeMap;

use common::*;
use markt::Store;
use markt::export::Dialect;
use markt::export::lists::{self, ListKind, ListRequest};
use markt::import::{self, Encoding, ImportKind, ImportReport};
use markt::progress::{Progress, Silent};

/// Every table's rows, sorted: compared before and after an import that must change nothing.
fn dump(store: &Store) -> BTreeMap<String, Vec<String>> {
    markt::db::testing::table_rows(store)
}

fn import(f: &mut Fixture, kind: ImportKind, bytes: &[u8], dry_run: bool) -> ImportReport {
    let senior = if kind == ImportKind::Markets { f.admin.clone() } else { f.senior.clone() };
    import::run(&mut f.store, &senior, at(DAY, 12), kind, bytes, dry_run, &mut Silent).unwrap()
}

fn export(f: &mut Fixture, kind: ListKind, dialect: Dialect) -> Vec<u8> {
    let mut out = Vec::new();
    let req = ListRequest { dialect, ..ListRequest::default() };
    lists::list(&mut f.store, &f.admin, kind, &req, &mut out, &mut Silent).unwrap();
    out
}

/// (line, column, reason contains)
fn assert_errors(report: &ImportReport, expected: &[(u64, &str, &str)]) {
    let got: Vec<String> = report.errors.iter().map(|e| format!("{}:{}: {}", e.line, e.column, e.reason)).collect();
    assert_eq!(report.errors.len(), expected.len(), "errors: {got:#?}");
    for (e, (line, column, reason)) in report.errors.iter().zip(expected) {
        assert_eq!((e.line, e.column.as_str()), (*line, *column), "{got:#?}");
        assert!(e.reason.contains(reason), "{}:{}: ‘{}’ lacks ‘{reason}’", e.line, e.column, e.reason);
    }
    assert!(!report.applied);
}

#[test]
fn every_export_of_master_data_imports_again_unchanged() {
    let mut f = fixture();
    let senior = f.senior.clone();
    markt::vendor::add_substitute(&mut f.store, &senior, at(DAY, 9), f.holder, f.applicant, d("2026-01-01"), None)
        .unwrap();
    let before = dump(&f.store);
    for (list, kind) in [
        (ListKind::Markets, ImportKind::Markets),
        (ListKind::Vendors, ImportKind::Vendors),
        (ListKind::Registrations, ImportKind::Registrations),
        (ListKind::Substitutes, ImportKind::Substitutes),
    ] {
        for dialect in Dialect::ALL {
            let bytes = export(&mut f, list, *dialect);
            let report = import(&mut f, kind, &bytes, false);
            assert!(report.is_clean(), "{kind:?} {dialect:?}: {:#?}", report.errors);
            assert!(report.added.is_empty() && report.changed.is_empty(), "{kind:?} {dialect:?}: {report:#?}");
            assert!(!report.unchanged.is_empty());
            let expected = if *dialect == Dialect::Nl { Encoding::Utf8Bom } else { Encoding::Utf8 };
            assert_eq!(report.encoding, Some(expected));
            assert_eq!(report.separator, Some(if *dialect == Dialect::Nl { ';' } else { ',' }));
        }
    }
    assert_eq!(dump(&f.store), before, "importing what was exported changes nothing (no audit rows either)");
}

const MARKETS: &str =
    "market;market_name;kind;weekdays;stall_size_m;max_stalls_per_vendor;row;stall;length_m;properties;branches
NM;Nieuwmarkt;dag;ma,di,wo,do,vr,za;3;2;Oost;1;3;elektra, water;101-AGF
NM;Nieuwmarkt;dag;ma,di,wo,do,vr,za;3;2;Oost;2;;;
NM;Nieuwmarkt;dag;ma,di,wo,do,vr,za;3;2;West;10a;4;hoek;
LM;Lindengracht;week;za;4;3;;;;;
";

const VENDORS: &str = "Erkenningsnummer,Voorletters,Tussenvoegsel,Achternaam,E-mail,Status,Opmerking
20200101.01,K.,de,Vries,k@example.nl,actief,een kolom die niet wordt gelezen
2020010102,L.,,Öztürk,,wachtend,
";

const REGISTRATIONS: &str = "market\tregistration_number\tlist_number\tstatus\tregistered_on\tstalls\tproducts
NM\t20200101.01\t1\tvpl\t01-02-2020\t1 2\tstalls_3m=2
NM\t20200102.02\t2\tsoll\t2021-03-04\t\t
";

#[test]
fn a_clean_file_is_added_then_unchanged_then_changed_line_by_line() {
    let mut f = fixture();
    let before = dump(&f.store);
    // A dry run says what would happen and stores nothing.
    let dry = import(&mut f, ImportKind::Markets, MARKETS.as_bytes(), true);
    assert!(dry.is_clean(), "{:#?}", dry.errors);
    assert_eq!(dry.added, ["NM", "NM 1", "NM 2", "NM 10a", "LM"]);
    assert!(!dry.applied && dry.dry_run);
    assert_eq!(dump(&f.store), before, "a dry run stores nothing");

    let r = import(&mut f, ImportKind::Markets, MARKETS.as_bytes(), false);
    assert!(r.applied && r.added.len() == 5, "{r:#?}");
    let nm = markt::market::by_code(&mut f.store, &f.admin, "NM").unwrap();
    let layout = markt::market::layout(&mut f.store, &f.admin, nm.id).unwrap();
    let stalls: Vec<(String, String, i64)> = layout
        .rows
        .iter()
        .flat_map(|r| r.stalls.iter().map(|s| (r.row.name.clone(), s.number.to_string(), s.length_m)))
        .collect();
    assert_eq!(
        stalls,
        [("Oost".into(), "1".into(), 3), ("Oost".into(), "2".into(), 3), ("West".into(), "10a".into(), 4)]
    );
    let audit_after_markets = f.audit_rows();
    assert!(audit_after_markets > 5, "every added record has its audit row");

    let r = import(&mut f, ImportKind::Vendors, VENDORS.as_bytes(), false);
    assert!(r.applied, "{r:#?}");
    assert_eq!(r.ignored_columns, ["Opmerking"]);
    assert_eq!(r.separator, Some(','));
    assert_eq!(r.added, ["20200101.01", "20200101.02"]);
    let r = import(
        &mut f,
        ImportKind::Registrations,
        REGISTRATIONS.replace("20200102.02", "20200101.02").as_bytes(),
        false,
    );
    assert!(r.applied, "{r:#?}");
    assert_eq!(r.separator, Some('\t'));
    assert_eq!(r.added, ["NM 20200101.01", "NM 20200101.02"]);
    let v = markt::vendor::by_number(&mut f.store, &f.admin, "2020010101").unwrap();
    let reg = markt::registration::of_vendor(&mut f.store, &f.admin, v.id).unwrap();
    assert_eq!((reg[0].list_number, reg[0].stalls.len(), reg[0].products.len()), (1, 2, 1));

    // Again: unchanged; one field differs: changed.
    let r = import(&mut f, ImportKind::Vendors, VENDORS.as_bytes(), false);
    assert_eq!((r.added.len(), r.changed.len(), r.unchanged.len()), (0, 0, 2));
    let r = import(&mut f, ImportKind::Vendors, VENDORS.replace("k@example.nl", "kees@example.nl").as_bytes(), false);
    assert_eq!((r.changed.clone(), r.unchanged.len()), (vec!["20200101.01".to_string()], 1));
    assert_eq!(markt::vendor::by_number(&mut f.store, &f.admin, "2020010101").unwrap().email, "kees@example.nl");
}

#[test]
fn latin_1_is_detected_and_read() {
    let mut f = fixture();
    // "Öztürk" and "Daniëlle" as Windows writes them, with an euro sign in a column not read.
    let bytes =
        b"registration_number;initials;surname;Bedrag\n2020010101;D.;Dani\xEBlle;\x80 5\n2020010102;;\xD6zt\xFCrk;\n";
    let r = import(&mut f, ImportKind::Vendors, bytes, false);
    assert!(r.applied, "{r:#?}");
    assert_eq!(r.encoding, Some(Encoding::Latin1));
    assert_eq!(markt::vendor::by_number(&mut f.store, &f.admin, "2020010101").unwrap().surname, "Daniëlle");
    assert_eq!(markt::vendor::by_number(&mut f.store, &f.admin, "2020010102").unwrap().surname, "Öztürk");
}

#[test]
fn a_malformed_import_reports_every_error_and_changes_nothing() {
    let mut f = fixture();
    let before = dump(&f.store);

    // The wrong encoding: UTF-16 (what "Unicode text" in some spreadsheets writes).
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("registration_number;surname\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let r = import(&mut f, ImportKind::Vendors, &utf16, false);
    assert_errors(&r, &[(1, "", "UTF-16")]);

    // A missing column: every missing one named, no line read.
    let r = import(&mut f, ImportKind::Registrations, b"markt;erkenningsnummer\nWM;1957081002\n", false);
    assert_errors(&r, &[(1, "list_number", "ontbreekt"), (1, "status", "ontbreekt")]);

    // Duplicates and bad cells, each on its line and column; the good lines are not stored
    // either.
    let vendors = "Erkenningsnummer;Achternaam;E-mail;Handhaving tot;Status
2020010101;Goed;;;
1957081002;Daniëls;;;
2020010101;Dubbel;;;
123;Kort;geen-adres;31-02-2026;baas
2020010103;;;;
";
    let r = import(&mut f, ImportKind::Vendors, vendors.as_bytes(), false);
    assert_errors(
        &r,
        &[
            (4, "Erkenningsnummer", "staat al op regel 2"),
            (5, "Erkenningsnummer", "10 cijfers"),
            (5, "E-mail", "e-mailadres"),
            (5, "Handhaving tot", "geen datum"),
            (5, "Status", "onbekende status"),
            (6, "Achternaam", "verplicht"),
        ],
    );

    // Registrations: an unknown market, a duplicate registration number (the vendor twice on
    // one market; line 3 itself is fine: it changes Bakker's list number), a list number
    // taken, a stall held by another, an unknown vendor, an unknown stall and product.
    let regs = "market;registration_number;list_number;status;stalls;products
XX;1957081002;5;vpl;;
WM;1980010101;7;soll;;
WM;1980010101;8;soll;;
WM;1990020201;1;vpl;1;
WM;2099999999;9;soll;;
WM;1990020201;3;vpl;9;koffie
";
    let r = import(&mut f, ImportKind::Registrations, regs.as_bytes(), false);
    assert_errors(
        &r,
        &[
            (2, "market", "onbekende markt ‘XX’"),
            (4, "registration_number", "WM 19800101.01 staat al op regel 3"),
            (5, "list_number", "al van A. Daniëls"),
            (5, "stalls", "al de vaste plaats van A. Daniëls"),
            (6, "registration_number", "geen ondernemer met erkenningsnummer 20999999.99"),
            (7, "registration_number", "staat al op regel 5"),
            (7, "stalls", "geen plaats 9"),
            (7, "products", "onbekend product ‘koffie’"),
        ],
    );
    assert_eq!(dump(&f.store), before, "nothing of any of these files is stored");
}

#[test]
fn a_ten_megabyte_file_with_bad_lines_far_apart_reports_each_and_changes_nothing() {
    let mut f = fixture();
    let before = dump(&f.store);
    let mut text = String::from("registration_number;initials;infix;surname;email;phone;status\n");
    let mut bad_lines = Vec::new();
    let mut n = 0u64;
    while text.len() < 10 * 1024 * 1024 {
        n += 1;
        let line = n + 1;
        if n.is_multiple_of(20_000) {
            bad_lines.push(line);
            text.push_str(&format!("30{n:08};X.;;Fout;geen-adres-{n};;actief\n"));
        } else {
            text.push_str(&format!(
                "30{n:08};A.B.C.;van der;Achternaam-met-een-lange-naam-{n};ondernemer{n}@voorbeeld-markt.nl;020 123 45 67;actief\n"
            ));
        }
    }
    assert!(text.len() >= 10 * 1024 * 1024);
    let r = import(&mut f, ImportKind::Vendors, text.as_bytes(), false);
    assert_eq!(r.lines, n);
    let got: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(got, bad_lines, "every bad line, none other");
    assert!(r.errors.iter().all(|e| e.column == "email"));
    assert_eq!(r.added.len() as u64, n - bad_lines.len() as u64, "the good lines were checked to the end");
    assert!(!r.applied);
    assert_eq!(dump(&f.store), before);
}

/// Cancels after a few hundred lines.
struct CancelSoon;
impl Progress for CancelSoon {
    fn phase(&mut self, _: &str, _: Option<u64>) {}
    fn step(&mut self, done: u64) -> bool {
        done < 1000
    }
}

#[test]
fn a_cancelled_import_changes_nothing_and_roles_are_the_forms() {
    let mut f = fixture();
    let before = dump(&f.store);
    let mut text = String::from("registration_number;surname\n");
    for n in 0..3000 {
        text.push_str(&format!("40{n:08};Naam\n"));
    }
    let senior = f.senior.clone();
    let err =
        import::run(&mut f.store, &senior, at(DAY, 12), ImportKind::Vendors, text.as_bytes(), false, &mut CancelSoon)
            .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(dump(&f.store), before);
    let sup = f.supervisor.clone();
    for kind in ImportKind::ALL {
        let err = import::run(&mut f.store, &sup, at(DAY, 12), *kind, b"x\n", true, &mut Silent).unwrap_err();
        assert_eq!(err.code(), "forbidden", "{kind:?}");
    }
    let err =
        import::run(&mut f.store, &senior, at(DAY, 12), ImportKind::Markets, MARKETS.as_bytes(), true, &mut Silent)
            .unwrap_err();
    assert_eq!(err.code(), "forbidden", "markets need an administrator, like the market form");
}

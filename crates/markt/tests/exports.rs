//! The exports (reports.md "CSV exports"): golden files of every export in both dialects,
//! formula injection, and the finance batches: a line leaves once, a void after export
//! comes back negative in the next batch, a batch re-renders byte for byte, a cancel keeps
//! nothing.
//!
//! The golden files in `tests/golden/` were checked by hand once; a test fails when a byte
//! of the formatting changes. `MARKT_BLESS=1 cargo test -p markt --test exports` rewrites
//! them (then read the diff before committing it).

mod common;

use std::path::PathBuf;

use common::*;
use markt::attendance::{self, SignOn};
use markt::code::*;
use markt::export::finance::{self, FinanceRequest};
use markt::export::lists::{self, ListKind, ListRequest};
use markt::export::{Dialect, write_file};
use markt::ids::*;
use markt::permit;
use markt::progress::{Progress, Silent};
use markt::tariff::{self, TariffKindInput};
use markt::ticket::{self, TicketInput};
use markt::vendor::{self, VendorInput};
use markt::{Cents, Error};

pub fn golden(name: &str, bytes: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("MARKT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (MARKT_BLESS=1 writes it)", path.display()));
    if expected != bytes {
        let (e, g) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(bytes));
        let line =
            e.lines().zip(g.lines()).position(|(a, b)| a != b).unwrap_or(e.lines().count().min(g.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n expected: {:?}\n      got: {:?}",
            line + 1,
            e.lines().nth(line),
            g.lines().nth(line)
        );
    }
}

/// What the scenario made.
struct Made {
    holder: PermitId,
    formula: PermitId,
    fine: TicketId,
    formula_vendor: VendorId,
}

/// The fixture's day with every kind of line: a fixed holder (fixed lines at 0), an
/// applicant paying cash, a vendor whose name is a formula paying on account, a fine and
/// a warning; a sign-on and a substitute for the lists.
fn scenario(f: &mut Fixture) -> Made {
    let (admin, senior, sup) = (f.admin.clone(), f.senior.clone(), f.supervisor.clone());
    finance::set_fine_codes(&mut f.store, &admin, at("2026-01-05", 9), "8190", "B0").unwrap();
    let formula_vendor = vendor::create(
        &mut f.store,
        &senior,
        at("2026-01-05", 9),
        &VendorInput {
            registration_number: "2001010101".into(),
            initials: "-J.".into(),
            infix: String::new(),
            surname: "=SOM(1+1)".into(),
            email: "+31@example.nl".into(),
            phone: "+31 20 123".into(),
            pass_id: "@P1".into(),
            status: Some(VendorStatus::Active),
            enforcement_until: Some(d("2026-06-30")),
        },
    )
    .unwrap();
    let mut input = f.permit_input(f.holder);
    input.requested.insert("electricity".into(), 2);
    input.stalls = vec!["1".into(), "2".into()];
    let holder = issue(f, &input);
    let mut input = f.permit_input(f.applicant);
    input.stalls = vec!["3".into()];
    input.payment = PaymentMethod::Cash;
    issue(f, &input);
    let mut input = f.permit_input(formula_vendor);
    input.stalls = vec!["4".into()];
    input.requested.insert("extra_meters".into(), 2);
    input.payment = PaymentMethod::OnAccount;
    input.override_reason = Some("standwerker, handhaving besproken".into());
    let formula = issue(f, &input);
    let ticket_input = |vendor: VendorId, code: &str| TicketInput {
        market: f.market,
        day: d(DAY),
        time: chrono::NaiveTime::from_hms_opt(11, 30, 0).unwrap(),
        stall: "5".into(),
        vendor: Some(vendor),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: code.into(),
        note: String::new(),
    };
    let (fine_input, warning_input) = (ticket_input(f.stranger, "V03"), ticket_input(f.applicant, "V01"));
    let fine = ticket::create(&mut f.store, &sup, at(DAY, 11), &fine_input).unwrap();
    ticket::transition(&mut f.store, &sup, at(DAY, 12), fine, TicketStatus::Issued, None).unwrap();
    let warning = ticket::create(&mut f.store, &sup, at(DAY, 11), &warning_input).unwrap();
    ticket::transition(&mut f.store, &sup, at(DAY, 12), warning, TicketStatus::Issued, None).unwrap();
    let next = d(DAY) + chrono::Days::new(7);
    let sign_on = SignOn { vendor: f.applicant, market: f.market, day: next, attends: true, reason: None };
    attendance::record(&mut f.store, &sup, at(DAY, 14), &sign_on).unwrap();
    let sign_off = SignOn { vendor: f.holder, market: f.market, day: next, attends: false, reason: None };
    attendance::record(&mut f.store, &sup, at(DAY, 15), &sign_off).unwrap();
    vendor::add_substitute(&mut f.store, &senior, at(DAY, 9), f.holder, f.applicant, d("2026-01-01"), None).unwrap();
    Made { holder, formula, fine, formula_vendor }
}

fn request(from: &str, until: &str, dialect: Dialect) -> FinanceRequest {
    FinanceRequest { from: d(from), until: d(until), markets: vec![], dialect }
}

fn export(f: &mut Fixture, req: &FinanceRequest, when: &str) -> (finance::Batch, Vec<u8>) {
    let actor = f.finance.clone();
    let mut out = Vec::new();
    let batch = finance::finance(&mut f.store, &actor, at(when, 17), req, &mut out, &mut Silent).unwrap();
    (batch, out)
}

fn rows(bytes: &[u8]) -> Vec<String> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(String::from)
        .collect()
}

#[test]
fn the_finance_export_in_both_dialects_matches_its_golden_file() {
    for dialect in Dialect::ALL {
        let mut f = fixture();
        scenario(&mut f);
        let (batch, bytes) = export(&mut f, &request(DAY, DAY, *dialect), DAY);
        golden(&format!("finance_{}.csv", dialect.code()), &bytes);
        assert_eq!(batch.number, 1);
        assert_eq!(batch.lines as usize, rows(&bytes).len());
        assert_eq!(batch.negative, 0);
        assert_eq!(batch.markets, ["WM"], "all markets, named");
        // The fine is there, the warning (no amount) is not.
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("B2026-000001") && !text.contains("B2026-000002"), "{text}");
    }
}

#[test]
fn text_that_looks_like_a_formula_is_defused_and_amounts_stay_numbers() {
    let mut f = fixture();
    scenario(&mut f);
    let (_, bytes) = export(&mut f, &request(DAY, DAY, Dialect::Nl), DAY);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(";'-J. =SOM(1+1);"), "the name starts with '-' and gets a quote:\n{text}");
    for line in text.lines().skip(1) {
        for cell in line.split(';').skip(9) {
            assert!(!cell.starts_with('\''), "a number cell is never quoted as text: {line}");
        }
    }
    let mut f = fixture();
    scenario(&mut f);
    let mut out = Vec::new();
    let req = ListRequest { dialect: Dialect::Nl, ..ListRequest::default() };
    lists::list(&mut f.store, &f.admin, ListKind::Vendors, &req, &mut out, &mut Silent).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("20010101.01;'-J.;;'=SOM(1+1);'+31@example.nl;'+31 20 123;'@P1;actief;30-06-2026\r\n"),
        "{text}"
    );
}

#[test]
fn a_line_leaves_once_and_a_later_void_comes_back_negative_in_the_next_batch() {
    let mut f = fixture();
    let made = scenario(&mut f);
    let (first, bytes1) = export(&mut f, &request(DAY, DAY, Dialect::Nl), DAY);
    let holder_lines = permit::lines(&mut f.store, &f.admin, made.holder).unwrap().len();

    // The same period again: nothing new, an empty batch (the header only).
    let (second, bytes2) = export(&mut f, &request(DAY, DAY, Dialect::Nl), DAY);
    assert_eq!((second.number, second.lines), (2, 0));
    assert_eq!(rows(&bytes2).len(), 0);
    assert!(!bytes2.is_empty(), "an empty batch still has its header");

    // After the export: the holder's permit is voided and reissued, the formula vendor's
    // voided, the fine withdrawn after an objection.
    let sup = f.supervisor.clone();
    let mut input = f.permit_input(f.holder);
    input.stalls = vec!["1".into()];
    permit::reissue(&mut f.store, &sup, at(DAY, 16), made.holder, "verkeerde meters", &input).unwrap();
    permit::void(&mut f.store, &sup, at(DAY, 16), made.formula, "dubbel uitgegeven").unwrap();
    ticket::transition(&mut f.store, &sup, at(DAY, 17), made.fine, TicketStatus::Objection, None).unwrap();
    ticket::transition(&mut f.store, &sup, at(DAY, 17), made.fine, TicketStatus::Withdrawn, None).unwrap();
    let senior = f.senior.clone();

    // The next batch is of another period (the next week), yet it takes the corrections:
    // the negatives of both voided permits and of the fine, and the reissued permit's lines
    // (a late line of a day batch 1 covered).
    let next = "2026-03-11";
    let (third, bytes3) = export(&mut f, &request(next, next, Dialect::Nl), next);
    let formula_lines = permit::lines(&mut f.store, &f.admin, made.formula).unwrap().len();
    let reissued = permit::of_market_day(&mut f.store, &f.admin, f.market, d(DAY)).unwrap();
    let reissued = reissued.iter().find(|p| p.replaces == Some(made.holder)).unwrap();
    let late = permit::lines(&mut f.store, &f.admin, reissued.id).unwrap().len();
    assert_eq!(third.negative as usize, holder_lines + formula_lines + 1, "{}", String::from_utf8_lossy(&bytes3));
    assert_eq!(third.lines as usize, holder_lines + formula_lines + 1 + late);
    let text = String::from_utf8(bytes3.clone()).unwrap();
    assert!(text.contains(";-100,00;"), "the fine comes back negative, as a number:\n{text}");
    assert!(text.contains(&reissued.invoice_number), "the reissued permit is a late line:\n{text}");
    golden("finance_corrections_nl.csv", &bytes3);
    // The negatives cancel the exported lines exactly.
    let sum = |b: &finance::Batch| b.total_incl;
    let voided_total: Cents = [made.holder, made.formula]
        .iter()
        .flat_map(|p| permit::lines(&mut f.store, &f.admin, *p).unwrap())
        .map(|l| l.incl)
        .sum::<Cents>()
        + Cents(10000);
    let late_total: Cents = permit::lines(&mut f.store, &f.admin, reissued.id).unwrap().iter().map(|l| l.incl).sum();
    assert_eq!(sum(&third), late_total - voided_total);

    // Nothing more to correct: the next batch is empty again.
    let (fourth, _) = export(&mut f, &request(next, next, Dialect::Nl), next);
    assert_eq!(fourth.lines, 0, "a negative line leaves once too");

    // Batch 1 re-renders byte for byte, although names, codes and the permits changed since.
    let admin = f.admin.clone();
    let kinds = tariff::kinds(&mut f.store, &f.admin).unwrap();
    let meter = kinds.iter().find(|k| k.code == "meter").unwrap();
    let changed = TariffKindInput {
        code: meter.code.clone(),
        invoice_label: meter.invoice_label.clone(),
        unit: meter.unit,
        vat: meter.vat,
        ledger_code: "9999".into(),
        vat_code: "X".into(),
    };
    tariff::update_kind(&mut f.store, &admin, at(next, 9), meter.id, &changed).unwrap();
    let mut renamed = vendor_input("2001010101", "Andere naam");
    renamed.status = Some(VendorStatus::Active);
    vendor::update(&mut f.store, &senior, at(next, 9), made.formula_vendor, &renamed).unwrap();
    let fin = f.finance.clone();
    for (number, original) in [(1, &bytes1), (2, &bytes2), (3, &bytes3)] {
        let mut again = Vec::new();
        let b = finance::rerun(&mut f.store, &fin, number, &mut again, &mut Silent).unwrap();
        assert_eq!(&again, original, "batch {number} re-renders byte for byte");
        assert_eq!(b.number, number);
    }
    assert_eq!(first.sha256.len(), 64);
    let batches = finance::batches(&mut f.store, &f.admin).unwrap();
    assert_eq!(batches.iter().map(|b| b.number).collect::<Vec<_>>(), [4, 3, 2, 1]);
    assert!(batches.iter().all(|b| b.made_by == "financien"));
}

#[test]
fn a_batch_of_one_market_leaves_the_others_for_their_own_batch() {
    let mut f = fixture();
    scenario(&mut f);
    let admin = f.admin.clone();
    let other = markt::market::create(&mut f.store, &admin, at("2026-01-05", 9), &market_input("ZM")).unwrap();
    let (batch, bytes) =
        export(&mut f, &FinanceRequest { markets: vec![other], ..request(DAY, DAY, Dialect::Rfc) }, DAY);
    assert_eq!(
        (batch.lines, batch.markets.clone()),
        (0, vec!["ZM".to_string()]),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let wm = FinanceRequest { markets: vec![f.market], ..request(DAY, DAY, Dialect::Rfc) };
    let (batch, _) = export(&mut f, &wm, DAY);
    assert!(batch.lines > 0);
    let fin = f.finance.clone();
    let bad = FinanceRequest { markets: vec![MarketId(999)], ..request(DAY, DAY, Dialect::Rfc) };
    let err = finance::finance(&mut f.store, &fin, at(DAY, 17), &bad, &mut Vec::new(), &mut Silent).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "markets[0]");
    let bad = request("2026-03-05", DAY, Dialect::Rfc);
    let err = finance::finance(&mut f.store, &fin, at(DAY, 17), &bad, &mut Vec::new(), &mut Silent).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "until");
}

/// Cancels at the first report of the file phase.
struct CancelWhileWriting(bool);
impl Progress for CancelWhileWriting {
    fn phase(&mut self, name: &str, _: Option<u64>) {
        self.0 = name == "bestand schrijven";
    }
    fn step(&mut self, _: u64) -> bool {
        !self.0
    }
}

#[test]
fn a_cancelled_or_failed_export_keeps_nothing() {
    let mut f = fixture();
    scenario(&mut f);
    let fin = f.finance.clone();
    let before = f.audit_rows();
    let err = finance::finance(
        &mut f.store,
        &fin,
        at(DAY, 17),
        &request(DAY, DAY, Dialect::Nl),
        &mut Vec::new(),
        &mut CancelWhileWriting(false),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err:?}");
    assert_eq!(err.code(), "cancelled");
    let count = |f: &Fixture, t: &str| -> i64 {
        f.store.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()
    };
    assert_eq!((count(&f, "finance_batch"), count(&f, "finance_batch_line")), (0, 0));
    assert_eq!(f.audit_rows(), before);
    // A file that cannot be written: nothing kept either, and no file left behind.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder/batch.csv");
    let r = write_file(&path, |out| {
        finance::finance(&mut f.store, &fin, at(DAY, 17), &request(DAY, DAY, Dialect::Nl), out, &mut Silent)
    });
    assert!(r.is_err());
    assert_eq!(count(&f, "finance_batch"), 0);
    // Then it works, as batch 1: a cancelled batch used no number.
    let path = dir.path().join("batch.csv");
    let batch = write_file(&path, |out| {
        finance::finance(&mut f.store, &fin, at(DAY, 17), &request(DAY, DAY, Dialect::Nl), out, &mut Silent)
    })
    .unwrap();
    assert_eq!(batch.number, 1);
    assert_eq!(rows(&std::fs::read(&path).unwrap()).len() as i64, batch.lines);
    // The storage refuses a second positive export of a line and any edit of a batch.
    let c = f.store.conn();
    assert!(c.execute("INSERT INTO finance_batch_line SELECT batch_id, seq + 1000, invoice_line_id, ticket_id, sign, market_id, market_code, day, invoice_number, registration_number, vendor_name, label, ledger_code, vat_code, quantity, price_cents, vat_bp, excl_cents, vat_cents, incl_cents, payment_method FROM finance_batch_line LIMIT 1", []).is_err());
    assert!(c.execute("UPDATE finance_batch SET period_from = '2020-01-01'", []).is_err());
    assert!(c.execute("DELETE FROM finance_batch_line", []).is_err());
}

#[test]
fn only_finance_and_seniors_export_finance() {
    let mut f = fixture();
    scenario(&mut f);
    for role in Role::ALL {
        let actor = f.actor(*role).clone();
        let r = finance::finance(
            &mut f.store,
            &actor,
            at(DAY, 17),
            &request(DAY, DAY, Dialect::Nl),
            &mut Vec::new(),
            &mut Silent,
        );
        assert_eq!(r.is_ok(), matches!(role, Role::Finance | Role::Senior | Role::Admin), "{role}: {r:?}");
        let rerun = finance::rerun(&mut f.store, &actor, 1, &mut Vec::new(), &mut Silent);
        assert_eq!(rerun.is_ok(), r.is_ok(), "{role}: rerun {rerun:?}");
    }
}

#[test]
fn every_list_export_in_both_dialects_matches_its_golden_file() {
    let mut f = fixture();
    scenario(&mut f);
    for kind in ListKind::ALL {
        for dialect in Dialect::ALL {
            let req = ListRequest {
                from: Some(d(DAY)),
                until: Some(d(DAY) + chrono::Days::new(7)),
                markets: vec![],
                dialect: *dialect,
            };
            let mut out = Vec::new();
            let n = lists::list(&mut f.store, &f.admin, *kind, &req, &mut out, &mut Silent).unwrap();
            assert!(n > 0, "{} has rows", kind.code());
            assert_eq!(rows(&out).len() as u64, n, "{}: one line per row (no embedded newlines here)", kind.code());
            golden(&format!("{}_{}.csv", kind.code(), dialect.code()), &out);
        }
    }
    let err =
        lists::list(&mut f.store, &f.admin, ListKind::Permits, &ListRequest::default(), &mut Vec::new(), &mut Silent)
            .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "from");
}

/// The rows of a finance file that are of `number`.
fn rows_of(bytes: &[u8], number: &str) -> Vec<String> {
    rows(bytes).into_iter().filter(|r| r.contains(number)).collect()
}

#[test]
fn a_reversed_fine_payment_reopens_the_ticket_and_the_export_carries_the_correction() {
    let mut f = fixture();
    let made = scenario(&mut f);
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let number = ticket::get(&mut f.store, &f.admin, made.fine).unwrap().number;
    let paid = ticket::pay(&mut f.store, &sup, at(DAY, 13), made.fine, PaymentMethod::Pin, Cents(10000)).unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, made.fine).unwrap().status, TicketStatus::Paid);
    let (_, first) = export(&mut f, &request(DAY, DAY, Dialect::Nl), DAY);
    let exported = rows_of(&first, &number);
    assert_eq!(exported.len(), 1);
    assert!(exported[0].contains(";1;100,00;0;100,00;0,00;100,00;pin"), "{exported:?}");

    // The fine was paid in error (no offence after all): the payment is refunded.
    permit::reverse_payment(&mut f.store, &sup, at("2026-03-05", 10), paid, "ten onrechte betaald").unwrap();
    let reopened = ticket::get(&mut f.store, &f.admin, made.fine).unwrap();
    assert_eq!(reopened.status, TicketStatus::Issued, "the reversal reopens the ticket");
    assert!(!reopened.overdue(d("2026-04-03")) && reopened.overdue(d("2026-04-04")), "overdue by its due date");
    let detail = ticket::detail(&mut f.store, &f.admin, made.fine).unwrap();
    assert_eq!(detail.row.paid, Cents::ZERO);
    let last = detail.history.last().unwrap();
    assert_eq!(last.status, TicketStatus::Issued);
    assert!(last.reason.as_deref().unwrap_or_default().contains("ten onrechte betaald"), "{last:?}");

    // Now it can be voided, and the next batch of the market takes the fine back.
    ticket::transition(
        &mut f.store,
        &senior,
        at("2026-03-06", 9),
        made.fine,
        TicketStatus::Void,
        Some("geen overtreding"),
    )
    .unwrap();
    let next = "2026-03-11";
    let (batch, second) = export(&mut f, &request(next, next, Dialect::Nl), next);
    let corrected = rows_of(&second, &number);
    assert_eq!(corrected.len(), 1, "{}", String::from_utf8_lossy(&second));
    assert!(corrected[0].contains(";-1;100,00;0;-100,00;0,00;-100,00;"), "{corrected:?}");
    assert_eq!(batch.negative, 1);
    assert_eq!(batch.total_incl, Cents(-10000));
}

#[test]
fn a_fine_whose_payment_was_reversed_before_the_export_goes_out_unpaid_and_payable() {
    let mut f = fixture();
    let made = scenario(&mut f);
    let sup = f.supervisor.clone();
    let number = ticket::get(&mut f.store, &f.admin, made.fine).unwrap().number;
    let paid = ticket::pay(&mut f.store, &sup, at(DAY, 13), made.fine, PaymentMethod::Pin, Cents(10000)).unwrap();
    permit::reverse_payment(&mut f.store, &sup, at(DAY, 14), paid, "verkeerde bon gepind").unwrap();
    let (_, bytes) = export(&mut f, &request(DAY, DAY, Dialect::Nl), DAY);
    let exported = rows_of(&bytes, &number);
    assert_eq!(exported.len(), 1, "the fine still stands: revenue");
    assert!(exported[0].ends_with(";100,00;"), "no payment method: it is open again: {exported:?}");
    // Payable again, in full, by the right method; then paid.
    ticket::pay(&mut f.store, &sup, at(DAY, 15), made.fine, PaymentMethod::Cash, Cents(10000)).unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, made.fine).unwrap().status, TicketStatus::Paid);
}

/// Every phase and step the core reports.
#[derive(Default)]
struct Recorded(Vec<(String, Option<u64>, Vec<u64>)>);
impl Progress for Recorded {
    fn phase(&mut self, name: &str, total: Option<u64>) {
        self.0.push((name.to_string(), total, Vec::new()));
    }
    fn step(&mut self, done: u64) -> bool {
        if let Some(p) = self.0.last_mut() {
            p.2.push(done);
        }
        true
    }
}

#[test]
fn the_progress_of_a_batch_counts_lines_not_days() {
    let mut f = fixture();
    scenario(&mut f);
    let fin = f.finance.clone();
    // A week: seven days, and more lines than days would suggest nothing.
    let req = request("2026-03-01", "2026-03-07", Dialect::Nl);
    let mut seen = Recorded::default();
    let batch = finance::finance(&mut f.store, &fin, at("2026-03-08", 9), &req, &mut Vec::new(), &mut seen).unwrap();
    assert!(batch.lines > 0 && batch.lines != 8, "a scenario whose lines are not the days: {}", batch.lines);
    let picking = seen.0.iter().find(|(name, _, _)| name == "regels kiezen").expect("the picking phase");
    assert_eq!(picking.1, Some(batch.lines as u64), "its total is the lines: {seen:?}", seen = seen.0);
    assert_eq!(picking.2.last().copied(), Some(batch.lines as u64), "and it ends at them");
    assert!(picking.2.windows(2).all(|w| w[0] <= w[1]), "counting up: {:?}", picking.2);
}

#[test]
fn a_batch_file_name_carries_its_number_and_period() {
    assert_eq!(
        finance::file_name(7, d("2026-08-01"), d("2026-08-31"), Dialect::Nl),
        "factuurdetail-batch-0007-2026-08-01-2026-08-31.csv"
    );
    assert_eq!(
        finance::file_name(12, d("2026-08-01"), d("2026-08-31"), Dialect::Rfc),
        "factuurdetail-batch-0012-2026-08-01-2026-08-31-rfc.csv"
    );
}

#[test]
fn the_next_period_follows_the_last_batch_and_a_running_market_day_is_named() {
    let mut f = fixture();
    scenario(&mut f);
    let fin = f.finance.clone();
    // Without a batch: last month.
    assert_eq!(finance::next_period(&mut f.store, &fin, d("2026-03-18")).unwrap(), (d("2026-02-01"), d("2026-02-28")));
    export(&mut f, &request("2026-02-01", "2026-03-04", Dialect::Nl), "2026-03-05");
    // The day after the last batch's end, to the end of that month…
    assert_eq!(finance::next_period(&mut f.store, &fin, d("2026-04-10")).unwrap(), (d("2026-03-05"), d("2026-03-31")));
    // … but not past yesterday: today's market is still running.
    assert_eq!(finance::next_period(&mut f.store, &fin, d("2026-03-18")).unwrap(), (d("2026-03-05"), d("2026-03-17")));
    // The day after the batch: a period of one day.
    assert_eq!(finance::next_period(&mut f.store, &fin, d("2026-03-05")).unwrap(), (d("2026-03-05"), d("2026-03-05")));
    assert!(finance::next_period(&mut f.store, &f.supervisor.clone(), d("2026-03-05")).is_err(), "finance's own");

    // The fixture's market is held on Wednesdays: a period up to a Wednesday today names it.
    let wednesday = d("2026-03-11");
    let upto = |until: &str| FinanceRequest { until: d(until), ..request("2026-03-05", "2026-03-05", Dialect::Nl) };
    let running = finance::still_running(&mut f.store, &fin, wednesday, &upto("2026-03-11")).unwrap();
    assert_eq!(running.len(), 1, "{running:?}");
    assert!(
        finance::still_running(&mut f.store, &fin, wednesday, &upto("2026-03-10")).unwrap().is_empty(),
        "ends before today"
    );
    // On a Thursday the market of that day is not held; the next Wednesday in the period is.
    let thursday = d("2026-03-12");
    assert!(finance::still_running(&mut f.store, &fin, thursday, &upto("2026-03-12")).unwrap().is_empty());
    assert_eq!(finance::still_running(&mut f.store, &fin, thursday, &upto("2026-03-18")).unwrap().len(), 1);
}

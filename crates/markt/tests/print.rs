//! The printed documents as a reader gets them: each is rendered to PDF, its text read
//! back with lopdf (one line per drawn text), and checked for what it must hold: every
//! stall of the market in row order, names with their diacritics, totals, the Dutch day
//! in the header, `pagina x van y`, and no table row cut across two pages.

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use common::*;
use markt::allocation::day;
use markt::attendance::{self, SignOn};
use markt::code::*;
use markt::ids::*;
use markt::market::{self, MarketInput};
use markt::permit::{self, PermitInput};
use markt::registration::{self, RegistrationInput};
use markt::report::{self, Document, Request};
use markt::tariff::{self, TariffPlanInput};
use markt::ticket::{self, TicketInput};
use markt::vendor;
use markt::{Cents, Error};

/// Surnames with what Dutch lists must print right.
const SURNAMES: &[&str] = &[
    "Boëtius",
    "Çelik",
    "Lefèvre",
    "Müller",
    "Hoëvenaars",
    "Noël",
    "Geërts",
    "Zoë",
    "Daniëlle",
    "Eliëns",
    "Gonçalves",
    "Straße",
    "Oosterhuis",
    "Jansen",
    "de Vries",
    "Brouwer",
    "Kowalski",
    "Smit",
    "Bakker",
    "Visser",
    "Mulder",
    "Peters",
    "Hendriks",
    "Dekker",
    "Kok",
    "Maas",
    "Verbeek",
    "Prins",
    "Vos",
    "Postma",
];

/// A name that wraps over several lines in the daily list's vendor column.
const LONG_NAME: &str = "van der Zwaluwenburg-Oosterhuis-Çelikbaş-Hoëvenaars";

/// Printed on the evening of the fixture's market day.
fn printed_at() -> DateTime<Utc> {
    at(DAY, 18)
}

/// The fixture grown into a market with three rows (87 stalls: more than one page), 31
/// fixed holders, a blocked and an inactive stall, a published allocation and permits
/// paid by every method, one of them voided.
struct Office {
    f: Fixture,
    /// Stall numbers in row order.
    stalls: Vec<String>,
    /// Registration number → name of the vendors placed by the allocation.
    placed: BTreeMap<String, String>,
    permits: Vec<PermitId>,
}

fn office() -> Office {
    let mut f = fixture();
    let admin = f.admin.clone();
    let senior = f.senior.clone();
    let t0 = at("2026-01-06", 9);
    let mut stalls = vec!["1", "2", "3", "4", "5", "6"].into_iter().map(String::from).collect::<Vec<_>>();
    let mut ids = f.stalls.clone();
    for (row, n) in [("Rij B", 40), ("Rij C", 40)] {
        let r = market::add_row(&mut f.store, &admin, t0, f.market, row, false).unwrap();
        let letter = &row[4..];
        for i in 1..=n {
            let number = format!("{letter}{i}");
            let mut input = stall_input(r, &number);
            input.length_m = if i % 10 == 0 { 4 } else { 3 };
            if number == "B1" {
                input.branches = vec![f.branch];
            }
            if number == "C4" {
                input.active = false;
            }
            ids.push(market::add_stall(&mut f.store, &admin, t0, &input).unwrap());
            stalls.push(number.clone());
            if number == "C10" {
                let extra = market::add_stall(&mut f.store, &admin, t0, &stall_input(r, "C10a")).unwrap();
                ids.push(extra);
                stalls.push("C10a".into());
            }
        }
    }
    let blocked = ids[stalls.iter().position(|s| s == "C3").unwrap()];
    market::block_stall(&mut f.store, &senior, t0, blocked, d(DAY), "Werk aan de weg").unwrap();

    let mut placed = BTreeMap::new();
    placed.insert("19570810.02".to_string(), "A. Daniëls".to_string());
    for (i, surname) in SURNAMES.iter().enumerate() {
        let number = format!("{:08}{:02}", 19600101 + i, 1);
        let surname = if i == 4 { LONG_NAME } else { surname };
        let v = vendor::create(&mut f.store, &senior, t0, &vendor_input(&number, surname)).unwrap();
        let stall = ids[stalls.iter().position(|s| *s == format!("B{}", i + 1)).unwrap()];
        let input = RegistrationInput {
            vendor: v,
            market: f.market,
            list_number: 10 + i as i64,
            status: RegistrationStatus::Vpl,
            registered_on: d("2015-01-01"),
            places: None,
            stalls: vec![stall],
            products: vec![],
        };
        registration::create(&mut f.store, &senior, t0, &input).unwrap();
        let shown = vendor::get(&mut f.store, &f.admin, v).unwrap();
        placed.insert(shown.registration_number.to_string(), shown.name());
    }
    // One holder signs off: their stall prints free, with their name as the absent holder.
    let absent = vendor::by_number(&mut f.store, &f.admin, "1960010301").unwrap();
    let sup = f.supervisor.clone();
    let sign_off = SignOn { vendor: absent.id, market: f.market, day: d(DAY), attends: false, reason: None };
    attendance::record(&mut f.store, &sup, at("2026-03-01", 10), &sign_off).unwrap();
    placed.remove(&absent.registration_number.to_string());

    let version = day::run(&mut f.store, &senior, at("2026-03-03", 16), f.market, d(DAY)).unwrap();
    day::publish(&mut f.store, &senior, at("2026-03-03", 17), version.id).unwrap();

    // Permits on the day: the holder by pin, a vendor without registration on C1 in cash,
    // the applicant on C2 on account, and one voided.
    let mut permits = Vec::new();
    let holder = f.holder;
    let mut input = f.permit_input(holder);
    input.stalls = vec!["1".into(), "2".into()];
    input.requested = [("stalls_3m".into(), 2)].into_iter().collect();
    permits.push(issue(&mut f, &input));
    let mut input = f.permit_input(f.stranger);
    input.stalls = vec!["C1".into()];
    input.payment = PaymentMethod::Cash;
    permits.push(issue(&mut f, &input));
    let mut input = f.permit_input(f.applicant);
    input.stalls = vec!["C2".into()];
    input.payment = PaymentMethod::OnAccount;
    input.presence = Presence::Partner;
    // Not placed by the allocation: the counter asks why (a stall came free).
    input.override_reason = Some("plaats C2 vrijgekomen".into());
    permits.push(issue(&mut f, &input));
    let zoe = vendor::by_number(&mut f.store, &f.admin, "1960010801").unwrap();
    let mut input = f.permit_input(zoe.id);
    input.stalls = vec!["B8".into()];
    input.payment = PaymentMethod::Cash;
    input.override_reason = Some("plaats B8 vrijgekomen".into());
    let voided = issue(&mut f, &input);
    permit::void(&mut f.store, &sup, at(DAY, 9), voided, "verkeerde ondernemer").unwrap();
    permits.push(voided);
    // The office's letterhead, as its administrator set it.
    let letterhead = markt::office::Office {
        name: "Gemeente Amsterdam · Marktbureau".into(),
        address: "Amstel 1\n1011 PN Amsterdam".into(),
        phone: "14 020".into(),
        iban: "NL25BNGH0000000001".into(),
    };
    markt::office::set(&mut f.store, &admin, t0, &letterhead).unwrap();
    Office { f, stalls, placed, permits }
}

fn request(o: &Office, document: Document) -> Request {
    request_for(o.f.market, document)
}

fn request_for(market: MarketId, document: Document) -> Request {
    Request::market_day(document, market, d(DAY))
}

fn print_day(o: &mut Office, document: Document) -> report::Printed {
    let r = request(o, document);
    print(o, &r)
}

fn print(o: &mut Office, request: &Request) -> report::Printed {
    let senior = o.f.senior.clone();
    report::print(&mut o.f.store, &senior, printed_at(), request).unwrap()
}

/// The text of each page as lopdf reads it: one drawn text a line.
fn pages(pdf: &[u8]) -> Vec<Vec<String>> {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    let n = doc.get_pages().len() as u32;
    (1..=n)
        .map(|p| {
            let text = doc.extract_text(&[p]).expect("text of the page");
            text.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
        })
        .collect()
}

fn all_text(pages: &[Vec<String>]) -> String {
    pages.iter().flatten().cloned().collect::<Vec<_>>().join("\n")
}

/// The page holding a line equal to `text`.
fn page_of(pages: &[Vec<String>], text: &str) -> Option<usize> {
    pages.iter().position(|p| p.iter().any(|l| l == text))
}

#[test]
fn the_daily_list_holds_every_stall_in_row_order_on_pages_that_never_cut_a_row() {
    let mut o = office();
    let printed = print_day(&mut o, Document::DailyList);
    let pages = pages(&printed.bytes);
    assert!(pages.len() >= 2, "87 stalls take more than one page, got {}", pages.len());
    assert_eq!(printed.pages, pages.len());

    // Every stall number in row order: as a subsequence of the text lines (a stall number
    // line stands first in its row; other lines may equal a number too, like "3" metres).
    let lines: Vec<&String> = pages.iter().flatten().collect();
    let mut at_line = 0;
    for stall in &o.stalls {
        let found = lines[at_line..].iter().position(|l| *l == stall);
        let Some(i) = found else { panic!("stall {stall} is missing after line {at_line}") };
        at_line += i + 1;
    }

    // The page model says the same, and each row is on exactly one page.
    let senior = o.f.senior.clone();
    let market = o.f.market;
    let (doc, name) =
        report::layout(&mut o.f.store, &senior, printed_at(), &request_for(market, Document::DailyList)).unwrap();
    assert_eq!(name, "dagelijkse-marktlijst-WM-2026-03-04.pdf");
    let model = doc.into_pages();
    assert_eq!(model.len(), pages.len());
    let keys: Vec<String> =
        model.iter().flat_map(|p| p.rows.iter()).filter(|k| k.starts_with("stall:")).cloned().collect();
    let expected: Vec<String> = o.stalls.iter().map(|s| format!("stall:{s}")).collect();
    assert_eq!(keys, expected, "every stall once, in row order");

    // No row is cut: whatever a row shows lies on the page of its stall number. The long
    // name wraps over several lines; all of them are on its stall's page.
    for (number, name) in &o.placed {
        let name_page = pages.iter().position(|p| p.iter().any(|l| name.starts_with(l.as_str()) && l.len() > 2));
        let number_page = page_of(&pages, number);
        assert!(number_page.is_some(), "{number} ({name}) is missing");
        assert_eq!(name_page, number_page, "{name} and {number} are on different pages");
    }
    let long_stall = page_of(&pages, "B5").unwrap();
    let full = format!("A. {LONG_NAME}");
    let fragments: Vec<&String> =
        pages[long_stall].iter().filter(|l| full.contains(l.as_str()) && l.len() > 3).collect();
    assert!(fragments.len() >= 2, "the long name wraps: {fragments:?}");
    let joined: String = fragments.iter().map(|s| s.as_str()).collect();
    assert_eq!(joined.replace(' ', ""), full.replace(' ', ""), "every piece of the name on the stall's page");

    let text = all_text(&pages);
    // Names with their diacritics, exactly as stored.
    for name in ["A. Daniëls", "A. Boëtius", "A. Çelik", "A. Lefèvre", "A. Müller", "A. Straße", "A. Gonçalves"]
    {
        assert!(text.contains(name), "{name} is missing or mangled");
    }
    // The header on every page: market, Dutch weekday, print time, page x of y.
    for (i, page) in pages.iter().enumerate() {
        let p = page.join("\n");
        assert!(p.contains("Markt WM (WM)"), "page {i}");
        assert!(p.contains("woensdag 4 maart 2026"), "page {i}");
        assert!(p.contains("Afgedrukt wo 04-03-2026 18:00 door senior"), "page {i}");
        assert!(p.contains(&format!("pagina {} van {}", i + 1, pages.len())), "page {i}");
        assert!(p.contains("Ondernemer"), "page {i} repeats the header row");
    }
    assert!(text.contains("Indeling versie 1, gepubliceerd"), "{text}");
    // Marks: blocked with its reason, inactive, free, from a permit, the absent holder.
    assert!(text.contains("GEBLOKKEERD") && text.contains("Werk aan de weg"));
    assert!(text.contains("buiten gebruik"));
    assert!(text.contains("vrij"));
    assert!(text.contains("A. Visser") && text.contains("lot"), "the vendor placed by permit on C1");
    assert!(text.contains("A. Hoëvenaars") || text.contains("A. Geërts"));
    // Totals: 87 stalls; 29 holders placed on B1–B30 (not B3: signed off), the holder of 1
    // and 2, and C1 and C2 by permit: 33 stalls, 32 vendors; C3 blocked, C4 inactive.
    let metres_total: i64 = 6 * 3 + 2 * (36 * 3 + 4 * 4) + 3;
    assert!(text.contains(&format!("87 plaatsen, {metres_total} m")), "{text}");
    assert!(text.contains("33 plaatsen, 102 m, 32 ondernemers"), "occupied: {text}");
    assert!(text.contains("2 plaatsen, 6 m"), "blocked and inactive");
    assert!(text.contains("52 plaatsen, 161 m"), "free");
    assert!(text.contains("101-AGF") && text.contains("Groente en fruit"), "the branch and its legend");
}

#[test]
fn the_permit_list_totals_every_payment_method() {
    let mut o = office();
    let printed = print_day(&mut o, Document::PermitList);
    let text = all_text(&pages(&printed.bytes));
    let mut expected: BTreeMap<PaymentMethod, Cents> = BTreeMap::new();
    for id in &o.permits {
        for p in permit::payments(&mut o.f.store, &o.f.admin, *id).unwrap() {
            *expected.entry(p.method).or_default() += p.amount;
        }
        let permit = permit::get(&mut o.f.store, &o.f.admin, *id).unwrap();
        assert!(text.contains(&permit.invoice_number), "{} is listed", permit.invoice_number);
    }
    let totals = text.split_once("Totalen per betaalwijze").expect("a totals section").1;
    for method in PaymentMethod::ALL {
        let amount = expected.get(method).copied().unwrap_or_default();
        assert!(amount > Cents::ZERO, "the office was paid by every method");
        let line = totals.lines().skip_while(|l| *l != method.label_nl()).nth(2);
        assert_eq!(line, Some(amount.to_string().as_str()), "{method}: {text}");
    }
    let total: Cents = expected.values().copied().sum();
    assert!(text.contains(&total.to_string()), "the grand total {total}");
    assert!(text.replace('\n', " ").contains("doorgehaald: verkeerde ondernemer"), "{text}");
    assert!(text.contains("DOORGEHAALD"));
    assert!(text.contains("A. Zoë"), "the voided permit's vendor, with ë");
    assert!(text.contains("partner"));
    assert!(text.contains("4 dagvergunningen, waarvan 1 doorgehaald"));
}

#[test]
fn the_day_close_gives_each_clerk_their_money_and_lines_to_sign() {
    let mut o = office();
    let printed = print_day(&mut o, Document::DayClose);
    let text = all_text(&pages(&printed.bytes));
    assert!(text.contains("Kasopmaak van toezicht"), "{text}");
    assert!(text.contains("nog niet afgesloten"));
    for label in ["Contant geteld (€)", "Verschil (€)", "Handtekening medewerker", "Handtekening controle (senior)"]
    {
        assert!(text.contains(label), "{label}");
    }
    let mut by_method: BTreeMap<PaymentMethod, Cents> = BTreeMap::new();
    for id in &o.permits {
        for p in permit::payments(&mut o.f.store, &o.f.admin, *id).unwrap() {
            *by_method.entry(p.method).or_default() += p.amount;
        }
    }
    // Received is pin and cash; on account stands apart (it was not received).
    let by = |m| by_method.get(&m).copied().unwrap_or_default();
    let received = by(PaymentMethod::Pin) + by(PaymentMethod::Cash);
    let after = |label: &str, n| text.lines().skip_while(|l| *l != label).nth(n);
    assert_eq!(after("Ontvangen (pin en contant)", 1), Some(received.to_string().as_str()), "{text}");
    assert_eq!(after("Op rekening (niet ontvangen)", 2), Some(by(PaymentMethod::OnAccount).to_string().as_str()));
    let cash = by_method.get(&PaymentMethod::Cash).copied().unwrap_or_default();
    let counted = text.lines().skip_while(|l| *l != "Contant volgens de kas").nth(1);
    assert_eq!(counted, Some(cash.to_string().as_str()));
}

#[test]
fn the_week_list_marks_the_days_each_vendor_stood() {
    let mut o = office();
    let printed = print_day(&mut o, Document::WeekList);
    let text = all_text(&pages(&printed.bytes));
    assert!(text.contains("week 10: maandag 2 t/m zondag 8 maart 2026"), "{text}");
    assert!(text.contains("Vaste plaatshouders (31)"));
    assert!(text.contains("Sollicitanten (1)"));
    assert!(text.contains("Daniëls, A."), "sorted names keep their diacritics");
    assert!(text.contains("wo 4") && text.contains("✓"));
}

#[test]
fn the_ab_list_needs_a_market_with_ab_lists_and_splits_the_applicants() {
    let mut o = office();
    let senior = o.f.senior.clone();
    let err =
        report::print(&mut o.f.store, &senior, printed_at(), &request_for(o.f.market, Document::AbList)).unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert!(err.to_string().contains("A/B-lijsten"), "{err}");

    // A daily market with A/B lists: one applicant stood on Tuesday only, which is enough
    // for the A-list (art. 3.10 lid 2a); the other stood on no day Monday to Thursday.
    let admin = o.f.admin.clone();
    let t0 = at("2026-01-06", 9);
    let mut input = MarketInput {
        code: "AB".into(),
        name: "Weekendmarkt".into(),
        kind: MarketKind::Daily,
        weekdays: Weekdays::parse_list("ma,di,wo,do,vr,za").unwrap(),
        ..market_input("AB")
    };
    input.ab_lists = true;
    let m = market::create(&mut o.f.store, &admin, t0, &input).unwrap();
    let row = market::add_row(&mut o.f.store, &admin, t0, m, "Rij", false).unwrap();
    for n in 1..=4 {
        market::add_stall(&mut o.f.store, &admin, t0, &stall_input(row, &n.to_string())).unwrap();
    }
    tariff::create_plan(
        &mut o.f.store,
        &admin,
        t0,
        &TariffPlanInput {
            market: m,
            name: "Weekend 2026".into(),
            from: d("2026-01-01"),
            until: None,
            weekdays: None,
            ignore_fixed: false,
            rates: ["meter", "cleaning", "electricity", "promo"].iter().map(|k| (o.f.kinds[k], Cents(100))).collect(),
        },
    )
    .unwrap();
    let steady = o.f.applicant;
    let absent = vendor::by_number(&mut o.f.store, &o.f.admin, "1960010101").unwrap().id;
    for (v, n) in [(steady, 1), (absent, 2)] {
        let input = RegistrationInput {
            vendor: v,
            market: m,
            list_number: n,
            status: RegistrationStatus::Soll,
            registered_on: d("2020-01-01"),
            places: None,
            stalls: vec![],
            products: vec![],
        };
        registration::create(&mut o.f.store, &senior, t0, &input).unwrap();
    }
    let sup = o.f.supervisor.clone();
    let tuesday = "2026-03-03";
    let input = PermitInput {
        market: m,
        day: d(tuesday),
        vendor: steady,
        presence: Presence::InPerson,
        substitute: None,
        identified_by: Identification::Typed,
        requested: [("stalls_3m".to_string(), 1)].into_iter().collect(),
        stalls: vec![],
        note: String::new(),
        payment: PaymentMethod::Pin,
        override_reason: Some("test: ook op de weekmarkt".into()),
        confirmed_day: None,
    };
    permit::issue(&mut o.f.store, &sup, at(tuesday, 8), &input).unwrap();
    let printed =
        report::print(&mut o.f.store, &senior, printed_at(), &Request::market_day(Document::AbList, m, d(DAY)))
            .unwrap();
    let text = all_text(&pages(&printed.bytes));
    assert!(text.contains("vrijdag 6 en zaterdag 7 maart 2026"), "{text}");
    assert!(text.contains("ten minste één marktdag van maandag t/m donderdag"), "{text}");
    let a = text.find("A-lijst (1)").expect("an A-list of one");
    let b = text.find("B-lijst (1)").expect("a B-list of one");
    let bakker = text.find("Bakker, A.").unwrap();
    let boetius = text.find("Boëtius, A.").unwrap();
    assert!(a < bakker && bakker < b && b < boetius, "{text}");
}

#[test]
fn the_barcode_list_has_every_registered_vendor_with_a_readable_code() {
    let mut o = office();
    let senior = o.f.senior.clone();
    let (doc, _) =
        report::layout(&mut o.f.store, &senior, printed_at(), &request_for(o.f.market, Document::Barcodes)).unwrap();
    let model = doc.into_pages();
    // Each label's bars, read back as a scanner would.
    let mut decoded = Vec::new();
    for page in &model {
        let mut bars: BTreeMap<i64, Vec<(f32, f32)>> = BTreeMap::new();
        for item in &page.items {
            if let report::pdf::Item::Rect { x, y, w, fill: Some(report::pdf::Rgb::BLACK), stroke: None, .. } = item {
                let column = ((*x - report::pdf::LEFT) / (report::pdf::WIDTH / 3.0)) as i64;
                bars.entry((*y * 10.0) as i64 * 10 + column).or_default().push((*x, *w));
            }
        }
        for (_, mut b) in bars {
            b.sort_by(|p, q| p.0.total_cmp(&q.0));
            decoded.push(report::pdf::code39::decode(&b, 0.85).expect("a readable barcode"));
        }
    }
    let printed = print_day(&mut o, Document::Barcodes);
    let text = all_text(&pages(&printed.bytes));
    assert!(text.contains("32 ondernemers"), "{text}");
    assert_eq!(decoded.len(), 32);
    assert!(decoded.contains(&"1957081002".to_string()), "the holder's number: {decoded:?}");
    assert!(text.contains("Daniëls, A.") && text.contains("19570810.02"));
}

#[test]
fn a_receipt_shows_the_lines_vat_per_rate_and_the_payment() {
    let mut o = office();
    let holder_permit = o.permits[0];
    let req = Request { permit: Some(holder_permit), market: None, day: None, ..request(&o, Document::Receipt) };
    let printed = print(&mut o, &req);
    let text = all_text(&pages(&printed.bytes));
    let p = permit::get(&mut o.f.store, &o.f.admin, holder_permit).unwrap();
    let lines = permit::lines(&mut o.f.store, &o.f.admin, holder_permit).unwrap();
    assert!(printed.file_name.starts_with(&format!("kwitantie-{}", p.invoice_number)), "{}", printed.file_name);
    assert!(text.contains(&format!("Kwitantie dagvergunning {}", p.invoice_number)));
    assert!(text.contains("A. Daniëls"), "{text}");
    assert!(text.contains("Gemeente Amsterdam"));
    assert!(text.contains("1, 2 (6 m)"), "stalls and metres");
    for l in &lines {
        assert!(text.contains(&l.label), "{}", l.label);
    }
    let total: Cents = lines.iter().map(|l| l.incl).sum();
    assert!(text.contains(&format!("{total} (pin)")), "{text}");
    assert!(text.contains("21 %") && text.contains("0 %"), "VAT per rate");
    assert!(text.contains("Btw per tarief"));
}

/// The receipt's metres are what the permit was issued for (its metre products), not the
/// length of the stall typed: one 3 m stall and 2 extra metres on the 4 m stall C10 is 5 m.
#[test]
fn a_receipt_takes_its_metres_from_the_permit_s_products_not_from_the_stall_s_length() {
    let mut o = office();
    let v = vendor::by_number(&mut o.f.store, &o.f.admin, "1960010901").unwrap();
    let mut input = o.f.permit_input(v.id);
    input.stalls = vec!["C10".into()];
    input.requested = [("stalls_3m".into(), 1), ("extra_meters".into(), 2)].into_iter().collect();
    input.override_reason = Some("plaats C10 vrijgekomen".into());
    let id = issue(&mut o.f, &input);
    let req = Request { permit: Some(id), market: None, day: None, ..request(&o, Document::Receipt) };
    let printed = print(&mut o, &req);
    // To look at it: MARKT_RECEIPT_PDF=/tmp/receipt.pdf, then pdftoppm -png -r 60.
    if let Some(path) = std::env::var_os("MARKT_RECEIPT_PDF") {
        std::fs::write(path, &printed.bytes).unwrap();
    }
    let text = all_text(&pages(&printed.bytes));
    assert!(text.contains("C10 (5 m)"), "the permit's metres: {text}");
    assert!(!text.contains("C10 (4 m)"), "not the stall's length");
}

#[test]
fn a_ticket_letter_says_what_to_pay_by_when_and_how_to_object() {
    let mut o = office();
    let sup = o.f.supervisor.clone();
    let input = TicketInput {
        market: o.f.market,
        day: d(DAY),
        time: chrono::NaiveTime::from_hms_opt(11, 15, 0).unwrap(),
        stall: "B3".into(),
        vendor: Some(vendor::by_number(&mut o.f.store, &o.f.admin, "1960010201").unwrap().id),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: "V03".into(),
        note: String::new(),
    };
    let id = ticket::create(&mut o.f.store, &sup, at(DAY, 11), &input).unwrap();
    ticket::transition(&mut o.f.store, &sup, at(DAY, 12), id, TicketStatus::Issued, None).unwrap();
    let number = ticket::get(&mut o.f.store, &o.f.admin, id).unwrap().number;
    let req = Request { ticket: Some(id), market: None, day: None, ..request(&o, Document::Ticket) };
    let printed = print(&mut o, &req);
    let text = all_text(&pages(&printed.bytes));
    assert!(text.contains(&format!("Bon {number}")));
    assert!(text.contains("A. Çelik") && text.contains("Erkenningsnummer 19600102.01"), "{text}");
    assert!(text.contains("woensdag 4 maart 2026 om 11:15"));
    assert!(text.contains("V03 Afval achtergelaten"));
    assert!(text.contains("artikel 3.26 van de Marktverordening"));
    assert!(text.contains("€ 100,00"));
    assert!(text.contains("vrijdag 3 april 2026"), "due 30 days later");
    assert!(text.contains(&format!("Betalingskenmerk\n{number}")), "{text}");
    let flat = text.replace('\n', " ");
    assert!(flat.contains("tot en met woensdag 15 april 2026 schriftelijk bezwaar"), "six weeks to object: {flat}");
}

#[test]
fn a_letter_carries_the_office_s_name_and_iban_from_its_settings() {
    let mut o = office();
    let (admin, sup) = (o.f.admin.clone(), o.f.supervisor.clone());
    let haarlem = markt::office::Office {
        name: "Gemeente Haarlem · Markten".into(),
        address: "Grote Markt 2\n2011 RD Haarlem".into(),
        phone: "023 511 5115".into(),
        iban: "NL91ABNA0417164300".into(),
    };
    markt::office::set(&mut o.f.store, &admin, at(DAY, 9), &haarlem).unwrap();
    let input = TicketInput {
        market: o.f.market,
        day: d(DAY),
        time: chrono::NaiveTime::from_hms_opt(11, 15, 0).unwrap(),
        stall: "B3".into(),
        vendor: Some(vendor::by_number(&mut o.f.store, &o.f.admin, "1960010201").unwrap().id),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: "V03".into(),
        note: String::new(),
    };
    let id = ticket::create(&mut o.f.store, &sup, at(DAY, 11), &input).unwrap();
    ticket::transition(&mut o.f.store, &sup, at(DAY, 12), id, TicketStatus::Issued, None).unwrap();
    let req = Request { ticket: Some(id), market: None, day: None, ..request(&o, Document::Ticket) };
    let printed = print(&mut o, &req);
    let flat = all_text(&pages(&printed.bytes)).replace('\n', " ");
    assert!(flat.contains("Gemeente Haarlem · Markten"), "the office's name: {flat}");
    assert!(flat.contains("Grote Markt 2, 2011 RD Haarlem") && flat.contains("023 511 5115"), "{flat}");
    assert!(flat.contains("op rekening NL91 ABNA 0417 1643 00 ten name van Gemeente Haarlem"), "the IBAN: {flat}");
    assert!(!flat.contains("Amsterdam"), "nothing of another office: {flat}");
    // The receipt of a payment carries the same letterhead.
    let req = Request { permit: Some(o.permits[0]), market: None, day: None, ..request(&o, Document::Receipt) };
    let flat = all_text(&pages(&print(&mut o, &req).bytes)).replace('\n', " ");
    assert!(flat.contains("Gemeente Haarlem · Markten") && flat.contains("IBAN NL91 ABNA 0417 1643 00"), "{flat}");
}

#[test]
fn a_letter_sent_three_weeks_after_the_market_day_gives_thirty_days_from_its_issue() {
    let mut o = office();
    let sup = o.f.supervisor.clone();
    let input = TicketInput {
        market: o.f.market,
        day: d(DAY),
        time: chrono::NaiveTime::from_hms_opt(11, 15, 0).unwrap(),
        stall: "B3".into(),
        vendor: Some(vendor::by_number(&mut o.f.store, &o.f.admin, "1960010201").unwrap().id),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: "V03".into(),
        note: String::new(),
    };
    // Written as a draft on the market day (4 March), issued three weeks later (25 March).
    let id = ticket::create(&mut o.f.store, &sup, at(DAY, 11), &input).unwrap();
    ticket::transition(&mut o.f.store, &sup, at("2026-03-25", 10), id, TicketStatus::Issued, None).unwrap();
    let req = Request { ticket: Some(id), market: None, day: None, ..request(&o, Document::Ticket) };
    let senior = o.f.senior.clone();
    let printed = report::print(&mut o.f.store, &senior, at("2026-03-25", 11), &req).unwrap();
    let flat = all_text(&pages(&printed.bytes)).replace('\n', " ");
    assert!(flat.contains("woensdag 25 maart 2026"), "the letter gives its issue date: {flat}");
    assert!(flat.contains("vrijdag 24 april 2026"), "due 30 days after the issue: {flat}");
    assert!(!flat.contains("vrijdag 3 april 2026"), "not 30 days after the market day: {flat}");
    assert!(flat.contains("tot en met woensdag 6 mei 2026 schriftelijk bezwaar"), "six weeks from the issue: {flat}");
    let t = ticket::get(&mut o.f.store, &o.f.admin, id).unwrap();
    assert!(!t.overdue(d("2026-04-24")), "payable up to and including the due date");
    assert!(t.overdue(d("2026-04-25")));
}

#[test]
fn market_day_documents_need_a_market_and_a_day_and_say_which_field_is_missing() {
    let mut o = office();
    let senior = o.f.senior.clone();
    let req = Request { market: None, day: None, ..request(&o, Document::DailyList) };
    let err = report::print(&mut o.f.store, &senior, printed_at(), &req).unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["market", "day"]);
    let req = Request { permit: None, payment: None, ..request(&o, Document::Receipt) };
    let err = report::print(&mut o.f.store, &senior, printed_at(), &req).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "payment");
    // A list for a day the market is not held says so at the top of every page.
    let thursday = Request::market_day(Document::DailyList, o.f.market, d("2026-03-05"));
    let text = all_text(&pages(&print(&mut o, &thursday).bytes));
    assert!(text.contains("GEEN MARKTDAG") && text.contains("Markt WM is er niet op donderdag"), "{text}");
}

#[test]
fn each_role_prints_what_it_may_read_and_a_list_stays_small() {
    let mut o = office();
    for role in Role::ALL {
        let actor = o.f.actor(*role).clone();
        for doc in [Document::DailyList, Document::PermitList, Document::DayClose] {
            let result = report::print(&mut o.f.store, &actor, printed_at(), &request_for(o.f.market, doc));
            if !doc.action().allowed(*role) {
                // Finance reads the money (permit list, day close), not the stalls and vendors.
                assert_eq!((*role, doc), (Role::Finance, Document::DailyList));
                assert!(matches!(result, Err(markt::Error::Forbidden { .. })), "{doc:?} as {role}");
                continue;
            }
            let printed = result.unwrap();
            assert!(
                printed.bytes.len() < 120_000,
                "{doc:?} is {} bytes: is the font embedded whole?",
                printed.bytes.len()
            );
        }
    }
}

#[test]
fn an_ended_market_keeps_its_daily_list_for_the_days_before_its_end() {
    let mut f = fixture();
    let (admin, senior) = (f.admin.clone(), f.senior.clone());
    // The fixture's Wednesday market ends on Tuesday 10 March 2026, after its last day (4 March).
    market::set_ended(&mut f.store, &admin, at("2026-03-10", 17), f.market, true).unwrap();
    // Ending it again does not move the day it ended.
    market::set_ended(&mut f.store, &admin, at("2026-03-20", 9), f.market, true).unwrap();
    let mut text = |document: Document, day: &str| {
        let request = Request::market_day(document, f.market, d(day));
        all_text(&pages(&report::print(&mut f.store, &senior, printed_at(), &request).unwrap().bytes))
    };
    let before = text(Document::DailyList, DAY);
    assert!(!before.contains("GEEN MARKTDAG"), "a day before the end was a market day: {before}");
    let after = text(Document::DailyList, "2026-03-11");
    assert!(after.contains("GEEN MARKTDAG"), "a day after the end is not: {after}");
    let week = text(Document::WeekList, DAY);
    assert!(week.contains("wo 4") && !week.contains("is er deze week niet"), "the week before the end: {week}");
    let week = text(Document::WeekList, "2026-03-11");
    assert!(week.contains("Markt WM is er deze week niet."), "the week after the end: {week}");
}

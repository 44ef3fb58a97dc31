//! The generic table document: a report of `figures` printed as it is. The text read back
//! from the PDF shows the title, the columns and the totals; a long table breaks across
//! pages with the header row on every page and never cuts a row.

mod common;

use common::*;
use markt::code::PaymentMethod;
use markt::export::{Cell, Column, Table};
use markt::figures::{self, Period, Split};
use markt::report::pdf::Item;
use markt::report::pdf::{BODY_BOTTOM, BODY_TOP};
use markt::{Cents, report};

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

/// A table of `n` rows; every ninth name is long enough to wrap over several lines.
fn long_table(n: usize) -> Table {
    let rows = (0..n)
        .map(|i| {
            let name = if i % 9 == 0 {
                format!("Daniëlle van der Zwaluwenburg-Oosterhuis-Çelikbaş-Hoëvenaars {i}")
            } else {
                format!("Ondernemer {i}")
            };
            vec![
                Cell::text("AC"),
                Cell::Date(d("2026-03-04")),
                Cell::text(name),
                Cell::Int(i as i64),
                Cell::Money(Cents(12_345 + i as i64)),
                Cell::Bool(i % 2 == 0),
            ]
        })
        .collect::<Vec<_>>();
    let sum: i64 = (0..n as i64).map(|i| 12_345 + i).sum();
    Table {
        title: "Proeftabel met veel regels".into(),
        subtitle: "AC; 04-03-2026 t/m 04-03-2026; een tabel om de paginering te proeven".into(),
        columns: vec![
            Column::new("market", "Markt"),
            Column::new("date", "Datum"),
            Column::new("vendor_name", "Naam"),
            Column::new("number", "Nummer"),
            Column::new("incl", "Incl. btw"),
            Column::new("met", "Voldaan"),
        ],
        totals: Some(vec![
            Cell::text("Totaal"),
            Cell::Empty,
            Cell::Empty,
            Cell::Int(n as i64),
            Cell::Money(Cents(sum)),
            Cell::Empty,
        ]),
        rows,
    }
}

#[test]
fn a_long_table_breaks_across_pages_with_its_header_and_never_cuts_a_row() {
    let mut f = fixture();
    let fin = f.finance.clone();
    let table = long_table(400);
    let printed = report::print_table(&mut f.store, &fin, at(DAY, 18), &table).unwrap();
    assert_eq!(printed.file_name, "overzicht-proeftabel-met-veel-regels.pdf");
    let text = pages(&printed.bytes);
    assert!(text.len() >= 5, "400 rows take several pages, got {}", text.len());
    assert_eq!(printed.pages, text.len());
    let n = text.len();
    for (i, page) in text.iter().enumerate() {
        let has = |s: &str| page.iter().any(|l| l == s);
        assert!(has("Proeftabel met veel regels"), "page {}: the title in the frame", i + 1);
        assert!(has("Overzicht"), "page {}: the document's name", i + 1);
        assert!(has(&format!("pagina {} van {n}", i + 1)), "page {}: its number", i + 1);
        for column in ["Markt", "Datum", "Naam", "Nummer", "Incl. btw", "Voldaan"] {
            assert_eq!(page.iter().filter(|l| *l == column).count(), 1, "page {}: the header {column} once", i + 1);
        }
    }
    let all = text.iter().flatten().cloned().collect::<Vec<_>>().join("\n");
    assert!(all.contains("AC · 04-03-2026 t/m 04-03-2026"), "markets and period in the frame");
    assert!(all.contains("Een tabel om de paginering te proeven."), "the explanation once, above the table");
    assert!(all.contains("€ 123,45") && all.contains("ja") && all.contains("nee"), "cells as Dutch readers read them");
    let last = &text[n - 1];
    let totals = last.iter().position(|l| l == "Totaal").expect("the totals row on the last page");
    let sum: i64 = (0..400).map(|i| 12_345 + i).sum();
    assert_eq!(last[totals + 1], "400");
    assert_eq!(last[totals + 2], Cents(sum).to_string(), "the total amount");
    assert!(all.contains("Daniëlle"), "diacritics print");

    // The page model: each row once, in order, wholly inside the body of one page.
    let (doc, _) = report::layout_table(&mut f.store, &fin, at(DAY, 18), &table).unwrap();
    let laid = doc.into_pages();
    assert_eq!(laid.len(), n);
    let mut seen = Vec::new();
    for (i, page) in laid.iter().enumerate() {
        for item in &page.items {
            if let Item::Rect { y, h, .. } = item {
                assert!(
                    *y >= BODY_TOP - 10.0 && *y + *h <= BODY_BOTTOM + 0.01,
                    "page {}: a row leaves the body",
                    i + 1
                );
            }
        }
        seen.extend(page.rows.iter().cloned());
    }
    let mut expected: Vec<String> = (0..400).map(|i| format!("row:{i}")).collect();
    expected.push("totals".into());
    assert_eq!(seen, expected, "every row once, in order, on one page");
}

#[test]
fn a_report_prints_its_title_columns_and_totals() {
    let mut f = fixture();
    let mut input = f.permit_input(f.holder);
    input.payment = PaymentMethod::Cash;
    issue(&mut f, &input);
    let t = figures::revenue(&mut f.store, &f.admin, d(DAY), d(DAY), &[], Period::Month, Split::PaymentMethod).unwrap();
    let fin = f.finance.clone();
    let printed = report::print_table(&mut f.store, &fin, at(DAY, 18), &t).unwrap();
    let text = pages(&printed.bytes);
    assert_eq!(text.len(), 1);
    let page = &text[0];
    let has = |s: &str| page.iter().any(|l| l == s);
    assert!(has(&t.title), "{page:#?}");
    for c in &t.columns {
        // Long headers wrap at spaces: each word is there.
        for w in c.nl.split(' ') {
            assert!(page.iter().any(|l| l.split(' ').any(|x| x == w)), "column {} in {page:#?}", c.nl);
        }
    }
    assert!(has("contant"), "the payment method as a word");
    let totals = t.totals.as_ref().unwrap();
    let Cell::Money(incl) = totals[totals.len() - 1] else { panic!("incl is money") };
    assert!(incl > Cents::ZERO);
    let i = page.iter().position(|l| l == "Totaal").expect("the totals row");
    assert!(page[i..].contains(&incl.to_string()), "the total {incl} after Totaal: {page:#?}");
    assert!(has("pagina 1 van 1"));
    assert!(page.iter().any(|l| l.starts_with("Afgedrukt") && l.contains("door")), "who printed it, and when");
}

#[test]
fn an_empty_report_says_so() {
    let mut f = fixture();
    let t = figures::multiple(&mut f.store, &f.admin, d("2025-01-01"), d("2025-01-31"), &[]).unwrap();
    assert!(t.rows.is_empty());
    let fin = f.finance.clone();
    let printed = report::print_table(&mut f.store, &fin, at(DAY, 18), &t).unwrap();
    let all = pages(&printed.bytes).concat().join("\n");
    assert!(all.contains("Geen regels in deze periode."), "{all}");
    assert!(all.contains("Meervoudig staan"));
}

/// What a clerk gets when copying from the PDF: `pdftotext -layout` (poppler, as viewers
/// extract) reads each row on one line, its cells in the columns' order.
#[test]
fn pdftotext_reads_each_row_on_one_line() {
    let mut f = fixture();
    let fin = f.finance.clone();
    let printed = report::print_table(&mut f.store, &fin, at(DAY, 18), &long_table(30)).unwrap();
    let dir = std::env::temp_dir().join(format!("markt-print-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("table.pdf");
    std::fs::write(&pdf, &printed.bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs: ./dev test installs it");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let words = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let header = text.lines().find(|l| l.contains("Markt") && l.contains("Datum")).expect("the header row");
    let h = words(header);
    let pos = |w: &str| h.iter().position(|x| x == w).unwrap_or_else(|| panic!("{w} in {header}"));
    assert!(pos("Markt") < pos("Datum") && pos("Datum") < pos("Naam") && pos("Naam") < pos("Nummer"), "{header}");
    let row = text.lines().find(|l| l.contains("Ondernemer 7")).expect("row 7");
    assert_eq!(
        words(row),
        ["AC", "04-03-2026", "Ondernemer", "7", "7", "€", "123,52", "nee"],
        "one row, one line, in order: {row}"
    );
    let sum: i64 = (0..30).map(|i| 12_345 + i).sum();
    let totals = text.lines().find(|l| l.trim_start().starts_with("Totaal")).expect("the totals row");
    assert!(
        totals.contains(&Cents(sum).to_string().replace('\u{a0}', " ")) || totals.contains(&Cents(sum).to_string()),
        "{totals}"
    );
    assert!(text.contains("pagina 1 van 1"), "{text}");
}

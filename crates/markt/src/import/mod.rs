//! CSV imports of master data (reports.md "Imports"): markets with their stalls, vendors,
//! registrations with fixed stalls and products, substitutes. The formats are in
//! `docs/imports.md`; each is the matching list export's, so an export imports again.
//!
//! An import is all or nothing. The file's encoding (UTF-8 with or without BOM, else
//! Latin-1 as Windows writes it) and separator (`;`, `,` or tab) are detected. Every line
//! goes through the same clerk actions the forms use (`vendor::create`, `registration::update`,
//! …), each in its own savepoint of one transaction, so every rule of the forms applies and
//! every bad line is found, with its line number, column and reason. The transaction is
//! kept only when no line was bad and it is not a dry run; the audit rows of the actions
//! come with it. A line that matches what is stored counts as unchanged, one that differs
//! updates it (changed), one that is new adds it.

mod kinds;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::db::Store;
use crate::error::{Error, Problem, Result};
use crate::export::Column;
use crate::progress::{self, Progress};

/// Files larger than this are refused before reading (a CSV of master data is far smaller).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// What is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Markets,
    Vendors,
    Registrations,
    Substitutes,
}

impl ImportKind {
    pub const ALL: &'static [ImportKind] =
        &[ImportKind::Markets, ImportKind::Vendors, ImportKind::Registrations, ImportKind::Substitutes];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Markets => "markets",
            ImportKind::Vendors => "vendors",
            ImportKind::Registrations => "registrations",
            ImportKind::Substitutes => "substitutes",
        }
    }

    pub fn parse(text: &str) -> Result<ImportKind> {
        ImportKind::ALL.iter().copied().find(|k| k.code() == text.trim()).ok_or_else(|| {
            Error::invalid(
                "kind",
                Problem::Unknown,
                format!("onbekende import ‘{text}’ (markets, vendors, registrations, substitutes)"),
            )
        })
    }

    /// The role the forms of this data need.
    pub fn action(self) -> Action {
        match self {
            ImportKind::Markets => Action::EditMarkets,
            ImportKind::Vendors | ImportKind::Substitutes => Action::EditVendors,
            ImportKind::Registrations => Action::EditRegistrations,
        }
    }

    /// The columns, with whether each must be in the header.
    pub fn columns(self) -> Vec<(Column, bool)> {
        use crate::export::lists;
        let (cols, required): (&[Column], &[&str]) = match self {
            ImportKind::Markets => (lists::MARKETS, &["market", "market_name", "kind", "weekdays"]),
            ImportKind::Vendors => (lists::VENDORS, &["registration_number", "surname"]),
            ImportKind::Registrations => {
                (lists::REGISTRATIONS, &["market", "registration_number", "list_number", "status"])
            }
            ImportKind::Substitutes => {
                (lists::SUBSTITUTES, &["registration_number", "substitute_number", "valid_from"])
            }
        };
        cols.iter().map(|c| (*c, required.contains(&c.key))).collect()
    }
}

/// How the file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    /// Not valid UTF-8: read as Latin-1 (Windows-1252, what Windows spreadsheets write).
    Latin1,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 met BOM",
            Encoding::Latin1 => "Latin-1 (Windows-1252)",
        }
    }
}

/// One bad line: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// The line in the file, 1 for the header.
    pub line: u64,
    /// The column as the file's header names it; empty when the whole line is meant.
    pub column: String,
    pub reason: String,
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub dry_run: bool,
    pub encoding: Option<Encoding>,
    pub separator: Option<char>,
    /// Data lines read (the header not counted).
    pub lines: u64,
    /// Every bad line; nothing is stored when there is one.
    pub errors: Vec<LineError>,
    /// Header columns this import does not read.
    pub ignored_columns: Vec<String>,
    /// What was (or, in a dry run, would be) added, changed, left as it was: keys such as
    /// `19570810.02`, `AC`, `AC 12`, `AC 19570810.02`.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    /// Whether the changes were stored.
    pub applied: bool,
}

impl ImportReport {
    fn new(kind: ImportKind, dry_run: bool) -> ImportReport {
        ImportReport {
            kind,
            dry_run,
            encoding: None,
            separator: None,
            lines: 0,
            errors: Vec::new(),
            ignored_columns: Vec::new(),
            added: Vec::new(),
            changed: Vec::new(),
            unchanged: Vec::new(),
            applied: false,
        }
    }

    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Reads `bytes` as a CSV file of `kind`, checks every line with the forms' rules, and
/// stores it all (one transaction) when every line is good and `dry_run` is false.
/// Refused with `Forbidden` for a role that may not edit this data; a cancel stores nothing.
pub fn run(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    kind: ImportKind,
    bytes: &[u8],
    dry_run: bool,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    actor.require(kind.action())?;
    let mut report = ImportReport::new(kind, dry_run);
    let header_error = |report: &mut ImportReport, column: &str, reason: String| {
        report.errors.push(LineError { line: 1, column: column.to_string(), reason });
    };
    if bytes.len() > MAX_BYTES {
        header_error(&mut report, "", format!("het bestand is groter dan {} MB", MAX_BYTES / (1024 * 1024)));
        return Ok(report);
    }
    let (text, encoding) = match decode(bytes) {
        Ok(x) => x,
        Err(reason) => {
            header_error(&mut report, "", reason);
            return Ok(report);
        }
    };
    report.encoding = Some(encoding);
    let separator = detect_separator(&text);
    report.separator = Some(separator as char);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            header_error(&mut report, "", format!("de kopregel is geen CSV: {e}"));
            return Ok(report);
        }
        None => {
            header_error(&mut report, "", "het bestand is leeg".into());
            return Ok(report);
        }
    };
    let layout = match Layout::read(kind, &header, &mut report) {
        Some(l) => l,
        None => return Ok(report),
    };
    let mut rows = Vec::new();
    for record in records {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                if r.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if r.len() != header.len() {
                    report.errors.push(LineError {
                        line,
                        column: String::new(),
                        reason: format!("{} kolommen, de kopregel heeft er {}", r.len(), header.len()),
                    });
                    continue;
                }
                rows.push(Row { line, cells: r.iter().map(|c| c.trim().to_string()).collect() });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                report.errors.push(LineError { line, column: String::new(), reason: format!("geen geldige CSV: {e}") });
            }
        }
    }
    report.lines = rows.len() as u64 + report.errors.len() as u64;
    progress.phase("regels controleren", Some(rows.len() as u64));
    store.batch_if(|store| {
        let mut ctx = Context { store, actor, now, layout: &layout, report: &mut report, seen: Default::default() };
        for (i, row) in rows.iter().enumerate() {
            kinds::line(&mut ctx, row)?;
            progress::tick(progress, i as u64 + 1)?;
        }
        progress::finish(progress, rows.len() as u64)?;
        let keep = !dry_run && ctx.report.errors.is_empty();
        Ok(((), keep))
    })?;
    // By line, and within a line in the order of the file's columns.
    let position = |column: &str| header.iter().position(|h| h.trim() == column).map_or(0, |i| i + 1);
    report.errors.sort_by_key(|e| (e.line, position(&e.column)));
    report.applied = !dry_run && report.errors.is_empty();
    Ok(report)
}

/// A data line: its number in the file and its cells, trimmed.
pub(crate) struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// Which column of the file holds which field, and what the file calls it.
pub(crate) struct Layout {
    index: BTreeMap<&'static str, usize>,
    names: BTreeMap<&'static str, String>,
}

impl Layout {
    /// Matches the header to the kind's columns (by their `rfc` or `nl` name, in any case
    /// and order); a missing required column is an error of line 1.
    fn read(kind: ImportKind, header: &csv::StringRecord, report: &mut ImportReport) -> Option<Layout> {
        let columns = kind.columns();
        let mut index = BTreeMap::new();
        let mut names = BTreeMap::new();
        for (i, name) in header.iter().enumerate() {
            let norm = name.trim().trim_start_matches('\u{feff}').to_lowercase();
            match columns.iter().find(|(c, _)| c.key == norm || c.nl.to_lowercase() == norm) {
                Some((c, _)) if !index.contains_key(c.key) => {
                    index.insert(c.key, i);
                    names.insert(c.key, name.trim().to_string());
                }
                Some(_) => report.errors.push(LineError {
                    line: 1,
                    column: name.trim().to_string(),
                    reason: "deze kolom staat er twee keer in".into(),
                }),
                None if !norm.is_empty() => report.ignored_columns.push(name.trim().to_string()),
                None => {}
            }
        }
        for (c, required) in &columns {
            if *required && !index.contains_key(c.key) {
                report.errors.push(LineError {
                    line: 1,
                    column: c.key.to_string(),
                    reason: format!("de kolom ‘{}’ ({}) ontbreekt", c.key, c.nl),
                });
            }
        }
        report.errors.is_empty().then_some(Layout { index, names })
    }

    /// The cell of `key` on the row; empty when the file has no such column.
    pub fn get<'r>(&self, row: &'r Row, key: &str) -> &'r str {
        self.index.get(key).and_then(|i| row.cells.get(*i)).map_or("", String::as_str)
    }

    /// What the file calls the column of `key`.
    pub fn name(&self, key: &str) -> String {
        self.names.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
}

/// What every line's work needs.
pub(crate) struct Context<'a> {
    pub store: &'a mut Store,
    pub actor: &'a Actor,
    pub now: DateTime<Utc>,
    pub layout: &'a Layout,
    pub report: &'a mut ImportReport,
    /// Keys (and markets) met so far in the file, with their line.
    pub seen: std::collections::HashMap<String, u64>,
}

impl Context<'_> {
    pub fn fail(&mut self, row: &Row, key: &str, reason: impl Into<String>) {
        let column = if key.is_empty() { String::new() } else { self.layout.name(key) };
        self.report.errors.push(LineError { line: row.line, column, reason: reason.into() });
    }

    /// Reports a core error of the line: each field error on its column (`field_column`
    /// names it), anything else on the whole line. A cancel or a storage failure stops the
    /// import instead.
    pub fn core_error(&mut self, row: &Row, e: Error, field_column: fn(&str) -> &'static str) -> Result<()> {
        match e {
            Error::Invalid(inv) => {
                for f in inv.0 {
                    let base = f.field.split(['[', '.']).next().unwrap_or("");
                    self.fail(row, field_column(base), f.message);
                }
                Ok(())
            }
            Error::Store(_) | Error::Cancelled | Error::Write(_) => Err(e),
            other => {
                self.fail(row, "", other.to_string());
                Ok(())
            }
        }
    }
}

/// UTF-8 (a BOM is dropped), else Latin-1 as Windows-1252; UTF-16 and binary files are
/// refused with the reason.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, Encoding), String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("het bestand is UTF-16: sla het op als CSV in UTF-8 (of Latin-1)".into());
    }
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(format!("het bestand is geen tekst (een nul-byte op positie {at}): sla het op als CSV"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), Encoding::Utf8Bom)),
            Err(e) => Err(format!("het bestand begint als UTF-8 maar is het niet (byte {})", e.valid_up_to() + 3)),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
        Err(_) => Ok((bytes.iter().map(|b| windows_1252(*b)).collect(), Encoding::Latin1)),
    }
}

/// Windows-1252: Latin-1 with printable characters (€, ‘, ’, …) in 0x80–0x9F.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The separator of the header line: the most frequent of `;`, `,` and tab outside quotes
/// (a tie goes to `;`, the Dutch spreadsheet's).
pub fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - *i)).unwrap_or(0);
    if counts[best] == 0 { b';' } else { seps[best] }
}

/// `dd-mm-jjjj` (as the `nl` export writes) or `jjjj-mm-dd`.
pub(crate) fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%d-%m-%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .map_err(|_| format!("‘{t}’ is geen datum (dd-mm-jjjj of jjjj-mm-dd)"))
}

/// `ja`/`nee` (as the `nl` export writes), `true`/`false`, `j`/`n`, `1`/`0`; empty is `default`.
pub(crate) fn parse_bool(text: &str, default: bool) -> std::result::Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "" => Ok(default),
        "ja" | "j" | "true" | "1" | "yes" | "y" | "waar" => Ok(true),
        "nee" | "n" | "false" | "0" | "no" | "onwaar" => Ok(false),
        other => Err(format!("‘{other}’ is geen ja of nee")),
    }
}

/// A list in one cell: `1, 2, 3` or `1 2 3`.
pub(crate) fn split_list(text: &str) -> Vec<&str> {
    text.split([',', ' ', '|']).map(str::trim).filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        assert_eq!(decode("Daniëls".as_bytes()).unwrap(), ("Daniëls".into(), Encoding::Utf8));
        assert_eq!(decode(b"\xEF\xBB\xBFa;b").unwrap(), ("a;b".into(), Encoding::Utf8Bom));
        // "Daniëls € 5" as Windows writes it.
        assert_eq!(decode(b"Dani\xEBls \x80 5").unwrap(), ("Daniëls € 5".into(), Encoding::Latin1));
        assert!(decode(b"\xFF\xFEa\0;\0").unwrap_err().contains("UTF-16"));
        assert!(decode(b"a\0b").unwrap_err().contains("nul-byte"));
        assert!(decode(b"\xEF\xBB\xBFDani\xEBls").is_err(), "a BOM promises UTF-8");
    }

    #[test]
    fn separators_are_detected_outside_quotes() {
        assert_eq!(detect_separator("a;b;c\n1,2;3"), b';');
        assert_eq!(detect_separator("a,b,c\n"), b',');
        assert_eq!(detect_separator("a\tb\n"), b'\t');
        assert_eq!(detect_separator("\"a;b\",c\n"), b',');
        assert_eq!(detect_separator("single\n"), b';');
    }

    #[test]
    fn cells() {
        assert_eq!(parse_date("04-03-2026"), Ok(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()));
        assert_eq!(parse_date("2026-03-04"), Ok(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()));
        assert!(parse_date("4 maart").is_err());
        assert_eq!(parse_bool("Ja", false), Ok(true));
        assert_eq!(parse_bool("", true), Ok(true));
        assert!(parse_bool("misschien", true).is_err());
        assert_eq!(split_list("1, 2 3|4"), ["1", "2", "3", "4"]);
    }
}

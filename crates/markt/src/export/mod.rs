//! CSV exports (reports.md "CSV exports"): the finance export in numbered batches
//! ([`finance`]) and the lists of vendors, registrations, markets, substitutes, permits,
//! tickets and attendance ([`lists`]), each in two dialects.
//!
//! - `nl` (default): `;`, decimal comma, UTF-8 with BOM, dates `dd-mm-jjjj`, Dutch headers:
//!   opens right in a Dutch spreadsheet.
//! - `rfc`: `,`, decimal point, UTF-8 without BOM, ISO dates, snake_case English headers:
//!   for other systems.
//!
//! Both end lines with CRLF (RFC 4180, and what Windows spreadsheets write). A text cell
//! that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front, so a
//! spreadsheet never runs it as a formula; numbers (amounts too, negative ones included)
//! are written as numbers. Every export streams: rows go to the writer as they are read.

pub mod finance;
pub mod lists;

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Problem, Result};
use crate::money::{Cents, Percent};

/// The two CSV dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// `;`, decimal comma, BOM, `dd-mm-jjjj`, Dutch headers.
    #[default]
    Nl,
    /// `,`, decimal point, no BOM, ISO dates, snake_case English headers.
    Rfc,
}

impl Dialect {
    pub const ALL: &'static [Dialect] = &[Dialect::Nl, Dialect::Rfc];

    pub fn code(self) -> &'static str {
        match self {
            Dialect::Nl => "nl",
            Dialect::Rfc => "rfc",
        }
    }

    pub fn parse(text: &str) -> Result<Dialect> {
        match text.trim() {
            "nl" => Ok(Dialect::Nl),
            "rfc" => Ok(Dialect::Rfc),
            other => Err(Error::invalid("dialect", Problem::Unknown, format!("onbekend dialect ‘{other}’ (nl, rfc)"))),
        }
    }

    pub fn separator(self) -> u8 {
        match self {
            Dialect::Nl => b';',
            Dialect::Rfc => b',',
        }
    }
}

/// A column: its `rfc` header (snake_case English) and its `nl` header (Dutch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub nl: &'static str,
}

impl Column {
    pub const fn new(key: &'static str, nl: &'static str) -> Column {
        Column { key, nl }
    }

    pub fn header(&self, dialect: Dialect) -> &'static str {
        match dialect {
            Dialect::Nl => self.nl,
            Dialect::Rfc => self.key,
        }
    }
}

/// One cell of an export or a report: the type decides how each dialect writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Money(Cents),
    Percent(Percent),
    Date(NaiveDate),
    /// Shown in Amsterdam time: `04-03-2026 08:00` (nl), `2026-03-04T08:00:00+01:00` (rfc).
    Instant(DateTime<Utc>),
    Bool(bool),
    Empty,
}

impl<'a> Cell<'a> {
    pub fn text(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(s.into())
    }

    pub fn opt_date(d: Option<NaiveDate>) -> Cell<'a> {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// The cell as the dialect writes it (before CSV quoting).
    pub fn render(&self, dialect: Dialect) -> Cow<'_, str> {
        match (self, dialect) {
            (Cell::Text(t), _) => guard(t),
            (Cell::Int(n), _) => Cow::Owned(n.to_string()),
            (Cell::Money(c), Dialect::Nl) => Cow::Owned(c.to_decimal_comma()),
            (Cell::Money(c), Dialect::Rfc) => Cow::Owned(c.to_decimal()),
            (Cell::Percent(p), Dialect::Nl) => Cow::Owned(p.to_string()),
            (Cell::Percent(p), Dialect::Rfc) => Cow::Owned(p.to_decimal()),
            (Cell::Date(d), Dialect::Nl) => Cow::Owned(crate::time::show_date(*d)),
            (Cell::Date(d), Dialect::Rfc) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            (Cell::Instant(t), Dialect::Nl) => Cow::Owned(crate::time::local(*t).format("%d-%m-%Y %H:%M").to_string()),
            (Cell::Instant(t), Dialect::Rfc) => {
                Cow::Owned(t.with_timezone(&chrono_tz::Europe::Amsterdam).format("%Y-%m-%dT%H:%M:%S%:z").to_string())
            }
            (Cell::Bool(b), Dialect::Nl) => Cow::Borrowed(if *b { "ja" } else { "nee" }),
            (Cell::Bool(b), Dialect::Rfc) => Cow::Borrowed(if *b { "true" } else { "false" }),
            (Cell::Empty, _) => Cow::Borrowed(""),
        }
    }

    /// Whether a table shows this cell right-aligned (numbers).
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Money(_) | Cell::Percent(_))
    }
}

/// Formula injection: a text that a spreadsheet would take for a formula gets a `'` in front.
pub fn guard(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV file being written: the BOM (nl) and the header first, then a row at a time.
pub struct Sheet<'w> {
    csv: csv::Writer<&'w mut dyn Write>,
    dialect: Dialect,
    rows: u64,
}

impl<'w> Sheet<'w> {
    pub fn new(out: &'w mut dyn Write, dialect: Dialect, columns: &[Column]) -> Result<Sheet<'w>> {
        if dialect == Dialect::Nl {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let csv =
            csv::WriterBuilder::new().delimiter(dialect.separator()).terminator(csv::Terminator::CRLF).from_writer(out);
        let mut sheet = Sheet { csv, dialect, rows: 0 };
        sheet.csv.write_record(columns.iter().map(|c| c.header(dialect))).map_err(csv_error)?;
        Ok(sheet)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        for c in cells {
            self.csv.write_field(c.render(self.dialect).as_bytes()).map_err(csv_error)?;
        }
        self.csv.write_record(None::<&[u8]>).map_err(csv_error)?;
        self.rows += 1;
        Ok(())
    }

    /// Data rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn finish(mut self) -> Result<u64> {
        self.csv.flush()?;
        Ok(self.rows)
    }
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Write(io),
        other => Error::Write(std::io::Error::other(format!("{other:?}"))),
    }
}

/// A report or a list in plain tabular form: what a CSV file holds, and what a printed
/// (PDF) table shows: title, columns, rows and a totals row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    /// What was asked: period, markets, grouping.
    pub subtitle: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell<'static>>>,
    /// Sums where they mean something; empty cells elsewhere. The first cell says `Totaal`.
    pub totals: Option<Vec<Cell<'static>>>,
}

impl Table {
    /// Writes the table as CSV. The totals row is written in `nl` only (a spreadsheet's
    /// reader wants it; another system sums for itself).
    pub fn write_csv(&self, out: &mut dyn Write, dialect: Dialect) -> Result<()> {
        let mut sheet = Sheet::new(out, dialect, &self.columns)?;
        for row in &self.rows {
            sheet.row(row)?;
        }
        if let (Some(totals), Dialect::Nl) = (&self.totals, dialect) {
            sheet.row(totals)?;
        }
        sheet.finish().map(drop)
    }

    pub fn to_csv(&self, dialect: Dialect) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write_csv(&mut out, dialect)?;
        Ok(out)
    }
}

/// Writes a file the way an export must land: into `PATH.partial` first, renamed to `PATH`
/// only when `write` succeeded, removed otherwise. A cancelled or failed export leaves no
/// file that looks finished.
pub fn write_file<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let result = (|| {
        let file = std::fs::File::create(&partial)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(|e| Error::Write(e.into_error()))?;
        file.sync_all()?;
        Ok(value)
    })();
    match result {
        Ok(value) => {
            std::fs::rename(&partial, path)?;
            Ok(value)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// Counts and hashes what passes through, for a batch's `sha256`.
pub(crate) struct Hashing<'w> {
    inner: &'w mut dyn Write,
    hasher: sha2::Sha256,
}

impl<'w> Hashing<'w> {
    pub(crate) fn new(inner: &'w mut dyn Write) -> Hashing<'w> {
        use sha2::Digest;
        Hashing { inner, hasher: sha2::Sha256::new() }
    }

    pub(crate) fn hex(self) -> String {
        use sha2::Digest;
        self.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_stay_numbers() {
        for (text, shown) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+31 6", "'+31 6"),
            ("-Jan", "'-Jan"),
            ("@home", "'@home"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Daniëls", "Daniëls"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(Cell::text(text).render(Dialect::Nl), shown, "{text:?}");
        }
        assert_eq!(Cell::Money(Cents(-1230)).render(Dialect::Nl), "-12,30");
        assert_eq!(Cell::Money(Cents(-1230)).render(Dialect::Rfc), "-12.30");
        assert_eq!(Cell::Money(Cents(123456)).render(Dialect::Nl), "1234,56");
        assert_eq!(Cell::Int(-3).render(Dialect::Nl), "-3");
        assert_eq!(Cell::Percent(Percent(650)).render(Dialect::Nl), "6,5");
        assert_eq!(Cell::Percent(Percent(650)).render(Dialect::Rfc), "6.5");
    }

    #[test]
    fn dialects_differ_in_separator_bom_dates_and_headers() {
        let cols = [Column::new("day", "Datum"), Column::new("amount", "Bedrag"), Column::new("name", "Naam")];
        let d = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let write = |dialect| {
            let mut out = Vec::new();
            let mut s = Sheet::new(&mut out, dialect, &cols).unwrap();
            s.row(&[Cell::Date(d), Cell::Money(Cents(246)), Cell::text("Berg; de \"Jong\"")]).unwrap();
            s.finish().unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(write(Dialect::Nl), "\u{feff}Datum;Bedrag;Naam\r\n04-03-2026;2,46;\"Berg; de \"\"Jong\"\"\"\r\n");
        assert_eq!(write(Dialect::Rfc), "day,amount,name\r\n2026-03-04,2.46,\"Berg; de \"\"Jong\"\"\"\r\n");
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        let r: Result<()> = write_file(&path, |out| {
            out.write_all(b"half")?;
            Err(Error::Cancelled)
        });
        assert!(matches!(r, Err(Error::Cancelled)));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "neither the file nor its .partial");
        write_file(&path, |out| Ok(out.write_all(b"whole")?)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
    }
}

//! The data side of the contract (`ui/src/lib/backend/types-reports.ts`): the finance export's
//! batches, list exports, imports, the reports as tables, saved files and progress.

use chrono::NaiveDate;
use markt::export::finance::{Batch, FinanceRequest};
use markt::export::lists::{ListKind, ListRequest};
use markt::export::{Cell, Dialect, Table};
use markt::figures::{ReportRequest, ReportSpec};
use markt::ids::MarketId;
use markt::import::{ImportKind, ImportReport};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AppError, Res, parse_day};

fn markets(ids: &[i64]) -> Vec<MarketId> {
    ids.iter().copied().map(MarketId).collect()
}

fn opt_day(field: &str, text: &Option<String>) -> Res<Option<NaiveDate>> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|t| parse_day(field, t)).transpose()
}

/// A required day: the field named when it is missing.
fn need_day(field: &str, text: &Option<String>) -> Res<NaiveDate> {
    opt_day(field, text)?.ok_or_else(|| AppError::field(field, markt::error::Problem::Required, "geef een datum"))
}

// ── Files ────────────────────────────────────────────────────────────────────────────────

/// A file the app wrote for the clerk (into Downloads): its name and full path.
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub file_name: String,
    pub path: String,
    pub bytes: u64,
}

// ── Finance export ───────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct FinanceExportRequest {
    pub from: Option<String>,
    pub until: Option<String>,
    /// Empty: all markets.
    pub market_ids: Vec<i64>,
    /// `nl` or `rfc`.
    pub dialect: String,
}

impl FinanceExportRequest {
    pub fn to_core(&self) -> Res<FinanceRequest> {
        // Every bad field at once, as the core does.
        let mut bad: Vec<AppError> = Vec::new();
        let mut keep = |r: Res<NaiveDate>| r.map_err(|e| bad.push(e)).ok();
        let from = keep(need_day("from", &self.from));
        let until = keep(need_day("until", &self.until));
        let dialect = Dialect::parse(&self.dialect).map_err(|e| bad.push(e.into())).ok();
        match (from, until, dialect) {
            (Some(from), Some(until), Some(dialect)) => {
                Ok(FinanceRequest { from, until, markets: markets(&self.market_ids), dialect })
            }
            _ => {
                let fields: Vec<_> = bad.into_iter().flat_map(|e| e.fields).collect();
                let message =
                    fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ");
                Err(AppError { code: "invalid".into(), message, fields })
            }
        }
    }
}

/// A batch as the list shows it.
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "Batch")]
#[schemars(rename = "Batch")]
pub struct BatchDto {
    pub number: i64,
    pub from: String,
    pub until: String,
    pub markets: Vec<String>,
    pub dialect: &'static str,
    pub made_by: String,
    pub at: String,
    pub lines: i64,
    pub negative: i64,
    pub total_incl_cents: i64,
    pub sha256: String,
    /// `factuurdetail-batch-0007-2026-08-01-2026-08-31.csv`: the name the file is saved under.
    pub file_name: String,
}

impl From<Batch> for BatchDto {
    fn from(b: Batch) -> BatchDto {
        BatchDto {
            file_name: markt::export::finance::file_name(b.number, b.from, b.until, b.dialect),
            number: b.number,
            from: b.from.to_string(),
            until: b.until.to_string(),
            markets: b.markets,
            dialect: b.dialect.code(),
            made_by: b.made_by,
            at: b.at.to_rfc3339(),
            lines: b.lines,
            negative: b.negative,
            total_incl_cents: b.total_incl.0,
            sha256: b.sha256,
        }
    }
}

/// The period a new batch proposes, and the markets whose day is still running in a
/// period (see `markt::export::finance::{next_period, still_running}`).
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinancePeriod {
    pub from: String,
    pub until: String,
}

/// A batch made (or written again) and where its file went.
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedBatch {
    pub batch: BatchDto,
    pub file: SavedFile,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FineCodes {
    pub ledger_code: String,
    pub vat_code: String,
}

// ── List exports ─────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct ListExportRequest {
    /// `vendors`, `registrations`, `markets`, `substitutes`, `permits`, `tickets`, `attendance`.
    pub kind: String,
    pub from: Option<String>,
    pub until: Option<String>,
    pub market_ids: Vec<i64>,
    pub dialect: String,
}

impl ListExportRequest {
    pub fn to_core(&self) -> Res<(ListKind, ListRequest)> {
        let kind = ListKind::parse(&self.kind)?;
        let request = ListRequest {
            from: opt_day("from", &self.from)?,
            until: opt_day("until", &self.until)?,
            markets: markets(&self.market_ids),
            dialect: Dialect::parse(&self.dialect)?,
        };
        Ok((kind, request))
    }
}

/// `ondernemers-2026-11-28.csv`, `dagvergunningen-2026-11-01-2026-11-28.csv`.
pub fn list_file_name(kind: ListKind, request: &ListRequest, today: NaiveDate) -> String {
    let name = match kind {
        ListKind::Vendors => "ondernemers",
        ListKind::Registrations => "sollicitaties",
        ListKind::Markets => "markten-en-plaatsen",
        ListKind::Substitutes => "vervangers",
        ListKind::Permits => "dagvergunningen",
        ListKind::Tickets => "bonnen",
        ListKind::Attendance => "aanmeldingen",
    };
    let when = match (kind.needs_period(), request.from, request.until.or(request.from)) {
        (true, Some(f), Some(u)) if f == u => f.to_string(),
        (true, Some(f), Some(u)) => format!("{f}-{u}"),
        _ => today.to_string(),
    };
    let dialect = if request.dialect == Dialect::Rfc { "-rfc" } else { "" };
    format!("{name}-{when}{dialect}.csv")
}

#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedList {
    pub kind: String,
    pub rows: u64,
    pub file: SavedFile,
}

// ── Imports ──────────────────────────────────────────────────────────────────────────────

pub fn import_kind(text: &str) -> Res<ImportKind> {
    Ok(ImportKind::parse(text)?)
}

#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "LineError")]
#[schemars(rename = "LineError")]
pub struct LineErrorDto {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

/// What an import found and did (the core's `ImportReport`).
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub kind: &'static str,
    pub dry_run: bool,
    /// `utf8`, `utf8_bom`, `latin1`; null when the file could not be read at all.
    pub encoding: Option<&'static str>,
    /// `;`, `,` or a tab.
    pub separator: Option<String>,
    pub lines: u64,
    pub errors: Vec<LineErrorDto>,
    pub ignored_columns: Vec<String>,
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    pub applied: bool,
}

impl From<ImportReport> for ImportResult {
    fn from(r: ImportReport) -> ImportResult {
        use markt::import::Encoding;
        ImportResult {
            kind: r.kind.code(),
            dry_run: r.dry_run,
            encoding: r.encoding.map(|e| match e {
                Encoding::Utf8 => "utf8",
                Encoding::Utf8Bom => "utf8_bom",
                Encoding::Latin1 => "latin1",
            }),
            separator: r.separator.map(String::from),
            lines: r.lines,
            errors: r
                .errors
                .into_iter()
                .map(|e| LineErrorDto { line: e.line, column: e.column, reason: e.reason })
                .collect(),
            ignored_columns: r.ignored_columns,
            added: r.added,
            changed: r.changed,
            unchanged: r.unchanged,
            applied: r.applied,
        }
    }
}

// ── Reports ──────────────────────────────────────────────────────────────────────────────

/// Which report, about what. Each report reads the fields it needs.
#[derive(Debug, Clone, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "ReportRequest")]
#[schemars(rename = "ReportRequest")]
#[ts(optional_fields = nullable)]
pub struct ReportRequestDto {
    /// `obligation`, `applicants`, `multiple`, `occupancy`, `revenue`, `tickets`.
    pub report: String,
    pub market_ids: Vec<i64>,
    /// obligation: `2026-Q4`.
    pub quarter: Option<String>,
    /// applicants: `2025/2026`.
    pub year: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    /// occupancy: `day` or `week`; revenue: `week` or `month`.
    pub by: Option<String>,
    /// revenue: `none`, `kind`, `method`.
    pub split: Option<String>,
}

impl ReportRequestDto {
    /// `today` decides which tickets are overdue. The core's `ReportSpec` knows which report
    /// needs what and the defaults; here only the typed days are read, every bad one named.
    pub fn to_core(&self, today: NaiveDate) -> Res<ReportRequest> {
        let mut bad: Vec<AppError> = Vec::new();
        let mut day = |field: &str, value: &Option<String>| match value.as_deref().filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(v) => parse_day(field, v).map_err(|e| bad.push(e)).ok(),
        };
        let (from, until) = (day("from", &self.from), day("until", &self.until));
        let mut bad = bad.into_iter();
        if let Some(mut first) = bad.next() {
            for other in bad {
                first.fields.extend(other.fields);
                first.message = format!("{}; {}", first.message, other.message);
            }
            return Err(first);
        }
        let spec = ReportSpec {
            report: &self.report,
            markets: markets(&self.market_ids),
            quarter: self.quarter.as_deref(),
            year: self.year.as_deref(),
            from,
            until,
            by: self.by.as_deref(),
            split: self.split.as_deref(),
        };
        Ok(spec.request(today)?)
    }
}

#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "TableColumn")]
#[schemars(rename = "TableColumn")]
pub struct ColumnDto {
    /// The snake_case name (`rfc` header): what the UI's labels and charts key on.
    pub key: &'static str,
    /// The Dutch header.
    pub nl: &'static str,
    /// Whether the column holds numbers (right-aligned).
    pub numeric: bool,
}

/// One cell with its type; the UI formats it (money, dates, percentages) in `format.ts`.
#[derive(Debug, Clone, PartialEq, Serialize, TS, JsonSchema)]
#[serde(tag = "t", rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "TableCell")]
#[schemars(rename = "TableCell")]
pub enum CellDto {
    Text {
        v: String,
    },
    Int {
        v: i64,
    },
    Money {
        cents: i64,
    },
    /// Hundredths of a percent: 650 is 6,5 %.
    Percent {
        hundredths: u32,
    },
    /// ISO `2026-11-28`.
    Date {
        v: String,
    },
    /// RFC 3339.
    Instant {
        v: String,
    },
    Bool {
        v: bool,
    },
    Empty,
}

impl From<&Cell<'_>> for CellDto {
    fn from(c: &Cell<'_>) -> CellDto {
        match c {
            Cell::Text(t) => CellDto::Text { v: t.to_string() },
            Cell::Int(n) => CellDto::Int { v: *n },
            Cell::Money(c) => CellDto::Money { cents: c.0 },
            Cell::Percent(p) => CellDto::Percent { hundredths: p.0 },
            Cell::Date(d) => CellDto::Date { v: d.to_string() },
            Cell::Instant(t) => CellDto::Instant { v: t.to_rfc3339() },
            Cell::Bool(b) => CellDto::Bool { v: *b },
            Cell::Empty => CellDto::Empty,
        }
    }
}

/// A report as a table (`figures`' `Table`): for the screen, its chart, CSV and PDF.
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "ReportTable")]
#[schemars(rename = "ReportTable")]
pub struct TableDto {
    pub title: String,
    pub subtitle: String,
    pub columns: Vec<ColumnDto>,
    pub rows: Vec<Vec<CellDto>>,
    pub totals: Option<Vec<CellDto>>,
}

impl From<&Table> for TableDto {
    fn from(t: &Table) -> TableDto {
        let numeric = |i: usize| t.rows.iter().chain(t.totals.iter()).any(|r| r.get(i).is_some_and(Cell::is_number));
        TableDto {
            title: t.title.clone(),
            subtitle: t.subtitle.clone(),
            columns: t
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| ColumnDto { key: c.key, nl: c.nl, numeric: numeric(i) })
                .collect(),
            rows: t.rows.iter().map(|r| r.iter().map(CellDto::from).collect()).collect(),
            totals: t.totals.as_ref().map(|r| r.iter().map(CellDto::from).collect()),
        }
    }
}

// ── Progress ─────────────────────────────────────────────────────────────────────────────

/// The `progress` event: how far a job is. `total` is null when unknown.
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
// The UI's name for it (the Rust name tells it apart from the core's type).
#[ts(rename = "JobProgress")]
#[schemars(rename = "JobProgress")]
pub struct ProgressEvent {
    pub job: String,
    pub phase: String,
    pub done: u64,
    pub total: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_what_and_when() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let name = markt::export::finance::file_name;
        assert_eq!(
            name(7, d("2026-08-01"), d("2026-08-31"), Dialect::Nl),
            "factuurdetail-batch-0007-2026-08-01-2026-08-31.csv"
        );
        assert_eq!(
            name(12345, d("2026-08-01"), d("2026-08-31"), Dialect::Rfc),
            "factuurdetail-batch-12345-2026-08-01-2026-08-31-rfc.csv"
        );
        let today = d("2026-11-28");
        let req = |from: Option<&str>, until: Option<&str>, dialect| ListRequest {
            from: from.map(d),
            until: until.map(d),
            markets: vec![],
            dialect,
        };
        assert_eq!(
            list_file_name(ListKind::Vendors, &req(None, None, Dialect::Nl), today),
            "ondernemers-2026-11-28.csv"
        );
        assert_eq!(
            list_file_name(ListKind::Permits, &req(Some("2026-11-01"), Some("2026-11-28"), Dialect::Rfc), today),
            "dagvergunningen-2026-11-01-2026-11-28-rfc.csv"
        );
        assert_eq!(
            list_file_name(ListKind::Tickets, &req(Some("2026-11-02"), None, Dialect::Nl), today),
            "bonnen-2026-11-02.csv",
            "a day is a period of one day"
        );
    }

    #[test]
    fn a_finance_request_names_every_bad_field_at_once() {
        let r =
            FinanceExportRequest { from: None, until: Some("28-11".into()), market_ids: vec![], dialect: "xls".into() };
        let e = r.to_core().unwrap_err();
        assert_eq!(e.code, "invalid");
        let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["from", "until", "dialect"]);
        let ok = FinanceExportRequest {
            from: Some("2026-11-01".into()),
            until: Some("2026-11-30".into()),
            market_ids: vec![2, 1],
            dialect: "rfc".into(),
        };
        let core = ok.to_core().unwrap();
        assert_eq!(core.markets, vec![MarketId(2), MarketId(1)]);
        assert_eq!(core.dialect, Dialect::Rfc);
    }

    #[test]
    fn report_requests_need_their_fields() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let base = ReportRequestDto {
            report: "revenue".into(),
            market_ids: vec![],
            quarter: None,
            year: None,
            from: None,
            until: None,
            by: Some("week".into()),
            split: Some("method".into()),
        };
        let e = base.to_core(today).unwrap_err();
        assert_eq!(e.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["from", "until"]);
        let ok = ReportRequestDto { from: Some("2026-11-01".into()), until: Some("2026-11-28".into()), ..base.clone() };
        assert!(matches!(
            ok.to_core(today).unwrap(),
            ReportRequest::Revenue {
                by: markt::figures::Period::Week,
                split: markt::figures::Split::PaymentMethod,
                ..
            }
        ));
        let t = ReportRequestDto { report: "tickets".into(), ..ok.clone() };
        assert!(matches!(t.to_core(today).unwrap(), ReportRequest::Tickets { today: d, .. } if d == today));
        let q = ReportRequestDto { report: "obligation".into(), quarter: Some("2026-Q5".into()), ..base.clone() };
        assert_eq!(q.to_core(today).unwrap_err().fields[0].field, "quarter");
        let x = ReportRequestDto { report: "weer".into(), ..base.clone() };
        assert_eq!(x.to_core(today).unwrap_err().fields[0].field, "report");
        let typo = ReportRequestDto { from: Some("31-02-2026".into()), until: Some("morgen".into()), ..base };
        let e = typo.to_core(today).unwrap_err();
        assert_eq!(e.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["from", "until"], "both named");
    }

    #[test]
    fn cells_cross_typed() {
        let v = serde_json::to_value(CellDto::from(&Cell::Money(markt::Cents(-1230)))).unwrap();
        assert_eq!(v, serde_json::json!({"t": "money", "cents": -1230}));
        let v = serde_json::to_value(CellDto::from(&Cell::Empty)).unwrap();
        assert_eq!(v, serde_json::json!({"t": "empty"}));
        let v = serde_json::to_value(CellDto::from(&Cell::Percent(markt::money::Percent(650)))).unwrap();
        assert_eq!(v, serde_json::json!({"t": "percent", "hundredths": 650}));
    }
}

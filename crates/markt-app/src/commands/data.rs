//! Exports, imports and reports (Rapporten). The work is the core's (`export`, `import`,
//! `figures`, `report`); these commands convert, call it once, and put files where a clerk
//! finds them: the user's Downloads folder (else the data folder), under a name that says
//! what it is. The window gets no file system permission: it sends an import's bytes, gets
//! back the saved file's path, and asks the app to open that file or its folder.
//!
//! Long work (exports, imports) runs as a job (`crate::jobs`) on a connection of its own, so
//! every other command answers meanwhile; it reports progress as `progress` events `{job,
//! phase, done, total}` and stops when `cancel_job` sets its job's flag: the core's
//! `Progress::step` answers `false`, the core returns `Cancelled`, its transaction is rolled
//! back and the half-written file removed.

use std::path::{Path, PathBuf};

use markt::export::finance;
use markt::export::lists;
use markt::export::write_file;

use crate::dto::data::*;
use crate::dto::{AppError, Res};
use crate::jobs::{Jobs, run_job};
use crate::state::Caller;

/// Cancels job `job` of this app; `false` when no such job runs.
pub fn cancel_job(app: &Caller<'_>, job: String) -> Res<bool> {
    Ok(app.jobs().cancel(app.session_key(), &job))
}

// ── Where files go ───────────────────────────────────────────────────────────────────────

/// Where saved files go: the app's setting (`Config::downloads`), else the user's Downloads
/// folder: `XDG_DOWNLOAD_DIR` when set (the XDG user-dirs name), else the system's
/// (user-dirs.dirs, Known Folders, ~/Downloads), else the data folder beside the database.
fn downloads(app: &Caller<'_>) -> Res<PathBuf> {
    downloads_folder(app.downloads())
}

/// The Downloads folder for `setting` (see [`downloads`]); also where a desk of the office
/// server saves the exports it fetched.
pub fn downloads_folder(setting: Option<&Path>) -> Res<PathBuf> {
    let dir = setting
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("XDG_DOWNLOAD_DIR").map(PathBuf::from))
        .filter(|p| p.is_absolute())
        .or_else(|| directories::UserDirs::new().and_then(|u| u.download_dir().map(Path::to_path_buf)))
        .or_else(|| markt::db::resolve_path(None).and_then(|p| p.parent().map(Path::to_path_buf)))
        .ok_or_else(|| AppError::new("io", "er is geen map Downloads en geen gegevensmap"))?;
    std::fs::create_dir_all(&dir).map_err(|e| AppError::new("io", format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

/// A path in `dir` for `name` that no file has yet: `name`, else `stem-2.ext`, `stem-3.ext`…
/// (a file the clerk kept, or still has open in a spreadsheet, is never overwritten).
pub fn free_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..10_000)
        .map(|n| dir.join(if ext.is_empty() { format!("{stem}-{n}") } else { format!("{stem}-{n}.{ext}") }))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

fn saved(app: &Caller<'_>, jobs: &Jobs, path: &Path) -> SavedFile {
    jobs.wrote(path);
    app.made(path);
    SavedFile {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        path: path.display().to_string(),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

/// Writes `bytes` as a new file in Downloads.
fn save_bytes(app: &Caller<'_>, name: &str, bytes: &[u8]) -> Res<SavedFile> {
    let jobs = app.jobs();
    let path = free_path(&downloads(app)?, name);
    std::fs::write(&path, bytes).map_err(|e| AppError::new("io", format!("{}: {e}", path.display())))?;
    Ok(saved(app, jobs, &path))
}

// ── Finance export ───────────────────────────────────────────────────────────────────────

pub fn finance_export(app: &Caller<'_>, request: FinanceExportRequest, job: String) -> Res<ExportedBatch> {
    let request = request.to_core()?;
    run_job(app, &job, |jobs, events| {
        let dir = downloads(app)?;
        // The batch number is known only once the core made it: write to a temporary name,
        // then rename. A cancel or a refusal leaves nothing behind (`write_file`).
        let temp = free_path(&dir, "factuurdetail-nieuw.csv");
        let batch =
            app.apart(|s, a, now| write_file(&temp, |out| finance::finance(s, a, now, &request, out, events)))?;
        let path = free_path(&dir, &finance::file_name(batch.number, batch.from, batch.until, batch.dialect));
        std::fs::rename(&temp, &path).map_err(|e| AppError::new("io", format!("{}: {e}", path.display())))?;
        Ok(ExportedBatch { file: saved(app, jobs, &path), batch: batch.into() })
    })
}

pub fn rerun_batch(app: &Caller<'_>, number: i64, job: String) -> Res<ExportedBatch> {
    run_job(app, &job, |jobs, events| {
        let dir = downloads(app)?;
        let kept = app
            .read(finance::batches)?
            .into_iter()
            .find(|b| b.number == number)
            .ok_or_else(|| AppError::new("not_found", format!("batch {number} bestaat niet")))?;
        let path = free_path(&dir, &finance::file_name(number, kept.from, kept.until, kept.dialect));
        let batch = app.apart(|s, a, _| write_file(&path, |out| finance::rerun(s, a, number, out, events)))?;
        Ok(ExportedBatch { file: saved(app, jobs, &path), batch: batch.into() })
    })
}

pub fn finance_period(app: &Caller<'_>) -> Res<FinancePeriod> {
    let today = app.today();
    let (from, until) = app.read(|s, a| finance::next_period(s, a, today))?;
    Ok(FinancePeriod { from: from.to_string(), until: until.to_string() })
}

pub fn finance_still_running(app: &Caller<'_>, request: FinanceExportRequest) -> Res<Vec<String>> {
    let request = request.to_core()?;
    let today = app.today();
    app.read(|s, a| finance::still_running(s, a, today, &request))
}

pub fn finance_batches(app: &Caller<'_>) -> Res<Vec<BatchDto>> {
    app.read(finance::batches).map(|bs| bs.into_iter().map(Into::into).collect())
}

pub fn fine_codes(app: &Caller<'_>) -> Res<FineCodes> {
    app.read(finance::fine_codes).map(|(ledger_code, vat_code)| FineCodes { ledger_code, vat_code })
}

pub fn set_fine_codes(app: &Caller<'_>, codes: FineCodes) -> Res<()> {
    app.act(|s, a, now| finance::set_fine_codes(s, a, now, &codes.ledger_code, &codes.vat_code))
}

// ── List exports ─────────────────────────────────────────────────────────────────────────

pub fn export_list(app: &Caller<'_>, request: ListExportRequest, job: String) -> Res<ExportedList> {
    let (kind, request) = request.to_core()?;
    run_job(app, &job, |jobs, events| {
        let today = app.today();
        let path = free_path(&downloads(app)?, &list_file_name(kind, &request, today));
        let rows = app.apart(|s, a, _| write_file(&path, |out| lists::list(s, a, kind, &request, out, events)))?;
        Ok(ExportedList { kind: kind.code().to_string(), rows, file: saved(app, jobs, &path) })
    })
}

// ── Imports ──────────────────────────────────────────────────────────────────────────────

/// Checks (`dryRun`) or applies a CSV file of `kind`; the file's bytes come from the window.
pub fn run_import(app: &Caller<'_>, kind: String, bytes: Vec<u8>, dry_run: bool, job: String) -> Res<ImportResult> {
    let kind = import_kind(&kind)?;
    run_job(app, &job, |_, events| {
        app.apart(|s, a, now| markt::import::run(s, a, now, kind, &bytes, dry_run, events)).map(Into::into)
    })
}

// ── Reports ──────────────────────────────────────────────────────────────────────────────

fn figures(app: &Caller<'_>, request: &ReportRequestDto) -> Res<(markt::figures::ReportRequest, markt::export::Table)> {
    let request = request.to_core(app.today())?;
    let table = app.read(|s, a| markt::figures::run(s, a, &request))?;
    Ok((request, table))
}

pub fn report_figures(app: &Caller<'_>, request: ReportRequestDto) -> Res<TableDto> {
    figures(app, &request).map(|(_, t)| TableDto::from(&t))
}

/// The file names carry the report and its period (`…-2026-08-01-2026-08-31.csv`).
pub fn report_csv(app: &Caller<'_>, request: ReportRequestDto, dialect: String) -> Res<SavedFile> {
    let dialect = markt::export::Dialect::parse(&dialect)?;
    let (request, table) = figures(app, &request)?;
    let bytes = table.to_csv(dialect)?;
    let name = markt::report::table_file_name(&table, &request, "csv");
    let name = if dialect == markt::export::Dialect::Rfc { name.replace(".csv", "-rfc.csv") } else { name };
    save_bytes(app, &name, &bytes)
}

pub fn report_pdf(app: &Caller<'_>, request: ReportRequestDto) -> Res<SavedFile> {
    let (request, table) = figures(app, &request)?;
    let printed = app.act(|s, a, now| markt::report::print_table(s, a, now, &table))?;
    save_bytes(app, &markt::report::table_file_name(&table, &request, "pdf"), &printed.bytes)
}

// ── Opening what was saved ───────────────────────────────────────────────────────────────

/// Only a file this run of the app wrote: the page cannot make the app open anything else.
fn written(jobs: &Jobs, path: &str) -> Res<PathBuf> {
    let path = PathBuf::from(path);
    if jobs.was_written(&path) && path.exists() {
        Ok(path)
    } else {
        Err(AppError::new("not_found", format!("{} is geen bestand dat Marktkantoor net bewaarde", path.display())))
    }
}

pub fn open_file(app: &Caller<'_>, path: String) -> Res<()> {
    super::print::open_in_viewer(&written(app.jobs(), &path)?)
}

pub fn open_folder(app: &Caller<'_>, path: String) -> Res<()> {
    let file = written(app.jobs(), &path)?;
    let dir = file.parent().ok_or_else(|| AppError::new("not_found", "geen map"))?;
    super::print::open_in_viewer(dir)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;

    #[test]
    fn a_name_that_is_taken_gets_a_number() {
        let dir = std::env::temp_dir().join(format!("marktkantoor-data-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(free_path(&dir, "factuurdetail-batch-0001.csv"), dir.join("factuurdetail-batch-0001.csv"));
        std::fs::write(dir.join("factuurdetail-batch-0001.csv"), b"x").unwrap();
        assert_eq!(free_path(&dir, "factuurdetail-batch-0001.csv"), dir.join("factuurdetail-batch-0001-2.csv"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_job_is_cancelled_by_its_name_and_only_written_files_open() {
        let jobs = Jobs::default();
        let (mine, other) = (crate::SessionKey("balie-1".into()), crate::SessionKey("balie-2".into()));
        let flag = jobs.start(&mine, "export-1").unwrap();
        assert!(jobs.start(&mine, "export-1").is_err(), "one job per name");
        assert!(!jobs.cancel(&mine, "export-2"));
        assert!(!jobs.cancel(&other, "export-1"), "another session cannot cancel it");
        assert!(!flag.load(Ordering::SeqCst));
        assert!(jobs.cancel(&mine, "export-1"));
        assert!(flag.load(Ordering::SeqCst));
        jobs.end(&mine, "export-1");
        assert!(!jobs.cancel(&mine, "export-1"), "an ended job is gone");
        assert_eq!(written(&jobs, "/etc/passwd").unwrap_err().code, "not_found");
    }
}

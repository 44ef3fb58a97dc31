//! Exports, imports and reports (Rapporten). The work is the core's (`export`, `import`,
//! `figures`, `report`); these commands convert, call it once, and put files where a clerk
//! finds them: the user's Downloads folder (else the data folder), under a name that says
//! what it is. The window gets no file system permission: it sends an import's bytes, gets
//! back the saved file's path, and asks the app to open that file or its folder.
//!
//! Long work (exports, imports) runs on a blocking thread so the window stays responsive;
//! it reports progress as `progress` events `{job, phase, done, total}` and stops when
//! `cancel_job` sets its job's flag: the core's `Progress::step` answers `false`, the core
//! returns `Cancelled`, its transaction is rolled back and the half-written file removed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use markt::export::finance;
use markt::export::lists;
use markt::export::write_file;
use markt::progress::Progress;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::dto::data::*;
use crate::dto::{AppError, Res};
use crate::state::App;

/// The running jobs' cancel flags, and the files this run of the app wrote (the only ones
/// `open_file` and `open_folder` open).
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
    written: Mutex<HashSet<PathBuf>>,
}

impl Jobs {
    fn start(&self, job: &str) -> Res<Arc<AtomicBool>> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if job.trim().is_empty() || running.contains_key(job) {
            return Err(AppError::new("conflict", format!("taak ‘{job}’ loopt al of heeft geen naam")));
        }
        let flag = Arc::new(AtomicBool::new(false));
        running.insert(job.to_string(), flag.clone());
        Ok(flag)
    }

    fn end(&self, job: &str) {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).remove(job);
    }

    fn cancel(&self, job: &str) -> bool {
        match self.running.lock().unwrap_or_else(|p| p.into_inner()).get(job) {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    fn wrote(&self, path: &Path) {
        self.written.lock().unwrap_or_else(|p| p.into_inner()).insert(path.to_path_buf());
    }

    fn was_written(&self, path: &Path) -> bool {
        self.written.lock().unwrap_or_else(|p| p.into_inner()).contains(path)
    }
}

/// The core's progress as `progress` events to the window; `false` once cancelled.
struct Events {
    handle: AppHandle,
    job: String,
    cancelled: Arc<AtomicBool>,
    phase: String,
    total: Option<u64>,
    last: Option<Instant>,
}

impl Events {
    fn send(&self, done: u64) {
        let event = ProgressEvent { job: self.job.clone(), phase: self.phase.clone(), done, total: self.total };
        // A window that is gone cannot be told; the work goes on.
        let _ = self.handle.emit("progress", event);
    }
}

impl Progress for Events {
    fn phase(&mut self, name: &str, total: Option<u64>) {
        self.phase = name.to_string();
        self.total = total;
        self.last = Some(Instant::now());
        self.send(0);
    }

    fn step(&mut self, done: u64) -> bool {
        // At most every 50 ms, and always the end of a phase: a bar that moves, not a flood.
        let end = self.total == Some(done);
        if end || self.last.is_none_or(|t| t.elapsed() >= Duration::from_millis(50)) {
            self.last = Some(Instant::now());
            self.send(done);
        }
        !self.cancelled.load(Ordering::SeqCst)
    }
}

/// Runs `work` on a blocking thread as job `job`, with the app, the jobs and the progress.
async fn run_job<T: Send + 'static>(
    handle: AppHandle,
    job: String,
    work: impl FnOnce(&App, &Jobs, &mut Events) -> Res<T> + Send + 'static,
) -> Res<T> {
    let flag = handle.state::<Jobs>().start(&job)?;
    let h = handle.clone();
    let j = job.clone();
    let answer = tauri::async_runtime::spawn_blocking(move || {
        let mut events =
            Events { handle: h.clone(), job: j, cancelled: flag, phase: String::new(), total: None, last: None };
        work(&h.state::<App>(), &h.state::<Jobs>(), &mut events)
    })
    .await;
    handle.state::<Jobs>().end(&job);
    answer.map_err(|e| AppError::new("internal", format!("de taak is afgebroken: {e}")))?
}

#[tauri::command]
pub fn cancel_job(jobs: State<Jobs>, job: String) -> Res<bool> {
    Ok(jobs.cancel(&job))
}

// ── Where files go ───────────────────────────────────────────────────────────────────────

/// The user's Downloads folder: `XDG_DOWNLOAD_DIR` when set (the XDG user-dirs name), else
/// the system's (user-dirs.dirs, Known Folders, ~/Downloads), else the data folder beside
/// the database.
fn downloads() -> Res<PathBuf> {
    let dir = std::env::var_os("XDG_DOWNLOAD_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| directories::UserDirs::new().and_then(|u| u.download_dir().map(Path::to_path_buf)))
        .or_else(|| markt::db::resolve_path(None).and_then(|p| p.parent().map(Path::to_path_buf)))
        .ok_or_else(|| AppError::new("io", "er is geen map Downloads en geen gegevensmap"))?;
    std::fs::create_dir_all(&dir).map_err(|e| AppError::new("io", format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

/// A path in `dir` for `name` that no file has yet: `name`, else `stem-2.ext`, `stem-3.ext`…
/// (a file the clerk kept, or still has open in a spreadsheet, is never overwritten).
fn free_path(dir: &Path, name: &str) -> PathBuf {
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

fn saved(jobs: &Jobs, path: &Path) -> SavedFile {
    jobs.wrote(path);
    SavedFile {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        path: path.display().to_string(),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

/// Writes `bytes` as a new file in Downloads.
fn save_bytes(jobs: &Jobs, name: &str, bytes: &[u8]) -> Res<SavedFile> {
    let path = free_path(&downloads()?, name);
    std::fs::write(&path, bytes).map_err(|e| AppError::new("io", format!("{}: {e}", path.display())))?;
    Ok(saved(jobs, &path))
}

// ── Finance export ───────────────────────────────────────────────────────────────────────

#[tauri::command]
pub async fn finance_export(handle: AppHandle, request: FinanceExportRequest, job: String) -> Res<ExportedBatch> {
    let request = request.to_core()?;
    run_job(handle, job, move |app, jobs, events| {
        let dir = downloads()?;
        // The batch number is known only once the core made it: write to a temporary name,
        // then rename. A cancel or a refusal leaves nothing behind (`write_file`).
        let temp = free_path(&dir, "factuurdetail-nieuw.csv");
        let batch = app.act(|s, a, now| write_file(&temp, |out| finance::finance(s, a, now, &request, out, events)))?;
        let path = free_path(&dir, &batch_file_name(batch.number, batch.dialect));
        std::fs::rename(&temp, &path).map_err(|e| AppError::new("io", format!("{}: {e}", path.display())))?;
        Ok(ExportedBatch { file: saved(jobs, &path), batch: batch.into() })
    })
    .await
}

#[tauri::command]
pub async fn rerun_batch(handle: AppHandle, number: i64, job: String) -> Res<ExportedBatch> {
    run_job(handle, job, move |app, jobs, events| {
        let dir = downloads()?;
        let dialect = app
            .read(|s, _| finance::batches(s))?
            .into_iter()
            .find(|b| b.number == number)
            .map_or(markt::export::Dialect::Nl, |b| b.dialect);
        let path = free_path(&dir, &batch_file_name(number, dialect));
        let batch = app.read(|s, a| write_file(&path, |out| finance::rerun(s, a, number, out, events)))?;
        Ok(ExportedBatch { file: saved(jobs, &path), batch: batch.into() })
    })
    .await
}

#[tauri::command]
pub fn finance_batches(app: State<App>) -> Res<Vec<BatchDto>> {
    app.read(|s, _| finance::batches(s)).map(|bs| bs.into_iter().map(Into::into).collect())
}

#[tauri::command]
pub fn fine_codes(app: State<App>) -> Res<FineCodes> {
    app.read(|s, _| finance::fine_codes(s)).map(|(ledger_code, vat_code)| FineCodes { ledger_code, vat_code })
}

#[tauri::command]
pub fn set_fine_codes(app: State<App>, codes: FineCodes) -> Res<()> {
    app.act(|s, a, now| finance::set_fine_codes(s, a, now, &codes.ledger_code, &codes.vat_code))
}

// ── List exports ─────────────────────────────────────────────────────────────────────────

#[tauri::command]
pub async fn export_list(handle: AppHandle, request: ListExportRequest, job: String) -> Res<ExportedList> {
    let (kind, request) = request.to_core()?;
    run_job(handle, job, move |app, jobs, events| {
        let today = app.today();
        let path = free_path(&downloads()?, &list_file_name(kind, &request, today));
        let rows = app.read(|s, _| write_file(&path, |out| lists::list(s, kind, &request, out, events)))?;
        Ok(ExportedList { kind: kind.code().to_string(), rows, file: saved(jobs, &path) })
    })
    .await
}

// ── Imports ──────────────────────────────────────────────────────────────────────────────

/// Checks (`dryRun`) or applies a CSV file of `kind`; the file's bytes come from the window.
#[tauri::command]
pub async fn run_import(
    handle: AppHandle,
    kind: String,
    bytes: Vec<u8>,
    dry_run: bool,
    job: String,
) -> Res<ImportResult> {
    let kind = import_kind(&kind)?;
    run_job(handle, job, move |app, _, events| {
        app.act(|s, a, now| markt::import::run(s, a, now, kind, &bytes, dry_run, events)).map(Into::into)
    })
    .await
}

// ── Reports ──────────────────────────────────────────────────────────────────────────────

fn figures(app: &App, request: &ReportRequestDto) -> Res<markt::export::Table> {
    let request = request.to_core(app.today())?;
    app.read(|s, _| markt::figures::run(s, &request))
}

#[tauri::command]
pub fn report_figures(app: State<App>, request: ReportRequestDto) -> Res<TableDto> {
    figures(&app, &request).map(|t| TableDto::from(&t))
}

#[tauri::command]
pub fn report_csv(app: State<App>, jobs: State<Jobs>, request: ReportRequestDto, dialect: String) -> Res<SavedFile> {
    let dialect = markt::export::Dialect::parse(&dialect)?;
    let table = figures(&app, &request)?;
    let bytes = table.to_csv(dialect)?;
    let name = markt::report::table_file_name(&table, "csv");
    let name = if dialect == markt::export::Dialect::Rfc { name.replace(".csv", "-rfc.csv") } else { name };
    save_bytes(&jobs, &name, &bytes)
}

#[tauri::command]
pub fn report_pdf(app: State<App>, jobs: State<Jobs>, request: ReportRequestDto) -> Res<SavedFile> {
    let table = figures(&app, &request)?;
    let printed = app.act(|s, a, now| markt::report::print_table(s, a, now, &table))?;
    save_bytes(&jobs, &printed.file_name, &printed.bytes)
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

#[tauri::command]
pub fn open_file(jobs: State<Jobs>, path: String) -> Res<()> {
    super::print::open_in_viewer(&written(&jobs, &path)?)
}

#[tauri::command]
pub fn open_folder(jobs: State<Jobs>, path: String) -> Res<()> {
    let file = written(&jobs, &path)?;
    let dir = file.parent().ok_or_else(|| AppError::new("not_found", "geen map"))?;
    super::print::open_in_viewer(dir)
}

#[cfg(test)]
mod tests {
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
        let flag = jobs.start("export-1").unwrap();
        assert!(jobs.start("export-1").is_err(), "one job per name");
        assert!(!jobs.cancel("export-2"));
        assert!(jobs.cancel("export-1"));
        assert!(flag.load(Ordering::SeqCst));
        jobs.end("export-1");
        assert!(!jobs.cancel("export-1"), "an ended job is gone");
        assert_eq!(written(&jobs, "/etc/passwd").unwrap_err().code, "not_found");
    }
}

//! Jobs: long work (an export, an import) that a client names, follows by `progress`
//! events and may cancel. A job runs on the calling thread (every adapter runs commands off
//! its UI thread) and on a connection of its own (`Caller::apart`), so no lock is held for
//! its length and the other commands answer while it runs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use markt::progress::Progress;

use crate::dto::data::ProgressEvent;
use crate::dto::{AppError, Res};
use crate::events::Event;
use crate::state::{Caller, SessionKey};

/// The running jobs' cancel flags, and the files this run of the app wrote (the only ones
/// `open_file` and `open_folder` open).
#[derive(Default)]
pub struct Jobs {
    /// Per session: one client cannot see or cancel another's job by guessing its name.
    running: Mutex<HashMap<(SessionKey, String), Arc<AtomicBool>>>,
    written: Mutex<HashSet<PathBuf>>,
}

impl Jobs {
    pub(crate) fn start(&self, session: &SessionKey, job: &str) -> Res<Arc<AtomicBool>> {
        let key = (session.clone(), job.to_string());
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if job.trim().is_empty() || running.contains_key(&key) {
            return Err(AppError::new("conflict", format!("taak ‘{job}’ loopt al of heeft geen naam")));
        }
        let flag = Arc::new(AtomicBool::new(false));
        running.insert(key, flag.clone());
        Ok(flag)
    }

    pub(crate) fn end(&self, session: &SessionKey, job: &str) {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).remove(&(session.clone(), job.to_string()));
    }

    /// Cancels `session`'s job `job`; `false` when that session runs no such job.
    pub fn cancel(&self, session: &SessionKey, job: &str) -> bool {
        match self.running.lock().unwrap_or_else(|p| p.into_inner()).get(&(session.clone(), job.to_string())) {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    pub(crate) fn wrote(&self, path: &Path) {
        self.written.lock().unwrap_or_else(|p| p.into_inner()).insert(path.to_path_buf());
    }

    pub(crate) fn was_written(&self, path: &Path) -> bool {
        self.written.lock().unwrap_or_else(|p| p.into_inner()).contains(path)
    }
}

/// The core's progress as `progress` events; `false` once cancelled.
pub struct JobProgress<'a> {
    caller: &'a Caller<'a>,
    job: String,
    cancelled: Arc<AtomicBool>,
    phase: String,
    total: Option<u64>,
    last: Option<Instant>,
}

impl JobProgress<'_> {
    fn send(&self, done: u64) {
        let event = ProgressEvent { job: self.job.clone(), phase: self.phase.clone(), done, total: self.total };
        self.caller.emit(Event::progress(&event, self.caller.session_key()));
    }
}

impl Progress for JobProgress<'_> {
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

/// Runs `work` as job `job`, with the app's jobs and the job's progress.
pub fn run_job<'a, T>(
    caller: &'a Caller<'a>,
    job: &str,
    work: impl FnOnce(&Jobs, &mut JobProgress<'a>) -> Res<T>,
) -> Res<T> {
    let flag = caller.jobs().start(caller.session_key(), job)?;
    let mut progress =
        JobProgress { caller, job: job.to_string(), cancelled: flag, phase: String::new(), total: None, last: None };
    let answer = work(caller.jobs(), &mut progress);
    caller.jobs().end(caller.session_key(), job);
    answer
}

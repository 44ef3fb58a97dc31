//! Printing. Tauri has no print API and WebKitGTK cannot print reliably, so the core makes
//! every document as a PDF; these commands save it in a folder the clerk can find
//! ([`documents_folder`]: Documenten/Marktkantoor) and hand it to the operating system: its
//! PDF viewer for a preview, its print spooler to print (`lp` on Linux and macOS, the
//! shell's print verb on Windows). The window needs no file or shell permission for this:
//! the command does it. What goes wrong is said in a clerk's words, with where the file is.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::dto::print::{PrintRequest, Printed};
use crate::dto::{AppError, Res};
use crate::state::Caller;

pub fn preview_document(app: &Caller<'_>, request: PrintRequest) -> Res<Printed> {
    let (printed, path) = make(app, &request)?;
    open_in_viewer(&path)?;
    Ok(printed)
}

/// The PDF made and saved, not opened: a client of the server fetches it and shows or
/// prints it on its own desk.
pub fn make_document(app: &Caller<'_>, request: PrintRequest) -> Res<Printed> {
    make(app, &request).map(|(printed, _)| printed)
}

pub fn print_document(app: &Caller<'_>, request: PrintRequest) -> Res<Printed> {
    let (mut printed, path) = make(app, &request)?;
    printed.job = Some(send_to_printer(&path, &printed.file_name)?);
    Ok(printed)
}

/// Where the desktop app keeps the documents it makes: `Marktkantoor` in the user's
/// Documents folder (Documenten), where a clerk finds a letter again, not a hidden cache;
/// without a Documents folder, `documenten` in the data folder beside the database.
pub fn documents_folder(db_path: &Path) -> PathBuf {
    folder_for(directories::UserDirs::new().and_then(|u| u.document_dir().map(Path::to_path_buf)), db_path)
}

fn folder_for(documents: Option<PathBuf>, db_path: &Path) -> PathBuf {
    match documents.filter(|d| d.is_absolute()) {
        Some(dir) => dir.join("Marktkantoor"),
        None => db_path.parent().unwrap_or_else(|| Path::new(".")).join("documenten"),
    }
}

/// The PDF from the core, written to `<documents>/<file name>`.
fn make(app: &Caller<'_>, request: &PrintRequest) -> Res<(Printed, PathBuf)> {
    let request = request.to_core()?;
    let made = app.act(|store, actor, now| markt::report::print(store, actor, now, &request))?;
    let path = save(app.documents_dir(), &made.file_name, &made.bytes)?;
    app.made(&path);
    let printed = Printed { file_name: made.file_name, path: path.display().to_string(), pages: made.pages, job: None };
    Ok((printed, path))
}

/// Writes the file; when the name is taken by a file still open in a viewer (Windows
/// locks it), a numbered name beside it. Also the desk's copy of a server's document.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> Res<PathBuf> {
    let io = |path: &Path, e: std::io::Error| AppError::new("io", format!("{}: {e}", path.display()));
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let path = dir.join(name);
    if std::fs::write(&path, bytes).is_ok() {
        return Ok(path);
    }
    let stem = name.trim_end_matches(".pdf");
    for n in 2..100 {
        let other = dir.join(format!("{stem}-{n}.pdf"));
        if std::fs::write(&other, bytes).is_ok() {
            return Ok(other);
        }
    }
    std::fs::write(&path, bytes).map_err(|e| io(&path, e)).map(|()| path)
}

/// How long the opener may take to say it found no program. `xdg-open` and `open` return
/// as soon as the viewer started (or failed to); one that is still running after this has
/// started a viewer in its own process.
const OPENER_GRACE: Duration = Duration::from_secs(2);

/// Opens a file (or a folder) with the system's program for it. `no_viewer` when no
/// program opened it (none installed, none for PDF), with where the file is.
pub fn open_in_viewer(path: &Path) -> Res<()> {
    let cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]).arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    };
    watch_opener(cmd, path, OPENER_GRACE)
}

/// Starts the opener and waits up to `grace` for its answer: a failure (it could not start,
/// or it exits with an error: no program for the file) is `no_viewer`; success, or still
/// running after `grace`, is opened.
fn watch_opener(mut cmd: Command, path: &Path, grace: Duration) -> Res<()> {
    let mut child = match cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
        Ok(child) => child,
        Err(_) => return Err(no_viewer(path)),
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => return Err(no_viewer(path)),
            Ok(None) if start.elapsed() < grace => std::thread::sleep(Duration::from_millis(40)),
            // Still running: the viewer is up. Reap the opener when it exits.
            Ok(None) | Err(_) => {
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
        }
    }
}

fn no_viewer(path: &Path) -> AppError {
    let pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let message = if pdf {
        format!(
            "Er is geen PDF-viewer geopend: op deze computer is geen programma gevonden dat PDF-bestanden toont. Het document is bewaard in {}; open het daar, of vraag de beheerder een PDF-viewer te installeren.",
            path.display()
        )
    } else {
        format!(
            "Er is geen programma geopend: op deze computer is niets gevonden dat dit kan tonen. Het staat in {}.",
            path.display()
        )
    };
    AppError::new("no_viewer", message)
}

/// Sends the PDF to the default printer; `no_printer` when there is none to send it to.
pub fn send_to_printer(path: &Path, title: &str) -> Res<String> {
    if cfg!(target_os = "windows") {
        let script = format!(
            "Start-Process -FilePath '{}' -Verb Print -WindowStyle Hidden",
            path.display().to_string().replace('\'', "''")
        );
        let out = Command::new("powershell").args(["-NoProfile", "-NonInteractive", "-Command", &script]).output();
        return judge_windows(out, path);
    }
    let destination = Command::new("lpstat").arg("-d").output();
    if let Some(why) = no_default_printer(&destination) {
        return Err(no_printer(&why, path));
    }
    let out = Command::new("lp").arg("-t").arg(title).arg("--").arg(path).output();
    judge_lp(out, path)
}

fn no_printer(why: &str, path: &Path) -> AppError {
    AppError::new(
        "no_printer",
        format!(
            "{why}. Het document is bewaard in {}; open het met Voorbeeld en druk het daar af, of vraag de beheerder een standaardprinter in te stellen.",
            path.display()
        ),
    )
}

/// Why `lpstat -d` says there is nothing to print on, in a clerk's words (no program names:
/// the system's own answer is for the administrator's log, not the counter), or `None` when
/// there is a default printer.
fn no_default_printer(out: &std::io::Result<Output>) -> Option<String> {
    match out {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Some("Geen printer gevonden: op deze computer is afdrukken niet ingesteld".into())
        }
        Err(_) => Some("De printer is niet te bereiken".into()),
        Ok(o) => {
            let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
            let lower = text.to_lowercase();
            if lower.contains("no system default destination") || lower.contains("no default destination") {
                Some("Geen printer gekozen: er is geen standaardprinter ingesteld".into())
            } else if !o.status.success() {
                Some("De printer is niet te bereiken: de afdrukdienst van deze computer antwoordt niet".into())
            } else {
                None
            }
        }
    }
}

/// What `lp` answered: its job line, or why it printed nothing.
fn judge_lp(out: std::io::Result<Output>, path: &Path) -> Res<String> {
    match out {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(no_printer("Geen printer gevonden: op deze computer is afdrukken niet ingesteld", path))
        }
        Err(_) => Err(print_failed(path)),
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).trim().to_string()),
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stderr).trim().to_string();
            if text.to_lowercase().contains("no default destination") || text.contains("does not exist") {
                Err(no_printer("Geen printer gekozen: er is geen standaardprinter ingesteld", path))
            } else {
                Err(print_failed(path))
            }
        }
    }
}

fn judge_windows(out: std::io::Result<Output>, path: &Path) -> Res<String> {
    match out {
        Ok(o) if o.status.success() => Ok("naar de standaardprinter gestuurd".into()),
        Ok(_) => Err(no_printer("De printer nam het document niet aan", path)),
        Err(_) => Err(print_failed(path)),
    }
}

/// The printer refused the document for a reason a clerk cannot act on: say where the file
/// is, so it can be printed from the viewer.
fn print_failed(path: &Path) -> AppError {
    AppError::new(
        "print_failed",
        format!(
            "De printer nam het document niet aan. Het is bewaard in {}; open het met Voorbeeld en druk het daar af, of vraag de beheerder naar de printer.",
            path.display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn output(code: i32, stdout: &str, stderr: &str) -> std::io::Result<Output> {
        use std::os::unix::process::ExitStatusExt;
        Ok(Output {
            status: std::process::ExitStatus::from_raw(code << 8),
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        })
    }

    #[cfg(unix)]
    #[test]
    fn a_missing_or_unset_printer_is_no_printer_and_says_where_the_file_is() {
        let path = Path::new("/tmp/lijst.pdf");
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(no_default_printer(&Err(missing)).unwrap().starts_with("Geen printer gevonden"));
        assert!(no_default_printer(&output(0, "no system default destination\n", "")).is_some());
        assert!(
            no_default_printer(&output(1, "", "lpstat: Scheduler is not running."))
                .unwrap()
                .contains("niet te bereiken")
        );
        assert_eq!(no_default_printer(&output(0, "system default destination: Kantoor\n", "")), None);

        let e = judge_lp(output(1, "", "lp: Error - No default destination."), path).unwrap_err();
        assert_eq!(e.code, "no_printer");
        assert!(e.message.contains("/tmp/lijst.pdf") && e.message.contains("Voorbeeld"), "{}", e.message);
        let e = judge_lp(Err(std::io::Error::from(std::io::ErrorKind::NotFound)), path).unwrap_err();
        assert_eq!(e.code, "no_printer");
        let e = judge_lp(output(1, "", "lp: Error - unable to access file"), path).unwrap_err();
        assert_eq!(e.code, "print_failed");
        let job = judge_lp(output(0, "request id is Kantoor-12 (1 file(s))\n", ""), path).unwrap();
        assert_eq!(job, "request id is Kantoor-12 (1 file(s))");
    }

    /// Every message a clerk can get from printing, in a clerk's words: no program names
    /// (CUPS, lp, lpstat, powershell) and no system error text.
    #[cfg(unix)]
    #[test]
    fn printer_messages_name_no_program() {
        let path = Path::new("/tmp/lijst.pdf");
        let missing = || Err(std::io::Error::from(std::io::ErrorKind::NotFound));
        let mut messages: Vec<String> = [
            no_default_printer(&missing()),
            no_default_printer(&Err(std::io::Error::other("connection refused"))),
            no_default_printer(&output(0, "no system default destination\n", "")),
            no_default_printer(&output(1, "", "lpstat: Scheduler is not running.")),
        ]
        .into_iter()
        .map(Option::unwrap)
        .collect();
        for out in [
            missing(),
            Err(std::io::Error::other("permission denied")),
            output(1, "", "lp: Error - No default destination."),
            output(1, "", "lp: Error - unable to access file"),
            output(1, "", "lp: The printer or class does not exist."),
        ] {
            messages.push(judge_lp(out, path).unwrap_err().message);
        }
        messages.push(
            judge_windows(output(1, "", "Start-Process : No application is associated"), path).unwrap_err().message,
        );
        messages.push(judge_windows(Err(std::io::Error::other("not found")), path).unwrap_err().message);
        messages.push(no_viewer(path).message);
        assert!(messages[0].starts_with("Geen printer gevonden"), "{}", messages[0]);
        for m in &messages {
            let lower = m.to_lowercase();
            for word in ["cups", "lpstat", "lp:", "(lp", " lp ", "powershell", "scheduler", "error", "start-process"] {
                assert!(!lower.contains(word), "‘{word}’ in a clerk's message: {m}");
            }
        }
    }

    /// "Voorbeeld" says so when no viewer opened: an opener that fails, or cannot start, is
    /// `no_viewer` with where the file is; one that succeeds, or keeps running, opened it.
    #[cfg(unix)]
    #[test]
    fn a_preview_without_a_viewer_says_so() {
        let path = Path::new("/tmp/bon-B2026-000001.pdf");
        let e = watch_opener(Command::new("false"), path, Duration::from_secs(5)).unwrap_err();
        assert_eq!(e.code, "no_viewer");
        assert!(
            e.message.contains("geen PDF-viewer geopend") && e.message.contains("/tmp/bon-B2026-000001.pdf"),
            "{}",
            e.message
        );
        let e = watch_opener(Command::new("/nonexistent/opener"), path, Duration::from_secs(5)).unwrap_err();
        assert_eq!(e.code, "no_viewer");
        assert!(watch_opener(Command::new("true"), path, Duration::from_secs(5)).is_ok());
        let mut slow = Command::new("sleep");
        slow.arg("3");
        assert!(watch_opener(slow, path, Duration::from_millis(200)).is_ok(), "a viewer still starting is opened");
    }

    #[test]
    fn documents_go_to_documenten_marktkantoor_else_beside_the_data() {
        let db = Path::new("/data/marktkantoor/markt.sqlite");
        assert_eq!(
            folder_for(Some(PathBuf::from("/home/klerk/Documenten")), db),
            PathBuf::from("/home/klerk/Documenten/Marktkantoor")
        );
        assert_eq!(folder_for(None, db), PathBuf::from("/data/marktkantoor/documenten"));
        assert_eq!(folder_for(Some(PathBuf::from("relatief")), db), PathBuf::from("/data/marktkantoor/documenten"));
    }

    #[test]
    fn a_file_still_open_elsewhere_gets_a_numbered_name() {
        let dir = std::env::temp_dir().join(format!("marktkantoor-print-test-{}", std::process::id()));
        let first = save(&dir, "lijst.pdf", b"%PDF-1").unwrap();
        assert_eq!(first, dir.join("lijst.pdf"));
        assert_eq!(std::fs::read(&first).unwrap(), b"%PDF-1");
        let again = save(&dir, "lijst.pdf", b"%PDF-2").unwrap();
        assert_eq!(std::fs::read(&again).unwrap(), b"%PDF-2", "a writable file is replaced");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

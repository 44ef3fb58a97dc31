//! Printing. Tauri has no print API and WebKitGTK cannot print reliably, so the core makes
//! every document as a PDF; these commands save it in the app's cache folder and hand it
//! to the operating system: its PDF viewer for a preview, its print spooler to print
//! (`lp` on Linux and macOS, the shell's print verb on Windows). The window needs no file
//! or shell permission for this: the command does it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// The PDF from the core, written to `<cache>/afdrukken/<file name>`.
fn make(app: &Caller<'_>, request: &PrintRequest) -> Res<(Printed, PathBuf)> {
    let request = request.to_core()?;
    let made = app.act(|store, actor, now| markt::report::print(store, actor, now, &request))?;
    let dir = app.cache_dir().join("afdrukken");
    let path = save(&dir, &made.file_name, &made.bytes)?;
    app.made(&path);
    let printed = Printed { file_name: made.file_name, path: path.display().to_string(), pages: made.pages, job: None };
    Ok((printed, path))
}

/// Writes the file; when the name is taken by a file still open in a viewer (Windows
/// locks it), a numbered name beside it.
fn save(dir: &Path, name: &str, bytes: &[u8]) -> Res<PathBuf> {
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

/// Opens a file (or a folder) with the system's program for it and returns at once.
pub(super) fn open_in_viewer(path: &Path) -> Res<()> {
    let mut cmd = if cfg!(target_os = "windows") {
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
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap the opener when it exits (xdg-open returns once the viewer is started).
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        Err(e) => Err(AppError::new(
            "no_viewer",
            format!("Er is geen programma om het document te tonen ({e}). Het staat in {}.", path.display()),
        )),
    }
}

/// Sends the PDF to the default printer; `no_printer` when there is none to send it to.
fn send_to_printer(path: &Path, title: &str) -> Res<String> {
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
            "Er is geen printer ingesteld: {why}. Het document is bewaard in {}; open het met Voorbeeld en druk het daar af, of vraag de beheerder om een standaardprinter in te stellen.",
            path.display()
        ),
    )
}

/// Why `lpstat -d` says there is nothing to print on, or `None` when there is a default
/// destination.
fn no_default_printer(out: &std::io::Result<Output>) -> Option<String> {
    match out {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Some("het afdrukprogramma (CUPS: lp, lpstat) is niet geïnstalleerd".into())
        }
        Err(e) => Some(format!("de afdrukdienst is niet te bereiken ({e})")),
        Ok(o) => {
            let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
            let lower = text.to_lowercase();
            if lower.contains("no system default destination") || lower.contains("no default destination") {
                Some("er is geen standaardprinter gekozen".into())
            } else if !o.status.success() {
                Some(format!("de afdrukdienst (CUPS) antwoordt niet: {}", text.trim()))
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
            Err(no_printer("het afdrukprogramma lp is niet geïnstalleerd", path))
        }
        Err(e) => Err(AppError::new("print_failed", format!("lp kon niet starten: {e}"))),
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).trim().to_string()),
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stderr).trim().to_string();
            if text.to_lowercase().contains("no default destination") || text.contains("does not exist") {
                Err(no_printer("er is geen standaardprinter gekozen", path))
            } else {
                Err(AppError::new("print_failed", format!("Afdrukken is mislukt: {text}")))
            }
        }
    }
}

fn judge_windows(out: std::io::Result<Output>, path: &Path) -> Res<String> {
    match out {
        Ok(o) if o.status.success() => Ok("naar de standaardprinter gestuurd".into()),
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stderr).trim().to_string();
            Err(no_printer(&format!("Windows kon het document niet afdrukken ({text})"), path))
        }
        Err(e) => Err(AppError::new("print_failed", format!("powershell kon niet starten: {e}"))),
    }
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
        assert!(no_default_printer(&Err(missing)).unwrap().contains("niet geïnstalleerd"));
        assert!(no_default_printer(&output(0, "no system default destination\n", "")).is_some());
        assert!(no_default_printer(&output(1, "", "lpstat: Scheduler is not running.")).unwrap().contains("CUPS"));
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

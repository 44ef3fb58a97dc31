//! The window of a desk in server mode. Every command goes to the server, except what acts
//! on the machine itself, which stays on the desk: a document the server made is fetched,
//! saved in the desk's Documents folder (Documenten/Marktkantoor) and shown in the desk's
//! viewer or sent to the desk's printer; an export or report the server wrote is fetched and
//! saved in the desk's Downloads, and the answer names the desk's copy, so "Openen" and
//! "Map openen" open it here. A new database is the server's business, not the desk's.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use markt_app::commands::{data, print};
use serde_json::{Value, json};

use crate::client::{Failure, Remote, failure};

pub struct Desk {
    remote: Remote,
    documents: PathBuf,
    downloads: Option<PathBuf>,
    /// The files this window fetched: the only ones `open_file` and `open_folder` open.
    fetched: Mutex<HashSet<PathBuf>>,
}

impl Desk {
    pub fn new(remote: Remote, documents: PathBuf, downloads: Option<PathBuf>) -> Desk {
        Desk { remote, documents, downloads, fetched: Mutex::new(HashSet::new()) }
    }

    pub fn remote(&self) -> &Remote {
        &self.remote
    }

    /// Runs one command of the window.
    pub fn run(&self, command: &str, args: Value) -> Result<Value, Failure> {
        match command {
            "preview_document" => self.document(args, false),
            "print_document" => self.document(args, true),
            "open_file" => {
                let file = self.ours(&args)?;
                print::open_in_viewer(&file).map(|()| Value::Null).map_err(as_failure)
            }
            "open_folder" => {
                let file = self.ours(&args)?;
                let dir = file.parent().ok_or_else(|| failure("not_found", "geen map"))?;
                print::open_in_viewer(dir).map(|()| Value::Null).map_err(as_failure)
            }
            "create_database" => Err(failure(
                "server_mode",
                "Deze computer werkt met de kantoorserver: de database staat daar. Kies bij \"Verbinding\" voor \"Deze computer\" om hier een eigen database te maken.",
            )),
            _ => {
                let answer = self.remote.call(command, &args)?;
                self.bring_files(answer)
            }
        }
    }

    /// A document made by the server, saved on the desk and shown or printed here.
    fn document(&self, args: Value, to_printer: bool) -> Result<Value, Failure> {
        let mut printed = self.remote.call("make_document", &args)?;
        let (name, server_path) = match (printed.get("fileName"), printed.get("path")) {
            (Some(Value::String(n)), Some(Value::String(p))) => (n.clone(), p.clone()),
            _ => return Err(failure("internal", "de server gaf geen document")),
        };
        let bytes = self.remote.file(&server_path)?;
        let local = print::save(&self.documents, &name, &bytes).map_err(as_failure)?;
        self.note(&local);
        printed["path"] = json!(local.display().to_string());
        if to_printer {
            printed["job"] = json!(print::send_to_printer(&local, &name).map_err(as_failure)?);
        } else {
            print::open_in_viewer(&local).map_err(as_failure)?;
        }
        Ok(printed)
    }

    /// Every file the answer names that the server wrote for this session (an export, a
    /// report: `{fileName, path, bytes}`) is fetched into the desk's Downloads, and the answer
    /// names the desk's copy instead.
    fn bring_files(&self, mut answer: Value) -> Result<Value, Failure> {
        let mut saved = Vec::new();
        collect_saved_files(&mut answer, &mut saved);
        for file in saved {
            let (Some(name), Some(server_path)) =
                (file.get("fileName").and_then(Value::as_str), file.get("path").and_then(Value::as_str))
            else {
                continue;
            };
            let bytes = self.remote.file(server_path)?;
            let dir = data::downloads_folder(self.downloads.as_deref()).map_err(as_failure)?;
            let local = data::free_path(&dir, name);
            std::fs::write(&local, &bytes).map_err(|e| failure("io", format!("{}: {e}", local.display())))?;
            self.note(&local);
            file["path"] = json!(local.display().to_string());
            file["fileName"] = json!(local.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
            file["bytes"] = json!(bytes.len());
        }
        Ok(answer)
    }

    fn note(&self, path: &Path) {
        if let Ok(mut f) = self.fetched.lock() {
            f.insert(path.to_path_buf());
        }
    }

    fn ours(&self, args: &Value) -> Result<PathBuf, Failure> {
        let path = PathBuf::from(args.get("path").and_then(Value::as_str).unwrap_or_default());
        let known = self.fetched.lock().map(|f| f.contains(&path)).unwrap_or(false);
        if known && path.is_file() {
            Ok(path)
        } else {
            Err(failure("not_found", format!("{} is geen bestand dat Marktkantoor net bewaarde", path.display())))
        }
    }
}

/// The `SavedFile`s in an answer (objects with exactly the keys `fileName`, `path` and
/// `bytes`), wherever they are in it.
fn collect_saved_files<'a>(value: &'a mut Value, into: &mut Vec<&'a mut Value>) {
    let is_saved = |v: &Value| {
        v.as_object().is_some_and(|o| {
            o.len() == 3
                && o.get("fileName").is_some_and(Value::is_string)
                && o.get("path").is_some_and(Value::is_string)
                && o.contains_key("bytes")
        })
    };
    if is_saved(value) {
        into.push(value);
        return;
    }
    match value {
        Value::Object(o) => o.values_mut().for_each(|v| collect_saved_files(v, into)),
        Value::Array(a) => a.iter_mut().for_each(|v| collect_saved_files(v, into)),
        _ => {}
    }
}

fn as_failure(e: markt_app::AppError) -> Failure {
    serde_json::to_value(&e).unwrap_or_else(|_| failure("internal", "fout"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_files_are_found_wherever_an_answer_has_them_and_nothing_else_is() {
        let mut answer = json!({
            "batch": 3,
            "file": {"fileName": "marktgeld-2026-11.csv", "path": "/srv/x/marktgeld-2026-11.csv", "bytes": 120},
            "backups": [{"fileName": "b.sqlite", "path": "/srv/b.sqlite", "sizeBytes": 9, "modified": null}],
            "more": [{"fileName": "a.csv", "path": "/srv/a.csv", "bytes": 1}],
        });
        let mut found = Vec::new();
        collect_saved_files(&mut answer, &mut found);
        let mut paths: Vec<&str> = found.iter().map(|f| f["path"].as_str().unwrap()).collect();
        paths.sort();
        assert_eq!(
            paths,
            ["/srv/a.csv", "/srv/x/marktgeld-2026-11.csv"],
            "the export and the listed file, not the backup"
        );
    }
}

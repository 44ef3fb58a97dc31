//! The window's own commands: where this desk's work goes. The setting is the desk's, not
//! the office's, so it is not a command of the command layer (a server could not answer
//! it): `connection` tells the current one, `probe_server` looks at an address (is a
//! Marktkantoor server there, which certificate does it show, do the public roots vouch for
//! it), `set_connection` saves the choice and starts the window again on it.

use std::path::{Path, PathBuf};

use markt::error::Problem;
use markt_app::AppError;
use markt_remote::{Connection, Fingerprint, Remote, ServerUrl};
use serde::Deserialize;
use serde_json::{Value, json};
use tauri::AppHandle;

use crate::Adapter;

pub const COMMANDS: &[&str] = &["connection", "probe_server", "set_connection"];

/// The desk's settings folder: the data folder, beside the (local) database.
pub fn settings_dir(db_path: &Path) -> PathBuf {
    db_path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

pub fn run(handle: &AppHandle, adapter: &Adapter, name: &str, args: Value) -> Result<Value, AppError> {
    match name {
        "connection" => Ok(current(adapter)),
        "probe_server" => probe(args),
        "set_connection" => set(handle, adapter, args),
        _ => Err(AppError::new("not_found", format!("onbekende opdracht {name}"))),
    }
}

/// `--server URL [--server-fingerprint FP]` among the program's arguments, if given.
pub fn from_args(
    args: impl Iterator<Item = String>,
) -> Option<Result<Connection, markt_remote::connection::ConnectionError>> {
    let args: Vec<String> = args.collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(String::as_str);
    value("--server").map(|url| Connection::server(url, value("--server-fingerprint")))
}

fn current(adapter: &Adapter) -> Value {
    match &adapter.connection {
        Connection::Local => {
            json!({ "mode": "local", "url": null, "fingerprint": null, "setByEnvironment": adapter.fixed })
        }
        Connection::Server { url, fingerprint } => json!({
            "mode": "server",
            "url": url.as_str(),
            "fingerprint": fingerprint.as_ref().map(|f| f.to_string()),
            "setByEnvironment": adapter.fixed,
        }),
    }
}

#[derive(Deserialize)]
struct ProbeArgs {
    url: String,
}

fn url_field(text: &str) -> Result<ServerUrl, AppError> {
    ServerUrl::parse(text).map_err(|e| AppError::field("url", Problem::Format, e.to_string()))
}

fn probe(args: Value) -> Result<Value, AppError> {
    let ProbeArgs { url } = serde_json::from_value(args).map_err(|e| AppError::new("invalid", e.to_string()))?;
    let url = url_field(&url)?;
    let probe = Remote::probe(&url).map_err(failure)?;
    Ok(json!({
        "url": url.as_str(),
        "fingerprint": probe.fingerprint.map(|f| f.to_string()),
        "public": probe.public,
    }))
}

#[derive(Deserialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
enum Choice {
    Local,
    Server { url: String, fingerprint: Option<String> },
}

#[derive(Deserialize)]
struct SetArgs {
    connection: Choice,
}

/// Saves the choice and restarts the window on it. A server's self-signed certificate is
/// saved only with the fingerprint the clerk confirmed, and only when the server still
/// shows that one; a publicly signed one needs none.
fn set(handle: &AppHandle, adapter: &Adapter, args: Value) -> Result<Value, AppError> {
    if adapter.fixed {
        return Err(AppError::new(
            "set_by_environment",
            "De verbinding is voor deze computer vastgelegd door de beheerder (MARKTKANTOOR_SERVER of --server) en kan hier niet gewijzigd worden.",
        ));
    }
    let SetArgs { connection } = serde_json::from_value(args).map_err(|e| AppError::new("invalid", e.to_string()))?;
    let chosen = match connection {
        Choice::Local => Connection::Local,
        Choice::Server { url, fingerprint } => {
            let url = url_field(&url)?;
            let confirmed = match fingerprint.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
                Some(f) => Some(
                    Fingerprint::parse(f)
                        .map_err(|e| AppError::field("fingerprint", Problem::Format, e.to_string()))?,
                ),
                None => None,
            };
            let seen = Remote::probe(&url).map_err(failure)?;
            match (&confirmed, seen.fingerprint) {
                (Some(pin), Some(shown)) if *pin != shown => {
                    return Err(AppError::field(
                        "fingerprint",
                        Problem::Format,
                        format!(
                            "de server toont nu vingerafdruk {shown}, niet de bevestigde; vraag de beheerder welke klopt"
                        ),
                    ));
                }
                (None, Some(_)) if !seen.public => {
                    return Err(AppError::field(
                        "fingerprint",
                        Problem::Required,
                        "dit certificaat is niet door een publieke instantie ondertekend: vergelijk en bevestig eerst de vingerafdruk",
                    ));
                }
                _ => {}
            }
            Connection::Server { url, fingerprint: confirmed }
        }
    };
    chosen.save(&adapter.settings_dir()).map_err(|e| AppError::new("io", e.to_string()))?;
    // The window starts again on the new connection (a session of the old one is not
    // carried over): after answering, so the screen hears that it was saved.
    let handle = handle.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        handle.restart();
    });
    Ok(Value::Null)
}

fn failure(value: Value) -> AppError {
    AppError::new(
        value.get("code").and_then(Value::as_str).unwrap_or("internal"),
        value.get("message").and_then(Value::as_str).unwrap_or("fout").to_string(),
    )
}

//! Marktkantoor, the desktop app: a Tauri window around the web UI in `ui/`, over the
//! command layer `markt-app`. This crate holds only the adapter: every command the window
//! invokes goes, by name and with its JSON arguments, to `markt_app::dispatch` on a worker
//! thread (never the main thread, so the window never waits), and its progress events come
//! back as Tauri events. No commands, DTOs or rules live here.
//!
//! A desk of an office with a server (`markt serve`) sends the same commands to the server
//! instead (`markt_remote::Desk`: the pinned certificate, the session's token, documents
//! and exports brought to the desk), and hears the server's events. Which of the two is the
//! desk's connection setting (`verbinding.json` beside the database), chosen on the first
//! run or at the login screen by the three commands of the window's own ([`connection`]).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod connection;

use std::path::PathBuf;
use std::sync::Arc;

use markt_app::{App, Config, Event, Events, SessionKey};
use markt_remote::{Connection, Desk, Remote};
use tauri::ipc::{Invoke, InvokeBody};
use tauri::{AppHandle, Emitter, Manager};

/// The window hears the app's events as Tauri events of the same name.
struct Window(AppHandle);

impl Events for Window {
    fn emit(&self, event: Event) {
        // A window that is gone cannot be told; the work goes on.
        let _ = self.0.emit(event.name, event.payload_for(&SessionKey::window()));
    }
}

/// Where this window's commands go.
enum Backend {
    /// The database file on this computer, through the command layer.
    Local,
    /// The office server.
    Server(Arc<Desk>),
    /// The connection setting could not be used: every command says why.
    Broken(String),
}

/// The window's state beside `App`.
struct Adapter {
    backend: Backend,
    /// The database's path (local mode), beside which the connection setting is kept.
    db_path: PathBuf,
    /// The connection was given for this run (command line, environment): not changeable.
    fixed: bool,
    /// The connection this run works on.
    connection: Connection,
}

impl Adapter {
    fn settings_dir(&self) -> PathBuf {
        connection::settings_dir(&self.db_path)
    }
}

/// Runs the invoked command on a blocking worker thread: the window's own connection
/// commands, else the local command layer as the window's session, else the server.
fn invoke(invoke: Invoke) -> bool {
    let name = invoke.message.command().to_string();
    let args = match invoke.message.payload() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => serde_json::Value::Null,
    };
    let handle = invoke.message.webview().app_handle().clone();
    let resolver = invoke.resolver;
    tauri::async_runtime::spawn_blocking(move || {
        let adapter = handle.state::<Adapter>();
        if connection::COMMANDS.contains(&name.as_str()) {
            return match connection::run(&handle, &adapter, &name, args) {
                Ok(answer) => resolver.resolve(answer),
                Err(error) => resolver.reject(error),
            };
        }
        match &adapter.backend {
            Backend::Local => {
                let app = handle.state::<App>();
                match markt_app::dispatch(&app.window(), &name, args) {
                    Ok(answer) => resolver.resolve(answer),
                    Err(error) => resolver.reject(error),
                }
            }
            Backend::Broken(message) => {
                resolver.reject(markt_app::AppError::new("connection_setting", message.clone()));
            }
            Backend::Server(desk) => {
                let answer = desk.run(&name, args);
                if name == "login" && answer.is_ok() {
                    listen(handle.clone(), desk.clone());
                }
                match answer {
                    Ok(answer) => resolver.resolve(answer),
                    Err(error) => resolver.reject(error),
                }
            }
        }
    });
    true
}

/// The server's events for this session, as the window's: read on a thread of their own
/// while the session lasts, and again after the server was gone for a moment.
fn listen(handle: AppHandle, desk: Arc<Desk>) {
    let Some(token) = desk.remote().token() else { return };
    std::thread::spawn(move || {
        let mut first = true;
        while desk.remote().token().as_deref() == Some(token.as_str()) {
            let _ = desk.remote().listen(&token, |name, payload| {
                if name == markt_remote::OPENED {
                    // Open again after the server was away: what changed meanwhile was not
                    // heard, so the screens look again at everything (`changed` with null).
                    if !std::mem::take(&mut first) {
                        let _ = handle.emit("changed", serde_json::Value::Null);
                    }
                    return;
                }
                let _ = handle.emit(name, payload);
            });
            std::thread::sleep(std::time::Duration::from_secs(2));
        }
    });
}

fn main() {
    let Some(path) = markt::db::resolve_path(None) else {
        eprintln!("Marktkantoor: geen map voor gegevens gevonden; zet MARKTKANTOOR_DB op het pad van de database");
        std::process::exit(1);
    };
    let documents = markt_app::commands::print::documents_folder(&path);
    // `--server URL [--server-fingerprint AB:CD:…]` fixes the connection for this run (a
    // shortcut IT puts on every desk, the end-to-end tests), as MARKTKANTOOR_SERVER does.
    let given = connection::from_args(std::env::args().skip(1));
    let fixed = given.is_some() || Connection::set_by_environment();
    let chosen = match given {
        Some(given) => given,
        None => Connection::load(&connection::settings_dir(&path)),
    };
    // A setting that cannot be used is said on the start-up screen, where the clerk can
    // choose again; never silently "this computer" (a desk of a server office must not
    // start a database of its own).
    let (chosen, backend) = match chosen.map_err(|e| e.to_string()).and_then(|c| {
        let backend = match &c {
            Connection::Local => Backend::Local,
            Connection::Server { url, fingerprint } => Remote::new(url.clone(), fingerprint.clone())
                .map(|remote| Backend::Server(Arc::new(Desk::new(remote, documents.clone(), None))))
                .map_err(|e| e["message"].as_str().unwrap_or_default().to_string())?,
        };
        Ok((c, backend))
    }) {
        Ok(both) => both,
        Err(message) => {
            (Connection::Local, Backend::Broken(format!("De verbinding van deze computer klopt niet: {message}")))
        }
    };
    let local = matches!(backend, Backend::Local);
    let mut builder = tauri::Builder::default();
    if local {
        // First, so that a second start only focuses the open window: two instances
        // writing one database is a known way to lose data. A desk of the server writes no
        // file of its own: a second window (another account) is allowed there.
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    }
    let result = builder
        .setup(move |tauri_app| {
            let handle = tauri_app.handle().clone();
            tauri_app.manage(Adapter { backend, db_path: path.clone(), fixed, connection: chosen.clone() });
            tauri_app.manage(App::new(Config {
                db_path: path.clone(),
                // The clock: the system's, or MARKTKANTOOR_NOW on a demo or test database only.
                clock: markt::clock::Clock::from_env(),
                // Letters and lists a clerk previews or prints: Documenten/Marktkantoor.
                documents_dir: documents.clone(),
                events: Arc::new(Window(handle)),
                downloads: None,
            }));
            Ok(())
        })
        .invoke_handler(invoke)
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Marktkantoor kon niet starten: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_capability_grants_exactly_the_app_commands() {
        // build.rs lists the commands; the capability must allow each and nothing else.
        let build = include_str!("../build.rs");
        let commands: Vec<String> =
            build.lines().filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\",").map(str::to_string)).collect();
        let mut table: Vec<String> = markt_app::COMMANDS.iter().map(|c| c.to_string()).collect();
        table.extend(super::connection::COMMANDS.iter().map(|c| c.to_string()));
        let mut listed = commands.clone();
        table.sort();
        listed.sort();
        assert_eq!(listed, table, "build.rs names exactly the command layer's commands and the window's own");
        let capability: serde_json::Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let mut granted: Vec<String> =
            capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        let mut expected: Vec<String> = commands.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        // Listening to the app's own events (progress of exports and imports) and no other
        // core permission: no emitting, no windows, no paths, no plugins.
        expected.extend(["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()]);
        granted.sort();
        expected.sort();
        assert_eq!(granted, expected, "no other core or plugin permission, and every command allowed");
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
    }
}

//! Marktkantoor, the desktop app: a Tauri window around the web UI in `ui/`, over the
//! command layer `markt-app`. This crate holds only the adapter: every command the window
//! invokes goes, by name and with its JSON arguments, to `markt_app::dispatch` on a worker
//! thread (never the main thread, so the window never waits), and its progress events come
//! back as Tauri events. No commands, DTOs or rules live here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::Arc;

use markt_app::{App, Config, Event, Events};
use tauri::ipc::{Invoke, InvokeBody};
use tauri::{AppHandle, Emitter, Manager};

/// The window hears the app's events as Tauri events of the same name.
struct Window(AppHandle);

impl Events for Window {
    fn emit(&self, event: Event) {
        // A window that is gone cannot be told; the work goes on.
        let _ = self.0.emit(event.name, event.payload);
    }
}

/// Runs the invoked command as the window's session on a blocking worker thread.
fn invoke(invoke: Invoke) -> bool {
    let name = invoke.message.command().to_string();
    let args = match invoke.message.payload() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => serde_json::Value::Null,
    };
    let handle = invoke.message.webview().app_handle().clone();
    let resolver = invoke.resolver;
    tauri::async_runtime::spawn_blocking(move || {
        let app = handle.state::<App>();
        match markt_app::dispatch(&app.window(), &name, args) {
            Ok(answer) => resolver.resolve(answer),
            Err(error) => resolver.reject(error),
        }
    });
    true
}

fn main() {
    let Some(path) = markt::db::resolve_path(None) else {
        eprintln!("Marktkantoor: geen map voor gegevens gevonden; zet MARKTKANTOOR_DB op het pad van de database");
        std::process::exit(1);
    };
    let result = tauri::Builder::default()
        // First, so that a second start only focuses the open window: two instances
        // writing one database is a known way to lose data.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .setup(move |tauri_app| {
            let handle = tauri_app.handle().clone();
            let cache_dir = handle.path().app_cache_dir().unwrap_or_else(|_| std::env::temp_dir());
            tauri_app.manage(App::new(Config {
                db_path: path.clone(),
                // The clock: the system's, or MARKTKANTOOR_NOW on a demo or test database only.
                clock: markt::clock::Clock::from_env(),
                cache_dir,
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
        let mut listed = commands.clone();
        table.sort();
        listed.sort();
        assert_eq!(listed, table, "build.rs names exactly the command layer's commands");
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

//! Marktkantoor, the desktop app: a Tauri window around the web UI in `ui/`, over the
//! `markt` core. This crate holds the commands (one call into the core each), the DTOs
//! of the UI contract, and the setup; no rules.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
mod state;

use tauri::Manager;

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
        // The clock: the system's, or MARKTKANTOOR_NOW on a demo or test database only.
        .manage(state::App::new(path, markt::clock::Clock::from_env()))
        .manage(commands::data::Jobs::default())
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Marktkantoor kon niet starten: {e}");
        std::process::exit(1);
    }
}

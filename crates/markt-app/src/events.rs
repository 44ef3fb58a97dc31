//! Events the app raises for its clients: the window (Tauri events) and the server's event
//! stream (server-sent events) carry the same name and JSON.

use serde::Serialize;

/// An event: its name (`progress`) and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub payload: serde_json::Value,
}

impl Event {
    /// A job's progress (`{job, phase, done, total}`).
    pub fn progress(p: &crate::dto::data::ProgressEvent) -> Event {
        Event { name: "progress", payload: json(p) }
    }
}

fn json(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Who hears the app's events. A client that is gone cannot be told; the work goes on.
pub trait Events: Send + Sync {
    fn emit(&self, event: Event);
}

/// No one listens (the CLI, tests).
pub struct Nobody;

impl Events for Nobody {
    fn emit(&self, _: Event) {}
}

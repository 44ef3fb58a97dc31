//! Events the app raises for its clients: the window (Tauri events) and the server's event
//! stream (server-sent events) carry the same name and JSON.

use serde::Serialize;

use crate::state::SessionKey;

/// An event: its name (`progress`), its JSON, and the session it is for (`None`: everyone).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub payload: serde_json::Value,
    pub session: Option<SessionKey>,
}

impl Event {
    /// A job's progress (`{job, phase, done, total}`), for the session that runs the job.
    pub fn progress(p: &crate::dto::data::ProgressEvent, session: &SessionKey) -> Event {
        Event { name: "progress", payload: json(p), session: Some(session.clone()) }
    }

    /// Whether a client of `session` should hear this event.
    pub fn is_for(&self, session: &SessionKey) -> bool {
        self.session.as_ref().is_none_or(|s| s == session)
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

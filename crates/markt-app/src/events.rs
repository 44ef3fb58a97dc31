//! Events the app raises for its clients: the window (Tauri events) and the server's event
//! stream (server-sent events) carry the same name and JSON.

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

use crate::state::SessionKey;

/// An event: its name (`progress`, `changed`), its JSON, the session it is for (`None`:
/// everyone) and the session whose work it reports (a client's own changes are `mine`).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub payload: serde_json::Value,
    pub session: Option<SessionKey>,
    pub origin: Option<SessionKey>,
}

impl Event {
    /// A job's progress (`{job, phase, done, total}`), for the session that runs the job.
    pub fn progress(p: &crate::dto::data::ProgressEvent, session: &SessionKey) -> Event {
        Event { name: "progress", payload: json(p), session: Some(session.clone()), origin: None }
    }

    /// Something stored changed (`{topic, command, marketId, day, by}`), for every client:
    /// the other desks re-read what they show.
    pub fn changed(change: &Change, origin: &SessionKey) -> Event {
        Event { name: "changed", payload: json(change), session: None, origin: Some(origin.clone()) }
    }

    /// Whether a client of `session` should hear this event.
    pub fn is_for(&self, session: &SessionKey) -> bool {
        self.session.as_ref().is_none_or(|s| s == session)
    }

    /// The JSON a client of `session` gets: a change says whether it was its own (`mine`),
    /// so the desk that made it does not re-read under the clerk's hands.
    pub fn payload_for(&self, session: &SessionKey) -> serde_json::Value {
        match (&self.origin, &self.payload) {
            (Some(origin), serde_json::Value::Object(fields)) => {
                let mut fields = fields.clone();
                fields.insert("mine".into(), serde_json::Value::Bool(origin == session));
                serde_json::Value::Object(fields)
            }
            _ => self.payload.clone(),
        }
    }
}

/// What a write changed, said to every client: which part of the office's data (`topic`), by
/// which command, for which market and day where the command says (`None`: look again
/// whatever you show), and by whom; `mine` for the client whose session made it.
#[derive(Debug, Clone, PartialEq, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub topic: Topic,
    pub command: String,
    pub market_id: Option<i64>,
    pub day: Option<String>,
    /// The display name of the account that made the change.
    pub by: String,
    pub mine: bool,
}

/// The parts of the data a screen shows and re-reads when another desk changed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Topic {
    /// Permits and their money: the day view, the permit list, the counter's warnings.
    Permits,
    /// The day close: the counter and the day view of a closed day.
    DayClose,
    Attendance,
    Notes,
    /// Allocation versions and the stalls blocked for a day.
    Allocation,
    /// Samples and controls of the control round.
    Controls,
    Tickets,
    /// Markets, stalls, vendors, tariffs, accounts, settings.
    MasterData,
}

/// The topic a command's success changes; `None` for the commands that only read (and for
/// the session's own: login, logout, jobs' cancel).
pub fn topic_of(command: &str) -> Option<Topic> {
    use Topic::*;
    Some(match command {
        "issue_permit" | "void_permit" | "reissue_permit" | "reverse_payment" | "pay_open_amount" => Permits,
        "close_day" => DayClose,
        "record_attendance" | "set_pattern" | "add_absence" | "end_absence" | "remove_absence" => Attendance,
        "add_note" | "tick_note" => Notes,
        "run_allocation" | "override_allocation" | "publish_allocation" | "block_stall" | "unblock_stall" => Allocation,
        "draw_sample" | "redraw_sample" | "record_control" => Controls,
        "create_ticket" | "set_ticket_status" | "pay_ticket" | "add_ticket_photo" => Tickets,
        "save_market"
        | "set_market_ended"
        | "add_row"
        | "update_row"
        | "save_stall"
        | "add_obstacle"
        | "remove_obstacle"
        | "set_market_branch_rule"
        | "save_branch"
        | "save_vendor"
        | "add_substitute"
        | "end_substitute"
        | "save_registration"
        | "void_registration"
        | "set_vat_rate"
        | "save_tariff_kind"
        | "save_product"
        | "save_tariff_plan"
        | "create_account"
        | "unlock_account"
        | "set_account_role"
        | "set_account_active"
        | "reset_account_password"
        | "end_session"
        | "save_office_settings"
        | "add_violation"
        | "end_violation"
        | "set_fine_codes"
        | "run_import"
        | "restore_backup" => MasterData,
        _ => return None,
    })
}

/// The market and day a change is about: the command's arguments say (`marketId`, `day`,
/// or inside its `form`, `input` or `request`), else its answer (a voided permit, a paid
/// ticket carry theirs).
pub fn scope_of(args: &serde_json::Value, answer: &serde_json::Value) -> (Option<i64>, Option<String>) {
    let places = [
        Some(args),
        args.get("form"),
        args.get("input"),
        args.get("request"),
        Some(answer),
        answer.get("permit"),
        answer.get("ticket"),
    ];
    let market = places.iter().flatten().find_map(|v| v.get("marketId").and_then(serde_json::Value::as_i64));
    let day = places.iter().flatten().find_map(|v| v.get("day").and_then(serde_json::Value::as_str)).map(String::from);
    (market, day)
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

//! The core's errors. Callers (the app, the CLI) branch on [`Error::code`], never on text;
//! the text is Dutch because that is what clerks read.

use std::fmt;

use crate::account::Action;
use crate::code::Role;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The acting account's role may not do this.
    #[error("de rol ‘{}’ mag dit niet: {}", role.label_nl(), action.label_nl())]
    Forbidden { action: Action, role: Role },

    /// Input that breaks a rule; every bad field is named.
    #[error("{0}")]
    Invalid(Invalid),

    #[error("{what} niet gevonden: {key}")]
    NotFound { what: &'static str, key: String },

    /// The request is valid in itself but not in the current state (a voided permit, a
    /// closed day, a published allocation).
    #[error("{0}")]
    Conflict(String),

    #[error("onbekende gebruikersnaam of onjuist wachtwoord")]
    LoginFailed,

    #[error("dit account is geblokkeerd: vraag een beheerder of senior medewerker om het te deblokkeren")]
    AccountLocked,

    #[error("dit account is uitgeschakeld: vraag een beheerder om het weer aan te zetten")]
    AccountInactive,

    /// No tariff plan covers the day: nothing can be priced, nothing is saved.
    #[error("geen tariefplan voor {market} op {}", crate::time::long_day(*day))]
    NoTariffPlan { market: String, day: chrono::NaiveDate },

    /// Pricing failed: no tariff plan for the day, no VAT rate, an unknown product.
    #[error(transparent)]
    Quote(#[from] crate::fee::QuoteError),

    #[error(transparent)]
    Store(#[from] StoreError),

    /// The caller cancelled long work (an export, an import): nothing was stored.
    #[error("afgebroken: er is niets opgeslagen")]
    Cancelled,

    /// An export's file could not be written: nothing was stored.
    #[error("het bestand kon niet worden geschreven: {0}")]
    Write(#[from] std::io::Error),
    /// A printed document could not be made (the embedded font would not subset).
    #[error("het document kon niet worden gemaakt: {0}")]
    Pdf(String),
}

impl Error {
    /// A stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Forbidden { .. } => "forbidden",
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict(_) => "conflict",
            Error::LoginFailed => "login_failed",
            Error::AccountLocked => "account_locked",
            Error::AccountInactive => "account_inactive",
            Error::NoTariffPlan { .. } => "no_tariff_plan",
            Error::Quote(e) => e.code(),
            Error::Store(e) => e.code(),
            Error::Cancelled => "cancelled",
            Error::Write(_) => "io",
            Error::Pdf(_) => "pdf",
        }
    }

    pub fn invalid(field: impl Into<String>, problem: Problem, message: impl Into<String>) -> Error {
        Error::Invalid(Invalid(vec![FieldError { field: field.into(), problem, message: message.into() }]))
    }

    pub fn not_found(what: &'static str, key: impl fmt::Display) -> Error {
        Error::NotFound { what, key: key.to_string() }
    }

    /// The field errors, when this is a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Invalid(inv) => &inv.0,
            _ => &[],
        }
    }
}

/// A failure of the database engine, as storage reports it to the rules and the edges: what
/// the engine said, and whether another writer held the database past the busy timeout.
/// The engine's own error type stays in storage (`db/columns.rs` converts it).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct EngineError {
    pub message: String,
    pub busy: bool,
}

/// What is wrong with a field, for the UI to pick its own words in another language.
#[cfg_attr(feature = "contract", derive(ts_rs::TS, schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    Format,
    TooLong,
    OutOfRange,
    Duplicate,
    Unknown,
    Conflict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field as the form names it: `code`, `stalls[2].number`.
    pub field: String,
    pub problem: Problem,
    pub message: String,
}

/// One or more field errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<FieldError>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

/// Collects every field error of a form before refusing it, so a clerk fixes all at once.
#[derive(Debug, Default)]
pub struct Validator(Vec<FieldError>);

impl Validator {
    pub fn new() -> Validator {
        Validator::default()
    }

    pub fn fail(&mut self, field: impl Into<String>, problem: Problem, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), problem, message: message.into() });
    }

    /// `ok` must hold, or the field gets `message`.
    pub fn check(&mut self, field: &str, ok: bool, problem: Problem, message: impl Into<String>) {
        if !ok {
            self.fail(field, problem, message);
        }
    }

    /// A text field that must not be empty and must fit in `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, Problem::Required, "verplicht veld");
        } else if value.chars().count() > max {
            self.fail(field, Problem::TooLong, format!("te lang (hoogstens {max} tekens)"));
        }
    }

    /// An optional text field of at most `max` characters.
    pub fn optional_text(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.fail(field, Problem::TooLong, format!("te lang (hoogstens {max} tekens)"));
        }
    }

    pub fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.fail(field, Problem::OutOfRange, format!("moet tussen {min} en {max} liggen"));
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn has_error_on(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::Invalid(Invalid(self.0))) }
    }
}

/// Opening, migrating and talking to the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "de database ‘{path}’ heeft schemaversie {database}, maar dit programma kent alleen versies tot en met {program}: \
         werk Marktkantoor bij; het bestand is niet aangeraakt"
    )]
    SchemaTooNew { path: String, database: usize, program: usize },

    #[error(
        "‘{path}’ is geen Marktkantoor-database (een ander programma gebruikt dit bestand); het bestand is niet aangeraakt"
    )]
    Foreign { path: String },

    #[error("de database kon niet worden bijgewerkt: {0}")]
    Migration(String),

    #[error("databasefout: {0}")]
    Engine(#[from] EngineError),

    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },

    /// A set clock on real records would backdate them.
    #[error(
        "{var} zet de klok op {set}, maar ‘{path}’ is een echte kantoordatabase: een verzette klok geldt \
         alleen voor een demo- of testdatabase. Haal {var} weg om deze database te openen; het bestand is niet aangeraakt"
    )]
    ClockSetOnOffice { path: String, var: &'static str, set: String },
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::SchemaTooNew { .. } => "schema_too_new",
            StoreError::Foreign { .. } => "foreign_database",
            StoreError::Migration(_) => "migration_failed",
            StoreError::Engine(e) if e.busy => "database_busy",
            StoreError::Engine(_) => "database",
            StoreError::Io { .. } => "io",
            StoreError::ClockSetOnOffice { .. } => "clock_set",
        }
    }
}

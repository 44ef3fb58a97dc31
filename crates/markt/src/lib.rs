//! Marktkantoor's core: the domain of a city's street-market office, its rules and its
//! storage in one SQLite file. No UI and no app shell live here; every clerk action is a
//! function of this crate that takes the acting account and the time as parameters.

pub mod account;
pub mod allocation;
pub mod attendance;
pub mod audit;
pub mod backup;
pub mod branch;
pub mod check;
pub mod clock;
pub mod code;
pub mod control;
pub mod counter;
pub mod day_close;
pub mod day_view;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod fee;
pub mod figures;
pub mod ids;
pub mod import;
pub mod market;
pub mod money;
pub mod note;
pub mod office;
pub mod office_day;
pub mod permit;
pub mod progress;
pub mod registration;
pub mod report;
pub mod sample;
pub mod tariff;
pub mod ticket;
pub mod time;
pub mod vendor;

pub use account::{Action, Actor};
pub use db::Store;
pub use error::{Error, Result};
pub use money::{Cents, Percent};

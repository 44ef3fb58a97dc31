//! Marktkantoor's core: the domain of a city's street-market office, its rules and its
//! storage in one SQLite file. No UI and no app shell live here; every clerk action is a
//! function of this crate that takes the acting account and the time as parameters.

pub mod allocation;
pub mod code;
pub mod money;

pub use money::{Cents, Percent};

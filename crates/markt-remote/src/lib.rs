//! The desktop window as a client of the office server (`markt serve`).
//!
//! An office with one desk keeps its database in a file on that desk; an office with several
//! runs one server, and each desk's window works on it over HTTPS: the same screens and the
//! same commands, sent to the server instead of to the local command layer. This crate is
//! everything that takes, and nothing of Tauri:
//!
//! - [`connection`]: the desk's choice (this computer, or the office server at an address
//!   with the certificate the clerk confirmed), kept in the desk's settings;
//! - [`tls`]: the certificate check: a publicly signed certificate by the public roots, a
//!   self-signed office certificate only by the fingerprint the clerk confirmed (pinned);
//! - [`client`]: the commands over HTTPS with the session's token, the server's files, its
//!   event stream, and a server that is gone said in a clerk's words;
//! - [`desk`]: what stays on the desk in server mode: a document made by the server is
//!   fetched, saved in the desk's Documents folder and shown or printed on the desk's own
//!   viewer and printer; an export is saved in the desk's Downloads.

pub mod client;
pub mod connection;
pub mod desk;
pub mod tls;

pub use client::{OPENED, Remote};
pub use connection::{Connection, ServerUrl};
pub use desk::Desk;
pub use tls::Fingerprint;

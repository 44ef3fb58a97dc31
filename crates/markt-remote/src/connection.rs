//! The desk's connection: this computer (the local file, the default) or the office server.
//! Kept as `verbinding.json` in the desk's settings folder; `MARKTKANTOOR_SERVER` (with
//! `MARKTKANTOOR_SERVER_FINGERPRINT` for a self-signed certificate) sets it for one run, for
//! an IT department that rolls the app out to every desk, and for the tests.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::tls::Fingerprint;

/// Where the desk's work goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum Connection {
    /// The database file on this computer.
    Local,
    /// The office server; `fingerprint` is the certificate the clerk confirmed (none for a
    /// certificate the public roots vouch for, or plain HTTP on this computer itself).
    #[serde(rename_all = "camelCase")]
    Server { url: ServerUrl, fingerprint: Option<Fingerprint> },
}

/// An office server's address: `https://host[:port]`, or `http://` to this computer itself
/// (a server behind a proxy on the same machine, the tests). Kept without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServerUrl(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConnectionError {
    #[error("{0} is geen adres; typ het als https://server.gemeente.nl of https://192.168.1.10:8443")]
    NotAnAddress(String),
    #[error("het adres moet met https:// beginnen: alleen deze computer zelf mag via http://")]
    NotHttps,
    #[error("het adres is alleen de server (https://host of https://host:poort), zonder pad of vraag")]
    HasPath,
    #[error("de vingerafdruk {0} is geen SHA-256 (32 bytes, als AB:CD:…)")]
    BadFingerprint(String),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

impl ServerUrl {
    pub fn parse(text: &str) -> Result<ServerUrl, ConnectionError> {
        let trimmed = text.trim().trim_end_matches('/');
        let url = url::Url::parse(trimmed).map_err(|_| ConnectionError::NotAnAddress(trimmed.to_string()))?;
        let host = url.host_str().ok_or_else(|| ConnectionError::NotAnAddress(trimmed.to_string()))?;
        if url.path() != "/" && !url.path().is_empty() || url.query().is_some() || url.fragment().is_some() {
            return Err(ConnectionError::HasPath);
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => return Err(ConnectionError::NotHttps),
            _ => return Err(ConnectionError::NotAnAddress(trimmed.to_string())),
        }
        Ok(ServerUrl(url.as_str().trim_end_matches('/').to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// The address of an API path on this server.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl TryFrom<String> for ServerUrl {
    type Error = ConnectionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ServerUrl::parse(&s)
    }
}

impl From<ServerUrl> for String {
    fn from(u: ServerUrl) -> String {
        u.0
    }
}

impl std::fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const FILE: &str = "verbinding.json";

impl Connection {
    /// The desk's connection: the environment's for this run, else the settings file, else
    /// this computer. A damaged settings file is an error, not silently "this computer":
    /// a desk of a server office must not start a database of its own.
    pub fn load(settings_dir: &Path) -> Result<Connection, ConnectionError> {
        if let Some(from_env) = Connection::from_env()? {
            return Ok(from_env);
        }
        let path = settings_dir.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| ConnectionError::File { path, message: e.to_string() }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Connection::Local),
            Err(e) => Err(ConnectionError::File { path, message: e.to_string() }),
        }
    }

    fn from_env() -> Result<Option<Connection>, ConnectionError> {
        match std::env::var("MARKTKANTOOR_SERVER").ok().filter(|u| !u.trim().is_empty()) {
            Some(url) => {
                Connection::server(&url, std::env::var("MARKTKANTOOR_SERVER_FINGERPRINT").ok().as_deref()).map(Some)
            }
            None => Ok(None),
        }
    }

    /// The office server at `url`, with the fingerprint IT gave (empty: none), as typed on
    /// a command line or in the environment.
    pub fn server(url: &str, fingerprint: Option<&str>) -> Result<Connection, ConnectionError> {
        let fingerprint = match fingerprint.map(str::trim).filter(|f| !f.is_empty()) {
            Some(f) => Some(Fingerprint::parse(f)?),
            None => None,
        };
        Ok(Connection::Server { url: ServerUrl::parse(url)?, fingerprint })
    }

    /// Whether this run's connection comes from the environment (then the setting on screen
    /// cannot change it).
    pub fn set_by_environment() -> bool {
        std::env::var("MARKTKANTOOR_SERVER").is_ok_and(|u| !u.trim().is_empty())
    }

    /// Writes the setting (whole, by a rename: a crash leaves the old one or the new one).
    pub fn save(&self, settings_dir: &Path) -> Result<(), ConnectionError> {
        let path = settings_dir.join(FILE);
        let io = |e: std::io::Error| ConnectionError::File { path: path.clone(), message: e.to_string() };
        std::fs::create_dir_all(settings_dir).map_err(io)?;
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| ConnectionError::File { path: path.clone(), message: e.to_string() })?;
        let partial = settings_dir.join(format!("{FILE}.nieuw"));
        std::fs::write(&partial, text).map_err(io)?;
        std::fs::rename(&partial, &path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_https_or_this_computer() {
        assert_eq!(ServerUrl::parse(" https://markt.gemeente.nl/ ").unwrap().as_str(), "https://markt.gemeente.nl");
        assert_eq!(
            ServerUrl::parse("https://10.0.0.5:8443").unwrap().at("/api/login"),
            "https://10.0.0.5:8443/api/login"
        );
        assert_eq!(ServerUrl::parse("http://127.0.0.1:8080").unwrap().as_str(), "http://127.0.0.1:8080");
        assert_eq!(ServerUrl::parse("http://localhost:8080").unwrap().as_str(), "http://localhost:8080");
        assert_eq!(ServerUrl::parse("http://[::1]:8080").unwrap().as_str(), "http://[::1]:8080");
        assert_eq!(ServerUrl::parse("http://markt.gemeente.nl"), Err(ConnectionError::NotHttps));
        assert_eq!(ServerUrl::parse("http://10.0.0.5:8080"), Err(ConnectionError::NotHttps));
        assert_eq!(ServerUrl::parse("https://markt.gemeente.nl/api"), Err(ConnectionError::HasPath));
        assert!(matches!(ServerUrl::parse("markt.gemeente.nl"), Err(ConnectionError::NotAnAddress(_))));
        assert!(matches!(ServerUrl::parse("ftp://markt.gemeente.nl"), Err(ConnectionError::NotAnAddress(_))));
    }

    #[test]
    fn the_setting_survives_a_restart_and_a_damaged_one_is_said() {
        let dir = tempfile::tempdir().unwrap();
        // Nothing saved: this computer.
        assert_eq!(Connection::load(dir.path()).unwrap(), Connection::Local);
        let server = Connection::Server {
            url: ServerUrl::parse("https://markt.gemeente.nl:8443").unwrap(),
            fingerprint: Some(Fingerprint::of(b"certificaat")),
        };
        server.save(dir.path()).unwrap();
        assert_eq!(Connection::load(dir.path()).unwrap(), server);
        Connection::Local.save(dir.path()).unwrap();
        assert_eq!(Connection::load(dir.path()).unwrap(), Connection::Local);
        // A hand-edited file with an http address elsewhere is refused, not taken as local.
        std::fs::write(dir.path().join(FILE), r#"{"mode":"server","url":"http://10.0.0.5","fingerprint":null}"#)
            .unwrap();
        let err = Connection::load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
    }
}

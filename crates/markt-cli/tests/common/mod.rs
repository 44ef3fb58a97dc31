//! What the tests of `markt serve` share: a server on a copy of the demo city, plain HTTP
//! requests over a socket (status, headers and body as they are sent), and a look into the
//! database.
#![allow(dead_code)] // each test file uses some of these

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// The server's start: its process, the port it listens on, and the certificate's
/// fingerprint it printed (over TLS).
pub struct Started {
    pub server: Running,
    pub port: u16,
    pub fingerprint: Option<String>,
}

/// A server process, stopped when the test ends, also when it fails.
pub struct Running(pub Child);

impl Running {
    pub fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn serve(db: &Path, ui: &Path, listen: &str, extra: &[&std::ffi::OsStr]) -> Started {
    let mut server = Command::new(env!("CARGO_BIN_EXE_markt"))
        .arg("--db")
        .arg(db)
        .args(["serve", "--listen", listen, "--ui"])
        .arg(ui)
        .args(extra)
        .env("MARKTKANTOOR_NOW", "2026-11-28T08:30")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let port: u16 = line.trim().rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("{line}"));
    let fingerprint = line.contains("https://").then(|| {
        let mut next = String::new();
        out.read_line(&mut next).unwrap();
        next.trim().rsplit(' ').next().unwrap().to_string()
    });
    Started { server: Running(server), port, fingerprint }
}

/// The demo city's SQLite file for the tests of this file (made once: it takes a while).
fn demo_city() -> &'static Path {
    static DEMO: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, made) = DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("demo.sqlite");
        let out = Command::new(env!("CARGO_BIN_EXE_markt"))
            .arg("--db")
            .arg(&db)
            .args(["demo", "--seed", "1", "--today", "2026-11-27"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (dir, db)
    });
    made
}

/// The demo city for one test: a copy of the file in `dir`, or on a test run with
/// PostgreSQL a database cloned from the city.
pub fn demo_in(dir: &Path) -> PathBuf {
    markt::db::testing::copy_of(demo_city(), dir)
}

/// The demo city as a SQLite file in `dir`, on either test run (what `markt migrate` moves).
pub fn demo_file_in(dir: &Path) -> PathBuf {
    let db = dir.join("demo.sqlite");
    std::fs::copy(demo_city(), &db).unwrap();
    db
}

/// One value of the copied database, read beside the running server (SQLite's WAL lets a
/// reader in while the server writes).
pub fn one(db: &Path, sql: &str) -> i64 {
    let store = markt::Store::open(db).unwrap();
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

pub fn one_text(db: &Path, sql: &str) -> String {
    let store = markt::Store::open(db).unwrap();
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A GET over a plain socket: the status and the body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, answer.split("\r\n\r\n").nth(1).unwrap_or("").to_string())
}

/// A GET's header lines, lower-cased, for the security headers.
pub fn get_headers(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let answer = String::from_utf8_lossy(&bytes).to_lowercase();
    answer.split("\r\n\r\n").next().unwrap_or("").to_string()
}

/// One HTTP/1.1 request over a plain socket: the status and the body.
pub fn http(port: u16, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
    let (status, _, body) = post(port, path, token, body.as_bytes());
    (status, body)
}

/// A POST over a plain socket with any bytes as its body: the status, the header lines
/// (lower-cased) and the body. A server that answers before it read the whole body (one
/// too large) may close the socket while it is written: its answer is read all the same.
pub fn post(port: u16, path: &str, token: Option<&str>, body: &[u8]) -> (u16, String, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    let _ = s.write_all(body);
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    // A PDF's bytes are not text; its first bytes are, and that is what tests look at.
    let answer = String::from_utf8_lossy(&bytes).into_owned();
    let status = answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (status, head.to_lowercase(), body.to_string())
}

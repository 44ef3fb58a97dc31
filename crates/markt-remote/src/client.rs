//! The commands over HTTPS. The same JSON as the window's: `POST /api/<command>` with the
//! arguments, the answer or `{code, message, fields}`; the session is the bearer token the
//! server gave at login, kept in memory only. A server that cannot be reached is the coded
//! error `server_unreachable` in a clerk's words, so the screen says so and keeps what the
//! clerk typed.

use std::io::{BufRead, BufReader};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::connection::ServerUrl;
use crate::tls::{self, Fingerprint, Seen, Trust};

/// How long a command may take: the server's long work (exports, imports) runs as jobs that
/// answer when done, so this is generous; a server that is gone is noticed by the connect
/// timeout much sooner.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The window's session on the office server.
/// The name [`Remote::listen`] hands its caller when the stream is open (no server event's).
pub const OPENED: &str = ":open";

pub struct Remote {
    url: ServerUrl,
    http: reqwest::blocking::Client,
    /// The event stream has no overall timeout: it stays open for the session's length.
    stream: reqwest::blocking::Client,
    token: Mutex<Option<String>>,
}

/// An error as the UI reads it: `{code, message, fields}`.
pub type Failure = Value;

pub fn failure(code: &str, message: impl Into<String>) -> Failure {
    json!({ "code": code, "message": message.into(), "fields": [] })
}

/// What a first contact found at an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The certificate's fingerprint (none over plain HTTP to this computer).
    pub fingerprint: Option<Fingerprint>,
    /// Whether the public roots vouch for the certificate (then no pin is needed).
    pub public: bool,
}

impl Remote {
    /// A client of the server at `url`, trusting a pinned certificate or the public roots.
    pub fn new(url: ServerUrl, pin: Option<Fingerprint>) -> Result<Remote, Failure> {
        let trust = pin.map_or(Trust::Public, Trust::Pinned);
        let http = client(&trust, Some(COMMAND_TIMEOUT))?;
        let stream = client(&trust, None)?;
        Ok(Remote { url, http, stream, token: Mutex::new(None) })
    }

    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    /// Looks at the address before the clerk trusts it: the certificate (its fingerprint,
    /// whether the public roots vouch for it) and whether a Marktkantoor server answers.
    pub fn probe(url: &ServerUrl) -> Result<Probe, Failure> {
        let seen = Arc::new(Seen::default());
        let http = client(&Trust::Probe(seen.clone()), Some(CONNECT_TIMEOUT * 2))?;
        let answer = http.post(url.at("/api/today")).json(&json!({})).send().map_err(|e| unreachable(url, &e))?;
        let ours = answer.status().is_success() && answer.json::<Value>().is_ok_and(|v| v.is_string());
        if !ours {
            return Err(failure(
                "not_a_server",
                format!(
                    "Op {url} antwoordt wel iets, maar geen Marktkantoor-server. Kijk het adres na (ook de poort)."
                ),
            ));
        }
        let (fingerprint, public) = match seen.get() {
            Some((f, public)) => (Some(f), public),
            None => (None, false),
        };
        Ok(Probe { fingerprint, public })
    }

    /// The session's token, if logged in.
    pub fn token(&self) -> Option<String> {
        self.token.lock().ok().and_then(|t| t.clone())
    }

    fn set_token(&self, token: Option<String>) {
        if let Ok(mut t) = self.token.lock() {
            *t = token;
        }
    }

    /// Runs a command on the server. `login` keeps the token and answers the account, as
    /// the local command does; `logout` forgets it, also when the server already had.
    pub fn call(&self, command: &str, args: &Value) -> Result<Value, Failure> {
        let sent = self.token();
        let answer = self.post(command, args, sent.as_deref());
        match (command, answer) {
            ("login", Ok(mut answer)) => {
                let token = answer.get("token").and_then(Value::as_str).map(str::to_string);
                if token.is_none() {
                    return Err(failure("internal", "de server gaf geen sessie bij het inloggen"));
                }
                self.set_token(token);
                Ok(answer.get_mut("account").map(Value::take).unwrap_or(Value::Null))
            }
            ("logout", result) => {
                self.set_token(None);
                match result {
                    Err(e) if matches!(code(&e), "not_logged_in" | "session_expired" | "server_unreachable") => {
                        Ok(Value::Null)
                    }
                    other => other,
                }
            }
            (_, Err(e)) => {
                // The session is gone on the server (expired, ended by an administrator, a
                // restore): forget it, unless a login since brought a new one.
                if matches!(code(&e), "not_logged_in" | "session_expired") && self.token() == sent {
                    self.set_token(None);
                }
                Err(e)
            }
            (_, ok) => ok,
        }
    }

    fn post(&self, command: &str, args: &Value, token: Option<&str>) -> Result<Value, Failure> {
        let mut request = self.http.post(self.url.at(&format!("/api/{command}"))).json(args);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().map_err(|e| unreachable(&self.url, &e))?;
        let status = response.status();
        let text = response.text().map_err(|e| unreachable(&self.url, &e))?;
        if status.is_success() {
            return if text.is_empty() {
                Ok(Value::Null)
            } else {
                serde_json::from_str(&text)
                    .map_err(|_| failure("internal", format!("geen JSON van de server: {}", cut(&text))))
            };
        }
        Err(error_of(status.as_u16(), &text))
    }

    /// A file this session made on the server (a document, an export), as bytes.
    pub fn file(&self, server_path: &str) -> Result<Vec<u8>, Failure> {
        let mut request = self.http.post(self.url.at("/api/file")).json(&json!({ "path": server_path }));
        if let Some(token) = self.token() {
            request = request.bearer_auth(token);
        }
        let response = request.send().map_err(|e| unreachable(&self.url, &e))?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().unwrap_or_default();
            return Err(error_of(status.as_u16(), &text));
        }
        response.bytes().map(|b| b.to_vec()).map_err(|e| unreachable(&self.url, &e))
    }

    /// Reads the server's event stream for this session until it ends (the server went,
    /// the session ended), handing each event's name and JSON to `on`; first [`OPENED`]
    /// once the server took the stream.
    pub fn listen(&self, token: &str, mut on: impl FnMut(&str, Value)) -> Result<(), Failure> {
        let mut address =
            reqwest::Url::parse(&self.url.at("/api/events")).map_err(|e| failure("internal", e.to_string()))?;
        address.query_pairs_mut().append_pair("token", token);
        let response = self.stream.get(address).send().map_err(|e| unreachable(&self.url, &e))?;
        if !response.status().is_success() {
            let status = response.status().as_u16();
            return Err(error_of(status, &response.text().unwrap_or_default()));
        }
        on(OPENED, Value::Null);
        let mut name = String::from("message");
        let mut data = String::new();
        for line in BufReader::new(response).lines() {
            let line = line.map_err(|e| failure("server_unreachable", e.to_string()))?;
            if line.is_empty() {
                if !data.is_empty() {
                    on(&name, serde_json::from_str(&data).unwrap_or(Value::Null));
                }
                name = String::from("message");
                data.clear();
            } else if let Some(n) = line.strip_prefix("event:") {
                name = n.trim().to_string();
            } else if let Some(d) = line.strip_prefix("data:") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(d.strip_prefix(' ').unwrap_or(d));
            }
        }
        Ok(())
    }
}

fn client(trust: &Trust, timeout: Option<Duration>) -> Result<reqwest::blocking::Client, Failure> {
    let tls = tls::client_config(trust).map_err(|e| failure("internal", format!("TLS: {e}")))?;
    let mut builder = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("Marktkantoor/", env!("CARGO_PKG_VERSION")));
    builder = match timeout {
        Some(t) => builder.timeout(t),
        None => builder.timeout(None::<Duration>),
    };
    builder.build().map_err(|e| failure("internal", format!("HTTP: {e}")))
}

fn code(error: &Failure) -> &str {
    error.get("code").and_then(Value::as_str).unwrap_or("")
}

/// An error answer: the server's own `{code, message, fields}`, else one by the status (a
/// proxy's page, say).
fn error_of(status: u16, text: &str) -> Failure {
    if let Ok(body) = serde_json::from_str::<Value>(text)
        && body.get("code").is_some_and(Value::is_string)
        && body.get("message").is_some_and(Value::is_string)
    {
        let mut body = body;
        if body.get("fields").is_none() {
            body["fields"] = json!([]);
        }
        return body;
    }
    let code = match status {
        401 => "not_logged_in",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        413 => "too_large",
        422 => "invalid",
        429 => "too_many_attempts",
        _ => "internal",
    };
    failure(code, if text.trim().is_empty() { format!("HTTP {status}") } else { cut(text) })
}

/// Why the server could not be reached, in a clerk's words: the certificate that changed is
/// said apart, for it is IT's business, not a network hiccup.
fn unreachable(url: &ServerUrl, e: &reqwest::Error) -> Failure {
    if certificate_refused(e) {
        return failure(
            "certificate_changed",
            format!(
                "De server op {url} toont een ander certificaat dan het bevestigde. Werk niet verder en bel de beheerder: \
                 misschien is het certificaat vernieuwd, misschien doet een ander apparaat zich voor als de server."
            ),
        );
    }
    failure(
        "server_unreachable",
        format!(
            "Server niet bereikbaar ({url}). Wat u typte blijft staan; probeer het zo opnieuw. Blijft het zo, bel de beheerder."
        ),
    )
}

fn certificate_refused(e: &reqwest::Error) -> bool {
    // The TLS layer hands rustls's error up inside `io::Error`s (two deep today), whose
    // `source()` skips the error they wrap: look inside each of them as well.
    let mut seen: Vec<&(dyn std::error::Error + 'static)> = vec![e];
    while let Some(error) = seen.pop() {
        if let Some(rustls::Error::InvalidCertificate(_)) = error.downcast_ref::<rustls::Error>() {
            return true;
        }
        if let Some(inner) = error.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            seen.push(inner);
        }
        seen.extend(error.source());
    }
    false
}

fn cut(text: &str) -> String {
    text.trim().chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_answer_keeps_the_servers_words_or_gets_a_code_by_status() {
        let own = error_of(409, r#"{"code":"already_paid","message":"al betaald door Ans","fields":[]}"#);
        assert_eq!(own["code"], "already_paid");
        assert_eq!(own["message"], "al betaald door Ans");
        let proxy = error_of(502, "<html>Bad Gateway</html>");
        assert_eq!(proxy["code"], "internal");
        assert_eq!(error_of(429, "")["code"], "too_many_attempts");
        assert_eq!(error_of(401, "")["message"], "HTTP 401");
        assert_eq!(error_of(422, r#"{"code":"invalid","message":"x"}"#)["fields"], json!([]));
    }

    #[test]
    fn a_server_that_is_not_there_is_said_in_a_clerks_words() {
        // A port nothing listens on (bound, then closed).
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = ServerUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
        let remote = Remote::new(url, None).unwrap();
        let err = remote.call("today", &json!({})).unwrap_err();
        assert_eq!(err["code"], "server_unreachable");
        assert!(err["message"].as_str().unwrap().contains("Server niet bereikbaar"), "{err}");
        // Logging out of a server that is gone is logged out all the same.
        assert_eq!(remote.call("logout", &json!({})).unwrap(), Value::Null);
    }
}

//! `markt serve`: the office server. The same command layer as the desktop window
//! (`markt_app::dispatch`) over HTTP, so that every desk, tablet or phone of the office is a
//! client of one database. Each client logs in and gets a bearer token: its own session.
//!
//! - `POST /api/login` `{username, password}` → `{token, account}`;
//! - `POST /api/<command>` with the command's JSON arguments (as the window sends them) →
//!   its JSON answer, or `{code, message, fields}` with 401, 403, 404, 409, 422 or 500;
//! - `POST /api/logout`; `GET /api/events?token=…`: progress as server-sent events;
//! - `POST /api/file` `{path}`: a file this session made (an export, a report, a printed
//!   document), to show, print or save on the client's own desk;
//! - `GET /api/openapi.json`: the description of every command (OpenAPI 3.1);
//! - `GET /…`: the built UI, so a browser is a full client.
//!
//! No cookies (so no CSRF surface) and no CORS headers (a page of another origin cannot read
//! an answer); it listens on 127.0.0.1 unless told otherwise, and on any other address only
//! over TLS (`--tls-cert`, `--tls-key`) or behind a proxy that does the TLS
//! (`--behind-proxy`): see [`crate::transport`]. The start-up checks and the daily backup
//! are the app's (`App::startup`), and the backup is made again each day it keeps running.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use markt::clock::Clock;
use markt_app::{App, AppError, Config, Event, Events, LOCAL_ONLY, SessionKey, WITHOUT_SESSION};
use rand::RngExt;
use serde_json::{Value, json};
use tokio::sync::broadcast;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::throttle::{self, Logins};
use crate::transport::{self, TlsFiles, Transport};

/// The app's events, to every event stream that is open.
struct Broadcast(broadcast::Sender<Event>);

impl Events for Broadcast {
    fn emit(&self, event: Event) {
        // No stream open: nobody to tell.
        let _ = self.0.send(event);
    }
}

#[derive(Clone)]
struct Server {
    app: Arc<App>,
    events: broadcast::Sender<Event>,
    /// A proxy in front says who the client is (`X-Forwarded-For`); else the peer is it.
    behind_proxy: bool,
    logins: Arc<std::sync::Mutex<Logins>>,
}

/// The largest request body: a ticket's photo or an import file comes as a JSON array of
/// bytes (up to four characters a byte), so a 10 MB photo fits; anything larger is refused
/// before it is read into memory.
pub const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The UI's own files only: no inline script, no other origin (the same as the page's own
/// meta policy, without the window's IPC), and no framing, base or form elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                   connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub struct ServeArgs {
    pub db: PathBuf,
    pub listen: SocketAddr,
    pub ui: PathBuf,
    pub clock: Clock,
    pub tls: Option<TlsFiles>,
    pub behind_proxy: bool,
}

/// How often a running server looks whether today's backup is there yet.
const BACKUP_LOOK: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Serves until the process is stopped.
pub fn serve(args: ServeArgs) -> Result<(), String> {
    let transport = transport::choose(args.listen, args.tls.as_ref(), args.behind_proxy)?;
    let (events, _) = broadcast::channel(1024);
    let app = Arc::new(App::new(Config {
        db_path: args.db.clone(),
        clock: Ok(args.clock),
        // A server's own: two servers on one machine never hand out each other's documents.
        documents_dir: std::env::temp_dir().join(format!("marktkantoor-serve-{}", std::process::id())),
        events: Arc::new(Broadcast(events.clone())),
        downloads: None,
    }));
    let startup = app.startup().map_err(|e| e.message)?;
    // A database that cannot be worked on (damaged, too new, a set clock on an office file)
    // is served all the same: every command refuses, and each desk shows the start-up screen
    // with the core's message and what to do, rather than "cannot connect".
    if let Some(error) = &startup.error {
        eprintln!("Marktkantoor: {}", error.message);
    } else if startup.state != "ready" {
        return Err(format!(
            "{} heeft nog geen beheerder: maak de database eerst met de app of `markt demo`",
            args.db.display()
        ));
    }
    keep_backing_up(app.clone());
    let server = Server { app, events, behind_proxy: args.behind_proxy, logins: Default::default() };
    let router = router(server, &args.ui, matches!(transport, Transport::Https { .. }));
    let listener =
        std::net::TcpListener::bind(args.listen).map_err(|e| format!("kan niet luisteren op {}: {e}", args.listen))?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    println!("Marktkantoor luistert op {}://{addr}", transport.scheme());
    match transport {
        Transport::Https { config, fingerprint } => {
            // What a desk shows the clerk to confirm (a self-signed certificate): compare.
            println!("Vingerafdruk van het certificaat (SHA-256): {fingerprint}");
            let config = axum_server::tls_rustls::RustlsConfig::from_config(config);
            runtime.block_on(async move {
                axum_server::tls_rustls::from_tcp_rustls(listener, config)
                    .map_err(|e| e.to_string())?
                    .serve(router.into_make_service_with_connect_info::<SocketAddr>())
                    .await
                    .map_err(|e| e.to_string())
            })
        }
        Transport::Http => runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
                .await
                .map_err(|e| e.to_string())
        }),
    }
}

/// The app makes the daily backup when it starts; a server runs for weeks, so it makes
/// each day's when the day has come (`App::daily_backup` does nothing once it exists).
fn keep_backing_up(app: Arc<App>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(BACKUP_LOOK);
            if let Err(e) = app.daily_backup() {
                eprintln!("Marktkantoor: de dagelijkse back-up is mislukt: {}", e.message);
            }
        }
    });
}

fn router(server: Server, ui: &std::path::Path, https: bool) -> Router {
    let set = |name, value: &'static str| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    // Over TLS a browser is told to come back only over TLS (a year); behind a proxy the
    // proxy that does the TLS says so.
    let hsts = SetResponseHeaderLayer::if_not_present(
        header::STRICT_TRANSPORT_SECURITY,
        https.then(|| HeaderValue::from_static("max-age=31536000")),
    );
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/events", get(events))
        .route("/api/file", post(file))
        .route("/api/openapi.json", get(openapi))
        .route("/api/{command}", post(command))
        // Answers hold vendors' data and the day's money: no cache on a shared computer keeps them.
        .route_layer(set(header::CACHE_CONTROL, "no-store"))
        .fallback_service(tower_http::services::ServeDir::new(ui))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        // The served UI runs its own files only, is not to be framed by another page
        // (clickjacking), nor its files read as another type, nor its addresses passed on.
        .layer(set(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(hsts)
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .with_state(server)
}

/// An error as the window gets it, with the HTTP status that says what kind it is.
struct Failure(AppError);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = match self.0.code.as_str() {
            "not_logged_in" | "session_expired" | "login_failed" => StatusCode::UNAUTHORIZED,
            "forbidden" | "not_over_http" | "account_locked" | "account_inactive" => StatusCode::FORBIDDEN,
            "too_many_attempts" => StatusCode::TOO_MANY_REQUESTS,
            "too_large" => StatusCode::PAYLOAD_TOO_LARGE,
            "not_found" | "unknown_command" => StatusCode::NOT_FOUND,
            // Another request came first: a lock, a cancel, a rule that now holds otherwise.
            "conflict" | "database_busy" | "cancelled" => StatusCode::CONFLICT,
            // The request cannot be done as asked (a field, no tariff plan for that day).
            "invalid" | "no_tariff_plan" => StatusCode::UNPROCESSABLE_ENTITY,
            // The server's database cannot be worked on until someone acts on the server.
            "damaged_database" | "schema_too_new" | "foreign_database" | "migration_failed" | "clock_set"
            | "bad_clock" => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(self.0)).into_response()
    }
}

fn bearer(headers: &HeaderMap) -> Option<SessionKey> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| SessionKey(token.to_string()))
}

/// Who the client is: its address, or the one a proxy in front of the server names (the
/// last entry of `X-Forwarded-For` is the one the proxy itself added).
fn client_address(server: &Server, peer: SocketAddr, headers: &HeaderMap) -> String {
    if server.behind_proxy {
        let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        if let Some(last) = forwarded.and_then(|f| f.rsplit(',').next()).map(str::trim).filter(|a| !a.is_empty()) {
            return last.to_string();
        }
    }
    peer.ip().to_string()
}

/// Runs a command off the server's async threads: the core's work is blocking.
async fn run(server: &Server, key: SessionKey, address: String, name: String, args: Value) -> Result<Value, Failure> {
    let app = server.app.clone();
    tokio::task::spawn_blocking(move || markt_app::dispatch(&app.client(key, address), &name, args))
        .await
        .map_err(|e| Failure(AppError::new("internal", e.to_string())))?
        .map_err(Failure)
}

/// The request's JSON arguments (none: null); unreadable JSON is the caller's error, named,
/// and a body over [`BODY_LIMIT`] is refused unread.
fn arguments(body: Result<axum::body::Bytes, BytesRejection>) -> Result<Value, Failure> {
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) => Failure(AppError::new(
            "too_large",
            format!("het verzoek is te groot (meer dan {} MB)", BODY_LIMIT / (1024 * 1024)),
        )),
        other => Failure(AppError::new("invalid", other.body_text())),
    })?;
    if body.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&body).map_err(|e| Failure(AppError::new("invalid", format!("geen JSON: {e}"))))
}

async fn login(
    State(server): State<Server>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Response, Failure> {
    let address = client_address(&server, peer, &headers);
    let args = arguments(body)?;
    let account = args.get("username").and_then(Value::as_str).unwrap_or_default().trim().to_lowercase();
    let wait = server.logins.lock().unwrap_or_else(|p| p.into_inner()).by_address.refused(&address, Instant::now());
    if let Some(wait) = wait {
        let minutes = wait.as_secs().div_ceil(60);
        let error = AppError::new(
            "too_many_attempts",
            format!("te veel mislukte aanmeldingen vanaf dit adres: probeer het over {minutes} minuten opnieuw"),
        );
        return Ok(([(header::RETRY_AFTER, wait.as_secs().to_string())], Failure(error)).into_response());
    }
    // A fresh token from the OS's random source: the session is the token's.
    let token: String = {
        let mut rng = rand::rng();
        (0..32).map(|_| format!("{:02x}", rng.random::<u8>())).collect()
    };
    match run(&server, SessionKey(token.clone()), address.clone(), "login".into(), args).await {
        Ok(session) => {
            server.logins.lock().unwrap_or_else(|p| p.into_inner()).by_account.succeeded(&account);
            Ok(Json(json!({ "token": token, "account": session })).into_response())
        }
        Err(failure) => {
            let failures = {
                let mut logins = server.logins.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                logins.by_address.failed(&address, now);
                logins.by_account.failed(&account, now);
                logins.by_account.count(&account, now)
            };
            if failures > throttle::SLOW_AFTER {
                tokio::time::sleep(throttle::SLOW_BY).await;
            }
            Err(failure)
        }
    }
}

async fn logout(
    State(server): State<Server>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Value>, Failure> {
    if let Some(key) = bearer(&headers) {
        let address = client_address(&server, peer, &headers);
        run(&server, key, address, "logout".into(), Value::Null).await?;
    }
    Ok(Json(Value::Null))
}

async fn command(
    State(server): State<Server>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Json<Value>, Failure> {
    if LOCAL_ONLY.contains(&name.as_str()) {
        return Err(Failure(AppError::new(
            "not_over_http",
            format!("{name} werkt alleen in de app op de eigen computer, niet via de server"),
        )));
    }
    if name == "login" || name == "logout" {
        return Err(Failure(AppError::new("unknown_command", format!("gebruik /api/{name}"))));
    }
    let key = match bearer(&headers) {
        Some(key) => key,
        // Without a token only the commands that need no session; the others are refused
        // by the session door as for any caller without a login.
        None if WITHOUT_SESSION.contains(&name.as_str()) => SessionKey("zonder-token".into()),
        None => return Err(Failure(AppError::not_logged_in())),
    };
    let args = arguments(body)?;
    let address = client_address(&server, peer, &headers);
    run(&server, key, address, name, args).await.map(Json)
}

/// The API's description (OpenAPI 3.1), for other city systems: made from the same command
/// table and types as the answers themselves.
async fn openapi() -> Json<Value> {
    Json(markt_app::contract::openapi())
}

#[derive(serde::Deserialize)]
struct FileRequest {
    path: String,
}

/// A file the session made, as a download: the client shows a PDF in its own viewer or
/// saves a CSV on its own desk. Nothing else on the server's disk can be fetched.
async fn file(State(server): State<Server>, headers: HeaderMap, body: axum::body::Bytes) -> Result<Response, Failure> {
    let key = bearer(&headers).ok_or_else(|| Failure(AppError::not_logged_in()))?;
    let FileRequest { path } = serde_json::from_slice(&body)
        .map_err(|e| Failure(AppError::new("invalid", format!("geef {{\"path\": …}}: {e}"))))?;
    let app = server.app.clone();
    let path = tokio::task::spawn_blocking(move || app.caller(key).made_file(&path))
        .await
        .map_err(|e| Failure(AppError::new("internal", e.to_string())))?
        .map_err(Failure)?;
    let bytes =
        tokio::fs::read(&path).await.map_err(|e| Failure(AppError::new("io", format!("{}: {e}", path.display()))))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => "application/pdf",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    };
    // The name for the client's "save as"; quotes and non-ASCII cannot break the header.
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"");
    Ok((
        [(axum::http::header::CONTENT_TYPE, kind.to_string()), (axum::http::header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response())
}

#[derive(serde::Deserialize)]
struct EventsQuery {
    token: Option<String>,
}

/// The progress of jobs as server-sent events, for a logged-in client (an `EventSource`
/// cannot send headers, so the token comes in the query).
async fn events(
    State(server): State<Server>,
    Query(query): Query<EventsQuery>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<SseEvent, std::convert::Infallible>>>, Failure> {
    let token = query.token.ok_or_else(|| Failure(AppError::not_logged_in()))?;
    let account = run(&server, SessionKey(token.clone()), String::new(), "session".into(), Value::Null).await?;
    if account.is_null() {
        return Err(Failure(AppError::not_logged_in()));
    }
    let key = SessionKey(token);
    let receiver = server.events.subscribe();
    let app = server.app.clone();
    let stream = futures_util::stream::unfold(receiver, move |mut receiver| {
        let (app, key) = (app.clone(), key.clone());
        async move {
            loop {
                match receiver.recv().await {
                    // Only this session's events, and only while it is logged in: after a
                    // logout or the idle timeout the stream ends.
                    Ok(event) if event.is_for(&key) => {
                        if !matches!(app.caller(key.clone()).session(), Ok(Some(_))) {
                            return None;
                        }
                        let sse = SseEvent::default().event(event.name).data(event.payload_for(&key).to_string());
                        return Some((Ok(sse), receiver));
                    }
                    Ok(_) => continue,
                    // A slow client misses some progress; the next event still tells where it is.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

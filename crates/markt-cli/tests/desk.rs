//! A desk of the office server: the desktop window's client (`markt_remote::Desk`) against
//! the real `markt serve`. What a clerk at such a desk gets: the same commands and answers,
//! the session's token kept and forgotten, an export saved in the desk's own Downloads (not
//! a path on the server), "Server niet bereikbaar" when the server is gone, and back to work
//! when it returns; over TLS, only with the certificate it pinned.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Started, demo_in, one, one_text, serve};
use markt_remote::{Desk, Fingerprint, Remote, ServerUrl};
use serde_json::json;

#[test]
fn a_desk_works_on_the_server_and_keeps_its_files_on_the_desk() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { mut server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    let url = ServerUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();

    // First contact: a Marktkantoor server answers; plain HTTP on this computer shows no
    // certificate to confirm.
    let probe = Remote::probe(&url).unwrap();
    assert_eq!((probe.fingerprint, probe.public), (None, false));

    let downloads = dir.path().join("Downloads");
    let desk =
        Desk::new(Remote::new(url.clone(), None).unwrap(), dir.path().join("Documenten"), Some(downloads.clone()));
    assert_eq!(desk.run("today", json!({})).unwrap(), json!("2026-11-28"), "the server's clock");
    let refused = desk.run("list_markets", json!({})).unwrap_err();
    assert_eq!(refused["code"], "not_logged_in", "{refused}");
    let wrong = desk.run("login", json!({"username": "medewerker", "password": "fout"})).unwrap_err();
    assert_eq!(wrong["code"], "login_failed");
    assert!(desk.remote().token().is_none());

    // The login answers the account, as the window's local command does; the token stays
    // in the client.
    let account = desk.run("login", json!({"username": "medewerker", "password": "marktbureau-2026"})).unwrap();
    assert_eq!(account["role"], "senior", "{account}");
    assert!(desk.remote().token().is_some());
    let markets = desk.run("list_markets", json!({})).unwrap();
    assert_eq!(markets.as_array().unwrap().len(), 4);
    // A coded refusal of the core comes through with its fields named.
    let bad = desk.run("get_vendor", json!({"id": "zeven"})).unwrap_err();
    assert_eq!(bad["code"], "invalid");

    // An export is written on the server and saved on the desk: the answer names the
    // desk's copy, which "Openen" may open, and holds the server's bytes.
    let request = json!({"request": {"report": "revenue", "marketIds": [], "from": "2026-11-01", "until": "2026-11-27",
        "by": "week", "split": "none"}, "dialect": "rfc"});
    let saved = desk.run("report_csv", request).unwrap();
    let local = Path::new(saved["path"].as_str().unwrap());
    assert!(local.starts_with(&downloads), "saved in the desk's Downloads: {saved}");
    let text = std::fs::read_to_string(local).unwrap();
    assert!(text.lines().count() >= 2, "a header and figures: {text}");
    assert_eq!(saved["bytes"], json!(text.len()));
    let refused = desk.run("open_file", json!({"path": "/etc/passwd"})).unwrap_err();
    assert_eq!(refused["code"], "not_found", "only the files the desk fetched");
    let new_db = desk.run("create_database", json!({"kind": "demo", "admin": null})).unwrap_err();
    assert_eq!(new_db["code"], "server_mode", "a desk of the server makes no database of its own");

    // The server is gone: the desk says so in a clerk's words and keeps its session; back
    // on the same port and file, the work goes on (the server's sessions are in memory, so
    // the clerk logs in again).
    server.stop();
    let gone = desk.run("list_markets", json!({})).unwrap_err();
    assert_eq!(gone["code"], "server_unreachable", "{gone}");
    assert!(gone["message"].as_str().unwrap().starts_with("Server niet bereikbaar"), "{gone}");
    let mut again = serve(&db, dir.path(), &format!("127.0.0.1:{port}"), &[]).server;
    let expired = desk.run("list_markets", json!({})).unwrap_err();
    assert_eq!(expired["code"], "not_logged_in", "a restarted server knows no old session");
    assert!(desk.remote().token().is_none(), "the desk forgot the ended session");
    desk.run("login", json!({"username": "medewerker", "password": "marktbureau-2026"})).unwrap();
    assert_eq!(desk.run("list_markets", json!({})).unwrap().as_array().unwrap().len(), 4);
    assert_eq!(desk.run("logout", json!({})).unwrap(), json!(null));
    assert!(desk.remote().token().is_none());
    again.stop();
}

#[test]
fn over_tls_a_desk_trusts_the_certificate_it_pinned_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    // A self-signed certificate, as an office without a public name makes one.
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let (cert, key) = (dir.path().join("server.crt"), dir.path().join("server.key"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    let tls =
        [std::ffi::OsStr::new("--tls-cert"), cert.as_os_str(), std::ffi::OsStr::new("--tls-key"), key.as_os_str()];
    let Started { mut server, port, fingerprint } = serve(&db, dir.path(), "127.0.0.1:0", &tls);

    // What the server prints is the certificate's SHA-256, and what a desk's first contact
    // shows the clerk to compare.
    let printed = Fingerprint::parse(&fingerprint.expect("the server prints its fingerprint")).unwrap();
    assert_eq!(printed, Fingerprint::of(made.cert.der()));
    let url = ServerUrl::parse(&format!("https://127.0.0.1:{port}")).unwrap();
    let probe = Remote::probe(&url).unwrap();
    assert_eq!(probe.fingerprint, Some(printed.clone()));
    assert!(!probe.public, "no public authority vouches for a self-signed certificate");

    // Pinned: the desk works over HTTPS.
    let desk = Desk::new(Remote::new(url.clone(), Some(printed)).unwrap(), dir.path().join("Documenten"), None);
    let account = desk.run("login", json!({"username": "medewerker", "password": "marktbureau-2026"})).unwrap();
    assert_eq!(account["role"], "senior");
    assert_eq!(desk.run("list_markets", json!({})).unwrap().as_array().unwrap().len(), 4);

    // Another certificate than the confirmed one (renewed, or another machine posing as
    // the server), or none confirmed: nothing is sent, and the clerk is told to call IT.
    let other = Fingerprint::of(b"een ander certificaat");
    let imposter = Desk::new(Remote::new(url.clone(), Some(other)).unwrap(), dir.path().join("Documenten"), None);
    let refused = imposter.run("login", json!({"username": "medewerker", "password": "marktbureau-2026"})).unwrap_err();
    assert_eq!(refused["code"], "certificate_changed", "{refused}");
    let unpinned = Desk::new(Remote::new(url, None).unwrap(), dir.path().join("Documenten"), None);
    let refused = unpinned.run("today", json!({})).unwrap_err();
    assert_eq!(refused["code"], "certificate_changed", "an unknown self-signed certificate is not trusted: {refused}");
    server.stop();
}

#[test]
fn without_tls_the_server_listens_only_on_this_computer_or_behind_a_proxy() {
    let dir = tempfile::tempdir().unwrap();
    // The refusal comes before the database is opened: an empty file is enough to show it.
    let db = dir.path().join("leeg.sqlite");
    std::fs::write(&db, b"").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_markt"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("--tls-cert") && said.contains("--behind-proxy"), "{said}");
    assert!(out.stdout.is_empty(), "nothing listened: {}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(std::fs::read(&db).unwrap(), b"", "the file untouched");

    // Half a certificate is refused by name as well.
    let out = Command::new(env!("CARGO_BIN_EXE_markt"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "0.0.0.0:0", "--tls-cert", "server.crt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tls-key"), "{}", String::from_utf8_lossy(&out.stderr));
}

fn logged_in(url: &ServerUrl, dir: &Path, user: &str, password: &str) -> Desk {
    let desk = Desk::new(Remote::new(url.clone(), None).unwrap(), dir.join(user), None);
    desk.run("login", json!({"username": user, "password": password})).unwrap();
    desk
}

#[test]
fn two_desks_at_once_behave_as_two_clerks_at_one_counter() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { mut server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    let url = ServerUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    // Two clerks, each at a desk of their own, with sessions of their own.
    let ans = logged_in(&url, dir.path(), "medewerker", "marktbureau-2026");
    let piet = logged_in(&url, dir.path(), "toezicht", "toezicht-2026");
    let today = "2026-11-28";
    let ac = one(&db, "SELECT id FROM market WHERE code = 'AC'");

    // The same vendor's second permit of the day: the second desk sees the first desk's
    // permit, by its number, and cannot issue another without a reason.
    let vendor = one(
        &db,
        &format!(
            "SELECT r.vendor_id FROM registration r JOIN vendor v ON v.id = r.vendor_id
              WHERE r.market_id = {ac} AND r.status = 'vpl' AND v.status = 'actief' ORDER BY r.vendor_id LIMIT 1"
        ),
    );
    let form = |reason: Option<&str>| {
        json!({"form": {"marketId": ac, "day": today, "vendorId": vendor, "presence": "zelf", "substituteId": null,
            "identifiedBy": "getypt", "requested": {}, "stalls": [], "note": "", "payment": "pin",
            "overrideReason": reason, "confirmedDay": null}})
    };
    let first = ans.run("issue_permit", form(Some("de plaats is vrij"))).unwrap();
    let number = first["invoiceNumber"].as_str().unwrap_or_else(|| panic!("{first}")).to_string();
    let counter = piet.run("open_counter", json!({"marketId": ac, "day": today, "vendorId": vendor})).unwrap();
    assert!(counter.to_string().contains(&number), "the second desk's counter names the first permit: {counter}");
    let refused = piet.run("issue_permit", form(None)).unwrap_err();
    assert_eq!(refused["code"], "invalid", "{refused}");
    assert!(refused.to_string().contains(&number), "the refusal names the first permit: {refused}");
    let permits = format!(
        "SELECT count(*) FROM daily_permit p WHERE p.vendor_id = {vendor} AND p.day = '{today}'
           AND NOT EXISTS (SELECT 1 FROM permit_void x WHERE x.permit_id = p.id)"
    );
    assert_eq!(one(&db, &permits), 1, "one permit, not two");

    // A day close while another desk issues a permit: each clerk closes their own drawer,
    // read in the close's own transaction. Piet counts what his desk showed while Ans takes
    // cash for another vendor: his close holds (her money is in her drawer), and after it
    // his drawer takes nothing more while hers still does.
    let holders = |n: i64| {
        one(
            &db,
            &format!(
                "SELECT r.vendor_id FROM registration r JOIN vendor v ON v.id = r.vendor_id
                  WHERE r.market_id = {ac} AND r.status = 'vpl' AND v.status = 'actief'
                  ORDER BY r.vendor_id LIMIT 1 OFFSET {n}"
            ),
        )
    };
    let cash = |vendor: i64| {
        json!({"form": {"marketId": ac, "day": today, "vendorId": vendor, "presence": "zelf", "substituteId": null,
            "identifiedBy": "getypt", "requested": {}, "stalls": [], "note": "", "payment": "contant",
            "overrideReason": "de plaats is vrij", "confirmedDay": null}})
    };
    let shown = piet.run("clerk_day", json!({"marketId": ac, "day": today})).unwrap();
    let expected = shown["expectedCashCents"].as_i64().unwrap_or_else(|| panic!("{shown}"));
    ans.run("issue_permit", cash(holders(1))).unwrap();
    let counted = format!("{},{:02}", expected / 100, expected % 100);
    piet.run("close_day", json!({"marketId": ac, "day": today, "countedCash": counted, "differenceReason": ""}))
        .unwrap_or_else(|e| panic!("Piet's close is his drawer's, not Ans's: {e}"));
    let refused = piet.run("issue_permit", cash(holders(2))).unwrap_err();
    assert_eq!(refused["code"], "conflict", "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("al afgesloten"),
        "a closed drawer takes no money: {refused}"
    );
    ans.run("issue_permit", cash(holders(2))).unwrap();
    let drawers =
        format!("SELECT count(*) FROM day_close WHERE market_id = {ac} AND day = '{today}' AND difference_cents = 0");
    assert_eq!(one(&db, &drawers), 1, "Piet's close, without a difference");

    // Two clerks change the same published allocation: the first change makes version 2,
    // the second (still looking at version 1) gets a conflict naming who changed it and
    // when, and nothing of it is stored. (Changes to a draft change the draft itself, one
    // transaction each: both are kept.)
    let monday = "2026-11-30";
    let v1 = ans.run("run_allocation", json!({"marketId": ac, "day": monday})).unwrap();
    let v1_id = v1["id"].as_i64().unwrap();
    ans.run("publish_allocation", json!({"id": v1_id})).unwrap();
    let placed = |n: i64| {
        one(
            &db,
            &format!(
                "SELECT vendor_id FROM allocation_result WHERE allocation_id = {v1_id} AND outcome = 'ingedeeld'
                  ORDER BY vendor_id LIMIT 1 OFFSET {n}"
            ),
        )
    };
    let remove = |vendor: i64, reason: &str| {
        json!({"input": {"allocationId": v1_id, "kind": "verwijderen", "vendorId": vendor, "otherVendorId": null,
            "stallIds": [], "reason": reason, "overrideRule": null}})
    };
    let v2 = ans.run("override_allocation", remove(placed(0), "ziek gemeld")).unwrap();
    assert_eq!(v2["number"], v1["number"].as_i64().unwrap() + 1);
    let versions = format!("SELECT count(*) FROM allocation WHERE market_id = {ac} AND day = '{monday}'");
    let before = one(&db, &versions);
    // An administrator at a third desk still looks at version 1.
    let beheer = logged_in(&url, dir.path(), "beheer", "beheer-2026");
    let conflict = beheer.run("override_allocation", remove(placed(1), "komt later")).unwrap_err();
    assert_eq!(conflict["code"], "conflict", "{conflict}");
    let said = conflict["message"].as_str().unwrap();
    let who = one_text(&db, "SELECT display_name FROM account WHERE username = 'medewerker'");
    assert!(
        said.contains(&who) && said.contains("niet bewaard"),
        "names who changed it, says nothing was kept: {said}"
    );
    assert_eq!(one(&db, &versions), before, "no version from the stale change");

    // The same fine paid at two desks: the second payment is refused, the ticket paid once.
    let ticket = one(
        &db,
        "SELECT t.id FROM ticket t WHERE t.decision = 'boete'
           AND (SELECT status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1) = 'issued'
           AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.ticket_id = t.id) ORDER BY t.id LIMIT 1",
    );
    let cents = one(&db, &format!("SELECT amount_cents FROM ticket WHERE id = {ticket}"));
    let euros = format!("{},{:02}", cents / 100, cents % 100);
    ans.run("pay_ticket", json!({"id": ticket, "method": "pin", "amount": euros})).unwrap();
    let twice = piet.run("pay_ticket", json!({"id": ticket, "method": "contant", "amount": euros})).unwrap_err();
    assert!(matches!(twice["code"].as_str(), Some("conflict" | "invalid")), "{twice}");
    assert_eq!(one(&db, &format!("SELECT count(*) FROM payment WHERE ticket_id = {ticket}")), 1, "paid once");
    server.stop();
}

/// Live: what one desk stores, the other desk hears on the server's event stream within a
/// second (a `changed` event with the part of the data, market, day and maker), and the desk
/// that stored it hears it as its own.
#[test]
fn what_one_desk_stores_the_other_hears_within_a_second() {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path());
    let Started { server: _server, port, .. } = serve(&db, dir.path(), "127.0.0.1:0", &[]);
    let url = ServerUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let ans = std::sync::Arc::new(logged_in(&url, dir.path(), "medewerker", "marktbureau-2026"));
    let piet = std::sync::Arc::new(logged_in(&url, dir.path(), "toezicht", "toezicht-2026"));
    let ac = one(&db, "SELECT id FROM market WHERE code = 'AC'");
    let (heard, hear) = mpsc::channel();
    for (who, desk) in [("ans", ans.clone()), ("piet", piet.clone())] {
        let (token, heard) = (desk.remote().token().unwrap(), heard.clone());
        std::thread::spawn(move || {
            let _ = desk.remote().listen(&token, |name, payload| {
                let _ = heard.send((who, name.to_string(), payload, Instant::now()));
            });
        });
    }
    // Both streams open before anything is stored.
    let mut open = 0;
    while open < 2 {
        let (_, name, ..) = hear.recv_timeout(Duration::from_secs(10)).expect("the streams open");
        open += usize::from(name == markt_remote::OPENED);
    }
    let stored = Instant::now();
    ans.run("add_note", json!({"marketId": ac, "day": "2026-11-28", "text": "kraam 12 lekt"})).unwrap();
    let mut told = std::collections::HashMap::new();
    while told.len() < 2 {
        let (who, name, payload, at) = hear.recv_timeout(Duration::from_secs(5)).expect("both desks hear the change");
        if name == "changed" {
            told.insert(who, (payload, at));
        }
    }
    let (theirs, at) = &told["piet"];
    assert!(at.duration_since(stored) < Duration::from_secs(1), "within a second: {:?}", at.duration_since(stored));
    let by = one_text(&db, "SELECT display_name FROM account WHERE username = 'medewerker'");
    assert_eq!(
        theirs,
        &json!({"topic": "notes", "command": "add_note", "marketId": ac, "day": "2026-11-28", "by": by, "mine": false})
    );
    assert_eq!(told["ans"].0["mine"], json!(true), "Ans's desk knows the note was its own");
}

//! What an administrator keeps in order (issue 15): accounts (role, switched off, a new
//! password, who unlocks whom, always one administrator left), the violation catalogue
//! ended from a day, the inspection records that are never edited, the before-image of a
//! market's VAT override, and the office's own details.

mod common;

use common::*;
use markt::account::{self, NewAccount};
use markt::code::*;
use markt::control::{self, ControlInput};
use markt::error::Problem;
use markt::ids::AccountId;
use markt::sample;
use markt::ticket;
use markt::{Error, audit, office, tariff};
use rand::SeedableRng;

fn rng() -> rand_chacha::ChaCha8Rng {
    rand_chacha::ChaCha8Rng::seed_from_u64(3)
}

fn id_of(f: &mut Fixture, username: &str) -> AccountId {
    let admin = f.admin.clone();
    account::list(&mut f.store, &admin).unwrap().into_iter().find(|a| a.username == username).unwrap().id
}

fn lock(f: &mut Fixture, username: &str) {
    for _ in 0..account::MAX_FAILED_LOGINS {
        let _ = account::login(&mut f.store, username, "fout wachtwoord", at(DAY, 9));
    }
    let e = account::login(&mut f.store, username, PASSWORD, at(DAY, 9)).unwrap_err();
    assert_eq!(e.code(), "account_locked");
}

fn second_admin(f: &mut Fixture) -> markt::Actor {
    let admin = f.admin.clone();
    let new = NewAccount {
        username: "beheer2".into(),
        display_name: "Beheer 2".into(),
        role: Role::Admin,
        password: PASSWORD.into(),
    };
    account::create(&mut f.store, &admin, at(DAY, 8), &mut rng(), &new).unwrap();
    account::login(&mut f.store, "beheer2", PASSWORD, at(DAY, 8)).unwrap()
}

#[test]
fn a_senior_cannot_unlock_an_admin() {
    let mut f = fixture();
    let other = second_admin(&mut f);
    lock(&mut f, "beheer");
    let (senior, id) = (f.senior.clone(), id_of(&mut f, "beheer"));
    let rows = f.audit_rows();
    let e = account::unlock(&mut f.store, &senior, at(DAY, 10), id).unwrap_err();
    assert!(matches!(e, Error::Forbidden { action: markt::Action::ManageAccounts, role: Role::Senior }), "{e:?}");
    assert_eq!(f.audit_rows(), rows, "a refused unlock writes nothing");
    assert_eq!(account::login(&mut f.store, "beheer", PASSWORD, at(DAY, 10)).unwrap_err().code(), "account_locked");
    // A senior still unlocks a supervisor; an administrator unlocks an administrator.
    lock(&mut f, "toezicht");
    let toezicht = id_of(&mut f, "toezicht");
    account::unlock(&mut f.store, &senior, at(DAY, 10), toezicht).unwrap();
    account::unlock(&mut f.store, &other, at(DAY, 10), id).unwrap();
    account::login(&mut f.store, "beheer", PASSWORD, at(DAY, 10)).unwrap();
}

#[test]
fn a_deactivated_account_cannot_log_in() {
    let mut f = fixture();
    let (admin, id) = (f.admin.clone(), id_of(&mut f, "toezicht"));
    account::set_active(&mut f.store, &admin, at(DAY, 10), id, false).unwrap();
    let e = account::login(&mut f.store, "toezicht", PASSWORD, at(DAY, 11)).unwrap_err();
    assert_eq!(e.code(), "account_inactive");
    assert!(e.to_string().contains("uitgeschakeld"), "a clear Dutch message: {e}");
    // A wrong password gets the same answer as for any name: no hint the account exists.
    let e = account::login(&mut f.store, "toezicht", "fout wachtwoord", at(DAY, 11)).unwrap_err();
    assert_eq!(e.code(), "login_failed");
    assert!(!account::list(&mut f.store, &admin).unwrap().iter().find(|a| a.id == id).unwrap().active);

    account::set_active(&mut f.store, &admin, at(DAY, 12), id, true).unwrap();
    account::login(&mut f.store, "toezicht", PASSWORD, at(DAY, 12)).unwrap();
    let rows = audit::for_entity(&mut f.store, &f.admin, "account", &id.to_string()).unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert!(actions.contains(&"account.deactivate") && actions.contains(&"account.reactivate"), "{actions:?}");
    let off = rows.iter().find(|r| r.action == "account.deactivate").unwrap();
    assert_eq!(off.account, Some(admin.id()));
    assert!(off.before.as_deref().unwrap().contains("\"active\":true"));
    assert!(off.after.as_deref().unwrap().contains("\"active\":false"));
}

#[test]
fn the_last_admin_cannot_be_demoted() {
    let mut f = fixture();
    let (admin, id) = (f.admin.clone(), id_of(&mut f, "beheer"));
    let rows = f.audit_rows();
    let e = account::set_role(&mut f.store, &admin, at(DAY, 10), id, Role::Senior).unwrap_err();
    assert_eq!(e.field_errors()[0].field, "role");
    assert!(e.field_errors()[0].message.contains("laatste actieve beheerder"), "{e}");
    assert_eq!(f.audit_rows(), rows);
    // With a second administrator the first may step down; then the second is the last.
    let other = second_admin(&mut f);
    account::set_role(&mut f.store, &other, at(DAY, 11), id, Role::Senior).unwrap();
    assert_eq!(account::login(&mut f.store, "beheer", PASSWORD, at(DAY, 11)).unwrap().role(), Role::Senior);
    let e = account::set_role(&mut f.store, &other, at(DAY, 11), other.id(), Role::Supervisor).unwrap_err();
    assert_eq!(e.field_errors()[0].field, "role");
    let rows = audit::for_entity(&mut f.store, &f.admin, "account", &id.to_string()).unwrap();
    let row = rows.iter().find(|r| r.action == "account.role").unwrap();
    assert_eq!(row.account, Some(other.id()));
    assert!(
        row.before.as_deref().unwrap().contains("\"admin\"") && row.after.as_deref().unwrap().contains("\"senior\"")
    );
}

#[test]
fn the_last_admin_cannot_be_deactivated() {
    let mut f = fixture();
    let (admin, id) = (f.admin.clone(), id_of(&mut f, "beheer"));
    let e = account::set_active(&mut f.store, &admin, at(DAY, 10), id, false).unwrap_err();
    assert_eq!(e.field_errors()[0].field, "active");
    account::login(&mut f.store, "beheer", PASSWORD, at(DAY, 10)).unwrap();
    // A switched-off administrator does not count as the one left.
    let other = second_admin(&mut f);
    account::set_active(&mut f.store, &admin, at(DAY, 11), other.id(), false).unwrap();
    let e = account::set_active(&mut f.store, &admin, at(DAY, 11), id, false).unwrap_err();
    assert_eq!(e.field_errors()[0].field, "active");
}

#[test]
fn an_admin_resets_a_password_and_the_old_one_stops_working() {
    let mut f = fixture();
    let (admin, id) = (f.admin.clone(), id_of(&mut f, "toezicht"));
    let e = account::reset_password(&mut f.store, &admin, at(DAY, 10), &mut rng(), id, "kort").unwrap_err();
    assert_eq!(e.field_errors()[0].field, "password");
    account::reset_password(&mut f.store, &admin, at(DAY, 10), &mut rng(), id, "nieuw-wachtwoord-7").unwrap();
    assert_eq!(account::login(&mut f.store, "toezicht", PASSWORD, at(DAY, 11)).unwrap_err().code(), "login_failed");
    account::login(&mut f.store, "toezicht", "nieuw-wachtwoord-7", at(DAY, 11)).unwrap();
    let row = audit::for_entity(&mut f.store, &f.admin, "account", &id.to_string())
        .unwrap()
        .into_iter()
        .find(|r| r.action == "account.password_reset")
        .unwrap();
    assert_eq!(row.account, Some(admin.id()));
    let kept = format!("{:?}{:?}", row.before, row.after);
    assert!(!kept.contains("nieuw-wachtwoord") && !kept.contains("argon2"), "no password in the audit log: {kept}");
}

fn new_ticket(f: &mut Fixture, now: chrono::DateTime<chrono::Utc>, day: &str) -> markt::Result<markt::ids::TicketId> {
    let (sup, input) = (f.supervisor.clone(), ticket_input(f, day, "V03"));
    ticket::create(&mut f.store, &sup, now, &input)
}

#[test]
fn an_ended_violation_cannot_be_chosen_on_a_new_ticket_and_earlier_tickets_keep_it() {
    let mut f = fixture();
    let admin = f.admin.clone();
    let earlier = new_ticket(&mut f, at(DAY, 11), DAY).unwrap();
    let version = ticket::get(&mut f.store, &f.admin, earlier).unwrap().violation;

    ticket::end_violation(&mut f.store, &admin, at(DAY, 12), "V03", d("2026-04-01")).unwrap();
    let e = new_ticket(&mut f, at("2026-04-01", 11), "2026-04-01").unwrap_err();
    let fe = &e.field_errors()[0];
    assert_eq!((fe.field.as_str(), fe.problem), ("violation_code", Problem::Unknown));
    assert!(fe.message.contains("V03 geldt niet meer sinds"), "{}", fe.message);
    // Its last day still takes it; the ticket written before keeps it.
    new_ticket(&mut f, at("2026-03-31", 11), "2026-03-31").unwrap();
    assert_eq!(ticket::get(&mut f.store, &f.admin, earlier).unwrap().violation, version);
    let v = ticket::violations(&mut f.store, &f.admin).unwrap().into_iter().find(|v| v.id == version).unwrap();
    assert_eq!(v.valid_until, Some(d("2026-03-31")));
    let row = audit::for_entity(&mut f.store, &f.admin, "violation", &version.to_string()).unwrap().pop().unwrap();
    assert_eq!(row.action, "violation.end");
    assert!(row.before.as_deref().unwrap().contains("\"valid_until\":null"));
    assert!(row.after.as_deref().unwrap().contains("\"valid_until\":\"2026-03-31\""));
    // Ending it again later is refused: it no longer holds then.
    let e = ticket::end_violation(&mut f.store, &admin, at(DAY, 12), "V03", d("2026-05-01")).unwrap_err();
    assert_eq!(e.field_errors()[0].field, "from");
    let e = ticket::end_violation(&mut f.store, &admin, at(DAY, 12), "X99", d("2026-05-01")).unwrap_err();
    assert_eq!(e.field_errors()[0].field, "code");
}

#[test]
fn tickets_their_photos_violations_and_controls_cannot_be_edited_or_deleted() {
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let input = f.permit_input(f.holder);
    let permit = issue(&mut f, &input);
    let products = [("stalls_3m".to_string(), 1)].into_iter().collect();
    let input = ControlInput {
        permit,
        round: 1,
        presence: Presence::InPerson,
        substitute: None,
        substitute_name: None,
        products,
        note: String::new(),
    };
    let control = control::record(&mut f.store, &sup, at(DAY, 10), &input).unwrap();
    let ticket = new_ticket(&mut f, at(DAY, 11), DAY).unwrap();
    let c = f.store.conn();
    c.execute("INSERT INTO ticket_photo (ticket_id, sha256, file_name) VALUES (?1, 'ab', 'a.jpg')", [ticket.0])
        .unwrap();
    for (sql, id) in [
        ("UPDATE ticket SET note = 'x' WHERE id = ?1", ticket.0),
        ("DELETE FROM ticket WHERE id = ?1", ticket.0),
        ("UPDATE ticket_photo SET file_name = 'b.jpg' WHERE ticket_id = ?1", ticket.0),
        ("DELETE FROM ticket_photo WHERE ticket_id = ?1", ticket.0),
        ("UPDATE violation SET amount_cents = 1 WHERE id = (SELECT violation_id FROM ticket WHERE id = ?1)", ticket.0),
        ("DELETE FROM violation WHERE code = 'V01' AND ?1 > 0", 1),
        ("UPDATE control SET presence = 'partner' WHERE id = ?1", control.0),
        ("DELETE FROM control WHERE id = ?1", control.0),
        ("UPDATE control_product SET quantity = 2 WHERE control_id = ?1", control.0),
        ("DELETE FROM control_product WHERE control_id = ?1", control.0),
    ] {
        let r = c.execute(sql, [id]);
        let e = r.expect_err(sql).to_string();
        assert!(e.contains("never"), "{sql}: refused by its trigger, not by chance: {e}");
    }
}

#[test]
fn a_redrawn_sample_keeps_its_controls_on_record() {
    let mut f = fixture();
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let input = f.permit_input(f.holder);
    let permit = issue(&mut f, &input);
    sample::draw_sample(&mut f.store, &sup, at(DAY, 9), f.market, d(DAY), 7).unwrap();
    let input = ControlInput {
        permit,
        round: 1,
        presence: Presence::InPerson,
        substitute: None,
        substitute_name: None,
        products: Default::default(),
        note: String::new(),
    };
    control::record(&mut f.store, &sup, at(DAY, 10), &input).unwrap();
    sample::redraw(&mut f.store, &senior, at(DAY, 11), f.market, d(DAY), 8, "verkeerde markt").unwrap();
    assert!(control::of_permit(&mut f.store, &f.admin, permit).unwrap().is_empty(), "out of the round");
    let c = f.store.conn();
    let kept: i64 = c.query_row("SELECT count(*) FROM control", [], |r| r.get(0)).unwrap();
    let why: String = c.query_row("SELECT reason FROM control_removal", [], |r| r.get(0)).unwrap();
    assert_eq!((kept, why.as_str()), (1, "verkeerde markt"));
    // The round can be controlled again.
    control::record(&mut f.store, &sup, at(DAY, 12), &input).unwrap();
    assert_eq!(control::of_permit(&mut f.store, &f.admin, permit).unwrap().len(), 1);
}

#[test]
fn a_vat_override_s_audit_row_keeps_what_it_replaced() {
    let mut f = fixture();
    let admin = f.admin.clone();
    let kind = f.kinds["electricity"];
    let from = d("2026-06-01");
    tariff::set_market_vat(&mut f.store, &admin, at(DAY, 9), f.market, kind, from, VatType::High).unwrap();
    tariff::set_market_vat(&mut f.store, &admin, at(DAY, 10), f.market, kind, from, VatType::Zero).unwrap();
    let key = format!("{}/{}/{}", f.market, kind, from);
    let rows = audit::for_entity(&mut f.store, &f.admin, "market_vat_override", &key).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].before, None, "the first override replaced nothing");
    assert_eq!(rows[1].before, rows[0].after, "the second keeps the first's VAT type");
    assert_ne!(rows[1].after, rows[0].after);
}

#[test]
fn the_office_s_details_are_checked_and_audited() {
    let mut f = fixture();
    let admin = f.admin.clone();
    assert_eq!(office::get(&mut f.store).unwrap().name, office::UNNAMED, "a new file has no letterhead yet");
    let bad = office::Office {
        name: " ".into(),
        address: String::new(),
        phone: String::new(),
        iban: "NL92 ABNA 0417 1643 00".into(),
    };
    let e = office::set(&mut f.store, &admin, at(DAY, 9), &bad).unwrap_err();
    let fields: Vec<&str> = e.field_errors().iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["name", "iban"]);
    let good = office::Office {
        name: "Gemeente Haarlem · Markten".into(),
        address: "Grote Markt 2 \n 2011 RD Haarlem".into(),
        phone: "023 511 5115".into(),
        iban: "nl91 abna 0417 1643 00".into(),
    };
    office::set(&mut f.store, &admin, at(DAY, 9), &good).unwrap();
    let o = office::get(&mut f.store).unwrap();
    assert_eq!((o.iban.as_str(), o.address.as_str()), ("NL91ABNA0417164300", "Grote Markt 2\n2011 RD Haarlem"));
    let row = audit::for_entity(&mut f.store, &f.admin, "office", "1").unwrap().pop().unwrap();
    assert_eq!((row.action.as_str(), row.before.as_deref()), ("office.set", None));
    assert!(row.after.as_deref().unwrap().contains("Haarlem"));
}

/// A login checks the password between reading the account and storing the outcome, without
/// the store (the server answers others meanwhile): two wrong passwords checked at once
/// count two, and a password changed in between is not taken in its old form.
#[test]
fn a_login_s_two_steps_count_every_failure_and_see_a_new_password() {
    let mut f = fixture();
    let first = account::begin_login(&mut f.store, "toezicht").unwrap().check("fout wachtwoord");
    let second = account::begin_login(&mut f.store, "toezicht").unwrap().check("nog eens fout");
    for checked in [first, second] {
        assert_eq!(account::finish_login(&mut f.store, checked, at(DAY, 9)).unwrap_err().code(), "login_failed");
    }
    let (admin, id) = (f.admin.clone(), id_of(&mut f, "toezicht"));
    let failed = |f: &mut Fixture| {
        account::list(&mut f.store, &admin).unwrap().into_iter().find(|a| a.id == id).unwrap().failed_logins
    };
    assert_eq!(failed(&mut f), 2, "both failures counted, not one over the other");

    // The right old password, checked while an administrator sets a new one: refused, and
    // not counted as a wrong one.
    let old = account::begin_login(&mut f.store, "toezicht").unwrap().check(PASSWORD);
    account::reset_password(&mut f.store, &admin, at(DAY, 9), &mut rng(), id, "een-nieuw-wachtwoord").unwrap();
    assert_eq!(account::finish_login(&mut f.store, old, at(DAY, 9)).unwrap_err().code(), "login_failed");
    assert_eq!(failed(&mut f), 2);
    assert!(account::login(&mut f.store, "toezicht", "een-nieuw-wachtwoord", at(DAY, 9)).is_ok());
    assert_eq!(failed(&mut f), 0, "a login forgets the failures");
}

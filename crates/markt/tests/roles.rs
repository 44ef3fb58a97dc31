//! The role matrix: every core function that changes or reads stored data, called by every
//! role. A role that may not gets `Forbidden` naming the action and changes nothing at all
//! (every row of every table is compared before and after, the audit log among them); a
//! role that may succeeds.

mod common;

use std::collections::BTreeSet;

use chrono::Days;
use common::*;
use markt::account::{self, Action, NewAccount};
use markt::allocation::day::{self, Change, OverrideInput};
use markt::attendance::{self, AbsenceInput, Intent, SignOn};
use markt::backup;
use markt::branch::{self, BranchInput};
use markt::code::*;
use markt::control::{self, ControlInput};
use markt::day_close;
use markt::ids::*;
use markt::import::{self, ImportKind};
use markt::market;
use markt::note;
use markt::permit;
use markt::registration::{self, PreferencesInput, RegistrationInput};
use markt::sample;
use markt::tariff::{self, ProductInput, TariffKindInput, TariffPlanInput};
use markt::ticket::{self, TicketInput, ViolationInput};
use markt::vendor;
use markt::{Actor, Cents, Error, Percent, Result};
use rand::SeedableRng;

type Case = fn(&mut Fixture, &Actor, u32, &mut Option<Snapshot>) -> Result<()>;

fn now() -> chrono::DateTime<chrono::Utc> {
    at("2026-03-01", 10)
}

fn rng() -> rand_chacha::ChaCha8Rng {
    rand_chacha::ChaCha8Rng::seed_from_u64(1)
}

/// Setup done by the fixture's own clerks; `mark` is set right before the call under test.
fn new_vendor(f: &mut Fixture, n: u32) -> VendorId {
    let senior = f.senior.clone();
    vendor::create(&mut f.store, &senior, now(), &vendor_input(&format!("2000{n:06}"), &format!("V{n}"))).unwrap()
}

/// A supervisor's account made by the fixture's administrator.
fn new_account(f: &mut Fixture, name: &str) -> AccountId {
    let admin = f.admin.clone();
    let new = NewAccount {
        username: name.into(),
        display_name: name.into(),
        role: Role::Supervisor,
        password: PASSWORD.into(),
    };
    account::create(&mut f.store, &admin, now(), &mut rng(), &new).unwrap()
}

fn issued_permit(f: &mut Fixture) -> PermitId {
    let mut input = f.permit_input(f.stranger);
    input.override_reason = Some("tweede vergunning in de test".into());
    issue(f, &input)
}

/// A market day of its own for each call (the fixture's market is held on Wednesdays), so
/// that one call's publishing does not lock the next call's day.
fn market_day(n: u32) -> chrono::NaiveDate {
    d(DAY) + Days::new(7 * u64::from(n))
}

fn allocated_day(f: &mut Fixture, n: u32) -> day::Version {
    let senior = f.senior.clone();
    day::run(&mut f.store, &senior, now(), f.market, market_day(n)).unwrap()
}

fn cases() -> Vec<(&'static str, &'static [Action], Case)> {
    vec![
        ("account::create", &[Action::ManageAccounts], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let new = NewAccount {
                username: format!("user{n}"),
                display_name: "X".into(),
                role: Role::Supervisor,
                password: "lang genoeg".into(),
            };
            account::create(&mut f.store, a, now(), &mut rng(), &new).map(drop)
        }),
        ("account::unlock", &[Action::UnlockAccount], |f, a, _, mark| {
            let admin = f.admin.clone();
            let id = account::list(&mut f.store, &admin).unwrap().iter().find(|x| x.username == "toezicht").unwrap().id;
            *mark = Some(f.snapshot());
            account::unlock(&mut f.store, a, now(), id)
        }),
        ("account::set_role", &[Action::ManageAccounts], |f, a, n, mark| {
            let id = new_account(f, &format!("rol{n}"));
            *mark = Some(f.snapshot());
            account::set_role(&mut f.store, a, now(), id, Role::Senior)
        }),
        ("account::set_active", &[Action::ManageAccounts], |f, a, n, mark| {
            let id = new_account(f, &format!("uit{n}"));
            *mark = Some(f.snapshot());
            account::set_active(&mut f.store, a, now(), id, false)
        }),
        ("account::reset_password", &[Action::ManageAccounts], |f, a, n, mark| {
            let id = new_account(f, &format!("ww{n}"));
            *mark = Some(f.snapshot());
            account::reset_password(&mut f.store, a, now(), &mut rng(), id, "een nieuw wachtwoord")
        }),
        ("office::set", &[Action::EditOfficeSettings], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let input = markt::office::Office {
                name: format!("Marktbureau {n}"),
                address: "Amstel 1\n1011 PN Amsterdam".into(),
                phone: "14 020".into(),
                iban: "NL91 ABNA 0417 1643 00".into(),
            };
            markt::office::set(&mut f.store, a, now(), &input)
        }),
        ("market::create", &[Action::EditMarkets], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            market::create(&mut f.store, a, now(), &market_input(&format!("M{n}"))).map(drop)
        }),
        ("market::update", &[Action::EditMarkets], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            market::update(&mut f.store, a, now(), f.market, &market_input("WM"))
        }),
        ("market::set_ended", &[Action::EditMarkets], |f, a, n, mark| {
            let admin = f.admin.clone();
            let m = market::create(&mut f.store, &admin, now(), &market_input(&format!("E{n}"))).unwrap();
            *mark = Some(f.snapshot());
            market::set_ended(&mut f.store, a, now(), m, true)
        }),
        ("market::add_row", &[Action::EditMarkets], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            market::add_row(&mut f.store, a, now(), f.market, &format!("Rij {n}"), false).map(drop)
        }),
        ("market::update_row", &[Action::EditMarkets], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            market::update_row(&mut f.store, a, now(), f.row, "Rij A", false)
        }),
        ("market::add_stall", &[Action::EditMarkets], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            market::add_stall(&mut f.store, a, now(), &stall_input(f.row, &format!("{}", 100 + n))).map(drop)
        }),
        ("market::update_stall", &[Action::EditMarkets], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            market::update_stall(&mut f.store, a, now(), f.stalls[5], &stall_input(f.row, "6"))
        }),
        ("market::add_obstacle", &[Action::EditMarkets], |f, a, n, mark| {
            let admin = f.admin.clone();
            let row = market::add_row(&mut f.store, &admin, now(), f.market, &format!("O{n}"), false).unwrap();
            let s1 = market::add_stall(&mut f.store, &admin, now(), &stall_input(row, &format!("o{n}a"))).unwrap();
            let s2 = market::add_stall(&mut f.store, &admin, now(), &stall_input(row, &format!("o{n}b"))).unwrap();
            *mark = Some(f.snapshot());
            market::add_obstacle(&mut f.store, a, now(), s1, s2, ObstacleKind::Tree).map(drop)
        }),
        ("market::remove_obstacle", &[Action::EditMarkets], |f, a, n, mark| {
            let admin = f.admin.clone();
            let row = market::add_row(&mut f.store, &admin, now(), f.market, &format!("R{n}"), false).unwrap();
            let s1 = market::add_stall(&mut f.store, &admin, now(), &stall_input(row, &format!("r{n}a"))).unwrap();
            let s2 = market::add_stall(&mut f.store, &admin, now(), &stall_input(row, &format!("r{n}b"))).unwrap();
            let o = market::add_obstacle(&mut f.store, &admin, now(), s1, s2, ObstacleKind::Bench).unwrap();
            *mark = Some(f.snapshot());
            market::remove_obstacle(&mut f.store, a, now(), o)
        }),
        ("market::block_stall", &[Action::BlockStalls], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let day = d(DAY) + Days::new(u64::from(n));
            market::block_stall(&mut f.store, a, now(), f.stalls[5], day, "werkzaamheden")
        }),
        ("market::unblock_stall", &[Action::BlockStalls], |f, a, n, mark| {
            let senior = f.senior.clone();
            let day = d("2027-01-01") + Days::new(u64::from(n));
            market::block_stall(&mut f.store, &senior, now(), f.stalls[4], day, "evenement").unwrap();
            *mark = Some(f.snapshot());
            market::unblock_stall(&mut f.store, a, now(), f.stalls[4], day)
        }),
        ("branch::create", &[Action::EditBranches], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let input = BranchInput { code: format!("B{n}"), name: "Test".into(), colour: "#123456".into() };
            branch::create(&mut f.store, a, now(), &input).map(drop)
        }),
        ("branch::update", &[Action::EditBranches], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let input =
                BranchInput { code: "101-AGF".into(), name: "Groente en fruit".into(), colour: "#2e7d32".into() };
            branch::update(&mut f.store, a, now(), f.branch, &input)
        }),
        ("branch::set_market_rule", &[Action::EditMarkets], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            branch::set_market_rule(&mut f.store, a, now(), f.market, f.branch, Some((Some(i64::from(n)), true)))
        }),
        ("vendor::create", &[Action::EditVendors], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            vendor::create(&mut f.store, a, now(), &vendor_input(&format!("2001{n:06}"), "Nieuw")).map(drop)
        }),
        ("vendor::update", &[Action::EditVendors], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            vendor::update(&mut f.store, a, now(), f.stranger, &vendor_input("1990020201", "Visser"))
        }),
        ("vendor::add_substitute", &[Action::EditVendors], |f, a, n, mark| {
            let sub = new_vendor(f, n);
            *mark = Some(f.snapshot());
            vendor::add_substitute(&mut f.store, a, now(), f.holder, sub, d("2026-01-01"), None).map(drop)
        }),
        ("vendor::end_substitute", &[Action::EditVendors], |f, a, n, mark| {
            let sub = new_vendor(f, n);
            let senior = f.senior.clone();
            let id =
                vendor::add_substitute(&mut f.store, &senior, now(), f.holder, sub, d("2026-01-01"), None).unwrap();
            *mark = Some(f.snapshot());
            vendor::end_substitute(&mut f.store, a, now(), id, d("2026-06-30"))
        }),
        ("registration::create", &[Action::EditRegistrations], |f, a, n, mark| {
            let v = new_vendor(f, n);
            *mark = Some(f.snapshot());
            let input = RegistrationInput {
                vendor: v,
                market: f.market,
                list_number: 100 + i64::from(n),
                status: RegistrationStatus::Soll,
                registered_on: d("2026-01-01"),
                places: None,
                stalls: vec![],
                products: vec![],
            };
            registration::create(&mut f.store, a, now(), &input).map(drop)
        }),
        ("registration::update", &[Action::EditRegistrations], |f, a, _, mark| {
            let r = registration::get(&mut f.store, &f.admin, f.holder_registration).unwrap();
            *mark = Some(f.snapshot());
            let input = RegistrationInput {
                vendor: r.vendor,
                market: r.market,
                list_number: r.list_number,
                status: r.status,
                registered_on: r.registered_on,
                places: None,
                stalls: r.stalls,
                products: r.products,
            };
            registration::update(&mut f.store, a, now(), f.holder_registration, &input)
        }),
        ("registration::void", &[Action::EditRegistrations], |f, a, n, mark| {
            let v = new_vendor(f, n);
            let senior = f.senior.clone();
            let input = RegistrationInput {
                vendor: v,
                market: f.market,
                list_number: 200 + i64::from(n),
                status: RegistrationStatus::Soll,
                registered_on: d("2026-01-01"),
                places: None,
                stalls: vec![],
                products: vec![],
            };
            let id = registration::create(&mut f.store, &senior, now(), &input).unwrap();
            *mark = Some(f.snapshot());
            registration::void(&mut f.store, a, now(), id, "gestopt")
        }),
        ("registration::set_preferences", &[Action::EditRegistrations], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let input = PreferencesInput {
                vendor: f.applicant,
                market: f.market,
                branch: Some(f.branch),
                min_stalls: 1,
                max_stalls: 2,
                cooking: Cooking::None,
                evi: false,
                anywhere: true,
                stalls: vec![f.stalls[3], f.stalls[4]],
            };
            registration::set_preferences(&mut f.store, a, now(), &input).map(drop)
        }),
        ("attendance::set_pattern", &[Action::RecordAttendance], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            attendance::set_pattern(
                &mut f.store,
                a,
                now(),
                f.applicant,
                f.market,
                Weekdays::parse_list("wo").unwrap(),
                None,
            )
        }),
        (
            "attendance::set_pattern after the cut-off",
            &[Action::RecordAttendance, Action::ChangeAttendanceAfterCutoff],
            |f, a, n, mark| {
                // A Wednesday of its own, at 16:00 the day before: the new pattern flips
                // whether the applicant comes.
                let day = late_day(n);
                let comes =
                    attendance::intent(&mut f.store, &f.admin, f.applicant, f.market, day).unwrap() == Intent::Present;
                let weekdays = if comes { Weekdays::default() } else { Weekdays::parse_list("wo").unwrap() };
                *mark = Some(f.snapshot());
                let reason = Some("komt morgen toch");
                attendance::set_pattern(&mut f.store, a, eve(day), f.applicant, f.market, weekdays, reason)
            },
        ),
        ("attendance::record before the cut-off", &[Action::RecordAttendance], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let input = SignOn { vendor: f.applicant, market: f.market, day: d(DAY), attends: true, reason: None };
            attendance::record(&mut f.store, a, at("2026-03-03", 10), &input)
        }),
        (
            "attendance::record after the cut-off",
            &[Action::RecordAttendance, Action::ChangeAttendanceAfterCutoff],
            |f, a, _, mark| {
                *mark = Some(f.snapshot());
                let input = SignOn {
                    vendor: f.holder,
                    market: f.market,
                    day: d(DAY),
                    attends: false,
                    reason: Some("ziek gemeld".into()),
                };
                attendance::record(&mut f.store, a, at("2026-03-03", 16), &input)
            },
        ),
        ("attendance::add_absence", &[Action::RecordAttendance], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let input = AbsenceInput {
                vendor: f.holder,
                market: f.market,
                from: d("2026-07-01"),
                until: d("2026-07-21"),
                reason: "vakantie".into(),
            };
            attendance::add_absence(&mut f.store, a, now(), &input).map(drop)
        }),
        (
            "attendance::add_absence after the cut-off",
            &[Action::RecordAttendance, Action::ChangeAttendanceAfterCutoff],
            |f, a, n, mark| {
                let day = late_day(n);
                *mark = Some(f.snapshot());
                let input =
                    AbsenceInput { vendor: f.holder, market: f.market, from: day, until: day, reason: "ziek".into() };
                attendance::add_absence(&mut f.store, a, eve(day), &input).map(drop)
            },
        ),
        ("attendance::end_absence", &[Action::RecordAttendance], |f, a, _, mark| {
            let id = absence_in_july(f);
            *mark = Some(f.snapshot());
            attendance::end_absence(&mut f.store, a, now(), id, d("2026-07-10"), None)
        }),
        ("attendance::remove_absence", &[Action::RecordAttendance], |f, a, _, mark| {
            let id = absence_in_july(f);
            *mark = Some(f.snapshot());
            attendance::remove_absence(&mut f.store, a, now(), id, None)
        }),
        ("tariff::set_vat_rate", &[Action::EditTariffs], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let from = d("2030-01-01") + Days::new(u64::from(n));
            tariff::set_vat_rate(&mut f.store, a, now(), VatType::High, from, Percent::whole(22))
        }),
        ("tariff::create_kind", &[Action::EditTariffs], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let input = TariffKindInput {
                code: format!("k{n}"),
                invoice_label: "iets".into(),
                unit: TariffUnit::Meters,
                vat: VatType::High,
                ledger_code: String::new(),
                vat_code: String::new(),
            };
            tariff::create_kind(&mut f.store, a, now(), &input).map(drop)
        }),
        ("tariff::update_kind", &[Action::EditTariffs], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let input = TariffKindInput {
                code: "meter".into(),
                invoice_label: "afgenomen meters".into(),
                unit: TariffUnit::Meters,
                vat: VatType::Zero,
                ledger_code: "8110".into(),
                vat_code: "V".into(),
            };
            tariff::update_kind(&mut f.store, a, now(), f.kinds["meter"], &input)
        }),
        ("tariff::set_market_vat", &[Action::EditTariffs], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let from = d("2031-01-01") + Days::new(u64::from(n));
            tariff::set_market_vat(&mut f.store, a, now(), f.market, f.kinds["electricity"], from, VatType::High)
        }),
        ("tariff::create_product", &[Action::EditTariffs], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let input = ProductInput {
                key: format!("p{n}"),
                label: "iets".into(),
                unit: ProductUnit::Meters,
                factor: 2,
                kind: None,
                always: false,
                position: 9,
            };
            tariff::create_product(&mut f.store, a, now(), &input).map(drop)
        }),
        ("tariff::update_product", &[Action::EditTariffs], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let input = ProductInput {
                key: "extra_meters".into(),
                label: "extra meters".into(),
                unit: ProductUnit::Meters,
                factor: 1,
                kind: None,
                always: false,
                position: 1,
            };
            tariff::update_product(&mut f.store, a, now(), f.products["extra_meters"], &input)
        }),
        ("tariff::create_plan", &[Action::EditTariffs], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let input = TariffPlanInput {
                market: f.market,
                name: format!("Plan {n}"),
                from: d("2030-01-01"),
                until: None,
                weekdays: None,
                ignore_fixed: false,
                rates: vec![(f.kinds["meter"], Cents(300))],
            };
            tariff::create_plan(&mut f.store, a, now(), &input).map(drop)
        }),
        ("tariff::update_plan", &[Action::EditTariffs], |f, a, _, mark| {
            let p =
                tariff::plans(&mut f.store, &f.admin, f.market).unwrap().into_iter().find(|p| p.id == f.plan).unwrap();
            *mark = Some(f.snapshot());
            let input = TariffPlanInput {
                market: p.market,
                name: p.name,
                from: p.from,
                until: p.until,
                weekdays: p.weekdays,
                ignore_fixed: p.ignore_fixed,
                rates: p.rates,
            };
            tariff::update_plan(&mut f.store, a, now(), f.plan, &input)
        }),
        ("permit::issue", &[Action::IssuePermit], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let mut input = f.permit_input(f.stranger);
            input.override_reason = Some("test".into());
            permit::issue(&mut f.store, a, at(DAY, 9), &input).map(drop)
        }),
        ("permit::void", &[Action::VoidPermit], |f, a, _, mark| {
            let p = issued_permit(f);
            *mark = Some(f.snapshot());
            permit::void(&mut f.store, a, at(DAY, 9), p, "verkeerde ondernemer")
        }),
        ("permit::reissue", &[Action::VoidPermit, Action::IssuePermit], |f, a, _, mark| {
            let p = issued_permit(f);
            *mark = Some(f.snapshot());
            let mut input = f.permit_input(f.stranger);
            input.override_reason = Some("test".into());
            permit::reissue(&mut f.store, a, at(DAY, 9), p, "meters", &input).map(drop)
        }),
        ("permit::reverse_payment", &[Action::ReversePayment], |f, a, _, mark| {
            let p = issued_permit(f);
            let pay = permit::payments(&mut f.store, &f.admin, p).unwrap()[0].id;
            *mark = Some(f.snapshot());
            permit::reverse_payment(&mut f.store, a, at(DAY, 9), pay, "pin in plaats van contant").map(drop)
        }),
        ("permit::pay_open_amount", &[Action::ReversePayment], |f, a, _, mark| {
            let p = issued_permit(f);
            let pay = permit::payments(&mut f.store, &f.admin, p).unwrap()[0].id;
            let sup = f.supervisor.clone();
            permit::reverse_payment(&mut f.store, &sup, at(DAY, 9), pay, "andere betaalwijze").unwrap();
            *mark = Some(f.snapshot());
            permit::pay_open_amount(&mut f.store, a, at(DAY, 9), p, PaymentMethod::Cash).map(drop)
        }),
        ("control::record", &[Action::RecordControl], |f, a, _, mark| {
            let p = issued_permit(f);
            *mark = Some(f.snapshot());
            let input = ControlInput {
                permit: p,
                round: 1,
                presence: Presence::InPerson,
                substitute: None,
                substitute_name: None,
                products: Default::default(),
                note: String::new(),
            };
            control::record(&mut f.store, a, at(DAY, 10), &input).map(drop)
        }),
        ("ticket::create_violation", &[Action::EditViolations], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            let input = ViolationInput {
                code: format!("W{n}"),
                description: "iets".into(),
                article: String::new(),
                amount: Cents(5000),
                warning_first: false,
                valid_from: d("2026-01-01"),
                valid_until: None,
            };
            ticket::create_violation(&mut f.store, a, now(), &input).map(drop)
        }),
        ("ticket::end_violation", &[Action::EditViolations], |f, a, n, mark| {
            let admin = f.admin.clone();
            let input = ViolationInput {
                code: format!("E{n}"),
                description: "iets".into(),
                article: String::new(),
                amount: Cents(5000),
                warning_first: false,
                valid_from: d("2026-01-01"),
                valid_until: None,
            };
            ticket::create_violation(&mut f.store, &admin, now(), &input).unwrap();
            *mark = Some(f.snapshot());
            ticket::end_violation(&mut f.store, a, now(), &format!("E{n}"), d("2026-06-01"))
        }),
        ("ticket::create", &[Action::IssueTicket], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            let input = ticket_input(f);
            ticket::create(&mut f.store, a, at(DAY, 11), &input).map(drop)
        }),
        ("ticket::transition to issued", &[Action::ChangeTicketStatus], |f, a, _, mark| {
            let t = draft_ticket(f);
            *mark = Some(f.snapshot());
            ticket::transition(&mut f.store, a, at(DAY, 12), t, TicketStatus::Issued, None)
        }),
        ("ticket::transition to void", &[Action::VoidTicket], |f, a, _, mark| {
            let t = draft_ticket(f);
            *mark = Some(f.snapshot());
            ticket::transition(&mut f.store, a, at(DAY, 12), t, TicketStatus::Void, Some("verkeerde ondernemer"))
        }),
        ("ticket::pay", &[Action::RegisterTicketPayment], |f, a, _, mark| {
            let t = draft_ticket(f);
            let sup = f.supervisor.clone();
            ticket::transition(&mut f.store, &sup, at(DAY, 12), t, TicketStatus::Issued, None).unwrap();
            *mark = Some(f.snapshot());
            ticket::pay(&mut f.store, a, at(DAY, 13), t, PaymentMethod::Pin, Cents(10000)).map(drop)
        }),
        ("allocation::day::run", &[Action::RunAllocation], |f, a, n, mark| {
            *mark = Some(f.snapshot());
            day::run(&mut f.store, a, now(), f.market, market_day(n)).map(drop)
        }),
        ("allocation::day::override_", &[Action::OverrideAllocation], |f, a, n, mark| {
            let v = allocated_day(f, n);
            let placed =
                day::get(&mut f.store, &f.admin, v.id).unwrap().results.into_iter().find(|r| !r.stalls.is_empty());
            *mark = Some(f.snapshot());
            let input = OverrideInput {
                allocation: v.id,
                change: Change::Remove { vendor: placed.expect("someone has stalls").vendor },
                reason: "ziek gemeld".into(),
                override_rule: None,
            };
            day::override_(&mut f.store, a, now(), &input).map(drop)
        }),
        ("allocation::day::publish", &[Action::PublishAllocation], |f, a, n, mark| {
            let v = allocated_day(f, n);
            *mark = Some(f.snapshot());
            day::publish(&mut f.store, a, now(), v.id).map(drop)
        }),
        ("note::add", &[Action::WriteNote], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            note::add(&mut f.store, a, at(DAY, 9), f.market, d(DAY), "stroom valt uit").map(drop)
        }),
        ("day_close::close", &[Action::CloseDay], |f, a, n, mark| {
            let day = d(DAY) + Days::new(7 * u64::from(n));
            *mark = Some(f.snapshot());
            day_close::close(&mut f.store, a, at(DAY, 17), f.market, day, Cents(0), "").map(drop)
        }),
        (
            "permit::void after the issuer closed the day",
            &[Action::VoidPermit, Action::CorrectClosedDay],
            |f, a, n, mark| {
                let day = d("2027-01-06") + Days::new(7 * u64::from(n));
                let sup = f.supervisor.clone();
                let mut input = f.permit_input(f.stranger);
                input.day = day;
                input.confirmed_day = Some(day);
                let p = permit::issue(&mut f.store, &sup, at(DAY, 8), &input).unwrap();
                day_close::close(&mut f.store, &sup, at(DAY, 17), f.market, day, Cents(0), "").unwrap();
                *mark = Some(f.snapshot());
                permit::void(&mut f.store, a, at(DAY, 18), p, "na de afsluiting gecorrigeerd")
            },
        ),
        ("sample::draw_sample", &[Action::DrawSample], |f, a, n, mark| {
            let day = d("2028-01-05") + Days::new(7 * u64::from(n));
            let sup = f.supervisor.clone();
            let mut input = f.permit_input(f.stranger);
            input.day = day;
            input.confirmed_day = Some(day);
            permit::issue(&mut f.store, &sup, at(DAY, 8), &input).unwrap();
            *mark = Some(f.snapshot());
            sample::draw_sample(&mut f.store, a, at(DAY, 9), f.market, day, u64::from(n)).map(drop)
        }),
        ("sample::redraw", &[Action::RedrawSample], |f, a, n, mark| {
            let day = d("2029-01-03") + Days::new(7 * u64::from(n));
            let sup = f.supervisor.clone();
            let mut input = f.permit_input(f.stranger);
            input.day = day;
            input.confirmed_day = Some(day);
            permit::issue(&mut f.store, &sup, at(DAY, 8), &input).unwrap();
            sample::draw_sample(&mut f.store, &sup, at(DAY, 9), f.market, day, 1).unwrap();
            *mark = Some(f.snapshot());
            sample::redraw(&mut f.store, a, at(DAY, 10), f.market, day, 2, "verkeerd getrokken").map(drop)
        }),
        ("backup::make", &[Action::MakeBackup], |f, a, n, mark| {
            let dest = std::env::temp_dir().join(format!("markt-roles-{}-{n}.sqlite", std::process::id()));
            let _ = std::fs::remove_file(&dest);
            *mark = Some(f.snapshot());
            let r = backup::make(&mut f.store, a, at(DAY, 9), &dest).map(drop);
            let _ = std::fs::remove_file(&dest);
            r
        }),
        ("backup::restore", &[Action::RestoreBackup], |f, a, n, mark| {
            let tmp = std::env::temp_dir();
            let (src, safety) = (
                tmp.join(format!("markt-roles-src-{}-{n}.sqlite", std::process::id())),
                tmp.join(format!("markt-roles-safety-{}-{n}.sqlite", std::process::id())),
            );
            let senior = f.senior.clone();
            let _ = std::fs::remove_file(&src);
            let _ = std::fs::remove_file(&safety);
            backup::make(&mut f.store, &senior, at(DAY, 9), &src).unwrap();
            *mark = Some(f.snapshot());
            let r = backup::restore(&mut f.store, a, at(DAY, 9), &src, &safety).map(drop);
            let _ = std::fs::remove_file(&src);
            let _ = std::fs::remove_file(&safety);
            r
        }),
        ("audit::search", &[Action::ViewAuditLog], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            markt::audit::search(&mut f.store, a, &Default::default(), 0, 10).map(drop)
        }),
        ("export::finance::finance", &[Action::ExportFinance], |f, a, n, mark| {
            let day = d(DAY) + Days::new(7 * u64::from(n));
            let req = markt::export::finance::FinanceRequest {
                from: day,
                until: day,
                markets: vec![],
                dialect: markt::export::Dialect::Nl,
            };
            *mark = Some(f.snapshot());
            markt::export::finance::finance(&mut f.store, a, now(), &req, &mut Vec::new(), &mut markt::progress::Silent)
                .map(drop)
        }),
        ("export::finance::set_fine_codes", &[Action::EditTariffs], |f, a, _, mark| {
            *mark = Some(f.snapshot());
            markt::export::finance::set_fine_codes(&mut f.store, a, now(), "8190", "B0")
        }),
        ("import::run markets", &[Action::EditMarkets], |f, a, n, mark| {
            let file = format!("market;market_name;kind;weekdays\nI{n};Markt {n};week;za\n");
            *mark = Some(f.snapshot());
            import_clean(f, a, ImportKind::Markets, &file)
        }),
        ("import::run vendors", &[Action::EditVendors], |f, a, n, mark| {
            let file = format!("registration_number;surname\n50{n:08};Import\n");
            *mark = Some(f.snapshot());
            import_clean(f, a, ImportKind::Vendors, &file)
        }),
        ("import::run substitutes", &[Action::EditVendors], |f, a, n, mark| {
            let v = new_vendor(f, 600 + n);
            let number = markt::vendor::get(&mut f.store, &f.admin, v).unwrap().registration_number;
            let file = format!("registration_number;substitute_number;valid_from\n19570810.02;{number};2026-01-01\n");
            *mark = Some(f.snapshot());
            import_clean(f, a, ImportKind::Substitutes, &file)
        }),
        ("import::run registrations", &[Action::EditRegistrations], |f, a, n, mark| {
            let v = new_vendor(f, 700 + n);
            let number = markt::vendor::get(&mut f.store, &f.admin, v).unwrap().registration_number;
            let file = format!("market;registration_number;list_number;status\nWM;{number};{};soll\n", 100 + n);
            *mark = Some(f.snapshot());
            import_clean(f, a, ImportKind::Registrations, &file)
        }),
        ("note::tick", &[Action::WriteNote], |f, a, _, mark| {
            let sup = f.supervisor.clone();
            let id = note::add(&mut f.store, &sup, at(DAY, 9), f.market, d(DAY), "lekkage").unwrap();
            *mark = Some(f.snapshot());
            note::tick(&mut f.store, a, at(DAY, 15), id, true)
        }),
    ]
}

/// An import that must be clean when allowed; its report's errors become a failure.
fn import_clean(f: &mut Fixture, a: &Actor, kind: ImportKind, file: &str) -> Result<()> {
    let r = import::run(&mut f.store, a, now(), kind, file.as_bytes(), false, &mut markt::progress::Silent)?;
    assert!(r.applied, "{kind:?}: {:?}", r.errors);
    Ok(())
}

/// A Wednesday of its own for each call, far from the days other cases record attendance on.
fn late_day(n: u32) -> chrono::NaiveDate {
    d("2030-01-02") + Days::new(7 * u64::from(n))
}

/// 16:00 Amsterdam the day before `day`: after its cut-off.
fn eve(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    markt::time::at_local(day.pred_opt().unwrap(), chrono::NaiveTime::from_hms_opt(16, 0, 0).unwrap())
}

/// An absence of the fixture's holder, 1–21 July 2026, recorded by the supervisor.
fn absence_in_july(f: &mut Fixture) -> AbsenceId {
    let sup = f.supervisor.clone();
    let input = AbsenceInput {
        vendor: f.holder,
        market: f.market,
        from: d("2026-07-01"),
        until: d("2026-07-21"),
        reason: "vakantie".into(),
    };
    attendance::add_absence(&mut f.store, &sup, now(), &input).unwrap()
}

fn ticket_input(f: &Fixture) -> TicketInput {
    TicketInput {
        market: f.market,
        day: d(DAY),
        time: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        stall: "3".into(),
        vendor: Some(f.stranger),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: "V03".into(),
        note: String::new(),
    }
}

fn draft_ticket(f: &mut Fixture) -> TicketId {
    let sup = f.supervisor.clone();
    let input = ticket_input(f);
    ticket::create(&mut f.store, &sup, at(DAY, 11), &input).unwrap()
}

#[test]
fn every_mutating_function_by_every_role() {
    let mut f = fixture();
    let mut n = 0;
    let mut failures = Vec::new();
    for (name, actions, case) in cases() {
        for role in Role::ALL {
            n += 1;
            let actor = f.actor(*role).clone();
            let mut mark = None;
            let result = case(&mut f, &actor, n, &mut mark);
            let allowed = actions.iter().all(|a| a.allowed(*role));
            match (allowed, result) {
                (true, Ok(())) => {}
                (true, Err(e)) => failures.push(format!("{name} as {role}: refused or failed: {e}")),
                (false, Err(Error::Forbidden { action, role: r })) => {
                    assert_eq!(r, *role);
                    assert!(actions.contains(&action), "{name}: forbidden names {action:?}, not one of {actions:?}");
                    let before = mark.expect("the case must set the mark before the call under test");
                    let changed = f.snapshot().changed_tables(&before);
                    assert!(changed.is_empty(), "{name} as {role}: a refused call changed {changed:?}");
                }
                (false, other) => failures.push(format!("{name} as {role}: expected Forbidden, got {other:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "role matrix failures:\n{}", failures.join("\n"));
}

#[test]
fn the_matrix_exercises_every_action() {
    let covered: BTreeSet<String> = cases()
        .iter()
        .flat_map(|(_, a, _)| a.iter().map(|x| format!("{x:?}")))
        .chain(read_cases().iter().map(|(_, a, _)| format!("{a:?}")))
        .collect();
    let missing: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{a:?}"))
        .filter(|a| !covered.contains(a) && !NOT_YET_BUILT.contains(&a.as_str()))
        .collect();
    assert!(missing.is_empty(), "actions without a case in the role matrix: {missing:?}");
}

/// Actions whose functions later issues build (the day close, the sample).
const NOT_YET_BUILT: &[&str] = &[];

#[test]
fn forbidden_names_the_action_in_dutch() {
    let mut f = fixture();
    let finance = f.finance.clone();
    let err = market::create(&mut f.store, &finance, now(), &market_input("ZZ")).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let text = err.to_string();
    assert!(text.contains("financiën") && text.contains("markten"), "{text}");
}

// ── Reads ────────────────────────────────────────────────────────────────────────────────

/// What the reads read: made once by the fixture's clerks before the matrix runs.
struct Made {
    permit: PermitId,
    invoice_number: String,
    ticket: TicketId,
    ticket_number: String,
    allocation: AllocationId,
    batch: i64,
}

type ReadCase = fn(&mut Fixture, &Actor, &Made) -> Result<()>;

fn made(f: &mut Fixture) -> Made {
    let (senior, sup) = (f.senior.clone(), f.supervisor.clone());
    let permit = issued_permit(f);
    sample::draw_sample(&mut f.store, &sup, at(DAY, 9), f.market, d(DAY), 1).unwrap();
    let ticket = draft_ticket(f);
    let allocation = allocated_day(f, 1).id;
    let request = markt::export::finance::FinanceRequest {
        from: d(DAY),
        until: d(DAY),
        markets: vec![],
        dialect: markt::export::Dialect::Nl,
    };
    let batch = markt::export::finance::finance(
        &mut f.store,
        &senior,
        now(),
        &request,
        &mut Vec::new(),
        &mut markt::progress::Silent,
    )
    .unwrap()
    .number;
    let admin = f.admin.clone();
    let invoice_number = permit::get(&mut f.store, &admin, permit).unwrap().invoice_number;
    let ticket_number = ticket::get(&mut f.store, &admin, ticket).unwrap().number;
    Made { permit, invoice_number, ticket, ticket_number, allocation, batch }
}

fn figures_request(report: &str) -> markt::figures::ReportRequest {
    let spec = markt::figures::ReportSpec {
        report,
        quarter: Some("2026-Q1"),
        year: Some("2025/2026"),
        from: Some(d("2026-03-01")),
        until: Some(d("2026-03-31")),
        ..Default::default()
    };
    spec.request(d(DAY)).unwrap()
}

fn read_cases() -> Vec<(&'static str, Action, ReadCase)> {
    use markt::{attendance, audit, control, counter, day_view, figures, note};
    let mut cases: Vec<(&'static str, Action, ReadCase)> = vec![
        ("market::list", Action::ReadMasterData, |f, a, _| market::list(&mut f.store, a).map(drop)),
        ("market::held_on", Action::ReadMasterData, |f, a, _| market::held_on(&mut f.store, a, d(DAY)).map(drop)),
        // Vandaag: every role has one; what each part shows per role is office_day.rs's test.
        ("office_day::get", Action::ReadMasterData, |f, a, _| markt::office_day::get(&mut f.store, a, now()).map(drop)),
        ("market::list_with_stall_counts", Action::ReadMasterData, |f, a, _| {
            market::list_with_stall_counts(&mut f.store, a).map(drop)
        }),
        ("market::get", Action::ReadMasterData, |f, a, _| market::get(&mut f.store, a, f.market).map(drop)),
        ("market::by_code", Action::ReadMasterData, |f, a, _| market::by_code(&mut f.store, a, "WM").map(drop)),
        ("market::layout", Action::ReadMasterData, |f, a, _| market::layout(&mut f.store, a, f.market).map(drop)),
        ("market::blocked_on", Action::ReadMasterData, |f, a, _| {
            market::blocked_on(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("market::day_layout", Action::ReadMarketDay, |f, a, _| {
            market::day_layout(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("branch::list", Action::ReadMasterData, |f, a, _| branch::list(&mut f.store, a).map(drop)),
        ("branch::market_rules", Action::ReadMasterData, |f, a, _| {
            branch::market_rules(&mut f.store, a, f.market).map(drop)
        }),
        ("tariff::vat_rates", Action::ReadMasterData, |f, a, _| tariff::vat_rates(&mut f.store, a).map(drop)),
        ("tariff::kinds", Action::ReadMasterData, |f, a, _| tariff::kinds(&mut f.store, a).map(drop)),
        ("tariff::products", Action::ReadMasterData, |f, a, _| tariff::products(&mut f.store, a).map(drop)),
        ("tariff::plans", Action::ReadMasterData, |f, a, _| tariff::plans(&mut f.store, a, f.market).map(drop)),
        ("tariff::quote", Action::ReadMasterData, |f, a, _| {
            let request = markt::fee::QuoteRequest {
                market_day: d(DAY),
                status: PermitStatus::Lot,
                fixed: Default::default(),
                requested: [("stalls_3m".into(), 1)].into_iter().collect(),
            };
            tariff::quote(&mut f.store, a, f.market, &request).map(drop)
        }),
        ("ticket::violations", Action::ReadMasterData, |f, a, _| ticket::violations(&mut f.store, a).map(drop)),
        ("vendor::get", Action::ReadVendors, |f, a, _| vendor::get(&mut f.store, a, f.holder).map(drop)),
        ("vendor::by_number", Action::ReadVendors, |f, a, _| {
            vendor::by_number(&mut f.store, a, "1957081002").map(drop)
        }),
        ("vendor::search", Action::ReadVendors, |f, a, _| {
            vendor::search(&mut f.store, a, "dan", Some(f.market), 0, 10).map(drop)
        }),
        // The vendor page's permits: ReadVendors and ReadMarketDay, which the same roles have.
        ("permit::of_vendor", Action::ReadMarketDay, |f, a, _| {
            markt::permit::of_vendor(&mut f.store, a, f.holder, 10).map(drop)
        }),
        ("vendor::page", Action::ReadVendors, |f, a, _| vendor::page(&mut f.store, a, f.holder).map(drop)),
        ("vendor::substitutes_of", Action::ReadVendors, |f, a, _| {
            vendor::substitutes_of(&mut f.store, a, f.holder).map(drop)
        }),
        ("registration::get", Action::ReadVendors, |f, a, _| {
            registration::get(&mut f.store, a, f.holder_registration).map(drop)
        }),
        ("registration::of_vendor", Action::ReadVendors, |f, a, _| {
            registration::of_vendor(&mut f.store, a, f.holder).map(drop)
        }),
        ("registration::of_market", Action::ReadVendors, |f, a, _| {
            registration::of_market(&mut f.store, a, f.market).map(drop)
        }),
        ("registration::preferences", Action::ReadVendors, |f, a, _| {
            registration::preferences(&mut f.store, a, f.holder, f.market).map(drop)
        }),
        ("attendance::intent", Action::ReadVendors, |f, a, _| {
            attendance::intent(&mut f.store, a, f.holder, f.market, d(DAY)).map(drop)
        }),
        ("attendance::absences", Action::ReadVendors, |f, a, _| {
            attendance::absences(&mut f.store, a, f.holder, f.market).map(drop)
        }),
        ("attendance::day", Action::ReadVendors, |f, a, _| {
            attendance::day(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("counter::find", Action::ReadMarketDay, |f, a, _| counter::find(&mut f.store, a, "1957081002").map(drop)),
        ("counter::open", Action::ReadMarketDay, |f, a, _| {
            counter::open(&mut f.store, a, f.market, d(DAY), f.holder).map(drop)
        }),
        ("counter::preview", Action::ReadMarketDay, |f, a, _| {
            let input = f.permit_input(f.holder);
            counter::preview(&mut f.store, a, &input).map(drop)
        }),
        ("permit::preview", Action::ReadMarketDay, |f, a, _| {
            let input = f.permit_input(f.holder);
            permit::preview(&mut f.store, a, &input).map(drop)
        }),
        ("permit::issued", Action::ReadMarketDay, |f, a, m| permit::issued(&mut f.store, a, m.permit).map(drop)),
        ("permit::get", Action::ReadMarketDay, |f, a, m| permit::get(&mut f.store, a, m.permit).map(drop)),
        ("permit::by_invoice_number", Action::ReadMarketDay, |f, a, m| {
            permit::by_invoice_number(&mut f.store, a, &m.invoice_number).map(drop)
        }),
        ("permit::lines", Action::ReadMarketDay, |f, a, m| permit::lines(&mut f.store, a, m.permit).map(drop)),
        ("permit::of_market_day", Action::ReadMarketDay, |f, a, _| {
            permit::of_market_day(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("permit::payments", Action::ReadMarketDay, |f, a, m| permit::payments(&mut f.store, a, m.permit).map(drop)),
        ("day_view::get", Action::ReadMarketDay, |f, a, _| day_view::get(&mut f.store, a, f.market, d(DAY)).map(drop)),
        ("day_view::permit", Action::ReadMarketDay, |f, a, m| day_view::permit(&mut f.store, a, m.permit).map(drop)),
        ("note::of_market_day", Action::ReadMarketDay, |f, a, _| {
            note::of_market_day(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("control::of_permit", Action::ReadMarketDay, |f, a, m| {
            control::of_permit(&mut f.store, a, m.permit).map(drop)
        }),
        ("control::of_vendor", Action::ReadMarketDay, |f, a, _| {
            control::of_vendor(&mut f.store, a, f.stranger, 10).map(drop)
        }),
        ("sample::round", Action::ReadMarketDay, |f, a, _| sample::round(&mut f.store, a, f.market, d(DAY)).map(drop)),
        ("sample::current", Action::ReadMarketDay, |f, a, _| {
            sample::current(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("sample::history", Action::ReadMarketDay, |f, a, _| {
            sample::history(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("ticket::decide", Action::ReadMarketDay, |f, a, _| {
            ticket::decide(&mut f.store, a, Some(f.stranger), "V03", d(DAY)).map(drop)
        }),
        ("ticket::photos", Action::ReadMarketDay, |f, a, m| ticket::photos(&mut f.store, a, m.ticket).map(drop)),
        ("ticket::list", Action::ReadMarketDay, |f, a, _| ticket::list(&mut f.store, a, &Default::default()).map(drop)),
        ("ticket::detail", Action::ReadMarketDay, |f, a, m| ticket::detail(&mut f.store, a, m.ticket).map(drop)),
        ("ticket::get", Action::ReadMarketDay, |f, a, m| ticket::get(&mut f.store, a, m.ticket).map(drop)),
        ("ticket::by_number", Action::ReadMarketDay, |f, a, m| {
            ticket::by_number(&mut f.store, a, &m.ticket_number).map(drop)
        }),
        ("ticket::of_vendor", Action::ReadMarketDay, |f, a, _| {
            ticket::of_vendor(&mut f.store, a, f.stranger).map(drop)
        }),
        ("day::input", Action::ReadMarketDay, |f, a, _| day::input(&mut f.store, a, f.market, market_day(1)).map(drop)),
        ("day::a_list", Action::ReadMarketDay, |f, a, _| {
            day::a_list(&mut f.store, a, f.market, market_day(1)).map(drop)
        }),
        ("day::versions", Action::ReadMarketDay, |f, a, _| {
            day::versions(&mut f.store, a, f.market, market_day(1)).map(drop)
        }),
        ("day::get", Action::ReadMarketDay, |f, a, m| day::get(&mut f.store, a, m.allocation).map(drop)),
        ("day::current", Action::ReadMarketDay, |f, a, _| {
            day::current(&mut f.store, a, f.market, market_day(1)).map(drop)
        }),
        ("day::published", Action::ReadMarketDay, |f, a, _| {
            day::published(&mut f.store, a, f.market, market_day(1)).map(drop)
        }),
        ("day::view", Action::ReadMarketDay, |f, a, _| {
            day::view(&mut f.store, a, f.market, market_day(1), None).map(drop)
        }),
        ("day::since_published", Action::ReadMarketDay, |f, a, _| {
            day::since_published(&mut f.store, a, now(), f.market, market_day(1)).map(drop)
        }),
        ("day_close::summary", Action::CloseDay, |f, a, _| {
            day_close::summary(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("day_close::of_day", Action::ReadFinance, |f, a, _| {
            day_close::of_day(&mut f.store, a, f.market, d(DAY)).map(drop)
        }),
        ("audit::for_entity", Action::ViewAuditLog, |f, a, _| {
            audit::for_entity(&mut f.store, a, "vendor", &f.holder.to_string()).map(drop)
        }),
        ("account::list", Action::UnlockAccount, |f, a, _| account::list(&mut f.store, a).map(drop)),
        ("export::finance::batches", Action::ExportFinance, |f, a, _| {
            markt::export::finance::batches(&mut f.store, a).map(drop)
        }),
        ("export::finance::batch_lines", Action::ExportFinance, |f, a, m| {
            markt::export::finance::batch_lines(&mut f.store, a, m.batch).map(drop)
        }),
        ("export::finance::due", Action::ExportFinance, |f, a, _| {
            markt::export::finance::due(&mut f.store, a, d(DAY)).map(drop)
        }),
        ("export::finance::fine_codes", Action::ExportFinance, |f, a, _| {
            markt::export::finance::fine_codes(&mut f.store, a).map(drop)
        }),
    ];
    // Every list export and every report of figures, each under its own action.
    macro_rules! list {
        ($kind:ident, $action:ident) => {
            (
                concat!("export::lists::list ", stringify!($kind)),
                Action::$action,
                |f: &mut Fixture, a: &Actor, _: &Made| {
                    let request = markt::export::lists::ListRequest {
                        from: Some(d("2026-03-01")),
                        until: Some(d("2026-03-31")),
                        ..Default::default()
                    };
                    let kind = markt::export::lists::ListKind::$kind;
                    markt::export::lists::list(
                        &mut f.store,
                        a,
                        kind,
                        &request,
                        &mut Vec::new(),
                        &mut markt::progress::Silent,
                    )
                    .map(drop)
                },
            )
        };
    }
    cases.extend([
        list!(Vendors, ReadVendors),
        list!(Registrations, ReadVendors),
        list!(Markets, ReadMasterData),
        list!(Substitutes, ReadVendors),
        list!(Permits, ReadFinance),
        list!(Tickets, ReadMarketDay),
        list!(Attendance, ReadVendors),
    ] as [(&'static str, Action, ReadCase); 7]);
    macro_rules! report {
        ($code:literal, $action:ident) => {
            (concat!("figures::run ", $code), Action::$action, |f: &mut Fixture, a: &Actor, _: &Made| {
                figures::run(&mut f.store, a, &figures_request($code)).map(drop)
            })
        };
    }
    cases.extend([
        report!("obligation", ReadVendors),
        report!("applicants", ReadVendors),
        report!("multiple", ReadVendors),
        report!("occupancy", ReadMarketDay),
        report!("revenue", ReadFinance),
        report!("tickets", ReadFinance),
    ] as [(&'static str, Action, ReadCase); 6]);
    macro_rules! document {
        ($document:ident, $action:ident, $request:expr) => {
            (
                concat!("report::layout ", stringify!($document)),
                Action::$action,
                |f: &mut Fixture, a: &Actor, m: &Made| {
                    let request: markt::report::Request = $request(f, m);
                    markt::report::layout(&mut f.store, a, now(), &request).map(drop)
                },
            )
        };
    }
    use markt::report::{Document, Request};
    cases.extend([
        document!(DailyList, ReadMarketDay, |f: &Fixture, _: &Made| Request::market_day(
            Document::DailyList,
            f.market,
            d(DAY)
        )),
        document!(PermitList, ReadFinance, |f: &Fixture, _: &Made| Request::market_day(
            Document::PermitList,
            f.market,
            d(DAY)
        )),
        document!(DayClose, ReadFinance, |f: &Fixture, _: &Made| Request::market_day(
            Document::DayClose,
            f.market,
            d(DAY)
        )),
        document!(WeekList, ReadMarketDay, |f: &Fixture, _: &Made| Request::market_day(
            Document::WeekList,
            f.market,
            d(DAY)
        )),
        document!(Barcodes, ReadMarketDay, |f: &Fixture, _: &Made| Request::market_day(
            Document::Barcodes,
            f.market,
            d(DAY)
        )),
        document!(Receipt, ReadMarketDay, |_: &Fixture, m: &Made| Request {
            permit: Some(m.permit),
            ..Request::market_day(Document::Receipt, MarketId(0), d(DAY))
        }),
        document!(Ticket, ReadMarketDay, |_: &Fixture, m: &Made| Request {
            ticket: Some(m.ticket),
            ..Request::market_day(Document::Ticket, MarketId(0), d(DAY))
        }),
    ] as [(&'static str, Action, ReadCase); 7]);
    cases
}

#[test]
fn every_read_by_every_role() {
    let mut f = fixture();
    let m = made(&mut f);
    let mut failures = Vec::new();
    for (name, action, case) in read_cases() {
        for role in Role::ALL {
            let actor = f.actor(*role).clone();
            let before = f.snapshot();
            let result = case(&mut f, &actor, &m);
            match (action.allowed(*role), result) {
                (true, Ok(())) => {}
                (true, Err(e)) => failures.push(format!("{name} as {role}: refused or failed: {e}")),
                (false, Err(Error::Forbidden { action: named, role: r })) => {
                    assert_eq!((named, r), (action, *role), "{name}: the refusal names the action and the role");
                    let changed = f.snapshot().changed_tables(&before);
                    assert!(changed.is_empty(), "{name} as {role}: a refused read changed {changed:?}");
                }
                (false, other) => failures.push(format!("{name} as {role}: expected Forbidden, got {other:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "read matrix failures:\n{}", failures.join("\n"));
}

/// The scenario of the issue: the vendor list with every e-mail address and phone number
/// was written for anyone; finance now gets a refusal and no file, a senior the list.
#[test]
fn finance_cannot_export_the_vendors_contacts_but_reads_the_money() {
    use markt::export::lists::{self, ListKind, ListRequest};
    let mut f = fixture();
    let finance = f.finance.clone();
    let mut out = Vec::new();
    let err = lists::list(
        &mut f.store,
        &finance,
        ListKind::Vendors,
        &ListRequest::default(),
        &mut out,
        &mut markt::progress::Silent,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Forbidden { action: Action::ReadVendors, role: Role::Finance }), "{err:?}");
    assert!(out.is_empty(), "nothing was written");
    assert!(vendor::get(&mut f.store, &finance, f.holder).is_err());
    // What finance needs: the markets, the tariff plans, the revenue.
    assert!(market::list(&mut f.store, &finance).is_ok());
    assert!(tariff::plans(&mut f.store, &finance, f.market).is_ok());
    assert!(markt::figures::run(&mut f.store, &finance, &figures_request("revenue")).is_ok());
}

#[test]
fn the_read_matrix_names_every_read_action() {
    let covered: BTreeSet<String> = read_cases().iter().map(|(_, a, _)| format!("{a:?}")).collect();
    for a in [Action::ReadMasterData, Action::ReadVendors, Action::ReadMarketDay, Action::ReadFinance] {
        assert!(covered.contains(&format!("{a:?}")), "{a:?} has no read in the matrix");
    }
}

#[test]
fn lists_documents_and_reports_ask_the_action_the_matrix_expects() {
    use markt::export::lists::ListKind;
    use markt::report::Document;
    for kind in ListKind::ALL {
        let expected = match kind {
            ListKind::Markets => Action::ReadMasterData,
            ListKind::Permits => Action::ReadFinance,
            ListKind::Tickets => Action::ReadMarketDay,
            _ => Action::ReadVendors,
        };
        assert_eq!(kind.action(), expected, "{kind:?}");
    }
    for document in Document::ALL {
        let expected = if matches!(document, Document::PermitList | Document::DayClose) {
            Action::ReadFinance
        } else {
            Action::ReadMarketDay
        };
        assert_eq!(document.action(), expected, "{document:?}");
    }
    for report in markt::figures::REPORTS {
        assert!(markt::figures::action_of(report).is_some(), "{report}");
    }
}

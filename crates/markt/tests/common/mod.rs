//! A small market office for tests: one market with a row of stalls, a tariff plan, a few
//! vendors and registrations, an account per role.

#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use markt::account::{self, NewAccount};
use markt::branch::{self, BranchInput};
use markt::code::*;
use markt::ids::*;
use markt::market::{self, MarketInput, StallInput};
use markt::permit::{self, PermitInput};
use markt::registration::{self, RegistrationInput};
use markt::tariff::{self, ProductInput, TariffKindInput, TariffPlanInput};
use markt::ticket::{self, TicketInput, ViolationInput};
use markt::vendor::{self, VendorInput};
use markt::{Actor, Cents, Percent, Store};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// 10:00 Amsterdam on `day`.
pub fn at(day: &str, h: u32) -> DateTime<Utc> {
    markt::time::at_local(d(day), NaiveTime::from_hms_opt(h, 0, 0).unwrap())
}

/// The market day of the fixture: a Wednesday.
pub const DAY: &str = "2026-03-04";

pub const PASSWORD: &str = "geheim-wachtwoord";

/// SQL that takes a file of schema 13 back to schema 12 (for upgrade tests): no client
/// address in the audit log.
pub const UNDO_SCHEMA_13: &str = "ALTER TABLE audit_log DROP COLUMN client_address;";

/// SQL that takes a file of schema 12 back to schema 11 (for upgrade tests): no
/// substitute's name on a control.
pub const UNDO_SCHEMA_12: &str = "ALTER TABLE control DROP COLUMN substitute_name;";

/// SQL that takes a file of schema 11 back to schema 10 (for upgrade tests).
pub const UNDO_SCHEMA_11: &str =
    "DROP TRIGGER day_close_difference_reason; ALTER TABLE day_close DROP COLUMN difference_reason;";

/// SQL that takes a file of schema 10 back to schema 9 (for upgrade tests).
pub const UNDO_SCHEMA_10: &str = "DROP TABLE finance_batch_payment;";

/// SQL that takes a file of schema 9 back to schema 8 (for upgrade tests).
pub const UNDO_SCHEMA_9: &str = "
    DROP TRIGGER ticket_no_update; DROP TRIGGER ticket_no_delete;
    DROP TRIGGER ticket_photo_no_update; DROP TRIGGER ticket_photo_no_delete;
    DROP TRIGGER violation_no_update; DROP TRIGGER violation_no_delete;
    DROP TRIGGER control_no_update; DROP TRIGGER control_no_delete;
    DROP TRIGGER control_product_no_update; DROP TRIGGER control_product_no_delete;
    DROP TABLE violation_end; DROP TABLE control_removal; DROP TABLE office;";

pub struct Fixture {
    pub store: Store,
    pub admin: Actor,
    pub senior: Actor,
    pub supervisor: Actor,
    pub finance: Actor,
    pub market: MarketId,
    pub row: RowId,
    pub stalls: Vec<StallId>,
    pub branch: BranchId,
    pub kinds: BTreeMap<&'static str, TariffKindId>,
    pub products: BTreeMap<&'static str, ProductId>,
    pub plan: TariffPlanId,
    /// A fixed holder (vpl) of stalls 1 and 2 with a 3 m stall and electricity paid.
    pub holder: VendorId,
    pub holder_registration: RegistrationId,
    /// An applicant (soll).
    pub applicant: VendorId,
    /// A vendor without a registration on the market.
    pub stranger: VendorId,
}

impl Fixture {
    pub fn actor(&self, role: Role) -> &Actor {
        match role {
            Role::Admin => &self.admin,
            Role::Senior => &self.senior,
            Role::Supervisor => &self.supervisor,
            Role::Finance => &self.finance,
        }
    }

    /// A permit form for `vendor` on the fixture's day. Each fixture vendor stands on a stall
    /// of its own (the holder on 1, the applicant on 4, the stranger on 5, anyone else on
    /// 6), so that permits of several vendors do not give one stall twice (which needs a
    /// reason). The stranger has no registration, which makes a permit doubtful: its form
    /// carries the reason the counter asks (tests of that rule clear it).
    pub fn permit_input(&self, vendor: VendorId) -> PermitInput {
        let stall = if vendor == self.holder {
            "1"
        } else if vendor == self.applicant {
            "4"
        } else if vendor == self.stranger {
            "5"
        } else {
            "6"
        };
        PermitInput {
            market: self.market,
            day: d(DAY),
            vendor,
            presence: Presence::InPerson,
            substitute: None,
            identified_by: Identification::Typed,
            requested: [("stalls_3m".to_string(), 1)].into_iter().collect(),
            stalls: vec![stall.into()],
            note: String::new(),
            payment: PaymentMethod::Pin,
            override_reason: (vendor == self.stranger).then(|| "standwerker, lot".to_string()),
            confirmed_day: None,
        }
    }

    pub fn audit_rows(&self) -> i64 {
        self.store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
    }

    /// Every row of every table, as text: what a refused call must leave exactly as it was
    /// (not only the audit log).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(markt::db::testing::table_rows(&self.store))
    }
}

/// The contents of a database: table name → its rows as text, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot(pub BTreeMap<String, Vec<String>>);

impl Snapshot {
    /// The tables whose rows differ from `other`'s.
    pub fn changed_tables(&self, other: &Snapshot) -> Vec<String> {
        let names: std::collections::BTreeSet<&String> = self.0.keys().chain(other.0.keys()).collect();
        names.into_iter().filter(|t| self.0.get(*t) != other.0.get(*t)).cloned().collect()
    }
}

pub fn vendor_input(number: &str, surname: &str) -> VendorInput {
    VendorInput {
        registration_number: number.into(),
        initials: "A.".into(),
        infix: String::new(),
        surname: surname.into(),
        status: Some(VendorStatus::Active),
        ..VendorInput::default()
    }
}

pub fn market_input(code: &str) -> MarketInput {
    MarketInput {
        code: code.into(),
        name: format!("Markt {code}"),
        kind: MarketKind::Weekly,
        weekdays: Weekdays::parse_list("wo").unwrap(),
        season: None,
        stall_size_m: 3,
        max_stalls_per_vendor: 3,
        sample_size: 10,
        ab_lists: false,
    }
}

pub fn stall_input(row: RowId, number: &str) -> StallInput {
    StallInput {
        row,
        number: number.into(),
        length_m: 3,
        cooking: Cooking::None,
        evi: false,
        active: true,
        properties: vec![StallProperty::Electricity],
        branches: vec![],
    }
}

/// Builds the fixture into a database (in memory unless `store` is given).
pub fn fixture_in(mut store: Store) -> Fixture {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let now = at("2026-01-05", 9);
    let admin = account::create_first_admin(&mut store, now, &mut rng, "beheer", "Beheer", PASSWORD).unwrap();
    for (name, role) in [("senior", Role::Senior), ("toezicht", Role::Supervisor), ("financien", Role::Finance)] {
        let new = NewAccount { username: name.into(), display_name: name.into(), role, password: PASSWORD.into() };
        account::create(&mut store, &admin, now, &mut rng, &new).unwrap();
    }
    let login = |store: &mut Store, name: &str| account::login(store, name, PASSWORD, now).unwrap();
    let senior = login(&mut store, "senior");
    let supervisor = login(&mut store, "toezicht");
    let finance = login(&mut store, "financien");

    for (vat, pct) in [(VatType::High, 21), (VatType::Low, 9), (VatType::Zero, 0)] {
        tariff::set_vat_rate(&mut store, &admin, now, vat, d("2019-01-01"), Percent::whole(pct)).unwrap();
    }
    let mut kinds = BTreeMap::new();
    for (code, label, unit, vat) in [
        ("meter", "afgenomen meters", TariffUnit::Meters, VatType::Zero),
        ("cleaning", "reiniging", TariffUnit::Meters, VatType::High),
        ("electricity", "elektra", TariffUnit::Item, VatType::Low),
        ("promo", "promotiegelden per koopman", TariffUnit::Once, VatType::Zero),
    ] {
        let input = TariffKindInput {
            code: code.into(),
            invoice_label: label.into(),
            unit,
            vat,
            ledger_code: "8110".into(),
            vat_code: "V".into(),
        };
        kinds.insert(code, tariff::create_kind(&mut store, &admin, now, &input).unwrap());
    }
    let mut products = BTreeMap::new();
    for (key, unit, factor, kind, always) in [
        ("stalls_3m", ProductUnit::Meters, 3, None, false),
        ("extra_meters", ProductUnit::Meters, 1, None, false),
        ("electricity", ProductUnit::Item, 1, Some("electricity"), false),
        ("promo", ProductUnit::Once, 1, Some("promo"), true),
    ] {
        let input = ProductInput {
            key: key.into(),
            label: key.into(),
            unit,
            factor,
            kind: kind.map(|k| kinds[k]),
            always,
            position: 0,
        };
        products.insert(key, tariff::create_product(&mut store, &admin, now, &input).unwrap());
    }
    let market = market::create(&mut store, &admin, now, &market_input("WM")).unwrap();
    let row = market::add_row(&mut store, &admin, now, market, "Rij A", false).unwrap();
    let stalls: Vec<StallId> = (1..=6)
        .map(|n| market::add_stall(&mut store, &admin, now, &stall_input(row, &n.to_string())).unwrap())
        .collect();
    let branch = branch::create(
        &mut store,
        &admin,
        now,
        &BranchInput { code: "101-AGF".into(), name: "Groente en fruit".into(), colour: "#2e7d32".into() },
    )
    .unwrap();
    let plan = tariff::create_plan(
        &mut store,
        &admin,
        now,
        &TariffPlanInput {
            market,
            name: "Tarieven 2026".into(),
            from: d("2026-01-01"),
            until: None,
            weekdays: None,
            ignore_fixed: false,
            rates: vec![
                (kinds["meter"], Cents(246)),
                (kinds["cleaning"], Cents(47)),
                (kinds["electricity"], Cents(321)),
                (kinds["promo"], Cents(115)),
            ],
        },
    )
    .unwrap();
    let holder = vendor::create(&mut store, &senior, now, &vendor_input("1957081002", "Daniëls")).unwrap();
    let applicant = vendor::create(&mut store, &senior, now, &vendor_input("19800101.01", "Bakker")).unwrap();
    let stranger = vendor::create(&mut store, &senior, now, &vendor_input("1990020201", "Visser")).unwrap();
    let holder_registration = registration::create(
        &mut store,
        &senior,
        now,
        &RegistrationInput {
            vendor: holder,
            market,
            list_number: 1,
            status: RegistrationStatus::Vpl,
            registered_on: d("2010-05-01"),
            places: None,
            stalls: vec![stalls[0], stalls[1]],
            products: vec![(products["stalls_3m"], 1), (products["electricity"], 1)],
        },
    )
    .unwrap();
    registration::create(
        &mut store,
        &senior,
        now,
        &RegistrationInput {
            vendor: applicant,
            market,
            list_number: 2,
            status: RegistrationStatus::Soll,
            registered_on: d("2020-05-01"),
            places: None,
            stalls: vec![],
            products: vec![],
        },
    )
    .unwrap();
    ticket::create_violation(
        &mut store,
        &admin,
        now,
        &ViolationInput {
            code: "V01".into(),
            description: "Niet persoonlijk aanwezig".into(),
            article: "3.18".into(),
            amount: Cents(7500),
            warning_first: true,
            valid_from: d("2024-01-01"),
            valid_until: None,
        },
    )
    .unwrap();
    ticket::create_violation(
        &mut store,
        &admin,
        now,
        &ViolationInput {
            code: "V03".into(),
            description: "Afval achtergelaten".into(),
            article: "3.26".into(),
            amount: Cents(10000),
            warning_first: false,
            valid_from: d("2024-01-01"),
            valid_until: None,
        },
    )
    .unwrap();
    Fixture {
        store,
        admin,
        senior,
        supervisor,
        finance,
        market,
        row,
        stalls,
        branch,
        kinds,
        products,
        plan,
        holder,
        holder_registration,
        applicant,
        stranger,
    }
}

pub fn fixture() -> Fixture {
    fixture_in(markt::db::testing::fresh_store())
}

/// Issues a permit as the supervisor at 08:00 on the fixture's day.
pub fn issue(f: &mut Fixture, input: &PermitInput) -> PermitId {
    let sup = f.supervisor.clone();
    permit::issue(&mut f.store, &sup, at(DAY, 8), input).unwrap()
}

/// The ticket form for the stranger on the fixture's market, stall 3, 11:00 on `day`.
pub fn ticket_input(f: &Fixture, day: &str, code: &str) -> TicketInput {
    TicketInput {
        market: f.market,
        day: d(day),
        time: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        stall: "3".into(),
        vendor: Some(f.stranger),
        unknown_person: None,
        permit: None,
        control: None,
        violation_code: code.into(),
        note: String::new(),
    }
}

/// A draft ticket of `code` for the stranger on `day`, written by the supervisor at 11:00.
pub fn ticket_on(f: &mut Fixture, day: &str, code: &str) -> TicketId {
    let sup = f.supervisor.clone();
    let input = ticket_input(f, day, code);
    ticket::create(&mut f.store, &sup, at(day, 11), &input).unwrap()
}

//! `markt-harness`: a process that writes permits as fast as it can, for the crash and
//! concurrency tests. It prints `ok <permit id>` after each commit, so whoever kills it
//! knows what was committed. And `load`: the office server (`markt serve`) under the load
//! of many desks, killed and started again if asked (see [`load`]).

mod load;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};
use markt::account::{self, NewAccount};
use markt::code::*;
use markt::market::{self, MarketInput, StallInput};
use markt::permit::{self, PermitInput};
use markt::tariff::{self, ProductInput, TariffKindInput, TariffPlanInput};
use markt::vendor::{self, VendorInput};
use markt::{Cents, Percent, Store};
use rand::SeedableRng;

/// The market day every write is for (a Wednesday).
const DAY: &str = "2026-03-04";
const PASSWORD: &str = "harnas-wachtwoord";
pub const VENDORS: usize = 200;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Makes a database with a market, a tariff plan, vendors and the account `schrijver`.
    Prepare { db: PathBuf },
    /// Issues `count` permits, printing `ok <id>` after each commit.
    Write {
        db: PathBuf,
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// Which of the vendors to start with, so two writers differ.
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Starts `markt serve` on a database of its own and works on it with desks issuing
    /// permits and readers of the day view; kills it with --kill-at. Prints a report.
    Load(load::LoadArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Prepare { db } => prepare(&db).map_err(|e| e.to_string()),
        Command::Write { db, count, offset } => write(&db, count, offset).map_err(|e| e.to_string()),
        Command::Load(args) => match load::run(args) {
            Ok(true) => Ok(()),
            // The report said what failed.
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fout: {e}");
            ExitCode::FAILURE
        }
    }
}

fn day() -> NaiveDate {
    NaiveDate::parse_from_str(DAY, "%Y-%m-%d").unwrap_or_default()
}

fn prepare(db: &std::path::Path) -> Result<(), markt::Error> {
    let mut store = Store::open(db)?;
    let now = Utc::now();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let admin = account::create_first_admin(&mut store, now, &mut rng, "beheer", "Beheer", PASSWORD)?;
    let new = NewAccount {
        username: "schrijver".into(),
        display_name: "Schrijver".into(),
        role: Role::Senior,
        password: PASSWORD.into(),
    };
    account::create(&mut store, &admin, now, &mut rng, &new)?;
    let writer = account::login(&mut store, "schrijver", PASSWORD, now)?;
    tariff::set_vat_rate(&mut store, &admin, now, VatType::High, day() - chrono::Days::new(365), Percent::whole(21))?;
    tariff::set_vat_rate(&mut store, &admin, now, VatType::Zero, day() - chrono::Days::new(365), Percent::whole(0))?;
    let meter = tariff::create_kind(
        &mut store,
        &admin,
        now,
        &TariffKindInput {
            code: "meter".into(),
            invoice_label: "afgenomen meters".into(),
            unit: TariffUnit::Meters,
            vat: VatType::Zero,
            ledger_code: String::new(),
            vat_code: String::new(),
        },
    )?;
    let cleaning = tariff::create_kind(
        &mut store,
        &admin,
        now,
        &TariffKindInput {
            code: "cleaning".into(),
            invoice_label: "reiniging".into(),
            unit: TariffUnit::Meters,
            vat: VatType::High,
            ledger_code: String::new(),
            vat_code: String::new(),
        },
    )?;
    tariff::create_product(
        &mut store,
        &admin,
        now,
        &ProductInput {
            key: "stalls_3m".into(),
            label: "Kraam 3 m".into(),
            unit: ProductUnit::Meters,
            factor: 3,
            kind: None,
            always: false,
            position: 0,
        },
    )?;
    let m = market::create(
        &mut store,
        &admin,
        now,
        &MarketInput {
            code: "HM".into(),
            name: "Harnasmarkt".into(),
            kind: MarketKind::Weekly,
            weekdays: Weekdays::parse_list("wo").unwrap_or_default(),
            season: None,
            stall_size_m: 3,
            max_stalls_per_vendor: 2,
            sample_size: 10,
            ab_lists: false,
        },
    )?;
    let row = market::add_row(&mut store, &admin, now, m, "Rij", false)?;
    market::add_stall(
        &mut store,
        &admin,
        now,
        &StallInput {
            row,
            number: "1".into(),
            length_m: 3,
            cooking: Cooking::None,
            evi: false,
            active: true,
            properties: vec![],
            branches: vec![],
        },
    )?;
    tariff::create_plan(
        &mut store,
        &admin,
        now,
        &TariffPlanInput {
            market: m,
            name: "Tarief".into(),
            from: day() - chrono::Days::new(365),
            until: None,
            weekdays: None,
            ignore_fixed: false,
            rates: vec![(meter, Cents(246)), (cleaning, Cents(47))],
        },
    )?;
    store.batch(|store| {
        for i in 0..VENDORS {
            let input = VendorInput {
                registration_number: format!("19{i:08}"),
                initials: "H.".into(),
                surname: format!("Schrijver{i}"),
                status: Some(VendorStatus::Active),
                ..VendorInput::default()
            };
            vendor::create(store, &writer, now, &input)?;
        }
        Ok(())
    })
}

fn write(db: &std::path::Path, count: usize, offset: usize) -> Result<(), markt::Error> {
    let mut store = Store::open(db)?;
    let actor = account::login(&mut store, "schrijver", PASSWORD, Utc::now())?;
    let market = market::by_code(&mut store, &actor, "HM")?;
    let out = std::io::stdout();
    for i in 0..count {
        let vendor = markt::vendor::by_number(&mut store, &actor, &format!("19{:08}", (offset + i) % VENDORS))?;
        let input = PermitInput {
            market: market.id,
            day: day(),
            vendor: vendor.id,
            presence: Presence::InPerson,
            substitute: None,
            identified_by: Identification::Typed,
            requested: [("stalls_3m".to_string(), 1 + (i % 2) as i64)].into_iter().collect(),
            stalls: vec!["1".into()],
            note: String::new(),
            payment: if i % 3 == 0 { PaymentMethod::Cash } else { PaymentMethod::Pin },
            // The vendors come back many times the same day: every permit after the first
            // needs a reason, which this writer always gives.
            override_reason: Some("harnas".into()),
            // The day is fixed and the clock is the wall clock's: the writer confirms its day.
            confirmed_day: Some(day()),
        };
        let id = permit::issue(&mut store, &actor, Utc::now(), &input)?;
        // Printed only after the commit: what is printed must survive any kill.
        let mut lock = out.lock();
        let _ = writeln!(lock, "ok {}", id.0);
        let _ = lock.flush();
    }
    Ok(())
}

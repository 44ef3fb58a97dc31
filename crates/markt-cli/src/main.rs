//! `markt`: the Marktkantoor command line. Argument parsing and printing only; every rule
//! lives in the `markt` core.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};
use markt::demo::{self, DemoConfig};
use markt::{Store, check, db, time};

#[derive(Parser)]
#[command(name = "markt", version, about = "Marktkantoor: het marktbureau op de opdrachtregel")]
struct Cli {
    /// Het databasebestand (anders MARKTKANTOOR_DB, anders de gegevensmap van het systeem).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bereken het marktgeld van een offertecasus (fees.md): het antwoord als JSON op stdout.
    Quote {
        /// Het casusbestand, of - voor standaardinvoer.
        case: PathBuf,
    },
    /// Bouw de demostad in een lege database en toon wat erin staat.
    Demo {
        /// Het zaad van de toevalsgenerator: hetzelfde zaad en dezelfde dag geven dezelfde stad.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// De laatste dag van de geschiedenis (standaard: vandaag in Amsterdam).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
        /// Vervang een bestaand databasebestand.
        #[arg(long)]
        force: bool,
    },
    /// Controleer de database: schema, integriteit, verwijzingen en de kas van elke dag.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Quote { case } => quote(&case),
        Command::Demo { seed, today, force } => report(demo_command(cli.db.as_deref(), seed, today, force)),
        Command::Check => match check_command(cli.db.as_deref()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => report::<()>(Err(e)),
        },
    }
}

fn report<T>(r: Result<T, String>) -> ExitCode {
    match r {
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fout: {message}");
            ExitCode::FAILURE
        }
    }
}

fn quote(case: &Path) -> ExitCode {
    let text =
        if case == Path::new("-") { std::io::read_to_string(std::io::stdin()) } else { std::fs::read_to_string(case) };
    let answer = match text {
        Ok(json) => markt::fee::case::run_case(&json),
        Err(e) => Err(("io".to_string(), format!("{}: {e}", case.display()))),
    };
    match answer {
        Ok(value) => {
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err((code, message)) => {
            eprintln!("{}", markt::fee::case::error_json(&code, &message));
            ExitCode::FAILURE
        }
    }
}

fn db_path(explicit: Option<&Path>) -> Result<PathBuf, String> {
    db::resolve_path(explicit).ok_or_else(|| "geen map voor gegevens gevonden: geef --db PATH".to_string())
}

fn open(explicit: Option<&Path>) -> Result<Store, String> {
    let path = db_path(explicit)?;
    Store::open(&path).map_err(|e| e.to_string())
}

fn demo_command(explicit: Option<&Path>, seed: u64, today: Option<NaiveDate>, force: bool) -> Result<(), String> {
    let path = db_path(explicit)?;
    if path.exists() && std::fs::metadata(&path).map(|m| m.len() > 0).unwrap_or(false) {
        if !force {
            return Err(format!("{} bestaat al; gebruik --force om het te vervangen door de demo", path.display()));
        }
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            }
        }
    }
    let today = today.unwrap_or_else(|| time::today(Utc::now()));
    let started = Instant::now();
    let mut store = Store::open(&path).map_err(|e| e.to_string())?;
    let s = demo::build(&mut store, &DemoConfig { seed, today }).map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    println!("Demostad gebouwd in {}", path.display());
    println!("  zaad {seed}, geschiedenis {} t/m {}", show(s.history_from), show(s.history_to));
    println!();
    println!("Markten");
    for (code, name, stalls) in &s.markets {
        println!("  {code:<4} {name:<20} {stalls:>4} plaatsen");
    }
    println!("Branches              {:>6}", s.branches);
    println!("Ondernemers           {:>6}", s.vendors);
    println!("Vervangers            {:>6}", s.substitutes);
    let regs: Vec<String> = s.registrations.iter().map(|(k, v)| format!("{k} {v}")).collect();
    println!("Sollicitaties         {}", regs.join(", "));
    println!("Aan-/afmeldingen      {:>6}", s.attendance_records);
    println!(
        "Dagvergunningen       {:>6}  (doorgehaald en opnieuw {}, dubbel {})",
        s.permits, s.voided, s.double_permits
    );
    for (method, (count, total)) in &s.payments {
        println!("  {method:<12} {count:>6} betalingen  {total:>16}");
    }
    println!("Terugboekingen        {:>6}", s.reversals);
    println!("Controles             {:>6}", s.controls);
    let tickets: Vec<String> = s.tickets.iter().map(|(k, v)| format!("{k} {v}")).collect();
    println!("Bonnen                {}", tickets.join(", "));
    println!("Notities              {:>6}", s.notes);
    println!();
    println!("Accounts (gebruikersnaam / wachtwoord / rol)");
    for a in demo::ACCOUNTS {
        println!("  {:<12} {:<18} {}", a.username, a.password, a.role.label_nl());
    }
    println!();
    println!("Klaar in {:.1} s", elapsed.as_secs_f64());
    Ok(())
}

fn show(d: Option<NaiveDate>) -> String {
    d.map(time::show_date).unwrap_or_default()
}

fn check_command(explicit: Option<&Path>) -> Result<bool, String> {
    let mut store = open(explicit)?;
    let r = check::run(&mut store).map_err(|e| e.to_string())?;
    let mark = |ok: bool| if ok { "in orde" } else { "FOUT" };
    println!(
        "Schemaversie          {} (programma {}): {}",
        r.schema_version,
        r.program_version,
        mark(r.schema_version == r.program_version)
    );
    println!("Integriteit           {}", mark(r.integrity.is_empty()));
    for line in &r.integrity {
        println!("  {line}");
    }
    println!("Verwijzingen          {}", mark(r.foreign_keys.is_empty()));
    for line in &r.foreign_keys {
        println!("  {line}");
    }
    let unbalanced: Vec<_> = r.unbalanced_days().collect();
    println!(
        "Dagen in balans       {} van {}: {}",
        r.days.len() - unbalanced.len(),
        r.days.len(),
        mark(unbalanced.is_empty())
    );
    for d in &unbalanced {
        println!("  {} {}: te betalen {}, betaald {}", d.market, time::show_date(d.day), d.due, d.paid);
    }
    println!("Dagvergunningen       {}", mark(r.permit_problems.is_empty()));
    for line in r.permit_problems.iter().take(50) {
        println!("  {line}");
    }
    if r.permit_problems.len() > 50 {
        println!("  … en nog {}", r.permit_problems.len() - 50);
    }
    println!("{}", if r.ok() { "Alles in orde." } else { "Er is iets mis: zie hierboven." });
    Ok(r.ok())
}

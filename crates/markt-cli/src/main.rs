//! `markt`: the Marktkantoor command line. Argument parsing and printing only; every rule
//! lives in the `markt` core.

mod data;
mod serve;
mod throttle;
mod transport;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand};
use markt::allocation::{self, day, day::VendorResult};
use markt::clock::Clock;
use markt::code::AllocationOutcome;
use markt::demo::{self, DemoConfig};
use markt::ids::{PaymentId, PermitId, StallId, TicketId};
use markt::report::{Document, Request};
use markt::{Actor, Store, account, check, db, market, permit, ticket, time};

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
        /// `city`: een grote stad (30 markten, 50.000 ondernemers, jaren aan dagvergunningen)
        /// om te meten; zonder: de demostad met vier markten.
        #[arg(long, value_name = "SCHAAL")]
        scale: Option<String>,
        /// Jaren geschiedenis van de stad (alleen met --scale city).
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// Ondernemers in de stad (alleen met --scale city).
        #[arg(long, default_value_t = 50_000)]
        vendors: usize,
    },
    /// Maak de database van een kantoor met de eerste beheerder (wat de app bij de eerste
    /// start doet, voor een server zonder scherm). Het wachtwoord uit MARKTKANTOOR_PASSWORD,
    /// anders tweemaal gevraagd.
    Init {
        /// De gebruikersnaam van de beheerder.
        #[arg(long, value_name = "NAAM")]
        admin: String,
        /// Zijn naam zoals de schermen hem tonen (standaard de gebruikersnaam).
        #[arg(long, value_name = "NAAM")]
        name: Option<String>,
    },
    /// Controleer de database: schema, integriteit, verwijzingen en de kas van elke dag.
    Check,
    /// Verhuis het kantoor: kopieer het hele SQLite-bestand (--db) naar een lege
    /// PostgreSQL-database en bewijs het (dezelfde aantallen en rijen, markt check op beide,
    /// elke financebatch byte voor byte opnieuw geschreven uit beide).
    Migrate {
        /// De lege PostgreSQL-database: postgres://… of postgresql://….
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Deel een marktdag in: een casusbestand (allocation.md; het antwoord als JSON op stdout),
    /// of met --market en --date een markt uit de database (bewaard als concept).
    Allocate {
        /// Het casusbestand, of - voor standaardinvoer.
        #[arg(conflicts_with_all = ["market", "date"], required_unless_present = "market")]
        case: Option<PathBuf>,
        /// De markt (code, bijv. AC).
        #[arg(long, requires = "date")]
        market: Option<String>,
        /// De marktdag.
        #[arg(long, value_name = "YYYY-MM-DD", requires = "market")]
        date: Option<NaiveDate>,
        /// Wie indeelt (anders MARKTKANTOOR_USER, anders de gebruikersnaam van het systeem). Het
        /// wachtwoord komt uit MARKTKANTOOR_PASSWORD of wordt gevraagd.
        #[arg(long, value_name = "NAAM")]
        user: Option<String>,
        /// Toon bij elke ondernemer de uitleg.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Maak een back-up (met SQLite zelf, nooit een bestandskopie; op PostgreSQL met pg_dump).
    Backup {
        /// Het back-upbestand (standaard: backups/marktkantoor-<tijd>.sqlite naast de database; op PostgreSQL een pg_dump-bestand, -o verplicht).
        #[arg(short, long, value_name = "BESTAND")]
        output: Option<PathBuf>,
        #[arg(long, value_name = "NAAM")]
        user: Option<String>,
    },
    /// Zet een back-up terug (beheerder), na controle en na een veiligheidskopie.
    Restore {
        /// Het back-upbestand.
        backup: PathBuf,
        #[arg(long, value_name = "NAAM")]
        user: Option<String>,
    },
    /// De steekproef van een marktdag: getrokken als die er nog niet is, anders getoond en
    /// opnieuw nagerekend uit het bewaarde zaad.
    Sample {
        /// De markt (code, bijv. AC).
        #[arg(long)]
        market: String,
        /// De marktdag.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// Wie trekt of bekijkt (anders MARKTKANTOOR_USER, anders de gebruikersnaam van het systeem).
        #[arg(long, value_name = "NAAM")]
        user: Option<String>,
        /// Trek opnieuw (senior), met deze reden; de controles van die dag vervallen.
        #[arg(long, value_name = "REDEN")]
        redraw: Option<String>,
    },
    /// Exporteer naar CSV: finance (genummerde batches, --rerun N), vendors, registrations,
    /// markets, substitutes, permits, tickets, attendance.
    Export(data::ExportArgs),
    /// Importeer CSV (markets, vendors, registrations, substitutes): alles of niets.
    Import(data::ImportArgs),
    /// Overzichten: obligation, applicants, multiple, occupancy, revenue.
    Report(data::ReportArgs),
    /// De kantoorserver: dezelfde opdrachten als de app via HTTP, voor elke balie, tablet of
    /// telefoon van het kantoor, en de app zelf in de browser.
    Serve {
        /// Adres en poort (standaard alleen deze computer).
        #[arg(long, default_value = "127.0.0.1:8470", value_name = "ADRES:POORT")]
        listen: std::net::SocketAddr,
        /// De gebouwde UI (`npm run build` in ui/) die de server op / aanbiedt.
        #[arg(long, default_value = "ui/dist", value_name = "MAP")]
        ui: PathBuf,
        /// Het certificaat van de server (PEM, met de tussenliggende certificaten): HTTPS.
        #[arg(long, value_name = "BESTAND", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// De privésleutel bij het certificaat (PEM).
        #[arg(long, value_name = "BESTAND", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Gewoon HTTP op een adres dat niet alleen deze computer is, omdat een proxy vóór
        /// de server (nginx, Caddy) de TLS afhandelt. Een proxy op deze computer zelf kan
        /// ook naar 127.0.0.1: dan is deze vlag niet nodig.
        #[arg(long, conflicts_with = "tls_cert")]
        behind_proxy: bool,
    },
    /// Maak een document als PDF (reports.md): daily-list, permit-list, day-close, week-list,
    /// ab-list en barcodes voor een markt en dag; receipt voor een betaling of dagvergunning;
    /// ticket voor een bon.
    Print {
        /// Het document.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(Document::ALL.map(Document::code)))]
        document: String,
        /// De markt (code, bijv. AC).
        #[arg(long)]
        market: Option<String>,
        /// De marktdag (bij week-list en ab-list: een dag van de week).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        /// De dagvergunning van een kwitantie: nummer (D2026-000123) of id.
        #[arg(long, value_name = "NUMMER")]
        permit: Option<String>,
        /// De betaling van een kwitantie (id).
        #[arg(long, value_name = "ID")]
        payment: Option<i64>,
        /// De bon van een bonbrief: nummer (B2026-000123) of id.
        #[arg(long, value_name = "NUMMER")]
        ticket: Option<String>,
        /// Het PDF-bestand (anders de naam van het document in de huidige map; - voor stdout).
        #[arg(long, short, value_name = "FILE.pdf")]
        output: Option<PathBuf>,
        /// Wie afdrukt (zoals bij allocate; het wachtwoord uit MARKTKANTOOR_PASSWORD of gevraagd).
        #[arg(long, value_name = "NAAM")]
        user: Option<String>,
    },
}

/// The command line's one clock: the system's, or `MARKTKANTOOR_NOW` (demo and test
/// databases only; `open` refuses it on an office database).
static CLOCK: OnceLock<Clock> = OnceLock::new();

fn now() -> DateTime<Utc> {
    CLOCK.get_or_init(|| Clock::System).now()
}

fn clock_today() -> NaiveDate {
    time::today(now())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match Clock::from_env() {
        Ok(clock) => {
            let _ = CLOCK.set(clock);
        }
        Err(e) => return report::<()>(Err(e.to_string())),
    }
    match cli.command {
        Command::Quote { case } => quote(&case),
        Command::Demo { seed, today, force, scale: None, .. } => {
            report(demo_command(cli.db.as_deref(), seed, today, force))
        }
        Command::Demo { seed, today, force, scale: Some(scale), years, vendors } if scale == "city" => {
            report(city_command(cli.db.as_deref(), seed, today, force, years, vendors))
        }
        Command::Demo { .. } => report::<()>(Err("--scale kent alleen ‘city’".into())),
        Command::Allocate { case: Some(case), .. } => allocate_case(&case),
        Command::Allocate { market: Some(market), date: Some(date), user, verbose, .. } => {
            report(allocate_command(cli.db.as_deref(), &market, date, user, verbose))
        }
        Command::Allocate { .. } => report::<()>(Err("geef een casusbestand, of --market en --date".into())),
        Command::Sample { market, date, user, redraw } => {
            report(sample_command(cli.db.as_deref(), &market, date, user, redraw.as_deref()))
        }
        Command::Backup { output, user } => report(backup_command(cli.db.as_deref(), output, user)),
        Command::Restore { backup, user } => report(restore_command(cli.db.as_deref(), &backup, user)),
        Command::Export(args) => report(data::export(cli.db.as_deref(), args)),
        Command::Import(args) => match data::import(cli.db.as_deref(), args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => report::<()>(Err(e)),
        },
        Command::Report(args) => report(data::report(cli.db.as_deref(), args)),
        Command::Print { document, market, date, permit, payment, ticket, output, user } => {
            let what = PrintWhat { market, date, permit, payment, ticket };
            report(print_command(cli.db.as_deref(), &document, what, output, user))
        }
        Command::Serve { listen, ui, tls_cert, tls_key, behind_proxy } => {
            let tls = tls_cert.zip(tls_key).map(|(cert, key)| transport::TlsFiles { cert, key });
            report(serve_command(cli.db.as_deref(), listen, ui, tls, behind_proxy))
        }
        Command::Init { admin, name } => report(init_command(cli.db.as_deref(), &admin, name)),
        Command::Check => match check_command(cli.db.as_deref()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => report::<()>(Err(e)),
        },
        Command::Migrate { to } => match migrate_command(cli.db.as_deref(), &to) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => report::<()>(Err(e)),
        },
    }
}

fn serve_command(
    explicit: Option<&Path>,
    listen: std::net::SocketAddr,
    ui: PathBuf,
    tls: Option<transport::TlsFiles>,
    behind_proxy: bool,
) -> Result<(), String> {
    let db = db_path(explicit)?;
    if markt::db::postgres_url(&db).is_none() && !db.exists() {
        return Err(format!("{} bestaat niet: maak de database eerst (de app, of `markt demo`)", db.display()));
    }
    let clock = CLOCK.get_or_init(|| Clock::System).clone();
    serve::serve(serve::ServeArgs { db, listen, ui, clock, tls, behind_proxy })
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
    let answer = match read_input(case) {
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

fn read_input(case: &Path) -> std::io::Result<String> {
    if case == Path::new("-") { std::io::read_to_string(std::io::stdin()) } else { std::fs::read_to_string(case) }
}

fn allocate_case(case: &Path) -> ExitCode {
    let answer = match read_input(case) {
        Ok(json) => allocation::case::run_case(&json),
        Err(e) => Err(("io".to_string(), format!("{}: {e}", case.display()))),
    };
    match answer {
        Ok(value) => {
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err((code, message)) => {
            eprintln!("{}", allocation::case::error_json(&code, &message));
            ExitCode::FAILURE
        }
    }
}

/// Who acts: `--user`, else `MARKTKANTOOR_USER`, else the system's user name; the password
/// from `MARKTKANTOOR_PASSWORD`, else asked at the terminal without echo.
fn login(store: &mut Store, user: Option<String>, now: chrono::DateTime<Utc>) -> Result<Actor, String> {
    let user = user
        .or_else(|| std::env::var("MARKTKANTOOR_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
        .ok_or("geef de gebruiker met --user NAAM")?;
    let password = match std::env::var("MARKTKANTOOR_PASSWORD") {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => {
            rpassword::prompt_password(format!("Wachtwoord van {user}: ")).map_err(|e| e.to_string())?
        }
        Err(_) => return Err("geen wachtwoord: zet MARKTKANTOOR_PASSWORD of start markt in een terminal".into()),
    };
    account::login(store, &user, &password, now).map_err(|e| e.to_string())
}

fn allocate_command(
    explicit: Option<&Path>,
    code: &str,
    date: NaiveDate,
    user: Option<String>,
    verbose: bool,
) -> Result<(), String> {
    let mut store = open(explicit)?;
    let now = now();
    let actor = login(&mut store, user, now)?;
    let m = market::by_code(&mut store, &actor, code).map_err(|e| e.to_string())?;
    let version = day::run(&mut store, &actor, now, m.id, date).map_err(|e| e.to_string())?;
    let stored = day::get(&mut store, &actor, version.id).map_err(|e| e.to_string())?;
    let layout = market::layout(&mut store, &actor, m.id).map_err(|e| e.to_string())?;
    let blocked = market::blocked_on(&mut store, &actor, m.id, date).map_err(|e| e.to_string())?;
    // Vendors in the order their first stall stands on the market.
    let position: HashMap<StallId, usize> = layout.stalls().enumerate().map(|(i, s)| (s.id, i)).collect();
    let usable = layout.stalls().filter(|s| s.active && !blocked.contains(&s.id)).count();
    let taken: usize = stored.results.iter().map(|r| r.stalls.len()).sum();
    let of = |outcome: AllocationOutcome| -> Vec<&VendorResult> {
        let mut v: Vec<&VendorResult> = stored.results.iter().filter(|r| r.outcome == outcome).collect();
        v.sort_by_key(|r| (r.stalls.first().and_then(|s| position.get(&s.id)).copied(), r.list_number));
        v
    };
    let (placed, rejected, absent) =
        (of(AllocationOutcome::Assigned), of(AllocationOutcome::Rejected), of(AllocationOutcome::NotParticipating));

    println!(
        "Indeling {} ({}), {}: versie {}, {}",
        m.name,
        m.code,
        time::long_day(date),
        version.number,
        version.state.label_nl()
    );
    println!(
        "  {} ingedeeld op {taken} plaatsen, {} afgewezen, {} nemen niet deel; {} van {usable} plaatsen vrij",
        placed.len(),
        rejected.len(),
        absent.len(),
        usable.saturating_sub(taken)
    );
    let who = |r: &VendorResult| {
        let list = if r.a_list { " A-lijst" } else { "" };
        let line =
            format!("{}  {:<28} {:<5} nr {:<4}{list}", r.registration_number, r.name, r.status.code(), r.list_number);
        line.trim_end().to_string()
    };
    let explain = |r: &VendorResult| {
        if verbose {
            println!("      {}", r.explanation);
        }
    };
    println!();
    println!("Ingedeeld ({})", placed.len());
    for r in &placed {
        let stalls: Vec<&str> = r.stalls.iter().map(|s| s.number.as_str()).collect();
        println!("  {:<12} {}", stalls.join(", "), who(r));
        explain(r);
    }
    println!();
    println!("Afgewezen ({})", rejected.len());
    for r in &rejected {
        let reason = r.reason.map(|x| format!("{} ({})", x.label_nl(), x.code())).unwrap_or_default();
        println!("  {}  {reason}", who(r));
        explain(r);
    }
    println!();
    println!("Nemen niet deel ({})", absent.len());
    for r in &absent {
        let why = r.explanation.trim_start_matches("Neemt niet deel: ");
        println!("  {}  {why}", who(r));
    }
    println!();
    println!("Bewaard als {}, versie {} (door {}).", version.state.label_nl(), version.number, actor.username());
    Ok(())
}

/// What `markt print` is about, as typed.
struct PrintWhat {
    market: Option<String>,
    date: Option<NaiveDate>,
    permit: Option<String>,
    payment: Option<i64>,
    ticket: Option<String>,
}

fn print_command(
    explicit: Option<&Path>,
    document: &str,
    what: PrintWhat,
    output: Option<PathBuf>,
    user: Option<String>,
) -> Result<(), String> {
    let document = Document::parse(document).map_err(|e| e.to_string())?;
    if document.needs_market_day() && (what.market.is_none() || what.date.is_none()) {
        return Err(format!("{} vraagt --market en --date", document.code()));
    }
    let mut store = open(explicit)?;
    let now = now();
    let actor = login(&mut store, user, now)?;
    let e = |e: markt::Error| e.to_string();
    let market = what.market.map(|code| market::by_code(&mut store, &actor, &code)).transpose().map_err(e)?;
    let permit = match what.permit {
        Some(p) => Some(match p.trim().parse::<i64>() {
            Ok(id) => PermitId(id),
            Err(_) => permit::by_invoice_number(&mut store, &actor, &p).map_err(e)?.id,
        }),
        None => None,
    };
    let ticket = match what.ticket {
        Some(t) => Some(match t.trim().parse::<i64>() {
            Ok(id) => TicketId(id),
            Err(_) => ticket::by_number(&mut store, &actor, &t).map_err(e)?.id,
        }),
        None => None,
    };
    let request = Request {
        document,
        market: market.map(|m| m.id),
        day: what.date,
        permit,
        payment: what.payment.map(PaymentId),
        ticket,
    };
    let printed = markt::report::print(&mut store, &actor, now, &request).map_err(e)?;
    let path = output.unwrap_or_else(|| PathBuf::from(&printed.file_name));
    if path == Path::new("-") {
        use std::io::Write;
        std::io::stdout().write_all(&printed.bytes).map_err(|e| e.to_string())?;
        return Ok(());
    }
    std::fs::write(&path, &printed.bytes).map_err(|err| format!("{}: {err}", path.display()))?;
    let pages = if printed.pages == 1 { "1 pagina".to_string() } else { format!("{} pagina's", printed.pages) };
    eprintln!(
        "{} geschreven naar {} ({pages}, {} kB)",
        document.label_nl(),
        path.display(),
        printed.bytes.len().div_ceil(1024)
    );
    Ok(())
}

fn db_path(explicit: Option<&Path>) -> Result<PathBuf, String> {
    db::resolve_path(explicit).ok_or_else(|| "geen map voor gegevens gevonden: geef --db PATH".to_string())
}

fn open(explicit: Option<&Path>) -> Result<Store, String> {
    let path = db_path(explicit)?;
    CLOCK.get_or_init(|| Clock::System).open(&path).map_err(|e| e.to_string())
}

/// The database file for a new demo: an existing one only with `--force` (then removed,
/// with its WAL and shared-memory files).
fn fresh_demo_file(explicit: Option<&Path>, force: bool) -> Result<PathBuf, String> {
    let path = db_path(explicit)?;
    // A PostgreSQL database is not a file: the demo refuses one that is not empty.
    if markt::db::postgres_url(&path).is_none()
        && path.exists()
        && std::fs::metadata(&path).map(|m| m.len() > 0).unwrap_or(false)
    {
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
    Ok(path)
}

/// A new office database with its first administrator; an existing database is left alone.
fn init_command(explicit: Option<&Path>, admin: &str, name: Option<String>) -> Result<(), String> {
    let path = db_path(explicit)?;
    if path.exists() && std::fs::metadata(&path).map(|m| m.len() > 0).unwrap_or(false) {
        return Err(format!("{} bestaat al: een beheerder maakt daarin nieuwe accounts aan", path.display()));
    }
    let password = match std::env::var("MARKTKANTOOR_PASSWORD") {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => {
            let first =
                rpassword::prompt_password(format!("Nieuw wachtwoord van {admin}: ")).map_err(|e| e.to_string())?;
            let again = rpassword::prompt_password("Nog eens: ").map_err(|e| e.to_string())?;
            if first != again {
                return Err("de twee wachtwoorden verschillen; er is niets gemaakt".into());
            }
            first
        }
        Err(_) => return Err("geen wachtwoord: zet MARKTKANTOOR_PASSWORD of start markt in een terminal".into()),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && markt::db::postgres_url(&path).is_none()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let clock = CLOCK.get_or_init(|| Clock::System).clone();
    let mut store = Store::open(&path).map_err(|e| e.to_string())?;
    let display = name.unwrap_or_else(|| admin.to_string());
    // An office database is never started under a set clock (as the app's first run).
    let made = clock.admit(&mut store).map_err(|e| e.to_string()).and_then(|()| {
        account::create_first_admin(&mut store, clock.now(), &mut rand::rng(), admin, &display, &password)
            .map_err(|e| e.to_string())
    });
    if let Err(e) = made {
        drop(store);
        // Nothing half made stays behind: the next try starts from no file.
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        return Err(e);
    }
    println!("{} gemaakt; beheerder {admin}", path.display());
    Ok(())
}

fn demo_command(explicit: Option<&Path>, seed: u64, today: Option<NaiveDate>, force: bool) -> Result<(), String> {
    let path = fresh_demo_file(explicit, force)?;
    let today = today.unwrap_or_else(clock_today);
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
    println!("Dagafsluitingen       {:>6}", s.day_closes);
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

/// `markt migrate --to postgres://…`: the copy and its proof; `false` when a proof fails.
fn migrate_command(explicit: Option<&Path>, to: &str) -> Result<bool, String> {
    let target = PathBuf::from(to);
    if db::postgres_url(&target).is_none() {
        return Err(format!("--to {to}: geef een PostgreSQL-database als postgres://… of postgresql://…"));
    }
    let source = db_path(explicit)?;
    if db::postgres_url(&source).is_some() {
        return Err("markt migrate kopieert uit een SQLite-bestand: geef dat met --db".into());
    }
    if !source.exists() {
        return Err(format!("{} bestaat niet: geef het SQLite-bestand van het kantoor met --db", source.display()));
    }
    let shown = without_password(to);
    let mut from = open(Some(&source))?;
    let mut into = Store::open(&target).map_err(|e| e.to_string())?;
    println!("Van  {}", source.display());
    println!("Naar {shown}");
    let r = {
        let mut bar = data::Bar::new();
        db::transfer::copy_all(&mut from, &mut into, &mut bar).map_err(|e| e.to_string())?
    };
    let mark = |ok: bool| if ok { "in orde" } else { "FOUT" };
    println!(
        "Gekopieerd            {} tabellen, {} rijen in {:.1} s ({:.0} rijen per seconde)",
        r.tables.len(),
        r.rows,
        r.copy_time.as_secs_f64(),
        r.rows_per_second()
    );
    for note in &r.notes {
        println!("  {note}");
    }
    println!("Aantallen per tabel   {}", mark(r.counts_equal()));
    println!("Rijen per tabel       {}", mark(r.rows_equal()));
    for t in r.tables.iter().filter(|t| !t.ok()) {
        println!(
            "  {}: {} rijen in het bestand, {} in PostgreSQL{}",
            t.name,
            t.source_rows,
            t.target_rows,
            if t.same_rows { "" } else { ", de rijen verschillen" }
        );
    }
    for (side, result) in [("SQLite", &r.source_check), ("PostgreSQL", &r.target_check)] {
        match result {
            Ok(c) => {
                println!("{:<22}{}", format!("Check {side}"), mark(c.ok()));
                let problems = c.integrity.iter().chain(&c.foreign_keys).chain(&c.permit_problems);
                for line in problems.chain(&c.fine_problems).chain(&c.day_view_problems).take(20) {
                    println!("  {line}");
                }
                for d in c.unbalanced_days().take(20) {
                    println!("  {} {}: te betalen {}, betaald {}", d.market, time::show_date(d.day), d.due, d.paid);
                }
            }
            Err(e) => println!("{:<22}FOUT: {e}", format!("Check {side}")),
        }
    }
    if let (Ok(s), Ok(_)) = (&r.source_check, &r.target_check) {
        println!("Dezelfde boeken       {} dagen: {}", s.days.len(), mark(r.same_books));
    }
    let equal = r.batches.iter().filter(|b| b.ok()).count();
    println!(
        "Financebatches        {equal} van {} byte voor byte gelijk: {}",
        r.batches.len(),
        mark(r.batches_equal())
    );
    for b in r.batches.iter().filter(|b| !b.ok()) {
        let show = |h: &Result<String, String>| match h {
            Ok(h) => h.get(..12).unwrap_or(h).to_string(),
            Err(e) => format!("fout: {e}"),
        };
        println!(
            "  batch {}: bewaard {}, uit het bestand {}, uit PostgreSQL {}",
            b.number,
            b.sealed.get(..12).unwrap_or(&b.sealed),
            show(&b.source),
            show(&b.target)
        );
    }
    for line in &r.batch_problems {
        println!("  {line}");
    }
    println!("Bewijs in {:.1} s", r.proof_time.as_secs_f64());
    if r.ok() {
        println!("Alles in orde: het kantoor staat in PostgreSQL.");
    } else {
        println!("Er is iets mis: zie hierboven. Het bestand is niet veranderd; de kopie staat in PostgreSQL.");
    }
    Ok(r.ok())
}

/// A database URL as printed: without its password.
fn without_password(url: &str) -> String {
    let Some(scheme) = url.find("://") else { return url.to_string() };
    let rest = &url[scheme + 3..];
    let Some(at) = rest.find('@') else { return url.to_string() };
    match rest[..at].split_once(':') {
        Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &rest[at..]),
        None => url.to_string(),
    }
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
    println!(
        "Dagoverzichten        {} van {} kloppen: {}",
        r.days.len() - r.day_view_problems.len(),
        r.days.len(),
        mark(r.day_view_problems.is_empty())
    );
    for line in &r.day_view_problems {
        println!("  {line}");
    }
    println!("Dagvergunningen       {}", mark(r.permit_problems.is_empty()));
    for line in r.permit_problems.iter().take(50) {
        println!("  {line}");
    }
    if r.permit_problems.len() > 50 {
        println!("  … en nog {}", r.permit_problems.len() - 50);
    }
    let fines: markt::Cents = r.fine_days.iter().map(|d| d.paid).sum();
    println!(
        "Boetes                {} dagen, {} ontvangen: {}",
        r.fine_days.len(),
        fines,
        mark(r.fine_problems.is_empty())
    );
    for line in r.fine_problems.iter().take(50) {
        println!("  {line}");
    }
    if r.fine_problems.len() > 50 {
        println!("  … en nog {}", r.fine_problems.len() - 50);
    }
    println!("{}", if r.ok() { "Alles in orde." } else { "Er is iets mis: zie hierboven." });
    Ok(r.ok())
}

fn sample_command(
    explicit: Option<&Path>,
    code: &str,
    date: NaiveDate,
    user: Option<String>,
    redraw: Option<&str>,
) -> Result<(), String> {
    let mut store = open(explicit)?;
    // Showing a sample reads the market day too, so it needs a login as drawing does.
    let now = now();
    let actor = login(&mut store, user, now)?;
    let m = market::by_code(&mut store, &actor, code).map_err(|e| e.to_string())?;
    let existing = markt::sample::current(&mut store, &actor, m.id, date).map_err(|e| e.to_string())?;
    let sample = match (existing, redraw) {
        (Some(s), None) => s,
        (existing, reason) => {
            // A fresh seed from the OS: stored with the sample, it makes the draw checkable.
            let seed: u64 = rand::random();
            match (existing, reason) {
                (_, Some(reason)) => markt::sample::redraw(&mut store, &actor, now, m.id, date, seed, reason),
                _ => markt::sample::draw_sample(&mut store, &actor, now, m.id, date, seed),
            }
            .map_err(|e| e.to_string())?;
            markt::sample::current(&mut store, &actor, m.id, date)
                .map_err(|e| e.to_string())?
                .ok_or("de steekproef is niet bewaard")?
        }
    };
    let day_view = markt::day_view::get(&mut store, &actor, m.id, date).map_err(|e| e.to_string())?;
    println!("Steekproef {} {} (zaad {})", m.name, time::show_day(date), sample.seed);
    println!("getrokken {}", time::show_instant(sample.drawn_at));
    if let Some((_, reason)) = &sample.replaces {
        println!("opnieuw getrokken: {reason}");
    }
    for (i, (permit, reason)) in sample.members.iter().enumerate() {
        let row = day_view.permits.iter().find(|p| p.id == *permit);
        let (name, stalls) = row.map(|p| (p.vendor_name.as_str(), p.stalls.join(", "))).unwrap_or_default();
        let invoice = row.map(|p| p.invoice_number.as_str()).unwrap_or("");
        println!("{:>3}. {invoice:<14} {name:<32} {stalls:<10} {}", i + 1, reason.label_nl());
    }
    if sample.reproduces() {
        println!("Nagerekend uit het zaad: dezelfde lijst.");
        Ok(())
    } else {
        Err("de bewaarde steekproef volgt niet uit haar zaad".into())
    }
}

fn backup_command(explicit: Option<&Path>, output: Option<PathBuf>, user: Option<String>) -> Result<(), String> {
    let mut store = open(explicit)?;
    let now = now();
    let actor = login(&mut store, user, now)?;
    let dest = match output {
        Some(p) => p,
        None => markt::backup::dir_of(&store).ok_or("geen map voor back-ups: geef -o BESTAND")?.join(format!(
            "marktkantoor-{}.{}",
            time::local(now).format("%Y-%m-%d-%H%M%S"),
            markt::backup::extension(&store)
        )),
    };
    let made = markt::backup::make(&mut store, &actor, now, &dest).map_err(|e| e.to_string())?;
    let checked = markt::backup::verify(&made.path).map_err(|e| e.to_string())?;
    println!("Back-up gemaakt: {} ({} kB)", made.path.display(), made.size / 1024);
    println!("gecontroleerd: schemaversie {}, {} dagvergunningen", checked.schema_version, checked.permits);
    Ok(())
}

fn restore_command(explicit: Option<&Path>, backup: &Path, user: Option<String>) -> Result<(), String> {
    let checked = markt::backup::verify(backup).map_err(|e| e.to_string())?;
    let mut store = open(explicit)?;
    let now = now();
    // A new, empty database (a new server): nobody to log in, nothing to keep.
    if !markt::account::any(&mut store).map_err(|e| e.to_string())? {
        markt::backup::restore_new(&mut store, now, backup).map_err(|e| e.to_string())?;
        println!("Teruggezet uit {} in de nieuwe database ({} dagvergunningen)", backup.display(), checked.permits);
        return Ok(());
    }
    let actor = login(&mut store, user, now)?;
    // Beside the database's backups, or (a PostgreSQL database has no folder) beside the
    // backup being restored.
    let safety = markt::backup::dir_of(&store)
        .or_else(|| backup.parent().map(Path::to_path_buf))
        .ok_or("geen map voor de veiligheidskopie")?
        .join(format!(
            "voor-herstel-{}.{}",
            time::local(now).format("%Y-%m-%d-%H%M%S"),
            markt::backup::extension(&store)
        ));
    markt::backup::restore(&mut store, &actor, now, backup, &safety).map_err(|e| e.to_string())?;
    println!("Teruggezet uit {} ({} dagvergunningen)", backup.display(), checked.permits);
    println!("De database van daarvoor staat in {}", safety.display());
    Ok(())
}

fn city_command(
    explicit: Option<&Path>,
    seed: u64,
    today: Option<NaiveDate>,
    force: bool,
    years: u32,
    vendors: usize,
) -> Result<(), String> {
    let path = fresh_demo_file(explicit, force)?;
    let today = today.unwrap_or_else(clock_today);
    let started = Instant::now();
    let mut store = Store::open(&path).map_err(|e| e.to_string())?;
    let config = demo::city::CityConfig { seed, today, days: years * 365, vendors, markets: 30 };
    let s = demo::city::build(&mut store, &config, &mut data::Bar::new()).map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    drop(store);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("Stad gebouwd in {}", path.display());
    println!(
        "  markten {}, plaatsen {}, ondernemers {}, sollicitaties {}",
        s.markets, s.stalls, s.vendors, s.registrations
    );
    println!("  marktdagen {}, dagvergunningen {}, factuurregels {}", s.market_days, s.permits, s.lines);
    println!("  bestand {:.1} GB", size as f64 / 1e9);
    println!(
        "Klaar in {:.0} s ({:.0} vergunningen per seconde)",
        elapsed.as_secs_f64(),
        s.permits as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}

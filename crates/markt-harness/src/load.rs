//! `markt-harness load`: the office server (`markt serve`) under load, and killed.
//!
//! The harness makes a test database of its own ([`prepare`]: a market held every day,
//! vendors of each desk, an account for each desk and each reader; marked as a test
//! database, so the server runs on a fixed clock, Saturday 28-11-2026 08:30, whatever the
//! date), starts `markt serve` on it on 127.0.0.1 at a free port and then, for a bounded
//! time:
//!
//! - **desks** (threads; each its own account and session through [`Remote`], the desktop
//!   window's own client) issue permits as a clerk does: the vendor by number
//!   (`find_vendor`), the counter (`open_counter`), the price (`preview_permit`, and the
//!   reason its warnings ask for), the permit with its payment (`issue_permit`). Each desk
//!   has vendors of its own, one permit a vendor a day; when each has his, the desk goes on
//!   to the next market day (confirmed, as the counter asks for a day that is not today);
//! - **readers** (threads) read the day view of the market's first day (`day_view`).
//!
//! With `--kill-at` the server is killed with SIGKILL at those moments and started again on
//! the same file and port after `--down-for`. A desk whose server is gone gets
//! `server_unreachable` ("Server niet bereikbaar"), keeps its form and tries again; after
//! the restart it logs in again (the sessions were the killed process's). A permit whose
//! `issue_permit` got no answer is in doubt: the desk opens the vendor's counter again, and
//! a permit of that day there is the one it sent (committed before the kill: counted as
//! recovered); only without one is the same form sent again.
//!
//! Afterwards the file is read: every permit a desk saw confirmed (and every recovered one)
//! is there with its vendor and day, no vendor has two permits on a day, every permit has
//! its lines, its payment and its audit row, and `markt check` holds. The report: permits,
//! throughput, p50/p99 latency per command, errors (every answer but the ones a kill
//! explains: must be 0); `--json` for a test or a script.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use markt::account::{self, NewAccount};
use markt::clock::Purpose;
use markt::code::*;
use markt::market::{self, MarketInput, StallInput};
use markt::registration::{self, RegistrationInput};
use markt::tariff::{self, ProductInput, TariffKindInput, TariffPlanInput};
use markt::vendor::{self, VendorInput};
use markt::{Cents, Percent, Store};
use markt_remote::{Remote, ServerUrl};
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

/// The server's clock: a Saturday morning, the market's first day.
const NOW: &str = "2026-11-28T08:30:00+01:00";
const FIRST_DAY: &str = "2026-11-28";
/// Every account's password.
const PASSWORD: &str = "belasting-2026";
const MARKET_CODE: &str = "LB";
/// The reason a clerk gives for a vendor without a registration on the market.
const LOT_REASON: &str = "standwerker, plaats vrij aan het eind van de rij";
/// How long a desk waits before trying again when the server is not there.
const RETRY_PAUSE: Duration = Duration::from_millis(50);
/// The report counts the permits of each stretch of this long.
const STRETCH: Duration = Duration::from_secs(5);
/// The commands in the report's order.
const COMMANDS: [&str; 6] = ["login", "find_vendor", "open_counter", "preview_permit", "issue_permit", "day_view"];

#[derive(clap::Args)]
pub struct LoadArgs {
    /// The `markt` binary (default: `markt` beside this harness, in the same target folder).
    #[arg(long, value_name = "PATH")]
    markt: Option<PathBuf>,
    /// Desks issuing permits, each its own account and session.
    #[arg(long, default_value_t = 30)]
    desks: usize,
    /// Readers of the day view.
    #[arg(long, default_value_t = 10)]
    readers: usize,
    /// How long the desks and readers work (the run, logins not counted).
    #[arg(long, default_value_t = 60.0)]
    seconds: f64,
    /// Vendors of each desk: one permit a vendor a day, then the next market day.
    #[arg(long, default_value_t = 10)]
    vendors_per_desk: usize,
    /// Kill the server with SIGKILL this many seconds into the run (again for more kills).
    #[arg(long, value_name = "SECS")]
    kill_at: Vec<f64>,
    /// How long a killed server stays down before it is started again.
    #[arg(long, default_value_t = 1.0, value_name = "SECS")]
    down_for: f64,
    /// The seed of the desks' choices (payment method, presence).
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Work in this folder, and keep it (default: a new folder in the temp folder, removed
    /// after a run that passed).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The report as JSON on standard output (instead of the table).
    #[arg(long)]
    json: bool,
}

/// Runs the load, prints the report; `Ok(false)` when it found errors or a lost permit.
pub fn run(args: LoadArgs) -> Result<bool, String> {
    if args.desks == 0 || args.vendors_per_desk == 0 {
        return Err("--desks en --vendors-per-desk moeten minstens 1 zijn".into());
    }
    if args.desks > 9_999 || args.readers > 9_999 || args.vendors_per_desk > 9_999 {
        return Err("hoogstens 9999 balies, lezers en ondernemers per balie".into());
    }
    if !(args.seconds > 0.0 && args.seconds <= 3_600.0) {
        return Err("--seconds: tussen 0 en 3600".into());
    }
    if args.kill_at.iter().any(|k| !(*k > 0.0 && *k < args.seconds)) {
        return Err("--kill-at: een moment binnen de run".into());
    }
    if !(args.down_for >= 0.0 && args.down_for <= 60.0) {
        return Err("--down-for: tussen 0 en 60 seconden".into());
    }
    let markt = match &args.markt {
        Some(path) => path.clone(),
        None => std::env::current_exe()
            .map_err(|e| e.to_string())?
            .with_file_name(format!("markt{}", std::env::consts::EXE_SUFFIX)),
    };
    if !markt.is_file() {
        return Err(format!(
            "{} bestaat niet: bouw het eerst (cargo build -p markt-cli) of geef --markt",
            markt.display()
        ));
    }
    let (dir, keep) = match &args.dir {
        Some(dir) => (dir.clone(), true),
        None => {
            let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            (std::env::temp_dir().join(format!("markt-load-{}-{}", std::process::id(), stamp.as_nanos())), false)
        }
    };
    std::fs::create_dir_all(dir.join("ui")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let db = dir.join("load.sqlite");
    if db.exists() {
        return Err(format!("{} bestaat al: kies een lege map", db.display()));
    }

    let made = Instant::now();
    let market = prepare(&db, args.desks, args.readers, args.vendors_per_desk).map_err(|e| e.to_string())?;
    let prepared_in = made.elapsed();
    eprintln!("database gemaakt in {:.1} s: {}", prepared_in.as_secs_f64(), db.display());

    let mut server = Server::new(&markt, &db, &dir);
    server.start()?;
    let url = ServerUrl::parse(&format!("http://127.0.0.1:{}", server.port)).map_err(|e| e.to_string())?;
    eprintln!("markt serve luistert op {url}");

    let shared = Arc::new(Shared::default());
    let barrier = Arc::new(Barrier::new(args.desks + args.readers + 1));
    let run = Duration::from_secs_f64(args.seconds);
    let mut desks = Vec::new();
    for d in 0..args.desks {
        let work = Work {
            url: url.clone(),
            username: desk_user(d),
            shared: shared.clone(),
            barrier: barrier.clone(),
            run,
            market,
        };
        let plan = DeskPlan { desk: d, vendors: args.vendors_per_desk, seed: args.seed.wrapping_add(d as u64) };
        desks.push(std::thread::spawn(move || desk(work, plan)));
    }
    let mut readers = Vec::new();
    for r in 0..args.readers {
        let work = Work {
            url: url.clone(),
            username: reader_user(r),
            shared: shared.clone(),
            barrier: barrier.clone(),
            run,
            market,
        };
        readers.push(std::thread::spawn(move || reader(work)));
    }
    barrier.wait();
    let start = shared.start();
    eprintln!("{} balies en {} lezers aan het werk, {} s", args.desks, args.readers, args.seconds);

    let mut kills = Vec::new();
    let mut last_back = None;
    let mut kill_at = args.kill_at.clone();
    kill_at.sort_by(f64::total_cmp);
    let mut restart_error = None;
    for at in kill_at {
        sleep_until(start + Duration::from_secs_f64(at));
        let killed = Instant::now();
        shared.begin_outage(killed);
        server.kill();
        eprintln!("server gedood (SIGKILL) na {:.1} s", killed.duration_since(start).as_secs_f64());
        std::thread::sleep(Duration::from_secs_f64(args.down_for));
        if let Err(e) = server.start() {
            // The desks give up at the end of the run; the report says what happened.
            restart_error = Some(e);
            break;
        }
        let back = Instant::now();
        shared.end_outage(back);
        eprintln!("server weer op na {:.2} s", back.duration_since(killed).as_secs_f64());
        kills.push((killed.duration_since(start), back.duration_since(killed)));
        last_back = Some(back);
    }

    let mut totals = Tally::default();
    let mut confirmed = Vec::new();
    let mut recovered = Vec::new();
    let mut in_doubt = Vec::new();
    let mut desks_unreachable = 0;
    for handle in desks {
        let done = handle.join().map_err(|_| "een balie is gestopt met een paniek".to_string())?;
        desks_unreachable += usize::from(done.tally.unreachable > 0);
        totals.add(done.tally);
        confirmed.extend(done.confirmed);
        recovered.extend(done.recovered);
        in_doubt.extend(done.in_doubt);
    }
    let mut readers_unreachable = 0;
    for handle in readers {
        let tally = handle.join().map_err(|_| "een lezer is gestopt met een paniek".to_string())?;
        readers_unreachable += usize::from(tally.unreachable > 0);
        totals.add(tally);
    }
    let elapsed = start.elapsed();
    let server_cpu = server.child.as_ref().and_then(|c| cpu_seconds(&c.id().to_string()));
    let harness_cpu = cpu_seconds("self");
    server.kill();
    if let Some(e) = restart_error {
        totals.error(format!("de server startte niet opnieuw: {e}"));
    }

    let after_restart = last_back.map_or(0, |back| confirmed.iter().filter(|s| s.at > back).count());
    // Permits confirmed in each stretch of the run: a slowdown, or a kill, shows.
    let mut by_stretch = vec![0; (elapsed.as_secs_f64() / STRETCH.as_secs_f64()).ceil() as usize];
    for seen in &confirmed {
        let i = (seen.at.saturating_duration_since(start).as_secs_f64() / STRETCH.as_secs_f64()) as usize;
        if let Some(n) = by_stretch.get_mut(i) {
            *n += 1;
        }
    }
    let verified = verify(&markt, &db, market, &confirmed, &recovered)?;
    let report = Report {
        args: &args,
        markt: &markt,
        prepared_in,
        elapsed,
        totals: &totals,
        confirmed: confirmed.len(),
        after_restart,
        by_stretch: &by_stretch,
        recovered: recovered.len(),
        in_doubt: in_doubt.len(),
        kills: &kills,
        cpu: (server_cpu, harness_cpu),
        desks_unreachable,
        readers_unreachable,
        verified: &verified,
    };
    let passed = totals.errors == 0 && verified.passed();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.json()).unwrap_or_default());
    } else {
        report.print();
    }
    if passed && !keep {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        eprintln!("de database en de logboeken van de server staan in {}", dir.display());
    }
    Ok(passed)
}

fn desk_user(d: usize) -> String {
    format!("balie{:02}", d + 1)
}

fn reader_user(r: usize) -> String {
    format!("toezicht{:02}", r + 1)
}

/// Vendor `i` of desk `d`: its registration number.
fn vendor_number(d: usize, i: usize) -> String {
    format!("20{d:04}{i:04}")
}

/// What vendor `i` of a desk is on the market: two in five fixed holders with a stall of
/// their own, two in five applicants, one in five without a registration (a standwerker,
/// whose permit asks the clerk for a reason).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Standing {
    Fixed,
    Applicant,
    None,
}

fn standing(i: usize) -> Standing {
    match i % 5 {
        0 | 1 => Standing::Fixed,
        2 | 3 => Standing::Applicant,
        _ => Standing::None,
    }
}

fn first_day() -> NaiveDate {
    NaiveDate::parse_from_str(FIRST_DAY, "%Y-%m-%d").unwrap_or_default()
}

fn base_clock() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap_or_default()
}

// ── The database ─────────────────────────────────────────────────────────────────────────

/// Makes the test database: the tariffs, the market `LB` (held every day), for each desk
/// its vendors (see [`standing`]), an account for each desk (senior) and each reader
/// (supervisor). Answers the market's id.
pub fn prepare(db: &Path, desks: usize, readers: usize, per_desk: usize) -> Result<i64, markt::Error> {
    let mut store = Store::open(db)?;
    // A test database: the server may run on the set clock.
    markt::clock::mark(&mut store, Purpose::Test)?;
    let now = base_clock().with_timezone(&Utc) - chrono::Duration::hours(2);
    let day = first_day();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let admin = account::create_first_admin(&mut store, now, &mut rng, "beheer", "Beheer", PASSWORD)?;
    let accounts = (0..desks)
        .map(|d| (desk_user(d), format!("Balie {}", d + 1), Role::Senior))
        .chain((0..readers).map(|r| (reader_user(r), format!("Toezicht {}", r + 1), Role::Supervisor)));
    for (username, display_name, role) in accounts {
        let new = NewAccount { username, display_name, role, password: PASSWORD.into() };
        account::create(&mut store, &admin, now, &mut rng, &new)?;
    }
    let from = day - chrono::Days::new(365);
    tariff::set_vat_rate(&mut store, &admin, now, VatType::High, from, Percent::whole(21))?;
    tariff::set_vat_rate(&mut store, &admin, now, VatType::Zero, from, Percent::whole(0))?;
    let kind = |code: &str, invoice_label: &str, vat| TariffKindInput {
        code: code.into(),
        invoice_label: invoice_label.into(),
        unit: TariffUnit::Meters,
        vat,
        ledger_code: String::new(),
        vat_code: String::new(),
    };
    let meter = tariff::create_kind(&mut store, &admin, now, &kind("meter", "afgenomen meters", VatType::Zero))?;
    let cleaning = tariff::create_kind(&mut store, &admin, now, &kind("cleaning", "reiniging", VatType::High))?;
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
            code: MARKET_CODE.into(),
            name: "Belastingmarkt".into(),
            kind: MarketKind::Daily,
            weekdays: Weekdays::parse_list("ma,di,wo,do,vr,za,zo").unwrap_or_default(),
            season: None,
            stall_size_m: 3,
            max_stalls_per_vendor: 2,
            sample_size: 10,
            ab_lists: false,
        },
    )?;
    tariff::create_plan(
        &mut store,
        &admin,
        now,
        &TariffPlanInput {
            market: m,
            name: "Tarief".into(),
            from,
            until: None,
            weekdays: None,
            ignore_fixed: false,
            rates: vec![(meter, Cents(246)), (cleaning, Cents(47))],
        },
    )?;
    store.batch(|store| {
        let mut row = None;
        let mut stalls = 0;
        let mut list_number = 0;
        for d in 0..desks {
            for i in 0..per_desk {
                let vendor = vendor::create(
                    store,
                    &admin,
                    now,
                    &VendorInput {
                        registration_number: vendor_number(d, i),
                        initials: "B.".into(),
                        surname: format!("Balie{}-{}", d + 1, i + 1),
                        status: Some(VendorStatus::Active),
                        ..VendorInput::default()
                    },
                )?;
                let status = match standing(i) {
                    Standing::Fixed => RegistrationStatus::Vpl,
                    Standing::Applicant => RegistrationStatus::Soll,
                    Standing::None => continue,
                };
                let mut own = Vec::new();
                if status == RegistrationStatus::Vpl {
                    // Rows of 40 stalls, as on a large market.
                    let current = match row {
                        Some(r) if stalls % 40 != 0 => r,
                        _ => {
                            let name = format!("Rij {}", stalls / 40 + 1);
                            let r = market::add_row(store, &admin, now, m, &name, false)?;
                            row = Some(r);
                            r
                        }
                    };
                    stalls += 1;
                    let stall = market::add_stall(
                        store,
                        &admin,
                        now,
                        &StallInput {
                            row: current,
                            number: stalls.to_string(),
                            length_m: 3,
                            cooking: Cooking::None,
                            evi: false,
                            active: true,
                            properties: vec![],
                            branches: vec![],
                        },
                    )?;
                    own.push(stall);
                }
                list_number += 1;
                registration::create(
                    store,
                    &admin,
                    now,
                    &RegistrationInput {
                        vendor,
                        market: m,
                        list_number,
                        status,
                        registered_on: from,
                        places: None,
                        stalls: own,
                        products: vec![],
                    },
                )?;
            }
        }
        Ok(())
    })?;
    Ok(m.0)
}

// ── The server ───────────────────────────────────────────────────────────────────────────

/// `markt serve` on the test database: started, killed and started again on the same port.
struct Server {
    markt: PathBuf,
    db: PathBuf,
    dir: PathBuf,
    child: Option<Child>,
    /// 0 until the first start: then the port the server chose, kept for every restart.
    port: u16,
    first_start: Option<Instant>,
    starts: usize,
}

impl Server {
    fn new(markt: &Path, db: &Path, dir: &Path) -> Server {
        Server {
            markt: markt.to_path_buf(),
            db: db.to_path_buf(),
            dir: dir.to_path_buf(),
            child: None,
            port: 0,
            first_start: None,
            starts: 0,
        }
    }

    /// Starts the server and waits until it listens (its first line on standard output).
    /// A restart's clock goes on where the killed one's was: the set clock starts at the
    /// set moment in each process, and a restart at the same moment would issue permits
    /// "before" the ones already there.
    fn start(&mut self) -> Result<(), String> {
        let since = self.first_start.map(|t| t.elapsed()).unwrap_or_default();
        let now = base_clock() + chrono::Duration::from_std(since).unwrap_or_default();
        let out = self.dir.join(format!("serve-{}.out", self.starts));
        let err = self.dir.join(format!("serve-{}.err", self.starts));
        self.starts += 1;
        let file = |path: &Path| File::create(path).map_err(|e| format!("{}: {e}", path.display()));
        self.first_start.get_or_insert_with(Instant::now);
        let mut child = Command::new(&self.markt)
            .arg("--db")
            .arg(&self.db)
            .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port), "--ui"])
            .arg(self.dir.join("ui"))
            .env("MARKTKANTOOR_NOW", now.to_rfc3339())
            .stdin(Stdio::null())
            .stdout(file(&out)?)
            .stderr(file(&err)?)
            .spawn()
            .map_err(|e| format!("{}: {e}", self.markt.display()))?;
        let waited = Instant::now();
        loop {
            let printed = std::fs::read_to_string(&out).unwrap_or_default();
            if let Some(port) = listening_port(&printed) {
                self.port = port;
                self.child = Some(child);
                return Ok(());
            }
            if let Ok(Some(status)) = child.try_wait() {
                let said = std::fs::read_to_string(&err).unwrap_or_default();
                return Err(format!("markt serve stopte ({status}): {}", said.trim()));
            }
            if waited.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                let _ = child.wait();
                return Err("markt serve luisterde na 60 s nog niet".into());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix): no chance to finish anything.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The port of "Marktkantoor luistert op http://127.0.0.1:PORT".
fn listening_port(printed: &str) -> Option<u16> {
    let line = printed.lines().find(|l| l.contains("luistert op http://"))?;
    line.trim().rsplit(':').next()?.parse().ok()
}

// ── What the threads share ───────────────────────────────────────────────────────────────

#[derive(Default)]
struct Shared {
    start: OnceLock<Instant>,
    /// Goes up at every kill: a session from before it is gone.
    generation: AtomicUsize,
    outages: Mutex<Vec<Outage>>,
}

struct Outage {
    killed: Instant,
    /// When the restarted server listened again.
    back: Option<Instant>,
}

impl Shared {
    /// The run's start: the first to ask after the logins sets it.
    fn start(&self) -> Instant {
        *self.start.get_or_init(Instant::now)
    }

    fn begin_outage(&self, killed: Instant) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.outages.lock().unwrap_or_else(|p| p.into_inner()).push(Outage { killed, back: None });
    }

    fn end_outage(&self, back: Instant) {
        if let Some(last) = self.outages.lock().unwrap_or_else(|p| p.into_inner()).last_mut() {
            last.back = Some(back);
        }
    }

    /// The kill that explains a call from `sent` to `failed` that found no server.
    fn outage_of(&self, sent: Instant, failed: Instant) -> Option<Instant> {
        let outages = self.outages.lock().unwrap_or_else(|p| p.into_inner());
        outages.iter().find(|o| failed >= o.killed && o.back.is_none_or(|back| sent <= back)).map(|o| o.killed)
    }
}

// ── A desk and a reader ──────────────────────────────────────────────────────────────────

struct Work {
    url: ServerUrl,
    username: String,
    shared: Arc<Shared>,
    barrier: Arc<Barrier>,
    run: Duration,
    market: i64,
}

struct DeskPlan {
    desk: usize,
    vendors: usize,
    seed: u64,
}

/// One thread's counts.
#[derive(Default)]
struct Tally {
    /// Each command's answered calls: how long each took.
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    /// What went wrong: every answer but the ones a kill explains.
    errors: usize,
    /// The first few of them, said.
    said: Vec<String>,
    /// Calls answered `server_unreachable` while the server was down.
    unreachable: usize,
    /// Logins again after a restart.
    relogins: usize,
    /// Forms sent again after an `issue_permit` in doubt found no permit.
    resent: usize,
    /// From a kill to this thread's first answer after it (per thread and kill).
    resumed: Vec<Duration>,
}

impl Tally {
    /// Errors said per thread: a server gone for good is one error every retry.
    const SAID: usize = 20;

    fn error(&mut self, what: String) {
        self.errors += 1;
        if self.said.len() < Tally::SAID {
            self.said.push(what);
        }
    }

    fn add(&mut self, other: Tally) {
        for (name, mut times) in other.latencies {
            self.latencies.entry(name).or_default().append(&mut times);
        }
        self.errors += other.errors;
        self.said.extend(other.said);
        self.unreachable += other.unreachable;
        self.relogins += other.relogins;
        self.resent += other.resent;
        self.resumed.extend(other.resumed);
    }
}

/// A permit the desk knows: confirmed by `issue_permit`'s answer, or found on the counter
/// after an `issue_permit` in doubt.
#[derive(Clone, Debug)]
struct Seen {
    id: i64,
    vendor: i64,
    day: NaiveDate,
    invoice: String,
    /// When the desk saw it.
    at: Instant,
}

struct DeskDone {
    tally: Tally,
    confirmed: Vec<Seen>,
    recovered: Vec<Seen>,
    /// Permits still in doubt when the run ended (vendor, day).
    in_doubt: Vec<(i64, NaiveDate)>,
}

/// Why a call gave no answer.
enum Miss {
    /// The server was gone (a kill explains it): try again.
    Unreachable,
    /// The session was the killed server's: logged in again, try again.
    LoggedInAgain,
    /// Anything else: counted as an error; the desk goes on with its next vendor.
    Error,
    /// The run is over.
    Over,
}

/// A thread's session on the server, with its counts.
struct Clerk {
    remote: Remote,
    username: String,
    shared: Arc<Shared>,
    /// The generation (kills so far) when the session began.
    logged_in_at: usize,
    deadline: Option<Instant>,
    /// The kill whose end this thread has not yet worked through.
    waiting_since: Option<Instant>,
    tally: Tally,
}

impl Clerk {
    fn new(work: &Work) -> Result<Clerk, String> {
        let remote = Remote::new(work.url.clone(), None).map_err(|e| e.to_string())?;
        Ok(Clerk {
            remote,
            username: work.username.clone(),
            shared: work.shared.clone(),
            logged_in_at: 0,
            deadline: None,
            waiting_since: None,
            tally: Tally::default(),
        })
    }

    fn over(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    fn error(&mut self, what: String) {
        self.tally.error(format!("{}: {what}", self.username));
    }

    /// One call: its time counted when answered; a missing server or session told apart
    /// from an error.
    fn attempt(&mut self, name: &'static str, args: &Value) -> Result<Value, Miss> {
        let sent = Instant::now();
        let answer = self.remote.call(name, args);
        let done = Instant::now();
        let e = match answer {
            Ok(value) => {
                self.tally.latencies.entry(name).or_default().push(done - sent);
                // Back to work: the first answer after a kill that is not the login again.
                if name != "login"
                    && let Some(killed) = self.waiting_since.take()
                {
                    self.tally.resumed.push(done - killed);
                }
                return Ok(value);
            }
            Err(e) => e,
        };
        let code = e["code"].as_str().unwrap_or_default();
        let message = e["message"].as_str().unwrap_or_default();
        match code {
            "server_unreachable" => match self.shared.outage_of(sent, done) {
                Some(killed) if message.contains("Server niet bereikbaar") => {
                    self.tally.unreachable += 1;
                    self.waiting_since.get_or_insert(killed);
                    Err(Miss::Unreachable)
                }
                Some(_) => {
                    self.error(format!("{name}: server_unreachable zonder ‘Server niet bereikbaar’: {message}"));
                    Err(Miss::Unreachable)
                }
                None => {
                    self.error(format!("{name}: server_unreachable terwijl de server draaide: {message}"));
                    Err(Miss::Unreachable)
                }
            },
            "not_logged_in" | "session_expired"
                if name != "login" && self.logged_in_at < self.shared.generation.load(Ordering::SeqCst) =>
            {
                if self.login() { Err(Miss::LoggedInAgain) } else { Err(Miss::Error) }
            }
            _ => {
                self.error(format!("{name}: {code}: {message}"));
                Err(Miss::Error)
            }
        }
    }

    /// A call tried again while the server is gone (the clerk's form stays as it is).
    fn call(&mut self, name: &'static str, args: &Value) -> Result<Value, Miss> {
        loop {
            match self.attempt(name, args) {
                Ok(value) => return Ok(value),
                Err(Miss::Unreachable | Miss::LoggedInAgain) if !self.over() => std::thread::sleep(RETRY_PAUSE),
                Err(Miss::Unreachable | Miss::LoggedInAgain) => return Err(Miss::Over),
                Err(other) => return Err(other),
            }
        }
    }

    /// Logs in (again), trying again while the server is gone.
    fn login(&mut self) -> bool {
        let args = json!({ "username": self.username, "password": PASSWORD });
        loop {
            let generation = self.shared.generation.load(Ordering::SeqCst);
            match self.attempt("login", &args) {
                Ok(_) => {
                    if self.deadline.is_some() {
                        self.tally.relogins += 1;
                    }
                    self.logged_in_at = generation;
                    return true;
                }
                // Only in the run: at the start the server has just said it listens.
                Err(Miss::Unreachable) if self.deadline.is_some() && !self.over() => std::thread::sleep(RETRY_PAUSE),
                Err(_) => return false,
            }
        }
    }

    /// Logs in, waits for everyone else, and knows when the run ends.
    fn begin(&mut self, work: &Work) -> bool {
        let ok = self.login();
        work.barrier.wait();
        self.deadline = Some(work.shared.start() + work.run);
        ok
    }
}

fn desk(work: Work, plan: DeskPlan) -> DeskDone {
    let mut done = DeskDone { tally: Tally::default(), confirmed: vec![], recovered: vec![], in_doubt: vec![] };
    let mut clerk = match Clerk::new(&work) {
        Ok(clerk) => clerk,
        Err(e) => {
            work.barrier.wait();
            done.tally.error(format!("{}: {e}", work.username));
            return done;
        }
    };
    if !clerk.begin(&work) {
        done.tally = clerk.tally;
        return done;
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(plan.seed);
    let mut day = first_day();
    'days: loop {
        for i in 0..plan.vendors {
            if clerk.over() {
                break 'days;
            }
            let choices = Choices {
                payment: if rng.random_range(0..3) == 0 { "contant" } else { "pin" },
                presence: if rng.random_range(0..5) == 0 { "partner" } else { "zelf" },
            };
            issue(&mut clerk, &mut done, work.market, &vendor_number(plan.desk, i), day, choices);
        }
        day = day.succ_opt().unwrap_or(day);
    }
    done.tally = clerk.tally;
    done
}

/// What the clerk fills in beside what the counter proposes.
struct Choices {
    payment: &'static str,
    presence: &'static str,
}

/// One permit, as at the counter: the vendor by number, the counter, the price and its
/// warnings, the permit with its payment. An `issue_permit` without an answer is in doubt:
/// the counter is opened again to see whether it was stored before the same form is sent
/// again.
fn issue(clerk: &mut Clerk, done: &mut DeskDone, market: i64, number: &str, day: NaiveDate, choices: Choices) {
    let Ok(vendor) = clerk.call("find_vendor", &json!({ "text": number })) else { return };
    let Some(vendor) = vendor["id"].as_i64() else {
        clerk.error(format!("find_vendor {number}: geen id in {vendor}"));
        return;
    };
    let counter_args = json!({ "marketId": market, "day": day.to_string(), "vendorId": vendor });
    let Ok(counter) = clerk.call("open_counter", &counter_args) else { return };
    if !permits_today(&counter).is_empty() {
        clerk.error(format!("open_counter {number} {day}: heeft al een vergunning vóór de balie er een gaf"));
        return;
    }
    let stalls = counter["registration"]["stallNumbers"]
        .as_array()
        .filter(|s| !s.is_empty())
        .cloned()
        .or_else(|| counter["allocated"].as_array().cloned())
        .unwrap_or_default();
    let mut form = json!({
        "marketId": market,
        "day": day.to_string(),
        "vendorId": vendor,
        "presence": choices.presence,
        "substituteId": null,
        "identifiedBy": "getypt",
        "requested": counter["requested"],
        "stalls": stalls,
        "note": "",
        "payment": choices.payment,
        "overrideReason": null,
        // Another day than today: the clerk confirms it, as the counter asks.
        "confirmedDay": (day != first_day()).then(|| day.to_string()),
    });
    let Ok(preview) = clerk.call("preview_permit", &json!({ "form": form })) else { return };
    let warnings = preview["warnings"].as_array().cloned().unwrap_or_default();
    if let Some(w) = warnings.iter().find(|w| w["code"] != "no_registration") {
        clerk.error(format!("preview_permit {number} {day}: onverwachte waarschuwing {w}"));
        return;
    }
    if warnings.iter().any(|w| w["needsReason"] == true) {
        form["overrideReason"] = json!(LOT_REASON);
    }
    let args = json!({ "form": form });
    loop {
        match clerk.attempt("issue_permit", &args) {
            Ok(answer) => {
                match (answer["id"].as_i64(), answer["invoiceNumber"].as_str()) {
                    (Some(id), Some(invoice)) => {
                        done.confirmed.push(Seen { id, vendor, day, invoice: invoice.to_string(), at: Instant::now() })
                    }
                    _ => clerk.error(format!("issue_permit {number} {day}: geen id in {answer}")),
                }
                return;
            }
            Err(Miss::Error | Miss::Over) => return,
            // The server was gone or had forgotten the session: was it stored?
            Err(Miss::Unreachable | Miss::LoggedInAgain) => {
                if clerk.over() {
                    done.in_doubt.push((vendor, day));
                    return;
                }
                std::thread::sleep(RETRY_PAUSE);
                match clerk.call("open_counter", &counter_args) {
                    Ok(counter) => {
                        if let Some((id, invoice)) = permits_today(&counter).into_iter().next() {
                            done.recovered.push(Seen { id, vendor, day, invoice, at: Instant::now() });
                            return;
                        }
                        clerk.tally.resent += 1;
                    }
                    Err(Miss::Over) => {
                        done.in_doubt.push((vendor, day));
                        return;
                    }
                    Err(_) => return,
                }
            }
        }
    }
}

/// The vendor's permits of the counter's day on the load's market: (id, invoice number).
fn permits_today(counter: &Value) -> Vec<(i64, String)> {
    counter["today"]
        .as_array()
        .map(|today| {
            today
                .iter()
                .filter(|p| p["marketCode"] == MARKET_CODE)
                .filter_map(|p| Some((p["id"].as_i64()?, p["invoiceNumber"].as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn reader(work: Work) -> Tally {
    let mut clerk = match Clerk::new(&work) {
        Ok(clerk) => clerk,
        Err(e) => {
            work.barrier.wait();
            let mut tally = Tally::default();
            tally.error(format!("{}: {e}", work.username));
            return tally;
        }
    };
    if !clerk.begin(&work) {
        return clerk.tally;
    }
    let args = json!({ "marketId": work.market, "day": FIRST_DAY });
    while !clerk.over() {
        match clerk.call("day_view", &args) {
            Ok(view) if view["permits"].is_array() => {}
            Ok(view) => clerk.error(format!("day_view zonder permits: {}", cut(&view.to_string()))),
            Err(Miss::Error) => std::thread::sleep(RETRY_PAUSE),
            Err(_) => {}
        }
    }
    clerk.tally
}

fn cut(text: &str) -> String {
    text.chars().take(200).collect()
}

/// The CPU time (user and system) of process `pid` ("self": this one) so far, from Linux's
/// `/proc/PID/stat` (its 14th and 15th fields, in USER_HZ, 100 a second on Linux's ABI).
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (2nd field) is in parentheses and may hold spaces: count after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

fn sleep_until(moment: Instant) {
    let now = Instant::now();
    if moment > now {
        std::thread::sleep(moment - now);
    }
}

// ── After the run ────────────────────────────────────────────────────────────────────────

struct Verified {
    stored: usize,
    /// Confirmed or recovered permits not in the file (or not with that vendor, day and number).
    lost: Vec<String>,
    /// Vendors with two permits on a day.
    doubled: Vec<String>,
    /// Permits without their lines, payment (equal to the lines) or audit row.
    partial: i64,
    integrity: String,
    /// Stored permits no desk heard of (an `issue_permit` in doubt when the run ended).
    unheard: usize,
    check_passed: bool,
    check_output: String,
}

impl Verified {
    fn passed(&self) -> bool {
        self.lost.is_empty()
            && self.doubled.is_empty()
            && self.partial == 0
            && self.integrity == "ok"
            && self.check_passed
    }
}

fn verify(markt: &Path, db: &Path, market: i64, confirmed: &[Seen], recovered: &[Seen]) -> Result<Verified, String> {
    // `markt check` first: it opens the file as the server would (after a kill, SQLite
    // rolls the WAL forward); then the file is read, read-only.
    let check = Command::new(markt).arg("--db").arg(db).arg("check").output().map_err(|e| e.to_string())?;
    let check_output = format!("{}{}", String::from_utf8_lossy(&check.stdout), String::from_utf8_lossy(&check.stderr))
        .trim()
        .to_string();
    let sql = |e: rusqlite::Error| format!("{}: {e}", db.display());
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql)?;
    let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(sql)?;
    let mut stored: HashMap<i64, (i64, String, String)> = HashMap::new();
    {
        let mut q = c
            .prepare("SELECT id, vendor_id, day, invoice_number FROM daily_permit WHERE market_id = ?1")
            .map_err(sql)?;
        let rows = q.query_map([market], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))).map_err(sql)?;
        for row in rows {
            let (id, rest) = row.map_err(sql)?;
            stored.insert(id, rest);
        }
    }
    let mut lost = Vec::new();
    for seen in confirmed.iter().chain(recovered) {
        let expected = (seen.vendor, seen.day.to_string(), seen.invoice.clone());
        if stored.get(&seen.id) != Some(&expected) {
            lost.push(format!("{} ({}, ondernemer {}, {})", seen.invoice, seen.id, seen.vendor, seen.day));
        }
    }
    let heard: BTreeSet<i64> = confirmed.iter().chain(recovered).map(|s| s.id).collect();
    let unheard = stored.keys().filter(|id| !heard.contains(id)).count();
    let doubled = c
        .prepare(
            "SELECT vendor_id, day, count(*) FROM daily_permit p
              WHERE NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)
              GROUP BY vendor_id, day HAVING count(*) > 1",
        )
        .and_then(|mut q| {
            q.query_map([], |r| {
                Ok(format!("ondernemer {} op {}: {}", r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
            })?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(sql)?;
    let partial: i64 = c
        .query_row(
            "SELECT count(*) FROM daily_permit p WHERE
                 NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.permit_id = p.id)
              OR NOT EXISTS (SELECT 1 FROM payment y WHERE y.permit_id = p.id)
              OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'daily_permit'
                             AND a.entity_id = CAST(p.id AS TEXT) AND a.action = 'permit.issue')
              OR (SELECT sum(incl_cents) FROM invoice_line l WHERE l.permit_id = p.id)
                 <> (SELECT sum(amount_cents) FROM payment y WHERE y.permit_id = p.id)",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    Ok(Verified {
        stored: stored.len(),
        lost,
        doubled,
        partial,
        integrity,
        unheard,
        check_passed: check.status.success(),
        check_output,
    })
}

// ── The report ───────────────────────────────────────────────────────────────────────────

struct Report<'a> {
    args: &'a LoadArgs,
    markt: &'a Path,
    prepared_in: Duration,
    elapsed: Duration,
    totals: &'a Tally,
    confirmed: usize,
    /// Confirmed after the last restart: the desks carried on.
    after_restart: usize,
    /// Confirmed in each [`STRETCH`] of the run.
    by_stretch: &'a [usize],
    recovered: usize,
    in_doubt: usize,
    kills: &'a [(Duration, Duration)],
    /// CPU seconds of the (last) server process and of the harness, where Linux says.
    cpu: (Option<f64>, Option<f64>),
    desks_unreachable: usize,
    readers_unreachable: usize,
    verified: &'a Verified,
}

/// Count, p50, p99 and max of a command's times, in milliseconds (nearest rank).
fn spread(times: &[Duration]) -> (usize, f64, f64, f64) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let rank = |q: f64| {
        if ms.is_empty() {
            return 0.0;
        }
        let i = ((q * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1;
        ms[i]
    };
    (ms.len(), rank(0.50), rank(0.99), ms.last().copied().unwrap_or(0.0))
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl Report<'_> {
    fn seconds(&self) -> f64 {
        self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    fn calls(&self) -> usize {
        self.totals.latencies.iter().filter(|(name, _)| **name != "login").map(|(_, t)| t.len()).sum()
    }

    fn resumed(&self) -> (f64, f64) {
        let (_, p50, _, max) = spread(&self.totals.resumed);
        (p50 / 1000.0, max / 1000.0)
    }

    fn json(&self) -> Value {
        let commands: serde_json::Map<String, Value> = COMMANDS
            .iter()
            .filter_map(|name| {
                let times = self.totals.latencies.get(name)?;
                let (count, p50, p99, max) = spread(times);
                Some((
                    name.to_string(),
                    json!({ "count": count, "p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "max_ms": round(max, 2) }),
                ))
            })
            .collect();
        let v = self.verified;
        let (resumed_p50, resumed_max) = self.resumed();
        json!({
            "markt": self.markt.display().to_string(),
            "desks": self.args.desks,
            "readers": self.args.readers,
            "seconds": self.args.seconds,
            "vendors_per_desk": self.args.vendors_per_desk,
            "seed": self.args.seed,
            "prepared_s": round(self.prepared_in.as_secs_f64(), 2),
            "elapsed_s": round(self.seconds(), 3),
            "permits": self.confirmed,
            "permits_per_s": round(self.confirmed as f64 / self.seconds(), 1),
            "permits_by_5s": self.by_stretch,
            "calls": self.calls(),
            "calls_per_s": round(self.calls() as f64 / self.seconds(), 1),
            "server_cpu_s": self.cpu.0.map(|s| round(s, 1)),
            "harness_cpu_s": self.cpu.1.map(|s| round(s, 1)),
            "commands": commands,
            "errors": self.totals.errors,
            "error_samples": self.totals.said.iter().take(Tally::SAID).collect::<Vec<_>>(),
            "kills": self.kills.iter().map(|(at, down)| json!({
                "at_s": round(at.as_secs_f64(), 2),
                "down_s": round(down.as_secs_f64(), 3),
            })).collect::<Vec<_>>(),
            "unreachable": self.totals.unreachable,
            "desks_unreachable": self.desks_unreachable,
            "readers_unreachable": self.readers_unreachable,
            "relogins": self.totals.relogins,
            "permits_after_restart": self.after_restart,
            "recovered": self.recovered,
            "resent": self.totals.resent,
            "in_doubt_at_end": self.in_doubt,
            "resumed_p50_s": round(resumed_p50, 3),
            "resumed_max_s": round(resumed_max, 3),
            "verify": {
                "stored": v.stored,
                "lost": v.lost,
                "doubled": v.doubled,
                "partial": v.partial,
                "integrity": v.integrity,
                "unheard": v.unheard,
                "check_passed": v.check_passed,
                "check_output": v.check_output,
            },
            "passed": self.totals.errors == 0 && v.passed(),
        })
    }

    fn print(&self) {
        let a = self.args;
        println!(
            "markt serve onder last: {} balies, {} lezers, {} s op 127.0.0.1 ({})",
            a.desks,
            a.readers,
            a.seconds,
            self.markt.display()
        );
        println!(
            "vergunningen bevestigd  {:>8}  ({:.1} per seconde over {:.1} s)",
            self.confirmed,
            self.confirmed as f64 / self.seconds(),
            self.seconds()
        );
        println!(
            "opdrachten              {:>8}  ({:.1} per seconde)",
            self.calls(),
            self.calls() as f64 / self.seconds()
        );
        let stretches: Vec<String> = self.by_stretch.iter().map(usize::to_string).collect();
        println!("per {} s                 {}", STRETCH.as_secs(), stretches.join(" "));
        if let (Some(server), Some(harness)) = self.cpu {
            println!("CPU                     server {server:.1} s, harnas {harness:.1} s");
        }
        println!();
        println!("{:<16} {:>8} {:>10} {:>10} {:>10}", "opdracht", "aantal", "p50 ms", "p99 ms", "max ms");
        for name in COMMANDS {
            if let Some(times) = self.totals.latencies.get(name) {
                let (count, p50, p99, max) = spread(times);
                println!("{name:<16} {count:>8} {p50:>10.2} {p99:>10.2} {max:>10.2}");
            }
        }
        println!();
        println!("fouten                  {:>8}", self.totals.errors);
        for e in self.totals.said.iter().take(Tally::SAID) {
            println!("  {e}");
        }
        for (at, down) in self.kills {
            println!("SIGKILL na {:.1} s: {:.2} s tot de server weer luisterde", at.as_secs_f64(), down.as_secs_f64());
        }
        if !self.kills.is_empty() {
            let (p50, max) = self.resumed();
            println!(
                "‘Server niet bereikbaar’ {:>8}  (balies {} van {}, lezers {} van {}); opnieuw ingelogd {}",
                self.totals.unreachable,
                self.desks_unreachable,
                a.desks,
                self.readers_unreachable,
                a.readers,
                self.totals.relogins
            );
            println!(
                "weer aan het werk na de kill: mediaan {p50:.2} s, langst {max:.2} s; {} vergunningen na de laatste herstart",
                self.after_restart
            );
            println!(
                "uitgifte zonder antwoord: {} wel opgeslagen (op de balie teruggevonden), {} opnieuw verstuurd, {} nog onzeker aan het eind",
                self.recovered, self.totals.resent, self.in_doubt
            );
        }
        let v = self.verified;
        println!(
            "in de database          {:>8}  (bevestigd maar kwijt {}, twee op een dag {}, onvolledig {}, integriteit {}, door geen balie gehoord {})",
            v.stored,
            v.lost.len(),
            v.doubled.len(),
            v.partial,
            v.integrity,
            v.unheard
        );
        for line in v.lost.iter().chain(&v.doubled).take(20) {
            println!("  {line}");
        }
        println!("markt check             {}", if v.check_passed { "in orde" } else { "FOUT" });
        if !v.check_passed {
            println!("{}", v.check_output);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let (count, p50, p99, max) = spread(&times);
        assert_eq!((count, p50, p99, max), (100, 50.0, 99.0, 100.0));
        assert_eq!(spread(&[Duration::from_millis(7)]), (1, 7.0, 7.0, 7.0));
        assert_eq!(spread(&[]), (0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn the_port_is_read_from_the_servers_first_line() {
        assert_eq!(listening_port("Marktkantoor luistert op http://127.0.0.1:40123\n"), Some(40123));
        assert_eq!(listening_port(""), None);
    }

    #[test]
    fn a_missing_server_is_explained_only_by_a_kill_around_the_call() {
        let shared = Shared::default();
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        assert_eq!(shared.outage_of(at(0), at(10)), None, "no kill yet");
        shared.begin_outage(at(100));
        assert_eq!(shared.outage_of(at(90), at(110)), Some(at(100)), "in flight at the kill");
        assert_eq!(shared.outage_of(at(500), at(501)), Some(at(100)), "while down");
        shared.end_outage(at(1000));
        assert_eq!(shared.outage_of(at(999), at(1001)), Some(at(100)), "sent before it was back");
        assert_eq!(shared.outage_of(at(1001), at(1002)), None, "sent after it was back");
        assert_eq!(shared.outage_of(at(0), at(50)), None, "failed before the kill");
        assert_eq!(shared.generation.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn each_desk_has_vendors_of_its_own() {
        let numbers: BTreeSet<String> = (0..30).flat_map(|d| (0..10).map(move |i| vendor_number(d, i))).collect();
        assert_eq!(numbers.len(), 300);
        assert!(numbers.iter().all(|n| markt::vendor::RegistrationNumber::parse(n).is_ok()));
        assert_eq!((0..10).filter(|i| standing(*i) == Standing::None).count(), 2);
    }
}

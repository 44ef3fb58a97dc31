//! `markt export`, `markt import` and `markt report`: arguments, the progress bar on
//! standard error, printing. The work is the core's (`export`, `import`, `figures`).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use markt::export::finance::{self, FinanceRequest};
use markt::export::lists::{self, ListKind, ListRequest};
use markt::export::{Dialect, Table, write_file};
use markt::figures;
use markt::ids::MarketId;
use markt::import::{self, ImportKind};
use markt::{Actor, Store, market, time};

#[derive(Args)]
pub struct ExportArgs {
    /// finance, vendors, registrations, markets, substitutes, permits, tickets of attendance.
    kind: String,
    /// De eerste dag (finance, permits, tickets, attendance).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<NaiveDate>,
    /// De laatste dag.
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<NaiveDate>,
    /// Eén dag (in plaats van --from en --to).
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["from", "to"])]
    date: Option<NaiveDate>,
    /// Marktcodes, bijv. AC,DAP (standaard: alle markten).
    #[arg(long, value_name = "CODES")]
    markets: Option<String>,
    /// nl (; decimale komma, BOM, dd-mm-jjjj) of rfc (, decimale punt, ISO-datums).
    #[arg(long, default_value = "nl")]
    dialect: String,
    /// Het bestand, of - voor standaarduitvoer.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// finance: schrijf batch N opnieuw, byte voor byte.
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to", "date", "markets"])]
    rerun: Option<i64>,
    /// finance: toon de batches.
    #[arg(long)]
    list: bool,
    /// Wie exporteert (anders MARKTKANTOOR_USER): elke export vraagt een login, want de
    /// rol beslist wat iemand mag lezen. Het wachtwoord komt uit MARKTKANTOOR_PASSWORD of
    /// wordt gevraagd.
    #[arg(long, value_name = "NAAM")]
    user: Option<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// markets, vendors, registrations of substitutes (formaten: docs/imports.md).
    kind: String,
    /// Het CSV-bestand.
    file: PathBuf,
    /// Controleer alleen: toon elke foute regel en wat er zou veranderen, bewaar niets.
    #[arg(long)]
    dry_run: bool,
    /// Wie importeert (anders MARKTKANTOOR_USER).
    #[arg(long, value_name = "NAAM")]
    user: Option<String>,
}

#[derive(Args)]
pub struct ReportArgs {
    /// obligation, applicants, multiple, occupancy, revenue of tickets.
    name: String,
    /// obligation: het kwartaal, bijv. 2026-Q4.
    #[arg(long)]
    quarter: Option<String>,
    /// applicants: het marktjaar oktober–september, bijv. 2025/2026.
    #[arg(long)]
    year: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<NaiveDate>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<NaiveDate>,
    /// Marktcodes, bijv. AC,DAP (standaard: alle markten).
    #[arg(long, value_name = "CODES")]
    markets: Option<String>,
    /// occupancy: day of week; revenue: week of month.
    #[arg(long)]
    by: Option<String>,
    /// revenue: none, kind (tariefsoort) of method (betaalwijze).
    #[arg(long, default_value = "none")]
    split: String,
    #[arg(long, default_value = "nl")]
    dialect: String,
    /// Schrijf CSV naar dit bestand (- voor standaarduitvoer); zonder: een tabel op het scherm.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Schrijf het overzicht als PDF naar dit bestand (met wie het afdrukt in de kop: zie --user).
    #[arg(long, value_name = "FILE")]
    pdf: Option<PathBuf>,
    /// Wie het overzicht opvraagt (anders MARKTKANTOOR_USER): de rol beslist welke
    /// overzichten iemand mag lezen.
    #[arg(long, value_name = "NAAM")]
    user: Option<String>,
}

/// The core's progress as a bar on standard error (drawn only on a terminal).
pub(crate) struct Bar(ProgressBar);

impl Bar {
    pub(crate) fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg:>18} [{bar:40}] {human_pos}/{human_len} {per_sec} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar(bar)
    }
}

impl markt::progress::Progress for Bar {
    fn phase(&mut self, name: &str, total: Option<u64>) {
        self.0.set_position(0);
        self.0.set_length(total.unwrap_or(0));
        self.0.set_message(name.to_string());
    }
    fn step(&mut self, done: u64) -> bool {
        self.0.set_position(done);
        true
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn dialect(text: &str) -> Result<Dialect, String> {
    Dialect::parse(text).map_err(err)
}

fn markets(store: &mut Store, actor: &Actor, codes: Option<&str>) -> Result<Vec<MarketId>, String> {
    let Some(codes) = codes else { return Ok(Vec::new()) };
    codes
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| market::by_code(store, actor, c).map(|m| m.id).map_err(err))
        .collect()
}

/// Writes to FILE (via FILE.partial, renamed when complete) or to standard output for `-`.
fn to_output<T>(output: &Path, write: impl FnOnce(&mut dyn Write) -> markt::Result<T>) -> Result<T, String> {
    if output == Path::new("-") {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        let value = write(&mut lock).map_err(err)?;
        lock.flush().map_err(err)?;
        Ok(value)
    } else {
        write_file(output, write).map_err(err)
    }
}

/// A summary goes to standard output, unless the file itself does.
fn say(output: &Path, text: &str) {
    if output == Path::new("-") {
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
}

pub fn export(db: Option<&Path>, a: ExportArgs) -> Result<(), String> {
    let mut store = crate::open(db)?;
    let dialect = dialect(&a.dialect)?;
    let (from, to) = match a.date {
        Some(d) => (Some(d), Some(d)),
        None => (a.from, a.to),
    };
    // Every export reads stored data, so every export logs in: the core decides by the role
    // what may be read (finance: no vendor contacts).
    let now = crate::now();
    let actor = crate::login(&mut store, a.user, now)?;
    if a.kind == "finance" {
        if a.list {
            for b in finance::batches(&mut store, &actor).map_err(err)? {
                println!(
                    "batch {:>4}  {} t/m {}  {:<12} {:<3} {:>8} regels ({} negatief)  {:>16}  {} {}",
                    b.number,
                    time::show_date(b.from),
                    time::show_date(b.until),
                    b.markets.join(","),
                    b.dialect.code(),
                    b.lines,
                    b.negative,
                    b.total_incl.to_string(),
                    b.made_by,
                    time::show_instant(b.at)
                );
            }
            return Ok(());
        }
        let output = a.output.ok_or("geef het bestand met -o FILE")?;
        let mut bar = Bar::new();
        let batch = match a.rerun {
            Some(n) => to_output(&output, |out| finance::rerun(&mut store, &actor, n, out, &mut bar))?,
            None => {
                let (Some(from), Some(until)) = (from, to) else {
                    return Err("geef --from en --to (of --date), of --rerun N".into());
                };
                let markets = markets(&mut store, &actor, a.markets.as_deref())?;
                let request = FinanceRequest { from, until, markets, dialect };
                to_output(&output, |out| finance::finance(&mut store, &actor, now, &request, out, &mut bar))?
            }
        };
        drop(bar);
        say(
            &output,
            &format!(
                "Batch {}{}: {} regels ({} negatief), totaal incl. btw {}, {} t/m {}, markten {}, {} → {} (sha256 {})",
                batch.number,
                if a.rerun.is_some() { " opnieuw geschreven" } else { "" },
                batch.lines,
                batch.negative,
                batch.total_incl,
                time::show_date(batch.from),
                time::show_date(batch.until),
                batch.markets.join(","),
                batch.dialect.code(),
                output.display(),
                &batch.sha256[..16]
            ),
        );
        return Ok(());
    }
    let kind = ListKind::parse(&a.kind).map_err(err)?;
    let output = a.output.ok_or("geef het bestand met -o FILE")?;
    let markets = markets(&mut store, &actor, a.markets.as_deref())?;
    let request = ListRequest { from, until: to, markets, dialect };
    let mut bar = Bar::new();
    let rows = to_output(&output, |out| lists::list(&mut store, &actor, kind, &request, out, &mut bar))?;
    drop(bar);
    say(&output, &format!("{}: {rows} regels → {}", kind.code(), output.display()));
    Ok(())
}

pub fn import(db: Option<&Path>, a: ImportArgs) -> Result<bool, String> {
    let kind = ImportKind::parse(&a.kind).map_err(err)?;
    let bytes = std::fs::read(&a.file).map_err(|e| format!("{}: {e}", a.file.display()))?;
    let mut store = crate::open(db)?;
    let now = crate::now();
    let actor = crate::login(&mut store, a.user, now)?;
    let mut bar = Bar::new();
    let r = import::run(&mut store, &actor, now, kind, &bytes, a.dry_run, &mut bar).map_err(err)?;
    drop(bar);
    let sep = match r.separator {
        Some('\t') => "tab".to_string(),
        Some(c) => format!("‘{c}’"),
        None => "?".into(),
    };
    println!(
        "{} {}: {}, scheidingsteken {sep}, {} regels",
        kind.code(),
        a.file.display(),
        r.encoding.map_or("?", |e| e.label()),
        r.lines
    );
    if !r.ignored_columns.is_empty() {
        println!("Niet gelezen kolommen: {}", r.ignored_columns.join(", "));
    }
    for e in &r.errors {
        let column = if e.column.is_empty() { String::new() } else { format!(", kolom {}", e.column) };
        println!("  regel {}{column}: {}", e.line, e.reason);
    }
    let verb = if r.applied { "" } else { "zou " };
    println!(
        "{} toegevoegd, {} gewijzigd, {} ongewijzigd{}",
        r.added.len(),
        r.changed.len(),
        r.unchanged.len(),
        if r.applied { "" } else { " (niet bewaard)" }
    );
    for (what, keys) in [("toegevoegd", &r.added), ("gewijzigd", &r.changed)] {
        if !keys.is_empty() && keys.len() <= 50 {
            println!("  {verb}{what}: {}", keys.join(", "));
        }
    }
    if !r.errors.is_empty() {
        println!("{} fouten: er is niets bewaard. Verbeter het bestand en probeer opnieuw.", r.errors.len());
    } else if a.dry_run {
        println!("Proefdraai zonder fouten: er is niets bewaard.");
    } else {
        println!("Bewaard in één keer.");
    }
    Ok(r.errors.is_empty())
}

pub fn report(db: Option<&Path>, a: ReportArgs) -> Result<(), String> {
    let mut store = crate::open(db)?;
    let now = crate::now();
    let actor = crate::login(&mut store, a.user.clone(), now)?;
    let markets = markets(&mut store, &actor, a.markets.as_deref())?;
    let spec = figures::ReportSpec {
        report: &a.name,
        markets,
        quarter: a.quarter.as_deref(),
        year: a.year.as_deref(),
        from: a.from,
        until: a.to,
        by: a.by.as_deref(),
        split: Some(&a.split),
    };
    let request = spec.request(crate::clock_today()).map_err(err)?;
    let table = figures::run(&mut store, &actor, &request).map_err(err)?;
    if let Some(pdf) = &a.pdf {
        let printed = markt::report::print_table(&mut store, &actor, now, &table).map_err(err)?;
        std::fs::write(pdf, &printed.bytes).map_err(|e| format!("{}: {e}", pdf.display()))?;
        println!("{}: {} pagina's → {}", table.title, printed.pages, pdf.display());
        if a.output.is_none() {
            return Ok(());
        }
    }
    match a.output {
        Some(output) => {
            let dialect = dialect(&a.dialect)?;
            to_output(&output, |out| table.write_csv(out, dialect))?;
            say(&output, &format!("{}: {} regels → {}", table.title, table.rows.len(), output.display()));
        }
        None => print_table(&table),
    }
    Ok(())
}

/// The table as text: numbers right-aligned, the totals under a rule.
fn print_table(t: &Table) {
    let render = |row: &[markt::export::Cell<'_>]| -> Vec<String> {
        row.iter().map(|c| c.render(Dialect::Nl).into_owned()).collect()
    };
    let header: Vec<String> = t.columns.iter().map(|c| c.nl.to_string()).collect();
    let body: Vec<Vec<String>> = t.rows.iter().map(|r| render(r)).collect();
    let totals = t.totals.as_ref().map(|r| render(r));
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in body.iter().chain(totals.iter()) {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..header.len()).map(|i| t.rows.first().is_some_and(|r| r[i].is_number())).collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(
                |(i, c)| if numeric[i] { format!("{c:>w$}", w = widths[i]) } else { format!("{c:<w$}", w = widths[i]) },
            )
            .collect();
        println!("{}", parts.join("  ").trim_end());
    };
    println!("{}", t.title);
    println!("{}", t.subtitle);
    println!();
    line(&header);
    for r in &body {
        line(r);
    }
    if let Some(totals) = totals {
        println!("{}", "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
        line(&totals);
    }
}

//! The audit log as an administrator reads it: the action in Dutch ("dagvergunning
//! uitgegeven"), the thing changed by the number a clerk knows it by (kraam 27, D2026-017644,
//! an erkenningsnummer) and, per changed field, its Dutch name with the old and the new value
//! as text. The rows keep their JSON (the record is the evidence); this only reads it, so a
//! row written by an older version reads too, and a field without a Dutch name still reads
//! as words. Ids inside the record are looked up (a vendor's id becomes its erkenningsnummer
//! and name); what no longer exists keeps its number.

use std::collections::HashMap;

use crate::db::Connection;
use serde_json::Value;

use super::Entry;
use crate::db;
use crate::error::Result;
use crate::ids::{AccountId, BranchId, ControlId, MarketId, PermitId, StallId, TicketId, VendorId};

/// One field that changed: its Dutch name, the value before and after (`None`: empty, or
/// the record did not exist on that side).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An audit row in words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// `dagvergunning uitgegeven`.
    pub action: String,
    /// `dagvergunning D2026-017644`, `kraam 27 · Albert Cuyp`, `ondernemer 19570810.02 J. Jansen`.
    pub subject: String,
    /// Only the fields that differ; a new record lists what it was made with.
    pub changes: Vec<Change>,
}

/// The Dutch words of an action code; an unknown code reads as its words.
pub fn action_label(action: &str) -> String {
    let known = match action {
        "absence.create" => "afwezigheid ingevoerd",
        "absence.end" => "afwezigheid eerder beëindigd",
        "absence.remove" => "afwezigheid verwijderd",
        "account.create" => "account aangemaakt",
        "account.deactivate" => "account uitgezet",
        "account.reactivate" => "account weer aangezet",
        "account.locked" => "account geblokkeerd na foute wachtwoorden",
        "account.login" => "aangemeld",
        "account.login_failed" => "aanmelden mislukt (fout wachtwoord)",
        "account.password_reset" => "nieuw wachtwoord ingesteld",
        "account.role" => "rol gewijzigd",
        "account.unlock" => "account gedeblokkeerd",
        "allocation.override" => "indeling met de hand gewijzigd",
        "allocation.publish" => "indeling gepubliceerd",
        "allocation.run" => "indeling gemaakt",
        "attendance.pattern" => "vast aanwezigheidspatroon gewijzigd",
        "attendance.record" => "aan- of afmelding vastgelegd",
        "backup.make" => "back-up gemaakt",
        "backup.restore" => "back-up teruggezet",
        "branch.create" => "branche aangemaakt",
        "branch.market_rule" => "branche op de markt ingesteld",
        "branch.update" => "branche gewijzigd",
        "control.record" => "controle vastgelegd",
        "control.remove" => "controle vervallen door nieuwe steekproef",
        "day.close" => "dag afgesloten",
        "finance.export" => "financiële batch geëxporteerd",
        "finance_code.set" => "grootboekrekening van boetes ingesteld",
        "market.create" => "markt aangemaakt",
        "market.set_ended" => "markt beëindigd of hervat",
        "market.update" => "markt gewijzigd",
        "note.create" => "notitie gemaakt",
        "note.tick" => "notitie afgevinkt",
        "obstacle.create" => "obstakel toegevoegd",
        "obstacle.delete" => "obstakel verwijderd",
        "office.set" => "gegevens van het bureau gewijzigd",
        "payment.create" => "betaling geregistreerd",
        "payment.reverse" => "betaling teruggeboekt",
        "permit.issue" => "dagvergunning uitgegeven",
        "permit.void" => "dagvergunning doorgehaald",
        "preferences.set" => "voorkeuren gewijzigd",
        "product.create" => "product aangemaakt",
        "product.update" => "product gewijzigd",
        "registration.create" => "sollicitatie ingeschreven",
        "registration.update" => "sollicitatie gewijzigd",
        "registration.void" => "sollicitatie doorgehaald",
        "row.create" => "rij aangemaakt",
        "row.update" => "rij gewijzigd",
        "sample.draw" => "steekproef getrokken",
        "sample.redraw" => "steekproef opnieuw getrokken",
        "session.end" => "sessie door beheerder beëindigd",
        "stall.block" => "kraam geblokkeerd",
        "stall.create" => "kraam aangemaakt",
        "stall.unblock" => "kraam vrijgegeven",
        "stall.update" => "kraam gewijzigd",
        "substitute.create" => "vervanger ingeschreven",
        "substitute.end" => "vervanger beëindigd",
        "tariff_kind.create" => "tariefsoort aangemaakt",
        "tariff_kind.update" => "tariefsoort gewijzigd",
        "tariff_plan.create" => "tariefplan aangemaakt",
        "tariff_plan.update" => "tariefplan gewijzigd",
        "ticket.create" => "bon geschreven",
        "ticket.photo" => "foto bij bon gevoegd",
        "ticket.reopen" => "bon weer open na terugboeking",
        "ticket.status" => "status van bon gewijzigd",
        "vat.market_override" => "btw-soort op de markt ingesteld",
        "vat.set" => "btw-tarief ingesteld",
        "vendor.create" => "ondernemer ingeschreven",
        "vendor.update" => "ondernemer gewijzigd",
        "violation.create" => "overtreding toegevoegd",
        "violation.end" => "overtreding beëindigd",
        _ => return words(&action.replace('.', " ")),
    };
    known.to_string()
}

/// The Dutch name of the kind of thing an audit row is about.
pub fn entity_label(entity: &str) -> String {
    let known = match entity {
        "absence_period" => "afwezigheid",
        "account" => "account",
        "allocation" => "indeling",
        "attendance" => "aan- of afmelding",
        "attendance_pattern" => "aanwezigheidspatroon",
        "branch" => "branche",
        "control" => "controle",
        "control_sample" => "steekproef",
        "daily_permit" => "dagvergunning",
        "database" => "database",
        "day_close" => "dagafsluiting",
        "finance_batch" => "financiële batch",
        "finance_code" => "grootboekrekening",
        "market" => "markt",
        "market_branch" => "branche op markt",
        "market_vat_override" => "btw-soort op markt",
        "note" => "notitie",
        "obstacle" => "obstakel",
        "office" => "bureau",
        "payment" => "betaling",
        "preference" => "voorkeuren",
        "product" => "product",
        "registration" => "sollicitatie",
        "stall" => "kraam",
        "stall_row" => "rij",
        "substitute" => "vervanger",
        "tariff_kind" => "tariefsoort",
        "tariff_plan" => "tariefplan",
        "ticket" => "bon",
        "vat_rate" => "btw-tarief",
        "vendor" => "ondernemer",
        "violation" => "overtreding",
        _ => return words(entity),
    };
    known.to_string()
}

/// The Dutch name of a field of a record; `None` for a field this file does not know.
fn field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "a_list" => "A-lijst",
        "ab_lists" => "A/B-lijsten",
        "account" => "account",
        "active" => "actief",
        "address" => "adres",
        "after" => "na kraam",
        "allocation" => "indeling",
        "always" => "altijd berekend",
        "amount" => "bedrag",
        "anywhere" => "overal",
        "article" => "artikel",
        "at" => "tijdstip",
        "attends" => "komt",
        "before" => "voor kraam",
        "branch" => "branche",
        "branches" => "branches",
        "breaks_rule" => "wijkt af van regel",
        "by" => "door",
        "cash" => "contant",
        "change_reason" => "reden",
        "circular" => "rondlopend",
        "code" => "code",
        "colour" => "kleur",
        "control" => "controle",
        "cooking" => "koken",
        "counted_cash" => "geteld contant",
        "created_at" => "gemaakt op",
        "created_by" => "gemaakt door",
        "day" => "dag",
        "decision" => "beslissing",
        "description" => "omschrijving",
        "difference" => "verschil",
        "difference_reason" => "reden van het verschil",
        "display_name" => "naam",
        "done" => "afgevinkt",
        "drawn_at" => "getrokken op",
        "drawn_by" => "getrokken door",
        "due_date" => "uiterste betaaldatum",
        "email" => "e-mail",
        "ended" => "beëindigd",
        "ended_on" => "beëindigd op",
        "enforcement_until" => "handhavingsverzoek tot en met",
        "evi" => "evi-plaats",
        "excl" => "bedrag excl. btw",
        "factor" => "factor",
        "failed_logins" => "foute wachtwoorden",
        "file" => "bestand",
        "fixed" => "vast",
        "from" => "vanaf",
        "from_stalls" => "van kramen",
        "iban" => "rekeningnummer",
        "identified_by" => "herkend aan",
        "ignore_fixed" => "vaste plaatsen niet aftrekken",
        "incl" => "bedrag incl. btw",
        "infix" => "tussenvoegsel",
        "initials" => "voorletters",
        "invoice_label" => "tekst op de factuur",
        "invoice_number" => "vergunningnummer",
        "issued_at" => "uitgegeven op",
        "issued_by" => "uitgegeven door",
        "issued_on" => "uitgereikt op",
        "key" => "sleutel",
        "kind" => "soort",
        "label" => "omschrijving",
        "ledger_code" => "grootboekrekening",
        "length_m" => "lengte (m)",
        "lines" => "regels",
        "list_number" => "lijstnummer",
        "made_by" => "gemaakt door",
        "mandatory" => "verplicht",
        "market" => "markt",
        "markets" => "markten",
        "max_stalls" => "hoogstens kramen",
        "max_stalls_per_vendor" => "hoogstens kramen per ondernemer",
        "method" => "betaalwijze",
        "min_stalls" => "minstens kramen",
        "name" => "naam",
        "note" => "notitie",
        "number" => "nummer",
        "objection_until" => "bezwaar tot en met",
        "on_account" => "op rekening",
        "other_vendor" => "andere ondernemer",
        "override_reason" => "reden om toch uit te geven",
        "paid" => "betaald",
        "pass_id" => "pas",
        "path" => "bestand",
        "payment" => "betaalwijze",
        "percent" => "percentage",
        "permit" => "dagvergunning",
        "phone" => "telefoon",
        "pin" => "pin",
        "places" => "plaatsen",
        "position" => "plaats in de rij",
        "presence" => "aanwezigheid",
        "price" => "prijs",
        "product_differences" => "afwijkende producten",
        "products" => "producten",
        "properties" => "eigenschappen",
        "published_at" => "gepubliceerd op",
        "published_by" => "gepubliceerd door",
        "quantity" => "aantal",
        "rates" => "tarieven",
        "reason" => "reden",
        "registered_on" => "ingeschreven op",
        "registration_number" => "erkenningsnummer",
        "removed" => "verwijderd",
        "replaces" => "vervangt",
        "requested" => "gevraagd",
        "reverses" => "draait terug",
        "role" => "rol",
        "round" => "ronde",
        "row" => "rij",
        "rule_reason" => "reden afwijking regel",
        "sample_size" => "steekproefgrootte",
        "season" => "seizoen",
        "seed" => "startgetal",
        "size" => "grootte",
        "stall" => "kraam",
        "stall_size_m" => "kraammaat (m)",
        "stalls" => "kramen",
        "state" => "stand",
        "status" => "status",
        "substitute" => "vervanger",
        "substitute_name" => "wie er stond",
        "surname" => "achternaam",
        "tariff_plan" => "tariefplan",
        "text" => "tekst",
        "ticket" => "bon",
        "time" => "tijd",
        "to_stalls" => "naar kramen",
        "total_incl" => "totaal incl. btw",
        "unit" => "eenheid",
        "unknown_person" => "onbekende persoon",
        "until" => "tot en met",
        "username" => "gebruikersnaam",
        "valid_from" => "geldig vanaf",
        "valid_until" => "geldig tot en met",
        "vat" => "btw",
        "vat_code" => "btw-code",
        "vat_percent" => "btw-percentage",
        "vendor" => "ondernemer",
        "violation" => "overtreding",
        "void_reason" => "reden doorhalen",
        "voided" => "doorgehaald",
        "warning_first" => "eerst een waarschuwing",
        "weekdays" => "weekdagen",
        _ => return None,
    })
}

/// Fields that hold cents when they hold a number.
const MONEY: &[&str] = &[
    "amount",
    "cash",
    "counted_cash",
    "difference",
    "excl",
    "incl",
    "on_account",
    "paid",
    "pin",
    "price",
    "total_incl",
    "vat",
];

/// Fields that hold hundredths of a percent.
const PERCENT: &[&str] = &["percent", "vat_percent"];

/// `snake_case` as words.
fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// Looks up the ids a record names, each once per reading.
struct Names<'c> {
    c: &'c Connection,
    cache: HashMap<(&'static str, i64), Option<String>>,
}

impl<'c> Names<'c> {
    fn new(c: &'c Connection) -> Self {
        Names { c, cache: HashMap::new() }
    }

    fn vendor(&mut self, id: i64) -> Result<Option<String>> {
        self.cached("vendor", id, |c| {
            Ok(db::vendor::get(c, VendorId(id))?.map(|v| format!("{} {}", v.registration_number, v.name())))
        })
    }

    fn market(&mut self, id: i64) -> Result<Option<String>> {
        self.cached("market", id, |c| Ok(db::market::get(c, MarketId(id))?.map(|m| m.name)))
    }

    fn permit(&mut self, id: i64) -> Result<Option<String>> {
        self.cached("permit", id, |c| Ok(db::permit::get(c, PermitId(id))?.map(|p| p.invoice_number)))
    }

    fn ticket(&mut self, id: i64) -> Result<Option<String>> {
        self.cached("ticket", id, |c| Ok(db::ticket::get(c, TicketId(id))?.map(|t| t.number)))
    }

    fn account(&mut self, id: i64) -> Result<Option<String>> {
        self.cached("account", id, |c| Ok(db::account::get(c, AccountId(id))?.map(|a| a.username)))
    }

    fn branch(&mut self, id: i64) -> Result<Option<String>> {
        self.cached("branch", id, |c| Ok(db::branch::get(c, BranchId(id))?.map(|b| format!("{} {}", b.code, b.name))))
    }

    fn stall(&mut self, id: i64) -> Result<Option<String>> {
        let Some(stall) = db::market::stall(self.c, StallId(id))? else { return Ok(None) };
        let market = self.market(stall.market.0)?;
        Ok(Some(match market {
            Some(m) => format!("kraam {} · {m}", stall.number),
            None => format!("kraam {}", stall.number),
        }))
    }

    fn control(&mut self, id: i64) -> Result<Option<String>> {
        let Some(control) = db::control::get(self.c, ControlId(id))? else { return Ok(None) };
        let permit = self.permit(control.permit.0)?.unwrap_or_else(|| control.permit.0.to_string());
        Ok(Some(format!("ronde {} bij {permit}", control.round)))
    }

    fn cached(
        &mut self,
        kind: &'static str,
        id: i64,
        find: impl FnOnce(&Connection) -> Result<Option<String>>,
    ) -> Result<Option<String>> {
        if let Some(known) = self.cache.get(&(kind, id)) {
            return Ok(known.clone());
        }
        let found = find(self.c)?;
        self.cache.insert((kind, id), found.clone());
        Ok(found)
    }

    /// The name of the thing an id field points at, when the field is one that names a thing.
    fn of_field(&mut self, entity: &str, field: &str, id: i64) -> Result<Option<String>> {
        match field {
            "vendor" | "substitute" | "other_vendor" => self.vendor(id),
            "market" => self.market(id),
            "permit" => self.permit(id),
            "replaces" if entity == "daily_permit" => self.permit(id),
            "ticket" => self.ticket(id),
            "control" => self.control(id),
            "branch" => self.branch(id),
            "account" | "issued_by" | "created_by" | "published_by" | "drawn_by" | "made_by" | "by" => self.account(id),
            _ => Ok(None),
        }
    }
}

/// Reads an audit row in words. Lookups go through the storage functions; a record that is
/// not JSON (it never is) reads as no changes, its raw text stays with the row.
pub(crate) fn read(c: &Connection, entry: &Entry) -> Result<Reading> {
    let mut names = Names::new(c);
    let parse = |text: &Option<String>| text.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok());
    let before = parse(&entry.before);
    let after = parse(&entry.after);
    let mut old = Vec::new();
    let mut new = Vec::new();
    if let Some(v) = &before {
        flatten(&mut names, &entry.entity, &[], v, &mut old)?;
    }
    if let Some(v) = &after {
        flatten(&mut names, &entry.entity, &[], v, &mut new)?;
    }
    let mut changes = Vec::new();
    for (path, value) in &new {
        let was = old.iter().find(|(p, _)| p == path).and_then(|(_, v)| v.clone());
        if was != *value {
            changes.push(Change { field: path_label(path), before: was, after: value.clone() });
        }
    }
    for (path, was) in &old {
        if was.is_some() && !new.iter().any(|(p, _)| p == path) {
            changes.push(Change { field: path_label(path), before: was.clone(), after: None });
        }
    }
    let subject = subject(&mut names, entry, before.as_ref().or(after.as_ref()), after.as_ref())?;
    Ok(Reading { action: action_label(&entry.action), subject, changes })
}

/// The label of a field at `path` in a record: its own Dutch name, or its parent's followed
/// by the key (a product key under "gevraagd": `gevraagd stalls_3m`).
fn path_label(path: &[String]) -> String {
    let last = path.last().map(String::as_str).unwrap_or("");
    if let Some(label) = field_label(last) {
        return label.to_string();
    }
    match path.len().checked_sub(2).and_then(|i| field_label(&path[i])) {
        Some(parent) => format!("{parent} {}", words(last)),
        None => words(last),
    }
}

/// The record's leaves by path, each as text (`None` for empty). Objects are walked; lists
/// are one value. The record's own id is left out: the subject names the record.
fn flatten(
    names: &mut Names<'_>,
    entity: &str,
    path: &[String],
    value: &Value,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) -> Result<()> {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "id" {
                    continue;
                }
                let mut p = path.to_vec();
                p.push(k.clone());
                flatten(names, entity, &p, v, out)?;
            }
        }
        _ => {
            let field = path.last().map(String::as_str).unwrap_or("");
            out.push((path.to_vec(), show(names, entity, field, value)?));
        }
    }
    Ok(())
}

/// A value as an administrator reads it: money in euros, dates as 28-11-2026, an instant in
/// Amsterdam time, yes/no, codes as words, ids by what they name.
fn show(names: &mut Names<'_>, entity: &str, field: &str, value: &Value) -> Result<Option<String>> {
    Ok(match value {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "ja" } else { "nee" }.to_string()),
        Value::Number(n) => {
            let Some(i) = n.as_i64() else { return Ok(Some(n.to_string())) };
            if MONEY.contains(&field) {
                Some(crate::money::Cents(i).to_string())
            } else if let (true, Ok(p)) = (PERCENT.contains(&field), u32::try_from(i)) {
                Some(format!("{}%", crate::money::Percent(p)))
            } else {
                Some(names.of_field(entity, field, i)?.unwrap_or_else(|| i.to_string()))
            }
        }
        Value::String(s) => Some(show_text(field, s)),
        Value::Array(items) => {
            let mut parts = Vec::new();
            for item in items {
                let part = match item {
                    Value::Object(map) => {
                        let mut inner = Vec::new();
                        for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "id") {
                            if let Some(text) = show(names, entity, k, v)? {
                                inner.push(format!(
                                    "{} {text}",
                                    field_label(k).map(str::to_string).unwrap_or_else(|| words(k))
                                ));
                            }
                        }
                        Some(inner.join(", "))
                    }
                    other => show(names, entity, field, other)?,
                };
                parts.extend(part.filter(|p| !p.is_empty()));
            }
            if parts.is_empty() {
                None
            } else {
                Some(parts.join(if items.iter().any(Value::is_object) { "; " } else { ", " }))
            }
        }
        Value::Object(_) => None,
    })
}

fn show_text(field: &str, s: &str) -> String {
    if s.is_empty() {
        return "—".to_string();
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return crate::time::show_date(day);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return crate::time::show_instant(t.with_timezone(&chrono::Utc));
    }
    if field == "registration_number" && s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{}.{}", &s[..8], &s[8..]);
    }
    // Codes (`vervanger_zonder_toestemming`) read as words; free text has no underscores.
    if s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()) {
        return words(s);
    }
    s.to_string()
}

/// The first leaf called `field` in a record, at any depth.
fn find<'v>(value: &'v Value, field: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(field).or_else(|| map.values().find_map(|v| find(v, field))),
        _ => None,
    }
}

/// The thing the row is about, by the number it is known by.
fn subject(names: &mut Names<'_>, entry: &Entry, record: Option<&Value>, after: Option<&Value>) -> Result<String> {
    let label = entity_label(&entry.entity);
    let text = |f: &str| record.and_then(|r| find(r, f)).and_then(Value::as_str).map(str::to_string);
    let number = |f: &str| record.and_then(|r| find(r, f)).and_then(Value::as_i64);
    let own_id = entry.entity_id.as_deref().and_then(|i| i.parse::<i64>().ok());
    let named = match entry.entity.as_str() {
        "daily_permit" => match text("invoice_number") {
            Some(n) => Some(n),
            None => own_id.map(|i| names.permit(i)).transpose()?.flatten(),
        },
        "ticket" => match text("number") {
            Some(n) => Some(n),
            None => own_id.map(|i| names.ticket(i)).transpose()?.flatten(),
        },
        "vendor" => match text("registration_number") {
            Some(n) => {
                let digits = show_text("registration_number", &n);
                let name: Vec<String> =
                    ["initials", "infix", "surname"].iter().filter_map(|f| text(f)).filter(|s| !s.is_empty()).collect();
                Some(format!("{digits} {}", name.join(" ")).trim().to_string())
            }
            None => own_id.map(|i| names.vendor(i)).transpose()?.flatten(),
        },
        "stall" => {
            let from_record = match (text("number"), number("market")) {
                (Some(n), Some(m)) => Some(match names.market(m)? {
                    Some(market) => format!("{n} · {market}"),
                    None => n,
                }),
                _ => None,
            };
            match from_record {
                Some(s) => Some(s),
                None => own_id
                    .map(|i| names.stall(i))
                    .transpose()?
                    .flatten()
                    .map(|s| s.trim_start_matches("kraam ").to_string()),
            }
        }
        "account" => match text("username") {
            Some(u) => Some(u),
            None => own_id.map(|i| names.account(i)).transpose()?.flatten(),
        },
        "market" => text("name").or_else(|| text("code")),
        "control" => own_id.map(|i| names.control(i)).transpose()?.flatten(),
        "payment" => match (number("permit"), number("ticket")) {
            (Some(p), _) => names.permit(p)?.map(|n| format!("bij {n}")),
            (None, Some(t)) => names.ticket(t)?.map(|n| format!("bij {n}")),
            _ => None,
        },
        "registration" | "preference" | "absence_period" | "attendance" | "attendance_pattern" | "substitute" => {
            let vendor = match number("vendor") {
                Some(v) => names.vendor(v)?,
                None => None,
            };
            let market = match number("market") {
                Some(m) => names.market(m)?,
                None => None,
            };
            match (vendor, market) {
                (Some(v), Some(m)) => Some(format!("{v} op {m}")),
                (Some(v), None) => Some(v),
                _ => None,
            }
        }
        _ => None,
    };
    // Otherwise what the record calls itself, else the key the row was written with.
    let named = named
        .or_else(|| text("code").filter(|_| entry.entity != "vendor"))
        .or_else(|| text("name"))
        .or_else(|| text("key"))
        .or_else(|| after.and_then(|a| find(a, "number")).and_then(|n| n.as_str().map(str::to_string)))
        .or_else(|| entry.entity_id.clone().filter(|i| i.parse::<i64>().is_err()).map(|i| words(&i)));
    Ok(match named {
        Some(n) => format!("{label} {n}"),
        None => match &entry.entity_id {
            Some(id) => format!("{label} {id}"),
            None => label,
        },
    })
}

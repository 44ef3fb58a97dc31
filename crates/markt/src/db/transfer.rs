//! `markt migrate`: moving an office from its SQLite file into an empty PostgreSQL database,
//! and the proof that it arrived whole.
//!
//! The copy ([`copy_all`]) runs in one transaction on the target: every table of the file,
//! parents before children (the order comes from the file's own foreign keys, so a new table
//! needs no change here), each table's rows in primary-key order, every column by name, many
//! rows per `INSERT`. Ids are copied as they are, and `markt_reset_identities()` then sets
//! each identity past its table's highest id, so the next permit gets the id SQLite would
//! have given it. Nothing of the target's schema is switched off: its constraints and its
//! append-only triggers see every row. Two of those triggers read other tables on insert,
//! and the copy arranges for them (see [`INSERT_BEFORE`] and [`HELD_BACK`]).
//!
//! The proof, once the copy is committed: per table the same number of rows on both sides
//! and the same rows, cell for cell in SQLite's value model; `markt check` clean on both,
//! with the same books of every day; and every finance batch written again from each side's
//! kept lines, with the same SHA-256 on both sides and the one it was sealed with.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use rusqlite::types::Value;
use sha2::{Digest, Sha256};

use super::engine::Begin;
use super::{Connection, Dialect, Store, params_from_iter};
use crate::error::{Error, Result};
use crate::progress::{Progress, Silent};

/// Rows per `INSERT` statement (fewer for a wide table: PostgreSQL takes at most 65 535
/// parameters in one statement).
const ROWS_PER_INSERT: usize = 500;
const MAX_PARAMETERS: usize = 65_535;

/// Tables whose rows the PostgreSQL schema inserts itself (as SQLite's migrations do): an
/// empty database holds them. The copy replaces them with the file's.
pub const SEEDED: &[&str] = &["finance_code"];

/// Orders that the foreign keys do not give but a trigger needs: (first, then). A database
/// is marked as a demo or test database only while it has no account yet.
pub const INSERT_BEFORE: &[(&str, &str)] = &[("database_purpose", "account")];

/// A value a row is first written without, and given once every table is copied (in the
/// same transaction): (table, column, the value held back, the value written first). The
/// rows of a published allocation version are never written (a trigger refuses them): the
/// version is copied as a concept, its results and assignments follow, and then it is
/// published again.
pub const HELD_BACK: &[(&str, &str, &str, &str)] = &[("allocation", "state", "gepubliceerd", "concept")];

/// One table as copied and compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub name: String,
    pub source_rows: u64,
    pub target_rows: u64,
    /// Every row equal, cell for cell, in primary-key order.
    pub same_rows: bool,
}

impl TableCopy {
    pub fn ok(&self) -> bool {
        self.source_rows == self.target_rows && self.same_rows
    }
}

/// One finance batch written again from both databases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchProof {
    pub number: i64,
    pub lines: i64,
    /// The hash the batch was sealed with.
    pub sealed: String,
    /// The hash of the file written again from the file's lines, or why it could not be.
    pub source: std::result::Result<String, String>,
    /// The same from PostgreSQL.
    pub target: std::result::Result<String, String>,
}

impl BatchProof {
    /// Both files byte for byte the one that was sealed.
    pub fn ok(&self) -> bool {
        matches!((&self.source, &self.target), (Ok(s), Ok(t)) if *s == self.sealed && *t == self.sealed)
    }
}

/// What [`copy_all`] did and what it proved.
#[derive(Debug, Clone)]
pub struct TransferReport {
    /// In the order they were copied.
    pub tables: Vec<TableCopy>,
    /// Rows copied, all tables.
    pub rows: u64,
    /// The copy, from the first row read to the commit.
    pub copy_time: Duration,
    pub proof_time: Duration,
    /// `markt check` on the file and on PostgreSQL (an error: the check could not run).
    pub source_check: std::result::Result<crate::check::Report, String>,
    pub target_check: std::result::Result<crate::check::Report, String>,
    /// Both checks found the same books: every day's balance and fines alike.
    pub same_books: bool,
    /// The batches, by number.
    pub batches: Vec<BatchProof>,
    /// Batches one side has and the other not.
    pub batch_problems: Vec<String>,
    /// What was not written one to one along the way (and put right before the commit).
    pub notes: Vec<String>,
}

impl TransferReport {
    pub fn counts_equal(&self) -> bool {
        self.tables.iter().all(|t| t.source_rows == t.target_rows)
    }

    pub fn rows_equal(&self) -> bool {
        self.tables.iter().all(|t| t.same_rows)
    }

    /// `markt check` clean on both sides, with the same books.
    pub fn checks_ok(&self) -> bool {
        let clean = |r: &std::result::Result<crate::check::Report, String>| r.as_ref().is_ok_and(|r| r.ok());
        clean(&self.source_check) && clean(&self.target_check) && self.same_books
    }

    pub fn batches_equal(&self) -> bool {
        self.batch_problems.is_empty() && self.batches.iter().all(BatchProof::ok)
    }

    /// Every proof holds.
    pub fn ok(&self) -> bool {
        self.counts_equal() && self.rows_equal() && self.checks_ok() && self.batches_equal()
    }

    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.copy_time.as_secs_f64().max(1e-9)
    }
}

/// A table of the file: its columns (SQLite's order) and its primary key.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<String>,
    /// The primary key's columns in key order; every column when the table has none.
    key: Vec<String>,
}

impl Table {
    fn select(&self) -> String {
        format!("SELECT {} FROM {} ORDER BY {}", list(&self.columns), quoted(&self.name), list(&self.key))
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn list(names: &[String]) -> String {
    names.iter().map(|n| quoted(n)).collect::<Vec<_>>().join(", ")
}

/// Copies every table of the SQLite store `from` into the empty PostgreSQL store `to`, in
/// one transaction, and then proves the copy (see the module's comment). Refuses, touching
/// nothing, a source that is not SQLite, a target that is not PostgreSQL, a target that
/// holds any row (other than the rows its schema inserts itself), and two schemas that
/// differ. An error while copying leaves the target as empty as it was. The proof's
/// findings are in the report ([`TransferReport::ok`]); the copy stays committed whatever
/// they are. The office is closed while it runs: the copy reads one state of the file, but
/// the proof compares the file as it is afterwards.
pub fn copy_all(from: &mut Store, to: &mut Store, progress: &mut dyn Progress) -> Result<TransferReport> {
    if from.conn().dialect() != Dialect::Sqlite {
        return Err(Error::Conflict(
            "markt migrate kopieert uit een SQLite-bestand (--db); de bron is een PostgreSQL-database".into(),
        ));
    }
    if to.conn().dialect() != Dialect::Postgres {
        return Err(Error::Conflict(
            "markt migrate kopieert naar een lege PostgreSQL-database (--to postgres://…); het doel is SQLite".into(),
        ));
    }
    let (source_version, target_version) = (super::stored_version(from.conn())?, super::stored_version(to.conn())?);
    if source_version != target_version {
        return Err(Error::Conflict(format!(
            "het bestand heeft schemaversie {source_version}, de PostgreSQL-database {target_version}: \
             open beide eerst met deze versie van markt"
        )));
    }

    let started = Instant::now();
    let (tables, (notes, rows)) = {
        let source = from.conn();
        // One state of the file, also when a desk writes to it meanwhile.
        let snapshot = source.begin(Begin::Read)?;
        let tables = tables_in_order(source)?;
        let copied = to.write(|tx| copy_tables(source, tx, &tables, progress))?;
        snapshot.commit()?;
        (tables, copied)
    };
    let copy_time = started.elapsed();

    let started = Instant::now();
    let mut report = prove(from, to, &tables, progress)?;
    report.copy_time = copy_time;
    report.proof_time = started.elapsed();
    report.notes = notes;
    report.rows = rows;
    Ok(report)
}

/// The file's tables, each after the tables it refers to ([`INSERT_BEFORE`] included);
/// among tables free to go, by name.
fn tables_in_order(c: &Connection) -> Result<Vec<Table>> {
    let names = c.table_names()?;
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut tables = BTreeMap::new();
    for name in &names {
        let mut parents: BTreeSet<String> = c
            .prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")?
            .query_map([name], |r| r.get(0))?
            .collect::<super::SqlResult<_>>()?;
        parents.remove(name); // a version based on an earlier one: id order sees to that
        for (first, then) in INSERT_BEFORE {
            if then == name && names.iter().any(|n| n == first) {
                parents.insert((*first).to_string());
            }
        }
        needs.insert(name.clone(), parents);
        let columns: Vec<(String, i64)> = c
            .prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<super::SqlResult<_>>()?;
        let mut key: Vec<&(String, i64)> = columns.iter().filter(|(_, pk)| *pk > 0).collect();
        key.sort_by_key(|(_, pk)| *pk);
        let columns: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
        let key = if key.is_empty() { columns.clone() } else { key.into_iter().map(|(n, _)| n.clone()).collect() };
        tables.insert(name.clone(), Table { name: name.clone(), columns, key });
    }
    let mut order = Vec::with_capacity(names.len());
    let mut done: BTreeSet<String> = BTreeSet::new();
    while done.len() < names.len() {
        let ready: Vec<String> = needs
            .iter()
            .filter(|(n, parents)| {
                !done.contains(*n) && parents.iter().all(|p| done.contains(p) || !needs.contains_key(p))
            })
            .map(|(n, _)| n.clone())
            .collect();
        if ready.is_empty() {
            let left: Vec<&String> = needs.keys().filter(|n| !done.contains(*n)).collect();
            return Err(Error::Conflict(format!(
                "de tabellen {left:?} verwijzen in een kring naar elkaar: geen volgorde om te kopiëren"
            )));
        }
        // One at a time, the first by name: the order does not depend on the map's.
        let next = ready[0].clone();
        done.insert(next.clone());
        if let Some(t) = tables.remove(&next) {
            order.push(t);
        }
    }
    Ok(order)
}

/// The target's columns of `table`, by position.
fn target_columns(c: &Connection, table: &str) -> Result<Vec<String>> {
    Ok(c.prepare(
        "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
    )?
    .query_map([table], |r| r.get(0))?
    .collect::<super::SqlResult<_>>()?)
}

fn count(c: &Connection, table: &str) -> Result<u64> {
    let n: i64 = c.query_row(&format!("SELECT count(*) FROM {}", quoted(table)), [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Inside the target's write transaction: checks that the target is empty and has the
/// file's tables and columns, then copies. Answers the notes on what was not written one to
/// one, and the number of rows copied.
fn copy_tables(
    source: &Connection,
    target: &Connection,
    tables: &[Table],
    progress: &mut dyn Progress,
) -> Result<(Vec<String>, u64)> {
    let mut notes = Vec::new();
    // The same tables with the same columns: else the copy could not be one to one.
    let target_tables: BTreeSet<String> = target.table_names()?.into_iter().collect();
    let mut mismatch = Vec::new();
    for t in tables {
        if !target_tables.contains(&t.name) {
            mismatch.push(format!("tabel {} ontbreekt", t.name));
            continue;
        }
        let theirs: BTreeSet<String> = target_columns(target, &t.name)?.into_iter().collect();
        let ours: BTreeSet<String> = t.columns.iter().cloned().collect();
        if theirs != ours {
            mismatch.push(format!(
                "{}: kolommen {:?} in het bestand, {:?} in PostgreSQL",
                t.name,
                ours.difference(&theirs).collect::<Vec<_>>(),
                theirs.difference(&ours).collect::<Vec<_>>()
            ));
        }
    }
    if !mismatch.is_empty() {
        return Err(Error::Conflict(format!(
            "het schema van de PostgreSQL-database wijkt af van dat van het bestand: {}",
            mismatch.join("; ")
        )));
    }

    // Empty: no row but the schema's own.
    let mut held = Vec::new();
    for t in tables.iter().filter(|t| !SEEDED.contains(&t.name.as_str())) {
        let n = count(target, &t.name)?;
        if n > 0 {
            held.push(format!("{} {n}", t.name));
        }
    }
    if !held.is_empty() {
        return Err(Error::Conflict(format!(
            "de PostgreSQL-database is niet leeg ({}): markt migrate kopieert alleen naar een lege database; \
             er is niets veranderd",
            held.join(", ")
        )));
    }
    for t in tables.iter().filter(|t| SEEDED.contains(&t.name.as_str())) {
        let n = count(target, &t.name)?;
        if n > 0 {
            target.execute(&format!("DELETE FROM {}", quoted(&t.name)), [])?;
            notes.push(format!(
                "{}: de {n} rij(en) die het PostgreSQL-schema zelf schrijft, vervangen door die van het bestand",
                t.name
            ));
        }
    }

    let total: u64 = tables.iter().map(|t| count(source, &t.name)).sum::<Result<u64>>()?;
    progress.phase("tabellen kopiëren", Some(total));
    let mut done = 0u64;
    // Updates that give rows their held-back values, with their parameters, run last.
    let mut later: Vec<(String, Vec<Vec<Value>>)> = Vec::new();
    for t in tables {
        let held_back: Vec<(usize, &str, &str, &str)> = HELD_BACK
            .iter()
            .filter(|(table, ..)| *table == t.name)
            .filter_map(|(_, column, value, first)| {
                t.columns.iter().position(|c| c == column).map(|i| (i, *column, *value, *first))
            })
            .collect();
        // Rows given their held-back value after the copy: the key's values, per column.
        let mut put_back: Vec<Vec<Vec<Value>>> = vec![Vec::new(); held_back.len()];
        let key_at: Vec<usize> = t.key.iter().filter_map(|k| t.columns.iter().position(|c| c == k)).collect::<Vec<_>>();

        let width = t.columns.len();
        let per_insert = (MAX_PARAMETERS / width.max(1)).clamp(1, ROWS_PER_INSERT);
        let mut batch: Vec<Value> = Vec::with_capacity(per_insert * width);
        let mut select = source.prepare(&t.select())?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..width {
                batch.push(row.get::<_, Value>(i)?);
            }
            let start = batch.len() - width;
            for (h, (i, _, value, first)) in held_back.iter().enumerate() {
                if matches!(&batch[start + i], Value::Text(v) if v == value) {
                    put_back[h].push(key_at.iter().map(|k| batch[start + k].clone()).collect());
                    batch[start + i] = Value::Text((*first).to_string());
                }
            }
            if batch.len() == per_insert * width {
                insert(target, t, &batch)?;
                done += per_insert as u64;
                batch.clear();
                if !progress.step(done) {
                    return Err(Error::Cancelled);
                }
            }
        }
        if !batch.is_empty() {
            done += (batch.len() / width) as u64;
            insert(target, t, &batch)?;
            if !progress.step(done) {
                return Err(Error::Cancelled);
            }
        }
        for ((_, column, value, first), keys) in held_back.iter().zip(put_back) {
            if keys.is_empty() {
                continue;
            }
            let set = format!(
                "UPDATE {} SET {} = ?1 WHERE {}",
                quoted(&t.name),
                quoted(column),
                t.key
                    .iter()
                    .enumerate()
                    .map(|(i, k)| format!("{} = ?{}", quoted(k), i + 2))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            );
            notes.push(format!(
                "{}: {} rij(en) eerst met {column} = '{first}' geschreven en na alle tabellen weer op '{value}' gezet",
                t.name,
                keys.len()
            ));
            let rows = keys
                .into_iter()
                .map(|key| std::iter::once(Value::Text((*value).to_string())).chain(key).collect())
                .collect();
            later.push((set, rows));
        }
    }
    // Once every child row is in: the held-back values back in place.
    for (set, rows) in later {
        let mut st = target.prepare(&set)?;
        for params in &rows {
            st.execute(params_from_iter(params.iter()))?;
        }
    }
    target.execute_batch("SELECT markt_reset_identities()")?;
    Ok((notes, done))
}

/// One multi-row `INSERT` of `values` (whole rows, the table's columns in order).
fn insert(target: &Connection, t: &Table, values: &[Value]) -> Result<()> {
    let width = t.columns.len();
    let rows = values.len() / width;
    let mut sql = format!("INSERT INTO {} ({}) VALUES ", quoted(&t.name), list(&t.columns));
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
            sql.push_str(&(r * width + c + 1).to_string());
        }
        sql.push(')');
    }
    // Full batches share one prepared statement; the last, shorter one is prepared once.
    target
        .prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))
        .map_err(|e| Error::Conflict(format!("{}: {e}", t.name)))?;
    Ok(())
}

/// A table's rows in key order, as one hash: each cell with its kind, so that 1 and '1'
/// differ, and NULL and '' too.
fn digest(c: &Connection, t: &Table) -> Result<(u64, String)> {
    let mut hash = Sha256::new();
    let mut rows = 0u64;
    let mut st = c.prepare(&t.select())?;
    let mut found = st.query([])?;
    while let Some(row) = found.next()? {
        rows += 1;
        for i in 0..t.columns.len() {
            match row.get::<_, Value>(i)? {
                Value::Null => hash.update(b"N"),
                Value::Integer(n) => {
                    hash.update(b"I");
                    hash.update(n.to_string().as_bytes());
                }
                Value::Real(r) => {
                    hash.update(b"R");
                    hash.update(r.to_string().as_bytes());
                }
                Value::Text(s) => {
                    hash.update(format!("T{}:", s.len()).as_bytes());
                    hash.update(s.as_bytes());
                }
                Value::Blob(b) => {
                    hash.update(format!("B{}:", b.len()).as_bytes());
                    hash.update(&b);
                }
            }
            hash.update(b"|");
        }
        hash.update(b"\n");
    }
    let hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((rows, hex))
}

/// The proof (see the module's comment), on the committed copy.
fn prove(from: &mut Store, to: &mut Store, tables: &[Table], progress: &mut dyn Progress) -> Result<TransferReport> {
    progress.phase("rijen vergelijken", Some(tables.len() as u64));
    let mut copies = Vec::with_capacity(tables.len());
    for (i, t) in tables.iter().enumerate() {
        let (source_rows, source_hash) = from.read(|c| digest(c, t))?;
        let (target_rows, target_hash) = to.read(|c| digest(c, t))?;
        // The count on its own as well: a digest that read fewer rows would say so too,
        // but `count(*)` is what an operator checks by hand.
        let (source_count, target_count) = (count(from.conn(), &t.name)?, count(to.conn(), &t.name)?);
        copies.push(TableCopy {
            name: t.name.clone(),
            source_rows: source_count,
            target_rows: target_count,
            same_rows: source_hash == target_hash && source_rows == target_rows,
        });
        if !progress.step(i as u64 + 1) {
            return Err(Error::Cancelled);
        }
    }

    progress.phase("markt check", None);
    let source_check = crate::check::run(from).map_err(|e| e.to_string());
    let target_check = crate::check::run(to).map_err(|e| e.to_string());
    let same_books = match (&source_check, &target_check) {
        (Ok(s), Ok(t)) => s.days == t.days && s.fine_days == t.fine_days,
        _ => false,
    };

    let source_batches = from.read(super::export::batches)?;
    let target_batches = to.read(super::export::batches)?;
    let mut batch_problems = Vec::new();
    for b in &target_batches {
        if !source_batches.iter().any(|s| s.number == b.number) {
            batch_problems.push(format!("batch {} staat alleen in PostgreSQL", b.number));
        }
    }
    let mut numbers: Vec<&crate::export::finance::Batch> = source_batches.iter().collect();
    numbers.sort_by_key(|b| b.number);
    progress.phase("batches opnieuw schrijven", Some(numbers.len() as u64));
    let mut batches = Vec::with_capacity(numbers.len());
    for (i, b) in numbers.into_iter().enumerate() {
        let source = from.read(|c| Ok(rerender(c, b.number)));
        let target = to.read(|c| Ok(rerender(c, b.number)));
        batches.push(BatchProof {
            number: b.number,
            lines: b.lines,
            sealed: b.sha256.clone(),
            source: source.unwrap_or_else(|e| Err(e.to_string())),
            target: target.unwrap_or_else(|e| Err(e.to_string())),
        });
        if !progress.step(i as u64 + 1) {
            return Err(Error::Cancelled);
        }
    }

    Ok(TransferReport {
        tables: copies,
        rows: 0,
        copy_time: Duration::ZERO,
        proof_time: Duration::ZERO,
        source_check,
        target_check,
        same_books,
        batches,
        batch_problems,
        notes: Vec::new(),
    })
}

/// Batch `number` written again from the lines `c` keeps (the finance export's own
/// writer): its SHA-256.
fn rerender(c: &Connection, number: i64) -> std::result::Result<String, String> {
    let run = || -> Result<String> {
        let batch = super::export::batch(c, number)?.ok_or_else(|| Error::not_found("batch", number))?;
        let id = super::export::batch_id(c, number)?.ok_or_else(|| Error::not_found("batch", number))?;
        let (_, _, sha256) = crate::export::finance::render(
            c,
            id,
            number,
            batch.dialect,
            batch.lines,
            &mut std::io::sink(),
            &mut Silent,
        )?;
        Ok(sha256)
    };
    run().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tables: &[Table]) -> Vec<&str> {
        tables.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn parents_come_first() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        let tables = tables_in_order(c).unwrap();
        let order = names(&tables);
        assert_eq!(order.len(), c.table_names().unwrap().len(), "every table once");
        let at = |n: &str| order.iter().position(|t| *t == n).unwrap_or_else(|| panic!("{n} missing"));
        for t in &order {
            let parents: Vec<String> = c
                .prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")
                .unwrap()
                .query_map([t], |r| r.get(0))
                .unwrap()
                .collect::<crate::db::SqlResult<_>>()
                .unwrap();
            for p in parents.iter().filter(|p| *p != t) {
                assert!(at(p) < at(t), "{p} must be copied before {t}: {order:?}");
            }
        }
        for (first, then) in INSERT_BEFORE {
            assert!(at(first) < at(then), "{first} before {then}");
        }
        let allocation = tables.iter().find(|t| t.name == "allocation").unwrap();
        assert_eq!(allocation.key, ["id"]);
        let attendance = tables.iter().find(|t| t.name == "attendance").unwrap();
        assert_eq!(attendance.key, ["market_id", "day", "vendor_id"], "the key in key order, not column order");
    }

    /// Every trigger that reads another table when a row is inserted is one the copy knows:
    /// a new one must be thought about here (does the copy's order satisfy it?).
    #[test]
    fn the_copy_knows_every_insert_trigger_that_reads_a_table() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        let triggers: Vec<(String, String, String)> = c
            .prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<crate::db::SqlResult<_>>()
            .unwrap();
        let reading: Vec<String> = triggers
            .into_iter()
            .filter(|(_, _, sql)| {
                let sql = sql.to_uppercase();
                sql.contains("BEFORE INSERT") && sql.contains("SELECT") && sql.contains(" FROM ")
            })
            .map(|(name, _, _)| name)
            .collect();
        // database_purpose: INSERT_BEFORE. The allocation rows: HELD_BACK. A negative
        // finance line: its positive line was exported by an earlier batch, so key order
        // (batch, line) copies it first.
        assert_eq!(
            reading,
            [
                "allocation_assignment_published_no_insert",
                "allocation_result_published_no_insert",
                "database_purpose_only_when_empty",
                "finance_batch_line_negative_needs_positive",
            ]
        );
    }

    #[test]
    fn only_from_sqlite_to_postgres() {
        let mut from = Store::open_in_memory().unwrap();
        let mut to = Store::open_in_memory().unwrap();
        let e = copy_all(&mut from, &mut to, &mut Silent).unwrap_err().to_string();
        assert!(e.contains("PostgreSQL"), "{e}");
    }

    #[test]
    fn a_table_is_read_by_its_columns_in_key_order() {
        let t = Table { name: "t".into(), columns: vec!["a".into(), "b".into()], key: vec!["a".into()] };
        assert_eq!(t.select(), "SELECT \"a\", \"b\" FROM \"t\" ORDER BY \"a\"");
    }
}

//! The two database engines behind one connection: SQLite (the embedded default) and
//! PostgreSQL (a city's database server). The storage modules write their SQL once, with
//! SQLite's `?1` parameters, and read columns with [`Row::get`]; this module runs it on
//! either engine.
//!
//! PostgreSQL's values are read into SQLite's value model (an integer, a real, text, a blob)
//! before the column's type converts them, so every type that can be read from SQLite reads
//! the same from PostgreSQL, and what leaves the program is the same byte for byte: a `date`
//! reads as the text `2026-11-27` SQLite stores, a `timestamptz` as `2026-11-27T09:30:00Z`,
//! a `boolean` as 0 or 1, a `sum` (PostgreSQL's `numeric`) as an integer when it is whole.
//! Parameters go to PostgreSQL as text, which the server converts to the column's type (the
//! text SQLite stores for a day is a valid `date`).
//!
//! Where the SQL of the two engines differs, a storage function asks [`Connection::dialect`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error as StdError;

use postgres::types::{Format, IsNull, Type};
use rusqlite::types::{FromSql, ToSql, ToSqlOutput, Value, ValueRef};

use crate::error::EngineError;

/// Which SQL the connection speaks, for the few statements written twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A failure of a statement: no row where one was asked for, or the engine's error.
#[derive(Debug)]
pub enum SqlError {
    NoRows,
    Engine(EngineError),
    /// The server ended the connection (PostgreSQL restarted, an administrator ended it).
    Lost(EngineError),
}

pub type SqlResult<T> = std::result::Result<T, SqlError>;

impl SqlError {
    /// A column that holds what its type cannot be made of (an unknown code, a bad date).
    pub fn conversion(column: usize, e: impl std::fmt::Display) -> SqlError {
        SqlError::Engine(EngineError { message: format!("column {column}: {e}"), busy: false })
    }
}

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SqlError::NoRows => f.write_str("query returned no rows"),
            SqlError::Engine(e) | SqlError::Lost(e) => f.write_str(&e.message),
        }
    }
}

impl StdError for SqlError {}

impl From<rusqlite::Error> for SqlError {
    fn from(e: rusqlite::Error) -> SqlError {
        match e {
            rusqlite::Error::QueryReturnedNoRows => SqlError::NoRows,
            e => SqlError::Engine(e.into()),
        }
    }
}

impl From<postgres::Error> for SqlError {
    fn from(e: postgres::Error) -> SqlError {
        // Class 57: the server shut the session down (admin_shutdown, crash_shutdown, …).
        let lost = e.is_closed() || e.code().is_some_and(|c| c.code().starts_with("57P"));
        if lost { SqlError::Lost(e.into()) } else { SqlError::Engine(e.into()) }
    }
}

impl From<postgres::Error> for EngineError {
    fn from(e: postgres::Error) -> EngineError {
        use postgres::error::SqlState;
        let busy = e.code().is_some_and(|c| {
            [SqlState::T_R_SERIALIZATION_FAILURE, SqlState::T_R_DEADLOCK_DETECTED, SqlState::LOCK_NOT_AVAILABLE]
                .contains(c)
        });
        // The server's own words (a trigger's "a finance batch is never edited"), not the
        // client's "db error: ERROR: …" wrapping.
        let message = match e.as_db_error() {
            Some(db) => match db.detail() {
                Some(detail) => format!("{} ({detail})", db.message()),
                None => db.message().to_string(),
            },
            None => e.to_string(),
        };
        EngineError { message, busy }
    }
}

impl From<SqlError> for EngineError {
    fn from(e: SqlError) -> EngineError {
        match e {
            SqlError::NoRows => EngineError { message: e.to_string(), busy: false },
            SqlError::Engine(e) | SqlError::Lost(e) => e,
        }
    }
}

/// `.optional()` on a single-row query: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> SqlResult<Option<T>>;
}

impl<T> OptionalExtension<T> for SqlResult<T> {
    fn optional(self) -> SqlResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(SqlError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

// ── Parameters ───────────────────────────────────────────────────────────────────────────

/// The parameters of a statement: `params![…]`, a tuple, an array, `[]`.
pub trait Params {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R;
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[])
    }
}

impl Params for () {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[])
    }
}

impl Params for &[&dyn ToSql] {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(self)
    }
}

impl Params for &Vec<&dyn ToSql> {
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(self)
    }
}

/// Parameters from a list made at run time (a search with optional filters).
pub struct FromIter<I>(pub I);

pub fn params_from_iter<I>(iter: I) -> FromIter<I> {
    FromIter(iter)
}

impl<I> Params for FromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        let owned: Vec<I::Item> = self.0.into_iter().collect();
        let refs: Vec<&dyn ToSql> = owned.iter().map(|v| v as &dyn ToSql).collect();
        f(&refs)
    }
}

macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
                let refs: Vec<&dyn ToSql> = self.iter().map(|v| v as &dyn ToSql).collect();
                f(&refs)
            }
        }
        impl<T: ToSql + ?Sized> Params for &[&T; $n] {
            fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
                let refs: Vec<&dyn ToSql> = self.iter().map(|v| v as &dyn ToSql).collect();
                f(&refs)
            }
        }
    )+};
}

array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

macro_rules! tuple_params {
    ($(($($t:ident $i:tt),+))+) => {$(
        impl<$($t: ToSql),+> Params for ($($t,)+) {
            fn with_values<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
                f(&[$(&self.$i as &dyn ToSql),+])
            }
        }
    )+};
}

tuple_params!(
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
);

/// `params![a, b, c]`: a statement's parameters of mixed types.
#[macro_export]
macro_rules! sql_params {
    () => {
        &[] as &[&dyn rusqlite::ToSql]
    };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn rusqlite::ToSql),+] as &[&dyn rusqlite::ToSql]
    };
}

pub use crate::sql_params as params;

/// A parameter as PostgreSQL receives it: its text (or NULL), which the server converts to
/// the type the statement gives the parameter.
#[derive(Debug)]
struct PgParam(Option<Vec<u8>>);

impl PgParam {
    fn of(p: &dyn ToSql) -> SqlResult<PgParam> {
        let out = p.to_sql()?;
        let value = match &out {
            ToSqlOutput::Borrowed(v) => *v,
            ToSqlOutput::Owned(v) => ValueRef::from(v),
            _ => return Err(SqlError::conversion(0, "a parameter of an unknown kind")),
        };
        Ok(PgParam(match value {
            ValueRef::Null => None,
            ValueRef::Integer(i) => Some(i.to_string().into_bytes()),
            ValueRef::Real(r) => Some(r.to_string().into_bytes()),
            ValueRef::Text(t) => Some(t.to_vec()),
            ValueRef::Blob(b) => Some(hex_bytea(b)),
        }))
    }
}

/// `bytea`'s text input: `\x` and hex digits.
fn hex_bytea(bytes: &[u8]) -> Vec<u8> {
    let mut out = b"\\x".to_vec();
    for b in bytes {
        out.extend_from_slice(format!("{b:02x}").as_bytes());
    }
    out
}

impl postgres::types::ToSql for PgParam {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match &self.0 {
            None => Ok(IsNull::Yes),
            Some(text) => {
                out.extend_from_slice(text);
                Ok(IsNull::No)
            }
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> Format {
        Format::Text
    }

    postgres::types::to_sql_checked!();
}

fn pg_params(values: &[&dyn ToSql]) -> SqlResult<Vec<PgParam>> {
    values.iter().map(|v| PgParam::of(*v)).collect()
}

fn pg_refs(params: &[PgParam]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn postgres::types::ToSql + Sync)).collect()
}

// ── Values read from PostgreSQL ──────────────────────────────────────────────────────────

/// A PostgreSQL value in SQLite's value model (see the module's comment).
struct PgValue(Value);

impl<'a> postgres::types::FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<PgValue, Box<dyn StdError + Sync + Send>> {
        let v = match *ty {
            Type::BOOL => Value::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::INT2 => Value::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::INT4 => Value::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(i64::from(u32::from_sql(ty, raw)?)),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::DATE => Value::Text(chrono::NaiveDate::from_sql(ty, raw)?.format("%Y-%m-%d").to_string()),
            Type::TIMESTAMPTZ => Value::Text(
                chrono::DateTime::<chrono::Utc>::from_sql(ty, raw)?.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            ),
            Type::TIMESTAMP => {
                Value::Text(chrono::NaiveDateTime::from_sql(ty, raw)?.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            }
            Type::BYTEA => Value::Blob(raw.to_vec()),
            _ => Value::Text(String::from_sql(ty, raw)?),
        };
        Ok(PgValue(v))
    }

    fn from_sql_null(_ty: &Type) -> Result<PgValue, Box<dyn StdError + Sync + Send>> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary `numeric` (what `sum` of integers gives): an integer when whole (a
/// sum of cents always is), else a real.
fn numeric(raw: &[u8]) -> Result<Value, Box<dyn StdError + Sync + Send>> {
    let word = |i: usize| -> Result<u16, Box<dyn StdError + Sync + Send>> {
        raw.get(2 * i..2 * i + 2).map(|b| u16::from_be_bytes([b[0], b[1]])).ok_or_else(|| "a short numeric".into())
    };
    let digits = usize::from(word(0)?);
    let weight = i32::from(word(1)? as i16);
    let sign = word(2)?;
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut whole: i128 = 0;
    let mut fraction = 0.0f64;
    for i in 0..digits {
        let d = i128::from(word(4 + i)?);
        let power = weight - i32::try_from(i)?;
        if power >= 0 {
            whole = whole * 10_000 + d;
        } else {
            fraction += d as f64 * 10_000f64.powi(power);
        }
    }
    // Trailing zero groups are not sent: scale up to the weight.
    let sent_whole = i32::try_from(digits)?.min(weight + 1).max(0);
    for _ in sent_whole..(weight + 1) {
        whole *= 10_000;
    }
    let negative = sign == 0x4000;
    if fraction == 0.0 {
        let v = i64::try_from(whole)?;
        Ok(Value::Integer(if negative { -v } else { v }))
    } else {
        let v = whole as f64 + fraction;
        Ok(Value::Real(if negative { -v } else { v }))
    }
}

/// A column's position (from 0); a trait only so that `r.get::<_, T>(0)` reads as in rusqlite.
pub trait ColumnIndex {
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// One row of a result, on either engine.
pub struct Row<'a>(RowOf<'a>);

enum RowOf<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// How many columns the row has.
    pub fn column_count(&self) -> usize {
        match self.0 {
            RowOf::Sqlite(r) => AsRef::<rusqlite::Statement<'_>>::as_ref(r).column_count(),
            RowOf::Postgres(r) => r.len(),
        }
    }

    /// Column `idx` (from 0) as `T`.
    pub fn get<I: ColumnIndex, T: FromSql>(&self, idx: I) -> SqlResult<T> {
        let idx = idx.index();
        match self.0 {
            RowOf::Sqlite(r) => Ok(r.get(idx)?),
            RowOf::Postgres(r) => {
                let PgValue(v) = r.try_get(idx)?;
                T::column_result(ValueRef::from(&v)).map_err(|e| SqlError::conversion(idx, e))
            }
        }
    }
}

// ── Connections ──────────────────────────────────────────────────────────────────────────

/// An open database on either engine.
pub struct Connection(Engine);

enum Engine {
    Sqlite(rusqlite::Connection),
    Postgres(Box<Pg>),
}

struct Pg {
    client: RefCell<postgres::Client>,
    /// Prepared statements by their SQL as written (the server keeps the plans).
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// Rows the last `execute` touched.
    changes: Cell<u64>,
    /// Open transactions and savepoints (SQLite knows this itself).
    depth: Cell<u32>,
}

/// What a transaction is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Begin {
    /// Writes: one writer at a time, as SQLite's `BEGIN IMMEDIATE` (see [`WRITE_LOCK`]).
    Write,
    /// Reads that must see one state.
    Read,
}

/// On PostgreSQL every write transaction first takes this advisory lock, so that writers
/// run one at a time as they do on SQLite: a rule that checks and then writes (the next
/// invoice number, one permit per vendor and day, no permit after the day close) stays
/// right with any number of desks, without a retry loop around every clerk action. Readers
/// are never held up (PostgreSQL's snapshots), and a write takes milliseconds.
pub(crate) const WRITE_LOCK: i64 = 0x4D4B_544B;

impl Connection {
    pub(crate) fn sqlite(conn: rusqlite::Connection) -> Connection {
        Connection(Engine::Sqlite(conn))
    }

    pub(crate) fn postgres(client: postgres::Client) -> Connection {
        Connection(Engine::Postgres(Box::new(Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            changes: Cell::new(0),
            depth: Cell::new(0),
        })))
    }

    pub fn dialect(&self) -> Dialect {
        match self.0 {
            Engine::Sqlite(_) => Dialect::Sqlite,
            Engine::Postgres(_) => Dialect::Postgres,
        }
    }

    /// `sqlite` on SQLite, `postgres` on PostgreSQL: a statement the two engines say
    /// differently.
    pub fn sql<'a>(&self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self.dialect() {
            Dialect::Sqlite => sqlite,
            Dialect::Postgres => postgres,
        }
    }

    /// The SQLite connection underneath, for what only SQLite has (its pragmas, its backup
    /// API, its file checks); `None` on PostgreSQL.
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.0 {
            Engine::Sqlite(c) => Some(c),
            Engine::Postgres(_) => None,
        }
    }

    pub(crate) fn as_sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.0 {
            Engine::Sqlite(c) => Some(c),
            Engine::Postgres(_) => None,
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> SqlResult<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// Runs several statements without parameters.
    pub fn execute_batch(&self, sql: &str) -> SqlResult<()> {
        match &self.0 {
            Engine::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Engine::Postgres(pg) => Ok(pg.client.borrow_mut().batch_execute(sql)?),
        }
    }

    /// The first row of a query, through `f`; [`SqlError::NoRows`] without one.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> SqlResult<T>,
    ) -> SqlResult<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// A statement, prepared once per connection and kept.
    pub fn prepare_cached(&self, sql: &str) -> SqlResult<Statement<'_>> {
        match &self.0 {
            Engine::Sqlite(c) => Ok(Statement(StatementOf::Sqlite(c.prepare_cached(sql)?))),
            Engine::Postgres(pg) => Ok(Statement(StatementOf::Postgres(pg, pg.statement(sql)?))),
        }
    }

    /// A statement used once (SQL built at run time).
    pub fn prepare(&self, sql: &str) -> SqlResult<Statement<'_>> {
        match &self.0 {
            Engine::Sqlite(c) => Ok(Statement(StatementOf::SqliteOnce(c.prepare(sql)?))),
            // PostgreSQL keeps every statement it prepared for the connection (a search's SQL
            // differs by its filters, not by each call).
            Engine::Postgres(pg) => Ok(Statement(StatementOf::Postgres(pg, pg.statement(sql)?))),
        }
    }

    /// Drops the prepared statements: after another program (`pg_restore`) replaced the
    /// tables, the plans would point at tables that are gone.
    pub(crate) fn forget_statements(&self) -> SqlResult<()> {
        match &self.0 {
            Engine::Sqlite(c) => {
                c.flush_prepared_statement_cache();
                Ok(())
            }
            Engine::Postgres(pg) => {
                pg.statements.borrow_mut().clear();
                Ok(pg.client.borrow_mut().batch_execute("DEALLOCATE ALL")?)
            }
        }
    }

    /// The names of the program's tables, sorted.
    pub fn table_names(&self) -> SqlResult<Vec<String>> {
        let sql = match self.dialect() {
            Dialect::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Dialect::Postgres => {
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            }
        };
        self.prepare(sql)?.query_map([], |r| r.get(0))?.collect()
    }

    /// The id the last insert on this connection was given.
    pub fn last_insert_rowid(&self) -> SqlResult<i64> {
        match &self.0 {
            Engine::Sqlite(c) => Ok(c.last_insert_rowid()),
            // The identity sequence the last insert used; no trigger of the schema inserts.
            Engine::Postgres(_) => self.query_row("SELECT lastval()", [], |r| r.get(0)),
        }
    }

    /// Rows the last statement changed.
    pub fn changes(&self) -> u64 {
        match &self.0 {
            Engine::Sqlite(c) => c.changes(),
            Engine::Postgres(pg) => pg.changes.get(),
        }
    }

    /// No transaction is open.
    pub(crate) fn is_autocommit(&self) -> bool {
        match &self.0 {
            Engine::Sqlite(c) => c.is_autocommit(),
            Engine::Postgres(pg) => pg.depth.get() == 0,
        }
    }

    /// Opens a transaction, or a savepoint inside an open one; [`Connection::finish`] ends
    /// it. See [`Connection::begin`] for the form that ends itself.
    pub(crate) fn open(&self, kind: Begin) -> SqlResult<Level> {
        let level = if self.is_autocommit() {
            match (&self.0, kind) {
                (Engine::Sqlite(_), Begin::Write) => self.execute_batch("BEGIN IMMEDIATE")?,
                (Engine::Sqlite(_), Begin::Read) => self.execute_batch("BEGIN DEFERRED")?,
                (Engine::Postgres(_), Begin::Write) => {
                    self.execute_batch("BEGIN ISOLATION LEVEL READ COMMITTED")?;
                    if let Err(e) = self.query_row("SELECT pg_advisory_xact_lock(?1)", [WRITE_LOCK], |_| Ok(())) {
                        let _ = self.execute_batch("ROLLBACK");
                        return Err(e);
                    }
                }
                (Engine::Postgres(_), Begin::Read) => self.execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ")?,
            }
            Level::Transaction
        } else {
            self.execute_batch("SAVEPOINT markt")?;
            Level::Savepoint
        };
        if let Engine::Postgres(pg) = &self.0 {
            pg.depth.set(pg.depth.get() + 1);
        }
        Ok(level)
    }

    /// Ends what [`Connection::open`] opened: keeps its writes, or drops them.
    pub(crate) fn finish(&self, level: Level, keep: bool) -> SqlResult<()> {
        if let Engine::Postgres(pg) = &self.0 {
            pg.depth.set(pg.depth.get().saturating_sub(1));
        }
        let sql = match (level, keep) {
            (Level::Transaction, true) => "COMMIT",
            (Level::Transaction, false) => "ROLLBACK",
            (Level::Savepoint, true) => "RELEASE markt",
            (Level::Savepoint, false) => "ROLLBACK TO markt; RELEASE markt",
        };
        self.execute_batch(sql)
    }

    /// Opens a transaction (or savepoint) that is rolled back unless committed, also when
    /// the code inside returns early or panics.
    pub(crate) fn begin(&self, kind: Begin) -> SqlResult<Open<'_>> {
        Ok(self.guard(self.open(kind)?))
    }

    /// The guard of what [`Connection::open`] opened: rolled back unless committed.
    pub(crate) fn guard(&self, level: Level) -> Open<'_> {
        Open { conn: self, level: Some(level) }
    }
}

/// Whether [`Connection::open`] opened a transaction or a savepoint inside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Transaction,
    Savepoint,
}

/// An open transaction (or savepoint), rolled back when dropped without [`Open::commit`].
pub(crate) struct Open<'c> {
    conn: &'c Connection,
    level: Option<Level>,
}

impl Open<'_> {
    pub(crate) fn commit(mut self) -> SqlResult<()> {
        match self.level.take() {
            Some(level) => self.conn.finish(level, true),
            None => Ok(()),
        }
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        if let Some(level) = self.level.take() {
            // The error that ended the transaction matters more than a failed rollback.
            let _ = self.conn.finish(level, false);
        }
    }
}

impl Pg {
    /// Runs a prepared query; all its rows.
    fn query(&self, st: &postgres::Statement, params: impl Params) -> SqlResult<Vec<postgres::Row>> {
        let values = params.with_values(pg_params)?;
        Ok(self.client.borrow_mut().query(st, &pg_refs(&values))?)
    }

    fn statement(&self, sql: &str) -> SqlResult<postgres::Statement> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self.prepare(sql)?;
        self.statements.borrow_mut().insert(sql.to_string(), st.clone());
        Ok(st)
    }

    /// Prepares `sql`. A parameter whose type the statement does not decide (`?2 IS NULL`,
    /// `SELECT ?1`) is text, as SQLite takes it: PostgreSQL asks, so it is told.
    fn prepare(&self, sql: &str) -> SqlResult<postgres::Statement> {
        let sql = postgres_sql(sql);
        let mut types: Vec<Type> = Vec::new();
        // A statement PostgreSQL refuses ends the open transaction: asked inside a savepoint,
        // only the savepoint is lost.
        let guarded = self.depth.get() > 0;
        loop {
            if guarded {
                self.client.borrow_mut().batch_execute("SAVEPOINT markt_prepare")?;
            }
            let prepared = self.client.borrow_mut().prepare_typed(&sql, &types);
            if guarded {
                let end = if prepared.is_ok() {
                    "RELEASE markt_prepare"
                } else {
                    "ROLLBACK TO markt_prepare; RELEASE markt_prepare"
                };
                self.client.borrow_mut().batch_execute(end)?;
            }
            match prepared {
                Ok(st) => return Ok(st),
                Err(e) => {
                    let Some(n) = undetermined_parameter(&e) else { return Err(e.into()) };
                    if n == 0 || types.get(n - 1).is_some_and(|t| *t == Type::TEXT) {
                        return Err(e.into());
                    }
                    if types.len() < n {
                        types.resize(n, unspecified());
                    }
                    types[n - 1] = Type::TEXT;
                }
            }
        }
    }
}

/// The parameter PostgreSQL could not give a type, from its error.
fn undetermined_parameter(e: &postgres::Error) -> Option<usize> {
    let message = e.as_db_error()?.message();
    message.strip_prefix("could not determine data type of parameter $")?.parse().ok()
}

/// "Let the server decide" in a list of parameter types (the protocol's type 0).
fn unspecified() -> Type {
    Type::new("unspecified".into(), 0, postgres::types::Kind::Pseudo, "pg_catalog".into())
}

/// SQLite's SQL as PostgreSQL's, for what is said differently everywhere: parameters
/// (`?1`, `?` become `$1`), `LIKE` (SQLite's ignores ASCII case: `ILIKE`), and SQLite's
/// planner hints, which PostgreSQL has no need of (`NOT INDEXED`, and a unary `+` before a
/// column, which keeps SQLite off an index). Quoted text is left alone.
pub(crate) fn postgres_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let chars: Vec<char> = sql.chars().collect();
    let mut next_plain = 1;
    let mut quote: Option<char> = None;
    let mut i = 0;
    let word_at = |i: usize, word: &str| -> bool {
        let w: Vec<char> = word.chars().collect();
        chars.get(i..i + w.len()).is_some_and(|s| s == w.as_slice())
            && (i == 0 || !is_word(chars[i - 1]))
            && chars.get(i + w.len()).is_none_or(|c| !is_word(*c))
    };
    while i < chars.len() {
        let ch = chars[i];
        if let Some(q) = quote {
            out.push(ch);
            if ch == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if ch == '\'' || ch == '"' {
            quote = Some(ch);
            out.push(ch);
            i += 1;
        } else if ch == '?' {
            let digits: String = chars[i + 1..].iter().take_while(|d| d.is_ascii_digit()).collect();
            out.push('$');
            if digits.is_empty() {
                out.push_str(&next_plain.to_string());
                next_plain += 1;
            } else {
                out.push_str(&digits);
            }
            i += 1 + digits.len();
        } else if ch == '+'
            && i > 0
            && (chars[i - 1].is_whitespace() || chars[i - 1] == '(')
            && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic())
        {
            i += 1;
        } else if word_at(i, "NOT INDEXED") {
            i += "NOT INDEXED".len();
        } else if word_at(i, "LIKE") {
            out.push_str("ILIKE");
            i += 4;
        } else {
            out.push(ch);
            i += 1;
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

// ── Statements and their rows ────────────────────────────────────────────────────────────

/// A prepared statement.
pub struct Statement<'c>(StatementOf<'c>);

enum StatementOf<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    SqliteOnce(rusqlite::Statement<'c>),
    Postgres(&'c Pg, postgres::Statement),
}

/// A statement as one engine runs it.
enum Target<'s, 'c> {
    Sqlite(&'s mut rusqlite::Statement<'c>),
    Postgres(&'c Pg, &'s postgres::Statement),
}

impl<'c> Statement<'c> {
    fn target(&mut self) -> Target<'_, 'c> {
        match &mut self.0 {
            StatementOf::Sqlite(st) => Target::Sqlite(st),
            StatementOf::SqliteOnce(st) => Target::Sqlite(st),
            StatementOf::Postgres(pg, st) => Target::Postgres(pg, st),
        }
    }

    /// Runs the statement; the number of rows it changed.
    pub fn execute(&mut self, params: impl Params) -> SqlResult<usize> {
        match self.target() {
            Target::Sqlite(st) => {
                params.with_values(|v| st.execute(rusqlite::params_from_iter(v.iter())).map_err(SqlError::from))
            }
            Target::Postgres(pg, st) => {
                let values = params.with_values(pg_params)?;
                let n = pg.client.borrow_mut().execute(st, &pg_refs(&values))?;
                pg.changes.set(n);
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            }
        }
    }

    /// Whether the query gives a row.
    pub fn exists(&mut self, params: impl Params) -> SqlResult<bool> {
        match self.target() {
            Target::Sqlite(st) => {
                params.with_values(|v| st.exists(rusqlite::params_from_iter(v.iter())).map_err(SqlError::from))
            }
            Target::Postgres(pg, st) => Ok(!pg.query(st, params)?.is_empty()),
        }
    }

    /// The first row through `f`; [`SqlError::NoRows`] without one.
    pub fn query_row<T>(&mut self, params: impl Params, f: impl FnOnce(&Row<'_>) -> SqlResult<T>) -> SqlResult<T> {
        match self.target() {
            Target::Sqlite(st) => params.with_values(|v| {
                let mut rows = st.query(rusqlite::params_from_iter(v.iter()))?;
                match rows.next()? {
                    Some(r) => f(&Row(RowOf::Sqlite(r))),
                    None => Err(SqlError::NoRows),
                }
            }),
            Target::Postgres(pg, st) => match pg.query(st, params)?.first() {
                Some(r) => f(&Row(RowOf::Postgres(r))),
                None => Err(SqlError::NoRows),
            },
        }
    }

    /// The rows, one at a time (SQLite streams them; PostgreSQL's arrive whole).
    pub fn query(&mut self, params: impl Params) -> SqlResult<Rows<'_>> {
        match self.target() {
            // rusqlite binds the parameters into the statement: the values need not outlive
            // this call.
            Target::Sqlite(st) => {
                let rows = params.with_values(move |v| st.query(rusqlite::params_from_iter(v.iter())))?;
                Ok(Rows(RowsOf::Sqlite(rows)))
            }
            Target::Postgres(pg, st) => Ok(Rows(RowsOf::Postgres(pg.query(st, params)?.into_iter(), None))),
        }
    }

    /// Each row through `f`.
    pub fn query_map<T, F>(&mut self, params: impl Params, f: F) -> SqlResult<MappedRows<'_, F>>
    where
        F: FnMut(&Row<'_>) -> SqlResult<T>,
    {
        Ok(MappedRows { rows: self.query(params)?, f })
    }
}

/// The rows of a query.
pub struct Rows<'s>(RowsOf<'s>);

enum RowsOf<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<postgres::Row>, Option<postgres::Row>),
}

impl Rows<'_> {
    /// The next row, or `None` after the last. Not an `Iterator`: the row borrows the rows.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> SqlResult<Option<Row<'_>>> {
        match &mut self.0 {
            RowsOf::Sqlite(rows) => Ok(rows.next()?.map(|r| Row(RowOf::Sqlite(r)))),
            RowsOf::Postgres(rows, current) => {
                *current = rows.next();
                Ok(current.as_ref().map(|r| Row(RowOf::Postgres(r))))
            }
        }
    }
}

/// The rows of a query, each through a function.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> SqlResult<T>,
{
    type Item = SqlResult<T>;

    fn next(&mut self) -> Option<SqlResult<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

impl From<SqlError> for crate::error::StoreError {
    fn from(e: SqlError) -> crate::error::StoreError {
        crate::error::StoreError::Engine(e.into())
    }
}

impl From<SqlError> for crate::error::Error {
    fn from(e: SqlError) -> crate::error::Error {
        crate::error::Error::Store(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::postgres_sql;

    /// PostgreSQL's binary numeric: digit count, weight, sign, scale, base-10000 digits.
    fn numeric_bytes(weight: i16, sign: u16, digits: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for word in [digits.len() as u16, weight as u16, sign, 0] {
            out.extend_from_slice(&word.to_be_bytes());
        }
        for d in digits {
            out.extend_from_slice(&d.to_be_bytes());
        }
        out
    }

    #[test]
    fn a_sum_reads_as_an_integer_when_whole() {
        use rusqlite::types::Value;
        let read = |w, s, d: &[u16]| super::numeric(&numeric_bytes(w, s, d)).unwrap();
        assert_eq!(read(1, 0, &[1234, 5678]), Value::Integer(12_345_678));
        assert_eq!(read(1, 0, &[1]), Value::Integer(10_000), "trailing zero groups are not sent");
        assert_eq!(read(2, 0x4000, &[3]), Value::Integer(-300_000_000));
        assert_eq!(read(0, 0, &[]), Value::Integer(0));
        assert_eq!(read(0, 0, &[1, 5000]), Value::Real(1.5));
        assert!(super::numeric(&[0, 1]).is_err(), "a short value is an error, not a panic");
    }

    #[test]
    fn sqlite_sql_becomes_postgres_sql() {
        assert_eq!(
            postgres_sql("SELECT a FROM t WHERE b = ?1 AND c = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = $12"
        );
        assert_eq!(postgres_sql("VALUES (?, ?)"), "VALUES ($1, $2)");
        assert_eq!(postgres_sql("WHERE x = '?1' AND y = ?2"), "WHERE x = '?1' AND y = $2", "quoted text stays");
        assert_eq!(postgres_sql("WHERE n LIKE ?1 AND m ILIKE ?2"), "WHERE n ILIKE $1 AND m ILIKE $2");
        assert_eq!(postgres_sql("WHERE p.id = ?1 AND +p.day <= ?2"), "WHERE p.id = $1 AND p.day <= $2");
        assert_eq!(postgres_sql("SELECT a + b, ?1 + 1"), "SELECT a + b, $1 + 1", "addition stays");
        assert_eq!(postgres_sql("FROM vendor NOT INDEXED WHERE"), "FROM vendor  WHERE");
    }
}

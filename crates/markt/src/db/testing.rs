//! Stores for tests, on the engine the test run asks for: the core's tests run once on
//! SQLite and once on PostgreSQL (`./dev test` sets [`POSTGRES_ENV`] to a throwaway
//! cluster's URL for the second run).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Store;

/// The URL of a PostgreSQL database a test run may create databases from.
pub const POSTGRES_ENV: &str = "MARKTKANTOOR_TEST_POSTGRES";

/// The PostgreSQL server the tests run on, if any.
pub fn postgres() -> Option<String> {
    std::env::var(POSTGRES_ENV).ok().filter(|v| !v.is_empty())
}

/// A new, empty store: in memory, or a new database on the test run's PostgreSQL server.
pub fn fresh_store() -> Store {
    match postgres() {
        Some(url) => Store::open(Path::new(&new_database(&url))).expect("a new PostgreSQL database"),
        None => Store::open_in_memory().expect("a store in memory"),
    }
}

/// Where a test keeps a database it opens more than once: `name` in `dir`, or a new
/// database on the test run's PostgreSQL server.
pub fn fresh_location(dir: &Path, name: &str) -> PathBuf {
    match postgres() {
        Some(url) => PathBuf::from(new_database(&url)),
        None => dir.join(name),
    }
}

/// Creates an empty database on the server of `url`; its URL.
pub fn new_database(url: &str) -> String {
    create_database(url, None).1
}

/// Creates a database on the server of `url`, empty or as a copy of `template`; its name
/// and URL.
fn create_database(url: &str, template: Option<&str>) -> (String, String) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "markt_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0)
    );
    let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("the test run's PostgreSQL server");
    let from = template.unwrap_or("template0");
    admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {from} ENCODING 'UTF8'")).expect("a test database");
    let made = with_database(url, &name);
    (name, made)
}

/// A copy of the SQLite database `file` for one test: the file copied into `dir`, or, when
/// the test run has a PostgreSQL server, a new database cloned from a template that holds
/// `file`'s rows (moved there once per test process by [`super::transfer::copy_all`]: a
/// demo city is built on SQLite in seconds, and cloned by PostgreSQL in less).
pub fn copy_of(file: &Path, dir: &Path) -> PathBuf {
    let Some(url) = postgres() else {
        let db = dir.join(file.file_name().unwrap_or(std::ffi::OsStr::new("markt.sqlite")));
        std::fs::copy(file, &db).expect("a copy of the database");
        return db;
    };
    static TEMPLATES: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());
    let mut templates = TEMPLATES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let template = match templates.iter().find(|(f, _)| f == file) {
        Some((_, name)) => name.clone(),
        None => {
            let (name, template_url) = create_database(&url, None);
            let mut from = Store::open(file).expect("the SQLite database to copy");
            let mut to = Store::open(Path::new(&template_url)).expect("the template database");
            super::transfer::copy_all(&mut from, &mut to, &mut crate::progress::Silent).expect("the copy");
            // PostgreSQL clones a database only when nobody is connected to it.
            drop(to);
            templates.push((file.to_path_buf(), name.clone()));
            name
        }
    };
    PathBuf::from(create_database(&url, Some(&template)).1)
}

/// Every table's rows as text, each table's rows sorted: what a test compares before and
/// after (a refused action, an import that changes nothing, a copy to the other engine).
/// The engine's own bookkeeping (PostgreSQL's `marktkantoor_schema`) is left out.
pub fn table_rows(store: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    let c = store.conn();
    let tables = c.table_names().expect("the tables");
    tables
        .into_iter()
        .filter(|t| t != "marktkantoor_schema")
        .map(|t| {
            let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).expect("a table's rows");
            let mut rows: Vec<String> = st
                .query_map([], |r| {
                    let cells = (0..r.column_count())
                        .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                        .collect::<super::SqlResult<Vec<_>>>()?;
                    Ok(cells.join("|"))
                })
                .expect("a table's rows")
                .collect::<super::SqlResult<_>>()
                .expect("a table's rows");
            rows.sort();
            (t, rows)
        })
        .collect()
}

/// `url` with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let Some(scheme) = url.find("://") else { return url.to_string() };
    let rest = &url[scheme + 3..];
    let path_at = rest.find('/').map(|i| scheme + 3 + i);
    let query_at = url.find('?').unwrap_or(url.len());
    match path_at {
        Some(p) if p < query_at => format!("{}/{name}{}", &url[..p], &url[query_at..]),
        _ => format!("{}/{name}{}", &url[..query_at], &url[query_at..]),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn another_database_on_the_same_server() {
        assert_eq!(
            with_database("postgresql:///markt?host=/tmp/pg&user=markt", "t1"),
            "postgresql:///t1?host=/tmp/pg&user=markt"
        );
        assert_eq!(with_database("postgres://u:p@db.example:5432/markt", "t1"), "postgres://u:p@db.example:5432/t1");
        assert_eq!(with_database("postgres://db.example", "t1"), "postgres://db.example/t1");
    }
}

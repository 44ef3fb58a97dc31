//! How the domain's ids and codes are stored (an id as its integer, a code as its stored
//! text: `"vpl"`, `"pin"`), and how SQLite's errors become the core's. Kept here so that no
//! SQLite type appears in `ids.rs`, `code.rs` or `error.rs`: the domain knows nothing of
//! the engine that stores it.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::code::*;
use crate::error::{EngineError, Error, StoreError};

impl From<rusqlite::Error> for EngineError {
    fn from(e: rusqlite::Error) -> EngineError {
        let busy = matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        EngineError { message: e.to_string(), busy }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Engine(e.into())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Store(e.into())
    }
}

macro_rules! id_columns {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        impl ToSql for crate::ids::$name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl FromSql for crate::ids::$name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(v).map(crate::ids::$name)
            }
        }
    )+};
}

crate::ids::for_each_id!(id_columns);

macro_rules! code_columns {
    ($($name:ident)+) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                $name::parse(v.as_str()?).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

// Every code the tables store; one missing here does not compile where it is stored.
code_columns!(
    AllocationOutcome AllocationState Cooking Identification MarketKind ObstacleKind OverrideKind
    PaymentMethod PermitStatus Presence ProductUnit RegistrationStatus RejectionReason Role
    SampleReason StallProperty TariffUnit TicketDecision TicketStatus VatType VendorStatus Weekday
);

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::code::{PaymentMethod, VendorStatus};
    use crate::ids::VendorId;

    #[test]
    fn ids_and_codes_go_in_and_come_back_as_they_were() {
        let c = Connection::open_in_memory().unwrap();
        let (id, method): (VendorId, PaymentMethod) = c
            .query_row("SELECT ?1, ?2", (VendorId(42), PaymentMethod::OnAccount), |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((id, method), (VendorId(42), PaymentMethod::OnAccount));
        let stored: String = c.query_row("SELECT ?1", [PaymentMethod::OnAccount], |r| r.get(0)).unwrap();
        assert_eq!(stored, "op_rekening", "a code is stored as its code");
        let err = c.query_row("SELECT 'weg'", [], |r| r.get::<_, VendorStatus>(0)).unwrap_err();
        assert!(err.to_string().contains("weg"), "an unknown stored code is named: {err}");
    }

    #[test]
    fn a_database_held_by_another_writer_is_busy_and_any_other_failure_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("busy.sqlite");
        let first = Connection::open(&path).unwrap();
        first.execute_batch("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);").unwrap();
        let second = Connection::open(&path).unwrap();
        second.busy_timeout(std::time::Duration::ZERO).unwrap();
        let held = second.execute("INSERT INTO t VALUES (2)", []).unwrap_err();
        let err = crate::Error::from(held);
        assert_eq!(err.code(), "database_busy", "{err}");
        let wrong = crate::Error::from(second.execute("INSERT INTO nowhere VALUES (1)", []).unwrap_err());
        assert_eq!(wrong.code(), "database", "{wrong}");
        assert!(wrong.to_string().contains("nowhere"), "the engine's message is kept: {wrong}");
    }
}

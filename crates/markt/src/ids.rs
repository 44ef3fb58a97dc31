//! Newtype ids: a `VendorId` cannot be passed where a `MarketId` is meant.

macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        // In the contract an id is a plain number, as it travels (`serde(transparent)`).
        #[cfg(feature = "contract")]
        impl ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                "number".into()
            }
            fn inline(_: &ts_rs::Config) -> String {
                "number".into()
            }
        }

        #[cfg(feature = "contract")]
        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "integer", "format": "int64" })
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(v).map($name)
            }
        }
    )+};
}

ids! {
    AccountId;
    MarketId;
    RowId;
    StallId;
    ObstacleId;
    BranchId;
    VendorId;
    SubstituteId;
    RegistrationId;
    PreferenceId;
    AbsenceId;
    AllocationId;
    OverrideId;
    TariffKindId;
    ProductId;
    TariffPlanId;
    PermitId;
    PaymentId;
    DayCloseId;
    ControlId;
    SampleId;
    ViolationId;
    TicketId;
    NoteId;
}

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
    )+};
}

/// Calls the macro `$m` with every id type: here to declare them, and in the storage layer
/// (`db/columns.rs`) to store them, so the list is written once.
macro_rules! for_each_id {
    ($m:ident) => {
        $m! {
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
    };
}
pub(crate) use for_each_id;

for_each_id!(ids);

//! The codes of the domain: statuses, presence values, payment methods, reasons.
//!
//! One list per code, used by storage (the schema's CHECK constraints hold the same values;
//! a test proves it), by the rules and by every report. Amsterdam's system broke repeatedly
//! where a new status was missing in a report: here a new value is added in one place.

use std::fmt;

/// An unknown code: names the kind of code and the text that was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("onbekende {kind}: ‘{value}’ (geldig: {valid})")]
pub struct UnknownCode {
    pub kind: &'static str,
    pub value: String,
    pub valid: String,
}

macro_rules! codes {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $nl:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $( $(#[$vmeta])* $variant, )+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];
            /// What this kind of code is called, in Dutch (for error messages).
            pub const KIND: &'static str = $kind;

            /// The stored code.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            /// The Dutch label clerks see.
            pub fn label_nl(self) -> &'static str {
                match self { $( $name::$variant => $nl, )+ }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en, )+ }
            }

            pub fn parse(text: &str) -> Result<$name, UnknownCode> {
                match text {
                    $( $code => Ok($name::$variant), )+
                    _ => Err(UnknownCode {
                        kind: $kind,
                        value: text.to_string(),
                        valid: Self::ALL.iter().map(|c| c.code()).collect::<Vec<_>>().join(", "),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        // In the contract a code is the union of its stored codes, as it travels.
        #[cfg(feature = "contract")]
        impl ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                stringify!($name).into()
            }
            fn inline(_: &ts_rs::Config) -> String {
                [$( concat!("\"", $code, "\"") ),+].join(" | ")
            }
            fn decl(cfg: &ts_rs::Config) -> String {
                format!("type {} = {};", Self::name(cfg), Self::inline(cfg))
            }
            fn decl_concrete(cfg: &ts_rs::Config) -> String {
                Self::decl(cfg)
            }
            fn docs() -> Option<String> {
                Some(concat!("/** ", $kind, ": ", $( $code, " (", $nl, ") ", )+ "*/").into())
            }
            fn output_path() -> Option<std::path::PathBuf> {
                Some(std::path::PathBuf::from(concat!(stringify!($name), ".ts")))
            }
        }

        #[cfg(feature = "contract")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [$( $code ),+], "description": $kind })
            }
        }
    };
}

codes! {
    /// What a market is: daily, weekly or seasonal.
    MarketKind, "marktsoort" {
        Daily = "dag", "dagmarkt", "daily market";
        Weekly = "week", "weekmarkt", "weekly market";
        Seasonal = "seizoen", "seizoensmarkt", "seasonal market";
    }
}

codes! {
    /// A vendor's standing with the market office as a whole.
    VendorStatus, "ondernemersstatus" {
        Active = "actief", "actief", "active";
        Waiting = "wachtend", "wachtend", "waiting";
        SubstituteOnly = "alleen_vervanger", "alleen vervanger", "substitute only";
        Removed = "verwijderd", "verwijderd", "removed";
    }
}

codes! {
    /// A registration's status on one market (art. 3.10 priority order).
    RegistrationStatus, "sollicitatiestatus" {
        Vpl = "vpl", "vaste plaatshouder", "fixed stall holder";
        Tvpl = "tvpl", "tijdelijke vaste plaatshouder", "temporary fixed stall holder";
        Tvplz = "tvplz", "tijdelijke vaste plaatshouder zonder plaats", "temporary fixed, no own stall";
        Eb = "eb", "economische binding", "economic tie";
        Vkk = "vkk", "voorkeurskaart", "preference card";
        Exp = "exp", "experimentele zone", "experimental zone";
        Expf = "expf", "experimentele zone (vast)", "experimental zone (fixed)";
        Soll = "soll", "sollicitant", "applicant";
    }
}

impl RegistrationStatus {
    /// Every status but `soll` is "vast": it has products paid through the yearly permit.
    pub fn is_fixed(self) -> bool {
        self != RegistrationStatus::Soll
    }
}

codes! {
    /// The status a permit was priced and counted under: the registration's, or `lot` when
    /// the vendor has no registration on that market (standwerker/overig).
    PermitStatus, "status" {
        Vpl = "vpl", "vaste plaatshouder", "fixed stall holder";
        Tvpl = "tvpl", "tijdelijke vaste plaatshouder", "temporary fixed stall holder";
        Tvplz = "tvplz", "tijdelijke vaste plaatshouder zonder plaats", "temporary fixed, no own stall";
        Eb = "eb", "economische binding", "economic tie";
        Vkk = "vkk", "voorkeurskaart", "preference card";
        Exp = "exp", "experimentele zone", "experimental zone";
        Expf = "expf", "experimentele zone (vast)", "experimental zone (fixed)";
        Soll = "soll", "sollicitant", "applicant";
        Lot = "lot", "standwerker/overig", "no registration (lot)";
    }
}

impl PermitStatus {
    pub fn is_fixed(self) -> bool {
        !matches!(self, PermitStatus::Soll | PermitStatus::Lot)
    }
}

impl From<RegistrationStatus> for PermitStatus {
    fn from(s: RegistrationStatus) -> PermitStatus {
        match s {
            RegistrationStatus::Vpl => PermitStatus::Vpl,
            RegistrationStatus::Tvpl => PermitStatus::Tvpl,
            RegistrationStatus::Tvplz => PermitStatus::Tvplz,
            RegistrationStatus::Eb => PermitStatus::Eb,
            RegistrationStatus::Vkk => PermitStatus::Vkk,
            RegistrationStatus::Exp => PermitStatus::Exp,
            RegistrationStatus::Expf => PermitStatus::Expf,
            RegistrationStatus::Soll => PermitStatus::Soll,
        }
    }
}

codes! {
    /// Who was at the stall: on the permit, and as seen by a control.
    Presence, "aanwezigheid" {
        InPerson = "zelf", "zelf", "in person";
        Partner = "partner", "partner", "partner";
        SubstituteWithPermission = "vervanger_met_toestemming", "vervanger met toestemming", "substitute with permission";
        SubstituteWithoutPermission = "vervanger_zonder_toestemming", "vervanger zonder toestemming", "substitute without permission";
        SubstituteWithExemption = "vervanger_met_ontheffing", "vervanger met ontheffing", "substitute with exemption";
        Absent = "niet_aanwezig", "niet aanwezig", "not present";
    }
}

codes! {
    /// How the vendor was found at the counter.
    Identification, "identificatie" {
        Typed = "getypt", "nummer getypt", "number typed";
        Searched = "gezocht", "op naam gezocht", "searched by name";
        Scanned = "gescand", "pas gescand", "pass scanned";
    }
}

codes! {
    PaymentMethod, "betaalwijze" {
        Pin = "pin", "pin", "card";
        Cash = "contant", "contant", "cash";
        OnAccount = "op_rekening", "op rekening", "on account";
    }
}

codes! {
    /// Cooking type of a stall or a vendor.
    Cooking, "kooktype" {
        None = "geen", "geen", "none";
        Light = "bak-licht", "bak licht", "light cooking";
        Full = "bak", "bak", "cooking";
    }
}

codes! {
    /// Why a vendor got no stall (allocation.md, with the numeric codes of the engines).
    RejectionReason, "afwijzingsreden" {
        Unknown = "UNKNOWN", "onbekend", "unknown";
        BrancheFull = "BRANCHE_FULL", "branche vol", "branch full";
        AdjacentUnavailable = "ADJACENT_UNAVAILABLE", "geen aangrenzende plaatsen", "no adjacent stalls";
        MinimumUnavailable = "MINIMUM_UNAVAILABLE", "minimum niet beschikbaar", "minimum unavailable";
        MarketFull = "MARKET_FULL", "markt vol", "market full";
        VplPositionNotAvailable = "VPL_POSITION_NOT_AVAILABLE", "vaste plaats niet beschikbaar", "fixed stall unavailable";
        PrefNotAvailable = "PREF_NOT_AVAILABLE", "voorkeur niet beschikbaar", "preference unavailable";
        PrefNotAvailableAnywhere = "PREF_NOT_AVAILABLE_ANYWHERE", "voorkeur nergens beschikbaar", "preference unavailable anywhere";
        KraamDoesNotExist = "KRAAM_DOES_NOT_EXIST", "kraam bestaat niet", "stall does not exist";
    }
}

impl RejectionReason {
    /// The numeric code of the engines' answers.
    pub fn number(self) -> u8 {
        self as u8
    }
}

codes! {
    /// The state of one version of a day's allocation.
    AllocationState, "indelingsstatus" {
        Draft = "concept", "concept", "draft";
        Published = "gepubliceerd", "gepubliceerd", "published";
    }
}

codes! {
    /// What one vendor's day came to in a stored allocation.
    AllocationOutcome, "uitkomst indeling" {
        Assigned = "ingedeeld", "ingedeeld", "assigned";
        Rejected = "afgewezen", "afgewezen", "rejected";
        NotParticipating = "niet_aanwezig", "neemt niet deel", "not taking part";
        /// Taken off the allocation by a clerk.
        Removed = "verwijderd", "handmatig verwijderd", "removed by hand";
    }
}

codes! {
    /// A clerk's change to a computed allocation.
    OverrideKind, "wijziging" {
        Move = "verplaatsen", "verplaatsen", "move";
        Swap = "ruilen", "ruilen", "swap";
        Assign = "toewijzen", "toewijzen", "assign";
        Remove = "verwijderen", "verwijderen", "remove";
    }
}

codes! {
    /// Why a permit is in the day's control sample (inspections.md).
    SampleReason, "reden steekproef" {
        Enforcement = "enforcement", "handhavingsverzoek", "enforcement request";
        NotInPerson = "not_in_person", "niet zelf aanwezig", "not present in person";
        Random = "random", "willekeurig", "random";
        TopUp = "top_up", "aanvulling", "top-up";
    }
}

codes! {
    TicketDecision, "beslissing" {
        Warning = "waarschuwing", "waarschuwing", "warning";
        Fine = "boete", "boete", "fine";
    }
}

codes! {
    /// The stored states of a ticket; `overdue` is derived, never stored.
    TicketStatus, "bonstatus" {
        Draft = "draft", "concept", "draft";
        Issued = "issued", "uitgereikt", "issued";
        Paid = "paid", "betaald", "paid";
        Objection = "objection", "bezwaar", "objection";
        Upheld = "upheld", "bezwaar afgewezen", "objection rejected";
        Withdrawn = "withdrawn", "ingetrokken", "withdrawn";
        Void = "void", "vervallen", "void";
    }
}

codes! {
    /// Which VAT rate a tariff kind carries.
    VatType, "btw-soort" {
        High = "hoog", "hoog", "standard";
        Low = "laag", "laag", "reduced";
        Zero = "nul", "nul", "zero";
    }
}

codes! {
    /// What a tariff kind is priced per (fees.md).
    TariffUnit, "eenheid" {
        Meters = "meters", "meters", "metres";
        MetersLarge = "meters_large", "meters (groot)", "metres (large)";
        MetersSmall = "meters_small", "meters (klein)", "metres (small)";
        MetersTotal = "meters_total", "meters totaal", "metres in total";
        Item = "item", "per stuk", "per item";
        Once = "once", "eenmalig", "once";
    }
}

codes! {
    /// What a product is counted in; a product never has the derived unit `meters_total`.
    ProductUnit, "producteenheid" {
        Meters = "meters", "meters", "metres";
        MetersLarge = "meters_large", "meters (groot)", "metres (large)";
        MetersSmall = "meters_small", "meters (klein)", "metres (small)";
        Item = "item", "per stuk", "per item";
        Once = "once", "eenmalig", "once";
    }
}

codes! {
    /// Something between two stalls of a row that breaks their adjacency.
    ObstacleKind, "obstakel" {
        Tree = "boom", "boom", "tree";
        Bench = "bank", "bank", "bench";
        Passage = "loopje", "loopje", "passage";
        Lamppost = "lantaarnpaal", "lantaarnpaal", "lamppost";
        Other = "overig", "overig", "other";
    }
}

codes! {
    /// Properties of a stall shown on the map and on the daily list.
    StallProperty, "plaatseigenschap" {
        Electricity = "elektra", "elektra", "electricity";
        PowerCurrent = "krachtstroom", "krachtstroom", "three-phase power";
        Water = "water", "water", "water";
        Corner = "hoek", "hoekplaats", "corner";
        Tree = "boom", "boom", "tree";
        Awning = "luifel", "luifel", "awning";
    }
}

codes! {
    /// Who may do what; admin ⊃ senior ⊃ supervisor, and finance stands alone.
    Role, "rol" {
        Admin = "admin", "beheerder", "administrator";
        Senior = "senior", "medewerker marktbureau", "market office clerk";
        Supervisor = "supervisor", "markttoezichthouder", "supervisor";
        Finance = "finance", "financiën", "finance";
    }
}

codes! {
    /// Weekdays in the notation of the case formats.
    Weekday, "weekdag" {
        Mon = "ma", "maandag", "Monday";
        Tue = "di", "dinsdag", "Tuesday";
        Wed = "wo", "woensdag", "Wednesday";
        Thu = "do", "donderdag", "Thursday";
        Fri = "vr", "vrijdag", "Friday";
        Sat = "za", "zaterdag", "Saturday";
        Sun = "zo", "zondag", "Sunday";
    }
}

impl Weekday {
    pub fn of(day: chrono::NaiveDate) -> Weekday {
        use chrono::Datelike;
        Weekday::ALL[day.weekday().num_days_from_monday() as usize]
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of weekdays, stored as a bit mask (bit 0 is Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Weekdays(u8);

impl Weekdays {
    pub const NONE: Weekdays = Weekdays(0);

    pub fn from_bits(bits: u8) -> Option<Weekdays> {
        (bits < 0x80).then_some(Weekdays(bits))
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn contains(self, d: Weekday) -> bool {
        self.0 & d.bit() != 0
    }

    pub fn contains_date(self, day: chrono::NaiveDate) -> bool {
        self.contains(Weekday::of(day))
    }

    pub fn with(self, d: Weekday) -> Weekdays {
        Weekdays(self.0 | d.bit())
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        Weekday::ALL.iter().copied().filter(move |d| self.contains(*d))
    }

    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// `"ma,di,wo"` → the set. Empty text is the empty set.
    pub fn parse_list(text: &str) -> Result<Weekdays, UnknownCode> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .try_fold(Weekdays::NONE, |acc, s| Ok(acc.with(Weekday::parse(s)?)))
    }
}

impl FromIterator<Weekday> for Weekdays {
    fn from_iter<I: IntoIterator<Item = Weekday>>(iter: I) -> Weekdays {
        iter.into_iter().fold(Weekdays::NONE, Weekdays::with)
    }
}

impl fmt::Display for Weekdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<&str> = self.iter().map(Weekday::code).collect();
        f.write_str(&codes.join(","))
    }
}

impl serde::Serialize for Weekdays {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn codes_round_trip_and_unknown_names_the_kind() {
        for s in PermitStatus::ALL {
            assert_eq!(PermitStatus::parse(s.code()), Ok(*s));
        }
        let err = Presence::parse("zelfs").unwrap_err();
        assert_eq!(err.kind, "aanwezigheid");
        assert!(err.to_string().contains("zelfs"));
        assert!(err.to_string().contains("niet_aanwezig"));
    }

    #[test]
    fn fixed_statuses() {
        let fixed: Vec<_> = RegistrationStatus::ALL.iter().filter(|s| s.is_fixed()).collect();
        assert_eq!(fixed.len(), 7);
        assert!(!RegistrationStatus::Soll.is_fixed());
        assert!(!PermitStatus::Lot.is_fixed());
        for s in RegistrationStatus::ALL {
            assert_eq!(PermitStatus::from(*s).code(), s.code());
            assert_eq!(PermitStatus::from(*s).is_fixed(), s.is_fixed());
        }
    }

    #[test]
    fn rejection_numbers_follow_allocation_md() {
        assert_eq!(RejectionReason::Unknown.number(), 0);
        assert_eq!(RejectionReason::MinimumUnavailable.number(), 3);
        assert_eq!(RejectionReason::KraamDoesNotExist.number(), 8);
    }

    #[test]
    fn weekdays() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(); // a Saturday
        assert_eq!(Weekday::of(d), Weekday::Sat);
        let set = Weekdays::parse_list("ma, za").unwrap();
        assert!(set.contains_date(d));
        assert!(!set.contains(Weekday::Sun));
        assert_eq!(set.to_string(), "ma,za");
        assert_eq!(set.count(), 2);
        assert!(Weekdays::parse_list("ma,xx").is_err());
        assert_eq!(Weekdays::parse_list("").unwrap(), Weekdays::NONE);
    }
}

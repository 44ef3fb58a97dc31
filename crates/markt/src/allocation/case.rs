//! The case format "market-allocation-case/1" (allocation.md): one market day as JSON in,
//! the allocation as JSON out. The serde types here are the edge's own; the domain types
//! in `allocation` stay free of serialisation. Unknown keys are ignored; a case that breaks
//! the format is refused with the JSON path of the bad field.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, de::Error as _};
use serde_json::{Value, json};

use crate::code::{Cooking, RegistrationStatus, RejectionReason};

use super::verify::Check;
use super::{
    AbsencePeriod, Allocation, AllocationInput, Attendance, Branch, BranchId, MarketDay, Obstacle, Preference, Stall,
    StallId, StallRow, Vendor, VendorId, allocate,
};

pub const FORMAT: &str = "market-allocation-case/1";

/// A case that cannot be read: where (a JSON path such as `input.vendors[3].status`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct CaseError {
    pub path: String,
    pub message: String,
}

impl CaseError {
    /// The error code the app and the CLI report.
    pub const CODE: &'static str = "invalid_case";

    fn at(path: impl Into<String>, message: impl Into<String>) -> CaseError {
        CaseError { path: path.into(), message: message.into() }
    }
}

/// A whole case file: the input and, in the example cases, what is expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub input: AllocationInput,
    pub expected: Option<Expected>,
}

/// `expected` of an example case: one engine's answer and the rule-level checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub engine: Option<String>,
    pub assignments: BTreeMap<VendorId, Vec<StallId>>,
    pub rejections: BTreeMap<VendorId, RejectionReason>,
    pub not_participating: BTreeSet<VendorId>,
    pub checks: Vec<Check>,
}

pub fn parse_case(json: &str) -> Result<AllocationInput, CaseError> {
    parse_case_file(json).map(|case| case.input)
}

pub fn parse_case_file(json: &str) -> Result<Case, CaseError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let dto: CaseDto = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        CaseError::at(path, e.into_inner().to_string())
    })?;
    if dto.format != FORMAT {
        return Err(CaseError::at("format", format!("expected \"{FORMAT}\", got \"{}\"", dto.format)));
    }
    let input = dto.input.into_domain()?;
    let expected = dto.expected.map(ExpectedDto::into_domain).transpose()?;
    Ok(Case { id: dto.id, title: dto.title, input, expected })
}

/// The answer of allocation.md, with each vendor's explanation in its assignment or
/// rejection and all of them, not participating vendors included, under `explanations`.
pub fn answer_json(allocation: &Allocation) -> Value {
    let explain = |v: &VendorId| allocation.explanations.get(v).map_or("", String::as_str);
    let assignments: Vec<Value> = allocation
        .assignments
        .iter()
        .map(|a| {
            json!({
                "vendor": a.vendor.as_str(),
                "stalls": a.stalls.iter().map(StallId::as_str).collect::<Vec<_>>(),
                "explanation": explain(&a.vendor),
            })
        })
        .collect();
    let rejections: Vec<Value> = allocation
        .rejections
        .iter()
        .map(|r| {
            json!({
                "vendor": r.vendor.as_str(),
                "reason": r.reason.code(),
                "code": r.reason.number(),
                "explanation": explain(&r.vendor),
            })
        })
        .collect();
    let not_participating: Vec<&str> = allocation.not_participating.iter().map(VendorId::as_str).collect();
    let explanations: serde_json::Map<String, Value> =
        allocation.explanations.iter().map(|(v, text)| (v.0.clone(), Value::from(text.as_str()))).collect();
    json!({
        "assignments": assignments,
        "rejections": rejections,
        "not_participating": not_participating,
        "explanations": explanations,
    })
}

/// The error answer: `{"error": {"code", "message"}}`; an `invalid_case` message starts
/// with the JSON path of the bad field.
pub fn error_json(code: &str, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

/// Reads a case, allocates, answers; errors as `(code, message)` for the app and the CLI.
pub fn run_case(json: &str) -> Result<Value, (String, String)> {
    let input = parse_case(json).map_err(|e| (CaseError::CODE.to_string(), e.to_string()))?;
    Ok(answer_json(&allocate(&input)))
}

// ---- the JSON shapes -----------------------------------------------------------------

#[derive(Deserialize)]
struct CaseDto {
    format: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
    input: InputDto,
    #[serde(default)]
    expected: Option<ExpectedDto>,
}

#[derive(Deserialize)]
struct InputDto {
    market: MarketDto,
    #[serde(default)]
    branches: Vec<BranchDto>,
    stalls: Vec<StallDto>,
    #[serde(default)]
    rows: Vec<RowDto>,
    #[serde(default)]
    obstacles: Vec<ObstacleDto>,
    vendors: Vec<VendorDto>,
}

#[derive(Deserialize)]
struct MarketDto {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    code: String,
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    #[serde(default)]
    ab_list_active: bool,
    #[serde(default)]
    max_stalls_per_vendor: Option<u32>,
}

#[derive(Deserialize)]
struct BranchDto {
    id: String,
    #[serde(default)]
    mandatory: bool,
    #[serde(default)]
    max_stalls: Option<u32>,
}

#[derive(Deserialize)]
struct StallDto {
    id: String,
    #[serde(default)]
    branches: Vec<String>,
    #[serde(default = "no_cooking", deserialize_with = "cooking")]
    bak: Cooking,
    #[serde(default)]
    evi: bool,
    #[serde(default)]
    blocked: bool,
    #[serde(default)]
    properties: Vec<String>,
}

#[derive(Deserialize)]
struct RowDto {
    stalls: Vec<String>,
    #[serde(default)]
    circular: bool,
}

#[derive(Deserialize)]
struct ObstacleDto {
    between: [String; 2],
    #[serde(default)]
    kinds: Vec<String>,
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum AttendanceDto {
    Present,
    Absent,
    #[default]
    Unspecified,
}

#[derive(Deserialize)]
struct VendorDto {
    id: String,
    priority_number: u64,
    #[serde(deserialize_with = "status")]
    status: RegistrationStatus,
    #[serde(default)]
    own_stalls: Vec<String>,
    #[serde(default)]
    a_list: bool,
    #[serde(default)]
    attendance: AttendanceDto,
    #[serde(default, deserialize_with = "optional_date")]
    absent_from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "optional_date")]
    absent_until: Option<NaiveDate>,
    #[serde(default)]
    branches: Vec<String>,
    #[serde(default = "no_cooking", deserialize_with = "cooking")]
    bak: Cooking,
    #[serde(default)]
    evi: bool,
    #[serde(default = "one")]
    min_stalls: u32,
    #[serde(default = "one")]
    max_stalls: u32,
    #[serde(default)]
    anywhere: bool,
    #[serde(default)]
    preferences: Vec<PreferenceDto>,
    /// Absent in the original engines' cases: every vendor there is active.
    #[serde(default = "yes")]
    active: bool,
}

#[derive(Deserialize)]
struct PreferenceDto {
    stall: String,
    #[serde(default)]
    priority: i64,
}

#[derive(Deserialize)]
struct ExpectedDto {
    #[serde(default)]
    engine: Option<String>,
    #[serde(default)]
    assignments: Vec<ExpectedAssignmentDto>,
    #[serde(default)]
    rejections: Vec<ExpectedRejectionDto>,
    #[serde(default)]
    not_participating: Vec<String>,
    #[serde(default)]
    checks: Vec<CheckDto>,
}

#[derive(Deserialize)]
struct ExpectedAssignmentDto {
    vendor: String,
    stalls: Vec<String>,
}

#[derive(Deserialize)]
struct ExpectedRejectionDto {
    vendor: String,
    #[serde(deserialize_with = "reason")]
    reason: RejectionReason,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum CheckDto {
    AssignedVendors { equals: Vec<String> },
    RejectedVendors { equals: Vec<String> },
    Stalls { vendor: String, equals: Vec<String> },
    NotAssigned { vendor: String },
    AssignedCount { equals: usize },
    RejectedCount { equals: usize },
    IsRejected { vendor: String, equals: bool },
    OpenStalls { equals: Vec<String> },
    RejectionReason { vendor: String, code: ReasonDto },
    StallCount { vendor: String, equals: usize },
}

/// A rejection reason by number (`3`) or by name (`"MINIMUM_UNAVAILABLE"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum ReasonDto {
    Number(u8),
    Name(String),
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

fn no_cooking() -> Cooking {
    Cooking::None
}

fn date<'de, D: Deserializer<'de>>(de: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(de)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| D::Error::custom(format!("expected an ISO date (YYYY-MM-DD), got \"{text}\"")))
}

fn optional_date<'de, D: Deserializer<'de>>(de: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(de)? {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| D::Error::custom(format!("expected an ISO date (YYYY-MM-DD) or null, got \"{text}\""))),
    }
}

fn status<'de, D: Deserializer<'de>>(de: D) -> Result<RegistrationStatus, D::Error> {
    RegistrationStatus::parse(&String::deserialize(de)?).map_err(D::Error::custom)
}

/// The case format says `"none"` where the rest of the system says `"geen"`.
fn cooking<'de, D: Deserializer<'de>>(de: D) -> Result<Cooking, D::Error> {
    match String::deserialize(de)?.as_str() {
        "none" => Ok(Cooking::None),
        other => Cooking::parse(other).map_err(D::Error::custom),
    }
}

fn reason<'de, D: Deserializer<'de>>(de: D) -> Result<RejectionReason, D::Error> {
    RejectionReason::parse(&String::deserialize(de)?).map_err(D::Error::custom)
}

// ---- to the domain -------------------------------------------------------------------

impl InputDto {
    /// The checks serde cannot make: stall ids unique, rows and obstacles naming known
    /// stalls, a stall in at most one row. Own stalls and preferences may name stalls that
    /// do not exist: that is a fact of the day (`KRAAM_DOES_NOT_EXIST`), not a bad case.
    fn into_domain(self) -> Result<AllocationInput, CaseError> {
        let mut known: HashMap<&str, usize> = HashMap::new();
        for (i, s) in self.stalls.iter().enumerate() {
            if known.insert(s.id.as_str(), i).is_some() {
                return Err(CaseError::at(
                    format!("input.stalls[{i}].id"),
                    format!("stall \"{}\" appears twice", s.id),
                ));
            }
        }
        let mut in_row: HashMap<&str, usize> = HashMap::new();
        for (r, row) in self.rows.iter().enumerate() {
            for (j, id) in row.stalls.iter().enumerate() {
                let path = format!("input.rows[{r}].stalls[{j}]");
                if !known.contains_key(id.as_str()) {
                    return Err(CaseError::at(path, format!("unknown stall \"{id}\"")));
                }
                if let Some(other) = in_row.insert(id.as_str(), r) {
                    return Err(CaseError::at(path, format!("stall \"{id}\" is already in row {other}")));
                }
            }
        }
        for (o, obstacle) in self.obstacles.iter().enumerate() {
            for (j, id) in obstacle.between.iter().enumerate() {
                if !known.contains_key(id.as_str()) {
                    let path = format!("input.obstacles[{o}].between[{j}]");
                    return Err(CaseError::at(path, format!("unknown stall \"{id}\"")));
                }
            }
        }
        let m = self.market;
        Ok(AllocationInput {
            market: MarketDay {
                id: m.id,
                name: m.name,
                code: m.code,
                date: m.date,
                ab_lists: m.ab_list_active,
                max_stalls_per_vendor: m.max_stalls_per_vendor,
            },
            branches: self
                .branches
                .into_iter()
                .map(|b| Branch { id: BranchId(b.id), mandatory: b.mandatory, max_stalls: b.max_stalls })
                .collect(),
            stalls: self
                .stalls
                .into_iter()
                .map(|s| Stall {
                    id: StallId(s.id),
                    branches: s.branches.into_iter().map(BranchId).collect(),
                    cooking: s.bak,
                    evi: s.evi,
                    blocked: s.blocked,
                    properties: s.properties,
                })
                .collect(),
            rows: self
                .rows
                .into_iter()
                .map(|r| StallRow { stalls: r.stalls.into_iter().map(StallId).collect(), circular: r.circular })
                .collect(),
            obstacles: self
                .obstacles
                .into_iter()
                .map(|o| {
                    let [a, b] = o.between;
                    Obstacle { between: (StallId(a), StallId(b)), kinds: o.kinds }
                })
                .collect(),
            vendors: self.vendors.into_iter().map(VendorDto::into_domain).collect(),
        })
    }
}

impl VendorDto {
    fn into_domain(self) -> Vendor {
        let absence = (self.absent_from.is_some() || self.absent_until.is_some())
            .then_some(AbsencePeriod { from: self.absent_from, until: self.absent_until });
        Vendor {
            id: VendorId(self.id),
            list_number: self.priority_number,
            status: self.status,
            own_stalls: self.own_stalls.into_iter().map(StallId).collect(),
            a_list: self.a_list,
            attendance: match self.attendance {
                AttendanceDto::Present => Attendance::Present,
                AttendanceDto::Absent => Attendance::Absent,
                AttendanceDto::Unspecified => Attendance::Unspecified,
            },
            absence,
            branches: self.branches.into_iter().map(BranchId).collect(),
            cooking: self.bak,
            evi: self.evi,
            min_stalls: self.min_stalls,
            max_stalls: self.max_stalls,
            anywhere: self.anywhere,
            preferences: self
                .preferences
                .into_iter()
                .map(|p| Preference { stall: StallId(p.stall), priority: p.priority })
                .collect(),
            active: self.active,
        }
    }
}

impl ExpectedDto {
    fn into_domain(self) -> Result<Expected, CaseError> {
        let vendors = |ids: Vec<String>| ids.into_iter().map(VendorId).collect::<BTreeSet<_>>();
        let stalls = |ids: Vec<String>| ids.into_iter().map(StallId).collect::<BTreeSet<_>>();
        let checks = self
            .checks
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                Ok(match c {
                    CheckDto::AssignedVendors { equals } => Check::AssignedVendors(vendors(equals)),
                    CheckDto::RejectedVendors { equals } => Check::RejectedVendors(vendors(equals)),
                    CheckDto::Stalls { vendor, equals } => {
                        Check::Stalls { vendor: VendorId(vendor), equals: stalls(equals) }
                    }
                    CheckDto::NotAssigned { vendor } => Check::NotAssigned(VendorId(vendor)),
                    CheckDto::AssignedCount { equals } => Check::AssignedCount(equals),
                    CheckDto::RejectedCount { equals } => Check::RejectedCount(equals),
                    CheckDto::IsRejected { vendor, equals } => Check::IsRejected { vendor: VendorId(vendor), equals },
                    CheckDto::OpenStalls { equals } => Check::OpenStalls(stalls(equals)),
                    CheckDto::RejectionReason { vendor, code } => {
                        let reason = match code {
                            ReasonDto::Number(n) => RejectionReason::ALL.iter().copied().find(|r| r.number() == n),
                            ReasonDto::Name(name) => RejectionReason::parse(&name).ok(),
                        };
                        let reason = reason.ok_or_else(|| {
                            CaseError::at(format!("expected.checks[{i}].code"), "unknown rejection reason")
                        })?;
                        Check::RejectionReason { vendor: VendorId(vendor), reason }
                    }
                    CheckDto::StallCount { vendor, equals } => Check::StallCount { vendor: VendorId(vendor), equals },
                })
            })
            .collect::<Result<Vec<_>, CaseError>>()?;
        Ok(Expected {
            engine: self.engine,
            assignments: self
                .assignments
                .into_iter()
                .map(|a| (VendorId(a.vendor), a.stalls.into_iter().map(StallId).collect()))
                .collect(),
            rejections: self.rejections.into_iter().map(|r| (VendorId(r.vendor), r.reason)).collect(),
            not_participating: vendors(self.not_participating),
            checks,
        })
    }
}

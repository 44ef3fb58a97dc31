//! The allocation screen's commands (Indeling): a market day to read, and running,
//! changing and publishing its allocation. One call into `markt::allocation::day` each.

use markt::allocation::day;
use markt::ids::*;

use crate::dto::allocation as dto;
use crate::dto::{Res, parse_day};
use crate::state::Caller;

pub fn allocation_day(
    app: &Caller<'_>,
    market_id: i64,
    day: String,
    version_id: Option<i64>,
) -> Res<dto::AllocationDay> {
    let day = parse_day("day", &day)?;
    app.read(|s, a| day::view(s, a, MarketId(market_id), day, version_id.map(AllocationId))).map(Into::into)
}

pub fn run_allocation(app: &Caller<'_>, market_id: i64, day: String) -> Res<dto::VersionRef> {
    let day = parse_day("day", &day)?;
    app.act(|s, a, now| day::run(s, a, now, MarketId(market_id), day)).map(Into::into)
}

pub fn override_allocation(app: &Caller<'_>, input: dto::OverrideInput) -> Res<dto::VersionRef> {
    let input = input.try_into()?;
    app.act(|s, a, now| day::override_(s, a, now, &input)).map(Into::into)
}

pub fn publish_allocation(app: &Caller<'_>, id: i64) -> Res<dto::VersionRef> {
    app.act(|s, a, now| day::publish(s, a, now, AllocationId(id))).map(Into::into)
}

/// The vendors whose attendance the published allocation no longer matches, and whether
/// sign-on is still open now (the core's clock, so the screen's question about publishing
/// early never depends on the browser's).
pub fn allocation_since_published(app: &Caller<'_>, market_id: i64, day: String) -> Res<dto::SincePublished> {
    let day = parse_day("day", &day)?;
    app.act(|s, a, now| day::since_published(s, a, now, MarketId(market_id), day)).map(Into::into)
}

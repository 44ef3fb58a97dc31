//! The daily market list (dagelijkse marktlijst): every stall of a market day by row in
//! stall order, with its branch colour, its properties, who stands there (name,
//! registration number, status), the fixed holder when someone else stands there, and its
//! metres; free and blocked stalls marked; totals at the end.
//!
//! Who stands where comes from the day's published allocation, else its latest draft
//! (marked CONCEPT in the header), and for stalls the allocation leaves free from the
//! day's permits (vendors placed at the market itself). Without an allocation the permits
//! alone fill the list, and without either it is the empty market, to fill in by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::pdf::{Cell, Column, Doc, Header, Rgb, Row, Style, Table};
use super::{Document, file_name, market, market_title};
use crate::account::Actor;
use crate::allocation::day::{self as allocation, DayAllocation};
use crate::branch::Branch;
use crate::code::{AllocationState, Cooking, StallProperty};
use crate::db::{self, Store};
use crate::error::Result;
use crate::ids::{BranchId, MarketId, StallId, VendorId};
use crate::market::Stall;
use crate::time;
use crate::vendor::RegistrationNumber;

/// Who stands on a stall that day.
struct Occupant {
    vendor: VendorId,
    name: String,
    number: RegistrationNumber,
    /// `vpl`, `soll (A)`, `lot`.
    status: String,
    branch: Option<BranchId>,
}

pub(super) fn layout(
    store: &mut Store,
    actor: &Actor,
    printed: &str,
    market_id: MarketId,
    day: NaiveDate,
) -> Result<(Doc, String)> {
    let m = market(store, market_id)?;
    let chosen: Option<DayAllocation> = match allocation::published(store, actor, market_id, day)? {
        Some(p) => Some(p),
        None => allocation::current(store, actor, market_id, day)?,
    };
    let day_layout = crate::market::day_layout(store, actor, market_id, day)?;
    let (branches, permits, holders) = store.read(|c| {
        let branches: BTreeMap<BranchId, Branch> = db::branch::list(c)?.into_iter().map(|b| (b.id, b)).collect();
        let permits: Vec<_> =
            db::permit::of_market_day(c, market_id, day)?.into_iter().filter(|p| p.voided.is_none()).collect();
        let holders = db::report::registered(c, market_id)?;
        Ok((branches, permits, holders))
    })?;
    let permit_vendors = store.read(|c| db::report::vendors(c, permits.iter().map(|p| p.vendor)))?;

    let mut occupants: BTreeMap<StallId, Occupant> = BTreeMap::new();
    if let Some(a) = &chosen {
        for r in &a.results {
            let status = if r.a_list { format!("{} (A)", r.status.code()) } else { r.status.code().to_string() };
            for s in &r.stalls {
                occupants.insert(
                    s.id,
                    Occupant {
                        vendor: r.vendor,
                        name: r.name.clone(),
                        number: r.registration_number.clone(),
                        status: status.clone(),
                        branch: r.branch,
                    },
                );
            }
        }
    }
    let by_number: BTreeMap<&str, StallId> = day_layout.layout.stalls().map(|s| (s.number.as_str(), s.id)).collect();
    let mut from_permits = 0;
    for p in &permits {
        let Some(v) = permit_vendors.get(&p.vendor) else { continue };
        for number in &p.stalls {
            let Some(stall) = by_number.get(number.as_str()) else { continue };
            if occupants.contains_key(stall) {
                continue;
            }
            from_permits += 1;
            occupants.insert(
                *stall,
                Occupant {
                    vendor: v.id,
                    name: v.name(),
                    number: v.registration_number.clone(),
                    status: p.status.code().to_string(),
                    branch: None,
                },
            );
        }
    }
    let holder_of: BTreeMap<StallId, (VendorId, String)> =
        holders.iter().flat_map(|h| h.stalls.iter().map(move |s| (*s, (h.vendor.id, h.vendor.name())))).collect();

    let (note, warning) = match &chosen {
        Some(a) if a.version.state == AllocationState::Published => (
            format!(
                "Indeling versie {}, gepubliceerd {}{}",
                a.version.number,
                a.version.published_at.map(time::show_instant).unwrap_or_default(),
                if from_permits > 0 { format!("; {from_permits} plaatsen uit dagvergunningen") } else { String::new() }
            ),
            None,
        ),
        Some(a) => (
            format!("Indeling versie {} is een concept: nog niet gepubliceerd", a.version.number),
            Some("CONCEPT".to_string()),
        ),
        None if permits.is_empty() => ("Geen indeling en geen dagvergunningen: alle plaatsen zijn vrij".into(), None),
        None => ("Geen indeling: bezetting volgens de dagvergunningen".into(), None),
    };
    // A list for a day the market is not held is almost always a mistyped date.
    let (note, warning) = if m.is_held_on(day) {
        (note, warning)
    } else {
        (
            format!("{} is er niet op {}: {note}", m.name, crate::code::Weekday::of(day).label_nl()),
            Some("GEEN MARKTDAG".to_string()),
        )
    };
    let mut doc = Doc::new(Header {
        title: Document::DailyList.label_nl().into(),
        subject: market_title(&m),
        day: time::long_day(day),
        printed: printed.to_string(),
        note: Some(note),
        warning,
    });

    // Widths in points of the 527 there are: the number, the branch code and the
    // registration number never wrap; names and properties may.
    let mut table = Table::new(vec![
        Column::new("Plaats", 36.0),
        Column::new("Branche", 76.0),
        Column::new("Kenmerken", 80.0),
        Column::new("Ondernemer", 105.0),
        Column::new("Erkenningsnr.", 71.0),
        Column::new("Status", 42.0),
        Column::new("Vaste plaatshouder (niet hier)", 97.0),
        Column::right("m", 19.0),
    ]);
    let mut totals = Totals::default();
    let mut used_branches: BTreeMap<String, BranchId> = BTreeMap::new();
    for row in &day_layout.layout.rows {
        let free = row
            .stalls
            .iter()
            .filter(|s| s.active && !day_layout.blocked.contains_key(&s.id) && !occupants.contains_key(&s.id))
            .count();
        let metres: i64 = row.stalls.iter().map(|s| s.length_m).sum();
        table.push(
            Row::group(
                format!("row:{}", row.row.name),
                format!("{} · {} plaatsen, {} m · {} vrij", row.row.name, row.stalls.len(), thousands(metres), free),
            )
            .continued(format!("{} (vervolg)", row.row.name)),
        );
        for s in &row.stalls {
            let occupant = occupants.get(&s.id);
            let blocked = day_layout.blocked.get(&s.id);
            let branch_id = occupant.and_then(|o| o.branch).or_else(|| s.branches.first().copied());
            let branch = branch_id.and_then(|b| branches.get(&b));
            if let Some(b) = branch {
                used_branches.insert(b.code.clone(), b.id);
            }
            let branch_cell = match branch {
                Some(b) => Cell::new(b.code.clone()).swatch(Rgb::hex(&b.colour)),
                None => Cell::empty(),
            };
            let holder = holder_of.get(&s.id).filter(|(v, _)| occupant.is_none_or(|o| o.vendor != *v));
            let holder_cell = holder.map_or_else(Cell::empty, |(_, name)| Cell::new(name.clone()));
            let (vendor_cell, number_cell, status_cell, shade) = if !s.active {
                totals.blocked += (1, s.length_m);
                (Cell::new("buiten gebruik").bold(), Cell::empty(), Cell::empty(), Some(Rgb::HATCH))
            } else if let Some(reason) = blocked {
                totals.blocked += (1, s.length_m);
                let cell = Cell::new("GEBLOKKEERD").bold().note(reason.clone());
                (cell, Cell::empty(), Cell::empty(), Some(Rgb::HATCH))
            } else if let Some(o) = occupant {
                totals.occupied += (1, s.length_m);
                (Cell::new(o.name.clone()), Cell::new(o.number.to_string()), Cell::new(o.status.clone()), None)
            } else {
                totals.free += (1, s.length_m);
                (Cell::new("vrij").muted(), Cell::empty(), Cell::empty(), None)
            };
            let mut r = Row::new(
                format!("stall:{}", s.number),
                vec![
                    Cell::new(s.number.as_str()).bold(),
                    branch_cell,
                    Cell::new(properties(s)),
                    vendor_cell,
                    number_cell,
                    status_cell,
                    holder_cell,
                    Cell::new(s.length_m.to_string()),
                ],
            );
            if let Some(shade) = shade {
                r = r.shaded(shade);
            }
            table.push(r);
        }
    }
    doc.table(&table);

    let vendors = occupants.values().map(|o| o.vendor).collect::<std::collections::BTreeSet<_>>().len();
    let all = totals.occupied + totals.free + totals.blocked;
    doc.heading("Totalen", 60.0);
    doc.fields(
        150.0,
        Style::BODY.sized(9.0),
        &[
            (
                "Bezet",
                format!("{} plaatsen, {} m, {vendors} ondernemers", totals.occupied.0, thousands(totals.occupied.1)),
            ),
            ("Vrij", format!("{} plaatsen, {} m", totals.free.0, thousands(totals.free.1))),
            (
                "Geblokkeerd of buiten gebruik",
                format!("{} plaatsen, {} m", totals.blocked.0, thousands(totals.blocked.1)),
            ),
            ("Totaal", format!("{} plaatsen, {} m", all.0, thousands(all.1))),
        ],
    );
    if !used_branches.is_empty() {
        doc.heading("Branches", 30.0);
        let mut legend = Table::new(vec![Column::new("Branche", 1.2), Column::new("Naam", 4.0)]);
        legend.zebra = false;
        for id in used_branches.values() {
            if let Some(b) = branches.get(id) {
                legend.push(Row::new(
                    format!("branch:{}", b.code),
                    vec![Cell::new(b.code.clone()).swatch(Rgb::hex(&b.colour)), Cell::new(b.name.clone())],
                ));
            }
        }
        doc.table(&legend);
    }
    Ok((doc, file_name(Document::DailyList, &m.code, Some(day))))
}

/// Count and metres.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Count(usize, i64);

impl std::ops::AddAssign<(usize, i64)> for Count {
    fn add_assign(&mut self, (n, m): (usize, i64)) {
        self.0 += n;
        self.1 += m;
    }
}

impl std::ops::Add for Count {
    type Output = Count;
    fn add(self, o: Count) -> Count {
        Count(self.0 + o.0, self.1 + o.1)
    }
}

#[derive(Debug, Default)]
struct Totals {
    occupied: Count,
    free: Count,
    blocked: Count,
}

/// `elektra, water, bak, EVI`: what a supervisor checks at the stall.
fn properties(s: &Stall) -> String {
    let mut out: Vec<&str> = s
        .properties
        .iter()
        .map(|p| match p {
            // Short, so that the common `elektra, kracht` fits one line.
            StallProperty::PowerCurrent => "kracht",
            StallProperty::Corner => "hoek",
            other => other.label_nl(),
        })
        .collect();
    match s.cooking {
        Cooking::None => {}
        Cooking::Light => out.push("bak licht"),
        Cooking::Full => out.push("bak"),
    }
    if s.evi {
        out.push("EVI");
    }
    out.join(", ")
}

/// `1.288`: metres with a thousands dot.
fn thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn metres_get_a_thousands_dot() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1288), "1.288");
        assert_eq!(thousands(1_000_000), "1.000.000");
    }
}

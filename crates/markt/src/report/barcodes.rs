//! The barcode list for supervisors: every vendor registered on the market with name,
//! registration number, status and the number as a Code 39 barcode, three to a row,
//! sorted by surname, so that a vendor without a pass can be scanned from the list.

use chrono::NaiveDate;

use super::pdf::{Doc, Header, LEFT, Rgb, Style, WIDTH, fit};
use super::{Document, file_name, market, market_title};
use crate::code::VendorStatus;
use crate::db::{self, Store};
use crate::error::Result;
use crate::ids::MarketId;
use crate::time;

/// Narrow bar width in points: 0.30 mm, comfortably above what handheld scanners resolve
/// (0.19 mm) on an office laser printer.
const NARROW: f32 = 0.85;
const BAR_HEIGHT: f32 = 30.0;
const COLUMNS: usize = 3;
const LABEL_H: f32 = 68.0;

pub(super) fn layout(store: &mut Store, printed: &str, market_id: MarketId, day: NaiveDate) -> Result<(Doc, String)> {
    let m = market(store, market_id)?;
    let mut vendors = store.read(|c| db::report::registered(c, market_id))?;
    vendors.retain(|r| r.vendor.status != VendorStatus::Removed);
    vendors.sort_by(|a, b| {
        let key = |r: &db::report::Registered| crate::vendor::fold_for_search(&r.vendor.sort_name());
        key(a).cmp(&key(b)).then(a.list_number.cmp(&b.list_number))
    });
    let mut doc = Doc::new(Header {
        title: Document::Barcodes.label_nl().into(),
        subject: market_title(&m),
        day: format!("stand van {}", time::long_day(day)),
        printed: printed.to_string(),
        note: Some(format!("{} ondernemers met een sollicitatie op deze markt, op achternaam", vendors.len())),
        warning: None,
    });
    let cell_w = WIDTH / COLUMNS as f32;
    for chunk in vendors.chunks(COLUMNS) {
        doc.keep(LABEL_H);
        let top = doc.y();
        for (i, r) in chunk.iter().enumerate() {
            let x = LEFT + i as f32 * cell_w;
            let name = Style::BOLD.sized(9.0);
            doc.text_at(x + 4.0, top + 4.0 + name.baseline(), name, &fit(&r.vendor.sort_name(), name, cell_w - 8.0));
            let line = format!("{} · {} · nr {}", r.vendor.registration_number, r.status.code(), r.list_number);
            let small = Style::SMALL.sized(7.5);
            doc.text_at(x + 4.0, top + 16.0 + small.baseline(), small, &line);
            // The scanner reads the ten digits, as the counter's search takes them.
            let digits = r.vendor.registration_number.digits().to_string();
            let width = super::pdf::code39::bars(&digits, NARROW).map_or(0.0, |b| b.width);
            let bx = x + (cell_w - width) / 2.0;
            doc.barcode(bx, top + 28.0, &digits, NARROW, BAR_HEIGHT);
            doc.mark_row(&format!("vendor:{}", r.vendor.registration_number));
        }
        doc.line(LEFT, top + LABEL_H - 2.0, LEFT + WIDTH, top + LABEL_H - 2.0, 0.3, Rgb::RULE);
        doc.space(LABEL_H);
    }
    if vendors.is_empty() {
        doc.paragraph(Style::LETTER, "Er staan geen ondernemers op deze markt ingeschreven.");
    }
    Ok((doc, file_name(Document::Barcodes, &m.code, Some(day))))
}

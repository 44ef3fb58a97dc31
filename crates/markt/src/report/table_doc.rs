//! The generic table document: any report of `figures` (an [`export::Table`]: title,
//! subtitle, columns, rows, totals) printed as it is, with the PDF table engine: the header
//! row repeated on every page, no row cut across a page break, the totals row in bold, and
//! `pagina x van y` in the frame. The app's "PDF" button of every overview prints this.
//!
//! Cells print as a Dutch reader reads them: amounts as `€ 1.234,56`, dates `dd-mm-jjjj`,
//! yes/no as `ja`/`nee`; numbers right-aligned. Text is printed as stored (the CSV's
//! formula guard is for spreadsheets, not for paper).

use super::pdf::{Cell, Column, Doc, Header, Row, Style, Table, WIDTH, fit};
use crate::export::{self, Dialect};

/// The frame's title on the right of every page.
pub const TITLE: &str = "Overzicht";

/// Widest a column may ask for before its cells wrap, in points.
const MAX_COLUMN: f32 = 150.0;

/// A table with more columns than this prints in a smaller font.
const MANY_COLUMNS: usize = 8;

pub(super) fn layout(table: &export::Table, printed: &str) -> (Doc, String) {
    // The subtitle says "markets; period; how it counts": the first two parts go in the
    // frame of every page, the explanation once above the table.
    let parts: Vec<&str> = table.subtitle.split("; ").map(str::trim).filter(|p| !p.is_empty()).collect();
    let (head, rest) = parts.split_at(parts.len().min(2));
    let day = fit(&head.join(" · "), Style::LETTER, WIDTH * 0.62);
    let mut doc = Doc::new(Header {
        title: TITLE.into(),
        subject: table.title.clone(),
        day,
        printed: printed.to_string(),
        note: Some(format!("{} regels", table.rows.len())),
        warning: None,
    });
    if !rest.is_empty() {
        let mut explanation = rest.join("; ");
        if let Some(first) = explanation.get(..1) {
            explanation = format!("{}{}", first.to_uppercase(), &explanation[1..]);
        }
        doc.paragraph(Style::SMALL.sized(7.5), &format!("{explanation}."));
        doc.space(6.0);
    }
    let style = if table.columns.len() > MANY_COLUMNS { Style::BODY.sized(7.5) } else { Style::BODY };
    let texts: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(cell_text).collect()).collect();
    let totals: Option<Vec<String>> = table.totals.as_ref().map(|r| r.iter().map(cell_text).collect());
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|i| table.rows.iter().chain(table.totals.iter()).any(|r| r.get(i).is_some_and(export::Cell::is_number)))
        .collect();
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // Wide enough for the longest word of the header and the widest cell (up to a
            // limit: longer text wraps).
            let head = c.nl.split(' ').map(|w| style.bold().width(w)).fold(0.0, f32::max);
            let cells = texts
                .iter()
                .chain(totals.iter())
                .filter_map(|r| r.get(i))
                .map(|t| style.bold().width(t))
                .fold(0.0, f32::max)
                .min(MAX_COLUMN);
            let width = head.max(cells).max(12.0) + 8.0;
            if numeric[i] { Column::right(c.nl, width) } else { Column::new(c.nl, width) }
        })
        .collect();
    let mut pdf = Table::new(columns);
    pdf.style = style;
    for (i, row) in texts.into_iter().enumerate() {
        pdf.push(Row::new(format!("row:{i}"), row.into_iter().map(Cell::new).collect()));
    }
    if let Some(totals) = totals {
        pdf.push(Row::total("totals", totals.into_iter().map(Cell::new).collect()));
    }
    if table.rows.is_empty() {
        doc.paragraph(Style::BODY, "Geen regels in deze periode.");
    }
    doc.table(&pdf);
    (doc, file_name(&table.title, "pdf"))
}

/// How a cell prints.
fn cell_text(cell: &export::Cell<'_>) -> String {
    match cell {
        export::Cell::Text(t) => t.to_string(),
        export::Cell::Money(c) => c.to_string(),
        export::Cell::Percent(p) => p.to_string(),
        other => other.render(Dialect::Nl).into_owned(),
    }
}

/// `overzicht-opbrengst-per-markt-maand-en-tariefsoort.pdf` (or `.csv`).
pub fn file_name(title: &str, extension: &str) -> String {
    let slug: String = crate::vendor::fold_for_search(title)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("overzicht-{slug}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(
            file_name("Opbrengst per markt, maand en tariefsoort", "pdf"),
            "overzicht-opbrengst-per-markt-maand-en-tariefsoort.pdf"
        );
        assert_eq!(file_name("Staanverplichting vaste plaatshouders vierde kwartaal 2026", "pdf").len(), 72);
        assert_eq!(file_name("Bonnen: open én te laat", "csv"), "overzicht-bonnen-open-en-te-laat.csv");
    }
}

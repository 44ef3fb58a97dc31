//! Tables: a header row repeated on every page the table reaches, rows that are never cut
//! (a row that does not fit moves whole to the next page), group rows (`Rij A`) that stay
//! with their first row and come back as `Rij A (vervolg)` after a page break, cells that
//! wrap, and a colour swatch in front of a cell's text.

use super::{Doc, LEFT, Rgb, Style, WIDTH, Weight, wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Centre,
}

/// A column: its title and its share of the page width.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative: the widths of a table are scaled to fill the page.
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, width: f32) -> Column {
        Column { title: title.to_string(), width, align: Align::Left }
    }

    pub fn right(title: &str, width: f32) -> Column {
        Column { title: title.to_string(), width, align: Align::Right }
    }

    pub fn centre(title: &str, width: f32) -> Column {
        Column { title: title.to_string(), width, align: Align::Centre }
    }
}

/// One cell: its text, how it looks, an optional colour swatch before it and an optional
/// small second line under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub weight: Weight,
    pub colour: Rgb,
    pub swatch: Option<Rgb>,
    pub note: Option<String>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), weight: Weight::Regular, colour: Rgb::BLACK, swatch: None, note: None }
    }

    pub fn empty() -> Cell {
        Cell::new("")
    }

    pub fn bold(mut self) -> Cell {
        self.weight = Weight::Bold;
        self
    }

    /// Grey text: what is there for reference (a free stall, a voided permit).
    pub fn muted(mut self) -> Cell {
        self.colour = Rgb::GREY;
        self
    }

    pub fn coloured(mut self, colour: Rgb) -> Cell {
        self.colour = colour;
        self
    }

    pub fn swatch(mut self, colour: Option<Rgb>) -> Cell {
        self.swatch = colour;
        self
    }

    /// A small grey second line.
    pub fn note(mut self, note: impl Into<String>) -> Cell {
        let note = note.into();
        self.note = (!note.trim().is_empty()).then_some(note);
        self
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::new(s)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::new(s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Body,
    /// A label across the whole width that heads the rows after it (`Rij A`).
    Group,
    /// A bold row with a rule above it.
    Total,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Names the row in [`super::Page::rows`].
    pub key: String,
    pub cells: Vec<Cell>,
    pub kind: RowKind,
    /// A background of its own (a blocked stall); otherwise the table's zebra stripes.
    pub shade: Option<Rgb>,
    /// A group row's label on the next page, when its rows go on there.
    pub continued: Option<String>,
}

impl Row {
    pub fn new(key: impl Into<String>, cells: Vec<Cell>) -> Row {
        Row { key: key.into(), cells, kind: RowKind::Body, shade: None, continued: None }
    }

    pub fn group(key: impl Into<String>, label: impl Into<String>) -> Row {
        let label = label.into();
        let continued = Some(format!("{label} (vervolg)"));
        Row { key: key.into(), cells: vec![Cell::new(label).bold()], kind: RowKind::Group, shade: None, continued }
    }

    pub fn total(key: impl Into<String>, cells: Vec<Cell>) -> Row {
        Row { key: key.into(), cells, kind: RowKind::Total, shade: None, continued: None }
    }

    pub fn shaded(mut self, colour: Rgb) -> Row {
        self.shade = Some(colour);
        self
    }

    /// What a group row says when its rows continue on a new page (by default its label
    /// with `(vervolg)`).
    pub fn continued(mut self, label: impl Into<String>) -> Row {
        self.continued = Some(label.into());
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub style: Style,
    /// Stripes every other body row, so that a wide row reads across.
    pub zebra: bool,
}

/// Padding inside a cell.
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 2.6;

/// A row as it will be drawn: each cell's lines and the row's height.
struct Laid {
    cells: Vec<(Vec<String>, Vec<String>)>,
    height: f32,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table { columns, rows: Vec::new(), style: Style::BODY, zebra: true }
    }

    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    /// Column edges: (left, width) in points, the widths scaled to the page.
    fn edges(&self) -> Vec<(f32, f32)> {
        let total: f32 = self.columns.iter().map(|c| c.width).sum::<f32>().max(f32::EPSILON);
        let mut x = LEFT;
        self.columns
            .iter()
            .map(|c| {
                let w = c.width / total * WIDTH;
                let edge = (x, w);
                x += w;
                edge
            })
            .collect()
    }

    fn swatch_size(&self) -> f32 {
        self.style.size * 1.05
    }

    fn lay(&self, row: &Row, edges: &[(f32, f32)]) -> Laid {
        let style = self.style;
        let small = Style::SMALL.sized((style.size - 1.5).max(6.0));
        if row.kind == RowKind::Group {
            let text = row.cells.first().map(|c| c.text.as_str()).unwrap_or("");
            let lines = wrap(text, style.bold(), WIDTH - 2.0 * PAD_X);
            let height = lines.len() as f32 * style.line_height() + 2.0 * PAD_Y;
            return Laid { cells: vec![(lines, Vec::new())], height };
        }
        let mut height: f32 = 0.0;
        let cells = edges
            .iter()
            .enumerate()
            .map(|(i, (_, w))| {
                let Some(cell) = row.cells.get(i) else { return (Vec::new(), Vec::new()) };
                let swatch = if cell.swatch.is_some() { self.swatch_size() + 3.0 } else { 0.0 };
                let inner = (w - 2.0 * PAD_X - swatch).max(4.0);
                let cell_style = Style { weight: cell.weight, ..style };
                let lines = if cell.text.is_empty() { Vec::new() } else { wrap(&cell.text, cell_style, inner) };
                let notes = cell.note.as_deref().map(|n| wrap(n, small, inner)).unwrap_or_default();
                let h = lines.len().max(1) as f32 * style.line_height() + notes.len() as f32 * small.line_height();
                height = height.max(h);
                (lines, notes)
            })
            .collect();
        Laid { cells, height: height + 2.0 * PAD_Y }
    }

    fn header_height(&self, edges: &[(f32, f32)]) -> f32 {
        let style = self.style.bold();
        let lines = self
            .columns
            .iter()
            .zip(edges)
            .map(|(c, (_, w))| wrap(&c.title, style, w - 2.0 * PAD_X).len())
            .max()
            .unwrap_or(1);
        lines as f32 * style.line_height() + 2.0 * PAD_Y
    }

    fn draw_header(&self, doc: &mut Doc, edges: &[(f32, f32)]) {
        let style = self.style.bold();
        let h = self.header_height(edges);
        let top = doc.y();
        doc.rect(LEFT, top, WIDTH, h, Some(Rgb::HEAD), None);
        for (c, (x, w)) in self.columns.iter().zip(edges) {
            let lines = wrap(&c.title, style, w - 2.0 * PAD_X);
            for (i, line) in lines.iter().enumerate() {
                let y = top + PAD_Y + style.baseline() + i as f32 * style.line_height();
                place(doc, c.align, *x, *w, y, style, line);
            }
        }
        doc.line(LEFT, top + h, LEFT + WIDTH, top + h, 0.8, Rgb::BLACK);
        doc.space(h);
    }

    fn draw_row(&self, doc: &mut Doc, row: &Row, laid: &Laid, edges: &[(f32, f32)], stripe: bool) {
        let style = self.style;
        let small = Style::SMALL.sized((style.size - 1.5).max(6.0));
        let top = doc.y();
        let shade = match row.kind {
            RowKind::Group => Some(Rgb::HEAD),
            _ => row.shade.or((self.zebra && stripe).then_some(Rgb::ZEBRA)),
        };
        if let Some(fill) = shade {
            doc.rect(LEFT, top, WIDTH, laid.height, Some(fill), None);
        }
        if row.kind == RowKind::Total {
            doc.line(LEFT, top, LEFT + WIDTH, top, 0.8, Rgb::BLACK);
        }
        if row.kind == RowKind::Group {
            let bold = style.bold();
            let (lines, _) = &laid.cells[0];
            for (i, line) in lines.iter().enumerate() {
                let y = top + PAD_Y + bold.baseline() + i as f32 * bold.line_height();
                doc.text_at(LEFT + PAD_X, y, bold, line);
            }
        } else {
            for (i, ((x, w), (lines, notes))) in edges.iter().zip(&laid.cells).enumerate() {
                let Some(cell) = row.cells.get(i) else { continue };
                let mut x = *x;
                let mut w = *w;
                if let Some(colour) = cell.swatch {
                    let s = self.swatch_size();
                    doc.swatch(x + PAD_X, top + PAD_Y + (style.line_height() - s) / 2.0, s, colour);
                    x += s + 3.0;
                    w -= s + 3.0;
                }
                let weight = if row.kind == RowKind::Total { Weight::Bold } else { cell.weight };
                let cell_style = Style { weight, colour: cell.colour, ..style };
                let align = self.columns.get(i).map_or(Align::Left, |c| c.align);
                for (j, line) in lines.iter().enumerate() {
                    let y = top + PAD_Y + style.baseline() + j as f32 * style.line_height();
                    place(doc, align, x, w, y, cell_style, line);
                }
                let below = top + PAD_Y + lines.len().max(1) as f32 * style.line_height();
                for (j, note) in notes.iter().enumerate() {
                    let y = below + small.baseline() + j as f32 * small.line_height();
                    place(doc, align, x, w, y, small, note);
                }
            }
        }
        doc.line(LEFT, top + laid.height, LEFT + WIDTH, top + laid.height, 0.3, Rgb::RULE);
        doc.mark_row(&row.key);
        doc.space(laid.height);
    }
}

fn place(doc: &mut Doc, align: Align, x: f32, w: f32, y: f32, style: Style, text: &str) {
    match align {
        Align::Left => doc.text_at(x + PAD_X, y, style, text),
        Align::Right => doc.text_right(x + w - PAD_X, y, style, text),
        Align::Centre => doc.text_centred(x + w / 2.0, y, style, text),
    }
}

impl Doc {
    /// Lays out a table from the current position: the header row first and again on every
    /// new page, every row whole on one page, a group row never last on a page.
    pub fn table(&mut self, table: &Table) {
        let edges = table.edges();
        let laid: Vec<Laid> = table.rows.iter().map(|r| table.lay(r, &edges)).collect();
        let header = table.header_height(&edges);
        // The header row never stands alone at the bottom of a page.
        let first = laid.iter().take(2).map(|l| l.height).sum::<f32>();
        self.keep(header + first);
        table.draw_header(self, &edges);
        let mut group: Option<usize> = None;
        let mut stripe = false;
        for (i, (row, l)) in table.rows.iter().zip(&laid).enumerate() {
            // A group row keeps its first row with it.
            let needed = match row.kind {
                RowKind::Group => l.height + laid.get(i + 1).map_or(0.0, |n| n.height),
                _ => l.height,
            };
            if needed > self.room() && !self.at_page_top() {
                self.page_break();
                table.draw_header(self, &edges);
                if let (Some(g), RowKind::Body) = (group, row.kind) {
                    let head = &table.rows[g];
                    let label = head.continued.clone().unwrap_or_else(|| head.cells[0].text.clone());
                    let again = Row::group(head.key.clone(), label);
                    let l = table.lay(&again, &edges);
                    table.draw_row(self, &again, &l, &edges, false);
                }
            }
            match row.kind {
                RowKind::Group => {
                    group = Some(i);
                    stripe = false;
                }
                RowKind::Body => stripe = !stripe,
                RowKind::Total => group = None,
            }
            table.draw_row(self, row, l, &edges, !stripe);
        }
        self.space(4.0);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BODY_BOTTOM, Header, Item};
    use super::*;

    fn doc() -> Doc {
        Doc::new(Header {
            title: "Lijst".into(),
            subject: "Markt".into(),
            day: "dag".into(),
            printed: "nu".into(),
            note: None,
            warning: None,
        })
    }

    fn table(rows: usize) -> Table {
        let mut t = Table::new(vec![Column::new("Plaats", 1.0), Column::new("Naam", 4.0), Column::right("m", 1.0)]);
        for i in 0..rows {
            if i % 25 == 0 {
                t.push(Row::group(format!("g{i}"), format!("Rij {}", i / 25 + 1)));
            }
            // Every seventh name wraps over three lines.
            let name = if i % 7 == 0 { "Daniëlle ".repeat(20) } else { format!("Naam {i}") };
            t.push(Row::new(format!("r{i}"), vec![Cell::new(i.to_string()), Cell::new(name), Cell::new("3")]));
        }
        t
    }

    #[test]
    fn rows_are_never_cut_and_the_header_repeats() {
        let mut d = doc();
        d.table(&table(300));
        let pages = d.into_pages();
        assert!(pages.len() > 4, "{} pages", pages.len());
        let mut seen = Vec::new();
        for (n, page) in pages.iter().enumerate() {
            // Every text of the page lies inside the body or the frame.
            for item in &page.items {
                if let Item::Rect { y, h, .. } = item {
                    assert!(*y + *h <= BODY_BOTTOM + 0.01, "page {n}: a row runs past the bottom");
                }
            }
            let text = page.text();
            assert_eq!(text.matches("Plaats").count(), 1, "page {n} has one header row");
            seen.extend(page.rows.iter().filter(|k| k.starts_with('r')).cloned());
        }
        let expected: Vec<String> = (0..300).map(|i| format!("r{i}")).collect();
        assert_eq!(seen, expected, "every row once, in order, on one page");
    }

    #[test]
    fn a_group_continues_with_its_name_and_never_ends_a_page() {
        let mut d = doc();
        d.table(&table(300));
        let pages = d.into_pages();
        for (n, page) in pages.iter().enumerate() {
            assert!(!page.rows.last().is_some_and(|k| k.starts_with('g')), "page {n} ends on a group row");
        }
        let continued = pages.iter().skip(1).filter(|p| p.text().contains("(vervolg)")).count();
        assert!(continued > 0, "a group that crosses a page is named again");
    }
}

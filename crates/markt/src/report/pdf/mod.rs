//! The page layout of every printed document: A4 pages built from text, rectangles and
//! lines, with the header (what, which market, which day, when printed) and the footer
//! (`pagina x van y`) on each page, tables that repeat their header row and never cut a
//! row, branch colour swatches and Code 39 barcodes. Then one pass to PDF bytes.
//!
//! The layout is ours and printpdf only writes it: a [`Doc`] is laid out into [`Page`]s
//! of [`Item`]s (top-down coordinates in points), which tests can read as they are, and
//! [`Doc::finish`] turns them into printpdf operations with the font subset the text
//! needs. Nothing here reads the clock: the print time is part of the [`Header`].

pub mod code39;
mod font;
mod render;
mod table;

pub use font::{Face, Weight, printable};
pub use table::{Align, Cell, Column, Row, RowKind, Table};

/// A4 in points.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
/// Left and right margin.
pub const MARGIN: f32 = 34.0;
pub const LEFT: f32 = MARGIN;
pub const RIGHT: f32 = PAGE_W - MARGIN;
/// The width text and tables may take.
pub const WIDTH: f32 = RIGHT - LEFT;
/// Where the body starts, below the header and its rule.
pub const BODY_TOP: f32 = 92.0;
/// Where the body ends, above the footer.
pub const BODY_BOTTOM: f32 = PAGE_H - 46.0;

/// A colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    /// Secondary text: still dark enough for a cheap laser printer.
    pub const GREY: Rgb = Rgb(85, 85, 85);
    /// Lines between table rows.
    pub const RULE: Rgb = Rgb(185, 185, 185);
    /// Every other table row.
    pub const ZEBRA: Rgb = Rgb(244, 244, 244);
    /// Header rows and group rows.
    pub const HEAD: Rgb = Rgb(225, 225, 225);
    /// Blocked stalls and voided permits.
    pub const HATCH: Rgb = Rgb(205, 205, 205);
    pub const RED: Rgb = Rgb(176, 0, 32);

    /// `#2e7d32` → the colour; `None` for anything else.
    pub fn hex(text: &str) -> Option<Rgb> {
        let h = text.trim().strip_prefix('#')?;
        if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgb(c(0)?, c(2)?, c(4)?))
    }

    fn unit(self) -> (f32, f32, f32) {
        (f32::from(self.0) / 255.0, f32::from(self.1) / 255.0, f32::from(self.2) / 255.0)
    }
}

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    pub colour: Rgb,
}

impl Style {
    /// Table cells and running text.
    pub const BODY: Style = Style { size: 8.5, weight: Weight::Regular, colour: Rgb::BLACK };
    pub const BOLD: Style = Style { size: 8.5, weight: Weight::Bold, colour: Rgb::BLACK };
    /// Second lines of cells, notes.
    pub const SMALL: Style = Style { size: 7.0, weight: Weight::Regular, colour: Rgb::GREY };
    /// Letters and receipts.
    pub const LETTER: Style = Style { size: 10.0, weight: Weight::Regular, colour: Rgb::BLACK };
    pub const HEADING: Style = Style { size: 11.0, weight: Weight::Bold, colour: Rgb::BLACK };

    pub fn sized(self, size: f32) -> Style {
        Style { size, ..self }
    }

    pub fn bold(self) -> Style {
        Style { weight: Weight::Bold, ..self }
    }

    pub fn coloured(self, colour: Rgb) -> Style {
        Style { colour, ..self }
    }

    /// Distance between two baselines.
    pub fn line_height(self) -> f32 {
        self.size * 1.22
    }

    /// From the top of a line to its baseline.
    pub fn baseline(self) -> f32 {
        self.size * 0.93
    }

    pub fn width(self, text: &str) -> f32 {
        Face::get(self.weight).width(text, self.size)
    }
}

/// One thing drawn on a page. Coordinates are points from the top left corner; a text's
/// `y` is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text { x: f32, y: f32, style: Style, text: String },
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<Rgb> },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, colour: Rgb },
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// The keys of the table rows on this page, in order (for tests: a row is on one page).
    pub rows: Vec<String>,
}

impl Page {
    /// The page's text, one item per line, in drawing order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            if let Item::Text { text, .. } = item {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

/// What every page of a document says at the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The document: `Dagelijkse marktlijst`.
    pub title: String,
    /// What it is about: `Albert Cuypmarkt (AC)`, or the city's office on letters.
    pub subject: String,
    /// The day with its Dutch weekday: `zaterdag 28 november 2026`, or a week.
    pub day: String,
    /// `Afgedrukt za 28-11-2026 14:05 door A. de Vries`.
    pub printed: String,
    /// A line under the day, e.g. which allocation version the list shows.
    pub note: Option<String>,
    /// Printed large and red at the top right, e.g. `CONCEPT`.
    pub warning: Option<String>,
}

/// A document being laid out: the pages so far and where the next thing goes.
#[derive(Debug, Clone)]
pub struct Doc {
    header: Header,
    pages: Vec<Page>,
    y: f32,
}

impl Doc {
    pub fn new(header: Header) -> Doc {
        Doc { header, pages: vec![Page::default()], y: BODY_TOP }
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Where the next thing goes, from the top of the page.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// The height left on this page.
    pub fn room(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    pub fn at_page_top(&self) -> bool {
        self.y <= BODY_TOP + 0.01
    }

    pub fn page_break(&mut self) {
        self.pages.push(Page::default());
        self.y = BODY_TOP;
    }

    /// Starts a new page unless `h` points still fit on this one.
    pub fn keep(&mut self, h: f32) {
        if h > self.room() && !self.at_page_top() {
            self.page_break();
        }
    }

    pub fn space(&mut self, h: f32) {
        self.y = (self.y + h).min(BODY_BOTTOM);
    }

    fn page(&mut self) -> &mut Page {
        // `pages` starts with one page and only grows.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn push(&mut self, item: Item) {
        self.page().items.push(item);
    }

    pub(crate) fn mark_row(&mut self, key: &str) {
        self.page().rows.push(key.to_string());
    }

    /// Text with its left edge at `x` and its baseline at `y`.
    pub fn text_at(&mut self, x: f32, y: f32, style: Style, text: &str) {
        let text = printable(text);
        if !text.trim().is_empty() {
            self.push(Item::Text { x, y, style, text });
        }
    }

    /// Text with its right edge at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, style: Style, text: &str) {
        let text = printable(text);
        let w = style.width(&text);
        self.text_at(right - w, y, style, &text);
    }

    pub fn text_centred(&mut self, centre: f32, y: f32, style: Style, text: &str) {
        let text = printable(text);
        let w = style.width(&text);
        self.text_at(centre - w / 2.0, y, style, &text);
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<Rgb>) {
        self.push(Item::Rect { x, y, w, h, fill, stroke });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, colour: Rgb) {
        self.push(Item::Line { x1, y1, x2, y2, width, colour });
    }

    /// A branch colour: a filled square with a dark edge, so that pale colours (yellow
    /// on white) still show and a grey printer still prints a square.
    pub fn swatch(&mut self, x: f32, y: f32, size: f32, colour: Rgb) {
        self.rect(x, y, size, size, Some(colour), Some(Rgb::GREY));
    }

    /// A section heading, kept with at least `with_next` points of what follows.
    pub fn heading(&mut self, text: &str, with_next: f32) {
        let style = Style::HEADING;
        if !self.at_page_top() {
            self.space(6.0);
        }
        self.keep(style.line_height() + 4.0 + with_next);
        let y = self.y + style.baseline();
        self.text_at(LEFT, y, style, text);
        self.y += style.line_height() + 4.0;
    }

    /// Running text wrapped to `width` from `x`; it breaks across pages between lines.
    pub fn paragraph_at(&mut self, x: f32, width: f32, style: Style, text: &str) {
        for line in wrap(text, style, width) {
            self.keep(style.line_height());
            let y = self.y + style.baseline();
            self.text_at(x, y, style, &line);
            self.y += style.line_height();
        }
    }

    pub fn paragraph(&mut self, style: Style, text: &str) {
        self.paragraph_at(LEFT, WIDTH, style, text);
    }

    /// Label–value pairs under each other, the labels in a column of `label_w` points;
    /// kept on one page.
    pub fn fields(&mut self, label_w: f32, style: Style, pairs: &[(&str, String)]) {
        let value_w = WIDTH - label_w;
        let laid: Vec<Vec<String>> = pairs.iter().map(|(_, v)| wrap(v, style, value_w)).collect();
        let h: f32 = laid.iter().map(|l| l.len().max(1) as f32 * style.line_height()).sum();
        self.keep(h);
        for ((label, _), lines) in pairs.iter().zip(laid) {
            let y = self.y + style.baseline();
            self.text_at(LEFT, y, style.coloured(Rgb::GREY), label);
            for (i, line) in lines.iter().enumerate() {
                self.text_at(LEFT + label_w, y + i as f32 * style.line_height(), style, line);
            }
            self.y += lines.len().max(1) as f32 * style.line_height();
        }
    }

    /// Lines to sign or fill in by hand: a label above a rule, side by side, kept together.
    pub fn fill_in(&mut self, labels: &[&str], height: f32) {
        let n = labels.len().max(1) as f32;
        let gap = 18.0;
        let w = (WIDTH - gap * (n - 1.0)) / n;
        let style = Style::SMALL;
        self.keep(height + style.line_height() + 4.0);
        for (i, label) in labels.iter().enumerate() {
            let x = LEFT + i as f32 * (w + gap);
            self.text_at(x, self.y + style.baseline(), style, label);
            let y = self.y + style.line_height() + height;
            self.line(x, y, x + w, y, 0.6, Rgb::BLACK);
        }
        self.y += style.line_height() + height + 4.0;
    }

    /// A Code 39 barcode of `text` with its top left at (x, y); its width, or `None` when
    /// `text` has a character Code 39 lacks.
    pub fn barcode(&mut self, x: f32, y: f32, text: &str, narrow: f32, height: f32) -> Option<f32> {
        let bars = code39::bars(text, narrow)?;
        for bar in &bars.bars {
            self.rect(x + bar.0, y, bar.1, height, Some(Rgb::BLACK), None);
        }
        Some(bars.width)
    }

    /// The pages as laid out, each with its header and footer.
    pub fn into_pages(self) -> Vec<Page> {
        let total = self.pages.len();
        let header = self.header;
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, mut page)| {
                let mut frame = Doc { header: header.clone(), pages: vec![Page::default()], y: 0.0 };
                frame.draw_frame(i + 1, total);
                let mut items = frame.pages.swap_remove(0).items;
                items.append(&mut page.items);
                page.items = items;
                page
            })
            .collect()
    }

    /// The header and footer of page `n` of `total`.
    fn draw_frame(&mut self, n: usize, total: usize) {
        let h = self.header.clone();
        let top = 30.0;
        let subject = Style::HEADING.sized(13.0);
        self.text_at(LEFT, top + subject.baseline(), subject, &h.subject);
        let day = Style::LETTER;
        self.text_at(LEFT, top + 17.0 + day.baseline(), day, &h.day);
        if let Some(note) = &h.note {
            let style = Style::SMALL.sized(7.5);
            self.text_at(LEFT, top + 31.0 + style.baseline(), style, note);
        }
        let title = Style::HEADING.sized(12.0);
        self.text_right(RIGHT, top + title.baseline(), title, &h.title);
        let printed = Style::SMALL;
        self.text_right(RIGHT, top + 17.0 + printed.baseline(), printed, &h.printed);
        if let Some(warning) = &h.warning {
            let style = Style::HEADING.sized(10.0).coloured(Rgb::RED);
            self.text_right(RIGHT, top + 30.0 + style.baseline(), style, warning);
        }
        let rule = BODY_TOP - 8.0;
        self.line(LEFT, rule, RIGHT, rule, 0.8, Rgb::BLACK);

        let foot = PAGE_H - 36.0;
        self.line(LEFT, foot, RIGHT, foot, 0.4, Rgb::RULE);
        let small = Style::SMALL;
        let left = format!("Marktkantoor · {} · {} · {}", h.title, h.subject, h.day);
        let left = fit(&left, small, WIDTH - 90.0);
        self.text_at(LEFT, foot + 12.0, small, &left);
        self.text_right(RIGHT, foot + 12.0, Style::BODY.sized(8.0), &format!("pagina {n} van {total}"));
    }

    /// The PDF: the pages with their frames, the text in a subset of the embedded font.
    /// `title` and `printed_at` go into the file's properties.
    pub fn finish(self, printed_at: chrono::DateTime<chrono::Utc>) -> crate::Result<Vec<u8>> {
        let title = format!("{} {} {}", self.header.title, self.header.subject, self.header.day);
        render::pdf(&title, &self.into_pages(), printed_at)
    }
}

/// `text` broken into lines no wider than `width`: at spaces and after hyphens where it
/// can, inside a word (a long name, a run of digits) where it must. Never an empty list.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    // Newlines break lines; any other control character prints as a space.
    for paragraph in text.split('\n').map(printable) {
        let mut line = String::new();
        for (piece, spaced) in pieces(&paragraph) {
            let joint = if spaced && !line.is_empty() { " " } else { "" };
            let candidate = format!("{line}{joint}{piece}");
            if style.width(&candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A piece wider than the line is cut where it must be.
            for c in piece.chars() {
                line.push(c);
                if style.width(&line) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    if lines.len() > 1 {
        lines.retain(|l| !l.is_empty());
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The pieces a line may break between: words, and the parts of a hyphenated word (each
/// keeping its hyphen); with whether a space goes before it.
fn pieces(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if c == '-' && i > 0 && i + 1 < word.len() {
                out.push((&word[start..=i], start == 0));
                start = i + 1;
            }
        }
        out.push((&word[start..], start == 0));
    }
    out
}

/// `text` cut to `width` with an ellipsis, for the one line where wrapping is no option.
pub fn fit(text: &str, style: Style, width: f32) -> String {
    if style.width(text) <= width {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && style.width(&format!("{out}…")) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            title: "Lijst".into(),
            subject: "Markt (M)".into(),
            day: "zaterdag 28 november 2026".into(),
            printed: "Afgedrukt za 28-11-2026 14:05".into(),
            note: None,
            warning: None,
        }
    }

    #[test]
    fn wrapping_keeps_every_word_and_each_line_fits() {
        let style = Style::BODY;
        let text = "Ahmed van der Zwaluwenburg-Çelikbaş en Daniëlle Oosterhuis";
        let lines = wrap(text, style, 60.0);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(style.width(l) <= 60.0, "{l} is {} wide", style.width(l));
        }
        assert_eq!(lines.join(" ").replace(' ', ""), text.replace(' ', ""));
        assert_eq!(wrap("", style, 50.0), vec![String::new()]);
        assert_eq!(wrap("kort", style, 50.0), vec!["kort".to_string()]);
        assert_eq!(wrap("een\ntwee", style, 500.0), ["een", "twee"], "a newline breaks the line");
        // Hyphenated names break after a hyphen before they break inside a word.
        let lines = wrap("Zwaluwenburg-Oosterhuis-Çelikbaş", style, 100.0);
        assert_eq!(lines, ["Zwaluwenburg-", "Oosterhuis-Çelikbaş"]);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let s = fit("Albert Cuypmarkt dagelijkse marktlijst", Style::BODY, 60.0);
        assert!(s.ends_with('…') && Style::BODY.width(&s) <= 60.0, "{s}");
        assert_eq!(fit("kort", Style::BODY, 60.0), "kort");
    }

    #[test]
    fn hex_colours() {
        assert_eq!(Rgb::hex("#2e7d32"), Some(Rgb(0x2e, 0x7d, 0x32)));
        assert_eq!(Rgb::hex("2e7d32"), None);
        assert_eq!(Rgb::hex("#2e7d3"), None);
    }

    #[test]
    fn every_page_has_its_number_and_the_total() {
        let mut doc = Doc::new(header());
        doc.paragraph(Style::BODY, "een");
        doc.page_break();
        doc.paragraph(Style::BODY, "twee");
        let pages = doc.into_pages();
        assert_eq!(pages.len(), 2);
        assert!(pages[0].text().contains("pagina 1 van 2"));
        assert!(pages[1].text().contains("pagina 2 van 2"));
        assert!(pages[1].text().contains("zaterdag 28 november 2026"), "the header repeats");
        assert!(pages[1].text().contains("Markt (M)"));
    }

    #[test]
    fn keep_moves_to_a_new_page_only_when_needed() {
        let mut doc = Doc::new(header());
        doc.keep(100.0);
        assert_eq!(doc.y(), BODY_TOP, "an empty page takes anything");
        doc.space(BODY_BOTTOM - BODY_TOP - 50.0);
        doc.keep(40.0);
        assert_eq!(doc.into_pages().len(), 1);
        let mut doc = Doc::new(header());
        doc.space(BODY_BOTTOM - BODY_TOP - 50.0);
        doc.keep(60.0);
        assert_eq!(doc.y(), BODY_TOP);
        assert_eq!(doc.into_pages().len(), 2);
    }
}

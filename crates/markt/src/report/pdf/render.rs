//! Laid-out pages to PDF bytes with printpdf: each text item its own text object (so that
//! text extraction reads one item a line), the fonts subset to the document's characters.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, TextItem, TextMatrix,
};

use super::font::{self, Weight};
use super::{Item, PAGE_H, Page, Rgb};
use crate::error::{Error, Result};

fn colour(c: Rgb) -> Color {
    let (r, g, b) = c.unit();
    Color::Rgb(printpdf::Rgb::new(r, g, b, None))
}

fn font_id(w: Weight) -> FontId {
    // Fixed ids instead of printpdf's random ones: the same pages give the same bytes.
    FontId(match w {
        Weight::Regular => "F1".into(),
        Weight::Bold => "F2".into(),
    })
}

fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(PAGE_H - y) }
}

/// The PDF of `pages`, titled `title`, dated `printed_at`.
pub(super) fn pdf(title: &str, pages: &[Page], printed_at: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut used: BTreeMap<Weight, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        for item in &page.items {
            if let Item::Text { style, text, .. } = item {
                used.entry(style.weight).or_default().extend(text.chars());
            }
        }
    }
    let mut doc = PdfDocument::new(title);
    let date = printpdf::OffsetDateTime::from_unix_timestamp(printed_at.timestamp())
        .map_err(|e| Error::Pdf(format!("datum: {e}")))?;
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "Marktkantoor".into();
    info.producer = "Marktkantoor (printpdf)".into();
    for (weight, chars) in &used {
        let subset = font::subset(*weight, chars)?;
        doc.resources.fonts.map.insert(font_id(*weight), PdfFont::new(subset));
    }
    let pdf_pages = pages.iter().map(page_ops).map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops)).collect();
    let options = PdfSaveOptions { subset_fonts: false, ..PdfSaveOptions::default() };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pdf_pages).save(&options, &mut warnings);
    if bytes.is_empty() {
        return Err(Error::Pdf(format!("printpdf schreef niets: {warnings:?}")));
    }
    Ok(bytes)
}

/// The drawing operations of one page, with colour, font and line width set only when
/// they change.
fn page_ops(page: &Page) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 5);
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<(Rgb, f32)> = None;
    let mut font: Option<(Weight, f32)> = None;
    let mut set_fill = |ops: &mut Vec<Op>, c: Rgb| {
        if fill != Some(c) {
            ops.push(Op::SetFillColor { col: colour(c) });
            fill = Some(c);
        }
    };
    let mut set_stroke = |ops: &mut Vec<Op>, c: Rgb, w: f32| {
        if stroke != Some((c, w)) {
            ops.push(Op::SetOutlineColor { col: colour(c) });
            ops.push(Op::SetOutlineThickness { pt: Pt(w) });
            stroke = Some((c, w));
        }
    };
    for item in &page.items {
        match item {
            Item::Text { x, y, style, text } => {
                set_fill(&mut ops, style.colour);
                ops.push(Op::StartTextSection);
                if font != Some((style.weight, style.size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(style.weight)),
                        size: Pt(style.size),
                    });
                    font = Some((style.weight, style.size));
                }
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(*x), Pt(PAGE_H - y)) });
                ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                ops.push(Op::EndTextSection);
            }
            Item::Rect { x, y, w, h, fill: f, stroke: s } => {
                let mode = match (f, s) {
                    (Some(f), Some(s)) => {
                        set_fill(&mut ops, *f);
                        set_stroke(&mut ops, *s, 0.5);
                        PaintMode::FillStroke
                    }
                    (Some(f), None) => {
                        set_fill(&mut ops, *f);
                        PaintMode::Fill
                    }
                    (None, Some(s)) => {
                        set_stroke(&mut ops, *s, 0.5);
                        PaintMode::Stroke
                    }
                    (None, None) => continue,
                };
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
            Item::Line { x1, y1, x2, y2, width, colour: c } => {
                set_stroke(&mut ops, *c, *width);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint { p: point(*x1, *y1), bezier: false },
                            LinePoint { p: point(*x2, *y2), bezier: false },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
    }
    ops
}

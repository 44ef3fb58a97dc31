//! The embedded font (DejaVu Sans Condensed, `assets/fonts/`): widths for the layout, and
//! the subset a document embeds.
//!
//! printpdf without its `text_layout` feature embeds a font whole (680 KB per weight, on
//! every list), so the subset is made here: the glyphs the document's text uses, cut out
//! by `allsorts` (the subsetter printpdf itself links), then handed to printpdf as if it
//! were the whole font.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::{Error, Result};

const REGULAR: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSansCondensed.ttf");
const BOLD: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// Regular or bold: the two faces the documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    pub const ALL: [Weight; 2] = [Weight::Regular, Weight::Bold];

    fn bytes(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }

    fn postscript_name(self) -> &'static str {
        match self {
            Weight::Regular => "DejaVuSansCondensed",
            Weight::Bold => "DejaVuSansCondensed-Bold",
        }
    }
}

/// What the layout needs of a face: which characters it has and how wide they are.
pub struct Face {
    parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    /// The face of a weight, parsed once per process (about 6 ms each).
    pub fn get(weight: Weight) -> &'static Face {
        static FACES: OnceLock<[Face; 2]> = OnceLock::new();
        let faces = FACES.get_or_init(|| Weight::ALL.map(|w| Face::parse(w.bytes())));
        match weight {
            Weight::Regular => &faces[0],
            Weight::Bold => &faces[1],
        }
    }

    fn parse(bytes: &[u8]) -> Face {
        let mut warnings = Vec::new();
        // The font is part of the program: a face that does not parse is a broken build,
        // which the unit tests below catch before any clerk could. Should it happen all the
        // same, text measures nothing and prints as `?`, and `subset` refuses.
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings).unwrap_or_else(|| {
            let metrics = printpdf::FontMetrics { ascent: 760, descent: -240 };
            ParsedFont::with_glyph_data(Vec::new(), 0, None, BTreeMap::new(), BTreeMap::new(), 1000, metrics)
        });
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        Face { parsed, units_per_em }
    }

    fn glyph(&self, c: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(u32::from(c)).filter(|g| *g != 0)
    }

    /// Whether the face can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The width of `text` at `size` points, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 =
            text.chars().map(|c| self.glyph(c).and_then(|g| self.parsed.get_glyph_width(g)).map_or(0, u32::from)).sum();
        units as f32 * size / self.units_per_em
    }

    /// Height above the baseline of the tallest glyphs, as a fraction of the size.
    pub fn ascent(&self) -> f32 {
        f32::from(self.parsed.font_metrics.ascent) / self.units_per_em
    }
}

/// `text` with every character the font lacks replaced by `?`, so that nothing prints as
/// an empty box; control characters (a tab, a newline in a note) become spaces.
pub fn printable(text: &str) -> String {
    let face = Face::get(Weight::Regular);
    text.chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if face.has(c) && Face::get(Weight::Bold).has(c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// The subset of a face holding exactly `chars` (and `.notdef`), as a font printpdf embeds
/// whole. The subset keeps a Unicode cmap, so printpdf finds each character's glyph in it.
pub fn subset(weight: Weight, chars: &BTreeSet<char>) -> Result<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};

    let face = Face::get(weight);
    let mut glyphs: Vec<u16> = chars.iter().filter_map(|c| face.glyph(*c)).collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    glyphs.insert(0, 0);
    let bytes = weight.bytes();
    let font = ReadScope::new(bytes).read::<FontData<'_>>().map_err(|e| pdf_error(weight, e))?;
    let provider = font.table_provider(0).map_err(|e| pdf_error(weight, e))?;
    let cut = subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| pdf_error(weight, e))?;
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&cut, 0, &mut warnings)
        .ok_or_else(|| Error::Pdf(format!("de deelset van {} is onleesbaar", weight.postscript_name())))?;
    // ISO 32000-1 9.6.4: a subset's name carries a six-letter tag; this one names the
    // characters, so one document's two faces and two different documents differ.
    parsed.font_name = Some(format!("{}+{}", tag(chars, weight), weight.postscript_name()));
    Ok(parsed)
}

fn pdf_error(weight: Weight, e: impl std::fmt::Display) -> Error {
    Error::Pdf(format!("lettertype {}: {e}", weight.postscript_name()))
}

/// Six capital letters from a hash of the subset's characters.
fn tag(chars: &BTreeSet<char>, weight: Weight) -> String {
    // FNV-1a: stable across runs and platforms, unlike the standard library's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ weight as u64;
    for c in chars {
        h ^= u64::from(u32::from(*c));
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (0..6)
        .map(|i| {
            let letter = (h >> (i * 8)) % 26;
            char::from(b'A' + letter as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_has_what_dutch_lists_need() {
        for w in Weight::ALL {
            let face = Face::get(w);
            for c in "€ëéïßüöçÇ✓–—…·".chars() {
                assert!(face.has(c), "{w:?} lacks {c}");
            }
            assert!(face.width("Daniëls", 10.0) > 20.0, "widths are read");
        }
        assert!(Face::get(Weight::Bold).width("mmmm", 10.0) > Face::get(Weight::Regular).width("mmmm", 10.0));
    }

    #[test]
    fn unknown_characters_print_as_a_question_mark() {
        assert_eq!(printable("Daniëlle\tÇelik"), "Daniëlle Çelik");
        assert_eq!(printable("a\u{10FFFD}b"), "a?b");
    }

    #[test]
    fn a_subset_is_small_and_keeps_its_characters() {
        let chars: BTreeSet<char> = "Daniëlle € 12,50 ïéß".chars().collect();
        let font = subset(Weight::Regular, &chars).unwrap();
        assert!(font.original_bytes.len() < 40_000, "subset of {} bytes", font.original_bytes.len());
        for c in &chars {
            assert!(font.lookup_glyph_index(u32::from(*c)).is_some_and(|g| g != 0), "{c} lost");
        }
        let name = font.font_name.unwrap();
        assert!(name.ends_with("+DejaVuSansCondensed") && name.find('+') == Some(6), "{name}");
    }
}

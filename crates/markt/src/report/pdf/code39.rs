//! Code 39 (ISO/IEC 16388): the barcode a handheld scanner reads without configuration.
//! Each character is nine elements, bar and space in turn starting with a bar, three of
//! them wide; characters are separated by a narrow space and the code is framed by `*`.

/// The nine elements of each character, `1` for wide.
const PATTERNS: &[(char, &str)] = &[
    ('0', "000110100"),
    ('1', "100100001"),
    ('2', "001100001"),
    ('3', "101100000"),
    ('4', "000110001"),
    ('5', "100110000"),
    ('6', "001110000"),
    ('7', "000100101"),
    ('8', "100100100"),
    ('9', "001100100"),
    ('A', "100001001"),
    ('B', "001001001"),
    ('C', "101001000"),
    ('D', "000011001"),
    ('E', "100011000"),
    ('F', "001011000"),
    ('G', "000001101"),
    ('H', "100001100"),
    ('I', "001001100"),
    ('J', "000011100"),
    ('K', "100000011"),
    ('L', "001000011"),
    ('M', "101000010"),
    ('N', "000010011"),
    ('O', "100010010"),
    ('P', "001010010"),
    ('Q', "000000111"),
    ('R', "100000110"),
    ('S', "001000110"),
    ('T', "000010110"),
    ('U', "110000001"),
    ('V', "011000001"),
    ('W', "111000000"),
    ('X', "010010001"),
    ('Y', "110010000"),
    ('Z', "011010000"),
    ('-', "010000101"),
    ('.', "110000100"),
    (' ', "011000100"),
    ('$', "010101000"),
    ('/', "010100010"),
    ('+', "010001010"),
    ('%', "000101010"),
    ('*', "010010100"),
];

/// Wide elements are this many times the narrow width (the standard allows 2–3; scanners
/// read 2.5 most reliably).
pub const RATIO: f32 = 2.5;

/// Quiet zone on each side, in narrow widths (the standard asks for at least 10).
pub const QUIET: f32 = 10.0;

fn pattern(c: char) -> Option<&'static str> {
    PATTERNS.iter().find(|(k, _)| *k == c).map(|(_, p)| *p)
}

/// The bars of a barcode: (offset from the left edge, width), both in points, and the
/// whole width with the quiet zones.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub bars: Vec<(f32, f32)>,
    pub width: f32,
}

/// The bars of `text` (upper case letters, digits, `-. $/+%`) framed by start and stop
/// characters, with a quiet zone on both sides; `None` when `text` has another character.
pub fn bars(text: &str, narrow: f32) -> Option<Bars> {
    let framed: Vec<char> = std::iter::once('*').chain(text.chars()).chain(std::iter::once('*')).collect();
    if framed[1..framed.len() - 1].contains(&'*') {
        return None;
    }
    let mut x = QUIET * narrow;
    let mut bars = Vec::new();
    for (n, c) in framed.iter().enumerate() {
        if n > 0 {
            x += narrow;
        }
        for (i, wide) in pattern(*c)?.bytes().enumerate() {
            let w = if wide == b'1' { narrow * RATIO } else { narrow };
            if i % 2 == 0 {
                bars.push((x, w));
            }
            x += w;
        }
    }
    Some(Bars { bars, width: x + QUIET * narrow })
}

/// Reads bars back into text, as a scanner would: the inverse of [`bars`], for tests.
pub fn decode(bars: &[(f32, f32)], narrow: f32) -> Option<String> {
    let threshold = narrow * (1.0 + RATIO) / 2.0;
    // The elements in turn: bar, space, bar, … (the spaces are the gaps between bars).
    let mut elements = Vec::new();
    for (i, (x, w)) in bars.iter().enumerate() {
        elements.push(*w > threshold);
        if let Some((next, _)) = bars.get(i + 1) {
            elements.push(next - (x + w) > threshold);
        }
    }
    // Nine elements a character, then the narrow gap between characters.
    let mut out = String::new();
    for chunk in elements.chunks(10) {
        let code: String = chunk.iter().take(9).map(|w| if *w { '1' } else { '0' }).collect();
        out.push(PATTERNS.iter().find(|(_, p)| *p == code)?.0);
    }
    out.strip_prefix('*')?.strip_suffix('*').map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_has_three_wide_elements_and_all_differ() {
        for (c, p) in PATTERNS {
            assert_eq!(p.len(), 9, "{c}");
            assert_eq!(p.bytes().filter(|b| *b == b'1').count(), 3, "{c}");
        }
        let mut all: Vec<&str> = PATTERNS.iter().map(|(_, p)| *p).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), PATTERNS.len());
    }

    #[test]
    fn a_registration_number_round_trips() {
        for text in ["1957081002", "19570810.02", "B2026-000123", "0"] {
            let b = bars(text, 0.9).unwrap();
            assert_eq!(decode(&b.bars, 0.9).as_deref(), Some(text));
            // Five bars a character, start and stop included.
            assert_eq!(b.bars.len(), 5 * (text.len() + 2));
        }
    }

    #[test]
    fn widths_follow_the_standard() {
        // A character is 6 narrow and 3 wide elements, plus one narrow gap between them.
        let b = bars("1", 1.0).unwrap();
        let per_char = 6.0 + 3.0 * RATIO;
        let expected = 2.0 * QUIET + 3.0 * per_char + 2.0;
        assert!((b.width - expected).abs() < 1e-3, "{} vs {expected}", b.width);
    }

    #[test]
    fn lower_case_and_stars_are_refused() {
        assert!(bars("abc", 1.0).is_none());
        assert!(bars("1*2", 1.0).is_none());
    }
}

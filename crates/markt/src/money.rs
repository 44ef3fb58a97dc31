//! Money. Every amount is a whole number of euro cents; this module holds the only code that
//! turns cents into text or text into cents.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// An amount in euro cents. Never a float: `0.1 + 0.2` must not reach a vendor's invoice.
/// (Serialised as whole cents, for the audit log.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Cents(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("geen bedrag")]
    Empty,
    #[error("‘{0}’ is geen bedrag")]
    Malformed(String),
    #[error("‘{0}’ heeft meer dan twee decimalen")]
    TooPrecise(String),
    #[error("‘{0}’ is te groot")]
    TooLarge(String),
}

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn from_euros(euros: i64) -> Cents {
        Cents(euros * 100)
    }

    pub fn abs(self) -> Cents {
        Cents(self.0.abs())
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `1234.5` as a machine decimal: `"1234.50"`, `"-0.05"`. Used in JSON and `rfc` CSV.
    pub fn to_decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// Dutch notation without the euro sign: `1.234,56`, `-0,05`. Used in `nl` CSV and tables.
    pub fn to_nl(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{},{:02}", group_thousands(a / 100), a % 100)
    }

    /// A decimal comma without thousands groups: `1234,56`, `-0,05`. Used in `nl` CSV, where a
    /// Dutch spreadsheet reads it as a number and a grouping dot could be misread.
    pub fn to_decimal_comma(self) -> String {
        self.to_decimal().replacen('.', ",", 1)
    }

    /// Parse a machine decimal with a point: `"2.46"`, `"-3"`, `"0.5"`. At most two decimals.
    pub fn parse_decimal(text: &str) -> Result<Cents, MoneyError> {
        parse(text, '.', None)
    }

    /// Parse what a Dutch clerk types: `"€ 1.234,56"`, `"1234,5"`, `"12"`, `"-0,05"`.
    /// The comma is the decimal separator; dots group thousands.
    pub fn parse_nl(text: &str) -> Result<Cents, MoneyError> {
        let t = text.trim();
        let t = t.strip_prefix('€').unwrap_or(t).trim_start();
        parse(t, ',', Some('.')).map_err(|e| match e {
            MoneyError::Malformed(_) => MoneyError::Malformed(text.to_string()),
            other => other,
        })
    }
}

fn group_thousands(mut n: u64) -> String {
    let mut groups = Vec::new();
    loop {
        if n < 1000 {
            groups.push(n.to_string());
            break;
        }
        groups.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join(".")
}

fn parse(text: &str, decimal: char, grouping: Option<char>) -> Result<Cents, MoneyError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(MoneyError::Empty);
    }
    let malformed = || MoneyError::Malformed(text.to_string());
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let (int_part, frac_part) = match body.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int_digits: String = match grouping {
        Some(g) if int_part.contains(g) => {
            // Thousands groups must be real groups: "1.234" yes, "12.34" no.
            let mut parts = int_part.split(g);
            let first = parts.next().unwrap_or("");
            if first.is_empty() || first.len() > 3 {
                return Err(malformed());
            }
            let mut s = first.to_string();
            for p in parts {
                if p.len() != 3 {
                    return Err(malformed());
                }
                s.push_str(p);
            }
            s
        }
        _ => int_part.to_string(),
    };
    if int_digits.is_empty() && frac_part.is_none_or(str::is_empty) {
        return Err(malformed());
    }
    if !int_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let frac = frac_part.unwrap_or("");
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    if frac.len() > 2 {
        return Err(MoneyError::TooPrecise(text.to_string()));
    }
    let too_large = || MoneyError::TooLarge(text.to_string());
    let euros: i64 = if int_digits.is_empty() { 0 } else { int_digits.parse().map_err(|_| too_large())? };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| malformed())? * 10,
        _ => frac.parse().map_err(|_| malformed())?,
    };
    let total = euros.checked_mul(100).and_then(|e| e.checked_add(cents)).ok_or_else(too_large)?;
    Ok(Cents(if negative { -total } else { total }))
}

/// `€ 1.234,56` — the one place where euros are formatted for people.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "€ {}", self.to_nl())
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}
impl Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0 - rhs.0)
    }
}
impl Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(-self.0)
    }
}
impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 += rhs.0;
    }
}
impl SubAssign for Cents {
    fn sub_assign(&mut self, rhs: Cents) {
        self.0 -= rhs.0;
    }
}
impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

/// A VAT percentage in hundredths of a percent (21 % = 2100), so that 6,5 % stays exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(pub u32);

impl Percent {
    pub fn whole(p: u32) -> Percent {
        Percent(p * 100)
    }

    /// `quantity × price × percent / 100`, rounded to cents half away from zero (1,575 → 1,58).
    pub fn of(self, quantity: i64, price: Cents) -> Cents {
        let num = i128::from(quantity) * i128::from(price.0) * i128::from(self.0);
        let den: i128 = 10_000;
        let q = num / den;
        let r = num % den;
        let rounded = if r.abs() * 2 >= den { q + num.signum() } else { q };
        Cents(rounded as i64)
    }
}

impl Percent {
    /// `21`, `6.5`: a machine decimal without the sign, for `rfc` CSV.
    pub fn to_decimal(self) -> String {
        self.to_string().replacen(',', ".", 1)
    }
}

impl fmt::Display for Percent {
    /// `21`, `6,5` — Dutch, without the sign.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole}")
        } else if frac % 10 == 0 {
            write!(f, "{whole},{}", frac / 10)
        } else {
            write!(f, "{whole},{frac:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dutch_display() {
        let check = |c: i64, s: &str| assert_eq!(Cents(c).to_string(), s, "{c} cents");
        check(0, "€ 0,00");
        check(5, "€ 0,05");
        check(123456, "€ 1.234,56");
        check(-5, "€ -0,05");
        check(100_000_000, "€ 1.000.000,00");
        check(99_900, "€ 999,00");
    }

    #[test]
    fn machine_decimal() {
        assert_eq!(Cents(246).to_decimal(), "2.46");
        assert_eq!(Cents(-5).to_decimal(), "-0.05");
        assert_eq!(Cents(123456).to_decimal_comma(), "1234,56");
        assert_eq!(Cents(-5).to_decimal_comma(), "-0,05");
        assert_eq!(Percent(650).to_decimal(), "6.5");
        assert_eq!(Percent(2100).to_decimal(), "21");
        assert_eq!(Cents::parse_decimal("2.46"), Ok(Cents(246)));
        assert_eq!(Cents::parse_decimal("0.5"), Ok(Cents(50)));
        assert_eq!(Cents::parse_decimal("7"), Ok(Cents(700)));
        assert_eq!(Cents::parse_decimal(".5"), Ok(Cents(50)));
        assert!(matches!(Cents::parse_decimal("1.234"), Err(MoneyError::TooPrecise(_))));
        assert!(matches!(Cents::parse_decimal("2,46"), Err(MoneyError::Malformed(_))));
        assert!(matches!(Cents::parse_decimal("abc"), Err(MoneyError::Malformed(_))));
        assert!(matches!(Cents::parse_decimal("."), Err(MoneyError::Malformed(_))));
        assert!(matches!(Cents::parse_decimal(""), Err(MoneyError::Empty)));
        assert!(matches!(Cents::parse_decimal("99999999999999999999"), Err(MoneyError::TooLarge(_))));
    }

    #[test]
    fn what_clerks_type() {
        let ok = |s: &str, c: i64| assert_eq!(Cents::parse_nl(s), Ok(Cents(c)), "{s}");
        ok("€ 1.234,56", 123456);
        ok("1234,5", 123450);
        ok("12", 1200);
        ok("-0,05", -5);
        ok("€-3,00", -300);
        ok(" 0,99 ", 99);
        let bad = |s: &str| assert!(Cents::parse_nl(s).is_err(), "{s} must be refused");
        bad("12.34"); // a point is not a decimal separator in Dutch
        bad("1.23.456");
        bad("1,234");
        bad("twaalf");
        bad("€");
    }

    #[test]
    fn vat_rounds_half_away_from_zero() {
        // fees.md: 1 × 7.50 at 21 % → 1.575 → 1.58; 3 × 0.35 at 21 % → 0.2205 → 0.22
        assert_eq!(Percent::whole(21).of(1, Cents(750)), Cents(158));
        assert_eq!(Percent::whole(21).of(3, Cents(35)), Cents(22));
        assert_eq!(Percent::whole(21).of(-1, Cents(750)), Cents(-158));
        assert_eq!(Percent::whole(0).of(5, Cents(25000)), Cents(0));
        assert_eq!(Percent(650).of(1, Cents(1000)), Cents(65));
        assert_eq!(Percent(650).to_string(), "6,5");
        assert_eq!(Percent::whole(21).to_string(), "21");
    }

    proptest! {
        #[test]
        fn dutch_round_trip(c in -10_000_000_000i64..10_000_000_000i64) {
            let shown = Cents(c).to_string();
            prop_assert_eq!(Cents::parse_nl(&shown), Ok(Cents(c)), "{}", shown);
            prop_assert_eq!(Cents::parse_nl(&Cents(c).to_nl()), Ok(Cents(c)));
        }

        #[test]
        fn decimal_round_trip(c in any::<i64>().prop_map(|c| c / 100)) {
            prop_assert_eq!(Cents::parse_decimal(&Cents(c).to_decimal()), Ok(Cents(c)));
        }

        #[test]
        fn vat_is_within_half_a_cent(q in -1000i64..1000, p in 0i64..1_000_000, bp in 0u32..10_000) {
            let vat = Percent(bp).of(q, Cents(p));
            let exact = (q as f64) * (p as f64) * (bp as f64) / 10_000.0;
            prop_assert!(((vat.0 as f64) - exact).abs() <= 0.5 + 1e-6);
        }
    }
}

//! The office's own details (name, address, phone, IBAN): the letterhead of its letters and
//! receipts. One record, edited by an administrator and audited.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::db::{self, Store};
use crate::error::{Problem, Result, Validator};

/// The sender of letters and receipts while the office has not filled in its details.
pub const UNNAMED: &str = "Marktbureau";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Office {
    /// "Gemeente Amsterdam · Marktbureau".
    pub name: String,
    /// Street and number, postcode and place; lines separated by a newline.
    pub address: String,
    pub phone: String,
    /// Where fines are paid; stored without spaces, in capitals.
    pub iban: String,
}

impl Office {
    /// The IBAN in groups of four, as printed: `NL91 ABNA 0417 1643 00`.
    pub fn iban_grouped(&self) -> String {
        let chars: Vec<char> = self.iban.chars().collect();
        chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
    }

    /// The address on one line.
    pub fn address_line(&self) -> String {
        self.address.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ")
    }
}

/// An IBAN without spaces, in capitals.
pub fn normalise_iban(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// Whether `iban` (normalised) has the form and the check digits of ISO 13616 (mod 97 = 1).
pub fn iban_valid(iban: &str) -> bool {
    let bytes = iban.as_bytes();
    if !(15..=34).contains(&bytes.len())
        || !bytes[..2].iter().all(u8::is_ascii_uppercase)
        || !bytes[2..4].iter().all(u8::is_ascii_digit)
        || !bytes.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    let mut rest: u32 = 0;
    for &b in bytes[4..].iter().chain(&bytes[..4]) {
        let value = if b.is_ascii_digit() { u32::from(b - b'0') } else { u32::from(b - b'A') + 10 };
        rest = if value >= 10 { (rest * 100 + value) % 97 } else { (rest * 10 + value) % 97 };
    }
    rest == 1
}

/// The office's details; before an administrator filled them in, only the name `Marktbureau`.
pub fn get(store: &mut Store) -> Result<Office> {
    Ok(store.read(db::office::get)?.unwrap_or_else(|| Office { name: UNNAMED.into(), ..Office::default() }))
}

/// Sets the office's details (administrator). The IBAN is checked (form and check digits)
/// and kept without spaces; every bad field is named.
pub fn set(store: &mut Store, actor: &Actor, now: DateTime<Utc>, input: &Office) -> Result<()> {
    actor.require(Action::EditOfficeSettings)?;
    let iban = normalise_iban(&input.iban);
    let mut v = Validator::new();
    v.text("name", &input.name, 80);
    v.optional_text("address", &input.address, 200);
    v.optional_text("phone", &input.phone, 30);
    v.check(
        "iban",
        iban.is_empty() || iban_valid(&iban),
        Problem::Format,
        "geen geldig IBAN (controleer de letters en cijfers)",
    );
    v.finish()?;
    let after = Office {
        name: input.name.trim().to_string(),
        address: input.address.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"),
        phone: input.phone.trim().to_string(),
        iban,
    };
    store.write(|tx| {
        let before = db::office::get(tx)?;
        db::office::set(tx, &after)?;
        audit::record(tx, Some(actor.id()), now, "office.set", "office", 1, before.as_ref(), Some(&after))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iban_is_checked_by_its_check_digits() {
        assert!(iban_valid("NL91ABNA0417164300"));
        assert!(!iban_valid("NL92ABNA0417164300"));
        assert!(!iban_valid("NL91ABNA041716430"));
        assert_eq!(normalise_iban(" nl91 abna 0417 1643 00 "), "NL91ABNA0417164300");
        let o = Office { iban: "NL91ABNA0417164300".into(), ..Office::default() };
        assert_eq!(o.iban_grouped(), "NL91 ABNA 0417 1643 00");
    }
}

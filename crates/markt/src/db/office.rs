//! SQL of the office's details (schema 9): one row.

use crate::db::{Connection, OptionalExtension, params};

use super::Tx;

use crate::error::Result;
use crate::office::Office;

pub fn get(c: &Connection) -> Result<Option<Office>> {
    Ok(c.query_row("SELECT name, address, phone, iban FROM office WHERE id = 1", [], |r| {
        Ok(Office { name: r.get(0)?, address: r.get(1)?, phone: r.get(2)?, iban: r.get(3)? })
    })
    .optional()?)
}

pub fn set(c: &Tx<'_>, o: &Office) -> Result<()> {
    c.execute(
        "INSERT INTO office (id, name, address, phone, iban) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone,
                                        iban = excluded.iban",
        params![o.name, o.address, o.phone, o.iban],
    )?;
    Ok(())
}

//! The day close (kasopmaak) of a market day, one page per clerk: the permits they issued,
//! the money they took by method, the fines they took at the desk that day (tickets of this
//! market, by method; see [`crate::day_close`]), the cash counted against the permits' and
//! the fines' cash, the difference with the clerk's reason, and lines to sign. "Ontvangen" is
//! pin and cash; money on account is printed apart (not received that day).
//!
//! The day close itself (a clerk closing the day with the counted cash) comes with the
//! permits issue. Until a clerk has closed the day the counted cash and the difference are
//! lines to fill in by hand; once closed, they are printed as stored.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::pdf::{Cell, Column, Doc, Header, Row, Style, Table};
use super::{ByMethod, Document, file_name, market, market_title};
use crate::code::PaymentMethod;
use crate::db::{self, Store};
use crate::error::Result;
use crate::ids::{AccountId, MarketId};
use crate::money::Cents;
use crate::time;

pub(super) fn layout(store: &mut Store, printed: &str, market_id: MarketId, day: NaiveDate) -> Result<(Doc, String)> {
    let m = market(store, market_id)?;
    let (permits, payments, fines, closes, names) = store.read(|c| {
        Ok((
            db::permit::of_market_day(c, market_id, day)?,
            db::report::payments_of_market_day(c, market_id, day)?,
            db::report::fine_payments_of_day(c, market_id, day)?,
            db::report::day_closes(c, market_id, day)?,
            db::report::account_names(c)?,
        ))
    })?;
    let vendors = store.read(|c| db::report::vendors(c, permits.iter().map(|p| p.vendor)))?;
    let clerks: BTreeSet<AccountId> = permits
        .iter()
        .map(|p| p.issued_by)
        .chain(payments.iter().map(|p| p.account))
        .chain(fines.iter().map(|f| f.payment.account))
        .collect();
    let mut doc = Doc::new(Header {
        title: Document::DayClose.label_nl().into(),
        subject: market_title(&m),
        day: time::long_day(day),
        printed: printed.to_string(),
        note: Some(format!(
            "{} {}, {} dagvergunningen",
            clerks.len(),
            if clerks.len() == 1 { "medewerker" } else { "medewerkers" },
            permits.len()
        )),
        warning: None,
    });
    if clerks.is_empty() {
        doc.paragraph(
            Style::LETTER,
            "Op deze marktdag zijn geen dagvergunningen uitgegeven en geen betalingen of boetes ontvangen.",
        );
    }
    for (n, clerk) in clerks.iter().enumerate() {
        if n > 0 {
            doc.page_break();
        }
        let name = names.get(clerk).cloned().unwrap_or_else(|| format!("account {clerk}"));
        doc.heading(&format!("Kasopmaak van {name}"), 120.0);
        let mine: Vec<_> = permits.iter().filter(|p| p.issued_by == *clerk).collect();
        let mut money = ByMethod::default();
        for p in payments.iter().filter(|p| p.account == *clerk) {
            money.add(p.method, p.amount);
            if p.reverses.is_none() {
                money.count(p.method);
            }
        }
        let voided = mine.iter().filter(|p| p.voided.is_some()).count();
        let close = closes.iter().find(|c| c.account == *clerk);
        // The clerk's fines of the day; a stored close held those taken up to its moment.
        let my_fines: Vec<_> = fines.iter().filter(|f| f.payment.account == *clerk).collect();
        let mut fine_money = ByMethod::default();
        let mut closed_fines = ByMethod::default();
        for f in &my_fines {
            fine_money.add(f.payment.method, f.payment.amount);
            if f.payment.reverses.is_none() {
                fine_money.count(f.payment.method);
            }
            if close.is_some_and(|c| f.payment.at <= c.at) {
                closed_fines.add(f.payment.method, f.payment.amount);
            }
        }

        let sums = money_table(&clerk.to_string(), "Betaalwijze", &money);
        doc.fields(
            160.0,
            Style::BODY.sized(9.5),
            &[
                ("Dagvergunningen uitgegeven", format!("{} (waarvan {voided} doorgehaald)", mine.len())),
                (
                    "Status",
                    close.map_or("nog niet afgesloten".to_string(), |c| {
                        format!("afgesloten {}", time::show_instant(c.at))
                    }),
                ),
            ],
        );
        doc.space(6.0);
        doc.table(&sums);

        if !my_fines.is_empty() {
            let table = money_table(&format!("{clerk}:fine"), "Boetes", &fine_money);
            doc.space(4.0);
            doc.table(&table);
        }

        let cash_index = ByMethod::index(PaymentMethod::Cash);
        let cash = money.amounts[cash_index] + fine_money.amounts[cash_index];
        doc.space(4.0);
        match close {
            Some(c) => {
                let mut fields = vec![
                    ("Contant volgens de kas", (c.cash + closed_fines.amounts[cash_index]).to_string()),
                    ("Contant geteld", c.counted_cash.to_string()),
                    ("Verschil", difference_text(c.difference)),
                ];
                if !c.difference_reason.is_empty() {
                    fields.push(("Reden van het verschil", c.difference_reason.clone()));
                }
                doc.fields(160.0, Style::BODY.sized(9.5), &fields);
            }
            None => {
                // The permits' cash and the fines' cash: what the drawer should hold.
                doc.fields(160.0, Style::BODY.sized(9.5), &[("Contant volgens de kas", cash.to_string())]);
                doc.space(6.0);
                doc.fill_in(&["Contant geteld (€)", "Verschil (€)", "Toelichting bij een verschil"], 16.0);
            }
        }
        doc.space(10.0);
        doc.fill_in(&["Handtekening medewerker", "Handtekening controle (senior)", "Datum"], 26.0);

        doc.space(8.0);
        let mut list = Table::new(vec![
            Column::new("Factuur", 1.2),
            Column::new("Ondernemer", 3.0),
            Column::new("Plaats", 0.9),
            Column::right("Bedrag", 1.0),
            Column::new("Betaling", 1.5),
        ]);
        // A group row, so that a continuation page still says whose permits these are.
        list.push(
            Row::group(format!("{clerk}:permits"), format!("Dagvergunningen van {name} ({})", mine.len()))
                .continued(format!("Dagvergunningen van {name} (vervolg)")),
        );
        for p in &mine {
            let mut by: BTreeMap<_, Cents> = BTreeMap::new();
            for pay in payments.iter().filter(|x| x.permit == Some(p.id)) {
                *by.entry(pay.method).or_default() += pay.amount;
            }
            let amount: Cents = by.values().copied().sum();
            let methods: Vec<&str> = by.iter().filter(|(_, a)| **a != Cents::ZERO).map(|(m, _)| m.label_nl()).collect();
            let name = vendors.get(&p.vendor).map(|v| v.name()).unwrap_or_default();
            let mut cells = vec![
                Cell::new(p.invoice_number.clone()),
                Cell::new(name),
                Cell::new(p.stalls.join(", ")),
                Cell::new(amount.to_string()),
                Cell::new(if methods.is_empty() { "—".to_string() } else { methods.join(", ") }),
            ];
            if let Some((reason, _)) = &p.voided {
                cells = cells.into_iter().map(Cell::muted).collect();
                cells[1] = cells[1].clone().note(format!("doorgehaald: {reason}"));
            }
            list.push(Row::new(format!("{clerk}:{}", p.invoice_number), cells));
        }
        doc.table(&list);

        if !my_fines.is_empty() {
            doc.space(8.0);
            let mut list = Table::new(vec![
                Column::new("Bon", 1.2),
                Column::new("Betaald door", 3.0),
                Column::new("Tijd", 0.9),
                Column::right("Bedrag", 1.0),
                Column::new("Betaling", 1.5),
            ]);
            list.push(
                Row::group(format!("{clerk}:fines"), format!("Boetes ontvangen door {name} ({})", my_fines.len()))
                    .continued(format!("Boetes ontvangen door {name} (vervolg)")),
            );
            for f in &my_fines {
                let mut cells = vec![
                    Cell::new(f.ticket_number.clone()),
                    Cell::new(f.payer.clone()),
                    Cell::new(time::local(f.payment.at).format("%H:%M").to_string()),
                    Cell::new(f.payment.amount.to_string()),
                    Cell::new(f.payment.method.label_nl()),
                ];
                if let Some(reason) = f.payment.reverses.and(f.payment.reason.as_ref()) {
                    cells[1] = cells[1].clone().note(format!("teruggeboekt: {reason}"));
                }
                list.push(Row::new(format!("{clerk}:fine:{}", f.payment.id), cells));
            }
            doc.table(&list);
        }
    }
    Ok((doc, file_name(Document::DayClose, &m.code, Some(day))))
}

/// Pin and cash with what they came to, "Ontvangen"; money on account apart below it, as it
/// was not received that day.
fn money_table(key: &str, title: &str, money: &ByMethod) -> Table {
    // A wide first column: the labels say what is received and what is not, on one line.
    let mut table = Table::new(vec![
        Column::new(title, 3.2),
        Column::right("Betalingen", 1.0),
        Column::right("Bedrag (netto)", 1.3),
        Column::new("", 1.5),
    ]);
    table.zebra = false;
    table.style = Style::BODY.sized(9.5);
    let mut received = Cents::ZERO;
    for (method, amount, count) in money.iter().filter(|(m, _, _)| *m != PaymentMethod::OnAccount) {
        received += amount;
        table.push(Row::new(
            format!("{key}:{}", method.code()),
            vec![
                Cell::new(method.label_nl()),
                Cell::new(count.to_string()),
                Cell::new(amount.to_string()),
                Cell::empty(),
            ],
        ));
    }
    table.push(Row::total(
        format!("{key}:received"),
        vec![Cell::new("Ontvangen (pin en contant)"), Cell::empty(), Cell::new(received.to_string()), Cell::empty()],
    ));
    let i = ByMethod::index(PaymentMethod::OnAccount);
    table.push(Row::new(
        format!("{key}:{}", PaymentMethod::OnAccount.code()),
        vec![
            Cell::new("Op rekening (niet ontvangen)"),
            Cell::new(money.counts[i].to_string()),
            Cell::new(money.amounts[i].to_string()),
            Cell::empty(),
        ],
    ));
    table
}

/// "€ 0,00 (klopt)", "€ -0,15 (tekort)", "€ 0,50 (te veel)": the cash matches only to the cent.
fn difference_text(difference: Cents) -> String {
    let word = match difference.0 {
        0 => "klopt",
        x if x < 0 => "tekort",
        _ => "te veel",
    };
    format!("{difference} ({word})")
}

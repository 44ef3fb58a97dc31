//! The day's permits (dagvergunningen) of a market: vendor, stalls, presence, products,
//! amount and how it was paid, voided permits greyed with their reason; totals by method.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::pdf::{Cell, Column, Doc, Header, Rgb, Row, Table};
use super::{ByMethod, Document, file_name, market, market_title};
use crate::code::PaymentMethod;
use crate::db::{self, Store};
use crate::error::Result;
use crate::ids::{MarketId, PermitId};
use crate::money::Cents;
use crate::permit::{Payment, Permit};
use crate::time;

pub(super) fn layout(store: &mut Store, printed: &str, market_id: MarketId, day: NaiveDate) -> Result<(Doc, String)> {
    let m = market(store, market_id)?;
    let data = store.read(|c| {
        let permits = db::permit::of_market_day(c, market_id, day)?;
        let vendors = db::report::vendors(
            c,
            permits.iter().flat_map(|p| std::iter::once(p.vendor).chain(p.substitute)).collect::<Vec<_>>(),
        )?;
        let mut rows = Vec::new();
        for p in &permits {
            let due: Cents = db::permit::lines(c, p.id)?.iter().map(|l| l.incl).sum();
            let products = db::report::permit_products(c, p.id)?;
            rows.push((due, products));
        }
        let payments = db::report::payments_of_market_day(c, market_id, day)?;
        let numbers: BTreeMap<PermitId, String> = permits.iter().map(|p| (p.id, p.invoice_number.clone())).collect();
        Ok((permits, vendors, rows, payments, numbers))
    })?;
    let (permits, vendors, rows, payments, numbers) = data;
    let mut doc = Doc::new(Header {
        title: Document::PermitList.label_nl().into(),
        subject: market_title(&m),
        day: time::long_day(day),
        printed: printed.to_string(),
        note: Some(format!(
            "{} dagvergunningen, waarvan {} doorgehaald",
            permits.len(),
            permits.iter().filter(|p| p.voided.is_some()).count()
        )),
        warning: None,
    });
    let mut table = Table::new(vec![
        Column::new("Factuur", 66.0),
        Column::new("Ondernemer", 96.0),
        Column::new("Plaats", 46.0),
        Column::new("Aanwezig", 56.0),
        Column::new("Producten", 151.0),
        Column::right("Bedrag", 52.0),
        Column::new("Betaling", 60.0),
    ]);
    let mut totals = ByMethod::default();
    for (p, (due, products)) in permits.iter().zip(&rows) {
        let paid = net_by_method(&payments, p.id);
        for (method, amount) in &paid {
            totals.add(*method, *amount);
            if p.voided.is_none() && *amount != Cents::ZERO {
                totals.count(*method);
            }
        }
        table.push(permit_row(p, *due, products, &paid, &vendors, &numbers));
    }
    doc.table(&table);

    doc.heading("Totalen per betaalwijze", 70.0);
    let mut sums = Table::new(vec![
        Column::new("Betaalwijze", 2.0),
        Column::right("Dagvergunningen", 1.2),
        Column::right("Bedrag", 1.2),
        Column::new("", 3.0),
    ]);
    sums.zebra = false;
    for (method, amount, count) in totals.iter() {
        sums.push(Row::new(
            format!("method:{}", method.code()),
            vec![
                Cell::new(method.label_nl()),
                Cell::new(count.to_string()),
                Cell::new(amount.to_string()),
                Cell::empty(),
            ],
        ));
    }
    let issued = permits.iter().filter(|p| p.voided.is_none()).count();
    sums.push(Row::total(
        "method:total",
        vec![Cell::new("Totaal"), Cell::new(issued.to_string()), Cell::new(totals.total().to_string()), Cell::empty()],
    ));
    doc.table(&sums);
    if payments.iter().any(|p| p.reverses.is_some()) {
        doc.paragraph(
            super::pdf::Style::SMALL,
            "Bedragen zijn netto: een terugboeking (bij doorhalen of een andere betaalwijze) telt af bij de betaalwijze die werd teruggeboekt.",
        );
    }
    Ok((doc, file_name(Document::PermitList, &m.code, Some(day))))
}

/// The net amount paid per method for a permit, methods without money left out.
fn net_by_method(payments: &[Payment], permit: PermitId) -> Vec<(PaymentMethod, Cents)> {
    let mut by: BTreeMap<PaymentMethod, Cents> = BTreeMap::new();
    for p in payments.iter().filter(|p| p.permit == Some(permit)) {
        *by.entry(p.method).or_default() += p.amount;
    }
    by.into_iter().filter(|(_, a)| *a != Cents::ZERO).collect()
}

fn permit_row(
    p: &Permit,
    due: Cents,
    products: &[(String, i64, i64)],
    paid: &[(PaymentMethod, Cents)],
    vendors: &BTreeMap<crate::ids::VendorId, crate::vendor::Vendor>,
    numbers: &BTreeMap<PermitId, String>,
) -> Row {
    let vendor = vendors.get(&p.vendor);
    let name = vendor.map(|v| v.name()).unwrap_or_else(|| format!("ondernemer {}", p.vendor));
    let number = vendor.map(|v| v.registration_number.to_string()).unwrap_or_default();
    let mut presence = p.presence.label_nl().to_string();
    if let Some(sub) = p.substitute.and_then(|s| vendors.get(&s)) {
        presence = format!("{presence}: {}", sub.name());
    }
    let products: Vec<String> = products
        .iter()
        .filter(|(_, requested, fixed)| *requested > 0 || *fixed > 0)
        .map(|(label, requested, fixed)| match (requested, fixed) {
            (r, 0) => format!("{label} ×{r}"),
            (0, f) => format!("{label} (vast {f})"),
            (r, f) => format!("{label} ×{r} (vast {f})"),
        })
        .collect();
    let method = if paid.is_empty() {
        "—".to_string()
    } else {
        paid.iter().map(|(m, _)| m.label_nl()).collect::<Vec<_>>().join(", ")
    };
    let mut invoice = Cell::new(p.invoice_number.clone());
    if let Some(old) = p.replaces.and_then(|r| numbers.get(&r)) {
        invoice = invoice.note(format!("vervangt {old}"));
    }
    let mut who = format!("{number} · {}", p.status.code());
    if let Some((reason, _)) = &p.voided {
        who = format!("{who} · doorgehaald: {reason}");
    }
    let cells = vec![
        invoice,
        Cell::new(name).note(who),
        Cell::new(p.stalls.join(", ")),
        Cell::new(presence),
        // One product a line: a list of them wraps badly.
        Cell::new(products.join("\n")),
        Cell::new(due.to_string()),
        Cell::new(method),
    ];
    match &p.voided {
        Some(_) => {
            let mut cells: Vec<Cell> = cells.into_iter().map(Cell::muted).collect();
            cells[0] = cells[0].clone().note("DOORGEHAALD");
            Row::new(format!("permit:{}", p.invoice_number), cells).shaded(Rgb::HATCH)
        }
        None => Row::new(format!("permit:{}", p.invoice_number), cells),
    }
}

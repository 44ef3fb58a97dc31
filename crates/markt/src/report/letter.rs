//! Documents for one vendor: the receipt (kwitantie) of a payment and the letter of an
//! inspection ticket (inspections.md), on the office's letterhead (`office`: its name,
//! address, phone and IBAN as an administrator set them).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::pdf::{Cell, Column, Doc, Header, LEFT, Row, Style, Table};
use super::{Document, file_name, market};
use crate::code::{ProductUnit, TicketDecision, TicketStatus};
use crate::db::{self, Store};
use crate::error::{Error, Result};
use crate::ids::{PaymentId, PermitId, TicketId};
use crate::market::Market;
use crate::money::{Cents, Percent};
use crate::office::{self, Office};
use crate::time;

/// The payment a receipt of `permit` is for: its latest payment that is not a reversal
/// and was not reversed.
pub(super) fn payment_of_permit(store: &mut Store, permit: PermitId) -> Result<PaymentId> {
    store.read(|c| {
        let p = db::permit::get(c, permit)?.ok_or_else(|| Error::not_found("dagvergunning", permit))?;
        let payments = db::permit::payments_of_permit(c, permit)?;
        let reversed: Vec<PaymentId> = payments.iter().filter_map(|x| x.reverses).collect();
        payments
            .iter()
            .rev()
            .find(|x| x.reverses.is_none() && !reversed.contains(&x.id))
            .or_else(|| payments.last())
            .map(|x| x.id)
            .ok_or_else(|| Error::Conflict(format!("dagvergunning {} heeft geen betaling", p.invoice_number)))
    })
}

fn market_line(m: &Market, day: NaiveDate) -> String {
    format!("{} ({}), {}", m.name, m.code, time::long_day(day))
}

fn letter_style() -> Style {
    Style::LETTER
}

/// The sender's line under the frame (whose header already names the office): its address,
/// phone and IBAN, as far as set.
fn sender(doc: &mut Doc, o: &Office) {
    let mut parts = Vec::new();
    if !o.address.is_empty() {
        parts.push(o.address_line());
    }
    if !o.phone.is_empty() {
        parts.push(format!("telefoon {}", o.phone));
    }
    if !o.iban.is_empty() {
        parts.push(format!("IBAN {}", o.iban_grouped()));
    }
    if !parts.is_empty() {
        doc.paragraph(Style::SMALL, &parts.join(" · "));
        doc.space(10.0);
    }
}

/// The receipt of one payment: of a permit (its invoice lines with VAT per rate) or of a
/// ticket's fine.
pub(super) fn receipt(store: &mut Store, printed: &str, payment_id: PaymentId) -> Result<(Doc, String)> {
    let payment =
        store.read(|c| db::permit::payment(c, payment_id))?.ok_or_else(|| Error::not_found("betaling", payment_id))?;
    let names = store.read(db::report::account_names)?;
    let received_by = names.get(&payment.account).cloned().unwrap_or_default();
    let office = office::get(store)?;
    let reversal = payment.reverses.is_some();
    let title = if reversal { "Creditkwitantie" } else { Document::Receipt.label_nl() };
    let style = letter_style();

    if let Some(ticket_id) = payment.ticket {
        let t = store.read(|c| db::ticket::get(c, ticket_id))?.ok_or_else(|| Error::not_found("bon", ticket_id))?;
        let m = market(store, t.market)?;
        let (vendor, violation) = store.read(|c| {
            Ok((t.vendor.map(|v| db::vendor::get(c, v)).transpose()?.flatten(), db::ticket::violation(c, t.violation)?))
        })?;
        let mut doc = Doc::new(Header {
            title: title.into(),
            subject: office.name.clone(),
            day: market_line(&m, t.day),
            printed: printed.to_string(),
            note: None,
            warning: None,
        });
        sender(&mut doc, &office);
        doc.heading(&format!("{title} van bon {}", t.number), 100.0);
        let who = vendor
            .as_ref()
            .map(|v| format!("{}, erkenningsnummer {}", v.name(), v.registration_number))
            .or(t.unknown_person.clone())
            .unwrap_or_default();
        doc.fields(
            150.0,
            style,
            &[
                ("Ontvangen van", who),
                ("Voor", violation.map(|v| format!("{} {}", v.code, v.description)).unwrap_or_default()),
                ("Boete", t.amount.to_string()),
                ("Ontvangen", payment.amount.to_string()),
                ("Betaalwijze", payment.method.label_nl().to_string()),
                ("Ontvangen op", time::show_instant(payment.at)),
                ("Ontvangen door", received_by),
                ("Btw", "een boete is vrijgesteld van btw".into()),
            ],
        );
        return Ok((doc, file_name(Document::Receipt, &format!("{}-{}", t.number, payment.id), None)));
    }

    let permit_id = payment.permit.ok_or_else(|| Error::not_found("dagvergunning van betaling", payment.id))?;
    let (permit, lines, vendor, metres) = store.read(|c| {
        let p = db::permit::get(c, permit_id)?.ok_or_else(|| Error::not_found("dagvergunning", permit_id))?;
        let lines = db::permit::lines(c, p.id)?;
        let v = db::vendor::get(c, p.vendor)?.ok_or_else(|| Error::not_found("ondernemer", p.vendor))?;
        // The metres the permit was issued for: its metre products' pieces times their
        // metres a piece (fixed products included), as the day view counts them; not the
        // lengths of the stall numbers typed, which may be unknown or of another size.
        let products = db::tariff::products(c)?;
        let metres = db::permit::products(c, p.id)?
            .iter()
            .filter_map(|(key, requested, _)| {
                let product = products.iter().find(|x| &x.key == key)?;
                let metre =
                    matches!(product.unit, ProductUnit::Meters | ProductUnit::MetersLarge | ProductUnit::MetersSmall);
                metre.then_some(requested * product.factor)
            })
            .sum::<i64>();
        Ok((p, lines, v, metres))
    })?;
    let m = market(store, permit.market)?;
    let mut doc = Doc::new(Header {
        title: title.into(),
        subject: office.name.clone(),
        day: market_line(&m, permit.day),
        printed: printed.to_string(),
        note: None,
        warning: permit.voided.as_ref().map(|_| "DOORGEHAALD".to_string()),
    });
    sender(&mut doc, &office);
    doc.heading(&format!("{title} dagvergunning {}", permit.invoice_number), 140.0);
    let stall_text = if permit.stalls.is_empty() && metres == 0 {
        "geen plaats".to_string()
    } else if permit.stalls.is_empty() {
        format!("geen plaatsnummer ({metres} m)")
    } else {
        format!("{} ({metres} m)", permit.stalls.join(", "))
    };
    let mut fields = vec![
        ("Ondernemer", format!("{}, erkenningsnummer {}", vendor.name(), vendor.registration_number)),
        ("Markt", format!("{} ({})", m.name, m.code)),
        ("Marktdag", time::long_day(permit.day)),
        ("Plaats", stall_text),
        ("Status", format!("{} ({})", permit.status.label_nl(), permit.status.code())),
    ];
    if let Some((reason, at)) = &permit.voided {
        fields.push(("Doorgehaald", format!("{} ({reason})", time::show_instant(*at))));
    }
    doc.fields(150.0, style, &fields);
    doc.space(8.0);

    let mut table = Table::new(vec![
        Column::new("Omschrijving", 3.0),
        Column::right("Aantal", 0.7),
        Column::right("Prijs", 0.9),
        Column::right("Excl. btw", 1.0),
        Column::right("Btw", 0.6),
        Column::right("Btw-bedrag", 1.0),
        Column::right("Incl. btw", 1.0),
    ]);
    table.style = Style::BODY.sized(9.0);
    let mut per_rate: BTreeMap<u32, (Cents, Cents)> = BTreeMap::new();
    for l in &lines {
        let e = per_rate.entry(l.vat_percent).or_default();
        e.0 += l.excl;
        e.1 += l.vat;
        table.push(Row::new(
            format!("line:{}", l.position),
            vec![
                Cell::new(l.label.clone()),
                Cell::new(l.quantity.to_string()),
                Cell::new(l.price.to_string()),
                Cell::new(l.excl.to_string()),
                Cell::new(format!("{} %", l.vat_percent())),
                Cell::new(l.vat.to_string()),
                Cell::new(l.incl.to_string()),
            ],
        ));
    }
    let excl: Cents = lines.iter().map(|l| l.excl).sum();
    let vat: Cents = lines.iter().map(|l| l.vat).sum();
    let incl: Cents = lines.iter().map(|l| l.incl).sum();
    table.push(Row::total(
        "line:total",
        vec![
            Cell::new("Totaal"),
            Cell::empty(),
            Cell::empty(),
            Cell::new(excl.to_string()),
            Cell::empty(),
            Cell::new(vat.to_string()),
            Cell::new(incl.to_string()),
        ],
    ));
    doc.table(&table);

    doc.heading("Btw per tarief", 50.0);
    let mut vat_table = Table::new(vec![
        Column::new("Tarief", 1.0),
        Column::right("Grondslag", 1.2),
        Column::right("Btw", 1.2),
        Column::new("", 3.6),
    ]);
    vat_table.style = Style::BODY.sized(9.0);
    vat_table.zebra = false;
    for (rate, (base, amount)) in &per_rate {
        vat_table.push(Row::new(
            format!("vat:{rate}"),
            vec![
                Cell::new(format!("{} %", Percent(*rate))),
                Cell::new(base.to_string()),
                Cell::new(amount.to_string()),
                Cell::empty(),
            ],
        ));
    }
    doc.table(&vat_table);

    doc.space(6.0);
    let paid_line = if reversal {
        format!("{} teruggeboekt ({})", payment.amount.abs(), payment.method.label_nl())
    } else {
        format!("{} ({})", payment.amount, payment.method.label_nl())
    };
    let mut paid = vec![
        (if reversal { "Terugbetaald" } else { "Ontvangen" }, paid_line),
        ("Op", time::show_instant(payment.at)),
        ("Door", received_by),
    ];
    if let Some(reason) = &payment.reason {
        paid.push(("Reden", reason.clone()));
    }
    doc.fields(150.0, style.bold(), &paid[..1]);
    doc.fields(150.0, style, &paid[1..]);
    doc.space(14.0);
    doc.paragraph(
        Style::SMALL.sized(8.0),
        "Deze kwitantie is het bewijs van betaling van het marktgeld voor de genoemde marktdag. Bewaar haar bij uw administratie.",
    );
    Ok((doc, file_name(Document::Receipt, &format!("{}-{}", permit.invoice_number, payment.id), None)))
}

/// The letter of a ticket (inspections.md): number, day and time, market, stall, vendor,
/// the violation with its article, warning or the amount with due date and payment
/// reference, and how and by when to object. The dates run from the day the ticket was
/// handed out (a draft's: from `today`, the day it is printed), not from the market day.
pub(super) fn ticket(store: &mut Store, printed: &str, today: NaiveDate, ticket_id: TicketId) -> Result<(Doc, String)> {
    let t = store.read(|c| db::ticket::get(c, ticket_id))?.ok_or_else(|| Error::not_found("bon", ticket_id))?;
    let term = t.letter_term(today);
    // Every issue sets the last day to object; this default is only for the type's sake.
    let objection_until =
        term.objection_until.unwrap_or(term.from + chrono::Days::new(7 * crate::ticket::OBJECTION_WEEKS));
    let m = market(store, t.market)?;
    let office = office::get(store)?;
    let (vendor, violation, paid) = store.read(|c| {
        Ok((
            t.vendor.map(|v| db::vendor::get(c, v)).transpose()?.flatten(),
            db::ticket::violation(c, t.violation)?.ok_or_else(|| Error::not_found("overtreding", t.violation))?,
            db::permit::payments_of_ticket(c, t.id)?.iter().map(|p| p.amount).sum::<Cents>(),
        ))
    })?;
    let warning = match t.status {
        TicketStatus::Void => Some("VERVALLEN".to_string()),
        TicketStatus::Withdrawn => Some("INGETROKKEN".to_string()),
        _ => None,
    };
    let mut doc = Doc::new(Header {
        title: format!("{} {}", Document::Ticket.label_nl(), t.number),
        subject: office.name.clone(),
        day: market_line(&m, t.day),
        printed: printed.to_string(),
        note: Some(format!("Status: {}", t.status.label_nl())),
        warning,
    });
    let style = letter_style();
    sender(&mut doc, &office);
    let (addressee, number) = match &vendor {
        Some(v) => (v.name(), format!("Erkenningsnummer {}", v.registration_number)),
        None => ("Onbekende persoon".to_string(), t.unknown_person.clone().unwrap_or_default()),
    };
    doc.paragraph(style.bold(), &addressee);
    doc.paragraph(style, &number);
    doc.space(16.0);
    let decision = match t.decision {
        TicketDecision::Warning => "waarschuwing",
        TicketDecision::Fine => "boete",
    };
    doc.paragraph(
        style.bold(),
        &format!("Betreft: {decision} wegens {} ({})", violation.description.to_lowercase(), violation.code),
    );
    doc.space(10.0);
    let when = format!("{} om {}", time::long_day(t.day), t.time);
    let article = match violation.article.trim() {
        "" => "de Marktverordening".to_string(),
        a if a.to_lowercase().starts_with("art") => format!("{a} van de Marktverordening"),
        a => format!("artikel {a} van de Marktverordening"),
    };
    let mut fields = vec![
        ("Bonnummer", t.number.clone()),
        ("Datum en tijd", when.clone()),
        ("Markt", format!("{} ({})", m.name, m.code)),
        ("Plaats", if t.stall.is_empty() { "—".to_string() } else { t.stall.clone() }),
        ("Overtreding", format!("{} {}", violation.code, violation.description)),
        ("Grond", article.clone()),
        ("Beslissing", t.decision.label_nl().to_string()),
        ("Uitgereikt op", time::long_day(term.from)),
    ];
    if t.decision == TicketDecision::Fine {
        fields.push(("Bedrag", t.amount.to_string()));
        fields.push(("Uiterlijk betalen op", time::long_day(term.due)));
        fields.push(("Betalingskenmerk", t.number.clone()));
    }
    fields.push(("Bezwaar tot en met", time::long_day(objection_until)));
    if !t.note.trim().is_empty() {
        fields.push(("Toelichting", t.note.clone()));
    }
    doc.fields(150.0, style, &fields);
    doc.space(12.0);

    let intro = format!(
        "Op {when} heeft de markttoezichthouder op de {} vastgesteld dat u {} heeft overtreden: {}.",
        m.name,
        article,
        violation.description.to_lowercase()
    );
    doc.paragraph(style, &intro);
    doc.space(6.0);
    match t.decision {
        TicketDecision::Warning => doc.paragraph(
            style,
            "Dit is een waarschuwing: u hoeft niets te betalen. Overtreedt u dezelfde regel binnen twaalf maanden opnieuw, dan krijgt u een boete.",
        ),
        TicketDecision::Fine => {
            doc.paragraph(
                style,
                &format!(
                    "U krijgt hiervoor een boete van {}. Betaal dit bedrag uiterlijk op {} en vermeld daarbij het betalingskenmerk {}. Betalen kan aan de balie van het marktbureau (pin of contant) of per bank{}.",
                    t.amount,
                    time::long_day(term.due),
                    t.number,
                    if office.iban.is_empty() {
                        String::new()
                    } else {
                        format!(" op rekening {} ten name van {}", office.iban_grouped(), office.name)
                    }
                ),
            );
            if paid > Cents::ZERO {
                doc.space(4.0);
                doc.paragraph(style.bold(), &format!("Al ontvangen: {paid}. Nog te betalen: {}.", t.amount - paid));
            }
            doc.space(6.0);
            doc.keep(52.0);
            let y = doc.y();
            let small = Style::SMALL;
            doc.text_at(LEFT, y + small.baseline(), small, "Betalingskenmerk (scan aan de balie):");
            doc.barcode(LEFT - 9.0, y + 11.0, &t.number, 0.9, 28.0);
            doc.space(46.0);
        }
    }
    doc.space(6.0);
    doc.heading("Bent u het niet eens met deze bon?", 60.0);
    let mut objection = format!(
        "Dan kunt u tot en met {} schriftelijk bezwaar maken bij het marktbureau. Vermeld in uw brief het bonnummer {}, uw naam en erkenningsnummer, en waarom u het er niet mee eens bent.",
        time::long_day(objection_until),
        t.number
    );
    if t.decision == TicketDecision::Fine {
        objection.push_str(" Zolang er over uw bezwaar niet is beslist, hoeft u de boete niet te betalen.");
    }
    doc.paragraph(style, &objection);
    doc.space(18.0);
    doc.paragraph(style, "Met vriendelijke groet,");
    doc.space(4.0);
    doc.paragraph(style, &office.name);
    Ok((doc, file_name(Document::Ticket, &t.number, None)))
}

//! The printing side of the contract (`PrintRequest`, `Printed` in types.ts).

use markt::ids::{MarketId, PaymentId, PermitId, TicketId};
use markt::report::{Document, Request};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Res, parse_day};

/// Which document, about what: a market and day, or a permit, payment or ticket.
#[derive(Debug, Clone, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields = nullable)]
pub struct PrintRequest {
    /// `daily-list`, `permit-list`, `day-close`, `week-list`, `ab-list`, `barcodes`,
    /// `receipt`, `ticket`.
    pub document: String,
    pub market_id: Option<i64>,
    pub day: Option<String>,
    pub permit_id: Option<i64>,
    pub payment_id: Option<i64>,
    pub ticket_id: Option<i64>,
}

impl PrintRequest {
    pub fn to_core(&self) -> Res<Request> {
        Ok(Request {
            document: Document::parse(&self.document)?,
            market: self.market_id.map(MarketId),
            day: self.day.as_deref().map(|d| parse_day("day", d)).transpose()?,
            permit: self.permit_id.map(PermitId),
            payment: self.payment_id.map(PaymentId),
            ticket: self.ticket_id.map(TicketId),
        })
    }
}

/// A document made and handed on: where the PDF is, and the print job when printed.
#[derive(Debug, Clone, Serialize, TS, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Printed {
    pub file_name: String,
    pub path: String,
    pub pages: usize,
    /// What the spooler said (`request id is Kantoor-12 (1 file(s))`), when printed.
    pub job: Option<String>,
}

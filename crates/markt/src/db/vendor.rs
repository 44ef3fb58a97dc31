//! SQL of vendors and substitutes.

use crate::db::{Connection, OptionalExtension, params, params_from_iter};
use chrono::NaiveDate;

use super::Tx;

use crate::error::Result;
use crate::ids::{MarketId, SubstituteId, VendorId};
use crate::vendor::{HitRegistration, Page, RegistrationNumber, SearchHit, Substitute, ValidVendor, Vendor};

const COLUMNS: &str =
    "id, registration_number, initials, infix, surname, email, phone, pass_id, status, enforcement_until";

pub(crate) fn from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Vendor> {
    let number: String = r.get(1)?;
    Ok(Vendor {
        id: r.get(0)?,
        registration_number: RegistrationNumber::parse(&number).map_err(|e| crate::db::SqlError::conversion(1, e))?,
        initials: r.get(2)?,
        infix: r.get(3)?,
        surname: r.get(4)?,
        email: r.get(5)?,
        phone: r.get(6)?,
        pass_id: r.get(7)?,
        status: r.get(8)?,
        enforcement_until: super::get_opt_day(r, 9)?,
    })
}

pub(crate) fn insert(c: &Tx<'_>, v: &ValidVendor) -> Result<VendorId> {
    c.prepare_cached(
        "INSERT INTO vendor (registration_number, initials, infix, surname, email, phone, pass_id, status,
                             enforcement_until, search_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        v.number.digits(),
        v.initials,
        v.infix,
        v.surname,
        v.email,
        v.phone,
        v.pass_id,
        v.status,
        v.enforcement_until.map(super::day),
        v.search_name
    ])?;
    Ok(VendorId(c.last_insert_rowid()?))
}

pub(crate) fn update(c: &Tx<'_>, id: VendorId, v: &ValidVendor) -> Result<()> {
    c.execute(
        "UPDATE vendor SET registration_number = ?2, initials = ?3, infix = ?4, surname = ?5, email = ?6, phone = ?7,
                pass_id = ?8, status = ?9, enforcement_until = ?10, search_name = ?11
         WHERE id = ?1",
        params![
            id,
            v.number.digits(),
            v.initials,
            v.infix,
            v.surname,
            v.email,
            v.phone,
            v.pass_id,
            v.status,
            v.enforcement_until.map(super::day),
            v.search_name
        ],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: VendorId) -> Result<Option<Vendor>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM vendor WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub fn find_by_number(c: &Connection, n: &RegistrationNumber) -> Result<Option<Vendor>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM vendor WHERE registration_number = ?1"))?
        .query_row([n.digits()], from_row)
        .optional()?)
}

pub fn find_by_pass(c: &Connection, pass: &str) -> Result<Option<Vendor>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS} FROM vendor WHERE pass_id = ?1"), [pass], from_row).optional()?)
}

pub fn search(
    c: &Connection,
    words: &[String],
    number_prefix: Option<&str>,
    market: Option<MarketId>,
    offset: i64,
    limit: i64,
) -> Result<Page<SearchHit>> {
    // Words match the folded name; a number prefix (a query of digits and dots) matches the
    // registration number only: names hold no digits, and GLOB on the digits can use the
    // number's index where a LIKE (case-blind) cannot.
    let mut args: Vec<String> = Vec::new();
    let condition = if let Some(p) = number_prefix {
        args.push(format!("{p}{}", c.sql("*", "%")));
        Some(c.sql("registration_number GLOB ?1", "registration_number LIKE ?1").to_string())
    } else if !words.is_empty() {
        let name_match: Vec<String> = words
            .iter()
            .map(|w| {
                args.push(format!("%{}%", w.replace(['%', '_'], "")));
                format!("search_name LIKE ?{}", args.len())
            })
            .collect();
        Some(name_match.join(" AND "))
    } else {
        None
    };
    let order = c.sql(
        "ORDER BY surname COLLATE NOCASE, initials, registration_number",
        "ORDER BY lower(surname), initials, registration_number",
    );
    let outer_order = c.sql(
        "ORDER BY v.surname COLLATE NOCASE, v.initials, v.registration_number",
        "ORDER BY lower(v.surname), v.initials, v.registration_number",
    );
    let (limit, offset) = (limit.max(0), offset.max(0));
    // The registration at the market is joined to the page only (the subquery with its LIMIT
    // is not flattened into a join), one index lookup per row shown: at most one active
    // registration per vendor and market (`registration_vendor_market`). Without a market
    // the join finds nothing and costs nothing.
    let columns = COLUMNS.split(", ").map(|col| format!("v.{col}")).collect::<Vec<_>>().join(", ");
    let market_arg = format!("?{}", args.len() + 1);
    let outer = |inner: &str| {
        format!(
            "SELECT {columns}, r.status, r.list_number FROM ({inner}) v
             LEFT JOIN registration r ON r.vendor_id = v.id AND r.market_id = {market_arg} AND r.voided = 0
             {outer_order}"
        )
    };
    let mut params: Vec<rusqlite::types::Value> = args.iter().cloned().map(Into::into).collect();
    params.push(market.map_or(rusqlite::types::Value::Null, |m| m.0.into()));
    let Some(condition) = condition else {
        // Browsing everyone: walking the surname index gives the page without sorting.
        let total: i64 = c.query_row("SELECT count(*) FROM vendor", [], |r| r.get(0))?;
        let mut st =
            c.prepare(&outer(&format!("SELECT {COLUMNS} FROM vendor {order} LIMIT {limit} OFFSET {offset}")))?;
        let items =
            st.query_map(params_from_iter(params.iter()), hit_from_row)?.collect::<crate::db::SqlResult<_>>()?;
        return Ok(Page { items, total });
    };
    // A filter: the page from one sequential pass over the table (NOT INDEXED), sorting only
    // the matches (a top-50 sort). Walking the surname index instead looks up every vendor in
    // name order: 30 ms for a rare name among 50,000, against 4. (A window count in the same
    // pass would sort every match, not the top 50: slower for "v" or "19".)
    let filter = format!("WHERE {condition}");
    let total: i64 =
        c.query_row(&format!("SELECT count(*) FROM vendor {filter}"), params_from_iter(args.iter()), |r| r.get(0))?;
    let mut st = c.prepare(&outer(&format!(
        "SELECT {COLUMNS} FROM vendor {} {filter} {order} LIMIT {limit} OFFSET {offset}",
        c.sql("NOT INDEXED", "")
    )))?;
    let items = st.query_map(params_from_iter(params.iter()), hit_from_row)?.collect::<crate::db::SqlResult<_>>()?;
    Ok(Page { items, total })
}

fn hit_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<SearchHit> {
    let status: Option<crate::code::RegistrationStatus> = r.get(10)?;
    let list_number: Option<i64> = r.get(11)?;
    Ok(SearchHit {
        vendor: from_row(r)?,
        registration: status.zip(list_number).map(|(status, list_number)| HitRegistration { status, list_number }),
    })
}

/// Every vendor, in name order (the list exports).
pub fn all(c: &Connection) -> Result<Vec<Vendor>> {
    let mut st = c.prepare(&format!(
        "SELECT {COLUMNS} FROM vendor {}",
        c.sql(
            "ORDER BY surname COLLATE NOCASE, initials, registration_number",
            "ORDER BY lower(surname), initials, registration_number"
        )
    ))?;
    Ok(st.query_map([], from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM vendor", [], |r| r.get(0))?)
}

// ── Substitutes ──────────────────────────────────────────────────────────────────────────

fn substitute_from_row(r: &crate::db::Row<'_>) -> crate::db::SqlResult<Substitute> {
    Ok(Substitute {
        id: r.get(0)?,
        vendor: r.get(1)?,
        substitute: r.get(2)?,
        valid_from: super::get_day(r, 3)?,
        valid_until: super::get_opt_day(r, 4)?,
    })
}

pub fn insert_substitute(
    c: &Tx<'_>,
    vendor: VendorId,
    substitute: VendorId,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<SubstituteId> {
    c.execute(
        "INSERT INTO substitute (vendor_id, substitute_vendor_id, valid_from, valid_until) VALUES (?1, ?2, ?3, ?4)",
        params![vendor, substitute, super::day(from), until.map(super::day)],
    )?;
    Ok(SubstituteId(c.last_insert_rowid()?))
}

pub fn end_substitute(c: &Tx<'_>, id: SubstituteId, until: NaiveDate) -> Result<()> {
    c.execute("UPDATE substitute SET valid_until = ?2 WHERE id = ?1", params![id, super::day(until)])?;
    Ok(())
}

pub fn substitute(c: &Connection, id: SubstituteId) -> Result<Option<Substitute>> {
    Ok(c.query_row(
        "SELECT id, vendor_id, substitute_vendor_id, valid_from, valid_until FROM substitute WHERE id = ?1",
        [id],
        substitute_from_row,
    )
    .optional()?)
}

pub fn substitutes_of(c: &Connection, vendor: VendorId) -> Result<Vec<Substitute>> {
    let mut st = c.prepare_cached(
        "SELECT id, vendor_id, substitute_vendor_id, valid_from, valid_until FROM substitute
         WHERE vendor_id = ?1 ORDER BY valid_from, id",
    )?;
    Ok(st.query_map([vendor], substitute_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

/// The substitutions in which `substitute` stands in for others.
pub fn substitute_for(c: &Connection, substitute: VendorId) -> Result<Vec<Substitute>> {
    let mut st = c.prepare_cached(
        "SELECT id, vendor_id, substitute_vendor_id, valid_from, valid_until FROM substitute
         WHERE substitute_vendor_id = ?1 ORDER BY valid_from, id",
    )?;
    Ok(st.query_map([substitute], substitute_from_row)?.collect::<crate::db::SqlResult<_>>()?)
}

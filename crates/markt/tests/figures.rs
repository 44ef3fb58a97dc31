//! The reports at their edges: quarters and weeks that straddle them (a week belongs to the
//! quarter of its Thursday), the year's turn, a market that ended, the applicants' year of
//! October to September, revenue split two ways adding up the same.

mod common;

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use common::*;
use markt::code::*;
use markt::export::{Cell, Dialect, Table};
use markt::figures::{self, MarketYear, Period, Quarter, ReportRequest, Split};
use markt::ids::*;
use markt::registration::{self, RegistrationInput};
use markt::tariff::{self, TariffPlanInput};
use markt::{Cents, market, permit};

fn new_market(f: &mut Fixture, code: &str, kind: MarketKind, weekdays: &str) -> MarketId {
    let admin = f.admin.clone();
    let now = at("2026-01-05", 9);
    let mut input = market_input(code);
    input.kind = kind;
    input.weekdays = Weekdays::parse_list(weekdays).unwrap();
    let id = market::create(&mut f.store, &admin, now, &input).unwrap();
    let row = market::add_row(&mut f.store, &admin, now, id, "Rij", false).unwrap();
    for n in 1..=4 {
        market::add_stall(&mut f.store, &admin, now, &stall_input(row, &n.to_string())).unwrap();
    }
    let rates = vec![(f.kinds["meter"], Cents(246)), (f.kinds["cleaning"], Cents(47)), (f.kinds["promo"], Cents(115))];
    let plan = TariffPlanInput {
        market: id,
        name: format!("Tarieven {code}"),
        from: d("2026-01-01"),
        until: None,
        weekdays: None,
        ignore_fixed: false,
        rates,
    };
    tariff::create_plan(&mut f.store, &admin, now, &plan).unwrap();
    let senior = f.senior.clone();
    let reg = RegistrationInput {
        vendor: f.holder,
        market: id,
        list_number: 1,
        status: RegistrationStatus::Vpl,
        registered_on: d("2020-01-01"),
        places: None,
        stalls: vec![],
        products: vec![],
    };
    registration::create(&mut f.store, &senior, now, &reg).unwrap();
    id
}

fn stand(f: &mut Fixture, market: MarketId, vendor: VendorId, day: NaiveDate, stall: &str, payment: PaymentMethod) {
    let mut input = f.permit_input(vendor);
    input.market = market;
    input.day = day;
    input.stalls = vec![stall.into()];
    input.payment = payment;
    input.override_reason = Some("op twee markten".into());
    // Issued at one desk moment for many days: each day confirmed, as the counter asks.
    input.confirmed_day = Some(day);
    let sup = f.supervisor.clone();
    permit::issue(&mut f.store, &sup, at("2026-01-05", 8), &input).unwrap();
}

fn cell_text(t: &Table, row: usize, col: &str) -> String {
    let i = t.columns.iter().position(|c| c.key == col).unwrap_or_else(|| panic!("no column {col}"));
    t.rows[row][i].render(Dialect::Rfc).into_owned()
}

fn find(t: &Table, market: &str, col: &str, value: &str) -> usize {
    let m = t.columns.iter().position(|c| c.key == "market").unwrap();
    let i = t.columns.iter().position(|c| c.key == col).unwrap();
    t.rows
        .iter()
        .position(|r| r[m] == Cell::text(market) && r[i].render(Dialect::Rfc) == value)
        .unwrap_or_else(|| panic!("no row {market} {col}={value} in {:#?}", t.rows))
}

#[test]
fn attendance_obligation_at_the_edges_of_quarters_years_and_ended_markets() {
    let mut f = fixture();
    let dm = new_market(&mut f, "DM", MarketKind::Daily, "ma,di,wo,do,vr,za");
    let em = new_market(&mut f, "EM", MarketKind::Weekly, "wo");
    let (wm, holder, applicant, stranger) = (f.market, f.holder, f.applicant, f.stranger);
    let q4 = Quarter::parse("2026-Q4").unwrap();
    let weeks = q4.weeks();
    assert_eq!(weeks.len(), 14);
    for (i, monday) in weeks.iter().enumerate() {
        let wed = *monday + Days::new(2);
        // WM (weekly): someone stands every week, so every week is held; the holder comes
        // in 11 of the 14 weeks (required: ceil(14 × 10 / 13) = 11).
        stand(&mut f, wm, stranger, wed, "5", PaymentMethod::Pin);
        if ![4, 9, 13].contains(&i) {
            stand(&mut f, wm, holder, wed, "1", PaymentMethod::Pin);
        }
        // DM (daily): 3 permits a week in 10 weeks, 2 in the other 4: 10 of 14, short by 1.
        // The last week straddles the year: Thursday 31 Dec, Friday 1 and Saturday 2 Jan.
        let days: &[u64] = if i == 13 {
            &[3, 4, 5]
        } else if i < 9 {
            &[0, 1, 3]
        } else {
            &[0, 1]
        };
        for d in days {
            stand(&mut f, dm, holder, *monday + Days::new(*d), "2", PaymentMethod::Cash);
        }
        // EM held its first four weeks of the quarter, then ended.
        if i < 4 {
            stand(&mut f, em, holder, wed, "3", PaymentMethod::OnAccount);
        }
    }
    let admin = f.admin.clone();
    market::set_ended(&mut f.store, &admin, at("2026-11-01", 9), em, true).unwrap();
    // The applicant stands on 30 September (market year 2025/2026, but Q4 2026's first week)
    // and three Wednesdays in October.
    for day in ["2026-09-30", "2026-10-07", "2026-10-14", "2026-10-21"] {
        stand(&mut f, wm, applicant, d(day), "3", PaymentMethod::Pin);
    }

    let t = figures::obligation(&mut f.store, &f.admin, q4, &[]).unwrap();
    let wmr = find(&t, "WM", "registration_number", "19570810.02");
    assert_eq!(
        ["weeks_held", "weeks_present", "weeks_required", "met", "short"].map(|c| cell_text(&t, wmr, c)),
        ["14", "11", "11", "true", "0"]
    );
    let dmr = find(&t, "DM", "registration_number", "19570810.02");
    assert_eq!(
        ["weeks_held", "weeks_present", "weeks_required", "met", "short"].map(|c| cell_text(&t, dmr, c)),
        ["14", "10", "11", "false", "1"],
        "the straddling week's three days count for Q4"
    );
    let emr = find(&t, "EM", "registration_number", "19570810.02");
    assert_eq!(
        ["weeks_held", "weeks_present", "weeks_required", "met"].map(|c| cell_text(&t, emr, c)),
        ["4", "4", "4", "true"],
        "an ended market counts only the weeks it was held"
    );
    assert!(t.rows.iter().all(|r| r[4] != Cell::text("soll")), "applicants are not fixed holders");
    // Q1 2027 starts on 4 January: the permits of 1 and 2 January are not its.
    let q1 = figures::obligation(&mut f.store, &f.admin, Quarter::parse("2027-Q1").unwrap(), &[dm]).unwrap();
    assert_eq!(cell_text(&q1, 0, "weeks_held"), "0");

    let y = figures::applicants(&mut f.store, &f.admin, MarketYear::parse("2026/2027").unwrap(), &[f.market]).unwrap();
    let a = find(&y, "WM", "registration_number", "19800101.01");
    assert_eq!([cell_text(&y, a, "permits"), cell_text(&y, a, "met")], ["3", "false"], "30 September is last year");
    let y = figures::applicants(&mut f.store, &f.admin, MarketYear::parse("2025/2026").unwrap(), &[f.market]).unwrap();
    assert_eq!(cell_text(&y, find(&y, "WM", "registration_number", "19800101.01"), "permits"), "1");

    // Multiple permits: the holder stood on WM and EM on Wednesday 30 September.
    let m = figures::multiple(&mut f.store, &f.admin, d("2026-09-28"), d("2026-10-04"), &[]).unwrap();
    assert_eq!(m.rows.len(), 1, "{:#?}", m.rows);
    assert_eq!(m.rows[0][3], Cell::Int(2));
    assert_eq!(m.rows[0][4], Cell::text("WM, EM"));

    // Revenue over the turn of the year: one ISO week (2026-W53), two months; the splits by
    // tariff kind and by payment method add up to the same totals.
    let (from, until) = (d("2026-12-28"), d("2027-01-03"));
    let weekly = figures::revenue(&mut f.store, &f.admin, from, until, &[], Period::Week, Split::None).unwrap();
    let periods: Vec<String> = weekly.rows.iter().map(|r| r[1].render(Dialect::Rfc).into_owned()).collect();
    assert_eq!(periods, ["week 53", "week 53"], "DM and WM, each one week (in Dutch, no code)");
    let monthly = figures::revenue(&mut f.store, &f.admin, from, until, &[dm], Period::Month, Split::None).unwrap();
    let periods: Vec<String> = monthly.rows.iter().map(|r| r[1].render(Dialect::Rfc).into_owned()).collect();
    assert_eq!(periods, ["dec 2026", "jan 2027"], "months as a clerk reads them, in time order");
    assert_eq!((monthly.rows[0][2].clone(), monthly.rows[1][2].clone()), (Cell::Int(1), Cell::Int(2)));
    let mut q = |split| {
        figures::revenue(&mut f.store, &f.admin, d("2026-09-28"), d("2027-01-03"), &[], Period::Month, split).unwrap()
    };
    let (none, kind, method) = (q(Split::None), q(Split::TariffKind), q(Split::PaymentMethod));
    // The kinds by their short Dutch names: "reiniging", not "cleaning (reiniging (…))".
    let kinds: BTreeSet<String> = kind.rows.iter().map(|r| r[2].render(Dialect::Rfc).into_owned()).collect();
    assert!(kinds.contains("reiniging"), "{kinds:?}");
    assert!(kinds.iter().all(|k| !k.contains('(') && !k.contains("cleaning")), "{kinds:?}");
    // Months across the turn of a year sort by time, not by their names.
    let months: Vec<String> =
        none.rows.iter().filter(|r| r[0] == none.rows[0][0]).map(|r| r[1].render(Dialect::Rfc).into_owned()).collect();
    let names = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    let order = |l: &String| {
        let (m, y) = l.split_once(' ').expect("month and year");
        (y.parse::<i32>().expect("a year"), names.iter().position(|x| *x == m).expect("a Dutch month"))
    };
    assert!(months.len() >= 2 && months.windows(2).all(|w| order(&w[0]) < order(&w[1])), "{months:?}");
    let total = |t: &Table| t.totals.as_ref().unwrap().iter().rev().take(3).cloned().collect::<Vec<_>>();
    assert_eq!(total(&none), total(&kind));
    assert_eq!(total(&none), total(&method));
    let permits =
        |t: &Table| t.totals.as_ref().unwrap()[t.columns.iter().position(|c| c.key == "permits").unwrap()].clone();
    assert_eq!(permits(&none), permits(&method));
    assert_eq!(permits(&none), Cell::Int(14 + 11 + (9 * 3 + 4 * 2 + 3) + 4 + 4));

    // Occupancy: WM on 30 September: stalls 1, 3 and 5 of 6.
    let o =
        figures::occupancy(&mut f.store, &f.admin, d("2026-09-30"), d("2026-09-30"), &[f.market], Period::Day).unwrap();
    assert_eq!(["available", "used", "occupancy_percent"].map(|c| cell_text(&o, 0, c)), ["6", "3", "50"]);
    let o = figures::run(
        &mut f.store,
        &f.admin,
        &ReportRequest::Occupancy {
            from: d("2026-09-28"),
            until: d("2026-10-11"),
            markets: vec![dm],
            by: Period::Week,
        },
    )
    .unwrap();
    assert_eq!(
        ["period", "market_days", "available", "used"].map(|c| cell_text(&o, 0, c)),
        ["week 40", "3", "12", "3"]
    );

    // Every report writes CSV in both dialects: totals in nl only.
    for t in [&none, &kind, &method, &o, &m, &y, &t] {
        let nl = String::from_utf8(t.to_csv(Dialect::Nl).unwrap()).unwrap();
        let rfc = String::from_utf8(t.to_csv(Dialect::Rfc).unwrap()).unwrap();
        assert_eq!(nl.lines().count(), t.rows.len() + 2, "{}", t.title);
        assert_eq!(rfc.lines().count(), t.rows.len() + 1, "{}", t.title);
        assert!(nl.lines().last().unwrap().starts_with("Totaal;"));
    }
}

#[test]
fn tickets_open_and_overdue_at_the_edges_of_the_period_and_the_due_date() {
    use markt::ticket::{self, TicketInput};
    let mut f = fixture();
    let dm = new_market(&mut f, "DM", MarketKind::Daily, "ma,di,wo,do,vr,za");
    let (sup, senior) = (f.supervisor.clone(), f.senior.clone());
    let (wm, stranger, holder) = (f.market, f.stranger, f.holder);
    // Makes a ticket and hands it out (unless `draft`).
    let make = |f: &mut Fixture, market: MarketId, day: &str, code: &str, vendor: VendorId, draft: bool| {
        let input = TicketInput {
            market,
            day: d(day),
            time: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
            stall: "3".into(),
            vendor: Some(vendor),
            unknown_person: None,
            permit: None,
            control: None,
            violation_code: code.into(),
            note: String::new(),
        };
        let id = ticket::create(&mut f.store, &sup, at(day, 11), &input).unwrap();
        if !draft {
            ticket::transition(&mut f.store, &sup, at(day, 12), id, TicketStatus::Issued, None).unwrap();
        }
        id
    };
    // The day before the period: not counted.
    make(&mut f, wm, "2026-02-28", "V03", stranger, false);
    // The first day: a fine of € 100, unpaid, due on 31 March.
    make(&mut f, wm, "2026-03-01", "V03", stranger, false);
    // A first V01: a warning, never open.
    make(&mut f, wm, "2026-03-05", "V01", holder, false);
    // € 40 of € 100 paid: € 60 open, due 9 April.
    let part = make(&mut f, wm, "2026-03-10", "V03", stranger, false);
    ticket::pay(&mut f.store, &sup, at("2026-03-11", 10), part, PaymentMethod::Pin, Cents(4000)).unwrap();
    // Paid in full: not open.
    let paid = make(&mut f, wm, "2026-03-15", "V03", stranger, false);
    ticket::pay(&mut f.store, &sup, at("2026-03-16", 10), paid, PaymentMethod::Cash, Cents(10000)).unwrap();
    // Under objection: open (not payable yet, so never overdue); withdrawn: neither.
    let objected = make(&mut f, wm, "2026-03-02", "V03", stranger, false);
    ticket::transition(&mut f.store, &sup, at("2026-03-03", 9), objected, TicketStatus::Objection, Some("brief"))
        .unwrap();
    let withdrawn = make(&mut f, wm, "2026-03-20", "V03", stranger, false);
    ticket::transition(&mut f.store, &sup, at("2026-03-21", 9), withdrawn, TicketStatus::Objection, Some("brief"))
        .unwrap();
    ticket::transition(&mut f.store, &sup, at("2026-03-22", 9), withdrawn, TicketStatus::Withdrawn, None).unwrap();
    // The last day: a draft and a voided ticket do not count; DM's fine does, on its own row.
    make(&mut f, wm, "2026-03-31", "V03", stranger, true);
    let void = make(&mut f, wm, "2026-03-31", "V03", stranger, false);
    ticket::transition(&mut f.store, &senior, at("2026-03-31", 13), void, TicketStatus::Void, Some("verkeerd"))
        .unwrap();
    make(&mut f, dm, "2026-03-31", "V03", stranger, false);
    // The day after the period: not counted.
    make(&mut f, dm, "2026-04-01", "V03", stranger, false);

    let cols = ["tickets", "warnings", "fines", "fined", "paid", "open", "open_amount", "overdue", "overdue_amount"];
    let row = |t: &Table, market: &str, code: &str| {
        let r = find(t, market, "violation", code);
        cols.map(|c| cell_text(t, r, c))
    };
    // On the due date of the first fine it is not overdue yet.
    let t = figures::tickets(&mut f.store, &f.admin, d("2026-03-01"), d("2026-03-31"), &[], d("2026-03-31")).unwrap();
    assert_eq!(t.rows.len(), 3, "WM V01, WM V03, DM V03: {:#?}", t.rows);
    assert_eq!(row(&t, "WM", "V01"), ["1", "1", "0", "0.00", "0.00", "0", "0.00", "0", "0.00"]);
    assert_eq!(
        row(&t, "WM", "V03"),
        ["5", "0", "5", "400.00", "140.00", "3", "260.00", "0", "0.00"],
        "the fines of 1, 2 (objection), 10, 15 and 20 March (withdrawn: not in the fined amount); open: 1, 2 and 10 March"
    );
    assert_eq!(row(&t, "DM", "V03"), ["1", "0", "1", "100.00", "0.00", "1", "100.00", "0", "0.00"]);
    let totals = t.totals.as_ref().unwrap();
    assert_eq!(totals[3], Cell::Int(7));
    assert_eq!(totals[9], Cell::Money(Cents(36000)));
    // A day later the first fine is overdue; the objection and the part-paid one (due 9 April) are not.
    let t = figures::tickets(&mut f.store, &f.admin, d("2026-03-01"), d("2026-03-31"), &[], d("2026-04-01")).unwrap();
    assert_eq!(row(&t, "WM", "V03")[7..], ["1".to_string(), "100.00".to_string()]);
    let t = figures::tickets(&mut f.store, &f.admin, d("2026-03-01"), d("2026-03-31"), &[], d("2026-04-10")).unwrap();
    assert_eq!(row(&t, "WM", "V03")[7..], ["2".to_string(), "160.00".to_string()], "and after 9 April the € 60 too");
    // One market; the request form; a period the wrong way round.
    let only = ReportRequest::Tickets {
        from: d("2026-03-01"),
        until: d("2026-03-31"),
        markets: vec![dm],
        today: d("2026-04-01"),
    };
    let t = figures::run(&mut f.store, &f.admin, &only).unwrap();
    assert_eq!(t.rows.len(), 1);
    assert_eq!(
        row(&t, "DM", "V03")[5..],
        ["1", "100.00", "0", "0.00"].map(String::from),
        "open, and not overdue before its due date of 30 April"
    );
    let err =
        figures::tickets(&mut f.store, &f.admin, d("2026-03-31"), d("2026-03-01"), &[], d("2026-04-01")).unwrap_err();
    assert_eq!(err.code(), "invalid");
}

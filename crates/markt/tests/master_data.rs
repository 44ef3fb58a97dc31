//! Master data: validation errors name their field; uniqueness rules; natural stall order;
//! search as you type.

mod common;

use common::*;
use markt::code::*;
use markt::error::Problem;
use markt::market::{self, MarketInput};
use markt::registration::{self, RegistrationInput};
use markt::tariff::{self, ProductInput, TariffPlanInput};
use markt::vendor::{self, VendorInput};
use markt::{Cents, Error};

/// The fields (and problems) an error names, sorted.
fn fields(e: &Error) -> Vec<(String, Problem)> {
    let mut v: Vec<_> = e.field_errors().iter().map(|f| (f.field.clone(), f.problem)).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn a_market_form_gets_every_error_at_once() {
    let mut f = fixture();
    let admin = f.admin.clone();
    let input = MarketInput {
        code: "ac".into(),
        name: " ".into(),
        weekdays: Weekdays::NONE,
        stall_size_m: 5,
        max_stalls_per_vendor: 0,
        ..market_input("X")
    };
    let err = market::create(&mut f.store, &admin, at(DAY, 9), &input).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(
        fields(&err),
        vec![
            ("code".into(), Problem::Format),
            ("max_stalls_per_vendor".into(), Problem::OutOfRange),
            ("name".into(), Problem::Required),
            ("stall_size_m".into(), Problem::OutOfRange),
            ("weekdays".into(), Problem::Required),
        ]
    );
    let dup = market::create(&mut f.store, &admin, at(DAY, 9), &market_input("WM")).unwrap_err();
    assert_eq!(fields(&dup), vec![("code".into(), Problem::Duplicate)]);
    let seasonal = MarketInput { kind: MarketKind::Seasonal, ..market_input("SZ") };
    let err = market::create(&mut f.store, &admin, at(DAY, 9), &seasonal).unwrap_err();
    assert_eq!(fields(&err), vec![("season".into(), Problem::Required)]);
    let bad_season = MarketInput { season: Some(("13-01".into(), "10-31".into())), ..seasonal };
    let err = market::create(&mut f.store, &admin, at(DAY, 9), &bad_season).unwrap_err();
    assert_eq!(fields(&err), vec![("season.from".into(), Problem::Format)]);
}

#[test]
fn stalls_sort_naturally_and_numbers_are_unique_per_market() {
    let mut f = fixture();
    let admin = f.admin.clone();
    for n in ["10", "2a", "10a", "9"] {
        market::add_stall(&mut f.store, &admin, at(DAY, 9), &stall_input(f.row, n)).unwrap();
    }
    let err = market::add_stall(&mut f.store, &admin, at(DAY, 9), &stall_input(f.row, "10a")).unwrap_err();
    assert_eq!(fields(&err), vec![("number".into(), Problem::Duplicate)]);
    let err = market::add_stall(&mut f.store, &admin, at(DAY, 9), &stall_input(f.row, "")).unwrap_err();
    assert_eq!(fields(&err), vec![("number".into(), Problem::Required)]);
    // The row keeps the order in which stalls stand; a sorted list is natural.
    let layout = market::layout(&mut f.store, &f.admin, f.market).unwrap();
    let mut numbers: Vec<_> = layout.stalls().map(|s| s.number.clone()).collect();
    assert_eq!(
        numbers.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        ["1", "2", "3", "4", "5", "6", "10", "2a", "10a", "9"]
    );
    numbers.sort();
    assert_eq!(
        numbers.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        ["1", "2", "2a", "3", "4", "5", "6", "9", "10", "10a"]
    );
}

#[test]
fn an_obstacle_lies_between_neighbours_only() {
    let mut f = fixture();
    let admin = f.admin.clone();
    let (s1, s3) = (f.stalls[0], f.stalls[2]);
    let err = market::add_obstacle(&mut f.store, &admin, at(DAY, 9), s1, s3, ObstacleKind::Tree).unwrap_err();
    assert_eq!(fields(&err), vec![("after".into(), Problem::Conflict)]);
    market::add_obstacle(&mut f.store, &admin, at(DAY, 9), f.stalls[1], f.stalls[2], ObstacleKind::Tree).unwrap();
    let layout = market::layout(&mut f.store, &f.admin, f.market).unwrap();
    assert_eq!(layout.rows[0].obstacles.len(), 1);
    assert_eq!(layout.rows[0].obstacles[0].before, f.stalls[1]);
}

#[test]
fn registration_numbers_are_unique_and_checked() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let err = vendor::create(&mut f.store, &senior, at(DAY, 9), &vendor_input("19570810.02", "Ander")).unwrap_err();
    let e = &err.field_errors()[0];
    assert_eq!((e.field.as_str(), e.problem), ("registration_number", Problem::Duplicate));
    assert!(e.message.contains("Daniëls"), "names who has the number: {}", e.message);
    let bad = VendorInput { email: "geen-adres".into(), phone: "06 abc".into(), ..vendor_input("123", "") };
    let err = vendor::create(&mut f.store, &senior, at(DAY, 9), &bad).unwrap_err();
    assert_eq!(
        fields(&err),
        vec![
            ("email".into(), Problem::Format),
            ("phone".into(), Problem::Format),
            ("registration_number".into(), Problem::Format),
            ("surname".into(), Problem::Required),
        ]
    );
    // Stored without the dot, found with or without it.
    let v = vendor::by_number(&mut f.store, &f.admin, "19570810.02").unwrap();
    assert_eq!(v.registration_number.digits(), "1957081002");
    assert_eq!(v.registration_number.to_string(), "19570810.02");
    assert_eq!(vendor::by_number(&mut f.store, &f.admin, "1957081002").unwrap().id, v.id);
}

#[test]
fn list_numbers_are_unique_among_active_registrations() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let input = RegistrationInput {
        vendor: f.stranger,
        market: f.market,
        list_number: 2,
        status: RegistrationStatus::Soll,
        registered_on: d("2026-01-01"),
        places: None,
        stalls: vec![],
        products: vec![],
    };
    let err = registration::create(&mut f.store, &senior, at(DAY, 9), &input).unwrap_err();
    assert_eq!(fields(&err), vec![("list_number".into(), Problem::Duplicate)]);
    assert!(err.field_errors()[0].message.contains("Bakker"));
    // Voiding the holder's registration frees the number.
    let applicant_reg = registration::of_vendor(&mut f.store, &f.admin, f.applicant).unwrap()[0].id;
    registration::void(&mut f.store, &senior, at(DAY, 9), applicant_reg, "verhuisd").unwrap();
    let id = registration::create(&mut f.store, &senior, at(DAY, 9), &input).unwrap();
    assert_eq!(registration::get(&mut f.store, &f.admin, id).unwrap().list_number, 2);
    let voided = registration::get(&mut f.store, &f.admin, applicant_reg).unwrap();
    assert!(voided.voided);
    assert_eq!(voided.void_reason.as_deref(), Some("verhuisd"));
}

#[test]
fn a_fixed_stall_has_one_holder_and_applicants_hold_none() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let input = RegistrationInput {
        vendor: f.stranger,
        market: f.market,
        list_number: 7,
        status: RegistrationStatus::Vpl,
        registered_on: d("2026-01-01"),
        places: None,
        stalls: vec![f.stalls[2], f.stalls[1]],
        products: vec![(f.products["stalls_3m"], 0)],
    };
    let err = registration::create(&mut f.store, &senior, at(DAY, 9), &input).unwrap_err();
    assert_eq!(
        fields(&err),
        vec![("products[0]".into(), Problem::OutOfRange), ("stalls[1]".into(), Problem::Duplicate)]
    );
    assert!(err.field_errors().iter().any(|e| e.message.contains("Daniëls")));
    let soll =
        RegistrationInput { status: RegistrationStatus::Soll, stalls: vec![f.stalls[4]], products: vec![], ..input };
    let err = registration::create(&mut f.store, &senior, at(DAY, 9), &soll).unwrap_err();
    assert_eq!(fields(&err), vec![("stalls".into(), Problem::Conflict)]);
}

#[test]
fn products_fit_their_tariff_kind() {
    let mut f = fixture();
    let admin = f.admin.clone();
    let input = ProductInput {
        key: "stroom".into(),
        label: "Stroom".into(),
        unit: ProductUnit::Item,
        factor: 1,
        kind: Some(f.kinds["meter"]),
        always: true,
        position: 0,
    };
    let err = tariff::create_product(&mut f.store, &admin, at(DAY, 9), &input).unwrap_err();
    assert_eq!(fields(&err), vec![("always".into(), Problem::Conflict), ("kind".into(), Problem::Conflict)]);
    let plan = TariffPlanInput {
        market: f.market,
        name: "Fout".into(),
        from: d("2027-01-01"),
        until: Some(d("2026-01-01")),
        weekdays: None,
        ignore_fixed: false,
        rates: vec![(f.kinds["meter"], Cents(-1))],
    };
    let err = tariff::create_plan(&mut f.store, &admin, at(DAY, 9), &plan).unwrap_err();
    assert_eq!(fields(&err), vec![("rates[0]".into(), Problem::OutOfRange), ("until".into(), Problem::OutOfRange)]);
}

#[test]
fn search_as_you_type_ignores_diacritics_and_finds_numbers() {
    let mut f = fixture();
    let names = |p: markt::vendor::Page<markt::vendor::SearchHit>| {
        p.items.into_iter().map(|h| h.vendor.surname).collect::<Vec<_>>()
    };
    assert_eq!(names(vendor::search(&mut f.store, &f.admin, "daniels", None, 0, 20).unwrap()), ["Daniëls"]);
    assert_eq!(names(vendor::search(&mut f.store, &f.admin, "DANIËLS a.", None, 0, 20).unwrap()), ["Daniëls"]);
    assert_eq!(names(vendor::search(&mut f.store, &f.admin, "19570810.0", None, 0, 20).unwrap()), ["Daniëls"]);
    assert_eq!(names(vendor::search(&mut f.store, &f.admin, "1980", None, 0, 20).unwrap()), ["Bakker"]);
    let all = vendor::search(&mut f.store, &f.admin, "", None, 0, 2).unwrap();
    assert_eq!(all.total, 3, "the total counts every match, not only the page");
    assert_eq!(all.items.len(), 2);
    assert_eq!(names(vendor::search(&mut f.store, &f.admin, "", None, 2, 2).unwrap()), ["Visser"]);
    assert!(vendor::search(&mut f.store, &f.admin, "zzz%", None, 0, 20).unwrap().items.is_empty());
    // A filtered search counts its matches too, in name order, also on a page past the end.
    let filtered = vendor::search(&mut f.store, &f.admin, "s", None, 0, 1).unwrap();
    assert_eq!((filtered.total, names(filtered)), (2, vec!["Daniëls".to_string()]));
    assert_eq!(names(vendor::search(&mut f.store, &f.admin, "s", None, 1, 1).unwrap()), ["Visser"]);
    let past = vendor::search(&mut f.store, &f.admin, "s", None, 5, 1).unwrap();
    assert_eq!((past.total, past.items.len()), (2, 0));
}

#[test]
fn a_search_at_a_market_says_which_of_two_namesakes_is_registered_there() {
    let mut f = fixture();
    let senior = f.senior.clone();
    let now = at(DAY, 9);
    // Two "T. Hoëvenaars": one an applicant on the fixture's market, the other not there.
    let mut input = vendor_input("2001010101", "Hoëvenaars");
    input.initials = "T.".into();
    let here = vendor::create(&mut f.store, &senior, now, &input).unwrap();
    input.registration_number = "2002020202".into();
    let elsewhere = vendor::create(&mut f.store, &senior, now, &input).unwrap();
    registration::create(
        &mut f.store,
        &senior,
        now,
        &RegistrationInput {
            vendor: here,
            market: f.market,
            list_number: 7,
            status: RegistrationStatus::Soll,
            registered_on: d("2024-05-01"),
            places: None,
            stalls: vec![],
            products: vec![],
        },
    )
    .unwrap();
    // A voided registration is no registration: the other one had one once, voided since.
    let old = registration::create(
        &mut f.store,
        &senior,
        now,
        &RegistrationInput {
            vendor: elsewhere,
            market: f.market,
            list_number: 8,
            status: RegistrationStatus::Soll,
            registered_on: d("2020-05-01"),
            places: None,
            stalls: vec![],
            products: vec![],
        },
    )
    .unwrap();
    registration::void(&mut f.store, &senior, now, old, "verhuisd").unwrap();

    let hits = vendor::search(&mut f.store, &f.admin, "hoevenaars", Some(f.market), 0, 20).unwrap();
    assert_eq!(hits.total, 2);
    let found: Vec<_> = hits.items.iter().map(|h| (h.vendor.id, h.vendor.status, h.registration)).collect();
    let reg = |status, list_number| Some(vendor::HitRegistration { status, list_number });
    assert_eq!(
        found,
        vec![(here, VendorStatus::Active, reg(RegistrationStatus::Soll, 7)), (elsewhere, VendorStatus::Active, None),],
        "the one registered at the market says so, with its status and number; the other has none there"
    );
    // The holder found by number carries its vpl registration; without a market, nobody does.
    let holder = vendor::search(&mut f.store, &f.admin, "1957081002", Some(f.market), 0, 5).unwrap();
    assert_eq!(holder.items[0].registration, reg(RegistrationStatus::Vpl, 1));
    let browse = vendor::search(&mut f.store, &f.admin, "", Some(f.market), 0, 20).unwrap();
    assert_eq!(browse.total, 5);
    let with_registration: Vec<_> =
        browse.items.iter().filter(|h| h.registration.is_some()).map(|h| h.vendor.surname.clone()).collect();
    assert_eq!(with_registration, ["Bakker", "Daniëls", "Hoëvenaars"], "browsing joins the registrations too");
    let nowhere = vendor::search(&mut f.store, &f.admin, "hoevenaars", None, 0, 20).unwrap();
    assert!(nowhere.items.iter().all(|h| h.registration.is_none()));
}

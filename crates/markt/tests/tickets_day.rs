//! Controls and tickets as a supervisor works them (issue 16, item 10): a control that
//! finds an unknown substitute says who stood there, a ticket from such a control starts
//! with the matching violation, and a ticket names its permit and control as clerks know
//! them (the permit's number, the round and its time), not by ids.

mod common;

use common::*;
use markt::code::Presence;
use markt::control::{self, ControlInput};
use markt::error::Problem;
use markt::ids::PermitId;
use markt::ticket::{self, TicketInput};

fn control_input(permit: PermitId, presence: Presence, name: Option<&str>) -> ControlInput {
    ControlInput {
        permit,
        round: 1,
        presence,
        substitute: None,
        substitute_name: name.map(str::to_string),
        products: Default::default(),
        note: String::new(),
    }
}

#[test]
fn an_unknown_substitute_is_recorded_only_with_who_stood_there() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    let permit = issue(&mut f, &input);
    let sup = f.supervisor.clone();
    for presence in
        [Presence::SubstituteWithoutPermission, Presence::SubstituteWithPermission, Presence::SubstituteWithExemption]
    {
        for name in [None, Some("   ")] {
            let err =
                control::record(&mut f.store, &sup, at(DAY, 10), &control_input(permit, presence, name)).unwrap_err();
            let fields = err.field_errors();
            assert!(!fields.is_empty(), "{presence:?}: {err:?}");
            assert_eq!(
                (fields[0].field.as_str(), fields[0].problem),
                ("substitute_name", Problem::Required),
                "{presence:?}"
            );
            assert!(fields[0].message.contains("wie er stond"), "{}", fields[0].message);
        }
    }
    // Whoever else was found needs no name: the vendor, the partner, nobody.
    for presence in [Presence::InPerson, Presence::Partner, Presence::Absent] {
        assert!(!control::needs_substitute_name(
            presence,
            None,
            &markt::permit::get(&mut f.store, &sup, permit).unwrap()
        ));
    }
    let id = control::record(
        &mut f.store,
        &sup,
        at(DAY, 10),
        &control_input(permit, Presence::SubstituteWithoutPermission, Some(" man met pet ")),
    )
    .unwrap();
    let stored = control::of_permit(&mut f.store, &sup, permit).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].id, stored[0].substitute_name.as_deref()), (id, Some("man met pet")), "kept, trimmed");
}

#[test]
fn the_permits_own_substitute_needs_no_name() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    let id = issue(&mut f, &input);
    let sup = f.supervisor.clone();
    let mut permit = markt::permit::get(&mut f.store, &sup, id).unwrap();
    permit.presence = Presence::SubstituteWithPermission;
    permit.substitute = Some(f.applicant);
    assert!(
        !control::needs_substitute_name(Presence::SubstituteWithPermission, None, &permit),
        "the one the permit names"
    );
    assert!(control::needs_substitute_name(Presence::SubstituteWithoutPermission, None, &permit), "someone else");
    assert!(
        !control::needs_substitute_name(Presence::SubstituteWithoutPermission, Some(f.stranger), &permit),
        "a known vendor"
    );
    permit.substitute = None;
    assert!(
        control::needs_substitute_name(Presence::SubstituteWithPermission, None, &permit),
        "a permit naming nobody"
    );
}

#[test]
fn a_substitute_without_permission_suggests_the_violation_of_not_being_there_in_person() {
    assert_eq!(ticket::violation_for(Presence::SubstituteWithoutPermission), Some("V01"));
    assert_eq!(ticket::NOT_IN_PERSON_WITHOUT_PERMISSION, "V01");
    for other in [
        Presence::InPerson,
        Presence::Partner,
        Presence::SubstituteWithPermission,
        Presence::SubstituteWithExemption,
        Presence::Absent,
    ] {
        assert_eq!(ticket::violation_for(other), None, "{other:?}");
    }
    // The suggestion is a violation of the catalogue (the fixture's, as the demo's).
    let mut f = fixture();
    let sup = f.supervisor.clone();
    let d =
        ticket::decide(&mut f.store, &sup, Some(f.holder), ticket::NOT_IN_PERSON_WITHOUT_PERMISSION, common::d(DAY))
            .unwrap();
    assert_eq!(d.violation.code, "V01");
}

#[test]
fn a_ticket_names_its_permit_by_number_and_its_control_by_round_and_time() {
    let mut f = fixture();
    let input = f.permit_input(f.holder);
    let permit = issue(&mut f, &input);
    let sup = f.supervisor.clone();
    let seen = at(DAY, 10);
    let control = control::record(
        &mut f.store,
        &sup,
        seen,
        &control_input(permit, Presence::SubstituteWithoutPermission, Some("onbekende vrouw")),
    )
    .unwrap();
    let form = TicketInput {
        vendor: Some(f.holder),
        permit: Some(permit),
        control: Some(control),
        stall: "1".into(),
        ..ticket_input(&f, DAY, "V03")
    };
    let id = ticket::create(&mut f.store, &sup, at(DAY, 11), &form).unwrap();
    let detail = ticket::detail(&mut f.store, &sup, id).unwrap();
    let number = markt::permit::get(&mut f.store, &sup, permit).unwrap().invoice_number;
    assert_eq!(detail.permit_number.as_deref(), Some(number.as_str()));
    assert_eq!(detail.control, Some(ticket::ControlRef { round: 1, at: seen }));

    // A ticket without a permit names none.
    let loose = ticket_on(&mut f, DAY, "V03");
    let detail = ticket::detail(&mut f.store, &sup, loose).unwrap();
    assert_eq!((detail.permit_number, detail.control), (None, None));
}

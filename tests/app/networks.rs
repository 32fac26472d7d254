//! The networks part (issue 15, items 4-6): the KPI sources count the
//! stored meetings per period, the knowledge circle's live check, the
//! store's refusals, the audit entries and the demo.

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::networks::{
    Attendance, Cell, Kind, Meeting, Member, Network, SchoolYear, circle_check, month_grid, store,
};
use bekwaam::store::StoreError;
use time::Date;
use time::macros::{date, datetime};

use crate::helpers::{TestApp, extract_between};
use crate::on_both;

on_both!(
    the_kpis_count_the_stored_meetings_per_period,
    the_circle_check_is_met_once_a_fifth_institutions_teacher_joins,
    attendance_waits_for_the_meeting_and_only_for_its_own_members,
    changing_and_deleting_a_meeting_is_in_the_audit_log,
    the_demo_seeds_six_networks_with_met_and_missed_months,
    a_refused_meeting_form_names_the_field_and_keeps_what_was_typed,
    deleting_a_meeting_asks_first_and_is_logged,
    the_exports_read_back_as_csv_and_xlsx,
    a_coordinator_reads_but_cannot_edit_and_anonymous_must_log_in,
);

fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

async fn network(app: &TestApp, kind: Kind, name: &str, started_on: Date) -> i64 {
    store::create_network(
        &app.db,
        &Actor::system(),
        &Network {
            kind,
            name: name.into(),
            started_on,
            region: (kind == Kind::Workshop).then(|| "Midden".to_string()),
        },
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap()
}

fn meeting(held_on: Date) -> Meeting {
    Meeting {
        held_on,
        place: None,
        agenda: "Agenda".into(),
        minutes: None,
        attendance: Vec::new(),
    }
}

async fn meet(app: &TestApp, network: i64, held_on: Date) -> i64 {
    store::record_meeting(
        &app.db,
        &Actor::system(),
        network,
        &meeting(held_on),
        today(),
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap()
}

fn member(name: &str, institution: Option<&str>, role: bekwaam::networks::Role) -> Member {
    Member {
        name: name.into(),
        organisation: if institution.is_some() {
            ""
        } else {
            "MBO Digitaal"
        }
        .into(),
        institution: institution.map(str::to_string),
        role,
        joined_on: date!(2025 - 01 - 01),
        account: None,
    }
}

async fn the_kpis_count_the_stored_meetings_per_period(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let ddvdo = network(&app, Kind::Ddvdo, "Netwerk DDVDO", date!(2025 - 09 - 01)).await;
    meet(&app, ddvdo, date!(2025 - 10 - 07)).await;
    meet(&app, ddvdo, date!(2025 - 11 - 04)).await;
    meet(&app, ddvdo, date!(2025 - 11 - 18)).await;
    let kn = network(
        &app,
        Kind::KnowledgeNetwork,
        "Kennisnetwerk",
        date!(2024 - 09 - 01),
    )
    .await;
    // 31 December and 1 January fall in different calendar years, the
    // KPI's period.
    meet(&app, kn, date!(2024 - 12 - 31)).await;
    meet(&app, kn, date!(2025 - 01 - 01)).await;
    meet(&app, kn, date!(2025 - 06 - 01)).await;

    let page = app.get("/programme/kpis").await;
    let month = extract_between(&page.body, "id=\"kpi-d-network-meetings\"", "</section>").unwrap();
    assert!(
        month.contains("<tr><th scope=\"row\">2025-09</th><td class=\"num\">0"),
        "{month}"
    );
    assert!(
        month.contains("<tr><th scope=\"row\">2025-10</th><td class=\"num\">1"),
        "{month}"
    );
    assert!(
        month.contains("<tr><th scope=\"row\">2025-11</th><td class=\"num\">2"),
        "{month}"
    );
    assert!(
        month.contains("Netwerk DDVDO: 1 bijeenkomst in 2025-10"),
        "{month}"
    );
    assert!(!month.contains("2025-08"), "before the network started");
    let year = extract_between(
        &page.body,
        "id=\"kpi-a-knowledge-network-meetings\"",
        "</section>",
    )
    .unwrap();
    assert!(
        year.contains("<tr><th scope=\"row\">2024</th><td class=\"num\">1"),
        "{year}"
    );
    assert!(
        year.contains("<tr><th scope=\"row\">2025</th><td class=\"num\">2"),
        "{year}"
    );
    assert!(
        year.contains("Kennisnetwerk: 2 bijeenkomsten in 2025"),
        "{year}"
    );
}

async fn the_circle_check_is_met_once_a_fifth_institutions_teacher_joins(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    let circle = network(&app, Kind::IbpCircle, "Kenniskring", date!(2025 - 01 - 01)).await;
    let actor = Actor::system();
    use bekwaam::networks::Role::{Chair, Teacher};
    for (name, code) in [
        ("Docent A", "99AA"),
        ("Docent B", "99AB"),
        ("Docent C", "99AC"),
        ("Docent D", "99AD"),
        ("Docent D2", "99AD"),
    ] {
        store::add_member(&app.db, &actor, circle, &member(name, Some(code), Teacher))
            .await
            .unwrap();
    }
    store::add_member(&app.db, &actor, circle, &member("Voorzitter", None, Chair))
        .await
        .unwrap();
    let check = |ms: &[store::StoredMember]| {
        circle_check(&ms.iter().map(|m| m.facts()).collect::<Vec<_>>())
    };
    let members = store::members(&app.db, circle).await.unwrap();
    let c = check(&members);
    assert_eq!((c.teachers, c.institutions), (5, 4));
    assert!(!c.met());

    let fifth = store::add_member(
        &app.db,
        &actor,
        circle,
        &member("Docent E", Some("99AE"), Teacher),
    )
    .await
    .unwrap();
    assert!(check(&store::members(&app.db, circle).await.unwrap()).met());

    // Leaving makes it unmet again; ending twice is refused.
    store::end_member(&app.db, &actor, circle, fifth, date!(2025 - 06 - 01))
        .await
        .unwrap();
    assert!(!check(&store::members(&app.db, circle).await.unwrap()).met());
    let again = store::end_member(&app.db, &actor, circle, fifth, date!(2025 - 07 - 01)).await;
    assert!(
        matches!(again, Err(StoreError::WrongState { .. })),
        "{again:?}"
    );
}

async fn attendance_waits_for_the_meeting_and_only_for_its_own_members(app: TestApp) {
    let actor = Actor::system();
    let a = network(&app, Kind::Ibp, "IBP", date!(2025 - 01 - 01)).await;
    let b = network(&app, Kind::Im, "IM", date!(2025 - 01 - 01)).await;
    let ours = store::add_member(
        &app.db,
        &actor,
        a,
        &member("Lid A", None, bekwaam::networks::Role::Member),
    )
    .await
    .unwrap();
    let theirs = store::add_member(
        &app.db,
        &actor,
        b,
        &member("Lid B", None, bekwaam::networks::Role::Member),
    )
    .await
    .unwrap();
    let at = datetime!(2025-01-01 09:00 UTC);
    let future = Meeting {
        attendance: vec![(ours, Attendance::Present)],
        ..meeting(today() + time::Duration::days(7))
    };
    let refused = store::record_meeting(&app.db, &actor, a, &future, today(), at).await;
    assert!(
        matches!(refused, Err(StoreError::WrongState { .. })),
        "{refused:?}"
    );
    let other = Meeting {
        attendance: vec![(theirs, Attendance::Present)],
        ..meeting(date!(2025 - 03 - 01))
    };
    let refused = store::record_meeting(&app.db, &actor, a, &other, today(), at).await;
    assert!(
        matches!(refused, Err(StoreError::MissingReference { .. })),
        "{refused:?}"
    );
    assert!(
        store::meetings(&app.db, a).await.unwrap().is_empty(),
        "nothing half-written"
    );

    let held = Meeting {
        attendance: vec![(ours, Attendance::Excused)],
        minutes: Some("Verslag".into()),
        ..meeting(date!(2025 - 03 - 01))
    };
    let id = store::record_meeting(&app.db, &actor, a, &held, today(), at)
        .await
        .unwrap();
    let stored = store::meeting(&app.db, a, id).await.unwrap();
    assert_eq!(stored.attendance, [(ours, Attendance::Excused)]);
    assert_eq!(stored.minutes.as_deref(), Some("Verslag"));
    assert!(matches!(
        store::meeting(&app.db, b, id).await,
        Err(StoreError::NotFound)
    ));
}

async fn changing_and_deleting_a_meeting_is_in_the_audit_log(app: TestApp) {
    let actor = Actor::system();
    let n = network(
        &app,
        Kind::HrDirectors,
        "Hr-directeuren",
        date!(2025 - 01 - 01),
    )
    .await;
    let id = meet(&app, n, date!(2025 - 02 - 01)).await;
    let changed = Meeting {
        minutes: Some("Verslag".into()),
        ..meeting(date!(2025 - 02 - 03))
    };
    store::update_meeting(&app.db, &actor, n, id, &changed, today())
        .await
        .unwrap();
    assert_eq!(
        store::meeting(&app.db, n, id).await.unwrap().held_on,
        date!(2025 - 02 - 03)
    );
    store::delete_meeting(&app.db, &actor, n, id).await.unwrap();
    assert!(matches!(
        store::delete_meeting(&app.db, &actor, n, id).await,
        Err(StoreError::NotFound)
    ));
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let audit = app.get("/audit").await;
    for action in [
        "Netwerk vastgelegd",
        "Bijeenkomst vastgelegd",
        "Bijeenkomst gewijzigd",
        "Bijeenkomst verwijderd",
    ] {
        assert!(audit.body.contains(action), "{action}: {}", audit.body);
    }
}

async fn the_demo_seeds_six_networks_with_met_and_missed_months(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::networks::demo::seed(&app.db).await.unwrap();
    bekwaam::networks::demo::seed(&app.db).await.unwrap();
    let all = store::networks(&app.db).await.unwrap();
    assert_eq!(all.len(), 6, "seeded once");
    let ddvdo = all.iter().find(|n| n.kind == Kind::Ddvdo).unwrap();
    let days: Vec<Date> = store::meetings(&app.db, ddvdo.id)
        .await
        .unwrap()
        .iter()
        .map(|m| m.held_on)
        .collect();
    let grid = month_grid(
        SchoolYear(2024),
        ddvdo.started_on,
        &days,
        Kind::Ddvdo.frequency(),
        today(),
    );
    assert!(grid.iter().any(|g| g.cell == Cell::Met));
    assert!(grid.iter().any(|g| g.cell == Cell::Missed));
    let circle = all.iter().find(|n| n.kind == Kind::IbpCircle).unwrap();
    let members = store::members(&app.db, circle.id).await.unwrap();
    assert!(circle_check(&members.iter().map(|m| m.facts()).collect::<Vec<_>>()).met());
}

async fn a_refused_meeting_form_names_the_field_and_keeps_what_was_typed(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let n = network(&app, Kind::Ddvdo, "Netwerk DDVDO", date!(2025 - 09 - 01)).await;
    let lid = store::add_member(
        &app.db,
        &Actor::system(),
        n,
        &member("Lid Fictief", None, bekwaam::networks::Role::Member),
    )
    .await
    .unwrap();
    let new = format!("/networks/{n}/meetings/new");
    let page = app.get(&new).await;
    assert!(
        page.body.contains("<legend>Lid Fictief</legend>"),
        "{}",
        page.body
    );
    let future = (today() + time::Duration::days(10)).to_string();
    let radio = format!("attendance-{lid}");
    let bad = app
        .submit(
            &new,
            &format!("/networks/{n}/meetings"),
            &[
                ("held_on", future.as_str()),
                ("place", ""),
                ("agenda", "Agenda met een eigen tekst"),
                ("minutes", "Verslag vooraf"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"place-error\""), "{}", bad.body);
    assert!(
        bad.body
            .contains("Het verslag kan pas na de bijeenkomst worden vastgelegd."),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("Agenda met een eigen tekst"), "kept");
    assert!(bad.body.contains("Verslag vooraf"), "kept");
    assert!(store::meetings(&app.db, n).await.unwrap().is_empty());

    let ok = app
        .submit(
            &new,
            &format!("/networks/{n}/meetings"),
            &[
                ("held_on", "2025-10-07"),
                ("online", "1"),
                ("agenda", "Agenda"),
                ("minutes", "Verslag"),
                (radio.as_str(), "excused"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let stored = store::meetings(&app.db, n).await.unwrap();
    let m = store::meeting(&app.db, n, stored[0].id).await.unwrap();
    assert_eq!(m.attendance, [(lid, Attendance::Excused)]);
    assert_eq!(m.place, None);
    let detail = app.get(&format!("/networks/{n}?year=2025")).await;
    assert!(
        detail
            .body
            .contains("<strong>oktober 2025</strong>: gehaald (1)"),
        "{}",
        detail.body
    );
    assert!(
        detail
            .body
            .contains("<strong>september 2025</strong>: gemist"),
        "{}",
        detail.body
    );
}

async fn deleting_a_meeting_asks_first_and_is_logged(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let n = network(&app, Kind::Ibp, "IBP", date!(2025 - 01 - 01)).await;
    let id = meet(&app, n, date!(2025 - 02 - 01)).await;
    let ask = format!("/networks/{n}/meetings/{id}/delete");
    let confirm = app.get(&ask).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Weet u zeker"), "{}", confirm.body);
    assert_eq!(
        store::meetings(&app.db, n).await.unwrap().len(),
        1,
        "not yet"
    );
    let done = app.submit(&ask, &ask, &[]).await;
    assert_eq!(done.status, 303);
    assert!(store::meetings(&app.db, n).await.unwrap().is_empty());
    let audit = app.get("/audit").await;
    assert!(
        audit.body.contains("Bijeenkomst verwijderd"),
        "{}",
        audit.body
    );
}

async fn the_exports_read_back_as_csv_and_xlsx(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let n = network(&app, Kind::Im, "IM", date!(2025 - 01 - 01)).await;
    let lid = store::add_member(
        &app.db,
        &Actor::system(),
        n,
        &member("Lid Exportfictief", None, bekwaam::networks::Role::Member),
    )
    .await
    .unwrap();
    let m = Meeting {
        attendance: vec![(lid, Attendance::Present)],
        ..meeting(date!(2025 - 09 - 10))
    };
    let id = store::record_meeting(
        &app.db,
        &Actor::system(),
        n,
        &m,
        today(),
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap();
    let get = |path: String| {
        let c = app.client.clone();
        let url = format!("{}{path}", app.address);
        async move { c.get(url).send().await.unwrap() }
    };
    let csv = get(format!("/networks/{n}/meetings/{id}/export?format=csv")).await;
    assert_eq!(csv.status().as_u16(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.contains("Lid Exportfictief"), "{text}");
    assert!(text.contains("Aanwezig"), "{text}");
    let xlsx = get(format!("/networks/{n}/meetings/{id}/export?format=xlsx")).await;
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let year = get(format!("/networks/{n}/export?format=csv&year=2025")).await;
    let text = year.text().await.unwrap();
    assert!(text.contains("2025-09-10"), "{text}");
    let xlsx = get(format!("/networks/{n}/export?format=xlsx&year=2025")).await;
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
}

async fn a_coordinator_reads_but_cannot_edit_and_anonymous_must_log_in(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    let n = network(&app, Kind::Ibp, "IBP", date!(2025 - 01 - 01)).await;
    let id = meet(&app, n, date!(2025 - 02 - 01)).await;
    let anonymous = app.get("/networks").await;
    assert_eq!(anonymous.status, 303);
    assert!(anonymous.location.unwrap().starts_with("/login"));

    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let list = app.get("/networks").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains("href=\"/networks\""),
        "in the navigation"
    );
    assert!(list.body.contains("IBP"));
    let detail = app.get(&format!("/networks/{n}")).await;
    assert_eq!(detail.status, 200);
    assert!(!detail.body.contains("/delete"), "no edit links");
    assert_eq!(
        app.get(&format!("/networks/{n}/meetings/new")).await.status,
        403
    );
    let refused = app
        .submit(
            &format!("/networks/{n}"),
            &format!("/networks/{n}/meetings/{id}/delete"),
            &[],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(store::meetings(&app.db, n).await.unwrap().len(), 1);
}

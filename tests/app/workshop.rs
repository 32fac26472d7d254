//! The workshop part (issue 15, items 1-3, 6, 7, 9): rotation and
//! staffing shown live, experiments moved through their phases and
//! published only with a complete team, requests triaged once by the
//! workshop's lead, who may record where (a member of one workshop cannot
//! change another's), the KPIs from stored data, escaping, and the demo.

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::networks::{Kind, Meeting, Member, Network, Role as MemberRole, store as nstore};
use bekwaam::workshop::{Phase, RequestState, Status, store};
use time::Date;
use time::macros::{date, datetime};

use crate::helpers::{TestApp, extract_between};
use crate::on_both;

on_both!(
    rotation_and_staffing_are_shown_live_at_their_boundaries,
    an_experiment_moves_through_its_phases_and_publishes_only_with_five_researchers,
    a_member_of_one_workshop_cannot_change_anothers,
    requests_are_triaged_once_by_the_lead_and_the_requester_sees_the_outcome,
    the_workshop_kpis_count_meetings_per_month_and_researchers_per_school_year,
    every_text_a_member_types_is_escaped,
    the_demo_has_a_workshop_with_experiments_in_every_phase_and_decided_requests,
);

fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

async fn workshop(app: &TestApp, name: &str, started_on: Date) -> i64 {
    nstore::create_network(
        &app.db,
        &Actor::system(),
        &Network {
            kind: Kind::Workshop,
            name: name.into(),
            started_on,
            region: Some("Midden".into()),
        },
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap()
}

async fn member(
    app: &TestApp,
    network: i64,
    name: &str,
    role: MemberRole,
    institution: Option<&str>,
    joined_on: Date,
    account: Option<&str>,
) -> i64 {
    nstore::add_member(
        &app.db,
        &Actor::system(),
        network,
        &Member {
            name: name.into(),
            organisation: if institution.is_some() { "" } else { "Extern" }.into(),
            institution: institution.map(str::to_string),
            role,
            joined_on,
            account: account.map(str::to_string),
        },
    )
    .await
    .unwrap()
}

/// Ten institutions for the staffing rule.
async fn institutions(app: &TestApp) -> Vec<String> {
    let codes: Vec<String> = (0..10).map(|i| format!("98A{i}")).collect();
    for c in &codes {
        app.institution(c, &format!("ROC Test {c}")).await;
    }
    codes
}

async fn rotation_and_staffing_are_shown_live_at_their_boundaries(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    // The workshop is created through its form; a refused one names the field.
    let refused = app
        .submit(
            "/workshops",
            "/workshops",
            &[
                ("name", "Werkplaats Test"),
                ("region", ""),
                ("started_on", "2024-09-01"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("id=\"region-error\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("value=\"Werkplaats Test\""));
    let made = app
        .submit(
            "/workshops",
            "/workshops",
            &[
                ("name", "Werkplaats Test"),
                ("region", "Zuid"),
                ("started_on", "2024-09-01"),
            ],
        )
        .await;
    assert_eq!(made.status, 303);
    let id: i64 = made
        .location
        .unwrap()
        .trim_start_matches("/workshops/")
        .parse()
        .unwrap();
    let codes = institutions(&app).await;
    let t = today();
    let years_ago = |d: Date| bekwaam::workshop::add_years(d, -2);
    // Two years minus a day: still taking part, flagged; plus a day: overdue.
    let due_soon = years_ago(t) + time::Duration::days(1);
    let overdue = years_ago(t) - time::Duration::days(1);
    member(
        &app,
        id,
        "Docent Bijna",
        MemberRole::Researcher,
        Some(&codes[0]),
        due_soon,
        None,
    )
    .await;
    member(
        &app,
        id,
        "Docent Over",
        MemberRole::Researcher,
        Some(&codes[1]),
        overdue,
        None,
    )
    .await;
    for (i, code) in codes.iter().enumerate().take(7).skip(2) {
        member(
            &app,
            id,
            &format!("Docent {i}"),
            MemberRole::Researcher,
            Some(code),
            t,
            None,
        )
        .await;
    }
    member(
        &app,
        id,
        "Onderwijskundige A",
        MemberRole::Educationalist,
        Some(&codes[7]),
        t,
        None,
    )
    .await;
    member(
        &app,
        id,
        "Onderwijskundige B",
        MemberRole::Educationalist,
        Some(&codes[8]),
        t,
        None,
    )
    .await;
    let page = app.get(&format!("/workshops/{id}")).await;
    assert_eq!(page.status, 200);
    let rotation = extract_between(&page.body, "id=\"rotation\"", "</section>").unwrap();
    let row = |name: &str| {
        extract_between(
            &rotation,
            &format!("<th scope=\"row\">{name}</th>"),
            "</tr>",
        )
        .unwrap_or_else(|| panic!("{name}: {rotation}"))
        .to_string()
    };
    assert!(
        row("Docent Bijna").contains("Wisselt binnenkort"),
        "{rotation}"
    );
    assert!(row("Docent Over").contains("Over de termijn"), "{rotation}");
    assert!(row("Docent 2").contains("Deelname tot"), "{rotation}");
    // 7 researchers, 2 educationalists, 9 institutions: not yet.
    let staffing = extract_between(&page.body, "id=\"staffing-check\"", "</li>").unwrap();
    assert!(
        staffing.contains("nog niet gehaald: 7 onderzoekdocenten"),
        "{staffing}"
    );
    assert!(staffing.contains("namens 9 mbo-instellingen"), "{staffing}");
    // The eighth researcher from the tenth institution makes it.
    member(
        &app,
        id,
        "Docent 8",
        MemberRole::Researcher,
        Some(&codes[9]),
        t,
        None,
    )
    .await;
    let page = app.get(&format!("/workshops/{id}")).await;
    let staffing = extract_between(&page.body, "id=\"staffing-check\"", "</li>").unwrap();
    assert!(staffing.contains("Samenstelling gehaald: 8"), "{staffing}");
    assert!(
        staffing.contains("namens 10 mbo-instellingen"),
        "{staffing}"
    );
    // A workshop is not a network to the network form, and a network is no
    // workshop page.
    let ibp = nstore::create_network(
        &app.db,
        &Actor::system(),
        &Network {
            kind: Kind::Ibp,
            name: "IBP".into(),
            started_on: date!(2024 - 01 - 01),
            region: None,
        },
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap();
    assert_eq!(app.get(&format!("/workshops/{ibp}")).await.status, 404);
    let refused = app
        .submit(
            "/networks",
            "/networks",
            &[
                ("kind", "workshop"),
                ("name", "Stiekem"),
                ("started_on", "2024-01-01"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
}

/// Posts the experiment form; `researchers` and `domain` repeat.
async fn post_experiment(
    app: &TestApp,
    from: &str,
    path: &str,
    fields: &[(&str, &str)],
    researchers: &[i64],
) -> crate::helpers::Html {
    let ids: Vec<String> = researchers.iter().map(|r| r.to_string()).collect();
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    for r in &ids {
        form.push(("researcher", r));
    }
    app.submit(from, path, &form).await
}

async fn team(app: &TestApp, w: i64, n: usize) -> (Vec<i64>, i64) {
    let mut researchers = Vec::new();
    for i in 0..n {
        researchers.push(
            member(
                app,
                w,
                &format!("Onderzoekdocent {i}"),
                MemberRole::Researcher,
                None,
                today(),
                None,
            )
            .await,
        );
    }
    let edu = member(
        app,
        w,
        "Onderwijskundige",
        MemberRole::Educationalist,
        None,
        today(),
        None,
    )
    .await;
    (researchers, edu)
}

async fn an_experiment_moves_through_its_phases_and_publishes_only_with_five_researchers(
    app: TestApp,
) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let w = workshop(&app, "Werkplaats", date!(2024 - 09 - 01)).await;
    let (researchers, edu) = team(&app, w, 5).await;
    let edu = edu.to_string();
    let new = format!("/workshops/{w}/experiments/new");
    let create = format!("/workshops/{w}/experiments");
    let base = |status: &'static str, phase: &'static str| {
        vec![
            ("title", "Phishing in de les"),
            ("question", "Helpt een nagespeelde phishingmail?"),
            ("theme", "digital_safety"),
            ("phase", phase),
            ("status", status),
            ("domain", "didactiek"),
        ]
    };
    // A new experiment cannot start as published.
    let mut fields = base("published", "empathise");
    fields.push(("educationalist", &edu));
    let refused = post_experiment(&app, &new, &create, &fields, &researchers).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("id=\"status-error\""),
        "{}",
        refused.body
    );
    let mut fields = base("running", "empathise");
    fields.push(("educationalist", &edu));
    let made = post_experiment(&app, &new, &create, &fields, &researchers[..4]).await;
    assert_eq!(made.status, 303, "{}", made.body);
    let e = store::experiments(&app.db, w).await.unwrap()[0].id;
    let page = format!("/workshops/{w}/experiments/{e}");
    // One log entry per phase, through the form.
    for (phase, done) in [
        ("empathise", "Interviews"),
        ("define", "Vraag"),
        ("test", "Les gegeven"),
    ] {
        let logged = app
            .submit(
                &page,
                &format!("{page}/log"),
                &[
                    ("phase", phase),
                    ("logged_on", &today().to_string()),
                    ("done", done),
                    ("learned", "Geleerd"),
                ],
            )
            .await;
        assert_eq!(logged.status, 303, "{}", logged.body);
    }
    let tomorrow = (today() + time::Duration::days(1)).to_string();
    let refused = app
        .submit(
            &page,
            &format!("{page}/log"),
            &[
                ("phase", "ideate"),
                ("logged_on", &tomorrow),
                ("done", "x"),
                ("learned", "y"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("id=\"log-date-error\""));
    let log = store::log(&app.db, e).await.unwrap();
    let phases: Vec<Phase> = log.iter().map(|l| l.entry.phase).collect();
    assert_eq!(phases, [Phase::Empathise, Phase::Define, Phase::Test]);
    let shown = app.get(&page).await;
    let test = extract_between(&shown.body, "id=\"phase-test\"", "</li>").unwrap();
    assert!(test.contains("Les gegeven"), "{test}");
    let ideate = extract_between(&shown.body, "id=\"phase-ideate\"", "</li>").unwrap();
    assert!(ideate.contains("Nog geen aantekeningen"), "{ideate}");
    assert!(shown.body.contains("4 onderzoekdocenten (minimaal 5)"));

    // Finished, then published: with four researchers it is refused.
    let edit = format!("{page}/edit");
    let mut fields = base("finished", "test");
    fields.extend([
        ("educationalist", edu.as_str()),
        ("was", "running"),
        ("results", "Werkt"),
    ]);
    let done = post_experiment(&app, &edit, &edit, &fields, &researchers[..4]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let mut fields = base("published", "test");
    fields.extend([
        ("educationalist", edu.as_str()),
        ("was", "finished"),
        ("results", "Werkt"),
        ("conclusions", "Bruikbaar"),
    ]);
    let four = post_experiment(&app, &edit, &edit, &fields, &researchers[..4]).await;
    assert_eq!(four.status, 422);
    assert!(
        four.body.contains("Publiceren kan pas met tenminste 5"),
        "{}",
        four.body
    );
    assert_eq!(
        store::experiment(&app.db, w, e).await.unwrap().status,
        Status::Finished
    );
    let five = post_experiment(&app, &edit, &edit, &fields, &researchers).await;
    assert_eq!(five.status, 303, "{}", five.body);
    assert_eq!(
        store::experiment(&app.db, w, e).await.unwrap().status,
        Status::Published
    );
    // "Alle verrichte experimenten worden publiekelijk gedeeld": the
    // experiment is now a public library item, once.
    let (items, total) =
        bekwaam::library::store::search(&app.db, &bekwaam::library::Filter::default(), true, 10, 0)
            .await
            .unwrap();
    assert_eq!(total, 1);
    assert_eq!(items[0].experiment, Some(e));
    assert_eq!(items[0].item.kind, bekwaam::library::Kind::Experiment);
    let public = app.new_browser();
    let page_of_item = app
        .get_with(&public, &format!("/library/{}", items[0].id))
        .await;
    assert_eq!(page_of_item.status, 200);
    assert!(page_of_item.body.contains(&items[0].item.title));
    // Published is final: no edit form, no log entry, the store refuses.
    assert_eq!(app.get(&edit).await.status, 303);
    let closed = app
        .post(
            &format!("{page}/log"),
            &[
                ("phase", "test"),
                ("logged_on", &today().to_string()),
                ("done", "x"),
                ("learned", "y"),
            ],
        )
        .await;
    assert!(
        closed.status == 403 || closed.status == 422,
        "{}",
        closed.status
    );
    let stored = store::experiment(&app.db, w, e).await.unwrap();
    let again = bekwaam::workshop::Experiment {
        title: stored.title.clone(),
        question: stored.question.clone(),
        theme: stored.theme,
        educationalist: stored.educationalist,
        researchers: stored.researchers.clone(),
        domains: stored.domains.clone(),
        phase: stored.phase,
        status: Status::Finished,
        results: stored.results.clone(),
        conclusions: stored.conclusions.clone(),
    };
    assert!(matches!(
        store::update_experiment(&app.db, &Actor::system(), w, e, &again, Status::Published).await,
        Err(bekwaam::store::StoreError::WrongState { .. })
    ));
    let audit = app.get("/audit").await;
    for action in [
        "Experiment vastgelegd",
        "Experiment gewijzigd",
        "Aantekening bij experiment",
    ] {
        assert!(audit.body.contains(action), "{action}");
    }
}

async fn a_member_of_one_workshop_cannot_change_anothers(app: TestApp) {
    let expert = app.user("onderzoekdocent", Role::Expert, None).await;
    let _ = expert;
    let a = workshop(&app, "Werkplaats A", date!(2024 - 09 - 01)).await;
    let b = workshop(&app, "Werkplaats B", date!(2024 - 09 - 01)).await;
    let mine = member(
        &app,
        a,
        "Docent A",
        MemberRole::Researcher,
        None,
        today(),
        Some("onderzoekdocent"),
    )
    .await;
    let other = member(
        &app,
        b,
        "Docent B",
        MemberRole::Researcher,
        None,
        today(),
        None,
    )
    .await;
    app.login("onderzoekdocent", "onderzoekdocent-wachtwoord")
        .await;
    // Own workshop: the forms open and save.
    assert_eq!(
        app.get(&format!("/workshops/{a}/experiments/new"))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/networks/{a}/meetings/new")).await.status,
        200
    );
    let fields = [
        ("title", "Eigen experiment"),
        ("question", "Vraag"),
        ("theme", "ict_competence"),
        ("phase", "empathise"),
        ("status", "idea"),
    ];
    let ok = post_experiment(
        &app,
        &format!("/workshops/{a}/experiments/new"),
        &format!("/workshops/{a}/experiments"),
        &fields,
        &[mine],
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let meeting = app
        .submit(
            &format!("/networks/{a}/meetings/new"),
            &format!("/networks/{a}/meetings"),
            &[
                ("held_on", &today().to_string()),
                ("online", "1"),
                ("agenda", "Agenda"),
            ],
        )
        .await;
    assert_eq!(meeting.status, 303, "{}", meeting.body);
    // The other workshop: pages and posts are refused, nothing is written.
    assert_eq!(
        app.get(&format!("/workshops/{b}/experiments/new"))
            .await
            .status,
        403
    );
    assert_eq!(
        app.get(&format!("/networks/{b}/meetings/new")).await.status,
        403
    );
    let refused = post_experiment(
        &app,
        &format!("/workshops/{a}/experiments/new"),
        &format!("/workshops/{b}/experiments"),
        &fields,
        &[other],
    )
    .await;
    assert_eq!(refused.status, 403);
    let refused = app
        .submit(
            &format!("/workshops/{a}"),
            &format!("/networks/{b}/meetings"),
            &[
                ("held_on", &today().to_string()),
                ("online", "1"),
                ("agenda", "Agenda"),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(store::experiments(&app.db, b).await.unwrap().is_empty());
    assert!(nstore::meetings(&app.db, b).await.unwrap().is_empty());
    // A researcher of A cannot pick B's researcher.
    let foreign = post_experiment(
        &app,
        &format!("/workshops/{a}/experiments/new"),
        &format!("/workshops/{a}/experiments"),
        &fields,
        &[other],
    )
    .await;
    assert_eq!(foreign.status, 422);
    // Deleting a meeting and adding members stay with the programme manager.
    let m = nstore::meetings(&app.db, a).await.unwrap()[0].id;
    let del = app
        .submit(
            &format!("/workshops/{a}"),
            &format!("/networks/{a}/meetings/{m}/delete"),
            &[],
        )
        .await;
    assert_eq!(del.status, 403);
    // A coordinator reads, records nothing.
    app.logout().await;
    app.institution("98B0", "ROC Test").await;
    app.login_as("coord", Role::Coordinator, Some("98B0")).await;
    assert_eq!(app.get(&format!("/workshops/{a}")).await.status, 200);
    assert_eq!(
        app.get(&format!("/workshops/{a}/experiments/new"))
            .await
            .status,
        403
    );
}

async fn requests_are_triaged_once_by_the_lead_and_the_requester_sees_the_outcome(app: TestApp) {
    let w = workshop(&app, "Werkplaats", date!(2024 - 09 - 01)).await;
    let other = workshop(&app, "Andere werkplaats", date!(2024 - 09 - 01)).await;
    let ibp = nstore::create_network(
        &app.db,
        &Actor::system(),
        &Network {
            kind: Kind::Ibp,
            name: "IBP-netwerk".into(),
            started_on: date!(2024 - 01 - 01),
            region: None,
        },
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap();
    app.user("ibplid", Role::Expert, None).await;
    app.user("leider", Role::Expert, None).await;
    app.user("docent", Role::Expert, None).await;
    member(
        &app,
        ibp,
        "IBP-lid",
        MemberRole::Member,
        None,
        today(),
        Some("ibplid"),
    )
    .await;
    member(
        &app,
        w,
        "Leider",
        MemberRole::Educationalist,
        None,
        today(),
        Some("leider"),
    )
    .await;
    member(
        &app,
        w,
        "Docent",
        MemberRole::Researcher,
        None,
        today(),
        Some("docent"),
    )
    .await;
    let answer = store::create_experiment(
        &app.db,
        &Actor::system(),
        w,
        &bekwaam::workshop::Experiment {
            title: "Antwoord".into(),
            question: "Vraag".into(),
            theme: bekwaam::workshop::Theme::DigitalSafety,
            educationalist: None,
            researchers: Vec::new(),
            domains: Vec::new(),
            phase: Phase::Empathise,
            status: Status::Idea,
            results: None,
            conclusions: None,
        },
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap();
    let foreign = store::experiments(&app.db, other).await.unwrap().len();
    assert_eq!(foreign, 0);

    // The IBP member asks for their network; not for the steering group.
    app.login("ibplid", "ibplid-wachtwoord").await;
    let page = format!("/workshops/{w}");
    let as_group = app
        .submit(
            &page,
            &format!("{page}/requests"),
            &[
                ("from", "steering_group"),
                ("question", "Vraag"),
                ("requested_on", &today().to_string()),
            ],
        )
        .await;
    assert_eq!(as_group.status, 422);
    assert!(as_group.body.contains("id=\"request-from-error\""));
    let ibp_s = ibp.to_string();
    let sent = app
        .submit(
            &page,
            &format!("{page}/requests"),
            &[
                ("from", &ibp_s),
                ("question", "Hoe leren studenten wachtwoorden?"),
                ("requested_on", &today().to_string()),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    app.logout().await;
    // The steering group asks for itself.
    app.login_as("stuur", Role::SteeringGroup, None).await;
    let sent = app
        .submit(
            &page,
            &format!("{page}/requests"),
            &[
                ("from", "steering_group"),
                ("question", "Wat werkt bij AI?"),
                ("requested_on", &today().to_string()),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    app.logout().await;
    let requests = store::requests(&app.db, w).await.unwrap();
    assert_eq!(requests.len(), 2);
    let from_ibp = requests
        .iter()
        .find(|r| r.from_name.as_deref() == Some("IBP-netwerk"))
        .unwrap()
        .id;
    let from_group = requests.iter().find(|r| r.from_name.is_none()).unwrap().id;

    // A researcher is no lead.
    app.login("docent", "docent-wachtwoord").await;
    let refused = app
        .submit(
            &page,
            &format!("{page}/requests/{from_ibp}/decide"),
            &[("decision", "decline"), ("reason", "Nee")],
        )
        .await;
    assert_eq!(refused.status, 403);
    app.logout().await;

    app.login("leider", "leider-wachtwoord").await;
    let decide = format!("{page}/requests/{from_ibp}/decide");
    let no_reason = app
        .submit(&page, &decide, &[("decision", "decline"), ("reason", " ")])
        .await;
    assert_eq!(no_reason.status, 422);
    assert!(
        no_reason
            .body
            .contains(&format!("id=\"reason-{from_ibp}-error\"")),
        "{}",
        no_reason.body
    );
    let wrong = app
        .submit(
            &page,
            &decide,
            &[("decision", "accept"), ("experiment", "999999")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    let answer_s = answer.to_string();
    let ok = app
        .submit(
            &page,
            &decide,
            &[("decision", "accept"), ("experiment", &answer_s)],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let twice = app
        .submit(
            &page,
            &decide,
            &[("decision", "decline"), ("reason", "Toch niet")],
        )
        .await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("Over dit verzoek is al besloten"));
    let declined = app
        .submit(
            &page,
            &format!("{page}/requests/{from_group}/decide"),
            &[
                ("decision", "decline"),
                ("reason", "Past niet bij de werkplaats"),
            ],
        )
        .await;
    assert_eq!(declined.status, 303);
    app.logout().await;

    let r = store::request(&app.db, w, from_ibp).await.unwrap();
    assert_eq!(r.state, RequestState::Accepted(answer));
    assert_eq!(r.decided_by.as_deref(), Some("leider"));
    // The requesters see the outcome on the workshop's page.
    app.login("ibplid", "ibplid-wachtwoord").await;
    let shown = app.get(&page).await;
    let card = extract_between(
        &shown.body,
        &format!("id=\"request-{from_ibp}\""),
        "</article>",
    )
    .unwrap();
    assert!(card.contains("Aangenomen op"), "{card}");
    assert!(card.contains("Antwoord"), "{card}");
    assert!(!card.contains("<form"), "no triage form for the requester");
    let card = extract_between(
        &shown.body,
        &format!("id=\"request-{from_group}\""),
        "</article>",
    )
    .unwrap();
    assert!(card.contains("Past niet bij de werkplaats"), "{card}");
    assert_eq!(store::requests_from(&app.db, ibp).await.unwrap().len(), 1);
}

async fn the_workshop_kpis_count_meetings_per_month_and_researchers_per_school_year(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let w = workshop(&app, "Werkplaats KPI", date!(2024 - 09 - 01)).await;
    for d in [
        date!(2025 - 07 - 31),
        date!(2025 - 08 - 01),
        date!(2025 - 08 - 20),
    ] {
        nstore::record_meeting(
            &app.db,
            &Actor::system(),
            w,
            &Meeting {
                held_on: d,
                place: None,
                agenda: "Agenda".into(),
                minutes: None,
                attendance: Vec::new(),
            },
            today(),
            datetime!(2025-01-01 09:00 UTC),
        )
        .await
        .unwrap();
    }
    // One researcher 2024-2025 only (left on 31 July), one from 1 August.
    let left = member(
        &app,
        w,
        "Vertrokken",
        MemberRole::Researcher,
        None,
        date!(2024 - 09 - 01),
        None,
    )
    .await;
    nstore::end_member(&app.db, &Actor::system(), w, left, date!(2025 - 07 - 31))
        .await
        .unwrap();
    member(
        &app,
        w,
        "Nieuw",
        MemberRole::Researcher,
        None,
        date!(2025 - 08 - 01),
        None,
    )
    .await;
    member(
        &app,
        w,
        "Begeleider",
        MemberRole::Educationalist,
        None,
        date!(2024 - 09 - 01),
        None,
    )
    .await;

    let page = app.get("/programme/kpis").await;
    let month =
        extract_between(&page.body, "id=\"kpi-c-workshop-meetings\"", "</section>").unwrap();
    assert!(
        month.contains("<tr><th scope=\"row\">2025-07</th><td class=\"num\">1"),
        "{month}"
    );
    assert!(
        month.contains("<tr><th scope=\"row\">2025-08</th><td class=\"num\">2"),
        "{month}"
    );
    assert!(
        month.contains("Werkplaats KPI: 2 bijeenkomsten in 2025-08"),
        "{month}"
    );
    let researchers =
        extract_between(&page.body, "id=\"kpi-c-researchers\"", "</section>").unwrap();
    assert!(
        researchers.contains("<tr><th scope=\"row\">2024-2025</th><td class=\"num\">1"),
        "{researchers}"
    );
    assert!(
        researchers.contains("<tr><th scope=\"row\">2025-2026</th><td class=\"num\">1"),
        "{researchers}"
    );
    assert!(
        researchers.contains("1 onderzoekdocenten in Werkplaats KPI in 2025-2026"),
        "{researchers}"
    );
    assert!(!researchers.contains("nog geen gegevens"), "{researchers}");
}

async fn every_text_a_member_types_is_escaped(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let evil = "<script>alert('x')</script> & \"q\"";
    let w = workshop(&app, "Werkplaats <b>vet</b>", date!(2024 - 09 - 01)).await;
    let r = member(
        &app,
        w,
        "<img src=x onerror=alert(1)>",
        MemberRole::Researcher,
        None,
        today(),
        None,
    )
    .await;
    let page = format!("/workshops/{w}/experiments/new");
    let made = post_experiment(
        &app,
        &page,
        &format!("/workshops/{w}/experiments"),
        &[
            ("title", evil),
            ("question", evil),
            ("theme", "ict_competence"),
            ("phase", "define"),
            ("status", "idea"),
        ],
        &[r],
    )
    .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let e = store::experiments(&app.db, w).await.unwrap()[0].id;
    let exp = format!("/workshops/{w}/experiments/{e}");
    app.submit(
        &exp,
        &format!("{exp}/log"),
        &[
            ("phase", "define"),
            ("logged_on", &today().to_string()),
            ("done", evil),
            ("learned", evil),
        ],
    )
    .await;
    let sent = app
        .submit(
            &format!("/workshops/{w}"),
            &format!("/workshops/{w}/requests"),
            &[
                ("from", "steering_group"),
                ("question", evil),
                ("requested_on", &today().to_string()),
            ],
        )
        .await;
    assert_eq!(sent.status, 303);
    for path in [
        format!("/workshops/{w}"),
        exp.clone(),
        format!("{exp}/edit"),
        "/workshops".into(),
    ] {
        let body = app.get(&path).await.body;
        assert!(!body.contains("<script>alert"), "{path}");
        assert!(!body.contains("<img src=x"), "{path}");
        assert!(!body.contains("<b>vet</b>"), "{path}");
    }
    let body = app.get(&exp).await.body;
    assert!(body.contains("&#60;script&#62;alert("), "{body}");
    // A log link must be a web address: no javascript: URL reaches a page.
    let refused = app
        .submit(
            &exp,
            &format!("{exp}/log"),
            &[
                ("phase", "define"),
                ("logged_on", &today().to_string()),
                ("done", "a"),
                ("learned", "b"),
                ("link", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("id=\"log-link-error\""));
}

async fn the_demo_has_a_workshop_with_experiments_in_every_phase_and_decided_requests(
    app: TestApp,
) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::networks::demo::seed(&app.db).await.unwrap();
    bekwaam::workshop::demo::seed(&app.db).await.unwrap();
    bekwaam::workshop::demo::seed(&app.db).await.unwrap();
    let ws = bekwaam::workshop::service::workshops(&app.db)
        .await
        .unwrap();
    assert_eq!(ws.len(), 1, "seeded once");
    let w = ws[0].id;
    let members = nstore::members(&app.db, w).await.unwrap();
    let current = |r: MemberRole| {
        members
            .iter()
            .filter(|m| m.current() && m.role == r)
            .count()
    };
    assert_eq!(current(MemberRole::Researcher), 9);
    assert_eq!(current(MemberRole::Educationalist), 2);
    assert!(members.iter().any(|m| {
        m.current()
            && matches!(
                bekwaam::workshop::rotation(m.joined_on, m.left_on, today()),
                bekwaam::workshop::Rotation::Overdue { .. }
            )
    }));
    let experiments = store::experiments(&app.db, w).await.unwrap();
    for phase in Phase::ALL {
        assert!(experiments.iter().any(|e| e.phase == phase), "{phase:?}");
    }
    assert!(experiments.iter().any(|e| e.status == Status::Published));
    let requests = store::requests(&app.db, w).await.unwrap();
    assert!(
        requests
            .iter()
            .any(|r| matches!(r.state, RequestState::Accepted(_)))
    );
    assert!(
        requests
            .iter()
            .any(|r| matches!(r.state, RequestState::Declined(_)))
    );
    let meetings = nstore::meetings(&app.db, w).await.unwrap();
    assert!(meetings.len() > 40, "two school years of meetings");
    // The demo expert leads it.
    assert!(members.iter().any(|m| m.account.as_deref() == Some("expert") && m.role == MemberRole::Educationalist));
}

//! Knowledge-sharing events (issue 16, item 4): capacity, waiting list and
//! moving up (with the e-mail in the outbox), the cancellation link that
//! works once and only for its own registration, retention that deletes
//! what it should and nothing else, the spam guard, validation that names
//! the field and keeps the input, the programme manager's pages, the CSV
//! export and the KPI.

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::networks::events::{Event, Registration, Status, token_hash};
use bekwaam::networks::events_store as store;
use time::{Duration, OffsetDateTime};

use crate::helpers::{TestApp, extract_between};
use crate::on_both;

on_both!(
    a_full_event_puts_registrations_on_the_waiting_list_and_a_cancellation_moves_the_first_up,
    the_cancellation_link_works_once_and_only_for_its_own_registration,
    retention_deletes_the_registrations_of_old_events_and_nothing_else,
    the_spam_guard_refuses_scripts_and_errors_name_the_field_and_keep_the_input,
    the_public_list_shows_coming_events_first_and_past_ones_below,
    only_the_programme_manager_creates_edits_and_deletes_events,
    the_attendee_export_reads_back_with_status,
    the_kpi_counts_events_held_and_not_called_off,
);

fn event(title: &str, starts_in: Duration, capacity: i64) -> Event {
    let starts_at = bekwaam::store::now() + starts_in;
    Event {
        title: title.into(),
        starts_at,
        ends_at: starts_at + Duration::hours(3),
        place: "Utrecht (fictief)".into(),
        online_url: String::new(),
        programme: "Lezing en werkgroepen.".into(),
        capacity,
        cancelled: false,
    }
}

async fn add(app: &TestApp, e: &Event) -> i64 {
    store::create_event(&app.db, &Actor::system(), e, bekwaam::store::now())
        .await
        .unwrap()
}

/// Registers `name` straight in the store (as the form does), at `now`;
/// returns the cancellation token and the place given.
async fn enrol(app: &TestApp, id: i64, name: &str, now: OffsetDateTime) -> (String, Status) {
    let token = bekwaam::token::random_token(16);
    let r = Registration {
        name: name.into(),
        email: format!("{}@roc-voorbeeld.nl", name.to_lowercase()),
        institution: "ROC Voorbeeld".into(),
    };
    let (_, status) = store::register(&app.db, id, &r, &token_hash(&token), now)
        .await
        .unwrap();
    (token, status)
}

/// A stamp of the registration form drawn a minute ago, as a person's
/// browser would send it back.
async fn stamp(app: &TestApp) -> String {
    let key = bekwaam::store::secret(&app.db, "public-forms")
        .await
        .unwrap();
    bekwaam::spam::Guard::new(&key).unwrap().stamp(
        "event-registration",
        OffsetDateTime::now_utc().unix_timestamp() - 60,
    )
}

async fn form_post(
    app: &TestApp,
    id: i64,
    name: &str,
    extra: &[(&str, &str)],
) -> crate::helpers::Html {
    let st = stamp(app).await;
    let email = format!("{}@roc-voorbeeld.nl", name.to_lowercase());
    let mut fields = vec![
        ("name", name),
        ("email", email.as_str()),
        ("institution", "ROC Voorbeeld"),
        ("consent", "yes"),
        ("_stamp", st.as_str()),
    ];
    fields.extend_from_slice(extra);
    app.post(&format!("/events/{id}/register"), &fields).await
}

async fn statuses(app: &TestApp, id: i64) -> Vec<(String, Status)> {
    store::attendees(&app.db, id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.status))
        .collect()
}

async fn outbox(app: &TestApp) -> Vec<bekwaam::mail::OutboxMessage> {
    bekwaam::mail::outbox(&app.db, 100, 0).await.unwrap().0
}

async fn a_full_event_puts_registrations_on_the_waiting_list_and_a_cancellation_moves_the_first_up(
    app: TestApp,
) {
    let id = add(&app, &event("Kennisdag", Duration::days(20), 2)).await;
    let now = bekwaam::store::now();
    let (anna, s) = enrol(&app, id, "Anna", now).await;
    assert_eq!(s, Status::Registered);
    // Through the public form: the second place, then the waiting list.
    let r = form_post(&app, id, "Bram", &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        r.location
            .as_deref()
            .unwrap()
            .contains("registered=registered")
    );
    let page = app.get(r.location.as_deref().unwrap()).await;
    assert!(page.body.contains("U bent aangemeld"), "{}", page.body);
    let r = form_post(&app, id, "Carla", &[]).await;
    assert_eq!(r.status, 303);
    let location = r.location.unwrap();
    assert!(location.contains("registered=waiting"), "{location}");
    let page = app.get(&location).await;
    assert!(
        page.body.contains("u staat op de wachtlijst"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Dit evenement is vol"), "{}", page.body);
    let r = form_post(&app, id, "Daan", &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        statuses(&app, id).await,
        vec![
            ("Anna".into(), Status::Registered),
            ("Bram".into(), Status::Registered),
            ("Carla".into(), Status::Waiting),
            ("Daan".into(), Status::Waiting),
        ]
    );
    // Each was told by e-mail, with the event attached and the link masked.
    let mails = outbox(&app).await;
    let to_carla = mails
        .iter()
        .find(|m| m.recipient == "carla@roc-voorbeeld.nl")
        .expect("mail to Carla");
    assert!(
        to_carla.subject.starts_with("Wachtlijst"),
        "{}",
        to_carla.subject
    );
    assert!(
        to_carla.body.contains("/events/cancel/•••••••"),
        "{}",
        to_carla.body
    );
    let to_bram = mails
        .iter()
        .find(|m| m.recipient == "bram@roc-voorbeeld.nl")
        .unwrap();
    assert!(to_bram.subject.starts_with("Aanmelding bevestigd"));
    assert_eq!(to_bram.attachment_name.as_deref(), Some("evenement.ics"));
    let ics = bekwaam::mail::outbox_attachment(&app.db, to_bram.id)
        .await
        .unwrap()
        .expect("attachment");
    let text = String::from_utf8(ics.bytes).unwrap();
    assert!(ics.content_type.starts_with("text/calendar"));
    assert!(
        text.contains("BEGIN:VEVENT") && text.contains("SUMMARY:Kennisdag"),
        "{text}"
    );
    // Anna cancels: Carla, first on the list, moves up in the same step.
    let r = app.post(&format!("/events/cancel/{anna}"), &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        statuses(&app, id).await,
        vec![
            ("Bram".into(), Status::Registered),
            ("Carla".into(), Status::Registered),
            ("Daan".into(), Status::Waiting),
            ("Anna".into(), Status::Cancelled),
        ]
    );
    let moved: Vec<_> = outbox(&app)
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Er is een plaats vrij"))
        .collect();
    assert_eq!(moved.len(), 1, "one e-mail, to Carla");
    assert_eq!(moved[0].recipient, "carla@roc-voorbeeld.nl");
    assert!(
        moved[0].body.contains("u bent nu aangemeld"),
        "{}",
        moved[0].body
    );
    assert!(moved[0].attachment_name.is_some());
    let s = store::event(&app.db, id).await.unwrap();
    assert_eq!((s.registered, s.waiting, s.places_left()), (2, 1, 0));
    // Concurrent registrations never exceed the capacity.
    let id2 = add(&app, &event("Kleine sessie", Duration::days(5), 3)).await;
    let mut tasks = Vec::new();
    for n in 0..8 {
        let db = app.db.clone();
        tasks.push(tokio::spawn(async move {
            let r = Registration {
                name: format!("Deelnemer {n}"),
                email: format!("d{n}@x.nl"),
                institution: "X".into(),
            };
            let t = bekwaam::token::random_token(16);
            store::register(&db, id2, &r, &token_hash(&t), bekwaam::store::now()).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let s = store::event(&app.db, id2).await.unwrap();
    assert_eq!((s.registered, s.waiting), (3, 5));
}

async fn the_cancellation_link_works_once_and_only_for_its_own_registration(app: TestApp) {
    let id = add(&app, &event("Netwerkdag", Duration::days(10), 1)).await;
    let now = bekwaam::store::now();
    let (anna, _) = enrol(&app, id, "Anna", now).await;
    let (bram, s) = enrol(&app, id, "Bram", now).await;
    assert_eq!(s, Status::Waiting);
    // Opening the link (as a mail scanner does) cancels nothing.
    let page = app.get(&format!("/events/cancel/{anna}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Anna") && !page.body.contains("Bram"),
        "{}",
        page.body
    );
    assert_eq!(
        statuses(&app, id).await[0],
        ("Anna".into(), Status::Registered)
    );
    // Anna's link cancels Anna, and only Anna; Bram moves up.
    let r = app.post(&format!("/events/cancel/{anna}"), &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("U bent afgemeld"), "{}", r.body);
    assert_eq!(
        statuses(&app, id).await,
        vec![
            ("Bram".into(), Status::Registered),
            ("Anna".into(), Status::Cancelled)
        ]
    );
    // Once only.
    for r in [
        app.post(&format!("/events/cancel/{anna}"), &[]).await,
        app.get(&format!("/events/cancel/{anna}")).await,
    ] {
        assert_eq!(r.status, 404);
        assert!(r.body.contains("al gebruikt"), "{}", r.body);
    }
    assert_eq!(
        statuses(&app, id).await[0],
        ("Bram".into(), Status::Registered)
    );
    // A made-up or malformed token is no one's.
    for bad in [
        bekwaam::token::random_token(16),
        "x".repeat(32),
        "abc".into(),
    ] {
        assert_eq!(
            app.post(&format!("/events/cancel/{bad}"), &[]).await.status,
            404
        );
    }
    // The store keeps only the hash.
    let stored: Vec<(String,)> = match &app.db {
        bekwaam::store::Db::Sqlite(p) => {
            sqlx::query_as("SELECT token_hash FROM event_registrations")
                .fetch_all(p)
                .await
                .unwrap()
        }
        bekwaam::store::Db::Postgres(p) => {
            sqlx::query_as("SELECT token_hash FROM event_registrations")
                .fetch_all(p)
                .await
                .unwrap()
        }
    };
    assert!(stored.iter().all(|(h,)| *h != anna && *h != bram));
    // Bram's own link still works for Bram.
    assert_eq!(
        app.post(&format!("/events/cancel/{bram}"), &[])
            .await
            .status,
        200
    );
    assert_eq!(statuses(&app, id).await[0].1, Status::Cancelled);
}

async fn retention_deletes_the_registrations_of_old_events_and_nothing_else(app: TestApp) {
    let now = bekwaam::store::now();
    let old = add(&app, &event("Lang geleden", -Duration::days(100), 10)).await;
    let recent = add(&app, &event("Kortgeleden", -Duration::days(80), 10)).await;
    let coming = add(&app, &event("Straks", Duration::days(5), 10)).await;
    for (id, starts) in [(old, 100), (recent, 80)] {
        let then = now - Duration::days(starts + 10);
        enrol(&app, id, "Anna", then).await;
        enrol(&app, id, "Bram", then).await;
    }
    enrol(&app, coming, "Carla", now).await;
    let today = bekwaam::monitor::store::today();
    let deleted = store::delete_expired_registrations(&app.db, today, 90)
        .await
        .unwrap();
    // The retention job of the running app may have been first.
    assert!(deleted == 2 || deleted == 0, "{deleted}");
    assert!(statuses(&app, old).await.is_empty());
    assert_eq!(statuses(&app, recent).await.len(), 2);
    assert_eq!(statuses(&app, coming).await.len(), 1);
    // The events themselves stay (the KPI counts them).
    assert!(store::event(&app.db, old).await.is_ok());
    assert_eq!(
        store::delete_expired_registrations(&app.db, today, 90)
            .await
            .unwrap(),
        0
    );
    // A shorter setting reaches the recent one too.
    assert_eq!(
        store::delete_expired_registrations(&app.db, today, 30)
            .await
            .unwrap(),
        2
    );
    assert!(statuses(&app, recent).await.is_empty());
    assert_eq!(statuses(&app, coming).await.len(), 1);
}

async fn the_spam_guard_refuses_scripts_and_errors_name_the_field_and_keep_the_input(app: TestApp) {
    let id = add(&app, &event("Kennisdag", Duration::days(20), 10)).await;
    let path = format!("/events/{id}/register");
    // Sent back straight away with the page's own stamp: a script.
    let page = app.get(&format!("/events/{id}")).await;
    let fresh = extract_between(&page.body, "name=\"_stamp\" value=\"", "\"").unwrap();
    let good = |st: String| {
        vec![
            ("name".to_string(), "Anna Fictief".to_string()),
            ("email".into(), "anna@roc-voorbeeld.nl".into()),
            ("institution".into(), "ROC Voorbeeld".into()),
            ("consent".into(), "yes".into()),
            ("_stamp".into(), st),
        ]
    };
    let post = |fields: Vec<(String, String)>| {
        let app = &app;
        let path = path.clone();
        async move {
            let f: Vec<(&str, &str)> = fields
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            app.post(&path, &f).await
        }
    };
    let r = post(good(fresh)).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("wel erg snel"), "{}", r.body);
    assert!(
        r.body.contains("value=\"Anna Fictief\""),
        "input kept: {}",
        r.body
    );
    let mut honey = good(stamp(&app).await);
    honey.push(("website".into(), "http://spam.example".into()));
    let r = post(honey).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("kon niet worden verwerkt"));
    let r = post(good("1.abc".into())).await;
    assert_eq!(r.status, 422);
    assert!(statuses(&app, id).await.is_empty(), "nothing stored");
    // Validation: each field named, the input kept.
    let r = post(vec![
        ("name".into(), "".into()),
        ("email".into(), "anna@nl".into()),
        ("institution".into(), "ROC <b>Voorbeeld</b>".into()),
        ("_stamp".into(), stamp(&app).await),
    ])
    .await;
    assert_eq!(r.status, 422);
    for text in [
        "Vul uw naam in.",
        "Het e-mailadres is geen geldig e-mailadres.",
        "Geef toestemming",
        "value=\"anna@nl\"",
        "ROC &#60;b&#62;Voorbeeld&#60;/b&#62;",
        "aria-invalid=\"true\" aria-describedby=\"name-error\"",
        "href=\"#consent\"",
    ] {
        assert!(r.body.contains(text), "{text}: {}", r.body);
    }
    assert!(statuses(&app, id).await.is_empty());
    // A good one, then the same address again.
    assert_eq!(post(good(stamp(&app).await)).await.status, 303);
    let r = post(good(stamp(&app).await)).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("al iemand aangemeld"), "{}", r.body);
    assert_eq!(statuses(&app, id).await.len(), 1);
    // A past event takes no registrations.
    let past = add(&app, &event("Voorbij", -Duration::days(3), 10)).await;
    let page = app.get(&format!("/events/{past}")).await;
    assert!(
        !page.body.contains("/register\""),
        "no form on a past event's page"
    );
    let r = app
        .post(
            &format!("/events/{past}/register"),
            &[
                ("name", "Bram"),
                ("email", "bram@x.nl"),
                ("institution", "X"),
                ("consent", "yes"),
                ("_stamp", &stamp(&app).await),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("niet meer mogelijk"), "{}", r.body);
    assert!(statuses(&app, past).await.is_empty());
}

async fn the_public_list_shows_coming_events_first_and_past_ones_below(app: TestApp) {
    let page = app.get("/events").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("nog geen komende evenementen"),
        "{}",
        page.body
    );
    let full = add(&app, &event("Volle ochtend", Duration::days(3), 1)).await;
    enrol(&app, full, "Anna", bekwaam::store::now()).await;
    add(&app, &event("Middag <script>", Duration::days(9), 30)).await;
    add(&app, &event("Vorig jaar", -Duration::days(200), 30)).await;
    let page = app.get("/events").await;
    let body = &page.body;
    let at = |s: &str| body.find(s).unwrap_or_else(|| panic!("{s}: {body}"));
    assert!(at("Volle ochtend") < at("Middag &#60;script&#62;"));
    assert!(at("Middag &#60;script&#62;") < at("Eerdere evenementen"));
    assert!(at("Eerdere evenementen") < at("Vorig jaar"));
    assert!(body.contains("Nog 30 plaatsen vrij") && body.contains("Vol: aanmelden"));
    let detail = app.get(&format!("/events/{full}")).await;
    assert!(
        detail.body.contains("Utrecht (fictief)") && detail.body.contains("Lezing en werkgroepen.")
    );
    let ics = app.get(&format!("/events/{full}/event.ics")).await;
    assert_eq!(ics.status, 200);
    assert!(ics.body.contains("SUMMARY:Volle ochtend"));
    assert_eq!(app.get("/events/999999").await.status, 404);
}

async fn only_the_programme_manager_creates_edits_and_deletes_events(app: TestApp) {
    let r = app.get("/events/manage").await;
    assert_ne!(r.status, 200, "not signed in");
    app.institution("99AA", "ROC Test").await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    for path in ["/events/manage", "/events/manage/new"] {
        assert_eq!(app.get(path).await.status, 403, "{path}");
    }
    let r = app
        .post("/events/manage", &[("_csrf", "x"), ("title", "Nee")])
        .await;
    assert_eq!(r.status, 403);
    app.logout().await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    assert_eq!(app.get("/events/manage").await.status, 200);
    // Errors name the field and keep the input.
    let r = app
        .submit(
            "/events/manage/new",
            "/events/manage",
            &[
                ("title", "Kennisdag"),
                ("date", "12-03-2027"),
                ("starts", "14:00"),
                ("ends", "13:00"),
                ("capacity", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    for text in [
        "De datum is geen geldige datum",
        "De eindtijd ligt niet na de begintijd.",
        "Vul een plaats in, een online link, of allebei.",
        "Vul het programma in.",
        "Het aantal plaatsen is een heel getal",
        "value=\"Kennisdag\"",
    ] {
        assert!(r.body.contains(text), "{text}: {}", r.body);
    }
    let fields = [
        ("title", "Kennisdag"),
        ("date", "2027-03-12"),
        ("starts", "13:30"),
        ("ends", "17:00"),
        ("place", "Utrecht"),
        ("programme", "Lezing"),
        ("capacity", "2"),
    ];
    let r = app
        .submit("/events/manage/new", "/events/manage", &fields)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r.location.unwrap();
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let s = store::event(&app.db, id).await.unwrap();
    assert_eq!(
        s.event.starts_at,
        time::macros::datetime!(2027-03-12 12:30 UTC)
    );
    // Capacity below those registered is refused on its field; raising it
    // moves the waiting list up.
    let now = bekwaam::store::now();
    enrol(&app, id, "Anna", now).await;
    enrol(&app, id, "Bram", now).await;
    enrol(&app, id, "Carla", now).await;
    let mut lower = fields.to_vec();
    lower[6] = ("capacity", "1");
    let r = app.submit(&location, &location, &lower).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Er zijn al 2 mensen aangemeld"),
        "{}",
        r.body
    );
    let mut higher = fields.to_vec();
    higher[6] = ("capacity", "3");
    assert_eq!(app.submit(&location, &location, &higher).await.status, 303);
    assert!(
        statuses(&app, id)
            .await
            .iter()
            .all(|(_, s)| *s == Status::Registered)
    );
    assert!(
        outbox(&app)
            .await
            .iter()
            .any(|m| m.recipient == "carla@roc-voorbeeld.nl"
                && m.subject.starts_with("Er is een plaats vrij"))
    );
    // Delete: a confirmation page first.
    let confirm = app.get(&format!("/events/manage/{id}/delete")).await;
    assert_eq!(confirm.status, 200);
    assert!(
        confirm
            .body
            .contains("De 3 aanmeldingen worden ook verwijderd"),
        "{}",
        confirm.body
    );
    let r = app
        .submit(
            &format!("/events/manage/{id}/delete"),
            &format!("/events/manage/{id}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(app.get(&format!("/events/{id}")).await.status, 404);
    assert!(statuses(&app, id).await.is_empty());
    let audit = app.get("/audit?entity=knowledge_event").await;
    assert!(
        audit.body.contains("Evenement verwijderd"),
        "{}",
        audit.body
    );
}

async fn the_attendee_export_reads_back_with_status(app: TestApp) {
    let id = add(&app, &event("Kennisdag", Duration::days(20), 1)).await;
    let now = bekwaam::store::now();
    enrol(&app, id, "Anna", now).await;
    enrol(&app, id, "Bram", now).await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get(&format!("/events/manage/{id}/attendees")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("anna@roc-voorbeeld.nl") && page.body.contains("Wachtlijst"));
    let res = app
        .client
        .get(format!("{}/events/manage/{id}/attendees.csv", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = res.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Naam",
            "E-mailadres",
            "Instelling",
            "Status",
            "Aangemeld op"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], "Anna");
    assert_eq!(rows[0][3], "Aangemeld");
    assert_eq!(rows[1][1], "bram@roc-voorbeeld.nl");
    assert_eq!(rows[1][3], "Wachtlijst");
    app.logout().await;
    app.login_as("stuur", Role::SteeringGroup, None).await;
    assert_eq!(
        app.get(&format!("/events/manage/{id}/attendees.csv"))
            .await
            .status,
        403
    );
}

async fn the_kpi_counts_events_held_and_not_called_off(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let section =
        |body: &str| extract_between(body, "id=\"kpi-c-knowledge-events\"", "</section>").unwrap();
    let page = app.get("/programme/kpis").await;
    assert!(
        section(&page.body).contains("nog geen gegevens"),
        "{}",
        section(&page.body)
    );
    add(&app, &event("Eerste", -Duration::days(40), 10)).await;
    add(&app, &event("Tweede", -Duration::days(10), 10)).await;
    let mut off = event("Afgelast", -Duration::days(20), 10);
    off.cancelled = true;
    add(&app, &off).await;
    add(&app, &event("Komt nog", Duration::days(10), 10)).await;
    let page = app.get("/programme/kpis").await;
    let s = section(&page.body);
    assert!(s.contains("2 evenementen gehouden"), "{s}");
    assert!(!s.contains("nog geen gegevens"), "{s}");
}

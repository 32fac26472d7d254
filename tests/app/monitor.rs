//! The monitor end to end: waves, invitations, the survey in HTML and
//! JSON, feedback, and the privacy rules.

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::monitor::instrument::{self, Instrument};
use bekwaam::monitor::{self, WaveState, store as ms};
use bekwaam::web::Settings;

use crate::helpers::{Backend, TestApp, exec_sql, smtp_sink, tokens_in, unfold_mail};
use crate::on_both;

on_both!(
    a_wave_goes_from_creation_through_answers_to_feedback,
    the_survey_is_completed_with_plain_form_posts_and_resumes,
    the_survey_works_as_json,
    a_closed_wave_accepts_no_answers,
    a_coordinator_cannot_invite_for_another_institution,
    the_token_is_stored_only_hashed_and_responses_hold_no_personal_data,
    the_outbox_never_shows_a_working_survey_link,
    a_completed_response_gives_its_feedback_not_its_answers_as_json,
    a_printed_link_is_claimed_by_the_first_browser_that_opens_it,
    a_printed_link_is_claimed_through_the_json_api_too,
    invitations_are_checked_per_institution_only,
    fieldwork_counts_below_the_minimum_never_show_whatever_is_invited,
    a_database_failure_gives_an_error_page_and_writes_nothing_half,
);

fn instrument() -> Instrument {
    instrument::parse(
        monitor::DEFAULT_INSTRUMENT_FILE,
        monitor::DEFAULT_INSTRUMENT,
    )
    .unwrap()
}

/// An open wave "2026" for 25AA (and 25BB), created in the store.
async fn open_wave(app: &TestApp) -> i64 {
    app.institution("25AA", "ROC A").await;
    app.institution("25BB", "ROC B").await;
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let w = monitor::validate_wave(
        "2026",
        &format!("{iid}@{iver}"),
        "2026-10-01",
        "2027-01-31",
        &["25AA".into(), "25BB".into()],
    )
    .unwrap();
    let id = ms::create_wave(&app.db, &Actor::system(), &w)
        .await
        .unwrap();
    ms::advance(&app.db, &Actor::system(), id, WaveState::Open)
        .await
        .unwrap();
    id
}

async fn links(app: &TestApp, wave: i64, code: &str, n: usize) -> Vec<String> {
    ms::create_links(
        &app.db,
        &Actor::system(),
        wave,
        &code.parse().unwrap(),
        None,
        n,
    )
    .await
    .unwrap()
}

/// Opens a printed link as a teacher's browser does: the first use claims
/// it and redirects to a fresh token, which is returned.
async fn claim(app: &TestApp, client: &reqwest::Client, printed: &str) -> String {
    let r = app.get_with(client, &format!("/s/{printed}")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let loc = r.location.expect("a redirect");
    let fresh = loc
        .strip_prefix("/s/")
        .expect("to a survey link")
        .to_string();
    assert!(monitor::token_shaped(&fresh) && fresh != printed, "{loc}");
    fresh
}

/// Answers every page of the survey through the HTML forms.
async fn answer_all(app: &TestApp, client: &reqwest::Client, token: &str) {
    let i = instrument();
    let r = app
        .post_with(
            client,
            &format!("/s/{token}/page/0"),
            &[("b_rol", "docent"), ("nav", "next")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    for (d, domain) in i.domains.iter().enumerate() {
        let mut form: Vec<(String, String)> = domain
            .items
            .iter()
            .map(|&ix| {
                let it = &i.items[ix];
                let v = if it.allow_na {
                    "na".to_string()
                } else {
                    i.scales[it.scale].max().to_string()
                };
                (format!("i_{}", it.id), v)
            })
            .collect();
        form.push(("nav".into(), "next".into()));
        let fields: Vec<(&str, &str)> =
            form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = app
            .post_with(client, &format!("/s/{token}/page/{}", d + 1), &fields)
            .await;
        assert_eq!(r.status, 303, "page {}: {}", d + 1, r.body);
    }
}

async fn a_wave_goes_from_creation_through_answers_to_feedback(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.institution("25BB", "ROC B").await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let bad = app
        .submit(
            "/waves/new",
            "/waves",
            &[
                ("name", ""),
                ("opens_on", "2026-10-01"),
                ("closes_on", "2026-09-01"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("De sluitdatum ligt vóór de openingsdatum")
    );
    let form = app.get("/waves/new").await;
    let instrument_value =
        crate::helpers::extract_between(&form.body, "<option value=\"", "\"").unwrap();
    // An unknown instrument or institution is named as such (it was
    // answered as "name taken" before issue 12).
    for (instrument, institution, says) in [
        (
            "bestaat-niet@1",
            "25AA",
            "Deze vragenlijst (versie) bestaat niet.",
        ),
        (
            instrument_value.as_str(),
            "99ZZ",
            "Een van de gekozen instellingen bestaat niet.",
        ),
    ] {
        let refused = app
            .submit(
                "/waves/new",
                "/waves",
                &[
                    ("name", "2026"),
                    ("instrument", instrument),
                    ("opens_on", "2026-10-01"),
                    ("closes_on", "2027-01-31"),
                    ("institution", institution),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(
            refused.body.contains(says),
            "{instrument} {institution}: {}",
            refused.body
        );
        assert!(!refused.body.contains("Er is al een afname met deze naam"));
    }
    let created = app
        .submit(
            "/waves/new",
            "/waves",
            &[
                ("name", "2026"),
                ("instrument", &instrument_value),
                ("opens_on", "2026-10-01"),
                ("closes_on", "2027-01-31"),
                ("institution", "25AA"),
                ("institution", "25BB"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let wave_path = created.location.unwrap();
    let id: i64 = wave_path.trim_start_matches("/waves/").parse().unwrap();
    assert!(app.get(&wave_path).await.body.contains("Concept"));
    let opened = app
        .submit(
            &format!("/waves/{id}/state?to=open"),
            &format!("/waves/{id}/state"),
            &[("to", "open")],
        )
        .await;
    assert_eq!(opened.status, 303);
    // Skipping a state is refused.
    let skip = app
        .submit(
            &format!("/waves/{id}"),
            &format!("/waves/{id}/state"),
            &[("to", "archived")],
        )
        .await;
    assert_eq!(skip.status, 409);

    // The coordinator defines a team and makes links for it.
    let coord = app.new_browser();
    app.user("coord", Role::Coordinator, Some("25AA")).await;
    app.login_with(&coord, "coord", "coord-wachtwoord").await;
    let unit = app
        .submit_with(
            &coord,
            "/institutions/25AA/units",
            "/institutions/25AA/units",
            &[("name", "Techniek")],
        )
        .await;
    assert_eq!(unit.status, 303);
    let invite = app
        .get_with(&coord, &format!("/waves/{id}/institutions/25AA"))
        .await;
    assert_eq!(invite.status, 200);
    let before = &invite.body[..invite.body.find("\">Techniek").unwrap()];
    let unit_id = before[before.rfind("value=\"").unwrap() + 7..].to_string();
    let page = make_links(
        &app,
        &coord,
        id,
        "25AA",
        &[("count", "3"), ("unit", &unit_id)],
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("afname 2026, ROC A"),
        "a card says which wave and institution it is for: {}",
        page.body
    );
    let tokens = tokens_in(&page.body);
    assert_eq!(tokens.len(), 3, "one printed link per slip");
    assert!(page.body.contains("<svg"), "QR codes are printed");

    // A teacher opens a printed link (which claims it) and answers everything.
    let teacher = app.new_browser();
    let printed = tokens.clone();
    let tokens = [
        claim(&app, &teacher, &printed[0]).await,
        String::new(),
        claim(&app, &app.new_browser(), &printed[2]).await,
    ];
    answer_all(&app, &teacher, &tokens[0]).await;
    let done = app
        .post_with(&teacher, &format!("/s/{}/complete", tokens[0]), &[])
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/s/{}/feedback", tokens[0]).as_str())
    );
    let feedback = app
        .get_with(&teacher, &format!("/s/{}/feedback", tokens[0]))
        .await;
    assert_eq!(feedback.status, 200);
    assert!(feedback.body.contains("Jouw profiel"));
    assert!(feedback.body.contains("<svg role=\"img\""));
    let download = teacher
        .get(format!(
            "{}/s/{}/feedback?download=1",
            app.address, tokens[0]
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(download.headers()["content-type"], "application/pdf");
    let text = crate::helpers::pdftotext(&download.bytes().await.unwrap());
    assert!(
        text.contains("Jouw profiel"),
        "the download is the profile as a PDF: {text}"
    );
    // Opening the link again shows the feedback.
    let again = app.get_with(&teacher, &format!("/s/{}", tokens[0])).await;
    assert_eq!(
        again.location.as_deref(),
        Some(format!("/s/{}/feedback", tokens[0]).as_str())
    );

    // A second teacher starts but does not finish.
    let other = app.new_browser();
    app.post_with(
        &other,
        &format!("/s/{}/page/0", tokens[2]),
        &[("nav", "next")],
    )
    .await;

    // Fieldwork: counts per unit, for the coordinator and the programme
    // manager; 2 started and 1 completed are below the minimum group.
    let wave = app.get_with(&coord, &format!("/waves/{id}")).await;
    assert_eq!(
        fieldwork_cells(&wave.body, "Techniek"),
        ["3", "<10", "<10", "<10"],
        "{}",
        wave.body
    );
    assert!(wave.body.contains("minder dan 10"));
    let fw = ms::fieldwork(&app.db, id).await.unwrap();
    assert_eq!((fw[0].invited, fw[0].started, fw[0].completed), (3, 2, 1));
}

/// The cells after the unit's name in the fieldwork table: invited,
/// started, completed, response rate.
fn fieldwork_cells(body: &str, unit: &str) -> Vec<String> {
    let Some(at) = body.find(&format!("<td>{unit}</td>")) else {
        return vec![];
    };
    body[at..]
        .split("<td class=\"num\">")
        .skip(1)
        .take(4)
        .map(|c| {
            c[..c.find("</td>").unwrap()]
                .replace("&lt;", "<")
                .replace("&#60;", "<")
        })
        .collect()
}

async fn the_survey_is_completed_with_plain_form_posts_and_resumes(app: TestApp) {
    let wave = open_wave(&app).await;
    let printed = links(&app, wave, "25AA", 1).await.remove(0);
    let i = instrument();
    let first = app.new_browser();
    let token = claim(&app, &first, &printed).await;
    assert_eq!(
        app.get_with(&first, &format!("/s/{token}"))
            .await
            .location
            .as_deref(),
        Some(format!("/s/{token}/page/0").as_str())
    );
    let p0 = app.get_with(&first, &format!("/s/{token}/page/0")).await;
    assert!(p0.body.contains("Over jou"));
    assert!(!p0.body.contains("<script"), "no JavaScript needed");
    app.post_with(
        &first,
        &format!("/s/{token}/page/0"),
        &[("b_rol", "docent"), ("nav", "next")],
    )
    .await;

    // Half a page: the answered item is kept, the page comes back with errors.
    let d = &i.domains[0];
    let it0 = &i.items[d.items[0]];
    let field = format!("i_{}", it0.id);
    let partial = app
        .post_with(
            &first,
            &format!("/s/{token}/page/1"),
            &[(&field, "2"), ("nav", "next")],
        )
        .await;
    assert_eq!(partial.status, 422);
    assert!(partial.body.contains("Kies een antwoord"));
    assert!(
        partial
            .body
            .contains(&format!("name=\"{field}\" value=\"2\" checked"))
    );
    let off_scale = app
        .post_with(
            &first,
            &format!("/s/{token}/page/1"),
            &[(&field, "99"), ("nav", "next")],
        )
        .await;
    assert!(off_scale.body.contains("Dit antwoord is niet mogelijk"));

    // Closing the browser loses nothing: another browser resumes.
    let second = app.new_browser();
    let resumed = app.get_with(&second, &format!("/s/{token}")).await;
    assert_eq!(
        resumed.location.as_deref(),
        Some(format!("/s/{token}/page/1").as_str())
    );
    let page = app.get_with(&second, &format!("/s/{token}/page/1")).await;
    assert!(
        page.body
            .contains(&format!("name=\"{field}\" value=\"2\" checked")),
        "the saved answer is shown"
    );
    // Pages ahead of progress are not reachable by URL.
    let ahead = app.get_with(&second, &format!("/s/{token}/page/5")).await;
    assert_eq!(
        ahead.location.as_deref(),
        Some(format!("/s/{token}/page/1").as_str())
    );
    // Back works and keeps answers.
    let back = app
        .post_with(&second, &format!("/s/{token}/page/1"), &[("nav", "back")])
        .await;
    assert_eq!(
        back.location.as_deref(),
        Some(format!("/s/{token}/page/0").as_str())
    );

    answer_all(&app, &second, &token).await;
    let finish = app
        .get_with(&second, &format!("/s/{token}/page/{}", i.domains.len() + 1))
        .await;
    assert!(finish.body.contains("Afronden en profiel bekijken"));
    app.post_with(&second, &format!("/s/{token}/complete"), &[])
        .await;
    // Sealed: no more changes.
    let late = app
        .post_with(
            &second,
            &format!("/s/{token}/page/1"),
            &[(&field, "1"), ("nav", "next")],
        )
        .await;
    assert_eq!(late.status, 409);
    assert!(late.body.contains("al afgerond"));
    // English works too.
    app.get_with(&second, "/lang/en?next=%2F").await;
    let en = app.get_with(&second, &format!("/s/{token}/feedback")).await;
    assert!(en.body.contains("Your profile"));
}

async fn the_survey_works_as_json(app: TestApp) {
    let wave = open_wave(&app).await;
    let printed = links(&app, wave, "25AA", 1).await.remove(0);
    let i = instrument();
    let c = app.new_browser();
    // Opening a printed link claims it: the answer names the token to use.
    let s: serde_json::Value = c
        .get(format!("{}/api/v1/survey/{printed}", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = s["token"].as_str().unwrap().to_string();
    assert!(monitor::token_shaped(&token) && token != printed);
    let url = |p: &str| format!("{}/api/v1/survey/{token}{p}", app.address);
    assert_eq!(s["wave"], "2026");
    assert_eq!(s["pages"].as_array().unwrap().len(), i.domains.len() + 1);
    assert_eq!(s["completed"], false);

    let early = c.post(url("/complete")).send().await.unwrap();
    assert_eq!(early.status(), 422);
    let wrong = c
        .put(url("/answers"))
        .json(&serde_json::json!({"answers": {"bestaat-niet": 3, i.items[0].id.clone(): 99}}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    assert_eq!(wrong.headers()["content-type"], "application/problem+json");
    assert!(wrong.text().await.unwrap().contains("bestaat-niet"));

    let mut answers = serde_json::Map::new();
    for it in &i.items {
        let v = if it.allow_na {
            serde_json::json!("na")
        } else {
            serde_json::json!(i.scales[it.scale].min())
        };
        answers.insert(it.id.clone(), v);
    }
    let body = serde_json::json!({"answers": answers, "background": {"rol": "docent"}, "page": 3});
    for _ in 0..2 {
        // Idempotent: the same body twice gives the same state.
        let r = c.put(url("/answers")).json(&body).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["unanswered"].as_array().unwrap().len(), 0);
    }
    let saved: serde_json::Value = c.get(url("")).send().await.unwrap().json().await.unwrap();
    assert_eq!(saved["answers"].as_object().unwrap().len(), i.items.len());
    assert_eq!(saved["background"]["rol"], "docent");
    let not_yet = c.get(url("/feedback")).send().await.unwrap();
    assert_eq!(not_yet.status(), 409);
    let done = c.post(url("/complete")).send().await.unwrap();
    assert_eq!(done.status(), 200);
    let again = c.post(url("/complete")).send().await.unwrap();
    assert_eq!(again.status(), 200, "completing twice is harmless");
    let fb: serde_json::Value = c
        .get(url("/feedback"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let domains = fb.as_array().unwrap();
    assert_eq!(domains.len(), i.domains.len());
    // All minimum answers (n.v.t. excluded, reverse items turned) is not 100.
    assert!(
        domains
            .iter()
            .any(|d| d["score"].as_f64().is_some_and(|s| s < 100.0))
    );
    let sealed = c.put(url("/answers")).json(&body).send().await.unwrap();
    assert_eq!(sealed.status(), 409);

    let unknown = c
        .get(format!("{}/api/v1/survey/{}", app.address, "0".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.headers()["content-type"],
        "application/problem+json"
    );
}

async fn a_closed_wave_accepts_no_answers(app: TestApp) {
    let wave = open_wave(&app).await;
    let mut tokens = links(&app, wave, "25AA", 2).await;
    let c = app.new_browser();
    tokens[0] = claim(&app, &c, &tokens[0]).await;
    app.post_with(&c, &format!("/s/{}/page/0", tokens[0]), &[("nav", "next")])
        .await;
    ms::advance(&app.db, &Actor::system(), wave, WaveState::Closed)
        .await
        .unwrap();
    let page = app.get_with(&c, &format!("/s/{}/page/0", tokens[0])).await;
    assert_eq!(page.status, 409);
    assert!(page.body.contains("Deze vragenlijst is gesloten"));
    let post = app
        .post_with(&c, &format!("/s/{}/page/1", tokens[0]), &[("nav", "next")])
        .await;
    assert_eq!(post.status, 409);
    let api = c
        .put(format!(
            "{}/api/v1/survey/{}/answers",
            app.address, tokens[1]
        ))
        .json(&serde_json::json!({"answers": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 409);
    let problem: serde_json::Value = api.json().await.unwrap();
    assert_eq!(problem["status"], 409);
    assert!(problem["detail"].as_str().unwrap().contains("gesloten"));

    // The rule holds in the store itself, inside the writing transaction,
    // not only in the pages that check first: a save or completion that
    // reaches the store after the close (a request that passed the page's
    // check just before) is refused and stores nothing.
    let opened = ms::open_token(&app.db, &tokens[0]).await.unwrap().unwrap();
    let r = opened.response.expect("the response was started");
    let i = instrument();
    let item = i.items[0].id.clone();
    let saved = ms::save_page(&app.db, r.id, &[(item, Some(1))], &[], &[], 2).await;
    assert!(
        matches!(
            saved,
            Err(bekwaam::store::StoreError::WrongState { entity: "wave", .. })
        ),
        "{saved:?}"
    );
    let completed = ms::complete(&app.db, r.id).await;
    assert!(
        matches!(
            completed,
            Err(bekwaam::store::StoreError::WrongState { entity: "wave", .. })
        ),
        "{completed:?}"
    );
    assert!(ms::answered(&app.db, r.id).await.unwrap().is_empty());
    // The wave's steps are conditional updates: the same step twice, at
    // once, succeeds once.
    let system = Actor::system();
    let (a, b) = tokio::join!(
        ms::advance(&app.db, &system, wave, WaveState::Archived),
        ms::advance(&app.db, &system, wave, WaveState::Archived),
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
}

async fn a_coordinator_cannot_invite_for_another_institution(app: TestApp) {
    let wave = open_wave(&app).await;
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    assert_eq!(
        app.get(&format!("/waves/{wave}/institutions/25AA"))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/waves/{wave}/institutions/25BB"))
            .await
            .status,
        403
    );
    let post = app
        .submit(
            &format!("/waves/{wave}/institutions/25AA"),
            &format!("/waves/{wave}/institutions/25BB/links"),
            &[("count", "5")],
        )
        .await;
    assert_eq!(post.status, 403);
    assert_eq!(app.get("/institutions/25BB/units").await.status, 403);
    let fw = ms::fieldwork(&app.db, wave).await.unwrap();
    assert!(fw.is_empty(), "no links were made for 25BB");
    // The wave page shows only the own institution's figures.
    links(&app, wave, "25BB", 4).await;
    let page = app.get(&format!("/waves/{wave}")).await;
    assert!(!page.body.contains("(25BB)"));
    assert_eq!(app.get("/waves/new").await.status, 403);
}

async fn the_token_is_stored_only_hashed_and_responses_hold_no_personal_data(app: TestApp) {
    let wave = open_wave(&app).await;
    let printed = links(&app, wave, "25AA", 1).await.remove(0);
    let c = app.new_browser();
    let token = claim(&app, &c, &printed).await;
    answer_all(&app, &c, &token).await;
    app.post_with(&c, &format!("/s/{token}/complete"), &[])
        .await;

    let (hashes, columns): (Vec<(String,)>, Vec<String>) = bekwaam::on_db!(&app.db, |p| {
        use sqlx::{Column, Row};
        let h = sqlx::query_as(
            "SELECT token_hash FROM invitations UNION ALL SELECT token_hash FROM responses \
             UNION ALL SELECT token_hash FROM spent_tokens",
        )
        .fetch_all(p)
        .await
        .unwrap();
        let row = sqlx::query("SELECT * FROM responses")
            .fetch_one(p)
            .await
            .unwrap();
        (
            h,
            row.columns().iter().map(|c| c.name().to_string()).collect(),
        )
    });
    assert_eq!(hashes.len(), 3);
    for (h,) in &hashes {
        assert!(!h.contains(&token) && !h.contains(&printed));
    }
    assert_eq!(hashes[0].0, monitor::token_hash(&token));
    assert_eq!(hashes[1].0, monitor::token_hash(&token));
    assert_eq!(
        hashes[2].0,
        monitor::token_hash(&printed),
        "the printed card is spent"
    );
    assert_eq!(
        columns,
        [
            "id",
            "wave_id",
            "institution_code",
            "unit_id",
            "token_hash",
            "page",
            "started_on",
            "completed_on"
        ],
        "a response holds no e-mail, name, IP address, user agent or exact time"
    );
}

#[tokio::test]
async fn invitations_are_delivered_over_smtp_and_the_list_is_deleted_at_close() {
    let (port, inbox) = smtp_sink().await;
    let settings = Settings {
        public_url: "https://bekwaam.test".into(),
        smtp: bekwaam::mail::SmtpSettings {
            host: Some("127.0.0.1".into()),
            port,
            tls: Some(bekwaam::mail::SmtpTls::None),
            username: None,
            password: None,
            from: "Monitor <monitor@bekwaam.test>".into(),
            console_links: None,
        },
        ..Settings::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, settings)
        .await
        .unwrap();
    let wave = open_wave(&app).await;
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    let upload = |csv: &'static str| {
        let app = &app;
        async move {
            let r = upload_emails(app, wave, "25AA", csv).await;
            (r.status, r.body)
        }
    };
    let (status, body) = upload("email\nan@roc-a.nl\ngeen-adres\n").await;
    assert_eq!(status, 422);
    assert!(body.contains("Regel 3"), "{body}");
    assert!(
        inbox.lock().unwrap().is_empty(),
        "nothing sent when the list has errors"
    );

    let (status, body) = upload("email\nan@roc-a.nl\nbo@roc-a.nl\n").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("2 uitnodigingen verstuurd"));
    let mails: Vec<String> = inbox
        .lock()
        .unwrap()
        .iter()
        .map(|m| unfold_mail(m))
        .collect();
    assert_eq!(mails.len(), 2);
    assert!(mails[0].contains("an@roc-a.nl") || mails[1].contains("an@roc-a.nl"));
    let first = tokens_in(&mails[0]);
    assert_eq!(first.len(), 1, "{}", mails[0]);
    assert!(mails[0].contains(&format!("https://bekwaam.test/s/{}", first[0])));

    // The link works; the teacher starts.
    let teacher = app.new_browser();
    app.post_with(
        &teacher,
        &format!("/s/{}/page/0", first[0]),
        &[("nav", "next")],
    )
    .await;

    // A reminder brings a new link that resumes; the old one keeps working.
    let (_, res) = send_reminders(&app, wave, "25AA").await;
    assert!(
        res.body.contains("2 herinneringen verstuurd"),
        "{}",
        res.body
    );
    let mails: Vec<String> = inbox
        .lock()
        .unwrap()
        .iter()
        .map(|m| unfold_mail(m))
        .collect();
    assert_eq!(mails.len(), 4);
    let reminder = mails[2..]
        .iter()
        .find(|m| {
            m.contains(if mails[0].contains("an@") {
                "an@roc-a.nl"
            } else {
                "bo@roc-a.nl"
            })
        })
        .unwrap();
    let new_token = tokens_in(reminder).remove(0);
    assert_eq!(
        app.get_with(&teacher, &format!("/s/{}", first[0]))
            .await
            .location
            .as_deref(),
        Some(format!("/s/{}/page/1", first[0]).as_str())
    );
    assert_eq!(
        app.get_with(&teacher, &format!("/s/{new_token}"))
            .await
            .location
            .as_deref(),
        Some(format!("/s/{new_token}/page/1").as_str())
    );

    // Closing the wave deletes the e-mail list.
    ms::advance(&app.db, &Actor::system(), wave, WaveState::Closed)
        .await
        .unwrap();
    let (emails,): (i64,) = bekwaam::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT COUNT(*) FROM invitations WHERE email IS NOT NULL"
    )
    .fetch_one(p)
    .await
    .unwrap());
    assert_eq!(emails, 0);
}

#[tokio::test]
async fn without_smtp_mail_lands_in_the_outbox_for_the_programme_manager() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let wave = open_wave(&app).await;
    let code = "25AA".parse().unwrap();
    let list = ms::create_email_invitations(
        &app.db,
        &Actor::system(),
        wave,
        &code,
        &[("x@roc-a.nl".into(), None)],
    )
    .await
    .unwrap();
    assert_eq!(list.len(), 1);
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    send_reminders(&app, wave, "25AA").await;
    assert_eq!(
        app.get("/outbox").await.status,
        403,
        "the coordinator cannot read the outbox"
    );
    let pm = app.new_browser();
    app.user("pm", Role::ProgrammeManager, None).await;
    app.login_with(&pm, "pm", "pm-wachtwoord").await;
    let outbox = app.get_with(&pm, "/outbox").await;
    assert!(outbox.body.contains("x@roc-a.nl"));
    assert!(
        outbox
            .body
            .contains("Herinnering: monitor Digitaal Bekwaam MBO")
    );
    ms::advance(&app.db, &Actor::system(), wave, WaveState::Closed)
        .await
        .unwrap();
    assert!(
        app.get_with(&pm, "/outbox")
            .await
            .body
            .contains("Er is geen uitgaande e-mail")
    );
}

// --- issue 11: tokens, invitations and fieldwork --------------------------------

/// Every string of 32 hex digits in `text` (every window of longer runs).
fn token_like(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_hexdigit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_hexdigit() {
            i += 1;
        }
        for w in start..=i.saturating_sub(32).max(start) {
            if i - w >= 32 {
                out.push(text[w..w + 32].to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Uploads an e-mail list for `code` as the main client's coordinator and
/// confirms it: the refusal (422) when the list is refused, otherwise the
/// invitation page the confirmation leads back to, with its result.
async fn upload_emails(app: &TestApp, wave: i64, code: &str, csv: &str) -> crate::helpers::Html {
    let r = app
        .upload(
            &format!("/waves/{wave}/institutions/{code}"),
            &format!("/waves/{wave}/institutions/{code}/emails"),
            csv,
            &[],
        )
        .await;
    if r.status != 303 {
        return r;
    }
    let confirm = r.location.expect("to the confirmation");
    let sent = app.submit(&confirm, &confirm, &[]).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    app.get(&sent.location.expect("back to the invitation page"))
        .await
}

/// Asks for reminders and confirms: the POST's answer and the page it
/// leads to (with the result).
async fn send_reminders(
    app: &TestApp,
    wave: i64,
    code: &str,
) -> (crate::helpers::Html, crate::helpers::Html) {
    let path = format!("/waves/{wave}/institutions/{code}/remind");
    let post = app.submit(&path, &path, &[]).await;
    let page = app
        .get(post.location.as_deref().unwrap_or("/missing-redirect"))
        .await;
    (post, page)
}

/// Makes printed links through the confirmation and returns the page that
/// shows them.
async fn make_links(
    app: &TestApp,
    client: &reqwest::Client,
    wave: i64,
    code: &str,
    form: &[(&str, &str)],
) -> crate::helpers::Html {
    let base = format!("/waves/{wave}/institutions/{code}");
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let confirm = format!("{base}/links/new?{query}");
    let made = app
        .submit_with(client, &confirm, &format!("{base}/links"), form)
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    app.get_with(client, &made.location.expect("to the links"))
        .await
}

async fn the_outbox_never_shows_a_working_survey_link(app: TestApp) {
    let wave = open_wave(&app).await;
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    let r = upload_emails(&app, wave, "25AA", "email\nan@roc-a.nl\nbo@roc-a.nl\n").await;
    assert!(r.body.contains("2 uitnodigingen verstuurd"), "{}", r.body);
    send_reminders(&app, wave, "25AA").await;
    let pm = app.new_browser();
    app.user("pm", Role::ProgrammeManager, None).await;
    app.login_with(&pm, "pm", "pm-wachtwoord").await;
    let outbox = app.get_with(&pm, "/outbox").await;
    assert!(outbox.body.contains("an@roc-a.nl"));
    assert!(
        outbox.body.contains("/s/•••••••"),
        "the link is masked: {}",
        outbox.body
    );
    assert!(outbox.body.contains("onleesbaar gemaakt"));
    // Four messages (two invitations, two reminders), none with a link
    // that opens anything: every token-like string is tried.
    let candidates = token_like(&outbox.body);
    let stranger = app.new_browser();
    for t in &candidates {
        let html = app.get_with(&stranger, &format!("/s/{t}")).await;
        assert_eq!(html.status, 404, "{t} opens the survey");
        let api = stranger
            .get(format!("{}/api/v1/survey/{t}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 404, "{t} opens the survey as JSON");
    }
    // The outbox keeps no working link either: every stored body is masked.
    let (messages, _) = bekwaam::mail::outbox(&app.db, 100, 0).await.unwrap();
    assert_eq!(messages.len(), 4);
    for m in &messages {
        for t in token_like(&m.body) {
            assert!(ms::open_token(&app.db, &t).await.unwrap().is_none());
        }
    }
    // What is really sent carries the working link: the mailer masks only
    // the outbox copy.
    let mailer = bekwaam::mail::Mailer::from_settings(&Default::default()).unwrap();
    let live = links(&app, wave, "25AA", 1).await.remove(0);
    let link = format!("https://bekwaam.test/s/{live}");
    mailer
        .send(
            &app.db,
            None,
            "cy@roc-a.nl",
            "Onderwerp",
            &format!("Link: {link}"),
            Some(&link),
        )
        .await
        .unwrap();
    let (messages, _) = bekwaam::mail::outbox(&app.db, 1, 0).await.unwrap();
    assert_eq!(messages[0].body, "Link: https://bekwaam.test/s/•••••••");
}

async fn a_completed_response_gives_its_feedback_not_its_answers_as_json(app: TestApp) {
    let wave = open_wave(&app).await;
    let printed = links(&app, wave, "25AA", 1).await.remove(0);
    let i = instrument();
    let c = app.new_browser();
    let first: serde_json::Value = c
        .get(format!("{}/api/v1/survey/{printed}", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = first["token"].as_str().unwrap().to_string();
    assert_eq!(first["status"], "in_progress");
    let url = |p: &str| format!("{}/api/v1/survey/{token}{p}", app.address);
    let answers: serde_json::Map<String, serde_json::Value> = i
        .items
        .iter()
        .map(|it| (it.id.clone(), serde_json::json!(i.scales[it.scale].max())))
        .collect();
    let r = c
        .put(url("/answers"))
        .json(&serde_json::json!({"answers": answers, "background": {"rol": "docent"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let open: serde_json::Value = c.get(url("")).send().await.unwrap().json().await.unwrap();
    assert_eq!(open["answers"].as_object().unwrap().len(), i.items.len());
    assert_eq!(c.post(url("/complete")).send().await.unwrap().status(), 200);

    for state in [WaveState::Open, WaveState::Closed] {
        if state == WaveState::Closed {
            ms::advance(&app.db, &Actor::system(), wave, WaveState::Closed)
                .await
                .unwrap();
        }
        let r = c.get(url("")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let done: serde_json::Value = r.json().await.unwrap();
        assert_eq!(done["status"], "completed", "{done}");
        assert_eq!(done["completed"], true);
        for hidden in ["answers", "background", "open", "pages"] {
            assert!(done.get(hidden).is_none(), "{hidden} returned: {done}");
        }
        let text = done.to_string();
        assert!(
            !i.items
                .iter()
                .any(|it| text.contains(&format!("\"{}\"", it.id))),
            "no item answers: {text}"
        );
        let feedback = done["feedback"].as_str().unwrap();
        assert_eq!(feedback, format!("/api/v1/survey/{token}/feedback"));
        let profile = c
            .get(format!("{}{feedback}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(profile.status(), 200);
        let profile: serde_json::Value = profile.json().await.unwrap();
        assert_eq!(profile.as_array().unwrap().len(), i.domains.len());
        // Saving is refused, and the refusal carries no answers either.
        let put = c
            .put(url("/answers"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 409);
        let body = put.text().await.unwrap();
        assert!(!i.items.iter().any(|it| body.contains(&it.id)), "{body}");
    }
    // The OpenAPI document describes the new answer.
    let doc = app.get("/api/openapi.json").await.body;
    assert!(
        doc.contains("in_progress") && doc.contains("\"feedback\""),
        "{doc}"
    );
}

async fn a_printed_link_is_claimed_by_the_first_browser_that_opens_it(app: TestApp) {
    let wave = open_wave(&app).await;
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    let page = make_links(&app, &app.client, wave, "25AA", &[("count", "2")]).await;
    assert!(page.body.contains("werkt één keer"), "{}", page.body);
    let printed = tokens_in(&page.body);
    assert_eq!(printed.len(), 2);

    // The teacher scans the card: a fresh link of their own, shown to keep.
    let teacher = app.new_browser();
    let fresh = claim(&app, &teacher, &printed[0]).await;
    let p0 = app.get_with(&teacher, &format!("/s/{fresh}")).await;
    assert_eq!(p0.location, Some(format!("/s/{fresh}/page/0")));
    let p0 = app.get_with(&teacher, &format!("/s/{fresh}/page/0")).await;
    assert_eq!(p0.status, 200);
    assert!(p0.body.contains("Bewaar deze link"));
    assert!(
        p0.body.contains(&format!("/s/{fresh}</code>")),
        "{}",
        p0.body
    );
    assert!(!p0.body.contains(&printed[0]));

    // The person who printed the card (or anyone) gets nothing from it.
    let printer = app.new_browser();
    for path in [
        "",
        "/page/0",
        "/page/1",
        "/feedback",
        "/feedback?download=1",
    ] {
        let r = app
            .get_with(&printer, &format!("/s/{}{path}", printed[0]))
            .await;
        assert_eq!(r.status, 409, "{path}: {}", r.body);
        assert!(r.body.contains("al gebruikt"), "{path}: {}", r.body);
        assert!(r.body.contains("nieuwe kaart"));
        assert!(!r.body.contains(&fresh) && !r.body.contains("Over jou"));
    }
    let post = app
        .post_with(
            &printer,
            &format!("/s/{}/page/0", printed[0]),
            &[("nav", "next")],
        )
        .await;
    assert_eq!(post.status, 409);
    for (method, path) in [
        ("GET", ""),
        ("PUT", "/answers"),
        ("POST", "/complete"),
        ("GET", "/feedback"),
    ] {
        let url = format!("{}/api/v1/survey/{}{path}", app.address, printed[0]);
        let req = match method {
            "PUT" => printer.put(url).json(&serde_json::json!({})),
            "POST" => printer.post(url),
            _ => printer.get(url),
        };
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 409, "{method} {path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert!(r.text().await.unwrap().contains("al gebruikt"));
    }

    // The teacher finishes on the fresh link; the card still opens nothing.
    answer_all(&app, &teacher, &fresh).await;
    let done = app
        .post_with(&teacher, &format!("/s/{fresh}/complete"), &[])
        .await;
    assert_eq!(done.location, Some(format!("/s/{fresh}/feedback")));
    let fb = app
        .get_with(&teacher, &format!("/s/{fresh}/feedback"))
        .await;
    assert!(fb.body.contains("Jouw profiel") && fb.body.contains("Bewaar deze link"));
    let download = teacher
        .get(format!("{}/s/{fresh}/feedback?download=1", app.address))
        .send()
        .await
        .unwrap();
    let text = crate::helpers::pdftotext(&download.bytes().await.unwrap());
    assert!(
        text.contains("Jouw profiel") && !text.contains(&fresh),
        "no link in the PDF"
    );
    let r = app
        .get_with(&printer, &format!("/s/{}/feedback", printed[0]))
        .await;
    assert_eq!(r.status, 409);
    assert!(!r.body.contains("Jouw profiel"));

    // A card opened by two browsers at once is claimed by one of them.
    let (a, b) = tokio::join!(
        ms::claim(&app.db, &printed[1]),
        ms::claim(&app.db, &printed[1])
    );
    let won: Vec<String> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(won.len(), 1);
    assert!(ms::open_token(&app.db, &won[0]).await.unwrap().is_some());
    assert!(
        ms::open_token(&app.db, &printed[1])
            .await
            .unwrap()
            .is_none()
    );

    // E-mail invitations are personal: not claimed, and a reminder's alias
    // leads to the same response.
    let mail = ms::create_email_invitations(
        &app.db,
        &Actor::system(),
        wave,
        &"25AA".parse().unwrap(),
        &[("an@roc-a.nl".into(), None)],
    )
    .await
    .unwrap();
    let t = &mail[0].1;
    let r = app.get_with(&teacher, &format!("/s/{t}")).await;
    assert_eq!(r.location, Some(format!("/s/{t}/page/0")));
    let r = app.get_with(&teacher, &format!("/s/{t}")).await;
    assert_eq!(
        r.location,
        Some(format!("/s/{t}/page/0")),
        "still the same link"
    );

    // A card of a wave that is not open yet is not used up by trying it.
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let draft = monitor::validate_wave(
        "2028",
        &format!("{iid}@{iver}"),
        "2028-10-01",
        "2029-01-31",
        &["25AA".into()],
    )
    .unwrap();
    let draft = ms::create_wave(&app.db, &Actor::system(), &draft)
        .await
        .unwrap();
    let card = links(&app, draft, "25AA", 1).await.remove(0);
    assert_eq!(
        app.get_with(&printer, &format!("/s/{card}")).await.status,
        409
    );
    ms::advance(&app.db, &Actor::system(), draft, WaveState::Open)
        .await
        .unwrap();
    claim(&app, &teacher, &card).await;
}

async fn a_printed_link_is_claimed_through_the_json_api_too(app: TestApp) {
    let wave = open_wave(&app).await;
    let printed = links(&app, wave, "25AA", 1).await.remove(0);
    let c = app.new_browser();
    let base = format!("{}/api/v1/survey", app.address);
    // Saving on a card nobody opened is refused: open it first.
    let early = c
        .put(format!("{base}/{printed}/answers"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 409);
    assert!(early.text().await.unwrap().contains("nog niet geopend"));
    let s: serde_json::Value = c
        .get(format!("{base}/{printed}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let fresh = s["token"].as_str().unwrap().to_string();
    assert!(monitor::token_shaped(&fresh) && fresh != printed);
    assert!(s["pages"].as_array().is_some_and(|p| !p.is_empty()));
    let again: serde_json::Value = c
        .get(format!("{base}/{fresh}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["token"], fresh.as_str(), "a claimed token stays");
    let save = c
        .put(format!("{base}/{fresh}/answers"))
        .json(&serde_json::json!({"background": {"rol": "docent"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(save.status(), 200);
    let old = c.get(format!("{base}/{printed}")).send().await.unwrap();
    assert_eq!(old.status(), 409);
    // One response, on the fresh token.
    let fw = ms::fieldwork(&app.db, wave).await.unwrap();
    assert_eq!((fw[0].invited, fw[0].started), (1, 1));
}

async fn invitations_are_checked_per_institution_only(app: TestApp) {
    let wave = open_wave(&app).await;
    app.login_as("coord-b", Role::Coordinator, Some("25BB"))
        .await;
    let pages = || {
        let app = &app;
        async move {
            let mut out = Vec::new();
            for p in [
                format!("/waves/{wave}"),
                format!("/waves/{wave}/institutions/25BB"),
                "/waves".to_string(),
            ] {
                out.push(app.get(&p).await.body);
            }
            out
        }
    };
    let before = pages().await;
    // Institution A invites x@ (and makes links, and a response starts).
    let a: bekwaam::institutions::InstitutionCode = "25AA".parse().unwrap();
    let sent = ms::create_email_invitations(
        &app.db,
        &Actor::system(),
        wave,
        &a,
        &[("x@mbo.nl".into(), None)],
    )
    .await
    .unwrap();
    assert_eq!(sent.len(), 1);
    for t in links(&app, wave, "25AA", 12).await {
        let o = ms::open_token(&app.db, &t).await.unwrap().unwrap();
        ms::start_response(&app.db, &t, &o).await.unwrap();
    }
    assert_eq!(
        pages().await,
        before,
        "B's pages do not change with A's invitations"
    );

    // B uploads x@ and a fresh address: the same message for both.
    let x = upload_emails(&app, wave, "25BB", "email\nx@mbo.nl\n").await;
    let y = upload_emails(&app, wave, "25BB", "email\ny@mbo.nl\n").await;
    let msg = "1 uitnodigingen verstuurd; 0 adressen waren al uitgenodigd.";
    assert!(x.body.contains(msg), "{}", x.body);
    assert!(y.body.contains(msg), "{}", y.body);
    // B's own duplicates are still skipped.
    let again = upload_emails(&app, wave, "25BB", "email\nx@mbo.nl\n").await;
    assert!(
        again
            .body
            .contains("0 uitnodigingen verstuurd; 1 adressen waren al uitgenodigd")
    );
    // x@ has one invitation per institution: B claimed nobody of A's.
    let rows: Vec<(String,)> = bekwaam::on_db!(&app.db, |p| {
        sqlx::query_as(
        "SELECT institution_code FROM invitations WHERE email = 'x@mbo.nl' ORDER BY institution_code"
    )
    .fetch_all(p)
    .await
    .unwrap()
    });
    assert_eq!(rows, [("25AA".to_string(),), ("25BB".to_string(),)]);
    // A's reminder goes to A's x@ only, B's to B's.
    let ra = ms::remind(&app.db, &Actor::system(), wave, &a, ms::today())
        .await
        .unwrap();
    assert_eq!(ra.sent.len(), 1);
}

async fn fieldwork_counts_below_the_minimum_never_show_whatever_is_invited(app: TestApp) {
    let wave = open_wave(&app).await;
    let code: bekwaam::institutions::InstitutionCode = "25AA".parse().unwrap();
    let mut units = Vec::new();
    for name in ["Alfa", "Bravo", "Charlie"] {
        units.push(
            ms::add_unit(&app.db, &Actor::system(), &code, name)
                .await
                .unwrap(),
        );
    }
    // (unit, links, started, completed)
    for (unit, n, started, completed) in [
        (units[0], 15, 12, 12),
        (units[1], 20, 10, 10),
        (units[2], 3, 2, 1),
    ] {
        let tokens = ms::create_links(&app.db, &Actor::system(), wave, &code, Some(unit), n)
            .await
            .unwrap();
        for (k, t) in tokens.iter().enumerate().take(started) {
            let o = ms::open_token(&app.db, t).await.unwrap().unwrap();
            let r = ms::start_response(&app.db, t, &o).await.unwrap();
            if k < completed {
                ms::complete(&app.db, r.id).await.unwrap();
            }
        }
    }
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    let pm = app.new_browser();
    app.user("pm", Role::ProgrammeManager, None).await;
    app.login_with(&pm, "pm", "pm-wachtwoord").await;
    for client in [&app.client, &pm] {
        let page = app.get_with(client, &format!("/waves/{wave}")).await;
        assert_eq!(
            fieldwork_cells(&page.body, "Alfa"),
            ["15", "12", "12", "80%"]
        );
        // Charlie (2 started, 1 completed) is below the minimum; Bravo, the
        // smallest shown, is hidden with it, so Charlie does not follow
        // from the institution's total of respondents.
        assert_eq!(
            fieldwork_cells(&page.body, "Bravo"),
            ["20", "<10", "<10", "<10"]
        );
        assert_eq!(
            fieldwork_cells(&page.body, "Charlie"),
            ["3", "<10", "<10", "<10"]
        );
        assert!(page.body.contains("hoeveel mensen er ook zijn uitgenodigd"));
    }
    // Unused links inflate "invited" but unlock nothing.
    ms::create_links(&app.db, &Actor::system(), wave, &code, Some(units[2]), 200)
        .await
        .unwrap();
    let page = app.get(&format!("/waves/{wave}")).await;
    assert_eq!(
        fieldwork_cells(&page.body, "Charlie"),
        ["203", "<10", "<10", "<10"]
    );
}

/// The demo has no mail server: an invitation's real link is printed on the
/// console of whoever runs the demo, and the outbox shows it masked.
#[tokio::test]
async fn the_demo_prints_its_outbox_links_on_the_console_not_in_the_outbox() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bekwaam"))
        .args(["demo", "--addr", "127.0.0.1:0", "--data"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |prefix: &str| loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("demo output");
        if let Some(rest) = line.strip_prefix(prefix) {
            break rest.to_string();
        }
    };
    let base = wait_for("Bekwaam draait op ");
    let browser = || {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    };
    let text = |r: reqwest::Response| async move { r.text().await.unwrap() };
    let csrf = |body: &str| {
        crate::helpers::extract_between(body, "name=\"_csrf\" value=\"", "\"").unwrap()
    };
    let login = |c: reqwest::Client, user: &'static str| {
        let base = base.clone();
        async move {
            let page = text(c.get(format!("{base}/login")).send().await.unwrap()).await;
            let password = format!("demo-{user}");
            let r = c
                .post(format!("{base}/login"))
                .form(&[
                    ("_csrf", csrf(&page).as_str()),
                    ("username", user),
                    ("password", password.as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "login {user}");
            c
        }
    };
    let coord = login(browser(), "coordinator").await;
    // The open demo wave's invitation page for the coordinator's institution.
    let mut invite = None;
    for id in 1..10 {
        let path = format!("/waves/{id}/institutions/99AA");
        let r = coord.get(format!("{base}{path}")).send().await.unwrap();
        if r.status() == 200 {
            let body = text(r).await;
            if body.contains("/emails\"") {
                invite = Some((path, body));
                break;
            }
        }
    }
    let (path, body) = invite.expect("the demo wave is open for 99AA");
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf(&body))
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"email\ndocent@voorbeeld.example\n".to_vec())
                .file_name("lijst.csv"),
        );
    let r = coord
        .post(format!("{base}{path}/emails"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the upload leads to its confirmation");
    let confirm = r.headers()["location"].to_str().unwrap().to_string();
    let page = text(coord.get(format!("{base}{confirm}")).send().await.unwrap()).await;
    let r = coord
        .post(format!("{base}{confirm}"))
        .form(&[("_csrf", csrf(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "sending answers with a redirect");
    let printed = wait_for("Uitgaande e-mail aan docent@voorbeeld.example; ");
    let url = printed.rsplit(": ").next().unwrap().trim().to_string();
    let token = url.rsplit('/').next().unwrap().to_string();
    assert!(monitor::token_shaped(&token), "{printed}");
    // The printed link works (an e-mail invitation: not claimed).
    let teacher = browser();
    let r = teacher.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/s/{token}/page/0")
    );
    // The outbox holds the message, with the link masked.
    let pm = login(browser(), "programmamanager").await;
    let outbox = text(pm.get(format!("{base}/outbox")).send().await.unwrap()).await;
    assert!(outbox.contains("docent@voorbeeld.example"));
    assert!(outbox.contains("/s/•••••••"));
    assert!(!outbox.contains(&token));
    child.kill().unwrap();
    child.wait().unwrap();
}

/// In the manner of zero2prod's "subscribe fails if there is a fatal
/// database error": a table vanishes under the running application. A
/// page save, which writes the response row and its answers in one
/// transaction with its background answers, answers 500 (an error page in HTML, problem+json in the
/// API), the server keeps serving, and nothing of the save is half-stored.
async fn a_database_failure_gives_an_error_page_and_writes_nothing_half(app: TestApp) {
    let wave = open_wave(&app).await;
    let printed = links(&app, wave, "25AA", 1).await.remove(0);
    let c = app.new_browser();
    let token = claim(&app, &c, &printed).await;
    let i = instrument();
    let first = &i.items[i.domains[0].items[0]];
    let value = i.scales[first.scale].max().to_string();

    exec_sql(
        &app.db,
        "ALTER TABLE response_background RENAME TO response_background_gone",
    )
    .await;

    // HTML: the background page stores the background answers, and fails.
    let bg = app
        .post_with(
            &c,
            &format!("/s/{token}/page/0"),
            &[("b_rol", "docent"), ("nav", "next")],
        )
        .await;
    assert_eq!(bg.status, 500, "{}", bg.body);
    assert!(bg.body.contains("Er ging iets mis"), "{}", bg.body);
    let api = c
        .put(format!("{}/api/v1/survey/{token}/answers", app.address))
        .json(&serde_json::json!({"answers": {first.id.clone(): value.parse::<i64>().unwrap()}, "background": {"rol": "docent"}, "page": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 500);
    assert_eq!(api.headers()["content-type"], "application/problem+json");

    exec_sql(
        &app.db,
        "ALTER TABLE response_background_gone RENAME TO response_background",
    )
    .await;
    // The server still serves, and the failed save left nothing behind:
    // the answers written before the background failed were rolled back,
    // and the page reached is unchanged.
    let s: serde_json::Value = c
        .get(format!("{}/api/v1/survey/{token}", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["answers"].as_object().map(|a| a.len()), Some(0), "{s}");
    assert!(
        s["background"].as_object().is_none_or(|b| b.is_empty()),
        "the background of a failed save is not stored: {s}"
    );
    assert_ne!(s["page"], 2, "{s}");
}

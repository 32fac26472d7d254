//! The monitor end to end: waves, invitations, the survey in HTML and
//! JSON, feedback, and the privacy rules.

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::monitor::instrument::{self, Instrument};
use bekwaam::monitor::{self, WaveState, store as ms};
use bekwaam::web::Settings;

use crate::helpers::{Backend, TestApp, smtp_sink, tokens_in, unfold_mail};
use crate::on_both;

on_both!(
    a_wave_goes_from_creation_through_answers_to_feedback,
    the_survey_is_completed_with_plain_form_posts_and_resumes,
    the_survey_works_as_json,
    a_closed_wave_accepts_no_answers,
    a_coordinator_cannot_invite_for_another_institution,
    the_token_is_stored_only_hashed_and_responses_hold_no_personal_data,
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
    let page = app
        .submit_with(
            &coord,
            &format!("/waves/{id}/institutions/25AA"),
            &format!("/waves/{id}/institutions/25AA/links"),
            &[("count", "3"), ("unit", &unit_id)],
        )
        .await;
    assert_eq!(page.status, 200);
    let tokens = tokens_in(&page.body);
    assert_eq!(tokens.len(), 3, "one printed link per slip");
    assert!(page.body.contains("<svg"), "QR codes are printed");

    // A teacher answers everything and sees the profile.
    let teacher = app.new_browser();
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
    let download = app
        .get_with(&teacher, &format!("/s/{}/feedback?download=1", tokens[0]))
        .await;
    assert!(download.body.contains("Jouw profiel"));
    assert!(
        download.body.contains("<style>"),
        "the download reads well offline"
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

    // Fieldwork: counts per unit, for the coordinator and the programme manager.
    let wave = app.get_with(&coord, &format!("/waves/{id}")).await;
    // Three invited is below the minimum group: no counts that could tell
    // who took part.
    assert!(wave.body.contains("<td>Techniek</td>\n    <td class=\"num\">3</td>\n    <td class=\"num\">–</td>\n    <td class=\"num\">–</td>\n    <td class=\"num\">–</td>"), "{}", wave.body);
    assert!(wave.body.contains("minder dan 10 uitgenodigden"));
    ms::create_links(
        &app.db,
        &Actor::system(),
        id,
        &"25AA".parse().unwrap(),
        Some(unit_id.parse().unwrap()),
        10,
    )
    .await
    .unwrap();
    let wave = app.get_with(&coord, &format!("/waves/{id}")).await;
    assert!(wave.body.contains("<td>Techniek</td>\n    <td class=\"num\">13</td>\n    <td class=\"num\">2</td>\n    <td class=\"num\">1</td>\n    <td class=\"num\">8%</td>"), "{}", wave.body);
    let fw = ms::fieldwork(&app.db, id).await.unwrap();
    assert_eq!((fw[0].invited, fw[0].started, fw[0].completed), (13, 2, 1));
}

async fn the_survey_is_completed_with_plain_form_posts_and_resumes(app: TestApp) {
    let wave = open_wave(&app).await;
    let token = links(&app, wave, "25AA", 1).await.remove(0);
    let i = instrument();
    let first = app.new_browser();
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
    let token = links(&app, wave, "25AA", 1).await.remove(0);
    let i = instrument();
    let url = |p: &str| format!("{}/api/v1/survey/{token}{p}", app.address);
    let c = app.new_browser();
    let s: serde_json::Value = c.get(url("")).send().await.unwrap().json().await.unwrap();
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
    let tokens = links(&app, wave, "25AA", 2).await;
    let c = app.new_browser();
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
    let token = links(&app, wave, "25AA", 1).await.remove(0);
    let c = app.new_browser();
    answer_all(&app, &c, &token).await;
    app.post_with(&c, &format!("/s/{token}/complete"), &[])
        .await;

    let (hashes, columns): (Vec<(String,)>, Vec<String>) = bekwaam::on_db!(&app.db, |p| {
        use sqlx::{Column, Row};
        let h = sqlx::query_as(
            "SELECT token_hash FROM invitations UNION ALL SELECT token_hash FROM responses",
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
    assert_eq!(hashes.len(), 2);
    for (h,) in &hashes {
        assert_ne!(h, &token);
        assert!(!h.contains(&token));
        assert_eq!(h, &monitor::token_hash(&token));
    }
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
            let token = app
                .get(&format!("/waves/{wave}/institutions/25AA"))
                .await
                .csrf();
            let form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("lijst.csv"),
            );
            let res = app
                .client
                .post(format!(
                    "{}/waves/{wave}/institutions/25AA/emails?_csrf={token}",
                    app.address
                ))
                .multipart(form)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
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
    let token = app
        .get(&format!("/waves/{wave}/institutions/25AA"))
        .await
        .csrf();
    let res = app
        .post(
            &format!("/waves/{wave}/institutions/25AA/remind"),
            &[("_csrf", &token)],
        )
        .await;
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
    let token = app
        .get(&format!("/waves/{wave}/institutions/25AA"))
        .await
        .csrf();
    app.post(
        &format!("/waves/{wave}/institutions/25AA/remind"),
        &[("_csrf", &token)],
    )
    .await;
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

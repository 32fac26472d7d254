use bekwaam::auth::Role;

use crate::helpers::TestApp;
use crate::on_both;

on_both!(
    every_answer_carries_the_security_headers,
    logging_in_opens_a_session_and_logging_out_ends_it,
    a_wrong_password_is_refused_in_dutch,
    five_wrong_passwords_lock_the_username_for_a_while,
    a_form_without_its_csrf_token_is_refused,
    an_upload_reads_its_csrf_token_from_the_form_never_the_url,
    the_session_id_changes_at_login_and_the_cookie_is_guarded,
    a_password_reset_ends_sessions_and_forces_a_new_password,
    pages_send_a_visitor_to_the_login_page_and_back,
    only_the_programme_manager_manages_accounts,
    the_programme_manager_creates_an_account_that_must_choose_a_password,
    english_is_available_through_the_language_switch,
    the_expert_home_explains_what_comes_and_every_page_has_an_icon,
);

/// Issue 13, item 15: no dead end for the expert, no 404 for the icon.
async fn the_expert_home_explains_what_comes_and_every_page_has_an_icon(app: TestApp) {
    app.login_as("expert", Role::Expert, None).await;
    let home = app.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Uw werk als expert"), "{}", home.body);
    assert!(home.body.contains("onderzoekswerkplaats"));
    assert!(!home.body.contains("nog geen onderdelen gekoppeld"));
    assert!(
        home.body
            .contains("rel=\"icon\" href=\"/static/favicon.svg\"")
    );
    for path in ["/favicon.ico", "/static/favicon.svg"] {
        let res = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["content-type"], "image/svg+xml");
        assert!(res.text().await.unwrap().starts_with("<svg"));
    }
}

async fn logging_in_opens_a_session_and_logging_out_ends_it(app: TestApp) {
    app.user("pm", Role::ProgrammeManager, None).await;
    let res = app.login("pm", "pm-wachtwoord").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location.as_deref(), Some("/"));

    let home = app.get("/").await;
    assert!(home.body.contains("Test pm"), "name shown after login");
    assert!(home.body.contains("Uitloggen"));
    assert_eq!(app.get("/users").await.status, 200);

    let out = app.logout().await;
    assert_eq!(out.status, 303);
    let after = app.get("/users").await;
    assert_eq!(after.status, 303, "logged out: back to the login page");
    assert!(after.location.unwrap().starts_with("/login"));
}

async fn a_wrong_password_is_refused_in_dutch(app: TestApp) {
    app.user("pm", Role::ProgrammeManager, None).await;
    let res = app.login("pm", "niet-het-wachtwoord").await;
    assert_eq!(res.status, 401);
    assert!(
        res.body
            .contains("De gebruikersnaam of het wachtwoord klopt niet")
    );
    // An unknown user gets exactly the same answer.
    let unknown = app.login("niemand", "niet-het-wachtwoord").await;
    assert_eq!(unknown.status, 401);
    assert!(
        unknown
            .body
            .contains("De gebruikersnaam of het wachtwoord klopt niet")
    );
    assert_eq!(app.get("/users").await.status, 303, "still not signed in");
}

async fn five_wrong_passwords_lock_the_username_for_a_while(app: TestApp) {
    app.user("pm", Role::ProgrammeManager, None).await;
    for _ in 0..4 {
        assert_eq!(app.login("pm", "fout-fout-fout").await.status, 401);
    }
    let fifth = app.login("pm", "fout-fout-fout").await;
    assert_eq!(fifth.status, 429);
    assert!(
        fifth.body.contains("Te veel mislukte inlogpogingen"),
        "{}",
        fifth.body
    );
    // A short, growing delay (15 s, then 30 s, ... at most 5 minutes), not
    // a 15-minute lock anyone could renew (issue 13).
    assert!(fifth.body.contains("Wacht 1 minuut"), "{}", fifth.body);
    let stored = bekwaam::auth::store::throttle_state(&app.db, "pm")
        .await
        .unwrap()
        .unwrap();
    let wait = stored.locked_until.unwrap() - stored.window_start;
    assert_eq!(wait, time::Duration::seconds(15));
    // Even the right password is refused while locked.
    let right = app.login("pm", "pm-wachtwoord").await;
    assert_eq!(right.status, 429);
    // Another username is not affected.
    app.user("sg", Role::SteeringGroup, None).await;
    let other = app.new_browser();
    assert_eq!(
        app.login_with(&other, "sg", "sg-wachtwoord").await.status,
        303
    );
}

/// Issue 13: failures are also counted per client address, over every
/// username, so one client spraying a password at many accounts is slowed
/// down, while a client at another address is not. (The counter lives in
/// memory, not in the database: one backend is enough.)
#[tokio::test]
async fn one_client_trying_many_usernames_is_slowed_and_others_are_not() {
    let settings = bekwaam::web::Settings {
        trust_forwarded_for: true,
        ..Default::default()
    };
    let app = TestApp::spawn_with(crate::helpers::Backend::Sqlite, settings)
        .await
        .unwrap();
    app.user("pm", Role::ProgrammeManager, None).await;
    let attempt = |from: &'static str, user: String, password: &'static str| {
        let app = &app;
        async move {
            let browser = app.new_browser();
            let form = app.get_with(&browser, "/login").await;
            let res = browser
                .post(format!("{}/login", app.address))
                .header("x-forwarded-for", format!("198.51.100.7, {from}"))
                .form(&[
                    ("_csrf", form.csrf().as_str()),
                    ("username", user.as_str()),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // 20 usernames, one password each, from one client: no account is
    // delayed (one failure each), but the client is.
    for i in 0..19 {
        let (status, _) = attempt("203.0.113.9", format!("gebruiker{i}"), "zomer2026").await;
        assert_eq!(status, 401, "attempt {i}");
    }
    let (status, body) = attempt("203.0.113.9", "gebruiker19".into(), "zomer2026").await;
    assert_eq!(status, 429, "the 20th failure from one client");
    assert!(body.contains("vanaf dit adres"), "{body}");
    let (status, _) = attempt("203.0.113.9", "pm".into(), "pm-wachtwoord").await;
    assert_eq!(status, 429, "that client waits, whatever it tries");
    // Another client logs in at once: the sprayed accounts are not locked.
    let (status, _) = attempt("192.0.2.44", "pm".into(), "pm-wachtwoord").await;
    assert_eq!(status, 303, "another client is not affected");
}

async fn a_form_without_its_csrf_token_is_refused(app: TestApp) {
    app.user("pm", Role::ProgrammeManager, None).await;
    let no_token = app
        .post(
            "/login",
            &[("username", "pm"), ("password", "pm-wachtwoord")],
        )
        .await;
    assert_eq!(no_token.status, 403);
    assert!(no_token.body.contains("Formulier verlopen"));

    app.login("pm", "pm-wachtwoord").await;
    let forged = app
        .post(
            "/institutions",
            &[
                ("_csrf", "0000"),
                ("code", "25AA"),
                ("name", "ROC Nep"),
                ("place", "Assen"),
                ("region", "Noord"),
                ("teaching_staff", "10"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        app.get("/institutions/25AA").await.status,
        404,
        "nothing was created"
    );
}

/// Issue 13: the token of a multipart upload is a field of the form, so it
/// never ends up in an access log or the browser's history; the guard
/// ignores a token in the URL.
async fn an_upload_reads_its_csrf_token_from_the_form_never_the_url(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let form = app.get("/institutions/import").await;
    assert_eq!(form.status, 200);
    assert!(!form.body.contains("_csrf="), "no token in a form action");
    let token = form.csrf();
    let csv = "code,name,place,region,teaching_staff,status\n25AA,ROC Test,Assen,Noord,10,active\n";
    let file = || reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("lijst.csv");
    let in_url = app
        .client
        .post(format!("{}/institutions/import?_csrf={token}", app.address))
        .multipart(reqwest::multipart::Form::new().part("file", file()))
        .send()
        .await
        .unwrap();
    assert_eq!(in_url.status(), 403, "a token in the URL does not count");
    assert_eq!(app.get("/institutions/25AA").await.status, 404);

    let in_body = app
        .client
        .post(format!("{}/institutions/import", app.address))
        .multipart(
            reqwest::multipart::Form::new()
                .text("_csrf", token)
                .part("file", file()),
        )
        .send()
        .await
        .unwrap();
    assert!(in_body.status().is_success() || in_body.status().is_redirection());
    assert_eq!(app.get("/institutions/25AA").await.status, 200);
}

/// No template puts the CSRF token in a URL (issue 13): every form carries
/// it as a hidden field.
#[test]
fn no_template_puts_the_csrf_token_in_a_url() {
    let mut offenders = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read_to_string(&path).unwrap().contains("_csrf=") {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:?}");
}

async fn the_session_id_changes_at_login_and_the_cookie_is_guarded(app: TestApp) {
    app.user("pm", Role::ProgrammeManager, None).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap();
    let before = page
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(before.contains("HttpOnly"), "{before}");
    assert!(before.contains("SameSite=Lax"), "{before}");
    let cookie = before.split(';').next().unwrap().to_string();
    let body = page.text().await.unwrap();
    let token = crate::helpers::extract_between(&body, "name=\"_csrf\" value=\"", "\"").unwrap();
    let res = client
        .post(format!("{}/login", app.address))
        .header("cookie", &cookie)
        .form(&[
            ("_csrf", token.as_str()),
            ("username", "pm"),
            ("password", "pm-wachtwoord"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let after = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    let new_cookie = after.split(';').next().unwrap();
    assert_ne!(cookie, new_cookie, "session id rotated at login");
    // The old id no longer signs anyone in.
    let old = client
        .get(format!("{}/users", app.address))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 303);
}

async fn a_password_reset_ends_sessions_and_forces_a_new_password(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let coordinator_id = {
        app.institution("25AA", "ROC A").await;
        app.user("coord", Role::Coordinator, Some("25AA")).await
    };
    let coord = app.new_browser();
    assert_eq!(
        app.login_with(&coord, "coord", "coord-wachtwoord")
            .await
            .status,
        303
    );
    assert_eq!(app.get_with(&coord, "/institutions/25AA").await.status, 200);

    let confirm = app
        .get(&format!("/users/{coordinator_id}/password-reset"))
        .await;
    assert!(confirm.body.contains("Weet u zeker"));
    let done = app
        .submit(
            &format!("/users/{coordinator_id}/password-reset"),
            &format!("/users/{coordinator_id}/password-reset"),
            &[],
        )
        .await;
    assert_eq!(done.status, 200);
    let temporary =
        crate::helpers::extract_between(&done.body, "id=\"temporary-password\">", "<").unwrap();

    // The coordinator's open session has ended.
    assert_eq!(app.get_with(&coord, "/institutions/25AA").await.status, 303);
    // The old password no longer works; the temporary one does, but only to
    // choose a new password.
    assert_eq!(
        app.login_with(&coord, "coord", "coord-wachtwoord")
            .await
            .status,
        401
    );
    assert_eq!(
        app.login_with(&coord, "coord", &temporary).await.status,
        303
    );
    let blocked = app.get_with(&coord, "/institutions/25AA").await;
    assert_eq!(blocked.location.as_deref(), Some("/account/password"));
    let changed = app
        .submit_with(
            &coord,
            "/account/password",
            "/account/password",
            &[
                ("current", &temporary),
                ("new", "een nieuw lang wachtwoord"),
                ("repeat", "een nieuw lang wachtwoord"),
            ],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert_eq!(app.get_with(&coord, "/institutions/25AA").await.status, 200);
}

async fn pages_send_a_visitor_to_the_login_page_and_back(app: TestApp) {
    app.user("pm", Role::ProgrammeManager, None).await;
    let res = app.get("/audit?entity=user").await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.location.as_deref(),
        Some("/login?next=%2Faudit%3Fentity%3Duser")
    );
    let form = app.get("/login?next=%2Faudit%3Fentity%3Duser").await;
    let token = form.csrf();
    let res = app
        .post(
            "/login",
            &[
                ("_csrf", &token),
                ("username", "pm"),
                ("password", "pm-wachtwoord"),
                ("next", "/audit?entity=user"),
            ],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some("/audit?entity=user"));
    // An outside address is never followed.
    app.logout().await;
    let form = app.get("/login").await;
    let res = app
        .post(
            "/login",
            &[
                ("_csrf", &form.csrf()),
                ("username", "pm"),
                ("password", "pm-wachtwoord"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some("/"));
}

async fn only_the_programme_manager_manages_accounts(app: TestApp) {
    app.login_as("sg", Role::SteeringGroup, None).await;
    let res = app.get("/users").await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("Geen toegang"));
    assert_eq!(app.get("/audit").await.status, 403);
    assert_eq!(app.get("/institutions/new").await.status, 403);
    let attempt = app
        .submit(
            "/",
            "/users",
            &[
                ("username", "stiekem"),
                ("display_name", "S"),
                ("role", "programme_manager"),
            ],
        )
        .await;
    assert_eq!(attempt.status, 403);
    assert!(
        bekwaam::auth::store::user_id(&app.db, "stiekem")
            .await
            .is_err()
    );
    // The menu does not offer what the role may not use.
    let home = app.get("/").await;
    assert!(!home.body.contains("href=\"/users\""));
    assert!(home.body.contains("href=\"/institutions\""));
}

async fn the_programme_manager_creates_an_account_that_must_choose_a_password(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let bad = app
        .submit(
            "/users/new",
            "/users",
            &[
                ("username", "x"),
                ("display_name", ""),
                ("role", "coordinator"),
                ("institution", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("Een gebruikersnaam heeft 3 tot 64 tekens")
    );
    assert!(bad.body.contains("Dit veld is verplicht"));
    assert!(bad.body.contains("Kies een instelling"));

    let ok = app
        .submit(
            "/users/new",
            "/users",
            &[
                ("username", "Nieuwe.Coord"),
                ("display_name", "Nieuwe Coördinator"),
                ("email", "n@voorbeeld.nl"),
                ("role", "coordinator"),
                ("institution", "25AA"),
            ],
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let temporary =
        crate::helpers::extract_between(&ok.body, "id=\"temporary-password\">", "<").unwrap();
    let list = app.get("/users").await;
    assert!(list.body.contains("nieuwe.coord"));
    assert!(list.body.contains("Instellingscoördinator (25AA)"));

    let other = app.new_browser();
    assert_eq!(
        app.login_with(&other, "nieuwe.coord", &temporary)
            .await
            .status,
        303
    );
    assert_eq!(
        app.get_with(&other, "/").await.location.as_deref(),
        Some("/account/password")
    );
    let dup = app
        .submit(
            "/users/new",
            "/users",
            &[
                ("username", "nieuwe.coord"),
                ("display_name", "X"),
                ("role", "expert"),
            ],
        )
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("al in gebruik"));
}

async fn english_is_available_through_the_language_switch(app: TestApp) {
    let nl = app.get("/login").await;
    assert!(nl.body.contains("<html lang=\"nl\">"));
    assert!(nl.body.contains("Gebruikersnaam"));
    let switch = app.get("/lang/en?next=%2Flogin").await;
    assert_eq!(switch.status, 303);
    assert_eq!(switch.location.as_deref(), Some("/login"));
    let en = app.get("/login").await;
    assert!(en.body.contains("<html lang=\"en\">"));
    assert!(en.body.contains("Username"));
    let missing = app.get("/bestaat-niet").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
}

/// Pages, error pages, the JSON API, the survey and static files all carry
/// the same security headers (tower-http's set-header layer), and nothing
/// but the public stylesheet may be cached.
async fn every_answer_carries_the_security_headers(app: TestApp) {
    for path in [
        "/login",
        "/bestaat-niet",
        "/api/openapi.json",
        "/s/0123",
        "/static/style.css",
        "/healthz",
    ] {
        let res = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let h = res.headers();
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.starts_with("default-src 'self'"),
            "{path}: {csp}"
        );
        let cache = if path.starts_with("/static/") {
            "public, max-age=3600"
        } else {
            "no-store"
        };
        assert_eq!(h["cache-control"], cache, "{path}");
    }
}

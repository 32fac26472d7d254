use bekwaam::auth::Role;

use crate::helpers::TestApp;
use crate::on_both;

on_both!(
    a_coordinator_of_a_gets_403_on_institution_b_pages_and_api,
    the_programme_manager_adds_and_edits_an_institution,
    a_bad_institution_form_names_every_wrong_field,
    a_csv_upload_with_bad_rows_imports_nothing_and_names_each_line,
    a_partial_csv_upload_imports_the_good_rows,
    an_empty_or_unreadable_upload_comes_back_on_the_form,
    an_import_full_of_errors_lists_the_first_fifty,
    the_list_searches_and_pages,
    the_api_lists_only_what_the_caller_may_see,
    the_openapi_document_lists_every_json_endpoint,
);

async fn a_coordinator_of_a_gets_403_on_institution_b_pages_and_api(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.institution("25BB", "ROC B").await;
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;

    let own = app.get("/institutions/25AA").await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("ROC A"));
    let other = app.get("/institutions/25BB").await;
    assert_eq!(other.status, 403);
    assert!(other.body.contains("Geen toegang"));
    assert!(!other.body.contains("ROC B"));
    assert_eq!(app.get("/institutions/25BB/edit").await.status, 403);

    let list = app.get("/institutions").await;
    assert!(list.body.contains("ROC A"));
    assert!(
        !list.body.contains("ROC B"),
        "the list shows only the own institution"
    );

    // The same through the API, with a session and with a key.
    let (status, ct, body) = app.api_get("/api/v1/institutions/25BB", None).await;
    assert_eq!(status, 403);
    assert_eq!(ct.as_deref(), Some("application/problem+json"));
    assert!(body.contains("\"status\":403"));
    let id = bekwaam::auth::store::user_id(&app.db, "coord")
        .await
        .unwrap();
    let key =
        bekwaam::auth::store::create_api_key(&app.db, &bekwaam::audit::Actor::system(), id, "test")
            .await
            .unwrap();
    let anonymous = app.new_browser();
    let res = anonymous
        .get(format!("{}/api/v1/institutions/25BB", app.address))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = anonymous
        .get(format!("{}/api/v1/institutions/25AA", app.address))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (status, ct, _) = {
        let res = anonymous
            .get(format!("{}/api/v1/institutions/25AA", app.address))
            .send()
            .await
            .unwrap();
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        (res.status().as_u16(), ct, ())
    };
    assert_eq!(status, 401);
    assert_eq!(ct.as_deref(), Some("application/problem+json"));
}

async fn the_programme_manager_adds_and_edits_an_institution(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let res = app
        .submit(
            "/institutions/new",
            "/institutions",
            &[
                ("code", "25aa"),
                ("name", "ROC Proef"),
                ("place", "Assen"),
                ("region", "Noord"),
                ("teaching_staff", "420"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.location.as_deref(), Some("/institutions/25AA"));
    let page = app.get("/institutions/25AA").await;
    assert!(
        page.body.contains("ROC Proef is toegevoegd"),
        "flash shown once"
    );
    assert!(page.body.contains("420"));
    assert!(
        !app.get("/institutions/25AA")
            .await
            .body
            .contains("is toegevoegd")
    );

    let res = app
        .submit(
            "/institutions/25AA/edit",
            "/institutions/25AA",
            &[
                ("name", "ROC Proef Noord"),
                ("place", "Assen"),
                ("region", "Noord"),
                ("teaching_staff", "430"),
                ("status", "inactive"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let page = app.get("/institutions/25AA").await;
    assert!(page.body.contains("ROC Proef Noord"));
    assert!(page.body.contains("Niet actief"));

    let dup = app
        .submit(
            "/institutions/new",
            "/institutions",
            &[
                ("code", "25AA"),
                ("name", "Dubbel"),
                ("place", "X"),
                ("region", "Y"),
                ("teaching_staff", "1"),
            ],
        )
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("Er is al een instelling met code 25AA"));

    let (entries, total) = bekwaam::audit::store::list(
        &app.db,
        &bekwaam::audit::Filter {
            entity: "institution".into(),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    assert_eq!(total, 2, "one entry per change");
    assert_eq!(entries[0].action, "update");
    assert_eq!(entries[0].actor, "pm");
    assert!(entries[0].summary.contains("430"));
    assert_eq!(entries[1].action, "create");
}

async fn a_bad_institution_form_names_every_wrong_field(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let res = app
        .submit(
            "/institutions/new",
            "/institutions",
            &[
                ("code", "ABCD"),
                ("name", ""),
                ("place", "Assen"),
                ("region", "Noord"),
                ("teaching_staff", "veel"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body
            .contains("is geen geldige onderwijsinstellingscode")
    );
    assert!(res.body.contains("Dit veld is verplicht"));
    assert!(res.body.contains("“veel” is geen geldig aantal"));
    assert!(
        res.body.contains("value=\"Assen\""),
        "typed values are kept"
    );
    assert!(res.body.contains("aria-invalid=\"true\""));
}

async fn upload(app: &TestApp, csv: &str, partial: bool) -> crate::helpers::Html {
    let extra: &[(&str, &str)] = if partial { &[("partial", "1")] } else { &[] };
    app.upload("/institutions/import", "/institutions/import", csv, extra)
        .await
}

const BAD_CSV: &str = "code;naam;plaats;regio;onderwijzend_personeel\n\
                       25AA;ROC Een;Assen;Noord;300\n\
                       XXXX;ROC Twee;Breda;Zuid;500\n\
                       25CC;ROC Drie;Delft;West;-4\n";

async fn a_csv_upload_with_bad_rows_imports_nothing_and_names_each_line(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let res = upload(&app, BAD_CSV, false).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Er is niets geïmporteerd"));
    assert!(
        res.body.contains("<td class=\"num\">3</td><td>code</td>"),
        "{}",
        res.body
    );
    assert!(
        res.body
            .contains("<td class=\"num\">4</td><td>teaching_staff</td>")
    );
    assert_eq!(
        bekwaam::institutions::store::count(&app.db).await.unwrap(),
        0
    );
}

/// Issue 13: an empty file or one that is not text comes back on the import
/// form with the reason, like every other import problem, not as a bare
/// "400 Dit verzoek klopt niet" page.
async fn an_empty_or_unreadable_upload_comes_back_on_the_form(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    for (what, file) in [
        ("empty", b"".to_vec()),
        ("only blank lines", b"\n\n  \n".to_vec()),
        (
            "not text",
            vec![0xff, 0xfe, 0x00, 0x9c, 0x80, 0x81, b'\n', 0xc3],
        ),
    ] {
        let res = app
            .upload("/institutions/import", "/institutions/import", &file, &[])
            .await;
        assert_eq!(res.status, 422, "{what}: {}", res.body);
        assert!(!res.body.contains("Dit verzoek klopt niet"), "{what}");
        assert!(res.body.contains("type=\"file\""), "{what}: the form again");
        assert!(
            res.body.contains("leeg") || res.body.contains("Regel"),
            "{what}: the reason is named: {}",
            res.body
        );
    }
    // The budget import and the e-mail list share the upload reader.
    let budget = app
        .upload("/programme/budget", "/programme/budget/import", b"", &[])
        .await;
    assert_eq!(budget.status, 422, "{}", budget.body);
    assert!(
        budget.body.contains("Het bestand is leeg"),
        "{}",
        budget.body
    );
    assert_eq!(
        bekwaam::institutions::store::count(&app.db).await.unwrap(),
        0
    );
}

/// Issue 13, item 17: a small file with very many bad lines gives a small
/// page: the first 50 problems, then how many more.
async fn an_import_full_of_errors_lists_the_first_fifty(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let mut csv = String::from("code,name,place,region,teaching_staff\n");
    for _ in 0..20_000 {
        csv.push_str("X,,,,-1\n");
    }
    let res = upload(&app, &csv, false).await;
    assert_eq!(res.status, 422);
    assert!(res.body.len() < 100_000, "{} bytes", res.body.len());
    assert!(
        res.body.contains("hierboven staan de eerste 50"),
        "{}",
        &res.body[..2000]
    );
    let rows = res.body.matches("<tr><td class=\"num\">").count();
    assert_eq!(rows, 50);
}

async fn a_partial_csv_upload_imports_the_good_rows(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let res = upload(&app, BAD_CSV, true).await;
    assert_eq!(res.status, 200);
    assert!(
        res.body
            .contains("1 toegevoegd, 0 bijgewerkt, 2 foute regels overgeslagen"),
        "{}",
        res.body
    );
    assert_eq!(
        bekwaam::institutions::store::count(&app.db).await.unwrap(),
        1
    );
    // Importing again updates instead of duplicating.
    let again = upload(
        &app,
        "code,name,place,region,teaching_staff\n25AA,ROC Een Nieuw,Assen,Noord,310\n",
        false,
    )
    .await;
    assert!(again.body.contains("0 toegevoegd, 1 bijgewerkt"));
    assert!(
        app.get("/institutions/25AA")
            .await
            .body
            .contains("ROC Een Nieuw")
    );
    let no_token = app
        .client
        .post(format!("{}/institutions/import", app.address))
        .multipart(reqwest::multipart::Form::new().text("file", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403, "uploads need the CSRF token too");
}

async fn the_list_searches_and_pages(app: TestApp) {
    for n in 0..30 {
        app.institution(&format!("{:02}AA", n + 10), &format!("ROC Nummer {n:02}"))
            .await;
    }
    app.institution("99ZZ", "Vakschool Zeldzaam").await;
    app.login_as("sg", Role::SteeringGroup, None).await;
    let first = app.get("/institutions").await;
    assert!(first.body.contains("1–25 van 31"));
    assert!(first.body.contains("Pagina 1 van 2"));
    let second = app.get("/institutions?q=&page=2").await;
    assert!(second.body.contains("26–31 van 31"));
    assert!(second.body.contains("Vakschool Zeldzaam"));
    let search = app.get("/institutions?q=zeldz").await;
    assert!(search.body.contains("Vakschool Zeldzaam"));
    assert!(!search.body.contains("ROC Nummer"));
    let none = app.get("/institutions?q=bestaatniet").await;
    assert!(none.body.contains("Geen instellingen gevonden"));
    assert!(
        !first.body.contains("Nieuwe instelling"),
        "no manage buttons for the steering group"
    );
}

async fn the_api_lists_only_what_the_caller_may_see(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.institution("25BB", "ROC B").await;
    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    let (status, _, body) = app.api_get("/api/v1/institutions", None).await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["code"], "25AA");
    let (_, _, me) = app.api_get("/api/v1/me", None).await;
    assert!(me.contains("\"role\":\"coordinator\""));
}

async fn the_openapi_document_lists_every_json_endpoint(app: TestApp) {
    let (status, _, body) = app.api_get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/me",
        "/api/v1/institutions",
        "/api/v1/institutions/{code}",
    ] {
        assert!(paths.contains_key(p), "{p} missing from OpenAPI");
    }
    let (status, ct, body) = app.api_get("/api/v1/bestaat-niet", None).await;
    assert_eq!(
        (status, ct.as_deref()),
        (404, Some("application/problem+json"))
    );
    assert!(body.contains("Pagina niet gevonden"));
    let en = app
        .client
        .get(format!("{}/api/v1/institutions", app.address))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(en.status(), 401);
    assert!(en.text().await.unwrap().contains("Please log in first"));
    // Every documented path answers: 401 without credentials, or for the
    // survey (whose credential is the token) 404 for an unknown token.
    for p in paths.keys() {
        if p.contains("{token}") {
            let path = p.replace("{token}", &"0".repeat(32));
            let c = app.new_browser();
            let url = format!("{}{path}", app.address);
            let res = match p.as_str() {
                "/api/v1/survey/{token}/answers" => {
                    c.put(url).json(&serde_json::json!({})).send().await
                }
                "/api/v1/survey/{token}/complete" => c.post(url).send().await,
                _ => c.get(url).send().await,
            }
            .unwrap();
            assert_eq!(res.status(), 404, "{p}");
            continue;
        }
        let path = p.replace("{code}", "25AA");
        let (status, _, _) = app.api_get(&path, None).await;
        assert_eq!(status, 401, "{p}");
    }
}

//! Issue 13: every API error is `application/problem+json`, says what is
//! wrong, and is in the OpenAPI document.

use bekwaam::auth::Role;

use crate::helpers::TestApp;
use crate::on_both;

on_both!(
    malformed_requests_get_problem_documents_that_name_the_fault,
    a_page_number_beyond_the_limit_is_refused_clearly,
);

async fn send(app: &TestApp, req: reqwest::RequestBuilder) -> (u16, String, serde_json::Value) {
    let _ = app;
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = res.text().await.unwrap();
    let json = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
    (status, ct, json)
}

async fn malformed_requests_get_problem_documents_that_name_the_fault(app: TestApp) {
    let answers = format!("{}/api/v1/survey/{}/answers", app.address, "a".repeat(32));
    let c = &app.client;
    let cases = [
        (
            "malformed JSON",
            c.put(&answers)
                .header("content-type", "application/json")
                .body("{niet json"),
            400,
            "geen geldige JSON",
        ),
        (
            "no content type",
            c.put(&answers).body("{}"),
            415,
            "Content-Type: application/json",
        ),
        (
            "a field of the wrong type",
            c.put(&answers)
                .header("content-type", "application/json")
                .body("{\"answers\": 12}"),
            422,
            "verkeerde type",
        ),
        (
            "a method the route does not have",
            c.delete(format!("{}/api/v1/institutions", app.address)),
            405,
            "HTTP-methode",
        ),
        (
            "an unknown API address",
            c.get(format!("{}/api/v1/bestaat-niet", app.address)),
            404,
            "",
        ),
    ];
    for (what, req, status, says) in cases {
        let (got, ct, json) = send(&app, req).await;
        assert_eq!(got, status, "{what}: {json}");
        assert_eq!(ct, "application/problem+json", "{what}");
        assert_eq!(json["status"], status, "{what}: {json}");
        let detail = json["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(says), "{what}: {detail}");
    }
    // English on request.
    let (_, _, json) = send(
        &app,
        c.put(&answers).header("accept-language", "en").body("{}"),
    )
    .await;
    assert!(
        json["detail"]
            .as_str()
            .unwrap()
            .contains("Send the data as JSON"),
        "{json}"
    );

    // The document says so: every operation lists 400 and 500, the one
    // with a body 415 and 422, each a problem document.
    let doc: serde_json::Value = c
        .get(format!("{}/api/openapi.json", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let put = &doc["paths"]["/api/v1/survey/{token}/answers"]["put"]["responses"];
    for code in ["400", "415", "422", "500"] {
        assert!(
            put[code]["content"]["application/problem+json"].is_object(),
            "{code}: {put}"
        );
    }
    let list = &doc["paths"]["/api/v1/institutions"]["get"]["responses"];
    assert!(list["400"].is_object(), "{list}");
}

async fn a_page_number_beyond_the_limit_is_refused_clearly(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    for page in ["9223372036854775807", "1000001", "0", "-3"] {
        let (status, ct, body) = app
            .api_get(&format!("/api/v1/institutions?page={page}"), None)
            .await;
        assert_eq!(status, 400, "page {page}: {body}");
        assert_eq!(ct.as_deref(), Some("application/problem+json"));
        assert!(body.contains("tussen 1 en 1000000"), "{body}");
    }
    let (status, ct, body) = app.api_get("/api/v1/institutions?page=abc", None).await;
    assert_eq!(
        (status, ct.as_deref()),
        (400, Some("application/problem+json")),
        "{body}"
    );
    assert!(body.contains("parameter"), "{body}");
    let (status, _, _) = app.api_get("/api/v1/institutions?page=1000000", None).await;
    assert_eq!(status, 200, "the last page allowed answers (empty)");
    // The HTML list clamps instead of failing.
    assert_eq!(
        app.get("/institutions?page=9223372036854775807")
            .await
            .status,
        200
    );
}

/// Issue 13, item 22: schemathesis (tests/requirements.txt, on PATH through
/// scripts/test) fuzzes every operation of the OpenAPI document and finds
/// no answer that disagrees with it: no undocumented status, no
/// `text/plain` error, no schema-valid request refused, no invalid one
/// accepted. Fails, not skips, when schemathesis is missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_mismatch_with_the_openapi_document() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite)
        .await
        .unwrap();
    app.institution("25AA", "ROC Proef").await;
    let id = app.user("pm", Role::ProgrammeManager, None).await;
    let key = bekwaam::auth::store::create_api_key(
        &app.db,
        &bekwaam::audit::Actor::system(),
        id,
        "schemathesis",
    )
    .await
    .unwrap();
    let url = format!("{}/api/openapi.json", app.address);
    // Every operation the document describes must be tested.
    let (_, _, doc) = app.api_get("/api/openapi.json", None).await;
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let operations: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| {
            ["get", "put", "post", "delete", "patch"]
                .iter()
                .filter(|m| item.get(**m).is_some())
                .count()
        })
        .sum();
    assert!(operations >= 8, "{doc}");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("schemathesis")
            .args([
                "run",
                &url,
                "--max-examples",
                "40",
                "--seed",
                "13",
                "--no-color",
            ])
            .args(["-H", &format!("Authorization: Bearer {key}")])
            .output()
    })
    .await
    .unwrap()
    .expect("schemathesis on PATH: run the tests through scripts/test (tests/requirements.txt)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!("Tested: {operations}")),
        "every operation was tested: {text}"
    );
}

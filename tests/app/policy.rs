//! The policy part (issue 14): status with history, documents judged by
//! their content, sharing with the hr-directors network, the sector view,
//! the KPI, and that a coordinator sees only their own institution.

use bekwaam::auth::Role;
use bekwaam::policy::{Adoption, Stage, Status, store};

use crate::helpers::{TestApp, extract_between};
use crate::on_both;

on_both!(
    a_coordinator_records_the_status_and_every_change_is_in_the_history,
    a_refused_status_form_names_the_field_and_keeps_what_was_typed,
    uploads_are_judged_by_their_content_and_served_as_downloads,
    deleting_a_document_asks_first_and_is_logged,
    sharing_follows_the_opt_in_and_its_withdrawal,
    a_coordinator_cannot_read_or_change_another_institutions_policy,
    the_kpi_share_is_computed_per_year_from_the_history,
    the_sector_view_filters_sorts_and_exports,
    a_shared_development_policy_document_reaches_its_milestone,
);

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

impl TestApp {
    /// Uploads `bytes` named `name` as a policy document of `code`.
    async fn upload_document(
        &self,
        code: &str,
        name: &str,
        bytes: &[u8],
        title: &str,
        topic: &str,
    ) -> crate::helpers::Html {
        let token = self.get(&format!("/policy/{code}")).await.csrf();
        let form = reqwest::multipart::Form::new()
            .text("_csrf", token)
            .text("title", title.to_string())
            .text("topic", topic.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes.to_vec())
                    .file_name(name.to_string())
                    // The browser's word is not trusted either way.
                    .mime_str("application/pdf")
                    .unwrap(),
            );
        let res = self
            .client
            .post(format!("{}/policy/{code}/documents", self.address))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        crate::helpers::Html {
            status,
            body: res.text().await.unwrap(),
            location,
        }
    }

    async fn raw_get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }
}

fn adopted_both() -> [(&'static str, &'static str); 8] {
    [
        ("vision_stage", "adopted"),
        ("vision_adopted_on", "2023-02-10"),
        ("plan_stage", "draft"),
        ("plan_adopted_on", ""),
        ("development_stage", "adopted"),
        ("development_adopted_on", "2024-03-15"),
        ("covers_ict", "on"),
        ("covers_cyber", "on"),
    ]
}

async fn a_coordinator_records_the_status_and_every_change_is_in_the_history(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let empty = app.get("/policy/99AA").await;
    assert_eq!(empty.status, 200);
    assert!(
        empty
            .body
            .contains("Er is nog geen beleidsstatus vastgelegd.")
    );
    // The coordinator's /policy is their own institution.
    assert_eq!(
        app.get("/policy").await.location.as_deref(),
        Some("/policy/99AA")
    );

    let draft = app
        .submit(
            "/policy/99AA",
            "/policy/99AA",
            &[
                ("vision_stage", "draft"),
                ("plan_stage", "none"),
                ("development_stage", "draft"),
                ("covers_ict", "on"),
            ],
        )
        .await;
    assert_eq!(draft.status, 303, "{}", draft.body);
    let saved = app
        .submit("/policy/99AA", "/policy/99AA", &adopted_both())
        .await;
    assert_eq!(saved.status, 303);
    let page = app.get("/policy/99AA").await;
    assert!(
        page.body
            .contains("De beleidsstatus is opgeslagen (6 wijzigingen)."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<dd data-shows>ja</dd>"),
        "{}",
        page.body
    );
    let history = extract_between(&page.body, "id=\"history\"", "</section>").unwrap();
    // Newest first: development policy draft -> adopted, then the first
    // save's draft from none.
    let adopted =
        history.find("<td>Professionaliseringsbeleid</td><td>Concept</td><td>Vastgesteld</td>");
    let drafted = history.find("<td>Professionaliseringsbeleid</td><td>Geen</td><td>Concept</td>");
    assert!(adopted.is_some() && drafted.is_some(), "{history}");
    assert!(adopted < drafted, "newest first: {history}");
    assert!(
        history.contains("<td>Omvat cyberveiligheid</td><td>nee</td><td>ja</td>"),
        "{history}"
    );
    assert!(history.contains("<td>coord</td>"), "{history}");
    // Saving the same again changes nothing and writes no history.
    app.submit("/policy/99AA", "/policy/99AA", &adopted_both())
        .await;
    assert_eq!(store::history(&app.db, "99AA").await.unwrap().len(), 9);
    assert!(
        app.get("/policy/99AA")
            .await
            .body
            .contains("Er was niets gewijzigd.")
    );

    app.logout().await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let audit = app.get("/audit").await;
    assert!(
        audit.body.contains("Beleidsstatus gewijzigd"),
        "{}",
        audit.body
    );
    let api = store::status(&app.db, "99AA").await.unwrap().unwrap();
    assert!(api.status.shows_development_policy());
    assert_eq!(api.updated_by, "coord");
}

async fn a_refused_status_form_names_the_field_and_keeps_what_was_typed(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let refused = app
        .submit(
            "/policy/99AA",
            "/policy/99AA",
            &[
                ("vision_stage", "adopted"),
                ("vision_adopted_on", ""),
                ("plan_stage", "draft"),
                ("plan_adopted_on", "2024-01-01"),
                ("development_stage", "adopted"),
                ("development_adopted_on", "2999-01-01"),
                ("covers_cyber", "on"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    let b = &refused.body;
    assert!(
        b.contains("id=\"vision_adopted_on-error\">Vul de datum van vaststelling in."),
        "{b}"
    );
    assert!(b.contains("id=\"plan_adopted_on-error\">Een datum van vaststelling hoort alleen bij een vastgesteld document."), "{b}");
    assert!(
        b.contains(
            "id=\"development_adopted_on-error\">De datum van vaststelling ligt in de toekomst."
        ),
        "{b}"
    );
    // What was typed is still there.
    assert!(
        b.contains("name=\"development_adopted_on\" type=\"date\" value=\"2999-01-01\""),
        "{b}"
    );
    assert!(
        b.contains("name=\"plan_stage\" value=\"draft\" checked"),
        "{b}"
    );
    assert!(
        b.contains("name=\"covers_cyber\" value=\"on\" checked"),
        "{b}"
    );
    assert!(
        store::status(&app.db, "99AA").await.unwrap().is_none(),
        "nothing saved"
    );
}

async fn uploads_are_judged_by_their_content_and_served_as_downloads(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    // A PDF named .docx is stored as the PDF it is.
    let ok = app
        .upload_document("99AA", "beleid.docx", PDF, "Beleid", "development")
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    // An executable named .pdf is refused on its form, title kept.
    let exe = app
        .upload_document(
            "99AA",
            "visie.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00",
            "Mijn visie",
            "vision",
        )
        .await;
    assert_eq!(exe.status, 422);
    assert!(exe.body.contains("id=\"doc-file-error\">Alleen PDF, Word (DOCX) en OpenDocument-tekst (ODT) worden aangenomen"), "{}", exe.body);
    assert!(exe.body.contains("value=\"Mijn visie\""), "{}", exe.body);
    assert!(
        exe.body.contains("<option value=\"vision\" selected>"),
        "{}",
        exe.body
    );
    // An empty file, a missing title and topic.
    let empty = app.upload_document("99AA", "leeg.pdf", b"", "", "").await;
    assert_eq!(empty.status, 422);
    assert!(
        empty.body.contains("Het bestand is leeg."),
        "{}",
        empty.body
    );
    assert!(
        empty
            .body
            .contains("Vul een titel in van hoogstens 200 tekens.")
    );
    assert!(empty.body.contains("Kies een onderwerp."));
    // A control character (here a line break) in the name breaks the
    // multipart header itself: the form says the upload failed, nothing is
    // stored. (Cleaning control characters that do arrive is a unit test
    // of `policy::document::clean_name`.)
    let broken = app
        .upload_document("99AA", "a\r\nb.pdf", PDF, "Kapot", "evidence")
        .await;
    assert_eq!(broken.status, 422);
    assert!(
        broken
            .body
            .contains("Het bestand kon niet worden ontvangen."),
        "{}",
        broken.body
    );
    // A hostile name: path separators, shell and Windows specials, 300
    // characters.
    let hostile = format!("../../etc/pass:wd*?<>|{}.pdf", "x".repeat(300));
    let stored = app
        .upload_document("99AA", &hostile, PDF, "Onderbouwing", "evidence")
        .await;
    assert_eq!(stored.status, 303, "{}", stored.body);
    let docs = store::documents(&app.db, "99AA").await.unwrap();
    assert_eq!(docs.len(), 2);
    let names: Vec<&str> = docs.iter().map(|d| d.file_name.as_str()).collect();
    assert!(names.contains(&"beleid.pdf"), "{names:?}");
    let cleaned = names
        .iter()
        .find(|n| n.starts_with("pass"))
        .expect("cleaned name");
    assert_eq!(cleaned.chars().count(), 104, "{cleaned}");
    assert!(cleaned.starts_with("pass_wd_____xxx"), "{cleaned}");
    assert!(
        !cleaned.contains('/') && !cleaned.chars().any(char::is_control),
        "{cleaned}"
    );

    let pdf = docs.iter().find(|d| d.file_name == "beleid.pdf").unwrap();
    let res = app
        .raw_get(&format!("/policy/99AA/documents/{}", pdf.id))
        .await;
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let cd = h["content-disposition"].to_str().unwrap().to_string();
    assert!(
        cd.starts_with("attachment; filename=\"beleid.pdf\""),
        "{cd}"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
}

async fn an_oversized_upload_is_refused_on_its_form() {
    let settings = bekwaam::web::Settings {
        policy_document_limit: 1024 * 1024,
        ..Default::default()
    };
    for backend in [
        crate::helpers::Backend::Sqlite,
        crate::helpers::Backend::Postgres,
    ] {
        let Some(app) = TestApp::spawn_with(backend, settings.clone()).await else {
            continue;
        };
        app.institution("99AA", "ROC Proef Noord").await;
        app.login_as("coord", Role::Coordinator, Some("99AA")).await;
        let mut big = PDF.to_vec();
        big.resize(1024 * 1024 + 1, b' ');
        let refused = app
            .upload_document("99AA", "groot.pdf", &big, "Groot", "evidence")
            .await;
        assert_eq!(refused.status, 422);
        assert!(
            refused.body.contains("Het bestand is groter dan 1 MB."),
            "{}",
            refused.body
        );
        assert!(store::documents(&app.db, "99AA").await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn an_oversized_upload_is_refused_on_its_form_on_both_databases() {
    an_oversized_upload_is_refused_on_its_form().await;
}

async fn deleting_a_document_asks_first_and_is_logged(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    app.upload_document("99AA", "visie.pdf", PDF, "Visie", "vision")
        .await;
    let id = store::documents(&app.db, "99AA").await.unwrap()[0].id;
    let ask = app
        .get(&format!("/policy/99AA/documents/{id}/delete"))
        .await;
    assert_eq!(ask.status, 200);
    assert!(
        ask.body
            .contains("Weet u zeker dat u visie.pdf wilt verwijderen?"),
        "{}",
        ask.body
    );
    assert_eq!(
        store::documents(&app.db, "99AA").await.unwrap().len(),
        1,
        "asking deletes nothing"
    );
    let done = app
        .submit(
            &format!("/policy/99AA/documents/{id}/delete"),
            &format!("/policy/99AA/documents/{id}/delete"),
            &[],
        )
        .await;
    assert_eq!(done.status, 303);
    assert!(store::documents(&app.db, "99AA").await.unwrap().is_empty());
    assert_eq!(
        app.raw_get(&format!("/policy/99AA/documents/{id}"))
            .await
            .status(),
        404
    );
    app.logout().await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    assert!(
        app.get("/audit")
            .await
            .body
            .contains("Beleidsdocument verwijderd")
    );
}

async fn sharing_follows_the_opt_in_and_its_withdrawal(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.institution("99AB", "ROC Proef Oost").await;
    app.login_as("noord", Role::Coordinator, Some("99AA")).await;
    app.upload_document(
        "99AA",
        "beleid.pdf",
        PDF,
        "Professionaliseringsbeleid Noord",
        "development",
    )
    .await;
    let id = store::documents(&app.db, "99AA").await.unwrap()[0].id;
    let download = format!("/policy/99AA/documents/{id}");

    let oost = app.new_browser();
    let as_oost = |path: &str| {
        let path = path.to_string();
        let oost = oost.clone();
        let base = app.address.clone();
        async move {
            let r = oost.get(format!("{base}{path}")).send().await.unwrap();
            let s = r.status().as_u16();
            (s, r.text().await.unwrap())
        }
    };
    app.user("oost", Role::Coordinator, Some("99AB")).await;
    app.login_with(&oost, "oost", "oost-wachtwoord").await;
    // Not shared: not in the library, and not downloadable.
    let (_, lib) = as_oost("/policy/shared").await;
    assert!(lib.contains("Er zijn geen gedeelde documenten"), "{lib}");
    assert_eq!(as_oost(&download).await.0, 404);

    app.submit(
        "/policy/99AA",
        &format!("/policy/99AA/documents/{id}/share"),
        &[("shared", "yes")],
    )
    .await;
    let (_, lib) = as_oost("/policy/shared?q=noord&topic=development").await;
    assert!(lib.contains("Professionaliseringsbeleid Noord"), "{lib}");
    assert!(lib.contains("ROC Proef Noord"), "{lib}");
    let (_, other_topic) = as_oost("/policy/shared?topic=vision").await;
    assert!(!other_topic.contains("Professionaliseringsbeleid Noord"));
    assert_eq!(as_oost(&download).await.0, 200);

    app.submit(
        "/policy/99AA",
        &format!("/policy/99AA/documents/{id}/share"),
        &[("shared", "no")],
    )
    .await;
    let (_, lib) = as_oost("/policy/shared").await;
    assert!(
        !lib.contains("Professionaliseringsbeleid Noord"),
        "withdrawn at once: {lib}"
    );
    assert_eq!(as_oost(&download).await.0, 404);
}

async fn a_coordinator_cannot_read_or_change_another_institutions_policy(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.institution("99AB", "ROC Proef Oost").await;
    let pm = bekwaam::audit::Actor::cli();
    let other = store::add_document(
        &app.db,
        &pm,
        &store::NewDocument {
            institution: "99AB",
            topic: bekwaam::policy::Topic::Vision,
            title: "Visie Oost",
            file_name: "visie.pdf",
            kind: bekwaam::policy::document::Kind::Pdf,
            year: 2025,
            bytes: PDF,
        },
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    let id = app.user("noord", Role::Coordinator, Some("99AA")).await;
    app.login("noord", "noord-wachtwoord").await;
    assert_eq!(app.get("/policy/99AB").await.status, 403);
    let token = app.get("/policy/99AA").await.csrf();
    let post = app
        .post(
            "/policy/99AB",
            &[
                ("_csrf", &token),
                ("vision_stage", "adopted"),
                ("vision_adopted_on", "2024-01-01"),
                ("plan_stage", "none"),
                ("development_stage", "none"),
            ],
        )
        .await;
    assert_eq!(post.status, 403);
    assert!(store::status(&app.db, "99AB").await.unwrap().is_none());
    assert_eq!(
        app.raw_get(&format!("/policy/99AB/documents/{other}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/policy/99AB/documents/{other}/delete"))
            .await
            .status,
        403
    );
    let del = app
        .post(
            &format!("/policy/99AB/documents/{other}/delete"),
            &[("_csrf", &token)],
        )
        .await;
    assert_eq!(del.status, 403);
    // Its own code in the URL with another's document id: not found.
    assert_eq!(
        app.raw_get(&format!("/policy/99AA/documents/{other}"))
            .await
            .status(),
        404
    );
    let upload = app
        .upload_document("99AB", "x.pdf", PDF, "X", "vision")
        .await;
    assert_eq!(upload.status, 403);
    assert_eq!(store::documents(&app.db, "99AB").await.unwrap().len(), 1);
    assert_eq!(app.get("/policy/download?format=xlsx").await.status, 403);

    // The API says the same.
    let key = bekwaam::auth::store::create_api_key(&app.db, &pm, id, "test")
        .await
        .unwrap();
    let (own, _, body) = app
        .api_get("/api/v1/institutions/99AA/policy", Some(&key))
        .await;
    assert_eq!(own, 200, "{body}");
    assert!(body.contains("\"institution\":\"99AA\""), "{body}");
    let (other_status, ct, _) = app
        .api_get("/api/v1/institutions/99AB/policy", Some(&key))
        .await;
    assert_eq!(other_status, 403);
    assert_eq!(ct.as_deref(), Some("application/problem+json"));
}

fn status_with(dev: Stage, ict: bool, cyber: bool) -> Status {
    Status {
        development: Adoption {
            stage: dev,
            adopted_on: (dev == Stage::Adopted).then_some(time::macros::date!(2023 - 01 - 01)),
        },
        covers_ict: ict,
        covers_cyber: cyber,
        ..Default::default()
    }
}

async fn the_kpi_share_is_computed_per_year_from_the_history(app: TestApp) {
    use time::macros::datetime;
    for (code, name) in [("99AA", "A"), ("99AB", "B"), ("99AC", "C"), ("99AD", "D")] {
        app.institution(code, name).await;
    }
    let a = bekwaam::audit::Actor::cli();
    let save = |code: &'static str, s: Status, at: time::OffsetDateTime| {
        let db = app.db.clone();
        let a = a.clone();
        async move { store::save_status(&db, &a, code, &s, at).await.unwrap() }
    };
    save(
        "99AA",
        status_with(Stage::Draft, true, true),
        datetime!(2022-05-01 10:00 UTC),
    )
    .await;
    save(
        "99AA",
        status_with(Stage::Adopted, true, true),
        datetime!(2023-03-01 10:00 UTC),
    )
    .await;
    save(
        "99AB",
        status_with(Stage::Adopted, true, false),
        datetime!(2023-06-01 10:00 UTC),
    )
    .await;
    save(
        "99AB",
        status_with(Stage::Adopted, true, true),
        datetime!(2024-02-01 10:00 UTC),
    )
    .await;
    save(
        "99AC",
        status_with(Stage::Adopted, true, true),
        datetime!(2024-09-01 10:00 UTC),
    )
    .await;
    // 99AC drops cyber safety again in 2025: it no longer counts.
    save(
        "99AC",
        status_with(Stage::Adopted, true, false),
        datetime!(2025-01-10 10:00 UTC),
    )
    .await;

    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/kpis").await;
    let section =
        extract_between(&page.body, "id=\"kpi-b-policy-coverage\"", "</section>").unwrap();
    assert!(!section.contains("nog geen gegevens"), "{section}");
    // 2022: 0/4, 2023: 1/4, 2024: 3/4, 2025: 2/4.
    for (year, detail) in [
        ("2022", "0 van de 4 actieve instellingen op 2022-12-31"),
        ("2023", "1 van de 4 actieve instellingen op 2023-12-31"),
        ("2024", "3 van de 4 actieve instellingen op 2024-12-31"),
        ("2025", "2 van de 4 actieve instellingen op 2025-12-31"),
    ] {
        assert!(
            section.contains(year) && section.contains(detail),
            "{year}: {section}"
        );
    }
    let sector = app.get("/policy").await;
    assert_eq!(sector.status, 200);
    let shares = extract_between(&sector.body, "id=\"t-aandeel\"", "</table>").unwrap();
    assert!(shares.contains("<th scope=\"row\">2024</th><td>2024-12-31</td><td class=\"num\">3</td><td class=\"num\">4</td><td class=\"num\">75</td>"), "{shares}");
}

async fn the_sector_view_filters_sorts_and_exports(app: TestApp) {
    app.institution("99AA", "ROC Alfa").await;
    app.institution("99AB", "ROC Beta").await;
    let a = bekwaam::audit::Actor::cli();
    store::save_status(
        &app.db,
        &a,
        "99AB",
        &status_with(Stage::Adopted, true, true),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    app.login_as("sg", Role::SteeringGroup, None).await;
    let all = app.get("/policy").await;
    assert_eq!(all.status, 200);
    assert!(all.body.contains("2 instellingen"), "{}", all.body);
    let alfa = all.body.find(">ROC Alfa<").unwrap();
    let beta = all.body.find(">ROC Beta<").unwrap();
    assert!(alfa < beta, "by name");
    let sorted = app.get("/policy?sort=shows").await;
    assert!(
        sorted.body.find(">ROC Beta<").unwrap() < sorted.body.find(">ROC Alfa<").unwrap(),
        "counting first"
    );
    let yes = app.get("/policy?shows=yes").await;
    assert!(
        yes.body.contains("1 instelling") && !yes.body.contains(">ROC Alfa<"),
        "{}",
        yes.body
    );
    let xlsx = app.raw_get("/policy/download?format=xlsx").await;
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let csv = app
        .raw_get("/policy/download?shows=no&format=csv&table=status")
        .await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(
        text.contains("ROC Alfa") && !text.contains("ROC Beta"),
        "{text}"
    );
    // Researchers read too; experts do not.
    app.logout().await;
    app.login_as("r", Role::Researcher, None).await;
    assert_eq!(app.get("/policy").await.status, 200);
    app.logout().await;
    app.login_as("e", Role::Expert, Some("99AA")).await;
    assert_eq!(app.get("/policy").await.status, 403);
    assert_eq!(app.get("/policy/99AA").await.status, 403);
}

async fn a_shared_development_policy_document_reaches_its_milestone(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let before = app.get("/programme/milestones").await;
    let row = extract_between(&before.body, "id=\"ms-b-beleidsdocumenten-2023\"", "</tr>").unwrap();
    assert!(
        row.contains("Nog geen document over professionaliseringsbeleid gedeeld"),
        "{row}"
    );
    app.upload_document("99AA", "beleid.pdf", PDF, "Beleid", "development")
        .await;
    let id = store::documents(&app.db, "99AA").await.unwrap()[0].id;
    app.submit(
        "/policy/99AA",
        &format!("/policy/99AA/documents/{id}/share"),
        &[("shared", "yes")],
    )
    .await;
    let after = app.get("/programme/milestones").await;
    let row = extract_between(&after.body, "id=\"ms-b-beleidsdocumenten-2023\"", "</tr>").unwrap();
    assert!(
        row.contains("Eerste document over professionaliseringsbeleid gedeeld op"),
        "{row}"
    );
    assert!(row.contains("/policy/shared?topic=development"), "{row}");
}

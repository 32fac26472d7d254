//! The bewegingsscan (issue 14, item 7): the sector scan report counts
//! institutions per theme and names none under a theme of fewer than three
//! (page, PDF, XLSX, CSV, API), one record per institution per round, the
//! codebook's used themes retire and are never deleted, quotes reach the
//! report only once reviewed, a published round is frozen and counts for
//! the KPI, bad input names its field, and who may do what.

use std::io::Read;

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::scan::{InterviewText, NewRound, Respondent, ThemeText, store};
use bekwaam::store::StoreError;
use time::macros::date;

use crate::helpers::{TestApp, extract_between, pdftotext};
use crate::on_both;

on_both!(
    the_scan_report_counts_institutions_per_theme_and_the_pdf_holds_its_text,
    a_theme_of_fewer_than_three_institutions_names_none_in_any_output,
    a_second_interview_of_an_institution_in_a_round_is_refused,
    a_used_theme_is_retired_not_deleted_and_an_unused_one_is_deleted,
    quotes_reach_the_report_only_once_reviewed,
    a_published_round_is_frozen_and_counts_for_the_kpi,
    an_interview_is_pending_until_it_is_recorded_in_the_open_round,
    bad_input_names_the_field_and_keeps_what_was_typed,
    who_may_do_what_in_the_scan,
    a_coordinator_cannot_read_another_institutions_record,
    a_database_failure_gives_an_error_page_and_writes_no_half_action,
);

struct Fixture {
    round: i64,
    scholing: i64,
    privacy: i64,
}

/// Four institutions: three with actions under "Scholing" (ROC Alfa with
/// two), one (ROC Eenling) alone under "Privacy"; round "Najaar 2024",
/// published when `publish`.
async fn fixture(app: &TestApp, publish: bool) -> Fixture {
    for (code, name) in [
        ("99AA", "ROC Alfa"),
        ("99AB", "ROC Beta"),
        ("99AC", "ROC Gamma"),
        ("99AD", "ROC Eenling"),
    ] {
        app.institution(code, name).await;
    }
    let a = Actor::cli();
    let now = time::OffsetDateTime::now_utc();
    let theme = |name: &str| ThemeText {
        name: name.into(),
        description: String::new(),
    };
    let scholing = store::add_theme(&app.db, &a, &theme("Scholing"), now)
        .await
        .unwrap();
    let privacy = store::add_theme(&app.db, &a, &theme("Privacy"), now)
        .await
        .unwrap();
    let round = store::create_round(
        &app.db,
        &a,
        &NewRound {
            name: "Najaar 2024".into(),
            year: 2024,
        },
        now,
    )
    .await
    .unwrap();
    let text = InterviewText {
        held_on: date!(2024 - 10 - 01),
        roles: vec![Respondent::Hr, Respondent::Teacher],
        worked: "Korte trainingen dicht bij het vak".into(),
        not_worked: String::new(),
    };
    for code in ["99AA", "99AB", "99AC", "99AD"] {
        let id = store::create_interview(&app.db, &a, round, code, &text, now)
            .await
            .unwrap();
        let (what, themes) = if code == "99AD" {
            ("Privacytraining voor de teams", vec![privacy])
        } else {
            ("Studiedag over de monitor", vec![scholing])
        };
        store::add_action(&app.db, &a, id, what, &themes)
            .await
            .unwrap();
        if code == "99AA" {
            store::add_action(&app.db, &a, id, "Inloopspreekuur", &[scholing])
                .await
                .unwrap();
        }
    }
    if publish {
        store::publish(
            &app.db,
            &a,
            round,
            date!(2024 - 12 - 09),
            Some(date!(2025 - 01 - 30)),
        )
        .await
        .unwrap();
    }
    Fixture {
        round,
        scholing,
        privacy,
    }
}

async fn bytes(app: &TestApp, path: &str) -> (u16, Vec<u8>) {
    let res = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.bytes().await.unwrap().to_vec())
}

/// Every XML part of an XLSX, as text.
fn xlsx_text(x: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(x)).expect("a ZIP");
    let mut out = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.push_str(&s);
        }
    }
    out
}

async fn record_id(app: &TestApp, round: i64, code: &str) -> i64 {
    store::interviews(&app.db, round)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.institution == code)
        .unwrap()
        .id
}

async fn the_scan_report_counts_institutions_per_theme_and_the_pdf_holds_its_text(app: TestApp) {
    let f = fixture(&app, true).await;
    app.login_as("r", Role::Researcher, None).await;
    let page = app.get(&format!("/scan/rounds/{}/report", f.round)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let table = extract_between(&page.body, "id=\"t-themas\"", "</table>").unwrap();
    // Institutions, not interviews or actions: ROC Alfa's two actions count
    // once.
    assert!(
        table.contains(
            "<th scope=\"row\">Scholing</th><td class=\"num\">3</td><td class=\"num\">4</td><td>ROC Alfa, ROC Beta, ROC Gamma</td>"
        ),
        "{table}"
    );
    assert!(
        table.contains("<th scope=\"row\">Privacy</th><td class=\"num\">1</td><td class=\"num\">1</td><td>niet genoemd (minder dan 3 instellingen)</td>"),
        "{table}"
    );
    assert!(
        page.body
            .contains("Besproken in de MBO Raad op 2025-01-30.")
    );
    let (status, pdf) = bytes(
        &app,
        &format!("/scan/rounds/{}/report/download?format=pdf", f.round),
    )
    .await;
    assert_eq!(status, 200);
    let text = pdftotext(&pdf);
    for expected in [
        "Bewegingsscan Najaar 2024",
        "Gepubliceerd op 2024-12-09.",
        "Besproken in de MBO Raad op 2025-01-30.",
        "Vervolgacties per thema",
        "Scholing 3 4",
        "ROC Alfa, ROC Beta, ROC Gamma",
        "Studiedag over de monitor",
        "Korte trainingen dicht bij het vak",
        "Professionaliseringsbeleid (KPI)",
        "codeboek versie 2",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let (status, xlsx) = bytes(
        &app,
        &format!("/scan/rounds/{}/report/download?format=xlsx", f.round),
    )
    .await;
    assert_eq!(status, 200);
    assert!(xlsx.starts_with(b"PK"));
    assert!(xlsx_text(&xlsx).contains("ROC Alfa, ROC Beta, ROC Gamma"));
    // The download is in the audit log.
    let (n,): (i64,) = match &app.db {
        bekwaam::store::Db::Sqlite(p) => {
            sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'scan_report_exported'")
                .fetch_one(p)
                .await
                .unwrap()
        }
        bekwaam::store::Db::Postgres(p) => {
            sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'scan_report_exported'")
                .fetch_one(p)
                .await
                .unwrap()
        }
    };
    assert_eq!(n, 2);
}

async fn a_theme_of_fewer_than_three_institutions_names_none_in_any_output(app: TestApp) {
    let f = fixture(&app, true).await;
    let id = app.user("sg", Role::SteeringGroup, None).await;
    app.login("sg", "sg-wachtwoord").await;
    let hidden = "Eenling";
    let page = app.get(&format!("/scan/rounds/{}/report", f.round)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Privacytraining voor de teams"),
        "the example, unattributed"
    );
    assert!(!page.body.contains(hidden), "page: {}", page.body);
    let base = format!("/scan/rounds/{}/report/download", f.round);
    let (_, pdf) = bytes(&app, &format!("{base}?format=pdf")).await;
    let text = pdftotext(&pdf);
    assert!(text.contains("Privacy") && !text.contains(hidden), "{text}");
    let (_, xlsx) = bytes(&app, &format!("{base}?format=xlsx")).await;
    let x = xlsx_text(&xlsx);
    assert!(x.contains("Privacy") && !x.contains(hidden));
    let (_, csv) = bytes(&app, &format!("{base}?format=csv&table=themas")).await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Privacy") && !csv.contains(hidden), "{csv}");
    let key = bekwaam::auth::store::create_api_key(&app.db, &Actor::cli(), id, "t")
        .await
        .unwrap();
    let (status, _, json) = app
        .api_get(
            &format!("/api/v1/scan/rounds/{}/report", f.round),
            Some(&key),
        )
        .await;
    assert_eq!(status, 200, "{json}");
    assert!(
        json.contains("\"institutions\":1") && !json.contains(hidden),
        "{json}"
    );
    assert!(
        json.contains("ROC Gamma"),
        "three or more are named: {json}"
    );
    let _ = f.privacy;
}

async fn a_second_interview_of_an_institution_in_a_round_is_refused(app: TestApp) {
    let f = fixture(&app, false).await;
    let text = InterviewText {
        held_on: date!(2024 - 11 - 01),
        roles: vec![Respondent::Board],
        worked: String::new(),
        not_worked: String::new(),
    };
    let again = store::create_interview(
        &app.db,
        &Actor::cli(),
        f.round,
        "99AA",
        &text,
        time::OffsetDateTime::now_utc(),
    )
    .await;
    assert!(
        matches!(again, Err(StoreError::Duplicate { .. })),
        "{again:?}"
    );
    // The form on the page changes the one record instead.
    app.login_as("r", Role::Researcher, None).await;
    let href = format!("/scan/rounds/{}/institutions/99AA", f.round);
    let saved = app
        .submit(
            &href,
            &href,
            &[
                ("held_on", "2024-11-01"),
                ("role", "board"),
                ("role", "hr"),
                ("worked", "Tweede gesprek: de teams pakten het op"),
                ("not_worked", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let records = store::interviews(&app.db, f.round).await.unwrap();
    assert_eq!(
        records.iter().filter(|r| r.institution == "99AA").count(),
        1
    );
    let page = app.get(&href).await;
    assert!(
        page.body
            .contains("Bestuurder, Hr-adviseur of hr-directeur"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Tweede gesprek"));
}

async fn a_used_theme_is_retired_not_deleted_and_an_unused_one_is_deleted(app: TestApp) {
    let f = fixture(&app, false).await;
    app.login_as("r", Role::Researcher, None).await;
    let before = store::codebook_version(&app.db).await.unwrap();
    let added = app
        .submit(
            "/scan/codebook",
            "/scan/codebook",
            &[("name", "Nieuw thema"), ("description", "Nog ongebruikt")],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let themes = store::themes(&app.db).await.unwrap();
    let new = themes.iter().find(|t| t.name == "Nieuw thema").unwrap().id;
    // An unused theme: confirmation first, then deleted.
    let confirm = app.get(&format!("/scan/codebook/{new}/delete")).await;
    assert_eq!(confirm.status, 200);
    assert!(
        confirm.body.contains("Het thema Nieuw thema verwijderen?"),
        "{}",
        confirm.body
    );
    let deleted = app
        .submit(
            "/scan/codebook",
            &format!("/scan/codebook/{new}/delete"),
            &[],
        )
        .await;
    assert_eq!(deleted.status, 303);
    assert!(
        store::themes(&app.db)
            .await
            .unwrap()
            .iter()
            .all(|t| t.id != new)
    );
    // A used theme is refused with a clear message.
    let refused = app
        .submit(
            "/scan/codebook",
            &format!("/scan/codebook/{}/delete", f.scholing),
            &[],
        )
        .await;
    assert_eq!(refused.status, 303);
    let page = app.get("/scan/codebook").await;
    assert!(
        page.body.contains(
            "Een thema dat al vervolgacties codeert kan niet worden verwijderd; laat het vervallen."
        ),
        "{}",
        page.body
    );
    let direct = store::delete_theme(
        &app.db,
        &Actor::cli(),
        f.scholing,
        time::OffsetDateTime::now_utc(),
    )
    .await;
    assert!(
        matches!(
            direct,
            Err(StoreError::WrongState {
                entity: "scan_theme",
                ..
            })
        ),
        "{direct:?}"
    );
    // Retiring it works; it codes no new action but stays in the report.
    let retired = app
        .submit(
            "/scan/codebook",
            &format!("/scan/codebook/{}/retire", f.scholing),
            &[],
        )
        .await;
    assert_eq!(retired.status, 303);
    let t = store::themes(&app.db).await.unwrap();
    let s = t.iter().find(|t| t.id == f.scholing).unwrap();
    assert!(s.is_retired());
    assert_eq!(store::codebook_version(&app.db).await.unwrap(), before + 3);
    let href = format!("/scan/rounds/{}/institutions/99AB", f.round);
    let action = app
        .submit(
            &href,
            &format!("{href}/actions"),
            &[
                ("description", "Nog een studiedag"),
                ("theme", &f.scholing.to_string()),
            ],
        )
        .await;
    assert_eq!(action.status, 422);
    assert!(
        action.body.contains("Het thema Scholing is vervallen"),
        "{}",
        action.body
    );
    assert!(action.body.contains("Nog een studiedag"), "kept");
    let report = app.get(&format!("/scan/rounds/{}/report", f.round)).await;
    assert!(
        report.body.contains("Scholing (vervallen thema)"),
        "{}",
        report.body
    );
}

async fn quotes_reach_the_report_only_once_reviewed(app: TestApp) {
    let f = fixture(&app, false).await;
    app.login_as("r", Role::Researcher, None).await;
    let href = format!("/scan/rounds/{}/institutions/99AA", f.round);
    let quote = "We leren nu echt van elkaar in het team";
    let added = app
        .submit(&href, &format!("{href}/quotes"), &[("text", quote)])
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let report = format!("/scan/rounds/{}/report", f.round);
    assert!(
        !app.get(&report).await.body.contains(quote),
        "not reviewed yet"
    );
    let id = record_id(&app, f.round, "99AA").await;
    let q = store::interview(&app.db, id).await.unwrap().quotes[0].id;
    let reviewed = app
        .submit(&href, &format!("{href}/quotes/{q}/review"), &[])
        .await;
    assert_eq!(reviewed.status, 303);
    assert!(app.get(&report).await.body.contains(quote));
    // A quote naming an institution is refused on its field.
    let named = app
        .submit(
            &href,
            &format!("{href}/quotes"),
            &[("text", "Bij ROC Beta ging het mis")],
        )
        .await;
    assert_eq!(named.status, 422);
    assert!(
        named
            .body
            .contains("Noem geen instelling in de tekst (ROC Beta)"),
        "{}",
        named.body
    );
    assert!(named.body.contains("Bij ROC Beta ging het mis"), "kept");
    // Deleting asks first.
    let confirm = app.get(&format!("{href}/quotes/{q}/delete")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains(quote));
    app.submit(&href, &format!("{href}/quotes/{q}/delete"), &[])
        .await;
    assert!(
        store::interview(&app.db, id)
            .await
            .unwrap()
            .quotes
            .is_empty()
    );
}

async fn a_published_round_is_frozen_and_counts_for_the_kpi(app: TestApp) {
    let f = fixture(&app, false).await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let before = app.get("/programme/kpis").await;
    let section = extract_between(
        &before.body,
        "id=\"kpi-a-bewegingsscan-completed\"",
        "</section>",
    )
    .unwrap();
    assert!(!section.contains("gepubliceerd"), "{section}");
    let round = format!("/scan/rounds/{}", f.round);
    let future = app
        .submit(
            &round,
            &format!("{round}/publish"),
            &[("published_on", "2099-01-01"), ("discussed_on", "")],
        )
        .await;
    assert_eq!(future.status, 422);
    assert!(
        future
            .body
            .contains("De datum van publicatie ligt in de toekomst.")
    );
    let published = app
        .submit(
            &round,
            &format!("{round}/publish"),
            &[("published_on", "2024-12-09"), ("discussed_on", "")],
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    let r = store::round(&app.db, f.round).await.unwrap();
    assert!(r.state.is_completed());
    assert_eq!(r.codebook_version, Some(2));
    // The discussion date is recorded afterwards.
    let report = format!("{round}/report");
    let d = app
        .submit(
            &report,
            &format!("{round}/discussed"),
            &[("discussed_on", "2025-01-30")],
        )
        .await;
    assert_eq!(d.status, 303);
    assert!(
        app.get(&report)
            .await
            .body
            .contains("Besproken in de MBO Raad op 2025-01-30.")
    );
    // Frozen: no new action, on the page or in the store.
    let href = format!("{round}/institutions/99AB");
    let refused = app
        .post(
            &format!("{href}/actions"),
            &[
                ("_csrf", &app.get(&report).await.csrf()),
                ("description", "Te laat"),
                ("theme", &f.scholing.to_string()),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("Deze ronde is afgerond"),
        "{}",
        refused.body
    );
    let id = record_id(&app, f.round, "99AB").await;
    let direct = store::add_action(&app.db, &Actor::cli(), id, "x", &[f.scholing]).await;
    assert!(
        matches!(direct, Err(StoreError::WrongState { .. })),
        "{direct:?}"
    );
    let again = store::publish(&app.db, &Actor::cli(), f.round, date!(2024 - 12 - 10), None).await;
    assert!(matches!(again, Err(StoreError::WrongState { .. })));
    // The KPI counts the published round, from its publication.
    let after = app.get("/programme/kpis").await;
    let section = extract_between(
        &after.body,
        "id=\"kpi-a-bewegingsscan-completed\"",
        "</section>",
    )
    .unwrap();
    assert!(
        section.contains("1 bewegingsscan(s) gepubliceerd, de laatste Najaar 2024 op 2024-12-09."),
        "{section}"
    );
}

async fn an_interview_is_pending_until_it_is_recorded_in_the_open_round(app: TestApp) {
    let f = fixture(&app, true).await;
    use bekwaam::scan::service::pending_interview;
    assert_eq!(
        pending_interview(&app.db, "99AA").await.unwrap(),
        None,
        "no open round"
    );
    let open = store::create_round(
        &app.db,
        &Actor::cli(),
        &NewRound {
            name: "Najaar 2026".into(),
            year: 2026,
        },
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    let pending = pending_interview(&app.db, "99AA").await.unwrap();
    assert_eq!(pending.map(|r| r.name).as_deref(), Some("Najaar 2026"));
    app.login_as("noord", Role::Coordinator, Some("99AA")).await;
    let home = app.get("/scan/institutions/99AA").await;
    assert!(
        home.body
            .contains("Het interview in de ronde Najaar 2026 staat nog open."),
        "{}",
        home.body
    );
    let text = InterviewText {
        held_on: date!(2026 - 10 - 01),
        roles: vec![Respondent::Hr],
        worked: String::new(),
        not_worked: String::new(),
    };
    store::create_interview(
        &app.db,
        &Actor::cli(),
        open,
        "99AA",
        &text,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    assert_eq!(pending_interview(&app.db, "99AA").await.unwrap(), None);
    assert!(pending_interview(&app.db, "99AB").await.unwrap().is_some());
    let _ = f;
}

async fn bad_input_names_the_field_and_keeps_what_was_typed(app: TestApp) {
    let f = fixture(&app, false).await;
    app.institution("99AE", "ROC Delta").await;
    app.login_as("r", Role::Researcher, None).await;
    let href = format!("/scan/rounds/{}/institutions/99AE", f.round);
    let bad = app
        .submit(
            &href,
            &href,
            &[
                ("held_on", "2099-01-01"),
                ("worked", "Bij ROC Alfa ging het goed"),
                ("not_worked", "Weinig tijd"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    for e in [
        "<p class=\"field-error\" id=\"held_on-error\">De datum van het interview ligt in de toekomst.</p>",
        "<p class=\"field-error\" id=\"roles-error\">Kies minstens één functie van wie is geïnterviewd.</p>",
        "<p class=\"field-error\" id=\"worked-error\">Noem geen instelling in de tekst (ROC Alfa): het sectorrapport is anoniem.</p>",
    ] {
        assert!(bad.body.contains(e), "{e}: {}", bad.body);
    }
    assert!(
        bad.body.contains("value=\"2099-01-01\"") && bad.body.contains(">Weinig tijd</textarea>")
    );
    assert!(
        store::interviews(&app.db, f.round)
            .await
            .unwrap()
            .iter()
            .all(|r| r.institution != "99AE")
    );
    let round = app
        .submit(
            "/scan",
            "/scan/rounds",
            &[("name", ""), ("year", "twintig")],
        )
        .await;
    assert_eq!(round.status, 422);
    assert!(
        round
            .body
            .contains("id=\"round-name-error\">Vul dit veld in.</p>"),
        "{}",
        round.body
    );
    assert!(
        round.body.contains("Vul een jaar in tussen 2000 en 2100")
            && round.body.contains("value=\"twintig\"")
    );
    let taken = app
        .submit(
            "/scan",
            "/scan/rounds",
            &[("name", "Najaar 2024"), ("year", "2024")],
        )
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("Er is al een scanronde met deze naam."));
    let theme = app
        .submit(
            "/scan/codebook",
            "/scan/codebook",
            &[("name", "Privacy"), ("description", "")],
        )
        .await;
    assert_eq!(theme.status, 422);
    assert!(theme.body.contains("Er is al een thema met deze naam."));
    let no_theme = app
        .submit(
            &format!("/scan/rounds/{}/institutions/99AA", f.round),
            &format!("/scan/rounds/{}/institutions/99AA/actions", f.round),
            &[("description", "Iets zonder thema")],
        )
        .await;
    assert_eq!(no_theme.status, 422);
    assert!(
        no_theme
            .body
            .contains("id=\"themes-error\">Kies minstens één thema.</p>")
    );
}

async fn who_may_do_what_in_the_scan(app: TestApp) {
    let f = fixture(&app, false).await;
    let a = Actor::cli();
    let rec = record_id(&app, f.round, "99AA").await;
    let q = store::add_quote(&app.db, &a, rec, "Nagekeken citaat")
        .await
        .unwrap();
    store::review_quote(&app.db, &a, rec, q, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    store::add_quote(&app.db, &a, rec, "Nog niet nagekeken")
        .await
        .unwrap();
    store::publish(&app.db, &a, f.round, date!(2024 - 12 - 09), None)
        .await
        .unwrap();
    let open = store::create_round(
        &app.db,
        &Actor::cli(),
        &NewRound {
            name: "Najaar 2026".into(),
            year: 2026,
        },
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    // The steering group reads published reports, nothing else.
    app.login_as("sg", Role::SteeringGroup, None).await;
    let index = app.get("/scan").await;
    assert_eq!(index.status, 200);
    assert!(index.body.contains("Najaar 2024") && !index.body.contains("Najaar 2026"));
    assert!(index.body.contains("href=\"/scan\""), "nav item");
    assert_eq!(
        app.get(&format!("/scan/rounds/{}/report", f.round))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/scan/rounds/{open}/report")).await.status,
        403
    );
    assert_eq!(
        app.get(&format!("/scan/rounds/{}", f.round)).await.status,
        403
    );
    assert_eq!(app.get("/scan/codebook").await.status, 403);
    assert_eq!(
        app.get(&format!("/scan/rounds/{}/institutions/99AA", f.round))
            .await
            .status,
        403
    );
    let post = app
        .post(
            "/scan/rounds",
            &[("_csrf", &index.csrf()), ("name", "X"), ("year", "2028")],
        )
        .await;
    assert_eq!(post.status, 403);
    app.logout().await;
    // Researchers manage, and see a draft report marked as such.
    app.login_as("r", Role::Researcher, None).await;
    assert_eq!(app.get("/scan/codebook").await.status, 200);
    let draft = app.get(&format!("/scan/rounds/{open}/report")).await;
    assert_eq!(draft.status, 200);
    assert!(
        draft
            .body
            .contains("Concept: dit rapport is nog niet gepubliceerd.")
    );
    app.logout().await;
    // Experts have no part in it.
    app.login_as("e", Role::Expert, Some("99AA")).await;
    assert_eq!(app.get("/scan").await.status, 403);
    assert!(!app.get("/").await.body.contains("href=\"/scan\""));
    app.logout().await;
    // A coordinator reads the own record, not the sector report.
    app.login_as("c", Role::Coordinator, Some("99AA")).await;
    assert_eq!(
        app.get("/scan").await.location.as_deref(),
        Some("/scan/institutions/99AA")
    );
    let own = app.get("/scan/institutions/99AA").await;
    assert!(
        own.body.contains("Najaar 2024") && own.body.contains("Najaar 2026"),
        "{}",
        own.body
    );
    let record = app
        .get(&format!("/scan/rounds/{}/institutions/99AA", f.round))
        .await;
    assert_eq!(record.status, 200);
    assert!(record.body.contains("Studiedag over de monitor"));
    assert!(
        !record.body.contains("Interview opslaan"),
        "reads, does not edit"
    );
    assert_eq!(
        app.get(&format!("/scan/rounds/{}/report", f.round))
            .await
            .status,
        403
    );
    let post = app
        .post(
            &format!("/scan/rounds/{open}/institutions/99AA"),
            &[
                ("_csrf", &own.csrf()),
                ("held_on", "2026-10-01"),
                ("role", "hr"),
            ],
        )
        .await;
    assert_eq!(post.status, 403);
}

async fn a_coordinator_cannot_read_another_institutions_record(app: TestApp) {
    let f = fixture(&app, true).await;
    let id = app.user("noord", Role::Coordinator, Some("99AA")).await;
    app.login("noord", "noord-wachtwoord").await;
    assert_eq!(
        app.get(&format!("/scan/rounds/{}/institutions/99AB", f.round))
            .await
            .status,
        403
    );
    assert_eq!(app.get("/scan/institutions/99AB").await.status, 403);
    let key = bekwaam::auth::store::create_api_key(&app.db, &Actor::cli(), id, "t")
        .await
        .unwrap();
    let (own, _, body) = app
        .api_get("/api/v1/institutions/99AA/scan", Some(&key))
        .await;
    assert_eq!(own, 200, "{body}");
    assert!(
        body.contains("\"round\":\"Najaar 2024\"") && body.contains("Studiedag over de monitor"),
        "{body}"
    );
    let (other, ct, _) = app
        .api_get("/api/v1/institutions/99AB/scan", Some(&key))
        .await;
    assert_eq!(other, 403);
    assert_eq!(ct.as_deref(), Some("application/problem+json"));
    let (report, _, _) = app
        .api_get(
            &format!("/api/v1/scan/rounds/{}/report", f.round),
            Some(&key),
        )
        .await;
    assert_eq!(report, 403);
}

async fn a_database_failure_gives_an_error_page_and_writes_no_half_action(app: TestApp) {
    let f = fixture(&app, false).await;
    app.login_as("r", Role::Researcher, None).await;
    let href = format!("/scan/rounds/{}/institutions/99AB", f.round);
    let token = app.get(&href).await.csrf();
    crate::helpers::exec_sql(
        &app.db,
        "ALTER TABLE scan_action_themes RENAME TO scan_action_themes_gone",
    )
    .await;
    let failed = app
        .post(
            &format!("{href}/actions"),
            &[
                ("_csrf", &token),
                ("description", "Half geschreven"),
                ("theme", &f.scholing.to_string()),
            ],
        )
        .await;
    assert_eq!(failed.status, 500, "{}", failed.body);
    assert!(failed.body.contains("Er ging iets mis"), "{}", failed.body);
    crate::helpers::exec_sql(
        &app.db,
        "ALTER TABLE scan_action_themes_gone RENAME TO scan_action_themes",
    )
    .await;
    // The action inserted before the failure was rolled back with it.
    let id = record_id(&app, f.round, "99AB").await;
    let record = store::interview(&app.db, id).await.unwrap();
    assert!(
        record
            .actions
            .iter()
            .all(|a| a.description != "Half geschreven"),
        "{:?}",
        record.actions
    );
    assert_eq!(app.get(&href).await.status, 200);
}

/// `bekwaam scan report` writes the demo's published report, the same
/// report as the page, and names the round it does not know.
#[test]
fn the_cli_writes_the_scan_report_of_the_demo() {
    const BIN: &str = env!("CARGO_BIN_EXE_bekwaam");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = bekwaam::store::Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        bekwaam::demo::seed(&db).await.unwrap();
        bekwaam::scan::demo::seed(&db).await.unwrap();
        bekwaam::scan::demo::seed(&db).await.unwrap();
        let rounds = store::rounds(&db).await.unwrap();
        assert_eq!(rounds.len(), 3, "seeded once");
        assert_eq!(rounds.iter().filter(|r| r.state.is_completed()).count(), 2);
        let themes = store::themes(&db).await.unwrap();
        assert_eq!(themes.len(), 8);
    });
    let out = dir.path().join("scan.pdf");
    let run = std::process::Command::new(BIN)
        .args([
            "--database-url",
            &url,
            "scan",
            "report",
            "--round",
            "Najaar 2024",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(&out)
        .env("BEKWAAM_LANG", "nl")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = pdftotext(&std::fs::read(&out).unwrap());
    for expected in [
        "Bewegingsscan Najaar 2024",
        "Besproken in de MBO Raad op 2025-01-30.",
        "Scholing en training",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let xlsx = dir.path().join("scan.xlsx");
    let run = std::process::Command::new(BIN)
        .args([
            "--database-url",
            &url,
            "scan",
            "report",
            "--round",
            "Najaar 2022",
            "--format",
            "xlsx",
            "-o",
        ])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(xlsx_text(&std::fs::read(&xlsx).unwrap()).contains("Ict-infrastructuur en middelen"));
    let unknown = std::process::Command::new(BIN)
        .args([
            "--database-url",
            &url,
            "scan",
            "report",
            "--round",
            "Voorjaar 1999",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(dir.path().join("x.pdf"))
        .env("BEKWAAM_LANG", "nl")
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        err.contains("--round") && err.contains("Er is geen scanronde met deze naam."),
        "{err}"
    );
}

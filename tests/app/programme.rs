//! Programme management: the dashboard per objective, KPIs computed from
//! the platform's data or entered by hand, milestones, the versioned
//! programme definition, and the steering group's read-only view.

use bekwaam::analysis::disclosure::MinGroup;
use bekwaam::analysis::report;
use bekwaam::auth::Role;
use bekwaam::programme::SHIPPED;

use crate::helpers::TestApp;
use crate::on_both;

on_both!(
    steering_group_reads_the_programme_but_cannot_change_it,
    a_manual_kpi_figure_is_validated_and_recorded_with_who_and_when,
    kpis_whose_part_does_not_exist_say_no_data_yet,
    the_monitor_kpi_is_computed_from_the_sector_report,
    milestones_turn_late_and_are_recorded_with_evidence,
    the_definition_is_versioned_and_validated_with_line_and_field,
);

async fn steering_group_reads_the_programme_but_cannot_change_it(app: TestApp) {
    app.institution("99AA", "ROC Test").await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    assert_eq!(app.get("/programme").await.status, 403);
    app.logout().await;

    app.login_as("stuur", Role::SteeringGroup, None).await;
    let home = app.get("/").await;
    assert!(home.body.contains("href=\"/programme\""), "nav link");
    let page = app.get("/programme").await;
    assert_eq!(page.status, 200, "{}", page.body);
    for n in 1..=6 {
        assert!(
            page.body.contains(&format!("Doelstelling {n}")),
            "objective {n}"
        );
    }
    let kpis = app.get("/programme/kpis").await;
    assert_eq!(kpis.status, 200);
    assert!(!kpis.body.contains("Waarde invoeren"), "no entry forms");
    let ms = app.get("/programme/milestones").await;
    assert_eq!(ms.status, 200);
    assert!(!ms.body.contains("Voortgang vastleggen"));
    let def = app.get("/programme/definition").await;
    assert_eq!(def.status, 200);
    assert!(!def.body.contains("<textarea"), "read-only source");
    let token = kpis.csrf();
    for (path, form) in [
        (
            "/programme/kpis/f-experts",
            vec![
                ("period", "2024"),
                ("period_ends", "2024-12-31"),
                ("value", "2"),
            ],
        ),
        (
            "/programme/milestones/a-bewegingsscan-2022",
            vec![("status", "done"), ("done_on", "2022-12-01")],
        ),
        ("/programme/definition", vec![("source", SHIPPED)]),
    ] {
        let mut fields = vec![("_csrf", token.as_str())];
        fields.extend(form);
        assert_eq!(app.post(path, &fields).await.status, 403, "{path}");
    }
}

async fn a_manual_kpi_figure_is_validated_and_recorded_with_who_and_when(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/kpis").await;
    assert!(page.body.contains("id=\"kpi-f-experts\""));
    let bad = app
        .submit(
            "/programme/kpis",
            "/programme/kpis/f-experts",
            &[
                ("period", ""),
                ("period_ends", "31-12-2024"),
                ("value", "twee"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Vul de periode in"), "{}", bad.body);
    assert!(bad.body.contains("Vul een geldige datum in"));
    assert!(bad.body.contains("Vul een getal van 0 of hoger in"));
    assert!(bad.body.contains("value=\"twee\""), "input kept");

    let ok = app
        .submit(
            "/programme/kpis",
            "/programme/kpis/f-experts",
            &[
                ("period", "2023"),
                ("period_ends", "2023-12-31"),
                ("value", "1"),
                ("note", "eerste expert aangewezen"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    app.submit(
        "/programme/kpis",
        "/programme/kpis/f-experts",
        &[
            ("period", "2024"),
            ("period_ends", "2024-12-31"),
            ("value", "2"),
        ],
    )
    .await;
    let page = app.get("/programme/kpis").await;
    let section =
        crate::helpers::extract_between(&page.body, "id=\"kpi-f-experts\"", "</section>").unwrap();
    assert!(section.contains("Ingevoerd door pm op"), "{section}");
    assert!(section.contains("eerste expert aangewezen"));
    assert!(section.contains("2 in 2024: doel gehaald."), "{section}");
    assert!(section.contains("beter dan de vorige meting"));
    assert!(section.contains("op koers"));

    // A yes/no or percentage KPI takes only what its unit allows.
    let pct = app
        .submit(
            "/programme/kpis",
            "/programme/kpis/stuurgroep-voortgang",
            &[
                ("period", "2024"),
                ("period_ends", "2024-12-31"),
                ("value", "-1"),
            ],
        )
        .await;
    assert_eq!(pct.status, 422);

    // A computed KPI never takes a figure from a form.
    let computed = app
        .submit(
            "/programme/kpis",
            "/programme/kpis/a-monitor-increase",
            &[
                ("period", "2024"),
                ("period_ends", "2024-12-31"),
                ("value", "1"),
            ],
        )
        .await;
    assert_eq!(computed.status, 404);

    let audit = app.get("/audit").await;
    assert!(audit.body.contains("kpi_entry"));
}

async fn kpis_whose_part_does_not_exist_say_no_data_yet(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/kpis").await;
    let section =
        crate::helpers::extract_between(&page.body, "id=\"kpi-b-policy-coverage\"", "</section>")
            .unwrap();
    assert!(section.contains("nog geen gegevens"), "{section}");
    assert!(section.contains("zodra het onderdeel"), "{section}");
    assert!(!section.contains("<table"), "no made-up figures");
}

async fn the_monitor_kpi_is_computed_from_the_sector_report(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::demo::seed_monitor(&app.db).await.unwrap();
    bekwaam::demo::seed_history(&app.db).await.unwrap();
    // What the sector report says for 2024 against 2022, computed here
    // through the library.
    let instruments = bekwaam::monitor::Instruments::default();
    let cache = bekwaam::analysis::store::WaveCache::default();
    let all = bekwaam::analysis::store::load_waves(&app.db, &instruments, &cache)
        .await
        .unwrap();
    let i = all.iter().position(|(w, _)| w.name == "2024").unwrap();
    let data: Vec<report::Wave> = all.iter().map(|(_, d)| d.clone()).collect();
    let expected = report::sector(&data, i, MinGroup::default())
        .every_domain_increased
        .unwrap();

    app.login("programmamanager", "demo-programmamanager").await;
    let page = app.get("/programme/kpis").await;
    let section =
        crate::helpers::extract_between(&page.body, "id=\"kpi-a-monitor-increase\"", "</section>")
            .unwrap();
    assert!(
        section.contains("Sectorrapport 2024 tegenover 2022"),
        "{section}"
    );
    let shown = if expected { ">ja<" } else { ">nee<" };
    assert!(section.contains(shown), "{section}");
    let light = if expected { "op koers" } else { "niet gehaald" };
    assert!(section.contains(light), "{section}");
}

async fn milestones_turn_late_and_are_recorded_with_evidence(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let dash = app.get("/programme").await;
    // The plan's milestones all fall before today (2026 and later): late.
    assert!(dash.body.contains("te laat"), "{}", dash.body);
    let ms = app.get("/programme/milestones").await;
    assert!(ms.body.contains("<svg class=\"timeline\""));
    assert!(ms.body.contains("id=\"ms-a-bewegingsscan-2022\""));

    let bad = app
        .submit(
            "/programme/milestones",
            "/programme/milestones/a-bewegingsscan-2022",
            &[
                ("status", "done"),
                ("done_on", ""),
                ("evidence", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("Vul een volledige link in"),
        "{}",
        bad.body
    );

    let no_date = app
        .submit(
            "/programme/milestones",
            "/programme/milestones/a-bewegingsscan-2022",
            &[("status", "done"), ("done_on", ""), ("evidence", "")],
        )
        .await;
    assert_eq!(no_date.status, 422);
    assert!(no_date.body.contains("Vul de datum in waarop"));

    let ok = app
        .submit(
            "/programme/milestones",
            "/programme/milestones/a-bewegingsscan-2022",
            &[
                ("status", "done"),
                ("done_on", "2022-11-30"),
                ("evidence", "https://mbodigitaal.nl/bewegingsscan-2022"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let ms = app.get("/programme/milestones").await;
    let row = crate::helpers::extract_between(&ms.body, "id=\"ms-a-bewegingsscan-2022\"", "</tr>")
        .unwrap();
    assert!(row.contains("gereed"), "{row}");
    assert!(row.contains("https://mbodigitaal.nl/bewegingsscan-2022"));
    assert!(row.contains("Bijgewerkt door pm"));
    let unknown = app
        .submit(
            "/programme/milestones",
            "/programme/milestones/bestaat-niet",
            &[("status", "done"), ("done_on", "2022-11-30")],
        )
        .await;
    assert_eq!(unknown.status, 404);
}

async fn the_definition_is_versioned_and_validated_with_line_and_field(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/definition").await;
    assert!(page.body.contains("Huidige versie: 1"), "{}", page.body);

    // A milestone pointing at an activity that does not exist.
    let broken = SHIPPED.replacen("version = 1", "version = 2", 1).replacen(
        "activity = \"a-bewegingsscan\"",
        "activity = \"bestaat-niet\"",
        1,
    );
    assert_ne!(broken, SHIPPED.replacen("version = 1", "version = 2", 1));
    let line = broken
        .lines()
        .position(|l| l.contains("bestaat-niet"))
        .unwrap()
        + 1;
    let res = app
        .submit(
            "/programme/definition",
            "/programme/definition",
            &[("source", &broken)],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("“bestaat-niet” bestaat niet"),
        "{}",
        res.body
    );
    // The error names the file, a line within the milestone's table and
    // the field.
    let header = broken[..broken.find("bestaat-niet").unwrap()]
        .rfind("[[milestones]]")
        .map(|i| broken[..i].matches('\n').count() + 1)
        .unwrap();
    let error = crate::helpers::extract_between(&res.body, "programma:", ": milestones[").unwrap();
    let at: usize = error.parse().unwrap();
    assert!((header..=line).contains(&at), "{header} <= {at} <= {line}");
    assert!(res.body.contains("].activity"), "{}", res.body);

    let renamed = SHIPPED.replacen("version = 1", "version = 2", 1).replacen(
        "Digitaal Bekwaam MBO\", en",
        "Digitaal Bekwaam MBO (bijgewerkt)\", en",
        1,
    );
    let ok = app
        .submit(
            "/programme/definition",
            "/programme/definition",
            &[("source", &renamed)],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let page = app.get("/programme/definition").await;
    assert!(page.body.contains("Huidige versie: 2"));
    assert!(page.body.contains("href=\"/programme/definition/1\""));
    let dash = app.get("/programme").await;
    assert!(
        dash.body.contains("(bijgewerkt)"),
        "the new version is used"
    );
    let old = app.get("/programme/definition/1").await;
    assert_eq!(old.status, 200);
    assert!(
        !old.body.contains("(bijgewerkt)"),
        "old versions stay as they were"
    );

    // Saving over version 2 again is refused: someone else may have saved.
    let again = app
        .submit(
            "/programme/definition",
            "/programme/definition",
            &[("source", &renamed)],
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("version moet 3 zijn"), "{}", again.body);
}

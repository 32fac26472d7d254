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
    budget_bookings_are_imported_all_or_nothing_with_each_bad_row_named,
    a_frozen_steering_report_does_not_change_when_the_data_do,
    the_evaluation_pack_holds_every_file_with_a_readme,
    tracks_record_phases_and_expert_conversations,
    milestones_the_platform_observes_follow_its_data_with_the_evidence_linked,
    the_kpi_page_says_what_a_figure_is_computed_from_without_rule_names,
    bookings_outside_the_programme_are_refused_and_lines_may_be_named,
    a_budget_import_full_of_errors_gives_a_small_page,
    a_negative_balance_stands_out_in_words,
    the_timeline_is_readable_and_nothing_in_it_is_cut_off,
    every_breadcrumb_of_the_programme_leads_where_it_says,
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
    assert!(
        audit
            .body
            .contains("<td>Programma f-experts</td><td>KPI-waarde ingevoerd</td>"),
        "{}",
        audit.body
    );
}

async fn kpis_whose_part_does_not_exist_say_no_data_yet(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/kpis").await;
    let section = crate::helpers::extract_between(
        &page.body,
        "id=\"kpi-d-campaigns-per-school-year\"",
        "</section>",
    )
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
    let sector = report::sector(&data, i, MinGroup::default());
    let expected = sector.every_domain_increased.unwrap();
    // The detail names every domain without a significant rise, and only
    // those.
    let not = sector.domains_without_significant_rise();
    assert_eq!(expected, not.is_empty());
    let domains = &data[i].instrument.domains;

    app.login("programmamanager", "demo-programmamanager").await;
    let page = app.get("/programme/kpis").await;
    let section =
        crate::helpers::extract_between(&page.body, "id=\"kpi-a-monitor-increase\"", "</section>")
            .unwrap();
    assert!(
        section.contains("Sectorrapport 2024 tegenover 2022"),
        "{section}"
    );
    for (d, domain) in domains.iter().enumerate() {
        let named = section.contains(&format!(" {}", domain.name.nl));
        assert_eq!(named, not.contains(&d), "{}: {section}", domain.name.nl);
    }
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

async fn upload_bookings(app: &TestApp, csv: &str) -> crate::helpers::Html {
    app.upload("/programme/budget", "/programme/budget/import", csv, &[])
        .await
}

/// A budget line of the shipped programme with a planned amount in 2024.
fn line_2024() -> String {
    let p = bekwaam::programme::definition::parse("shipped", SHIPPED).unwrap();
    p.budget_lines
        .iter()
        .find(|l| l.planned(2024) > 0)
        .unwrap()
        .id
        .clone()
}

async fn budget_bookings_are_imported_all_or_nothing_with_each_bad_row_named(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let line = line_2024();
    let bad = format!(
        "datum;regel;soort;bedrag;omschrijving;kenmerk\n\
         2024-03-01;{line};realisatie;1.500,00;Zaalhuur;F-1\n\
         2024-04-01;{line};realisatie;veel;Catering;F-2\n\
         2024-05-01;bestaat-niet;;100;Drukwerk;F-3\n"
    );
    let res = upload_bookings(&app, &bad).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Er is niets geboekt"), "{}", res.body);
    assert!(
        res.body.contains("<td class=\"num\">3</td><td>amount</td>"),
        "{}",
        res.body
    );
    assert!(res.body.contains("<td class=\"num\">4</td><td>line</td>"));
    let page = app.get("/programme/budget?year=2024").await;
    assert!(
        page.body.contains("Er zijn nog geen boekingen."),
        "nothing booked"
    );

    let good = format!(
        "date,line,kind,amount,description,reference\n\
         2024-03-01,{line},actual,1500.00,Zaalhuur,F-1\n\
         31-12-2024,{line},,250,Catering,F-2\n\
         2024-06-01,{line},commitment,1000,Opdracht onderzoek,O-7\n"
    );
    let res = upload_bookings(&app, &good).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = app.get("/programme/budget?year=2024").await;
    assert!(page.body.contains("Zaalhuur") && page.body.contains("Catering"));
    assert!(
        page.body.contains("€ 1.750,00"),
        "spent 2024: {}",
        page.body
    );
    assert!(page.body.contains("€ 1.000,00"), "committed 2024");
    // Each year once in the per-year table (rows come per line, then year).
    assert_eq!(
        page.body
            .matches("href=\"/programme/budget?year=2023\"")
            .count(),
        1,
        "{}",
        page.body
    );

    // One booking by hand: a bad amount is refused at its field.
    let res = app
        .submit(
            "/programme/budget",
            "/programme/budget",
            &[
                ("date", "2024-07-01"),
                ("line", &line),
                ("kind", "actual"),
                ("amount", "tien euro"),
                ("description", "Koffie"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("is geen bedrag"), "{}", res.body);
    assert!(res.body.contains("value=\"Koffie\""), "input kept");

    // The financial report as XLSX: the spent total read back independently.
    let xlsx = app
        .client
        .get(format!(
            "{}/programme/budget/report/download?year=2024&format=xlsx",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    use calamine::{DataType, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book
        .sheet_names()
        .into_iter()
        .find(|n| n == "speerpunten")
        .unwrap();
    let range = book.worksheet_range(&sheet).unwrap();
    let total = range
        .rows()
        .find(|r| r.first().and_then(|c| c.get_string()) == Some("Totaal"))
        .unwrap()
        .to_vec();
    assert_eq!(total[3].get_float(), Some(1750.0), "{total:?}");
    assert_eq!(total[2].get_float(), Some(1000.0), "{total:?}");
    let pdf = app
        .client
        .get(format!(
            "{}/programme/budget/report/download?year=2024&format=pdf",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
}

async fn a_frozen_steering_report_does_not_change_when_the_data_do(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let bad = app
        .submit(
            "/programme/steering",
            "/programme/steering",
            &[("quarter", "2026-K5")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Schrijf het kwartaal als"));
    let res = app
        .submit(
            "/programme/steering",
            "/programme/steering",
            &[("quarter", "2026 k1")],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let report = res.location.unwrap();
    let again = app
        .submit(
            "/programme/steering",
            "/programme/steering",
            &[("quarter", "2026-K1")],
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Er is al een rapportage voor 2026-K1"));

    // The steering group does not see a draft.
    let steering = app.new_browser();
    app.user("stuur", Role::SteeringGroup, None).await;
    app.login_with(&steering, "stuur", "stuur-wachtwoord").await;
    assert_eq!(app.get_with(&steering, &report).await.status, 404);

    let res = app
        .submit(
            &report,
            &report,
            &[("commentary", "Eerste alinea.\r\n\r\nTweede alinea.")],
        )
        .await;
    assert_eq!(res.status, 303);
    let draft = app.get(&report).await;
    assert!(
        draft.body.contains("<p>Tweede alinea.</p>"),
        "{}",
        draft.body
    );
    assert!(
        draft.body.contains("Nog geen gegevens."),
        "f-experts has no data yet"
    );
    let confirm = app.get(&format!("{report}/freeze")).await;
    assert!(
        confirm
            .body
            .contains("Dit kan niet ongedaan worden gemaakt.")
    );
    let res = app.submit(&report, &format!("{report}/freeze"), &[]).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let frozen = app.get(&report).await;
    assert!(frozen.body.contains("Bevroren op"));

    // The data change after the freeze ...
    app.submit(
        "/programme/kpis",
        "/programme/kpis/f-experts",
        &[
            ("period", "2026"),
            ("period_ends", "2026-03-31"),
            ("value", "2"),
        ],
    )
    .await;
    let later = app
        .submit(&report, &report, &[("commentary", "Gewijzigd.")])
        .await;
    assert_eq!(later.status, 409, "a frozen report takes no commentary");
    // ... and the frozen report is exactly what it was.
    let after = app.get(&report).await;
    // The report itself: after the heading (a flash message may precede it)
    // up to its footer.
    let main = |b: &str| crate::helpers::extract_between(b, "</h1>", "Samengesteld op").unwrap();
    assert_eq!(main(&frozen.body), main(&after.body));
    assert!(!after.body.contains("Gewijzigd."));
    // The database refuses a change too.
    let id: i64 = report.rsplit('/').next().unwrap().parse().unwrap();
    let tampered = bekwaam::programme::store::set_commentary(
        &app.db,
        &bekwaam::audit::Actor::system(),
        id,
        "x",
    )
    .await;
    assert!(tampered.is_err());

    // The steering group reads it, also as PDF with the commentary in it.
    let seen = app.get_with(&steering, &report).await;
    assert_eq!(seen.status, 200);
    assert!(main(&seen.body).contains("Tweede alinea."));
    assert!(!seen.body.contains("Toelichting opslaan"));
    let pdf = steering
        .get(format!("{}{report}/download?format=pdf", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    let bytes = pdf.bytes().await.unwrap();
    let text = crate::helpers::pdftotext(&bytes);
    assert!(text.contains("Stuurgroeprapportage 2026-K1"), "{text}");
    assert!(text.contains("Tweede alinea."), "{text}");
}

async fn the_evaluation_pack_holds_every_file_with_a_readme(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
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
    let page = app.get("/programme/evaluation").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("kpi_observations.csv"));
    let res = app
        .client
        .get(format!("{}/programme/evaluation/download", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names.sort();
    for f in [
        "README.txt",
        "budget.csv",
        "budget_entries.csv",
        "evaluatie.xlsx",
        "kpi_observations.csv",
        "kpi_status.csv",
        "library_usage_by_item.csv",
        "library_usage_by_school_year.csv",
        "milestones.csv",
        "monitor_sector_means.csv",
        "steering_reports.csv",
    ] {
        assert!(names.iter().any(|n| n == f), "{f} in {names:?}");
    }
    let read = |zip: &mut zip::ZipArchive<_>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let readme = read(&mut zip, "README.txt");
    for n in names.iter().filter(|n| n.ends_with(".csv")) {
        assert!(readme.contains(n.as_str()), "README describes {n}");
    }
    assert!(readme.contains("Nog niet in dit pakket"), "{readme}");
    let obs = read(&mut zip, "kpi_observations.csv");
    assert!(
        obs.starts_with("kpi,name,target,period,period_ends,value,origin"),
        "{obs}"
    );
    let row = obs.lines().find(|l| l.starts_with("f-experts,")).unwrap();
    assert!(
        row.contains(",2024,2024-12-31,2") && row.contains(",manual"),
        "{row}"
    );
    let ms = read(&mut zip, "milestones.csv");
    assert_eq!(
        ms.lines().count(),
        1 + bekwaam::programme::definition::parse("s", SHIPPED)
            .unwrap()
            .milestones
            .len()
    );
    let audit = app.get("/audit").await;
    assert!(
        audit
            .body
            .contains("<td>Programma evaluation</td><td>Gedownload</td>"),
        "{}",
        audit.body
    );
}

async fn tracks_record_phases_and_expert_conversations(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/tracks").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"track-e-master\""), "{}", page.body);
    let bad = app
        .submit(
            "/programme/tracks",
            "/programme/tracks/e-master/field-research",
            &[("reached_on", "gisteren")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Vul een geldige datum in"));
    let ok = app
        .submit(
            "/programme/tracks",
            "/programme/tracks/e-master/field-research",
            &[("reached_on", "2023-07-10"), ("note", "rapport opgeleverd")],
        )
        .await;
    assert_eq!(ok.status, 303);
    let page = app.get("/programme/tracks").await;
    let track =
        crate::helpers::extract_between(&page.body, "id=\"track-e-master\"", "</table>").unwrap();
    assert!(
        track.contains("bereikt") && track.contains("2023-07-10"),
        "{track}"
    );
    assert!(track.contains("rapport opgeleverd"));
    let unknown = app
        .submit(
            "/programme/tracks",
            "/programme/tracks/e-master/nope",
            &[("reached_on", "2023-07-10")],
        )
        .await;
    assert_eq!(unknown.status, 404);

    let bad = app
        .submit(
            "/programme/tracks",
            "/programme/tracks",
            &[
                ("kind", "conversation"),
                ("title", "Gesprek met Velon"),
                ("partner", "velon"),
                ("held_on", "2024-03-12"),
                ("link", "ftp://x"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Gesprek met Velon\""));
    let ok = app
        .submit(
            "/programme/tracks",
            "/programme/tracks",
            &[
                ("kind", "conversation"),
                ("title", "Gesprek met Velon"),
                ("partner", "velon"),
                ("held_on", "2024-03-12"),
                ("summary", "Afspraken over opleidingsprofielen."),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let page = app.get("/programme/tracks").await;
    assert!(
        page.body.contains("Gesprek met Velon") && page.body.contains("Velon</td>"),
        "{}",
        page.body
    );
}

/// The row of milestone `id` on the milestones page.
async fn milestone_row(app: &TestApp, id: &str) -> String {
    let page = app.get("/programme/milestones").await;
    crate::helpers::extract_between(&page.body, &format!("id=\"ms-{id}\""), "</tr>").unwrap()
}

async fn milestones_the_platform_observes_follow_its_data_with_the_evidence_linked(app: TestApp) {
    use bekwaam::audit::Actor;
    use bekwaam::monitor::{self, WaveState, store as ms};
    app.login_as("pm", Role::ProgrammeManager, None).await;
    // "Tweede landelijke afname" is observed by the wave "2024": without
    // that wave it is late (its date, 2025-07-31, has passed) ...
    let ms_id = "a-monitor-afname-2024-2025";
    let row = milestone_row(&app, ms_id).await;
    assert!(row.contains("te laat"), "{row}");
    assert!(row.contains("Er is nog geen afname 2024"), "{row}");
    // ... and a status recorded by hand (say, before the definition named
    // its observer) does not count.
    crate::helpers::exec_sql(
        &app.db,
        &format!(
            "INSERT INTO milestone_progress (programme, milestone, status, done_on, evidence, \
             updated_by, updated_on) VALUES ('digitaal-bekwaam-mbo', '{ms_id}', 'done', \
             '2025-07-01', 'https://example.org/x', 'pm', '2025-07-01')"
        ),
    )
    .await;
    let row = milestone_row(&app, ms_id).await;
    assert!(
        row.contains("te laat") && !row.contains("example.org"),
        "{row}"
    );
    // No form to set it, and a crafted one is refused.
    let page = app.get("/programme/milestones").await;
    assert!(!page.body.contains(&format!("id=\"record-{ms_id}\"")));
    assert!(page.body.contains("id=\"record-a-bewegingsscan-2022\""));
    let res = app
        .submit(
            "/programme/milestones",
            &format!("/programme/milestones/{ms_id}"),
            &[("status", "planned"), ("done_on", ""), ("evidence", "")],
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("volgt uit de gegevens op het platform"));
    let stored = bekwaam::programme::store::set_milestone(
        &app.db,
        &Actor::system(),
        ms_id,
        bekwaam::programme::MilestoneStatus::Done,
        None,
        "",
    )
    .await;
    assert!(stored.is_err(), "the store refuses it too");

    // The wave "2024" open: still late; closed: done, linked to the wave.
    app.institution("99AA", "ROC Test").await;
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let w = monitor::validate_wave(
        "2024",
        &format!("{iid}@{iver}"),
        "2024-10-01",
        "2025-03-31",
        &["99AA".into()],
    )
    .unwrap();
    let wave = ms::create_wave(&app.db, &Actor::system(), &w)
        .await
        .unwrap();
    ms::advance(&app.db, &Actor::system(), wave, WaveState::Open)
        .await
        .unwrap();
    let row = milestone_row(&app, ms_id).await;
    assert!(
        row.contains("te laat") && row.contains("loopt nog"),
        "{row}"
    );
    ms::advance(&app.db, &Actor::system(), wave, WaveState::Closed)
        .await
        .unwrap();
    let row = milestone_row(&app, ms_id).await;
    assert!(row.contains("gereed") && !row.contains("te laat"), "{row}");
    assert!(row.contains("2025-03-31"), "the wave's closing day: {row}");
    assert!(
        row.contains(&format!("href=\"/waves/{wave}\"")) && row.contains("Afname 2024 gesloten"),
        "{row}"
    );
    assert!(
        row.contains("Volgt uit de gegevens op het platform"),
        "{row}"
    );

    // A track phase reached makes its milestone done, linked to the track.
    let phase_ms = "e-master-ontwerp-start";
    assert!(milestone_row(&app, phase_ms).await.contains("te laat"));
    let res = app
        .submit(
            "/programme/tracks",
            "/programme/tracks/e-master/partner-chosen",
            &[("reached_on", "2023-12-01"), ("note", "")],
        )
        .await;
    assert_eq!(res.status, 303);
    let row = milestone_row(&app, phase_ms).await;
    assert!(
        row.contains("gereed") && row.contains("2023-12-01"),
        "{row}"
    );
    assert!(
        row.contains("href=\"/programme/tracks#track-e-master\""),
        "{row}"
    );
    // The evaluation pack says the same.
    let res = app
        .client
        .get(format!("{}/programme/evaluation/download", app.address))
        .send()
        .await
        .unwrap();
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut csv = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("milestones.csv").unwrap(), &mut csv).unwrap();
    let line = csv.lines().find(|l| l.starts_with(ms_id)).unwrap();
    assert!(
        line.contains(",done,2025-03-31,") && line.ends_with(&format!("/waves/{wave}")),
        "{line}"
    );
}

async fn the_kpi_page_says_what_a_figure_is_computed_from_without_rule_names(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/kpis").await;
    assert_eq!(page.status, 200);
    for rule in bekwaam::programme::kpi::RULES
        .iter()
        .filter(|r| **r != bekwaam::programme::kpi::MANUAL)
    {
        assert!(!page.body.contains(rule), "{rule} shown on the KPI page");
    }
    let section =
        crate::helpers::extract_between(&page.body, "id=\"kpi-b-policy-coverage\"", "</section>")
            .unwrap();
    assert!(
        section.contains("professionaliseringsbeleid ict-bekwaamheid en cyberveiligheid omvat"),
        "{section}"
    );
    // The rule itself stays readable in the definition.
    let definition = app.get("/programme/definition").await;
    assert!(definition.body.contains("policy.development_policy_share"));
}

async fn bookings_outside_the_programme_are_refused_and_lines_may_be_named(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let p = bekwaam::programme::definition::parse("shipped", SHIPPED).unwrap();
    let line = p.budget_line(&line_2024()).unwrap().clone();
    // By hand: refused at the date field, the input kept.
    let res = app
        .submit(
            "/programme/budget",
            "/programme/budget",
            &[
                ("date", "2019-05-01"),
                ("line", &line.id),
                ("kind", "actual"),
                ("amount", "100"),
                ("description", "Te vroeg"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    let field = crate::helpers::extract_between(&res.body, "id=\"date-error\">", "</p>").unwrap();
    assert!(
        field.contains(
            "2019-05-01 valt buiten de looptijd van het programma (2022-09-01 tot en met"
        ),
        "{field}"
    );
    assert!(res.body.contains("value=\"Te vroeg\""));
    // Imported: the line and field named; nothing booked.
    let csv = format!(
        "datum;regel;bedrag;omschrijving\n2024-03-01;{};10;Goed\n2030-01-01;{};10;Te laat\n",
        line.id, line.id
    );
    let res = upload_bookings(&app, &csv).await;
    assert_eq!(res.status, 422);
    assert!(
        res.body
            .contains("<td class=\"num\">3</td><td>date</td><td>2030-01-01 valt buiten"),
        "{}",
        res.body
    );
    // A line named by its name (as a spreadsheet has it) is booked on it.
    let csv = format!(
        "datum;regel;bedrag;omschrijving\n2024-03-01;{};1.234,00;Op naam geboekt\n",
        line.name.nl
    );
    let res = upload_bookings(&app, &csv).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let entries = bekwaam::programme::store::budget_entries(&app.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entry.line, line.id);
    // The store refuses a booking outside the period too.
    let mut outside = entries[0].entry.clone();
    outside.booked_on = time::macros::date!(2019 - 01 - 01);
    let stored = bekwaam::programme::store::add_budget_entries(
        &app.db,
        &bekwaam::audit::Actor::system(),
        &[outside],
    )
    .await;
    assert!(stored.is_err());
}

async fn a_budget_import_full_of_errors_gives_a_small_page(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    // 200 kB: 100,000 lines, each wrong in four fields.
    let csv = format!("datum;regel;bedrag;omschrijving\n{}", "x\n".repeat(100_000));
    assert!(csv.len() < 210_000);
    let res = upload_bookings(&app, &csv).await;
    assert_eq!(res.status, 422);
    assert!(res.body.len() < 100_000, "{} bytes", res.body.len());
    let rows = res.body.matches("<tr><td class=\"num\">").count();
    assert_eq!(rows, bekwaam::programme::budget::MAX_LISTED_ERRORS);
    assert!(
        res.body
            .contains("en nog 399950 fouten (alleen de eerste 50 staan hierboven)"),
        "{}",
        res.body
    );
}

async fn a_negative_balance_stands_out_in_words(app: TestApp) {
    use bekwaam::programme::budget::euros;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let p = bekwaam::programme::definition::parse("shipped", SHIPPED).unwrap();
    let line = p.budget_line(&line_2024()).unwrap().clone();
    let page = app.get("/programme/budget?year=2024").await;
    assert!(!page.body.contains("(tekort)"));
    // More than the whole year's budget, on one line.
    let year_plan: i64 = p.budget_lines.iter().map(|l| l.planned(2024)).sum();
    let csv = format!(
        "datum;regel;bedrag;omschrijving\n2024-05-01;{};{};Overschrijding\n",
        line.id,
        year_plan + 500
    );
    assert_eq!(upload_bookings(&app, &csv).await.status, 303);
    let page = app.get("/programme/budget?year=2024").await;
    let row = crate::helpers::extract_between(&page.body, "<th scope=\"row\">2024</th>", "</tr>")
        .unwrap();
    assert!(
        row.contains("class=\"num negative\">-€ 500,00 <strong>(tekort)</strong>"),
        "{row}"
    );
    let notice = crate::helpers::extract_between(
        &page.body,
        "class=\"notice notice-error overspent\"",
        "</div>",
    )
    .unwrap();
    assert!(notice.contains("Tekort in 2024"), "{notice}");
    let line_balance = (line.planned(2024) - year_plan - 500) * 100;
    assert!(
        notice.contains(&format!("{}: {}", line.name.nl, euros(line_balance))),
        "{notice}"
    );
}

/// The value of attribute `name` in the tag `tag` (text up to its `>`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Text as the browser shows it (askama escapes `&<>"'`).
fn unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} in {tag}"))
}

async fn the_timeline_is_readable_and_nothing_in_it_is_cut_off(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/programme/milestones").await;
    let svg =
        crate::helpers::extract_between(&page.body, "<svg class=\"timeline\"", "</svg>").unwrap();
    let view: Vec<f64> = attr(&svg, "viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let (width, height) = (view[2], view[3]);
    // The figure is 44rem (704 px) wide on a 1280 px screen: a chart no
    // wider than that is not scaled down, so a font size is a pixel size.
    assert!(width <= 704.0, "viewBox width {width}");
    let scale = 704.0 / width;
    let texts: Vec<(&str, String)> = svg
        .split("<text")
        .skip(1)
        .map(|t| {
            let (tag, rest) = t.split_once('>').unwrap();
            let content = rest.split("</text>").next().unwrap();
            (tag, unescape(content))
        })
        .collect();
    assert!(texts.len() > 20, "{svg}");
    for (tag, content) in &texts {
        let size = num(tag, "font-size");
        assert!(size * scale >= 11.0, "{size} in {tag}");
        // The text's extent, with a generous 0.62 em per character.
        let w = content.chars().count() as f64 * 0.62 * size;
        let x = num(tag, "x");
        let (left, right) = match attr(tag, "text-anchor") {
            Some("end") => (x - w, x),
            _ => (x, x + w),
        };
        assert!(
            left >= 0.0 && right <= width,
            "{content:?} at {x}: {left}..{right} of {width}"
        );
        let y = num(tag, "y");
        assert!(y - size >= 0.0 && y <= height, "{content:?} at y {y}");
    }
    // Every activity's whole name is there (wrapped, not truncated).
    let p = bekwaam::programme::definition::parse("shipped", SHIPPED).unwrap();
    let all: String = texts
        .iter()
        .map(|(_, c)| c.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for a in &p.activities {
        assert!(all.contains(a.name.nl.as_str()), "{} in {all}", a.name.nl);
    }
    // Today's line stands inside the chart (today, late in 2026, is after
    // the programme's end: the chart runs to today).
    let today = crate::helpers::extract_between(&svg, "<line class=\"today\"", ">").unwrap();
    let x = num(&today, "x1");
    assert!(x > 0.0 && x < width, "today at {x} of {width}");
    assert!(num(&today, "y1") >= 0.0 && num(&today, "y2") <= height);
    for bar in svg.split("<rect class=\"bar\"").skip(1) {
        let tag = bar.split('>').next().unwrap();
        assert!(num(tag, "x") >= 0.0 && num(tag, "x") + num(tag, "width") <= width);
    }
}

async fn every_breadcrumb_of_the_programme_leads_where_it_says(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let res = app
        .submit(
            "/programme/steering",
            "/programme/steering",
            &[("quarter", "2026-K1")],
        )
        .await;
    let report = res.location.unwrap();
    for page in [
        "/programme/kpis".to_string(),
        "/programme/milestones".into(),
        "/programme/budget".into(),
        "/programme/steering".into(),
        "/programme/tracks".into(),
        "/programme/evaluation".into(),
        "/programme/definition".into(),
        "/programme/definition/1".into(),
        report.clone(),
        format!("{report}/freeze"),
    ] {
        let body = app.get(&page).await.body;
        let crumb =
            crate::helpers::extract_between(&body, "<p class=\"breadcrumb\"><a href=\"", "</a>")
                .unwrap_or_else(|| panic!("no breadcrumb on {page}"));
        let (href, text) = crumb.split_once("\">").unwrap();
        let target = app.get(href).await;
        assert_eq!(target.status, 200, "{page} -> {href}");
        let h1 = crate::helpers::extract_between(&target.body, "<h1>", "</h1>").unwrap();
        assert_eq!(
            h1.trim(),
            text.trim(),
            "{page}: the breadcrumb says {text:?}, {href} is {h1:?}"
        );
    }
}

//! Reports: who may see which report, disclosure control on the page and
//! in every download, the downloads read back by independent readers
//! (pdftotext, openpyxl), consent to be named, and the demo's history.

use std::process::Command;

use bekwaam::analysis::store::{NewResponse, insert_completed};
use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::monitor::{self, WaveState, store as ms};

use crate::helpers::{TestApp, pdftotext};
use crate::on_both;

on_both!(
    coordinator_sees_own_report_with_small_teams_hidden,
    downloads_hold_the_same_figures_and_are_logged,
    a_filter_isolating_few_respondents_is_refused,
    sector_report_for_programme_roles_names_only_with_consent,
    demo_history_gives_trends,
    researcher_exports_pseudonymised_microdata,
    microdata_holds_every_completed_response_of_the_kept_institutions_once,
    open_answers_are_saved_reviewed_and_shown_only_for_large_groups,
    scored_waves_are_reused_until_their_responses_change,
    microdata_rows_come_in_a_fresh_random_order_per_export,
    microdata_leaves_out_small_institutions_and_every_combination_holds_min_group_rows,
    microdata_of_the_demo_is_k_anonymous_and_its_loss_is_reported,
    published_means_of_the_demo_stay_within_the_documented_accuracy,
    the_codebook_describes_every_exported_column_and_its_treatment,
);

/// Every item answered with `v` (reverse-coded items turned so the coded
/// value is `v` too).
fn answers(ins: &monitor::instrument::Instrument, v: i64, k: usize) -> Vec<(String, Option<i64>)> {
    ins.items
        .iter()
        .map(|it| {
            let s = &ins.scales[it.scale];
            let x = (v + (k % 2) as i64).clamp(s.min(), s.max());
            let raw = if it.reverse { s.min() + s.max() - x } else { x };
            (it.id.clone(), Some(raw))
        })
        .collect()
}

fn responses(
    ins: &monitor::instrument::Instrument,
    code: &str,
    unit: Option<i64>,
    n: usize,
    v: i64,
    background: &[(&str, &str)],
) -> Vec<NewResponse> {
    (0..n)
        .map(|k| NewResponse {
            institution: code.into(),
            unit,
            background: background
                .iter()
                .map(|(q, o)| (q.to_string(), o.to_string()))
                .collect(),
            answers: answers(ins, v, k),
            open: Vec::new(),
            completed_on: time::macros::date!(2026 - 11 - 01),
        })
        .collect()
}

pub(crate) struct Seeded {
    pub(crate) wave: i64,
    units: Vec<i64>,
    ins: monitor::instrument::Instrument,
}

/// An open wave named after `year` (October to January) on the default
/// instrument.
async fn open_wave(app: &TestApp, year: i32, institutions: &[&str]) -> i64 {
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let new = monitor::validate_wave(
        &year.to_string(),
        &format!("{iid}@{iver}"),
        &format!("{year}-10-01"),
        &format!("{}-01-31", year + 1),
        &institutions
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let actor = Actor::system();
    let wave = ms::create_wave(&app.db, &actor, &new).await.unwrap();
    ms::advance(&app.db, &actor, wave, WaveState::Open)
        .await
        .unwrap();
    wave
}

/// 99AA (teams of 25, 12 and 4; 6 of the 41 are career changers) and 99AB
/// (30) in a closed wave "2026".
pub(crate) async fn seed(app: &TestApp) -> Seeded {
    app.institution("99AA", "ROC Proef Noord").await;
    app.institution("99AB", "ROC Proef Zuid").await;
    let wave = open_wave(app, 2026, &["99AA", "99AB"]).await;
    let actor = Actor::system();
    let code = "99AA".parse().unwrap();
    let mut units = Vec::new();
    for name in ["Team Groot", "Team Midden", "Team Klein"] {
        units.push(ms::add_unit(&app.db, &actor, &code, name).await.unwrap());
    }
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let src = ms::instrument_source(&app.db, &iid, &iver)
        .await
        .unwrap()
        .unwrap();
    let ins = monitor::instrument::parse("x", &src).unwrap();
    let mut rows = responses(
        &ins,
        "99AA",
        Some(units[0]),
        19,
        4,
        &[("zij-instromer", "nee")],
    );
    rows.extend(responses(
        &ins,
        "99AA",
        Some(units[0]),
        6,
        4,
        &[("zij-instromer", "ja")],
    ));
    rows.extend(responses(
        &ins,
        "99AA",
        Some(units[1]),
        12,
        2,
        &[("zij-instromer", "nee")],
    ));
    rows.extend(responses(
        &ins,
        "99AA",
        Some(units[2]),
        4,
        1,
        &[("zij-instromer", "nee")],
    ));
    rows.extend(responses(&ins, "99AB", None, 30, 3, &[]));
    insert_completed(&app.db, wave, &rows).await.unwrap();
    ms::advance(&app.db, &actor, wave, WaveState::Closed)
        .await
        .unwrap();
    Seeded { wave, units, ins }
}

async fn coordinator_sees_own_report_with_small_teams_hidden(app: TestApp) {
    let s = seed(&app).await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let index = app.get("/reports").await;
    assert_eq!(index.status, 200);
    let own = format!("/reports/{}/institutions/99AA", s.wave);
    assert!(index.body.contains(&own), "{}", index.body);
    assert!(
        !index.body.contains("/sector"),
        "coordinator gets no sector link"
    );

    let page = app.get(&own).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Scores per deelgebied"));
    assert!(page.body.contains("<svg"), "charts are inline SVG");
    // Counts are published with the cell-key perturbation (at most 2 off).
    let near = |body: &str, n: u64| (n - 2..=n + 2).any(|k| body.contains(&format!(">{k}<")));
    assert!(near(&page.body, 41), "about 41 respondents: {}", page.body);
    // Team Klein (4) is hidden, and Team Midden (12) with it, so Klein
    // cannot be computed from the total: both rows show only the marker.
    let groot = row(&page.body, "Team Groot");
    assert!(near(&groot, 25) && !groot.contains("&#60;10"), "{groot}");
    let midden = row(&page.body, "Team Midden");
    assert!(
        midden.contains("&#60;10") && !midden.contains(">12<"),
        "{midden}"
    );
    let klein = row(&page.body, "Team Klein");
    assert!(
        klein.contains("&#60;10") && !klein.contains(">4<"),
        "{klein}"
    );

    // Another institution's report, and the sector report: refused.
    let other = app
        .get(&format!("/reports/{}/institutions/99AB", s.wave))
        .await;
    assert_eq!(other.status, 403);
    let other_dl = app
        .get(&format!(
            "/reports/{}/institutions/99AB/download?format=csv&table=deelgebieden",
            s.wave
        ))
        .await;
    assert_eq!(other_dl.status, 403);
    assert_eq!(
        app.get(&format!("/reports/{}/sector", s.wave)).await.status,
        403
    );
    // A team praatplaat of a hidden team says why instead of figures.
    let hidden = app
        .client
        .get(format!(
            "{}{own}/download?format=praatplaat&team={}",
            app.address, s.units[2]
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 200);
    let text = pdftotext(&hidden.bytes().await.unwrap());
    assert!(text.contains("minder dan 10"), "{text}");
}

/// The table row whose header cell is `name`.
fn row(body: &str, name: &str) -> String {
    let start = body
        .find(&format!("<th scope=\"row\">{name}</th>"))
        .unwrap_or_else(|| panic!("no row {name}"));
    body[start..].split("</tr>").next().unwrap().to_string()
}

async fn downloads_hold_the_same_figures_and_are_logged(app: TestApp) {
    let s = seed(&app).await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let base = format!(
        "{}/reports/{}/institutions/99AA/download",
        app.address, s.wave
    );

    let pdf = app
        .client
        .get(format!("{base}?format=pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdftotext(&pdf.bytes().await.unwrap());
    assert!(text.contains("ROC Proef Noord"), "{text}");
    assert!(text.contains("Scores per deelgebied"));
    assert!(text.contains("Team Groot"));

    let poster = app
        .client
        .get(format!("{base}?format=praatplaat"))
        .send()
        .await
        .unwrap();
    let text = pdftotext(&poster.bytes().await.unwrap());
    assert!(text.contains("Praatplaat"), "{text}");
    assert!(text.contains("Om samen over te praten"));

    let xlsx = app
        .client
        .get(format!("{base}?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    std::fs::write(&path, xlsx.bytes().await.unwrap()).unwrap();
    let out = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned()))
        .arg("-c")
        .arg(
            "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); \
             ws=wb['teams']; print(wb.sheetnames); \
             print([[c for c in r] for r in ws.iter_rows(values_only=True)])",
        )
        .arg(&path)
        .output()
        .expect("python3 with openpyxl");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        printed.contains("deelgebieden") && printed.contains("teams"),
        "{printed}"
    );
    assert!(
        (23..=27).any(|k| printed.contains(&format!("'Team Groot', {k}.0"))),
        "{printed}"
    );
    assert!(printed.contains("'Team Klein', '<10'"), "{printed}");

    let csv = app
        .client
        .get(format!("{base}?format=csv&table=teams"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Team Midden;<10"), "{csv}");
    let missing = app
        .get(&format!(
            "/reports/{}/institutions/99AA/download?format=csv&table=nope",
            s.wave
        ))
        .await;
    assert_eq!(missing.status, 404);
    let bad = app
        .get(&format!(
            "/reports/{}/institutions/99AA/download?format=doc",
            s.wave
        ))
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("Onbekend formaat"), "{}", bad.body);

    let log = bekwaam::audit::store::list(&app.db, &Default::default(), 100, 0)
        .await
        .unwrap()
        .0;
    let downloads = log.iter().filter(|e| e.entity == "report").count();
    assert!(downloads >= 4, "every download is logged: {log:?}");
}

async fn a_filter_isolating_few_respondents_is_refused(app: TestApp) {
    let s = seed(&app).await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let own = format!("/reports/{}/institutions/99AA", s.wave);
    // 6 career changers: too few on their own.
    let few = app.get(&format!("{own}?filter=zij-instromer:ja")).await;
    assert_eq!(few.status, 200);
    assert!(
        few.body.contains("minder dan 10 respondenten"),
        "{}",
        few.body
    );
    assert!(!few.body.contains("<svg"));
    // 35 others: the complement (6) would be exposed by the difference.
    let rest = app.get(&format!("{own}?filter=zij-instromer:nee")).await;
    assert!(
        rest.body
            .contains("Buiten deze selectie vallen minder dan 10"),
        "{}",
        rest.body
    );
    let dl = app
        .get(&format!(
            "{own}/download?filter=zij-instromer:nee&format=csv&table=deelgebieden"
        ))
        .await;
    assert_eq!(dl.status, 404, "a refused report has no tables to download");
    let bad = app.get(&format!("{own}?filter=bestaat:niet")).await;
    assert_eq!(bad.status, 400);
}

async fn sector_report_for_programme_roles_names_only_with_consent(app: TestApp) {
    let s = seed(&app).await;
    app.login_as("sg", Role::SteeringGroup, None).await;
    let sector = format!("/reports/{}/sector", s.wave);
    let page = app.get(&sector).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Instelling A") && page.body.contains("Instelling B"));
    assert!(!page.body.contains("ROC Proef Noord"));
    assert!(page.body.contains("geen eerdere meting"));
    // The steering group reads; it cannot record consent.
    let refused = app
        .post(
            "/reports/consent/99AA",
            &[("_csrf", &page.csrf()), ("named", "yes")],
        )
        .await;
    assert!(
        refused.status == 403 || refused.status == 400,
        "{}",
        refused.status
    );

    let coordinator = app.new_browser();
    app.user("coord", Role::Coordinator, Some("99AA")).await;
    app.login_with(&coordinator, "coord", "coord-wachtwoord")
        .await;
    let own = format!("/reports/{}/institutions/99AA", s.wave);
    let res = app
        .submit_with(
            &coordinator,
            &own,
            "/reports/consent/99AA",
            &[("named", "yes"), ("back", &own)],
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location.as_deref(), Some(own.as_str()));
    let page = app.get(&sector).await;
    assert!(page.body.contains("ROC Proef Noord"), "named after consent");
    assert!(!page.body.contains("ROC Proef Zuid"));
    let pdf = app
        .client
        .get(format!("{}{sector}/download?format=pdf", app.address))
        .send()
        .await
        .unwrap();
    let text = pdftotext(&pdf.bytes().await.unwrap());
    assert!(text.contains("Sectorrapportage monitor 2026"), "{text}");
    assert!(text.contains("ROC Proef Noord"));
}

async fn demo_history_gives_trends(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::demo::seed_monitor(&app.db).await.unwrap();
    bekwaam::demo::seed_history(&app.db).await.unwrap();
    // Seeding again changes nothing.
    bekwaam::demo::seed_history(&app.db).await.unwrap();
    let waves = ms::waves(&app.db).await.unwrap();
    assert_eq!(waves.iter().filter(|w| w.name == "2024").count(), 1);
    let w2024 = waves.iter().find(|w| w.name == "2024").unwrap().id;
    app.login("onderzoeker", "demo-onderzoeker").await;
    let page = app.get(&format!("/reports/{w2024}/sector")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Ontwikkeling over de metingen"),
        "trend shown"
    );
    assert!(
        page.body.contains("ten opzichte van de meting 2022")
            || page.body.contains("Ten opzichte van de meting 2022"),
        "{}",
        page.body
    );
    // 99AL has 6 respondents per wave: not shown, and one other hidden with it.
    assert!(page.body.contains("&#60;10"));
    app.logout().await;
    app.login("coordinator", "demo-coordinator").await;
    let own = app
        .get(&format!("/reports/{w2024}/institutions/99AA"))
        .await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("Ontwikkeling over de metingen"));
    assert!(own.body.contains("2017") && own.body.contains("2022"));
}

/// Starts an export as the signed-in user and returns the file once ready.
async fn export(app: &TestApp, wave: i64, format: &str) -> Vec<u8> {
    let form = format!("/reports/{wave}/microdata");
    let res = app.submit(&form, &form, &[("format", format)]).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let job = res.location.unwrap();
    assert!(job.starts_with("/exports/"), "{job}");
    for _ in 0..200 {
        let page = app.get(&job).await;
        assert_eq!(page.status, 200);
        if page.body.contains("Bestand downloaden") {
            let file = app
                .client
                .get(format!("{}{job}/file", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(file.status(), 200);
            return file.bytes().await.unwrap().to_vec();
        }
        assert!(page.body.contains("<progress"), "{}", page.body);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("export did not finish");
}

async fn researcher_exports_pseudonymised_microdata(app: TestApp) {
    let s = seed(&app).await;
    // Not for the programme manager or the steering group: researchers only.
    app.login_as("pm", Role::ProgrammeManager, None).await;
    assert_eq!(
        app.get(&format!("/reports/{}/microdata", s.wave))
            .await
            .status,
        403
    );
    app.logout().await;
    app.login_as("onderzoeker1", Role::Researcher, None).await;
    let index = app.get("/reports").await;
    assert!(
        index
            .body
            .contains(&format!("/reports/{}/microdata", s.wave))
    );

    let files = unzip(&export(&app, s.wave, "csv").await);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["codeboek.csv", "microdata.csv"],
        "CSV comes as a ZIP with its codebook"
    );
    let csv = String::from_utf8(files["microdata.csv"].clone()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 71, "header plus every completed response");
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "resp");
    assert!(
        !header.contains(&"inst"),
        "no institution, not even a pseudonym"
    );
    assert!(header.contains(&"dif_01") && header.contains(&"score_didactiek"));
    assert!(!header.iter().any(|h| h.contains("team")), "no team column");
    assert!(
        !csv.contains("99AA") && !csv.contains("99AB"),
        "no institution codes"
    );
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut ids: Vec<u32> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(col("resp")).unwrap().parse().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, (1..=71).collect::<Vec<u32>>(), "fresh ids 1..N");
    // zij-instromer "ja": 6 people, fewer than 10: left empty; the blank
    // category (with the 30 who did not answer) is 36, so no "nee" is taken.
    let zij = col("zij_instromer");
    let answered = |v: &str| {
        lines[1..]
            .iter()
            .filter(|l| l.split(',').nth(zij) == Some(v))
            .count()
    };
    assert_eq!((answered("1"), answered("2"), answered("")), (0, 35, 36));
    let book = codebook(&files["codeboek.csv"]);
    assert_eq!(figure(&book, "k (minimale"), "10");
    assert_eq!(figure(&book, "Weggelaten regels"), "0");
    assert_eq!(variable(&book, "zij_instromer")[3..6], ["6", "8.5", "30"]);
    // A second export numbers rows differently.
    let again = unzip(&export(&app, s.wave, "csv").await);
    assert_ne!(
        again["microdata.csv"], files["microdata.csv"],
        "pseudonyms are fresh per export"
    );

    let sav = unzip(&export(&app, s.wave, "sav").await);
    assert!(sav.contains_key("codeboek.csv"));
    let sav = &sav["microdata.sav"];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.sav");
    std::fs::write(&path, sav).unwrap();
    let out = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned()))
        .arg("-c")
        .arg(
            "import pyreadstat,sys; df,meta=pyreadstat.read_sav(sys.argv[1]); \
             print(len(df)); print(meta.column_names_to_labels['resp']); \
             print(meta.variable_value_labels['zij_instromer'])",
        )
        .arg(&path)
        .output()
        .expect("python3 with pyreadstat");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(printed.starts_with("71\n"), "{printed}");
    assert!(printed.contains("Respondent (pseudoniem"), "{printed}");
    assert!(
        printed.contains("1.0: 'Ja'") && printed.contains("2.0: 'Nee'"),
        "{printed}"
    );

    let xlsx = export(&app, s.wave, "xlsx").await;
    assert!(xlsx.starts_with(b"PK"), "a zip container");
    {
        use calamine::Reader as _;
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
        assert_eq!(book.sheet_names(), ["microdata", "codeboek"]);
        let sheet = book.worksheet_range("codeboek").unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(figure(&rows, "Weggelaten regels"), "0");
        assert_eq!(variable(&rows, "zij_instromer")[3], "6");
    }

    let log = bekwaam::audit::store::list(&app.db, &Default::default(), 100, 0)
        .await
        .unwrap()
        .0;
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "export_microdata")
            .count(),
        4,
        "every export is logged"
    );
    // Another user cannot fetch this user's export.
    app.logout().await;
    app.login_as("onderzoeker2", Role::Researcher, None).await;
    let form = format!("/reports/{}/microdata", s.wave);
    let res = app.submit(&form, &form, &[("format", "csv")]).await;
    let job = res.location.unwrap();
    let other = app.new_browser();
    app.login_with(&other, "onderzoeker1", "onderzoeker1-wachtwoord")
        .await;
    assert_eq!(app.get_with(&other, &job).await.status, 404);
}

/// The export reads the database a chunk of 1,024 responses at a time.
/// With more responses than that, another wave's responses between this
/// wave's ids, a response without answers, one never completed and the
/// responses of an institution too small to be kept, every completed
/// response of the institutions kept comes out exactly once, with the
/// answers a plain query reads and the scores the report engine computes.
async fn microdata_holds_every_completed_response_of_the_kept_institutions_once(app: TestApp) {
    use bekwaam::analysis::microdata::{self, Format, Progress, Target};
    let s = seed(&app).await;
    app.institution("99AC", "ROC Proef Klein").await;
    let ins = &s.ins;
    let other = open_wave(&app, 2027, &["99AA", "99AB"]).await;
    // Answers that differ per response, n.v.t. and unanswered items among them.
    let varied = |k: usize| -> Vec<(String, Option<i64>)> {
        ins.items
            .iter()
            .enumerate()
            .filter(|(i, _)| !(k + i).is_multiple_of(11))
            .map(|(i, it)| {
                let s = &ins.scales[it.scale];
                let span = (s.max() - s.min() + 1) as usize;
                let v = s.min() + ((k * 7 + i * 3) % span) as i64;
                let na = it.allow_na && (k + i).is_multiple_of(13);
                (it.id.clone(), (!na).then_some(v))
            })
            .collect()
    };
    let response = |code: &str, k: usize| NewResponse {
        institution: code.into(),
        unit: None,
        background: Vec::new(),
        answers: varied(k),
        open: Vec::new(),
        completed_on: time::macros::date!(2026 - 11 - 02),
    };
    let bulk: Vec<NewResponse> = (0..1_000)
        .map(|k| response(if k % 3 == 0 { "99AB" } else { "99AA" }, k))
        .collect();
    insert_completed(&app.db, s.wave, &bulk).await.unwrap();
    for k in 0..5 {
        insert_completed(&app.db, s.wave, &[response("99AA", 2_000 + k)])
            .await
            .unwrap();
        insert_completed(&app.db, other, &[response("99AB", 3_000 + k)])
            .await
            .unwrap();
    }
    for k in 0..4 {
        insert_completed(&app.db, s.wave, &[response("99AC", 6_000 + k)])
            .await
            .unwrap();
    }
    let mut empty = response("99AA", 0);
    empty.answers.clear();
    insert_completed(&app.db, s.wave, &[empty]).await.unwrap();
    insert_completed(&app.db, s.wave, &[response("99AA", 4_000)])
        .await
        .unwrap();
    bekwaam::on_db!(&app.db, |p| {
        sqlx::query(
            "UPDATE responses SET completed_on = NULL \
             WHERE id = (SELECT max(id) FROM responses WHERE wave_id = $1)",
        )
        .bind(s.wave)
        .execute(p)
        .await
        .unwrap();
    });
    insert_completed(&app.db, other, &[response("99AA", 5_000)])
        .await
        .unwrap();

    // What the database holds, read row by row.
    let stored: Vec<(i64, Option<String>, Option<i64>)> = bekwaam::on_db!(&app.db, |p| {
        sqlx::query_as(
            "SELECT r.id, a.item_id, a.value FROM responses r \
             LEFT JOIN response_answers a ON a.response_id = r.id \
             WHERE r.wave_id = $1 AND r.completed_on IS NOT NULL AND r.institution_code <> '99AC'",
        )
        .bind(s.wave)
        .fetch_all(p)
        .await
        .unwrap()
    });
    let mut expected: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
    for (id, item, value) in stored {
        let row = expected
            .entry(id)
            .or_insert_with(|| vec![String::new(); ins.items.len()]);
        if let (Some(item), Some(v)) = (item, value) {
            let i = ins.items.iter().position(|it| it.id == item).unwrap();
            row[i] = v.to_string();
        }
    }
    let completed = 71 + 1_000 + 5 + 1;
    assert_eq!(expected.len(), completed);
    let expected: Vec<Vec<String>> = expected.into_values().collect();

    let wave = ms::wave(&app.db, s.wave).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.zip");
    let progress = std::sync::Arc::new(Progress::default());
    let n = microdata::export(
        &app.db,
        ins,
        &wave,
        Target {
            format: Format::Csv,
            path: &path,
            min_group: Default::default(),
            lang: bekwaam::i18n::Lang::Nl,
        },
        progress.clone(),
    )
    .await
    .unwrap();
    assert_eq!(n, completed as u64);
    let done = progress.done.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(done, n, "progress counts every row");

    let files = unzip(&std::fs::read(&path).unwrap());
    let mut csv = csv::Reader::from_reader(&files["microdata.csv"][..]);
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let first_item = header
        .iter()
        .position(|h| *h == ins.items[0].id.replace('-', "_"))
        .unwrap();
    let first_score = header.iter().position(|h| h.starts_with("score_")).unwrap();
    let rows: Vec<Vec<String>> = csv
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let items: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r[first_item..first_item + ins.items.len()].to_vec())
        .collect();
    assert_same_rows(items, expected, "answers as stored, each response once");
    let mut ids: Vec<usize> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, (1..=completed).collect::<Vec<_>>());

    // Scores as the report engine computes them from the same responses.
    let secret = bekwaam::analysis::store::secret(&app.db).await.unwrap();
    let scored = bekwaam::analysis::store::load_wave(&app.db, &Default::default(), &wave, &secret)
        .await
        .unwrap();
    let tenth = |x: &Option<f32>| {
        x.map_or(String::new(), |x| {
            format!("{:.1}", (f64::from(x) * 10.0).round() / 10.0)
        })
    };
    let small = scored.data.institution_index("99AC");
    let want: Vec<Vec<String>> = scored
        .data
        .responses
        .iter()
        .filter(|r| Some(r.institution) != small)
        .map(|r| r.scores.iter().map(tenth).collect())
        .collect();
    let got: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r[first_score..first_score + ins.domains.len()].to_vec())
        .collect();
    assert_same_rows(got, want, "domain scores");
}

/// The same rows in any order; on failure, the first differing pair
/// instead of two thousand rows.
fn assert_same_rows(mut got: Vec<Vec<String>>, mut want: Vec<Vec<String>>, what: &str) {
    got.sort();
    want.sort();
    assert!(
        got == want,
        "{what}: {} rows against {}, first difference {:?}",
        got.len(),
        want.len(),
        got.iter().zip(&want).find(|(a, b)| a != b)
    );
}

/// The files of a ZIP, by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// The rows of a codebook CSV.
fn codebook(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The value of the codebook figure whose label starts with `label`.
fn figure(book: &[Vec<String>], label: &str) -> String {
    book.iter()
        .find(|r| r[0].starts_with(label))
        .unwrap_or_else(|| panic!("no figure {label:?} in {book:?}"))[1]
        .clone()
}

/// The codebook row of a variable: name, label, values, blanked, share
/// blanked, not answered.
fn variable(book: &[Vec<String>], name: &str) -> Vec<String> {
    book.iter()
        .find(|r| r[0] == name)
        .unwrap_or_else(|| panic!("no variable {name:?} in {book:?}"))
        .clone()
}

async fn open_answers_are_saved_reviewed_and_shown_only_for_large_groups(app: TestApp) {
    let s = seed(&app).await;
    // The survey takes open answers as JSON and as a form, and keeps them.
    let open_wave = open_wave(&app, 2027, &["99AA"]).await;
    let actor = Actor::system();
    let code = "99AA".parse().unwrap();
    let printed = ms::create_links(&app.db, &actor, open_wave, &code, None, 1)
        .await
        .unwrap()
        .remove(0);
    let c = app.new_browser();
    // Opening the printed link claims it; the answer names the token to use.
    let survey: serde_json::Value = c
        .get(format!("{}/api/v1/survey/{printed}", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = survey["token"].as_str().unwrap().to_string();
    let url = |p: &str| format!("{}/api/v1/survey/{token}{p}", app.address);
    let page = survey["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| !p["open_questions"].as_array().unwrap().is_empty())
        .expect("a page with an open question")
        .clone();
    let q = page["open_questions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let too_long = "x".repeat(1001);
    let r = c
        .put(url("/answers"))
        .json(&serde_json::json!({"open": {q.clone(): too_long}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = c
        .put(url("/answers"))
        .json(&serde_json::json!({"open": {q.clone(): "  Padlet in de les  "}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let survey: serde_json::Value = c.get(url("")).send().await.unwrap().json().await.unwrap();
    assert_eq!(survey["open"][&q], "Padlet in de les");
    let n = page["index"].as_i64().unwrap();
    c.put(url("/answers"))
        .json(&serde_json::json!({"page": n}))
        .send()
        .await
        .unwrap();
    let html = c
        .get(format!("{}/s/{token}/page/{n}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("name=\"o_{q}\"")) && html.contains("Padlet in de les"),
        "{html}"
    );

    // Open answers of completed responses at 99AA (41 respondents).
    let ids: Vec<(i64,)> = match &app.db {
        bekwaam::store::Db::Sqlite(p) => sqlx::query_as(
            "SELECT id FROM responses WHERE wave_id = $1 AND institution_code = '99AA' ORDER BY id",
        )
        .bind(s.wave)
        .fetch_all(p)
        .await
        .unwrap(),
        bekwaam::store::Db::Postgres(p) => sqlx::query_as(
            "SELECT id FROM responses WHERE wave_id = $1 AND institution_code = '99AA' ORDER BY id",
        )
        .bind(s.wave)
        .fetch_all(p)
        .await
        .unwrap(),
    };
    for (k, text) in [
        "Kahoot werkt goed voor herhaling",
        "Mijn collega Jan de Vries van lokaal 12 helpt mij",
        "Samen lesmateriaal maken in Teams",
    ]
    .iter()
    .enumerate()
    {
        // Written as the survey stored them before the wave closed (the
        // store refuses answers to a closed wave, issue 12).
        crate::helpers::exec_sql(
            &app.db,
            &format!(
                "INSERT INTO response_open (response_id, question_id, text, reviewed, hidden) \
                 VALUES ({}, 'open-didactiek', '{text}', FALSE, FALSE)",
                ids[k].0
            ),
        )
        .await;
    }
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let report_url = format!("/reports/{}/institutions/99AA", s.wave);
    let report = app.get(&report_url).await;
    assert!(report.body.contains("Open antwoorden"));
    assert!(
        report.body.contains("3 antwoorden wachten nog op controle"),
        "{}",
        report.body
    );
    assert!(!report.body.contains("Kahoot"), "not shown before review");
    let review_url = format!("{report_url}/open");
    assert!(report.body.contains(&review_url));
    let review = app.get(&review_url).await;
    assert_eq!(review.status, 200);
    assert!(review.body.contains("Jan de Vries"));
    let jan = bekwaam::analysis::store::open_answers(&app.db, s.wave, "99AA")
        .await
        .unwrap();
    let hide = jan
        .iter()
        .find(|a| a.text.contains("Jan"))
        .map(|a| format!("{}:{}", a.response_id, a.question_id))
        .unwrap();
    let seen: Vec<String> = jan
        .iter()
        .map(|a| format!("{}:{}", a.response_id, a.question_id))
        .collect();
    let mut form: Vec<(&str, &str)> = seen.iter().map(|k| ("seen", k.as_str())).collect();
    form.push(("hide", hide.as_str()));
    let saved = app.submit(&review_url, &review_url, &form).await;
    assert_eq!(saved.status, 303);
    let report = app.get(&report_url).await;
    assert!(report.body.contains("Kahoot werkt goed voor herhaling"));
    assert!(report.body.contains("Samen lesmateriaal maken in Teams"));
    assert!(!report.body.contains("Jan de Vries"), "hidden after review");
    assert!(!report.body.contains("wachten nog op controle"));
    // With a filter the open answers are left out.
    let filtered = app
        .get(&format!("{report_url}?filter=zij-instromer:nee"))
        .await;
    assert!(!filtered.body.contains("Kahoot"));
    // The PDF holds them too, the hidden one not.
    let pdf = app
        .client
        .get(format!("{}{report_url}/download?format=pdf", app.address))
        .send()
        .await
        .unwrap();
    let text = pdftotext(&pdf.bytes().await.unwrap());
    assert!(text.contains("Kahoot werkt goed voor herhaling") && !text.contains("Jan de Vries"));
    // Another institution's coordinator cannot review; a small group is not even shown for review.
    app.logout().await;
    app.login_as("coord2", Role::Coordinator, Some("99AB"))
        .await;
    assert_eq!(app.get(&review_url).await.status, 403);
    app.logout().await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let small = format!("/reports/{open_wave}/institutions/99AA/open");
    let page = app.get(&small).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("minder dan 10 ingevulde"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Padlet"));
}

async fn scored_waves_are_reused_until_their_responses_change(app: TestApp) {
    use bekwaam::analysis::store::{WaveCache, load_waves};
    let s = seed(&app).await;
    let instruments = monitor::Instruments::default();
    let cache = WaveCache::default();
    let first = load_waves(&app.db, &instruments, &cache).await.unwrap();
    let again = load_waves(&app.db, &instruments, &cache).await.unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&first[0].1.data, &again[0].1.data),
        "reused"
    );
    let ins = instruments
        .get(
            &app.db,
            &first[0].0.instrument_id,
            &first[0].0.instrument_version,
        )
        .await
        .unwrap();
    insert_completed(&app.db, s.wave, &responses(&ins, "99AB", None, 1, 2, &[]))
        .await
        .unwrap();
    let after = load_waves(&app.db, &instruments, &cache).await.unwrap();
    assert!(
        !std::sync::Arc::ptr_eq(&first[0].1.data, &after[0].1.data),
        "rescored"
    );
    assert_eq!(
        after[0].1.data.responses.len(),
        first[0].1.data.responses.len() + 1
    );
}

/// Answers that tell responses apart: item i (for i < 20) carries bit i of
/// `k` (scale minimum or one above), the other items the minimum; read
/// back with [`which`].
fn distinct(ins: &monitor::instrument::Instrument, k: usize) -> Vec<(String, Option<i64>)> {
    ins.items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let s = &ins.scales[it.scale];
            let bit = if i < 20 { ((k >> i) & 1) as i64 } else { 0 };
            (it.id.clone(), Some(s.min() + bit))
        })
        .collect()
}

/// The `k` of a row written by [`distinct`], from its item cells.
fn which(ins: &monitor::instrument::Instrument, items: &[String]) -> usize {
    (0..20)
        .map(|i| {
            let s = &ins.scales[ins.items[i].scale];
            let v: i64 = items[i].parse().unwrap();
            ((v - s.min()) as usize) << i
        })
        .sum()
}

/// The data rows of a CSV export and its header.
fn data_rows(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(&files["microdata.csv"][..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The background questions an export carries (not the team question).
fn background_questions(
    ins: &monitor::instrument::Instrument,
) -> Vec<&monitor::instrument::Background> {
    ins.background.iter().filter(|q| !q.from_units).collect()
}

/// 200 responses that differ from each other, in two institutions, in
/// database order. Every export shuffles them afresh: neither the database
/// order nor another export's order, and the first row is another response.
async fn microdata_rows_come_in_a_fresh_random_order_per_export(app: TestApp) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.institution("99AB", "ROC Proef Zuid").await;
    let wave = open_wave(&app, 2026, &["99AA", "99AB"]).await;
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let src = ms::instrument_source(&app.db, &iid, &iver)
        .await
        .unwrap()
        .unwrap();
    let ins = monitor::instrument::parse("x", &src).unwrap();
    let rows: Vec<NewResponse> = (0..200)
        .map(|k| NewResponse {
            institution: if k < 120 { "99AA" } else { "99AB" }.into(),
            unit: None,
            background: Vec::new(),
            answers: distinct(&ins, k),
            open: Vec::new(),
            completed_on: time::macros::date!(2026 - 11 - 01),
        })
        .collect();
    insert_completed(&app.db, wave, &rows).await.unwrap();
    ms::advance(&app.db, &Actor::system(), wave, WaveState::Closed)
        .await
        .unwrap();
    app.login_as("onderzoeker1", Role::Researcher, None).await;
    let mut orders = Vec::new();
    for _ in 0..3 {
        let (header, rows) = data_rows(&unzip(&export(&app, wave, "csv").await));
        let first = header
            .iter()
            .position(|h| *h == ins.items[0].id.replace('-', "_"))
            .unwrap();
        let order: Vec<usize> = rows.iter().map(|r| which(&ins, &r[first..])).collect();
        let resp: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
        assert_eq!(
            resp,
            (1..=200).map(|k| k.to_string()).collect::<Vec<_>>(),
            "resp is the row number"
        );
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, (0..200).collect::<Vec<_>>(), "every response once");
        assert_ne!(order, sorted, "not in database order");
        orders.push(order);
    }
    assert_ne!(orders[0], orders[1], "a fresh order per export");
    assert_ne!(orders[1], orders[2], "a fresh order per export");
    // Row 1 is the same response in all three exports with probability 1/40,000.
    assert!(
        orders[0][0] != orders[1][0] || orders[0][0] != orders[2][0],
        "row 1 is another response"
    );
}

/// Background answer of response `k` to question `q` (`None`: not
/// answered), varied enough that many combinations are rare.
fn choice(k: usize, q: usize, options: usize) -> Option<usize> {
    let h = (k * 2_654_435_761 + q * 40_503) % 1_000_003;
    let c = (h / 7 + k / (q + 2)) % (options + 1);
    (c < options).then_some(c)
}

/// 99AA (70), 99AB (40) with varied background answers and 99AC (6, every
/// item at its maximum): 99AC's rows are not in the export, every
/// combination of institution and background answers holds at least 10
/// rows, values are only blanked, and the codebook's figures match the file.
async fn microdata_leaves_out_small_institutions_and_every_combination_holds_min_group_rows(
    app: TestApp,
) {
    app.institution("99AA", "ROC Proef Noord").await;
    app.institution("99AB", "ROC Proef Zuid").await;
    app.institution("99AC", "ROC Proef Klein").await;
    let wave = open_wave(&app, 2026, &["99AA", "99AB", "99AC"]).await;
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let src = ms::instrument_source(&app.db, &iid, &iver)
        .await
        .unwrap()
        .unwrap();
    let ins = monitor::instrument::parse("x", &src).unwrap();
    let questions = background_questions(&ins);
    let code = |k: usize| match k {
        0..70 => "99AA",
        70..110 => "99AB",
        _ => "99AC",
    };
    let max: Vec<(String, Option<i64>)> = ins
        .items
        .iter()
        .map(|it| (it.id.clone(), Some(ins.scales[it.scale].max())))
        .collect();
    let rows: Vec<NewResponse> = (0..116)
        .map(|k| NewResponse {
            institution: code(k).into(),
            unit: None,
            background: questions
                .iter()
                .enumerate()
                .filter_map(|(q, b)| {
                    let c = choice(k, q, b.options.len())?;
                    Some((b.id.clone(), b.options[c].id.clone()))
                })
                .collect(),
            answers: if k < 110 {
                distinct(&ins, k)
            } else {
                max.clone()
            },
            open: Vec::new(),
            completed_on: time::macros::date!(2026 - 11 - 01),
        })
        .collect();
    insert_completed(&app.db, wave, &rows).await.unwrap();
    ms::advance(&app.db, &Actor::system(), wave, WaveState::Closed)
        .await
        .unwrap();
    app.login_as("onderzoeker1", Role::Researcher, None).await;
    let files = unzip(&export(&app, wave, "csv").await);
    let (header, data) = data_rows(&files);
    let book = codebook(&files["codeboek.csv"]);

    // 99AC is not there: no row with every item at its maximum.
    assert_eq!(data.len(), 110);
    let first = header
        .iter()
        .position(|h| *h == ins.items[0].id.replace('-', "_"))
        .unwrap();
    let mut seen: Vec<usize> = data.iter().map(|r| which(&ins, &r[first..])).collect();
    seen.sort();
    assert_eq!(
        seen,
        (0..110).collect::<Vec<_>>(),
        "every kept response once"
    );
    assert_eq!(figure(&book, "Afgeronde vragenlijsten"), "116");
    assert_eq!(figure(&book, "Weggelaten regels"), "6");
    assert_eq!(figure(&book, "Weggelaten instellingen"), "1");
    assert_eq!(figure(&book, "Regels in dit bestand"), "110");
    assert_eq!(figure(&book, "Instellingen in dit bestand"), "2");
    assert!(!header.iter().any(|h| h == "inst"), "no institution column");

    // k-anonymity on every background answer (the file names no institution).
    let cols: Vec<usize> = questions
        .iter()
        .map(|q| {
            header
                .iter()
                .position(|h| *h == q.id.replace('-', "_"))
                .unwrap()
        })
        .collect();
    let mut combos: std::collections::HashMap<Vec<&str>, usize> = Default::default();
    for r in &data {
        let key: Vec<&str> = cols.iter().map(|&c| r[c].as_str()).collect();
        *combos.entry(key).or_default() += 1;
    }
    assert!(combos.len() > 1, "not everything blanked: {combos:?}");
    for (key, n) in &combos {
        assert!(*n >= 10, "{key:?} holds {n} rows");
    }

    // Values only blanked, and the codebook's loss figures as in the file.
    let mut total = 0;
    for (q, b) in questions.iter().enumerate() {
        let name = b.id.replace('-', "_");
        let given: Vec<Option<usize>> = (0..110).map(|k| choice(k, q, b.options.len())).collect();
        let unanswered = given.iter().filter(|c| c.is_none()).count();
        let empty = data.iter().filter(|r| r[cols[q]].is_empty()).count();
        for c in 0..b.options.len() {
            let before = given.iter().filter(|g| **g == Some(c)).count();
            let after = data
                .iter()
                .filter(|r| r[cols[q]] == (c + 1).to_string())
                .count();
            assert!(
                after <= before,
                "{name} = {}: {after} rows, {before} given",
                c + 1
            );
        }
        let row = variable(&book, &name);
        let blanked = empty - unanswered;
        assert_eq!(row[3], blanked.to_string(), "{name}: blanked");
        assert_eq!(
            row[4],
            format!("{:.1}", blanked as f64 * 100.0 / 110.0),
            "{name}: share"
        );
        assert_eq!(row[5], unanswered.to_string(), "{name}: not answered");
        total += blanked;
    }
    assert!(total > 0, "some values had to be blanked");
    assert_eq!(
        figure(&book, "Leeggemaakte achtergrondantwoorden"),
        total.to_string()
    );
}

/// The demo's waves exported as the researcher would: every combination
/// of institution and background answers holds at least MIN_GROUP rows,
/// and the loss is what the codebook says. Prints the figures
/// (docs/privacy-microdata-notes.md quotes them).
async fn microdata_of_the_demo_is_k_anonymous_and_its_loss_is_reported(app: TestApp) {
    use bekwaam::analysis::microdata::{self, Format, Progress, Target};
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::demo::seed_monitor(&app.db).await.unwrap();
    bekwaam::demo::seed_history(&app.db).await.unwrap();
    let instruments = monitor::Instruments::default();
    let dir = tempfile::tempdir().unwrap();
    let mut exported = 0;
    for wave in ms::waves(&app.db).await.unwrap() {
        if wave.state == WaveState::Draft {
            continue;
        }
        let ins = instruments
            .get(&app.db, &wave.instrument_id, &wave.instrument_version)
            .await
            .unwrap();
        let path = dir.path().join(format!("{}.zip", wave.id));
        let loss = microdata::export_with_loss(
            &app.db,
            &ins,
            &wave,
            Target {
                format: Format::Csv,
                path: &path,
                min_group: Default::default(),
                lang: bekwaam::i18n::Lang::Nl,
            },
            std::sync::Arc::new(Progress::default()),
        )
        .await
        .unwrap();
        let files = unzip(&std::fs::read(&path).unwrap());
        let (header, data) = data_rows(&files);
        assert_eq!(data.len() as u64, loss.rows_kept());
        let questions = background_questions(&ins);
        let cols: Vec<usize> = questions
            .iter()
            .map(|q| {
                header
                    .iter()
                    .position(|h| *h == q.id.replace('-', "_"))
                    .unwrap()
            })
            .collect();
        let mut combos: std::collections::HashMap<Vec<&str>, usize> = Default::default();
        for r in &data {
            let key: Vec<&str> = cols.iter().map(|&c| r[c].as_str()).collect();
            *combos.entry(key).or_default() += 1;
        }
        assert!(
            combos.values().all(|&n| n >= 10),
            "wave {}: {combos:?}",
            wave.name
        );
        let book = codebook(&files["codeboek.csv"]);
        assert_eq!(
            figure(&book, "Weggelaten regels"),
            loss.rows_dropped.to_string()
        );
        println!(
            "demo wave {} ({:?}): {} completed, {} dropped ({} institutions), {} kept in {} institutions, {} combinations",
            wave.name,
            wave.state,
            loss.rows_total,
            loss.rows_dropped,
            loss.institutions_dropped,
            loss.rows_kept(),
            loss.institutions_kept,
            combos.len()
        );
        for (q, b) in questions.iter().enumerate() {
            let empty = data.iter().filter(|r| r[cols[q]].is_empty()).count() as u64;
            assert_eq!(empty, loss.blanked[q] + loss.unanswered[q]);
            println!(
                "  {:<16} blanked {:>4} ({:>5.1} %), not answered {:>4}",
                b.id,
                loss.blanked[q],
                loss.blanked[q] as f64 * 100.0 / loss.rows_kept().max(1) as f64,
                loss.unanswered[q]
            );
        }
        exported += 1;
    }
    assert!(exported > 0);
}

/// The perturbation's cost on the demo (docs/privacy.md, "Effect on
/// accuracy"): every published institution mean against the exact one,
/// within the published bound, with the figures printed per group size.
async fn published_means_of_the_demo_stay_within_the_documented_accuracy(app: TestApp) {
    use bekwaam::analysis::{release, report};
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::demo::seed_monitor(&app.db).await.unwrap();
    bekwaam::demo::seed_history(&app.db).await.unwrap();
    let waves =
        bekwaam::analysis::store::load_waves(&app.db, &Default::default(), &Default::default())
            .await
            .unwrap();
    let data: Vec<report::Wave> = waves.iter().map(|(_, w)| w.clone()).collect();
    let m = bekwaam::analysis::disclosure::MinGroup::default();
    // (group size band, |published - exact|)
    let mut diffs: Vec<(u64, f64)> = Vec::new();
    for (k, w) in data.iter().enumerate() {
        for code in &w.data.institutions {
            let r = report::institution(&data, k, code, None, &[], m);
            let rows: Vec<_> = w.data.of_institution(code).collect();
            for row in &r.domains {
                let Some(own) = &row.own else { continue };
                let (cell, _, _) = report::domain_stats(&w.instrument, &rows, row.domain, false);
                let exact = cell.moments.mean;
                let published = own.summary.as_ref().unwrap().mean;
                let n = cell.moments.n;
                let p = release::PARAMS;
                let bound = p.sum_max / n as f64;
                assert!(
                    (published - exact).abs() <= bound,
                    "{code} {n}: {published} vs {exact}"
                );
                diffs.push((n, (published - exact).abs()));
            }
        }
    }
    assert!(diffs.len() > 100, "{} figures", diffs.len());
    for (lo, hi) in [(10, 25), (25, 50), (50, u64::MAX)] {
        let d: Vec<f64> = diffs
            .iter()
            .filter(|(n, _)| (lo..hi).contains(n))
            .map(|x| x.1)
            .collect();
        if d.is_empty() {
            continue;
        }
        let mean = d.iter().sum::<f64>() / d.len() as f64;
        let max = d.iter().copied().fold(0.0, f64::max);
        println!(
            "accuracy: groups of {lo}..{hi}: {} means, mean |change| {mean:.2}, max {max:.2} points",
            d.len()
        );
    }
}

/// The codebook that comes with an export (issue 13, item 14), in the CSV's
/// ZIP and on the XLSX's second sheet alike: every column of the data with
/// its label, value labels (or range) and treatment, and what was left out.
/// The status page names the format as the form does ("SPSS (.sav)").
async fn the_codebook_describes_every_exported_column_and_its_treatment(app: TestApp) {
    let s = seed(&app).await;
    app.login_as("onderzoeker1", Role::Researcher, None).await;
    let form = app.get(&format!("/reports/{}/microdata", s.wave)).await;
    for (label, note) in [
        ("CSV", "codeboek.csv"),
        ("Excel (XLSX)", "werkbladen"),
        ("SPSS (.sav)", "microdata.sav"),
    ] {
        assert!(
            form.body.contains(&format!(">{label}</label>")),
            "{label}: {}",
            form.body
        );
        assert!(form.body.contains(note), "{note}");
    }
    assert!(
        form.body
            .contains(r#"value="csv" aria-describedby="f-csv-note" checked>"#),
        "CSV is chosen by default: {}",
        form.body
    );

    let files = unzip(&export(&app, s.wave, "csv").await);
    let book = codebook(&files["codeboek.csv"]);
    let data = String::from_utf8(files["microdata.csv"].clone()).unwrap();
    let header: Vec<&str> = data.lines().next().unwrap().split(',').collect();
    let ins = &s.ins;
    let name = |id: &str| id.replace('-', "_");
    let treatment = |r: &[String]| r.last().unwrap().clone();
    for column in &header {
        let row = variable(&book, column);
        assert!(!row[1].is_empty(), "{column}: no label");
        assert!(!row[2].is_empty(), "{column}: no values");
        assert!(!treatment(&row).is_empty(), "{column}: no treatment");
    }
    assert!(treatment(&variable(&book, "resp")).contains("Pseudoniem"));
    // Background: the value labels and the suppression with its count.
    let zij = variable(&book, "zij_instromer");
    assert!(
        zij[2].contains("1 = Ja") && zij[2].contains("2 = Nee"),
        "{zij:?}"
    );
    assert!(
        treatment(&zij).contains("k = 10") && treatment(&zij).contains("6 antwoorden leeggemaakt"),
        "{zij:?}"
    );
    // Items: every scale option labelled, reverse-coded ones said so.
    for item in &ins.items {
        let row = variable(&book, &name(&item.id));
        for o in &ins.scales[item.scale].options {
            let label = format!("{} = {}", o.value, o.label.get(bekwaam::i18n::Lang::Nl));
            assert!(row[2].contains(&label), "{}: {label} missing", item.id);
        }
        assert_eq!(
            treatment(&row).contains("omgepoold; in de score"),
            item.reverse,
            "{}",
            item.id
        );
    }
    // Scores: which items, the rescaling, the rounding and the minimum answered.
    for d in &ins.domains {
        let row = variable(&book, &format!("score_{}", name(&d.id)));
        let text = treatment(&row);
        for &i in &d.items {
            assert!(text.contains(&name(&ins.items[i].id)), "{text}");
        }
        assert!(
            text.contains("0–100") && text.contains("1 decimaal") && text.contains("50 %"),
            "{text}"
        );
    }
    assert!(figure(&book, "Niet in het bestand").contains("instelling"));
    assert!(!figure(&book, "Methode").contains("combinatie van instelling"));

    // The XLSX carries the same codebook on its second sheet.
    let xlsx = export(&app, s.wave, "xlsx").await;
    {
        use calamine::Reader as _;
        let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
        let sheet = wb.worksheet_range("codeboek").unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        for column in &header {
            assert_eq!(
                treatment(&variable(&rows, column)),
                treatment(&variable(&book, column))
            );
        }
    }

    // The status page of a .sav export is headed by its format's name.
    let start = format!("/reports/{}/microdata", s.wave);
    let res = app.submit(&start, &start, &[("format", "sav")]).await;
    let status = app.get(&res.location.unwrap()).await;
    assert!(
        status.body.contains("<h2>SPSS (.sav)</h2>"),
        "{}",
        status.body
    );
}

/// The mode bits of a file or directory (permissions only).
#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The export files in `dir`, by name.
fn export_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip" || e == "xlsx"))
        .collect();
    files.sort();
    files
}

/// Microdata export files are the server's own (issue 13, item 19): in
/// the configured directory, which is made owner-only, written 0600, and
/// what an earlier run left there is removed when the server starts
/// (nothing in memory remembers it any more); files that are not exports
/// stay.
#[cfg(unix)]
#[tokio::test]
async fn export_files_are_owner_only_and_an_earlier_runs_are_removed_at_start_up() {
    use crate::helpers::Backend;
    use std::os::unix::fs::PermissionsExt as _;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("exports");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let leftover = dir.join(format!("{}.zip", "ab12".repeat(8)));
    std::fs::write(&leftover, b"microdata of a run that crashed").unwrap();
    let foreign = dir.join("notes.txt");
    std::fs::write(&foreign, b"not an export").unwrap();
    let settings = || bekwaam::web::Settings {
        export_dir: Some(dir.clone()),
        ..Default::default()
    };

    let app = TestApp::spawn_with(Backend::Sqlite, settings())
        .await
        .unwrap();
    assert!(!leftover.exists(), "the earlier run's export is removed");
    assert!(foreign.exists(), "what is not an export stays");
    assert_eq!(mode(&dir), 0o700, "the directory is made owner-only");

    let s = seed(&app).await;
    app.login_as("onderzoeker1", Role::Researcher, None).await;
    let csv = export(&app, s.wave, "csv").await;
    let xlsx = export(&app, s.wave, "xlsx").await;
    let files = export_files(&dir);
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        assert_eq!(mode(f), 0o600, "{}", f.display());
        let bytes = std::fs::read(f).unwrap();
        assert!(bytes == csv || bytes == xlsx, "the downloaded file");
    }
    drop(app);

    // The next start finds them without their jobs, and removes them.
    let _again = TestApp::spawn_with(Backend::Sqlite, settings())
        .await
        .unwrap();
    assert!(export_files(&dir).is_empty(), "{:?}", export_files(&dir));
    assert!(foreign.exists());
}

/// Without --export-dir the exports go next to the SQLite database, or in
/// the working directory.
#[test]
fn the_export_directory_defaults_to_the_data_directory() {
    use bekwaam::cli::default_export_dir;
    use std::path::Path;
    assert_eq!(
        default_export_dir("sqlite://bekwaam-demo/bekwaam.db"),
        Path::new("bekwaam-demo/bekwaam-exports")
    );
    assert_eq!(
        default_export_dir("sqlite:///var/lib/bekwaam/bekwaam.db?mode=rwc"),
        Path::new("/var/lib/bekwaam/bekwaam-exports")
    );
    assert_eq!(
        default_export_dir("sqlite://bekwaam.db"),
        Path::new("bekwaam-exports")
    );
    assert_eq!(
        default_export_dir("postgres://bekwaam@db/bekwaam"),
        Path::new("bekwaam-exports")
    );
}

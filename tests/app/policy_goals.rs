//! Two-year goals (issue 14, item 3): met, not met and not measurable
//! computed from monitor data through the reports' analysis and disclosure
//! control (a team below MIN_GROUP is "not measurable", never a figure),
//! the cycle's order (reflection after the measurement, a follow-up after
//! the reflection, one follow-up per goal), a refused form that keeps what
//! was typed, and who sees what (pages and API).

use bekwaam::analysis::store::{NewResponse, insert_completed};
use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::monitor::{self, WaveState, instrument::Instrument, store as ms};
use bekwaam::policy::goals_store;

use crate::helpers::TestApp;
use crate::on_both;

on_both!(
    goals_are_met_not_met_or_not_measurable_from_the_target_wave,
    the_cycle_runs_goal_measurement_reflection_follow_up_in_order,
    a_refused_goal_form_names_the_field_and_keeps_what_was_typed,
    a_coordinator_cannot_read_or_change_another_institutions_goals,
    without_consent_the_steering_group_sees_goals_but_no_figures,
    the_demo_has_goals_met_not_met_not_measurable_and_pending,
    the_coordinators_home_shows_policy_gaps_and_open_goals,
);

/// Every item coded `v` for every respondent: each domain's mean is `v`,
/// whatever the number of items.
fn constant(ins: &Instrument, v: i64) -> Vec<(String, Option<i64>)> {
    ins.items
        .iter()
        .map(|it| {
            let s = &ins.scales[it.scale];
            let raw = if it.reverse { s.min() + s.max() - v } else { v };
            (it.id.clone(), Some(raw))
        })
        .collect()
}

fn rows(ins: &Instrument, code: &str, unit: Option<i64>, n: usize, v: i64) -> Vec<NewResponse> {
    (0..n)
        .map(|_| NewResponse {
            institution: code.into(),
            unit,
            background: Vec::new(),
            answers: constant(ins, v),
            open: Vec::new(),
            completed_on: time::macros::date!(2026 - 11 - 01),
        })
        .collect()
}

/// A domain's score (0-100) when every item is coded `v`: the mean over
/// its items of `v` placed on the item's own scale.
fn score(ins: &Instrument, domain: &str, v: i64) -> f64 {
    let d = ins.domains.iter().find(|d| d.id == domain).unwrap();
    let sum: f64 = d
        .items
        .iter()
        .map(|&i| {
            let s = &ins.scales[ins.items[i].scale];
            (v - s.min()) as f64 / (s.max() - s.min()) as f64 * 100.0
        })
        .sum();
    sum / d.items.len() as f64
}

/// The cell-key noise on a mean of 23 respondents is at most 30 / n', with
/// n' the published count, itself at most 2 off (docs/privacy.md).
const NOISE: f64 = 30.0 / 21.0;

struct Cycle {
    ins: Instrument,
    /// Team Groot (20 respondents) and Team Klein (3, below MIN_GROUP).
    big: i64,
    small: i64,
    domain: String,
}

async fn wave(app: &TestApp, year: i32) -> i64 {
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let new = monitor::validate_wave(
        &year.to_string(),
        &format!("{iid}@{iver}"),
        &format!("{year}-10-01"),
        &format!("{}-01-31", year + 1),
        &["99AA".to_string(), "99AB".to_string()],
    )
    .unwrap();
    let actor = Actor::system();
    let id = ms::create_wave(&app.db, &actor, &new).await.unwrap();
    ms::advance(&app.db, &actor, id, WaveState::Open)
        .await
        .unwrap();
    id
}

/// 99AA and 99AB in a closed wave "2022": every answer of 99AA coded 2
/// (Team Groot 20, Team Klein 3), 99AB 12 at 3.
async fn baseline(app: &TestApp) -> Cycle {
    app.institution("99AA", "ROC Proef Noord").await;
    app.institution("99AB", "ROC Proef Zuid").await;
    let actor = Actor::system();
    let code = "99AA".parse().unwrap();
    let big = ms::add_unit(&app.db, &actor, &code, "Team Groot")
        .await
        .unwrap();
    let small = ms::add_unit(&app.db, &actor, &code, "Team Klein")
        .await
        .unwrap();
    let id = wave(app, 2022).await;
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let src = ms::instrument_source(&app.db, &iid, &iver)
        .await
        .unwrap()
        .unwrap();
    let ins = monitor::instrument::parse("x", &src).unwrap();
    let mut r = rows(&ins, "99AA", Some(big), 20, 2);
    r.extend(rows(&ins, "99AA", Some(small), 3, 2));
    r.extend(rows(&ins, "99AB", None, 12, 3));
    insert_completed(&app.db, id, &r).await.unwrap();
    ms::advance(&app.db, &actor, id, WaveState::Closed)
        .await
        .unwrap();
    let domain = ins.domains[0].id.clone();
    Cycle {
        ins,
        big,
        small,
        domain,
    }
}

/// The wave "2024": every answer of 99AA coded 4; closed when `close`.
async fn target(app: &TestApp, c: &Cycle, close: bool) -> i64 {
    let id = wave(app, 2024).await;
    let mut r = rows(&c.ins, "99AA", Some(c.big), 20, 4);
    r.extend(rows(&c.ins, "99AA", Some(c.small), 3, 4));
    r.extend(rows(&c.ins, "99AB", None, 12, 3));
    insert_completed(&app.db, id, &r).await.unwrap();
    if close {
        ms::advance(&app.db, &Actor::system(), id, WaveState::Closed)
            .await
            .unwrap();
    }
    id
}

impl TestApp {
    async fn set_goal(&self, code: &str, fields: &[(&str, &str)]) -> crate::helpers::Html {
        let page = format!("/policy/{code}/goals");
        self.submit(&page, &page, fields).await
    }
}

/// The goals of 99AA through the API, read with a key of `user`.
async fn api_goals(app: &TestApp, user: i64, code: &str) -> (u16, serde_json::Value) {
    let key = bekwaam::auth::store::create_api_key(&app.db, &Actor::cli(), user, "test")
        .await
        .unwrap();
    let (status, _, body) = app
        .api_get(&format!("/api/v1/institutions/{code}/goals"), Some(&key))
        .await;
    (status, serde_json::from_str(&body).unwrap_or_default())
}

async fn three_goals(app: &TestApp, c: &Cycle) {
    let metric = format!("domain:{}", c.domain);
    let small = c.small.to_string();
    for (description, unit, value) in [
        ("Hele instelling naar 60", "", "60"),
        ("Hele instelling naar 90", "", "90.0"),
        ("Team Klein naar 50", small.as_str(), "50,0"),
    ] {
        let r = app
            .set_goal(
                "99AA",
                &[
                    ("description", description),
                    ("metric", &metric),
                    ("unit", unit),
                    ("target_value", value),
                    ("target_year", "2024"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{description}: {}", r.body);
        assert!(
            r.location
                .as_deref()
                .unwrap_or("")
                .starts_with("/policy/99AA/goals#goal-")
        );
    }
}

async fn goals_are_met_not_met_or_not_measurable_from_the_target_wave(app: TestApp) {
    let c = baseline(&app).await;
    let coord = app.user("noord", Role::Coordinator, Some("99AA")).await;
    app.login("noord", "noord-wachtwoord").await;
    three_goals(&app, &c).await;

    // The baseline is the 2022 figure (every answer 2, published with the
    // cell-key noise); Team Klein's is never shown.
    let (status, goals) = api_goals(&app, coord, "99AA").await;
    assert_eq!(status, 200);
    let g = goals.as_array().unwrap();
    assert_eq!(g.len(), 3);
    let base = g[0]["baseline"].as_f64().expect("a baseline");
    let want = score(&c.ins, &c.domain, 2);
    assert!((base - want).abs() <= NOISE, "{base} against {want}");
    assert_eq!(g[0]["baseline_wave"], "2022");
    assert_eq!(g[2]["team"], c.small);
    assert!(g[2]["baseline"].is_null(), "{}", g[2]);
    assert!(g.iter().all(|x| x["outcome"] == "pending"), "{goals}");

    // While 2024 is in fieldwork nothing is measured.
    let running = target(&app, &c, false).await;
    let page = app.get("/policy/99AA/goals").await;
    assert!(page.body.contains("Nog niet gemeten"), "{}", page.body);
    let (_, goals) = api_goals(&app, coord, "99AA").await;
    assert!(
        goals
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["outcome"] == "pending")
    );

    // Closed and analysed: about 73 meets 60, misses 90; Team Klein (3 < MIN_GROUP) is unmeasurable.
    ms::advance(&app.db, &Actor::system(), running, WaveState::Closed)
        .await
        .unwrap();
    let (_, goals) = api_goals(&app, coord, "99AA").await;
    let g = goals.as_array().unwrap();
    let measured = g[0]["measured_value"].as_f64().expect("a measured value");
    let want = score(&c.ins, &c.domain, 4);
    assert!(
        (measured - want).abs() <= NOISE,
        "{measured} against {want}"
    );
    assert_eq!(g[0]["outcome"], "met", "{goals}");
    assert_eq!(
        (g[1]["outcome"].as_str(), g[1]["measured_value"].as_f64()),
        (Some("not_met"), Some(measured))
    );
    assert_eq!(g[2]["outcome"], "not_measurable");
    assert!(g[2]["measured_value"].is_null(), "{}", g[2]);
    assert_eq!(g[0]["measured_in"], "2024");

    // The figure is the one the institution report publishes for that domain.
    let csv = app
        .get(&format!(
            "/reports/{running}/institutions/99AA/download?format=csv&table=deelgebieden"
        ))
        .await;
    assert_eq!(csv.status, 200);
    let name = &c.ins.domains[0];
    let line = csv
        .body
        .lines()
        .find(|l| l.contains(name.name.nl.as_str()))
        .unwrap_or_else(|| panic!("no row for the domain: {}", csv.body));
    let dotted = format!("{measured:.1}");
    assert!(
        line.contains(&dotted) || line.contains(&dotted.replace('.', ",")),
        "{measured} not in the report's row {line}"
    );

    let page = app.get("/policy/99AA/goals").await;
    assert_eq!(page.status, 200);
    for word in [
        "Gehaald",
        "Niet gehaald",
        "Niet meetbaar",
        "Te weinig respondenten",
    ] {
        assert!(page.body.contains(word), "{word} missing");
    }
    // Team Klein's goal carries no figure: its card shows no "4,0".
    let card = crate::helpers::extract_between(&page.body, "Team Klein naar 50</h3>", "</li>")
        .expect("the Team Klein goal is on the page");
    let shown = format!("{measured:.1}").replace('.', ",");
    assert!(!card.contains(&shown), "{card}");

    // The same figure as the institution report shows for that domain.
    let stored = goals_store::goals(&app.db, "99AA").await.unwrap();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0].target_value, 60.0);
}

async fn the_cycle_runs_goal_measurement_reflection_follow_up_in_order(app: TestApp) {
    let c = baseline(&app).await;
    app.user("noord", Role::Coordinator, Some("99AA")).await;
    app.login("noord", "noord-wachtwoord").await;
    three_goals(&app, &c).await;
    let ids: Vec<i64> = goals_store::goals(&app.db, "99AA")
        .await
        .unwrap()
        .iter()
        .map(|g| g.id)
        .collect();
    let first = ids[0];
    let page = "/policy/99AA/goals";
    let metric = format!("domain:{}", c.domain);
    let follow_up = |follows: String| {
        vec![
            ("description".to_string(), "Vervolg: naar 90".to_string()),
            ("metric".to_string(), metric.clone()),
            ("unit".to_string(), String::new()),
            ("target_value".to_string(), "90".to_string()),
            ("target_year".to_string(), "2026".to_string()),
            ("follows".to_string(), follows),
        ]
    };

    // No reflection before the target wave is analysed.
    let early = app
        .submit(
            page,
            &format!("/policy/99AA/goals/{first}/reflection"),
            &[("reflection", "Te vroeg")],
        )
        .await;
    assert_eq!(early.status, 422);
    assert!(
        early
            .body
            .contains("Een reflectie kan pas als de afname van het doeljaar is geanalyseerd.")
    );
    assert!(early.body.contains("Te vroeg"), "the text typed is kept");

    target(&app, &c, true).await;
    // No follow-up before the reflection (baseline is now 2024, so 2026 is allowed).
    let owned = follow_up(first.to_string());
    let f: Vec<(&str, &str)> = owned
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = app.submit(page, page, &f).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Leg eerst een reflectie op het doel vast."));
    assert!(
        r.body.contains("Vervolg: naar 90"),
        "the description typed is kept"
    );

    // An empty reflection names the field.
    let empty = app
        .submit(
            page,
            &format!("/policy/99AA/goals/{first}/reflection"),
            &[("reflection", "  ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(
        empty
            .body
            .contains(&format!("id=\"reflection-{first}-error\"")),
        "the reflection field says what is wrong"
    );

    let ok = app
        .submit(
            page,
            &format!("/policy/99AA/goals/{first}/reflection"),
            &[(
                "reflection",
                "Gehaald dankzij de scholing; we leggen de lat hoger.",
            )],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let shown = app.get(page).await;
    assert!(
        shown.body.contains("De reflectie is opgeslagen."),
        "the save is confirmed"
    );
    assert!(shown.body.contains("Gehaald dankzij de scholing"));

    // A reflected goal cannot be deleted.
    let del = app
        .submit(
            &format!("/policy/99AA/goals/{first}/delete"),
            &format!("/policy/99AA/goals/{first}/delete"),
            &[],
        )
        .await;
    assert_eq!(del.status, 303);
    assert_eq!(goals_store::goals(&app.db, "99AA").await.unwrap().len(), 3);

    // The follow-up, once.
    let r = app.submit(page, page, &f).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let again = app.submit(page, page, &f).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Dit doel heeft al een vervolgdoel."));
    let goals = goals_store::goals(&app.db, "99AA").await.unwrap();
    assert_eq!(goals.len(), 4);
    let next = goals.iter().find(|g| g.follows == Some(first)).unwrap();
    assert_eq!(next.target_year, 2026);

    // The timeline: goal, measurement, reflection, next goal, in that order.
    let body = app.get(page).await.body;
    let at = |s: &str| {
        body.find(s)
            .unwrap_or_else(|| panic!("{s} not on the page"))
    };
    assert!(at("Hele instelling naar 60") < at("Gehaald dankzij de scholing"));
    assert!(at("Gehaald dankzij de scholing") < at("Vervolg: naar 90"));

    // An unreflected, unfollowed goal can be deleted after confirming.
    let third = ids[2];
    let confirm = app.get(&format!("/policy/99AA/goals/{third}/delete")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Team Klein naar 50"));
    app.submit(
        &format!("/policy/99AA/goals/{third}/delete"),
        &format!("/policy/99AA/goals/{third}/delete"),
        &[],
    )
    .await;
    assert_eq!(goals_store::goals(&app.db, "99AA").await.unwrap().len(), 3);
    let (audit, _) = bekwaam::audit::store::list(&app.db, &Default::default(), 100, 0)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "policy_goal_set",
        "policy_goal_reflected",
        "policy_goal_deleted",
    ] {
        assert!(
            actions.contains(&a),
            "{a} not in the audit log: {actions:?}"
        );
    }
}

async fn a_refused_goal_form_names_the_field_and_keeps_what_was_typed(app: TestApp) {
    let c = baseline(&app).await;
    app.user("noord", Role::Coordinator, Some("99AA")).await;
    app.login("noord", "noord-wachtwoord").await;
    let metric = format!("domain:{}", c.domain);
    let r = app
        .set_goal(
            "99AA",
            &[
                ("description", "Meer differentiëren in de les"),
                ("metric", &metric),
                ("unit", ""),
                ("target_value", "veel"),
                ("target_year", "2023"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Meer differentiëren in de les"),
        "the description is kept"
    );
    assert!(
        r.body.contains("value=\"veel\""),
        "the target typed is kept"
    );
    assert!(r.body.contains("target_value-error"));
    assert!(r.body.contains("target_year-error"));
    for (field, value, why) in [
        ("target_value", "101", "target_value-error"),
        ("metric", "domain:bestaat-niet", "metric-error"),
        ("unit", "999999", "unit-error"),
    ] {
        let mut f = vec![
            ("description", "Doel"),
            ("metric", metric.as_str()),
            ("unit", ""),
            ("target_value", "3"),
            ("target_year", "2024"),
        ];
        for x in f.iter_mut() {
            if x.0 == field {
                x.1 = value;
            }
        }
        let r = app.set_goal("99AA", &f).await;
        assert_eq!(r.status, 422, "{field}={value}");
        assert!(r.body.contains(why), "{field}={value}: no {why}");
    }
    assert!(
        goals_store::goals(&app.db, "99AA")
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_coordinator_cannot_read_or_change_another_institutions_goals(app: TestApp) {
    let c = baseline(&app).await;
    app.user("noord", Role::Coordinator, Some("99AA")).await;
    let zuid = app.user("zuid", Role::Coordinator, Some("99AB")).await;
    app.login("noord", "noord-wachtwoord").await;
    three_goals(&app, &c).await;
    let id = goals_store::goals(&app.db, "99AA").await.unwrap()[0].id;
    app.logout().await;
    app.login("zuid", "zuid-wachtwoord").await;
    assert_eq!(app.get("/policy/99AA/goals").await.status, 403);
    assert_eq!(
        app.get(&format!("/policy/99AA/goals/{id}/delete"))
            .await
            .status,
        403
    );
    let own = "/policy/99AB/goals";
    assert_eq!(app.get(own).await.status, 200);
    let metric = format!("domain:{}", c.domain);
    let set = app
        .submit(
            own,
            "/policy/99AA/goals",
            &[
                ("description", "Overname"),
                ("metric", &metric),
                ("unit", ""),
                ("target_value", "1"),
                ("target_year", "2024"),
            ],
        )
        .await;
    assert_eq!(set.status, 403);
    let reflect = app
        .submit(
            own,
            &format!("/policy/99AA/goals/{id}/reflection"),
            &[("reflection", "x")],
        )
        .await;
    assert_eq!(reflect.status, 403);
    let del = app
        .submit(own, &format!("/policy/99AA/goals/{id}/delete"), &[])
        .await;
    assert_eq!(del.status, 403);
    // Its own code with another's goal id: not found.
    assert_eq!(
        app.get(&format!("/policy/99AB/goals/{id}/delete"))
            .await
            .status,
        404
    );
    assert_eq!(goals_store::goals(&app.db, "99AA").await.unwrap().len(), 3);

    let (status, _) = api_goals(&app, zuid, "99AA").await;
    assert_eq!(status, 403);
    let (status, body) = api_goals(&app, zuid, "99AB").await;
    assert_eq!(status, 200);
    assert_eq!(body, serde_json::json!([]));
}

async fn without_consent_the_steering_group_sees_goals_but_no_figures(app: TestApp) {
    let c = baseline(&app).await;
    app.user("noord", Role::Coordinator, Some("99AA")).await;
    app.login("noord", "noord-wachtwoord").await;
    three_goals(&app, &c).await;
    target(&app, &c, true).await;
    app.logout().await;
    let steering = app.user("stuur", Role::SteeringGroup, None).await;
    app.login("stuur", "stuur-wachtwoord").await;
    let page = app.get("/policy/99AA/goals").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Hele instelling naar 60"));
    assert!(page.body.contains("Uitkomst niet zichtbaar"));
    assert!(!page.body.contains("Niet gehaald"));
    assert!(!page.body.contains("Gehaald"), "no outcome");
    assert!(
        !page
            .body
            .contains("<form method=\"post\" action=\"/policy/99AA/goals\"")
    );
    let (status, goals) = api_goals(&app, steering, "99AA").await;
    assert_eq!(status, 200);
    for g in goals.as_array().unwrap() {
        assert!(g["outcome"].is_null(), "{g}");
        assert!(g["measured_value"].is_null(), "{g}");
        assert!(g["baseline"].is_null(), "{g}");
    }
}

async fn the_demo_has_goals_met_not_met_not_measurable_and_pending(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::demo::seed_monitor(&app.db).await.unwrap();
    bekwaam::demo::seed_history(&app.db).await.unwrap();
    bekwaam::policy::demo::seed_goals(&app.db).await.unwrap();
    // Seeding twice adds nothing.
    bekwaam::policy::demo::seed_goals(&app.db).await.unwrap();
    app.login("coordinator", "demo-coordinator").await;
    let page = app.get("/policy/99AA/goals").await;
    assert_eq!(page.status, 200);
    for word in [
        "Gehaald",
        "Niet gehaald",
        "Niet meetbaar",
        "Nog niet gemeten",
    ] {
        assert!(page.body.contains(word), "the demo shows no goal '{word}'");
    }
    let goals = goals_store::goals(&app.db, "99AA").await.unwrap();
    assert_eq!(goals.len(), 5);
    assert_eq!(goals.iter().filter(|g| g.follows.is_some()).count(), 2);
    assert_eq!(goals.iter().filter(|g| g.reflection.is_some()).count(), 2);
}

async fn the_coordinators_home_shows_policy_gaps_and_open_goals(app: TestApp) {
    let c = baseline(&app).await;
    app.user("noord", Role::Coordinator, Some("99AA")).await;
    app.login("noord", "noord-wachtwoord").await;
    let home = app.get("/").await.body;
    assert!(home.contains("Beleid van ROC Proef Noord"), "{home}");
    assert!(home.contains("De beleidsstatus is nog niet ingevuld."));
    assert!(
        home.contains("Vastgesteld professionaliseringsbeleid"),
        "every gap is listed"
    );
    assert!(home.contains("Er zijn geen open doelen."));
    three_goals(&app, &c).await;
    let status = bekwaam::policy::Status {
        development: bekwaam::policy::Adoption {
            stage: bekwaam::policy::Stage::Adopted,
            adopted_on: Some(time::macros::date!(2024 - 03 - 01)),
        },
        covers_ict: true,
        ..Default::default()
    };
    bekwaam::policy::store::save_status(
        &app.db,
        &Actor::system(),
        "99AA",
        &status,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    let home = app.get("/").await.body;
    assert!(!home.contains("De beleidsstatus is nog niet ingevuld."));
    assert!(!home.contains("<li>Vastgesteld professionaliseringsbeleid</li>"));
    assert!(home.contains("<li>Cyberveiligheid in het professionaliseringsbeleid</li>"));
    assert!(
        home.contains("Hele instelling naar 60 (doeljaar 2024)"),
        "{home}"
    );
    assert!(home.contains("href=\"/policy/99AA/goals\""));
    assert!(
        !home.contains("ROC Proef Zuid"),
        "only their own institution"
    );
    assert!(
        !home.contains("Voor de bewegingsscan"),
        "no round, no interview pending"
    );
    bekwaam::scan::store::create_round(
        &app.db,
        &Actor::system(),
        &bekwaam::scan::NewRound {
            name: "Najaar 2026".into(),
            year: 2026,
        },
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    let home = app.get("/").await.body;
    assert!(
        home.contains(
            "Voor de bewegingsscan Najaar 2026 staat het interview met uw instelling nog open"
        ),
        "{home}"
    );
    assert!(home.contains("href=\"/scan/institutions/99AA\""));
    assert_eq!(app.get("/scan/institutions/99AA").await.status, 200);
    app.logout().await;
    app.login_as("stuur", Role::SteeringGroup, None).await;
    assert!(
        !app.get("/")
            .await
            .body
            .contains("Beleid van ROC Proef Noord")
    );
}

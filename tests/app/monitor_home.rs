//! Issue 13, item 9: the coordinator's home shows, per wave of their own
//! institution, the closing date, the response per team (a team below
//! the minimum group shows "te klein", no count and no rate) and what to
//! do next.

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::monitor::{self, WaveState, store as ms};

use crate::helpers::TestApp;
use crate::on_both;

on_both!(the_coordinators_home_shows_response_per_team_dates_and_next_steps);

async fn wave(app: &TestApp, name: &str, opens: &str, closes: &str) -> i64 {
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let w = monitor::validate_wave(
        name,
        &format!("{iid}@{iver}"),
        opens,
        closes,
        &["25AA".into(), "25BB".into()],
    )
    .unwrap();
    ms::create_wave(&app.db, &Actor::system(), &w)
        .await
        .unwrap()
}

/// `n` completed responses of team `unit` in `wave`.
async fn completed(app: &TestApp, wave: i64, unit: i64, n: usize) {
    let code = "25AA".parse().unwrap();
    for t in ms::create_links(&app.db, &Actor::system(), wave, &code, Some(unit), n)
        .await
        .unwrap()
    {
        let o = ms::open_token(&app.db, &t).await.unwrap().unwrap();
        let r = ms::start_response(&app.db, &t, &o).await.unwrap();
        ms::complete(&app.db, r.id).await.unwrap();
    }
}

/// The cells of the row of `unit` in the home page's team table.
fn row(body: &str, unit: &str) -> String {
    let start = body
        .find(&format!("<tr><td>{unit}</td>"))
        .unwrap_or_else(|| panic!("no row {unit}: {body}"));
    let end = body[start..].find("</tr>").unwrap() + start;
    body[start..end].to_string()
}

async fn the_coordinators_home_shows_response_per_team_dates_and_next_steps(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.institution("25BB", "ROC B").await;
    let code = "25AA".parse().unwrap();
    let actor = Actor::system();
    let techniek = ms::add_unit(&app.db, &actor, &code, "Techniek")
        .await
        .unwrap();
    let zorg = ms::add_unit(&app.db, &actor, &code, "Zorg").await.unwrap();
    let kunst = ms::add_unit(&app.db, &actor, &code, "Kunst").await.unwrap();
    let closed = wave(&app, "2024", "2024-10-01", "2025-01-31").await;
    ms::advance(&app.db, &actor, closed, WaveState::Open)
        .await
        .unwrap();
    ms::advance(&app.db, &actor, closed, WaveState::Closed)
        .await
        .unwrap();
    let open = wave(&app, "2026", "2026-10-01", "2027-01-31").await;
    ms::advance(&app.db, &actor, open, WaveState::Open)
        .await
        .unwrap();
    completed(&app, open, techniek, 12).await;
    completed(&app, open, zorg, 15).await;
    completed(&app, open, kunst, 3).await;

    app.login_as("coord", Role::Coordinator, Some("25AA")).await;
    let home = app.get("/").await;
    assert_eq!(home.status, 200);
    let b = &home.body;
    assert!(b.contains("Afname 2026: ROC A"), "{b}");
    assert!(b.contains("Sluit op 2027-01-31."), "{b}");
    // Zorg (15) is shown with its rate; Kunst (3) is too small, and
    // Techniek, the smallest shown, goes with it so that Kunst does not
    // follow from a total: the same release as the wave's fieldwork page.
    assert!(
        row(b, "Zorg").contains(">15<") && row(b, "Zorg").contains("100%"),
        "{}",
        row(b, "Zorg")
    );
    for hidden in ["Kunst", "Techniek"] {
        let r = row(b, hidden);
        assert_eq!(r.matches("te klein").count(), 2, "{r}");
        assert!(!r.contains('%'), "no rate: {r}");
    }
    let fieldwork = app.get(&format!("/waves/{open}")).await.body;
    assert!(fieldwork.contains(">15<"));
    let t = fieldwork.find("<td>Techniek</td>").unwrap();
    let techniek = &fieldwork[t..t + fieldwork[t..].find("</tr>").unwrap()];
    assert_eq!(
        techniek.matches("&#60;10").count(),
        3,
        "the wave page hides the same team: {techniek}"
    );
    // What next: remind or invite more in the open wave; the closed wave's report.
    assert!(b.contains(&format!("href=\"/waves/{open}/institutions/25AA/remind\"")));
    assert!(b.contains("Stuur een herinnering"));
    assert!(b.contains("Afname 2024: ROC A"));
    assert!(b.contains(&format!("href=\"/reports/{closed}/institutions/25AA\"")));
    assert!(b.contains("Rapport beschikbaar"));
    assert!(!b.contains("ROC B"), "nothing of another institution");

    // A coordinator of an institution nobody invited yet: "Nodig uit".
    let other = app.new_browser();
    app.user("coord-b", Role::Coordinator, Some("25BB")).await;
    app.login_with(&other, "coord-b", "coord-b-wachtwoord")
        .await;
    let b = app.get_with(&other, "/").await.body;
    assert!(b.contains("Afname 2026: ROC B"), "{b}");
    assert!(b.contains("Nodig uit"));
    assert!(
        !b.contains("Respons per team"),
        "no table without invitations"
    );
    assert!(!b.contains("ROC A"));

    // The programme manager's home has no coordinator section.
    let pm = app.new_browser();
    app.user("pm", Role::ProgrammeManager, None).await;
    app.login_with(&pm, "pm", "pm-wachtwoord").await;
    assert!(!app.get_with(&pm, "/").await.body.contains("Uw afnames"));
}

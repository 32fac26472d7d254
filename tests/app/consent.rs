//! Issue 13: institution reports by name follow the sector report's consent
//! rule for the steering group and researchers, on pages and downloads (the
//! CLI's half is in cli.rs); a bad redirect target never makes a 500.

use bekwaam::auth::Role;

use crate::helpers::TestApp;
use crate::on_both;
use crate::reports::seed;

on_both!(
    programme_readers_see_an_institution_by_name_only_with_its_consent,
    a_bad_return_address_is_checked_before_the_change_and_never_a_500,
);

async fn programme_readers_see_an_institution_by_name_only_with_its_consent(app: TestApp) {
    let s = seed(&app).await;
    let page = format!("/reports/{}/institutions/99AA", s.wave);
    let pdf = format!("{page}/download?format=pdf");
    let csv = format!("{page}/download?format=csv&table=deelgebieden");
    let praatplaat = format!("{page}/download?format=praatplaat");
    for (user, role) in [
        ("sg", Role::SteeringGroup),
        ("onderzoeker", Role::Researcher),
    ] {
        app.login_as(user, role, None).await;
        for path in [&page, &pdf, &csv, &praatplaat] {
            assert_eq!(
                app.get(path).await.status,
                403,
                "{user} {path} without consent"
            );
        }
        let index = app.get("/reports").await;
        assert!(
            !index.body.contains(&page),
            "{user}: no link to 99AA without consent"
        );
        app.logout().await;
    }
    // The programme manager always; the coordinator of 99AA always.
    app.login_as("pm", Role::ProgrammeManager, None).await;
    assert_eq!(app.get(&page).await.status, 200);
    app.logout().await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    assert_eq!(app.get(&page).await.status, 200);
    let consent = app
        .submit(
            &page,
            "/reports/consent/99AA",
            &[("named", "yes"), ("back", &page)],
        )
        .await;
    assert_eq!(consent.status, 303);
    app.logout().await;
    // After consent, the steering group and researchers read it by name.
    for user in ["sg", "onderzoeker"] {
        app.login(user, &format!("{user}-wachtwoord")).await;
        for path in [&page, &pdf, &csv] {
            assert_eq!(
                app.get(path).await.status,
                200,
                "{user} {path} with consent"
            );
        }
        assert!(
            app.get("/reports").await.body.contains(&page),
            "{user}: linked"
        );
        // 99AB did not consent.
        let other = format!("/reports/{}/institutions/99AB", s.wave);
        assert_eq!(app.get(&other).await.status, 403, "{user} 99AB");
        app.logout().await;
    }
}

async fn a_bad_return_address_is_checked_before_the_change_and_never_a_500(app: TestApp) {
    let s = seed(&app).await;
    app.login_as("coord", Role::Coordinator, Some("99AA")).await;
    let page = format!("/reports/{}/institutions/99AA", s.wave);
    for back in [
        format!("{page}\r\nSet-Cookie: x=1"),
        format!("{page}\n"),
        "//evil.example/reports/".to_string(),
        "https://evil.example/".to_string(),
    ] {
        let res = app
            .submit(
                &page,
                "/reports/consent/99AA",
                &[("named", "yes"), ("back", &back)],
            )
            .await;
        assert_eq!(res.status, 303, "{back:?}: {}", res.body);
        assert_eq!(res.location.as_deref(), Some("/reports"), "{back:?}");
    }
    let ok = app
        .submit(
            &page,
            "/reports/consent/99AA",
            &[("named", "no"), ("back", &page)],
        )
        .await;
    assert_eq!(ok.location.as_deref(), Some(page.as_str()));
}

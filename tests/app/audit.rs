//! The audit log as the programme manager reads it: in the reader's
//! language at Amsterdam time, filtered by who, what and when, a page at a
//! time, and the filtered list as CSV.

use bekwaam::auth::Role;
use bekwaam::store::Db;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::helpers::TestApp;
use crate::on_both;

on_both!(
    the_programme_manager_reads_the_audit_log_with_filters,
    the_audit_log_speaks_the_readers_language_at_amsterdam_time,
    the_audit_log_filters_by_who_what_and_day_and_exports_the_selection,
);

/// An entry at a chosen instant (the store writes the clock's).
async fn entry_at(db: &Db, at: OffsetDateTime, actor: &str, entity: &str, id: &str, action: &str) {
    let sql = "INSERT INTO audit_log (occurred_at, actor_id, actor, entity, entity_id, action, summary) \
               VALUES ($1, NULL, $2, $3, $4, $5, $6)";
    let summary = format!("{action} {id} (test)");
    match db {
        Db::Sqlite(p) => sqlx::query(sql)
            .bind(at)
            .bind(actor)
            .bind(entity)
            .bind(id)
            .bind(action)
            .bind(&summary)
            .execute(p)
            .await
            .map(|_| ()),
        Db::Postgres(p) => sqlx::query(sql)
            .bind(at)
            .bind(actor)
            .bind(entity)
            .bind(id)
            .bind(action)
            .bind(&summary)
            .execute(p)
            .await
            .map(|_| ()),
    }
    .unwrap();
}

async fn the_programme_manager_reads_the_audit_log_with_filters(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/audit").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("<td>Instelling 25AA</td><td>Aangemaakt</td>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<td>Ingelogd</td>"),
        "logins are recorded"
    );
    let filtered = app
        .get("/audit?actor=&entity=session&action=&from=&to=")
        .await;
    assert!(filtered.body.contains("Ingelogd"));
    assert!(!filtered.body.contains("Instelling 25AA"));
    let empty = app.get("/audit?actor=niemand").await;
    assert!(empty.body.contains("Geen regels gevonden"));
}

async fn the_audit_log_speaks_the_readers_language_at_amsterdam_time(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    entry_at(
        &app.db,
        datetime!(2026-07-01 12:00 UTC),
        "pm",
        "wave",
        "2026",
        "closed",
    )
    .await;
    entry_at(
        &app.db,
        datetime!(2026-01-15 12:00 UTC),
        "pm",
        "programme",
        "budget",
        "budget_entries",
    )
    .await;
    let page = app.get("/audit").await;
    // Summer time: 12:00 UTC is 14:00 in Amsterdam; winter time: 13:00.
    assert!(
        page.body
            .contains("2026-07-01 14:00:00</td><td>pm</td><td>Afname 2026</td><td>Gesloten</td>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(
        "2026-01-15 13:00:00</td><td>pm</td><td>Programma budget</td><td>Boekingen vastgelegd</td>"
    ));
    // No stored code or English summary as text.
    assert!(!page.body.contains(">budget_entries<"));
    assert!(!page.body.contains("(test)"));
    assert!(!page.body.contains(">closed<"));
    // The filter lists say the same words, with the codes as their values.
    assert!(
        page.body
            .contains("<option value=\"budget_entries\">Boekingen vastgelegd</option>")
    );
    assert!(page.body.contains("<option value=\"wave\">Afname</option>"));

    app.get("/lang/en?next=%2Faudit").await;
    let en = app.get("/audit").await;
    assert!(
        en.body.contains(
            "2026-07-01 14:00:00</td><td>pm</td><td>Administration 2026</td><td>Closed</td>"
        ),
        "{}",
        en.body
    );
    assert!(en.body.contains("Bookings recorded"));
}

async fn the_audit_log_filters_by_who_what_and_day_and_exports_the_selection(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    // 00:30 on 1 July in Amsterdam is still 30 June in UTC.
    entry_at(
        &app.db,
        datetime!(2026-06-30 22:30 UTC),
        "anna",
        "wave",
        "2026",
        "open",
    )
    .await;
    entry_at(
        &app.db,
        datetime!(2026-06-30 21:30 UTC),
        "anna",
        "wave",
        "2026",
        "create",
    )
    .await;
    for i in 0..60 {
        entry_at(
            &app.db,
            datetime!(2026-07-02 09:00 UTC),
            "bert",
            "institution",
            &format!("{i:02}AA"),
            "update",
        )
        .await;
    }
    // Who: a list of the people in the log.
    let page = app.get("/audit").await;
    assert!(
        page.body.contains("<option value=\"anna\">anna</option>"),
        "{}",
        page.body
    );
    let anna = app.get("/audit?actor=anna").await;
    assert_eq!(anna.body.matches("<td>anna</td>").count(), 2);
    assert!(!anna.body.contains("<td>bert</td>"));
    // What.
    let what = app.get("/audit?action=open").await;
    assert!(what.body.contains("<td>Geopend</td>") && !what.body.contains("<td>Aangemaakt</td>"));
    // When: days in Amsterdam.
    let july = app
        .get("/audit?actor=anna&from=2026-07-01&to=2026-07-01")
        .await;
    assert!(
        july.body.contains("2026-07-01 00:30:00") && july.body.contains("<td>Geopend</td>"),
        "{}",
        july.body
    );
    assert!(
        !july.body.contains("<td>Aangemaakt</td>"),
        "23:30 on 30 June is the day before"
    );
    let june = app.get("/audit?actor=anna&to=2026-06-30").await;
    assert!(june.body.contains("2026-06-30 23:30:00") && !june.body.contains("<td>Geopend</td>"));
    // Pages keep the filters.
    let bert = app.get("/audit?actor=bert").await;
    assert!(
        bert.body
            .contains("actor=bert&#38;entity=&#38;action=&#38;from=&#38;to=&#38;page=2"),
        "{}",
        bert.body
    );
    let last = app.get("/audit?actor=bert&page=3").await;
    assert_eq!(last.body.matches("<td>bert</td>").count(), 60 - 2 * 25);

    // The export holds the whole filtered list, not one page.
    assert!(
        bert.body
            .contains("href=\"/audit/export?actor=bert&#38;entity=")
    );
    let res = app
        .client
        .get(format!(
            "{}/audit/export?actor=bert&entity=&action=&from=&to=",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 61, "{csv}");
    assert!(
        lines[0].starts_with("Tijdstip;Wie;Onderwerp;Kenmerk;Handeling;"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("2026-07-02 11:00:00;bert;Instelling;"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(";Gewijzigd;"), "{}", lines[1]);
    // The export is itself in the log.
    let log = app.get("/audit?action=export").await;
    assert!(
        log.body.contains("<td>Auditlog</td><td>Geëxporteerd</td>"),
        "{}",
        log.body
    );
}

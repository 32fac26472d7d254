use bekwaam::auth::Role;

use crate::helpers::TestApp;
use crate::on_both;

on_both!(the_programme_manager_reads_the_audit_log_with_filters);

async fn the_programme_manager_reads_the_audit_log_with_filters(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let page = app.get("/audit").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Created 25AA ROC A"));
    assert!(page.body.contains("Signed in"), "logins are recorded");
    let filtered = app
        .get("/audit?actor=&entity=session&action=&from=&to=")
        .await;
    assert!(filtered.body.contains("Signed in"));
    assert!(!filtered.body.contains("Created 25AA"));
    let empty = app.get("/audit?actor=niemand").await;
    assert!(empty.body.contains("Geen regels gevonden"));
}

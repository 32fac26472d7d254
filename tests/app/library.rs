//! The public library (issue 16, items 1-3): unpublished items are
//! invisible everywhere the public looks, every typed text is escaped in
//! pages, the Atom feed and JSON-LD, downloads are counted without personal
//! data and a double click counts once, full-text search works on both
//! backends, usage reports count only once approved, and the programme
//! manager's pages do what they say (with confirmation before deleting).

use std::process::Command;

use bekwaam::audit::Actor;
use bekwaam::auth::Role;
use bekwaam::library::{ItemInput, store};
use bekwaam::networks::SchoolYear;
use bekwaam::policy::document::Kind as FileKind;
use serde_json::Value;
use time::macros::datetime;

use crate::helpers::{TestApp, extract_between};
use crate::on_both;

on_both!(
    unpublished_items_are_invisible_to_the_public,
    every_typed_text_is_escaped_in_the_page_the_feed_and_the_json_ld,
    the_atom_feed_validates_and_lists_the_newest_first,
    downloads_are_counted_without_personal_data_and_a_double_click_counts_once,
    search_uses_the_full_text_index_with_filters_and_pages,
    usage_reports_count_only_once_the_manager_approves_them,
    the_manager_adds_uploads_publishes_and_deletes_after_confirming,
    oai_pmh_lists_published_records_in_dublin_core_with_a_resumption_token,
    the_demo_library_has_items_of_every_kind_with_downloads_and_usage,
);

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn input(title: &str, summary: &str) -> ItemInput {
    ItemInput {
        kind: "publication".into(),
        title: title.into(),
        summary: summary.into(),
        theme: "digital_safety".into(),
        audience: vec!["teacher".into()],
        school_year: "2025".into(),
        licence: "CC-BY-4.0".into(),
        ..ItemInput::default()
    }
}

async fn add(app: &TestApp, form: ItemInput, publish: bool) -> i64 {
    let item = form.validate().expect("valid item");
    let id = store::create_item(&app.db, &Actor::system(), &item, bekwaam::store::now())
        .await
        .unwrap();
    if publish {
        store::set_published(&app.db, &Actor::system(), id, true, bekwaam::store::now())
            .await
            .unwrap();
    }
    id
}

async fn add_file(app: &TestApp, item: i64) -> i64 {
    store::add_file(
        &app.db,
        &Actor::system(),
        item,
        "handreiking.pdf",
        FileKind::Pdf,
        PDF,
        bekwaam::store::now(),
    )
    .await
    .unwrap()
}

/// A stamp of the usage form drawn a minute ago, as a person's browser
/// would send it back.
async fn stamp(app: &TestApp) -> String {
    let key = bekwaam::store::secret(&app.db, "public-forms")
        .await
        .unwrap();
    bekwaam::spam::Guard::new(&key).unwrap().stamp(
        "library-usage",
        time::OffsetDateTime::now_utc().unix_timestamp() - 60,
    )
}

/// A visitor: no cookies kept, nobody signed in.
fn visitor() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn fetch(app: &TestApp, path: &str) -> (u16, String) {
    let r = visitor()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn unpublished_items_are_invisible_to_the_public(app: TestApp) {
    let draft = add(&app, input("Geheim concept", "Nog niet klaar."), false).await;
    let file = add_file(&app, draft).await;
    let public = add(&app, input("Openbaar stuk", "Voor iedereen."), true).await;
    let public_file = add_file(&app, public).await;

    assert_eq!(fetch(&app, &format!("/library/{draft}")).await.0, 404);
    assert_eq!(
        fetch(&app, &format!("/library/{draft}/files/{file}"))
            .await
            .0,
        404
    );
    let (status, list) = fetch(&app, "/library").await;
    assert_eq!(status, 200);
    assert!(
        list.contains("Openbaar stuk") && !list.contains("Geheim"),
        "{list}"
    );
    let (_, search) = fetch(&app, "/library?q=geheim").await;
    assert!(!search.contains("Geheim concept"), "{search}");
    assert!(search.contains("Niets gevonden"), "{search}");
    let (_, feed) = fetch(&app, "/library/feed.atom").await;
    assert!(
        feed.contains("Openbaar stuk") && !feed.contains("Geheim"),
        "{feed}"
    );
    let (_, oai) = fetch(&app, "/library/oai?verb=ListRecords&metadataPrefix=oai_dc").await;
    assert!(
        oai.contains("Openbaar stuk") && !oai.contains("Geheim"),
        "{oai}"
    );
    let (_, ids) = fetch(
        &app,
        "/library/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
    )
    .await;
    assert!(!ids.contains(&format!("library/{draft}<")), "{ids}");
    let prefix = extract_between(&ids, "<identifier>", &format!("{public}</identifier>")).unwrap();
    let (_, get) = fetch(
        &app,
        &format!("/library/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={prefix}{draft}"),
    )
    .await;
    assert!(get.contains("idDoesNotExist"), "{get}");
    // A usage report for a draft is refused as if it did not exist.
    let st = stamp(&app).await;
    let r = visitor()
        .post(format!("{}/library/{draft}/usage", app.address))
        .form(&[
            ("role", "teacher"),
            ("how", "lesson"),
            ("_stamp", st.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);

    // The public item and its file are there; withdrawn, they are gone.
    assert_eq!(fetch(&app, &format!("/library/{public}")).await.0, 200);
    assert_eq!(
        fetch(&app, &format!("/library/{public}/files/{public_file}"))
            .await
            .0,
        200
    );
    store::set_published(
        &app.db,
        &Actor::system(),
        public,
        false,
        bekwaam::store::now(),
    )
    .await
    .unwrap();
    assert_eq!(fetch(&app, &format!("/library/{public}")).await.0, 404);
    assert_eq!(
        fetch(&app, &format!("/library/{public}/files/{public_file}"))
            .await
            .0,
        404
    );
    let (_, feed) = fetch(&app, "/library/feed.atom").await;
    assert!(!feed.contains("Openbaar stuk"), "{feed}");
    // Withdrawing twice is refused (the conditional update).
    assert!(matches!(
        store::set_published(
            &app.db,
            &Actor::system(),
            public,
            false,
            bekwaam::store::now()
        )
        .await,
        Err(bekwaam::store::StoreError::WrongState { .. })
    ));
}

const NASTY: &str = r#"<script>alert("t")</script> & </script><b>vet</b>"#;

/// The feed as the Python `feedparser` package reads it.
fn feedparser(xml: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.atom");
    std::fs::write(&path, xml).unwrap();
    let out = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned()))
        .arg("-c")
        .arg(
            r#"
import json, sys, feedparser
d = feedparser.parse(open(sys.argv[1], "rb").read())
print(json.dumps({
    "bozo": int(d.bozo),
    "error": str(d.get("bozo_exception", "")),
    "version": d.version,
    "title": d.feed.get("title"),
    "entries": [{"title": e.title, "link": e.link, "id": e.id,
                 "summary": e.get("summary"), "updated": e.get("updated"),
                 "authors": [a.get("name") for a in e.get("authors", [])]}
                for e in d.entries],
}))
"#,
        )
        .arg(&path)
        .output()
        .expect("python3 with feedparser (tests/requirements.txt)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn every_typed_text_is_escaped_in_the_page_the_feed_and_the_json_ld(app: TestApp) {
    let mut form = input(
        NASTY,
        r#"Samenvatting <img src=x onerror=alert(1)> & "citaat""#,
    );
    form.authors = "O'Brien <i>de</i> Tester".into();
    form.authors_consent = Some("on".into());
    let id = add(&app, form, true).await;

    let (status, page) = fetch(&app, &format!("/library/{id}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        !page.contains("<b>vet</b>") && !page.contains("<i>de</i>"),
        "{page}"
    );
    // The JSON-LD element holds the exact texts, and no `<` that could
    // close it early.
    let ld = extract_between(&page, r#"<script type="application/ld+json">"#, "</script>").unwrap();
    assert!(!ld.contains('<'), "{ld}");
    let v: Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(v["@type"], "LearningResource");
    assert_eq!(v["name"], NASTY);
    assert_eq!(v["author"][0]["name"], "O'Brien <i>de</i> Tester");
    assert_eq!(
        v["license"],
        "https://creativecommons.org/licenses/by/4.0/deed.nl"
    );

    // The feed is well-formed XML whose texts read back exactly.
    let (_, xml) = fetch(&app, "/library/feed.atom").await;
    assert!(!xml.contains("<script>"), "{xml}");
    let f = feedparser(&xml);
    assert_eq!(f["bozo"], 0, "{f}");
    assert_eq!(f["entries"][0]["title"], NASTY, "{f}");

    // OAI-PMH: escaped too.
    let (_, oai) = fetch(&app, "/library/oai?verb=ListRecords&metadataPrefix=oai_dc").await;
    assert!(
        !oai.contains("<script>") && oai.contains("&lt;script&gt;"),
        "{oai}"
    );

    // A usage report's text, in the moderation queue.
    let st = stamp(&app).await;
    let r = visitor()
        .post(format!("{}/library/{id}/usage", app.address))
        .form(&[
            ("role", "teacher"),
            ("how", "lesson"),
            ("place", "<u>ROC</u>"),
            ("note", "<script>steal()</script>"),
            ("_stamp", st.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let queue = app.get("/library/moderation").await;
    assert_eq!(queue.status, 200);
    assert!(
        !queue.body.contains("<script>steal") && !queue.body.contains("<u>ROC"),
        "{}",
        queue.body
    );
    assert!(queue.body.contains("steal()"), "{}", queue.body);
}

async fn the_atom_feed_validates_and_lists_the_newest_first(app: TestApp) {
    let (_, empty) = fetch(&app, "/library/feed.atom").await;
    let f = feedparser(&empty);
    assert_eq!(f["bozo"], 0, "{f}");
    assert_eq!(f["entries"].as_array().unwrap().len(), 0);

    let first = add(&app, input("Eerste handreiking", "Een."), true).await;
    let mut second = input("Tweede handreiking", "Twee.");
    second.authors = "A. de Vries".into();
    second.authors_consent = Some("on".into());
    let second = add(&app, second, true).await;
    add(&app, input("Concept", "Nog niet."), false).await;
    let r = visitor()
        .get(format!("{}/library/feed.atom", app.address))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let f = feedparser(&r.text().await.unwrap());
    assert_eq!(f["bozo"], 0, "{f}");
    assert_eq!(f["version"], "atom10", "{f}");
    let entries = f["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{f}");
    assert_eq!(entries[0]["title"], "Tweede handreiking");
    assert_eq!(entries[1]["title"], "Eerste handreiking");
    assert!(
        entries[0]["link"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/library/{second}")),
        "{f}"
    );
    assert!(
        entries[1]["link"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/library/{first}"))
    );
    assert_eq!(entries[0]["authors"][0], "A. de Vries", "{f}");
    assert_ne!(entries[0]["id"], entries[1]["id"]);
}

async fn column_names(app: &TestApp, table: &str) -> Vec<String> {
    use sqlx::{Column, Row};
    let sql = format!("SELECT * FROM {table} LIMIT 1");
    let names: Vec<String> = bekwaam::on_db!(&app.db, |p| {
        let row = sqlx::query(&sql).fetch_one(p).await.unwrap();
        row.columns().iter().map(|c| c.name().to_string()).collect()
    });
    names
}

async fn downloads_are_counted_without_personal_data_and_a_double_click_counts_once(app: TestApp) {
    let id = add(&app, input("Handreiking", "Met bestand."), true).await;
    let file = add_file(&app, id).await;
    let url = format!("{}/library/{id}/files/{file}", app.address);
    let get = |ua: &'static str| {
        let url = url.clone();
        async move {
            visitor()
                .get(&url)
                .header(reqwest::header::USER_AGENT, ua)
                .send()
                .await
                .unwrap()
        }
    };
    let r = get("Browser A").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers().get(reqwest::header::SET_COOKIE).is_none());
    assert!(
        r.headers()[reqwest::header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment"),
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    // The same client again within 30 seconds: one download.
    assert_eq!(get("Browser A").await.status().as_u16(), 200);
    assert_eq!(store::files(&app.db, id).await.unwrap()[0].downloads, 1);
    // Another client (here: another browser on the same address): two.
    get("Browser B").await;
    assert_eq!(store::files(&app.db, id).await.unwrap()[0].downloads, 2);

    // What is stored: a number per file and day, nothing about who.
    assert_eq!(
        column_names(&app, "library_downloads").await,
        ["file_id", "day", "count"]
    );
    let rows: Vec<(i64, i64)> = bekwaam::on_db!(&app.db, |p| {
        sqlx::query_as("SELECT file_id, count FROM library_downloads")
            .fetch_all(p)
            .await
            .unwrap()
    });
    assert_eq!(rows, [(file, 2)]);
    // The public pages set no cookie either.
    for path in [
        "/library".to_string(),
        format!("/library/{id}"),
        "/library/feed.atom".to_string(),
        "/privacy".to_string(),
    ] {
        let r = visitor()
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert!(
            r.headers().get(reqwest::header::SET_COOKIE).is_none(),
            "{path} sets a cookie"
        );
    }
    let (_, page) = fetch(&app, &format!("/library/{id}")).await;
    assert!(page.contains("2 keer gedownload"), "{page}");
    let (_, privacy) = fetch(&app, "/privacy").await;
    assert!(
        privacy.contains("geen IP-adres") && privacy.contains("30 seconden"),
        "{privacy}"
    );

    // A usage report holds no address, e-mail or name either.
    let st = stamp(&app).await;
    visitor()
        .post(format!("{}/library/{id}/usage", app.address))
        .form(&[
            ("role", "teacher"),
            ("how", "lesson"),
            ("_stamp", st.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let cols = column_names(&app, "library_usage").await;
    for c in &cols {
        assert!(
            !["ip", "address", "email", "mail", "name", "agent", "cookie"]
                .iter()
                .any(|bad| c.contains(bad)),
            "{c} in {cols:?}"
        );
    }
}

/// How many items a list page shows.
fn shown(body: &str) -> usize {
    body.matches("<h2><a href=\"/library/").count()
}

async fn search_uses_the_full_text_index_with_filters_and_pages(app: TestApp) {
    let mut a = input("Veilig digitaal toetsen", "Hoe docenten toetsen afnemen.");
    a.audience = vec!["teacher".into(), "manager".into()];
    add(&app, a, true).await;
    let mut b = input(
        "Digitale didactiek in de praktijk",
        "Lesideeën voor elke opleiding.",
    );
    b.theme = "digital_didactics".into();
    b.audience = vec!["educationalist".into()];
    b.school_year = "2024".into();
    b.licence = "CC0-1.0".into();
    add(&app, b, true).await;
    let mut c = input("Phishing herkennen", "Over veiligheid op school.");
    c.authors = "Anna de Vries".into();
    c.authors_consent = Some("on".into());
    c.kind = "campaign_material".into();
    add(&app, c, true).await;
    add(&app, input("Veilig concept", "Niet gepubliceerd."), false).await;

    let titles = |body: &str| -> Vec<&str> {
        [
            "Veilig digitaal toetsen",
            "didactiek in de praktijk",
            "Phishing herkennen",
            "Veilig concept",
        ]
        .into_iter()
        .filter(|t| body.contains(t))
        .collect()
    };
    let (_, r) = fetch(&app, "/library?q=veilig").await;
    assert_eq!(
        titles(&r),
        ["Veilig digitaal toetsen", "Phishing herkennen"],
        "prefix, any case"
    );
    let (_, r) = fetch(&app, "/library?q=DIGI+veil").await;
    assert_eq!(titles(&r), ["Veilig digitaal toetsen"], "every word");
    let (_, r) = fetch(&app, "/library?q=vries").await;
    assert_eq!(titles(&r), ["Phishing herkennen"], "authors are searched");
    let (_, r) = fetch(&app, "/library?q=lesidee%C3%ABn").await;
    assert_eq!(titles(&r), ["didactiek in de praktijk"], "non-ASCII words");
    let (s, r) = fetch(&app, "/library?q=%22veilig%22+OR+*+-x+%26+y%3A*+NEAR(").await;
    assert_eq!(s, 200, "query syntax is not reachable: {r}");
    let (_, r) = fetch(&app, "/library?theme=digital_didactics").await;
    assert_eq!(titles(&r), ["didactiek in de praktijk"]);
    let (_, r) = fetch(&app, "/library?audience=manager").await;
    assert_eq!(titles(&r), ["Veilig digitaal toetsen"]);
    let (_, r) = fetch(&app, "/library?year=2024").await;
    assert_eq!(titles(&r), ["didactiek in de praktijk"]);
    let (_, r) = fetch(&app, "/library?licence=CC0-1.0").await;
    assert_eq!(titles(&r), ["didactiek in de praktijk"]);
    let (_, r) = fetch(&app, "/library?kind=campaign_material&q=school").await;
    assert_eq!(titles(&r), ["Phishing herkennen"]);
    let (s, r) = fetch(&app, "/library?kind=onzin&year=abc&page=-4").await;
    assert_eq!(s, 200, "unknown filter values are ignored: {r}");
    assert_eq!(shown(&r), 3);

    // Pages of 20, the filters kept in the page links.
    for n in 0..25 {
        add(&app, input(&format!("Reeks deel {n}"), "Een reeks."), true).await;
    }
    let (_, p1) = fetch(&app, "/library?q=reeks").await;
    assert_eq!(shown(&p1), 20);
    assert!(p1.contains("?q=reeks&#38;page=2"), "{p1}");
    let (_, p2) = fetch(&app, "/library?q=reeks&page=2").await;
    assert_eq!(shown(&p2), 5);
    // Changing a title changes what finds it.
    let (items, _) = store::search(
        &app.db,
        &bekwaam::library::FilterInput {
            q: "phishing".into(),
            ..Default::default()
        }
        .filter(),
        true,
        10,
        0,
    )
    .await
    .unwrap();
    let mut changed = items[0].item.clone();
    changed.title = "Nepmail ontmaskeren".into();
    store::update_item(
        &app.db,
        &Actor::system(),
        items[0].id,
        &changed,
        bekwaam::store::now(),
    )
    .await
    .unwrap();
    assert_eq!(shown(&fetch(&app, "/library?q=phishing").await.1), 0);
    assert_eq!(shown(&fetch(&app, "/library?q=nepmail").await.1), 1);
}

async fn usage_reports_count_only_once_the_manager_approves_them(app: TestApp) {
    let id = add(&app, input("Handreiking", "Te gebruiken."), true).await;
    let path = format!("/library/{id}");
    let post = |fields: Vec<(&'static str, String)>| {
        let url = format!("{}/library/{id}/usage", app.address);
        async move {
            let r = visitor().post(url).form(&fields).send().await.unwrap();
            (
                r.status().as_u16(),
                r.headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap().to_string()),
                r.text().await.unwrap(),
            )
        }
    };
    // Sent back straight away with the page's own stamp: a script.
    let (_, page) = fetch(&app, &path).await;
    let fresh = extract_between(&page, "name=\"_stamp\" value=\"", "\"").unwrap();
    let (s, _, body) = post(vec![
        ("role", "teacher".into()),
        ("how", "lesson".into()),
        ("note", "Mijn les".into()),
        ("_stamp", fresh),
    ])
    .await;
    assert_eq!(s, 422);
    assert!(body.contains("wel erg snel"), "{body}");
    assert!(body.contains("Mijn les"), "the input is kept: {body}");
    // The hidden field filled in: a form-filling script.
    let (s, _, body) = post(vec![
        ("role", "teacher".into()),
        ("how", "lesson".into()),
        ("website", "http://spam.example".into()),
        ("_stamp", stamp(&app).await),
    ])
    .await;
    assert_eq!(s, 422);
    assert!(body.contains("kon niet worden verwerkt"), "{body}");
    // A stamp not made here.
    let (s, _, _) = post(vec![
        ("role", "teacher".into()),
        ("how", "lesson".into()),
        ("_stamp", "1.abc".into()),
    ])
    .await;
    assert_eq!(s, 422);
    // Fields named, input kept.
    let (s, _, body) = post(vec![
        ("how", "lesson".into()),
        ("note", "x".repeat(1001)),
        ("_stamp", stamp(&app).await),
    ])
    .await;
    assert_eq!(s, 422);
    assert!(
        body.contains("Kies uw rol.") && body.contains("u schreef er 1001"),
        "{body}"
    );
    // Two good reports.
    for how in ["lesson", "training"] {
        let (s, location, _) = post(vec![
            ("role", "teacher".into()),
            ("how", how.into()),
            ("place", "ROC Voorbeeld".into()),
            ("note", "Gebruikt in de les over wachtwoorden.".into()),
            ("_stamp", stamp(&app).await),
        ])
        .await;
        assert_eq!(s, 303);
        assert_eq!(
            location.as_deref(),
            Some(format!("/library/{id}?thanks=1#usage").as_str())
        );
    }
    let (_, thanks) = fetch(&app, &format!("{path}?thanks=1")).await;
    assert!(thanks.contains("Dank u wel"), "{thanks}");
    assert!(
        thanks.contains("Nog niemand heeft gemeld"),
        "pending reports do not count: {thanks}"
    );

    // Only the programme manager moderates.
    assert_eq!(fetch(&app, "/library/moderation").await.0, 303);
    app.login_as("steering", Role::SteeringGroup, None).await;
    assert_eq!(app.get("/library/moderation").await.status, 403);
    app.logout().await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let queue = app.get("/library/moderation").await;
    assert!(queue.body.contains("ROC Voorbeeld"), "{}", queue.body);
    let (pending, total) = store::usage_in(&app.db, bekwaam::library::UsageState::Pending, 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 2);
    let (a, b) = (pending[0].id, pending[1].id);
    let r = app
        .submit(
            "/library/moderation",
            &format!("/library/moderation/{a}"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = app
        .submit(
            "/library/moderation",
            &format!("/library/moderation/{b}"),
            &[("decision", "reject")],
        )
        .await;
    assert_eq!(r.status, 303);
    // Deciding again changes nothing and says so.
    app.submit(
        "/library/moderation",
        &format!("/library/moderation/{a}"),
        &[("decision", "reject")],
    )
    .await;
    assert!(
        app.get("/library/moderation")
            .await
            .body
            .contains("al beoordeeld")
    );
    let (_, page) = fetch(&app, &path).await;
    assert!(page.contains("1 keer gemeld als ingezet"), "{page}");
    assert!(
        page.contains("<li>In mijn lessen: 1</li>") && !page.contains("<li>In een scholing"),
        "{page}"
    );

    // The evaluation pack's evidence: per item and per school year sent.
    let evidence = store::usage_evidence(&app.db).await.unwrap();
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].approved, 1);
    assert_eq!(
        evidence[0].by_year,
        [(SchoolYear::of(bekwaam::monitor::store::today()), 1)]
    );
    // The export: every report, formula-guarded, and logged.
    let csv = app.get("/library/moderation/reports.csv").await;
    assert_eq!(csv.status, 200);
    let body = csv.body.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{body}");
    assert_eq!(&rows[0][3], "approved");
    assert_eq!(&rows[1][3], "rejected");
    assert_eq!(&rows[0][5], "ROC Voorbeeld");
    let audit = app.get("/audit").await;
    assert!(
        audit.body.contains("Melding van inzet beoordeeld"),
        "{}",
        audit.body
    );
    assert!(
        audit.body.contains("Meldingen van inzet geëxporteerd"),
        "{}",
        audit.body
    );
}

async fn the_manager_adds_uploads_publishes_and_deletes_after_confirming(app: TestApp) {
    assert_eq!(fetch(&app, "/library/manage").await.0, 303);
    app.login_as("expert", Role::Expert, None).await;
    assert_eq!(app.get("/library/manage").await.status, 403);
    app.logout().await;
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let empty = app.get("/library/manage").await;
    assert!(
        empty.body.contains("Er zijn nog geen items"),
        "{}",
        empty.body
    );

    // Refused: every field named, what was typed kept.
    let r = app
        .submit(
            "/library/manage/new",
            "/library/manage",
            &[
                ("title", "Mijn titel"),
                ("licence", "GPL"),
                ("authors", "Jan"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    for msg in [
        "Kies de soort.",
        "Vul dit veld in.",
        "Kies een thema.",
        "Kies ten minste één doelgroep.",
        "Kies een licentie uit de lijst.",
        "met hun toestemming",
    ] {
        assert!(r.body.contains(msg), "{msg}: {}", r.body);
    }
    assert!(r.body.contains("value=\"Mijn titel\""), "{}", r.body);

    let r = app
        .submit(
            "/library/manage/new",
            "/library/manage",
            &[
                ("kind", "advice"),
                ("title", "Advies over digitale veiligheid"),
                ("summary", "Wat instellingen kunnen doen."),
                ("theme", "digital_safety"),
                ("audience", "manager"),
                ("audience", "support"),
                ("school_year", "2025"),
                ("licence", "CC-BY-SA-4.0"),
                ("links", "https://example.org/advies"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let edit = r.location.unwrap();
    let id: i64 = edit.rsplit('/').next().unwrap().parse().unwrap();
    let stored = store::item(&app.db, id).await.unwrap();
    assert_eq!(stored.item.audiences.len(), 2);
    assert!(stored.published_at.is_none(), "new items are drafts");
    assert_eq!(fetch(&app, &format!("/library/{id}")).await.0, 404);

    // Files: a PDF is taken, a text file is refused with the reason.
    let up = app.upload(&edit, &format!("{edit}/files"), PDF, &[]).await;
    assert_eq!(up.status, 303, "{}", up.body);
    let bad = app
        .upload(&edit, &format!("{edit}/files"), "a,b\n1,2\n", &[])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("pdf"), "{}", bad.body);
    let files = store::files(&app.db, id).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "upload.pdf");

    // Publish: public now, with its citation and licence.
    let r = app
        .submit(&edit, &format!("{edit}/publish"), &[("publish", "yes")])
        .await;
    assert_eq!(r.status, 303);
    let (s, page) = fetch(&app, &format!("/library/{id}")).await;
    assert_eq!(s, 200);
    assert!(
        page.contains(
            "MBO Digitaal (2025-2026). Advies over digitale veiligheid. MBO Digitaal. CC BY-SA 4.0."
        ),
        "{page}"
    );
    assert!(
        page.contains("https://creativecommons.org/licenses/by-sa/4.0/deed.nl"),
        "{page}"
    );
    // Publishing again (a second tab) is refused politely.
    app.submit(&edit, &format!("{edit}/publish"), &[("publish", "yes")])
        .await;
    assert!(
        app.get(&edit)
            .await
            .body
            .contains("intussen al gepubliceerd")
    );

    // Deleting asks first, then removes the item with its files.
    let confirm = app.get(&format!("{edit}/delete")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Weet u zeker"), "{}", confirm.body);
    assert!(
        store::item(&app.db, id).await.is_ok(),
        "asking deletes nothing"
    );
    let r = app
        .submit(&format!("{edit}/delete"), &format!("{edit}/delete"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert!(matches!(
        store::item(&app.db, id).await,
        Err(bekwaam::store::StoreError::NotFound)
    ));
    assert_eq!(fetch(&app, &format!("/library/{id}")).await.0, 404);
    let audit = app.get("/audit").await;
    for a in [
        "Bibliotheekitem aangemaakt",
        "Bestand toegevoegd",
        "Bibliotheekitem gepubliceerd",
        "Bibliotheekitem verwijderd",
    ] {
        assert!(audit.body.contains(a), "{a}");
    }
}

async fn oai_pmh_lists_published_records_in_dublin_core_with_a_resumption_token(app: TestApp) {
    let (_, none) = fetch(&app, "/library/oai?verb=ListRecords&metadataPrefix=oai_dc").await;
    assert!(none.contains("noRecordsMatch"), "{none}");
    for n in 0..105 {
        add(&app, input(&format!("Record {n}"), "Dublin Core."), true).await;
    }
    let (_, identify) = fetch(&app, "/library/oai?verb=Identify").await;
    assert!(
        identify.contains("<repositoryName>") && identify.contains("<earliestDatestamp>"),
        "{identify}"
    );
    let (_, page1) = fetch(&app, "/library/oai?verb=ListRecords&metadataPrefix=oai_dc").await;
    assert_eq!(page1.matches("<record>").count(), 100);
    assert!(page1.contains("<dc:title>Record 0</dc:title>"), "{page1}");
    assert!(page1.contains("<dc:rights>"), "{page1}");
    let token = extract_between(&page1, "\">", "</resumptionToken>")
        .and_then(|_| {
            let i = page1.find("<resumptionToken")?;
            extract_between(&page1[i..], ">", "</resumptionToken>")
        })
        .unwrap();
    let (_, page2) = fetch(
        &app,
        &format!(
            "/library/oai?verb=ListRecords&resumptionToken={}",
            url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
        ),
    )
    .await;
    assert_eq!(page2.matches("<record>").count(), 5, "{page2}");
    let (_, bad) = fetch(&app, "/library/oai?verb=Delete").await;
    assert!(bad.contains("badVerb"), "{bad}");
    let (_, bad) = fetch(&app, "/library/oai?verb=ListRecords&metadataPrefix=marc").await;
    assert!(bad.contains("cannotDisseminateFormat"), "{bad}");
    let future = datetime!(2100-01-01 0:00 UTC).date();
    let (_, later) = fetch(
        &app,
        &format!("/library/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&from={future}"),
    )
    .await;
    assert!(later.contains("noRecordsMatch"), "{later}");
}

async fn the_demo_library_has_items_of_every_kind_with_downloads_and_usage(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::networks::demo::seed(&app.db).await.unwrap();
    bekwaam::workshop::demo::seed(&app.db).await.unwrap();
    bekwaam::library::demo::seed(&app.db).await.unwrap();
    bekwaam::library::demo::seed(&app.db).await.unwrap();
    let filter = bekwaam::library::Filter::default();
    let (all, total) = store::search(&app.db, &filter, false, 100, 0)
        .await
        .unwrap();
    assert_eq!(
        total, 15,
        "fourteen items and the workshop's experiment, once"
    );
    let (_, public) = store::search(&app.db, &filter, true, 100, 0).await.unwrap();
    assert_eq!(public, 13);
    for kind in bekwaam::library::Kind::ALL {
        assert!(all.iter().any(|s| s.item.kind == *kind), "{kind:?}");
    }
    let licences: std::collections::BTreeSet<_> = all.iter().map(|s| s.item.licence.code).collect();
    assert!(licences.len() >= 5, "{licences:?}");
    let evidence = store::usage_evidence(&app.db).await.unwrap();
    assert!(evidence.iter().map(|e| e.approved).sum::<i64>() >= 30);
    assert!(evidence.iter().map(|e| e.downloads).sum::<i64>() >= 500);
    assert!(
        evidence.iter().any(|e| e.by_year.len() == 2),
        "reports in two school years"
    );
    let (_, pending) = store::usage_in(&app.db, bekwaam::library::UsageState::Pending, 1, 0)
        .await
        .unwrap();
    assert!(pending >= 5, "{pending}");
    let (_, page) = fetch(&app, "/library").await;
    assert_eq!(shown(&page), 13);
    let (_, feed) = fetch(&app, "/library/feed.atom").await;
    assert_eq!(feedparser(&feed)["entries"].as_array().unwrap().len(), 13);
}

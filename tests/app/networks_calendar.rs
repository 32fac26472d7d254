//! The networks' meetings in calendar apps (issue 15, item 8): one
//! meeting's `.ics` and a network's feed, read back by an independent
//! reader (the Python `icalendar` package, tests/requirements.txt), and the
//! feed's capability URL: no session needed, a wrong key is 404, a new
//! secret invalidates the old URLs.

use std::process::Command;

use bekwaam::audit::Actor;
use bekwaam::auth::{self, Role, password};
use bekwaam::networks::{Kind, Meeting, Network, store};
use serde_json::Value;
use time::Date;
use time::macros::{date, datetime};

use crate::helpers::{TestApp, exec_sql, extract_between};
use crate::on_both;

on_both!(
    a_meeting_and_the_feed_read_back_in_an_independent_reader,
    the_feed_needs_no_session_and_a_wrong_key_is_not_found,
    a_new_feed_secret_invalidates_the_old_feed_urls,
    a_meeting_file_needs_a_login_and_a_role_that_reads_networks,
);

const PLACE: &str = "Zaal 1, gebouw B; C:\\ingang";
const AGENDA: &str = "1. Opening, welkom;\r\n2. <script>alert(1)</script> \\ sluiting";
const NAME: &str = "IBP, privacy; \\ netwerk";

fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

async fn network(app: &TestApp, name: &str) -> i64 {
    store::create_network(
        &app.db,
        &Actor::system(),
        &Network {
            kind: Kind::Ibp,
            name: name.into(),
            started_on: date!(2025 - 01 - 01),
            region: None,
        },
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap()
}

async fn meet(app: &TestApp, network: i64, m: Meeting) -> i64 {
    store::record_meeting(
        &app.db,
        &Actor::system(),
        network,
        &m,
        today(),
        datetime!(2025-01-01 09:00 UTC),
    )
    .await
    .unwrap()
}

fn meeting(held_on: Date, place: Option<&str>, agenda: &str) -> Meeting {
    Meeting {
        held_on,
        place: place.map(str::to_string),
        agenda: agenda.into(),
        minutes: None,
        attendance: Vec::new(),
    }
}

/// Prints the calendar's name, PRODID and events as JSON. The package
/// reads `X-WR-CALNAME` as an unknown property, raw; RFC 5545 (3.8.8.2)
/// makes TEXT the default type of X- properties, so `text` unescapes it by
/// the TEXT rule (3.3.11).
const READ_BACK: &str = r#"
import icalendar, json, re, sys

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())

def s(c, k):
    v = c.get(k)
    return None if v is None else str(v)

def text(v):
    if v is None:
        return None
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), v)

def d(c, k):
    v = c[k].dt
    return [type(v).__name__, v.isoformat()]

print(json.dumps({
    "name": text(s(cal, "X-WR-CALNAME")),
    "prodid": s(cal, "PRODID"),
    "events": [{
        "uid": s(e, "UID"),
        "dtstart": d(e, "DTSTART"),
        "dtend": d(e, "DTEND"),
        "location": s(e, "LOCATION"),
        "summary": s(e, "SUMMARY"),
        "description": s(e, "DESCRIPTION"),
    } for e in cal.walk("VEVENT")],
}))
"#;

/// The calendar as the Python `icalendar` package reads it.
fn read_back(ics: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.ics");
    std::fs::write(&path, ics).unwrap();
    let out = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned()))
        .arg("-c")
        .arg(READ_BACK)
        .arg(&path)
        .output()
        .expect("python3 with icalendar (tests/requirements.txt)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn event(cal: &Value, uid: &str) -> Value {
    cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["uid"] == uid)
        .unwrap_or_else(|| panic!("{uid} in {cal:#}"))
        .clone()
}

/// The feed's path as the network page shows it (the page shows the full
/// URL under the public address, which is not the test server's).
async fn feed_path(app: &TestApp, network: i64) -> String {
    let page = app.get(&format!("/networks/{network}")).await;
    assert_eq!(page.status, 200);
    let url = extract_between(
        &page.body,
        "id=\"calendar-feed-url\" type=\"url\" readonly value=\"",
        "\"",
    )
    .unwrap_or_else(|| panic!("no feed URL: {}", page.body));
    let path = url
        .strip_prefix("http://127.0.0.1:8080")
        .unwrap()
        .to_string();
    assert!(
        path.starts_with(&format!("/calendar/networks/{network}/")),
        "{path}"
    );
    assert!(path.ends_with(".ics"), "{path}");
    path
}

async fn a_meeting_and_the_feed_read_back_in_an_independent_reader(app: TestApp) {
    app.login_as("expert", Role::Expert, None).await;
    let n = network(&app, NAME).await;
    let held = meet(&app, n, {
        let mut m = meeting(date!(2025 - 12 - 31), Some(PLACE), AGENDA);
        m.minutes = Some("Vertrouwelijk verslag".into());
        m
    })
    .await;
    let online = meet(
        &app,
        n,
        meeting(today() + time::Duration::days(30), None, "Vooruitblik"),
    )
    .await;

    let page = app.get(&format!("/networks/{n}")).await;
    assert!(page.body.contains("Agenda-abonnement"), "{}", page.body);
    let link = format!("href=\"/networks/{n}/meetings/{held}/calendar.ics\"");
    assert!(page.body.contains(&link), "{}", page.body);
    assert!(
        page.body
            .contains("Bijeenkomst 2025-12-31 in uw agenda (.ics)")
    );

    let res = app
        .client
        .get(format!(
            "{}/networks/{n}/meetings/{held}/calendar.ics",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"bijeenkomst-2025-12-31-{held}.ics\"").as_str()
    );
    let body = res.bytes().await.unwrap();
    assert!(
        !String::from_utf8_lossy(&body).contains("Vertrouwelijk"),
        "no minutes in a calendar"
    );
    let cal = read_back(&body);
    assert_eq!(cal["events"].as_array().unwrap().len(), 1, "{cal:#}");
    assert_eq!(cal["name"], Value::Null, "one meeting is no calendar");
    assert_eq!(cal["prodid"], "-//MBO Digitaal//Bekwaam//NL");
    let e = event(&cal, &format!("meeting-{held}@bekwaam"));
    assert_eq!(e["dtstart"], serde_json::json!(["date", "2025-12-31"]));
    assert_eq!(e["dtend"], serde_json::json!(["date", "2026-01-01"]));
    assert_eq!(e["location"], PLACE);
    assert_eq!(e["summary"], format!("{NAME}: bijeenkomst"));
    // What was stored, with the form's CRLF as the calendar's newline.
    let stored = store::meeting(&app.db, n, held).await.unwrap();
    assert_eq!(e["description"], stored.agenda.replace("\r\n", "\n"));
    assert_eq!(
        e["description"],
        "1. Opening, welkom;\n2. <script>alert(1)</script> \\ sluiting"
    );

    // The feed, fetched without the session: both meetings, past and future.
    let path = feed_path(&app, n).await;
    let res = app
        .new_browser()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let body = res.bytes().await.unwrap();
    assert!(!String::from_utf8_lossy(&body).contains("Vertrouwelijk"));
    let cal = read_back(&body);
    assert_eq!(cal["name"], format!("{NAME}: bijeenkomsten"));
    assert_eq!(cal["events"].as_array().unwrap().len(), 2, "{cal:#}");
    let e = event(&cal, &format!("meeting-{held}@bekwaam"));
    assert_eq!(e["location"], PLACE);
    assert_eq!(e["description"], stored.agenda.replace("\r\n", "\n"));
    let o = event(&cal, &format!("meeting-{online}@bekwaam"));
    assert_eq!(o["location"], "Online");
    assert_eq!(o["description"], "Vooruitblik");
    let day = today() + time::Duration::days(30);
    assert_eq!(o["dtstart"], serde_json::json!(["date", day.to_string()]));
    assert_eq!(
        o["dtend"],
        serde_json::json!(["date", (day + time::Duration::days(1)).to_string()])
    );
}

async fn the_feed_needs_no_session_and_a_wrong_key_is_not_found(app: TestApp) {
    app.login_as("pm", Role::ProgrammeManager, None).await;
    let a = network(&app, "Netwerk A").await;
    let b = network(&app, "Netwerk B").await;
    meet(&app, a, meeting(date!(2025 - 03 - 01), None, "A")).await;
    let path = feed_path(&app, a).await;
    let key = extract_between(&path, &format!("/calendar/networks/{a}/"), ".ics").unwrap();
    assert_eq!(key.len(), 64, "{key}");

    let anonymous = app.new_browser();
    let get = |path: String| {
        let c = anonymous.clone();
        let url = format!("{}{path}", app.address);
        async move { c.get(url).send().await.unwrap() }
    };
    let ok = get(path.clone()).await;
    assert_eq!(ok.status(), 200);
    assert!(
        ok.headers().get("set-cookie").is_none(),
        "no session is made for a feed"
    );
    assert!(ok.text().await.unwrap().contains("BEGIN:VEVENT"));

    let flipped = {
        let mut k = key.clone().into_bytes();
        k[10] = if k[10] == b'0' { b'1' } else { b'0' };
        String::from_utf8(k).unwrap()
    };
    for wrong in [
        format!("/calendar/networks/{a}/{flipped}.ics"),
        format!("/calendar/networks/{b}/{key}.ics"),
        format!("/calendar/networks/{a}/{}.ics", key.to_uppercase()),
        format!("/calendar/networks/{a}/{}.ics", &key[..32]),
        format!("/calendar/networks/{a}/{key}"),
        format!("/calendar/networks/{a}/.ics"),
        format!("/calendar/networks/999999/{key}.ics"),
    ] {
        let res = get(wrong.clone()).await;
        assert_eq!(res.status(), 404, "{wrong}");
        assert!(
            !res.text().await.unwrap().contains("Netwerk A"),
            "{wrong} tells nothing"
        );
    }
    // The right key of a network that does not exist answers the same.
    let ghost = bekwaam::networks::store::feed_secret(&app.db)
        .await
        .unwrap()
        .key(999_999);
    assert_eq!(
        get(format!("/calendar/networks/999999/{ghost}.ics"))
            .await
            .status(),
        404
    );
}

async fn a_new_feed_secret_invalidates_the_old_feed_urls(app: TestApp) {
    app.login_as("stuur", Role::SteeringGroup, None).await;
    let n = network(&app, "Netwerk C").await;
    let old = feed_path(&app, n).await;
    assert_eq!(feed_path(&app, n).await, old, "stable");
    assert_eq!(app.get(&old).await.status, 200);
    exec_sql(&app.db, "DELETE FROM secrets WHERE name = 'calendar-feed'").await;
    assert_eq!(app.get(&old).await.status, 404, "the old URL is dead");
    let new = feed_path(&app, n).await;
    assert_ne!(new, old);
    assert_eq!(app.get(&new).await.status, 200);
}

async fn a_meeting_file_needs_a_login_and_a_role_that_reads_networks(app: TestApp) {
    let n = network(&app, "Netwerk D").await;
    let id = meet(&app, n, meeting(date!(2025 - 03 - 01), None, "A")).await;
    let file = format!("/networks/{n}/meetings/{id}/calendar.ics");
    let anonymous = app.get(&file).await;
    assert_eq!(anonymous.status, 303);
    assert!(anonymous.location.unwrap().starts_with("/login"));

    // Every role reads the networks (auth::policy); an account whose
    // grants were all revoked has none and is refused.
    let hash = password::hash("norole-wachtwoord".to_string())
        .await
        .unwrap();
    auth::store::create_user(
        &app.db,
        &Actor::system(),
        &auth::store::NewUser {
            username: "norole",
            display_name: "Test zonder rol",
            email: None,
            password_hash: &hash,
            must_change_password: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(app.login("norole", "norole-wachtwoord").await.status, 303);
    assert_eq!(app.get(&file).await.status, 403);
    assert_eq!(app.get(&format!("/networks/{n}")).await.status, 403);
    assert_eq!(
        app.get(&format!("/networks/{n}/meetings/{}/calendar.ics", id + 1))
            .await
            .status,
        403,
        "refused before anything is looked up"
    );
}

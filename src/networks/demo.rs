//! Demo networks: the six networks of the plan with fictitious members
//! (the organisations are the bodies the plan names and the demo
//! registry's institutions), meetings from autumn 2024 on with attendance
//! and minutes, and some months without a meeting so the grid shows both.

use time::macros::{date, datetime};
use time::{Date, Month};

use super::{Attendance, Kind, Meeting, Member, Network, Role, store};
use crate::audit::Actor;
use crate::store::Db;

type DemoMember = (&'static str, &'static str, Option<&'static str>, Role);

fn members(kind: Kind) -> Vec<DemoMember> {
    use Role::*;
    match kind {
        Kind::KnowledgeNetwork => vec![
            ("Anna Voorbeeld", "iXperium/CoE", None, Chair),
            ("Bram Fictief", "Kennisnet", None, Member),
            ("Carla Verzonnen", "MBO Digitaal", None, Member),
            ("Daan Denkbeeld", "MBO Raad", None, Member),
            ("Eva Proef", "OCW", None, Adviser),
        ],
        Kind::Ddvdo => vec![
            ("Fenna Testpersoon", "MBO Digitaal", None, Chair),
            ("Gijs Voorbeeld", "", Some("99AA"), Member),
            ("Hanna Fictief", "", Some("99AB"), Member),
            ("Ivo Verzonnen", "", Some("99AC"), Teacher),
            ("Jet Denkbeeld", "Kennisnet", None, Adviser),
        ],
        Kind::Ibp => vec![
            ("Kees Proef", "MBO Digitaal", None, Chair),
            ("Lotte Testpersoon", "", Some("99AD"), Member),
            ("Mark Voorbeeld", "", Some("99AE"), Member),
        ],
        Kind::Im => vec![
            ("Nina Fictief", "MBO Digitaal", None, Chair),
            ("Otto Verzonnen", "", Some("99AA"), Member),
            ("Pien Denkbeeld", "", Some("99AC"), Member),
        ],
        Kind::HrDirectors => vec![
            ("Quinten Proef", "MBO Raad", None, Chair),
            ("Roos Testpersoon", "", Some("99AB"), Member),
            ("Sem Voorbeeld", "", Some("99AD"), Member),
        ],
        Kind::IbpCircle => vec![
            ("Tess Fictief", "MBO Digitaal", None, Chair),
            ("Ugo Verzonnen", "", Some("99AA"), Teacher),
            ("Vera Denkbeeld", "", Some("99AB"), Teacher),
            ("Wim Proef", "", Some("99AC"), Teacher),
            ("Xenia Testpersoon", "", Some("99AD"), Teacher),
            ("Yara Voorbeeld", "", Some("99AE"), Teacher),
        ],
        // The workshop part seeds its own (workshop::demo).
        Kind::Workshop => Vec::new(),
    }
}

fn name(kind: Kind) -> &'static str {
    match kind {
        Kind::KnowledgeNetwork => "Kennisnetwerk Leren en lesgeven met ict",
        Kind::Ddvdo => "Digitale Didactiek & Veilig Digitaal Onderwijs",
        Kind::Ibp => "IBP-netwerk mbo",
        Kind::Im => "IM-netwerk mbo",
        Kind::HrDirectors => "Netwerk hr-directeuren mbo",
        Kind::IbpCircle => "IBP-kenniskring docenten",
        Kind::Workshop => "Onderzoekswerkplaats Digitaal Bekwaam",
    }
}

fn day(y: i32, m: u8, d: u8) -> Date {
    Month::try_from(m)
        .ok()
        .and_then(|m| Date::from_calendar_date(y, m, d).ok())
        .unwrap_or(Date::MIN)
}

/// The meeting days of `kind`.
fn days(kind: Kind) -> Vec<Date> {
    match kind {
        Kind::KnowledgeNetwork => vec![
            date!(2024 - 10 - 15),
            date!(2025 - 03 - 20),
            date!(2025 - 10 - 09),
            date!(2026 - 11 - 12),
        ],
        Kind::Ddvdo => {
            // Monthly from September 2024, with the summers and a few
            // months missed; the December 2026 meeting is still to come.
            let missed = [
                (2025, 1),
                (2025, 7),
                (2025, 8),
                (2026, 4),
                (2026, 7),
                (2026, 8),
            ];
            let mut out = Vec::new();
            let (mut y, mut m) = (2024, 9u8);
            while (y, m) <= (2026, 12) {
                if !missed.contains(&(y, m)) {
                    out.push(day(y, m, 10));
                }
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
            out
        }
        Kind::Ibp => vec![
            date!(2024 - 11 - 05),
            date!(2025 - 05 - 13),
            date!(2026 - 02 - 10),
        ],
        Kind::Im => vec![date!(2025 - 01 - 21), date!(2026 - 01 - 20)],
        Kind::HrDirectors => vec![
            date!(2024 - 12 - 04),
            date!(2025 - 06 - 18),
            date!(2026 - 06 - 17),
        ],
        Kind::IbpCircle => vec![
            date!(2025 - 02 - 06),
            date!(2025 - 09 - 25),
            date!(2026 - 03 - 19),
        ],
        Kind::Workshop => Vec::new(),
    }
}

/// Seeds the networks once (nothing when any network exists).
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    seed_events(db).await?;
    if !store::networks(db).await?.is_empty() {
        return Ok(());
    }
    let manager = Actor {
        user_id: None,
        label: "programmamanager".into(),
    };
    let today = crate::monitor::store::today();
    let at = datetime!(2024-09-02 09:00 UTC);
    for kind in Kind::NETWORKS {
        let network = store::create_network(
            db,
            &manager,
            &Network {
                kind,
                name: name(kind).into(),
                started_on: date!(2024 - 09 - 01),
                region: None,
            },
            at,
        )
        .await?;
        let mut ids = Vec::new();
        for (person, organisation, institution, role) in members(kind) {
            let id = store::add_member(
                db,
                &manager,
                network,
                &Member {
                    name: person.into(),
                    organisation: organisation.into(),
                    institution: institution.map(str::to_string),
                    role,
                    joined_on: date!(2024 - 09 - 01),
                    account: None,
                },
            )
            .await?;
            ids.push(id);
        }
        seed_meetings(db, &manager, network, &ids, &days(kind), today).await?;
    }
    Ok(())
}

/// Records demo meetings of `network` on `days` with attendance of the
/// members `ids` (some excused, some absent) and minutes once held; odd
/// meetings online. The workshop demo uses it too.
pub async fn seed_meetings(
    db: &Db,
    manager: &Actor,
    network: i64,
    ids: &[i64],
    days: &[Date],
    today: Date,
) -> anyhow::Result<()> {
    let at = datetime!(2024-09-02 09:00 UTC);
    for (n, held_on) in days.iter().copied().enumerate() {
        let held = held_on <= today;
        let attendance = if held {
            ids.iter()
                .enumerate()
                .map(|(i, id)| {
                    let a = match (i + n) % 7 {
                        3 => Attendance::Excused,
                        5 => Attendance::Absent,
                        _ => Attendance::Present,
                    };
                    (*id, a)
                })
                .collect()
        } else {
            Vec::new()
        };
        let meeting = Meeting {
            held_on,
            place: if n % 2 == 0 {
                Some("MBO Digitaal, Utrecht".into())
            } else {
                None
            },
            agenda: "1. Opening\n2. Stand van zaken\n3. Uitwisseling van ervaringen\n4. Rondvraag"
                .into(),
            minutes: held.then(|| {
                "Fictief verslag: de leden wisselden ervaringen uit en spraken de \
                 volgende stappen af."
                    .to_string()
            }),
            attendance,
        };
        store::record_meeting(db, manager, network, &meeting, today, at).await?;
    }
    Ok(())
}

/// Demo events (issue 16, item 4): one held last month with its
/// attendees, one earlier in the school year whose registrations the
/// retention job has already removed, a coming one that is full with a
/// waiting list, and a coming one with places left. The names are
/// clearly fictitious. Relative to today, so the retention job (90 days)
/// leaves the attendees of the past event in place.
pub async fn seed_events(db: &Db) -> anyhow::Result<()> {
    use super::events::{Registration, amsterdam};
    use super::events_store as es;
    if !es::events(db).await?.is_empty() {
        return Ok(());
    }
    let manager = Actor {
        user_id: None,
        label: "programmamanager".into(),
    };
    let today = crate::monitor::store::today();
    let at = crate::store::now();
    let day = |offset: i64| today + time::Duration::days(offset);
    let times = |d: Date, from: (u8, u8), to: (u8, u8)| -> anyhow::Result<_> {
        let t = |(h, m)| time::Time::from_hms(h, m, 0).map_err(anyhow::Error::from);
        let s = amsterdam(d, t(from)?).ok_or_else(|| anyhow::anyhow!("no such time"))?;
        let e = amsterdam(d, t(to)?).ok_or_else(|| anyhow::anyhow!("no such time"))?;
        Ok((s, e))
    };
    let mk =
        |title: &str, (starts_at, ends_at), place: &str, url: &str, programme: &str, capacity| {
            super::events::Event {
                title: title.into(),
                starts_at,
                ends_at,
                place: place.into(),
                online_url: url.into(),
                programme: programme.into(),
                capacity,
                cancelled: false,
            }
        };
    let people = [
        ("Aafke Verzonnen", "ROC Voorbeeld Noord"),
        ("Bas Fictief", "ROC Voorbeeld Zuid"),
        ("Cor Denkbeeld", "Vakcollege Proefstad"),
        ("Dewi Testpersoon", "ROC Voorbeeld Noord"),
        ("Elif Voorbeeld", "Kennisnet"),
        ("Floor Proef", "ROC Voorbeeld Oost"),
        ("Guus Verzonnen", "Vakcollege Proefstad"),
    ];
    let register = |event: i64, n: usize, now| {
        let (name, institution) = people[n % people.len()];
        let email = format!(
            "{}@voorbeeld.example",
            name.to_lowercase().replace(' ', ".")
        );
        async move {
            es::register(
                db,
                event,
                &Registration {
                    name: name.into(),
                    email,
                    institution: institution.into(),
                },
                &super::events::token_hash(&crate::token::random_token(16)),
                now,
            )
            .await
        }
    };
    // Held last month: registered while it was still to come.
    let past = mk(
        "Kennisdag Digitale Didactiek",
        times(day(-30), (13, 0), (17, 0))?,
        "Jaarbeurs Utrecht (fictief), zaal 3",
        "",
        "13.00 Opening\n13.15 Lezing: wat de monitor laat zien\n14.00 Werkplaatsen delen hun experimenten\n15.30 Gesprekstafels per thema\n16.30 Borrel",
        60,
    );
    let past_id = es::create_event(db, &manager, &past, at).await?;
    let before = past.starts_at - time::Duration::days(14);
    for n in 0..6 {
        register(past_id, n, before).await?;
    }
    let earlier = mk(
        "Netwerkmiddag Veilig Digitaal Onderwijs",
        times(day(-150), (14, 0), (17, 0))?,
        "",
        "https://meet.voorbeeld.example/netwerkmiddag",
        "Online middag over digitale veiligheid in de les, met voorbeelden uit drie instellingen.",
        100,
    );
    es::create_event(db, &manager, &earlier, at).await?;
    let full = mk(
        "Ontwerpsessie ict-bekwaamheid in het team",
        times(day(30), (9, 30), (12, 30))?,
        "MBO Digitaal (fictief), Woerden",
        "",
        "Een ochtend ontwerpen in kleine groepen: hoe maak je de uitkomsten van de monitor tot een teamplan?\nMaximaal vier deelnemers, zodat iedereen aan de slag kan.",
        4,
    );
    let full_id = es::create_event(db, &manager, &full, at).await?;
    for n in 0..6 {
        register(full_id, n, at).await?;
    }
    let open = mk(
        "Webinar IBP in de onderwijspraktijk",
        times(day(45), (15, 30), (17, 0))?,
        "",
        "https://meet.voorbeeld.example/webinar-ibp",
        "Praktijkvoorbeelden van informatiebeveiliging en privacy in de les.\nMet ruimte voor vragen.",
        80,
    );
    let open_id = es::create_event(db, &manager, &open, at).await?;
    register(open_id, 4, at).await?;
    Ok(())
}

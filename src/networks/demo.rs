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

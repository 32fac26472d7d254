//! The demo workshop: "Onderzoekswerkplaats Digitaal Bekwaam" with nine
//! teacher-researchers and two educationalists from ten of the demo
//! registry's fictitious institutions, one researcher past two years, two
//! close to it, one who rotated out; experiments in every phase with their
//! log, one published; two requests (one accepted, one declined); and two
//! school years of meetings, mostly twice a month, with months missed.
//! The demo account `expert` is one of the educationalists, so it leads
//! the workshop and records in it.

use time::macros::{date, datetime};
use time::{Date, Month};

use super::{Experiment, LogEntry, Phase, Request, RequestState, Requester, Status, Theme, store};
use crate::audit::Actor;
use crate::networks::{Kind, Member, Network, Role};
use crate::store::Db;

pub const NAME: &str = "Onderzoekswerkplaats Digitaal Bekwaam";

type DemoMember = (
    &'static str,
    &'static str,
    Role,
    Date,
    Option<Date>,
    Option<&'static str>,
);

fn members() -> Vec<DemoMember> {
    use Role::*;
    vec![
        (
            "Aylin Voorbeeld",
            "99AA",
            Researcher,
            date!(2024 - 09 - 01),
            None,
            None,
        ),
        (
            "Bas Fictief",
            "99AB",
            Researcher,
            date!(2025 - 01 - 15),
            None,
            None,
        ),
        (
            "Chantal Verzonnen",
            "99AC",
            Researcher,
            date!(2025 - 01 - 15),
            None,
            None,
        ),
        (
            "Dirk Denkbeeld",
            "99AD",
            Researcher,
            date!(2025 - 09 - 01),
            None,
            None,
        ),
        (
            "Esra Proef",
            "99AE",
            Researcher,
            date!(2025 - 09 - 01),
            None,
            None,
        ),
        (
            "Floor Testpersoon",
            "99AF",
            Researcher,
            date!(2025 - 09 - 01),
            None,
            None,
        ),
        (
            "Gerrit Voorbeeld",
            "99AG",
            Researcher,
            date!(2025 - 09 - 01),
            None,
            None,
        ),
        (
            "Hatice Fictief",
            "99AH",
            Researcher,
            date!(2026 - 02 - 01),
            None,
            None,
        ),
        (
            "Iris Verzonnen",
            "99AJ",
            Researcher,
            date!(2026 - 02 - 01),
            None,
            None,
        ),
        (
            "Jeroen Denkbeeld",
            "99AB",
            Researcher,
            date!(2024 - 09 - 01),
            Some(date!(2026 - 07 - 31)),
            None,
        ),
        (
            "Karin Proef",
            "99AK",
            Educationalist,
            date!(2025 - 09 - 01),
            None,
            Some("expert"),
        ),
        (
            "Lars Testpersoon",
            "99AA",
            Educationalist,
            date!(2025 - 09 - 01),
            None,
            None,
        ),
    ]
}

fn day(y: i32, m: u8, d: u8) -> Date {
    Month::try_from(m)
        .ok()
        .and_then(|m| Date::from_calendar_date(y, m, d).ok())
        .unwrap_or(Date::MIN)
}

/// Twice a month from September 2024 to December 2026, without the summer
/// holidays; some months once only, so the grid shows missed months.
fn days() -> Vec<Date> {
    let once = [(2024, 12), (2025, 5), (2026, 3), (2026, 10)];
    let none = [(2025, 7), (2025, 8), (2026, 7), (2026, 8)];
    let mut out = Vec::new();
    let (mut y, mut m) = (2024, 9u8);
    while (y, m) <= (2026, 12) {
        if !none.contains(&(y, m)) {
            out.push(day(y, m, 3));
            if !once.contains(&(y, m)) {
                out.push(day(y, m, 17));
            }
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

struct DemoExperiment {
    title: &'static str,
    question: &'static str,
    theme: Theme,
    phase: Phase,
    status: Status,
    researchers: usize,
    domains: &'static [&'static str],
    started: Date,
}

fn experiments() -> Vec<DemoExperiment> {
    vec![
        DemoExperiment {
            title: "Phishing herkennen in de beroepscontext",
            question: "Leren studenten van de opleiding Zorg phishing beter herkennen met \
                       nagespeelde berichten uit hun eigen stage?",
            theme: Theme::DigitalSafety,
            phase: Phase::Test,
            status: Status::Published,
            researchers: 5,
            domains: &[],
            started: date!(2024 - 10 - 01),
        },
        DemoExperiment {
            title: "Feedback met video in de praktijkles",
            question: "Helpt korte videofeedback docenten om digitale didactiek in de \
                       praktijkles te gebruiken?",
            theme: Theme::IctCompetence,
            phase: Phase::Test,
            status: Status::Finished,
            researchers: 5,
            domains: &[],
            started: date!(2025 - 02 - 01),
        },
        DemoExperiment {
            title: "Wachtwoordbeleid dat docenten zelf uitleggen",
            question: "Wat hebben docenten nodig om het wachtwoordbeleid aan studenten uit te \
                       leggen?",
            theme: Theme::DigitalSafety,
            phase: Phase::Prototype,
            status: Status::Running,
            researchers: 4,
            domains: &[],
            started: date!(2025 - 10 - 01),
        },
        DemoExperiment {
            title: "AI-hulpmiddelen bij het schrijven van een verslag",
            question: "Hoe begeleiden docenten studenten bij verantwoord gebruik van \
                       AI-hulpmiddelen?",
            theme: Theme::IctCompetence,
            phase: Phase::Ideate,
            status: Status::Running,
            researchers: 3,
            domains: &[],
            started: date!(2026 - 02 - 15),
        },
        DemoExperiment {
            title: "Veilig delen van stageverslagen",
            question: "Welke afspraken helpen studenten om stageverslagen veilig te delen?",
            theme: Theme::DigitalSafety,
            phase: Phase::Define,
            status: Status::Running,
            researchers: 2,
            domains: &[],
            started: date!(2026 - 09 - 15),
        },
        DemoExperiment {
            title: "Digitale toetsing in de entreeopleiding",
            question: "Wat merken studenten van de entreeopleiding van digitale toetsing?",
            theme: Theme::IctCompetence,
            phase: Phase::Empathise,
            status: Status::Idea,
            researchers: 0,
            domains: &[],
            started: date!(2026 - 11 - 10),
        },
    ]
}

const DONE: [&str; 5] = [
    "Interviews met studenten en collega's over hun ervaringen (fictief).",
    "De kern van het probleem in één vraag gevat en met de werkplaats besproken.",
    "Brainstorm met de onderzoekdocenten; drie ideeën gekozen om uit te werken.",
    "Een lesopzet en materiaal gemaakt en met twee collega's doorgelopen.",
    "De les in drie klassen gegeven en de reacties van studenten verzameld.",
];
const LEARNED: [&str; 5] = [
    "Studenten herkennen risico's beter als het voorbeeld uit hun eigen beroep komt.",
    "Een scherpe vraag maakt duidelijk wat we wel en niet onderzoeken.",
    "De eenvoudigste opzet bleek het best bruikbaar in de les.",
    "Het materiaal moet korter; een docent heeft maar tien minuten.",
    "De aanpak werkt; de nabespreking is het belangrijkste deel.",
];

/// Seeds the workshop once (nothing when a workshop exists). Runs after
/// the networks' demo, whose IBP and IM networks send the requests.
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    if !super::service::workshops(db).await?.is_empty() {
        return Ok(());
    }
    let manager = Actor {
        user_id: None,
        label: "programmamanager".into(),
    };
    let today = crate::monitor::store::today();
    let at = datetime!(2024-09-02 09:00 UTC);
    let workshop = crate::networks::store::create_network(
        db,
        &manager,
        &Network {
            kind: Kind::Workshop,
            name: NAME.into(),
            started_on: date!(2024 - 09 - 01),
            region: Some("Midden en Oost".into()),
        },
        at,
    )
    .await?;
    let mut researchers = Vec::new();
    let mut educationalists = Vec::new();
    let mut present = Vec::new();
    for (name, code, role, joined_on, left_on, account) in members() {
        let id = crate::networks::store::add_member(
            db,
            &manager,
            workshop,
            &Member {
                name: name.into(),
                organisation: String::new(),
                institution: Some(code.into()),
                role,
                joined_on,
                account: account.map(str::to_string),
            },
        )
        .await?;
        if let Some(left) = left_on {
            crate::networks::store::end_member(db, &manager, workshop, id, left).await?;
        } else {
            present.push(id);
        }
        match role {
            Role::Researcher if left_on.is_none() => researchers.push(id),
            Role::Educationalist => educationalists.push(id),
            _ => {}
        }
    }
    crate::networks::demo::seed_meetings(db, &manager, workshop, &present, &days(), today).await?;

    let domains: Vec<String> = crate::monitor::instrument::parse(
        crate::monitor::DEFAULT_INSTRUMENT_FILE,
        crate::monitor::DEFAULT_INSTRUMENT,
    )
    .map(|i| i.domains.into_iter().map(|d| d.id).collect())
    .unwrap_or_default();
    let mut ids = Vec::new();
    for (n, x) in experiments().into_iter().enumerate() {
        let chosen: Vec<i64> = researchers
            .iter()
            .cycle()
            .skip(n)
            .take(x.researchers)
            .copied()
            .collect();
        let mut e = Experiment {
            title: x.title.into(),
            question: x.question.into(),
            theme: x.theme,
            educationalist: (x.status != Status::Idea).then(|| educationalists[n % 2]),
            researchers: chosen,
            domains: x
                .domains
                .iter()
                .map(|d| d.to_string())
                .chain(domains.get(n % domains.len().max(1)).cloned())
                .collect(),
            phase: Phase::Empathise,
            status: if x.status == Status::Idea {
                Status::Idea
            } else {
                Status::Running
            },
            results: None,
            conclusions: None,
        };
        let id = store::create_experiment(db, &manager, workshop, &e, at).await?;
        // The log: an entry per phase reached, a month apart.
        let reached = Phase::ALL.iter().position(|p| *p == x.phase).unwrap_or(0);
        for (k, phase) in Phase::ALL.iter().take(reached + 1).enumerate() {
            let logged_on = (x.started + time::Duration::days(30 * k as i64)).min(today);
            store::add_log(
                db,
                &manager,
                workshop,
                id,
                &LogEntry {
                    phase: *phase,
                    logged_on,
                    done: DONE[k].into(),
                    learned: LEARNED[k].into(),
                    link: (k == 3).then(|| "https://example.org/fictief/lesopzet.pdf".into()),
                },
                at,
            )
            .await?;
        }
        e.phase = x.phase;
        let mut was = e.status;
        for step in [Status::Finished, Status::Published] {
            let wanted = matches!(
                (x.status, step),
                (Status::Finished | Status::Published, Status::Finished)
                    | (Status::Published, Status::Published)
            );
            if wanted {
                e.status = step;
                e.results = Some(
                    "Fictief resultaat: studenten gaven de lessen een 7,8 en herkenden meer \
                     risico's dan vooraf."
                        .into(),
                );
                e.conclusions = Some(
                    "Fictieve conclusie: de aanpak is bruikbaar in andere opleidingen; het \
                     materiaal staat in de bibliotheek."
                        .into(),
                );
            }
            if e.status != was || step == Status::Finished {
                store::update_experiment(db, &manager, workshop, id, &e, was).await?;
                was = e.status;
            }
        }
        ids.push(id);
    }

    let networks = crate::networks::store::networks(db).await?;
    let of = |kind: Kind| networks.iter().find(|n| n.kind == kind).map(|n| n.id);
    if let (Some(ibp), Some(im)) = (of(Kind::Ibp), of(Kind::Im)) {
        let accepted = store::create_request(
            db,
            &manager,
            workshop,
            &Request {
                from: Requester::Network(ibp),
                question: "Kan de werkplaats onderzoeken hoe studenten phishing leren \
                           herkennen in hun eigen beroep?"
                    .into(),
                requested_on: date!(2024 - 09 - 20),
            },
            at,
        )
        .await?;
        store::decide(
            db,
            &manager,
            workshop,
            accepted,
            &RequestState::Accepted(ids[0]),
            date!(2024 - 10 - 01),
        )
        .await?;
        let declined = store::create_request(
            db,
            &manager,
            workshop,
            &Request {
                from: Requester::Network(im),
                question: "Kan de werkplaats de licenties van alle leermiddelen \
                           inventariseren?"
                    .into(),
                requested_on: date!(2025 - 03 - 04),
            },
            at,
        )
        .await?;
        store::decide(
            db,
            &manager,
            workshop,
            declined,
            &RequestState::Declined(
                "Dit is een inventarisatie, geen experiment in de les; het IM-netwerk \
                 pakt dit zelf op."
                    .into(),
            ),
            date!(2025 - 03 - 20),
        )
        .await?;
        store::create_request(
            db,
            &manager,
            workshop,
            &Request {
                from: Requester::SteeringGroup,
                question: "Welke aanpak helpt docenten om AI-hulpmiddelen veilig in te zetten?"
                    .into(),
                requested_on: date!(2026 - 11 - 20),
            },
            at,
        )
        .await?;
    }
    Ok(())
}

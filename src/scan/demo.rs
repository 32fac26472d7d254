//! Demo data of the bewegingsscan: a codebook of eight themes (one retired
//! after 2022, so the codebook has versions), the completed rounds "Najaar
//! 2022" and "Najaar 2024" with interview records of the demo institutions
//! and published reports discussed at the MBO Raad, and an open round
//! "Najaar 2026" in which the interviews are still pending. Every text is
//! fictitious.

use time::macros::{date, datetime};
use time::{Date, Duration};

use super::{InterviewText, NewRound, Respondent, ThemeText, store};
use crate::audit::Actor;
use crate::store::Db;

/// (name, description)
const THEMES: [(&str, &str); 8] = [
    (
        "Scholing en training",
        "Trainingen, cursussen en studiedagen voor docenten en ondersteuners.",
    ),
    (
        "Digitale didactiek in teams",
        "Teams die samen lessen met ict ontwerpen, uitproberen en bespreken.",
    ),
    (
        "Cyberveiligheid en bewustwording",
        "Campagnes, phishingoefeningen en afspraken over veilig werken.",
    ),
    (
        "Beleid en borging",
        "Ict-bekwaamheid in professionaliseringsbeleid, gesprekscyclus en jaarplannen.",
    ),
    (
        "Ict-infrastructuur en middelen",
        "Apparatuur, netwerk en licenties (na 2022 opgegaan in andere thema's).",
    ),
    (
        "Leiderschap en sturing",
        "Leidinggevenden die ict-bekwaamheid agenderen en ruimte geven.",
    ),
    (
        "Kennisdeling en netwerken",
        "Interne en externe netwerken, ambassadeurs en kennisbijeenkomsten.",
    ),
    (
        "Privacy en gegevensbescherming",
        "IBP-afspraken, verwerkersovereenkomsten en privacybewust lesgeven.",
    ),
];

/// (follow-up action, theme indexes)
const ACTIONS: [(&str, &[usize]); 12] = [
    (
        "Studiedag over de uitkomsten van de monitor met alle onderwijsteams",
        &[0, 1],
    ),
    ("Inloopspreekuur digitale didactiek in de mediatheek", &[0]),
    (
        "Per team een ontwerpgroep die één les per periode met ict vernieuwt",
        &[1],
    ),
    (
        "Phishingoefening voor alle medewerkers met nabespreking in het team",
        &[2],
    ),
    (
        "Ict-bekwaamheid opgenomen in de gesprekscyclus van docenten",
        &[3, 5],
    ),
    (
        "Professionaliseringsplan met vaste uren voor digitale vaardigheden",
        &[3, 0],
    ),
    (
        "Vervanging van verouderde laptops in de praktijklokalen",
        &[4],
    ),
    (
        "Leidinggevenden bespreken de teamresultaten in hun managementoverleg",
        &[5],
    ),
    (
        "Netwerk van ict-ambassadeurs die collega's in hun team begeleiden",
        &[6, 1],
    ),
    (
        "Deelname aan de landelijke kennisbijeenkomst over de monitor",
        &[6],
    ),
    (
        "Training privacybewust lesgeven met voorbeelden uit de eigen opleidingen",
        &[7, 0],
    ),
    (
        "Bewustwordingsweek cyberveiligheid voor studenten en medewerkers",
        &[2, 7],
    ),
];

const WORKED: [&str; 4] = [
    "Korte trainingen dicht bij het eigen vak werden goed bezocht.",
    "Teams die de resultaten zelf bespraken, kozen concrete acties.",
    "De ambassadeurs maakten de drempel om hulp te vragen laag.",
    "Vaste uren in de jaartaak gaven ruimte om te oefenen.",
];

const NOT_WORKED: [&str; 4] = [
    "Centrale studiedagen sloten slecht aan bij de praktijk van de teams.",
    "Zonder vaste uren bleef scholing liggen in drukke periodes.",
    "De campagne bereikte vooral collega's die al bewust werkten.",
    "Nieuwe apparatuur zonder begeleiding werd weinig gebruikt.",
];

const QUOTES: [&str; 5] = [
    "We praten nu in het team over wat werkt in de les, niet over de tool.",
    "De monitor hield ons een spiegel voor; dat was even slikken.",
    "Sinds de oefening klikt bijna niemand meer op een verdachte link.",
    "Het helpt dat de leidinggevende er zelf ook mee bezig is.",
    "We hebben geleerd klein te beginnen en het dan vol te houden.",
];

const ROLE_SETS: [&[Respondent]; 4] = [
    &[Respondent::Hr, Respondent::PolicyAdvisor],
    &[
        Respondent::Director,
        Respondent::TeamLead,
        Respondent::Teacher,
    ],
    &[Respondent::Board, Respondent::Hr],
    &[
        Respondent::IctCoordinator,
        Respondent::SecurityOfficer,
        Respondent::Teacher,
    ],
];

/// (round name, year, institutions, first interview day, published, discussed)
type DemoRound = (&'static str, i32, &'static [&'static str], Date, Date, Date);

const ROUNDS: [DemoRound; 2] = [
    (
        "Najaar 2022",
        2022,
        &[
            "99AA", "99AB", "99AC", "99AD", "99AE", "99AF", "99AG", "99AH",
        ],
        date!(2022 - 10 - 03),
        date!(2022 - 12 - 12),
        date!(2023 - 01 - 26),
    ),
    (
        "Najaar 2024",
        2024,
        &[
            "99AA", "99AB", "99AC", "99AD", "99AE", "99AF", "99AG", "99AH", "99AJ", "99AK",
        ],
        date!(2024 - 09 - 30),
        date!(2024 - 12 - 09),
        date!(2025 - 01 - 30),
    ),
];

/// Seeds the demo's scan data once (nothing when any round exists).
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    if !store::rounds(db).await?.is_empty() {
        return Ok(());
    }
    let researcher = Actor {
        user_id: None,
        label: "onderzoeker".into(),
    };
    let at = datetime!(2022-09-15 10:00 UTC);
    let mut themes = Vec::new();
    for (name, description) in THEMES {
        let text = ThemeText {
            name: name.into(),
            description: description.into(),
        };
        themes.push(store::add_theme(db, &researcher, &text, at).await?);
    }
    for (r, (name, year, codes, first, published, discussed)) in ROUNDS.iter().enumerate() {
        if r == 1 {
            // After 2022 the infrastructure theme was folded into others.
            store::retire_theme(db, &researcher, themes[4], datetime!(2024-09-01 10:00 UTC))
                .await?;
        }
        let round = store::create_round(
            db,
            &researcher,
            &NewRound {
                name: (*name).into(),
                year: *year,
            },
            datetime!(2022-09-15 10:00 UTC) + Duration::days(730 * r as i64),
        )
        .await?;
        for (n, code) in codes.iter().enumerate() {
            let k = n + r * 3;
            let held_on = *first + Duration::days(4 * n as i64);
            let id = store::create_interview(
                db,
                &researcher,
                round,
                code,
                &InterviewText {
                    held_on,
                    roles: ROLE_SETS[k % ROLE_SETS.len()].to_vec(),
                    worked: WORKED[k % WORKED.len()].into(),
                    not_worked: NOT_WORKED[(k + 1) % NOT_WORKED.len()].into(),
                },
                held_on.midnight().assume_utc() + Duration::hours(16),
            )
            .await?;
            for j in 0..2 + k % 2 {
                let (text, coded) = ACTIONS[(k * 5 + j * 7) % ACTIONS.len()];
                // The retired theme codes only the first round's actions.
                let ids: Vec<i64> = coded
                    .iter()
                    .filter(|t| r == 0 || **t != 4)
                    .map(|t| themes[*t])
                    .collect();
                if ids.is_empty() {
                    continue;
                }
                store::add_action(db, &researcher, id, text, &ids).await?;
            }
            if k % 2 == 0 {
                let q = store::add_quote(db, &researcher, id, QUOTES[k % QUOTES.len()]).await?;
                store::review_quote(
                    db,
                    &researcher,
                    id,
                    q,
                    held_on.midnight().assume_utc() + Duration::days(7),
                )
                .await?;
            }
        }
        store::publish(db, &researcher, round, *published, Some(*discussed)).await?;
    }
    store::create_round(
        db,
        &researcher,
        &NewRound {
            name: "Najaar 2026".into(),
            year: 2026,
        },
        datetime!(2026-09-01 10:00 UTC),
    )
    .await?;
    Ok(())
}

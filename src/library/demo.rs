//! The demo library: fourteen items across every kind, theme and several
//! licences (besides the experiment the demo workshop published), two
//! still unpublished, most with a PDF made by the report builder, counted
//! downloads over the last weeks, and "Ik heb dit ingezet" reports, most
//! approved, some waiting for the programme manager, one rejected. All
//! names and institutions are fictitious.

use time::Duration;

use super::{Audience, LICENCES};
use super::{Item, Kind, Licence, Theme, Usage, UsageHow, UsageRole, store};
use crate::audit::Actor;
use crate::networks::SchoolYear;
use crate::store::Db;

const SEEDED: &str = "demo_library_seeded";

/// (kind, title, summary, theme, audiences, school year, licence index,
/// authors, published, approved reports, pending reports, downloads)
type DemoItem = (
    Kind,
    &'static str,
    &'static str,
    Theme,
    &'static [Audience],
    i32,
    usize,
    &'static [&'static str],
    bool,
    usize,
    usize,
    i64,
);

fn items() -> Vec<DemoItem> {
    use Audience::*;
    use Kind::*;
    use Theme::*;
    vec![
        (
            Report,
            "Sectorrapport Monitor Digitaal Bekwaam 2024 (voorbeeld)",
            "De uitkomsten van de eerste meting van de monitor in de hele sector: hoe docenten hun eigen digitale bekwaamheid inschatten per deelgebied, met de verschillen tussen instellingen die groot genoeg zijn om te tonen.",
            IctCompetence,
            &[Teacher, Manager, Educationalist],
            2024,
            0,
            &[],
            true,
            6,
            1,
            142,
        ),
        (
            ScanReport,
            "Bewegingsscan professionaliseringsbeleid: sectorbeeld (voorbeeld)",
            "Waar staan de instellingen met hun professionaliseringsbeleid rond digitale bekwaamheid? De bewegingsscan in beeld: van visie tot uitvoering, met voorbeelden uit de interviews.",
            Policy,
            &[Manager],
            2024,
            0,
            &[],
            true,
            3,
            0,
            61,
        ),
        (
            Advice,
            "Advies: digitale veiligheid in het onderwijsproces",
            "Aanbevelingen van het IBP-netwerk voor veilig werken met leerplatforms, toetsomgevingen en persoonsgegevens van studenten, met een checklist per rol.",
            DigitalSafety,
            &[Manager, Support],
            2024,
            1,
            &["Fictieve Expertgroep IBP"],
            true,
            4,
            1,
            97,
        ),
        (
            Publication,
            "Handreiking digitale didactiek voor de beroepspraktijk",
            "Hoe zet je digitale middelen in bij beroepsgerichte lessen? Twaalf werkvormen, elk met een voorbeeld uit zorg, techniek en economie.",
            DigitalDidactics,
            &[Teacher, Educationalist],
            2024,
            0,
            &["Aylin Voorbeeld", "Bram Proef"],
            true,
            9,
            2,
            233,
        ),
        (
            CampaignMaterial,
            "Posterserie 'Klik niet zomaar' (phishing)",
            "Drie posters en een korte les over phishing herkennen, gemaakt voor de bewustwordingscampagne op een instelling en vrij te hergebruiken.",
            DigitalSafety,
            &[Teacher, Support],
            2024,
            2,
            &[],
            true,
            5,
            0,
            88,
        ),
        (
            CampaignMaterial,
            "Lespakket 'Wachtwoordweek'",
            "Vijf korte lesactiviteiten over sterke wachtwoorden en tweestapsverificatie, met een docentenhandleiding.",
            DigitalSafety,
            &[Teacher],
            2025,
            3,
            &[],
            true,
            2,
            1,
            40,
        ),
        (
            Publication,
            "Startgesprek digitale bekwaamheid in het team",
            "Een gespreksleidraad voor teamleiders om met hun team de uitkomsten van de monitor te bespreken en samen een eerste stap te kiezen.",
            IctCompetence,
            &[Manager],
            2025,
            0,
            &[],
            true,
            1,
            0,
            19,
        ),
        (
            Report,
            "Jaarverslag programma Digitaal Bekwaam MBO 2024-2025 (voorbeeld)",
            "Wat het programma in het studiejaar heeft gedaan: meting, netwerken, werkplaats, campagnes en evenementen, met de kengetallen.",
            Policy,
            &[Manager, Educationalist],
            2024,
            0,
            &[],
            true,
            0,
            0,
            12,
        ),
        (
            Advice,
            "Advies lerarenopleidingen: digitale didactiek in het curriculum",
            "Wat experts de lerarenopleidingen adviseren over digitale didactiek en ict-bekwaamheid van aanstaande mbo-docenten.",
            DigitalDidactics,
            &[Educationalist],
            2025,
            4,
            &["Fictief Expertpanel"],
            true,
            1,
            0,
            7,
        ),
        (
            Publication,
            "Veilig online toetsen: zo doe je dat",
            "Praktische stappen voor examencommissies en docenten om online toetsen betrouwbaar en veilig af te nemen.",
            DigitalSafety,
            &[Teacher, Support],
            2025,
            6,
            &[],
            true,
            3,
            0,
            54,
        ),
        (
            CampaignMaterial,
            "Video 'Wat doet AI met mijn lesmateriaal?'",
            "Een korte uitlegvideo met discussievragen voor teams over generatieve AI, auteursrecht en privacy.",
            DigitalDidactics,
            &[Teacher, Educationalist],
            2025,
            0,
            &[],
            true,
            0,
            1,
            0,
        ),
        (
            Publication,
            "Digitale bekwaamheid van ondersteunend personeel",
            "Een verkenning van wat onderwijsassistenten, instructeurs en medewerkers ict nodig hebben, met voorbeelden van scholing.",
            IctCompetence,
            &[Support],
            2025,
            5,
            &[],
            true,
            0,
            0,
            3,
        ),
        (
            Report,
            "Concept: sectorrapport monitor 2026",
            "Wordt gepubliceerd zodra de meting van 2026 is gesloten.",
            IctCompetence,
            &[Teacher, Manager],
            2026,
            0,
            &[],
            false,
            0,
            0,
            0,
        ),
        (
            CampaignMaterial,
            "Concept: campagnemateriaal 'Deepfake of echt?'",
            "Nog in voorbereiding voor de campagne van dit studiejaar.",
            DigitalSafety,
            &[Teacher],
            2026,
            0,
            &[],
            false,
            0,
            0,
            0,
        ),
    ]
}

const NOTES: [&str; 5] = [
    "Gebruikt in een teamoverleg; leidde tot afspraken over wachtwoorden.",
    "Twee werkvormen uitgeprobeerd in het eerste jaar van de opleiding.",
    "Onderdeel gemaakt van onze scholingsdag voor nieuwe docenten.",
    "Als basis gebruikt voor het beleidsplan van ons college.",
    "",
];

const PLACES: [&str; 4] = ["ROC Voorbeeld Noord", "Techniek", "Zorg en Welzijn", ""];

/// A one-page PDF of `title` and `summary`, made by the report builder.
fn pdf(title: &str, summary: &str) -> anyhow::Result<Vec<u8>> {
    use crate::reports::document::{Block, Document, Labels, Layout};
    let doc = Document {
        title: title.to_string(),
        subtitle: Some("Voorbeeld uit de demo van Bekwaam".into()),
        lang: "nl".into(),
        layout: Layout::Report,
        blocks: vec![
            Block::Paragraph(summary.to_string()),
            Block::Paragraph(
                "Dit is een fictief document: het laat zien hoe de bibliotheek werkt.".into(),
            ),
        ],
        footer: "MBO Digitaal · demo".into(),
    };
    crate::reports::pdf::render(&doc, &Labels::for_lang("nl", "<10"))
        .map_err(|e| anyhow::anyhow!("demo pdf: {e}"))
}

/// Seeds the library once (after the workshop's demo, whose published
/// experiment is already an item).
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    if db.setting(SEEDED).await?.is_some() {
        return Ok(());
    }
    let manager = Actor {
        user_id: None,
        label: "programmamanager".into(),
    };
    let now = crate::store::now();
    let today = now.date();
    for (
        n,
        (
            kind,
            title,
            summary,
            theme,
            audiences,
            year,
            licence,
            authors,
            published,
            approved,
            pending,
            downloads,
        ),
    ) in items().into_iter().enumerate()
    {
        let item = Item {
            kind,
            title: title.into(),
            summary: summary.into(),
            theme,
            audiences: audiences.to_vec(),
            school_year: SchoolYear(year),
            licence: LICENCES
                .get(licence)
                .copied()
                .unwrap_or(Licence::default_licence()),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            links: if n % 4 == 0 {
                vec!["https://www.example.org/digitaal-bekwaam".into()]
            } else {
                Vec::new()
            },
        };
        // Published at different moments, oldest first, so the feed and
        // the list have an order.
        let at = now - Duration::days(60 - 4 * n as i64);
        let id = store::create_item(db, &manager, &item, at).await?;
        if n % 3 != 2 {
            let bytes = pdf(title, summary)?;
            let file = store::add_file(
                db,
                &manager,
                id,
                &format!(
                    "{}.pdf",
                    title
                        .chars()
                        .filter(|c| c.is_alphanumeric() || *c == ' ')
                        .collect::<String>()
                        .trim()
                ),
                crate::policy::document::Kind::Pdf,
                &bytes,
                at,
            )
            .await?;
            for d in 0..downloads {
                store::count_download(db, file, today - Duration::days(d % 40)).await?;
            }
        }
        if !published {
            continue;
        }
        store::set_published(db, &manager, id, true, at).await?;
        let usage = |k: usize| Usage {
            role: UsageRole::ALL[k % UsageRole::ALL.len()],
            place: PLACES[k % PLACES.len()].into(),
            how: UsageHow::ALL[(k + n) % UsageHow::ALL.len()],
            note: NOTES[k % NOTES.len()].into(),
        };
        for k in 0..approved + pending {
            let day = today - Duration::days((k as i64 * 37 + n as i64 * 11) % 400);
            let report = store::add_usage(db, id, &usage(k), day).await?;
            if k < approved {
                store::moderate(db, &manager, report, true, now).await?;
            }
        }
        if n == 3 {
            let spam = Usage {
                role: UsageRole::Other,
                place: String::new(),
                how: UsageHow::Other,
                note: "Goedkope zonnebrillen! Klik hier.".into(),
            };
            let report = store::add_usage(db, id, &spam, today).await?;
            store::moderate(db, &manager, report, false, now).await?;
        }
    }
    let mut tx = db.begin().await?;
    tx.set_setting(SEEDED, "1").await?;
    tx.commit().await?;
    Ok(())
}

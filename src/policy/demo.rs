//! Demo policy data: statuses spread over the stages with a history from
//! 2022 on (so the sector share grows and is neither 0 nor 100%), and a
//! few documents (PDF, DOCX, ODT), some shared with the hr-directors
//! network. Every name and text is fictitious.

use std::io::Write;

use time::OffsetDateTime;
use time::macros::{date, datetime};

use super::document::Kind;
use super::store::{self, NewDocument};
use super::{Adoption, Stage, Status, Topic};
use crate::audit::Actor;
use crate::reports::document::{Block, Document, Labels, Layout};
use crate::store::Db;

fn adopted(on: time::Date) -> Adoption {
    Adoption {
        stage: Stage::Adopted,
        adopted_on: Some(on),
    }
}

fn draft() -> Adoption {
    Adoption {
        stage: Stage::Draft,
        adopted_on: None,
    }
}

/// (institution, [(when recorded, status)]) in time order.
fn steps() -> Vec<(&'static str, Vec<(OffsetDateTime, Status)>)> {
    let both = |s: Status| Status {
        covers_ict: true,
        covers_cyber: true,
        ..s
    };
    let drafts = Status {
        vision: draft(),
        plan: draft(),
        development: draft(),
        ..Default::default()
    };
    vec![
        (
            "99AA",
            vec![
                (datetime!(2022-10-03 09:00 UTC), drafts),
                (
                    datetime!(2023-02-14 10:00 UTC),
                    Status {
                        vision: adopted(date!(2023 - 02 - 10)),
                        ..drafts
                    },
                ),
                (
                    datetime!(2024-03-20 14:00 UTC),
                    both(Status {
                        vision: adopted(date!(2023 - 02 - 10)),
                        plan: adopted(date!(2023 - 09 - 12)),
                        development: adopted(date!(2024 - 03 - 15)),
                        ..drafts
                    }),
                ),
            ],
        ),
        (
            "99AB",
            vec![(
                datetime!(2023-06-01 09:00 UTC),
                both(Status {
                    vision: adopted(date!(2022 - 12 - 01)),
                    plan: adopted(date!(2023 - 03 - 01)),
                    development: adopted(date!(2023 - 05 - 25)),
                    ..drafts
                }),
            )],
        ),
        (
            "99AC",
            vec![(
                datetime!(2024-05-02 09:00 UTC),
                Status {
                    vision: adopted(date!(2024 - 01 - 15)),
                    development: adopted(date!(2024 - 04 - 20)),
                    covers_ict: true,
                    ..drafts
                },
            )],
        ),
        ("99AD", vec![(datetime!(2024-09-10 09:00 UTC), drafts)]),
        (
            "99AE",
            vec![
                (datetime!(2023-11-01 09:00 UTC), drafts),
                (
                    datetime!(2025-04-08 11:00 UTC),
                    both(Status {
                        vision: adopted(date!(2024 - 06 - 01)),
                        plan: adopted(date!(2025 - 01 - 20)),
                        development: adopted(date!(2025 - 04 - 01)),
                        ..drafts
                    }),
                ),
            ],
        ),
        (
            "99AG",
            vec![(
                datetime!(2022-11-21 09:00 UTC),
                both(Status {
                    vision: adopted(date!(2022 - 06 - 30)),
                    plan: adopted(date!(2022 - 09 - 15)),
                    development: adopted(date!(2022 - 11 - 15)),
                    ..drafts
                }),
            )],
        ),
        (
            "99AH",
            vec![(
                datetime!(2025-02-03 09:00 UTC),
                Status {
                    vision: adopted(date!(2024 - 12 - 10)),
                    ..drafts
                },
            )],
        ),
        (
            "99AJ",
            vec![
                (datetime!(2025-09-01 09:00 UTC), drafts),
                (
                    datetime!(2026-03-12 10:00 UTC),
                    both(Status {
                        vision: adopted(date!(2025 - 11 - 01)),
                        plan: adopted(date!(2026 - 02 - 01)),
                        development: adopted(date!(2026 - 03 - 10)),
                        ..drafts
                    }),
                ),
            ],
        ),
        (
            "99AL",
            vec![(
                datetime!(2024-10-15 09:00 UTC),
                both(Status {
                    vision: adopted(date!(2024 - 02 - 01)),
                    plan: draft(),
                    development: adopted(date!(2024 - 10 - 01)),
                    ..drafts
                }),
            )],
        ),
    ]
}

fn pdf(title: &str, text: &str) -> anyhow::Result<Vec<u8>> {
    let doc = Document {
        title: title.into(),
        subtitle: Some("Fictief voorbeelddocument (demo)".into()),
        lang: "nl".into(),
        layout: Layout::Report,
        blocks: vec![Block::Paragraph(text.into())],
        footer: "Bekwaam demo".into(),
    };
    let f = crate::reports::file::render(&doc, &Labels::for_lang("nl", "<10"), "pdf", "", "x")
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(f.bytes)
}

fn zip_of(entries: &[(&str, &str)]) -> anyhow::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, body) in entries {
            let method = if *name == "mimetype" {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            let opts = zip::write::SimpleFileOptions::default().compression_method(method);
            w.start_file(*name, opts)?;
            w.write_all(body.as_bytes())?;
        }
        w.finish()?;
    }
    Ok(out.into_inner())
}

/// A small Word document holding `text`.
fn docx(text: &str) -> anyhow::Result<Vec<u8>> {
    zip_of(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
            ),
        ),
    ])
}

/// A small OpenDocument text holding `text`.
fn odt(text: &str) -> anyhow::Result<Vec<u8>> {
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
        (
            "content.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>{text}</text:p></office:text></office:body></office:document-content>"#
            ),
        ),
    ])
}

/// (institution, topic, title, file name, kind, bytes, uploaded, shared).
type DemoDocument = (
    &'static str,
    Topic,
    &'static str,
    &'static str,
    Kind,
    Vec<u8>,
    OffsetDateTime,
    Option<OffsetDateTime>,
);

/// Seeds the demo's policy data once (nothing when any status exists).
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    if !store::all_statuses(db).await?.is_empty() {
        return Ok(());
    }
    let coordinator = Actor {
        user_id: None,
        label: "coordinator".into(),
    };
    let manager = Actor {
        user_id: None,
        label: "programmamanager".into(),
    };
    for (code, steps) in steps() {
        let who = if code == "99AA" {
            &coordinator
        } else {
            &manager
        };
        for (at, status) in steps {
            store::save_status(db, who, code, &status, at).await?;
        }
    }
    let body = "Dit is een fictief voorbeelddocument voor de demo van Bekwaam. \
                Het beschrijft hoe de instelling ict-bekwaamheid en cyberveiligheid \
                opneemt in het professionaliseringsbeleid.";
    let docs: Vec<DemoDocument> = vec![
        (
            "99AA",
            Topic::Development,
            "Professionaliseringsbeleid 2024-2027",
            "Professionaliseringsbeleid 2024-2027.pdf",
            Kind::Pdf,
            pdf("Professionaliseringsbeleid 2024-2027", body)?,
            datetime!(2024-03-20 14:05 UTC),
            Some(datetime!(2024-03-21 09:00 UTC)),
        ),
        (
            "99AA",
            Topic::Vision,
            "Visie op cyberveiligheid",
            "Visie cyberveiligheid.pdf",
            Kind::Pdf,
            pdf("Visie op cyberveiligheid", body)?,
            datetime!(2023-02-14 10:05 UTC),
            None,
        ),
        (
            "99AB",
            Topic::Development,
            "Koersdocument professionalisering digitale didactiek",
            "Koersdocument professionalisering.docx",
            Kind::Docx,
            docx(body)?,
            datetime!(2023-04-18 09:00 UTC),
            Some(datetime!(2023-04-20 09:00 UTC)),
        ),
        (
            "99AG",
            Topic::Plan,
            "Plan van aanpak cyberveiligheid",
            "Plan van aanpak cyberveiligheid.odt",
            Kind::Odt,
            odt(body)?,
            datetime!(2022-11-21 09:10 UTC),
            Some(datetime!(2023-05-10 09:00 UTC)),
        ),
        (
            "99AE",
            Topic::Evidence,
            "Verslag studiedag ict-bekwaamheid",
            "Verslag studiedag.pdf",
            Kind::Pdf,
            pdf("Verslag studiedag ict-bekwaamheid", body)?,
            datetime!(2025-04-08 11:10 UTC),
            Some(datetime!(2025-04-09 09:00 UTC)),
        ),
    ];
    for (code, topic, title, file_name, kind, bytes, at, shared) in docs {
        let who = if code == "99AA" {
            &coordinator
        } else {
            &manager
        };
        let id = store::add_document(
            db,
            who,
            &NewDocument {
                institution: code,
                topic,
                title,
                file_name,
                kind,
                year: i64::from(at.year()),
                bytes: &bytes,
            },
            at,
        )
        .await?;
        if let Some(when) = shared {
            store::set_shared(db, who, code, id, true, when).await?;
        }
    }
    Ok(())
}

/// Seeds two-year goals of ROC Voorbeeld Noord (99AA) once: a cycle from
/// 2020 through 2022 (met, reflected) and 2024 (not met, reflected) to a
/// goal for 2026 (the wave in fieldwork); a team goal for 2024 on the
/// smallest team (not measurable: below the minimum group); a share goal
/// for 2024 (met, awaiting its reflection). Targets are set from the
/// figures the analysis publishes, so the outcomes hold whatever the
/// synthetic data give. Nothing when the institution has goals.
pub async fn seed_goals(db: &Db) -> anyhow::Result<()> {
    use super::goals::{Goal, Measure, Metric, shown};
    use super::goals_service::Measurements;
    use super::goals_store;

    const CODE: &str = "99AA";
    if !goals_store::goals(db, CODE).await?.is_empty() {
        return Ok(());
    }
    let instruments = crate::monitor::Instruments::default();
    let waves = crate::analysis::store::WaveCache::default();
    let env = crate::analysis::service::Env {
        db,
        instruments: &instruments,
        waves: &waves,
        tr: crate::i18n::Tr::new(crate::i18n::Lang::Nl),
        min_group: crate::analysis::disclosure::MinGroup::default(),
    };
    let mut m = Measurements::load(&env, CODE).await?;
    let all = crate::monitor::store::waves(db).await?;
    let id_of = |name: &str| all.iter().find(|w| w.name == name).map(|w| w.id);
    let (Some(w20), Some(w22), Some(w24)) = (id_of("2020"), id_of("2022"), id_of("2024")) else {
        return Ok(());
    };
    let code: crate::institutions::InstitutionCode = CODE
        .parse()
        .map_err(|_| anyhow::anyhow!("bad demo code {CODE}"))?;
    let units = crate::monitor::store::units(db, &code).await?;
    let didactiek = Metric::Domain("didactiek".into());
    let veiligheid = Metric::Domain("veiligheid".into());
    let share = Metric::Indicator("veilig-gedrag".into());
    let mut value =
        |wave: i64, metric: &Metric, unit: Option<i64>| match m.measure(wave, metric, unit) {
            Measure::Value(v) => Some(shown(v)),
            Measure::None(_) => None,
        };
    let (Some(d22), Some(d24), Some(s24)) = (
        value(w22, &didactiek, None),
        value(w24, &didactiek, None),
        value(w24, &share, None),
    ) else {
        return Ok(());
    };
    let coordinator = Actor {
        user_id: None,
        label: "coordinator".into(),
    };
    let goal = |description: &str, metric: &Metric, unit, target: f64, year| Goal {
        description: description.into(),
        metric: metric.clone(),
        unit,
        target_value: target.clamp(0.0, 100.0),
        target_year: year,
    };
    let first = goals_store::create(
        db,
        &coordinator,
        CODE,
        &goal(
            "Iedere opleiding zet ict gericht in bij de didactiek",
            &didactiek,
            None,
            (d22 - 2.0).floor(),
            2022,
        ),
        w20,
        None,
        datetime!(2021-01-20 10:00 UTC),
    )
    .await?;
    goals_store::reflect(
        db,
        &coordinator,
        CODE,
        first,
        "Gehaald. De teamscholing over activerende didactiek met ict werkte; \
         de teams die meededen aan de onderzoekswerkplaats scoorden het hoogst. \
         We leggen de lat hoger voor 2024.",
        datetime!(2023-02-20 15:00 UTC),
    )
    .await?;
    let second = goals_store::create(
        db,
        &coordinator,
        CODE,
        &goal(
            "Didactisch gebruik van ict verder omhoog, ook in de bpv-begeleiding",
            &didactiek,
            None,
            (d24 + 3.0).ceil(),
            2024,
        ),
        w22,
        Some(first),
        datetime!(2023-02-21 09:00 UTC),
    )
    .await?;
    goals_store::reflect(
        db,
        &coordinator,
        CODE,
        second,
        "Niet gehaald. De scholing bereikte vooral de teams die al ver waren; \
         door personeelswisselingen zakte het niveau in twee teams. \
         Vervolg: coaching op de werkvloer in plaats van studiedagen.",
        datetime!(2025-02-18 15:00 UTC),
    )
    .await?;
    goals_store::create(
        db,
        &coordinator,
        CODE,
        &goal(
            "Coaching op de werkvloer: didactisch gebruik van ict in alle teams omhoog",
            &didactiek,
            None,
            (d24 + 2.0).ceil(),
            2026,
        ),
        w24,
        Some(second),
        datetime!(2025-02-19 09:00 UTC),
    )
    .await?;
    // The smallest team: too few respondents to measure, by design.
    if let Some(small) = units.last()
        && value(w24, &veiligheid, Some(small.id)).is_none()
    {
        goals_store::create(
            db,
            &coordinator,
            CODE,
            &goal(
                &format!("{}: digitale veiligheid op orde", small.name),
                &veiligheid,
                Some(small.id),
                70.0,
                2024,
            ),
            w22,
            None,
            datetime!(2023-03-06 09:00 UTC),
        )
        .await?;
    }
    goals_store::create(
        db,
        &coordinator,
        CODE,
        &goal(
            "Meer docenten handelen digitaal veilig",
            &share,
            None,
            (s24 - 1.0).floor(),
            2024,
        ),
        w22,
        None,
        datetime!(2023-03-06 09:30 UTC),
    )
    .await?;
    Ok(())
}

//! The quarterly steering report (plan: "De voortgang van de activiteiten
//! ... wordt elk kwartaal besproken met de stuurgroep"): progress per
//! objective, KPIs, milestones, the risk register and the year's finance,
//! with the programme manager's commentary. "Freeze" stores the document as
//! it is that day; a frozen report never changes (the database refuses it
//! too) and is what the steering group reads, as a page or PDF
//! (`steering_routes`).

use time::Date;

use super::budget::Entry;
use super::kpi;
use super::loaded::{LoadError, Loaded, light_label, load};
use super::sources::SourceCtx;
use super::store::{self, SteeringReport};
use crate::i18n::{Msg, Tr};
use crate::reports::document::{Block, Cell, Column, ColumnKind, Document, Layout, Table};

/// A quarter as people write it: `2026-K4` (also `2026-Q4`, `2026 k4`),
/// normalised to `2026-K4`, with its last day.
pub fn parse_quarter(s: &str) -> Option<(String, Date)> {
    let t = s.trim().to_uppercase().replace(' ', "-");
    let (year, q) = t.split_once('-')?;
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
    let n: u8 = q.strip_prefix(['K', 'Q'])?.parse().ok()?;
    let month = match n {
        1 => time::Month::March,
        2 => time::Month::June,
        3 => time::Month::September,
        4 => time::Month::December,
        _ => return None,
    };
    let last = time::util::days_in_month(month, year);
    Some((
        format!("{year}-K{n}"),
        Date::from_calendar_date(year, month, last).ok()?,
    ))
}

fn text_table(id: &str, title: String, headers: Vec<String>, rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        id: id.into(),
        title,
        columns: headers
            .into_iter()
            .map(|header| Column {
                header,
                kind: ColumnKind::Text,
            })
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::Text).collect())
            .collect(),
        note: None,
    })
}

/// The report of `quarter` from the programme as it stands.
pub fn document(
    tr: &Tr,
    s: &Loaded,
    entries: &[Entry],
    quarter: &str,
    commentary: &str,
) -> Document {
    let lang = tr.lang;
    let p = &s.programme;
    let mut blocks = Vec::new();

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("steering-objectives"),
    });
    let status = super::objective_status(p, &s.assessments, &s.shown);
    blocks.push(text_table(
        "doelstellingen",
        tr.t("steering-objectives"),
        vec![
            tr.t("kpi-objective"),
            tr.t("kpi-status"),
            tr.t("steering-why"),
        ],
        status
            .iter()
            .map(|o| {
                let text = p
                    .objectives
                    .iter()
                    .find(|x| x.number == o.number)
                    .map_or("", |x| x.text.get(lang));
                let mut why: Vec<String> = o
                    .off_track
                    .iter()
                    .map(|&k| {
                        format!(
                            "{}: {}",
                            p.kpis[k].name.get(lang),
                            tr.msg(&s.assessments[k].reason)
                        )
                    })
                    .collect();
                why.extend(o.late.iter().map(|&m| {
                    tr.msg(
                        &Msg::new("steering-late")
                            .arg("name", p.milestones[m].name.get(lang))
                            .arg("date", p.milestones[m].due),
                    )
                }));
                if why.is_empty() {
                    why.push(tr.t(&format!("steering-why-{}", o.light.key())));
                }
                vec![
                    format!("{}. {text}", o.number),
                    light_label(tr, o.light),
                    why.join(" · "),
                ]
            })
            .collect(),
    ));

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("kpis-title"),
    });
    blocks.push(text_table(
        "kpis",
        tr.t("kpis-title"),
        vec![
            tr.t("steering-kpi"),
            tr.t("kpi-target"),
            tr.t("kpi-status"),
            tr.t("kpi-trend"),
        ],
        p.kpis
            .iter()
            .enumerate()
            .map(|(k, kpi)| {
                let a = &s.assessments[k];
                vec![
                    kpi.name.get(lang).to_string(),
                    kpi::format_value(tr, kpi.unit, kpi.target),
                    format!("{}: {}", light_label(tr, a.light), tr.msg(&a.reason)),
                    tr.t(&format!("kpi-trend-{}", a.trend.key())),
                ]
            })
            .collect(),
    ));

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("milestones-title"),
    });
    let mut order: Vec<usize> = (0..p.milestones.len()).collect();
    order.sort_by_key(|&m| (p.milestones[m].due, m));
    blocks.push(text_table(
        "mijlpalen",
        tr.t("milestones-table"),
        vec![
            tr.t("milestone-name"),
            tr.t("kpi-action-line"),
            tr.t("milestone-due-col"),
            tr.t("kpi-status"),
        ],
        order
            .into_iter()
            .map(|m| {
                let ms = &p.milestones[m];
                let line = p.activities[ms.activity].action_line;
                vec![
                    ms.name.get(lang).to_string(),
                    p.action_lines[line].letter.to_string(),
                    ms.due.to_string(),
                    tr.t(&format!("milestone-status-{}", s.shown[m].key())),
                ]
            })
            .collect(),
    ));

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("steering-risks"),
    });
    if p.risks.is_empty() {
        blocks.push(Block::Paragraph(tr.t("steering-risks-none")));
    } else {
        blocks.push(text_table(
            "risicos",
            tr.t("steering-risks"),
            vec![
                tr.t("steering-risk"),
                tr.t("steering-likelihood"),
                tr.t("steering-impact"),
                tr.t("steering-mitigation"),
            ],
            p.risks
                .iter()
                .map(|r| {
                    vec![
                        r.text.get(lang).to_string(),
                        tr.t(&format!("steering-level-{}", r.likelihood.key())),
                        tr.t(&format!("steering-level-{}", r.impact.key())),
                        r.mitigation.get(lang).to_string(),
                    ]
                })
                .collect(),
        ));
    }

    let year = parse_quarter(quarter).map_or(s.today.year(), |(_, d)| d.year());
    blocks.push(Block::Heading {
        level: 1,
        text: tr.t1("budget-report-title", "year", year),
    });
    // The per-line detail stays in the financial report itself.
    let finance = super::budget::financial_report(tr, p, entries, year, s.today, false);
    blocks.extend(finance.blocks);

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("steering-commentary"),
    });
    let paragraphs: Vec<Block> = commentary
        .split("\n\n")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| Block::Paragraph(t.to_string()))
        .collect();
    if paragraphs.is_empty() {
        blocks.push(Block::Paragraph(tr.t("steering-commentary-none")));
    } else {
        blocks.extend(paragraphs);
    }

    Document {
        title: tr.t1("steering-report-title", "quarter", quarter),
        subtitle: Some(format!(
            "{} · {}",
            p.name.get(lang),
            tr.t1("programme-version-link", "version", s.version.version)
        )),
        lang: lang.code().to_string(),
        layout: Layout::Report,
        blocks,
        footer: tr.t1("steering-report-footer", "date", s.today),
    }
}

/// The steering group reads frozen reports only; drafts are the
/// programme manager's.
pub fn visible(r: &SteeringReport, can_manage: bool) -> bool {
    can_manage || r.frozen_on.is_some()
}

/// The report's document: the frozen snapshot, or built now for a draft.
pub async fn document_of(
    src: &SourceCtx<'_>,
    tr: &Tr,
    r: &SteeringReport,
) -> Result<Document, LoadError> {
    if let Some(snapshot) = &r.snapshot {
        return serde_json::from_str(snapshot).map_err(|e| LoadError::Other(e.into()));
    }
    let s = load(src, tr).await?;
    let entries: Vec<Entry> = store::budget_entries(src.db)
        .await?
        .into_iter()
        .map(|e| e.entry)
        .collect();
    Ok(document(tr, &s, &entries, &r.quarter, &r.commentary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn quarters_as_people_write_them() {
        assert_eq!(
            parse_quarter("2026-K4"),
            Some(("2026-K4".into(), date!(2026 - 12 - 31)))
        );
        assert_eq!(
            parse_quarter(" 2024 q1 "),
            Some(("2024-K1".into(), date!(2024 - 03 - 31)))
        );
        assert_eq!(parse_quarter("2024-K5"), None);
        assert_eq!(parse_quarter("K4-2024"), None);
        assert_eq!(parse_quarter("1999-K1"), None);
    }
}

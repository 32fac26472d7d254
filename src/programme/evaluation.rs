//! The evaluation pack for the external evaluator (plan: "Elke twee jaar
//! vindt er een externe evaluatie plaats"): a ZIP of CSV files and one XLSX
//! workbook with the KPIs over time, milestones, budget and bookings,
//! steering reports and the monitor's sector means, with a README that
//! describes each file. The library's usage evidence is two tables. What
//! is not in the pack yet (meetings, policy status) are named in the README as not available, never
//! filled with made-up rows. The page and the download are in
//! `evaluation_routes`.

use std::io::Write;

use super::SeenState;
use super::budget::{self, Entry};
use super::loaded::{LoadError, Loaded, light_label, load};
use super::sources::SourceCtx;
use super::store;
use crate::i18n::Tr;
use crate::reports::csv_out::{self, CsvDialect};
use crate::reports::document::{Block, Cell, Column, ColumnKind, Document, Labels, Layout, Table};
use crate::reports::xlsx;

fn col(header: &str, kind: ColumnKind) -> Column {
    Column {
        header: header.to_string(),
        kind,
    }
}

/// What a file of the pack holds, from the catalogue (its title, its
/// line in the README and on the page).
pub fn about(tr: &Tr, id: &str) -> String {
    tr.t(&format!("evaluation-file-{}", id.replace('_', "-")))
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Per closed wave, per domain its name and the sector mean (`None`:
/// hidden by disclosure control).
pub type SectorMeans = Vec<(String, Vec<(String, Option<f64>)>)>;

/// What goes into the pack, as tables (each one CSV file, all together the
/// workbook). Column headers are stable snake_case names for analysis.
pub struct Pack {
    pub tables: Vec<Table>,
}

pub fn build(
    tr: &Tr,
    s: &Loaded,
    entries: &[store::BudgetEntry],
    reports: &[store::SteeringReport],
    monitor: &SectorMeans,
    usage: &[crate::library::store::Evidence],
) -> Pack {
    let lang = tr.lang;
    let p = &s.programme;
    let mut tables = Vec::new();

    let mut rows = Vec::new();
    for (k, kpi) in p.kpis.iter().enumerate() {
        for o in &s.observations[k] {
            let (origin, by, on) = match &o.origin {
                super::kpi::Origin::Computed { detail } => {
                    ("computed".to_string(), String::new(), tr.msg(detail))
                }
                super::kpi::Origin::Manual { by, on, note } => {
                    (format!("manual ({note})"), by.clone(), on.to_string())
                }
            };
            rows.push(vec![
                text(&kpi.id),
                text(kpi.name.get(lang)),
                Cell::Number(kpi.target),
                text(&o.period),
                text(o.period_ends.to_string()),
                Cell::Number(o.value),
                text(origin),
                text(by),
                text(on),
            ]);
        }
    }
    tables.push(Table {
        id: "kpi_observations".into(),
        title: about(tr, "kpi_observations"),
        columns: vec![
            col("kpi", ColumnKind::Text),
            col("name", ColumnKind::Text),
            col("target", ColumnKind::Decimal(2)),
            col("period", ColumnKind::Text),
            col("period_ends", ColumnKind::Text),
            col("value", ColumnKind::Decimal(2)),
            col("origin", ColumnKind::Text),
            col("recorded_by", ColumnKind::Text),
            col("recorded_on_or_detail", ColumnKind::Text),
        ],
        rows,
        note: None,
    });

    tables.push(Table {
        id: "kpi_status".into(),
        title: about(tr, "kpi_status"),
        columns: vec![
            col("kpi", ColumnKind::Text),
            col("action_line", ColumnKind::Text),
            col("objective", ColumnKind::Text),
            col("rule", ColumnKind::Text),
            col("status", ColumnKind::Text),
            col("trend", ColumnKind::Text),
            col("reason", ColumnKind::Text),
        ],
        rows: p
            .kpis
            .iter()
            .enumerate()
            .map(|(k, kpi)| {
                let a = &s.assessments[k];
                vec![
                    text(&kpi.id),
                    text(
                        kpi.action_line
                            .map(|l| p.action_lines[l].letter.to_string())
                            .unwrap_or_default(),
                    ),
                    text(kpi.objective.map(|o| o.to_string()).unwrap_or_default()),
                    text(&kpi.rule),
                    text(light_label(tr, a.light)),
                    text(a.trend.key()),
                    text(tr.msg(&a.reason)),
                ]
            })
            .collect(),
        note: None,
    });

    tables.push(Table {
        id: "milestones".into(),
        title: about(tr, "milestones"),
        columns: vec![
            col("milestone", ColumnKind::Text),
            col("action_line", ColumnKind::Text),
            col("activity", ColumnKind::Text),
            col("name", ColumnKind::Text),
            col("due", ColumnKind::Text),
            col("status", ColumnKind::Text),
            col("done_on", ColumnKind::Text),
            col("evidence", ColumnKind::Text),
        ],
        rows: p
            .milestones
            .iter()
            .enumerate()
            .map(|(m, ms)| {
                let a = &p.activities[ms.activity];
                // An observed milestone's day and evidence come from the
                // platform's data; the rest from what was recorded by hand.
                let (done_on, evidence) = match &s.seen[m] {
                    Some(seen) => (
                        match seen.state {
                            SeenState::Done(d) => Some(d),
                            _ => None,
                        },
                        seen.href.clone().unwrap_or_default(),
                    ),
                    None => {
                        let rec = s.progress.iter().find(|r| r.milestone == ms.id);
                        (
                            rec.and_then(|r| r.done_on),
                            rec.map(|r| r.evidence.clone()).unwrap_or_default(),
                        )
                    }
                };
                vec![
                    text(&ms.id),
                    text(p.action_lines[a.action_line].letter.to_string()),
                    text(&a.id),
                    text(ms.name.get(lang)),
                    text(ms.due.to_string()),
                    text(s.shown[m].key()),
                    text(done_on.map(|d| d.to_string()).unwrap_or_default()),
                    text(evidence),
                ]
            })
            .collect(),
        note: None,
    });

    let plain: Vec<Entry> = entries.iter().map(|e| e.entry.clone()).collect();
    let euros = |c: i64| Cell::Number(c as f64 / 100.0);
    tables.push(Table {
        id: "budget".into(),
        title: about(tr, "budget"),
        columns: vec![
            col("line", ColumnKind::Text),
            col("action_line", ColumnKind::Text),
            col("year", ColumnKind::Integer),
            col("planned_eur", ColumnKind::Decimal(2)),
            col("committed_eur", ColumnKind::Decimal(2)),
            col("spent_eur", ColumnKind::Decimal(2)),
            col("balance_eur", ColumnKind::Decimal(2)),
            col("to_check", ColumnKind::Text),
        ],
        rows: budget::by_line_and_year(p, &plain)
            .iter()
            .map(|r| {
                let l = &p.budget_lines[r.line];
                vec![
                    text(&l.id),
                    text(p.action_lines[l.action_line].letter.to_string()),
                    Cell::Number(f64::from(r.year)),
                    euros(r.planned),
                    euros(r.committed),
                    euros(r.spent),
                    euros(r.variance()),
                    text(if l.to_check { "yes" } else { "no" }),
                ]
            })
            .collect(),
        note: None,
    });

    tables.push(Table {
        id: "budget_entries".into(),
        title: about(tr, "budget_entries"),
        columns: vec![
            col("date", ColumnKind::Text),
            col("line", ColumnKind::Text),
            col("kind", ColumnKind::Text),
            col("amount_eur", ColumnKind::Decimal(2)),
            col("description", ColumnKind::Text),
            col("reference", ColumnKind::Text),
            col("entered_by", ColumnKind::Text),
            col("entered_on", ColumnKind::Text),
        ],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    text(e.entry.booked_on.to_string()),
                    text(&e.entry.line),
                    text(e.entry.kind.key()),
                    euros(e.entry.amount),
                    text(&e.entry.description),
                    text(&e.entry.reference),
                    text(&e.entered_by),
                    text(e.entered_on.to_string()),
                ]
            })
            .collect(),
        note: None,
    });

    tables.push(Table {
        id: "steering_reports".into(),
        title: about(tr, "steering_reports"),
        columns: vec![
            col("quarter", ColumnKind::Text),
            col("frozen_on", ColumnKind::Text),
            col("frozen_by", ColumnKind::Text),
        ],
        rows: reports
            .iter()
            .filter(|r| r.frozen_on.is_some())
            .map(|r| {
                vec![
                    text(&r.quarter),
                    text(r.frozen_on.map(|d| d.to_string()).unwrap_or_default()),
                    text(r.frozen_by.clone().unwrap_or_default()),
                ]
            })
            .collect(),
        note: None,
    });

    tables.push(Table {
        id: "monitor_sector_means".into(),
        title: about(tr, "monitor_sector_means"),
        columns: vec![
            col("wave", ColumnKind::Text),
            col("domain", ColumnKind::Text),
            col("sector_mean", ColumnKind::Decimal(2)),
        ],
        rows: monitor
            .iter()
            .flat_map(|(wave, domains)| {
                domains.iter().map(move |(d, mean)| {
                    vec![
                        text(wave),
                        text(d),
                        mean.map_or(Cell::Suppressed, Cell::Number),
                    ]
                })
            })
            .collect(),
        note: None,
    });

    // "in hoeverre verricht onderzoek en opgeleverde producten daadwerkelijk
    // worden ingezet in het onderwijs": approved "Ik heb dit ingezet"
    // reports and counted downloads, per item and per school year sent.
    tables.push(Table {
        id: "library_usage_by_item".into(),
        title: about(tr, "library_usage_by_item"),
        columns: vec![
            col("item", ColumnKind::Integer),
            col("title", ColumnKind::Text),
            col("kind", ColumnKind::Text),
            col("published", ColumnKind::Text),
            col("approved_usage_reports", ColumnKind::Integer),
            col("downloads", ColumnKind::Integer),
        ],
        rows: usage
            .iter()
            .map(|u| {
                vec![
                    Cell::Number(u.item as f64),
                    text(&u.title),
                    text(u.kind.as_str()),
                    text(if u.published { "yes" } else { "no" }),
                    Cell::Number(u.approved as f64),
                    Cell::Number(u.downloads as f64),
                ]
            })
            .collect(),
        note: None,
    });
    tables.push(Table {
        id: "library_usage_by_school_year".into(),
        title: about(tr, "library_usage_by_school_year"),
        columns: vec![
            col("item", ColumnKind::Integer),
            col("title", ColumnKind::Text),
            col("school_year", ColumnKind::Text),
            col("approved_usage_reports", ColumnKind::Integer),
        ],
        rows: usage
            .iter()
            .flat_map(|u| {
                u.by_year.iter().map(move |(y, n)| {
                    vec![
                        Cell::Number(u.item as f64),
                        text(&u.title),
                        text(y.label()),
                        Cell::Number(*n as f64),
                    ]
                })
            })
            .collect(),
        note: None,
    });
    Pack { tables }
}

/// The README of the pack (Dutch and English in one file).
pub fn readme(tr: &Tr, pack: &Pack, generated: time::Date) -> String {
    let mut out = tr.t1("evaluation-readme-head", "date", generated);
    out.push_str("\n\n");
    for t in &pack.tables {
        out.push_str(&format!(
            "- {}.csv ({} {}): {}\n",
            t.id,
            t.rows.len(),
            tr.t("evaluation-rows"),
            about(tr, &t.id)
        ));
    }
    out.push_str(&format!(
        "- evaluatie.xlsx: {}\n\n",
        tr.t("evaluation-file-xlsx")
    ));
    out.push_str(&tr.t("evaluation-readme-missing"));
    out.push('\n');
    out
}

/// The pack as ZIP bytes.
pub fn zip(tr: &Tr, pack: &Pack, generated: time::Date, min_group: u64) -> anyhow::Result<Vec<u8>> {
    // Point decimals for analysis tools; the suppression marker ("<10") as
    // on every page.
    let labels = Labels::for_lang("en", tr.t1("report-suppressed-marker", "min", min_group));
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = ::zip::ZipWriter::new(&mut buf);
        let opts = ::zip::write::SimpleFileOptions::default()
            .compression_method(::zip::CompressionMethod::Deflated);
        z.start_file("README.txt", opts)?;
        z.write_all(readme(tr, pack, generated).as_bytes())?;
        for t in &pack.tables {
            z.start_file(format!("{}.csv", t.id), opts)?;
            let mut out = Vec::new();
            csv_out::table_csv(t, &labels, CsvDialect::Standard, &mut out)?;
            z.write_all(&out)?;
        }
        let doc = Document {
            title: tr.t("evaluation-title"),
            subtitle: None,
            lang: "en".into(),
            layout: Layout::Report,
            blocks: pack.tables.iter().cloned().map(Block::Table).collect(),
            footer: generated.to_string(),
        };
        z.start_file("evaluatie.xlsx", opts)?;
        z.write_all(&xlsx::workbook(&doc, &labels).map_err(|e| anyhow::anyhow!("{e}"))?)?;
        z.finish()?;
    }
    Ok(buf.into_inner())
}

/// The pack from the programme, the budget, the steering reports and the
/// monitor's closed waves as they stand.
pub async fn gather(src: &SourceCtx<'_>, tr: &Tr) -> Result<Pack, LoadError> {
    let s = load(src, tr).await?;
    let entries = store::budget_entries(src.db).await?;
    let reports = store::steering_reports(src.db).await?;
    let min_group = src.min_group;
    let all = crate::analysis::store::load_waves(src.db, src.instruments, src.waves)
        .await
        .map_err(|e| LoadError::Other(e.into()))?;
    let (meta, data): (Vec<_>, Vec<_>) = all.into_iter().unzip();
    let lang = tr.lang;
    let monitor = meta
        .iter()
        .enumerate()
        .filter(|(_, w)| w.state.releases_results())
        .map(|(i, w)| {
            let r = crate::analysis::report::sector(&data, i, min_group);
            let ins = &data[i].instrument;
            let domains = r
                .domains
                .iter()
                .map(|d| {
                    (
                        ins.domains[d.domain].name.get(lang).to_string(),
                        d.stats.as_ref().and_then(|s| s.summary).map(|s| s.mean),
                    )
                })
                .collect();
            (w.name.clone(), domains)
        })
        .collect::<SectorMeans>();
    let usage = crate::library::store::usage_evidence(src.db).await?;
    Ok(build(tr, &s, &entries, &reports, &monitor, &usage))
}

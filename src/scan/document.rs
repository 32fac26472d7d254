//! The sector scan report as a report-engine [`Document`]: the page, the
//! PDF and the XLSX are all rendered from it, so the rule "a theme of fewer
//! than three institutions names none" is applied once, in
//! [`super::compile`], and holds for every output. Pure.

use super::ScanReport;
use crate::i18n::{Msg, Tr};
use crate::reports::document::{
    Block, Cell, Column, ColumnKind, Document, KeyFigure, Labels, Layout, Table, format_number,
};

/// The text of a theme's institutions column.
pub fn named_text(tr: &Tr, names: Option<&[String]>) -> String {
    match names {
        Some(n) => n.join(", "),
        None => tr.t1("scan-report-not-named", "min", super::MIN_NAMED),
    }
}

/// The report's document. `base_url` is prefixed to the links to the
/// monitor's results (empty on the page, which links them itself).
pub fn document(tr: &Tr, labels: &Labels, r: &ScanReport, base_url: &str) -> Document {
    let mut blocks = Vec::new();
    let round = &r.round;
    let status = match round.published_on {
        Some(on) => tr.t1("scan-report-published-on", "on", on),
        None => tr.t("scan-report-concept"),
    };
    let discussed = match round.discussed_on {
        Some(on) => tr.t1("scan-report-discussed-on", "on", on),
        None => tr.t("scan-report-not-discussed"),
    };
    blocks.push(Block::Paragraph(format!("{status} {discussed}")));
    blocks.push(Block::KeyFigures(vec![
        KeyFigure {
            label: tr.t("scan-key-institutions"),
            value: r.institutions.to_string(),
        },
        KeyFigure {
            label: tr.t("scan-key-interviews"),
            value: r.interviews.to_string(),
        },
        KeyFigure {
            label: tr.t("scan-key-actions"),
            value: r.actions.to_string(),
        },
        KeyFigure {
            label: tr.t("scan-key-codebook"),
            value: r.codebook_version.to_string(),
        },
    ]));
    blocks.push(Block::Heading {
        level: 2,
        text: tr.t("scan-report-themes"),
    });
    blocks.push(Block::Paragraph(tr.t1(
        "scan-report-themes-intro",
        "min",
        super::MIN_NAMED,
    )));
    let col = |key: &str, kind| Column {
        header: tr.t(key),
        kind,
    };
    blocks.push(Block::Table(Table {
        id: "themas".into(),
        title: tr.t("scan-report-themes"),
        columns: vec![
            col("scan-col-theme", ColumnKind::Text),
            col("scan-col-institutions", ColumnKind::Integer),
            col("scan-col-actions", ColumnKind::Integer),
            col("scan-col-named", ColumnKind::Text),
        ],
        rows: r
            .themes
            .iter()
            .map(|t| {
                let name = if t.retired {
                    tr.t1("scan-theme-retired-name", "theme", &t.name)
                } else {
                    t.name.clone()
                };
                vec![
                    Cell::Text(name),
                    Cell::Number(t.institutions as f64),
                    Cell::Number(t.actions as f64),
                    Cell::Text(named_text(tr, t.named.as_deref())),
                ]
            })
            .collect(),
        note: Some(tr.t1("scan-report-themes-note", "min", super::MIN_NAMED)),
    }));
    let with_examples: Vec<_> = r.themes.iter().filter(|t| !t.examples.is_empty()).collect();
    if !with_examples.is_empty() {
        blocks.push(Block::Heading {
            level: 2,
            text: tr.t("scan-report-examples"),
        });
        for t in with_examples {
            blocks.push(Block::Heading {
                level: 3,
                text: t.name.clone(),
            });
            blocks.push(Block::Bullets(t.examples.clone()));
        }
    }
    for (key, items) in [
        ("scan-report-worked", &r.worked),
        ("scan-report-not-worked", &r.not_worked),
        ("scan-report-quotes", &r.quotes),
    ] {
        if items.is_empty() {
            continue;
        }
        blocks.push(Block::Heading {
            level: 2,
            text: tr.t(key),
        });
        blocks.push(Block::Bullets(items.clone()));
    }
    blocks.push(Block::Heading {
        level: 2,
        text: tr.t("scan-report-policy"),
    });
    blocks.push(Block::Paragraph(match &r.policy {
        Some(p) => tr.msg(
            &Msg::new("scan-report-policy-figure")
                .arg("showing", p.showing)
                .arg("institutions", p.institutions)
                .arg(
                    "percent",
                    p.percent
                        .map_or_else(|| "–".into(), |v| format_number(v, 0, labels)),
                )
                .arg("on", p.on),
        ),
        None => tr.t1("scan-report-policy-none", "year", round.year),
    }));
    blocks.push(Block::Heading {
        level: 2,
        text: tr.t("scan-report-monitor"),
    });
    if r.waves.is_empty() {
        blocks.push(Block::Paragraph(tr.t1(
            "scan-report-monitor-none",
            "year",
            round.year,
        )));
    } else {
        blocks.push(Block::Bullets(
            r.waves
                .iter()
                .map(|w| {
                    tr.msg(
                        &Msg::new("scan-report-monitor-wave")
                            .arg("wave", &w.name)
                            .arg("url", format!("{base_url}/reports/{}/sector", w.id)),
                    )
                })
                .collect(),
        ));
    }
    Document {
        title: tr.t1("scan-report-title", "round", &round.name),
        subtitle: Some(tr.t("scan-report-subtitle")),
        lang: tr.lang.code().into(),
        layout: Layout::Report,
        blocks,
        footer: tr.msg(
            &Msg::new("scan-report-footer")
                .arg("round", &round.name)
                .arg("version", r.codebook_version),
        ),
    }
}

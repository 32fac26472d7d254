//! The sector view of the policy part (pure): the share of institutions
//! that can show development policy covering both themes, per year, against
//! the plan's 80% in 2027, and the status table of every institution, as a
//! [`Document`] the report engine renders as page, XLSX or CSV.

use std::collections::HashMap;

use time::{Date, Month, OffsetDateTime};

use super::store::{HistoryRow, Stored};
use super::{FieldChange, Stage, Status};
use crate::i18n::Tr;
use crate::reports::charts::{self, TrendChart, TrendSeries};
use crate::reports::document::{
    Block, Cell, Chart, Column, ColumnKind, Document, KeyFigure, Labels, Layout, Table,
};

/// The plan's target: "in 2027 tenminste 80%".
pub const TARGET_SHARE: f64 = 80.0;
pub const TARGET_YEAR: i32 = 2027;
/// The first year shown: the programme's first policy year.
pub const FIRST_YEAR: i32 = 2022;

/// One year's share.
#[derive(Clone, Debug, PartialEq)]
pub struct YearShare {
    pub year: i32,
    /// The day it is measured on: 31 December, or today for this year.
    pub on: Date,
    pub institutions: u64,
    pub showing: u64,
}

impl YearShare {
    pub fn percent(&self) -> Option<f64> {
        (self.institutions > 0).then(|| 100.0 * self.showing as f64 / self.institutions as f64)
    }
}

/// The status of every institution in `codes` at the end of `on` (the
/// current status with every later change undone; never recorded: none).
pub fn statuses_on(
    codes: &[String],
    current: &[Stored],
    history: &[HistoryRow],
    on: Date,
) -> HashMap<String, Status> {
    let end = on
        .next_day()
        .map_or(OffsetDateTime::now_utc(), |d| d.midnight().assume_utc());
    let mut later: HashMap<&str, Vec<FieldChange>> = HashMap::new();
    // `history` is newest first, so each list is too.
    for h in history.iter().filter(|h| h.changed_at >= end) {
        if let Some(c) = h.change() {
            later
                .entry(h.institution_code.as_str())
                .or_default()
                .push(c);
        }
    }
    codes
        .iter()
        .map(|code| {
            let now = current
                .iter()
                .find(|s| &s.institution == code)
                .map(|s| s.status)
                .unwrap_or_default();
            let then = now.before(later.get(code.as_str()).into_iter().flatten());
            (code.clone(), then)
        })
        .collect()
}

/// The share per year from [`FIRST_YEAR`] to this year, of the active
/// institutions `codes`.
pub fn shares(
    codes: &[String],
    current: &[Stored],
    history: &[HistoryRow],
    today: Date,
) -> Vec<YearShare> {
    (FIRST_YEAR..=today.year())
        .map(|year| {
            let end = Date::from_calendar_date(year, Month::December, 31).unwrap_or(today);
            let on = end.min(today);
            let at = statuses_on(codes, current, history, on);
            YearShare {
                year,
                on,
                institutions: codes.len() as u64,
                showing: at.values().filter(|s| s.shows_development_policy()).count() as u64,
            }
        })
        .collect()
}

/// One institution in the status table.
#[derive(Clone, Debug)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub status: Status,
    pub recorded: bool,
}

fn stage_cell(tr: &Tr, a: &super::Adoption) -> Cell {
    match (a.stage, a.adopted_on) {
        (Stage::Adopted, Some(d)) => Cell::Text(format!("{} ({d})", tr.t(a.stage.key()))),
        (s, _) => Cell::Text(tr.t(s.key())),
    }
}

fn yes_no(tr: &Tr, b: bool) -> Cell {
    Cell::Text(tr.t(if b { "policy-yes" } else { "policy-no" }))
}

/// The sector view as a document: key figures, the chart, the shares per
/// year and the status table.
pub fn document(tr: &Tr, labels: &Labels, shares: &[YearShare], rows: &[Row]) -> Document {
    let mut blocks = Vec::new();
    let last = shares.last();
    blocks.push(Block::KeyFigures(vec![
        KeyFigure {
            label: tr.t("policy-key-share"),
            value: last
                .and_then(YearShare::percent)
                .map_or_else(|| "–".into(), |p| format!("{} %", p.round())),
        },
        KeyFigure {
            label: tr.t("policy-key-showing"),
            value: last.map_or_else(
                || "–".into(),
                |s| format!("{} / {}", s.showing, s.institutions),
            ),
        },
        KeyFigure {
            label: tr.t("policy-key-target"),
            value: format!("{} % ({TARGET_YEAR})", TARGET_SHARE),
        },
    ]));
    let years: Vec<i32> =
        (FIRST_YEAR..=TARGET_YEAR.max(last.map_or(TARGET_YEAR, |s| s.year))).collect();
    let values: Vec<Option<f64>> = years
        .iter()
        .map(|y| {
            shares
                .iter()
                .find(|s| s.year == *y)
                .and_then(YearShare::percent)
        })
        .collect();
    let title = tr.t("policy-chart-title");
    let desc = tr.t("policy-chart-desc");
    let svg = charts::trend(&TrendChart {
        title: title.clone(),
        desc: desc.clone(),
        waves: years.iter().map(|y| y.to_string()).collect(),
        series: vec![
            TrendSeries {
                label: tr.t("policy-chart-share"),
                values,
            },
            TrendSeries {
                label: tr.t("policy-chart-target"),
                values: years.iter().map(|_| Some(TARGET_SHARE)).collect(),
            },
        ],
        min: 0.0,
        max: 100.0,
        decimals: 0,
        labels: labels.clone(),
    });
    blocks.push(Block::Chart(Chart {
        svg,
        alt: desc,
        caption: Some(title),
    }));
    blocks.push(Block::Table(Table {
        id: "aandeel".into(),
        title: tr.t("policy-shares-title"),
        columns: vec![
            Column {
                header: tr.t("policy-col-year"),
                kind: ColumnKind::Text,
            },
            Column {
                header: tr.t("policy-col-on"),
                kind: ColumnKind::Text,
            },
            Column {
                header: tr.t("policy-col-showing"),
                kind: ColumnKind::Integer,
            },
            Column {
                header: tr.t("policy-col-institutions"),
                kind: ColumnKind::Integer,
            },
            Column {
                header: tr.t("policy-col-share"),
                kind: ColumnKind::Decimal(0),
            },
        ],
        rows: shares
            .iter()
            .map(|s| {
                vec![
                    Cell::Text(s.year.to_string()),
                    Cell::Text(s.on.to_string()),
                    Cell::Number(s.showing as f64),
                    Cell::Number(s.institutions as f64),
                    s.percent().map_or(Cell::Empty, Cell::Number),
                ]
            })
            .collect(),
        note: Some(tr.t("policy-shares-note")),
    }));
    let col = |key: &str, kind| Column {
        header: tr.t(key),
        kind,
    };
    blocks.push(Block::Table(Table {
        id: "status".into(),
        title: tr.t("policy-status-table"),
        columns: vec![
            col("policy-col-institution", ColumnKind::Text),
            col("policy-col-code", ColumnKind::Text),
            col("policy-vision", ColumnKind::Text),
            col("policy-plan", ColumnKind::Text),
            col("policy-development", ColumnKind::Text),
            col("policy-covers-ict", ColumnKind::Text),
            col("policy-covers-cyber", ColumnKind::Text),
            col("policy-col-shows", ColumnKind::Text),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.name.clone()),
                    Cell::Text(r.code.clone()),
                    stage_cell(tr, &r.status.vision),
                    stage_cell(tr, &r.status.plan),
                    stage_cell(tr, &r.status.development),
                    yes_no(tr, r.status.covers_ict),
                    yes_no(tr, r.status.covers_cyber),
                    yes_no(tr, r.status.shows_development_policy()),
                ]
            })
            .collect(),
        note: None,
    }));
    Document {
        title: tr.t("policy-sector-title"),
        subtitle: None,
        lang: tr.lang.code().into(),
        layout: Layout::Report,
        blocks,
        footer: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn showing() -> Status {
        Status {
            development: super::super::Adoption {
                stage: Stage::Adopted,
                adopted_on: Some(date!(2023 - 05 - 01)),
            },
            covers_ict: true,
            covers_cyber: true,
            ..Default::default()
        }
    }

    fn change(code: &str, field: &str, from: &str, to: &str, at: OffsetDateTime) -> HistoryRow {
        HistoryRow {
            institution_code: code.into(),
            field: field.into(),
            from_value: from.into(),
            to_value: to.into(),
            changed_by: "x".into(),
            changed_at: at,
        }
    }

    #[test]
    fn the_share_per_year_replays_the_history() {
        let codes: Vec<String> = ["99AA", "99AB", "99AC", "99AD"].map(String::from).into();
        let stored = |code: &str, status| Stored {
            institution: code.into(),
            status,
            updated_by: "x".into(),
            updated_at: datetime!(2025-01-01 0:00 UTC),
        };
        let current = vec![stored("99AA", showing()), stored("99AB", showing())];
        // 99AA showed it from May 2023; 99AB only ticked cyber safety in
        // 2025 (newest first, as the store returns it).
        let history = vec![
            change(
                "99AB",
                "covers_cyber",
                "false",
                "true",
                datetime!(2025-03-01 10:00 UTC),
            ),
            change(
                "99AB",
                "covers_ict",
                "false",
                "true",
                datetime!(2024-02-01 10:00 UTC),
            ),
            change(
                "99AB",
                "development_adopted_on",
                "",
                "2023-05-01",
                datetime!(2024-02-01 10:00 UTC),
            ),
            change(
                "99AB",
                "development_stage",
                "none",
                "adopted",
                datetime!(2024-02-01 10:00 UTC),
            ),
            change(
                "99AA",
                "covers_cyber",
                "false",
                "true",
                datetime!(2023-05-02 10:00 UTC),
            ),
            change(
                "99AA",
                "covers_ict",
                "false",
                "true",
                datetime!(2023-05-02 10:00 UTC),
            ),
            change(
                "99AA",
                "development_adopted_on",
                "",
                "2023-05-01",
                datetime!(2023-05-02 10:00 UTC),
            ),
            change(
                "99AA",
                "development_stage",
                "none",
                "adopted",
                datetime!(2023-05-02 10:00 UTC),
            ),
        ];
        let s = shares(&codes, &current, &history, date!(2026 - 12 - 02));
        let got: Vec<(i32, u64)> = s.iter().map(|y| (y.year, y.showing)).collect();
        assert_eq!(got, [(2022, 0), (2023, 1), (2024, 1), (2025, 2), (2026, 2)]);
        assert_eq!(s[4].on, date!(2026 - 12 - 02));
        assert_eq!(s[1].percent(), Some(25.0));
        assert!(s.iter().all(|y| y.institutions == 4));
    }
}

//! The institution report, the praatplaat and the sector report as
//! [`Document`]s: the one form that becomes the HTML page, the PDF, the
//! XLSX workbook and the CSV files. Built only from the `report` structs,
//! whose hidden figures are already `None`, so no output can show more
//! than the page does. Every word comes from the catalogue.

use crate::analysis::disclosure::MinGroup;
use crate::analysis::report::{
    Comparison, DomainStats, IndicatorValue, InstitutionReport, SectorReport, TeamRow,
};
use crate::i18n::{Msg, Tr};
use crate::monitor::instrument::Instrument;
use crate::reports::charts::{
    self, Bar, BarChart, DistributionChart, DistributionRow, TrendChart, TrendSeries,
};
use crate::reports::document::{
    Block, Cell, Chart, Column, ColumnKind, Document, KeyFigure, Labels, Layout, Table,
    format_number,
};

/// What the documents need besides the figures.
pub struct Context<'a> {
    pub tr: Tr,
    pub instrument: &'a Instrument,
    pub min_group: MinGroup,
    /// "2026-11-29"
    pub generated_on: String,
}

impl Context<'_> {
    pub fn labels(&self) -> Labels {
        crate::reports::view::labels(&self.tr, self.min_group.get())
    }

    fn domain_name(&self, d: usize) -> String {
        self.instrument.domains[d]
            .name
            .get(self.tr.lang)
            .to_string()
    }

    fn num(&self, v: f64, decimals: u8) -> String {
        format_number(v, decimals, &self.labels())
    }

    fn footer(&self) -> String {
        self.tr.msg(
            &Msg::new("report-footer")
                .arg("date", &self.generated_on)
                .arg("min", self.min_group.get()),
        )
    }

    fn col(&self, key: &str, kind: ColumnKind) -> Column {
        Column {
            header: self.tr.t(key),
            kind,
        }
    }
}

fn opt(v: Option<f64>) -> Cell {
    v.map_or(Cell::Suppressed, Cell::Number)
}

fn ci_text(cx: &Context, s: &DomainStats) -> Cell {
    match s.summary.and_then(|s| s.ci95) {
        Some((lo, hi)) => Cell::Text(format!("{} – {}", cx.num(lo, 1), cx.num(hi, 1))),
        None => Cell::Empty,
    }
}

fn diff_cells(c: Option<&Comparison>) -> [Cell; 3] {
    match c {
        Some(c) => [
            Cell::Number(c.diff),
            c.welch.map_or(Cell::Empty, |w| Cell::Number(w.p)),
            c.hedges_g.map_or(Cell::Empty, Cell::Number),
        ],
        None => [Cell::Suppressed, Cell::Empty, Cell::Empty],
    }
}

fn bars_chart(
    cx: &Context,
    title: String,
    own: Vec<Option<f64>>,
    bench: Vec<Option<f64>>,
    own_label: String,
    bench_label: Option<String>,
) -> Chart {
    let desc = cx.tr.t("report-chart-bars-desc");
    let svg = charts::bars(&BarChart {
        title: title.clone(),
        desc: desc.clone(),
        max: 100.0,
        decimals: 0,
        value_suffix: String::new(),
        series_label: own_label,
        benchmark_label: bench_label,
        bars: own
            .into_iter()
            .zip(bench)
            .enumerate()
            .map(|(d, (value, benchmark))| Bar {
                label: cx.domain_name(d),
                value,
                benchmark,
            })
            .collect(),
        labels: cx.labels(),
    });
    Chart {
        svg,
        alt: format!("{title}. {desc}"),
        caption: Some(title),
    }
}

fn distribution_chart(cx: &Context, rows: &[Option<&DomainStats>]) -> Option<Chart> {
    let bands = cx.instrument.feedback.first()?;
    let title = cx.tr.t("report-levels-title");
    let desc = cx.tr.t("report-chart-levels-desc");
    let svg = charts::distribution(&DistributionChart {
        title: title.clone(),
        desc: desc.clone(),
        categories: bands
            .iter()
            .map(|b| b.label.get(cx.tr.lang).to_string())
            .collect(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(d, s)| DistributionRow {
                label: cx.domain_name(d),
                // A row with a hidden level is left out whole: its bar
                // would otherwise suggest the hidden share is zero.
                shares: s.filter(|s| s.n > 0).and_then(|s| {
                    s.bands
                        .iter()
                        .map(|k| k.map(|k| k as f64 / s.n as f64))
                        .collect()
                }),
            })
            .collect(),
        labels: cx.labels(),
    });
    Some(Chart {
        svg,
        alt: format!("{title}. {desc}"),
        caption: Some(title),
    })
}

fn levels_table(cx: &Context, rows: &[Option<&DomainStats>]) -> Table {
    let bands = cx.instrument.feedback.first().cloned().unwrap_or_default();
    let mut columns = vec![cx.col("report-col-domain", ColumnKind::Text)];
    columns.extend(bands.iter().map(|b| Column {
        header: b.label.get(cx.tr.lang).to_string(),
        kind: ColumnKind::Percent,
    }));
    Table {
        id: "niveaus".into(),
        title: cx.tr.t("report-levels-title"),
        columns,
        rows: rows
            .iter()
            .enumerate()
            .map(|(d, s)| {
                let mut row = vec![Cell::Text(cx.domain_name(d))];
                match s.filter(|s| s.n > 0) {
                    Some(s) => row.extend(s.bands.iter().map(|k| {
                        k.map_or(Cell::Suppressed, |k| Cell::Number(k as f64 / s.n as f64))
                    })),
                    None => row.extend(bands.iter().map(|_| Cell::Suppressed)),
                }
                row
            })
            .collect(),
        note: None,
    }
}

fn indicator_text(cx: &Context, v: Option<&IndicatorValue>) -> Cell {
    match v {
        Some(IndicatorValue::Share(s)) => Cell::Text(format!(
            "{}{} ({} – {})",
            cx.num(s.share * 100.0, 0),
            cx.labels().percent_suffix,
            cx.num(s.low * 100.0, 0),
            cx.num(s.high * 100.0, 0),
        )),
        Some(IndicatorValue::Mean(m)) => Cell::Text(cx.num(*m, 1)),
        None => Cell::Suppressed,
    }
}

/// Names of the teams, in the order of `InstitutionReport::teams`.
pub struct Names<'a> {
    pub institution: &'a str,
    pub teams: &'a [String],
    /// Invited and completed, for the response rate (`None`: no invitations
    /// known, e.g. an imported wave).
    pub invited: Option<u64>,
    /// Open answers that may be shown: per question (its text) the reviewed,
    /// not hidden answers; `None` when none may be shown (a filter is
    /// active, or the instrument has no open questions).
    pub open: Option<Vec<(String, Vec<String>)>>,
    /// Open answers still waiting for the coordinator's review.
    pub open_pending: usize,
}

/// The institution report (`Layout::Report`).
pub fn institution(cx: &Context, r: &InstitutionReport, names: &Names) -> Document {
    let tr = &cx.tr;
    let mut doc = Document {
        title: tr.msg(
            &Msg::new("report-institution-title")
                .arg("institution", names.institution)
                .arg("wave", &r.wave),
        ),
        subtitle: None,
        lang: tr.lang.code().into(),
        layout: Layout::Report,
        blocks: Vec::new(),
        footer: cx.footer(),
    };
    if let Some(refusal) = &r.refused {
        doc.blocks
            .push(Block::Paragraph(tr.msg(&refusal.msg(cx.min_group))));
        return doc;
    }
    let b = &mut doc.blocks;
    b.push(Block::KeyFigures(key_figures(cx, r, names)));

    // Scores per domain against the sector.
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-domains-title"),
    });
    b.push(Block::Paragraph(tr.t("report-domains-intro")));
    b.push(Block::Chart(bars_chart(
        cx,
        tr.t("report-domains-chart"),
        r.domains
            .iter()
            .map(|d| d.own.as_ref().and_then(|s| s.summary).map(|s| s.mean))
            .collect(),
        r.domains.iter().map(|d| d.sector.map(|s| s.mean)).collect(),
        names.institution.to_string(),
        Some(tr.t("report-sector")),
    )));
    b.push(Block::Table(Table {
        id: "deelgebieden".into(),
        title: tr.t("report-domains-title"),
        columns: vec![
            cx.col("report-col-domain", ColumnKind::Text),
            cx.col("report-col-n", ColumnKind::Integer),
            cx.col("report-col-score", ColumnKind::Decimal(1)),
            cx.col("report-col-ci", ColumnKind::Text),
            cx.col("report-col-sd", ColumnKind::Decimal(1)),
            cx.col("report-col-sector", ColumnKind::Decimal(1)),
            cx.col("report-col-diff", ColumnKind::Decimal(1)),
            cx.col("report-col-p", ColumnKind::Decimal(3)),
            cx.col("report-col-g", ColumnKind::Decimal(2)),
            cx.col("report-col-alpha", ColumnKind::Decimal(2)),
            cx.col("report-col-previous-diff", ColumnKind::Decimal(1)),
        ],
        rows: r
            .domains
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::Text(cx.domain_name(row.domain))];
                match &row.own {
                    Some(s) => {
                        cells.push(Cell::Number(s.n as f64));
                        cells.push(opt(s.summary.map(|x| x.mean)));
                        cells.push(ci_text(cx, s));
                        cells.push(
                            s.summary
                                .and_then(|x| x.sd)
                                .map_or(Cell::Empty, Cell::Number),
                        );
                    }
                    None => {
                        cells.extend([Cell::Suppressed, Cell::Suppressed, Cell::Empty, Cell::Empty])
                    }
                }
                cells.push(opt(row.sector.map(|s| s.mean)));
                cells.extend(diff_cells(row.vs_sector.as_ref()));
                cells.push(
                    row.own
                        .as_ref()
                        .and_then(|s| s.alpha)
                        .map_or(Cell::Empty, |a| Cell::Number(a.alpha)),
                );
                cells.push(
                    row.vs_previous
                        .as_ref()
                        .map_or(Cell::Empty, |c| Cell::Number(c.diff)),
                );
                cells
            })
            .collect(),
        note: Some(tr.t("report-domains-note")),
    }));

    // Levels.
    let stats: Vec<Option<&DomainStats>> = r.domains.iter().map(|d| d.own.as_ref()).collect();
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-levels-title"),
    });
    b.extend(distribution_chart(cx, &stats).map(Block::Chart));
    b.push(Block::Table(levels_table(cx, &stats)));

    // Indicators.
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-indicators-title"),
    });
    b.push(Block::Table(Table {
        id: "indicatoren".into(),
        title: tr.t("report-indicators-title"),
        columns: vec![
            cx.col("report-col-indicator", ColumnKind::Text),
            cx.col("report-col-own", ColumnKind::Text),
            cx.col("report-col-sector", ColumnKind::Text),
        ],
        rows: r
            .indicators
            .iter()
            .map(|row| {
                vec![
                    Cell::Text(
                        cx.instrument.indicators[row.indicator]
                            .name
                            .get(tr.lang)
                            .to_string(),
                    ),
                    indicator_text(cx, row.own.as_ref()),
                    indicator_text(cx, row.sector.as_ref()),
                ]
            })
            .collect(),
        note: Some(tr.t("report-indicators-note")),
    }));

    // Trend.
    if r.trend.len() > 1 {
        b.push(Block::Heading {
            level: 1,
            text: tr.t("report-trend-title"),
        });
        b.push(Block::Chart(trend_chart(
            cx,
            &r.trend.iter().map(|p| p.wave.clone()).collect::<Vec<_>>(),
            &r.trend.iter().map(|p| p.own.clone()).collect::<Vec<_>>(),
        )));
        b.push(Block::Table(trend_table(cx, r)));
    }

    // Teams.
    if !r.teams.is_empty() {
        b.push(Block::Heading {
            level: 1,
            text: tr.t("report-teams-title"),
        });
        b.push(Block::Table(teams_table(cx, &r.teams, names.teams)));
    }

    // Open answers, reviewed.
    if let Some(open) = &names.open {
        b.push(Block::Heading {
            level: 1,
            text: tr.t("report-open-title"),
        });
        b.push(Block::Paragraph(tr.t("report-open-intro")));
        if names.open_pending > 0 {
            b.push(Block::Paragraph(tr.t1(
                "report-open-pending",
                "count",
                names.open_pending,
            )));
        }
        for (question, answers) in open {
            b.push(Block::Heading {
                level: 2,
                text: question.clone(),
            });
            if answers.is_empty() {
                b.push(Block::Paragraph(tr.t("report-open-none")));
            } else {
                b.push(Block::Bullets(answers.clone()));
            }
        }
    }

    // Strengths and points of attention.
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-strengths-title"),
    });
    b.push(Block::Bullets(points(
        cx,
        r,
        &r.strengths,
        "report-no-strengths",
    )));
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-attention-title"),
    });
    b.push(Block::Bullets(points(
        cx,
        r,
        &r.attention,
        "report-no-attention",
    )));
    doc.round_to_shown();
    doc
}

fn key_figures(cx: &Context, r: &InstitutionReport, names: &Names) -> Vec<KeyFigure> {
    let tr = &cx.tr;
    let mut k = vec![KeyFigure {
        label: tr.t("report-key-respondents"),
        value: r.n.to_string(),
    }];
    if let Some(invited) = names.invited.filter(|&i| i > 0) {
        k.push(KeyFigure {
            label: tr.t("report-key-response-rate"),
            value: format!(
                "{}{}",
                cx.num(r.n as f64 / invited as f64 * 100.0, 0),
                cx.labels().percent_suffix
            ),
        });
    }
    k.push(KeyFigure {
        label: tr.t("report-key-strengths"),
        value: r.strengths.len().to_string(),
    });
    k.push(KeyFigure {
        label: tr.t("report-key-attention"),
        value: r.attention.len().to_string(),
    });
    k
}

fn points(cx: &Context, r: &InstitutionReport, domains: &[usize], empty: &str) -> Vec<String> {
    if domains.is_empty() {
        return vec![cx.tr.t(empty)];
    }
    domains
        .iter()
        .filter_map(|&d| {
            let c = r.domains[d].vs_sector.as_ref()?;
            Some(
                cx.tr.msg(
                    &Msg::new("report-point")
                        .arg("domain", cx.domain_name(d))
                        .arg("diff", cx.num(c.diff, 1))
                        .arg("g", cx.num(c.hedges_g.unwrap_or(0.0), 2)),
                ),
            )
        })
        .collect()
}

fn trend_chart(cx: &Context, waves: &[String], per_wave: &[Vec<Option<f64>>]) -> Chart {
    let title = cx.tr.t("report-trend-title");
    let desc = cx.tr.t("report-chart-trend-desc");
    let svg = charts::trend(&TrendChart {
        title: title.clone(),
        desc: desc.clone(),
        waves: waves.to_vec(),
        series: (0..cx.instrument.domains.len())
            .map(|d| TrendSeries {
                label: cx.domain_name(d),
                values: per_wave
                    .iter()
                    .map(|p| p.get(d).copied().flatten())
                    .collect(),
            })
            .collect(),
        min: 0.0,
        max: 100.0,
        decimals: 0,
        labels: cx.labels(),
    });
    Chart {
        svg,
        alt: format!("{title}. {desc}"),
        caption: Some(title),
    }
}

fn trend_table(cx: &Context, r: &InstitutionReport) -> Table {
    let mut columns = vec![cx.col("report-col-domain", ColumnKind::Text)];
    for p in &r.trend {
        columns.push(Column {
            header: p.wave.clone(),
            kind: ColumnKind::Decimal(1),
        });
        columns.push(Column {
            header: cx.tr.t1("report-col-sector-wave", "wave", &p.wave),
            kind: ColumnKind::Decimal(1),
        });
    }
    Table {
        id: "trend".into(),
        title: cx.tr.t("report-trend-title"),
        columns,
        rows: (0..cx.instrument.domains.len())
            .map(|d| {
                let mut row = vec![Cell::Text(cx.domain_name(d))];
                for p in &r.trend {
                    row.push(opt(p.own[d]));
                    row.push(opt(p.sector[d]));
                }
                row
            })
            .collect(),
        note: None,
    }
}

fn teams_table(cx: &Context, teams: &[TeamRow], names: &[String]) -> Table {
    let mut columns = vec![
        cx.col("report-col-team", ColumnKind::Text),
        cx.col("report-col-n", ColumnKind::Integer),
    ];
    columns.extend((0..cx.instrument.domains.len()).map(|d| Column {
        header: cx.domain_name(d),
        kind: ColumnKind::Decimal(1),
    }));
    Table {
        id: "teams".into(),
        title: cx.tr.t("report-teams-title"),
        columns,
        rows: teams
            .iter()
            .zip(names)
            .map(|(t, name)| {
                let mut row = vec![
                    Cell::Text(name.clone()),
                    t.n.map_or(Cell::Suppressed, |n| Cell::Number(n as f64)),
                ];
                row.extend(t.means.iter().map(|m| opt(*m)));
                row
            })
            .collect(),
        note: Some(cx.tr.t1("report-teams-note", "min", cx.min_group.get())),
    }
}

/// The one-page praatplaat of the institution, or of one of its teams
/// (`team`: index into `r.teams`).
pub fn praatplaat(
    cx: &Context,
    r: &InstitutionReport,
    names: &Names,
    team: Option<usize>,
) -> Document {
    let tr = &cx.tr;
    let (who, own): (String, Vec<Option<f64>>) = match team {
        Some(t) => (
            format!("{} · {}", names.institution, names.teams[t]),
            r.teams[t].means.clone(),
        ),
        None => (
            names.institution.to_string(),
            r.domains
                .iter()
                .map(|d| d.own.as_ref().and_then(|s| s.summary).map(|s| s.mean))
                .collect(),
        ),
    };
    let mut doc = Document {
        title: tr.msg(
            &Msg::new("praatplaat-title")
                .arg("who", &who)
                .arg("wave", &r.wave),
        ),
        subtitle: None,
        lang: tr.lang.code().into(),
        layout: Layout::Poster,
        blocks: Vec::new(),
        footer: cx.footer(),
    };
    let team_hidden = team.is_some_and(|t| r.teams[t].n.is_none());
    if let Some(refusal) = &r.refused {
        doc.blocks
            .push(Block::Paragraph(tr.msg(&refusal.msg(cx.min_group))));
        return doc;
    }
    if team_hidden {
        doc.blocks.push(Block::Paragraph(tr.t1(
            "praatplaat-team-hidden",
            "min",
            cx.min_group.get(),
        )));
        return doc;
    }
    let n = team.map_or(Some(r.n), |t| r.teams[t].n);
    doc.blocks.push(Block::KeyFigures(vec![KeyFigure {
        label: tr.t("report-key-respondents"),
        value: n.map_or_else(String::new, |n| n.to_string()),
    }]));
    let (bench, bench_label): (Vec<Option<f64>>, String) = match team {
        Some(_) => (
            r.domains
                .iter()
                .map(|d| d.own.as_ref().and_then(|s| s.summary).map(|s| s.mean))
                .collect(),
            names.institution.to_string(),
        ),
        None => (
            r.domains.iter().map(|d| d.sector.map(|s| s.mean)).collect(),
            tr.t("report-sector"),
        ),
    };
    // The weakest and strongest shown domains name the questions.
    let shown: Vec<(usize, f64)> = own
        .iter()
        .enumerate()
        .filter_map(|(d, v)| v.map(|v| (d, v)))
        .collect();
    let weakest = shown.iter().min_by(|a, b| a.1.total_cmp(&b.1)).map(|x| x.0);
    let strongest = shown.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|x| x.0);
    doc.blocks.push(Block::Chart(bars_chart(
        cx,
        tr.t("report-domains-chart"),
        own,
        bench,
        who,
        Some(bench_label),
    )));
    if team.is_none() {
        let stats: Vec<Option<&DomainStats>> = r.domains.iter().map(|d| d.own.as_ref()).collect();
        doc.blocks
            .extend(distribution_chart(cx, &stats).map(Block::Chart));
    }
    doc.blocks.push(Block::Heading {
        level: 2,
        text: tr.t("praatplaat-questions"),
    });
    let name = |d: Option<usize>| d.map_or_else(String::new, |d| cx.domain_name(d));
    doc.blocks.push(Block::Numbered(vec![
        tr.t1("praatplaat-q-strongest", "domain", name(strongest)),
        tr.t1("praatplaat-q-weakest", "domain", name(weakest)),
        tr.t("praatplaat-q-step"),
    ]));
    doc.round_to_shown();
    doc
}

/// How institutions are labelled in the sector report: named with
/// consent, otherwise a letter in the order of `ranks`, a random number per
/// institution and wave kept on the server (`store::letter_ranks`), so the
/// letters cannot be recomputed from the codes.
pub fn institution_labels(
    tr: &Tr,
    codes: &[(String, Option<String>)],
    ranks: &std::collections::HashMap<String, i64>,
) -> Vec<String> {
    let mut anonymous: Vec<(i64, usize)> = codes
        .iter()
        .enumerate()
        .filter(|(_, (_, name))| name.is_none())
        .map(|(i, (code, _))| (ranks.get(code).copied().unwrap_or(i64::MAX), i))
        .collect();
    anonymous.sort();
    let mut labels: Vec<String> = codes
        .iter()
        .map(|(_, name)| name.clone().unwrap_or_default())
        .collect();
    for (k, (_, i)) in anonymous.into_iter().enumerate() {
        labels[i] = tr.t1("report-anonymous-institution", "letter", letter(k));
    }
    labels
}

/// A, B, ..., Z, AA, AB, ...
fn letter(k: usize) -> String {
    let mut k = k;
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (k % 26) as u8);
        if k < 26 {
            break;
        }
        k = k / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Per domain: the previous and the current sector mean, their difference
/// with its 95% interval, and the judgement that interval supports.
fn change_table(cx: &Context, r: &SectorReport, previous: &str) -> Block {
    let tr = &cx.tr;
    let col = |header: String, kind| Column { header, kind };
    Block::Table(Table {
        id: "verandering".into(),
        title: tr.t1("report-change-title", "wave", previous),
        columns: vec![
            cx.col("report-col-domain", ColumnKind::Text),
            col(
                tr.t1("report-col-mean-of", "wave", previous),
                ColumnKind::Decimal(1),
            ),
            col(
                tr.t1("report-col-mean-of", "wave", &r.wave),
                ColumnKind::Decimal(1),
            ),
            cx.col("report-col-diff", ColumnKind::Decimal(1)),
            cx.col("report-col-diff-ci", ColumnKind::Text),
            cx.col("report-col-change", ColumnKind::Text),
        ],
        rows: r
            .domains
            .iter()
            .map(|d| {
                let now = d.stats.as_ref().and_then(|s| s.summary).map(|s| s.mean);
                let mut row = vec![Cell::Text(cx.domain_name(d.domain))];
                match (&d.vs_previous, now) {
                    (Some(c), Some(now)) => {
                        row.push(Cell::Number(now - c.diff));
                        row.push(Cell::Number(now));
                        row.push(Cell::Number(c.diff));
                        row.push(c.welch.map_or(Cell::Empty, |w| {
                            Cell::Text(format!("{} – {}", cx.num(w.ci95.0, 1), cx.num(w.ci95.1, 1)))
                        }));
                        row.push(Cell::Text(tr.t(c.change().key())));
                    }
                    _ => row.extend([
                        Cell::Suppressed,
                        Cell::Suppressed,
                        Cell::Suppressed,
                        Cell::Empty,
                        Cell::Text(tr.t("report-change-unknown")),
                    ]),
                }
                row
            })
            .collect(),
        note: Some(tr.t("report-change-note")),
    })
}

/// The sector report. `labels[i]` names `r.institutions[i]`.
pub fn sector(cx: &Context, r: &SectorReport, labels: &[String]) -> Document {
    let tr = &cx.tr;
    let mut doc = Document {
        title: tr.t1("report-sector-title", "wave", &r.wave),
        subtitle: None,
        lang: tr.lang.code().into(),
        layout: Layout::Report,
        blocks: Vec::new(),
        footer: cx.footer(),
    };
    if let Some(refusal) = &r.refused {
        doc.blocks
            .push(Block::Paragraph(tr.msg(&refusal.msg(cx.min_group))));
        return doc;
    }
    let b = &mut doc.blocks;
    let names = |ds: &[usize]| {
        ds.iter()
            .map(|&d| cx.domain_name(d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let increase = match (r.every_domain_increased, &r.previous_wave) {
        (Some(true), Some(p)) => tr.t1("report-increase-yes", "wave", p),
        (Some(false), Some(p)) => {
            let not = r.domains_without_significant_rise();
            let rose: Vec<usize> = r
                .domains
                .iter()
                .map(|d| d.domain)
                .filter(|d| !not.contains(d))
                .collect();
            let mut text = tr.t1("report-increase-no", "wave", p);
            text.push(' ');
            text.push_str(&if rose.is_empty() {
                tr.t("report-increase-rose-none")
            } else {
                tr.t1("report-increase-rose", "domains", names(&rose))
            });
            text.push(' ');
            text.push_str(&tr.t1("report-increase-not", "domains", names(&not)));
            text
        }
        _ => tr.t("report-increase-none"),
    };
    b.push(Block::KeyFigures(vec![
        KeyFigure {
            label: tr.t("report-key-respondents"),
            value: r.n.to_string(),
        },
        KeyFigure {
            label: tr.t("report-key-institutions"),
            value: r.institutions.len().to_string(),
        },
        KeyFigure {
            label: tr.t("report-key-increase"),
            value: match r.every_domain_increased {
                Some(true) => tr.t("report-yes"),
                Some(false) => tr.t("report-no"),
                None => "–".into(),
            },
        },
    ]));
    b.push(Block::Paragraph(increase));
    if let Some(p) = &r.previous_wave {
        b.push(change_table(cx, r, p));
    }
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-domains-title"),
    });
    let prev_means: Vec<Option<f64>> = r
        .domains
        .iter()
        .map(|d| {
            let s = d.stats.as_ref()?.summary?;
            Some(s.mean - d.vs_previous.as_ref()?.diff)
        })
        .collect();
    b.push(Block::Chart(bars_chart(
        cx,
        tr.t("report-sector-chart"),
        r.domains
            .iter()
            .map(|d| d.stats.as_ref().and_then(|s| s.summary).map(|s| s.mean))
            .collect(),
        prev_means,
        tr.t1("report-wave-label", "wave", &r.wave),
        r.previous_wave
            .as_ref()
            .map(|p| tr.t1("report-wave-label", "wave", p)),
    )));
    b.push(Block::Table(Table {
        id: "sector-deelgebieden".into(),
        title: tr.t("report-domains-title"),
        columns: vec![
            cx.col("report-col-domain", ColumnKind::Text),
            cx.col("report-col-n", ColumnKind::Integer),
            cx.col("report-col-score", ColumnKind::Decimal(1)),
            cx.col("report-col-ci", ColumnKind::Text),
            cx.col("report-col-alpha", ColumnKind::Decimal(2)),
            cx.col("report-col-alpha-ci", ColumnKind::Text),
            cx.col("report-col-previous-diff", ColumnKind::Decimal(1)),
            cx.col("report-col-p", ColumnKind::Decimal(3)),
            cx.col("report-col-g", ColumnKind::Decimal(2)),
        ],
        rows: r
            .domains
            .iter()
            .map(|d| {
                let mut row = vec![Cell::Text(cx.domain_name(d.domain))];
                match &d.stats {
                    Some(s) => {
                        row.push(Cell::Number(s.n as f64));
                        row.push(opt(s.summary.map(|x| x.mean)));
                        row.push(ci_text(cx, s));
                        row.push(s.alpha.map_or(Cell::Empty, |a| Cell::Number(a.alpha)));
                        row.push(s.alpha.map_or(Cell::Empty, |a| {
                            Cell::Text(format!("{} – {}", cx.num(a.low, 2), cx.num(a.high, 2)))
                        }));
                    }
                    None => row.extend([
                        Cell::Suppressed,
                        Cell::Suppressed,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                    ]),
                }
                match &d.vs_previous {
                    Some(c) => row.extend(diff_cells(Some(c))),
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                }
                row
            })
            .collect(),
        note: Some(tr.t("report-sector-domains-note")),
    }));
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-spread-title"),
    });
    b.push(Block::Table(Table {
        id: "spreiding".into(),
        title: tr.t("report-spread-title"),
        columns: vec![
            cx.col("report-col-domain", ColumnKind::Text),
            cx.col("report-col-institutions", ColumnKind::Integer),
            cx.col("report-col-min", ColumnKind::Decimal(1)),
            cx.col("report-col-q1", ColumnKind::Decimal(1)),
            cx.col("report-col-median", ColumnKind::Decimal(1)),
            cx.col("report-col-q3", ColumnKind::Decimal(1)),
            cx.col("report-col-max", ColumnKind::Decimal(1)),
        ],
        rows: r
            .domains
            .iter()
            .map(|d| {
                let mut row = vec![Cell::Text(cx.domain_name(d.domain))];
                match &d.spread {
                    Some(s) => row.extend([
                        Cell::Number(s.institutions as f64),
                        Cell::Number(s.min),
                        Cell::Number(s.q1),
                        Cell::Number(s.median),
                        Cell::Number(s.q3),
                        Cell::Number(s.max),
                    ]),
                    None => row.extend((0..6).map(|_| Cell::Suppressed)),
                }
                row
            })
            .collect(),
        note: Some(tr.t("report-spread-note")),
    }));
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-indicators-title"),
    });
    b.push(Block::Table(Table {
        id: "sector-indicatoren".into(),
        title: tr.t("report-indicators-title"),
        columns: vec![
            cx.col("report-col-indicator", ColumnKind::Text),
            cx.col("report-col-sector", ColumnKind::Text),
        ],
        rows: r
            .indicators
            .iter()
            .enumerate()
            .map(|(k, v)| {
                vec![
                    Cell::Text(cx.instrument.indicators[k].name.get(tr.lang).to_string()),
                    indicator_text(cx, v.as_ref()),
                ]
            })
            .collect(),
        note: Some(tr.t("report-indicators-note")),
    }));
    if r.trend.len() > 1 {
        b.push(Block::Heading {
            level: 1,
            text: tr.t("report-trend-title"),
        });
        let waves: Vec<String> = r.trend.iter().map(|p| p.wave.clone()).collect();
        let per_wave: Vec<Vec<Option<f64>>> = r.trend.iter().map(|p| p.sector.clone()).collect();
        b.push(Block::Chart(trend_chart(cx, &waves, &per_wave)));
        let mut columns = vec![cx.col("report-col-domain", ColumnKind::Text)];
        columns.extend(waves.iter().map(|w| Column {
            header: w.clone(),
            kind: ColumnKind::Decimal(1),
        }));
        b.push(Block::Table(Table {
            id: "sector-trend".into(),
            title: tr.t("report-trend-title"),
            columns,
            rows: (0..cx.instrument.domains.len())
                .map(|d| {
                    let mut row = vec![Cell::Text(cx.domain_name(d))];
                    row.extend(per_wave.iter().map(|p| opt(p[d])));
                    row
                })
                .collect(),
            note: None,
        }));
    }
    b.push(Block::Heading {
        level: 1,
        text: tr.t("report-institutions-title"),
    });
    let mut columns = vec![
        cx.col("report-col-institution", ColumnKind::Text),
        cx.col("report-col-n", ColumnKind::Integer),
    ];
    columns.extend((0..cx.instrument.domains.len()).map(|d| Column {
        header: cx.domain_name(d),
        kind: ColumnKind::Decimal(1),
    }));
    let mut rows: Vec<(String, Vec<Cell>)> = r
        .institutions
        .iter()
        .zip(labels)
        .map(|(i, label)| {
            let mut row = vec![
                Cell::Text(label.clone()),
                i.n.map_or(Cell::Suppressed, |n| Cell::Number(n as f64)),
            ];
            row.extend(i.means.iter().map(|m| opt(*m)));
            (label.clone(), row)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    b.push(Block::Table(Table {
        id: "instellingen".into(),
        title: tr.t("report-institutions-title"),
        columns,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        note: Some(tr.t1("report-institutions-note", "min", cx.min_group.get())),
    }));
    doc.round_to_shown();
    doc
}

/// The texts of a comparison for a page ("+3,2 (p = 0,012; g = 0,31)").
pub fn comparison_text(cx: &Context, c: &Comparison) -> String {
    let sign = if c.diff > 0.0 { "+" } else { "" };
    format!(
        "{sign}{} (p = {}; g = {})",
        cx.num(c.diff, 1),
        c.welch.map_or_else(|| "–".into(), |w| cx.num(w.p, 3)),
        c.hedges_g.map_or_else(|| "–".into(), |g| cx.num(g, 2)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_continue_past_z() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
    }

    #[test]
    fn anonymous_labels_do_not_follow_code_order_and_named_keep_names() {
        let tr = Tr::default();
        let codes: Vec<(String, Option<String>)> = (0..12)
            .map(|i| (format!("99A{}", (b'A' + i) as char), None))
            .chain([("99ZZ".to_string(), Some("ROC Genoemd".to_string()))])
            .collect();
        // Ranks as the store draws them: random, unrelated to the codes.
        let ranks: std::collections::HashMap<String, i64> = codes
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (c.clone(), ((i as i64 * 7919) % 13) - 6))
            .collect();
        let labels = institution_labels(&tr, &codes, &ranks);
        assert_eq!(labels[12], "ROC Genoemd");
        let in_order: Vec<String> = (0..12)
            .map(|k| tr.t1("report-anonymous-institution", "letter", letter(k)))
            .collect();
        assert_ne!(
            labels[..12].to_vec(),
            in_order,
            "letters must not follow the codes"
        );
        let mut sorted = labels[..12].to_vec();
        sorted.sort();
        let mut expected = in_order.clone();
        expected.sort();
        assert_eq!(sorted, expected);
    }
}

//! The survey a teacher answers through a secret link, as HTML (works
//! without JavaScript) and as JSON (`/api/v1/survey/{token}`). Every page is
//! saved when submitted; the link resumes where the teacher left off;
//! completing seals the response and shows the personal profile, which
//! only the holder of the link can see.
//!
//! The token in the URL is the respondent's only credential. It is never
//! stored (only its hash), never logged (request spans name the route
//! template), and no referrer leaves the site.
//!
//! This module is the survey's pure logic (pages, reading a page's
//! answers from a form or JSON, what is unanswered, the profile rows);
//! `routes` serves it as HTML, `api_routes` as JSON.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::instrument::{DomainScore, Instrument, OPEN_MAX_CHARS};
use super::store::{self, Unit};
use crate::i18n::{Lang, Tr};

pub mod api_routes;
pub mod routes;

// --- pure page logic ---------------------------------------------------------

/// Pages: 0 = introduction and background questions, 1..=D = one per
/// domain, D+1 = check and complete.
pub fn page_count(i: &Instrument) -> i64 {
    i.domains.len() as i64 + 2
}

pub fn last_page(i: &Instrument) -> i64 {
    page_count(i) - 1
}

/// Answers read from one submitted page.
#[derive(Debug, Default, PartialEq)]
pub struct PageInput {
    pub answers: Vec<(String, Option<i64>)>,
    pub background: Vec<(String, Option<String>)>,
    /// Open answers of the page (`None`: left empty).
    pub open: Vec<(String, Option<String>)>,
    /// Items (or background questions) that must be answered to go on.
    pub missing: Vec<String>,
    /// Fields whose value is not allowed.
    pub invalid: Vec<String>,
}

/// The form field of an item and of a background question.
pub fn item_field(id: &str) -> String {
    format!("i_{id}")
}

pub fn background_field(id: &str) -> String {
    format!("b_{id}")
}

pub fn open_field(id: &str) -> String {
    format!("o_{id}")
}

/// An open answer longer than [`OPEN_MAX_CHARS`].
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong;

/// An open answer as typed: `None` when empty.
pub fn open_text(text: Option<&str>) -> Result<Option<String>, TooLong> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if t.chars().count() > OPEN_MAX_CHARS => Err(TooLong),
        Some(t) => Ok(Some(t.to_string())),
    }
}

/// Reads one page's answers from form fields (pure). Items on the page are
/// required to go forward; a background question only when the instrument
/// says so. Unknown or out-of-range values are `invalid` and not saved.
pub fn read_page(
    i: &Instrument,
    page: i64,
    fields: &HashMap<String, String>,
    units: &[Unit],
) -> PageInput {
    let mut out = PageInput::default();
    if page == 0 {
        for q in &i.background {
            let v = fields
                .get(&background_field(&q.id))
                .map(|s| s.trim())
                .unwrap_or("");
            let allowed = if q.from_units {
                units.iter().any(|u| u.id.to_string() == v)
            } else {
                q.options.iter().any(|o| o.id == v)
            };
            if v.is_empty() {
                out.background.push((q.id.clone(), None));
                if q.required {
                    out.missing.push(q.id.clone());
                }
            } else if allowed {
                out.background.push((q.id.clone(), Some(v.to_string())));
            } else {
                out.invalid.push(q.id.clone());
            }
        }
        return out;
    }
    let Some(domain) = usize::try_from(page - 1)
        .ok()
        .and_then(|d| i.domains.get(d))
    else {
        return out;
    };
    for q in i
        .open
        .iter()
        .filter(|q| Some(q.domain) == usize::try_from(page - 1).ok())
    {
        match open_text(fields.get(&open_field(&q.id)).map(String::as_str)) {
            Ok(text) => out.open.push((q.id.clone(), text)),
            Err(TooLong) => out.invalid.push(q.id.clone()),
        }
    }
    for &ix in &domain.items {
        let item = &i.items[ix];
        match fields.get(&item_field(&item.id)).map(|s| s.trim()) {
            None | Some("") => out.missing.push(item.id.clone()),
            Some("na") if item.allow_na => out.answers.push((item.id.clone(), None)),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if i.scales[item.scale].allows(n) => {
                    out.answers.push((item.id.clone(), Some(n)))
                }
                _ => out.invalid.push(item.id.clone()),
            },
        }
    }
    out
}

/// Answers given as JSON, checked against the instrument (pure).
pub fn read_json(
    i: &Instrument,
    answers: &HashMap<String, AnswerValue>,
    background: &HashMap<String, Option<String>>,
    open: &HashMap<String, Option<String>>,
    units: &[Unit],
) -> Result<
    (
        store::ItemAnswers,
        store::BackgroundChoices,
        store::BackgroundChoices,
    ),
    Vec<String>,
> {
    let mut bad = Vec::new();
    let mut o = Vec::new();
    for (id, text) in open {
        match (
            i.open.iter().any(|q| &q.id == id),
            open_text(text.as_deref()),
        ) {
            (true, Ok(t)) => o.push((id.clone(), t)),
            _ => bad.push(id.clone()),
        }
    }
    let mut a = Vec::new();
    for (id, v) in answers {
        let Some(ix) = i.item_index(id) else {
            bad.push(id.clone());
            continue;
        };
        let item = &i.items[ix];
        match v {
            AnswerValue::Na(s) if s == "na" && item.allow_na => a.push((id.clone(), None)),
            AnswerValue::Value(n) if i.scales[item.scale].allows(*n) => {
                a.push((id.clone(), Some(*n)))
            }
            _ => bad.push(id.clone()),
        }
    }
    let mut b = Vec::new();
    for (id, choice) in background {
        let Some(q) = i.background.iter().find(|q| &q.id == id) else {
            bad.push(id.clone());
            continue;
        };
        let ok = match choice.as_deref() {
            None => true,
            Some(c) if q.from_units => units.iter().any(|u| u.id.to_string() == c),
            Some(c) => q.options.iter().any(|o| o.id == c),
        };
        if ok {
            b.push((id.clone(), choice.clone()));
        } else {
            bad.push(id.clone());
        }
    }
    bad.sort();
    if bad.is_empty() {
        Ok((a, b, o))
    } else {
        Err(bad)
    }
}

/// Items still unanswered, in survey order.
pub fn unanswered(i: &Instrument, is_answered: impl Fn(&str) -> bool) -> Vec<String> {
    i.items
        .iter()
        .filter(|it| !is_answered(&it.id))
        .map(|it| it.id.clone())
        .collect()
}

/// A value given for an item: a scale value, or `"na"` (n.v.t.).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum AnswerValue {
    Value(#[serde(deserialize_with = "whole_number")] i64),
    Na(String),
}

/// An integer from JSON, also when written as a number with a zero
/// fraction (`3.0`): JSON Schema calls that an integer too, so a client
/// keeping to the OpenAPI document may send it (schemathesis did).
pub fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        _ => Err(serde::de::Error::custom(format!(
            "{n} is not a whole number"
        ))),
    }
}

/// [`whole_number`] for an optional field.
pub fn optional_whole_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct W(#[serde(deserialize_with = "whole_number")] i64);
    Ok(Option::<W>::deserialize(d)?.map(|W(i)| i))
}

/// Published domain means of an earlier closed wave to set a profile
/// against, per domain of the teacher's instrument (matched by domain id):
/// the teacher's institution and the sector, each `None` where the
/// release gate did not publish it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Benchmark {
    pub wave: String,
    pub institution: Vec<Option<f64>>,
    pub sector: Vec<Option<f64>>,
}

/// The benchmark of `code` in `waves[k]` (released waves, oldest first)
/// for a profile on `current`: the institution report's own means and the
/// sector report's means, exactly as those reports publish them (the
/// release gate, `analysis::report`), never computed here.
pub fn benchmark(
    current: &Instrument,
    waves: &[crate::analysis::report::Wave],
    k: usize,
    code: &str,
    m: crate::analysis::disclosure::MinGroup,
) -> Benchmark {
    use crate::analysis::report;
    let prev = &waves[k].instrument;
    let own = report::institution(&waves[..=k], k, code, None, &[], m);
    let sector = report::sector(&waves[..=k], k, m);
    let same = |d: usize| {
        prev.domains
            .iter()
            .position(|x| x.id == current.domains[d].id)
    };
    let domains = 0..current.domains.len();
    Benchmark {
        wave: waves[k].data.wave.clone(),
        institution: domains
            .clone()
            .map(|d| {
                let pd = same(d)?;
                let row = own.domains.iter().find(|r| r.domain == pd)?;
                Some(row.own.as_ref()?.summary.as_ref()?.mean)
            })
            .collect(),
        sector: domains
            .map(|d| {
                let pd = same(d)?;
                let row = sector.domains.iter().find(|r| r.domain == pd)?;
                Some(row.stats.as_ref()?.summary.as_ref()?.mean)
            })
            .collect(),
    }
}

/// One level (feedback band) of a domain, explained.
pub struct LevelView {
    pub label: String,
    /// The scores of this level, e.g. "40–59".
    pub range: String,
    pub text: String,
    /// The teacher's own level.
    pub own: bool,
}

/// One domain of the personal profile, as shown.
pub struct ProfileRow {
    pub name: String,
    pub score: Option<i64>,
    pub band_label: String,
    pub text: String,
    pub tips: Vec<String>,
    pub bar_y: i64,
    /// Published means of the previous closed wave (whole points).
    pub institution: Option<i64>,
    pub sector: Option<i64>,
    /// The teacher's own answers to the domain's self-placement items
    /// ("which description fits me best?"): the statement chosen.
    pub placements: Vec<String>,
    pub levels: Vec<LevelView>,
}

pub fn profile_rows(
    i: &Instrument,
    scores: &[DomainScore],
    answers: &HashMap<String, super::instrument::Answer>,
    bench: Option<&Benchmark>,
    lang: Lang,
    tr: &Tr,
) -> Vec<ProfileRow> {
    use super::instrument::{Answer, ScaleKind};
    let whole = |x: Option<f64>| x.map(|v| v.round() as i64);
    scores
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let bands = &i.feedback[s.domain];
            let band = s.band.map(|b| &bands[b]);
            let levels = bands
                .iter()
                .enumerate()
                .map(|(b, level)| {
                    let from = level.min.ceil() as i64;
                    let to = bands.get(b + 1).map_or(100, |n| n.min.ceil() as i64 - 1);
                    LevelView {
                        label: level.label.get(lang).to_string(),
                        range: format!("{from}–{to}"),
                        text: level.text.get(lang).to_string(),
                        own: s.band == Some(b),
                    }
                })
                .collect();
            let placements = i.domains[s.domain]
                .items
                .iter()
                .map(|&ix| &i.items[ix])
                .filter(|it| i.scales[it.scale].kind == ScaleKind::Proficiency)
                .filter_map(|it| match answers.get(&it.id) {
                    Some(Answer::Value(v)) => {
                        let level = usize::try_from(*v - i.scales[it.scale].min()).ok()?;
                        let statement = it.levels.get(level)?.get(lang);
                        Some(
                            tr.msg(
                                &crate::i18n::Msg::new("feedback-placement")
                                    .arg("level", v)
                                    .arg("statement", statement),
                            ),
                        )
                    }
                    _ => None,
                })
                .collect();
            ProfileRow {
                name: i.domains[s.domain].name.get(lang).to_string(),
                score: whole(s.score),
                band_label: band.map_or_else(
                    || tr.t("survey-no-score"),
                    |b| b.label.get(lang).to_string(),
                ),
                text: band.map_or_else(String::new, |b| b.text.get(lang).to_string()),
                tips: band.map_or_else(Vec::new, |b| {
                    b.tips.iter().map(|t| t.get(lang).to_string()).collect()
                }),
                bar_y: k as i64 * 36,
                institution: bench
                    .and_then(|b| whole(b.institution.get(s.domain).copied().flatten())),
                sector: bench.and_then(|b| whole(b.sector.get(s.domain).copied().flatten())),
                placements,
                levels,
            }
        })
        .collect()
}

/// The profile as a document for the report engine (a PDF to keep):
/// the scores with the comparison, then per domain the level, what it
/// means, the self-placement, the tips and every level explained (pure).
pub fn profile_document(
    rows: &[ProfileRow],
    bench: Option<&Benchmark>,
    tr: &Tr,
) -> crate::reports::document::Document {
    use crate::reports::document::{Block, Cell, Column, ColumnKind, Document, Layout, Table};
    let num = |x: Option<i64>| x.map_or(Cell::Empty, |v| Cell::Number(v as f64));
    let mut columns = vec![
        Column {
            header: tr.t("feedback-domain"),
            kind: ColumnKind::Text,
        },
        Column {
            header: tr.t("feedback-score"),
            kind: ColumnKind::Integer,
        },
        Column {
            header: tr.t("feedback-level"),
            kind: ColumnKind::Text,
        },
    ];
    if let Some(b) = bench {
        columns.push(Column {
            header: tr.t1("feedback-institution", "wave", &b.wave),
            kind: ColumnKind::Integer,
        });
        columns.push(Column {
            header: tr.t1("feedback-sector", "wave", &b.wave),
            kind: ColumnKind::Integer,
        });
    }
    let table_rows = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(r.name.clone()),
                num(r.score),
                Cell::Text(r.band_label.clone()),
            ];
            if bench.is_some() {
                row.push(num(r.institution));
                row.push(num(r.sector));
            }
            row
        })
        .collect();
    let mut blocks = vec![
        Block::Paragraph(tr.t("feedback-intro")),
        Block::Table(Table {
            id: "profiel".into(),
            title: tr.t("feedback-table-caption"),
            columns,
            rows: table_rows,
            note: bench.map(|_| tr.t("feedback-compare-note")),
        }),
    ];
    for r in rows {
        blocks.push(Block::Heading {
            level: 2,
            text: match r.score {
                Some(_) => format!("{}: {}", r.name, r.band_label),
                None => r.name.clone(),
            },
        });
        blocks.push(Block::Paragraph(if r.text.is_empty() {
            tr.t("survey-no-score-detail")
        } else {
            r.text.clone()
        }));
        blocks.extend(r.placements.iter().cloned().map(Block::Paragraph));
        if !r.tips.is_empty() {
            blocks.push(Block::Heading {
                level: 3,
                text: tr.t("feedback-tips"),
            });
            blocks.push(Block::Bullets(r.tips.clone()));
        }
        blocks.push(Block::Heading {
            level: 3,
            text: tr.t("feedback-levels"),
        });
        blocks.push(Block::Bullets(
            r.levels
                .iter()
                .map(|l| format!("{} ({}): {}", l.label, l.range, l.text))
                .collect(),
        ));
    }
    Document {
        title: tr.t("feedback-title"),
        subtitle: None,
        lang: tr.lang.code().to_string(),
        layout: Layout::Report,
        blocks,
        footer: tr.t("feedback-private"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_may_be_written_with_a_zero_fraction() {
        let v: AnswerValue = serde_json::from_str("3.0").unwrap();
        assert_eq!(v, AnswerValue::Value(3));
        let v: AnswerValue = serde_json::from_str("4").unwrap();
        assert_eq!(v, AnswerValue::Value(4));
        assert!(serde_json::from_str::<AnswerValue>("3.5").is_err());
        let v: AnswerValue = serde_json::from_str("\"na\"").unwrap();
        assert_eq!(v, AnswerValue::Na("na".into()));
    }

    fn inst() -> Instrument {
        super::super::instrument::parse(
            super::super::DEFAULT_INSTRUMENT_FILE,
            super::super::DEFAULT_INSTRUMENT,
        )
        .unwrap()
    }

    #[test]
    fn a_page_needs_every_item_and_rejects_values_off_the_scale() {
        let i = inst();
        let d = &i.domains[0];
        let mut fields = HashMap::new();
        let first = &i.items[d.items[0]];
        fields.insert(item_field(&first.id), "99".to_string());
        let input = read_page(&i, 1, &fields, &[]);
        assert_eq!(input.invalid, vec![first.id.clone()]);
        assert_eq!(input.missing.len(), d.items.len() - 1);
        assert!(input.answers.is_empty());
    }

    #[test]
    fn na_is_accepted_only_where_the_item_allows_it() {
        let i = inst();
        let na_item = i.items.iter().find(|it| it.allow_na).unwrap();
        let plain = i.items.iter().find(|it| !it.allow_na).unwrap();
        let page_of = |id: &str| {
            i.domains
                .iter()
                .position(|d| d.items.iter().any(|&x| i.items[x].id == id))
                .unwrap() as i64
                + 1
        };
        let mut f = HashMap::new();
        f.insert(item_field(&na_item.id), "na".to_string());
        assert!(
            read_page(&i, page_of(&na_item.id), &f, &[])
                .answers
                .contains(&(na_item.id.clone(), None))
        );
        let mut f = HashMap::new();
        f.insert(item_field(&plain.id), "na".to_string());
        assert!(
            read_page(&i, page_of(&plain.id), &f, &[])
                .invalid
                .contains(&plain.id)
        );
    }

    #[test]
    fn json_answers_are_checked_against_the_instrument() {
        let i = inst();
        let it = &i.items[0];
        let ok: HashMap<String, AnswerValue> =
            [(it.id.clone(), AnswerValue::Value(i.scales[it.scale].min()))].into();
        assert!(read_json(&i, &ok, &HashMap::new(), &HashMap::new(), &[]).is_ok());
        let bad: HashMap<String, AnswerValue> = [
            ("bestaat-niet".to_string(), AnswerValue::Value(1)),
            (it.id.clone(), AnswerValue::Value(99)),
        ]
        .into();
        assert_eq!(
            read_json(&i, &bad, &HashMap::new(), &HashMap::new(), &[])
                .unwrap_err()
                .len(),
            2
        );
    }
}

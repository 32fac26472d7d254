//! Instruments as data: a TOML file (format in `docs/instrument-format.md`)
//! parsed and validated into an [`Instrument`]. Every problem is reported
//! with the file, line and field at fault. Pure: text in, instrument out.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::i18n::{Lang, Msg};

/// A text in both UI languages.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

// --- the file as written ------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    id: Spanned<String>,
    version: Spanned<String>,
    title: Spanned<Text>,
    intro: Spanned<Text>,
    not_applicable: Spanned<Text>,
    #[serde(default)]
    scoring: Option<Spanned<ScoringDef>>,
    domains: Vec<Spanned<DomainDef>>,
    scales: Vec<Spanned<ScaleDef>>,
    items: Vec<Spanned<ItemDef>>,
    #[serde(default)]
    background: Vec<Spanned<BackgroundDef>>,
    #[serde(default)]
    indicators: Vec<Spanned<IndicatorDef>>,
    #[serde(default)]
    feedback: Vec<Spanned<FeedbackDef>>,
    #[serde(default)]
    open_questions: Vec<Spanned<OpenDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenDef {
    id: String,
    domain: String,
    text: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoringDef {
    min_answered_share: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainDef {
    id: String,
    name: Text,
    description: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleDef {
    id: String,
    kind: String,
    options: Vec<OptionDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionDef {
    value: i64,
    nl: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemDef {
    id: String,
    domain: String,
    scale: String,
    text: Text,
    #[serde(default)]
    reverse: bool,
    #[serde(default)]
    allow_na: bool,
    #[serde(default)]
    levels: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BackgroundDef {
    id: String,
    text: Text,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    options: Vec<ChoiceDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceDef {
    id: String,
    nl: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorDef {
    id: String,
    name: Text,
    kind: String,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    items: Vec<String>,
    #[serde(default)]
    threshold: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedbackDef {
    domain: String,
    bands: Vec<BandDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandDef {
    min: f64,
    label: Text,
    text: Text,
    tips: Vec<Text>,
}

// --- the validated instrument --------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScaleKind {
    Agreement,
    Frequency,
    Proficiency,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScaleOption {
    pub value: i64,
    pub label: Text,
}

#[derive(Clone, Debug)]
pub struct Scale {
    pub id: String,
    pub kind: ScaleKind,
    pub options: Vec<ScaleOption>,
}

impl Scale {
    pub fn min(&self) -> i64 {
        self.options.first().map_or(0, |o| o.value)
    }

    pub fn max(&self) -> i64 {
        self.options.last().map_or(0, |o| o.value)
    }

    pub fn allows(&self, value: i64) -> bool {
        self.options.iter().any(|o| o.value == value)
    }
}

#[derive(Clone, Debug)]
pub struct Domain {
    pub id: String,
    pub name: Text,
    pub description: Text,
    /// Indexes into [`Instrument::items`], in survey order.
    pub items: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub domain: usize,
    pub scale: usize,
    pub text: Text,
    pub reverse: bool,
    pub allow_na: bool,
    /// One statement per scale option (proficiency scales only).
    pub levels: Vec<Text>,
}

/// An open question, shown at the end of its domain's page. Answers are
/// optional, at most [`OPEN_MAX_CHARS`] characters, and never scored.
#[derive(Clone, Debug)]
pub struct OpenQuestion {
    pub id: String,
    pub domain: usize,
    pub text: Text,
}

/// The longest open answer accepted.
pub const OPEN_MAX_CHARS: usize = 1000;

#[derive(Clone, Debug)]
pub struct Choice {
    pub id: String,
    pub label: Text,
}

#[derive(Clone, Debug)]
pub struct Background {
    pub id: String,
    pub text: Text,
    pub required: bool,
    /// The options are the institution's own organisational units.
    pub from_units: bool,
    pub options: Vec<Choice>,
}

#[derive(Clone, Debug)]
pub enum IndicatorKind {
    DomainMean { domain: usize },
    ShareAtLeast { items: Vec<usize>, threshold: f64 },
}

#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: String,
    pub name: Text,
    pub kind: IndicatorKind,
}

#[derive(Clone, Debug)]
pub struct Band {
    pub min: f64,
    pub label: Text,
    pub text: Text,
    pub tips: Vec<Text>,
}

#[derive(Clone, Debug)]
pub struct Instrument {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub intro: Text,
    pub not_applicable: Text,
    pub min_answered_share: f64,
    pub domains: Vec<Domain>,
    pub scales: Vec<Scale>,
    pub items: Vec<Item>,
    pub background: Vec<Background>,
    pub indicators: Vec<Indicator>,
    /// Feedback bands per domain (same order as `domains`), ascending.
    pub feedback: Vec<Vec<Band>>,
    pub open: Vec<OpenQuestion>,
}

// --- errors ----------------------------------------------------------------

pub use crate::datafile::LoadError;
use crate::datafile::{Errors, valid_id};

fn text_ok(t: &Text) -> bool {
    !t.nl.trim().is_empty() && !t.en.trim().is_empty()
}

/// Parses and validates an instrument; `file` names it in error messages.
pub fn parse(file: &str, source: &str) -> Result<Instrument, Vec<LoadError>> {
    let mut errs = Errors::new(file, source);
    let def: FileDef = match toml::from_str(source) {
        Ok(d) => d,
        Err(e) => {
            errs.syntax(&e, "instrument-syntax");
            return Err(errs.list);
        }
    };
    let inst = validate(def, &mut errs);
    if errs.list.is_empty() {
        inst.ok_or_else(Vec::new)
    } else {
        Err(errs.list)
    }
}

fn unique_ids<'a>(
    errs: &mut Errors<'_>,
    list: &str,
    ids: impl Iterator<Item = (&'a str, Range<usize>)>,
) -> HashMap<String, usize> {
    errs.unique_ids(
        list,
        ids,
        "instrument-id-invalid",
        "instrument-id-duplicate",
    )
}

fn check_text(errs: &mut Errors<'_>, span: &Range<usize>, field: String, t: &Text) {
    if !text_ok(t) {
        errs.push(span, field, Msg::new("instrument-text-missing"));
    }
}

/// The table of contents of an instrument file: checks each section in the
/// file's order, then assembles the instrument if nothing was wrong.
fn validate(def: FileDef, errs: &mut Errors<'_>) -> Option<Instrument> {
    let min_answered_share = validate_meta(&def, errs);
    // Domains and scales first: items refer to them.
    let domain_ids = validate_domain_defs(&def.domains, errs);
    let (scale_ids, scales) = validate_scales(&def.scales, errs);
    let (item_ids, items) = validate_items(&def.items, &domain_ids, &scale_ids, &scales, errs);
    let domains = validate_domain_items(&def.domains, &items, errs);
    let background = validate_background(&def.background, errs);
    let indicators = validate_indicators(
        &def.indicators,
        &domain_ids,
        &item_ids,
        &items,
        &scales,
        errs,
    );
    let feedback = validate_feedback(&def.feedback, &domain_ids, domains.len(), errs);
    let open = validate_open_questions(&def.open_questions, &domain_ids, &item_ids, errs);
    validate_feedback_complete(&def.domains, &domains, &feedback, errs);
    if !errs.list.is_empty() {
        return None;
    }
    Some(Instrument {
        id: def.id.into_inner(),
        version: def.version.into_inner(),
        title: def.title.into_inner(),
        intro: def.intro.into_inner(),
        not_applicable: def.not_applicable.into_inner(),
        min_answered_share,
        domains,
        scales,
        items,
        background,
        indicators,
        feedback: feedback
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        open,
    })
}

/// Top level and `[scoring]`: a valid `id`, a non-empty `version`, both
/// languages of `title`, `intro` and `not_applicable`, and
/// `min_answered_share` in (0, 1]. Returns that share (0.5 if not given).
fn validate_meta(def: &FileDef, errs: &mut Errors<'_>) -> f64 {
    if !valid_id(def.id.get_ref()) {
        errs.push(
            &def.id.span(),
            "id",
            Msg::new("instrument-id-invalid").arg("id", def.id.get_ref()),
        );
    }
    if def.version.get_ref().trim().is_empty() {
        errs.push(
            &def.version.span(),
            "version",
            Msg::new("instrument-text-missing"),
        );
    }
    for (name, t) in [
        ("title", &def.title),
        ("intro", &def.intro),
        ("not_applicable", &def.not_applicable),
    ] {
        check_text(errs, &t.span(), name.to_string(), t.get_ref());
    }
    match &def.scoring {
        Some(s) => {
            let v = s.get_ref().min_answered_share;
            if !(v > 0.0 && v <= 1.0) {
                errs.push(
                    &s.span(),
                    "scoring.min_answered_share",
                    Msg::new("instrument-share-range"),
                );
            }
            v
        }
        None => 0.5,
    }
}

/// `[[domains]]`, on their own: valid unique ids, both languages of `name`
/// and `description`, and at least one domain. Returns id -> index.
fn validate_domain_defs(
    domains: &[Spanned<DomainDef>],
    errs: &mut Errors<'_>,
) -> HashMap<String, usize> {
    let top = 0..0;
    let domain_ids = unique_ids(
        errs,
        "domains",
        domains.iter().map(|d| (d.get_ref().id.as_str(), d.span())),
    );
    for (i, d) in domains.iter().enumerate() {
        check_text(
            errs,
            &d.span(),
            format!("domains[{i}].name"),
            &d.get_ref().name,
        );
        check_text(
            errs,
            &d.span(),
            format!("domains[{i}].description"),
            &d.get_ref().description,
        );
    }
    if domains.is_empty() {
        errs.push(&top, "domains", Msg::new("instrument-list-empty"));
    }
    domain_ids
}

/// `[[scales]]`: valid unique ids, a known `kind`, at least two options
/// with strictly ascending values, and both languages of every option label.
/// Returns id -> index and the scales.
fn validate_scales(
    defs: &[Spanned<ScaleDef>],
    errs: &mut Errors<'_>,
) -> (HashMap<String, usize>, Vec<Scale>) {
    let scale_ids = unique_ids(
        errs,
        "scales",
        defs.iter().map(|s| (s.get_ref().id.as_str(), s.span())),
    );
    let mut scales = Vec::new();
    for (i, s) in defs.iter().enumerate() {
        let span = s.span();
        let s = s.get_ref();
        let kind = match s.kind.as_str() {
            "agreement" => ScaleKind::Agreement,
            "frequency" => ScaleKind::Frequency,
            "proficiency" => ScaleKind::Proficiency,
            other => {
                errs.push(
                    &span,
                    format!("scales[{i}].kind"),
                    Msg::new("instrument-scale-kind").arg("kind", other),
                );
                ScaleKind::Agreement
            }
        };
        if s.options.len() < 2 {
            errs.push(
                &span,
                format!("scales[{i}].options"),
                Msg::new("instrument-scale-options"),
            );
        }
        if s.options.windows(2).any(|w| w[0].value >= w[1].value) {
            errs.push(
                &span,
                format!("scales[{i}].options"),
                Msg::new("instrument-scale-ascending"),
            );
        }
        for (j, o) in s.options.iter().enumerate() {
            if o.nl.trim().is_empty() || o.en.trim().is_empty() {
                errs.push(
                    &span,
                    format!("scales[{i}].options[{j}]"),
                    Msg::new("instrument-text-missing"),
                );
            }
        }
        scales.push(Scale {
            id: s.id.clone(),
            kind,
            options: s
                .options
                .iter()
                .map(|o| ScaleOption {
                    value: o.value,
                    label: Text {
                        nl: o.nl.clone(),
                        en: o.en.clone(),
                    },
                })
                .collect(),
        });
    }
    (scale_ids, scales)
}

/// `[[items]]`: valid unique ids, both languages of `text`, a known
/// `domain` and `scale`, and `levels` (one per option) exactly when the
/// scale is a proficiency scale. Returns id -> index and the items.
fn validate_items(
    defs: &[Spanned<ItemDef>],
    domain_ids: &HashMap<String, usize>,
    scale_ids: &HashMap<String, usize>,
    scales: &[Scale],
    errs: &mut Errors<'_>,
) -> (HashMap<String, usize>, Vec<Item>) {
    let item_ids = unique_ids(
        errs,
        "items",
        defs.iter().map(|d| (d.get_ref().id.as_str(), d.span())),
    );
    let mut items = Vec::new();
    for (i, it) in defs.iter().enumerate() {
        let span = it.span();
        let it = it.get_ref();
        check_text(errs, &span, format!("items[{i}].text"), &it.text);
        let domain = domain_ids.get(&it.domain).copied();
        if domain.is_none() {
            errs.push(
                &span,
                format!("items[{i}].domain"),
                Msg::new("instrument-unknown-domain").arg("id", &it.domain),
            );
        }
        let scale = scale_ids.get(&it.scale).copied();
        match scale.map(|s| &scales[s]) {
            None => errs.push(
                &span,
                format!("items[{i}].scale"),
                Msg::new("instrument-unknown-scale").arg("id", &it.scale),
            ),
            Some(s) if s.kind == ScaleKind::Proficiency && it.levels.len() != s.options.len() => {
                errs.push(
                    &span,
                    format!("items[{i}].levels"),
                    Msg::new("instrument-levels-count")
                        .arg("expected", s.options.len())
                        .arg("found", it.levels.len()),
                )
            }
            Some(s) if s.kind != ScaleKind::Proficiency && !it.levels.is_empty() => errs.push(
                &span,
                format!("items[{i}].levels"),
                Msg::new("instrument-levels-not-allowed"),
            ),
            Some(_) => {}
        }
        for (j, l) in it.levels.iter().enumerate() {
            check_text(errs, &span, format!("items[{i}].levels[{j}]"), l);
        }
        items.push(Item {
            id: it.id.clone(),
            domain: domain.unwrap_or(0),
            scale: scale.unwrap_or(0),
            text: it.text.clone(),
            reverse: it.reverse,
            allow_na: it.allow_na,
            levels: it.levels.clone(),
        });
    }
    (item_ids, items)
}

/// `[[domains]]` against `[[items]]`: every domain has at least three
/// items. Returns the domains with their items in survey order.
fn validate_domain_items(
    defs: &[Spanned<DomainDef>],
    items: &[Item],
    errs: &mut Errors<'_>,
) -> Vec<Domain> {
    let domains: Vec<Domain> = defs
        .iter()
        .enumerate()
        .map(|(d, def)| Domain {
            id: def.get_ref().id.clone(),
            name: def.get_ref().name.clone(),
            description: def.get_ref().description.clone(),
            items: items
                .iter()
                .enumerate()
                .filter(|(_, it)| it.domain == d)
                .map(|(i, _)| i)
                .collect(),
        })
        .collect();
    for (i, d) in domains.iter().enumerate() {
        if d.items.len() < 3 {
            errs.push(
                &defs[i].span(),
                format!("domains[{i}]"),
                Msg::new("instrument-domain-items").arg("id", &d.id),
            );
        }
    }
    domains
}

/// `[[background]]`: valid unique ids, both languages of `text`, `source`
/// absent or `units`, options exactly when there is no source, and valid
/// unique option ids.
fn validate_background(defs: &[Spanned<BackgroundDef>], errs: &mut Errors<'_>) -> Vec<Background> {
    let _ = unique_ids(
        errs,
        "background",
        defs.iter().map(|b| (b.get_ref().id.as_str(), b.span())),
    );
    let mut background = Vec::new();
    for (i, b) in defs.iter().enumerate() {
        let span = b.span();
        let b = b.get_ref();
        check_text(errs, &span, format!("background[{i}].text"), &b.text);
        let from_units = match b.source.as_deref() {
            None => false,
            Some("units") => true,
            Some(other) => {
                errs.push(
                    &span,
                    format!("background[{i}].source"),
                    Msg::new("instrument-background-source").arg("source", other),
                );
                false
            }
        };
        if from_units != b.options.is_empty() {
            errs.push(
                &span,
                format!("background[{i}].options"),
                Msg::new("instrument-background-options"),
            );
        }
        let _ = unique_ids(
            errs,
            &format!("background[{i}].options"),
            b.options.iter().map(|o| (o.id.as_str(), span.clone())),
        );
        background.push(Background {
            id: b.id.clone(),
            text: b.text.clone(),
            required: b.required,
            from_units,
            options: b
                .options
                .iter()
                .map(|o| Choice {
                    id: o.id.clone(),
                    label: Text {
                        nl: o.nl.clone(),
                        en: o.en.clone(),
                    },
                })
                .collect(),
        });
    }
    background
}

/// `[[indicators]]`: valid unique ids, both languages of `name`, a known
/// `domain` if given, and per `kind`: `domain_mean` needs a domain and
/// nothing else; `share_at_least` needs known items and a threshold within
/// each item's scale.
fn validate_indicators(
    defs: &[Spanned<IndicatorDef>],
    domain_ids: &HashMap<String, usize>,
    item_ids: &HashMap<String, usize>,
    items: &[Item],
    scales: &[Scale],
    errs: &mut Errors<'_>,
) -> Vec<Indicator> {
    let _ = unique_ids(
        errs,
        "indicators",
        defs.iter().map(|b| (b.get_ref().id.as_str(), b.span())),
    );
    let mut indicators = Vec::new();
    for (i, ind) in defs.iter().enumerate() {
        let span = ind.span();
        let ind = ind.get_ref();
        check_text(errs, &span, format!("indicators[{i}].name"), &ind.name);
        let domain = ind.domain.as_ref().map(|d| (d, domain_ids.get(d).copied()));
        if let Some((d, None)) = &domain {
            errs.push(
                &span,
                format!("indicators[{i}].domain"),
                Msg::new("instrument-unknown-domain").arg("id", d),
            );
        }
        let kind = match ind.kind.as_str() {
            "domain_mean" => {
                if domain.is_none() || !ind.items.is_empty() || ind.threshold.is_some() {
                    errs.push(
                        &span,
                        format!("indicators[{i}]"),
                        Msg::new("instrument-indicator-domain-mean"),
                    );
                }
                IndicatorKind::DomainMean {
                    domain: domain.and_then(|(_, d)| d).unwrap_or(0),
                }
            }
            "share_at_least" => {
                let mut idx = Vec::new();
                for id in &ind.items {
                    match item_ids.get(id) {
                        Some(&k) => idx.push(k),
                        None => errs.push(
                            &span,
                            format!("indicators[{i}].items"),
                            Msg::new("instrument-unknown-item").arg("id", id),
                        ),
                    }
                }
                let threshold = ind.threshold.unwrap_or(f64::NAN);
                let in_range = idx.iter().all(|&k| {
                    let s = &scales[items[k].scale];
                    threshold >= s.min() as f64 && threshold <= s.max() as f64
                });
                if ind.items.is_empty() || ind.threshold.is_none() || !in_range {
                    errs.push(
                        &span,
                        format!("indicators[{i}]"),
                        Msg::new("instrument-indicator-share"),
                    );
                }
                IndicatorKind::ShareAtLeast {
                    items: idx,
                    threshold,
                }
            }
            other => {
                errs.push(
                    &span,
                    format!("indicators[{i}].kind"),
                    Msg::new("instrument-indicator-kind").arg("kind", other),
                );
                IndicatorKind::ShareAtLeast {
                    items: vec![],
                    threshold: 0.0,
                }
            }
        };
        indicators.push(Indicator {
            id: ind.id.clone(),
            name: ind.name.clone(),
            kind,
        });
    }
    indicators
}

/// `[[feedback]]` and `[[feedback.bands]]`: a known `domain`, given at
/// most once; bands ascending from 0 and below 100; both languages of every
/// label, text and tip. Returns the bands per domain (`None`: not given).
fn validate_feedback(
    defs: &[Spanned<FeedbackDef>],
    domain_ids: &HashMap<String, usize>,
    domain_count: usize,
    errs: &mut Errors<'_>,
) -> Vec<Option<Vec<Band>>> {
    let mut feedback: Vec<Option<Vec<Band>>> = vec![None; domain_count];
    for (i, f) in defs.iter().enumerate() {
        let span = f.span();
        let f = f.get_ref();
        let Some(&d) = domain_ids.get(&f.domain) else {
            errs.push(
                &span,
                format!("feedback[{i}].domain"),
                Msg::new("instrument-unknown-domain").arg("id", &f.domain),
            );
            continue;
        };
        let ascending = f.bands.windows(2).all(|w| w[0].min < w[1].min);
        let first_zero = f.bands.first().is_some_and(|b| b.min == 0.0);
        let in_range = f.bands.iter().all(|b| (0.0..100.0).contains(&b.min));
        if !(ascending && first_zero && in_range) {
            errs.push(
                &span,
                format!("feedback[{i}].bands"),
                Msg::new("instrument-bands"),
            );
        }
        for (j, b) in f.bands.iter().enumerate() {
            check_text(
                errs,
                &span,
                format!("feedback[{i}].bands[{j}].label"),
                &b.label,
            );
            check_text(
                errs,
                &span,
                format!("feedback[{i}].bands[{j}].text"),
                &b.text,
            );
            for (k, t) in b.tips.iter().enumerate() {
                check_text(
                    errs,
                    &span,
                    format!("feedback[{i}].bands[{j}].tips[{k}]"),
                    t,
                );
            }
        }
        if feedback[d].is_some() {
            errs.push(
                &span,
                format!("feedback[{i}].domain"),
                Msg::new("instrument-feedback-twice").arg("id", &f.domain),
            );
        }
        feedback[d] = Some(
            f.bands
                .iter()
                .map(|b| Band {
                    min: b.min,
                    label: b.label.clone(),
                    text: b.text.clone(),
                    tips: b.tips.clone(),
                })
                .collect(),
        );
    }
    feedback
}

/// `[[open_questions]]`: valid unique ids that are not also item ids, both
/// languages of `text`, and a known `domain`. Returns the questions with a
/// known domain.
fn validate_open_questions(
    defs: &[Spanned<OpenDef>],
    domain_ids: &HashMap<String, usize>,
    item_ids: &HashMap<String, usize>,
    errs: &mut Errors<'_>,
) -> Vec<OpenQuestion> {
    let _ = unique_ids(
        errs,
        "open_questions",
        defs.iter().map(|q| (q.get_ref().id.as_str(), q.span())),
    );
    let mut open = Vec::new();
    for (i, q) in defs.iter().enumerate() {
        let span = q.span();
        let q = q.get_ref();
        check_text(errs, &span, format!("open_questions[{i}].text"), &q.text);
        if item_ids.contains_key(&q.id) {
            errs.push(
                &span,
                format!("open_questions[{i}].id"),
                Msg::new("instrument-id-duplicate").arg("id", &q.id),
            );
        }
        match domain_ids.get(&q.domain) {
            Some(&d) => open.push(OpenQuestion {
                id: q.id.clone(),
                domain: d,
                text: q.text.clone(),
            }),
            None => errs.push(
                &span,
                format!("open_questions[{i}].domain"),
                Msg::new("instrument-unknown-domain").arg("id", &q.domain),
            ),
        }
    }
    open
}

/// `[[domains]]` against `[[feedback]]`: every domain has feedback bands.
/// Reported last, after the open questions.
fn validate_feedback_complete(
    defs: &[Spanned<DomainDef>],
    domains: &[Domain],
    feedback: &[Option<Vec<Band>>],
    errs: &mut Errors<'_>,
) {
    let mut seen = HashSet::new();
    for (d, f) in feedback.iter().enumerate() {
        if f.is_none() && seen.insert(d) {
            errs.push(
                &defs[d].span(),
                format!("domains[{d}]"),
                Msg::new("instrument-feedback-missing").arg("id", &domains[d].id),
            );
        }
    }
}

// --- scoring a respondent's answers ------------------------------------------

/// One answer to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Value(i64),
    NotApplicable,
}

/// A respondent's score on one domain, 0-100, with the feedback band.
#[derive(Clone, Debug)]
pub struct DomainScore {
    pub domain: usize,
    /// `None` when too few items were answered.
    pub score: Option<f64>,
    pub band: Option<usize>,
    pub answered: usize,
}

impl Instrument {
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// The item's value after reverse-coding.
    pub fn coded(&self, item: usize, value: i64) -> i64 {
        let it = &self.items[item];
        let s = &self.scales[it.scale];
        if it.reverse {
            s.min() + s.max() - value
        } else {
            value
        }
    }

    /// Scores one respondent per domain: the mean of the answered items
    /// (n.v.t. excluded, reverse-coded items turned), rescaled from each
    /// item's scale range to 0-100; only when at least
    /// `min_answered_share` of the domain's items are answered.
    pub fn profile(&self, answers: &HashMap<String, Answer>) -> Vec<DomainScore> {
        self.domains
            .iter()
            .enumerate()
            .map(|(d, domain)| {
                let values: Vec<f64> = domain
                    .items
                    .iter()
                    .filter_map(|&i| match answers.get(&self.items[i].id) {
                        Some(Answer::Value(v)) => {
                            let s = &self.scales[self.items[i].scale];
                            let span = (s.max() - s.min()) as f64;
                            Some((self.coded(i, *v) - s.min()) as f64 / span * 100.0)
                        }
                        _ => None,
                    })
                    .collect();
                let enough = !domain.items.is_empty()
                    && values.len() as f64 / domain.items.len() as f64 >= self.min_answered_share;
                let score = (enough && !values.is_empty())
                    .then(|| values.iter().sum::<f64>() / values.len() as f64);
                let band = score.and_then(|s| self.feedback[d].iter().rposition(|b| b.min <= s));
                DomainScore {
                    domain: d,
                    score,
                    band,
                    answered: values.len(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn open_questions_need_a_known_domain_and_a_fresh_id() {
        let ok = format!(
            "{MINI}\n[[open_questions]]\nid = \"a-open\"\ndomain = \"a\"\ntext = {{ nl = \"Waarom?\", en = \"Why?\" }}\n"
        );
        let i = parse("mini.toml", &ok).unwrap();
        assert_eq!(i.open.len(), 1);
        assert_eq!(i.open[0].domain, 0);
        let bad = format!(
            "{MINI}\n[[open_questions]]\nid = \"a1\"\ndomain = \"zz\"\ntext = {{ nl = \"Waarom?\", en = \"Why?\" }}\n"
        );
        let e = parse("mini.toml", &bad).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"open_questions[0].id"), "{fields:?}");
        assert!(fields.contains(&"open_questions[0].domain"), "{fields:?}");
        assert!(e.iter().all(|e| e.line > 1), "{e:?}");
    }

    pub const MINI: &str = r#"
id = "mini"
version = "1"
title = { nl = "Mini", en = "Mini" }
intro = { nl = "Intro", en = "Intro" }
not_applicable = { nl = "n.v.t.", en = "n/a" }

[scoring]
min_answered_share = 0.5

[[domains]]
id = "a"
name = { nl = "A", en = "A" }
description = { nl = "Over A", en = "About A" }

[[scales]]
id = "eens"
kind = "agreement"
options = [
  { value = 1, nl = "oneens", en = "disagree" },
  { value = 2, nl = "neutraal", en = "neutral" },
  { value = 3, nl = "eens", en = "agree" },
]

[[items]]
id = "a1"
domain = "a"
scale = "eens"
text = { nl = "Een", en = "One" }

[[items]]
id = "a2"
domain = "a"
scale = "eens"
text = { nl = "Twee", en = "Two" }
reverse = true

[[items]]
id = "a3"
domain = "a"
scale = "eens"
text = { nl = "Drie", en = "Three" }
allow_na = true

[[indicators]]
id = "share-a"
name = { nl = "% A", en = "% A" }
kind = "share_at_least"
items = ["a1"]
threshold = 3.0

[[feedback]]
domain = "a"
[[feedback.bands]]
min = 0
label = { nl = "Laag", en = "Low" }
text = { nl = "Tekst", en = "Text" }
tips = [{ nl = "Tip", en = "Tip" }]
[[feedback.bands]]
min = 50
label = { nl = "Hoog", en = "High" }
text = { nl = "Tekst", en = "Text" }
tips = []
"#;

    #[test]
    fn a_valid_file_loads() {
        let i = parse("mini.toml", MINI).unwrap();
        assert_eq!(i.domains[0].items, vec![0, 1, 2]);
        assert_eq!(i.feedback[0].len(), 2);
    }

    #[test]
    fn the_profile_reverse_codes_skips_na_and_rescales() {
        let i = parse("mini.toml", MINI).unwrap();
        let answers: HashMap<String, Answer> = [
            ("a1".to_string(), Answer::Value(3)),
            ("a2".to_string(), Answer::Value(3)),
            ("a3".to_string(), Answer::NotApplicable),
        ]
        .into();
        let p = i.profile(&answers);
        // a1 = 3 -> 100; a2 = 3 reversed -> 1 -> 0; mean 50.
        assert_eq!(p[0].score, Some(50.0));
        assert_eq!(p[0].band, Some(1));
        assert_eq!(p[0].answered, 2);
        let few: HashMap<String, Answer> = [("a1".to_string(), Answer::Value(1))].into();
        assert_eq!(
            i.profile(&few)[0].score,
            None,
            "1 of 3 answered is below the share"
        );
    }

    fn errors(src: &str) -> Vec<(usize, String, String)> {
        parse("x.toml", src)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.field, e.reason.key.to_string()))
            .collect()
    }

    #[test]
    fn a_wrong_reference_is_reported_with_line_and_field() {
        let src = MINI.replace(
            "domain = \"a\"\nscale = \"eens\"\ntext = { nl = \"Twee\"",
            "domain = \"b\"\nscale = \"eens\"\ntext = { nl = \"Twee\"",
        );
        let errs = errors(&src);
        // The line of the item's `[[items]]` header, just above its id.
        let line = MINI
            .lines()
            .position(|l| l.contains("id = \"a2\""))
            .unwrap();
        assert!(
            errs.contains(&(
                line,
                "items[1].domain".into(),
                "instrument-unknown-domain".into()
            )),
            "{errs:?}"
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let src = MINI.replace("reverse = true", "reverse = tru");
        let errs = errors(&src);
        let line = MINI
            .lines()
            .position(|l| l.contains("reverse = true"))
            .unwrap()
            + 1;
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, line, "{errs:?}");
        assert_eq!(errs[0].2, "instrument-syntax");
    }

    #[test]
    fn an_unknown_field_is_named() {
        let src = MINI.replace("allow_na = true", "allow_nb = true");
        let errs = errors(&src);
        assert_eq!(errs[0].1, "allow_nb", "{errs:?}");
    }

    #[test]
    fn semantic_rules_are_checked() {
        let src = MINI
            .replace("threshold = 3.0", "threshold = 9.0")
            .replace("min = 50", "min = 0")
            .replace("min_answered_share = 0.5", "min_answered_share = 0");
        let keys: Vec<String> = errors(&src).into_iter().map(|e| e.2).collect();
        for k in [
            "instrument-indicator-share",
            "instrument-bands",
            "instrument-share-range",
        ] {
            assert!(keys.contains(&k.to_string()), "{k} in {keys:?}");
        }
    }
}

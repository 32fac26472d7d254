//! Pages of programme management: the dashboard ("are we on track?" per
//! objective), KPIs with their figures, milestones with a timeline, and
//! the programme definition with its versions. The programme manager
//! changes things; the steering group reads.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use time::Date;

use super::definition::{self, Programme, Unit};
use super::kpi::{self, Light, Origin};
use super::loaded::{LoadError, Loaded, light_label, load};
use super::sources::{self, SourceCtx};
use super::store::{self, SaveError};
use super::{MilestoneStatus, SeenState, Shown};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme", get(dashboard))
        .route("/programme/kpis", get(kpis_page))
        .route("/programme/kpis/{id}", post(add_kpi_entry))
        .route("/programme/milestones", get(milestones_page))
        .route("/programme/milestones/{id}", post(set_milestone))
        .route(
            "/programme/definition",
            get(definition_page).post(save_definition),
        )
        .route("/programme/definition/{version}", get(version_page))
}

/// What the KPI sources may read, from the application's state.
pub fn source_ctx(state: &AppState) -> SourceCtx<'_> {
    SourceCtx {
        db: &state.db,
        instruments: &state.instruments,
        waves: &state.waves,
        min_group: state.settings.min_group,
    }
}

impl From<LoadError> for AppError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Store(e) => e.into(),
            LoadError::Other(e) => AppError::Internal(e),
        }
    }
}

// --- dashboard ----------------------------------------------------------------------

struct KpiLine {
    id: String,
    name: String,
    light: &'static str,
    light_label: String,
    reason: String,
}

struct LateLine {
    id: String,
    name: String,
    due: Date,
}

struct ObjectiveView {
    number: u32,
    text: String,
    light: &'static str,
    light_label: String,
    kpis: Vec<KpiLine>,
    late: Vec<LateLine>,
    /// KPIs with no data yet.
    no_data: usize,
}

#[derive(Template)]
#[template(path = "programme/dashboard.html")]
struct DashboardPage {
    p: Page,
    name: String,
    version: i32,
    objectives: Vec<ObjectiveView>,
    milestones_total: usize,
    milestones_done: usize,
    milestones_late: usize,
    lights: Vec<(&'static str, String, usize)>,
}

async fn dashboard(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewProgramme)?;
    let s = load(&source_ctx(&state), &ctx.tr).await?;
    let tr = &ctx.tr;
    let lang = tr.lang;
    let p = &s.programme;
    let kpi_line = |k: usize| KpiLine {
        id: p.kpis[k].id.clone(),
        name: p.kpis[k].name.get(lang).to_string(),
        light: s.assessments[k].light.key(),
        light_label: light_label(tr, s.assessments[k].light),
        reason: tr.msg(&s.assessments[k].reason),
    };
    let objectives = super::objective_status(p, &s.assessments, &s.shown)
        .into_iter()
        .map(|o| {
            let text = p
                .objectives
                .iter()
                .find(|x| x.number == o.number)
                .map(|x| x.text.get(lang).to_string())
                .unwrap_or_default();
            ObjectiveView {
                number: o.number,
                text,
                light: o.light.key(),
                light_label: light_label(tr, o.light),
                kpis: o.kpis.iter().map(|&k| kpi_line(k)).collect(),
                no_data: o
                    .kpis
                    .iter()
                    .filter(|&&k| s.assessments[k].light == Light::Grey)
                    .count(),
                late: o
                    .late
                    .iter()
                    .map(|&m| LateLine {
                        id: p.milestones[m].id.clone(),
                        name: p.milestones[m].name.get(lang).to_string(),
                        due: p.milestones[m].due,
                    })
                    .collect(),
            }
        })
        .collect();
    let lights = [Light::Green, Light::Amber, Light::Red, Light::Grey]
        .into_iter()
        .map(|l| {
            let n = s.assessments.iter().filter(|a| a.light == l).count();
            (l.key(), light_label(tr, l), n)
        })
        .collect();
    DashboardPage {
        p: ctx.page("programme-title"),
        name: p.name.get(lang).to_string(),
        version: s.version.version,
        objectives,
        milestones_total: s.shown.len(),
        milestones_done: s.shown.iter().filter(|m| **m == Shown::Done).count(),
        milestones_late: s.shown.iter().filter(|m| **m == Shown::Late).count(),
        lights,
    }
    .html()
}

// --- KPIs -------------------------------------------------------------------------

struct ObservationView {
    period: String,
    value: String,
    origin: String,
}

struct KpiView {
    id: String,
    name: String,
    line: String,
    objective: String,
    target: String,
    light: &'static str,
    light_label: String,
    reason: String,
    trend: String,
    source: String,
    rule: String,
    manual: bool,
    observations: Vec<ObservationView>,
    /// The entry form's fields (manual KPIs), with what was sent and why
    /// it was refused when this KPI's form came back.
    fields: Vec<FieldView>,
    refused: bool,
}

struct FieldView {
    name: &'static str,
    label: String,
    kind: &'static str,
    hint: String,
    value: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "programme/kpis.html")]
struct KpisPage {
    p: Page,
    kpis: Vec<KpiView>,
    can_manage: bool,
}

/// The KPI whose entry form was refused: its id, what was sent, why.
struct Refused<'a> {
    kpi: &'a str,
    form: &'a KpiEntryForm,
    errors: &'a FieldErrors,
}

fn entry_fields(tr: &Tr, refused: Option<&Refused<'_>>) -> Vec<FieldView> {
    let empty = KpiEntryForm::default();
    let form = refused.map_or(&empty, |r| r.form);
    let error = |f: &str| refused.and_then(|r| r.errors.get(f)).map(str::to_string);
    let field = |name: &'static str, label: &str, kind, hint: &str, value: &str| FieldView {
        name,
        label: tr.t(label),
        kind,
        hint: if hint.is_empty() {
            String::new()
        } else {
            tr.t(hint)
        },
        value: value.to_string(),
        error: error(name),
    };
    vec![
        field(
            "period",
            "kpi-period",
            "text",
            "kpi-period-hint",
            &form.period,
        ),
        field(
            "period_ends",
            "kpi-period-ends",
            "date",
            "",
            &form.period_ends,
        ),
        field("value", "kpi-value", "text", "kpi-value-hint", &form.value),
        field("note", "kpi-note", "text", "", &form.note),
    ]
}

fn kpi_views(tr: &Tr, s: &Loaded, refused: Option<&Refused<'_>>) -> Vec<KpiView> {
    let lang = tr.lang;
    let p = &s.programme;
    p.kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| {
            let a = &s.assessments[k];
            let direction = match kpi.direction {
                definition::Direction::AtLeast => tr.t("kpi-at-least"),
                definition::Direction::AtMost => tr.t("kpi-at-most"),
            };
            let period = match kpi.due {
                Some(d) => tr.t1("kpi-period-due", "date", d),
                None => tr.t(&format!("kpi-period-{}", period_key(kpi.period))),
            };
            let rule = if kpi.rule == kpi::MANUAL {
                tr.t("kpi-rule-manual")
            } else if sources::has_source(&kpi.rule) {
                tr.t1("kpi-rule-computed", "what", tr.t(&kpi::rule_key(&kpi.rule)))
            } else {
                tr.t1("kpi-rule-missing", "what", tr.t(&kpi::rule_key(&kpi.rule)))
            };
            KpiView {
                id: kpi.id.clone(),
                name: kpi.name.get(lang).to_string(),
                line: kpi
                    .action_line
                    .map(|l| p.action_lines[l].letter.to_string())
                    .unwrap_or_default(),
                objective: kpi.objective.map(|o| o.to_string()).unwrap_or_default(),
                target: format!(
                    "{direction} {} ({period})",
                    kpi::format_value(tr, kpi.unit, kpi.target)
                ),
                light: a.light.key(),
                light_label: light_label(tr, a.light),
                reason: tr.msg(&a.reason),
                trend: tr.t(&format!("kpi-trend-{}", a.trend.key())),
                source: kpi.source.clone(),
                rule,
                manual: kpi.rule == kpi::MANUAL,
                fields: if kpi.rule == kpi::MANUAL {
                    entry_fields(tr, refused.filter(|r| r.kpi == kpi.id))
                } else {
                    Vec::new()
                },
                refused: refused.is_some_and(|r| r.kpi == kpi.id),
                observations: s.observations[k]
                    .iter()
                    .map(|o| ObservationView {
                        period: o.period.clone(),
                        value: kpi::format_value(tr, kpi.unit, o.value),
                        origin: match &o.origin {
                            Origin::Computed { detail } => tr.msg(detail),
                            Origin::Manual { by, on, note } => tr.msg(
                                &Msg::new("kpi-origin-manual")
                                    .arg("by", by)
                                    .arg("on", on)
                                    .arg("note", note),
                            ),
                        },
                    })
                    .collect(),
            }
        })
        .collect()
}

fn period_key(p: definition::Period) -> &'static str {
    match p {
        definition::Period::Once => "once",
        definition::Period::SchoolYear => "school-year",
        definition::Period::CalendarYear => "calendar-year",
        definition::Period::Month => "month",
        definition::Period::Programme => "programme",
    }
}

async fn kpis_page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let s = load(&source_ctx(&state), &ctx.tr).await?;
    KpisPage {
        p: ctx.page("kpis-title"),
        kpis: kpi_views(&ctx.tr, &s, None),
        can_manage: user.can(Action::ManageProgramme),
    }
    .html()
}

#[derive(Clone, Debug, Default, Deserialize)]
struct KpiEntryForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    period_ends: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    note: String,
}

/// Checks a hand-entered figure against the KPI's unit.
fn check_entry(unit: Unit, form: &KpiEntryForm, tr: &Tr) -> Result<(Date, f64), FieldErrors> {
    let mut errors = Vec::new();
    if form.period.trim().is_empty() || form.period.chars().count() > 40 {
        errors.push(("period", tr.t("kpi-entry-period-invalid")));
    }
    let date = definition::parse_date(&form.period_ends);
    if date.is_none() {
        errors.push(("period_ends", tr.t("kpi-entry-date-invalid")));
    }
    let value = form.value.trim().replace(',', ".").parse::<f64>().ok();
    let ok = value.is_some_and(|v| {
        v.is_finite()
            && v >= 0.0
            && match unit {
                Unit::Percent => v <= 100.0,
                Unit::YesNo => v == 0.0 || v == 1.0,
                Unit::Count | Unit::Meetings => true,
            }
    });
    if !ok {
        let key = match unit {
            Unit::Percent => "kpi-entry-value-percent",
            Unit::YesNo => "kpi-entry-value-yes-no",
            Unit::Count | Unit::Meetings => "kpi-entry-value-number",
        };
        errors.push(("value", tr.t(key)));
    }
    if form.note.chars().count() > 500 {
        errors.push(("note", tr.t("kpi-entry-note-long")));
    }
    match (date, value, errors.is_empty()) {
        (Some(d), Some(v), true) => Ok((d, v)),
        _ => Err(errors.into()),
    }
}

async fn add_kpi_entry(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<KpiEntryForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let (_, programme) = store::current(&state.db).await?;
    let kpi = programme
        .kpis
        .iter()
        .find(|k| k.id == id)
        .ok_or(AppError::NotFound)?;
    if kpi.rule != kpi::MANUAL {
        // Computed figures come from the data, never from a form.
        return Err(AppError::NotFound);
    }
    match check_entry(kpi.unit, &form, &ctx.tr) {
        Ok((period_ends, value)) => {
            store::add_kpi_entry(
                &state.db,
                &user.actor(),
                &store::NewKpiEntry {
                    kpi: &kpi.id,
                    period: form.period.trim(),
                    period_ends,
                    value,
                    note: form.note.trim(),
                },
            )
            .await?;
            ctx.flash(Msg::new("kpi-entry-saved")).await?;
            Ok(Redirect::to(&format!("/programme/kpis#kpi-{}", kpi.id)).into_response())
        }
        Err(errors) => {
            let s = load(&source_ctx(&state), &ctx.tr).await?;
            let refused = Refused {
                kpi: &kpi.id,
                form: &form,
                errors: &errors,
            };
            let page = KpisPage {
                p: ctx.page("kpis-title"),
                kpis: kpi_views(&ctx.tr, &s, Some(&refused)),
                can_manage: true,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

// --- milestones -----------------------------------------------------------------

struct MilestoneView {
    id: String,
    name: String,
    line: char,
    activity: String,
    due: Date,
    status: &'static str,
    status_label: String,
    recorded: &'static str,
    done_on: String,
    /// The evidence link: recorded by hand, or the platform page that
    /// shows an observed milestone (empty: none).
    evidence: String,
    evidence_label: String,
    updated: String,
    source: String,
    /// Derived from the platform's data: no form to set it by hand.
    observed: bool,
}

/// One row of the timeline: an activity's name (wrapped over as many
/// lines as it needs), its bar and its milestones.
struct TimelineRow {
    /// (y, text) of each line of the label.
    label: Vec<(i64, String)>,
    /// Top of the bar.
    y: i64,
    x: i64,
    width: i64,
    marks: Vec<(i64, &'static str, String)>,
}

struct Timeline {
    width: i64,
    height: i64,
    /// Font size of every text, in the chart's units.
    font: i64,
    rows: Vec<TimelineRow>,
    /// (x, label, anchor) of year boundaries.
    years: Vec<(i64, i32, &'static str)>,
    /// Top and bottom of the area with the bars.
    top: i64,
    bottom: i64,
    /// Where today is (the chart runs to today when that is later).
    today: i64,
}

/// The timeline's width in its own units: no wider than the figure it
/// sits in (44rem, 704 px on a 1280 px screen), so it is never scaled
/// down there and its text keeps at least its font size.
pub const TIMELINE_WIDTH: i64 = 700;
/// Font size of the timeline's text (at least 11 px, as asked).
pub const TIMELINE_FONT: i64 = 12;
const MARGIN_LEFT: i64 = 8;
/// Room for a milestone's mark and a year's label at the right end.
const MARGIN_RIGHT: i64 = 16;
const LINE: i64 = 15;
const AXIS: i64 = 24;

/// Splits `text` into lines of at most `max` characters at spaces (a word
/// longer than that gets a line of its own).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= max => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The timeline of the activities and milestones, from the programme's
/// start to its end (or to today, when later, so that today's line is in
/// the chart).
fn timeline(tr: &Tr, p: &Programme, shown: &[Shown], today: Date) -> Timeline {
    let lang = tr.lang;
    let mut start = p.starts.min(today);
    let mut end = p.ends.max(today);
    for a in &p.activities {
        start = start.min(a.starts);
        end = end.max(a.ends);
    }
    for m in &p.milestones {
        end = end.max(m.due);
    }
    let plot = TIMELINE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    let days = ((end - start).whole_days()).max(1);
    let x = |d: Date| MARGIN_LEFT + (d - start).whole_days().clamp(0, days) * plot / days;
    // Characters per label line: an average glyph is at most 0.62 em wide.
    let max_chars = usize::try_from(plot * 100 / (TIMELINE_FONT * 62)).unwrap_or(40);
    let mut y = AXIS;
    let mut rows = Vec::new();
    for (i, a) in p.activities.iter().enumerate() {
        let text = format!(
            "{} · {}",
            p.action_lines[a.action_line].letter,
            a.name.get(lang)
        );
        let label: Vec<(i64, String)> = wrap(&text, max_chars)
            .into_iter()
            .map(|l| {
                y += LINE;
                (y, l)
            })
            .collect();
        let bar = y + 6;
        y = bar + 12 + 8;
        rows.push(TimelineRow {
            label,
            y: bar,
            x: x(a.starts),
            width: (x(a.ends) - x(a.starts)).max(2),
            marks: p
                .milestones
                .iter()
                .enumerate()
                .filter(|(_, m)| m.activity == i)
                .map(|(k, m)| {
                    (
                        x(m.due),
                        shown[k].key(),
                        format!("{} ({})", m.name.get(lang), m.due),
                    )
                })
                .collect(),
        });
    }
    // A year's label stands right of its line, or left of it near the end.
    let label_width = 4 * TIMELINE_FONT * 62 / 100 + 4;
    let years = (start.year() + 1..=end.year())
        .filter_map(|y| Date::from_calendar_date(y, time::Month::January, 1).ok())
        .map(|d| {
            let x = x(d);
            let anchor = if x + label_width > TIMELINE_WIDTH {
                "end"
            } else {
                "start"
            };
            (x, d.year(), anchor)
        })
        .collect();
    Timeline {
        width: TIMELINE_WIDTH,
        height: y + 4,
        font: TIMELINE_FONT,
        rows,
        years,
        top: AXIS - 4,
        bottom: y,
        today: x(today),
    }
}

#[derive(Template)]
#[template(path = "programme/milestones.html")]
struct MilestonesPage {
    p: Page,
    milestones: Vec<MilestoneView>,
    timeline: Timeline,
    statuses: Vec<(&'static str, String)>,
    can_manage: bool,
    refused: Option<String>,
    errors: FieldErrors,
}

fn milestone_views(tr: &Tr, s: &Loaded) -> Vec<MilestoneView> {
    let lang = tr.lang;
    let p = &s.programme;
    p.milestones
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let a = &p.activities[m.activity];
            let rec = s.progress.iter().find(|r| r.milestone == m.id);
            let mut view = MilestoneView {
                id: m.id.clone(),
                name: m.name.get(lang).to_string(),
                line: p.action_lines[a.action_line].letter,
                activity: a.name.get(lang).to_string(),
                due: m.due,
                status: s.shown[k].key(),
                status_label: tr.t(&format!("milestone-status-{}", s.shown[k].key())),
                recorded: rec.map_or("planned", |r| r.status.key()),
                done_on: rec
                    .and_then(|r| r.done_on)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                evidence: rec.map(|r| r.evidence.clone()).unwrap_or_default(),
                evidence_label: tr.t("milestone-evidence-link"),
                updated: rec
                    .map(|r| {
                        tr.msg(
                            &Msg::new("milestone-updated")
                                .arg("by", &r.updated_by)
                                .arg("on", r.updated_on),
                        )
                    })
                    .unwrap_or_default(),
                source: m.source.clone(),
                observed: false,
            };
            if let Some(seen) = &s.seen[k] {
                // What was recorded by hand does not count here.
                view.observed = true;
                view.done_on = match seen.state {
                    SeenState::Done(d) => d.to_string(),
                    _ => String::new(),
                };
                view.evidence = seen.href.clone().unwrap_or_default();
                view.evidence_label = tr.msg(&seen.label);
                view.updated = tr.t("milestone-observed");
            }
            view
        })
        .collect()
}

fn milestones_page_of(
    ctx: &Ctx,
    s: &Loaded,
    can_manage: bool,
    refused: Option<String>,
    errors: FieldErrors,
) -> MilestonesPage {
    MilestonesPage {
        p: ctx.page("milestones-title"),
        milestones: milestone_views(&ctx.tr, s),
        timeline: timeline(&ctx.tr, &s.programme, &s.shown, s.today),
        statuses: MilestoneStatus::ALL
            .iter()
            .map(|m| (m.key(), ctx.tr.t(&format!("milestone-status-{}", m.key()))))
            .collect(),
        can_manage,
        refused,
        errors,
    }
}

async fn milestones_page(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let s = load(&source_ctx(&state), &ctx.tr).await?;
    milestones_page_of(
        &ctx,
        &s,
        user.can(Action::ManageProgramme),
        None,
        FieldErrors::default(),
    )
    .html()
}

#[derive(Deserialize)]
struct MilestoneForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    done_on: String,
    #[serde(default)]
    evidence: String,
}

async fn set_milestone(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let (_, programme) = store::current(&state.db).await?;
    let milestone = programme
        .milestones
        .iter()
        .find(|m| m.id == id)
        .ok_or(AppError::NotFound)?;
    if milestone.observed_by.is_some() {
        return Err(AppError::Conflict(Msg::new("milestone-observed-refused")));
    }
    let tr = &ctx.tr;
    let mut errors = Vec::new();
    let status = MilestoneStatus::from_key(&form.status);
    if status.is_none() {
        errors.push(("status", tr.t("milestone-status-invalid")));
    }
    let done_on = match form.done_on.trim() {
        "" => None,
        d => {
            let parsed = definition::parse_date(d);
            if parsed.is_none() {
                errors.push(("done_on", tr.t("kpi-entry-date-invalid")));
            }
            parsed
        }
    };
    let evidence = form.evidence.trim();
    if !super::valid_link(evidence) {
        errors.push(("evidence", tr.t("milestone-evidence-invalid")));
    }
    if status == Some(MilestoneStatus::Done) && done_on.is_none() && errors.is_empty() {
        errors.push(("done_on", tr.t("milestone-done-needs-date")));
    }
    match status {
        Some(status) if errors.is_empty() => {
            store::set_milestone(&state.db, &user.actor(), &id, status, done_on, evidence).await?;
            ctx.flash(Msg::new("milestone-saved")).await?;
            Ok(Redirect::to(&format!("/programme/milestones#ms-{id}")).into_response())
        }
        _ => {
            let s = load(&source_ctx(&state), &ctx.tr).await?;
            let page = milestones_page_of(&ctx, &s, true, Some(id), errors.into());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

// --- definition -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "programme/definition.html")]
struct DefinitionPage {
    p: Page,
    current: i32,
    source: String,
    versions: Vec<store::Version>,
    can_manage: bool,
    errors: Vec<String>,
}

async fn definition_page(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let versions = store::versions(&state.db).await?;
    let latest = versions.first().ok_or(AppError::NotFound)?;
    DefinitionPage {
        p: ctx.page("programme-definition-title"),
        current: latest.version,
        source: latest.source.clone(),
        can_manage: user.can(Action::ManageProgramme),
        versions,
        errors: Vec::new(),
    }
    .html()
}

#[derive(Deserialize)]
struct DefinitionForm {
    #[serde(default)]
    source: String,
}

async fn save_definition(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<DefinitionForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    // Browsers send form text with CRLF line ends.
    let source = form.source.replace("\r\n", "\n");
    match store::save_version(&state.db, &user.actor(), &source).await {
        Ok(v) => {
            ctx.flash(Msg::new("programme-version-saved").arg("version", v))
                .await?;
            Ok(Redirect::to("/programme/definition").into_response())
        }
        Err(SaveError::Store(e)) => Err(e.into()),
        Err(SaveError::Invalid(errs)) => {
            let versions = store::versions(&state.db).await?;
            let page = DefinitionPage {
                p: ctx.page("programme-definition-title"),
                current: versions.first().map_or(0, |v| v.version),
                source,
                can_manage: true,
                versions,
                errors: errs.iter().map(|e| e.render(&ctx.tr)).collect(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "programme/version.html")]
struct VersionPage {
    p: Page,
    version: store::Version,
}

async fn version_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(version): Path<i32>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewProgramme)?;
    let version = store::versions(&state.db)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or(AppError::NotFound)?;
    VersionPage {
        p: ctx.page_titled(
            ctx.tr
                .t1("programme-version-title", "version", version.version),
        ),
        version,
    }
    .html()
}

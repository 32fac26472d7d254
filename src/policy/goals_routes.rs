//! Pages of the goals (issue 14, item 3): one institution's cycle as a
//! timeline (goal → measurement → reflection → next goal), the forms that
//! set a goal, record a reflection and set the follow-up, the confirmation
//! before a goal is deleted, and the goals as JSON.
//!
//! Who sees what: the institution's goals are read by whoever reads its
//! policy; the measured figures only by those who may read its report by
//! name (its coordinator and the programme manager; the steering group and
//! researchers when the institution consented to be named, as in the
//! reports). Others see that a goal exists, not how it came out.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::goals::{GoalInput, Measure, Metric, Outcome, ReflectionInput};
use super::goals_service::{self, Measured};
use super::goals_store;
use crate::analysis::service::Env;
use crate::auth::{Action, CurrentUser};
use crate::i18n::{Msg, Tr};
use crate::institutions::InstitutionCode;
use crate::reports::document::{Labels, format_number};
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/policy/{code}/goals", get(goals_page).post(create_goal))
        .route(
            "/policy/{code}/goals/{id}/reflection",
            axum::routing::post(reflect),
        )
        .route(
            "/policy/{code}/goals/{id}/delete",
            get(confirm_delete).post(delete_goal),
        )
}

fn parse_code(code: &str) -> Result<InstitutionCode, AppError> {
    code.parse().map_err(|_| AppError::NotFound)
}

fn env<'a>(state: &'a AppState, tr: Tr) -> Env<'a> {
    Env {
        db: &state.db,
        instruments: &state.instruments,
        waves: &state.waves,
        tr,
        min_group: state.settings.min_group,
    }
}

/// One goal on the timeline.
struct GoalView {
    id: i64,
    description: String,
    metric: String,
    team: Option<String>,
    baseline_wave: String,
    /// The baseline as shown, or why there is none.
    baseline: String,
    target: String,
    target_year: i32,
    created: String,
    outcome_key: &'static str,
    /// The traffic light's class (green met, red not met, grey not
    /// measurable, amber pending); the word is always shown with it.
    outcome_class: &'static str,
    /// The measured figure, the reason it is not measurable, or the wave
    /// still in fieldwork.
    outcome_detail: String,
    reflection: Option<(String, String, String)>,
    can_reflect: bool,
    can_follow_up: bool,
    can_delete: bool,
    follows: Option<i64>,
    /// The follow-up form: refused values, or this goal's as a start.
    next_form: GoalInput,
}

#[derive(Template)]
#[template(path = "policy/goals.html")]
struct GoalsPage {
    p: Page,
    code: String,
    name: String,
    can_edit: bool,
    figures_visible: bool,
    chains: Vec<Vec<GoalView>>,
    goal_count: usize,
    new_form: GoalInput,
    errors: FieldErrors,
    /// The wave a new goal's baseline comes from.
    baseline_wave: Option<String>,
    metrics: Vec<(String, String)>,
    units: Vec<(String, String)>,
    years: Vec<i32>,
    /// The goal whose reflection or follow-up form was refused.
    refused_for: Option<i64>,
    reflection_text: String,
    reflection_errors: FieldErrors,
}

impl GoalsPage {
    /// Whether the refused reflection or follow-up was goal `id`'s.
    fn is_refused(&self, id: &i64) -> bool {
        self.refused_for == Some(*id)
    }

    /// The refusal of `field` when the refused form is the one drawn.
    fn error(&self, here: &bool, field: &str) -> Option<&str> {
        if *here { self.errors.get(field) } else { None }
    }

    /// The ids that describe a field: its hint and its error.
    fn described(&self, id: &str, hint: bool, error: bool) -> String {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{id}-hint"));
        }
        if error {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    }
}

#[derive(Default)]
struct Refused {
    form: Option<GoalInput>,
    errors: FieldErrors,
    reflect_for: Option<i64>,
    reflection_text: String,
    reflection_errors: FieldErrors,
}

fn number(labels: &Labels, v: f64, share: bool) -> String {
    let n = format_number(v, 1, labels);
    if share { format!("{n}%") } else { n }
}

fn outcome_class(o: Outcome) -> &'static str {
    match o {
        Outcome::Pending => "light-amber",
        Outcome::Met(_) => "light-green",
        Outcome::NotMet(_) => "light-red",
        Outcome::NotMeasurable(_) => "light-grey",
    }
}

fn measure_text(tr: &Tr, labels: &Labels, m: Measure, share: bool) -> String {
    match m {
        Measure::Value(v) => number(labels, super::goals::shown(v), share),
        Measure::None(why) => tr.t(why.key()),
    }
}

async fn figures_visible(
    state: &AppState,
    user: &CurrentUser,
    code: &InstitutionCode,
) -> Result<bool, AppError> {
    Ok(crate::analysis::service::may_view_institution(&state.db, user, code).await?)
}

async fn view(
    ctx: &Ctx,
    state: &AppState,
    code: &InstitutionCode,
    refused: Refused,
) -> Result<GoalsPage, AppError> {
    let user = ctx.user()?;
    user.require_institution(Action::ViewPolicy, code)?;
    let inst = crate::institutions::store::get(&state.db, code).await?;
    let tr = ctx.tr;
    let labels = crate::reports::view::labels(&tr, state.settings.min_group.get());
    let visible = figures_visible(state, user, code).await?;
    let can_edit = user.can_for(Action::EditPolicy, code);
    let (m, measured) = goals_service::measured(&env(state, tr), code.as_str()).await?;
    let units = crate::monitor::store::units(&state.db, code).await?;
    let team_name = |id: i64| units.iter().find(|u| u.id == id).map(|u| u.name.clone());
    let followed: Vec<i64> = measured.iter().filter_map(|g| g.goal.follows).collect();
    let pairs: Vec<(i64, Option<i64>)> = measured
        .iter()
        .map(|g| (g.goal.id, g.goal.follows))
        .collect();
    let mut views: Vec<Option<GoalView>> = measured
        .iter()
        .map(|g: &Measured| {
            let s = &g.goal;
            let detail = match g.outcome {
                Outcome::Met(v) | Outcome::NotMet(v) => tr.msg(
                    &Msg::new("goal-measured-in")
                        .arg("value", number(&labels, v, g.share))
                        .arg("wave", g.target_wave.clone().unwrap_or_default()),
                ),
                Outcome::NotMeasurable(why) => tr.t(why.key()),
                Outcome::Pending => match &g.running {
                    Some(w) => tr.t1("goal-pending-running", "wave", w),
                    None => tr.t1("goal-pending-later", "year", s.target_year),
                },
            };
            let hidden = !visible && g.outcome.is_measured();
            Some(GoalView {
                id: s.id,
                description: s.description.clone(),
                metric: g.metric_name.clone(),
                team: s.unit.and_then(team_name),
                baseline_wave: g.baseline_wave.clone(),
                baseline: if visible {
                    measure_text(&tr, &labels, g.baseline, g.share)
                } else {
                    tr.t("goal-figures-hidden")
                },
                target: number(&labels, s.target_value, g.share),
                target_year: s.target_year,
                created: format!(
                    "{} · {}",
                    crate::audit::local(s.created_at).date(),
                    s.created_by
                ),
                outcome_key: if hidden {
                    "goal-outcome-hidden"
                } else {
                    g.outcome.key()
                },
                outcome_class: if hidden {
                    "light-grey"
                } else {
                    outcome_class(g.outcome)
                },
                outcome_detail: if hidden {
                    tr.t("goal-figures-hidden")
                } else {
                    detail
                },
                reflection: s.reflection.as_ref().map(|r| {
                    (
                        r.text.clone(),
                        r.by.clone(),
                        crate::audit::local(r.at).date().to_string(),
                    )
                }),
                // A refused reflection is drawn again, with its message,
                // even when the refusal was that nothing is measured yet.
                can_reflect: can_edit
                    && s.reflection.is_none()
                    && (g.outcome.is_measured()
                        || (refused.reflect_for == Some(s.id)
                            && !refused.reflection_errors.is_empty())),
                can_follow_up: can_edit && s.reflection.is_some() && !followed.contains(&s.id),
                can_delete: can_edit && s.reflection.is_none() && !followed.contains(&s.id),
                follows: s.follows,
                next_form: match (&refused.form, refused.reflect_for) {
                    (Some(f), Some(r)) if r == s.id => f.clone(),
                    _ => GoalInput {
                        description: s.description.clone(),
                        metric: s.metric.code(),
                        unit: s.unit.map(|u| u.to_string()).unwrap_or_default(),
                        target_value: String::new(),
                        target_year: String::new(),
                    },
                },
            })
        })
        .collect();
    // A follow-up refused for a goal that offers no follow-up form (no
    // reflection yet, from a stale page) is shown on the new goal's form,
    // so its message is seen.
    let follow_up_drawn = views
        .iter()
        .flatten()
        .any(|v| v.can_follow_up && refused.reflect_for == Some(v.id));
    let refused_for = if refused.form.is_some() && !follow_up_drawn {
        None
    } else {
        refused.reflect_for
    };
    let chains = super::goals::chains(&pairs)
        .into_iter()
        .map(|c| c.into_iter().filter_map(|i| views[i].take()).collect())
        .collect();
    let latest = m.latest();
    let ins = latest.and_then(|w| m.instrument(w.id));
    let metrics = ins
        .as_ref()
        .map(|i| {
            Metric::all(i)
                .into_iter()
                .filter_map(|x| Some((x.code(), x.name(i, tr.lang)?)))
                .collect()
        })
        .unwrap_or_default();
    let years: Vec<i32> = latest
        .map(|w| {
            let y = w.opens_on.year();
            (y + super::goals::MIN_YEARS..=y + super::goals::MAX_YEARS).collect()
        })
        .unwrap_or_default();
    let new_form = match (refused.form, refused_for) {
        (Some(f), None) => f,
        _ => GoalInput {
            target_year: years.first().map(|y| y.to_string()).unwrap_or_default(),
            ..Default::default()
        },
    };
    Ok(GoalsPage {
        p: ctx.page_titled(tr.t1("goal-page-title", "name", &inst.name)),
        code: code.to_string(),
        name: inst.name,
        can_edit,
        figures_visible: visible,
        goal_count: measured.len(),
        chains,
        new_form,
        errors: refused.errors,
        baseline_wave: latest.map(|w| w.name.clone()),
        metrics,
        units: units
            .iter()
            .map(|u| (u.id.to_string(), u.name.clone()))
            .collect(),
        years,
        refused_for,
        reflection_text: refused.reflection_text,
        reflection_errors: refused.reflection_errors,
    })
}

async fn goals_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    view(&ctx, &state, &code, Refused::default()).await?.html()
}

fn field_errors(ctx: &Ctx, errors: Vec<(&'static str, Msg)>) -> FieldErrors {
    errors
        .into_iter()
        .map(|(f, m)| (f, ctx.tr.msg(&m)))
        .collect()
}

async fn refuse(
    ctx: &Ctx,
    state: &AppState,
    code: &InstitutionCode,
    refused: Refused,
) -> Result<Response, AppError> {
    let page = view(ctx, state, code, refused).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

/// The goal form; `follows` is set by the follow-up form.
#[derive(Deserialize)]
struct GoalForm {
    #[serde(flatten)]
    goal: GoalInput,
    #[serde(default)]
    follows: String,
}

async fn create_goal(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Form(form): Form<GoalForm>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.user()?;
    user.require_institution(Action::EditPolicy, &code)?;
    let follows = match form.follows.trim() {
        "" => None,
        f => Some(f.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let m = goals_service::Measurements::load(&env(&state, ctx.tr), code.as_str()).await?;
    let refused = |errors| Refused {
        form: Some(form.goal.clone()),
        errors,
        reflect_for: follows,
        ..Default::default()
    };
    let Some((baseline, ins)) = m
        .latest()
        .and_then(|w| Some((w.clone(), m.instrument(w.id)?)))
    else {
        let errors = field_errors(&ctx, vec![("metric", Msg::new("goal-no-baseline"))]);
        return refuse(&ctx, &state, &code, refused(errors)).await;
    };
    let units: Vec<i64> = crate::monitor::store::units(&state.db, &code)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let goal = match form.goal.validate(&ins, baseline.opens_on.year(), &units) {
        Ok(g) => g,
        Err(e) => {
            let errors = field_errors(&ctx, e);
            return refuse(&ctx, &state, &code, refused(errors)).await;
        }
    };
    let at = time::OffsetDateTime::now_utc();
    match goals_store::create(
        &state.db,
        &user.actor(),
        code.as_str(),
        &goal,
        baseline.id,
        follows,
        at,
    )
    .await
    {
        Ok(id) => {
            ctx.flash(Msg::new("goal-saved")).await?;
            Ok(Redirect::to(&format!("/policy/{code}/goals#goal-{id}")).into_response())
        }
        Err(StoreError::Duplicate { .. }) => {
            let errors = field_errors(
                &ctx,
                vec![("description", Msg::new("goal-follow-up-exists"))],
            );
            refuse(&ctx, &state, &code, refused(errors)).await
        }
        Err(StoreError::WrongState { .. }) => {
            let errors = field_errors(
                &ctx,
                vec![("description", Msg::new("goal-follow-up-needs-reflection"))],
            );
            refuse(&ctx, &state, &code, refused(errors)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn reflect(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(form): Form<ReflectionInput>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.user()?;
    user.require_institution(Action::EditPolicy, &code)?;
    goals_store::goal(&state.db, code.as_str(), id).await?;
    let refused = |errors| Refused {
        reflect_for: Some(id),
        reflection_text: form.reflection.clone(),
        reflection_errors: errors,
        ..Default::default()
    };
    let text = match form.validate() {
        Ok(t) => t,
        Err(e) => {
            let errors = field_errors(&ctx, e);
            return refuse(&ctx, &state, &code, refused(errors)).await;
        }
    };
    let at = time::OffsetDateTime::now_utc();
    match goals_store::reflect(&state.db, &user.actor(), code.as_str(), id, &text, at).await {
        Ok(()) => {
            ctx.flash(Msg::new("goal-reflection-saved")).await?;
            Ok(Redirect::to(&format!("/policy/{code}/goals#goal-{id}")).into_response())
        }
        Err(StoreError::WrongState { .. }) => {
            let errors = field_errors(
                &ctx,
                vec![("reflection", Msg::new("goal-reflection-not-measured"))],
            );
            refuse(&ctx, &state, &code, refused(errors)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "policy/goal_delete.html")]
struct DeletePage {
    p: Page,
    code: String,
    name: String,
    id: i64,
    description: String,
}

async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    ctx.user()?.require_institution(Action::EditPolicy, &code)?;
    let goal = goals_store::goal(&state.db, code.as_str(), id).await?;
    let inst = crate::institutions::store::get(&state.db, &code).await?;
    DeletePage {
        p: ctx.page("goal-delete-title"),
        code: code.to_string(),
        name: inst.name,
        id,
        description: goal.description,
    }
    .html()
}

async fn delete_goal(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.user()?;
    user.require_institution(Action::EditPolicy, &code)?;
    match goals_store::delete(&state.db, &user.actor(), code.as_str(), id).await {
        Ok(()) => ctx.flash(Msg::new("goal-deleted")).await?,
        Err(StoreError::WrongState { .. }) => ctx.flash(Msg::new("goal-delete-history")).await?,
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/policy/{code}/goals")).into_response())
}

// --- JSON API ------------------------------------------------------------------------

/// One goal with its outcome.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiGoal {
    pub id: i64,
    pub description: String,
    /// `domain:<id>` or `indicator:<id>` of the monitor instrument.
    #[schema(example = "domain:differentieren")]
    pub metric: String,
    /// The team's id, absent for the whole institution.
    pub team: Option<i64>,
    pub baseline_wave: String,
    /// The baseline as published; absent when not measurable or not
    /// visible to the caller.
    pub baseline: Option<f64>,
    pub target_value: f64,
    pub target_year: i32,
    /// pending, met, not_met or not_measurable; absent when the caller
    /// may not see the institution's figures.
    pub outcome: Option<String>,
    pub measured_value: Option<f64>,
    pub measured_in: Option<String>,
    pub follows: Option<i64>,
    pub reflection: Option<String>,
}

pub fn api_routes() -> utoipa_axum::router::OpenApiRouter<AppState> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(api_goals))
}

/// One institution's two-year goals with their outcomes.
#[utoipa::path(
    get,
    path = "/api/v1/institutions/{code}/goals",
    tag = "policy",
    params(("code" = String, Path, description = "Onderwijsinstellingscode (BRIN), e.g. 25LX")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The goals, oldest first", body = Vec<ApiGoal>),
        (status = 401, description = "Not signed in", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not your institution", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_goals(
    caller: crate::web::ApiUser,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<Vec<ApiGoal>>, crate::web::ApiError> {
    let code = parse_code(&code).map_err(|e| caller.err(e))?;
    caller
        .user
        .require_institution(Action::ViewPolicy, &code)
        .map_err(|e| caller.err(e))?;
    crate::institutions::store::get(&state.db, &code)
        .await
        .map_err(|e| caller.err(e))?;
    let visible = figures_visible(&state, &caller.user, &code)
        .await
        .map_err(|e| caller.err(e))?;
    let (_, measured) = goals_service::measured(&env(&state, caller.tr), code.as_str())
        .await
        .map_err(|e| caller.err(AppError::Internal(e)))?;
    Ok(axum::Json(
        measured
            .into_iter()
            .map(|g| ApiGoal {
                id: g.goal.id,
                description: g.goal.description,
                metric: g.goal.metric.code(),
                team: g.goal.unit,
                baseline_wave: g.baseline_wave,
                baseline: match g.baseline {
                    Measure::Value(v) if visible => Some(super::goals::shown(v)),
                    _ => None,
                },
                target_value: g.goal.target_value,
                target_year: g.goal.target_year,
                outcome: (visible || !g.outcome.is_measured()).then(|| g.outcome.code().into()),
                measured_value: g.outcome.value().filter(|_| visible),
                measured_in: g.target_wave.filter(|_| visible),
                follows: g.goal.follows,
                reflection: g.goal.reflection.map(|r| r.text),
            })
            .collect(),
    ))
}

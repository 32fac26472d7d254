//! The tracks page: the development tracks with their phases (recording
//! a phase reached) and the experts' records (adding one).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use time::Date;

use super::definition;
use super::store::{self, ExpertRecord, PhaseReached};
use super::tracks::{TrackView, views};
use crate::auth::Action;
use crate::i18n::Msg;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme/tracks", get(page).post(add_record))
        .route("/programme/tracks/{track}/{phase}", post(reach_phase))
}

struct RecordView {
    kind: String,
    title: String,
    partner: String,
    held_on: Date,
    link: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "programme/tracks.html")]
struct TracksPage {
    p: Page,
    tracks: Vec<TrackView>,
    records: Vec<RecordView>,
    partners: Vec<(String, String)>,
    can_manage: bool,
    errors: FieldErrors,
    form: RecordForm,
    /// "track/phase" whose form was refused.
    refused: Option<String>,
}

async fn page_of(
    ctx: &Ctx,
    state: &AppState,
    errors: FieldErrors,
    form: RecordForm,
    refused: Option<String>,
) -> Result<TracksPage, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let (_, p) = store::current(&state.db).await?;
    let reached = store::phases_reached(&state.db).await?;
    let today = crate::monitor::store::today();
    let partner_name = |id: &str| {
        p.partners
            .iter()
            .find(|x| x.id == id)
            .map_or_else(String::new, |x| x.name.clone())
    };
    let records = store::expert_records(&state.db)
        .await?
        .into_iter()
        .map(|r| RecordView {
            kind: ctx.tr.t(&format!("expert-kind-{}", r.kind)),
            partner: partner_name(&r.partner),
            title: r.title,
            held_on: r.held_on,
            link: r.link,
            summary: r.summary,
        })
        .collect();
    Ok(TracksPage {
        p: ctx.page("tracks-title"),
        tracks: views(&ctx.tr, &p, &reached, today),
        records,
        partners: p
            .partners
            .iter()
            .map(|x| (x.id.clone(), x.name.clone()))
            .collect(),
        can_manage: user.can(Action::ManageProgramme),
        errors,
        form,
        refused,
    })
}

async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    page_of(
        &ctx,
        &state,
        FieldErrors::default(),
        RecordForm::default(),
        None,
    )
    .await?
    .html()
}

#[derive(Deserialize)]
struct PhaseForm {
    #[serde(default)]
    reached_on: String,
    #[serde(default)]
    note: String,
}

async fn reach_phase(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((track, phase)): Path<(String, String)>,
    Form(form): Form<PhaseForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let (_, p) = store::current(&state.db).await?;
    let known = p
        .tracks
        .iter()
        .any(|t| t.id == track && t.phases.iter().any(|ph| ph.phase == phase));
    if !known {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    let date = definition::parse_date(&form.reached_on);
    if date.is_none() {
        errors.push(("reached_on", ctx.tr.t("kpi-entry-date-invalid")));
    }
    if form.note.chars().count() > 500 {
        errors.push(("note", ctx.tr.t("kpi-entry-note-long")));
    }
    match date {
        Some(reached_on) if errors.is_empty() => {
            store::set_phase_reached(
                &state.db,
                &user.actor(),
                &PhaseReached {
                    track: track.clone(),
                    phase,
                    reached_on,
                    note: form.note.trim().to_string(),
                },
            )
            .await?;
            ctx.flash(Msg::new("track-phase-saved")).await?;
            Ok(Redirect::to(&format!("/programme/tracks#track-{track}")).into_response())
        }
        _ => {
            let page = page_of(
                &ctx,
                &state,
                errors.into(),
                RecordForm::default(),
                Some(format!("{track}/{phase}")),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
struct RecordForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    summary: String,
}

async fn add_record(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<RecordForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let (_, p) = store::current(&state.db).await?;
    let tr = &ctx.tr;
    let mut errors = Vec::new();
    if !matches!(form.kind.as_str(), "advice" | "conversation") {
        errors.push(("kind", tr.t("expert-kind-choose")));
    }
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(("title", tr.t("expert-title-invalid")));
    }
    if !form.partner.is_empty() && !p.partners.iter().any(|x| x.id == form.partner) {
        errors.push(("partner", tr.t("expert-partner-invalid")));
    }
    let held_on = definition::parse_date(&form.held_on);
    if held_on.is_none() {
        errors.push(("held_on", tr.t("kpi-entry-date-invalid")));
    }
    let link = form.link.trim();
    if !super::valid_link(link) {
        errors.push(("link", tr.t("milestone-evidence-invalid")));
    }
    if form.summary.chars().count() > 2000 {
        errors.push(("summary", tr.t("expert-summary-long")));
    }
    match held_on {
        Some(held_on) if errors.is_empty() => {
            store::add_expert_record(
                &state.db,
                &user.actor(),
                &ExpertRecord {
                    id: 0,
                    kind: form.kind.clone(),
                    title: title.to_string(),
                    partner: form.partner.clone(),
                    held_on,
                    link: link.to_string(),
                    summary: form.summary.trim().to_string(),
                    recorded_by: String::new(),
                    recorded_on: held_on,
                },
            )
            .await?;
            ctx.flash(Msg::new("expert-record-saved")).await?;
            Ok(Redirect::to("/programme/tracks#experts").into_response())
        }
        _ => {
            let page = page_of(&ctx, &state, errors.into(), form, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

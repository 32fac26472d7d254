//! Action lines E and F: the development tracks (the master's programme
//! and the leadership course) with their phases from field research to
//! running, and the experts' advice documents and conversations with
//! teacher-education organisations (plan, speerpunt F: "gesprekken ... met
//! onder andere ADEF, Velon, Vereniging Hogescholen en Samen Opleiden").

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use time::Date;

use super::definition::{self, Programme};
use super::store::{self, ExpertRecord, PhaseReached};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme/tracks", get(page).post(add_record))
        .route("/programme/tracks/{track}/{phase}", post(reach_phase))
}

/// A phase as shown: reached (with its date), late, or planned.
pub fn phase_status(due: Date, reached: Option<Date>, today: Date) -> &'static str {
    match reached {
        Some(_) => "reached",
        None if today > due => "late",
        None => "planned",
    }
}

struct PhaseView {
    phase: String,
    name: String,
    due: Date,
    status: &'static str,
    status_label: String,
    reached_on: String,
    note: String,
}

struct TrackView {
    id: String,
    name: String,
    line: char,
    partners: Vec<String>,
    phases: Vec<PhaseView>,
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

fn views(tr: &Tr, p: &Programme, reached: &[PhaseReached], today: Date) -> Vec<TrackView> {
    let lang = tr.lang;
    p.tracks
        .iter()
        .map(|t| TrackView {
            id: t.id.clone(),
            name: t.name.get(lang).to_string(),
            line: p.action_lines[t.action_line].letter,
            partners: t
                .partners
                .iter()
                .map(|&i| p.partners[i].name.clone())
                .collect(),
            phases: t
                .phases
                .iter()
                .map(|ph| {
                    let r = reached
                        .iter()
                        .find(|r| r.track == t.id && r.phase == ph.phase);
                    let status = phase_status(ph.due, r.map(|r| r.reached_on), today);
                    PhaseView {
                        phase: ph.phase.clone(),
                        name: ph.name.get(lang).to_string(),
                        due: ph.due,
                        status,
                        status_label: tr.t(&format!("track-phase-{status}")),
                        reached_on: r.map(|r| r.reached_on.to_string()).unwrap_or_default(),
                        note: r.map(|r| r.note.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_phase_is_reached_late_or_planned() {
        let due = date!(2024 - 07 - 31);
        assert_eq!(
            phase_status(due, Some(date!(2025 - 01 - 01)), date!(2026 - 01 - 01)),
            "reached"
        );
        assert_eq!(phase_status(due, None, date!(2024 - 08 - 01)), "late");
        assert_eq!(phase_status(due, None, date!(2024 - 07 - 31)), "planned");
    }
}

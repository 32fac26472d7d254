//! The steering report's pages: the list of quarters, a report as a page
//! with the programme manager's commentary, freezing it, and its download
//! as PDF, XLSX or CSV. The document itself is built in `steering`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::routes::source_ctx;
use super::steering::{document_of, parse_quarter, visible};
use super::store::{self, SteeringReport};
use crate::auth::Action;
use crate::i18n::{Lang, Msg, Tr};
use crate::reports::routes::render_download;
use crate::reports::view::{ViewBlock, labels, view_blocks};
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme/steering", get(list).post(create))
        .route("/programme/steering/{id}", get(show).post(save_commentary))
        .route(
            "/programme/steering/{id}/freeze",
            get(freeze_confirm).post(freeze),
        )
        .route("/programme/steering/{id}/download", get(report_download))
}

struct ReportLine {
    id: i64,
    quarter: String,
    frozen: Option<String>,
}

#[derive(Template)]
#[template(path = "programme/steering.html")]
struct ListPage {
    p: Page,
    reports: Vec<ReportLine>,
    can_manage: bool,
    error: Option<String>,
    quarter: String,
}

async fn list_page(
    ctx: &Ctx,
    state: &AppState,
    error: Option<String>,
    quarter: String,
) -> Result<ListPage, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let can_manage = user.can(Action::ManageProgramme);
    let reports = store::steering_reports(&state.db)
        .await?
        .into_iter()
        .filter(|r| visible(r, can_manage))
        .map(|r| ReportLine {
            id: r.id,
            quarter: r.quarter,
            frozen: r.frozen_on.map(|d| {
                ctx.tr.msg(
                    &Msg::new("steering-frozen-on")
                        .arg("date", d)
                        .arg("by", r.frozen_by.unwrap_or_default()),
                )
            }),
        })
        .collect();
    Ok(ListPage {
        p: ctx.page("steering-title"),
        reports,
        can_manage,
        error,
        quarter,
    })
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    list_page(&ctx, &state, None, String::new()).await?.html()
}

#[derive(Deserialize)]
struct QuarterForm {
    #[serde(default)]
    quarter: String,
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<QuarterForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let error = match parse_quarter(&form.quarter) {
        None => ctx.tr.t("steering-quarter-invalid"),
        Some((quarter, _)) => {
            match store::create_steering_report(&state.db, &user.actor(), &quarter).await {
                Ok(id) => {
                    return Ok(Redirect::to(&format!("/programme/steering/{id}")).into_response());
                }
                Err(StoreError::Duplicate { .. }) => {
                    ctx.tr.t1("steering-quarter-exists", "quarter", quarter)
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let page = list_page(&ctx, &state, Some(error), form.quarter).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

async fn visible_report(ctx: &Ctx, state: &AppState, id: i64) -> Result<SteeringReport, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let r = store::steering_report(&state.db, id).await?;
    if !visible(&r, user.can(Action::ManageProgramme)) {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

#[derive(Template)]
#[template(path = "programme/steering_report.html")]
struct ReportPage {
    p: Page,
    id: i64,
    blocks: Vec<ViewBlock>,
    footer: String,
    frozen: Option<String>,
    can_manage: bool,
    commentary: String,
}

async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let r = visible_report(&ctx, &state, id).await?;
    let doc = document_of(&source_ctx(&state), &ctx.tr, &r).await?;
    let labels = labels(
        &Tr::new(Lang::from_code(&doc.lang).unwrap_or_default()),
        state.settings.min_group.get(),
    );
    ReportPage {
        p: ctx.page_titled(doc.title.clone()),
        id,
        blocks: view_blocks(
            &doc,
            &labels,
            &format!("/programme/steering/{id}/download?format=csv"),
        ),
        footer: doc.footer.clone(),
        frozen: r.frozen_on.map(|d| {
            ctx.tr.msg(
                &Msg::new("steering-frozen-on")
                    .arg("date", d)
                    .arg("by", r.frozen_by.clone().unwrap_or_default()),
            )
        }),
        can_manage: ctx.user()?.can(Action::ManageProgramme) && r.frozen_on.is_none(),
        commentary: r.commentary,
    }
    .html()
}

#[derive(Deserialize)]
struct CommentaryForm {
    #[serde(default)]
    commentary: String,
}

async fn save_commentary(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<CommentaryForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let text = form.commentary.replace("\r\n", "\n");
    if text.chars().count() > 20_000 {
        return Err(AppError::BadRequest(Msg::new("steering-commentary-long")));
    }
    match store::set_commentary(&state.db, &user.actor(), id, text.trim()).await {
        Ok(()) => {
            ctx.flash(Msg::new("steering-commentary-saved")).await?;
            Ok(Redirect::to(&format!("/programme/steering/{id}")).into_response())
        }
        // Frozen (or gone): nothing may change it.
        Err(StoreError::NotFound) => Err(AppError::Conflict(Msg::new("steering-frozen-no-change"))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "programme/steering_freeze.html")]
struct FreezePage {
    p: Page,
    id: i64,
    quarter: String,
}

async fn freeze_confirm(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageProgramme)?;
    let r = store::steering_report(&state.db, id).await?;
    if r.frozen_on.is_some() {
        return Err(AppError::Conflict(Msg::new("steering-frozen-no-change")));
    }
    FreezePage {
        p: ctx.page_titled(ctx.tr.t1("steering-freeze-title", "quarter", &r.quarter)),
        id,
        quarter: r.quarter,
    }
    .html()
}

async fn freeze(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let r = store::steering_report(&state.db, id).await?;
    if r.frozen_on.is_some() {
        return Err(AppError::Conflict(Msg::new("steering-frozen-no-change")));
    }
    let doc = document_of(&source_ctx(&state), &ctx.tr, &r).await?;
    let snapshot = serde_json::to_string(&doc).map_err(|e| AppError::Internal(e.into()))?;
    match store::freeze(&state.db, &user.actor(), id, &snapshot).await {
        Ok(()) => {
            ctx.flash(Msg::new("steering-frozen")).await?;
            Ok(Redirect::to(&format!("/programme/steering/{id}")).into_response())
        }
        Err(StoreError::NotFound) => Err(AppError::Conflict(Msg::new("steering-frozen-no-change"))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct DownloadQuery {
    #[serde(default)]
    format: String,
    #[serde(default)]
    table: String,
}

async fn report_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, AppError> {
    let r = visible_report(&ctx, &state, id).await?;
    let doc = document_of(&source_ctx(&state), &ctx.tr, &r).await?;
    let labels = labels(
        &Tr::new(Lang::from_code(&doc.lang).unwrap_or_default()),
        state.settings.min_group.get(),
    );
    let stem = format!("stuurgroeprapportage-{}", r.quarter.to_lowercase());
    render_download(doc, labels, q.format, q.table, stem).await
}

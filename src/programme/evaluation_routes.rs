//! The evaluation pack's page (what is in it) and its download as a ZIP;
//! the pack itself is built in `evaluation`.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::evaluation::{about, gather, zip};
use super::routes::source_ctx;
use super::store;
use crate::auth::Action;
use crate::web::{AppError, AppState, Ctx, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme/evaluation", get(page))
        .route("/programme/evaluation/download", get(download))
}

#[derive(Template)]
#[template(path = "programme/evaluation.html")]
struct EvaluationPage {
    p: Page,
    files: Vec<(String, usize, String)>,
}

async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewProgramme)?;
    let pack = gather(&source_ctx(&state), &ctx.tr).await?;
    EvaluationPage {
        p: ctx.page("evaluation-title"),
        files: pack
            .tables
            .iter()
            .map(|t| (format!("{}.csv", t.id), t.rows.len(), about(&ctx.tr, &t.id)))
            .collect(),
    }
    .html()
}

async fn download(ctx: Ctx, State(state): State<AppState>) -> Result<Response, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let pack = gather(&source_ctx(&state), &ctx.tr).await?;
    let today = crate::monitor::store::today();
    let tr = ctx.tr;
    let min_group = state.settings.min_group.get();
    let bytes = tokio::task::spawn_blocking(move || zip(&tr, &pack, today, min_group))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)?;
    crate::audit::store::record_now(
        &state.db,
        &user.actor(),
        crate::audit::Event {
            entity: store::ENTITY,
            entity_id: "evaluation",
            action: "download",
            summary: format!("evaluation pack {today}"),
        },
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"evaluatie-{today}.zip\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

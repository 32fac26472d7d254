//! The audit log page for the programme manager.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

use super::store::{self, Column};
use super::{Entry, Filter};
use crate::auth::Action;
use crate::web::{AppError, AppState, Ctx, Page, Pager, Render};

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

#[derive(Deserialize)]
struct AuditQuery {
    #[serde(flatten)]
    filter: Filter,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    p: Page,
    f: Filter,
    entries: Vec<Entry>,
    entities: Vec<String>,
    actions: Vec<String>,
    pager: Pager,
}

impl AuditPage {
    fn when(&self, e: &Entry) -> String {
        let fmt =
            time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        e.occurred_at.format(&fmt).unwrap_or_default()
    }
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewAudit)?;
    let f = q.filter;
    let base = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("actor", &f.actor)
        .append_pair("entity", &f.entity)
        .append_pair("action", &f.action)
        .append_pair("from", &f.from)
        .append_pair("to", &f.to)
        .finish();
    let mut pager = Pager::new(q.page, base);
    let (entries, total) = store::list(&state.db, &f, pager.per_page, pager.offset()).await?;
    pager.total = total;
    AuditPage {
        p: ctx.page("audit-title"),
        entities: store::distinct(&state.db, Column::Entity).await?,
        actions: store::distinct(&state.db, Column::Action).await?,
        f,
        entries,
        pager,
    }
    .html()
}

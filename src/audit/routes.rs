//! The audit log page for the programme manager: entries in the reader's
//! language (subjects and actions from the catalogue) at Amsterdam time,
//! filtered by who, what and when, a page at a time, and the filtered list
//! as CSV.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::store::{self, Column};
use super::{Entry, Event, Filter, action_key, entity, entity_key, local};
use crate::auth::Action;
use crate::i18n::Tr;
use crate::reports::csv_out::{CsvDialect, table_csv};
use crate::reports::document::{self, Cell, ColumnKind, Table};
use crate::web::{AppError, AppState, Ctx, Page, Pager, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(list))
        .route("/audit/export", get(export))
}

/// The most entries one CSV export holds.
pub const MAX_EXPORT: i64 = 100_000;

#[derive(Deserialize)]
struct AuditQuery {
    #[serde(flatten)]
    filter: Filter,
    page: Option<i64>,
}

/// One entry as the reader reads it.
struct EntryView {
    when: String,
    actor: String,
    subject: String,
    action: String,
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    p: Page,
    f: Filter,
    entries: Vec<EntryView>,
    actors: Vec<String>,
    /// (code, label) for the drop-downs.
    entities: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    /// The filters as a query string, for the export link.
    query: String,
    pager: Pager,
}

/// The catalogue's word for a stored code, or the code when the catalogue
/// has none (an entry older than its message).
fn label(tr: &Tr, key: &str, code: &str) -> String {
    if tr.has(key) {
        tr.t(key)
    } else {
        code.to_string()
    }
}

fn when(e: &Entry) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    local(e.occurred_at).format(&fmt).unwrap_or_default()
}

fn view(tr: &Tr, e: &Entry) -> EntryView {
    let what = label(tr, &entity_key(&e.entity), &e.entity);
    EntryView {
        when: when(e),
        actor: e.actor.clone(),
        subject: if e.entity_id.is_empty() {
            what
        } else {
            format!("{what} {}", e.entity_id)
        },
        action: label(tr, &action_key(&e.action), &e.action),
    }
}

fn query_of(f: &Filter) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("actor", &f.actor)
        .append_pair("entity", &f.entity)
        .append_pair("action", &f.action)
        .append_pair("from", &f.from)
        .append_pair("to", &f.to)
        .finish()
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewAudit)?;
    let tr = &ctx.tr;
    let f = q.filter;
    let query = query_of(&f);
    let mut pager = Pager::new(q.page, query.clone());
    let (entries, total) = store::list(&state.db, &f, pager.per_page, pager.offset()).await?;
    pager.total = total;
    let labelled = |codes: Vec<String>, key: fn(&str) -> String| {
        let mut v: Vec<(String, String)> = codes
            .into_iter()
            .map(|c| {
                let l = label(tr, &key(&c), &c);
                (c, l)
            })
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    };
    AuditPage {
        p: ctx.page("audit-title"),
        actors: store::distinct(&state.db, Column::Actor).await?,
        entities: labelled(
            store::distinct(&state.db, Column::Entity).await?,
            entity_key,
        ),
        actions: labelled(
            store::distinct(&state.db, Column::Action).await?,
            action_key,
        ),
        entries: entries.iter().map(|e| view(tr, e)).collect(),
        f,
        query,
        pager,
    }
    .html()
}

/// The filtered list as CSV (`;`, as Dutch spreadsheets read it), with the
/// entry as it was recorded in its last column. The export is itself
/// recorded.
async fn export(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ViewAudit)?;
    let tr = &ctx.tr;
    let f = q.filter;
    let (entries, total) = store::list(&state.db, &f, MAX_EXPORT, 0).await?;
    let column = |key: &str| document::Column {
        header: tr.t(key),
        kind: ColumnKind::Text,
    };
    let table = Table {
        id: "audit".into(),
        title: tr.t("audit-title"),
        columns: vec![
            column("audit-when"),
            column("audit-actor"),
            column("audit-entity"),
            column("audit-entity-id"),
            column("audit-action"),
            column("audit-recorded"),
        ],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    Cell::Text(when(e)),
                    Cell::Text(e.actor.clone()),
                    Cell::Text(label(tr, &entity_key(&e.entity), &e.entity)),
                    Cell::Text(e.entity_id.clone()),
                    Cell::Text(label(tr, &action_key(&e.action), &e.action)),
                    Cell::Text(e.summary.clone()),
                ]
            })
            .collect(),
        note: None,
    };
    let labels = crate::reports::view::labels(tr, state.settings.min_group.get());
    let mut bytes = Vec::new();
    table_csv(&table, &labels, CsvDialect::Excel, &mut bytes)
        .map_err(|e| AppError::Internal(e.into()))?;
    store::record_now(
        &state.db,
        &user.actor(),
        Event {
            entity: entity::AUDIT,
            entity_id: "",
            action: "export",
            summary: format!("{} of {total} entries ({})", entries.len(), query_of(&f)),
        },
    )
    .await?;
    let today = crate::monitor::store::today();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"auditlog-{today}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

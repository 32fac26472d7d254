//! Pages of the policy part: the sector view (programme roles), one
//! institution's status, history and documents (its coordinator edits, the
//! programme roles read), the shared policy library of the hr-directors
//! network, and the JSON status of an institution.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use time::OffsetDateTime;

use super::document;
use super::sector::{self, Row};
use super::store::{self, Document, NewDocument, SharedQuery};
use super::{FIELDS, Stage, Status, StatusInput, Topic};
use crate::audit::Event;
use crate::auth::{Action, CurrentUser};
use crate::i18n::{Msg, Tr};
use crate::institutions::InstitutionCode;
use crate::reports::routes::render_download;
use crate::reports::view::{ViewBlock, labels, view_blocks};
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Pager, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/policy", get(sector_page))
        .route("/policy/download", get(sector_download))
        .route("/policy/shared", get(shared_page))
        .route("/policy/{code}", get(institution_page).post(save_status))
        .route(
            "/policy/{code}/documents",
            axum::routing::post(upload_document),
        )
        .route("/policy/{code}/documents/{id}", get(download_document))
        .route(
            "/policy/{code}/documents/{id}/delete",
            get(confirm_delete).post(delete_document),
        )
        .route(
            "/policy/{code}/documents/{id}/share",
            axum::routing::post(share_document),
        )
}

fn parse_code(code: &str) -> Result<InstitutionCode, AppError> {
    code.parse().map_err(|_| AppError::NotFound)
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

// --- sector view ------------------------------------------------------------------

#[derive(Clone, Debug, Default, Deserialize)]
struct SectorQuery {
    #[serde(default)]
    q: String,
    /// Development policy stage: none, draft, adopted; empty: all.
    #[serde(default)]
    stage: String,
    /// "yes" / "no": shows the KPI; empty: all.
    #[serde(default)]
    shows: String,
    /// name (default), code, development, shows.
    #[serde(default)]
    sort: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    table: String,
}

impl SectorQuery {
    fn keep(&self, r: &Row) -> bool {
        let q = self.q.trim().to_lowercase();
        (q.is_empty() || r.name.to_lowercase().contains(&q) || r.code.to_lowercase().contains(&q))
            && Stage::parse(&self.stage).is_none_or(|s| r.status.development.stage == s)
            && match self.shows.as_str() {
                "yes" => r.status.shows_development_policy(),
                "no" => !r.status.shows_development_policy(),
                _ => true,
            }
    }

    fn sort(&self, rows: &mut [Row]) {
        match self.sort.as_str() {
            "code" => rows.sort_by(|a, b| a.code.cmp(&b.code)),
            "development" => rows.sort_by(|a, b| {
                b.status
                    .development
                    .stage
                    .cmp(&a.status.development.stage)
                    .then_with(|| a.name.cmp(&b.name))
            }),
            "shows" => rows.sort_by(|a, b| {
                b.status
                    .shows_development_policy()
                    .cmp(&a.status.shows_development_policy())
                    .then_with(|| a.name.cmp(&b.name))
            }),
            _ => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        }
    }

    /// The filters and sort as a query string (for links and downloads).
    fn base(&self, sort: &str) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &self.q)
            .append_pair("stage", &self.stage)
            .append_pair("shows", &self.shows)
            .append_pair("sort", sort)
            .finish()
    }
}

struct SectorRow {
    code: String,
    name: String,
    vision: String,
    plan: String,
    development: String,
    covers_ict: bool,
    covers_cyber: bool,
    shows: bool,
    recorded: bool,
}

#[derive(Template)]
#[template(path = "policy/sector.html")]
struct SectorPage {
    p: Page,
    blocks: Vec<ViewBlock>,
    rows: Vec<SectorRow>,
    query: SectorQuery,
    total: usize,
    /// (sort key, header key, link) per sortable column.
    sorts: Vec<(&'static str, &'static str, String)>,
    downloads: Vec<(String, String)>,
    stages: Vec<(&'static str, String)>,
}

fn stage_text(tr: &Tr, a: &super::Adoption) -> String {
    match (a.stage, a.adopted_on) {
        (Stage::Adopted, Some(d)) => format!("{} ({d})", tr.t(a.stage.key())),
        (s, _) => tr.t(s.key()),
    }
}

async fn sector_rows(
    state: &AppState,
    q: &SectorQuery,
) -> Result<(Vec<sector::YearShare>, Vec<Row>), AppError> {
    let s = super::service::sector(&state.db, crate::monitor::store::today()).await?;
    let mut rows: Vec<Row> = s.rows.into_iter().filter(|r| q.keep(r)).collect();
    q.sort(&mut rows);
    Ok((s.shares, rows))
}

async fn sector_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<SectorQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    if !user.can(Action::ViewPolicySector) {
        // A coordinator's policy is their own institution's.
        if let Some(own) = user.coordinated_institutions().first() {
            return Ok(Redirect::to(&format!("/policy/{own}")).into_response());
        }
        return Err(AppError::Forbidden);
    }
    let (shares, rows) = sector_rows(&state, &q).await?;
    let tr = &ctx.tr;
    let lab = labels(tr, state.settings.min_group.get());
    let doc = sector::document(tr, &lab, &shares, &[]);
    let base = q.base(&q.sort);
    let csv = format!("/policy/download?{base}&format=csv");
    let blocks = view_blocks(&doc, &lab, &csv)
        .into_iter()
        .filter(|b| b.table.as_ref().is_none_or(|t| t.id != "status"))
        .collect();
    let sorts = [
        ("name", "policy-col-institution"),
        ("code", "policy-col-code"),
        ("development", "policy-development"),
        ("shows", "policy-col-shows"),
    ]
    .into_iter()
    .map(|(k, h)| (k, h, format!("/policy?{}", q.base(k))))
    .collect();
    SectorPage {
        p: ctx.page("policy-sector-title"),
        blocks,
        total: rows.len(),
        rows: rows
            .iter()
            .map(|r| SectorRow {
                code: r.code.clone(),
                name: r.name.clone(),
                vision: stage_text(tr, &r.status.vision),
                plan: stage_text(tr, &r.status.plan),
                development: stage_text(tr, &r.status.development),
                covers_ict: r.status.covers_ict,
                covers_cyber: r.status.covers_cyber,
                shows: r.status.shows_development_policy(),
                recorded: r.recorded,
            })
            .collect(),
        sorts,
        downloads: vec![
            (
                format!("/policy/download?{base}&format=xlsx"),
                tr.t("report-download-xlsx"),
            ),
            (
                format!("/policy/download?{base}&format=csv&table=status"),
                tr.t("policy-download-status-csv"),
            ),
        ],
        stages: Stage::ALL
            .iter()
            .map(|s| (s.as_str(), tr.t(s.key())))
            .collect(),
        query: q,
    }
    .html()
    .map(IntoResponse::into_response)
}

async fn sector_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<SectorQuery>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ViewPolicySector)?;
    let (shares, rows) = sector_rows(&state, &q).await?;
    let lab = labels(&ctx.tr, state.settings.min_group.get());
    let doc = sector::document(&ctx.tr, &lab, &shares, &rows);
    crate::audit::store::record_now(
        &state.db,
        &user.actor(),
        Event {
            entity: store::ENTITY,
            entity_id: "sector",
            action: "policy_export",
            summary: format!("{} {}", q.format, q.table),
        },
    )
    .await?;
    let table = if q.table.is_empty() {
        "status".to_string()
    } else {
        q.table.clone()
    };
    render_download(doc, lab, q.format, table, "beleid-sector".into()).await
}

// --- one institution ------------------------------------------------------------------

struct HistoryView {
    when: String,
    who: String,
    field: String,
    from: String,
    to: String,
}

struct DocumentView {
    id: i64,
    title: String,
    topic: String,
    file_name: String,
    size_kb: i64,
    year: i64,
    shared: bool,
    uploaded_by: String,
    uploaded_on: String,
}

#[derive(Template)]
#[template(path = "policy/institution.html")]
struct InstitutionPage {
    p: Page,
    code: String,
    sector_link: bool,
    can_edit: bool,
    status: Status,
    recorded: Option<(String, String)>,
    gaps: Vec<String>,
    form: StatusInput,
    errors: FieldErrors,
    history: Vec<HistoryView>,
    documents: Vec<DocumentView>,
    upload_errors: FieldErrors,
    upload_title: String,
    upload_topic: String,
    topics: Vec<(&'static str, String)>,
    stages: Vec<(&'static str, String)>,
    limit_mb: u64,
    goals_link: bool,
    /// The form's three documents: (field prefix, label key, stage, day).
    adoptions: Vec<(&'static str, &'static str, String, String)>,
}

impl InstitutionPage {
    fn stage_label(&self, a: &super::Adoption) -> String {
        stage_text(&self.p.tr, a)
    }
}

/// What a field's stored value reads as.
fn value_text(tr: &Tr, field: &str, v: &str) -> String {
    if v.is_empty() {
        return "–".into();
    }
    if field.ends_with("_stage") {
        return Stage::parse(v).map_or_else(|| v.to_string(), |s| tr.t(s.key()));
    }
    match v {
        "true" => tr.t("policy-yes"),
        "false" => tr.t("policy-no"),
        _ => v.to_string(),
    }
}

#[derive(Default)]
struct Refused {
    form: Option<StatusInput>,
    errors: FieldErrors,
    upload_errors: FieldErrors,
    upload_title: String,
    upload_topic: String,
}

async fn institution_view(
    ctx: &Ctx,
    state: &AppState,
    code: &InstitutionCode,
    refused: Refused,
) -> Result<InstitutionPage, AppError> {
    let user = ctx.user()?;
    user.require_institution(Action::ViewPolicy, code)?;
    let inst = crate::institutions::store::get(&state.db, code).await?;
    let stored = store::status(&state.db, code.as_str()).await?;
    let status = stored.as_ref().map(|s| s.status).unwrap_or_default();
    let tr = &ctx.tr;
    let history = store::history(&state.db, code.as_str())
        .await?
        .into_iter()
        .map(|h| HistoryView {
            when: crate::audit::local(h.changed_at)
                .format(time::macros::format_description!(
                    "[year]-[month]-[day] [hour]:[minute]"
                ))
                .unwrap_or_default(),
            who: h.changed_by.clone(),
            field: if FIELDS.contains(&h.field.as_str()) {
                tr.t(&format!("policy-field-{}", h.field.replace('_', "-")))
            } else {
                h.field.clone()
            },
            from: value_text(tr, &h.field, &h.from_value),
            to: value_text(tr, &h.field, &h.to_value),
        })
        .collect();
    let documents = store::documents(&state.db, code.as_str())
        .await?
        .into_iter()
        .map(|d| document_view(tr, d))
        .collect();
    let mut page = InstitutionPage {
        p: ctx.page_titled(tr.t1("policy-institution-title", "name", &inst.name)),
        code: code.to_string(),
        sector_link: user.can(Action::ViewPolicySector),
        can_edit: user.can_for(Action::EditPolicy, code),
        recorded: stored.as_ref().map(|s| {
            (
                s.updated_by.clone(),
                crate::audit::local(s.updated_at).date().to_string(),
            )
        }),
        gaps: status.gaps().into_iter().map(|k| tr.t(k)).collect(),
        adoptions: Vec::new(),
        form: refused.form.unwrap_or_else(|| StatusInput::of(&status)),
        status,
        errors: refused.errors,
        history,
        documents,
        upload_errors: refused.upload_errors,
        upload_title: refused.upload_title,
        upload_topic: refused.upload_topic,
        topics: Topic::ALL
            .iter()
            .map(|t| (t.as_str(), tr.t(t.key())))
            .collect(),
        stages: Stage::ALL
            .iter()
            .map(|s| (s.as_str(), tr.t(s.key())))
            .collect(),
        limit_mb: state.settings.policy_document_limit / (1024 * 1024),
        goals_link: user.can_for(Action::ViewPolicy, code),
    };
    let f = &page.form;
    page.adoptions = vec![
        (
            "vision",
            "policy-vision",
            f.vision_stage.clone(),
            f.vision_adopted_on.clone(),
        ),
        (
            "plan",
            "policy-plan",
            f.plan_stage.clone(),
            f.plan_adopted_on.clone(),
        ),
        (
            "development",
            "policy-development",
            f.development_stage.clone(),
            f.development_adopted_on.clone(),
        ),
    ];
    Ok(page)
}

fn document_view(tr: &Tr, d: Document) -> DocumentView {
    DocumentView {
        id: d.id,
        title: d.title,
        topic: tr.t(d.topic.key()),
        file_name: d.file_name,
        size_kb: (d.size + 1023) / 1024,
        year: d.year,
        shared: d.shared,
        uploaded_by: d.uploaded_by,
        uploaded_on: crate::audit::local(d.uploaded_at).date().to_string(),
    }
}

async fn institution_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    institution_view(&ctx, &state, &code, Refused::default())
        .await?
        .html()
}

async fn save_status(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Form(form): Form<StatusInput>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.user()?;
    user.require_institution(Action::EditPolicy, &code)?;
    match form.validate(crate::monitor::store::today()) {
        Ok(status) => {
            let changes =
                store::save_status(&state.db, &user.actor(), code.as_str(), &status, now()).await?;
            let msg = if changes.is_empty() {
                Msg::new("policy-status-unchanged")
            } else {
                Msg::new("policy-status-saved").arg("count", changes.len())
            };
            ctx.flash(msg).await?;
            Ok(Redirect::to(&format!("/policy/{code}#status")).into_response())
        }
        Err(errors) => {
            let errors: FieldErrors = errors
                .into_iter()
                .map(|(f, m)| (f, ctx.tr.msg(&m)))
                .collect();
            let refused = Refused {
                form: Some(form),
                errors,
                ..Default::default()
            };
            let page = institution_view(&ctx, &state, &code, refused).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

/// The upload form's fields: title, topic, and the file with its name.
#[derive(Default)]
struct Upload {
    title: String,
    topic: String,
    file_name: String,
    bytes: Vec<u8>,
    too_large: bool,
}

/// Reads the upload (the whole body is within the router's limit); a file
/// over `limit` is not kept: the form says it is too large.
async fn read_upload(mut multipart: Multipart, limit: u64) -> Result<Upload, Msg> {
    let mut u = Upload::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(Msg::new("import-upload-failed")),
        };
        match field.name().unwrap_or_default() {
            "file" => {
                u.file_name = field.file_name().unwrap_or_default().to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| Msg::new("import-upload-failed"))?;
                if bytes.len() as u64 > limit {
                    u.too_large = true;
                } else {
                    u.bytes = bytes.to_vec();
                }
            }
            "title" => {
                u.title = field
                    .text()
                    .await
                    .map_err(|_| Msg::new("import-upload-failed"))?
            }
            "topic" => {
                u.topic = field
                    .text()
                    .await
                    .map_err(|_| Msg::new("import-upload-failed"))?
            }
            _ => {
                field
                    .bytes()
                    .await
                    .map_err(|_| Msg::new("import-upload-failed"))?;
            }
        }
    }
    Ok(u)
}

async fn upload_document(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.user()?;
    user.require_institution(Action::EditPolicy, &code)?;
    let limit = state.settings.policy_document_limit;
    let tr = &ctx.tr;
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let upload = match read_upload(multipart, limit).await {
        Ok(u) => u,
        Err(m) => {
            errors.push(("file", tr.msg(&m)));
            Upload::default()
        }
    };
    let title = upload.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(("title", tr.t("policy-document-title-invalid")));
    }
    let topic = Topic::parse(&upload.topic);
    if topic.is_none() {
        errors.push(("topic", tr.t("policy-document-topic-choose")));
    }
    let kind = if upload.too_large {
        errors.push((
            "file",
            tr.msg(&Msg::new("policy-file-too-large").arg("mb", limit / (1024 * 1024))),
        ));
        None
    } else if errors.iter().any(|(f, _)| *f == "file") {
        None
    } else {
        match document::sniff(&upload.bytes, limit) {
            Ok(k) => Some(k),
            Err(m) => {
                errors.push(("file", tr.msg(&m)));
                None
            }
        }
    };
    match (kind, topic) {
        (Some(kind), Some(topic)) if errors.is_empty() => {
            let at = now();
            let file_name = document::clean_name(&upload.file_name, kind);
            store::add_document(
                &state.db,
                &user.actor(),
                &NewDocument {
                    institution: code.as_str(),
                    topic,
                    title: &title,
                    file_name: &file_name,
                    kind,
                    year: i64::from(at.year()),
                    bytes: &upload.bytes,
                },
                at,
            )
            .await?;
            ctx.flash(Msg::new("policy-document-added").arg("name", &file_name))
                .await?;
            Ok(Redirect::to(&format!("/policy/{code}#documents")).into_response())
        }
        _ => {
            let refused = Refused {
                upload_errors: errors.into_iter().collect(),
                upload_title: upload.title,
                upload_topic: upload.topic,
                ..Default::default()
            };
            let page = institution_view(&ctx, &state, &code, refused).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

/// The document `id` of `code` if `user` may read it: any document of an
/// institution they may see, or a shared one for whoever may use the
/// shared library. Others get "not found", as if it did not exist.
async fn readable(
    state: &AppState,
    user: &CurrentUser,
    code: &InstitutionCode,
    id: i64,
) -> Result<Document, AppError> {
    let d = store::document(&state.db, id).await?;
    if d.institution != code.as_str() {
        return Err(AppError::NotFound);
    }
    if user.can_for(Action::ViewPolicy, code) || (d.shared && user.can(Action::ViewSharedPolicy)) {
        Ok(d)
    } else {
        Err(AppError::NotFound)
    }
}

async fn download_document(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.user()?;
    let d = readable(&state, user, &code, id).await?;
    let bytes = store::content(&state.db, id).await?;
    crate::audit::store::record_now(
        &state.db,
        &user.actor(),
        Event {
            entity: store::ENTITY,
            entity_id: code.as_str(),
            action: "policy_document_downloaded",
            summary: format!("document {id}"),
        },
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, d.kind.mime().to_string()),
            (
                header::CONTENT_DISPOSITION,
                document::attachment_header(&d.file_name),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "policy/delete.html")]
struct DeletePage {
    p: Page,
    code: String,
    name: String,
    document: DocumentView,
}

async fn own_document(
    ctx: &Ctx,
    state: &AppState,
    code: &InstitutionCode,
    id: i64,
) -> Result<(Document, String), AppError> {
    let user = ctx.user()?;
    user.require_institution(Action::EditPolicy, code)?;
    let d = store::document(&state.db, id).await?;
    if d.institution != code.as_str() {
        return Err(AppError::NotFound);
    }
    let inst = crate::institutions::store::get(&state.db, code).await?;
    Ok((d, inst.name))
}

async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    let (d, name) = own_document(&ctx, &state, &code, id).await?;
    DeletePage {
        p: ctx.page("policy-delete-title"),
        code: code.to_string(),
        name,
        document: document_view(&ctx.tr, d),
    }
    .html()
}

async fn delete_document(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let (d, _) = own_document(&ctx, &state, &code, id).await?;
    store::delete_document(&state.db, &ctx.user()?.actor(), code.as_str(), id).await?;
    ctx.flash(Msg::new("policy-document-deleted").arg("name", &d.file_name))
        .await?;
    Ok(Redirect::to(&format!("/policy/{code}#documents")).into_response())
}

#[derive(Deserialize)]
struct ShareForm {
    #[serde(default)]
    shared: String,
}

async fn share_document(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(form): Form<ShareForm>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let (d, _) = own_document(&ctx, &state, &code, id).await?;
    let shared = match form.shared.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest(Msg::new("policy-share-invalid"))),
    };
    store::set_shared(
        &state.db,
        &ctx.user()?.actor(),
        code.as_str(),
        id,
        shared,
        now(),
    )
    .await?;
    let key = if shared {
        "policy-document-now-shared"
    } else {
        "policy-document-withdrawn"
    };
    ctx.flash(Msg::new(key).arg("name", &d.file_name)).await?;
    Ok(Redirect::to(&format!("/policy/{code}#documents")).into_response())
}

// --- shared library ----------------------------------------------------------------

#[derive(Clone, Debug, Default, Deserialize)]
struct SharedParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    topic: String,
    page: Option<i64>,
}

struct SharedView {
    code: String,
    institution: String,
    document: DocumentView,
}

#[derive(Template)]
#[template(path = "policy/shared.html")]
struct SharedPage {
    p: Page,
    params: SharedParams,
    items: Vec<SharedView>,
    pager: Pager,
    topics: Vec<(&'static str, String)>,
}

async fn shared_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<SharedParams>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewSharedPolicy)?;
    let year = params.year.trim().parse::<i64>().ok();
    let q = SharedQuery {
        institution: params.q.clone(),
        year,
        topic: Topic::parse(&params.topic),
    };
    let base = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &params.q)
        .append_pair("year", &params.year)
        .append_pair("topic", &params.topic)
        .finish();
    let mut pager = Pager::new(params.page, base);
    let (rows, total) =
        store::shared_documents(&state.db, &q, pager.per_page, pager.offset()).await?;
    pager.total = total;
    let tr = &ctx.tr;
    SharedPage {
        p: ctx.page("policy-shared-title"),
        items: rows
            .into_iter()
            .map(|s| SharedView {
                code: s.document.institution.clone(),
                institution: s.institution_name,
                document: document_view(tr, s.document),
            })
            .collect(),
        pager,
        topics: Topic::ALL
            .iter()
            .map(|t| (t.as_str(), tr.t(t.key())))
            .collect(),
        params,
    }
    .html()
}

/// The kinds accepted, for the upload form's `accept` hint (the server
/// decides from the content, not from this).
pub const ACCEPT: &str = ".pdf,.docx,.odt";

// --- JSON API ------------------------------------------------------------------------

/// An institution's policy status with its documents (no bytes).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiPolicy {
    #[schema(example = "25LX")]
    pub institution: String,
    /// none, draft or adopted.
    pub vision_stage: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub vision_adopted_on: Option<time::Date>,
    pub plan_stage: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub plan_adopted_on: Option<time::Date>,
    pub development_stage: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub development_adopted_on: Option<time::Date>,
    pub covers_ict: bool,
    pub covers_cyber: bool,
    /// Counts towards the plan's 80% in 2027.
    pub shows_development_policy: bool,
    pub documents: Vec<ApiDocument>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiDocument {
    pub id: i64,
    pub title: String,
    /// vision, plan, development or evidence.
    pub topic: String,
    pub file_name: String,
    /// pdf, docx or odt.
    pub kind: String,
    pub size: i64,
    pub year: i64,
    pub shared: bool,
}

pub fn api_routes() -> utoipa_axum::router::OpenApiRouter<AppState> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(api_policy))
}

/// One institution's policy status and documents.
#[utoipa::path(
    get,
    path = "/api/v1/institutions/{code}/policy",
    tag = "policy",
    params(("code" = String, Path, description = "Onderwijsinstellingscode (BRIN), e.g. 25LX")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The policy status", body = ApiPolicy),
        (status = 401, description = "Not signed in", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not your institution", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_policy(
    caller: crate::web::ApiUser,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<ApiPolicy>, crate::web::ApiError> {
    let code = parse_code(&code).map_err(|e| caller.err(e))?;
    caller
        .user
        .require_institution(Action::ViewPolicy, &code)
        .map_err(|e| caller.err(e))?;
    crate::institutions::store::get(&state.db, &code)
        .await
        .map_err(|e| caller.err(e))?;
    let s = store::status(&state.db, code.as_str())
        .await
        .map_err(|e| caller.err(e))?
        .map(|s| s.status)
        .unwrap_or_default();
    let documents = store::documents(&state.db, code.as_str())
        .await
        .map_err(|e| caller.err(e))?
        .into_iter()
        .map(|d| ApiDocument {
            id: d.id,
            title: d.title,
            topic: d.topic.as_str().into(),
            file_name: d.file_name,
            kind: d.kind.as_str().into(),
            size: d.size,
            year: d.year,
            shared: d.shared,
        })
        .collect();
    Ok(axum::Json(ApiPolicy {
        institution: code.to_string(),
        vision_stage: s.vision.stage.as_str().into(),
        vision_adopted_on: s.vision.adopted_on,
        plan_stage: s.plan.stage.as_str().into(),
        plan_adopted_on: s.plan.adopted_on,
        development_stage: s.development.stage.as_str().into(),
        development_adopted_on: s.development.adopted_on,
        covers_ict: s.covers_ict,
        covers_cyber: s.covers_cyber,
        shows_development_policy: s.shows_development_policy(),
        documents,
    }))
}

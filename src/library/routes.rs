//! Pages of the library. Public (no login, no cookie set, in the `public`
//! router): the list with search and filters, an item page with its
//! citation, files, usage counts, JSON-LD and the "Ik heb dit ingezet"
//! form, file downloads (counted without tracking), the Atom feed, the
//! OAI-PMH endpoint and the privacy page. The programme manager's pages
//! (in the signed-in router): items, their files, publishing and the
//! moderation of usage reports.

use askama::Template;
use axum::extract::{Multipart, Path, Query, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::WithRejection;
use serde::Deserialize;

use super::store::{self, StoredUsage};
use super::{
    Audience, FileInfo, FilterInput, ItemInput, Kind, LICENCES, Licence, StoredItem, Theme,
    UsageHow, UsageInput, UsageRole, UsageState,
};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::networks::SchoolYear;
use crate::policy::document;
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Pager, Render};

/// The form name the spam guard signs stamps for.
const USAGE_FORM: &str = "library-usage";

/// The public pages (merged into the `public` router: no CSRF).
pub fn public() -> Router<AppState> {
    Router::new()
        .route("/library", get(list))
        .route("/library/feed.atom", get(feed))
        .route("/library/oai", get(oai))
        .route("/library/{id}", get(item_page))
        .route("/library/{id}/usage", post(report_usage))
        .route("/library/{id}/files/{file}", get(download))
        .route("/privacy", get(privacy))
}

/// The programme manager's pages (signed in, CSRF-guarded).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/library/manage", get(manage_list).post(create))
        .route("/library/manage/new", get(new_item))
        .route("/library/manage/{id}", get(edit).post(update))
        .route("/library/manage/{id}/publish", post(publish))
        .route(
            "/library/manage/{id}/delete",
            get(confirm_delete).post(delete),
        )
        .route("/library/manage/{id}/files", post(upload))
        .route("/library/manage/{id}/files/{file}", get(manage_download))
        .route(
            "/library/manage/{id}/files/{file}/delete",
            get(confirm_delete_file).post(delete_file),
        )
        .route("/library/moderation", get(moderation))
        .route("/library/moderation/reports.csv", get(export_reports))
        .route("/library/moderation/{id}", post(moderate))
}

fn base(state: &AppState) -> &str {
    state.settings.public_url.trim_end_matches('/')
}

fn field_errors(tr: &Tr, errors: Vec<(&'static str, Msg)>) -> FieldErrors {
    errors.into_iter().map(|(f, m)| (f, tr.msg(&m))).collect()
}

fn choices<T: Copy>(
    tr: &Tr,
    all: &[T],
    value: fn(T) -> &'static str,
    key: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|k| (value(*k).to_string(), tr.t(&key(*k))))
        .collect()
}

fn kinds(tr: &Tr) -> Vec<(String, String)> {
    choices(tr, Kind::ALL, Kind::as_str, Kind::key)
}

fn themes(tr: &Tr) -> Vec<(String, String)> {
    choices(tr, Theme::ALL, Theme::as_str, Theme::key)
}

fn audiences(tr: &Tr) -> Vec<(String, String)> {
    choices(tr, Audience::ALL, Audience::as_str, Audience::key)
}

fn licences() -> Vec<(String, String)> {
    LICENCES
        .iter()
        .map(|l| (l.code.to_string(), l.name.to_string()))
        .collect()
}

fn size_text(tr: &Tr, bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        tr.msg(&Msg::new("library-size-mb").arg("mb", format!("{:.1}", bytes as f64 / 1_048_576.0)))
    } else {
        tr.msg(&Msg::new("library-size-kb").arg("kb", (bytes + 1023) / 1024))
    }
}

/// A select field of a form: its name, label key, choices and the value
/// chosen.
struct Select {
    field: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    chosen: String,
}

fn select(
    field: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    chosen: &str,
) -> Select {
    Select {
        field,
        label,
        options,
        chosen: chosen.to_string(),
    }
}

/// An item as a list row.
struct Row {
    id: i64,
    title: String,
    summary: String,
    kind: String,
    theme: String,
    year: String,
    licence: &'static str,
    published: bool,
}

fn row(tr: &Tr, s: &StoredItem) -> Row {
    let summary: String = s.item.summary.chars().take(280).collect();
    let summary = if summary.len() < s.item.summary.len() {
        format!("{}…", summary.trim_end())
    } else {
        summary
    };
    Row {
        id: s.id,
        title: s.item.title.clone(),
        summary,
        kind: tr.t(&s.item.kind.key()),
        theme: tr.t(&s.item.theme.key()),
        year: s.item.school_year.label(),
        licence: s.item.licence.name,
        published: s.published_at.is_some(),
    }
}

// --- the public list ---------------------------------------------------------------

#[derive(Template)]
#[template(path = "library/list.html")]
struct ListPage {
    p: Page,
    rows: Vec<Row>,
    form: FilterInput,
    selects: Vec<Select>,
    pager: Pager,
    filtered: bool,
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(form): Query<FilterInput>,
) -> Result<Html<String>, AppError> {
    let tr = ctx.tr;
    let filter = form.filter();
    let mut pager = Pager::new(form.page, form.base());
    pager.per_page = super::PER_PAGE;
    let (items, total) =
        store::search(&state.db, &filter, true, pager.per_page, pager.offset()).await?;
    pager.total = total;
    let years = store::public_years(&state.db)
        .await?
        .into_iter()
        .map(|y| (y.0.to_string(), y.label()))
        .collect();
    let selects = vec![
        select("kind", "library-field-kind", kinds(&tr), &form.kind),
        select("theme", "library-field-theme", themes(&tr), &form.theme),
        select(
            "audience",
            "library-field-audience",
            audiences(&tr),
            &form.audience,
        ),
        select("year", "library-field-school-year", years, &form.year),
        select(
            "licence",
            "library-field-licence",
            licences(),
            &form.licence,
        ),
    ];
    ListPage {
        p: ctx.page("library-title"),
        rows: items.iter().map(|s| row(&tr, s)).collect(),
        filtered: filter != super::Filter::default(),
        form,
        selects,
        pager,
    }
    .html()
}

// --- an item -------------------------------------------------------------------------

struct FileView {
    url: String,
    name: String,
    size: String,
    downloads: i64,
}

#[derive(Template)]
#[template(path = "library/item.html")]
struct ItemPage {
    p: Page,
    id: i64,
    title: String,
    summary: String,
    kind: String,
    theme: String,
    audiences: String,
    year: String,
    licence: Licence,
    authors: String,
    links: Vec<String>,
    published_on: String,
    citation: String,
    files: Vec<FileView>,
    usage: Vec<(String, i64)>,
    usage_total: i64,
    jsonld: String,
    form: UsageInput,
    errors: FieldErrors,
    refusal: Option<String>,
    stamp: String,
    thanks: bool,
    selects: Vec<Select>,
    can_manage: bool,
}

#[derive(Deserialize, Default)]
struct ItemQuery {
    thanks: Option<String>,
}

async fn item_view(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    form: UsageInput,
    errors: FieldErrors,
    refusal: Option<String>,
    thanks: bool,
) -> Result<ItemPage, AppError> {
    let tr = ctx.tr;
    let s = store::public_item(&state.db, id).await?;
    let files = store::files(&state.db, id).await?;
    let usage = store::usage_counts(&state.db, id).await?;
    let base = base(state);
    let jsonld = super::jsonld::script_text(&super::jsonld::learning_resource(base, &s, &files));
    let item = &s.item;
    Ok(ItemPage {
        p: ctx.page_titled(item.title.clone()),
        id,
        title: item.title.clone(),
        summary: item.summary.clone(),
        kind: tr.t(&item.kind.key()),
        theme: tr.t(&item.theme.key()),
        audiences: item
            .audiences
            .iter()
            .map(|a| tr.t(&a.key()))
            .collect::<Vec<_>>()
            .join(", "),
        year: item.school_year.label(),
        licence: item.licence,
        authors: item.authors.join(", "),
        links: item.links.clone(),
        published_on: s
            .published_at
            .map(|t| crate::audit::local(t).date().to_string())
            .unwrap_or_default(),
        citation: item.citation(super::PUBLISHER, &super::item_url(base, id)),
        files: files
            .iter()
            .map(|f: &FileInfo| FileView {
                url: format!("/library/{id}/files/{}", f.id),
                name: f.name.clone(),
                size: size_text(&tr, f.size),
                downloads: f.downloads,
            })
            .collect(),
        usage_total: usage.iter().map(|(_, n)| n).sum(),
        usage: usage
            .into_iter()
            .map(|(how, n)| (tr.t(&how.key()), n))
            .collect(),
        jsonld,
        selects: vec![
            select(
                "role",
                "library-usage-role",
                choices(&tr, UsageRole::ALL, UsageRole::as_str, UsageRole::key),
                &form.role,
            ),
            select(
                "how",
                "library-usage-how",
                choices(&tr, UsageHow::ALL, UsageHow::as_str, UsageHow::key),
                &form.how,
            ),
        ],
        form,
        errors,
        refusal,
        stamp: crate::web::public::stamp(state, USAGE_FORM),
        thanks,
        can_manage: ctx
            .user
            .as_ref()
            .is_some_and(|u| u.can(Action::ManageLibrary)),
    })
}

async fn item_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ItemQuery>,
) -> Result<Html<String>, AppError> {
    item_view(
        &ctx,
        &state,
        id,
        UsageInput::default(),
        FieldErrors::default(),
        None,
        q.thanks.is_some(),
    )
    .await?
    .html()
}

async fn report_usage(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<UsageInput>,
) -> Result<Response, AppError> {
    let refused = |errors: FieldErrors, refusal: Option<String>, form: UsageInput| async {
        let page = item_view(&ctx, &state, id, form, errors, refusal, false).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    if let Err(m) = crate::web::public::check(&state, USAGE_FORM, &form.stamp, &form.website) {
        let refusal = ctx.tr.msg(&m);
        return refused(FieldErrors::default(), Some(refusal), form.clone()).await;
    }
    let usage = match form.validate() {
        Ok(u) => u,
        Err(e) => return refused(field_errors(&ctx.tr, e), None, form.clone()).await,
    };
    store::add_usage(&state.db, id, &usage, crate::monitor::store::today()).await?;
    Ok(Redirect::to(&format!("/library/{id}?thanks=1#usage")).into_response())
}

/// A download: counted once per client within the double-click window
/// (in memory only; the row is a number per file and day), then sent as
/// an attachment. Only files of published items.
async fn download(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, i64)>,
    headers: HeaderMap,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
) -> Result<Response, AppError> {
    let (info, bytes) = store::file_content(&state.db, id, file, true).await?;
    let mut client = crate::web::client_address(&state, &headers, peer.map(|p| (p.0).0))
        .map(|ip| ip.to_string())
        .unwrap_or_default()
        .into_bytes();
    client.push(0);
    if let Some(ua) = headers.get(header::USER_AGENT) {
        client.extend_from_slice(ua.as_bytes());
    }
    let now = crate::store::now();
    if state.downloads.counts(file, &client, now.unix_timestamp()) {
        store::count_download(&state.db, file, now.date()).await?;
    }
    Ok(attachment(&info, bytes))
}

fn attachment(info: &FileInfo, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, info.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                document::attachment_header(&info.name),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response()
}

async fn feed(ctx: Ctx, State(state): State<AppState>) -> Result<Response, AppError> {
    let items = store::latest(&state.db, super::feed::ENTRIES).await?;
    let xml = super::feed::atom(
        base(&state),
        &ctx.tr.t("library-feed-title"),
        &ctx.tr.t("library-feed-subtitle"),
        &items,
    );
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

async fn oai(State(state): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    use super::oai::{self, Request};
    let args: Vec<(String, String)> = url::form_urlencoded::parse(q.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let base = base(&state);
    let now = crate::store::now();
    let verb = args
        .iter()
        .find(|(k, _)| k == "verb")
        .map(|(_, v)| v.as_str());
    let xml = match oai::parse(base, &args) {
        Err(e) => oai::error(base, now, verb, e),
        Ok(Request::Identify) => oai::identify(base, now, store::earliest(&state.db).await?),
        Ok(Request::ListMetadataFormats) => oai::metadata_formats(base, now),
        Ok(Request::GetRecord { id }) => match store::public_item(&state.db, id).await {
            Ok(s) => oai::record(base, now, &s),
            Err(StoreError::NotFound) => oai::error(base, now, verb, oai::Error::IdDoesNotExist),
            Err(e) => return Err(e.into()),
        },
        Ok(Request::List {
            headers_only,
            offset,
            from,
            until,
        }) => {
            let (items, total) = store::oai_list(&state.db, from, until, oai::PAGE, offset).await?;
            if items.is_empty() {
                oai::error(base, now, verb, oai::Error::NoRecordsMatch)
            } else {
                oai::list(base, now, headers_only, &items, offset, total, from, until)
            }
        }
    };
    Ok(([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response())
}

#[derive(Template)]
#[template(path = "library/privacy.html")]
struct PrivacyPage {
    p: Page,
    window: i64,
}

async fn privacy(ctx: Ctx) -> Result<Html<String>, AppError> {
    PrivacyPage {
        p: ctx.page("privacy-title"),
        window: super::counter::WINDOW_SECONDS,
    }
    .html()
}

// --- the programme manager's pages -------------------------------------------------

#[derive(Template)]
#[template(path = "library/manage.html")]
struct ManagePage {
    p: Page,
    rows: Vec<Row>,
    q: String,
    pager: Pager,
    pending: i64,
}

#[derive(Deserialize, Default)]
struct ManageQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

async fn manage_list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(query): Query<ManageQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageLibrary)?;
    let tr = ctx.tr;
    let filter = super::Filter {
        words: super::search_words(&query.q),
        ..Default::default()
    };
    let base = if query.q.is_empty() {
        String::new()
    } else {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &query.q)
            .finish()
    };
    let mut pager = Pager::new(query.page, base);
    let (items, total) =
        store::search(&state.db, &filter, false, pager.per_page, pager.offset()).await?;
    pager.total = total;
    let (_, pending) = store::usage_in(&state.db, UsageState::Pending, 0, 0).await?;
    ManagePage {
        p: ctx.page("library-manage-title"),
        rows: items.iter().map(|s| row(&tr, s)).collect(),
        q: query.q,
        pager,
        pending,
    }
    .html()
}

struct ManageFile {
    id: i64,
    name: String,
    size: String,
    downloads: i64,
}

#[derive(Template)]
#[template(path = "library/form.html")]
struct FormPage {
    p: Page,
    /// `None`: a new item.
    id: Option<i64>,
    published: bool,
    experiment: Option<i64>,
    form: ItemInput,
    errors: FieldErrors,
    kinds: Vec<(String, String)>,
    themes: Vec<(String, String)>,
    audiences: Vec<(String, String)>,
    licences: Vec<(String, String)>,
    files: Vec<ManageFile>,
    upload_errors: FieldErrors,
    limit_mb: u64,
}

impl FormPage {
    fn new(
        ctx: &Ctx,
        state: &AppState,
        title: &str,
        form: ItemInput,
        errors: FieldErrors,
    ) -> FormPage {
        let tr = ctx.tr;
        FormPage {
            p: ctx.page(title),
            id: None,
            published: false,
            experiment: None,
            form,
            errors,
            kinds: kinds(&tr),
            themes: themes(&tr),
            audiences: audiences(&tr),
            licences: licences(),
            files: Vec::new(),
            upload_errors: FieldErrors::default(),
            limit_mb: state.settings.policy_document_limit / (1024 * 1024),
        }
    }
}

async fn edit_view(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    form: Option<ItemInput>,
    errors: FieldErrors,
    upload_errors: FieldErrors,
) -> Result<FormPage, AppError> {
    let s = store::item(&state.db, id).await?;
    let files = store::files(&state.db, id).await?;
    let form = form.unwrap_or_else(|| ItemInput::of(&s.item));
    let mut page = FormPage::new(ctx, state, "library-edit-title", form, errors);
    page.p.title = s.item.title.clone();
    page.id = Some(id);
    page.published = s.published_at.is_some();
    page.experiment = s.experiment;
    page.upload_errors = upload_errors;
    page.files = files
        .into_iter()
        .map(|f| ManageFile {
            id: f.id,
            size: size_text(&ctx.tr, f.size),
            name: f.name,
            downloads: f.downloads,
        })
        .collect();
    Ok(page)
}

async fn new_item(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageLibrary)?;
    let form = ItemInput::new_for(SchoolYear::of(crate::monitor::store::today()));
    FormPage::new(
        &ctx,
        &state,
        "library-new-title",
        form,
        FieldErrors::default(),
    )
    .html()
}

/// The item form: its audiences are a repeated field.
type ItemForm = WithRejection<axum_extra::extract::Form<ItemInput>, AppError>;

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    WithRejection(axum_extra::extract::Form(form), _): ItemForm,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageLibrary)?;
    match form.validate() {
        Ok(item) => {
            let id =
                store::create_item(&state.db, &user.actor(), &item, crate::store::now()).await?;
            ctx.flash(Msg::new("library-saved")).await?;
            Ok(Redirect::to(&format!("/library/manage/{id}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(&ctx.tr, e);
            let page = FormPage::new(&ctx, &state, "library-new-title", form, errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

async fn edit(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageLibrary)?;
    edit_view(
        &ctx,
        &state,
        id,
        None,
        FieldErrors::default(),
        FieldErrors::default(),
    )
    .await?
    .html()
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    WithRejection(axum_extra::extract::Form(form), _): ItemForm,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageLibrary)?;
    match form.validate() {
        Ok(item) => {
            store::update_item(&state.db, &user.actor(), id, &item, crate::store::now()).await?;
            ctx.flash(Msg::new("library-saved")).await?;
            Ok(Redirect::to(&format!("/library/manage/{id}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(&ctx.tr, e);
            let page =
                edit_view(&ctx, &state, id, Some(form), errors, FieldErrors::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    publish: String,
}

async fn publish(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageLibrary)?;
    let publish = match form.publish.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest(Msg::new("library-publish-invalid"))),
    };
    let msg = match store::set_published(&state.db, &user.actor(), id, publish, crate::store::now())
        .await
    {
        Ok(()) if publish => Msg::new("library-published"),
        Ok(()) => Msg::new("library-unpublished"),
        // Someone else did it first: say where it stands now.
        Err(StoreError::WrongState { .. }) => Msg::new("library-publish-stale"),
        Err(e) => return Err(e.into()),
    };
    ctx.flash(msg).await?;
    Ok(Redirect::to(&format!("/library/manage/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "library/delete.html")]
struct DeletePage {
    p: Page,
    action: String,
    back: String,
    question: String,
}

async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageLibrary)?;
    let s = store::item(&state.db, id).await?;
    let reports = store::usage_counts(&state.db, id).await?;
    DeletePage {
        p: ctx.page("library-delete-title"),
        action: format!("/library/manage/{id}/delete"),
        back: format!("/library/manage/{id}"),
        question: ctx.tr.msg(
            &Msg::new("library-delete-confirm")
                .arg("title", &s.item.title)
                .arg("reports", reports.iter().map(|(_, n)| n).sum::<i64>()),
        ),
    }
    .html()
}

async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageLibrary)?;
    let s = store::item(&state.db, id).await?;
    store::delete_item(&state.db, &user.actor(), id).await?;
    ctx.flash(Msg::new("library-deleted").arg("title", &s.item.title))
        .await?;
    Ok(Redirect::to("/library/manage").into_response())
}

async fn upload(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageLibrary)?;
    store::item(&state.db, id).await?;
    let limit = state.settings.policy_document_limit;
    let mut name = String::new();
    let mut bytes: Option<Vec<u8>> = None;
    let mut refusal: Option<Msg> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(b) if b.len() as u64 > limit => {
                        refusal =
                            Some(Msg::new("policy-file-too-large").arg("mb", limit / (1024 * 1024)))
                    }
                    Ok(b) => bytes = Some(b.to_vec()),
                    Err(_) => refusal = Some(Msg::new("import-upload-failed")),
                }
            }
            Ok(Some(field)) => {
                if field.bytes().await.is_err() {
                    refusal = Some(Msg::new("import-upload-failed"));
                }
            }
            Ok(None) => break,
            Err(_) => {
                refusal = Some(Msg::new("import-upload-failed"));
                break;
            }
        }
    }
    let checked = match (refusal, bytes) {
        (Some(m), _) => Err(m),
        (None, None) => Err(Msg::new("import-no-file")),
        (None, Some(b)) => document::sniff(&b, limit).map(|k| (k, b)),
    };
    match checked {
        Ok((kind, bytes)) => {
            let name = document::clean_name(&name, kind);
            store::add_file(
                &state.db,
                &user.actor(),
                id,
                &name,
                kind,
                &bytes,
                crate::store::now(),
            )
            .await?;
            ctx.flash(Msg::new("library-file-added").arg("name", &name))
                .await?;
            Ok(Redirect::to(&format!("/library/manage/{id}#files")).into_response())
        }
        Err(m) => {
            let upload_errors = field_errors(&ctx.tr, vec![("file", m)]);
            let page = edit_view(
                &ctx,
                &state,
                id,
                None,
                FieldErrors::default(),
                upload_errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

/// The programme manager reads a file of any item, published or not; this
/// is not a download the library counts.
async fn manage_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageLibrary)?;
    let (info, bytes) = store::file_content(&state.db, id, file, false).await?;
    Ok(attachment(&info, bytes))
}

async fn confirm_delete_file(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageLibrary)?;
    let f = store::files(&state.db, id)
        .await?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(AppError::NotFound)?;
    DeletePage {
        p: ctx.page("library-delete-file-title"),
        action: format!("/library/manage/{id}/files/{file}/delete"),
        back: format!("/library/manage/{id}#files"),
        question: ctx.tr.msg(
            &Msg::new("library-delete-file-confirm")
                .arg("name", &f.name)
                .arg("downloads", f.downloads),
        ),
    }
    .html()
}

async fn delete_file(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageLibrary)?;
    store::delete_file(&state.db, &user.actor(), id, file).await?;
    ctx.flash(Msg::new("library-file-deleted")).await?;
    Ok(Redirect::to(&format!("/library/manage/{id}#files")).into_response())
}

// --- moderation ----------------------------------------------------------------------

struct ReportView {
    id: i64,
    item: i64,
    title: String,
    role: String,
    place: String,
    how: String,
    note: String,
    submitted_on: String,
}

fn report_view(tr: &Tr, u: StoredUsage) -> ReportView {
    ReportView {
        id: u.id,
        item: u.item,
        title: u.title,
        role: tr.t(&u.usage.role.key()),
        place: u.usage.place,
        how: tr.t(&u.usage.how.key()),
        note: u.usage.note,
        submitted_on: u.submitted_on.to_string(),
    }
}

#[derive(Template)]
#[template(path = "library/moderation.html")]
struct ModerationPage {
    p: Page,
    reports: Vec<ReportView>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
struct PageQuery {
    page: Option<i64>,
}

async fn moderation(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageLibrary)?;
    let mut pager = Pager::new(q.page, String::new());
    let (reports, total) = store::usage_in(
        &state.db,
        UsageState::Pending,
        pager.per_page,
        pager.offset(),
    )
    .await?;
    pager.total = total;
    ModerationPage {
        p: ctx.page("library-moderation-title"),
        reports: reports
            .into_iter()
            .map(|u| report_view(&ctx.tr, u))
            .collect(),
        pager,
    }
    .html()
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    decision: String,
}

async fn moderate(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageLibrary)?;
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::BadRequest(Msg::new("library-decision-invalid"))),
    };
    let msg =
        match store::moderate(&state.db, &user.actor(), id, approve, crate::store::now()).await {
            Ok(()) if approve => Msg::new("library-report-approved"),
            Ok(()) => Msg::new("library-report-rejected"),
            Err(StoreError::WrongState { .. }) => Msg::new("library-report-stale"),
            Err(e) => return Err(e.into()),
        };
    ctx.flash(msg).await?;
    Ok(Redirect::to("/library/moderation").into_response())
}

/// Every usage report as CSV (Excel dialect, formula-guarded), for the
/// programme manager and the evaluator; the export is in the audit log.
async fn export_reports(ctx: Ctx, State(state): State<AppState>) -> Result<Response, AppError> {
    use crate::reports::csv_out::{CsvDialect, table_csv};
    use crate::reports::document::{Cell, Column, ColumnKind, Table};
    let user = ctx.require(Action::ManageLibrary)?;
    let tr = ctx.tr;
    let reports = store::all_usage(&state.db).await?;
    let col = |h: &str, kind| Column {
        header: h.to_string(),
        kind,
    };
    let table = Table {
        id: "library_usage_reports".into(),
        title: tr.t("library-moderation-title"),
        columns: vec![
            col("report", ColumnKind::Integer),
            col("item", ColumnKind::Integer),
            col("title", ColumnKind::Text),
            col("state", ColumnKind::Text),
            col("role", ColumnKind::Text),
            col("sector_or_institution", ColumnKind::Text),
            col("how", ColumnKind::Text),
            col("note", ColumnKind::Text),
            col("submitted_on", ColumnKind::Text),
        ],
        rows: reports
            .iter()
            .map(|u| {
                vec![
                    Cell::Number(u.id as f64),
                    Cell::Number(u.item as f64),
                    Cell::Text(u.title.clone()),
                    Cell::Text(u.state.as_str().into()),
                    Cell::Text(u.usage.role.as_str().into()),
                    Cell::Text(u.usage.place.clone()),
                    Cell::Text(u.usage.how.as_str().into()),
                    Cell::Text(u.usage.note.clone()),
                    Cell::Text(u.submitted_on.to_string()),
                ]
            })
            .collect(),
        note: None,
    };
    let labels = crate::reports::view::labels(&tr, state.settings.min_group.get());
    let mut bytes = Vec::new();
    table_csv(&table, &labels, CsvDialect::Excel, &mut bytes)
        .map_err(|e| AppError::Internal(e.into()))?;
    crate::audit::store::record_now(
        &state.db,
        &user.actor(),
        crate::audit::Event {
            entity: store::ENTITY,
            entity_id: "library",
            action: store::REPORTS_EXPORTED,
            summary: format!("{} usage reports", reports.len()),
        },
    )
    .await?;
    let today = crate::monitor::store::today();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"ingezet-meldingen-{today}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

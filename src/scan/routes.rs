//! Pages of the bewegingsscan: the rounds, one round's institutions and
//! publication, the sector scan report (page, PDF, XLSX, CSV), one
//! institution's interview record with its follow-up actions and quotes,
//! the codebook, the confirmations before deleting, and the JSON API.
//!
//! Who sees what: researchers and the programme manager manage everything
//! ([`Action::ManageScan`]); the steering group reads published reports
//! ([`Action::ViewScan`]); a coordinator reads the own institution's record
//! and whether an interview is pending ([`Action::ViewScanRecord`]).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::service::{self, ScanError};
use super::{
    ActionInput, Interview, InterviewInput, PublishInput, QuoteInput, Refusals, Respondent, Round,
    RoundInput, Theme, ThemeInput, store,
};
use crate::auth::{Action, CurrentUser};
use crate::i18n::{Msg, Tr};
use crate::institutions::InstitutionCode;
use crate::reports::view::{ViewBlock, labels, view_blocks};
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render};

type Pairs = Vec<(String, String)>;

pub fn routes() -> Router<AppState> {
    let record = "/scan/rounds/{id}/institutions/{code}";
    Router::new()
        .route("/scan", get(index))
        .route("/scan/rounds", post(create_round))
        .route("/scan/rounds/{id}", get(round_page))
        .route("/scan/rounds/{id}/publish", post(publish))
        .route("/scan/rounds/{id}/discussed", post(discussed))
        .route("/scan/rounds/{id}/report", get(report_page))
        .route("/scan/rounds/{id}/report/download", get(download))
        .route(record, get(record_page).post(save_record))
        .route(
            &format!("{record}/delete"),
            get(confirm_delete_record).post(delete_record),
        )
        .route(&format!("{record}/actions"), post(add_action))
        .route(
            &format!("{record}/actions/{{item}}/delete"),
            get(confirm_delete_action).post(delete_action),
        )
        .route(&format!("{record}/quotes"), post(add_quote))
        .route(
            &format!("{record}/quotes/{{item}}/review"),
            post(review_quote),
        )
        .route(
            &format!("{record}/quotes/{{item}}/delete"),
            get(confirm_delete_quote).post(delete_quote),
        )
        .route("/scan/codebook", get(codebook_page).post(add_theme))
        .route("/scan/codebook/{theme}", post(change_theme))
        .route("/scan/codebook/{theme}/retire", post(retire_theme))
        .route(
            "/scan/codebook/{theme}/delete",
            get(confirm_delete_theme).post(delete_theme),
        )
        .route("/scan/institutions/{code}", get(institution_page))
}

impl From<ScanError> for AppError {
    fn from(e: ScanError) -> Self {
        match e {
            ScanError::Store(s) => s.into(),
            ScanError::Render(r) => r.into(),
            ScanError::Task(t) => AppError::Internal(t.into()),
        }
    }
}

fn parse_code(code: &str) -> Result<InstitutionCode, AppError> {
    code.parse().map_err(|_| AppError::NotFound)
}

fn field_errors(tr: &Tr, errors: Refusals) -> FieldErrors {
    errors.into_iter().map(|(f, m)| (f, tr.msg(&m))).collect()
}

fn one_error(tr: &Tr, field: &'static str, key: &'static str) -> FieldErrors {
    field_errors(tr, vec![(field, Msg::new(key))])
}

fn record_href(round: i64, code: &str) -> String {
    format!("/scan/rounds/{round}/institutions/{code}")
}

/// Whether `user` may read `round`'s report: published for the readers,
/// any round for those who manage the scan (a draft, marked as such).
fn may_read_report(user: &CurrentUser, round: &Round) -> bool {
    user.can(Action::ManageScan) || (round.state.is_completed() && user.can(Action::ViewScan))
}

// --- the rounds ------------------------------------------------------------------------

struct RoundRow {
    id: i64,
    name: String,
    year: i32,
    state: String,
    published: bool,
    published_on: String,
    discussed_on: String,
}

fn round_row(tr: &Tr, r: &Round) -> RoundRow {
    RoundRow {
        id: r.id,
        name: r.name.clone(),
        year: r.year,
        state: tr.t(r.state.key()),
        published: r.state.is_completed(),
        published_on: r.published_on.map(|d| d.to_string()).unwrap_or_default(),
        discussed_on: r.discussed_on.map(|d| d.to_string()).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "scan/index.html")]
struct IndexPage {
    p: Page,
    can_manage: bool,
    rounds: Vec<RoundRow>,
    form: RoundInput,
    errors: FieldErrors,
}

async fn index_view(
    ctx: &Ctx,
    state: &AppState,
    form: RoundInput,
    errors: FieldErrors,
) -> Result<IndexPage, AppError> {
    let user = ctx.require(Action::ViewScan)?;
    let can_manage = user.can(Action::ManageScan);
    let rounds = store::rounds(&state.db)
        .await?
        .iter()
        .filter(|r| can_manage || r.state.is_completed())
        .map(|r| round_row(&ctx.tr, r))
        .collect();
    Ok(IndexPage {
        p: ctx.page("scan-title"),
        can_manage,
        rounds,
        form,
        errors,
    })
}

async fn index(ctx: Ctx, State(state): State<AppState>) -> Result<Response, AppError> {
    let user = ctx.user()?;
    if !user.can(Action::ViewScan) {
        // A coordinator's scan is the own institution's record.
        if let Some(own) = user.coordinated_institutions().first() {
            return Ok(Redirect::to(&format!("/scan/institutions/{own}")).into_response());
        }
        return Err(AppError::Forbidden);
    }
    let page = index_view(&ctx, &state, RoundInput::default(), FieldErrors::default()).await?;
    Ok(page.html()?.into_response())
}

async fn create_round(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<RoundInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageScan)?;
    let refuse = |errors: FieldErrors| async {
        let page = index_view(&ctx, &state, form.clone(), errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let new = match form.validate() {
        Ok(n) => n,
        Err(e) => return refuse(field_errors(&ctx.tr, e)).await,
    };
    match store::create_round(&state.db, &user.actor(), &new, crate::store::now()).await {
        Ok(id) => {
            ctx.flash(Msg::new("scan-round-created")).await?;
            Ok(Redirect::to(&format!("/scan/rounds/{id}")).into_response())
        }
        Err(StoreError::Duplicate { .. }) => {
            refuse(one_error(&ctx.tr, "name", "scan-round-name-taken")).await
        }
        Err(e) => Err(e.into()),
    }
}

struct InstitutionRow {
    code: String,
    name: String,
    recorded: Option<String>,
    actions: usize,
    unreviewed: usize,
}

#[derive(Template)]
#[template(path = "scan/round.html")]
struct RoundPage {
    p: Page,
    round: RoundRow,
    open: bool,
    rows: Vec<InstitutionRow>,
    recorded: usize,
    publish: PublishInput,
    errors: FieldErrors,
}

async fn round_view(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    publish: Option<PublishInput>,
    errors: FieldErrors,
) -> Result<RoundPage, AppError> {
    ctx.require(Action::ManageScan)?;
    let round = store::round(&state.db, id).await?;
    let records = store::interviews(&state.db, id).await?;
    let mut institutions = crate::institutions::store::all(&state.db).await?;
    institutions.sort_by(|a, b| a.name.cmp(&b.name));
    let rows: Vec<InstitutionRow> = institutions
        .into_iter()
        .filter_map(|i| {
            let code = i.code.to_string();
            let record = records.iter().find(|r| r.institution == code);
            let active = i.status == crate::institutions::Status::Active;
            (active || record.is_some()).then(|| InstitutionRow {
                recorded: record.map(|r| r.held_on.to_string()),
                actions: record.map_or(0, |r| r.actions.len()),
                unreviewed: record
                    .map_or(0, |r| r.quotes.iter().filter(|q| !q.is_reviewed()).count()),
                code,
                name: i.name,
            })
        })
        .collect();
    Ok(RoundPage {
        p: ctx.page_titled(ctx.tr.t1("scan-round-title", "round", &round.name)),
        open: round.state.accepts_records(),
        recorded: records.len(),
        rows,
        publish: publish.unwrap_or_else(|| PublishInput {
            published_on: crate::monitor::store::today().to_string(),
            discussed_on: String::new(),
        }),
        errors,
        round: round_row(&ctx.tr, &round),
    })
}

async fn round_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    round_view(&ctx, &state, id, None, FieldErrors::default())
        .await?
        .html()
}

async fn publish(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<PublishInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageScan)?;
    let round = store::round(&state.db, id).await?;
    let refuse = |errors: FieldErrors| async {
        let page = round_view(&ctx, &state, id, Some(form.clone()), errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    if round.state.is_completed() {
        return refuse(one_error(&ctx.tr, "published_on", "scan-round-published")).await;
    }
    let (on, discussed) = match form.validate(crate::monitor::store::today()) {
        Ok(x) => x,
        Err(e) => return refuse(field_errors(&ctx.tr, e)).await,
    };
    match store::publish(&state.db, &user.actor(), id, on, discussed).await {
        Ok(()) => {
            ctx.flash(Msg::new("scan-round-published-now")).await?;
            Ok(Redirect::to(&format!("/scan/rounds/{id}/report")).into_response())
        }
        Err(StoreError::WrongState { state: s, .. }) if s == "empty" => {
            refuse(one_error(&ctx.tr, "published_on", "scan-round-empty")).await
        }
        Err(StoreError::WrongState { .. }) => {
            refuse(one_error(&ctx.tr, "published_on", "scan-round-published")).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct DiscussedForm {
    #[serde(default)]
    discussed_on: String,
}

async fn discussed(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<DiscussedForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageScan)?;
    let round = store::round(&state.db, id).await?;
    let mut errors = Vec::new();
    let on = super::discussed_day(&mut errors, &form.discussed_on, round.published_on);
    if !errors.is_empty() {
        let page = report_view(&ctx, &state, &round, field_errors(&ctx.tr, errors)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response());
    }
    match store::set_discussed(&state.db, &user.actor(), id, on).await {
        Ok(()) => ctx.flash(Msg::new("scan-discussed-saved")).await?,
        Err(StoreError::WrongState { .. }) => {
            ctx.flash(Msg::new("scan-discussed-not-published")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/scan/rounds/{id}/report")).into_response())
}

// --- the report ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "scan/report.html")]
struct ReportPage {
    p: Page,
    round: RoundRow,
    can_manage: bool,
    blocks: Vec<ViewBlock>,
    waves: Vec<(String, String)>,
    downloads: Vec<(String, String)>,
    discussed_on: String,
    errors: FieldErrors,
}

async fn report_view(
    ctx: &Ctx,
    state: &AppState,
    round: &Round,
    errors: FieldErrors,
) -> Result<ReportPage, AppError> {
    let user = ctx.user()?;
    if !may_read_report(user, round) {
        return Err(AppError::Forbidden);
    }
    let tr = ctx.tr;
    let lab = labels(&tr, state.settings.min_group.get());
    let report = service::report(&state.db, round).await?;
    let doc = super::document::document(&tr, &lab, &report, "");
    let base = format!("/scan/rounds/{}/report/download", round.id);
    let blocks = view_blocks(&doc, &lab, &format!("{base}?format=csv"));
    Ok(ReportPage {
        p: ctx.page_titled(doc.title.clone()),
        round: round_row(&tr, round),
        can_manage: user.can(Action::ManageScan),
        blocks,
        waves: report
            .waves
            .iter()
            .map(|w| (format!("/reports/{}/sector", w.id), w.name.clone()))
            .collect(),
        downloads: vec![
            (format!("{base}?format=pdf"), tr.t("report-download-pdf")),
            (format!("{base}?format=xlsx"), tr.t("report-download-xlsx")),
        ],
        discussed_on: round
            .discussed_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        errors,
    })
}

async fn report_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let round = store::round(&state.db, id).await?;
    report_view(&ctx, &state, &round, FieldErrors::default())
        .await?
        .html()
}

#[derive(Deserialize)]
struct DownloadQuery {
    #[serde(default)]
    format: String,
    #[serde(default)]
    table: String,
}

async fn download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let round = store::round(&state.db, id).await?;
    if !may_read_report(user, &round) {
        return Err(AppError::Forbidden);
    }
    let table = if q.table.is_empty() {
        "themas"
    } else {
        q.table.as_str()
    };
    let f = service::export(
        &state.db,
        &user.actor(),
        ctx.tr,
        labels(&ctx.tr, state.settings.min_group.get()),
        &round,
        &service::Export {
            format: &q.format,
            table,
            base_url: state.settings.public_url.trim_end_matches('/'),
        },
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, f.mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", f.filename),
            ),
        ],
        f.bytes,
    )
        .into_response())
}

// --- one institution's record -------------------------------------------------------------

struct ActionView {
    id: i64,
    description: String,
    themes: String,
}

struct QuoteView {
    id: i64,
    text: String,
    reviewed: Option<String>,
}

/// Which form on the record page was refused, with what was typed.
#[derive(Default)]
enum Refused {
    #[default]
    None,
    Record(InterviewInput, FieldErrors),
    Action(ActionInput, FieldErrors),
    Quote(QuoteInput, FieldErrors),
}

#[derive(Template)]
#[template(path = "scan/record.html")]
struct RecordPage {
    p: Page,
    round: RoundRow,
    href: String,
    exists: bool,
    can_manage: bool,
    can_edit: bool,
    held_on: String,
    roles_text: String,
    worked: String,
    not_worked: String,
    recorded_by: String,
    actions: Vec<ActionView>,
    quotes: Vec<QuoteView>,
    roles: Vec<(&'static str, String)>,
    themes: Vec<(i64, String, String)>,
    record_form: InterviewInput,
    record_errors: FieldErrors,
    action_form: ActionInput,
    action_errors: FieldErrors,
    quote_form: QuoteInput,
    quote_errors: FieldErrors,
}

fn theme_names(themes: &[Theme], ids: &[i64]) -> String {
    ids.iter()
        .filter_map(|id| themes.iter().find(|t| t.id == *id))
        .map(|t| t.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

fn roles_text(tr: &Tr, roles: &[Respondent]) -> String {
    roles
        .iter()
        .map(|r| tr.t(r.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn record_of(
    state: &AppState,
    round: i64,
    code: &str,
) -> Result<Option<Interview>, AppError> {
    Ok(store::interviews(&state.db, round)
        .await?
        .into_iter()
        .find(|i| i.institution == code))
}

async fn record_view(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    code: &InstitutionCode,
    refused: Refused,
) -> Result<RecordPage, AppError> {
    let user = ctx.user()?;
    user.require_institution(Action::ViewScanRecord, code)?;
    let tr = ctx.tr;
    let round = store::round(&state.db, id).await?;
    let inst = crate::institutions::store::get(&state.db, code).await?;
    let record = record_of(state, id, code.as_str()).await?;
    let themes = store::themes(&state.db).await?;
    let manages = user.can(Action::ManageScan);
    let can_edit = manages && round.state.accepts_records();
    let (mut record_form, mut record_errors) = (
        record.as_ref().map_or_else(
            || InterviewInput {
                held_on: crate::monitor::store::today().to_string(),
                ..Default::default()
            },
            |r| InterviewInput {
                held_on: r.held_on.to_string(),
                roles: r.roles.iter().map(|x| x.code().to_string()).collect(),
                worked: r.worked.clone(),
                not_worked: r.not_worked.clone(),
            },
        ),
        FieldErrors::default(),
    );
    let (mut action_form, mut action_errors) = (ActionInput::default(), FieldErrors::default());
    let (mut quote_form, mut quote_errors) = (QuoteInput::default(), FieldErrors::default());
    match refused {
        Refused::None => {}
        Refused::Record(f, e) => (record_form, record_errors) = (f, e),
        Refused::Action(f, e) => (action_form, action_errors) = (f, e),
        Refused::Quote(f, e) => (quote_form, quote_errors) = (f, e),
    }
    let r = record.as_ref();
    Ok(RecordPage {
        p: ctx.page_titled(
            tr.msg(
                &Msg::new("scan-record-title")
                    .arg("name", &inst.name)
                    .arg("round", &round.name),
            ),
        ),
        href: record_href(id, code.as_str()),
        exists: r.is_some(),
        can_manage: manages,
        can_edit,
        held_on: r.map(|r| r.held_on.to_string()).unwrap_or_default(),
        roles_text: r.map(|r| roles_text(&tr, &r.roles)).unwrap_or_default(),
        worked: r.map(|r| r.worked.clone()).unwrap_or_default(),
        not_worked: r.map(|r| r.not_worked.clone()).unwrap_or_default(),
        recorded_by: r
            .map(|r| {
                format!(
                    "{} · {}",
                    r.recorded_by,
                    crate::audit::local(r.recorded_at).date()
                )
            })
            .unwrap_or_default(),
        actions: r
            .map(|r| {
                r.actions
                    .iter()
                    .map(|a| ActionView {
                        id: a.id,
                        description: a.description.clone(),
                        themes: theme_names(&themes, &a.themes),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        quotes: r
            .map(|r| {
                r.quotes
                    .iter()
                    // Only reviewed quotes beyond those who manage the
                    // scan (an unreviewed one may name a person).
                    .filter(|q| manages || q.is_reviewed())
                    .map(|q| QuoteView {
                        id: q.id,
                        text: q.text.clone(),
                        reviewed: q.reviewed.as_ref().map(|(by, at)| {
                            tr.msg(
                                &Msg::new("scan-quote-reviewed-by")
                                    .arg("who", by)
                                    .arg("on", crate::audit::local(*at).date()),
                            )
                        }),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        roles: Respondent::ALL
            .iter()
            .map(|r| (r.code(), tr.t(r.key())))
            .collect(),
        themes: themes
            .iter()
            .filter(|t| !t.is_retired())
            .map(|t| (t.id, t.name.clone(), t.description.clone()))
            .collect(),
        round: round_row(&tr, &round),
        record_form,
        record_errors,
        action_form,
        action_errors,
        quote_form,
        quote_errors,
    })
}

async fn record_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    record_view(&ctx, &state, id, &code, Refused::None)
        .await?
        .html()
}

async fn refuse(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    code: &InstitutionCode,
    refused: Refused,
) -> Result<Response, AppError> {
    let page = record_view(ctx, state, id, code, refused).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

async fn back(
    ctx: &Ctx,
    id: i64,
    code: &InstitutionCode,
    msg: &'static str,
) -> Result<Response, AppError> {
    ctx.flash(Msg::new(msg)).await?;
    Ok(Redirect::to(&record_href(id, code.as_str())).into_response())
}

async fn save_record(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.require(Action::ManageScan)?;
    crate::institutions::store::get(&state.db, &code).await?;
    let input = InterviewInput::from_pairs(&pairs);
    let names = service::institution_names(&state.db).await?;
    let text = match input.validate(crate::monitor::store::today(), &names) {
        Ok(t) => t,
        Err(e) => {
            let errors = field_errors(&ctx.tr, e);
            return refuse(&ctx, &state, id, &code, Refused::Record(input, errors)).await;
        }
    };
    let actor = user.actor();
    let at = crate::store::now();
    let saved = match record_of(&state, id, code.as_str()).await? {
        Some(r) => store::update_interview(&state.db, &actor, r.id, &text, at).await,
        None => store::create_interview(&state.db, &actor, id, code.as_str(), &text, at)
            .await
            .map(|_| ()),
    };
    let key = match saved {
        Ok(()) => return back(&ctx, id, &code, "scan-record-saved").await,
        Err(StoreError::WrongState { .. }) => "scan-round-published",
        Err(StoreError::Duplicate { .. }) => "scan-record-exists",
        Err(e) => return Err(e.into()),
    };
    let errors = one_error(&ctx.tr, "held_on", key);
    refuse(&ctx, &state, id, &code, Refused::Record(input, errors)).await
}

async fn existing(
    state: &AppState,
    id: i64,
    code: &InstitutionCode,
) -> Result<Interview, AppError> {
    record_of(state, id, code.as_str())
        .await?
        .ok_or(AppError::NotFound)
}

async fn add_action(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    let input = ActionInput::from_pairs(&pairs);
    let themes = store::themes(&state.db).await?;
    let names = service::institution_names(&state.db).await?;
    let (description, ids) = match input.validate(&themes, &names) {
        Ok(x) => x,
        Err(e) => {
            let errors = field_errors(&ctx.tr, e);
            return refuse(&ctx, &state, id, &code, Refused::Action(input, errors)).await;
        }
    };
    let key = match store::add_action(&state.db, &user.actor(), record.id, &description, &ids).await
    {
        Ok(_) => return back(&ctx, id, &code, "scan-action-saved").await,
        Err(StoreError::WrongState {
            entity: "scan_theme",
            ..
        }) => ("themes", "scan-theme-retired-now"),
        Err(StoreError::MissingReference { .. }) => ("themes", "scan-theme-unknown"),
        Err(StoreError::WrongState { .. }) => ("description", "scan-round-published"),
        Err(e) => return Err(e.into()),
    };
    let errors = one_error(&ctx.tr, key.0, key.1);
    refuse(&ctx, &state, id, &code, Refused::Action(input, errors)).await
}

async fn add_quote(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Form(input): Form<QuoteInput>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    let names = service::institution_names(&state.db).await?;
    let text = match input.validate(&names) {
        Ok(t) => t,
        Err(e) => {
            let errors = field_errors(&ctx.tr, e);
            return refuse(&ctx, &state, id, &code, Refused::Quote(input, errors)).await;
        }
    };
    match store::add_quote(&state.db, &user.actor(), record.id, &text).await {
        Ok(_) => back(&ctx, id, &code, "scan-quote-saved").await,
        Err(StoreError::WrongState { .. }) => {
            let errors = one_error(&ctx.tr, "text", "scan-round-published");
            refuse(&ctx, &state, id, &code, Refused::Quote(input, errors)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn review_quote(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, quote)): Path<(i64, String, i64)>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    match store::review_quote(
        &state.db,
        &user.actor(),
        record.id,
        quote,
        crate::store::now(),
    )
    .await
    {
        Ok(()) => back(&ctx, id, &code, "scan-quote-reviewed").await,
        Err(StoreError::WrongState { .. }) => back(&ctx, id, &code, "scan-round-published").await,
        Err(e) => Err(e.into()),
    }
}

// --- confirmations before deleting ----------------------------------------------------------

#[derive(Template)]
#[template(path = "scan/confirm.html")]
struct ConfirmPage {
    p: Page,
    question: String,
    action: String,
    back: String,
}

fn confirm(
    ctx: &Ctx,
    question: String,
    action: String,
    back: String,
) -> Result<Html<String>, AppError> {
    ConfirmPage {
        p: ctx.page("scan-delete-title"),
        question,
        action,
        back,
    }
    .html()
}

async fn confirm_delete_record(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    ctx.require(Action::ManageScan)?;
    existing(&state, id, &code).await?;
    let inst = crate::institutions::store::get(&state.db, &code).await?;
    let href = record_href(id, code.as_str());
    confirm(
        &ctx,
        ctx.tr.t1("scan-record-delete-confirm", "name", &inst.name),
        format!("{href}/delete"),
        href,
    )
}

async fn delete_record(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    match store::delete_interview(&state.db, &user.actor(), record.id).await {
        Ok(()) => {
            ctx.flash(Msg::new("scan-record-deleted")).await?;
            Ok(Redirect::to(&format!("/scan/rounds/{id}")).into_response())
        }
        Err(StoreError::WrongState { .. }) => back(&ctx, id, &code, "scan-round-published").await,
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete_action(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, item)): Path<(i64, String, i64)>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    let a = record
        .actions
        .iter()
        .find(|a| a.id == item)
        .ok_or(AppError::NotFound)?;
    let href = record_href(id, code.as_str());
    confirm(
        &ctx,
        ctx.tr
            .t1("scan-action-delete-confirm", "action", &a.description),
        format!("{href}/actions/{item}/delete"),
        href,
    )
}

async fn delete_action(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, item)): Path<(i64, String, i64)>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    match store::delete_action(&state.db, &user.actor(), record.id, item).await {
        Ok(()) => back(&ctx, id, &code, "scan-action-deleted").await,
        Err(StoreError::WrongState { .. }) => back(&ctx, id, &code, "scan-round-published").await,
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete_quote(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, item)): Path<(i64, String, i64)>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    let q = record
        .quotes
        .iter()
        .find(|q| q.id == item)
        .ok_or(AppError::NotFound)?;
    let href = record_href(id, code.as_str());
    confirm(
        &ctx,
        ctx.tr.t1("scan-quote-delete-confirm", "quote", &q.text),
        format!("{href}/quotes/{item}/delete"),
        href,
    )
}

async fn delete_quote(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, item)): Path<(i64, String, i64)>,
) -> Result<Response, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.require(Action::ManageScan)?;
    let record = existing(&state, id, &code).await?;
    match store::delete_quote(&state.db, &user.actor(), record.id, item).await {
        Ok(()) => back(&ctx, id, &code, "scan-quote-deleted").await,
        Err(StoreError::WrongState { .. }) => back(&ctx, id, &code, "scan-round-published").await,
        Err(e) => Err(e.into()),
    }
}

// --- the codebook ----------------------------------------------------------------------------

struct ThemeView {
    id: i64,
    name: String,
    description: String,
    added_in: i64,
    retired_in: Option<i64>,
    used: bool,
}

#[derive(Template)]
#[template(path = "scan/codebook.html")]
struct CodebookPage {
    p: Page,
    version: i64,
    themes: Vec<ThemeView>,
    versions: Vec<(i64, String, String)>,
    form: ThemeInput,
    errors: FieldErrors,
    /// The theme whose change was refused.
    refused_for: Option<i64>,
}

impl CodebookPage {
    fn is_refused(&self, id: &i64) -> bool {
        self.refused_for == Some(*id)
    }
}

async fn codebook_view(
    ctx: &Ctx,
    state: &AppState,
    form: ThemeInput,
    errors: FieldErrors,
    refused_for: Option<i64>,
) -> Result<CodebookPage, AppError> {
    ctx.require(Action::ManageScan)?;
    let used = store::used_themes(&state.db).await?;
    Ok(CodebookPage {
        p: ctx.page("scan-codebook-title"),
        version: store::codebook_version(&state.db).await?,
        themes: store::themes(&state.db)
            .await?
            .into_iter()
            .map(|t| ThemeView {
                used: used.contains(&t.id),
                id: t.id,
                name: t.name,
                description: t.description,
                added_in: t.added_in,
                retired_in: t.retired_in,
            })
            .collect(),
        versions: store::versions(&state.db)
            .await?
            .into_iter()
            .map(|v| {
                (
                    v.version,
                    v.change,
                    format!("{} · {}", v.made_by, crate::audit::local(v.made_at).date()),
                )
            })
            .collect(),
        form,
        errors,
        refused_for,
    })
}

async fn codebook_page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    codebook_view(
        &ctx,
        &state,
        ThemeInput::default(),
        FieldErrors::default(),
        None,
    )
    .await?
    .html()
}

async fn save_theme(
    ctx: &Ctx,
    state: &AppState,
    theme: Option<i64>,
    form: ThemeInput,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageScan)?;
    let refuse = |errors: FieldErrors| async {
        let page = codebook_view(ctx, state, form.clone(), errors, theme).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let text = match form.validate() {
        Ok(t) => t,
        Err(e) => return refuse(field_errors(&ctx.tr, e)).await,
    };
    let at = crate::store::now();
    let saved = match theme {
        Some(id) => store::change_theme(&state.db, &user.actor(), id, &text, at).await,
        None => store::add_theme(&state.db, &user.actor(), &text, at)
            .await
            .map(|_| ()),
    };
    match saved {
        Ok(()) => {
            ctx.flash(Msg::new("scan-theme-saved")).await?;
            Ok(Redirect::to("/scan/codebook").into_response())
        }
        Err(StoreError::Duplicate { .. }) => {
            refuse(one_error(&ctx.tr, "name", "scan-theme-name-taken")).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn add_theme(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<ThemeInput>,
) -> Result<Response, AppError> {
    save_theme(&ctx, &state, None, form).await
}

async fn change_theme(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(theme): Path<i64>,
    Form(form): Form<ThemeInput>,
) -> Result<Response, AppError> {
    save_theme(&ctx, &state, Some(theme), form).await
}

async fn retire_theme(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(theme): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageScan)?;
    match store::retire_theme(&state.db, &user.actor(), theme, crate::store::now()).await {
        Ok(()) => ctx.flash(Msg::new("scan-theme-retired-done")).await?,
        Err(StoreError::WrongState { .. }) => {
            ctx.flash(Msg::new("scan-theme-already-retired")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to("/scan/codebook").into_response())
}

async fn confirm_delete_theme(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(theme): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageScan)?;
    let t = store::themes(&state.db)
        .await?
        .into_iter()
        .find(|t| t.id == theme)
        .ok_or(AppError::NotFound)?;
    confirm(
        &ctx,
        ctx.tr.t1("scan-theme-delete-confirm", "theme", &t.name),
        format!("/scan/codebook/{theme}/delete"),
        "/scan/codebook".into(),
    )
}

async fn delete_theme(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(theme): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageScan)?;
    match store::delete_theme(&state.db, &user.actor(), theme, crate::store::now()).await {
        Ok(()) => ctx.flash(Msg::new("scan-theme-deleted")).await?,
        Err(StoreError::WrongState { .. }) => ctx.flash(Msg::new("scan-theme-delete-used")).await?,
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to("/scan/codebook").into_response())
}

// --- a coordinator's view of the own institution ----------------------------------------------

struct OwnRecord {
    round: String,
    href: String,
    held_on: String,
    actions: usize,
}

#[derive(Template)]
#[template(path = "scan/institution.html")]
struct InstitutionPage {
    p: Page,
    pending: Option<String>,
    records: Vec<OwnRecord>,
}

async fn institution_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    ctx.user()?
        .require_institution(Action::ViewScanRecord, &code)?;
    let inst = crate::institutions::store::get(&state.db, &code).await?;
    let rounds = store::rounds(&state.db).await?;
    let records = store::interviews_of(&state.db, code.as_str())
        .await?
        .into_iter()
        .rev()
        .map(|r| OwnRecord {
            round: rounds
                .iter()
                .find(|x| x.id == r.round_id)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            href: record_href(r.round_id, code.as_str()),
            held_on: r.held_on.to_string(),
            actions: r.actions.len(),
        })
        .collect();
    InstitutionPage {
        p: ctx.page_titled(ctx.tr.t1("scan-institution-title", "name", &inst.name)),
        pending: service::pending_interview(&state.db, code.as_str())
            .await?
            .map(|r| r.name),
        records,
    }
    .html()
}

// --- JSON API -------------------------------------------------------------------------------

/// A theme's line of the sector scan report.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiTheme {
    pub name: String,
    pub retired: bool,
    /// Institutions (not interviews) with an action coded with it.
    pub institutions: u64,
    pub actions: u64,
    /// The institutions by name; absent below three institutions.
    pub named: Option<Vec<String>>,
    pub examples: Vec<String>,
}

/// The sector scan report of one round.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiScanReport {
    pub round: String,
    pub year: i32,
    /// open or published.
    pub state: String,
    pub published_on: Option<String>,
    /// The day the MBO Raad discussed it.
    pub discussed_on: Option<String>,
    pub codebook_version: i64,
    pub institutions: u64,
    pub interviews: u64,
    pub actions: u64,
    pub themes: Vec<ApiTheme>,
    pub worked: Vec<String>,
    pub not_worked: Vec<String>,
    /// Reviewed quotes only.
    pub quotes: Vec<String>,
    /// Monitor waves of the same period.
    pub monitor_waves: Vec<String>,
}

/// One follow-up action of a record.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiAction {
    pub description: String,
    pub themes: Vec<String>,
}

/// One interview record of an institution.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiRecord {
    pub round: String,
    pub held_on: String,
    /// Role codes of the people interviewed (never names).
    pub roles: Vec<String>,
    pub worked: String,
    pub not_worked: String,
    pub actions: Vec<ApiAction>,
    pub quotes: Vec<String>,
}

/// An institution's interview records and whether one is pending.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiInstitutionScan {
    pub institution: String,
    /// The open round an interview is pending in, if any.
    pub pending_round: Option<String>,
    pub records: Vec<ApiRecord>,
}

pub fn api_routes() -> utoipa_axum::router::OpenApiRouter<AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(api_report))
        .routes(utoipa_axum::routes!(api_institution))
}

/// The sector scan report of a round (published rounds; any round for
/// those who manage the scan).
#[utoipa::path(
    get,
    path = "/api/v1/scan/rounds/{id}/report",
    tag = "scan",
    params(("id" = i64, Path, description = "The round's id")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The report", body = ApiScanReport),
        (status = 401, description = "Not signed in", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_report(
    caller: crate::web::ApiUser,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::Json<ApiScanReport>, crate::web::ApiError> {
    if !caller.user.can(Action::ViewScan) {
        return Err(caller.err(AppError::Forbidden));
    }
    let round = store::round(&state.db, id)
        .await
        .map_err(|e| caller.err(e))?;
    if !may_read_report(&caller.user, &round) {
        return Err(caller.err(AppError::Forbidden));
    }
    let r = service::report(&state.db, &round)
        .await
        .map_err(|e| caller.err(e))?;
    Ok(axum::Json(ApiScanReport {
        round: round.name.clone(),
        year: round.year,
        state: round.state.as_str().into(),
        published_on: round.published_on.map(|d| d.to_string()),
        discussed_on: round.discussed_on.map(|d| d.to_string()),
        codebook_version: r.codebook_version,
        institutions: r.institutions,
        interviews: r.interviews,
        actions: r.actions,
        themes: r
            .themes
            .into_iter()
            .map(|t| ApiTheme {
                name: t.name,
                retired: t.retired,
                institutions: t.institutions,
                actions: t.actions,
                named: t.named,
                examples: t.examples,
            })
            .collect(),
        worked: r.worked,
        not_worked: r.not_worked,
        quotes: r.quotes,
        monitor_waves: r.waves.into_iter().map(|w| w.name).collect(),
    }))
}

/// One institution's interview records (its coordinator; researchers and
/// the programme manager).
#[utoipa::path(
    get,
    path = "/api/v1/institutions/{code}/scan",
    tag = "scan",
    params(("code" = String, Path, description = "Onderwijsinstellingscode (BRIN), e.g. 25LX")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The records, oldest round first", body = ApiInstitutionScan),
        (status = 401, description = "Not signed in", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not your institution", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_institution(
    caller: crate::web::ApiUser,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<ApiInstitutionScan>, crate::web::ApiError> {
    let code = parse_code(&code).map_err(|e| caller.err(e))?;
    caller
        .user
        .require_institution(Action::ViewScanRecord, &code)
        .map_err(|e| caller.err(e))?;
    crate::institutions::store::get(&state.db, &code)
        .await
        .map_err(|e| caller.err(e))?;
    let rounds = store::rounds(&state.db).await.map_err(|e| caller.err(e))?;
    let themes = store::themes(&state.db).await.map_err(|e| caller.err(e))?;
    let records = store::interviews_of(&state.db, code.as_str())
        .await
        .map_err(|e| caller.err(e))?;
    let pending = service::pending_interview(&state.db, code.as_str())
        .await
        .map_err(|e| caller.err(e))?;
    Ok(axum::Json(ApiInstitutionScan {
        institution: code.to_string(),
        pending_round: pending.map(|r| r.name),
        records: records
            .into_iter()
            .map(|r| ApiRecord {
                round: rounds
                    .iter()
                    .find(|x| x.id == r.round_id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                held_on: r.held_on.to_string(),
                roles: r.roles.iter().map(|x| x.code().to_string()).collect(),
                worked: r.worked,
                not_worked: r.not_worked,
                actions: r
                    .actions
                    .iter()
                    .map(|a| ApiAction {
                        description: a.description.clone(),
                        themes: a
                            .themes
                            .iter()
                            .filter_map(|id| themes.iter().find(|t| t.id == *id))
                            .map(|t| t.name.clone())
                            .collect(),
                    })
                    .collect(),
                quotes: r
                    .quotes
                    .into_iter()
                    .filter(|q| q.is_reviewed())
                    .map(|q| q.text)
                    .collect(),
            })
            .collect(),
    }))
}

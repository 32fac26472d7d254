//! Report pages and downloads: the institution report (its coordinator and
//! the programme roles), the praatplaat, and the sector report (programme
//! manager, steering group, researchers). Each is one [`Document`], shown
//! as a page and downloadable as PDF, XLSX or one CSV per table; every
//! download is written to the audit log.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::disclosure::MinGroup;
use super::service::{self, Env, ReportError, ReportQuery, institution_doc, sector_doc};
use crate::audit::{self, Event};
use crate::auth::{Action, CurrentUser};
use crate::i18n::Msg;
use crate::institutions::{self, InstitutionCode};
use crate::monitor::{self, Wave, WaveState};
use crate::reports::routes::render_download;
use crate::reports::view::{ViewBlock, view_blocks};
use crate::web::{AppError, AppState, Ctx, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports", get(index))
        .route("/reports/{wave}/sector", get(sector_page))
        .route("/reports/{wave}/sector/download", get(sector_download))
        .route("/reports/{wave}/institutions/{code}", get(institution_page))
        .route(
            "/reports/{wave}/institutions/{code}/download",
            get(institution_download),
        )
        .route("/reports/consent/{code}", axum::routing::post(set_consent))
        .route(
            "/reports/{wave}/institutions/{code}/open",
            get(review_form).post(review_save),
        )
        .route(
            "/reports/{wave}/microdata",
            get(microdata_form).post(microdata_start),
        )
        .route("/exports/{id}", get(export_status))
        .route("/exports/{id}/file", get(export_file))
}

impl<'a> Env<'a> {
    fn of(ctx: &Ctx, state: &'a AppState) -> Env<'a> {
        Env {
            db: &state.db,
            instruments: &state.instruments,
            waves: &state.waves,
            tr: ctx.tr,
            min_group: min_group(state),
        }
    }
}

pub fn min_group(state: &AppState) -> MinGroup {
    state.settings.min_group
}

// --- index ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "reports/index.html")]
struct IndexPage {
    p: Page,
    waves: Vec<WaveLinks>,
}

struct WaveLinks {
    id: i64,
    name: String,
    state: String,
    /// Closed: reports exist. Open: fieldwork only.
    results: bool,
    sector: bool,
    microdata: bool,
    /// (code, name) of the institutions whose report this user may see.
    institutions: Vec<(String, String)>,
}

async fn index(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let user = ctx.user()?;
    if !user.can(Action::ViewSectorReport)
        && !user.can(Action::ExportMicrodata)
        && user.coordinated_institutions().is_empty()
    {
        return Err(AppError::Forbidden);
    }
    let names: HashMap<String, String> = institutions::store::all(&state.db)
        .await?
        .into_iter()
        .map(|i| (i.code.to_string(), i.name))
        .collect();
    let named = super::store::named_institutions(&state.db).await?;
    let mut waves: Vec<Wave> = monitor::store::waves(&state.db)
        .await?
        .into_iter()
        .filter(|w| w.state != WaveState::Draft)
        .collect();
    waves.sort_by_key(|w| std::cmp::Reverse(w.opens_on));
    let waves = waves
        .into_iter()
        .map(|w| WaveLinks {
            id: w.id,
            name: w.name.clone(),
            state: ctx.tr.t(w.state.label_key()),
            results: w.state.releases_results(),
            sector: user.can(Action::ViewSectorReport),
            microdata: user.can(Action::ExportMicrodata),
            institutions: w
                .institutions
                .iter()
                .filter(|c| user.may_view_institution_report(c, named.contains(c.as_str())))
                .map(|c| {
                    (
                        c.to_string(),
                        names.get(c.as_str()).cloned().unwrap_or_default(),
                    )
                })
                .collect(),
        })
        .collect();
    IndexPage {
        p: ctx.page("reports-title"),
        waves,
    }
    .html()
}

// --- the document as a page ---------------------------------------------------------------

#[derive(Template)]
#[template(path = "reports/document.html")]
struct DocumentPage {
    p: Page,
    doc_title: String,
    subtitle: Option<String>,
    back: (String, String),
    blocks: Vec<ViewBlock>,
    downloads: Vec<(String, String)>,
    footer: String,
    filter: Option<FilterForm>,
    teams: Vec<(String, String)>,
    consent: Option<ConsentForm>,
    /// Where the coordinator reviews the open answers.
    review: Option<String>,
}

/// Whether the institution is named in the sector report, with the form to
/// change it (its coordinator or the programme manager).
struct ConsentForm {
    action: String,
    named: bool,
    back: String,
}

struct FilterForm {
    action: String,
    options: Vec<(String, String, bool)>,
}

// --- downloads ---------------------------------------------------------------------------

async fn audit_download(
    state: &AppState,
    user: &CurrentUser,
    entity_id: &str,
    q: &ReportQuery,
) -> Result<(), AppError> {
    audit::store::record_now(
        &state.db,
        &user.actor(),
        Event {
            entity: audit::entity::REPORT,
            entity_id,
            action: "download",
            summary: format!(
                "{}{}{}",
                q.format,
                if q.table.is_empty() {
                    String::new()
                } else {
                    format!(" {}", q.table)
                },
                if q.filter.is_empty() {
                    String::new()
                } else {
                    format!(" filter {}", q.filter)
                },
            ),
        },
    )
    .await?;
    Ok(())
}

// --- institution report ------------------------------------------------------------------

/// Checks that `user` may see the institution's report by name
/// ([`service::may_view_institution`]: the consent rule).
async fn check_institution(
    db: &crate::store::Db,
    user: &CurrentUser,
    code: &str,
) -> Result<(), AppError> {
    let code: InstitutionCode = code.parse().map_err(|_| AppError::NotFound)?;
    if service::may_view_institution(db, user, &code).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn query_string(filter: &str) -> String {
    if filter.is_empty() {
        String::new()
    } else {
        let f: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
        format!("filter={f}&")
    }
}

async fn institution_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((wave_id, code)): Path<(i64, String)>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>, AppError> {
    let user = ctx.user()?;
    check_institution(&state.db, user, &code).await?;
    let d = institution_doc(&Env::of(&ctx, &state), wave_id, &code, &q).await?;
    let base = format!("/reports/{wave_id}/institutions/{code}");
    let qs = query_string(&q.filter);
    let download = |format: &str| format!("{base}/download?{qs}format={format}");
    let refused = d.doc.blocks.len() <= 1;
    let parsed: InstitutionCode = code.parse().map_err(|_| AppError::NotFound)?;
    let consent = if user.can_for(Action::SetReportConsent, &parsed) {
        Some(ConsentForm {
            action: format!("/reports/consent/{code}"),
            named: super::store::named_institutions(&state.db)
                .await?
                .contains(parsed.as_str()),
            back: ctx.path.clone(),
        })
    } else {
        None
    };
    let downloads = if refused {
        Vec::new()
    } else {
        vec![
            (download("pdf"), ctx.tr.t("report-download-pdf")),
            (download("xlsx"), ctx.tr.t("report-download-xlsx")),
            (
                download("praatplaat"),
                ctx.tr.t("report-download-praatplaat"),
            ),
        ]
    };
    DocumentPage {
        p: ctx.page_titled(d.doc.title.clone()),
        doc_title: d.doc.title.clone(),
        subtitle: d.doc.subtitle.clone(),
        back: ("/reports".into(), ctx.tr.t("reports-title")),
        blocks: view_blocks(&d.doc, &d.labels, &download("csv")),
        downloads,
        footer: d.doc.footer.clone(),
        filter: Some(FilterForm {
            action: base.clone(),
            options: d.filter_options,
        }),
        teams: d
            .teams
            .into_iter()
            .map(|(id, name)| {
                (
                    format!("{base}/download?format=praatplaat&team={id}"),
                    ctx.tr.t1("report-download-team-praatplaat", "team", name),
                )
            })
            .collect(),
        consent,
        review: (user.can_for(Action::ReviewOpenAnswers, &parsed) && !refused)
            .then(|| format!("{base}/open")),
    }
    .html()
}

#[derive(Deserialize)]
struct ConsentInput {
    named: String,
    #[serde(default)]
    back: String,
}

async fn set_consent(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    axum::Form(f): axum::Form<ConsentInput>,
) -> Result<axum::response::Redirect, AppError> {
    let user = ctx.user()?;
    let code: InstitutionCode = code.parse().map_err(|_| AppError::NotFound)?;
    user.require_institution(Action::SetReportConsent, &code)?;
    institutions::store::get(&state.db, &code).await?;
    // Only return to a report page of this site; decided before acting.
    let back = crate::web::local_path_under(&f.back, "/reports/")
        .unwrap_or("/reports")
        .to_string();
    let named = match f.named.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest(Msg::new("report-consent-bad"))),
    };
    super::store::set_named(&state.db, &user.actor(), &code, named).await?;
    ctx.flash(Msg::new(if named {
        "report-consent-named"
    } else {
        "report-consent-anonymous"
    }))
    .await?;
    Ok(axum::response::Redirect::to(&back))
}

async fn institution_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((wave_id, code)): Path<(i64, String)>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    check_institution(&state.db, user, &code).await?;
    let d = institution_doc(&Env::of(&ctx, &state), wave_id, &code, &q).await?;
    audit_download(&state, user, &format!("{}/{code}", d.wave), &q).await?;
    let stem = format!(
        "{}-{}-{}",
        if q.format == "praatplaat" {
            "praatplaat"
        } else {
            "rapport"
        },
        code,
        slug(&d.wave)
    );
    render_download(d.doc, d.labels, q.format, q.table, stem).await
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

// --- sector report ---------------------------------------------------------------------

async fn sector_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(wave_id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewSectorReport)?;
    let (doc, labels, _) = sector_doc(&Env::of(&ctx, &state), wave_id).await?;
    let base = format!("/reports/{wave_id}/sector/download?");
    let download = |format: &str| format!("{base}format={format}");
    DocumentPage {
        p: ctx.page_titled(doc.title.clone()),
        doc_title: doc.title.clone(),
        subtitle: doc.subtitle.clone(),
        back: ("/reports".into(), ctx.tr.t("reports-title")),
        blocks: view_blocks(&doc, &labels, &download("csv")),
        downloads: vec![
            (download("pdf"), ctx.tr.t("report-download-pdf")),
            (download("xlsx"), ctx.tr.t("report-download-xlsx")),
        ],
        footer: doc.footer.clone(),
        filter: None,
        teams: Vec::new(),
        consent: None,
        review: None,
    }
    .html()
}

async fn sector_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(wave_id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ViewSectorReport)?;
    if q.format == "praatplaat" {
        return Err(AppError::BadRequest(
            Msg::new("report-bad-format").arg("format", &q.format),
        ));
    }
    let (doc, labels, wave) = sector_doc(&Env::of(&ctx, &state), wave_id).await?;
    audit_download(&state, user, &format!("{wave}/sector"), &q).await?;
    let stem = format!("sector-{}", slug(&wave));
    render_download(doc, labels, q.format, q.table, stem).await
}

// --- researcher microdata ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "reports/microdata.html")]
struct MicrodataPage {
    p: Page,
    wave: Wave,
    /// (value, label, what the download holds) per format.
    formats: Vec<(&'static str, String, String)>,
}

async fn microdata_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(wave_id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ExportMicrodata)?;
    let wave = monitor::store::wave(&state.db, wave_id).await?;
    service::released(&wave)?;
    use super::microdata::{Format, XLSX_MAX_ROWS};
    let formats = Format::ALL
        .iter()
        .map(|f| {
            (
                f.ext(),
                ctx.tr.t(f.label_key()),
                ctx.tr.t1(f.note_key(), "max", XLSX_MAX_ROWS),
            )
        })
        .collect();
    MicrodataPage {
        p: ctx.page_titled(ctx.tr.t1("microdata-title", "wave", &wave.name)),
        wave,
        formats,
    }
    .html()
}

impl From<ReportError> for AppError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::NotFound => AppError::NotFound,
            ReportError::WaveOpen => AppError::Conflict(Msg::new("report-wave-open")),
            ReportError::BadRequest(m) => AppError::BadRequest(m),
            ReportError::Store(e) => e.into(),
            ReportError::Instrument(e) => e.into(),
        }
    }
}

#[derive(Deserialize)]
struct MicrodataInput {
    format: String,
}

async fn microdata_start(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(wave_id): Path<i64>,
    axum::Form(f): axum::Form<MicrodataInput>,
) -> Result<axum::response::Redirect, AppError> {
    use super::microdata::{self, Format, Job, JobState, Progress};
    let user = ctx.require(Action::ExportMicrodata)?;
    let format = Format::parse(&f.format).ok_or_else(|| {
        AppError::BadRequest(Msg::new("report-bad-format").arg("format", &f.format))
    })?;
    let wave = monitor::store::wave(&state.db, wave_id).await?;
    let (wave, ins) =
        service::begin_microdata(&state.db, &state.instruments, &user.actor(), wave, format)
            .await?;
    let progress = std::sync::Arc::new(Progress::default());
    let (id, job) = state.exports.insert(Job {
        owner: user.id,
        wave: wave.name.clone(),
        format,
        path: state.exports.new_path(format),
        progress: progress.clone(),
        state: std::sync::Mutex::new(JobState::Running),
        started: std::time::Instant::now(),
    });
    let db = state.db.clone();
    let m = min_group(&state);
    let lang = ctx.tr.lang;
    tokio::spawn(async move {
        let result = microdata::export(
            &db,
            &ins,
            &wave,
            microdata::Target {
                format,
                path: &job.path,
                min_group: m,
                lang,
            },
            progress,
        )
        .await;
        let mut s = job.state.lock().unwrap_or_else(|e| e.into_inner());
        *s = match result {
            Ok(_) => JobState::Done,
            Err(e) => {
                tracing::error!(error = %e, "microdata export failed");
                // Half a file is of no use to anyone.
                microdata::remove_quietly(&job.path);
                // What the researcher can act on is said; anything else is
                // for the log.
                let reason =
                    service::microdata_failure(&e).unwrap_or_else(|| Msg::new("export-failed"));
                JobState::Failed(reason)
            }
        };
    });
    Ok(axum::response::Redirect::to(&format!("/exports/{id}")))
}

#[derive(Template)]
#[template(path = "reports/export.html")]
struct ExportPage {
    p: Page,
    id: String,
    /// The format's name, e.g. "SPSS (.sav)".
    format: String,
    xlsx: bool,
    done: u64,
    total: u64,
    /// running, done or failed
    state: &'static str,
    /// Why it failed.
    reason: String,
}

fn own_job(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<std::sync::Arc<super::microdata::Job>, AppError> {
    let job = state.exports.get(id).ok_or(AppError::NotFound)?;
    if job.owner != user.id {
        return Err(AppError::NotFound);
    }
    Ok(job)
}

async fn export_status(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    use super::microdata::JobState;
    use std::sync::atomic::Ordering;
    let user = ctx.require(Action::ExportMicrodata)?;
    let job = own_job(&state, user, &id)?;
    let (st, reason) = match &*job.state.lock().unwrap_or_else(|e| e.into_inner()) {
        JobState::Running => ("running", String::new()),
        JobState::Done => ("done", String::new()),
        JobState::Failed(why) => ("failed", ctx.tr.msg(why)),
    };
    let page = ExportPage {
        p: ctx.page_titled(ctx.tr.t1("microdata-title", "wave", &job.wave)),
        id,
        format: ctx.tr.t(job.format.label_key()),
        xlsx: job.format == super::microdata::Format::Xlsx,
        done: job.progress.done.load(Ordering::Relaxed),
        total: job.progress.total.load(Ordering::Relaxed),
        state: st,
        reason,
    }
    .html()?;
    let mut res = page.into_response();
    if st == "running" {
        // Without JavaScript: the page reloads itself until the file is ready.
        res.headers_mut()
            .insert(header::REFRESH, axum::http::HeaderValue::from_static("2"));
    }
    Ok(res)
}

async fn export_file(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    use super::microdata::JobState;
    let user = ctx.require(Action::ExportMicrodata)?;
    let job = own_job(&state, user, &id)?;
    if !matches!(
        *job.state.lock().unwrap_or_else(|e| e.into_inner()),
        JobState::Done
    ) {
        return Err(AppError::NotFound);
    }
    let file = tokio::fs::File::open(&job.path).await?;
    let len = file.metadata().await?.len();
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let name = format!("microdata-{}.{}", slug(&job.wave), job.format.file_ext());
    Ok((
        [
            (header::CONTENT_TYPE, job.format.mime().to_string()),
            (header::CONTENT_LENGTH, len.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

// --- reviewing open answers ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "reports/review.html")]
struct ReviewPage {
    p: Page,
    back: String,
    action: String,
    /// Why there is nothing to review, if so.
    refused: Option<String>,
    questions: Vec<(String, Vec<ReviewItem>)>,
}

/// One answer on the review page: (key, text, reviewed, hidden).
type ReviewItem = (String, String, bool, bool);

async fn review_setup(
    ctx: &Ctx,
    state: &AppState,
    wave_id: i64,
    code: &str,
) -> Result<
    (
        InstitutionCode,
        std::sync::Arc<monitor::instrument::Instrument>,
        u64,
    ),
    AppError,
> {
    let user = ctx.user()?;
    let parsed: InstitutionCode = code.parse().map_err(|_| AppError::NotFound)?;
    user.require_institution(Action::ReviewOpenAnswers, &parsed)?;
    let wave = monitor::store::wave(&state.db, wave_id).await?;
    if !wave.institutions.contains(&parsed) {
        return Err(AppError::NotFound);
    }
    let ins = state
        .instruments
        .get(&state.db, &wave.instrument_id, &wave.instrument_version)
        .await?;
    let completed: i64 = crate::on_db!(&state.db, |p| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM responses WHERE wave_id = $1 AND institution_code = $2 \
             AND completed_on IS NOT NULL",
        )
        .bind(wave_id)
        .bind(parsed.as_str())
        .fetch_one(p)
        .await
        .map_err(crate::store::StoreError::from)?
    });
    Ok((parsed, ins, u64::try_from(completed).unwrap_or(0)))
}

async fn review_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((wave_id, code)): Path<(i64, String)>,
) -> Result<Html<String>, AppError> {
    let (parsed, ins, completed) = review_setup(&ctx, &state, wave_id, &code).await?;
    let m = min_group(&state);
    let base = format!("/reports/{wave_id}/institutions/{code}");
    let mut page = ReviewPage {
        p: ctx.page("review-title"),
        back: base.clone(),
        action: format!("{base}/open"),
        refused: None,
        questions: Vec::new(),
    };
    if !m.allows(completed) {
        // Below the minimum the answers are never shown, so not read either.
        page.refused = Some(ctx.tr.t1("review-too-small", "min", m.get()));
        return page.html();
    }
    let answers = super::store::open_answers(&state.db, wave_id, parsed.as_str()).await?;
    page.questions = ins
        .open
        .iter()
        .map(|q| {
            (
                q.text.get(ctx.tr.lang).to_string(),
                answers
                    .iter()
                    .filter(|a| a.question_id == q.id)
                    .map(|a| {
                        (
                            format!("{}:{}", a.response_id, a.question_id),
                            a.text.clone(),
                            a.reviewed,
                            a.hidden,
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    page.html()
}

async fn review_save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((wave_id, code)): Path<(i64, String)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<axum::response::Redirect, AppError> {
    let (parsed, _, completed) = review_setup(&ctx, &state, wave_id, &code).await?;
    if !min_group(&state).allows(completed) {
        return Err(AppError::NotFound);
    }
    let key = |v: &str| -> Result<(i64, String), AppError> {
        let bad = || AppError::BadRequest(Msg::new("review-bad-key"));
        let (id, q) = v.split_once(':').ok_or_else(bad)?;
        Ok((id.parse().map_err(|_| bad())?, q.to_string()))
    };
    let mut seen = Vec::new();
    let mut hide = HashSet::new();
    for (name, value) in &fields {
        match name.as_str() {
            "seen" => seen.push(key(value)?),
            "hide" => {
                hide.insert(key(value)?);
            }
            _ => {}
        }
    }
    super::store::review_open(
        &state.db,
        &ctx.user()?.actor(),
        wave_id,
        parsed.as_str(),
        &seen,
        &hide,
    )
    .await?;
    ctx.flash(Msg::new("review-saved").arg("count", seen.len()))
        .await?;
    Ok(axum::response::Redirect::to(&format!(
        "/reports/{wave_id}/institutions/{code}"
    )))
}

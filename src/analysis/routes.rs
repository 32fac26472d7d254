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
use super::documents::{self, Context, Names};
use super::report::{self, Filter};
use crate::audit::{self, Event};
use crate::auth::{Action, CurrentUser};
use crate::i18n::Msg;
use crate::institutions::{self, InstitutionCode};
use crate::monitor::{self, Wave, WaveState};
use crate::reports::document::{Document, Labels};
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

/// What building a report needs, from a request or the command line.
pub struct Env<'a> {
    pub db: &'a crate::store::Db,
    pub instruments: &'a monitor::Instruments,
    pub waves: &'a super::store::WaveCache,
    pub tr: crate::i18n::Tr,
    pub min_group: MinGroup,
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

/// The waves that have reports (not drafts), oldest first, scored, up to
/// and including `wave_id`; and the index of that wave.
async fn load_until(
    env: &Env<'_>,
    wave_id: i64,
) -> Result<(Vec<Wave>, Vec<report::Wave>, usize), AppError> {
    let all = super::store::load_waves(env.db, env.instruments, env.waves).await?;
    let Some(current) = all.iter().position(|(w, _)| w.id == wave_id) else {
        // Not released: an open wave shows its fieldwork only.
        let wave = monitor::store::wave_row(env.db, wave_id).await?;
        return Err(match wave.state {
            WaveState::Open => AppError::Conflict(Msg::new("report-wave-open")),
            _ => AppError::NotFound,
        });
    };
    let (meta, data): (Vec<Wave>, Vec<report::Wave>) = all.into_iter().take(current + 1).unzip();
    Ok((meta, data, current))
}

fn context<'a>(env: &Env<'_>, ins: &'a monitor::instrument::Instrument) -> Context<'a> {
    Context {
        tr: env.tr,
        instrument: ins,
        min_group: env.min_group,
        generated_on: monitor::store::today().to_string(),
    }
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

fn may_view_institution(user: &CurrentUser, code: &InstitutionCode) -> bool {
    user.can_for(Action::ViewInstitutionReport, code)
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
                .filter(|c| may_view_institution(user, c))
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

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    /// `question-id:option-id`, e.g. `zij-instromer:ja`.
    #[serde(default)]
    pub filter: String,
    /// `pdf`, `xlsx`, `csv` (with `table`) or `praatplaat`.
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub table: String,
    /// Unit id for a team's praatplaat.
    #[serde(default)]
    pub team: Option<i64>,
}

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

pub struct InstitutionDoc {
    pub doc: Document,
    pub labels: Labels,
    filter_options: Vec<(String, String, bool)>,
    teams: Vec<(String, String)>,
    pub wave: String,
}

fn parse_filter(
    ins: &monitor::instrument::Instrument,
    s: &str,
) -> Result<Option<Filter>, AppError> {
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || AppError::BadRequest(Msg::new("report-bad-filter").arg("filter", s));
    let (q, o) = s.split_once(':').ok_or_else(bad)?;
    let question = ins
        .background
        .iter()
        .position(|b| b.id == q && !b.from_units)
        .ok_or_else(bad)?;
    let option = ins.background[question]
        .options
        .iter()
        .position(|c| c.id == o)
        .ok_or_else(bad)?;
    Ok(Some(Filter {
        question,
        option: option as u16,
    }))
}

/// Checks that `user` may see the institution's report.
fn check_institution(user: &CurrentUser, code: &str) -> Result<(), AppError> {
    let code: InstitutionCode = code.parse().map_err(|_| AppError::NotFound)?;
    if may_view_institution(user, &code) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The institution report (or praatplaat, with `q.format == "praatplaat"`).
/// The caller has checked access.
pub async fn institution_doc(
    env: &Env<'_>,
    wave_id: i64,
    code: &str,
    q: &ReportQuery,
) -> Result<InstitutionDoc, AppError> {
    let code: InstitutionCode = code.parse().map_err(|_| AppError::NotFound)?;
    let institution = institutions::store::get(env.db, &code).await?;
    let (meta, waves, current) = load_until(env, wave_id).await?;
    if !meta[current].institutions.contains(&code) {
        return Err(AppError::NotFound);
    }
    let ins = waves[current].instrument.clone();
    let filter = parse_filter(&ins, &q.filter)?;
    let units = monitor::store::units(env.db, &code).await?;
    let unit_ids: Vec<i64> = units.iter().map(|u| u.id).collect();
    let unit_names: Vec<String> = units.iter().map(|u| u.name.clone()).collect();
    let m = env.min_group;
    let r = report::institution(
        &waves,
        current,
        code.as_str(),
        filter.as_ref(),
        &unit_ids,
        m,
    );
    let invited: i64 = monitor::store::fieldwork(env.db, wave_id)
        .await?
        .iter()
        .filter(|f| f.institution == code.as_str())
        .map(|f| f.invited)
        .sum();
    let cx = context(env, &ins);
    // Open answers: only for the whole institution (no filter), once reviewed.
    let (open, open_pending) = if filter.is_none() && !ins.open.is_empty() && r.refused.is_none() {
        let answers = super::store::open_answers(env.db, wave_id, code.as_str()).await?;
        let pending = answers.iter().filter(|a| !a.reviewed).count();
        let per_question = ins
            .open
            .iter()
            .map(|q| {
                let shown: Vec<String> = answers
                    .iter()
                    .filter(|a| a.question_id == q.id && a.reviewed && !a.hidden)
                    .map(|a| a.text.clone())
                    .collect();
                (q.text.get(env.tr.lang).to_string(), shown)
            })
            .collect();
        (Some(per_question), pending)
    } else {
        (None, 0)
    };
    let names = Names {
        institution: &institution.name,
        teams: &unit_names,
        invited: u64::try_from(invited).ok().filter(|&i| i > 0),
        open,
        open_pending,
    };
    let doc = if q.format == "praatplaat" {
        let team = match q.team {
            Some(id) => Some(
                unit_ids
                    .iter()
                    .position(|&u| u == id)
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        if team.is_some() && filter.is_some() {
            return Err(AppError::BadRequest(Msg::new("report-team-with-filter")));
        }
        documents::praatplaat(&cx, &r, &names, team)
    } else {
        documents::institution(&cx, &r, &names)
    };
    let mut doc = doc;
    if let Some(f) = &filter {
        let b = &ins.background[f.question];
        doc.subtitle = Some(
            env.tr.msg(
                &Msg::new("report-filtered")
                    .arg("question", b.text.get(env.tr.lang))
                    .arg(
                        "option",
                        b.options[f.option as usize].label.get(env.tr.lang),
                    ),
            ),
        );
    }
    let filter_options = ins
        .background
        .iter()
        .filter(|b| !b.from_units)
        .flat_map(|b| b.options.iter().map(move |o| (b, o)))
        .map(|(b, o)| {
            let value = format!("{}:{}", b.id, o.id);
            let selected = value == q.filter;
            (
                value,
                format!("{}: {}", b.text.get(env.tr.lang), o.label.get(env.tr.lang)),
                selected,
            )
        })
        .collect();
    let teams = if filter.is_none() {
        r.teams
            .iter()
            .zip(&unit_names)
            .filter(|(t, _)| t.n.is_some())
            .map(|(t, name)| (t.unit.to_string(), name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(InstitutionDoc {
        labels: cx.labels(),
        doc,
        filter_options,
        teams,
        wave: meta[current].name.clone(),
    })
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
    check_institution(user, &code)?;
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
    // Only return to a report page of this site.
    let back = if f.back.starts_with("/reports/") && !f.back.starts_with("//") {
        f.back
    } else {
        "/reports".into()
    };
    Ok(axum::response::Redirect::to(&back))
}

async fn institution_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((wave_id, code)): Path<(i64, String)>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    check_institution(user, &code)?;
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

/// The sector report, its labels and the wave's name.
pub async fn sector_doc(
    env: &Env<'_>,
    wave_id: i64,
) -> Result<(Document, Labels, String), AppError> {
    let (meta, waves, current) = load_until(env, wave_id).await?;
    let r = report::sector(&waves, current, env.min_group);
    let named: HashSet<String> = super::store::named_institutions(env.db).await?;
    let names: HashMap<String, String> = institutions::store::all(env.db)
        .await?
        .into_iter()
        .map(|i| (i.code.to_string(), i.name))
        .collect();
    let codes: Vec<(String, Option<String>)> = r
        .institutions
        .iter()
        .map(|i| {
            let name = named
                .contains(&i.code)
                .then(|| names.get(&i.code).cloned())
                .flatten();
            (i.code.clone(), name)
        })
        .collect();
    let all_codes: Vec<String> = codes.iter().map(|(c, _)| c.clone()).collect();
    let ranks = super::store::letter_ranks(env.db, wave_id, &all_codes).await?;
    let labels = documents::institution_labels(&env.tr, &codes, &ranks);
    let ins = waves[current].instrument.clone();
    let cx = context(env, &ins);
    let doc = documents::sector(&cx, &r, &labels);
    Ok((doc, cx.labels(), meta[current].name.clone()))
}

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
}

async fn microdata_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(wave_id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ExportMicrodata)?;
    let wave = monitor::store::wave(&state.db, wave_id).await?;
    released(&wave)?;
    MicrodataPage {
        p: ctx.page_titled(ctx.tr.t1("microdata-title", "wave", &wave.name)),
        wave,
    }
    .html()
}

/// Microdata exist only for a wave whose results are released.
fn released(wave: &Wave) -> Result<(), AppError> {
    match wave.state {
        s if s.releases_results() => Ok(()),
        WaveState::Open => Err(AppError::Conflict(Msg::new("report-wave-open"))),
        _ => Err(AppError::NotFound),
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
    released(&wave)?;
    let ins = state
        .instruments
        .get(&state.db, &wave.instrument_id, &wave.instrument_version)
        .await?;
    std::fs::create_dir_all(microdata::export_dir())?;
    let progress = std::sync::Arc::new(Progress::default());
    let (id, job) = state.exports.insert(Job {
        owner: user.id,
        wave: wave.name.clone(),
        format,
        path: microdata::export_dir().join(format!(
            "{}.{}",
            monitor::new_token(),
            format.file_ext()
        )),
        progress: progress.clone(),
        state: std::sync::Mutex::new(JobState::Running),
        started: std::time::Instant::now(),
    });
    audit::store::record_now(
        &state.db,
        &user.actor(),
        Event {
            entity: audit::entity::REPORT,
            entity_id: &format!("{}/microdata", wave.name),
            action: "export_microdata",
            summary: format.ext().to_string(),
        },
    )
    .await?;
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
                // What the researcher can act on is said; anything else is
                // for the log.
                let reason = e
                    .downcast_ref::<microdata::TooManyRows>()
                    .map(microdata::TooManyRows::msg)
                    .unwrap_or_else(|| Msg::new("export-failed"));
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
    format: String,
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
        format: job.format.ext().to_uppercase(),
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

//! The survey as HTML pages (they work without JavaScript): opening and
//! claiming a link, the pages, completing, the personal profile.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use crate::i18n::{Msg, Tr};
use crate::monitor::instrument::{Answer, Instrument, OPEN_MAX_CHARS, ScaleKind};
use crate::monitor::store::{self, Opened, ResponseState, Unit};
use crate::monitor::{Wave, WaveState, token_shaped};
use crate::store::StoreError;
use crate::web::{AppError, AppState, Page, Render, page::lang_of};

use super::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/s/{token}", get(resume))
        .route("/s/{token}/page/{page}", get(show_page).post(submit_page))
        .route("/s/{token}/complete", post(complete))
        .route("/s/{token}/feedback", get(feedback))
}

// --- opening a link ------------------------------------------------------------

pub(super) struct Survey {
    pub(super) opened: Opened,
    pub(super) wave: Wave,
    pub(super) instrument: Arc<Instrument>,
}

/// The survey behind a token, whatever its state. A printed link that was
/// claimed opens nothing: it says so (409), never the survey or feedback.
pub(super) async fn lookup(state: &AppState, token: &str) -> Result<Survey, AppError> {
    if !token_shaped(token) {
        return Err(AppError::NotFound);
    }
    let Some(opened) = store::open_token(&state.db, token).await? else {
        if store::spent(&state.db, token).await? {
            return Err(AppError::Conflict(Msg::new("survey-link-used")));
        }
        return Err(AppError::NotFound);
    };
    let wave = store::wave_row(&state.db, opened.wave_id).await?;
    let instrument = state
        .instruments
        .get(&state.db, &wave.instrument_id, &wave.instrument_version)
        .await?;
    Ok(Survey {
        opened,
        wave,
        instrument,
    })
}

/// The survey behind a token that is not an unopened printed link (those
/// are claimed through [`open_or_claim`] first).
pub(super) async fn open(state: &AppState, token: &str) -> Result<Survey, AppError> {
    let s = lookup(state, token).await?;
    if s.opened.claimable {
        wave_open(&s)?;
        return Err(AppError::Conflict(Msg::new("survey-link-unclaimed")));
    }
    Ok(s)
}

/// What a token leads to when opened.
pub(super) enum Opening {
    Survey(Box<Survey>, String),
    /// A printed link at its first use, replaced by this fresh token.
    Claimed(String),
}

/// Opens a token; a printed link at its first use is claimed: the caller
/// gets a fresh token known only to it, and the printed one stops working
/// for everyone (issue 11, class 9). Links of a wave that is not open are
/// not claimed (a coordinator trying a card before the wave opens does not
/// use it up) and open nothing.
pub(super) async fn open_or_claim(state: &AppState, token: &str) -> Result<Opening, AppError> {
    let s = lookup(state, token).await?;
    if !s.opened.claimable {
        return Ok(Opening::Survey(Box::new(s), token.to_string()));
    }
    wave_open(&s)?;
    match store::claim(&state.db, token).await? {
        Some(fresh) => Ok(Opening::Claimed(fresh)),
        None => Err(AppError::Conflict(Msg::new("survey-link-used"))),
    }
}

/// An HTML request on a token: the survey, or the redirect of a printed
/// link at its first use to its fresh token.
/// A link that opens nothing (mistyped, or from a wave whose invitations
/// were removed) gets a page that says what to do: ask the coordinator.
pub(super) async fn open_html(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
) -> Result<Result<Survey, Response>, AppError> {
    Ok(match open_or_claim(state, token).await {
        Ok(Opening::Survey(s, _)) => Ok(*s),
        Ok(Opening::Claimed(fresh)) => Err(Redirect::to(&format!("/s/{fresh}")).into_response()),
        Err(AppError::NotFound) => Err(unknown_link(headers)?),
        Err(e) => return Err(e),
    })
}

#[derive(Template)]
#[template(path = "monitor/survey_unknown.html")]
struct UnknownLinkPage {
    p: Page,
}

fn unknown_link(headers: &HeaderMap) -> Result<Response, AppError> {
    let p = survey_page(
        headers,
        Tr::new(lang_of(headers)).t("survey-unknown-title"),
        "/s".into(),
    );
    Ok((StatusCode::NOT_FOUND, UnknownLinkPage { p }.html()?).into_response())
}

pub(super) fn wave_open(s: &Survey) -> Result<(), AppError> {
    if s.wave.state.accepts_answers() {
        Ok(())
    } else if s.wave.state == WaveState::Draft {
        Err(AppError::Conflict(Msg::new("survey-not-open")))
    } else {
        Err(AppError::Conflict(Msg::new("survey-closed")))
    }
}

/// The store's refusal of a save or completion (the wave closed, or the
/// response was sealed, after the page checked): said as the survey says
/// it, not as a generic conflict.
pub(super) fn refused(e: StoreError) -> AppError {
    match e {
        StoreError::WrongState {
            entity: "response", ..
        } => AppError::Conflict(Msg::new("survey-completed")),
        StoreError::WrongState { .. } => AppError::Conflict(Msg::new("survey-closed")),
        other => other.into(),
    }
}

/// Answers may change only while the wave is open and the response is not
/// sealed.
pub(super) fn writable(s: &Survey) -> Result<(), AppError> {
    wave_open(s)?;
    if s.opened.response.is_some_and(|r| r.completed) {
        return Err(AppError::Conflict(Msg::new("survey-completed")));
    }
    Ok(())
}

pub(super) async fn started(
    state: &AppState,
    token: &str,
    s: &Survey,
) -> Result<ResponseState, AppError> {
    Ok(store::start_response(&state.db, token, &s.opened).await?)
}

/// Opens a link to change answers: the wave must be open and the response
/// not sealed; the response is created at first use.
pub(super) async fn open_for_answers(
    state: &AppState,
    token: &str,
) -> Result<(Survey, ResponseState), AppError> {
    let s = open(state, token).await?;
    writable(&s)?;
    let r = started(state, token, &s).await?;
    Ok((s, r))
}

// --- HTML ------------------------------------------------------------------------

/// The public link of a token, shown to its holder as "bewaar deze link".
pub(super) fn resume_url(state: &AppState, token: &str) -> String {
    crate::monitor::survey_url(&state.settings.public_url, token)
}

pub(super) fn survey_page(headers: &HeaderMap, title: String, path: String) -> Page {
    Page {
        tr: Tr::new(lang_of(headers)),
        title,
        user: None,
        csrf: String::new(),
        path,
        flash: None,
    }
}

/// One item as the template shows it.
struct ItemView {
    id: String,
    field: String,
    text: String,
    options: Vec<(String, String)>,
    /// Proficiency items: a statement per level, shown with the option.
    statements: bool,
    na_label: Option<String>,
    selected: String,
    error: Option<String>,
}

/// An open question as the template shows it.
struct OpenView {
    field: String,
    text: String,
    value: String,
    error: Option<String>,
}

struct ChoiceQuestion {
    field: String,
    text: String,
    /// Not required: marked "(optioneel)".
    optional: bool,
    options: Vec<(String, String)>,
    selected: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "monitor/survey_page.html")]
struct PageTemplate {
    p: Page,
    token: String,
    /// The teacher's own link, to resume later or on another device.
    resume_url: String,
    page: i64,
    pages: i64,
    progress: i64,
    heading: String,
    intro: String,
    items: Vec<ItemView>,
    questions: Vec<ChoiceQuestion>,
    open: Vec<OpenView>,
    max_open: usize,
    is_last: bool,
    has_errors: bool,
    unanswered: usize,
}

fn selected_of(a: Option<&Answer>) -> String {
    match a {
        Some(Answer::Value(v)) => v.to_string(),
        Some(Answer::NotApplicable) => "na".into(),
        None => String::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn render_page(
    p: Page,
    token: &str,
    resume_url: String,
    i: &Instrument,
    page: i64,
    saved: &store::Saved,
    open_saved: &HashMap<String, String>,
    units: &[Unit],
    typed: Option<&HashMap<String, String>>,
    errors: &PageInput,
) -> Result<PageTemplate, AppError> {
    let lang = p.tr.lang;
    let value_of =
        |field: &str, stored: String| typed.and_then(|t| t.get(field).cloned()).unwrap_or(stored);
    let error_of = |id: &String| {
        if errors.invalid.contains(id) {
            Some(p.t("survey-invalid"))
        } else if errors.missing.contains(id) {
            Some(p.t("survey-missing"))
        } else {
            None
        }
    };
    let (heading, intro, items, questions) = if page == 0 {
        let questions = i
            .background
            .iter()
            .map(|q| {
                let field = super::background_field(&q.id);
                let options = if q.from_units {
                    units
                        .iter()
                        .map(|u| (u.id.to_string(), u.name.clone()))
                        .collect()
                } else {
                    q.options
                        .iter()
                        .map(|o| (o.id.clone(), o.label.get(lang).to_string()))
                        .collect()
                };
                ChoiceQuestion {
                    selected: value_of(&field, saved.1.get(&q.id).cloned().unwrap_or_default()),
                    error: error_of(&q.id),
                    field,
                    text: q.text.get(lang).to_string(),
                    optional: !q.required,
                    options,
                }
            })
            // A units question without units would offer nothing.
            .filter(|q| !q.options.is_empty())
            .collect();
        (
            p.t("survey-about-you"),
            i.intro.get(lang).to_string(),
            vec![],
            questions,
        )
    } else if page == last_page(i) {
        (
            p.t("survey-finish-title"),
            p.t("survey-finish-intro"),
            vec![],
            vec![],
        )
    } else {
        let d = &i.domains[(page - 1) as usize];
        let items = d
            .items
            .iter()
            .map(|&ix| {
                let it = &i.items[ix];
                let scale = &i.scales[it.scale];
                let statements = scale.kind == ScaleKind::Proficiency;
                let options = scale
                    .options
                    .iter()
                    .enumerate()
                    .map(|(k, o)| {
                        let label = if statements {
                            format!("{}: {}", o.label.get(lang), it.levels[k].get(lang))
                        } else {
                            o.label.get(lang).to_string()
                        };
                        (o.value.to_string(), label)
                    })
                    .collect();
                let field = item_field(&it.id);
                ItemView {
                    selected: value_of(&field, selected_of(saved.0.get(&it.id))),
                    error: error_of(&it.id),
                    id: it.id.clone(),
                    field,
                    text: it.text.get(lang).to_string(),
                    options,
                    statements,
                    na_label: it.allow_na.then(|| i.not_applicable.get(lang).to_string()),
                }
            })
            .collect();
        (
            d.name.get(lang).to_string(),
            d.description.get(lang).to_string(),
            items,
            vec![],
        )
    };
    let open = i
        .open
        .iter()
        .filter(|q| page >= 1 && page < last_page(i) && q.domain == (page - 1) as usize)
        .map(|q| {
            let field = open_field(&q.id);
            OpenView {
                value: value_of(&field, open_saved.get(&q.id).cloned().unwrap_or_default()),
                error: errors
                    .invalid
                    .contains(&q.id)
                    .then(|| p.t1("survey-open-too-long", "max", OPEN_MAX_CHARS)),
                field,
                text: q.text.get(lang).to_string(),
            }
        })
        .collect();
    Ok(PageTemplate {
        open,
        max_open: OPEN_MAX_CHARS,
        token: token.to_string(),
        resume_url,
        page,
        pages: page_count(i),
        progress: page * 100 / last_page(i).max(1),
        heading,
        intro,
        items,
        questions,
        is_last: page == last_page(i),
        has_errors: !errors.missing.is_empty() || !errors.invalid.is_empty(),
        unanswered: unanswered(i, |id| saved.0.contains_key(id)).len(),
        p,
    })
}

/// The link as sent: go to the furthest page reached, or to the profile.
async fn resume(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &headers, &token).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    match s.opened.response {
        Some(r) if r.completed => Ok(Redirect::to(&format!("/s/{token}/feedback")).into_response()),
        Some(r) => Ok(Redirect::to(&format!("/s/{token}/page/{}", r.page)).into_response()),
        None => Ok(Redirect::to(&format!("/s/{token}/page/0")).into_response()),
    }
}

async fn show_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((token, page)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &headers, &token).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    if s.opened.response.is_some_and(|r| r.completed) {
        return Ok(Redirect::to(&format!("/s/{token}/feedback")).into_response());
    }
    writable(&s)?;
    let r = started(&state, &token, &s).await?;
    if page < 0 || page > r.page.min(last_page(&s.instrument)) {
        return Ok(Redirect::to(&format!("/s/{token}/page/{}", r.page)).into_response());
    }
    let saved = store::load(&state.db, r.id).await?;
    let open_saved = store::load_open(&state.db, r.id).await?;
    let units = store::units(&state.db, &s.opened.institution).await?;
    let p = survey_page(
        &headers,
        s.instrument.title.get(lang_of(&headers)).to_string(),
        format!("/s/{token}/page/{page}"),
    );
    let t = render_page(
        p,
        &token,
        resume_url(&state, &token),
        &s.instrument,
        page,
        &saved,
        &open_saved,
        &units,
        None,
        &PageInput::default(),
    )?;
    Ok(t.html()?.into_response())
}

async fn submit_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((token, page)): Path<(String, i64)>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &headers, &token).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    writable(&s)?;
    let r = started(&state, &token, &s).await?;
    let i = &s.instrument;
    if page < 0 || page > r.page.min(last_page(i)) {
        return Ok(Redirect::to(&format!("/s/{token}/page/{}", r.page)).into_response());
    }
    let units = store::units(&state.db, &s.opened.institution).await?;
    let input = read_page(i, page, &fields, &units);
    let forward = fields.get("nav").map(String::as_str) != Some("back");
    let can_go_on = input.missing.is_empty() && input.invalid.is_empty();
    let reached = if forward && can_go_on { page + 1 } else { page };
    // Whatever is valid is kept, also when the page must be shown again.
    store::save_page(
        &state.db,
        r.id,
        &input.answers,
        &input.background,
        &input.open,
        reached.min(last_page(i)),
    )
    .await
    .map_err(refused)?;
    if page == 0
        && let Some((_, unit)) = input
            .background
            .iter()
            .find(|(q, _)| i.background.iter().any(|b| b.from_units && &b.id == q))
    {
        let unit = unit.as_deref().and_then(|u| u.parse::<i64>().ok());
        if unit.is_some() || s.opened.unit_id.is_none() {
            store::set_unit(&state.db, r.id, unit.or(s.opened.unit_id)).await?;
        }
    }
    if !forward {
        return Ok(Redirect::to(&format!("/s/{token}/page/{}", (page - 1).max(0))).into_response());
    }
    if !can_go_on {
        let saved = store::load(&state.db, r.id).await?;
        let open_saved = store::load_open(&state.db, r.id).await?;
        let p = survey_page(
            &headers,
            i.title.get(lang_of(&headers)).to_string(),
            format!("/s/{token}/page/{page}"),
        );
        let t = render_page(
            p,
            &token,
            resume_url(&state, &token),
            i,
            page,
            &saved,
            &open_saved,
            &units,
            Some(&fields),
            &input,
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, t.html()?).into_response());
    }
    Ok(Redirect::to(&format!("/s/{token}/page/{}", reached.min(last_page(i)))).into_response())
}

async fn complete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &headers, &token).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    if s.opened.response.is_some_and(|r| r.completed) {
        return Ok(Redirect::to(&format!("/s/{token}/feedback")).into_response());
    }
    let (s, r) = open_for_answers(&state, &token).await?;
    let answered = store::answered(&state.db, r.id).await?;
    let missing = unanswered(&s.instrument, |id| answered.contains(id));
    if !missing.is_empty() {
        // Send the teacher to the first page with an open question.
        let first = &missing[0];
        let page = s
            .instrument
            .domains
            .iter()
            .position(|d| {
                d.items
                    .iter()
                    .any(|&ix| &s.instrument.items[ix].id == first)
            })
            .map_or(1, |d| d as i64 + 1);
        return Ok(Redirect::to(&format!("/s/{token}/page/{page}")).into_response());
    }
    store::complete(&state.db, r.id).await.map_err(refused)?;
    Ok(Redirect::to(&format!("/s/{token}/feedback")).into_response())
}

#[derive(Template)]
#[template(path = "monitor/feedback.html")]
struct FeedbackTemplate {
    p: Page,
    token: String,
    resume_url: String,
    rows: Vec<ProfileRow>,
    chart_height: i64,
    bench: Option<Benchmark>,
}

#[derive(Deserialize)]
struct FeedbackQuery {
    #[serde(default)]
    download: Option<String>,
}

/// The published figures of the latest closed wave before the teacher's
/// own, for their institution and the sector (through the release gate,
/// as the reports show them); `None` when there is no such wave.
async fn previous_benchmark(state: &AppState, s: &Survey) -> Result<Option<Benchmark>, AppError> {
    let all =
        crate::analysis::store::load_waves(&state.db, &state.instruments, &state.waves).await?;
    let Some(k) = all
        .iter()
        .rposition(|(w, _)| w.id != s.wave.id && w.opens_on < s.wave.opens_on)
    else {
        return Ok(None);
    };
    let waves: Vec<crate::analysis::report::Wave> =
        all.into_iter().take(k + 1).map(|(_, w)| w).collect();
    Ok(Some(benchmark(
        &s.instrument,
        &waves,
        k,
        s.opened.institution.as_str(),
        state.settings.min_group,
    )))
}

async fn feedback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<FeedbackQuery>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &headers, &token).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let Some(r) = s.opened.response.filter(|r| r.completed) else {
        return Ok(Redirect::to(&format!("/s/{token}")).into_response());
    };
    let saved = store::load(&state.db, r.id).await?;
    let lang = lang_of(&headers);
    let p = survey_page(
        &headers,
        Tr::new(lang).t("feedback-title"),
        format!("/s/{token}/feedback"),
    );
    let bench = previous_benchmark(&state, &s).await?;
    let rows = profile_rows(
        &s.instrument,
        &s.instrument.profile(&saved.0),
        &saved.0,
        bench.as_ref(),
        lang,
        &p.tr,
    );
    if q.download.is_some() {
        // A PDF through the report engine (no survey link in it).
        let doc = profile_document(&rows, bench.as_ref(), &p.tr);
        let labels = crate::reports::document::Labels::for_lang(lang.code(), "–");
        return crate::reports::routes::render_download(
            doc,
            labels,
            "pdf".into(),
            String::new(),
            p.tr.t("feedback-file-stem"),
        )
        .await;
    }
    let t = FeedbackTemplate {
        chart_height: rows.len() as i64 * 36 + 24,
        resume_url: resume_url(&state, &token),
        token,
        rows,
        bench,
        p,
    };
    Ok(t.html()?.into_response())
}

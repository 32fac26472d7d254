//! The survey a teacher answers through a secret link, as HTML (works
//! without JavaScript) and as JSON (`/api/v1/survey/{token}`). Every page is
//! saved when submitted; the link resumes where the teacher left off;
//! completing seals the response and shows the personal profile, which
//! only the holder of the link can see.
//!
//! The token in the URL is the respondent's only credential. It is never
//! stored (only its hash), never logged (request spans name the route
//! template), and no referrer leaves the site.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::instrument::{Answer, DomainScore, Instrument, OPEN_MAX_CHARS, ScaleKind, Text};
use super::store::{self, Opened, ResponseState, Unit};
use super::{Wave, WaveState, token_shaped};
use crate::i18n::{Lang, Msg, Tr};
use crate::store::StoreError;
use crate::web::{ApiError, AppError, AppState, Page, Render, page::lang_of};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/s/{token}", get(resume))
        .route("/s/{token}/page/{page}", get(show_page).post(submit_page))
        .route("/s/{token}/complete", post(complete))
        .route("/s/{token}/feedback", get(feedback))
}

pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_get))
        .routes(routes!(api_save))
        .routes(routes!(api_complete))
        .routes(routes!(api_feedback))
}

// --- pure page logic ---------------------------------------------------------

/// Pages: 0 = introduction and background questions, 1..=D = one per
/// domain, D+1 = check and complete.
pub fn page_count(i: &Instrument) -> i64 {
    i.domains.len() as i64 + 2
}

pub fn last_page(i: &Instrument) -> i64 {
    page_count(i) - 1
}

/// Answers read from one submitted page.
#[derive(Debug, Default, PartialEq)]
pub struct PageInput {
    pub answers: Vec<(String, Option<i64>)>,
    pub background: Vec<(String, Option<String>)>,
    /// Open answers of the page (`None`: left empty).
    pub open: Vec<(String, Option<String>)>,
    /// Items (or background questions) that must be answered to go on.
    pub missing: Vec<String>,
    /// Fields whose value is not allowed.
    pub invalid: Vec<String>,
}

/// The form field of an item and of a background question.
pub fn item_field(id: &str) -> String {
    format!("i_{id}")
}

pub fn background_field(id: &str) -> String {
    format!("b_{id}")
}

pub fn open_field(id: &str) -> String {
    format!("o_{id}")
}

/// An open answer longer than [`OPEN_MAX_CHARS`].
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong;

/// An open answer as typed: `None` when empty.
pub fn open_text(text: Option<&str>) -> Result<Option<String>, TooLong> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if t.chars().count() > OPEN_MAX_CHARS => Err(TooLong),
        Some(t) => Ok(Some(t.to_string())),
    }
}

/// Reads one page's answers from form fields (pure). Items on the page are
/// required to go forward; a background question only when the instrument
/// says so. Unknown or out-of-range values are `invalid` and not saved.
pub fn read_page(
    i: &Instrument,
    page: i64,
    fields: &HashMap<String, String>,
    units: &[Unit],
) -> PageInput {
    let mut out = PageInput::default();
    if page == 0 {
        for q in &i.background {
            let v = fields
                .get(&background_field(&q.id))
                .map(|s| s.trim())
                .unwrap_or("");
            let allowed = if q.from_units {
                units.iter().any(|u| u.id.to_string() == v)
            } else {
                q.options.iter().any(|o| o.id == v)
            };
            if v.is_empty() {
                out.background.push((q.id.clone(), None));
                if q.required {
                    out.missing.push(q.id.clone());
                }
            } else if allowed {
                out.background.push((q.id.clone(), Some(v.to_string())));
            } else {
                out.invalid.push(q.id.clone());
            }
        }
        return out;
    }
    let Some(domain) = usize::try_from(page - 1)
        .ok()
        .and_then(|d| i.domains.get(d))
    else {
        return out;
    };
    for q in i
        .open
        .iter()
        .filter(|q| Some(q.domain) == usize::try_from(page - 1).ok())
    {
        match open_text(fields.get(&open_field(&q.id)).map(String::as_str)) {
            Ok(text) => out.open.push((q.id.clone(), text)),
            Err(TooLong) => out.invalid.push(q.id.clone()),
        }
    }
    for &ix in &domain.items {
        let item = &i.items[ix];
        match fields.get(&item_field(&item.id)).map(|s| s.trim()) {
            None | Some("") => out.missing.push(item.id.clone()),
            Some("na") if item.allow_na => out.answers.push((item.id.clone(), None)),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if i.scales[item.scale].allows(n) => {
                    out.answers.push((item.id.clone(), Some(n)))
                }
                _ => out.invalid.push(item.id.clone()),
            },
        }
    }
    out
}

/// Answers given as JSON, checked against the instrument (pure).
pub fn read_json(
    i: &Instrument,
    answers: &HashMap<String, AnswerValue>,
    background: &HashMap<String, Option<String>>,
    open: &HashMap<String, Option<String>>,
    units: &[Unit],
) -> Result<
    (
        store::ItemAnswers,
        store::BackgroundChoices,
        store::BackgroundChoices,
    ),
    Vec<String>,
> {
    let mut bad = Vec::new();
    let mut o = Vec::new();
    for (id, text) in open {
        match (
            i.open.iter().any(|q| &q.id == id),
            open_text(text.as_deref()),
        ) {
            (true, Ok(t)) => o.push((id.clone(), t)),
            _ => bad.push(id.clone()),
        }
    }
    let mut a = Vec::new();
    for (id, v) in answers {
        let Some(ix) = i.item_index(id) else {
            bad.push(id.clone());
            continue;
        };
        let item = &i.items[ix];
        match v {
            AnswerValue::Na(s) if s == "na" && item.allow_na => a.push((id.clone(), None)),
            AnswerValue::Value(n) if i.scales[item.scale].allows(*n) => {
                a.push((id.clone(), Some(*n)))
            }
            _ => bad.push(id.clone()),
        }
    }
    let mut b = Vec::new();
    for (id, choice) in background {
        let Some(q) = i.background.iter().find(|q| &q.id == id) else {
            bad.push(id.clone());
            continue;
        };
        let ok = match choice.as_deref() {
            None => true,
            Some(c) if q.from_units => units.iter().any(|u| u.id.to_string() == c),
            Some(c) => q.options.iter().any(|o| o.id == c),
        };
        if ok {
            b.push((id.clone(), choice.clone()));
        } else {
            bad.push(id.clone());
        }
    }
    bad.sort();
    if bad.is_empty() {
        Ok((a, b, o))
    } else {
        Err(bad)
    }
}

/// Items still unanswered, in survey order.
pub fn unanswered(i: &Instrument, is_answered: impl Fn(&str) -> bool) -> Vec<String> {
    i.items
        .iter()
        .filter(|it| !is_answered(&it.id))
        .map(|it| it.id.clone())
        .collect()
}

// --- opening a link ------------------------------------------------------------

struct Survey {
    opened: Opened,
    wave: Wave,
    instrument: Arc<Instrument>,
}

/// The survey behind a token, whatever its state. A printed link that was
/// claimed opens nothing: it says so (409), never the survey or feedback.
async fn lookup(state: &AppState, token: &str) -> Result<Survey, AppError> {
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
async fn open(state: &AppState, token: &str) -> Result<Survey, AppError> {
    let s = lookup(state, token).await?;
    if s.opened.claimable {
        wave_open(&s)?;
        return Err(AppError::Conflict(Msg::new("survey-link-unclaimed")));
    }
    Ok(s)
}

/// What a token leads to when opened.
enum Opening {
    Survey(Box<Survey>, String),
    /// A printed link at its first use, replaced by this fresh token.
    Claimed(String),
}

/// Opens a token; a printed link at its first use is claimed: the caller
/// gets a fresh token known only to it, and the printed one stops working
/// for everyone (issue 11, class 9). Links of a wave that is not open are
/// not claimed (a coordinator trying a card before the wave opens does not
/// use it up) and open nothing.
async fn open_or_claim(state: &AppState, token: &str) -> Result<Opening, AppError> {
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
async fn open_html(state: &AppState, token: &str) -> Result<Result<Survey, Response>, AppError> {
    Ok(match open_or_claim(state, token).await? {
        Opening::Survey(s, _) => Ok(*s),
        Opening::Claimed(fresh) => Err(Redirect::to(&format!("/s/{fresh}")).into_response()),
    })
}

fn wave_open(s: &Survey) -> Result<(), AppError> {
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
fn refused(e: StoreError) -> AppError {
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
fn writable(s: &Survey) -> Result<(), AppError> {
    wave_open(s)?;
    if s.opened.response.is_some_and(|r| r.completed) {
        return Err(AppError::Conflict(Msg::new("survey-completed")));
    }
    Ok(())
}

async fn started(state: &AppState, token: &str, s: &Survey) -> Result<ResponseState, AppError> {
    Ok(store::start_response(&state.db, token, &s.opened).await?)
}

/// Opens a link to change answers: the wave must be open and the response
/// not sealed; the response is created at first use.
async fn open_for_answers(
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
fn resume_url(state: &AppState, token: &str) -> String {
    super::survey_url(&state.settings.public_url, token)
}

fn survey_page(headers: &HeaderMap, title: String, path: String) -> Page {
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
                let field = super::survey::background_field(&q.id);
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
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &token).await? {
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
    let s = match open_html(&state, &token).await? {
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
    let s = match open_html(&state, &token).await? {
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
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &token).await? {
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

/// One domain of the personal profile, as shown.
pub struct ProfileRow {
    pub name: String,
    pub score: Option<i64>,
    pub band_label: String,
    pub text: String,
    pub tips: Vec<String>,
    pub bar_y: i64,
}

pub fn profile_rows(
    i: &Instrument,
    scores: &[DomainScore],
    lang: Lang,
    tr: &Tr,
) -> Vec<ProfileRow> {
    scores
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let band = s.band.map(|b| &i.feedback[s.domain][b]);
            ProfileRow {
                name: i.domains[s.domain].name.get(lang).to_string(),
                score: s.score.map(|v| v.round() as i64),
                band_label: band.map_or_else(
                    || tr.t("survey-no-score"),
                    |b| b.label.get(lang).to_string(),
                ),
                text: band.map_or_else(String::new, |b| b.text.get(lang).to_string()),
                tips: band.map_or_else(Vec::new, |b| {
                    b.tips.iter().map(|t| t.get(lang).to_string()).collect()
                }),
                bar_y: k as i64 * 36,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "monitor/feedback.html")]
struct FeedbackTemplate {
    p: Page,
    token: String,
    resume_url: String,
    rows: Vec<ProfileRow>,
    chart_height: i64,
    /// A downloaded copy carries its stylesheet, so it reads well offline.
    download: bool,
}

impl FeedbackTemplate {
    fn css(&self) -> &'static str {
        crate::web::STYLESHEET
    }
}

#[derive(Deserialize)]
struct FeedbackQuery {
    #[serde(default)]
    download: Option<String>,
}

async fn feedback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<FeedbackQuery>,
) -> Result<Response, AppError> {
    let s = match open_html(&state, &token).await? {
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
    let rows = profile_rows(&s.instrument, &s.instrument.profile(&saved.0), lang, &p.tr);
    let t = FeedbackTemplate {
        chart_height: rows.len() as i64 * 36 + 24,
        download: q.download.is_some(),
        resume_url: resume_url(&state, &token),
        token,
        rows,
        p,
    };
    let html = t.html()?;
    if q.download.is_some() {
        return Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"mijn-profiel-digitaal-bekwaam.html\"",
                ),
            ],
            html.0,
        )
            .into_response());
    }
    Ok(html.into_response())
}

// --- JSON ---------------------------------------------------------------------------

/// A value given for an item: a scale value, or `"na"` (n.v.t.).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum AnswerValue {
    Value(i64),
    Na(String),
}

#[derive(Serialize, utoipa::ToSchema)]
struct OptionJson {
    value: i64,
    label: String,
    /// The level statement (proficiency scales).
    statement: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ItemJson {
    id: String,
    text: String,
    scale: ScaleKind,
    options: Vec<OptionJson>,
    /// Whether `"na"` (n.v.t. / weet ik niet) is allowed.
    allow_na: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ChoiceJson {
    id: String,
    label: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct QuestionJson {
    id: String,
    text: String,
    required: bool,
    options: Vec<ChoiceJson>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct OpenJson {
    id: String,
    text: String,
    /// Longest accepted answer, in characters.
    max_length: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
struct PageJson {
    /// 0 = background questions, then one page per domain.
    index: i64,
    id: String,
    title: String,
    description: String,
    items: Vec<ItemJson>,
    questions: Vec<QuestionJson>,
    /// Optional open questions at the end of the page.
    open_questions: Vec<OpenJson>,
}

/// Where a response stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
enum ResponseStatus {
    InProgress,
    Completed,
}

#[derive(Serialize, utoipa::ToSchema)]
struct SurveyJson {
    wave: String,
    instrument: String,
    /// The wave's state.
    state: WaveState,
    /// `in_progress`, or `completed`: then the raw answers are not given,
    /// only the personal profile at `feedback`.
    status: ResponseStatus,
    completed: bool,
    /// The token to use from now on. A printed link is claimed when first
    /// opened: this is then a fresh token known only to the caller, and the
    /// printed one no longer works.
    token: String,
    /// The personal profile (`/api/v1/survey/{token}/feedback`), once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<String>,
    /// The furthest page reached.
    page: i64,
    /// Absent once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Vec<PageJson>>,
    /// Item id -> saved value; absent once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    answers: Option<HashMap<String, AnswerValue>>,
    /// Background question id -> saved choice; absent once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    background: Option<HashMap<String, String>>,
    /// Open question id -> saved text; absent once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    open: Option<HashMap<String, String>>,
}

fn api_tr(headers: &HeaderMap) -> Tr {
    crate::web::api::api_lang_of(headers)
}

/// Runs a JSON handler's body and answers its error as problem+json in the
/// caller's language.
async fn in_lang<T>(
    tr: Tr,
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, ApiError> {
    body.await.map_err(|error| ApiError { error, tr })
}

fn survey_json(
    s: &Survey,
    token: &str,
    r: ResponseState,
    saved: store::Saved,
    open: HashMap<String, String>,
    units: &[Unit],
    lang: Lang,
) -> SurveyJson {
    let i = &s.instrument;
    let text = |t: &Text| t.get(lang).to_string();
    let mut pages = vec![PageJson {
        index: 0,
        id: "background".into(),
        title: String::new(),
        description: text(&i.intro),
        items: vec![],
        questions: i
            .background
            .iter()
            .map(|q| QuestionJson {
                id: q.id.clone(),
                text: text(&q.text),
                required: q.required,
                options: if q.from_units {
                    units
                        .iter()
                        .map(|u| ChoiceJson {
                            id: u.id.to_string(),
                            label: u.name.clone(),
                        })
                        .collect()
                } else {
                    q.options
                        .iter()
                        .map(|o| ChoiceJson {
                            id: o.id.clone(),
                            label: text(&o.label),
                        })
                        .collect()
                },
            })
            .collect(),
        open_questions: vec![],
    }];
    for (d, domain) in i.domains.iter().enumerate() {
        pages.push(PageJson {
            index: d as i64 + 1,
            id: domain.id.clone(),
            title: text(&domain.name),
            description: text(&domain.description),
            items: domain
                .items
                .iter()
                .map(|&ix| {
                    let it = &i.items[ix];
                    let scale = &i.scales[it.scale];
                    ItemJson {
                        id: it.id.clone(),
                        text: text(&it.text),
                        scale: scale.kind,
                        options: scale
                            .options
                            .iter()
                            .enumerate()
                            .map(|(k, o)| OptionJson {
                                value: o.value,
                                label: text(&o.label),
                                statement: it.levels.get(k).map(text),
                            })
                            .collect(),
                        allow_na: it.allow_na,
                    }
                })
                .collect(),
            questions: vec![],
            open_questions: i
                .open
                .iter()
                .filter(|q| q.domain == d)
                .map(|q| OpenJson {
                    id: q.id.clone(),
                    text: text(&q.text),
                    max_length: OPEN_MAX_CHARS,
                })
                .collect(),
        });
    }
    SurveyJson {
        pages: Some(pages),
        answers: Some(
            saved
                .0
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Answer::Value(n) => AnswerValue::Value(n),
                        Answer::NotApplicable => AnswerValue::Na("na".into()),
                    };
                    (k, v)
                })
                .collect(),
        ),
        background: Some(saved.1),
        open: Some(open),
        ..status_json(s, r, token)
    }
}

/// Where a response stands, without pages or answers: all a completed
/// response gives (its profile is at `feedback`, its raw answers are never
/// returned; issue 11, class 9).
fn status_json(s: &Survey, r: ResponseState, token: &str) -> SurveyJson {
    let i = &s.instrument;
    SurveyJson {
        wave: s.wave.name.clone(),
        instrument: format!("{}@{}", i.id, i.version),
        state: s.wave.state,
        status: if r.completed {
            ResponseStatus::Completed
        } else {
            ResponseStatus::InProgress
        },
        completed: r.completed,
        token: token.to_string(),
        feedback: r
            .completed
            .then(|| format!("/api/v1/survey/{token}/feedback")),
        page: r.page,
        pages: None,
        answers: None,
        background: None,
        open: None,
    }
}

/// The survey behind a link: pages, items, allowed values and saved answers.
/// A printed link is claimed at its first opening: the answer carries a
/// fresh `token` for every later request, and the printed token stops
/// working. A completed response gives no answers, only `status` and the
/// link to its profile.
#[utoipa::path(
    get,
    path = "/api/v1/survey/{token}",
    tag = "survey",
    params(("token" = String, Path, description = "The secret token of the invitation link")),
    responses(
        (status = 200, description = "The survey; once completed only its status and the link to the profile", body = SurveyJson),
        (status = 404, description = "Unknown token", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The wave is not open (a completed response still reads), or the printed link was already used", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Json<SurveyJson>, ApiError> {
    let tr = api_tr(&headers);
    in_lang(tr, async {
        let (s, token) = match open_or_claim(&state, &token).await? {
            Opening::Survey(s, token) => (*s, token),
            Opening::Claimed(fresh) => (open(&state, &fresh).await?, fresh),
        };
        if let Some(r) = s.opened.response.filter(|r| r.completed) {
            return Ok(Json(status_json(&s, r, &token)));
        }
        writable(&s)?;
        let r = started(&state, &token, &s).await?;
        let saved = store::load(&state.db, r.id).await?;
        let open = store::load_open(&state.db, r.id).await?;
        let units = store::units(&state.db, &s.opened.institution).await?;
        Ok(Json(survey_json(
            &s, &token, r, saved, open, &units, tr.lang,
        )))
    })
    .await
}

#[derive(Deserialize, utoipa::ToSchema)]
struct SaveJson {
    /// Item id -> scale value or `"na"`.
    #[serde(default)]
    answers: HashMap<String, AnswerValue>,
    /// Background question id -> choice id (`null` clears it).
    #[serde(default)]
    background: HashMap<String, Option<String>>,
    /// Open question id -> text (`null` or empty clears it).
    #[serde(default)]
    open: HashMap<String, Option<String>>,
    /// The page the respondent has reached (progress).
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct SavedJson {
    saved: usize,
    page: i64,
    unanswered: Vec<String>,
}

/// Saves answers (idempotent: the same body twice gives the same state).
#[utoipa::path(
    put,
    path = "/api/v1/survey/{token}/answers",
    tag = "survey",
    params(("token" = String, Path, description = "The secret token of the invitation link")),
    request_body = SaveJson,
    responses(
        (status = 200, description = "Saved", body = SavedJson),
        (status = 404, description = "Unknown token", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The wave is closed, the response is complete, or the token is a printed link not opened yet (GET it first) or already used", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown items or values not allowed", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Json(body): Json<SaveJson>,
) -> Result<Json<SavedJson>, ApiError> {
    in_lang(api_tr(&headers), async {
        let (s, r) = open_for_answers(&state, &token).await?;
        let units = if body.background.is_empty() {
            vec![]
        } else {
            store::units(&state.db, &s.opened.institution).await?
        };
        let (answers, background, open) = read_json(
            &s.instrument,
            &body.answers,
            &body.background,
            &body.open,
            &units,
        )
        .map_err(|bad| {
            AppError::Unprocessable(Msg::new("survey-api-invalid").arg("fields", bad.join(", ")))
        })?;
        let page = body
            .page
            .unwrap_or(r.page)
            .clamp(0, last_page(&s.instrument));
        store::save_page(&state.db, r.id, &answers, &background, &open, page)
            .await
            .map_err(refused)?;
        let answered = store::answered(&state.db, r.id).await?;
        Ok(Json(SavedJson {
            saved: answers.len() + background.len() + open.len(),
            page: page.max(r.page),
            unanswered: unanswered(&s.instrument, |id| answered.contains(id)),
        }))
    })
    .await
}

#[derive(Serialize, utoipa::ToSchema)]
struct CompletedJson {
    completed: bool,
}

/// Seals the response; every item must have an answer (or n.v.t.).
#[utoipa::path(
    post,
    path = "/api/v1/survey/{token}/complete",
    tag = "survey",
    params(("token" = String, Path, description = "The secret token of the invitation link")),
    responses(
        (status = 200, description = "Completed (also when it already was)", body = CompletedJson),
        (status = 404, description = "Unknown token", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The wave is closed, or the token is a printed link not opened yet (GET it first) or already used", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Items unanswered", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_complete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Json<CompletedJson>, ApiError> {
    in_lang(api_tr(&headers), async {
        let s = open(&state, &token).await?;
        if s.opened.response.is_some_and(|r| r.completed) {
            return Ok(Json(CompletedJson { completed: true }));
        }
        writable(&s)?;
        let r = started(&state, &token, &s).await?;
        let answered = store::answered(&state.db, r.id).await?;
        let missing = unanswered(&s.instrument, |id| answered.contains(id));
        if !missing.is_empty() {
            return Err(AppError::Unprocessable(
                Msg::new("survey-api-unanswered").arg("count", missing.len()),
            ));
        }
        store::complete(&state.db, r.id).await.map_err(refused)?;
        Ok(Json(CompletedJson { completed: true }))
    })
    .await
}

#[derive(Serialize, utoipa::ToSchema)]
struct DomainJson {
    id: String,
    name: String,
    /// 0-100, absent when too few items were answered.
    score: Option<f64>,
    level: Option<String>,
    feedback: Option<String>,
    tips: Vec<String>,
}

/// The personal profile of a completed response.
#[utoipa::path(
    get,
    path = "/api/v1/survey/{token}/feedback",
    tag = "survey",
    params(("token" = String, Path, description = "The secret token of the invitation link")),
    responses(
        (status = 200, description = "Profile per domain", body = Vec<DomainJson>),
        (status = 404, description = "Unknown token", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not completed yet, or the token is a printed link not opened yet or already used", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_feedback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Json<Vec<DomainJson>>, ApiError> {
    let tr = api_tr(&headers);
    let lang = tr.lang;
    in_lang(tr, async {
        let s = open(&state, &token).await?;
        let Some(r) = s.opened.response.filter(|r| r.completed) else {
            return Err(AppError::Conflict(Msg::new("survey-not-completed")));
        };
        let saved = store::load(&state.db, r.id).await?;
        let i = &s.instrument;
        Ok(Json(
            i.profile(&saved.0)
                .into_iter()
                .map(|d| {
                    let band = d.band.map(|b| &i.feedback[d.domain][b]);
                    DomainJson {
                        id: i.domains[d.domain].id.clone(),
                        name: i.domains[d.domain].name.get(lang).to_string(),
                        score: d.score.map(|v| (v * 10.0).round() / 10.0),
                        level: band.map(|b| b.label.get(lang).to_string()),
                        feedback: band.map(|b| b.text.get(lang).to_string()),
                        tips: band.map_or_else(Vec::new, |b| {
                            b.tips.iter().map(|t| t.get(lang).to_string()).collect()
                        }),
                    }
                })
                .collect(),
        ))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst() -> Instrument {
        super::super::instrument::parse(
            super::super::DEFAULT_INSTRUMENT_FILE,
            super::super::DEFAULT_INSTRUMENT,
        )
        .unwrap()
    }

    #[test]
    fn a_page_needs_every_item_and_rejects_values_off_the_scale() {
        let i = inst();
        let d = &i.domains[0];
        let mut fields = HashMap::new();
        let first = &i.items[d.items[0]];
        fields.insert(item_field(&first.id), "99".to_string());
        let input = read_page(&i, 1, &fields, &[]);
        assert_eq!(input.invalid, vec![first.id.clone()]);
        assert_eq!(input.missing.len(), d.items.len() - 1);
        assert!(input.answers.is_empty());
    }

    #[test]
    fn na_is_accepted_only_where_the_item_allows_it() {
        let i = inst();
        let na_item = i.items.iter().find(|it| it.allow_na).unwrap();
        let plain = i.items.iter().find(|it| !it.allow_na).unwrap();
        let page_of = |id: &str| {
            i.domains
                .iter()
                .position(|d| d.items.iter().any(|&x| i.items[x].id == id))
                .unwrap() as i64
                + 1
        };
        let mut f = HashMap::new();
        f.insert(item_field(&na_item.id), "na".to_string());
        assert!(
            read_page(&i, page_of(&na_item.id), &f, &[])
                .answers
                .contains(&(na_item.id.clone(), None))
        );
        let mut f = HashMap::new();
        f.insert(item_field(&plain.id), "na".to_string());
        assert!(
            read_page(&i, page_of(&plain.id), &f, &[])
                .invalid
                .contains(&plain.id)
        );
    }

    #[test]
    fn json_answers_are_checked_against_the_instrument() {
        let i = inst();
        let it = &i.items[0];
        let ok: HashMap<String, AnswerValue> =
            [(it.id.clone(), AnswerValue::Value(i.scales[it.scale].min()))].into();
        assert!(read_json(&i, &ok, &HashMap::new(), &HashMap::new(), &[]).is_ok());
        let bad: HashMap<String, AnswerValue> = [
            ("bestaat-niet".to_string(), AnswerValue::Value(1)),
            (it.id.clone(), AnswerValue::Value(99)),
        ]
        .into();
        assert_eq!(
            read_json(&i, &bad, &HashMap::new(), &HashMap::new(), &[])
                .unwrap_err()
                .len(),
            2
        );
    }
}

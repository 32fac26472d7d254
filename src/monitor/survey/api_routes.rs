//! The survey as JSON (`/api/v1/survey/{token}`), over the same opening
//! rules as the pages (`routes`).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::i18n::{Lang, Msg, Tr};
use crate::monitor::WaveState;
use crate::monitor::instrument::{Answer, OPEN_MAX_CHARS, ScaleKind, Text};
use crate::monitor::store::{self, ResponseState, Unit};
use crate::web::{ApiError, AppError, AppState};

use super::routes::*;
use super::*;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_get))
        .routes(routes!(api_save))
        .routes(routes!(api_complete))
        .routes(routes!(api_feedback))
}

// --- JSON ---------------------------------------------------------------------------

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
    #[serde(default, deserialize_with = "super::optional_whole_number")]
    #[schema(minimum = 0)]
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
    crate::web::api::ApiJson(body): crate::web::api::ApiJson<SaveJson>,
) -> Result<Json<SavedJson>, ApiError> {
    in_lang(api_tr(&headers), async {
        let (s, r) = open_for_answers(&state, &token).await?;
        if body.page.is_some_and(|p| p < 0) {
            return Err(AppError::Unprocessable(
                Msg::new("survey-api-invalid").arg("fields", "page"),
            ));
        }
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

//! Pages of the research workshops (issue 15, items 1-3 and 7): the list
//! with the staffing check, one workshop with its live checks, rotation,
//! experiments (searchable, paged) and requests, the experiment form, and
//! the experiment's page with its design-thinking log. Members and
//! meetings are on the workshop's network page (`/networks/{id}`).
//!
//! Every signed-in programme role reads. The programme manager creates
//! workshops; members with a linked account record experiments and log
//! entries of their own workshop; the workshop's lead triages requests;
//! the steering group and the members of the IBP, IM and DD&VDO networks
//! send them.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::store::{self, StoredExperiment, StoredRequest};
use super::{
    Candidate, DecisionInput, ExperimentInput, LogInput, Phase, RequestInput, RequestState,
    Requester, Rotation, STEERING_GROUP, Status, TeamCheck, Theme, rotation, service, staffing,
};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::monitor::instrument::Text;
use crate::networks::store::{StoredMember, StoredNetwork};
use crate::networks::{Kind, Network, Role};
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Pager, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workshops", get(list).post(create_workshop))
        .route("/workshops/{id}", get(detail))
        .route("/workshops/{id}/experiments", post(create_experiment))
        .route("/workshops/{id}/experiments/new", get(new_experiment))
        .route("/workshops/{id}/experiments/{e}", get(experiment))
        .route(
            "/workshops/{id}/experiments/{e}/edit",
            get(edit_experiment).post(update_experiment),
        )
        .route("/workshops/{id}/experiments/{e}/log", post(add_log))
        .route("/workshops/{id}/requests", post(create_request))
        .route("/workshops/{id}/requests/{r}/decide", post(decide))
}

fn today() -> time::Date {
    crate::monitor::store::today()
}

fn field_errors(tr: &Tr, errors: Vec<(&'static str, Msg)>) -> FieldErrors {
    errors.into_iter().map(|(f, m)| (f, tr.msg(&m))).collect()
}

/// The monitor's domains an experiment may address: those of the shipped
/// instrument, by id.
fn domains() -> &'static [(String, Text)] {
    static DOMAINS: OnceLock<Vec<(String, Text)>> = OnceLock::new();
    DOMAINS.get_or_init(|| {
        crate::monitor::instrument::parse(
            crate::monitor::DEFAULT_INSTRUMENT_FILE,
            crate::monitor::DEFAULT_INSTRUMENT,
        )
        .map(|i| {
            i.domains
                .into_iter()
                .map(|d| (d.id, d.name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    })
}

fn domain_ids() -> Vec<String> {
    domains().iter().map(|(id, _)| id.clone()).collect()
}

/// The workshop `id`, or 404 when it is no workshop.
async fn workshop(state: &AppState, id: i64) -> Result<StoredNetwork, AppError> {
    let n = crate::networks::store::network(&state.db, id).await?;
    if n.kind != Kind::Workshop {
        return Err(StoreError::NotFound.into());
    }
    Ok(n)
}

use crate::networks::routes::require_record;

fn staffing_text(tr: &Tr, members: &[StoredMember]) -> (bool, String) {
    let s = staffing(&members.iter().map(StoredMember::facts).collect::<Vec<_>>());
    let key = if s.met() {
        "workshop-staffing-met"
    } else {
        "workshop-staffing-short"
    };
    (
        s.met(),
        tr.msg(
            &Msg::new(key)
                .arg("researchers", s.researchers)
                .arg("educationalists", s.educationalists)
                .arg("institutions", s.institutions)
                .arg("min_researchers", super::STAFF_RESEARCHERS)
                .arg("min_educationalists", super::STAFF_EDUCATIONALISTS)
                .arg("min_institutions", super::STAFF_INSTITUTIONS),
        ),
    )
}

fn team_text(tr: &Tr, team: TeamCheck) -> String {
    let key = if team.met() {
        "experiment-team-met"
    } else {
        "experiment-team-not-met"
    };
    tr.msg(
        &Msg::new(key)
            .arg("researchers", team.researchers)
            .arg("min", super::EXPERIMENT_RESEARCHERS)
            .arg(
                "educationalist",
                tr.t(if team.educationalist {
                    "network-yes"
                } else {
                    "network-no"
                }),
            ),
    )
}

// --- the list ----------------------------------------------------------------------

struct ListRow {
    id: i64,
    name: String,
    region: String,
    started_on: String,
    members: i64,
    staffing: String,
    staffed: bool,
    experiments: usize,
}

#[derive(Template)]
#[template(path = "workshop/list.html")]
struct ListPage {
    p: Page,
    rows: Vec<ListRow>,
    can_manage: bool,
    form: WorkshopInput,
    errors: FieldErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct WorkshopInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    started_on: String,
}

impl WorkshopInput {
    fn validate(&self, today: time::Date) -> Result<Network, crate::networks::Errors> {
        let mut errors = Vec::new();
        let name =
            crate::networks::required(&mut errors, "name", &self.name, crate::networks::NAME_MAX);
        let region = crate::networks::required(
            &mut errors,
            "region",
            &self.region,
            crate::networks::NAME_MAX,
        );
        let started_on = crate::networks::date_field(&mut errors, "started_on", &self.started_on);
        if started_on.is_some_and(|d| d > today) {
            errors.push(("started_on", Msg::new("network-started-future")));
        }
        match started_on {
            Some(started_on) if errors.is_empty() => Ok(Network {
                kind: Kind::Workshop,
                name,
                started_on,
                region: Some(region),
            }),
            _ => Err(errors),
        }
    }
}

async fn list_page(
    ctx: &Ctx,
    state: &AppState,
    form: WorkshopInput,
    errors: FieldErrors,
) -> Result<ListPage, AppError> {
    let user = ctx.require(Action::ViewNetworks)?;
    let tr = ctx.tr;
    let mut rows = Vec::new();
    for n in service::workshops(&state.db).await? {
        let members = crate::networks::store::members(&state.db, n.id).await?;
        let (staffed, staffing) = staffing_text(&tr, &members);
        rows.push(ListRow {
            id: n.id,
            region: n.region.clone().unwrap_or_default(),
            started_on: n.started_on.to_string(),
            members: n.members,
            staffing,
            staffed,
            experiments: store::experiments(&state.db, n.id).await?.len(),
            name: n.name,
        });
    }
    Ok(ListPage {
        p: ctx.page("workshops-title"),
        rows,
        can_manage: user.can(Action::ManageNetworks),
        form,
        errors,
    })
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    list_page(
        &ctx,
        &state,
        WorkshopInput::default(),
        FieldErrors::default(),
    )
    .await?
    .html()
}

async fn create_workshop(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<WorkshopInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageNetworks)?;
    let refused = |errors: FieldErrors, form: WorkshopInput| async {
        let page = list_page(&ctx, &state, form, errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let n = match form.validate(today()) {
        Ok(n) => n,
        Err(e) => return refused(field_errors(&ctx.tr, e), form.clone()).await,
    };
    match crate::networks::store::create_network(&state.db, &user.actor(), &n, crate::store::now())
        .await
    {
        Ok(id) => {
            ctx.flash(Msg::new("workshop-saved")).await?;
            Ok(Redirect::to(&format!("/workshops/{id}")).into_response())
        }
        Err(StoreError::Duplicate { .. }) => {
            let errors = field_errors(&ctx.tr, vec![("name", Msg::new("network-name-taken"))]);
            refused(errors, form.clone()).await
        }
        Err(e) => Err(e.into()),
    }
}

// --- one workshop ------------------------------------------------------------------

struct RotationView {
    name: String,
    role: String,
    institution: String,
    joined_on: String,
    class: &'static str,
    text: String,
}

struct ExperimentRow {
    id: i64,
    title: String,
    theme: String,
    phase: String,
    status: String,
    team: String,
}

struct RequestView {
    id: i64,
    /// The request whose refused triage this page shows.
    mine: bool,
    from: String,
    question: String,
    requested_on: String,
    pending: bool,
    outcome: String,
    experiment: Option<i64>,
}

#[derive(Template)]
#[template(path = "workshop/detail.html")]
struct DetailPage {
    p: Page,
    id: i64,
    name: String,
    region: String,
    started_on: String,
    staffing: String,
    staffed: bool,
    frequency: Option<String>,
    rotation: Vec<RotationView>,
    experiments: Vec<ExperimentRow>,
    q: String,
    pager: Pager,
    requests: Vec<RequestView>,
    can_record: bool,
    is_lead: bool,
    may_ask: Vec<(String, String)>,
    request_form: RequestInput,
    request_errors: FieldErrors,
    /// The refused triage's input and errors (see `RequestView::mine`).
    decision_form: DecisionInput,
    decision_errors: FieldErrors,
    experiment_choices: Vec<(i64, String)>,
    today: String,
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    q: Option<String>,
}

fn rotation_view(tr: &Tr, m: &StoredMember, institution: String) -> Option<RotationView> {
    let r = rotation(m.joined_on, m.left_on, today());
    let text = match r {
        Rotation::Left => return None,
        Rotation::Current { due } => tr.msg(&Msg::new("workshop-rotation-current").arg("due", due)),
        Rotation::DueSoon { due } => {
            tr.msg(&Msg::new("workshop-rotation-due-soon").arg("due", due))
        }
        Rotation::Overdue { due } => tr.msg(&Msg::new("workshop-rotation-overdue").arg("due", due)),
    };
    Some(RotationView {
        name: m.name.clone(),
        role: tr.t(&m.role.key()),
        institution,
        joined_on: m.joined_on.to_string(),
        class: r.as_str(),
        text,
    })
}

fn request_view(tr: &Tr, r: &StoredRequest) -> RequestView {
    let from = match r.from {
        Requester::SteeringGroup => tr.t("request-from-steering-group"),
        Requester::Network(_) => r.from_name.clone().unwrap_or_default(),
    };
    let outcome = match &r.state {
        RequestState::Pending => tr.t("request-pending"),
        RequestState::Accepted(_) => tr.msg(
            &Msg::new("request-accepted")
                .arg("experiment", r.experiment_title.clone().unwrap_or_default())
                .arg(
                    "on",
                    r.decided_on.map(|d| d.to_string()).unwrap_or_default(),
                ),
        ),
        RequestState::Declined(reason) => {
            tr.msg(&Msg::new("request-declined").arg("reason", reason).arg(
                "on",
                r.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            ))
        }
    };
    RequestView {
        id: r.id,
        mine: false,
        from,
        question: r.question.clone(),
        requested_on: r.requested_on.to_string(),
        pending: r.state == RequestState::Pending,
        outcome,
        experiment: match r.state {
            RequestState::Accepted(e) => Some(e),
            _ => None,
        },
    }
}

fn requester_value(r: Requester) -> String {
    match r {
        Requester::SteeringGroup => STEERING_GROUP.to_string(),
        Requester::Network(n) => n.to_string(),
    }
}

#[derive(Default)]
struct Forms {
    request: RequestInput,
    request_errors: FieldErrors,
    decision_for: Option<i64>,
    decision: DecisionInput,
    decision_errors: FieldErrors,
}

async fn detail_page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    q: &DetailQuery,
    forms: Forms,
) -> Result<DetailPage, AppError> {
    let user = ctx.require(Action::ViewNetworks)?;
    let tr = ctx.tr;
    let n = workshop(state, id).await?;
    let members = crate::networks::store::members(&state.db, id).await?;
    let institutions = crate::institutions::store::all(&state.db).await?;
    let inst_name = |m: &StoredMember| match &m.institution {
        Some(code) => institutions
            .iter()
            .find(|i| i.code.as_str() == code)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| code.clone()),
        None => m.organisation.clone(),
    };
    let (staffed, staffing) = staffing_text(&tr, &members);
    let meetings = crate::networks::store::meetings(&state.db, id).await?;
    let days: Vec<_> = meetings.iter().map(|m| m.held_on).collect();
    let frequency = n.kind.frequency().map(|freq| {
        let year = crate::networks::SchoolYear::of(today());
        let grid = crate::networks::month_grid(year, n.started_on, &days, Some(freq), today());
        let s = crate::networks::year_status(&grid, freq);
        tr.msg(
            &Msg::new(if s.met {
                "network-status-months-met"
            } else {
                "network-status-months-missed"
            })
            .arg("meetings", s.meetings)
            .arg("target", freq.target)
            .arg("missed", s.months_missed)
            .arg("year", year.label()),
        )
    });
    let search = q.q.clone().unwrap_or_default();
    let needle = search.trim().to_lowercase();
    let all = store::experiments(&state.db, id).await?;
    let experiment_choices = all.iter().map(|e| (e.id, e.title.clone())).collect();
    let found: Vec<&StoredExperiment> = all
        .iter()
        .filter(|e| {
            needle.is_empty()
                || e.title.to_lowercase().contains(&needle)
                || e.question.to_lowercase().contains(&needle)
        })
        .collect();
    let base = if needle.is_empty() {
        String::new()
    } else {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", search.trim())
            .finish()
    };
    let mut pager = Pager::new(q.page, base);
    pager.total = found.len() as i64;
    let experiments = found
        .iter()
        .skip(pager.offset() as usize)
        .take(pager.per_page as usize)
        .map(|e| ExperimentRow {
            id: e.id,
            title: e.title.clone(),
            theme: tr.t(&e.theme.key()),
            phase: tr.t(&e.phase.key()),
            status: tr.t(&e.status.key()),
            team: team_text(
                &tr,
                TeamCheck {
                    researchers: e.researcher_count as usize,
                    educationalist: e.educationalist.is_some(),
                },
            ),
        })
        .collect();
    let requests = store::requests(&state.db, id)
        .await?
        .iter()
        .map(|r| RequestView {
            mine: forms.decision_for == Some(r.id),
            ..request_view(&tr, r)
        })
        .collect();
    let may_ask = service::may_ask(&state.db, user)
        .await?
        .into_iter()
        .map(|(r, name)| {
            (
                requester_value(r),
                name.unwrap_or_else(|| tr.t("request-from-steering-group")),
            )
        })
        .collect();
    Ok(DetailPage {
        p: ctx.page("workshop-title"),
        id,
        region: n.region.clone().unwrap_or_default(),
        started_on: n.started_on.to_string(),
        staffing,
        staffed,
        frequency,
        rotation: members
            .iter()
            .filter_map(|m| rotation_view(&tr, m, inst_name(m)))
            .collect(),
        experiments,
        q: search,
        pager,
        requests,
        can_record: crate::networks::service::may_record(&state.db, user, id).await?,
        is_lead: service::is_lead(&state.db, user, id).await?,
        may_ask,
        request_form: forms.request,
        request_errors: forms.request_errors,
        decision_form: forms.decision,
        decision_errors: forms.decision_errors,
        experiment_choices,
        today: today().to_string(),
        name: n.name,
    })
}

async fn detail(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Html<String>, AppError> {
    detail_page(&ctx, &state, id, &q, Forms::default())
        .await?
        .html()
}

// --- experiments -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "workshop/experiment_form.html")]
struct FormPage {
    p: Page,
    workshop: i64,
    name: String,
    /// `None` for a new experiment.
    experiment: Option<i64>,
    form: ExperimentInput,
    errors: FieldErrors,
    /// Theme, phase and status: field, label key, choices, chosen value.
    selects: Vec<Select>,
    educationalists: Vec<(String, String)>,
    researchers: Vec<(String, String)>,
    domains: Vec<(String, String)>,
}

struct Select {
    field: &'static str,
    label: &'static str,
    choices: Vec<(&'static str, String)>,
    chosen: String,
}

/// The form's fields: `researcher` and `domain` repeat.
fn parse_experiment(fields: &[(String, String)]) -> ExperimentInput {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let all = |k: &str| {
        fields
            .iter()
            .filter(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    ExperimentInput {
        title: get("title"),
        question: get("question"),
        theme: get("theme"),
        educationalist: get("educationalist"),
        researchers: all("researcher"),
        domains: all("domain"),
        phase: get("phase"),
        status: get("status"),
        results: get("results"),
        conclusions: get("conclusions"),
    }
}

fn input_of(e: &StoredExperiment) -> ExperimentInput {
    ExperimentInput {
        title: e.title.clone(),
        question: e.question.clone(),
        theme: e.theme.as_str().into(),
        educationalist: e.educationalist.map(|m| m.to_string()).unwrap_or_default(),
        researchers: e.researchers.iter().map(|m| m.to_string()).collect(),
        domains: e.domains.clone(),
        phase: e.phase.as_str().into(),
        status: e.status.as_str().into(),
        results: e.results.clone().unwrap_or_default(),
        conclusions: e.conclusions.clone().unwrap_or_default(),
    }
}

fn candidates(members: &[StoredMember]) -> Vec<Candidate> {
    members
        .iter()
        .map(|m| Candidate {
            id: m.id,
            role: m.role,
            current: m.current(),
        })
        .collect()
}

async fn form_page(
    ctx: &Ctx,
    state: &AppState,
    workshop_id: i64,
    experiment: Option<i64>,
    form: ExperimentInput,
    errors: FieldErrors,
) -> Result<FormPage, AppError> {
    require_record(ctx, state, workshop_id).await?;
    let tr = ctx.tr;
    let n = workshop(state, workshop_id).await?;
    let members = crate::networks::store::members(&state.db, workshop_id).await?;
    let chosen = |m: &StoredMember| {
        m.current()
            || form.researchers.iter().any(|r| *r == m.id.to_string())
            || form.educationalist == m.id.to_string()
    };
    let of_role = |role: Role| {
        members
            .iter()
            .filter(|m| m.role == role && chosen(m))
            .map(|m| (m.id.to_string(), m.name.clone()))
            .collect()
    };
    Ok(FormPage {
        p: ctx.page(if experiment.is_some() {
            "experiment-edit-title"
        } else {
            "experiment-new-title"
        }),
        workshop: workshop_id,
        name: n.name,
        experiment,
        errors,
        selects: vec![
            Select {
                field: "theme",
                label: "experiment-field-theme",
                choices: Theme::ALL
                    .iter()
                    .map(|t| (t.as_str(), tr.t(&t.key())))
                    .collect(),
                chosen: form.theme.clone(),
            },
            Select {
                field: "phase",
                label: "experiment-field-phase",
                choices: Phase::ALL
                    .iter()
                    .map(|t| (t.as_str(), tr.t(&t.key())))
                    .collect(),
                chosen: form.phase.clone(),
            },
            Select {
                field: "status",
                label: "experiment-field-status",
                choices: Status::ALL
                    .iter()
                    .map(|t| (t.as_str(), tr.t(&t.key())))
                    .collect(),
                chosen: form.status.clone(),
            },
        ],
        educationalists: of_role(Role::Educationalist),
        researchers: of_role(Role::Researcher),
        domains: domains()
            .iter()
            .map(|(id, name)| (id.clone(), name.get(tr.lang).to_string()))
            .collect(),
        form,
    })
}

async fn new_experiment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let form = ExperimentInput {
        phase: Phase::Empathise.as_str().into(),
        status: Status::Idea.as_str().into(),
        ..Default::default()
    };
    form_page(&ctx, &state, id, None, form, FieldErrors::default())
        .await?
        .html()
}

async fn edit_experiment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, e)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    require_record(&ctx, &state, id).await?;
    let stored = store::experiment(&state.db, id, e).await?;
    if !stored.status.editable() {
        ctx.flash(Msg::new("experiment-published-final")).await?;
        return Ok(Redirect::to(&format!("/workshops/{id}/experiments/{e}")).into_response());
    }
    Ok(form_page(
        &ctx,
        &state,
        id,
        Some(e),
        input_of(&stored),
        FieldErrors::default(),
    )
    .await?
    .html()?
    .into_response())
}

async fn save_experiment(
    ctx: Ctx,
    state: AppState,
    id: i64,
    experiment: Option<i64>,
    fields: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let user = require_record(&ctx, &state, id).await?;
    workshop(&state, id).await?;
    let form = parse_experiment(&fields);
    let refuse = |errors: Vec<(&'static str, Msg)>, form: ExperimentInput| async {
        let errors = field_errors(&ctx.tr, errors);
        let page = form_page(&ctx, &state, id, experiment, form, errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let was = match experiment {
        None => None,
        Some(e) => Some(store::experiment(&state.db, id, e).await?.status),
    };
    // The status the form was read with: a change meanwhile is refused.
    let read_with = fields
        .iter()
        .find(|(f, _)| f == "was")
        .and_then(|(_, v)| Status::parse(v))
        .or(was);
    let members = crate::networks::store::members(&state.db, id).await?;
    let e = match form.validate(&candidates(&members), &domain_ids(), read_with) {
        Ok(e) => e,
        Err(errors) => return refuse(errors, form.clone()).await,
    };
    let actor = user.actor();
    let saved = match (experiment, read_with) {
        (Some(eid), Some(w)) => store::update_experiment(&state.db, &actor, id, eid, &e, w)
            .await
            .map(|()| eid),
        _ => store::create_experiment(&state.db, &actor, id, &e, crate::store::now()).await,
    };
    match saved {
        Ok(eid) => {
            ctx.flash(Msg::new("experiment-saved")).await?;
            Ok(Redirect::to(&format!("/workshops/{id}/experiments/{eid}")).into_response())
        }
        Err(StoreError::WrongState { .. }) => {
            refuse(
                vec![("status", Msg::new("experiment-status-changed"))],
                form.clone(),
            )
            .await
        }
        Err(StoreError::MissingReference { .. }) => {
            refuse(
                vec![("researchers", Msg::new("experiment-researcher-unknown"))],
                form.clone(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create_experiment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_experiment(ctx, state, id, None, fields).await
}

async fn update_experiment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, e)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_experiment(ctx, state, id, Some(e), fields).await
}

struct LogView {
    logged_on: String,
    done: String,
    learned: String,
    link: Option<String>,
    by: String,
}

struct PhaseView {
    key: &'static str,
    name: String,
    current: bool,
    entries: Vec<LogView>,
}

#[derive(Template)]
#[template(path = "workshop/experiment.html")]
struct ExperimentPage {
    p: Page,
    workshop: i64,
    workshop_name: String,
    id: i64,
    title: String,
    question: String,
    theme: String,
    status: String,
    phase: String,
    educationalist: String,
    researchers: Vec<(String, String)>,
    team: String,
    team_met: bool,
    domains: Vec<String>,
    results: Option<String>,
    conclusions: Option<String>,
    phases: Vec<PhaseView>,
    requests: Vec<RequestView>,
    can_record: bool,
    editable: bool,
    published: bool,
    form: LogInput,
    errors: FieldErrors,
    phase_choices: Vec<(&'static str, String)>,
}

async fn experiment_page(
    ctx: &Ctx,
    state: &AppState,
    workshop_id: i64,
    id: i64,
    form: LogInput,
    errors: FieldErrors,
) -> Result<ExperimentPage, AppError> {
    let user = ctx.require(Action::ViewNetworks)?;
    let tr = ctx.tr;
    let n = workshop(state, workshop_id).await?;
    let e = store::experiment(&state.db, workshop_id, id).await?;
    let members = crate::networks::store::members(&state.db, workshop_id).await?;
    let institutions = crate::institutions::store::all(&state.db).await?;
    let name_of = |m: i64| {
        members
            .iter()
            .find(|x| x.id == m)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let inst_of = |m: i64| {
        members
            .iter()
            .find(|x| x.id == m)
            .and_then(|x| x.institution.as_ref())
            .and_then(|code| institutions.iter().find(|i| i.code.as_str() == code))
            .map(|i| i.name.clone())
            .unwrap_or_default()
    };
    let log = store::log(&state.db, id).await?;
    let team = TeamCheck {
        researchers: e.researchers.len(),
        educationalist: e.educationalist.is_some(),
    };
    let requests = store::requests(&state.db, workshop_id)
        .await?
        .iter()
        .filter(|r| r.state == RequestState::Accepted(id))
        .map(|r| request_view(&tr, r))
        .collect();
    Ok(ExperimentPage {
        p: ctx.page("experiment-title"),
        workshop: workshop_id,
        workshop_name: n.name,
        id,
        theme: tr.t(&e.theme.key()),
        status: tr.t(&e.status.key()),
        phase: tr.t(&e.phase.key()),
        educationalist: e
            .educationalist
            .map(name_of)
            .unwrap_or_else(|| tr.t("experiment-no-educationalist")),
        researchers: e
            .researchers
            .iter()
            .map(|m| (name_of(*m), inst_of(*m)))
            .collect(),
        team: team_text(&tr, team),
        team_met: team.met(),
        domains: e
            .domains
            .iter()
            .map(|d| {
                domains()
                    .iter()
                    .find(|(id, _)| id == d)
                    .map(|(_, n)| n.get(tr.lang).to_string())
                    .unwrap_or_else(|| d.clone())
            })
            .collect(),
        phases: Phase::ALL
            .iter()
            .map(|ph| PhaseView {
                key: ph.as_str(),
                name: tr.t(&ph.key()),
                current: *ph == e.phase,
                entries: log
                    .iter()
                    .filter(|l| l.entry.phase == *ph)
                    .map(|l| LogView {
                        logged_on: l.entry.logged_on.to_string(),
                        done: l.entry.done.clone(),
                        learned: l.entry.learned.clone(),
                        link: l.entry.link.clone(),
                        by: l.by.clone(),
                    })
                    .collect(),
            })
            .collect(),
        requests,
        can_record: crate::networks::service::may_record(&state.db, user, workshop_id).await?,
        editable: e.status.editable(),
        published: e.status == Status::Published,
        form,
        errors,
        phase_choices: Phase::ALL
            .iter()
            .map(|t| (t.as_str(), tr.t(&t.key())))
            .collect(),
        title: e.title,
        question: e.question,
        results: e.results,
        conclusions: e.conclusions,
    })
}

async fn experiment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, e)): Path<(i64, i64)>,
) -> Result<Html<String>, AppError> {
    let stored = store::experiment(&state.db, id, e).await?;
    let form = LogInput {
        phase: stored.phase.as_str().into(),
        logged_on: today().to_string(),
        ..Default::default()
    };
    experiment_page(&ctx, &state, id, e, form, FieldErrors::default())
        .await?
        .html()
}

async fn add_log(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, e)): Path<(i64, i64)>,
    Form(form): Form<LogInput>,
) -> Result<Response, AppError> {
    let user = require_record(&ctx, &state, id).await?;
    workshop(&state, id).await?;
    let refuse = |errors: Vec<(&'static str, Msg)>, form: LogInput| async {
        let errors = field_errors(&ctx.tr, errors);
        let page = experiment_page(&ctx, &state, id, e, form, errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let entry = match form.validate(today()) {
        Ok(entry) => entry,
        Err(errors) => return refuse(errors, form.clone()).await,
    };
    match store::add_log(&state.db, &user.actor(), id, e, &entry, crate::store::now()).await {
        Ok(_) => {
            ctx.flash(Msg::new("experiment-log-saved")).await?;
            Ok(Redirect::to(&format!(
                "/workshops/{id}/experiments/{e}#phase-{}",
                entry.phase.as_str()
            ))
            .into_response())
        }
        Err(StoreError::WrongState { .. }) => {
            refuse(
                vec![("done", Msg::new("experiment-published-final"))],
                form.clone(),
            )
            .await
        }
        Err(err) => Err(err.into()),
    }
}

// --- requests ----------------------------------------------------------------------

async fn create_request(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<RequestInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::RequestExperiment)?;
    workshop(&state, id).await?;
    let may: Vec<Requester> = service::may_ask(&state.db, user)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    if may.is_empty() {
        return Err(crate::auth::Forbidden.into());
    }
    let r = match form.validate(&may, today()) {
        Ok(r) => r,
        Err(errors) => {
            let forms = Forms {
                request_errors: field_errors(&ctx.tr, errors),
                request: form,
                ..Default::default()
            };
            let page = detail_page(&ctx, &state, id, &DetailQuery::default(), forms).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response());
        }
    };
    store::create_request(&state.db, &user.actor(), id, &r, crate::store::now()).await?;
    ctx.flash(Msg::new("request-saved")).await?;
    Ok(Redirect::to(&format!("/workshops/{id}#requests")).into_response())
}

async fn decide(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, r)): Path<(i64, i64)>,
    Form(form): Form<DecisionInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ViewNetworks)?;
    if !service::is_lead(&state.db, user, id).await? {
        return Err(crate::auth::Forbidden.into());
    }
    workshop(&state, id).await?;
    store::request(&state.db, id, r).await?;
    let experiments: Vec<i64> = store::experiments(&state.db, id)
        .await?
        .iter()
        .map(|e| e.id)
        .collect();
    let refuse = |errors: Vec<(&'static str, Msg)>, form: DecisionInput| async {
        let forms = Forms {
            decision_for: Some(r),
            decision_errors: field_errors(&ctx.tr, errors),
            decision: form,
            ..Default::default()
        };
        let page = detail_page(&ctx, &state, id, &DetailQuery::default(), forms).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let decision = match form.validate(&experiments) {
        Ok(d) => d,
        Err(errors) => return refuse(errors, form.clone()).await,
    };
    match store::decide(&state.db, &user.actor(), id, r, &decision, today()).await {
        Ok(()) => {
            ctx.flash(Msg::new("request-decided")).await?;
            Ok(Redirect::to(&format!("/workshops/{id}#request-{r}")).into_response())
        }
        Err(StoreError::WrongState { .. }) => {
            refuse(
                vec![("decision", Msg::new("request-already-decided"))],
                form.clone(),
            )
            .await
        }
        Err(StoreError::MissingReference { .. }) => {
            refuse(
                vec![("experiment", Msg::new("request-experiment-choose"))],
                form.clone(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

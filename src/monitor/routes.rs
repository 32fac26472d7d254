//! Pages to run the monitor: waves (programme manager), organisational
//! units and invitations (coordinator, own institution only), fieldwork
//! progress, and the outbox.

use super::{MAX_LINKS, survey_url};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::WithRejection;
use serde::Deserialize;

use super::staged::{Item, Scope};
use super::store::{self, Fieldwork, Unit};
use super::{Wave, WaveState};
use crate::auth::{Action, CurrentUser};
use crate::i18n::Msg;
use crate::institutions::{self, Institution, InstitutionCode};
use crate::mail;
use crate::reports::document::{Block, Chart, Document, Labels, Layout};
use crate::reports::routes::render_download;
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Pager, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/waves", get(list).post(create))
        .route("/waves/new", get(new_form))
        .route("/waves/{id}", get(show))
        .route("/waves/{id}/state", get(state_confirm).post(change_state))
        .route("/waves/{id}/institutions/{code}", get(invite_page))
        .route("/waves/{id}/institutions/{code}/links", post(create_links))
        .route(
            "/waves/{id}/institutions/{code}/links/new",
            get(links_confirm),
        )
        .route(
            "/waves/{id}/institutions/{code}/links/{key}",
            get(show_links),
        )
        .route(
            "/waves/{id}/institutions/{code}/links/{key}/pdf",
            get(links_pdf),
        )
        .route(
            "/waves/{id}/institutions/{code}/emails",
            // The list's own byte limit (settings) applies, with its message.
            post(email_invitations).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/waves/{id}/institutions/{code}/emails/{key}",
            get(emails_confirm).post(emails_send),
        )
        .route(
            "/waves/{id}/institutions/{code}/remind",
            get(remind_confirm).post(remind),
        )
        .route("/institutions/{code}/units", get(units_page).post(add_unit))
        .route("/outbox", get(outbox))
}

fn code_of(s: &str) -> Result<InstitutionCode, AppError> {
    s.parse().map_err(|_| AppError::NotFound)
}

/// Waves a user may see: all for programme roles, otherwise those with one
/// of the user's institutions.
fn visible(user: &CurrentUser, w: &Wave) -> bool {
    user.can(Action::ViewWaves)
        || w.institutions
            .iter()
            .any(|c| user.can_for(Action::Invite, c))
}

#[derive(Template)]
#[template(path = "monitor/waves.html")]
struct WavesPage {
    p: Page,
    waves: Vec<Wave>,
    can_manage: bool,
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let user = ctx.user()?;
    let waves: Vec<Wave> = store::waves(&state.db)
        .await?
        .into_iter()
        .filter(|w| visible(user, w))
        .collect();
    if waves.is_empty()
        && !user.can(Action::ViewWaves)
        && user.coordinated_institutions().is_empty()
    {
        return Err(AppError::Forbidden);
    }
    WavesPage {
        can_manage: user.can(Action::ManageWaves),
        p: ctx.page("waves-title"),
        waves,
    }
    .html()
}

#[derive(Clone, Default, Deserialize)]
struct WaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    instrument: String,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    /// Every institution code checked in the form.
    #[serde(default)]
    institution: Vec<String>,
}

#[derive(Template)]
#[template(path = "monitor/wave_form.html")]
struct WaveFormPage {
    p: Page,
    form: WaveForm,
    instruments: Vec<String>,
    institutions: Vec<Institution>,
    errors: FieldErrors,
}

impl WaveFormPage {
    fn checked(&self, code: &InstitutionCode) -> bool {
        self.form
            .institution
            .iter()
            .any(|c| c.eq_ignore_ascii_case(code.as_str()))
    }
}

async fn wave_form_page(
    ctx: &Ctx,
    state: &AppState,
    form: WaveForm,
    errors: Vec<(&'static str, String)>,
) -> Result<WaveFormPage, AppError> {
    Ok(WaveFormPage {
        p: ctx.page("wave-new-title"),
        instruments: store::instruments(&state.db)
            .await?
            .into_iter()
            .map(|(i, v)| format!("{i}@{v}"))
            .collect(),
        institutions: institutions::store::all(&state.db).await?,
        form,
        errors: errors.into(),
    })
}

async fn new_form(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageWaves)?;
    let all = institutions::store::all(&state.db).await?;
    let form = WaveForm {
        institution: all
            .iter()
            .filter(|i| i.status == institutions::Status::Active)
            .map(|i| i.code.to_string())
            .collect(),
        ..Default::default()
    };
    wave_form_page(&ctx, &state, form, vec![]).await?.html()
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    WithRejection(axum_extra::extract::Form(form), _): RepeatedForm<WaveForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageWaves)?;
    let invalid = |errors: Vec<(&'static str, String)>| async {
        let page = wave_form_page(&ctx, &state, form.clone(), errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let new = match super::validate_wave(
        &form.name,
        &form.instrument,
        &form.opens_on,
        &form.closes_on,
        &form.institution,
    ) {
        Ok(w) => w,
        Err(errors) => {
            let errors = errors
                .into_iter()
                .map(|(f, m)| (f, ctx.tr.msg(&m)))
                .collect();
            return invalid(errors).await;
        }
    };
    match store::create_wave(&state.db, &user.actor(), &new).await {
        Ok(id) => {
            ctx.flash(Msg::new("wave-created").arg("name", &new.name))
                .await?;
            Ok(Redirect::to(&format!("/waves/{id}")).into_response())
        }
        Err(StoreError::Duplicate { .. }) => {
            invalid(vec![("name", ctx.tr.t("wave-name-taken"))]).await
        }
        // SQLite does not say which key failed: ask which reference is
        // missing (was answered as "name taken" before issue 12).
        Err(StoreError::MissingReference { .. }) => {
            let known =
                store::instrument_source(&state.db, &new.instrument_id, &new.instrument_version)
                    .await?
                    .is_some();
            if known {
                invalid(vec![("institution", ctx.tr.t("wave-institution-unknown"))]).await
            } else {
                invalid(vec![("instrument", ctx.tr.t("wave-instrument-unknown"))]).await
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// A form with repeated fields (`institution=..&institution=..`), which
/// axum's `Form` (serde_urlencoded) cannot collect into a `Vec` and
/// axum-extra's (serde_html_form) can; its refusals become our error page.
type RepeatedForm<T> = WithRejection<axum_extra::extract::Form<T>, AppError>;

/// Fieldwork figures as shown: counts below the minimum group (and the
/// response rate with them) are shown as "<10" (see
/// [`store::release_fieldwork`]).
struct FieldworkRow {
    institution: String,
    name: String,
    unit: String,
    invited: i64,
    started: String,
    completed: String,
    rate: String,
    code: String,
    can_invite: bool,
}

#[derive(Template)]
#[template(path = "monitor/wave.html")]
struct WavePage {
    p: Page,
    wave: Wave,
    rows: Vec<FieldworkRow>,
    next_state: Option<WaveState>,
    own: Vec<(String, String)>,
    suppressed: Option<String>,
}

async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let user = ctx.user()?;
    let wave = store::wave(&state.db, id).await?;
    if !visible(user, &wave) {
        return Err(AppError::Forbidden);
    }
    let names: std::collections::HashMap<String, String> = institutions::store::all(&state.db)
        .await?
        .into_iter()
        .map(|i| (i.code.to_string(), i.name))
        .collect();
    let min = state.settings.min_group;
    let (fieldwork, released) = visible_fieldwork(&state, user, id).await?;
    let below = ctx.tr.t1("fieldwork-below", "min", min.get());
    let shown = |n: Option<i64>| n.map_or_else(|| below.clone(), |n| n.to_string());
    let suppressed = released
        .iter()
        .any(|r| r.started.is_none() || r.completed.is_none());
    let rows: Vec<FieldworkRow> = fieldwork
        .into_iter()
        .zip(released)
        .map(|(f, r)| {
            let code: Option<InstitutionCode> = f.institution.parse().ok();
            FieldworkRow {
                name: names.get(&f.institution).cloned().unwrap_or_default(),
                unit: f
                    .unit
                    .clone()
                    .unwrap_or_else(|| ctx.tr.t("fieldwork-no-unit")),
                started: shown(r.started),
                completed: shown(r.completed),
                rate: match (r.rate, r.completed) {
                    (Some(p), _) => format!("{p}%"),
                    (None, Some(_)) => "–".into(),
                    (None, None) => below.clone(),
                },
                can_invite: code.is_some_and(|c| user.can_for(Action::Invite, &c)),
                code: f.institution.clone(),
                institution: f.institution,
                invited: r.invited,
            }
        })
        .collect();
    let own = wave
        .institutions
        .iter()
        .filter(|c| user.can_for(Action::Invite, c))
        .map(|c| {
            (
                c.to_string(),
                names.get(c.as_str()).cloned().unwrap_or_default(),
            )
        })
        .collect();
    WavePage {
        suppressed: suppressed.then(|| ctx.tr.t1("fieldwork-suppressed", "min", min.get())),
        p: ctx.page_titled(ctx.tr.t1("wave-title", "name", &wave.name)),
        next_state: user
            .can(Action::ManageWaves)
            .then(|| wave.state.next())
            .flatten(),
        rows,
        own,
        wave,
    }
    .html()
}

/// The fieldwork rows `user` may see in wave `id` and what of each may be
/// shown: the programme roles see every institution, a coordinator only
/// their own, released together ([`store::release_fieldwork`]). The wave
/// page and the coordinator's home both show exactly this, so they are
/// one output, not two that could be combined.
async fn visible_fieldwork(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<(Vec<Fieldwork>, Vec<store::FieldworkRelease>), AppError> {
    let fieldwork: Vec<Fieldwork> = store::fieldwork(&state.db, id)
        .await?
        .into_iter()
        .filter(|f| {
            f.institution.parse::<InstitutionCode>().is_ok_and(|code| {
                user.can(Action::ViewWaves) || user.can_for(Action::Invite, &code)
            })
        })
        .collect();
    let released = store::release_fieldwork(&fieldwork, state.settings.min_group.get());
    Ok((fieldwork, released))
}

// --- the coordinator's home ----------------------------------------------------

/// One team's response on the coordinator's home: a count below the
/// minimum group shows as "te klein", with no rate.
pub struct HomeTeam {
    pub unit: String,
    pub invited: i64,
    pub completed: String,
    pub rate: String,
}

/// One wave of one of the coordinator's institutions: its dates, the
/// response per team and what to do next.
pub struct HomeWave {
    pub title: String,
    pub state: WaveState,
    pub dates: String,
    pub teams: Vec<HomeTeam>,
    /// `(link, label)` of the next steps.
    pub steps: Vec<(String, String)>,
    pub suppressed: bool,
}

/// The coordinator's waves for the home page: open and draft waves of the
/// institutions they coordinate, and the latest closed one with its
/// report. Empty for anyone who coordinates nothing.
pub async fn coordinator_home(ctx: &Ctx, state: &AppState) -> Result<Vec<HomeWave>, AppError> {
    let Some(user) = ctx.user.as_ref().filter(|u| !u.must_change_password) else {
        return Ok(vec![]);
    };
    let codes: Vec<InstitutionCode> = user
        .coordinated_institutions()
        .into_iter()
        .filter(|c| user.can_for(Action::Invite, c))
        .cloned()
        .collect();
    if codes.is_empty() {
        return Ok(vec![]);
    }
    let names: std::collections::HashMap<String, String> = institutions::store::all(&state.db)
        .await?
        .into_iter()
        .map(|i| (i.code.to_string(), i.name))
        .collect();
    let waves = store::waves(&state.db).await?;
    let mut out = Vec::new();
    for code in &codes {
        let mine: Vec<&Wave> = waves
            .iter()
            .filter(|w| w.institutions.contains(code))
            .collect();
        let fieldwork_waves = mine
            .iter()
            .filter(|w| matches!(w.state, WaveState::Draft | WaveState::Open));
        let latest_closed = mine.iter().find(|w| w.state.releases_results());
        for w in fieldwork_waves.chain(latest_closed) {
            out.push(home_wave(ctx, state, user, w, code, &names).await?);
        }
    }
    Ok(out)
}

async fn home_wave(
    ctx: &Ctx,
    state: &AppState,
    user: &CurrentUser,
    w: &Wave,
    code: &InstitutionCode,
    names: &std::collections::HashMap<String, String>,
) -> Result<HomeWave, AppError> {
    let tr = &ctx.tr;
    let name = names.get(code.as_str()).cloned().unwrap_or_default();
    let invite = invite_path(w.id, code);
    let mut teams = Vec::new();
    let mut suppressed = false;
    if !w.state.releases_results() {
        let (fieldwork, released) = visible_fieldwork(state, user, w.id).await?;
        let small = tr.t("home-too-small");
        for (f, r) in fieldwork.iter().zip(released) {
            if f.institution != code.as_str() {
                continue;
            }
            suppressed |= r.completed.is_none();
            teams.push(HomeTeam {
                unit: f.unit.clone().unwrap_or_else(|| tr.t("fieldwork-no-unit")),
                invited: r.invited,
                completed: r.completed.map_or_else(|| small.clone(), |n| n.to_string()),
                rate: match (r.rate, r.completed) {
                    (Some(p), _) => format!("{p}%"),
                    (None, Some(_)) => "–".into(),
                    (None, None) => small.clone(),
                },
            });
        }
    }
    let mut steps = Vec::new();
    match w.state {
        WaveState::Draft => steps.push((invite, tr.t("home-step-links"))),
        WaveState::Open if teams.is_empty() => steps.push((invite, tr.t("home-step-invite"))),
        WaveState::Open => {
            steps.push((format!("{invite}/remind"), tr.t("home-step-remind")));
            steps.push((invite, tr.t("home-step-invite-more")));
        }
        WaveState::Closed | WaveState::Archived => steps.push((
            format!("/reports/{}/institutions/{code}", w.id),
            tr.t("home-step-report"),
        )),
    }
    steps.push((format!("/waves/{}", w.id), tr.t("home-step-wave")));
    let dates = match w.state {
        WaveState::Draft => tr.t1("home-opens-on", "date", w.opens_on),
        WaveState::Open => tr.t1("home-closes-on", "date", w.closes_on),
        _ => tr.t1("home-closed-on", "date", w.closes_on),
    };
    Ok(HomeWave {
        title: tr.msg(
            &Msg::new("home-wave-title")
                .arg("wave", &w.name)
                .arg("institution", name),
        ),
        state: w.state,
        dates,
        teams,
        steps,
        suppressed,
    })
}

#[derive(Deserialize)]
struct StateQuery {
    to: String,
}

#[derive(Template)]
#[template(path = "monitor/wave_state.html")]
struct StatePage {
    p: Page,
    wave: Wave,
    to: WaveState,
}

async fn state_confirm(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<StateQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageWaves)?;
    let wave = store::wave(&state.db, id).await?;
    let to: WaveState = q.to.parse().map_err(|_| AppError::NotFound)?;
    if wave.state.next() != Some(to) {
        return Err(AppError::Conflict(Msg::new("wave-state-invalid")));
    }
    StatePage {
        p: ctx.page("wave-state-title"),
        wave,
        to,
    }
    .html()
}

async fn change_state(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(q): Form<StateQuery>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageWaves)?;
    let to: WaveState = q.to.parse().map_err(|_| AppError::NotFound)?;
    match store::advance(&state.db, &user.actor(), id, to).await {
        Ok(()) => {}
        Err(StoreError::WrongState { .. }) => {
            return Err(AppError::Conflict(Msg::new("wave-state-invalid")));
        }
        Err(e) => return Err(e.into()),
    }
    ctx.flash(Msg::new("wave-state-changed").arg("state", ctx.tr.t(to.label_key())))
        .await?;
    Ok(Redirect::to(&format!("/waves/{id}")).into_response())
}

// --- invitations (coordinator) ---------------------------------------------------

/// The wave and institution of an invitation page, checked: the user may
/// invite for the institution, and it takes part in the wave.
async fn invite_scope(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    code: &str,
) -> Result<(Wave, Institution), AppError> {
    let code = code_of(code)?;
    ctx.user()?.require_institution(Action::Invite, &code)?;
    let wave = store::wave(&state.db, id).await?;
    if !wave.institutions.contains(&code) {
        return Err(AppError::NotFound);
    }
    let inst = institutions::store::get(&state.db, &code).await?;
    Ok((wave, inst))
}

#[derive(Template)]
#[template(path = "monitor/invite.html")]
struct InvitePage {
    p: Page,
    wave: Wave,
    inst: Institution,
    units: Vec<Unit>,
    open: bool,
    outbox: bool,
    problems: Vec<(u64, String)>,
    limits: super::InvitationLimits,
}

async fn invite_page_with(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    code: &str,
    problems: Vec<(u64, String)>,
) -> Result<InvitePage, AppError> {
    let (wave, inst) = invite_scope(ctx, state, id, code).await?;
    Ok(InvitePage {
        p: ctx.page_titled(ctx.tr.t1("invite-title", "name", &inst.name)),
        units: store::units(&state.db, &inst.code).await?,
        open: wave.state.accepts_invitations(),
        outbox: state.mailer.is_outbox(),
        limits: state.settings.invitations,
        wave,
        inst,
        problems,
    })
}

async fn invite_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Html<String>, AppError> {
    invite_page_with(&ctx, &state, id, &code, vec![])
        .await?
        .html()
}

/// The invitation page again with `problems` (422: nothing was done).
async fn invite_refused(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    code: &str,
    problems: Vec<(u64, String)>,
) -> Result<Response, AppError> {
    let page = invite_page_with(ctx, state, id, code, problems).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

fn invite_path(wave: i64, code: &InstitutionCode) -> String {
    format!("/waves/{wave}/institutions/{code}")
}

fn unit_param(s: &str, units: &[Unit]) -> Result<Option<i64>, AppError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse::<i64>()
            .ok()
            .filter(|id| units.iter().any(|u| u.id == *id))
            .map(Some)
            .ok_or_else(|| AppError::BadRequest(Msg::new("unit-unknown"))),
    }
}

/// The staged-work scope of this request: the signed-in user, wave and
/// institution.
fn staged_scope(ctx: &Ctx, wave: &Wave, inst: &Institution) -> Result<Scope, AppError> {
    Ok(Scope {
        user: ctx.user()?.id,
        wave: wave.id,
        institution: inst.code.clone(),
    })
}

/// A confirmation step before a bulk action (issue 13): what will happen,
/// with its count, and one button that posts it.
#[derive(Template)]
#[template(path = "monitor/confirm.html")]
struct ConfirmPage {
    p: Page,
    back: String,
    back_label: String,
    lines: Vec<String>,
    /// `None` when there is nothing to do (only "back").
    action: Option<String>,
    fields: Vec<(&'static str, String)>,
    submit: String,
}

#[derive(Deserialize)]
struct LinksForm {
    #[serde(default)]
    count: String,
    #[serde(default)]
    unit: String,
}

/// A generated link with its QR code (an SVG document).
struct LinkView {
    url: String,
    qr: String,
}

#[derive(Template)]
#[template(path = "monitor/links.html")]
struct LinksPage {
    p: Page,
    wave: Wave,
    inst: Institution,
    unit: Option<String>,
    links: Vec<LinkView>,
    pdf: String,
}

pub fn qr_svg(url: &str) -> String {
    qrcode::QrCode::new(url.as_bytes())
        .map(|c| {
            c.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(120, 120)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

/// A QR code centred on a canvas twice as wide as high: the report
/// engine sets images to a share of the page width, so a wide canvas
/// keeps a printed card small enough for several to a page.
pub fn qr_card_svg(url: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(url.as_bytes()) else {
        return String::new();
    };
    let quiet = 4;
    let width = code.width();
    let side = width + 2 * quiet;
    let left = side / 2 + quiet;
    let mut rects = String::new();
    for (k, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (left + k % width, quiet + k / width);
            rects.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\"/>"
            ));
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {side}\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><g fill=\"#000\">{rects}</g></svg>",
        2 * side
    )
}

/// The count and unit of the links form, checked; the refusal is the
/// invitation page with the reason.
async fn links_request(
    ctx: &Ctx,
    state: &AppState,
    wave: &Wave,
    inst: &Institution,
    form: &LinksForm,
) -> Result<Result<(usize, Option<Unit>), Response>, AppError> {
    if !wave.state.accepts_links() {
        return Err(AppError::Conflict(Msg::new("survey-closed")));
    }
    let count = match form.count.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_LINKS).contains(&n) => n,
        _ => {
            let msg = ctx
                .tr
                .msg(&Msg::new("links-count-invalid").arg("max", MAX_LINKS));
            return Ok(Err(invite_refused(
                ctx,
                state,
                wave.id,
                inst.code.as_str(),
                vec![(0, msg)],
            )
            .await?));
        }
    };
    let units = store::units(&state.db, &inst.code).await?;
    let unit = unit_param(&form.unit, &units)?;
    Ok(Ok((
        count,
        unit.and_then(|id| units.into_iter().find(|u| u.id == id)),
    )))
}

/// Step 1 of making printed links: what will be made, confirmed with a
/// POST (a GET form, so it changes nothing).
async fn links_confirm(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Query(form): Query<LinksForm>,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    let (count, unit) = match links_request(&ctx, &state, &wave, &inst, &form).await? {
        Ok(v) => v,
        Err(refused) => return Ok(refused),
    };
    let unit_name = unit
        .as_ref()
        .map_or_else(|| ctx.tr.t("invite-unit-none"), |u| u.name.clone());
    let back = invite_path(wave.id, &inst.code);
    Ok(ConfirmPage {
        p: ctx.page("links-confirm-title"),
        back_label: ctx.tr.t1("invite-title", "name", &inst.name),
        lines: vec![
            ctx.tr.msg(
                &Msg::new("links-confirm")
                    .arg("count", count)
                    .arg("wave", &wave.name)
                    .arg("institution", &inst.name)
                    .arg("unit", unit_name),
            ),
            ctx.tr.t("links-once"),
        ],
        action: Some(format!("{back}/links")),
        fields: vec![
            ("count", count.to_string()),
            ("unit", unit.map(|u| u.id.to_string()).unwrap_or_default()),
        ],
        submit: ctx.tr.t1("links-confirm-submit", "count", count),
        back,
    }
    .html()?
    .into_response())
}

/// Step 2: makes the links and redirects to them (post/redirect/get: a
/// reload shows the same links and makes no new ones).
async fn create_links(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Form(form): Form<LinksForm>,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    let (count, unit) = match links_request(&ctx, &state, &wave, &inst, &form).await? {
        Ok(v) => v,
        Err(refused) => return Ok(refused),
    };
    let user = ctx.user()?;
    let tokens = store::create_links(
        &state.db,
        &user.actor(),
        wave.id,
        &inst.code,
        unit.as_ref().map(|u| u.id),
        count,
    )
    .await?;
    let key = state.staged.put(
        staged_scope(&ctx, &wave, &inst)?,
        Item::Links {
            unit: unit.map(|u| u.name),
            tokens,
        },
    );
    Ok(Redirect::to(&format!("{}/links/{key}", invite_path(wave.id, &inst.code))).into_response())
}

/// The links just made, from memory: gone after two hours or a restart,
/// since Bekwaam keeps only their hashes.
async fn staged_links(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    code: &str,
    key: &str,
) -> Result<Result<StagedLinks, Response>, AppError> {
    let (wave, inst) = invite_scope(ctx, state, id, code).await?;
    match state.staged.get(key, &staged_scope(ctx, &wave, &inst)?) {
        Some(Item::Links { unit, tokens }) => Ok(Ok((wave, inst, unit, tokens))),
        _ => {
            ctx.flash(Msg::new("links-gone")).await?;
            Ok(Err(
                Redirect::to(&invite_path(wave.id, &inst.code)).into_response()
            ))
        }
    }
}

type StagedLinks = (Wave, Institution, Option<String>, Vec<String>);

async fn show_links(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, key)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let (wave, inst, unit, tokens) = match staged_links(&ctx, &state, id, &code, &key).await? {
        Ok(v) => v,
        Err(gone) => return Ok(gone),
    };
    let links = tokens
        .iter()
        .map(|t| {
            let url = survey_url(&state.settings.public_url, t);
            LinkView {
                qr: qr_svg(&url),
                url,
            }
        })
        .collect();
    Ok(LinksPage {
        p: ctx.page("links-title"),
        pdf: format!("{}/links/{key}/pdf", invite_path(wave.id, &inst.code)),
        wave,
        inst,
        unit,
        links,
    }
    .html()?
    .into_response())
}

/// The link cards as a document for the report engine: per card the wave
/// and institution it is for, the QR code, the link and the closing date
/// (pure).
pub fn link_cards(
    tr: &crate::i18n::Tr,
    wave: &Wave,
    inst: &Institution,
    unit: Option<&str>,
    urls: &[String],
) -> Document {
    let mut blocks = Vec::new();
    let mut heading = tr.msg(
        &Msg::new("links-slip-for")
            .arg("wave", &wave.name)
            .arg("institution", &inst.name),
    );
    if let Some(u) = unit {
        heading = format!("{heading} · {u}");
    }
    // One block per card (an image with its caption never breaks across
    // pages), so a card's words stay with its code.
    for url in urls {
        blocks.push(Block::Chart(Chart {
            svg: qr_card_svg(url),
            alt: url.clone(),
            caption: Some(format!(
                "{heading} · {} {url} · {}",
                tr.t("links-slip-text"),
                tr.t1("links-slip-closes", "date", wave.closes_on)
            )),
        }));
    }
    Document {
        title: tr.t1("links-pdf-title", "institution", &inst.name),
        subtitle: Some(
            tr.msg(
                &Msg::new("links-pdf-subtitle")
                    .arg("wave", &wave.name)
                    .arg("count", urls.len()),
            ),
        ),
        lang: tr.lang.code().to_string(),
        layout: Layout::Report,
        blocks,
        footer: tr.t("links-pdf-footer"),
    }
}

/// The links just made as a PDF to print, through the report engine.
async fn links_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, key)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let (wave, inst, unit, tokens) = match staged_links(&ctx, &state, id, &code, &key).await? {
        Ok(v) => v,
        Err(gone) => return Ok(gone),
    };
    let urls: Vec<String> = tokens
        .iter()
        .map(|t| survey_url(&state.settings.public_url, t))
        .collect();
    let doc = link_cards(&ctx.tr, &wave, &inst, unit.as_deref(), &urls);
    let labels = Labels::for_lang(ctx.tr.lang.code(), "");
    let stem = format!("links-{}-{}", wave.name, inst.code)
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-");
    render_download(doc, labels, "pdf".into(), String::new(), stem).await
}

/// Reads `email[,unit]` lines (header optional); returns the rows and the
/// problems by line. An address twice in the file is kept once.
pub fn parse_email_list(data: &[u8], units: &[Unit]) -> (store::EmailList, Vec<(u64, Msg)>) {
    let text = String::from_utf8_lossy(data);
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u64 + 1;
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split([',', ';']).map(str::trim);
        let email = parts.next().unwrap_or("").to_lowercase();
        let unit_name = parts.next().unwrap_or("");
        if n == 0
            && (email == "email"
                || email == "e-mail"
                || email == "emailadres"
                || email == "e-mailadres")
        {
            continue;
        }
        if !crate::mail::plausible_address(&email) {
            problems.push((line_no, Msg::new("email-list-invalid").arg("value", &email)));
            continue;
        }
        let unit = if unit_name.is_empty() {
            None
        } else {
            match units
                .iter()
                .find(|u| u.name.eq_ignore_ascii_case(unit_name))
            {
                Some(u) => Some(u.id),
                None => {
                    problems.push((line_no, Msg::new("email-list-unit").arg("unit", unit_name)));
                    continue;
                }
            }
        };
        if seen.insert(email.clone()) {
            rows.push((email, unit));
        }
    }
    (rows, problems)
}

/// The lines of a list that hold something (what the row limit counts,
/// before any address is checked).
fn list_lines(data: &[u8]) -> usize {
    data.split(|b| *b == b'\n')
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .count()
}

/// Problems shown at most (issue 13: error pages of huge lists were huge);
/// the rest are counted in one last line.
pub const MAX_SHOWN_PROBLEMS: usize = 50;

/// The first [`MAX_SHOWN_PROBLEMS`] problems in `tr`'s language, then
/// "and M more".
fn shown_problems(tr: &crate::i18n::Tr, problems: Vec<(u64, Msg)>) -> Vec<(u64, String)> {
    let more = problems.len().saturating_sub(MAX_SHOWN_PROBLEMS);
    let mut out: Vec<(u64, String)> = problems
        .into_iter()
        .take(MAX_SHOWN_PROBLEMS)
        .map(|(l, m)| (l, tr.msg(&m)))
        .collect();
    if more > 0 {
        out.push((0, tr.msg(&Msg::new("problems-more").arg("count", more))));
    }
    out
}

/// The bytes of the upload's `file` field, read in pieces and refused
/// as soon as they pass `max` (the route lifts axum's own 2 MB default so
/// this limit, and its message, are the ones that apply).
async fn read_list(mut multipart: Multipart, max: usize) -> Result<Result<Vec<u8>, Msg>, AppError> {
    // An upload that cannot be read is the user's to retry: said on the
    // form, like an empty file (issue 13), never a bare 400 page.
    let failed = || Msg::new("import-upload-failed");
    let mut data: Option<Vec<u8>> = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Ok(Err(failed())),
        };
        if field.name() != Some("file") {
            continue;
        }
        let mut buf = Vec::new();
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(_) => return Ok(Err(failed())),
            };
            if buf.len() + chunk.len() > max {
                return Ok(Err(
                    Msg::new("email-list-too-large").arg("max", format_bytes(max))
                ));
            }
            buf.extend_from_slice(&chunk);
        }
        data = Some(buf);
    }
    Ok(data
        .filter(|d| !d.iter().all(u8::is_ascii_whitespace))
        .ok_or_else(|| Msg::new("import-no-file")))
}

/// `2 MB`, `500 kB`: a limit as people read it.
pub fn format_bytes(n: usize) -> String {
    if n >= 1024 * 1024 && n.is_multiple_of(1024 * 1024) {
        format!("{} MB", n / (1024 * 1024))
    } else if n >= 1024 {
        format!("{} kB", n.div_ceil(1024))
    } else {
        format!("{n} B")
    }
}

async fn send_invitations(
    state: &AppState,
    ctx: &Ctx,
    wave: &Wave,
    inst: &Institution,
    list: &[(String, String)],
    reminder: bool,
) -> Result<usize, AppError> {
    let subject_key = if reminder {
        "mail-reminder-subject"
    } else {
        "mail-invite-subject"
    };
    let body_key = if reminder {
        "mail-reminder-body"
    } else {
        "mail-invite-body"
    };
    let mut sent = 0;
    for (email, token) in list {
        let link = survey_url(&state.settings.public_url, token);
        let body = ctx.tr.msg(
            &Msg::new(body_key)
                .arg("institution", &inst.name)
                .arg("link", &link)
                .arg("closes", wave.closes_on),
        );
        let subject = ctx.tr.t(subject_key);
        match state
            .mailer
            .send(
                &state.db,
                Some(wave.id),
                email,
                &subject,
                &body,
                Some(&link),
            )
            .await
        {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(error = %e, "sending an invitation failed"),
        }
    }
    Ok(sent)
}

/// Step 1 of e-mail invitations: the list is checked (size, rows, every
/// line) and, when good, kept until confirmed; nothing is written or sent.
async fn email_invitations(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    if !wave.state.accepts_invitations() {
        return Err(AppError::Conflict(Msg::new("invite-needs-open")));
    }
    let limits = state.settings.invitations;
    let refuse = |m: Msg| vec![(0, ctx.tr.msg(&m))];
    let data = match read_list(multipart, limits.max_list_bytes).await? {
        Ok(d) => d,
        Err(m) => return invite_refused(&ctx, &state, id, &code, refuse(m)).await,
    };
    let lines = list_lines(&data);
    // A header line does not count against the limit.
    if lines > limits.max_list_rows + 1 {
        let m = Msg::new("email-list-too-many")
            .arg("count", lines)
            .arg("max", limits.max_list_rows);
        return invite_refused(&ctx, &state, id, &code, refuse(m)).await;
    }
    let units = store::units(&state.db, &inst.code).await?;
    let (rows, problems) = parse_email_list(&data, &units);
    if !problems.is_empty() || rows.is_empty() {
        let problems = if problems.is_empty() {
            refuse(Msg::new("email-list-empty"))
        } else {
            shown_problems(&ctx.tr, problems)
        };
        return invite_refused(&ctx, &state, id, &code, problems).await;
    }
    if rows.len() > limits.max_list_rows {
        let m = Msg::new("email-list-too-many")
            .arg("count", rows.len())
            .arg("max", limits.max_list_rows);
        return invite_refused(&ctx, &state, id, &code, refuse(m)).await;
    }
    let key = state
        .staged
        .put(staged_scope(&ctx, &wave, &inst)?, Item::Emails(rows));
    Ok(Redirect::to(&format!(
        "{}/emails/{key}",
        invite_path(wave.id, &inst.code)
    ))
    .into_response())
}

/// Step 2: how many will get an invitation, and the button that sends.
async fn emails_confirm(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, key)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    let back = invite_path(wave.id, &inst.code);
    let Some(Item::Emails(rows)) = state.staged.get(&key, &staged_scope(&ctx, &wave, &inst)?)
    else {
        ctx.flash(Msg::new("invite-batch-gone")).await?;
        return Ok(Redirect::to(&back).into_response());
    };
    let invited = store::invited_emails(&state.db, wave.id, &inst.code).await?;
    let new = rows.iter().filter(|(e, _)| !invited.contains(e)).count();
    let mut lines = vec![
        ctx.tr.msg(
            &Msg::new("emails-confirm")
                .arg("count", new)
                .arg("wave", &wave.name)
                .arg("institution", &inst.name),
        ),
    ];
    if new < rows.len() {
        lines.push(
            ctx.tr
                .t1("emails-confirm-skipped", "count", rows.len() - new),
        );
    }
    Ok(ConfirmPage {
        p: ctx.page("emails-confirm-title"),
        back_label: ctx.tr.t1("invite-title", "name", &inst.name),
        lines,
        action: (new > 0).then(|| format!("{back}/emails/{key}")),
        fields: vec![],
        submit: ctx.tr.t1("emails-confirm-submit", "count", new),
        back,
    }
    .html()?
    .into_response())
}

/// Step 3: writes the invitations (in short batches) and sends them, then
/// back to the invitation page with the result (a reload sends nothing).
async fn emails_send(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code, key)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    let back = invite_path(wave.id, &inst.code);
    let Some(Item::Emails(rows)) = state.staged.take(&key, &staged_scope(&ctx, &wave, &inst)?)
    else {
        ctx.flash(Msg::new("invite-batch-gone")).await?;
        return Ok(Redirect::to(&back).into_response());
    };
    let user = ctx.user()?;
    let list =
        match store::create_email_invitations(&state.db, &user.actor(), wave.id, &inst.code, &rows)
            .await
        {
            Ok(list) => list,
            Err(StoreError::WrongState { .. }) => {
                return Err(AppError::Conflict(Msg::new("invite-needs-open")));
            }
            Err(e) => return Err(e.into()),
        };
    let sent = send_invitations(&state, &ctx, &wave, &inst, &list, false).await?;
    ctx.flash(
        Msg::new("invite-sent")
            .arg("sent", sent)
            .arg("skipped", rows.len() - list.len()),
    )
    .await?;
    Ok(Redirect::to(&back).into_response())
}

/// Step 1 of a reminder round: how many get one, how many are skipped
/// because they had one within the interval, and until when.
async fn remind_confirm(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    if !wave.state.accepts_invitations() {
        return Err(AppError::Conflict(Msg::new("invite-needs-open")));
    }
    let limits = state.settings.invitations;
    let counts = store::reminder_counts(
        &state.db,
        wave.id,
        &inst.code,
        limits.remind_cutoff(store::today()),
    )
    .await?;
    let back = invite_path(wave.id, &inst.code);
    let mut lines = vec![ctx.tr.t1("remind-confirm", "count", counts.due)];
    if let Some(last) = counts.last_reminded {
        lines.push(skipped_line(&ctx, limits, counts.waiting, last));
    }
    Ok(ConfirmPage {
        p: ctx.page("remind-confirm-title"),
        back_label: ctx.tr.t1("invite-title", "name", &inst.name),
        lines,
        action: (counts.due > 0).then(|| format!("{back}/remind")),
        fields: vec![],
        submit: ctx.tr.t1("remind-confirm-submit", "count", counts.due),
        back,
    }
    .html()?
    .into_response())
}

/// "M skipped: reminded less than N days ago; again from D."
fn skipped_line(
    ctx: &Ctx,
    limits: super::InvitationLimits,
    waiting: i64,
    last: time::Date,
) -> String {
    ctx.tr.msg(
        &Msg::new("remind-skipped")
            .arg("count", waiting)
            .arg("days", limits.reminder_interval_days)
            .arg("date", limits.reminder_again_on(last)),
    )
}

/// Step 2: sends the reminders that are due (the store refuses the rest
/// inside its transaction) and redirects (a reload sends nothing).
async fn remind(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    if !wave.state.accepts_invitations() {
        return Err(AppError::Conflict(Msg::new("invite-needs-open")));
    }
    let user = ctx.user()?;
    let limits = state.settings.invitations;
    let r = match store::remind(
        &state.db,
        &user.actor(),
        wave.id,
        &inst.code,
        limits.remind_cutoff(store::today()),
    )
    .await
    {
        Ok(r) => r,
        Err(StoreError::WrongState { .. }) => {
            return Err(AppError::Conflict(Msg::new("invite-needs-open")));
        }
        Err(e) => return Err(e.into()),
    };
    let sent = send_invitations(&state, &ctx, &wave, &inst, &r.sent, true).await?;
    let msg = match r.last_reminded {
        Some(last) => Msg::new("remind-sent-skipped")
            .arg("sent", sent)
            .arg("count", r.waiting)
            .arg("days", limits.reminder_interval_days)
            .arg("date", limits.reminder_again_on(last)),
        None => Msg::new("remind-sent").arg("sent", sent),
    };
    ctx.flash(msg).await?;
    Ok(Redirect::to(&invite_path(wave.id, &inst.code)).into_response())
}

// --- organisational units ------------------------------------------------------

#[derive(Template)]
#[template(path = "monitor/units.html")]
struct UnitsPage {
    p: Page,
    inst: Institution,
    units: Vec<Unit>,
    error: Option<String>,
}

async fn units_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let code = code_of(&code)?;
    ctx.user()?
        .require_institution(Action::ManageUnits, &code)?;
    let inst = institutions::store::get(&state.db, &code).await?;
    UnitsPage {
        p: ctx.page_titled(ctx.tr.t1("units-title", "name", &inst.name)),
        units: store::units(&state.db, &code).await?,
        inst,
        error: None,
    }
    .html()
}

#[derive(Deserialize)]
struct UnitForm {
    #[serde(default)]
    name: String,
}

async fn add_unit(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Form(form): Form<UnitForm>,
) -> Result<Response, AppError> {
    let code = code_of(&code)?;
    let user = ctx
        .user()?
        .require_institution(Action::ManageUnits, &code)?;
    let inst = institutions::store::get(&state.db, &code).await?;
    let name = form.name.trim();
    let error = if name.is_empty() || name.chars().count() > 100 {
        Some(ctx.tr.t("unit-name-invalid"))
    } else {
        match store::add_unit(&state.db, &user.actor(), &code, name).await {
            Ok(_) => None,
            Err(StoreError::Duplicate { .. }) => Some(ctx.tr.t("unit-name-taken")),
            Err(e) => return Err(e.into()),
        }
    };
    if error.is_none() {
        ctx.flash(Msg::new("unit-added").arg("name", name)).await?;
        return Ok(Redirect::to(&format!("/institutions/{code}/units")).into_response());
    }
    let page = UnitsPage {
        p: ctx.page_titled(ctx.tr.t1("units-title", "name", &inst.name)),
        units: store::units(&state.db, &code).await?,
        inst,
        error,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

// --- outbox ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "monitor/outbox.html")]
struct OutboxPage {
    p: Page,
    messages: Vec<mail::OutboxMessage>,
    pager: Pager,
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<i64>,
}

async fn outbox(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ViewOutbox)?;
    let mut pager = Pager::new(q.page, String::new());
    let (messages, total) = mail::outbox(&state.db, pager.per_page, pager.offset()).await?;
    pager.total = total;
    OutboxPage {
        p: ctx.page("outbox-title"),
        messages,
        pager,
    }
    .html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_list_names_each_bad_line() {
        let units = vec![Unit {
            id: 7,
            name: "Techniek".into(),
        }];
        let (rows, problems) = parse_email_list(
            b"email,team\na@roc.nl,Techniek\nniet-een-adres\n\nb@roc.nl;Zorg\nC@ROC.NL\n",
            &units,
        );
        assert_eq!(
            rows,
            vec![
                ("a@roc.nl".to_string(), Some(7)),
                ("c@roc.nl".to_string(), None)
            ]
        );
        let lines: Vec<u64> = problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 5]);
    }

    #[test]
    fn a_qr_code_is_an_svg() {
        assert!(qr_svg("http://127.0.0.1:8080/s/0123").contains("<svg"));
        let card = qr_card_svg("http://127.0.0.1:8080/s/0123");
        assert!(card.starts_with("<svg") && card.contains("<rect x="));
    }
}

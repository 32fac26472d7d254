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

use super::store::{self, Fieldwork, Unit};
use super::{Wave, WaveState};
use crate::auth::{Action, CurrentUser};
use crate::i18n::Msg;
use crate::institutions::{self, Institution, InstitutionCode};
use crate::mail;
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
            "/waves/{id}/institutions/{code}/emails",
            post(email_invitations),
        )
        .route("/waves/{id}/institutions/{code}/remind", post(remind))
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
    let fieldwork: Vec<Fieldwork> = store::fieldwork(&state.db, id)
        .await?
        .into_iter()
        .filter(|f| {
            f.institution.parse::<InstitutionCode>().is_ok_and(|code| {
                user.can(Action::ViewWaves) || user.can_for(Action::Invite, &code)
            })
        })
        .collect();
    let min = state.settings.min_group;
    let below = ctx.tr.t1("fieldwork-below", "min", min.get());
    let shown = |n: Option<i64>| n.map_or_else(|| below.clone(), |n| n.to_string());
    let released = store::release_fieldwork(&fieldwork, min.get());
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
    result: Option<String>,
    problems: Vec<(u64, String)>,
}

async fn invite_page_with(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    code: &str,
    result: Option<String>,
    problems: Vec<(u64, String)>,
) -> Result<InvitePage, AppError> {
    let (wave, inst) = invite_scope(ctx, state, id, code).await?;
    Ok(InvitePage {
        p: ctx.page_titled(ctx.tr.t1("invite-title", "name", &inst.name)),
        units: store::units(&state.db, &inst.code).await?,
        open: wave.state == WaveState::Open,
        outbox: state.mailer.is_outbox(),
        wave,
        inst,
        result,
        problems,
    })
}

async fn invite_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Html<String>, AppError> {
    invite_page_with(&ctx, &state, id, &code, None, vec![])
        .await?
        .html()
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
    links: Vec<LinkView>,
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

async fn create_links(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Form(form): Form<LinksForm>,
) -> Result<Response, AppError> {
    let (wave, inst) = invite_scope(&ctx, &state, id, &code).await?;
    if !wave.state.accepts_links() {
        return Err(AppError::Conflict(Msg::new("survey-closed")));
    }
    let count = match form.count.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_LINKS).contains(&n) => n,
        _ => {
            let msg = ctx
                .tr
                .msg(&Msg::new("links-count-invalid").arg("max", MAX_LINKS));
            let page = invite_page_with(&ctx, &state, id, &code, None, vec![(0, msg)]).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response());
        }
    };
    let units = store::units(&state.db, &inst.code).await?;
    let unit = unit_param(&form.unit, &units)?;
    let user = ctx.user()?;
    let tokens =
        store::create_links(&state.db, &user.actor(), wave.id, &inst.code, unit, count).await?;
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
        wave,
        inst,
        links,
    }
    .html()?
    .into_response())
}

/// Reads `email[,unit]` lines (header optional); returns the rows and the
/// problems by line.
pub fn parse_email_list(data: &[u8], units: &[Unit]) -> (store::EmailList, Vec<(u64, Msg)>) {
    let text = String::from_utf8_lossy(data);
    let mut rows = Vec::new();
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
        rows.push((email, unit));
    }
    (rows, problems)
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
    let units = store::units(&state.db, &inst.code).await?;
    let (rows, problems) = match crate::web::page::uploaded_file(multipart).await {
        Ok(data) => parse_email_list(&data, &units),
        Err(msg) => (Vec::new(), vec![(0, msg)]),
    };
    let problems: Vec<(u64, String)> = problems
        .into_iter()
        .map(|(l, m)| (l, ctx.tr.msg(&m)))
        .collect();
    if !problems.is_empty() || rows.is_empty() {
        let problems = if problems.is_empty() {
            vec![(0, ctx.tr.t("email-list-empty"))]
        } else {
            problems
        };
        let page = invite_page_with(&ctx, &state, id, &code, None, problems).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response());
    }
    let user = ctx.user()?;
    let list =
        store::create_email_invitations(&state.db, &user.actor(), wave.id, &inst.code, &rows)
            .await?;
    let sent = send_invitations(&state, &ctx, &wave, &inst, &list, false).await?;
    let result = ctx.tr.msg(
        &Msg::new("invite-sent")
            .arg("sent", sent)
            .arg("skipped", rows.len() - list.len()),
    );
    Ok(
        invite_page_with(&ctx, &state, id, &code, Some(result), vec![])
            .await?
            .html()?
            .into_response(),
    )
}

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
    let list = store::remind(&state.db, &user.actor(), wave.id, &inst.code).await?;
    let sent = send_invitations(&state, &ctx, &wave, &inst, &list, true).await?;
    let result = ctx.tr.msg(&Msg::new("remind-sent").arg("sent", sent));
    Ok(
        invite_page_with(&ctx, &state, id, &code, Some(result), vec![])
            .await?
            .html()?
            .into_response(),
    )
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
    }
}

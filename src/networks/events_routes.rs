//! Pages of the knowledge-sharing events (issue 16, item 4). Public (no
//! login, in the `public` router, forms with the spam guard): the list,
//! an event's announcement with the registration form, its `.ics`, and the
//! personal cancellation link (a GET shows what it will do; only the POST
//! cancels, so a mail scanner that opens links cancels nothing). The
//! programme manager's pages (signed in, CSRF-guarded): events, the form,
//! deleting after confirmation, the attendee list and its CSV.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use time::OffsetDateTime;

use super::events::{Event, EventInput, RegistrationInput, Status, token_hash};
use super::events_store::{self as store, MovedUp, StoredEvent};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::mail::Attachment;
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render};

/// The form name the spam guard signs stamps for.
pub const REGISTER_FORM: &str = "event-registration";

/// The public pages (merged into the `public` router: no CSRF).
pub fn public() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(detail))
        .route("/events/{id}/register", post(register))
        .route("/events/{id}/event.ics", get(ics_file))
        .route("/events/cancel/{token}", get(confirm_cancel).post(cancel))
}

/// The programme manager's pages (signed in, CSRF-guarded).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events/manage", get(manage).post(create))
        .route("/events/manage/new", get(new_event))
        .route("/events/manage/{id}", get(edit).post(update))
        .route(
            "/events/manage/{id}/delete",
            get(confirm_delete).post(delete),
        )
        .route("/events/manage/{id}/attendees", get(attendees))
        .route("/events/manage/{id}/attendees.csv", get(attendees_csv))
}

fn base(state: &AppState) -> &str {
    state.settings.public_url.trim_end_matches('/')
}

fn field_errors(tr: &Tr, errors: Vec<(&'static str, Msg)>) -> FieldErrors {
    errors.into_iter().map(|(f, m)| (f, tr.msg(&m))).collect()
}

fn hhmm(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[hour]:[minute]");
    crate::audit::local(t).format(&fmt).unwrap_or_default()
}

/// "2026-03-12, 13:30–17:00" in the reader's words.
fn when(tr: &Tr, e: &Event) -> String {
    tr.msg(
        &Msg::new("event-when")
            .arg("date", e.day())
            .arg("starts", hhmm(e.starts_at))
            .arg("ends", hhmm(e.ends_at)),
    )
}

/// The place, the online link, or both.
fn place(tr: &Tr, e: &Event) -> String {
    match (e.place.is_empty(), e.online_url.is_empty()) {
        (false, true) => e.place.clone(),
        (true, false) => tr.t("event-online"),
        _ => tr.t1("event-place-and-online", "place", &e.place),
    }
}

/// An event as a list row or an announcement.
struct View {
    id: i64,
    title: String,
    when: String,
    place: String,
    online_url: String,
    programme: String,
    capacity: i64,
    registered: i64,
    waiting: i64,
    places_left: i64,
    cancelled: bool,
    past: bool,
    open: bool,
}

fn view(tr: &Tr, s: &StoredEvent, now: OffsetDateTime) -> View {
    let e = &s.event;
    View {
        id: s.id,
        title: e.title.clone(),
        when: when(tr, e),
        place: place(tr, e),
        online_url: e.online_url.clone(),
        programme: e.programme.clone(),
        capacity: e.capacity,
        registered: s.registered,
        waiting: s.waiting,
        places_left: s.places_left(),
        cancelled: e.cancelled,
        past: e.is_past(now),
        open: e.accepts_registrations(now),
    }
}

// --- the public list and announcement ------------------------------------------------

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    p: Page,
    upcoming: Vec<View>,
    past: Vec<View>,
    can_manage: bool,
}

fn can_manage(ctx: &Ctx) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| !u.must_change_password && u.can(Action::ManageEvents))
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let now = crate::store::now();
    let all = store::events(&state.db).await?;
    let (mut past, upcoming): (Vec<_>, Vec<_>) = all
        .iter()
        .map(|s| view(&ctx.tr, s, now))
        .partition(|v| v.past);
    past.reverse();
    ListPage {
        p: ctx.page("events-title"),
        upcoming,
        past,
        can_manage: can_manage(&ctx),
    }
    .html()
}

#[derive(Template)]
#[template(path = "events/detail.html")]
struct DetailPage {
    p: Page,
    e: View,
    form: RegistrationInput,
    errors: FieldErrors,
    refusal: Option<String>,
    stamp: String,
    /// The status just given by a registration.
    done: Option<String>,
    can_manage: bool,
    retention_days: u32,
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    registered: Option<String>,
}

async fn detail_view(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    form: RegistrationInput,
    errors: FieldErrors,
    refusal: Option<String>,
    done: Option<String>,
) -> Result<DetailPage, AppError> {
    let s = store::event(&state.db, id).await?;
    let e = view(&ctx.tr, &s, crate::store::now());
    Ok(DetailPage {
        p: ctx.page_titled(s.event.title.clone()),
        e,
        form,
        errors,
        refusal,
        stamp: crate::web::public::stamp(state, REGISTER_FORM),
        done,
        can_manage: can_manage(ctx),
        retention_days: state.settings.event_retention_days,
    })
}

async fn detail(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Html<String>, AppError> {
    let done = q
        .registered
        .as_deref()
        .and_then(Status::parse)
        .filter(|s| s.cancellable())
        .map(|s| ctx.tr.t(&format!("event-done-{}", s.as_str())));
    detail_view(
        &ctx,
        &state,
        id,
        RegistrationInput::default(),
        FieldErrors::default(),
        None,
        done,
    )
    .await?
    .html()
}

async fn register(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<RegistrationInput>,
) -> Result<Response, AppError> {
    let refused = |errors: FieldErrors, refusal: Option<String>, form: RegistrationInput| async {
        let page = detail_view(&ctx, &state, id, form, errors, refusal, None).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    if let Err(m) = crate::web::public::check(&state, REGISTER_FORM, &form.stamp, &form.website) {
        let refusal = ctx.tr.msg(&m);
        return refused(FieldErrors::default(), Some(refusal), form.clone()).await;
    }
    let registration = match form.validate() {
        Ok(r) => r,
        Err(e) => return refused(field_errors(&ctx.tr, e), None, form.clone()).await,
    };
    let token = crate::token::random_token(16);
    let now = crate::store::now();
    let status = match store::register(&state.db, id, &registration, &token_hash(&token), now).await
    {
        Ok((_, status)) => status,
        Err(StoreError::Duplicate { .. }) => {
            let errors = field_errors(&ctx.tr, vec![("email", Msg::new("event-email-taken"))]);
            return refused(errors, None, form.clone()).await;
        }
        Err(StoreError::WrongState { .. }) => {
            let refusal = ctx.tr.t("event-closed");
            return refused(FieldErrors::default(), Some(refusal), form.clone()).await;
        }
        Err(e) => return Err(e.into()),
    };
    let s = store::event(&state.db, id).await?;
    let link = cancel_url(&state, &token);
    let (subject, body) = match status {
        Status::Waiting => ("event-mail-waiting-subject", "event-mail-waiting-body"),
        _ => (
            "event-mail-registered-subject",
            "event-mail-registered-body",
        ),
    };
    send(
        &state,
        &ctx.tr,
        &s,
        &registration.name,
        &registration.email,
        (subject, body),
        Some(&link),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/events/{id}?registered={}#registration",
        status.as_str()
    ))
    .into_response())
}

fn cancel_url(state: &AppState, token: &str) -> String {
    format!("{}/events/cancel/{token}", base(state))
}

/// The event's calendar file.
fn ics(tr: &Tr, state: &AppState, s: &StoredEvent) -> Attachment {
    let e = &s.event;
    let description = if e.online_url.is_empty() {
        e.programme.clone()
    } else {
        format!("{}\n\n{}", e.programme, e.online_url)
    };
    let text = super::events::ics(
        &super::events::IcsEntry {
            uid: format!("knowledge-event-{}@bekwaam", s.id),
            title: &e.title,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            location: &place(tr, e),
            description: &description,
            url: &format!("{}/events/{}", base(state), s.id),
            cancelled: e.cancelled,
        },
        crate::store::now(),
    );
    Attachment {
        name: "evenement.ics".into(),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        bytes: text.into_bytes(),
    }
}

/// Sends one of the event's e-mails with its `.ics`; a failure is logged
/// (the registration stands, the page says what happened).
async fn send(
    state: &AppState,
    tr: &Tr,
    s: &StoredEvent,
    name: &str,
    email: &str,
    (subject, body): (&str, &str),
    link: Option<&str>,
) {
    let e = &s.event;
    let subject = tr.t1(subject, "title", &e.title);
    let body = tr.msg(
        &Msg::new(body.to_string())
            .arg("name", name)
            .arg("title", &e.title)
            .arg("when", when(tr, e))
            .arg("place", place(tr, e))
            .arg("url", format!("{}/events/{}", base(state), s.id))
            .arg("link", link.unwrap_or_default()),
    );
    let file = ics(tr, state, s);
    if let Err(err) = state
        .mailer
        .send_with(&state.db, None, email, &subject, &body, link, Some(&file))
        .await
    {
        tracing::warn!(error = %err, event = s.id, "sending an event e-mail failed");
    }
}

/// Tells everyone who moved up from the waiting list.
async fn tell_moved_up(
    state: &AppState,
    tr: &Tr,
    event: i64,
    moved: &[MovedUp],
) -> Result<(), AppError> {
    if moved.is_empty() {
        return Ok(());
    }
    let s = store::event(&state.db, event).await?;
    for m in moved {
        send(
            state,
            tr,
            &s,
            &m.name,
            &m.email,
            ("event-mail-moved-up-subject", "event-mail-moved-up-body"),
            None,
        )
        .await;
    }
    Ok(())
}

async fn ics_file(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = store::event(&state.db, id).await?;
    let file = ics(&ctx.tr, &state, &s);
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"evenement-{id}.ics\""),
            ),
        ],
        file.bytes,
    )
        .into_response())
}

// --- the personal cancellation link --------------------------------------------------

#[derive(Template)]
#[template(path = "events/cancel.html")]
struct CancelPage {
    p: Page,
    /// The registration the link holds, while it can still be cancelled.
    held: Option<(String, String, String)>,
    token: String,
    /// Cancelled just now: the event's title.
    cancelled: Option<String>,
    event: Option<i64>,
}

/// Only hex tokens of the right length reach the database.
fn plausible_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|c| c.is_ascii_hexdigit())
}

fn unknown_link(ctx: &Ctx) -> Result<Response, AppError> {
    let page = CancelPage {
        p: ctx.page("event-cancel-unknown-title"),
        held: None,
        token: String::new(),
        cancelled: None,
        event: None,
    };
    Ok((StatusCode::NOT_FOUND, page.html()?).into_response())
}

async fn confirm_cancel(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !plausible_token(&token) {
        return unknown_link(&ctx);
    }
    let held = match store::by_token(&state.db, &token_hash(&token)).await {
        Ok(h) => h,
        Err(StoreError::NotFound) => return unknown_link(&ctx),
        Err(e) => return Err(e.into()),
    };
    let s = store::event(&state.db, held.event).await?;
    CancelPage {
        p: ctx.page("event-cancel-title"),
        held: Some((
            held.name,
            s.event.title.clone(),
            ctx.tr.t(&held.status.key()),
        )),
        token,
        cancelled: None,
        event: Some(s.id),
    }
    .html()
    .map(IntoResponse::into_response)
}

async fn cancel(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !plausible_token(&token) {
        return unknown_link(&ctx);
    }
    let done = match store::cancel(&state.db, &token_hash(&token), crate::store::now()).await {
        Ok(d) => d,
        Err(StoreError::NotFound) => return unknown_link(&ctx),
        Err(e) => return Err(e.into()),
    };
    tell_moved_up(&state, &ctx.tr, done.event, &done.moved_up).await?;
    let s = store::event(&state.db, done.event).await?;
    CancelPage {
        p: ctx.page("event-cancelled-title"),
        held: None,
        token: String::new(),
        cancelled: Some(s.event.title.clone()),
        event: Some(s.id),
    }
    .html()
    .map(IntoResponse::into_response)
}

// --- the programme manager's pages ------------------------------------------------

#[derive(Template)]
#[template(path = "events/manage.html")]
struct ManagePage {
    p: Page,
    rows: Vec<View>,
}

async fn manage(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageEvents)?;
    let now = crate::store::now();
    let mut rows: Vec<View> = store::events(&state.db)
        .await?
        .iter()
        .map(|s| view(&ctx.tr, s, now))
        .collect();
    rows.reverse();
    ManagePage {
        p: ctx.page("events-manage-title"),
        rows,
    }
    .html()
}

#[derive(Template)]
#[template(path = "events/form.html")]
struct FormPage {
    p: Page,
    id: Option<i64>,
    form: EventInput,
    errors: FieldErrors,
}

async fn new_event(ctx: Ctx) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageEvents)?;
    FormPage {
        p: ctx.page("events-new-title"),
        id: None,
        form: EventInput::default(),
        errors: FieldErrors::default(),
    }
    .html()
}

fn invalid(
    ctx: &Ctx,
    id: Option<i64>,
    title: &str,
    form: EventInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let page = FormPage {
        p: ctx.page(title),
        id,
        form,
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<EventInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageEvents)?;
    match form.validate() {
        Ok(e) => {
            let id = store::create_event(&state.db, &user.actor(), &e, crate::store::now()).await?;
            ctx.flash(Msg::new("event-saved")).await?;
            Ok(Redirect::to(&format!("/events/manage/{id}")).into_response())
        }
        Err(e) => invalid(
            &ctx,
            None,
            "events-new-title",
            form,
            field_errors(&ctx.tr, e),
        ),
    }
}

async fn edit(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageEvents)?;
    let s = store::event(&state.db, id).await?;
    let mut p = ctx.page("events-edit-title");
    p.title = s.event.title.clone();
    FormPage {
        p,
        id: Some(id),
        form: EventInput::of(&s.event),
        errors: FieldErrors::default(),
    }
    .html()
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<EventInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageEvents)?;
    store::event(&state.db, id).await?;
    let e = match form.validate() {
        Ok(e) => e,
        Err(e) => {
            return invalid(
                &ctx,
                Some(id),
                "events-edit-title",
                form,
                field_errors(&ctx.tr, e),
            );
        }
    };
    match store::update_event(&state.db, &user.actor(), id, &e, crate::store::now()).await {
        Ok(moved) => {
            tell_moved_up(&state, &ctx.tr, id, &moved).await?;
            ctx.flash(Msg::new("event-saved")).await?;
            Ok(Redirect::to(&format!("/events/manage/{id}")).into_response())
        }
        Err(StoreError::WrongState { .. }) => {
            let registered = store::event(&state.db, id).await?.registered;
            let errors = field_errors(
                &ctx.tr,
                vec![(
                    "capacity",
                    Msg::new("event-capacity-below-registered").arg("registered", registered),
                )],
            );
            invalid(&ctx, Some(id), "events-edit-title", form, errors)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "events/delete.html")]
struct DeletePage {
    p: Page,
    id: i64,
    question: String,
}

async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageEvents)?;
    let s = store::event(&state.db, id).await?;
    DeletePage {
        p: ctx.page("event-delete-title"),
        id,
        question: ctx.tr.msg(
            &Msg::new("event-delete-confirm")
                .arg("title", &s.event.title)
                .arg("registrations", s.registered + s.waiting),
        ),
    }
    .html()
}

async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageEvents)?;
    let s = store::event(&state.db, id).await?;
    store::delete_event(&state.db, &user.actor(), id).await?;
    ctx.flash(Msg::new("event-deleted").arg("title", &s.event.title))
        .await?;
    Ok(Redirect::to("/events/manage").into_response())
}

struct AttendeeRow {
    name: String,
    email: String,
    institution: String,
    status: String,
    registered_on: String,
}

#[derive(Template)]
#[template(path = "events/attendees.html")]
struct AttendeesPage {
    p: Page,
    e: View,
    rows: Vec<AttendeeRow>,
}

async fn attendee_rows(state: &AppState, tr: &Tr, id: i64) -> Result<Vec<AttendeeRow>, AppError> {
    Ok(store::attendees(&state.db, id)
        .await?
        .into_iter()
        .map(|a| AttendeeRow {
            name: a.name,
            email: a.email,
            institution: a.institution,
            status: tr.t(&a.status.key()),
            registered_on: crate::audit::local(a.registered_at).date().to_string(),
        })
        .collect())
}

async fn attendees(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageEvents)?;
    let s = store::event(&state.db, id).await?;
    let rows = attendee_rows(&state, &ctx.tr, id).await?;
    AttendeesPage {
        p: ctx.page_titled(ctx.tr.t1("event-attendees-title", "title", &s.event.title)),
        e: view(&ctx.tr, &s, crate::store::now()),
        rows,
    }
    .html()
}

/// Text a spreadsheet would run as a formula gets a leading `'`.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

async fn attendees_csv(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageEvents)?;
    let tr = ctx.tr;
    store::event(&state.db, id).await?;
    let rows = attendee_rows(&state, &tr, id).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "event-col-name",
        "event-col-email",
        "event-col-institution",
        "event-col-status",
        "event-col-registered",
    ]
    .map(|k| tr.t(k));
    w.write_record(&header)
        .map_err(|e| AppError::Internal(e.into()))?;
    for r in &rows {
        w.write_record([
            cell(&r.name),
            cell(&r.email),
            cell(&r.institution),
            r.status.clone(),
            r.registered_on.clone(),
        ])
        .map_err(|e| AppError::Internal(e.into()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"deelnemers-evenement-{id}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

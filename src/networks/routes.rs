//! Pages of the networks (issue 15, items 4-5): the list with counts and
//! this school year's frequency status, one network with its members, live
//! checks, year/month grid and meetings, the meeting form with attendance,
//! the confirmation before a meeting is deleted, and the attendance and
//! the year's meetings as XLSX/CSV. The programme manager manages; every
//! other role reads.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::store::{self, StoredMeeting, StoredMember, StoredNetwork};
use super::{
    Attendance, Cell, GridMonth, MeetingInput, MemberInput, NetworkInput, Per, SchoolYear,
    circle_check, month_grid, year_status,
};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::reports::document::{Block, Column, ColumnKind, Document, Layout, Table};
use crate::reports::routes::render_download;
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Pager, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(super::events_routes::routes())
        .route("/networks", get(list).post(create_network))
        .route("/networks/{id}", get(detail))
        .route("/networks/{id}/members", post(add_member))
        .route("/networks/{id}/members/{member}/end", post(end_member))
        .route("/networks/{id}/meetings", post(create_meeting))
        .route("/networks/{id}/meetings/new", get(new_meeting))
        .route(
            "/networks/{id}/meetings/{meeting}",
            get(edit_meeting).post(update_meeting),
        )
        .route(
            "/networks/{id}/meetings/{meeting}/delete",
            get(confirm_delete).post(delete_meeting),
        )
        .route(
            "/networks/{id}/meetings/{meeting}/export",
            get(export_meeting),
        )
        .route("/networks/{id}/export", get(export_year))
        .merge(super::calendar_routes::routes())
}

fn today() -> time::Date {
    crate::monitor::store::today()
}

fn field_errors(tr: &Tr, errors: Vec<(&'static str, Msg)>) -> FieldErrors {
    errors.into_iter().map(|(f, m)| (f, tr.msg(&m))).collect()
}

/// This school year's frequency status in words, or `None` without a
/// target.
fn status_text(tr: &Tr, n: &StoredNetwork, days: &[time::Date]) -> Option<String> {
    let freq = n.kind.frequency()?;
    let year = SchoolYear::of(today());
    let grid = month_grid(year, n.started_on, days, Some(freq), today());
    let s = year_status(&grid, freq);
    let key = match (freq.per, s.met) {
        (Per::SchoolYear, true) => "network-status-year-met",
        (Per::SchoolYear, false) => "network-status-year-short",
        (Per::Month, true) => "network-status-months-met",
        (Per::Month, false) => "network-status-months-missed",
    };
    Some(
        tr.msg(
            &Msg::new(key)
                .arg("meetings", s.meetings)
                .arg("target", freq.target)
                .arg("missed", s.months_missed)
                .arg("year", year.label()),
        ),
    )
}

struct ListRow {
    id: i64,
    name: String,
    kind: String,
    members: i64,
    meetings: i64,
    status: String,
}

#[derive(Template)]
#[template(path = "networks/list.html")]
struct ListPage {
    p: Page,
    rows: Vec<ListRow>,
    can_manage: bool,
    form: NetworkInput,
    errors: FieldErrors,
    kinds: Vec<(&'static str, String)>,
}

async fn list_page(
    ctx: &Ctx,
    state: &AppState,
    form: NetworkInput,
    errors: FieldErrors,
) -> Result<ListPage, AppError> {
    let user = ctx.require(Action::ViewNetworks)?;
    let tr = ctx.tr;
    let mut rows = Vec::new();
    // Workshops have their own list (/workshops); their members and
    // meetings are still on their network page.
    for n in store::networks(&state.db)
        .await?
        .into_iter()
        .filter(|n| n.kind != super::Kind::Workshop)
    {
        let days: Vec<_> = store::meetings(&state.db, n.id)
            .await?
            .iter()
            .map(|m| m.held_on)
            .collect();
        rows.push(ListRow {
            status: status_text(&tr, &n, &days).unwrap_or_else(|| tr.t("network-status-none")),
            id: n.id,
            kind: tr.t(&n.kind.key()),
            name: n.name,
            members: n.members,
            meetings: n.meetings,
        });
    }
    Ok(ListPage {
        p: ctx.page("networks-title"),
        rows,
        can_manage: user.can(Action::ManageNetworks),
        form,
        errors,
        kinds: super::Kind::NETWORKS
            .iter()
            .map(|k| (k.as_str(), tr.t(&k.key())))
            .collect(),
    })
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    list_page(
        &ctx,
        &state,
        NetworkInput::default(),
        FieldErrors::default(),
    )
    .await?
    .html()
}

async fn create_network(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<NetworkInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageNetworks)?;
    let refused = |errors: FieldErrors, form: NetworkInput| async {
        let page = list_page(&ctx, &state, form, errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let n = match form.validate(today()) {
        Ok(n) => n,
        Err(e) => return refused(field_errors(&ctx.tr, e), form.clone()).await,
    };
    let at = crate::store::now();
    match store::create_network(&state.db, &user.actor(), &n, at).await {
        Ok(id) => {
            ctx.flash(Msg::new("network-saved")).await?;
            Ok(Redirect::to(&format!("/networks/{id}")).into_response())
        }
        Err(StoreError::Duplicate { .. }) => {
            let errors = field_errors(&ctx.tr, vec![("name", Msg::new("network-name-taken"))]);
            refused(errors, form.clone()).await
        }
        Err(e) => Err(e.into()),
    }
}

struct MemberView {
    id: i64,
    name: String,
    organisation: String,
    role: String,
    joined_on: String,
    left_on: Option<String>,
}

struct GridView {
    label: String,
    class: &'static str,
    /// The cell in words (not colour alone).
    text: String,
}

struct MeetingView {
    id: i64,
    held_on: String,
    place: String,
    minutes: bool,
}

#[derive(Template)]
#[template(path = "networks/detail.html")]
struct DetailPage {
    p: Page,
    id: i64,
    name: String,
    kind: String,
    started_on: String,
    quote: Option<String>,
    status: Option<String>,
    circle: Option<String>,
    members: Vec<MemberView>,
    year: String,
    year_start: i32,
    grid: Vec<GridView>,
    meetings: Vec<MeetingView>,
    pager: Pager,
    can_manage: bool,
    /// May record and change meetings: the manager, or a member (item 7).
    can_record: bool,
    /// A workshop: its research side is on the workshop's page.
    workshop: bool,
    form: MemberInput,
    errors: FieldErrors,
    roles: Vec<(&'static str, String)>,
    institutions: Vec<(String, String)>,
    /// The calendar feed's URL (a capability: shown to readers only).
    feed_url: String,
}

fn month_label(tr: &Tr, g: &GridMonth) -> String {
    format!(
        "{} {}",
        tr.t(&format!("network-month-{}", g.month as u8)),
        g.year
    )
}

fn cell_text(tr: &Tr, g: &GridMonth) -> String {
    let key = match g.cell {
        Cell::BeforeStart => "network-cell-before-start",
        Cell::Met => "network-cell-met",
        Cell::Missed => "network-cell-missed",
        Cell::Running => "network-cell-running",
        Cell::Future => "network-cell-future",
    };
    tr.msg(&Msg::new(key).arg("meetings", g.meetings))
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    year: Option<i32>,
}

async fn detail_page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    q: &DetailQuery,
    form: MemberInput,
    errors: FieldErrors,
) -> Result<DetailPage, AppError> {
    let user = ctx.require(Action::ViewNetworks)?;
    let tr = ctx.tr;
    let n = store::network(&state.db, id).await?;
    let members = store::members(&state.db, id).await?;
    let meetings = store::meetings(&state.db, id).await?;
    let days: Vec<_> = meetings.iter().map(|m| m.held_on).collect();
    let year = q
        .year
        .map(SchoolYear)
        .unwrap_or_else(|| SchoolYear::of(today()));
    let grid = month_grid(year, n.started_on, &days, n.kind.frequency(), today());
    let circle = (n.kind == super::Kind::IbpCircle).then(|| {
        let c = circle_check(&members.iter().map(StoredMember::facts).collect::<Vec<_>>());
        let key = if c.met() {
            "network-circle-met"
        } else {
            "network-circle-not-met"
        };
        tr.msg(
            &Msg::new(key)
                .arg("teachers", c.teachers)
                .arg("institutions", c.institutions)
                .arg("min", super::CIRCLE_MIN_INSTITUTIONS),
        )
    });
    let institutions = crate::institutions::store::all(&state.db).await?;
    let inst_name = |code: &str| {
        institutions
            .iter()
            .find(|i| i.code.as_str() == code)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let mut pager = Pager::new(q.page, format!("year={}", year.0));
    pager.total = meetings.len() as i64;
    let shown = meetings
        .iter()
        .skip(pager.offset() as usize)
        .take(pager.per_page as usize);
    Ok(DetailPage {
        p: ctx.page("network-title"),
        id,
        kind: tr.t(&n.kind.key()),
        started_on: n.started_on.to_string(),
        quote: n.kind.frequency().map(|f| f.quote.to_string()),
        status: status_text(&tr, &n, &days),
        circle,
        members: members
            .iter()
            .map(|m| MemberView {
                id: m.id,
                name: m.name.clone(),
                organisation: match &m.institution {
                    Some(code) => inst_name(code),
                    None => m.organisation.clone(),
                },
                role: tr.t(&m.role.key()),
                joined_on: m.joined_on.to_string(),
                left_on: m.left_on.map(|d| d.to_string()),
            })
            .collect(),
        year: year.label(),
        year_start: year.0,
        grid: grid
            .iter()
            .map(|g| GridView {
                label: month_label(&tr, g),
                class: g.cell.as_str(),
                text: cell_text(&tr, g),
            })
            .collect(),
        meetings: shown
            .map(|m| MeetingView {
                id: m.id,
                held_on: m.held_on.to_string(),
                place: m.place.clone().unwrap_or_else(|| tr.t("meeting-online")),
                minutes: m.minutes.is_some(),
            })
            .collect(),
        pager,
        can_manage: user.can(Action::ManageNetworks),
        can_record: super::service::may_record(&state.db, user, id).await?,
        workshop: n.kind == super::Kind::Workshop,
        name: n.name,
        form,
        errors,
        roles: n
            .kind
            .roles()
            .iter()
            .map(|r| (r.as_str(), tr.t(&r.key())))
            .collect(),
        institutions: institutions
            .iter()
            .map(|i| (i.code.to_string(), i.name.clone()))
            .collect(),
        feed_url: super::calendar_routes::feed_url(state, id).await?,
    })
}

async fn detail(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Html<String>, AppError> {
    detail_page(
        &ctx,
        &state,
        id,
        &q,
        MemberInput::default(),
        FieldErrors::default(),
    )
    .await?
    .html()
}

async fn add_member(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<MemberInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageNetworks)?;
    let n = store::network(&state.db, id).await?;
    let codes: Vec<String> = crate::institutions::store::all(&state.db)
        .await?
        .iter()
        .map(|i| i.code.to_string())
        .collect();
    let refuse = |e: Vec<(&'static str, Msg)>, form: MemberInput| async {
        let errors = field_errors(&ctx.tr, e);
        let page = detail_page(&ctx, &state, id, &DetailQuery::default(), form, errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let m = match form.validate(&codes, n.kind) {
        Ok(m) => m,
        Err(e) => return refuse(e, form.clone()).await,
    };
    match store::add_member(&state.db, &user.actor(), id, &m).await {
        Ok(_) => {}
        Err(StoreError::MissingReference { .. }) => {
            return refuse(
                vec![("account", Msg::new("network-account-unknown"))],
                form.clone(),
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    }
    ctx.flash(Msg::new("network-member-saved")).await?;
    Ok(Redirect::to(&format!("/networks/{id}#members")).into_response())
}

async fn end_member(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, member)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageNetworks)?;
    match store::end_member(&state.db, &user.actor(), id, member, today()).await {
        Ok(()) => ctx.flash(Msg::new("network-member-ended")).await?,
        Err(StoreError::WrongState { .. }) => {
            ctx.flash(Msg::new("network-member-end-refused")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/networks/{id}#members")).into_response())
}

// --- meetings ---------------------------------------------------------------------

/// The programme manager, or a current member of this network with a
/// linked account (item 7); everyone else is refused with 403.
pub(crate) async fn require_record<'a>(
    ctx: &'a Ctx,
    state: &AppState,
    network: i64,
) -> Result<&'a crate::auth::CurrentUser, AppError> {
    let user = ctx.require(Action::ViewNetworks)?;
    if super::service::may_record(&state.db, user, network).await? {
        Ok(user)
    } else {
        Err(crate::auth::Forbidden.into())
    }
}

struct AttendanceRow {
    member: i64,
    name: String,
    chosen: String,
}

#[derive(Template)]
#[template(path = "networks/meeting_form.html")]
struct MeetingPage {
    p: Page,
    network: i64,
    name: String,
    /// `None` for a new meeting.
    meeting: Option<i64>,
    form: MeetingInput,
    rows: Vec<AttendanceRow>,
    errors: FieldErrors,
    values: Vec<(&'static str, String)>,
}

/// The form's fields: `attendance-<member id>` carries each radio group.
fn parse_meeting(fields: &[(String, String)]) -> MeetingInput {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    MeetingInput {
        held_on: get("held_on"),
        online: get("online") == "1",
        place: get("place"),
        agenda: get("agenda"),
        minutes: get("minutes"),
        attendance: fields
            .iter()
            .filter_map(|(f, v)| {
                let id = f.strip_prefix("attendance-")?.parse().ok()?;
                Some((id, v.clone()))
            })
            .collect(),
    }
}

fn input_of(m: &StoredMeeting) -> MeetingInput {
    MeetingInput {
        held_on: m.held_on.to_string(),
        online: m.place.is_none(),
        place: m.place.clone().unwrap_or_default(),
        agenda: m.agenda.clone(),
        minutes: m.minutes.clone().unwrap_or_default(),
        attendance: m
            .attendance
            .iter()
            .map(|(id, a)| (*id, a.as_str().to_string()))
            .collect(),
    }
}

async fn meeting_page(
    ctx: &Ctx,
    state: &AppState,
    network: i64,
    meeting: Option<i64>,
    form: MeetingInput,
    errors: FieldErrors,
) -> Result<MeetingPage, AppError> {
    require_record(ctx, state, network).await?;
    let tr = ctx.tr;
    let n = store::network(&state.db, network).await?;
    let rows = store::members(&state.db, network)
        .await?
        .into_iter()
        .filter(|m| m.current() || form.attendance.iter().any(|(id, _)| *id == m.id))
        .map(|m| AttendanceRow {
            chosen: form
                .attendance
                .iter()
                .find(|(id, _)| *id == m.id)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            member: m.id,
            name: m.name,
        })
        .collect();
    Ok(MeetingPage {
        p: ctx.page(if meeting.is_some() {
            "meeting-edit-title"
        } else {
            "meeting-new-title"
        }),
        network,
        name: n.name,
        meeting,
        form,
        rows,
        errors,
        values: Attendance::ALL
            .iter()
            .map(|a| (a.as_str(), tr.t(&a.key())))
            .collect(),
    })
}

async fn new_meeting(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    meeting_page(
        &ctx,
        &state,
        id,
        None,
        MeetingInput::default(),
        FieldErrors::default(),
    )
    .await?
    .html()
}

async fn edit_meeting(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
) -> Result<Html<String>, AppError> {
    require_record(&ctx, &state, id).await?;
    let m = store::meeting(&state.db, id, meeting).await?;
    meeting_page(
        &ctx,
        &state,
        id,
        Some(meeting),
        input_of(&m),
        FieldErrors::default(),
    )
    .await?
    .html()
}

async fn save_meeting(
    ctx: Ctx,
    state: AppState,
    id: i64,
    meeting: Option<i64>,
    fields: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let user = require_record(&ctx, &state, id).await?;
    store::network(&state.db, id).await?;
    let form = parse_meeting(&fields);
    let refuse = |errors: Vec<(&'static str, Msg)>, form: MeetingInput| async {
        let errors = field_errors(&ctx.tr, errors);
        let page = meeting_page(&ctx, &state, id, meeting, form, errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let m = match form.validate(today()) {
        Ok(m) => m,
        Err(e) => return refuse(e, form.clone()).await,
    };
    let actor = user.actor();
    let saved = match meeting {
        None => store::record_meeting(&state.db, &actor, id, &m, today(), crate::store::now())
            .await
            .map(|_| ()),
        Some(mid) => store::update_meeting(&state.db, &actor, id, mid, &m, today()).await,
    };
    match saved {
        Ok(()) => {
            ctx.flash(Msg::new("meeting-saved")).await?;
            Ok(Redirect::to(&format!("/networks/{id}#meetings")).into_response())
        }
        Err(StoreError::WrongState { .. }) => {
            refuse(
                vec![("attendance", Msg::new("meeting-attendance-future"))],
                form.clone(),
            )
            .await
        }
        Err(StoreError::MissingReference { .. }) => {
            refuse(
                vec![("attendance", Msg::new("meeting-attendance-invalid"))],
                form.clone(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create_meeting(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_meeting(ctx, state, id, None, fields).await
}

async fn update_meeting(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_meeting(ctx, state, id, Some(meeting), fields).await
}

#[derive(Template)]
#[template(path = "networks/delete.html")]
struct DeletePage {
    p: Page,
    network: i64,
    name: String,
    meeting: i64,
    held_on: String,
}

async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageNetworks)?;
    let n = store::network(&state.db, id).await?;
    let m = store::meeting(&state.db, id, meeting).await?;
    DeletePage {
        p: ctx.page("meeting-delete-title"),
        network: id,
        name: n.name,
        meeting,
        held_on: m.held_on.to_string(),
    }
    .html()
}

async fn delete_meeting(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageNetworks)?;
    store::delete_meeting(&state.db, &user.actor(), id, meeting).await?;
    ctx.flash(Msg::new("meeting-deleted")).await?;
    Ok(Redirect::to(&format!("/networks/{id}#meetings")).into_response())
}

// --- downloads --------------------------------------------------------------------

#[derive(Deserialize)]
struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(default)]
    year: Option<i32>,
}

fn document(tr: &Tr, title: String, table: Table) -> Document {
    Document {
        title,
        subtitle: None,
        lang: tr.lang.code().to_string(),
        layout: Layout::Report,
        blocks: vec![Block::Table(table)],
        footer: String::new(),
    }
}

fn col(tr: &Tr, key: &str) -> Column {
    Column {
        header: tr.t(key),
        kind: ColumnKind::Text,
    }
}

async fn export_meeting(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    ctx.require(Action::ViewNetworks)?;
    let tr = ctx.tr;
    let n = store::network(&state.db, id).await?;
    let m = store::meeting(&state.db, id, meeting).await?;
    let members = store::members(&state.db, id).await?;
    use crate::reports::document::Cell as C;
    let rows = members
        .iter()
        .filter_map(|mem| {
            let a = m.attendance.iter().find(|(mid, _)| *mid == mem.id)?.1;
            Some(vec![
                C::Text(mem.name.clone()),
                C::Text(
                    mem.institution
                        .clone()
                        .unwrap_or_else(|| mem.organisation.clone()),
                ),
                C::Text(tr.t(&mem.role.key())),
                C::Text(tr.t(&a.key())),
            ])
        })
        .collect();
    let table = Table {
        id: "aanwezigheid".into(),
        title: tr.t("meeting-attendance"),
        columns: vec![
            col(&tr, "network-col-member"),
            col(&tr, "network-col-organisation"),
            col(&tr, "network-col-role"),
            col(&tr, "meeting-attendance"),
        ],
        rows,
        note: None,
    };
    let title = format!("{} {}", n.name, m.held_on);
    let doc = document(&tr, title, table);
    let lab = crate::reports::view::labels(&tr, state.settings.min_group.get());
    render_download(
        doc,
        lab,
        q.format,
        "aanwezigheid".into(),
        format!("aanwezigheid-{}", m.held_on),
    )
    .await
}

async fn export_year(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    ctx.require(Action::ViewNetworks)?;
    let tr = ctx.tr;
    let n = store::network(&state.db, id).await?;
    let year = q
        .year
        .map(SchoolYear)
        .unwrap_or_else(|| SchoolYear::of(today()));
    let mut all = store::meetings(&state.db, id).await?;
    all.retain(|m| m.held_on >= year.starts() && m.held_on <= year.ends());
    all.reverse();
    use crate::reports::document::Cell as C;
    let mut rows = Vec::new();
    for m in &all {
        let full = store::meeting(&state.db, id, m.id).await?;
        let count = |a: Attendance| {
            C::Number(full.attendance.iter().filter(|(_, x)| *x == a).count() as f64)
        };
        rows.push(vec![
            C::Text(m.held_on.to_string()),
            C::Text(m.place.clone().unwrap_or_else(|| tr.t("meeting-online"))),
            count(Attendance::Present),
            count(Attendance::Excused),
            count(Attendance::Absent),
            C::Text(tr.t(if m.minutes.is_some() {
                "network-yes"
            } else {
                "network-no"
            })),
        ]);
    }
    let num = |key: &str| Column {
        header: tr.t(key),
        kind: ColumnKind::Integer,
    };
    let table = Table {
        id: "bijeenkomsten".into(),
        title: tr.t("network-meetings"),
        columns: vec![
            col(&tr, "meeting-held-on"),
            col(&tr, "meeting-place"),
            num("attendance-present"),
            num("attendance-excused"),
            num("attendance-absent"),
            col(&tr, "meeting-minutes"),
        ],
        rows,
        note: None,
    };
    let doc = document(&tr, format!("{} {}", n.name, year.label()), table);
    let lab = crate::reports::view::labels(&tr, state.settings.min_group.get());
    render_download(
        doc,
        lab,
        q.format,
        "bijeenkomsten".into(),
        format!("bijeenkomsten-{}", year.label()),
    )
    .await
}

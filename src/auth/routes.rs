//! Login, logout, own password, and account management for the
//! programme manager.

use super::parse_username;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{Action, Grant, Role, password, session, store, throttle};
use crate::audit::{self, Event, entity};
use crate::i18n::Msg;
use crate::institutions::{self, Institution, InstitutionCode};
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render, local_path};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route(
            "/account/password",
            get(password_form).post(change_password),
        )
        .route("/users", get(users).post(create_user))
        .route("/users/new", get(new_user_form))
        .route("/users/{id}", get(user_detail))
        .route("/users/{id}/grants", post(add_grant))
        .route("/users/{id}/grants/revoke", post(revoke_grant))
        .route(
            "/users/{id}/password-reset",
            get(reset_confirm).post(reset_password),
        )
        .route("/users/{id}/active", post(set_active))
}

// --- login / logout -----------------------------------------------------

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    p: Page,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn login_form(mut ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to(&local_path(&q.next)).into_response());
    }
    ctx.csrf = session::csrf_token(&ctx.session).await?;
    Ok(LoginPage {
        p: ctx.page("login-title"),
        next: local_path(&q.next),
        username: String::new(),
        error: None,
    }
    .html()?
    .into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn login(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let client = crate::web::client_address(&state, &headers, peer.map(|p| (p.0).0));
    let username = form.username.trim().to_lowercase();
    let next = local_path(&form.next);
    let refuse = |status: StatusCode, msg: Msg| -> Result<Response, AppError> {
        let page = LoginPage {
            p: ctx.page("login-title"),
            next: next.clone(),
            username: username.clone(),
            error: Some(ctx.tr.msg(&msg)),
        };
        Ok((status, page.html()?).into_response())
    };
    let now = crate::store::now();
    let throttled = |key: &'static str, minutes: i64| {
        refuse(
            StatusCode::TOO_MANY_REQUESTS,
            Msg::new(key).arg("minutes", minutes),
        )
    };
    if let Some(ip) = client
        && let Err(minutes) = state.login_clients.check(ip, now)
    {
        return throttled("login-throttled-client", minutes);
    }
    let state_before = store::throttle_state(&state.db, &username).await?;
    if let Err(minutes) = throttle::check(state_before.as_ref(), now) {
        return throttled("login-throttled", minutes);
    }
    let creds = store::credentials(&state.db, &username).await?;
    let ok = password::verify(
        form.password.clone(),
        creds.as_ref().map(|c| c.password_hash.clone()),
    )
    .await;
    let creds = match creds {
        Some(c) if ok && c.active => c,
        _ => {
            let next_state =
                throttle::after_failure(state_before.as_ref(), now, throttle::Policy::ACCOUNT);
            store::save_throttle(&state.db, &username, &next_state).await?;
            if let Some(ip) = client
                && let Err(minutes) = state.login_clients.failed(ip, now)
            {
                return throttled("login-throttled-client", minutes);
            }
            if let Err(minutes) = throttle::check(Some(&next_state), now) {
                return throttled("login-throttled", minutes);
            }
            return refuse(StatusCode::UNAUTHORIZED, Msg::new("login-failed"));
        }
    };
    store::clear_throttle(&state.db, &username).await?;
    session::sign_in(&ctx.session, creds.id, creds.session_version).await?;
    audit::store::record_now(
        &state.db,
        &crate::audit::Actor::user(creds.id, &username),
        Event {
            entity: entity::SESSION,
            entity_id: &username,
            action: "login",
            summary: "Signed in".into(),
        },
    )
    .await?;
    Ok(Redirect::to(&next).into_response())
}

async fn logout(ctx: Ctx, State(state): State<AppState>) -> Result<Response, AppError> {
    if let Some(u) = &ctx.user {
        audit::store::record_now(
            &state.db,
            &u.actor(),
            Event {
                entity: entity::SESSION,
                entity_id: &u.username,
                action: "logout",
                summary: "Signed out".into(),
            },
        )
        .await?;
    }
    session::sign_out(&ctx.session).await?;
    Ok(Redirect::to("/login").into_response())
}

// --- own password -------------------------------------------------------

#[derive(Template)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    p: Page,
    required: bool,
    errors: FieldErrors,
}

async fn password_form(ctx: Ctx) -> Result<Html<String>, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthenticated)?;
    PasswordPage {
        required: user.must_change_password,
        p: ctx.page("password-title"),
        errors: FieldErrors::default(),
    }
    .html()
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

async fn change_password(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthenticated)?;
    let creds = store::credentials(&state.db, &user.username)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut errors = Vec::new();
    if !password::verify(form.current.clone(), Some(creds.password_hash)).await {
        errors.push(("current", ctx.tr.t("password-current-wrong")));
    }
    if let Err(m) = password::validate(&form.new) {
        errors.push(("new", ctx.tr.msg(&m)));
    } else if form.new != form.repeat {
        errors.push(("repeat", ctx.tr.t("password-repeat-differs")));
    } else if form.new == form.current {
        errors.push(("new", ctx.tr.t("password-same-as-current")));
    }
    if !errors.is_empty() {
        let page = PasswordPage {
            required: user.must_change_password,
            p: ctx.page("password-title"),
            errors: errors.into(),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response());
    }
    let hash = password::hash(form.new)
        .await
        .map_err(anyhow::Error::from)?;
    store::set_password(&state.db, &user.actor(), user.id, &hash, false).await?;
    // Setting the password ended every session, this one included; issue a
    // fresh one so the user stays signed in here.
    let version = store::session_version(&state.db, user.id).await?;
    session::sign_in(&ctx.session, user.id, version).await?;
    ctx.flash(Msg::new("password-changed")).await?;
    Ok(Redirect::to("/").into_response())
}

// --- account management (programme manager) -----------------------------

/// An account as listed, with role names translated.
struct AccountRow {
    id: i64,
    username: String,
    display_name: String,
    active: bool,
    roles: Vec<String>,
}

#[derive(Template)]
#[template(path = "users/list.html")]
struct UsersPage {
    p: Page,
    accounts: Vec<AccountRow>,
}

fn grant_label(p: &Page, g: &Grant) -> String {
    let role = p.t(&g.role.label_key());
    match &g.institution {
        Some(c) => format!("{role} ({c})"),
        None => role,
    }
}

async fn users(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageUsers)?;
    let p = ctx.page("users-title");
    let accounts = store::accounts(&state.db)
        .await?
        .into_iter()
        .map(|a| AccountRow {
            roles: a.grants.iter().map(|g| grant_label(&p, g)).collect(),
            id: a.id,
            username: a.username,
            display_name: a.display_name,
            active: a.active,
        })
        .collect();
    UsersPage { p, accounts }.html()
}

#[derive(Template)]
#[template(path = "users/new.html")]
struct NewUserPage {
    p: Page,
    form: NewUserForm,
    roles: Vec<(&'static str, String)>,
    institutions: Vec<Institution>,
    errors: FieldErrors,
}

impl NewUserPage {
    /// The text inputs: (name, label key, value, input type).
    fn fields(&self) -> Vec<(&'static str, &'static str, String, &'static str)> {
        let f = &self.form;
        vec![
            ("username", "user-username", f.username.clone(), "text"),
            (
                "display_name",
                "user-display-name",
                f.display_name.clone(),
                "text",
            ),
            ("email", "user-email", f.email.clone(), "email"),
        ]
    }
}

#[derive(Clone, Default, Deserialize)]
struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    institution: String,
}

fn role_options(p: &Page) -> Vec<(&'static str, String)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.code(), p.t(&r.label_key())))
        .collect()
}

async fn new_user_form(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageUsers)?;
    let p = ctx.page("user-new-title");
    NewUserPage {
        roles: role_options(&p),
        institutions: institutions::store::all(&state.db).await?,
        p,
        form: NewUserForm::default(),
        errors: FieldErrors::default(),
    }
    .html()
}

/// Parses the role and institution fields of a grant form.
fn parse_grant(role: &str, institution: &str) -> Result<Grant, (&'static str, Msg)> {
    let role: Role = role
        .parse()
        .map_err(|_| ("role", Msg::new("role-invalid")))?;
    let institution = match institution.trim() {
        "" => None,
        s => Some(
            s.parse::<InstitutionCode>()
                .map_err(|m| ("institution", m))?,
        ),
    };
    Grant::new(role, institution).map_err(|e| ("institution", e.msg()))
}

#[derive(Template)]
#[template(path = "users/created.html")]
struct CreatedPage {
    p: Page,
    username: String,
    password: String,
    id: i64,
}

async fn create_user(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageUsers)?;
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let username = parse_username(&form.username).map_err(|m| ("username", m));
    let display_name = form.display_name.trim();
    if display_name.is_empty() {
        errors.push(("display_name", ctx.tr.t("field-required")));
    }
    let grant = parse_grant(&form.role, &form.institution);
    for e in [username.as_ref().err(), grant.as_ref().err()]
        .into_iter()
        .flatten()
    {
        errors.push((e.0, ctx.tr.msg(&e.1)));
    }
    let email = Some(form.email.trim()).filter(|e| !e.is_empty());
    if email.is_some_and(|e| !e.contains('@')) {
        errors.push(("email", ctx.tr.t("email-invalid")));
    }
    let show_errors = |errors: Vec<(&'static str, String)>| async {
        let p = ctx.page("user-new-title");
        let page = NewUserPage {
            roles: role_options(&p),
            institutions: institutions::store::all(&state.db).await?,
            p,
            form: form.clone(),
            errors: errors.into(),
        };
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
    };
    let (Ok(username), Ok(grant), true) = (username, grant, errors.is_empty()) else {
        return show_errors(errors).await;
    };
    let temporary = password::generate();
    let hash = password::hash(temporary.clone())
        .await
        .map_err(anyhow::Error::from)?;
    let new = store::NewUser {
        username: &username,
        display_name,
        email,
        password_hash: &hash,
        must_change_password: true,
    };
    let id = match store::create_user(&state.db, &user.actor(), &new).await {
        Ok(id) => id,
        Err(StoreError::Duplicate { .. }) => {
            return show_errors(vec![("username", ctx.tr.t("username-taken"))]).await;
        }
        Err(e) => return Err(e.into()),
    };
    match store::grant(&state.db, &user.actor(), id, &grant).await {
        Ok(()) => {}
        Err(StoreError::MissingReference { .. }) => {
            ctx.flash(Msg::new("institution-unknown")).await?;
        }
        Err(e) => return Err(e.into()),
    }
    let p = ctx.page("user-created-title");
    Ok(CreatedPage {
        p,
        username,
        password: temporary,
        id,
    }
    .html()?
    .into_response())
}

#[derive(Template)]
#[template(path = "users/detail.html")]
struct DetailPage {
    p: Page,
    account: store::Account,
    grants: Vec<(Grant, String)>,
    roles: Vec<(&'static str, String)>,
    institutions: Vec<Institution>,
    error: Option<String>,
}

async fn detail_page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    error: Option<String>,
) -> Result<DetailPage, AppError> {
    let account = store::account(&state.db, id).await?;
    let p = ctx.page_titled(account.display_name.clone());
    Ok(DetailPage {
        grants: account
            .grants
            .iter()
            .map(|g| (g.clone(), grant_label(&p, g)))
            .collect(),
        roles: role_options(&p),
        institutions: institutions::store::all(&state.db).await?,
        p,
        account,
        error,
    })
}

async fn user_detail(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageUsers)?;
    detail_page(&ctx, &state, id, None).await?.html()
}

#[derive(Deserialize)]
struct GrantForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    institution: String,
}

async fn add_grant(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<GrantForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageUsers)?;
    let grant = match parse_grant(&form.role, &form.institution) {
        Ok(g) => g,
        Err((_, msg)) => return refuse_grant(&ctx, &state, id, msg).await,
    };
    match store::grant(&state.db, &user.actor(), id, &grant).await {
        Ok(()) => {}
        Err(StoreError::Duplicate { .. }) => {
            return refuse_grant(&ctx, &state, id, Msg::new("grant-conflict")).await;
        }
        Err(StoreError::MissingReference { .. }) => {
            return refuse_grant(&ctx, &state, id, Msg::new("grant-institution-unknown")).await;
        }
        Err(e) => return Err(e.into()),
    }
    ctx.flash(Msg::new("grant-added")).await?;
    Ok(Redirect::to(&format!("/users/{id}")).into_response())
}

async fn refuse_grant(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    msg: Msg,
) -> Result<Response, AppError> {
    let page = detail_page(ctx, state, id, Some(ctx.tr.msg(&msg))).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

async fn revoke_grant(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<GrantForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageUsers)?;
    let grant =
        parse_grant(&form.role, &form.institution).map_err(|(_, m)| AppError::BadRequest(m))?;
    if id == user.id && grant.role == Role::ProgrammeManager {
        // Nobody locks themselves out of account management by accident.
        return Err(AppError::BadRequest(Msg::new("grant-revoke-self")));
    }
    store::revoke(&state.db, &user.actor(), id, &grant).await?;
    ctx.flash(Msg::new("grant-revoked")).await?;
    Ok(Redirect::to(&format!("/users/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "users/reset.html")]
struct ResetPage {
    p: Page,
    account: store::Account,
    password: Option<String>,
}

async fn reset_confirm(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageUsers)?;
    let account = store::account(&state.db, id).await?;
    ResetPage {
        p: ctx.page("user-reset-title"),
        account,
        password: None,
    }
    .html()
}

/// Sets a random temporary password, shown once, which the user must
/// replace at their next login; every session of the user ends.
async fn reset_password(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let user = ctx.require(Action::ManageUsers)?;
    let account = store::account(&state.db, id).await?;
    let temporary = password::generate();
    let hash = password::hash(temporary.clone())
        .await
        .map_err(anyhow::Error::from)?;
    store::set_password(&state.db, &user.actor(), id, &hash, true).await?;
    store::clear_throttle(&state.db, &account.username).await?;
    ResetPage {
        p: ctx.page("user-reset-title"),
        account,
        password: Some(temporary),
    }
    .html()
}

#[derive(Deserialize)]
struct ActiveForm {
    active: String,
}

async fn set_active(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageUsers)?;
    let active = form.active == "true";
    if id == user.id && !active {
        return Err(AppError::BadRequest(Msg::new("user-deactivate-self")));
    }
    store::set_active(&state.db, &user.actor(), id, active).await?;
    ctx.flash(Msg::new(if active {
        "user-activated"
    } else {
        "user-deactivated"
    }))
    .await?;
    Ok(Redirect::to(&format!("/users/{id}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(parse_username(" Jan.de-Vries ").unwrap(), "jan.de-vries");
        for bad in ["ab", "met spatie", "ümlaut", ""] {
            assert!(parse_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_grant_form_names_the_bad_field() {
        assert_eq!(parse_grant("koning", "").unwrap_err().0, "role");
        assert_eq!(parse_grant("coordinator", "").unwrap_err().0, "institution");
        assert_eq!(
            parse_grant("coordinator", "X").unwrap_err().0,
            "institution"
        );
        assert!(parse_grant("coordinator", "25aa").is_ok());
    }
}

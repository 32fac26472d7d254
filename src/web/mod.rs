//! The HTTP layer: one router merged from every part's `routes()`, the
//! request context handed to HTML handlers, sessions, CSRF protection,
//! error pages and the OpenAPI document.

pub mod api;
mod error;
mod middleware;
pub mod page;
pub mod public;

pub use api::ApiUser;
pub use error::{ApiError, AppError, Problem};
pub use middleware::CSRF_FIELD;
pub use page::{Ctx, FieldErrors, Page, Pager, Render};

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::session::SessionBackend;
use crate::store::Db;

/// Runtime settings of a server.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mark cookies `Secure` (set when served behind https).
    pub secure_cookies: bool,
    /// Smallest group any figure may describe (DESIGN.md: default 10,
    /// never below 5), constructed once where the setting enters. Parts
    /// that publish figures read it from here.
    pub min_group: crate::analysis::disclosure::MinGroup,
    /// Idle time after which a session ends.
    pub session_idle: time::Duration,
    /// The address people use to reach this server, for links in e-mail
    /// and on printed invitations (no trailing slash).
    pub public_url: String,
    pub smtp: crate::mail::SmtpSettings,
    /// Take the client's address from the last `X-Forwarded-For` entry
    /// (set only behind a reverse proxy that appends it); otherwise the
    /// TCP peer. Used by the login throttle.
    pub trust_forwarded_for: bool,
    /// Reminder interval and e-mail list limits of the monitor.
    pub invitations: crate::monitor::InvitationLimits,
    /// Where researchers' microdata exports are written, owner-only; what
    /// an earlier run left there is removed at start-up. `None`: a private
    /// temporary directory per server (tests); the binary always sets one.
    pub export_dir: Option<std::path::PathBuf>,
    /// The largest policy document accepted, in bytes (issue 14: default
    /// 20 MB; at most [`BODY_LIMIT`] less room for the form).
    pub policy_document_limit: u64,
    /// Event registrations are deleted this many days after their event
    /// (issue 16, item 4: default 90), by the retention job.
    pub event_retention_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            min_group: Default::default(),
            session_idle: time::Duration::hours(8),
            public_url: "http://127.0.0.1:8080".into(),
            smtp: crate::mail::SmtpSettings::default(),
            trust_forwarded_for: false,
            invitations: Default::default(),
            export_dir: None,
            policy_document_limit: 20 * 1024 * 1024,
            event_retention_days: 90,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub openapi: Arc<String>,
    pub instruments: Arc<crate::monitor::Instruments>,
    pub mailer: crate::mail::Mailer,
    /// Researcher microdata exports running or ready for download.
    pub exports: Arc<crate::analysis::microdata::Jobs>,
    /// Scored waves, reused while their responses do not change.
    pub waves: Arc<crate::analysis::store::WaveCache>,
    /// Failed logins per client address (memory only).
    pub login_clients: Arc<crate::auth::throttle::Clients>,
    /// Uploaded e-mail lists awaiting confirmation and printed links
    /// awaiting printing (in memory only).
    pub staged: Arc<crate::monitor::staged::Staged>,
    /// The spam guard of the public forms (its key is the `secrets` row
    /// `public-forms`).
    pub public_forms: Arc<crate::spam::Guard>,
    /// The library's double-click rule: short-lived keys in memory only.
    pub downloads: Arc<crate::library::counter::DoubleClicks>,
}

/// Builds the whole application for `db`.
pub async fn app(db: Db, settings: Settings) -> anyhow::Result<Router> {
    crate::monitor::ensure_default_instrument(&db).await?;
    crate::programme::store::ensure_shipped(&db).await?;
    let mailer = crate::mail::Mailer::from_settings(&settings.smtp)?;
    let sessions = SessionBackend::for_db(&db).await?;
    tokio::spawn(
        sessions
            .clone()
            .delete_expired_every(std::time::Duration::from_secs(600)),
    );
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name("bekwaam_session")
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(settings.session_idle));

    let exports = Arc::new(
        crate::analysis::microdata::Jobs::open(settings.export_dir.as_deref())
            .map_err(|e| anyhow::anyhow!("cannot open the export directory {e}"))?,
    );
    tokio::spawn(crate::analysis::microdata::Jobs::sweep_every(
        Arc::downgrade(&exports),
        std::time::Duration::from_secs(600),
    ));

    let public_forms = crate::spam::Guard::new(&crate::store::secret(&db, "public-forms").await?)
        .ok_or_else(|| anyhow::anyhow!("the public-forms secret is not a key"))?;
    let (api_router, openapi) = api::router();
    let state = AppState {
        db,
        settings: Arc::new(settings),
        openapi: Arc::new(openapi.to_pretty_json()?),
        instruments: Arc::new(crate::monitor::Instruments::default()),
        mailer,
        exports,
        waves: Arc::default(),
        login_clients: Arc::default(),
        staged: Arc::default(),
        public_forms: Arc::new(public_forms),
        downloads: Arc::default(),
    };
    tokio::spawn(sweep_downloads(Arc::downgrade(&state.downloads)));
    tokio::spawn(crate::networks::events_store::retention_every(
        state.db.clone(),
        state.settings.event_retention_days,
        std::time::Duration::from_secs(3600),
    ));

    let pages = Router::new()
        .merge(crate::auth::routes::routes())
        .merge(crate::institutions::routes::routes())
        .merge(crate::audit::routes::routes())
        .merge(crate::monitor::routes::routes())
        .merge(crate::analysis::routes::routes())
        .merge(crate::programme::routes::routes())
        .merge(crate::programme::budget_routes::routes())
        .merge(crate::programme::steering_routes::routes())
        .merge(crate::programme::evaluation_routes::routes())
        .merge(crate::programme::tracks_routes::routes())
        .merge(crate::policy::routes::routes())
        .merge(crate::policy::goals_routes::routes())
        .merge(crate::scan::routes::routes())
        .merge(crate::networks::routes::routes())
        .merge(crate::workshop::routes::routes())
        .merge(crate::library::routes::routes())
        .route("/", get(page::home))
        .route("/lang/{code}", get(switch_language))
        .fallback(not_found)
        // The CSRF guard reads every form and upload body first (forms up
        // to 2 MB, uploads up to BODY_LIMIT) and hands it on in one piece,
        // so the extractors' own 2 MB default would refuse a large upload
        // before its handler can say why; each upload handler applies its
        // own limit with a clear message.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(middleware::csrf_guard))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::error_pages,
        ));

    // The survey's token in the URL is its own protection against
    // cross-site requests, so it needs no session and no CSRF token.
    let survey = crate::monitor::survey::routes::routes().layer(
        axum::middleware::from_fn_with_state(state.clone(), middleware::error_pages),
    );

    // The public side (library, events): nobody is signed in, so its
    // forms carry the spam guard (`web::public`) instead of a CSRF token.
    let public = Router::new()
        .merge(crate::library::routes::public())
        .merge(crate::networks::events_routes::public())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::error_pages,
        ));

    let router = Router::new()
        .merge(survey)
        .merge(public)
        .merge(pages)
        .merge(api_router)
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(openapi_document))
        .route("/static/style.css", get(stylesheet))
        .route("/static/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .layer(session_layer);
    let router = middleware::with_security_headers(router)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TraceLayer::new_for_http().make_span_with(middleware::request_span))
        .with_state(state);
    Ok(router)
}

/// The client's address (the login throttle, the library's double-click
/// rule): the TCP peer, or behind a
/// trusted proxy the last `X-Forwarded-For` entry.
pub fn client_address(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> Option<std::net::IpAddr> {
    if state.settings.trust_forwarded_for
        && let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
        && let Ok(ip) = last.trim().parse()
    {
        return Some(ip);
    }
    peer.map(|p| p.ip())
}

/// Forgets the library's double-click keys once they are out of their
/// window, every minute, until the server is gone.
async fn sweep_downloads(clicks: std::sync::Weak<crate::library::counter::DoubleClicks>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match clicks.upgrade() {
            Some(c) => c.sweep(crate::store::now().unix_timestamp()),
            None => return,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn healthz(State(state): State<AppState>) -> Response {
    if state.db.ping().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

async fn openapi_document(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.openapi.as_str().to_owned(),
    )
        .into_response()
}

/// The site's stylesheet, compiled in.
/// The largest request body the server reads (uploads included): room for
/// the largest policy document setting plus its form, so that a file over
/// the document limit is refused on its form with the reason.
pub const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The largest policy document limit that may be set, in MB.
pub const MAX_DOCUMENT_MB: u64 = 60;

pub const STYLESHEET: &str = include_str!("../../assets/style.css");

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// The site's icon (browsers ask for `/favicon.ico` on every page).
async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../assets/favicon.svg"),
    )
        .into_response()
}

/// Unknown paths: a Dutch page, or problem+json under `/api/`.
async fn not_found(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError {
            error: AppError::NotFound,
            tr: api::api_lang_of(&headers),
        }
        .into_response()
    } else {
        AppError::NotFound.into_response()
    }
}

#[derive(serde::Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Sets the language cookie and returns to the page the user was on.
async fn switch_language(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let Some(lang) = crate::i18n::Lang::from_code(&code) else {
        return AppError::NotFound.into_response();
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        page::LANG_COOKIE,
        lang.code()
    );
    let mut res = Redirect::to(&local_path(&q.next)).into_response();
    if let Ok(v) = cookie.parse() {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// `next` when it is a path on this site, else `/` (no open redirects).
pub fn local_path(next: &str) -> String {
    local_path_under(next, "/").unwrap_or("/").to_string()
}

/// `next` when it is a path on this site under `prefix` that a `Location`
/// header can carry (no scheme, no `//host`, no control characters such as
/// a line break), else `None`. Check it before acting on the request, so a
/// bad target never turns a done change into an error (issue 13).
pub fn local_path_under<'a>(next: &'a str, prefix: &str) -> Option<&'a str> {
    let ok = next.starts_with(prefix)
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(char::is_control)
        && HeaderValue::from_str(next).is_ok();
    ok.then_some(next)
}

pub use crate::token::random_token;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(local_path("/institutions?q=a"), "/institutions?q=a");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "",
            "javascript:x",
            "/reports\r\nSet-Cookie: x=1",
            "/reports/\u{7f}",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
        assert_eq!(
            local_path_under("/reports/1", "/reports/"),
            Some("/reports/1")
        );
        assert_eq!(local_path_under("/users", "/reports/"), None);
        assert_eq!(local_path_under("/reports/1\n", "/reports/"), None);
    }
}

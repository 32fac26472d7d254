//! Request-wide guards: CSRF on every state-changing form, error pages in
//! the user's language, security headers and the tracing span.

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::error::{ErrorPage, ErrorPageKind};
use super::page::{Page, lang_of};
use super::{AppError, AppState};
use crate::auth::session;
use crate::i18n::Tr;

pub const CSRF_FIELD: &str = "_csrf";
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The largest multipart body the guard reads to find the token: the
/// router's own body limit, so no upload the handlers accept is refused here.
const MULTIPART_LIMIT: usize = super::BODY_LIMIT;

/// Refuses any non-GET request to the HTML site whose `_csrf` field (of the
/// url-encoded form, or of the multipart upload form) does not equal the
/// session's token. Applied once to the whole HTML router, so no handler can
/// forget it. The token is never read from the URL: a URL ends up in logs
/// and browser history (issue 13).
pub async fn csrf_guard(session: Session, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let expected = match session::existing_csrf_token(&session).await {
        Ok(t) => t,
        Err(e) => return AppError::from(e).into_response(),
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (provided, req) = if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            return AppError::BadRequest(crate::i18n::Msg::new("error-form-too-large"))
                .into_response();
        };
        let provided = url::form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
        (provided, Request::from_parts(parts, Body::from(bytes)))
    } else if content_type.starts_with("multipart/form-data") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MULTIPART_LIMIT).await else {
            return AppError::BadRequest(crate::i18n::Msg::new("error-form-too-large"))
                .into_response();
        };
        let provided = multipart_token(&content_type, bytes.clone()).await;
        (provided, Request::from_parts(parts, Body::from(bytes)))
    } else {
        (None, req)
    };
    match (expected, provided) {
        (Some(e), Some(p)) if crate::token::same_secret(e.as_bytes(), p.as_bytes()) => {
            next.run(req).await
        }
        _ => AppError::Csrf.into_response(),
    }
}

/// The `_csrf` field of a buffered multipart body (the upload forms put it
/// first), or `None` when the body has none or is not valid multipart.
/// Parsed by multer (axum's own multipart parser) without a size limit of
/// its own: the body was already read within the router's limit.
async fn multipart_token(content_type: &str, bytes: axum::body::Bytes) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream =
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    let mut form = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    p: Page,
    detail: String,
    status: u16,
}

/// Turns an [`AppError`] response into a page in the request's language:
/// a login redirect when not signed in, otherwise an explanation of what
/// happened and what to do.
pub async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let tr = Tr::new(lang_of(req.headers()));
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let session = req.extensions().get::<Session>().cloned();
    let is_get = req.method() == Method::GET;
    let mut res = next.run(req).await;
    let Some(err) = res.extensions_mut().remove::<ErrorPage>() else {
        return res;
    };
    match err.kind {
        ErrorPageKind::Login => {
            let target = if is_get { path.as_str() } else { "/" };
            let next: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        ErrorPageKind::ChangePassword => return Redirect::to("/account/password").into_response(),
        ErrorPageKind::Page => {}
    }
    let mut user = None;
    if let Some(s) = &session
        && let Ok(Some((id, version))) = session::user_of(s).await
    {
        user = crate::auth::store::session_user(&state.db, id, version)
            .await
            .ok()
            .flatten();
    }
    let status = res.status();
    let page = ErrorTemplate {
        p: Page {
            tr,
            title: tr.msg(&err.title),
            user,
            csrf: String::new(),
            path,
            flash: None,
        },
        detail: tr.msg(&err.detail),
        status: status.as_u16(),
    };
    match page.render() {
        Ok(html) => {
            let mut out = (status, axum::response::Html(html)).into_response();
            out.headers_mut().extend(
                res.headers()
                    .iter()
                    .filter(|(k, _)| *k == header::SET_COOKIE)
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            out
        }
        Err(e) => {
            tracing::error!(error = %e, "rendering the error page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response()
        }
    }
}

/// Headers every answer carries: no framing, no sniffing, no referrer
/// leaks (survey tokens live in URLs), a strict content policy, and
/// nothing kept in a browser's or proxy's cache (profiles, reports and
/// downloads must not stay in a shared browser, issue 13). A handler that
/// sets one of them itself keeps its own (`if_not_present`): the public
/// stylesheet says `public, max-age=3600`.
pub fn with_security_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    use tower_http::set_header::SetResponseHeaderLayer as Set;
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; form-action 'self'";
    router
        .layer(Set::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(Set::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(Set::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(Set::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ))
        .layer(Set::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// A span per request named by its matched route (never the raw path,
/// which may hold a survey token).
pub fn request_span(req: &Request) -> tracing::Span {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("<unmatched>", |m| m.as_str());
    tracing::info_span!("request", method = %req.method(), route = %route)
}

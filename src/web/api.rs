//! The JSON API under `/api/v1/`: authentication by API key (`Authorization:
//! Bearer ...`) or, for reading only, the browser session; errors as
//! `application/problem+json`; the OpenAPI document generated from the
//! handlers' annotations.

use axum::Json;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use tower_sessions::Session;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiError, AppError, AppState};
use crate::auth::{CurrentUser, session};
use crate::i18n::{Lang, Tr};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bekwaam API",
        description = "JSON API of Bekwaam, the platform of the programme Digitaal Bekwaam MBO."
    ),
    modifiers(&BearerAuth),
    components(schemas(super::Problem))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every JSON route and the OpenAPI document describing exactly them.
/// Every error answer of these routes is `application/problem+json`
/// ([`problems_only`]).
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(me))
        .merge(crate::institutions::routes::api_routes())
        .merge(crate::policy::routes::api_routes())
        .merge(crate::policy::goals_routes::api_routes())
        .merge(crate::scan::routes::api_routes())
        .merge(crate::monitor::survey::api_routes::routes())
        .split_for_parts();
    document_common_errors(&mut openapi);
    (
        router.layer(axum::middleware::from_fn(problems_only)),
        openapi,
    )
}

/// Answers that any endpoint can give, added to every operation of the
/// OpenAPI document so that the document says what the server does: a
/// malformed request (400), a request body that is not JSON (415), JSON of
/// the wrong shape (422), a server fault (500), all as problem documents.
fn document_common_errors(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, HttpMethod, RefOr, ResponseBuilder};
    let problem = || {
        ContentBuilder::new()
            .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
            .build()
    };
    let response = |what: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(what)
                .content("application/problem+json", problem())
                .build(),
        )
    };
    for item in openapi.paths.paths.values_mut() {
        let has_body = item.post.is_some() || item.put.is_some() || item.patch.is_some();
        for method in [
            HttpMethod::Get,
            HttpMethod::Post,
            HttpMethod::Put,
            HttpMethod::Patch,
        ] {
            let op = match method {
                HttpMethod::Get => item.get.as_mut(),
                HttpMethod::Post => item.post.as_mut(),
                HttpMethod::Put => item.put.as_mut(),
                HttpMethod::Patch => item.patch.as_mut(),
                _ => None,
            };
            let Some(op) = op else { continue };
            let r = &mut op.responses.responses;
            r.entry("400".into())
                .or_insert_with(|| response("Malformed request: a parameter of the wrong type, or a body that is not valid JSON"));
            if has_body && method != HttpMethod::Get {
                r.entry("415".into()).or_insert_with(|| {
                    response("The body is not sent as Content-Type: application/json")
                });
                r.entry("422".into()).or_insert_with(|| {
                    response("The JSON has a missing field or a field of the wrong type")
                });
            }
            r.entry("500".into())
                .or_insert_with(|| response("A fault of the server (logged)"));
        }
    }
}

/// Turns any error answer of a JSON route that is not yet a problem
/// document (axum's own 405, a rejection of a plain extractor) into one, in
/// the caller's language: no API error is ever `text/plain` (issue 13).
async fn problems_only(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let tr = api_lang_of(req.headers());
    let res = next.run(req).await;
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return res;
    }
    let (title, detail) = match status {
        StatusCode::NOT_FOUND => ("error-404-title", "error-404-detail"),
        StatusCode::METHOD_NOT_ALLOWED => ("error-405-title", "api-method-not-allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error-400-title", "error-form-too-large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("error-415-title", "api-json-content-type"),
        s if s.is_server_error() => ("error-500-title", "error-500-detail"),
        _ => ("error-400-title", "api-request-invalid"),
    };
    let body = super::Problem {
        kind: "about:blank".into(),
        title: tr.t(title),
        status: status.as_u16(),
        detail: tr.t(detail),
    };
    let mut out = (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::to_string(&body).unwrap_or_default(),
    )
        .into_response();
    if let Some(allow) = res.headers().get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

/// `Json<T>` for API handlers: a body that cannot be read is answered as a
/// problem document naming what is wrong, in the caller's language.
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let tr = api_lang_of(req.headers());
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(ApiError {
                error: e.into(),
                tr,
            }),
        }
    }
}

/// `Query<T>` for API handlers, with the rejection as a problem document.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let tr = api_lang(parts);
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(ApiError {
                error: e.into(),
                tr,
            }),
        }
    }
}

/// A page number of an API list: 1 to [`super::page::MAX_PAGE`], refused
/// with a clear message otherwise (the offset must fit on both backends).
pub fn api_page(page: Option<i64>, tr: Tr) -> Result<i64, ApiError> {
    match page.unwrap_or(1) {
        p @ 1..=super::page::MAX_PAGE => Ok(p),
        _ => Err(ApiError {
            error: AppError::BadRequest(
                crate::i18n::Msg::new("api-page-range").arg("max", super::page::MAX_PAGE),
            ),
            tr,
        }),
    }
}

/// The language of a JSON answer: `Accept-Language` starting with `en`
/// gives English, anything else Dutch.
pub fn api_lang(parts: &Parts) -> Tr {
    api_lang_of(&parts.headers)
}

pub fn api_lang_of(headers: &axum::http::HeaderMap) -> Tr {
    let en = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("en"));
    Tr::new(if en { Lang::En } else { Lang::Nl })
}

/// The caller of an API endpoint.
pub struct ApiUser {
    pub user: CurrentUser,
    pub tr: Tr,
}

impl ApiUser {
    /// Wraps an error in this caller's language.
    pub fn err(&self, e: impl Into<AppError>) -> ApiError {
        ApiError {
            error: e.into(),
            tr: self.tr,
        }
    }
}

impl<S> FromRequestParts<S> for ApiUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let tr = api_lang(parts);
        let fail = |error: AppError| ApiError { error, tr };
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let user = if let Some(key) = bearer {
            crate::auth::store::api_key_user(&state.db, key)
                .await
                .map_err(|e| fail(e.into()))?
        } else if parts.method == Method::GET || parts.method == Method::HEAD {
            // A browser session may read; changing data needs a key, so a
            // cross-site form can never act through the API.
            let session = Session::from_request_parts(parts, &state)
                .await
                .map_err(|(_, m)| fail(AppError::Internal(anyhow::anyhow!(m))))?;
            match session::user_of(&session)
                .await
                .map_err(|e| fail(e.into()))?
            {
                Some((id, v)) => crate::auth::store::session_user(&state.db, id, v)
                    .await
                    .map_err(|e| fail(e.into()))?,
                None => None,
            }
        } else {
            None
        };
        match user {
            Some(user) => Ok(ApiUser { user, tr }),
            None => Err(fail(AppError::Unauthenticated)),
        }
    }
}

/// The caller's own account and grants.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "auth",
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The signed-in account", body = CurrentUser),
        (status = 401, description = "Not signed in", body = super::Problem, content_type = "application/problem+json"),
    )
)]
async fn me(caller: ApiUser) -> Json<CurrentUser> {
    Json(caller.user)
}

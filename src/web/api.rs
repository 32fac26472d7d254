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
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(me))
        .merge(crate::institutions::routes::api_routes())
        .merge(crate::monitor::survey::api_routes::routes())
        .split_for_parts()
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

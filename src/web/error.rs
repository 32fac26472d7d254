//! One error type for HTML handlers ([`AppError`]) and its JSON twin
//! ([`ApiError`], `application/problem+json`). HTML error pages are rendered
//! by [`super::error_pages`], which knows the request's language.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::i18n::{Msg, Tr};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in: pages redirect to the login page, the API answers 401.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but this account must first choose a new password.
    #[error("password change required")]
    MustChangePassword,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A state-changing form without a valid CSRF token.
    #[error("csrf token missing or wrong")]
    Csrf,
    /// Bad input, with what is wrong.
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// Well-formed input that breaks a rule, with what is wrong.
    #[error("unprocessable: {0:?}")]
    Unprocessable(Msg),
    /// A body in a format the endpoint does not read (a JSON endpoint
    /// without `Content-Type: application/json`).
    #[error("unsupported media type: {0:?}")]
    UnsupportedMediaType(Msg),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Duplicate { .. }
            | StoreError::MissingReference { .. }
            | StoreError::WrongState { .. } => {
                AppError::Conflict(Msg::new("error-conflict-detail"))
            }
            other => AppError::Internal(other.into()),
        }
    }
}

/// A stored instrument that does not load is our fault (500); a store
/// error keeps its own meaning (not found, conflict).
impl From<crate::monitor::InstrumentError> for AppError {
    fn from(e: crate::monitor::InstrumentError) -> Self {
        match e {
            crate::monitor::InstrumentError::Store(e) => e.into(),
            other => AppError::Internal(other.into()),
        }
    }
}

/// A form axum-extra could not read: too large, or not a form.
impl From<axum_extra::extract::FormRejection> for AppError {
    fn from(e: axum_extra::extract::FormRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BadRequest(Msg::new("error-form-too-large"))
        } else {
            AppError::BadRequest(Msg::new("error-form-invalid"))
        }
    }
}

/// A JSON body axum could not read, said as what to fix (issue 13: these
/// were `text/plain` answers).
impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as J;
        let detail = e.body_text();
        match e {
            J::MissingJsonContentType(_) => {
                AppError::UnsupportedMediaType(Msg::new("api-json-content-type"))
            }
            J::JsonDataError(_) => {
                AppError::Unprocessable(Msg::new("api-json-data").arg("detail", detail))
            }
            J::JsonSyntaxError(_) => {
                AppError::BadRequest(Msg::new("api-json-syntax").arg("detail", detail))
            }
            _ if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::BadRequest(Msg::new("error-form-too-large"))
            }
            _ => AppError::BadRequest(Msg::new("api-json-syntax").arg("detail", detail)),
        }
    }
}

/// Query parameters of the wrong type (`page=abc`).
impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(e: axum::extract::rejection::QueryRejection) -> Self {
        AppError::BadRequest(Msg::new("api-query-invalid").arg("detail", e.body_text()))
    }
}

/// A path segment of the wrong type.
impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(e: axum::extract::rejection::PathRejection) -> Self {
        AppError::BadRequest(Msg::new("api-path-invalid").arg("detail", e.body_text()))
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<crate::auth::Forbidden> for AppError {
    fn from(_: crate::auth::Forbidden) -> Self {
        AppError::Forbidden
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::MustChangePassword | AppError::Forbidden | AppError::Csrf => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Catalogue keys of the title and explanation shown to the user.
    pub fn texts(&self) -> (Msg, Msg) {
        let (title, detail) = match self {
            AppError::Unauthenticated => ("error-401-title", "error-401-detail"),
            AppError::MustChangePassword => ("error-403-title", "password-change-required"),
            AppError::Forbidden => ("error-403-title", "error-403-detail"),
            AppError::NotFound => ("error-404-title", "error-404-detail"),
            AppError::Csrf => ("error-csrf-title", "error-csrf-detail"),
            AppError::BadRequest(m) => return (Msg::new("error-400-title"), m.clone()),
            AppError::Conflict(m) => return (Msg::new("error-409-title"), m.clone()),
            AppError::Unprocessable(m) => return (Msg::new("error-422-title"), m.clone()),
            AppError::UnsupportedMediaType(m) => return (Msg::new("error-415-title"), m.clone()),
            AppError::Internal(_) => ("error-500-title", "error-500-detail"),
        };
        (Msg::new(title), Msg::new(detail))
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            tracing::error!(error = format!("{e:#}"), "internal error");
        }
    }
}

/// Marks an error response for the error-page middleware, which renders
/// the page in the request's language.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub title: Msg,
    pub detail: Msg,
    pub kind: ErrorPageKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorPageKind {
    Page,
    Login,
    ChangePassword,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let (title, detail) = self.texts();
        let kind = match self {
            AppError::Unauthenticated => ErrorPageKind::Login,
            AppError::MustChangePassword => ErrorPageKind::ChangePassword,
            _ => ErrorPageKind::Page,
        };
        let mut res = self.status().into_response();
        res.extensions_mut().insert(ErrorPage {
            title,
            detail,
            kind,
        });
        res
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
}

/// [`AppError`] for JSON endpoints: answered as `application/problem+json`,
/// in the language of the `Accept-Language` header (Dutch by default).
#[derive(Debug)]
pub struct ApiError {
    pub error: AppError,
    pub tr: Tr,
}

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError {
            error: e.into(),
            tr: Tr::default(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.error.log();
        let status = self.error.status();
        let (title, detail) = self.error.texts();
        let body = Problem {
            kind: "about:blank".into(),
            title: self.tr.msg(&title),
            status: status.as_u16(),
            detail: self.tr.msg(&detail),
        };
        let json = serde_json::to_string(&body).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            json,
        )
            .into_response()
    }
}

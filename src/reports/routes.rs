//! A [`Document`] as a download in the format asked for (PDF, XLSX, or one
//! table as CSV) over HTTP; the rendering itself is `reports::file`, the
//! page form of a document `reports::view`.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::document::{Document, Labels};
use super::file::{self, RenderError};
use crate::web::AppError;

impl From<RenderError> for AppError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::UnknownTable(_) => AppError::NotFound,
            RenderError::UnknownFormat(_) => {
                AppError::BadRequest(e.msg().expect("a format error says what is wrong"))
            }
            RenderError::Failed(e) => AppError::Internal(e),
        }
    }
}

/// The document as a PDF, XLSX or one table as CSV, named `stem`, as an
/// attachment.
pub fn download(
    doc: &Document,
    labels: &Labels,
    format: &str,
    table: &str,
    stem: &str,
) -> Result<Response, AppError> {
    let f = file::render(doc, labels, format, table, stem)?;
    Ok((
        [
            (header::CONTENT_TYPE, f.mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", f.filename),
            ),
        ],
        f.bytes,
    )
        .into_response())
}

/// [`download`] off the async runtime (rendering a PDF is CPU work).
pub async fn render_download(
    doc: Document,
    labels: Labels,
    format: String,
    table: String,
    stem: String,
) -> Result<Response, AppError> {
    tokio::task::spawn_blocking(move || download(&doc, &labels, &format, &table, &stem))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
}

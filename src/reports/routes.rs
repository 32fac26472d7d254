//! A [`Document`] as a download in the format asked for (PDF, XLSX, or one
//! table as CSV). The page form of a document is in `reports::view`.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::document::{Document, Labels};
use super::{csv_out, pdf, xlsx};
use crate::i18n::Msg;
use crate::web::AppError;

/// The document as a PDF, XLSX or one table as CSV, named `stem`.
pub fn download(
    doc: &Document,
    labels: &Labels,
    format: &str,
    table: &str,
    stem: &str,
) -> Result<Response, AppError> {
    let (bytes, mime, ext) = match format {
        "pdf" | "praatplaat" => (
            pdf::render(doc, labels).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?,
            "application/pdf",
            "pdf",
        ),
        "xlsx" => (
            xlsx::workbook(doc, labels).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "csv" => {
            let t = doc.table(table).ok_or(AppError::NotFound)?;
            let mut out = Vec::new();
            csv_out::table_csv(t, labels, csv_out::CsvDialect::Excel, &mut out)
                .map_err(|e| AppError::Internal(e.into()))?;
            (out, "text/csv; charset=utf-8", "csv")
        }
        _ => {
            return Err(AppError::BadRequest(
                Msg::new("report-bad-format").arg("format", format),
            ));
        }
    };
    let name = if format == "csv" {
        format!("{stem}-{table}.{ext}")
    } else {
        format!("{stem}.{ext}")
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
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

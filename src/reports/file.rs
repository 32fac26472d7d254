//! A [`Document`] written as a file in the format asked for (PDF, XLSX, or
//! one table as CSV): bytes, type and file name, for the web's downloads
//! (`reports::routes`) and the command line's `report` alike.

use super::document::{Document, Labels};
use super::{csv_out, pdf, xlsx};
use crate::i18n::Msg;

/// A rendered file.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub filename: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("unknown format {0:?}")]
    UnknownFormat(String),
    #[error("unknown table {0:?}")]
    UnknownTable(String),
    #[error("rendering failed: {0}")]
    Failed(anyhow::Error),
}

impl RenderError {
    /// What the user can act on; `None` for a failure that is ours.
    pub fn msg(&self) -> Option<Msg> {
        match self {
            RenderError::UnknownFormat(f) => Some(Msg::new("report-bad-format").arg("format", f)),
            RenderError::UnknownTable(_) | RenderError::Failed(_) => None,
        }
    }
}

/// The document as `format` (`pdf`, `praatplaat` (a PDF), `xlsx` or
/// `csv` with `table`), named after `stem`.
pub fn render(
    doc: &Document,
    labels: &Labels,
    format: &str,
    table: &str,
    stem: &str,
) -> Result<Rendered, RenderError> {
    let failed = |e: String| RenderError::Failed(anyhow::anyhow!(e));
    let (bytes, mime, ext) = match format {
        "pdf" | "praatplaat" => (
            pdf::render(doc, labels).map_err(|e| failed(e.to_string()))?,
            "application/pdf",
            "pdf",
        ),
        "xlsx" => (
            xlsx::workbook(doc, labels).map_err(|e| failed(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "csv" => {
            let t = doc
                .table(table)
                .ok_or_else(|| RenderError::UnknownTable(table.to_string()))?;
            let mut out = Vec::new();
            csv_out::table_csv(t, labels, csv_out::CsvDialect::Excel, &mut out)
                .map_err(|e| RenderError::Failed(e.into()))?;
            (out, "text/csv; charset=utf-8", "csv")
        }
        other => return Err(RenderError::UnknownFormat(other.to_string())),
    };
    let filename = if format == "csv" {
        format!("{stem}-{table}.{ext}")
    } else {
        format!("{stem}.{ext}")
    };
    Ok(Rendered {
        bytes,
        mime,
        filename,
    })
}

//! Rendering shared by every part (DESIGN.md, "reports"): one document
//! model and the formats it is written in, free of any part's data.
//!
//! A part builds a [`document::Document`] (headings, paragraphs, key
//! figures, tables, SVG charts) from figures that already passed
//! disclosure control; the same document becomes an HTML page, a PDF
//! (`pdf`, typst), an XLSX workbook (`xlsx`) or one CSV per table
//! (`csv_out`). `charts` draws the SVG charts (plotters), `sav` writes and
//! reads SPSS system files (researcher microdata out, historical waves in).

pub mod charts;
pub mod csv_out;
pub mod document;
pub mod file;
pub mod pdf;
pub mod routes;
pub mod sav;
pub mod view;
pub mod xlsx;

//! A [`Document`] made ready for a web page: every block as plain view data
//! for the template `reports/blocks.html`, cells formatted with the locale
//! [`Labels`] that every rendering of a document uses. No web types: the
//! downloads are in `reports::routes`.

use super::document::{Block, Document, Labels, format_cell};
use crate::i18n::Tr;

/// The locale conventions of `tr`'s language with the catalogue's
/// suppression marker ("<10"), for every document the platform renders.
pub fn labels(tr: &Tr, min_group: u64) -> Labels {
    Labels::for_lang(
        tr.lang.code(),
        tr.t1("report-suppressed-marker", "min", min_group),
    )
}

/// A block made ready for the template (cells formatted, CSV link set).
pub struct ViewBlock {
    pub kind: &'static str,
    pub level: u8,
    pub text: String,
    pub items: Vec<String>,
    pub figures: Vec<(String, String)>,
    pub table: Option<ViewTable>,
    pub svg: String,
}

pub struct ViewTable {
    pub id: String,
    pub title: String,
    pub headers: Vec<(String, bool)>,
    pub rows: Vec<Vec<(String, bool)>>,
    pub note: Option<String>,
    pub csv: String,
}

pub fn view_blocks(doc: &Document, labels: &Labels, csv_base: &str) -> Vec<ViewBlock> {
    let empty = |kind| ViewBlock {
        kind,
        level: 2,
        text: String::new(),
        items: Vec::new(),
        figures: Vec::new(),
        table: None,
        svg: String::new(),
    };
    doc.blocks
        .iter()
        .filter_map(|b| {
            Some(match b {
                Block::Heading { level, text } => ViewBlock {
                    // The page title is the h1; document headings start at h2.
                    level: (*level).clamp(1, 3) + 1,
                    text: text.clone(),
                    ..empty("heading")
                },
                Block::Paragraph(t) => ViewBlock {
                    text: t.clone(),
                    ..empty("paragraph")
                },
                Block::Bullets(items) => ViewBlock {
                    items: items.clone(),
                    ..empty("bullets")
                },
                Block::Numbered(items) => ViewBlock {
                    items: items.clone(),
                    ..empty("numbered")
                },
                Block::KeyFigures(k) => ViewBlock {
                    figures: k
                        .iter()
                        .map(|f| (f.label.clone(), f.value.clone()))
                        .collect(),
                    ..empty("figures")
                },
                Block::Chart(c) => ViewBlock {
                    svg: c.svg.clone(),
                    text: c.caption.clone().unwrap_or_default(),
                    ..empty("chart")
                },
                Block::Table(t) => ViewBlock {
                    table: Some(ViewTable {
                        id: t.id.clone(),
                        title: t.title.clone(),
                        headers: t
                            .columns
                            .iter()
                            .map(|c| (c.header.clone(), c.kind.is_numeric()))
                            .collect(),
                        rows: (0..t.rows.len())
                            .map(|r| {
                                t.columns
                                    .iter()
                                    .enumerate()
                                    .map(|(c, col)| {
                                        (
                                            format_cell(col.kind, t.cell(r, c), labels),
                                            col.kind.is_numeric(),
                                        )
                                    })
                                    .collect()
                            })
                            .collect(),
                        note: t.note.clone(),
                        csv: format!("{csv_base}&table={}", t.id),
                    }),
                    ..empty("table")
                },
                Block::PageBreak => return None,
            })
        })
        .collect()
}

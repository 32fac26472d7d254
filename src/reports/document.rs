//! The one model every report in the platform is written in.
//!
//! A report is built once as a [`Document`] and then rendered to PDF
//! (`pdf`), XLSX (`xlsx`) and CSV (`csv_out`); charts are SVG strings made
//! by `charts`. Every user-visible string arrives already translated: the
//! engine adds no words of its own, only the locale conventions in
//! [`Labels`] (suppression marker, decimal and group separators).

use serde::{Deserialize, Serialize};

/// How a document is laid out on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// A4 portrait, multi-page report.
    Report,
    /// One-page "praatplaat": A4 landscape, charts, key figures and
    /// discussion questions in big type.
    Poster,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    /// "nl" or "en"; becomes the PDF language and picks hyphenation.
    pub lang: String,
    pub layout: Layout,
    pub blocks: Vec<Block>,
    /// Shown at the foot of every page, e.g. when it was generated and
    /// which disclosure rule applied.
    pub footer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Block {
    /// `level` is 1..=3; other values are clamped when rendering.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    Bullets(Vec<String>),
    Numbered(Vec<String>),
    /// Shown as big tiles.
    KeyFigures(Vec<KeyFigure>),
    Table(Table),
    Chart(Chart),
    PageBreak,
}

impl Document {
    /// Rounds every number in its tables to the precision its column shows,
    /// so a download carries no more digits than the page (issue 11:
    /// "exports rounded to the precision shown on the page").
    pub fn round_to_shown(&mut self) {
        for block in &mut self.blocks {
            if let Block::Table(t) = block {
                for row in &mut t.rows {
                    for (cell, col) in row.iter_mut().zip(&t.columns) {
                        if let Cell::Number(x) = cell {
                            *x = col.kind.round(*x);
                        }
                    }
                }
            }
        }
    }
}

impl ColumnKind {
    /// `x` at the precision this column shows.
    pub fn round(&self, x: f64) -> f64 {
        let decimals = match self {
            ColumnKind::Text => return x,
            ColumnKind::Integer => 0,
            ColumnKind::Decimal(d) => i32::from(*d),
            // A share 0..1 shown as a whole percentage.
            ColumnKind::Percent => 2,
        };
        let f = 10f64.powi(decimals);
        (x * f).round() / f
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFigure {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Table {
    /// ASCII slug; the XLSX sheet name (cleaned, at most 31 characters) and
    /// the CSV file name.
    pub id: String,
    pub title: String,
    pub columns: Vec<Column>,
    /// Each row has one cell per column; missing trailing cells count as
    /// [`Cell::Empty`].
    pub rows: Vec<Vec<Cell>>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Column {
    pub header: String,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnKind {
    Text,
    Integer,
    /// Number of decimals shown.
    Decimal(u8),
    /// Value 0..1, shown as "42 %".
    Percent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// Hidden by disclosure control (group too small): shown as
    /// [`Labels::suppressed_marker`], never as zero or blank.
    Suppressed,
    Empty,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chart {
    /// A complete SVG document, as made by `charts`.
    pub svg: String,
    /// Text alternative for readers who cannot see the chart.
    pub alt: String,
    pub caption: Option<String>,
}

/// Locale conventions and markers the renderers need; the caller fills it
/// from the message catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    /// Shown for [`Cell::Suppressed`] and suppressed chart values, e.g. "<10".
    pub suppressed_marker: String,
    pub decimal_separator: char,
    /// Groups thousands in numbers of five or more integer digits.
    pub group_separator: Option<char>,
    /// Appended to percentages, e.g. "\u{a0}%" (no-break space) or "%".
    pub percent_suffix: String,
}

impl Labels {
    /// Dutch conventions for "nl" (`12.345,6` and `42 %`), English ones
    /// otherwise (`12,345.6` and `42%`).
    pub fn for_lang(lang: &str, suppressed_marker: impl Into<String>) -> Self {
        let dutch = lang.eq_ignore_ascii_case("nl") || lang.to_ascii_lowercase().starts_with("nl-");
        Labels {
            suppressed_marker: suppressed_marker.into(),
            decimal_separator: if dutch { ',' } else { '.' },
            group_separator: Some(if dutch { '.' } else { ',' }),
            percent_suffix: if dutch { "\u{a0}%" } else { "%" }.to_owned(),
        }
    }
}

impl Document {
    /// All tables in reading order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Table(table) => Some(table),
            _ => None,
        })
    }

    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables().find(|table| table.id == id)
    }
}

impl Table {
    /// The cell at `row`, `col`, with missing trailing cells read as empty.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|cells| cells.get(col))
            .unwrap_or(&EMPTY)
    }
}

impl ColumnKind {
    /// Decimals shown for a number in this column (`None`: as computed).
    pub fn decimals(self) -> Option<u8> {
        match self {
            ColumnKind::Text => None,
            ColumnKind::Integer | ColumnKind::Percent => Some(0),
            ColumnKind::Decimal(decimals) => Some(decimals),
        }
    }

    pub fn is_numeric(self) -> bool {
        !matches!(self, ColumnKind::Text)
    }
}

/// A cell as a reader sees it in the PDF.
pub fn format_cell(kind: ColumnKind, cell: &Cell, labels: &Labels) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Suppressed => labels.suppressed_marker.clone(),
        Cell::Empty => String::new(),
        Cell::Number(value) => match kind {
            ColumnKind::Percent => {
                let mut out = format_number(value * 100.0, 0, labels);
                if !out.is_empty() {
                    out.push_str(&labels.percent_suffix);
                }
                out
            }
            ColumnKind::Text => format_plain(*value, labels.decimal_separator),
            ColumnKind::Integer | ColumnKind::Decimal(_) => {
                format_number(*value, kind.decimals().unwrap_or(0), labels)
            }
        },
    }
}

/// `value` rounded to `decimals`, with the locale's separators; empty for
/// NaN and infinities (they mean "no value", never a number to print).
pub fn format_number(value: f64, decimals: u8, labels: &Labels) -> String {
    let Some(fixed) = fixed(value, decimals) else {
        return String::new();
    };
    let (sign, digits) = match fixed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", fixed.as_str()),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((int_part, frac_part)) => (int_part, Some(frac_part)),
        None => (digits, None),
    };
    let mut out = String::from(sign);
    match labels.group_separator {
        Some(group) if int_part.len() >= 5 => {
            for (i, digit) in int_part.chars().enumerate() {
                if i > 0 && (int_part.len() - i) % 3 == 0 {
                    out.push(group);
                }
                out.push(digit);
            }
        }
        _ => out.push_str(int_part),
    }
    if let Some(frac_part) = frac_part {
        out.push(labels.decimal_separator);
        out.push_str(frac_part);
    }
    out
}

/// `value` with exactly `decimals` decimals, '.' as separator, no group
/// separators and no "-0"; `None` for NaN and infinities.
pub fn fixed(value: f64, decimals: u8) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let out = format!("{value:.*}", usize::from(decimals));
    // "-0.00" is a rounding artefact, not a negative number.
    if out.starts_with('-') && out[1..].chars().all(|c| c == '0' || c == '.') {
        return Some(out[1..].to_owned());
    }
    Some(out)
}

/// Full precision, as computed, with the given decimal separator.
fn format_plain(value: f64, decimal_separator: char) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let out = value.to_string();
    if decimal_separator == '.' {
        out
    } else {
        out.replace('.', &decimal_separator.to_string())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A document with every kind of block; shared by the renderers' tests.
    pub(crate) fn sample_document(layout: Layout) -> Document {
        let table = Table {
            id: "domeinen".to_owned(),
            title: "Scores per domein".to_owned(),
            columns: vec![
                Column {
                    header: "Domein".to_owned(),
                    kind: ColumnKind::Text,
                },
                Column {
                    header: "Aantal".to_owned(),
                    kind: ColumnKind::Integer,
                },
                Column {
                    header: "Gemiddelde".to_owned(),
                    kind: ColumnKind::Decimal(1),
                },
                Column {
                    header: "Aandeel".to_owned(),
                    kind: ColumnKind::Percent,
                },
            ],
            rows: vec![
                vec![
                    Cell::Text("Informatievaardigheden".to_owned()),
                    Cell::Number(1234.0),
                    Cell::Number(62.345),
                    Cell::Number(0.423),
                ],
                vec![
                    Cell::Text("=SUM(A1:A2)".to_owned()),
                    Cell::Suppressed,
                    Cell::Suppressed,
                    Cell::Suppressed,
                ],
                vec![
                    Cell::Text("A & <B>".to_owned()),
                    Cell::Number(12.0),
                    Cell::Empty,
                    Cell::Number(1.0),
                ],
            ],
            note: Some("Groepen kleiner dan 10 zijn niet getoond.".to_owned()),
        };
        Document {
            title: "Monitor Digitale Bekwaamheid 2026".to_owned(),
            subtitle: Some("ROC Voorbeeld".to_owned()),
            lang: "nl".to_owned(),
            layout,
            blocks: vec![
                Block::Heading {
                    level: 1,
                    text: "Samenvatting".to_owned(),
                },
                Block::Paragraph("Letterlijk: #panic() en *vet* en $x$ en <b>".to_owned()),
                Block::Bullets(vec!["Eerste punt".to_owned(), "Tweede punt".to_owned()]),
                Block::Numbered(vec![
                    "Wat valt op?".to_owned(),
                    "Wat herkent u?".to_owned(),
                    "Wat gaat u doen?".to_owned(),
                ]),
                Block::KeyFigures(vec![
                    KeyFigure {
                        label: "Respondenten".to_owned(),
                        value: "1.234".to_owned(),
                    },
                    KeyFigure {
                        label: "Respons".to_owned(),
                        value: "42\u{a0}%".to_owned(),
                    },
                ]),
                Block::Table(table),
                Block::Chart(Chart {
                    svg: r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect x="0" y="0" width="60" height="50" fill="#01689b"/></svg>"##.to_owned(),
                    alt: "Balk van 60 procent".to_owned(),
                    caption: Some("Figuurbijschrift domeinscores".to_owned()),
                }),
                Block::PageBreak,
                Block::Heading {
                    level: 2,
                    text: "Bijlage".to_owned(),
                },
            ],
            footer: "Gegenereerd op 2026-11-29 · groepen kleiner dan 10 zijn niet getoond"
                .to_owned(),
        }
    }

    fn nl() -> Labels {
        Labels::for_lang("nl", "<10")
    }

    #[test]
    fn dutch_numbers_use_a_decimal_comma_and_group_dots() {
        assert_eq!(format_number(62.345, 1, &nl()), "62,3");
        assert_eq!(format_number(12345.5, 0, &nl()), "12.346");
        assert_eq!(format_number(1234.0, 0, &nl()), "1234");
        assert_eq!(format_number(-1234567.0, 2, &nl()), "-1.234.567,00");
    }

    #[test]
    fn english_numbers_use_a_decimal_point() {
        let en = Labels::for_lang("en", "<10");
        assert_eq!(format_number(62.346, 2, &en), "62.35");
        assert_eq!(format_number(12345.0, 0, &en), "12,345");
    }

    #[test]
    fn rounding_never_shows_minus_zero() {
        assert_eq!(format_number(-0.004, 2, &nl()), "0,00");
        assert_eq!(fixed(-0.0, 0).as_deref(), Some("0"));
    }

    #[test]
    fn cells_are_formatted_per_column_kind() {
        let labels = nl();
        assert_eq!(
            format_cell(ColumnKind::Percent, &Cell::Number(0.423), &labels),
            "42\u{a0}%"
        );
        assert_eq!(
            format_cell(ColumnKind::Integer, &Cell::Suppressed, &labels),
            "<10"
        );
        assert_eq!(
            format_cell(ColumnKind::Decimal(1), &Cell::Empty, &labels),
            ""
        );
        assert_eq!(
            format_cell(ColumnKind::Decimal(1), &Cell::Number(f64::NAN), &labels),
            ""
        );
        assert_eq!(
            format_cell(ColumnKind::Text, &Cell::Number(0.5), &labels),
            "0,5"
        );
    }

    #[test]
    fn tables_are_found_by_id() {
        let doc = sample_document(Layout::Report);
        assert_eq!(doc.tables().count(), 1);
        assert_eq!(doc.table("domeinen").map(|t| t.rows.len()), Some(3));
        assert!(doc.table("missing").is_none());
    }

    #[test]
    fn short_rows_read_as_empty_cells() {
        let mut doc = sample_document(Layout::Report);
        let Some(Block::Table(table)) =
            doc.blocks.iter_mut().find(|b| matches!(b, Block::Table(_)))
        else {
            panic!("sample has a table");
        };
        table.rows.push(vec![Cell::Text("kort".to_owned())]);
        assert_eq!(table.cell(3, 2), &Cell::Empty);
    }
}

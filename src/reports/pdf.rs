//! PDF rendering of a [`Document`] with Typst.
//!
//! One generic template (`report.typ`) lays out every report and
//! praatplaat. The document goes in as JSON bytes in `sys.inputs.doc`;
//! the template only inserts its strings as text, so user text such as
//! `#panic()` or `*bold*` is printed literally, never evaluated. Charts
//! travel inside the same JSON as SVG strings and become `image(bytes(..))`.
//!
//! Tables always fit their page (issue 13): the template measures every
//! column and takes the first layout that fits, headers on one line, then
//! wrapped at their spaces, then (number columns) rotated, and finally the
//! table split into parts that each repeat the row labels. A report's table
//! that fits a landscape page with horizontal headers, but a portrait page
//! only with rotated ones, gets a landscape page of its own.
//!
//! Fonts are the ones embedded by `typst-assets` (Libertinus Serif for text,
//! New Computer Modern, DejaVu Sans Mono); no system fonts, so output does
//! not depend on the machine. The PDF has no creation date: the same
//! document gives the same bytes.
//!
//! Rendering is CPU-bound (tens of milliseconds for a few pages in a
//! release build, much more in debug): call [`render`] from
//! `tokio::task::spawn_blocking`, never directly on the async runtime.

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Dict, IntoValue};
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::document::{Block, Document, KeyFigure, Labels, Layout, Table, format_cell};

static TEMPLATE: &str = include_str!("../../templates/typst/report.typ");

/// Fonts and template are parsed once per process and shared by all renders.
static ENGINE: LazyLock<TypstEngine<TypstTemplateMainFile>> = LazyLock::new(|| {
    TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(typst_assets::fonts())
        // Keep Typst's memoisation cache across a few renders (template
        // parsing, fonts); older entries are dropped so memory stays bounded.
        .comemo_evict_max_age(Some(5))
        .build()
});

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("could not serialise the document for the template: {0}")]
    Input(#[from] serde_json::Error),
    #[error("typst could not lay out the document: {0}")]
    Compile(String),
    #[error("typst could not write the PDF: {0}")]
    Export(String),
}

/// Renders `doc` to PDF bytes. CPU-bound: run it in `spawn_blocking`.
pub fn render(doc: &Document, labels: &Labels) -> Result<Vec<u8>, PdfError> {
    let json = serde_json::to_vec(&View::new(doc, labels))?;
    let mut inputs = Dict::new();
    inputs.insert("doc".into(), Bytes::new(json).into_value());
    let paged: PagedDocument = ENGINE
        .compile_with_input(inputs)
        .output
        .map_err(|err| PdfError::Compile(describe(&err)))?;
    typst_pdf::pdf(&paged, &PdfOptions::default()).map_err(|diags| PdfError::Export(join(&diags)))
}

fn describe(err: &TypstAsLibError) -> String {
    match err {
        TypstAsLibError::TypstSource(diags) => join(diags),
        other => other.to_string(),
    }
}

fn join(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let mut text = d.message.to_string();
            for hint in &d.hints {
                text.push_str(" (hint: ");
                text.push_str(hint.v.as_str());
                text.push(')');
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the template reads: the document with cells already formatted, so
/// the template never formats numbers or picks words.
#[derive(Serialize)]
struct View<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    lang: String,
    layout: Layout,
    footer: &'a str,
    blocks: Vec<ViewBlock<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum ViewBlock<'a> {
    Heading {
        level: u8,
        text: &'a str,
    },
    Paragraph {
        text: &'a str,
    },
    Bullets {
        items: &'a [String],
    },
    Numbered {
        items: &'a [String],
    },
    Figures {
        items: &'a [KeyFigure],
    },
    Table {
        title: Option<&'a str>,
        headers: Vec<&'a str>,
        /// "left" or "right" per column.
        align: Vec<&'static str>,
        rows: Vec<Vec<String>>,
        note: Option<&'a str>,
    },
    Chart {
        svg: &'a str,
        alt: &'a str,
        caption: Option<&'a str>,
        /// Width / height from the viewBox, so the template can fit the
        /// chart into the space left on a page or poster cell.
        aspect: Option<f64>,
    },
    Pagebreak,
}

impl<'a> View<'a> {
    fn new(doc: &'a Document, labels: &Labels) -> Self {
        View {
            title: &doc.title,
            subtitle: doc.subtitle.as_deref().filter(|s| !s.is_empty()),
            lang: typst_lang(&doc.lang),
            layout: doc.layout,
            footer: &doc.footer,
            blocks: doc
                .blocks
                .iter()
                .map(|b| ViewBlock::new(b, labels))
                .collect(),
        }
    }
}

impl<'a> ViewBlock<'a> {
    fn new(block: &'a Block, labels: &Labels) -> Self {
        match block {
            Block::Heading { level, text } => ViewBlock::Heading {
                level: (*level).clamp(1, 3),
                text,
            },
            Block::Paragraph(text) => ViewBlock::Paragraph { text },
            Block::Bullets(items) => ViewBlock::Bullets { items },
            Block::Numbered(items) => ViewBlock::Numbered { items },
            Block::KeyFigures(items) => ViewBlock::Figures { items },
            Block::Table(table) => table_view(table, labels),
            Block::Chart(chart) => ViewBlock::Chart {
                svg: &chart.svg,
                alt: &chart.alt,
                caption: chart.caption.as_deref().filter(|s| !s.is_empty()),
                aspect: svg_aspect(&chart.svg),
            },
            Block::PageBreak => ViewBlock::Pagebreak,
        }
    }
}

fn table_view<'a>(table: &'a Table, labels: &Labels) -> ViewBlock<'a> {
    let columns = &table.columns;
    ViewBlock::Table {
        title: Some(table.title.as_str()).filter(|s| !s.is_empty()),
        headers: columns.iter().map(|c| c.header.as_str()).collect(),
        align: columns
            .iter()
            .map(|c| if c.kind.is_numeric() { "right" } else { "left" })
            .collect(),
        // Exactly one cell per column: Typst would shift every later cell.
        rows: (0..table.rows.len())
            .map(|r| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(c, column)| format_cell(column.kind, table.cell(r, c), labels))
                    .collect()
            })
            .collect(),
        note: table.note.as_deref().filter(|s| !s.is_empty()),
    }
}

/// Width / height of the root `viewBox`, if there is a usable one.
fn svg_aspect(svg: &str) -> Option<f64> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let (_, rest) = root.split_once("viewBox=\"")?;
    let (value, _) = rest.split_once('"')?;
    let numbers: Vec<f64> = value
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && (w / h).is_finite() => Some(w / h),
        _ => None,
    }
}

/// Typst accepts only a two- or three-letter ISO 639 code.
fn typst_lang(lang: &str) -> String {
    let code = lang
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()) {
        code
    } else {
        "und".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::process::{Command, Stdio};
    use std::time::Instant;

    use super::super::charts::{
        self, Bar, BarChart, DistributionChart, DistributionRow, TrendChart, TrendSeries,
    };
    use super::super::document::tests::sample_document;
    use super::super::document::{Cell, Chart, Column, ColumnKind};
    use super::*;

    fn labels() -> Labels {
        Labels::for_lang("nl", "<10")
    }

    /// Text of a PDF as `pdftotext -layout` sees it. Fails when poppler is
    /// missing: the PDF tests must not pass without looking at the output.
    fn pdf_text(pdf: &[u8]) -> String {
        let mut child = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8", "-", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("pdftotext is required for the PDF tests: apt-get install -y poppler-utils");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(pdf)
            .expect("write pdf");
        let out = child.wait_with_output().expect("pdftotext runs");
        assert!(
            out.status.success(),
            "pdftotext failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 text")
    }

    /// Keeps a copy for a human look when `REPORTS_DUMP_DIR` is set.
    fn dump(name: &str, bytes: &[u8]) {
        if let Ok(dir) = std::env::var("REPORTS_DUMP_DIR") {
            std::fs::create_dir_all(&dir).expect("dump dir");
            std::fs::write(std::path::Path::new(&dir).join(name), bytes).expect("dump");
        }
    }

    fn page_count(text: &str) -> usize {
        // pdftotext ends every page with a form feed.
        text.matches('\u{c}').count()
    }

    fn domain_chart() -> Chart {
        let names = [
            "Informatie",
            "Communicatie",
            "Content creëren",
            "Veiligheid",
            "Probleemoplossing",
            "Didactiek",
            "Professionele ontwikkeling",
            "Organisatie",
        ];
        let spec = BarChart {
            title: "Score per domein".to_owned(),
            desc: "Acht domeinen, instelling en sector".to_owned(),
            max: 100.0,
            decimals: 0,
            value_suffix: String::new(),
            series_label: "ROC Voorbeeld".to_owned(),
            benchmark_label: Some("Sector".to_owned()),
            bars: names
                .iter()
                .enumerate()
                .map(|(i, name)| Bar {
                    label: (*name).to_owned(),
                    value: (i != 3).then_some(40.0 + 5.0 * i as f64),
                    benchmark: Some(55.0),
                })
                .collect(),
            labels: labels(),
        };
        Chart {
            svg: charts::bars(&spec),
            alt: spec.desc.clone(),
            caption: Some("Bijschrift bij de domeinen".to_owned()),
        }
    }

    fn trend_chart() -> Chart {
        let spec = TrendChart {
            title: "Ontwikkeling".to_owned(),
            desc: "Score per meting".to_owned(),
            waves: ["2017", "2020", "2022", "2024", "2026"]
                .map(String::from)
                .to_vec(),
            series: vec![
                TrendSeries {
                    label: "ROC Voorbeeld".to_owned(),
                    values: vec![Some(50.0), None, Some(58.0), Some(61.0), Some(64.0)],
                },
                TrendSeries {
                    label: "Sector".to_owned(),
                    values: vec![Some(52.0), Some(54.0), Some(57.0), Some(59.0), Some(60.0)],
                },
            ],
            min: 0.0,
            max: 100.0,
            decimals: 0,
            labels: labels(),
        };
        Chart {
            svg: charts::trend(&spec),
            alt: spec.desc.clone(),
            caption: Some("Bijschrift bij de trend".to_owned()),
        }
    }

    fn distribution_chart() -> Chart {
        let spec = DistributionChart {
            title: "Niveaus".to_owned(),
            desc: "Aandeel per niveau".to_owned(),
            categories: ["Starter", "Gevorderd", "Expert"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                DistributionRow {
                    label: "Informatie".to_owned(),
                    shares: Some(vec![0.25, 0.5, 0.25]),
                },
                DistributionRow {
                    label: "Veiligheid".to_owned(),
                    shares: None,
                },
            ],
            labels: labels(),
        };
        Chart {
            svg: charts::distribution(&spec),
            alt: spec.desc.clone(),
            caption: None,
        }
    }

    /// About six pages: every block kind, real charts and a long table.
    fn long_report() -> Document {
        let mut doc = sample_document(Layout::Report);
        doc.blocks.push(Block::Chart(domain_chart()));
        doc.blocks.push(Block::Chart(trend_chart()));
        doc.blocks.push(Block::Chart(distribution_chart()));
        for section in 1..=4 {
            doc.blocks.push(Block::Heading {
                level: 2,
                text: format!("Opleiding {section}"),
            });
            doc.blocks.push(Block::Paragraph(
                "Deze paragraaf beschrijft de uitkomsten. ".repeat(12),
            ));
        }
        doc.blocks.push(Block::Table(Table {
            id: "lang".to_owned(),
            title: "Alle teams".to_owned(),
            columns: vec![
                Column {
                    header: "Team".to_owned(),
                    kind: ColumnKind::Text,
                },
                Column {
                    header: "n".to_owned(),
                    kind: ColumnKind::Integer,
                },
                Column {
                    header: "Score".to_owned(),
                    kind: ColumnKind::Decimal(1),
                },
            ],
            rows: (0..90)
                .map(|i| {
                    vec![
                        Cell::Text(format!("Team {i:02}")),
                        if i % 7 == 0 {
                            Cell::Suppressed
                        } else {
                            Cell::Number(f64::from(10 + i))
                        },
                        Cell::Number(50.0 + f64::from(i) / 3.0),
                    ]
                })
                .collect(),
            note: None,
        }));
        doc
    }

    #[test]
    fn a_report_shows_its_texts_and_prints_user_markup_literally() {
        let pdf = render(&sample_document(Layout::Report), &labels()).expect("renders");
        dump("sample.pdf", &pdf);
        assert!(pdf.starts_with(b"%PDF-"));
        let text = pdf_text(&pdf);
        for expected in [
            "Monitor Digitale Bekwaamheid 2026",
            "ROC Voorbeeld",
            "Samenvatting",
            "#panic()",
            "*vet*",
            "$x$",
            "<b>",
            "Informatievaardigheden",
            "62,3",
            "=SUM(A1:A2)",
            "A & <B>",
            "<10",
            "Figuurbijschrift domeinscores",
            "Groepen kleiner dan 10 zijn niet getoond.",
            "Respondenten",
            "Wat gaat u doen?",
            "Gegenereerd op 2026-11-29",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
        // Page numbers "1 / 2"; pdftotext drops the thin spaces around '/'.
        let squeezed: String = text.split_whitespace().collect();
        assert!(
            squeezed.contains("1/2") && squeezed.contains("2/2"),
            "{text}"
        );
    }

    #[test]
    fn a_six_page_report_with_charts_renders_quickly_and_repeats_table_headers() {
        let doc = long_report();
        // The first render in a process pays for parsing fonts and template.
        let started = Instant::now();
        let pdf = render(&doc, &labels()).expect("renders");
        let first = started.elapsed();
        let started = Instant::now();
        let again = render(&doc, &labels()).expect("renders");
        let same = started.elapsed();
        // Another institution's report: new texts, the engine still warm.
        let mut other = doc.clone();
        other.subtitle = Some("ROC Ander".to_owned());
        other
            .blocks
            .insert(1, Block::Paragraph("Een andere inleiding. ".repeat(20)));
        let started = Instant::now();
        render(&other, &labels()).expect("renders");
        let warm = started.elapsed();
        dump("long.pdf", &pdf);
        let text = pdf_text(&pdf);
        let pages = page_count(&text);
        println!(
            "report: {pages} pages, {} KiB; cold render {first:?}, same document again {same:?}, \
             other document {warm:?} ({})",
            pdf.len() / 1024,
            if cfg!(debug_assertions) {
                "debug build"
            } else {
                "release build"
            }
        );
        assert!((5..=8).contains(&pages), "{pages} pages");
        assert_eq!(pdf, again, "same document, same bytes");
        for expected in [
            "Bijschrift bij de domeinen",
            "Bijschrift bij de trend",
            "Team 89",
            "Sector",
        ] {
            assert!(text.contains(expected), "{expected:?} missing");
        }
        // The table spans pages; its header row comes back on each of them.
        let pages_with_table: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| p.contains("Team "))
            .collect();
        assert!(pages_with_table.len() >= 2);
        for page in pages_with_table {
            assert!(
                page.contains("Score"),
                "header missing on a continued page:\n{page}"
            );
        }
        if !cfg!(debug_assertions) {
            assert!(warm.as_secs_f64() < 1.0, "render took {warm:?}");
        }
    }

    #[test]
    fn chart_text_is_drawn_with_an_embedded_font() {
        let mut doc = sample_document(Layout::Report);
        doc.blocks = vec![Block::Chart(domain_chart())];
        let text = pdf_text(&render(&doc, &labels()).expect("renders"));
        // Labels inside the SVG come out as real text, not outlines.
        for expected in ["Score per domein", "Probleemoplossing", "Sector", "<10"] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
    }

    #[test]
    fn a_poster_is_one_landscape_page() {
        let mut doc = sample_document(Layout::Poster);
        doc.blocks
            .retain(|b| !matches!(b, Block::Table(_) | Block::Chart(_)));
        doc.blocks.insert(1, Block::Chart(domain_chart()));
        doc.blocks.insert(2, Block::Chart(trend_chart()));
        let pdf = render(&doc, &labels()).expect("renders");
        dump("poster.pdf", &pdf);
        let text = pdf_text(&pdf);
        assert_eq!(page_count(&text), 1, "{text}");
        for expected in [
            "Monitor Digitale Bekwaamheid 2026",
            "Wat valt op?",
            "Wat gaat u doen?",
            "Respondenten",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
        assert!(text.split_whitespace().collect::<String>().contains("1/1"));
        let raw = String::from_utf8_lossy(&pdf);
        // A4 landscape: 841.89 x 595.28 pt.
        assert!(
            raw.contains("841.8") && raw.contains("595.2"),
            "not A4 landscape"
        );
    }

    #[test]
    fn metadata_carries_title_and_language() {
        let pdf = render(&sample_document(Layout::Report), &labels()).expect("renders");
        let info = Command::new("pdfinfo")
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let mut child = info.expect("pdfinfo (poppler-utils) is required");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&pdf)
            .expect("write");
        let out = child.wait_with_output().expect("pdfinfo runs");
        let info = String::from_utf8_lossy(&out.stdout);
        assert!(
            info.contains("Title:") && info.contains("Monitor Digitale Bekwaamheid 2026"),
            "{info}"
        );
        let raw = String::from_utf8_lossy(&pdf);
        assert!(
            raw.contains("/Lang(nl)") || raw.contains("/Lang (nl)"),
            "no /Lang nl in the PDF"
        );
    }

    #[test]
    fn chart_aspect_comes_from_the_view_box() {
        assert_eq!(
            svg_aspect(r#"<svg viewBox="0 0 440 220" width="100%">"#),
            Some(2.0)
        );
        assert_eq!(svg_aspect(r#"<svg viewBox="0,0,100,50">"#), Some(2.0));
        assert_eq!(svg_aspect(r#"<svg width="10">"#), None);
        assert_eq!(svg_aspect(r#"<svg viewBox="0 0 10 0">"#), None);
        assert_eq!(svg_aspect("not svg"), None);
    }

    #[test]
    fn odd_language_codes_do_not_break_rendering() {
        assert_eq!(typst_lang("nl-NL"), "nl");
        assert_eq!(typst_lang("EN"), "en");
        assert_eq!(typst_lang(""), "und");
        assert_eq!(typst_lang("x1"), "und");
        let mut doc = sample_document(Layout::Report);
        doc.lang = "?".to_owned();
        assert!(render(&doc, &labels()).is_ok());
    }

    #[test]
    fn empty_and_ragged_tables_render() {
        let mut doc = sample_document(Layout::Report);
        doc.blocks.push(Block::Table(Table {
            id: "leeg".to_owned(),
            title: String::new(),
            columns: vec![],
            rows: vec![vec![Cell::Text("zonder kolom".to_owned())]],
            note: None,
        }));
        doc.blocks.push(Block::Table(Table {
            id: "kort".to_owned(),
            title: "Korte rij".to_owned(),
            columns: vec![
                Column {
                    header: "A".to_owned(),
                    kind: ColumnKind::Text,
                },
                Column {
                    header: "B".to_owned(),
                    kind: ColumnKind::Percent,
                },
            ],
            rows: vec![vec![Cell::Text("alleen A".to_owned())], vec![]],
            note: Some(String::new()),
        }));
        let text = pdf_text(&render(&doc, &labels()).expect("renders"));
        assert!(text.contains("alleen A"));
    }
}

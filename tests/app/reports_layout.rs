//! The PDF reports' layout (issue 13, item 1): with the demo's widest
//! tables (the institution report's eleven-column domain table, its trend
//! over five waves and its teams with eight domains; the sector report's
//! institutions with eight domains; the programme's financial report), no
//! two words of the PDF overlap and none leaves the page, as poppler
//! (`pdftotext -bbox`) reads the file; and tables wider than any page are
//! rotated or split so that they fit too.

use crate::helpers::TestApp;
use crate::on_both;

on_both!(the_demos_widest_tables_fit_their_pdf_pages);

/// A word of a PDF page as `pdftotext -bbox` places it, in points from the
/// top left.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// Pages (width, height) and the words on them.
fn words(pdf: &[u8]) -> (Vec<(f64, f64)>, Vec<Word>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + name.len()
            + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut pages, mut words) = (Vec::new(), Vec::new());
    for piece in html.split('<').skip(1) {
        if piece.starts_with("page ") {
            pages.push((attr(piece, "width"), attr(piece, "height")));
        } else if piece.starts_with("word ") {
            let (tag, text) = piece.split_once('>').unwrap();
            words.push(Word {
                page: pages.len() - 1,
                text: text.to_string(),
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
            });
        }
    }
    (pages, words)
}

/// The length both ranges share.
fn shared(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Words that collide: they share more than half the height of the lower
/// one (so they stand on one line, as the cells of a table row do) and
/// more than half a point of width. Lines of a paragraph touch at most.
fn overlapping(words: &[Word]) -> Vec<(Word, Word)> {
    let mut found = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let tall = (a.y1 - a.y0).min(b.y1 - b.y0);
            let high = shared(a.y0, a.y1, b.y0, b.y1);
            let wide = shared(a.x0, a.x1, b.x0, b.x1);
            // Rotated headers are tall and narrow: compare along their
            // length too.
            let narrow = (a.x1 - a.x0).min(b.x1 - b.x0);
            if high > tall * 0.5 && wide > 0.5f64.min(narrow * 0.5) {
                found.push((a.clone(), b.clone()));
            }
        }
    }
    found
}

/// Checks one PDF: it holds `expected` and no words collide or leave the
/// page.
fn assert_fits(what: &str, pdf: &[u8], expected: &[&str]) {
    if let Ok(dir) = std::env::var("REPORTS_DUMP_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{what}.pdf")), pdf).unwrap();
    }
    let (pages, words) = words(pdf);
    assert!(!words.is_empty(), "{what}: no text");
    let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let text = text.join(" ");
    for e in expected {
        assert!(text.contains(e), "{what}: {e:?} missing from {text}");
    }
    let outside: Vec<&Word> = words
        .iter()
        .filter(|w| {
            let (width, height) = pages[w.page];
            w.x0 < 0.0 || w.y0 < 0.0 || w.x1 > width || w.y1 > height
        })
        .collect();
    assert!(
        outside.is_empty(),
        "{what}: words off the page: {outside:?}"
    );
    let collisions = overlapping(&words);
    assert!(
        collisions.is_empty(),
        "{what}: {} pairs of words overlap, first {:?}",
        collisions.len(),
        &collisions[..collisions.len().min(8)]
    );
}

async fn download(app: &TestApp, path: &str) -> Vec<u8> {
    let res = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.bytes().await.unwrap().to_vec()
}

async fn the_demos_widest_tables_fit_their_pdf_pages(app: TestApp) {
    bekwaam::demo::seed(&app.db).await.unwrap();
    bekwaam::demo::seed_monitor(&app.db).await.unwrap();
    bekwaam::demo::seed_history(&app.db).await.unwrap();
    let waves = bekwaam::monitor::store::waves(&app.db).await.unwrap();
    let wave = waves.iter().find(|w| w.name == "2024").unwrap().id;

    app.login("coordinator", "demo-coordinator").await;
    let own = format!("/reports/{wave}/institutions/99AA/download?format=pdf");
    assert_fits(
        "institution-nl",
        &download(&app, &own).await,
        &[
            "Teams",
            "Techniek",
            "Economie",
            "Ondernemen",
            "Differentiëren",
            "begeleiding",
            "Professionele",
            "2017",
        ],
    );
    app.get("/lang/en").await;
    assert_fits(
        "institution-en",
        &download(&app, &own).await,
        &["Teams", "Techniek", "work-placement", "self-regulation"],
    );
    app.get("/lang/nl").await;
    app.logout().await;

    app.login("onderzoeker", "demo-onderzoeker").await;
    assert_fits(
        "sector-nl",
        &download(&app, &format!("/reports/{wave}/sector/download?format=pdf")).await,
        &["Instelling", "Differentiëren", "Professionele"],
    );
    app.logout().await;

    // The programme's reports are laid out by the same template.
    bekwaam::demo::seed_programme(&app.db).await.unwrap();
    app.login("programmamanager", "demo-programmamanager").await;
    assert_fits(
        "budget-nl",
        &download(&app, "/programme/budget/report/download?format=pdf").await,
        &["Financiële"],
    );
}

/// A table of `columns` number columns with long, many-word headers, after
/// a heading, in a report of one page of text before it.
fn wide_document(columns: usize) -> bekwaam::reports::document::Document {
    use bekwaam::reports::document::{Block, Cell, Column, ColumnKind, Document, Layout, Table};
    let mut table_columns = vec![Column {
        header: "Team".into(),
        kind: ColumnKind::Text,
    }];
    table_columns.extend((0..columns).map(|c| Column {
        header: format!("Gemiddelde score met ict zelfregie-{c}"),
        kind: ColumnKind::Decimal(1),
    }));
    let rows = (0..12)
        .map(|r| {
            let mut row = vec![Cell::Text(format!("Team Economie en Ondernemen {r}"))];
            row.extend((0..columns).map(|c| {
                if (r + c) % 5 == 0 {
                    Cell::Suppressed
                } else {
                    Cell::Number(40.0 + (r * c) as f64 / 7.0)
                }
            }));
            row
        })
        .collect();
    Document {
        title: "Brede tabellen".into(),
        subtitle: None,
        lang: "nl".into(),
        layout: Layout::Report,
        blocks: vec![
            Block::Paragraph("Een inleiding. ".repeat(40)),
            Block::Heading {
                level: 1,
                text: format!("Tabel met {columns} kolommen"),
            },
            Block::Table(Table {
                id: "breed".into(),
                title: "Breed".into(),
                columns: table_columns,
                rows,
                note: Some("Een noot onder de tabel.".into()),
            }),
            Block::Paragraph("Tekst na de tabel.".into()),
        ],
        footer: "Voettekst".into(),
    }
}

/// Wider than the demo: sixteen columns whose headers do not fit a
/// landscape page even wrapped (so they are rotated), and forty, which
/// only fit as parts that each repeat the team names. The heading goes
/// along to the landscape page.
#[test]
fn tables_wider_than_a_landscape_page_are_rotated_or_split_and_still_fit() {
    let labels = bekwaam::reports::document::Labels::for_lang("nl", "<10");
    for columns in [16, 40] {
        let pdf = bekwaam::reports::pdf::render(&wide_document(columns), &labels).unwrap();
        let last = format!("{}", columns - 1);
        assert_fits(
            &format!("wide-{columns}"),
            &pdf,
            &[
                &format!("Tabel met {columns} kolommen"),
                &format!("zelfregie-{last}"),
            ],
        );
        let (pages, words) = words(&pdf);
        let landscape = |p: usize| pages[p].0 > pages[p].1;
        let on = |text: &str| -> Vec<usize> {
            words
                .iter()
                .filter(|w| w.text == text)
                .map(|w| w.page)
                .collect()
        };
        let heading = on("kolommen");
        assert!(
            heading.len() == 1 && landscape(heading[0]),
            "{columns}: the heading moves to the table's landscape page"
        );
        assert!(!landscape(0), "the text before stays portrait");
        let after = on("na");
        assert!(
            after.iter().all(|&p| !landscape(p)),
            "{columns}: the text after is portrait again"
        );
        // Rotated headers: their words stand upright (taller than wide).
        let upright = words
            .iter()
            .filter(|w| w.text.starts_with("zelfregie-") && w.y1 - w.y0 > w.x1 - w.x0)
            .count();
        let headers = words
            .iter()
            .filter(|w| w.text.starts_with("zelfregie-"))
            .count();
        assert_eq!(upright, headers, "{columns}: headers rotated");
        // Every column shown (its header again on a continued page); the
        // team names once per part.
        for c in 0..columns {
            assert!(
                words.iter().any(|w| w.text == format!("zelfregie-{c}")),
                "{columns}: no header of column {c}"
            );
        }
        let parts = on("Ondernemen").len() / 12;
        if columns == 16 {
            assert_eq!(parts, 1, "sixteen columns fit in one table");
        } else {
            assert!(parts >= 2, "forty columns are split, the names repeated");
        }
    }
}

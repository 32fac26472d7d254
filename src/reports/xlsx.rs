//! XLSX export of a [`Document`]: an "info" sheet, then one sheet per table.
//!
//! Numbers are written as real numbers with a number format per column
//! kind (Excel shows them with the reader's own separators); text is always
//! written as a string, so a cell such as `=HYPERLINK(...)` is never run as
//! a formula. Suppressed cells hold the marker (e.g. "<10"), never a zero.

use std::collections::HashSet;

pub use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet,
};

use super::document::{Cell, ColumnKind, Document, Labels, Table, format_cell};

/// Name of the first sheet (title, subtitle, footer, links to the tables).
pub const INFO_SHEET: &str = "info";
/// Excel's limit on sheet names.
const MAX_SHEET_NAME: usize = 31;
const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 2;
const FIRST_DATA_ROW: u32 = 3;

pub fn workbook(doc: &Document, labels: &Labels) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(&doc.title));
    let formats = Formats::new();
    let tables: Vec<&Table> = doc.tables().collect();
    let names = sheet_names(&tables);

    let info = book.add_worksheet();
    info.set_name(INFO_SHEET)?;
    info.set_column_width(0, 90)?;
    info.write_string_with_format(0, 0, &doc.title, &formats.title)?;
    if let Some(subtitle) = doc.subtitle.as_deref().filter(|s| !s.is_empty()) {
        info.write_string(1, 0, subtitle)?;
    }
    info.write_string_with_format(3, 0, &doc.footer, &formats.note)?;
    for (i, (table, name)) in tables.iter().zip(&names).enumerate() {
        let text = if table.title.is_empty() {
            name
        } else {
            &table.title
        };
        let row = 5 + u32::try_from(i).unwrap_or(u32::MAX - 5);
        info.write_url_with_text(row, 0, Url::new(format!("internal:'{name}'!A1")), text)?;
    }

    for (table, name) in tables.iter().zip(&names) {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        write_table(sheet, table, labels, &formats)?;
    }
    book.save_to_buffer()
}

struct Formats {
    title: Format,
    header: Format,
    header_right: Format,
    note: Format,
    suppressed: Format,
}

impl Formats {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xe6f0f5))
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header_right: header.clone().set_align(FormatAlign::Right),
            header,
            note: Format::new().set_italic(),
            suppressed: Format::new().set_align(FormatAlign::Right),
        }
    }
}

/// Excel number format for a column; formats are locale-neutral codes, the
/// reader's Excel shows its own separators.
fn number_format(kind: ColumnKind) -> Format {
    match kind {
        ColumnKind::Text => Format::new(),
        ColumnKind::Integer => Format::new().set_num_format("#,##0"),
        ColumnKind::Decimal(0) => Format::new().set_num_format("#,##0"),
        ColumnKind::Decimal(d) => {
            Format::new().set_num_format(format!("#,##0.{}", "0".repeat(usize::from(d))))
        }
        ColumnKind::Percent => Format::new().set_num_format("0%"),
    }
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    labels: &Labels,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(TITLE_ROW, 0, &table.title, &formats.title)?;
    let number_formats: Vec<Format> = table
        .columns
        .iter()
        .map(|c| number_format(c.kind))
        .collect();
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| c.header.chars().count())
        .collect();

    for (c, column) in table.columns.iter().enumerate() {
        let col = col_num(c)?;
        let header_format = if column.kind.is_numeric() {
            &formats.header_right
        } else {
            &formats.header
        };
        sheet.write_string_with_format(HEADER_ROW, col, &column.header, header_format)?;
    }
    for r in 0..table.rows.len() {
        let row = FIRST_DATA_ROW + row_num(r)?;
        for (c, column) in table.columns.iter().enumerate() {
            let col = col_num(c)?;
            let cell = table.cell(r, c);
            match cell {
                // write_string: a leading '=' stays text, never a formula.
                Cell::Text(text) => {
                    sheet.write_string(row, col, text)?;
                }
                Cell::Number(value) if value.is_finite() => {
                    sheet.write_number_with_format(row, col, *value, &number_formats[c])?;
                }
                Cell::Suppressed => {
                    sheet.write_string_with_format(
                        row,
                        col,
                        &labels.suppressed_marker,
                        &formats.suppressed,
                    )?;
                }
                Cell::Number(_) | Cell::Empty => {}
            }
            widths[c] = widths[c].max(format_cell(column.kind, cell, labels).chars().count());
        }
    }
    if let Some(note) = table.note.as_deref().filter(|s| !s.is_empty()) {
        let row = FIRST_DATA_ROW + row_num(table.rows.len())? + 1;
        sheet.write_string_with_format(row, 0, note, &formats.note)?;
    }
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(col_num(c)?, (*width).clamp(8, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    if !table.columns.is_empty() && !table.rows.is_empty() {
        let last_row = FIRST_DATA_ROW + row_num(table.rows.len() - 1)?;
        sheet.autofilter(HEADER_ROW, 0, last_row, col_num(table.columns.len() - 1)?)?;
    }
    Ok(())
}

fn row_num(i: usize) -> Result<u32, XlsxError> {
    u32::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn col_num(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

/// One valid, unique sheet name per table, in order: invalid characters
/// replaced by '_', at most 31 characters, unique ignoring case (as Excel
/// compares them), never "info" or Excel's reserved "History".
pub fn sheet_names(tables: &[&Table]) -> Vec<String> {
    let mut used: HashSet<String> = [INFO_SHEET, "history"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    tables
        .iter()
        .map(|table| {
            let base = clean_sheet_name(&table.id);
            let mut name = base.clone();
            let mut n = 2;
            while used.contains(&name.to_lowercase()) {
                let suffix = format!("_{n}");
                let keep = MAX_SHEET_NAME - suffix.len();
                name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
                n += 1;
            }
            used.insert(name.to_lowercase());
            name
        })
        .collect()
}

fn clean_sheet_name(id: &str) -> String {
    let cleaned: String = id
        .trim()
        .chars()
        // Apostrophes are legal inside a name but need quoting in links;
        // control characters are not legal at all.
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(MAX_SHEET_NAME)
        .collect();
    if cleaned.trim().is_empty() {
        "table".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use calamine::{Data, Reader, Xlsx};

    use super::super::document::tests::sample_document;
    use super::super::document::{Block, Column, Layout};
    use super::*;

    fn labels() -> Labels {
        Labels::for_lang("nl", "<10")
    }

    fn table(id: &str) -> Table {
        Table {
            id: id.to_owned(),
            title: String::new(),
            columns: vec![],
            rows: vec![],
            note: None,
        }
    }

    fn read_back(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
        Xlsx::new(std::io::Cursor::new(bytes)).expect("a valid xlsx")
    }

    #[test]
    fn sheet_names_are_valid_unique_and_short() {
        let long = "a".repeat(40);
        let tables = [
            table("scores"),
            table("SCORES"),
            table("a[b]:c*d?e/f\\g'h"),
            table(&long),
            table(&long),
            table("info"),
            table(""),
            table("History"),
        ];
        let names = sheet_names(&tables.iter().collect::<Vec<_>>());
        assert_eq!(names[0], "scores");
        assert_eq!(names[1], "SCORES_2");
        assert_eq!(names[2], "a_b__c_d_e_f_g_h");
        assert_eq!(names[3], "a".repeat(31));
        assert_eq!(names[4], format!("{}_2", "a".repeat(29)));
        assert_eq!(names[5], "info_2");
        assert_eq!(names[6], "table");
        assert_eq!(names[7], "History_2");
        assert!(names.iter().all(|n| n.chars().count() <= 31));
    }

    #[test]
    fn workbook_has_an_info_sheet_and_a_sheet_per_table() {
        let mut doc = sample_document(Layout::Report);
        doc.blocks.push(Block::Table(table("domeinen")));
        let bytes = workbook(&doc, &labels()).expect("workbook");
        let mut book = read_back(bytes);
        assert_eq!(book.sheet_names(), vec!["info", "domeinen", "domeinen_2"]);
        let info = book.worksheet_range("info").expect("info sheet");
        assert_eq!(
            info.get_value((0, 0)),
            Some(&Data::String(doc.title.clone()))
        );
        assert_eq!(
            info.get_value((1, 0)),
            Some(&Data::String("ROC Voorbeeld".to_owned()))
        );
        assert_eq!(
            info.get_value((3, 0)),
            Some(&Data::String(doc.footer.clone()))
        );
        assert_eq!(
            info.get_value((5, 0)),
            Some(&Data::String("Scores per domein".to_owned()))
        );
    }

    #[test]
    fn numbers_stay_numbers_and_suppressed_cells_show_the_marker() {
        let bytes = workbook(&sample_document(Layout::Report), &labels()).expect("workbook");
        let mut book = read_back(bytes);
        let sheet = book.worksheet_range("domeinen").expect("table sheet");
        assert_eq!(
            sheet.get_value((0, 0)),
            Some(&Data::String("Scores per domein".to_owned()))
        );
        assert_eq!(
            sheet.get_value((2, 3)),
            Some(&Data::String("Aandeel".to_owned()))
        );
        assert_eq!(sheet.get_value((3, 1)), Some(&Data::Float(1234.0)));
        assert_eq!(sheet.get_value((3, 2)), Some(&Data::Float(62.345)));
        assert_eq!(sheet.get_value((3, 3)), Some(&Data::Float(0.423)));
        assert_eq!(
            sheet.get_value((4, 1)),
            Some(&Data::String("<10".to_owned()))
        );
        assert_eq!(
            sheet.get_value((7, 0)),
            Some(&Data::String(
                "Groepen kleiner dan 10 zijn niet getoond.".to_owned()
            ))
        );
    }

    /// Read with openpyxl, the library most analysts' scripts use: checks
    /// formats, bold, frozen header and that formula-like text is a string.
    #[test]
    fn openpyxl_reads_formats_freeze_and_text_not_formulas() {
        let mut doc = sample_document(Layout::Report);
        if let Some(Block::Table(t)) = doc.blocks.iter_mut().find(|b| matches!(b, Block::Table(_)))
        {
            t.rows.push(vec![
                Cell::Text("+31 6 1234".to_owned()),
                Cell::Number(1.0),
                Cell::Number(2.0),
                Cell::Number(0.5),
            ]);
            t.rows.push(vec![Cell::Text("@SUM(1)".to_owned())]);
            t.rows.push(vec![Cell::Text("-2+3".to_owned())]);
        }
        let bytes = workbook(&doc, &labels()).expect("workbook");
        let dir = std::env::temp_dir().join(format!("reports-xlsx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("report.xlsx");
        std::fs::write(&path, bytes).expect("write xlsx");
        let script = r##"
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["info", "domeinen"], wb.sheetnames
assert wb["info"]["A1"].font.b
ws = wb["domeinen"]
assert ws["A1"].value == "Scores per domein" and ws["A1"].font.b
assert ws.freeze_panes == "A4", ws.freeze_panes
for c in "ABCD":
    assert ws[c + "3"].font.b, c
assert ws["B4"].value == 1234 and ws["B4"].number_format == "#,##0", ws["B4"].number_format
assert ws["C4"].number_format == "#,##0.0", ws["C4"].number_format
assert ws["D4"].value == 0.423 and ws["D4"].number_format == "0%", ws["D4"].number_format
assert ws["B5"].value == "<10"
for cell in ("A5", "A7", "A8", "A9"):
    assert ws[cell].data_type == "s", (cell, ws[cell].data_type, ws[cell].value)
assert ws["A5"].value == "=SUM(A1:A2)"
assert ws["A7"].value == "+31 6 1234"
assert ws["A8"].value == "@SUM(1)"
assert ws["A9"].value == "-2+3"
assert ws["A11"].value == "Groepen kleiner dan 10 zijn niet getoond." and ws["A11"].font.i
print("ok")
"##;
        let out = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned()))
            .arg("-c")
            .arg(script)
            .arg(&path)
            .output()
            .expect("python3 is required for the XLSX test");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            out.status.success(),
            "openpyxl check failed (pip install openpyxl if it is missing):\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn a_table_without_columns_or_rows_still_gets_a_sheet() {
        let mut doc = sample_document(Layout::Report);
        doc.blocks = vec![Block::Table(Table {
            columns: vec![Column {
                header: "Alleen kop".to_owned(),
                kind: ColumnKind::Percent,
            }],
            ..table("leeg")
        })];
        let book = read_back(workbook(&doc, &labels()).expect("workbook"));
        assert_eq!(book.sheet_names(), vec!["info", "leeg"]);
    }
}

//! CSV export of one [`Table`]: a header row, then the data rows; the
//! table's title and note are not written, so the file stays plain data.
//!
//! Choices:
//! - A suppressed cell holds the marker (e.g. "<10"), not an empty field,
//!   so a reader sees why the value is missing rather than mistaking it for
//!   a gap in the data.
//! - Numbers are rounded to the column's decimals (integers to 0, percent
//!   as a fraction 0..1 with 3 decimals), without group separators.
//! - Text that a spreadsheet would run as a formula (starting with `=`,
//!   `+`, `-`, `@`, tab or carriage return) gets a leading `'`.
//! - [`CsvDialect::Excel`] is what Dutch Excel opens correctly with a
//!   double click: `;` separator, UTF-8 byte order mark, CRLF, and the
//!   decimal separator from [`Labels`] (a comma for Dutch).
//!   [`CsvDialect::Standard`] is RFC 4180 style for scripts: `,`, no BOM,
//!   `.` decimals, LF line ends.

use std::io::Write;

use super::document::{Cell, ColumnKind, Labels, Table, fixed};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// `;`, UTF-8 BOM, CRLF, locale decimal separator.
    Excel,
    /// `,`, no BOM, LF, `.` decimals.
    #[default]
    Standard,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn table_csv(
    table: &Table,
    labels: &Labels,
    dialect: CsvDialect,
    mut out: impl Write,
) -> Result<(), csv::Error> {
    let (delimiter, terminator, decimal) = match dialect {
        CsvDialect::Excel => {
            out.write_all(BOM)?;
            (b';', csv::Terminator::CRLF, labels.decimal_separator)
        }
        CsvDialect::Standard => (b',', csv::Terminator::Any(b'\n'), '.'),
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .from_writer(out);
    writer.write_record(table.columns.iter().map(|c| guard(&c.header)))?;
    for r in 0..table.rows.len() {
        let record: Vec<String> = table
            .columns
            .iter()
            .enumerate()
            .map(|(c, column)| field(column.kind, table.cell(r, c), labels, decimal))
            .collect();
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

fn field(kind: ColumnKind, cell: &Cell, labels: &Labels, decimal: char) -> String {
    match cell {
        Cell::Text(text) => guard(text),
        Cell::Suppressed => guard(&labels.suppressed_marker),
        Cell::Empty => String::new(),
        Cell::Number(value) => {
            let text = match kind {
                ColumnKind::Percent => fixed(*value, 3),
                ColumnKind::Integer | ColumnKind::Decimal(_) => {
                    fixed(*value, kind.decimals().unwrap_or(0))
                }
                ColumnKind::Text => value.is_finite().then(|| value.to_string()),
            }
            .unwrap_or_default();
            if decimal == '.' {
                text
            } else {
                text.replace('.', &decimal.to_string())
            }
        }
    }
}

/// Keeps spreadsheets from running text as a formula (OWASP "CSV
/// injection"): a leading `'` makes Excel and LibreOffice show it as text.
fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::super::document::tests::sample_document;
    use super::super::document::{Column, Layout};
    use super::*;

    fn sample_table() -> Table {
        sample_document(Layout::Report)
            .table("domeinen")
            .expect("sample table")
            .clone()
    }

    fn csv_string(table: &Table, labels: &Labels, dialect: CsvDialect) -> String {
        let mut out = Vec::new();
        table_csv(table, labels, dialect, &mut out).expect("csv");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn standard_csv_has_a_header_rounded_numbers_and_markers() {
        let text = csv_string(
            &sample_table(),
            &Labels::for_lang("nl", "<10"),
            CsvDialect::Standard,
        );
        assert_eq!(
            text,
            "Domein,Aantal,Gemiddelde,Aandeel\n\
             Informatievaardigheden,1234,62.3,0.423\n\
             '=SUM(A1:A2),<10,<10,<10\n\
             A & <B>,12,,1.000\n"
        );
    }

    #[test]
    fn excel_csv_uses_semicolons_a_bom_and_the_dutch_decimal_comma() {
        let text = csv_string(
            &sample_table(),
            &Labels::for_lang("nl", "<10"),
            CsvDialect::Excel,
        );
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            &text['\u{feff}'.len_utf8()..],
            "Domein;Aantal;Gemiddelde;Aandeel\r\n\
             Informatievaardigheden;1234;62,3;0,423\r\n\
             '=SUM(A1:A2);<10;<10;<10\r\n\
             A & <B>;12;;1,000\r\n"
        );
        let english = csv_string(
            &sample_table(),
            &Labels::for_lang("en", "<10"),
            CsvDialect::Excel,
        );
        assert!(english.contains(";62.3;0.423\r\n"));
    }

    #[test]
    fn formula_like_text_is_prefixed_with_an_apostrophe() {
        for (input, expected) in [
            ("=1+1", "'=1+1"),
            ("+31 6", "'+31 6"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("gewoon", "gewoon"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(guard(input), expected);
        }
        let mut table = sample_table();
        table.columns[0].header = "=kop".to_owned();
        let text = csv_string(&table, &Labels::for_lang("en", "<10"), CsvDialect::Standard);
        assert!(text.starts_with("'=kop,"));
    }

    #[test]
    fn fields_with_separators_and_quotes_are_quoted() {
        let table = Table {
            id: "t".to_owned(),
            title: String::new(),
            columns: vec![Column {
                header: "Naam".to_owned(),
                kind: ColumnKind::Text,
            }],
            rows: vec![
                vec![Cell::Text("a;b, \"c\"".to_owned())],
                vec![Cell::Number(0.1 + 0.2)],
            ],
            note: None,
        };
        let text = csv_string(&table, &Labels::for_lang("en", "<10"), CsvDialect::Standard);
        assert_eq!(text, "Naam\n\"a;b, \"\"c\"\"\"\n0.30000000000000004\n");
        let excel = csv_string(&table, &Labels::for_lang("nl", "<10"), CsvDialect::Excel);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(excel.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> =
            reader.records().collect::<Result<_, _>>().expect("parses");
        assert_eq!(&rows[0][0], "a;b, \"c\"");
    }

    #[test]
    fn short_rows_are_padded_and_non_finite_numbers_are_empty() {
        let mut table = sample_table();
        table.rows = vec![
            vec![Cell::Text("kort".to_owned())],
            vec![Cell::Text("x".to_owned()), Cell::Number(f64::NAN)],
        ];
        let text = csv_string(&table, &Labels::for_lang("en", "<10"), CsvDialect::Standard);
        assert!(text.ends_with("\nkort,,,\nx,,,\n"), "{text}");
    }
}

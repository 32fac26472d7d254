//! Parsing an institutions CSV file (pure: bytes in, rows and errors out).
//!
//! The first line names the columns; English and Dutch names are accepted
//! (`code`/`brin`, `name`/`naam`, `place`/`plaats`, `region`/`regio`,
//! `teaching_staff`/`onderwijzend_personeel`, `status`). Comma and
//! semicolon (Dutch spreadsheet default) separators are both recognised.
//! Every bad row is reported with its line, field and reason.

use std::collections::HashMap;

use super::{Field, Institution, InstitutionInput};
use crate::i18n::Msg;

/// One problem in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line in the file.
    pub line: u64,
    /// The column, when the problem is about one.
    pub field: Option<&'static str>,
    pub reason: Msg,
}

#[derive(Debug, Default)]
pub struct Parsed {
    /// Valid rows with their line numbers.
    pub rows: Vec<(u64, Institution)>,
    pub errors: Vec<RowError>,
}

impl Parsed {
    /// How many lines of the file were refused (a line with two bad fields
    /// counts once).
    pub fn bad_lines(&self) -> usize {
        let lines: std::collections::BTreeSet<u64> = self.errors.iter().map(|e| e.line).collect();
        lines.len()
    }
}

fn column_field(header: &str) -> Option<Field> {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    Some(match h.as_str() {
        "code" | "brin" | "onderwijsinstellingscode" => Field::Code,
        "name" | "naam" => Field::Name,
        "place" | "plaats" | "vestigingsplaats" => Field::Place,
        "region" | "regio" => Field::Region,
        "teaching_staff" | "onderwijzend_personeel" | "docenten" => Field::TeachingStaff,
        "status" => Field::Status,
        _ => return None,
    })
}

/// `;` when the first line has more semicolons than commas (the Dutch
/// spreadsheet default), `,` otherwise.
pub(crate) fn detect_delimiter(data: &[u8]) -> u8 {
    let first = data.split(|b| *b == b'\n').next().unwrap_or_default();
    let semis = first.iter().filter(|b| **b == b';').count();
    let commas = first.iter().filter(|b| **b == b',').count();
    if semis > commas { b';' } else { b',' }
}

/// The 1-based line of a record's position. The csv crate does not count
/// blank lines in its line numbers, so the line is derived from the byte
/// offset instead.
pub(crate) fn line_numbers(data: &[u8]) -> impl Fn(Option<&csv::Position>) -> u64 + '_ {
    let newlines: Vec<usize> = data
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    move |pos| {
        pos.map_or(0, |p| {
            // A record's position may sit on the blank lines before it.
            let mut byte = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            while matches!(data.get(byte), Some(b'\n' | b'\r')) {
                byte += 1;
            }
            newlines.partition_point(|&n| n < byte) as u64 + 1
        })
    }
}

/// Parses the whole file, collecting every problem.
pub fn parse(data: &[u8]) -> Parsed {
    let mut out = Parsed::default();
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(data))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(data);

    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.errors.push(csv_error(1, &e));
            return out;
        }
    };
    let mut columns: HashMap<usize, Field> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        match column_field(h) {
            Some(f) if columns.values().any(|g| *g == f) => out.errors.push(RowError {
                line: 1,
                field: Some(f.name()),
                reason: Msg::new("import-duplicate-column").arg("column", h),
            }),
            Some(f) => {
                columns.insert(i, f);
            }
            None => out.errors.push(RowError {
                line: 1,
                field: None,
                reason: Msg::new("import-unknown-column").arg("column", h),
            }),
        }
    }
    for f in Field::ALL {
        if f != Field::Status && !columns.values().any(|g| *g == f) {
            out.errors.push(RowError {
                line: 1,
                field: Some(f.name()),
                reason: Msg::new("import-missing-column").arg("column", f.name()),
            });
        }
    }
    if !out.errors.is_empty() {
        return out;
    }

    let line_at = line_numbers(data);
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(csv_error(line_at(e.position()), &e));
                continue;
            }
        };
        let line = line_at(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            out.errors.push(RowError {
                line,
                field: None,
                reason: Msg::new("import-wrong-column-count")
                    .arg("expected", headers.len())
                    .arg("found", record.len()),
            });
            continue;
        }
        let mut input = InstitutionInput::default();
        for (i, value) in record.iter().enumerate() {
            let slot = match columns.get(&i) {
                Some(Field::Code) => &mut input.code,
                Some(Field::Name) => &mut input.name,
                Some(Field::Place) => &mut input.place,
                Some(Field::Region) => &mut input.region,
                Some(Field::TeachingStaff) => &mut input.teaching_staff,
                Some(Field::Status) => &mut input.status,
                None => continue,
            };
            *slot = value.to_string();
        }
        match input.validate() {
            Ok(inst) => {
                if let Some(first) = seen.insert(inst.code.to_string(), line) {
                    out.errors.push(RowError {
                        line,
                        field: Some(Field::Code.name()),
                        reason: Msg::new("import-duplicate-code")
                            .arg("code", &inst.code)
                            .arg("first", first),
                    });
                } else {
                    out.rows.push((line, inst));
                }
            }
            Err(errs) => out
                .errors
                .extend(errs.into_iter().map(|(f, reason)| RowError {
                    line,
                    field: Some(f.name()),
                    reason,
                })),
        }
    }
    out
}

fn csv_error(line: u64, e: &csv::Error) -> RowError {
    RowError {
        line,
        field: None,
        reason: Msg::new("import-unreadable").arg("detail", e),
    }
}

/// How many problems an import lists: the first ones in full, then only
/// how many more there were (issue 13: a small file with 100,000 bad
/// lines once gave a 41 MB error page).
pub const MAX_LISTED_ERRORS: usize = 50;

/// The first [`MAX_LISTED_ERRORS`] of `all`, and how many are left out.
pub fn first_errors<T>(all: &[T]) -> (&[T], usize) {
    let n = all.len().min(MAX_LISTED_ERRORS);
    (&all[..n], all.len() - n)
}

/// The errors as (line, field, sentence in `tr`'s language), for the
/// upload page and the command line.
pub fn describe_errors(tr: &crate::i18n::Tr, errors: &[RowError]) -> Vec<(u64, String, String)> {
    errors
        .iter()
        .map(|e| (e.line, e.field.unwrap_or("").to_string(), tr.msg(&e.reason)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_errors_are_listed() {
        let all: Vec<u32> = (0..120).collect();
        let (first, more) = first_errors(&all);
        assert_eq!((first.len(), more), (MAX_LISTED_ERRORS, 70));
        assert_eq!(first_errors(&all[..3]), (&all[..3], 0));
    }

    #[test]
    fn a_good_file_parses_with_line_numbers() {
        let csv = "code,name,place,region,teaching_staff,status\n\
                   25AA,ROC Een,Assen,Noord,300,active\n\
                   \n\
                   25BB,ROC Twee,Breda,Zuid,500,inactief\n";
        let p = parse(csv.as_bytes());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let lines: Vec<u64> = p.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 4]);
    }

    #[test]
    fn every_bad_row_is_reported_with_line_and_field() {
        let csv = "brin;naam;plaats;regio;onderwijzend_personeel\n\
                   25AA;ROC Een;Assen;Noord;300\n\
                   XXXX;ROC Twee;Breda;Zuid;500\n\
                   25CC;;Delft;West;-4\n\
                   25AA;ROC Dubbel;Assen;Noord;1\n";
        let p = parse(csv.as_bytes());
        let found: Vec<(u64, Option<&str>, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.field, &*e.reason.key))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, Some("code"), "institution-code-invalid"),
                (4, Some("name"), "field-required"),
                (4, Some("teaching_staff"), "field-whole-number"),
                (5, Some("code"), "import-duplicate-code"),
            ]
        );
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.bad_lines(), 3, "line 4 has two errors but counts once");
    }

    #[test]
    fn missing_and_unknown_columns_are_named() {
        let p = parse(b"code,naam,kleur\n25AA,X,rood\n");
        let keys: Vec<(&str, Option<&str>)> =
            p.errors.iter().map(|e| (&*e.reason.key, e.field)).collect();
        assert!(keys.contains(&("import-unknown-column", None)));
        assert!(keys.contains(&("import-missing-column", Some("place"))));
        assert!(p.rows.is_empty());
    }

    #[test]
    fn a_short_row_is_an_error_not_a_panic() {
        let p = parse(b"code,name,place,region,teaching_staff\n25AA,X\n");
        assert_eq!(p.errors[0].line, 2);
        assert_eq!(p.errors[0].reason.key, "import-wrong-column-count");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = parse(&data);
        }
    }
}

//! What the platform's data files (instruments, the programme definition)
//! share: errors that name the file, line and field at fault, collected
//! while validating so one load reports every problem at once.

use std::collections::HashMap;
use std::ops::Range;

use crate::i18n::Msg;

/// One problem in a data file.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    /// Dotted path of the field, e.g. `items[3].domain`.
    pub field: String,
    pub reason: Msg,
}

impl LoadError {
    pub fn render(&self, tr: &crate::i18n::Tr) -> String {
        format!(
            "{}:{}: {}: {}",
            self.file,
            self.line,
            self.field,
            tr.msg(&self.reason)
        )
    }
}

/// The errors found so far in one file.
pub struct Errors<'a> {
    file: &'a str,
    source: &'a str,
    pub list: Vec<LoadError>,
}

impl<'a> Errors<'a> {
    pub fn new(file: &'a str, source: &'a str) -> Errors<'a> {
        Errors {
            file,
            source,
            list: Vec::new(),
        }
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.source.len());
        self.source[..end].matches('\n').count() + 1
    }

    pub fn push(&mut self, span: &Range<usize>, field: impl Into<String>, reason: Msg) {
        self.list.push(LoadError {
            file: self.file.to_string(),
            line: self.line_of(span),
            field: field.into(),
            reason,
        });
    }

    /// A TOML syntax or shape error, as message `key` with the parser's
    /// detail; the field is the name the parser quotes, if any.
    pub fn syntax(&mut self, e: &toml::de::Error, key: &'static str) {
        let span = e.span().unwrap_or(0..0);
        let field = e.message().split('`').nth(1).unwrap_or("-").to_string();
        self.push(
            &span,
            field,
            Msg::new(key).arg("detail", e.message().trim()),
        );
    }
}

impl Errors<'_> {
    /// Checks the ids of list `list` (valid, unique), reporting with the
    /// messages `invalid` and `duplicate` (each file format has its own);
    /// returns id -> position.
    pub fn unique_ids<'x>(
        &mut self,
        list: &str,
        ids: impl Iterator<Item = (&'x str, Range<usize>)>,
        invalid: &'static str,
        duplicate: &'static str,
    ) -> HashMap<String, usize> {
        let mut map = HashMap::new();
        for (i, (id, span)) in ids.enumerate() {
            if !valid_id(id) {
                self.push(
                    &span,
                    format!("{list}[{i}].id"),
                    Msg::new(invalid).arg("id", id),
                );
            }
            if map.insert(id.to_string(), i).is_some() {
                self.push(
                    &span,
                    format!("{list}[{i}].id"),
                    Msg::new(duplicate).arg("id", id),
                );
            }
        }
        map
    }
}

/// Ids in data files: lowercase letters, digits and dashes.
pub fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

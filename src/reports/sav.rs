//! SPSS system files (`.sav`), part of `reports` (file rendering shared by
//! every part): a streaming writer for the researcher's microdata exports
//! ("Microdata only for the researcher role, pseudonymised ... every export in
//! the audit log": the caller enforces that, this module only encodes), and a
//! reader for importing survey waves measured elsewhere (2017/2020/2022).
//! Pure: no clock unless [`WriteOptions::created_unix_secs`] is left `None`.
//!
//! Record layouts follow GNU PSPP's "System File Format" description.
//!
//! The writer produces little-endian, UTF-8 files (character encoding record,
//! long variable names record) with SPSS bytecode compression by default. It
//! only needs `Write`: the header's case count is -1 ("unknown"), which SPSS,
//! PSPP and ReadStat/pyreadstat accept, so an export can stream into an HTTP
//! body and its memory does not grow with the number of rows (about 64 KiB of
//! internal buffer; no `BufWriter` needed). For callers that can seek,
//! [`SavWriter::finish_with_case_count`] also patches the real count in.
//!
//! The reader accepts uncompressed (code 0) and bytecode-compressed (code 1)
//! files in either byte order, UTF-8 or windows-1252/Latin-1 text, merges very
//! long strings (> 255 bytes), and rejects zlib-compressed `.zsav` files.
//! Malformed input gives an error naming the record, variable or case at
//! fault; it never panics.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::time::{SystemTime, UNIX_EPOCH};

/// SPSS system-missing value. `Value::Missing` and `NaN` are written as this.
pub const SYSMIS: f64 = -f64::MAX;
/// Longest variable name, in bytes of UTF-8.
pub const MAX_NAME_BYTES: usize = 64;
/// Longest variable label the writer accepts, in bytes of UTF-8.
pub const MAX_VAR_LABEL_BYTES: usize = 255;
/// Longest value label the writer accepts (the SPSS limit), in bytes of UTF-8.
pub const MAX_VALUE_LABEL_BYTES: usize = 120;
/// Longest file label, in bytes of UTF-8.
pub const MAX_FILE_LABEL_BYTES: usize = 64;
/// Widest string variable the writer accepts; wider ones need the "very long
/// string" segmenting, which only the reader implements.
pub const MAX_STRING_WIDTH: u16 = 255;
/// Most decimals a numeric print format may have.
pub const MAX_DECIMALS: u8 = 16;
/// Most variables the writer accepts (keeps short-name generation bounded).
pub const MAX_VARIABLES: usize = 1_000_000;

const RESERVED_WORDS: [&str; 13] = [
    "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH",
];
const PRODUCT: &str = "@(#) SPSS DATA FILE - Bekwaam";
const HEADER_LEN: usize = 176;
/// Byte offset of the case count in the file header.
const CASE_COUNT_OFFSET: u64 = 80;
const BIAS: f64 = 100.0;
const SYSMIS_BITS: u64 = 0xffef_ffff_ffff_ffff;
const HIGHEST_BITS: u64 = 0x7fef_ffff_ffff_ffff;
const LOWEST_BITS: u64 = 0xffef_ffff_ffff_fffe;
const FLUSH_AT: usize = 64 * 1024;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// ---------------------------------------------------------------------------
// Dictionary types
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarType {
    /// Numeric, shown with format `F<w>.<decimals>`.
    Numeric { decimals: u8 },
    /// String of `width` bytes (UTF-8). The writer accepts 1..=255; the reader
    /// also returns very long strings (up to 32767).
    String { width: u16 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Nominal,
    Ordinal,
    Scale,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    /// Empty means "no label".
    pub label: String,
    pub var_type: VarType,
    pub measure: Measure,
    /// Value labels, numeric variables only.
    pub value_labels: Vec<(f64, String)>,
}

impl Variable {
    /// A numeric variable with no value labels.
    pub fn numeric(name: &str, label: &str, decimals: u8, measure: Measure) -> Self {
        Self {
            name: name.to_owned(),
            label: label.to_owned(),
            var_type: VarType::Numeric { decimals },
            measure,
            value_labels: Vec::new(),
        }
    }

    /// A nominal string variable.
    pub fn string(name: &str, label: &str, width: u16) -> Self {
        Self {
            name: name.to_owned(),
            label: label.to_owned(),
            var_type: VarType::String { width },
            measure: Measure::Nominal,
            value_labels: Vec::new(),
        }
    }

    pub fn with_value_labels(mut self, labels: &[(f64, &str)]) -> Self {
        self.value_labels = labels.iter().map(|(v, l)| (*v, (*l).to_owned())).collect();
        self
    }
}

/// One cell of a row handed to the writer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// A number; `NaN` is written as system-missing, infinities are rejected.
    Num(f64),
    /// System-missing for numeric variables, all blanks for string variables.
    Missing,
    Str(&'a str),
}

impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Num(v)
    }
}

impl From<Option<f64>> for Value<'_> {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Value::Missing, Value::Num)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Str(s)
    }
}

/// One cell of a row read from a file. String values lose trailing blanks (SPSS
/// pads them), so a string read back is never `Missing` but may be empty.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedValue {
    Num(f64),
    Missing,
    Str(String),
}

impl OwnedValue {
    pub fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::Num(v) => Value::Num(*v),
            OwnedValue::Missing => Value::Missing,
            OwnedValue::Str(s) => Value::Str(s),
        }
    }
}

/// User-missing definition of a variable, as read from a file. Such values are
/// returned as they are (e.g. `Num(99.0)`); see [`SavFile::apply_user_missing`].
#[derive(Debug, Clone, PartialEq, Default)]
pub enum UserMissing {
    #[default]
    None,
    /// Up to three discrete numeric codes.
    Values(Vec<f64>),
    /// `low THRU high` (SPSS LO/HI become infinities), plus an optional code.
    Range {
        low: f64,
        high: f64,
        value: Option<f64>,
    },
    /// Up to three codes of a string variable of at most 8 bytes, blanks trimmed.
    Strings(Vec<String>),
}

impl UserMissing {
    pub fn contains(&self, value: &OwnedValue) -> bool {
        match (self, value) {
            (UserMissing::Values(vs), OwnedValue::Num(x)) => vs.contains(x),
            (UserMissing::Range { low, high, value }, OwnedValue::Num(x)) => {
                (*low <= *x && *x <= *high) || *value == Some(*x)
            }
            (UserMissing::Strings(ss), OwnedValue::Str(s)) => ss.iter().any(|m| m == s),
            _ => false,
        }
    }
}

/// A whole file in memory. `rows[i][j]` is the value of `variables[j]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SavFile {
    pub file_label: String,
    pub variables: Vec<Variable>,
    pub rows: Vec<Vec<OwnedValue>>,
    /// Parallel to `variables`.
    pub user_missing: Vec<UserMissing>,
}

impl SavFile {
    /// Index of the variable with this name, compared case-insensitively as
    /// SPSS does.
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = name.to_lowercase();
        self.variables
            .iter()
            .position(|v| v.name.to_lowercase() == wanted)
    }

    /// Replaces every user-missing value (e.g. the "99 = no answer" code of a
    /// historical wave) by `OwnedValue::Missing`.
    pub fn apply_user_missing(&mut self) {
        for row in &mut self.rows {
            for (cell, missing) in row.iter_mut().zip(&self.user_missing) {
                if missing.contains(cell) {
                    *cell = OwnedValue::Missing;
                }
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SavError {
    #[error("I/O error on the .sav stream: {0}")]
    Io(#[from] io::Error),
    #[error("a .sav file needs at least one variable")]
    NoVariables,
    #[error("{count} variables is too many (at most {max})")]
    TooManyVariables { count: usize, max: usize },
    #[error("invalid file label: {reason}")]
    InvalidFileLabel { reason: String },
    #[error("invalid variable name {name:?}: {reason}")]
    InvalidName { name: String, reason: String },
    #[error(
        "variable name {name:?} is used twice (SPSS compares names case-insensitively; \
         first use: {first:?})"
    )]
    DuplicateName { name: String, first: String },
    #[error("variable {name:?}: {reason}")]
    InvalidVariable { name: String, reason: String },
    #[error("row {row}: expected {expected} values (one per variable), got {found}")]
    RowLength {
        row: u64,
        expected: usize,
        found: usize,
    },
    #[error("row {row}, variable {variable:?}: {reason}")]
    InvalidValue {
        row: u64,
        variable: String,
        reason: String,
    },
    #[error("not an SPSS system file: {reason}")]
    NotSav { reason: String },
    #[error("unsupported .sav compression: {reason}")]
    UnsupportedCompression { reason: String },
    #[error(
        "unsupported character encoding {encoding:?} (only UTF-8 and windows-1252/Latin-1 \
         are supported)"
    )]
    UnsupportedEncoding { encoding: String },
    #[error("unsupported floating-point format code {code} (only IEEE 754 is supported)")]
    UnsupportedFloatFormat { code: i32 },
    #[error("malformed .sav file at byte {offset}, in {record}: {reason}")]
    Malformed {
        offset: u64,
        record: String,
        reason: String,
    },
    #[error("truncated .sav file: it ends at byte {offset}, in the middle of {record}")]
    Truncated { offset: u64, record: String },
}

// ---------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Plain 8-byte values: 560 MB for 1M rows x 70 numeric variables.
    None,
    /// SPSS bytecode compression (header code 1), what SPSS itself writes:
    /// integers -99..=151 and missing values take one byte.
    #[default]
    Bytecode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteOptions {
    pub compression: Compression,
    /// Creation time written in the header, seconds since 1970 (UTC);
    /// `None` reads the clock.
    pub created_unix_secs: Option<i64>,
}

enum Kind {
    Num,
    Str { width: usize, slots: usize },
}

struct WriterVar {
    name: String,
    kind: Kind,
}

/// Streaming `.sav` writer. The dictionary is produced by [`SavWriter::new`],
/// then rows one by one; [`SavWriter::finish`] must be called, or the last
/// compressed block is lost. After an I/O error the output is unusable.
pub struct SavWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    vars: Vec<WriterVar>,
    compression: Compression,
    block: Block,
    rows: u64,
    bytes_out: u64,
}

impl<W: Write> SavWriter<W> {
    /// Validates the dictionary and starts a bytecode-compressed file.
    pub fn new(out: W, file_label: &str, vars: Vec<Variable>) -> Result<Self, SavError> {
        Self::with_options(out, file_label, vars, WriteOptions::default())
    }

    pub fn with_options(
        out: W,
        file_label: &str,
        vars: Vec<Variable>,
        options: WriteOptions,
    ) -> Result<Self, SavError> {
        validate_dictionary(file_label, &vars)?;
        let created = options.created_unix_secs.unwrap_or_else(now_unix_secs);
        let mut buf = Vec::with_capacity(FLUSH_AT + 8 * 1024);
        write_dictionary(&mut buf, file_label, &vars, options.compression, created);
        let vars = vars
            .into_iter()
            .map(|v| WriterVar {
                kind: match v.var_type {
                    VarType::Numeric { .. } => Kind::Num,
                    VarType::String { width } => Kind::Str {
                        width: usize::from(width),
                        slots: slots_for_width(usize::from(width)),
                    },
                },
                name: v.name,
            })
            .collect();
        Ok(Self {
            out,
            buf,
            vars,
            compression: options.compression,
            block: Block::new(),
            rows: 0,
            bytes_out: 0,
        })
    }

    /// Number of rows written so far.
    pub fn rows_written(&self) -> u64 {
        self.rows
    }

    /// Appends one row. A rejected row writes nothing, so the caller may skip
    /// it and go on. Rows are numbered from 1 in errors.
    pub fn write_row(&mut self, row: &[Value<'_>]) -> Result<(), SavError> {
        let row_no = self.rows + 1;
        if row.len() != self.vars.len() {
            return Err(SavError::RowLength {
                row: row_no,
                expected: self.vars.len(),
                found: row.len(),
            });
        }
        for (var, value) in self.vars.iter().zip(row) {
            check_value(var, value).map_err(|reason| SavError::InvalidValue {
                row: row_no,
                variable: var.name.clone(),
                reason,
            })?;
        }
        let Self {
            vars,
            buf,
            block,
            compression,
            ..
        } = self;
        for (var, value) in vars.iter().zip(row) {
            match var.kind {
                Kind::Num => {
                    let x = match value {
                        Value::Num(x) if !x.is_nan() => *x,
                        _ => SYSMIS,
                    };
                    match compression {
                        Compression::None => buf.extend_from_slice(&x.to_le_bytes()),
                        Compression::Bytecode => {
                            if x.to_bits() == SYSMIS_BITS {
                                block.push(255, None, buf);
                            } else if let Some(code) = small_integer_code(x) {
                                block.push(code, None, buf);
                            } else {
                                block.push(253, Some(&x.to_le_bytes()), buf);
                            }
                        }
                    }
                }
                Kind::Str { slots, .. } => {
                    let s = match value {
                        Value::Str(s) => s.as_bytes(),
                        _ => &[],
                    };
                    match compression {
                        Compression::None => {
                            buf.extend_from_slice(s);
                            buf.resize(buf.len() + slots * 8 - s.len(), b' ');
                        }
                        Compression::Bytecode => {
                            for chunk_no in 0..slots {
                                let mut chunk = [b' '; 8];
                                let start = chunk_no * 8;
                                if start < s.len() {
                                    let end = s.len().min(start + 8);
                                    chunk[..end - start].copy_from_slice(&s[start..end]);
                                }
                                if chunk == [b' '; 8] {
                                    block.push(254, None, buf);
                                } else {
                                    block.push(253, Some(&chunk), buf);
                                }
                            }
                        }
                    }
                }
            }
        }
        self.rows += 1;
        if self.buf.len() >= FLUSH_AT {
            self.flush_buf()?;
        }
        Ok(())
    }

    /// Writes the last compressed block, flushes, and returns the output.
    pub fn finish(mut self) -> Result<W, SavError> {
        self.finish_data()?;
        Ok(self.out)
    }

    fn finish_data(&mut self) -> Result<(), SavError> {
        if self.compression == Compression::Bytecode {
            self.block.finish(&mut self.buf);
        }
        self.flush_buf()?;
        self.out.flush()?;
        Ok(())
    }

    fn flush_buf(&mut self) -> Result<(), SavError> {
        self.out.write_all(&self.buf)?;
        self.bytes_out += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
}

impl<W: Write + Seek> SavWriter<W> {
    /// Like [`finish`](Self::finish), then seeks back to the header and fills
    /// in the number of rows (left at -1 beyond `i32::MAX` rows). Assumes the
    /// file began where `out` was positioned when the writer was created.
    pub fn finish_with_case_count(mut self) -> Result<W, SavError> {
        self.finish_data()?;
        let count = i32::try_from(self.rows).unwrap_or(-1);
        let end = self.out.stream_position()?;
        let start = end.checked_sub(self.bytes_out).ok_or_else(|| {
            io::Error::other("output position is before the start of the .sav data")
        })?;
        self.out.seek(SeekFrom::Start(start + CASE_COUNT_OFFSET))?;
        self.out.write_all(&count.to_le_bytes())?;
        self.out.seek(SeekFrom::Start(end))?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Pending bytecode block: 8 opcodes, then the 8-byte values of the `253`s.
/// Cases run on across blocks; the last block is padded with `0` (no-op).
struct Block {
    ops: [u8; 8],
    n_ops: usize,
    data: [u8; 64],
    n_data: usize,
}

impl Block {
    fn new() -> Self {
        Self {
            ops: [0; 8],
            n_ops: 0,
            data: [0; 64],
            n_data: 0,
        }
    }

    fn push(&mut self, op: u8, raw: Option<&[u8; 8]>, out: &mut Vec<u8>) {
        self.ops[self.n_ops] = op;
        self.n_ops += 1;
        if let Some(raw) = raw {
            self.data[self.n_data * 8..self.n_data * 8 + 8].copy_from_slice(raw);
            self.n_data += 1;
        }
        if self.n_ops == 8 {
            self.emit(out);
        }
    }

    fn emit(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.ops);
        out.extend_from_slice(&self.data[..self.n_data * 8]);
        self.ops = [0; 8];
        self.n_ops = 0;
        self.n_data = 0;
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        if self.n_ops > 0 {
            self.emit(out);
        }
    }
}

/// Bytecode for integers that fit in one byte: value + bias, 1..=251.
fn small_integer_code(x: f64) -> Option<u8> {
    // -0.0 would come back as +0.0, so it is stored raw.
    if x.fract() == 0.0 && (-99.0..=151.0).contains(&x) && !(x == 0.0 && x.is_sign_negative()) {
        Some((x + BIAS) as u8)
    } else {
        None
    }
}

fn check_value(var: &WriterVar, value: &Value<'_>) -> Result<(), String> {
    match (&var.kind, value) {
        (_, Value::Missing) => Ok(()),
        (Kind::Num, Value::Num(x)) if x.is_infinite() => {
            Err("infinite values cannot be stored; use Value::Missing".to_owned())
        }
        (Kind::Num, Value::Num(_)) => Ok(()),
        (Kind::Num, Value::Str(_)) => Err("numeric variable given a string".to_owned()),
        (Kind::Str { .. }, Value::Num(_)) => Err("string variable given a number".to_owned()),
        (Kind::Str { width, .. }, Value::Str(s)) => {
            if s.len() > *width {
                Err(format!(
                    "string of {} bytes does not fit the variable's width of {width} bytes",
                    s.len()
                ))
            } else if s.contains('\0') {
                Err("string contains a NUL character".to_owned())
            } else {
                Ok(())
            }
        }
    }
}

/// Longest prefix of `s` that is at most `max` bytes and ends on a character
/// boundary: use it to fit long question texts into labels.
pub fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// SPSS naming rules, as far as exports need them.
fn check_name(name: &str) -> Result<(), String> {
    let Some(first) = name.chars().next() else {
        return Err("it is empty".to_owned());
    };
    if name.len() > MAX_NAME_BYTES {
        return Err(format!(
            "it is {} bytes long; at most {MAX_NAME_BYTES} are allowed",
            name.len()
        ));
    }
    if !first.is_alphabetic() {
        return Err("it must start with a letter".to_owned());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '@' | '#')))
    {
        return Err(format!(
            "it contains {bad:?}; only letters, digits and _ . @ # are allowed"
        ));
    }
    if name.ends_with('.') {
        return Err("it must not end with a period".to_owned());
    }
    if RESERVED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(name)) {
        return Err("it is an SPSS reserved word".to_owned());
    }
    Ok(())
}

fn check_text(text: &str, max: usize, what: &str) -> Result<(), String> {
    if text.len() > max {
        Err(format!(
            "{what} is {} bytes long; at most {max} are allowed (see truncate_utf8)",
            text.len()
        ))
    } else if text.contains('\0') {
        Err(format!("{what} contains a NUL character"))
    } else {
        Ok(())
    }
}

fn validate_dictionary(file_label: &str, vars: &[Variable]) -> Result<(), SavError> {
    if vars.is_empty() {
        return Err(SavError::NoVariables);
    }
    if vars.len() > MAX_VARIABLES {
        return Err(SavError::TooManyVariables {
            count: vars.len(),
            max: MAX_VARIABLES,
        });
    }
    check_text(file_label, MAX_FILE_LABEL_BYTES, "the file label")
        .map_err(|reason| SavError::InvalidFileLabel { reason })?;
    let mut seen: HashMap<String, &str> = HashMap::new();
    for var in vars {
        check_name(&var.name).map_err(|reason| SavError::InvalidName {
            name: var.name.clone(),
            reason,
        })?;
        if let Some(first) = seen.insert(var.name.to_lowercase(), &var.name) {
            return Err(SavError::DuplicateName {
                name: var.name.clone(),
                first: first.to_owned(),
            });
        }
        check_variable(var).map_err(|reason| SavError::InvalidVariable {
            name: var.name.clone(),
            reason,
        })?;
    }
    Ok(())
}

fn check_variable(var: &Variable) -> Result<(), String> {
    check_text(&var.label, MAX_VAR_LABEL_BYTES, "the label")?;
    match var.var_type {
        VarType::Numeric { decimals } => {
            if decimals > MAX_DECIMALS {
                return Err(format!(
                    "{decimals} decimals is too many (at most {MAX_DECIMALS})"
                ));
            }
        }
        VarType::String { width } => {
            if width == 0 || width > MAX_STRING_WIDTH {
                return Err(format!(
                    "string width {width} is outside 1..={MAX_STRING_WIDTH}"
                ));
            }
            if var.measure == Measure::Scale {
                return Err("a string variable cannot have the Scale measure".to_owned());
            }
            if !var.value_labels.is_empty() {
                return Err("value labels are only supported on numeric variables".to_owned());
            }
        }
    }
    let mut values = HashSet::new();
    for (value, label) in &var.value_labels {
        if !value.is_finite() || value.to_bits() == SYSMIS_BITS {
            return Err(format!(
                "value label {label:?} is for {value}, which is not a storable number"
            ));
        }
        check_text(
            label,
            MAX_VALUE_LABEL_BYTES,
            &format!("value label for {value}"),
        )?;
        // +0.0 and -0.0 are the same value to SPSS.
        if !values.insert((value + 0.0).to_bits()) {
            return Err(format!("value {value} has more than one value label"));
        }
    }
    Ok(())
}

fn slots_for_width(width: usize) -> usize {
    width.div_ceil(8).max(1)
}

/// Short (8-byte, upper case) names for the variable records; the long names
/// record maps them back. Names that fit are kept, the rest become `V<n>`.
fn short_names(vars: &[Variable]) -> Vec<String> {
    let mut used = HashSet::new();
    let mut names: Vec<Option<String>> = vars
        .iter()
        .map(|v| {
            (v.name.len() <= 8 && v.name.is_ascii()).then(|| {
                let short = v.name.to_ascii_uppercase();
                used.insert(short.clone());
                short
            })
        })
        .collect();
    let mut next = 1usize;
    for name in names.iter_mut().filter(|n| n.is_none()) {
        loop {
            let candidate = format!("V{next}");
            next += 1;
            if !used.contains(&candidate) {
                used.insert(candidate.clone());
                *name = Some(candidate);
                break;
            }
        }
    }
    names.into_iter().map(Option::unwrap_or_default).collect()
}

fn put_i32(buf: &mut Vec<u8>, v: i32) {
    buf.extend_from_slice(&v.to_le_bytes());
}

fn put_f64(buf: &mut Vec<u8>, v: f64) {
    buf.extend_from_slice(&v.to_le_bytes());
}

fn put_padded(buf: &mut Vec<u8>, bytes: &[u8], len: usize, pad: u8) {
    let n = bytes.len().min(len);
    buf.extend_from_slice(&bytes[..n]);
    buf.resize(buf.len() + len - n, pad);
}

fn put_extension(buf: &mut Vec<u8>, subtype: i32, size: i32, payload: &[u8]) {
    put_i32(buf, 7);
    put_i32(buf, subtype);
    put_i32(buf, size);
    // Callers keep payloads far below 2 GiB (at most ~70 bytes per variable).
    put_i32(buf, (payload.len() / size as usize) as i32);
    buf.extend_from_slice(payload);
}

fn print_format(var_type: VarType) -> i32 {
    match var_type {
        VarType::Numeric { decimals } => {
            let width = (i32::from(decimals) + 2).max(8);
            (5 << 16) | (width << 8) | i32::from(decimals)
        }
        VarType::String { width } => (1 << 16) | (i32::from(width) << 8),
    }
}

fn write_dictionary(
    buf: &mut Vec<u8>,
    file_label: &str,
    vars: &[Variable],
    compression: Compression,
    created_unix_secs: i64,
) {
    let slots: usize = vars
        .iter()
        .map(|v| match v.var_type {
            VarType::Numeric { .. } => 1,
            VarType::String { width } => slots_for_width(usize::from(width)),
        })
        .sum();
    let (date, time) = header_timestamp(created_unix_secs);

    // File header record.
    buf.extend_from_slice(b"$FL2");
    put_padded(buf, PRODUCT.as_bytes(), 60, b' ');
    put_i32(buf, 2); // layout code: little-endian
    put_i32(buf, i32::try_from(slots).unwrap_or(-1));
    put_i32(buf, i32::from(compression == Compression::Bytecode));
    put_i32(buf, 0); // no weight variable
    put_i32(buf, -1); // case count unknown while streaming
    put_f64(buf, BIAS);
    put_padded(buf, date.as_bytes(), 9, b' ');
    put_padded(buf, time.as_bytes(), 8, b' ');
    put_padded(buf, file_label.as_bytes(), 64, b' ');
    buf.extend_from_slice(&[0; 3]);
    debug_assert_eq!(buf.len(), HEADER_LEN);

    // Variable records, with continuation records for strings over 8 bytes.
    let shorts = short_names(vars);
    let mut dict_index = Vec::with_capacity(vars.len());
    let mut next_index = 1i32;
    for (var, short) in vars.iter().zip(&shorts) {
        dict_index.push(next_index);
        let format = print_format(var.var_type);
        put_i32(buf, 2);
        put_i32(
            buf,
            match var.var_type {
                VarType::Numeric { .. } => 0,
                VarType::String { width } => i32::from(width),
            },
        );
        put_i32(buf, i32::from(!var.label.is_empty()));
        put_i32(buf, 0); // no user-missing values
        put_i32(buf, format);
        put_i32(buf, format);
        put_padded(buf, short.as_bytes(), 8, b' ');
        if !var.label.is_empty() {
            let label = var.label.as_bytes();
            put_i32(buf, label.len() as i32); // <= 255, checked
            put_padded(buf, label, label.len().next_multiple_of(4), b' ');
        }
        let extra = match var.var_type {
            VarType::Numeric { .. } => 0,
            VarType::String { width } => slots_for_width(usize::from(width)) - 1,
        };
        for _ in 0..extra {
            put_i32(buf, 2);
            put_i32(buf, -1);
            for _ in 0..4 {
                put_i32(buf, 0);
            }
            put_padded(buf, b"", 8, b' ');
        }
        next_index += 1 + extra as i32;
    }

    // Value labels: a type 3 record, then the type 4 record naming its variable.
    for (var, index) in vars.iter().zip(&dict_index) {
        if var.value_labels.is_empty() {
            continue;
        }
        put_i32(buf, 3);
        put_i32(buf, var.value_labels.len() as i32);
        for (value, label) in &var.value_labels {
            put_f64(buf, *value + 0.0);
            let label = label.as_bytes();
            buf.push(label.len() as u8); // <= 120, checked
            // Length byte plus label fill a multiple of 8 bytes.
            put_padded(buf, label, (label.len() + 1).next_multiple_of(8) - 1, b' ');
        }
        put_i32(buf, 4);
        put_i32(buf, 1);
        put_i32(buf, *index);
    }

    // Machine integer info: version 1.0.0, machine -1, IEEE floats,
    // compression code 1, little-endian, UTF-8 code page.
    let mut payload = Vec::new();
    for v in [1, 0, 0, -1, 1, 1, 2, 65001] {
        put_i32(&mut payload, v);
    }
    put_extension(buf, 3, 4, &payload);

    // Machine floating-point info: SYSMIS, HIGHEST, LOWEST.
    payload.clear();
    for bits in [SYSMIS_BITS, HIGHEST_BITS, LOWEST_BITS] {
        payload.extend_from_slice(&bits.to_le_bytes());
    }
    put_extension(buf, 4, 8, &payload);

    // Variable display: measure, display width, alignment.
    payload.clear();
    for var in vars {
        let measure = match var.measure {
            Measure::Nominal => 1,
            Measure::Ordinal => 2,
            Measure::Scale => 3,
        };
        let (width, alignment) = match var.var_type {
            VarType::Numeric { decimals } => ((i32::from(decimals) + 2).max(8), 1),
            VarType::String { width } => (i32::from(width), 0),
        };
        for v in [measure, width, alignment] {
            put_i32(&mut payload, v);
        }
    }
    put_extension(buf, 11, 4, &payload);

    // Long variable names: SHORT=Long, tab-separated.
    payload.clear();
    for (i, (var, short)) in vars.iter().zip(&shorts).enumerate() {
        if i > 0 {
            payload.push(b'\t');
        }
        payload.extend_from_slice(short.as_bytes());
        payload.push(b'=');
        payload.extend_from_slice(var.name.as_bytes());
    }
    put_extension(buf, 13, 1, &payload);

    // Character encoding.
    put_extension(buf, 20, 1, b"UTF-8");

    // Dictionary termination.
    put_i32(buf, 999);
    put_i32(buf, 0);
}

fn now_unix_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// Header creation date ("dd Mmm yy") and time ("hh:mm:ss"), UTC.
fn header_timestamp(unix_secs: i64) -> (String, String) {
    let days = unix_secs.div_euclid(86_400);
    let secs = unix_secs.rem_euclid(86_400);
    // Civil-from-days (H. Hinnant), proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let month_name = MONTHS[(month - 1).clamp(0, 11) as usize];
    (
        format!("{day:02} {month_name} {:02}", year.rem_euclid(100)),
        format!(
            "{:02}:{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        ),
    )
}

// ---------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------

/// Reads a whole file into memory (about 1.7 KB per row of 70 variables, so
/// 1.7 GB for a million rows; use [`SavReader`] to go row by row). The input
/// is buffered internally.
pub fn read(input: impl Read) -> Result<SavFile, SavError> {
    let mut reader = SavReader::new(input)?;
    let capacity = reader.case_count().map_or(0, |n| n.min(65_536) as usize);
    let mut rows = Vec::with_capacity(capacity);
    while let Some(row) = reader.next_row()? {
        rows.push(row);
    }
    Ok(SavFile {
        file_label: reader.file_label,
        variables: reader.variables,
        rows,
        user_missing: reader.user_missing,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endian {
    Little,
    Big,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Windows1252,
    /// No encoding recorded: UTF-8 where valid, else windows-1252.
    Guess,
}

struct Input<R> {
    r: R,
    pos: u64,
    endian: Endian,
}

impl<R: Read> Input<R> {
    /// Reads as much of `buf` as the input has; returns how much.
    fn fill(&mut self, buf: &mut [u8]) -> Result<usize, SavError> {
        let mut n = 0;
        while n < buf.len() {
            match self.r.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.pos += n as u64;
        Ok(n)
    }

    fn exact(&mut self, buf: &mut [u8], record: &str) -> Result<(), SavError> {
        if self.fill(buf)? < buf.len() {
            return Err(self.truncated(record));
        }
        Ok(())
    }

    fn truncated(&self, record: &str) -> SavError {
        SavError::Truncated {
            offset: self.pos,
            record: record.to_owned(),
        }
    }

    fn malformed(&self, offset: u64, record: &str, reason: String) -> SavError {
        SavError::Malformed {
            offset,
            record: record.to_owned(),
            reason,
        }
    }

    fn i32(&mut self, record: &str) -> Result<i32, SavError> {
        let mut b = [0; 4];
        self.exact(&mut b, record)?;
        Ok(match self.endian {
            Endian::Little => i32::from_le_bytes(b),
            Endian::Big => i32::from_be_bytes(b),
        })
    }

    /// Reads `n` bytes; memory grows only as data actually arrives, so a
    /// garbage length cannot force a huge allocation.
    fn bytes(&mut self, n: u64, record: &str) -> Result<Vec<u8>, SavError> {
        let mut v = Vec::new();
        let got = (&mut self.r).take(n).read_to_end(&mut v)?;
        self.pos += got as u64;
        if (got as u64) < n {
            return Err(self.truncated(record));
        }
        Ok(v)
    }

    fn skip(&mut self, n: u64, record: &str) -> Result<(), SavError> {
        let got = io::copy(&mut (&mut self.r).take(n), &mut io::sink())?;
        self.pos += got;
        if got < n {
            return Err(self.truncated(record));
        }
        Ok(())
    }
}

fn u64_from(b: [u8; 8], endian: Endian) -> u64 {
    match endian {
        Endian::Little => u64::from_le_bytes(b),
        Endian::Big => u64::from_be_bytes(b),
    }
}

fn i32_from(b: &[u8], endian: Endian) -> i32 {
    let mut a = [0; 4];
    a.copy_from_slice(&b[..4]);
    match endian {
        Endian::Little => i32::from_le_bytes(a),
        Endian::Big => i32::from_be_bytes(a),
    }
}

struct RawVar {
    width: usize,
    short: Vec<u8>,
    label: Option<Vec<u8>>,
    /// As in the record: 0..=3 discrete, -2 range, -3 range plus one value.
    n_missing: i32,
    missing: Vec<[u8; 8]>,
    print_format: i32,
    slot: usize,
    offset: u64,
}

struct RawLabelSet {
    offset: u64,
    labels: Vec<([u8; 8], Vec<u8>)>,
    indices: Vec<i32>,
}

#[derive(Default)]
struct RawDict {
    vars: Vec<RawVar>,
    slots: usize,
    label_sets: Vec<RawLabelSet>,
    char_code: Option<i32>,
    sysmis_bits: Option<u64>,
    display: Option<Vec<i32>>,
    long_names: Option<Vec<u8>>,
    very_long: Option<(u64, Vec<u8>)>,
    encoding: Option<Vec<u8>>,
}

enum Plan {
    Num {
        slot: usize,
    },
    Str {
        segments: Vec<(usize, usize)>,
        width: usize,
    },
}

/// Streaming `.sav` reader: the dictionary is read by [`SavReader::new`],
/// rows by [`SavReader::next_row`].
pub struct SavReader<R: Read> {
    inp: Input<BufReader<R>>,
    file_label: String,
    variables: Vec<Variable>,
    user_missing: Vec<UserMissing>,
    plans: Vec<Plan>,
    slot_is_string: Vec<bool>,
    encoding: Encoding,
    sysmis_bits: u64,
    compressed: bool,
    bias: f64,
    ops: [u8; 8],
    next_op: usize,
    case: Vec<u8>,
    case_count: Option<u64>,
    rows_read: u64,
    done: bool,
}

impl<R: Read> SavReader<R> {
    pub fn new(input: R) -> Result<Self, SavError> {
        let mut inp = Input {
            r: BufReader::with_capacity(64 * 1024, input),
            pos: 0,
            endian: Endian::Little,
        };
        let mut magic = [0; 4];
        let n = inp.fill(&mut magic)?;
        if &magic[..n] == b"$FL3" {
            return Err(SavError::UnsupportedCompression {
                reason: "zlib-compressed .zsav files are not supported; save the file as \
                         .sav (uncompressed or standard compression)"
                    .to_owned(),
            });
        }
        if &magic[..n] != b"$FL2" {
            return Err(SavError::NotSav {
                reason: format!(
                    "it starts with \"{}\", not \"$FL2\"",
                    magic[..n].escape_ascii()
                ),
            });
        }
        let mut h = [0u8; HEADER_LEN];
        h[..4].copy_from_slice(&magic);
        inp.exact(&mut h[4..], "the file header")?;
        let layout_le = i32_from(&h[64..68], Endian::Little);
        let layout_be = i32_from(&h[64..68], Endian::Big);
        inp.endian = if matches!(layout_le, 2 | 3) {
            Endian::Little
        } else if matches!(layout_be, 2 | 3) {
            Endian::Big
        } else {
            return Err(inp.malformed(
                64,
                "the file header",
                format!("layout code {layout_le} is neither 2 nor 3"),
            ));
        };
        let endian = inp.endian;
        let compressed = match i32_from(&h[72..76], endian) {
            0 => false,
            1 => true,
            2 => {
                return Err(SavError::UnsupportedCompression {
                    reason: "zlib compression (code 2, .zsav) is not supported".to_owned(),
                });
            }
            code => {
                return Err(SavError::UnsupportedCompression {
                    reason: format!("unknown compression code {code}"),
                });
            }
        };
        let case_count = u64::try_from(i32_from(&h[80..84], endian)).ok();
        let mut bias_bytes = [0; 8];
        bias_bytes.copy_from_slice(&h[84..92]);
        let bias = f64::from_bits(u64_from(bias_bytes, endian));
        if compressed && !(bias.is_finite() && bias.abs() < 1e6) {
            return Err(inp.malformed(
                84,
                "the file header",
                format!("compression bias {bias} is not usable"),
            ));
        }
        let raw_label = h[109..173].to_vec();

        let dict = read_dictionary(&mut inp)?;
        let encoding = pick_encoding(dict.encoding.as_deref(), dict.char_code)?;
        let file_label = decode(encoding, trim_blanks(&raw_label));
        let mut reader = Self {
            inp,
            file_label,
            variables: Vec::new(),
            user_missing: Vec::new(),
            plans: Vec::new(),
            slot_is_string: Vec::new(),
            encoding,
            sysmis_bits: dict.sysmis_bits.unwrap_or(SYSMIS_BITS),
            compressed,
            bias,
            ops: [0; 8],
            next_op: 8,
            case: vec![0; dict.slots * 8],
            case_count,
            rows_read: 0,
            done: dict.vars.is_empty(),
        };
        reader.build(dict)?;
        Ok(reader)
    }

    pub fn file_label(&self) -> &str {
        &self.file_label
    }

    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    /// Parallel to [`variables`](Self::variables).
    pub fn user_missing(&self) -> &[UserMissing] {
        &self.user_missing
    }

    /// Number of cases the header declares, if it does.
    pub fn case_count(&self) -> Option<u64> {
        self.case_count
    }

    /// The next row, or `None` at the end of the data. After an error it
    /// returns `None`.
    pub fn next_row(&mut self) -> Result<Option<Vec<OwnedValue>>, SavError> {
        let row = self.read_row();
        if row.is_err() {
            self.done = true;
        }
        row
    }

    fn read_row(&mut self) -> Result<Option<Vec<OwnedValue>>, SavError> {
        if self.done {
            return Ok(None);
        }
        if let Some(n) = self.case_count
            && self.rows_read >= n
        {
            self.done = true;
            return Ok(None);
        }
        let more = if self.compressed {
            self.read_compressed_case()?
        } else {
            self.read_plain_case()?
        };
        if !more {
            self.done = true;
            if let Some(n) = self.case_count {
                return Err(SavError::Truncated {
                    offset: self.inp.pos,
                    record: format!(
                        "the data: the header declares {n} cases but only {} are present",
                        self.rows_read
                    ),
                });
            }
            return Ok(None);
        }
        self.rows_read += 1;
        Ok(Some(self.values()))
    }

    fn case_name(&self) -> String {
        format!("case {}", self.rows_read + 1)
    }

    fn read_plain_case(&mut self) -> Result<bool, SavError> {
        let mut case = std::mem::take(&mut self.case);
        let n = self.inp.fill(&mut case);
        self.case = case;
        match n? {
            0 => Ok(false),
            n if n == self.case.len() => Ok(true),
            _ => Err(self.inp.truncated(&self.case_name())),
        }
    }

    fn read_compressed_case(&mut self) -> Result<bool, SavError> {
        let endian = self.inp.endian;
        for slot in 0..self.slot_is_string.len() {
            let code = loop {
                if self.next_op == 8 {
                    let mut ops = [0; 8];
                    match self.inp.fill(&mut ops)? {
                        0 if slot == 0 => return Ok(false),
                        8 => {}
                        _ => return Err(self.inp.truncated(&self.case_name())),
                    }
                    self.ops = ops;
                    self.next_op = 0;
                }
                let code = self.ops[self.next_op];
                self.next_op += 1;
                if code != 0 {
                    break code;
                }
            };
            let is_string = self.slot_is_string[slot];
            let cell: [u8; 8] = match code {
                252 if slot == 0 => return Ok(false),
                252 => {
                    return Err(self.inp.malformed(
                        self.inp.pos,
                        &self.case_name(),
                        "the end-of-data code comes in the middle of the case".to_owned(),
                    ));
                }
                253 => {
                    let mut raw = [0; 8];
                    let record = self.case_name();
                    self.inp.exact(&mut raw, &record)?;
                    raw
                }
                254 | 255 if is_string => [b' '; 8],
                254 | 255 => encode_f64(f64::from_bits(self.sysmis_bits), endian),
                _ if is_string => {
                    return Err(self.inp.malformed(
                        self.inp.pos,
                        &self.case_name(),
                        format!(
                            "compressed number code {code} in position {} of a string variable",
                            slot + 1
                        ),
                    ));
                }
                _ => encode_f64(f64::from(code) - self.bias, endian),
            };
            self.case[slot * 8..slot * 8 + 8].copy_from_slice(&cell);
        }
        Ok(true)
    }

    fn values(&self) -> Vec<OwnedValue> {
        let endian = self.inp.endian;
        self.plans
            .iter()
            .map(|plan| match plan {
                Plan::Num { slot } => {
                    let mut b = [0; 8];
                    b.copy_from_slice(&self.case[slot * 8..slot * 8 + 8]);
                    let bits = u64_from(b, endian);
                    let x = f64::from_bits(bits);
                    if bits == self.sysmis_bits || bits == SYSMIS_BITS || x.is_nan() {
                        OwnedValue::Missing
                    } else {
                        OwnedValue::Num(x)
                    }
                }
                Plan::Str { segments, width } => {
                    let mut bytes = Vec::with_capacity(*width);
                    for (slot, seg_width) in segments {
                        bytes.extend_from_slice(&self.case[slot * 8..slot * 8 + seg_width]);
                    }
                    bytes.truncate(*width);
                    OwnedValue::Str(decode(self.encoding, trim_blanks(&bytes)))
                }
            })
            .collect()
    }

    /// Turns the raw records into variables and a case layout.
    fn build(&mut self, dict: RawDict) -> Result<(), SavError> {
        let enc = self.encoding;
        let endian = self.inp.endian;
        let mut slot_is_string = vec![false; dict.slots];
        let mut slot_to_var = vec![None; dict.slots];
        for (i, v) in dict.vars.iter().enumerate() {
            slot_to_var[v.slot] = Some(i);
            for s in &mut slot_is_string[v.slot..v.slot + slots_for_width(v.width)] {
                *s = v.width > 0;
            }
        }
        let shorts: Vec<String> = dict
            .vars
            .iter()
            .map(|v| decode(enc, trim_blanks(&v.short)))
            .collect();
        let long_names = parse_pairs(enc, dict.long_names.as_deref().unwrap_or_default());
        let very_long = match &dict.very_long {
            Some((offset, raw)) => parse_pairs(enc, raw)
                .into_iter()
                .map(|(k, v)| match v.trim().parse::<usize>() {
                    Ok(w) if w <= 32_767 => Ok((k, w)),
                    _ => Err(self.inp.malformed(
                        *offset,
                        "the very long string record",
                        format!("width {v:?} for variable {k} is not a number up to 32767"),
                    )),
                })
                .collect::<Result<HashMap<_, _>, _>>()?,
            None => HashMap::new(),
        };

        // Group segments of very long strings into one variable each.
        let mut var_to_out = vec![None; dict.vars.len()];
        let mut groups: Vec<(usize, Plan)> = Vec::new();
        let mut i = 0;
        while i < dict.vars.len() {
            let v = &dict.vars[i];
            let key = shorts[i].to_uppercase();
            match very_long.get(&key) {
                Some(&w) if v.width > 0 && w > 255 => {
                    let n = w.div_ceil(252);
                    let segs = dict.vars.get(i..i + n).unwrap_or_default();
                    if segs.len() < n || segs.iter().any(|s| s.width == 0) {
                        return Err(self.inp.malformed(
                            v.offset,
                            &format!("variable record for {}", shorts[i]),
                            format!(
                                "very long string of width {w} needs {n} string segments, \
                                 but the dictionary does not have them"
                            ),
                        ));
                    }
                    var_to_out[i] = Some(groups.len());
                    let segments = segs.iter().map(|s| (s.slot, s.width)).collect();
                    groups.push((i, Plan::Str { segments, width: w }));
                    i += n;
                }
                _ => {
                    var_to_out[i] = Some(groups.len());
                    let plan = if v.width == 0 {
                        Plan::Num { slot: v.slot }
                    } else {
                        Plan::Str {
                            segments: vec![(v.slot, v.width)],
                            width: v.width,
                        }
                    };
                    groups.push((i, plan));
                    i += 1;
                }
            }
        }

        // Measures: one entry (2 or 3 ints) per segment, or per variable.
        let display = dict.display.unwrap_or_default();
        let measure_of = |raw_index: usize, out_index: usize| -> Option<i32> {
            for count in [dict.vars.len(), groups.len()] {
                for stride in [3, 2] {
                    if count > 0 && display.len() == count * stride {
                        let index = if count == dict.vars.len() {
                            raw_index
                        } else {
                            out_index
                        };
                        return display.get(index * stride).copied();
                    }
                }
            }
            None
        };

        for (out_index, (raw_index, plan)) in groups.iter().enumerate() {
            let v = &dict.vars[*raw_index];
            let short = &shorts[*raw_index];
            let name = long_names
                .iter()
                .find(|(k, _)| *k == short.to_uppercase())
                .map_or_else(|| short.clone(), |(_, long)| long.clone());
            let var_type = match plan {
                Plan::Num { .. } => VarType::Numeric {
                    decimals: (v.print_format & 0xff) as u8,
                },
                Plan::Str { width, .. } => VarType::String {
                    width: u16::try_from(*width).unwrap_or(u16::MAX),
                },
            };
            let measure = match measure_of(*raw_index, out_index) {
                Some(1) => Measure::Nominal,
                Some(2) => Measure::Ordinal,
                Some(3) => Measure::Scale,
                _ if v.width > 0 => Measure::Nominal,
                _ => Measure::Scale,
            };
            self.variables.push(Variable {
                name,
                label: v
                    .label
                    .as_deref()
                    .map(|l| decode(enc, l))
                    .unwrap_or_default(),
                var_type,
                measure,
                value_labels: Vec::new(),
            });
            self.user_missing.push(user_missing(v, enc, endian));
        }

        for set in &dict.label_sets {
            for &index in &set.indices {
                let var = usize::try_from(index)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|slot| slot_to_var.get(slot).copied().flatten());
                let Some(var) = var else {
                    return Err(self.inp.malformed(
                        set.offset,
                        "a value label variables record (type 4)",
                        format!(
                            "dictionary index {index} is not the first position of a variable \
                             (the dictionary has {} positions)",
                            dict.slots
                        ),
                    ));
                };
                // Labels on string variables are not kept (see `Variable`).
                let Some(out) = var_to_out[var] else { continue };
                if dict.vars[var].width > 0 {
                    continue;
                }
                let labels = &mut self.variables[out].value_labels;
                for (raw, label) in &set.labels {
                    let value = f64::from_bits(u64_from(*raw, endian));
                    let label = decode(enc, label);
                    match labels.iter_mut().find(|(v, _)| *v == value) {
                        Some(existing) => existing.1 = label,
                        None => labels.push((value, label)),
                    }
                }
            }
        }

        self.plans = groups.into_iter().map(|(_, plan)| plan).collect();
        self.slot_is_string = slot_is_string;
        Ok(())
    }
}

fn encode_f64(x: f64, endian: Endian) -> [u8; 8] {
    match endian {
        Endian::Little => x.to_le_bytes(),
        Endian::Big => x.to_be_bytes(),
    }
}

fn user_missing(v: &RawVar, enc: Encoding, endian: Endian) -> UserMissing {
    if v.width > 0 {
        if v.missing.is_empty() {
            return UserMissing::None;
        }
        return UserMissing::Strings(
            v.missing
                .iter()
                .map(|m| decode(enc, trim_blanks(&m[..v.width.min(8)])))
                .collect(),
        );
    }
    let nums: Vec<f64> = v
        .missing
        .iter()
        .map(|m| match u64_from(*m, endian) {
            LOWEST_BITS | SYSMIS_BITS => f64::NEG_INFINITY,
            HIGHEST_BITS => f64::INFINITY,
            bits => f64::from_bits(bits),
        })
        .collect();
    match (v.n_missing, nums.as_slice()) {
        (-2, [low, high]) => UserMissing::Range {
            low: *low,
            high: *high,
            value: None,
        },
        (-3, [low, high, value]) => UserMissing::Range {
            low: *low,
            high: *high,
            value: Some(*value),
        },
        (_, []) => UserMissing::None,
        _ => UserMissing::Values(nums),
    }
}

fn read_dictionary<R: Read>(inp: &mut Input<R>) -> Result<RawDict, SavError> {
    let mut d = RawDict::default();
    let mut continuations = 0usize;
    loop {
        let offset = inp.pos;
        let rec_type = inp.i32("a record type")?;
        match rec_type {
            2 => {
                let record = format!("variable record {}", d.slots + 1);
                let mut fields = [0i32; 5];
                for f in &mut fields {
                    *f = inp.i32(&record)?;
                }
                let [width, has_label, n_missing, print_format, _write] = fields;
                let mut short = vec![0; 8];
                inp.exact(&mut short, &record)?;
                let label = match has_label {
                    0 => None,
                    1 => {
                        let len = inp.i32(&record)?;
                        let len = u64::try_from(len)
                            .ok()
                            .filter(|l| *l <= 65_535)
                            .ok_or_else(|| {
                                inp.malformed(inp.pos, &record, format!("label length {len}"))
                            })?;
                        let mut label = inp.bytes(len.next_multiple_of(4), &record)?;
                        label.truncate(len as usize);
                        Some(label)
                    }
                    other => {
                        return Err(inp.malformed(
                            offset,
                            &record,
                            format!("has_var_label is {other}, not 0 or 1"),
                        ));
                    }
                };
                let n_values = match n_missing {
                    0..=3 => n_missing.unsigned_abs(),
                    -2 | -3 if width == 0 => n_missing.unsigned_abs(),
                    _ => {
                        return Err(inp.malformed(
                            offset,
                            &record,
                            format!("missing value count {n_missing} is not allowed"),
                        ));
                    }
                };
                let mut missing = Vec::new();
                for _ in 0..n_values {
                    let mut m = [0; 8];
                    inp.exact(&mut m, &record)?;
                    missing.push(m);
                }
                if width == -1 {
                    if continuations == 0 {
                        return Err(inp.malformed(
                            offset,
                            &record,
                            "a string continuation record does not follow a string variable"
                                .to_owned(),
                        ));
                    }
                    continuations -= 1;
                    d.slots += 1;
                    continue;
                }
                if continuations > 0 {
                    return Err(inp.malformed(
                        offset,
                        &record,
                        format!(
                            "the previous string variable still needs {continuations} \
                             continuation records"
                        ),
                    ));
                }
                let width = usize::try_from(width)
                    .ok()
                    .filter(|w| *w <= 255)
                    .ok_or_else(|| {
                        inp.malformed(offset, &record, format!("variable type/width {width}"))
                    })?;
                continuations = slots_for_width(width) - 1;
                d.vars.push(RawVar {
                    width,
                    short,
                    label,
                    n_missing,
                    missing,
                    print_format,
                    slot: d.slots,
                    offset,
                });
                d.slots += 1;
            }
            3 => {
                let record = "a value label record (type 3)";
                let count = inp.i32(record)?;
                let count = u32::try_from(count)
                    .map_err(|_| inp.malformed(offset, record, format!("label count {count}")))?;
                let mut labels = Vec::new();
                for _ in 0..count {
                    let mut value = [0; 8];
                    inp.exact(&mut value, record)?;
                    let mut len = [0; 1];
                    inp.exact(&mut len, record)?;
                    let len = usize::from(len[0]);
                    let mut label =
                        inp.bytes(((len + 1).next_multiple_of(8) - 1) as u64, record)?;
                    label.truncate(len);
                    labels.push((value, label));
                }
                let record = "a value label variables record (type 4)";
                let follow = inp.i32(record)?;
                if follow != 4 {
                    return Err(inp.malformed(
                        offset,
                        "a value label record (type 3)",
                        format!("it is followed by record type {follow} instead of type 4"),
                    ));
                }
                let n = inp.i32(record)?;
                let n = u32::try_from(n)
                    .map_err(|_| inp.malformed(inp.pos, record, format!("variable count {n}")))?;
                let mut indices = Vec::new();
                for _ in 0..n {
                    indices.push(inp.i32(record)?);
                }
                d.label_sets.push(RawLabelSet {
                    offset,
                    labels,
                    indices,
                });
            }
            4 => {
                return Err(inp.malformed(
                    offset,
                    "a value label variables record (type 4)",
                    "it does not follow a value label record (type 3)".to_owned(),
                ));
            }
            6 => {
                let record = "the document record (type 6)";
                let lines = inp.i32(record)?;
                let lines = u64::try_from(lines)
                    .map_err(|_| inp.malformed(offset, record, format!("line count {lines}")))?;
                inp.skip(lines * 80, record)?;
            }
            7 => {
                let mut record = "an extension record (type 7)".to_owned();
                let subtype = inp.i32(&record)?;
                record = format!("extension record subtype {subtype}");
                let size = inp.i32(&record)?;
                let count = inp.i32(&record)?;
                let (Ok(size), Ok(count)) = (u64::try_from(size), u64::try_from(count)) else {
                    return Err(inp.malformed(
                        offset,
                        &record,
                        format!("negative size {size} or count {count}"),
                    ));
                };
                let len = size * count;
                match subtype {
                    3 | 4 | 11 | 13 | 14 | 20 => {
                        let data = inp.bytes(len, &record)?;
                        let ints = |data: &[u8]| -> Vec<i32> {
                            data.chunks_exact(4)
                                .map(|c| i32_from(c, inp.endian))
                                .collect()
                        };
                        match subtype {
                            3 if size == 4 && count >= 8 => {
                                let v = ints(&data);
                                if v[4] != 1 {
                                    return Err(SavError::UnsupportedFloatFormat { code: v[4] });
                                }
                                d.char_code = Some(v[7]);
                            }
                            4 if size == 8 && count >= 1 => {
                                let mut b = [0; 8];
                                b.copy_from_slice(&data[..8]);
                                d.sysmis_bits = Some(u64_from(b, inp.endian));
                            }
                            11 if size == 4 => d.display = Some(ints(&data)),
                            13 => d.long_names = Some(data),
                            14 => d.very_long = Some((offset, data)),
                            20 => d.encoding = Some(data),
                            _ => {}
                        }
                    }
                    _ => inp.skip(len, &record)?,
                }
            }
            999 => {
                inp.i32("the dictionary termination record")?;
                if continuations > 0 {
                    return Err(inp.malformed(
                        offset,
                        "the dictionary termination record",
                        format!(
                            "the last string variable lacks {continuations} continuation records"
                        ),
                    ));
                }
                return Ok(d);
            }
            other => {
                return Err(inp.malformed(
                    offset,
                    "the dictionary",
                    format!("unknown record type {other}"),
                ));
            }
        }
    }
}

fn pick_encoding(name: Option<&[u8]>, code: Option<i32>) -> Result<Encoding, SavError> {
    if let Some(name) = name {
        let name = String::from_utf8_lossy(trim_blanks(name)).to_ascii_lowercase();
        return match name.as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1252" | "cp1252" | "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1"
            | "latin-1" | "us-ascii" | "ascii" | "ansi_x3.4-1968" => Ok(Encoding::Windows1252),
            _ => Err(SavError::UnsupportedEncoding { encoding: name }),
        };
    }
    match code {
        None => Ok(Encoding::Guess),
        Some(c) if c <= 0 => Ok(Encoding::Guess),
        Some(65001) => Ok(Encoding::Utf8),
        Some(2 | 3 | 1252 | 20127 | 28591) => Ok(Encoding::Windows1252),
        Some(c) => Err(SavError::UnsupportedEncoding {
            encoding: format!("code page {c}"),
        }),
    }
}

/// `KEY=value` pairs separated by tabs (NULs around them are ignored);
/// keys upper-cased.
fn parse_pairs(enc: Encoding, raw: &[u8]) -> Vec<(String, String)> {
    decode(enc, raw)
        .split('\t')
        .filter_map(|pair| {
            let pair = pair.trim_matches('\0');
            let (k, v) = pair.split_once('=')?;
            Some((
                k.trim().to_uppercase(),
                v.trim_end_matches(['\0', ' ']).to_owned(),
            ))
        })
        .collect()
}

fn trim_blanks(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|c| *c != b' ' && *c != 0)
        .map_or(0, |p| p + 1);
    &b[..end]
}

fn decode(enc: Encoding, b: &[u8]) -> String {
    match enc {
        Encoding::Utf8 => String::from_utf8_lossy(b).into_owned(),
        Encoding::Windows1252 => b.iter().map(|&c| windows_1252(c)).collect(),
        Encoding::Guess => match std::str::from_utf8(b) {
            Ok(s) => s.to_owned(),
            Err(_) => b.iter().map(|&c| windows_1252(c)).collect(),
        },
    }
}

fn windows_1252(c: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    match c {
        0x80..=0x9f => char::from_u32(u32::from(HIGH[usize::from(c - 0x80)])).unwrap_or('\u{fffd}'),
        _ => char::from(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::time::Instant;

    const FIXED_TIME: i64 = 1_700_000_000; // 14 Nov 2023 22:13:20 UTC

    fn options(compression: Compression) -> WriteOptions {
        WriteOptions {
            compression,
            created_unix_secs: Some(FIXED_TIME),
        }
    }

    fn survey_vars() -> Vec<Variable> {
        vec![
            Variable::numeric("respondent_id", "Respondent", 0, Measure::Nominal),
            Variable::numeric("q1", "Ik voel me bekwaam — één", 0, Measure::Ordinal)
                .with_value_labels(&[(1.0, "helemaal oneens"), (5.0, "helemaal eens")]),
            Variable::numeric("score", "", 2, Measure::Scale),
            Variable::string("opleiding", "Opleiding (crebo)", 20),
            Variable::string("kort", "", 3),
        ]
    }

    fn survey_rows() -> Vec<Vec<OwnedValue>> {
        use OwnedValue::{Missing, Num, Str};
        vec![
            vec![
                Num(1.0),
                Num(5.0),
                Num(3.25),
                Str("Verpleegkunde".into()),
                Str("ab".into()),
            ],
            vec![Num(2.0), Missing, Num(-0.5), Str("".into()), Str("".into())],
            vec![
                Num(1e9),
                Num(1.0),
                Missing,
                Str("Zorg & welzijn éé".into()),
                Str("xyz".into()),
            ],
            vec![
                Num(-99.0),
                Num(151.0),
                Num(152.0),
                Str("a".repeat(20)),
                Str("é".into()),
            ],
        ]
    }

    fn write_file(compression: Compression, rows: &[Vec<OwnedValue>]) -> Vec<u8> {
        let mut w = SavWriter::with_options(
            Vec::new(),
            "Monitor 2024 — export",
            survey_vars(),
            options(compression),
        )
        .unwrap();
        for row in rows {
            let row: Vec<Value<'_>> = row.iter().map(OwnedValue::as_value).collect();
            w.write_row(&row).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn written_files_read_back_identically_with_and_without_compression() {
        for compression in [Compression::None, Compression::Bytecode] {
            let bytes = write_file(compression, &survey_rows());
            let file = read(bytes.as_slice()).unwrap();
            assert_eq!(file.file_label, "Monitor 2024 — export");
            assert_eq!(file.variables, survey_vars(), "{compression:?}");
            assert_eq!(file.rows, survey_rows(), "{compression:?}");
            assert!(file.user_missing.iter().all(|m| *m == UserMissing::None));
        }
    }

    #[test]
    fn header_follows_the_system_file_layout() {
        let bytes = write_file(Compression::Bytecode, &[]);
        assert_eq!(&bytes[..4], b"$FL2");
        assert!(bytes[4..64].starts_with(b"@(#) SPSS DATA FILE"));
        assert_eq!(i32_from(&bytes[64..68], Endian::Little), 2);
        // 1 + 1 + 1 + 3 (20 bytes) + 1 positions.
        assert_eq!(i32_from(&bytes[68..72], Endian::Little), 7);
        assert_eq!(i32_from(&bytes[72..76], Endian::Little), 1);
        assert_eq!(i32_from(&bytes[80..84], Endian::Little), -1);
        assert_eq!(&bytes[84..92], &100.0f64.to_le_bytes());
        assert_eq!(&bytes[92..109], b"14 Nov 2322:13:20");
        assert!(bytes[109..173].starts_with("Monitor 2024 — export".as_bytes()));
        assert_eq!(i32_from(&bytes[176..180], Endian::Little), 2);
    }

    #[test]
    fn bytecode_compression_uses_the_documented_codes() {
        let vars = vec![
            Variable::numeric("a", "", 0, Measure::Scale),
            Variable::numeric("b", "", 0, Measure::Scale),
            Variable::numeric("c", "", 1, Measure::Scale),
            Variable::string("s", "", 12),
        ];
        let mut w =
            SavWriter::with_options(Vec::new(), "", vars, options(Compression::Bytecode)).unwrap();
        let dict_len = w.buf.len();
        w.write_row(&[
            Value::Num(1.0),
            Value::Missing,
            Value::Num(3.5),
            Value::Str("abcdefgh"),
        ])
        .unwrap();
        let bytes = w.finish().unwrap();
        let data = &bytes[dict_len..];
        // Opcodes: 1+100, sysmis, raw, raw chunk, blank chunk, then 0 padding.
        assert_eq!(&data[..8], &[101, 255, 253, 253, 254, 0, 0, 0]);
        assert_eq!(&data[8..16], &3.5f64.to_le_bytes());
        assert_eq!(&data[16..24], b"abcdefgh");
        assert_eq!(data.len(), 24);
    }

    #[test]
    fn uncompressed_rows_are_plain_little_endian_values() {
        let vars = vec![
            Variable::numeric("a", "", 0, Measure::Scale),
            Variable::string("s", "", 9),
        ];
        let mut w =
            SavWriter::with_options(Vec::new(), "", vars, options(Compression::None)).unwrap();
        let dict_len = w.buf.len();
        w.write_row(&[Value::Missing, Value::Str("hi")]).unwrap();
        let bytes = w.finish().unwrap();
        let data = &bytes[dict_len..];
        assert_eq!(&data[..8], &SYSMIS.to_le_bytes());
        assert_eq!(&data[8..], b"hi              ");
    }

    #[test]
    fn names_are_validated_by_spss_rules() {
        let bad = [
            ("", "empty"),
            ("1q", "start with a letter"),
            ("_q", "start with a letter"),
            ("q 1", "contains ' '"),
            ("q-1", "contains '-'"),
            ("q1.", "end with a period"),
            ("with", "reserved word"),
            ("And", "reserved word"),
            (&"q".repeat(65), "65 bytes"),
        ];
        for (name, why) in bad {
            let vars = vec![Variable::numeric(name, "", 0, Measure::Scale)];
            let err = SavWriter::new(Vec::new(), "", vars).err().unwrap();
            assert!(matches!(err, SavError::InvalidName { .. }), "{name}: {err}");
            assert!(err.to_string().contains(why), "{name}: {err}");
        }
        for good in [
            "q1",
            "Q_1.a@b#c",
            "één",
            "x".repeat(64).as_str(),
            "ALLES",
            "toelichting",
        ] {
            let vars = vec![Variable::numeric(good, "", 0, Measure::Scale)];
            assert!(SavWriter::new(Vec::new(), "", vars).is_ok(), "{good}");
        }
    }

    #[test]
    fn duplicate_names_are_rejected_case_insensitively() {
        let vars = vec![
            Variable::numeric("Leeftijd", "", 0, Measure::Scale),
            Variable::numeric("LEEFTIJD", "", 0, Measure::Scale),
        ];
        let err = SavWriter::new(Vec::new(), "", vars).err().unwrap();
        assert_eq!(
            err.to_string(),
            "variable name \"LEEFTIJD\" is used twice (SPSS compares names \
             case-insensitively; first use: \"Leeftijd\")"
        );
    }

    #[test]
    fn labels_and_types_are_validated_and_errors_name_the_variable() {
        let long = "x".repeat(256);
        let cases = [
            (
                Variable::numeric("q", &long, 0, Measure::Scale),
                "the label is 256 bytes",
            ),
            (
                Variable::numeric("q", "", 0, Measure::Scale).with_value_labels(&[(1.0, &long)]),
                "value label for 1 is 256 bytes",
            ),
            (
                Variable::numeric("q", "", 0, Measure::Scale)
                    .with_value_labels(&[(1.0, "a"), (1.0, "b")]),
                "more than one value label",
            ),
            (
                Variable::numeric("q", "", 0, Measure::Scale).with_value_labels(&[(f64::NAN, "a")]),
                "not a storable number",
            ),
            (
                Variable::numeric("q", "", 17, Measure::Scale),
                "17 decimals",
            ),
            (Variable::string("q", "", 0), "width 0"),
            (Variable::string("q", "", 256), "width 256"),
            (
                Variable::string("q", "", 4).with_value_labels(&[(1.0, "a")]),
                "only supported on numeric",
            ),
            (
                Variable {
                    measure: Measure::Scale,
                    ..Variable::string("q", "", 4)
                },
                "Scale",
            ),
            (Variable::numeric("q", "a\0b", 0, Measure::Scale), "NUL"),
        ];
        for (var, why) in cases {
            let err = SavWriter::new(Vec::new(), "", vec![var]).err().unwrap();
            assert!(matches!(err, SavError::InvalidVariable { ref name, .. } if name == "q"));
            assert!(err.to_string().contains(why), "{why}: {err}");
        }
        let err = SavWriter::new(Vec::new(), &"l".repeat(65), survey_vars())
            .err()
            .unwrap();
        assert!(matches!(err, SavError::InvalidFileLabel { .. }), "{err}");
        assert!(matches!(
            SavWriter::new(Vec::new(), "", vec![]).err().unwrap(),
            SavError::NoVariables
        ));
    }

    #[test]
    fn bad_rows_are_rejected_with_row_and_variable_and_write_nothing() {
        let mut w = SavWriter::with_options(
            Vec::new(),
            "",
            survey_vars(),
            options(Compression::Bytecode),
        )
        .unwrap();
        let good = [
            Value::Num(1.0),
            Value::Num(2.0),
            Value::Num(3.0),
            Value::Str("x"),
            Value::Str("y"),
        ];
        w.write_row(&good).unwrap();
        let err = w.write_row(&good[..4]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 2: expected 5 values (one per variable), got 4"
        );
        let mut bad = good;
        bad[1] = Value::Str("vijf");
        let err = w.write_row(&bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 2, variable \"q1\": numeric variable given a string"
        );
        bad = good;
        bad[3] = Value::Num(1.0);
        assert!(
            w.write_row(&bad)
                .unwrap_err()
                .to_string()
                .contains("\"opleiding\"")
        );
        bad = good;
        bad[4] = Value::Str("abcd");
        let err = w.write_row(&bad).unwrap_err().to_string();
        assert!(
            err.contains("\"kort\": string of 4 bytes does not fit"),
            "{err}"
        );
        bad = good;
        bad[2] = Value::Num(f64::INFINITY);
        assert!(
            w.write_row(&bad)
                .unwrap_err()
                .to_string()
                .contains("infinite")
        );
        w.write_row(&good).unwrap();
        let file = read(w.finish().unwrap().as_slice()).unwrap();
        assert_eq!(file.rows.len(), 2);
        assert_eq!(file.rows[0], file.rows[1]);
    }

    #[test]
    fn nan_is_written_as_system_missing() {
        let vars = vec![Variable::numeric("x", "", 0, Measure::Scale)];
        let mut w = SavWriter::new(Vec::new(), "", vars).unwrap();
        w.write_row(&[Value::Num(f64::NAN)]).unwrap();
        w.write_row(&[Value::Num(SYSMIS)]).unwrap();
        w.write_row(&[Value::Num(-0.0)]).unwrap();
        let file = read(w.finish().unwrap().as_slice()).unwrap();
        assert_eq!(file.rows[0], vec![OwnedValue::Missing]);
        assert_eq!(file.rows[1], vec![OwnedValue::Missing]);
        assert!(matches!(file.rows[2][0], OwnedValue::Num(z) if z == 0.0 && z.is_sign_negative()));
    }

    #[test]
    fn long_and_non_ascii_names_get_unique_short_names() {
        let vars = vec![
            Variable::numeric("v1", "", 0, Measure::Scale),
            Variable::numeric("een_heel_lange_naam_voor_een_vraag", "", 0, Measure::Scale),
            Variable::numeric("één", "", 0, Measure::Scale),
            Variable::numeric("V2", "", 0, Measure::Scale),
        ];
        assert_eq!(short_names(&vars), ["V1", "V3", "V4", "V2"]);
        let mut w = SavWriter::new(Vec::new(), "", vars.clone()).unwrap();
        w.write_row(&[1.0.into(), 2.0.into(), 3.0.into(), 4.0.into()])
            .unwrap();
        let file = read(w.finish().unwrap().as_slice()).unwrap();
        let names: Vec<_> = file.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            ["v1", "een_heel_lange_naam_voor_een_vraag", "één", "V2"]
        );
        assert_eq!(file.column("EEN_heel_lange_naam_voor_een_vraag"), Some(1));
    }

    #[test]
    fn writer_memory_does_not_grow_with_rows() {
        let mut w = SavWriter::new(io::sink(), "", survey_vars()).unwrap();
        for i in 0..200_000 {
            let x = f64::from(i);
            w.write_row(&[
                x.into(),
                3.0.into(),
                (x / 7.0).into(),
                "Zorg".into(),
                "a".into(),
            ])
            .unwrap();
        }
        assert!(
            w.buf.capacity() <= FLUSH_AT + 8 * 1024,
            "{}",
            w.buf.capacity()
        );
        assert_eq!(w.rows_written(), 200_000);
        w.finish().unwrap();
    }

    #[test]
    fn seekable_output_gets_the_real_case_count() {
        let mut w = SavWriter::new(Cursor::new(Vec::new()), "", survey_vars()).unwrap();
        for row in survey_rows() {
            let row: Vec<_> = row.iter().map(OwnedValue::as_value).collect();
            w.write_row(&row).unwrap();
        }
        let bytes = w.finish_with_case_count().unwrap().into_inner();
        assert_eq!(i32_from(&bytes[80..84], Endian::Little), 4);
        let reader = SavReader::new(bytes.as_slice()).unwrap();
        assert_eq!(reader.case_count(), Some(4));
        assert_eq!(read(bytes.as_slice()).unwrap().rows, survey_rows());
    }

    #[test]
    fn every_truncation_of_a_file_with_a_case_count_is_an_error() {
        for compression in [Compression::None, Compression::Bytecode] {
            let mut w = SavWriter::with_options(
                Cursor::new(Vec::new()),
                "x",
                survey_vars(),
                options(compression),
            )
            .unwrap();
            for row in survey_rows() {
                let row: Vec<_> = row.iter().map(OwnedValue::as_value).collect();
                w.write_row(&row).unwrap();
            }
            let bytes = w.finish_with_case_count().unwrap().into_inner();
            for len in 0..bytes.len() {
                assert!(read(&bytes[..len]).is_err(), "{compression:?} prefix {len}");
            }
            assert!(read(bytes.as_slice()).is_ok());
        }
    }

    #[test]
    fn truncation_of_a_streamed_file_errs_or_loses_only_whole_rows() {
        for compression in [Compression::None, Compression::Bytecode] {
            let bytes = write_file(compression, &survey_rows());
            let full = survey_rows();
            for len in 0..bytes.len() {
                if let Ok(file) = read(&bytes[..len]) {
                    assert!(full.starts_with(&file.rows), "{compression:?} prefix {len}");
                }
            }
        }
    }

    /// Deterministic xorshift, so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn garbage_and_corrupted_files_give_errors_not_panics() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for len in [0, 1, 3, 4, 100, 176, 500, 4096] {
            for _ in 0..50 {
                let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                assert!(read(bytes.as_slice()).is_err());
                if len >= 4 {
                    bytes[..4].copy_from_slice(b"$FL2");
                    let _ = read(bytes.as_slice());
                }
            }
        }
        // Flip bytes of valid files: anything may come out, but no panic.
        for compression in [Compression::None, Compression::Bytecode] {
            let good = write_file(compression, &survey_rows());
            for _ in 0..3000 {
                let mut bytes = good.clone();
                for _ in 0..1 + rng.next() % 4 {
                    let at = (rng.next() % bytes.len() as u64) as usize;
                    bytes[at] = rng.next() as u8;
                }
                let _ = read(bytes.as_slice());
            }
        }
    }

    #[test]
    fn non_sav_and_zsav_inputs_get_specific_errors() {
        let err = read(&b"PK\x03\x04 not a sav"[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an SPSS system file: it starts with \"PK\\x03\\x04\", not \"$FL2\""
        );
        let err = read(&b"$FL3"[..]).unwrap_err();
        assert!(err.to_string().contains(".zsav"), "{err}");
        let mut bytes = write_file(Compression::None, &[]);
        bytes[72] = 2;
        assert!(matches!(
            read(bytes.as_slice()).unwrap_err(),
            SavError::UnsupportedCompression { .. }
        ));
    }

    /// Hand-built files for reader paths our writer does not produce.
    struct Builder {
        endian: Endian,
        buf: Vec<u8>,
    }

    impl Builder {
        fn new(endian: Endian, slots: i32, compression: i32, ncases: i32) -> Self {
            let mut b = Self {
                endian,
                buf: Vec::new(),
            };
            b.buf.extend_from_slice(b"$FL2");
            put_padded(&mut b.buf, b"@(#) SPSS DATA FILE test", 60, b' ');
            for v in [2, slots, compression, 0, ncases] {
                b.i32(v);
            }
            b.f64(100.0);
            put_padded(&mut b.buf, b"01 Jan 1712:00:00", 17, b' ');
            put_padded(&mut b.buf, b"Golf 2017", 64, b' ');
            b.buf.extend_from_slice(&[0; 3]);
            b
        }
        fn i32(&mut self, v: i32) -> &mut Self {
            match self.endian {
                Endian::Little => self.buf.extend_from_slice(&v.to_le_bytes()),
                Endian::Big => self.buf.extend_from_slice(&v.to_be_bytes()),
            }
            self
        }
        fn f64(&mut self, v: f64) -> &mut Self {
            self.buf.extend_from_slice(&encode_f64(v, self.endian));
            self
        }
        fn bytes(&mut self, b: &[u8]) -> &mut Self {
            self.buf.extend_from_slice(b);
            self
        }
        fn var(
            &mut self,
            width: i32,
            name: &str,
            label: Option<&[u8]>,
            missing: &[f64],
        ) -> &mut Self {
            self.var_with_missing_code(width, name, label, missing.len() as i32, missing)
        }
        fn var_with_missing_code(
            &mut self,
            width: i32,
            name: &str,
            label: Option<&[u8]>,
            n_missing: i32,
            missing: &[f64],
        ) -> &mut Self {
            self.i32(2).i32(width).i32(i32::from(label.is_some()));
            self.i32(n_missing).i32(0x050800).i32(0x050800);
            put_padded(&mut self.buf, name.as_bytes(), 8, b' ');
            if let Some(label) = label {
                self.i32(label.len() as i32);
                put_padded(&mut self.buf, label, label.len().next_multiple_of(4), 0);
            }
            for m in missing {
                self.f64(*m);
            }
            self
        }
        fn cont(&mut self, n: usize) -> &mut Self {
            for _ in 0..n {
                self.var(-1, "", None, &[]);
            }
            self
        }
        fn ext(&mut self, subtype: i32, size: i32, data: &[u8]) -> &mut Self {
            self.i32(7)
                .i32(subtype)
                .i32(size)
                .i32(data.len() as i32 / size);
            self.bytes(data)
        }
        fn end(&mut self) -> &mut Self {
            self.i32(999).i32(0)
        }
    }

    #[test]
    fn big_endian_windows_1252_files_with_ranges_and_labels_are_read() {
        let mut b = Builder::new(Endian::Big, 3, 0, 2);
        b.var(0, "Q1", Some(b"Tevreden \xe9\xe9n \x80"), &[])
            // Missing: 8 THRU HIGHEST, and 0.
            .var_with_missing_code(0, "Q2", None, -3, &[8.0, f64::MAX, 0.0])
            .var(5, "NAAM", None, &[]);
        b.i32(3)
            .i32(2)
            .f64(1.0)
            .bytes(b"\x03een    ")
            .f64(2.0)
            .bytes(b"\x0etwee \xe9\xe9n extra ");
        b.i32(4).i32(1).i32(1);
        b.i32(6).i32(1).bytes(&[b' '; 80]);
        b.ext(20, 1, b"windows-1252").end();
        b.f64(1.0).f64(9.0).bytes(b"Jos\xe9    ");
        b.f64(SYSMIS).f64(0.0).bytes(b"     \0\0\0");
        let file = read(b.buf.as_slice()).unwrap();
        assert_eq!(file.file_label, "Golf 2017");
        assert_eq!(file.variables[0].label, "Tevreden één €");
        assert_eq!(
            file.variables[0].value_labels,
            vec![(1.0, "een".to_owned()), (2.0, "twee één extra".to_owned())]
        );
        assert_eq!(file.variables[2].var_type, VarType::String { width: 5 });
        assert_eq!(
            file.user_missing[1],
            UserMissing::Range {
                low: 8.0,
                high: f64::INFINITY,
                value: Some(0.0)
            }
        );
        use OwnedValue::{Missing, Num, Str};
        assert_eq!(file.rows[0], vec![Num(1.0), Num(9.0), Str("José".into())]);
        assert_eq!(file.rows[1], vec![Missing, Num(0.0), Str("".into())]);
        let mut cleaned = file.clone();
        cleaned.apply_user_missing();
        assert_eq!(cleaned.rows[0][1], Missing);
        assert_eq!(cleaned.rows[1][1], Missing);
        assert_eq!(cleaned.rows[0][0], Num(1.0));
    }

    #[test]
    fn very_long_strings_are_merged_from_their_segments() {
        // Width 300: segments of 255 (32 positions) and 48 (6 positions).
        let mut b = Builder::new(Endian::Little, 39, 0, 1);
        b.var(0, "ID", None, &[])
            .var(255, "OPEN", None, &[])
            .cont(31);
        b.var(48, "OPEN0", None, &[]).cont(5);
        b.ext(14, 1, b"OPEN=00300\0\t")
            .ext(13, 1, b"ID=id\tOPEN=open_antwoord");
        b.ext(11, 4, &[0u8; 4 * 3 * 3]).end();
        let text: Vec<u8> = (0..300).map(|i| b'a' + (i % 26) as u8).collect();
        b.f64(7.0);
        let mut seg1 = text[..255].to_vec();
        seg1.push(b'#');
        let mut seg2 = text[255..].to_vec();
        seg2.resize(48, b' ');
        b.bytes(&seg1).bytes(&seg2);
        let file = read(b.buf.as_slice()).unwrap();
        let names: Vec<_> = file.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["id", "open_antwoord"]);
        assert_eq!(file.variables[1].var_type, VarType::String { width: 300 });
        assert_eq!(
            file.rows[0][1],
            OwnedValue::Str(String::from_utf8(text).unwrap())
        );
    }

    #[test]
    fn compressed_cases_may_span_blocks_and_end_with_code_252() {
        // Bias 100; two numeric and one 8-byte string per case.
        let mut b = Builder::new(Endian::Little, 3, 1, -1);
        b.var(0, "A", None, &[])
            .var(0, "B", None, &[])
            .var(8, "S", None, &[])
            .end();
        // Case 3 starts in the first block and ends in the second.
        b.bytes(&[101, 0, 253, 254, 255, 102, 253, 253]);
        b.f64(2.5).bytes(b"abcdefgh").f64(1e10);
        b.bytes(&[103, 254, 252, 0, 0, 0, 0, 0]);
        let file = read(b.buf.as_slice()).unwrap();
        use OwnedValue::{Missing, Num, Str};
        assert_eq!(
            file.rows,
            vec![
                vec![Num(1.0), Num(2.5), Str("".into())],
                vec![Missing, Num(2.0), Str("abcdefgh".into())],
                vec![Num(1e10), Num(3.0), Str("".into())],
            ]
        );
    }

    #[test]
    fn malformed_dictionaries_are_reported_with_the_record() {
        let mut b = Builder::new(Endian::Little, 2, 0, 0);
        b.var(12, "S", None, &[]).var(0, "N", None, &[]).end();
        let err = read(b.buf.as_slice()).unwrap_err().to_string();
        assert!(err.contains("variable record 2"), "{err}");
        assert!(err.contains("still needs 1 continuation"), "{err}");

        let mut b = Builder::new(Endian::Little, 1, 0, 0);
        b.var(0, "N", None, &[])
            .i32(3)
            .i32(1)
            .f64(1.0)
            .bytes(b"\x01a      ");
        b.i32(4).i32(1).i32(7).end();
        let err = read(b.buf.as_slice()).unwrap_err().to_string();
        assert!(err.contains("dictionary index 7"), "{err}");

        let mut b = Builder::new(Endian::Little, 1, 0, 0);
        b.var(0, "N", None, &[]).i32(42);
        let err = read(b.buf.as_slice()).unwrap_err().to_string();
        assert!(err.contains("unknown record type 42"), "{err}");

        let mut b = Builder::new(Endian::Little, 1, 0, 0);
        b.var(0, "N", None, &[]).ext(20, 1, b"Big5").end();
        let err = read(b.buf.as_slice()).unwrap_err().to_string();
        assert!(err.contains("\"big5\""), "{err}");

        let mut b = Builder::new(Endian::Little, 1, 1, -1);
        b.var(4, "S", None, &[])
            .end()
            .bytes(&[101, 0, 0, 0, 0, 0, 0, 0]);
        let err = read(b.buf.as_slice()).unwrap_err().to_string();
        assert!(err.contains("case 1"), "{err}");
    }

    #[test]
    fn header_dates_are_utc_civil_dates() {
        assert_eq!(header_timestamp(0), ("01 Jan 70".into(), "00:00:00".into()));
        assert_eq!(
            header_timestamp(FIXED_TIME),
            ("14 Nov 23".into(), "22:13:20".into())
        );
        assert_eq!(
            header_timestamp(951_782_400),
            ("29 Feb 00".into(), "00:00:00".into())
        );
        assert_eq!(
            header_timestamp(-1),
            ("31 Dec 69".into(), "23:59:59".into())
        );
    }

    #[test]
    fn truncate_utf8_keeps_whole_characters() {
        assert_eq!(truncate_utf8("één", 3), "é");
        assert_eq!(truncate_utf8("één", 2), "é");
        assert_eq!(truncate_utf8("één", 1), "");
        assert_eq!(truncate_utf8("abc", 10), "abc");
    }

    /// `cargo test --release -- --ignored --nocapture writing_a_million`
    #[test]
    #[ignore = "timing; run in release"]
    fn writing_a_million_rows_of_70_numeric_variables_is_fast() {
        struct Count(u64);
        impl Write for Count {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0 += b.len() as u64;
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let vars: Vec<Variable> = (0..70)
            .map(|i| Variable::numeric(&format!("q{i}"), "vraag", 0, Measure::Ordinal))
            .collect();
        // Realistic cells: an id, four decimals, Likert codes with 5% missing.
        fn fill(rng: &mut Rng, r: u32, row: &mut [Value<'_>]) {
            for (j, cell) in row.iter_mut().enumerate() {
                let x = rng.next();
                *cell = match j {
                    0 => Value::Num(f64::from(r)),
                    1..=4 => Value::Num((x % 10_000) as f64 / 100.0),
                    _ if x.is_multiple_of(20) => Value::Missing,
                    _ => Value::Num((1 + x % 5) as f64),
                };
            }
        }
        let mut row = vec![Value::Missing; 70];
        let (mut rng, start, mut missing) = (Rng(42), Instant::now(), 0);
        for r in 0..1_000_000u32 {
            fill(&mut rng, r, &mut row);
            missing += row.iter().filter(|v| **v == Value::Missing).count();
        }
        let generating = start.elapsed();
        println!("generating the rows alone: {generating:.2?} ({missing} missing)");
        for compression in [Compression::Bytecode, Compression::None] {
            let (mut rng, start) = (Rng(42), Instant::now());
            let mut w =
                SavWriter::with_options(Count(0), "", vars.clone(), options(compression)).unwrap();
            for r in 0..1_000_000u32 {
                fill(&mut rng, r, &mut row);
                w.write_row(&row).unwrap();
            }
            let bytes = w.finish().unwrap().0;
            println!(
                "{compression:?}: 1,000,000 x 70 in {:.2?} including generation, {} MB",
                start.elapsed(),
                bytes / 1_000_000
            );
        }
    }
}

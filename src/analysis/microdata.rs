//! Researcher microdata (DESIGN.md, privacy rules): "Microdata only for
//! the researcher role, pseudonymised (fresh random ids and row order per
//! export), institutions below MIN_GROUP pooled or dropped, k-anonymity
//! (k = MIN_GROUP) on the background variables, every export in the audit
//! log." In the manner of sdcMicro.
//!
//! What an export holds, per completed response of one wave from an
//! institution with at least MIN_GROUP respondents:
//! - rows in a fresh random order per export, independent of the database
//!   order; `resp` is the row number 1..N, so two exports cannot be linked
//!   row by row, nor a row to the database;
//! - no institution: rows of institutions with fewer than MIN_GROUP
//!   respondents are left out entirely (the codebook says how many), and
//!   the others are not told apart, because a pseudonym's row count and
//!   means re-identify the institution against the sector report (the
//!   adversary suite did so); institution-level figures are in the
//!   reports;
//! - the background answers (the team question left out), made k-anonymous
//!   with k = MIN_GROUP on every background answer by local suppression
//!   ([`super::kanon`]): every combination that appears is shared by at
//!   least k rows; a blanked answer looks like an unanswered one;
//! - every item as answered (1..k, not reverse-coded); "n.v.t." and no
//!   answer are both empty (system-missing in SPSS);
//! - the domain scores (0-100).
//!
//! No dates, no units, no tokens.
//!
//! Every export comes with its codebook (variables, labels, value labels,
//! each variable's treatment, what is left out, and the information loss:
//! rows dropped, values blanked per background variable, k): XLSX as a
//! second sheet; CSV and `.sav` as a ZIP holding
//! the data file and `codeboek.csv`. One file per export, so the codebook
//! cannot be separated from the data it describes, one download and one
//! audit entry, and nothing else to clean up.
//!
//! Shuffling needs every row before the first is written: the export reads
//! the wave in two chunked passes (heads: institution and background
//! choices; then the answers) into a compact form, one byte per item and
//! two per background answer (about 75 MB at 1,000,000 responses on the
//! shipped instrument), then hands the rows in the shuffled order to a
//! writer thread. `bench/microdata_export.rs` measures a million responses
//! against the targets (60 s, 200 MB).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use futures_util::StreamExt as _;
use rand::seq::SliceRandom;

use super::disclosure::MinGroup;
use super::scoring::{self, NO_ANSWER};
use crate::i18n::Lang;
use crate::monitor::Wave;
use crate::monitor::instrument::{Background, Instrument};
use crate::on_db;
use crate::reports::sav;
use crate::store::Db;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Sav,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "sav" => Some(Format::Sav),
            _ => None,
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Sav => "sav",
        }
    }

    /// The catalogue key of the format's name ("SPSS (.sav)").
    pub fn label_key(self) -> &'static str {
        match self {
            Format::Csv => "export-format-csv",
            Format::Xlsx => "export-format-xlsx",
            Format::Sav => "export-format-sav",
        }
    }

    /// The catalogue key of what the format's download holds.
    pub fn note_key(self) -> &'static str {
        match self {
            Format::Csv => "export-format-csv-note",
            Format::Xlsx => "export-format-xlsx-note",
            Format::Sav => "export-format-sav-note",
        }
    }

    pub const ALL: [Format; 3] = [Format::Csv, Format::Xlsx, Format::Sav];

    /// The extension of the file an export delivers: the workbook itself,
    /// or the ZIP of data and codebook.
    pub fn file_ext(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv | Format::Sav => "zip",
        }
    }

    /// The media type of the file an export delivers (see [`Format::file_ext`]).
    pub fn mime(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv | Format::Sav => "application/zip",
        }
    }
}

/// A variable name SPSS accepts: `dif-01` -> `dif_01`.
fn var_name(s: &str) -> String {
    let mut n: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !n.starts_with(|c: char| c.is_ascii_alphabetic()) {
        n.insert(0, 'v');
    }
    n
}

/// Columns before the background variables: `resp`.
const LEADING: usize = 1;

/// The columns of an export, in order.
pub fn variables(ins: &Instrument, lang: Lang) -> Vec<sav::Variable> {
    use sav::{Measure, Variable};
    let mut v = vec![Variable::numeric(
        "resp",
        "Respondent (pseudoniem, per export nieuw)",
        0,
        Measure::Nominal,
    )];
    for q in background_questions(ins) {
        let labels: Vec<(f64, String)> = q
            .options
            .iter()
            .enumerate()
            .map(|(k, o)| ((k + 1) as f64, o.label.get(lang).to_string()))
            .collect();
        let refs: Vec<(f64, &str)> = labels.iter().map(|(k, l)| (*k, l.as_str())).collect();
        v.push(
            Variable::numeric(
                &var_name(&q.id),
                sav::truncate_utf8(q.text.get(lang), 255),
                0,
                Measure::Nominal,
            )
            .with_value_labels(&refs),
        );
    }
    for item in &ins.items {
        let s = &ins.scales[item.scale];
        let labels: Vec<(f64, String)> = s
            .options
            .iter()
            .map(|o| (o.value as f64, o.label.get(lang).to_string()))
            .collect();
        let refs: Vec<(f64, &str)> = labels.iter().map(|(k, l)| (*k, l.as_str())).collect();
        v.push(
            Variable::numeric(
                &var_name(&item.id),
                sav::truncate_utf8(item.text.get(lang), 255),
                0,
                Measure::Ordinal,
            )
            .with_value_labels(&refs),
        );
    }
    for d in &ins.domains {
        v.push(Variable::numeric(
            &format!("score_{}", var_name(&d.id)),
            sav::truncate_utf8(d.name.get(lang), 255),
            1,
            Measure::Scale,
        ));
    }
    v
}

fn background_questions(ins: &Instrument) -> impl Iterator<Item = &Background> {
    ins.background.iter().filter(|q| !q.from_units)
}

/// One value of a row. Integers and one-decimal scores are kept exact, so
/// the writers format them without floating-point printing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Empty in CSV and XLSX, system-missing in SPSS.
    Empty,
    Int(i32),
    /// A number with one decimal, in tenths: `Tenths(425)` is 42.5.
    Tenths(i32),
}

impl Cell {
    pub fn number(self) -> Option<f64> {
        match self {
            Cell::Empty => None,
            Cell::Int(v) => Some(f64::from(v)),
            Cell::Tenths(t) => Some(f64::from(t) / 10.0),
        }
    }

    /// The CSV text of the cell, written into `buf`.
    fn text(self, buf: &mut Vec<u8>) {
        buf.clear();
        match self {
            Cell::Empty => {}
            Cell::Int(v) => buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes()),
            Cell::Tenths(t) => {
                if t < 0 {
                    buf.push(b'-');
                }
                let t = t.unsigned_abs();
                buf.extend_from_slice(itoa::Buffer::new().format(t / 10).as_bytes());
                buf.push(b'.');
                buf.push(b'0' + (t % 10) as u8);
            }
        }
    }
}

/// Rows of the same width, one after the other.
struct Batch {
    width: usize,
    cells: Vec<Cell>,
}

impl Batch {
    fn rows(&self) -> std::slice::Chunks<'_, Cell> {
        self.cells.chunks(self.width.max(1))
    }
}

/// Where rows go.
trait Sink: Send {
    fn row(&mut self, row: &[Cell]) -> anyhow::Result<()>;
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

/// The ZIP container of a CSV or `.sav` export.
type Zip = zip::ZipWriter<std::io::BufWriter<std::fs::File>>;

/// Deflate level of the ZIP container (zlib-rs, in the writer thread while
/// rows are written).
const ZIP_LEVEL: i64 = 1;

/// A ZIP at `path` holding the codebook, with the data entry `data` opened
/// for writing.
fn zip_with_codebook(path: &Path, codebook: &Codebook, data: &str) -> anyhow::Result<Zip> {
    let file = std::io::BufWriter::new(create_private(path)?);
    let mut z = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(ZIP_LEVEL));
    z.start_file(format!("{}.csv", codebook.name), opts)?;
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut z);
        for row in &codebook.rows {
            w.write_record(row)?;
        }
        w.flush()?;
    }
    z.start_file(data, opts.large_file(true))?;
    Ok(z)
}

struct CsvSink {
    w: csv::Writer<Zip>,
    buf: Vec<u8>,
}

impl Sink for CsvSink {
    fn row(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        for cell in row {
            cell.text(&mut self.buf);
            self.w.write_field(&self.buf)?;
        }
        self.w.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<()> {
        let z = self
            .w
            .into_inner()
            .map_err(|e| anyhow::anyhow!("CSV: {}", e.error()))?;
        z.finish()?.flush()?;
        Ok(())
    }
}

struct XlsxSink {
    book: rust_xlsxwriter::Workbook,
    path: PathBuf,
    row: u32,
}

impl Sink for XlsxSink {
    fn row(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        self.row += 1;
        let sheet = self.book.worksheet_from_index(0)?;
        for (c, cell) in row.iter().enumerate() {
            if let Some(x) = cell.number() {
                sheet.write_number(self.row, c as u16, x)?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        let file = std::io::BufWriter::new(create_private(&self.path)?);
        self.book.save_to_writer(file)?;
        Ok(())
    }
}

struct SavSink {
    w: sav::SavWriter<Zip>,
    values: Vec<sav::Value<'static>>,
}

impl Sink for SavSink {
    fn row(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        self.values.clear();
        self.values.extend(
            row.iter()
                .map(|c| c.number().map_or(sav::Value::Missing, sav::Value::Num)),
        );
        self.w.write_row(&self.values)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<()> {
        self.w.finish()?.finish()?.flush()?;
        Ok(())
    }
}

/// The name of the data file inside an export's ZIP.
pub fn data_file_name(format: Format) -> String {
    format!("microdata.{}", format.ext())
}

fn sink(
    format: Format,
    path: &Path,
    vars: Vec<sav::Variable>,
    label: &str,
    codebook: &Codebook,
) -> anyhow::Result<Box<dyn Sink>> {
    Ok(match format {
        Format::Csv => {
            let z = zip_with_codebook(path, codebook, &data_file_name(format))?;
            let mut w = csv::Writer::from_writer(z);
            w.write_record(vars.iter().map(|v| v.name.as_str()))?;
            Box::new(CsvSink { w, buf: Vec::new() })
        }
        Format::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            book.set_zip_compression_level(XLSX_LEVEL);
            // The sheet's rows wait in a temporary file until the workbook
            // is written: next to the export, not in the shared /tmp.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                book.set_tempdir(dir)?;
            }
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name("microdata")?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (c, v) in vars.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, &v.name, &bold)?;
            }
            let sheet = book.add_worksheet();
            sheet.set_name(&codebook.name)?;
            for (r, row) in codebook.rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    if text.is_empty() {
                        continue;
                    }
                    let (r, c) = (r as u32, c as u16);
                    match text.parse::<f64>() {
                        Ok(x) if c > 0 && codebook.numeric(r as usize, c as usize) => {
                            sheet.write_number(r, c, x)?
                        }
                        _ if codebook.is_heading(r as usize) => {
                            sheet.write_string_with_format(r, c, text, &bold)?
                        }
                        _ => sheet.write_string(r, c, text)?,
                    };
                }
            }
            Box::new(XlsxSink {
                book,
                path: path.to_path_buf(),
                row: 0,
            })
        }
        Format::Sav => {
            let z = zip_with_codebook(path, codebook, &data_file_name(format))?;
            Box::new(SavSink {
                w: sav::SavWriter::new(z, sav::truncate_utf8(label, 64), vars)?,
                values: Vec::new(),
            })
        }
    })
}

// --- the codebook ------------------------------------------------------------------------

/// What an export left out or blanked: the information loss its codebook
/// reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loss {
    /// k of the k-anonymity (MIN_GROUP).
    pub k: u64,
    /// Completed responses of the wave.
    pub rows_total: u64,
    /// Left out: responses of institutions with fewer than k respondents.
    pub rows_dropped: u64,
    pub institutions_dropped: u64,
    pub institutions_kept: u64,
    /// Per background variable (in column order): answers blanked for
    /// k-anonymity, among the rows kept.
    pub blanked: Vec<u64>,
    /// Per background variable: not answered to begin with, among the rows
    /// kept (empty in the file as well).
    pub unanswered: Vec<u64>,
}

impl Loss {
    pub fn rows_kept(&self) -> u64 {
        self.rows_total - self.rows_dropped
    }

    /// `part` of the rows kept, in percent with one decimal.
    fn share(&self, part: u64) -> String {
        let kept = self.rows_kept();
        if kept == 0 {
            return "0.0".into();
        }
        format!("{:.1}", part as f64 * 100.0 / kept as f64)
    }
}

/// The codebook as rows of text of equal width (a CSV file, an XLSX sheet):
/// first the export's figures (label, value), a blank row, then a table of
/// the variables: name, label, values (value labels, or the range), the
/// loss per background variable, and how each variable was treated (the
/// pseudonym, the suppression for k-anonymity, items as answered, how a
/// score is computed and rounded).
#[derive(Clone, Debug)]
pub struct Codebook {
    /// Sheet name and file stem ("codeboek").
    pub name: String,
    pub rows: Vec<Vec<String>>,
    /// Index of the variables table's header row.
    table: usize,
}

/// Columns of the codebook.
const CODEBOOK_WIDTH: usize = 7;

/// The codebook columns that hold figures (blanked, share, unanswered).
const CODEBOOK_FIGURES: std::ops::RangeInclusive<usize> = 3..=5;

impl Codebook {
    /// The codebook of an export of `ins` with the columns `vars`
    /// ([`variables`]) and the loss `loss`.
    pub fn new(
        ins: &Instrument,
        vars: &[sav::Variable],
        loss: &Loss,
        wave: &str,
        lang: Lang,
    ) -> Self {
        let tr = crate::i18n::Tr::new(lang);
        let row = |cells: Vec<String>| {
            let mut cells = cells;
            cells.resize(CODEBOOK_WIDTH, String::new());
            cells
        };
        let blanked: u64 = loss.blanked.iter().sum();
        let mut rows = vec![
            row(vec![tr.t1("codebook-title", "wave", wave)]),
            row(vec![tr.t("codebook-k"), loss.k.to_string()]),
            row(vec![
                tr.t("codebook-rows-wave"),
                loss.rows_total.to_string(),
            ]),
            row(vec![
                tr.t("codebook-rows-dropped"),
                loss.rows_dropped.to_string(),
            ]),
            row(vec![
                tr.t("codebook-institutions-dropped"),
                loss.institutions_dropped.to_string(),
            ]),
            row(vec![
                tr.t("codebook-rows-kept"),
                loss.rows_kept().to_string(),
            ]),
            row(vec![
                tr.t("codebook-institutions-kept"),
                loss.institutions_kept.to_string(),
            ]),
            row(vec![tr.t("codebook-blanked-total"), blanked.to_string()]),
            row(vec![
                tr.t("codebook-left-out"),
                tr.t("codebook-left-out-text"),
            ]),
            row(vec![tr.t("codebook-method"), tr.t("codebook-method-text")]),
            row(vec![]),
        ];
        let table = rows.len();
        rows.push(vec![
            tr.t("codebook-variable"),
            tr.t("codebook-label"),
            tr.t("codebook-values"),
            tr.t("codebook-blanked"),
            tr.t("codebook-blanked-share"),
            tr.t("codebook-unanswered"),
            tr.t("codebook-treatment"),
        ]);
        let questions = background_questions(ins).count();
        let items = ins.items.len();
        let item_names: Vec<String> = ins.items.iter().map(|i| var_name(&i.id)).collect();
        let share = format!("{:.0}", ins.min_answered_share * 100.0);
        for (c, v) in vars.iter().enumerate() {
            let values: Vec<String> = v
                .value_labels
                .iter()
                .map(|(k, l)| format!("{k} = {l}"))
                .collect();
            let mut cells = vec![v.name.clone(), v.label.clone(), values.join("; ")];
            let treatment = match c.checked_sub(LEADING) {
                None => {
                    cells[2] = format!("1–{}", loss.rows_kept());
                    tr.t("codebook-treat-resp")
                }
                Some(q) if q < questions => {
                    let (b, u) = (loss.blanked[q], loss.unanswered[q]);
                    cells.extend([b.to_string(), loss.share(b), u.to_string()]);
                    tr.msg(
                        &crate::i18n::Msg::new("codebook-treat-background")
                            .arg("k", loss.k)
                            .arg("count", b),
                    )
                }
                Some(q) if q < questions + items => {
                    if ins.items[q - questions].reverse {
                        tr.t("codebook-treat-item-reverse")
                    } else {
                        tr.t("codebook-treat-item")
                    }
                }
                Some(q) => {
                    let domain = &ins.domains[q - questions - items];
                    cells[2] = tr.t("codebook-values-score");
                    let members: Vec<&str> = domain
                        .items
                        .iter()
                        .map(|&i| item_names[i].as_str())
                        .collect();
                    tr.msg(
                        &crate::i18n::Msg::new("codebook-treat-score")
                            .arg("items", members.join(", "))
                            .arg("share", &share),
                    )
                }
            };
            let mut cells = row(cells);
            cells[CODEBOOK_WIDTH - 1] = treatment;
            rows.push(cells);
        }
        Codebook {
            name: tr.t("codebook-name"),
            rows,
            table,
        }
    }

    fn is_heading(&self, r: usize) -> bool {
        r == 0 || r == self.table
    }

    /// Whether cell (r, c) holds a figure (written as a number in XLSX).
    fn numeric(&self, r: usize, c: usize) -> bool {
        (r > 0 && r < self.table && c == 1) || (r > self.table && CODEBOOK_FIGURES.contains(&c))
    }
}

/// What an export run reports while it works.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicU64,
    pub done: AtomicU64,
}

/// What to write where.
pub struct Target<'a> {
    pub format: Format,
    pub path: &'a Path,
    pub min_group: MinGroup,
    /// Language of the labels.
    pub lang: Lang,
}

/// Deflate level of the XLSX container. Compressing the sheet's XML
/// (about 2 GB for a million rows) happens after the last row, on one core.
/// Measured at a million rows: level 6 (the default) 44 s and 212 MB,
/// level 3 25 s and 240 MB, level 1 24 s and 371 MB.
const XLSX_LEVEL: u8 = 3;

/// Data rows an XLSX sheet holds below its header row (Excel's limit is
/// 1,048,576 rows).
pub const XLSX_MAX_ROWS: usize = 1_048_575;

/// A wave too large for one XLSX sheet.
#[derive(Debug, thiserror::Error)]
#[error(
    "{total} completed responses: an XLSX sheet holds at most {XLSX_MAX_ROWS} rows below \
     its header; export to CSV or .sav instead"
)]
pub struct TooManyRows {
    pub total: usize,
}

impl TooManyRows {
    /// What the researcher is told, on the export page and in the terminal.
    pub fn msg(&self) -> crate::i18n::Msg {
        crate::i18n::Msg::new("export-too-many-rows")
            .arg("count", self.total)
            .arg("max", XLSX_MAX_ROWS)
    }
}

/// Whether `total` rows fit the format.
fn fits(format: Format, total: usize) -> Result<(), TooManyRows> {
    if format == Format::Xlsx && total > XLSX_MAX_ROWS {
        return Err(TooManyRows { total });
    }
    Ok(())
}

/// Rows handed to the writer thread at a time.
const BATCH: usize = 1024;

/// Reads `{"key": value, ...}` (a JSON object the database aggregated)
/// and calls `f` per member, without allocating for the keys.
fn json_members<'a, V: serde::Deserialize<'a>>(
    text: &'a str,
    f: impl FnMut(&'a str, V),
) -> Result<(), serde_json::Error> {
    use serde::Deserializer as _;
    struct Members<F, V>(F, std::marker::PhantomData<V>);
    impl<'de, V: serde::Deserialize<'de>, F: FnMut(&'de str, V)> serde::de::Visitor<'de>
        for Members<F, V>
    {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
            while let Some((k, v)) = map.next_entry::<&'de str, V>()? {
                (self.0)(k, v);
            }
            Ok(())
        }
    }
    serde_json::Deserializer::from_str(text).deserialize_map(Members(f, std::marker::PhantomData))
}

/// Finds ids in a list that mostly arrives in sorted order (the database
/// aggregates in index order): one string comparison per id instead of a
/// hash lookup, with the map as fallback.
struct Lookup<'a> {
    sorted: Vec<(&'a str, usize)>,
    map: HashMap<&'a str, usize>,
    next: usize,
}

impl<'a> Lookup<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> Lookup<'a> {
        let mut sorted: Vec<(&str, usize)> = ids.enumerate().map(|(i, id)| (id, i)).collect();
        sorted.sort_unstable();
        let map = sorted.iter().copied().collect();
        Lookup {
            sorted,
            map,
            next: 0,
        }
    }

    fn restart(&mut self) {
        self.next = 0;
    }

    fn find(&mut self, id: &str) -> Option<usize> {
        if let Some(&(s, i)) = self.sorted.get(self.next)
            && s == id
        {
            self.next += 1;
            return Some(i);
        }
        let i = *self.map.get(id)?;
        self.next = self.sorted.partition_point(|&(s, _)| s <= id);
        Some(i)
    }
}

/// Pass 1 of an export: every completed response of the wave, in id order,
/// with its institution (numbered 0.. in order of appearance; codes are
/// not kept, an export never shows them) and its background choices
/// (`choices[r * questions + q]`: 0 for none, k + 1 for option k).
struct Heads {
    ids: Vec<i64>,
    inst: Vec<u32>,
    institutions: usize,
    choices: Vec<u16>,
}

/// Responses per database round trip. Each round trip returns one text
/// with a line per response (`id code {json}` or `id {json}`): a million
/// rows handed over one by one cost a thread wake-up each, which took
/// longer than the query itself.
const CHUNK: i64 = 1024;

async fn read_heads(db: &Db, wave: &Wave, questions: &[&Background]) -> anyhow::Result<Heads> {
    let sql = match db {
        Db::Sqlite(_) => {
            "SELECT max(id), group_concat(id || ' ' || institution_code || ' ' || ifnull(bg, '{}'), \
             char(10) ORDER BY id) FROM ( \
             SELECT r.id, r.institution_code, \
             (SELECT json_group_object(b.question_id, b.choice) FROM response_background b \
              WHERE b.response_id = r.id) AS bg \
             FROM responses r WHERE r.wave_id = $1 AND r.completed_on IS NOT NULL AND r.id > $2 \
             ORDER BY r.id LIMIT $3)"
        }
        Db::Postgres(_) => {
            "SELECT max(id), string_agg(id || ' ' || institution_code || ' ' || coalesce(bg, '{}'), \
             E'\\n' ORDER BY id) FROM ( \
             SELECT r.id, r.institution_code, \
             (SELECT json_object_agg(b.question_id, b.choice)::text FROM response_background b \
              WHERE b.response_id = r.id) AS bg \
             FROM responses r WHERE r.wave_id = $1 AND r.completed_on IS NOT NULL AND r.id > $2 \
             ORDER BY r.id LIMIT $3) h"
        }
    };
    let mut lookup = Lookup::new(questions.iter().map(|q| q.id.as_str()));
    let mut heads = Heads {
        ids: Vec::new(),
        inst: Vec::new(),
        institutions: 0,
        choices: Vec::new(),
    };
    let mut inst_index: HashMap<String, u32> = HashMap::new();
    let mut after = i64::MIN;
    loop {
        let (last, text): (Option<i64>, Option<String>) = on_db!(db, |p| {
            sqlx::query_as(sql)
                .bind(wave.id)
                .bind(after)
                .bind(CHUNK)
                .fetch_one(p)
                .await?
        });
        let (Some(last), Some(text)) = (last, text) else {
            break;
        };
        after = last;
        for line in text.lines() {
            let mut parts = line.splitn(3, ' ');
            let (Some(id), Some(code), Some(background)) =
                (parts.next(), parts.next(), parts.next())
            else {
                anyhow::bail!("unexpected response line {line:?}");
            };
            let id: i64 = id.parse().with_context(|| format!("response id {id:?}"))?;
            let inst = match inst_index.get(code) {
                Some(&i) => i,
                None => {
                    let i = u32::try_from(inst_index.len())?;
                    inst_index.insert(code.to_string(), i);
                    heads.institutions = inst_index.len();
                    i
                }
            };
            heads.ids.push(id);
            heads.inst.push(inst);
            let at = heads.choices.len();
            heads.choices.resize(at + questions.len(), 0);
            lookup.restart();
            json_members(background, |q, choice: &str| {
                if let Some(qi) = lookup.find(q)
                    && let Some(k) = questions[qi].options.iter().position(|o| o.id == choice)
                {
                    heads.choices[at + qi] = u16::try_from(k + 1).unwrap_or(0);
                }
            })
            .with_context(|| format!("response {id}: background answers"))?;
        }
    }
    Ok(heads)
}

/// The answers of the responses with ids `lo..=hi`, a line per response:
/// `id {"item": value, ...}`, in id order.
async fn answers_text(db: Db, lo: i64, hi: i64) -> anyhow::Result<Option<String>> {
    let sql = match db {
        Db::Sqlite(_) => {
            "SELECT group_concat(response_id || ' ' || answers, char(10) ORDER BY response_id) FROM ( \
             SELECT response_id, json_group_object(item_id, value) AS answers FROM response_answers \
             WHERE response_id BETWEEN $1 AND $2 GROUP BY response_id)"
        }
        Db::Postgres(_) => {
            "SELECT string_agg(response_id || ' ' || answers, E'\\n' ORDER BY response_id) FROM ( \
             SELECT response_id, json_object_agg(item_id, value)::text AS answers FROM response_answers \
             WHERE response_id BETWEEN $1 AND $2 GROUP BY response_id) a"
        }
    };
    let text: Option<String> = on_db!(&db, |p| {
        sqlx::query_scalar(sql)
            .bind(lo)
            .bind(hi)
            .fetch_one(p)
            .await?
    });
    Ok(text)
}

/// An item not answered (or n.v.t.) in the compact answers.
const MISSING: i8 = i8::MIN;

/// Pass 2: the answers of every response in `heads`, as given, one byte per
/// item (`items[r * n + i]`, [`MISSING`] when none), [`CHUNK`] responses
/// per query with two queries in flight.
async fn read_answers(db: &Db, ins: &Instrument, heads: &Heads) -> anyhow::Result<Vec<i8>> {
    let n = ins.items.len();
    let mut items = vec![MISSING; heads.ids.len() * n];
    // The database works on the next chunk while this task reads the
    // previous one.
    let ranges: Vec<(i64, i64)> = heads
        .ids
        .chunks(CHUNK as usize)
        .filter_map(|c| Some((*c.first()?, *c.last()?)))
        .collect();
    let mut chunks = futures_util::stream::iter(ranges)
        .map(|(lo, hi)| answers_text(db.clone(), lo, hi))
        .buffered(2);
    let mut lookup = Lookup::new(ins.items.iter().map(|i| i.id.as_str()));
    let mut next = 0;
    while let Some(text) = chunks.next().await {
        let text = text?.unwrap_or_default();
        for line in text.lines() {
            let Some((rid, answers)) = line.split_once(' ') else {
                anyhow::bail!("unexpected answers line {line:?}");
            };
            let rid: i64 = rid
                .parse()
                .with_context(|| format!("response id {rid:?}"))?;
            // Responses without answers are skipped; answers of another
            // wave's or an unfinished response are not ours.
            while heads.ids.get(next).is_some_and(|&h| h < rid) {
                next += 1;
            }
            if heads.ids.get(next) != Some(&rid) {
                continue;
            }
            let row = &mut items[next * n..(next + 1) * n];
            lookup.restart();
            json_members(answers, |item, value: Option<i64>| {
                if let (Some(i), Some(v)) = (lookup.find(item), value)
                    && ins.scales[ins.items[i].scale].allows(v)
                    && let Ok(v) = i8::try_from(v)
                {
                    row[i] = v;
                }
            })
            .with_context(|| format!("response {rid}: answers"))?;
            next += 1;
        }
    }
    Ok(items)
}

/// Scale values an export can hold in one byte.
fn fits_a_byte(ins: &Instrument) -> bool {
    ins.scales.iter().all(|s| {
        s.options
            .iter()
            .all(|o| i8::try_from(o.value).is_ok_and(|v| v != MISSING))
    })
}

/// Drops nothing itself: decides which institutions are kept (at least
/// MIN_GROUP respondents) and makes the background answers of their rows
/// k-anonymous in place. Returns the kept flags per institution and the
/// loss.
fn anonymise(heads: &mut Heads, questions: &[&Background], m: MinGroup) -> (Vec<bool>, Loss) {
    let nq = questions.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); heads.institutions];
    for (r, &i) in heads.inst.iter().enumerate() {
        members[i as usize].push(r as u32);
    }
    let kept: Vec<bool> = members
        .iter()
        .map(|rows| m.allows(rows.len() as u64))
        .collect();
    let mut loss = Loss {
        k: m.get(),
        rows_total: heads.ids.len() as u64,
        blanked: vec![0; nq],
        unanswered: vec![0; nq],
        ..Loss::default()
    };
    let order = super::kanon::order_by_categories(
        &questions
            .iter()
            .map(|q| q.options.len())
            .collect::<Vec<_>>(),
    );
    let k = usize::try_from(m.get()).unwrap_or(usize::MAX);
    // The kept institutions' rows as one pool: the export names no
    // institution (a pseudonym's row count and means would re-identify it
    // against the sector report), so the background answers are the only
    // quasi-identifiers and k-anonymity holds over the whole file.
    let mut pool: Vec<u32> = Vec::new();
    for (rows, &keep) in members.iter().zip(&kept) {
        if !keep {
            loss.rows_dropped += rows.len() as u64;
            loss.institutions_dropped += 1;
            continue;
        }
        loss.institutions_kept += 1;
        for &r in rows {
            for (q, &c) in heads.choices[r as usize * nq..(r as usize + 1) * nq]
                .iter()
                .enumerate()
            {
                loss.unanswered[q] += u64::from(c == 0);
            }
        }
        pool.extend_from_slice(rows);
    }
    // Each kept institution has at least k rows, so a non-empty pool does.
    if !pool.is_empty() {
        super::kanon::suppress(
            &mut heads.choices,
            nq,
            &mut pool,
            &order,
            k,
            &mut loss.blanked,
        );
    }
    (kept, loss)
}

/// The writer thread stopped; its own error says why.
#[derive(Debug, thiserror::Error)]
#[error("the export writer stopped")]
struct WriterStopped;

/// Writes the microdata of `wave` to `t.path`; the number of rows written.
pub async fn export(
    db: &Db,
    ins: &Instrument,
    wave: &Wave,
    t: Target<'_>,
    progress: Arc<Progress>,
) -> anyhow::Result<u64> {
    Ok(export_with_loss(db, ins, wave, t, progress)
        .await?
        .rows_kept())
}

/// Writes the microdata of `wave` to `t.path`: an XLSX workbook, or a ZIP
/// of the data and the codebook (CSV, `.sav`). Returns what was left out
/// or blanked, as the codebook states it.
///
/// Pass 1 reads every completed response's institution and background
/// choices, which decides the institutions kept and the values blanked;
/// pass 2 reads the answers into one byte per item; then the rows go, in
/// a fresh random order, to a writer thread in batches.
pub async fn export_with_loss(
    db: &Db,
    ins: &Instrument,
    wave: &Wave,
    t: Target<'_>,
    progress: Arc<Progress>,
) -> anyhow::Result<Loss> {
    let (format, path, m, lang) = (t.format, t.path, t.min_group, t.lang);
    anyhow::ensure!(
        fits_a_byte(ins),
        "instrument {}: a scale value outside -127..=127",
        ins.id
    );
    let questions: Vec<&Background> = background_questions(ins).collect();
    let nq = questions.len();
    let mut heads = read_heads(db, wave, &questions).await?;
    let (kept, loss) = anonymise(&mut heads, &questions, m);
    let total = usize::try_from(loss.rows_kept())?;
    fits(format, total)?;
    progress.total.store(total as u64, Ordering::Relaxed);

    // Fresh pseudonyms and row order: random permutations, made before any
    // await (the thread-local generator stays on this thread).
    let order = {
        let mut rng = rand::rng();
        let mut order: Vec<u32> = (0..u32::try_from(heads.ids.len())?)
            .filter(|&r| kept[heads.inst[r as usize] as usize])
            .collect();
        order.shuffle(&mut rng);
        order
    };
    let items = read_answers(db, ins, &heads).await?;
    // The database ids are not needed any more.
    heads.ids = Vec::new();

    let vars = variables(ins, lang);
    let width = vars.len();
    let codebook = Codebook::new(ins, &vars, &loss, &wave.name, lang);
    let label = format!("Digitaal Bekwaam MBO monitor {}", wave.name);
    let mut out = sink(format, path, vars, &label, &codebook)?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(4);
    let writer_progress = progress.clone();
    let writer = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        for batch in rx {
            let mut n = 0;
            for row in batch.rows() {
                out.row(row)?;
                n += 1;
            }
            writer_progress.done.fetch_add(n, Ordering::Relaxed);
        }
        out.finish()
    });

    let n = ins.items.len();
    let fed = (|| -> Result<(), WriterStopped> {
        let mut cells = Vec::with_capacity(BATCH * width);
        let mut coded = vec![NO_ANSWER; n];
        for (at, &r) in order.iter().enumerate() {
            let r = r as usize;
            cells.push(Cell::Int(at as i32 + 1));
            cells.extend(heads.choices[r * nq..(r + 1) * nq].iter().map(|&k| {
                if k == 0 {
                    Cell::Empty
                } else {
                    Cell::Int(i32::from(k))
                }
            }));
            let answers = &items[r * n..(r + 1) * n];
            for (i, &v) in answers.iter().enumerate() {
                if v == MISSING {
                    cells.push(Cell::Empty);
                    coded[i] = NO_ANSWER;
                } else {
                    cells.push(Cell::Int(i32::from(v)));
                    coded[i] = i8::try_from(ins.coded(i, i64::from(v))).unwrap_or(NO_ANSWER);
                }
            }
            cells.extend(scoring::domain_scores(ins, &coded).map(|s| {
                s.map_or(Cell::Empty, |x| {
                    Cell::Tenths((f64::from(x) * 10.0).round() as i32)
                })
            }));
            if cells.len() >= BATCH * width {
                let full = std::mem::replace(&mut cells, Vec::with_capacity(BATCH * width));
                tx.send(Batch { width, cells: full })
                    .map_err(|_| WriterStopped)?;
            }
        }
        tx.send(Batch { width, cells }).map_err(|_| WriterStopped)
    })();
    drop(tx);
    // A writer error is the cause of a stopped feed: report it first.
    writer.await??;
    fed?;
    Ok(loss)
}

// --- export jobs (the web page shows their progress) ------------------------------------

#[derive(Debug)]
pub enum JobState {
    Running,
    Done,
    /// Why, for the researcher.
    Failed(crate::i18n::Msg),
}

#[derive(Debug)]
pub struct Job {
    pub owner: i64,
    pub wave: String,
    pub format: Format,
    pub path: PathBuf,
    pub progress: Arc<Progress>,
    pub state: Mutex<JobState>,
    pub started: std::time::Instant,
}

/// Export jobs of this process, by random id, and the directory their
/// files are written to. A finished file is kept for an hour ([`KEEP`]),
/// then removed with its job; files an earlier run left behind (its jobs
/// died with it, nobody can download them) are removed when the directory
/// is opened at start-up.
#[derive(Debug)]
pub struct Jobs {
    dir: ExportDir,
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

pub const KEEP: std::time::Duration = std::time::Duration::from_secs(3600);

impl Jobs {
    /// Opens the export directory `dir` (created owner-only, made so if it
    /// was not) and removes the export files left in it. `None`: a fresh
    /// private directory under the system's temporary directory, removed
    /// when the jobs are dropped (tests; the server always names one).
    pub fn open(dir: Option<&Path>) -> std::io::Result<Jobs> {
        let dir = match dir {
            Some(path) => ExportDir::at(path),
            None => ExportDir::private(),
        }?;
        let removed = dir
            .remove_leftovers()
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.path.display())))?;
        if removed > 0 {
            tracing::info!(dir = %dir.path.display(), removed, "removed export files of an earlier run");
        }
        Ok(Jobs {
            dir,
            jobs: Mutex::default(),
        })
    }

    /// Where a new export in `format` is written: a fresh random name in
    /// the export directory.
    pub fn new_path(&self, format: Format) -> PathBuf {
        self.dir.path.join(format!(
            "{}.{}",
            crate::token::random_token(FILE_TOKEN_BYTES),
            format.file_ext()
        ))
    }

    /// The job, unless it is unknown or has expired.
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.sweep();
        self.lock().get(id).cloned()
    }

    pub fn insert(&self, job: Job) -> (String, Arc<Job>) {
        self.sweep();
        let id = crate::monitor::new_token();
        let job = Arc::new(job);
        self.lock().insert(id.clone(), job.clone());
        (id, job)
    }

    /// Removes the jobs older than [`KEEP`] that are no longer running, and
    /// their files.
    pub fn sweep(&self) {
        self.lock().retain(|_, j| {
            let running = matches!(
                *j.state.lock().unwrap_or_else(|e| e.into_inner()),
                JobState::Running
            );
            let keep = running || j.started.elapsed() < KEEP;
            if !keep {
                remove_quietly(&j.path);
            }
            keep
        });
    }

    /// Sweeps every `period` while the jobs exist (the server runs).
    pub async fn sweep_every(jobs: std::sync::Weak<Jobs>, period: std::time::Duration) {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            match jobs.upgrade() {
                Some(jobs) => jobs.sweep(),
                None => return,
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Job>>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Removes an export file; one already gone is no error.
pub fn remove_quietly(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "could not remove an export file")
        }
    }
}

/// The directory export files are written to: readable by the server's
/// own user only (0700; the files in it are 0600).
#[derive(Debug)]
struct ExportDir {
    path: PathBuf,
    /// A private directory of this process, removed on drop.
    temporary: bool,
}

impl ExportDir {
    fn at(path: &Path) -> std::io::Result<ExportDir> {
        Self::make(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        Ok(ExportDir {
            path: path.to_path_buf(),
            temporary: false,
        })
    }

    /// Creates `path` owner-only, or makes it so.
    fn make(path: &Path) -> std::io::Result<()> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(path)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(path)?.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(dir = %path.display(), mode = format!("{:o}", mode & 0o777),
                    "the export directory was open to others; made owner-only (0700)");
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
            }
        }
        Ok(())
    }

    fn private() -> std::io::Result<ExportDir> {
        let path =
            std::env::temp_dir().join(format!("bekwaam-exports-{}", crate::token::random_token(8)));
        let mut dir = ExportDir::at(&path)?;
        dir.temporary = true;
        Ok(dir)
    }

    /// Removes the files in the directory named as exports are (a random
    /// token and `.zip` or `.xlsx`); anything else there is not ours and
    /// stays. Returns how many were removed.
    fn remove_leftovers(&self) -> std::io::Result<usize> {
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.path)? {
            let entry = entry?;
            let name = entry.file_name();
            if entry.file_type()?.is_file() && is_export_file(&name.to_string_lossy()) {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

impl Drop for ExportDir {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Random bytes in an export file's name (as hex).
const FILE_TOKEN_BYTES: usize = 16;

/// Whether `name` is an export file's name ([`Jobs::new_path`]).
fn is_export_file(name: &str) -> bool {
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    stem.len() == 2 * FILE_TOKEN_BYTES
        && stem.bytes().all(|b| b.is_ascii_hexdigit())
        && Format::ALL.iter().any(|f| f.file_ext() == ext)
}

/// A new file at `path` (replacing one there) that only its owner can
/// read and write (0600), whatever the umask.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // An existing file keeps its mode on open: set it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names_are_valid_for_spss() {
        let ins =
            crate::monitor::instrument::parse("d", crate::monitor::DEFAULT_INSTRUMENT).unwrap();
        let vars = variables(&ins, Lang::Nl);
        // resp, background without the team question, items, scores
        let bg = ins.background.iter().filter(|q| !q.from_units).count();
        assert_eq!(
            vars.len(),
            LEADING + bg + ins.items.len() + ins.domains.len()
        );
        let dir = tempfile::tempdir().unwrap();
        // The writer validates every name and label.
        let loss = Loss {
            blanked: vec![0; bg],
            unanswered: vec![0; bg],
            ..Loss::default()
        };
        let codebook = Codebook::new(&ins, &vars, &loss, "t", Lang::Nl);
        sink(Format::Sav, &dir.path().join("x.zip"), vars, "t", &codebook).unwrap();
        assert_eq!(var_name("dif-01"), "dif_01");
        assert_eq!(var_name("1x"), "v1x");
    }

    #[test]
    fn only_export_file_names_count_as_leftovers() {
        let jobs = Jobs::open(None).unwrap();
        for f in Format::ALL {
            let path = jobs.new_path(f);
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(is_export_file(&name), "{name}");
        }
        for name in ["notes.txt", "abc.zip", &format!("{}.pdf", "ab".repeat(16))] {
            assert!(!is_export_file(name), "{name}");
        }
    }

    #[test]
    fn finished_jobs_expire_with_their_files_running_ones_do_not() {
        let jobs = Jobs::open(None).unwrap();
        let old = std::time::Instant::now()
            .checked_sub(KEEP + std::time::Duration::from_secs(1))
            .unwrap();
        let job = |state: JobState| {
            let path = jobs.new_path(Format::Csv);
            std::fs::write(&path, b"x").unwrap();
            Job {
                owner: 1,
                wave: "2026".into(),
                format: Format::Csv,
                path,
                progress: Arc::default(),
                state: Mutex::new(state),
                started: old,
            }
        };
        let (done, done_job) = jobs.insert(job(JobState::Done));
        let (running, running_job) = jobs.insert(job(JobState::Running));
        assert!(jobs.get(&done).is_none(), "expired");
        assert!(!done_job.path.exists(), "its file removed");
        assert!(jobs.get(&running).is_some() && running_job.path.exists());
        let dir = jobs.dir.path.clone();
        drop(jobs);
        assert!(!dir.exists(), "a private directory goes with its jobs");
    }

    #[test]
    fn xlsx_refuses_more_rows_than_a_sheet_holds() {
        assert!(fits(Format::Xlsx, XLSX_MAX_ROWS).is_ok());
        let e = fits(Format::Xlsx, XLSX_MAX_ROWS + 1).unwrap_err();
        assert!(e.to_string().contains("CSV or .sav"), "{e}");
        assert!(fits(Format::Csv, 5_000_000).is_ok());
        assert!(fits(Format::Sav, 5_000_000).is_ok());
    }

    #[test]
    fn cells_are_written_exactly() {
        let text = |c: Cell| {
            let mut buf = Vec::new();
            c.text(&mut buf);
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(text(Cell::Empty), "");
        assert_eq!(text(Cell::Int(-12)), "-12");
        assert_eq!(text(Cell::Tenths(425)), "42.5");
        assert_eq!(text(Cell::Tenths(1000)), "100.0");
        assert_eq!(text(Cell::Tenths(3)), "0.3");
        assert_eq!(text(Cell::Tenths(-3)), "-0.3");
        assert_eq!(Cell::Tenths(425).number(), Some(42.5));
        assert_eq!(Cell::Empty.number(), None);
    }

    #[test]
    fn json_members_are_read_in_order_and_bad_text_is_an_error() {
        let mut seen = Vec::new();
        json_members(r#"{"a-1": 3, "b": null , "c":12}"#, |k, v: Option<i64>| {
            seen.push((k, v))
        })
        .unwrap();
        assert_eq!(seen, [("a-1", Some(3)), ("b", None), ("c", Some(12))]);
        assert!(json_members("[1]", |_: &str, _: i64| {}).is_err());
        assert!(json_members(r#"{"a": "x"}"#, |_: &str, _: i64| {}).is_err());
    }

    #[test]
    fn lookup_finds_ids_in_any_order() {
        let ids = ["c", "a", "b", "d"];
        let mut l = Lookup::new(ids.iter().copied());
        // Sorted order, the fast path.
        let found: Vec<_> = ["a", "b", "c", "d"].iter().map(|id| l.find(id)).collect();
        assert_eq!(found, [Some(1), Some(2), Some(0), Some(3)]);
        l.restart();
        // Out of order and unknown ids.
        let found: Vec<_> = ["d", "x", "a", "c", "b"]
            .iter()
            .map(|id| l.find(id))
            .collect();
        assert_eq!(found, [Some(3), None, Some(1), Some(0), Some(2)]);
    }
}

//! Researcher microdata (DESIGN.md, privacy rules): "Microdata only for
//! the researcher role, pseudonymised (fresh random ids per export),
//! background variables coarsened, every export in the audit log."
//!
//! What an export holds, per completed response of one wave:
//! - `resp`: a number 1..N from a fresh random permutation per export, so
//!   two exports cannot be linked row by row, nor a row to the database;
//! - `inst`: a fresh random number per export for institutions with at
//!   least MIN_GROUP respondents, empty for smaller ones; no codes or names;
//! - the background answers (the team question left out), coarsened by
//!   local suppression: within an institution, an answer given by fewer
//!   than MIN_GROUP respondents is left empty;
//! - every item as answered (1..k, not reverse-coded); "n.v.t." and no
//!   answer are both empty (system-missing in SPSS);
//! - the domain scores (0-100).
//!
//! No dates, no units, no tokens.
//!
//! Rows stream from the database in batches to a writer thread that writes
//! CSV, XLSX (constant memory) or SPSS `.sav`, so memory does not grow with
//! the number of responses; progress is counted as rows are written.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rand::seq::SliceRandom;

use super::disclosure::MinGroup;
use super::scoring::{self, NO_ANSWER};
use crate::i18n::Lang;
use crate::monitor::Wave;
use crate::monitor::instrument::Instrument;
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

    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Sav => "application/x-spss-sav",
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

/// The columns of an export, in order.
pub fn variables(ins: &Instrument, lang: Lang) -> Vec<sav::Variable> {
    use sav::{Measure, Variable};
    let mut v = vec![
        Variable::numeric(
            "resp",
            "Respondent (pseudoniem, per export nieuw)",
            0,
            Measure::Nominal,
        ),
        Variable::numeric(
            "inst",
            "Instelling (pseudoniem, per export nieuw)",
            0,
            Measure::Nominal,
        ),
    ];
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

fn background_questions(
    ins: &Instrument,
) -> impl Iterator<Item = &crate::monitor::instrument::Background> {
    ins.background.iter().filter(|q| !q.from_units)
}

/// One row, as numbers: `None` is empty / system-missing.
pub type Row = Vec<Option<f64>>;

/// Where rows go.
trait Sink: Send {
    fn row(&mut self, row: &Row) -> anyhow::Result<()>;
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

struct CsvSink {
    w: csv::Writer<std::fs::File>,
    decimals: Vec<u8>,
}

impl Sink for CsvSink {
    fn row(&mut self, row: &Row) -> anyhow::Result<()> {
        for (v, d) in row.iter().zip(&self.decimals) {
            match v {
                Some(x) => self.w.write_field(format!("{x:.*}", usize::from(*d)))?,
                None => self.w.write_field("")?,
            }
        }
        self.w.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

struct XlsxSink {
    book: rust_xlsxwriter::Workbook,
    path: PathBuf,
    row: u32,
}

impl Sink for XlsxSink {
    fn row(&mut self, row: &Row) -> anyhow::Result<()> {
        self.row += 1;
        let sheet = self.book.worksheet_from_index(0)?;
        for (c, v) in row.iter().enumerate() {
            if let Some(x) = v {
                sheet.write_number(self.row, c as u16, *x)?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.book.save(&self.path)?;
        Ok(())
    }
}

struct SavSink {
    w: sav::SavWriter<std::io::BufWriter<std::fs::File>>,
}

impl Sink for SavSink {
    fn row(&mut self, row: &Row) -> anyhow::Result<()> {
        let values: Vec<sav::Value> = row
            .iter()
            .map(|v| v.map_or(sav::Value::Missing, sav::Value::Num))
            .collect();
        self.w.write_row(&values)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<()> {
        self.w.finish()?.flush()?;
        Ok(())
    }
}

fn sink(
    format: Format,
    path: &Path,
    vars: Vec<sav::Variable>,
    label: &str,
) -> anyhow::Result<Box<dyn Sink>> {
    let decimals: Vec<u8> = vars
        .iter()
        .map(|v| match v.var_type {
            sav::VarType::Numeric { decimals } => decimals,
            sav::VarType::String { .. } => 0,
        })
        .collect();
    Ok(match format {
        Format::Csv => {
            let mut w = csv::Writer::from_path(path)?;
            w.write_record(vars.iter().map(|v| v.name.as_str()))?;
            Box::new(CsvSink { w, decimals })
        }
        Format::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name("microdata")?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (c, v) in vars.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, &v.name, &bold)?;
            }
            let codebook = book.add_worksheet();
            codebook.set_name("codeboek")?;
            codebook.write_string_with_format(0, 0, "variabele", &bold)?;
            codebook.write_string_with_format(0, 1, "label", &bold)?;
            codebook.write_string_with_format(0, 2, "waarden", &bold)?;
            for (r, v) in vars.iter().enumerate() {
                let r = r as u32 + 1;
                codebook.write_string(r, 0, &v.name)?;
                codebook.write_string(r, 1, &v.label)?;
                let values: Vec<String> = v
                    .value_labels
                    .iter()
                    .map(|(k, l)| format!("{k} = {l}"))
                    .collect();
                codebook.write_string(r, 2, values.join("; "))?;
            }
            Box::new(XlsxSink {
                book,
                path: path.to_path_buf(),
                row: 0,
            })
        }
        Format::Sav => {
            let file = std::io::BufWriter::new(std::fs::File::create(path)?);
            Box::new(SavSink {
                w: sav::SavWriter::new(file, sav::truncate_utf8(label, 64), vars)?,
            })
        }
    })
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

/// Writes the microdata of `wave` to `t.path`. Rows are read in batches of
/// 1,000 responses and handed to a writer thread.
pub async fn export(
    db: &Db,
    ins: &Instrument,
    wave: &Wave,
    t: Target<'_>,
    progress: Arc<Progress>,
) -> anyhow::Result<u64> {
    let (format, path, m, lang) = (t.format, t.path, t.min_group, t.lang);
    let questions: Vec<&crate::monitor::instrument::Background> =
        background_questions(ins).collect();
    // Sizes per institution and per institution x question x choice.
    let sizes: Vec<(String, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT institution_code, COUNT(*) FROM responses \
             WHERE wave_id = $1 AND completed_on IS NOT NULL GROUP BY institution_code",
        )
        .bind(wave.id)
        .fetch_all(p)
        .await?
    });
    let choices: Vec<(String, String, String, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT r.institution_code, b.question_id, b.choice, COUNT(*) FROM response_background b \
             JOIN responses r ON r.id = b.response_id \
             WHERE r.wave_id = $1 AND r.completed_on IS NOT NULL \
             GROUP BY r.institution_code, b.question_id, b.choice",
        )
        .bind(wave.id)
        .fetch_all(p)
        .await?
    });
    let rare: HashSet<(String, String, String)> = choices
        .into_iter()
        .filter(|(.., n)| !m.allows(u64::try_from(*n).unwrap_or(0)))
        .map(|(i, q, c, _)| (i, q, c))
        .collect();
    let total: u64 = sizes
        .iter()
        .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
        .sum();
    progress.total.store(total, Ordering::Relaxed);
    // Fresh pseudonyms: random permutations, made before any await (the
    // thread-local generator stays on this thread).
    let (inst_pseudonym, resp_ids) = {
        let mut rng = rand::rng();
        let mut big: Vec<&str> = sizes
            .iter()
            .filter(|(_, n)| m.allows(u64::try_from(*n).unwrap_or(0)))
            .map(|(c, _)| c.as_str())
            .collect();
        big.shuffle(&mut rng);
        let inst: HashMap<String, f64> = big
            .iter()
            .enumerate()
            .map(|(k, c)| (c.to_string(), (k + 1) as f64))
            .collect();
        let mut ids: Vec<u32> = (1..=u32::try_from(total)?).collect();
        ids.shuffle(&mut rng);
        (inst, ids)
    };

    let vars = variables(ins, lang);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(4);
    let label = format!("Digitaal Bekwaam MBO monitor {}", wave.name);
    let mut out = sink(format, path, vars, &label)?;
    let writer_progress = progress.clone();
    let writer = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        for batch in rx {
            for row in &batch {
                out.row(row)?;
            }
            writer_progress
                .done
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
        }
        out.finish()
    });

    let items: HashMap<&str, usize> = ins
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.as_str(), i))
        .collect();
    let qindex: HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut after = i64::MIN;
    let mut k = 0usize;
    loop {
        let heads: Vec<(i64, String)> = on_db!(db, |p| {
            sqlx::query_as(
                "SELECT id, institution_code FROM responses \
                 WHERE wave_id = $1 AND completed_on IS NOT NULL AND id > $2 ORDER BY id LIMIT 1000",
            )
            .bind(wave.id)
            .bind(after)
            .fetch_all(p)
            .await?
        });
        let (Some(first), Some(last)) = (heads.first(), heads.last()) else {
            break;
        };
        let (lo, hi) = (first.0, last.0);
        after = hi;
        // One row per response with its answers as "item:value,..." (the
        // value empty for n.v.t.): a million responses of 53 items are a
        // million rows to hand over instead of 53 million.
        let answers_sql = match db {
            crate::store::Db::Sqlite(_) => {
                "SELECT a.response_id, group_concat(a.item_id || ':' || COALESCE(a.value, ''), ',') \
                 FROM response_answers a WHERE a.response_id BETWEEN $1 AND $2 \
                 GROUP BY a.response_id"
            }
            crate::store::Db::Postgres(_) => {
                "SELECT a.response_id, string_agg(a.item_id || ':' || COALESCE(a.value::text, ''), ',') \
                 FROM response_answers a WHERE a.response_id BETWEEN $1 AND $2 \
                 GROUP BY a.response_id"
            }
        };
        let packed: Vec<(i64, String)> = on_db!(db, |p| {
            sqlx::query_as(answers_sql)
                .bind(lo)
                .bind(hi)
                .fetch_all(p)
                .await?
        });
        let mut answers: Vec<(i64, &str, Option<i64>)> = Vec::with_capacity(packed.len() * 60);
        for (rid, list) in &packed {
            for pair in list.split(',') {
                if let Some((item, value)) = pair.split_once(':') {
                    answers.push((*rid, item, value.parse::<i64>().ok()));
                }
            }
        }
        let background: Vec<(i64, String, String)> = on_db!(db, |p| {
            sqlx::query_as(
                "SELECT b.response_id, b.question_id, b.choice FROM response_background b \
                 WHERE b.response_id BETWEEN $1 AND $2",
            )
            .bind(lo)
            .bind(hi)
            .fetch_all(p)
            .await?
        });
        let pos: HashMap<i64, usize> = heads.iter().enumerate().map(|(i, h)| (h.0, i)).collect();
        let mut raw = vec![vec![None::<i64>; ins.items.len()]; heads.len()];
        let mut coded = vec![vec![NO_ANSWER; ins.items.len()]; heads.len()];
        for (rid, item, value) in answers {
            let (Some(&r), Some(&i), Some(v)) = (pos.get(&rid), items.get(item), value) else {
                continue;
            };
            if ins.scales[ins.items[i].scale].allows(v) {
                raw[r][i] = Some(v);
                coded[r][i] = i8::try_from(ins.coded(i, v)).unwrap_or(NO_ANSWER);
            }
        }
        let mut bg = vec![vec![None::<f64>; questions.len()]; heads.len()];
        for (rid, q, choice) in background {
            let (Some(&r), Some(&qi)) = (pos.get(&rid), qindex.get(q.as_str())) else {
                continue;
            };
            if rare.contains(&(heads[r].1.clone(), q.clone(), choice.clone())) {
                continue;
            }
            bg[r][qi] = questions[qi]
                .options
                .iter()
                .position(|o| o.id == choice)
                .map(|o| (o + 1) as f64);
        }
        let mut batch = Vec::with_capacity(heads.len());
        for (r, (_, code)) in heads.iter().enumerate() {
            let scores =
                scoring::score_coded(ins, 0, None, Vec::new(), std::mem::take(&mut coded[r]))
                    .scores;
            let mut row: Row =
                Vec::with_capacity(2 + questions.len() + ins.items.len() + scores.len());
            row.push(resp_ids.get(k).map(|&x| f64::from(x)));
            row.push(inst_pseudonym.get(code).copied());
            row.extend(bg[r].iter().copied());
            row.extend(raw[r].iter().map(|v| v.map(|x| x as f64)));
            row.extend(
                scores
                    .iter()
                    .map(|s| s.map(|x| (f64::from(x) * 10.0).round() / 10.0)),
            );
            batch.push(row);
            k += 1;
        }
        if tx.send(batch).is_err() {
            break;
        }
    }
    drop(tx);
    writer.await??;
    Ok(k as u64)
}

// --- export jobs (the web page shows their progress) ------------------------------------

#[derive(Debug)]
pub enum JobState {
    Running,
    Done,
    Failed(String),
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

/// Export jobs of this process, by random id. A finished file is kept for
/// an hour, then removed with its job.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

pub const KEEP: std::time::Duration = std::time::Duration::from_secs(3600);

impl Jobs {
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }

    pub fn insert(&self, job: Job) -> (String, Arc<Job>) {
        let id = crate::monitor::new_token();
        let job = Arc::new(job);
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.retain(|_, j| {
            let keep = j.started.elapsed() < KEEP;
            if !keep {
                let _ = std::fs::remove_file(&j.path);
            }
            keep
        });
        jobs.insert(id.clone(), job.clone());
        (id, job)
    }
}

/// The directory export files are written to.
pub fn export_dir() -> PathBuf {
    std::env::temp_dir().join("bekwaam-exports")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names_are_valid_for_spss() {
        let ins =
            crate::monitor::instrument::parse("d", crate::monitor::DEFAULT_INSTRUMENT).unwrap();
        let vars = variables(&ins, Lang::Nl);
        // resp, inst, background without the team question, items, scores
        let bg = ins.background.iter().filter(|q| !q.from_units).count();
        assert_eq!(vars.len(), 2 + bg + ins.items.len() + ins.domains.len());
        let dir = tempfile::tempdir().unwrap();
        // The writer validates every name and label.
        sink(Format::Sav, &dir.path().join("x.sav"), vars, "t").unwrap();
        assert_eq!(var_name("dif-01"), "dif_01");
        assert_eq!(var_name("1x"), "v1x");
    }
}

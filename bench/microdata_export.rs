//! Benchmark of the researcher microdata export at scale (the issue: "Time
//! a 1,000,000-response microdata export to CSV, XLSX and .sav: target under
//! 60 s each and under 200 MB peak RSS").
//!
//! Run with `cargo build --release && cargo bench --bench microdata_export
//! -- [options]` (see `bench/README.md`). It prepares a database with
//! `--responses` completed responses on the shipped instrument (schema and
//! institutions by the binary's own commands, the wave through the library,
//! the response rows by bulk inserts of its own: preparation is not what is
//! measured), then runs `bekwaam export microdata` once per format as a
//! child process and prints its wall time, peak RSS (`VmHWM`), CPU time and
//! file size, and checks the file: rows, answered item cells and the sum of
//! the item values must equal what was written into the database.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use bekwaam::audit::Actor;
use bekwaam::monitor::instrument::Instrument;
use bekwaam::monitor::{self, WaveState, store as ms};
use bekwaam::store::Db;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "microdata_export",
    about = "Times `bekwaam export microdata` (CSV, XLSX, .sav) on a large wave"
)]
struct Opts {
    /// The binary to run (build it first: `cargo build --release`).
    /// Default: target/release/bekwaam (or $CARGO_TARGET_DIR/release/bekwaam).
    #[arg(long)]
    bin: Option<PathBuf>,

    /// Completed responses in the wave.
    #[arg(long, default_value_t = 1_000_000)]
    responses: usize,

    /// Institutions the responses are spread over (the last two get 6
    /// responses each, below the minimum group, when there are at least 1,000).
    #[arg(long, default_value_t = 60)]
    institutions: usize,

    /// Formats to export, in this order.
    #[arg(long, default_value = "csv,xlsx,sav", value_delimiter = ',',
          value_parser = ["csv", "xlsx", "sav"])]
    formats: Vec<String>,

    /// Runs per format (each one a fresh process).
    #[arg(long, default_value_t = 1)]
    runs: usize,

    /// Target: seconds per export.
    #[arg(long, default_value_t = 60.0)]
    max_seconds: f64,

    /// Target: peak RSS per export, in MB (10^6 bytes).
    #[arg(long, default_value_t = 200.0)]
    max_rss_mb: f64,

    /// Keep the prepared databases and the exported files in DIR; a later
    /// run with the same --responses, --institutions and --seed reuses the
    /// database and skips the preparation.
    #[arg(long)]
    keep: Option<PathBuf>,

    /// Also benchmark PostgreSQL: a server URL with rights to create
    /// databases. The database bekwaam_bench_microdata is created there
    /// (dropped afterwards unless --keep is given).
    #[arg(long, env = "BEKWAAM_BENCH_POSTGRES_URL")]
    postgres: Option<String>,

    /// Do not benchmark SQLite (only PostgreSQL, with --postgres).
    #[arg(long)]
    skip_sqlite: bool,

    /// Do not read the exported XLSX back (reading 1M rows takes about as
    /// long as writing them).
    #[arg(long)]
    skip_xlsx_check: bool,

    /// Kill an export that runs longer than this many seconds (ten times the
    /// target; reported as FAIL with the rows written so far, for CSV).
    #[arg(long, default_value_t = 600)]
    timeout_s: u64,

    /// Seed of the generated answers.
    #[arg(long, default_value_t = 2026)]
    seed: u64,

    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

const WAVE: &str = "bench-microdata";
const COMPLETED_ON: &str = "2026-03-16";
/// Responses per multi-row INSERT on SQLite: 200 x 53 answers x 3
/// parameters stays under SQLite's limit of 32,766.
const SQLITE_CHUNK: usize = 200;
/// Responses per COPY round on PostgreSQL.
const PG_CHUNK: usize = 10_000;

// --- the generated wave ------------------------------------------------------------

/// What the generated responses look like: the shipped instrument's items
/// and background questions, and the institutions.
struct Model {
    codes: Vec<String>,
    /// Background questions the respondent answers (not the team question,
    /// which comes from organisational units): id and choice ids.
    questions: Vec<(String, Vec<String>)>,
    /// Items: id, the scale's values (ascending), n.v.t. allowed.
    items: Vec<(String, Vec<i64>, bool)>,
    pages: i64,
}

impl Model {
    fn new(ins: &Instrument, institutions: usize) -> Model {
        let mut items: Vec<(String, Vec<i64>, bool)> = ins
            .items
            .iter()
            .map(|i| {
                let mut values: Vec<i64> = ins.scales[i.scale]
                    .options
                    .iter()
                    .map(|o| o.value)
                    .collect();
                values.sort_unstable();
                (i.id.clone(), values, i.allow_na)
            })
            .collect();
        items.retain(|(_, values, _)| !values.is_empty());
        Model {
            codes: (0..institutions.max(1)).map(institution_code).collect(),
            questions: ins
                .background
                .iter()
                .filter(|q| !q.from_units && !q.options.is_empty())
                .map(|q| {
                    (
                        q.id.clone(),
                        q.options.iter().map(|o| o.id.clone()).collect(),
                    )
                })
                .collect(),
            items,
            pages: ins.domains.len() as i64 + 1,
        }
    }
}

fn institution_code(k: usize) -> String {
    format!(
        "{:02}{}{}",
        10 + k / 676,
        (b'A' + (k / 26 % 26) as u8) as char,
        (b'A' + (k % 26) as u8) as char
    )
}

/// One generated response.
struct Resp {
    id: i64,
    inst: usize,
    /// Choice index per question of `Model::questions`.
    choices: Vec<usize>,
    /// Value per item of `Model::items`; `None` is n.v.t.
    values: Vec<Option<i64>>,
}

/// What the database holds, so an export can be checked against it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Expected {
    rows: u64,
    answered: u64,
    value_sum: u64,
}

impl Expected {
    fn line(&self) -> String {
        format!(
            "rows={} answered={} value_sum={}",
            self.rows, self.answered, self.value_sum
        )
    }

    fn parse(line: &str) -> Option<Expected> {
        let mut e = Expected::default();
        for part in line.split_whitespace() {
            let (k, v) = part.split_once('=')?;
            let v: u64 = v.parse().ok()?;
            match k {
                "rows" => e.rows = v,
                "answered" => e.answered = v,
                "value_sum" => e.value_sum = v,
                _ => return None,
            }
        }
        Some(e)
    }
}

/// Deterministic responses from a seed: each respondent has a tendency
/// (low to high on every scale) plus noise per item, 8 % n.v.t. where
/// allowed, and uniformly chosen background answers.
struct Generator<'a> {
    model: &'a Model,
    rng: SmallRng,
    /// Institution of each response, shuffled.
    order: Vec<u16>,
    /// Per institution: below the minimum group of 10, so its responses
    /// are left out of the export (and of `expected`).
    small: Vec<bool>,
    next: usize,
    expected: Expected,
}

impl<'a> Generator<'a> {
    fn new(model: &'a Model, n: usize, seed: u64) -> Generator<'a> {
        let mut rng = SmallRng::seed_from_u64(seed);
        let k = model.codes.len();
        // Two small institutions (below the minimum group of 10) when the
        // wave is big enough, the rest by random weights.
        let small = if n >= 1000 && k >= 4 { 2 } else { 0 };
        let mut sizes = vec![6usize; small];
        let rest = n - 6 * small;
        let big = k - small;
        let weights: Vec<f64> = (0..big).map(|_| rng.random_range(0.3..2.0)).collect();
        let total: f64 = weights.iter().sum();
        let mut given = 0;
        let mut big_sizes: Vec<usize> = weights
            .iter()
            .map(|w| {
                let s = (rest as f64 * w / total).floor() as usize;
                given += s;
                s
            })
            .collect();
        for s in big_sizes.iter_mut().take(rest - given) {
            *s += 1;
        }
        big_sizes.append(&mut sizes);
        let small = big_sizes.iter().map(|&s| s < 10).collect();
        let mut order: Vec<u16> = big_sizes
            .iter()
            .enumerate()
            .flat_map(|(i, &s)| std::iter::repeat_n(i as u16, s))
            .collect();
        order.shuffle(&mut rng);
        Generator {
            model,
            rng,
            order,
            small,
            next: 0,
            expected: Expected::default(),
        }
    }

    /// The next `max` responses (fewer at the end).
    fn chunk(&mut self, max: usize) -> Vec<Resp> {
        let end = (self.next + max).min(self.order.len());
        let mut out = Vec::with_capacity(end - self.next);
        for k in self.next..end {
            let rng = &mut self.rng;
            let tendency: f64 = rng.random();
            let choices = self
                .model
                .questions
                .iter()
                .map(|(_, c)| rng.random_range(0..c.len()))
                .collect();
            let values: Vec<Option<i64>> = self
                .model
                .items
                .iter()
                .map(|(_, values, na)| {
                    if *na && rng.random_range(0..100) < 8 {
                        return None;
                    }
                    let top = (values.len() - 1) as f64;
                    let at = (tendency * top + rng.random_range(-1.0..1.0)).round();
                    Some(values[at.clamp(0.0, top) as usize])
                })
                .collect();
            if !self.small[usize::from(self.order[k])] {
                for v in values.iter().flatten() {
                    self.expected.answered += 1;
                    self.expected.value_sum += u64::try_from(*v).unwrap_or(0);
                }
                self.expected.rows += 1;
            }
            out.push(Resp {
                id: k as i64 + 1,
                inst: usize::from(self.order[k]),
                choices,
                values,
            });
        }
        self.next = end;
        out
    }
}

// --- preparing a database ----------------------------------------------------------

fn run_bin(bin: &Path, args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new(bin)
        .args(args)
        .env("BEKWAAM_LANG", "en")
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    if !out.status.success() {
        bail!(
            "{} {} failed: {}{}",
            bin.display(),
            args.first().unwrap_or(&""),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Schema (`bekwaam migrate`), institutions (`bekwaam institutions
/// import`), the shipped instrument and a closed wave (library). Returns
/// the wave's id.
async fn prepare_wave(bin: &Path, url: &str, dir: &Path, model: &Model) -> anyhow::Result<i64> {
    run_bin(bin, &["migrate", "--database-url", url])?;
    let csv = dir.join("institutions.csv");
    let mut s = String::from("code,name,place,region,teaching_staff\n");
    for (k, c) in model.codes.iter().enumerate() {
        let _ = writeln!(s, "{c},ROC Bench {k},Utrecht,Midden,{}", 400 + k);
    }
    std::fs::write(&csv, s)?;
    let csv = csv.display().to_string();
    run_bin(
        bin,
        &["institutions", "import", &csv, "--database-url", url],
    )?;
    let db = Db::connect(url).await?;
    let (iid, iver) = monitor::ensure_default_instrument(&db).await?;
    let new = monitor::validate_wave(
        WAVE,
        &format!("{iid}@{iver}"),
        "2026-03-02",
        "2026-04-30",
        &model.codes,
    )
    .map_err(|e| anyhow::anyhow!("wave: {e:?}"))?;
    let actor = Actor::system();
    let wave_id = ms::create_wave(&db, &actor, &new).await?;
    ms::advance(&db, &actor, wave_id, WaveState::Open).await?;
    ms::advance(&db, &actor, wave_id, WaveState::Closed).await?;
    db.close().await;
    Ok(wave_id)
}

fn progress(done: usize, n: usize, start: Instant) {
    if done.is_multiple_of(100_000) || done == n {
        eprintln!(
            "  {done} of {n} responses written ({:.0} s)",
            start.elapsed().as_secs_f64()
        );
    }
}

/// `head` (`INSERT INTO t (cols) VALUES `) followed by `rows` times `tuple`.
fn values_sql(head: &str, rows: usize, tuple: &str) -> String {
    let mut sql = String::from(head);
    for k in 0..rows {
        if k > 0 {
            sql.push(',');
        }
        sql.push_str(tuple);
    }
    sql
}

/// The three multi-row INSERTs for `m` responses, with anonymous `?`
/// parameters bound in order (numbered ones would make each bind look its
/// name up in a list: quadratic in the statement's size).
fn sqlite_statements(model: &Model, m: usize) -> [String; 3] {
    let responses = values_sql(
        "INSERT INTO responses (id, wave_id, institution_code, unit_id, token_hash, page, started_on, completed_on) VALUES ",
        m,
        "(?,?,?,NULL,?,?,?,?)",
    );
    let background = values_sql(
        "INSERT INTO response_background (response_id, question_id, choice) VALUES ",
        m * model.questions.len(),
        "(?,?,?)",
    );
    let answers = values_sql(
        "INSERT INTO response_answers (response_id, item_id, value) VALUES ",
        m * model.items.len(),
        "(?,?,?)",
    );
    [responses, background, answers]
}

/// Writes the responses straight into SQLite: one connection, no journal,
/// no fsync, foreign keys off, multi-row INSERTs in transactions of 50,000
/// responses.
async fn fill_sqlite(path: &Path, wave_id: i64, g: &mut Generator<'_>) -> anyhow::Result<()> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use sqlx::{ConnectOptions, Connection};
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off)
        .foreign_keys(false)
        .pragma("cache_size", "-262144")
        .pragma("temp_store", "memory")
        .connect()
        .await?;
    let model = g.model;
    let n = g.order.len();
    let start = Instant::now();
    let mut statements: HashMap<usize, [String; 3]> = HashMap::new();
    let mut done = 0;
    while done < n {
        let mut tx = conn.begin().await?;
        let until = (done + 50_000).min(n);
        while done < until {
            let chunk = g.chunk(SQLITE_CHUNK.min(until - done));
            let [sql_r, sql_b, sql_a] = statements
                .entry(chunk.len())
                .or_insert_with(|| sqlite_statements(model, chunk.len()));
            let hashes: Vec<String> = chunk.iter().map(|r| format!("bench:{:09}", r.id)).collect();
            let mut q = sqlx::query(sql_r.as_str());
            for (r, hash) in chunk.iter().zip(&hashes) {
                q = q
                    .bind(r.id)
                    .bind(wave_id)
                    .bind(&model.codes[r.inst])
                    .bind(hash)
                    .bind(model.pages)
                    .bind(COMPLETED_ON)
                    .bind(COMPLETED_ON);
            }
            q.execute(&mut *tx).await?;
            let mut q = sqlx::query(sql_b.as_str());
            for r in &chunk {
                for (c, (id, choices)) in r.choices.iter().zip(&model.questions) {
                    q = q.bind(r.id).bind(id).bind(&choices[*c]);
                }
            }
            q.execute(&mut *tx).await?;
            let mut q = sqlx::query(sql_a.as_str());
            for r in &chunk {
                for (v, (id, ..)) in r.values.iter().zip(&model.items) {
                    q = q.bind(r.id).bind(id).bind(*v);
                }
            }
            q.execute(&mut *tx).await?;
            done += chunk.len();
            progress(done, n, start);
        }
        tx.commit().await?;
    }
    conn.close().await?;
    Ok(())
}

/// Writes the responses into PostgreSQL with COPY, foreign-key triggers
/// off for this session when the role may do so, then ANALYZE (what
/// autovacuum does after a bulk load).
async fn fill_postgres(url: &str, wave_id: i64, g: &mut Generator<'_>) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await?;
    sqlx::query("SET synchronous_commit = off")
        .execute(&mut conn)
        .await?;
    if let Err(e) = sqlx::query("SET session_replication_role = replica")
        .execute(&mut conn)
        .await
    {
        eprintln!("  (foreign keys stay checked during the load: {e})");
    }
    let model = g.model;
    let n = g.order.len();
    let start = Instant::now();
    let mut done = 0;
    while done < n {
        let chunk = g.chunk(PG_CHUNK);
        let (mut r, mut b, mut a) = (String::new(), String::new(), String::new());
        for x in &chunk {
            let _ = writeln!(
                r,
                "{}\t{wave_id}\t{}\tbench:{:09}\t{}\t{COMPLETED_ON}\t{COMPLETED_ON}",
                x.id, model.codes[x.inst], x.id, model.pages
            );
            for (c, (q, choices)) in x.choices.iter().zip(&model.questions) {
                let _ = writeln!(b, "{}\t{q}\t{}", x.id, choices[*c]);
            }
            for (v, (item, ..)) in x.values.iter().zip(&model.items) {
                match v {
                    Some(v) => {
                        let _ = writeln!(a, "{}\t{item}\t{v}", x.id);
                    }
                    None => {
                        let _ = writeln!(a, "{}\t{item}\t\\N", x.id);
                    }
                }
            }
        }
        for (sql, data) in [
            (
                "COPY responses (id, wave_id, institution_code, token_hash, page, started_on, completed_on) FROM STDIN",
                r,
            ),
            (
                "COPY response_background (response_id, question_id, choice) FROM STDIN",
                b,
            ),
            (
                "COPY response_answers (response_id, item_id, value) FROM STDIN",
                a,
            ),
        ] {
            let mut copy = conn.copy_in_raw(sql).await?;
            copy.send(data.into_bytes()).await?;
            copy.finish().await?;
        }
        done += chunk.len();
        progress(done, n, start);
    }
    sqlx::query(
        "SELECT setval(pg_get_serial_sequence('responses', 'id'), (SELECT MAX(id) FROM responses))",
    )
    .execute(&mut conn)
    .await?;
    sqlx::query("ANALYZE").execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

/// What a prepared database is: the options it was made with. Written
/// after a successful preparation, with the expected totals.
fn marker_line(o: &Opts) -> String {
    format!(
        "responses={} institutions={} seed={} instrument={} expected=kept-institutions",
        o.responses,
        o.institutions,
        o.seed,
        monitor::DEFAULT_INSTRUMENT_FILE
    )
}

/// The expected totals of a kept database made with the same options.
fn prepared(marker: &Path, o: &Opts) -> Option<Expected> {
    let s = std::fs::read_to_string(marker).ok()?;
    let mut lines = s.lines();
    (lines.next()? == marker_line(o)).then_some(())?;
    Expected::parse(lines.next()?)
}

// --- PostgreSQL database -----------------------------------------------------------

const PG_DB: &str = "bekwaam_bench_microdata";

fn pg_url(admin_url: &str) -> anyhow::Result<String> {
    let mut u = url::Url::parse(admin_url)?;
    u.set_path(&format!("/{PG_DB}"));
    Ok(u.to_string())
}

async fn pg_admin(admin_url: &str, sql: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(admin_url)
        .await
        .context("cannot connect to --postgres")?;
    sqlx::query(sql).execute(&mut c).await?;
    c.close().await?;
    Ok(())
}

async fn pg_drop(admin_url: &str) -> anyhow::Result<()> {
    pg_admin(
        admin_url,
        &format!("DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"),
    )
    .await
}

// --- measuring an export -------------------------------------------------------------

/// `VmHWM` (peak resident set) of a process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// User + system CPU time of a process, in seconds.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = s.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / clock_ticks())
}

/// Busy CPU time of the whole machine since boot (all CPUs), in seconds.
fn machine_busy_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(cpu) = s.lines().find(|l| l.starts_with("cpu ")) else {
        return f64::NAN;
    };
    let f: Vec<f64> = cpu
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait.
    f.iter()
        .enumerate()
        .filter(|(k, _)| *k != 3 && *k != 4 && *k < 8)
        .map(|(_, v)| v)
        .sum::<f64>()
        / clock_ticks()
}

struct Measured {
    seconds: f64,
    peak_rss_bytes: u64,
    cpu_s: f64,
    other_cpu_s: f64,
    file_bytes: u64,
    stdout: String,
    /// Killed after `--timeout-s`.
    timed_out: bool,
}

/// Runs one export as a child process. A sampler thread reads the child's
/// `VmHWM` and CPU time every 10 ms while it runs: the high-water mark only
/// grows, so the last sample is the peak unless the child grew in its last
/// 10 ms (the memory is gone once it has exited). After `timeout` the
/// sampler kills the child.
fn run_export(
    bin: &Path,
    url: &str,
    format: &str,
    out: &Path,
    log: &Path,
    timeout: Duration,
) -> anyhow::Result<Measured> {
    let _ = std::fs::remove_file(out);
    let busy0 = machine_busy_seconds();
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args([
            "--database-url",
            url,
            "export",
            "microdata",
            "--wave",
            WAVE,
            "--format",
            format,
            "-o",
        ])
        .arg(out)
        .env("BEKWAAM_LANG", "en")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log)?)
        .spawn()
        .with_context(|| format!("cannot start {}", bin.display()))?;
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let cpu_ms = Arc::new(AtomicU64::new(0));
    let timed_out = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (done, peak, cpu_ms) = (done.clone(), peak.clone(), cpu_ms.clone());
        let timed_out = timed_out.clone();
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if start.elapsed() > timeout && !timed_out.swap(true, Ordering::Relaxed) {
                    // The child is not reaped before `done`, so its pid is still its own.
                    let _ = Command::new("kill")
                        .args(["-KILL", &pid.to_string()])
                        .status();
                }
                if let Some(k) = peak_rss_kib(pid) {
                    peak.fetch_max(k * 1024, Ordering::Relaxed);
                }
                if let Some(c) = cpu_seconds(pid) {
                    cpu_ms.fetch_max((c * 1000.0) as u64, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let mut stdout = String::new();
    if let Some(s) = child.stdout.take() {
        for line in BufReader::new(s).lines() {
            stdout.push_str(&line?);
            stdout.push('\n');
        }
    }
    let status = child.wait()?;
    let seconds = start.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let busy = machine_busy_seconds() - busy0;
    let timed_out = timed_out.load(Ordering::Relaxed);
    if !status.success() && !timed_out {
        bail!(
            "export {format} failed ({status}):\n{}{}",
            stdout,
            std::fs::read_to_string(log).unwrap_or_default()
        );
    }
    let cpu_s = cpu_ms.load(Ordering::Relaxed) as f64 / 1000.0;
    Ok(Measured {
        seconds,
        peak_rss_bytes: peak.load(Ordering::Relaxed),
        cpu_s,
        other_cpu_s: (busy - cpu_s).max(0.0),
        file_bytes: std::fs::metadata(out).map_or(0, |m| m.len()),
        stdout,
        timed_out,
    })
}

// --- checking an exported file ---------------------------------------------------------

/// Rows, answered item cells and the sum of the item values found in a file.
struct Found {
    totals: Expected,
    /// Rows the .sav header declares (`None`: not declared).
    declared: Option<u64>,
    seconds: f64,
}

/// Positions of the item columns among the export's variables.
fn item_columns(ins: &Instrument) -> Vec<bool> {
    let items: std::collections::HashSet<String> =
        ins.items.iter().map(|i| i.id.replace('-', "_")).collect();
    bekwaam::analysis::microdata::variables(ins, bekwaam::i18n::Lang::Nl)
        .iter()
        .map(|v| items.contains(&v.name))
        .collect()
}

fn add_value(t: &mut Expected, x: f64) {
    t.answered += 1;
    t.value_sum += x as u64;
}

/// The ZIP of a CSV or .sav export: it must hold the codebook.
fn export_zip(path: &Path) -> anyhow::Result<zip::ZipArchive<std::fs::File>> {
    let z = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    if !z
        .file_names()
        .filter_map(Result::ok)
        .any(|n| n.starts_with("codebook") || n.starts_with("codeboek"))
    {
        bail!("the ZIP holds no codebook");
    }
    Ok(z)
}

fn check_csv(path: &Path, is_item: &[bool]) -> anyhow::Result<Expected> {
    let mut z = export_zip(path)?;
    let mut r = csv::Reader::from_reader(z.by_name("microdata.csv")?);
    if r.headers()?.len() != is_item.len() {
        bail!(
            "CSV has {} columns, expected {}",
            r.headers()?.len(),
            is_item.len()
        );
    }
    let mut t = Expected::default();
    let mut rec = csv::ByteRecord::new();
    while r.read_byte_record(&mut rec)? {
        t.rows += 1;
        for (field, _) in rec.iter().zip(is_item).filter(|(_, i)| **i) {
            if !field.is_empty() {
                let x: f64 = std::str::from_utf8(field)?.parse()?;
                add_value(&mut t, x);
            }
        }
    }
    Ok(t)
}

fn check_sav(path: &Path, is_item: &[bool]) -> anyhow::Result<(Expected, Option<u64>)> {
    use bekwaam::reports::sav::{OwnedValue, SavReader};
    let mut z = export_zip(path)?;
    let mut r = SavReader::new(z.by_name("microdata.sav")?)?;
    if r.variables().len() != is_item.len() {
        bail!(
            ".sav has {} variables, expected {}",
            r.variables().len(),
            is_item.len()
        );
    }
    let declared = r.case_count();
    let mut t = Expected::default();
    while let Some(row) = r.next_row()? {
        t.rows += 1;
        for (v, _) in row.iter().zip(is_item).filter(|(_, i)| **i) {
            if let OwnedValue::Num(x) = v {
                add_value(&mut t, *x);
            }
        }
    }
    Ok((t, declared))
}

fn check_xlsx(path: &Path, is_item: &[bool]) -> anyhow::Result<Expected> {
    use calamine::{DataRef, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path)?;
    let mut cells = book.worksheet_cells_reader("microdata")?;
    let mut t = Expected::default();
    let mut last_row = 0;
    while let Some(cell) = cells.next_cell()? {
        let (row, col) = cell.get_position();
        if row == 0 {
            continue;
        }
        if row != last_row {
            t.rows += 1;
            last_row = row;
        }
        if is_item.get(col as usize).copied().unwrap_or(false) {
            match cell.get_value() {
                DataRef::Float(x) => add_value(&mut t, *x),
                DataRef::Int(x) => add_value(&mut t, *x as f64),
                _ => {}
            }
        }
    }
    Ok(t)
}

fn check(format: &str, path: &Path, is_item: &[bool], o: &Opts) -> anyhow::Result<Option<Found>> {
    let start = Instant::now();
    let (totals, declared) = match format {
        "csv" => (check_csv(path, is_item)?, None),
        "sav" => check_sav(path, is_item)?,
        _ => {
            let mut magic = [0u8; 2];
            std::io::Read::read_exact(&mut std::fs::File::open(path)?, &mut magic)?;
            if &magic != b"PK" {
                bail!("the XLSX file does not start with PK (not a zip)");
            }
            if o.skip_xlsx_check {
                return Ok(None);
            }
            (check_xlsx(path, is_item)?, None)
        }
    };
    Ok(Some(Found {
        totals,
        declared,
        seconds: start.elapsed().as_secs_f64(),
    }))
}

// --- one backend ---------------------------------------------------------------------------

struct Row {
    backend: &'static str,
    format: String,
    m: Measured,
    check: String,
    pass: bool,
}

const MIB: f64 = 1024.0 * 1024.0;

async fn run_backend(
    name: &'static str,
    bin: &Path,
    url: &str,
    dir: &Path,
    ins: &Instrument,
    o: &Opts,
    prepare: impl AsyncFnOnce(i64, &mut Generator<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Row>> {
    let marker = dir.join("prepared.txt");
    let expected = match prepared(&marker, o) {
        Some(e) => {
            eprintln!("[{name}] reusing the prepared database ({})", e.line());
            e
        }
        None => {
            let _ = std::fs::remove_file(&marker);
            let t = Instant::now();
            let model = Model::new(ins, o.institutions);
            let wave_id = prepare_wave(bin, url, dir, &model).await?;
            let mut g = Generator::new(&model, o.responses, o.seed);
            eprintln!(
                "[{name}] writing {} responses x {} items ...",
                o.responses,
                model.items.len()
            );
            prepare(wave_id, &mut g).await?;
            let e = g.expected.clone();
            std::fs::write(&marker, format!("{}\n{}\n", marker_line(o), e.line()))?;
            println!(
                "[{name}] prepared {} responses ({} answers) in {:.1} s",
                e.rows,
                e.rows * g.model.items.len() as u64,
                t.elapsed().as_secs_f64()
            );
            e
        }
    };
    let is_item = item_columns(ins);
    let mut rows = Vec::new();
    for format in &o.formats {
        for run in 1..=o.runs {
            eprintln!("[{name}] export {format} (run {run}) ...");
            // CSV and .sav come as a ZIP with the codebook.
            let ext = if format == "xlsx" { "xlsx" } else { "zip" };
            let out = dir.join(format!("microdata-{format}.{ext}"));
            let log = dir.join(format!("export-{format}.log"));
            let timeout = Duration::from_secs(o.timeout_s);
            let m = run_export(bin, url, format, &out, &log, timeout)?;
            if m.timed_out {
                // An unfinished ZIP or workbook cannot be read: its size shows how far it got.
                let check = format!("killed after {} s", o.timeout_s);
                rows.push(Row {
                    backend: name,
                    format: format.clone(),
                    check,
                    m,
                    pass: false,
                });
                continue;
            }
            let found = check(format, &out, &is_item, o)?;
            let (check, ok) = match &found {
                None => ("zip only".to_string(), true),
                Some(f) if f.totals == expected => (format!("OK ({:.0} s)", f.seconds), true),
                Some(f) => (
                    format!(
                        "MISMATCH: file {}, database {}",
                        f.totals.line(),
                        expected.line()
                    ),
                    false,
                ),
            };
            if let Some(Found { declared: None, .. }) = &found
                && format == "sav"
            {
                eprintln!("[{name}] note: the .sav header does not declare its number of cases");
            }
            let pass =
                ok && m.seconds < o.max_seconds && (m.peak_rss_bytes as f64) < o.max_rss_mb * 1e6;
            rows.push(Row {
                backend: name,
                format: format.clone(),
                m,
                check,
                pass,
            });
        }
    }
    Ok(rows)
}

// --- main ------------------------------------------------------------------------------------

fn default_bin() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("release").join("bekwaam")
}

/// The checked-out commit of the source tree, when known.
fn source_commit() -> Option<String> {
    let out = Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "log",
            "-1",
            "--format=%h %cd",
            "--date=iso",
        ])
        .output()
        .ok()?;
    let head = String::from_utf8(out.stdout).ok()?.trim().to_string();
    let dirty = Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "status",
            "--porcelain",
            "--",
            "src",
            "migrations",
        ])
        .output()
        .ok()
        .is_some_and(|o| !o.stdout.is_empty());
    (!head.is_empty()).then(|| format!("{head}{}", if dirty { " (modified)" } else { "" }))
}

/// Warns when a source file is newer than the binary (a stale build).
fn warn_if_stale(bin: &Path) {
    let Ok(built) = std::fs::metadata(bin).and_then(|m| m.modified()) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src"), root.join("migrations")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if e
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|m| m > built)
            {
                eprintln!(
                    "warning: {} is newer than {}; run `cargo build --release` first",
                    p.display(),
                    bin.display()
                );
                return;
            }
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_table(rows: &[Row], o: &Opts) {
    println!();
    println!(
        "{:<10} {:<6} {:>9} {:>8} {:>9} {:>13} {:>7} {:>9} {:>9}  {:<8} check",
        "backend",
        "format",
        "responses",
        "seconds",
        "rows/s",
        "peak RSS MiB",
        "CPU s",
        "other s",
        "file MiB",
        "verdict"
    );
    for r in rows {
        let (seconds, per_s) = if r.m.timed_out {
            (format!(">{:.0}", r.m.seconds), "-".to_string())
        } else {
            (
                format!("{:.1}", r.m.seconds),
                format!("{:.0}", o.responses as f64 / r.m.seconds),
            )
        };
        println!(
            "{:<10} {:<6} {:>9} {:>8} {:>9} {:>13.1} {:>7.1} {:>9.1} {:>9.1}  {:<8} {}",
            r.backend,
            r.format,
            o.responses,
            seconds,
            per_s,
            r.m.peak_rss_bytes as f64 / MIB,
            r.m.cpu_s,
            r.m.other_cpu_s,
            r.m.file_bytes as f64 / MIB,
            if r.pass { "PASS" } else { "FAIL" },
            r.check
        );
    }
    println!(
        "targets: < {} s and < {} MB ({:.1} MiB) peak RSS per export, file matching the database; \
         \"other s\": CPU seconds of the rest of the machine during the export \
         (PostgreSQL's own processes included)",
        o.max_seconds,
        o.max_rss_mb,
        o.max_rss_mb * 1e6 / MIB
    );
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let o = Opts::parse();
    // A missed target is a result, printed as FAIL; only a benchmark that
    // could not run exits non-zero.
    match run(o).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("microdata_export: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

async fn run(o: Opts) -> anyhow::Result<()> {
    let bin = o.bin.clone().unwrap_or_else(default_bin);
    if !bin.is_file() {
        bail!(
            "{} not found: build it first with `cargo build --release`, or pass --bin",
            bin.display()
        );
    }
    warn_if_stale(&bin);
    if o.skip_sqlite && o.postgres.is_none() {
        bail!("--skip-sqlite leaves nothing to do without --postgres URL");
    }
    if o.responses == 0 || o.responses > 1_048_575 && o.formats.iter().any(|f| f == "xlsx") {
        bail!("--responses must be 1..=1,048,575 with xlsx (a worksheet holds 1,048,576 rows)");
    }
    let ins = monitor::instrument::parse(
        monitor::DEFAULT_INSTRUMENT_FILE,
        monitor::DEFAULT_INSTRUMENT,
    )
    .map_err(|e| anyhow::anyhow!("the shipped instrument does not parse: {e:?}"))?;
    let tmp;
    let dir = match &o.keep {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.canonicalize()?
        }
        None => {
            tmp = tempfile::Builder::new()
                .prefix("bekwaam-bench-")
                .tempdir()?;
            tmp.path().to_path_buf()
        }
    };
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "microdata_export: {}, {cpus} CPUs, {} responses over {} institutions, formats {}, load average at start: {}",
        bin.display(),
        o.responses,
        o.institutions,
        o.formats.join(","),
        load_average()
    );
    if let Some(commit) = source_commit() {
        println!("microdata_export: source {commit}");
    }
    let started = Instant::now();
    let mut rows = Vec::new();

    if !o.skip_sqlite {
        let d = dir.join("sqlite");
        std::fs::create_dir_all(&d)?;
        let db = d.join("bench.db");
        if prepared(&d.join("prepared.txt"), &o).is_none() {
            for f in ["bench.db", "bench.db-wal", "bench.db-shm"] {
                let _ = std::fs::remove_file(d.join(f));
            }
        }
        let url = format!("sqlite://{}", db.display());
        let fill = async |wave_id, g: &mut Generator<'_>| fill_sqlite(&db, wave_id, g).await;
        rows.extend(run_backend("SQLite", &bin, &url, &d, &ins, &o, fill).await?);
    }
    if let Some(admin) = &o.postgres {
        let d = dir.join("postgres");
        std::fs::create_dir_all(&d)?;
        let url = pg_url(admin)?;
        let marker = d.join("prepared.txt");
        let reuse = o.keep.is_some()
            && prepared(&marker, &o).is_some()
            && pg_admin(&url, "SELECT 1").await.is_ok();
        if !reuse {
            let _ = std::fs::remove_file(&marker);
            pg_drop(admin).await?;
            pg_admin(admin, &format!("CREATE DATABASE {PG_DB}")).await?;
        }
        let fill = async |wave_id, g: &mut Generator<'_>| fill_postgres(&url, wave_id, g).await;
        let r = run_backend("PostgreSQL", &bin, &url, &d, &ins, &o, fill).await;
        if o.keep.is_none()
            && let Err(e) = pg_drop(admin).await
        {
            eprintln!("could not drop database {PG_DB}: {e:#}");
        }
        rows.extend(r?);
    }

    print_table(&rows, &o);
    for r in &rows {
        if let Some(line) = r.m.stdout.lines().last() {
            println!("  {} {}: {}", r.backend, r.format, line.trim());
        }
    }
    println!();
    println!(
        "total {:.0} s; load average at end: {}",
        started.elapsed().as_secs_f64(),
        load_average()
    );
    if o.keep.is_some() {
        println!("kept {}", dir.display());
    }
    let pass = rows.iter().all(|r| r.pass);
    println!("overall: {}", if pass { "PASS" } else { "FAIL" });
    Ok(())
}

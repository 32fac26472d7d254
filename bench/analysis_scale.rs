//! Scale benchmark of the sector analysis. The issue: "deterministic
//! national-scale data (60 institutions × 4 waves × 40,000 respondents per
//! wave × 60 items). Time the full sector analysis (every institution ×
//! domain × wave figure, α, suppression) in-process, and DuckDB computing the
//! same aggregates over the same data ... print both times and the ratio.
//! Target: ratio ≤ 1.0."
//!
//! Run with `cargo bench --bench analysis_scale -- [options]` (see
//! `bench/README.md`). The program
//!
//! 1. generates the waves from a seeded `SmallRng` (not timed): unequal
//!    institution sizes with a few below the minimum group, a latent level
//!    per respondent plus item noise, about 5% n.v.t. or unanswered;
//! 2. exports the coded answers to CSV with a JSON description of the
//!    domains (not timed);
//! 3. scores the responses with `scoring::score_coded` (timed, printed
//!    apart) and runs the full analysis: per wave `report::sector` and
//!    `report::institution` for every institution (timed: best of `--runs`);
//! 4. runs `bench/analysis_scale_duckdb.py` as a child process, which loads
//!    the CSV into DuckDB (load time printed, not counted) and computes the
//!    same aggregates in SQL (timed: best of `--runs`);
//! 5. compares every figure the two sides share, and prints the ratio
//!    in-process / DuckDB.
//!
//! The instrument is the shipped 2026 instrument (53 items in 8 domains)
//! with 7 items appended, one to each of the first seven domains, so the
//! data has the issue's 60 items; `--shipped-items` uses the 53 as shipped.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use serde_json::json;

use bekwaam::analysis::disclosure::MinGroup;
use bekwaam::analysis::release;
use bekwaam::analysis::report::{self, InstitutionReport, SectorReport, Wave};
use bekwaam::analysis::scoring::{NO_ANSWER, Response, WaveData, score_coded};
use bekwaam::monitor::instrument::{self, Instrument};

#[derive(Parser, Debug)]
#[command(
    name = "analysis_scale",
    about = "Scale benchmark of the sector analysis: in-process reports against DuckDB on the same data"
)]
struct Opts {
    /// Waves (survey rounds), analysed in chronological order.
    #[arg(long, default_value_t = 4)]
    waves: usize,

    /// Respondents per wave.
    #[arg(long, default_value_t = 40_000)]
    respondents: usize,

    /// Institutions (codes 10AA, 10AB, ...); at least 3.
    #[arg(long, default_value_t = 60)]
    institutions: usize,

    /// Development size: 2 waves x 4,000 respondents (overrides --waves and
    /// --respondents).
    #[arg(long)]
    small: bool,

    /// Use the shipped instrument as it is (53 items) instead of extending
    /// it to the issue's 60 items.
    #[arg(long)]
    shipped_items: bool,

    /// Timed runs of each side; the best one counts.
    #[arg(long, default_value_t = 3)]
    runs: usize,

    /// Seed of the generated data.
    #[arg(long, default_value_t = 2026)]
    seed: u64,

    /// Python interpreter with the duckdb package.
    #[arg(long, env = "BEKWAAM_BENCH_PYTHON", default_value = "python3")]
    python: String,

    /// The DuckDB script. Default: bench/analysis_scale_duckdb.py of this crate.
    #[arg(long)]
    script: Option<PathBuf>,

    /// DuckDB threads (default: DuckDB's own choice, all CPUs). The
    /// in-process analysis runs on one thread.
    #[arg(long)]
    duckdb_threads: Option<usize>,

    /// Skip DuckDB (only the in-process timings; no ratio).
    #[arg(long)]
    skip_duckdb: bool,

    /// Keep the temporary directory (CSV, JSON) and print its path.
    #[arg(long)]
    keep: bool,

    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// Figures that differ by more than this (relative) count as a mismatch.
const TOLERANCE: f64 = 1e-6;

/// Seven items appended to the shipped instrument, one to each of its first
/// seven domains, to reach the issue's 60 items. TOML lets an array of
/// tables continue after other tables, so appending is enough.
const EXTRA_ITEMS: &str = r#"
[[items]]
id = "bench-did"
domain = "didactiek"
scale = "freq5"
text = { nl = "Benchmarkitem didactiek.", en = "Benchmark item teaching." }

[[items]]
id = "bench-dif"
domain = "differentieren"
scale = "freq5"
allow_na = true
text = { nl = "Benchmarkitem differentiëren.", en = "Benchmark item differentiating." }

[[items]]
id = "bench-gel"
domain = "ict-geletterdheid"
scale = "eens5"
text = { nl = "Benchmarkitem ict-geletterdheid.", en = "Benchmark item digital literacy." }

[[items]]
id = "bench-zel"
domain = "zelfregie"
scale = "freq5"
text = { nl = "Benchmarkitem zelfregie.", en = "Benchmark item self-regulation." }

[[items]]
id = "bench-bpv"
domain = "bpv"
scale = "freq5"
allow_na = true
text = { nl = "Benchmarkitem bpv.", en = "Benchmark item work placement." }

[[items]]
id = "bench-eig"
domain = "eigen-vaardigheid"
scale = "eens5"
reverse = true
text = { nl = "Benchmarkitem eigen vaardigheid.", en = "Benchmark item own skills." }

[[items]]
id = "bench-vei"
domain = "veiligheid"
scale = "eens5"
text = { nl = "Benchmarkitem veiligheid.", en = "Benchmark item security." }
"#;

fn instrument(shipped_only: bool) -> anyhow::Result<Instrument> {
    let source = if shipped_only {
        bekwaam::monitor::DEFAULT_INSTRUMENT.to_string()
    } else {
        format!("{}\n{EXTRA_ITEMS}", bekwaam::monitor::DEFAULT_INSTRUMENT)
    };
    instrument::parse("bench instrument", &source).map_err(|errs| {
        let list: Vec<String> = errs
            .iter()
            .map(|e| format!("{}:{}: {}: {:?}", e.file, e.line, e.field, e.reason))
            .collect();
        anyhow::anyhow!("instrument does not load: {}", list.join("; "))
    })
}

// --- data ---------------------------------------------------------------------

/// Sizes of the two institutions kept small per wave (cycling), chosen so
/// the sector's partition suppression has work: one hidden institution
/// drags the next smallest along, two small ones below the minimum
/// together drag a third.
const SMALL: [(usize, usize); 4] = [(6, 25), (3, 5), (9, 14), (12, 7)];

/// Share of respondents to whom every n.v.t.-item does not apply (no work
/// placements to supervise, ...): no score on the bpv domain.
const NOT_APPLICABLE_RESPONDENTS: f64 = 0.2;

/// One generated respondent, before scoring.
struct Row {
    institution: u32,
    background: Vec<Option<u16>>,
    coded: Vec<i8>,
}

struct GeneratedWave {
    name: String,
    rows: Vec<Row>,
}

/// Institution codes 10AA, 10AB, ..., 10AZ, 10BA, ...
fn codes(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let hi = char::from(b'A' + (i / 26) as u8);
            let lo = char::from(b'A' + (i % 26) as u8);
            format!("10{hi}{lo}")
        })
        .collect()
}

/// A standard normal draw (Box-Muller; `rand` 0.9 has no distributions).
fn normal(rng: &mut SmallRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Respondents per institution in wave `w`: the last two institutions are
/// small (`SMALL`), the rest share the remainder by a fixed log-normal
/// weight that varies a little per wave. Sums to exactly `respondents`.
fn sizes(weights: &[f64], respondents: usize, w: usize, rng: &mut SmallRng) -> Vec<usize> {
    let n = weights.len();
    let (a, b) = SMALL[w % SMALL.len()];
    let big = respondents.saturating_sub(a + b);
    let wave_weights: Vec<f64> = weights
        .iter()
        .take(n - 2)
        .map(|x| x * (1.0 + 0.1 * normal(rng)).max(0.5))
        .collect();
    let total: f64 = wave_weights.iter().sum();
    let mut out: Vec<usize> = wave_weights
        .iter()
        .map(|x| (x / total * big as f64).floor() as usize)
        .collect();
    let short = big - out.iter().sum::<usize>();
    for k in 0..short {
        out[k % (n - 2)] += 1;
    }
    out.extend([a, b]);
    out
}

fn generate(ins: &Instrument, o: &Opts) -> Vec<GeneratedWave> {
    // Fixed properties (institutions, items) come from their own stream, so
    // they do not change with the number of respondents.
    let mut fixed = SmallRng::seed_from_u64(o.seed ^ 0x1157_17e5);
    let weights: Vec<f64> = (0..o.institutions)
        .map(|_| (0.8 * normal(&mut fixed)).exp())
        .collect();
    let level: Vec<f64> = (0..o.institutions)
        .map(|_| 0.3 * normal(&mut fixed))
        .collect();
    let domain_shift: Vec<f64> = ins
        .domains
        .iter()
        .map(|_| 0.5 * normal(&mut fixed))
        .collect();
    let loading: Vec<f64> = ins
        .items
        .iter()
        .map(|_| fixed.random_range(0.6..1.2))
        .collect();
    let difficulty: Vec<f64> = ins
        .items
        .iter()
        .map(|_| fixed.random_range(-0.8..0.8))
        .collect();
    let options: Vec<Vec<i8>> = ins
        .items
        .iter()
        .map(|it| {
            ins.scales[it.scale]
                .options
                .iter()
                .map(|opt| opt.value as i8)
                .collect()
        })
        .collect();

    let mut rng = SmallRng::seed_from_u64(o.seed);
    (0..o.waves)
        .map(|w| {
            let sizes = sizes(&weights, o.respondents, w, &mut rng);
            let mut order: Vec<u32> = sizes
                .iter()
                .enumerate()
                .flat_map(|(i, &n)| std::iter::repeat_n(i as u32, n))
                .collect();
            order.shuffle(&mut rng);
            let rows = order
                .into_iter()
                .map(|inst| {
                    let theta = level[inst as usize] + 0.15 * w as f64 + normal(&mut rng);
                    let none_apply = rng.random::<f64>() < NOT_APPLICABLE_RESPONDENTS;
                    let coded = ins
                        .items
                        .iter()
                        .enumerate()
                        .map(|(j, it)| {
                            let missing = if it.allow_na { 0.08 } else { 0.03 };
                            if (it.allow_na && none_apply) || rng.random::<f64>() < missing {
                                return NO_ANSWER;
                            }
                            let x = loading[j] * theta + domain_shift[it.domain] - difficulty[j]
                                + 0.9 * normal(&mut rng);
                            let k = options[j].len() - 1;
                            let cat = ((x + 2.0) / 4.0 * k as f64).round().clamp(0.0, k as f64);
                            options[j][cat as usize]
                        })
                        .collect();
                    let background = ins
                        .background
                        .iter()
                        .map(|q| {
                            (!q.options.is_empty())
                                .then(|| rng.random_range(0..q.options.len()) as u16)
                        })
                        .collect();
                    Row {
                        institution: inst,
                        background,
                        coded,
                    }
                })
                .collect();
            GeneratedWave {
                name: format!("{}", 2027 - o.waves + w),
                rows,
            }
        })
        .collect()
}

/// The wide table DuckDB loads: wave, institution, respondent, i0..iN
/// (coded values, empty for no answer); and the JSON describing it.
fn export(
    ins: &Instrument,
    waves: &[GeneratedWave],
    codes: &[String],
    m: MinGroup,
    dir: &Path,
) -> anyhow::Result<(PathBuf, PathBuf)> {
    let csv_path = dir.join("responses.csv");
    let mut wtr = csv::Writer::from_path(&csv_path)?;
    let mut header = vec![
        "wave".to_string(),
        "institution".into(),
        "respondent".into(),
    ];
    header.extend((0..ins.items.len()).map(|j| format!("i{j}")));
    wtr.write_record(&header)?;
    let mut field = String::new();
    for w in waves {
        for (k, r) in w.rows.iter().enumerate() {
            let mut rec = csv::ByteRecord::new();
            rec.push_field(w.name.as_bytes());
            rec.push_field(codes[r.institution as usize].as_bytes());
            field.clear();
            write!(field, "{k}")?;
            rec.push_field(field.as_bytes());
            for &v in &r.coded {
                field.clear();
                if v != NO_ANSWER {
                    write!(field, "{v}")?;
                }
                rec.push_field(field.as_bytes());
            }
            wtr.write_byte_record(&rec)?;
        }
    }
    wtr.flush()?;
    let meta = json!({
        "min_group": m.get(),
        "min_answered_share": ins.min_answered_share,
        "waves": waves.iter().map(|w| &w.name).collect::<Vec<_>>(),
        "items": ins.items.iter().enumerate().map(|(j, it)| {
            let s = &ins.scales[it.scale];
            json!({"column": format!("i{j}"), "id": it.id, "min": s.min(), "max": s.max()})
        }).collect::<Vec<_>>(),
        "domains": ins.domains.iter().map(|d| json!({"id": d.id, "items": d.items})).collect::<Vec<_>>(),
    });
    let meta_path = dir.join("meta.json");
    std::fs::write(&meta_path, serde_json::to_vec_pretty(&meta)?)?;
    Ok((csv_path, meta_path))
}

// --- in-process analysis ---------------------------------------------------------

/// Everything the sector analysis of one wave produces.
struct WaveReports {
    sector: SectorReport,
    institutions: Vec<InstitutionReport>,
}

/// Times of one full analysis, split by report kind.
#[derive(Clone, Copy)]
struct Timing {
    total: Duration,
    sector: Duration,
    institutions: Duration,
}

fn analyse(waves: &[Wave], codes: &[String], m: MinGroup) -> (Vec<WaveReports>, Timing) {
    let start = Instant::now();
    let (mut sector_t, mut inst_t) = (Duration::ZERO, Duration::ZERO);
    let out = (0..waves.len())
        .map(|w| {
            let t = Instant::now();
            let sector = report::sector(waves, w, m);
            sector_t += t.elapsed();
            let t = Instant::now();
            let institutions = codes
                .iter()
                .map(|c| report::institution(waves, w, c, None, &[], m))
                .collect();
            inst_t += t.elapsed();
            WaveReports {
                sector,
                institutions,
            }
        })
        .collect();
    let timing = Timing {
        total: start.elapsed(),
        sector: sector_t,
        institutions: inst_t,
    };
    (std::hint::black_box(out), timing)
}

// --- DuckDB ----------------------------------------------------------------------

/// wave, institution, domain, n, mean, sd, α complete cases, α.
type CellRow = (
    String,
    String,
    usize,
    u64,
    Option<f64>,
    Option<f64>,
    u64,
    Option<f64>,
);
/// wave, institution, n, n shown, mean shown per domain.
type InstitutionRow = (String, String, u64, bool, Vec<bool>);
/// wave, domain, n, mean, sd, α complete cases, α, spread (min, q1, median,
/// q3, max of the shown institution means).
type SectorRow = (
    String,
    usize,
    u64,
    Option<f64>,
    Option<f64>,
    u64,
    Option<f64>,
    Option<Vec<f64>>,
);

#[derive(Deserialize)]
struct DuckOut {
    duckdb: String,
    threads: String,
    rows: u64,
    load_s: f64,
    analysis_s: Vec<f64>,
    peak_rss_kib: u64,
    institution_domain: Vec<CellRow>,
    institutions: Vec<InstitutionRow>,
    /// Computed (and timed) on the DuckDB side; the comparison merges the
    /// publishable institution cells instead, since the sector figures now
    /// leave the small institutions out (docs/privacy.md, rule 5).
    #[allow(dead_code)]
    sector_domain: Vec<SectorRow>,
}

fn run_duckdb(o: &Opts, csv: &Path, meta: &Path) -> anyhow::Result<DuckOut> {
    let script = o.script.clone().unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/analysis_scale_duckdb.py")
    });
    let mut cmd = Command::new(&o.python);
    cmd.arg(&script)
        .arg(csv)
        .arg(meta)
        .arg("--runs")
        .arg(o.runs.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(t) = o.duckdb_threads {
        cmd.arg("--threads").arg(t.to_string());
    }
    let out = cmd
        .output()
        .with_context(|| format!("running {} {}", o.python, script.display()))?;
    if !out.status.success() {
        bail!(
            "{} failed ({}); is duckdb installed (`pip install duckdb==2.0.1`)?",
            script.display(),
            out.status
        );
    }
    serde_json::from_slice(&out.stdout).context("reading the DuckDB script's JSON")
}

// --- agreement -------------------------------------------------------------------

/// Compares the two sides' figures; every disagreement is kept for the report.
#[derive(Default)]
struct Check {
    figures: u64,
    flags: u64,
    max_rel: f64,
    mismatches: Vec<String>,
}

impl Check {
    fn fail(&mut self, what: String) {
        self.mismatches.push(what);
    }

    fn number(&mut self, what: &dyn Fn() -> String, rust: Option<f64>, duck: Option<f64>) {
        self.figures += 1;
        match (rust, duck) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                let scale = a.abs().max(b.abs());
                let rel = if scale == 0.0 {
                    0.0
                } else {
                    (a - b).abs() / scale
                };
                self.max_rel = self.max_rel.max(rel);
                if rel > TOLERANCE {
                    self.fail(format!("{}: in-process {a} vs DuckDB {b}", what()));
                }
            }
            (a, b) => self.fail(format!("{}: in-process {a:?} vs DuckDB {b:?}", what())),
        }
    }

    /// A published (perturbed) figure against the exact one: within the
    /// perturbation's published bound.
    fn within(
        &mut self,
        what: &dyn Fn() -> String,
        published: Option<f64>,
        exact: Option<f64>,
        bound: f64,
    ) {
        self.figures += 1;
        match (published, exact) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                if (a - b).abs() > bound + 1e-9 {
                    self.fail(format!(
                        "{}: published {a} vs exact {b}, beyond the bound {bound}",
                        what()
                    ));
                }
            }
            (a, b) => self.fail(format!("{}: published {a:?} vs exact {b:?}", what())),
        }
    }

    /// A published count against the exact one.
    fn count_near(&mut self, what: &dyn Fn() -> String, published: u64, exact: u64) {
        self.figures += 1;
        if published.abs_diff(exact) > release::PARAMS.count_max {
            self.fail(format!(
                "{}: published {published} vs exact {exact}",
                what()
            ));
        }
    }

    fn count(&mut self, what: &dyn Fn() -> String, rust: u64, duck: u64) {
        self.figures += 1;
        if rust != duck {
            self.fail(format!("{}: in-process {rust} vs DuckDB {duck}", what()));
        }
    }

    fn flag(&mut self, what: &dyn Fn() -> String, rust: bool, duck: bool) {
        self.flags += 1;
        if rust != duck {
            self.fail(format!("{}: in-process {rust} vs DuckDB {duck}", what()));
        }
    }
}

/// The largest change the perturbation can make to the mean of `n`.
fn mean_bound(n: u64) -> f64 {
    let p = release::PARAMS;
    p.sum_max / n.max(1) as f64
}

/// Exact moments merged from (n, mean, sd) of groups.
fn pooled(groups: &[(u64, f64, Option<f64>)]) -> (u64, Option<f64>, Option<f64>) {
    let n: u64 = groups.iter().map(|g| g.0).sum();
    if n == 0 {
        return (0, None, None);
    }
    let mean = groups.iter().map(|g| g.0 as f64 * g.1).sum::<f64>() / n as f64;
    let m2: f64 = groups
        .iter()
        .map(|g| {
            g.2.unwrap_or(0.0).powi(2) * (g.0 as f64 - 1.0).max(0.0)
                + g.0 as f64 * (g.1 - mean).powi(2)
        })
        .sum();
    (
        n,
        Some(mean),
        (n >= 2).then(|| (m2 / (n - 1) as f64).sqrt()),
    )
}

/// Every published figure against DuckDB's exact one, within the
/// perturbation's bounds (`release::PARAMS`); suppression flags exactly.
/// The sector is the sum of the publishable institutions (rule 5 of
/// docs/privacy.md), merged here from DuckDB's exact institution cells.
fn compare(
    ins: &Instrument,
    waves: &[Wave],
    reports: &[WaveReports],
    duck: &DuckOut,
    m: MinGroup,
) -> Check {
    let mut c = Check::default();
    let sd_rel = release::PARAMS.sd_rel_max + 1e-9;
    let cells: HashMap<(&str, &str, usize), &CellRow> = duck
        .institution_domain
        .iter()
        .map(|r| ((r.0.as_str(), r.1.as_str(), r.2), r))
        .collect();
    let insts: HashMap<(&str, &str), &InstitutionRow> = duck
        .institutions
        .iter()
        .map(|r| ((r.0.as_str(), r.1.as_str()), r))
        .collect();
    let domains = ins.domains.len();
    for (wave, rep) in waves.iter().zip(reports) {
        let wn = wave.data.wave.as_str();
        let codes: Vec<&str> = duck
            .institutions
            .iter()
            .filter(|r| r.0 == wn)
            .map(|r| r.1.as_str())
            .collect();
        // Publishable: the institution and its domain cell both at least m.
        let publishable = |code: &str, d: usize| -> Option<&CellRow> {
            let di = insts.get(&(wn, code))?;
            let cell = cells.get(&(wn, code, d))?;
            (m.allows(di.2) && m.allows(cell.3)).then_some(*cell)
        };
        for r in &rep.institutions {
            let code = r.institution.as_str();
            let Some(di) = insts.get(&(wn, code)) else {
                c.fail(format!("{wn} {code}: missing in DuckDB's output"));
                continue;
            };
            c.flag(
                &|| format!("{wn} {code}: report refused"),
                r.refused.is_some(),
                !m.allows(di.2),
            );
            if r.refused.is_some() {
                continue;
            }
            c.count_near(&|| format!("{wn} {code}: n"), r.n, di.2);
            for d in 0..domains {
                let Some(cell) = cells.get(&(wn, code, d)) else {
                    c.fail(format!(
                        "{wn} {code} domain {d}: missing in DuckDB's output"
                    ));
                    continue;
                };
                let own = r.domains[d].own.as_ref();
                c.flag(
                    &|| format!("{wn} {code} domain {d}: shown"),
                    own.is_some(),
                    m.allows(cell.3),
                );
                let Some(s) = own else { continue };
                let what = |f: &str| format!("{wn} {code} domain {d}: {f}");
                c.count_near(&|| what("n"), s.n, cell.3);
                c.within(
                    &|| what("mean"),
                    s.summary.map(|x| x.mean),
                    cell.4,
                    mean_bound(cell.3),
                );
                c.within(
                    &|| what("sd"),
                    s.summary.and_then(|x| x.sd),
                    cell.5,
                    cell.5.unwrap_or(0.0) * sd_rel,
                );
                c.number(&|| what("alpha"), s.alpha.map(|a| a.alpha), cell.7);
                if let Some(a) = s.alpha {
                    c.count(&|| what("alpha n"), a.n as u64, cell.6);
                }
            }
        }
        let sr = &rep.sector;
        for (d, sd) in sr.domains.iter().enumerate() {
            let what = |f: &str| format!("{wn} sector domain {d}: {f}");
            let groups: Vec<(u64, f64, Option<f64>)> = codes
                .iter()
                .filter_map(|code| publishable(code, d))
                .filter_map(|cell| Some((cell.3, cell.4?, cell.5)))
                .collect();
            let (n, mean, sdev) = pooled(&groups);
            c.flag(&|| what("shown"), sd.stats.is_some(), m.allows(n));
            if let Some(s) = &sd.stats {
                c.count_near(&|| what("n"), s.n, n);
                c.within(
                    &|| what("mean"),
                    s.summary.map(|x| x.mean),
                    mean,
                    mean_bound(n),
                );
                c.within(
                    &|| what("sd"),
                    s.summary.and_then(|x| x.sd),
                    sdev,
                    sdev.unwrap_or(0.0) * sd_rel,
                );
            }
            let mut means: Vec<f64> = groups.iter().map(|g| g.1).collect();
            means.sort_by(f64::total_cmp);
            c.flag(&|| what("spread"), sd.spread.is_some(), !means.is_empty());
            if let Some(sp) = &sd.spread {
                let bound = groups.iter().map(|g| mean_bound(g.0)).fold(0.0, f64::max);
                let q = |p: f64| {
                    let pos = p * (means.len() - 1) as f64;
                    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                    means[lo] + (means[hi] - means[lo]) * (pos - lo as f64)
                };
                let ours = [sp.min, sp.q1, sp.median, sp.q3, sp.max];
                for (k, (a, p)) in ours.iter().zip([0.0, 0.25, 0.5, 0.75, 1.0]).enumerate() {
                    c.within(
                        &|| what(&format!("spread {k}")),
                        Some(*a),
                        Some(q(p)),
                        bound,
                    );
                }
            }
        }
        for si in &sr.institutions {
            let code = si.code.as_str();
            let Some(di) = insts.get(&(wn, code)) else {
                c.fail(format!("{wn} {code}: missing in DuckDB's output"));
                continue;
            };
            c.flag(
                &|| format!("{wn} sector {code}: n shown"),
                si.n.is_some(),
                m.allows(di.2),
            );
            for d in 0..domains {
                let cell = publishable(code, d);
                let what = || format!("{wn} sector {code} domain {d}: mean");
                c.flag(&what, si.means[d].is_some(), cell.is_some());
                if let (Some(a), Some(cell)) = (si.means[d], cell) {
                    c.within(&what, Some(a), cell.4, mean_bound(cell.3));
                }
            }
        }
        c.count(
            &|| format!("{wn}: institutions in the sector report"),
            sr.institutions.len() as u64,
            codes.len() as u64,
        );
    }
    c
}

// --- main ------------------------------------------------------------------------

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn list(xs: impl IntoIterator<Item = f64>) -> String {
    xs.into_iter()
        .map(|x| format!("{x:.3}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() -> std::process::ExitCode {
    let mut o = Opts::parse();
    if o.small {
        o.waves = 2;
        o.respondents = 4_000;
    }
    // A missed target is a result, printed as FAIL; only a benchmark that
    // could not run (or whose two sides disagree) exits non-zero.
    match run(o) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("analysis_scale: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run(o: Opts) -> anyhow::Result<()> {
    if o.institutions < 3 || o.institutions > 26 * 26 {
        bail!("--institutions must be between 3 and 676");
    }
    if o.waves == 0 || o.runs == 0 {
        bail!("--waves and --runs must be at least 1");
    }
    let ins = Arc::new(instrument(o.shipped_items)?);
    let m = MinGroup::default();
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "analysis_scale: {} waves x {} respondents, {} institutions, {} items in {} domains ({}), min group {}, seed {}, {cpus} CPUs, load average at start: {}",
        o.waves,
        o.respondents,
        o.institutions,
        ins.items.len(),
        ins.domains.len(),
        if o.shipped_items {
            "shipped 2026 instrument"
        } else {
            "shipped 2026 instrument + 7 benchmark items"
        },
        m.get(),
        o.seed,
        load_average()
    );

    let t = Instant::now();
    let generated = generate(&ins, &o);
    let codes = codes(o.institutions);
    let generate_s = secs(t.elapsed());
    let tmp = tempfile::Builder::new()
        .prefix("bekwaam-analysis-scale-")
        .tempdir()?;
    let t = Instant::now();
    let (csv_path, meta_path) = export(&ins, &generated, &codes, m, tmp.path())?;
    let csv_mib = std::fs::metadata(&csv_path)?.len() as f64 / (1024.0 * 1024.0);
    println!(
        "data: generated in {generate_s:.1} s; CSV for DuckDB {csv_mib:.1} MiB written in {:.1} s (neither timed)",
        secs(t.elapsed())
    );

    let t = Instant::now();
    let waves: Vec<Wave> = generated
        .into_iter()
        .map(|g| {
            Wave::new(
                Arc::new(WaveData {
                    wave: g.name,
                    institutions: codes.clone(),
                    responses: g
                        .rows
                        .into_iter()
                        .map(|r| score_coded(&ins, r.institution, None, r.background, r.coded))
                        .collect::<Vec<Response>>(),
                }),
                ins.clone(),
            )
        })
        .collect();
    let scoring = t.elapsed();
    let responses: usize = waves.iter().map(|w| w.data.responses.len()).sum();
    println!(
        "scoring (score_coded, {responses} responses): {:.3} s",
        secs(scoring)
    );

    let mut timings = Vec::new();
    let mut reports = Vec::new();
    for _ in 0..o.runs {
        // Fresh waves per run: each run computes the per-wave aggregates
        // (`report::Aggregates`) again instead of reading the previous
        // run's cache, as a server would on its first request after the
        // data changed.
        let fresh: Vec<Wave> = waves
            .iter()
            .map(|w| Wave::new(w.data.clone(), w.instrument.clone()))
            .collect();
        let (r, t) = analyse(&fresh, &codes, m);
        timings.push(t);
        reports = r;
    }
    let best = timings
        .iter()
        .copied()
        .min_by_key(|t| t.total)
        .context("no run")?;
    println!(
        "in-process analysis ({} sector + {} institution reports, 1 thread): best of {} {:.3} s (sector {:.3} s, institutions {:.3} s); runs: {}",
        o.waves,
        o.waves * o.institutions,
        o.runs,
        secs(best.total),
        secs(best.sector),
        secs(best.institutions),
        list(timings.iter().map(|t| secs(t.total)))
    );
    let rust_s = secs(best.total);

    let mut failed = false;
    if o.skip_duckdb {
        println!("DuckDB: skipped (--skip-duckdb)");
    } else {
        let duck = run_duckdb(&o, &csv_path, &meta_path)?;
        let duck_s = duck
            .analysis_s
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        println!(
            "DuckDB {} ({} threads, {} rows): load CSV {:.3} s (not counted); analysis best of {} {:.3} s; runs: {}; peak RSS {:.1} MiB",
            duck.duckdb,
            duck.threads,
            duck.rows,
            duck.load_s,
            duck.analysis_s.len(),
            duck_s,
            list(duck.analysis_s.iter().copied()),
            duck.peak_rss_kib as f64 / 1024.0
        );
        if duck.rows != responses as u64 {
            bail!("DuckDB loaded {} rows, {responses} were written", duck.rows);
        }
        let check = compare(&ins, &waves, &reports, &duck, m);
        println!(
            "agreement: {} figures and {} suppression flags compared, {} differ; largest relative difference {:.1e} (tolerance {TOLERANCE:.0e})",
            check.figures,
            check.flags,
            check.mismatches.len(),
            check.max_rel
        );
        for mm in check.mismatches.iter().take(10) {
            println!("  differs: {mm}");
        }
        print_checksums(&ins, &waves, &reports, &duck);
        failed = !check.mismatches.is_empty();
        let ratio = rust_s / duck_s;
        println!("ratio in-process / DuckDB: {ratio:.2}");
        println!(
            "target ratio <= 1.0: {}",
            if ratio <= 1.0 { "PASS" } else { "FAIL" }
        );
    }
    match peak_rss_mib() {
        Some(mib) => println!("peak RSS of this process (VmHWM): {mib:.1} MiB"),
        None => println!("peak RSS of this process: not available"),
    }
    println!("load average at end: {}", load_average());
    if o.keep {
        let kept = tmp.keep();
        println!("kept {}", kept.display());
    }
    std::io::stdout().flush()?;
    if failed {
        bail!("the in-process analysis and DuckDB disagree (see above)");
    }
    Ok(())
}

/// A few headline figures from both sides, side by side.
fn print_checksums(ins: &Instrument, waves: &[Wave], reports: &[WaveReports], duck: &DuckOut) {
    let wn = waves[0].data.wave.as_str();
    let dn = ins.domains[0].id.as_str();
    let stats = reports[0].sector.domains[0].stats.as_ref();
    let row = duck.sector_domain.iter().find(|r| r.0 == wn && r.1 == 0);
    let fmt = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.9}"));
    println!(
        "checksum sector mean {dn} {wn}: in-process {}, DuckDB {}",
        fmt(stats.and_then(|s| s.summary.map(|x| x.mean))),
        fmt(row.and_then(|r| r.3))
    );
    println!(
        "checksum sector alpha {dn} {wn}: in-process {}, DuckDB {}",
        fmt(stats.and_then(|s| s.alpha.map(|a| a.alpha))),
        fmt(row.and_then(|r| r.6))
    );
    let hidden_rust: usize = reports
        .iter()
        .flat_map(|r| &r.sector.institutions)
        .map(|i| i.means.iter().filter(|x| x.is_none()).count())
        .sum();
    let hidden_duck: usize = duck
        .institutions
        .iter()
        .map(|r| r.4.iter().filter(|s| !**s).count())
        .sum();
    let refused_rust = reports
        .iter()
        .flat_map(|r| &r.institutions)
        .filter(|r| r.refused.is_some())
        .count();
    println!(
        "checksum suppressed institution x domain means in the sector reports: in-process {hidden_rust}, DuckDB {hidden_duck}; institution reports refused (n < min group): {refused_rust}"
    );
}

//! The ceiling: the rows a survey produces, written straight into a fresh
//! SQLite file with sqlx, without HTTP, JSON or the server's reads.
//!
//! Same schema (the migrations, through `bekwaam migrate`), same connection
//! settings as the server (`src/store/mod.rs`: WAL, `synchronous=FULL`,
//! foreign keys, 10 s busy timeout), same respondents and concurrency as the
//! throughput scenario, and the same commits per respondent as the API:
//! the response row at the start (the server inserts it on the first GET),
//! one transaction per page save (upsert the page's answers and background
//! choices, raise the page number) and `completed_on` at the end.
//!
//! Each pool size in `--ceiling-connections` is run on its own fresh file;
//! the best one is the ceiling.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::SmallRng;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{Opts, PlanPage, Think, page_answers, percentile_ms, prepare, think};
use bekwaam::monitor::instrument::Instrument;

pub struct CeilingRun {
    pub connections: u32,
    pub per_s: f64,
}

pub struct Ceiling {
    pub runs: Vec<CeilingRun>,
}

impl Ceiling {
    pub fn best_per_s(&self) -> f64 {
        self.runs.iter().map(|r| r.per_s).fold(0.0, f64::max)
    }
}

/// The pages a respondent saves, from the instrument itself (the API sends
/// the same: background page 0, then one page per domain). No
/// organisational units exist, so a units question offers nothing.
fn plan_from_instrument(i: &Instrument) -> Vec<PlanPage> {
    let mut pages = vec![PlanPage {
        index: 0,
        items: vec![],
        questions: i
            .background
            .iter()
            .map(|q| {
                let choices = if q.from_units {
                    vec![]
                } else {
                    q.options.iter().map(|o| o.id.clone()).collect()
                };
                (q.id.clone(), choices)
            })
            .collect(),
    }];
    for (d, domain) in i.domains.iter().enumerate() {
        pages.push(PlanPage {
            index: d as i64 + 1,
            items: domain
                .items
                .iter()
                .map(|&ix| {
                    let it = &i.items[ix];
                    let values = i.scales[it.scale].options.iter().map(|o| o.value).collect();
                    (it.id.clone(), values, it.allow_na)
                })
                .collect(),
            questions: vec![],
        });
    }
    pages
}

struct Job {
    wave_id: i64,
    institution: String,
    token_hash: String,
}

/// One respondent's rows: response, one transaction per page, completion.
/// Returns the latency of each commit in microseconds.
async fn respondent(
    pool: &SqlitePool,
    job: &Job,
    plan: &[PlanPage],
    pace: Option<Think>,
    rng: &mut SmallRng,
    commits: &mut Vec<u32>,
) -> anyhow::Result<()> {
    let today = bekwaam::monitor::store::today();
    let t = Instant::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO responses (wave_id, institution_code, unit_id, token_hash, page, started_on) \
         VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (token_hash) DO NOTHING RETURNING id",
    )
    .bind(job.wave_id)
    .bind(&job.institution)
    .bind(None::<i64>)
    .bind(&job.token_hash)
    .bind(today)
    .fetch_one(pool)
    .await?;
    commits.push(t.elapsed().as_micros() as u32);
    for page in plan {
        if page.items.is_empty() && page.questions.is_empty() {
            continue;
        }
        think(pace, rng).await;
        let (answers, background) = page_answers(page, rng);
        let t = Instant::now();
        let mut tx = pool.begin().await?;
        for (item, value) in &answers {
            sqlx::query(
                "INSERT INTO response_answers (response_id, item_id, value) VALUES ($1, $2, $3) \
                 ON CONFLICT (response_id, item_id) DO UPDATE SET value = excluded.value",
            )
            .bind(id)
            .bind(item)
            .bind(*value)
            .execute(&mut *tx)
            .await?;
        }
        for (q, choice) in &background {
            sqlx::query(
                "INSERT INTO response_background (response_id, question_id, choice) VALUES ($1, $2, $3) \
                 ON CONFLICT (response_id, question_id) DO UPDATE SET choice = excluded.choice",
            )
            .bind(id)
            .bind(q)
            .bind(choice)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE responses SET page = $2 WHERE id = $1 AND page < $2 AND completed_on IS NULL",
        )
        .bind(id)
        .bind(page.index + 1)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        commits.push(t.elapsed().as_micros() as u32);
    }
    think(pace, rng).await;
    let t = Instant::now();
    sqlx::query("UPDATE responses SET completed_on = $2 WHERE id = $1 AND completed_on IS NULL")
        .bind(id)
        .bind(today)
        .execute(pool)
        .await?;
    commits.push(t.elapsed().as_micros() as u32);
    Ok(())
}

pub async fn run(
    bin: &std::path::Path,
    dir: &std::path::Path,
    o: &Opts,
) -> anyhow::Result<Ceiling> {
    let inst = bekwaam::monitor::instrument::parse(
        bekwaam::monitor::DEFAULT_INSTRUMENT_FILE,
        bekwaam::monitor::DEFAULT_INSTRUMENT,
    )
    .map_err(|e| anyhow::anyhow!("instrument: {e:?}"))?;
    let plan = Arc::new(plan_from_instrument(&inst));
    let mut runs = Vec::new();
    for &connections in &o.ceiling_connections {
        let d = dir.join(format!("ceiling-{connections}"));
        std::fs::create_dir_all(&d)?;
        let url = format!("sqlite://{}", d.join("ceiling.db").display());
        let p = prepare(bin, &url, &d, o.institutions, 0).await?;
        let new_jobs = |n: usize| -> Vec<Job> {
            (0..n)
                .map(|k| Job {
                    wave_id: p.wave_id,
                    institution: p.institutions[k % p.institutions.len()].clone(),
                    token_hash: bekwaam::monitor::token_hash(&bekwaam::monitor::new_token()),
                })
                .collect()
        };
        let jobs: Arc<Vec<Job>> = Arc::new(new_jobs(o.respondents));
        // The server's settings (src/store/mod.rs, Db::connect), pool size aside.
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(connections.max(1))
            .connect_with(options)
            .await?;
        eprintln!(
            "[ceiling] {} respondents, {} at a time, {connections} SQLite connection(s) ...",
            o.respondents, o.concurrency
        );
        let next = Arc::new(AtomicUsize::new(0));
        let busy0 = super::machine_busy_seconds();
        let own0 = super::cpu_seconds(std::process::id()).unwrap_or(f64::NAN);
        let start = Instant::now();
        let mut tasks = Vec::new();
        for w in 0..o.concurrency {
            let (pool, jobs, next, plan) = (pool.clone(), jobs.clone(), next.clone(), plan.clone());
            let mut rng = SmallRng::seed_from_u64(o.seed ^ (w as u64 + 1));
            tasks.push(tokio::spawn(async move {
                let mut commits = Vec::new();
                let mut done = 0u64;
                let mut errors = Vec::new();
                let mut last = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    match respondent(&pool, job, &plan, None, &mut rng, &mut commits).await {
                        Ok(()) => {
                            done += 1;
                            last = Some(Instant::now());
                        }
                        Err(e) => errors.push(format!("{e:#}")),
                    }
                }
                (commits, done, errors, last)
            }));
        }
        let mut commits = Vec::new();
        let mut done = 0;
        let mut errors = Vec::new();
        let mut last: Option<Instant> = None;
        for t in tasks {
            let (c, d, e, l) = t.await?;
            commits.extend(c);
            done += d;
            errors.extend(e);
            last = last.max(l);
        }
        let wall = last.map_or(start.elapsed(), |l| l - start);
        let busy = super::machine_busy_seconds() - busy0;
        let own = super::cpu_seconds(std::process::id()).unwrap_or(f64::NAN) - own0;
        commits.sort_unstable();
        let per_s = done as f64 / wall.as_secs_f64();
        println!(
            "[ceiling] {connections} connection(s): {done} responses in {:.1} s = {per_s:.1}/s, {} commits ({:.0}/s), commit p50 {:.1} / p99 {:.1} ms, {} errors{}",
            wall.as_secs_f64(),
            commits.len(),
            commits.len() as f64 / wall.as_secs_f64(),
            percentile_ms(&commits, 0.5),
            percentile_ms(&commits, 0.99),
            errors.len(),
            errors
                .first()
                .map_or(String::new(), |e| format!(" (first: {e})"))
        );
        println!(
            "    CPU s: ceiling {own:.1}, rest of the machine {:.1}",
            (busy - own).max(0.0)
        );
        if !errors.is_empty() {
            anyhow::bail!("the ceiling failed {} times: {}", errors.len(), errors[0]);
        }
        if o.ceiling_crowd && o.crowd > 0 {
            crowd(&pool, new_jobs(o.crowd), plan.clone(), connections, o).await?;
        }
        pool.close().await;
        runs.push(CeilingRun { connections, per_s });
    }
    Ok(Ceiling { runs })
}

/// The crowd scenario without the server: `--crowd` respondents at once,
/// thinking between page saves as in the API scenario; prints the commit
/// latency (what a page save costs at best at that load).
async fn crowd(
    pool: &SqlitePool,
    jobs: Vec<Job>,
    plan: Arc<Vec<PlanPage>>,
    connections: u32,
    o: &Opts,
) -> anyhow::Result<()> {
    let pace = Think {
        min_ms: o.think_min_ms,
        max_ms: o.think_max_ms,
    };
    let ramp = o.crowd_ramp_ms.unwrap_or(o.think_max_ms);
    let n = jobs.len();
    eprintln!("[ceiling] {n} concurrent, {connections} SQLite connection(s) ...");
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (k, job) in jobs.into_iter().enumerate() {
        let (pool, plan) = (pool.clone(), plan.clone());
        let mut rng = SmallRng::seed_from_u64(o.seed ^ 0x5eed ^ (k as u64 + 1));
        tasks.push(tokio::spawn(async move {
            use rand::Rng;
            tokio::time::sleep(Duration::from_millis(rng.random_range(0..=ramp))).await;
            let mut commits = Vec::new();
            let r = respondent(&pool, &job, &plan, Some(pace), &mut rng, &mut commits).await;
            (commits, r.err().map(|e| format!("{e:#}")))
        }));
    }
    let mut commits = Vec::new();
    let mut errors = Vec::new();
    for t in tasks {
        let (c, e) = t.await?;
        commits.extend(c);
        errors.extend(e);
    }
    commits.sort_unstable();
    println!(
        "[ceiling] {n} concurrent, {connections} connection(s): {} commits in {:.1} s, commit p50 {:.1} / p99 {:.1} ms, max {:.1} ms, {} errors",
        commits.len(),
        start.elapsed().as_secs_f64(),
        percentile_ms(&commits, 0.5),
        percentile_ms(&commits, 0.99),
        commits.last().copied().unwrap_or(0) as f64 / 1000.0,
        errors.len()
    );
    Ok(())
}

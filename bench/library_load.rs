//! Load benchmark of the public library: the list, search and the Atom
//! feed (issue 16: "With 10,000 items and 100,000 usage entries: the list
//! and search pages at 200 concurrent clients ... at p99 < 20 ms with 0
//! errors on SQLite, and the Atom feed the same").
//!
//! Run with `cargo build --release && cargo bench --bench library_load`
//! (see `bench/README.md`). It makes a fresh SQLite database with
//! `bekwaam migrate`, fills it through SQL in one transaction (the items go
//! through the real FTS5 triggers), starts `bekwaam serve` as a child
//! process and lets `--clients` simulated visitors (default 200) browse at
//! once. Per scenario (list, search, feed) it prints throughput, p50, p99,
//! errors and the server's peak RSS, twice: with visitors pacing like
//! people (a think time between pages, the target's reading) and with no
//! think time at all (saturation: what two cores can serve).

mod server;

use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use bekwaam::store::Db;
use server::{client, default_bin, percentile_ms, run_bin, start_server, stop_server};

#[derive(Parser, Debug, Clone)]
#[command(name = "library_load", about = "Load benchmark of the public library")]
struct Opts {
    /// The server binary (build it first: `cargo build --release`).
    #[arg(long)]
    bin: Option<std::path::PathBuf>,
    /// Library items (all published but one in fifty).
    #[arg(long, default_value_t = 10_000)]
    items: usize,
    /// "Ik heb dit ingezet" reports, spread over the items.
    #[arg(long, default_value_t = 100_000)]
    usage: usize,
    /// Visitors at once.
    #[arg(long, default_value_t = 200)]
    clients: usize,
    /// How long each scenario runs, seconds.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Shortest think time of a paced visitor between two pages, ms.
    #[arg(long, default_value_t = 500)]
    think_min_ms: u64,
    /// Longest think time of a paced visitor, ms (200 visitors at 0.5-1.5 s
    /// ask about 200 pages a second).
    #[arg(long, default_value_t = 1500)]
    think_max_ms: u64,
    /// Skip the saturation runs (no think time).
    #[arg(long)]
    skip_saturation: bool,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Keep the temporary directory and print its path.
    #[arg(long)]
    keep: bool,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

const WORDS: [&str; 24] = [
    "digitaal",
    "veilig",
    "toetsen",
    "didactiek",
    "wachtwoord",
    "phishing",
    "privacy",
    "team",
    "beleid",
    "scholing",
    "leerplatform",
    "examen",
    "studenten",
    "docenten",
    "praktijk",
    "zorg",
    "techniek",
    "economie",
    "bewustwording",
    "campagne",
    "experiment",
    "werkvorm",
    "monitor",
    "netwerk",
];

/// Fills the library: `items` items (every fiftieth a draft) with titles
/// and summaries from [`WORDS`], and `usage` reports over them.
async fn fill(db: &Db, items: usize, usage: usize, rng: &mut SmallRng) -> anyhow::Result<()> {
    const KINDS: [&str; 6] = [
        "publication",
        "report",
        "scan_report",
        "advice",
        "experiment",
        "campaign_material",
    ];
    const THEMES: [&str; 4] = [
        "ict_competence",
        "digital_safety",
        "digital_didactics",
        "policy",
    ];
    const AUDIENCES: [&str; 4] = ["teacher", "educationalist", "manager", "support"];
    const LICENCES: [&str; 3] = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"];
    let start = time::OffsetDateTime::now_utc() - time::Duration::days(800);
    let mut tx = db.begin().await?;
    // A vocabulary like a real library's: the topic words of [`WORDS`]
    // (what people search for) two or three times per item, among 3,000
    // other words drawn with a skew (a few common, most rare), so a topic
    // word matches about one item in eight.
    const SYLLABLES: [&str; 16] = [
        "ka", "ver", "lo", "min", "te", "sar", "bo", "del", "ni", "pro", "ge", "tus", "wa", "ren",
        "mo", "lijk",
    ];
    let vocabulary: Vec<String> = (0..3000)
        .map(|k| {
            let mut w = String::new();
            let mut x = k + 7;
            for _ in 0..3 {
                w.push_str(SYLLABLES[x % SYLLABLES.len()]);
                x /= SYLLABLES.len();
            }
            w
        })
        .collect();
    for n in 0..items {
        let mut words = |k: usize| {
            (0..k)
                .map(|_| {
                    let r: f64 = rng.random();
                    vocabulary[((r * r * r) * vocabulary.len() as f64) as usize].as_str()
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let topic = |k: usize| WORDS[(n * 7 + k * 13) % WORDS.len()];
        let title = format!("Item {n}: {} {} {}", topic(0), words(2), topic(1));
        let summary = format!(
            "{} {} {}. {} {}.",
            words(20),
            topic(2),
            words(15),
            topic(0),
            words(10)
        );
        let at = start + time::Duration::minutes(n as i64 * 7);
        let published = (n % 50 != 49).then_some(at);
        let kind = KINDS[n % KINDS.len()];
        let theme = THEMES[n % THEMES.len()];
        let audiences = format!("{},{}", AUDIENCES[n % 4], AUDIENCES[(n / 4) % 4]);
        let audiences = if AUDIENCES[n % 4] == AUDIENCES[(n / 4) % 4] {
            AUDIENCES[n % 4].to_string()
        } else {
            audiences
        };
        bekwaam::on_tx!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO library_items (kind, title, summary, theme, audiences, school_year, \
                 licence, authors, authors_consent, links, published_at, created_by, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, '', FALSE, '', $8, 'bench', $9, $9)",
            )
            .bind(kind)
            .bind(&title)
            .bind(&summary)
            .bind(theme)
            .bind(&audiences)
            .bind(2023 + (n % 4) as i64)
            .bind(LICENCES[n % LICENCES.len()])
            .bind(published)
            .bind(at)
            .execute(&mut *c)
            .await?;
        });
    }
    const STATES: [&str; 10] = [
        "approved", "approved", "approved", "approved", "approved", "approved", "approved",
        "pending", "pending", "rejected",
    ];
    for k in 0..usage {
        let item = 1 + rng.random_range(0..items) as i64;
        let state = STATES[k % STATES.len()];
        let day = (start + time::Duration::days(rng.random_range(0..800))).date();
        bekwaam::on_tx!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO library_usage (item_id, role, place, how, note, state, submitted_on, \
                 moderated_by, moderated_at) VALUES ($1, 'teacher', 'ROC Bench', 'lesson', \
                 'Gebruikt in de les.', $2, $3, $4, $5)",
            )
            .bind(item)
            .bind(state)
            .bind(day)
            .bind((state != "pending").then_some("bench"))
            .bind((state != "pending").then_some(start))
            .execute(&mut *c)
            .await?;
        });
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Copy, Debug)]
enum Scenario {
    List,
    Search,
    Feed,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::List => "list (/library?page=n, filters)",
            Scenario::Search => "search (/library?q=...)",
            Scenario::Feed => "feed (/library/feed.atom)",
        }
    }

    fn path(self, rng: &mut SmallRng, pages: usize) -> String {
        match self {
            Scenario::List => match rng.random_range(0..4) {
                0 => format!("/library?page={}", 1 + rng.random_range(0..pages)),
                1 => "/library".into(),
                2 => format!(
                    "/library?theme=digital_safety&page={}",
                    1 + rng.random_range(0..pages / 4)
                ),
                _ => format!(
                    "/library?audience=manager&year={}",
                    2023 + rng.random_range(0..4)
                ),
            },
            Scenario::Search => {
                let a = WORDS[rng.random_range(0..WORDS.len())];
                if rng.random_range(0..3) == 0 {
                    let b = WORDS[rng.random_range(0..WORDS.len())];
                    format!("/library?q={a}+{}", &b[..3])
                } else {
                    format!("/library?q={a}&page={}", 1 + rng.random_range(0..3))
                }
            }
            Scenario::Feed => "/library/feed.atom".into(),
        }
    }
}

struct Result {
    requests: usize,
    errors: usize,
    error_samples: Vec<String>,
    wall: Duration,
    latencies_us: Vec<u32>,
}

async fn run(
    base: &str,
    scenario: Scenario,
    o: &Opts,
    think: Option<(u64, u64)>,
    pages: usize,
) -> anyhow::Result<Result> {
    let http = client(o.clients, 30)?;
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for k in 0..o.clients {
        let (http, base) = (http.clone(), base.to_string());
        let mut rng = SmallRng::seed_from_u64(o.seed ^ (k as u64 + 1));
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = Vec::new();
            if let Some((lo, hi)) = think {
                // Visitors arrive spread over the first think time.
                tokio::time::sleep(Duration::from_millis(rng.random_range(0..=hi.max(lo)))).await;
            }
            while Instant::now() < deadline {
                let path = scenario.path(&mut rng, pages);
                let t = Instant::now();
                let outcome = match http.get(format!("{base}{path}")).send().await {
                    Ok(r) => {
                        let status = r.status();
                        match r.bytes().await {
                            Ok(b) if status.is_success() && !b.is_empty() => None,
                            Ok(_) => Some(format!("{path}: HTTP {status}")),
                            Err(e) => Some(format!("{path}: {e}")),
                        }
                    }
                    Err(e) => Some(format!("{path}: {e}")),
                };
                lat.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
                if let Some(e) = outcome {
                    errors.push(e);
                }
                if let Some((lo, hi)) = think {
                    tokio::time::sleep(Duration::from_millis(rng.random_range(lo..=hi.max(lo))))
                        .await;
                }
            }
            (lat, errors)
        }));
    }
    let mut latencies_us = Vec::new();
    let mut errors = Vec::new();
    for t in tasks {
        let (l, e) = t.await?;
        latencies_us.extend(l);
        errors.extend(e);
    }
    latencies_us.sort_unstable();
    Ok(Result {
        requests: latencies_us.len(),
        errors: errors.len(),
        error_samples: errors.into_iter().take(3).collect(),
        wall: start.elapsed(),
        latencies_us,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = Opts::parse();
    let bin = o.bin.clone().unwrap_or_else(default_bin);
    anyhow::ensure!(
        bin.exists(),
        "{} not found: run `cargo build --release` first",
        bin.display()
    );
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    println!(
        "library_load: {} items, {} usage reports, {} visitors at once, {} s per scenario, SQLite",
        o.items, o.usage, o.clients, o.seconds
    );
    run_bin(&bin, &["migrate", "--database-url", &url])?;
    let t = Instant::now();
    {
        let db = Db::connect(&url).await.context("open the bench database")?;
        let mut rng = SmallRng::seed_from_u64(o.seed);
        fill(&db, o.items, o.usage, &mut rng).await?;
        db.close().await;
    }
    println!("filled in {:.1} s", t.elapsed().as_secs_f64());
    let pages = (o.items * 49 / 50).div_ceil(20).max(1);

    let mut modes = vec![("paced", Some((o.think_min_ms, o.think_max_ms)))];
    if !o.skip_saturation {
        modes.push(("saturation", None));
    }
    let mut all_ok = true;
    println!(
        "\n{:<12} {:<34} {:>9} {:>9} {:>8} {:>8} {:>7} {:>9}",
        "mode", "scenario", "requests", "req/s", "p50 ms", "p99 ms", "errors", "RSS MiB"
    );
    for (mode, think) in modes {
        for scenario in [Scenario::List, Scenario::Search, Scenario::Feed] {
            // A fresh server per run, so each peak RSS is its own.
            let s = start_server(&bin, &url, dir.path(), &format!("{mode}-{scenario:?}")).await?;
            let base = s.base.clone();
            let r = run(&base, scenario, &o, think, pages).await?;
            let stats = stop_server(s)?;
            let p50 = percentile_ms(&r.latencies_us, 0.50);
            let p99 = percentile_ms(&r.latencies_us, 0.99);
            println!(
                "{:<12} {:<34} {:>9} {:>9.0} {:>8.2} {:>8.2} {:>7} {:>9.1}",
                mode,
                scenario.name(),
                r.requests,
                r.requests as f64 / r.wall.as_secs_f64(),
                p50,
                p99,
                r.errors,
                stats.peak_rss_mib
            );
            for e in &r.error_samples {
                println!("    error: {e}");
            }
            if mode == "paced" && (p99 >= 20.0 || r.errors > 0) {
                all_ok = false;
            }
        }
    }
    println!(
        "\ntarget (paced, every scenario): p99 < 20 ms and 0 errors: {}",
        if all_ok { "met" } else { "NOT met" }
    );
    if o.keep {
        println!("kept {}", dir.keep().display());
    }
    Ok(())
}

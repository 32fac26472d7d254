//! What the load benchmarks share: starting `bekwaam serve` as a child
//! process on a free port, reading its peak RSS and CPU time from `/proc`,
//! stopping it, the HTTP client and percentiles. Included by each
//! benchmark with `mod server;`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

pub fn client(pool: usize, timeout_s: u64) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(pool)
        .timeout(Duration::from_secs(timeout_s))
        .tcp_nodelay(true)
        .build()?)
}

pub fn percentile_ms(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64 / 1000.0
}

// --- the server -----------------------------------------------------------------

pub struct Server {
    pub child: Child,
    pub base: String,
    pub log: PathBuf,
}

pub struct ServerStats {
    pub peak_rss_mib: f64,
    pub cpu_s: f64,
}

pub fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

pub fn run_bin(bin: &Path, args: &[&str]) -> anyhow::Result<()> {
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

pub async fn start_server(bin: &Path, url: &str, dir: &Path, tag: &str) -> anyhow::Result<Server> {
    let port = free_port()?;
    let log = dir.join(format!("server-{tag}.log"));
    let file = std::fs::File::create(&log)?;
    let child = Command::new(bin)
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            url,
        ])
        .env("BEKWAAM_LANG", "en")
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .spawn()
        .with_context(|| format!("cannot start {}", bin.display()))?;
    let mut server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        log,
    };
    let probe = client(1, 2)?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = server.child.try_wait()? {
            bail!(
                "the server exited ({status}) before answering:\n{}",
                std::fs::read_to_string(&server.log).unwrap_or_default()
            );
        }
        if let Ok(r) = probe.get(format!("{}/healthz", server.base)).send().await
            && r.status().is_success()
        {
            return Ok(server);
        }
        if Instant::now() > deadline {
            let _ = server.child.kill();
            bail!("the server did not answer /healthz within 60 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `VmHWM` (peak resident set) of a process, in KiB.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

pub fn clock_ticks() -> f64 {
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
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = s.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields after the command: state is field 3, utime 14, stime 15.
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / clock_ticks())
}

/// Busy CPU time of the whole machine since boot (all CPUs), in seconds,
/// from `/proc/stat`: what other processes take shows as the difference.
pub fn machine_busy_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(cpu) = s.lines().find(|l| l.starts_with("cpu ")) else {
        return f64::NAN;
    };
    // user nice system idle iowait irq softirq steal ...
    let f: Vec<f64> = cpu
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let busy: f64 = f
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != 3 && *k != 4 && *k < 8)
        .map(|(_, v)| v)
        .sum();
    busy / clock_ticks()
}

pub fn stop_server(mut s: Server) -> anyhow::Result<ServerStats> {
    let pid = s.child.id();
    let stats = ServerStats {
        peak_rss_mib: peak_rss_kib(pid).unwrap_or(0) as f64 / 1024.0,
        cpu_s: cpu_seconds(pid).unwrap_or(f64::NAN),
    };
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if s.child.try_wait()?.is_some() {
            break;
        }
        if Instant::now() > deadline {
            eprintln!("  (server {pid} did not stop on SIGTERM within 15 s; killing it)");
            let _ = s.child.kill();
            let _ = s.child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(stats)
}

pub fn default_bin() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("release").join("bekwaam")
}

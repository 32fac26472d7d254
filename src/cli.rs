//! The `bekwaam` command line: every command has `--help`, every flag is
//! also an environment variable (`BEKWAAM_*`). `main.rs` only parses and
//! hands over to [`run`].

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::analysis::disclosure::MinGroup;
use crate::audit::Actor;
use crate::auth::{self, Grant, Role, password};
use crate::i18n::{Lang, Msg, Tr};
use crate::institutions::{self, csv_import};
use crate::store::Db;
use crate::web::{self, Settings};

#[derive(Debug, Parser)]
#[command(
    name = "bekwaam",
    version,
    about = "Bekwaam: platform van het programma Digitaal Bekwaam MBO"
)]
pub struct Cli {
    /// Database: sqlite://FILE (embedded default) or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        env = "BEKWAAM_DATABASE_URL",
        default_value = "sqlite://bekwaam.db"
    )]
    pub database_url: String,

    /// Language of messages on the command line: nl or en.
    #[arg(long, global = true, env = "BEKWAAM_LANG", default_value = "nl")]
    pub lang: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the platform over HTTP (migrations run first).
    Serve(ServeArgs),
    /// Create (or reuse) a demo database with fictitious data and serve it.
    Demo(DemoArgs),
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the institution registry.
    #[command(subcommand)]
    Institutions(InstitutionsCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// Check and load monitor instruments (questionnaire files).
    #[command(subcommand)]
    Instrument(InstrumentCommand),
    /// Invite teachers for a wave of the monitor.
    #[command(subcommand)]
    Invite(InviteCommand),
    /// Write a monitor report (institution or sector) to a file, with the
    /// same disclosure control as the pages.
    Report(ReportArgs),
    /// Import responses of waves measured elsewhere.
    #[command(subcommand)]
    Responses(ResponsesCommand),
    /// Export data for research.
    #[command(subcommand)]
    Export(ExportCommand),
    /// The policy cycle of the institutions (speerpunt B).
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The bewegingsscan (movement scan, speerpunt A).
    #[command(subcommand)]
    Scan(ScanCommand),
}

#[derive(Debug, Subcommand)]
pub enum ScanCommand {
    /// The sector scan report of one round as PDF or XLSX, the same
    /// report as the page (institutions named only under themes of at
    /// least three institutions); recorded in the audit log.
    Report {
        /// Name of the round, e.g. "Najaar 2024".
        #[arg(long)]
        round: String,
        #[arg(long, value_parser = ["pdf", "xlsx"])]
        format: String,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
        /// Language of the report: nl or en.
        #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
        lang: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// The sector's policy overview (share per year, status per
    /// institution by name) as XLSX, or one table as CSV.
    Export {
        /// Output file: .xlsx, or .csv for the status table.
        #[arg(short, long)]
        output: PathBuf,
        /// Language of the overview: nl or en.
        #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
        lang: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Pseudonymised microdata of one wave (fresh random ids, institutions
    /// below the minimum group unnumbered, rare background answers left
    /// empty), as CSV, XLSX or SPSS .sav; recorded in the audit log.
    Microdata {
        /// Name of the wave, e.g. 2024.
        #[arg(long)]
        wave: String,
        #[arg(long, value_parser = ["csv", "xlsx", "sav"])]
        format: String,
        /// Language of the labels: nl or en.
        #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
        lang: String,
        /// Smallest group any figure may describe (never below 5).
        #[arg(long, env = "BEKWAAM_MIN_GROUP", default_value_t = MinGroup::default())]
        min_group: MinGroup,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Name of the wave, e.g. 2024.
    #[arg(long)]
    pub wave: String,
    /// Institution code (BRIN); without it, the sector report.
    #[arg(long)]
    pub institution: Option<String>,
    /// The account the report is made for (needed with --institution): the
    /// same rule as on the pages decides whether it may read that
    /// institution by name (its coordinator and the programme manager
    /// always; steering group and researchers only with consent).
    #[arg(long = "as", value_name = "USERNAME")]
    pub as_user: Option<String>,
    /// pdf, xlsx, csv (one table: --table) or praatplaat (institution only).
    #[arg(long, value_parser = ["pdf", "xlsx", "csv", "praatplaat"])]
    pub format: String,
    /// The table for --format csv, e.g. deelgebieden.
    #[arg(long, default_value = "")]
    pub table: String,
    /// Only respondents with this background answer, e.g. zij-instromer:ja.
    #[arg(long, default_value = "")]
    pub filter: String,
    /// Language of the report: nl or en.
    #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
    pub lang: String,
    /// Smallest group any figure may describe (never below 5).
    #[arg(long, env = "BEKWAAM_MIN_GROUP", default_value_t = MinGroup::default())]
    pub min_group: MinGroup,
    /// Output file.
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ResponsesCommand {
    /// Import completed responses from CSV or SPSS .sav into a wave (not an
    /// open one), with a mapping file (docs/historical-import.md). Nothing
    /// is imported when any row is wrong; every problem is printed as
    /// FILE:LINE: COLUMN: REASON.
    Import {
        /// Name of the wave, e.g. 2020.
        #[arg(long)]
        wave: String,
        /// The column-to-item mapping (TOML).
        #[arg(long)]
        mapping: PathBuf,
        /// The data: .csv or .sav.
        data: PathBuf,
        /// Smallest group any figure may describe (never below 5): a
        /// closed wave with results takes at least this many responses per
        /// institution.
        #[arg(long, env = "BEKWAAM_MIN_GROUP", default_value_t = MinGroup::default())]
        min_group: MinGroup,
    },
}

#[derive(Debug, Subcommand)]
pub enum InstrumentCommand {
    /// Validate an instrument file; every problem is printed as FILE:LINE: FIELD: REASON.
    Check { file: PathBuf },
    /// Validate and store an instrument version so waves can use it.
    Load { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum InviteCommand {
    /// Create N anonymous survey links and print one per line (the token is
    /// the link's last path segment; it is not stored and not shown again).
    Links {
        /// Name of the wave, e.g. 2026.
        #[arg(long)]
        wave: String,
        /// Institution code (BRIN).
        #[arg(long)]
        institution: String,
        /// How many links.
        #[arg(long)]
        count: usize,
        /// Public address of the server, e.g. https://bekwaam.example.nl
        #[arg(long, env = "BEKWAAM_PUBLIC_URL")]
        base_url: String,
    },
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, env = "BEKWAAM_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Smallest group any published figure may describe (never below 5).
    #[arg(long, env = "BEKWAAM_MIN_GROUP", default_value_t = MinGroup::default())]
    pub min_group: MinGroup,

    /// Mark session cookies Secure; set this when served over https.
    #[arg(long, env = "BEKWAAM_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Idle minutes after which a session ends.
    #[arg(long, env = "BEKWAAM_SESSION_IDLE_MINUTES", default_value_t = 480)]
    pub session_idle_minutes: i64,

    /// Address people use to reach this server (for links in invitations);
    /// defaults to http://ADDR.
    #[arg(long, env = "BEKWAAM_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Behind a reverse proxy that appends X-Forwarded-For: take the
    /// client address for the login throttle from its last entry.
    #[arg(long, env = "BEKWAAM_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Directory for researchers' microdata exports (made owner-only;
    /// export files left there by an earlier run are removed at start-up).
    /// Default: bekwaam-exports next to the SQLite database, or in the
    /// working directory with PostgreSQL.
    #[arg(long, env = "BEKWAAM_EXPORT_DIR")]
    pub export_dir: Option<PathBuf>,

    #[command(flatten)]
    pub smtp: SmtpArgs,

    /// Days before the same person may get another reminder.
    #[arg(long, env = "BEKWAAM_REMINDER_INTERVAL_DAYS", default_value_t = 3)]
    pub reminder_interval_days: u32,

    /// Most addresses in one uploaded e-mail list.
    #[arg(long, env = "BEKWAAM_EMAIL_LIST_MAX_ROWS", default_value_t = 20_000)]
    pub email_list_max_rows: usize,

    /// Largest uploaded e-mail list, in bytes.
    #[arg(long, env = "BEKWAAM_EMAIL_LIST_MAX_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub email_list_max_bytes: usize,

    /// Largest policy document (PDF, DOCX, ODT) an institution may upload,
    /// in MB (1 to 60).
    #[arg(long, env = "BEKWAAM_MAX_DOCUMENT_MB", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(1..=crate::web::MAX_DOCUMENT_MB))]
    pub max_document_mb: u64,
    /// Days after an event that its registrations are deleted.
    #[arg(long, env = "BEKWAAM_EVENT_RETENTION_DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub event_retention_days: u32,
}

/// Outgoing e-mail. Without --smtp-host, mail goes to the outbox page.
#[derive(Debug, Args)]
pub struct SmtpArgs {
    /// SMTP server host name.
    #[arg(long, env = "BEKWAAM_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP server port.
    #[arg(long, env = "BEKWAAM_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    /// How the connection is secured.
    #[arg(long, env = "BEKWAAM_SMTP_TLS", value_enum, default_value = "starttls")]
    pub smtp_tls: crate::mail::SmtpTls,
    /// SMTP user name (with --smtp-password).
    #[arg(long, env = "BEKWAAM_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// SMTP password; prefer the environment variable.
    #[arg(long, env = "BEKWAAM_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// Sender address of invitations.
    #[arg(
        long,
        env = "BEKWAAM_MAIL_FROM",
        default_value = "Digitaal Bekwaam MBO <monitor@bekwaam.invalid>"
    )]
    pub mail_from: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub server: ServerArgs,

    /// Directory of the demo database (`DIR/bekwaam.db`); reused when present.
    #[arg(long, env = "BEKWAAM_DEMO_DATA", default_value = "bekwaam-demo")]
    pub data: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input with
    /// --password-stdin; otherwise a temporary one is generated and printed,
    /// to be changed at first login.
    Add {
        #[arg(long, env = "BEKWAAM_USERNAME")]
        username: String,
        /// Full name shown in the UI.
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        /// Role to grant: programme_manager, steering_group, researcher, coordinator, expert.
        #[arg(long)]
        role: Option<String>,
        /// Institution code (BRIN) for a coordinator or expert grant.
        #[arg(long)]
        institution: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Grant a role to an existing account.
    Grant {
        #[arg(long, env = "BEKWAAM_USERNAME")]
        username: String,
        /// programme_manager, steering_group, researcher, coordinator or expert.
        #[arg(long)]
        role: String,
        /// Institution code (BRIN), required for coordinator.
        #[arg(long)]
        institution: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum InstitutionsCommand {
    /// Import institutions from a CSV file (columns code, name, place,
    /// region, teaching_staff[, status]); existing codes are updated. When
    /// any row is bad nothing is imported, unless --partial.
    Import {
        file: PathBuf,
        /// Import the good rows even when some are bad.
        #[arg(long)]
        partial: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApikeyCommand {
    /// Create an API key for an account and print it (shown only once).
    Create {
        #[arg(long)]
        username: String,
        /// What the key is for, e.g. "kennisnet-koppeling".
        #[arg(long)]
        name: String,
    },
}

/// A failure whose message was already printed; exit with `code`.
#[derive(Debug, thiserror::Error)]
#[error("exit {code}")]
pub struct Exit {
    pub code: i32,
}

impl ServerArgs {
    /// The settings for a server listening on `bound` (the real address,
    /// also when `--addr` asked for port 0).
    fn settings(&self, bound: SocketAddr, database_url: &str) -> Settings {
        Settings {
            export_dir: Some(
                self.export_dir
                    .clone()
                    .unwrap_or_else(|| default_export_dir(database_url)),
            ),
            secure_cookies: self.secure_cookies,
            policy_document_limit: self.max_document_mb * 1024 * 1024,
            event_retention_days: self.event_retention_days,
            min_group: self.min_group,
            session_idle: time::Duration::minutes(self.session_idle_minutes.max(1)),
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{bound}"))
                .trim_end_matches('/')
                .to_string(),
            trust_forwarded_for: self.trust_forwarded_for,
            smtp: crate::mail::SmtpSettings {
                host: self.smtp.smtp_host.clone(),
                port: self.smtp.smtp_port,
                tls: Some(self.smtp.smtp_tls),
                username: self.smtp.smtp_username.clone(),
                password: self.smtp.smtp_password.clone(),
                from: self.smtp.mail_from.clone(),
                console_links: None,
            },
            invitations: crate::monitor::InvitationLimits {
                reminder_interval_days: self.reminder_interval_days,
                max_list_rows: self.email_list_max_rows.max(1),
                max_list_bytes: self.email_list_max_bytes.max(1),
            },
        }
    }
}

/// `bekwaam-exports` in the directory of the SQLite database file, or in
/// the working directory (PostgreSQL, an in-memory database).
pub fn default_export_dir(database_url: &str) -> PathBuf {
    use std::str::FromStr as _;
    let file = database_url
        .starts_with("sqlite:")
        .then(|| sqlx::sqlite::SqliteConnectOptions::from_str(database_url).ok())
        .flatten()
        .map(|o| o.get_filename().to_path_buf())
        .filter(|f| f.as_os_str() != ":memory:");
    file.as_deref()
        .and_then(std::path::Path::parent)
        .unwrap_or(std::path::Path::new(""))
        .join("bekwaam-exports")
}

/// Connects and migrates.
pub async fn open(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url)
        .await
        .with_context(|| format!("cannot open database {}", redact(url)))?;
    db.migrate()
        .await
        .context("migrating the database failed")?;
    Ok(db)
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let tr = Tr::new(Lang::from_code(&cli.lang).unwrap_or_default());
    match cli.command {
        Command::Serve(args) => {
            let db = open(&cli.database_url).await?;
            serve(db, &args.server, &cli.database_url, tr, None).await
        }
        Command::Demo(args) => {
            std::fs::create_dir_all(&args.data)
                .with_context(|| format!("cannot create {}", args.data.display()))?;
            let url = format!("sqlite://{}", args.data.join("bekwaam.db").display());
            let db = open(&url).await?;
            let accounts = crate::demo::seed(&db).await?;
            crate::demo::seed_monitor(&db).await?;
            crate::demo::seed_history(&db).await?;
            crate::demo::seed_programme(&db).await?;
            crate::policy::demo::seed(&db).await?;
            crate::policy::demo::seed_goals(&db).await?;
            crate::scan::demo::seed(&db).await?;
            crate::networks::demo::seed(&db).await?;
            crate::workshop::demo::seed(&db).await?;
            crate::library::demo::seed(&db).await?;
            let survey = crate::demo::survey_token(&db).await?;
            println!(
                "{}",
                tr.msg(&Msg::new("cli-demo-database").arg("path", &url))
            );
            println!("{}", tr.t("cli-demo-accounts"));
            for a in &accounts {
                println!(
                    "  {:<28} {:<18} {}",
                    tr.t(&a.role.label_key()),
                    a.username,
                    a.password
                );
            }
            serve(db, &args.server, &url, tr, Some(survey)).await
        }
        Command::Migrate => {
            open(&cli.database_url).await?;
            println!("{}", tr.t("cli-migrated"));
            Ok(())
        }
        Command::User(cmd) => user(&cli.database_url, cmd, tr).await,
        Command::Institutions(InstitutionsCommand::Import { file, partial }) => {
            import_institutions(&cli.database_url, &file, partial, tr).await
        }
        Command::Instrument(InstrumentCommand::Check { file }) => {
            let (i, _) = read_instrument(&file, tr)?;
            println!(
                "{}",
                tr.msg(
                    &Msg::new("cli-instrument-ok")
                        .arg("id", &i.id)
                        .arg("version", &i.version)
                        .arg("items", i.items.len())
                )
            );
            Ok(())
        }
        Command::Instrument(InstrumentCommand::Load { file }) => {
            let (i, source) = read_instrument(&file, tr)?;
            let db = open(&cli.database_url).await?;
            match crate::monitor::store::ensure_instrument(&db, &i.id, &i.version, &source).await {
                Ok(_) => {
                    println!(
                        "{}",
                        tr.msg(
                            &Msg::new("cli-instrument-loaded")
                                .arg("id", &i.id)
                                .arg("version", &i.version)
                        )
                    );
                    Ok(())
                }
                Err(crate::store::StoreError::Duplicate { .. }) => {
                    bail!(
                        tr.msg(
                            &Msg::new("cli-instrument-exists")
                                .arg("id", &i.id)
                                .arg("version", &i.version)
                        )
                    )
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Invite(InviteCommand::Links {
            wave,
            institution,
            count,
            base_url,
        }) => {
            let code: crate::institutions::InstitutionCode = institution
                .parse()
                .map_err(|m: Msg| anyhow::anyhow!("--institution: {}", tr.msg(&m)))?;
            if !(1..=crate::monitor::MAX_LINKS).contains(&count) {
                bail!(
                    tr.msg(&Msg::new("links-count-invalid").arg("max", crate::monitor::MAX_LINKS))
                );
            }
            let db = open(&cli.database_url).await?;
            let w = match crate::monitor::store::wave_by_name(&db, &wave).await {
                Ok(w) => w,
                Err(crate::store::StoreError::NotFound) => {
                    bail!(tr.msg(&Msg::new("cli-wave-unknown").arg("wave", &wave)))
                }
                Err(e) => return Err(e.into()),
            };
            if !w.institutions.contains(&code) {
                bail!(
                    tr.msg(
                        &Msg::new("cli-wave-institution")
                            .arg("wave", &wave)
                            .arg("code", &code)
                    )
                );
            }
            if matches!(
                w.state,
                crate::monitor::WaveState::Closed | crate::monitor::WaveState::Archived
            ) {
                bail!(tr.t("survey-closed"));
            }
            let tokens =
                crate::monitor::store::create_links(&db, &Actor::cli(), w.id, &code, None, count)
                    .await?;
            for t in tokens {
                println!("{}", crate::monitor::survey_url(&base_url, &t));
            }
            Ok(())
        }
        Command::Report(args) => report(&cli.database_url, args, tr).await,
        Command::Policy(PolicyCommand::Export { output, lang }) => {
            policy_export(&cli.database_url, &output, &lang, tr).await
        }
        Command::Scan(ScanCommand::Report {
            round,
            format,
            output,
            lang,
        }) => scan_report(&cli.database_url, &round, &format, &output, &lang, tr).await,
        Command::Export(ExportCommand::Microdata {
            wave,
            format,
            lang,
            min_group,
            output,
        }) => {
            use crate::analysis::microdata::{self, Format, Progress};
            let db = open(&cli.database_url).await?;
            let w = wave_named(&db, &wave, tr).await?;
            let format = Format::parse(&format).context("--format")?;
            let instruments = crate::monitor::Instruments::default();
            let (w, ins) = crate::analysis::service::begin_microdata(
                &db,
                &instruments,
                &Actor::cli(),
                w,
                format,
            )
            .await
            .map_err(|e| report_error(e, tr))?;
            let m = min_group;
            let progress = std::sync::Arc::new(Progress::default());
            let target = microdata::Target {
                format,
                path: &output,
                min_group: m,
                lang: Lang::from_code(&lang).unwrap_or_default(),
            };
            let n = microdata::export(&db, &ins, &w, target, progress)
                .await
                .map_err(|e| match crate::analysis::service::microdata_failure(&e) {
                    Some(m) => anyhow::anyhow!(tr.msg(&m)),
                    None => e,
                })?;
            println!(
                "{}",
                tr.msg(
                    &Msg::new("cli-export-written")
                        .arg("path", output.display())
                        .arg("count", n)
                )
            );
            Ok(())
        }
        Command::Responses(ResponsesCommand::Import {
            wave,
            mapping,
            data,
            min_group,
        }) => import_responses(&cli.database_url, &wave, &mapping, &data, min_group, tr).await,
        Command::Apikey(ApikeyCommand::Create { username, name }) => {
            let db = open(&cli.database_url).await?;
            let id = user_id(&db, &username, tr).await?;
            let key = auth::store::create_api_key(&db, &Actor::cli(), id, name.trim()).await?;
            println!("{key}");
            eprintln!("{}", tr.t("cli-apikey-once"));
            Ok(())
        }
    }
}

/// Reads and validates an instrument file, printing each problem as
/// `FILE:LINE: FIELD: REASON` to standard error.
fn read_instrument(
    file: &PathBuf,
    tr: Tr,
) -> anyhow::Result<(crate::monitor::instrument::Instrument, String)> {
    let source =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    match crate::monitor::instrument::parse(&file.display().to_string(), &source) {
        Ok(i) => Ok((i, source)),
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", e.render(&tr));
            }
            Err(Exit { code: 2 }.into())
        }
    }
}

async fn serve(
    db: Db,
    args: &ServerArgs,
    database_url: &str,
    tr: Tr,
    // `Some` for the demo, with the anonymous survey link it prints.
    demo_survey: Option<Option<String>>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    let mut settings = args.settings(addr, database_url);
    if demo_survey.is_some() {
        // The demo has no mail server: its invitations' links go to the
        // console, never into the outbox others read (issue 11).
        settings.smtp.console_links = Some(tr.lang);
    }
    if let Some(Some(token)) = demo_survey {
        let url = crate::monitor::survey_url(&settings.public_url, &token);
        println!("{}", tr.msg(&Msg::new("cli-demo-survey").arg("url", url)));
    }
    let router = web::app(db.clone(), settings).await?;
    println!(
        "{}",
        tr.msg(&Msg::new("cli-serving").arg("url", format!("http://{addr}")))
    );
    web::serve(listener, router, shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

async fn user_id(db: &Db, username: &str, tr: Tr) -> anyhow::Result<i64> {
    match auth::store::user_id(db, &username.trim().to_lowercase()).await {
        Ok(id) => Ok(id),
        Err(crate::store::StoreError::NotFound) => {
            bail!(tr.msg(&Msg::new("cli-user-unknown").arg("username", username)))
        }
        Err(e) => Err(e.into()),
    }
}

fn grant_from_args(role: &str, institution: Option<&str>, tr: Tr) -> anyhow::Result<Grant> {
    let role: Role = role
        .parse()
        .map_err(|_| anyhow::anyhow!(tr.msg(&Msg::new("cli-role-invalid").arg("role", role))))?;
    let institution = institution
        .map(|c| c.parse())
        .transpose()
        .map_err(|m: Msg| anyhow::anyhow!("--institution: {}", tr.msg(&m)))?;
    Grant::new(role, institution).map_err(|e| anyhow::anyhow!("{}", tr.msg(&e.msg())))
}

async fn user(url: &str, cmd: UserCommand, tr: Tr) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add {
            username,
            name,
            email,
            role,
            institution,
            password_stdin,
        } => {
            let username = auth::parse_username(&username)
                .map_err(|m| anyhow::anyhow!("--username: {}", tr.msg(&m)))?;
            let grant = role
                .as_deref()
                .map(|r| grant_from_args(r, institution.as_deref(), tr))
                .transpose()?;
            let (pw, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_to_string(&mut line)
                    .context("reading the password from standard input")?;
                let pw = line.lines().next().unwrap_or_default().to_string();
                password::validate(&pw).map_err(|m| anyhow::anyhow!("{}", tr.msg(&m)))?;
                (pw, false)
            } else {
                (password::generate(), true)
            };
            let db = open(url).await?;
            let hash = password::hash(pw.clone()).await?;
            let new = auth::store::NewUser {
                username: &username,
                display_name: name.trim(),
                email: email.as_deref().map(str::trim).filter(|e| !e.is_empty()),
                password_hash: &hash,
                must_change_password: generated,
            };
            let id = match auth::store::create_user(&db, &Actor::cli(), &new).await {
                Ok(id) => id,
                Err(crate::store::StoreError::Duplicate { .. }) => {
                    bail!(tr.msg(&Msg::new("cli-user-exists").arg("username", &username)))
                }
                Err(e) => return Err(e.into()),
            };
            if let Some(g) = grant {
                grant_or_explain(&db, id, &g, tr).await?;
            }
            println!(
                "{}",
                tr.msg(&Msg::new("cli-user-created").arg("username", &username))
            );
            if generated {
                println!(
                    "{}",
                    tr.msg(&Msg::new("cli-temporary-password").arg("password", &pw))
                );
            }
            Ok(())
        }
        UserCommand::Grant {
            username,
            role,
            institution,
        } => {
            let grant = grant_from_args(&role, institution.as_deref(), tr)?;
            let db = open(url).await?;
            let id = user_id(&db, &username, tr).await?;
            grant_or_explain(&db, id, &grant, tr).await?;
            println!(
                "{}",
                tr.msg(
                    &Msg::new("cli-granted")
                        .arg("username", &username)
                        .arg("role", tr.t(&grant.role.label_key()))
                )
            );
            Ok(())
        }
    }
}

async fn grant_or_explain(db: &Db, id: i64, g: &Grant, tr: Tr) -> anyhow::Result<()> {
    match auth::store::grant(db, &Actor::cli(), id, g).await {
        Ok(()) => Ok(()),
        Err(crate::store::StoreError::Duplicate { .. }) => bail!(tr.t("cli-grant-conflict")),
        Err(crate::store::StoreError::MissingReference { .. }) => {
            bail!(tr.t("cli-grant-institution-unknown"))
        }
        Err(e) => Err(e.into()),
    }
}

async fn import_institutions(
    url: &str,
    file: &PathBuf,
    partial: bool,
    tr: Tr,
) -> anyhow::Result<()> {
    let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let parsed = csv_import::parse(&data);
    let (listed, left_out) = csv_import::first_errors(&parsed.errors);
    for (line, field, reason) in csv_import::describe_errors(&tr, listed) {
        let field = if field.is_empty() {
            String::new()
        } else {
            format!(" {field}:")
        };
        eprintln!("{}:{line}:{field} {reason}", file.display());
    }
    if left_out > 0 {
        eprintln!(
            "{}",
            tr.msg(
                &Msg::new("import-more-errors")
                    .arg("count", left_out)
                    .arg("shown", listed.len())
            )
        );
    }
    if !parsed.errors.is_empty() && !partial {
        eprintln!(
            "{}",
            tr.msg(&Msg::new("cli-import-refused").arg("errors", parsed.errors.len()))
        );
        return Err(Exit { code: 2 }.into());
    }
    let db = open(url).await?;
    let bad_lines = parsed.bad_lines();
    let rows: Vec<_> = parsed.rows.into_iter().map(|(_, i)| i).collect();
    let count = institutions::store::import(&db, &Actor::cli(), &rows).await?;
    println!(
        "{}",
        tr.msg(
            &Msg::new("import-done")
                .arg("created", count.created)
                .arg("updated", count.updated)
                .arg("skipped", bad_lines)
        )
    );
    Ok(())
}

async fn wave_named(db: &Db, wave: &str, tr: Tr) -> anyhow::Result<crate::monitor::Wave> {
    match crate::monitor::store::wave_by_name(db, wave).await {
        Ok(w) => Ok(w),
        Err(crate::store::StoreError::NotFound) => {
            bail!(tr.msg(&Msg::new("cli-wave-unknown").arg("wave", wave)))
        }
        Err(e) => Err(e.into()),
    }
}

/// An error of the report use cases as a sentence for the terminal.
fn report_error(e: crate::analysis::service::ReportError, tr: Tr) -> anyhow::Error {
    match e.msg() {
        Some(m) => anyhow::anyhow!(tr.msg(&m)),
        None => anyhow::anyhow!(e),
    }
}

async fn policy_export(url: &str, output: &Path, lang: &str, tr: Tr) -> anyhow::Result<()> {
    let format = match output.extension().and_then(|e| e.to_str()) {
        Some("xlsx") => "xlsx",
        Some("csv") => "csv",
        _ => bail!(tr.msg(&Msg::new("cli-policy-format").arg("path", output.display()))),
    };
    let db = open(url).await?;
    let doc_tr = Tr::new(crate::i18n::Lang::from_code(lang).unwrap_or_default());
    let sector = crate::policy::service::sector(&db, crate::monitor::store::today()).await?;
    let labels = crate::reports::document::Labels::for_lang(lang, "<10");
    let doc = crate::policy::sector::document(&doc_tr, &labels, &sector.shares, &sector.rows);
    let rendered = tokio::task::spawn_blocking(move || {
        crate::reports::file::render(&doc, &labels, format, "status", "beleid-sector")
    })
    .await?
    .map_err(|e| anyhow::anyhow!(e))?;
    std::fs::write(output, &rendered.bytes)
        .with_context(|| format!("cannot write {}", output.display()))?;
    crate::audit::store::record_now(
        &db,
        &Actor::cli(),
        crate::audit::Event {
            entity: crate::policy::store::ENTITY,
            entity_id: "sector",
            action: "policy_export",
            summary: format.to_string(),
        },
    )
    .await?;
    println!(
        "{}",
        tr.msg(
            &Msg::new("cli-report-written")
                .arg("path", output.display())
                .arg("bytes", rendered.bytes.len())
        )
    );
    Ok(())
}

async fn scan_report(
    url: &str,
    round: &str,
    format: &str,
    output: &Path,
    lang: &str,
    tr: Tr,
) -> anyhow::Result<()> {
    if !["pdf", "xlsx"].contains(&format) {
        bail!(tr.t("cli-scan-format"));
    }
    let db = open(url).await?;
    let r = match crate::scan::store::round_named(&db, round).await {
        Ok(r) => r,
        Err(crate::store::StoreError::NotFound) => {
            bail!("--round {round:?}: {}", tr.t("scan-round-unknown"))
        }
        Err(e) => return Err(e.into()),
    };
    let doc_tr = Tr::new(crate::i18n::Lang::from_code(lang).unwrap_or_default());
    let labels = crate::reports::document::Labels::for_lang(lang, "<10");
    let x = crate::scan::service::Export {
        format,
        table: "themas",
        base_url: "",
    };
    let rendered = crate::scan::service::export(&db, &Actor::cli(), doc_tr, labels, &r, &x)
        .await
        .map_err(|e| match e.msg() {
            Some(m) => anyhow::anyhow!(tr.msg(&m)),
            None => anyhow::anyhow!(e),
        })?;
    std::fs::write(output, &rendered.bytes)
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!(
        "{}",
        tr.msg(
            &Msg::new("cli-report-written")
                .arg("path", output.display())
                .arg("bytes", rendered.bytes.len())
        )
    );
    Ok(())
}

async fn report(url: &str, a: ReportArgs, tr: Tr) -> anyhow::Result<()> {
    use crate::analysis::service::{Env, ReportQuery, institution_doc, sector_doc};
    let db = open(url).await?;
    let w = wave_named(&db, &a.wave, tr).await?;
    let instruments = crate::monitor::Instruments::default();
    let waves = crate::analysis::store::WaveCache::default();
    let env = Env {
        db: &db,
        instruments: &instruments,
        waves: &waves,
        tr: Tr::new(crate::i18n::Lang::from_code(&a.lang).unwrap_or_default()),
        min_group: a.min_group,
    };
    let q = ReportQuery {
        filter: a.filter.clone(),
        format: a.format.clone(),
        table: a.table.clone(),
        team: None,
    };
    let (doc, labels, stem) = match &a.institution {
        Some(code) => {
            let Some(username) = &a.as_user else {
                bail!(tr.t("cli-report-as-needed"));
            };
            let user = crate::auth::store::active_user_named(&db, username)
                .await?
                .ok_or_else(|| {
                    anyhow::anyhow!(tr.msg(&Msg::new("cli-user-unknown").arg("username", username)))
                })?;
            let parsed: crate::institutions::InstitutionCode = code
                .parse()
                .map_err(|m: Msg| anyhow::anyhow!("--institution: {}", tr.msg(&m)))?;
            if !crate::analysis::service::may_view_institution(&db, &user, &parsed).await? {
                bail!(
                    tr.msg(
                        &Msg::new("cli-report-not-allowed")
                            .arg("username", username)
                            .arg("institution", code)
                    )
                );
            }
            let d = institution_doc(&env, w.id, code, &q)
                .await
                .map_err(|e| report_error(e, tr))?;
            (d.doc, d.labels, format!("{code}-{}", d.wave))
        }
        None => {
            if a.format == "praatplaat" {
                bail!(tr.t("cli-report-praatplaat-institution"));
            }
            let (doc, labels, wave) = sector_doc(&env, w.id)
                .await
                .map_err(|e| report_error(e, tr))?;
            (doc, labels, format!("sector-{wave}"))
        }
    };
    if a.format == "csv" && doc.table(&a.table).is_none() {
        let ids: Vec<&str> = doc.tables().map(|t| t.id.as_str()).collect();
        bail!(
            tr.msg(
                &Msg::new("cli-report-tables")
                    .arg("table", &a.table)
                    .arg("tables", ids.join(", "))
            )
        );
    }
    let format = a.format.clone();
    let table = a.table.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        crate::reports::file::render(&doc, &labels, &format, &table, &stem)
    })
    .await?
    .map_err(|e| match e.msg() {
        Some(m) => anyhow::anyhow!(tr.msg(&m)),
        None => anyhow::anyhow!(e),
    })?;
    std::fs::write(&a.output, &rendered.bytes)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    crate::audit::store::record_now(
        &db,
        &Actor::cli(),
        crate::audit::Event {
            entity: crate::audit::entity::REPORT,
            entity_id: &format!(
                "{}/{}",
                w.name,
                a.institution.as_deref().unwrap_or("sector")
            ),
            action: "download",
            summary: q.format.clone(),
        },
    )
    .await?;
    println!(
        "{}",
        tr.msg(
            &Msg::new("cli-report-written")
                .arg("path", a.output.display())
                .arg("bytes", rendered.bytes.len())
        )
    );
    Ok(())
}

async fn import_responses(
    url: &str,
    wave: &str,
    mapping: &std::path::Path,
    data: &std::path::Path,
    min_group: crate::analysis::disclosure::MinGroup,
    tr: Tr,
) -> anyhow::Result<()> {
    use crate::analysis::import;
    let db = open(url).await?;
    let w = wave_named(&db, wave, tr).await?;
    if !w.state.accepts_imports() {
        bail!(tr.msg(&Msg::new("cli-import-open-wave").arg("wave", wave)));
    }
    let instruments = crate::monitor::Instruments::default();
    let ins = instruments
        .get(&db, &w.instrument_id, &w.instrument_version)
        .await?;
    let fail = |errors: Vec<import::ImportError>| -> anyhow::Error {
        let (listed, left_out) = csv_import::first_errors(&errors);
        for e in listed {
            eprintln!("{}", e.render(&tr));
        }
        if left_out > 0 {
            eprintln!(
                "{}",
                tr.msg(
                    &Msg::new("import-more-errors")
                        .arg("count", left_out)
                        .arg("shown", listed.len())
                )
            );
        }
        anyhow::anyhow!(tr.msg(&Msg::new("cli-responses-refused").arg("count", errors.len())))
    };
    let mapping_name = mapping.display().to_string();
    let text =
        std::fs::read_to_string(mapping).with_context(|| format!("cannot read {mapping_name}"))?;
    let m = import::parse_mapping(&mapping_name, &text, &ins).map_err(fail)?;
    let data_name = data.display().to_string();
    let bytes = std::fs::read(data).with_context(|| format!("cannot read {data_name}"))?;
    let is_sav = data
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("sav"));
    let table = if is_sav {
        import::read_sav(&data_name, &bytes)
    } else {
        import::read_csv(&data_name, &bytes)
    }
    .map_err(fail)?;
    let institutions: Vec<String> = w.institutions.iter().map(|c| c.to_string()).collect();
    let mut units = std::collections::HashMap::new();
    for code in &w.institutions {
        for u in crate::monitor::store::units(&db, code).await? {
            units.insert((code.to_string(), u.name), u.id);
        }
    }
    let rows = import::responses(
        &data_name,
        &table,
        &m,
        &ins,
        &institutions,
        &units,
        w.closes_on,
    )
    .map_err(fail)?;
    let released =
        w.state.releases_results() && crate::analysis::store::completed_count(&db, w.id).await? > 0;
    let small = import::small_additions(&rows, released, min_group);
    if !small.is_empty() {
        for (code, n) in &small {
            eprintln!(
                "{data_name}: {}",
                tr.msg(
                    &Msg::new("cli-import-small-addition")
                        .arg("institution", code)
                        .arg("count", *n)
                        .arg("min", min_group.get())
                )
            );
        }
        bail!(tr.msg(&Msg::new("cli-responses-refused").arg("count", small.len())));
    }
    let n = crate::analysis::store::insert_completed(&db, w.id, &rows).await?;
    crate::audit::store::record_now(
        &db,
        &Actor::cli(),
        crate::audit::Event {
            entity: "wave",
            entity_id: &w.name,
            action: "import_responses",
            summary: format!("{n} responses from {data_name}"),
        },
    )
    .await?;
    println!(
        "{}",
        tr.msg(
            &Msg::new("cli-import-done")
                .arg("count", n)
                .arg("wave", wave)
        )
    );
    Ok(())
}

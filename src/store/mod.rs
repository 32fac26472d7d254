//! Storage: one portable SQL dialect on SQLite (embedded default) or
//! PostgreSQL (scale-out), chosen from the database URL.
//!
//! Every query is written once with `$1, $2, ...` placeholders and run on
//! whichever pool is active through [`on_db!`] (reads) or [`on_tx!`] (writes
//! inside a transaction). Migrations live in `migrations/sqlite` and
//! `migrations/postgres`, are compiled in and run at start-up; a released
//! migration is never edited, a change is a new file in both folders.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};

/// Runs `$body` with `$c` bound to the active pool. The body is compiled
/// once per backend, so `sqlx::query_as::<_, Row>` infers the database.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$c:ident| $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($c) => $body,
            $crate::store::Db::Postgres($c) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the transaction's connection.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// The database, whichever backend serves it.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction; dropped without [`Tx::commit`] it rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule refused the change: the row exists already.
    /// `constraint` names the rule as the database reports it (PostgreSQL:
    /// the constraint's name, e.g. `waves_name_key`; SQLite: the columns,
    /// e.g. `waves.name`).
    #[error("duplicate: {constraint}")]
    Duplicate { constraint: String },
    /// A foreign key refused the change: a row it refers to does not exist
    /// (or, on delete, is still referred to). `constraint` as above; SQLite
    /// does not say which key, so it is empty there.
    #[error("missing reference: {constraint}")]
    MissingReference { constraint: String },
    /// The row is not in the state the change needs, checked inside the
    /// transaction that writes (a wave step out of order, answers for a
    /// wave that is not open).
    #[error("{entity} is {state}: the change is not allowed")]
    WrongState { entity: &'static str, state: String },
    /// A stored value could not be read back into its type.
    #[error("corrupt value in column {column}: {value}")]
    Corrupt { column: &'static str, value: String },
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://...")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate {
                constraint: constraint_of(d.as_ref()),
            },
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                StoreError::MissingReference {
                    constraint: constraint_of(d.as_ref()),
                }
            }
            _ => StoreError::Database(e),
        }
    }
}

/// The violated constraint: its name where the database gives one
/// (PostgreSQL), else what SQLite's message names after "failed: "
/// ("UNIQUE constraint failed: waves.name" gives `waves.name`).
fn constraint_of(d: &dyn sqlx::error::DatabaseError) -> String {
    match d.constraint() {
        Some(c) => c.to_string(),
        None => d
            .message()
            .split_once("failed: ")
            .map(|(_, cols)| cols.to_string())
            .unwrap_or_default(),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Connects to `url` (`sqlite://FILE` or `postgres://...`). A SQLite file
    /// is created when missing and runs in WAL mode with foreign keys on and
    /// full synchronous commits, so an acknowledged write is durable.
    pub async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }

    /// Brings the schema up to date; safe to run on every start.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`): a deferred transaction that reads first
    /// and writes later fails with SQLITE_BUSY, without waiting, when
    /// another connection wrote meanwhile; an immediate one waits its turn
    /// under the busy timeout.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// `true` when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        on_db!(self, |p| sqlx::query("SELECT 1").execute(p).await.is_ok())
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_db!(self, |p| p.close().await)
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let v: Option<(String,)> = on_db!(self, |p| {
            sqlx::query_as("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(p)
                .await?
        });
        Ok(v.map(|(v,)| v))
    }
}

impl Tx {
    /// The suffix that locks the rows a `SELECT` reads until the commit:
    /// `FOR UPDATE` on PostgreSQL; nothing on SQLite, whose write
    /// transactions (`BEGIN IMMEDIATE`) run one at a time.
    pub fn for_update(&self) -> &'static str {
        match self {
            Tx::Sqlite(_) => "",
            Tx::Postgres(_) => " FOR UPDATE",
        }
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        on_tx!(self, |c| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(c)
            .await?;
        });
        Ok(())
    }
}

/// Parses a stored text value into its type, naming the column if it fails.
pub fn parse_col<T: FromStr>(column: &'static str, value: &str) -> Result<T> {
    value.parse().map_err(|_| StoreError::Corrupt {
        column,
        value: value.to_string(),
    })
}

/// The current time truncated to whole seconds (stored timestamps then sort
/// the same as text in SQLite and as TIMESTAMPTZ in PostgreSQL).
pub fn now() -> time::OffsetDateTime {
    let t = time::OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

/// The installation's secret called `name` (`secrets` table): 32 random
/// bytes made at first use, never shown or logged. Deleting the row makes
/// a new one.
pub async fn secret(db: &Db, name: &str) -> Result<Vec<u8>> {
    let read = || async {
        let row: Option<(String,)> = on_db!(db, |p| {
            sqlx::query_as("SELECT value FROM secrets WHERE name = $1")
                .bind(name)
                .fetch_optional(p)
                .await?
        });
        Ok::<_, StoreError>(row.map(|(v,)| v))
    };
    // Read first: a secret is read often and written once.
    let value = match read().await? {
        Some(v) => v,
        None => {
            on_db!(db, |p| {
                sqlx::query(
                    "INSERT INTO secrets (name, value) VALUES ($1, $2) \
                     ON CONFLICT (name) DO NOTHING",
                )
                .bind(name)
                .bind(crate::token::random_token(32))
                .execute(p)
                .await?;
            });
            read().await?.ok_or(StoreError::NotFound)?
        }
    };
    hex::decode(&value).map_err(|_| StoreError::Corrupt {
        column: "secrets.value",
        value: name.to_string(),
    })
}

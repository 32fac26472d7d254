//! Server-side sessions in the database (tower-sessions with its sqlx
//! stores, one per backend) and what Bekwaam keeps in them: the user id,
//! the account's session version, the CSRF token and a flash message.

use async_trait::async_trait;
use tower_sessions::Session;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::i18n::Msg;
use crate::store::Db;
use crate::token::random_token;

/// What a session operation can fail with (the store behind it);
/// `web::AppError` converts it.
pub type SessionError = tower_sessions::session::Error;

const USER_ID: &str = "uid";
const SESSION_VERSION: &str = "sv";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";

/// The session store of whichever database is active.
#[derive(Clone, Debug)]
pub enum SessionBackend {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SessionBackend {
    /// The store for `db`, its table created when missing (`tower_sessions`
    /// in SQLite, `public.tower_sessions` in PostgreSQL).
    pub async fn for_db(db: &Db) -> anyhow::Result<SessionBackend> {
        Ok(match db {
            Db::Sqlite(p) => {
                let s = SqliteStore::new(p.clone());
                s.migrate().await?;
                SessionBackend::Sqlite(s)
            }
            Db::Postgres(p) => {
                let s = PostgresStore::new(p.clone())
                    .with_schema_name("public")
                    .map_err(anyhow::Error::msg)?
                    .with_table_name("tower_sessions")
                    .map_err(anyhow::Error::msg)?;
                s.migrate().await?;
                SessionBackend::Postgres(s)
            }
        })
    }

    /// Deletes expired sessions every `period`, forever.
    pub async fn delete_expired_every(self, period: std::time::Duration) {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            if let Err(e) = self.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions failed");
            }
        }
    }
}

#[async_trait]
impl SessionStore for SessionBackend {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(s) => s.create(record).await,
            SessionBackend::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(s) => s.save(record).await,
            SessionBackend::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            SessionBackend::Sqlite(s) => s.load(id).await,
            SessionBackend::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(s) => s.delete(id).await,
            SessionBackend::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for SessionBackend {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(s) => s.delete_expired().await,
            SessionBackend::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// The signed-in user id and session version, if any.
pub async fn user_of(session: &Session) -> Result<Option<(i64, i64)>, SessionError> {
    let uid: Option<i64> = session.get(USER_ID).await?;
    let sv: Option<i64> = session.get(SESSION_VERSION).await?;
    Ok(uid.zip(sv))
}

/// Signs `user_id` in: a fresh session id (no fixation) and a fresh CSRF
/// token.
pub async fn sign_in(session: &Session, user_id: i64, version: i64) -> Result<(), SessionError> {
    session.cycle_id().await?;
    session.insert(USER_ID, user_id).await?;
    session.insert(SESSION_VERSION, version).await?;
    session.insert(CSRF, random_token(32)).await?;
    Ok(())
}

/// Ends the session and deletes it from the store.
pub async fn sign_out(session: &Session) -> Result<(), SessionError> {
    session.flush().await?;
    Ok(())
}

/// The session's CSRF token, created when missing.
pub async fn csrf_token(session: &Session) -> Result<String, SessionError> {
    if let Some(t) = session.get::<String>(CSRF).await? {
        return Ok(t);
    }
    let t = random_token(32);
    session.insert(CSRF, &t).await?;
    Ok(t)
}

/// The session's CSRF token without creating one.
pub async fn existing_csrf_token(session: &Session) -> Result<Option<String>, SessionError> {
    session.get::<String>(CSRF).await
}

/// A message for the next page shown in this session.
pub async fn flash(session: &Session, msg: Msg) -> Result<(), SessionError> {
    session.insert(FLASH, msg).await?;
    Ok(())
}

pub async fn take_flash(session: &Session) -> Result<Option<Msg>, SessionError> {
    if session.is_empty().await {
        return Ok(None);
    }
    session.remove::<Msg>(FLASH).await
}

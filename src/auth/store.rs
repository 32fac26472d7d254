//! Accounts, grants, login throttling and API keys in the database. Every
//! change is audited in its own transaction.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::throttle;
use super::{CurrentUser, Grant, Role};
use crate::audit::{self, Actor, Event, entity};
use crate::institutions::InstitutionCode;
use crate::store::{Db, Result, StoreError, Tx, parse_col};
use crate::{on_db, on_tx};

/// A stored account as the management pages show it.
#[derive(Clone, Debug)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub active: bool,
    pub grants: Vec<Grant>,
}

/// What login needs to check a password.
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
    pub session_version: i64,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    email: Option<String>,
    active: bool,
    must_change_password: bool,
    session_version: i64,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    user_id: i64,
    role: String,
    institution_code: Option<String>,
}

fn grant_from(r: &GrantRow) -> Result<Grant> {
    Ok(Grant {
        role: parse_col::<Role>("grants.role", &r.role)?,
        institution: r
            .institution_code
            .as_deref()
            .map(|c| parse_col::<InstitutionCode>("grants.institution_code", c))
            .transpose()?,
    })
}

const USER_COLUMNS: &str =
    "id, username, display_name, email, active, must_change_password, session_version";

async fn grants_of(db: &Db, user_id: Option<i64>) -> Result<Vec<GrantRow>> {
    let rows: Vec<GrantRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT user_id, role, institution_code FROM grants \
             WHERE ($1 IS NULL OR user_id = $1) ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(p)
        .await?
    });
    Ok(rows)
}

/// The user behind a session, when the account is still active and the
/// session was issued under the current `session_version` (a password
/// reset bumps it, ending every older session).
pub async fn session_user(db: &Db, id: i64, session_version: i64) -> Result<Option<CurrentUser>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row: Option<UserRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await?);
    let Some(u) = row.filter(|u| u.active && u.session_version == session_version) else {
        return Ok(None);
    };
    current_user(db, u).await.map(Some)
}

/// The active account `username` with its grants (the CLI acting for a
/// user), `None` when there is none or it is deactivated.
pub async fn active_user_named(db: &Db, username: &str) -> Result<Option<CurrentUser>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
    let row: Option<UserRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(username)
        .fetch_optional(p)
        .await?);
    match row.filter(|u| u.active) {
        Some(u) => current_user(db, u).await.map(Some),
        None => Ok(None),
    }
}

async fn current_user(db: &Db, u: UserRow) -> Result<CurrentUser> {
    let grants = grants_of(db, Some(u.id))
        .await?
        .iter()
        .map(grant_from)
        .collect::<Result<_>>()?;
    Ok(CurrentUser {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        grants,
        must_change_password: u.must_change_password,
    })
}

pub async fn credentials(db: &Db, username: &str) -> Result<Option<Credentials>> {
    let row: Option<(i64, String, bool, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, password_hash, active, session_version FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(p)
        .await?
    });
    Ok(
        row.map(|(id, password_hash, active, session_version)| Credentials {
            id,
            password_hash,
            active,
            session_version,
        }),
    )
}

pub async fn user_id(db: &Db, username: &str) -> Result<i64> {
    let (id,): (i64,) = on_db!(db, |p| {
        sqlx::query_as("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(p)
            .await?
    });
    Ok(id)
}

/// Every account with its grants, ordered by username.
pub async fn accounts(db: &Db) -> Result<Vec<Account>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
    let users: Vec<UserRow> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?);
    let grants = grants_of(db, None).await?;
    users
        .into_iter()
        .map(|u| account_from(u, &grants))
        .collect()
}

/// One account, read by id (the account pages ask for one, not all).
pub async fn account(db: &Db, id: i64) -> Result<Account> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let user: UserRow = on_db!(db, |p| sqlx::query_as(&sql).bind(id).fetch_one(p).await?);
    let grants = grants_of(db, Some(id)).await?;
    account_from(user, &grants)
}

fn account_from(u: UserRow, grants: &[GrantRow]) -> Result<Account> {
    Ok(Account {
        grants: grants
            .iter()
            .filter(|g| g.user_id == u.id)
            .map(grant_from)
            .collect::<Result<_>>()?,
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        email: u.email,
        active: u.active,
    })
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    /// The user must choose a new password at first login.
    pub must_change_password: bool,
}

/// Creates an account; `Conflict` when the username is taken.
pub async fn create_user(db: &Db, actor: &Actor, u: &NewUser<'_>) -> Result<i64> {
    let mut tx = db.begin().await?;
    let (id,): (i64,) = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "INSERT INTO users (username, display_name, email, password_hash, must_change_password, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(u.username)
        .bind(u.display_name)
        .bind(u.email)
        .bind(u.password_hash)
        .bind(u.must_change_password)
        .bind(crate::store::now())
        .fetch_one(c)
        .await?
    });
    let event = Event {
        entity: entity::USER,
        entity_id: u.username,
        action: "create",
        summary: format!("Created account {} ({})", u.username, u.display_name),
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await?;
    Ok(id)
}

async fn username_of(tx: &mut Tx, user_id: i64) -> Result<String> {
    let (name,): (String,) = on_tx!(tx, |c| {
        sqlx::query_as("SELECT username FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(c)
            .await?
    });
    Ok(name)
}

/// Adds a grant; `Conflict` when the user already holds it or the
/// institution does not exist.
pub async fn grant(db: &Db, actor: &Actor, user_id: i64, g: &Grant) -> Result<()> {
    let mut tx = db.begin().await?;
    let username = username_of(&mut tx, user_id).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO grants (user_id, role, institution_code, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(g.role.code())
        .bind(g.institution.as_ref().map(|c| c.as_str()))
        .bind(crate::store::now())
        .execute(c)
        .await?;
    });
    let scope = g
        .institution
        .as_ref()
        .map(|c| format!(" for {c}"))
        .unwrap_or_default();
    let event = Event {
        entity: entity::USER,
        entity_id: &username,
        action: "grant",
        summary: format!("Granted {}{scope}", g.role.code()),
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await
}

pub async fn revoke(db: &Db, actor: &Actor, user_id: i64, g: &Grant) -> Result<()> {
    let mut tx = db.begin().await?;
    let username = username_of(&mut tx, user_id).await?;
    let n = on_tx!(&mut tx, |c| {
        sqlx::query(
            "DELETE FROM grants WHERE user_id = $1 AND role = $2 \
             AND COALESCE(institution_code, '') = COALESCE($3, '')",
        )
        .bind(user_id)
        .bind(g.role.code())
        .bind(g.institution.as_ref().map(|c| c.as_str()))
        .execute(c)
        .await?
        .rows_affected()
    });
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    let scope = g
        .institution
        .as_ref()
        .map(|c| format!(" for {c}"))
        .unwrap_or_default();
    let event = Event {
        entity: entity::USER,
        entity_id: &username,
        action: "revoke",
        summary: format!("Revoked {}{scope}", g.role.code()),
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await
}

/// Sets a new password hash and ends every existing session of the user.
/// `must_change` makes the user choose their own password at next login
/// (after a reset by the programme manager).
pub async fn set_password(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    password_hash: &str,
    must_change: bool,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let username = username_of(&mut tx, user_id).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE users SET password_hash = $2, must_change_password = $3, \
             session_version = session_version + 1 WHERE id = $1",
        )
        .bind(user_id)
        .bind(password_hash)
        .bind(must_change)
        .execute(c)
        .await?;
    });
    let (action, summary) = if actor.user_id == Some(user_id) {
        ("password_change", "Changed own password".to_string())
    } else {
        (
            "password_reset",
            format!("Reset the password of {username}"),
        )
    };
    let event = Event {
        entity: entity::USER,
        entity_id: &username,
        action,
        summary,
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await
}

/// The session version after [`set_password`], for re-issuing the
/// current user's own session.
pub async fn session_version(db: &Db, user_id: i64) -> Result<i64> {
    let (v,): (i64,) = on_db!(db, |p| {
        sqlx::query_as("SELECT session_version FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(p)
            .await?
    });
    Ok(v)
}

pub async fn set_active(db: &Db, actor: &Actor, user_id: i64, active: bool) -> Result<()> {
    let mut tx = db.begin().await?;
    let username = username_of(&mut tx, user_id).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE users SET active = $2, session_version = session_version + 1 WHERE id = $1",
        )
        .bind(user_id)
        .bind(active)
        .execute(c)
        .await?;
    });
    let event = Event {
        entity: entity::USER,
        entity_id: &username,
        action: if active { "activate" } else { "deactivate" },
        summary: format!(
            "{} account {username}",
            if active { "Activated" } else { "Deactivated" }
        ),
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await
}

// --- login throttling -------------------------------------------------

#[derive(sqlx::FromRow)]
struct ThrottleRow {
    failures: i64,
    window_start: OffsetDateTime,
    locked_until: Option<OffsetDateTime>,
}

pub async fn throttle_state(db: &Db, username: &str) -> Result<Option<throttle::State>> {
    let row: Option<ThrottleRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT failures, window_start, locked_until FROM login_throttle WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(p)
        .await?
    });
    Ok(row.map(|r| throttle::State {
        failures: r.failures,
        window_start: r.window_start,
        locked_until: r.locked_until,
    }))
}

pub async fn save_throttle(db: &Db, username: &str, s: &throttle::State) -> Result<()> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO login_throttle (username, failures, window_start, locked_until) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO UPDATE SET \
             failures = excluded.failures, window_start = excluded.window_start, \
             locked_until = excluded.locked_until",
        )
        .bind(username)
        .bind(s.failures)
        .bind(s.window_start)
        .bind(s.locked_until)
        .execute(p)
        .await?;
    });
    Ok(())
}

pub async fn clear_throttle(db: &Db, username: &str) -> Result<()> {
    on_db!(db, |p| {
        sqlx::query("DELETE FROM login_throttle WHERE username = $1")
            .bind(username)
            .execute(p)
            .await?;
    });
    Ok(())
}

// --- API keys -----------------------------------------------------------

/// The stored form of a key: its SHA-256 (keys are 256 random bits, so a
/// fast hash is enough; the key itself is shown once and never stored).
pub fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// Creates a key for `user_id` and returns it (the only time it is seen).
pub async fn create_api_key(db: &Db, actor: &Actor, user_id: i64, name: &str) -> Result<String> {
    let key = format!("bkw_{}", crate::token::random_token(32));
    let mut tx = db.begin().await?;
    let username = username_of(&mut tx, user_id).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO api_keys (user_id, name, key_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(name)
        .bind(key_hash(&key))
        .bind(crate::store::now())
        .execute(c)
        .await?;
    });
    let event = Event {
        entity: entity::API_KEY,
        entity_id: &username,
        action: "create",
        summary: format!("Created API key {name:?} for {username}"),
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await?;
    Ok(key)
}

/// The active user owning an unrevoked key.
pub async fn api_key_user(db: &Db, key: &str) -> Result<Option<CurrentUser>> {
    let sql = format!(
        "SELECT {} FROM users u JOIN api_keys k ON k.user_id = u.id \
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.active = TRUE",
        USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let row: Option<UserRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(key_hash(key))
            .fetch_optional(p)
            .await?
    });
    match row {
        Some(u) => current_user(db, u).await.map(Some),
        None => Ok(None),
    }
}

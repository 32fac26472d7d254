//! Persistence of the bewegingsscan: rounds, the versioned codebook and the
//! interview records. The rules that must hold under concurrency are
//! checked here, inside the writing transaction: a record changes only
//! while its round is open (the round row is read for update, and
//! publishing is a conditional update), a used theme is never deleted, a
//! retired theme codes no new action, one record per institution per round
//! (a unique key). Every change writes its audit entry in the same
//! transaction.

use time::{Date, OffsetDateTime};

use super::{FollowUp, Interview, InterviewText, NewRound, Quote, Respondent, Round, RoundState};
use super::{Theme, ThemeText};
use crate::audit::{Actor, Event};
use crate::store::{Db, Result, StoreError, Tx};
use crate::{on_db, on_tx};

pub const ENTITY: &str = "scan";

// --- rounds ---------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: i64,
    name: String,
    year: i64,
    state: String,
    created_by: String,
    created_at: OffsetDateTime,
    published_on: Option<Date>,
    published_by: Option<String>,
    codebook_version: Option<i64>,
    discussed_on: Option<Date>,
}

const ROUND_COLUMNS: &str = "id, name, year, state, created_by, created_at, published_on, \
     published_by, codebook_version, discussed_on";

impl RoundRow {
    fn round(self) -> Result<Round> {
        Ok(Round {
            state: RoundState::parse(&self.state).ok_or_else(|| StoreError::Corrupt {
                column: "scan_rounds.state",
                value: self.state.clone(),
            })?,
            year: i32::try_from(self.year).map_err(|_| StoreError::Corrupt {
                column: "scan_rounds.year",
                value: self.year.to_string(),
            })?,
            id: self.id,
            name: self.name,
            created_by: self.created_by,
            created_at: self.created_at,
            published_on: self.published_on,
            published_by: self.published_by,
            codebook_version: self.codebook_version,
            discussed_on: self.discussed_on,
        })
    }
}

/// Every round, newest first.
pub async fn rounds(db: &Db) -> Result<Vec<Round>> {
    let sql = format!("SELECT {ROUND_COLUMNS} FROM scan_rounds ORDER BY year DESC, id DESC");
    let rows: Vec<RoundRow> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?);
    rows.into_iter().map(RoundRow::round).collect()
}

pub async fn round(db: &Db, id: i64) -> Result<Round> {
    let sql = format!("SELECT {ROUND_COLUMNS} FROM scan_rounds WHERE id = $1");
    let row: Option<RoundRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(id).fetch_optional(p).await?
    });
    row.ok_or(StoreError::NotFound)?.round()
}

/// The round named `name` (the command line's `--round`).
pub async fn round_named(db: &Db, name: &str) -> Result<Round> {
    let sql = format!("SELECT {ROUND_COLUMNS} FROM scan_rounds WHERE name = $1");
    let row: Option<RoundRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(name.trim())
            .fetch_optional(p)
            .await?
    });
    row.ok_or(StoreError::NotFound)?.round()
}

pub async fn create_round(db: &Db, actor: &Actor, r: &NewRound, at: OffsetDateTime) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO scan_rounds (name, year, state, created_by, created_at) \
             VALUES ($1, $2, 'open', $3, $4) RETURNING id",
        )
        .bind(&r.name)
        .bind(i64::from(r.year))
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: "scan_round_created",
            summary: format!("round {id}: {} ({})", r.name, r.year),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Reads round `id`'s state for the rest of the transaction.
async fn lock_round(tx: &mut Tx, id: i64) -> Result<RoundState> {
    let sql = format!(
        "SELECT state FROM scan_rounds WHERE id = $1{}",
        tx.for_update()
    );
    let row: Option<(String,)> = on_tx!(tx, |c| {
        sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
    });
    let (state,) = row.ok_or(StoreError::NotFound)?;
    RoundState::parse(&state).ok_or(StoreError::Corrupt {
        column: "scan_rounds.state",
        value: state,
    })
}

async fn require_open(tx: &mut Tx, round: i64) -> Result<()> {
    if lock_round(tx, round).await?.accepts_records() {
        Ok(())
    } else {
        Err(StoreError::WrongState {
            entity: "scan_round",
            state: "published".into(),
        })
    }
}

/// Publishes round `id`'s report: the round is completed and its records
/// frozen. Refused for a round without records or already published.
pub async fn publish(
    db: &Db,
    actor: &Actor,
    id: i64,
    published_on: Date,
    discussed_on: Option<Date>,
) -> Result<()> {
    let mut tx = db.begin().await?;
    require_open(&mut tx, id).await?;
    let (n,): (i64,) = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT COUNT(*) FROM scan_interviews WHERE round_id = $1")
            .bind(id)
            .fetch_one(&mut *c)
            .await?
    });
    if n == 0 {
        return Err(StoreError::WrongState {
            entity: "scan_round",
            state: "empty".into(),
        });
    }
    let version = current_version(&mut tx).await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE scan_rounds SET state = 'published', published_on = $2, published_by = $3, \
             codebook_version = $4, discussed_on = $5 WHERE id = $1 AND state = 'open'",
        )
        .bind(id)
        .bind(published_on)
        .bind(&actor.label)
        .bind(version)
        .bind(discussed_on)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::WrongState {
            entity: "scan_round",
            state: "published".into(),
        });
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: "scan_round_published",
            summary: format!(
                "round {id}: {n} records, codebook version {version}, published {published_on}"
            ),
        },
    )
    .await?;
    tx.commit().await
}

/// Records the day the MBO Raad discussed round `id`'s published report.
pub async fn set_discussed(db: &Db, actor: &Actor, id: i64, on: Option<Date>) -> Result<()> {
    let mut tx = db.begin().await?;
    if lock_round(&mut tx, id).await? != RoundState::Published {
        return Err(StoreError::WrongState {
            entity: "scan_round",
            state: "open".into(),
        });
    }
    on_tx!(&mut tx, |c| {
        sqlx::query("UPDATE scan_rounds SET discussed_on = $2 WHERE id = $1")
            .bind(id)
            .bind(on)
            .execute(&mut *c)
            .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: "scan_round_discussed",
            summary: format!(
                "round {id}: discussed at the MBO Raad on {}",
                on.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
            ),
        },
    )
    .await?;
    tx.commit().await
}

/// The round an interview of `code` is pending in: the newest open round,
/// when the institution is active and has no record in it yet.
pub async fn pending_interview(db: &Db, code: &str) -> Result<Option<Round>> {
    let sql = format!(
        "SELECT {ROUND_COLUMNS} FROM scan_rounds r WHERE r.state = 'open' \
         AND EXISTS (SELECT 1 FROM institutions i WHERE i.code = $1 AND i.status = 'active') \
         ORDER BY r.year DESC, r.id DESC LIMIT 1"
    );
    let row: Option<RoundRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(code).fetch_optional(p).await?
    });
    let Some(round) = row.map(RoundRow::round).transpose()? else {
        return Ok(None);
    };
    let (n,): (i64,) = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM scan_interviews WHERE round_id = $1 AND institution_code = $2",
        )
        .bind(round.id)
        .bind(code)
        .fetch_one(p)
        .await?
    });
    Ok((n == 0).then_some(round))
}

// --- the codebook ---------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct ThemeRow {
    id: i64,
    name: String,
    description: String,
    added_in: i64,
    retired_in: Option<i64>,
}

impl From<ThemeRow> for Theme {
    fn from(r: ThemeRow) -> Theme {
        Theme {
            id: r.id,
            name: r.name,
            description: r.description,
            added_in: r.added_in,
            retired_in: r.retired_in,
        }
    }
}

/// The codebook: every theme, current ones first, by name.
pub async fn themes(db: &Db) -> Result<Vec<Theme>> {
    let rows: Vec<ThemeRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, name, description, added_in, retired_in FROM scan_themes \
             ORDER BY CASE WHEN retired_in IS NULL THEN 0 ELSE 1 END, name",
        )
        .fetch_all(p)
        .await?
    });
    Ok(rows.into_iter().map(Theme::from).collect())
}

/// The ids of the themes that code at least one action.
pub async fn used_themes(db: &Db) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = on_db!(db, |p| {
        sqlx::query_as("SELECT DISTINCT theme_id FROM scan_action_themes ORDER BY theme_id")
            .fetch_all(p)
            .await?
    });
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// One version of the codebook: what changed, who, when.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Version {
    pub version: i64,
    pub change: String,
    pub made_by: String,
    pub made_at: OffsetDateTime,
}

/// The codebook's versions, newest first.
pub async fn versions(db: &Db) -> Result<Vec<Version>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT version, change, made_by, made_at FROM scan_codebook_versions \
             ORDER BY version DESC",
        )
        .fetch_all(p)
        .await?
    }))
}

/// The codebook's current version (0 before the first theme).
pub async fn codebook_version(db: &Db) -> Result<i64> {
    let (v,): (Option<i64>,) = on_db!(db, |p| {
        sqlx::query_as("SELECT MAX(version) FROM scan_codebook_versions")
            .fetch_one(p)
            .await?
    });
    Ok(v.unwrap_or(0))
}

async fn current_version(tx: &mut Tx) -> Result<i64> {
    let (v,): (Option<i64>,) = on_tx!(tx, |c| {
        sqlx::query_as("SELECT MAX(version) FROM scan_codebook_versions")
            .fetch_one(&mut *c)
            .await?
    });
    Ok(v.unwrap_or(0))
}

/// A new version of the codebook, saying what changed.
async fn new_version(tx: &mut Tx, actor: &Actor, change: &str, at: OffsetDateTime) -> Result<i64> {
    let v = current_version(tx).await? + 1;
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO scan_codebook_versions (version, change, made_by, made_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(v)
        .bind(change)
        .bind(&actor.label)
        .bind(at)
        .execute(&mut *c)
        .await?;
    });
    Ok(v)
}

pub async fn add_theme(db: &Db, actor: &Actor, t: &ThemeText, at: OffsetDateTime) -> Result<i64> {
    let mut tx = db.begin().await?;
    let v = new_version(&mut tx, actor, &format!("+ {}", t.name), at).await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO scan_themes (name, description, added_in) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(&t.name)
        .bind(&t.description)
        .bind(v)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "codebook",
            action: "scan_theme_added",
            summary: format!("theme {id} {:?}, codebook version {v}", t.name),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes theme `id`'s name and description (a new codebook version).
pub async fn change_theme(
    db: &Db,
    actor: &Actor,
    id: i64,
    t: &ThemeText,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let old = lock_theme(&mut tx, id).await?;
    let v = new_version(&mut tx, actor, &format!("~ {} -> {}", old.name, t.name), at).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query("UPDATE scan_themes SET name = $2, description = $3 WHERE id = $1")
            .bind(id)
            .bind(&t.name)
            .bind(&t.description)
            .execute(&mut *c)
            .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "codebook",
            action: "scan_theme_changed",
            summary: format!(
                "theme {id} {:?} -> {:?}, codebook version {v}",
                old.name, t.name
            ),
        },
    )
    .await?;
    tx.commit().await
}

async fn lock_theme(tx: &mut Tx, id: i64) -> Result<Theme> {
    let sql = format!(
        "SELECT id, name, description, added_in, retired_in FROM scan_themes WHERE id = $1{}",
        tx.for_update()
    );
    let row: Option<ThemeRow> = on_tx!(tx, |c| {
        sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
    });
    row.map(Theme::from).ok_or(StoreError::NotFound)
}

/// Retires theme `id`: it codes no new action and stays in the reports
/// that used it.
pub async fn retire_theme(db: &Db, actor: &Actor, id: i64, at: OffsetDateTime) -> Result<()> {
    let mut tx = db.begin().await?;
    let t = lock_theme(&mut tx, id).await?;
    if t.is_retired() {
        return Err(StoreError::WrongState {
            entity: "scan_theme",
            state: "retired".into(),
        });
    }
    let v = new_version(&mut tx, actor, &format!("- {} (retired)", t.name), at).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query("UPDATE scan_themes SET retired_in = $2 WHERE id = $1 AND retired_in IS NULL")
            .bind(id)
            .bind(v)
            .execute(&mut *c)
            .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "codebook",
            action: "scan_theme_retired",
            summary: format!("theme {id} {:?}, codebook version {v}", t.name),
        },
    )
    .await?;
    tx.commit().await
}

/// Deletes theme `id`, only while no action is coded with it (a used theme
/// is retired instead).
pub async fn delete_theme(db: &Db, actor: &Actor, id: i64, at: OffsetDateTime) -> Result<()> {
    let mut tx = db.begin().await?;
    let t = lock_theme(&mut tx, id).await?;
    let (used,): (i64,) = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT COUNT(*) FROM scan_action_themes WHERE theme_id = $1")
            .bind(id)
            .fetch_one(&mut *c)
            .await?
    });
    if used > 0 {
        return Err(StoreError::WrongState {
            entity: "scan_theme",
            state: "used".into(),
        });
    }
    let v = new_version(&mut tx, actor, &format!("- {} (deleted)", t.name), at).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query("DELETE FROM scan_themes WHERE id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "codebook",
            action: "scan_theme_deleted",
            summary: format!("theme {id} {:?}, codebook version {v}", t.name),
        },
    )
    .await?;
    tx.commit().await
}

// --- interview records ---------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct InterviewRow {
    id: i64,
    round_id: i64,
    institution_code: String,
    held_on: Date,
    roles: String,
    worked: String,
    not_worked: String,
    recorded_by: String,
    recorded_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct QuoteRow {
    id: i64,
    interview_id: i64,
    text: String,
    reviewed_by: Option<String>,
    reviewed_at: Option<OffsetDateTime>,
}

/// Which records to read.
#[derive(Clone, Copy)]
enum Which<'a> {
    Round(i64),
    Institution(&'a str),
    One(i64),
}

impl Which<'_> {
    fn filter(self) -> &'static str {
        match self {
            Which::Round(_) => "i.round_id = $1",
            Which::Institution(_) => "i.institution_code = $1",
            Which::One(_) => "i.id = $1",
        }
    }
}

macro_rules! bind_which {
    ($q:expr, $w:expr) => {
        match $w {
            Which::Round(id) | Which::One(id) => $q.bind(id),
            Which::Institution(code) => $q.bind(code.to_string()),
        }
    };
}

async fn load(db: &Db, which: Which<'_>) -> Result<Vec<Interview>> {
    let f = which.filter();
    let sql = format!(
        "SELECT i.id, i.round_id, i.institution_code, i.held_on, i.roles, i.worked, \
         i.not_worked, i.recorded_by, i.recorded_at FROM scan_interviews i WHERE {f} \
         ORDER BY i.institution_code, i.round_id"
    );
    let rows: Vec<InterviewRow> = on_db!(db, |p| {
        bind_which!(sqlx::query_as(&sql), which)
            .fetch_all(p)
            .await?
    });
    let sql = format!(
        "SELECT a.id, a.interview_id, a.description FROM scan_actions a \
         JOIN scan_interviews i ON i.id = a.interview_id WHERE {f} ORDER BY a.id"
    );
    let actions: Vec<(i64, i64, String)> = on_db!(db, |p| {
        bind_which!(sqlx::query_as(&sql), which)
            .fetch_all(p)
            .await?
    });
    let sql = format!(
        "SELECT t.action_id, t.theme_id FROM scan_action_themes t \
         JOIN scan_actions a ON a.id = t.action_id \
         JOIN scan_interviews i ON i.id = a.interview_id WHERE {f} ORDER BY t.theme_id"
    );
    let coded: Vec<(i64, i64)> = on_db!(db, |p| {
        bind_which!(sqlx::query_as(&sql), which)
            .fetch_all(p)
            .await?
    });
    let sql = format!(
        "SELECT q.id, q.interview_id, q.text, q.reviewed_by, q.reviewed_at FROM scan_quotes q \
         JOIN scan_interviews i ON i.id = q.interview_id WHERE {f} ORDER BY q.id"
    );
    let quotes: Vec<QuoteRow> = on_db!(db, |p| {
        bind_which!(sqlx::query_as(&sql), which)
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|r| {
            let roles = Respondent::split(&r.roles).ok_or_else(|| StoreError::Corrupt {
                column: "scan_interviews.roles",
                value: r.roles.clone(),
            })?;
            Ok(Interview {
                actions: actions
                    .iter()
                    .filter(|a| a.1 == r.id)
                    .map(|a| FollowUp {
                        id: a.0,
                        description: a.2.clone(),
                        themes: coded.iter().filter(|c| c.0 == a.0).map(|c| c.1).collect(),
                    })
                    .collect(),
                quotes: quotes
                    .iter()
                    .filter(|q| q.interview_id == r.id)
                    .map(|q| Quote {
                        id: q.id,
                        text: q.text.clone(),
                        reviewed: q.reviewed_by.clone().zip(q.reviewed_at),
                    })
                    .collect(),
                id: r.id,
                round_id: r.round_id,
                institution: r.institution_code,
                held_on: r.held_on,
                roles,
                worked: r.worked,
                not_worked: r.not_worked,
                recorded_by: r.recorded_by,
                recorded_at: r.recorded_at,
            })
        })
        .collect()
}

/// The records of round `id`, by institution code.
pub async fn interviews(db: &Db, round: i64) -> Result<Vec<Interview>> {
    load(db, Which::Round(round)).await
}

/// The records of institution `code`, in every round.
pub async fn interviews_of(db: &Db, code: &str) -> Result<Vec<Interview>> {
    load(db, Which::Institution(code)).await
}

/// Record `id`.
pub async fn interview(db: &Db, id: i64) -> Result<Interview> {
    load(db, Which::One(id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Records the interview of `code` in round `round`: refused when the
/// round is published, and a second record of the same institution in
/// one round is a duplicate.
pub async fn create_interview(
    db: &Db,
    actor: &Actor,
    round: i64,
    code: &str,
    t: &InterviewText,
    at: OffsetDateTime,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    require_open(&mut tx, round).await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO scan_interviews (round_id, institution_code, held_on, roles, worked, \
             not_worked, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(round)
        .bind(code)
        .bind(t.held_on)
        .bind(Respondent::join(&t.roles))
        .bind(&t.worked)
        .bind(&t.not_worked)
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_interview_recorded",
            summary: format!(
                "record {id}: held {}, roles {}",
                t.held_on,
                Respondent::join(&t.roles)
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The round and institution of record `id`, its round locked and open.
async fn open_record(tx: &mut Tx, id: i64) -> Result<(i64, String)> {
    let row: Option<(i64, String)> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT round_id, institution_code FROM scan_interviews WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
    });
    let (round, code) = row.ok_or(StoreError::NotFound)?;
    require_open(tx, round).await?;
    Ok((round, code))
}

pub async fn update_interview(
    db: &Db,
    actor: &Actor,
    id: i64,
    t: &InterviewText,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let (round, code) = open_record(&mut tx, id).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE scan_interviews SET held_on = $2, roles = $3, worked = $4, not_worked = $5, \
             recorded_by = $6, recorded_at = $7 WHERE id = $1",
        )
        .bind(id)
        .bind(t.held_on)
        .bind(Respondent::join(&t.roles))
        .bind(&t.worked)
        .bind(&t.not_worked)
        .bind(&actor.label)
        .bind(at)
        .execute(&mut *c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_interview_changed",
            summary: format!(
                "record {id}: held {}, roles {}",
                t.held_on,
                Respondent::join(&t.roles)
            ),
        },
    )
    .await?;
    tx.commit().await
}

/// Deletes record `id` with its actions and quotes, while its round is
/// open.
pub async fn delete_interview(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let (round, code) = open_record(&mut tx, id).await?;
    on_tx!(&mut tx, |c| {
        sqlx::query("DELETE FROM scan_interviews WHERE id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_interview_deleted",
            summary: format!("record {id}"),
        },
    )
    .await?;
    tx.commit().await
}

/// Adds a follow-up action to record `id`, coded with `themes` (each must
/// exist and not be retired).
pub async fn add_action(
    db: &Db,
    actor: &Actor,
    id: i64,
    description: &str,
    themes: &[i64],
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let (round, code) = open_record(&mut tx, id).await?;
    for t in themes {
        let theme = lock_theme(&mut tx, *t).await.map_err(|e| match e {
            StoreError::NotFound => StoreError::MissingReference {
                constraint: "scan_action_themes.theme_id".into(),
            },
            e => e,
        })?;
        if theme.is_retired() {
            return Err(StoreError::WrongState {
                entity: "scan_theme",
                state: "retired".into(),
            });
        }
    }
    let action: i64 = on_tx!(&mut tx, |c| {
        let (a,): (i64,) = sqlx::query_as(
            "INSERT INTO scan_actions (interview_id, description) VALUES ($1, $2) RETURNING id",
        )
        .bind(id)
        .bind(description)
        .fetch_one(&mut *c)
        .await?;
        a
    });
    for t in themes {
        on_tx!(&mut tx, |c| {
            sqlx::query("INSERT INTO scan_action_themes (action_id, theme_id) VALUES ($1, $2)")
                .bind(action)
                .bind(*t)
                .execute(&mut *c)
                .await?;
        });
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_action_added",
            summary: format!("record {id}: action {action}, themes {themes:?}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(action)
}

pub async fn delete_action(db: &Db, actor: &Actor, id: i64, action: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let (round, code) = open_record(&mut tx, id).await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query("DELETE FROM scan_actions WHERE id = $1 AND interview_id = $2")
            .bind(action)
            .bind(id)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::NotFound);
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_action_deleted",
            summary: format!("record {id}: action {action}"),
        },
    )
    .await?;
    tx.commit().await
}

/// Adds a quote to record `id`, not yet reviewed.
pub async fn add_quote(db: &Db, actor: &Actor, id: i64, text: &str) -> Result<i64> {
    let mut tx = db.begin().await?;
    let (round, code) = open_record(&mut tx, id).await?;
    let quote: i64 = on_tx!(&mut tx, |c| {
        let (q,): (i64,) = sqlx::query_as(
            "INSERT INTO scan_quotes (interview_id, text) VALUES ($1, $2) RETURNING id",
        )
        .bind(id)
        .bind(text)
        .fetch_one(&mut *c)
        .await?;
        q
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_quote_added",
            summary: format!(
                "record {id}: quote {quote}, {} characters",
                text.chars().count()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(quote)
}

/// Marks quote `quote` of record `id` reviewed: it holds no names of
/// people, and may appear in the report.
pub async fn review_quote(
    db: &Db,
    actor: &Actor,
    id: i64,
    quote: i64,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let (round, code) = open_record(&mut tx, id).await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE scan_quotes SET reviewed_by = $3, reviewed_at = $4 \
             WHERE id = $1 AND interview_id = $2 AND reviewed_by IS NULL",
        )
        .bind(quote)
        .bind(id)
        .bind(&actor.label)
        .bind(at)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::NotFound);
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_quote_reviewed",
            summary: format!("record {id}: quote {quote}"),
        },
    )
    .await?;
    tx.commit().await
}

pub async fn delete_quote(db: &Db, actor: &Actor, id: i64, quote: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let (round, code) = open_record(&mut tx, id).await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query("DELETE FROM scan_quotes WHERE id = $1 AND interview_id = $2")
            .bind(quote)
            .bind(id)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::NotFound);
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &format!("{round}/{code}"),
            action: "scan_quote_deleted",
            summary: format!("record {id}: quote {quote}"),
        },
    )
    .await?;
    tx.commit().await
}

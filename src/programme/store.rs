//! Storage of the programme: versions of its definition (every save is a
//! new version; old ones stay readable), milestone progress, KPI figures
//! entered by hand, budget entries, phases of the tracks reached and the
//! quarterly steering reports.

use time::{Date, OffsetDateTime};

use super::budget::{Entry, Kind, euros};
use super::definition::{self, Programme};
use super::{MilestoneStatus, PROGRAMME_ID, SHIPPED};
use crate::audit::{Actor, Event};
use crate::datafile::LoadError;
use crate::store::{Db, Result, StoreError};
use crate::{on_db, on_tx};

pub const ENTITY: &str = "programme";

/// One stored version of the definition.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Version {
    pub version: i32,
    pub source: String,
    pub saved_by: String,
    pub saved_at: OffsetDateTime,
}

/// Stores the shipped definition as version 1 when there is none yet.
pub async fn ensure_shipped(db: &Db) -> Result<()> {
    let n: i64 = on_db!(db, |p| {
        sqlx::query_scalar("SELECT COUNT(*) FROM programme_versions WHERE programme = $1")
            .bind(PROGRAMME_ID)
            .fetch_one(p)
            .await?
    });
    if n > 0 {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO programme_versions (programme, version, source, saved_by, saved_at) \
             VALUES ($1, 1, $2, $3, $4) ON CONFLICT (programme, version) DO NOTHING",
        )
        .bind(PROGRAMME_ID)
        .bind(SHIPPED)
        .bind("bekwaam")
        .bind(crate::store::now())
        .execute(c)
        .await?;
    });
    tx.commit().await
}

/// Every version, newest first.
pub async fn versions(db: &Db) -> Result<Vec<Version>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT version, source, saved_by, saved_at FROM programme_versions \
             WHERE programme = $1 ORDER BY version DESC",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    }))
}

/// The newest version (one row: every page reads it).
pub async fn latest(db: &Db) -> Result<Option<Version>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT version, source, saved_by, saved_at FROM programme_versions \
             WHERE programme = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(PROGRAMME_ID)
        .fetch_optional(p)
        .await?
    }))
}

/// The newest version, parsed. A stored version always parsed when it was
/// saved; should it not now (a newer release rejects it), the error says so.
pub async fn current(db: &Db) -> Result<(Version, Programme)> {
    let v = latest(db).await?.ok_or(StoreError::NotFound)?;
    let file = format!("programme version {}", v.version);
    let p = definition::parse(&file, &v.source).map_err(|errs| StoreError::Corrupt {
        column: "programme_versions.source",
        value: format!("{file}: {:?}", errs.first()),
    })?;
    Ok((v, p))
}

/// Why a new version was not saved.
#[derive(Debug)]
pub enum SaveError {
    Invalid(Vec<LoadError>),
    Store(StoreError),
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> Self {
        SaveError::Store(e)
    }
}

impl From<sqlx::Error> for SaveError {
    fn from(e: sqlx::Error) -> Self {
        SaveError::Store(e.into())
    }
}

/// Validates `source` and stores it as the next version; its `version`
/// must be exactly one above the current one, so two people editing at
/// once cannot silently overwrite each other.
pub async fn save_version(
    db: &Db,
    actor: &Actor,
    source: &str,
) -> std::result::Result<u32, SaveError> {
    let latest = latest(db).await?.map_or(0, |v| v.version);
    let p = definition::parse("programma", source).map_err(SaveError::Invalid)?;
    let expected = u32::try_from(latest + 1).unwrap_or(u32::MAX);
    if p.version != expected || p.id != PROGRAMME_ID {
        let line = source
            .lines()
            .position(|l| l.trim_start().starts_with("version"))
            .map_or(1, |i| i + 1);
        return Err(SaveError::Invalid(vec![LoadError {
            file: "programma".into(),
            line,
            field: "version".into(),
            reason: crate::i18n::Msg::new("programme-version-next")
                .arg("expected", expected)
                .arg("id", PROGRAMME_ID),
        }]));
    }
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO programme_versions (programme, version, source, saved_by, saved_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(PROGRAMME_ID)
        .bind(i64::from(p.version))
        .bind(source)
        .bind(&actor.label)
        .bind(crate::store::now())
        .execute(c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: PROGRAMME_ID,
            action: "version",
            summary: format!("saved version {}", p.version),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(p.version)
}

// --- milestones -------------------------------------------------------------------

/// Recorded progress of one milestone.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub milestone: String,
    pub status: MilestoneStatus,
    pub done_on: Option<Date>,
    pub evidence: String,
    pub updated_by: String,
    pub updated_on: Date,
}

pub async fn milestone_progress(db: &Db) -> Result<Vec<Progress>> {
    let rows: Vec<(String, String, Option<Date>, String, String, Date)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT milestone, status, done_on, evidence, updated_by, updated_on \
             FROM milestone_progress WHERE programme = $1",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(
            |(milestone, status, done_on, evidence, updated_by, updated_on)| {
                Some(Progress {
                    milestone,
                    status: MilestoneStatus::from_key(&status)?,
                    done_on,
                    evidence,
                    updated_by,
                    updated_on,
                })
            },
        )
        .collect())
}

/// Records a milestone's status by hand. `WrongState` for a milestone the
/// platform observes: its status follows from the data, never from a form.
pub async fn set_milestone(
    db: &Db,
    actor: &Actor,
    milestone: &str,
    status: MilestoneStatus,
    done_on: Option<Date>,
    evidence: &str,
) -> Result<()> {
    let (_, p) = current(db).await?;
    if p.milestones
        .iter()
        .any(|m| m.id == milestone && m.observed_by.is_some())
    {
        return Err(StoreError::WrongState {
            entity: "milestone",
            state: "observed".into(),
        });
    }
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO milestone_progress \
             (programme, milestone, status, done_on, evidence, updated_by, updated_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (programme, milestone) DO UPDATE SET status = excluded.status, \
             done_on = excluded.done_on, evidence = excluded.evidence, \
             updated_by = excluded.updated_by, updated_on = excluded.updated_on",
        )
        .bind(PROGRAMME_ID)
        .bind(milestone)
        .bind(status.key())
        .bind(done_on)
        .bind(evidence)
        .bind(&actor.label)
        .bind(crate::monitor::store::today())
        .execute(c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: milestone,
            action: "milestone",
            summary: format!("status {}", status.key()),
        },
    )
    .await?;
    tx.commit().await
}

// --- KPI figures entered by hand ----------------------------------------------------

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct KpiEntry {
    pub id: i64,
    pub kpi: String,
    pub period: String,
    pub period_ends: Date,
    pub value: f64,
    pub note: String,
    pub recorded_by: String,
    pub recorded_on: Date,
}

pub async fn kpi_entries(db: &Db) -> Result<Vec<KpiEntry>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, kpi, period, period_ends, value, note, recorded_by, recorded_on \
             FROM kpi_entries WHERE programme = $1 ORDER BY period_ends, id",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    }))
}

/// A figure entered by hand for one period.
#[derive(Clone, Debug)]
pub struct NewKpiEntry<'a> {
    pub kpi: &'a str,
    pub period: &'a str,
    pub period_ends: Date,
    pub value: f64,
    pub note: &'a str,
}

pub async fn add_kpi_entry(db: &Db, actor: &Actor, e: &NewKpiEntry<'_>) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO kpi_entries \
             (programme, kpi, period, period_ends, value, note, recorded_by, recorded_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(PROGRAMME_ID)
        .bind(e.kpi)
        .bind(e.period)
        .bind(e.period_ends)
        .bind(e.value)
        .bind(e.note)
        .bind(&actor.label)
        .bind(crate::monitor::store::today())
        .execute(c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: e.kpi,
            action: "kpi_entry",
            summary: format!("{}: {}", e.period, e.value),
        },
    )
    .await?;
    tx.commit().await
}

// --- budget ------------------------------------------------------------------------

/// A stored budget entry with who entered it.
#[derive(Clone, Debug)]
pub struct BudgetEntry {
    pub id: i64,
    pub entry: Entry,
    pub entered_by: String,
    pub entered_on: Date,
}

type BudgetRow = (i64, String, String, Date, i64, String, String, String, Date);

pub async fn budget_entries(db: &Db) -> Result<Vec<BudgetEntry>> {
    let rows: Vec<BudgetRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, line, kind, booked_on, amount_cents, description, reference, \
             entered_by, entered_on FROM budget_entries WHERE programme = $1 \
             ORDER BY booked_on DESC, id DESC",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    });
    rows.into_iter()
        .map(
            |(id, line, kind, booked_on, amount, description, reference, by, on)| {
                Ok(BudgetEntry {
                    id,
                    entry: Entry {
                        booked_on,
                        line,
                        kind: Kind::from_key(&kind).ok_or(StoreError::Corrupt {
                            column: "budget_entries.kind",
                            value: kind,
                        })?,
                        amount,
                        description,
                        reference,
                    },
                    entered_by: by,
                    entered_on: on,
                })
            },
        )
        .collect()
}

/// Books `entries` in one transaction (an import is all or nothing).
/// `WrongState` when one falls outside the programme's period
/// (`Programme::books_on`; forms and imports say so first, per field).
pub async fn add_budget_entries(db: &Db, actor: &Actor, entries: &[Entry]) -> Result<()> {
    let (_, p) = current(db).await?;
    if let Some(e) = entries.iter().find(|e| !p.books_on(e.booked_on)) {
        return Err(StoreError::WrongState {
            entity: "budget_entry",
            state: format!("booked on {}, outside the programme", e.booked_on),
        });
    }
    let mut tx = db.begin().await?;
    for e in entries {
        on_tx!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO budget_entries (programme, line, kind, booked_on, amount_cents, \
                 description, reference, entered_by, entered_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(PROGRAMME_ID)
            .bind(&e.line)
            .bind(e.kind.key())
            .bind(e.booked_on)
            .bind(e.amount)
            .bind(&e.description)
            .bind(&e.reference)
            .bind(&actor.label)
            .bind(crate::monitor::store::today())
            .execute(c)
            .await?;
        });
    }
    let total: i64 = entries.iter().map(|e| e.amount).sum();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "budget",
            action: "budget_entries",
            summary: format!("{} entries, total {}", entries.len(), euros(total)),
        },
    )
    .await?;
    tx.commit().await
}

// --- quarterly steering reports -------------------------------------------------------

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SteeringReport {
    pub id: i64,
    pub quarter: String,
    pub commentary: String,
    pub frozen_on: Option<Date>,
    pub frozen_by: Option<String>,
    /// The frozen document (JSON of `reports::document::Document`).
    pub snapshot: Option<String>,
}

pub async fn steering_reports(db: &Db) -> Result<Vec<SteeringReport>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, quarter, commentary, frozen_on, frozen_by, snapshot \
             FROM steering_reports WHERE programme = $1 ORDER BY quarter DESC",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    }))
}

/// Every steering report's id, quarter and freezing day, without the
/// documents (what milestone observers read).
pub async fn steering_states(db: &Db) -> Result<Vec<(i64, String, Option<Date>)>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, quarter, frozen_on FROM steering_reports WHERE programme = $1 \
             ORDER BY quarter",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    }))
}

pub async fn steering_report(db: &Db, id: i64) -> Result<SteeringReport> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, quarter, commentary, frozen_on, frozen_by, snapshot \
             FROM steering_reports WHERE programme = $1 AND id = $2",
        )
        .bind(PROGRAMME_ID)
        .bind(id)
        .fetch_one(p)
        .await?
    }))
}

/// Starts the report of `quarter`; `Conflict` when it exists.
pub async fn create_steering_report(db: &Db, actor: &Actor, quarter: &str) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO steering_reports (programme, quarter) VALUES ($1, $2) RETURNING id",
        )
        .bind(PROGRAMME_ID)
        .bind(quarter)
        .fetch_one(c)
        .await?
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: quarter,
            action: "steering_report",
            summary: "started".into(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves the commentary of a report that is not frozen (`NotFound` when it
/// is: the database refuses a change to a frozen report as well).
pub async fn set_commentary(db: &Db, actor: &Actor, id: i64, commentary: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    let changed = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE steering_reports SET commentary = $1 \
             WHERE programme = $2 AND id = $3 AND frozen_on IS NULL",
        )
        .bind(commentary)
        .bind(PROGRAMME_ID)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected()
    });
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: "steering_commentary",
            summary: format!("{} characters", commentary.chars().count()),
        },
    )
    .await?;
    tx.commit().await
}

/// Freezes a report with its document; from then on it never changes.
pub async fn freeze(db: &Db, actor: &Actor, id: i64, snapshot: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    let changed = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE steering_reports SET frozen_on = $1, frozen_by = $2, snapshot = $3 \
             WHERE programme = $4 AND id = $5 AND frozen_on IS NULL",
        )
        .bind(crate::monitor::store::today())
        .bind(&actor.label)
        .bind(snapshot)
        .bind(PROGRAMME_ID)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected()
    });
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: "steering_freeze",
            summary: "frozen".into(),
        },
    )
    .await?;
    tx.commit().await
}

// --- tracks (action lines E and F) -----------------------------------------------------

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PhaseReached {
    pub track: String,
    pub phase: String,
    pub reached_on: Date,
    pub note: String,
}

pub async fn phases_reached(db: &Db) -> Result<Vec<PhaseReached>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT track, phase, reached_on, note FROM track_progress WHERE programme = $1",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    }))
}

pub async fn set_phase_reached(db: &Db, actor: &Actor, r: &PhaseReached) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO track_progress (programme, track, phase, reached_on, note) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (programme, track, phase) \
             DO UPDATE SET reached_on = excluded.reached_on, note = excluded.note",
        )
        .bind(PROGRAMME_ID)
        .bind(&r.track)
        .bind(&r.phase)
        .bind(r.reached_on)
        .bind(&r.note)
        .execute(c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &r.track,
            action: "track_phase",
            summary: format!("{} reached {}", r.phase, r.reached_on),
        },
    )
    .await?;
    tx.commit().await
}

/// An advice document of the experts or one of their conversations.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ExpertRecord {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub partner: String,
    pub held_on: Date,
    pub link: String,
    pub summary: String,
    pub recorded_by: String,
    pub recorded_on: Date,
}

pub async fn expert_records(db: &Db) -> Result<Vec<ExpertRecord>> {
    Ok(on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, kind, title, partner, held_on, link, summary, recorded_by, recorded_on \
             FROM expert_records WHERE programme = $1 ORDER BY held_on DESC, id DESC",
        )
        .bind(PROGRAMME_ID)
        .fetch_all(p)
        .await?
    }))
}

pub async fn add_expert_record(db: &Db, actor: &Actor, r: &ExpertRecord) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO expert_records (programme, kind, title, partner, held_on, link, \
             summary, recorded_by, recorded_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(PROGRAMME_ID)
        .bind(&r.kind)
        .bind(&r.title)
        .bind(&r.partner)
        .bind(r.held_on)
        .bind(&r.link)
        .bind(&r.summary)
        .bind(&actor.label)
        .bind(crate::monitor::store::today())
        .execute(c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &r.kind,
            action: "expert_record",
            summary: r.title.clone(),
        },
    )
    .await?;
    tx.commit().await
}

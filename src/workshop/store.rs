//! Persistence of the workshops' experiments, design-thinking log and
//! experiment requests (issue 15, items 1-3). A workshop itself, its
//! members and meetings are rows of the networks part
//! (`networks::store`). Every change writes its audit entry in its own
//! transaction; the rules that must hold under concurrency are checked
//! here, inside it: researchers and the educationalist are members of the
//! experiment's own workshop in that role, a published experiment is not
//! changed, a status moves only from the one the form was read with, and a
//! request is triaged once.

use time::{Date, OffsetDateTime};

use super::{Experiment, LogEntry, Phase, Request, RequestState, Requester, Status, Theme};
use crate::audit::{Actor, Event};
use crate::networks::Role;
use crate::store::{Db, Result, StoreError, Tx};
use crate::{on_db, on_tx};

pub const ENTITY: &str = "workshop";

fn corrupt(column: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.to_string(),
    }
}

/// An experiment as lists show it, or in full with its team and domains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredExperiment {
    pub id: i64,
    pub workshop: i64,
    pub title: String,
    pub question: String,
    pub theme: Theme,
    pub educationalist: Option<i64>,
    pub phase: Phase,
    pub status: Status,
    pub results: Option<String>,
    pub conclusions: Option<String>,
    /// Member ids; filled by [`experiment`], counted in lists.
    pub researchers: Vec<i64>,
    pub researcher_count: i64,
    pub domains: Vec<String>,
}

type ExperimentRow = (
    i64,
    i64,
    String,
    String,
    String,
    Option<i64>,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
);

const EXPERIMENT_SELECT: &str = "SELECT e.id, e.workshop_id, e.title, e.question, e.theme, \
     e.educationalist_id, e.phase, e.status, e.results, e.conclusions, \
     (SELECT COUNT(*) FROM experiment_researchers r WHERE r.experiment_id = e.id) \
     FROM experiments e";

fn experiment_of(row: ExperimentRow) -> Result<StoredExperiment> {
    let (
        id,
        workshop,
        title,
        question,
        theme,
        educationalist,
        phase,
        status,
        results,
        conclusions,
        n,
    ) = row;
    Ok(StoredExperiment {
        id,
        workshop,
        title,
        question,
        theme: Theme::parse(&theme).ok_or_else(|| corrupt("experiments.theme", &theme))?,
        educationalist,
        phase: Phase::parse(&phase).ok_or_else(|| corrupt("experiments.phase", &phase))?,
        status: Status::parse(&status).ok_or_else(|| corrupt("experiments.status", &status))?,
        results,
        conclusions,
        researchers: Vec::new(),
        researcher_count: n,
        domains: Vec::new(),
    })
}

/// The experiments of `workshop`, newest first.
pub async fn experiments(db: &Db, workshop: i64) -> Result<Vec<StoredExperiment>> {
    let sql = format!("{EXPERIMENT_SELECT} WHERE e.workshop_id = $1 ORDER BY e.id DESC");
    let rows: Vec<ExperimentRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(workshop).fetch_all(p).await?
    });
    rows.into_iter().map(experiment_of).collect()
}

/// Experiment `id` of `workshop`, with its researchers and domains.
pub async fn experiment(db: &Db, workshop: i64, id: i64) -> Result<StoredExperiment> {
    let sql = format!("{EXPERIMENT_SELECT} WHERE e.id = $1 AND e.workshop_id = $2");
    let row: Option<ExperimentRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(id)
            .bind(workshop)
            .fetch_optional(p)
            .await?
    });
    let mut e = experiment_of(row.ok_or(StoreError::NotFound)?)?;
    let researchers: Vec<(i64,)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT member_id FROM experiment_researchers WHERE experiment_id = $1 \
             ORDER BY member_id",
        )
        .bind(id)
        .fetch_all(p)
        .await?
    });
    e.researchers = researchers.into_iter().map(|(m,)| m).collect();
    let domains: Vec<(String,)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT domain FROM experiment_domains WHERE experiment_id = $1 ORDER BY domain",
        )
        .bind(id)
        .fetch_all(p)
        .await?
    });
    e.domains = domains.into_iter().map(|(d,)| d).collect();
    Ok(e)
}

/// The member `member` of `workshop` has `role`.
async fn require_member(tx: &mut Tx, workshop: i64, member: i64, role: Role) -> Result<()> {
    let found: Option<(i64,)> = on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT id FROM network_members WHERE id = $1 AND network_id = $2 AND role = $3",
        )
        .bind(member)
        .bind(workshop)
        .bind(role.as_str())
        .fetch_optional(&mut *c)
        .await?
    });
    found.map(|_| ()).ok_or(StoreError::MissingReference {
        constraint: "experiment_researchers.member_id".into(),
    })
}

async fn write_team(tx: &mut Tx, workshop: i64, id: i64, e: &Experiment) -> Result<()> {
    if let Some(m) = e.educationalist {
        require_member(tx, workshop, m, Role::Educationalist).await?;
    }
    on_tx!(tx, |c| {
        sqlx::query("DELETE FROM experiment_researchers WHERE experiment_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM experiment_domains WHERE experiment_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
    });
    for m in &e.researchers {
        require_member(tx, workshop, *m, Role::Researcher).await?;
        on_tx!(tx, |c| {
            sqlx::query(
                "INSERT INTO experiment_researchers (experiment_id, member_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(m)
            .execute(&mut *c)
            .await?;
        });
    }
    for d in &e.domains {
        on_tx!(tx, |c| {
            sqlx::query("INSERT INTO experiment_domains (experiment_id, domain) VALUES ($1, $2)")
                .bind(id)
                .bind(d)
                .execute(&mut *c)
                .await?;
        });
    }
    Ok(())
}

fn summary(id: i64, e: &Experiment) -> String {
    format!(
        "experiment {id}: {} ({}, {}, {}), {} researchers",
        e.title,
        e.theme.as_str(),
        e.phase.as_str(),
        e.status.as_str(),
        e.researchers.len()
    )
}

pub const EXPERIMENT_CREATED: &str = "experiment_created";
pub const EXPERIMENT_CHANGED: &str = "experiment_changed";
pub const EXPERIMENT_LOGGED: &str = "experiment_logged";
pub const REQUEST_RECEIVED: &str = "experiment_request_received";
pub const REQUEST_DECIDED: &str = "experiment_request_decided";

pub async fn create_experiment(
    db: &Db,
    actor: &Actor,
    workshop: i64,
    e: &Experiment,
    at: OffsetDateTime,
) -> Result<i64> {
    if !matches!(e.status, Status::Idea | Status::Running) {
        return Err(StoreError::WrongState {
            entity: "experiment",
            state: e.status.as_str().into(),
        });
    }
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO experiments (workshop_id, title, question, theme, educationalist_id, \
             phase, status, results, conclusions, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(workshop)
        .bind(&e.title)
        .bind(&e.question)
        .bind(e.theme.as_str())
        .bind(e.educationalist)
        .bind(e.phase.as_str())
        .bind(e.status.as_str())
        .bind(&e.results)
        .bind(&e.conclusions)
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    write_team(&mut tx, workshop, id, e).await?;
    let entity_id = workshop.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: EXPERIMENT_CREATED,
            summary: summary(id, e),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes experiment `id`, whose status was `was` when the form was read.
/// A published experiment, a status changed meanwhile or a step the status
/// may not take is refused with `WrongState`.
pub async fn update_experiment(
    db: &Db,
    actor: &Actor,
    workshop: i64,
    id: i64,
    e: &Experiment,
    was: Status,
) -> Result<()> {
    if !was.editable() || !was.may_become(e.status) {
        return Err(StoreError::WrongState {
            entity: "experiment",
            state: was.as_str().into(),
        });
    }
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE experiments SET title = $4, question = $5, theme = $6, \
             educationalist_id = $7, phase = $8, status = $9, results = $10, conclusions = $11 \
             WHERE id = $1 AND workshop_id = $2 AND status = $3",
        )
        .bind(id)
        .bind(workshop)
        .bind(was.as_str())
        .bind(&e.title)
        .bind(&e.question)
        .bind(e.theme.as_str())
        .bind(e.educationalist)
        .bind(e.phase.as_str())
        .bind(e.status.as_str())
        .bind(&e.results)
        .bind(&e.conclusions)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        let now: Option<(String,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as("SELECT status FROM experiments WHERE id = $1 AND workshop_id = $2")
                .bind(id)
                .bind(workshop)
                .fetch_optional(&mut *c)
                .await?
        });
        return Err(match now {
            None => StoreError::NotFound,
            Some((s,)) => StoreError::WrongState {
                entity: "experiment",
                state: s,
            },
        });
    }
    write_team(&mut tx, workshop, id, e).await?;
    if e.status == Status::Published {
        // "Alle verrichte experimenten worden publiekelijk gedeeld via de
        // website": in the same transaction, so an experiment is never
        // published without its library item.
        let at = crate::store::now();
        let year = crate::networks::SchoolYear::of(at.date());
        let item = crate::library::Item::of_experiment(e, year);
        crate::library::store::publish_experiment(&mut tx, actor, id, &item, at).await?;
    }
    let entity_id = workshop.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: EXPERIMENT_CHANGED,
            summary: summary(id, e),
        },
    )
    .await?;
    tx.commit().await
}

/// A stored log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredLog {
    pub id: i64,
    pub entry: LogEntry,
    pub by: String,
}

type LogRow = (i64, String, Date, String, String, Option<String>, String);

/// The design-thinking log of experiment `id`, in date order.
pub async fn log(db: &Db, id: i64) -> Result<Vec<StoredLog>> {
    let rows: Vec<LogRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, phase, logged_on, done, learned, link, created_by FROM experiment_log \
             WHERE experiment_id = $1 ORDER BY logged_on, id",
        )
        .bind(id)
        .fetch_all(p)
        .await?
    });
    rows.into_iter()
        .map(|(id, phase, logged_on, done, learned, link, by)| {
            Ok(StoredLog {
                id,
                entry: LogEntry {
                    phase: Phase::parse(&phase)
                        .ok_or_else(|| corrupt("experiment_log.phase", &phase))?,
                    logged_on,
                    done,
                    learned,
                    link,
                },
                by,
            })
        })
        .collect()
}

/// Adds a log entry to experiment `id` of `workshop`; a published
/// experiment's log is closed (`WrongState`).
pub async fn add_log(
    db: &Db,
    actor: &Actor,
    workshop: i64,
    id: i64,
    entry: &LogEntry,
    at: OffsetDateTime,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let status: Option<(String,)> = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT status FROM experiments WHERE id = $1 AND workshop_id = $2")
            .bind(id)
            .bind(workshop)
            .fetch_optional(&mut *c)
            .await?
    });
    let (status,) = status.ok_or(StoreError::NotFound)?;
    if status == Status::Published.as_str() {
        return Err(StoreError::WrongState {
            entity: "experiment",
            state: status,
        });
    }
    let log_id: i64 = on_tx!(&mut tx, |c| {
        let (log_id,): (i64,) = sqlx::query_as(
            "INSERT INTO experiment_log (experiment_id, phase, logged_on, done, learned, link, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(id)
        .bind(entry.phase.as_str())
        .bind(entry.logged_on)
        .bind(&entry.done)
        .bind(&entry.learned)
        .bind(&entry.link)
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        log_id
    });
    let entity_id = workshop.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: EXPERIMENT_LOGGED,
            summary: format!(
                "experiment {id}: log {log_id} ({}, {})",
                entry.phase.as_str(),
                entry.logged_on
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(log_id)
}

/// A stored request with its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRequest {
    pub id: i64,
    pub workshop: i64,
    pub from: Requester,
    /// The requesting network's name (`None` for the steering group).
    pub from_name: Option<String>,
    pub question: String,
    pub requested_on: Date,
    pub state: RequestState,
    /// The accepted experiment's title.
    pub experiment_title: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<Date>,
}

type RequestRow = (
    i64,
    i64,
    Option<i64>,
    Option<String>,
    String,
    Date,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Date>,
);

const REQUEST_SELECT: &str = "SELECT q.id, q.workshop_id, q.from_network_id, n.name, q.question, \
     q.requested_on, q.status, q.experiment_id, e.title, q.reason, q.decided_by, q.decided_on \
     FROM experiment_requests q LEFT JOIN networks n ON n.id = q.from_network_id \
     LEFT JOIN experiments e ON e.id = q.experiment_id";

fn request_of(row: RequestRow) -> Result<StoredRequest> {
    let (
        id,
        workshop,
        from,
        from_name,
        question,
        requested_on,
        status,
        experiment,
        title,
        reason,
        decided_by,
        decided_on,
    ) = row;
    let state = match (status.as_str(), experiment, reason) {
        ("pending", _, _) => RequestState::Pending,
        ("accepted", Some(e), _) => RequestState::Accepted(e),
        ("declined", _, Some(r)) => RequestState::Declined(r),
        _ => return Err(corrupt("experiment_requests.status", &status)),
    };
    Ok(StoredRequest {
        id,
        workshop,
        from: from.map_or(Requester::SteeringGroup, Requester::Network),
        from_name,
        question,
        requested_on,
        state,
        experiment_title: title,
        decided_by,
        decided_on,
    })
}

/// The requests to `workshop`, newest first.
pub async fn requests(db: &Db, workshop: i64) -> Result<Vec<StoredRequest>> {
    let sql = format!(
        "{REQUEST_SELECT} WHERE q.workshop_id = $1 ORDER BY q.requested_on DESC, q.id DESC"
    );
    let rows: Vec<RequestRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(workshop).fetch_all(p).await?
    });
    rows.into_iter().map(request_of).collect()
}

/// The requests a network sent, to any workshop, newest first: what the
/// requester sees of the outcome.
pub async fn requests_from(db: &Db, network: i64) -> Result<Vec<StoredRequest>> {
    let sql = format!(
        "{REQUEST_SELECT} WHERE q.from_network_id = $1 ORDER BY q.requested_on DESC, q.id DESC"
    );
    let rows: Vec<RequestRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(network).fetch_all(p).await?
    });
    rows.into_iter().map(request_of).collect()
}

pub async fn request(db: &Db, workshop: i64, id: i64) -> Result<StoredRequest> {
    let sql = format!("{REQUEST_SELECT} WHERE q.id = $1 AND q.workshop_id = $2");
    let row: Option<RequestRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(id)
            .bind(workshop)
            .fetch_optional(p)
            .await?
    });
    request_of(row.ok_or(StoreError::NotFound)?)
}

pub async fn create_request(
    db: &Db,
    actor: &Actor,
    workshop: i64,
    r: &Request,
    at: OffsetDateTime,
) -> Result<i64> {
    let from = match r.from {
        Requester::Network(n) => Some(n),
        Requester::SteeringGroup => None,
    };
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO experiment_requests (workshop_id, from_network_id, question, \
             requested_on, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
        )
        .bind(workshop)
        .bind(from)
        .bind(&r.question)
        .bind(r.requested_on)
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    let entity_id = workshop.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: REQUEST_RECEIVED,
            summary: format!(
                "request {id} from {}, {}",
                from.map_or("the steering group".to_string(), |n| format!("network {n}")),
                r.requested_on
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Triages a pending request: accepted with an experiment of the same
/// workshop, or declined with a reason. A request that is no longer
/// pending is refused with `WrongState`; an experiment of another workshop
/// with `MissingReference`.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    workshop: i64,
    id: i64,
    state: &RequestState,
    today: Date,
) -> Result<()> {
    let (experiment, reason) = match state {
        RequestState::Pending => {
            return Err(StoreError::WrongState {
                entity: "experiment request",
                state: "pending".into(),
            });
        }
        RequestState::Accepted(e) => (Some(*e), None),
        RequestState::Declined(r) => (None, Some(r.as_str())),
    };
    let mut tx = db.begin().await?;
    if let Some(e) = experiment {
        let ours: Option<(i64,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as("SELECT id FROM experiments WHERE id = $1 AND workshop_id = $2")
                .bind(e)
                .bind(workshop)
                .fetch_optional(&mut *c)
                .await?
        });
        if ours.is_none() {
            return Err(StoreError::MissingReference {
                constraint: "experiment_requests.experiment_id".into(),
            });
        }
    }
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE experiment_requests SET status = $3, experiment_id = $4, reason = $5, \
             decided_by = $6, decided_on = $7 \
             WHERE id = $1 AND workshop_id = $2 AND status = 'pending'",
        )
        .bind(id)
        .bind(workshop)
        .bind(state.as_str())
        .bind(experiment)
        .bind(reason)
        .bind(&actor.label)
        .bind(today)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        let exists: Option<(String,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as(
                "SELECT status FROM experiment_requests WHERE id = $1 AND workshop_id = $2",
            )
            .bind(id)
            .bind(workshop)
            .fetch_optional(&mut *c)
            .await?
        });
        return Err(match exists {
            None => StoreError::NotFound,
            Some((s,)) => StoreError::WrongState {
                entity: "experiment request",
                state: s,
            },
        });
    }
    let entity_id = workshop.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: REQUEST_DECIDED,
            summary: format!("request {id}: {}", state.as_str()),
        },
    )
    .await?;
    tx.commit().await
}

/// The participation of every teacher-researcher of every workshop:
/// workshop name, joined, left. What `workshop.researchers` counts.
pub async fn researcher_spans(db: &Db) -> Result<Vec<(String, Date, Option<Date>)>> {
    let rows: Vec<(String, Date, Option<Date>)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT n.name, m.joined_on, m.left_on FROM network_members m \
             JOIN networks n ON n.id = m.network_id \
             WHERE n.kind = 'workshop' AND m.role = 'researcher' ORDER BY n.name, m.id",
        )
        .fetch_all(p)
        .await?
    });
    Ok(rows)
}

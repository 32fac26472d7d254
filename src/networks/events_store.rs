//! Persistence of knowledge-sharing events and their registrations
//! (issue 16, item 4). Every change is one transaction with its audit
//! entry; the audit entries name registrations by id only, never by name
//! or address, because the log outlives the registrations (retention).
//!
//! The capacity rule holds under concurrency: a registration and a
//! cancellation lock the event's row first (`FOR UPDATE` on PostgreSQL;
//! SQLite's write transactions are `BEGIN IMMEDIATE`, one at a time), then
//! count the places held and decide inside the same transaction, so two
//! people never get the last place and a freed place goes to exactly the
//! first on the waiting list. A cancellation is a conditional update
//! (`WHERE status IN ('registered', 'waiting')`): a link works once.

use time::{Date, OffsetDateTime};

use super::events::{Event, Registration, Status, moving_up};
use crate::audit::{Actor, Event as AuditEvent};
use crate::store::{Db, Result, StoreError, Tx};
use crate::{on_db, on_tx};

pub const ENTITY: &str = "knowledge_event";
pub const CREATED: &str = "knowledge_event_created";
pub const CHANGED: &str = "knowledge_event_changed";
pub const DELETED: &str = "knowledge_event_deleted";
pub const REGISTERED: &str = "knowledge_event_registered";
pub const CANCELLED: &str = "knowledge_event_registration_cancelled";
pub const MOVED_UP: &str = "knowledge_event_moved_up";
pub const EXPIRED: &str = "knowledge_event_registrations_deleted";

/// Who registers and cancels: a visitor of the public pages.
pub fn public_actor() -> Actor {
    Actor {
        user_id: None,
        label: "public".into(),
    }
}

/// A stored event with its counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub event: Event,
    pub registered: i64,
    pub waiting: i64,
}

impl StoredEvent {
    pub fn places_left(&self) -> i64 {
        super::events::places_left(self.event.capacity, self.registered)
    }
}

type EventRow = (
    i64,
    String,
    OffsetDateTime,
    OffsetDateTime,
    String,
    String,
    String,
    i64,
    bool,
    i64,
    i64,
);

const EVENT_SELECT: &str = "SELECT e.id, e.title, e.starts_at, e.ends_at, e.place, e.online_url, \
     e.programme, e.capacity, e.cancelled, \
     (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered'), \
     (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting') \
     FROM knowledge_events e";

fn stored(r: EventRow) -> StoredEvent {
    let (
        id,
        title,
        starts_at,
        ends_at,
        place,
        online_url,
        programme,
        capacity,
        cancelled,
        registered,
        waiting,
    ) = r;
    StoredEvent {
        id,
        event: Event {
            title,
            starts_at,
            ends_at,
            place,
            online_url,
            programme,
            capacity,
            cancelled,
        },
        registered,
        waiting,
    }
}

/// Every event, earliest first.
pub async fn events(db: &Db) -> Result<Vec<StoredEvent>> {
    let sql = format!("{EVENT_SELECT} ORDER BY e.starts_at, e.id");
    let rows: Vec<EventRow> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?);
    Ok(rows.into_iter().map(stored).collect())
}

pub async fn event(db: &Db, id: i64) -> Result<StoredEvent> {
    let sql = format!("{EVENT_SELECT} WHERE e.id = $1");
    let row: Option<EventRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(id).fetch_optional(p).await?
    });
    row.map(stored).ok_or(StoreError::NotFound)
}

async fn record(tx: &mut Tx, actor: &Actor, event: AuditEvent<'_>) -> Result<()> {
    crate::audit::store::record(tx, actor, event).await
}

fn summary(e: &Event) -> String {
    format!(
        "{} on {}, capacity {}{}",
        e.title,
        e.starts_at,
        e.capacity,
        if e.cancelled { ", called off" } else { "" }
    )
}

pub async fn create_event(db: &Db, actor: &Actor, e: &Event, at: OffsetDateTime) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO knowledge_events (title, starts_at, ends_at, place, online_url, programme, \
             capacity, cancelled, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(&e.title)
        .bind(e.starts_at)
        .bind(e.ends_at)
        .bind(&e.place)
        .bind(&e.online_url)
        .bind(&e.programme)
        .bind(e.capacity)
        .bind(e.cancelled)
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    record(
        &mut tx,
        actor,
        AuditEvent {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: CREATED,
            summary: summary(e),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Someone who got a place from the waiting list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedUp {
    pub registration: i64,
    pub name: String,
    pub email: String,
}

/// Locks the event's row for the rest of `tx` and returns its capacity and
/// whether it is called off; `NotFound` when it does not exist.
async fn lock_event(tx: &mut Tx, id: i64) -> Result<(i64, bool, OffsetDateTime)> {
    let sql = format!(
        "SELECT capacity, cancelled, starts_at FROM knowledge_events WHERE id = $1{}",
        tx.for_update()
    );
    let row: Option<(i64, bool, OffsetDateTime)> = on_tx!(tx, |c| {
        sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
    });
    row.ok_or(StoreError::NotFound)
}

async fn count(tx: &mut Tx, id: i64, status: Status) -> Result<i64> {
    let (n,): (i64,) = on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = $2",
        )
        .bind(id)
        .bind(status.as_str())
        .fetch_one(&mut *c)
        .await?
    });
    Ok(n)
}

/// Gives free places to the first on the waiting list, in order, inside
/// `tx` (the event's row is locked).
async fn move_up(tx: &mut Tx, actor: &Actor, id: i64, capacity: i64) -> Result<Vec<MovedUp>> {
    let registered = count(tx, id, Status::Registered).await?;
    let waiting = count(tx, id, Status::Waiting).await?;
    let n = moving_up(capacity, registered, waiting);
    if n == 0 {
        return Ok(Vec::new());
    }
    let first: Vec<(i64, String, String)> = on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT id, name, email FROM event_registrations \
             WHERE event_id = $1 AND status = 'waiting' ORDER BY registered_at, id LIMIT $2",
        )
        .bind(id)
        .bind(n)
        .fetch_all(&mut *c)
        .await?
    });
    let mut out = Vec::new();
    for (registration, name, email) in first {
        let done = on_tx!(tx, |c| {
            sqlx::query(
                "UPDATE event_registrations SET status = 'registered' \
                 WHERE id = $1 AND status = 'waiting'",
            )
            .bind(registration)
            .execute(&mut *c)
            .await?
            .rows_affected()
        });
        if done == 1 {
            record(
                tx,
                actor,
                AuditEvent {
                    entity: ENTITY,
                    entity_id: &id.to_string(),
                    action: MOVED_UP,
                    summary: format!("registration {registration} moved up from the waiting list"),
                },
            )
            .await?;
            out.push(MovedUp {
                registration,
                name,
                email,
            });
        }
    }
    Ok(out)
}

/// Changes an event. A capacity below the places already held is refused
/// (`WrongState { state: "capacity" }`); a larger one moves people up from
/// the waiting list in the same transaction (returned, to be told).
pub async fn update_event(
    db: &Db,
    actor: &Actor,
    id: i64,
    e: &Event,
    at: OffsetDateTime,
) -> Result<Vec<MovedUp>> {
    let mut tx = db.begin().await?;
    lock_event(&mut tx, id).await?;
    if count(&mut tx, id, Status::Registered).await? > e.capacity {
        return Err(StoreError::WrongState {
            entity: ENTITY,
            state: "capacity".into(),
        });
    }
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE knowledge_events SET title = $2, starts_at = $3, ends_at = $4, place = $5, \
             online_url = $6, programme = $7, capacity = $8, cancelled = $9, updated_at = $10 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&e.title)
        .bind(e.starts_at)
        .bind(e.ends_at)
        .bind(&e.place)
        .bind(&e.online_url)
        .bind(&e.programme)
        .bind(e.capacity)
        .bind(e.cancelled)
        .bind(at)
        .execute(&mut *c)
        .await?;
    });
    record(
        &mut tx,
        actor,
        AuditEvent {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: CHANGED,
            summary: summary(e),
        },
    )
    .await?;
    let moved = if e.cancelled || e.starts_at <= at {
        Vec::new()
    } else {
        move_up(&mut tx, actor, id, e.capacity).await?
    };
    tx.commit().await?;
    Ok(moved)
}

/// Deletes an event with its registrations.
pub async fn delete_event(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let (title,): (String,) = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT title FROM knowledge_events WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
            .ok_or(StoreError::NotFound)?
    });
    on_tx!(&mut tx, |c| {
        sqlx::query("DELETE FROM event_registrations WHERE event_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM knowledge_events WHERE id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
    });
    record(
        &mut tx,
        actor,
        AuditEvent {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: DELETED,
            summary: format!("{title} deleted with its registrations"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Registers for event `id` with the cancellation token's hash. The place
/// is decided here, with the event locked: a place while there is one,
/// otherwise the waiting list. Refused: an event that has started or is
/// called off (`WrongState { state: "closed" }`), an address already
/// registered for it (`Duplicate { constraint: "event_registrations.email" }`).
pub async fn register(
    db: &Db,
    id: i64,
    r: &Registration,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<(i64, Status)> {
    let mut tx = db.begin().await?;
    let (capacity, cancelled, starts_at) = lock_event(&mut tx, id).await?;
    if cancelled || starts_at <= now {
        return Err(StoreError::WrongState {
            entity: ENTITY,
            state: "closed".into(),
        });
    }
    let (taken,): (i64,) = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM event_registrations \
             WHERE event_id = $1 AND email = $2 AND status <> 'cancelled'",
        )
        .bind(id)
        .bind(&r.email)
        .fetch_one(&mut *c)
        .await?
    });
    if taken > 0 {
        return Err(StoreError::Duplicate {
            constraint: "event_registrations.email".into(),
        });
    }
    let status = Status::for_new(capacity, count(&mut tx, id, Status::Registered).await?);
    let registration: i64 = on_tx!(&mut tx, |c| {
        let (rid,): (i64,) = sqlx::query_as(
            "INSERT INTO event_registrations (event_id, name, email, institution, status, \
             token_hash, consented_at, registered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             RETURNING id",
        )
        .bind(id)
        .bind(&r.name)
        .bind(&r.email)
        .bind(&r.institution)
        .bind(status.as_str())
        .bind(token_hash)
        .bind(now)
        .fetch_one(&mut *c)
        .await?;
        rid
    });
    record(
        &mut tx,
        &public_actor(),
        AuditEvent {
            entity: ENTITY,
            entity_id: &id.to_string(),
            action: REGISTERED,
            summary: format!("registration {registration}: {}", status.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((registration, status))
}

/// A registration as its own link sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub registration: i64,
    pub event: i64,
    pub name: String,
    pub status: Status,
}

fn status_of(s: String) -> Result<Status> {
    Status::parse(&s).ok_or(StoreError::Corrupt {
        column: "event_registrations.status",
        value: s,
    })
}

/// The registration a cancellation token belongs to, while the link can
/// still cancel it; `NotFound` otherwise.
pub async fn by_token(db: &Db, token_hash: &str) -> Result<Held> {
    let row: Option<(i64, i64, String, String)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, event_id, name, status FROM event_registrations \
             WHERE token_hash = $1 AND status IN ('registered', 'waiting')",
        )
        .bind(token_hash)
        .fetch_optional(p)
        .await?
    });
    let (registration, event, name, status) = row.ok_or(StoreError::NotFound)?;
    Ok(Held {
        registration,
        event,
        name,
        status: status_of(status)?,
    })
}

/// What a cancellation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cancelled {
    pub event: i64,
    pub was: Status,
    /// Who got the freed place.
    pub moved_up: Vec<MovedUp>,
}

/// Cancels the registration of `token_hash`, once: a used or unknown link
/// is `NotFound`. A freed place goes to the first on the waiting list in
/// the same transaction, while the event is still to come.
pub async fn cancel(db: &Db, token_hash: &str, now: OffsetDateTime) -> Result<Cancelled> {
    let mut tx = db.begin().await?;
    let found: Option<(i64, i64)> = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT id, event_id FROM event_registrations WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *c)
            .await?
    });
    let (registration, event) = found.ok_or(StoreError::NotFound)?;
    let (capacity, called_off, starts_at) = lock_event(&mut tx, event).await?;
    let (was,): (String,) = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT status FROM event_registrations WHERE id = $1")
            .bind(registration)
            .fetch_one(&mut *c)
            .await?
    });
    let was = status_of(was)?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE event_registrations SET status = 'cancelled', cancelled_at = $2 \
             WHERE id = $1 AND status IN ('registered', 'waiting')",
        )
        .bind(registration)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done != 1 || !was.cancellable() {
        return Err(StoreError::NotFound);
    }
    record(
        &mut tx,
        &public_actor(),
        AuditEvent {
            entity: ENTITY,
            entity_id: &event.to_string(),
            action: CANCELLED,
            summary: format!("registration {registration} cancelled ({})", was.as_str()),
        },
    )
    .await?;
    let moved_up = if was == Status::Registered && !called_off && now < starts_at {
        move_up(&mut tx, &public_actor(), event, capacity).await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(Cancelled {
        event,
        was,
        moved_up,
    })
}

/// One person on an event's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub institution: String,
    pub status: Status,
    pub registered_at: OffsetDateTime,
}

/// The registrations of event `id`: places first, then the waiting list in
/// its order, then the cancelled.
pub async fn attendees(db: &Db, id: i64) -> Result<Vec<Attendee>> {
    let rows: Vec<(i64, String, String, String, String, OffsetDateTime)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, name, email, institution, status, registered_at FROM event_registrations \
             WHERE event_id = $1 ORDER BY CASE status WHEN 'registered' THEN 0 \
             WHEN 'waiting' THEN 1 ELSE 2 END, registered_at, id",
        )
        .bind(id)
        .fetch_all(p)
        .await?
    });
    rows.into_iter()
        .map(|(id, name, email, institution, status, registered_at)| {
            Ok(Attendee {
                id,
                name,
                email,
                institution,
                status: status_of(status)?,
                registered_at,
            })
        })
        .collect()
}

/// Deletes the registrations of every event that ended more than `days`
/// days before `today` (days in Amsterdam), with one audit entry per event
/// concerned; returns how many were deleted.
pub async fn delete_expired_registrations(db: &Db, today: Date, days: u32) -> Result<u64> {
    let cutoff_day = today - time::Duration::days(i64::from(days));
    let Some(cutoff) = crate::audit::day_start(cutoff_day) else {
        return Ok(0);
    };
    let mut tx = db.begin().await?;
    let due: Vec<(i64, i64)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "SELECT e.id, COUNT(r.id) FROM knowledge_events e \
             JOIN event_registrations r ON r.event_id = e.id \
             WHERE e.ends_at < $1 GROUP BY e.id ORDER BY e.id",
        )
        .bind(cutoff)
        .fetch_all(&mut *c)
        .await?
    });
    let mut deleted = 0;
    for (event, n) in due {
        on_tx!(&mut tx, |c| {
            sqlx::query("DELETE FROM event_registrations WHERE event_id = $1")
                .bind(event)
                .execute(&mut *c)
                .await?;
        });
        record(
            &mut tx,
            &Actor::system(),
            AuditEvent {
                entity: ENTITY,
                entity_id: &event.to_string(),
                action: EXPIRED,
                summary: format!("{n} registrations deleted, {days} days after the event"),
            },
        )
        .await?;
        deleted += n as u64;
    }
    tx.commit().await?;
    Ok(deleted)
}

/// The retention job: deletes expired registrations now and then every
/// `every`, for as long as the server runs.
pub async fn retention_every(db: Db, days: u32, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match delete_expired_registrations(&db, crate::monitor::store::today(), days).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                deleted = n,
                days,
                "event registrations past retention deleted"
            ),
            Err(e) => tracing::warn!(error = %e, "event registration retention failed"),
        }
    }
}

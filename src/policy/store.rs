//! Persistence of the policy part: statuses with their history, and
//! documents (their bytes in the database under a generated id). Every
//! change writes its history and audit entry in the same transaction.

use time::{Date, OffsetDateTime};

use super::document::Kind;
use super::{FieldChange, Stage, Status, Topic};
use crate::audit::{Actor, Event};
use crate::store::{Db, Result, StoreError, Tx};
use crate::{on_db, on_tx};

pub const ENTITY: &str = "policy";

#[derive(sqlx::FromRow)]
struct StatusRow {
    institution_code: String,
    vision_stage: String,
    vision_adopted_on: Option<Date>,
    plan_stage: String,
    plan_adopted_on: Option<Date>,
    development_stage: String,
    development_adopted_on: Option<Date>,
    covers_ict: bool,
    covers_cyber: bool,
    updated_by: String,
    updated_at: OffsetDateTime,
}

const STATUS_COLUMNS: &str = "institution_code, vision_stage, vision_adopted_on, plan_stage, \
     plan_adopted_on, development_stage, development_adopted_on, covers_ict, covers_cyber, \
     updated_by, updated_at";

fn stage(column: &'static str, v: &str) -> Result<Stage> {
    Stage::parse(v).ok_or_else(|| StoreError::Corrupt {
        column,
        value: v.to_string(),
    })
}

impl StatusRow {
    fn status(&self) -> Result<Status> {
        Ok(Status {
            vision: super::Adoption {
                stage: stage("policy_status.vision_stage", &self.vision_stage)?,
                adopted_on: self.vision_adopted_on,
            },
            plan: super::Adoption {
                stage: stage("policy_status.plan_stage", &self.plan_stage)?,
                adopted_on: self.plan_adopted_on,
            },
            development: super::Adoption {
                stage: stage("policy_status.development_stage", &self.development_stage)?,
                adopted_on: self.development_adopted_on,
            },
            covers_ict: self.covers_ict,
            covers_cyber: self.covers_cyber,
        })
    }
}

/// A stored status with who last changed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub institution: String,
    pub status: Status,
    pub updated_by: String,
    pub updated_at: OffsetDateTime,
}

fn stored(r: StatusRow) -> Result<Stored> {
    Ok(Stored {
        status: r.status()?,
        institution: r.institution_code,
        updated_by: r.updated_by,
        updated_at: r.updated_at,
    })
}

/// The status of `code`; `None` when nothing was recorded yet.
pub async fn status(db: &Db, code: &str) -> Result<Option<Stored>> {
    let sql = format!("SELECT {STATUS_COLUMNS} FROM policy_status WHERE institution_code = $1");
    let row: Option<StatusRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(code).fetch_optional(p).await?
    });
    row.map(stored).transpose()
}

/// Every recorded status, by institution code.
pub async fn all_statuses(db: &Db) -> Result<Vec<Stored>> {
    let sql = format!("SELECT {STATUS_COLUMNS} FROM policy_status ORDER BY institution_code");
    let rows: Vec<StatusRow> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?);
    rows.into_iter().map(stored).collect()
}

/// One change of one field.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct HistoryRow {
    pub institution_code: String,
    pub field: String,
    pub from_value: String,
    pub to_value: String,
    pub changed_by: String,
    pub changed_at: OffsetDateTime,
}

impl HistoryRow {
    /// As a change of the status (`None` for a field this version does
    /// not know).
    pub fn change(&self) -> Option<FieldChange> {
        let field = super::FIELDS.iter().find(|f| **f == self.field)?;
        Some(FieldChange {
            field,
            from: self.from_value.clone(),
            to: self.to_value.clone(),
        })
    }
}

const HISTORY_COLUMNS: &str =
    "institution_code, field, from_value, to_value, changed_by, changed_at";

/// The history of `code`, newest first.
pub async fn history(db: &Db, code: &str) -> Result<Vec<HistoryRow>> {
    let sql = format!(
        "SELECT {HISTORY_COLUMNS} FROM policy_history WHERE institution_code = $1 \
         ORDER BY changed_at DESC, id DESC"
    );
    Ok(on_db!(db, |p| {
        sqlx::query_as(&sql).bind(code).fetch_all(p).await?
    }))
}

/// Every institution's history, newest first.
pub async fn all_history(db: &Db) -> Result<Vec<HistoryRow>> {
    let sql =
        format!("SELECT {HISTORY_COLUMNS} FROM policy_history ORDER BY changed_at DESC, id DESC");
    Ok(on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?))
}

/// Locks the status row of `code` for this transaction (creating an empty
/// one first), and reads it: two saves at once each see the other's
/// result, so no change is lost from the history.
async fn lock_status(tx: &mut Tx, actor: &Actor, code: &str, at: OffsetDateTime) -> Result<Status> {
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO policy_status (institution_code, vision_stage, plan_stage, \
             development_stage, covers_ict, covers_cyber, updated_by, updated_at) \
             VALUES ($1, 'none', 'none', 'none', FALSE, FALSE, $2, $3) \
             ON CONFLICT (institution_code) DO NOTHING",
        )
        .bind(code)
        .bind(&actor.label)
        .bind(at)
        .execute(c)
        .await?;
    });
    let sql = format!("SELECT {STATUS_COLUMNS} FROM policy_status WHERE institution_code = $1");
    let row: StatusRow = match tx {
        Tx::Sqlite(t) => sqlx::query_as(&sql).bind(code).fetch_one(&mut **t).await?,
        Tx::Postgres(t) => {
            sqlx::query_as(&format!("{sql} FOR UPDATE"))
                .bind(code)
                .fetch_one(&mut **t)
                .await?
        }
    };
    row.status()
}

/// Saves `next` as the status of `code` at `at`, with a history row per
/// changed field and one audit entry. Returns the changes (none: nothing
/// is written). An unknown institution is `NotFound`.
pub async fn save_status(
    db: &Db,
    actor: &Actor,
    code: &str,
    next: &Status,
    at: OffsetDateTime,
) -> Result<Vec<FieldChange>> {
    let mut tx = db.begin().await?;
    let current = match lock_status(&mut tx, actor, code, at).await {
        Err(StoreError::MissingReference { .. }) => return Err(StoreError::NotFound),
        other => other?,
    };
    let changes = current.changes_to(next);
    if changes.is_empty() {
        return Ok(changes);
    }
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE policy_status SET vision_stage = $2, vision_adopted_on = $3, \
             plan_stage = $4, plan_adopted_on = $5, development_stage = $6, \
             development_adopted_on = $7, covers_ict = $8, covers_cyber = $9, \
             updated_by = $10, updated_at = $11 WHERE institution_code = $1",
        )
        .bind(code)
        .bind(next.vision.stage.as_str())
        .bind(next.vision.adopted_on)
        .bind(next.plan.stage.as_str())
        .bind(next.plan.adopted_on)
        .bind(next.development.stage.as_str())
        .bind(next.development.adopted_on)
        .bind(next.covers_ict)
        .bind(next.covers_cyber)
        .bind(&actor.label)
        .bind(at)
        .execute(&mut *c)
        .await?;
        for ch in &changes {
            sqlx::query(
                "INSERT INTO policy_history (institution_code, field, from_value, to_value, \
                 changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(code)
            .bind(ch.field)
            .bind(&ch.from)
            .bind(&ch.to)
            .bind(&actor.label)
            .bind(at)
            .execute(&mut *c)
            .await?;
        }
    });
    let summary = changes
        .iter()
        .map(|c| format!("{}: {:?} -> {:?}", c.field, c.from, c.to))
        .collect::<Vec<_>>()
        .join("; ");
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: code,
            action: "policy_status",
            summary,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(changes)
}

// --- documents ---------------------------------------------------------------

/// A stored document without its bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: i64,
    pub institution: String,
    pub topic: Topic,
    pub title: String,
    pub file_name: String,
    pub kind: Kind,
    pub size: i64,
    pub year: i64,
    pub shared: bool,
    pub shared_at: Option<OffsetDateTime>,
    pub uploaded_by: String,
    pub uploaded_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: i64,
    institution_code: String,
    topic: String,
    title: String,
    file_name: String,
    kind: String,
    size: i64,
    year: i64,
    shared: bool,
    shared_at: Option<OffsetDateTime>,
    uploaded_by: String,
    uploaded_at: OffsetDateTime,
}

const DOCUMENT_COLUMNS: &str = "d.id, d.institution_code, d.topic, d.title, d.file_name, d.kind, \
     d.size, d.year, d.shared, d.shared_at, d.uploaded_by, d.uploaded_at";

impl DocumentRow {
    fn document(self) -> Result<Document> {
        Ok(Document {
            topic: Topic::parse(&self.topic).ok_or(StoreError::Corrupt {
                column: "policy_documents.topic",
                value: self.topic.clone(),
            })?,
            kind: Kind::parse(&self.kind).ok_or(StoreError::Corrupt {
                column: "policy_documents.kind",
                value: self.kind.clone(),
            })?,
            id: self.id,
            institution: self.institution_code,
            title: self.title,
            file_name: self.file_name,
            size: self.size,
            year: self.year,
            shared: self.shared,
            shared_at: self.shared_at,
            uploaded_by: self.uploaded_by,
            uploaded_at: self.uploaded_at,
        })
    }
}

/// A document to store.
pub struct NewDocument<'a> {
    pub institution: &'a str,
    pub topic: Topic,
    pub title: &'a str,
    pub file_name: &'a str,
    pub kind: Kind,
    pub year: i64,
    pub bytes: &'a [u8],
}

/// Stores a document and its bytes; returns its id.
pub async fn add_document(
    db: &Db,
    actor: &Actor,
    d: &NewDocument<'_>,
    at: OffsetDateTime,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let inserted: Result<i64> = async {
        Ok(on_tx!(&mut tx, |c| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO policy_documents (institution_code, topic, title, file_name, kind, \
                 size, year, shared, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8, $9) RETURNING id",
            )
            .bind(d.institution)
            .bind(d.topic.as_str())
            .bind(d.title)
            .bind(d.file_name)
            .bind(d.kind.as_str())
            .bind(d.bytes.len() as i64)
            .bind(d.year)
            .bind(&actor.label)
            .bind(at)
            .fetch_one(&mut *c)
            .await?;
            sqlx::query(
                "INSERT INTO policy_document_content (document_id, content) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(d.bytes)
            .execute(&mut *c)
            .await?;
            id
        }))
    }
    .await;
    let id = match inserted {
        Err(StoreError::MissingReference { .. }) => return Err(StoreError::NotFound),
        other => other?,
    };
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: d.institution,
            action: "policy_document_added",
            summary: format!(
                "document {id} ({}, {}, {} bytes): {}",
                d.topic.as_str(),
                d.kind.as_str(),
                d.bytes.len(),
                d.file_name
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The documents of `code`, newest first.
pub async fn documents(db: &Db, code: &str) -> Result<Vec<Document>> {
    let sql = format!(
        "SELECT {DOCUMENT_COLUMNS} FROM policy_documents d WHERE d.institution_code = $1 \
         ORDER BY d.uploaded_at DESC, d.id DESC"
    );
    let rows: Vec<DocumentRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(code).fetch_all(p).await?
    });
    rows.into_iter().map(DocumentRow::document).collect()
}

pub async fn document(db: &Db, id: i64) -> Result<Document> {
    let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM policy_documents d WHERE d.id = $1");
    let row: Option<DocumentRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(id).fetch_optional(p).await?
    });
    row.ok_or(StoreError::NotFound)?.document()
}

/// The bytes of document `id`.
pub async fn content(db: &Db, id: i64) -> Result<Vec<u8>> {
    let row: Option<(Vec<u8>,)> = on_db!(db, |p| {
        sqlx::query_as("SELECT content FROM policy_document_content WHERE document_id = $1")
            .bind(id)
            .fetch_optional(p)
            .await?
    });
    Ok(row.ok_or(StoreError::NotFound)?.0)
}

/// Deletes document `id` of `code` (and its bytes).
pub async fn delete_document(db: &Db, actor: &Actor, code: &str, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let name: Option<(String,)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "DELETE FROM policy_documents WHERE id = $1 AND institution_code = $2 \
             RETURNING file_name",
        )
        .bind(id)
        .bind(code)
        .fetch_optional(&mut *c)
        .await?
    });
    let (name,) = name.ok_or(StoreError::NotFound)?;
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: code,
            action: "policy_document_deleted",
            summary: format!("document {id}: {name}"),
        },
    )
    .await?;
    tx.commit().await
}

/// Shares document `id` of `code` with the hr-directors network, or
/// withdraws it.
pub async fn set_shared(
    db: &Db,
    actor: &Actor,
    code: &str,
    id: i64,
    shared: bool,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE policy_documents SET shared = $3, shared_at = $4 \
             WHERE id = $1 AND institution_code = $2",
        )
        .bind(id)
        .bind(code)
        .bind(shared)
        .bind(shared.then_some(at))
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
            entity_id: code,
            action: if shared {
                "policy_document_shared"
            } else {
                "policy_document_withdrawn"
            },
            summary: format!("document {id}"),
        },
    )
    .await?;
    tx.commit().await
}

/// A search of the shared policy library.
#[derive(Clone, Debug, Default)]
pub struct SharedQuery {
    /// Part of the institution's name or code (lower case).
    pub institution: String,
    pub year: Option<i64>,
    pub topic: Option<Topic>,
}

/// A shared document with its institution's name.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub document: Document,
    pub institution_name: String,
}

/// One page of shared documents matching `q`, newest first, and how many
/// match in all.
pub async fn shared_documents(
    db: &Db,
    q: &SharedQuery,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Shared>, i64)> {
    let like = format!("%{}%", q.institution.trim().to_lowercase());
    let filter = "FROM policy_documents d JOIN institutions i ON i.code = d.institution_code \
         WHERE d.shared AND i.search_text LIKE $1 \
         AND ($2 = 0 OR d.year = $2) AND ($3 = '' OR d.topic = $3)";
    let year = q.year.unwrap_or(0);
    let topic = q.topic.map_or("", Topic::as_str);
    let sql = format!(
        "SELECT {DOCUMENT_COLUMNS}, i.name AS institution_name {filter} \
         ORDER BY d.shared_at DESC, d.id DESC LIMIT $4 OFFSET $5"
    );
    let count_sql = format!("SELECT COUNT(*) {filter}");
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        d: DocumentRow,
        institution_name: String,
    }
    let (rows, total): (Vec<Row>, i64) = on_db!(db, |p| {
        let rows = sqlx::query_as(&sql)
            .bind(&like)
            .bind(year)
            .bind(topic)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?;
        let (total,): (i64,) = sqlx::query_as(&count_sql)
            .bind(&like)
            .bind(year)
            .bind(topic)
            .fetch_one(p)
            .await?;
        (rows, total)
    });
    let docs = rows
        .into_iter()
        .map(|r| {
            Ok(Shared {
                document: r.d.document()?,
                institution_name: r.institution_name,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((docs, total))
}

/// The day the first document on `topic` was shared (for the milestone
/// "de eerste beleidsdocumenten ... gedeeld binnen het netwerk van
/// hr-directeuren"), among those still shared.
pub async fn first_shared(db: &Db, topic: Topic) -> Result<Option<OffsetDateTime>> {
    let row: Option<(Option<OffsetDateTime>,)> = on_db!(db, |p| {
        sqlx::query_as("SELECT MIN(shared_at) FROM policy_documents WHERE shared AND topic = $1")
            .bind(topic.as_str())
            .fetch_optional(p)
            .await?
    });
    Ok(row.and_then(|r| r.0))
}

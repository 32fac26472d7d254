//! Persistence of the library: items, their files and bytes, download
//! counts per file and day, and usage reports with their moderation.
//!
//! Every public read filters on `published_at IS NOT NULL` here, in SQL,
//! so no handler can forget it: [`public_item`], [`search`] with
//! `public`, [`latest`], [`oai_list`] and [`file_content`] with `public`.
//! Changes write their audit entry in their own transaction; publishing and
//! moderation are conditional updates (two concurrent clicks do one thing).

use time::{Date, OffsetDateTime};

use super::{
    FileInfo, Filter, Item, Kind, Licence, StoredItem, Theme, Usage, UsageHow, UsageRole,
    UsageState, parse_audiences,
};
use crate::audit::{Actor, Event};
use crate::networks::SchoolYear;
use crate::policy::document;
use crate::store::{Db, Result, StoreError, Tx};
use crate::{on_db, on_tx};

pub const ENTITY: &str = "library";
pub const ITEM_CREATED: &str = "library_item_created";
pub const ITEM_CHANGED: &str = "library_item_changed";
pub const ITEM_PUBLISHED: &str = "library_item_published";
pub const ITEM_UNPUBLISHED: &str = "library_item_unpublished";
pub const ITEM_DELETED: &str = "library_item_deleted";
pub const FILE_ADDED: &str = "library_file_added";
pub const FILE_DELETED: &str = "library_file_deleted";
pub const USAGE_MODERATED: &str = "library_usage_moderated";
pub const REPORTS_EXPORTED: &str = "library_usage_exported";

fn corrupt(column: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.to_string(),
    }
}

type ItemRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<OffsetDateTime>,
    OffsetDateTime,
);

const ITEM_COLUMNS: &str = "i.id, i.kind, i.title, i.summary, i.theme, i.audiences, \
     i.school_year, i.licence, i.authors, i.links, i.experiment_id, i.published_at, i.updated_at";

fn item_of(row: ItemRow) -> Result<StoredItem> {
    let (
        id,
        kind,
        title,
        summary,
        theme,
        audiences,
        school_year,
        licence,
        authors,
        links,
        experiment,
        published_at,
        updated_at,
    ) = row;
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    Ok(StoredItem {
        id,
        item: Item {
            kind: Kind::parse(&kind).ok_or_else(|| corrupt("library_items.kind", &kind))?,
            title,
            summary,
            theme: Theme::parse(&theme).ok_or_else(|| corrupt("library_items.theme", &theme))?,
            audiences: parse_audiences(&audiences)
                .ok_or_else(|| corrupt("library_items.audiences", &audiences))?,
            school_year: SchoolYear(
                i32::try_from(school_year)
                    .map_err(|_| corrupt("library_items.school_year", &school_year.to_string()))?,
            ),
            licence: Licence::parse(&licence)
                .ok_or_else(|| corrupt("library_items.licence", &licence))?,
            authors: lines(&authors),
            links: lines(&links),
        },
        published_at,
        updated_at,
        experiment,
    })
}

fn summary(id: i64, i: &Item) -> String {
    format!(
        "item {id}: {} ({}, {}, {})",
        i.title,
        i.kind.as_str(),
        i.school_year.label(),
        i.licence.code
    )
}

/// Records `event` of the library in `tx` (the entity is always the
/// library; the summary names the item).
async fn record(tx: &mut Tx, actor: &Actor, event: Event<'_>) -> Result<()> {
    crate::audit::store::record(tx, actor, event).await
}

async fn insert_item(
    tx: &mut Tx,
    actor: &Actor,
    i: &Item,
    experiment: Option<i64>,
    published_at: Option<OffsetDateTime>,
    at: OffsetDateTime,
) -> Result<i64> {
    let id: i64 = on_tx!(tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO library_items (kind, title, summary, theme, audiences, school_year, \
             licence, authors, authors_consent, links, experiment_id, published_at, created_by, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             RETURNING id",
        )
        .bind(i.kind.as_str())
        .bind(&i.title)
        .bind(&i.summary)
        .bind(i.theme.as_str())
        .bind(i.audiences_stored())
        .bind(i64::from(i.school_year.0))
        .bind(i.licence.code)
        .bind(i.authors.join("\n"))
        .bind(!i.authors.is_empty())
        .bind(i.links.join("\n"))
        .bind(experiment)
        .bind(published_at)
        .bind(&actor.label)
        .bind(at)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    Ok(id)
}

/// Stores a new, unpublished item.
pub async fn create_item(db: &Db, actor: &Actor, i: &Item, at: OffsetDateTime) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id = insert_item(&mut tx, actor, i, None, None, at).await?;
    record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "library",
            action: ITEM_CREATED,
            summary: summary(id, i),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes item `id`'s fields (published or not).
pub async fn update_item(
    db: &Db,
    actor: &Actor,
    id: i64,
    i: &Item,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE library_items SET kind = $2, title = $3, summary = $4, theme = $5, \
             audiences = $6, school_year = $7, licence = $8, authors = $9, \
             authors_consent = $10, links = $11, updated_at = $12 WHERE id = $1",
        )
        .bind(id)
        .bind(i.kind.as_str())
        .bind(&i.title)
        .bind(&i.summary)
        .bind(i.theme.as_str())
        .bind(i.audiences_stored())
        .bind(i64::from(i.school_year.0))
        .bind(i.licence.code)
        .bind(i.authors.join("\n"))
        .bind(!i.authors.is_empty())
        .bind(i.links.join("\n"))
        .bind(at)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::NotFound);
    }
    record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "library",
            action: ITEM_CHANGED,
            summary: summary(id, i),
        },
    )
    .await?;
    tx.commit().await
}

/// Publishes (`publish`) or withdraws item `id`. Publishing a published
/// item, or withdrawing one that is not, is refused with `WrongState`.
pub async fn set_published(
    db: &Db,
    actor: &Actor,
    id: i64,
    publish: bool,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        if publish {
            sqlx::query(
                "UPDATE library_items SET published_at = $2, updated_at = $2 \
                 WHERE id = $1 AND published_at IS NULL",
            )
            .bind(id)
            .bind(at)
            .execute(&mut *c)
            .await?
            .rows_affected()
        } else {
            sqlx::query(
                "UPDATE library_items SET published_at = NULL, updated_at = $2 \
                 WHERE id = $1 AND published_at IS NOT NULL",
            )
            .bind(id)
            .bind(at)
            .execute(&mut *c)
            .await?
            .rows_affected()
        }
    });
    if done == 0 {
        let found: Option<(Option<OffsetDateTime>,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as("SELECT published_at FROM library_items WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
        });
        return Err(match found {
            None => StoreError::NotFound,
            Some((p,)) => StoreError::WrongState {
                entity: "library_item",
                state: if p.is_some() { "published" } else { "draft" }.into(),
            },
        });
    }
    if publish {
        record(
            &mut tx,
            actor,
            Event {
                entity: ENTITY,
                entity_id: "library",
                action: ITEM_PUBLISHED,
                summary: format!("item {id}"),
            },
        )
        .await?;
    } else {
        record(
            &mut tx,
            actor,
            Event {
                entity: ENTITY,
                entity_id: "library",
                action: ITEM_UNPUBLISHED,
                summary: format!("item {id}"),
            },
        )
        .await?;
    }
    tx.commit().await
}

/// Deletes item `id` with its files, counts and usage reports.
pub async fn delete_item(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let title: Option<(String,)> = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT title FROM library_items WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
    });
    let (title,) = title.ok_or(StoreError::NotFound)?;
    on_tx!(&mut tx, |c| {
        // Children first: SQLite enforces ON DELETE CASCADE only with its
        // foreign-key pragma, which the pool sets; this keeps the order
        // explicit on both.
        for sql in [
            "DELETE FROM library_downloads WHERE file_id IN \
             (SELECT id FROM library_files WHERE item_id = $1)",
            "DELETE FROM library_file_content WHERE file_id IN \
             (SELECT id FROM library_files WHERE item_id = $1)",
            "DELETE FROM library_files WHERE item_id = $1",
            "DELETE FROM library_usage WHERE item_id = $1",
            "DELETE FROM library_items WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *c).await?;
        }
    });
    record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "library",
            action: ITEM_DELETED,
            summary: format!("item {id}: {title}"),
        },
    )
    .await?;
    tx.commit().await
}

/// Item `id`, published or not (the programme manager's pages).
pub async fn item(db: &Db, id: i64) -> Result<StoredItem> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM library_items i WHERE i.id = $1");
    let row: Option<ItemRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await?);
    item_of(row.ok_or(StoreError::NotFound)?)
}

/// Item `id` if it is published; otherwise `NotFound`, as if it did not
/// exist.
pub async fn public_item(db: &Db, id: i64) -> Result<StoredItem> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM library_items i WHERE i.id = $1 \
         AND i.published_at IS NOT NULL"
    );
    let row: Option<ItemRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await?);
    item_of(row.ok_or(StoreError::NotFound)?)
}

enum Param {
    Text(String),
    Int(i64),
}

/// The WHERE clause of a list and its parameters, numbered from 1 in the
/// order they appear (and are bound).
fn conditions(db: &Db, f: &Filter, public: bool) -> (String, Vec<Param>) {
    let mut clauses: Vec<String> = Vec::new();
    if public {
        clauses.push("i.published_at IS NOT NULL".into());
    }
    let mut params: Vec<Param> = Vec::new();
    let mut push = |clause: &dyn Fn(usize) -> String, p: Param| {
        params.push(p);
        clauses.push(clause(params.len()));
    };
    if !f.words.is_empty() {
        match db {
            Db::Sqlite(_) => push(
                &|n| {
                    format!("i.id IN (SELECT rowid FROM library_fts WHERE library_fts MATCH ${n})")
                },
                Param::Text(super::fts5_query(&f.words)),
            ),
            Db::Postgres(_) => push(
                &|n| {
                    format!(
                        "to_tsvector('simple', i.title || ' ' || i.summary || ' ' || i.authors) \
                         @@ to_tsquery('simple', ${n})"
                    )
                },
                Param::Text(super::tsquery(&f.words)),
            ),
        }
    }
    if let Some(k) = f.kind {
        push(
            &|n| format!("i.kind = ${n}"),
            Param::Text(k.as_str().into()),
        );
    }
    if let Some(t) = f.theme {
        push(
            &|n| format!("i.theme = ${n}"),
            Param::Text(t.as_str().into()),
        );
    }
    if let Some(a) = f.audience {
        push(
            &|n| format!("(',' || i.audiences || ',') LIKE ${n}"),
            Param::Text(format!("%,{},%", a.as_str())),
        );
    }
    if let Some(y) = f.school_year {
        push(
            &|n| format!("i.school_year = ${n}"),
            Param::Int(i64::from(y.0)),
        );
    }
    if let Some(l) = f.licence {
        push(&|n| format!("i.licence = ${n}"), Param::Text(l.code.into()));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (sql, params)
}

macro_rules! bind_all {
    ($q:expr, $params:expr) => {{
        let mut q = $q;
        for p in $params {
            q = match p {
                Param::Text(s) => q.bind(s.clone()),
                Param::Int(i) => q.bind(*i),
            };
        }
        q
    }};
}

/// The items matching `f` (only published ones when `public`), newest
/// first, `limit` from `offset`, and how many match in all.
pub async fn search(
    db: &Db,
    f: &Filter,
    public: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StoredItem>, i64)> {
    let (cond, params) = conditions(db, f, public);
    let n = params.len();
    let order = if public {
        "i.published_at DESC, i.id DESC"
    } else {
        "i.id DESC"
    };
    // The page's ids first (the sort holds only the keys), then their
    // rows: sorting whole rows with their summaries cost ten times more
    // for a search that matches thousands (bench/library_load.rs).
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM library_items i WHERE i.id IN \
         (SELECT i.id FROM library_items i{cond} ORDER BY {order} LIMIT ${} OFFSET ${}) \
         ORDER BY {order}",
        n + 1,
        n + 2
    );
    let count = format!("SELECT COUNT(*) FROM library_items i{cond}");
    let rows: Vec<ItemRow> = on_db!(db, |p| {
        bind_all!(sqlx::query_as(&sql), &params)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?
    });
    let (total,): (i64,) = on_db!(db, |p| {
        bind_all!(sqlx::query_as(&count), &params)
            .fetch_one(p)
            .await?
    });
    let items = rows.into_iter().map(item_of).collect::<Result<_>>()?;
    Ok((items, total))
}

/// The `n` most recently published items (the Atom feed).
pub async fn latest(db: &Db, n: i64) -> Result<Vec<StoredItem>> {
    search(db, &Filter::default(), true, n, 0)
        .await
        .map(|(items, _)| items)
}

/// The school years published items have, newest first (the filter's
/// choices).
pub async fn public_years(db: &Db) -> Result<Vec<SchoolYear>> {
    let rows: Vec<(i64,)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT DISTINCT school_year FROM library_items WHERE published_at IS NOT NULL \
             ORDER BY school_year DESC",
        )
        .fetch_all(p)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(y,)| i32::try_from(y).ok().map(SchoolYear))
        .collect())
}

fn day_start(d: Date) -> OffsetDateTime {
    d.midnight().assume_utc()
}

/// Published items changed between `from` and `until` (days in UTC,
/// inclusive), in id order: `limit` from `offset`, and the total.
pub async fn oai_list(
    db: &Db,
    from: Option<Date>,
    until: Option<Date>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StoredItem>, i64)> {
    let lo = from.map(day_start).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let hi = until
        .and_then(|d| d.next_day())
        .map(day_start)
        .unwrap_or_else(|| day_start(Date::MAX));
    let cond = "i.published_at IS NOT NULL AND i.updated_at >= $1 AND i.updated_at < $2";
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM library_items i WHERE {cond} ORDER BY i.id LIMIT $3 OFFSET $4"
    );
    let count = format!("SELECT COUNT(*) FROM library_items i WHERE {cond}");
    let rows: Vec<ItemRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(lo)
            .bind(hi)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?
    });
    let (total,): (i64,) = on_db!(db, |p| {
        sqlx::query_as(&count)
            .bind(lo)
            .bind(hi)
            .fetch_one(p)
            .await?
    });
    Ok((rows.into_iter().map(item_of).collect::<Result<_>>()?, total))
}

/// When the earliest published item last changed (OAI-PMH Identify).
pub async fn earliest(db: &Db) -> Result<Option<OffsetDateTime>> {
    let row: Option<(OffsetDateTime,)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT updated_at FROM library_items WHERE published_at IS NOT NULL \
             ORDER BY updated_at LIMIT 1",
        )
        .fetch_optional(p)
        .await?
    });
    Ok(row.map(|(t,)| t))
}

type FileRow = (i64, i64, String, String, i64, i64);

fn file_of((id, item, name, kind, size, downloads): FileRow) -> Result<FileInfo> {
    let k = document::Kind::parse(&kind).ok_or_else(|| corrupt("library_files.kind", &kind))?;
    Ok(FileInfo {
        id,
        item,
        name,
        content_type: k.mime().into(),
        size,
        downloads,
    })
}

const FILE_SELECT: &str = "SELECT f.id, f.item_id, f.name, f.kind, f.size, \
     CAST(COALESCE((SELECT SUM(d.count) FROM library_downloads d WHERE d.file_id = f.id), 0) \
     AS BIGINT) \
     FROM library_files f";

/// Adds file `name` of `kind` to item `item`.
pub async fn add_file(
    db: &Db,
    actor: &Actor,
    item: i64,
    name: &str,
    kind: document::Kind,
    bytes: &[u8],
    at: OffsetDateTime,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO library_files (item_id, name, kind, size, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(item)
        .bind(name)
        .bind(kind.as_str())
        .bind(bytes.len() as i64)
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        sqlx::query("INSERT INTO library_file_content (file_id, content) VALUES ($1, $2)")
            .bind(id)
            .bind(bytes)
            .execute(&mut *c)
            .await?;
        id
    });
    record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "library",
            action: FILE_ADDED,
            summary: format!("item {item}: file {id} {name}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The files of item `item`, with their counted downloads.
pub async fn files(db: &Db, item: i64) -> Result<Vec<FileInfo>> {
    let sql = format!("{FILE_SELECT} WHERE f.item_id = $1 ORDER BY f.id");
    let rows: Vec<FileRow> = on_db!(db, |p| sqlx::query_as(&sql).bind(item).fetch_all(p).await?);
    rows.into_iter().map(file_of).collect()
}

/// File `file` of item `item` with its bytes; with `public` only when the
/// item is published (otherwise `NotFound`).
pub async fn file_content(
    db: &Db,
    item: i64,
    file: i64,
    public: bool,
) -> Result<(FileInfo, Vec<u8>)> {
    let sql = format!(
        "{FILE_SELECT} JOIN library_items i ON i.id = f.item_id \
         WHERE f.id = $1 AND f.item_id = $2{}",
        if public {
            " AND i.published_at IS NOT NULL"
        } else {
            ""
        }
    );
    let row: Option<FileRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(file)
            .bind(item)
            .fetch_optional(p)
            .await?
    });
    let info = file_of(row.ok_or(StoreError::NotFound)?)?;
    let (bytes,): (Vec<u8>,) = on_db!(db, |p| {
        sqlx::query_as("SELECT content FROM library_file_content WHERE file_id = $1")
            .bind(file)
            .fetch_one(p)
            .await?
    });
    Ok((info, bytes))
}

/// Deletes file `file` of item `item` with its counts.
pub async fn delete_file(db: &Db, actor: &Actor, item: i64, file: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let name: Option<(String,)> = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT name FROM library_files WHERE id = $1 AND item_id = $2")
            .bind(file)
            .bind(item)
            .fetch_optional(&mut *c)
            .await?
    });
    let (name,) = name.ok_or(StoreError::NotFound)?;
    on_tx!(&mut tx, |c| {
        for sql in [
            "DELETE FROM library_downloads WHERE file_id = $1",
            "DELETE FROM library_file_content WHERE file_id = $1",
            "DELETE FROM library_files WHERE id = $1",
        ] {
            sqlx::query(sql).bind(file).execute(&mut *c).await?;
        }
    });
    record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "library",
            action: FILE_DELETED,
            summary: format!("item {item}: file {file} {name}"),
        },
    )
    .await?;
    tx.commit().await
}

/// Counts one download of `file` on `day`: the row is a number per file
/// and day, nothing about who.
pub async fn count_download(db: &Db, file: i64, day: Date) -> Result<()> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO library_downloads (file_id, day, count) VALUES ($1, $2, 1) \
             ON CONFLICT (file_id, day) DO UPDATE SET count = library_downloads.count + 1",
        )
        .bind(file)
        .bind(day)
        .execute(p)
        .await
        .map(|_| ())?
    });
    Ok(())
}

/// Stores a usage report for item `item`, pending moderation; only a
/// published item takes one (`NotFound` otherwise).
pub async fn add_usage(db: &Db, item: i64, u: &Usage, day: Date) -> Result<i64> {
    let mut tx = db.begin().await?;
    let found: Option<(i64,)> = on_tx!(&mut tx, |c| {
        sqlx::query_as("SELECT id FROM library_items WHERE id = $1 AND published_at IS NOT NULL")
            .bind(item)
            .fetch_optional(&mut *c)
            .await?
    });
    found.ok_or(StoreError::NotFound)?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO library_usage (item_id, role, place, how, note, state, submitted_on) \
             VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
        )
        .bind(item)
        .bind(u.role.as_str())
        .bind(&u.place)
        .bind(u.how.as_str())
        .bind(&u.note)
        .bind(day)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    tx.commit().await?;
    Ok(id)
}

/// The approved usage reports of item `item`, counted by how it was used
/// (in [`UsageHow::ALL`] order, zeros left out).
pub async fn usage_counts(db: &Db, item: i64) -> Result<Vec<(UsageHow, i64)>> {
    let rows: Vec<(String, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT how, COUNT(*) FROM library_usage WHERE item_id = $1 AND state = 'approved' \
             GROUP BY how",
        )
        .bind(item)
        .fetch_all(p)
        .await?
    });
    let mut out = Vec::new();
    for how in UsageHow::ALL {
        if let Some((_, n)) = rows.iter().find(|(h, _)| h == how.as_str()) {
            out.push((*how, *n));
        }
    }
    Ok(out)
}

/// A usage report as the moderation queue shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredUsage {
    pub id: i64,
    pub item: i64,
    pub title: String,
    pub usage: Usage,
    pub state: UsageState,
    pub submitted_on: Date,
}

type UsageRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Date,
);

fn usage_of(row: UsageRow) -> Result<StoredUsage> {
    let (id, item, title, role, place, how, note, state, submitted_on) = row;
    Ok(StoredUsage {
        id,
        item,
        title,
        usage: Usage {
            role: UsageRole::parse(&role).ok_or_else(|| corrupt("library_usage.role", &role))?,
            place,
            how: UsageHow::parse(&how).ok_or_else(|| corrupt("library_usage.how", &how))?,
            note,
        },
        state: UsageState::parse(&state).ok_or_else(|| corrupt("library_usage.state", &state))?,
        submitted_on,
    })
}

const USAGE_SELECT: &str = "SELECT u.id, u.item_id, i.title, u.role, u.place, u.how, u.note, \
     u.state, u.submitted_on FROM library_usage u JOIN library_items i ON i.id = u.item_id";

/// Reports in `state`, oldest first: `limit` from `offset`, and the total.
pub async fn usage_in(
    db: &Db,
    state: UsageState,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StoredUsage>, i64)> {
    let sql = format!("{USAGE_SELECT} WHERE u.state = $1 ORDER BY u.id LIMIT $2 OFFSET $3");
    let rows: Vec<UsageRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(state.as_str())
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?
    });
    let (total,): (i64,) = on_db!(db, |p| {
        sqlx::query_as("SELECT COUNT(*) FROM library_usage WHERE state = $1")
            .bind(state.as_str())
            .fetch_one(p)
            .await?
    });
    let list = rows.into_iter().map(usage_of).collect::<Result<_>>()?;
    Ok((list, total))
}

/// Every report, in every state, oldest first (the manager's export).
pub async fn all_usage(db: &Db) -> Result<Vec<StoredUsage>> {
    let sql = format!("{USAGE_SELECT} ORDER BY u.id");
    let rows: Vec<UsageRow> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?);
    rows.into_iter().map(usage_of).collect()
}

/// Approves or rejects pending report `id`; a report already moderated is
/// refused with `WrongState` (two moderators, one decision).
pub async fn moderate(
    db: &Db,
    actor: &Actor,
    id: i64,
    approve: bool,
    at: OffsetDateTime,
) -> Result<()> {
    let state = if approve {
        UsageState::Approved
    } else {
        UsageState::Rejected
    };
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE library_usage SET state = $2, moderated_by = $3, moderated_at = $4 \
             WHERE id = $1 AND state = 'pending'",
        )
        .bind(id)
        .bind(state.as_str())
        .bind(&actor.label)
        .bind(at)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        let now: Option<(String,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as("SELECT state FROM library_usage WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
        });
        return Err(match now {
            None => StoreError::NotFound,
            Some((s,)) => StoreError::WrongState {
                entity: "library_usage",
                state: s,
            },
        });
    }
    record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "library",
            action: USAGE_MODERATED,
            summary: format!("report {id}: {}", state.as_str()),
        },
    )
    .await?;
    tx.commit().await
}

/// One row of the evaluation's usage table: an item, its approved reports
/// per school year in which they were sent, and its downloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub item: i64,
    pub title: String,
    pub kind: Kind,
    pub published: bool,
    /// (school year sent, approved reports), oldest first.
    pub by_year: Vec<(SchoolYear, i64)>,
    pub approved: i64,
    pub downloads: i64,
}

/// The usage evidence of every item that has any (approved reports or
/// downloads), for the evaluation pack.
pub async fn usage_evidence(db: &Db) -> Result<Vec<Evidence>> {
    let items: Vec<(i64, String, String, Option<OffsetDateTime>, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT i.id, i.title, i.kind, i.published_at, \
             CAST(COALESCE((SELECT SUM(d.count) FROM library_downloads d \
               JOIN library_files f ON f.id = d.file_id WHERE f.item_id = i.id), 0) AS BIGINT) \
             FROM library_items i ORDER BY i.id",
        )
        .fetch_all(p)
        .await?
    });
    let reports: Vec<(i64, Date, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT item_id, submitted_on, COUNT(*) FROM library_usage WHERE state = 'approved' \
             GROUP BY item_id, submitted_on ORDER BY item_id, submitted_on",
        )
        .fetch_all(p)
        .await?
    });
    let mut out = Vec::new();
    for (id, title, kind, published_at, downloads) in items {
        let mut by_year: Vec<(SchoolYear, i64)> = Vec::new();
        for (_, day, n) in reports.iter().filter(|(i, _, _)| *i == id) {
            let y = SchoolYear::of(*day);
            match by_year.iter_mut().find(|(yy, _)| *yy == y) {
                Some((_, c)) => *c += n,
                None => by_year.push((y, *n)),
            }
        }
        by_year.sort_by_key(|(y, _)| y.0);
        let approved = by_year.iter().map(|(_, n)| n).sum();
        if approved == 0 && downloads == 0 {
            continue;
        }
        out.push(Evidence {
            item: id,
            title,
            kind: Kind::parse(&kind).ok_or_else(|| corrupt("library_items.kind", &kind))?,
            published: published_at.is_some(),
            by_year,
            approved,
            downloads,
        });
    }
    Ok(out)
}

/// Publishes experiment `experiment` in the library, in the caller's
/// transaction (the workshop part calls this when an experiment becomes
/// published): "Alle verrichte experimenten worden publiekelijk gedeeld".
/// An experiment already in the library is left as it is.
pub async fn publish_experiment(
    tx: &mut Tx,
    actor: &Actor,
    experiment: i64,
    item: &Item,
    at: OffsetDateTime,
) -> Result<()> {
    let found: Option<(i64,)> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT id FROM library_items WHERE experiment_id = $1")
            .bind(experiment)
            .fetch_optional(&mut *c)
            .await?
    });
    if found.is_some() {
        return Ok(());
    }
    let id = insert_item(tx, actor, item, Some(experiment), Some(at), at).await?;
    record(
        tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: "library",
            action: ITEM_PUBLISHED,
            summary: summary(id, item),
        },
    )
    .await
}

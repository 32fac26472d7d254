use super::{Institution, InstitutionCode};
use crate::audit::{self, Actor, Event, entity};
use crate::store::{Db, Result, StoreError, Tx, parse_col};
use crate::{on_db, on_tx};

#[derive(sqlx::FromRow)]
struct Row {
    code: String,
    name: String,
    place: String,
    region: String,
    teaching_staff: i64,
    status: String,
}

impl TryFrom<Row> for Institution {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Institution> {
        Ok(Institution {
            code: parse_col("institutions.code", &r.code)?,
            name: r.name,
            place: r.place,
            region: r.region,
            teaching_staff: r.teaching_staff,
            status: parse_col("institutions.status", &r.status)?,
        })
    }
}

const COLUMNS: &str = "code, name, place, region, teaching_staff, status";

/// One page of institutions whose code, name or place contains `search`
/// (case-insensitive), ordered by name, and the total number matching.
/// With `only` set, just those institutions are considered.
pub async fn search(
    db: &Db,
    search: &str,
    only: Option<&[&InstitutionCode]>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Institution>, i64)> {
    let pattern = format!("%{}%", search.trim().to_lowercase().replace(['%', '_'], ""));
    // A scoped user sees only their own; the list is bound as one
    // comma-separated text so the SQL stays the same on both backends.
    let scope = only.map(|codes| {
        codes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(",")
    });
    let filter = "WHERE search_text LIKE $1 \
                  AND ($2 IS NULL OR (',' || $2 || ',') LIKE ('%,' || code || ',%'))";
    let list_sql = format!(
        "SELECT {COLUMNS} FROM institutions {filter} ORDER BY name, code LIMIT $3 OFFSET $4"
    );
    let count_sql = format!("SELECT COUNT(*) FROM institutions {filter}");
    let (rows, total): (Vec<Row>, (i64,)) = on_db!(db, |p| {
        let rows = sqlx::query_as(&list_sql)
            .bind(&pattern)
            .bind(&scope)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?;
        let total = sqlx::query_as(&count_sql)
            .bind(&pattern)
            .bind(&scope)
            .fetch_one(p)
            .await?;
        (rows, total)
    });
    let items = rows
        .into_iter()
        .map(Institution::try_from)
        .collect::<Result<_>>()?;
    Ok((items, total.0))
}

/// Every institution, ordered by name (for drop-downs and exports).
pub async fn all(db: &Db) -> Result<Vec<Institution>> {
    let sql = format!("SELECT {COLUMNS} FROM institutions ORDER BY name, code");
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?);
    rows.into_iter().map(Institution::try_from).collect()
}

pub async fn get(db: &Db, code: &InstitutionCode) -> Result<Institution> {
    let sql = format!("SELECT {COLUMNS} FROM institutions WHERE code = $1");
    let row: Row = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(code.as_str())
        .fetch_one(p)
        .await?);
    row.try_into()
}

pub async fn count(db: &Db) -> Result<i64> {
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as("SELECT COUNT(*) FROM institutions")
        .fetch_one(p)
        .await?);
    Ok(n)
}

async fn exists(tx: &mut Tx, code: &InstitutionCode) -> Result<bool> {
    let row: Option<(String,)> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT code FROM institutions WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(c)
            .await?
    });
    Ok(row.is_some())
}

async fn insert(tx: &mut Tx, i: &Institution) -> Result<()> {
    let now = crate::store::now();
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO institutions (code, name, place, region, teaching_staff, status, search_text, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(i.code.as_str())
        .bind(&i.name)
        .bind(&i.place)
        .bind(&i.region)
        .bind(i.teaching_staff)
        .bind(i.status.code())
        .bind(search_text(i))
        .bind(now)
        .execute(c)
        .await?;
    });
    Ok(())
}

async fn update(tx: &mut Tx, i: &Institution) -> Result<()> {
    let done = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE institutions SET name = $2, place = $3, region = $4, teaching_staff = $5, \
             status = $6, search_text = $7, updated_at = $8 WHERE code = $1",
        )
        .bind(i.code.as_str())
        .bind(&i.name)
        .bind(&i.place)
        .bind(&i.region)
        .bind(i.teaching_staff)
        .bind(i.status.code())
        .bind(search_text(i))
        .bind(crate::store::now())
        .execute(c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

fn search_text(i: &Institution) -> String {
    format!("{} {} {}", i.code, i.name, i.place).to_lowercase()
}

fn describe(i: &Institution) -> String {
    format!(
        "{} {} ({}, {}), {} teaching staff, {}",
        i.code,
        i.name,
        i.place,
        i.region,
        i.teaching_staff,
        i.status.code()
    )
}

/// Adds a new institution; `Duplicate` when the code is taken.
pub async fn create(db: &Db, actor: &Actor, i: &Institution) -> Result<()> {
    let mut tx = db.begin().await?;
    if exists(&mut tx, &i.code).await? {
        return Err(StoreError::Duplicate {
            constraint: "institutions.code".into(),
        });
    }
    insert(&mut tx, i).await?;
    let event = Event {
        entity: entity::INSTITUTION,
        entity_id: i.code.as_str(),
        action: "create",
        summary: format!("Created {}", describe(i)),
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await
}

/// Changes an existing institution (the code never changes).
pub async fn save(db: &Db, actor: &Actor, i: &Institution) -> Result<()> {
    let mut tx = db.begin().await?;
    update(&mut tx, i).await?;
    let event = Event {
        entity: entity::INSTITUTION,
        entity_id: i.code.as_str(),
        action: "update",
        summary: format!("Updated to {}", describe(i)),
    };
    audit::store::record(&mut tx, actor, event).await?;
    tx.commit().await
}

/// How an import went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCount {
    pub created: usize,
    pub updated: usize,
}

/// Creates or updates every institution in one transaction: all or none.
pub async fn import(db: &Db, actor: &Actor, rows: &[Institution]) -> Result<ImportCount> {
    let mut tx = db.begin().await?;
    let mut count = ImportCount::default();
    for i in rows {
        let (action, summary) = if exists(&mut tx, &i.code).await? {
            update(&mut tx, i).await?;
            count.updated += 1;
            (
                "import_update",
                format!("Import updated to {}", describe(i)),
            )
        } else {
            insert(&mut tx, i).await?;
            count.created += 1;
            ("import_create", format!("Import created {}", describe(i)))
        };
        let event = Event {
            entity: entity::INSTITUTION,
            entity_id: i.code.as_str(),
            action,
            summary,
        };
        audit::store::record(&mut tx, actor, event).await?;
    }
    tx.commit().await?;
    Ok(count)
}

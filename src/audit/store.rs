use time::{Date, OffsetDateTime, UtcOffset};

use super::{Actor, Entry, Event, Filter};
use crate::store::{Db, Result, Tx};
use crate::{on_db, on_tx};

/// Appends `event` inside the caller's transaction.
pub async fn record(tx: &mut Tx, actor: &Actor, event: Event<'_>) -> Result<()> {
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO audit_log (occurred_at, actor_id, actor, entity, entity_id, action, summary) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(crate::store::now())
        .bind(actor.user_id)
        .bind(&actor.label)
        .bind(event.entity)
        .bind(event.entity_id)
        .bind(event.action)
        .bind(&event.summary)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Records an event on its own (for things that change nothing else, like
/// a login or viewing sensitive data).
pub async fn record_now(db: &Db, actor: &Actor, event: Event<'_>) -> Result<()> {
    let mut tx = db.begin().await?;
    record(&mut tx, actor, event).await?;
    tx.commit().await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    occurred_at: OffsetDateTime,
    actor: String,
    entity: String,
    entity_id: String,
    action: String,
    summary: String,
}

/// The instant a filter's day begins (`from`) or the next day begins
/// (`to`, inclusive), days in Amsterdam, in UTC as stored.
fn day_bound(s: &str, end: bool) -> Option<OffsetDateTime> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = Date::parse(s.trim(), &fmt).ok()?;
    let d = if end { d.next_day()? } else { d };
    super::day_start(d).map(|t| t.to_offset(UtcOffset::UTC))
}

/// One page of entries, newest first, and the total number matching.
pub async fn list(db: &Db, f: &Filter, limit: i64, offset: i64) -> Result<(Vec<Entry>, i64)> {
    // Each filter is "parameter is empty or column matches", so one SQL
    // text serves every combination.
    const WHERE: &str = "WHERE ($1 = '' OR actor = $1) \
         AND ($2 = '' OR entity = $2) \
         AND ($3 = '' OR action = $3) \
         AND ($4 IS NULL OR occurred_at >= $4) \
         AND ($5 IS NULL OR occurred_at < $5)";
    let from = day_bound(&f.from, false);
    let to = day_bound(&f.to, true);
    let list_sql = format!(
        "SELECT id, occurred_at, actor, entity, entity_id, action, summary FROM audit_log {WHERE} \
         ORDER BY id DESC LIMIT $6 OFFSET $7"
    );
    let count_sql = format!("SELECT COUNT(*) FROM audit_log {WHERE}");
    let (rows, total): (Vec<Row>, (i64,)) = on_db!(db, |p| {
        let rows = sqlx::query_as(&list_sql)
            .bind(f.actor.trim())
            .bind(f.entity.trim())
            .bind(f.action.trim())
            .bind(from)
            .bind(to)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?;
        let total = sqlx::query_as(&count_sql)
            .bind(f.actor.trim())
            .bind(f.entity.trim())
            .bind(f.action.trim())
            .bind(from)
            .bind(to)
            .fetch_one(p)
            .await?;
        (rows, total)
    });
    let entries = rows
        .into_iter()
        .map(|r| Entry {
            id: r.id,
            occurred_at: r.occurred_at,
            actor: r.actor,
            entity: r.entity,
            entity_id: r.entity_id,
            action: r.action,
            summary: r.summary,
        })
        .collect();
    Ok((entries, total.0))
}

/// The distinct values of a column, for filter drop-downs.
pub async fn distinct(db: &Db, column: Column) -> Result<Vec<String>> {
    let sql = match column {
        Column::Entity => "SELECT DISTINCT entity FROM audit_log ORDER BY 1",
        Column::Action => "SELECT DISTINCT action FROM audit_log ORDER BY 1",
        Column::Actor => "SELECT DISTINCT actor FROM audit_log ORDER BY 1",
    };
    let rows: Vec<(String,)> = on_db!(db, |p| sqlx::query_as(sql).fetch_all(p).await?);
    Ok(rows.into_iter().map(|(v,)| v).collect())
}

#[derive(Clone, Copy, Debug)]
pub enum Column {
    Entity,
    Action,
    Actor,
}

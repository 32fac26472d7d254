//! Persistence of goals (issue 14, item 3). The cycle's order is enforced
//! here, inside the transaction: a reflection only once the target year's
//! wave is analysed, a follow-up only after the reflection, one follow-up
//! per goal, and a goal with a reflection or follow-up is history (it
//! cannot be deleted).

use time::{Date, OffsetDateTime};

use super::goals::{Goal, Metric};
use crate::audit::{Actor, Event};
use crate::store::{Db, Result, StoreError};
use crate::{on_db, on_tx};

use super::store;

/// A stored goal.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredGoal {
    pub id: i64,
    pub institution: String,
    pub description: String,
    pub metric: Metric,
    pub unit: Option<i64>,
    pub baseline_wave: i64,
    pub target_value: f64,
    pub target_year: i32,
    pub follows: Option<i64>,
    pub created_by: String,
    pub created_at: OffsetDateTime,
    pub reflection: Option<Reflection>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reflection {
    pub text: String,
    pub by: String,
    pub at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: i64,
    institution_code: String,
    description: String,
    metric: String,
    unit_id: Option<i64>,
    baseline_wave_id: i64,
    target_value: f64,
    target_year: i64,
    follows_id: Option<i64>,
    created_by: String,
    created_at: OffsetDateTime,
    reflection: Option<String>,
    reflected_by: Option<String>,
    reflected_at: Option<OffsetDateTime>,
}

const COLUMNS: &str = "id, institution_code, description, metric, unit_id, baseline_wave_id, \
     target_value, target_year, follows_id, created_by, created_at, reflection, reflected_by, \
     reflected_at";

impl GoalRow {
    fn goal(self) -> Result<StoredGoal> {
        let metric = Metric::parse(&self.metric).ok_or_else(|| StoreError::Corrupt {
            column: "policy_goals.metric",
            value: self.metric.clone(),
        })?;
        let reflection = match (self.reflection, self.reflected_by, self.reflected_at) {
            (Some(text), Some(by), Some(at)) => Some(Reflection { text, by, at }),
            _ => None,
        };
        Ok(StoredGoal {
            id: self.id,
            institution: self.institution_code,
            description: self.description,
            metric,
            unit: self.unit_id,
            baseline_wave: self.baseline_wave_id,
            target_value: self.target_value,
            target_year: i32::try_from(self.target_year).map_err(|_| StoreError::Corrupt {
                column: "policy_goals.target_year",
                value: self.target_year.to_string(),
            })?,
            follows: self.follows_id,
            created_by: self.created_by,
            created_at: self.created_at,
            reflection,
        })
    }
}

/// The goals of `code`, oldest first.
pub async fn goals(db: &Db, code: &str) -> Result<Vec<StoredGoal>> {
    let sql = format!("SELECT {COLUMNS} FROM policy_goals WHERE institution_code = $1 ORDER BY id");
    let rows: Vec<GoalRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(code).fetch_all(p).await?
    });
    rows.into_iter().map(GoalRow::goal).collect()
}

/// Goal `id` of `code`.
pub async fn goal(db: &Db, code: &str, id: i64) -> Result<StoredGoal> {
    let sql = format!("SELECT {COLUMNS} FROM policy_goals WHERE id = $1 AND institution_code = $2");
    let row: Option<GoalRow> = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(id)
            .bind(code)
            .fetch_optional(p)
            .await?
    });
    row.ok_or(StoreError::NotFound)?.goal()
}

/// The goals of `code` without a reflection yet.
pub async fn open_goal_count(db: &Db, code: &str) -> Result<i64> {
    let (n,): (i64,) = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM policy_goals WHERE institution_code = $1 AND reflection IS NULL",
        )
        .bind(code)
        .fetch_one(p)
        .await?
    });
    Ok(n)
}

/// Records a new goal of `code` with its baseline wave; `follows` is the
/// goal it continues, which must have its reflection and no follow-up yet.
pub async fn create(
    db: &Db,
    actor: &Actor,
    code: &str,
    goal: &Goal,
    baseline_wave: i64,
    follows: Option<i64>,
    at: OffsetDateTime,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    if let Some(f) = follows {
        let sql = format!(
            "SELECT reflection FROM policy_goals WHERE id = $1 AND institution_code = $2{}",
            tx.for_update()
        );
        let row: Option<(Option<String>,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as(&sql)
                .bind(f)
                .bind(code)
                .fetch_optional(&mut *c)
                .await?
        });
        match row {
            None => return Err(StoreError::NotFound),
            Some((None,)) => {
                return Err(StoreError::WrongState {
                    entity: "goal",
                    state: "not reflected".into(),
                });
            }
            Some(_) => {}
        }
    }
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO policy_goals (institution_code, description, metric, unit_id, \
             baseline_wave_id, target_value, target_year, follows_id, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(code)
        .bind(&goal.description)
        .bind(goal.metric.code())
        .bind(goal.unit)
        .bind(baseline_wave)
        .bind(goal.target_value)
        .bind(i64::from(goal.target_year))
        .bind(follows)
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
            entity: store::ENTITY,
            entity_id: code,
            action: "policy_goal_set",
            summary: format!(
                "goal {id}: {} {}{} >= {} in {}{}",
                goal.metric.code(),
                goal.unit.map(|u| format!("team {u} ")).unwrap_or_default(),
                baseline_wave,
                goal.target_value,
                goal.target_year,
                follows
                    .map(|f| format!(", follows goal {f}"))
                    .unwrap_or_default()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Records the reflection on goal `id`, once a wave of its target year
/// with `code` in it is analysed (closed or archived): the first day of
/// that year and the last bound the wave's opening day.
pub async fn reflect(
    db: &Db,
    actor: &Actor,
    code: &str,
    id: i64,
    text: &str,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let sql = format!(
        "SELECT target_year, reflection FROM policy_goals \
         WHERE id = $1 AND institution_code = $2{}",
        tx.for_update()
    );
    let row: Option<(i64, Option<String>)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(&sql)
            .bind(id)
            .bind(code)
            .fetch_optional(&mut *c)
            .await?
    });
    let (year, _) = row.ok_or(StoreError::NotFound)?;
    let year = i32::try_from(year).map_err(|_| StoreError::NotFound)?;
    let (first, last) = year_bounds(year)?;
    let (analysed,): (i64,) = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM waves w JOIN wave_institutions wi ON wi.wave_id = w.id \
             WHERE wi.institution_code = $1 AND w.state IN ('closed', 'archived') \
             AND w.opens_on >= $2 AND w.opens_on <= $3",
        )
        .bind(code)
        .bind(first)
        .bind(last)
        .fetch_one(&mut *c)
        .await?
    });
    if analysed == 0 {
        return Err(StoreError::WrongState {
            entity: "goal",
            state: "not measured".into(),
        });
    }
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE policy_goals SET reflection = $3, reflected_by = $4, reflected_at = $5 \
             WHERE id = $1 AND institution_code = $2",
        )
        .bind(id)
        .bind(code)
        .bind(text)
        .bind(&actor.label)
        .bind(at)
        .execute(&mut *c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: store::ENTITY,
            entity_id: code,
            action: "policy_goal_reflected",
            summary: format!("goal {id}: {} characters", text.chars().count()),
        },
    )
    .await?;
    tx.commit().await
}

fn year_bounds(year: i32) -> Result<(Date, Date)> {
    let day = |m, d| {
        Date::from_calendar_date(year, m, d).map_err(|_| StoreError::Corrupt {
            column: "policy_goals.target_year",
            value: year.to_string(),
        })
    };
    Ok((
        day(time::Month::January, 1)?,
        day(time::Month::December, 31)?,
    ))
}

/// Deletes goal `id` of `code`: only while it has no reflection and no
/// follow-up (after that it is the cycle's history).
pub async fn delete(db: &Db, actor: &Actor, code: &str, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "DELETE FROM policy_goals WHERE id = $1 AND institution_code = $2 \
             AND reflection IS NULL \
             AND NOT EXISTS (SELECT 1 FROM policy_goals n WHERE n.follows_id = $1)",
        )
        .bind(id)
        .bind(code)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        let exists: Option<(i64,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as("SELECT id FROM policy_goals WHERE id = $1 AND institution_code = $2")
                .bind(id)
                .bind(code)
                .fetch_optional(&mut *c)
                .await?
        });
        return Err(match exists {
            None => StoreError::NotFound,
            Some(_) => StoreError::WrongState {
                entity: "goal",
                state: "history".into(),
            },
        });
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: store::ENTITY,
            entity_id: code,
            action: "policy_goal_deleted",
            summary: format!("goal {id}"),
        },
    )
    .await?;
    tx.commit().await
}

//! Instruments, waves, units, invitations and responses in the database.

use std::collections::HashMap;

use time::Date;

use super::instrument::Answer;
use super::{NewWave, Wave, WaveState};
use crate::audit::{self, Actor, Event};
use crate::institutions::InstitutionCode;
use crate::store::{Db, Result, StoreError, Tx, parse_col};
use crate::{on_db, on_tx};

pub const WAVE: &str = "wave";

/// Item answers to save: `None` is "n.v.t.".
pub type ItemAnswers = Vec<(String, Option<i64>)>;
/// Background choices to save: `None` clears a choice.
pub type BackgroundChoices = Vec<(String, Option<String>)>;
/// An e-mail list: address and optional unit.
pub type EmailList = Vec<(String, Option<i64>)>;
pub const UNIT: &str = "org_unit";
pub const INVITATIONS: &str = "invitations";

pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

// --- instruments -----------------------------------------------------------

/// Stores an instrument version's source. A version, once stored, never
/// changes: storing different text under the same id and version is a
/// `Duplicate`; the same text again is a no-op.
pub async fn ensure_instrument(db: &Db, id: &str, version: &str, source: &str) -> Result<bool> {
    if let Some(existing) = instrument_source(db, id, version).await? {
        return if existing == source {
            Ok(false)
        } else {
            Err(StoreError::Duplicate {
                constraint: format!("instruments.id,version ({id}@{version} with other content)"),
            })
        };
    }
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO instruments (id, version, source, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(version)
        .bind(source)
        .bind(crate::store::now())
        .execute(p)
        .await?;
    });
    Ok(true)
}

pub async fn instrument_source(db: &Db, id: &str, version: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = on_db!(db, |p| {
        sqlx::query_as("SELECT source FROM instruments WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(version)
            .fetch_optional(p)
            .await?
    });
    Ok(row.map(|(s,)| s))
}

/// Every stored instrument as `(id, version)`, newest version last.
pub async fn instruments(db: &Db) -> Result<Vec<(String, String)>> {
    let rows: Vec<(String, String)> = on_db!(db, |p| {
        sqlx::query_as("SELECT id, version FROM instruments ORDER BY id, version")
            .fetch_all(p)
            .await?
    });
    Ok(rows)
}

// --- waves -------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct WaveRow {
    id: i64,
    name: String,
    instrument_id: String,
    instrument_version: String,
    opens_on: Date,
    closes_on: Date,
    state: String,
}

const WAVE_COLUMNS: &str =
    "id, name, instrument_id, instrument_version, opens_on, closes_on, state";

async fn wave_institutions(db: &Db) -> Result<Vec<(i64, String)>> {
    let rows: Vec<(i64, String)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT wave_id, institution_code FROM wave_institutions ORDER BY institution_code",
        )
        .fetch_all(p)
        .await?
    });
    Ok(rows)
}

fn wave_from(r: WaveRow, links: &[(i64, String)]) -> Result<Wave> {
    Ok(Wave {
        institutions: links
            .iter()
            .filter(|(w, _)| *w == r.id)
            .map(|(_, c)| parse_col("wave_institutions.institution_code", c))
            .collect::<Result<_>>()?,
        id: r.id,
        state: parse_col("waves.state", &r.state)?,
        name: r.name,
        instrument_id: r.instrument_id,
        instrument_version: r.instrument_version,
        opens_on: r.opens_on,
        closes_on: r.closes_on,
    })
}

/// Every wave, newest first.
pub async fn waves(db: &Db) -> Result<Vec<Wave>> {
    let sql = format!("SELECT {WAVE_COLUMNS} FROM waves ORDER BY opens_on DESC, id DESC");
    let rows: Vec<WaveRow> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await?);
    let links = wave_institutions(db).await?;
    rows.into_iter().map(|r| wave_from(r, &links)).collect()
}

/// One wave (read on every survey request, so one row and its own
/// institutions only).
pub async fn wave(db: &Db, id: i64) -> Result<Wave> {
    let sql = format!("SELECT {WAVE_COLUMNS} FROM waves WHERE id = $1");
    let (row, links): (WaveRow, Vec<(i64, String)>) = on_db!(db, |p| {
        let row = sqlx::query_as(&sql).bind(id).fetch_one(p).await?;
        let links = sqlx::query_as(
            "SELECT wave_id, institution_code FROM wave_institutions WHERE wave_id = $1 ORDER BY institution_code",
        )
        .bind(id)
        .fetch_all(p)
        .await?;
        (row, links)
    });
    wave_from(row, &links)
}

/// The wave behind a survey link: its row only (the survey never needs the
/// institution list), one query.
pub async fn wave_row(db: &Db, id: i64) -> Result<Wave> {
    let sql = format!("SELECT {WAVE_COLUMNS} FROM waves WHERE id = $1");
    let row: WaveRow = on_db!(db, |p| sqlx::query_as(&sql).bind(id).fetch_one(p).await?);
    wave_from(row, &[])
}

/// The ids of the items answered so far (all `unanswered` needs), one query.
pub async fn answered(db: &Db, response_id: i64) -> Result<std::collections::HashSet<String>> {
    let rows: Vec<(String,)> = on_db!(db, |p| {
        sqlx::query_as("SELECT item_id FROM response_answers WHERE response_id = $1")
            .bind(response_id)
            .fetch_all(p)
            .await?
    });
    Ok(rows.into_iter().map(|(k,)| k).collect())
}

pub async fn wave_by_name(db: &Db, name: &str) -> Result<Wave> {
    waves(db)
        .await?
        .into_iter()
        .find(|w| w.name == name)
        .ok_or(StoreError::NotFound)
}

/// Creates a wave in draft; `Duplicate` for a taken name,
/// `MissingReference` for an unknown instrument or institution.
pub async fn create_wave(db: &Db, actor: &Actor, w: &NewWave) -> Result<i64> {
    let mut tx = db.begin().await?;
    let (id,): (i64,) = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "INSERT INTO waves (name, instrument_id, instrument_version, opens_on, closes_on, state, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'draft', $6) RETURNING id",
        )
        .bind(&w.name)
        .bind(&w.instrument_id)
        .bind(&w.instrument_version)
        .bind(w.opens_on)
        .bind(w.closes_on)
        .bind(crate::store::now())
        .fetch_one(c)
        .await?
    });
    for code in &w.institutions {
        on_tx!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO wave_institutions (wave_id, institution_code) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(code.as_str())
            .execute(c)
            .await?;
        });
    }
    let summary = format!(
        "Created wave {} ({}@{}, {} to {}, {} institutions)",
        w.name,
        w.instrument_id,
        w.instrument_version,
        w.opens_on,
        w.closes_on,
        w.institutions.len()
    );
    audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: WAVE,
            entity_id: &w.name,
            action: "create",
            summary,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves a wave one step along its life. Closing deletes the wave's e-mail
/// list (the link between e-mail and token) and its outbox messages, in
/// the same transaction.
pub async fn advance(db: &Db, actor: &Actor, id: i64, to: WaveState) -> Result<()> {
    let w = wave(db, id).await?;
    if w.state.next() != Some(to) {
        return Err(StoreError::WrongState {
            entity: "wave",
            state: w.state.to_string(),
        });
    }
    let mut tx = db.begin().await?;
    // Conditional: the step happens only from the state read above, so two
    // concurrent steps cannot both succeed (the second finds 0 rows).
    let moved = on_tx!(&mut tx, |c| {
        sqlx::query("UPDATE waves SET state = $2 WHERE id = $1 AND state = $3")
            .bind(id)
            .bind(to.code())
            .bind(w.state.code())
            .execute(c)
            .await?
            .rows_affected()
    });
    if moved == 0 {
        return Err(StoreError::WrongState {
            entity: "wave",
            state: "changed meanwhile".into(),
        });
    }
    let mut summary = format!("Wave {} is now {to}", w.name);
    if to == WaveState::Closed {
        let erased = on_tx!(&mut tx, |c| {
            sqlx::query(
                "UPDATE invitations SET email = NULL WHERE wave_id = $1 AND email IS NOT NULL",
            )
            .bind(id)
            .execute(c)
            .await?
            .rows_affected()
        });
        crate::mail::outbox_delete_wave(&mut tx, id).await?;
        summary.push_str(&format!("; {erased} e-mail addresses deleted"));
    }
    audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: WAVE,
            entity_id: &w.name,
            action: to.code(),
            summary,
        },
    )
    .await?;
    tx.commit().await
}

// --- organisational units -------------------------------------------------------

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
}

pub async fn units(db: &Db, code: &InstitutionCode) -> Result<Vec<Unit>> {
    let rows: Vec<Unit> = on_db!(db, |p| {
        sqlx::query_as("SELECT id, name FROM org_units WHERE institution_code = $1 ORDER BY name")
            .bind(code.as_str())
            .fetch_all(p)
            .await?
    });
    Ok(rows)
}

pub async fn add_unit(db: &Db, actor: &Actor, code: &InstitutionCode, name: &str) -> Result<i64> {
    let mut tx = db.begin().await?;
    let (id,): (i64,) = on_tx!(&mut tx, |c| {
        sqlx::query_as("INSERT INTO org_units (institution_code, name, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(code.as_str())
            .bind(name)
            .bind(crate::store::now())
            .fetch_one(c)
            .await?
    });
    audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: UNIT,
            entity_id: code.as_str(),
            action: "create",
            summary: format!("Added unit {name:?} to {code}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

// --- invitations -------------------------------------------------------------

async fn insert_invitation(
    tx: &mut Tx,
    wave_id: i64,
    code: &InstitutionCode,
    unit: Option<i64>,
    email: Option<&str>,
    token: &str,
) -> Result<()> {
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO invitations (wave_id, institution_code, unit_id, kind, token_hash, email, created_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(wave_id)
        .bind(code.as_str())
        .bind(unit)
        .bind(if email.is_some() { "email" } else { "link" })
        .bind(super::token_hash(token))
        .bind(email)
        .bind(today())
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Creates `count` anonymous links and returns their tokens (shown once).
pub async fn create_links(
    db: &Db,
    actor: &Actor,
    wave_id: i64,
    code: &InstitutionCode,
    unit: Option<i64>,
    count: usize,
) -> Result<Vec<String>> {
    let mut tx = db.begin().await?;
    let mut tokens = Vec::with_capacity(count);
    for _ in 0..count {
        let t = super::new_token();
        insert_invitation(&mut tx, wave_id, code, unit, None, &t).await?;
        tokens.push(t);
    }
    audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: INVITATIONS,
            entity_id: code.as_str(),
            action: "links",
            summary: format!("Created {count} anonymous links for wave {wave_id}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(tokens)
}

/// Addresses written per transaction: short enough that a teacher's page
/// save waits milliseconds, not the whole list (issue 13: 100,000
/// addresses in one transaction held SQLite for minutes).
pub const INVITE_BATCH: usize = 500;

/// Inside `tx`: refuses with [`StoreError::WrongState`] unless the wave
/// accepts e-mail invitations ([`WaveState::accepts_invitations`]). A
/// batch racing the close is written before it (and its addresses deleted
/// by it) or refused after it; on PostgreSQL `FOR SHARE` makes the close
/// wait for the batch under way.
async fn require_invitations_accepted(tx: &mut Tx, wave_id: i64) -> Result<()> {
    const SQL: &str = "SELECT state FROM waves WHERE id = $1";
    let row: Option<(String,)> = match tx {
        Tx::Sqlite(t) => {
            sqlx::query_as(SQL)
                .bind(wave_id)
                .fetch_optional(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_as(&format!("{SQL} FOR SHARE"))
                .bind(wave_id)
                .fetch_optional(&mut **t)
                .await?
        }
    };
    let state: WaveState = parse_col("waves.state", &row.ok_or(StoreError::NotFound)?.0)?;
    if !state.accepts_invitations() {
        return Err(StoreError::WrongState {
            entity: "wave",
            state: state.to_string(),
        });
    }
    Ok(())
}

/// The addresses this institution already invited for the wave (one
/// query; the upload's confirmation counts against it).
pub async fn invited_emails(
    db: &Db,
    wave_id: i64,
    code: &InstitutionCode,
) -> Result<std::collections::HashSet<String>> {
    let rows: Vec<(String,)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT email FROM invitations \
             WHERE wave_id = $1 AND institution_code = $2 AND email IS NOT NULL",
        )
        .bind(wave_id)
        .bind(code.as_str())
        .fetch_all(p)
        .await?
    });
    Ok(rows.into_iter().map(|(e,)| e).collect())
}

/// Creates one invitation per address and returns `(address, token)`.
/// Addresses this institution already invited for the wave are skipped
/// (a set of those already there, and the unique index for an upload
/// running at the same time); other institutions' invitations are never
/// looked at, so neither the result nor its message can tell whether
/// another institution invited an address (issue 11, class 8), and an
/// upload never claims another institution's staff. Written in
/// transactions of [`INVITE_BATCH`] addresses, each with its audit entry
/// and the wave's state checked; `WrongState` when the wave is not open.
pub async fn create_email_invitations(
    db: &Db,
    actor: &Actor,
    wave_id: i64,
    code: &InstitutionCode,
    rows: &[(String, Option<i64>)],
) -> Result<Vec<(String, String)>> {
    let mut seen = invited_emails(db, wave_id, code).await?;
    let fresh: Vec<&(String, Option<i64>)> = rows
        .iter()
        .filter(|(e, _)| seen.insert(e.clone()))
        .collect();
    let mut out = Vec::with_capacity(fresh.len());
    let batches = fresh.len().div_ceil(INVITE_BATCH);
    for (k, batch) in fresh.chunks(INVITE_BATCH).enumerate() {
        let tokens: HashMap<&str, String> = batch
            .iter()
            .map(|(e, _)| (e.as_str(), super::new_token()))
            .collect();
        let mut sql = String::from(
            "INSERT INTO invitations (wave_id, institution_code, unit_id, kind, token_hash, email, created_on) VALUES ",
        );
        for j in 0..batch.len() {
            if j > 0 {
                sql.push_str(", ");
            }
            let b = 3 * j + 4;
            sql.push_str(&format!(
                "($1, $2, ${b}, 'email', ${}, ${}, $3)",
                b + 1,
                b + 2
            ));
        }
        sql.push_str(" ON CONFLICT (wave_id, institution_code, email) DO NOTHING RETURNING email");
        let mut tx = db.begin().await?;
        require_invitations_accepted(&mut tx, wave_id).await?;
        let written: Vec<(String,)> = on_tx!(&mut tx, |c| {
            let mut q = sqlx::query_as(&sql)
                .bind(wave_id)
                .bind(code.as_str())
                .bind(today());
            for (email, unit) in batch.iter().copied() {
                q = q
                    .bind(*unit)
                    .bind(super::token_hash(&tokens[email.as_str()]))
                    .bind(email);
            }
            q.fetch_all(c).await?
        });
        audit::store::record(
            &mut tx,
            actor,
            Event {
                entity: INVITATIONS,
                entity_id: code.as_str(),
                action: "email",
                summary: format!(
                    "Invited {} addresses by e-mail for wave {wave_id} (part {} of {batches})",
                    written.len(),
                    k + 1
                ),
            },
        )
        .await?;
        tx.commit().await?;
        out.extend(written.into_iter().map(|(e,)| {
            let t = tokens[e.as_str()].clone();
            (e, t)
        }));
    }
    Ok(out)
}

/// What a reminder round would do: how many are due one, how many were
/// reminded after the cutoff ([`super::InvitationLimits::remind_cutoff`])
/// and are skipped, and the day the last of those was reminded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReminderCounts {
    pub due: i64,
    pub waiting: i64,
    pub last_reminded: Option<Date>,
}

/// The result of [`remind`]: who got one, and who was skipped.
#[derive(Clone, Debug, Default)]
pub struct Reminded {
    /// `(address, token)` of every reminder to send.
    pub sent: Vec<(String, String)>,
    pub waiting: i64,
    pub last_reminded: Option<Date>,
}

/// E-mail invitations of the wave and institution whose response is not
/// complete (the condition shared by [`reminder_counts`] and [`remind`]).
const PENDING: &str = "wave_id = $1 AND institution_code = $2 AND email IS NOT NULL \
     AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.token_hash = invitations.token_hash \
     AND r.completed_on IS NOT NULL)";

/// Counts for the reminder's confirmation: who would get one now (last
/// reminded before or on `cutoff`, or never), who would be skipped.
pub async fn reminder_counts(
    db: &Db,
    wave_id: i64,
    code: &InstitutionCode,
    cutoff: Date,
) -> Result<ReminderCounts> {
    let sql = format!(
        "SELECT SUM(CASE WHEN reminded_on IS NULL OR reminded_on <= $3 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN reminded_on > $3 THEN 1 ELSE 0 END), MAX(reminded_on) \
         FROM invitations WHERE {PENDING}"
    );
    let (due, waiting, last): (Option<i64>, Option<i64>, Option<Date>) = on_db!(db, |p| {
        sqlx::query_as(&sql)
            .bind(wave_id)
            .bind(code.as_str())
            .bind(cutoff)
            .fetch_one(p)
            .await?
    });
    let waiting = waiting.unwrap_or(0);
    Ok(ReminderCounts {
        due: due.unwrap_or(0),
        waiting,
        last_reminded: last.filter(|_| waiting > 0),
    })
}

/// For every e-mail invitation of `code` in the wave whose response is not
/// complete and that was not reminded after `cutoff`: a fresh token that
/// leads to the same invitation (an alias), so the earlier link keeps
/// working and progress is kept. The limit holds inside the transaction:
/// one conditional UPDATE marks who is reminded today, so of two rounds at
/// once (a double click, two tabs) the second finds nobody due. Returns
/// the reminders to send and how many were skipped.
pub async fn remind(
    db: &Db,
    actor: &Actor,
    wave_id: i64,
    code: &InstitutionCode,
    cutoff: Date,
) -> Result<Reminded> {
    let mut tx = db.begin().await?;
    require_invitations_accepted(&mut tx, wave_id).await?;
    let mark = format!(
        "UPDATE invitations SET reminders = reminders + 1, reminded_on = $3 \
         WHERE {PENDING} AND (reminded_on IS NULL OR reminded_on <= $4) \
         RETURNING id, email, token_hash"
    );
    let mut due: Vec<(i64, String, String)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(&mark)
            .bind(wave_id)
            .bind(code.as_str())
            .bind(today())
            .bind(cutoff)
            .fetch_all(c)
            .await?
    });
    due.sort_by_key(|(id, _, _)| *id);
    // Who is skipped, read after the marking: on PostgreSQL a round
    // running at the same time has committed by now (its rows made ours
    // wait), so its people count as skipped here. Those marked by this
    // round carry today's date, which is after the cutoff unless the
    // interval is 0 days.
    let skipped_sql = format!(
        "SELECT COUNT(*), MAX(reminded_on) FROM invitations WHERE {PENDING} AND reminded_on > $3"
    );
    let (recent, last): (i64, Option<Date>) = on_tx!(&mut tx, |c| {
        sqlx::query_as(&skipped_sql)
            .bind(wave_id)
            .bind(code.as_str())
            .bind(cutoff)
            .fetch_one(c)
            .await?
    });
    let waiting = recent
        - if today() > cutoff {
            due.len() as i64
        } else {
            0
        };
    let mut out = Vec::with_capacity(due.len());
    for chunk in due.chunks(INVITE_BATCH) {
        let mut sql = String::from("INSERT INTO token_aliases (alias_hash, token_hash) VALUES ");
        let tokens: Vec<String> = chunk.iter().map(|_| super::new_token()).collect();
        for j in 0..chunk.len() {
            if j > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${})", 2 * j + 1, 2 * j + 2));
        }
        on_tx!(&mut tx, |c| {
            let mut q = sqlx::query(&sql);
            for ((_, _, hash), t) in chunk.iter().zip(&tokens) {
                q = q.bind(super::token_hash(t)).bind(hash);
            }
            q.execute(c).await?;
        });
        out.extend(
            chunk
                .iter()
                .zip(tokens)
                .map(|((_, email, _), t)| (email.clone(), t)),
        );
    }
    audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: INVITATIONS,
            entity_id: code.as_str(),
            action: "remind",
            summary: format!(
                "Sent {} reminders for wave {wave_id}; {waiting} skipped (reminded after {cutoff})",
                out.len()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Reminded {
        sent: out,
        waiting,
        last_reminded: last.filter(|_| waiting > 0),
    })
}

/// Invited, started and completed counts of one group.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Fieldwork {
    pub institution: String,
    /// The unit's name, `None` for invitations without a unit.
    pub unit: Option<String>,
    pub invited: i64,
    pub started: i64,
    pub completed: i64,
}

/// What of a [`Fieldwork`] row may be shown (issue 11, class 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldworkRelease {
    pub invited: i64,
    /// `None`: fewer than the minimum group, or hidden so that a hidden
    /// count does not follow from a total published elsewhere.
    pub started: Option<i64>,
    pub completed: Option<i64>,
    /// Completed per invited in whole percent, only where completed is shown.
    pub rate: Option<i64>,
}

/// The release rule for fieldwork counts (pure). A started or completed
/// count is shown only when the count itself is at least `min_group`: the
/// invited number never decides (unused links inflate it at will). Within
/// an institution, a count hidden alone is joined by the smallest shown
/// count of the same kind, so it cannot be recovered as the institution's
/// total (the report's respondents) minus the visible teams. The response
/// rate is shown only with its completed count.
pub fn release_fieldwork(rows: &[Fieldwork], min_group: u64) -> Vec<FieldworkRelease> {
    let min = i64::try_from(min_group).unwrap_or(i64::MAX);
    let mut out: Vec<FieldworkRelease> = rows
        .iter()
        .map(|f| FieldworkRelease {
            invited: f.invited,
            started: (f.started >= min).then_some(f.started),
            completed: (f.completed >= min).then_some(f.completed),
            rate: None,
        })
        .collect();
    // Kind 0 is started, kind 1 completed.
    fn pick(r: &mut FieldworkRelease, kind: usize) -> &mut Option<i64> {
        if kind == 0 {
            &mut r.started
        } else {
            &mut r.completed
        }
    }
    fn count(f: &Fieldwork, kind: usize) -> i64 {
        if kind == 0 { f.started } else { f.completed }
    }
    let institutions: std::collections::BTreeSet<&str> =
        rows.iter().map(|f| f.institution.as_str()).collect();
    for inst in institutions {
        let members: Vec<usize> = (0..rows.len())
            .filter(|&k| rows[k].institution == inst)
            .collect();
        for kind in 0..2 {
            let hidden = members
                .iter()
                .filter(|&&k| pick(&mut out[k], kind).is_none())
                .count();
            if hidden != 1 {
                continue;
            }
            if let Some(&k) = members
                .iter()
                .filter(|&&k| pick(&mut out[k], kind).is_some())
                .min_by_key(|&&k| count(&rows[k], kind))
            {
                *pick(&mut out[k], kind) = None;
            }
        }
    }
    for (r, f) in out.iter_mut().zip(rows) {
        r.rate = match r.completed {
            Some(c) if f.invited > 0 => Some((c * 100 + f.invited / 2) / f.invited),
            _ => None,
        };
    }
    out
}

/// Response counts per institution and unit (never an individual's status).
/// Rows of one institution are adjacent. Show them only through
/// [`release_fieldwork`].
pub async fn fieldwork(db: &Db, wave_id: i64) -> Result<Vec<Fieldwork>> {
    let rows: Vec<(String, Option<String>, i64, i64, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT i.institution_code, u.name, COUNT(*), \
                    COUNT(r.id), \
                    SUM(CASE WHEN r.completed_on IS NULL THEN 0 ELSE 1 END) \
             FROM invitations i \
             LEFT JOIN org_units u ON u.id = i.unit_id \
             LEFT JOIN responses r ON r.token_hash = i.token_hash \
             WHERE i.wave_id = $1 \
             GROUP BY i.institution_code, u.name \
             ORDER BY i.institution_code, u.name",
        )
        .bind(wave_id)
        .fetch_all(p)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(institution, unit, invited, started, completed)| Fieldwork {
                institution,
                unit,
                invited,
                started,
                completed,
            },
        )
        .collect())
}

// --- responses -----------------------------------------------------------------

/// What a token opens: the invitation, and the response once started.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The invitation's own token hash (a reminder's alias resolved).
    pub token_hash: String,
    pub wave_id: i64,
    pub institution: InstitutionCode,
    pub unit_id: Option<i64>,
    pub response: Option<ResponseState>,
    /// A printed anonymous link not yet opened by anyone: its first use
    /// replaces it ([`claim`]). E-mail invitations are personal and never
    /// claimed.
    pub claimable: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct ResponseState {
    pub id: i64,
    pub page: i64,
    pub completed: bool,
}

#[derive(sqlx::FromRow)]
struct OpenedRow {
    token_hash: String,
    wave_id: i64,
    institution_code: String,
    unit_id: Option<i64>,
    response_id: Option<i64>,
    page: Option<i64>,
    completed_on: Option<Date>,
    kind: String,
    claimed: bool,
}

pub async fn open_token(db: &Db, token: &str) -> Result<Option<Opened>> {
    let row: Option<OpenedRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT i.token_hash, i.wave_id, i.institution_code, i.unit_id, r.id AS response_id, r.page, \
             r.completed_on, i.kind, i.claimed FROM invitations i LEFT JOIN responses r ON r.token_hash = i.token_hash \
             WHERE i.token_hash = COALESCE((SELECT a.token_hash FROM token_aliases a WHERE a.alias_hash = $1), $1)",
        )
        .bind(super::token_hash(token))
        .fetch_optional(p)
        .await?
    });
    row.map(|r| {
        Ok(Opened {
            token_hash: r.token_hash,
            wave_id: r.wave_id,
            institution: parse_col("invitations.institution_code", &r.institution_code)?,
            unit_id: r.unit_id,
            response: r.response_id.map(|id| ResponseState {
                id,
                page: r.page.unwrap_or(0),
                completed: r.completed_on.is_some(),
            }),
            claimable: r.kind == "link" && !r.claimed,
        })
    })
    .transpose()
}

/// `true` when `token` is a printed link that was claimed: it opens
/// nothing any more.
pub async fn spent(db: &Db, token: &str) -> Result<bool> {
    let row: Option<(String,)> = on_db!(db, |p| {
        sqlx::query_as("SELECT token_hash FROM spent_tokens WHERE token_hash = $1")
            .bind(super::token_hash(token))
            .fetch_optional(p)
            .await?
    });
    Ok(row.is_some())
}

/// Claims a printed anonymous link at its first use: the invitation (and a
/// response already started on it, from before claims existed) moves to a
/// fresh token, which is returned and known only to the caller; the
/// printed token is spent. `None` when the link was claimed meanwhile (two
/// browsers at once: one wins) or is not claimable. No audit entry: like
/// saving answers, claiming is the respondent's act, and an exact time
/// next to an institution would say when someone started.
pub async fn claim(db: &Db, printed: &str) -> Result<Option<String>> {
    let old = super::token_hash(printed);
    let fresh = super::new_token();
    let new = super::token_hash(&fresh);
    let mut tx = db.begin().await?;
    let moved = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE invitations SET token_hash = $2, claimed = TRUE \
             WHERE token_hash = $1 AND kind = 'link' AND claimed = FALSE",
        )
        .bind(&old)
        .bind(&new)
        .execute(c)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Ok(None);
    }
    on_tx!(&mut tx, |c| {
        sqlx::query("UPDATE responses SET token_hash = $2 WHERE token_hash = $1")
            .bind(&old)
            .bind(&new)
            .execute(c)
            .await?;
    });
    on_tx!(&mut tx, |c| {
        sqlx::query("INSERT INTO spent_tokens (token_hash) VALUES ($1)")
            .bind(&old)
            .execute(c)
            .await?;
    });
    tx.commit().await?;
    Ok(Some(fresh))
}

/// The response of an opened token, created at first use.
pub async fn start_response(db: &Db, token: &str, o: &Opened) -> Result<ResponseState> {
    if let Some(r) = o.response {
        return Ok(r);
    }
    let hash = &o.token_hash;
    let row: Option<(i64,)> = on_db!(db, |p| {
        sqlx::query_as(
            "INSERT INTO responses (wave_id, institution_code, unit_id, token_hash, page, started_on) \
             VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (token_hash) DO NOTHING RETURNING id",
        )
        .bind(o.wave_id)
        .bind(o.institution.as_str())
        .bind(o.unit_id)
        .bind(hash)
        .bind(today())
        .fetch_optional(p)
        .await?
    });
    match row {
        Some((id,)) => Ok(ResponseState {
            id,
            page: 0,
            completed: false,
        }),
        // Started concurrently (a double click): read what is there.
        None => open_token(db, token)
            .await?
            .and_then(|o| o.response)
            .ok_or(StoreError::NotFound),
    }
}

/// Saves answers and background choices of a response and records the
/// furthest page reached, in one transaction (one durable commit). `None`
/// as a value is "n.v.t."; `remove` lists items whose answer was cleared.
pub async fn save(
    db: &Db,
    response_id: i64,
    answers: &[(String, Option<i64>)],
    background: &[(String, Option<String>)],
    page: i64,
) -> Result<()> {
    save_page(db, response_id, answers, background, &[], page).await
}

/// Inside `tx`: refuses with [`StoreError::WrongState`] unless the wave of
/// `response_id` accepts answers ([`WaveState::accepts_answers`]) and the
/// response is not sealed. This is where the rule holds: a save racing the
/// wave's close is either committed before the close or refused after it.
/// SQLite's write transactions already run one at a time (`BEGIN
/// IMMEDIATE`); on PostgreSQL `FOR SHARE` locks the wave row, so `advance`
/// (an UPDATE of that row) waits for the saves under way and the saves
/// after it see the new state.
async fn require_answers_accepted(tx: &mut Tx, response_id: i64) -> Result<()> {
    const SQL: &str = "SELECT w.state, r.completed_on IS NOT NULL FROM responses r \
                       JOIN waves w ON w.id = r.wave_id WHERE r.id = $1";
    let row: Option<(String, bool)> = match tx {
        Tx::Sqlite(t) => {
            sqlx::query_as(SQL)
                .bind(response_id)
                .fetch_optional(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_as(&format!("{SQL} FOR SHARE OF w"))
                .bind(response_id)
                .fetch_optional(&mut **t)
                .await?
        }
    };
    let (state, completed) = row.ok_or(StoreError::NotFound)?;
    let state: WaveState = parse_col("waves.state", &state)?;
    if !state.accepts_answers() {
        return Err(StoreError::WrongState {
            entity: "wave",
            state: state.to_string(),
        });
    }
    if completed {
        return Err(StoreError::WrongState {
            entity: "response",
            state: "completed".into(),
        });
    }
    Ok(())
}

/// Saves one page in one transaction: answers, background choices, open
/// answers (`None` or empty text removes one) and the page reached.
/// `WrongState` when the wave no longer accepts answers or the response
/// is sealed (checked in the same transaction).
pub async fn save_page(
    db: &Db,
    response_id: i64,
    answers: &[(String, Option<i64>)],
    background: &[(String, Option<String>)],
    open: &[(String, Option<String>)],
    page: i64,
) -> Result<()> {
    let mut tx = db.begin().await?;
    require_answers_accepted(&mut tx, response_id).await?;
    for (q, text) in open {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            // A changed answer must be reviewed again.
            Some(text) => on_tx!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO response_open (response_id, question_id, text, reviewed, hidden) \
                     VALUES ($1, $2, $3, FALSE, FALSE) \
                     ON CONFLICT (response_id, question_id) DO UPDATE SET text = excluded.text, \
                     reviewed = FALSE, hidden = FALSE \
                     WHERE response_open.text <> excluded.text",
                )
                .bind(response_id)
                .bind(q)
                .bind(text)
                .execute(c)
                .await?;
            }),
            None => on_tx!(&mut tx, |c| {
                sqlx::query(
                    "DELETE FROM response_open WHERE response_id = $1 AND question_id = $2",
                )
                .bind(response_id)
                .bind(q)
                .execute(c)
                .await?;
            }),
        }
    }
    if !answers.is_empty() {
        let mut sql =
            String::from("INSERT INTO response_answers (response_id, item_id, value) VALUES ");
        for k in 0..answers.len() {
            if k > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("($1, ${}, ${})", 2 * k + 2, 2 * k + 3));
        }
        sql.push_str(" ON CONFLICT (response_id, item_id) DO UPDATE SET value = excluded.value");
        on_tx!(&mut tx, |c| {
            let mut q = sqlx::query(&sql).bind(response_id);
            for (item, value) in answers {
                q = q.bind(item).bind(*value);
            }
            q.execute(c).await?;
        });
    }
    for (q, choice) in background {
        match choice {
            Some(choice) => on_tx!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO response_background (response_id, question_id, choice) VALUES ($1, $2, $3) \
                     ON CONFLICT (response_id, question_id) DO UPDATE SET choice = excluded.choice",
                )
                .bind(response_id)
                .bind(q)
                .bind(choice)
                .execute(c)
                .await?;
            }),
            None => {
                on_tx!(&mut tx, |c| {
                    sqlx::query("DELETE FROM response_background WHERE response_id = $1 AND question_id = $2")
                    .bind(response_id)
                    .bind(q)
                    .execute(c)
                    .await?;
                })
            }
        }
    }
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE responses SET page = $2 WHERE id = $1 AND page < $2 AND completed_on IS NULL",
        )
        .bind(response_id)
        .bind(page)
        .execute(c)
        .await?;
    });
    tx.commit().await
}

/// Sets the unit of a response from the teacher's own answer.
pub async fn set_unit(db: &Db, response_id: i64, unit: Option<i64>) -> Result<()> {
    on_db!(db, |p| {
        sqlx::query("UPDATE responses SET unit_id = $2 WHERE id = $1 AND completed_on IS NULL")
            .bind(response_id)
            .bind(unit)
            .execute(p)
            .await?;
    });
    Ok(())
}

pub type Saved = (HashMap<String, Answer>, HashMap<String, String>);

pub async fn load(db: &Db, response_id: i64) -> Result<Saved> {
    type Rows = (ItemAnswers, Vec<(String, String)>);
    let (answers, background): Rows = on_db!(db, |p| {
        let a =
            sqlx::query_as("SELECT item_id, value FROM response_answers WHERE response_id = $1")
                .bind(response_id)
                .fetch_all(p)
                .await?;
        let b = sqlx::query_as(
            "SELECT question_id, choice FROM response_background WHERE response_id = $1",
        )
        .bind(response_id)
        .fetch_all(p)
        .await?;
        (a, b)
    });
    Ok((
        answers
            .into_iter()
            .map(|(k, v)| (k, v.map_or(Answer::NotApplicable, Answer::Value)))
            .collect(),
        background.into_iter().collect(),
    ))
}

/// A response's open answers by question id.
pub async fn load_open(db: &Db, response_id: i64) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> = on_db!(db, |p| {
        sqlx::query_as("SELECT question_id, text FROM response_open WHERE response_id = $1")
            .bind(response_id)
            .fetch_all(p)
            .await?
    });
    Ok(rows.into_iter().collect())
}

/// Seals a response: from now on it cannot change.
/// `WrongState` when the wave no longer accepts answers (checked in the
/// same transaction); completing twice is harmless.
pub async fn complete(db: &Db, response_id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    match require_answers_accepted(&mut tx, response_id).await {
        Err(StoreError::WrongState {
            entity: "response", ..
        }) => return Ok(()),
        other => other?,
    }
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE responses SET completed_on = $2 WHERE id = $1 AND completed_on IS NULL",
        )
        .bind(response_id)
        .bind(today())
        .execute(c)
        .await?;
    });
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(inst: &str, unit: &str, invited: i64, started: i64, completed: i64) -> Fieldwork {
        Fieldwork {
            institution: inst.into(),
            unit: Some(unit.into()),
            invited,
            started,
            completed,
        }
    }

    #[test]
    fn fieldwork_counts_below_the_minimum_are_hidden_whatever_the_invited_number() {
        let r = release_fieldwork(&[row("25AA", "T", 500, 9, 9)], 10);
        assert_eq!(
            (r[0].started, r[0].completed, r[0].rate),
            (None, None, None)
        );
        assert_eq!(r[0].invited, 500);
        let r = release_fieldwork(&[row("25AA", "T", 13, 12, 10)], 10);
        assert_eq!(
            (r[0].started, r[0].completed, r[0].rate),
            (Some(12), Some(10), Some(77))
        );
        let r = release_fieldwork(&[row("25AA", "T", 40, 15, 3)], 10);
        assert_eq!(
            (r[0].started, r[0].completed, r[0].rate),
            (Some(15), None, None)
        );
    }

    #[test]
    fn a_count_hidden_alone_in_an_institution_takes_the_smallest_shown_one_with_it() {
        let rows = [
            row("25AA", "A", 30, 20, 12),
            row("25AA", "B", 30, 25, 18),
            row("25AA", "C", 30, 4, 3),
            row("25BB", "A", 30, 20, 12),
        ];
        let r = release_fieldwork(&rows, 10);
        // 25AA/C is hidden; 25AA/A (the smallest shown) joins it, so the
        // institution's total minus the visible teams gives only A + C.
        assert_eq!(r[0].completed, None);
        assert_eq!(r[0].started, None);
        assert_eq!(r[0].rate, None);
        assert_eq!(r[1].completed, Some(18));
        assert_eq!(r[2].completed, None);
        assert_eq!(r[3].completed, Some(12), "another institution is untouched");
    }

    proptest! {
        /// Whatever is invited, a shown count is never below the minimum,
        /// and in an institution no count is hidden alone while another of
        /// its kind is shown.
        #[test]
        fn no_count_below_the_minimum_is_ever_shown(
            groups in proptest::collection::vec((0i64..3, 0i64..400, 0i64..30, 0i64..30), 1..12),
            min in 5u64..15,
        ) {
            let rows: Vec<Fieldwork> = groups
                .iter()
                .enumerate()
                .map(|(k, &(inst, extra, s, c))| {
                    let (s, c) = (s.max(c), s.min(c));
                    row(&format!("25A{inst}"), &format!("U{k}"), s + extra, s, c)
                })
                .collect();
            let mut rows = rows;
            rows.sort_by(|a, b| a.institution.cmp(&b.institution));
            let out = release_fieldwork(&rows, min);
            for (r, f) in out.iter().zip(&rows) {
                prop_assert!(r.started.is_none_or(|n| n >= min as i64 && n == f.started));
                prop_assert!(r.completed.is_none_or(|n| n >= min as i64 && n == f.completed));
                prop_assert_eq!(r.rate.is_some(), r.completed.is_some());
            }
            for inst in ["25A0", "25A1", "25A2"] {
                let members: Vec<&FieldworkRelease> = out
                    .iter()
                    .zip(&rows)
                    .filter(|(_, f)| f.institution == inst)
                    .map(|(r, _)| r)
                    .collect();
                for hidden in [
                    members.iter().filter(|r| r.started.is_none()).count(),
                    members.iter().filter(|r| r.completed.is_none()).count(),
                ] {
                    prop_assert!(hidden != 1 || members.len() == 1);
                }
            }
        }
    }
}

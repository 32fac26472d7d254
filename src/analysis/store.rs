//! Reading completed responses of a wave into the compact form analysis
//! works on. Only completed (sealed) responses count; answers are streamed
//! row by row into the coded matrix, never held as strings.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::TryStreamExt;

use super::scoring::{self, NO_ANSWER, WaveData};
use super::{release, report};
use crate::monitor::{InstrumentError, Instruments, Wave};
use crate::on_db;
use crate::store::Db;

/// One wave's completed responses, scored.
pub async fn load_wave(
    db: &Db,
    instruments: &Instruments,
    wave: &Wave,
    secret: &[u8],
) -> Result<report::Wave, InstrumentError> {
    let ins = instruments
        .get(db, &wave.instrument_id, &wave.instrument_version)
        .await?;
    let heads: Vec<(i64, String, Option<i64>)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, institution_code, unit_id FROM responses \
             WHERE wave_id = $1 AND completed_on IS NOT NULL ORDER BY id",
        )
        .bind(wave.id)
        .fetch_all(p)
        .await
        .map_err(crate::store::StoreError::from)?
    });
    let mut institutions: Vec<String> = Vec::new();
    let mut inst_index: HashMap<String, u32> = HashMap::new();
    let mut position: HashMap<i64, usize> = HashMap::with_capacity(heads.len());
    let mut meta = Vec::with_capacity(heads.len());
    let mut keys = Vec::with_capacity(heads.len());
    for (k, (id, code, unit)) in heads.into_iter().enumerate() {
        keys.push(release::record_key(secret, id));
        let next = institutions.len() as u32;
        let i = *inst_index.entry(code.clone()).or_insert_with(|| {
            institutions.push(code);
            next
        });
        position.insert(id, k);
        meta.push((i, unit));
    }
    let items: HashMap<&str, usize> = ins
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.as_str(), i))
        .collect();
    let mut coded = vec![vec![NO_ANSWER; ins.items.len()]; meta.len()];
    on_db!(db, |p| {
        let mut rows = sqlx::query_as::<_, (i64, String, Option<i64>)>(
            "SELECT a.response_id, a.item_id, a.value FROM response_answers a \
             JOIN responses r ON r.id = a.response_id \
             WHERE r.wave_id = $1 AND r.completed_on IS NOT NULL",
        )
        .bind(wave.id)
        .fetch(p);
        while let Some((rid, item, value)) = rows
            .try_next()
            .await
            .map_err(crate::store::StoreError::from)?
        {
            let (Some(&k), Some(&i), Some(v)) =
                (position.get(&rid), items.get(item.as_str()), value)
            else {
                continue;
            };
            if ins.scales[ins.items[i].scale].allows(v) {
                coded[k][i] = i8::try_from(ins.coded(i, v)).unwrap_or(NO_ANSWER);
            }
        }
    });
    let questions: HashMap<&str, usize> = ins
        .background
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut background = vec![vec![None; ins.background.len()]; meta.len()];
    on_db!(db, |p| {
        let mut rows = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT b.response_id, b.question_id, b.choice FROM response_background b \
             JOIN responses r ON r.id = b.response_id \
             WHERE r.wave_id = $1 AND r.completed_on IS NOT NULL",
        )
        .bind(wave.id)
        .fetch(p);
        while let Some((rid, q, choice)) = rows
            .try_next()
            .await
            .map_err(crate::store::StoreError::from)?
        {
            let (Some(&k), Some(&qi)) = (position.get(&rid), questions.get(q.as_str())) else {
                continue;
            };
            background[k][qi] = ins.background[qi]
                .options
                .iter()
                .position(|o| o.id == choice)
                .map(|o| o as u16);
        }
    });
    let responses = meta
        .into_iter()
        .zip(coded)
        .zip(background)
        .zip(keys)
        .map(|((((inst, unit), coded), bg), key)| scoring::Response {
            key,
            ..scoring::score_coded(&ins, inst, unit, bg, coded)
        })
        .collect();
    Ok(report::Wave::new(
        Arc::new(WaveData {
            wave: wave.name.clone(),
            institutions,
            responses,
        }),
        Arc::clone(&ins),
    ))
}

/// Scored waves by id, with the stamp they were scored at: the number of
/// completed responses and the highest response id. Completed responses
/// are sealed and never deleted, so an unchanged stamp means unchanged data.
#[derive(Debug, Default)]
pub struct WaveCache {
    map: std::sync::Mutex<HashMap<i64, (Stamp, report::Wave)>>,
    secret: tokio::sync::OnceCell<Vec<u8>>,
}

impl WaveCache {
    /// The installation's cell-key secret, read once.
    pub async fn secret(&self, db: &Db) -> Result<&[u8], crate::store::StoreError> {
        self.secret
            .get_or_try_init(|| secret(db))
            .await
            .map(Vec::as_slice)
    }
}

/// The installation's cell-key secret (made at first use, 32 random bytes,
/// never shown): every record key derives from it (`release::record_key`).
pub async fn secret(db: &Db) -> Result<Vec<u8>, crate::store::StoreError> {
    use rand::RngCore;
    let mut fresh = [0u8; 32];
    rand::rng().fill_bytes(&mut fresh);
    on_db!(db, |p| {
        sqlx::query("INSERT INTO secrets (name, value) VALUES ('cell-key', $1) ON CONFLICT (name) DO NOTHING")
            .bind(hex::encode(fresh))
            .execute(p)
            .await?;
    });
    let (value,): (String,) = on_db!(db, |p| {
        sqlx::query_as("SELECT value FROM secrets WHERE name = 'cell-key'")
            .fetch_one(p)
            .await?
    });
    hex::decode(&value).map_err(|_| crate::store::StoreError::Corrupt {
        column: "secrets.value",
        value: "cell-key".into(),
    })
}

/// The random rank of every institution in a wave's sector report, drawn
/// (and stored) the first time the institution appears there; anonymous
/// letters follow the ranks, so they cannot be recomputed from the codes.
pub async fn letter_ranks(
    db: &Db,
    wave_id: i64,
    codes: &[String],
) -> Result<HashMap<String, i64>, crate::store::StoreError> {
    use rand::Rng;
    let read = || async {
        let rows: Vec<(String, i64)> = on_db!(db, |p| {
            sqlx::query_as("SELECT institution_code, rank FROM sector_letters WHERE wave_id = $1")
                .bind(wave_id)
                .fetch_all(p)
                .await?
        });
        Ok::<HashMap<String, i64>, crate::store::StoreError>(rows.into_iter().collect())
    };
    let ranks = read().await?;
    let missing: Vec<&String> = codes.iter().filter(|c| !ranks.contains_key(*c)).collect();
    // A write only the first time an institution appears (not on every
    // view of the report); concurrent first views keep the first rank.
    if missing.is_empty() {
        return Ok(ranks);
    }
    let mut tx = db.begin().await?;
    for code in missing {
        let rank: i64 = rand::rng().random_range(0..i64::MAX);
        crate::on_tx!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO sector_letters (wave_id, institution_code, rank) VALUES ($1, $2, $3) \
                 ON CONFLICT (wave_id, institution_code) DO NOTHING",
            )
            .bind(wave_id)
            .bind(code)
            .bind(rank)
            .execute(c)
            .await?;
        });
    }
    tx.commit().await?;
    read().await
}

/// (completed responses, highest response id) of a wave.
type Stamp = (i64, i64);

/// Every wave whose results are released (closed or archived), oldest
/// first (by opening date), scored (from `cache` where its data did not
/// change). An open wave's figures never leave the server: each completion
/// would otherwise be visible as the difference of two reports.
pub async fn load_waves(
    db: &Db,
    instruments: &Instruments,
    cache: &WaveCache,
) -> Result<Vec<(Wave, report::Wave)>, InstrumentError> {
    let mut waves: Vec<Wave> = crate::monitor::store::waves(db)
        .await?
        .into_iter()
        .filter(|w| w.state.releases_results())
        .collect();
    waves.sort_by(|a, b| a.opens_on.cmp(&b.opens_on).then(a.id.cmp(&b.id)));
    let mut out = Vec::with_capacity(waves.len());
    for w in waves {
        let stamp: Stamp = on_db!(db, |p| {
            sqlx::query_as(
                "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM responses \
                 WHERE wave_id = $1 AND completed_on IS NOT NULL",
            )
            .bind(w.id)
            .fetch_one(p)
            .await
            .map_err(crate::store::StoreError::from)?
        });
        let cached = cache
            .map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&w.id)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, data)| data.clone());
        let data = match cached {
            Some(d) => d,
            None => {
                let secret = cache.secret(db).await?;
                let d = load_wave(db, instruments, &w, secret).await?;
                cache
                    .map
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(w.id, (stamp, d.clone()));
                d
            }
        };
        out.push((w, data));
    }
    Ok(out)
}

/// The number of completed responses of a wave.
pub async fn completed_count(db: &Db, wave_id: i64) -> Result<i64, crate::store::StoreError> {
    let (n,): (i64,) = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM responses WHERE wave_id = $1 AND completed_on IS NOT NULL",
        )
        .bind(wave_id)
        .fetch_one(p)
        .await?
    });
    Ok(n)
}

/// Codes of the institutions that agreed to be named in the sector report.
pub async fn named_institutions(
    db: &Db,
) -> Result<std::collections::HashSet<String>, crate::store::StoreError> {
    let rows: Vec<(String,)> = on_db!(db, |p| {
        sqlx::query_as("SELECT institution_code FROM report_consent WHERE named")
            .fetch_all(p)
            .await?
    });
    Ok(rows.into_iter().map(|(c,)| c).collect())
}

/// Records an institution's choice to be named (or not) in the sector
/// report, in the audit log in the same transaction.
pub async fn set_named(
    db: &Db,
    actor: &crate::audit::Actor,
    code: &crate::institutions::InstitutionCode,
    named: bool,
) -> Result<(), crate::store::StoreError> {
    let mut tx = db.begin().await?;
    crate::on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO report_consent (institution_code, named, decided_on) VALUES ($1, $2, $3) \
             ON CONFLICT (institution_code) DO UPDATE SET named = excluded.named, decided_on = excluded.decided_on",
        )
        .bind(code.as_str())
        .bind(named)
        .bind(crate::monitor::store::today())
        .execute(c)
        .await?;
    });
    crate::audit::store::record(
        &mut tx,
        actor,
        crate::audit::Event {
            entity: crate::audit::entity::INSTITUTION,
            entity_id: code.as_str(),
            action: "report_consent",
            summary: if named {
                "named in sector report"
            } else {
                "anonymous in sector report"
            }
            .into(),
        },
    )
    .await?;
    tx.commit().await
}

/// A completed response written in bulk: a historical import or demo data.
/// It has no invitation; its token hash is random and opens nothing.
#[derive(Clone, Debug)]
pub struct NewResponse {
    pub institution: String,
    pub unit: Option<i64>,
    /// (question id, option id)
    pub background: Vec<(String, String)>,
    /// (item id, value; `None` = n.v.t.)
    pub answers: Vec<(String, Option<i64>)>,
    /// (open question id, text), not yet reviewed.
    pub open: Vec<(String, String)>,
    pub completed_on: time::Date,
}

/// Writes completed responses into a wave, 500 per transaction; returns
/// how many were written. The caller has validated them.
pub async fn insert_completed(
    db: &Db,
    wave_id: i64,
    rows: &[NewResponse],
) -> Result<usize, crate::store::StoreError> {
    for chunk in rows.chunks(500) {
        let mut tx = db.begin().await?;
        for r in chunk {
            let hash = format!("import:{}", crate::monitor::new_token());
            let (id,): (i64,) = crate::on_tx!(&mut tx, |c| {
                sqlx::query_as(
                    "INSERT INTO responses (wave_id, institution_code, unit_id, token_hash, page, started_on, completed_on) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                )
                .bind(wave_id)
                .bind(&r.institution)
                .bind(r.unit)
                .bind(&hash)
                .bind(0i64)
                .bind(r.completed_on)
                .fetch_one(&mut *c)
                .await?
            });
            if !r.answers.is_empty() {
                let mut sql = String::from(
                    "INSERT INTO response_answers (response_id, item_id, value) VALUES ",
                );
                for k in 0..r.answers.len() {
                    if k > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!("($1, ${}, ${})", 2 * k + 2, 2 * k + 3));
                }
                crate::on_tx!(&mut tx, |c| {
                    let mut q = sqlx::query(&sql).bind(id);
                    for (item, value) in &r.answers {
                        q = q.bind(item).bind(*value);
                    }
                    q.execute(c).await?;
                });
            }
            for (q, text) in &r.open {
                crate::on_tx!(&mut tx, |c| {
                    sqlx::query(
                        "INSERT INTO response_open (response_id, question_id, text) VALUES ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(q)
                    .bind(text)
                    .execute(c)
                    .await?;
                });
            }
            for (q, choice) in &r.background {
                crate::on_tx!(&mut tx, |c| {
                    sqlx::query(
                        "INSERT INTO response_background (response_id, question_id, choice) VALUES ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(q)
                    .bind(choice)
                    .execute(c)
                    .await?;
                });
            }
        }
        tx.commit().await?;
    }
    Ok(rows.len())
}

/// One open answer of a completed response, for review and reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenAnswer {
    pub response_id: i64,
    pub question_id: String,
    pub text: String,
    pub reviewed: bool,
    pub hidden: bool,
}

/// The open answers of an institution's completed responses in a wave,
/// ordered by question and text (never by response).
pub async fn open_answers(
    db: &Db,
    wave_id: i64,
    code: &str,
) -> Result<Vec<OpenAnswer>, crate::store::StoreError> {
    let rows: Vec<(i64, String, String, bool, bool)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT o.response_id, o.question_id, o.text, o.reviewed, o.hidden FROM response_open o \
             JOIN responses r ON r.id = o.response_id \
             WHERE r.wave_id = $1 AND r.institution_code = $2 AND r.completed_on IS NOT NULL \
             ORDER BY o.question_id, o.text",
        )
        .bind(wave_id)
        .bind(code)
        .fetch_all(p)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(response_id, question_id, text, reviewed, hidden)| OpenAnswer {
                response_id,
                question_id,
                text,
                reviewed,
                hidden,
            },
        )
        .collect())
}

/// Records a review: every answer in `seen` is reviewed, hidden when it is
/// in `hide`. Answers of other waves or institutions are left alone.
pub async fn review_open(
    db: &Db,
    actor: &crate::audit::Actor,
    wave_id: i64,
    code: &str,
    seen: &[(i64, String)],
    hide: &std::collections::HashSet<(i64, String)>,
) -> Result<(), crate::store::StoreError> {
    let mut tx = db.begin().await?;
    for key in seen {
        let hidden = hide.contains(key);
        crate::on_tx!(&mut tx, |c| {
            sqlx::query(
                "UPDATE response_open SET reviewed = TRUE, hidden = $3 \
                 WHERE response_id = $1 AND question_id = $2 AND response_id IN \
                 (SELECT id FROM responses WHERE wave_id = $4 AND institution_code = $5)",
            )
            .bind(key.0)
            .bind(&key.1)
            .bind(hidden)
            .bind(wave_id)
            .bind(code)
            .execute(c)
            .await?;
        });
    }
    crate::audit::store::record(
        &mut tx,
        actor,
        crate::audit::Event {
            entity: crate::audit::entity::INSTITUTION,
            entity_id: code,
            action: "review_open_answers",
            summary: format!(
                "wave {wave_id}: {} reviewed, {} hidden",
                seen.len(),
                hide.len()
            ),
        },
    )
    .await?;
    tx.commit().await
}

//! The report use cases that the web and the command line share: the
//! institution report (or praatplaat) and the sector report as one
//! [`Document`] each, and the start of a microdata export (its checks and
//! its audit event). Plain values in ([`Env`]), [`ReportError`] out; the
//! pages (`analysis::routes`) and `bekwaam report` / `bekwaam microdata`
//! (`cli.rs`) are adapters over these.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::disclosure::MinGroup;
use super::documents::{self, Context, Names};
use super::report::{self, Filter};
use crate::audit::{self, Actor, Event};
use crate::i18n::Msg;
use crate::institutions::{self, InstitutionCode};
use crate::monitor::{self, InstrumentError, Wave, WaveState};
use crate::reports::document::{Document, Labels};
use crate::store::StoreError;

/// Why a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No such wave, institution, team or table (or not in this wave).
    #[error("not found")]
    NotFound,
    /// The wave is open: results appear only after it closes.
    #[error("the wave is open")]
    WaveOpen,
    /// The request is wrong, with what is wrong.
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Instrument(InstrumentError),
}

impl From<StoreError> for ReportError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ReportError::NotFound,
            other => ReportError::Store(other),
        }
    }
}

impl From<InstrumentError> for ReportError {
    fn from(e: InstrumentError) -> Self {
        match e {
            InstrumentError::Store(e) => e.into(),
            other => ReportError::Instrument(other),
        }
    }
}

impl ReportError {
    /// The sentence for the user, when the user can act on it.
    pub fn msg(&self) -> Option<Msg> {
        match self {
            ReportError::NotFound => Some(Msg::new("cli-report-not-found")),
            ReportError::WaveOpen => Some(Msg::new("report-wave-open")),
            ReportError::BadRequest(m) => Some(m.clone()),
            ReportError::Store(_) | ReportError::Instrument(_) => None,
        }
    }
}

/// What building a report needs, from a request or the command line.
pub struct Env<'a> {
    pub db: &'a crate::store::Db,
    pub instruments: &'a monitor::Instruments,
    pub waves: &'a super::store::WaveCache,
    pub tr: crate::i18n::Tr,
    pub min_group: MinGroup,
}

/// The waves that have reports (not drafts), oldest first, scored, up to
/// and including `wave_id`; and the index of that wave.
pub async fn load_until(
    env: &Env<'_>,
    wave_id: i64,
) -> Result<(Vec<Wave>, Vec<report::Wave>, usize), ReportError> {
    let all = super::store::load_waves(env.db, env.instruments, env.waves).await?;
    let Some(current) = all.iter().position(|(w, _)| w.id == wave_id) else {
        // Not released: an open wave shows its fieldwork only.
        let wave = monitor::store::wave_row(env.db, wave_id).await?;
        return Err(match wave.state {
            WaveState::Open => ReportError::WaveOpen,
            _ => ReportError::NotFound,
        });
    };
    let (meta, data): (Vec<Wave>, Vec<report::Wave>) = all.into_iter().take(current + 1).unzip();
    Ok((meta, data, current))
}

pub fn context<'a>(env: &Env<'_>, ins: &'a monitor::instrument::Instrument) -> Context<'a> {
    Context {
        tr: env.tr,
        instrument: ins,
        min_group: env.min_group,
        generated_on: monitor::store::today().to_string(),
    }
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    /// `question-id:option-id`, e.g. `zij-instromer:ja`.
    #[serde(default)]
    pub filter: String,
    /// `pdf`, `xlsx`, `csv` (with `table`) or `praatplaat`.
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub table: String,
    /// Unit id for a team's praatplaat.
    #[serde(default)]
    pub team: Option<i64>,
}

pub struct InstitutionDoc {
    pub doc: Document,
    pub labels: Labels,
    pub filter_options: Vec<(String, String, bool)>,
    pub teams: Vec<(String, String)>,
    pub wave: String,
}

pub fn parse_filter(
    ins: &monitor::instrument::Instrument,
    s: &str,
) -> Result<Option<Filter>, ReportError> {
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || ReportError::BadRequest(Msg::new("report-bad-filter").arg("filter", s));
    let (q, o) = s.split_once(':').ok_or_else(bad)?;
    let question = ins
        .background
        .iter()
        .position(|b| b.id == q && !b.from_units)
        .ok_or_else(bad)?;
    let option = ins.background[question]
        .options
        .iter()
        .position(|c| c.id == o)
        .ok_or_else(bad)?;
    Ok(Some(Filter {
        question,
        option: option as u16,
    }))
}

/// Whether `user` may read `code`'s report by name: the access rule of
/// pages, downloads and the CLI alike (issue 13). Its coordinator and the
/// programme manager always; the steering group and researchers only when
/// the institution consented to be named, as in the sector report.
pub async fn may_view_institution(
    db: &crate::store::Db,
    user: &crate::auth::CurrentUser,
    code: &InstitutionCode,
) -> Result<bool, StoreError> {
    if user.may_view_institution_report(code, false) {
        return Ok(true);
    }
    let consented = super::store::named_institutions(db)
        .await?
        .contains(code.as_str());
    Ok(user.may_view_institution_report(code, consented))
}

/// The institution report (or praatplaat, with `q.format == "praatplaat"`).
/// The caller has checked access ([`may_view_institution`]).
pub async fn institution_doc(
    env: &Env<'_>,
    wave_id: i64,
    code: &str,
    q: &ReportQuery,
) -> Result<InstitutionDoc, ReportError> {
    let code: InstitutionCode = code.parse().map_err(|_| ReportError::NotFound)?;
    let institution = institutions::store::get(env.db, &code).await?;
    let (meta, waves, current) = load_until(env, wave_id).await?;
    if !meta[current].institutions.contains(&code) {
        return Err(ReportError::NotFound);
    }
    let ins = waves[current].instrument.clone();
    let filter = parse_filter(&ins, &q.filter)?;
    let units = monitor::store::units(env.db, &code).await?;
    let unit_ids: Vec<i64> = units.iter().map(|u| u.id).collect();
    let unit_names: Vec<String> = units.iter().map(|u| u.name.clone()).collect();
    let m = env.min_group;
    let r = report::institution(
        &waves,
        current,
        code.as_str(),
        filter.as_ref(),
        &unit_ids,
        m,
    );
    let invited: i64 = monitor::store::fieldwork(env.db, wave_id)
        .await?
        .iter()
        .filter(|f| f.institution == code.as_str())
        .map(|f| f.invited)
        .sum();
    let cx = context(env, &ins);
    // Open answers: only for the whole institution (no filter), once reviewed.
    let (open, open_pending) = if filter.is_none() && !ins.open.is_empty() && r.refused.is_none() {
        let answers = super::store::open_answers(env.db, wave_id, code.as_str()).await?;
        let pending = answers.iter().filter(|a| !a.reviewed).count();
        let per_question = ins
            .open
            .iter()
            .map(|q| {
                let shown: Vec<String> = answers
                    .iter()
                    .filter(|a| a.question_id == q.id && a.reviewed && !a.hidden)
                    .map(|a| a.text.clone())
                    .collect();
                (q.text.get(env.tr.lang).to_string(), shown)
            })
            .collect();
        (Some(per_question), pending)
    } else {
        (None, 0)
    };
    let names = Names {
        institution: &institution.name,
        teams: &unit_names,
        invited: u64::try_from(invited).ok().filter(|&i| i > 0),
        open,
        open_pending,
    };
    let doc = if q.format == "praatplaat" {
        let team = match q.team {
            Some(id) => Some(
                unit_ids
                    .iter()
                    .position(|&u| u == id)
                    .ok_or(ReportError::NotFound)?,
            ),
            None => None,
        };
        if team.is_some() && filter.is_some() {
            return Err(ReportError::BadRequest(Msg::new("report-team-with-filter")));
        }
        documents::praatplaat(&cx, &r, &names, team)
    } else {
        documents::institution(&cx, &r, &names)
    };
    let mut doc = doc;
    if let Some(f) = &filter {
        let b = &ins.background[f.question];
        doc.subtitle = Some(
            env.tr.msg(
                &Msg::new("report-filtered")
                    .arg("question", b.text.get(env.tr.lang))
                    .arg(
                        "option",
                        b.options[f.option as usize].label.get(env.tr.lang),
                    ),
            ),
        );
    }
    let filter_options = ins
        .background
        .iter()
        .filter(|b| !b.from_units)
        .flat_map(|b| b.options.iter().map(move |o| (b, o)))
        .map(|(b, o)| {
            let value = format!("{}:{}", b.id, o.id);
            let selected = value == q.filter;
            (
                value,
                format!("{}: {}", b.text.get(env.tr.lang), o.label.get(env.tr.lang)),
                selected,
            )
        })
        .collect();
    let teams = if filter.is_none() {
        r.teams
            .iter()
            .zip(&unit_names)
            .filter(|(t, _)| t.n.is_some())
            .map(|(t, name)| (t.unit.to_string(), name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(InstitutionDoc {
        labels: cx.labels(),
        doc,
        filter_options,
        teams,
        wave: meta[current].name.clone(),
    })
}

/// The sector report, its labels and the wave's name.
pub async fn sector_doc(
    env: &Env<'_>,
    wave_id: i64,
) -> Result<(Document, Labels, String), ReportError> {
    let (meta, waves, current) = load_until(env, wave_id).await?;
    let r = report::sector(&waves, current, env.min_group);
    let named: HashSet<String> = super::store::named_institutions(env.db).await?;
    let names: HashMap<String, String> = institutions::store::all(env.db)
        .await?
        .into_iter()
        .map(|i| (i.code.to_string(), i.name))
        .collect();
    let codes: Vec<(String, Option<String>)> = r
        .institutions
        .iter()
        .map(|i| {
            let name = named
                .contains(&i.code)
                .then(|| names.get(&i.code).cloned())
                .flatten();
            (i.code.clone(), name)
        })
        .collect();
    let all_codes: Vec<String> = codes.iter().map(|(c, _)| c.clone()).collect();
    let ranks = super::store::letter_ranks(env.db, wave_id, &all_codes).await?;
    let labels = documents::institution_labels(&env.tr, &codes, &ranks);
    let ins = waves[current].instrument.clone();
    let cx = context(env, &ins);
    let doc = documents::sector(&cx, &r, &labels);
    Ok((doc, cx.labels(), meta[current].name.clone()))
}

// --- microdata -----------------------------------------------------------------------------

/// Microdata exist only for a wave whose results are released.
pub fn released(wave: &Wave) -> Result<(), ReportError> {
    match wave.state {
        s if s.releases_results() => Ok(()),
        WaveState::Open => Err(ReportError::WaveOpen),
        _ => Err(ReportError::NotFound),
    }
}

/// What every microdata export starts with, wherever it is asked for:
/// the wave must be released, its instrument loads, and the export is in
/// the audit log before a row is written. Returns the wave and instrument
/// to export.
pub async fn begin_microdata(
    db: &crate::store::Db,
    instruments: &monitor::Instruments,
    actor: &Actor,
    wave: Wave,
    format: super::microdata::Format,
) -> Result<(Wave, std::sync::Arc<monitor::instrument::Instrument>), ReportError> {
    released(&wave)?;
    let ins = instruments
        .get(db, &wave.instrument_id, &wave.instrument_version)
        .await?;
    audit::store::record_now(
        db,
        actor,
        Event {
            entity: audit::entity::REPORT,
            entity_id: &format!("{}/microdata", wave.name),
            action: "export_microdata",
            summary: format.ext().to_string(),
        },
    )
    .await?;
    Ok((wave, ins))
}

/// Why an export failed, said to the researcher when it is theirs to act
/// on (too many rows for the format); `None` is for the log only.
pub fn microdata_failure(e: &anyhow::Error) -> Option<Msg> {
    e.downcast_ref::<super::microdata::TooManyRows>()
        .map(super::microdata::TooManyRows::msg)
}

//! The stored programme with everything computed from it on one day (KPI
//! observations and assessments, milestone progress and shown status):
//! what the dashboard, the steering report and the evaluation pack read.
//! Plain values in, plain values out; the pages turn [`LoadError`] into
//! their own errors.

use time::Date;

use super::definition::{Observer, Programme};
use super::kpi::{self, Assessment, Light, Observation};
use super::sources::{self, SourceCtx};
use super::{Facts, Seen, Shown, store};
use crate::i18n::Tr;
use crate::store::StoreError;

/// Everything the pages compute from the stored programme, on one day.
pub struct Loaded {
    pub programme: Programme,
    pub version: store::Version,
    pub observations: Vec<Vec<Observation>>,
    pub assessments: Vec<Assessment>,
    /// Statuses recorded by hand (observed milestones ignore theirs).
    pub progress: Vec<store::Progress>,
    /// What the platform shows, per milestone that names an observer.
    pub seen: Vec<Option<Seen>>,
    pub shown: Vec<Shown>,
    pub today: Date,
}

/// Why the programme could not be loaded: the database, or a KPI source
/// (or anything else that is not the caller's fault).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Other(anyhow::Error),
}

pub async fn load(src: &SourceCtx<'_>, tr: &Tr) -> Result<Loaded, LoadError> {
    let (version, programme) = store::current(src.db).await?;
    let entries = store::kpi_entries(src.db).await?;
    let observations = sources::observe_all(src, &programme, &entries)
        .await
        .map_err(LoadError::Other)?;
    let today = crate::monitor::store::today();
    let assessments = programme
        .kpis
        .iter()
        .zip(&observations)
        .map(|(k, o)| kpi::assess(tr, k, o, today))
        .collect();
    let progress = store::milestone_progress(src.db).await?;
    let facts = facts(src, &programme).await?;
    let seen: Vec<Option<Seen>> = programme
        .milestones
        .iter()
        .map(|m| m.observed_by.as_ref().map(|o| super::seen(o, &facts)))
        .collect();
    let shown = programme
        .milestones
        .iter()
        .zip(&seen)
        .map(|(m, seen)| match seen {
            Some(seen) => super::observed_status(m.due, seen, today),
            None => {
                let recorded = progress
                    .iter()
                    .find(|p| p.milestone == m.id)
                    .map(|p| p.status);
                super::shown_status(m.due, recorded, today)
            }
        })
        .collect();
    Ok(Loaded {
        programme,
        version,
        observations,
        assessments,
        progress,
        seen,
        shown,
        today,
    })
}

/// The data the programme's observers look at, and only those.
async fn facts(src: &SourceCtx<'_>, p: &Programme) -> Result<Facts, StoreError> {
    let uses = |f: fn(&Observer) -> bool| {
        p.milestones
            .iter()
            .any(|m| m.observed_by.as_ref().is_some_and(f))
    };
    let mut facts = Facts::default();
    if uses(|o| matches!(o, Observer::WaveClosed(_))) {
        facts.waves = crate::monitor::store::waves(src.db).await?;
    }
    if uses(|o| matches!(o, Observer::SteeringFrozen(_))) {
        facts.steering = store::steering_states(src.db).await?;
    }
    if uses(|o| matches!(o, Observer::TrackPhase { .. })) {
        facts.phases = store::phases_reached(src.db).await?;
    }
    if uses(|o| matches!(o, Observer::ScanPublished(_))) {
        facts.scan_rounds = crate::scan::store::rounds(src.db)
            .await?
            .into_iter()
            .map(|r| (r.year, r.id, r.published_on))
            .collect();
    }
    for m in &p.milestones {
        if let Some(Observer::PolicyShared(topic)) = &m.observed_by {
            let first = crate::policy::Topic::parse(topic)
                .map(|t| crate::policy::store::first_shared(src.db, t));
            if let Some(first) = first
                && let Some(at) = first.await?
            {
                let day = crate::audit::local(at).date();
                facts.policy_shared.push((topic.clone(), day));
            }
        }
    }
    Ok(facts)
}

pub fn light_label(tr: &Tr, l: Light) -> String {
    tr.t(&format!("kpi-light-{}", l.key()))
}

//! The stored programme with everything computed from it on one day (KPI
//! observations and assessments, milestone progress and shown status):
//! what the dashboard, the steering report and the evaluation pack read.
//! Plain values in, plain values out; the pages turn [`LoadError`] into
//! their own errors.

use time::Date;

use super::definition::Programme;
use super::kpi::{self, Assessment, Light, Observation};
use super::sources::{self, SourceCtx};
use super::{Shown, store};
use crate::i18n::Tr;
use crate::store::StoreError;

/// Everything the pages compute from the stored programme, on one day.
pub struct Loaded {
    pub programme: Programme,
    pub version: store::Version,
    pub observations: Vec<Vec<Observation>>,
    pub assessments: Vec<Assessment>,
    pub progress: Vec<store::Progress>,
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
    let shown = programme
        .milestones
        .iter()
        .map(|m| {
            let recorded = progress
                .iter()
                .find(|p| p.milestone == m.id)
                .map(|p| p.status);
            super::shown_status(m.due, recorded, today)
        })
        .collect();
    Ok(Loaded {
        programme,
        version,
        observations,
        assessments,
        progress,
        shown,
        today,
    })
}

pub fn light_label(tr: &Tr, l: Light) -> String {
    tr.t(&format!("kpi-light-{}", l.key()))
}

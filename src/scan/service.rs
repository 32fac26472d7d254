//! Use cases the web, the command line, the KPI source and (later) the
//! coordinator's home share: the sector scan report of a round compiled from
//! the store, its export as PDF/XLSX/CSV with its audit entry, and whether
//! an institution's interview is pending.

use super::{PolicyFigure, Round, ScanReport, WaveLink, store};
use crate::audit::{Actor, Event};
use crate::i18n::{Msg, Tr};
use crate::reports::document::Labels;
use crate::reports::file::{RenderError, Rendered};
use crate::store::{Db, Result, StoreError};

/// Why a scan use case failed.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("rendering task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl ScanError {
    /// What the user can act on; `None` for a failure that is ours.
    pub fn msg(&self) -> Option<Msg> {
        match self {
            ScanError::Store(StoreError::NotFound) => Some(Msg::new("scan-round-unknown")),
            ScanError::Render(e) => e.msg(),
            _ => None,
        }
    }
}

/// The round an interview of institution `code` is pending in (the newest
/// open round, when `code` is active and has no record in it yet), for the
/// coordinator's home.
pub async fn pending_interview(db: &Db, code: &str) -> Result<Option<Round>> {
    store::pending_interview(db, code).await
}

/// The names and codes of every institution: no text that can reach the
/// report may mention one.
pub async fn institution_names(db: &Db) -> Result<Vec<String>> {
    Ok(crate::institutions::store::all(db)
        .await?
        .into_iter()
        .flat_map(|i| [i.name, i.code.to_string()])
        .collect())
}

/// The sector scan report of `round`, compiled from its records.
pub async fn report(db: &Db, round: &Round) -> Result<ScanReport> {
    let names: Vec<(String, String)> = crate::institutions::store::all(db)
        .await?
        .into_iter()
        .map(|i| (i.code.to_string(), i.name))
        .collect();
    let records = store::interviews(db, round.id)
        .await?
        .into_iter()
        .map(|i| {
            let name = names
                .iter()
                .find(|(c, _)| *c == i.institution)
                .map_or_else(|| i.institution.clone(), |(_, n)| n.clone());
            (name, i)
        })
        .collect::<Vec<_>>();
    let themes = store::themes(db).await?;
    let version = match round.codebook_version {
        Some(v) => v,
        None => store::codebook_version(db).await?,
    };
    let policy = crate::policy::service::sector(db, crate::monitor::store::today())
        .await?
        .shares
        .into_iter()
        .find(|s| s.year == round.year)
        .map(|s| PolicyFigure {
            year: s.year,
            on: s.on,
            showing: s.showing,
            institutions: s.institutions,
            percent: s.percent(),
        });
    // The monitor's results of the same period: waves with released
    // results that opened in the round's year or the year before.
    let waves = crate::monitor::store::waves(db)
        .await?
        .into_iter()
        .filter(|w| w.state.releases_results())
        .filter(|w| (round.year - 1..=round.year).contains(&w.opens_on.year()))
        .map(|w| WaveLink {
            id: w.id,
            name: w.name,
        })
        .collect();
    Ok(super::compile(
        round, version, &themes, &records, policy, waves,
    ))
}

/// The file name of a round's report, without extension.
pub fn stem(round: &Round) -> String {
    let slug: String = round
        .name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("bewegingsscan-{}", slug.trim_matches('-'))
}

/// What an export asks for: `format` (`pdf`, `xlsx`, or `csv` with
/// `table`); `base_url` prefixes the links to the monitor's results.
pub struct Export<'a> {
    pub format: &'a str,
    pub table: &'a str,
    pub base_url: &'a str,
}

/// Round `round`'s report as a file, recorded in the audit log.
pub async fn export(
    db: &Db,
    actor: &Actor,
    tr: Tr,
    labels: Labels,
    round: &Round,
    x: &Export<'_>,
) -> std::result::Result<Rendered, ScanError> {
    let report = report(db, round).await?;
    let doc = super::document::document(&tr, &labels, &report, x.base_url);
    let (format, table, stem) = (x.format.to_string(), x.table.to_string(), stem(round));
    let summary = format!("round {}: {format}", round.id);
    let rendered = tokio::task::spawn_blocking(move || {
        crate::reports::file::render(&doc, &labels, &format, &table, &stem)
    })
    .await??;
    crate::audit::store::record_now(
        db,
        actor,
        Event {
            entity: store::ENTITY,
            entity_id: &round.id.to_string(),
            action: "scan_report_exported",
            summary,
        },
    )
    .await?;
    Ok(rendered)
}

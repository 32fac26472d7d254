//! Where KPI figures come from: a [`KpiSource`] per rule, owned by the part
//! whose data it reads. The KPI pages only call [`observe_all`]; a part
//! built later plugs in by adding its source to [`registry`], without
//! touching them. A rule without a source (its part does not exist yet)
//! yields no observations, which the pages show as "no data yet".
//! `manual` KPIs read the figures entered by hand.

use async_trait::async_trait;

use super::definition::{Kpi, Programme};
use super::kpi::{MANUAL, Observation, Origin};
use super::store::KpiEntry;
use crate::analysis::disclosure::MinGroup;
use crate::analysis::report;
use crate::i18n::Msg;
use crate::monitor::Instruments;
use crate::store::Db;

/// What a source may read.
pub struct SourceCtx<'a> {
    pub db: &'a Db,
    pub instruments: &'a Instruments,
    pub waves: &'a crate::analysis::store::WaveCache,
    pub min_group: MinGroup,
}

#[async_trait]
pub trait KpiSource: Send + Sync {
    /// The rule it computes (one of `kpi::RULES`).
    fn rule(&self) -> &'static str;
    async fn observe(&self, ctx: &SourceCtx<'_>, kpi: &Kpi) -> anyhow::Result<Vec<Observation>>;
}

/// Every source that exists.
pub fn registry() -> Vec<Box<dyn KpiSource>> {
    vec![
        Box::new(MonitorIncrease),
        Box::new(crate::policy::kpi::DevelopmentPolicyShare),
        Box::new(crate::scan::kpi::Completed),
        Box::new(crate::networks::kpi::DdvdoMeetingsPerMonth),
        Box::new(crate::networks::kpi::KnowledgeNetworkMeetingsPerYear),
        Box::new(crate::networks::kpi::KnowledgeEvents),
        Box::new(crate::workshop::kpi::MeetingsPerMonth),
        Box::new(crate::workshop::kpi::Researchers),
    ]
}

/// Whether a rule has a source (or is entered by hand).
pub fn has_source(rule: &str) -> bool {
    rule == MANUAL || registry().iter().any(|s| s.rule() == rule)
}

/// The observations of every KPI of `p`, in the order of `p.kpis`.
pub async fn observe_all(
    ctx: &SourceCtx<'_>,
    p: &Programme,
    entries: &[KpiEntry],
) -> anyhow::Result<Vec<Vec<Observation>>> {
    let sources = registry();
    let mut out = Vec::with_capacity(p.kpis.len());
    for kpi in &p.kpis {
        let obs = if kpi.rule == MANUAL {
            entries
                .iter()
                .filter(|e| e.kpi == kpi.id)
                .map(|e| Observation {
                    period: e.period.clone(),
                    period_ends: e.period_ends,
                    value: e.value,
                    origin: Origin::Manual {
                        by: e.recorded_by.clone(),
                        on: e.recorded_on,
                        note: e.note.clone(),
                    },
                })
                .collect()
        } else {
            match sources.iter().find(|s| s.rule() == kpi.rule) {
                Some(s) => s.observe(ctx, kpi).await?,
                None => Vec::new(),
            }
        };
        out.push(obs);
    }
    Ok(out)
}

/// "monitor.increase_every_domain": per closed wave that has an earlier
/// one, whether the sector mean rose significantly in every domain (the
/// sector report's check: each domain's 95% interval of the difference
/// above 0, with its disclosure control): 1 yes, 0 no. The detail names the
/// domains without a significant rise.
struct MonitorIncrease;

#[async_trait]
impl KpiSource for MonitorIncrease {
    fn rule(&self) -> &'static str {
        "monitor.increase_every_domain"
    }

    async fn observe(&self, ctx: &SourceCtx<'_>, _kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        let all = crate::analysis::store::load_waves(ctx.db, ctx.instruments, ctx.waves).await?;
        let (meta, data): (Vec<_>, Vec<_>) = all.into_iter().unzip();
        let mut out = Vec::new();
        for (i, w) in meta.iter().enumerate() {
            if !w.state.releases_results() {
                continue;
            }
            let sector = report::sector(&data, i, ctx.min_group);
            let Some(up) = sector.every_domain_increased else {
                continue;
            };
            let Some(prev) = sector.previous_wave.as_deref() else {
                continue;
            };
            let not = sector.domains_without_significant_rise();
            let domains = &data[i].instrument.domains;
            let names = |lang: crate::i18n::Lang| {
                not.iter()
                    .map(|&d| domains[d].name.get(lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let detail = if not.is_empty() {
                Msg::new("kpi-detail-monitor")
            } else {
                Msg::new("kpi-detail-monitor-not")
                    .arg("domains_nl", names(crate::i18n::Lang::Nl))
                    .arg("domains_en", names(crate::i18n::Lang::En))
            };
            out.push(Observation {
                period: w.name.clone(),
                period_ends: w.closes_on,
                value: if up { 1.0 } else { 0.0 },
                origin: Origin::Computed {
                    detail: detail.arg("wave", &w.name).arg("previous", prev),
                },
            });
        }
        Ok(out)
    }
}

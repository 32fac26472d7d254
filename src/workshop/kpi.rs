//! The workshops' KPI sources: "workshop.meetings_per_month" (the plan's
//! "twee bijeenkomsten per maand voor de onderzoekswerkplaats", counted
//! like the networks' meetings, from the stored meetings of every
//! workshop) and "workshop.researchers" (the teacher-researchers taking
//! part in a period: a member counts in every period their participation
//! overlaps, from the day they joined to the day they left).

use async_trait::async_trait;

use crate::i18n::Msg;
use crate::networks::Kind;
use crate::networks::kpi::periods;
use crate::programme::definition::Kpi;
use crate::programme::kpi::{Observation, Origin};
use crate::programme::sources::{KpiSource, SourceCtx};

pub struct MeetingsPerMonth;
pub struct Researchers;

#[async_trait]
impl KpiSource for MeetingsPerMonth {
    fn rule(&self) -> &'static str {
        "workshop.meetings_per_month"
    }

    async fn observe(&self, ctx: &SourceCtx<'_>, kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        crate::networks::kpi::observe(ctx, kpi, Kind::Workshop).await
    }
}

#[async_trait]
impl KpiSource for Researchers {
    fn rule(&self) -> &'static str {
        "workshop.researchers"
    }

    async fn observe(&self, ctx: &SourceCtx<'_>, kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        let today = crate::monitor::store::today();
        let workshops: Vec<_> = crate::networks::store::networks(ctx.db)
            .await?
            .into_iter()
            .filter(|n| n.kind == Kind::Workshop)
            .collect();
        let Some(from) = workshops.iter().map(|n| n.started_on).min() else {
            return Ok(Vec::new());
        };
        let names = workshops
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let spans = super::store::researcher_spans(ctx.db).await?;
        Ok(periods(kpi.period, from, today)
            .into_iter()
            .map(|(period, first, last)| {
                let n = spans
                    .iter()
                    .filter(|(_, joined, left)| *joined <= last && left.is_none_or(|l| l >= first))
                    .count();
                Observation {
                    value: n as f64,
                    origin: Origin::Computed {
                        detail: Msg::new("kpi-detail-workshop-researchers")
                            .arg("workshop", &names)
                            .arg("researchers", n)
                            .arg("period", &period),
                    },
                    period,
                    period_ends: last,
                }
            })
            .collect())
    }
}

//! "scan.completed": the number of movement scans (bewegingsscans)
//! recorded as published, counted up to each published round: one
//! observation per published round, in the year of the round (the plan:
//! "De eerste bewegingsscan wordt in het najaar van 2022 opgeleverd. De
//! tweede staat gepland voor in het najaar van 2024.").

use async_trait::async_trait;

use crate::i18n::Msg;
use crate::programme::definition::Kpi;
use crate::programme::kpi::{Observation, Origin};
use crate::programme::sources::{KpiSource, SourceCtx};

pub struct Completed;

#[async_trait]
impl KpiSource for Completed {
    fn rule(&self) -> &'static str {
        "scan.completed"
    }

    async fn observe(&self, ctx: &SourceCtx<'_>, _kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        let mut published: Vec<_> = super::store::rounds(ctx.db)
            .await?
            .into_iter()
            .filter(|r| r.state.is_completed())
            .filter_map(|r| Some((r.published_on?, r)))
            .collect();
        published.sort_by_key(|(on, r)| (r.year, *on));
        let mut out = Vec::new();
        for (n, (on, r)) in published.iter().enumerate() {
            let Ok(ends) = time::Date::from_calendar_date(r.year, time::Month::December, 31) else {
                continue;
            };
            out.push(Observation {
                period: r.name.clone(),
                period_ends: ends.max(*on),
                value: (n + 1) as f64,
                origin: Origin::Computed {
                    detail: Msg::new("kpi-detail-scan")
                        .arg("count", n + 1)
                        .arg("round", &r.name)
                        .arg("on", on),
                },
            });
        }
        Ok(out)
    }
}

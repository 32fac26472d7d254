//! "policy.development_policy_share": per year, the share of active
//! institutions that can show adopted development policy covering both
//! ict-bekwaamheid and cyberveiligheid (the plan's 80% in 2027).

use async_trait::async_trait;

use crate::i18n::Msg;
use crate::programme::definition::Kpi;
use crate::programme::kpi::{Observation, Origin};
use crate::programme::sources::{KpiSource, SourceCtx};

pub struct DevelopmentPolicyShare;

#[async_trait]
impl KpiSource for DevelopmentPolicyShare {
    fn rule(&self) -> &'static str {
        "policy.development_policy_share"
    }

    async fn observe(&self, ctx: &SourceCtx<'_>, _kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        let today = crate::monitor::store::today();
        let sector = super::service::sector(ctx.db, today).await?;
        Ok(sector
            .shares
            .iter()
            .filter_map(|s| {
                Some(Observation {
                    period: s.year.to_string(),
                    period_ends: s.on,
                    value: s.percent()?,
                    origin: Origin::Computed {
                        detail: Msg::new("kpi-detail-policy")
                            .arg("showing", s.showing)
                            .arg("institutions", s.institutions)
                            .arg("on", s.on),
                    },
                })
            })
            .collect())
    }
}

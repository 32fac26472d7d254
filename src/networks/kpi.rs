//! The networks' KPI sources: "networks.knowledge_events" (the plan's
//! "tenminste twee evenementen waarbij kennisdeling tussen
//! onderwijsprofessionals centraal staat": events held, not called off),
//! "networks.ddvdo_meetings_per_month" (the
//! plan's "maandelijkse bijeenkomsten" of DD&VDO) and
//! "networks.knowledge_network_meetings_per_year" ("twee bijeenkomsten met
//! het kennisnetwerk"). Each counts the stored meetings of the networks of
//! its kind per period as the KPI defines it (month, calendar year or school
//! year), one observation per period that has started since the earliest of
//! those networks started.

use async_trait::async_trait;
use time::{Date, Month};

use super::{Kind, SchoolYear, month_end};
use crate::i18n::Msg;
use crate::programme::definition::{Kpi, Period};
use crate::programme::kpi::{Observation, Origin};
use crate::programme::sources::{KpiSource, SourceCtx};

pub struct DdvdoMeetingsPerMonth;
pub struct KnowledgeEvents;

#[async_trait]
impl KpiSource for KnowledgeEvents {
    fn rule(&self) -> &'static str {
        "networks.knowledge_events"
    }

    /// Per period of the KPI (the programme, or a school year), the events
    /// held in it: ended and not called off; one observation per period
    /// since the first event held.
    async fn observe(&self, ctx: &SourceCtx<'_>, kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        let now = crate::store::now();
        let today = crate::monitor::store::today();
        let held: Vec<Date> = super::events_store::events(ctx.db)
            .await?
            .into_iter()
            .filter(|e| e.event.held(now))
            .map(|e| e.event.day())
            .collect();
        let Some(from) = held.iter().min().copied() else {
            return Ok(Vec::new());
        };
        Ok(periods(kpi.period, from, today)
            .into_iter()
            .map(|(period, first, last)| {
                let events = held.iter().filter(|d| **d >= first && **d <= last).count();
                Observation {
                    value: events as f64,
                    origin: Origin::Computed {
                        detail: Msg::new("kpi-detail-knowledge-events")
                            .arg("events", events)
                            .arg("period", &period),
                    },
                    period,
                    period_ends: last,
                }
            })
            .collect())
    }
}
pub struct KnowledgeNetworkMeetingsPerYear;

#[async_trait]
impl KpiSource for DdvdoMeetingsPerMonth {
    fn rule(&self) -> &'static str {
        "networks.ddvdo_meetings_per_month"
    }

    async fn observe(&self, ctx: &SourceCtx<'_>, kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        observe(ctx, kpi, Kind::Ddvdo).await
    }
}

#[async_trait]
impl KpiSource for KnowledgeNetworkMeetingsPerYear {
    fn rule(&self) -> &'static str {
        "networks.knowledge_network_meetings_per_year"
    }

    async fn observe(&self, ctx: &SourceCtx<'_>, kpi: &Kpi) -> anyhow::Result<Vec<Observation>> {
        observe(ctx, kpi, Kind::KnowledgeNetwork).await
    }
}

pub(crate) async fn observe(
    ctx: &SourceCtx<'_>,
    kpi: &Kpi,
    kind: Kind,
) -> anyhow::Result<Vec<Observation>> {
    let today = crate::monitor::store::today();
    let networks = super::store::networks(ctx.db).await?;
    let Some(from) = networks
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.started_on)
        .min()
    else {
        return Ok(Vec::new());
    };
    let days = super::store::meeting_days_of_kind(ctx.db, kind).await?;
    let names = days
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let all: Vec<Date> = days.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    Ok(periods(kpi.period, from, today)
        .into_iter()
        .map(|(period, first, last)| {
            let meetings = all.iter().filter(|d| **d >= first && **d <= last).count();
            Observation {
                value: meetings as f64,
                origin: Origin::Computed {
                    detail: Msg::new("kpi-detail-network-meetings")
                        .arg("network", &names)
                        .arg("meetings", meetings)
                        .arg("period", &period),
                },
                period,
                period_ends: last,
            }
        })
        .collect())
}

/// The periods of kind `period` that have started between `from` and
/// `today`: label, first day, last day. A KPI over the whole programme (or
/// once) counts from `from` to `today` as one period.
pub fn periods(period: Period, from: Date, today: Date) -> Vec<(String, Date, Date)> {
    let mut out = Vec::new();
    if from > today {
        return out;
    }
    match period {
        Period::Month => {
            let (mut y, mut m) = (from.year(), from.month());
            loop {
                let first = Date::from_calendar_date(y, m, 1).unwrap_or(Date::MAX);
                if first > today {
                    break;
                }
                out.push((format!("{y}-{:02}", m as u8), first, month_end(y, m)));
                if m == Month::December {
                    y += 1;
                }
                m = m.next();
            }
        }
        Period::CalendarYear => {
            for y in from.year()..=today.year() {
                let first = Date::from_calendar_date(y, Month::January, 1).unwrap_or(Date::MIN);
                let last = Date::from_calendar_date(y, Month::December, 31).unwrap_or(Date::MAX);
                out.push((y.to_string(), first, last));
            }
        }
        Period::SchoolYear => {
            for y in SchoolYear::of(from).0..=SchoolYear::of(today).0 {
                let sy = SchoolYear(y);
                out.push((sy.label(), sy.starts(), sy.ends()));
            }
        }
        Period::Once | Period::Programme => {
            out.push((format!("{from}/{today}"), from, today));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_run_from_the_start_to_the_current_month() {
        let p = periods(Period::Month, date!(2026 - 10 - 15), date!(2026 - 12 - 03));
        let labels: Vec<_> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(labels, ["2026-10", "2026-11", "2026-12"]);
        assert_eq!(p[1].1, date!(2026 - 11 - 01));
        assert_eq!(p[1].2, date!(2026 - 11 - 30));
    }

    #[test]
    fn school_years_turn_on_1_august() {
        let p = periods(
            Period::SchoolYear,
            date!(2025 - 07 - 31),
            date!(2025 - 08 - 01),
        );
        let labels: Vec<_> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(labels, ["2024-2025", "2025-2026"]);
        assert_eq!(p[0].2, date!(2025 - 07 - 31));
        let c = periods(
            Period::CalendarYear,
            date!(2024 - 09 - 01),
            date!(2026 - 12 - 03),
        );
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].0, "2024");
    }
}

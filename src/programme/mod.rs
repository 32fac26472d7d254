//! Programme management (plan: "Monitoring en evaluatie", "Governance",
//! "Financiële onderbouwing", "Activiteitenplan"): the programme
//! definition transcribed from the plan, milestones, KPIs computed from the
//! platform's own data or entered by hand, and the dashboard that answers
//! "are we on track?" per objective.
//!
//! Pure rules here and in `kpi`: a milestone's shown status, an
//! objective's light from its KPIs and milestones.

pub mod budget;
pub mod budget_routes;
pub mod definition;
pub mod evaluation;
pub mod evaluation_routes;
pub mod kpi;
pub mod loaded;
pub mod routes;
pub mod sources;
pub mod steering;
pub mod steering_routes;
pub mod store;
pub mod tracks;
pub mod tracks_routes;

use time::Date;

use definition::Programme;
use kpi::{Assessment, Light};

/// The programme this platform runs.
pub const PROGRAMME_ID: &str = "digitaal-bekwaam-mbo";

/// The definition transcribed from the plan, stored as version 1.
pub const SHIPPED: &str = include_str!("../../programmes/digitaal-bekwaam-mbo.toml");

/// A milestone's status as recorded by the programme manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilestoneStatus {
    Planned,
    Running,
    Done,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 3] = [
        MilestoneStatus::Planned,
        MilestoneStatus::Running,
        MilestoneStatus::Done,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::Running => "running",
            MilestoneStatus::Done => "done",
        }
    }

    pub fn from_key(s: &str) -> Option<MilestoneStatus> {
        Self::ALL.into_iter().find(|m| m.key() == s)
    }
}

/// A milestone's status as shown: late when its due date has passed and
/// it is not done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Planned,
    Running,
    Done,
    Late,
}

impl Shown {
    pub fn key(self) -> &'static str {
        match self {
            Shown::Planned => "planned",
            Shown::Running => "running",
            Shown::Done => "done",
            Shown::Late => "late",
        }
    }
}

pub fn shown_status(due: Date, recorded: Option<MilestoneStatus>, today: Date) -> Shown {
    match recorded {
        Some(MilestoneStatus::Done) => Shown::Done,
        _ if today > due => Shown::Late,
        Some(MilestoneStatus::Running) => Shown::Running,
        _ => Shown::Planned,
    }
}

/// A link people may record as evidence: empty, or a full http(s) URL of
/// reasonable length (never `javascript:` or a relative path).
pub fn valid_link(s: &str) -> bool {
    s.is_empty()
        || ((s.starts_with("https://") || s.starts_with("http://"))
            && s.len() <= 500
            && url::Url::parse(s).is_ok())
}

/// Whether an objective is on track, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveStatus {
    pub number: u32,
    pub light: Light,
    /// Indexes of the KPIs that bear on the objective.
    pub kpis: Vec<usize>,
    /// Indexes of its milestones that are late.
    pub late: Vec<usize>,
    /// Indexes of its KPIs that are red or amber.
    pub off_track: Vec<usize>,
}

/// The KPIs that bear on objective `n`: those naming it, and those of the
/// action lines that serve it.
pub fn objective_kpis(p: &Programme, n: u32) -> Vec<usize> {
    (0..p.kpis.len())
        .filter(|&k| {
            let kpi = &p.kpis[k];
            kpi.objective == Some(n)
                || kpi
                    .action_line
                    .is_some_and(|a| p.action_lines[a].objectives.contains(&n))
        })
        .collect()
}

/// The milestones of the action lines that serve objective `n`.
pub fn objective_milestones(p: &Programme, n: u32) -> Vec<usize> {
    (0..p.milestones.len())
        .filter(|&m| {
            let line = p.activities[p.milestones[m].activity].action_line;
            p.action_lines[line].objectives.contains(&n)
        })
        .collect()
}

/// Per objective: red when a KPI is red; amber when a KPI is amber or a
/// milestone is late; green when at least one KPI is green and nothing
/// is off; grey when nothing is known yet (no KPI has data, nothing late).
pub fn objective_status(
    p: &Programme,
    kpis: &[Assessment],
    milestones: &[Shown],
) -> Vec<ObjectiveStatus> {
    p.objectives
        .iter()
        .map(|o| {
            let ks = objective_kpis(p, o.number);
            let late: Vec<usize> = objective_milestones(p, o.number)
                .into_iter()
                .filter(|&m| milestones[m] == Shown::Late)
                .collect();
            let off_track: Vec<usize> = ks
                .iter()
                .copied()
                .filter(|&k| matches!(kpis[k].light, Light::Red | Light::Amber))
                .collect();
            let any = |l: Light| ks.iter().any(|&k| kpis[k].light == l);
            let light = if any(Light::Red) {
                Light::Red
            } else if any(Light::Amber) || !late.is_empty() {
                Light::Amber
            } else if any(Light::Green) {
                Light::Green
            } else {
                Light::Grey
            };
            ObjectiveStatus {
                number: o.number,
                light,
                kpis: ks,
                late,
                off_track,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;
    use kpi::Trend;
    use time::macros::date;

    fn shipped() -> Programme {
        definition::parse("shipped", SHIPPED).unwrap()
    }

    #[test]
    fn the_shipped_programme_loads() {
        let p = shipped();
        assert_eq!(p.objectives.len(), 6);
        assert_eq!(p.action_lines.len(), 6);
        assert!(
            p.kpis
                .iter()
                .any(|k| k.rule == "monitor.increase_every_domain")
        );
        let policy = p
            .kpis
            .iter()
            .find(|k| k.rule == "policy.development_policy_share")
            .unwrap();
        assert_eq!(policy.target, 80.0);
        assert_eq!(policy.due, Some(date!(2027 - 12 - 31)));
    }

    #[test]
    fn only_full_web_links_are_evidence() {
        assert!(valid_link(""));
        assert!(valid_link("https://mbodigitaal.nl/scan"));
        assert!(!valid_link("javascript:alert(1)"));
        assert!(!valid_link("/relative"));
        assert!(!valid_link("https://"));
    }

    #[test]
    fn a_milestone_past_its_date_and_not_done_is_late() {
        let due = date!(2023 - 12 - 31);
        assert_eq!(
            shown_status(due, None, date!(2023 - 12 - 31)),
            Shown::Planned
        );
        assert_eq!(shown_status(due, None, date!(2024 - 01 - 01)), Shown::Late);
        assert_eq!(
            shown_status(due, Some(MilestoneStatus::Running), date!(2024 - 01 - 01)),
            Shown::Late
        );
        assert_eq!(
            shown_status(due, Some(MilestoneStatus::Done), date!(2030 - 01 - 01)),
            Shown::Done
        );
    }

    fn light(l: Light) -> Assessment {
        Assessment {
            light: l,
            trend: Trend::Unknown,
            reason: Msg::new("kpi-reason-no-data"),
        }
    }

    #[test]
    fn an_objective_is_as_bad_as_its_worst_kpi_or_late_milestone() {
        let p = shipped();
        let grey = vec![light(Light::Grey); p.kpis.len()];
        let on_time = vec![Shown::Planned; p.milestones.len()];
        let s = objective_status(&p, &grey, &on_time);
        assert!(s.iter().all(|o| o.light == Light::Grey), "no data yet");

        // Objective 3's KPIs: one red makes it red, others unaffected.
        let k = objective_kpis(&p, 3);
        assert!(!k.is_empty());
        let mut ks = grey.clone();
        ks[k[0]] = light(Light::Red);
        let s = objective_status(&p, &ks, &on_time);
        let o3 = s.iter().find(|o| o.number == 3).unwrap();
        assert_eq!(o3.light, Light::Red);
        assert_eq!(o3.off_track, vec![k[0]]);

        // A late milestone of an action line serving objective 2 makes it amber.
        let m = objective_milestones(&p, 2);
        assert!(!m.is_empty());
        let mut ms = on_time.clone();
        ms[m[0]] = Shown::Late;
        let s = objective_status(&p, &grey, &ms);
        let o2 = s.iter().find(|o| o.number == 2).unwrap();
        assert_eq!(o2.light, Light::Amber);
        assert_eq!(o2.late, vec![m[0]]);
    }
}

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

use crate::i18n::Msg;
use crate::monitor::Wave;
use definition::{Observer, Programme};
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

/// What the platform records that observers look at (only what the
/// programme's observers need is loaded).
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub waves: Vec<Wave>,
    /// Steering reports: id, quarter, the day it was frozen.
    pub steering: Vec<(i64, String, Option<Date>)>,
    pub phases: Vec<store::PhaseReached>,
    /// Per policy topic, the day its first still-shared document was shared.
    pub policy_shared: Vec<(String, Date)>,
    /// Bewegingsscan rounds: year, id, the day its report was published.
    pub scan_rounds: Vec<(i32, i64, Option<Date>)>,
}

/// How far the platform's data have got towards an observed milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeenState {
    /// Reached, on that day.
    Done(Date),
    /// Under way (a wave open, a report drafted).
    Running,
    /// Not there yet (no such wave, report or phase reached).
    NotYet,
}

/// What the platform shows about an observed milestone: its state, the
/// page that shows it and a sentence saying what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub state: SeenState,
    pub href: Option<String>,
    pub label: Msg,
}

/// What the platform's data say about `o`. Pure.
pub fn seen(o: &Observer, facts: &Facts) -> Seen {
    match o {
        Observer::WaveClosed(name) => match facts.waves.iter().find(|w| &w.name == name) {
            Some(w) => Seen {
                state: if w.state.releases_results() {
                    SeenState::Done(w.closes_on)
                } else if w.state.accepts_answers() {
                    SeenState::Running
                } else {
                    SeenState::NotYet
                },
                href: Some(format!("/waves/{}", w.id)),
                label: Msg::new("milestone-seen-wave")
                    .arg("name", name)
                    .arg("state", w.state.code()),
            },
            None => Seen {
                state: SeenState::NotYet,
                href: None,
                label: Msg::new("milestone-seen-wave-none").arg("name", name),
            },
        },
        Observer::SteeringFrozen(quarter) => {
            match facts.steering.iter().find(|(_, q, _)| q == quarter) {
                Some((id, _, frozen)) => Seen {
                    state: frozen.map_or(SeenState::Running, SeenState::Done),
                    href: Some(format!("/programme/steering/{id}")),
                    label: Msg::new(if frozen.is_some() {
                        "milestone-seen-steering-frozen"
                    } else {
                        "milestone-seen-steering-draft"
                    })
                    .arg("quarter", quarter),
                },
                None => Seen {
                    state: SeenState::NotYet,
                    href: None,
                    label: Msg::new("milestone-seen-steering-none").arg("quarter", quarter),
                },
            }
        }
        Observer::TrackPhase { track, phase } => {
            let reached = facts
                .phases
                .iter()
                .find(|r| &r.track == track && &r.phase == phase);
            Seen {
                state: reached.map_or(SeenState::NotYet, |r| SeenState::Done(r.reached_on)),
                href: Some(format!("/programme/tracks#track-{track}")),
                label: match reached {
                    Some(r) => Msg::new("milestone-seen-phase").arg("on", r.reached_on),
                    None => Msg::new("milestone-seen-phase-none"),
                },
            }
        }
        Observer::PolicyShared(topic) => seen_policy(topic, facts),
        Observer::ScanPublished(year) => seen_scan(*year, facts),
    }
}

/// A scan round of `year` published: done on its publication day; a round
/// of that year still open: running.
fn seen_scan(year: i32, facts: &Facts) -> Seen {
    let rounds: Vec<_> = facts
        .scan_rounds
        .iter()
        .filter(|(y, _, _)| *y == year)
        .collect();
    let published = rounds
        .iter()
        .filter_map(|(_, id, on)| Some((*id, (*on)?)))
        .min_by_key(|(_, on)| *on);
    match published {
        Some((id, on)) => Seen {
            state: SeenState::Done(on),
            href: Some(format!("/scan/rounds/{id}/report")),
            label: Msg::new("milestone-seen-scan-published")
                .arg("year", year)
                .arg("on", on),
        },
        None => Seen {
            state: if rounds.is_empty() {
                SeenState::NotYet
            } else {
                SeenState::Running
            },
            href: Some("/scan".into()),
            label: Msg::new("milestone-seen-scan-none").arg("year", year),
        },
    }
}

fn seen_policy(topic: &str, facts: &Facts) -> Seen {
    let first = facts.policy_shared.iter().find(|(t, _)| t == topic);
    Seen {
        state: first.map_or(SeenState::NotYet, |(_, on)| SeenState::Done(*on)),
        href: Some(format!("/policy/shared?topic={topic}")),
        label: match first {
            Some((_, on)) => Msg::new("milestone-seen-policy-shared").arg("on", on),
            None => Msg::new("milestone-seen-policy-shared-none"),
        },
    }
}

/// The shown status of an observed milestone: done exactly when the data
/// say so, whatever was recorded by hand; otherwise late after its date.
pub fn observed_status(due: Date, seen: &Seen, today: Date) -> Shown {
    match seen.state {
        SeenState::Done(_) => Shown::Done,
        _ if today > due => Shown::Late,
        SeenState::Running => Shown::Running,
        SeenState::NotYet => Shown::Planned,
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
    fn a_scan_milestone_is_reached_when_its_years_report_is_published() {
        let o = Observer::ScanPublished(2024);
        assert_eq!(seen(&o, &Facts::default()).state, SeenState::NotYet);
        let mut facts = Facts {
            scan_rounds: vec![(2022, 1, Some(date!(2022 - 12 - 12))), (2024, 2, None)],
            ..Facts::default()
        };
        assert_eq!(seen(&o, &facts).state, SeenState::Running);
        facts.scan_rounds[1].2 = Some(date!(2024 - 12 - 09));
        let s = seen(&o, &facts);
        assert_eq!(s.state, SeenState::Done(date!(2024 - 12 - 09)));
        assert_eq!(s.href.as_deref(), Some("/scan/rounds/2/report"));
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

    fn wave(name: &str, state: crate::monitor::WaveState) -> Wave {
        Wave {
            id: 7,
            name: name.into(),
            instrument_id: "i".into(),
            instrument_version: "1".into(),
            opens_on: date!(2024 - 09 - 01),
            closes_on: date!(2025 - 06 - 30),
            state,
            institutions: Vec::new(),
        }
    }

    #[test]
    fn a_milestone_observed_by_a_wave_is_done_when_the_wave_is_closed() {
        use crate::monitor::WaveState;
        let o = Observer::WaveClosed("2024".into());
        let due = date!(2025 - 07 - 31);
        let late = date!(2026 - 01 - 01);
        let facts = |state| Facts {
            waves: vec![wave("2024", state)],
            ..Facts::default()
        };
        let closed = seen(&o, &facts(WaveState::Closed));
        assert_eq!(closed.state, SeenState::Done(date!(2025 - 06 - 30)));
        assert_eq!(closed.href.as_deref(), Some("/waves/7"));
        assert_eq!(observed_status(due, &closed, late), Shown::Done);
        let archived = seen(&o, &facts(WaveState::Archived));
        assert_eq!(observed_status(due, &archived, late), Shown::Done);

        let open = seen(&o, &facts(WaveState::Open));
        assert_eq!(
            observed_status(due, &open, date!(2025 - 01 - 01)),
            Shown::Running
        );
        assert_eq!(observed_status(due, &open, late), Shown::Late);
        let draft = seen(&o, &facts(WaveState::Draft));
        assert_eq!(
            observed_status(due, &draft, date!(2025 - 01 - 01)),
            Shown::Planned
        );
        let none = seen(&o, &Facts::default());
        assert_eq!(none.href, None);
        assert_eq!(observed_status(due, &none, late), Shown::Late);
    }

    #[test]
    fn a_milestone_observed_by_a_report_or_phase_follows_the_data() {
        let due = date!(2024 - 12 - 31);
        let today = date!(2026 - 01 - 01);
        let o = Observer::SteeringFrozen("2024-K4".into());
        let mut facts = Facts {
            steering: vec![(3, "2024-K4".into(), None)],
            ..Facts::default()
        };
        assert_eq!(observed_status(due, &seen(&o, &facts), today), Shown::Late);
        facts.steering[0].2 = Some(date!(2025 - 01 - 10));
        let s = seen(&o, &facts);
        assert_eq!(s.state, SeenState::Done(date!(2025 - 01 - 10)));
        assert_eq!(s.href.as_deref(), Some("/programme/steering/3"));

        let o = Observer::TrackPhase {
            track: "e-master".into(),
            phase: "pilot".into(),
        };
        assert_eq!(observed_status(due, &seen(&o, &facts), today), Shown::Late);
        facts.phases.push(store::PhaseReached {
            track: "e-master".into(),
            phase: "pilot".into(),
            reached_on: date!(2025 - 03 - 01),
            note: String::new(),
        });
        assert_eq!(observed_status(due, &seen(&o, &facts), today), Shown::Done);
    }

    #[test]
    fn the_plan_makes_waves_and_track_phases_observable() {
        let p = shipped();
        let by = |id: &str| {
            p.milestones
                .iter()
                .find(|m| m.id == id)
                .and_then(|m| m.observed_by.clone())
        };
        assert_eq!(
            by("a-monitor-afname-2024-2025"),
            Some(Observer::WaveClosed("2024".into()))
        );
        assert!(matches!(
            by("e-master-ontwerp-start"),
            Some(Observer::TrackPhase { .. })
        ));
        assert_eq!(by("a-bewegingsscan-2022"), None, "kept by hand");
        assert_eq!(
            by("a-bewegingsscan-2024"),
            Some(Observer::ScanPublished(2024))
        );
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

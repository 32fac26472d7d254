//! Two-year goals: the PDCA cycle of issue 14, item 3. The plan: "Doelstellingen
//! worden op organisatieniveau geformuleerd voor tenminste twee jaar. Hier
//! wordt vervolgens door middel van de benoemde instrumenten op
//! gereflecteerd om vervolgens te zorgen voor bijstelling van de doelen."
//!
//! A goal names a domain score or an indicator of the monitor (optionally
//! for one team), takes its baseline from the latest analysed wave, and sets
//! a target value for the wave of a later year (at least two years on).
//! Whether it was met is never entered: [`judge`] decides it from what the
//! analysis publishes, so a team below the minimum group gives "not
//! measurable", never a figure. A reflection closes the goal; a follow-up
//! goal continues it. Pure: no I/O, no clock.

use serde::Deserialize;

use crate::i18n::Msg;
use crate::monitor::instrument::{IndicatorKind, Instrument};

/// The shortest span of a goal, in years ("voor tenminste twee jaar").
pub const MIN_YEARS: i32 = 2;
/// The longest span accepted: three waves on.
pub const MAX_YEARS: i32 = 6;
pub const DESCRIPTION_MAX: usize = 500;
pub const REFLECTION_MAX: usize = 4000;

/// What a goal measures, by the instrument's ids (so it survives a new
/// version of the instrument that keeps the id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric {
    Domain(String),
    Indicator(String),
}

impl Metric {
    pub fn parse(s: &str) -> Option<Metric> {
        match s.trim().split_once(':')? {
            ("domain", id) if !id.is_empty() => Some(Metric::Domain(id.into())),
            ("indicator", id) if !id.is_empty() => Some(Metric::Indicator(id.into())),
            _ => None,
        }
    }

    pub fn code(&self) -> String {
        match self {
            Metric::Domain(id) => format!("domain:{id}"),
            Metric::Indicator(id) => format!("indicator:{id}"),
        }
    }

    /// Its name in `ins`, `None` when `ins` does not measure it.
    pub fn name(&self, ins: &Instrument, lang: crate::i18n::Lang) -> Option<String> {
        match self {
            Metric::Domain(id) => ins
                .domains
                .iter()
                .find(|d| &d.id == id)
                .map(|d| d.name.get(lang).to_string()),
            Metric::Indicator(id) => ins
                .indicators
                .iter()
                .find(|k| &k.id == id)
                .map(|k| k.name.get(lang).to_string()),
        }
    }

    /// Whether the figure is a share, shown as a percentage.
    pub fn is_share(&self, ins: &Instrument) -> bool {
        match self {
            Metric::Domain(_) => false,
            Metric::Indicator(id) => ins
                .indicators
                .iter()
                .find(|k| &k.id == id)
                .is_some_and(|k| matches!(k.kind, IndicatorKind::ShareAtLeast { .. })),
        }
    }

    /// Every metric of `ins`: its domains, then its indicators.
    pub fn all(ins: &Instrument) -> Vec<Metric> {
        ins.domains
            .iter()
            .map(|d| Metric::Domain(d.id.clone()))
            .chain(
                ins.indicators
                    .iter()
                    .map(|k| Metric::Indicator(k.id.clone())),
            )
            .collect()
    }
}

/// A figure as the page shows it: one decimal (a share in percent). Goals
/// are judged on this, so what the page says and what it shows agree.
pub fn shown(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A new goal, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub description: String,
    pub metric: Metric,
    pub unit: Option<i64>,
    pub target_value: f64,
    pub target_year: i32,
}

/// The goal form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct GoalInput {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub metric: String,
    /// A team's id; empty for the whole institution.
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub target_value: String,
    #[serde(default)]
    pub target_year: String,
}

impl GoalInput {
    /// The goal, or every field at fault. `ins` is the baseline wave's
    /// instrument, `baseline_year` the year that wave opened, `units` the
    /// institution's teams.
    pub fn validate(
        &self,
        ins: &Instrument,
        baseline_year: i32,
        units: &[i64],
    ) -> Result<Goal, Vec<(&'static str, Msg)>> {
        let mut errors = Vec::new();
        let description = self.description.trim().to_string();
        if description.is_empty() {
            errors.push(("description", Msg::new("goal-description-missing")));
        } else if description.chars().count() > DESCRIPTION_MAX {
            errors.push((
                "description",
                Msg::new("goal-description-long").arg("max", DESCRIPTION_MAX),
            ));
        }
        let metric =
            Metric::parse(&self.metric).filter(|m| m.name(ins, Default::default()).is_some());
        if metric.is_none() {
            errors.push(("metric", Msg::new("goal-metric-choose")));
        }
        let unit = match self.unit.trim() {
            "" => None,
            u => match u.parse::<i64>().ok().filter(|u| units.contains(u)) {
                Some(u) => Some(u),
                None => {
                    errors.push(("unit", Msg::new("goal-unit-unknown")));
                    None
                }
            },
        };
        if unit.is_some() && matches!(metric, Some(Metric::Indicator(_))) {
            errors.push(("unit", Msg::new("goal-unit-domain-only")));
        }
        let target_value = match self.target_value.trim().replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => Some(v),
            Ok(_) => {
                errors.push(("target_value", Msg::new("goal-target-range")));
                None
            }
            Err(_) if self.target_value.trim().is_empty() => {
                errors.push(("target_value", Msg::new("goal-target-missing")));
                None
            }
            Err(_) => {
                errors.push((
                    "target_value",
                    Msg::new("goal-target-invalid").arg("value", self.target_value.trim()),
                ));
                None
            }
        };
        let (first, last) = (baseline_year + MIN_YEARS, baseline_year + MAX_YEARS);
        let target_year = match self.target_year.trim().parse::<i32>() {
            Ok(y) if (first..=last).contains(&y) => Some(y),
            _ => {
                errors.push((
                    "target_year",
                    Msg::new("goal-year-range")
                        .arg("first", first)
                        .arg("last", last)
                        .arg("baseline", baseline_year),
                ));
                None
            }
        };
        match (metric, target_value, target_year) {
            (Some(metric), Some(target_value), Some(target_year)) if errors.is_empty() => {
                Ok(Goal {
                    description,
                    metric,
                    unit,
                    target_value,
                    target_year,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The reflection on a measured goal, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReflectionInput {
    #[serde(default)]
    pub reflection: String,
}

impl ReflectionInput {
    pub fn validate(&self) -> Result<String, Vec<(&'static str, Msg)>> {
        let text = self.reflection.trim();
        if text.is_empty() {
            Err(vec![("reflection", Msg::new("goal-reflection-missing"))])
        } else if text.chars().count() > REFLECTION_MAX {
            Err(vec![(
                "reflection",
                Msg::new("goal-reflection-long").arg("max", REFLECTION_MAX),
            )])
        } else {
            Ok(text.to_string())
        }
    }
}

/// Why a goal's wave gives no figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unmeasurable {
    /// The institution or team is below the minimum group (or hidden to
    /// protect one that is): the reports show no figure, nor does this.
    TooFew,
    /// The institution did not take part in the wave.
    NotInWave,
    /// The wave's instrument does not measure the goal's domain or indicator.
    NotInInstrument,
}

impl Unmeasurable {
    pub fn key(self) -> &'static str {
        match self {
            Unmeasurable::TooFew => "goal-unmeasurable-too-few",
            Unmeasurable::NotInWave => "goal-unmeasurable-not-in-wave",
            Unmeasurable::NotInInstrument => "goal-unmeasurable-not-in-instrument",
        }
    }
}

/// What the analysis publishes for a goal in one wave.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    Value(f64),
    None(Unmeasurable),
}

/// A goal's state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// The target wave is not analysed yet (not held, or still open).
    Pending,
    Met(f64),
    NotMet(f64),
    NotMeasurable(Unmeasurable),
}

impl Outcome {
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Pending => "goal-outcome-pending",
            Outcome::Met(_) => "goal-outcome-met",
            Outcome::NotMet(_) => "goal-outcome-not-met",
            Outcome::NotMeasurable(_) => "goal-outcome-not-measurable",
        }
    }

    /// The code in exports and the API.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Met(_) => "met",
            Outcome::NotMet(_) => "not_met",
            Outcome::NotMeasurable(_) => "not_measurable",
        }
    }

    pub fn value(self) -> Option<f64> {
        match self {
            Outcome::Met(v) | Outcome::NotMet(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_measured(self) -> bool {
        !matches!(self, Outcome::Pending)
    }
}

/// Met when the figure as shown reaches the target; `None` for a wave not
/// analysed yet.
pub fn judge(target: f64, measured: Option<Measure>) -> Outcome {
    match measured {
        None => Outcome::Pending,
        Some(Measure::None(why)) => Outcome::NotMeasurable(why),
        Some(Measure::Value(v)) if shown(v) >= shown(target) => Outcome::Met(shown(v)),
        Some(Measure::Value(v)) => Outcome::NotMet(shown(v)),
    }
}

/// Goals as cycles: each chain starts at a goal that follows none and runs
/// through its follow-ups. `goals` are `(id, follows)` pairs; the result
/// holds indexes into `goals`, chains in order of their first goal.
pub fn chains(goals: &[(i64, Option<i64>)]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut used = vec![false; goals.len()];
    for (i, (_, follows)) in goals.iter().enumerate() {
        // A chain starts where the goal followed is not among these.
        if follows.is_some_and(|f| goals.iter().any(|(id, _)| *id == f)) {
            continue;
        }
        let mut chain = vec![i];
        used[i] = true;
        let mut at = goals[i].0;
        while let Some(next) = goals
            .iter()
            .position(|(_, f)| *f == Some(at))
            .filter(|&n| !used[n])
        {
            used[next] = true;
            chain.push(next);
            at = goals[next].0;
        }
        out.push(chain);
    }
    // A cycle of follow-ups cannot be written (a goal follows an older
    // one), but nothing may vanish from the page if the data says so.
    for (i, u) in used.iter().enumerate() {
        if !u {
            out.push(vec![i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instrument() -> std::sync::Arc<Instrument> {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/instruments/digitaal-bekwaam-mbo-2026.toml"
        ))
        .expect("instrument");
        std::sync::Arc::new(crate::monitor::instrument::parse("test", &source).expect("parses"))
    }

    fn input(metric: &str, unit: &str, value: &str, year: &str) -> GoalInput {
        GoalInput {
            description: "Meer docenten differentiëren met ict".into(),
            metric: metric.into(),
            unit: unit.into(),
            target_value: value.into(),
            target_year: year.into(),
        }
    }

    #[test]
    fn a_goal_names_a_known_metric_a_team_of_its_own_and_two_years_at_least() {
        let ins = instrument();
        let d = &ins.domains[1].id;
        let ok = input(&format!("domain:{d}"), "7", "62,5", "2026")
            .validate(&ins, 2024, &[7, 8])
            .expect("valid");
        assert_eq!(ok.metric, Metric::Domain(d.clone()));
        assert_eq!(
            (ok.unit, ok.target_value, ok.target_year),
            (Some(7), 62.5, 2026)
        );

        let fields = |i: GoalInput| -> Vec<&'static str> {
            i.validate(&ins, 2024, &[7])
                .unwrap_err()
                .iter()
                .map(|(f, _)| *f)
                .collect()
        };
        assert_eq!(fields(input("domain:nope", "", "50", "2026")), ["metric"]);
        assert_eq!(
            fields(input(&format!("domain:{d}"), "9", "50", "2026")),
            ["unit"]
        );
        assert_eq!(
            fields(input(&format!("domain:{d}"), "", "101", "2026")),
            ["target_value"]
        );
        assert_eq!(
            fields(input(&format!("domain:{d}"), "", "veel", "2026")),
            ["target_value"]
        );
        assert_eq!(
            fields(input(&format!("domain:{d}"), "", "50", "2025")),
            ["target_year"]
        );
        assert_eq!(
            fields(input(&format!("domain:{d}"), "", "50", "2031")),
            ["target_year"]
        );
        let mut empty = input("", "", "", "");
        empty.description = "  ".into();
        assert_eq!(
            fields(empty),
            ["description", "metric", "target_value", "target_year"]
        );
        if let Some(k) = ins.indicators.first() {
            assert_eq!(
                fields(input(&format!("indicator:{}", k.id), "7", "50", "2026")),
                ["unit"],
                "indicators are not published per team"
            );
        }
    }

    #[test]
    fn the_outcome_follows_the_published_figure_as_shown() {
        assert_eq!(judge(60.0, None), Outcome::Pending);
        assert_eq!(judge(60.0, Some(Measure::Value(60.04))), Outcome::Met(60.0));
        assert_eq!(judge(60.0, Some(Measure::Value(59.96))), Outcome::Met(60.0));
        assert_eq!(
            judge(60.0, Some(Measure::Value(59.94))),
            Outcome::NotMet(59.9)
        );
        assert_eq!(
            judge(60.0, Some(Measure::None(Unmeasurable::TooFew))),
            Outcome::NotMeasurable(Unmeasurable::TooFew)
        );
        assert_eq!(Outcome::NotMeasurable(Unmeasurable::TooFew).value(), None);
    }

    #[test]
    fn follow_ups_make_chains_and_nothing_is_lost() {
        let goals = [
            (1, None),
            (2, None),
            (3, Some(1)),
            (4, Some(3)),
            (5, Some(99)),
        ];
        assert_eq!(chains(&goals), vec![vec![0, 2, 3], vec![1], vec![4]]);
        let looped = [(1, Some(2)), (2, Some(1))];
        let c = chains(&looped);
        assert_eq!(c.iter().map(Vec::len).sum::<usize>(), 2);
    }

    #[test]
    fn a_reflection_is_needed_and_bounded() {
        assert!(
            ReflectionInput {
                reflection: " ".into()
            }
            .validate()
            .is_err()
        );
        let long = "x".repeat(REFLECTION_MAX + 1);
        assert!(ReflectionInput { reflection: long }.validate().is_err());
        assert_eq!(
            ReflectionInput {
                reflection: " Goed gegaan. ".into()
            }
            .validate(),
            Ok("Goed gegaan.".into())
        );
    }
}

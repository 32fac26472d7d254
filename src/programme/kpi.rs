//! KPI rules, pure: how a KPI's observations compare with its target (a
//! traffic light with the reason, and the trend), and which computations
//! may supply observations. The computations themselves live with the part
//! that owns the data (`programme::sources`); until a part exists its KPI
//! has no observations and says "no data yet", never a made-up number.

use time::Date;

use super::definition::{Direction, Kpi, Period, Unit};
use crate::i18n::{Msg, Tr};

/// Every rule a KPI may name. `manual`: the figure is entered by hand
/// (who and when is recorded).
pub const RULES: &[&str] = &[
    "policy.development_policy_share",
    "campaigns.per_school_year",
    "workshop.meetings_per_month",
    "networks.ddvdo_meetings_per_month",
    "networks.knowledge_network_meetings_per_year",
    "workshop.researchers",
    "networks.knowledge_events",
    "workshop.experiments_in_campaigns",
    "monitor.increase_every_domain",
    "scan.completed",
    MANUAL,
];

pub const MANUAL: &str = "manual";

/// The catalogue key of the sentence that says, in the reader's words,
/// what a rule computes (`policy.development_policy_share` ->
/// `kpi-rule-policy-development-policy-share`). Pages show that sentence;
/// the rule's own name stays in the programme definition.
pub fn rule_key(rule: &str) -> String {
    format!("kpi-rule-{}", rule.replace(['.', '_'], "-"))
}

/// Where an observation came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Computed from the platform's data; `detail` says from what.
    Computed { detail: Msg },
    /// Entered by hand.
    Manual { by: String, on: Date, note: String },
}

/// One measured value of a KPI for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// What the value is about, e.g. "2024-2025" or "2024".
    pub period: String,
    /// The last day of that period: until then a missed target may still
    /// be reached.
    pub period_ends: Date,
    pub value: f64,
    pub origin: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Light {
    Green,
    Amber,
    Red,
    /// No data yet.
    Grey,
}

impl Light {
    pub fn key(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
            Light::Grey => "grey",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Better,
    Worse,
    Same,
    /// Fewer than two observations.
    Unknown,
}

impl Trend {
    pub fn key(self) -> &'static str {
        match self {
            Trend::Better => "better",
            Trend::Worse => "worse",
            Trend::Same => "same",
            Trend::Unknown => "unknown",
        }
    }
}

/// A KPI's status on a day.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub light: Light,
    pub trend: Trend,
    /// Why the light has its colour (a catalogue message).
    pub reason: Msg,
}

/// Whether `value` meets the KPI's target.
pub fn meets(kpi: &Kpi, value: f64) -> bool {
    match kpi.direction {
        Direction::AtLeast => value >= kpi.target,
        Direction::AtMost => value <= kpi.target,
    }
}

/// The value as the UI shows it, with its unit.
pub fn format_value(tr: &Tr, unit: Unit, value: f64) -> String {
    match unit {
        Unit::Percent => format!("{value:.0}%"),
        Unit::YesNo if value >= 0.5 => tr.t("kpi-yes"),
        Unit::YesNo => tr.t("kpi-no"),
        Unit::Count | Unit::Meetings if value.fract() == 0.0 => format!("{value:.0}"),
        Unit::Count | Unit::Meetings => format!("{value:.1}"),
    }
}

/// The KPI's status on `today` from its observations (in any order; the
/// latest period counts):
/// - none: grey, "no data yet";
/// - the latest meets the target: green;
/// - it does not, but its period (or, for a once-only target, the due
///   date) has not ended: amber, the target can still be reached;
/// - otherwise red.
///
/// The trend compares the latest observation with the one before, in the
/// direction of the target.
pub fn assess(tr: &Tr, kpi: &Kpi, observations: &[Observation], today: Date) -> Assessment {
    let mut sorted: Vec<&Observation> = observations.iter().collect();
    sorted.sort_by_key(|o| o.period_ends);
    let Some(latest) = sorted.last() else {
        return Assessment {
            light: Light::Grey,
            trend: Trend::Unknown,
            reason: Msg::new("kpi-reason-no-data"),
        };
    };
    let trend = match sorted.len().checked_sub(2).map(|i| sorted[i]) {
        None => Trend::Unknown,
        Some(prev) => {
            let up = latest.value > prev.value;
            let down = latest.value < prev.value;
            match (kpi.direction, up, down) {
                (_, false, false) => Trend::Same,
                (Direction::AtLeast, true, _) | (Direction::AtMost, _, true) => Trend::Better,
                _ => Trend::Worse,
            }
        }
    };
    let shown = format_value(tr, kpi.unit, latest.value);
    let target = format_value(tr, kpi.unit, kpi.target);
    let (light, reason) = if meets(kpi, latest.value) {
        (
            Light::Green,
            Msg::new("kpi-reason-met")
                .arg("value", shown)
                .arg("period", &latest.period),
        )
    } else {
        let deadline = match kpi.period {
            Period::Once => kpi.due.unwrap_or(latest.period_ends),
            _ => latest.period_ends,
        };
        if today <= deadline {
            (
                Light::Amber,
                Msg::new("kpi-reason-running")
                    .arg("value", shown)
                    .arg("target", target)
                    .arg("deadline", deadline),
            )
        } else {
            (
                Light::Red,
                Msg::new("kpi-reason-missed")
                    .arg("value", shown)
                    .arg("target", target)
                    .arg("period", &latest.period),
            )
        }
    };
    Assessment {
        light,
        trend,
        reason,
    }
}

/// The school year (1 August - 31 July) a day falls in, as "2024-2025",
/// with its last day.
pub fn school_year(day: Date) -> (String, Date) {
    let start = if day.month() >= time::Month::August {
        day.year()
    } else {
        day.year() - 1
    };
    let ends = Date::from_calendar_date(start + 1, time::Month::July, 31).unwrap_or(Date::MAX);
    (format!("{}-{}", start, start + 1), ends)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::instrument::Text;
    use time::macros::date;

    #[test]
    fn every_rule_has_a_sentence_in_both_languages() {
        for lang in crate::i18n::Lang::ALL {
            let tr = Tr::new(lang);
            for rule in RULES.iter().filter(|r| **r != MANUAL) {
                let key = rule_key(rule);
                assert!(tr.has(&key), "{lang:?} lacks {key}");
                assert!(!tr.t(&key).contains(rule), "{key} names the rule");
            }
        }
    }

    fn kpi(direction: Direction, period: Period, due: Option<Date>) -> Kpi {
        Kpi {
            id: "k".into(),
            action_line: None,
            objective: None,
            name: Text {
                nl: "k".into(),
                en: "k".into(),
            },
            target: 80.0,
            unit: Unit::Percent,
            direction,
            period,
            due,
            rule: MANUAL.into(),
            source: String::new(),
        }
    }

    fn obs(period: &str, ends: Date, value: f64) -> Observation {
        Observation {
            period: period.into(),
            period_ends: ends,
            value,
            origin: Origin::Computed {
                detail: Msg::new("kpi-reason-no-data"),
            },
        }
    }

    #[test]
    fn no_observations_is_grey_no_data_yet() {
        let a = assess(
            &Tr::default(),
            &kpi(Direction::AtLeast, Period::Once, None),
            &[],
            date!(2025 - 01 - 01),
        );
        assert_eq!(a.light, Light::Grey);
        assert_eq!(a.reason.key, "kpi-reason-no-data");
        assert_eq!(a.trend, Trend::Unknown);
    }

    #[test]
    fn a_once_target_is_amber_until_its_due_date_then_red() {
        let k = kpi(
            Direction::AtLeast,
            Period::Once,
            Some(date!(2027 - 12 - 31)),
        );
        let o = [
            obs("2023", date!(2023 - 12 - 31), 40.0),
            obs("2024", date!(2024 - 12 - 31), 55.0),
        ];
        let a = assess(&Tr::default(), &k, &o, date!(2025 - 03 - 01));
        assert_eq!(a.light, Light::Amber);
        assert_eq!(a.trend, Trend::Better);
        assert_eq!(
            assess(&Tr::default(), &k, &o, date!(2028 - 01 - 01)).light,
            Light::Red
        );
        let met = [obs("2027", date!(2027 - 12 - 31), 81.0)];
        assert_eq!(
            assess(&Tr::default(), &k, &met, date!(2028 - 01 - 01)).light,
            Light::Green
        );
    }

    #[test]
    fn a_periodic_target_counts_the_latest_period() {
        let k = kpi(Direction::AtLeast, Period::SchoolYear, None);
        // Reversed order on purpose: the latest period counts, not the last row.
        let o = [
            obs("2024-2025", date!(2025 - 07 - 31), 70.0),
            obs("2023-2024", date!(2024 - 07 - 31), 90.0),
        ];
        let a = assess(&Tr::default(), &k, &o, date!(2025 - 09 - 01));
        assert_eq!(a.light, Light::Red);
        assert_eq!(a.trend, Trend::Worse);
        assert_eq!(
            assess(&Tr::default(), &k, &o, date!(2025 - 05 - 01)).light,
            Light::Amber
        );
    }

    #[test]
    fn at_most_targets_improve_downwards() {
        let k = kpi(Direction::AtMost, Period::CalendarYear, None);
        let o = [
            obs("2023", date!(2023 - 12 - 31), 90.0),
            obs("2024", date!(2024 - 12 - 31), 75.0),
        ];
        let a = assess(&Tr::default(), &k, &o, date!(2025 - 02 - 01));
        assert_eq!(a.light, Light::Green);
        assert_eq!(a.trend, Trend::Better);
    }

    #[test]
    fn school_years_run_from_august_to_july() {
        assert_eq!(
            school_year(date!(2024 - 08 - 01)),
            ("2024-2025".to_string(), date!(2025 - 07 - 31))
        );
        assert_eq!(
            school_year(date!(2025 - 07 - 31)),
            ("2024-2025".to_string(), date!(2025 - 07 - 31))
        );
    }
}

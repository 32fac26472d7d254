//! The policy cycle per institution (speerpunt B, doelstellingen 1 en 3).
//!
//! The plan asks every institution for a vision and a plan van aanpak on
//! cyber security (objective 1) and to translate its vision on
//! ict-bekwaamheid and cyberveiligheid into development policy
//! (professionaliseringsbeleid, objective 3): "Streven is dat in 2027
//! tenminste 80% van de mbo-instellingen kan aantonen dat ict-bekwaamheid en
//! cyberveiligheid onderdeel is van het professionaliseringsbeleid."
//!
//! This module holds the status of one institution and its rules (pure);
//! [`store`] keeps it with its history and documents, [`document`] decides
//! what an upload is from its bytes, [`sector`] builds the sector view,
//! [`kpi`] feeds `policy.development_policy_share`. The two-year goals of
//! the PDCA cycle are [`goals`] (rules), [`goals_store`], [`goals_service`]
//! (measured through the analysis) and [`goals_routes`].

pub mod demo;
pub mod document;
pub mod goals;
pub mod goals_routes;
pub mod goals_service;
pub mod goals_store;
pub mod kpi;
pub mod routes;
pub mod sector;
pub mod service;
pub mod store;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::i18n::Msg;

/// How far a policy document is: none, a draft, adopted by the board.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    #[default]
    None,
    Draft,
    Adopted,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::None, Stage::Draft, Stage::Adopted];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::None => "none",
            Stage::Draft => "draft",
            Stage::Adopted => "adopted",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Its catalogue key ("geen", "concept", "vastgesteld").
    pub fn key(self) -> &'static str {
        match self {
            Stage::None => "policy-stage-none",
            Stage::Draft => "policy-stage-draft",
            Stage::Adopted => "policy-stage-adopted",
        }
    }
}

/// One policy document's stage and, once adopted, the day it was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Adoption {
    pub stage: Stage,
    pub adopted_on: Option<Date>,
}

/// The policy status of one institution.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Vision on cyber security (objective 1).
    pub vision: Adoption,
    /// Plan van aanpak on cyber security (objective 1).
    pub plan: Adoption,
    /// Professionaliseringsbeleid (objective 3).
    pub development: Adoption,
    /// The development policy covers ict-bekwaamheid.
    pub covers_ict: bool,
    /// The development policy covers cyberveiligheid.
    pub covers_cyber: bool,
}

/// The fields of a status, as the history names them.
pub const FIELDS: [&str; 8] = [
    "vision_stage",
    "vision_adopted_on",
    "plan_stage",
    "plan_adopted_on",
    "development_stage",
    "development_adopted_on",
    "covers_ict",
    "covers_cyber",
];

/// One field of a status changed (a history row without who and when).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: String,
    pub to: String,
}

impl Status {
    /// The plan's KPI: the institution can show that its adopted
    /// development policy covers both ict-bekwaamheid and cyberveiligheid.
    pub fn shows_development_policy(&self) -> bool {
        self.development.stage == Stage::Adopted && self.covers_ict && self.covers_cyber
    }

    /// What is still missing, as catalogue keys, in the plan's order.
    pub fn gaps(&self) -> Vec<&'static str> {
        let mut gaps = Vec::new();
        if self.vision.stage != Stage::Adopted {
            gaps.push("policy-gap-vision");
        }
        if self.plan.stage != Stage::Adopted {
            gaps.push("policy-gap-plan");
        }
        if self.development.stage != Stage::Adopted {
            gaps.push("policy-gap-development");
        }
        if !self.covers_ict {
            gaps.push("policy-gap-ict");
        }
        if !self.covers_cyber {
            gaps.push("policy-gap-cyber");
        }
        gaps
    }

    /// A field's value as the history stores it.
    pub fn value(&self, field: &str) -> String {
        let date = |d: Option<Date>| d.map_or_else(String::new, |d| d.to_string());
        match field {
            "vision_stage" => self.vision.stage.as_str().into(),
            "vision_adopted_on" => date(self.vision.adopted_on),
            "plan_stage" => self.plan.stage.as_str().into(),
            "plan_adopted_on" => date(self.plan.adopted_on),
            "development_stage" => self.development.stage.as_str().into(),
            "development_adopted_on" => date(self.development.adopted_on),
            "covers_ict" => self.covers_ict.to_string(),
            "covers_cyber" => self.covers_cyber.to_string(),
            _ => String::new(),
        }
    }

    /// This status with `field` set to a stored `value` (unknown fields
    /// and unreadable values leave it as it is).
    pub fn with_value(mut self, field: &str, value: &str) -> Status {
        let date = || crate::programme::definition::parse_date(value);
        match field {
            "vision_stage" => self.vision.stage = Stage::parse(value).unwrap_or_default(),
            "vision_adopted_on" => self.vision.adopted_on = date(),
            "plan_stage" => self.plan.stage = Stage::parse(value).unwrap_or_default(),
            "plan_adopted_on" => self.plan.adopted_on = date(),
            "development_stage" => self.development.stage = Stage::parse(value).unwrap_or_default(),
            "development_adopted_on" => self.development.adopted_on = date(),
            "covers_ict" => self.covers_ict = value == "true",
            "covers_cyber" => self.covers_cyber = value == "true",
            _ => {}
        }
        self
    }

    /// The fields that differ from `next`, in [`FIELDS`] order.
    pub fn changes_to(&self, next: &Status) -> Vec<FieldChange> {
        FIELDS
            .iter()
            .filter_map(|&field| {
                let (from, to) = (self.value(field), next.value(field));
                (from != to).then_some(FieldChange { field, from, to })
            })
            .collect()
    }

    /// The status as it was before `later` happened (newest first): each
    /// change undone.
    pub fn before<'a>(mut self, later: impl IntoIterator<Item = &'a FieldChange>) -> Status {
        for c in later {
            self = self.with_value(c.field, &c.from);
        }
        self
    }
}

/// A status form as typed, before validation.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StatusInput {
    #[serde(default)]
    pub vision_stage: String,
    #[serde(default)]
    pub vision_adopted_on: String,
    #[serde(default)]
    pub plan_stage: String,
    #[serde(default)]
    pub plan_adopted_on: String,
    #[serde(default)]
    pub development_stage: String,
    #[serde(default)]
    pub development_adopted_on: String,
    #[serde(default)]
    pub covers_ict: Option<String>,
    #[serde(default)]
    pub covers_cyber: Option<String>,
}

impl StatusInput {
    pub fn of(s: &Status) -> StatusInput {
        StatusInput {
            vision_stage: s.value("vision_stage"),
            vision_adopted_on: s.value("vision_adopted_on"),
            plan_stage: s.value("plan_stage"),
            plan_adopted_on: s.value("plan_adopted_on"),
            development_stage: s.value("development_stage"),
            development_adopted_on: s.value("development_adopted_on"),
            covers_ict: s.covers_ict.then(|| "on".into()),
            covers_cyber: s.covers_cyber.then(|| "on".into()),
        }
    }

    /// The status, or every field at fault with its message. An adopted
    /// document needs its adoption day (not after `today`); a draft or no
    /// document has none.
    pub fn validate(&self, today: Date) -> Result<Status, Vec<(&'static str, Msg)>> {
        let mut errors = Vec::new();
        let mut adoption =
            |stage_field: &'static str, stage: &str, date_field: &'static str, date: &str| {
                let Some(stage) = Stage::parse(stage.trim()) else {
                    errors.push((stage_field, Msg::new("policy-stage-choose")));
                    return Adoption::default();
                };
                let date = date.trim();
                let adopted_on = match (stage, date) {
                    (Stage::Adopted, "") => {
                        errors.push((date_field, Msg::new("policy-adopted-on-missing")));
                        None
                    }
                    (Stage::Adopted, d) => match crate::programme::definition::parse_date(d) {
                        Some(d) if d <= today => Some(d),
                        Some(_) => {
                            errors.push((date_field, Msg::new("policy-adopted-on-future")));
                            None
                        }
                        None => {
                            errors.push((date_field, Msg::new("policy-adopted-on-invalid")));
                            None
                        }
                    },
                    (_, "") => None,
                    (_, _) => {
                        errors.push((date_field, Msg::new("policy-adopted-on-not-adopted")));
                        None
                    }
                };
                Adoption { stage, adopted_on }
            };
        let vision = adoption(
            "vision_stage",
            &self.vision_stage,
            "vision_adopted_on",
            &self.vision_adopted_on,
        );
        let plan = adoption(
            "plan_stage",
            &self.plan_stage,
            "plan_adopted_on",
            &self.plan_adopted_on,
        );
        let development = adoption(
            "development_stage",
            &self.development_stage,
            "development_adopted_on",
            &self.development_adopted_on,
        );
        if errors.is_empty() {
            Ok(Status {
                vision,
                plan,
                development,
                covers_ict: self.covers_ict.is_some(),
                covers_cyber: self.covers_cyber.is_some(),
            })
        } else {
            Err(errors)
        }
    }
}

/// What a document is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    Vision,
    Plan,
    Development,
    Evidence,
}

impl Topic {
    pub const ALL: [Topic; 4] = [
        Topic::Vision,
        Topic::Plan,
        Topic::Development,
        Topic::Evidence,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Vision => "vision",
            Topic::Plan => "plan",
            Topic::Development => "development",
            Topic::Evidence => "evidence",
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn key(self) -> &'static str {
        match self {
            Topic::Vision => "policy-topic-vision",
            Topic::Plan => "policy-topic-plan",
            Topic::Development => "policy-topic-development",
            Topic::Evidence => "policy-topic-evidence",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn input(dev: &str, dev_on: &str) -> StatusInput {
        StatusInput {
            vision_stage: "adopted".into(),
            vision_adopted_on: "2023-03-01".into(),
            plan_stage: "draft".into(),
            development_stage: dev.into(),
            development_adopted_on: dev_on.into(),
            covers_ict: Some("on".into()),
            covers_cyber: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn an_adopted_policy_needs_its_day_and_not_one_in_the_future() {
        let today = date!(2026 - 12 - 02);
        let s = input("adopted", "2024-06-30").validate(today).unwrap();
        assert!(s.shows_development_policy());
        let fields = |i: StatusInput| -> Vec<&str> {
            i.validate(today)
                .unwrap_err()
                .into_iter()
                .map(|(f, _)| f)
                .collect()
        };
        assert_eq!(fields(input("adopted", "")), ["development_adopted_on"]);
        assert_eq!(
            fields(input("adopted", "2027-01-01")),
            ["development_adopted_on"]
        );
        assert_eq!(
            fields(input("adopted", "31-12-2024")),
            ["development_adopted_on"]
        );
        assert_eq!(
            fields(input("draft", "2024-01-01")),
            ["development_adopted_on"]
        );
        assert_eq!(fields(input("maybe", "")), ["development_stage"]);
    }

    #[test]
    fn both_checks_and_adoption_are_needed_for_the_kpi() {
        let today = date!(2026 - 12 - 02);
        let mut i = input("adopted", "2024-06-30");
        i.covers_cyber = None;
        let s = i.validate(today).unwrap();
        assert!(!s.shows_development_policy());
        assert!(s.gaps().contains(&"policy-gap-cyber"));
        assert!(
            !input("draft", "")
                .validate(today)
                .unwrap()
                .shows_development_policy()
        );
    }

    #[test]
    fn the_history_undoes_to_any_earlier_status() {
        let first = Status::default();
        let second = input("draft", "").validate(date!(2026 - 01 - 01)).unwrap();
        let third = input("adopted", "2025-02-01")
            .validate(date!(2026 - 01 - 01))
            .unwrap();
        let c1 = first.changes_to(&second);
        let c2 = second.changes_to(&third);
        assert_eq!(
            c2.iter().map(|c| c.field).collect::<Vec<_>>(),
            ["development_stage", "development_adopted_on"]
        );
        assert_eq!(third.before(c2.iter()), second);
        let newest_first: Vec<&FieldChange> = c2.iter().chain(c1.iter()).collect();
        assert_eq!(third.before(newest_first), first);
        assert!(third.changes_to(&third).is_empty());
    }
}

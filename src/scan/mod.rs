//! The bewegingsscan (movement scan, speerpunt A): "In het jaar dat er geen
//! sprake is van afname, worden de vervolgacties vastgelegd in een
//! bewegingsscan, een rapportage die eveneens tweejaarlijks wordt
//! vastgesteld en wordt gedeeld in de sector."
//!
//! A scan round (autumn 2022, autumn 2024, ...) holds one structured
//! interview record per institution: the day, the roles interviewed (never
//! names), the follow-up actions after the monitor, each coded with one or
//! more themes of the codebook, what worked and what did not, and short
//! quotes that appear in a report only once reviewed. A second interview of
//! the same institution in a round is refused: its conversation is added to
//! the one record, so a round counts each institution once by construction
//! (and [`compile`] counts distinct institutions all the same).
//!
//! The codebook is versioned: every change is a new version, and a theme
//! once used to code an action is retired, never deleted. A round is
//! completed when its report is published; its records are then frozen.
//!
//! The sector scan report is compiled from the records by [`compile`]:
//! counts per theme are institutions, not interviews, and a theme coded by
//! fewer than [`MIN_NAMED`] institutions is shown without their names in
//! every output (page, PDF, XLSX and API all render the one
//! [`ScanReport`]). Pure: no I/O, no clock.

pub mod demo;
pub mod document;
pub mod kpi;
pub mod routes;
pub mod service;
pub mod store;

use std::collections::{BTreeMap, BTreeSet};

use time::{Date, OffsetDateTime};

use crate::i18n::Msg;

/// The fewest institutions a theme must have before the report names them.
pub const MIN_NAMED: u64 = 3;
/// Examples (follow-up actions) shown per theme.
pub const EXAMPLES_PER_THEME: usize = 3;
pub const ROUND_NAME_MAX: usize = 80;
pub const THEME_NAME_MAX: usize = 80;
pub const THEME_DESCRIPTION_MAX: usize = 500;
pub const TEXT_MAX: usize = 2000;
pub const ACTION_MAX: usize = 500;
/// "Short quotes".
pub const QUOTE_MAX: usize = 300;

/// Field errors of a form: the field and why.
pub type Refusals = Vec<(&'static str, Msg)>;

/// Where a round is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundState {
    /// Interviews are being held and recorded.
    Open,
    /// The report is published: the round is completed, its records frozen.
    Published,
}

impl RoundState {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Open => "open",
            RoundState::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<RoundState> {
        match s {
            "open" => Some(RoundState::Open),
            "published" => Some(RoundState::Published),
            _ => None,
        }
    }

    /// Whether interview records may be added, changed or deleted.
    pub fn accepts_records(self) -> bool {
        self == RoundState::Open
    }

    /// Whether the round is completed (counts for the KPI, its report is
    /// readable by the steering group).
    pub fn is_completed(self) -> bool {
        self == RoundState::Published
    }

    pub fn key(self) -> &'static str {
        match self {
            RoundState::Open => "scan-state-open",
            RoundState::Published => "scan-state-published",
        }
    }
}

/// A scan round.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub state: RoundState,
    pub created_by: String,
    pub created_at: OffsetDateTime,
    pub published_on: Option<Date>,
    pub published_by: Option<String>,
    pub codebook_version: Option<i64>,
    pub discussed_on: Option<Date>,
}

/// A theme of the codebook.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// The codebook version that added it.
    pub added_in: i64,
    /// The codebook version that retired it.
    pub retired_in: Option<i64>,
}

impl Theme {
    /// A retired theme codes no new action; it stays in the reports that
    /// used it.
    pub fn is_retired(&self) -> bool {
        self.retired_in.is_some()
    }
}

/// Who was interviewed: roles, never names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Respondent {
    Board,
    Director,
    Hr,
    PolicyAdvisor,
    TeamLead,
    Teacher,
    IctCoordinator,
    SecurityOfficer,
}

impl Respondent {
    pub const ALL: [Respondent; 8] = [
        Respondent::Board,
        Respondent::Director,
        Respondent::Hr,
        Respondent::PolicyAdvisor,
        Respondent::TeamLead,
        Respondent::Teacher,
        Respondent::IctCoordinator,
        Respondent::SecurityOfficer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Respondent::Board => "board",
            Respondent::Director => "director",
            Respondent::Hr => "hr",
            Respondent::PolicyAdvisor => "policy_advisor",
            Respondent::TeamLead => "team_lead",
            Respondent::Teacher => "teacher",
            Respondent::IctCoordinator => "ict_coordinator",
            Respondent::SecurityOfficer => "security_officer",
        }
    }

    pub fn parse(s: &str) -> Option<Respondent> {
        Respondent::ALL.into_iter().find(|r| r.code() == s.trim())
    }

    pub fn key(self) -> &'static str {
        match self {
            Respondent::Board => "scan-role-board",
            Respondent::Director => "scan-role-director",
            Respondent::Hr => "scan-role-hr",
            Respondent::PolicyAdvisor => "scan-role-policy-advisor",
            Respondent::TeamLead => "scan-role-team-lead",
            Respondent::Teacher => "scan-role-teacher",
            Respondent::IctCoordinator => "scan-role-ict-coordinator",
            Respondent::SecurityOfficer => "scan-role-security-officer",
        }
    }

    /// Stored as comma-separated codes.
    pub fn join(roles: &[Respondent]) -> String {
        roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
    }

    pub fn split(s: &str) -> Option<Vec<Respondent>> {
        s.split(',')
            .filter(|c| !c.trim().is_empty())
            .map(Respondent::parse)
            .collect()
    }
}

/// A follow-up action after the monitor, coded with themes.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowUp {
    pub id: i64,
    pub description: String,
    pub themes: Vec<i64>,
}

/// A short quote; it reaches a report only once reviewed (no names of
/// people in it).
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub id: i64,
    pub text: String,
    pub reviewed: Option<(String, OffsetDateTime)>,
}

impl Quote {
    pub fn is_reviewed(&self) -> bool {
        self.reviewed.is_some()
    }
}

/// One institution's interview record in a round.
#[derive(Clone, Debug, PartialEq)]
pub struct Interview {
    pub id: i64,
    pub round_id: i64,
    pub institution: String,
    pub held_on: Date,
    pub roles: Vec<Respondent>,
    pub worked: String,
    pub not_worked: String,
    pub recorded_by: String,
    pub recorded_at: OffsetDateTime,
    pub actions: Vec<FollowUp>,
    pub quotes: Vec<Quote>,
}

// --- validation ---------------------------------------------------------------------

fn text_field(
    errors: &mut Refusals,
    field: &'static str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    let v = value.trim().to_string();
    if v.is_empty() && required {
        errors.push((field, Msg::new("scan-field-missing")));
    } else if v.chars().count() > max {
        errors.push((field, Msg::new("scan-field-long").arg("max", max)));
    }
    v
}

/// The first of `names` (institution names or codes) that `text` mentions,
/// case-insensitively: texts that reach the sector report must not say
/// which institution they are about.
pub fn mentions<'a>(text: &str, names: &'a [String]) -> Option<&'a str> {
    let lower = text.to_lowercase();
    names
        .iter()
        .filter(|n| n.chars().count() >= 3)
        .find(|n| contains_word(&lower, &n.to_lowercase()))
        .map(String::as_str)
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn no_names(errors: &mut Refusals, field: &'static str, text: &str, names: &[String]) {
    if let Some(n) = mentions(text, names) {
        errors.push((
            field,
            Msg::new("scan-text-names-institution").arg("name", n),
        ));
    }
}

/// A day typed as `2024-10-15`.
pub fn parse_day(s: &str) -> Option<Date> {
    Date::parse(
        s.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// The new-round form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct RoundInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub year: String,
}

/// A new round, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRound {
    pub name: String,
    pub year: i32,
}

impl RoundInput {
    pub fn validate(&self) -> Result<NewRound, Refusals> {
        let mut errors = Vec::new();
        let name = text_field(&mut errors, "name", &self.name, true, ROUND_NAME_MAX);
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                errors.push(("year", Msg::new("scan-year-invalid")));
                None
            }
        };
        match year {
            Some(year) if errors.is_empty() => Ok(NewRound { name, year }),
            _ => Err(errors),
        }
    }
}

/// The theme form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ThemeInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A theme's text, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeText {
    pub name: String,
    pub description: String,
}

impl ThemeInput {
    pub fn validate(&self) -> Result<ThemeText, Refusals> {
        let mut errors = Vec::new();
        let name = text_field(&mut errors, "name", &self.name, true, THEME_NAME_MAX);
        let description = text_field(
            &mut errors,
            "description",
            &self.description,
            false,
            THEME_DESCRIPTION_MAX,
        );
        if errors.is_empty() {
            Ok(ThemeText { name, description })
        } else {
            Err(errors)
        }
    }
}

/// The interview form as typed; `roles` are the ticked boxes.
#[derive(Clone, Debug, Default)]
pub struct InterviewInput {
    pub held_on: String,
    pub roles: Vec<String>,
    pub worked: String,
    pub not_worked: String,
}

/// An interview's own fields, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct InterviewText {
    pub held_on: Date,
    pub roles: Vec<Respondent>,
    pub worked: String,
    pub not_worked: String,
}

impl InterviewInput {
    /// From the form's pairs (a checkbox name repeats).
    pub fn from_pairs(pairs: &[(String, String)]) -> InterviewInput {
        let mut i = InterviewInput::default();
        for (k, v) in pairs {
            match k.as_str() {
                "held_on" => i.held_on = v.clone(),
                "role" => i.roles.push(v.clone()),
                "worked" => i.worked = v.clone(),
                "not_worked" => i.not_worked = v.clone(),
                _ => {}
            }
        }
        i
    }

    pub fn has_role(&self, code: &str) -> bool {
        self.roles.iter().any(|r| r == code)
    }

    /// The record's fields, or every field at fault; `names` are the
    /// institutions' names and codes no text may mention.
    pub fn validate(&self, today: Date, names: &[String]) -> Result<InterviewText, Refusals> {
        let mut errors = Vec::new();
        let held_on = match parse_day(&self.held_on) {
            Some(d) if d <= today => Some(d),
            Some(_) => {
                errors.push(("held_on", Msg::new("scan-held-on-future")));
                None
            }
            None if self.held_on.trim().is_empty() => {
                errors.push(("held_on", Msg::new("scan-held-on-missing")));
                None
            }
            None => {
                errors.push(("held_on", Msg::new("scan-day-invalid")));
                None
            }
        };
        let mut roles = BTreeSet::new();
        for r in &self.roles {
            match Respondent::parse(r) {
                Some(r) => {
                    roles.insert(r);
                }
                None => errors.push(("roles", Msg::new("scan-roles-unknown"))),
            }
        }
        if self.roles.is_empty() {
            errors.push(("roles", Msg::new("scan-roles-missing")));
        }
        let worked = text_field(&mut errors, "worked", &self.worked, false, TEXT_MAX);
        no_names(&mut errors, "worked", &worked, names);
        let not_worked = text_field(&mut errors, "not_worked", &self.not_worked, false, TEXT_MAX);
        no_names(&mut errors, "not_worked", &not_worked, names);
        match held_on {
            Some(held_on) if errors.is_empty() => Ok(InterviewText {
                held_on,
                roles: roles.into_iter().collect(),
                worked,
                not_worked,
            }),
            _ => Err(errors),
        }
    }
}

/// The follow-up action form; `themes` are the ticked theme ids.
#[derive(Clone, Debug, Default)]
pub struct ActionInput {
    pub description: String,
    pub themes: Vec<String>,
}

impl ActionInput {
    pub fn from_pairs(pairs: &[(String, String)]) -> ActionInput {
        let mut a = ActionInput::default();
        for (k, v) in pairs {
            match k.as_str() {
                "description" => a.description = v.clone(),
                "theme" => a.themes.push(v.clone()),
                _ => {}
            }
        }
        a
    }

    pub fn has_theme(&self, id: &i64) -> bool {
        self.themes.iter().any(|t| t.trim() == id.to_string())
    }

    /// The description and theme ids; `themes` is the codebook (a
    /// retired theme codes no new action).
    pub fn validate(
        &self,
        themes: &[Theme],
        names: &[String],
    ) -> Result<(String, Vec<i64>), Refusals> {
        let mut errors = Vec::new();
        let description = text_field(
            &mut errors,
            "description",
            &self.description,
            true,
            ACTION_MAX,
        );
        no_names(&mut errors, "description", &description, names);
        let mut ids = BTreeSet::new();
        for t in &self.themes {
            match t
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|id| themes.iter().find(|x| x.id == id))
            {
                Some(x) if !x.is_retired() => {
                    ids.insert(x.id);
                }
                Some(x) => errors.push((
                    "themes",
                    Msg::new("scan-theme-retired").arg("theme", &x.name),
                )),
                None => errors.push(("themes", Msg::new("scan-theme-unknown"))),
            }
        }
        if self.themes.is_empty() {
            errors.push(("themes", Msg::new("scan-themes-missing")));
        }
        if errors.is_empty() {
            Ok((description, ids.into_iter().collect()))
        } else {
            Err(errors)
        }
    }
}

/// The quote form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct QuoteInput {
    #[serde(default)]
    pub text: String,
}

impl QuoteInput {
    pub fn validate(&self, names: &[String]) -> Result<String, Refusals> {
        let mut errors = Vec::new();
        let text = text_field(&mut errors, "text", &self.text, true, QUOTE_MAX);
        no_names(&mut errors, "text", &text, names);
        if errors.is_empty() {
            Ok(text)
        } else {
            Err(errors)
        }
    }
}

/// The publication form: the day of publication and, when known, the day
/// the MBO Raad discussed the report.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct PublishInput {
    #[serde(default)]
    pub published_on: String,
    #[serde(default)]
    pub discussed_on: String,
}

impl PublishInput {
    pub fn validate(&self, today: Date) -> Result<(Date, Option<Date>), Refusals> {
        let mut errors = Vec::new();
        let published = match parse_day(&self.published_on) {
            Some(d) if d <= today => Some(d),
            Some(_) => {
                errors.push(("published_on", Msg::new("scan-published-on-future")));
                None
            }
            None => {
                errors.push(("published_on", Msg::new("scan-day-invalid")));
                None
            }
        };
        let discussed = discussed_day(&mut errors, &self.discussed_on, published);
        match published {
            Some(p) if errors.is_empty() => Ok((p, discussed)),
            _ => Err(errors),
        }
    }
}

/// The MBO Raad discussion day, empty for none; never before publication.
pub fn discussed_day(errors: &mut Refusals, s: &str, published: Option<Date>) -> Option<Date> {
    if s.trim().is_empty() {
        return None;
    }
    match parse_day(s) {
        Some(d) if published.is_some_and(|p| d < p) => {
            errors.push(("discussed_on", Msg::new("scan-discussed-before-published")));
            None
        }
        Some(d) => Some(d),
        None => {
            errors.push(("discussed_on", Msg::new("scan-day-invalid")));
            None
        }
    }
}

// --- the report ----------------------------------------------------------------------

/// A theme's line in the report.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeCount {
    pub theme_id: i64,
    pub name: String,
    pub retired: bool,
    /// Distinct institutions with an action coded with it.
    pub institutions: u64,
    pub actions: u64,
    /// The institutions by name, only when at least [`MIN_NAMED`].
    pub named: Option<Vec<String>>,
    /// Follow-up actions coded with it, never attributed.
    pub examples: Vec<String>,
}

/// The policy KPI of the round's year (policy part).
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyFigure {
    pub year: i32,
    pub on: Date,
    pub showing: u64,
    pub institutions: u64,
    pub percent: Option<f64>,
}

/// A monitor wave of the same period, with released results.
#[derive(Clone, Debug, PartialEq)]
pub struct WaveLink {
    pub id: i64,
    pub name: String,
}

/// The sector scan report of one round, as every output shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScanReport {
    pub round: Round,
    pub codebook_version: i64,
    pub institutions: u64,
    pub interviews: u64,
    pub actions: u64,
    /// Most institutions first.
    pub themes: Vec<ThemeCount>,
    pub worked: Vec<String>,
    pub not_worked: Vec<String>,
    /// Reviewed quotes only.
    pub quotes: Vec<String>,
    pub policy: Option<PolicyFigure>,
    pub waves: Vec<WaveLink>,
}

/// One theme's institutions (code -> name), actions and examples.
type Tally<'a> = (BTreeMap<&'a str, &'a str>, u64, Vec<&'a str>);

/// Compiles the report of `round` from its records: `records` pairs each
/// interview with its institution's name. Counts are distinct
/// institutions; a theme of fewer than [`MIN_NAMED`] institutions names
/// none; unreviewed quotes are left out; a retired theme appears only when
/// the round used it.
pub fn compile(
    round: &Round,
    codebook_version: i64,
    themes: &[Theme],
    records: &[(String, Interview)],
    policy: Option<PolicyFigure>,
    waves: Vec<WaveLink>,
) -> ScanReport {
    let mut institutions: BTreeSet<&str> = BTreeSet::new();
    let mut per_theme: BTreeMap<i64, Tally<'_>> = BTreeMap::new();
    let mut sorted: Vec<&(String, Interview)> = records.iter().collect();
    sorted.sort_by(|a, b| a.1.institution.cmp(&b.1.institution));
    let mut worked = Vec::new();
    let mut not_worked = Vec::new();
    let mut quotes = Vec::new();
    let mut actions = 0;
    for (name, i) in &sorted {
        institutions.insert(&i.institution);
        for a in &i.actions {
            actions += 1;
            for t in &a.themes {
                let e = per_theme.entry(*t).or_default();
                e.0.insert(&i.institution, name);
                e.1 += 1;
                if e.2.len() < EXAMPLES_PER_THEME {
                    e.2.push(&a.description);
                }
            }
        }
        if !i.worked.is_empty() {
            worked.push(i.worked.clone());
        }
        if !i.not_worked.is_empty() {
            not_worked.push(i.not_worked.clone());
        }
        quotes.extend(
            i.quotes
                .iter()
                .filter(|q| q.is_reviewed())
                .map(|q| q.text.clone()),
        );
    }
    let used: BTreeSet<i64> = per_theme.keys().copied().collect();
    let mut lines: Vec<ThemeCount> = themes
        .iter()
        .filter(|t| !t.is_retired() || used.contains(&t.id))
        .map(|t| {
            let (names, n_actions, examples) = per_theme.remove(&t.id).unwrap_or_default();
            let count = names.len() as u64;
            let mut named: Vec<String> = names.values().map(|n| n.to_string()).collect();
            named.sort();
            ThemeCount {
                theme_id: t.id,
                name: t.name.clone(),
                retired: t.is_retired(),
                institutions: count,
                actions: n_actions,
                named: (count >= MIN_NAMED).then_some(named),
                examples: examples.into_iter().map(str::to_string).collect(),
            }
        })
        .collect();
    lines.sort_by(|a, b| {
        b.institutions
            .cmp(&a.institutions)
            .then_with(|| a.name.cmp(&b.name))
    });
    ScanReport {
        round: round.clone(),
        codebook_version,
        institutions: institutions.len() as u64,
        interviews: records.len() as u64,
        actions,
        themes: lines,
        worked,
        not_worked,
        quotes,
        policy,
        waves,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn round() -> Round {
        Round {
            id: 1,
            name: "Najaar 2024".into(),
            year: 2024,
            state: RoundState::Open,
            created_by: "x".into(),
            created_at: datetime!(2024-09-01 0:00 UTC),
            published_on: None,
            published_by: None,
            codebook_version: None,
            discussed_on: None,
        }
    }

    fn theme(id: i64, name: &str, retired: bool) -> Theme {
        Theme {
            id,
            name: name.into(),
            description: String::new(),
            added_in: 1,
            retired_in: retired.then_some(2),
        }
    }

    fn interview(id: i64, code: &str, actions: &[&[i64]], quotes: &[(&str, bool)]) -> Interview {
        Interview {
            id,
            round_id: 1,
            institution: code.into(),
            held_on: date!(2024 - 10 - 01),
            roles: vec![Respondent::Hr],
            worked: String::new(),
            not_worked: String::new(),
            recorded_by: "x".into(),
            recorded_at: datetime!(2024-10-01 0:00 UTC),
            actions: actions
                .iter()
                .enumerate()
                .map(|(n, t)| FollowUp {
                    id: id * 100 + n as i64,
                    description: format!("actie {id}.{n}"),
                    themes: t.to_vec(),
                })
                .collect(),
            quotes: quotes
                .iter()
                .enumerate()
                .map(|(n, (t, r))| Quote {
                    id: n as i64,
                    text: (*t).into(),
                    reviewed: r.then(|| ("x".into(), datetime!(2024-10-02 0:00 UTC))),
                })
                .collect(),
        }
    }

    #[test]
    fn themes_count_institutions_not_interviews_or_actions() {
        let themes = [
            theme(1, "Scholing", false),
            theme(2, "Beleid", false),
            theme(3, "Oud", true),
            theme(4, "Ongebruikt oud", true),
        ];
        let records = vec![
            (
                "ROC A".to_string(),
                interview(1, "99AA", &[&[1], &[1, 2]], &[]),
            ),
            ("ROC B".to_string(), interview(2, "99AB", &[&[1]], &[])),
            // A second record of A (the store refuses it; the count holds
            // regardless).
            ("ROC A".to_string(), interview(3, "99AA", &[&[1, 3]], &[])),
            ("ROC C".to_string(), interview(4, "99AC", &[&[1]], &[])),
        ];
        let r = compile(&round(), 2, &themes, &records, None, vec![]);
        assert_eq!(r.institutions, 3);
        assert_eq!(r.interviews, 4);
        assert_eq!(r.actions, 5);
        let got: Vec<(&str, u64, u64)> = r
            .themes
            .iter()
            .map(|t| (t.name.as_str(), t.institutions, t.actions))
            .collect();
        assert_eq!(got, [("Scholing", 3, 5), ("Beleid", 1, 1), ("Oud", 1, 1)]);
        assert_eq!(
            r.themes[0].named.as_deref(),
            Some(&["ROC A".to_string(), "ROC B".into(), "ROC C".into()][..])
        );
        assert_eq!(r.themes[1].named, None, "fewer than three: no names");
        assert_eq!(r.themes[2].named, None);
        assert!(r.themes[2].retired);
        assert_eq!(r.themes[0].examples.len(), EXAMPLES_PER_THEME);
    }

    #[test]
    fn only_reviewed_quotes_reach_the_report() {
        let records = vec![(
            "ROC A".to_string(),
            interview(1, "99AA", &[], &[("Gezien", true), ("Niet gezien", false)]),
        )];
        let r = compile(&round(), 1, &[], &records, None, vec![]);
        assert_eq!(r.quotes, ["Gezien"]);
    }

    #[test]
    fn texts_may_not_name_an_institution() {
        let names = vec!["ROC Voorbeeld Noord".to_string(), "99AA".to_string()];
        assert_eq!(
            mentions("Bij roc voorbeeld noord ging het goed", &names),
            Some("ROC Voorbeeld Noord")
        );
        assert_eq!(mentions("Code 99AA!", &names), Some("99AA"));
        assert_eq!(mentions("De 99AAB-regeling", &names), None);
        let q = QuoteInput {
            text: "Bij 99AA leren we veel".into(),
        };
        assert_eq!(q.validate(&names).unwrap_err()[0].0, "text");
    }

    #[test]
    fn a_bad_interview_names_every_field_at_fault() {
        let input = InterviewInput {
            held_on: "2030-01-01".into(),
            roles: vec!["ceo".into()],
            worked: "x".repeat(TEXT_MAX + 1),
            not_worked: String::new(),
        };
        let e = input.validate(date!(2026 - 01 - 01), &[]).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|x| x.0).collect();
        assert_eq!(fields, ["held_on", "roles", "worked"]);
        let ok = InterviewInput {
            held_on: "2024-10-01".into(),
            roles: vec!["hr".into(), "teacher".into(), "hr".into()],
            ..Default::default()
        }
        .validate(date!(2026 - 01 - 01), &[])
        .unwrap();
        assert_eq!(ok.roles, [Respondent::Hr, Respondent::Teacher]);
    }

    #[test]
    fn an_action_needs_a_current_theme() {
        let themes = [theme(1, "Scholing", false), theme(2, "Oud", true)];
        let a = ActionInput {
            description: "Studiedag".into(),
            themes: vec!["2".into()],
        };
        assert_eq!(a.validate(&themes, &[]).unwrap_err()[0].0, "themes");
        let none = ActionInput {
            description: "Studiedag".into(),
            themes: vec![],
        };
        assert_eq!(none.validate(&themes, &[]).unwrap_err()[0].0, "themes");
        let ok = ActionInput {
            description: "Studiedag".into(),
            themes: vec!["1".into()],
        };
        assert_eq!(
            ok.validate(&themes, &[]).unwrap(),
            ("Studiedag".into(), vec![1])
        );
    }

    #[test]
    fn roles_round_trip_and_the_discussion_follows_publication() {
        let r = [Respondent::Board, Respondent::SecurityOfficer];
        assert_eq!(Respondent::split(&Respondent::join(&r)).unwrap(), r);
        let e = PublishInput {
            published_on: "2024-12-01".into(),
            discussed_on: "2024-11-01".into(),
        }
        .validate(date!(2025 - 01 - 01))
        .unwrap_err();
        assert_eq!(e[0].0, "discussed_on");
    }
}

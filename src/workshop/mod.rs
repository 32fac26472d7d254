//! The research workshops of speerpunt C (issue 15, items 1-3): the
//! onderzoekswerkplaats "Digitaal Bekwaam", where teacher-researchers
//! (onderzoekdocenten), guided by educationalists (onderwijskundigen), run
//! design-thinking experiments on ict-competence and digital safety, and
//! the requests for experiments that the networks send them.
//!
//! A workshop meets like a network, so it is stored as a network of kind
//! [`Kind::Workshop`](crate::networks::Kind::Workshop) with a region: its
//! members, meetings, attendance, month grid, exports and calendar are the
//! networks part's. This part adds what only a workshop has, as rules of
//! its own types:
//!
//! - the plan's composition, checked live from the current members
//!   ([`staffing`]): "tenminste 8 docenten en 2 onderwijskundigen die
//!   namens 10 mbo-instellingen participeren", and per experiment
//!   ([`TeamCheck`]): "door tenminste 5 onderzoekdocenten, onder begeleiding
//!   van tenminste 1 onderwijskundige";
//! - rotation ([`rotation`]): "Na deelname van maximaal twee jaar wordt er
//!   gewisseld van samenstelling", flagged three months ahead;
//! - experiments with the five modes of design thinking ([`Phase`]) and a
//!   status that moves forward ([`Status::may_become`]); publishing needs
//!   results, conclusions and a complete team;
//! - requests from the IBP, IM and DD&VDO networks or the steering group,
//!   triaged by the workshop's lead ([`DecisionInput`]).
//!
//! Pure: no I/O, no clock.

pub mod demo;
pub mod kpi;
pub mod routes;
pub mod service;
pub mod store;

use time::{Date, Month};

use crate::i18n::Msg;
use crate::networks::{Errors, MemberFacts, NAME_MAX, Role, TEXT_MAX, date_field, required};

/// "Na deelname van maximaal twee jaar wordt er gewisseld".
pub const ROTATION_YEARS: i32 = 2;
/// Members approaching the end are flagged this many months ahead.
pub const ROTATION_NOTICE_MONTHS: u8 = 3;
/// "tenminste 8 docenten en 2 onderwijskundigen die namens 10
/// mbo-instellingen participeren".
pub const STAFF_RESEARCHERS: usize = 8;
pub const STAFF_EDUCATIONALISTS: usize = 2;
pub const STAFF_INSTITUTIONS: usize = 10;
/// "experimenten worden verricht door tenminste 5 onderzoekdocenten, onder
/// begeleiding van tenminste 1 onderwijskundige".
pub const EXPERIMENT_RESEARCHERS: usize = 5;
pub const LINK_MAX: usize = 500;

/// `d` plus `years`; 29 February becomes 28 February in a common year.
pub fn add_years(d: Date, years: i32) -> Date {
    let y = d.year() + years;
    let day = d.day().min(d.month().length(y));
    Date::from_calendar_date(y, d.month(), day).unwrap_or(Date::MAX)
}

/// `d` minus `months`, on the same day of the month or the month's last.
pub fn sub_months(d: Date, months: u8) -> Date {
    let mut y = d.year();
    let mut m = d.month();
    for _ in 0..months {
        if m == Month::January {
            y -= 1;
        }
        m = m.previous();
    }
    let day = d.day().min(m.length(y));
    Date::from_calendar_date(y, m, day).unwrap_or(Date::MIN)
}

/// Where a member stands in the two-year rotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rotation {
    /// Participating, more than three months before the end.
    Current { due: Date },
    /// Within three months of the end (the end day included).
    DueSoon { due: Date },
    /// Past two years and still a member.
    Overdue { due: Date },
    /// No longer a member.
    Left,
}

impl Rotation {
    pub fn as_str(self) -> &'static str {
        match self {
            Rotation::Current { .. } => "current",
            Rotation::DueSoon { .. } => "due-soon",
            Rotation::Overdue { .. } => "overdue",
            Rotation::Left => "left",
        }
    }
}

/// A member who joined on `joined_on` may take part until two years later
/// (that day included); three months before, they are flagged.
pub fn rotation(joined_on: Date, left_on: Option<Date>, today: Date) -> Rotation {
    if left_on.is_some_and(|l| l <= today) {
        return Rotation::Left;
    }
    let due = add_years(joined_on, ROTATION_YEARS);
    if today > due {
        Rotation::Overdue { due }
    } else if today >= sub_months(due, ROTATION_NOTICE_MONTHS) {
        Rotation::DueSoon { due }
    } else {
        Rotation::Current { due }
    }
}

/// The workshop's composition against the plan's staffing rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staffing {
    pub researchers: usize,
    pub educationalists: usize,
    /// Distinct mbo institutions the current researchers and
    /// educationalists take part for.
    pub institutions: usize,
}

impl Staffing {
    pub fn met(self) -> bool {
        self.researchers >= STAFF_RESEARCHERS
            && self.educationalists >= STAFF_EDUCATIONALISTS
            && self.institutions >= STAFF_INSTITUTIONS
    }
}

pub fn staffing(members: &[MemberFacts<'_>]) -> Staffing {
    let current: Vec<_> = members.iter().filter(|m| m.current).collect();
    let count = |r: Role| current.iter().filter(|m| m.role == r).count();
    let mut codes: Vec<&str> = current
        .iter()
        .filter(|m| matches!(m.role, Role::Researcher | Role::Educationalist))
        .filter_map(|m| m.institution)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    Staffing {
        researchers: count(Role::Researcher),
        educationalists: count(Role::Educationalist),
        institutions: codes.len(),
    }
}

/// An experiment's team against "tenminste 5 onderzoekdocenten, onder
/// begeleiding van tenminste 1 onderwijskundige".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TeamCheck {
    pub researchers: usize,
    pub educationalist: bool,
}

impl TeamCheck {
    pub fn met(self) -> bool {
        self.researchers >= EXPERIMENT_RESEARCHERS && self.educationalist
    }
}

/// The five modes of design thinking (d.school).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Empathise,
    Define,
    Ideate,
    Prototype,
    Test,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Empathise,
        Phase::Define,
        Phase::Ideate,
        Phase::Prototype,
        Phase::Test,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Empathise => "empathise",
            Phase::Define => "define",
            Phase::Ideate => "ideate",
            Phase::Prototype => "prototype",
            Phase::Test => "test",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn key(self) -> String {
        format!("experiment-phase-{}", self.as_str())
    }
}

/// An experiment's status. It moves forward one step at a time; a finished
/// experiment may be reopened; a published one is final (it is a public
/// item of the library).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Idea,
    Running,
    Finished,
    Published,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Idea,
        Status::Running,
        Status::Finished,
        Status::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Idea => "idea",
            Status::Running => "running",
            Status::Finished => "finished",
            Status::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn key(self) -> String {
        format!("experiment-status-{}", self.as_str())
    }

    pub fn may_become(self, next: Status) -> bool {
        use Status::*;
        self == next
            || matches!(
                (self, next),
                (Idea, Running) | (Running, Finished) | (Finished, Running) | (Finished, Published)
            )
    }

    /// Whether the experiment can still be changed.
    pub fn editable(self) -> bool {
        self != Status::Published
    }
}

/// What an experiment is about: the plan's two themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    IctCompetence,
    DigitalSafety,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::IctCompetence, Theme::DigitalSafety];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::IctCompetence => "ict_competence",
            Theme::DigitalSafety => "digital_safety",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn key(self) -> String {
        format!("experiment-theme-{}", self.as_str().replace('_', "-"))
    }
}

/// A workshop's member as the experiment form checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub role: Role,
    pub current: bool,
}

/// An experiment, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Experiment {
    pub title: String,
    pub question: String,
    pub theme: Theme,
    pub educationalist: Option<i64>,
    pub researchers: Vec<i64>,
    pub domains: Vec<String>,
    pub phase: Phase,
    pub status: Status,
    pub results: Option<String>,
    pub conclusions: Option<String>,
}

impl Experiment {
    pub fn team(&self) -> TeamCheck {
        TeamCheck {
            researchers: self.researchers.len(),
            educationalist: self.educationalist.is_some(),
        }
    }
}

/// The experiment form as sent: repeated `researcher` and `domain` fields.
#[derive(Clone, Debug, Default)]
pub struct ExperimentInput {
    pub title: String,
    pub question: String,
    pub theme: String,
    pub educationalist: String,
    pub researchers: Vec<String>,
    pub domains: Vec<String>,
    pub phase: String,
    pub status: String,
    pub results: String,
    pub conclusions: String,
}

fn optional_text(errors: &mut Errors, field: &'static str, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        None
    } else if v.chars().count() > TEXT_MAX {
        errors.push((field, Msg::new("network-field-long").arg("max", TEXT_MAX)));
        None
    } else {
        Some(v.to_string())
    }
}

impl ExperimentInput {
    /// `members` are the workshop's; `domains` the monitor's domain ids;
    /// `was` the stored status (`None` for a new experiment, which starts
    /// as an idea or running).
    pub fn validate(
        &self,
        members: &[Candidate],
        domains: &[String],
        was: Option<Status>,
    ) -> Result<Experiment, Errors> {
        let mut errors = Vec::new();
        let title = required(&mut errors, "title", &self.title, NAME_MAX);
        let question = required(&mut errors, "question", &self.question, TEXT_MAX);
        let theme = Theme::parse(self.theme.trim());
        if theme.is_none() {
            errors.push(("theme", Msg::new("experiment-theme-choose")));
        }
        let member = |id: &str, role: Role| {
            id.trim()
                .parse::<i64>()
                .ok()
                .filter(|id| members.iter().any(|m| m.id == *id && m.role == role))
        };
        let educationalist = match self.educationalist.trim() {
            "" => None,
            id => {
                let found = member(id, Role::Educationalist);
                if found.is_none() {
                    errors.push((
                        "educationalist",
                        Msg::new("experiment-educationalist-unknown"),
                    ));
                }
                found
            }
        };
        let mut researchers = Vec::new();
        for id in self.researchers.iter().filter(|r| !r.trim().is_empty()) {
            match member(id, Role::Researcher) {
                Some(id) if !researchers.contains(&id) => researchers.push(id),
                Some(_) => {}
                None => {
                    errors.push(("researchers", Msg::new("experiment-researcher-unknown")));
                    break;
                }
            }
        }
        let mut chosen = Vec::new();
        for d in self
            .domains
            .iter()
            .map(|d| d.trim())
            .filter(|d| !d.is_empty())
        {
            if !domains.iter().any(|k| k == d) {
                errors.push(("domains", Msg::new("experiment-domain-unknown")));
                break;
            }
            if !chosen.iter().any(|c: &String| c == d) {
                chosen.push(d.to_string());
            }
        }
        let phase = Phase::parse(self.phase.trim());
        if phase.is_none() {
            errors.push(("phase", Msg::new("experiment-phase-choose")));
        }
        let status = Status::parse(self.status.trim());
        match (was, status) {
            (_, None) => errors.push(("status", Msg::new("experiment-status-choose"))),
            (None, Some(s)) if !matches!(s, Status::Idea | Status::Running) => {
                errors.push(("status", Msg::new("experiment-status-new")))
            }
            (Some(w), Some(s)) if !w.may_become(s) => errors.push((
                "status",
                Msg::new("experiment-status-step")
                    .arg("from", w.as_str())
                    .arg("to", s.as_str()),
            )),
            _ => {}
        }
        let results = optional_text(&mut errors, "results", &self.results);
        let conclusions = optional_text(&mut errors, "conclusions", &self.conclusions);
        if matches!(status, Some(Status::Finished | Status::Published)) && results.is_none() {
            errors.push(("results", Msg::new("experiment-results-needed")));
        }
        if status == Some(Status::Published) {
            if conclusions.is_none() {
                errors.push(("conclusions", Msg::new("experiment-conclusions-needed")));
            }
            let team = TeamCheck {
                researchers: researchers.len(),
                educationalist: educationalist.is_some(),
            };
            if !team.met() {
                errors.push((
                    "researchers",
                    Msg::new("experiment-team-short")
                        .arg("researchers", team.researchers)
                        .arg("min", EXPERIMENT_RESEARCHERS),
                ));
            }
        }
        match (theme, phase, status) {
            (Some(theme), Some(phase), Some(status)) if errors.is_empty() => Ok(Experiment {
                title,
                question,
                theme,
                educationalist,
                researchers,
                domains: chosen,
                phase,
                status,
                results,
                conclusions,
            }),
            _ => Err(errors),
        }
    }
}

/// A dated entry of the design-thinking log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub phase: Phase,
    pub logged_on: Date,
    pub done: String,
    pub learned: String,
    /// A link to an attachment kept elsewhere (the institution's own file
    /// store), http(s) only.
    pub link: Option<String>,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct LogInput {
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub logged_on: String,
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub learned: String,
    #[serde(default)]
    pub link: String,
}

impl LogInput {
    pub fn validate(&self, today: Date) -> Result<LogEntry, Errors> {
        let mut errors = Vec::new();
        let phase = Phase::parse(self.phase.trim());
        if phase.is_none() {
            errors.push(("phase", Msg::new("experiment-phase-choose")));
        }
        let logged_on = date_field(&mut errors, "logged_on", &self.logged_on);
        if logged_on.is_some_and(|d| d > today) {
            errors.push(("logged_on", Msg::new("experiment-log-future")));
        }
        let done = required(&mut errors, "done", &self.done, TEXT_MAX);
        let learned = required(&mut errors, "learned", &self.learned, TEXT_MAX);
        let link = match self.link.trim() {
            "" => None,
            l if (l.starts_with("https://") || l.starts_with("http://"))
                && l.len() <= LINK_MAX
                && !l.chars().any(char::is_whitespace) =>
            {
                Some(l.to_string())
            }
            _ => {
                errors.push(("link", Msg::new("experiment-link-invalid")));
                None
            }
        };
        match (phase, logged_on) {
            (Some(phase), Some(logged_on)) if errors.is_empty() => Ok(LogEntry {
                phase,
                logged_on,
                done,
                learned,
                link,
            }),
            _ => Err(errors),
        }
    }
}

/// Who asks: a network (IBP, IM, DD&VDO) or the steering group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requester {
    Network(i64),
    SteeringGroup,
}

/// A request for an experiment, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub from: Requester,
    pub question: String,
    pub requested_on: Date,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct RequestInput {
    /// A network id, or "steering_group".
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub requested_on: String,
}

pub const STEERING_GROUP: &str = "steering_group";

impl RequestInput {
    /// `may_ask` are the requesters this user may ask for.
    pub fn validate(&self, may_ask: &[Requester], today: Date) -> Result<Request, Errors> {
        let mut errors = Vec::new();
        let from = match self.from.trim() {
            STEERING_GROUP => Some(Requester::SteeringGroup),
            id => id.parse().ok().map(Requester::Network),
        }
        .filter(|r| may_ask.contains(r));
        if from.is_none() {
            errors.push(("from", Msg::new("request-from-choose")));
        }
        let question = required(&mut errors, "question", &self.question, TEXT_MAX);
        let requested_on = date_field(&mut errors, "requested_on", &self.requested_on);
        if requested_on.is_some_and(|d| d > today) {
            errors.push(("requested_on", Msg::new("request-date-future")));
        }
        match (from, requested_on) {
            (Some(from), Some(requested_on)) if errors.is_empty() => Ok(Request {
                from,
                question,
                requested_on,
            }),
            _ => Err(errors),
        }
    }
}

/// A request's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestState {
    Pending,
    /// Answered by this experiment.
    Accepted(i64),
    Declined(String),
}

impl RequestState {
    pub fn as_str(&self) -> &'static str {
        match self {
            RequestState::Pending => "pending",
            RequestState::Accepted(_) => "accepted",
            RequestState::Declined(_) => "declined",
        }
    }
}

/// The lead's triage.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct DecisionInput {
    /// "accept" or "decline".
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub experiment: String,
    #[serde(default)]
    pub reason: String,
}

impl DecisionInput {
    /// `experiments` are the ids of the workshop's experiments.
    pub fn validate(&self, experiments: &[i64]) -> Result<RequestState, Errors> {
        let mut errors = Vec::new();
        let state = match self.decision.trim() {
            "accept" => {
                let id = self
                    .experiment
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|id| experiments.contains(id));
                match id {
                    Some(id) => Some(RequestState::Accepted(id)),
                    None => {
                        errors.push(("experiment", Msg::new("request-experiment-choose")));
                        None
                    }
                }
            }
            "decline" => {
                let reason = required(&mut errors, "reason", &self.reason, TEXT_MAX);
                errors.is_empty().then_some(RequestState::Declined(reason))
            }
            _ => {
                errors.push(("decision", Msg::new("request-decision-choose")));
                None
            }
        };
        match state {
            Some(s) if errors.is_empty() => Ok(s),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn rotation_flags_three_months_ahead_and_overdue_after_two_years() {
        let joined = date!(2024 - 09 - 01);
        let due = date!(2026 - 09 - 01);
        assert_eq!(
            rotation(joined, None, date!(2026 - 05 - 31)),
            Rotation::Current { due }
        );
        assert_eq!(
            rotation(joined, None, date!(2026 - 06 - 01)),
            Rotation::DueSoon { due },
            "three months ahead"
        );
        assert_eq!(
            rotation(joined, None, date!(2026 - 08 - 31)),
            Rotation::DueSoon { due },
            "two years minus a day"
        );
        assert_eq!(
            rotation(joined, None, due),
            Rotation::DueSoon { due },
            "the last day of two years"
        );
        assert_eq!(
            rotation(joined, None, date!(2026 - 09 - 02)),
            Rotation::Overdue { due },
            "two years plus a day"
        );
        assert_eq!(
            rotation(joined, Some(date!(2026 - 07 - 01)), date!(2026 - 12 - 03)),
            Rotation::Left
        );
        // A leap day rotates on 28 February.
        assert_eq!(add_years(date!(2024 - 02 - 29), 2), date!(2026 - 02 - 28));
        assert_eq!(sub_months(date!(2026 - 05 - 31), 3), date!(2026 - 02 - 28));
        assert_eq!(sub_months(date!(2026 - 02 - 15), 3), date!(2025 - 11 - 15));
    }

    fn facts(role: Role, inst: &'static str, current: bool) -> MemberFacts<'static> {
        MemberFacts {
            role,
            institution: Some(inst),
            current,
        }
    }

    #[test]
    fn staffing_needs_8_researchers_2_educationalists_from_10_institutions() {
        let codes = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];
        let mut members: Vec<_> = codes[..8]
            .iter()
            .map(|c| facts(Role::Researcher, c, true))
            .collect();
        members.push(facts(Role::Educationalist, "I", true));
        members.push(facts(Role::Educationalist, "J", true));
        members.push(facts(Role::Expert, "K", true));
        let s = staffing(&members);
        assert_eq!(
            (s.researchers, s.educationalists, s.institutions),
            (8, 2, 10)
        );
        assert!(s.met());
        // One researcher leaves: 7 researchers, 9 institutions.
        members[0].current = false;
        let s = staffing(&members);
        assert_eq!((s.researchers, s.institutions), (7, 9));
        assert!(!s.met());
        // A ninth researcher from an institution already there: 8, still 9.
        members.push(facts(Role::Researcher, "B", true));
        let s = staffing(&members);
        assert_eq!((s.researchers, s.institutions), (8, 9));
        assert!(!s.met(), "the expert's institution does not count");
    }

    fn candidates() -> Vec<Candidate> {
        let mut c: Vec<_> = (1..=6)
            .map(|id| Candidate {
                id,
                role: Role::Researcher,
                current: true,
            })
            .collect();
        c.push(Candidate {
            id: 7,
            role: Role::Educationalist,
            current: true,
        });
        c
    }

    fn input(researchers: &[i64], status: &str) -> ExperimentInput {
        ExperimentInput {
            title: "Phishing in de les".into(),
            question: "Helpt een nagespeelde phishingmail?".into(),
            theme: "digital_safety".into(),
            educationalist: "7".into(),
            researchers: researchers.iter().map(|r| r.to_string()).collect(),
            domains: vec!["veiligheid".into()],
            phase: "test".into(),
            status: status.into(),
            results: "Resultaat".into(),
            conclusions: "Conclusie".into(),
        }
    }

    #[test]
    fn publishing_needs_five_researchers_and_an_educationalist() {
        let domains = vec!["veiligheid".to_string()];
        let four = input(&[1, 2, 3, 4], "published");
        let errors = four
            .validate(&candidates(), &domains, Some(Status::Finished))
            .unwrap_err();
        assert_eq!(errors[0].0, "researchers");
        assert_eq!(errors[0].1.key, "experiment-team-short");
        let five = input(&[1, 2, 3, 4, 5], "published");
        let e = five
            .validate(&candidates(), &domains, Some(Status::Finished))
            .unwrap();
        assert!(e.team().met());
        let mut alone = five.clone();
        alone.educationalist = String::new();
        assert!(
            alone
                .validate(&candidates(), &domains, Some(Status::Finished))
                .is_err()
        );
        // Running with four is fine: the check is shown, enforced at publishing.
        assert!(
            input(&[1, 2, 3, 4], "running")
                .validate(&candidates(), &domains, Some(Status::Idea))
                .is_ok()
        );
    }

    #[test]
    fn the_status_moves_forward_and_a_published_experiment_is_final() {
        assert!(Status::Idea.may_become(Status::Running));
        assert!(!Status::Idea.may_become(Status::Published));
        assert!(Status::Finished.may_become(Status::Running));
        assert!(!Status::Published.may_become(Status::Finished));
        let domains = vec!["veiligheid".to_string()];
        let errors = input(&[1, 2, 3, 4, 5], "published")
            .validate(&candidates(), &domains, None)
            .unwrap_err();
        assert_eq!(errors[0].1.key, "experiment-status-new");
        let errors = input(&[1, 2, 3, 4, 5], "finished")
            .validate(&candidates(), &domains, Some(Status::Idea))
            .unwrap_err();
        assert_eq!(errors[0].1.key, "experiment-status-step");
    }

    #[test]
    fn an_experiment_names_every_field_at_fault() {
        let bad = ExperimentInput {
            educationalist: "1".into(),
            researchers: vec!["7".into()],
            domains: vec!["nope".into()],
            status: "finished".into(),
            ..Default::default()
        };
        let fields: Vec<_> = bad
            .validate(&candidates(), &[], Some(Status::Running))
            .unwrap_err()
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(
            fields,
            [
                "title",
                "question",
                "theme",
                "educationalist",
                "researchers",
                "domains",
                "phase",
                "results"
            ]
        );
    }

    #[test]
    fn a_log_entry_is_dated_no_later_than_today_and_links_only_to_the_web() {
        let today = date!(2026 - 12 - 03);
        let ok = LogInput {
            phase: "ideate".into(),
            logged_on: "2026-12-03".into(),
            done: "Brainstorm".into(),
            learned: "Veel ideeën".into(),
            link: "https://example.org/bestand.pdf".into(),
        };
        assert_eq!(ok.validate(today).unwrap().phase, Phase::Ideate);
        let bad = LogInput {
            logged_on: "2026-12-04".into(),
            link: "javascript:alert(1)".into(),
            ..ok.clone()
        };
        let fields: Vec<_> = bad
            .validate(today)
            .unwrap_err()
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(fields, ["logged_on", "link"]);
    }

    #[test]
    fn a_request_comes_from_whom_the_user_may_ask_for_and_triage_needs_an_answer() {
        let today = date!(2026 - 12 - 03);
        let may = [Requester::Network(3)];
        let input = RequestInput {
            from: "3".into(),
            question: "Kunnen jullie onderzoeken hoe docenten wachtwoorden leren?".into(),
            requested_on: "2026-11-01".into(),
        };
        assert_eq!(
            input.validate(&may, today).unwrap().from,
            Requester::Network(3)
        );
        let other = RequestInput {
            from: STEERING_GROUP.into(),
            ..input.clone()
        };
        assert_eq!(other.validate(&may, today).unwrap_err()[0].0, "from");
        let decline = DecisionInput {
            decision: "decline".into(),
            ..Default::default()
        };
        assert_eq!(decline.validate(&[1]).unwrap_err()[0].0, "reason");
        let accept = DecisionInput {
            decision: "accept".into(),
            experiment: "2".into(),
            ..Default::default()
        };
        assert_eq!(accept.validate(&[1]).unwrap_err()[0].0, "experiment");
        let accept = DecisionInput {
            experiment: "1".into(),
            ..accept
        };
        assert_eq!(accept.validate(&[1]).unwrap(), RequestState::Accepted(1));
    }
}

//! The networks of speerpunten C and D (issue 15, items 4-6): the monitor's
//! knowledge network, DD&VDO, IBP, IM, the hr-directors network and the
//! IBP knowledge circle of teachers; their members with organisation and
//! role; their meetings with attendance and minutes.
//!
//! The plan's frequency targets are rules of the network's kind
//! ([`Kind::frequency`]): the knowledge network "twee bijeenkomsten" a
//! school year, DD&VDO "maandelijkse bijeenkomsten". The knowledge circle
//! asks "tenminste 5 docenten van verschillende mbo-instellingen", checked
//! live from the current members ([`circle_check`]).
//!
//! A meeting belongs to an owner: the `meetings` table has a nullable
//! `network_id` now; the workshop part adds a nullable `workshop_id` with a
//! CHECK that exactly one of the two is set, so one table, one attendance
//! table and one export serve both.
//!
//! Pure: no I/O, no clock. [`store`] keeps the data with its audit entries,
//! [`kpi`] feeds `networks.ddvdo_meetings_per_month` and
//! `networks.knowledge_network_meetings_per_year`.

pub mod calendar;
pub mod calendar_routes;
pub mod demo;
pub mod events;
pub mod events_routes;
pub mod events_store;
pub mod kpi;
pub mod routes;
pub mod service;
pub mod store;

use serde::Deserialize;
use time::{Date, Month};

use crate::i18n::Msg;

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 20_000;
/// "tenminste 5 docenten van verschillende mbo-instellingen".
pub const CIRCLE_MIN_INSTITUTIONS: usize = 5;

/// Which network of the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The monitor's knowledge network Leren en lesgeven met ict
    /// (iXperium/CoE, Kennisnet, MBO Digitaal, MBO Raad, OCW).
    KnowledgeNetwork,
    /// Digitale Didactiek & Veilig Digitaal Onderwijs.
    Ddvdo,
    Ibp,
    Im,
    HrDirectors,
    /// The IBP knowledge circle of teachers.
    IbpCircle,
    /// A research workshop (onderzoekswerkplaats): it meets like a network,
    /// and the `workshop` part keeps its experiments and requests.
    Workshop,
}

/// Over which window a frequency target counts meetings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    SchoolYear,
    Month,
}

/// A frequency target of the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frequency {
    pub per: Per,
    pub target: usize,
    /// The plan's sentence.
    pub quote: &'static str,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::KnowledgeNetwork,
        Kind::Ddvdo,
        Kind::Ibp,
        Kind::Im,
        Kind::HrDirectors,
        Kind::IbpCircle,
        Kind::Workshop,
    ];

    /// The kinds the network form creates; a workshop is created by the
    /// workshop part, with its region.
    pub const NETWORKS: [Kind; 6] = [
        Kind::KnowledgeNetwork,
        Kind::Ddvdo,
        Kind::Ibp,
        Kind::Im,
        Kind::HrDirectors,
        Kind::IbpCircle,
    ];

    /// The networks that may ask a workshop for an experiment: "Vanuit het
    /// IBP- en IM-netwerk kunnen er ook verzoeken ingediend worden voor een
    /// specifiek experiment"; DD&VDO is the expert network built around the
    /// workshops.
    pub fn may_request_experiments(self) -> bool {
        matches!(self, Kind::Ibp | Kind::Im | Kind::Ddvdo)
    }

    /// The roles its members can have.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Kind::Workshop => &[Role::Researcher, Role::Educationalist, Role::Expert],
            _ => &[Role::Chair, Role::Member, Role::Teacher, Role::Adviser],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::KnowledgeNetwork => "knowledge_network",
            Kind::Ddvdo => "ddvdo",
            Kind::Ibp => "ibp",
            Kind::Im => "im",
            Kind::HrDirectors => "hr_directors",
            Kind::IbpCircle => "ibp_circle",
            Kind::Workshop => "workshop",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Its catalogue key.
    pub fn key(self) -> String {
        format!("network-kind-{}", self.as_str().replace('_', "-"))
    }

    /// The plan's frequency target, for the kinds that have one.
    pub fn frequency(self) -> Option<Frequency> {
        match self {
            Kind::KnowledgeNetwork => Some(Frequency {
                per: Per::SchoolYear,
                target: 2,
                quote: "organisatie van twee bijeenkomsten met het kennisnetwerk Leren en \
                        lesgeven met ict",
            }),
            Kind::Ddvdo => Some(Frequency {
                per: Per::Month,
                target: 1,
                quote: "organisatie van maandelijkse bijeenkomsten van het nieuwe netwerk \
                        Digitale Didactiek & Veilig Digitaal Onderwijs",
            }),
            Kind::Workshop => Some(Frequency {
                per: Per::Month,
                target: 2,
                quote: "organisatie van twee bijeenkomsten per maand voor de \
                        onderzoekswerkplaats",
            }),
            _ => None,
        }
    }
}

/// A school year, 1 August - 31 July, by the year it starts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolYear(pub i32);

impl SchoolYear {
    pub fn of(day: Date) -> SchoolYear {
        if day.month() >= Month::August {
            SchoolYear(day.year())
        } else {
            SchoolYear(day.year() - 1)
        }
    }

    pub fn starts(self) -> Date {
        Date::from_calendar_date(self.0, Month::August, 1).unwrap_or(Date::MIN)
    }

    pub fn ends(self) -> Date {
        Date::from_calendar_date(self.0 + 1, Month::July, 31).unwrap_or(Date::MAX)
    }

    /// "2024-2025".
    pub fn label(self) -> String {
        format!("{}-{}", self.0, self.0 + 1)
    }

    /// Its twelve months, August first.
    pub fn months(self) -> [(i32, Month); 12] {
        let mut out = [(self.0, Month::August); 12];
        let mut m = Month::August;
        let mut y = self.0;
        for slot in &mut out {
            *slot = (y, m);
            if m == Month::December {
                y += 1;
            }
            m = m.next();
        }
        out
    }
}

/// The last day of a month.
pub fn month_end(year: i32, month: Month) -> Date {
    let days = month.length(year);
    Date::from_calendar_date(year, month, days).unwrap_or(Date::MAX)
}

/// A month of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Before the network started.
    BeforeStart,
    /// Enough meetings (the month's share of the target).
    Met,
    /// Over, without enough meetings.
    Missed,
    /// Running: some meetings, not yet enough (may still be met).
    Running,
    /// Not begun yet.
    Future,
}

impl Cell {
    pub fn as_str(self) -> &'static str {
        match self {
            Cell::BeforeStart => "before-start",
            Cell::Met => "met",
            Cell::Missed => "missed",
            Cell::Running => "running",
            Cell::Future => "future",
        }
    }
}

/// One month of the grid with its meeting count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GridMonth {
    pub year: i32,
    pub month: Month,
    pub meetings: usize,
    pub cell: Cell,
}

/// A school year's months for a network that started on `started` with
/// meetings on `dates`, as of `today`. A month is met with at least one
/// meeting; for a per-month target with at least that target.
pub fn month_grid(
    year: SchoolYear,
    started: Date,
    dates: &[Date],
    freq: Option<Frequency>,
    today: Date,
) -> Vec<GridMonth> {
    let need = match freq {
        Some(Frequency {
            per: Per::Month,
            target,
            ..
        }) => target.max(1),
        _ => 1,
    };
    year.months()
        .into_iter()
        .map(|(y, m)| {
            let first = Date::from_calendar_date(y, m, 1).unwrap_or(Date::MIN);
            let last = month_end(y, m);
            let meetings = dates.iter().filter(|d| **d >= first && **d <= last).count();
            let cell = if last < started {
                Cell::BeforeStart
            } else if meetings >= need {
                Cell::Met
            } else if first > today {
                Cell::Future
            } else if last >= today {
                Cell::Running
            } else {
                Cell::Missed
            };
            GridMonth {
                year: y,
                month: m,
                meetings,
                cell,
            }
        })
        .collect()
}

/// How a network stands against its frequency target in a school year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearStatus {
    pub meetings: usize,
    /// Months met and months that are over without enough meetings
    /// (per-month targets only).
    pub months_met: usize,
    pub months_missed: usize,
    pub met: bool,
}

pub fn year_status(grid: &[GridMonth], freq: Frequency) -> YearStatus {
    let meetings = grid.iter().map(|g| g.meetings).sum();
    let months_met = grid.iter().filter(|g| g.cell == Cell::Met).count();
    let months_missed = grid.iter().filter(|g| g.cell == Cell::Missed).count();
    let met = match freq.per {
        Per::SchoolYear => meetings >= freq.target,
        Per::Month => months_missed == 0,
    };
    YearStatus {
        meetings,
        months_met,
        months_missed,
        met,
    }
}

/// A member's role in a network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Chair,
    Member,
    Teacher,
    Adviser,
    /// Onderzoekdocent: a teacher-researcher of a workshop.
    Researcher,
    /// Onderwijskundige: guides the teacher-researchers.
    Educationalist,
    Expert,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Chair,
        Role::Member,
        Role::Teacher,
        Role::Adviser,
        Role::Researcher,
        Role::Educationalist,
        Role::Expert,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::Member => "member",
            Role::Teacher => "teacher",
            Role::Adviser => "adviser",
            Role::Researcher => "researcher",
            Role::Educationalist => "educationalist",
            Role::Expert => "expert",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn key(self) -> String {
        format!("network-role-{}", self.as_str())
    }
}

/// What the circle check needs of a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberFacts<'a> {
    pub role: Role,
    /// The mbo institution's code, when the member works at one.
    pub institution: Option<&'a str>,
    pub current: bool,
}

/// The knowledge circle's live check: current teacher members and the
/// distinct mbo institutions they come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CircleCheck {
    pub teachers: usize,
    pub institutions: usize,
}

impl CircleCheck {
    /// "tenminste 5 docenten van verschillende mbo-instellingen": five
    /// teachers from five different institutions.
    pub fn met(self) -> bool {
        self.institutions >= CIRCLE_MIN_INSTITUTIONS
    }
}

pub fn circle_check(members: &[MemberFacts<'_>]) -> CircleCheck {
    let teachers: Vec<_> = members
        .iter()
        .filter(|m| m.current && m.role == Role::Teacher)
        .collect();
    let mut codes: Vec<&str> = teachers.iter().filter_map(|m| m.institution).collect();
    codes.sort_unstable();
    codes.dedup();
    CircleCheck {
        teachers: teachers.len(),
        institutions: codes.len(),
    }
}

/// Form errors: the field and the sentence.
pub type Errors = Vec<(&'static str, Msg)>;

pub(crate) fn required(
    errors: &mut Errors,
    field: &'static str,
    value: &str,
    max: usize,
) -> String {
    let v = value.trim().to_string();
    if v.is_empty() {
        errors.push((field, Msg::new("network-field-missing")));
    } else if v.chars().count() > max {
        errors.push((field, Msg::new("network-field-long").arg("max", max)));
    }
    v
}

pub(crate) fn date_field(errors: &mut Errors, field: &'static str, value: &str) -> Option<Date> {
    let v = value.trim();
    if v.is_empty() {
        errors.push((field, Msg::new("network-date-missing")));
        return None;
    }
    let parsed = Date::parse(v, time::macros::format_description!("[year]-[month]-[day]")).ok();
    if parsed.is_none() {
        errors.push((field, Msg::new("network-date-invalid")));
    }
    parsed
}

/// A network, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub kind: Kind,
    pub name: String,
    pub started_on: Date,
    /// A workshop's region ("verdeeld over het land"); `None` for the
    /// other kinds.
    pub region: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NetworkInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub started_on: String,
}

impl NetworkInput {
    pub fn validate(&self, today: Date) -> Result<Network, Errors> {
        let mut errors = Vec::new();
        let kind = Kind::parse(self.kind.trim()).filter(|k| Kind::NETWORKS.contains(k));
        if kind.is_none() {
            errors.push(("kind", Msg::new("network-kind-choose")));
        }
        let name = required(&mut errors, "name", &self.name, NAME_MAX);
        let started_on = date_field(&mut errors, "started_on", &self.started_on);
        if let Some(d) = started_on
            && d > today
        {
            errors.push(("started_on", Msg::new("network-started-future")));
        }
        match (kind, started_on) {
            (Some(kind), Some(started_on)) if errors.is_empty() => Ok(Network {
                kind,
                name,
                started_on,
                region: None,
            }),
            _ => Err(errors),
        }
    }
}

/// A member, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub organisation: String,
    /// The mbo institution's code, when the organisation is one.
    pub institution: Option<String>,
    pub role: Role,
    pub joined_on: Date,
    /// The user account of the member, by username, when they log in to
    /// record meetings and experiments (issue 15, item 7).
    pub account: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct MemberInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub institution: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub joined_on: String,
    #[serde(default)]
    pub account: String,
}

impl MemberInput {
    /// `institutions` are the codes of the registry; the role must be one
    /// of `kind`'s. Whether the account exists is the store's to say.
    pub fn validate(&self, institutions: &[String], kind: Kind) -> Result<Member, Errors> {
        let mut errors = Vec::new();
        let name = required(&mut errors, "name", &self.name, NAME_MAX);
        let institution = match self.institution.trim() {
            "" => None,
            code => {
                if !institutions.iter().any(|c| c == code) {
                    errors.push(("institution", Msg::new("network-institution-unknown")));
                }
                Some(code.to_string())
            }
        };
        let organisation = if institution.is_some() && self.organisation.trim().is_empty() {
            String::new()
        } else {
            required(&mut errors, "organisation", &self.organisation, NAME_MAX)
        };
        let role = Role::parse(self.role.trim()).filter(|r| kind.roles().contains(r));
        if role.is_none() {
            errors.push(("role", Msg::new("network-role-choose")));
        }
        let joined_on = date_field(&mut errors, "joined_on", &self.joined_on);
        let account = match self.account.trim() {
            "" => None,
            a => match crate::auth::parse_username(a) {
                Ok(u) => Some(u),
                Err(m) => {
                    errors.push(("account", m));
                    None
                }
            },
        };
        match (role, joined_on) {
            (Some(role), Some(joined_on)) if errors.is_empty() => Ok(Member {
                name,
                organisation,
                institution,
                role,
                joined_on,
                account,
            }),
            _ => Err(errors),
        }
    }
}

/// A member's attendance at a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attendance {
    Present,
    Excused,
    Absent,
}

impl Attendance {
    pub const ALL: [Attendance; 3] = [Attendance::Present, Attendance::Excused, Attendance::Absent];

    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Excused => "excused",
            Attendance::Absent => "absent",
        }
    }

    pub fn parse(s: &str) -> Option<Attendance> {
        Attendance::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn key(self) -> String {
        format!("attendance-{}", self.as_str())
    }
}

/// A meeting, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    pub held_on: Date,
    /// A place, or `None` when online.
    pub place: Option<String>,
    pub agenda: String,
    pub minutes: Option<String>,
    /// Per member id.
    pub attendance: Vec<(i64, Attendance)>,
}

#[derive(Clone, Debug, Default)]
pub struct MeetingInput {
    pub held_on: String,
    pub online: bool,
    pub place: String,
    pub agenda: String,
    pub minutes: String,
    /// Per member id, the value as sent ("" when none was chosen).
    pub attendance: Vec<(i64, String)>,
}

impl MeetingInput {
    /// Minutes only once the meeting's date has passed ("na de
    /// bijeenkomst"); attendance likewise, and one of the three values.
    pub fn validate(&self, today: Date) -> Result<Meeting, Errors> {
        let mut errors = Vec::new();
        let held_on = date_field(&mut errors, "held_on", &self.held_on);
        let place = if self.online {
            None
        } else {
            Some(required(&mut errors, "place", &self.place, NAME_MAX))
        };
        let agenda = required(&mut errors, "agenda", &self.agenda, TEXT_MAX);
        let minutes = self.minutes.trim();
        let held = held_on.is_some_and(|d| d <= today);
        let minutes = if minutes.is_empty() {
            None
        } else if held_on.is_some() && !held {
            errors.push(("minutes", Msg::new("meeting-minutes-future")));
            None
        } else if minutes.chars().count() > TEXT_MAX {
            errors.push((
                "minutes",
                Msg::new("network-field-long").arg("max", TEXT_MAX),
            ));
            None
        } else {
            Some(minutes.to_string())
        };
        let mut attendance = Vec::new();
        for (member, value) in &self.attendance {
            match value.trim() {
                "" => {}
                v => match Attendance::parse(v) {
                    Some(_) if held_on.is_some() && !held => {
                        errors.push(("attendance", Msg::new("meeting-attendance-future")));
                        break;
                    }
                    Some(a) => attendance.push((*member, a)),
                    None => {
                        errors.push(("attendance", Msg::new("meeting-attendance-invalid")));
                        break;
                    }
                },
            }
        }
        match held_on {
            Some(held_on) if errors.is_empty() => Ok(Meeting {
                held_on,
                place,
                agenda,
                minutes,
                attendance,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_school_year_turns_between_31_july_and_1_august() {
        assert_eq!(SchoolYear::of(date!(2025 - 07 - 31)), SchoolYear(2024));
        assert_eq!(SchoolYear::of(date!(2025 - 08 - 01)), SchoolYear(2025));
        assert_eq!(SchoolYear(2024).label(), "2024-2025");
        assert_eq!(SchoolYear(2024).starts(), date!(2024 - 08 - 01));
        assert_eq!(SchoolYear(2024).ends(), date!(2025 - 07 - 31));
        let months = SchoolYear(2024).months();
        assert_eq!(months[0], (2024, Month::August));
        assert_eq!(months[4], (2024, Month::December));
        assert_eq!(months[5], (2025, Month::January));
        assert_eq!(months[11], (2025, Month::July));
    }

    #[test]
    fn the_grid_shows_met_missed_running_future_and_before_start() {
        let freq = Kind::Ddvdo.frequency();
        let grid = month_grid(
            SchoolYear(2026),
            date!(2026 - 09 - 15),
            &[date!(2026 - 10 - 07), date!(2026 - 10 - 21)],
            freq,
            date!(2026 - 12 - 03),
        );
        let cells: Vec<Cell> = grid.iter().map(|g| g.cell).collect();
        assert_eq!(cells[0], Cell::BeforeStart, "August, before 15 September");
        assert_eq!(cells[1], Cell::Missed, "September");
        assert_eq!(cells[2], Cell::Met, "October");
        assert_eq!(grid[2].meetings, 2);
        assert_eq!(cells[3], Cell::Missed, "November");
        assert_eq!(cells[4], Cell::Running, "December, today");
        assert_eq!(cells[5], Cell::Future);
        let status = year_status(&grid, freq.unwrap());
        assert_eq!(status.meetings, 2);
        assert_eq!((status.months_met, status.months_missed), (1, 2));
        assert!(!status.met);
    }

    #[test]
    fn the_knowledge_network_meets_its_target_with_two_meetings_a_year() {
        let freq = Kind::KnowledgeNetwork.frequency().unwrap();
        assert_eq!((freq.per, freq.target), (Per::SchoolYear, 2));
        let grid = |dates: &[Date]| {
            month_grid(
                SchoolYear(2025),
                date!(2024 - 01 - 01),
                dates,
                Some(freq),
                date!(2026 - 12 - 03),
            )
        };
        // 31 July 2025 is the last day of 2024-2025.
        let one = grid(&[date!(2025 - 07 - 31), date!(2025 - 10 - 01)]);
        assert!(!year_status(&one, freq).met);
        let two = grid(&[date!(2025 - 08 - 01), date!(2026 - 03 - 01)]);
        assert!(year_status(&two, freq).met);
        assert!(Kind::Ibp.frequency().is_none());
    }

    #[test]
    fn the_circle_needs_five_teachers_from_five_institutions() {
        let m = |role, inst, current| MemberFacts {
            role,
            institution: inst,
            current,
        };
        let mut members = vec![
            m(Role::Teacher, Some("A"), true),
            m(Role::Teacher, Some("B"), true),
            m(Role::Teacher, Some("C"), true),
            m(Role::Teacher, Some("D"), true),
            m(Role::Teacher, Some("D"), true),
            m(Role::Teacher, Some("E"), false),
            m(Role::Chair, Some("F"), true),
        ];
        let check = circle_check(&members);
        assert_eq!((check.teachers, check.institutions), (5, 4));
        assert!(!check.met(), "two from D, E has left, F is no teacher");
        members.push(m(Role::Teacher, Some("G"), true));
        assert!(circle_check(&members).met());
    }

    #[test]
    fn a_meeting_names_every_field_at_fault() {
        let today = date!(2026 - 12 - 03);
        let input = MeetingInput {
            held_on: "2026-13-01".into(),
            online: false,
            ..Default::default()
        };
        let fields: Vec<_> = input
            .validate(today)
            .unwrap_err()
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(fields, ["held_on", "place", "agenda"]);
    }

    #[test]
    fn minutes_and_attendance_wait_until_the_meeting_is_held() {
        let today = date!(2026 - 12 - 03);
        let mut input = MeetingInput {
            held_on: "2026-12-10".into(),
            online: true,
            agenda: "Agenda".into(),
            minutes: "Verslag".into(),
            attendance: vec![(1, "present".into())],
            ..Default::default()
        };
        let errors = input.validate(today).unwrap_err();
        assert_eq!(errors[0].1.key, "meeting-minutes-future");
        assert_eq!(errors[1].1.key, "meeting-attendance-future");
        input.held_on = "2026-12-03".into();
        let ok = input.validate(today).unwrap();
        assert_eq!(ok.place, None);
        assert_eq!(ok.minutes.as_deref(), Some("Verslag"));
        assert_eq!(ok.attendance, [(1, Attendance::Present)]);
        input.attendance = vec![(1, "maybe".into())];
        assert_eq!(
            input.validate(today).unwrap_err()[0].1.key,
            "meeting-attendance-invalid"
        );
    }

    #[test]
    fn a_member_of_an_institution_needs_no_organisation_name() {
        let codes = vec!["25LX".to_string()];
        let input = MemberInput {
            name: "Docent Fictief".into(),
            institution: "25LX".into(),
            role: "teacher".into(),
            joined_on: "2025-09-01".into(),
            ..Default::default()
        };
        assert!(input.validate(&codes, Kind::IbpCircle).is_ok());
        assert_eq!(
            input.validate(&codes, Kind::Workshop).unwrap_err()[0].0,
            "role",
            "a workshop has researchers, not teachers"
        );
        let bad = MemberInput {
            institution: "XXXX".into(),
            role: "boss".into(),
            ..Default::default()
        };
        let fields: Vec<_> = bad
            .validate(&codes, Kind::Ibp)
            .unwrap_err()
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(fields, ["name", "institution", "role", "joined_on"]);
    }
}

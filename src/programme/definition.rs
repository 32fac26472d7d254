//! The programme definition: a TOML data file transcribed from the plan
//! (`programmes/digitaal-bekwaam-mbo.toml`, format in
//! `docs/programme-format.md`): objectives 1-6, action lines A-F,
//! activities, milestones, KPIs, budget lines, the E/F development tracks
//! and a starting risk register. Validated on load with every error naming
//! file, line and field. Pure: text in, programme out.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use time::Date;
use toml::Spanned;

use crate::datafile::{Errors, LoadError, valid_id};
use crate::i18n::Msg;
use crate::monitor::instrument::Text;

// --- file shape ------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    id: Spanned<String>,
    version: Spanned<i64>,
    name: Spanned<Text>,
    starts: Spanned<String>,
    ends: Spanned<String>,
    funder: Spanned<String>,
    currency_note: Option<Text>,
    #[serde(default)]
    partners: Vec<Spanned<PartnerDef>>,
    #[serde(default)]
    objectives: Vec<Spanned<ObjectiveDef>>,
    #[serde(default)]
    action_lines: Vec<Spanned<ActionLineDef>>,
    #[serde(default)]
    activities: Vec<Spanned<ActivityDef>>,
    #[serde(default)]
    milestones: Vec<Spanned<MilestoneDef>>,
    #[serde(default)]
    kpis: Vec<Spanned<KpiDef>>,
    #[serde(default)]
    budget_lines: Vec<Spanned<BudgetLineDef>>,
    #[serde(default)]
    tracks: Vec<Spanned<TrackDef>>,
    #[serde(default)]
    risks: Vec<Spanned<RiskDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerDef {
    id: String,
    name: String,
    role: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectiveDef {
    number: u32,
    text: Text,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionLineDef {
    letter: String,
    name: Text,
    description: Text,
    #[serde(default)]
    objectives: Vec<u32>,
    #[serde(default)]
    partners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityDef {
    id: String,
    action_line: String,
    name: Text,
    starts: String,
    ends: String,
    #[serde(default)]
    partners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneDef {
    id: String,
    activity: String,
    name: Text,
    due: String,
    #[serde(default)]
    source: String,
    observed_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KpiDef {
    id: String,
    action_line: Option<String>,
    objective: Option<u32>,
    name: Text,
    target: f64,
    unit: String,
    direction: String,
    period: String,
    due: Option<String>,
    rule: String,
    #[serde(default)]
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountDef {
    year: i32,
    eur: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BudgetLineDef {
    id: String,
    action_line: String,
    activity: Option<String>,
    name: Text,
    #[serde(default)]
    to_check: bool,
    #[serde(default)]
    note: String,
    #[serde(default)]
    amounts: Vec<AmountDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhaseDef {
    phase: String,
    name: Text,
    due: String,
    #[serde(default)]
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackDef {
    id: String,
    action_line: String,
    name: Text,
    #[serde(default)]
    partners: Vec<String>,
    #[serde(default)]
    phases: Vec<PhaseDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskDef {
    id: String,
    text: Text,
    likelihood: String,
    impact: String,
    mitigation: Text,
}

// --- the programme ----------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct Programme {
    pub id: String,
    pub version: u32,
    pub name: Text,
    pub starts: Date,
    pub ends: Date,
    /// Index into `partners`.
    pub funder: usize,
    pub currency_note: Option<Text>,
    pub partners: Vec<Partner>,
    pub objectives: Vec<Objective>,
    pub action_lines: Vec<ActionLine>,
    pub activities: Vec<Activity>,
    pub milestones: Vec<Milestone>,
    pub kpis: Vec<Kpi>,
    pub budget_lines: Vec<BudgetLine>,
    pub tracks: Vec<Track>,
    pub risks: Vec<Risk>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub role: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    pub number: u32,
    pub text: Text,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionLine {
    pub letter: char,
    pub name: Text,
    pub description: Text,
    /// Objective numbers this line serves.
    pub objectives: Vec<u32>,
    /// Indexes into `Programme::partners`.
    pub partners: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    pub id: String,
    /// Index into `Programme::action_lines`.
    pub action_line: usize,
    pub name: Text,
    pub starts: Date,
    pub ends: Date,
    pub partners: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub id: String,
    /// Index into `Programme::activities`.
    pub activity: usize,
    pub name: Text,
    pub due: Date,
    pub source: String,
    /// What on the platform shows that the milestone is reached; `None`:
    /// its status is recorded by hand.
    pub observed_by: Option<Observer>,
}

/// Something the platform itself records that reaches a milestone. Such a
/// milestone's status is derived from the data, never set by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Observer {
    /// `wave_closed:NAME`: the monitor wave of that name is closed.
    WaveClosed(String),
    /// `steering_frozen:2024-K4`: the steering report of that quarter is
    /// frozen.
    SteeringFrozen(String),
    /// `track_phase:TRACK:PHASE`: that phase of a development track is
    /// reached.
    TrackPhase { track: String, phase: String },
    /// `policy_shared:TOPIC`: an institution shares a policy document on
    /// that topic (vision, plan, development, evidence) with the
    /// hr-directors network.
    PolicyShared(String),
    /// `scan_published:YEAR`: the report of a bewegingsscan round of that
    /// year is published.
    ScanPublished(i32),
}

impl Observer {
    /// The forms `observed_by` accepts, for error messages.
    pub const FORMS: &'static str = "wave_closed:NAME, steering_frozen:YYYY-Kn, track_phase:TRACK:PHASE, policy_shared:TOPIC, \
         scan_published:YYYY";

    /// Parses `observed_by`; tracks are checked against `tracks`.
    pub fn parse(s: &str, tracks: &[Track]) -> Option<Observer> {
        let (kind, rest) = s.trim().split_once(':')?;
        match kind {
            "wave_closed" if !rest.trim().is_empty() && rest.chars().count() <= 60 => {
                Some(Observer::WaveClosed(rest.trim().to_string()))
            }
            "policy_shared" => crate::policy::Topic::parse(rest.trim())
                .map(|t| Observer::PolicyShared(t.as_str().to_string())),
            "scan_published" => rest
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .map(Observer::ScanPublished),
            "steering_frozen" => super::steering::parse_quarter(rest)
                .map(|(quarter, _)| Observer::SteeringFrozen(quarter)),
            "track_phase" => {
                let (track, phase) = rest.split_once(':')?;
                tracks
                    .iter()
                    .any(|t| t.id == track && t.phases.iter().any(|p| p.phase == phase))
                    .then(|| Observer::TrackPhase {
                        track: track.to_string(),
                        phase: phase.to_string(),
                    })
            }
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Count,
    Meetings,
    YesNo,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    AtLeast,
    AtMost,
}

/// The period a KPI's target applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Once, by the KPI's due date (or the end of the programme).
    Once,
    /// Every school year (1 August - 31 July).
    SchoolYear,
    CalendarYear,
    Month,
    /// Over the whole programme.
    Programme,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Kpi {
    pub id: String,
    pub action_line: Option<usize>,
    pub objective: Option<u32>,
    pub name: Text,
    pub target: f64,
    pub unit: Unit,
    pub direction: Direction,
    pub period: Period,
    pub due: Option<Date>,
    /// The computation that supplies the figure (see `kpi::RULES`), or
    /// `manual`.
    pub rule: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BudgetLine {
    pub id: String,
    pub action_line: usize,
    pub activity: Option<usize>,
    pub name: Text,
    /// The scan of the plan was not legible for this line.
    pub to_check: bool,
    pub note: String,
    /// (year, euros), years ascending.
    pub amounts: Vec<(i32, i64)>,
}

impl BudgetLine {
    pub fn planned(&self, year: i32) -> i64 {
        self.amounts
            .iter()
            .filter(|(y, _)| *y == year)
            .map(|(_, e)| e)
            .sum()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub phase: String,
    pub name: Text,
    pub due: Date,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Track {
    pub id: String,
    pub action_line: usize,
    pub name: Text,
    pub partners: Vec<usize>,
    pub phases: Vec<Phase>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub id: String,
    pub text: Text,
    pub likelihood: Level,
    pub impact: Level,
    pub mitigation: Text,
}

impl Programme {
    pub fn action_line(&self, letter: char) -> Option<usize> {
        self.action_lines.iter().position(|a| a.letter == letter)
    }

    /// The days bookings may fall on: from the programme's start to its
    /// end, or to the end of the last year the budget plans money for when
    /// that is later (the plan's financial justification runs past the
    /// activities' timeline).
    pub fn booking_period(&self) -> (Date, Date) {
        let last_budget_day = self
            .budget_years()
            .last()
            .and_then(|&y| Date::from_calendar_date(y, time::Month::December, 31).ok());
        (
            self.starts,
            last_budget_day.map_or(self.ends, |d| d.max(self.ends)),
        )
    }

    /// Whether a booking on `day` falls in the programme's period.
    pub fn books_on(&self, day: Date) -> bool {
        let (from, to) = self.booking_period();
        (from..=to).contains(&day)
    }

    /// The budget line named by `s`: its id, or its name in either
    /// language (ignoring case and surrounding spaces).
    pub fn budget_line(&self, s: &str) -> Option<&BudgetLine> {
        let s = s.trim();
        let wanted = s.to_lowercase();
        self.budget_lines.iter().find(|l| l.id == s).or_else(|| {
            self.budget_lines.iter().find(|l| {
                l.name.nl.trim().to_lowercase() == wanted
                    || l.name.en.trim().to_lowercase() == wanted
            })
        })
    }

    /// The years any budget line plans money for, ascending.
    pub fn budget_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .budget_lines
            .iter()
            .flat_map(|l| l.amounts.iter().map(|(y, _)| *y))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }
}

// --- loading ------------------------------------------------------------------

pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(
        s.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// Parses and validates a programme definition; `file` names it in errors.
pub fn parse(file: &str, source: &str) -> Result<Programme, Vec<LoadError>> {
    let mut errs = Errors::new(file, source);
    let def: FileDef = match toml::from_str(source) {
        Ok(d) => d,
        Err(e) => {
            errs.syntax(&e, "programme-syntax");
            return Err(errs.list);
        }
    };
    let programme = validate(def, &mut errs);
    match programme {
        Some(p) if errs.list.is_empty() => Ok(p),
        _ => Err(errs.list),
    }
}

struct Check<'e, 'a> {
    errs: &'e mut Errors<'a>,
}

impl Check<'_, '_> {
    fn text(&mut self, span: &Range<usize>, field: String, t: &Text) {
        if t.nl.trim().is_empty() || t.en.trim().is_empty() {
            self.errs
                .push(span, field, Msg::new("programme-text-missing"));
        }
    }

    fn date(&mut self, span: &Range<usize>, field: String, s: &str) -> Date {
        parse_date(s).unwrap_or_else(|| {
            self.errs
                .push(span, field, Msg::new("programme-date").arg("value", s));
            Date::MIN
        })
    }

    fn lookup(
        &mut self,
        span: &Range<usize>,
        field: String,
        ids: &HashMap<String, usize>,
        id: &str,
    ) -> usize {
        ids.get(id).copied().unwrap_or_else(|| {
            self.errs
                .push(span, field, Msg::new("programme-unknown").arg("id", id));
            0
        })
    }

    fn one_of<T: Copy>(
        &mut self,
        span: &Range<usize>,
        field: String,
        value: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let found = options.iter().find(|(k, _)| *k == value).map(|(_, v)| *v);
        if found.is_none() {
            let allowed: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
            self.errs.push(
                span,
                field,
                Msg::new("programme-choice")
                    .arg("value", value)
                    .arg("allowed", allowed.join(", ")),
            );
        }
        found
    }

    /// Looks up each id of `list` in `ids`, reporting unknown ones as
    /// `field[j]`; returns their indexes (0 for unknown ones).
    fn lookup_all(
        &mut self,
        span: &Range<usize>,
        field: String,
        ids: &HashMap<String, usize>,
        list: &[String],
    ) -> Vec<usize> {
        list.iter()
            .enumerate()
            .map(|(j, id)| self.lookup(span, format!("{field}[{j}]"), ids, id))
            .collect()
    }

    /// Checks that ids are valid and unique; returns id -> index.
    fn ids<'x>(
        &mut self,
        list: &str,
        ids: impl Iterator<Item = (&'x str, Range<usize>)>,
    ) -> HashMap<String, usize> {
        self.errs
            .unique_ids(list, ids, "programme-id-invalid", "programme-id-duplicate")
    }

    fn period(&mut self, span: &Range<usize>, field: &str, starts: Date, ends: Date) {
        if ends < starts {
            self.errs
                .push(span, field.to_string(), Msg::new("programme-period"));
        }
    }
}

const UNITS: &[(&str, Unit)] = &[
    ("percent", Unit::Percent),
    ("count", Unit::Count),
    ("meetings", Unit::Meetings),
    ("yes_no", Unit::YesNo),
];
const DIRECTIONS: &[(&str, Direction)] = &[
    ("at_least", Direction::AtLeast),
    ("at_most", Direction::AtMost),
];
const PERIODS: &[(&str, Period)] = &[
    ("once", Period::Once),
    ("school_year", Period::SchoolYear),
    ("calendar_year", Period::CalendarYear),
    ("month", Period::Month),
    ("programme", Period::Programme),
];
const LEVELS: &[(&str, Level)] = &[
    ("low", Level::Low),
    ("medium", Level::Medium),
    ("high", Level::High),
];

/// The table of contents of a programme file: checks each section in the
/// file's order and assembles the programme (errors are in `errs`).
fn validate(def: FileDef, errs: &mut Errors<'_>) -> Option<Programme> {
    let mut c = Check { errs };
    let top = validate_meta(&mut c, &def);
    let (partner_ids, partners) = validate_partners(&mut c, &def.partners);
    let funder = validate_funder(&mut c, &def.funder, &partner_ids);
    let objectives = validate_objectives(&mut c, &def.objectives);
    let (letters, action_lines) =
        validate_action_lines(&mut c, &def.action_lines, &objectives, &partner_ids);
    let (activity_ids, activities) =
        validate_activities(&mut c, &def.activities, &letters, &partner_ids);
    // Tracks before milestones: a milestone may be observed by a phase.
    let tracks = validate_tracks(&mut c, &def.tracks, &letters, &partner_ids);
    let milestones = validate_milestones(&mut c, &def.milestones, &activity_ids, &tracks);
    let kpis = validate_kpis(&mut c, &def.kpis, &letters, &objectives);
    let budget_lines = validate_budget_lines(&mut c, &def.budget_lines, &letters, &activity_ids);
    let risks = validate_risks(&mut c, &def.risks);
    validate_required_lists(&mut c, &objectives, &action_lines);

    Some(Programme {
        id: def.id.into_inner(),
        version: top.version,
        name: def.name.into_inner(),
        starts: top.starts,
        ends: top.ends,
        funder,
        currency_note: def.currency_note,
        partners,
        objectives,
        action_lines,
        activities,
        milestones,
        kpis,
        budget_lines,
        tracks,
        risks,
    })
}

/// The checked top-level values that the programme keeps.
struct Top {
    version: u32,
    starts: Date,
    ends: Date,
}

/// Top level (except `funder`, which needs the partners): a valid `id`,
/// `version` >= 1, both languages of `name`, valid `starts` and `ends`
/// dates with `ends` not before `starts`.
fn validate_meta(c: &mut Check<'_, '_>, def: &FileDef) -> Top {
    if !valid_id(def.id.get_ref()) {
        c.errs.push(
            &def.id.span(),
            "id",
            Msg::new("programme-id-invalid").arg("id", def.id.get_ref()),
        );
    }
    let version = u32::try_from(*def.version.get_ref())
        .ok()
        .filter(|v| *v >= 1)
        .unwrap_or_else(|| {
            c.errs.push(
                &def.version.span(),
                "version",
                Msg::new("programme-version-invalid"),
            );
            1
        });
    c.text(&def.name.span(), "name".into(), def.name.get_ref());
    let starts = c.date(&def.starts.span(), "starts".into(), def.starts.get_ref());
    let ends = c.date(&def.ends.span(), "ends".into(), def.ends.get_ref());
    c.period(&def.ends.span(), "ends", starts, ends);
    Top {
        version,
        starts,
        ends,
    }
}

/// `[[partners]]`: valid unique ids, both languages of `role` and a
/// non-empty `name`. Returns id -> index and the partners.
fn validate_partners(
    c: &mut Check<'_, '_>,
    defs: &[Spanned<PartnerDef>],
) -> (HashMap<String, usize>, Vec<Partner>) {
    let partner_ids = c.ids(
        "partners",
        defs.iter().map(|p| (p.get_ref().id.as_str(), p.span())),
    );
    let partners: Vec<Partner> = defs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (span, p) = (p.span(), p.get_ref());
            c.text(&span, format!("partners[{i}].role"), &p.role);
            if p.name.trim().is_empty() {
                c.errs.push(
                    &span,
                    format!("partners[{i}].name"),
                    Msg::new("programme-text-missing"),
                );
            }
            Partner {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
            }
        })
        .collect();
    (partner_ids, partners)
}

/// Top-level `funder`: a known partner. Returns its index.
fn validate_funder(
    c: &mut Check<'_, '_>,
    funder: &Spanned<String>,
    partner_ids: &HashMap<String, usize>,
) -> usize {
    c.lookup(
        &funder.span(),
        "funder".into(),
        partner_ids,
        funder.get_ref(),
    )
}

/// `[[objectives]]`: both languages of `text` and a `number` that is not 0
/// and not used before.
fn validate_objectives(c: &mut Check<'_, '_>, defs: &[Spanned<ObjectiveDef>]) -> Vec<Objective> {
    let mut objectives = Vec::new();
    for (i, o) in defs.iter().enumerate() {
        let (span, o) = (o.span(), o.get_ref());
        c.text(&span, format!("objectives[{i}].text"), &o.text);
        if objectives.iter().any(|x: &Objective| x.number == o.number) || o.number == 0 {
            c.errs.push(
                &span,
                format!("objectives[{i}].number"),
                Msg::new("programme-id-duplicate").arg("id", o.number),
            );
        }
        objectives.push(Objective {
            number: o.number,
            text: o.text.clone(),
            source: o.source.clone(),
        });
    }
    objectives
}

/// Whether objective number `n` is defined.
fn objective_known(objectives: &[Objective], n: u32) -> bool {
    objectives.iter().any(|o| o.number == n)
}

/// `[[action_lines]]`: a unique `letter` that is one uppercase ASCII
/// letter, both languages of `name` and `description`, known objectives
/// and known partners. Returns letter -> index and the action lines.
fn validate_action_lines(
    c: &mut Check<'_, '_>,
    defs: &[Spanned<ActionLineDef>],
    objectives: &[Objective],
    partner_ids: &HashMap<String, usize>,
) -> (HashMap<String, usize>, Vec<ActionLine>) {
    let mut action_lines: Vec<ActionLine> = Vec::new();
    let mut letters: HashMap<String, usize> = HashMap::new();
    for (i, a) in defs.iter().enumerate() {
        let (span, a) = (a.span(), a.get_ref());
        let mut chars = a.letter.chars();
        let letter = match (chars.next(), chars.next()) {
            (Some(l), None) if l.is_ascii_uppercase() => l,
            _ => {
                c.errs.push(
                    &span,
                    format!("action_lines[{i}].letter"),
                    Msg::new("programme-letter").arg("value", &a.letter),
                );
                '?'
            }
        };
        if letters.insert(a.letter.clone(), i).is_some() {
            c.errs.push(
                &span,
                format!("action_lines[{i}].letter"),
                Msg::new("programme-id-duplicate").arg("id", &a.letter),
            );
        }
        c.text(&span, format!("action_lines[{i}].name"), &a.name);
        c.text(
            &span,
            format!("action_lines[{i}].description"),
            &a.description,
        );
        for (j, n) in a.objectives.iter().enumerate() {
            if !objective_known(objectives, *n) {
                c.errs.push(
                    &span,
                    format!("action_lines[{i}].objectives[{j}]"),
                    Msg::new("programme-unknown").arg("id", n),
                );
            }
        }
        let partners = c.lookup_all(
            &span,
            format!("action_lines[{i}].partners"),
            partner_ids,
            &a.partners,
        );
        action_lines.push(ActionLine {
            letter,
            name: a.name.clone(),
            description: a.description.clone(),
            objectives: a.objectives.clone(),
            partners,
        });
    }
    (letters, action_lines)
}

/// `[[activities]]`: valid unique ids, both languages of `name`, valid
/// `starts` and `ends` with `ends` not before `starts`, a known
/// `action_line` and known partners. Returns id -> index and the
/// activities.
fn validate_activities(
    c: &mut Check<'_, '_>,
    defs: &[Spanned<ActivityDef>],
    letters: &HashMap<String, usize>,
    partner_ids: &HashMap<String, usize>,
) -> (HashMap<String, usize>, Vec<Activity>) {
    let activity_ids = c.ids(
        "activities",
        defs.iter().map(|a| (a.get_ref().id.as_str(), a.span())),
    );
    let activities: Vec<Activity> = defs
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (span, a) = (a.span(), a.get_ref());
            let f = |k: &str| format!("activities[{i}].{k}");
            c.text(&span, f("name"), &a.name);
            let (s, e) = (
                c.date(&span, f("starts"), &a.starts),
                c.date(&span, f("ends"), &a.ends),
            );
            c.period(&span, &f("ends"), s, e);
            Activity {
                id: a.id.clone(),
                action_line: c.lookup(&span, f("action_line"), letters, &a.action_line),
                name: a.name.clone(),
                starts: s,
                ends: e,
                partners: c.lookup_all(&span, f("partners"), partner_ids, &a.partners),
            }
        })
        .collect();
    (activity_ids, activities)
}

/// `[[milestones]]`: valid unique ids, both languages of `name`, a known
/// `activity`, a valid `due` date and, if given, an `observed_by` of a
/// known form (a track phase that exists, a quarter as `2024-K4`).
fn validate_milestones(
    c: &mut Check<'_, '_>,
    defs: &[Spanned<MilestoneDef>],
    activity_ids: &HashMap<String, usize>,
    tracks: &[Track],
) -> Vec<Milestone> {
    c.ids(
        "milestones",
        defs.iter().map(|m| (m.get_ref().id.as_str(), m.span())),
    );
    defs.iter()
        .enumerate()
        .map(|(i, m)| {
            let (span, m) = (m.span(), m.get_ref());
            let f = |k: &str| format!("milestones[{i}].{k}");
            c.text(&span, f("name"), &m.name);
            Milestone {
                id: m.id.clone(),
                activity: c.lookup(&span, f("activity"), activity_ids, &m.activity),
                name: m.name.clone(),
                due: c.date(&span, f("due"), &m.due),
                source: m.source.clone(),
                observed_by: m.observed_by.as_ref().and_then(|o| {
                    let parsed = Observer::parse(o, tracks);
                    if parsed.is_none() {
                        c.errs.push(
                            &span,
                            f("observed_by"),
                            Msg::new("programme-choice")
                                .arg("value", o)
                                .arg("allowed", Observer::FORMS),
                        );
                    }
                    parsed
                }),
            }
        })
        .collect()
}

/// `[[kpis]]`: valid unique ids, both languages of `name`, a known
/// `action_line` and `objective` if given, a finite non-negative `target`,
/// a known `rule`, `unit`, `direction` and `period`, and a valid `due` date
/// exactly when the period is `once`. KPIs with an unknown unit, direction
/// or period are left out.
fn validate_kpis(
    c: &mut Check<'_, '_>,
    defs: &[Spanned<KpiDef>],
    letters: &HashMap<String, usize>,
    objectives: &[Objective],
) -> Vec<Kpi> {
    c.ids(
        "kpis",
        defs.iter().map(|k| (k.get_ref().id.as_str(), k.span())),
    );
    let mut kpis = Vec::new();
    for (i, k) in defs.iter().enumerate() {
        let (span, k) = (k.span(), k.get_ref());
        let f = |x: &str| format!("kpis[{i}].{x}");
        c.text(&span, f("name"), &k.name);
        let action_line = k
            .action_line
            .as_ref()
            .map(|l| c.lookup(&span, f("action_line"), letters, l));
        if let Some(n) = k.objective.filter(|n| !objective_known(objectives, *n)) {
            c.errs.push(
                &span,
                f("objective"),
                Msg::new("programme-unknown").arg("id", n),
            );
        }
        if !k.target.is_finite() || k.target < 0.0 {
            c.errs
                .push(&span, f("target"), Msg::new("programme-target"));
        }
        if !super::kpi::RULES.contains(&k.rule.as_str()) {
            c.errs.push(
                &span,
                f("rule"),
                Msg::new("programme-choice")
                    .arg("value", &k.rule)
                    .arg("allowed", super::kpi::RULES.join(", ")),
            );
        }
        let unit = c.one_of(&span, f("unit"), &k.unit, UNITS);
        let direction = c.one_of(&span, f("direction"), &k.direction, DIRECTIONS);
        let period = c.one_of(&span, f("period"), &k.period, PERIODS);
        let due = k.due.as_ref().map(|d| c.date(&span, f("due"), d));
        if (period == Some(Period::Once)) != due.is_some() && period.is_some() {
            c.errs.push(&span, f("due"), Msg::new("programme-due-once"));
        }
        if let (Some(unit), Some(direction), Some(period)) = (unit, direction, period) {
            kpis.push(Kpi {
                id: k.id.clone(),
                action_line,
                objective: k.objective,
                name: k.name.clone(),
                target: k.target,
                unit,
                direction,
                period,
                due,
                rule: k.rule.clone(),
                source: k.source.clone(),
            });
        }
    }
    kpis
}

/// `[[budget_lines]]`: valid unique ids, both languages of `name`, amounts
/// with a year in 2000-2100, non-negative euros and no year twice, a `note`
/// when `to_check`, amounts unless `to_check`, a known `action_line` and a
/// known `activity` if given. Amounts are sorted by year.
fn validate_budget_lines(
    c: &mut Check<'_, '_>,
    defs: &[Spanned<BudgetLineDef>],
    letters: &HashMap<String, usize>,
    activity_ids: &HashMap<String, usize>,
) -> Vec<BudgetLine> {
    c.ids(
        "budget_lines",
        defs.iter().map(|b| (b.get_ref().id.as_str(), b.span())),
    );
    let mut budget_lines = Vec::new();
    for (i, b) in defs.iter().enumerate() {
        let (span, b) = (b.span(), b.get_ref());
        let f = |x: &str| format!("budget_lines[{i}].{x}");
        c.text(&span, f("name"), &b.name);
        let mut amounts: Vec<(i32, i64)> = Vec::new();
        for (j, a) in b.amounts.iter().enumerate() {
            if a.eur < 0 || !(2000..=2100).contains(&a.year) {
                c.errs.push(
                    &span,
                    f(&format!("amounts[{j}]")),
                    Msg::new("programme-amount"),
                );
            }
            if amounts.iter().any(|(y, _)| *y == a.year) {
                c.errs.push(
                    &span,
                    f(&format!("amounts[{j}].year")),
                    Msg::new("programme-id-duplicate").arg("id", a.year),
                );
            }
            amounts.push((a.year, a.eur));
        }
        amounts.sort_unstable();
        if b.to_check && b.note.trim().is_empty() {
            c.errs
                .push(&span, f("note"), Msg::new("programme-to-check-note"));
        }
        if !b.to_check && amounts.is_empty() {
            c.errs
                .push(&span, f("amounts"), Msg::new("programme-amounts-missing"));
        }
        budget_lines.push(BudgetLine {
            id: b.id.clone(),
            action_line: c.lookup(&span, f("action_line"), letters, &b.action_line),
            activity: b
                .activity
                .as_ref()
                .map(|a| c.lookup(&span, f("activity"), activity_ids, a)),
            name: b.name.clone(),
            to_check: b.to_check,
            note: b.note.clone(),
            amounts,
        });
    }
    budget_lines
}

/// `[[tracks]]` and `[[tracks.phases]]`: valid unique ids, both languages
/// of `name`, at least one phase, each with a valid `phase` id, both
/// languages of its `name` and a valid `due` date; a known `action_line`
/// and known partners.
fn validate_tracks(
    c: &mut Check<'_, '_>,
    defs: &[Spanned<TrackDef>],
    letters: &HashMap<String, usize>,
    partner_ids: &HashMap<String, usize>,
) -> Vec<Track> {
    c.ids(
        "tracks",
        defs.iter().map(|t| (t.get_ref().id.as_str(), t.span())),
    );
    defs.iter()
        .enumerate()
        .map(|(i, t)| {
            let (span, t) = (t.span(), t.get_ref());
            let f = |x: &str| format!("tracks[{i}].{x}");
            c.text(&span, f("name"), &t.name);
            if t.phases.is_empty() {
                c.errs
                    .push(&span, f("phases"), Msg::new("programme-list-empty"));
            }
            let phases = t
                .phases
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    if !valid_id(&p.phase) {
                        c.errs.push(
                            &span,
                            f(&format!("phases[{j}].phase")),
                            Msg::new("programme-id-invalid").arg("id", &p.phase),
                        );
                    }
                    c.text(&span, f(&format!("phases[{j}].name")), &p.name);
                    Phase {
                        phase: p.phase.clone(),
                        name: p.name.clone(),
                        due: c.date(&span, f(&format!("phases[{j}].due")), &p.due),
                        source: p.source.clone(),
                    }
                })
                .collect();
            Track {
                id: t.id.clone(),
                action_line: c.lookup(&span, f("action_line"), letters, &t.action_line),
                name: t.name.clone(),
                partners: c.lookup_all(&span, f("partners"), partner_ids, &t.partners),
                phases,
            }
        })
        .collect()
}

/// `[[risks]]`: valid unique ids, both languages of `text` and
/// `mitigation`, and a known level for `likelihood` and `impact`. Risks
/// with an unknown level are left out.
fn validate_risks(c: &mut Check<'_, '_>, defs: &[Spanned<RiskDef>]) -> Vec<Risk> {
    c.ids(
        "risks",
        defs.iter().map(|r| (r.get_ref().id.as_str(), r.span())),
    );
    let mut risks = Vec::new();
    for (i, r) in defs.iter().enumerate() {
        let (span, r) = (r.span(), r.get_ref());
        let f = |x: &str| format!("risks[{i}].{x}");
        c.text(&span, f("text"), &r.text);
        c.text(&span, f("mitigation"), &r.mitigation);
        let likelihood = c.one_of(&span, f("likelihood"), &r.likelihood, LEVELS);
        let impact = c.one_of(&span, f("impact"), &r.impact, LEVELS);
        if let (Some(likelihood), Some(impact)) = (likelihood, impact) {
            risks.push(Risk {
                id: r.id.clone(),
                text: r.text.clone(),
                likelihood,
                impact,
                mitigation: r.mitigation.clone(),
            });
        }
    }
    risks
}

/// `[[objectives]]` and `[[action_lines]]` are required: neither list may
/// be empty. Reported after all sections.
fn validate_required_lists(
    c: &mut Check<'_, '_>,
    objectives: &[Objective],
    action_lines: &[ActionLine],
) {
    if objectives.is_empty() {
        c.errs
            .push(&(0..0), "objectives", Msg::new("programme-list-empty"));
    }
    if action_lines.is_empty() {
        c.errs
            .push(&(0..0), "action_lines", Msg::new("programme-list-empty"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"id = "test"
version = 1
name = { nl = "Test", en = "Test" }
starts = "2022-09-01"
ends = "2025-12-31"
funder = "ocw"

[[partners]]
id = "ocw"
name = "OCW"
role = { nl = "Financier", en = "Funder" }

[[objectives]]
number = 1
text = { nl = "Doel", en = "Goal" }
source = "Doelstellingen"

[[action_lines]]
letter = "A"
name = { nl = "Monitoring", en = "Monitoring" }
description = { nl = "Meten", en = "Measure" }
objectives = [1]

[[activities]]
id = "a-scan"
action_line = "A"
name = { nl = "Scan", en = "Scan" }
starts = "2022-09-01"
ends = "2022-12-31"

[[milestones]]
id = "a-scan-1"
activity = "a-scan"
name = { nl = "Eerste scan", en = "First scan" }
due = "2022-12-31"

[[kpis]]
id = "a-kpi"
action_line = "A"
name = { nl = "KPI", en = "KPI" }
target = 80.0
unit = "percent"
direction = "at_least"
period = "once"
due = "2027-12-31"
rule = "manual"

[[budget_lines]]
id = "a-budget"
action_line = "A"
name = { nl = "Regel", en = "Line" }
amounts = [{ year = 2023, eur = 15000 }]
"#;

    fn errors(source: &str) -> Vec<(usize, String, String)> {
        parse("p.toml", source)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.field, e.reason.key.to_string()))
            .collect()
    }

    fn line_of(source: &str, needle: &str) -> usize {
        source.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn a_small_programme_loads() {
        let p = parse("p.toml", SMALL).unwrap();
        assert_eq!(p.milestones[0].activity, 0);
        assert_eq!(p.budget_lines[0].planned(2023), 15000);
        assert_eq!(p.budget_years(), vec![2023]);
        assert_eq!(p.kpis[0].period, Period::Once);
    }

    #[test]
    fn unknown_references_name_their_table_and_field() {
        let src = SMALL.replace("activity = \"a-scan\"", "activity = \"a-nope\"");
        let e = errors(&src);
        assert_eq!(e.len(), 1, "{e:?}");
        let (line, field, key) = &e[0];
        assert_eq!(field, "milestones[0].activity");
        assert_eq!(key, "programme-unknown");
        // The line of the milestone's table (its header or first key).
        let header = line_of(&src, "[[milestones]]");
        assert!((header..=header + 1).contains(line), "{line} vs {header}");
    }

    #[test]
    fn bad_values_are_each_reported() {
        let src = SMALL
            .replace("due = \"2022-12-31\"", "due = \"31-12-2022\"")
            .replace("unit = \"percent\"", "unit = \"procent\"")
            .replace("rule = \"manual\"", "rule = \"raden\"")
            .replace("id = \"a-scan-1\"", "id = \"A Scan\"");
        let fields: Vec<String> = errors(&src).into_iter().map(|e| e.1).collect();
        for f in [
            "milestones[0].due",
            "milestones[0].id",
            "kpis[0].unit",
            "kpis[0].rule",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let src = SMALL.replace("target = 80.0", "target = 80,0");
        let e = errors(&src);
        assert_eq!(e[0].0, line_of(&src, "target = 80,0"), "{e:?}");
        assert_eq!(e[0].2, "programme-syntax");
    }

    #[test]
    fn a_line_to_check_needs_a_note_and_amounts_need_the_check() {
        let src = SMALL.replace("amounts = [{ year = 2023, eur = 15000 }]", "amounts = []");
        assert_eq!(errors(&src)[0].1, "budget_lines[0].amounts");
        let src = SMALL.replace(
            "amounts = [{ year = 2023, eur = 15000 }]",
            "amounts = []\nto_check = true",
        );
        assert_eq!(errors(&src)[0].1, "budget_lines[0].note");
    }

    #[test]
    fn a_milestone_may_name_what_observes_it() {
        let with = |o: &str| {
            SMALL.replace(
                "due = \"2022-12-31\"\n\n[[kpis]]",
                &format!("due = \"2022-12-31\"\nobserved_by = \"{o}\"\n\n[[kpis]]"),
            )
        };
        let track = "\n[[tracks]]\nid = \"t\"\naction_line = \"A\"\nname = { nl = \"T\", en = \"T\" }\n\n[[tracks.phases]]\nphase = \"pilot\"\nname = { nl = \"P\", en = \"P\" }\ndue = \"2024-07-31\"\n";
        let p = parse("p.toml", &with("wave_closed:2024")).unwrap();
        assert_eq!(
            p.milestones[0].observed_by,
            Some(Observer::WaveClosed("2024".into()))
        );
        let p = parse("p.toml", &with("steering_frozen:2024 q4")).unwrap();
        assert_eq!(
            p.milestones[0].observed_by,
            Some(Observer::SteeringFrozen("2024-K4".into()))
        );
        let p = parse("p.toml", &format!("{}{track}", with("track_phase:t:pilot"))).unwrap();
        assert_eq!(
            p.milestones[0].observed_by,
            Some(Observer::TrackPhase {
                track: "t".into(),
                phase: "pilot".into()
            })
        );
        let p = parse("p.toml", &with("scan_published:2024")).unwrap();
        assert_eq!(
            p.milestones[0].observed_by,
            Some(Observer::ScanPublished(2024))
        );
        assert_eq!(
            parse("p.toml", SMALL).unwrap().milestones[0].observed_by,
            None
        );
        for bad in [
            "scan_published:najaar",
            "wave_closed:",
            "steering_frozen:2024-K5",
            "track_phase:t:nope",
            "guess:2024",
        ] {
            let e = errors(&format!("{}{track}", with(bad)));
            assert!(
                e.iter().any(|x| x.1 == "milestones[0].observed_by"),
                "{bad}: {e:?}"
            );
        }
    }

    #[test]
    fn a_once_target_needs_a_due_date() {
        let src = SMALL.replace("due = \"2027-12-31\"\n", "");
        assert_eq!(errors(&src)[0].1, "kpis[0].due");
    }

    #[test]
    fn duplicate_ids_and_missing_texts() {
        let src = SMALL
            .replace("id = \"a-kpi\"", "id = \"a-scan-1\"\n")
            .replace(
                "name = { nl = \"Scan\", en = \"Scan\" }",
                "name = { nl = \"\", en = \"Scan\" }",
            );
        let e = errors(&src);
        assert!(
            e.iter()
                .any(|x| x.1 == "activities[0].name" && x.2 == "programme-text-missing")
        );
        // Milestones and KPIs are different kinds: the same id is fine there.
        assert!(!e.iter().any(|x| x.2 == "programme-id-duplicate"), "{e:?}");
        let src = format!(
            "{SMALL}\n[[activities]]\nid = \"a-scan\"\naction_line = \"A\"\nname = {{ nl = \"x\", en = \"x\" }}\nstarts = \"2023-01-01\"\nends = \"2022-01-01\"\n"
        );
        let e = errors(&src);
        assert!(
            e.iter()
                .any(|x| x.1 == "activities[1].id" && x.2 == "programme-id-duplicate"),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.1 == "activities[1].ends" && x.2 == "programme-period")
        );
    }
}

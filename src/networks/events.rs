//! Knowledge-sharing events (issue 16, item 4): the plan's "tenminste twee
//! evenementen waarbij kennisdeling tussen onderwijsprofessionals centraal
//! staat", announced publicly, with registration, a capacity and a waiting
//! list.
//!
//! The rules: a registration gets a place while fewer than `capacity`
//! people hold one, otherwise a place on the waiting list
//! ([`Status::for_new`]); when someone with a place cancels, the first on
//! the waiting list moves up ([`moving_up`]). An event accepts
//! registrations until it starts and while it is not called off
//! ([`Event::accepts_registrations`]); it counts as held once it has
//! ended, unless it was called off ([`Event::held`]). The store checks the
//! same rules inside its transaction (`events_store`).
//!
//! Times are entered and shown as the clock in Amsterdam shows them and
//! stored in UTC. Pure: no I/O, no clock.

use serde::Deserialize;
use time::{Date, OffsetDateTime, Time};

use crate::i18n::Msg;

pub const TITLE_MAX: usize = 200;
pub const PLACE_MAX: usize = 300;
pub const URL_MAX: usize = 500;
pub const PROGRAMME_MAX: usize = 20_000;
pub const NAME_MAX: usize = 200;
pub const EMAIL_MAX: usize = 254;
pub const CAPACITY_MAX: i64 = 10_000;

/// What the organiser enters, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub title: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    /// The address, or '' when online only.
    pub place: String,
    /// The online link, or '' when not online.
    pub online_url: String,
    pub programme: String,
    pub capacity: i64,
    /// Called off: shown as such, takes no registrations, does not count.
    pub cancelled: bool,
}

impl Event {
    /// Registrations are taken until the event starts, unless it is called off.
    pub fn accepts_registrations(&self, now: OffsetDateTime) -> bool {
        !self.cancelled && now < self.starts_at
    }

    /// It has ended.
    pub fn is_past(&self, now: OffsetDateTime) -> bool {
        self.ends_at <= now
    }

    /// It took place: ended and not called off (what the KPI counts).
    pub fn held(&self, now: OffsetDateTime) -> bool {
        !self.cancelled && self.is_past(now)
    }

    /// The day it starts, in Amsterdam.
    pub fn day(&self) -> Date {
        crate::audit::local(self.starts_at).date()
    }
}

/// Where a registration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Holds a place.
    Registered,
    /// On the waiting list.
    Waiting,
    /// Cancelled through the personal link.
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Registered, Status::Waiting, Status::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Waiting => "waiting",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn key(self) -> String {
        format!("event-status-{}", self.as_str())
    }

    /// A new registration when `registered` people already hold one of
    /// `capacity` places.
    pub fn for_new(capacity: i64, registered: i64) -> Status {
        if registered < capacity {
            Status::Registered
        } else {
            Status::Waiting
        }
    }

    /// Whether the personal link can still cancel it.
    pub fn cancellable(self) -> bool {
        matches!(self, Status::Registered | Status::Waiting)
    }
}

/// Places still free.
pub fn places_left(capacity: i64, registered: i64) -> i64 {
    (capacity - registered).max(0)
}

/// How many of `waiting` people move up when `registered` of `capacity`
/// places are held.
pub fn moving_up(capacity: i64, registered: i64, waiting: i64) -> i64 {
    places_left(capacity, registered).min(waiting.max(0))
}

/// A field and what is wrong with it.
pub type Errors = Vec<(&'static str, Msg)>;

fn text(
    errors: &mut Errors,
    field: &'static str,
    value: &str,
    max: usize,
    missing: &'static str,
) -> String {
    let v = value.trim();
    if v.is_empty() {
        if !missing.is_empty() {
            errors.push((field, Msg::new(missing)));
        }
    } else if v.chars().count() > max {
        errors.push((field, Msg::new("event-field-long").arg("max", max)));
    }
    v.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .replace("\r", "")
}

/// `day` at `at` as the clock in Amsterdam shows it, in UTC (`None` for a
/// time that does not exist, like 02:30 on the night summer time begins).
pub fn amsterdam(day: Date, at: Time) -> Option<OffsetDateTime> {
    let year = i16::try_from(day.year()).ok()?;
    let civil = jiff::civil::Date::new(year, u8::from(day.month()) as i8, day.day() as i8)
        .ok()?
        .at(at.hour() as i8, at.minute() as i8, 0, 0);
    let zone = jiff::tz::TimeZone::get(crate::audit::TIME_ZONE).ok()?;
    let ts = zone.to_ambiguous_timestamp(civil).compatible().ok()?;
    OffsetDateTime::from_unix_timestamp(ts.as_second()).ok()
}

/// The event form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EventInput {
    #[serde(default)]
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// `HH:MM`.
    #[serde(default)]
    pub starts: String,
    #[serde(default)]
    pub ends: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub capacity: String,
    /// A ticked checkbox.
    #[serde(default)]
    pub cancelled: Option<String>,
}

fn clock(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

impl EventInput {
    /// The form of a stored event.
    pub fn of(e: &Event) -> EventInput {
        let fmt = time::macros::format_description!("[hour]:[minute]");
        let starts = crate::audit::local(e.starts_at);
        let ends = crate::audit::local(e.ends_at);
        EventInput {
            title: e.title.clone(),
            date: starts.date().to_string(),
            starts: starts.format(&fmt).unwrap_or_default(),
            ends: ends.format(&fmt).unwrap_or_default(),
            place: e.place.clone(),
            online_url: e.online_url.clone(),
            programme: e.programme.clone(),
            capacity: e.capacity.to_string(),
            cancelled: e.cancelled.then(|| "on".into()),
        }
    }

    pub fn validate(&self) -> Result<Event, Errors> {
        let mut errors = Vec::new();
        let title = text(
            &mut errors,
            "title",
            &self.title,
            TITLE_MAX,
            "event-title-missing",
        );
        let day = match self.date.trim() {
            "" => {
                errors.push(("date", Msg::new("event-date-missing")));
                None
            }
            d => {
                let parsed =
                    Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).ok();
                if parsed.is_none() {
                    errors.push(("date", Msg::new("event-date-invalid")));
                }
                parsed
            }
        };
        let mut time_field = |field: &'static str, value: &str, missing: &'static str| {
            if value.trim().is_empty() {
                errors.push((field, Msg::new(missing)));
                None
            } else {
                let t = clock(value);
                if t.is_none() {
                    errors.push((field, Msg::new("event-time-invalid")));
                }
                t
            }
        };
        let starts = time_field("starts", &self.starts, "event-starts-missing");
        let ends = time_field("ends", &self.ends, "event-ends-missing");
        if let (Some(s), Some(e)) = (starts, ends)
            && e <= s
        {
            errors.push(("ends", Msg::new("event-ends-before-start")));
        }
        let place = text(&mut errors, "place", &self.place, PLACE_MAX, "");
        let online_url = text(&mut errors, "online_url", &self.online_url, URL_MAX, "");
        let web = online_url.starts_with("https://") || online_url.starts_with("http://");
        if !(online_url.is_empty() || web) || online_url.contains(char::is_whitespace) {
            errors.push(("online_url", Msg::new("event-url-invalid")));
        }
        if place.is_empty() && online_url.is_empty() {
            errors.push(("place", Msg::new("event-place-missing")));
        }
        let programme = text(
            &mut errors,
            "programme",
            &self.programme,
            PROGRAMME_MAX,
            "event-programme-missing",
        );
        let capacity = match self.capacity.trim() {
            "" => {
                errors.push(("capacity", Msg::new("event-capacity-missing")));
                None
            }
            c => match c.parse::<i64>() {
                Ok(n) if (1..=CAPACITY_MAX).contains(&n) => Some(n),
                _ => {
                    errors.push((
                        "capacity",
                        Msg::new("event-capacity-invalid").arg("max", CAPACITY_MAX),
                    ));
                    None
                }
            },
        };
        let times = match (day, starts, ends) {
            (Some(d), Some(s), Some(e)) => match (amsterdam(d, s), amsterdam(d, e)) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => {
                    errors.push(("starts", Msg::new("event-time-invalid")));
                    None
                }
            },
            _ => None,
        };
        match (times, capacity) {
            (Some((starts_at, ends_at)), Some(capacity)) if errors.is_empty() => Ok(Event {
                title,
                starts_at,
                ends_at,
                place,
                online_url,
                programme,
                capacity,
                cancelled: self.cancelled.is_some(),
            }),
            _ => Err(errors),
        }
    }
}

/// A registration, validated (the e-mail address in lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub name: String,
    pub email: String,
    pub institution: String,
}

/// The registration form as typed, with the spam guard's fields.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RegistrationInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub institution: String,
    /// The consent checkbox, ticked.
    #[serde(default)]
    pub consent: Option<String>,
    /// The honeypot (`crate::spam::HONEYPOT_FIELD`).
    #[serde(default)]
    pub website: String,
    #[serde(default, rename = "_stamp")]
    pub stamp: String,
}

impl RegistrationInput {
    pub fn validate(&self) -> Result<Registration, Errors> {
        let mut errors = Vec::new();
        let name = text(
            &mut errors,
            "name",
            &self.name,
            NAME_MAX,
            "event-name-missing",
        );
        let email = self.email.trim().to_lowercase();
        if email.is_empty() {
            errors.push(("email", Msg::new("event-email-missing")));
        } else if email.len() > EMAIL_MAX || !crate::mail::plausible_address(&email) {
            errors.push(("email", Msg::new("event-email-invalid")));
        }
        let institution = text(
            &mut errors,
            "institution",
            &self.institution,
            NAME_MAX,
            "event-institution-missing",
        );
        if self.consent.is_none() {
            errors.push(("consent", Msg::new("event-consent-missing")));
        }
        if errors.is_empty() {
            Ok(Registration {
                name,
                email,
                institution,
            })
        } else {
            Err(errors)
        }
    }
}

/// What an event's calendar file holds.
#[derive(Clone, Debug)]
pub struct IcsEntry<'a> {
    pub uid: String,
    pub title: &'a str,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub location: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub cancelled: bool,
}

/// The iCalendar text (RFC 5545, CRLF line ends) of one event, stamped
/// `stamp`; times in UTC. The `icalendar` crate escapes and folds.
pub fn ics(e: &IcsEntry<'_>, stamp: OffsetDateTime) -> String {
    use icalendar::{Calendar, Component, EventLike, Property};
    let utc = |t: OffsetDateTime| {
        chrono::DateTime::from_timestamp(t.unix_timestamp(), 0).unwrap_or_default()
    };
    let clean = |s: &str| -> String {
        s.replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect()
    };
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", super::calendar::PRODID));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.push(
        icalendar::Event::new()
            .uid(&e.uid)
            .timestamp(utc(stamp))
            .starts(utc(e.starts_at))
            .ends(utc(e.ends_at))
            .summary(&clean(e.title))
            .location(&clean(e.location))
            .description(&clean(e.description))
            .url(e.url)
            .status(if e.cancelled {
                icalendar::EventStatus::Cancelled
            } else {
                icalendar::EventStatus::Confirmed
            })
            .done(),
    );
    cal.done()
        .to_string()
        .replace("\r\n", "\n")
        .replace('\n', "\r\n")
}

/// The hash under which a cancellation token is stored.
pub fn token_hash(token: &str) -> String {
    crate::monitor::token_hash(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    fn form() -> EventInput {
        EventInput {
            title: "Kennisdag digitale didactiek".into(),
            date: "2026-03-12".into(),
            starts: "13:30".into(),
            ends: "17:00".into(),
            place: "Utrecht".into(),
            programme: "Workshops en een lezing.".into(),
            capacity: "40".into(),
            ..EventInput::default()
        }
    }

    #[test]
    fn a_full_event_puts_new_registrations_on_the_waiting_list() {
        assert_eq!(Status::for_new(2, 0), Status::Registered);
        assert_eq!(Status::for_new(2, 1), Status::Registered);
        assert_eq!(Status::for_new(2, 2), Status::Waiting);
        assert_eq!(places_left(2, 3), 0);
        assert_eq!(moving_up(2, 1, 5), 1);
        assert_eq!(moving_up(5, 1, 2), 2);
        assert_eq!(moving_up(2, 2, 5), 0);
    }

    #[test]
    fn times_are_amsterdam_clock_times() {
        let e = form().validate().unwrap();
        assert_eq!(e.starts_at, datetime!(2026-03-12 12:30 UTC));
        assert_eq!(e.ends_at, datetime!(2026-03-12 16:00 UTC));
        assert_eq!(e.day(), date!(2026 - 03 - 12));
        assert_eq!(
            amsterdam(date!(2026 - 07 - 01), time!(10:00)),
            Some(datetime!(2026-07-01 08:00 UTC))
        );
        let back = EventInput::of(&e);
        assert_eq!(
            (back.date.as_str(), back.starts.as_str(), back.ends.as_str()),
            ("2026-03-12", "13:30", "17:00")
        );
    }

    #[test]
    fn registrations_close_at_the_start_and_a_cancelled_event_is_not_held() {
        let mut e = form().validate().unwrap();
        assert!(e.accepts_registrations(datetime!(2026-03-12 12:29 UTC)));
        assert!(!e.accepts_registrations(datetime!(2026-03-12 12:30 UTC)));
        assert!(!e.held(datetime!(2026-03-12 15:00 UTC)));
        assert!(e.held(datetime!(2026-03-12 16:00 UTC)));
        e.cancelled = true;
        assert!(!e.accepts_registrations(datetime!(2026-01-01 00:00 UTC)));
        assert!(!e.held(datetime!(2026-04-01 00:00 UTC)));
    }

    #[test]
    fn every_error_names_its_field() {
        let bad = EventInput {
            title: " ".into(),
            date: "12-03-2026".into(),
            starts: "25:00".into(),
            ends: "".into(),
            online_url: "teams".into(),
            capacity: "0".into(),
            ..EventInput::default()
        };
        let fields: Vec<&str> = bad
            .validate()
            .unwrap_err()
            .iter()
            .map(|(f, _)| *f)
            .collect();
        for f in [
            "title",
            "date",
            "starts",
            "ends",
            "online_url",
            "programme",
            "capacity",
        ] {
            assert!(fields.contains(&f), "{f}: {fields:?}");
        }
        let mut early = form();
        early.ends = "13:00".into();
        let e = early.validate().unwrap_err();
        assert_eq!(e[0].0, "ends");
        let mut nowhere = form();
        nowhere.place = String::new();
        assert_eq!(nowhere.validate().unwrap_err()[0].0, "place");
        let mut online = nowhere.clone();
        online.online_url = "https://meet.example.nl/kennisdag".into();
        assert!(online.validate().is_ok());
    }

    #[test]
    fn the_calendar_file_holds_the_event_in_utc() {
        let e = form().validate().unwrap();
        let text = ics(
            &IcsEntry {
                uid: "knowledge-event-1@bekwaam".into(),
                title: &e.title,
                starts_at: e.starts_at,
                ends_at: e.ends_at,
                location: "Utrecht, zaal 3; tweede verdieping",
                description: "Regel 1\r\nRegel 2",
                url: "https://bekwaam.test/events/1",
                cancelled: false,
            },
            datetime!(2026-01-01 09:00 UTC),
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.contains("DTSTART:20260312T123000Z"), "{text}");
        assert!(text.contains("DTEND:20260312T160000Z"), "{text}");
        assert!(
            text.contains("SUMMARY:Kennisdag digitale didactiek"),
            "{text}"
        );
        assert!(
            text.contains("LOCATION:Utrecht\\, zaal 3\\; tweede verdieping"),
            "{text}"
        );
        assert!(text.contains("Regel 1\\nRegel 2"), "{text}");
        assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    }

    #[test]
    fn a_registration_needs_name_address_institution_and_consent() {
        let r = RegistrationInput::default().validate().unwrap_err();
        let fields: Vec<&str> = r.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "email", "institution", "consent"]);
        let ok = RegistrationInput {
            name: "Jan Fictief".into(),
            email: " Jan@ROC-Voorbeeld.nl ".into(),
            institution: "ROC Voorbeeld".into(),
            consent: Some("on".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.email, "jan@roc-voorbeeld.nl");
        let bad = RegistrationInput {
            email: "jan@nl".into(),
            ..Default::default()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .iter()
                .any(|(f, m)| *f == "email" && m.key == "event-email-invalid")
        );
    }
}

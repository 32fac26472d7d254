//! The meetings of a network as iCalendar (RFC 5545; issue 15, item 8:
//! "every meeting ... as iCalendar (.ics) per meeting and a feed per
//! workshop/network, so members add them to Outlook/Google calendars").
//!
//! A meeting has a date, no time, so each is an all-day event
//! (`DTSTART;VALUE=DATE`, `DTEND` the next day, exclusive) with a UID that
//! stays the same for the meeting (`meeting-{id}@bekwaam`), so a calendar
//! that refreshes a feed updates the event instead of adding a copy. The
//! place (or "Online") is the LOCATION, the agenda the DESCRIPTION; the
//! minutes are never in a calendar: the input type has no field for them.
//! The `icalendar` crate writes the text (escaping of `\ , ;` and newlines,
//! line folding); [`ics`] only normalises line ends and drops control
//! characters that TEXT values may not hold.
//!
//! The feed of a network is a capability URL: it needs no session, because
//! calendar apps send no cookie, and its key is an HMAC-SHA256 of the
//! network id under an installation secret ([`FeedSecret`]), so nothing is
//! stored per network. Whoever holds the URL reads the meeting dates,
//! places and agendas of that network; replacing the secret (see
//! docs/operations.md) invalidates every feed URL at once.
//!
//! Pure: no I/O, no clock; the stamp and the texts come from the caller.

use std::fmt;

use hmac::{Hmac, Mac};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use sha2::Sha256;
use time::{Date, OffsetDateTime};

/// Identifies the producer (RFC 5545, 3.7.3).
pub const PRODID: &str = "-//MBO Digitaal//Bekwaam//NL";

/// How often a subscribed calendar should fetch the feed again (a hint;
/// Outlook reads `X-PUBLISHED-TTL`, others `REFRESH-INTERVAL`).
pub const REFRESH_HOURS: i64 = 12;

/// What the calendar needs of a meeting: no minutes, no attendance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    pub id: i64,
    pub held_on: Date,
    /// A place, or `None` when online.
    pub place: Option<&'a str>,
    pub agenda: &'a str,
}

/// The words of the calendar, from the catalogue in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// Every event's SUMMARY ("{network}: bijeenkomst").
    pub summary: String,
    /// The LOCATION of an online meeting.
    pub online: String,
    /// The calendar's name (`X-WR-CALNAME`): set for a feed, `None` for
    /// one meeting's file (Outlook would open it as a calendar of its own).
    pub calendar_name: Option<String>,
}

/// The stable UID of a meeting's event.
pub fn uid(meeting: i64) -> String {
    format!("meeting-{meeting}@bekwaam")
}

/// The iCalendar text (CRLF line ends) of `entries`, stamped `stamp`.
pub fn ics(texts: &Texts, entries: &[Entry<'_>], stamp: OffsetDateTime) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", PRODID));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    if let Some(name) = &texts.calendar_name {
        // Not `Calendar::name`: it also writes NAME, which the crate does
        // not escape; X- properties are escaped as TEXT.
        cal.append_property(Property::new("X-WR-CALNAME", text(name)));
        cal.ttl(&chrono::TimeDelta::hours(REFRESH_HOURS));
    }
    let stamp = chrono::DateTime::from_timestamp(stamp.unix_timestamp(), 0).unwrap_or_default();
    let summary = text(&texts.summary);
    for e in entries {
        // Every `time::Date` lies inside chrono's range; a date that did
        // not would be left out rather than written wrong.
        let Some(day) = naive(e.held_on) else {
            continue;
        };
        let Some(next) = day.succ_opt() else {
            continue;
        };
        let location = e.place.map_or_else(|| text(&texts.online), text);
        cal.push(
            Event::new()
                .uid(&uid(e.id))
                .timestamp(stamp)
                .starts(day)
                .ends(next)
                .summary(&summary)
                .location(&location)
                .description(&text(e.agenda))
                // A date without a time: shown, not blocking the whole day.
                .add_property("TRANSP", "TRANSPARENT")
                .done(),
        );
    }
    cal.done().to_string()
}

fn naive(d: Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(d.year(), u8::from(d.month()).into(), d.day().into())
}

/// A TEXT value as the crate should see it: line ends as `\n` (forms send
/// `\r\n`; the crate escapes `\n` only) and no other control characters
/// but the tab (RFC 5545, 3.3.11 allows none).
fn text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// The installation's key for feed URLs, made once and kept in the
/// `secrets` table (`calendar-feed`); never shown or logged.
#[derive(Clone)]
pub struct FeedSecret(Hmac<Sha256>);

impl fmt::Debug for FeedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FeedSecret(..)")
    }
}

impl FeedSecret {
    /// `None` only for a key HMAC cannot take (it takes every length).
    pub fn new(secret: &[u8]) -> Option<FeedSecret> {
        Hmac::<Sha256>::new_from_slice(secret).ok().map(FeedSecret)
    }

    fn mac(&self, network: i64) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        mac.update(format!("bekwaam calendar feed of network {network}").as_bytes());
        mac
    }

    /// The key in the feed URL of `network`: 64 lowercase hex digits.
    pub fn key(&self, network: i64) -> String {
        hex::encode(self.mac(network).finalize().into_bytes())
    }

    /// Whether `key` is the feed key of `network`, compared in constant
    /// time (`Mac::verify_slice`).
    pub fn accepts(&self, network: i64, key: &str) -> bool {
        match hex::decode(key) {
            Ok(tag) if key.len() == 64 && key.bytes().all(|b| !b.is_ascii_uppercase()) => {
                self.mac(network).verify_slice(&tag).is_ok()
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn texts(name: Option<&str>) -> Texts {
        Texts {
            summary: "IBP-netwerk: bijeenkomst".into(),
            online: "Online".into(),
            calendar_name: name.map(str::to_string),
        }
    }

    /// The content lines, unfolded (RFC 5545, 3.1).
    fn lines(ics: &str) -> Vec<String> {
        assert!(ics.ends_with("\r\n"), "CRLF line ends");
        ics.replace("\r\n ", "")
            .replace("\r\n\t", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    const STAMP: OffsetDateTime = datetime!(2026-03-01 10:15:30 UTC);

    #[test]
    fn a_meeting_is_an_all_day_event_ending_the_next_day() {
        let e = Entry {
            id: 7,
            held_on: date!(2025 - 12 - 31),
            place: Some("Utrecht"),
            agenda: "Agenda",
        };
        let l = lines(&ics(&texts(None), &[e], STAMP));
        for want in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//MBO Digitaal//Bekwaam//NL",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:meeting-7@bekwaam",
            "DTSTAMP:20260301T101530Z",
            "DTSTART;VALUE=DATE:20251231",
            "DTEND;VALUE=DATE:20260101",
            "SUMMARY:IBP-netwerk: bijeenkomst",
            "LOCATION:Utrecht",
            "DESCRIPTION:Agenda",
            "END:VEVENT",
            "END:VCALENDAR",
        ] {
            assert!(l.iter().any(|x| x == want), "{want} in {l:#?}");
        }
        assert!(
            !l.iter().any(|x| x.starts_with("X-WR-CALNAME")),
            "one meeting's file is no calendar of its own"
        );
    }

    #[test]
    fn texts_are_escaped_and_line_ends_normalised() {
        let e = Entry {
            id: 1,
            held_on: date!(2025 - 03 - 01),
            place: Some("Zaal 1, gebouw B; C:\\ingang"),
            agenda: "1. Opening, welkom;\r\n2. <script>alert(1)</script>\\\r3.\u{7}Einde",
        };
        let out = ics(&texts(Some("Netwerk, IBP; \\ test")), &[e], STAMP);
        assert!(!out.contains('\u{7}'));
        assert!(
            !out.replace("\r\n", "").contains('\r') && !out.replace("\r\n", "").contains('\n'),
            "no bare CR or LF inside a line"
        );
        let l = lines(&out);
        for want in [
            r"LOCATION:Zaal 1\, gebouw B\; C:\\ingang",
            r"DESCRIPTION:1. Opening\, welkom\;\n2. <script>alert(1)</script>\\\n3.Einde",
            r"X-WR-CALNAME:Netwerk\, IBP\; \\ test",
        ] {
            assert!(l.iter().any(|x| x == want), "{want} in {l:#?}");
        }
    }

    #[test]
    fn an_online_meeting_says_online_and_a_feed_is_named_and_refreshed() {
        let a = Entry {
            id: 1,
            held_on: date!(2025 - 03 - 01),
            place: None,
            agenda: "A",
        };
        let b = Entry {
            id: 2,
            held_on: date!(2026 - 09 - 01),
            place: Some("Zwolle"),
            agenda: "B",
        };
        let l = lines(&ics(&texts(Some("IBP-netwerk")), &[a, b], STAMP));
        assert!(l.iter().any(|x| x == "LOCATION:Online"), "{l:#?}");
        assert!(l.iter().any(|x| x == "X-WR-CALNAME:IBP-netwerk"), "{l:#?}");
        assert!(l.iter().any(|x| x == "X-PUBLISHED-TTL:PT43200S"), "{l:#?}");
        assert_eq!(l.iter().filter(|x| *x == "BEGIN:VEVENT").count(), 2);
        assert!(l.iter().any(|x| x == "UID:meeting-2@bekwaam"));
        assert!(
            l.iter()
                .all(|x| !x.starts_with("DTSTAMP") || x == "DTSTAMP:20260301T101530Z"),
            "the given stamp, not the clock"
        );
    }

    #[test]
    fn long_lines_are_folded_at_75_octets() {
        let agenda = "ë".repeat(200);
        let e = Entry {
            id: 1,
            held_on: date!(2025 - 03 - 01),
            place: None,
            agenda: &agenda,
        };
        let out = ics(&texts(None), &[e], STAMP);
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out}");
        let l = lines(&out);
        assert!(l.iter().any(|x| *x == format!("DESCRIPTION:{agenda}")));
    }

    #[test]
    fn a_feed_key_belongs_to_one_network_and_one_secret() {
        let s = FeedSecret::new(&[7u8; 32]).unwrap();
        let k = s.key(5);
        assert_eq!(k.len(), 64);
        assert_eq!(k, s.key(5), "stable");
        assert!(s.accepts(5, &k));
        assert!(!s.accepts(6, &k), "another network");
        assert!(!s.accepts(5, &k[..63]), "truncated");
        assert!(!s.accepts(5, &k.to_uppercase()), "one spelling only");
        assert!(!s.accepts(5, "not hex"));
        assert!(!s.accepts(5, ""));
        let other = FeedSecret::new(&[8u8; 32]).unwrap();
        assert!(!other.accepts(5, &k), "a new secret invalidates old keys");
        assert_eq!(format!("{s:?}"), "FeedSecret(..)");
    }
}

//! The audit log: append-only (database triggers refuse UPDATE and DELETE),
//! written in the same transaction as the change it records, so a change
//! without its entry cannot exist. It records who saw or changed what.

pub mod routes;
pub mod store;

use std::sync::LazyLock;

use serde::Serialize;
use time::{Date, OffsetDateTime, UtcOffset};

/// Who did something: a signed-in user, or the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
}

impl Actor {
    pub fn user(id: i64, username: &str) -> Actor {
        Actor {
            user_id: Some(id),
            label: username.to_string(),
        }
    }

    /// An operator at the command line (`bekwaam ...`); the OS user is named
    /// when known.
    pub fn cli() -> Actor {
        let who = std::env::var("USER").unwrap_or_else(|_| "?".into());
        Actor {
            user_id: None,
            label: format!("cli:{who}"),
        }
    }

    pub fn system() -> Actor {
        Actor {
            user_id: None,
            label: "system".into(),
        }
    }
}

/// What kind of thing an entry is about.
pub mod entity {
    pub const INSTITUTION: &str = "institution";
    pub const USER: &str = "user";
    pub const SESSION: &str = "session";
    pub const API_KEY: &str = "api_key";
    /// A report or export downloaded (entity id: wave/institution or wave/sector).
    pub const REPORT: &str = "report";
    /// The audit log itself (exported).
    pub const AUDIT: &str = "audit";
}

/// The catalogue key of an entry's subject (`api_key` -> `audit-entity-api-key`).
pub fn entity_key(entity: &str) -> String {
    format!("audit-entity-{}", entity.replace('_', "-"))
}

/// The catalogue key of an entry's action (`kpi_entry` -> `audit-action-kpi-entry`).
pub fn action_key(action: &str) -> String {
    format!("audit-action-{}", action.replace('_', "-"))
}

/// The time zone the log is read in: the programme's people are in the
/// Netherlands (entries are stored in UTC).
pub const TIME_ZONE: &str = "Europe/Amsterdam";

static ZONE: LazyLock<jiff::tz::TimeZone> =
    LazyLock::new(|| jiff::tz::TimeZone::get(TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC));

/// `t` as the clock in Amsterdam shows it (CET or CEST).
pub fn local(t: OffsetDateTime) -> OffsetDateTime {
    jiff::Timestamp::from_second(t.unix_timestamp())
        .ok()
        .and_then(|ts| UtcOffset::from_whole_seconds(ZONE.to_offset(ts).seconds()).ok())
        .map_or(t, |o| t.to_offset(o))
}

/// The first instant of `day` in Amsterdam, in UTC (`None` past jiff's
/// range of years).
pub fn day_start(day: Date) -> Option<OffsetDateTime> {
    let year = i16::try_from(day.year()).ok()?;
    let civil = jiff::civil::Date::new(year, u8::from(day.month()) as i8, day.day() as i8)
        .ok()?
        .at(0, 0, 0, 0);
    let ts = ZONE.to_ambiguous_timestamp(civil).compatible().ok()?;
    OffsetDateTime::from_unix_timestamp(ts.as_second()).ok()
}

/// One stored entry.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub id: i64,
    pub occurred_at: OffsetDateTime,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub summary: String,
}

/// A new entry; `summary` is a short factual English sentence for the
/// record (it is data, not UI text).
#[derive(Clone, Debug)]
pub struct Event<'a> {
    pub entity: &'static str,
    pub entity_id: &'a str,
    pub action: &'static str,
    pub summary: String,
}

/// Filters for reading the log (who, what, when); empty fields do not
/// filter. Days are days in Amsterdam.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub entity: String,
    #[serde(default)]
    pub action: String,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub from: String,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub to: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn times_are_shown_in_amsterdam() {
        let fmt = time::macros::format_description!("[hour]:[minute]");
        let summer = local(datetime!(2026-07-01 12:00 UTC));
        assert_eq!(summer.format(&fmt).unwrap(), "14:00");
        let winter = local(datetime!(2026-01-15 12:00 UTC));
        assert_eq!(winter.format(&fmt).unwrap(), "13:00");
        // The same instant.
        assert_eq!(summer, datetime!(2026-07-01 12:00 UTC));
    }

    #[test]
    fn a_day_starts_at_midnight_in_amsterdam() {
        assert_eq!(
            day_start(date!(2026 - 07 - 01)),
            Some(datetime!(2026-06-30 22:00 UTC))
        );
        assert_eq!(
            day_start(date!(2026 - 01 - 15)),
            Some(datetime!(2026-01-14 23:00 UTC))
        );
    }

    /// Every `.rs` file under `src`, with its path.
    fn sources() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("dir").flatten() {
                let p = entry.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&p).expect("read");
                    out.push((p.display().to_string(), text));
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        out
    }

    /// The `"code"` literals in `text`.
    fn literals(text: &str) -> Vec<String> {
        text.split('"')
            .skip(1)
            .step_by(2)
            .filter(|c| !c.is_empty() && c.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .map(str::to_string)
            .collect()
    }

    /// The value of `field` in each `Event { ... }` the code writes: the
    /// codes it can take, from literals in the expression, from the
    /// `let (action, ...)` just before the event, or from the states of a
    /// wave (`to.code()`). A value of another shape fails the test, so a
    /// new kind of entry cannot slip past the catalogue.
    fn written(field: &str, consts: &[Const]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, text) in sources() {
            if path.ends_with("audit/mod.rs") {
                continue;
            }
            let mut at = 0;
            while let Some(i) = text[at..].find("Event {") {
                let start = at + i;
                at = start + 7;
                let body = &text[start..(start + 600).min(text.len())];
                let body = &body[..body.find("\n    }").unwrap_or(body.len())];
                let Some(f) = body
                    .find(&format!(" {field}:"))
                    .or_else(|| body.find(&format!(" {field},")))
                    .map(|f| f + 1)
                else {
                    continue;
                };
                let rest = &body[f + field.len()..];
                let expr = rest
                    .strip_prefix(':')
                    .map_or("", |r| r.split(",\n").next().unwrap_or("").trim());
                let codes = if expr.is_empty() {
                    // `action,`: the tuple bound just before.
                    let before = &text[..start];
                    let from = before
                        .rfind(&format!("let ({field}"))
                        .unwrap_or_else(|| panic!("{path}: where is {field} from?"));
                    before[from..]
                        .split('(')
                        .filter_map(|t| t.trim_start().strip_prefix('"'))
                        .filter_map(|t| t.split('"').next())
                        .flat_map(|c| literals(&format!("\"{c}\"")))
                        .collect()
                } else if expr == "to.code()" {
                    [
                        crate::monitor::WaveState::Draft,
                        crate::monitor::WaveState::Open,
                        crate::monitor::WaveState::Closed,
                        crate::monitor::WaveState::Archived,
                    ]
                    .iter()
                    .map(|w| w.code().to_string())
                    .collect()
                } else if expr.contains('"') {
                    literals(expr)
                } else {
                    let value = resolve(&path, expr, consts)
                        .unwrap_or_else(|| panic!("{path}: {field}: {expr}: add it to this test"));
                    vec![value]
                };
                assert!(!codes.is_empty(), "{path}: {field}: {expr}");
                out.extend(codes.into_iter().map(|c| (path.clone(), c)));
            }
        }
        out
    }

    /// A `pub const NAME: &str = "value";`: the file it is in, its name, its value.
    type Const = (String, String, String);

    /// Every string constant across the code.
    fn consts() -> Vec<Const> {
        let mut out = Vec::new();
        for (path, text) in sources() {
            for line in text.lines() {
                let line = line.trim();
                if let Some(rest) = line.strip_prefix("pub const ")
                    && let Some((name, value)) = rest.split_once(": &str = \"")
                {
                    out.push((
                        path.clone(),
                        name.to_string(),
                        value.trim_end_matches("\";").to_string(),
                    ));
                }
            }
        }
        out
    }

    /// The value of the constant `expr` names as written in the file at
    /// `path`: `NAME` is the file's own, `store::NAME` a sibling module's,
    /// `crate::part::store::NAME` the module from the crate root; a module
    /// brought in by `use` only if the name is unambiguous. Two parts may
    /// each have an `ENTITY`; the path decides which is meant.
    fn resolve(path: &str, expr: &str, consts: &[Const]) -> Option<String> {
        let parts: Vec<&str> = expr.split("::").collect();
        let (name, modules) = parts.split_last()?;
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let here = std::path::Path::new(path);
        let base = match modules.first() {
            None => {
                return consts
                    .iter()
                    .find(|c| c.0 == path && c.1 == *name)
                    .map(|c| c.2.clone());
            }
            Some(&"crate") => src.join(modules[1..].join("/")),
            Some(_) => here.parent()?.join(modules.join("/")),
        };
        let files = [
            base.with_extension("rs").display().to_string(),
            base.join("mod.rs").display().to_string(),
        ];
        if let Some(c) = consts.iter().find(|c| files.contains(&c.0) && c.1 == *name) {
            return Some(c.2.clone());
        }
        // A module brought in by `use`: the name must then be unambiguous.
        let mut values: Vec<&String> = consts
            .iter()
            .filter(|c| c.1 == *name)
            .map(|c| &c.2)
            .collect();
        values.dedup();
        match values.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    #[test]
    fn every_action_and_subject_the_code_records_is_in_the_catalogue() {
        let consts = consts();
        let actions = written("action", &consts);
        let entities = written("entity", &consts);
        assert!(actions.len() > 30, "{actions:?}");
        assert!(
            entities.iter().any(|(_, e)| e == "programme"),
            "{entities:?}"
        );
        for lang in crate::i18n::Lang::ALL {
            let tr = crate::i18n::Tr::new(lang);
            for (path, a) in &actions {
                assert!(
                    tr.has(&action_key(a)),
                    "{lang:?} lacks {} ({path})",
                    action_key(a)
                );
            }
            for (path, e) in &entities {
                assert!(
                    tr.has(&entity_key(e)),
                    "{lang:?} lacks {} ({path})",
                    entity_key(e)
                );
            }
        }
    }
}

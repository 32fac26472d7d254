//! The audit log: append-only (database triggers refuse UPDATE and DELETE),
//! written in the same transaction as the change it records, so a change
//! without its entry cannot exist. It records who saw or changed what.

pub mod routes;
pub mod store;

use serde::Serialize;
use time::OffsetDateTime;

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

/// Filters for reading the log; empty fields do not filter.
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

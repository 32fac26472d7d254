//! The monitor (speerpunt A): "De monitor wordt elke twee jaar afgenomen bij
//! alle mbo-instellingen in Nederland" (the plan). Instruments are data
//! files ([`instrument`]); a wave (afname) fixes one instrument version and
//! the participating institutions; teachers answer anonymously through a
//! secret link whose token is stored only as a hash.

pub mod instrument;
pub mod routes;
pub mod staged;
pub mod store;
pub mod survey;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use sha2::{Digest, Sha256};
use time::Date;

use crate::i18n::Msg;
use crate::institutions::InstitutionCode;

/// The instrument shipped with Bekwaam, loaded into every database.
pub const DEFAULT_INSTRUMENT: &str =
    include_str!("../../instruments/digitaal-bekwaam-mbo-2026.toml");
pub const DEFAULT_INSTRUMENT_FILE: &str = "instruments/digitaal-bekwaam-mbo-2026.toml";

/// The life of a wave: draft -> open -> closed -> archived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaveState {
    Draft,
    Open,
    Closed,
    Archived,
}

impl WaveState {
    pub fn code(self) -> &'static str {
        match self {
            WaveState::Draft => "draft",
            WaveState::Open => "open",
            WaveState::Closed => "closed",
            WaveState::Archived => "archived",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            WaveState::Draft => "wave-state-draft",
            WaveState::Open => "wave-state-open",
            WaveState::Closed => "wave-state-closed",
            WaveState::Archived => "wave-state-archived",
        }
    }

    /// Whether the wave's results may be published (DESIGN.md: "Results of
    /// a wave appear only after it closes"): reports, exports, KPIs and
    /// microdata read only such waves.
    pub fn releases_results(self) -> bool {
        matches!(self, WaveState::Closed | WaveState::Archived)
    }

    /// Whether teachers may start, change and complete answers (DESIGN.md:
    /// "a closed wave accepts no answers"). The store enforces it inside
    /// the transaction that writes answers ([`store::save_page`],
    /// [`store::complete`]); pages check it first only to explain.
    pub fn accepts_answers(self) -> bool {
        self == WaveState::Open
    }

    /// Whether printed links may be made: before and during fieldwork.
    pub fn accepts_links(self) -> bool {
        matches!(self, WaveState::Draft | WaveState::Open)
    }

    /// Whether e-mail invitations may be sent: during fieldwork only (the
    /// e-mail list is deleted at close).
    pub fn accepts_invitations(self) -> bool {
        self == WaveState::Open
    }

    /// Whether historical responses may be imported: into any wave whose
    /// fieldwork is not open (an import next to live answers would mix
    /// the two).
    pub fn accepts_imports(self) -> bool {
        self != WaveState::Open
    }

    /// The state a wave moves to next, if any.
    pub fn next(self) -> Option<WaveState> {
        match self {
            WaveState::Draft => Some(WaveState::Open),
            WaveState::Open => Some(WaveState::Closed),
            WaveState::Closed => Some(WaveState::Archived),
            WaveState::Archived => None,
        }
    }
}

impl FromStr for WaveState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        [
            WaveState::Draft,
            WaveState::Open,
            WaveState::Closed,
            WaveState::Archived,
        ]
        .into_iter()
        .find(|w| w.code() == s)
        .ok_or(())
    }
}

impl fmt::Display for WaveState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A stored wave.
#[derive(Clone, Debug, Serialize)]
pub struct Wave {
    pub id: i64,
    pub name: String,
    pub instrument_id: String,
    pub instrument_version: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub state: WaveState,
    pub institutions: Vec<InstitutionCode>,
}

/// A new wave as validated from the form or the command line.
#[derive(Clone, Debug)]
pub struct NewWave {
    pub name: String,
    pub instrument_id: String,
    pub instrument_version: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub institutions: Vec<InstitutionCode>,
}

pub fn parse_date(s: &str) -> Result<Date, Msg> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &fmt).map_err(|_| Msg::new("date-invalid").arg("value", s.trim()))
}

/// Validates the wave form; every bad field is reported.
pub fn validate_wave(
    name: &str,
    instrument: &str,
    opens_on: &str,
    closes_on: &str,
    institutions: &[String],
) -> Result<NewWave, Vec<(&'static str, Msg)>> {
    let mut errors = Vec::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        errors.push(("name", Msg::new("wave-name-invalid")));
    }
    let (iid, iver) = instrument.split_once('@').unwrap_or(("", ""));
    if iid.is_empty() || iver.is_empty() {
        errors.push(("instrument", Msg::new("wave-instrument-required")));
    }
    let opens = parse_date(opens_on)
        .map_err(|m| errors.push(("opens_on", m)))
        .ok();
    let closes = parse_date(closes_on)
        .map_err(|m| errors.push(("closes_on", m)))
        .ok();
    if let (Some(o), Some(c)) = (opens, closes)
        && c < o
    {
        errors.push(("closes_on", Msg::new("wave-dates-order")));
    }
    let mut codes = Vec::new();
    for c in institutions {
        match c.parse::<InstitutionCode>() {
            Ok(code) if !codes.contains(&code) => codes.push(code),
            Ok(_) => {}
            Err(m) => errors.push(("institutions", m)),
        }
    }
    if codes.is_empty() {
        errors.push(("institutions", Msg::new("wave-institutions-required")));
    }
    match (errors.is_empty(), opens, closes) {
        (true, Some(opens_on), Some(closes_on)) => Ok(NewWave {
            name: name.to_string(),
            instrument_id: iid.to_string(),
            instrument_version: iver.to_string(),
            opens_on,
            closes_on,
            institutions: codes,
        }),
        _ => Err(errors),
    }
}

/// The most printed links one request makes (web form and CLI).
pub const MAX_LINKS: usize = 2000;

/// Limits on invitations (issue 13): two clicks and a reload once sent
/// every invitee two reminders within a minute, and one 100,000-line list
/// held the database for minutes. Set once in `web::Settings` from the
/// command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvitationLimits {
    /// Days after a reminder before the same person may get another
    /// (default 3).
    pub reminder_interval_days: u32,
    /// Most addresses in one uploaded list.
    pub max_list_rows: usize,
    /// Largest uploaded list file, in bytes.
    pub max_list_bytes: usize,
}

impl Default for InvitationLimits {
    fn default() -> Self {
        InvitationLimits {
            reminder_interval_days: 3,
            max_list_rows: 20_000,
            max_list_bytes: 2 * 1024 * 1024,
        }
    }
}

impl InvitationLimits {
    /// The latest day a person may last have been reminded on to be
    /// reminded again on `today`.
    pub fn remind_cutoff(&self, today: Date) -> Date {
        today
            .checked_sub(time::Duration::days(self.reminder_interval_days.into()))
            .unwrap_or(Date::MIN)
    }

    /// The first day a person reminded on `last` may be reminded again.
    pub fn reminder_again_on(&self, last: Date) -> Date {
        last.checked_add(time::Duration::days(self.reminder_interval_days.into()))
            .unwrap_or(Date::MAX)
    }
}

/// The public link of a token.
pub fn survey_url(base: &str, token: &str) -> String {
    format!("{}/s/{token}", base.trim_end_matches('/'))
}

/// A fresh survey token: 128 random bits as 32 hex characters.
pub fn new_token() -> String {
    crate::token::random_token(16)
}

/// What is stored of a token: its SHA-256. Tokens carry 128 random bits,
/// so a fast hash suffices; the token itself is never stored or logged.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `true` when `s` has the form of a token (so junk never reaches a query).
pub fn token_shaped(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_128_bits_and_only_their_hash_is_kept() {
        let t = new_token();
        assert!(token_shaped(&t));
        assert_ne!(t, new_token());
        let h = token_hash(&t);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&t));
    }

    #[test]
    fn the_wave_form_reports_every_bad_field() {
        let e = validate_wave("", "", "2026-13-01", "2026-01-01", &["x".into()]).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "name",
                "instrument",
                "opens_on",
                "institutions",
                "institutions"
            ]
        );
        let e =
            validate_wave("2026", "a@1", "2026-03-01", "2026-02-01", &["25AA".into()]).unwrap_err();
        assert_eq!(e[0].1.key, "wave-dates-order");
        let ok = validate_wave(
            "2026",
            "a@1",
            "2026-02-01",
            "2026-03-01",
            &["25aa".into(), "25AA".into()],
        )
        .unwrap();
        assert_eq!(ok.institutions.len(), 1);
    }

    #[test]
    fn a_reminder_waits_the_interval_in_whole_days() {
        let l = InvitationLimits::default();
        let d = |s: &str| parse_date(s).unwrap();
        assert_eq!(l.remind_cutoff(d("2026-12-05")), d("2026-12-02"));
        assert_eq!(l.reminder_again_on(d("2026-12-02")), d("2026-12-05"));
        let none = InvitationLimits {
            reminder_interval_days: 0,
            ..l
        };
        assert_eq!(none.remind_cutoff(d("2026-12-05")), d("2026-12-05"));
    }

    #[test]
    fn states_move_forward_only() {
        assert_eq!(WaveState::Draft.next(), Some(WaveState::Open));
        assert_eq!(WaveState::Archived.next(), None);
        assert_eq!("closed".parse(), Ok(WaveState::Closed));
    }

    #[test]
    fn the_default_instrument_loads() {
        let i = instrument::parse(DEFAULT_INSTRUMENT_FILE, DEFAULT_INSTRUMENT)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(i.domains.len(), 8);
        assert!((40..=60).contains(&i.items.len()));
    }
}

/// Parsed instruments by `(id, version)`, read from the database once.
/// Stored versions never change, so the cache never goes stale.
#[derive(Default)]
pub struct Instruments {
    cache: std::sync::RwLock<
        std::collections::HashMap<(String, String), std::sync::Arc<instrument::Instrument>>,
    >,
}

#[derive(Debug, thiserror::Error)]
pub enum InstrumentError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("stored instrument {0} does not load: {1}")]
    Invalid(String, String),
}

impl Instruments {
    pub async fn get(
        &self,
        db: &crate::store::Db,
        id: &str,
        version: &str,
    ) -> Result<std::sync::Arc<instrument::Instrument>, InstrumentError> {
        let key = (id.to_string(), version.to_string());
        if let Some(i) = self
            .cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(i.clone());
        }
        let source = store::instrument_source(db, id, version)
            .await?
            .ok_or(crate::store::StoreError::NotFound)?;
        let name = format!("{id}@{version}");
        let parsed = instrument::parse(&name, &source).map_err(|e| {
            InstrumentError::Invalid(name.clone(), format!("{:?}", e.first().map(|e| &e.reason)))
        })?;
        let parsed = std::sync::Arc::new(parsed);
        self.cache
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, parsed.clone());
        Ok(parsed)
    }
}

/// Loads the shipped instrument into the database (once per version).
pub async fn ensure_default_instrument(db: &crate::store::Db) -> anyhow::Result<(String, String)> {
    let i = instrument::parse(DEFAULT_INSTRUMENT_FILE, DEFAULT_INSTRUMENT).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            e.iter()
                .map(|e| e.render(&crate::i18n::Tr::default()))
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    store::ensure_instrument(db, &i.id, &i.version, DEFAULT_INSTRUMENT).await?;
    Ok((i.id, i.version))
}

//! The spam guard of the public forms ("Ik heb dit ingezet", event
//! registration), without third-party captchas: a hidden field that
//! people leave empty (a honeypot) and a signed stamp of when the form was
//! drawn. A form sent back sooner than [`MIN_SECONDS`] after it was drawn
//! (a script, not a person), or later than [`MAX_SECONDS`], or with a stamp
//! that was not made here, is refused. Pure: the key and the clock come in.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The hidden field a person leaves empty (the form hides it from people
/// and screen readers; a form-filling script fills it).
pub const HONEYPOT_FIELD: &str = "website";
/// The field that carries the stamp.
pub const STAMP_FIELD: &str = "_stamp";
/// A person needs at least this long to fill in a form.
pub const MIN_SECONDS: i64 = 3;
/// A form older than a day is drawn again.
pub const MAX_SECONDS: i64 = 24 * 3600;

/// Why a public form was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The hidden field was filled in.
    Honeypot,
    /// Sent back within [`MIN_SECONDS`].
    TooFast,
    /// Older than [`MAX_SECONDS`].
    Expired,
    /// No stamp, or not one this installation made.
    Invalid,
}

impl Refusal {
    /// The catalogue key of the sentence the form shows.
    pub fn message_key(self) -> &'static str {
        match self {
            Refusal::Honeypot | Refusal::Invalid => "spam-refused",
            Refusal::TooFast => "spam-too-fast",
            Refusal::Expired => "spam-expired",
        }
    }
}

/// The installation's key for form stamps (`secrets` row `public-forms`).
#[derive(Clone)]
pub struct Guard(Hmac<Sha256>);

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Guard(..)")
    }
}

impl Guard {
    pub fn new(secret: &[u8]) -> Option<Guard> {
        Hmac::<Sha256>::new_from_slice(secret).ok().map(Guard)
    }

    fn mac(&self, form: &str, at: i64) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        mac.update(format!("bekwaam public form {form} drawn at {at}").as_bytes());
        mac
    }

    /// The stamp of form `form` (a name per form, so a stamp of one form
    /// does not pass another) drawn at unix time `now`.
    pub fn stamp(&self, form: &str, now: i64) -> String {
        format!(
            "{now}.{}",
            hex::encode(self.mac(form, now).finalize().into_bytes())
        )
    }

    /// Whether a form sent back at `now` with `stamp` and `honeypot` came
    /// from a person.
    pub fn check(&self, form: &str, stamp: &str, honeypot: &str, now: i64) -> Result<(), Refusal> {
        if !honeypot.trim().is_empty() {
            return Err(Refusal::Honeypot);
        }
        let (at, tag) = stamp.split_once('.').ok_or(Refusal::Invalid)?;
        let at: i64 = at.parse().map_err(|_| Refusal::Invalid)?;
        let tag = hex::decode(tag).map_err(|_| Refusal::Invalid)?;
        self.mac(form, at)
            .verify_slice(&tag)
            .map_err(|_| Refusal::Invalid)?;
        let age = now - at;
        if age < MIN_SECONDS {
            Err(Refusal::TooFast)
        } else if age > MAX_SECONDS {
            Err(Refusal::Expired)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard::new(b"test key").unwrap()
    }

    #[test]
    fn a_person_passes_between_three_seconds_and_a_day() {
        let g = guard();
        let s = g.stamp("usage", 1000);
        assert_eq!(g.check("usage", &s, "", 1002), Err(Refusal::TooFast));
        assert_eq!(g.check("usage", &s, "", 1003), Ok(()));
        assert_eq!(g.check("usage", &s, "", 1000 + MAX_SECONDS), Ok(()));
        assert_eq!(
            g.check("usage", &s, "", 1001 + MAX_SECONDS),
            Err(Refusal::Expired)
        );
    }

    #[test]
    fn a_filled_honeypot_a_forged_or_foreign_stamp_is_refused() {
        let g = guard();
        let s = g.stamp("usage", 1000);
        assert_eq!(
            g.check("usage", &s, "http://spam", 2000),
            Err(Refusal::Honeypot)
        );
        assert_eq!(g.check("event", &s, "", 2000), Err(Refusal::Invalid));
        let forged = s.replacen("1000", "900", 1);
        assert_eq!(g.check("usage", &forged, "", 2000), Err(Refusal::Invalid));
        let other = Guard::new(b"other").unwrap().stamp("usage", 1000);
        assert_eq!(g.check("usage", &other, "", 2000), Err(Refusal::Invalid));
        for bad in ["", "1000", "x.y", "1000.zz"] {
            assert_eq!(g.check("usage", bad, "", 2000), Err(Refusal::Invalid));
        }
    }
}

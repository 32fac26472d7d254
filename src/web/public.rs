//! What the public pages (library, events) share: their forms carry the
//! spam guard (`crate::spam`) instead of a CSRF token, because nobody is
//! signed in and a cross-site post gains nothing a visitor could not do
//! by hand. Each public form includes `templates/spam_fields.html`.

use super::AppState;
use crate::i18n::Msg;

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The stamp to put in public form `form` drawn now.
pub fn stamp(state: &AppState, form: &str) -> String {
    state.public_forms.stamp(form, unix_now())
}

/// Whether public form `form` came back from a person; the refusal is the
/// sentence the form shows above its fields (the input is kept).
pub fn check(state: &AppState, form: &str, stamp: &str, honeypot: &str) -> Result<(), Msg> {
    state
        .public_forms
        .check(form, stamp, honeypot, unix_now())
        .map_err(|r| Msg::new(r.message_key()))
}

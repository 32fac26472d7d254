//! Password hashing with argon2id (the crate's defaults: 19 MiB, 2 passes),
//! always off the async worker threads, and the password rule.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngCore;

use crate::i18n::Msg;

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 256;

/// Checks the password rule; the message names what is wrong.
pub fn validate(password: &str) -> Result<(), Msg> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(Msg::new("password-too-short").arg("min", MIN_LEN));
    }
    if n > MAX_LEN {
        return Err(Msg::new("password-too-long").arg("max", MAX_LEN));
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes `password` to a PHC string on a blocking thread.
pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| HashError(e.to_string()))?
}

pub fn hash_blocking(password: &str) -> Result<String, HashError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Verifies `password` against `phc` on a blocking thread. With `phc` absent
/// (unknown user) a dummy hash is checked so timing does not reveal that.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let phc = phc.unwrap_or_else(|| DUMMY_HASH.clone());
        match PasswordHash::new(&phc) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    })
    .await
    .unwrap_or(false)
}

/// The argon2id hash of a random string nobody knows.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_blocking(&generate()).unwrap_or_default());

/// A random password for resets and new accounts: 16 characters from an
/// alphabet without look-alikes (about 90 bits).
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(h)).await);
        assert!(!verify("anything at all".into(), None).await);
    }

    #[test]
    fn short_passwords_are_refused_with_the_minimum() {
        let e = validate("kort").unwrap_err();
        assert_eq!(e.key, "password-too-short");
        assert!(validate("lang genoeg wachtwoord").is_ok());
    }

    #[test]
    fn generated_passwords_pass_the_rule_and_differ() {
        let a = generate();
        assert!(validate(&a).is_ok());
        assert_ne!(a, generate());
    }
}

//! Download counts without tracking (issue 16, item 2). A download counts
//! once per file, day and client within [`WINDOW_SECONDS`] (COUNTER's
//! double-click rule: two clicks within 30 seconds are one). To tell two
//! clicks of one client from clicks of two, the counter keeps, in memory
//! only, a hash of the file, the client's address and user agent with a
//! salt made at start-up and never stored; each key is forgotten
//! [`WINDOW_SECONDS`] after its last click. What is stored is a number per
//! file and day (`library_downloads`): no address, no cookie, no time.

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// "Double-clicks within 30 seconds count once".
pub const WINDOW_SECONDS: i64 = 30;
/// Keys kept at most; beyond it the oldest are forgotten early (a flood
/// then counts a little more, never less).
const MAX_KEYS: usize = 100_000;

pub struct DoubleClicks {
    salt: [u8; 32],
    /// Key -> unix time of its last click.
    seen: Mutex<HashMap<[u8; 32], i64>>,
}

impl std::fmt::Debug for DoubleClicks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DoubleClicks(..)")
    }
}

impl Default for DoubleClicks {
    fn default() -> Self {
        DoubleClicks::new(rand::random())
    }
}

impl DoubleClicks {
    pub fn new(salt: [u8; 32]) -> DoubleClicks {
        DoubleClicks {
            salt,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a download of `file` by the client described by `client`
    /// (its address and user agent) at unix time `now` counts.
    pub fn counts(&self, file: i64, client: &[u8], now: i64) -> bool {
        let mut h = Sha256::new();
        h.update(self.salt);
        h.update(file.to_le_bytes());
        h.update(client);
        let key: [u8; 32] = h.finalize().into();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= MAX_KEYS {
            seen.retain(|_, at| now - *at < WINDOW_SECONDS);
            if seen.len() >= MAX_KEYS {
                seen.clear();
            }
        }
        match seen.insert(key, now) {
            Some(last) => now - last >= WINDOW_SECONDS,
            None => true,
        }
    }

    /// Forgets every key older than the window (run now and then).
    pub fn sweep(&self, now: i64) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.retain(|_, at| now - *at < WINDOW_SECONDS);
    }

    /// How many keys are held (for tests: the memory is short-lived).
    pub fn held(&self) -> usize {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_click_within_thirty_seconds_counts_once() {
        let c = DoubleClicks::new([7; 32]);
        assert!(c.counts(1, b"10.0.0.1 firefox", 100));
        assert!(!c.counts(1, b"10.0.0.1 firefox", 129));
        // The window runs from the last click.
        assert!(!c.counts(1, b"10.0.0.1 firefox", 150));
        assert!(c.counts(1, b"10.0.0.1 firefox", 180));
        // Another file, another client: counted.
        assert!(c.counts(2, b"10.0.0.1 firefox", 181));
        assert!(c.counts(1, b"10.0.0.2 firefox", 181));
    }

    #[test]
    fn keys_are_forgotten_after_the_window() {
        let c = DoubleClicks::new([7; 32]);
        c.counts(1, b"a", 100);
        c.counts(2, b"a", 120);
        c.sweep(130);
        assert_eq!(c.held(), 1);
        c.sweep(150);
        assert_eq!(c.held(), 0);
    }
}

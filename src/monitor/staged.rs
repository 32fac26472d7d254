//! Work a coordinator has asked for but not yet confirmed or finished
//! viewing, between one request and the next (post/redirect/get): an
//! uploaded e-mail list waiting for "send", and a batch of printed links
//! waiting to be shown and printed. Kept in memory only: survey tokens and
//! addresses never reach a session row or a file, and what a restart
//! loses is asked for again. Each entry belongs to one user, wave and
//! institution, and expires.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::institutions::InstitutionCode;

/// How long an entry waits for its owner.
const TTL: Duration = Duration::from_secs(2 * 3600);
/// Entries kept at most (the oldest goes first), so memory stays bounded.
const MAX_ENTRIES: usize = 256;

/// What is waiting.
#[derive(Clone, Debug)]
pub enum Item {
    /// A checked e-mail list (address, unit), not yet sent.
    Emails(super::store::EmailList),
    /// Printed links just made: their tokens, shown (and printed) from
    /// here, and the unit they are for.
    Links {
        unit: Option<String>,
        tokens: Vec<String>,
    },
}

/// Who an entry is for: only this user, for this wave and institution,
/// may see or use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub user: i64,
    pub wave: i64,
    pub institution: InstitutionCode,
}

struct Entry {
    scope: Scope,
    at: Instant,
    item: Item,
}

#[derive(Default)]
pub struct Staged {
    entries: Mutex<HashMap<String, Entry>>,
}

impl Staged {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `item` and returns its key (random, for the next URL).
    pub fn put(&self, scope: Scope, item: Item) -> String {
        let key = crate::token::random_token(12);
        let mut entries = self.lock();
        entries.retain(|_, e| e.at.elapsed() < TTL);
        while entries.len() >= MAX_ENTRIES {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            entries.remove(&oldest);
        }
        entries.insert(
            key.clone(),
            Entry {
                scope,
                at: Instant::now(),
                item,
            },
        );
        key
    }

    /// The item under `key`, if it is `scope`'s and not expired.
    pub fn get(&self, key: &str, scope: &Scope) -> Option<Item> {
        self.lock()
            .get(key)
            .filter(|e| e.scope == *scope && e.at.elapsed() < TTL)
            .map(|e| e.item.clone())
    }

    /// Removes and returns the item: of two requests for it (a double
    /// click) exactly one gets it.
    pub fn take(&self, key: &str, scope: &Scope) -> Option<Item> {
        let mut entries = self.lock();
        let ok = entries
            .get(key)
            .is_some_and(|e| e.scope == *scope && e.at.elapsed() < TTL);
        if ok {
            entries.remove(key).map(|e| e.item)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(user: i64) -> Scope {
        Scope {
            user,
            wave: 1,
            institution: "25AA".parse().unwrap(),
        }
    }

    #[test]
    fn an_entry_is_its_owners_and_taken_once() {
        let s = Staged::default();
        let k = s.put(scope(1), Item::Emails(vec![("a@roc.nl".into(), None)]));
        assert!(s.get(&k, &scope(2)).is_none(), "another user sees nothing");
        assert!(s.take(&k, &scope(2)).is_none());
        assert!(s.get(&k, &scope(1)).is_some());
        assert!(s.take(&k, &scope(1)).is_some());
        assert!(
            s.take(&k, &scope(1)).is_none(),
            "a second take gets nothing"
        );
    }

    #[test]
    fn memory_stays_bounded() {
        let s = Staged::default();
        for _ in 0..MAX_ENTRIES + 10 {
            s.put(scope(1), Item::Emails(vec![]));
        }
        assert_eq!(s.lock().len(), MAX_ENTRIES);
    }
}

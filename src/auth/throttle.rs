//! Login throttling, as a pure rule (issue 13). Two counters, both a
//! growing delay rather than a lock:
//!
//! - **per account**: after [`Policy::free_failures`] failed attempts for
//!   one username, each next attempt must wait a delay that doubles with
//!   every further failure, from [`Policy::first_delay`] up to
//!   [`Policy::max_delay`]. Whoever guesses against an account slows
//!   every guess down, but cannot keep its owner out for longer than the
//!   cap (the old rule locked any account for 15 minutes, again and again,
//!   for anyone who typed its name five times).
//! - **per client address**: the same rule with a larger allowance and
//!   cap, over failures for *any* username, so one client trying one
//!   password against many usernames is slowed down too.
//!
//! Failures are counted while they keep coming within [`Policy::window`]
//! of each other; a quiet window starts a fresh count. A success clears
//! the account's count (not the client's: an attacker with one valid
//! account must not reset their own counter).

use time::{Duration, OffsetDateTime};

#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Failures allowed before any delay.
    pub free_failures: i64,
    /// The delay after the first failure beyond the allowance.
    pub first_delay: Duration,
    /// The longest delay, however many failures.
    pub max_delay: Duration,
    /// A gap this long without failures starts a fresh count.
    pub window: Duration,
}

impl Policy {
    /// Per username: 5 free, then 15 s, 30 s, 1 min, ... at most 5 minutes.
    pub const ACCOUNT: Policy = Policy {
        free_failures: 5,
        first_delay: Duration::seconds(15),
        max_delay: Duration::minutes(5),
        window: Duration::minutes(15),
    };
    /// Per client address, over all usernames: 20 free, then 1 min, 2 min,
    /// ... at most an hour.
    pub const CLIENT: Policy = Policy {
        free_failures: 20,
        first_delay: Duration::minutes(1),
        max_delay: Duration::hours(1),
        window: Duration::minutes(15),
    };

    /// The wait after `failures` failed attempts (zero within the allowance).
    pub fn delay(&self, failures: i64) -> Duration {
        if failures < self.free_failures {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free_failures).min(30) as u32;
        let secs = self
            .first_delay
            .whole_seconds()
            .saturating_mul(1i64 << doublings);
        Duration::seconds(secs).min(self.max_delay)
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::ACCOUNT
    }
}

/// What is stored per username (and kept in memory per client address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub failures: i64,
    /// The time of the latest failure.
    pub window_start: OffsetDateTime,
    /// No attempt before this time.
    pub locked_until: Option<OffsetDateTime>,
}

/// `Err(minutes)` when a login attempt must be refused now, with the whole
/// minutes (at least 1) until it may be tried again.
pub fn check(state: Option<&State>, now: OffsetDateTime) -> Result<(), i64> {
    match state.and_then(|s| s.locked_until) {
        Some(until) if until > now => {
            let secs = (until - now).whole_seconds();
            Err(((secs + 59) / 60).max(1))
        }
        _ => Ok(()),
    }
}

/// The state after one more failed attempt at `now`.
pub fn after_failure(state: Option<&State>, now: OffsetDateTime, policy: Policy) -> State {
    let failures = match state {
        Some(s) if now - s.window_start <= policy.window => s.failures + 1,
        _ => 1,
    };
    let delay = policy.delay(failures);
    State {
        failures,
        window_start: now,
        locked_until: (delay > Duration::ZERO).then_some(now + delay),
    }
}

/// Whether a stored state no longer matters at `now` (for pruning).
pub fn expired(state: &State, now: OffsetDateTime, policy: Policy) -> bool {
    now - state.window_start > policy.window && state.locked_until.is_none_or(|u| u <= now)
}

/// Failures per client address, kept in memory only: no address is ever
/// stored in the database (a restart forgets them, which only ever helps
/// the legitimate user). Several servers behind one balancer each count
/// their own.
#[derive(Debug, Default)]
pub struct Clients {
    map: std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, State>>,
}

impl Clients {
    /// Refuses (`Err(minutes)`) while `client` must wait.
    pub fn check(&self, client: std::net::IpAddr, now: OffsetDateTime) -> Result<(), i64> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        check(map.get(&client), now)
    }

    /// Counts one failure of `client`; forgets addresses whose count
    /// expired, so the map holds only recent failures.
    pub fn failed(&self, client: std::net::IpAddr, now: OffsetDateTime) -> Result<(), i64> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 1024 {
            map.retain(|_, s| !expired(s, now, Policy::CLIENT));
        }
        let next = after_failure(map.get(&client), now, Policy::CLIENT);
        map.insert(client, next);
        check(Some(&next), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-29 10:00 UTC);

    #[test]
    fn the_fifth_failure_delays_and_each_next_one_doubles_the_delay() {
        let p = Policy::ACCOUNT;
        let mut s = None;
        for i in 0..4 {
            let next = after_failure(s.as_ref(), T0 + Duration::seconds(i), p);
            assert_eq!(check(Some(&next), T0 + Duration::seconds(i)), Ok(()));
            s = Some(next);
        }
        let fifth = after_failure(s.as_ref(), T0 + Duration::seconds(5), p);
        assert_eq!(fifth.locked_until, Some(T0 + Duration::seconds(20)));
        assert_eq!(check(Some(&fifth), T0 + Duration::seconds(5)), Err(1));
        assert_eq!(check(Some(&fifth), T0 + Duration::seconds(21)), Ok(()));
        let sixth = after_failure(Some(&fifth), T0 + Duration::seconds(21), p);
        assert_eq!(sixth.locked_until, Some(T0 + Duration::seconds(51)));
    }

    #[test]
    fn no_number_of_failures_keeps_an_account_out_longer_than_the_cap() {
        let p = Policy::ACCOUNT;
        assert_eq!(p.delay(4), Duration::ZERO);
        assert_eq!(p.delay(5), Duration::seconds(15));
        assert_eq!(p.delay(6), Duration::seconds(30));
        assert_eq!(p.delay(1_000_000), Duration::minutes(5));
        let mut s = None;
        let mut now = T0;
        for _ in 0..200 {
            let next = after_failure(s.as_ref(), now, p);
            assert!(
                next.locked_until
                    .is_none_or(|u| u - now <= Duration::minutes(5))
            );
            now = next.locked_until.unwrap_or(now) + Duration::seconds(1);
            s = Some(next);
        }
    }

    #[test]
    fn a_quiet_window_starts_a_new_count() {
        let p = Policy::ACCOUNT;
        let s = State {
            failures: 9,
            window_start: T0,
            locked_until: Some(T0 + Duration::minutes(4)),
        };
        let next = after_failure(Some(&s), T0 + Duration::minutes(20), p);
        assert_eq!(next.failures, 1);
        assert_eq!(next.locked_until, None);
        assert!(expired(&s, T0 + Duration::minutes(16), p));
        assert!(!expired(&s, T0 + Duration::minutes(3), p));
    }

    #[test]
    fn a_client_gets_more_room_but_a_longer_cap() {
        let p = Policy::CLIENT;
        assert_eq!(p.delay(19), Duration::ZERO);
        assert_eq!(p.delay(20), Duration::minutes(1));
        assert_eq!(p.delay(500), Duration::hours(1));
    }

    proptest! {
        #[test]
        fn never_delayed_before_free_failures(n in 0i64..4, gap in 0i64..1000) {
            let p = Policy::ACCOUNT;
            let mut s = None;
            for i in 0..=n {
                s = Some(after_failure(s.as_ref(), T0 + Duration::seconds(i * gap), p));
            }
            prop_assert_eq!(check(s.as_ref(), T0 + Duration::seconds(n * gap)), Ok(()));
        }
    }
}

//! Login throttling, as a pure rule: after [`Policy::max_failures`] failed
//! attempts for one username within [`Policy::window`], that username is
//! locked for [`Policy::lockout`]. A success clears the record.

use time::{Duration, OffsetDateTime};

#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub max_failures: i64,
    pub window: Duration,
    pub lockout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_failures: 5,
            window: Duration::minutes(15),
            lockout: Duration::minutes(15),
        }
    }
}

/// What is stored per username.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub failures: i64,
    pub window_start: OffsetDateTime,
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
    let fresh = State {
        failures: 1,
        window_start: now,
        locked_until: None,
    };
    let mut next = match state {
        Some(s)
            if now - s.window_start <= policy.window && s.locked_until.is_none_or(|u| u > now) =>
        {
            State {
                failures: s.failures + 1,
                ..*s
            }
        }
        _ => fresh,
    };
    if next.failures >= policy.max_failures {
        next.locked_until = Some(now + policy.lockout);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-29 10:00 UTC);

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let p = Policy::default();
        let mut s = None;
        for i in 0..4 {
            let next = after_failure(s.as_ref(), T0 + Duration::seconds(i), p);
            assert_eq!(check(Some(&next), T0 + Duration::seconds(i)), Ok(()));
            s = Some(next);
        }
        let locked = after_failure(s.as_ref(), T0 + Duration::seconds(5), p);
        assert_eq!(check(Some(&locked), T0 + Duration::seconds(5)), Err(15));
        assert_eq!(check(Some(&locked), T0 + Duration::minutes(14)), Err(2));
        assert_eq!(check(Some(&locked), T0 + Duration::minutes(16)), Ok(()));
    }

    #[test]
    fn failures_outside_the_window_start_a_new_count() {
        let p = Policy::default();
        let s = State {
            failures: 4,
            window_start: T0,
            locked_until: None,
        };
        let next = after_failure(Some(&s), T0 + Duration::minutes(20), p);
        assert_eq!(next.failures, 1);
        assert_eq!(next.locked_until, None);
    }

    #[test]
    fn after_a_lockout_expires_one_failure_does_not_lock_again() {
        let p = Policy::default();
        let s = State {
            failures: 5,
            window_start: T0,
            locked_until: Some(T0 + Duration::minutes(15)),
        };
        let next = after_failure(Some(&s), T0 + Duration::minutes(16), p);
        assert_eq!(next.failures, 1);
        assert_eq!(check(Some(&next), T0 + Duration::minutes(16)), Ok(()));
    }

    proptest! {
        #[test]
        fn never_locked_before_max_failures(n in 0i64..4, gap in 0i64..1000) {
            let p = Policy::default();
            let mut s = None;
            for i in 0..=n {
                s = Some(after_failure(s.as_ref(), T0 + Duration::seconds(i * gap), p));
            }
            prop_assert_eq!(check(s.as_ref(), T0 + Duration::seconds(n * gap)), Ok(()));
        }
    }
}

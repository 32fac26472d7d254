//! Disclosure control (DESIGN.md, privacy rules): "No figure about a group
//! of fewer than MIN_GROUP respondents (default 10, configurable, never
//! below 5) leaves the server ... Secondary suppression: a hidden cell must
//! not be recoverable from totals or from the difference of two visible
//! figures. A filter combination that would isolate a small group is
//! refused with an explanation."
//!
//! Pure rules on group sizes; every page, export and API answer that shows
//! figures about respondents passes its groups through here first.
//!
//! The rules, for a minimum group size `m`:
//! - primary: a group of fewer than `m` respondents is hidden;
//! - partitions (a total and the groups it splits into, e.g. an institution
//!   and its teams, where respondents without a team form an implicit
//!   remainder group): when the total is shown, the hidden parts together
//!   must be nobody or at least `m` respondents, so no small part (nor a
//!   small set of them) can be recovered as the total minus the visible
//!   parts; otherwise the smallest visible parts are hidden as well, and if
//!   that is not enough, the total too;
//! - subsets (a filter, or one team against its institution): shown only
//!   when the subset and its complement both hold at least `m` respondents
//!   (or the complement is empty), so "all minus subset" never describes a
//!   small group.

use crate::i18n::Msg;

/// The smallest group size the platform accepts as configuration.
pub const FLOOR: u64 = 5;
pub const DEFAULT_MIN_GROUP: u64 = 10;

/// The minimum group size in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinGroup(u64);

impl MinGroup {
    /// `None` below the floor of 5.
    pub fn new(m: u64) -> Option<MinGroup> {
        (m >= FLOOR).then_some(MinGroup(m))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// Primary suppression: may a figure about `n` respondents be shown?
    pub fn allows(self, n: u64) -> bool {
        n >= self.0
    }
}

impl Default for MinGroup {
    fn default() -> Self {
        MinGroup(DEFAULT_MIN_GROUP)
    }
}

/// `--min-group 12` / `BEKWAAM_MIN_GROUP=12`: parsed once, where the
/// setting enters (the CLI's arguments), never below the floor.
impl std::str::FromStr for MinGroup {
    type Err = String;
    fn from_str(s: &str) -> Result<MinGroup, String> {
        let n: u64 = s
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a whole number"))?;
        MinGroup::new(n).ok_or_else(|| format!("{n} is below the floor of {FLOOR}"))
    }
}

impl std::fmt::Display for MinGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which cells of a partition may be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    pub total_shown: bool,
    /// One flag per part, in the order given.
    pub parts_shown: Vec<bool>,
}

/// Suppression for a total of `total` respondents split into `parts`
/// (whose sizes may add up to less than the total: the rest is an implicit
/// remainder group that is never shown as a cell of its own).
pub fn partition(total: u64, parts: &[u64], m: MinGroup) -> Partition {
    let mut shown: Vec<bool> = parts.iter().map(|&n| m.allows(n)).collect();
    let remainder = total.saturating_sub(parts.iter().sum());
    if !m.allows(total) {
        return Partition {
            total_shown: false,
            parts_shown: vec![false; parts.len()],
        };
    }
    loop {
        // Total minus the visible parts is the hidden lump: nobody, or a
        // group of at least m (then no part of it below m can be told
        // apart from the rest of the lump). Counting parts instead would let
        // one small part hide "among" an empty one, as the linked-set
        // property test found.
        let hidden_n: u64 = parts
            .iter()
            .zip(&shown)
            .filter(|(_, s)| !**s)
            .map(|(n, _)| n)
            .sum::<u64>()
            + remainder;
        let safe = hidden_n == 0 || m.allows(hidden_n);
        if safe {
            return Partition {
                total_shown: true,
                parts_shown: shown,
            };
        }
        // Hide the smallest part still shown (its figure reveals least).
        let next = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| shown[*i])
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        match next {
            Some(i) => shown[i] = false,
            None => {
                // Hiding every part is not enough (e.g. the total minus
                // nothing visible is still a small remainder): hide the
                // total, which makes every part safe on its own.
                return Partition {
                    total_shown: false,
                    parts_shown: parts.iter().map(|&n| m.allows(n)).collect(),
                };
            }
        }
    }
}

/// Why a subset may not be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The subset itself is too small.
    TooSmall { n: u64 },
    /// Everyone else is too few: "all minus this subset" would describe them.
    ComplementTooSmall { rest: u64 },
    /// Shown together with the other options of the same question (they
    /// partition the institution), it would let a small option or the
    /// respondents without an answer be recovered.
    LinkedTooSmall,
}

impl Refusal {
    pub fn msg(&self, m: MinGroup) -> Msg {
        match self {
            Refusal::TooSmall { .. } => Msg::new("disclosure-too-small").arg("min", m.get()),
            Refusal::ComplementTooSmall { .. } => {
                Msg::new("disclosure-complement-too-small").arg("min", m.get())
            }
            Refusal::LinkedTooSmall => Msg::new("disclosure-linked").arg("min", m.get()),
        }
    }
}

/// May figures about `subset` respondents out of a shown population of
/// `population` be shown (a filter, a team against its institution)?
pub fn subset(subset: u64, population: u64, m: MinGroup) -> Result<(), Refusal> {
    let rest = population.saturating_sub(subset);
    if !m.allows(subset) {
        Err(Refusal::TooSmall { n: subset })
    } else if rest > 0 && !m.allows(rest) {
        Err(Refusal::ComplementTooSmall { rest })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(n: u64) -> MinGroup {
        MinGroup::new(n).unwrap()
    }

    #[test]
    fn the_minimum_is_never_below_five() {
        assert_eq!(MinGroup::new(4), None);
        assert_eq!("12".parse::<MinGroup>().map(MinGroup::get), Ok(12));
        assert!("4".parse::<MinGroup>().unwrap_err().contains("floor of 5"));
        assert!("tien".parse::<MinGroup>().is_err());
        assert_eq!(MinGroup::default().get(), 10);
        assert!(m(5).allows(5) && !m(5).allows(4));
    }

    #[test]
    fn one_small_team_takes_the_smallest_other_with_it() {
        let p = partition(60, &[25, 3, 20, 12], m(10));
        assert_eq!(p.parts_shown, vec![true, false, true, false]);
        assert!(p.total_shown);
    }

    #[test]
    fn two_small_teams_together_below_the_minimum_are_not_enough() {
        // 4 + 3 = 7 hidden respondents: their joint mean would leak.
        let p = partition(47, &[20, 4, 3, 20], m(10));
        assert_eq!(p.parts_shown.iter().filter(|s| !**s).count(), 3);
    }

    #[test]
    fn a_small_remainder_without_team_counts_as_hidden() {
        // 2 respondents chose no team: total minus the teams reveals them.
        let p = partition(32, &[15, 15], m(10));
        assert_eq!(p.parts_shown, vec![false, true]);
        // Now the total minus the visible team is 17 people in two groups.
        assert_eq!(lump_an_attacker_sees(32, &[15, 15], &p), Some((17, 2)));
    }

    #[test]
    fn a_small_total_hides_everything() {
        let p = partition(8, &[5, 3], m(10));
        assert!(!p.total_shown);
        assert_eq!(p.parts_shown, vec![false, false]);
    }

    #[test]
    fn filters_that_isolate_a_small_group_are_refused() {
        assert_eq!(subset(4, 100, m(10)), Err(Refusal::TooSmall { n: 4 }));
        assert_eq!(
            subset(95, 100, m(10)),
            Err(Refusal::ComplementTooSmall { rest: 5 })
        );
        assert_eq!(subset(100, 100, m(10)), Ok(()));
        assert_eq!(subset(50, 100, m(10)), Ok(()));
        assert_eq!(
            Refusal::TooSmall { n: 4 }.msg(m(10)).key,
            "disclosure-too-small"
        );
    }

    // --- differencing attacks: each tries to learn about a group smaller
    // than the minimum from what is shown, and must fail. -----------------

    /// An attacker who sees the total and the visible parts learns the size
    /// (and so, with means, the figures) of everything hidden, as one lump.
    fn lump_an_attacker_sees(total: u64, parts: &[u64], p: &Partition) -> Option<(u64, usize)> {
        if !p.total_shown {
            return None;
        }
        let visible: u64 = parts
            .iter()
            .zip(&p.parts_shown)
            .filter(|(_, s)| **s)
            .map(|(n, _)| n)
            .sum();
        let hidden_parts = parts
            .iter()
            .zip(&p.parts_shown)
            .filter(|(n, s)| !**s && **n > 0)
            .count();
        let remainder = total - parts.iter().sum::<u64>();
        Some((total - visible, hidden_parts + usize::from(remainder > 0)))
    }

    proptest! {
        #[test]
        fn attack_total_minus_visible_parts_never_isolates_a_small_group(
            parts in proptest::collection::vec(0u64..40, 1..8),
            extra in 0u64..15,
            min in 5u64..15,
        ) {
            let total = parts.iter().sum::<u64>() + extra;
            let p = partition(total, &parts, m(min));
            for (n, shown) in parts.iter().zip(&p.parts_shown) {
                prop_assert!(!shown || *n >= min, "a shown part is small");
            }
            prop_assert!(!p.total_shown || total >= min);
            if let Some((lump, groups)) = lump_an_attacker_sees(total, &parts, &p) {
                // Nothing hidden, or the hidden lump is big; a lump of one
                // group is then a group of at least min.
                prop_assert!(lump == 0 || lump >= min,
                    "lump {lump} of {groups} groups recoverable");
            }
        }

        #[test]
        fn attack_team_against_institution_minus_team_fails(
            team in 0u64..200,
            others in 0u64..200,
            min in 5u64..15,
        ) {
            // Shown: the institution, and the team if allowed. The attacker
            // subtracts to get "everyone but the team".
            let institution = team + others;
            if subset(team, institution, m(min)).is_ok() {
                prop_assert!(team >= min);
                prop_assert!(others == 0 || others >= min);
            }
        }

        #[test]
        fn attack_filtered_against_unfiltered_fails(
            filtered in 0u64..300,
            rest in 0u64..300,
            min in 5u64..15,
        ) {
            let all = filtered + rest;
            if subset(filtered, all, m(min)).is_ok() {
                // unfiltered minus filtered = the rest, which must be safe.
                prop_assert!(rest == 0 || rest >= min);
            }
        }
    }
}

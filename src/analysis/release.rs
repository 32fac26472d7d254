//! The release gate's perturbation: the cell-key method (Australian Bureau
//! of Statistics, TableBuilder; Thompson, Broadfoot & Elazar 2013), applied
//! to every published count and mean so that differencing two published
//! figures never yields an exact one (DESIGN.md, privacy rules: "Published
//! counts and means carry a small consistent perturbation (cell-key
//! method) so that differencing yields no exact figure").
//!
//! - Every completed response has a **record key**, a 64-bit number
//!   derived from an installation secret and the response id
//!   ([`record_key`]); it is never shown or exported.
//! - The **cell key** of a figure is the sum of its records' keys modulo
//!   2^64 ([`CellKey`]). The same set of records always has the same cell
//!   key, so the same figure is perturbed the same way however often it is
//!   asked for; a set that differs by one record has an unrelated key.
//! - Counts get an integer noise in `-count_max..=count_max` from a fixed
//!   perturbation table; sums of 0-100 scores a noise of at most
//!   `sum_max` points; the published mean is the perturbed sum over the
//!   exact count, published next to the perturbed count. Standard
//!   deviations carry a relative noise of at most `sd_rel_max`.
//!
//! The parameters are public ([`PARAMS`], docs/privacy.md): the protection
//! does not rest on hiding them. Which figures may be published at all is
//! decided in `report` (linked suppression); this module only perturbs
//! figures already allowed. Pure: no I/O, no clock, no randomness of its
//! own.

use sha2::{Digest, Sha256};

use super::stats::Moments;

/// The published parameters of the perturbation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Largest absolute noise on a published count.
    pub count_max: u64,
    /// Probability of each count noise `-2, -1, 0, 1, 2`.
    pub count_probs: [f64; 5],
    /// Largest absolute noise on a published sum of 0-100 scores.
    pub sum_max: f64,
    /// Largest relative noise on a published standard deviation.
    pub sd_rel_max: f64,
    /// Decimals of a published mean on every output.
    pub mean_decimals: u8,
}

pub const PARAMS: Params = Params {
    count_max: 2,
    count_probs: [0.05, 0.2, 0.5, 0.2, 0.05],
    sum_max: 30.0,
    sd_rel_max: 0.05,
    mean_decimals: 1,
};

/// The upper end of the score scale the sums are of.
const SCORE_MAX: f64 = 100.0;

/// The key of one response: the first eight bytes of
/// SHA-256(secret ‖ response id).
pub fn record_key(secret: &[u8], response_id: i64) -> u64 {
    let mut h = Sha256::new();
    h.update(secret);
    h.update(response_id.to_le_bytes());
    let d = h.finalize();
    u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// The key of a set of records: the sum of their keys modulo 2^64.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CellKey(pub u64);

impl CellKey {
    pub fn with(self, record: u64) -> CellKey {
        CellKey(self.0.wrapping_add(record))
    }

    pub fn merge(self, other: CellKey) -> CellKey {
        self.with(other.0)
    }
}

/// The figures of one set of records with its key: what a published mean
/// and count are made from.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cell {
    pub moments: Moments,
    pub key: CellKey,
}

impl Cell {
    pub fn push(&mut self, x: f64, record: u64) {
        self.moments.push(x);
        self.key = self.key.with(record);
    }

    pub fn merge(self, other: Cell) -> Cell {
        Cell {
            moments: self.moments.merge(other.moments),
            key: self.key.merge(other.key),
        }
    }

    pub fn n(&self) -> u64 {
        self.moments.n
    }
}

/// A count with its key (a frequency cell: respondents at a level, or
/// counting for an indicator).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub n: u64,
    pub key: CellKey,
}

impl Count {
    pub fn push(&mut self, record: u64) {
        self.n += 1;
        self.key = self.key.with(record);
    }

    pub fn merge(self, other: Count) -> Count {
        Count {
            n: self.n + other.n,
            key: self.key.merge(other.key),
        }
    }
}

/// What a perturbation is for, so that the sum and the deviation of one
/// cell draw unrelated noise. A count depends on the set of records alone
/// (the same set on two domains is one count).
#[derive(Clone, Copy, Debug)]
enum Use {
    Count,
    Sum(u64),
    Sd(u64),
}

impl Use {
    fn salt(self) -> u64 {
        match self {
            Use::Count => 0x436f_756e_7400_0000,
            Use::Sum(f) => 0x5375_6d00_0000_0000 ^ f.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            Use::Sd(f) => 0x5364_0000_0000_0000 ^ f.wrapping_mul(0xc2b2_ae3d_27d4_eb4f),
        }
    }
}

/// splitmix64's finaliser: a well-mixed 64-bit value from the key.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in [0, 1) determined by the key and its use.
fn unit(key: CellKey, u: Use) -> f64 {
    (mix(key.0 ^ u.salt()) >> 11) as f64 / (1u64 << 53) as f64
}

/// The count noise for this key, from the perturbation table.
fn count_noise(key: CellKey) -> i64 {
    let r = unit(key, Use::Count);
    let mut acc = 0.0;
    for (i, p) in PARAMS.count_probs.iter().enumerate() {
        acc += p;
        if r < acc {
            return i as i64 - 2;
        }
    }
    2
}

/// The published value of a count (of at least 3: the gate publishes only
/// counts of at least MIN_GROUP, never below 5).
pub fn count(n: u64, key: CellKey) -> u64 {
    (n as i64 + count_noise(key)).max(1) as u64
}

/// The published moments of a cell: perturbed count, mean (perturbed sum
/// over perturbed count, within 0-100) and spread. `figure` tells the
/// cell's figures apart (the domain or indicator it is about).
pub fn moments(cell: &Cell, figure: u64) -> Moments {
    let m = cell.moments;
    if m.n == 0 {
        return m;
    }
    let n = count(m.n, cell.key);
    let noise = (2.0 * unit(cell.key, Use::Sum(figure)) - 1.0) * PARAMS.sum_max;
    // The perturbed sum over the exact count: the mean moves by at most
    // sum_max / n, and since n itself is published only perturbed, "n' x
    // mean'" is no sum an adversary can difference exactly either.
    let mean = (m.mean + noise / m.n as f64).clamp(0.0, SCORE_MAX);
    let m2 = match m.variance() {
        Some(var) if n >= 2 => {
            let rel = 1.0 + (2.0 * unit(cell.key, Use::Sd(figure)) - 1.0) * PARAMS.sd_rel_max;
            var * rel * rel * (n - 1) as f64
        }
        _ => 0.0,
    };
    Moments { n, mean, m2 }
}

/// A stable number for a figure's id (a domain or indicator id), so the
/// same figure draws the same noise whatever its position.
pub fn figure_id(id: &str) -> u64 {
    // FNV-1a: stable across builds and platforms.
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell(values: &[(f64, u64)]) -> Cell {
        let mut c = Cell::default();
        for &(x, k) in values {
            c.push(x, k);
        }
        c
    }

    #[test]
    fn record_keys_depend_on_secret_and_id() {
        assert_ne!(record_key(b"a", 1), record_key(b"a", 2));
        assert_ne!(record_key(b"a", 1), record_key(b"b", 1));
        assert_eq!(record_key(b"a", 1), record_key(b"a", 1));
    }

    #[test]
    fn the_count_table_is_a_distribution_with_the_published_maximum() {
        let total: f64 = PARAMS.count_probs.iter().sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(PARAMS.count_probs.len() as u64, 2 * PARAMS.count_max + 1);
    }

    #[test]
    fn count_noise_follows_the_table() {
        let mut seen = [0u32; 5];
        for k in 0..100_000u64 {
            let e = count_noise(CellKey(mix(k)));
            seen[(e + 2) as usize] += 1;
        }
        for (s, p) in seen.iter().zip(PARAMS.count_probs) {
            let share = f64::from(*s) / 100_000.0;
            assert!((share - p).abs() < 0.01, "{share} vs {p}");
        }
    }

    proptest! {
        #[test]
        fn the_same_records_always_give_the_same_figures(
            xs in proptest::collection::vec((0.0f64..=100.0, any::<u64>()), 10..60),
            figure in any::<u64>(),
        ) {
            // Order does not matter: the key is a sum.
            let a = cell(&xs);
            let mut rev = xs.clone();
            rev.reverse();
            let b = cell(&rev);
            prop_assert_eq!(a.key, b.key);
            let (pa, pb) = (moments(&a, figure), moments(&b, figure));
            prop_assert_eq!(pa.n, pb.n);
            prop_assert!((pa.mean - pb.mean).abs() < 1e-9);
        }

        #[test]
        fn perturbation_stays_within_its_published_bounds(
            xs in proptest::collection::vec((0.0f64..=100.0, any::<u64>()), 10..200),
            figure in any::<u64>(),
        ) {
            let c = cell(&xs);
            let p = moments(&c, figure);
            let n = c.n();
            prop_assert!(p.n.abs_diff(n) <= PARAMS.count_max);
            // Clamping to 0-100 only moves the mean towards the truth's range.
            prop_assert!(p.mean >= 0.0 && p.mean <= 100.0);
            prop_assert!((p.mean - c.moments.mean).abs() * n as f64 <= PARAMS.sum_max + 1e-6);
            if let (Some(v), Some(pv)) = (c.moments.variance(), p.variance()) {
                let r = (pv / v).sqrt();
                prop_assert!(v == 0.0 || (r - 1.0).abs() <= PARAMS.sd_rel_max + 1e-9);
            }
        }

        #[test]
        fn one_record_more_draws_unrelated_noise(
            xs in proptest::collection::vec((0.0f64..=100.0, any::<u64>()), 10..40),
            extra in any::<u64>(),
        ) {
            // Keys differ, so the noises are independent draws (checked
            // over many sets below); here: the key itself changes.
            let a = cell(&xs);
            let mut more = xs.clone();
            more.push((50.0, extra | 1));
            let b = cell(&more);
            prop_assert_ne!(a.key, b.key);
        }
    }

    #[test]
    fn differencing_two_cells_leaves_the_noise_of_both() {
        // Over many sets, (published sum with one more record) - (published
        // sum) - the record's value spreads over most of +-2 sum_max.
        let mut errors = Vec::new();
        for s in 0..2000u64 {
            let xs: Vec<(f64, u64)> = (0..12).map(|i| (50.0, mix(s * 100 + i))).collect();
            let a = cell(&xs);
            let mut more = xs.clone();
            more.push((80.0, mix(s * 100 + 99)));
            let b = cell(&more);
            let (pa, pb) = (moments(&a, 1), moments(&b, 1));
            // The adversary knows these counts exactly here (12 and 13).
            let est = pb.mean * 13.0 - pa.mean * 12.0;
            errors.push(est - 80.0);
        }
        let wide = errors.iter().filter(|e| e.abs() > 10.0).count();
        assert!(wide > 1000, "only {wide} of 2000 differences off by > 10");
    }
}

//! Descriptive and comparative statistics for the monitor's reports: pure
//! functions of numbers, checked in tests against scipy, pingouin and
//! statsmodels on fixed data (`tests/fixtures/stats/`, with the script that
//! made them).

use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

/// n, mean, standard deviation and the 95% confidence interval of the
/// mean (t distribution).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (n - 1); `None` below two values.
    pub sd: Option<f64>,
    pub ci95: Option<(f64, f64)>,
}

pub fn mean(x: &[f64]) -> Option<f64> {
    (!x.is_empty()).then(|| x.iter().sum::<f64>() / x.len() as f64)
}

/// Sample variance (n - 1 in the denominator).
pub fn variance(x: &[f64]) -> Option<f64> {
    Moments::of(x).variance()
}

/// Count, mean and sum of squared deviations of a group of values: enough
/// for the summary, Welch's test and Hedges' g, and mergeable, so a report
/// over a large wave reads sums per institution instead of every
/// response (the rest of the sector is the merge of the other
/// institutions).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// Two passes over the values (the most accurate form).
    pub fn of(x: &[f64]) -> Moments {
        let Some(mean) = mean(x) else {
            return Moments::default();
        };
        Moments {
            n: x.len() as u64,
            mean,
            m2: x.iter().map(|v| (v - mean).powi(2)).sum(),
        }
    }

    /// Adds one value (Welford's update).
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Both groups together (Chan et al.'s pairwise update).
    pub fn merge(self, other: Moments) -> Moments {
        if other.n == 0 {
            return self;
        }
        if self.n == 0 {
            return other;
        }
        let n = self.n + other.n;
        let delta = other.mean - self.mean;
        let (na, nb, nf) = (self.n as f64, other.n as f64, n as f64);
        Moments {
            n,
            mean: self.mean + delta * nb / nf,
            m2: self.m2 + other.m2 + delta * delta * na * nb / nf,
        }
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }

    /// Sample variance (n - 1); `None` below two values.
    pub fn variance(&self) -> Option<f64> {
        (self.n >= 2).then(|| (self.m2 / (self.n - 1) as f64).max(0.0))
    }

    pub fn summary(&self) -> Option<Summary> {
        let m = self.mean()?;
        let sd = self.variance().map(f64::sqrt);
        let ci95 = sd.and_then(|sd| {
            let n = self.n as f64;
            let half = t_quantile(0.975, n - 1.0)? * sd / n.sqrt();
            Some((m - half, m + half))
        });
        Some(Summary {
            n: self.n as usize,
            mean: m,
            sd,
            ci95,
        })
    }
}

fn t_quantile(p: f64, df: f64) -> Option<f64> {
    StudentsT::new(0.0, 1.0, df).ok().map(|t| t.inverse_cdf(p))
}

pub fn summary(x: &[f64]) -> Option<Summary> {
    Moments::of(x).summary()
}

/// A share with its Wilson score interval (95%): robust for small groups
/// and shares near 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    pub k: u64,
    pub n: u64,
    pub share: f64,
    pub low: f64,
    pub high: f64,
}

pub fn wilson(k: u64, n: u64) -> Option<Share> {
    if n == 0 || k > n {
        return None;
    }
    let z = 1.959_963_984_540_054_f64;
    let (kf, nf) = (k as f64, n as f64);
    let p = kf / nf;
    let denom = 1.0 + z * z / nf;
    let centre = (p + z * z / (2.0 * nf)) / denom;
    let half = z * (p * (1.0 - p) / nf + z * z / (4.0 * nf * nf)).sqrt() / denom;
    Some(Share {
        k,
        n,
        share: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    })
}

/// Counts of each value in `values` among `categories`, in that order.
pub fn distribution(values: &[i64], categories: &[i64]) -> Vec<(i64, usize)> {
    categories
        .iter()
        .map(|c| (*c, values.iter().filter(|v| *v == c).count()))
        .collect()
}

/// Cronbach's alpha of a respondents x items matrix (complete rows only)
/// with the 95% interval of Feldt (as pingouin computes it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alpha {
    pub alpha: f64,
    pub low: f64,
    pub high: f64,
    /// Complete rows used.
    pub n: usize,
    pub k: usize,
}

pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<Alpha> {
    let k = rows.first()?.len();
    let mut sums = AlphaSums::new(k);
    for r in rows {
        if r.len() == k && r.iter().all(|v| v.is_finite()) {
            sums.push(r.iter().copied());
        }
    }
    sums.alpha()
}

/// Cronbach's alpha accumulated one complete row at a time, so a report
/// needs no respondents x items matrix.
#[derive(Clone, Debug)]
pub struct AlphaSums {
    items: Vec<Moments>,
    total: Moments,
}

impl AlphaSums {
    pub fn new(k: usize) -> AlphaSums {
        AlphaSums {
            items: vec![Moments::default(); k],
            total: Moments::default(),
        }
    }

    /// One complete row: exactly `k` finite values.
    pub fn push(&mut self, row: impl IntoIterator<Item = f64>) {
        let mut total = 0.0;
        for (m, v) in self.items.iter_mut().zip(row) {
            m.push(v);
            total += v;
        }
        self.total.push(total);
    }

    pub fn alpha(&self) -> Option<Alpha> {
        let k = self.items.len();
        let n = self.total.n as usize;
        if k < 2 || n < 3 {
            return None;
        }
        let item_var: f64 = self.items.iter().map(|m| m.variance().unwrap_or(0.0)).sum();
        let total_var = self.total.variance()?;
        if total_var <= 0.0 {
            return None;
        }
        let kf = k as f64;
        let alpha = kf / (kf - 1.0) * (1.0 - item_var / total_var);
        let df1 = n as f64 - 1.0;
        let df2 = df1 * (kf - 1.0);
        let f = FisherSnedecor::new(df1, df2).ok()?;
        // F.isf(q) = F.inverse_cdf(1 - q)
        let low = 1.0 - (1.0 - alpha) * f.inverse_cdf(0.975);
        let high = 1.0 - (1.0 - alpha) * f.inverse_cdf(0.025);
        Some(Alpha {
            alpha,
            low,
            high,
            n,
            k,
        })
    }
}

/// Welch's t-test of two independent groups (unequal variances).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Welch {
    pub t: f64,
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// Standard error of the difference of the means.
    pub se: f64,
    /// 95% interval of the first mean minus the second (scipy's
    /// `ttest_ind(equal_var=False).confidence_interval(0.95)`).
    pub ci95: (f64, f64),
}

impl Welch {
    /// The first group's mean is higher: the whole 95% interval of the
    /// difference lies above 0.
    pub fn higher(&self) -> bool {
        self.ci95.0 > 0.0
    }

    /// The first group's mean is lower: the whole interval lies below 0.
    pub fn lower(&self) -> bool {
        self.ci95.1 < 0.0
    }
}

pub fn welch(a: &[f64], b: &[f64]) -> Option<Welch> {
    welch_moments(Moments::of(a), Moments::of(b))
}

/// Welch's test from the groups' moments.
pub fn welch_moments(a: Moments, b: Moments) -> Option<Welch> {
    let (va, vb) = (a.variance()?, b.variance()?);
    let (na, nb) = (a.n as f64, b.n as f64);
    let se2 = va / na + vb / nb;
    if se2 <= 0.0 {
        return None;
    }
    let se = se2.sqrt();
    let diff = a.mean - b.mean;
    let t = diff / se;
    let df = se2.powi(2) / ((va / na).powi(2) / (na - 1.0) + (vb / nb).powi(2) / (nb - 1.0));
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let p = 2.0 * (1.0 - dist.cdf(t.abs()));
    let half = dist.inverse_cdf(0.975) * se;
    Some(Welch {
        t,
        df,
        p,
        se,
        ci95: (diff - half, diff + half),
    })
}

/// Hedges' g: Cohen's d with the pooled SD, corrected for small samples.
pub fn hedges_g(a: &[f64], b: &[f64]) -> Option<f64> {
    hedges_g_moments(Moments::of(a), Moments::of(b))
}

/// Hedges' g from the groups' moments.
pub fn hedges_g_moments(a: Moments, b: Moments) -> Option<f64> {
    let (va, vb) = (a.variance()?, b.variance()?);
    let (na, nb) = (a.n as f64, b.n as f64);
    let pooled = (((na - 1.0) * va + (nb - 1.0) * vb) / (na + nb - 2.0)).sqrt();
    if pooled <= 0.0 {
        return None;
    }
    let d = (a.mean - b.mean) / pooled;
    Some(d * (1.0 - 3.0 / (4.0 * (na + nb) - 9.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    const FIXTURE: &str = include_str!("../../tests/fixtures/stats/expected.json");

    fn fixture() -> Value {
        serde_json::from_str(FIXTURE).unwrap()
    }

    fn floats(v: &Value) -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    }

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }

    #[test]
    fn summaries_match_scipy() {
        let f = fixture();
        for (data, exp) in [("a", "summary_a"), ("b", "summary_b")] {
            let s = summary(&floats(&f[data])).unwrap();
            let e = &f[exp];
            assert_eq!(s.n as u64, e["n"].as_u64().unwrap());
            close(s.mean, e["mean"].as_f64().unwrap(), 1e-9);
            close(s.sd.unwrap(), e["sd"].as_f64().unwrap(), 1e-9);
            close(s.ci95.unwrap().0, e["ci_low"].as_f64().unwrap(), 1e-6);
            close(s.ci95.unwrap().1, e["ci_high"].as_f64().unwrap(), 1e-6);
        }
    }

    #[test]
    fn welch_and_hedges_match_scipy_and_pingouin() {
        let f = fixture();
        let (a, b) = (floats(&f["a"]), floats(&f["b"]));
        let w = welch(&a, &b).unwrap();
        close(w.t, f["welch"]["t"].as_f64().unwrap(), 1e-9);
        close(w.df, f["welch"]["df"].as_f64().unwrap(), 1e-6);
        close(w.p, f["welch"]["p"].as_f64().unwrap(), 1e-6);
        close(w.ci95.0, f["welch"]["ci_low"].as_f64().unwrap(), 1e-6);
        close(w.ci95.1, f["welch"]["ci_high"].as_f64().unwrap(), 1e-6);
        // Not significant: the interval holds 0.
        assert!(w.p > 0.05 && !w.higher() && !w.lower(), "{w:?}");
        // b shifted up: significant, the interval lies below 0; and the
        // other way round above 0.
        let s = &f["welch_shifted"];
        let shift = s["shift"].as_f64().unwrap();
        let b2: Vec<f64> = b.iter().map(|x| x + shift).collect();
        let w2 = welch(&a, &b2).unwrap();
        close(w2.p, s["p"].as_f64().unwrap(), 1e-6);
        close(w2.ci95.0, s["ci_low"].as_f64().unwrap(), 1e-6);
        close(w2.ci95.1, s["ci_high"].as_f64().unwrap(), 1e-6);
        assert!(w2.p < 0.05 && w2.lower() && !w2.higher(), "{w2:?}");
        let w3 = welch(&b2, &a).unwrap();
        close(w3.ci95.0, -s["ci_high"].as_f64().unwrap(), 1e-6);
        assert!(w3.higher() && !w3.lower(), "{w3:?}");
        close(
            hedges_g(&a, &b).unwrap(),
            f["hedges_g"].as_f64().unwrap(),
            1e-9,
        );
    }

    #[test]
    fn cronbach_alpha_matches_pingouin() {
        let f = fixture();
        let rows: Vec<Vec<f64>> = f["items"].as_array().unwrap().iter().map(floats).collect();
        let a = cronbach_alpha(&rows).unwrap();
        close(a.alpha, f["cronbach"]["alpha"].as_f64().unwrap(), 1e-9);
        // pingouin rounds its interval to three decimals.
        close(a.low, f["cronbach"]["ci_low"].as_f64().unwrap(), 5e-4);
        close(a.high, f["cronbach"]["ci_high"].as_f64().unwrap(), 5e-4);
    }

    #[test]
    fn wilson_intervals_match_statsmodels() {
        for w in fixture()["wilson"].as_array().unwrap() {
            let s = wilson(w["k"].as_u64().unwrap(), w["n"].as_u64().unwrap()).unwrap();
            close(s.low, w["low"].as_f64().unwrap(), 1e-9);
            close(s.high, w["high"].as_f64().unwrap(), 1e-9);
        }
    }

    #[test]
    fn degenerate_input_gives_none_not_nan() {
        assert_eq!(summary(&[]), None);
        assert_eq!(summary(&[3.0]).unwrap().sd, None);
        assert_eq!(wilson(1, 0), None);
        assert_eq!(welch(&[1.0, 1.0], &[1.0, 1.0]), None);
        assert_eq!(hedges_g(&[2.0], &[1.0, 3.0]), None);
        assert_eq!(
            cronbach_alpha(&[vec![1.0, 1.0], vec![1.0, 1.0], vec![1.0, 1.0]]),
            None
        );
        assert_eq!(
            distribution(&[1, 2, 2, 5], &[1, 2, 3]),
            vec![(1, 1), (2, 2), (3, 0)]
        );
    }

    proptest! {
        #[test]
        fn the_wilson_interval_holds_the_share(n in 1u64..5000, k_frac in 0.0f64..=1.0) {
            let k = (k_frac * n as f64).floor() as u64;
            let s = wilson(k, n).unwrap();
            prop_assert!(s.low <= s.share + 1e-12 && s.share <= s.high + 1e-12);
            prop_assert!((0.0..=1.0).contains(&s.low) && (0.0..=1.0).contains(&s.high));
        }

        #[test]
        fn merged_moments_equal_the_moments_of_the_union(
            x in proptest::collection::vec(0.0f64..100.0, 0..40),
            y in proptest::collection::vec(0.0f64..100.0, 0..40),
        ) {
            let mut streamed = Moments::default();
            for v in x.iter().chain(&y) {
                streamed.push(*v);
            }
            let merged = Moments::of(&x).merge(Moments::of(&y));
            let union = Moments::of(&[x.clone(), y.clone()].concat());
            for m in [streamed, merged] {
                prop_assert_eq!(m.n, union.n);
                prop_assert!((m.mean - union.mean).abs() <= 1e-9);
                prop_assert!((m.m2 - union.m2).abs() <= 1e-7 * union.m2.max(1.0));
            }
        }

        #[test]
        fn the_mean_lies_in_its_interval(x in proptest::collection::vec(0.0f64..100.0, 2..60)) {
            let s = summary(&x).unwrap();
            let (lo, hi) = s.ci95.unwrap();
            prop_assert!(lo <= s.mean + 1e-9 && s.mean <= hi + 1e-9);
        }
    }
}

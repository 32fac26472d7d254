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
    let m = mean(x)?;
    (x.len() >= 2).then(|| x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() - 1) as f64)
}

fn t_quantile(p: f64, df: f64) -> Option<f64> {
    StudentsT::new(0.0, 1.0, df).ok().map(|t| t.inverse_cdf(p))
}

pub fn summary(x: &[f64]) -> Option<Summary> {
    let m = mean(x)?;
    let sd = variance(x).map(f64::sqrt);
    let ci95 = sd.and_then(|sd| {
        let n = x.len() as f64;
        let half = t_quantile(0.975, n - 1.0)? * sd / n.sqrt();
        Some((m - half, m + half))
    });
    Some(Summary {
        n: x.len(),
        mean: m,
        sd,
        ci95,
    })
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
    let complete: Vec<&Vec<f64>> = rows
        .iter()
        .filter(|r| r.len() == k && r.iter().all(|v| v.is_finite()))
        .collect();
    let n = complete.len();
    if k < 2 || n < 3 {
        return None;
    }
    let item_var: f64 = (0..k)
        .map(|j| variance(&complete.iter().map(|r| r[j]).collect::<Vec<_>>()).unwrap_or(0.0))
        .sum();
    let totals: Vec<f64> = complete.iter().map(|r| r.iter().sum()).collect();
    let total_var = variance(&totals)?;
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

/// Welch's t-test of two independent groups (unequal variances).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Welch {
    pub t: f64,
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
}

pub fn welch(a: &[f64], b: &[f64]) -> Option<Welch> {
    let (va, vb) = (variance(a)?, variance(b)?);
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let se2 = va / na + vb / nb;
    if se2 <= 0.0 {
        return None;
    }
    let t = (mean(a)? - mean(b)?) / se2.sqrt();
    let df = se2.powi(2) / ((va / na).powi(2) / (na - 1.0) + (vb / nb).powi(2) / (nb - 1.0));
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let p = 2.0 * (1.0 - dist.cdf(t.abs()));
    Some(Welch { t, df, p })
}

/// Hedges' g: Cohen's d with the pooled SD, corrected for small samples.
pub fn hedges_g(a: &[f64], b: &[f64]) -> Option<f64> {
    let (va, vb) = (variance(a)?, variance(b)?);
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let pooled = (((na - 1.0) * va + (nb - 1.0) * vb) / (na + nb - 2.0)).sqrt();
    if pooled <= 0.0 {
        return None;
    }
    let d = (mean(a)? - mean(b)?) / pooled;
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
        fn the_mean_lies_in_its_interval(x in proptest::collection::vec(0.0f64..100.0, 2..60)) {
            let s = summary(&x).unwrap();
            let (lo, hi) = s.ci95.unwrap();
            prop_assert!(lo <= s.mean + 1e-9 && s.mean <= hi + 1e-9);
        }
    }
}

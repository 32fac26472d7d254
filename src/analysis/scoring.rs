//! Scoring responses from the instrument definition, into a compact form
//! the reports aggregate over: per response the coded item values,
//! the domain scores (0-100, `Instrument::profile`'s rule) and, per
//! `share_at_least` indicator, whether the respondent counts.
//!
//! Pure: the store fills [`Response`]s, everything here is arithmetic.
//! Items are stored as `i8` with [`NO_ANSWER`] for unanswered or
//! "n.v.t." so a national wave (40,000 respondents x 60 items) takes
//! a few megabytes.

use std::collections::HashMap;

use crate::monitor::instrument::{Answer, IndicatorKind, Instrument};

/// Coded value of an item nobody answered, or answered "n.v.t.".
pub const NO_ANSWER: i8 = i8::MIN;

/// One completed response as analysis sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Index into [`WaveData::institutions`].
    pub institution: u32,
    /// The organisational unit (team), when the respondent chose one.
    pub unit: Option<i64>,
    /// Per background question of the instrument, the chosen option's index.
    pub background: Vec<Option<u16>>,
    /// Per item of the instrument, the reverse-coded value or [`NO_ANSWER`].
    pub coded: Vec<i8>,
    /// Per domain, the score 0-100 (`None`: too few items answered).
    pub scores: Vec<Option<f32>>,
    /// Per indicator: `Some(true)` when the respondent counts for a
    /// `share_at_least` indicator, `None` for a domain mean or when none of
    /// its items were answered.
    pub counts: Vec<Option<bool>>,
    /// The response's record key for the cell-key perturbation
    /// (`release::record_key`); 0 until the store sets it.
    pub key: u64,
}

/// All completed responses of one wave.
#[derive(Clone, Debug)]
pub struct WaveData {
    pub wave: String,
    /// Institution codes, in the order `Response::institution` indexes.
    pub institutions: Vec<String>,
    pub responses: Vec<Response>,
}

impl WaveData {
    pub fn institution_index(&self, code: &str) -> Option<u32> {
        self.institutions
            .iter()
            .position(|c| c == code)
            .map(|i| i as u32)
    }

    pub fn of_institution(&self, code: &str) -> impl Iterator<Item = &Response> {
        let idx = self.institution_index(code);
        self.responses
            .iter()
            .filter(move |r| Some(r.institution) == idx)
    }
}

/// A response's raw material: answers by item id and background choices
/// by question id, as stored.
#[derive(Clone, Debug, Default)]
pub struct Raw {
    pub answers: HashMap<String, Answer>,
    pub background: HashMap<String, String>,
}

/// Scores one response. Answers to unknown items or values outside an
/// item's scale are ignored (the survey never stores them; imports are
/// validated before they reach here).
pub fn score(instrument: &Instrument, institution: u32, unit: Option<i64>, raw: &Raw) -> Response {
    let coded: Vec<i8> = instrument
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| match raw.answers.get(&item.id) {
            Some(Answer::Value(v)) if instrument.scales[item.scale].allows(*v) => {
                i8::try_from(instrument.coded(i, *v)).unwrap_or(NO_ANSWER)
            }
            _ => NO_ANSWER,
        })
        .collect();
    score_coded(
        instrument,
        institution,
        unit,
        background_of(instrument, raw),
        coded,
    )
}

/// The background choices as option indexes, unknown choices dropped.
fn background_of(instrument: &Instrument, raw: &Raw) -> Vec<Option<u16>> {
    instrument
        .background
        .iter()
        .map(|q| {
            let choice = raw.background.get(&q.id)?;
            q.options
                .iter()
                .position(|o| &o.id == choice)
                .map(|i| i as u16)
        })
        .collect()
}

/// Per domain of the instrument, the score 0-100 of one respondent's coded
/// item values (`None`: too few items answered).
pub fn domain_scores<'a>(
    instrument: &'a Instrument,
    coded: &'a [i8],
) -> impl Iterator<Item = Option<f32>> + 'a {
    instrument.domains.iter().map(move |d| {
        let mut sum = 0.0f64;
        let mut answered = 0usize;
        for &i in &d.items {
            let v = coded[i];
            if v != NO_ANSWER {
                let s = &instrument.scales[instrument.items[i].scale];
                let span = (s.max() - s.min()) as f64;
                sum += (i64::from(v) - s.min()) as f64 / span * 100.0;
                answered += 1;
            }
        }
        let enough = !d.items.is_empty()
            && answered > 0
            && answered as f64 / d.items.len() as f64 >= instrument.min_answered_share;
        enough.then(|| (sum / answered as f64) as f32)
    })
}

/// Scores from already coded item values (imports and benchmarks build
/// these directly).
pub fn score_coded(
    instrument: &Instrument,
    institution: u32,
    unit: Option<i64>,
    background: Vec<Option<u16>>,
    coded: Vec<i8>,
) -> Response {
    let scores = domain_scores(instrument, &coded).collect();
    let counts = instrument
        .indicators
        .iter()
        .map(|ind| match &ind.kind {
            IndicatorKind::DomainMean { .. } => None,
            IndicatorKind::ShareAtLeast { items, threshold } => {
                let values: Vec<f64> = items
                    .iter()
                    .map(|&i| coded[i])
                    .filter(|&v| v != NO_ANSWER)
                    .map(f64::from)
                    .collect();
                (!values.is_empty())
                    .then(|| values.iter().sum::<f64>() / values.len() as f64 >= *threshold)
            }
        })
        .collect();
    Response {
        institution,
        unit,
        background,
        coded,
        scores,
        counts,
        key: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::instrument;

    fn default_instrument() -> Instrument {
        instrument::parse("default", crate::monitor::DEFAULT_INSTRUMENT).unwrap()
    }

    fn raw(pairs: &[(&str, Answer)]) -> Raw {
        Raw {
            answers: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            background: HashMap::new(),
        }
    }

    #[test]
    fn scores_agree_with_the_personal_profile() {
        let ins = default_instrument();
        // Every item answered with a value that depends on its position, some n.v.t.
        let mut answers = HashMap::new();
        for (i, item) in ins.items.iter().enumerate() {
            let s = &ins.scales[item.scale];
            let a = if item.allow_na && i % 7 == 0 {
                Answer::NotApplicable
            } else {
                Answer::Value(s.options[i % s.options.len()].value)
            };
            answers.insert(item.id.clone(), a);
        }
        let r = score(
            &ins,
            0,
            None,
            &Raw {
                answers: answers.clone(),
                background: HashMap::new(),
            },
        );
        for p in ins.profile(&answers) {
            match (p.score, r.scores[p.domain]) {
                (Some(a), Some(b)) => assert!((a - f64::from(b)).abs() < 1e-4, "{a} vs {b}"),
                (a, b) => assert_eq!(a.is_none(), b.is_none()),
            }
        }
    }

    #[test]
    fn reverse_coding_and_not_applicable() {
        let ins = instrument::parse("mini", instrument::tests::MINI).unwrap();
        // a1 = 3 (agree), a2 reverse-coded: 1 -> 3, a3 n.v.t.
        let r = score(
            &ins,
            0,
            None,
            &raw(&[
                ("a1", Answer::Value(3)),
                ("a2", Answer::Value(1)),
                ("a3", Answer::NotApplicable),
            ]),
        );
        assert_eq!(r.coded[..3], [3, 3, NO_ANSWER]);
        assert_eq!(r.scores[0], Some(100.0));
        // Only one of three answered: below min_answered_share 0.5.
        let r = score(&ins, 0, None, &raw(&[("a1", Answer::Value(3))]));
        assert_eq!(r.scores[0], None);
    }

    #[test]
    fn share_indicator_counts_by_mean_of_its_items() {
        let ins = default_instrument();
        let (idx, items) = ins
            .indicators
            .iter()
            .enumerate()
            .find_map(|(n, i)| match &i.kind {
                IndicatorKind::ShareAtLeast { items, .. } => Some((n, items.clone())),
                _ => None,
            })
            .unwrap();
        let id = |k: usize| ins.items[items[k]].id.as_str();
        let yes = score(
            &ins,
            0,
            None,
            &raw(&[
                (id(0), Answer::Value(5)),
                (id(1), Answer::Value(3)),
                (id(2), Answer::NotApplicable),
            ]),
        );
        assert_eq!(yes.counts[idx], Some(true));
        let no = score(&ins, 0, None, &raw(&[(id(0), Answer::Value(3))]));
        assert_eq!(no.counts[idx], Some(false));
        let none = score(&ins, 0, None, &raw(&[]));
        assert_eq!(none.counts[idx], None);
    }
}

//! The figures of the institution and sector reports, computed from scored
//! waves with disclosure control applied here, once, before any page,
//! export or API answer sees them: a figure that must not be shown is
//! `None` in these structs and never computed into anything visible.
//!
//! Rules applied (see `disclosure`):
//! - an institution (or a filtered part of it) with fewer than MIN_GROUP
//!   respondents gets no report: [`InstitutionReport::refused`];
//! - a filter whose complement within the institution is small is refused;
//! - teams are a partition of the institution: `disclosure::partition`
//!   per domain (respondents without a team form the remainder);
//! - the sector benchmark is shown only when "sector minus this
//!   institution" is itself a group of at least MIN_GROUP;
//! - in the sector report institutions are a partition of the sector.
//!
//! Domains are matched across waves by id, so waves measured with another
//! version of the instrument (historical imports) line up.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::disclosure::{self, MinGroup, Refusal};
use super::scoring::{NO_ANSWER, Response, WaveData};
use super::stats::{self, Alpha, Share, Summary, Welch};
use crate::monitor::instrument::{IndicatorKind, Instrument};

/// One wave, scored, with the instrument it was measured with. Cheap to
/// clone: the data are shared (the store caches scored waves).
#[derive(Clone, Debug)]
pub struct Wave {
    pub data: Arc<WaveData>,
    pub instrument: Arc<Instrument>,
}

/// Figures of one domain for one group.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainStats {
    /// Respondents with a score on this domain.
    pub n: u64,
    pub summary: Option<Summary>,
    /// Respondents per feedback band (level) of the domain, ascending.
    pub bands: Vec<u64>,
    pub alpha: Option<Alpha>,
}

/// One indicator for one group: a share (with Wilson interval) or a mean.
#[derive(Clone, Debug, PartialEq)]
pub enum IndicatorValue {
    Share(Share),
    Mean(f64),
}

/// Computes the figures of one group of responses (no suppression: the
/// callers decide what may be shown).
pub fn domain_stats(
    ins: &Instrument,
    rows: &[&Response],
    d: usize,
    with_alpha: bool,
) -> DomainStats {
    let scores: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.scores[d].map(f64::from))
        .collect();
    let bands_def = &ins.feedback[d];
    let mut bands = vec![0u64; bands_def.len()];
    for s in &scores {
        if let Some(b) = bands_def.iter().rposition(|b| b.min <= *s) {
            bands[b] += 1;
        }
    }
    let alpha = with_alpha
        .then(|| {
            let items = &ins.domains[d].items;
            let matrix: Vec<Vec<f64>> = rows
                .iter()
                .filter(|r| items.iter().all(|&i| r.coded[i] != NO_ANSWER))
                .map(|r| items.iter().map(|&i| f64::from(r.coded[i])).collect())
                .collect();
            stats::cronbach_alpha(&matrix)
        })
        .flatten();
    DomainStats {
        n: scores.len() as u64,
        summary: stats::summary(&scores),
        bands,
        alpha,
    }
}

pub fn indicator_value(rows: &[&Response], ins: &Instrument, k: usize) -> Option<IndicatorValue> {
    match &ins.indicators[k].kind {
        IndicatorKind::DomainMean { domain } => {
            let s: Vec<f64> = rows
                .iter()
                .filter_map(|r| r.scores[*domain].map(f64::from))
                .collect();
            stats::mean(&s).map(IndicatorValue::Mean)
        }
        IndicatorKind::ShareAtLeast { .. } => {
            let answered = rows.iter().filter_map(|r| r.counts[k]);
            let (n, yes) = answered.fold((0u64, 0u64), |(n, y), c| (n + 1, y + u64::from(c)));
            stats::wilson(yes, n).map(IndicatorValue::Share)
        }
    }
}

/// The number of respondents behind an indicator in a group.
fn indicator_n(rows: &[&Response], ins: &Instrument, k: usize) -> u64 {
    match &ins.indicators[k].kind {
        IndicatorKind::DomainMean { domain } => {
            rows.iter().filter(|r| r.scores[*domain].is_some()).count() as u64
        }
        IndicatorKind::ShareAtLeast { .. } => {
            rows.iter().filter(|r| r.counts[k].is_some()).count() as u64
        }
    }
}

fn scores_of(rows: &[&Response], d: usize) -> Vec<f64> {
    rows.iter()
        .filter_map(|r| r.scores[d].map(f64::from))
        .collect()
}

/// A difference between two groups' domain scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// First minus second, in score points.
    pub diff: f64,
    pub welch: Option<Welch>,
    pub hedges_g: Option<f64>,
}

impl Comparison {
    fn of(a: &[f64], b: &[f64]) -> Option<Comparison> {
        Some(Comparison {
            diff: stats::mean(a)? - stats::mean(b)?,
            welch: stats::welch(a, b),
            hedges_g: stats::hedges_g(a, b),
        })
    }

    /// Significant at 5% (two-sided).
    pub fn significant(&self) -> bool {
        self.welch.is_some_and(|w| w.p < 0.05)
    }
}

/// A filter on one background question: only respondents who chose
/// `option`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Index of the background question in the instrument.
    pub question: usize,
    /// Index of the chosen option.
    pub option: u16,
}

impl Filter {
    fn keeps(&self, r: &Response) -> bool {
        r.background.get(self.question).copied().flatten() == Some(self.option)
    }
}

// --- institution report ----------------------------------------------------------

/// Domain figures of the institution in one wave, with the benchmark.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainRow {
    pub domain: usize,
    /// `None` when the domain's group is below the minimum.
    pub own: Option<DomainStats>,
    /// The sector's figures (all institutions), `None` when hidden.
    pub sector: Option<Summary>,
    /// This institution against the rest of the sector.
    pub vs_sector: Option<Comparison>,
    /// Against the institution's previous wave (matched by domain id).
    pub vs_previous: Option<Comparison>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorRow {
    pub indicator: usize,
    pub own: Option<IndicatorValue>,
    pub sector: Option<IndicatorValue>,
}

/// One team's figures; every figure `None` when suppressed.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamRow {
    pub unit: i64,
    pub n: Option<u64>,
    pub means: Vec<Option<f64>>,
}

/// One wave of the institution's (or sector's) trend.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    pub wave: String,
    /// Per domain of the current instrument: the mean, `None` when hidden
    /// or not measured.
    pub own: Vec<Option<f64>>,
    pub sector: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InstitutionReport {
    pub wave: String,
    pub institution: String,
    /// Completed responses in the (filtered) group.
    pub n: u64,
    /// Why there is no report at all, if so.
    pub refused: Option<Refusal>,
    pub domains: Vec<DomainRow>,
    pub indicators: Vec<IndicatorRow>,
    /// Empty with a filter active: team drill-down within a filter could
    /// be differenced against the unfiltered team figures.
    pub teams: Vec<TeamRow>,
    pub trend: Vec<TrendPoint>,
    /// Domains (indexes) clearly above the sector, best first.
    pub strengths: Vec<usize>,
    /// Domains clearly below the sector, weakest first.
    pub attention: Vec<usize>,
}

/// Domain index in `ins` with the same id as domain `d` of `current`.
fn same_domain(current: &Instrument, d: usize, ins: &Instrument) -> Option<usize> {
    let id = &current.domains[d].id;
    ins.domains.iter().position(|x| &x.id == id)
}

/// The institution report for `code` in `waves[current]` (waves in
/// chronological order), with an optional background filter and the units
/// (teams) defined for the institution.
pub fn institution(
    waves: &[Wave],
    current: usize,
    code: &str,
    filter: Option<&Filter>,
    units: &[i64],
    m: MinGroup,
) -> InstitutionReport {
    let wave = &waves[current];
    let ins = &wave.instrument;
    let all_own: Vec<&Response> = wave.data.of_institution(code).collect();
    let own: Vec<&Response> = all_own
        .iter()
        .copied()
        .filter(|r| filter.is_none_or(|f| f.keeps(r)))
        .collect();
    let mut report = InstitutionReport {
        wave: wave.data.wave.clone(),
        institution: code.to_string(),
        n: own.len() as u64,
        refused: None,
        domains: Vec::new(),
        indicators: Vec::new(),
        teams: Vec::new(),
        trend: Vec::new(),
        strengths: Vec::new(),
        attention: Vec::new(),
    };
    let check = match filter {
        Some(_) => disclosure::subset(own.len() as u64, all_own.len() as u64, m),
        None => disclosure::subset(own.len() as u64, own.len() as u64, m),
    };
    if let Err(refusal) = check {
        report.refused = Some(refusal);
        return report;
    }
    let idx = wave.data.institution_index(code);
    let sector: Vec<&Response> = wave
        .data
        .responses
        .iter()
        .filter(|r| filter.is_none_or(|f| f.keeps(r)))
        .collect();
    let rest: Vec<&Response> = sector
        .iter()
        .copied()
        .filter(|r| Some(r.institution) != idx)
        .collect();
    let previous = previous_own(waves, current, code, filter, m);

    for d in 0..ins.domains.len() {
        let stats = domain_stats(ins, &own, d, true);
        let shown = m.allows(stats.n);
        let own_scores = scores_of(&own, d);
        let rest_scores = scores_of(&rest, d);
        // "Sector minus institution" must itself be a safe group.
        let bench_ok = shown && m.allows(rest_scores.len() as u64);
        let vs_previous = previous.as_ref().and_then(|(pw, prows)| {
            let pd = same_domain(ins, d, &waves[*pw].instrument)?;
            let ps = scores_of(prows, pd);
            (shown && m.allows(ps.len() as u64))
                .then(|| Comparison::of(&own_scores, &ps))
                .flatten()
        });
        report.domains.push(DomainRow {
            domain: d,
            sector: bench_ok
                .then(|| stats::summary(&scores_of(&sector, d)))
                .flatten(),
            vs_sector: bench_ok
                .then(|| Comparison::of(&own_scores, &rest_scores))
                .flatten(),
            vs_previous,
            own: shown.then_some(stats),
        });
    }
    for k in 0..ins.indicators.len() {
        let n_own = indicator_n(&own, ins, k);
        let n_rest = indicator_n(&rest, ins, k);
        let shown = m.allows(n_own);
        report.indicators.push(IndicatorRow {
            indicator: k,
            own: shown.then(|| indicator_value(&own, ins, k)).flatten(),
            sector: (shown && m.allows(n_rest))
                .then(|| indicator_value(&sector, ins, k))
                .flatten(),
        });
    }
    if filter.is_none() {
        report.teams = teams(ins, &own, units, m);
    }
    report.trend = waves[..=current]
        .iter()
        .filter_map(|w| trend_point(w, ins, code, filter, m))
        .collect();
    let mut ranked: Vec<(usize, f64, bool)> = report
        .domains
        .iter()
        .filter_map(|r| {
            let c = r.vs_sector.as_ref()?;
            Some((r.domain, c.hedges_g.unwrap_or(0.0), c.significant()))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    report.strengths = ranked
        .iter()
        .filter(|(_, g, sig)| *sig && *g >= 0.2)
        .take(3)
        .map(|(d, ..)| *d)
        .collect();
    report.attention = ranked
        .iter()
        .rev()
        .filter(|(_, g, sig)| *sig && *g <= -0.2)
        .take(3)
        .map(|(d, ..)| *d)
        .collect();
    report
}

/// The institution's rows in the latest earlier wave where it has a
/// shown group.
fn previous_own<'a>(
    waves: &'a [Wave],
    current: usize,
    code: &str,
    filter: Option<&Filter>,
    m: MinGroup,
) -> Option<(usize, Vec<&'a Response>)> {
    (0..current).rev().find_map(|w| {
        let rows: Vec<&Response> = waves[w]
            .data
            .of_institution(code)
            .filter(|r| filter.is_none_or(|f| f.keeps(r)))
            .collect();
        m.allows(rows.len() as u64).then_some((w, rows))
    })
}

fn trend_point(
    w: &Wave,
    current: &Instrument,
    code: &str,
    filter: Option<&Filter>,
    m: MinGroup,
) -> Option<TrendPoint> {
    let all_own: Vec<&Response> = w.data.of_institution(code).collect();
    let own: Vec<&Response> = all_own
        .iter()
        .copied()
        .filter(|r| filter.is_none_or(|f| f.keeps(r)))
        .collect();
    if own.is_empty() {
        return None;
    }
    let group_ok = disclosure::subset(own.len() as u64, all_own.len() as u64, m).is_ok();
    let idx = w.data.institution_index(code);
    let sector: Vec<&Response> = w
        .data
        .responses
        .iter()
        .filter(|r| filter.is_none_or(|f| f.keeps(r)))
        .collect();
    let mut point = TrendPoint {
        wave: w.data.wave.clone(),
        own: Vec::new(),
        sector: Vec::new(),
    };
    for d in 0..current.domains.len() {
        let Some(wd) = same_domain(current, d, &w.instrument) else {
            point.own.push(None);
            point.sector.push(None);
            continue;
        };
        let own_s = scores_of(&own, wd);
        let sector_s = scores_of(&sector, wd);
        let rest_n = sector
            .iter()
            .filter(|r| Some(r.institution) != idx && r.scores[wd].is_some())
            .count() as u64;
        let shown = group_ok && m.allows(own_s.len() as u64);
        point.own.push(shown.then(|| stats::mean(&own_s)).flatten());
        point.sector.push(
            (shown && m.allows(rest_n))
                .then(|| stats::mean(&sector_s))
                .flatten(),
        );
    }
    Some(point)
}

/// Team means per domain with secondary suppression per domain.
fn teams(ins: &Instrument, own: &[&Response], units: &[i64], m: MinGroup) -> Vec<TeamRow> {
    let by_unit =
        |u: i64| -> Vec<&Response> { own.iter().copied().filter(|r| r.unit == Some(u)).collect() };
    let groups: Vec<Vec<&Response>> = units.iter().map(|&u| by_unit(u)).collect();
    let sizes: Vec<u64> = groups.iter().map(|g| g.len() as u64).collect();
    let count_part = disclosure::partition(own.len() as u64, &sizes, m);
    let mut rows: Vec<TeamRow> = units
        .iter()
        .zip(&count_part.parts_shown)
        .zip(&sizes)
        .map(|((&unit, &shown), &n)| TeamRow {
            unit,
            n: (shown && count_part.total_shown).then_some(n),
            means: Vec::new(),
        })
        .collect();
    for d in 0..ins.domains.len() {
        let scores: Vec<Vec<f64>> = groups.iter().map(|g| scores_of(g, d)).collect();
        let ns: Vec<u64> = scores.iter().map(|s| s.len() as u64).collect();
        let total = own.iter().filter(|r| r.scores[d].is_some()).count() as u64;
        let p = disclosure::partition(total, &ns, m);
        for (i, row) in rows.iter_mut().enumerate() {
            let shown = p.total_shown && p.parts_shown[i] && row.n.is_some();
            row.means
                .push(shown.then(|| stats::mean(&scores[i])).flatten());
        }
    }
    rows
}

// --- sector report -----------------------------------------------------------------

/// Spread of the shown institutions' means on one domain.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    pub institutions: u64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SectorDomain {
    pub domain: usize,
    pub stats: Option<DomainStats>,
    pub spread: Option<Spread>,
    /// Against the previous wave measuring this domain.
    pub vs_previous: Option<Comparison>,
}

/// One institution in the sector report; figures `None` when suppressed.
#[derive(Clone, Debug, PartialEq)]
pub struct SectorInstitution {
    pub code: String,
    pub n: Option<u64>,
    pub means: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SectorReport {
    pub wave: String,
    /// The previous wave compared against, if any.
    pub previous_wave: Option<String>,
    pub n: u64,
    pub refused: Option<Refusal>,
    pub domains: Vec<SectorDomain>,
    pub indicators: Vec<Option<IndicatorValue>>,
    /// Institutions with responses, in code order (the caller decides
    /// which may be named).
    pub institutions: Vec<SectorInstitution>,
    pub trend: Vec<TrendPoint>,
    /// The plan's check: a higher mean in every domain than the previous
    /// wave (`None` when there is no previous wave to compare).
    pub every_domain_increased: Option<bool>,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    // Linear interpolation between closest ranks (numpy's default).
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

pub fn sector(waves: &[Wave], current: usize, m: MinGroup) -> SectorReport {
    let wave = &waves[current];
    let ins = &wave.instrument;
    let all: Vec<&Response> = wave.data.responses.iter().collect();
    let prev = (0..current)
        .rev()
        .find(|&w| !waves[w].data.responses.is_empty());
    let mut report = SectorReport {
        wave: wave.data.wave.clone(),
        previous_wave: prev.map(|w| waves[w].data.wave.clone()),
        n: all.len() as u64,
        refused: None,
        domains: Vec::new(),
        indicators: Vec::new(),
        institutions: Vec::new(),
        trend: Vec::new(),
        every_domain_increased: None,
    };
    if let Err(r) = disclosure::subset(all.len() as u64, all.len() as u64, m) {
        report.refused = Some(r);
        return report;
    }
    let mut per_inst: BTreeMap<&str, Vec<&Response>> = BTreeMap::new();
    for r in &all {
        per_inst
            .entry(wave.data.institutions[r.institution as usize].as_str())
            .or_default()
            .push(r);
    }
    let groups: Vec<(&str, Vec<&Response>)> = per_inst.into_iter().collect();
    let sizes: Vec<u64> = groups.iter().map(|(_, g)| g.len() as u64).collect();
    let count_part = disclosure::partition(all.len() as u64, &sizes, m);
    let mut insts: Vec<SectorInstitution> = groups
        .iter()
        .zip(&count_part.parts_shown)
        .map(|((code, g), &shown)| SectorInstitution {
            code: code.to_string(),
            n: shown.then_some(g.len() as u64),
            means: Vec::new(),
        })
        .collect();
    let prev_rows: Option<(&Wave, Vec<&Response>)> =
        prev.map(|w| (&waves[w], waves[w].data.responses.iter().collect()));
    let mut all_up = prev_rows.is_some();
    for d in 0..ins.domains.len() {
        let stats = domain_stats(ins, &all, d, true);
        let shown = m.allows(stats.n);
        let scores: Vec<Vec<f64>> = groups.iter().map(|(_, g)| scores_of(g, d)).collect();
        let ns: Vec<u64> = scores.iter().map(|s| s.len() as u64).collect();
        let p = disclosure::partition(stats.n, &ns, m);
        let mut means = Vec::new();
        for (i, inst) in insts.iter_mut().enumerate() {
            let mean = (p.total_shown && p.parts_shown[i] && inst.n.is_some())
                .then(|| stats::mean(&scores[i]))
                .flatten();
            means.extend(mean);
            inst.means.push(mean);
        }
        means.sort_by(f64::total_cmp);
        let spread = (!means.is_empty()).then(|| Spread {
            institutions: means.len() as u64,
            min: means[0],
            q1: quantile(&means, 0.25),
            median: quantile(&means, 0.5),
            q3: quantile(&means, 0.75),
            max: means[means.len() - 1],
        });
        let vs_previous = prev_rows.as_ref().and_then(|(pw, rows)| {
            let pd = same_domain(ins, d, &pw.instrument)?;
            let ps = scores_of(rows, pd);
            (shown && m.allows(ps.len() as u64))
                .then(|| Comparison::of(&scores_of(&all, d), &ps))
                .flatten()
        });
        all_up &= vs_previous.as_ref().is_some_and(|c| c.diff > 0.0);
        report.domains.push(SectorDomain {
            domain: d,
            spread,
            vs_previous,
            stats: shown.then_some(stats),
        });
    }
    report.every_domain_increased = prev_rows.is_some().then_some(all_up);
    report.indicators = (0..ins.indicators.len())
        .map(|k| {
            m.allows(indicator_n(&all, ins, k))
                .then(|| indicator_value(&all, ins, k))
                .flatten()
        })
        .collect();
    report.institutions = insts;
    report.trend = waves[..=current]
        .iter()
        .filter(|w| !w.data.responses.is_empty())
        .map(|w| {
            let rows: Vec<&Response> = w.data.responses.iter().collect();
            let sector = (0..ins.domains.len())
                .map(|d| {
                    let wd = same_domain(ins, d, &w.instrument)?;
                    let s = scores_of(&rows, wd);
                    m.allows(s.len() as u64).then(|| stats::mean(&s)).flatten()
                })
                .collect();
            TrendPoint {
                wave: w.data.wave.clone(),
                own: Vec::new(),
                sector,
            }
        })
        .collect();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::scoring::score_coded;
    use crate::monitor::instrument;

    fn ins() -> Arc<Instrument> {
        let source = format!(
            "{}\n[[background]]\nid = \"zij\"\ntext = {{ nl = \"Zij-instromer\", en = \"Career changer\" }}\n\
             options = [{{ id = \"ja\", nl = \"Ja\", en = \"Yes\" }}, {{ id = \"nee\", nl = \"Nee\", en = \"No\" }}]\n",
            instrument::tests::MINI
        );
        Arc::new(instrument::parse("mini", &source).unwrap())
    }

    /// `n` responses at institution `inst` in unit `unit`, all items = v.
    fn rows(ins: &Instrument, inst: u32, unit: Option<i64>, n: usize, v: i8) -> Vec<Response> {
        (0..n)
            .map(|k| {
                // Vary a little so SDs exist: alternate v and v-1 (min 1).
                let x = if k % 2 == 0 { v } else { (v - 1).max(1) };
                let coded = ins.items.iter().map(|_| x).collect();
                score_coded(ins, inst, unit, vec![None; ins.background.len()], coded)
            })
            .collect()
    }

    fn wave(name: &str, ins: &Arc<Instrument>, parts: Vec<Vec<Response>>) -> Wave {
        Wave {
            data: Arc::new(WaveData {
                wave: name.into(),
                institutions: vec!["99AA".into(), "99AB".into(), "99AC".into()],
                responses: parts.into_iter().flatten().collect(),
            }),
            instrument: ins.clone(),
        }
    }

    fn m() -> MinGroup {
        MinGroup::new(10).unwrap()
    }

    #[test]
    fn a_small_institution_gets_no_report() {
        let i = ins();
        let w = wave(
            "2026",
            &i,
            vec![rows(&i, 0, None, 9, 3), rows(&i, 1, None, 40, 2)],
        );
        let r = institution(&[w], 0, "99AA", None, &[], m());
        assert!(matches!(r.refused, Some(Refusal::TooSmall { n: 9 })));
        assert!(r.domains.is_empty() && r.trend.is_empty());
    }

    #[test]
    fn benchmark_needs_a_safe_rest_of_sector() {
        let i = ins();
        // The rest of the sector is 6 people: "sector minus us" would describe them.
        let w = wave(
            "2026",
            &i,
            vec![rows(&i, 0, None, 30, 3), rows(&i, 1, None, 6, 1)],
        );
        let r = institution(&[w], 0, "99AA", None, &[], m());
        assert!(r.refused.is_none());
        assert!(r.domains[0].own.is_some());
        assert_eq!(r.domains[0].sector, None);
        assert_eq!(r.domains[0].vs_sector, None);
        assert!(r.indicators.iter().all(|k| k.sector.is_none()));
    }

    #[test]
    fn small_team_is_hidden_with_the_smallest_other() {
        let i = ins();
        let w = wave(
            "2026",
            &i,
            vec![
                rows(&i, 0, Some(1), 20, 3),
                rows(&i, 0, Some(2), 12, 2),
                rows(&i, 0, Some(3), 4, 3),
                rows(&i, 1, None, 30, 2),
            ],
        );
        let r = institution(&[w], 0, "99AA", None, &[1, 2, 3], m());
        let shown: Vec<bool> = r.teams.iter().map(|t| t.means[0].is_some()).collect();
        assert_eq!(shown, vec![true, false, false]);
        assert_eq!(r.teams[1].n, None);
        // The institution total still adds nothing an attacker can use:
        // hidden teams together are 16 respondents in two groups.
    }

    #[test]
    fn filter_isolating_a_small_complement_is_refused() {
        let i = ins();
        let mut own = rows(&i, 0, None, 25, 3);
        for r in own.iter_mut().take(20) {
            r.background[0] = Some(0);
        }
        let w = wave("2026", &i, vec![own, rows(&i, 1, None, 30, 2)]);
        let f = Filter {
            question: 0,
            option: 0,
        };
        let r = institution(&[w], 0, "99AA", Some(&f), &[1], m());
        assert!(matches!(
            r.refused,
            Some(Refusal::ComplementTooSmall { rest: 5 })
        ));
    }

    #[test]
    fn trend_and_sector_increase_check() {
        let i = ins();
        let w1 = wave(
            "2024",
            &i,
            vec![rows(&i, 0, None, 20, 2), rows(&i, 1, None, 20, 2)],
        );
        let w2 = wave(
            "2026",
            &i,
            vec![rows(&i, 0, None, 20, 3), rows(&i, 1, None, 20, 3)],
        );
        let waves = [w1, w2];
        let r = institution(&waves, 1, "99AA", None, &[], m());
        assert_eq!(r.trend.len(), 2);
        assert!(r.trend[0].own[0].unwrap() < r.trend[1].own[0].unwrap());
        assert!(r.domains[0].vs_previous.as_ref().unwrap().diff > 0.0);
        let s = sector(&waves, 1, m());
        assert_eq!(s.previous_wave.as_deref(), Some("2024"));
        assert_eq!(s.every_domain_increased, Some(true));
        assert_eq!(s.institutions.len(), 2);
        let s0 = sector(&waves, 0, m());
        assert_eq!(s0.every_domain_increased, None);
    }

    #[test]
    fn sector_hides_small_institution_and_one_more() {
        let i = ins();
        let w = wave(
            "2026",
            &i,
            vec![
                rows(&i, 0, None, 30, 3),
                rows(&i, 1, None, 15, 2),
                rows(&i, 2, None, 3, 1),
            ],
        );
        let s = sector(&[w], 0, m());
        let shown: Vec<bool> = s.institutions.iter().map(|x| x.n.is_some()).collect();
        assert_eq!(shown, vec![true, false, false]);
        assert!(s.institutions[2].means.iter().all(Option::is_none));
        assert_eq!(s.domains[0].spread.as_ref().unwrap().institutions, 1);
    }

    #[test]
    fn quantiles_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.5), 2.5);
    }
}

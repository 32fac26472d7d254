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

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use super::disclosure::{self, MinGroup, Refusal};
use super::scoring::{NO_ANSWER, Response, WaveData};
use super::stats::{self, Alpha, AlphaSums, Moments, Share, Summary, Welch};
use crate::monitor::instrument::{IndicatorKind, Instrument};

/// One wave, scored, with the instrument it was measured with. Cheap to
/// clone: the data are shared (the store caches scored waves), and so are
/// the wave's [`Aggregates`] once a report has needed them.
#[derive(Clone, Debug)]
pub struct Wave {
    pub data: Arc<WaveData>,
    pub instrument: Arc<Instrument>,
    aggregates: Arc<OnceLock<Aggregates>>,
}

impl Wave {
    pub fn new(data: Arc<WaveData>, instrument: Arc<Instrument>) -> Wave {
        Wave {
            data,
            instrument,
            aggregates: Arc::default(),
        }
    }

    /// The wave's sums, with a filter computed afresh (one pass), without
    /// one computed once and kept.
    fn aggregates(&self, filter: Option<&Filter>) -> Cow<'_, Aggregates> {
        match filter {
            None => Cow::Borrowed(
                self.aggregates
                    .get_or_init(|| Aggregates::of(&self.data, &self.instrument, None)),
            ),
            Some(f) => Cow::Owned(Aggregates::of(&self.data, &self.instrument, Some(f))),
        }
    }
}

/// Sums of one wave per institution, from one pass over its responses:
/// the moments of every domain score and the counts of every
/// `share_at_least` indicator. The sector is the merge of all
/// institutions and "the rest of the sector" the merge of the others, so a
/// report reads these instead of every response of the wave. Domain and
/// indicator indexes are those of the wave's own instrument.
#[derive(Clone, Debug)]
pub struct Aggregates {
    /// Respondents per institution (index of `WaveData::institutions`).
    sizes: Vec<u64>,
    /// `[institution][domain]`.
    domains: Vec<Vec<Moments>>,
    /// `[institution][indicator]`: (respondents counted, of whom yes).
    shares: Vec<Vec<(u64, u64)>>,
}

impl Aggregates {
    pub fn of(data: &WaveData, ins: &Instrument, filter: Option<&Filter>) -> Aggregates {
        let n = data.institutions.len();
        let mut a = Aggregates {
            sizes: vec![0; n],
            domains: vec![vec![Moments::default(); ins.domains.len()]; n],
            shares: vec![vec![(0, 0); ins.indicators.len()]; n],
        };
        for r in &data.responses {
            if filter.is_some_and(|f| !f.keeps(r)) {
                continue;
            }
            let i = r.institution as usize;
            a.sizes[i] += 1;
            for (m, s) in a.domains[i].iter_mut().zip(&r.scores) {
                if let Some(s) = s {
                    m.push(f64::from(*s));
                }
            }
            for (c, yes) in a.shares[i].iter_mut().zip(&r.counts) {
                if let Some(yes) = yes {
                    *c = (c.0 + 1, c.1 + u64::from(*yes));
                }
            }
        }
        a
    }

    fn total(&self) -> u64 {
        self.sizes.iter().sum()
    }

    fn domain(&self, i: Option<usize>, d: usize) -> Moments {
        i.map_or_else(Moments::default, |i| self.domains[i][d])
    }

    fn size(&self, i: Option<usize>) -> u64 {
        i.map_or(0, |i| self.sizes[i])
    }

    /// The whole sector's moments on domain `d`.
    fn sector(&self, d: usize) -> Moments {
        self.rest(None, d)
    }

    /// Every institution but `except` merged, on domain `d`.
    fn rest(&self, except: Option<usize>, d: usize) -> Moments {
        self.domains
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != except)
            .fold(Moments::default(), |acc, (_, m)| acc.merge(m[d]))
    }

    /// Respondents behind indicator `k`, and its value, for one
    /// institution (`Some`) or the sector (`None`), optionally leaving one
    /// out.
    fn indicator(
        &self,
        ins: &Instrument,
        k: usize,
        only: Option<usize>,
        except: Option<usize>,
    ) -> (u64, Option<IndicatorValue>) {
        let keep = |i: usize| only.is_none_or(|o| o == i) && Some(i) != except;
        match &ins.indicators[k].kind {
            IndicatorKind::DomainMean { domain } => {
                let m = (0..self.sizes.len())
                    .filter(|&i| keep(i))
                    .fold(Moments::default(), |acc, i| {
                        acc.merge(self.domains[i][*domain])
                    });
                (m.n, m.mean().map(IndicatorValue::Mean))
            }
            IndicatorKind::ShareAtLeast { .. } => {
                let (n, yes) = (0..self.sizes.len())
                    .filter(|&i| keep(i))
                    .fold((0, 0), |(n, y), i| {
                        (n + self.shares[i][k].0, y + self.shares[i][k].1)
                    });
                (n, stats::wilson(yes, n).map(IndicatorValue::Share))
            }
        }
    }
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
    let bands_def = &ins.feedback[d];
    let mut bands = vec![0u64; bands_def.len()];
    let mut moments = Moments::default();
    for s in rows.iter().filter_map(|r| r.scores[d].map(f64::from)) {
        moments.push(s);
        if let Some(b) = bands_def.iter().rposition(|b| b.min <= s) {
            bands[b] += 1;
        }
    }
    let alpha = with_alpha
        .then(|| {
            let items = &ins.domains[d].items;
            let mut sums = AlphaSums::new(items.len());
            for r in rows {
                if items.iter().all(|&i| r.coded[i] != NO_ANSWER) {
                    sums.push(items.iter().map(|&i| f64::from(r.coded[i])));
                }
            }
            sums.alpha()
        })
        .flatten();
    DomainStats {
        n: moments.n,
        summary: moments.summary(),
        bands,
        alpha,
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
    fn of(a: Moments, b: Moments) -> Option<Comparison> {
        Some(Comparison {
            diff: a.mean()? - b.mean()?,
            welch: stats::welch_moments(a, b),
            hedges_g: stats::hedges_g_moments(a, b),
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
    let own: Vec<&Response> = wave
        .data
        .of_institution(code)
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
    let idx = wave.data.institution_index(code).map(|i| i as usize);
    let all_own = wave.aggregates(None).size(idx);
    let check = disclosure::subset(own.len() as u64, all_own, m).and(match idx {
        Some(_) => Ok(()),
        None => Err(Refusal::TooSmall { n: 0 }),
    });
    if let Err(refusal) = check {
        report.refused = Some(refusal);
        return report;
    }
    let agg = wave.aggregates(filter);
    let previous = previous_own(waves, current, code, filter, m);

    for d in 0..ins.domains.len() {
        let stats = domain_stats(ins, &own, d, true);
        let shown = m.allows(stats.n);
        let own_m = agg.domain(idx, d);
        let rest_m = agg.rest(idx, d);
        // "Sector minus institution" must itself be a safe group.
        let bench_ok = shown && m.allows(rest_m.n);
        let vs_previous = previous.as_ref().and_then(|(pw, pagg, pidx)| {
            let pd = same_domain(ins, d, &waves[*pw].instrument)?;
            let ps = pagg.domain(*pidx, pd);
            (shown && m.allows(ps.n))
                .then(|| Comparison::of(own_m, ps))
                .flatten()
        });
        report.domains.push(DomainRow {
            domain: d,
            sector: bench_ok.then(|| agg.sector(d).summary()).flatten(),
            vs_sector: bench_ok.then(|| Comparison::of(own_m, rest_m)).flatten(),
            vs_previous,
            own: shown.then_some(stats),
        });
    }
    for k in 0..ins.indicators.len() {
        let (n_own, own_value) = agg.indicator(ins, k, idx, None);
        let (n_rest, _) = agg.indicator(ins, k, None, idx);
        let shown = m.allows(n_own);
        report.indicators.push(IndicatorRow {
            indicator: k,
            own: shown.then_some(own_value).flatten(),
            sector: (shown && m.allows(n_rest))
                .then(|| agg.indicator(ins, k, None, None).1)
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

/// The latest earlier wave where the institution has a shown group: the
/// wave's index, its sums and the institution's index in it.
fn previous_own<'a>(
    waves: &'a [Wave],
    current: usize,
    code: &str,
    filter: Option<&Filter>,
    m: MinGroup,
) -> Option<(usize, Cow<'a, Aggregates>, Option<usize>)> {
    (0..current).rev().find_map(|w| {
        let agg = waves[w].aggregates(filter);
        let idx = waves[w].data.institution_index(code).map(|i| i as usize);
        m.allows(agg.size(idx)).then_some((w, agg, idx))
    })
}

fn trend_point(
    w: &Wave,
    current: &Instrument,
    code: &str,
    filter: Option<&Filter>,
    m: MinGroup,
) -> Option<TrendPoint> {
    let agg = w.aggregates(filter);
    let idx = w.data.institution_index(code).map(|i| i as usize);
    let n_own = agg.size(idx);
    if n_own == 0 {
        return None;
    }
    let all_own = w.aggregates(None).size(idx);
    let group_ok = disclosure::subset(n_own, all_own, m).is_ok();
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
        let own_m = agg.domain(idx, wd);
        let sector_m = agg.sector(wd);
        let rest_n = sector_m.n - own_m.n;
        let shown = group_ok && m.allows(own_m.n);
        point.own.push(shown.then(|| own_m.mean()).flatten());
        point.sector.push(
            (shown && m.allows(rest_n))
                .then(|| sector_m.mean())
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
    let agg = wave.aggregates(None);
    // Institutions with responses, in code order.
    let mut groups: Vec<usize> = (0..agg.sizes.len()).filter(|&i| agg.sizes[i] > 0).collect();
    groups.sort_by(|&a, &b| wave.data.institutions[a].cmp(&wave.data.institutions[b]));
    let sizes: Vec<u64> = groups.iter().map(|&i| agg.sizes[i]).collect();
    let count_part = disclosure::partition(agg.total(), &sizes, m);
    let mut insts: Vec<SectorInstitution> = groups
        .iter()
        .zip(&count_part.parts_shown)
        .map(|(&i, &shown)| SectorInstitution {
            code: wave.data.institutions[i].clone(),
            n: shown.then_some(agg.sizes[i]),
            means: Vec::new(),
        })
        .collect();
    let prev_agg = prev.map(|w| (&waves[w], waves[w].aggregates(None)));
    let mut all_up = prev_agg.is_some();
    for d in 0..ins.domains.len() {
        let stats = domain_stats(ins, &all, d, true);
        let shown = m.allows(stats.n);
        let ns: Vec<u64> = groups.iter().map(|&i| agg.domains[i][d].n).collect();
        let p = disclosure::partition(stats.n, &ns, m);
        let mut means = Vec::new();
        for (j, inst) in insts.iter_mut().enumerate() {
            let mean = (p.total_shown && p.parts_shown[j] && inst.n.is_some())
                .then(|| agg.domains[groups[j]][d].mean())
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
        let vs_previous = prev_agg.as_ref().and_then(|(pw, pagg)| {
            let pd = same_domain(ins, d, &pw.instrument)?;
            let ps = pagg.sector(pd);
            (shown && m.allows(ps.n))
                .then(|| Comparison::of(agg.sector(d), ps))
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
    report.every_domain_increased = prev_agg.is_some().then_some(all_up);
    report.indicators = (0..ins.indicators.len())
        .map(|k| {
            let (n, value) = agg.indicator(ins, k, None, None);
            m.allows(n).then_some(value).flatten()
        })
        .collect();
    report.institutions = insts;
    report.trend = waves[..=current]
        .iter()
        .filter(|w| !w.data.responses.is_empty())
        .map(|w| {
            let a = w.aggregates(None);
            let sector = (0..ins.domains.len())
                .map(|d| {
                    let s = a.sector(same_domain(ins, d, &w.instrument)?);
                    m.allows(s.n).then(|| s.mean()).flatten()
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
        Wave::new(
            Arc::new(WaveData {
                wave: name.into(),
                institutions: vec!["99AA".into(), "99AB".into(), "99AC".into()],
                responses: parts.into_iter().flatten().collect(),
            }),
            ins.clone(),
        )
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

//! The release gate: the figures of the institution and sector reports,
//! computed from scored waves with disclosure control applied here, once,
//! before any page, export, API answer, KPI or the evaluation pack sees
//! them. A figure that must not be shown is `None` in these structs; every
//! figure that is shown is a *published* figure: perturbed by the cell-key
//! method (`release`) and decided for the linked set of outputs a role can
//! combine (docs/privacy.md).
//!
//! The linked-set rules, for a minimum group size `m`, each applied per
//! figure with that figure's own respondents (per domain, per indicator):
//! - **an institution and its filters**: the options of one background
//!   question partition the institution (respondents without an answer are
//!   the remainder); a filtered figure is shown only when
//!   `disclosure::partition` shows that option, so neither "all minus this
//!   option" nor "all minus the other options" describes a small group;
//! - **the sector and its institutions**: a sector figure is the sum of the
//!   institution figures that are themselves publishable, so "sector minus
//!   the visible institutions" is always empty (the small institutions are
//!   not in the sector figures at all);
//! - **an institution and its teams**: teams are a partition of the
//!   institution, per domain;
//! - **frequencies** (respondents per level, yes/no of an indicator) are a
//!   partition of their group: no count below `m` is shown;
//! - **waves**: only waves whose results are released (closed) are loaded
//!   here (`store::load_waves`); the previous wave's figure in a comparison
//!   passes the same rules in its own wave, and every comparison, trend and
//!   effect size is computed from published figures only.
//!
//! Domains are matched across waves by id (and filters by question and
//! option id), so waves measured with another version of the instrument
//! (historical imports) line up.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::disclosure::{self, MinGroup, Refusal};
use super::release::{self, Cell, Count};
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
    /// Per background question: the sums per option.
    by_option: Arc<Mutex<HashMap<usize, Arc<Vec<Aggregates>>>>>,
}

impl Wave {
    pub fn new(data: Arc<WaveData>, instrument: Arc<Instrument>) -> Wave {
        Wave {
            data,
            instrument,
            aggregates: Arc::default(),
            by_option: Arc::default(),
        }
    }

    fn all(&self) -> &Aggregates {
        self.aggregates
            .get_or_init(|| Aggregates::of(&self.data, &self.instrument, None))
    }

    /// The sums of every option of background question `q`, one pass.
    fn options(&self, q: usize) -> Arc<Vec<Aggregates>> {
        let mut map = self.by_option.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(q)
            .or_insert_with(|| Arc::new(Aggregates::by_option(&self.data, &self.instrument, q)))
            .clone()
    }

    /// What may be published of this wave, with or without a filter (given
    /// in this wave's instrument).
    fn view(&self, filter: Option<&Filter>, m: MinGroup) -> View<'_> {
        View {
            all: self.all(),
            option: filter.map(|f| (self.options(f.question), f.option as usize)),
            m,
        }
    }
}

/// Sums of one wave per institution, from one pass over its responses,
/// each with its cell key: respondents, the moments of every domain score
/// and the counts of every `share_at_least` indicator. Domain and
/// indicator indexes are those of the wave's own instrument.
#[derive(Clone, Debug)]
pub struct Aggregates {
    /// Respondents per institution (index of `WaveData::institutions`).
    sizes: Vec<Count>,
    /// `[institution][domain]`.
    domains: Vec<Vec<Cell>>,
    /// `[institution][indicator]`: (respondents counted, of whom yes).
    shares: Vec<Vec<(Count, Count)>>,
}

impl Aggregates {
    fn empty(data: &WaveData, ins: &Instrument) -> Aggregates {
        let n = data.institutions.len();
        Aggregates {
            sizes: vec![Count::default(); n],
            domains: vec![vec![Cell::default(); ins.domains.len()]; n],
            shares: vec![vec![(Count::default(), Count::default()); ins.indicators.len()]; n],
        }
    }

    fn add(&mut self, r: &Response) {
        let i = r.institution as usize;
        self.sizes[i].push(r.key);
        for (c, s) in self.domains[i].iter_mut().zip(&r.scores) {
            if let Some(s) = s {
                c.push(f64::from(*s), r.key);
            }
        }
        for (c, yes) in self.shares[i].iter_mut().zip(&r.counts) {
            if let Some(yes) = yes {
                c.0.push(r.key);
                if *yes {
                    c.1.push(r.key);
                }
            }
        }
    }

    pub fn of(data: &WaveData, ins: &Instrument, filter: Option<&Filter>) -> Aggregates {
        let mut a = Aggregates::empty(data, ins);
        for r in data
            .responses
            .iter()
            .filter(|r| filter.is_none_or(|f| f.keeps(r)))
        {
            a.add(r);
        }
        a
    }

    /// One set of sums per option of background question `q`.
    fn by_option(data: &WaveData, ins: &Instrument, q: usize) -> Vec<Aggregates> {
        let options = ins.background.get(q).map_or(0, |b| b.options.len());
        let mut out = vec![Aggregates::empty(data, ins); options];
        for r in &data.responses {
            if let Some(a) = r
                .background
                .get(q)
                .copied()
                .flatten()
                .and_then(|o| out.get_mut(o as usize))
            {
                a.add(r);
            }
        }
        out
    }
}

/// The publishable figures of one wave under one filter: the linked-set
/// decision for every institution cell, and the sector as the sum of the
/// publishable ones.
struct View<'a> {
    all: &'a Aggregates,
    /// The filter's question, as the sums of each of its options, and the
    /// chosen option.
    option: Option<(Arc<Vec<Aggregates>>, usize)>,
    m: MinGroup,
}

impl View<'_> {
    fn institutions(&self) -> usize {
        self.all.sizes.len()
    }

    /// May a figure of the (filtered) group be shown, given the group's
    /// size `of(a)` in the unfiltered sums and in each option's sums?
    fn allowed(&self, of: impl Fn(&Aggregates) -> u64) -> bool {
        let total = of(self.all);
        match &self.option {
            None => self.m.allows(total),
            Some((opts, o)) => {
                let parts: Vec<u64> = opts.iter().map(&of).collect();
                let p = disclosure::partition(total, &parts, self.m);
                p.total_shown && p.parts_shown[*o]
            }
        }
    }

    fn filtered(&self) -> &Aggregates {
        match &self.option {
            None => self.all,
            Some((opts, o)) => &opts[*o],
        }
    }

    /// Why the (filtered) institution gets no report, if so.
    fn refusal(&self, i: Option<usize>) -> Option<Refusal> {
        let Some(i) = i else {
            return Some(Refusal::TooSmall { n: 0 });
        };
        if self.allowed(|a| a.sizes[i].n) {
            return None;
        }
        let (n, all) = (self.filtered().sizes[i].n, self.all.sizes[i].n);
        Some(match disclosure::subset(n, all, self.m) {
            Err(r) => r,
            Ok(()) => Refusal::LinkedTooSmall,
        })
    }

    /// Respondents of institution `i`, when its group may be shown.
    fn size(&self, i: usize) -> Option<Count> {
        self.allowed(|a| a.sizes[i].n)
            .then(|| self.filtered().sizes[i])
    }

    /// Institution `i`'s cell on domain `d`, when it may be shown.
    fn cell(&self, i: usize, d: usize) -> Option<Cell> {
        (self.size(i).is_some() && self.allowed(|a| a.domains[i][d].n()))
            .then(|| self.filtered().domains[i][d])
    }

    /// The sector's cell on domain `d`: the publishable institution cells
    /// merged, leaving out `except`.
    fn sector(&self, d: usize, except: Option<usize>) -> Cell {
        (0..self.institutions())
            .filter(|&i| Some(i) != except)
            .filter_map(|i| self.cell(i, d))
            .fold(Cell::default(), Cell::merge)
    }

    /// Institution `i`'s counts on indicator `k`, when the share may be
    /// shown: its group may be, and both its yes and its no are at least
    /// the minimum (a frequency below the minimum is never shown).
    fn share(&self, i: usize, k: usize) -> Option<(Count, Count)> {
        let (n, yes) = self.filtered().shares[i][k];
        let no = n.n - yes.n;
        (self.size(i).is_some()
            && self.allowed(|a| a.shares[i][k].0.n)
            && self.m.allows(yes.n)
            && self.m.allows(no))
        .then_some((n, yes))
    }

    fn sector_share(&self, k: usize, except: Option<usize>) -> (Count, Count) {
        (0..self.institutions())
            .filter(|&i| Some(i) != except)
            .filter_map(|i| self.share(i, k))
            .fold((Count::default(), Count::default()), |(n, y), (a, b)| {
                (n.merge(a), y.merge(b))
            })
    }

    /// Indicator `k` of institution `only` (or the sector), leaving out
    /// `except`: published, `None` when hidden.
    fn indicator(
        &self,
        ins: &Instrument,
        k: usize,
        only: Option<usize>,
        except: Option<usize>,
    ) -> Option<IndicatorValue> {
        match &ins.indicators[k].kind {
            IndicatorKind::DomainMean { domain } => {
                let cell = match only {
                    Some(i) => self.cell(i, *domain)?,
                    None => self.sector(*domain, except),
                };
                published(&cell, ins, *domain, self.m)
                    .mean()
                    .map(IndicatorValue::Mean)
            }
            IndicatorKind::ShareAtLeast { .. } => {
                let (n, yes) = match only {
                    Some(i) => self.share(i, k)?,
                    None => self.sector_share(k, except),
                };
                if !self.m.allows(n.n) {
                    return None;
                }
                let n_pub = release::count(n.n, n.key);
                let yes_pub = release::count(yes.n, yes.key).min(n_pub);
                stats::wilson(yes_pub, n_pub).map(IndicatorValue::Share)
            }
        }
    }
}

/// The published moments of a cell on domain `d` of `ins` (empty when the
/// cell is below the minimum).
fn published(cell: &Cell, ins: &Instrument, d: usize, m: MinGroup) -> Moments {
    if !m.allows(cell.n()) {
        return Moments::default();
    }
    release::moments(cell, release::figure_id(&ins.domains[d].id))
}

/// Figures of one domain for one group, as published.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainStats {
    /// Respondents with a score on this domain (perturbed).
    pub n: u64,
    pub summary: Option<Summary>,
    /// Respondents per feedback band (level) of the domain, ascending
    /// (perturbed); `None` where the level's count is hidden.
    pub bands: Vec<Option<u64>>,
    pub alpha: Option<Alpha>,
}

/// One indicator for one group: a share (with Wilson interval) or a mean.
#[derive(Clone, Debug, PartialEq)]
pub enum IndicatorValue {
    Share(Share),
    Mean(f64),
}

/// The exact figures of one group of responses on domain `d`: the
/// internals the statistics tests check, never published as they are.
pub fn domain_stats(
    ins: &Instrument,
    rows: &[&Response],
    d: usize,
    with_alpha: bool,
) -> (Cell, Vec<Count>, Option<Alpha>) {
    let bands_def = &ins.feedback[d];
    let mut bands = vec![Count::default(); bands_def.len()];
    let mut cell = Cell::default();
    for r in rows {
        let Some(s) = r.scores[d].map(f64::from) else {
            continue;
        };
        cell.push(s, r.key);
        if let Some(b) = bands_def.iter().rposition(|b| b.min <= s) {
            bands[b].push(r.key);
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
    (cell, bands, alpha)
}

/// The published figures of one group on domain `d` (the caller has
/// decided that the group may be shown): perturbed count, mean and spread,
/// and the levels as a partition of the group.
fn publish_stats(ins: &Instrument, rows: &[&Response], d: usize, m: MinGroup) -> DomainStats {
    let (cell, bands, alpha) = domain_stats(ins, rows, d, true);
    let moments = published(&cell, ins, d, m);
    let sizes: Vec<u64> = bands.iter().map(|b| b.n).collect();
    let p = disclosure::partition(cell.n(), &sizes, m);
    DomainStats {
        n: moments.n,
        summary: moments.summary(),
        bands: bands
            .iter()
            .zip(&p.parts_shown)
            .map(|(b, &shown)| (p.total_shown && shown).then(|| release::count(b.n, b.key)))
            .collect(),
        alpha,
    }
}

/// A difference between two groups' published domain figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// First minus second, in score points.
    pub diff: f64,
    pub welch: Option<Welch>,
    pub hedges_g: Option<f64>,
}

impl Comparison {
    /// From two sets of published moments.
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

    /// The judgement a report states: a rise or a fall only where the 95%
    /// interval of the difference excludes 0.
    pub fn change(&self) -> Change {
        match self.welch {
            Some(w) if w.higher() => Change::Rose,
            Some(w) if w.lower() => Change::Fell,
            _ => Change::NotSignificant,
        }
    }
}

/// A comparison's judgement by its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Rose,
    Fell,
    /// The interval holds 0 (or there is no interval: no spread).
    NotSignificant,
}

impl Change {
    /// Its catalogue key ("gestegen", "gedaald", "geen significant verschil").
    pub fn key(self) -> &'static str {
        match self {
            Change::Rose => "report-change-rose",
            Change::Fell => "report-change-fell",
            Change::NotSignificant => "report-change-none",
        }
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

    /// The same question and option (by id) in another wave's instrument.
    fn in_instrument(&self, current: &Instrument, other: &Instrument) -> Option<Filter> {
        let q = current.background.get(self.question)?;
        let o = q.options.get(self.option as usize)?;
        let oq = other.background.iter().position(|b| b.id == q.id)?;
        let oo = other.background[oq]
            .options
            .iter()
            .position(|x| x.id == o.id)?;
        Some(Filter {
            question: oq,
            option: u16::try_from(oo).ok()?,
        })
    }
}

/// `filter` as it applies to wave `w` (`None` inside: no filter); the
/// outer `None` when the wave does not ask the filter's question.
fn filter_for<'f>(
    filter: Option<&'f Filter>,
    current: &Instrument,
    w: &Wave,
) -> Option<Option<Cow<'f, Filter>>> {
    match filter {
        None => Some(None),
        Some(f) if std::ptr::eq(current, &*w.instrument) => Some(Some(Cow::Borrowed(f))),
        Some(f) => f
            .in_instrument(current, &w.instrument)
            .map(|f| Some(Cow::Owned(f))),
    }
}

// --- institution report ----------------------------------------------------------

/// Domain figures of the institution in one wave, with the benchmark.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainRow {
    pub domain: usize,
    /// `None` when the domain's group may not be shown.
    pub own: Option<DomainStats>,
    /// The sector's figures (the publishable institutions), `None` when
    /// hidden.
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
    /// Completed responses in the (filtered) group, as published (0 when
    /// refused).
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

/// The published moments of institution `i` on domain `d` in view `v`.
fn own_moments(v: &View, ins: &Instrument, i: usize, d: usize) -> Option<Moments> {
    v.cell(i, d).map(|c| published(&c, ins, d, v.m))
}

/// The institution report for `code` in `waves[current]` (released waves
/// in chronological order), with an optional background filter and the
/// units (teams) defined for the institution.
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
    let mut report = InstitutionReport {
        wave: wave.data.wave.clone(),
        institution: code.to_string(),
        n: 0,
        refused: None,
        domains: Vec::new(),
        indicators: Vec::new(),
        teams: Vec::new(),
        trend: Vec::new(),
        strengths: Vec::new(),
        attention: Vec::new(),
    };
    let idx = wave.data.institution_index(code).map(|i| i as usize);
    let view = wave.view(filter, m);
    if let Some(refusal) = view.refusal(idx) {
        report.refused = Some(refusal);
        return report;
    }
    let Some((i, size)) = idx.and_then(|i| Some((i, view.size(i)?))) else {
        report.refused = Some(Refusal::TooSmall { n: 0 });
        return report;
    };
    report.n = release::count(size.n, size.key);
    let own: Vec<&Response> = wave
        .data
        .of_institution(code)
        .filter(|r| filter.is_none_or(|f| f.keeps(r)))
        .collect();
    let previous = previous_view(waves, current, code, filter, m);

    for d in 0..ins.domains.len() {
        let own_m = own_moments(&view, ins, i, d);
        let rest = view.sector(d, Some(i));
        let bench_ok = own_m.is_some() && m.allows(rest.n());
        let rest_m = published(&rest, ins, d, m);
        // Own cell and rest together: the sector as the other outputs publish it.
        let sector_m = published(&view.sector(d, None), ins, d, m);
        let vs_previous = previous.as_ref().and_then(|(pw, pv, pi)| {
            let pins = &waves[*pw].instrument;
            let pd = same_domain(ins, d, pins)?;
            Comparison::of(own_m?, own_moments(pv, pins, *pi, pd)?)
        });
        report.domains.push(DomainRow {
            domain: d,
            sector: bench_ok.then(|| sector_m.summary()).flatten(),
            vs_sector: bench_ok.then(|| Comparison::of(own_m?, rest_m)).flatten(),
            vs_previous,
            own: own_m.map(|_| publish_stats(ins, &own, d, m)),
        });
    }
    for k in 0..ins.indicators.len() {
        let own_value = view.indicator(ins, k, Some(i), None);
        let rest_ok = match &ins.indicators[k].kind {
            IndicatorKind::DomainMean { domain } => m.allows(view.sector(*domain, Some(i)).n()),
            IndicatorKind::ShareAtLeast { .. } => m.allows(view.sector_share(k, Some(i)).0.n),
        };
        report.indicators.push(IndicatorRow {
            indicator: k,
            sector: (own_value.is_some() && rest_ok)
                .then(|| view.indicator(ins, k, None, None))
                .flatten(),
            own: own_value,
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

/// The latest earlier wave where the institution's (filtered) group may be
/// shown: the wave's index, its view and the institution's index in it.
fn previous_view<'a>(
    waves: &'a [Wave],
    current: usize,
    code: &str,
    filter: Option<&Filter>,
    m: MinGroup,
) -> Option<(usize, View<'a>, usize)> {
    let ins = &waves[current].instrument;
    (0..current).rev().find_map(|w| {
        let wave = &waves[w];
        let f = filter_for(filter, ins, wave)?;
        let i = wave.data.institution_index(code)? as usize;
        let view = wave.view(f.as_deref(), m);
        view.size(i).is_some().then_some((w, view, i))
    })
}

fn trend_point(
    w: &Wave,
    current: &Instrument,
    code: &str,
    filter: Option<&Filter>,
    m: MinGroup,
) -> Option<TrendPoint> {
    let f = filter_for(filter, current, w)?;
    let view = w.view(f.as_deref(), m);
    let i = w.data.institution_index(code)? as usize;
    view.size(i)?;
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
        let own = own_moments(&view, &w.instrument, i, wd).and_then(|x| x.mean());
        let rest = view.sector(wd, Some(i));
        point.sector.push(
            (own.is_some() && m.allows(rest.n()))
                .then(|| published(&view.sector(wd, None), &w.instrument, wd, m).mean())
                .flatten(),
        );
        point.own.push(own);
    }
    Some(point)
}

/// Team means per domain with secondary suppression per domain.
fn teams(ins: &Instrument, own: &[&Response], units: &[i64], m: MinGroup) -> Vec<TeamRow> {
    let groups: Vec<Vec<&Response>> = units
        .iter()
        .map(|&u| own.iter().copied().filter(|r| r.unit == Some(u)).collect())
        .collect();
    let counts: Vec<Count> = groups
        .iter()
        .map(|g| {
            g.iter().fold(Count::default(), |mut c, r| {
                c.push(r.key);
                c
            })
        })
        .collect();
    let sizes: Vec<u64> = counts.iter().map(|c| c.n).collect();
    let count_part = disclosure::partition(own.len() as u64, &sizes, m);
    let mut rows: Vec<TeamRow> = units
        .iter()
        .zip(&count_part.parts_shown)
        .zip(&counts)
        .map(|((&unit, &shown), c)| TeamRow {
            unit,
            n: (shown && count_part.total_shown).then(|| release::count(c.n, c.key)),
            means: Vec::new(),
        })
        .collect();
    for d in 0..ins.domains.len() {
        let cells: Vec<Cell> = groups
            .iter()
            .map(|g| domain_stats(ins, g, d, false).0)
            .collect();
        let ns: Vec<u64> = cells.iter().map(Cell::n).collect();
        let total = own.iter().filter(|r| r.scores[d].is_some()).count() as u64;
        let p = disclosure::partition(total, &ns, m);
        for (t, row) in rows.iter_mut().enumerate() {
            let shown = p.total_shown && p.parts_shown[t] && row.n.is_some();
            row.means.push(
                shown
                    .then(|| published(&cells[t], ins, d, m).mean())
                    .flatten(),
            );
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
    /// Respondents of the institutions in the sector figures (published).
    pub n: u64,
    pub refused: Option<Refusal>,
    pub domains: Vec<SectorDomain>,
    pub indicators: Vec<Option<IndicatorValue>>,
    /// Institutions with responses, in code order (the caller decides
    /// which may be named).
    pub institutions: Vec<SectorInstitution>,
    pub trend: Vec<TrendPoint>,
    /// The plan's check: a significantly higher mean (the 95% interval of
    /// the difference above 0) in every domain than the previous wave
    /// (`None` when there is no previous wave to compare).
    pub every_domain_increased: Option<bool>,
}

impl SectorReport {
    /// The domains whose mean did not rise significantly against the
    /// previous wave (no comparison counts as no rise), in domain order.
    pub fn domains_without_significant_rise(&self) -> Vec<usize> {
        self.domains
            .iter()
            .filter(|d| {
                d.vs_previous
                    .as_ref()
                    .is_none_or(|c| c.change() != Change::Rose)
            })
            .map(|d| d.domain)
            .collect()
    }
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
    let view = wave.view(None, m);
    let prev = (0..current)
        .rev()
        .find(|&w| !waves[w].data.responses.is_empty());
    let shown: Vec<Count> = (0..view.institutions())
        .filter_map(|i| view.size(i))
        .collect();
    let total = shown.iter().fold(Count::default(), |a, &c| a.merge(c));
    let mut report = SectorReport {
        wave: wave.data.wave.clone(),
        previous_wave: prev.map(|w| waves[w].data.wave.clone()),
        n: 0,
        refused: None,
        domains: Vec::new(),
        indicators: Vec::new(),
        institutions: Vec::new(),
        trend: Vec::new(),
        every_domain_increased: None,
    };
    if !m.allows(total.n) {
        report.refused = Some(Refusal::TooSmall { n: total.n });
        return report;
    }
    report.n = release::count(total.n, total.key);
    // Institutions with responses, in code order.
    let mut groups: Vec<usize> = (0..view.institutions())
        .filter(|&i| view.all.sizes[i].n > 0)
        .collect();
    groups.sort_by(|&a, &b| wave.data.institutions[a].cmp(&wave.data.institutions[b]));
    let mut insts: Vec<SectorInstitution> = groups
        .iter()
        .map(|&i| SectorInstitution {
            code: wave.data.institutions[i].clone(),
            n: view.size(i).map(|c| release::count(c.n, c.key)),
            means: Vec::new(),
        })
        .collect();
    let prev_view = prev.map(|w| (&waves[w], waves[w].view(None, m)));
    let mut all_up = prev_view.is_some();
    for d in 0..ins.domains.len() {
        // The responses behind the sector's figure on this domain: those of
        // the institutions whose own figure is publishable.
        let kept: Vec<bool> = (0..view.institutions())
            .map(|i| view.cell(i, d).is_some())
            .collect();
        let rows: Vec<&Response> = wave
            .data
            .responses
            .iter()
            .filter(|r| kept[r.institution as usize])
            .collect();
        let sector_cell = view.sector(d, None);
        let shown = m.allows(sector_cell.n());
        let mut means = Vec::new();
        for (j, inst) in insts.iter_mut().enumerate() {
            let mean = own_moments(&view, ins, groups[j], d).and_then(|x| x.mean());
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
        let vs_previous = prev_view.as_ref().and_then(|(pw, pv)| {
            let pd = same_domain(ins, d, &pw.instrument)?;
            let ps = published(&pv.sector(pd, None), &pw.instrument, pd, m);
            shown
                .then(|| Comparison::of(published(&sector_cell, ins, d, m), ps))
                .flatten()
        });
        all_up &= vs_previous
            .as_ref()
            .is_some_and(|c| c.change() == Change::Rose);
        report.domains.push(SectorDomain {
            domain: d,
            spread,
            vs_previous,
            stats: shown.then(|| publish_stats(ins, &rows, d, m)),
        });
    }
    report.every_domain_increased = prev_view.is_some().then_some(all_up);
    report.indicators = (0..ins.indicators.len())
        .map(|k| view.indicator(ins, k, None, None))
        .collect();
    report.institutions = insts;
    report.trend = waves[..=current]
        .iter()
        .filter(|w| !w.data.responses.is_empty())
        .map(|w| {
            let v = w.view(None, m);
            let sector = (0..ins.domains.len())
                .map(|d| {
                    let wd = same_domain(ins, d, &w.instrument)?;
                    published(&v.sector(wd, None), &w.instrument, wd, m).mean()
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
        assert!(s.domains_without_significant_rise().is_empty());
        assert_eq!(
            s.domains[0].vs_previous.as_ref().unwrap().change(),
            Change::Rose
        );
        assert_eq!(s.institutions.len(), 2);
        let s0 = sector(&waves, 0, m());
        assert_eq!(s0.every_domain_increased, None);
    }

    #[test]
    fn a_rise_inside_its_interval_is_not_called_a_rise() {
        let i = ins();
        // Answers spread over the whole scale; the later wave moves a few
        // answers one step up (enough of them for the published figure to
        // move): a rise of ~10 points, inside its 95% interval.
        let spread = |inst: u32, lift: usize| -> Vec<Response> {
            (0..30)
                .map(|k| {
                    let mut x = (k % 3) as i8 + 1;
                    if k < lift && x < 3 {
                        x += 1;
                    }
                    // A reversed item is answered the other way round, so
                    // that every item scores the same.
                    let coded = i
                        .items
                        .iter()
                        .map(|it| if it.reverse { 4 - x } else { x })
                        .collect();
                    score_coded(&i, inst, None, vec![None; i.background.len()], coded)
                })
                .collect()
        };
        let w1 = wave("2024", &i, vec![spread(0, 0), spread(1, 0)]);
        let w2 = wave("2026", &i, vec![spread(0, 8), spread(1, 8)]);
        let s = sector(&[w1, w2], 1, m());
        let c = s.domains[0].vs_previous.as_ref().unwrap();
        assert!(c.diff > 0.0, "{c:?}");
        assert_eq!(c.change(), Change::NotSignificant, "{c:?}");
        let w = c.welch.unwrap();
        assert!(w.ci95.0 < 0.0 && w.ci95.1 > 0.0, "{w:?}");
        assert_eq!(s.every_domain_increased, Some(false));
        assert_eq!(
            s.domains_without_significant_rise(),
            (0..i.domains.len()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_sector_is_the_sum_of_the_publishable_institutions() {
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
        let s = sector(std::slice::from_ref(&w), 0, m());
        let shown: Vec<bool> = s.institutions.iter().map(|x| x.n.is_some()).collect();
        assert_eq!(shown, vec![true, true, false]);
        assert!(s.institutions[2].means.iter().all(Option::is_none));
        assert_eq!(s.domains[0].spread.as_ref().unwrap().institutions, 2);
        // The small institution is not in the sector figures at all, so
        // "sector minus the visible institutions" leaves nobody.
        let v = w.view(None, m());
        assert_eq!(v.sector(0, None).n(), 45);
        assert!(s.n.abs_diff(45) <= release::PARAMS.count_max);
    }

    /// Random waves: institutions of random sizes, one background question
    /// with three options (or no answer), domain scores sometimes missing.
    fn random_wave(ins: &Arc<Instrument>, sizes: &[usize], seed: u64) -> Wave {
        let mut x = seed;
        let mut next = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 33
        };
        let mut responses = Vec::new();
        for (inst, &n) in sizes.iter().enumerate() {
            for mut r in rows(ins, inst as u32, None, n, 3) {
                r.background[0] = match next() % 8 {
                    0 => None,
                    k => Some((k % 2) as u16),
                };
                for s in r.scores.iter_mut() {
                    if next() % 6 == 0 {
                        *s = None;
                    }
                }
                r.key = next() << 20 | next();
                responses.push(r);
            }
        }
        Wave::new(
            Arc::new(WaveData {
                wave: "2026".into(),
                institutions: (0..sizes.len()).map(|k| format!("99{k:02}")).collect(),
                responses,
            }),
            ins.clone(),
        )
    }

    proptest::proptest! {
        #[test]
        fn attack_linked_outputs_never_isolate_a_small_group(
            sizes in proptest::collection::vec(0usize..40, 1..6),
            seed in proptest::prelude::any::<u64>(),
            min in 5u64..12,
        ) {
            let i = ins();
            let w = random_wave(&i, &sizes, seed);
            let m = MinGroup::new(min).unwrap();
            let all = w.view(None, m);
            let q = 0;
            let options = i.background[q].options.len();
            let views: Vec<View> = (0..options)
                .map(|o| w.view(Some(&Filter { question: q, option: o as u16 }), m))
                .collect();
            for d in 0..i.domains.len() {
                for inst in 0..sizes.len() {
                    let total = all.all.domains[inst][d].n();
                    // Unfiltered: shown only for a group of at least m.
                    if all.cell(inst, d).is_some() {
                        proptest::prop_assert!(total >= min);
                    }
                    // The institution minus every shown option: nobody, or
                    // at least m respondents in at least two groups.
                    let shown: Vec<usize> = (0..options)
                        .filter(|&o| views[o].cell(inst, d).is_some())
                        .collect();
                    if !shown.is_empty() {
                        proptest::prop_assert!(all.cell(inst, d).is_some());
                        let visible: u64 = shown.iter().map(|&o| views[o].filtered().domains[inst][d].n()).sum();
                        let lump = total - visible;
                        proptest::prop_assert!(lump == 0 || lump >= min, "lump {}", lump);
                    }
                    for &o in &shown {
                        let n = views[o].filtered().domains[inst][d].n();
                        proptest::prop_assert!(n >= min && (total - n == 0 || total - n >= min));
                    }
                }
                // Sector (filtered or not) minus the shown institutions: nobody.
                for v in std::iter::once(&all).chain(&views) {
                    let shown: u64 = (0..sizes.len()).filter_map(|k| v.cell(k, d)).map(|c| c.n()).sum();
                    proptest::prop_assert_eq!(v.sector(d, None).n(), shown);
                }
            }
        }

        #[test]
        fn attack_levels_and_shares_never_show_a_small_count(
            sizes in proptest::collection::vec(0usize..60, 1..5),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let i = ins();
            let w = random_wave(&i, &sizes, seed);
            for inst in 0..sizes.len() {
                let r = institution(std::slice::from_ref(&w), 0, &format!("99{inst:02}"), None, &[], m());
                for row in &r.domains {
                    if let Some(s) = &row.own {
                        let exact = domain_stats(&i, &w.data.of_institution(&r.institution).collect::<Vec<_>>(), row.domain, false).1;
                        for (b, e) in s.bands.iter().zip(&exact) {
                            // Shown levels are groups of at least m; hidden
                            // ones together are, in at least two groups.
                            proptest::prop_assert!(b.is_none() || e.n >= 10);
                        }
                        let lump: u64 = s.bands.iter().zip(&exact).filter(|(b, _)| b.is_none()).map(|(_, e)| e.n).sum();
                        proptest::prop_assert!(lump == 0 || lump >= 10, "levels lump {}", lump);
                    }
                }
                for k in &r.indicators {
                    if let Some(IndicatorValue::Share(sh)) = &k.own {
                        let (n, yes) = w.view(None, m()).filtered().shares[inst][k.indicator];
                        proptest::prop_assert!(yes.n >= 10 && n.n - yes.n >= 10, "share {:?}", sh);
                    }
                }
            }
        }
    }

    #[test]
    fn the_previous_wave_is_compared_only_where_its_own_report_is_shown() {
        let i = ins();
        // 2024: the filter's complement is 5 respondents (refused there).
        let mut old = rows(&i, 0, None, 25, 2);
        for r in old.iter_mut().take(20) {
            r.background[0] = Some(0);
        }
        let mut new = rows(&i, 0, None, 40, 3);
        for (k, r) in new.iter_mut().enumerate() {
            r.background[0] = Some(u16::from(k >= 20));
        }
        let w1 = wave("2024", &i, vec![old, rows(&i, 1, None, 30, 2)]);
        let w2 = wave("2026", &i, vec![new, rows(&i, 1, None, 30, 2)]);
        let f = Filter {
            question: 0,
            option: 0,
        };
        let waves = [w1, w2];
        let before = institution(&waves, 0, "99AA", Some(&f), &[], m());
        assert!(before.refused.is_some());
        let now = institution(&waves, 1, "99AA", Some(&f), &[], m());
        assert!(now.refused.is_none());
        assert!(now.domains.iter().all(|d| d.vs_previous.is_none()));
        assert_eq!(now.trend.len(), 1, "the refused wave is not a trend point");
    }

    #[test]
    fn quantiles_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.5), 2.5);
    }
}

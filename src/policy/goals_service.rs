//! Goals measured: the use case behind the goals page, its API and the
//! coordinator home. Every figure comes from [`crate::analysis::report::institution`]
//! on the released waves, the function behind the institution report, so
//! a goal shows exactly what the report shows, with the same disclosure
//! control (a team below the minimum group is "not measurable").

use std::collections::HashMap;
use std::sync::Arc;

use super::goals::{self, Measure, Metric, Outcome, Unmeasurable};
use super::goals_store::{self, StoredGoal};
use crate::analysis::report::{self, IndicatorValue, InstitutionReport};
use crate::analysis::service::Env;
use crate::monitor::instrument::Instrument;
use crate::monitor::{Wave, WaveState};

/// The released waves with their data, and the institution's reports in
/// them, computed once per wave.
pub struct Measurements {
    meta: Vec<Wave>,
    data: Vec<report::Wave>,
    units: Vec<i64>,
    code: String,
    reports: HashMap<usize, InstitutionReport>,
    min_group: crate::analysis::disclosure::MinGroup,
    /// Every wave, released or not, for "the target wave is open".
    all: Vec<Wave>,
}

impl Measurements {
    pub async fn load(env: &Env<'_>, code: &str) -> anyhow::Result<Measurements> {
        let loaded = crate::analysis::store::load_waves(env.db, env.instruments, env.waves).await?;
        let (meta, data): (Vec<Wave>, Vec<report::Wave>) = loaded.into_iter().unzip();
        let parsed: crate::institutions::InstitutionCode = code
            .parse()
            .map_err(|_| anyhow::anyhow!("bad institution code {code}"))?;
        let units = crate::monitor::store::units(env.db, &parsed)
            .await?
            .iter()
            .map(|u| u.id)
            .collect();
        Ok(Measurements {
            meta,
            data,
            units,
            code: code.to_string(),
            reports: HashMap::new(),
            min_group: env.min_group,
            all: crate::monitor::store::waves(env.db).await?,
        })
    }

    fn takes_part(&self, w: &Wave) -> bool {
        w.institutions.iter().any(|c| c.as_str() == self.code)
    }

    /// The latest released wave the institution took part in: where a new
    /// goal's baseline comes from.
    pub fn latest(&self) -> Option<&Wave> {
        self.meta.iter().rev().find(|w| self.takes_part(w))
    }

    fn index(&self, wave_id: i64) -> Option<usize> {
        self.meta.iter().position(|w| w.id == wave_id)
    }

    pub fn wave(&self, wave_id: i64) -> Option<&Wave> {
        self.meta
            .iter()
            .find(|w| w.id == wave_id)
            .or_else(|| self.all.iter().find(|w| w.id == wave_id))
    }

    pub fn instrument(&self, wave_id: i64) -> Option<Arc<Instrument>> {
        self.index(wave_id).map(|i| self.data[i].instrument.clone())
    }

    /// The released wave that measures a goal with `target_year`: the
    /// first one opened in that year that the institution took part in.
    pub fn target(&self, year: i32) -> Option<&Wave> {
        self.meta
            .iter()
            .find(|w| w.opens_on.year() == year && self.takes_part(w))
    }

    /// A wave of `year` still in fieldwork (draft or open).
    pub fn running(&self, year: i32) -> Option<&Wave> {
        self.all.iter().find(|w| {
            w.opens_on.year() == year
                && matches!(w.state, WaveState::Draft | WaveState::Open)
                && self.takes_part(w)
        })
    }

    fn report(&mut self, i: usize) -> &InstitutionReport {
        let (data, code, units, m) = (&self.data, &self.code, &self.units, self.min_group);
        self.reports
            .entry(i)
            .or_insert_with(|| report::institution(data, i, code, None, units, m))
    }

    /// What the analysis publishes for `metric` (of `unit`) in `wave_id`.
    pub fn measure(&mut self, wave_id: i64, metric: &Metric, unit: Option<i64>) -> Measure {
        let Some(i) = self.index(wave_id) else {
            return Measure::None(Unmeasurable::NotInWave);
        };
        if !self.takes_part(&self.meta[i]) {
            return Measure::None(Unmeasurable::NotInWave);
        }
        let ins = self.data[i].instrument.clone();
        let r = self.report(i);
        if r.refused.is_some() {
            return Measure::None(Unmeasurable::TooFew);
        }
        let value = match metric {
            Metric::Domain(id) => {
                let Some(d) = ins.domains.iter().position(|x| &x.id == id) else {
                    return Measure::None(Unmeasurable::NotInInstrument);
                };
                match unit {
                    None => r
                        .domains
                        .get(d)
                        .and_then(|row| row.own.as_ref())
                        .and_then(|s| s.summary.as_ref())
                        .map(|s| s.mean),
                    Some(u) => r
                        .teams
                        .iter()
                        .find(|t| t.unit == u)
                        .and_then(|t| t.means.get(d).copied().flatten()),
                }
            }
            Metric::Indicator(id) => {
                let Some(k) = ins.indicators.iter().position(|x| &x.id == id) else {
                    return Measure::None(Unmeasurable::NotInInstrument);
                };
                if unit.is_some() {
                    return Measure::None(Unmeasurable::TooFew);
                }
                r.indicators
                    .get(k)
                    .and_then(|row| row.own.as_ref())
                    .map(|v| match v {
                        IndicatorValue::Share(s) => s.share * 100.0,
                        IndicatorValue::Mean(m) => *m,
                    })
            }
        };
        value.map_or(Measure::None(Unmeasurable::TooFew), Measure::Value)
    }
}

/// One goal with its baseline and outcome, as the pages show it.
pub struct Measured {
    pub goal: StoredGoal,
    pub baseline_wave: String,
    pub baseline: Measure,
    pub metric_name: String,
    pub share: bool,
    /// The wave that measured it, if analysed.
    pub target_wave: Option<String>,
    /// A wave of the target year still in fieldwork.
    pub running: Option<String>,
    pub outcome: Outcome,
}

/// Every goal of `code` with its figures.
pub async fn measured(env: &Env<'_>, code: &str) -> anyhow::Result<(Measurements, Vec<Measured>)> {
    let stored = goals_store::goals(env.db, code).await?;
    let mut m = Measurements::load(env, code).await?;
    let mut out = Vec::with_capacity(stored.len());
    for goal in stored {
        let ins = m.instrument(goal.baseline_wave);
        let metric_name = ins
            .as_ref()
            .and_then(|i| goal.metric.name(i, env.tr.lang))
            .unwrap_or_else(|| goal.metric.code());
        let share = ins.as_ref().is_some_and(|i| goal.metric.is_share(i));
        let baseline = m.measure(goal.baseline_wave, &goal.metric, goal.unit);
        let baseline_wave = m
            .wave(goal.baseline_wave)
            .map(|w| w.name.clone())
            .unwrap_or_default();
        let target = m.target(goal.target_year).map(|w| (w.id, w.name.clone()));
        let running = m.running(goal.target_year).map(|w| w.name.clone());
        let measure = target
            .as_ref()
            .map(|(id, _)| m.measure(*id, &goal.metric, goal.unit));
        out.push(Measured {
            outcome: goals::judge(goal.target_value, measure),
            target_wave: target.map(|(_, n)| n),
            running,
            baseline,
            baseline_wave,
            metric_name,
            share,
            goal,
        });
    }
    Ok((m, out))
}

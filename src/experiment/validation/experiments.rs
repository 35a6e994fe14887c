//! The four validation experiments: each sweep's runs reduced to what the paper reports
//! (equilibrium or period-20 code knowledge, knowledge over time, periods to equilibrium).

use crate::experiment::plan::SweepPlan;
use crate::experiment::validation::{
    FAST_SHARE, P1, P2, P3, RunEnd, ValidationError, WORKIEWICZ_FIGURE1, WORKIEWICZ_P1,
    WORKIEWICZ_P2, distinct, err, key_values, median, paired, position, run_end, run_points, same,
};
use crate::ground::stats::Stats;
use crate::model::metrics::Metric;
use std::time::{Duration, Instant};

/// March's Figure 1: equilibrium code knowledge on a grid of p1 × p2.
#[derive(Clone, Debug)]
pub struct Figure1 {
    pub replications: u32,
    /// The cap on periods (`months`).
    pub cap: u32,
    pub p1: Vec<f64>,
    pub p2: Vec<f64>,
    /// Per [p2][p1], per replication.
    pub runs: Vec<Vec<Vec<RunEnd>>>,
    /// Wall time of the whole grid.
    pub elapsed: Duration,
    /// Rayon threads it ran on.
    pub threads: usize,
}

impl Figure1 {
    pub fn knowledge_values(&self, i2: usize, i1: usize) -> Vec<f64> {
        self.runs[i2][i1].iter().map(|r| r.knowledge).collect()
    }

    pub fn knowledge(&self, i2: usize, i1: usize) -> Stats {
        Stats::of(self.knowledge_values(i2, i1))
    }

    pub fn median_periods(&self, i2: usize, i1: usize) -> f64 {
        let periods: Vec<f64> = self.runs[i2][i1]
            .iter()
            .map(|r| r.last_change as f64)
            .collect();
        median(&periods)
    }

    pub fn max_periods(&self, i2: usize, i1: usize) -> u32 {
        self.runs[i2][i1]
            .iter()
            .map(|r| r.last_change)
            .max()
            .unwrap_or(0)
    }

    pub fn unsettled(&self) -> usize {
        self.runs
            .iter()
            .flatten()
            .flatten()
            .filter(|r| r.unsettled)
            .count()
    }

    pub fn total_runs(&self) -> usize {
        self.runs.iter().flatten().map(|v| v.len()).sum()
    }

    /// The Workiewicz (2019) reference at (p2, p1), if the grid point is one of his.
    pub fn reference(&self, i2: usize, i1: usize) -> Option<f64> {
        let r2 = WORKIEWICZ_P2.iter().position(|&v| same(v, self.p2[i2]))?;
        let r1 = WORKIEWICZ_P1.iter().position(|&v| same(v, self.p1[i1]))?;
        Some(WORKIEWICZ_FIGURE1[r2][r1])
    }

    pub(super) fn index(&self, p2: f64, p1: f64) -> Option<(usize, usize)> {
        Some((
            self.p2.iter().position(|&v| same(v, p2))?,
            self.p1.iter().position(|&v| same(v, p1))?,
        ))
    }
}

/// Runs the Figure-1 sweep (keys `knowledge.code_learning_rate` and
/// `knowledge.socialisation_rate`), timing the whole grid.
pub fn figure1(plan: &SweepPlan) -> Result<Figure1, ValidationError> {
    let p2_at = key_values(plan, P2)?;
    let p1_at = key_values(plan, P1)?;
    let p2 = distinct(&p2_at);
    let p1 = distinct(&p1_at);
    if p1.len() * p2.len() != plan.points.len() {
        return err(format!(
            "sweep `{}` must be a full grid of p1 × p2",
            plan.name
        ));
    }
    let started = Instant::now();
    let points = run_points(plan, run_end)?;
    let elapsed = started.elapsed();
    let cap = points.first().map(|(s, _)| s.months).unwrap_or(0);
    let mut runs = vec![vec![Vec::new(); p1.len()]; p2.len()];
    for (point, (_, ends)) in points.into_iter().enumerate() {
        runs[position(&p2, p2_at[point])][position(&p1, p1_at[point])] = ends;
    }
    Ok(Figure1 {
        replications: plan.replications,
        cap,
        p1,
        p2,
        runs,
        elapsed,
        threads: rayon::current_num_threads(),
    })
}

/// Fast and slow learners mixed, each mix beside a homogeneous group of its average rate.
#[derive(Clone, Debug)]
pub struct MixedLearners {
    pub replications: u32,
    pub fast_rate: f64,
    pub slow_rate: f64,
    pub individuals: u32,
    /// Shares of fast learners of the mixed groups (as run: round(share·n)/n).
    pub shares: Vec<f64>,
    /// The average rate of each mix.
    pub average_rates: Vec<f64>,
    /// Per mix, per replication.
    pub mixed: Vec<Vec<RunEnd>>,
    /// The homogeneous group at each mix's average rate, per replication.
    pub homogeneous: Vec<Vec<RunEnd>>,
    /// Homogeneous groups at the slow and the fast rate (shares 0 and 1), if run.
    pub all_slow: Option<Vec<RunEnd>>,
    pub all_fast: Option<Vec<RunEnd>>,
}

pub(super) fn knowledge_of(runs: &[RunEnd]) -> Vec<f64> {
    runs.iter().map(|r| r.knowledge).collect()
}

impl MixedLearners {
    pub fn mixed_knowledge(&self, i: usize) -> Stats {
        Stats::of(knowledge_of(&self.mixed[i]))
    }

    pub fn homogeneous_knowledge(&self, i: usize) -> Stats {
        Stats::of(knowledge_of(&self.homogeneous[i]))
    }

    /// Mixed − homogeneous at mix `i`, paired over replications.
    pub fn difference(&self, i: usize) -> Stats {
        paired(
            &knowledge_of(&self.mixed[i]),
            &knowledge_of(&self.homogeneous[i]),
        )
    }
}

/// Runs the mixed-learners sweep: points with `knowledge.fast_learner_share` > 0 are mixes;
/// each is matched with the point without fast learners whose `socialisation_rate` is the
/// mix's average rate.
pub fn mixed_learners(plan: &SweepPlan) -> Result<MixedLearners, ValidationError> {
    let share_at = key_values(plan, FAST_SHARE)?;
    let p1_at = key_values(plan, P1)?;
    let points = run_points(plan, run_end)?;
    let Some((first, _)) = points.first() else {
        return err(format!("sweep `{}` has no points", plan.name));
    };
    let k = &first.knowledge;
    let (fast, slow, n) = (
        k.fast_socialisation_rate,
        k.slow_socialisation_rate,
        k.individuals,
    );
    let homogeneous_at =
        |rate: f64| (0..points.len()).find(|&p| share_at[p] == 0.0 && same(p1_at[p], rate));
    let mut out = MixedLearners {
        replications: plan.replications,
        fast_rate: fast,
        slow_rate: slow,
        individuals: n,
        shares: vec![],
        average_rates: vec![],
        mixed: vec![],
        homogeneous: vec![],
        all_slow: homogeneous_at(slow).map(|p| points[p].1.clone()),
        all_fast: homogeneous_at(fast).map(|p| points[p].1.clone()),
    };
    for p in 0..points.len() {
        if share_at[p] <= 0.0 {
            continue;
        }
        let share = (share_at[p] * n as f64).round() / n as f64;
        let average = slow + share * (fast - slow);
        let Some(h) = homogeneous_at(average) else {
            return err(format!(
                "sweep `{}`: the mix at point {p} (share {share}) has no homogeneous point with \
                 socialisation_rate = {average}",
                plan.name
            ));
        };
        out.shares.push(share);
        out.average_rates.push(average);
        out.mixed.push(points[p].1.clone());
        out.homogeneous.push(points[h].1.clone());
    }
    if out.shares.is_empty() {
        return err(format!("sweep `{}` has no mixed groups", plan.name));
    }
    Ok(out)
}

/// Code knowledge after a fixed number of periods against turnover, per socialisation rate.
#[derive(Clone, Debug)]
pub struct Turnover {
    pub replications: u32,
    pub months: u32,
    pub p1: Vec<f64>,
    pub p3: Vec<f64>,
    /// Per [p1][p3], per replication: code knowledge in the last month.
    pub knowledge: Vec<Vec<Vec<f64>>>,
}

impl Turnover {
    pub fn stats(&self, i1: usize, i3: usize) -> Stats {
        Stats::of(self.knowledge[i1][i3].iter().copied())
    }

    /// K(p3) − K(p3 = first value), paired.
    pub fn gain(&self, i1: usize, i3: usize) -> Stats {
        paired(&self.knowledge[i1][i3], &self.knowledge[i1][0])
    }

    /// The index of the p3 with the highest mean at `i1`.
    pub fn best(&self, i1: usize) -> usize {
        (0..self.p3.len())
            .max_by(|&a, &b| self.stats(i1, a).mean.total_cmp(&self.stats(i1, b).mean))
            .unwrap_or(0)
    }
}

/// Runs the turnover sweep (keys `knowledge.socialisation_rate`, `knowledge.turnover`; the
/// first turnover value is the reference, normally 0).
pub fn turnover(plan: &SweepPlan) -> Result<Turnover, ValidationError> {
    let p1_at = key_values(plan, P1)?;
    let p3_at = key_values(plan, P3)?;
    let p1 = distinct(&p1_at);
    let mut p3 = distinct(&p3_at);
    p3.sort_by(|a, b| a.total_cmp(b));
    if p1.len() * p3.len() != plan.points.len() {
        return err(format!(
            "sweep `{}` must be a full grid of p1 × p3",
            plan.name
        ));
    }
    let points = run_points(plan, |r| run_end(r).knowledge)?;
    let months = points.first().map(|(s, _)| s.months).unwrap_or(0);
    let mut knowledge = vec![vec![Vec::new(); p3.len()]; p1.len()];
    for (point, (_, ks)) in points.into_iter().enumerate() {
        knowledge[position(&p1, p1_at[point])][position(&p3, p3_at[point])] = ks;
    }
    Ok(Turnover {
        replications: plan.replications,
        months,
        p1,
        p3,
        knowledge,
    })
}

/// Code knowledge over time under turbulence, per turnover rate.
#[derive(Clone, Debug)]
pub struct Turbulence {
    pub replications: u32,
    pub months: u32,
    pub turbulence: f64,
    pub socialisation_rate: f64,
    pub code_learning_rate: f64,
    pub p3: Vec<f64>,
    /// Per p3, per replication, per month 0..=months: code knowledge.
    pub paths: Vec<Vec<Vec<f64>>>,
}

impl Turbulence {
    /// Mean and interval of code knowledge in `month`, over replications.
    pub fn at(&self, i3: usize, month: usize) -> Stats {
        Stats::of(self.paths[i3].iter().map(|path| path[month]))
    }

    /// Per replication, mean code knowledge over months `from..=to`.
    pub fn window(&self, i3: usize, from: usize, to: usize) -> Vec<f64> {
        self.paths[i3]
            .iter()
            .map(|path| path[from..=to].iter().sum::<f64>() / (to - from + 1) as f64)
            .collect()
    }

    /// The month with the highest mean code knowledge.
    pub fn peak(&self, i3: usize) -> usize {
        (0..=self.months as usize)
            .max_by(|&a, &b| self.at(i3, a).mean.total_cmp(&self.at(i3, b).mean))
            .unwrap_or(0)
    }
}

/// Runs the turbulence sweep (key `knowledge.turnover`).
pub fn turbulence(plan: &SweepPlan) -> Result<Turbulence, ValidationError> {
    let p3_at = key_values(plan, P3)?;
    let points = run_points(plan, |r| {
        r.months
            .iter()
            .map(|row| row[Metric::CodeKnowledge as usize])
            .collect::<Vec<f64>>()
    })?;
    let Some((first, _)) = points.first() else {
        return err(format!("sweep `{}` has no points", plan.name));
    };
    let mut out = Turbulence {
        replications: plan.replications,
        months: first.months,
        turbulence: first.environment.turbulence,
        socialisation_rate: first.knowledge.socialisation_rate,
        code_learning_rate: first.knowledge.code_learning_rate,
        p3: vec![],
        paths: vec![],
    };
    for (point, (_, paths)) in points.into_iter().enumerate() {
        out.p3.push(p3_at[point]);
        out.paths.push(paths);
    }
    Ok(out)
}

/// The windows the turbulence findings compare: the first rise and the last 20 periods.
pub const TURBULENCE_EARLY: (usize, usize) = (5, 15);
pub const TURBULENCE_START: (usize, usize) = (1, 5);

pub(super) fn turbulence_late(months: u32) -> (usize, usize) {
    let months = months as usize;
    (months.saturating_sub(19).max(1), months)
}

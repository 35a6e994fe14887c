//! Comparisons: two or more scenarios run with common random numbers, and the statistics of
//! each scenario and of its paired difference to the first.
//!
//! Owns putting scenarios on a common footing (the first scenario's seed and replications for
//! all; equal horizons required), running them on the current rayon pool and the statistics:
//! per metric, each scenario's mean and 95% Student t interval at the horizon and averaged over
//! months 1..=horizon, and for every scenario after the first the paired difference to the first
//! (per replication B_r − A_r, then mean and interval). Because replication r of every scenario
//! draws from the same random streams (the engine keys them by seed, replication, step, purpose
//! and agent), the paired differences are free of most of the noise the scenarios share.
//!
//! Does not own loading scenario files, rendering the table or writing files (see
//! `crate::output::compare`) or choosing exit codes (see `crate::cli::compare`). No I/O.

use super::run_replications;
use crate::ground::stats::{RunningStats, Stats};
use crate::model::metrics::{Metric, ReplicationResult};
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::fmt;

pub use crate::ground::stats::Statistic;

// The statistic is declared with the statistics (the report reads it back); how it reduces a
// replication lives here, with the runs it reduces.
impl Statistic {
    /// The value of `metric` in `result` reduced by this statistic, for a run of `horizon`
    /// months (months beyond it are ignored; NaN if the value is empty or no month was run).
    pub fn of(self, result: &ReplicationResult, metric: Metric, horizon: usize) -> f64 {
        match self {
            Statistic::Horizon => result
                .months
                .get(horizon)
                .or(result.months.last())
                .map_or(f64::NAN, |row| row[metric as usize]),
            Statistic::Average => {
                let mut s = RunningStats::default();
                let last = horizon.min(result.months.len().saturating_sub(1));
                if last >= 1 {
                    result.months[1..=last]
                        .iter()
                        .for_each(|row| s.push(row[metric as usize]));
                }
                s.stats().mean
            }
        }
    }
}

/// One scenario of a comparison, as it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioRun {
    /// The scenario's name, made unique within the comparison (`name`, `name-2`, …): used in
    /// the table, in `comparison.csv` and as the scenario's output folder.
    pub label: String,
    /// The scenario as run: seed and replications are the comparison's.
    pub scenario: Scenario,
    /// Its replications, in replication order.
    pub results: Vec<ReplicationResult>,
}

/// The statistics of one metric, statistic and scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ComparisonRow {
    pub metric: Metric,
    pub statistic: Statistic,
    /// Index into [`Comparison::runs`].
    pub scenario: usize,
    /// Mean and 95% interval over replications.
    pub stats: Stats,
    /// For every scenario after the first: the paired difference to the first (per
    /// replication this scenario minus the first, replications with an empty value on either
    /// side skipped), with its 95% interval. `None` for the first scenario.
    pub difference: Option<Stats>,
}

/// Two or more scenarios run with common random numbers, and their statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The seed every scenario ran with (the first scenario's).
    pub seed: u64,
    /// The number of replications of every scenario (the first scenario's).
    pub replications: u32,
    /// The common horizon in months.
    pub months: u32,
    /// The scenarios in the order given; the first is the reference of the differences.
    pub runs: Vec<ScenarioRun>,
    /// Every metric (in `Metric::ALL` order), then statistic (`Statistic::ALL` order), then
    /// scenario.
    pub rows: Vec<ComparisonRow>,
}

/// Why scenarios cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareError {
    /// A comparison needs at least two scenarios; this many were given.
    TooFewScenarios(usize),
    /// The horizons differ: `months[i]` is scenario i's.
    HorizonsDiffer { months: Vec<u32> },
    /// With the first scenario's seed and replications, a replication of scenario `name`
    /// draws uncertain values (`[uncertainty]`) that make it invalid; `error` says how.
    DrawsInvalid {
        name: String,
        replication: u32,
        error: String,
    },
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::TooFewScenarios(n) => {
                write!(f, "a comparison needs at least two scenarios, got {n}")
            }
            CompareError::HorizonsDiffer { months } => {
                let list: Vec<String> = months.iter().map(u32::to_string).collect();
                write!(
                    f,
                    "the scenarios have different horizons ({} months)",
                    list.join(", ")
                )
            }
            CompareError::DrawsInvalid {
                name,
                replication,
                error,
            } => write!(
                f,
                "with the first scenario's seed and replications, replication {replication} of `{name}` draws values that make it invalid:\n{error}"
            ),
        }
    }
}

impl std::error::Error for CompareError {}

/// A setting of a scenario that the comparison replaces by the first scenario's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Adjustment {
    /// Index of the scenario.
    pub scenario: usize,
    /// `seed` or `replications`.
    pub setting: &'static str,
    /// The scenario's own value.
    pub from: u64,
    /// The value used (the first scenario's).
    pub to: u64,
}

/// Checks that `scenarios` can be compared: at least two, all with the same horizon.
pub fn check(scenarios: &[Scenario]) -> Result<(), CompareError> {
    if scenarios.len() < 2 {
        return Err(CompareError::TooFewScenarios(scenarios.len()));
    }
    if scenarios.iter().any(|s| s.months != scenarios[0].months) {
        return Err(CompareError::HorizonsDiffer {
            months: scenarios.iter().map(|s| s.months).collect(),
        });
    }
    for s in scenarios.iter().skip(1) {
        let aligned = Scenario {
            seed: scenarios[0].seed,
            replications: scenarios[0].replications,
            ..s.clone()
        };
        if (aligned.seed, aligned.replications) != (s.seed, s.replications)
            && let Some((replication, e)) =
                crate::scenario::uncertainty::draw::first_invalid_replication(&aligned)
        {
            return Err(CompareError::DrawsInvalid {
                name: s.name.clone(),
                replication,
                error: e.to_string(),
            });
        }
    }
    Ok(())
}

/// The seeds and replication counts that differ from the first scenario's, which
/// [`compare`] replaces by the first scenario's (in scenario order, seed before replications).
pub fn adjustments(scenarios: &[Scenario]) -> Vec<Adjustment> {
    let Some(first) = scenarios.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, s) in scenarios.iter().enumerate().skip(1) {
        if s.seed != first.seed {
            out.push(Adjustment {
                scenario: i,
                setting: "seed",
                from: s.seed,
                to: first.seed,
            });
        }
        if s.replications != first.replications {
            out.push(Adjustment {
                scenario: i,
                setting: "replications",
                from: u64::from(s.replications),
                to: u64::from(first.replications),
            });
        }
    }
    out
}

/// Names made unique in order: the second `x` becomes `x-2`, the third `x-3`, and so on (a
/// suffix that is itself taken is skipped). Names in `reserved` count as taken.
pub fn unique_labels<'a>(
    names: impl IntoIterator<Item = &'a str>,
    reserved: &[&str],
) -> Vec<String> {
    let mut taken: Vec<String> = reserved.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for name in names {
        let mut label = name.to_string();
        let mut k = 2;
        while taken.contains(&label) {
            label = format!("{name}-{k}");
            k += 1;
        }
        taken.push(label.clone());
        out.push(label);
    }
    out
}

/// Runs every scenario with the first scenario's seed and replications on the current rayon
/// pool (replication r of every scenario then uses the same random streams) and computes the
/// statistics of [`Comparison::from_runs`]. Labels come from [`unique_labels`] with nothing
/// reserved. Results do not depend on the thread count.
///
/// # Panics
///
/// If [`check`] fails (fewer than two scenarios, or different horizons): check first.
pub fn compare(scenarios: &[Scenario]) -> Comparison {
    if let Err(e) = check(scenarios) {
        panic!("cannot compare: {e}");
    }
    let labels = unique_labels(scenarios.iter().map(|s| s.name.as_str()), &[]);
    compare_labelled(scenarios, labels)
}

/// [`compare`] with the labels given (`labels[i]` for scenario i).
///
/// # Panics
///
/// If [`check`] fails or the number of labels differs from the number of scenarios.
pub fn compare_labelled(scenarios: &[Scenario], labels: Vec<String>) -> Comparison {
    if let Err(e) = check(scenarios) {
        panic!("cannot compare: {e}");
    }
    assert_eq!(labels.len(), scenarios.len(), "one label per scenario");
    let first = &scenarios[0];
    let aligned: Vec<Scenario> = scenarios
        .iter()
        .map(|s| Scenario {
            seed: first.seed,
            replications: first.replications,
            ..s.clone()
        })
        .collect();
    let results: Vec<Vec<ReplicationResult>> = aligned.par_iter().map(run_replications).collect();
    let runs = aligned
        .into_iter()
        .zip(results)
        .zip(labels)
        .map(|((scenario, results), label)| ScenarioRun {
            label,
            scenario,
            results,
        })
        .collect();
    Comparison::from_runs(runs)
}

impl Comparison {
    /// The statistics of runs that already happened. The first run's seed, replications and
    /// horizon are the comparison's; replications are paired by their position in `results`.
    ///
    /// # Panics
    ///
    /// If `runs` is empty.
    pub fn from_runs(runs: Vec<ScenarioRun>) -> Comparison {
        let first = &runs.first().expect("at least one run").scenario;
        let (seed, replications, months) = (first.seed, first.replications, first.months);
        let horizon = months as usize;
        let mut rows = Vec::with_capacity(Metric::ALL.len() * Statistic::ALL.len() * runs.len());
        for &metric in Metric::ALL {
            for statistic in Statistic::ALL {
                let values: Vec<Vec<f64>> = runs
                    .iter()
                    .map(|run| {
                        run.results
                            .iter()
                            .map(|r| statistic.of(r, metric, horizon))
                            .collect()
                    })
                    .collect();
                for (scenario, v) in values.iter().enumerate() {
                    let difference = (scenario > 0)
                        .then(|| Stats::of(v.iter().zip(&values[0]).map(|(b, a)| b - a)));
                    rows.push(ComparisonRow {
                        metric,
                        statistic,
                        scenario,
                        stats: Stats::of(v.iter().copied()),
                        difference,
                    });
                }
            }
        }
        Comparison {
            seed,
            replications,
            months,
            runs,
            rows,
        }
    }

    /// The row of `metric`, `statistic` and scenario index `scenario`.
    ///
    /// # Panics
    ///
    /// If `scenario` is out of range.
    pub fn row(&self, metric: Metric, statistic: Statistic, scenario: usize) -> &ComparisonRow {
        assert!(scenario < self.runs.len(), "scenario index out of range");
        let per_metric = Statistic::ALL.len() * self.runs.len();
        let s = Statistic::ALL
            .iter()
            .position(|&x| x == statistic)
            .unwrap_or(0);
        &self.rows[metric as usize * per_metric + s * self.runs.len() + scenario]
    }

    /// The per-replication values behind a row (NaN: empty), in replication order.
    pub fn values(&self, metric: Metric, statistic: Statistic, scenario: usize) -> Vec<f64> {
        let horizon = self.months as usize;
        self.runs[scenario]
            .results
            .iter()
            .map(|r| statistic.of(r, metric, horizon))
            .collect()
    }

    /// The per-replication differences behind a row's `difference`: scenario `scenario` minus
    /// the first, in replication order (NaN where either is empty).
    pub fn differences(&self, metric: Metric, statistic: Statistic, scenario: usize) -> Vec<f64> {
        let a = self.values(metric, statistic, 0);
        let b = self.values(metric, statistic, scenario);
        b.iter().zip(&a).map(|(b, a)| b - a).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metrics::METRIC_COUNT;
    use crate::scenario::load_str;

    fn tiny(name: &str, extra: &str) -> Scenario {
        let text = format!(
            "name = \"{name}\"\nmonths = 6\nreplications = 4\nseed = 7\n{extra}\n\
             [organisation]\nteams = 3\nteam_size = 4\n"
        );
        load_str(name, &text, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn result(replication: u32, perf: &[f64]) -> ReplicationResult {
        let months = perf
            .iter()
            .map(|&p| {
                let mut row = [f64::NAN; METRIC_COUNT];
                row[Metric::Performance as usize] = p;
                row
            })
            .collect();
        ReplicationResult {
            replication,
            months,
            groups: Vec::new(),
            events: Vec::new(),
        }
    }

    #[test]
    fn statistics_by_hand() {
        let h = 2;
        let r = result(0, &[9.0, 1.0, f64::NAN]);
        assert!(Statistic::Horizon.of(&r, Metric::Performance, h).is_nan());
        assert_eq!(Statistic::Average.of(&r, Metric::Performance, h), 1.0);
        let r = result(0, &[9.0, 1.0, 2.0]);
        assert_eq!(Statistic::Horizon.of(&r, Metric::Performance, h), 2.0);
        assert_eq!(Statistic::Average.of(&r, Metric::Performance, h), 1.5);
        assert!(Statistic::Average.of(&r, Metric::Agility, h).is_nan());
        // Stopped before the horizon: the last month run and the months run.
        let short = result(0, &[9.0, 4.0]);
        assert_eq!(Statistic::Horizon.of(&short, Metric::Performance, h), 4.0);
        assert_eq!(Statistic::Average.of(&short, Metric::Performance, h), 4.0);
        let month0 = result(0, &[9.0]);
        assert!(
            Statistic::Average
                .of(&month0, Metric::Performance, h)
                .is_nan()
        );
        // Longer than the horizon: later months ignored.
        let long = result(0, &[9.0, 1.0, 2.0, 7.0]);
        assert_eq!(Statistic::Horizon.of(&long, Metric::Performance, h), 2.0);
        assert_eq!(Statistic::Average.of(&long, Metric::Performance, h), 1.5);
        let none = result(0, &[]);
        assert!(
            Statistic::Horizon
                .of(&none, Metric::Performance, h)
                .is_nan()
        );
        assert!(
            Statistic::Average
                .of(&none, Metric::Performance, h)
                .is_nan()
        );
    }

    #[test]
    fn paired_differences_by_hand() {
        let mut a = tiny("a", "");
        a.months = 1;
        let runs = vec![
            ScenarioRun {
                label: "a".into(),
                scenario: a.clone(),
                results: vec![result(0, &[0.0, 1.0]), result(1, &[0.0, 3.0])],
            },
            ScenarioRun {
                label: "b".into(),
                scenario: a,
                results: vec![result(0, &[0.0, 2.0]), result(1, &[0.0, 5.0])],
            },
        ];
        let c = Comparison::from_runs(runs);
        assert_eq!(c.rows.len(), Metric::ALL.len() * Statistic::ALL.len() * 2);
        let first = c.row(Metric::Performance, Statistic::Horizon, 0);
        assert_eq!((first.stats.n, first.stats.mean), (2, 2.0));
        assert_eq!(first.difference, None);
        let second = c.row(Metric::Performance, Statistic::Horizon, 1);
        assert_eq!(second.scenario, 1);
        assert_eq!(second.stats.mean, 3.5);
        // Differences 1 and 2: mean 1.5, sd √0.5, half-width 12.706·0.5.
        let d = second.difference.unwrap();
        assert_eq!((d.n, d.mean), (2, 1.5));
        assert!((d.ci_high - d.ci_low - 2.0 * 12.706204736174705 * 0.5).abs() < 1e-12);
        assert_eq!(
            c.differences(Metric::Performance, Statistic::Average, 1),
            vec![1.0, 2.0]
        );
        // Empty on both sides: no values, no difference.
        let agility = c.row(Metric::Agility, Statistic::Average, 1);
        assert_eq!((agility.stats.n, agility.difference.unwrap().n), (0, 0));
        for row in &c.rows {
            assert!(std::ptr::eq(
                c.row(row.metric, row.statistic, row.scenario),
                row
            ));
        }
    }

    #[test]
    fn checks_and_adjustments() {
        let a = tiny("a", "");
        let mut b = tiny("b", "");
        assert_eq!(
            check(std::slice::from_ref(&a)),
            Err(CompareError::TooFewScenarios(1))
        );
        assert_eq!(check(&[a.clone(), b.clone()]), Ok(()));
        assert!(adjustments(&[a.clone(), b.clone()]).is_empty());
        b.months = 9;
        let e = check(&[a.clone(), b.clone()]).unwrap_err();
        assert_eq!(e, CompareError::HorizonsDiffer { months: vec![6, 9] });
        assert!(e.to_string().contains("6, 9"), "{e}");
        b.months = 6;
        b.seed = 8;
        b.replications = 5;
        assert_eq!(
            adjustments(&[a, b]),
            vec![
                Adjustment {
                    scenario: 1,
                    setting: "seed",
                    from: 8,
                    to: 7
                },
                Adjustment {
                    scenario: 1,
                    setting: "replications",
                    from: 5,
                    to: 4
                },
            ]
        );
    }

    #[test]
    fn labels_are_unique() {
        assert_eq!(
            unique_labels(["a", "b", "a", "a-2", "a"], &[]),
            ["a", "b", "a-2", "a-2-2", "a-3"]
        );
        assert_eq!(unique_labels(["x"], &["x"]), ["x-2"]);
    }

    #[test]
    fn a_scenario_against_itself_differs_by_exactly_zero() {
        let a = tiny("same", "");
        let mut b = a.clone();
        b.seed = 99; // replaced by the first scenario's seed
        b.replications = 2;
        let c = compare(&[a, b]);
        assert_eq!((c.seed, c.replications, c.months), (7, 4, 6));
        assert_eq!(c.runs[1].label, "same-2");
        assert_eq!(c.runs[1].scenario.seed, 7);
        // NaN (empty values) compares unequal to itself: compare the debug text.
        assert_eq!(
            format!("{:?}", c.runs[0].results),
            format!("{:?}", c.runs[1].results)
        );
        let perf = c.row(Metric::Performance, Statistic::Horizon, 1);
        let d = perf.difference.unwrap();
        assert_eq!(
            (d.n, d.mean, d.sd, d.ci_low, d.ci_high),
            (4, 0.0, 0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn results_do_not_depend_on_threads() {
        let a = tiny("a", "");
        let b = tiny("b", "[management]\nstyle_mean = 0.9\n");
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| compare(&[a.clone(), b.clone()]));
        let three = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap()
            .install(|| compare(&[a, b]));
        // NaN (empty values) compares unequal to itself: compare the debug text.
        assert_eq!(format!("{one:?}"), format!("{three:?}"));
    }

    #[test]
    #[should_panic(expected = "different horizons")]
    fn compare_refuses_different_horizons() {
        let a = tiny("a", "");
        let mut b = a.clone();
        b.months = 3;
        compare(&[a, b]);
    }
}

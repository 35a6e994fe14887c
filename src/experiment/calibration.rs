//! Approximate Bayesian computation (rejection ABC) over the uncertain coefficients of a
//! targets file.
//!
//! Owns turning a checked `TargetsSpec` into one `SweepPlan` (every parameter set drawn from
//! the priors, crossed with every population: a table of `--set` overrides, so the sweep
//! runner, shards, `--resume` and `orgsim merge` treat it as any sweep), and the analysis of
//! the sweep's means: each target's statistic per parameter set, the distance of a set to the
//! targets (the sum over targets of how far the statistic lies outside its band, in band
//! widths; 0 inside), the acceptance rule, the posterior summary and the posterior predictive
//! fit. Pure: the means come in through a function, so reading the results folder stays in
//! `crate::output` and writing the files in `crate::output::calibration`.

use super::design::{self, Design, MAX_POINTS, Range};
use super::plan::{MAX_EVERY_MONTHS, OutputSelection, PointValue, SweepPlan};
use crate::model::metrics::Metric;
use crate::scenario::calibration::{
    AcceptSpec, PriorSpec, SetValue, StatisticKind, TargetSpec, TargetsSpec,
};

/// The lower and upper quantiles of the intervals reported (a 90% interval).
pub const INTERVAL: (f64, f64) = (0.05, 0.95);

/// The sweep that runs every parameter set in every population. Point `set × populations +
/// population` is parameter set `set` in population `population`; the keys are the priors'
/// keys, then the populations' keys.
pub fn plan(spec: &TargetsSpec) -> SweepPlan {
    let sets = parameter_sets(spec);
    let mut keys: Vec<String> = spec.priors.iter().map(|p| p.key.clone()).collect();
    let population_keys: Vec<String> = spec
        .populations
        .first()
        .map(|p| p.set.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    keys.extend(population_keys.iter().cloned());
    let mut rows = Vec::with_capacity(sets.len() * spec.populations.len());
    for set in &sets {
        for population in &spec.populations {
            let mut row = set.clone();
            for key in &population_keys {
                let value = population
                    .set
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| point_value(v))
                    .unwrap_or(PointValue::Bool(false));
                row.push(value);
            }
            rows.push(row);
        }
    }
    let mut metrics: Vec<Metric> = vec![];
    for target in &spec.targets {
        for name in std::iter::once(&target.metric).chain(&target.sd_metric) {
            if let Some(m) = Metric::from_name(name)
                && !metrics.contains(&m)
            {
                metrics.push(m);
            }
        }
    }
    let every_months = spec
        .targets
        .iter()
        .map(|t| t.month)
        .filter(|&m| m > 0)
        .reduce(gcd)
        .unwrap_or(1)
        .clamp(1, MAX_EVERY_MONTHS);
    SweepPlan {
        name: spec.name.clone(),
        base_source: spec.base_source.clone(),
        base_text: spec.base_text.clone(),
        replications: spec.replications,
        base_overrides: spec.base_overrides.clone(),
        keys,
        points: design::points(&Design::Table(rows)),
        output: OutputSelection {
            prediction_level: None,
            metrics: Some(metrics),
            every_months,
        },
        design: None,
    }
}

/// Points the plan of `spec` has (for memory checks before it is built).
pub fn point_count(spec: &TargetsSpec) -> u64 {
    (spec.samples as u64).saturating_mul(spec.populations.len() as u64)
}

/// Whether the plan fits within the sweep limits.
pub fn within_limits(spec: &TargetsSpec) -> bool {
    point_count(spec) <= MAX_POINTS
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn point_value(value: &SetValue) -> PointValue {
    match value {
        SetValue::Float(x) => PointValue::Float(*x),
        SetValue::Int(i) => PointValue::Int(*i),
        SetValue::Text(s) => PointValue::Text(s.clone()),
        SetValue::Bool(b) => PointValue::Bool(*b),
    }
}

/// The parameter sets drawn from the priors, in draw order (one value per prior).
pub fn parameter_sets(spec: &TargetsSpec) -> Vec<Vec<PointValue>> {
    let ranges: Vec<Range> = spec
        .priors
        .iter()
        .map(|p| Range::new(p.low, p.high, p.integer))
        .collect();
    if ranges.is_empty() {
        return vec![vec![]; spec.samples as usize];
    }
    let design = if spec.latin_hypercube {
        Design::LatinHypercube {
            points: spec.samples,
            seed: spec.seed,
            ranges,
        }
    } else {
        Design::Random {
            points: spec.samples,
            seed: spec.seed,
            ranges,
        }
    };
    design::points(&design)
        .into_iter()
        .map(|p| p.values)
        .collect()
}

/// A number of a design value (NaN for text and booleans).
pub fn number(value: &PointValue) -> f64 {
    match value {
        PointValue::Float(x) => *x,
        PointValue::Int(i) => *i as f64,
        _ => f64::NAN,
    }
}

/// How far `x` lies outside `band`, in band widths (0 inside; infinite if `x` is not a number).
pub fn band_distance(x: f64, band: (f64, f64)) -> f64 {
    let (low, high) = band;
    if x.is_nan() {
        return f64::INFINITY;
    }
    let outside = if x < low {
        low - x
    } else if x > high {
        x - high
    } else {
        0.0
    };
    outside / (high - low)
}

/// The distance of a parameter set to the targets: the sum of its statistics' band distances.
pub fn distance(statistics: &[f64], targets: &[TargetSpec]) -> f64 {
    statistics
        .iter()
        .zip(targets)
        .map(|(&x, t)| band_distance(x, t.band))
        .sum()
}

/// The sets accepted by `rule` from their `distances`, closest first (ties in set order).
/// A set with an infinite distance (a statistic that could not be computed) is never accepted.
pub fn accept(distances: &[f64], rule: AcceptSpec) -> Vec<usize> {
    let mut order: Vec<usize> = (0..distances.len())
        .filter(|&i| distances[i].is_finite())
        .collect();
    order.sort_by(|&a, &b| distances[a].total_cmp(&distances[b]).then(a.cmp(&b)));
    match rule {
        AcceptSpec::AllWithinBands => order.retain(|&i| distances[i] == 0.0),
        AcceptSpec::Quantile {
            share,
            max_distance,
        } => {
            let keep = ((share * distances.len() as f64).ceil() as usize).max(1);
            order.truncate(keep);
            if let Some(limit) = max_distance {
                order.retain(|&i| distances[i] <= limit);
            }
        }
    }
    order
}

/// The `q` quantile of `values` (linear interpolation between order statistics, as R's
/// type 7); NaN when empty. NaN values are left out.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted.sort_by(f64::total_cmp);
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let below = h.floor() as usize;
    let above = h.ceil() as usize;
    sorted[below] + (h - below as f64) * (sorted[above] - sorted[below])
}

/// The statistic of `target` for one parameter set, from `mean(point, metric, month)` (NaN
/// when a mean is missing). `first_point` is the set's point in its first population.
pub fn statistic(
    target: &TargetSpec,
    first_point: usize,
    mean: &dyn Fn(usize, &str, u32) -> f64,
) -> f64 {
    let at = |population: usize, metric: &str| mean(first_point + population, metric, target.month);
    let m = |i: usize| {
        let x = at(target.populations[i], &target.metric);
        if target.complement { 1.0 - x } else { x }
    };
    match target.statistic {
        StatisticKind::Value => m(0),
        StatisticKind::OneMinus => 1.0 - m(0),
        StatisticKind::RelativeChange => m(1) / m(0) - 1.0,
        StatisticKind::StandardisedDifference => {
            let sd = target.sd_metric.as_deref().unwrap_or("");
            let sd0 = at(target.populations[0], sd);
            let sd1 = at(target.populations[1], sd);
            let pooled = ((sd0 * sd0 + sd1 * sd1) / 2.0).sqrt();
            (m(1) - m(0)) / pooled
        }
    }
}

/// One parameter set's values and fit.
#[derive(Clone, Debug, PartialEq)]
pub struct SetResult {
    /// The prior keys' values, in `TargetsSpec::priors` order.
    pub values: Vec<f64>,
    /// Each target's statistic, in `TargetsSpec::targets` order.
    pub statistics: Vec<f64>,
    pub distance: f64,
}

/// Median and 90% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub median: f64,
    pub low: f64,
    pub high: f64,
}

impl Summary {
    pub fn of(values: &[f64]) -> Summary {
        Summary {
            median: quantile(values, 0.5),
            low: quantile(values, INTERVAL.0),
            high: quantile(values, INTERVAL.1),
        }
    }
}

/// Everything the calibration concluded.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub sets: Vec<SetResult>,
    /// Accepted sets, closest first.
    pub accepted: Vec<usize>,
    /// Per prior: the posterior's median and 90% interval.
    pub posterior: Vec<Summary>,
    /// Per target: the posterior predictive median and 90% interval of its statistic.
    pub fit: Vec<Summary>,
    /// The point the defaults are taken from: among the accepted sets closest to the targets,
    /// the one nearest the posterior median (see [`central_set`]).
    pub default_set: Option<usize>,
}

impl Analysis {
    /// Whether the posterior predictive median of target `t` lies inside its band.
    pub fn inside(&self, spec: &TargetsSpec, t: usize) -> bool {
        band_distance(self.fit[t].median, spec.targets[t].band) == 0.0
    }
}

/// Among the accepted sets with the smallest distance (every set inside all bands, when
/// there are such), the one nearest the posterior median, each coefficient measured in
/// widths of its prior (ties in set order). A central point of the posterior rather than
/// whichever close set came first, and one that was actually run.
pub fn central_set(
    priors: &[PriorSpec],
    sets: &[SetResult],
    accepted: &[usize],
    posterior: &[Summary],
) -> Option<usize> {
    let best = accepted.first().map(|&i| sets[i].distance)?;
    let off_centre = |i: usize| -> f64 {
        priors
            .iter()
            .zip(&sets[i].values)
            .zip(posterior)
            .map(|((prior, &x), summary)| {
                let width = (prior.high - prior.low).abs().max(f64::MIN_POSITIVE);
                ((x - summary.median) / width).powi(2)
            })
            .sum()
    };
    accepted
        .iter()
        .copied()
        .filter(|&i| sets[i].distance == best)
        .min_by(|&a, &b| off_centre(a).total_cmp(&off_centre(b)).then(a.cmp(&b)))
}

/// Analyses the sweep of `plan(spec)` from its means over replications.
pub fn analyse(spec: &TargetsSpec, mean: &dyn Fn(usize, &str, u32) -> f64) -> Analysis {
    let populations = spec.populations.len();
    let sets: Vec<SetResult> = parameter_sets(spec)
        .into_iter()
        .enumerate()
        .map(|(s, values)| {
            let statistics: Vec<f64> = spec
                .targets
                .iter()
                .map(|t| statistic(t, s * populations, mean))
                .collect();
            SetResult {
                values: values.iter().map(number).collect(),
                distance: distance(&statistics, &spec.targets),
                statistics,
            }
        })
        .collect();
    let distances: Vec<f64> = sets.iter().map(|s| s.distance).collect();
    let accepted = accept(&distances, spec.accept);
    let column = |f: &dyn Fn(&SetResult) -> f64| -> Vec<f64> {
        accepted.iter().map(|&i| f(&sets[i])).collect()
    };
    let posterior: Vec<Summary> = (0..spec.priors.len())
        .map(|k| Summary::of(&column(&|s| s.values[k])))
        .collect();
    let fit = (0..spec.targets.len())
        .map(|t| Summary::of(&column(&|s| s.statistics[t])))
        .collect();
    let default_set = central_set(&spec.priors, &sets, &accepted, &posterior);
    Analysis {
        default_set,
        sets,
        accepted,
        posterior,
        fit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(band: (f64, f64)) -> TargetSpec {
        TargetSpec {
            name: "t".into(),
            statistic: StatisticKind::Value,
            metric: "performance".into(),
            sd_metric: None,
            populations: vec![0],
            month: 12,
            complement: false,
            band,
            source: "s".into(),
            peer_reviewed: true,
            note: String::new(),
        }
    }

    #[test]
    fn distance_counts_band_widths_outside_the_band() {
        let band = (0.1, 0.2);
        assert_eq!(band_distance(0.15, band), 0.0);
        assert_eq!(band_distance(0.1, band), 0.0);
        assert!((band_distance(0.3, band) - 1.0).abs() < 1e-12);
        assert!((band_distance(0.05, band) - 0.5).abs() < 1e-12);
        assert_eq!(band_distance(f64::NAN, band), f64::INFINITY);
        let targets = [target((0.0, 1.0)), target((10.0, 12.0))];
        assert!((distance(&[1.5, 8.0], &targets) - 1.5).abs() < 1e-12);
    }

    #[test]
    fn acceptance_recovers_the_parameter_of_a_known_function() {
        // Statistic = 2θ, target band [0.9, 1.1]: sets with θ in [0.45, 0.55] are inside.
        let thetas: Vec<f64> = (0..101).map(|i| i as f64 / 100.0).collect();
        let targets = [target((0.9, 1.1))];
        let distances: Vec<f64> = thetas
            .iter()
            .map(|t| distance(&[2.0 * t], &targets))
            .collect();
        let within = accept(&distances, AcceptSpec::AllWithinBands);
        let accepted: Vec<f64> = within.iter().map(|&i| thetas[i]).collect();
        assert_eq!(accepted.len(), 11, "{accepted:?}");
        assert!(
            accepted
                .iter()
                .all(|t| (0.45 - 1e-9..=0.55 + 1e-9).contains(t))
        );
        // The closest 20%: the 11 inside, then the nearest outside on either side.
        let rule = AcceptSpec::Quantile {
            share: 0.2,
            max_distance: None,
        };
        let nearest = accept(&distances, rule);
        assert_eq!(nearest.len(), 21);
        assert!(
            nearest
                .windows(2)
                .all(|w| distances[w[0]] <= distances[w[1]])
        );
        assert!(
            (quantile(&nearest.iter().map(|&i| thetas[i]).collect::<Vec<_>>(), 0.5) - 0.5).abs()
                < 1e-9
        );
        let capped = AcceptSpec::Quantile {
            share: 0.2,
            max_distance: Some(0.0),
        };
        assert_eq!(accept(&distances, capped), within);
        // Nothing inside a band no set can meet; NaN statistics are never accepted.
        let far = [target((5.0, 6.0))];
        let none: Vec<f64> = thetas.iter().map(|t| distance(&[2.0 * t], &far)).collect();
        assert!(accept(&none, AcceptSpec::AllWithinBands).is_empty());
        assert!(accept(&[f64::INFINITY], rule).is_empty());
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let values = [4.0, 1.0, 3.0, 2.0, f64::NAN];
        assert_eq!(quantile(&values, 0.0), 1.0);
        assert_eq!(quantile(&values, 1.0), 4.0);
        assert_eq!(quantile(&values, 0.5), 2.5);
        assert!((quantile(&values, 0.05) - 1.15).abs() < 1e-12);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn statistics_read_the_populations_they_compare() {
        let mean = |point: usize, metric: &str, _month: u32| match (point, metric) {
            (4, "retention") => 0.8,
            (5, "retention") => 0.9,
            (4, "sd_retention") => 0.1,
            (5, "sd_retention") => 0.1,
            _ => f64::NAN,
        };
        let mut t = target((0.0, 1.0));
        t.metric = "retention".into();
        t.statistic = StatisticKind::OneMinus;
        assert!((statistic(&t, 4, &mean) - 0.2).abs() < 1e-12);
        t.statistic = StatisticKind::RelativeChange;
        t.populations = vec![0, 1];
        assert!((statistic(&t, 4, &mean) - 0.125).abs() < 1e-12);
        t.statistic = StatisticKind::StandardisedDifference;
        t.sd_metric = Some("sd_retention".into());
        assert!((statistic(&t, 4, &mean) - 1.0).abs() < 1e-9);
        t.populations = vec![1, 0];
        assert!((statistic(&t, 4, &mean) + 1.0).abs() < 1e-9);
        // Turnover (1 - retention) falls by half from control to coaching.
        t.statistic = StatisticKind::RelativeChange;
        t.complement = true;
        t.populations = vec![0, 1];
        assert!((statistic(&t, 4, &mean) + 0.5).abs() < 1e-9);
    }

    #[test]
    fn the_default_set_is_the_closest_set_nearest_the_posterior_median() {
        let prior = |low: f64, high: f64| PriorSpec {
            key: "parameters.b_trust".into(),
            low,
            high,
            integer: false,
        };
        let priors = [prior(0.0, 10.0), prior(0.0, 1.0)];
        let set = |a: f64, b: f64, distance: f64| SetResult {
            values: vec![a, b],
            statistics: vec![],
            distance,
        };
        // Sets 0-2 lie inside every band; set 3 is closer to the median but outside a band.
        let sets = [
            set(1.0, 0.9, 0.0),
            set(5.5, 0.45, 0.0),
            set(9.0, 0.1, 0.0),
            set(5.0, 0.5, 0.2),
        ];
        let accepted = [0, 1, 2, 3];
        let median = |m: f64| Summary {
            median: m,
            low: m,
            high: m,
        };
        let posterior = [median(5.0), median(0.5)];
        assert_eq!(central_set(&priors, &sets, &accepted, &posterior), Some(1));
        // Distances count in widths of each prior: set 2 is 1 and 0.1 away (0.1 and 0.1
        // widths), set 1 is 2.5 and 0.25 away (0.25 and 0.25 widths).
        let posterior = [median(8.0), median(0.2)];
        assert_eq!(central_set(&priors, &sets, &accepted, &posterior), Some(2));
        assert_eq!(central_set(&priors, &sets, &[], &posterior), None);
    }
}

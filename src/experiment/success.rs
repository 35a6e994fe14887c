//! Probabilities of success of a comparison: per replication, paired by common random numbers,
//! how often a scenario does better than the reference, its cumulative net value over time,
//! when it breaks even against the reference, and percentage changes with intervals.
//!
//! Owns the definitions and the arithmetic; no I/O, no formatting. Every number here is over
//! replications paired by their position (replication r of every scenario drew the same random
//! numbers), so with fixed coefficients the probabilities say how often the scenario wins
//! *against the model's own noise*; with coefficients drawn per replication (a scenario's
//! uncertain inputs) they also carry the uncertainty of those coefficients.
//!
//! Definitions (the docs and the report say the same):
//! - **Cumulative net value** at month m: the sum of `net_value` over months 1..=m of one
//!   replication (month 0, the initial state, is not counted; 0 at month 0). An empty month
//!   adds nothing.
//! - **Doing better**: at the horizon, the scenario's value is strictly higher than the
//!   reference's in the same replication (every outcome here is one where higher is better).
//!   Ties (equal values, e.g. a scenario against itself) are counted apart and are not wins, so
//!   a scenario against itself has P(better) = 0 and P(tie) = 1. Replications where either value
//!   is empty are left out.
//! - **Break-even month** of a replication: the first month m ≥ 1 from which the cumulative
//!   net value difference (scenario − reference) stays ≥ 0 up to the horizon. A scenario never
//!   behind the reference breaks even in month 1; one still behind at the horizon never breaks
//!   even (within the horizon). "Stays" rather than "first reaches" so that a brief positive
//!   blip before the programme's costs come in is not taken for a pay-back.
//! - **Intervals of a share** (P(better), the share that never breaks even, the share that pays
//!   back within a given number of months): Wilson score 95% intervals over replications.
//! - **Break-even distribution**: median and 5th–95th percentiles (linear interpolation
//!   between order statistics, R's type 7) over the replications that break even: the spread
//!   of the month over replications, not an interval of the median.
//! - **Percentage change**: 100 · (mean of scenario / mean of reference − 1) over paired
//!   replications, with a 95% interval by the delta method using the paired covariance
//!   (Student t with n − 1 degrees of freedom); empty unless the reference's mean is > 0.

use super::compare::Comparison;
use crate::ground::stats::{RunningStats, Statistic, Stats, t_quantile_975};
use crate::model::metrics::{Metric, ReplicationResult};

/// The standard normal 0.975 quantile (Wilson intervals).
const Z975: f64 = 1.959963984540054;

/// Months within which a programme "pays back" unless told otherwise.
pub const DEFAULT_PAYBACK_MONTHS: u32 = 36;

/// The name of the cumulative net value outcome in tables.
pub const CUMULATIVE_NET_VALUE: &str = "net_value_cumulative";

/// The metrics whose probability of doing better at the horizon a comparison reports (higher is
/// better for each), before cumulative net value.
pub const SUCCESS_METRICS: [Metric; 4] = [
    Metric::Performance,
    Metric::Agility,
    Metric::Retention,
    Metric::NetValue,
];

/// A share of replications with its Wilson 95% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    pub count: u64,
    pub n: u64,
    /// count / n (NaN if n = 0).
    pub p: f64,
    pub low: f64,
    pub high: f64,
}

impl Share {
    /// `count` of `n` with the Wilson score 95% interval (all NaN if n = 0).
    pub fn wilson(count: u64, n: u64) -> Share {
        if n == 0 {
            return Share {
                count,
                n,
                p: f64::NAN,
                low: f64::NAN,
                high: f64::NAN,
            };
        }
        let nf = n as f64;
        let p = count as f64 / nf;
        let z2 = Z975 * Z975;
        let denominator = 1.0 + z2 / nf;
        let centre = (p + z2 / (2.0 * nf)) / denominator;
        let half = Z975 / denominator * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
        Share {
            count,
            n,
            p,
            // Exactly 0 and 1 at the ends (rounding would leave 1 − 1e-16).
            low: if count == 0 {
                0.0
            } else {
                (centre - half).max(0.0)
            },
            high: if count >= n {
                1.0
            } else {
                (centre + half).min(1.0)
            },
        }
    }
}

/// The paired win/tie/loss count of one outcome for one scenario against the reference.
#[derive(Clone, Debug, PartialEq)]
pub struct SuccessRow {
    /// A metric's name (its value at the horizon) or [`CUMULATIVE_NET_VALUE`].
    pub outcome: String,
    /// Index into the comparison's runs (≥ 1).
    pub scenario: usize,
    /// Replications where the scenario is strictly higher.
    pub better: Share,
    /// Replications with equal values.
    pub ties: u64,
    /// Replications where the scenario is lower.
    pub worse: u64,
    /// The percentage change of the mean (see the module's definitions); NaN fields if
    /// undefined.
    pub percent: Stats,
}

/// When one scenario breaks even against the reference, over replications.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEven {
    /// Index into the comparison's runs (≥ 1).
    pub scenario: usize,
    /// Per replication, the break-even month (None: not within the horizon).
    pub months: Vec<Option<u32>>,
    /// The share of replications that never break even within the horizon.
    pub never: Share,
    /// The share that breaks even in month `within` or earlier.
    pub within: Share,
    /// The months of [`BreakEven::within`].
    pub within_months: u32,
    /// Median, 5th and 95th percentile of the month over replications that break even (NaN if
    /// none does).
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
}

/// Cumulative net value of one scenario by month, over replications.
#[derive(Clone, Debug, PartialEq)]
pub struct CumulativeRow {
    pub month: u32,
    pub scenario: usize,
    pub stats: Stats,
    /// The paired difference to the reference (None for the reference).
    pub difference: Option<Stats>,
}

/// Everything [`success`] computes for a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Success {
    /// Horizon in months.
    pub months: u32,
    /// Per outcome ([`SUCCESS_METRICS`], then cumulative net value), then scenario ≥ 1.
    pub rows: Vec<SuccessRow>,
    /// Per scenario ≥ 1.
    pub break_even: Vec<BreakEven>,
    /// Per month 0..=horizon, then scenario (the reference first).
    pub cumulative: Vec<CumulativeRow>,
}

/// Cumulative net value of `result` for months 0..=horizon (see the module's definition);
/// a replication that stopped early keeps its last sum for the months it did not run.
pub fn cumulative_net_value(result: &ReplicationResult, horizon: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(horizon + 1);
    let mut sum = 0.0;
    out.push(0.0);
    for m in 1..=horizon {
        if let Some(row) = result.months.get(m) {
            let x = row[Metric::NetValue as usize];
            if !x.is_nan() {
                sum += x;
            }
        }
        out.push(sum);
    }
    out
}

/// The break-even month of a cumulative difference series (`difference[m]` for months
/// 0..=horizon): the first m ≥ 1 from which every value up to the end is ≥ 0; None if the last
/// value is < 0 or empty, or the series has no month after 0.
pub fn break_even_month(difference: &[f64]) -> Option<u32> {
    if difference.len() < 2 {
        return None;
    }
    let mut first = None;
    for m in (1..difference.len()).rev() {
        if difference[m] >= 0.0 {
            first = Some(m as u32);
        } else {
            break;
        }
    }
    first
}

/// The q-quantile (0..=1) of sorted `values` by linear interpolation (R's type 7); NaN if empty.
pub fn quantile_sorted(values: &[f64], q: f64) -> f64 {
    match values.len() {
        0 => f64::NAN,
        1 => values[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            values[lo] + (h - lo as f64) * (values[hi] - values[lo])
        }
    }
}

/// The percentage change of mean(b) over mean(a) for paired values (pairs with an empty side
/// left out), with its delta-method 95% interval: `mean` is the change in percent, `sd` its
/// standard error × √n. NaN fields where undefined (fewer than two pairs for the interval, or
/// a reference mean ≤ 0).
pub fn percent_change(a: &[f64], b: &[f64]) -> Stats {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| !x.is_nan() && !y.is_nan())
        .map(|(&x, &y)| (x, y))
        .collect();
    let n = pairs.len() as u64;
    let nan = Stats {
        n,
        mean: f64::NAN,
        sd: f64::NAN,
        ci_low: f64::NAN,
        ci_high: f64::NAN,
    };
    if n == 0 {
        return nan;
    }
    let nf = n as f64;
    let ma = pairs.iter().map(|p| p.0).sum::<f64>() / nf;
    let mb = pairs.iter().map(|p| p.1).sum::<f64>() / nf;
    if ma.is_nan() || ma <= 0.0 {
        return nan;
    }
    let ratio = mb / ma;
    let mean = 100.0 * (ratio - 1.0);
    if n < 2 {
        return Stats { mean, ..nan };
    }
    // Delta method: B̄/Ā − R ≈ mean of z_r = (b_r − R·a_r)/Ā, so Var(B̄/Ā) ≈ var(z)/n (the
    // same as (1/n)(var b/Ā² − 2·B̄·cov(a, b)/Ā³ + B̄²·var a/Ā⁴), and exactly 0 when b = R·a).
    let mut z = RunningStats::default();
    for &(x, y) in &pairs {
        z.push((y - ratio * x) / ma);
    }
    let var_ratio_n = z.stats().sd.powi(2);
    let sd = 100.0 * var_ratio_n.sqrt();
    let half = t_quantile_975(n - 1) * sd / nf.sqrt();
    Stats {
        n,
        mean,
        sd,
        ci_low: mean - half,
        ci_high: mean + half,
    }
}

/// Wins, ties and losses of `b` over `a`, paired (pairs with an empty side left out).
fn count(a: &[f64], b: &[f64]) -> (u64, u64, u64) {
    let (mut better, mut ties, mut worse) = (0, 0, 0);
    for (&x, &y) in a.iter().zip(b) {
        if x.is_nan() || y.is_nan() {
            continue;
        }
        if y > x {
            better += 1;
        } else if y == x {
            ties += 1;
        } else {
            worse += 1;
        }
    }
    (better, ties, worse)
}

/// The success row of paired values `a` (reference) and `b` (scenario).
pub fn success_row(outcome: &str, scenario: usize, a: &[f64], b: &[f64]) -> SuccessRow {
    let (better, ties, worse) = count(a, b);
    SuccessRow {
        outcome: outcome.to_string(),
        scenario,
        better: Share::wilson(better, better + ties + worse),
        ties,
        worse,
        percent: percent_change(a, b),
    }
}

/// The break-even summary of paired cumulative series (`reference[r]`, `scenario[r]`: months
/// 0..=horizon of replication r), with the share paying back within `within` months.
pub fn break_even(
    scenario_index: usize,
    reference: &[Vec<f64>],
    scenario: &[Vec<f64>],
    within: u32,
) -> BreakEven {
    let months: Vec<Option<u32>> = reference
        .iter()
        .zip(scenario)
        .map(|(a, b)| {
            let d: Vec<f64> = b.iter().zip(a).map(|(y, x)| y - x).collect();
            break_even_month(&d)
        })
        .collect();
    let n = months.len() as u64;
    let mut reached: Vec<f64> = months.iter().flatten().map(|&m| f64::from(m)).collect();
    reached.sort_by(f64::total_cmp);
    let never = n - reached.len() as u64;
    let in_time = months.iter().flatten().filter(|&&m| m <= within).count() as u64;
    BreakEven {
        scenario: scenario_index,
        never: Share::wilson(never, n),
        within: Share::wilson(in_time, n),
        within_months: within,
        median: quantile_sorted(&reached, 0.5),
        p5: quantile_sorted(&reached, 0.05),
        p95: quantile_sorted(&reached, 0.95),
        months,
    }
}

/// The probabilities of success, break-even and cumulative net value of `c`, paying back
/// "within" `payback_months` (capped at the horizon).
pub fn success(c: &Comparison, payback_months: u32) -> Success {
    let horizon = c.months as usize;
    let within = payback_months.min(c.months);
    let cumulative: Vec<Vec<Vec<f64>>> = c
        .runs
        .iter()
        .map(|run| {
            run.results
                .iter()
                .map(|r| cumulative_net_value(r, horizon))
                .collect()
        })
        .collect();
    let mut rows = Vec::new();
    for metric in SUCCESS_METRICS {
        let a = c.values(metric, Statistic::Horizon, 0);
        for s in 1..c.runs.len() {
            let b = c.values(metric, Statistic::Horizon, s);
            rows.push(success_row(metric.name(), s, &a, &b));
        }
    }
    let at_horizon = |series: &[Vec<f64>]| -> Vec<f64> {
        series
            .iter()
            .map(|v| v.last().copied().unwrap_or(f64::NAN))
            .collect()
    };
    let a = at_horizon(&cumulative[0]);
    for (s, series) in cumulative.iter().enumerate().skip(1) {
        rows.push(success_row(
            CUMULATIVE_NET_VALUE,
            s,
            &a,
            &at_horizon(series),
        ));
    }
    let break_even = (1..c.runs.len())
        .map(|s| break_even(s, &cumulative[0], &cumulative[s], within))
        .collect();
    let mut table = Vec::with_capacity((horizon + 1) * c.runs.len());
    for month in 0..=horizon {
        for (s, series) in cumulative.iter().enumerate() {
            let mut stats = RunningStats::default();
            let mut diff = RunningStats::default();
            for (r, v) in series.iter().enumerate() {
                stats.push(v[month]);
                if s > 0 {
                    diff.push(v[month] - cumulative[0][r][month]);
                }
            }
            table.push(CumulativeRow {
                month: month as u32,
                scenario: s,
                stats: stats.stats(),
                difference: (s > 0).then(|| diff.stats()),
            });
        }
    }
    Success {
        months: c.months,
        rows,
        break_even,
        cumulative: table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metrics::METRIC_COUNT;

    #[test]
    fn wilson_by_hand() {
        // 8 of 10: centre (0.8 + 1.92/10)/(1.384), known interval [0.490, 0.943].
        let s = Share::wilson(8, 10);
        assert_eq!(s.p, 0.8);
        assert!(
            (s.low - 0.4902).abs() < 5e-4 && (s.high - 0.9433).abs() < 5e-4,
            "{s:?}"
        );
        let all = Share::wilson(10, 10);
        assert!(
            all.high == 1.0 && all.low > 0.69 && all.low < 0.73,
            "{all:?}"
        );
        let none = Share::wilson(0, 10);
        assert!(none.low == 0.0 && none.high < 0.31, "{none:?}");
        assert!(Share::wilson(0, 0).p.is_nan());
    }

    #[test]
    fn break_even_on_synthetic_series() {
        // Behind for three months, then ahead for good: month 4.
        assert_eq!(
            break_even_month(&[0.0, -1.0, -2.0, -0.5, 0.5, 2.0]),
            Some(4)
        );
        // Reaches zero exactly: counts as even.
        assert_eq!(break_even_month(&[0.0, -1.0, 0.0, 1.0]), Some(2));
        // A blip above zero before falling behind again is not a pay-back.
        assert_eq!(break_even_month(&[0.0, 1.0, -1.0, -0.5, 0.2]), Some(4));
        // Never behind: month 1. Behind at the end: never.
        assert_eq!(break_even_month(&[0.0, 0.0, 0.0]), Some(1));
        assert_eq!(break_even_month(&[0.0, 1.0, -0.1]), None);
        assert_eq!(break_even_month(&[0.0, 1.0, f64::NAN]), None);
        assert_eq!(break_even_month(&[0.0]), None);
    }

    fn with_net_value(values: &[f64]) -> ReplicationResult {
        let months = values
            .iter()
            .map(|&v| {
                let mut row = [f64::NAN; METRIC_COUNT];
                row[Metric::NetValue as usize] = v;
                row
            })
            .collect();
        ReplicationResult {
            replication: 0,
            months,
            groups: Vec::new(),
            events: Vec::new(),
        }
    }

    #[test]
    fn cumulative_net_value_skips_month_zero_and_holds_after_a_stop() {
        let r = with_net_value(&[100.0, 1.0, f64::NAN, 2.0]);
        assert_eq!(cumulative_net_value(&r, 3), vec![0.0, 1.0, 1.0, 3.0]);
        assert_eq!(
            cumulative_net_value(&r, 5),
            vec![0.0, 1.0, 1.0, 3.0, 3.0, 3.0]
        );
    }

    #[test]
    fn break_even_summary_and_quantiles() {
        let reference = vec![vec![0.0, 1.0, 2.0, 3.0]; 4];
        let scenario = vec![
            vec![0.0, 0.0, 3.0, 5.0], // behind in month 1, even from month 2
            vec![0.0, 0.0, 1.0, 3.0], // even only at month 3
            vec![0.0, 2.0, 3.0, 4.0], // never behind: month 1
            vec![0.0, 0.0, 0.0, 0.0], // never
        ];
        let b = break_even(1, &reference, &scenario, 2);
        assert_eq!(b.months, vec![Some(2), Some(3), Some(1), None]);
        assert_eq!((b.never.count, b.never.n), (1, 4));
        assert_eq!((b.within.count, b.within_months), (2, 2));
        assert_eq!((b.median, b.p5, b.p95), (2.0, 1.1, 2.9));
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn percent_change_by_hand() {
        // Every pair exactly 10% higher: 10% with a zero-width interval.
        let a = [1.0, 2.0, 4.0];
        let b = [1.1, 2.2, 4.4];
        let p = percent_change(&a, &b);
        assert!((p.mean - 10.0).abs() < 1e-9 && p.sd.abs() < 1e-9, "{p:?}");
        // The ratio of means, not the mean of ratios: (3 + 3)/(1 + 3) − 1 = 50%.
        let p = percent_change(&[1.0, 3.0], &[3.0, 3.0]);
        assert!((p.mean - 50.0).abs() < 1e-12);
        assert!(p.ci_low < 50.0 && p.ci_high > 50.0);
        // Undefined against a reference mean ≤ 0, and empty pairs are left out.
        assert!(percent_change(&[-1.0, 0.5], &[1.0, 1.0]).mean.is_nan());
        let p = percent_change(&[f64::NAN, 2.0, 2.0], &[5.0, 3.0, 3.0]);
        assert_eq!((p.n, p.mean), (2, 50.0));
    }

    #[test]
    fn ties_are_not_wins() {
        let row = success_row("x", 1, &[1.0, 2.0, 3.0, f64::NAN], &[1.0, 3.0, 2.0, 9.0]);
        assert_eq!(
            (row.better.count, row.ties, row.worse, row.better.n),
            (1, 1, 1, 3)
        );
    }
}

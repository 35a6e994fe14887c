//! The short plain-text table a run prints on stdout: key metrics at the horizon and over the
//! whole run, with 95% confidence intervals over replications.
//!
//! Owns its layout and number formatting only; the statistics come from `stats`. Knows
//! nothing of files or the CLI (the caller prints the string).

use super::stats::{RunningStats, Stats, predictive_interval};
use crate::model::metrics::{Metric, ReplicationResult};
use crate::scenario::Scenario;
use std::fmt::Write as _;

/// The metrics of the headline table, in row order.
pub const HEADLINE_METRICS: [Metric; 8] = [
    Metric::Performance,
    Metric::Agility,
    Metric::Retention,
    Metric::Engagement,
    Metric::Trust,
    Metric::Skill,
    Metric::Headcount,
    Metric::NetValue,
];

/// The headline table of a run of `scenario` (see [`headline_table_for`]).
pub fn headline_table(scenario: &Scenario, results: &[ReplicationResult]) -> String {
    headline_table_for(&scenario.name, results)
}

/// A first line naming the scenario, replications and months, then per headline metric: the
/// mean at the horizon (each replication's last month) with its 95% CI, and the mean over
/// months 1..=horizon (averaged within each replication, empty months skipped, then over
/// replications) with its 95% CI. Numbers have 3 significant digits (at most 6 decimals);
/// `-` marks an empty value.
pub fn headline_table_for(scenario_name: &str, results: &[ReplicationResult]) -> String {
    table(scenario_name, results, None)
}

/// [`headline_table_for`] with one more column after the horizon's CI: the predictive
/// interval at `level` of the values at the horizon (where that share of single replications
/// lie; type 7 quantiles, as `summary.csv`'s `pi_low`, `pi_high`). For scenarios with
/// uncertain inputs, where the spread of single runs is the point.
pub fn headline_table_predictive(
    scenario_name: &str,
    results: &[ReplicationResult],
    level: f64,
) -> String {
    table(scenario_name, results, Some(level))
}

fn table(scenario_name: &str, results: &[ReplicationResult], level: Option<f64>) -> String {
    let horizons = results.iter().map(|r| r.months.len().saturating_sub(1));
    let (min_h, max_h) = horizons.fold((usize::MAX, 0), |(lo, hi), h| (lo.min(h), hi.max(h)));
    let months = match results.len() {
        0 => "0 months".to_string(),
        _ if min_h == max_h => format!("{max_h} months"),
        _ => format!("{min_h}-{max_h} months"),
    };
    let reps = results.len();
    let mut out = format!(
        "scenario {scenario_name:?}: {reps} replication{}, {months} (means with 95% CI over replications)\n",
        if reps == 1 { "" } else { "s" }
    );

    let level_header = level.map(|l| format!("{}% of runs", (l * 1000.0).round() / 10.0));
    let mut header = vec!["metric", "at horizon", "95% CI"];
    header.extend(level_header.as_deref());
    header.extend(["mean over run", "95% CI"]);
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(HEADLINE_METRICS.len());
    for metric in HEADLINE_METRICS {
        let at_horizon = Stats::of(
            results
                .iter()
                .filter_map(|r| r.months.last())
                .map(|row| row[metric as usize]),
        );
        let over_run = Stats::of(results.iter().map(|r| {
            let mut s = RunningStats::default();
            r.months
                .iter()
                .skip(1)
                .for_each(|row| s.push(row[metric as usize]));
            s.stats().mean
        }));
        let (m1, ci1) = cells(&at_horizon);
        let (m2, ci2) = cells(&over_run);
        let mut row = vec![Cell::Text(metric.name().to_string()), m1, ci1];
        if let Some(level) = level {
            let values: Vec<f64> = results
                .iter()
                .filter_map(|r| r.months.last())
                .map(|row| row[metric as usize])
                .collect();
            let (lo, hi) = predictive_interval(&values, level);
            row.push(if lo.is_nan() || at_horizon.mean.is_nan() {
                Cell::Text("-".into())
            } else {
                let d = decimals_for(at_horizon.mean);
                Cell::Ci(fixed(lo, d), fixed(hi, d))
            });
        }
        row.extend([m2, ci2]);
        rows.push(row);
    }
    let columns = header.len();

    // Column widths; a CI's bounds are aligned separately within its column.
    let mut width: Vec<usize> = header.iter().map(|h| h.len()).collect();
    let mut lo_w = vec![0usize; columns];
    let mut hi_w = vec![0usize; columns];
    for row in &rows {
        for (c, cell) in row.iter().enumerate() {
            if let Cell::Ci(lo, hi) = cell {
                lo_w[c] = lo_w[c].max(lo.len());
                hi_w[c] = hi_w[c].max(hi.len());
            }
        }
    }
    for row in &rows {
        for (c, cell) in row.iter().enumerate() {
            let w = match cell {
                Cell::Ci(..) => lo_w[c] + hi_w[c] + 4,
                Cell::Text(s) | Cell::Number(s) => s.len(),
            };
            width[c] = width[c].max(w);
        }
    }

    let mut line = String::new();
    // The metric and the intervals are aligned left, the means right.
    let left = |c: usize| c == 0 || header[c].contains('%') || header[c].ends_with("CI");
    for (c, h) in header.iter().enumerate() {
        if left(c) {
            let _ = write!(line, "{h:<w$}  ", w = width[c]);
        } else {
            let _ = write!(line, "{h:>w$}  ", w = width[c]);
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
    for row in &rows {
        line.clear();
        for (c, cell) in row.iter().enumerate() {
            let w = width[c];
            let _ = match cell {
                Cell::Text(s) => write!(line, "{s:<w$}  "),
                Cell::Number(s) => write!(line, "{s:>w$}  "),
                Cell::Ci(lo, hi) => {
                    let ci = format!("[{lo:>lw$}, {hi:>hw$}]", lw = lo_w[c], hw = hi_w[c]);
                    write!(line, "{ci:<w$}  ")
                }
            };
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

enum Cell {
    Text(String),
    Number(String),
    Ci(String, String),
}

/// The mean cell and the CI cell of `s`, with decimals chosen from the mean.
fn cells(s: &Stats) -> (Cell, Cell) {
    if s.mean.is_nan() {
        return (Cell::Number("-".into()), Cell::Text("-".into()));
    }
    let decimals = decimals_for(s.mean);
    let mean = Cell::Number(fixed(s.mean, decimals));
    let ci = if s.ci_low.is_nan() {
        Cell::Text("-".into())
    } else {
        Cell::Ci(fixed(s.ci_low, decimals), fixed(s.ci_high, decimals))
    };
    (mean, ci)
}

/// Decimals that show 3 significant digits of the largest magnitude among `values` (NaN
/// and infinite values skipped; 3 when none is left): one precision for a column of numbers.
pub(crate) fn decimals_for_largest(values: impl IntoIterator<Item = f64>) -> usize {
    decimals_for(
        values
            .into_iter()
            .map(f64::abs)
            .filter(|x| x.is_finite())
            .fold(f64::NAN, f64::max),
    )
}

/// Decimals that show 3 significant digits of `x` (0 to 6).
pub(crate) fn decimals_for(x: f64) -> usize {
    if x == 0.0 || !x.is_finite() {
        return 3;
    }
    (2 - x.abs().log10().floor() as i64).clamp(0, 6) as usize
}

/// `x` with `decimals` decimals, without a minus sign on a value that rounds to zero.
fn fixed(x: f64, decimals: usize) -> String {
    fixed_signed(x, decimals, false)
}

/// `x` with `decimals` decimals, with a `+` on positive values if `signed`; a value that
/// rounds to zero has no sign.
pub(crate) fn fixed_signed(x: f64, decimals: usize, signed: bool) -> String {
    let s = if signed {
        format!("{x:+.decimals$}")
    } else {
        format!("{x:.decimals$}")
    };
    match s.strip_prefix(['-', '+']) {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metrics::METRIC_COUNT;

    fn result(replication: u32, perf: &[f64]) -> ReplicationResult {
        let months = perf
            .iter()
            .map(|&p| {
                let mut row = [f64::NAN; METRIC_COUNT];
                row[Metric::Performance as usize] = p;
                row[Metric::Headcount as usize] = 1234.0 + p;
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
    fn number_formatting() {
        assert_eq!(fixed(0.72345, decimals_for(0.72345)), "0.723");
        assert_eq!(fixed(98.54, decimals_for(98.54)), "98.5");
        assert_eq!(fixed(1234.6, decimals_for(1234.6)), "1235");
        assert_eq!(fixed(0.012345, decimals_for(0.012345)), "0.0123");
        assert_eq!(fixed(-0.0001, 3), "0.000");
        assert_eq!(fixed(-0.5, 3), "-0.500");
        assert_eq!(decimals_for(0.0), 3);
    }

    #[test]
    fn table_layout() {
        // Performance per month: replication 0: 0 (month 0), 0.5, 0.7; replication 1: 0, 0.7, 0.9.
        let results = [result(0, &[0.0, 0.5, 0.7]), result(1, &[0.0, 0.7, 0.9])];
        let t = headline_table_for("demo", &results);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2 + HEADLINE_METRICS.len(), "{t}");
        assert!(
            lines[0].starts_with("scenario \"demo\": 2 replications, 2 months"),
            "{t}"
        );
        // Horizon: mean 0.8, sd √0.02, half-width 12.706·0.1 = 1.2706. Run mean: (0.6 + 0.8)/2.
        let perf = lines[2];
        assert!(perf.starts_with("performance"), "{t}");
        assert!(perf.contains("0.800  [-0.471, 2.071]"), "{t}");
        assert!(perf.contains("0.700  [-0.571, 1.971]"), "{t}");
        // All-empty metric: dashes.
        let agility = lines[3];
        assert!(
            agility.starts_with("agility") && agility.contains('-') && !agility.contains('['),
            "{t}"
        );
        // Columns line up: every row has its first CI bracket at the same offset.
        let at = |l: &str| l.find('[');
        assert_eq!(at(lines[2]), at(lines[8]), "{t}");
        assert!(
            lines[8].contains("1235  [") || lines[8].contains("1235 ["),
            "{t}"
        );
        for l in &lines {
            assert_eq!(l.trim_end(), *l);
        }
    }
}

//! The per-month, per-metric accumulator behind `summary.csv` and the headline table, over the
//! ground floor's statistics (re-exported here).
//!
//! Owns the numbers; does not format or write them (see `tables`, `headline`). Results depend
//! only on the values and the order they are added in (replication order), never on threads.

pub use crate::ground::stats::{
    DEFAULT_PREDICTION_LEVEL, RunningStats, Statistic, Stats, predictive_interval, quantile_type7,
    t_quantile_975,
};
use crate::model::metrics::{METRIC_COUNT, Metric, MetricRow, ReplicationResult};

/// Per month and metric, running statistics over replications: the data of `summary.csv`.
///
/// Feed replications one by one in replication order ([`SummaryAccumulator::add`]); the
/// result is then byte-for-byte reproducible whatever produced them. Replications may differ
/// in length: a month counts only the replications that reached it.
#[derive(Clone, Debug, Default)]
pub struct SummaryAccumulator {
    months: Vec<[RunningStats; METRIC_COUNT]>,
    /// Per month and metric (index month · METRIC_COUNT + metric), the values in
    /// replication order (NaN skipped), for the predictive interval's quantiles.
    values: Vec<Vec<f64>>,
    replications: u64,
}

/// One line of the summary: the statistics of one metric in one month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SummaryRow {
    pub month: u32,
    pub metric: Metric,
    pub stats: Stats,
}

impl SummaryAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one replication's months.
    pub fn add(&mut self, result: &ReplicationResult) {
        self.add_months(&result.months);
    }

    /// Adds one replication given as its rows (index = month).
    pub fn add_months(&mut self, months: &[MetricRow]) {
        if self.months.len() < months.len() {
            self.months
                .resize(months.len(), [RunningStats::default(); METRIC_COUNT]);
            self.values
                .resize_with(months.len() * METRIC_COUNT, Vec::new);
        }
        for (m, (acc, row)) in self.months.iter_mut().zip(months).enumerate() {
            for (k, (s, &x)) in acc.iter_mut().zip(row).enumerate() {
                s.push(x);
                if !x.is_nan() {
                    self.values[m * METRIC_COUNT + k].push(x);
                }
            }
        }
        self.replications += 1;
    }

    /// Replications added so far.
    pub fn replications(&self) -> u64 {
        self.replications
    }

    /// Number of months (including month 0) seen in any replication.
    pub fn months(&self) -> usize {
        self.months.len()
    }

    /// Statistics of `metric` in `month` (n = 0 beyond the longest replication).
    pub fn stats(&self, month: usize, metric: Metric) -> Stats {
        self.months
            .get(month)
            .map(|m| m[metric as usize])
            .unwrap_or_default()
            .stats()
    }

    /// The predictive interval at `level` of `metric` in `month` (see [`predictive_interval`]).
    pub fn predictive(&self, month: usize, metric: Metric, level: f64) -> (f64, f64) {
        self.values
            .get(month * METRIC_COUNT + metric as usize)
            .map_or((f64::NAN, f64::NAN), |v| predictive_interval(v, level))
    }

    /// Every (month, metric) in order: months ascending, metrics in `METRICS` order.
    pub fn rows(&self) -> impl Iterator<Item = SummaryRow> + '_ {
        self.months.iter().enumerate().flat_map(|(month, acc)| {
            Metric::ALL.iter().map(move |&metric| SummaryRow {
                month: month as u32,
                metric,
                stats: acc[metric as usize].stats(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accumulator_handles_ragged_replications() {
        let mut row = [0.0; METRIC_COUNT];
        let mut acc = SummaryAccumulator::new();
        row[Metric::Performance as usize] = 1.0;
        acc.add_months(&[row, row]);
        row[Metric::Performance as usize] = 3.0;
        acc.add_months(&[row]);
        assert_eq!((acc.replications(), acc.months()), (2, 2));
        assert_eq!(acc.stats(0, Metric::Performance).mean, 2.0);
        assert_eq!(acc.stats(1, Metric::Performance).n, 1);
        assert_eq!(acc.stats(5, Metric::Performance).n, 0);
        let (lo, hi) = acc.predictive(0, Metric::Performance, 0.5);
        assert_eq!((lo, hi), (1.5, 2.5));
        assert!(acc.predictive(1, Metric::Performance, 0.9).0.is_nan());
        let rows: Vec<_> = acc.rows().collect();
        assert_eq!(rows.len(), 2 * METRIC_COUNT);
        assert_eq!((rows[0].month, rows[0].metric), (0, Metric::ALL[0]));
        assert_eq!(
            (rows[METRIC_COUNT].month, rows[METRIC_COUNT].metric),
            (1, Metric::ALL[0])
        );
    }
}

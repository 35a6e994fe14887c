//! How a sweep's points are grouped and pooled for its charts: the axes of a swept key
//! (distinct values, sorted if numeric; a numeric key with more than [`MAX_TRACKED`] values in
//! [`X_BINS`] equal bins on the sweep figure; a heatmap axis with more than [`MAX_CELLS`]
//! numeric values in [`BINS`] bins) and the pooled estimate of the points in a slot or cell.
//!
//! Owns these rules and the arithmetic. Does not own reading the tables (see `sweep_data`)
//! or drawing (see `sweep`).

use super::style::{Ticks, format_number};
use crate::ground::stats::Stats;
use crate::output::t_quantile_975;
use std::collections::HashMap;

/// Most values of the second key that get a line each.
pub const MAX_LINES: usize = 6;
/// Most distinct values a heatmap axis shows one cell each; more are binned.
pub const MAX_CELLS: usize = 12;
/// Bins of a heatmap axis for a key with more distinct values.
pub const BINS: usize = 8;
/// Distinct values of a key kept one by one; a numeric key with more is binned.
pub const MAX_TRACKED: usize = 1000;
/// Bins of the sweep figure's x axis when its key has more than [`MAX_TRACKED`] values.
pub const X_BINS: usize = 100;
/// Most distinct values of a non-numeric key an axis can show.
pub const MAX_CATEGORIES: usize = 50;

/// A mean with its 95% interval (NaN bounds: no interval).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Points pooled one at a time: the average of their means weighted by replications, with a
/// 95% interval from their replication noise: se² = Σ nᵢ sdᵢ² / N², t with N − k degrees of
/// freedom. One point keeps its own interval. Points without replications or a finite mean
/// are left out.
#[derive(Clone, Copy, Debug)]
pub struct Pool {
    k: u64,
    total: u64,
    weighted: f64,
    var_sum: f64,
    first: Estimate,
}

impl Default for Pool {
    fn default() -> Pool {
        // Sums start at −0.0, as `Iterator::sum` does, so pooled values keep their sign.
        Pool {
            k: 0,
            total: 0,
            weighted: -0.0,
            var_sum: -0.0,
            first: Estimate {
                mean: f64::NAN,
                lo: f64::NAN,
                hi: f64::NAN,
            },
        }
    }
}

impl Pool {
    pub fn push(&mut self, s: &Stats) {
        if !(s.n > 0 && s.mean.is_finite()) {
            return;
        }
        if self.k == 0 {
            self.first = Estimate {
                mean: s.mean,
                lo: s.ci_low,
                hi: s.ci_high,
            };
        }
        self.k += 1;
        self.total = self.total.saturating_add(s.n);
        self.weighted += s.n as f64 * s.mean;
        self.var_sum += if s.sd.is_finite() {
            s.n as f64 * s.sd * s.sd
        } else {
            0.0
        };
    }

    pub fn estimate(&self) -> Option<Estimate> {
        match self.k {
            0 => None,
            1 => Some(self.first),
            k => {
                let n = self.total as f64;
                let mean = self.weighted / n;
                let df = self.total.saturating_sub(k);
                if df == 0 {
                    return Some(Estimate {
                        mean,
                        lo: f64::NAN,
                        hi: f64::NAN,
                    });
                }
                let half = t_quantile_975(df) * self.var_sum.sqrt() / n;
                Some(Estimate {
                    mean,
                    lo: mean - half,
                    hi: mean + half,
                })
            }
        }
    }
}

/// [`Pool`] over a list.
pub fn pooled(stats: &[Stats]) -> Option<Estimate> {
    let mut pool = Pool::default();
    stats.iter().for_each(|s| pool.push(s));
    pool.estimate()
}

/// The values one key takes over the points with results: numeric (sorted ascending) if every
/// value is a finite number, else categories in order of appearance.
#[derive(Clone, Debug)]
pub struct KeyValues {
    pub name: String,
    /// Distinct values as written in `points.csv`, in axis order (empty when `binned`).
    pub distinct: Vec<String>,
    /// The same as numbers, if every value is one.
    pub numbers: Option<Vec<f64>>,
    /// A numeric key with more than [`MAX_TRACKED`] values: their smallest and largest.
    pub binned: Option<(f64, f64)>,
    /// How many distinct values (`MAX_TRACKED + 1`: more than can be tracked).
    pub count: usize,
    /// Axis position of each tracked value, by order of appearance.
    pub(super) order: Vec<usize>,
}

impl KeyValues {
    /// Too many distinct non-numeric values to show.
    pub fn too_many_categories(&self) -> bool {
        self.numbers.is_none() && self.binned.is_none() && self.count > MAX_CATEGORIES
    }
}

/// Distinct values of one key seen so far, in order of appearance (at most [`MAX_TRACKED`]).
#[derive(Default)]
pub(super) struct KeyTracker {
    distinct: Vec<String>,
    index: HashMap<String, u32>,
    all_numeric: bool,
    min: f64,
    max: f64,
    count: usize,
}

/// A value not among the tracked ones.
pub(super) const UNTRACKED: u32 = u32::MAX;

impl KeyTracker {
    pub(super) fn new() -> KeyTracker {
        KeyTracker {
            all_numeric: true,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            ..KeyTracker::default()
        }
    }

    /// Notes `value`; its tracked index.
    pub(super) fn add(&mut self, value: &str) -> u32 {
        if let Some(&i) = self.index.get(value) {
            return i;
        }
        // Untracked values are not remembered, so past the limit the count only says "more".
        self.count = (self.count + 1).min(MAX_TRACKED + 1);
        match value.parse::<f64>() {
            Ok(x) if x.is_finite() => {
                self.min = self.min.min(x);
                self.max = self.max.max(x);
            }
            _ => self.all_numeric = false,
        }
        if self.distinct.len() >= MAX_TRACKED {
            return UNTRACKED;
        }
        let i = self.distinct.len() as u32;
        self.distinct.push(value.to_string());
        self.index.insert(value.to_string(), i);
        i
    }

    pub(super) fn finish(self, name: &str) -> KeyValues {
        let count = self.count;
        if count > self.distinct.len() {
            let binned = (self.all_numeric && self.min <= self.max).then_some((self.min, self.max));
            return KeyValues {
                name: name.to_string(),
                distinct: Vec::new(),
                numbers: None,
                binned,
                count,
                order: Vec::new(),
            };
        }
        let n = self.distinct.len();
        let mut order: Vec<usize> = (0..n).collect();
        let numbers = if self.all_numeric {
            let values: Vec<f64> = self
                .distinct
                .iter()
                .map(|v| v.parse::<f64>().unwrap_or(f64::NAN))
                .collect();
            let mut by_value: Vec<usize> = (0..n).collect();
            by_value.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
            for (position, &i) in by_value.iter().enumerate() {
                order[i] = position;
            }
            Some(by_value.iter().map(|&i| values[i]).collect::<Vec<f64>>())
        } else {
            None
        };
        let mut distinct = vec![String::new(); n];
        for (i, value) in self.distinct.into_iter().enumerate() {
            distinct[order[i]] = value;
        }
        KeyValues {
            name: name.to_string(),
            distinct,
            numbers,
            binned: None,
            count,
            order,
        }
    }
}

/// The x axis of the sweep figure: one slot per distinct value, or [`X_BINS`] bins.
#[derive(Clone, Debug)]
pub struct LineAxis {
    pub key: KeyValues,
}

impl LineAxis {
    pub fn slots(&self) -> usize {
        match self.key.binned {
            Some(_) => X_BINS,
            None => self.key.distinct.len(),
        }
    }

    /// Position of slot `i` along the axis: the number, the category's index or the bin centre.
    pub fn position(&self, i: usize) -> f64 {
        match (&self.key.binned, &self.key.numbers) {
            (Some((lo, hi)), _) => lo + (i as f64 + 0.5) * (hi - lo) / X_BINS as f64,
            (None, Some(nums)) => nums[i],
            (None, None) => i as f64,
        }
    }

    pub(super) fn slot(&self, tracked: u32, value: f64) -> Option<usize> {
        match self.key.binned {
            Some(range) => bin(value, range, X_BINS),
            None => self.key.order.get(tracked as usize).copied(),
        }
    }
}

/// The bin of `value` among `bins` equal bins of `range`.
fn bin(value: f64, (lo, hi): (f64, f64), bins: usize) -> Option<usize> {
    if !value.is_finite() {
        return None;
    }
    let t = if hi > lo {
        (value - lo) / (hi - lo)
    } else {
        0.0
    };
    Some(((t * bins as f64).floor().max(0.0) as usize).min(bins - 1))
}

/// One axis of a heatmap: its cells' labels and which cell a value falls in.
#[derive(Clone, Debug)]
pub struct CellAxis {
    pub name: String,
    pub labels: Vec<String>,
    binned: Option<(f64, f64)>,
    pub key: KeyValues,
}

impl CellAxis {
    pub(super) fn new(key: KeyValues) -> CellAxis {
        let range = match (&key.binned, &key.numbers) {
            (Some(range), _) => Some(*range),
            (None, Some(nums)) if key.distinct.len() > MAX_CELLS => {
                Some((nums[0], nums[nums.len() - 1]))
            }
            _ => None,
        };
        match range {
            Some((lo, hi)) => {
                let width = (hi - lo) / BINS as f64;
                let decimals = Ticks::new(lo, hi, BINS).decimals() + 1;
                let labels = (0..BINS)
                    .map(|b| format_number(lo + (b as f64 + 0.5) * width, decimals))
                    .collect();
                CellAxis {
                    name: format!("{} (bin centres)", key.name),
                    labels,
                    binned: Some((lo, hi)),
                    key,
                }
            }
            None => CellAxis {
                name: key.name.clone(),
                labels: key.distinct.clone(),
                binned: None,
                key,
            },
        }
    }

    /// Whether the cells are bins of a numeric key's range (labelled by their centres).
    pub fn is_binned(&self) -> bool {
        self.binned.is_some()
    }

    pub(super) fn cell(&self, tracked: u32, value: f64) -> Option<usize> {
        match self.binned {
            Some(range) => bin(value, range, BINS),
            None => self.key.order.get(tracked as usize).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(n: u64, mean: f64, sd: f64) -> Stats {
        Stats {
            n,
            mean,
            sd,
            ci_low: mean - 1.0,
            ci_high: mean + 1.0,
        }
    }

    #[test]
    fn one_point_keeps_its_interval_and_several_are_pooled() {
        let one = pooled(&[stat(10, 2.0, 1.0)]).unwrap();
        assert_eq!((one.lo, one.hi), (1.0, 3.0));
        let two = pooled(&[stat(10, 1.0, 1.0), stat(10, 3.0, 1.0)]).unwrap();
        assert_eq!(two.mean, 2.0);
        // se = sqrt(20)/20; t(18) = 2.101.
        let half = two.hi - two.mean;
        assert!((half - 2.101 * 20f64.sqrt() / 20.0).abs() < 1e-3, "{half}");
        assert!(pooled(&[]).is_none());
        assert!(pooled(&[stat(u64::MAX, 1.0, 1.0), stat(u64::MAX, 1.0, 1.0)]).is_some());
    }

    #[test]
    fn numeric_keys_sort_and_many_values_are_binned() {
        let mut t = KeyTracker::new();
        for v in ["0.5", "0.1", "0.9", "0.1"] {
            t.add(v);
        }
        let k = t.finish("k");
        assert_eq!(k.distinct, ["0.1", "0.5", "0.9"]);
        assert_eq!(k.order, [1, 0, 2]);
        let mut t = KeyTracker::new();
        for i in 0..=MAX_TRACKED {
            t.add(&i.to_string());
        }
        let k = t.finish("k");
        assert_eq!(k.binned, Some((0.0, MAX_TRACKED as f64)));
        let axis = LineAxis { key: k };
        assert_eq!(axis.slots(), X_BINS);
        assert_eq!(axis.slot(UNTRACKED, MAX_TRACKED as f64), Some(X_BINS - 1));
        let mut t = KeyTracker::new();
        for i in 0..=MAX_CATEGORIES {
            t.add(&format!("c{i}"));
        }
        assert!(t.finish("k").too_many_categories());
    }
}

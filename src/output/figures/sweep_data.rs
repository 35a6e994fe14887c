//! What a sweep's figures draw, aggregated while `summary.csv` and `points.csv` are streamed:
//! the axes of the first two swept keys and, for each metric, the pooled estimate of every
//! x value and line of the sweep figure and of every heatmap cell.
//!
//! Owns how points are grouped (by distinct value; a numeric key with more than
//! [`MAX_TRACKED`] distinct values in [`X_BINS`] equal bins on the sweep figure; a heatmap
//! axis with more than [`MAX_CELLS`] numeric values in [`BINS`] bins), pooling points, and
//! reading in memory that does not grow with the months or the metrics: a few dozen bytes
//! per point (its id and its values of the first two keys), whatever the size of
//! `summary.csv`. Points that failed validation (no row at the horizon) are left out. Does not
//! own the folder's other files (see `read`) or drawing (see `sweep`).

use super::FigureError;
use super::read::{MonthStat, PointStat, csv_error};
use super::style::{Ticks, format_number};
use crate::model::metrics::Metric;
use crate::output::t_quantile_975;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
/// Most metric names read from `summary.csv` (orgsim writes a few dozen).
const MAX_METRIC_NAMES: usize = 256;

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
    pub fn push(&mut self, s: &PointStat) {
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
pub fn pooled(stats: &[PointStat]) -> Option<Estimate> {
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
    order: Vec<usize>,
}

impl KeyValues {
    /// Too many distinct non-numeric values to show.
    pub fn too_many_categories(&self) -> bool {
        self.numbers.is_none() && self.binned.is_none() && self.count > MAX_CATEGORIES
    }
}

/// Distinct values of one key seen so far, in order of appearance (at most [`MAX_TRACKED`]).
#[derive(Default)]
struct KeyTracker {
    distinct: Vec<String>,
    index: HashMap<String, u32>,
    all_numeric: bool,
    min: f64,
    max: f64,
    count: usize,
}

/// A value not among the tracked ones.
const UNTRACKED: u32 = u32::MAX;

impl KeyTracker {
    fn new() -> KeyTracker {
        KeyTracker {
            all_numeric: true,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            ..KeyTracker::default()
        }
    }

    /// Notes `value`; its tracked index.
    fn add(&mut self, value: &str) -> u32 {
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

    fn finish(self, name: &str) -> KeyValues {
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

    fn slot(&self, tracked: u32, value: f64) -> Option<usize> {
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
    fn new(key: KeyValues) -> CellAxis {
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

    fn cell(&self, tracked: u32, value: f64) -> Option<usize> {
        match self.binned {
            Some(range) => bin(value, range, BINS),
            None => self.key.order.get(tracked as usize).copied(),
        }
    }
}

/// The sweep figure's data: the x axis, the key with one line per value, and per metric the
/// estimates of each line (in the order of `by_key`'s values) at each slot that has one.
#[derive(Clone, Debug)]
pub struct LinesData {
    pub x: LineAxis,
    pub by_key: Option<KeyValues>,
    pub lines: BTreeMap<String, Vec<Vec<(f64, Estimate)>>>,
}

/// The heatmap's data: per metric, `cells[row][col]` (row 0 at the bottom).
#[derive(Clone, Debug)]
pub struct HeatData {
    pub x: CellAxis,
    pub y: CellAxis,
    pub cells: BTreeMap<String, Vec<Vec<Option<Estimate>>>>,
}

/// Everything a sweep's charts draw. Each chart is `Err` with the reason it cannot be drawn.
#[derive(Clone, Debug)]
pub struct SweepCharts {
    pub lines: Result<LinesData, String>,
    /// None when the sweep varies fewer than two keys.
    pub heat: Option<Result<HeatData, String>>,
}

/// What the first pass over `summary.csv` finds.
pub struct SummaryScan {
    /// Last month in the file.
    pub horizon: u32,
    /// The metrics, in order of first appearance.
    pub metric_names: Vec<String>,
    /// Points with a row at the horizon, sorted.
    pub with_results: Vec<u64>,
}

/// A row of `summary.csv`, by column.
pub struct SummaryColumns {
    pub point: usize,
    pub month: usize,
    pub metric: usize,
    pub n: usize,
    pub mean: usize,
    pub sd: usize,
    pub lo: usize,
    pub hi: usize,
}

impl SummaryColumns {
    fn of(path: &Path, headers: &csv::StringRecord) -> Result<SummaryColumns, FigureError> {
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| FigureError::invalid(path, format!("no `{name}` column")))
        };
        Ok(SummaryColumns {
            point: col("point")?,
            month: col("month")?,
            metric: col("metric")?,
            n: col("n")?,
            mean: col("mean")?,
            sd: col("sd")?,
            lo: col("ci_low")?,
            hi: col("ci_high")?,
        })
    }
}

fn number(row: &csv::StringRecord, col: usize) -> f64 {
    match row.get(col).map(str::trim) {
        Some("") | None => f64::NAN,
        Some(s) => s.parse().unwrap_or(f64::NAN),
    }
}

fn integer(
    path: &Path,
    row: &csv::StringRecord,
    col: usize,
    line: u64,
) -> Result<u64, FigureError> {
    row.get(col)
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| {
            FigureError::invalid(
                path,
                format!(
                    "line {line}: `{}` is not a whole number",
                    row.get(col).unwrap_or("")
                ),
            )
        })
}

fn month_of(
    path: &Path,
    row: &csv::StringRecord,
    col: usize,
    line: u64,
) -> Result<u32, FigureError> {
    let m = integer(path, row, col, line)?;
    u32::try_from(m)
        .map_err(|_| FigureError::invalid(path, format!("line {line}: month {m} is too large")))
}

fn open(path: &Path) -> Result<(csv::Reader<std::fs::File>, csv::StringRecord), FigureError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
    let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    Ok((reader, headers))
}

/// First pass over `summary.csv`: the horizon, the metric names and the points with results.
pub fn scan_summary(path: &Path) -> Result<SummaryScan, FigureError> {
    let (mut reader, headers) = open(path)?;
    let cols = SummaryColumns::of(path, &headers)?;
    let mut horizon = 0;
    let mut metric_names: Vec<String> = Vec::new();
    let mut seen_metric: std::collections::HashSet<String> = Default::default();
    let mut with_results: Vec<u64> = Vec::new();
    let mut row = csv::StringRecord::new();
    let mut line = 1;
    while reader
        .read_record(&mut row)
        .map_err(|e| csv_error(path, e))?
    {
        line += 1;
        let month = month_of(path, &row, cols.month, line)?;
        let name = row.get(cols.metric).unwrap_or("");
        if metric_names.len() < MAX_METRIC_NAMES && !seen_metric.contains(name) {
            seen_metric.insert(name.to_string());
            metric_names.push(name.to_string());
        }
        if month > horizon {
            horizon = month;
            with_results.clear();
        }
        if month == horizon {
            let id = integer(path, &row, cols.point, line)?;
            if with_results.last() != Some(&id) {
                with_results.push(id);
            }
        }
    }
    with_results.sort_unstable();
    with_results.dedup();
    Ok(SummaryScan {
        horizon,
        metric_names,
        with_results,
    })
}

/// A point with results: its id and its values of the first two keys (tracked index and
/// number).
struct PointKeys {
    id: u64,
    tracked: [u32; 2],
    number: [f64; 2],
}

/// What the pass over `points.csv` finds.
pub struct PointsScan {
    /// The key columns, between `point` and `status`.
    pub keys: Vec<String>,
    /// How many points.
    pub count: usize,
    /// The first points' ids and values, when the sweep is small enough for an overview.
    pub small: Vec<(u64, Vec<String>)>,
    with_results: Vec<PointKeys>,
    trackers: Vec<KeyTracker>,
}

/// The pass over `points.csv`: its keys, and the first two keys' values of the points in
/// `with_results`; the ids and values of every point if there are at most `small` of them.
pub fn scan_points(
    path: &Path,
    with_results: &[u64],
    small: usize,
) -> Result<PointsScan, FigureError> {
    let (mut reader, headers) = open(path)?;
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| FigureError::invalid(path, format!("no `{name}` column")))
    };
    let point_col = column("point")?;
    let status_col = column("status")?;
    if status_col <= point_col {
        return Err(FigureError::invalid(
            path,
            "the key columns must lie between `point` and `status`".to_string(),
        ));
    }
    let keys: Vec<String> = headers
        .iter()
        .skip(point_col + 1)
        .take(status_col - point_col - 1)
        .map(str::to_string)
        .collect();
    let mut trackers: Vec<KeyTracker> = (0..keys.len().min(2)).map(|_| KeyTracker::new()).collect();
    let mut points = Vec::new();
    let mut small_points = Vec::new();
    let mut count = 0;
    let mut row = csv::StringRecord::new();
    let mut line = 1;
    while reader
        .read_record(&mut row)
        .map_err(|e| csv_error(path, e))?
    {
        line += 1;
        let id = integer(path, &row, point_col, line)?;
        count += 1;
        if small_points.len() <= small {
            small_points.push((
                id,
                (point_col + 1..status_col)
                    .map(|c| row.get(c).unwrap_or("").to_string())
                    .collect(),
            ));
        }
        if with_results.binary_search(&id).is_err() {
            continue;
        }
        let mut keys = PointKeys {
            id,
            tracked: [UNTRACKED; 2],
            number: [f64::NAN; 2],
        };
        for (k, tracker) in trackers.iter_mut().enumerate() {
            let value = row.get(point_col + 1 + k).unwrap_or("");
            keys.tracked[k] = tracker.add(value);
            keys.number[k] = value.parse().unwrap_or(f64::NAN);
        }
        points.push(keys);
    }
    if small_points.len() > small {
        small_points.clear();
    }
    // Ids in `points.csv` order are ascending as orgsim writes them; sorted for lookups.
    points.sort_by_key(|p| p.id);
    Ok(PointsScan {
        keys,
        count,
        small: small_points,
        with_results: points,
        trackers,
    })
}

/// Point id → metric name → its months.
pub type SeriesByPoint = BTreeMap<u64, BTreeMap<String, Vec<MonthStat>>>;

/// The cells each point with results falls in, per chart.
struct Slots {
    /// (line, x slot) of the sweep figure.
    line: Option<(usize, usize)>,
    /// (row, column) of the heatmap.
    cell: Option<(usize, usize)>,
}

/// Per metric, the pools of every line slot and heatmap cell.
struct MetricPools {
    lines: Vec<Pool>,
    cells: Vec<Pool>,
}

/// The second pass over `summary.csv`: pools every point's values at the horizon into the
/// charts' slots, and collects the series over the months of the points in `series_of`.
pub fn aggregate(
    path: &Path,
    scan: &SummaryScan,
    points: PointsScan,
    series_of: &[u64],
) -> Result<(SweepCharts, SeriesByPoint), FigureError> {
    let PointsScan {
        keys,
        with_results,
        trackers,
        ..
    } = points;
    let mut axes: Vec<KeyValues> = trackers
        .into_iter()
        .zip(&keys)
        .map(|(t, name)| t.finish(name))
        .collect();
    let y_key = (axes.len() >= 2).then(|| axes.remove(1));
    let x_key = axes.pop();

    let lines_axes: Result<(LineAxis, Option<KeyValues>), String> = match &x_key {
        None => Err("points.csv names no varied key".to_string()),
        Some(x) if x.too_many_categories() => Err(too_many(x)),
        Some(x) => Ok((
            LineAxis { key: x.clone() },
            y_key
                .clone()
                .filter(|k| k.binned.is_none() && (2..=MAX_LINES).contains(&k.distinct.len())),
        )),
    };
    let heat_axes: Option<Result<(CellAxis, CellAxis), String>> = match (&x_key, &y_key) {
        (Some(x), Some(y)) => Some(match [x, y].into_iter().find(|k| k.too_many_categories()) {
            Some(k) => Err(too_many(k)),
            None => Ok((CellAxis::new(x.clone()), CellAxis::new(y.clone()))),
        }),
        _ => None,
    };
    let groups = match &lines_axes {
        Ok((_, Some(by))) => by.distinct.len(),
        _ => 1,
    };
    let line_slots = lines_axes.as_ref().map_or(0, |(x, _)| x.slots());
    let (cols, rows) = match &heat_axes {
        Some(Ok((x, y))) => (x.labels.len(), y.labels.len()),
        _ => (0, 0),
    };
    let slots: Vec<Slots> = with_results
        .iter()
        .map(|p| Slots {
            line: lines_axes.as_ref().ok().and_then(|(x, by)| {
                let slot = x.slot(p.tracked[0], p.number[0])?;
                let line = match by {
                    Some(by) => *by.order.get(p.tracked[1] as usize)?,
                    None => 0,
                };
                Some((line, slot))
            }),
            cell: match &heat_axes {
                Some(Ok((x, y))) => x
                    .cell(p.tracked[0], p.number[0])
                    .zip(y.cell(p.tracked[1], p.number[1]))
                    .map(|(c, r)| (r, c)),
                _ => None,
            },
        })
        .collect();

    let (mut reader, headers) = open(path)?;
    let cols_of = SummaryColumns::of(path, &headers)?;
    let mut pools: BTreeMap<String, MetricPools> = BTreeMap::new();
    let mut series: SeriesByPoint = BTreeMap::new();
    let mut row = csv::StringRecord::new();
    let mut line = 1;
    while reader
        .read_record(&mut row)
        .map_err(|e| csv_error(path, e))?
    {
        line += 1;
        let month = month_of(path, &row, cols_of.month, line)?;
        let wants_series = !series_of.is_empty();
        if month != scan.horizon && !wants_series {
            continue;
        }
        let id = integer(path, &row, cols_of.point, line)?;
        let name = row.get(cols_of.metric).unwrap_or("");
        if wants_series {
            if !series_of.contains(&id) {
                return Err(not_in_points(path, line, id));
            }
            series
                .entry(id)
                .or_default()
                .entry(name.to_string())
                .or_default()
                .push(MonthStat {
                    month,
                    mean: number(&row, cols_of.mean),
                    ci_low: number(&row, cols_of.lo),
                    ci_high: number(&row, cols_of.hi),
                });
        }
        if month != scan.horizon {
            continue;
        }
        let Ok(i) = with_results.binary_search_by_key(&id, |p| p.id) else {
            return Err(not_in_points(path, line, id));
        };
        if Metric::from_name(name).is_none() {
            continue;
        }
        let stat = PointStat {
            n: number(&row, cols_of.n).max(0.0) as u64,
            mean: number(&row, cols_of.mean),
            sd: number(&row, cols_of.sd),
            ci_low: number(&row, cols_of.lo),
            ci_high: number(&row, cols_of.hi),
        };
        if !pools.contains_key(name) {
            pools.insert(
                name.to_string(),
                MetricPools {
                    lines: vec![Pool::default(); groups * line_slots],
                    cells: vec![Pool::default(); rows * cols],
                },
            );
        }
        let Some(pool) = pools.get_mut(name) else {
            continue;
        };
        if let Some((g, x)) = slots[i].line {
            pool.lines[g * line_slots + x].push(&stat);
        }
        if let Some((r, c)) = slots[i].cell {
            pool.cells[r * cols + c].push(&stat);
        }
    }
    for stats in series.values_mut().flat_map(|m| m.values_mut()) {
        stats.sort_by_key(|s| s.month);
    }

    let lines = lines_axes.map(|(x, by_key)| {
        let lines = pools
            .iter()
            .map(|(name, pool)| {
                let per_line = (0..groups)
                    .map(|g| {
                        (0..line_slots)
                            .filter_map(|s| {
                                pool.lines[g * line_slots + s]
                                    .estimate()
                                    .map(|e| (x.position(s), e))
                            })
                            .collect()
                    })
                    .collect();
                (name.clone(), per_line)
            })
            .collect();
        LinesData { x, by_key, lines }
    });
    let heat = heat_axes.map(|axes| {
        axes.map(|(x, y)| {
            let cells = pools
                .iter()
                .map(|(name, pool)| {
                    let grid = (0..rows)
                        .map(|r| {
                            (0..cols)
                                .map(|c| pool.cells[r * cols + c].estimate())
                                .collect()
                        })
                        .collect();
                    (name.clone(), grid)
                })
                .collect();
            HeatData { x, y, cells }
        })
    });
    Ok((SweepCharts { lines, heat }, series))
}

fn not_in_points(path: &Path, line: u64, id: u64) -> FigureError {
    FigureError::invalid(
        path,
        format!("line {line}: point {id} is not in points.csv"),
    )
}

fn too_many(key: &KeyValues) -> String {
    format!(
        "{} takes {} distinct values that are not all numbers; an axis shows at most {MAX_CATEGORIES}",
        key.name,
        if key.count > MAX_TRACKED {
            format!("more than {MAX_TRACKED}")
        } else {
            key.count.to_string()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(n: u64, mean: f64, sd: f64) -> PointStat {
        PointStat {
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

//! What a sweep's figures draw, aggregated while `summary.csv` and `points.csv` are streamed:
//! the axes of the first two swept keys and, for each metric, the pooled estimate of every
//! x value and line of the sweep figure and of every heatmap cell.
//!
//! Owns the passes over the tables, in memory that does not grow with the months or the
//! metrics: a few dozen bytes per point (its id and its values of the first two keys),
//! whatever the size of `summary.csv`. Points that failed validation (no row at the horizon)
//! are left out. Does not own the grouping and pooling rules (see `sweep_groups`), the
//! folder's other files (see `read`) or drawing (see `sweep`).

use super::FigureError;
use super::read::{MonthStat, table_error};
use super::sweep_groups::{
    CellAxis, Estimate, KeyTracker, KeyValues, LineAxis, MAX_CATEGORIES, MAX_LINES, MAX_TRACKED,
    Pool, UNTRACKED,
};
use crate::model::metrics::Metric;
use crate::output::results_folder::{PointsStream, SummaryStream};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Most metric names read from `summary.csv` (orgsim writes a few dozen).
const MAX_METRIC_NAMES: usize = 256;

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

/// First pass over `summary.csv`: the horizon, the metric names and the points with results.
pub fn scan_summary(path: &Path) -> Result<SummaryScan, FigureError> {
    let fail = |e| table_error(path, e);
    let mut summary = SummaryStream::open(path).map_err(fail)?;
    let mut horizon = 0;
    let mut metric_names: Vec<String> = Vec::new();
    let mut seen_metric: HashSet<String> = HashSet::new();
    let mut with_results: Vec<u64> = Vec::new();
    while let Some(row) = summary.next_row().map_err(fail)? {
        let month = row.month().map_err(fail)?;
        let name = row.metric();
        if metric_names.len() < MAX_METRIC_NAMES && !seen_metric.contains(name) {
            seen_metric.insert(name.to_string());
            metric_names.push(name.to_string());
        }
        if month > horizon {
            horizon = month;
            with_results.clear();
        }
        if month == horizon {
            let id = row.point().map_err(fail)?;
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
    let fail = |e| table_error(path, e);
    let mut stream = PointsStream::open(path).map_err(fail)?;
    let keys = stream.keys().to_vec();
    let mut trackers: Vec<KeyTracker> = (0..keys.len().min(2)).map(|_| KeyTracker::new()).collect();
    let mut points = Vec::new();
    let mut small_points = Vec::new();
    let mut count = 0;
    while let Some(row) = stream.next_row().map_err(fail)? {
        let id = row.id;
        count += 1;
        if small_points.len() <= small {
            small_points.push((id, row.values()));
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
            let value = row.value(k);
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

    let fail = |e| table_error(path, e);
    let mut summary = SummaryStream::open(path).map_err(fail)?;
    let mut pools: BTreeMap<String, MetricPools> = BTreeMap::new();
    let mut series: SeriesByPoint = BTreeMap::new();
    while let Some(row) = summary.next_row().map_err(fail)? {
        let line = row.line;
        let month = row.month().map_err(fail)?;
        let wants_series = !series_of.is_empty();
        if month != scan.horizon && !wants_series {
            continue;
        }
        let id = row.point().map_err(fail)?;
        let name = row.metric();
        let stat = row.stats();
        if wants_series {
            let (pi_low, pi_high) = row.predictive();
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
                    mean: stat.mean,
                    ci_low: stat.ci_low,
                    ci_high: stat.ci_high,
                    pi_low,
                    pi_high,
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

//! The files of scenario discovery: a finished sweep read as PRIM's data, and what PRIM found
//! written into the sweep's `discover/` folder.
//!
//! Owns reading the inputs (the varied keys of `points.csv`, points that ran) and the outcome
//! (a condition on `summary.csv`'s means, or per replication on `timeseries.csv`) through the
//! typed readers of `results_folder`; the files `discover/boxes.csv`, `discover/trajectory.csv`
//! and `discover/discovery.json` (written atomically, their bytes depending only on the
//! sweep's tables and the request, so a resumed or merged sweep gives the same files); the
//! figures beside them (drawn by `figures::discover`); and reading the first box's trajectory
//! back for them. The findings as facts and in words are `findings` (a submodule). Does
//! not own PRIM (see `crate::experiment::prim`), the condition's syntax (see
//! `crate::experiment::condition`) or the command line.

use super::figures::FigureError;
use super::results_folder::{
    FolderKind, NoResults, POINTS_FILE, PointsStream, SUMMARY_FILE, SummaryStream, TIMESERIES_FILE,
    TimeseriesStream, folder_kind,
};
use crate::experiment::condition::Condition;
use crate::experiment::prim::{Column, Discovery, FoundBox, Limit, PrimSettings, QuasiP};

mod findings;
use crate::ground::atomic::write_atomic;
use crate::ground::files::OutputError;
use crate::output::i18n::Lang;
pub use findings::{
    BoxFacts, Findings, LimitFacts, Trajectory, WEAK_QUASI_P, condition_words, percent,
    restriction_words, summary_lines,
};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder, inside a sweep's folder, that `orgsim discover` writes.
pub const DISCOVER_DIR: &str = "discover";
/// The limits of each box found, with their quasi-p-values and the box's statistics.
pub const BOXES_FILE: &str = "boxes.csv";
/// Every step of every box's peeling and pasting trajectory.
pub const TRAJECTORY_FILE: &str = "trajectory.csv";
/// The request and the findings, for the report.
pub const DISCOVERY_FILE: &str = "discovery.json";

/// Whether `name` is a file `orgsim discover` writes into `discover/` (clearing a folder for
/// `--force` removes these and no other).
pub fn is_discover_file_name(name: &str) -> bool {
    use super::figures::discover::{BOX_LIMITS, TRADEOFF};
    [BOXES_FILE, TRAJECTORY_FILE, DISCOVERY_FILE].contains(&name)
        || [TRADEOFF, BOX_LIMITS]
            .iter()
            .any(|stem| name == format!("{stem}.svg") || name == format!("{stem}.png"))
}

/// Why discovery could not run.
#[derive(Debug)]
pub enum DiscoverError {
    /// The folder or the condition does not fit (exit code 2): the message says why.
    Usage(String),
    /// A table could not be read (exit code 1).
    Read(String),
    Output(OutputError),
    Figure(FigureError),
}

impl std::fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoverError::Usage(m) | DiscoverError::Read(m) => write!(f, "{m}"),
            DiscoverError::Output(e) => write!(f, "{e}"),
            DiscoverError::Figure(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DiscoverError {}

/// PRIM's data read from a sweep: one row per point (or per replication of each point).
#[derive(Clone, Debug)]
pub struct DiscoverData {
    /// The varied keys, in `points.csv` order.
    pub keys: Vec<String>,
    pub columns: Vec<Column>,
    /// Per key, the names of its category codes (empty for a numeric key).
    pub categories: Vec<Vec<String>>,
    /// Whether the condition holds, per row.
    pub y: Vec<bool>,
    pub per_replication: bool,
    /// Points that ran.
    pub points: usize,
}

impl DiscoverData {
    /// "point" or "replication".
    pub fn unit(&self) -> &'static str {
        if self.per_replication {
            "replication"
        } else {
            "point"
        }
    }
}

fn read_error(path: &Path, e: impl std::fmt::Debug) -> DiscoverError {
    DiscoverError::Read(format!("cannot read {}: {e:?}", path.display()))
}

/// Reads the sweep in `dir` as PRIM's data for `condition`: the inputs are the varied keys, the
/// outcome whether the condition holds on a point's mean over replications (or, with
/// `per_replication`, on each replication). The condition's metrics and months must be in the
/// sweep's tables.
pub fn read_data(
    dir: &Path,
    condition: &Condition,
    per_replication: bool,
) -> Result<DiscoverData, DiscoverError> {
    match folder_kind(dir) {
        Ok(FolderKind::Sweep) => {}
        Err(NoResults::UnfinishedSweep) => {
            return Err(DiscoverError::Usage(format!(
                "{} holds a sweep that has not finished: finish it with `orgsim sweep --resume` (or `orgsim merge` its shards) first",
                dir.display()
            )));
        }
        _ => {
            return Err(DiscoverError::Usage(format!(
                "{} is not the folder of a finished sweep (discover needs its points.csv and summary.csv)",
                dir.display()
            )));
        }
    }
    // The points that ran and their values of the varied keys.
    let path = dir.join(POINTS_FILE);
    let mut stream = PointsStream::open(&path).map_err(|e| read_error(&path, e))?;
    let keys = stream.keys().to_vec();
    let mut ids = vec![];
    let mut values: Vec<Vec<String>> = vec![];
    while let Some(row) = stream.next_row().map_err(|e| read_error(&path, e))? {
        if row.status() == "ok" {
            ids.push(row.id);
            values.push(row.values());
        }
    }
    if keys.is_empty() || ids.is_empty() {
        return Err(DiscoverError::Usage(format!(
            "{} has no varied keys or no point that ran",
            path.display()
        )));
    }
    let slot: BTreeMap<u64, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let wanted: Vec<(String, u32)> = condition
        .comparisons()
        .map(|c| (c.metric.name().to_string(), c.month))
        .collect();

    // Means per point, and what the sweep kept (to check the condition against).
    let path = dir.join(SUMMARY_FILE);
    let mut summary = SummaryStream::open(&path).map_err(|e| read_error(&path, e))?;
    let mut kept_metrics = BTreeSet::new();
    let mut kept_months = BTreeSet::new();
    let mut means = vec![vec![f64::NAN; wanted.len()]; ids.len()];
    while let Some(row) = summary.next_row().map_err(|e| read_error(&path, e))? {
        let month = row.month().map_err(|e| read_error(&path, e))?;
        let metric = row.metric();
        if !kept_metrics.contains(metric) {
            kept_metrics.insert(metric.to_string());
        }
        kept_months.insert(month);
        for (c, (m, mo)) in wanted.iter().enumerate() {
            if *mo == month && m == metric {
                let point = row.point().map_err(|e| read_error(&path, e))?;
                if let Some(&i) = slot.get(&point) {
                    means[i][c] = row.stats().mean;
                }
            }
        }
    }
    check_kept(condition, &kept_metrics, &kept_months)?;

    let (rows, y): (Vec<usize>, Vec<bool>) = if per_replication {
        let path = dir.join(TIMESERIES_FILE);
        let mut series = TimeseriesStream::open(&path).map_err(|e| read_error(&path, e))?;
        let cols: Vec<usize> = wanted
            .iter()
            .map(|(m, _)| {
                series.column(m).ok_or_else(|| {
                    DiscoverError::Usage(format!("{} has no `{m}` column", path.display()))
                })
            })
            .collect::<Result<_, _>>()?;
        let mut runs: BTreeMap<(usize, u64), Vec<f64>> = BTreeMap::new();
        while let Some(row) = series.next_row().map_err(|e| read_error(&path, e))? {
            let month = row.month().map_err(|e| read_error(&path, e))?;
            if !wanted.iter().any(|(_, mo)| u64::from(*mo) == month) {
                continue;
            }
            let point = row.point().map_err(|e| read_error(&path, e))?;
            let Some(&i) = slot.get(&point) else {
                continue;
            };
            let r = row.replication().map_err(|e| read_error(&path, e))?;
            let v = runs
                .entry((i, r))
                .or_insert_with(|| vec![f64::NAN; wanted.len()]);
            for (c, (_, mo)) in wanted.iter().enumerate() {
                if u64::from(*mo) == month {
                    v[c] = row.value(cols[c]);
                }
            }
        }
        runs.into_iter()
            .map(|((i, _), v)| (i, condition.holds(&v)))
            .unzip()
    } else {
        means
            .iter()
            .enumerate()
            .map(|(i, v)| (i, condition.holds(v)))
            .unzip()
    };
    let mut columns = vec![];
    let mut categories = vec![];
    for (k, _) in keys.iter().enumerate() {
        let cells: Vec<&str> = rows.iter().map(|&i| values[i][k].as_str()).collect();
        let (column, names) = classify(&cells);
        columns.push(column);
        categories.push(names);
    }
    Ok(DiscoverData {
        keys,
        columns,
        categories,
        y,
        per_replication,
        points: ids.len(),
    })
}

/// Each comparison's metric and month must be in the sweep's tables.
fn check_kept(
    condition: &Condition,
    metrics: &BTreeSet<String>,
    months: &BTreeSet<u32>,
) -> Result<(), DiscoverError> {
    let list = |v: Vec<String>| v.join(", ");
    for c in condition.comparisons() {
        let name = c.metric.name();
        if !metrics.contains(name) {
            return Err(DiscoverError::Usage(format!(
                "column {}: the sweep did not keep `{name}`; its metrics are: {} (choose them with [output] metrics in the sweep file)",
                c.column,
                list(metrics.iter().cloned().collect())
            )));
        }
        if !months.contains(&c.month) {
            let horizon = months.iter().next_back().copied().unwrap_or(0);
            let why = if c.month > horizon {
                format!("month {} is past the horizon ({horizon})", c.month)
            } else {
                format!("month {} is not kept in the tables", c.month)
            };
            return Err(DiscoverError::Usage(format!(
                "column {}: {why}; the months kept are {} (see [output] every_months in the sweep file)",
                c.column,
                list(months.iter().map(u32::to_string).collect())
            )));
        }
    }
    Ok(())
}

/// A column from its cells: integers if all are whole numbers, reals if all are numbers,
/// otherwise categories (coded in sorted order of their text).
fn classify(cells: &[&str]) -> (Column, Vec<String>) {
    if let Ok(v) = cells
        .iter()
        .map(|c| c.trim().parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
    {
        return (Column::Integer(v), vec![]);
    }
    if let Ok(v) = cells
        .iter()
        .map(|c| c.trim().parse::<f64>())
        .collect::<Result<Vec<_>, _>>()
        && v.iter().all(|x| x.is_finite())
    {
        return (Column::Real(v), vec![]);
    }
    let names: Vec<String> = cells
        .iter()
        .map(|c| c.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let codes = cells
        .iter()
        .map(|c| names.binary_search_by(|n| n.as_str().cmp(c)).unwrap_or(0) as u32)
        .collect();
    (Column::Categorical(codes), names)
}

/// A number as the files write it: the shortest text that reads back the same (in exponent
/// form when very small or large); NaN as empty.
fn number(x: f64) -> String {
    if !x.is_finite() {
        String::new()
    } else if x != 0.0 && !(1e-4..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

fn optional(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// One restricted limit of a box, as the files and the words say it.
pub struct Restriction {
    pub key: String,
    /// The low and high end where restricted (a numeric key).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The categories in the box (a categorical key).
    pub categories: Vec<String>,
    pub quasi_p: QuasiP,
}

/// The restricted limits of `found`'s box, in key order.
pub fn restrictions(data: &DiscoverData, found: &FoundBox, initial: &[Limit]) -> Vec<Restriction> {
    let last = found.last();
    found
        .quasi_p
        .iter()
        .map(|q| {
            let j = q.input;
            let (low, high, categories) = match (&last.limits[j], &initial[j]) {
                (Limit::Real(lo, hi), Limit::Real(min, max)) => (
                    (lo != min).then_some(*lo),
                    (hi != max).then_some(*hi),
                    vec![],
                ),
                (Limit::Integer(lo, hi), Limit::Integer(min, max)) => (
                    (lo != min).then_some(*lo as f64),
                    (hi != max).then_some(*hi as f64),
                    vec![],
                ),
                (Limit::Categories(c), _) => (
                    None,
                    None,
                    c.iter()
                        .map(|&k| data.categories[j][k as usize].clone())
                        .collect(),
                ),
                _ => (None, None, vec![]),
            };
            Restriction {
                key: data.keys[j].clone(),
                low,
                high,
                categories,
                quasi_p: *q,
            }
        })
        .collect()
}

fn write_boxes(w: &mut dyn Write, data: &DiscoverData, d: &Discovery) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record([
        "box",
        "coverage",
        "density",
        "mass",
        "points",
        "cases",
        "parameter",
        "low",
        "high",
        "categories",
        "quasi_p_low",
        "quasi_p_high",
    ])?;
    for (b, found) in d.accepted().enumerate() {
        let last = found.last();
        let head = [
            (b + 1).to_string(),
            number(last.coverage),
            number(last.density),
            number(last.mass),
            last.points.to_string(),
            last.cases.to_string(),
        ];
        let rs = restrictions(data, found, &d.initial);
        if rs.is_empty() {
            let mut row = head.to_vec();
            row.extend(std::iter::repeat_n(String::new(), 6));
            csv.write_record(&row)?;
        }
        for r in rs {
            let mut row = head.to_vec();
            row.extend([
                r.key.clone(),
                optional(r.low),
                optional(r.high),
                r.categories.join(";"),
                optional(r.quasi_p.low),
                optional(r.quasi_p.high),
            ]);
            csv.write_record(&row)?;
        }
    }
    csv.flush()
}

fn write_trajectory(w: &mut dyn Write, data: &DiscoverData, d: &Discovery) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record([
        "box",
        "accepted",
        "step",
        "phase",
        "coverage",
        "density",
        "mass",
        "points",
        "cases",
        "restricted_dimensions",
        "restricted",
    ])?;
    for (b, found) in d.boxes.iter().enumerate() {
        for (s, step) in found.trajectory.iter().enumerate() {
            let phase = match s {
                0 => "start",
                s if s < found.peeled => "peel",
                _ => "paste",
            };
            let names: Vec<&str> = step
                .restricted
                .iter()
                .map(|&j| data.keys[j].as_str())
                .collect();
            csv.write_record([
                (b + 1).to_string(),
                found.accepted.to_string(),
                s.to_string(),
                phase.to_string(),
                number(step.coverage),
                number(step.density),
                number(step.mass),
                step.points.to_string(),
                step.cases.to_string(),
                step.restricted.len().to_string(),
                names.join(";"),
            ])?;
        }
    }
    csv.flush()
}

fn discovery_json(
    data: &DiscoverData,
    settings: &PrimSettings,
    findings: &Findings,
) -> serde_json::Value {
    json!({
        "condition": findings.condition,
        "per": findings.per,
        "rows": findings.rows,
        "points": data.points,
        "cases": findings.cases,
        "share": findings.cases as f64 / findings.rows as f64,
        "keys": data.keys,
        "settings": {
            "threshold": settings.threshold,
            "peel_alpha": settings.peel_alpha,
            "paste_alpha": settings.paste_alpha,
            "mass_min": settings.mass_min,
            "max_boxes": settings.max_boxes,
        },
        "best_density": findings.best_density,
        "boxes": findings.boxes,
        "summary": summary_lines(findings, Lang::En),
    })
}

/// Writes `discover/` in the sweep folder `dir`: the tables, `discovery.json` (its `summary`
/// in English) and the two figures (SVG and PNG) labelled in `lang`; returns the files
/// written.
pub fn write_discovery(
    dir: &Path,
    data: &DiscoverData,
    settings: &PrimSettings,
    d: &Discovery,
    findings: &Findings,
    lang: Lang,
) -> Result<Vec<PathBuf>, DiscoverError> {
    let out = dir.join(DISCOVER_DIR);
    std::fs::create_dir_all(&out)
        .map_err(|e| DiscoverError::Output(OutputError::new("cannot create directory", &out, e)))?;
    let mut written = vec![];
    let mut write = |name: &str, f: &dyn Fn(&mut dyn Write) -> io::Result<()>| {
        let path = out.join(name);
        write_atomic(&path, f).map_err(|e| DiscoverError::Output(OutputError::write(&path, e)))?;
        written.push(path);
        Ok::<(), DiscoverError>(())
    };
    write(BOXES_FILE, &|w| write_boxes(w, data, d))?;
    write(TRAJECTORY_FILE, &|w| write_trajectory(w, data, d))?;
    let json = discovery_json(data, settings, findings);
    write(DISCOVERY_FILE, &|w| {
        serde_json::to_writer_pretty(&mut *w, &json)?;
        w.write_all(b"\n")
    })?;
    let figures = super::figures::discover::write_discover_figures(
        &out,
        findings,
        &Trajectory::first_of(d),
        lang,
    )
    .map_err(DiscoverError::Figure)?;
    written.extend(figures);
    Ok(written)
}

/// The first box's trajectory as `discover/trajectory.csv` in `folder` (a sweep's
/// `discover/`) holds it; none if the file is missing or unreadable.
pub fn read_first_trajectory(folder: &Path) -> Option<Trajectory> {
    let mut csv = csv::Reader::from_path(folder.join(TRAJECTORY_FILE)).ok()?;
    let header = csv.headers().ok()?.clone();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (b, accepted, coverage, density, restricted) = (
        col("box")?,
        col("accepted")?,
        col("coverage")?,
        col("density")?,
        col("restricted_dimensions")?,
    );
    let mut first = Trajectory {
        steps: vec![],
        accepted: false,
    };
    for record in csv.records() {
        let record = record.ok()?;
        let cell = |i: usize| record.get(i).unwrap_or_default();
        if cell(b) != "1" {
            continue;
        }
        first.accepted = cell(accepted) == "true";
        first.steps.push((
            cell(coverage).parse().ok()?,
            cell(density).parse().ok()?,
            cell(restricted).parse().ok()?,
        ));
    }
    Some(first)
}

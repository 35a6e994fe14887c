//! Reading a results folder back for the figures: what wrote it (`run`, `compare` or a
//! finished `sweep`/`merge`), the mean and 95% interval of every metric by month, the
//! interventions and shocks of each scenario, a comparison's paired differences and a sweep's
//! points with their values at the horizon (and, for small sweeps, by month).
//!
//! Owns turning a folder into what the figures draw: the `manifest.json` fields they need,
//! with errors that name the file. The tables are read through `results_folder` (its
//! `SummaryStream` for `summary.csv`, `read_comparison` for `comparison.csv`) and a sweep's
//! points are pooled in `sweep_data`. Does not own these formats (see `tables`, `compare`,
//! `parts`, `manifest`) or any drawing.

use super::FigureError;
use super::manifest::{ReadError as ManifestError, read_manifest_head};
use super::sweep_data::{SweepCharts, aggregate, scan_points, scan_summary};
use crate::experiment::plan::SweepPlan;
use crate::experiment::runner::point_scenario;
use crate::output::i18n::Lang;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

use crate::ground::stats::Stats;
use crate::output::results_folder::{
    COMPARISON_FILE, CsvReadError, FolderKind, MANIFEST_FILE, NoResults, POINTS_FILE, SUMMARY_FILE,
    SummaryStream, TIMESERIES_FILE, TimeseriesStream, folder_kind, read_comparison,
};

/// One month of one metric: the mean over replications and its 95% interval, and the
/// predictive interval where a share (the folder's level) of single replications lie (NaN if
/// empty, or for tables without it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MonthStat {
    pub month: u32,
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pi_low: f64,
    pub pi_high: f64,
}

/// A vertical marker: an intervention starting or ending, or a market shock.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub month: u32,
    /// Short label, e.g. "coaching programme (month 6)".
    pub label: String,
}

/// One scenario's results: `summary.csv` by metric, and its markers.
#[derive(Clone, Debug)]
pub struct ScenarioSeries {
    pub label: String,
    pub replications: u64,
    /// Last month in `summary.csv`.
    pub horizon: u32,
    pub markers: Vec<Marker>,
    /// Metric name → months in order.
    pub metrics: BTreeMap<String, Vec<MonthStat>>,
    /// The level of the predictive interval (`manifest.json`'s, else the default).
    pub prediction_level: f64,
    /// The first replications of `timeseries.csv`, as many as asked for (see
    /// [`read_results_with`]): metric name → (month, value) in month order.
    pub runs: Vec<Run>,
}

/// One replication's values: metric name → (month, value) in month order.
pub type Run = BTreeMap<String, Vec<(u32, f64)>>;

/// One row of `comparison.csv` that has a difference: scenario − reference.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub metric: String,
    /// "horizon" or "average".
    pub statistic: String,
    pub scenario: String,
    pub reference: String,
    pub n: u64,
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// One point of a small sweep, with its series over the months (for the overview).
#[derive(Clone, Debug)]
pub struct SweepPoint {
    pub id: u64,
    /// The value of each key, as written in `points.csv`.
    pub values: Vec<String>,
    /// Metric name → mean and interval by month (empty for points that failed validation).
    pub series: BTreeMap<String, Vec<MonthStat>>,
    /// The point's interventions and shocks.
    pub markers: Vec<Marker>,
}

/// Sweeps of at most this many points get an overview over the months, one colour per point
/// (more lines than the palette has colours would not be readable).
pub const MAX_SERIES_POINTS: usize = 8;

/// A sweep, read back as its charts draw it: its points are aggregated while the tables are
/// read, so memory does not grow with its months or metrics (see `sweep_data`).
#[derive(Clone, Debug)]
pub struct SweepResults {
    pub name: String,
    pub keys: Vec<String>,
    pub replications: u64,
    /// Last month in `summary.csv`.
    pub horizon: u32,
    /// The metrics `summary.csv` holds, in its order.
    pub metric_names: Vec<String>,
    /// How many points `points.csv` lists, and how many have results at the horizon.
    pub point_count: usize,
    pub points_with_results: usize,
    /// The points of a sweep of at most [`MAX_SERIES_POINTS`] points (else empty).
    pub points: Vec<SweepPoint>,
    pub charts: Box<SweepCharts>,
    /// The level of the predictive band (`pi_low`, `pi_high`) in `summary.csv`, from the
    /// manifest.
    pub prediction_level: f64,
}

/// A results folder, read back.
#[derive(Clone, Debug)]
pub enum Results {
    Run(ScenarioSeries),
    Compare {
        /// In the order compared; the first is the reference of the differences.
        scenarios: Vec<ScenarioSeries>,
        differences: Vec<Difference>,
    },
    Sweep(SweepResults),
}

impl Results {
    /// What wrote the folder, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Results::Run(_) => "a run",
            Results::Compare { .. } => "a comparison",
            Results::Sweep(_) => "a sweep",
        }
    }
}

/// Reads the results folder `dir`.
pub fn read_results(dir: &Path) -> Result<Results, FigureError> {
    read_results_with(dir, 0)
}

/// Reads the results folder `dir` with the first `runs` replications of each scenario of a
/// run or comparison (from its `timeseries.csv`, if it has one), for thin lines under the
/// bands.
pub fn read_results_with(dir: &Path, runs: usize) -> Result<Results, FigureError> {
    read_results_in(dir, runs, Lang::En)
}

/// As [`read_results_with`], the markers' labels in `lang`.
pub fn read_results_in(dir: &Path, runs: usize, lang: Lang) -> Result<Results, FigureError> {
    let kind = folder_kind(dir).map_err(|no| match no {
        NoResults::UnfinishedSweep => FigureError::UnfinishedSweep(dir.to_path_buf()),
        NoResults::NotResults => FigureError::NotResults(dir.to_path_buf()),
    })?;
    match kind {
        FolderKind::Compare => read_compare(dir, runs, lang),
        FolderKind::Sweep => read_sweep(dir, lang).map(Results::Sweep),
        FolderKind::Run | FolderKind::Economy => {
            let manifest = read_json(&dir.join(MANIFEST_FILE))?;
            read_scenario(dir, None, &manifest, (runs, lang)).map(Results::Run)
        }
    }
}

fn read_json(path: &Path) -> Result<Value, FigureError> {
    let text = std::fs::read_to_string(path).map_err(|e| FigureError::read(path, e))?;
    serde_json::from_str(&text).map_err(|e| FigureError::invalid(path, e.to_string()))
}

/// The error of reading the results table at `path`.
pub(super) fn table_error(path: &Path, e: CsvReadError) -> FigureError {
    match e {
        CsvReadError::Open(io) => FigureError::read(path, io),
        CsvReadError::Csv(e) => csv_error(path, e),
        CsvReadError::Invalid(message) => FigureError::invalid(path, message),
    }
}

pub(super) fn csv_error(path: &Path, e: csv::Error) -> FigureError {
    match e.kind() {
        csv::ErrorKind::Io(_) => match e.into_kind() {
            csv::ErrorKind::Io(io) => FigureError::read(path, io),
            _ => unreachable!("checked above"),
        },
        _ => FigureError::invalid(path, e.to_string()),
    }
}

/// The scenario in `dir` (`summary.csv` and `manifest.json`), labelled `label` or by the
/// manifest's scenario name.
fn read_scenario(
    dir: &Path,
    label: Option<&str>,
    manifest: &Value,
    (runs, lang): (usize, Lang),
) -> Result<ScenarioSeries, FigureError> {
    let path = dir.join(SUMMARY_FILE);
    let fail = |e| table_error(&path, e);
    let mut summary = SummaryStream::open_run(&path).map_err(fail)?;
    let mut metrics: BTreeMap<String, Vec<MonthStat>> = BTreeMap::new();
    let mut horizon = 0;
    while let Some(row) = summary.next_row().map_err(fail)? {
        let m = row.month().map_err(fail)?;
        horizon = horizon.max(m);
        let stats = row.stats();
        let (pi_low, pi_high) = row.predictive();
        metrics
            .entry(row.metric().to_string())
            .or_default()
            .push(MonthStat {
                month: m,
                mean: stats.mean,
                ci_low: stats.ci_low,
                ci_high: stats.ci_high,
                pi_low,
                pi_high,
            });
    }
    for stats in metrics.values_mut() {
        stats.sort_by_key(|s| s.month);
    }
    let scenario = &manifest["scenario"];
    let label = label
        .map(str::to_string)
        .or_else(|| scenario["name"].as_str().map(str::to_string))
        .unwrap_or_else(|| "scenario".into());
    Ok(ScenarioSeries {
        label,
        replications: manifest["replications"].as_u64().unwrap_or(0),
        horizon,
        markers: markers_in(scenario, lang),
        metrics,
        prediction_level: manifest["prediction_level"]
            .as_f64()
            .unwrap_or(crate::ground::stats::DEFAULT_PREDICTION_LEVEL),
        runs: read_runs(dir, runs)?,
    })
}

/// The first `count` replications (in the order they appear) of the `timeseries.csv` in
/// `dir`, every metric it holds; none if `count` is 0 or the folder has no such table.
fn read_runs(dir: &Path, count: usize) -> Result<Vec<Run>, FigureError> {
    let path = dir.join(TIMESERIES_FILE);
    if count == 0 || !path.is_file() {
        return Ok(Vec::new());
    }
    let fail = |e| table_error(&path, e);
    let mut stream = TimeseriesStream::open_run(&path).map_err(fail)?;
    let columns: Vec<(String, usize)> = stream
        .metric_columns()
        .map(|(name, col)| (name.to_string(), col))
        .collect();
    let mut ids: Vec<u64> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    while let Some(row) = stream.next_row().map_err(fail)? {
        let id = row.replication().map_err(fail)?;
        let index = match ids.iter().position(|&r| r == id) {
            Some(i) => i,
            None if ids.len() < count => {
                ids.push(id);
                runs.push(BTreeMap::new());
                ids.len() - 1
            }
            None => continue,
        };
        let month = u32::try_from(row.month().map_err(fail)?).unwrap_or(u32::MAX);
        for (name, col) in &columns {
            runs[index]
                .entry(name.clone())
                .or_default()
                .push((month, row.value(*col)));
        }
    }
    for run in &mut runs {
        for values in run.values_mut() {
            values.sort_by_key(|&(m, _)| m);
        }
    }
    Ok(runs)
}

/// The interventions and shocks of a resolved scenario (as in a manifest), in month order.
pub fn markers(scenario: &Value) -> Vec<Marker> {
    markers_in(scenario, Lang::En)
}

/// As [`markers`], labelled in `lang`.
pub fn markers_in(scenario: &Value, lang: Lang) -> Vec<Marker> {
    let mut out = Vec::new();
    for i in scenario["interventions"].as_array().into_iter().flatten() {
        let Some(month) = i["month"].as_u64() else {
            continue;
        };
        let kind = i["kind"]["kind"]
            .as_str()
            .or_else(|| i["kind"].as_str())
            .unwrap_or("intervention");
        let kind = lang.intervention(kind);
        let start = u32::try_from(month).unwrap_or(u32::MAX);
        let end = i["end_month"]
            .as_u64()
            .map(|e| u32::try_from(e).unwrap_or(u32::MAX));
        match end {
            Some(end) => {
                let acting = lang.acting_months(start, Some(end), None);
                out.push(Marker {
                    month: start,
                    label: lang.fill("marker_starts", &[&kind, &acting]),
                });
                // The first month without it: where a jump at its end shows.
                let last = lang.acting_months(end.saturating_sub(1), Some(end), None);
                out.push(Marker {
                    month: end,
                    label: lang.fill("marker_ends", &[&kind, &last]),
                });
            }
            None => out.push(Marker {
                month: start,
                label: lang.fill("marker_at", &[&kind, &start.to_string()]),
            }),
        }
    }
    for s in scenario["environment"]["shocks"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if let Some(month) = s["month"].as_u64() {
            out.push(Marker {
                month: month as u32,
                label: lang.fill("marker_shock", &[&month.to_string()]),
            });
        }
    }
    out.sort_by_key(|m| m.month);
    out
}

fn read_compare(dir: &Path, runs: usize, lang: Lang) -> Result<Results, FigureError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest = read_json(&manifest_path)?;
    let entries = manifest["scenarios"]
        .as_array()
        .ok_or_else(|| FigureError::invalid(&manifest_path, "no `scenarios` list".to_string()))?;
    let mut scenarios = Vec::with_capacity(entries.len());
    for entry in entries {
        let label = entry["label"].as_str().unwrap_or("scenario");
        let folder = entry["folder"].as_str().unwrap_or(label);
        // A comparison's scenarios are folders inside it; a path elsewhere is not read.
        let mut parts = Path::new(folder).components();
        if !matches!(
            (parts.next(), parts.next()),
            (Some(std::path::Component::Normal(_)), None)
        ) {
            return Err(FigureError::invalid(
                &manifest_path,
                format!("scenario folder `{folder}` is not a folder name inside the comparison"),
            ));
        }
        let sub = dir.join(folder);
        let sub_manifest = read_json(&sub.join(MANIFEST_FILE))?;
        let mut s = read_scenario(&sub, Some(label), &sub_manifest, (runs, lang))?;
        if s.replications == 0 {
            s.replications = manifest["replications"].as_u64().unwrap_or(0);
        }
        scenarios.push(s);
    }
    if scenarios.is_empty() {
        return Err(FigureError::invalid(
            &manifest_path,
            "the `scenarios` list is empty".to_string(),
        ));
    }
    let path = dir.join(COMPARISON_FILE);
    let differences = read_comparison(&path)
        .map_err(|e| table_error(&path, e))?
        .into_iter()
        .filter(|row| !row.difference_to.is_empty())
        .map(|row| {
            let d = row.difference.unwrap_or_else(|| Stats::of([]));
            Difference {
                metric: row.metric,
                statistic: row.statistic.name().to_string(),
                scenario: row.scenario,
                reference: row.difference_to,
                n: d.n,
                mean: d.mean,
                ci_low: d.ci_low,
                ci_high: d.ci_high,
            }
        })
        .collect();
    Ok(Results::Compare {
        scenarios,
        differences,
    })
}

fn read_sweep(dir: &Path, lang: Lang) -> Result<SweepResults, FigureError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let head = read_manifest_head(&manifest_path, false).map_err(|e| match e {
        ManifestError::Io(e) => FigureError::read(&manifest_path, e),
        ManifestError::Json(message) => FigureError::invalid(&manifest_path, message),
    })?;
    let summary_path = dir.join(SUMMARY_FILE);
    let scan = scan_summary(&summary_path)?;
    let points_scan = scan_points(
        &dir.join(POINTS_FILE),
        &scan.with_results,
        MAX_SERIES_POINTS,
    )?;
    let keys = points_scan.keys.clone();
    let point_count = points_scan.count;
    let small = points_scan.small.clone();
    let series_of: Vec<u64> = small.iter().map(|(id, _)| *id).collect();
    let (charts, mut series) = aggregate(&summary_path, &scan, points_scan, &series_of)?;
    let manifest = &head.value;
    let plan = &manifest["scenario"];
    let mut points: Vec<SweepPoint> = small
        .into_iter()
        .map(|(id, values)| SweepPoint {
            id,
            values,
            series: series.remove(&id).unwrap_or_default(),
            markers: Vec::new(),
        })
        .collect();
    if !points.is_empty() {
        // Each point's interventions and shocks, from its scenario rebuilt from the plan
        // (a point whose scenario cannot be rebuilt simply gets no markers). The plan is read
        // whole only here, where it has a handful of points.
        if let Ok(sweep_plan) = read_json(&manifest_path).and_then(|m| {
            serde_json::from_value::<SweepPlan>(m["scenario"].clone())
                .map_err(|e| FigureError::invalid(&manifest_path, e.to_string()))
        }) {
            for p in &mut points {
                if let Some(resolved) = usize::try_from(p.id)
                    .ok()
                    .and_then(|id| point_scenario(&sweep_plan, id).ok())
                    .and_then(|s| serde_json::to_value(&s).ok())
                {
                    p.markers = markers_in(&resolved, lang);
                }
            }
        }
    }
    let name = plan["name"]
        .as_str()
        .map(str::to_string)
        .or_else(|| first_scenario_name(&summary_path))
        .unwrap_or_else(|| "sweep".to_string());
    Ok(SweepResults {
        name,
        keys,
        replications: manifest["replications"]
            .as_u64()
            .or_else(|| plan["replications"].as_u64())
            .unwrap_or(0),
        horizon: scan.horizon,
        metric_names: scan.metric_names,
        point_count,
        points_with_results: scan.with_results.len(),
        points,
        charts: Box::new(charts),
        prediction_level: manifest["prediction_level"]
            .as_f64()
            .unwrap_or(crate::ground::stats::DEFAULT_PREDICTION_LEVEL),
    })
}

/// The `scenario` column of the first row of `summary.csv`, if any.
fn first_scenario_name(path: &Path) -> Option<String> {
    let mut reader = csv::Reader::from_path(path).ok()?;
    let col = reader
        .headers()
        .ok()?
        .iter()
        .position(|h| h == "scenario")?;
    let mut row = csv::StringRecord::new();
    reader.read_record(&mut row).ok()?.then_some(())?;
    row.get(col).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_reads_only_folders_inside_it() {
        let root = std::env::temp_dir().join(format!("orgsim-read-compare-{}", std::process::id()));
        let dir = root.join("comparison");
        let elsewhere = root.join("elsewhere");
        for d in [&dir, &elsewhere] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(elsewhere.join(MANIFEST_FILE), "{}").unwrap();
        std::fs::write(
            elsewhere.join(SUMMARY_FILE),
            "scenario,month,metric,n,mean,sd,ci_low,ci_high\ns,0,performance,1,0.5,,,\n",
        )
        .unwrap();
        std::fs::write(dir.join(COMPARISON_FILE), "metric\n").unwrap();
        for folder in ["../elsewhere", "/tmp", "a/b", ".."] {
            std::fs::write(
                dir.join(MANIFEST_FILE),
                format!("{{\"scenarios\": [{{\"label\": \"x\", \"folder\": {folder:?}}}]}}"),
            )
            .unwrap();
            let error = read_results(&dir).unwrap_err().to_string();
            assert!(
                error.contains("is not a folder name inside the comparison"),
                "{folder}: {error}"
            );
        }
        std::fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn markers_name_kind_and_month() {
        let scenario: Value = serde_json::json!({
            "interventions": [
                {"month": 6, "end_month": null, "kind": {"kind": "coaching_programme"}},
                {"month": 6, "end_month": 30, "kind": {"kind": "action_learning"}}
            ],
            "environment": {"shocks": [{"month": 36, "severity": 0.3}]}
        });
        let labels: Vec<String> = markers(&scenario).into_iter().map(|m| m.label).collect();
        assert_eq!(
            labels,
            [
                "coaching programme (month 6)",
                "action learning starts (months 6–29)",
                "action learning ends (after month 29)",
                "market shock (month 36)"
            ]
        );
    }
}

//! `report.html`: one self-contained page an advisor can hand to a client, written next to the
//! results of `orgsim run`, `orgsim compare` and a complete `orgsim sweep` or `orgsim merge`.
//!
//! Owns reading a results folder back (its `manifest.json`, `summary.csv`, `timeseries.csv`,
//! `comparison.csv`, `points.csv` and figure SVGs) into plain [`ReportData`], and rendering
//! that data as HTML with inline CSS and inline SVG: no scripts, no network, every text from a
//! file escaped, readable on screen, printed to A4 and without colour. [`render_report`] is
//! pure (data in, text out); [`write_report`] does the reading and the atomic write.
//!
//! Does not own the statistics (see `stats`), the CSV and manifest formats (see `tables`,
//! `compare`, `manifest`, `parts`), the figures themselves (the SVG files in `figures/`) or the
//! command line (see `crate::cli::report`).

use super::atomic::write_atomic;
use super::figures::manifest::{ReadError as ManifestError, read_manifest_head};
use super::figures::memory::MAX_INLINED_SVG_BYTES;
use super::headline::{HEADLINE_METRICS, decimals_for, decimals_for_largest, fixed_signed};
use super::stats::{RunningStats, Stats};
use super::{MANIFEST_FILE, SUMMARY_FILE, TIMESERIES_FILE};
use crate::model::metrics::Metric;
use crate::model::params::PARAMETER_SPECS;
use crate::scenario::schema::{DefaultValue, KeyInfo, find_key, keys_of};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io;
use std::path::{Path, PathBuf};

mod sweep_data;

/// The page's file name inside a results folder.
pub const REPORT_FILE: &str = "report.html";
/// A comparison's table (see `crate::output::compare`).
const COMPARISON_FILE: &str = "comparison.csv";
/// A sweep's table of points (see `crate::output::parts`).
const POINTS_FILE: &str = "points.csv";
/// What a sweep folder records about its sweep (see `crate::cli::sweep`).
const SWEEP_PLAN_FILE: &str = "plan.json";
/// The folder of figure files, inlined into the page.
pub const FIGURES_DIR: &str = "figures";
/// The headline metrics of a run of March's (1991) model alone (`knowledge.mode =
/// "march1991"`), which has no employees, managers or money.
pub const MARCH_METRICS: [Metric; 4] = [
    Metric::CodeKnowledge,
    Metric::Knowledge,
    Metric::Alignment,
    Metric::Headcount,
];
/// Most sweep points listed in the page; the rest are in `points.csv`.
pub const MAX_POINT_ROWS: usize = 250;

/// Why a report could not be written. Messages name the file concerned.
#[derive(Debug)]
pub enum ReportError {
    /// The folder holds no results orgsim can report on.
    NotResults(PathBuf),
    /// The folder holds a sweep whose tables are not assembled yet (interrupted, or a shard).
    UnfinishedSweep(PathBuf),
    /// A file could not be read.
    Read { path: PathBuf, source: io::Error },
    /// A file was read but is not what orgsim writes there.
    Invalid { path: PathBuf, message: String },
    /// `report.html` could not be written.
    Write { path: PathBuf, source: io::Error },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::NotResults(dir) => write!(
                f,
                "{} holds no orgsim results ({MANIFEST_FILE} with {SUMMARY_FILE}, {COMPARISON_FILE} or {POINTS_FILE})",
                dir.display()
            ),
            ReportError::UnfinishedSweep(dir) => write!(
                f,
                "{} holds an unfinished sweep or one shard of a sweep: finish it with `orgsim sweep ... --resume`, or combine the shards with `orgsim merge`, then report on the result",
                dir.display()
            ),
            ReportError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ReportError::Invalid { path, message } => {
                write!(
                    f,
                    "{} is not as orgsim writes it: {message}",
                    path.display()
                )
            }
            ReportError::Write { path, source } => match source
                .get_ref()
                .and_then(|e| e.downcast_ref::<super::OutputError>())
            {
                Some(named) => write!(f, "{named}"),
                None => write!(f, "cannot write {}: {source}", path.display()),
            },
        }
    }
}

impl std::error::Error for ReportError {}

impl ReportError {
    /// Whether `report.html` could not be written because the disk is full or read-only.
    pub fn is_disk_full_or_read_only(&self) -> bool {
        matches!(self, ReportError::Write { source, .. } if super::is_disk_full_or_read_only(source))
    }
}

/// What produced the results folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultsKind {
    /// `orgsim run`: one scenario.
    Run,
    /// `orgsim compare`: several scenarios with common random numbers.
    Compare,
    /// `orgsim sweep` or `orgsim merge`: one base scenario at many points.
    Sweep,
}

impl ResultsKind {
    fn label(self) -> &'static str {
        match self {
            ResultsKind::Run => "Scenario run",
            ResultsKind::Compare => "Scenario comparison",
            ResultsKind::Sweep => "Parameter sweep",
        }
    }
}

/// One resolved scenario, as recorded in a manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioSettings {
    /// Its name in the tables (a comparison's label, else the scenario's name).
    pub label: String,
    /// The resolved scenario as JSON (`serde_json::to_value(&Scenario)`).
    pub scenario: Value,
}

/// One row of a run's headline table.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadlineRow {
    pub metric: String,
    /// Each replication's last month, over replications.
    pub at_horizon: Stats,
    /// Each replication's mean over months 1..=horizon, over replications.
    pub over_run: Stats,
}

/// Which statistic of a metric a comparison row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// The last month.
    Horizon,
    /// The mean over months 1..=horizon.
    Average,
}

/// One row of `comparison.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparedValue {
    pub metric: String,
    pub statistic: Statistic,
    pub scenario: String,
    pub stats: Stats,
    /// The paired difference to the reference (the first scenario); None for the reference.
    pub difference: Option<Stats>,
}

/// One point of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct PointRow {
    pub point: u32,
    /// The varied keys' values, in key order.
    pub values: Vec<String>,
    /// `ok`, or why the point did not run.
    pub status: String,
    pub error: String,
    /// The sweep's first metric at the point's last month.
    pub at_horizon: Stats,
    /// That last month, if known.
    pub month: Option<u32>,
}

/// The results table of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Results {
    Run {
        rows: Vec<HeadlineRow>,
        /// The earliest and latest last month over replications (they differ only when runs
        /// stop at equilibrium); None if unknown (then the horizon is `ReportData::months`).
        last_months: Option<(u32, u32)>,
    },
    Compare {
        /// Scenario labels in order; the first is the reference of the differences.
        scenarios: Vec<String>,
        rows: Vec<ComparedValue>,
    },
    Sweep {
        /// The varied keys, e.g. `knowledge.socialisation_rate`.
        keys: Vec<String>,
        /// The metric shown at the horizon.
        metric: String,
        /// The first [`MAX_POINT_ROWS`] points of `points.csv`.
        rows: Vec<PointRow>,
        /// How many points `points.csv` lists, and how many of them did not run.
        points: usize,
        failed: usize,
        /// The earliest and latest last month over the points with results.
        last_months: Option<(u32, u32)>,
    },
}

/// A figure to inline: SVG text (without XML prolog) and a caption.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub caption: String,
    pub svg: String,
}

/// What produced the results, from the manifest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Provenance {
    pub orgsim_version: String,
    pub command_line: Vec<String>,
    pub seed: Option<u64>,
    pub threads: Option<u64>,
    pub replications: Option<u64>,
    pub started_at: String,
    pub finished_at: String,
    /// Files written, relative to the results folder.
    pub outputs: Vec<String>,
    /// Further facts, e.g. where each compared scenario came from.
    pub extra: Vec<(String, String)>,
}

/// The distinct values a sweep gives one key, in design order: how many, the first few and
/// the last.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VariedValues {
    pub count: usize,
    /// At most [`LISTED_VALUES`](super::figures::manifest::LISTED_VALUES).
    pub first: Vec<String>,
    pub last: String,
}

/// Everything the page shows, as plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportData {
    pub kind: ResultsKind,
    pub title: String,
    pub description: String,
    /// The horizon in months (0 if unknown).
    pub months: u32,
    /// The scenario of a run, the scenarios of a comparison, the base scenario of a sweep.
    pub scenarios: Vec<ScenarioSettings>,
    /// A sweep's varied keys with their distinct values in design order.
    pub varied: Vec<(String, VariedValues)>,
    pub results: Results,
    pub figures: Vec<Figure>,
    /// Remarks on the data (e.g. settings a comparison changed, a figure left out).
    pub notes: Vec<String>,
    pub provenance: Provenance,
}

/// Reads `results_dir` (a run, comparison or complete sweep: detected by the files present)
/// and writes `results_dir/report.html` atomically. Returns the page's path.
pub fn write_report(results_dir: &Path) -> Result<PathBuf, ReportError> {
    let data = read_report_data(results_dir)?;
    let html = render_report(&data);
    let path = results_dir.join(REPORT_FILE);
    write_atomic(&path, |w| w.write_all(html.as_bytes())).map_err(|source| ReportError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

// ---------------------------------------------------------------------------------------------
// Reading a results folder.
// ---------------------------------------------------------------------------------------------

/// Reads everything the page shows from `dir`.
pub fn read_report_data(dir: &Path) -> Result<ReportData, ReportError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    if dir.join(SWEEP_PLAN_FILE).is_file() && !dir.join(POINTS_FILE).is_file() {
        return Err(ReportError::UnfinishedSweep(dir.to_path_buf()));
    }
    if !manifest_path.is_file() {
        return Err(ReportError::NotResults(dir.to_path_buf()));
    }
    // Read as a stream, leaving out a sweep plan's points, which grow with the design.
    let head = read_manifest_head(&manifest_path, true).map_err(|e| match e {
        ManifestError::Io(source) => ReportError::Read {
            path: manifest_path.clone(),
            source,
        },
        ManifestError::Json(message) => ReportError::Invalid {
            path: manifest_path.clone(),
            message,
        },
    })?;
    let manifest = head.value;
    let mut data = if dir.join(COMPARISON_FILE).is_file() {
        read_compare(dir, &manifest)?
    } else if dir.join(POINTS_FILE).is_file() {
        let digest = head.points.unwrap_or_default();
        sweep_data::read_sweep(dir, &manifest, &digest, &manifest_path)?
    } else if dir.join(SUMMARY_FILE).is_file() {
        read_run(dir, &manifest)?
    } else {
        return Err(ReportError::NotResults(dir.to_path_buf()));
    };
    let (figures, skipped) = read_figures(dir);
    data.figures = figures;
    data.notes.extend(skipped);
    let figure_files: Vec<String> = std::fs::read_dir(dir.join(FIGURES_DIR))
        .map(|entries| {
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .map(|n| format!("{FIGURES_DIR}/{n}"))
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    for name in figure_files {
        if !data.provenance.outputs.contains(&name) {
            data.provenance.outputs.push(name);
        }
    }
    Ok(data)
}

fn provenance_of(manifest: &Value) -> Provenance {
    let text = |key: &str| manifest[key].as_str().unwrap_or_default().to_string();
    let list = |key: &str| -> Vec<String> {
        manifest[key]
            .as_array()
            .map(|a| a.iter().map(json_text).collect())
            .unwrap_or_default()
    };
    Provenance {
        orgsim_version: text("orgsim_version"),
        command_line: list("command_line"),
        seed: manifest["seed"].as_u64(),
        threads: manifest["threads"].as_u64(),
        replications: manifest["replications"].as_u64(),
        started_at: text("started_at"),
        finished_at: text("finished_at"),
        outputs: list("outputs"),
        extra: Vec::new(),
    }
}

fn read_run(dir: &Path, manifest: &Value) -> Result<ReportData, ReportError> {
    let scenario = manifest["scenario"].clone();
    let name = scenario["name"].as_str().unwrap_or("scenario").to_string();
    let timeseries = dir.join(TIMESERIES_FILE);
    // March's model alone has no employees, managers or money: its own measures instead.
    let metrics: &[Metric] = if scenario["knowledge"]["mode"].as_str() == Some("march1991") {
        &MARCH_METRICS
    } else {
        &HEADLINE_METRICS
    };
    let (rows, last_months) = if timeseries.is_file() {
        let (rows, lo, hi) = run_headline_from_timeseries(&timeseries, metrics)?;
        (rows, Some((lo, hi)))
    } else {
        let (rows, hi) = run_headline_from_summary(&dir.join(SUMMARY_FILE), metrics)?;
        (rows, Some((hi, hi)))
    };
    // The scenario's horizon; the data's last month if the manifest does not say.
    let months = month_u32(&scenario["months"]).unwrap_or(last_months.map_or(0, |(_, hi)| hi));
    Ok(ReportData {
        kind: ResultsKind::Run,
        title: name.clone(),
        description: scenario["description"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        months,
        scenarios: vec![ScenarioSettings {
            label: name,
            scenario,
        }],
        varied: Vec::new(),
        results: Results::Run { rows, last_months },
        figures: Vec::new(),
        notes: Vec::new(),
        provenance: provenance_of(manifest),
    })
}

fn read_compare(dir: &Path, manifest: &Value) -> Result<ReportData, ReportError> {
    let path = dir.join(COMPARISON_FILE);
    let table = read_csv(&path)?;
    let mut rows = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for record in &table.rows {
        let statistic = match table.get(record, "statistic") {
            "horizon" => Statistic::Horizon,
            "average" => Statistic::Average,
            other => {
                return Err(ReportError::Invalid {
                    path,
                    message: format!("unknown statistic `{other}`"),
                });
            }
        };
        let scenario = table.get(record, "scenario").to_string();
        if !labels.contains(&scenario) {
            labels.push(scenario.clone());
        }
        let diff_n = table.get(record, "diff_n");
        rows.push(ComparedValue {
            metric: table.get(record, "metric").to_string(),
            statistic,
            scenario,
            stats: table.stats(record, ""),
            difference: (!diff_n.is_empty()).then(|| table.stats(record, "diff_")),
        });
    }
    let compared = manifest["scenarios"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let scenarios: Vec<ScenarioSettings> = compared
        .iter()
        .map(|s| ScenarioSettings {
            label: json_text(&s["label"]),
            scenario: s["scenario"].clone(),
        })
        .collect();
    if !scenarios.is_empty() {
        labels = scenarios.iter().map(|s| s.label.clone()).collect();
    }
    let mut provenance = provenance_of(manifest);
    for s in &compared {
        let source = json_text(&s["source"]);
        let folder = json_text(&s["folder"]);
        provenance.extra.push((
            format!("scenario {}", json_text(&s["label"])),
            format!("{source} → results in {folder}/"),
        ));
    }
    let title = labels.join(" vs ");
    let description = match scenarios.first() {
        Some(reference) => format!(
            "{} scenarios run with the same random numbers; differences are to {}.",
            labels.len(),
            reference.label
        ),
        None => String::new(),
    };
    let notes = manifest["notes"]
        .as_array()
        .map(|a| a.iter().map(json_text).collect())
        .unwrap_or_default();
    Ok(ReportData {
        kind: ResultsKind::Compare,
        title,
        description,
        months: month_u32(&manifest["months"]).unwrap_or(0),
        scenarios,
        varied: Vec::new(),
        results: Results::Compare {
            scenarios: labels,
            rows,
        },
        figures: Vec::new(),
        notes,
        provenance,
    })
}

/// A CSV file in memory with its header.
struct CsvTable {
    columns: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

impl CsvTable {
    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.columns
            .iter()
            .position(|c| c == column)
            .and_then(|i| record.get(i))
            .unwrap_or("")
    }

    /// The `n`, `mean`, `sd`, `ci_low`, `ci_high` columns (with `prefix`).
    fn stats(&self, record: &csv::StringRecord, prefix: &str) -> Stats {
        let num = |name: &str| parse_cell(self.get(record, &format!("{prefix}{name}")));
        Stats {
            n: self.get(record, &format!("{prefix}n")).parse().unwrap_or(0),
            mean: num("mean"),
            sd: num("sd"),
            ci_low: num("ci_low"),
            ci_high: num("ci_high"),
        }
    }
}

fn csv_error(path: &Path, e: csv::Error) -> ReportError {
    ReportError::Invalid {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn open_csv(path: &Path) -> Result<csv::Reader<std::fs::File>, ReportError> {
    let file = std::fs::File::open(path).map_err(|source| ReportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::Reader::from_reader(file))
}

fn read_csv(path: &Path) -> Result<CsvTable, ReportError> {
    let mut reader = open_csv(path)?;
    let columns = reader
        .headers()
        .map_err(|e| csv_error(path, e))?
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| csv_error(path, e))?;
    Ok(CsvTable { columns, rows })
}

/// A CSV number; empty (or unreadable) is NaN.
fn parse_cell(text: &str) -> f64 {
    text.trim().parse().unwrap_or(f64::NAN)
}

/// The headline rows of `metrics` for a run from `timeseries.csv`, as `headline_table_for`
/// computes them (so the page and the stdout table agree), and the earliest and latest last
/// month over replications.
fn run_headline_from_timeseries(
    path: &Path,
    metrics: &[Metric],
) -> Result<(Vec<HeadlineRow>, u32, u32), ReportError> {
    let k = metrics.len();
    struct Replication {
        last_month: i64,
        last: Vec<f64>,
        over_run: Vec<RunningStats>,
    }
    let mut reader = open_csv(path)?;
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(path, e))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let missing = |name: &str| ReportError::Invalid {
        path: path.to_path_buf(),
        message: format!("no `{name}` column"),
    };
    let replication_col = column("replication").ok_or_else(|| missing("replication"))?;
    let month_col = column("month").ok_or_else(|| missing("month"))?;
    let metric_cols: Vec<Option<usize>> = metrics.iter().map(|m| column(m.name())).collect();
    let mut replications: BTreeMap<u64, Replication> = BTreeMap::new();
    let mut record = csv::ByteRecord::new();
    let field = |record: &csv::ByteRecord, i: usize| -> f64 {
        record
            .get(i)
            .and_then(|b| std::str::from_utf8(b).ok())
            .map_or(f64::NAN, parse_cell)
    };
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(path, e))?
    {
        let replication = field(&record, replication_col);
        let month = field(&record, month_col);
        if !replication.is_finite() || !month.is_finite() {
            return Err(ReportError::Invalid {
                path: path.to_path_buf(),
                message: "a row without replication or month".into(),
            });
        }
        let month = month as i64;
        let entry = replications
            .entry(replication as u64)
            .or_insert_with(|| Replication {
                last_month: -1,
                last: vec![f64::NAN; k],
                over_run: vec![RunningStats::default(); k],
            });
        let values = metric_cols
            .iter()
            .map(|col| col.map_or(f64::NAN, |c| field(&record, c)));
        if month >= entry.last_month {
            entry.last_month = month;
            entry.last.clear();
            entry.last.extend(values.clone());
        }
        if month >= 1 {
            for (stats, v) in entry.over_run.iter_mut().zip(values) {
                stats.push(v);
            }
        }
    }
    let rows = metrics
        .iter()
        .enumerate()
        .map(|(i, m)| HeadlineRow {
            metric: m.name().to_string(),
            at_horizon: Stats::of(replications.values().map(|r| r.last[i])),
            over_run: Stats::of(replications.values().map(|r| r.over_run[i].stats().mean)),
        })
        .collect();
    let month = |m: i64| m.clamp(0, i64::from(u32::MAX)) as u32;
    let lo = replications
        .values()
        .map(|r| r.last_month)
        .min()
        .unwrap_or(0);
    let hi = replications
        .values()
        .map(|r| r.last_month)
        .max()
        .unwrap_or(0);
    Ok((rows, month(lo), month(hi)))
}

/// The headline rows of a run from `summary.csv` alone: the horizon from the last month; the
/// average over the run is not available (it needs each replication's series).
fn run_headline_from_summary(
    path: &Path,
    metrics: &[Metric],
) -> Result<(Vec<HeadlineRow>, u32), ReportError> {
    let table = read_csv(path)?;
    let mut last: BTreeMap<String, (u32, Stats)> = BTreeMap::new();
    for record in &table.rows {
        let Ok(month) = table.get(record, "month").parse::<u32>() else {
            continue;
        };
        let metric = table.get(record, "metric");
        let stats = table.stats(record, "");
        match last.get(metric) {
            Some((m, _)) if *m > month => {}
            _ => {
                last.insert(metric.to_string(), (month, stats));
            }
        }
    }
    let months = last.values().map(|(m, _)| *m).max().unwrap_or(0);
    let rows = metrics
        .iter()
        .map(|m| HeadlineRow {
            metric: m.name().to_string(),
            at_horizon: last.get(m.name()).map_or(Stats::of([]), |(_, s)| *s),
            over_run: Stats::of([]),
        })
        .collect();
    Ok((rows, months))
}

/// The SVG files of `dir/figures/`, in name order, ready to inline; and a note for each file
/// left out.
fn read_figures(dir: &Path) -> (Vec<Figure>, Vec<String>) {
    let mut figures = Vec::new();
    let mut notes = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir.join(FIGURES_DIR)) else {
        return (figures, notes);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for (i, path) in paths.iter().enumerate() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_INLINED_SVG_BYTES) {
            notes.push(format!(
                "{FIGURES_DIR}/{name} was left out: it is larger than {} MB",
                MAX_INLINED_SVG_BYTES / 1_000_000
            ));
            continue;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => match inline_svg(&text, &format!("fig{}-", i + 1)) {
                Some(svg) => figures.push(Figure {
                    caption: svg_title(&svg).unwrap_or_else(|| humanise(&stem)),
                    svg,
                }),
                None => notes.push(format!(
                    "{FIGURES_DIR}/{name} was left out: it is not a plain SVG drawing (no <svg>, or scripts or external references)"
                )),
            },
            Err(e) => notes.push(format!("{FIGURES_DIR}/{name} could not be read: {e}")),
        }
    }
    (figures, notes)
}

/// `text` (an SVG file) ready to inline into the page: from its `<svg` on (no XML prolog,
/// doctype or comments before it), without the namespace declarations HTML does not need, and
/// with its element ids prefixed by `prefix` so several figures cannot clash. None if it is not
/// a plain drawing: no `<svg>`, or scripts, foreign objects or references outside the file.
pub fn inline_svg(text: &str, prefix: &str) -> Option<String> {
    let start = text.find("<svg")?;
    let end = text.rfind("</svg>")? + "</svg>".len();
    if end <= start {
        return None;
    }
    let svg = &text[start..end];
    let lower = svg.to_ascii_lowercase();
    let forbidden = [
        "<script",
        "<foreignobject",
        "javascript:",
        "<iframe",
        "<image",
        "<use href=\"http",
        "href=\"http",
        "href='http",
        "@import",
        "url(http",
        " onload=",
        " onclick=",
    ];
    if forbidden.iter().any(|f| lower.contains(f)) {
        return None;
    }
    let svg = svg
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "")
        .replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"));
    Some(svg)
}

/// The text of an SVG's first `<title>`, if any (unescaped entities are kept as written).
fn svg_title(svg: &str) -> Option<String> {
    let start = svg.find("<title>")? + "<title>".len();
    let end = start + svg[start..].find("</title>")?;
    let title = unescape_basic(svg[start..end].trim());
    (!title.is_empty()).then_some(title)
}

fn unescape_basic(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

// ---------------------------------------------------------------------------------------------
// Rendering.
// ---------------------------------------------------------------------------------------------

/// `s` with `&`, `<`, `>`, `"` and `'` replaced by entities, for text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Short alias used throughout the rendering code.
fn esc(s: &str) -> String {
    escape_html(s)
}

/// `snake_case_name` as "Snake case name".
fn humanise(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A JSON value as text: numbers as written, `null` as "none", booleans as yes/no.
fn json_text(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => number_text(f),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(json_text).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
    }
}

/// A setting's number: as short as possible while exact (`0.05`, `1`, `1e-7`).
fn number_text(f: f64) -> String {
    if f.is_finite() && f == f.trunc() && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Whether `value` is the schema default of `key` (None: the key has no comparable default).
fn is_default(key: &KeyInfo, value: &Value) -> Option<bool> {
    Some(match key.default {
        DefaultValue::Required => return None,
        DefaultValue::Absent => value.is_null(),
        DefaultValue::Str(s) => value.as_str() == Some(s),
        DefaultValue::Int(i) => value.as_i64() == Some(i),
        DefaultValue::Float(f) => value.as_f64().is_some_and(|v| (v - f).abs() <= 1e-12),
        DefaultValue::Bool(b) => value.as_bool() == Some(b),
    })
}

/// The schema default of `key` as the page shows it.
fn default_text(key: &KeyInfo) -> String {
    match key.default {
        DefaultValue::Required => "required".into(),
        DefaultValue::Absent => "none".into(),
        DefaultValue::Str(s) => s.into(),
        DefaultValue::Int(i) => i.to_string(),
        DefaultValue::Float(f) => number_text(f),
        DefaultValue::Bool(b) => if b { "yes" } else { "no" }.into(),
    }
}

/// A mean formatted with `decimals`, or an en dash.
fn mean_text(s: &Stats, decimals: usize, signed: bool) -> String {
    if s.mean.is_nan() {
        "–".into()
    } else {
        fixed_signed(s.mean, decimals, signed).replace('-', "−")
    }
}

/// A 95% interval `[low, high]`, or an en dash.
fn ci_text(s: &Stats, decimals: usize, signed: bool) -> String {
    if s.ci_low.is_nan() || s.ci_high.is_nan() {
        "–".into()
    } else {
        format!(
            "[{}, {}]",
            fixed_signed(s.ci_low, decimals, signed),
            fixed_signed(s.ci_high, decimals, signed)
        )
        .replace('-', "−")
    }
}

/// The reading of a paired difference, in words.
fn reading(d: &Stats) -> &'static str {
    if d.mean.is_nan() || d.ci_low.is_nan() {
        "–"
    } else if d.sd == 0.0 && d.mean == 0.0 {
        "identical"
    } else if d.ci_low > 0.0 {
        "higher"
    } else if d.ci_high < 0.0 {
        "lower"
    } else {
        "no clear difference"
    }
}

fn metric_meaning(name: &str) -> Option<(&'static str, &'static str)> {
    Metric::from_name(name).map(|m| (m.spec().meaning, m.spec().unit))
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The page for `data`: one HTML document with inline CSS and SVG, no scripts and no
/// references outside itself.
pub fn render_report(data: &ReportData) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let title = esc(&data.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"orgsim {}\">\n\
         <title>{title} · orgsim report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <main class=\"page\">\n",
        esc(&data.provenance.orgsim_version)
    );
    render_masthead(&mut h, data);
    let sections: [(&str, &str); 6] = [
        ("results", "Headline results"),
        ("reading", "How to read this report"),
        ("figures", "Figures"),
        ("timeline", "Interventions and shocks"),
        ("settings", "Scenario settings"),
        ("provenance", "Provenance"),
    ];
    h.push_str("<nav class=\"toc\" aria-label=\"Contents\"><ol>");
    for (i, (id, name)) in sections.iter().enumerate() {
        let _ = write!(
            h,
            "<li><a href=\"#{id}\"><span class=\"num\">{}</span> {name}</a></li>",
            i + 1
        );
    }
    h.push_str("</ol></nav>\n");
    for (i, (id, name)) in sections.iter().enumerate() {
        let _ = write!(
            h,
            "<section id=\"{id}\">\n<h2><span class=\"num\">{}</span> {name}</h2>\n",
            i + 1
        );
        match *id {
            "results" => render_results(&mut h, data),
            "reading" => render_reading(&mut h, data),
            "figures" => render_figures(&mut h, data),
            "timeline" => render_timelines(&mut h, data),
            "settings" => render_settings(&mut h, data),
            _ => render_provenance(&mut h, data),
        }
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        "<footer>Written by orgsim {} from the files in this folder. The numbers are model \
         outcomes under the stated assumptions, not forecasts.</footer>\n</main>\n</body>\n</html>\n",
        esc(&data.provenance.orgsim_version)
    );
    h
}

fn render_masthead(h: &mut String, data: &ReportData) {
    let _ = write!(
        h,
        "<header class=\"masthead\">\n<p class=\"eyebrow\">orgsim · {}</p>\n<h1>{}</h1>\n",
        data.kind.label(),
        esc(&data.title)
    );
    if !data.description.is_empty() {
        let _ = writeln!(h, "<p class=\"lede\">{}</p>", esc(&data.description));
    }
    let mut facts: Vec<(String, String, String)> = Vec::new();
    let reps = data.provenance.replications;
    let seed = data.provenance.seed;
    match data.kind {
        ResultsKind::Compare => {
            facts.push((
                "Scenarios".into(),
                data.scenarios.len().to_string(),
                format!(
                    "reference: {}",
                    data.scenarios.first().map_or("–", |s| s.label.as_str())
                ),
            ));
        }
        ResultsKind::Sweep => {
            if let Results::Sweep { points, keys, .. } = &data.results {
                facts.push((
                    "Design".into(),
                    format!("{points} points"),
                    plural(keys.len() as u64, "varied setting"),
                ));
            }
        }
        ResultsKind::Run => {}
    }
    if let Some(s) = data.scenarios.first() {
        let org = &s.scenario["organisation"];
        if s.scenario["knowledge"]["mode"].as_str() == Some("march1991") {
            facts.push((
                "Individuals".into(),
                json_text(&s.scenario["knowledge"]["individuals"]),
                "March (1991) model".into(),
            ));
        } else if let (Some(teams), Some(size)) = (org["teams"].as_u64(), org["team_size"].as_u64())
        {
            facts.push((
                "Organisation".into(),
                format!("{} slots", teams.saturating_mul(size)),
                format!("{teams} teams of {size}"),
            ));
        }
    }
    let stopped_early = match &data.results {
        Results::Run {
            last_months: Some((lo, hi)),
            ..
        } if lo != hi => Some((*lo, *hi)),
        _ => None,
    };
    if let Some((lo, hi)) = stopped_early {
        facts.push((
            "Horizon".into(),
            format!("≤ {} months", data.months),
            format!("runs ended in months {lo}–{hi}"),
        ));
    } else if data.months > 0 {
        facts.push((
            "Horizon".into(),
            format!("{} months", data.months),
            format!("{:.1} years", f64::from(data.months) / 12.0),
        ));
    }
    if let Some(r) = reps {
        facts.push((
            "Replications".into(),
            r.to_string(),
            seed.map(|s| format!("seed {s}")).unwrap_or_default(),
        ));
    }
    if data.kind == ResultsKind::Run
        && let Some(s) = data.scenarios.first()
        && s.scenario["knowledge"]["mode"].as_str() != Some("march1991")
    {
        if let Some(style) = s.scenario["management"]["style_mean"].as_f64() {
            facts.push((
                "Starting style".into(),
                style_word(style).into(),
                format!("managers' mean style {}", number_text(style)),
            ));
        }
        let interventions = s.scenario["interventions"].as_array().map_or(0, Vec::len);
        let shocks = s.scenario["environment"]["shocks"]
            .as_array()
            .map_or(0, Vec::len);
        facts.push((
            "Interventions".into(),
            interventions.to_string(),
            plural(shocks as u64, "market shock"),
        ));
    }
    if !facts.is_empty() {
        h.push_str("<dl class=\"facts\">\n");
        for (label, value, note) in facts {
            let _ = write!(
                h,
                "<div class=\"fact\"><dt>{}</dt><dd>{}",
                esc(&label),
                esc(&value)
            );
            if !note.is_empty() {
                let _ = write!(h, "<small>{}</small>", esc(&note));
            }
            h.push_str("</dd></div>\n");
        }
        h.push_str("</dl>\n");
    }
    h.push_str("</header>\n");
}

/// A management style (0 control, 1 coaching) in words.
fn style_word(style: f64) -> &'static str {
    if style < 0.25 {
        "Control"
    } else if style < 0.45 {
        "Control-leaning"
    } else if style <= 0.55 {
        "Mixed"
    } else if style <= 0.75 {
        "Coaching-leaning"
    } else {
        "Coaching"
    }
}

fn render_results(h: &mut String, data: &ReportData) {
    let m = data.months;
    match &data.results {
        Results::Run { rows, last_months } => {
            let reps = data
                .provenance
                .replications
                .map(|r| plural(r, "replication"))
                .unwrap_or_else(|| "the replications".into());
            let (at, over) = match last_months {
                Some((lo, hi)) if lo != hi => (
                    format!("At the end (months {lo}–{hi})"),
                    "Averaged over each run".to_string(),
                ),
                _ => (
                    format!("At month {m}"),
                    format!("Averaged over months 1–{m}"),
                ),
            };
            let _ = writeln!(
                h,
                "<p class=\"intro\">Means over {reps}, each with its 95% confidence interval. \
                 <b>{at}</b> is the state at the end of the simulated period; \
                 <b>{}</b> is each replication's average over the whole \
                 period.</p>",
                over.to_lowercase()
            );
            if let Some((lo, hi)) = last_months
                && lo != hi
            {
                let _ = writeln!(
                    h,
                    "<p class=\"note\">The replications stopped at equilibrium, between months \
                     {lo} and {hi}: “the end” is each replication's last month.</p>"
                );
            }
            let _ = write!(
                h,
                "<table class=\"headline\">\n<colgroup><col class=\"metric\"><col><col><col><col></colgroup>\n\
                 <thead><tr class=\"group\"><th rowspan=\"2\">Metric</th>\
                 <th colspan=\"2\" class=\"span\">{at}</th>\
                 <th colspan=\"2\" class=\"span\">{over}</th></tr>\n\
                 <tr><th class=\"num\">Mean</th><th>95% interval</th>\
                 <th class=\"num\">Mean</th><th>95% interval</th></tr></thead>\n<tbody>\n"
            );
            for row in rows {
                let decimals = decimals_for(if row.at_horizon.mean.is_nan() {
                    row.over_run.mean
                } else {
                    row.at_horizon.mean
                });
                let _ = write!(h, "<tr><th scope=\"row\">{}", esc(&humanise(&row.metric)));
                if let Some((meaning, unit)) = metric_meaning(&row.metric) {
                    let _ = write!(
                        h,
                        "<span class=\"meaning\">{} · {}</span>",
                        esc(meaning),
                        esc(unit)
                    );
                }
                let _ = writeln!(
                    h,
                    "</th><td class=\"num mean\">{}</td><td class=\"ci\">{}</td>\
                     <td class=\"num mean\">{}</td><td class=\"ci\">{}</td></tr>",
                    mean_text(&row.at_horizon, decimals, false),
                    ci_text(&row.at_horizon, decimals, false),
                    mean_text(&row.over_run, decimals, false),
                    ci_text(&row.over_run, decimals, false),
                );
            }
            h.push_str("</tbody></table>\n");
        }
        Results::Compare { scenarios, rows } => render_compare_results(h, data, scenarios, rows),
        Results::Sweep {
            keys,
            metric,
            rows,
            points,
            failed,
            last_months,
        } => render_sweep_results(
            h,
            data,
            keys,
            metric,
            rows,
            (*points, *failed, *last_months),
        ),
    }
}

fn render_compare_results(
    h: &mut String,
    data: &ReportData,
    scenarios: &[String],
    rows: &[ComparedValue],
) {
    let m = data.months;
    let reference = scenarios
        .first()
        .map_or("the first scenario", String::as_str);
    let reps = data
        .provenance
        .replications
        .map(|r| plural(r, "replication"))
        .unwrap_or_else(|| "the same replications".into());
    let _ = writeln!(
        h,
        "<p class=\"intro\">Every scenario ran {reps} with the same random numbers. Each row \
         gives the scenario's mean with its 95% confidence interval, and its <b>paired \
         difference</b> to <b>{}</b> (the reference): the scenario minus the reference, with that \
         difference's 95% interval. ▲ and ▼ mark differences whose whole interval lies above or \
         below zero.</p>",
        esc(reference)
    );
    // Headline metrics first, in their order, then none other (the CSV has them all).
    let metrics: Vec<&str> = HEADLINE_METRICS
        .iter()
        .map(|m| m.name())
        .filter(|name| rows.iter().any(|r| r.metric == *name))
        .collect();
    for (statistic, title) in [
        (Statistic::Horizon, format!("At month {m} (the horizon)")),
        (Statistic::Average, format!("Averaged over months 1–{m}")),
    ] {
        let _ = writeln!(h, "<h3>{title}</h3>");
        let _ = write!(
            h,
            "<table class=\"compare\">\n<thead><tr><th>Metric</th><th>Scenario</th>\
             <th class=\"num\">Mean</th><th>95% interval</th>\
             <th class=\"num\">Difference</th><th>95% interval</th><th>Reading</th>\
             <th class=\"plot\">Difference <span class=\"scale-note\">(dashed: 0)</span></th></tr></thead>\n"
        );
        for metric in &metrics {
            let members: Vec<&ComparedValue> = scenarios
                .iter()
                .filter_map(|s| {
                    rows.iter().find(|r| {
                        r.metric == *metric && r.statistic == statistic && &r.scenario == s
                    })
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            let decimals = decimals_for_largest(members.iter().map(|r| r.stats.mean));
            // One scale for the metric's difference plots, including zero.
            let (mut lo, mut hi) = (0.0f64, 0.0f64);
            for d in members.iter().filter_map(|r| r.difference.as_ref()) {
                for x in [d.ci_low, d.ci_high, d.mean] {
                    if x.is_finite() {
                        lo = lo.min(x);
                        hi = hi.max(x);
                    }
                }
            }
            h.push_str("<tbody class=\"group\">\n");
            for (i, row) in members.iter().enumerate() {
                h.push_str("<tr>");
                if i == 0 {
                    let _ = write!(
                        h,
                        "<th scope=\"rowgroup\" rowspan=\"{}\">{}",
                        members.len(),
                        esc(&humanise(metric))
                    );
                    if let Some((_, unit)) = metric_meaning(metric) {
                        let _ = write!(h, "<span class=\"meaning\">{}</span>", esc(unit));
                    }
                    h.push_str("</th>");
                }
                let _ = write!(
                    h,
                    "<td>{}</td><td class=\"num mean\">{}</td><td class=\"ci\">{}</td>",
                    esc(&row.scenario),
                    mean_text(&row.stats, decimals, false),
                    ci_text(&row.stats, decimals, false)
                );
                match &row.difference {
                    None => h.push_str(
                        "<td class=\"num ref\" colspan=\"3\">reference</td><td class=\"plot\"></td>",
                    ),
                    Some(d) => {
                        let dd = if d.mean == 0.0 || d.mean.is_nan() {
                            decimals
                        } else {
                            decimals.max(decimals_for(d.mean.abs()).saturating_sub(1))
                        };
                        let word = reading(d);
                        let (mark, class) = match word {
                            "higher" => ("▲ ", "reading sig"),
                            "lower" => ("▼ ", "reading sig"),
                            _ => ("", "reading"),
                        };
                        let _ = write!(
                            h,
                            "<td class=\"num mean\">{}</td><td class=\"ci\">{}</td>\
                             <td class=\"{class}\">{mark}{word}</td><td class=\"plot\">{}</td>",
                            mean_text(d, dd, true),
                            ci_text(d, dd, true),
                            interval_svg(d, lo, hi, true)
                        );
                    }
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n");
        }
        h.push_str("</table>\n");
    }
}

/// A small forest-plot cell: the 95% interval of `s` as a line with end caps and its mean as
/// a dot, on the scale `lo..hi`; with a dashed zero line if `zero`.
fn interval_svg(s: &Stats, lo: f64, hi: f64, zero: bool) -> String {
    const W: f64 = 120.0;
    const H: f64 = 16.0;
    const PAD: f64 = 6.0;
    let span = hi - lo;
    let (lo, span) = if span > 0.0 && span.is_finite() {
        (lo - 0.04 * span, span * 1.08)
    } else {
        (lo - 1.0, 2.0)
    };
    let x = |v: f64| PAD + (v - lo) / span * (W - 2.0 * PAD);
    let mut svg = format!(
        "<svg class=\"interval\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"mean {} with 95% interval {}\">",
        mean_text(s, 4, zero),
        ci_text(s, 4, zero)
    );
    if zero {
        let z = x(0.0);
        let _ = write!(
            svg,
            "<line x1=\"{z:.1}\" y1=\"1\" x2=\"{z:.1}\" y2=\"{:.1}\" class=\"zero\"/>",
            H - 1.0
        );
    }
    if s.ci_low.is_finite() && s.ci_high.is_finite() {
        let (a, b) = (x(s.ci_low), x(s.ci_high));
        let m = H / 2.0;
        let _ = write!(
            svg,
            "<line x1=\"{a:.1}\" y1=\"{m}\" x2=\"{b:.1}\" y2=\"{m}\" class=\"ci\"/>\
             <line x1=\"{a:.1}\" y1=\"{:.1}\" x2=\"{a:.1}\" y2=\"{:.1}\" class=\"ci\"/>\
             <line x1=\"{b:.1}\" y1=\"{:.1}\" x2=\"{b:.1}\" y2=\"{:.1}\" class=\"ci\"/>",
            m - 4.0,
            m + 4.0,
            m - 4.0,
            m + 4.0
        );
    }
    if s.mean.is_finite() {
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{}\" r=\"3.2\" class=\"dot\"/>",
            x(s.mean),
            H / 2.0
        );
    }
    svg.push_str("</svg>");
    svg
}

fn render_sweep_results(
    h: &mut String,
    data: &ReportData,
    keys: &[String],
    metric: &str,
    rows: &[PointRow],
    (points, failed, last_months): (usize, usize, Option<(u32, u32)>),
) {
    let reps = data
        .provenance
        .replications
        .map(|r| plural(r, "replication"))
        .unwrap_or_else(|| "its replications".into());
    let at = match last_months {
        Some((lo, hi)) if lo == hi => format!("at month {lo}"),
        _ => "at each point's last month".into(),
    };
    let _ = write!(
        h,
        "<p class=\"intro\">Each point is the base scenario with the varied settings below, run \
         {reps}; the table gives <b>{}</b> {at}: the mean over replications with its 95% \
         confidence interval, and the interval drawn to one scale for all points.",
        esc(metric)
    );
    if let Some((meaning, unit)) = metric_meaning(metric) {
        let _ = write!(
            h,
            " {}: {}; unit: {}.",
            esc(&humanise(metric)),
            esc(meaning),
            esc(unit)
        );
    }
    if failed > 0 {
        let _ = write!(
            h,
            " {} did not run (see the status column).",
            plural(failed as u64, "point")
        );
    }
    h.push_str("</p>\n");
    let shown = &rows[..rows.len().min(MAX_POINT_ROWS)];
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for r in shown {
        for x in [r.at_horizon.ci_low, r.at_horizon.ci_high, r.at_horizon.mean] {
            if x.is_finite() {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
    }
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let decimals = decimals_for_largest(shown.iter().map(|r| r.at_horizon.mean));
    h.push_str("<table class=\"points long\">\n<thead><tr><th class=\"num\">Point</th>");
    for key in keys {
        let _ = write!(h, "<th class=\"num key\">{}</th>", esc(key));
    }
    let _ = write!(
        h,
        "<th>Status</th><th class=\"num\">{}</th><th>95% interval</th>\
         <th class=\"plot\">Interval <span class=\"scale-note\">(scale {} to {})</span></th></tr></thead>\n<tbody>\n",
        esc(&humanise(metric)),
        fixed_signed(lo, decimals, false).replace('-', "−"),
        fixed_signed(hi, decimals, false).replace('-', "−"),
    );
    for r in shown {
        let _ = write!(h, "<tr><td class=\"num\">{}</td>", r.point);
        for v in &r.values {
            let _ = write!(h, "<td class=\"num\">{}</td>", esc(v));
        }
        let status = if r.status == "ok" || r.error.is_empty() {
            esc(&r.status)
        } else {
            format!(
                "{}<span class=\"meaning\">{}</span>",
                esc(&r.status),
                esc(&r.error)
            )
        };
        let _ = writeln!(
            h,
            "<td>{status}</td><td class=\"num mean\">{}</td><td class=\"ci\">{}</td><td class=\"plot\">{}</td></tr>",
            mean_text(&r.at_horizon, decimals, false),
            ci_text(&r.at_horizon, decimals, false),
            interval_svg(&r.at_horizon, lo, hi, false)
        );
    }
    h.push_str("</tbody></table>\n");
    if points > shown.len() {
        let _ = writeln!(
            h,
            "<p class=\"note\">The first {} of {} points are listed; all are in \
             <code>points.csv</code> and <code>summary.csv</code>.</p>",
            shown.len(),
            points
        );
    }
}

fn render_reading(h: &mut String, data: &ReportData) {
    let m = data.months;
    h.push_str("<div class=\"callout\">\n<ul class=\"reading-list\">\n");
    let _ = writeln!(
        h,
        "<li><b>A simulation, run many times.</b> The model follows every employee and manager \
         month by month, with chance events (who quits, which ideas work, how the market moves). \
         Each <i>replication</i> is one possible history. The numbers are <b>means over \
         replications</b>: what happens on average under these assumptions, not a forecast for \
         one organisation.</li>"
    );
    let _ = writeln!(
        h,
        "<li><b>95% intervals.</b> The interval in brackets shows how precisely the replications \
         pin down that mean: with more replications it gets narrower. It is not the range of \
         outcomes a single organisation could see, which is wider.</li>"
    );
    let _ = writeln!(
        h,
        "<li><b>At the horizon and over the run.</b> “At month {m}” is the state at the end of \
         the simulated period; “averaged over months 1–{m}” also counts the way there, such as a \
         dip while a programme takes working time.</li>"
    );
    match data.kind {
        ResultsKind::Compare => {
            let _ = writeln!(
                h,
                "<li><b>Paired differences under common random numbers.</b> Every scenario lived \
                 through the same chance events: replication 1 of each scenario used the same \
                 random numbers, and so on. A difference is therefore computed within each \
                 replication and then averaged, so chance the scenarios share cancels out and the \
                 interval of a difference is usually narrower than those of the scenarios \
                 themselves. <i>Higher</i> or <i>lower</i> (▲ ▼) means the whole interval lies on \
                 one side of zero; <i>no clear difference</i> means it includes zero.</li>"
            );
        }
        ResultsKind::Sweep => {
            let _ = writeln!(
                h,
                "<li><b>Points share their random numbers.</b> Replication 1 of every point used \
                 the same random numbers, so differences between points come from the settings, \
                 not from luck. Where intervals overlap, points may still differ reliably; \
                 <code>summary.csv</code> and <code>timeseries.csv</code> hold the full data.</li>"
            );
        }
        ResultsKind::Run => {
            let _ = writeln!(
                h,
                "<li><b>Comparing scenarios.</b> To see what a change does, run the alternatives \
                 with <code>orgsim compare</code>: it gives paired differences under common random \
                 numbers, which are more precise than comparing separate intervals by eye.</li>"
            );
        }
    }
    let _ = writeln!(
        h,
        "<li><b>Scales.</b> Engagement, trust, skill and autonomy run from 0 to 1. Performance is \
         output per employee slot, where a fully skilled, engaged and well-informed employee \
         produces about 1 a month. Retention is the share of staff who did not quit over the last \
         12 months; agility is the share of the last year's market changes the organisation has \
         caught up with. Net value is output minus programme, hiring and innovation costs, in the \
         same output units a month.</li>"
    );
    h.push_str("</ul>\n</div>\n");
}

fn render_figures(h: &mut String, data: &ReportData) {
    if data.figures.is_empty() {
        h.push_str(
            "<div class=\"placeholder\"><b>No figures in this folder yet.</b><br>\
             Figures are drawn into <code>figures/</code> next to the results; run \
             <code>orgsim report</code> on this folder again once they are there to include \
             them here.</div>\n",
        );
    } else {
        for (i, figure) in data.figures.iter().enumerate() {
            let _ = writeln!(
                h,
                "<figure class=\"chart\">\n{}\n<figcaption><b>Figure {}.</b> {}</figcaption>\n</figure>",
                figure.svg,
                i + 1,
                esc(&figure.caption)
            );
        }
    }
    for note in &data.notes {
        if note.starts_with(FIGURES_DIR) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
        }
    }
}

/// One bar or mark of a timeline.
struct TimelineItem {
    label: String,
    start: u32,
    /// First month it no longer acts; None: to the horizon.
    end: Option<u32>,
    details: String,
}

fn timeline_items(scenario: &Value) -> (Vec<TimelineItem>, Vec<(u32, f64)>) {
    let mut items = Vec::new();
    for iv in scenario["interventions"].as_array().into_iter().flatten() {
        let kind = iv["kind"]["kind"].as_str().unwrap_or("intervention");
        let mut details = Vec::new();
        if let Some(fields) = iv["kind"].as_object() {
            // Declaration order of the schema, then anything it does not declare.
            let declared: Vec<KeyInfo> = keys_of("interventions", Some(kind))
                .into_iter()
                .filter(|k| k.kind.is_some())
                .collect();
            for key in &declared {
                if let Some(v) = fields.get(key.name) {
                    details.push(format!("{} {}", key.name.replace('_', " "), json_text(v)));
                }
            }
            for (name, v) in fields {
                if name != "kind" && !declared.iter().any(|k| k.name == name) {
                    details.push(format!("{} {}", name.replace('_', " "), json_text(v)));
                }
            }
        }
        items.push(TimelineItem {
            label: humanise(kind),
            start: month_u32(&iv["month"]).unwrap_or(0),
            end: month_u32(&iv["end_month"]),
            details: details.join(" · "),
        });
    }
    let shocks = scenario["environment"]["shocks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                month_u32(&s["month"]).unwrap_or(0),
                s["severity"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    (items, shocks)
}

/// A month recorded in a manifest (past `u32::MAX`: `u32::MAX`).
fn month_u32(v: &Value) -> Option<u32> {
    v.as_u64().map(|m| u32::try_from(m).unwrap_or(u32::MAX))
}

fn render_timelines(h: &mut String, data: &ReportData) {
    if data.scenarios.is_empty() {
        h.push_str("<p class=\"note\">The scenario is not recorded in the manifest.</p>\n");
        return;
    }
    if data.kind == ResultsKind::Sweep {
        h.push_str(
            "<p class=\"intro\">The base scenario's schedule; points that vary an intervention's \
             or shock's settings differ from it.</p>\n",
        );
    }
    for s in &data.scenarios {
        let months = month_u32(&s.scenario["months"]).unwrap_or(data.months);
        if data.scenarios.len() > 1 {
            let _ = writeln!(h, "<h3>{}</h3>", esc(&s.label));
        }
        let (items, shocks) = timeline_items(&s.scenario);
        if items.is_empty() && shocks.is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"note\">No interventions and no market shocks: the organisation runs \
                 unchanged for {months} months.</p>"
            );
            continue;
        }
        h.push_str(&timeline_svg(&items, &shocks, months));
        h.push_str(
            "<table class=\"timeline-table\">\n<thead><tr><th>#</th><th>Event</th>\
             <th>Acts in months</th><th>Settings</th></tr></thead>\n<tbody>\n",
        );
        for (i, item) in items.iter().enumerate() {
            let when = match item.end {
                Some(end) if end > item.start.saturating_add(1) => {
                    format!("{}–{}", item.start, end - 1)
                }
                Some(_) => format!("{}", item.start),
                None => format!("{}–{months} (to the end)", item.start),
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td><td>{}</td></tr>",
                i + 1,
                esc(&item.label),
                esc(&when),
                esc(&item.details)
            );
        }
        for (i, (month, severity)) in shocks.iter().enumerate() {
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">S{}</td><td class=\"nowrap\">Market shock</td><td class=\"nowrap\">{month}</td>\
                 <td>severity {}: share of market dimensions that change at once</td></tr>",
                i + 1,
                esc(&number_text(*severity))
            );
        }
        h.push_str("</tbody></table>\n");
    }
}

/// The interventions as labelled bars on a month axis, shocks as dashed lines: readable
/// without colour (every mark is labelled; open-ended bars end in an arrow).
fn timeline_svg(items: &[TimelineItem], shocks: &[(u32, f64)], months: u32) -> String {
    const W: f64 = 960.0;
    const LABEL_W: f64 = 210.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 30.0;
    const LANE: f64 = 34.0;
    const BAR: f64 = 18.0;
    let lanes = items.len().max(1);
    let axis_y = TOP + LANE * lanes as f64 + 6.0;
    let height = axis_y + 34.0;
    let months_f = f64::from(months.max(1));
    let x = |m: f64| LABEL_W + m.clamp(0.0, months_f) / months_f * (W - LABEL_W - RIGHT);
    let mut s = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"Timeline of interventions and shocks over {months} months\">\n"
    );
    // Month grid and axis.
    // At most a dozen ticks, whatever the horizon a manifest claims.
    let step = [1u32, 2, 3, 6, 12, 24, 60, 120, 240, 600]
        .into_iter()
        .find(|s| months / s <= 12)
        .unwrap_or_else(|| months.div_ceil(12));
    let mut m = 0u32;
    loop {
        let xm = x(f64::from(m));
        let _ = writeln!(
            s,
            "<line x1=\"{xm:.1}\" y1=\"{TOP}\" x2=\"{xm:.1}\" y2=\"{axis_y}\" class=\"grid\"/>\
             <line x1=\"{xm:.1}\" y1=\"{axis_y}\" x2=\"{xm:.1}\" y2=\"{:.1}\" class=\"axis\"/>\
             <text x=\"{xm:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{m}</text>",
            axis_y + 5.0,
            axis_y + 18.0
        );
        match m.checked_add(step) {
            Some(next) if next <= months => m = next,
            _ => break,
        }
    }
    let _ = writeln!(
        s,
        "<line x1=\"{:.1}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" class=\"axis\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">month</text>",
        x(0.0),
        x(months_f),
        LABEL_W - 12.0,
        axis_y + 18.0
    );
    for (i, item) in items.iter().enumerate() {
        let y = TOP + LANE * i as f64 + (LANE - BAR) / 2.0;
        let x0 = x(f64::from(item.start));
        let open = item.end.is_none();
        let x1 = x(f64::from(item.end.unwrap_or(months)));
        let w = (x1 - x0).max(3.0);
        let _ = write!(
            s,
            "<text x=\"12\" y=\"{:.1}\" class=\"lane\">{}. {}</text>",
            y + BAR / 2.0 + 4.5,
            i + 1,
            esc(&item.label)
        );
        if open {
            // The bar runs to the horizon and ends in an arrow head.
            let tip = x1 + 9.0;
            let _ = write!(
                s,
                "<path d=\"M{x0:.1},{y:.1} H{x1:.1} L{tip:.1},{:.1} L{x1:.1},{:.1} H{x0:.1} Z\" class=\"bar\"/>",
                y + BAR / 2.0,
                y + BAR
            );
        } else {
            let _ = write!(
                s,
                "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\" class=\"bar\"/>"
            );
        }
        let label = match item.end {
            Some(end) if end > item.start.saturating_add(1) => {
                format!("months {}–{}", item.start, end - 1)
            }
            Some(_) => format!("month {}", item.start),
            None => format!("from month {}", item.start),
        };
        let text_w = label.chars().count() as f64 * 6.6 + 12.0;
        let ty = y + BAR / 2.0 + 4.2;
        if w >= text_w {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{ty:.1}\" class=\"in-bar\">{label}</text>",
                x0 + 6.0
            );
        } else if x1 + text_w + 12.0 <= W {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{ty:.1}\" class=\"by-bar\">{label}</text>",
                x1 + if open { 14.0 } else { 6.0 }
            );
        } else {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{ty:.1}\" class=\"by-bar\" text-anchor=\"end\">{label}</text>",
                x0 - 6.0
            );
        }
        s.push('\n');
    }
    if items.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"12\" y=\"{:.1}\" class=\"lane muted\">no interventions</text>",
            TOP + LANE / 2.0 + 4.5
        );
    }
    for (i, (month, severity)) in shocks.iter().enumerate() {
        let xs = x(f64::from(*month));
        let anchor = if xs > W - 160.0 { "end" } else { "start" };
        let dx = if anchor == "end" { -8.0 } else { 8.0 };
        let _ = writeln!(
            s,
            "<line x1=\"{xs:.1}\" y1=\"{:.1}\" x2=\"{xs:.1}\" y2=\"{axis_y}\" class=\"shock\"/>\
             <path d=\"M{:.1},8 L{:.1},8 L{xs:.1},18 Z\" class=\"shock-mark\"/>\
             <text x=\"{:.1}\" y=\"17\" class=\"shock-label\" text-anchor=\"{anchor}\">S{}: shock in month {month} (severity {})</text>",
            TOP - 10.0,
            xs - 6.0,
            xs + 6.0,
            xs + dx,
            i + 1,
            esc(&number_text(*severity))
        );
    }
    s.push_str("</svg>\n");
    s
}

/// The scenario sections the settings tables show, in order, with their titles.
const SECTIONS: [(&str, &str); 5] = [
    ("", "Run"),
    ("organisation", "Organisation"),
    ("management", "Management"),
    ("knowledge", "Knowledge"),
    ("environment", "Environment"),
];

/// One scalar setting of a scenario.
struct Setting {
    /// Dotted path, as `--set` writes it.
    path: String,
    label: String,
    value: String,
    meaning: String,
    /// The schema default, when the value differs from it.
    changed_from: Option<String>,
}

/// The scalar settings of `scenario` in `table` (`""`: the top level), in schema order.
fn section_settings(scenario: &Value, table: &str) -> Vec<Setting> {
    let object = if table.is_empty() {
        scenario
    } else {
        &scenario[table]
    };
    let march = scenario["knowledge"]["mode"].as_str() == Some("march1991");
    keys_of(table, None)
        .into_iter()
        .filter(|k| !(table.is_empty() && (k.name == "name" || k.name == "description")))
        .filter(|k| march || !k.meaning.starts_with("march1991 mode"))
        .filter_map(|k| {
            let v = object.get(k.name)?;
            if v.is_array() || v.is_object() {
                return None;
            }
            let changed_from = match is_default(&k, v) {
                Some(false) => Some(default_text(&k)),
                _ => None,
            };
            Some(Setting {
                path: if table.is_empty() {
                    k.name.to_string()
                } else {
                    format!("{table}.{}", k.name)
                },
                label: humanise(k.name),
                value: json_text(v),
                meaning: k.meaning.to_string(),
                changed_from,
            })
        })
        .collect()
}

/// The workforce attributes (schema order, without `name`).
fn workforce_keys() -> Vec<KeyInfo> {
    keys_of("workforce", None)
        .into_iter()
        .filter(|k| k.name != "name")
        .collect()
}

/// The parameters of `scenario` that differ from their defaults: (name, value, default,
/// range, meaning).
fn changed_parameters(scenario: &Value) -> Vec<(String, String, String, String, String)> {
    PARAMETER_SPECS
        .iter()
        .filter_map(|spec| {
            let v = scenario["parameters"].get(spec.name)?.as_f64()?;
            ((v - spec.default).abs() > 1e-12).then(|| {
                (
                    spec.name.to_string(),
                    number_text(v),
                    number_text(spec.default),
                    format!("{} to {}", number_text(spec.min), number_text(spec.max)),
                    spec.meaning.to_string(),
                )
            })
        })
        .collect()
}

/// Markdown-style `code` spans in a schema meaning as `<code>`; the rest escaped.
fn meaning_html(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

fn render_settings(h: &mut String, data: &ReportData) {
    match data.scenarios.as_slice() {
        [] => h.push_str("<p class=\"note\">The scenario is not recorded in the manifest.</p>\n"),
        [one] => render_single_settings(h, data, one),
        many => render_compared_settings(h, many),
    }
    for note in &data.notes {
        if !note.starts_with(FIGURES_DIR) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
        }
    }
}

fn varied_text(values: &VariedValues) -> String {
    match values.first.as_slice() {
        [] => "varied".into(),
        [one] if values.count == 1 => one.clone(),
        first if values.count <= first.len() => first.join(", "),
        first => format!("{} values, {} … {}", values.count, first[0], values.last),
    }
}

fn render_single_settings(h: &mut String, data: &ReportData, s: &ScenarioSettings) {
    let scenario = &s.scenario;
    let varied = |path: &str| data.varied.iter().find(|(k, _)| k == path);
    let _ = writeln!(
        h,
        "<p class=\"intro\">Every setting of {} <b>{}</b>. Values that differ from orgsim's \
         defaults are in bold, with the default beside them{}.</p>",
        if data.kind == ResultsKind::Sweep {
            "the base scenario"
        } else {
            "the scenario"
        },
        esc(&s.label),
        if data.varied.is_empty() {
            ""
        } else {
            "; settings the sweep varies are marked <i>varied</i>"
        }
    );
    if !data.varied.is_empty() {
        h.push_str(
            "<h3>Varied by the sweep</h3>\n<table class=\"settings\"><thead><tr><th>Setting</th>\
             <th>Values</th></tr></thead><tbody>\n",
        );
        for (key, values) in &data.varied {
            let meaning = key_meaning(key);
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><code>{}</code><span class=\"meaning\">{}</span></th>\
                 <td>{}</td></tr>",
                esc(key),
                meaning_html(&meaning),
                esc(&varied_text(values))
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("<div class=\"grid2\">\n");
    for (table, title) in SECTIONS {
        let settings = section_settings(scenario, table);
        if settings.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<div class=\"block\"><h3>{title}</h3>\n<table class=\"settings\"><tbody>\n"
        );
        for st in settings {
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}<span class=\"meaning\">{}</span></th>",
                esc(&st.label),
                meaning_html(&st.meaning)
            );
            if let Some((_, values)) = varied(&st.path) {
                let _ = writeln!(
                    h,
                    "<td class=\"value\"><i>varied</i>: {}</td></tr>",
                    esc(&varied_text(values))
                );
            } else if let Some(default) = &st.changed_from {
                let _ = writeln!(
                    h,
                    "<td class=\"value changed\">{}<span class=\"default\">default {}</span></td></tr>",
                    esc(&st.value),
                    esc(default)
                );
            } else {
                let _ = writeln!(h, "<td class=\"value\">{}</td></tr>", esc(&st.value));
            }
        }
        h.push_str("</tbody></table></div>\n");
    }
    h.push_str("</div>\n");

    if scenario["knowledge"]["mode"].as_str() != Some("march1991") {
        render_workforce(h, scenario, &data.varied);
    }

    h.push_str("<h3>Model parameters</h3>\n");
    let changed = changed_parameters(scenario);
    let varied_params: Vec<&(String, VariedValues)> = data
        .varied
        .iter()
        .filter(|(k, _)| k.starts_with("parameters."))
        .collect();
    if changed.is_empty() && varied_params.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\">All {} model parameters are at their defaults \
             (<code>orgsim params</code> lists them).</p>",
            PARAMETER_SPECS.len()
        );
    } else {
        let _ = writeln!(
            h,
            "<p class=\"note\">The parameters below differ from their defaults; the other {} \
             are at their defaults (<code>orgsim params</code> lists them all).</p>",
            PARAMETER_SPECS.len() - changed.len()
        );
        h.push_str(
            "<table class=\"params\"><thead><tr><th>Parameter</th><th class=\"num\">Value</th>\
             <th class=\"num\">Default</th><th class=\"num\">Range</th></tr></thead><tbody>\n",
        );
        for (name, value, default, range, meaning) in &changed {
            let path = format!("parameters.{name}");
            let value = match varied(&path) {
                Some((_, values)) => format!("<i>varied</i>: {}", esc(&varied_text(values))),
                None => esc(value),
            };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><code>{}</code><span class=\"meaning\">{}</span></th>\
                 <td class=\"num changed\">{value}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(name),
                esc(meaning),
                esc(default),
                esc(range)
            );
        }
        for (key, values) in varied_params {
            let name = &key["parameters.".len()..];
            if changed.iter().any(|c| c.0 == name) {
                continue;
            }
            if let Some(spec) = PARAMETER_SPECS.iter().find(|s| s.name == name) {
                let _ = writeln!(
                    h,
                    "<tr><th scope=\"row\"><code>{}</code><span class=\"meaning\">{}</span></th>\
                     <td class=\"num\"><i>varied</i>: {}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td></tr>",
                    esc(name),
                    esc(spec.meaning),
                    esc(&varied_text(values)),
                    number_text(spec.default),
                    number_text(spec.min),
                    number_text(spec.max)
                );
            }
        }
        h.push_str("</tbody></table>\n");
    }
}

/// The workforce groups of `scenario` as a table (attributes × groups); settings a sweep
/// varies are marked.
fn render_workforce(h: &mut String, scenario: &Value, varied: &[(String, VariedValues)]) {
    let Some(groups) = scenario["workforce"].as_array().filter(|g| !g.is_empty()) else {
        return;
    };
    h.push_str(
        "<h3>Workforce groups</h3>\n<table class=\"workforce\"><thead><tr><th>Attribute</th>",
    );
    for g in groups {
        let _ = write!(h, "<th class=\"num\">{}</th>", esc(&json_text(&g["name"])));
    }
    h.push_str("</tr></thead><tbody>\n");
    for key in workforce_keys() {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}<span class=\"meaning\">{}</span></th>",
            esc(&humanise(key.name)),
            meaning_html(key.meaning)
        );
        for (i, g) in groups.iter().enumerate() {
            let path = format!("workforce.{i}.{}", key.name);
            match varied.iter().find(|(k, _)| *k == path) {
                Some((_, values)) => {
                    let _ = write!(
                        h,
                        "<td class=\"num\"><i>varied</i>: {}</td>",
                        esc(&varied_text(values))
                    );
                }
                None => {
                    let _ = write!(
                        h,
                        "<td class=\"num\">{}</td>",
                        esc(&json_text(&g[key.name]))
                    );
                }
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// The meaning of a dotted `--set` key, from the schema (`workforce.0.share` → `share`).
fn key_meaning(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let (table, name) = match parts.as_slice() {
        [name] => ("", *name),
        ["parameters", name] => ("parameters", *name),
        ["environment", "shocks", _, name] => ("environment.shocks", *name),
        [table, name] => (*table, *name),
        [table, _, name] => (*table, *name),
        _ => return String::new(),
    };
    if table == "interventions" {
        return crate::scenario::schema::INTERVENTION_KINDS
            .iter()
            .find_map(|kind| find_key(table, Some(kind), name))
            .map(|k| k.meaning.to_string())
            .unwrap_or_default();
    }
    find_key(table, None, name)
        .map(|k| k.meaning.to_string())
        .unwrap_or_default()
}

/// Every scalar setting of `scenario` as (path, label, value) in page order, for comparing
/// scenarios side by side.
fn flat_settings(scenario: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (table, title) in SECTIONS {
        for st in section_settings(scenario, table) {
            out.push((st.path, format!("{title}: {}", st.label), st.value));
        }
    }
    for (i, g) in scenario["workforce"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let group = json_text(&g["name"]);
        out.push((
            format!("workforce.{i}.name"),
            format!("Workforce group {}", i + 1),
            group.clone(),
        ));
        for key in workforce_keys() {
            out.push((
                format!("workforce.{i}.{}", key.name),
                format!("Workforce {group}: {}", key.name.replace('_', " ")),
                json_text(&g[key.name]),
            ));
        }
    }
    for spec in PARAMETER_SPECS {
        if let Some(v) = scenario["parameters"]
            .get(spec.name)
            .and_then(Value::as_f64)
        {
            out.push((
                format!("parameters.{}", spec.name),
                format!("Parameter {}", spec.name),
                number_text(v),
            ));
        }
    }
    out
}

fn render_compared_settings(h: &mut String, scenarios: &[ScenarioSettings]) {
    h.push_str("<h3>The scenarios</h3>\n<table class=\"scenarios\"><tbody>\n");
    for s in scenarios {
        let description = s.scenario["description"].as_str().unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(&s.label),
            if description.is_empty() {
                "<span class=\"muted\">no description</span>".to_string()
            } else {
                esc(description)
            }
        );
    }
    h.push_str("</tbody></table>\n");

    let flats: Vec<Vec<(String, String, String)>> = scenarios
        .iter()
        .map(|s| flat_settings(&s.scenario))
        .collect();
    // Every path in first-seen order.
    let mut paths: Vec<(String, String)> = Vec::new();
    for flat in &flats {
        for (path, label, _) in flat {
            if !paths.iter().any(|(p, _)| p == path) {
                paths.push((path.clone(), label.clone()));
            }
        }
    }
    let value_of = |i: usize, path: &str| -> String {
        flats[i]
            .iter()
            .find(|(p, _, _)| p == path)
            .map_or_else(|| "–".to_string(), |(_, _, v)| v.clone())
    };
    let mut differing = Vec::new();
    let mut common = Vec::new();
    for (path, label) in &paths {
        let values: Vec<String> = (0..scenarios.len()).map(|i| value_of(i, path)).collect();
        if values.windows(2).all(|w| w[0] == w[1]) {
            common.push((path, label, values));
        } else {
            differing.push((path, label, values));
        }
    }
    h.push_str("<h3>Settings that differ</h3>\n");
    if differing.is_empty() {
        h.push_str("<p class=\"note\">The scenarios have the same settings; only their interventions or shocks differ (see above).</p>\n");
    } else {
        h.push_str("<table class=\"settings side\"><thead><tr><th>Setting</th>");
        for s in scenarios {
            let _ = write!(h, "<th class=\"num\">{}</th>", esc(&s.label));
        }
        h.push_str("</tr></thead><tbody>\n");
        for (path, label, values) in &differing {
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}<span class=\"meaning\">{}</span></th>",
                esc(label),
                meaning_html(&key_meaning(path))
            );
            for (i, v) in values.iter().enumerate() {
                let class = if i > 0 && *v != values[0] {
                    "num changed"
                } else {
                    "num"
                };
                let _ = write!(h, "<td class=\"{class}\">{}</td>", esc(v));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table>\n");
        let _ = writeln!(
            h,
            "<p class=\"note\">Bold: differs from {}.</p>",
            esc(&scenarios[0].label)
        );
    }
    h.push_str("<h3>Settings the scenarios share</h3>\n<div class=\"grid2\">\n");
    let changed_params: Vec<String> = changed_parameters(&scenarios[0].scenario)
        .into_iter()
        .map(|c| c.0)
        .collect();
    // The workforce is shown as its own table when every scenario has the same one.
    let same_workforce = scenarios
        .iter()
        .all(|s| s.scenario["workforce"] == scenarios[0].scenario["workforce"]);
    let shown: Vec<_> = common
        .iter()
        .filter(|(path, _, _)| !(same_workforce && path.starts_with("workforce.")))
        .filter(|(path, _, _)| {
            !path.starts_with("parameters.")
                || changed_params
                    .iter()
                    .any(|c| path.ends_with(&format!(".{c}")))
        })
        .collect();
    let half = shown.len().div_ceil(2);
    for chunk in [&shown[..half], &shown[half..]] {
        h.push_str("<table class=\"settings\"><tbody>\n");
        for (_, label, values) in chunk.iter() {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td class=\"value\">{}</td></tr>",
                esc(label),
                esc(&values[0])
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</div>\n");
    if same_workforce && scenarios[0].scenario["knowledge"]["mode"].as_str() != Some("march1991") {
        render_workforce(h, &scenarios[0].scenario, &[]);
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">Model parameters not listed are at their defaults in every scenario \
         (<code>orgsim params</code> lists all {}).</p>",
        PARAMETER_SPECS.len()
    );
}

/// `args` as a shell command line (arguments with spaces or special characters quoted).
fn shell_line(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn render_provenance(h: &mut String, data: &ReportData) {
    let p = &data.provenance;
    h.push_str(
        "<p class=\"intro\">What produced these results, from <code>manifest.json</code>. The \
         same orgsim version, command and seed give the same numbers, whatever the number of \
         threads.</p>\n<table class=\"provenance\"><tbody>\n",
    );
    let mut row = |label: &str, value: String| {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            esc(label)
        );
    };
    row("orgsim version", esc(&p.orgsim_version));
    row(
        "Command line",
        format!(
            "<code class=\"cmd\">{}</code>",
            esc(&shell_line(&p.command_line))
        ),
    );
    let opt = |v: Option<u64>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
    row("Seed", opt(p.seed));
    row("Replications", opt(p.replications));
    row("Threads", opt(p.threads));
    row("Started", esc(&p.started_at));
    row("Finished", esc(&p.finished_at));
    for (label, value) in &p.extra {
        row(label, esc(value));
    }
    let mut files: Vec<String> = p
        .outputs
        .iter()
        .map(|o| format!("<code>{}</code>", esc(o)))
        .collect();
    files.push(format!("<code>{REPORT_FILE}</code> (this page)"));
    row("Output files", files.join(", "));
    h.push_str("</tbody></table>\n");
}

/// The page's style sheet: system fonts, no dark backgrounds, A4 print rules.
const CSS: &str = r#":root {
  --ink: #18212b; --muted: #5b6571; --rule: #d5dbe2; --line: #e4e8ed;
  --accent: #1f4f7d; --tint: #f3f6f9;
}
* { box-sizing: border-box; }
html { background: #eceff3; }
body {
  margin: 0; color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", sans-serif;
  font-size: 15px; line-height: 1.55;
  -webkit-text-size-adjust: 100%; text-rendering: optimizeLegibility;
}
.page {
  max-width: 1060px; margin: 32px auto; padding: 48px 56px 36px; background: #fff;
  border: 1px solid #dde2e8; border-radius: 6px; box-shadow: 0 2px 10px rgba(24, 33, 43, .06);
}
.eyebrow {
  margin: 0 0 6px; color: var(--accent); font-size: 12px; font-weight: 650;
  letter-spacing: .09em; text-transform: uppercase;
}
h1 { margin: 0 0 8px; font-size: 32px; line-height: 1.15; letter-spacing: -.015em; }
.lede { margin: 0 0 22px; max-width: 62em; color: #37424e; font-size: 17px; }
.facts {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px;
  margin: 0;
}
.fact { padding: 10px 14px 11px; border: 1px solid var(--rule); border-top: 3px solid var(--accent); border-radius: 3px; }
.fact dt { color: var(--muted); font-size: 11.5px; font-weight: 600; letter-spacing: .07em; text-transform: uppercase; }
.fact dd { margin: 2px 0 0; font-size: 19px; font-weight: 650; font-variant-numeric: tabular-nums; }
.fact dd small { display: block; color: var(--muted); font-size: 12.5px; font-weight: 400; }
nav.toc { margin: 30px 0 6px; padding: 9px 0; border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); font-size: 13.5px; }
nav.toc ol { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; padding: 0; list-style: none; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc .num { color: var(--muted); font-variant-numeric: tabular-nums; }
section { margin-top: 38px; }
h2 {
  display: flex; gap: 12px; align-items: baseline; margin: 0 0 6px; padding-bottom: 6px;
  border-bottom: 2px solid var(--ink); font-size: 21px; letter-spacing: -.005em;
}
h2 .num { color: var(--accent); font-variant-numeric: tabular-nums; }
h3 { margin: 24px 0 6px; font-size: 15.5px; }
p.intro { max-width: 66em; margin: 10px 0 14px; color: #37424e; }
p.note { margin: 8px 0; color: var(--muted); font-size: 13.5px; }
.muted { color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; }
table { width: 100%; margin: 6px 0 4px; border-collapse: collapse; font-size: 14px; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th {
  padding-top: 4px; border-bottom: 1.5px solid var(--ink); color: var(--muted); font-size: 11.5px;
  font-weight: 650; letter-spacing: .05em; text-transform: uppercase; vertical-align: bottom;
}
thead tr.group th.span { border-bottom: 1px solid var(--rule); text-align: center; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mean { font-weight: 600; }
td.ci { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.meaning { display: block; max-width: 40em; margin-top: 1px; color: var(--muted); font-size: 12.5px; font-weight: 400; line-height: 1.35; }
table.headline th[scope=row] { width: 46%; }
table.compare tbody.group { border-top: 1.5px solid var(--rule); }
table.compare td.ref { color: var(--muted); text-align: left; font-style: italic; }
th .scale-note { text-transform: none; letter-spacing: 0; font-weight: 400; }
td.reading.sig { font-weight: 650; }
td.plot, th.plot { width: 132px; padding-top: 7px; padding-bottom: 3px; }
svg.interval { display: block; overflow: visible; }
svg.interval .ci { stroke: var(--ink); stroke-width: 1.4; }
svg.interval .dot { fill: var(--ink); }
svg.interval .zero { stroke: #7d8793; stroke-width: 1; stroke-dasharray: 2 2; }
table.points th.key { text-transform: none; letter-spacing: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 11.5px; }
table.settings th[scope=row] { width: 62%; }
table.settings td.value { text-align: right; font-variant-numeric: tabular-nums; }
table.side th[scope=row] { width: auto; }
table.scenarios th[scope=row] { width: 22%; }
.changed { font-weight: 700; }
.default { display: block; color: var(--muted); font-size: 12px; font-weight: 400; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 36px; }
.grid2 > table { align-self: start; }
.callout { padding: 4px 20px; border: 1px solid var(--rule); border-left: 4px solid var(--accent); border-radius: 3px; background: var(--tint); }
.callout ul { margin: 10px 0; padding-left: 18px; }
.callout li { margin: 6px 0; }
figure.chart { margin: 18px 0 26px; }
figure.chart > svg { display: block; width: 100%; height: auto; }
figcaption { margin-top: 6px; color: var(--muted); font-size: 13px; }
.placeholder {
  margin: 12px 0; padding: 22px; border: 1.5px dashed #a7b1bc; border-radius: 4px;
  color: var(--muted); text-align: center;
}
svg.timeline { display: block; width: 100%; height: auto; margin: 8px 0 6px; font-family: inherit; }
svg.timeline .grid { stroke: #e6eaee; stroke-width: 1; }
svg.timeline .axis { stroke: var(--ink); stroke-width: 1; }
svg.timeline .tick { fill: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
svg.timeline .lane { fill: var(--ink); font-size: 13.5px; font-weight: 600; }
svg.timeline .lane.muted { fill: var(--muted); font-weight: 400; }
svg.timeline .bar { fill: #dce6f0; stroke: var(--accent); stroke-width: 1.3; }
svg.timeline .in-bar, svg.timeline .by-bar { fill: var(--ink); font-size: 12px; }
svg.timeline .shock { stroke: var(--ink); stroke-width: 1.4; stroke-dasharray: 5 4; }
svg.timeline .shock-mark { fill: var(--ink); }
svg.timeline .shock-label { fill: var(--ink); font-size: 12px; font-weight: 600; }
table.timeline-table td.nowrap { white-space: nowrap; }
table.provenance th[scope=row] { width: 22%; white-space: nowrap; }
code.cmd { display: block; padding: 6px 9px; border: 1px solid var(--rule); border-radius: 3px; background: var(--tint); word-break: break-all; }
footer { margin-top: 44px; padding-top: 12px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12.5px; }
@media screen and (max-width: 760px) {
  .page { margin: 0; padding: 24px 16px; border: 0; border-radius: 0; }
  .grid2 { grid-template-columns: 1fr; }
  td.plot, th.plot { display: none; }
}
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  html, body { background: #fff; }
  body { font-size: 9.5pt; line-height: 1.4; }
  .page { max-width: none; margin: 0; padding: 0; border: 0; border-radius: 0; box-shadow: none; }
  nav.toc { display: none; }
  h1 { font-size: 21pt; }
  .lede { font-size: 11.5pt; }
  h2 { font-size: 14pt; break-after: avoid; page-break-after: avoid; }
  h3, p.intro { break-after: avoid; page-break-after: avoid; }
  section { margin-top: 22pt; }
  table { font-size: 8.4pt; }
  th, td { padding: 3pt 4.5pt; }
  thead th { font-size: 7pt; }
  .meaning { font-size: 7.6pt; }
  td.plot, th.plot { width: 84px; }
  svg.interval { width: 80px; height: 12px; }
  thead { display: table-header-group; }
  table, figure, .facts, .fact, .callout, svg, .placeholder, .block { break-inside: avoid; page-break-inside: avoid; }
  /* Long tables may break between rows; a comparison table between metrics. */
  table.long, table.compare { break-inside: auto; page-break-inside: auto; }
  tbody.group { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .callout { background: none; }
  code.cmd { background: none; }
  a { color: inherit; text-decoration: none; }
  .fact dd { font-size: 13pt; }
  footer { margin-top: 24pt; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape_html("<b>&\"'x"), "&lt;b&gt;&amp;&quot;&#39;x");
    }

    #[test]
    fn svg_is_cleaned_for_inlining() {
        let file = "<?xml version=\"1.0\"?>\n<!-- c -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><defs><clipPath id=\"c\"/></defs><g clip-path=\"url(#c)\"/></svg>\n";
        let svg = inline_svg(file, "f1-").unwrap();
        assert!(svg.starts_with("<svg viewBox"), "{svg}");
        assert!(
            svg.contains("id=\"f1-c\"") && svg.contains("url(#f1-c)"),
            "{svg}"
        );
        assert!(!svg.contains("http"));
        assert!(inline_svg("<svg><script>x</script></svg>", "p").is_none());
        assert!(inline_svg("<svg><a href=\"https://x\"/></svg>", "p").is_none());
        assert!(inline_svg("no svg", "p").is_none());
    }

    #[test]
    fn command_lines_are_quoted() {
        let args = ["orgsim", "run", "my file.toml", "--set", "x=1"].map(String::from);
        assert_eq!(shell_line(&args), "orgsim run 'my file.toml' --set x=1");
    }

    #[test]
    fn key_meanings_come_from_the_schema() {
        assert!(!key_meaning("knowledge.socialisation_rate").is_empty());
        assert!(!key_meaning("workforce.0.share").is_empty());
        assert!(!key_meaning("parameters.trust_loss_rate").is_empty());
        assert!(!key_meaning("interventions.0.target_style").is_empty());
        assert!(key_meaning("nothing.here").is_empty());
    }
}

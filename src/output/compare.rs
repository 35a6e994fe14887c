//! The outputs of a comparison: the plain-text table on stdout, `comparison.csv`, each
//! scenario's run files in a subfolder and the comparison's `manifest.json`.
//!
//! Owns their layout, columns and number formatting. Takes a finished
//! [`Comparison`](crate::experiment::compare::Comparison) (plain data): knows nothing of running
//! scenarios, of scenario files or of the CLI, and the caller prints the table.
//!
//! Files: `<dir>/comparison.csv` (one row per metric, statistic and scenario), `success.csv`,
//! `break_even.csv` and `net_value_cumulative.csv` (see `success`), then
//! `<dir>/<folder>/` with the files of `write_run_outputs` for every scenario, then
//! `<dir>/manifest.json` last. Every file is written atomically.

use super::headline::{decimals_for, decimals_for_largest};
use super::manifest::{Manifest, rfc3339_utc};
use super::number_format::write_significant;
use super::stats::Statistic;
use super::success::{
    BREAK_EVEN_FILE, CUMULATIVE_FILE, SUCCESS_FILE, write_break_even_csv, write_cumulative_csv,
    write_success_csv,
};
use super::{
    MANIFEST_FILE, OutputError, RUN_FILES, Stats, UNCERTAINTY_FILE, write_run_outputs_also,
};
use crate::experiment::compare::{Comparison, ComparisonRow, unique_labels};
use crate::experiment::success::{DEFAULT_PAYBACK_MONTHS, percent_change, success};
use crate::ground::atomic::write_atomic;
use crate::model::metrics::Metric;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;
use std::time::SystemTime;

pub use super::results_folder::COMPARISON_FILE;

/// Columns of `comparison.csv`. `statistic` is `horizon` (the last month) or `average` (the
/// mean over months 1..=horizon); `n`, `mean`, `sd`, `ci_low`, `ci_high` are over
/// replications; the `diff_` columns are the paired difference of this scenario minus the
/// scenario named in `difference_to` (all empty for the first scenario); the `pct_` columns
/// are the change of this scenario's mean relative to the reference's in percent,
/// 100·(mean / reference mean − 1) over paired replications, with a delta-method 95% interval
/// (empty for the first scenario and where the reference's mean is not above 0; see
/// `crate::experiment::success`).
pub const COMPARISON_COLUMNS: [&str; 17] = [
    "metric",
    "statistic",
    "scenario",
    "n",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "difference_to",
    "diff_n",
    "diff_mean",
    "diff_sd",
    "diff_ci_low",
    "diff_ci_high",
    "pct_change",
    "pct_ci_low",
    "pct_ci_high",
];

/// The metrics of the comparison table unless all are asked for.
pub const COMPARE_METRICS: [Metric; 3] = [Metric::Performance, Metric::Agility, Metric::Retention];

/// Names a scenario folder may not take in the comparison's directory.
pub const RESERVED_NAMES: [&str; 2] = [COMPARISON_FILE, MANIFEST_FILE];

/// The record of a comparison, written as pretty JSON to `manifest.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompareManifest {
    pub orgsim_version: String,
    /// Always `compare`.
    pub command: String,
    pub command_line: Vec<String>,
    /// The seed every scenario ran with.
    pub seed: u64,
    /// The replications of every scenario.
    pub replications: u32,
    /// The common horizon.
    pub months: u32,
    pub threads: usize,
    /// RFC 3339 UTC.
    pub started_at: String,
    /// Empty until [`CompareManifest::finish`].
    pub finished_at: String,
    /// Settings the comparison changed, in words (e.g. a scenario's own seed).
    pub notes: Vec<String>,
    /// The level of each scenario's predictive interval (`pi_low`, `pi_high` in summary.csv).
    pub prediction_level: f64,
    /// The scenarios in order; the first is the reference of the differences.
    pub scenarios: Vec<ComparedScenario>,
    /// The months within which a scenario "pays back" in `break_even.csv`.
    pub payback_months: u32,
    /// Files written, relative to the comparison's directory.
    pub outputs: Vec<String>,
}

/// One scenario of a [`CompareManifest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedScenario {
    /// Its name in the table and in `comparison.csv`.
    pub label: String,
    /// Where it came from (a file path, as given).
    pub source: String,
    /// Its subfolder.
    pub folder: String,
    /// The resolved scenario as run.
    pub scenario: serde_json::Value,
}

impl CompareManifest {
    /// A manifest for a comparison starting now; [`CompareManifest::record`] fills in the rest.
    pub fn start(command_line: impl IntoIterator<Item = String>, threads: usize) -> Self {
        CompareManifest {
            orgsim_version: env!("CARGO_PKG_VERSION").to_string(),
            command: "compare".to_string(),
            command_line: command_line.into_iter().collect(),
            seed: 0,
            replications: 0,
            months: 0,
            threads,
            started_at: rfc3339_utc(SystemTime::now()),
            finished_at: String::new(),
            notes: Vec::new(),
            prediction_level: super::stats::DEFAULT_PREDICTION_LEVEL,
            scenarios: Vec::new(),
            payback_months: DEFAULT_PAYBACK_MONTHS,
            outputs: Vec::new(),
        }
    }

    /// Records what ran: settings and scenarios of `c`, `sources[i]` naming where scenario i
    /// came from (missing entries are empty), and `notes`.
    pub fn record(&mut self, c: &Comparison, sources: &[String], notes: Vec<String>) {
        self.seed = c.seed;
        self.replications = c.replications;
        self.months = c.months;
        self.notes = notes;
        self.scenarios = c
            .runs
            .iter()
            .zip(scenario_folders(c))
            .enumerate()
            .map(|(i, (run, folder))| ComparedScenario {
                label: run.label.clone(),
                source: sources.get(i).cloned().unwrap_or_default(),
                folder,
                // A Scenario is plain data (NaN becomes null): this cannot fail.
                scenario: serde_json::to_value(&run.scenario).expect("a Scenario serialises"),
            })
            .collect();
    }

    /// Records the finishing time (now).
    pub fn finish(&mut self) {
        self.finished_at = rfc3339_utc(SystemTime::now());
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a manifest serialises to JSON");
        s.push('\n');
        s
    }
}

/// `name` as a single path component: characters other than ASCII letters, digits, `-`, `_`
/// and `.` become `_`; an empty name or one of dots only becomes `scenario`.
pub fn safe_file_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.chars().all(|c| c == '.') {
        "scenario".to_string()
    } else {
        s
    }
}

/// Each scenario's subfolder: its label as a safe file name, made unique and kept clear of
/// [`RESERVED_NAMES`].
pub fn scenario_folders(c: &Comparison) -> Vec<String> {
    let safe: Vec<String> = c.runs.iter().map(|r| safe_file_name(&r.label)).collect();
    unique_labels(safe.iter().map(String::as_str), &RESERVED_NAMES)
}

/// Writes every output of `c` into `dir` (created if needed): `comparison.csv`, each
/// scenario's run files in its subfolder (see [`scenario_folders`]; their manifests carry the
/// comparison's command line, threads and times), then `manifest.json` (a copy of `manifest`
/// with `outputs` set and `finished_at` set if still empty).
pub fn write_comparison_outputs(
    dir: &Path,
    c: &Comparison,
    manifest: &CompareManifest,
) -> Result<(), OutputError> {
    write_comparison_outputs_with(dir, c, manifest, &[], &[])
}

/// [`write_comparison_outputs`], with the manifests also listing files the caller wrote
/// before: `run_also[i]` in scenario i's folder (listed in its manifest and, with the folder,
/// in the comparison's), `also` beside `comparison.csv`.
pub fn write_comparison_outputs_with(
    dir: &Path,
    c: &Comparison,
    manifest: &CompareManifest,
    run_also: &[Vec<&'static str>],
    also: &[&str],
) -> Result<(), OutputError> {
    let mut manifest = manifest.clone();
    if manifest.finished_at.is_empty() {
        manifest.finish();
    }
    std::fs::create_dir_all(dir).map_err(|e| OutputError::create_dir(dir, e))?;
    super::folder::retract_manifest(dir)?;
    let csv_path = dir.join(COMPARISON_FILE);
    write_atomic(&csv_path, |w| write_comparison_csv(w, c))
        .map_err(|e| OutputError::write(&csv_path, e))?;
    let mut outputs = vec![COMPARISON_FILE.to_string()];
    outputs.extend(also.iter().map(|s| s.to_string()));
    let s = success(c, manifest.payback_months);
    type Writer =
        fn(&mut dyn Write, &Comparison, &crate::experiment::success::Success) -> io::Result<()>;
    let tables: [(&str, Writer); 3] = [
        (SUCCESS_FILE, write_success_csv),
        (BREAK_EVEN_FILE, write_break_even_csv),
        (CUMULATIVE_FILE, write_cumulative_csv),
    ];
    for (name, write) in tables {
        let path = dir.join(name);
        write_atomic(&path, |w| write(w, c, &s)).map_err(|e| OutputError::write(&path, e))?;
        outputs.push(name.to_string());
    }
    for (i, (run, folder)) in c.runs.iter().zip(scenario_folders(c)).enumerate() {
        let extra = run_also.get(i).map_or(&[][..], Vec::as_slice);
        let mut m = Manifest::new(
            &run.scenario,
            manifest.command_line.iter().cloned(),
            manifest.threads,
        );
        m.started_at.clone_from(&manifest.started_at);
        m.prediction_level = manifest.prediction_level;
        m.finished_at.clone_from(&manifest.finished_at);
        write_run_outputs_also(&dir.join(&folder), &run.scenario, &run.results, &m, extra)?;
        if !run.scenario.uncertainty.is_empty() {
            outputs.push(format!("{folder}/{UNCERTAINTY_FILE}"));
        }
        outputs.extend(extra.iter().map(|f| format!("{folder}/{f}")));
        outputs.extend(RUN_FILES.iter().map(|f| format!("{folder}/{f}")));
    }
    outputs.push(MANIFEST_FILE.to_string());
    manifest.outputs = outputs;
    let json = manifest.to_json();
    let path = dir.join(MANIFEST_FILE);
    write_atomic(&path, |w| w.write_all(json.as_bytes())).map_err(|e| OutputError::write(&path, e))
}

/// Writes `comparison.csv` to `w`: the header [`COMPARISON_COLUMNS`], then one row per metric
/// (every metric, `METRICS` order), statistic (`horizon`, `average`) and scenario. Floats are
/// rounded to 7 significant digits; an empty value is an empty field.
pub fn write_comparison_csv(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    let err = |e: csv::Error| {
        let message = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            _ => io::Error::new(io::ErrorKind::InvalidData, message),
        }
    };
    csv.write_record(COMPARISON_COLUMNS).map_err(err)?;
    let mut scratch = String::new();
    let mut float = |x: f64| {
        if x.is_nan() {
            String::new()
        } else {
            scratch.clear();
            write_significant(&mut scratch, x);
            scratch.clone()
        }
    };
    let reference = &c.runs[0].label;
    for row in &c.rows {
        let s = &row.stats;
        let mut record = vec![
            row.metric.name().to_string(),
            row.statistic.name().to_string(),
            c.runs[row.scenario].label.clone(),
            s.n.to_string(),
            float(s.mean),
            float(s.sd),
            float(s.ci_low),
            float(s.ci_high),
        ];
        match &row.difference {
            Some(d) => {
                let pct = percent_change(
                    &c.values(row.metric, row.statistic, 0),
                    &c.values(row.metric, row.statistic, row.scenario),
                );
                record.extend([
                    reference.clone(),
                    d.n.to_string(),
                    float(d.mean),
                    float(d.sd),
                    float(d.ci_low),
                    float(d.ci_high),
                    float(pct.mean),
                    float(pct.ci_low),
                    float(pct.ci_high),
                ]);
            }
            None => record.extend(std::iter::repeat_n(String::new(), 9)),
        }
        csv.write_record(&record).map_err(err)?;
    }
    csv.flush()
}

/// The comparison table for `metrics`: a heading naming the scenarios, horizon, seed and
/// replications; a section "At month H" and a section "Average over months 1-H", each with one
/// row per metric and scenario (mean, 95% interval, and for every scenario after the first its
/// paired difference to the first with a 95% interval and a plain-words reading); then
/// footnotes on paired differences and the metrics' meanings. Means and intervals of one metric
/// share their decimals (3 significant digits of the largest mean); `-` marks an empty value.
pub fn comparison_table(c: &Comparison, metrics: &[Metric]) -> String {
    let mut out = String::new();
    let reference = &c.runs[0].label;
    let others: Vec<&str> = c.runs[1..].iter().map(|r| r.label.as_str()).collect();
    let h = c.months;
    let _ = writeln!(
        out,
        "Comparing {} scenarios over {h} month{}: {reference} (reference), {}",
        c.runs.len(),
        if h == 1 { "" } else { "s" },
        others.join(", ")
    );
    let _ = writeln!(
        out,
        "Every scenario ran the same {} replication{} with seed {}; means with 95% confidence intervals.",
        c.replications,
        if c.replications == 1 { "" } else { "s" },
        c.seed
    );
    for statistic in Statistic::ALL {
        let title = match statistic {
            Statistic::Horizon => format!("At month {h} (the horizon)"),
            Statistic::Average => format!("Average over months 1-{h}"),
        };
        let _ = writeln!(out, "\n{title}");
        out.push_str(&section(c, statistic, metrics));
    }
    let _ = writeln!(
        out,
        "\nDifferences are paired over common random numbers: replication r of every scenario used the\n\
         same random numbers, so each difference is the mean over replications of (scenario - {reference})\n\
         within a replication: noise the scenarios share cancels, so its interval is usually narrower.\n\
         Reading: higher/lower when the difference's 95% interval excludes 0, no clear difference when\n\
         it includes 0, identical when every replication gave the same value. \"-\": no value."
    );
    let _ = writeln!(out, "\nMetrics:");
    let width = metrics
        .iter()
        .map(|m| m.name().chars().count())
        .max()
        .unwrap_or(0);
    for m in metrics {
        let spec = m.spec();
        let _ = writeln!(
            out,
            "  {:<width$}  {} ({})",
            spec.name, spec.meaning, spec.unit
        );
    }
    out
}

/// One section of the table: the rows of `statistic` for `metrics`.
fn section(c: &Comparison, statistic: Statistic, metrics: &[Metric]) -> String {
    let header = [
        "metric".to_string(),
        "scenario".to_string(),
        "mean".to_string(),
        "95% CI".to_string(),
        format!("difference to {}", c.runs[0].label),
        "95% CI".to_string(),
        "reading".to_string(),
    ];
    let mut rows: Vec<(usize, [Cell; 7])> = Vec::new();
    for (group, &metric) in metrics.iter().enumerate() {
        let members: Vec<&ComparisonRow> = (0..c.runs.len())
            .map(|s| c.row(metric, statistic, s))
            .collect();
        let decimals = decimals_for_largest(members.iter().map(|r| r.stats.mean));
        for row in members {
            let name = if row.scenario == 0 { metric.name() } else { "" };
            let (mean, ci) = value_cells(&row.stats, decimals);
            let (diff, diff_ci, reading) = match &row.difference {
                None => (Cell::Empty, Cell::Empty, Cell::Empty),
                Some(d) => difference_cells(d, decimals),
            };
            rows.push((
                group,
                [
                    Cell::Text(name.to_string()),
                    Cell::Text(c.runs[row.scenario].label.clone()),
                    mean,
                    ci,
                    diff,
                    diff_ci,
                    reading,
                ],
            ));
        }
    }
    render(&header, &rows)
}

enum Cell {
    Empty,
    Text(String),
    Number(String),
    Ci(String, String),
}

/// Lays out `rows` under `header`: text left-aligned, numbers right-aligned; interval bounds
/// are aligned among the rows of one group (a metric), and every interval cell has the width of
/// the widest. No trailing spaces.
fn render(header: &[String; 7], rows: &[(usize, [Cell; 7])]) -> String {
    let len = |s: &str| s.chars().count();
    let groups = rows.iter().map(|(g, _)| g + 1).max().unwrap_or(0);
    let mut lo_w = vec![[0usize; 7]; groups];
    let mut hi_w = vec![[0usize; 7]; groups];
    for (g, row) in rows {
        for (c, cell) in row.iter().enumerate() {
            if let Cell::Ci(lo, hi) = cell {
                lo_w[*g][c] = lo_w[*g][c].max(len(lo));
                hi_w[*g][c] = hi_w[*g][c].max(len(hi));
            }
        }
    }
    let mut width = header.each_ref().map(|h| len(h));
    let mut numeric = [false; 7];
    for (g, row) in rows {
        for (c, cell) in row.iter().enumerate() {
            let w = match cell {
                Cell::Empty => 0,
                Cell::Text(s) => len(s),
                Cell::Number(s) => {
                    numeric[c] = true;
                    len(s)
                }
                Cell::Ci(..) => lo_w[*g][c] + hi_w[*g][c] + 4,
            };
            width[c] = width[c].max(w);
        }
    }
    let mut out = String::new();
    let mut line = String::new();
    for (c, h) in header.iter().enumerate() {
        let w = width[c];
        let _ = if numeric[c] {
            write!(line, "{h:>w$}  ")
        } else {
            write!(line, "{h:<w$}  ")
        };
    }
    out.push_str(line.trim_end());
    out.push('\n');
    for (g, row) in rows {
        line.clear();
        for (c, cell) in row.iter().enumerate() {
            let w = width[c];
            let _ = match cell {
                Cell::Empty => write!(line, "{:w$}  ", ""),
                Cell::Text(s) if numeric[c] => write!(line, "{s:>w$}  "),
                Cell::Text(s) => write!(line, "{s:<w$}  "),
                Cell::Number(s) => write!(line, "{s:>w$}  "),
                Cell::Ci(lo, hi) => {
                    let (lw, hw) = (lo_w[*g][c], hi_w[*g][c]);
                    let ci = format!("[{lo:>lw$}, {hi:>hw$}]");
                    write!(line, "{ci:<w$}  ")
                }
            };
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The mean and interval cells of a scenario's statistics.
fn value_cells(s: &Stats, decimals: usize) -> (Cell, Cell) {
    if s.mean.is_nan() {
        return (Cell::Text("-".into()), Cell::Text("-".into()));
    }
    let mean = Cell::Number(fixed(s.mean, decimals, false));
    let ci = if s.ci_low.is_nan() {
        Cell::Text("-".into())
    } else {
        Cell::Ci(
            fixed(s.ci_low, decimals, false),
            fixed(s.ci_high, decimals, false),
        )
    };
    (mean, ci)
}

/// The difference, its interval and its reading. Differences get the metric's decimals, more
/// when they are small (at least 2 significant digits, at most 6 decimals).
fn difference_cells(d: &Stats, decimals: usize) -> (Cell, Cell, Cell) {
    if d.mean.is_nan() {
        let dash = || Cell::Text("-".into());
        return (dash(), dash(), dash());
    }
    let decimals = if d.mean == 0.0 {
        decimals
    } else {
        decimals.max(decimals_for(d.mean.abs()).saturating_sub(1))
    };
    let mean = Cell::Number(fixed(d.mean, decimals, true));
    if d.ci_low.is_nan() {
        return (mean, Cell::Text("-".into()), Cell::Text("-".into()));
    }
    let ci = Cell::Ci(
        fixed(d.ci_low, decimals, true),
        fixed(d.ci_high, decimals, true),
    );
    let reading = if d.sd == 0.0 && d.mean == 0.0 {
        "identical"
    } else if d.ci_low > 0.0 {
        "higher"
    } else if d.ci_high < 0.0 {
        "lower"
    } else {
        "no clear difference"
    };
    (mean, ci, Cell::Text(reading.to_string()))
}

/// See [`super::headline::fixed_signed`].
fn fixed(x: f64, decimals: usize, signed: bool) -> String {
    super::headline::fixed_signed(x, decimals, signed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::compare::ScenarioRun;
    use crate::model::metrics::{METRIC_COUNT, ReplicationResult};
    use crate::scenario::default_scenario;

    fn result(replication: u32, perf: f64, retention: f64) -> ReplicationResult {
        let mut row = [f64::NAN; METRIC_COUNT];
        row[Metric::Performance as usize] = perf;
        row[Metric::Retention as usize] = retention;
        ReplicationResult {
            replication,
            months: vec![row, row],
            groups: Vec::new(),
            events: Vec::new(),
        }
    }

    /// Scenario "a" (performance 0.3, 0.5) against "b, c" (0.6, 0.9) and "a" again.
    fn comparison() -> Comparison {
        let mut scenario = default_scenario();
        scenario.months = 1;
        scenario.replications = 2;
        let run = |label: &str, results| ScenarioRun {
            label: label.to_string(),
            scenario: scenario.clone(),
            results,
        };
        Comparison::from_runs(vec![
            run("a", vec![result(0, 0.3, 0.9), result(1, 0.5, 0.9)]),
            run("b, c", vec![result(0, 0.6, 0.9), result(1, 0.9, 0.9)]),
            run("a-2", vec![result(0, 0.3, 0.9), result(1, 0.5, 0.9)]),
        ])
    }

    #[test]
    fn number_formatting() {
        assert_eq!(fixed(0.284, 3, true), "+0.284");
        assert_eq!(fixed(-0.284, 3, true), "-0.284");
        assert_eq!(fixed(-0.0001, 3, true), "0.000");
        assert_eq!(fixed(0.0001, 3, true), "0.000");
        assert_eq!(fixed(0.5, 3, false), "0.500");
        assert_eq!(decimals_for(0.0123), 4);
        assert_eq!(decimals_for(196.0), 0);
        assert_eq!(safe_file_name("b, c"), "b__c");
        assert_eq!(safe_file_name(".."), "scenario");
        assert_eq!(safe_file_name("control-2"), "control-2");
    }

    #[test]
    fn table_layout() {
        let c = comparison();
        let t = comparison_table(&c, &COMPARE_METRICS);
        let lines: Vec<&str> = t.lines().collect();
        assert!(
            lines[0].starts_with("Comparing 3 scenarios over 1 month: a (reference), b, c, a-2"),
            "{t}"
        );
        assert!(lines[1].contains("2 replications with seed"), "{t}");
        assert_eq!(lines[3], "At month 1 (the horizon)", "{t}");
        let header = lines[4];
        assert!(header.starts_with("metric"), "{t}");
        assert!(header.contains("difference to a"), "{t}");
        // Performance: a 0.400, b 0.750 (+0.350, differences 0.3 and 0.4), a-2 identical.
        assert!(lines[5].starts_with("performance  a "), "{t}");
        assert!(lines[5].contains("0.400  [-0.871, 1.671]"), "{t}");
        assert!(lines[6].contains("b, c"), "{t}");
        assert!(
            lines[6].contains("+0.350  [-0.285, +0.985]  no clear difference"),
            "{t}"
        );
        assert!(
            lines[7].contains("0.000  [ 0.000,  0.000]  identical"),
            "{t}"
        );
        // Agility is empty everywhere; retention is constant (zero-width intervals).
        assert!(
            lines[8].starts_with("agility") && lines[8].contains(" -"),
            "{t}"
        );
        assert!(lines[11].starts_with("retention"), "{t}");
        assert!(lines[11].contains("0.900  [0.900, 0.900]"), "{t}");
        // Interval columns line up.
        assert_eq!(lines[5].find('['), lines[6].find('['), "{t}");
        assert_eq!(lines[6].rfind('['), lines[7].rfind('['), "{t}");
        assert!(t.contains("Average over months 1-1"), "{t}");
        assert!(t.contains("paired over common random numbers"), "{t}");
        assert!(t.contains("Metrics:\n  performance  total output"), "{t}");
        for l in &lines {
            assert_eq!(l.trim_end(), *l);
        }
    }

    #[test]
    fn csv_rows() {
        let c = comparison();
        let mut bytes = Vec::new();
        write_comparison_csv(&mut bytes, &c).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], COMPARISON_COLUMNS.join(","));
        assert_eq!(lines.len(), 1 + METRIC_COUNT * 2 * 3);
        assert_eq!(
            lines[1],
            "performance,horizon,a,2,0.4,0.1414214,-0.8706205,1.67062,,,,,,,,,"
        );
        assert!(
            lines[2].starts_with("performance,horizon,\"b, c\",2,0.75,"),
            "{}",
            lines[2]
        );
        assert!(lines[2].contains(",a,2,0.35,"), "{}", lines[2]);
        // The change of the mean in percent: 0.75 / 0.4 − 1 = 87.5%.
        assert!(lines[2].contains(",87.5,"), "{}", lines[2]);
        assert_eq!(
            lines[3],
            "performance,horizon,a-2,2,0.4,0.1414214,-0.8706205,1.67062,a,2,0,0,0,0,0,0,0"
        );
        assert!(lines[4].starts_with("performance,average,a,"));
        assert!(lines[7].starts_with("agility,horizon,a,0,,,,,"));
    }

    #[test]
    fn folders_are_safe_and_unique() {
        let mut c = comparison();
        c.runs[2].label = "b__c".into();
        c.runs[0].label = "manifest.json".into();
        assert_eq!(scenario_folders(&c), ["manifest.json-2", "b__c", "b__c-2"]);
    }
}

//! What a results folder holds: the name of every file orgsim writes into one, declared once,
//! and which kind of results a folder is.
//!
//! Owns the file names, [`folder_kind`] (the one rule the report and the figures both use to
//! tell a run, a comparison, a sweep and an unfinished sweep apart), [`CsvTable`], the one
//! way both read a small results table whole, and the one way both stream a sweep's tables,
//! which grow with its points: [`PointsStream`] (`points.csv`, row by row) and
//! [`SummaryStream`] (`summary.csv`, row by row, each cell parsed only when asked for) and
//! [`TimeseriesStream`] (a sweep's `timeseries.csv`, likewise), in memory that does not grow
//! with the file. Does not turn the tables into what a page or a
//! figure shows (see `crate::output::report` and `crate::output::figures`) and does not write
//! them.

use crate::ground::stats::{Statistic, Stats};
use std::io;
use std::path::Path;

/// A run's (or every point's) monthly statistics over replications.
pub const TIMESERIES_FILE: &str = "timeseries.csv";
/// Monthly statistics per workforce group.
pub const GROUPS_FILE: &str = "groups.csv";
/// The interventions and shocks that happened, month by month.
pub const EVENTS_FILE: &str = "events.csv";
/// The statistics at the horizon and over the run.
pub const SUMMARY_FILE: &str = "summary.csv";
/// The values each replication drew for the scenario's uncertain inputs (`[uncertainty]`).
pub const UNCERTAINTY_FILE: &str = "uncertainty.csv";
/// What was run, by which orgsim, and which files belong to it; written last.
pub const MANIFEST_FILE: &str = "manifest.json";
/// A comparison's table of statistics and paired differences.
pub const COMPARISON_FILE: &str = "comparison.csv";
/// A comparison's probabilities of doing better than the reference, per outcome and scenario.
pub const SUCCESS_FILE: &str = "success.csv";
/// A comparison's break-even months against the reference, per scenario.
pub const BREAK_EVEN_FILE: &str = "break_even.csv";
/// A comparison's cumulative net value by month and scenario, with paired differences.
pub const CUMULATIVE_FILE: &str = "net_value_cumulative.csv";
/// A sweep's table of points.
pub const POINTS_FILE: &str = "points.csv";
/// A sweep folder's record of the sweep it holds (written by `orgsim sweep`).
pub const PLAN_FILE: &str = "plan.json";
/// A calibration's accepted parameter sets (written by `orgsim calibrate`).
pub const POSTERIOR_FILE: &str = "posterior.csv";
/// A calibration's fit: per target, its band and the posterior predictive summary.
pub const FIT_FILE: &str = "fit.csv";
/// A calibration's summary page.
pub const CALIBRATION_FILE: &str = "calibration.md";
/// The tidy table `orgsim export --long` writes.
pub const LONG_FILE: &str = "long.csv";
/// The page `orgsim report` writes.
pub const REPORT_FILE: &str = "report.html";
/// The folder of figure files.
pub const FIGURES_DIR: &str = "figures";
/// A Sobol' or Morris sweep's sensitivity indices (written by `orgsim sensitivity`).
pub const SENSITIVITY_FILE: &str = "sensitivity.csv";
/// An economy run's months of every sector, per replication (its presence makes a run an
/// economy run).
pub const SECTORS_FILE: &str = "sectors.csv";
/// An economy run's months of every region, per replication.
pub const REGIONS_FILE: &str = "regions.csv";
/// An economy run's months of every organisation, per replication (with `per_organisation`).
pub const ORGANISATIONS_FILE: &str = "organisations.csv";
/// An economy run's statistics over replications of the economy, each sector and each region.
pub const ECONOMY_SUMMARY_FILE: &str = "economy_summary.csv";
/// A comparison of economy policies: per area, month and metric, each policy's statistics and
/// its paired difference to the first.
pub const ECONOMY_COMPARISON_FILE: &str = "economy_comparison.csv";
/// Every file an economy run writes beside a run's own, in the order they are written.
pub const ECONOMY_FILES: [&str; 4] = [
    SECTORS_FILE,
    REGIONS_FILE,
    ORGANISATIONS_FILE,
    ECONOMY_SUMMARY_FILE,
];

pub mod economy;

/// Which results a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderKind {
    /// One scenario's run.
    Run,
    /// A comparison of scenarios.
    Compare,
    /// A complete sweep (or merged shards).
    Sweep,
    /// One economy scenario's run: a run's files of the whole economy, with its sectors' and
    /// regions' tables.
    Economy,
}

/// Why a folder holds no results to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoResults {
    /// A sweep that has not finished: its plan without its table of points or its manifest.
    UnfinishedSweep,
    /// Not a results folder of orgsim.
    NotResults,
}

/// The kind of the results folder `dir`, from the files it holds.
pub fn folder_kind(dir: &Path) -> Result<FolderKind, NoResults> {
    let has = |name: &str| dir.join(name).is_file();
    let planned = has(PLAN_FILE);
    // The manifest is written last, so a planned sweep without it has not finished.
    if planned && !(has(MANIFEST_FILE) && has(POINTS_FILE)) {
        return Err(NoResults::UnfinishedSweep);
    }
    if !has(MANIFEST_FILE) {
        Err(NoResults::NotResults)
    } else if has(COMPARISON_FILE) {
        Ok(FolderKind::Compare)
    } else if has(POINTS_FILE) {
        Ok(FolderKind::Sweep)
    } else if has(SUMMARY_FILE) && has(SECTORS_FILE) {
        Ok(FolderKind::Economy)
    } else if has(SUMMARY_FILE) {
        Ok(FolderKind::Run)
    } else {
        Err(NoResults::NotResults)
    }
}

/// A results table read whole: its header and its records (the tables read this way are small:
/// one row per month and metric, or per compared statistic).
pub struct CsvTable {
    pub columns: Vec<String>,
    pub rows: Vec<csv::StringRecord>,
}

/// Why a results table could not be read.
#[derive(Debug)]
pub enum CsvReadError {
    /// The file could not be opened.
    Open(io::Error),
    /// Its header or a record could not be read or parsed.
    Csv(csv::Error),
    /// A column is missing or a cell is not what orgsim writes there (the message says which,
    /// with the line).
    Invalid(String),
}

impl std::fmt::Display for CsvReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CsvReadError::Open(e) => write!(f, "cannot be read: {e}"),
            CsvReadError::Csv(e) => write!(f, "is not a table orgsim wrote: {e}"),
            CsvReadError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl CsvTable {
    /// The table in the CSV file at `path`.
    pub fn read(path: &Path) -> Result<CsvTable, CsvReadError> {
        let file = std::fs::File::open(path).map_err(CsvReadError::Open)?;
        let mut reader = csv::Reader::from_reader(file);
        let columns = reader
            .headers()
            .map_err(CsvReadError::Csv)?
            .iter()
            .map(String::from)
            .collect();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(CsvReadError::Csv)?;
        Ok(CsvTable { columns, rows })
    }

    /// The position of the column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The cell of `record` in the column named `column`; empty if there is no such column.
    pub fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.column(column)
            .and_then(|i| record.get(i))
            .unwrap_or("")
    }
}

/// One row of a comparison's `comparison.csv`: a scenario's statistic of one metric and, for
/// every scenario but the reference, its paired difference to the reference.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonRow {
    pub metric: String,
    pub statistic: Statistic,
    pub scenario: String,
    /// Over the scenario's replications.
    pub stats: Stats,
    /// The reference scenario of the difference (empty for the reference itself).
    pub difference_to: String,
    /// The paired difference scenario − reference, when the row has one (`diff_n` written).
    pub difference: Option<Stats>,
}

/// The rows of the `comparison.csv` at `path`, in file order.
pub fn read_comparison(path: &Path) -> Result<Vec<ComparisonRow>, CsvReadError> {
    let table = CsvTable::read(path)?;
    let required = |name: &str| {
        table
            .column(name)
            .ok_or_else(|| CsvReadError::Invalid(format!("no `{name}` column")))
    };
    let [metric, statistic, scenario, to] =
        ["metric", "statistic", "scenario", "difference_to"].map(required);
    let (metric, statistic, scenario, to) = (metric?, statistic?, scenario?, to?);
    for name in ["diff_n", "diff_mean", "diff_ci_low", "diff_ci_high"] {
        required(name)?;
    }
    let cell = |record: &csv::StringRecord, col: usize| record.get(col).unwrap_or("").to_string();
    let stats = |record: &csv::StringRecord, prefix: &str| {
        let num = |name: &str| parse_cell(table.get(record, &format!("{prefix}{name}")));
        Stats {
            n: num("n").max(0.0) as u64,
            mean: num("mean"),
            sd: num("sd"),
            ci_low: num("ci_low"),
            ci_high: num("ci_high"),
        }
    };
    table
        .rows
        .iter()
        .map(|record| {
            let name = record.get(statistic).unwrap_or("");
            let Some(statistic) = Statistic::from_name(name) else {
                return Err(CsvReadError::Invalid(format!("unknown statistic `{name}`")));
            };
            Ok(ComparisonRow {
                metric: cell(record, metric),
                statistic,
                scenario: cell(record, scenario),
                stats: stats(record, ""),
                difference_to: record.get(to).unwrap_or("").trim().to_string(),
                difference: (!table.get(record, "diff_n").is_empty())
                    .then(|| stats(record, "diff_")),
            })
        })
        .collect()
}

/// A sweep's `points.csv`, streamed: one point a row, with its id, its value of each varied
/// key (the columns between `point` and `status`), its status and its error.
pub struct PointsStream {
    records: Records,
    keys: Vec<String>,
    point: usize,
    status: usize,
    error: Option<usize>,
}

/// One row of `points.csv`.
pub struct PointsRow<'s> {
    pub id: u64,
    record: &'s csv::StringRecord,
    first_key: usize,
    keys: usize,
    status: usize,
    error: Option<usize>,
}

impl PointsRow<'_> {
    /// The point's value of key `k` (in the order of [`PointsStream::keys`]), as written.
    pub fn value(&self, k: usize) -> &str {
        if k >= self.keys {
            return "";
        }
        self.record.get(self.first_key + k).unwrap_or("")
    }
    /// Every key's value, as written.
    pub fn values(&self) -> Vec<String> {
        (0..self.keys).map(|k| self.value(k).to_string()).collect()
    }
    /// `ok`, or why the point did not run.
    pub fn status(&self) -> &str {
        self.record.get(self.status).unwrap_or("")
    }
    /// The error of a point that did not run (empty otherwise).
    pub fn error(&self) -> &str {
        self.error.and_then(|c| self.record.get(c)).unwrap_or("")
    }
}

impl PointsStream {
    /// `points.csv` at `path`, its header read and checked.
    pub fn open(path: &Path) -> Result<PointsStream, CsvReadError> {
        let (records, headers) = Records::open(path)?;
        let column = |name: &str| required_column(&headers, name);
        let point = column("point")?;
        let status = column("status")?;
        if status <= point {
            return Err(CsvReadError::Invalid(
                "the key columns must lie between `point` and `status`".to_string(),
            ));
        }
        let keys = headers
            .iter()
            .skip(point + 1)
            .take(status - point - 1)
            .map(str::to_string)
            .collect();
        Ok(PointsStream {
            records,
            keys,
            point,
            status,
            error: headers.iter().position(|h| h == "error"),
        })
    }

    /// The varied keys, in column order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The next point, or None at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<PointsRow<'_>>, CsvReadError> {
        if !self.records.advance()? {
            return Ok(None);
        }
        let records = &self.records;
        let id = whole_number(&records.record, self.point, records.line)?;
        Ok(Some(PointsRow {
            id,
            record: &records.record,
            first_key: self.point + 1,
            keys: self.keys.len(),
            status: self.status,
            error: self.error,
        }))
    }
}

/// The columns of a `summary.csv` (a run's has no `point`).
struct SummaryColumns {
    point: Option<usize>,
    month: usize,
    metric: usize,
    n: usize,
    mean: usize,
    sd: usize,
    lo: usize,
    hi: usize,
    /// The predictive interval's columns (absent in folders written before they existed).
    pi: Option<(usize, usize)>,
}

/// A `summary.csv`, streamed: the statistics of each metric by month (of each point, for a
/// sweep's).
pub struct SummaryStream {
    records: Records,
    cols: SummaryColumns,
}

/// One row of `summary.csv`; its cells are parsed when asked for.
pub struct SummaryRow<'s> {
    record: &'s csv::StringRecord,
    cols: &'s SummaryColumns,
    /// The row's line in the file (the header is line 1).
    pub line: u64,
}

impl SummaryRow<'_> {
    /// The metric's name, as written.
    pub fn metric(&self) -> &str {
        self.record.get(self.cols.metric).unwrap_or("")
    }
    /// The month.
    pub fn month(&self) -> Result<u32, CsvReadError> {
        let m = whole_number(self.record, self.cols.month, self.line)?;
        u32::try_from(m).map_err(|_| {
            CsvReadError::Invalid(format!("line {}: month {m} is too large", self.line))
        })
    }
    /// The point's id (an error for a run's table, which has no points).
    pub fn point(&self) -> Result<u64, CsvReadError> {
        let col = self
            .cols
            .point
            .ok_or_else(|| CsvReadError::Invalid("no `point` column".to_string()))?;
        whole_number(self.record, col, self.line)
    }
    /// The statistics over the point's replications (an empty or unreadable cell is NaN, an
    /// unreadable count 0).
    pub fn stats(&self) -> Stats {
        let cell = |c: usize| parse_cell(self.record.get(c).unwrap_or(""));
        Stats {
            n: cell(self.cols.n).max(0.0) as u64,
            mean: cell(self.cols.mean),
            sd: cell(self.cols.sd),
            ci_low: cell(self.cols.lo),
            ci_high: cell(self.cols.hi),
        }
    }
    /// The predictive interval (`pi_low`, `pi_high`): where the level's share of single
    /// replications' values lie; NaN when empty or when the table has no such columns.
    pub fn predictive(&self) -> (f64, f64) {
        let cell = |c: usize| parse_cell(self.record.get(c).unwrap_or(""));
        self.cols
            .pi
            .map_or((f64::NAN, f64::NAN), |(lo, hi)| (cell(lo), cell(hi)))
    }
}

impl SummaryStream {
    /// A sweep's `summary.csv` at `path`, its header read and checked.
    pub fn open(path: &Path) -> Result<SummaryStream, CsvReadError> {
        SummaryStream::open_with(path, true)
    }

    /// A run's `summary.csv` at `path` (no `point` column needed), its header read and checked.
    pub fn open_run(path: &Path) -> Result<SummaryStream, CsvReadError> {
        SummaryStream::open_with(path, false)
    }

    fn open_with(path: &Path, points: bool) -> Result<SummaryStream, CsvReadError> {
        let (records, headers) = Records::open(path)?;
        let col = |name: &str| required_column(&headers, name);
        let cols = SummaryColumns {
            point: if points {
                Some(col("point")?)
            } else {
                headers.iter().position(|h| h == "point")
            },
            month: col("month")?,
            metric: col("metric")?,
            n: col("n")?,
            mean: col("mean")?,
            sd: col("sd")?,
            lo: col("ci_low")?,
            hi: col("ci_high")?,
            pi: col("pi_low").ok().zip(col("pi_high").ok()),
        };
        Ok(SummaryStream { records, cols })
    }

    /// The next row, or None at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<SummaryRow<'_>>, CsvReadError> {
        if !self.records.advance()? {
            return Ok(None);
        }
        Ok(Some(SummaryRow {
            record: &self.records.record,
            cols: &self.cols,
            line: self.records.line,
        }))
    }
}

/// The metrics and months a sweep's `summary.csv` holds, each once, in first-seen order.
pub fn summary_metrics_and_months(path: &Path) -> Result<(Vec<String>, Vec<u32>), CsvReadError> {
    let mut stream = SummaryStream::open(path)?;
    let mut metrics: Vec<String> = Vec::new();
    let mut months: Vec<u32> = Vec::new();
    while let Some(row) = stream.next_row()? {
        if !metrics.iter().any(|m| m == row.metric()) {
            metrics.push(row.metric().to_string());
        }
        let month = row.month()?;
        if !months.contains(&month) {
            months.push(month);
        }
    }
    Ok((metrics, months))
}

/// Each point's statistics of `metrics` at `months`, from a sweep's `summary.csv` of
/// `points` points: `table[m][t][p]` is metric `metrics[m]` at month `months[t]` of point p
/// (None where the file has no row; a row for a point id of `points` or more is an error).
pub fn read_point_stats(
    path: &Path,
    metrics: &[String],
    months: &[u32],
    points: usize,
) -> Result<Vec<Vec<Vec<Option<Stats>>>>, CsvReadError> {
    let mut table = vec![vec![vec![None; points]; months.len()]; metrics.len()];
    let mut stream = SummaryStream::open(path)?;
    while let Some(row) = stream.next_row()? {
        let Some(m) = metrics.iter().position(|name| name == row.metric()) else {
            continue;
        };
        let month = row.month()?;
        let Some(t) = months.iter().position(|&x| x == month) else {
            continue;
        };
        let point = row.point()?;
        let line = row.line;
        let cell = usize::try_from(point)
            .ok()
            .and_then(|p| table[m][t].get_mut(p))
            .ok_or_else(|| {
                CsvReadError::Invalid(format!(
                    "line {line}: point {point} is not one of the sweep's {points} points"
                ))
            })?;
        *cell = Some(row.stats());
    }
    Ok(table)
}

/// A `timeseries.csv`, streamed: one row per point (a sweep's) or scenario (a run's),
/// replication and kept month, with a column per kept metric.
pub struct TimeseriesStream {
    records: Records,
    columns: Vec<String>,
    /// The `point` column of a sweep's table, the `scenario` column of a run's.
    point: usize,
    replication: usize,
    month: usize,
}

/// One row of a sweep's `timeseries.csv`; its cells are parsed when asked for.
pub struct TimeseriesRow<'s> {
    record: &'s csv::StringRecord,
    stream: &'s TimeseriesStream,
    /// The row's line in the file (the header is line 1).
    pub line: u64,
}

impl TimeseriesRow<'_> {
    /// The point's id.
    pub fn point(&self) -> Result<u64, CsvReadError> {
        whole_number(self.record, self.stream.point, self.line)
    }
    /// The replication.
    pub fn replication(&self) -> Result<u64, CsvReadError> {
        whole_number(self.record, self.stream.replication, self.line)
    }
    /// The month.
    pub fn month(&self) -> Result<u64, CsvReadError> {
        whole_number(self.record, self.stream.month, self.line)
    }
    /// The value in column `col` (from [`TimeseriesStream::column`]); empty is NaN.
    pub fn value(&self, col: usize) -> f64 {
        parse_cell(self.record.get(col).unwrap_or(""))
    }
}

impl TimeseriesStream {
    /// A sweep's `timeseries.csv` at `path`, its header read and checked.
    pub fn open(path: &Path) -> Result<TimeseriesStream, CsvReadError> {
        TimeseriesStream::open_with(path, "point")
    }

    /// A run's `timeseries.csv` (one scenario's replications) at `path`, its header read and
    /// checked.
    pub fn open_run(path: &Path) -> Result<TimeseriesStream, CsvReadError> {
        TimeseriesStream::open_with(path, "scenario")
    }

    fn open_with(path: &Path, group: &str) -> Result<TimeseriesStream, CsvReadError> {
        let (records, headers) = Records::open(path)?;
        let col = |name: &str| required_column(&headers, name);
        let (point, replication, month) = (col(group)?, col("replication")?, col("month")?);
        Ok(TimeseriesStream {
            records,
            point,
            replication,
            month,
            columns: headers.iter().map(String::from).collect(),
        })
    }

    /// The metric columns: every column but the group, replication and month, with its
    /// position.
    pub fn metric_columns(&self) -> impl Iterator<Item = (&str, usize)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != self.point && i != self.replication && i != self.month)
            .map(|(i, c)| (c.as_str(), i))
    }

    /// The position of the column named `name` (a metric's).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The next row, or None at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<TimeseriesRow<'_>>, CsvReadError> {
        if !self.records.advance()? {
            return Ok(None);
        }
        Ok(Some(TimeseriesRow {
            record: &self.records.record,
            stream: self,
            line: self.records.line,
        }))
    }
}

/// A CSV file read a record at a time into one reused buffer: what the streams share.
struct Records {
    reader: csv::Reader<std::fs::File>,
    record: csv::StringRecord,
    /// The line of the record last read (the header is line 1).
    line: u64,
}

impl Records {
    /// The file at `path` and its header.
    fn open(path: &Path) -> Result<(Records, csv::StringRecord), CsvReadError> {
        let file = std::fs::File::open(path).map_err(CsvReadError::Open)?;
        let mut reader = csv::Reader::from_reader(file);
        let headers = reader.headers().map_err(CsvReadError::Csv)?.clone();
        let records = Records {
            reader,
            record: csv::StringRecord::new(),
            line: 1,
        };
        Ok((records, headers))
    }

    /// Reads the next record into `record`; false at the end of the file.
    fn advance(&mut self) -> Result<bool, CsvReadError> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(CsvReadError::Csv)?;
        self.line += u64::from(more);
        Ok(more)
    }
}

/// The position of the column called `name`, which the file must have.
fn required_column(headers: &csv::StringRecord, name: &str) -> Result<usize, CsvReadError> {
    headers
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| CsvReadError::Invalid(format!("no `{name}` column")))
}

/// The whole number in column `col` of `record`, at `line`.
fn whole_number(record: &csv::StringRecord, col: usize, line: u64) -> Result<u64, CsvReadError> {
    record
        .get(col)
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| {
            CsvReadError::Invalid(format!(
                "line {line}: `{}` is not a whole number",
                record.get(col).unwrap_or("")
            ))
        })
}

/// A CSV number; empty (or unreadable) is NaN.
pub fn parse_cell(text: &str) -> f64 {
    text.trim().parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(files: &[&str]) -> Result<FolderKind, NoResults> {
        let dir = std::env::temp_dir().join(format!(
            "orgsim-kind-{}-{}",
            std::process::id(),
            files.join("+")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for name in files {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let kind = folder_kind(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        kind
    }

    #[test]
    fn kinds_follow_the_files() {
        use NoResults::{NotResults, UnfinishedSweep};
        assert_eq!(kind_of(&[]), Err(NotResults));
        assert_eq!(kind_of(&[SUMMARY_FILE]), Err(NotResults));
        assert_eq!(kind_of(&[MANIFEST_FILE]), Err(NotResults));
        assert_eq!(kind_of(&[MANIFEST_FILE, SUMMARY_FILE]), Ok(FolderKind::Run));
        let compare = [MANIFEST_FILE, COMPARISON_FILE];
        assert_eq!(kind_of(&compare), Ok(FolderKind::Compare));
        let sweep = [MANIFEST_FILE, PLAN_FILE, POINTS_FILE, SUMMARY_FILE];
        assert_eq!(kind_of(&sweep), Ok(FolderKind::Sweep));
        assert_eq!(kind_of(&[PLAN_FILE]), Err(UnfinishedSweep));
        assert_eq!(kind_of(&[MANIFEST_FILE, PLAN_FILE]), Err(UnfinishedSweep));
        // The points are written before the manifest: a sweep stopped between the two.
        let stopped = [PLAN_FILE, POINTS_FILE, SUMMARY_FILE];
        assert_eq!(kind_of(&stopped), Err(UnfinishedSweep));
    }

    /// A fresh file `name` holding `text`, in a folder of this test process.
    fn table(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("orgsim-streams-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn invalid(e: CsvReadError) -> String {
        match e {
            CsvReadError::Invalid(message) => message,
            CsvReadError::Open(e) => panic!("open: {e}"),
            CsvReadError::Csv(e) => panic!("csv: {e}"),
        }
    }

    #[test]
    fn points_stream_reads_keys_values_status_and_error() {
        let path = table(
            "points.csv",
            "point,a.b,c.d,status,error\n0,0.1,x,ok,\n7,0.2,y,invalid,too big\n",
        );
        let mut stream = PointsStream::open(&path).unwrap();
        assert_eq!(stream.keys(), ["a.b", "c.d"]);
        let row = stream.next_row().unwrap().unwrap();
        assert_eq!(
            (row.id, row.values(), row.status()),
            (0, vec!["0.1".into(), "x".into()], "ok")
        );
        let row = stream.next_row().unwrap().unwrap();
        assert_eq!(
            (row.id, row.value(1), row.status(), row.error()),
            (7, "y", "invalid", "too big")
        );
        assert_eq!(row.value(2), "");
        assert!(stream.next_row().unwrap().is_none());
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn points_stream_refuses_missing_columns_and_bad_ids_with_the_line() {
        let path = table("no-status.csv", "point,a\n0,1\n");
        let message = invalid(PointsStream::open(&path).err().expect("no status column"));
        assert!(message.contains("no `status` column"), "{message}");
        std::fs::remove_file(path).unwrap();
        let path = table("bad-id.csv", "point,a,status,error\n0,1,ok,\nx,1,ok,\n");
        let mut stream = PointsStream::open(&path).unwrap();
        assert!(stream.next_row().unwrap().is_some());
        let message = invalid(stream.next_row().err().expect("a bad id"));
        assert!(
            message.contains("line 3") && message.contains("`x`"),
            "{message}"
        );
    }

    #[test]
    fn summary_stream_parses_cells_when_asked_with_the_line_in_errors() {
        let path = table(
            "summary.csv",
            "scenario,point,month,metric,n,mean,sd,ci_low,ci_high\n\
             s,3,12,performance,5,0.5,0.1,0.4,0.6\n\
             s,3,12,retention,,,,,\n\
             s,4,-1,performance,1,0.5,,,\n",
        );
        let mut stream = SummaryStream::open(&path).unwrap();
        let row = stream.next_row().unwrap().unwrap();
        assert_eq!(
            (row.point().unwrap(), row.month().unwrap(), row.metric()),
            (3, 12, "performance")
        );
        let stats = row.stats();
        assert_eq!((stats.n, stats.mean, stats.ci_high), (5, 0.5, 0.6));
        let row = stream.next_row().unwrap().unwrap();
        let empty = row.stats();
        assert!(empty.n == 0 && empty.mean.is_nan() && empty.sd.is_nan());
        let row = stream.next_row().unwrap().unwrap();
        assert_eq!(row.line, 4);
        let message = invalid(row.month().expect_err("a negative month"));
        assert!(
            message.contains("line 4") && message.contains("`-1`"),
            "{message}"
        );
        assert!(stream.next_row().unwrap().is_none());
        let path = table(
            "no-sd.csv",
            "scenario,point,month,metric,n,mean,ci_low,ci_high\n",
        );
        let message = invalid(SummaryStream::open(&path).err().expect("no sd column"));
        assert!(message.contains("no `sd` column"), "{message}");
        std::fs::remove_file(path).unwrap();
    }
}

//! What a results folder holds: the name of every file orgsim writes into one, declared once,
//! and which kind of results a folder is.
//!
//! Owns the file names, [`folder_kind`] (the one rule the report and the figures both use to
//! tell a run, a comparison, a sweep and an unfinished sweep apart) and [`CsvTable`], the one
//! way both read a results table whole. Does not turn the tables into what a page or a figure
//! shows (see `crate::output::report` and `crate::output::figures`) and does not write them.

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
/// What was run, by which orgsim, and which files belong to it; written last.
pub const MANIFEST_FILE: &str = "manifest.json";
/// A comparison's table of statistics and paired differences.
pub const COMPARISON_FILE: &str = "comparison.csv";
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
/// The page `orgsim report` writes.
pub const REPORT_FILE: &str = "report.html";
/// The folder of figure files.
pub const FIGURES_DIR: &str = "figures";

/// Which results a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderKind {
    /// One scenario's run.
    Run,
    /// A comparison of scenarios.
    Compare,
    /// A complete sweep (or merged shards).
    Sweep,
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
pub enum CsvReadError {
    /// The file could not be opened.
    Open(io::Error),
    /// Its header or a record could not be read or parsed.
    Csv(csv::Error),
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
}

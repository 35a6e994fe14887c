//! Reading an economy's tables back: `economy_summary.csv` (statistics over replications of
//! the economy, each sector and each region) and `economy_comparison.csv` (a policy
//! comparison), typed, for the figures and the report.
//!
//! Owns the columns both tables have and the one reader of each. Does not write them (see
//! `crate::output::economy`).

use super::{CsvReadError, CsvTable, parse_cell};
use crate::experiment::economy_compare::Level;
use crate::ground::stats::Stats;
use std::path::Path;

/// The columns of `economy_summary.csv`.
pub const ECONOMY_SUMMARY_COLUMNS: [&str; 11] = [
    "level", "area", "month", "metric", "n", "mean", "sd", "ci_low", "ci_high", "pi_low", "pi_high",
];

/// The columns of `economy_comparison.csv`.
pub const ECONOMY_COMPARISON_COLUMNS: [&str; 16] = [
    "level",
    "area",
    "month",
    "metric",
    "policy",
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
];

/// One row of `economy_summary.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaSummaryRow {
    pub level: Level,
    pub area: String,
    pub month: u32,
    pub metric: String,
    pub stats: Stats,
    /// The predictive interval (where the manifest's share of single replications lie).
    pub pi: (f64, f64),
}

/// One row of `economy_comparison.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRow {
    pub level: Level,
    pub area: String,
    pub month: u32,
    pub metric: String,
    pub policy: String,
    pub stats: Stats,
    /// The reference policy of the difference (empty for the reference itself).
    pub difference_to: String,
    pub difference: Option<Stats>,
}

/// The table at `path` with every column of `columns` present.
fn read_checked(path: &Path, columns: &[&str]) -> Result<CsvTable, CsvReadError> {
    let table = CsvTable::read(path)?;
    if let Some(missing) = columns.iter().find(|c| table.column(c).is_none()) {
        return Err(CsvReadError::Invalid(format!("no `{missing}` column")));
    }
    Ok(table)
}

fn stats_of(table: &CsvTable, record: &csv::StringRecord, prefix: &str) -> Stats {
    let num = |name: &str| parse_cell(table.get(record, &format!("{prefix}{name}")));
    Stats {
        n: num("n").max(0.0) as u64,
        mean: num("mean"),
        sd: num("sd"),
        ci_low: num("ci_low"),
        ci_high: num("ci_high"),
    }
}

fn level_and_month(
    table: &CsvTable,
    record: &csv::StringRecord,
    line: usize,
) -> Result<(Level, u32), CsvReadError> {
    let name = table.get(record, "level");
    let level = Level::from_name(name).ok_or_else(|| {
        CsvReadError::Invalid(format!(
            "line {line}: unknown level `{name}` (economy, sector or region)"
        ))
    })?;
    let text = table.get(record, "month");
    let month = text.trim().parse::<u32>().map_err(|_| {
        CsvReadError::Invalid(format!("line {line}: month `{text}` is not a whole number"))
    })?;
    Ok((level, month))
}

/// The rows of the `economy_summary.csv` at `path`, in file order.
pub fn read_economy_summary(path: &Path) -> Result<Vec<AreaSummaryRow>, CsvReadError> {
    let table = read_checked(path, &ECONOMY_SUMMARY_COLUMNS)?;
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let (level, month) = level_and_month(&table, record, i + 2)?;
            Ok(AreaSummaryRow {
                level,
                area: table.get(record, "area").to_string(),
                month,
                metric: table.get(record, "metric").to_string(),
                stats: stats_of(&table, record, ""),
                pi: (
                    parse_cell(table.get(record, "pi_low")),
                    parse_cell(table.get(record, "pi_high")),
                ),
            })
        })
        .collect()
}

/// The rows of the `economy_comparison.csv` at `path`, in file order.
pub fn read_economy_comparison(path: &Path) -> Result<Vec<PolicyRow>, CsvReadError> {
    let table = read_checked(path, &ECONOMY_COMPARISON_COLUMNS)?;
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let (level, month) = level_and_month(&table, record, i + 2)?;
            Ok(PolicyRow {
                level,
                area: table.get(record, "area").to_string(),
                month,
                metric: table.get(record, "metric").to_string(),
                policy: table.get(record, "policy").to_string(),
                stats: stats_of(&table, record, ""),
                difference_to: table.get(record, "difference_to").trim().to_string(),
                difference: (!table.get(record, "diff_n").is_empty())
                    .then(|| stats_of(&table, record, "diff_")),
            })
        })
        .collect()
}

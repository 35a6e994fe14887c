//! `sensitivity.csv`: a Sobol' or Morris sweep's sensitivity indices, written, read back and
//! ranked for the terminal, the figures and the report.
//!
//! Owns the file's columns (`metric,month,parameter,index,estimate,ci_low,ci_high`, numbers
//! as the other tables write them), its atomic writing, reading it back ([`read_sensitivity`],
//! through `results_folder::CsvTable`), the ranking of the levers of one metric at one month
//! ([`levers`]) and the terminal's ranked tables. Does not compute the indices (see
//! `crate::experiment::sensitivity_study`) or read the sweep.

use super::number_format::write_significant;
use super::results_folder::{CsvReadError, CsvTable, parse_cell};
use crate::experiment::sensitivity_study::{IndexKind, IndexRow, Study};
use crate::ground::atomic::write_atomic;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// The header of `sensitivity.csv`.
pub const SENSITIVITY_COLUMNS: [&str; 7] = [
    "metric",
    "month",
    "parameter",
    "index",
    "estimate",
    "ci_low",
    "ci_high",
];

/// One row of `sensitivity.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityRecord {
    pub metric: String,
    pub month: u32,
    pub row: IndexRow,
}

/// A number as the tables write it (empty for NaN).
fn number(out: &mut String, x: f64) {
    if !x.is_nan() {
        write_significant(out, x);
    }
}

/// A CSV cell: quoted when it holds a comma, quote or line break.
fn cell(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        let _ = write!(out, "\"{}\"", text.replace('"', "\"\""));
    } else {
        out.push_str(text);
    }
}

/// The text of `sensitivity.csv` for `studies` (metric, month, indices), in the given order.
pub fn sensitivity_csv(studies: &[(String, u32, Study)]) -> String {
    let mut out = SENSITIVITY_COLUMNS.join(",");
    out.push('\n');
    for (metric, month, study) in studies {
        for row in &study.rows {
            cell(&mut out, metric);
            let _ = write!(out, ",{month},");
            cell(&mut out, &row.parameter);
            let _ = write!(out, ",{},", row.index.name());
            number(&mut out, row.estimate);
            out.push(',');
            if let Some((low, high)) = row.interval {
                number(&mut out, low);
                out.push(',');
                number(&mut out, high);
            } else {
                out.push(',');
            }
            out.push('\n');
        }
    }
    out
}

/// Writes `sensitivity.csv` at `path` atomically.
pub fn write_sensitivity(path: &Path, studies: &[(String, u32, Study)]) -> io::Result<()> {
    let text = sensitivity_csv(studies);
    write_atomic(path, |w| w.write_all(text.as_bytes()))
}

/// The rows of the `sensitivity.csv` at `path`, in file order.
pub fn read_sensitivity(path: &Path) -> Result<Vec<SensitivityRecord>, CsvReadError> {
    let table = CsvTable::read(path)?;
    for name in SENSITIVITY_COLUMNS {
        if table.column(name).is_none() {
            return Err(CsvReadError::Invalid(format!("no `{name}` column")));
        }
    }
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let line = i + 2;
            let get = |name: &str| table.get(record, name);
            let month = get("month").trim().parse().map_err(|_| {
                CsvReadError::Invalid(format!(
                    "line {line}: month `{}` is not a whole number",
                    get("month")
                ))
            })?;
            let index = IndexKind::from_name(get("index").trim()).ok_or_else(|| {
                CsvReadError::Invalid(format!("line {line}: unknown index `{}`", get("index")))
            })?;
            let (low, high) = (parse_cell(get("ci_low")), parse_cell(get("ci_high")));
            Ok(SensitivityRecord {
                metric: get("metric").to_string(),
                month,
                row: IndexRow {
                    parameter: get("parameter").to_string(),
                    index,
                    estimate: parse_cell(get("estimate")),
                    interval: (!low.is_nan() && !high.is_nan()).then_some((low, high)),
                },
            })
        })
        .collect()
}

/// Which analysis the rows hold: `sobol` (ST rows), `morris` (mu_star rows) or None.
pub fn method_of(records: &[SensitivityRecord]) -> Option<&'static str> {
    if records.iter().any(|r| r.row.index == IndexKind::St) {
        Some("sobol")
    } else if records.iter().any(|r| r.row.index == IndexKind::MuStar) {
        Some("morris")
    } else {
        None
    }
}

/// One lever of one metric at one month: its ranking index (ST or mu_star) and its second
/// index (S1 or sigma), with their intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    pub parameter: String,
    pub main: IndexRow,
    pub second: Option<IndexRow>,
}

/// The levers of `metric` at `month`, largest ranking index first (ties in key order), and
/// the noise share when the rows have it.
pub fn levers(
    records: &[SensitivityRecord],
    metric: &str,
    month: u32,
) -> (Vec<Lever>, Option<f64>) {
    let here: Vec<&IndexRow> = records
        .iter()
        .filter(|r| r.metric == metric && r.month == month)
        .map(|r| &r.row)
        .collect();
    let (main, second) = match method_of(records) {
        Some("sobol") => (IndexKind::St, IndexKind::S1),
        _ => (IndexKind::MuStar, IndexKind::Sigma),
    };
    let mut levers: Vec<Lever> = here
        .iter()
        .filter(|r| r.index == main)
        .map(|r| Lever {
            parameter: r.parameter.clone(),
            main: (*r).clone(),
            second: here
                .iter()
                .find(|s| s.index == second && s.parameter == r.parameter)
                .map(|s| (*s).clone()),
        })
        .collect();
    levers.sort_by(|a, b| b.main.estimate.total_cmp(&a.main.estimate));
    let noise = here
        .iter()
        .find(|r| r.index == IndexKind::NoiseShare)
        .map(|r| r.estimate);
    (levers, noise)
}

/// Metrics and months of the rows, each once, in file order.
pub fn metrics_and_months(records: &[SensitivityRecord]) -> Vec<(String, u32)> {
    let mut seen: Vec<(String, u32)> = Vec::new();
    for r in records {
        if !seen.iter().any(|(m, t)| *m == r.metric && *t == r.month) {
            seen.push((r.metric.clone(), r.month));
        }
    }
    seen
}

/// A number for the terminal and the report: 3 significant digits, never in exponent form
/// for the magnitudes indices take.
pub fn short(x: f64) -> String {
    if x.is_nan() {
        return "–".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = (2 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.digits$}")
}

fn with_interval(row: &IndexRow) -> String {
    match row.interval {
        Some((low, high)) => format!("{} [{}, {}]", short(row.estimate), short(low), short(high)),
        None => short(row.estimate),
    }
}

/// Most levers the terminal lists per metric.
pub const TERMINAL_LEVERS: usize = 10;

/// The ranked tables of the levers, one per metric at its month (`records` for the months
/// shown), with the noise share and what the magnitudes rest on.
pub fn terminal_tables(records: &[SensitivityRecord], shown: &[(String, u32)]) -> String {
    let sobol = method_of(records) == Some("sobol");
    let (main, second) = if sobol {
        ("ST (total)", "S1 (alone)")
    } else {
        ("mu* (mean |effect|)", "sigma (spread)")
    };
    let mut out = String::new();
    for (metric, month) in shown {
        let (levers, noise) = levers(records, metric, *month);
        let noise = match noise {
            Some(share) => format!("replication noise: {:.0}% of the variance", 100.0 * share),
            None => "replication noise: unknown (one replication a point)".into(),
        };
        let _ = writeln!(out, "{metric} at month {month} ({noise})");
        let width = levers
            .iter()
            .take(TERMINAL_LEVERS)
            .map(|l| l.parameter.chars().count())
            .max()
            .unwrap_or(0)
            .max("parameter".len());
        let _ = writeln!(
            out,
            "  {:>4}  {:<width$}  {:<26}  {}",
            "rank", "parameter", main, second
        );
        for (rank, lever) in levers.iter().take(TERMINAL_LEVERS).enumerate() {
            let second = lever.second.as_ref().map_or("–".into(), with_interval);
            let _ = writeln!(
                out,
                "  {:>4}  {:<width$}  {:<26}  {second}",
                rank + 1,
                lever.parameter,
                with_interval(&lever.main)
            );
        }
        if levers.len() > TERMINAL_LEVERS {
            let _ = writeln!(
                out,
                "  … {} more in sensitivity.csv",
                levers.len() - TERMINAL_LEVERS
            );
        }
        out.push('\n');
    }
    if sobol {
        out.push_str(
            "ST: share of the output variance the choice explains with its interactions; S1: alone.\n",
        );
    } else {
        out.push_str(
            "mu*: mean absolute change of the output over a step across the choice's whole range; sigma: how much that change varies (interactions, nonlinearity).\n",
        );
    }
    out.push_str(
        "Intervals: 95% bootstrap. The indices rank choices within the model: their magnitudes \
         come from its coefficients, most of them illustrative (see below).\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(parameter: &str, index: IndexKind, estimate: f64, ci: Option<(f64, f64)>) -> IndexRow {
        IndexRow {
            parameter: parameter.into(),
            index,
            estimate,
            interval: ci,
        }
    }

    #[test]
    fn written_rows_read_back_and_rank() {
        let study = Study {
            rows: vec![
                row("*", IndexKind::NoiseShare, 0.25, None),
                row("a", IndexKind::S1, 0.1, Some((0.0, 0.2))),
                row("b", IndexKind::S1, 0.5, Some((0.4, 0.6))),
                row("a", IndexKind::St, 0.2, Some((0.1, 0.3))),
                row("b", IndexKind::St, 0.7, Some((0.6, 0.8))),
                row("a,b", IndexKind::S2, -0.01, Some((-0.05, 0.03))),
            ],
            noise_share: Some(0.25),
            none_distinguishable: false,
        };
        let text = sensitivity_csv(&[("performance".into(), 60, study.clone())]);
        assert!(text.starts_with("metric,month,parameter,index,estimate,ci_low,ci_high\n"));
        assert!(
            text.contains("performance,60,*,noise_share,0.25,,\n"),
            "{text}"
        );
        let path = std::env::temp_dir().join(format!("orgsim-sens-{}.csv", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let records = read_sensitivity(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            records.iter().map(|r| r.row.clone()).collect::<Vec<_>>(),
            study.rows
        );
        let (levers, noise) = levers(&records, "performance", 60);
        assert_eq!(noise, Some(0.25));
        assert_eq!(levers[0].parameter, "b");
        assert_eq!(levers[0].second.as_ref().unwrap().estimate, 0.5);
        let table = terminal_tables(&records, &[("performance".into(), 60)]);
        assert!(table.contains("25% of the variance"), "{table}");
    }
}

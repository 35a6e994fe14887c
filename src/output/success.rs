//! The probabilities of success of a comparison as files and as terminal lines:
//! `success.csv` (per outcome and scenario: paired wins, ties, losses, P(better) with its
//! Wilson interval, and the percentage change with its delta-method interval),
//! `break_even.csv` (per scenario: the break-even month's median and 5–95% range over
//! replications, the share that never breaks even and the share that pays back in time) and
//! `net_value_cumulative.csv` (per month and scenario: cumulative net value and its paired
//! difference to the reference).
//!
//! Owns these layouts and wording; the numbers come from `crate::experiment::success`
//! (definitions there). No I/O beyond the writers given.

use super::number_format::write_significant;
use crate::experiment::compare::Comparison;
use crate::experiment::success::{BreakEven, CUMULATIVE_NET_VALUE, Share, Success, SuccessRow};
use crate::ground::stats::Stats;
use std::fmt::Write as _;
use std::io::{self, Write};

pub use super::results_folder::{BREAK_EVEN_FILE, CUMULATIVE_FILE, SUCCESS_FILE};

/// Columns of `success.csv`. `outcome` is a metric at the horizon or `net_value_cumulative`;
/// `better` counts paired replications where the scenario is strictly higher (higher is better
/// for every outcome listed), `ties` equal ones, `worse` lower ones; `p_better` is
/// better / (better + ties + worse) with its Wilson 95% interval; `pct_change` is
/// 100·(mean scenario / mean reference − 1) with its delta-method 95% interval.
pub const SUCCESS_COLUMNS: [&str; 13] = [
    "outcome",
    "scenario",
    "reference",
    "n",
    "better",
    "ties",
    "worse",
    "p_better",
    "p_better_low",
    "p_better_high",
    "pct_change",
    "pct_ci_low",
    "pct_ci_high",
];

/// Columns of `break_even.csv`: per scenario, replications `n`, how many break even within the
/// horizon, the median and 5th/95th percentiles of the month over those, the share that never
/// does (Wilson 95% interval) and the share that pays back by month `within_months` (same).
pub const BREAK_EVEN_COLUMNS: [&str; 15] = [
    "scenario",
    "reference",
    "n",
    "broke_even",
    "median_month",
    "p5_month",
    "p95_month",
    "never_share",
    "never_low",
    "never_high",
    "within_months",
    "within_share",
    "within_low",
    "within_high",
    "horizon",
];

/// Columns of `net_value_cumulative.csv`.
pub const CUMULATIVE_COLUMNS: [&str; 11] = [
    "month",
    "scenario",
    "n",
    "mean",
    "ci_low",
    "ci_high",
    "difference_to",
    "diff_n",
    "diff_mean",
    "diff_ci_low",
    "diff_ci_high",
];

/// A float cell: 7 significant digits, empty if NaN.
fn cell(x: f64) -> String {
    let mut s = String::new();
    if !x.is_nan() {
        write_significant(&mut s, x);
    }
    s
}

fn csv_writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

fn io_error(e: csv::Error) -> io::Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        _ => io::Error::new(io::ErrorKind::InvalidData, message),
    }
}

/// Writes `success.csv`.
pub fn write_success_csv(w: &mut dyn Write, c: &Comparison, s: &Success) -> io::Result<()> {
    let mut csv = csv_writer(w);
    csv.write_record(SUCCESS_COLUMNS).map_err(io_error)?;
    for row in &s.rows {
        csv.write_record([
            row.outcome.clone(),
            c.runs[row.scenario].label.clone(),
            c.runs[0].label.clone(),
            row.better.n.to_string(),
            row.better.count.to_string(),
            row.ties.to_string(),
            row.worse.to_string(),
            cell(row.better.p),
            cell(row.better.low),
            cell(row.better.high),
            cell(row.percent.mean),
            cell(row.percent.ci_low),
            cell(row.percent.ci_high),
        ])
        .map_err(io_error)?;
    }
    csv.flush()
}

/// Writes `break_even.csv`.
pub fn write_break_even_csv(w: &mut dyn Write, c: &Comparison, s: &Success) -> io::Result<()> {
    let mut csv = csv_writer(w);
    csv.write_record(BREAK_EVEN_COLUMNS).map_err(io_error)?;
    for b in &s.break_even {
        csv.write_record([
            c.runs[b.scenario].label.clone(),
            c.runs[0].label.clone(),
            b.never.n.to_string(),
            (b.never.n - b.never.count).to_string(),
            cell(b.median),
            cell(b.p5),
            cell(b.p95),
            cell(b.never.p),
            cell(b.never.low),
            cell(b.never.high),
            b.within_months.to_string(),
            cell(b.within.p),
            cell(b.within.low),
            cell(b.within.high),
            s.months.to_string(),
        ])
        .map_err(io_error)?;
    }
    csv.flush()
}

/// Writes `net_value_cumulative.csv`: per month 0..=horizon and scenario.
pub fn write_cumulative_csv(w: &mut dyn Write, c: &Comparison, s: &Success) -> io::Result<()> {
    let mut csv = csv_writer(w);
    csv.write_record(CUMULATIVE_COLUMNS).map_err(io_error)?;
    for row in &s.cumulative {
        let st = &row.stats;
        let mut record = vec![
            row.month.to_string(),
            c.runs[row.scenario].label.clone(),
            st.n.to_string(),
            cell(st.mean),
            cell(st.ci_low),
            cell(st.ci_high),
        ];
        match &row.difference {
            Some(d) => record.extend([
                c.runs[0].label.clone(),
                d.n.to_string(),
                cell(d.mean),
                cell(d.ci_low),
                cell(d.ci_high),
            ]),
            None => record.extend(std::iter::repeat_n(String::new(), 5)),
        }
        csv.write_record(&record).map_err(io_error)?;
    }
    csv.flush()
}

/// A share in percent with its interval: `71% [64%, 77%]`.
pub fn share_text(s: &Share) -> String {
    if s.p.is_nan() {
        return "-".into();
    }
    format!(
        "{:.0}% [{:.0}%, {:.0}%]",
        100.0 * s.p,
        100.0 * s.low,
        100.0 * s.high
    )
}

/// A probability with its interval: `0.83 [0.76, 0.88]`.
pub fn probability_text(s: &Share) -> String {
    if s.p.is_nan() {
        return "-".into();
    }
    format!("{:.2} [{:.2}, {:.2}]", s.p, s.low, s.high)
}

/// A percentage change with its interval: `+12.3% [+9.1%, +15.0%]` (`-` if undefined).
pub fn percent_text(p: &Stats) -> String {
    if p.mean.is_nan() {
        return "-".into();
    }
    let one = |x: f64| format!("{x:+.1}%");
    if p.ci_low.is_nan() {
        one(p.mean)
    } else {
        format!("{} [{}, {}]", one(p.mean), one(p.ci_low), one(p.ci_high))
    }
}

/// The break-even month in words: `month 31 (5–95%: 27–36)`.
pub fn break_even_text(b: &BreakEven) -> String {
    if b.median.is_nan() {
        return "never within the horizon".into();
    }
    format!(
        "month {:.0} (5-95% of runs: {:.0}-{:.0})",
        b.median, b.p5, b.p95
    )
}

/// An outcome's name in words: `cumulative net value`, `net value`.
pub fn outcome_words(outcome: &str) -> String {
    if outcome == CUMULATIVE_NET_VALUE {
        "cumulative net value".into()
    } else {
        outcome.replace('_', " ")
    }
}

fn sentence(c: &Comparison, row: &SuccessRow) -> String {
    format!(
        "P({} beats {} on {} at month {}) = {}; change of the mean {}",
        c.runs[row.scenario].label,
        c.runs[0].label,
        outcome_words(&row.outcome),
        c.months,
        probability_text(&row.better),
        percent_text(&row.percent)
    )
}

/// The terminal lines: per scenario, its probabilities of doing better, then when it breaks
/// even, then how to read them.
pub fn success_lines(c: &Comparison, s: &Success, uncertain: bool) -> String {
    let mut out = String::from("\nProbabilities of success (paired replications)\n");
    for scenario in 1..c.runs.len() {
        for row in s.rows.iter().filter(|r| r.scenario == scenario) {
            let _ = writeln!(out, "  {}", sentence(c, row));
        }
        if let Some(b) = s.break_even.iter().find(|b| b.scenario == scenario) {
            let _ = writeln!(
                out,
                "  {} breaks even against {} in {}; pays back within {} months in {} of runs; never within {} months in {}",
                c.runs[scenario].label,
                c.runs[0].label,
                break_even_text(b),
                b.within_months,
                share_text(&b.within),
                s.months,
                share_text(&b.never),
            );
        }
    }
    let _ = writeln!(
        out,
        "Beats: strictly higher in the same replication (ties are not wins); [..]: Wilson 95% intervals.\n\
         Break-even: the first month from which cumulative net value stays at or above the reference's."
    );
    if uncertain {
        let _ = writeln!(
            out,
            "Each replication drew its own coefficients ([uncertainty]), the same in every scenario: these\n\
             probabilities include what the drawn coefficients leave open, as far as their distributions\n\
             say it. Files: {SUCCESS_FILE}, {BREAK_EVEN_FILE}."
        );
    } else {
        let _ = writeln!(
            out,
            "With fixed coefficients these probabilities say how often a scenario wins against the model's\n\
             own noise, not how sure one can be of its assumptions. Files: {SUCCESS_FILE}, {BREAK_EVEN_FILE}."
        );
    }
    out
}

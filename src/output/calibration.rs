//! The files of a calibration: `posterior.csv`, `fit.csv` and `calibration.md`.
//!
//! Owns reading the means a calibration needs from a sweep folder's `summary.csv` (through
//! [`CsvTable`], the one reader of results tables) and writing the calibration's files from an
//! `experiment::calibration::Analysis`. Every number is written in Rust's shortest round-trip
//! form, so the same sweep gives byte-identical CSV files. Does not compute anything (see
//! `crate::experiment::calibration`) or run the sweep.

use super::results_folder::{CsvReadError, CsvTable, SUMMARY_FILE, parse_cell};
use super::write_atomic;
use crate::experiment::calibration::{Analysis, INTERVAL, SetResult};
use crate::scenario::calibration::{AcceptSpec, StatisticKind, TargetSpec, TargetsSpec};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

pub use super::results_folder::{CALIBRATION_FILE, FIT_FILE, POSTERIOR_FILE};

/// The means over replications of a sweep, by (point, metric, month).
pub struct PointMeans(HashMap<(usize, String, u32), f64>);

impl PointMeans {
    /// The means in `dir/summary.csv`.
    pub fn read(dir: &Path) -> Result<PointMeans, String> {
        let path = dir.join(SUMMARY_FILE);
        let table = CsvTable::read(&path).map_err(|e| match e {
            CsvReadError::Open(e) => format!("cannot read {}: {e}", path.display()),
            CsvReadError::Csv(e) => format!("{} is not a summary table: {e}", path.display()),
            CsvReadError::Invalid(e) => format!("{}: {e}", path.display()),
        })?;
        for column in ["point", "month", "metric", "mean"] {
            if table.column(column).is_none() {
                return Err(format!(
                    "{} has no `{column}` column: is this the folder of a calibration's sweep?",
                    path.display()
                ));
            }
        }
        let mut means = HashMap::with_capacity(table.rows.len());
        for row in &table.rows {
            let (Ok(point), Ok(month)) = (
                table.get(row, "point").parse::<usize>(),
                table.get(row, "month").parse::<u32>(),
            ) else {
                continue;
            };
            let metric = table.get(row, "metric").to_string();
            means.insert((point, metric, month), parse_cell(table.get(row, "mean")));
        }
        Ok(PointMeans(means))
    }

    /// The mean of `metric` at `month` of `point` (NaN if the table has none).
    pub fn mean(&self, point: usize, metric: &str, month: u32) -> f64 {
        self.0
            .get(&(point, metric.to_string(), month))
            .copied()
            .unwrap_or(f64::NAN)
    }
}

/// What the page says about how the calibration was run.
pub struct RunInfo<'a> {
    /// The targets file, as given.
    pub targets_file: &'a str,
    /// Seconds the sweep took here (None: it was run elsewhere and merged).
    pub sweep_seconds: Option<f64>,
    /// Seconds the analysis took.
    pub analysis_seconds: f64,
}

/// Writes `posterior.csv`, `fit.csv` and `calibration.md` into `dir`; the page's text is
/// returned (for `--docs`).
pub fn write_calibration(
    dir: &Path,
    spec: &TargetsSpec,
    analysis: &Analysis,
    run: &RunInfo,
) -> std::io::Result<String> {
    let posterior = posterior_csv(spec, analysis);
    write_atomic(&dir.join(POSTERIOR_FILE), |w| {
        w.write_all(posterior.as_bytes())
    })?;
    let fit = fit_csv(spec, analysis);
    write_atomic(&dir.join(FIT_FILE), |w| w.write_all(fit.as_bytes()))?;
    let page = markdown(spec, analysis, run);
    write_atomic(&dir.join(CALIBRATION_FILE), |w| {
        w.write_all(page.as_bytes())
    })?;
    Ok(page)
}

/// A number as a CSV cell: empty for NaN, `inf` for infinity.
fn cell(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(vec![]);
    for row in rows {
        let _ = w.write_record(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One row per accepted set, closest first: rank, set, the prior keys, distance, then each
/// target's statistic.
pub fn posterior_csv(spec: &TargetsSpec, analysis: &Analysis) -> String {
    let mut header = vec!["rank".to_string(), "set".to_string()];
    header.extend(spec.priors.iter().map(|p| p.key.clone()));
    header.push("distance".into());
    header.extend(spec.targets.iter().map(|t| t.name.clone()));
    let mut rows = vec![header];
    for (rank, &i) in analysis.accepted.iter().enumerate() {
        let set: &SetResult = &analysis.sets[i];
        let mut row = vec![rank.to_string(), i.to_string()];
        row.extend(set.values.iter().map(|&x| cell(x)));
        row.push(cell(set.distance));
        row.extend(set.statistics.iter().map(|&x| cell(x)));
        rows.push(row);
    }
    csv_text(&rows)
}

fn populations_text(spec: &TargetsSpec, populations: &[usize]) -> String {
    let names: Vec<&str> = populations
        .iter()
        .map(|&p| spec.populations[p].name.as_str())
        .collect();
    names.join(" -> ")
}

/// One row per target: what it constrains, its band and the posterior predictive summary.
pub fn fit_csv(spec: &TargetsSpec, analysis: &Analysis) -> String {
    let header = [
        "target",
        "statistic",
        "metric",
        "populations",
        "month",
        "complement",
        "band_low",
        "band_high",
        "median",
        "q05",
        "q95",
        "inside",
        "peer_reviewed",
        "accepted",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for (t, target) in spec.targets.iter().enumerate() {
        let fit = analysis.fit[t];
        rows.push(vec![
            target.name.clone(),
            target.statistic.name().into(),
            target.metric.clone(),
            populations_text(spec, &target.populations),
            target.month.to_string(),
            target.complement.to_string(),
            cell(target.band.0),
            cell(target.band.1),
            cell(fit.median),
            cell(fit.low),
            cell(fit.high),
            analysis.inside(spec, t).to_string(),
            target.peer_reviewed.to_string(),
            analysis.accepted.len().to_string(),
        ]);
    }
    csv_text(&rows)
}

/// A number for the page: 3 significant digits.
fn short(x: f64) -> String {
    if x.is_nan() {
        return "–".into();
    }
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (2 - x.abs().log10().floor() as i32).clamp(0, 8) as usize;
    format!("{x:.digits$}")
}

/// A share as a percentage, without float noise: 0.1 is `10`, 0.025 is `2.5`.
fn percent(share: f64) -> String {
    let x = (share * 100.0 * 1e6).round() / 1e6;
    format!("{x}")
}

/// A path with its `.` and `dir/..` steps removed (as written, not resolved on disk).
fn tidy_path(path: &str) -> String {
    let mut parts: Vec<&str> = vec![];
    for part in path.split('/') {
        match part {
            "." => {}
            ".." if parts.last().is_some_and(|p| !p.is_empty() && *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Text for a markdown table cell.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn statistic_text(spec: &TargetsSpec, target: &TargetSpec) -> String {
    let p = &target.populations;
    let metric = if target.complement {
        format!("(1 − {})", target.metric)
    } else {
        target.metric.clone()
    };
    let s = target.statistic;
    let name = |i: usize| spec.populations[p[i]].name.as_str();
    match s {
        StatisticKind::Value => format!("{metric} of {}", name(0)),
        StatisticKind::OneMinus => format!("1 − {metric} of {}", name(0)),
        StatisticKind::RelativeChange => {
            format!("{metric}: {} / {} − 1", name(1), name(0))
        }
        StatisticKind::StandardisedDifference => {
            format!("{metric}: ({} − {}) / pooled sd", name(1), name(0))
        }
    }
}

/// The page: design, priors, targets with their sources, fit, posterior and default point.
pub fn markdown(spec: &TargetsSpec, analysis: &Analysis, run: &RunInfo) -> String {
    let mut s = String::new();
    let pct = |q: f64| (q * 100.0).round() as u32;
    let (lo, hi) = (pct(INTERVAL.0), pct(INTERVAL.1));
    let _ = writeln!(s, "# Calibration: {}\n", spec.name);
    let _ = writeln!(
        s,
        "Generated by `orgsim calibrate {}` (approximate Bayesian computation by rejection); \
         do not edit by hand: change the targets file and run the command again.\n",
        run.targets_file
    );
    if !spec.description.is_empty() {
        let _ = writeln!(s, "{}\n", spec.description);
    }
    // The same box as every other report: what the fitted numbers can and cannot claim.
    let _ = writeln!(s, "{}", super::trust_box::markdown());
    let _ = writeln!(s, "## Design\n");
    let runs = spec.samples as u64 * spec.populations.len() as u64 * spec.replications as u64;
    let _ = writeln!(
        s,
        "- Base scenario: `{}`, with {}.",
        tidy_path(&spec.base_source),
        spec.base_overrides
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        s,
        "- {} parameter sets drawn from the priors ({}), each run in {} populations × {} replications: {runs} runs.",
        spec.samples,
        if spec.latin_hypercube {
            "Latin hypercube"
        } else {
            "independent uniform draws"
        },
        spec.populations.len(),
        spec.replications
    );
    for p in &spec.populations {
        let set: Vec<String> = p
            .set
            .iter()
            .map(|(k, v)| format!("`{k}={}`", v.to_toml()))
            .collect();
        let _ = writeln!(s, "  - population `{}`: {}", p.name, set.join(", "));
    }
    let rule = match spec.accept {
        AcceptSpec::AllWithinBands => "every statistic inside its band (distance 0)".to_string(),
        AcceptSpec::Quantile {
            share,
            max_distance,
        } => format!(
            "the {}% of sets closest to the targets{}",
            percent(share),
            max_distance.map_or(String::new(), |d| format!(", within distance {}", short(d)))
        ),
    };
    let _ = writeln!(
        s,
        "- Distance of a set: the sum over targets of how far its statistic lies outside the band, in band widths (0 inside). Accepted: {rule}: **{} of {} sets**.",
        analysis.accepted.len(),
        spec.samples
    );
    let _ = writeln!(
        s,
        "- Run time: {}analysis {:.2} s.\n",
        run.sweep_seconds
            .map_or("sweep run elsewhere and merged; ".to_string(), |t| format!(
                "sweep {t:.1} s, "
            )),
        run.analysis_seconds
    );

    let _ = writeln!(s, "## Priors and posterior\n");
    let _ = writeln!(
        s,
        "Uniform priors; every coefficient not listed is pinned at its default (`orgsim params`), which is calibrated to its named source or labelled illustrative.\n"
    );
    let _ = writeln!(
        s,
        "| key | prior | posterior median | {lo}–{hi}% interval | default point |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|");
    for (k, prior) in spec.priors.iter().enumerate() {
        let post = analysis.posterior[k];
        let default = analysis
            .default_set
            .map_or("–".into(), |d| short(analysis.sets[d].values[k]));
        let _ = writeln!(
            s,
            "| `{}` | U({}, {}) | {} | {} – {} | {default} |",
            prior.key,
            short(prior.low),
            short(prior.high),
            short(post.median),
            short(post.low),
            short(post.high)
        );
    }
    match analysis.default_set {
        Some(d) => {
            let _ = writeln!(
                s,
                "\nDefault point: parameter set {d}, of the accepted sets closest to the targets (distance {}) the one nearest the posterior median (each coefficient in widths of its prior).\n",
                short(analysis.sets[d].distance)
            );
        }
        None => {
            let _ = writeln!(s, "\nNo set was accepted.\n");
        }
    }

    let _ = writeln!(s, "## Fit\n");
    let _ = writeln!(
        s,
        "Posterior predictive median and {lo}–{hi}% interval of each statistic over the accepted sets.\n"
    );
    let _ = writeln!(
        s,
        "| target | statistic | month | band | median | {lo}–{hi}% | inside |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for (t, target) in spec.targets.iter().enumerate() {
        let fit = analysis.fit[t];
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} – {} | {} | {} – {} | {} |",
            md(&target.name),
            md(&statistic_text(spec, target)),
            target.month,
            short(target.band.0),
            short(target.band.1),
            short(fit.median),
            short(fit.low),
            short(fit.high),
            if analysis.inside(spec, t) {
                "yes"
            } else {
                "**no**"
            }
        );
    }

    let _ = writeln!(s, "\n## Targets and sources\n");
    let _ = writeln!(
        s,
        "Sources marked † are not peer reviewed (practitioner surveys, benchmarks).\n"
    );
    for target in &spec.targets {
        let mark = if target.peer_reviewed { "" } else { " †" };
        let _ = writeln!(
            s,
            "- **{}** — band {} – {}. Source{mark}: {}",
            target.name,
            short(target.band.0),
            short(target.band.1),
            target.source.trim()
        );
        if !target.note.trim().is_empty() {
            let _ = writeln!(s, "  - {}", target.note.trim().replace('\n', " "));
        }
    }
    s
}

/// Why no set was accepted: the closest sets and the targets each misses.
pub fn rejection_report(spec: &TargetsSpec, analysis: &Analysis, shown: usize) -> String {
    let mut order: Vec<usize> = (0..analysis.sets.len()).collect();
    order.sort_by(|&a, &b| {
        analysis.sets[a]
            .distance
            .total_cmp(&analysis.sets[b].distance)
            .then(a.cmp(&b))
    });
    let mut s = String::new();
    for &i in order.iter().take(shown) {
        let set = &analysis.sets[i];
        let _ = writeln!(s, "  set {i}: distance {}", short(set.distance));
        for (t, target) in spec.targets.iter().enumerate() {
            let x = set.statistics[t];
            if crate::experiment::calibration::band_distance(x, target.band) > 0.0 {
                let _ = writeln!(
                    s,
                    "    `{}` is {} (band {} – {})",
                    target.name,
                    short(x),
                    short(target.band.0),
                    short(target.band.1)
                );
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_and_paths_are_tidy() {
        assert_eq!(percent(0.1), "10");
        assert_eq!(percent(0.07), "7");
        assert_eq!(percent(0.025), "2.5");
        assert_eq!(
            tidy_path("scenarios/calibration/../control.toml"),
            "scenarios/control.toml"
        );
        assert_eq!(tidy_path("./a/./b.toml"), "a/b.toml");
        assert_eq!(tidy_path("../x.toml"), "../x.toml");
        assert_eq!(tidy_path("/abs/dir/../x.toml"), "/abs/x.toml");
        assert_eq!(short(0.1234), "0.123");
        assert_eq!(short(12.345), "12.3");
        assert_eq!(short(f64::NAN), "–");
    }
}

//! `orgsim sensitivity RESULTS_DIR`: Sobol' or Morris sensitivity indices of a finished sweep
//! ("which choices matter most?"), written to `RESULTS_DIR/sensitivity.csv`, ranked on stdout.
//!
//! Owns the command's arguments, choosing the metrics and months (defaults: the headline
//! metrics the sweep kept, at its horizon), its warnings (replication noise, indices not
//! distinguishable from zero), messages and exit codes: 2 for a folder that is not a finished
//! Sobol' or Morris sweep, a metric or month it does not hold, or bad options; 1 when files
//! cannot be read or written. The analysis is `crate::experiment::sensitivity_study`, the
//! file `crate::output::sensitivity`.

use super::calibrate::recorded_plan;
use super::sweep::read_saved_plan;
use crate::experiment::plan::SweepPlan;
use crate::experiment::sensitivity::Bootstrap;
use crate::experiment::sensitivity_study::{
    Method, NOISY, NotSensitivityDesign, PointOutput, Study, study,
};
use crate::output::i18n::Lang;
use crate::output::results_folder::{
    FolderKind, NoResults, POINTS_FILE, PointsStream, REPORT_FILE, SENSITIVITY_FILE, SUMMARY_FILE,
    folder_kind, read_point_stats, summary_metrics_and_months,
};
use crate::output::sensitivity::{read_sensitivity, terminal_tables, write_sensitivity};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Folder of a finished sweep with a `sobol` or `morris` design (or the folder `orgsim merge` wrote).
    pub results: PathBuf,
    /// Metric to analyse (repeatable) [default: performance, agility, retention and net_value, those the sweep kept].
    #[arg(long = "metric", short, value_name = "NAME")]
    pub metric: Vec<String>,
    /// Month to analyse [default: the horizon]; one of the months the sweep kept.
    #[arg(long, conflicts_with = "over_time")]
    pub month: Option<u32>,
    /// Indices every --every months (and at the horizon) instead of one month.
    #[arg(long)]
    pub over_time: bool,
    /// Months between analysed months with --over-time.
    #[arg(long, requires = "over_time", value_name = "K", default_value_t = 12)]
    pub every: u32,
    /// Bootstrap resamples for the intervals [default: SALib's, 100 for Sobol', 1000 for Morris].
    #[arg(long, value_name = "B")]
    pub bootstrap: Option<u32>,
    /// Seed of the bootstrap resampling.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
    /// Do not draw figures/sensitivity_*.svg.
    #[arg(long)]
    pub no_figures: bool,
    /// Do not rewrite report.html (rewritten with the section "Which choices matter most?" when the folder has one).
    #[arg(long)]
    pub no_report: bool,
    /// Print nothing but errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
    /// Language of the figures and of the report rewritten: en or nl (Dutch: titles, axes,
    /// legends, metric names, decimal comma; keys stay as written).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
}

/// The metrics analysed when none is asked for, those the sweep kept.
const DEFAULT_METRICS: [&str; 4] = ["performance", "agility", "retention", "net_value"];

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln_escaped!("error: {message}");
    ExitCode::from(2)
}

/// The plan of the finished sweep in `dir`, or the message of why there is none.
fn finished_plan(dir: &Path) -> Result<SweepPlan, String> {
    match folder_kind(dir) {
        Ok(FolderKind::Sweep) => {}
        Ok(other) => {
            let what = match other {
                FolderKind::Run => "a run",
                FolderKind::Economy => "an economy's run",
                _ => "a comparison",
            };
            return Err(format!(
                "{} holds {what}, not a sweep; sensitivity indices need a sweep with a `sobol` or `morris` design",
                dir.display()
            ));
        }
        Err(NoResults::UnfinishedSweep) => {
            return Err(format!(
                "the sweep in {} has not finished (or the folder holds one shard of it): finish it with `orgsim sweep <sweep file> --out {} --resume`, or merge its shards with `orgsim merge`, then run this again",
                dir.display(),
                dir.display()
            ));
        }
        Err(NoResults::NotResults) => {
            return Err(format!(
                "{} holds no results of orgsim; give the folder of a finished sweep",
                dir.display()
            ));
        }
    }
    match read_saved_plan(dir)? {
        Some((saved, _)) => Ok(saved.plan),
        None => recorded_plan(dir),
    }
}

/// Why the sweep's design allows no analysis, with what to use instead.
fn wrong_design(dir: &Path, why: NotSensitivityDesign) -> String {
    let found = match why {
        NotSensitivityDesign::OtherKind(kind) => format!("a `{kind}` design"),
        NotSensitivityDesign::Unrecorded => {
            "a sweep whose plan records no design (an older orgsim's, or a calibration's)".into()
        }
    };
    format!(
        "{} holds {found}; sensitivity indices need a `sobol` or `morris` design laid out for them\n  help: run the sweep with `[design] kind = \"sobol\"` (shares of variance; `base_samples`) or `kind = \"morris\"` (screening; `trajectories`), as in scenarios/sweeps/transition_sobol.toml and transition_morris.toml",
        dir.display()
    )
}

/// The first point of `points.csv` that did not run, as `point N (status): error`.
fn first_failed_point(dir: &Path) -> Result<Option<String>, String> {
    let path = dir.join(POINTS_FILE);
    let read_error = |e| format!("cannot read {}: {e:?}", path.display());
    let mut stream = PointsStream::open(&path).map_err(read_error)?;
    while let Some(row) = stream.next_row().map_err(read_error)? {
        if row.status() != "ok" {
            return Ok(Some(format!(
                "point {} ({}): {}",
                row.id,
                row.status(),
                row.error()
            )));
        }
    }
    Ok(None)
}

/// The metrics to analyse, checked against those the sweep kept.
fn chosen_metrics(asked: &[String], kept: &[String]) -> Result<Vec<String>, String> {
    if asked.is_empty() {
        let defaults: Vec<String> = DEFAULT_METRICS
            .iter()
            .filter(|m| kept.iter().any(|k| k == *m))
            .map(|m| m.to_string())
            .collect();
        return Ok(if defaults.is_empty() {
            kept.to_vec()
        } else {
            defaults
        });
    }
    let mut chosen: Vec<String> = Vec::new();
    for name in asked.iter().map(|n| n.trim()) {
        if !kept.iter().any(|k| k == name) {
            return Err(format!(
                "--metric: the sweep kept no metric `{name}`; it kept: {}",
                kept.join(", ")
            ));
        }
        if !chosen.iter().any(|c| c == name) {
            chosen.push(name.to_string());
        }
    }
    Ok(chosen)
}

/// The months to analyse, checked against those the sweep kept (sorted).
fn chosen_months(args: &SensitivityArgs, kept: &[u32]) -> Result<Vec<u32>, String> {
    let horizon = kept.iter().copied().max().unwrap_or(0);
    let listed = || {
        kept.iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(month) = args.month {
        if !kept.contains(&month) {
            return Err(format!(
                "--month {month}: the sweep kept no month {month}; it kept months {}",
                listed()
            ));
        }
        return Ok(vec![month]);
    }
    if !args.over_time {
        return Ok(vec![horizon]);
    }
    if args.every == 0 {
        return Err("--every must be at least 1".into());
    }
    let mut months: Vec<u32> = kept
        .iter()
        .copied()
        .filter(|&m| m > 0 && (m.is_multiple_of(args.every) || m == horizon))
        .collect();
    months.sort_unstable();
    Ok(months)
}

/// Runs `orgsim sensitivity`.
pub fn sensitivity(args: &SensitivityArgs) -> ExitCode {
    let started = std::time::Instant::now();
    let dir = &args.results;
    let _lock = match super::folder::lock_existing(dir) {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    if !(args.confidence > 0.0 && args.confidence < 1.0) {
        return usage(format!(
            "--confidence {}: expected a level strictly between 0 and 1, such as 0.95",
            args.confidence
        ));
    }
    let plan = match finished_plan(dir) {
        Ok(plan) => plan,
        Err(e) => return usage(e),
    };
    let method = match Method::of_plan(plan.design.as_ref(), plan.keys.len()) {
        Ok(method) => method,
        Err(why) => return usage(wrong_design(dir, why)),
    };
    let bootstrap = Bootstrap {
        resamples: args.bootstrap.unwrap_or(match method {
            Method::Sobol { .. } => 100,
            Method::Morris { .. } => 1000,
        }),
        level: args.confidence,
        seed: args.seed,
    };
    if bootstrap.resamples < 2 {
        return usage("--bootstrap: at least 2 resamples are needed");
    }
    match first_failed_point(dir) {
        Ok(None) => {}
        Ok(Some(failed)) => {
            return usage(format!(
                "the sweep in {} has points that did not run ({failed}); sensitivity indices need every point of the design: fix the sweep file and run it again",
                dir.display()
            ));
        }
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(1);
        }
    }
    let summary = dir.join(SUMMARY_FILE);
    let (kept_metrics, kept_months) = match summary_metrics_and_months(&summary) {
        Ok(kept) => kept,
        Err(e) => {
            eprintln_escaped!("error: cannot read {}: {e:?}", summary.display());
            return ExitCode::from(1);
        }
    };
    let metrics = match chosen_metrics(&args.metric, &kept_metrics) {
        Ok(m) => m,
        Err(e) => return usage(e),
    };
    let months = match chosen_months(args, &kept_months) {
        Ok(m) => m,
        Err(e) => return usage(e),
    };
    let table = match read_point_stats(&summary, &metrics, &months, plan.points.len()) {
        Ok(table) => table,
        Err(e) => {
            eprintln_escaped!("error: cannot read {}: {e:?}", summary.display());
            return ExitCode::from(1);
        }
    };
    let more = match method {
        Method::Sobol { .. } => "replications or base samples",
        Method::Morris { .. } => "replications or trajectories",
    };
    let mut studies: Vec<(String, u32, Study)> = Vec::new();
    for (m, metric) in metrics.iter().enumerate() {
        for (t, &month) in months.iter().enumerate() {
            let outputs: Vec<PointOutput> = table[m][t]
                .iter()
                .map(|s| match s {
                    Some(s) => PointOutput {
                        n: s.n,
                        mean: s.mean,
                        sd: s.sd,
                    },
                    None => PointOutput {
                        n: 0,
                        mean: f64::NAN,
                        sd: f64::NAN,
                    },
                })
                .collect();
            let empty = outputs.iter().filter(|o| !o.mean.is_finite()).count();
            if empty > 0 {
                eprintln_escaped!(
                    "warning: {metric} at month {month}: {empty} of {} points have no value (the metric is empty there); no indices for it",
                    outputs.len()
                );
                continue;
            }
            let result = match study(&method, &plan.keys, &outputs, &bootstrap) {
                Ok(result) => result,
                Err(e) => {
                    return usage(format!(
                        "the points of {} do not fit its `{}` design: {e}",
                        dir.display(),
                        method.kind()
                    ));
                }
            };
            if let Some(share) = result.noise_share.filter(|&s| s > NOISY) {
                eprintln_escaped!(
                    "warning: {metric} at month {month}: replication noise is {:.0}% of the variance; add {more}",
                    100.0 * share
                );
            }
            if result.none_distinguishable {
                eprintln_escaped!(
                    "warning: {metric} at month {month}: no choice's {} interval excludes zero; add {more}",
                    method.ranking_index().name()
                );
            }
            studies.push((metric.clone(), month, result));
        }
    }
    let path = dir.join(SENSITIVITY_FILE);
    if let Err(e) = write_sensitivity(&path, &studies) {
        eprintln_escaped!("error: {e}");
        return ExitCode::from(1);
    }
    let lang = Lang::from_code(&args.lang).unwrap_or_default();
    if !args.no_figures && !super::plot::write_sensitivity_figures_after(dir, args.quiet, lang) {
        return ExitCode::from(1);
    }
    if !args.no_report
        && dir.join(REPORT_FILE).is_file()
        && !super::report::write_after_results(dir, args.quiet, lang)
    {
        return ExitCode::from(1);
    }
    if !args.quiet {
        let records = match read_sensitivity(&path) {
            Ok(records) => records,
            Err(e) => {
                eprintln_escaped!("error: cannot read {}: {e:?}", path.display());
                return ExitCode::from(1);
            }
        };
        let last = months.last().copied().unwrap_or(0);
        let shown: Vec<(String, u32)> = metrics
            .iter()
            .filter(|m| studies.iter().any(|(s, t, _)| s == *m && *t == last))
            .map(|m| (m.clone(), last))
            .collect();
        super::print_stdout(&terminal_tables(&records, &shown));
        super::print_stdout(&crate::output::trust_box::terminal(90));
        eprintln_escaped!(
            "orgsim: {} indices of {} metric(s) × {} month(s) over {} points in {:.2} s; written to {}",
            method.kind(),
            metrics.len(),
            months.len(),
            plan.points.len(),
            started.elapsed().as_secs_f64(),
            path.display()
        );
    }
    ExitCode::SUCCESS
}

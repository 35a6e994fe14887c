//! `orgsim calibrate`: approximate Bayesian computation over the uncertain coefficients of a
//! targets file.
//!
//! Owns the command's arguments and its two modes: run the calibration's sweep (through
//! `sweep::run_plan`, so `--resume`, `--shard`, `orgsim merge` behave as for any sweep) and
//! analyse it, or `--analyse DIR` a sweep run elsewhere and merged. The plan and the analysis
//! are `experiment::calibration`; the files are `output::calibration`.

use super::sweep::{PlanRun, plan_fits, read_saved_plan, run_plan};
use crate::experiment::calibration::{analyse, plan, point_count};
use crate::experiment::plan::SweepPlan;
use crate::output::calibration::{
    CALIBRATION_FILE, FIT_FILE, POSTERIOR_FILE, PointMeans, RunInfo, rejection_report,
    write_calibration,
};
use crate::output::results_folder::{FolderKind, MANIFEST_FILE, PLAN_FILE, folder_kind};
use crate::output::write_atomic;
use crate::scenario::calibration::{TargetsSpec, load_targets_file};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Closest sets shown when none is accepted.
const SHOWN_WHEN_REJECTED: usize = 5;

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Targets file (TOML): base scenario, populations, priors of the uncertain coefficients and
    /// the empirical targets with their sources (see scenarios/calibration/targets.toml).
    pub targets: PathBuf,
    /// Output folder of the sweep and of posterior.csv, fit.csv and calibration.md
    /// [default: results/<calibration name>].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Run only shard I of N (0-based), e.g. --shard 0/4; combine the shards with
    /// `orgsim merge`, then analyse them with --analyse.
    #[arg(long, value_name = "I/N", conflicts_with = "analyse")]
    pub shard: Option<String>,
    /// Finish a calibration that was interrupted: runs already recorded in --out are kept.
    #[arg(long, conflicts_with = "analyse")]
    pub resume: bool,
    /// Start over: delete the runs recorded in --out by an earlier sweep.
    #[arg(long, conflicts_with_all = ["resume", "analyse"])]
    pub force: bool,
    /// Do not run anything: analyse the calibration's sweep in DIR (run elsewhere, e.g. as
    /// shards with `orgsim slurm`, and combined with `orgsim merge`).
    #[arg(long, value_name = "DIR", conflicts_with = "out")]
    pub analyse: Option<PathBuf>,
    /// Also write calibration.md to PATH (e.g. docs/CALIBRATION.md), when a set is accepted.
    #[arg(long, value_name = "PATH")]
    pub docs: Option<PathBuf>,
    /// Worker threads [default: all cores; at most 4 per core]. Results do not depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `orgsim calibrate`.
pub fn calibrate(args: &CalibrateArgs) -> ExitCode {
    let spec = match load_targets_file(&args.targets) {
        Ok(spec) => spec,
        Err(e) => {
            eprintln_escaped!("{e}");
            return ExitCode::from(2);
        }
    };
    let keys = spec.priors.len() + spec.populations.first().map_or(0, |p| p.set.len());
    if let Err(e) = plan_fits(point_count(&spec), keys) {
        eprintln_escaped!("{e}");
        return ExitCode::from(2);
    }
    let plan = plan(&spec);
    if let Some(dir) = &args.analyse {
        return match check_analysable(dir, &plan, &args.targets) {
            Ok(()) => analyse_folder(args, &spec, dir, None),
            Err(e) => {
                eprintln_escaped!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&spec.name));
    let command = super::sweep::rerun_command(
        &format!("orgsim calibrate {}", args.targets.display()),
        &out,
        args.shard.as_deref(),
    );
    let run = PlanRun {
        out: &out,
        shard: args.shard.as_deref(),
        resume: args.resume,
        force: args.force,
        threads: args.threads,
        quiet: args.quiet,
        no_report: true,
        no_figures: true,
        lang: "en",
        command,
    };
    match run_plan(plan, &run) {
        Err(code) => code,
        Ok(done) if !done.assembled => {
            if !args.quiet {
                eprintln_escaped!(
                    "orgsim: when every shard is done, merge them with `orgsim merge <shard folders> --out DIR`, then run `orgsim calibrate {} --analyse DIR`",
                    args.targets.display()
                );
            }
            ExitCode::SUCCESS
        }
        Ok(done) => analyse_folder(args, &spec, &out, Some(done.seconds)),
    }
}

/// Checks that `dir` holds the complete sweep of `plan`: a sweep folder (its `plan.json`) or
/// the folder `orgsim merge` wrote (the plan recorded in its manifest).
fn check_analysable(
    dir: &Path,
    plan: &crate::experiment::plan::SweepPlan,
    targets: &Path,
) -> Result<(), String> {
    let recorded: SweepPlan = match read_saved_plan(dir)? {
        Some((saved, _)) => saved.plan,
        None => recorded_plan(dir)?,
    };
    if recorded != *plan {
        return Err(format!(
            "{} holds another sweep than the calibration of {} (the targets file, or the base scenario, changed since it ran)",
            dir.display(),
            targets.display()
        ));
    }
    match folder_kind(dir) {
        Ok(FolderKind::Sweep) => Ok(()),
        _ => Err(format!(
            "{} holds an unfinished sweep (or one shard of it): finish it with `orgsim calibrate {} --out {} --resume`, or merge its shards with `orgsim merge`",
            dir.display(),
            targets.display(),
            dir.display()
        )),
    }
}

/// The plan recorded in the manifest of a merged sweep folder.
pub(super) fn recorded_plan(dir: &Path) -> Result<SweepPlan, String> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{} holds no sweep (neither {PLAN_FILE} nor a readable {MANIFEST_FILE}: {e}): give the folder `orgsim merge` wrote",
            dir.display()
        )
    })?;
    #[derive(serde::Deserialize)]
    struct Recorded {
        scenario: SweepPlan,
    }
    serde_json::from_str::<Recorded>(&text)
        .map(|r| r.scenario)
        .map_err(|e| {
            format!(
                "{} does not record a sweep ({e}): give the folder `orgsim merge` wrote",
                path.display()
            )
        })
}

/// Analyses the sweep in `dir` and writes the calibration's files there.
fn analyse_folder(
    args: &CalibrateArgs,
    spec: &TargetsSpec,
    dir: &Path,
    sweep_seconds: Option<f64>,
) -> ExitCode {
    let started = Instant::now();
    let means = match PointMeans::read(dir) {
        Ok(means) => means,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let analysis = analyse(spec, &|point, metric, month| {
        means.mean(point, metric, month)
    });
    let targets_file = args.targets.display().to_string();
    let run = RunInfo {
        targets_file: &targets_file,
        sweep_seconds,
        analysis_seconds: started.elapsed().as_secs_f64(),
    };
    let page = match write_calibration(dir, spec, &analysis, &run) {
        Ok(page) => page,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if analysis.accepted.is_empty() {
        eprintln_escaped!(
            "error: no parameter set of calibration `{}` was accepted ({} sets); the closest, and the targets each misses:\n{}help: widen the priors or the bands, draw more `samples`, or accept by `quantile`; details in {}",
            spec.name,
            analysis.sets.len(),
            rejection_report(spec, &analysis, SHOWN_WHEN_REJECTED),
            dir.join(FIT_FILE).display()
        );
        return ExitCode::from(2);
    }
    if let Some(path) = &args.docs
        && let Err(e) = write_atomic(path, |w| w.write_all(page.as_bytes()))
    {
        eprintln_escaped!("error: {e}");
        return ExitCode::from(1);
    }
    if !args.quiet {
        let outside: Vec<&str> = (0..spec.targets.len())
            .filter(|&t| !analysis.inside(spec, t))
            .map(|t| spec.targets[t].name.as_str())
            .collect();
        eprintln_escaped!(
            "orgsim: calibration `{}`: {} of {} parameter sets accepted; {} of {} targets met by the posterior median{}; wrote {}, {} and {} in {}{}",
            spec.name,
            analysis.accepted.len(),
            analysis.sets.len(),
            spec.targets.len() - outside.len(),
            spec.targets.len(),
            if outside.is_empty() {
                String::new()
            } else {
                format!(" (missed: {})", outside.join(", "))
            },
            POSTERIOR_FILE,
            FIT_FILE,
            CALIBRATION_FILE,
            dir.display(),
            args.docs
                .as_ref()
                .map(|p| format!(", and {}", p.display()))
                .unwrap_or_default()
        );
    }
    ExitCode::SUCCESS
}

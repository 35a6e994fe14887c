//! `orgsim sweep` and `orgsim merge`: parameter sweeps, resumable and sharded.
//!
//! Owns the command-line side of sweeps: choosing the output folder, refusing to mix two
//! different sweeps in one folder, Ctrl-C, the progress display (a bar on a terminal, plain
//! lines in cluster logs) and the final summary. The work itself is
//! `experiment::runner::run_sweep`; the files are `experiment::parts`.

use super::sweep_progress::{Reporter, SetupReporter};
use crate::experiment::memory::{MemoryNeed, format_bytes};
use crate::experiment::part_format::DamagedPart;
use crate::experiment::parts::{AssemblyError, PARTS_DIR, PartError, PartStore};
use crate::experiment::plan::SweepPlan;
use crate::experiment::runner::{
    Shard, SweepStatus, point_scenario, point_scenario_checked_before, run_sweep,
};
use crate::experiment::setup::{PointChecks, bookkeeping_bytes, check_points, plan_bytes};
use crate::output::assemble::assemble;
use crate::output::uncertainty::write_uncertainty_csv;
use crate::output::{MANIFEST_FILE, Manifest, OutputError, UNCERTAINTY_FILE, write_atomic};
use crate::scenario::Scenario;
use clap::Args;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// What a sweep folder records about the sweep it holds (so shards can be merged and a
/// resumed sweep is checked to be the same sweep).
pub use crate::output::results_folder::PLAN_FILE;

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Sweep file (TOML): base scenario, replications, design and keys to vary.
    pub sweep: PathBuf,
    /// Output folder [default: results/<sweep name>].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Run only shard I of N (0-based), e.g. --shard 0/4; combine shards with `orgsim merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Fix a scenario value for every point, e.g. --set parameters.trust_loss_rate=0.3
    /// (repeatable; recorded in plan.json). A key the sweep varies cannot be fixed.
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    pub overrides: Vec<String>,
    /// Finish a sweep that was interrupted: runs already recorded in --out are kept.
    #[arg(long)]
    pub resume: bool,
    /// Start over: delete the runs recorded in --out by an earlier sweep.
    #[arg(long, conflicts_with = "resume")]
    pub force: bool,
    /// Worker threads [default: all cores; at most 4 per core]. Results do not depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// Do not draw the figures (figures/*.svg and .png).
    #[arg(long)]
    pub no_figures: bool,
    /// Language of the report and figures written after the results: en or nl (Dutch,
    /// decimal comma; the tables are the same in both).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard folders written by `orgsim sweep --shard`.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Folder for the merged tables.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Replace the tables already in --out (without it, a folder holding results is refused).
    #[arg(long)]
    pub force: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// Do not draw the figures (figures/*.svg and .png).
    #[arg(long)]
    pub no_figures: bool,
    /// Language of the report and figures written after the results: en or nl (Dutch,
    /// decimal comma; the tables are the same in both).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The contents of `plan.json`.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct SavedPlan {
    orgsim_version: String,
    pub shard: String,
    pub plan: SweepPlan,
}

/// The plan saved in `dir`, checked against the limits of a sweep file (and its shard parsed).
pub(super) fn read_saved_plan(dir: &Path) -> Result<Option<(SavedPlan, Shard)>, String> {
    let path = dir.join(PLAN_FILE);
    // The text and the plan read from it are held at once (the plan is smaller than its
    // pretty-printed JSON): refuse a file that cannot fit before reading it.
    if let Ok(meta) = std::fs::metadata(&path) {
        let limit = super::memory::memory_limit()?;
        let need = meta.len().saturating_mul(2);
        if need > limit.bytes {
            return Err(format!(
                "{} holds {} of plan, which needs about {} of memory to read; {}",
                path.display(),
                format_bytes(meta.len()),
                format_bytes(need),
                limit.explanation
            ));
        }
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let damaged = |e: String| {
        format!(
            "{} is not a sweep plan orgsim can use: {e}; it was edited or written by another program (run the sweep again into a new folder)",
            path.display()
        )
    };
    let saved: SavedPlan = serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
    saved.plan.check_limits().map_err(damaged)?;
    let shard = Shard::parse(&saved.shard).map_err(|e| damaged(format!("shard {e}")))?;
    Ok(Some((saved, shard)))
}

fn has_parts(dir: &Path) -> bool {
    std::fs::read_dir(dir.join(PARTS_DIR)).is_ok_and(|mut entries| entries.next().is_some())
}

/// Writes the tables of `plan` into `out` from the parts of `sources`, plus the manifest.
fn assemble_sweep(
    plan: &SweepPlan,
    checks: &PointChecks,
    sources: &[PathBuf],
    out: &Path,
    threads: usize,
) -> Result<(), AssemblyError> {
    let invalid = &checks.invalid;
    let assembly = plan.assembly(|i| match &invalid[i] {
        None => Ok(checks.group_names(i)),
        Some(error) => Err(first_line(error).to_string()),
    });
    assemble(&assembly, sources, out)?;
    drop(assembly);
    let seed = (0..plan.points.len())
        .find(|&p| invalid[p].is_none())
        .and_then(|p| point_scenario(plan, p).ok())
        .map_or(0, |s| s.seed);
    let mut manifest = Manifest::from_parts(
        serde_json::to_value(plan).unwrap_or_default(),
        seed,
        plan.replications,
        std::env::args(),
        threads,
    );
    manifest.finish();
    manifest.outputs = [
        "points.csv",
        "timeseries.csv",
        "groups.csv",
        "events.csv",
        "summary.csv",
    ]
    .map(String::from)
    .to_vec();
    if write_sweep_uncertainty(plan, checks, out)? {
        manifest.outputs.push(UNCERTAINTY_FILE.to_string());
    }
    manifest.outputs.push(MANIFEST_FILE.to_string());
    let path = out.join(MANIFEST_FILE);
    write_atomic(&path, |w| w.write_all(manifest.to_json().as_bytes()))
        .map_err(|e| AssemblyError::Output(OutputError::write(&path, e)))
}

/// Writes `uncertainty.csv` for the valid points of `plan` when its base has uncertain
/// inputs: each point's replications draw their own values (a point's varied keys are set
/// before the draws are applied). Whether it was written.
fn write_sweep_uncertainty(
    plan: &SweepPlan,
    checks: &PointChecks,
    out: &Path,
) -> Result<bool, AssemblyError> {
    // Loaded one at a time: a sweep may have many points. Every point has the base's table.
    let scenarios = (0..plan.points.len())
        .filter(|&p| checks.invalid[p].is_none())
        .filter_map(|p| {
            let s: Scenario = point_scenario_checked_before(plan, p).ok()?;
            Some((vec![plan.name.clone(), plan.points[p].id.to_string()], s))
        });
    let mut scenarios = scenarios.peekable();
    if scenarios
        .peek()
        .is_none_or(|(_, s)| s.uncertainty.is_empty())
    {
        return Ok(false);
    }
    let path = out.join(UNCERTAINTY_FILE);
    write_atomic(&path, |w| {
        write_uncertainty_csv(w, &["scenario", "point"], scenarios)
    })
    .map_err(|e| AssemblyError::Output(OutputError::write(&path, e)))?;
    Ok(true)
}

/// Whether the points of a sweep (`points` of `keys` varied keys) fit in the memory orgsim may
/// use, asked before they are generated.
pub(super) fn plan_fits(points: u64, keys: usize) -> Result<(), String> {
    let limit = super::memory::memory_limit().map_err(|e| format!("error: {e}"))?;
    let bytes = plan_bytes(points, keys);
    if bytes <= limit.bytes {
        return Ok(());
    }
    Err(format!(
        "error: the sweep's {points} points of {keys} varied keys need about {} of memory before anything runs; {}\nhelp: vary fewer values (or fewer `points`)",
        format_bytes(bytes),
        limit.explanation
    ))
}

/// Refuses a sweep whose own records (the plan, what is kept per point and per run, and the
/// index of runs when `assembling`) and, once known, a batch of its largest point (`batch`)
/// exceed the memory orgsim may use.
fn check_sweep_memory(
    plan: &SweepPlan,
    batch: Option<&MemoryNeed>,
    assembling: bool,
) -> Result<(), String> {
    let limit = super::memory::memory_limit().map_err(|e| format!("error: {e}"))?;
    let records = bookkeeping_bytes(plan, assembling);
    let batch_bytes = batch.map_or(0, MemoryNeed::total);
    if records.saturating_add(batch_bytes) <= limit.bytes {
        return Ok(());
    }
    let batch_line = batch.map_or(String::new(), |_| {
        format!(
            "\n  a batch of runs of its largest point ≈ {}",
            format_bytes(batch_bytes)
        )
    });
    Err(format!(
        "error: sweep `{}` needs about {} of memory; {}\n  its {} points, {} replications each: the plan and the records kept per point and per run{} ≈ {}{batch_line}\nhelp: vary fewer values (or fewer `points`), or run fewer replications",
        plan.name,
        format_bytes(records.saturating_add(batch_bytes)),
        limit.explanation,
        plan.points.len(),
        plan.replications,
        if assembling {
            ", and the index of runs the tables are assembled from"
        } else {
            ""
        },
        format_bytes(records)
    ))
}

/// What to say about a part file that cannot be used: the problem and the command that
/// recomputes its runs (`resume`), or, for the first part format, starts over (`start_over`).
fn damaged_message(e: &DamagedPart, resume: &str, start_over: &str) -> String {
    if e.is_old_format() {
        format!(
            "error: {e}\n  this orgsim reads part format 2 only: start over with\n    {start_over}\n  (every run is run again), or finish the sweep with the orgsim that started it"
        )
    } else {
        format!(
            "error: {e}\n  its runs can be run again: delete that file, then run\n    {resume}\n  (the runs of the other part files are kept)"
        )
    }
}

/// The first line of a rendered error (for `points.csv`).
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln_escaped!("error: {message}");
    ExitCode::from(2)
}

/// `orgsim sweep`.
pub fn sweep(args: &SweepArgs) -> ExitCode {
    let mut plan = match crate::experiment::load_sweep_file_within(&args.sweep, &plan_fits) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln_escaped!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Err(code) = add_fixed_overrides(&mut plan, &args.overrides) {
        return code;
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&plan.name));
    let sets: String = args
        .overrides
        .iter()
        .map(|o| format!(" --set {}", shell_word(o)))
        .collect();
    let command = rerun_command(
        &format!("orgsim sweep {}{sets}", args.sweep.display()),
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
        no_report: args.no_report,
        no_figures: args.no_figures,
        lang: &args.lang,
        command,
    };
    match run_plan(plan, &run) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// `o` as one shell word: quoted when it holds anything but plain characters.
fn shell_word(o: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-=+/:,".contains(c);
    if o.chars().all(plain) {
        o.to_string()
    } else {
        format!("'{}'", o.replace('\'', "'\\''"))
    }
}

/// Adds `sweep --set` overrides to the plan's `base_overrides` (applied to every point before
/// its varied values): a key the design varies, or `replications` (the sweep file's own), is
/// refused, and the base scenario must load with them. `Err`: exit code 2, reason printed.
fn add_fixed_overrides(plan: &mut SweepPlan, overrides: &[String]) -> Result<(), ExitCode> {
    for o in overrides {
        let key = o.split_once('=').map_or(o.as_str(), |(k, _)| k).trim();
        if plan.keys.iter().any(|k| k == key) {
            return Err(usage_error(format!(
                "--set {o}: the sweep varies `{key}`, so it cannot also be fixed; remove it from the sweep file's design to fix it"
            )));
        }
        if key == "replications" {
            return Err(usage_error(format!(
                "--set {o}: a sweep's replications are set by `replications` in the sweep file"
            )));
        }
    }
    plan.base_overrides.extend(overrides.iter().cloned());
    if !overrides.is_empty()
        && let Err(e) =
            crate::scenario::load_str(&plan.base_source, &plan.base_text, &plan.base_overrides)
    {
        eprintln_escaped!("{e}");
        return Err(ExitCode::from(2));
    }
    Ok(())
}

/// How to run a plan into a folder: the options `orgsim sweep` and `orgsim calibrate` share.
pub(super) struct PlanRun<'a> {
    pub out: &'a Path,
    /// `--shard I/N` as given.
    pub shard: Option<&'a str>,
    pub resume: bool,
    pub force: bool,
    pub threads: Option<usize>,
    pub quiet: bool,
    pub no_report: bool,
    pub no_figures: bool,
    /// The language of the figures and the report (`--lang`).
    pub lang: &'a str,
    /// The command that runs this again, without `--resume` or `--force` (shown to continue
    /// an interrupted run or to start over).
    pub command: String,
}

/// The command that runs a plan again into `out`: `start` (the command and its file) with
/// `--out` and, for a shard, `--shard` (the caller adds `--resume` or `--force`).
pub(super) fn rerun_command(start: &str, out: &Path, shard: Option<&str>) -> String {
    let shard = shard.map(|s| format!(" --shard {s}")).unwrap_or_default();
    format!("{start} --out {}{shard}", out.display())
}

/// A plan whose runs are all recorded.
pub(super) struct PlanDone {
    /// The whole plan ran (not a shard), so its tables were assembled into the folder.
    pub assembled: bool,
    /// Seconds the runs took (those run by this call).
    pub seconds: f64,
}

/// Runs `plan` into `run.out`: checks memory and every point, takes the folder, records the
/// plan, runs (or resumes) the runs of the shard and, for a whole plan, assembles its tables.
/// `Err`: the exit code, the reason already printed.
pub(super) fn run_plan(plan: SweepPlan, run: &PlanRun) -> Result<PlanDone, ExitCode> {
    let args = run;
    let out = run.out.to_path_buf();
    let shard = match args.shard.map(Shard::parse).transpose() {
        Ok(shard) => shard.unwrap_or(Shard::WHOLE),
        Err(e) => return Err(usage_error(format!("--shard {e}"))),
    };
    let pool = match super::build_pool(args.threads, args.quiet) {
        Ok(pool) => pool,
        Err(e) => return Err(usage_error(e)),
    };
    let shard_text = format!("{}/{}", shard.index, shard.count);
    let threads = pool.current_num_threads();

    // The sweep's own records must fit before its points are checked (which takes long for
    // a huge grid); every point is validated (an invalid point is skipped and reported), and
    // the largest valid one's batch must fit beside those records, before the folder is
    // touched.
    let assembling = shard == Shard::WHOLE;
    if let Err(e) = check_sweep_memory(&plan, None, assembling) {
        eprintln_escaped!("{e}");
        return Err(ExitCode::from(2));
    }
    let setup = SetupReporter::new(args.quiet);
    let checks = pool.install(|| check_points(&plan, threads, &setup));
    setup.finish();
    if let Some((point, need)) = &checks.largest {
        let fits = super::memory::check(need, &format!("point {point} of sweep `{}`", plan.name))
            .and_then(|()| check_sweep_memory(&plan, Some(need), assembling));
        if let Err(e) = fits {
            eprintln_escaped!("{e}");
            return Err(ExitCode::from(2));
        }
    }

    // Held until the sweep ends: a second sweep (or a second copy of this shard) into the
    // folder is refused, and `--resume` waits for the first to end, then finds its runs.
    let _lock = super::folder::lock_out(&out, args.resume, args.quiet)?;
    // One folder holds one sweep: refuse to mix, unless told to resume or start over. A
    // folder holding other results (a run, a comparison) is refused too.
    match read_saved_plan(&out) {
        Err(e) => return Err(usage_error(e)),
        Ok(_) if args.force => {}
        Ok(Some((saved, _))) if saved.plan != plan || saved.shard != shard_text => {
            return Err(usage_error(format!(
                "{} holds runs of a different sweep (or shard {}); choose another --out, or --force to delete them",
                out.display(),
                saved.shard
            )));
        }
        Ok(Some(_)) if has_parts(&out) && !args.resume => {
            return Err(usage_error(format!(
                "{} already holds runs of this sweep: add --resume to finish it, or --force to start over",
                out.display()
            )));
        }
        Ok(Some(_)) => {}
        Ok(None) => {
            super::check_out(&out, false, &[])?;
        }
    }
    if args.force
        && let Err(code) = super::clear_out(&out, &[])
    {
        return Err(code);
    }
    let mut store = match PartStore::open(&out, plan.kept_output()) {
        Ok(store) => store,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return Err(ExitCode::from(1));
        }
    };
    let saved = SavedPlan {
        orgsim_version: env!("CARGO_PKG_VERSION").to_string(),
        shard: shard_text.clone(),
        plan,
    };
    let plan_path = out.join(PLAN_FILE);
    let json = serde_json::to_string_pretty(&saved).unwrap_or_default();
    if let Err(e) = write_atomic(&plan_path, |w| w.write_all(json.as_bytes())) {
        eprintln_escaped!("error: {e}");
        return Err(ExitCode::from(1));
    }
    let plan = saved.plan;

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second Ctrl-C while stopping falls through to the default (immediate exit): the
        // recorded runs are safe either way.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }

    let started = Instant::now();
    let reporter = Reporter::new(args.quiet);
    let invalid = &checks.invalid;
    let status = pool.install(|| run_sweep(&plan, invalid, shard, &mut store, &reporter, &stop));
    reporter.finish();
    let failed: Vec<(usize, &String)> = invalid
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.as_ref().map(|e| (i, e)))
        .collect();
    if !failed.is_empty() && !args.quiet {
        eprintln_escaped!(
            "orgsim: {} of {} points failed validation and were skipped (see points.csv):",
            failed.len(),
            plan.points.len()
        );
        for (point, error) in failed.iter().take(3) {
            eprintln_escaped!("  point {point}: {}", first_line(error));
        }
    }
    let command = format!("{} --resume", run.command);
    let start_over = command.replace(" --resume", " --force");
    match status {
        Err(PartError::Damaged(e)) => {
            eprintln_escaped!("{}", damaged_message(&e, &command, &start_over));
            Err(ExitCode::from(2))
        }
        Err(e) => {
            eprintln_escaped!("error: {e}\nrecorded runs are kept; continue with: {command}");
            Err(ExitCode::from(1))
        }
        Ok(SweepStatus::Interrupted { done, total }) => {
            eprintln_escaped!(
                "orgsim: interrupted with {done} of {total} runs recorded; continue with:\n  {command}"
            );
            Err(ExitCode::from(130))
        }
        Ok(SweepStatus::Complete { runs, newly_run }) => {
            let secs = started.elapsed().as_secs_f64();
            if shard != Shard::WHOLE {
                if !args.quiet {
                    eprintln_escaped!(
                        "orgsim: shard {shard_text} complete: {runs} runs ({newly_run} new) in {secs:.1} s; combine the shards with `orgsim merge <shard folders> --out DIR`"
                    );
                }
                return Ok(PlanDone {
                    assembled: false,
                    seconds: secs,
                });
            }
            match pool.install(|| {
                assemble_sweep(&plan, &checks, std::slice::from_ref(&out), &out, threads)
            }) {
                Ok(()) => {
                    if !super::figures_and_report(
                        &out,
                        args.no_figures,
                        args.no_report,
                        args.quiet,
                        args.lang,
                    ) {
                        return Err(ExitCode::from(1));
                    }
                    if !args.quiet {
                        eprintln_escaped!(
                            "orgsim: sweep `{}`: {} points × {} replications = {runs} runs ({newly_run} new) in {secs:.1} s ({:.1} runs/s); results in {}",
                            plan.name,
                            plan.points.len(),
                            plan.replications,
                            newly_run as f64 / secs.max(1e-9),
                            out.display()
                        );
                    }
                    Ok(PlanDone {
                        assembled: true,
                        seconds: secs,
                    })
                }
                Err(AssemblyError::Damaged(e)) => {
                    eprintln_escaped!("{}", damaged_message(&e, &command, &start_over));
                    Err(ExitCode::from(2))
                }
                Err(e) => {
                    eprintln_escaped!("error: {e}");
                    Err(ExitCode::from(1))
                }
            }
        }
    }
}

/// `orgsim merge`.
pub fn merge(args: &MergeArgs) -> ExitCode {
    let mut plan: Option<SweepPlan> = None;
    let mut shards: Vec<(Shard, &Path)> = vec![];
    for dir in &args.shards {
        match read_saved_plan(dir) {
            Err(e) => return usage_error(e),
            Ok(None) => {
                return usage_error(format!(
                    "{} holds no sweep ({PLAN_FILE} is missing)",
                    dir.display()
                ));
            }
            Ok(Some((saved, shard))) => {
                if let Some(first) = &plan
                    && *first != saved.plan
                {
                    return usage_error(format!(
                        "{} holds a different sweep than {}",
                        dir.display(),
                        args.shards[0].display()
                    ));
                }
                if let Some(&(first, first_dir)) = shards.first()
                    && first.count != shard.count
                {
                    return usage_error(format!(
                        "{} holds shard {}/{} but {} holds shard {}/{}: merge the shards of one split",
                        dir.display(),
                        shard.index,
                        shard.count,
                        first_dir.display(),
                        first.index,
                        first.count
                    ));
                }
                if let Some((_, twin)) = shards.iter().find(|(s, _)| *s == shard) {
                    return usage_error(format!(
                        "shard {}/{} is given twice ({} and {}): give each shard folder once",
                        shard.index,
                        shard.count,
                        twin.display(),
                        dir.display()
                    ));
                }
                shards.push((shard, dir));
                plan.get_or_insert(saved.plan);
            }
        }
    }
    let Some(plan) = plan else {
        return usage_error("no shard folders given");
    };
    let _lock = match super::folder::lock_out(&args.out, false, false) {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    // The shards' runs and plans are inputs (--out may be a shard folder): never replaced.
    let inputs = [PARTS_DIR, PLAN_FILE];
    match super::check_out(&args.out, args.force, &inputs) {
        Ok(true) => {
            if let Err(code) = super::clear_out(&args.out, &inputs) {
                return code;
            }
        }
        Ok(false) => {}
        Err(code) => return code,
    }
    let threads = rayon::current_num_threads();
    if let Err(e) = check_sweep_memory(&plan, None, true) {
        eprintln_escaped!("{e}");
        return ExitCode::from(2);
    }
    let setup = SetupReporter::new(args.quiet);
    let checks = check_points(&plan, threads, &setup);
    setup.finish();
    match assemble_sweep(&plan, &checks, &args.shards, &args.out, threads) {
        Ok(()) => {
            if !super::figures_and_report(
                &args.out,
                args.no_figures,
                args.no_report,
                args.quiet,
                &args.lang,
            ) {
                return ExitCode::from(1);
            }
            if !args.quiet {
                let names: Vec<String> = shards
                    .iter()
                    .map(|(s, _)| format!("{}/{}", s.index, s.count))
                    .collect();
                eprintln_escaped!(
                    "orgsim: merged {} shard folders ({}) of sweep `{}` into {}",
                    args.shards.len(),
                    names.join(", "),
                    plan.name,
                    args.out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(AssemblyError::Damaged(e)) => {
            // The shard folder the file is in, and the command that runs its runs again.
            let shard = shards
                .iter()
                .find(|(_, dir)| e.path.starts_with(dir.join(PARTS_DIR)));
            let (resume, start_over) = match shard {
                Some((shard, dir)) => {
                    let command = format!(
                        "orgsim sweep <sweep file> --out {} --shard {}/{}",
                        dir.display(),
                        shard.index,
                        shard.count
                    );
                    (
                        format!("{command} --resume\n  and merge again"),
                        format!("{command} --force\n  and merge again"),
                    )
                }
                None => (
                    "orgsim sweep <sweep file> --out <its folder> --resume".to_string(),
                    "orgsim sweep <sweep file> --out <its folder> --force".to_string(),
                ),
            };
            eprintln_escaped!("{}", damaged_message(&e, &resume, &start_over));
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln_escaped!("error: {e}");
            ExitCode::from(1)
        }
    }
}

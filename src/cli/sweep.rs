//! `orgsim sweep` and `orgsim merge`: parameter sweeps, resumable and sharded.
//!
//! Owns the command-line side of sweeps: choosing the output folder, refusing to mix two
//! different sweeps in one folder, Ctrl-C, the progress display (a bar on a terminal, plain
//! lines in cluster logs) and the final summary. The work itself is
//! `experiment::runner::run_sweep`; the files are `output::parts`.

use crate::experiment::plan::SweepPlan;
use crate::experiment::runner::{
    Progress, Shard, SweepStatus, check_points, point_scenario, run_sweep, validate_points,
};
use crate::output::parts::{PARTS_DIR, PartStore, assemble};
use crate::output::{MANIFEST_FILE, Manifest, write_atomic};
use clap::Args;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What a sweep folder records about the sweep it holds (so shards can be merged and a
/// resumed sweep is checked to be the same sweep).
pub use crate::output::folder::PLAN_FILE;

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
    /// Finish a sweep that was interrupted: runs already recorded in --out are kept.
    #[arg(long)]
    pub resume: bool,
    /// Start over: delete the runs recorded in --out by an earlier sweep.
    #[arg(long, conflicts_with = "resume")]
    pub force: bool,
    /// Worker threads [default: all cores]. Results do not depend on it.
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
}

/// The contents of `plan.json`.
#[derive(Debug, Serialize, Deserialize)]
struct SavedPlan {
    orgsim_version: String,
    shard: String,
    plan: SweepPlan,
}

fn read_saved_plan(dir: &Path) -> Result<Option<SavedPlan>, String> {
    let path = dir.join(PLAN_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{} is not a sweep plan: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn has_parts(dir: &Path) -> bool {
    std::fs::read_dir(dir.join(PARTS_DIR)).is_ok_and(|mut entries| entries.next().is_some())
}

/// Progress as a bar on a terminal, or a plain line every 10 seconds otherwise.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    done: AtomicU64,
    total: AtomicU64,
    started: Instant,
    last_line: std::sync::Mutex<Instant>,
    quiet: bool,
}

impl Reporter {
    fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} runs  {rate}  ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} runs/s", state.per_sec());
                },
            );
            bar.set_style(style);
            bar
        });
        Reporter {
            bar,
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            started: Instant::now(),
            last_line: std::sync::Mutex::new(Instant::now()),
            quiet,
        }
    }

    fn line(&self) -> String {
        let done = self.done.load(Ordering::Relaxed);
        let total = self.total.load(Ordering::Relaxed).max(1);
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let rate = done as f64 / secs;
        let eta = if rate > 0.0 {
            (total.saturating_sub(done)) as f64 / rate
        } else {
            f64::NAN
        };
        format!(
            "orgsim: {done}/{total} runs ({:.0}%), {rate:.1} runs/s, ETA {eta:.0} s",
            100.0 * done as f64 / total as f64
        )
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn start(&self, total: u64, done: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            bar.reset_eta();
        } else if !self.quiet {
            eprintln_escaped!("orgsim: {total} runs in this sweep, {done} already done");
        }
    }

    fn advance(&self, runs: u64) {
        self.done.fetch_add(runs, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(runs);
        } else if !self.quiet {
            let mut last = self.last_line.lock().unwrap_or_else(|e| e.into_inner());
            if last.elapsed() >= Duration::from_secs(10) {
                *last = Instant::now();
                eprintln_escaped!("{}", self.line());
            }
        }
    }
}

/// Group names of each valid point (for `groups.csv`) — a few short strings a point.
fn group_names(plan: &SweepPlan, invalid: &[Option<String>]) -> Vec<Vec<String>> {
    (0..plan.points.len())
        .into_par_iter()
        .map(|p| match &invalid[p] {
            Some(_) => Vec::new(),
            None => point_scenario(plan, p)
                .map(|s| s.workforce.iter().map(|g| g.name.clone()).collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// Writes the tables of `plan` into `out` from the parts of `sources`, plus the manifest.
fn assemble_sweep(
    plan: &SweepPlan,
    invalid: &[Option<String>],
    sources: &[PathBuf],
    out: &Path,
    threads: usize,
) -> Result<(), String> {
    let names = group_names(plan, invalid);
    let assembly = plan.assembly(|i| match &invalid[i] {
        None => Ok(names[i].as_slice()),
        Some(error) => Err(first_line(error).to_string()),
    });
    assemble(&assembly, sources, out).map_err(|e| e.to_string())?;
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
        MANIFEST_FILE,
    ]
    .map(String::from)
    .to_vec();
    let path = out.join(MANIFEST_FILE);
    write_atomic(&path, |w| w.write_all(manifest.to_json().as_bytes())).map_err(|e| e.to_string())
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
    let plan = match crate::scenario::load_sweep_file(&args.sweep) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln_escaped!("{e}");
            return ExitCode::from(2);
        }
    };
    let shard = match args.shard.as_deref().map(Shard::parse).transpose() {
        Ok(shard) => shard.unwrap_or(Shard::WHOLE),
        Err(e) => return usage_error(format!("--shard {e}")),
    };
    let pool = match super::build_pool(args.threads) {
        Ok(pool) => pool,
        Err(e) => return usage_error(e),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&plan.name));
    let shard_text = format!("{}/{}", shard.index, shard.count);
    let threads = pool.current_num_threads();

    // Every point is validated (an invalid point is skipped and reported), and the largest
    // valid one must fit in memory, before the folder is touched.
    let checks = pool.install(|| check_points(&plan, threads));
    if let Some((point, need)) = &checks.largest
        && let Err(e) =
            super::memory::check(need, &format!("point {point} of sweep `{}`", plan.name))
    {
        eprintln_escaped!("{e}");
        return ExitCode::from(2);
    }

    // One folder holds one sweep: refuse to mix, unless told to resume or start over. A
    // folder holding other results (a run, a comparison) is refused too.
    match read_saved_plan(&out) {
        Err(e) => return usage_error(e),
        Ok(_) if args.force => {}
        Ok(Some(saved)) if saved.plan != plan || saved.shard != shard_text => {
            return usage_error(format!(
                "{} holds runs of a different sweep (or shard {}); choose another --out, or --force to delete them",
                out.display(),
                saved.shard
            ));
        }
        Ok(Some(_)) if has_parts(&out) && !args.resume => {
            return usage_error(format!(
                "{} already holds runs of this sweep: add --resume to finish it, or --force to start over",
                out.display()
            ));
        }
        Ok(Some(_)) => {}
        Ok(None) => {
            if let Err(code) = super::check_out(&out, false, &[]) {
                return code;
            }
        }
    }
    if args.force
        && let Err(code) = super::clear_out(&out, &[])
    {
        return code;
    }
    let mut store = match PartStore::open(&out) {
        Ok(store) => store,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(1);
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
        return ExitCode::from(1);
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
    let invalid = checks.invalid;
    let status = pool.install(|| run_sweep(&plan, &invalid, shard, &mut store, &reporter, &stop));
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
    let command = format!(
        "orgsim sweep {} --out {}{} --resume",
        args.sweep.display(),
        out.display(),
        args.shard
            .as_ref()
            .map(|s| format!(" --shard {s}"))
            .unwrap_or_default()
    );
    match status {
        Err(e) => {
            eprintln_escaped!("error: {e}\nrecorded runs are kept; continue with: {command}");
            ExitCode::from(1)
        }
        Ok(SweepStatus::Interrupted { done, total }) => {
            eprintln_escaped!(
                "orgsim: interrupted with {done} of {total} runs recorded; continue with:\n  {command}"
            );
            ExitCode::from(130)
        }
        Ok(SweepStatus::Complete { runs, newly_run }) => {
            let secs = started.elapsed().as_secs_f64();
            if shard != Shard::WHOLE {
                if !args.quiet {
                    eprintln_escaped!(
                        "orgsim: shard {shard_text} complete: {runs} runs ({newly_run} new) in {secs:.1} s; combine the shards with `orgsim merge <shard folders> --out DIR`"
                    );
                }
                return ExitCode::SUCCESS;
            }
            match pool.install(|| {
                assemble_sweep(&plan, &invalid, std::slice::from_ref(&out), &out, threads)
            }) {
                Ok(()) => {
                    if !super::figures_and_report(&out, args.no_figures, args.no_report, args.quiet)
                    {
                        return ExitCode::from(1);
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
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln_escaped!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `orgsim merge`.
pub fn merge(args: &MergeArgs) -> ExitCode {
    let mut plan: Option<SweepPlan> = None;
    let mut shards = vec![];
    for dir in &args.shards {
        match read_saved_plan(dir) {
            Err(e) => return usage_error(e),
            Ok(None) => {
                return usage_error(format!(
                    "{} holds no sweep ({PLAN_FILE} is missing)",
                    dir.display()
                ));
            }
            Ok(Some(saved)) => {
                if let Some(first) = &plan
                    && *first != saved.plan
                {
                    return usage_error(format!(
                        "{} holds a different sweep than {}",
                        dir.display(),
                        args.shards[0].display()
                    ));
                }
                shards.push(saved.shard);
                plan.get_or_insert(saved.plan);
            }
        }
    }
    let Some(plan) = plan else {
        return usage_error("no shard folders given");
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
    let invalid = validate_points(&plan);
    match assemble_sweep(&plan, &invalid, &args.shards, &args.out, threads) {
        Ok(()) => {
            if !super::figures_and_report(&args.out, args.no_figures, args.no_report, false) {
                return ExitCode::from(1);
            }
            eprintln_escaped!(
                "orgsim: merged {} shard folders ({}) of sweep `{}` into {}",
                args.shards.len(),
                shards.join(", "),
                plan.name,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln_escaped!("error: {e}");
            ExitCode::from(1)
        }
    }
}

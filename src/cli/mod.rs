//! The command line: argument definitions (clap derive) and the commands they run.
//!
//! Owns turning arguments into calls of the library and choosing exit codes: 0 success,
//! 2 usage or scenario errors (nothing was run), 1 failures while running or writing.
//! The model, engine and output know nothing of this module.

/// `eprintln!` for every message of the command line: control characters in it (from a path,
/// name or value the user gave) are escaped, so they cannot drive the terminal.
macro_rules! eprintln_escaped {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::ground::text::for_terminal(&format!($($arg)*)))
    };
}

/// `println!` with control characters escaped, as [`eprintln_escaped!`].
macro_rules! println_escaped {
    ($($arg:tt)*) => {
        println!("{}", $crate::ground::text::for_terminal(&format!($($arg)*)))
    };
}

pub mod calibrate;
pub mod compare;
pub mod discover;
pub mod economy;
pub mod explore;
pub mod export;
mod file_kind;
mod folder;
pub mod memory;
pub mod params;
pub mod plot;
pub mod report;
pub mod sensitivity;
pub mod slurm;
pub mod sweep;
mod sweep_progress;
pub mod validation;
mod variant;

use crate::experiment::memory::MemoryNeed;
use crate::experiment::run_replications;
use crate::output::folder::{clear_results, existing_results, prepare_dir, refusal};
use crate::output::{Manifest, headline_table, write_run_outputs};
use crate::scenario::{self, Scenario, ScenarioError};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// orgsim: a fast, reproducible agent-based simulator of organisational change.
#[derive(Debug, Parser)]
#[command(name = "orgsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario's replications and write time series, summaries and a manifest.
    Run(RunArgs),
    /// Check scenario, sweep and targets files and report every problem (exit code 2 if any).
    Validate {
        /// Scenario, sweep or targets files (TOML); the kind is told from the contents.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// List the model parameters and scenario keys with default, range and meaning (filter by a word; text, csv or json).
    Params(params::ParamsArgs),
    /// Compare scenarios with common random numbers: means, 95% CIs and paired differences.
    Compare(compare::CompareArgs),
    /// Run a parameter sweep (grid, Latin hypercube, random, table, Sobol or Morris), resumable and shardable.
    Sweep(sweep::SweepArgs),
    /// Calibrate uncertain coefficients to empirical targets (approximate Bayesian computation).
    Calibrate(calibrate::CalibrateArgs),
    /// Sobol' or Morris sensitivity indices of a finished sweep (which choices matter most?), into sensitivity.csv.
    Sensitivity(sensitivity::SensitivityArgs),
    /// Combine the shard folders of a sweep into the tables of the whole sweep.
    Merge(sweep::MergeArgs),
    /// Write Slurm scripts that run a sweep as a job array, then merge its shards.
    Slurm(slurm::SlurmArgs),
    /// Write report.html (tables, figures, settings, provenance) for a results folder.
    Report(report::ReportArgs),
    /// Draw the figures of a results folder (SVG and PNG) into its figures/ folder.
    Plot(plot::PlotArgs),
    /// Write a results folder's time series as one tidy table for pandas and R (--long).
    Export(export::ExportArgs),
    /// Scenario discovery on a finished sweep: where (in the swept inputs) a condition on the outputs mostly holds (PRIM).
    Discover(discover::DiscoverArgs),
    /// Rerun March's (1991) experiments and the model's patterns (docs/ODD.md section 1); write docs/VALIDATION.md.
    Validation(validation::ValidationArgs),
    /// Open a local page with sliders that reruns a scenario on every change (A/B compare, export).
    Explore(explore::ExploreArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the embedded default scenario runs.
    pub scenario: Option<PathBuf>,
    /// Output folder [default: results/<scenario name>, with the --set overrides after it:
    /// results/default--trust_loss_rate=0.3].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Number of replications (same as --set replications=N).
    #[arg(long, short = 'n')]
    pub replications: Option<u64>,
    /// Random seed (same as --set seed=S).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Horizon in months (same as --set months=M).
    #[arg(long)]
    pub months: Option<u64>,
    /// Override a scenario value by its dotted path, e.g. --set knowledge.socialisation_rate=0.3
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    pub overrides: Vec<String>,
    /// Level of the predictive interval in summary.csv (`pi_low`, `pi_high`: where this share
    /// of single replications' values lie), from 0 to 1 exclusive.
    #[arg(long, value_name = "LEVEL", default_value_t = crate::output::DEFAULT_PREDICTION_LEVEL, value_parser = parse_level)]
    pub prediction_level: f64,
    /// Worker threads [default: all cores; at most 4 per core]. Results do not depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Replace the results already in the output folder (without it, such a folder is refused).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// Do not draw figures/overview.svg and .png.
    #[arg(long)]
    pub no_figures: bool,
    /// Language of the report and figures written after the results: en or nl (Dutch,
    /// decimal comma; the tables are the same in both).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
}

impl RunArgs {
    /// `--replications`, `--seed` and `--months` are shorthands for `--set`, so they pass the
    /// same validation.
    fn all_overrides(&self) -> Vec<String> {
        let mut overrides = self.overrides.clone();
        let shorthands = [
            ("replications", self.replications),
            ("seed", self.seed),
            ("months", self.months),
        ];
        for (key, value) in shorthands {
            if let Some(v) = value {
                overrides.push(format!("{key}={v}"));
            }
        }
        overrides
    }
}

/// Loads the scenario a run asks for (a file, or the embedded default).
pub fn load_scenario(
    path: Option<&std::path::Path>,
    overrides: &[String],
) -> Result<Scenario, ScenarioError> {
    match path {
        Some(path) => scenario::load_file(path, overrides),
        None => scenario::load_str("default", scenario::DEFAULT_SCENARIO_TOML, overrides),
    }
}

/// Checks that `out` may receive results, before any work: refused (exit code 2) if it holds
/// results and `force` is not given (names in `ignored` do not count); exit code 1 if it
/// cannot be created or written into. `Ok(true)`: results are there and must be cleared
/// (with [`clear_out`]) before the new ones are written.
pub(crate) fn check_out(out: &Path, force: bool, ignored: &[&str]) -> Result<bool, ExitCode> {
    let found = match existing_results(out) {
        Ok(found) => found,
        Err(e) => {
            eprintln_escaped!("error: cannot write results into {}: {e}", out.display());
            return Err(ExitCode::from(1));
        }
    };
    let found: Vec<&str> = found.into_iter().filter(|n| !ignored.contains(n)).collect();
    if !found.is_empty() && !force {
        eprintln_escaped!("error: {}", refusal(out, &found));
        return Err(ExitCode::from(2));
    }
    if let Err(e) = prepare_dir(out) {
        eprintln_escaped!("error: {e}");
        return Err(ExitCode::from(1));
    }
    Ok(!found.is_empty())
}

/// Removes the earlier results in `out` (manifest first), except the names in `keep`;
/// exit code 1 if that fails.
pub(crate) fn clear_out(out: &Path, keep: &[&str]) -> Result<(), ExitCode> {
    clear_results(out, keep).map_err(|e| {
        eprintln_escaped!("error: {e}");
        ExitCode::from(1)
    })
}

/// Draws the figures and writes the report into `out` after its results, unless told not
/// to; `false` if the disk was full or read-only (an error already printed: exit code 1).
pub(crate) fn figures_and_report(
    out: &Path,
    no_figures: bool,
    no_report: bool,
    quiet: bool,
    lang: &str,
) -> bool {
    let lang = crate::output::i18n::Lang::from_code(lang).unwrap_or_default();
    let figures = no_figures || plot::write_after_results(out, quiet, lang);
    // After a full disk stopped the figures, the report would fail the same way.
    let report = !figures || no_report || report::write_after_results(out, quiet, lang);
    figures && report
}

/// Worker threads per core beyond which `--threads` is capped: more only cost time (on 2
/// cores the default run took 0.05 s with `-j 64`, 0.6 s with `-j 500` and 34 s with
/// `-j 5000`, and `-j 100000` did not finish).
const MAX_THREADS_PER_CORE: usize = 4;

/// The worker pool for `--threads` (default: one thread per core), capped at
/// [`MAX_THREADS_PER_CORE`] per available core, with a note on stderr (unless `quiet`) when
/// capped. Results do not depend on the thread count, so capping changes only speed.
pub(crate) fn build_pool(threads: Option<usize>, quiet: bool) -> Result<rayon::ThreadPool, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(asked) = threads {
        if asked == 0 {
            return Err("--threads must be at least 1".into());
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let cap = cores.saturating_mul(MAX_THREADS_PER_CORE);
        if asked > cap && !quiet {
            eprintln_escaped!(
                "note: --threads {asked} is more than {cores} cores can use; running on {cap} threads ({MAX_THREADS_PER_CORE} per core)"
            );
        }
        builder = builder.num_threads(asked.min(cap));
    }
    builder
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

/// Longest default output folder name, in bytes: room for a few overrides, short enough to
/// read in a listing.
const MAX_DEFAULT_OUT_BYTES: usize = 120;

/// The default output folder of a run: `results/<scenario name>`, and when `--set` changed
/// the run, the overrides after it with only the last segment of each key,
/// `results/default--trust_loss_rate=0.3--months=24`, made a safe folder name (separators
/// and control characters replaced) and cut to [`MAX_DEFAULT_OUT_BYTES`].
fn default_out(scenario_name: &str, overrides: &[String]) -> PathBuf {
    let results = PathBuf::from("results");
    let overrides = changes(overrides);
    if overrides.is_empty() {
        return results.join(scenario_name);
    }
    let mut name = scenario_name.to_string();
    for o in overrides {
        let (key, value) = o.split_once('=').unwrap_or((o, ""));
        let key = key.trim();
        let last = key.rsplit('.').next().unwrap_or(key);
        name.push_str(&format!("--{last}={}", value.trim().trim_matches('"')));
    }
    let safe = crate::ground::text::folder_name_suggestion(&name, scenario_name);
    let mut cut = String::new();
    for c in safe.chars() {
        if cut.len() + c.len_utf8() > MAX_DEFAULT_OUT_BYTES {
            break;
        }
        cut.push(c);
    }
    let cut = cut.trim_end().to_string();
    match crate::ground::text::folder_name_problem(&cut) {
        None => results.join(cut),
        Some(_) => results.join(scenario_name),
    }
}

/// The `--set` overrides that change what runs, trimmed: all but `name` (which the scenario
/// name already shows).
fn changes(overrides: &[String]) -> Vec<&str> {
    overrides
        .iter()
        .map(|o| o.trim())
        .filter(|o| o.split_once('=').is_none_or(|(k, _)| k.trim() != "name"))
        .collect()
}

/// The headline table with its first line naming the `--set` overrides:
/// `scenario "default" with parameters.trust_loss_rate=0.3: ...`.
fn with_overrides(headline: String, scenario_name: &str, overrides: &[String]) -> String {
    if overrides.is_empty() {
        return headline;
    }
    let shown = changes(overrides);
    if shown.is_empty() {
        return headline;
    }
    let named = format!("scenario {scenario_name:?}");
    headline.replacen(&named, &format!("{named} with {}", shown.join(", ")), 1)
}

/// A level of a predictive interval: a number strictly between 0 and 1.
pub(crate) fn parse_level(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        _ => Err(format!(
            "expected a number between 0 and 1 (e.g. 0.9 for 90%), found `{text}`"
        )),
    }
}

fn run(args: &RunArgs) -> ExitCode {
    if let Some(path) = &args.scenario {
        let other = match file_kind::file_kind(path) {
            file_kind::FileKind::Scenario => None,
            file_kind::FileKind::Sweep => Some(("a sweep file", "sweep")),
            file_kind::FileKind::Targets => Some(("a targets file", "calibrate")),
        };
        if let Some((what, command)) = other {
            eprintln_escaped!(
                "error: {} is {what}, not a scenario\n  help: run it with `orgsim {command} {}`",
                path.display(),
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    let scenario = match load_scenario(args.scenario.as_deref(), &args.all_overrides()) {
        Ok(s) => s,
        Err(e) => {
            eprintln_escaped!("{e}");
            return ExitCode::from(2);
        }
    };
    let pool = match build_pool(args.threads, args.quiet) {
        Ok(p) => p,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let need = MemoryNeed::run(&scenario, pool.current_num_threads());
    if let Err(e) = memory::check(&need, &format!("scenario `{}`", scenario.name)) {
        eprintln_escaped!("{e}");
        return ExitCode::from(2);
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&scenario.name, &args.overrides));
    let _lock = match folder::lock_out(&out, false, args.quiet) {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    let replace = match check_out(&out, args.force, &[]) {
        Ok(replace) => replace,
        Err(code) => return code,
    };
    let command_line: Vec<String> = std::env::args().collect();
    let mut manifest = Manifest::new(&scenario, command_line, pool.current_num_threads());
    manifest.prediction_level = args.prediction_level;
    if !args.quiet && scenario.economy.is_none() {
        eprintln_escaped!(
            "orgsim: running `{}`: {} replications × {} months × {} slots on {} threads",
            scenario.name,
            scenario.replications,
            scenario.months,
            scenario.slots(),
            pool.current_num_threads()
        );
    }
    let started = std::time::Instant::now();
    if let Some(economy) = &scenario.economy {
        if !args.quiet {
            eprintln_escaped!(
                "orgsim: running economy `{}`: {} replications × {} months × {} organisations \
                 ({} sectors, {} regions; illustrative rules) on {} threads",
                scenario.name,
                scenario.replications,
                scenario.months,
                economy.organisations,
                economy.sectors.len(),
                economy.regions.len(),
                pool.current_num_threads()
            );
        }
        let replications =
            pool.install(|| crate::experiment::economy::run_economy_replications(&scenario));
        manifest.finish();
        let after = economy::AfterSimulation {
            out: &out,
            replace,
            no_figures: args.no_figures,
            no_report: args.no_report,
            quiet: args.quiet,
            lang: &args.lang,
        };
        let code = economy::finish_economy_run(&scenario, &replications, &manifest, &after);
        if !args.quiet && code == ExitCode::SUCCESS {
            eprintln_escaped!("orgsim: done in {:.2} s", started.elapsed().as_secs_f64());
        }
        return code;
    }
    let results = pool.install(|| run_replications(&scenario));
    let elapsed = started.elapsed();
    manifest.finish();
    if replace && let Err(code) = clear_out(&out, &[]) {
        return code;
    }
    if let Err(e) = write_run_outputs(&out, &scenario, &results, &manifest) {
        eprintln_escaped!("error: {e}");
        return ExitCode::from(1);
    }
    if !figures_and_report(
        &out,
        args.no_figures,
        args.no_report,
        args.quiet,
        &args.lang,
    ) {
        return ExitCode::from(1);
    }
    if !args.quiet {
        let table = if scenario.uncertainty.is_empty() {
            headline_table(&scenario, &results)
        } else {
            crate::output::headline_table_predictive(
                &scenario.name,
                &results,
                args.prediction_level,
            )
        };
        print_stdout(&with_overrides(table, &scenario.name, &args.overrides));
        print_stdout(&crate::output::trust_box::terminal_for(
            90,
            !scenario.uncertainty.is_empty(),
        ));
        if !scenario.uncertainty.is_empty() {
            print_stdout(&format!(
                "  uncertain inputs: each replication drew its own values of {} key(s) ([uncertainty], uncertainty.csv);\n  \"{}% of runs\" is where single runs lie at the horizon, the 95% CI where the mean lies\n",
                scenario.uncertainty.drawn_keys().len(),
                (args.prediction_level * 1000.0).round() / 10.0
            ));
        }
        eprintln_escaped!(
            "orgsim: done in {:.2} s; results in {}",
            elapsed.as_secs_f64(),
            out.display()
        );
    }
    ExitCode::SUCCESS
}

fn validate(paths: &[PathBuf]) -> ExitCode {
    use file_kind::FileKind;
    let mut failed = false;
    for path in paths {
        let checked = match file_kind::file_kind(path) {
            FileKind::Scenario => scenario::load_file(path, &[]).map(|s| {
                format!(
                    "scenario file `{}` ({} months, {} replications, {} slots)",
                    s.name,
                    s.months,
                    s.replications,
                    s.slots()
                )
            }),
            FileKind::Sweep => crate::experiment::sweep_file::load_sweep_file(path).map(|p| {
                format!(
                    "sweep file `{}`, {} point(s) × {} replications, {} varied key(s)",
                    p.name,
                    p.points.len(),
                    p.replications,
                    p.keys.len()
                )
            }),
            FileKind::Targets => scenario::calibration::load_targets_file(path).map(|t| {
                format!(
                    "targets file `{}`, {} samples × {} populations, {} priors, {} targets",
                    t.name,
                    t.samples,
                    t.populations.len(),
                    t.priors.len(),
                    t.targets.len()
                )
            }),
        };
        match checked {
            Ok(what) => println_escaped!("{}: ok: {what}", path.display()),
            Err(e) => {
                eprintln_escaped!("{e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes `text` to stdout; a closed pipe (`orgsim params | head`) is not an error.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    let text = crate::ground::text::for_terminal(text);
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Runs the parsed command line.
pub fn main_with(cli: Cli) -> ExitCode {
    match &cli.command {
        Command::Run(args) => run(args),
        Command::Validate { scenarios } => validate(scenarios),
        Command::Params(args) => params::params(args),
        Command::Compare(args) => compare::compare(args),
        Command::Sweep(args) => sweep::sweep(args),
        Command::Merge(args) => sweep::merge(args),
        Command::Sensitivity(args) => sensitivity::sensitivity(args),
        Command::Calibrate(args) => calibrate::calibrate(args),
        Command::Slurm(args) => slurm::slurm(args),
        Command::Report(args) => report::report(args),
        Command::Plot(args) => plot::plot(args),
        Command::Export(args) => export::export(args),
        Command::Discover(args) => discover::discover(args),
        Command::Validation(args) => validation::validation(args),
        Command::Explore(args) => explore::explore(args),
    }
}

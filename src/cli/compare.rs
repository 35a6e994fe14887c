//! `orgsim compare A.toml B.toml [C.toml ...]`: two or more scenarios run with common random
//! numbers, with a table of each scenario and of its paired difference to the first.
//!
//! Owns the command's arguments, loading and checking the scenario files (every problem is
//! reported; exit code 2 before anything runs), the notes on settings the comparison changes,
//! the output folder and the exit codes. Does not own the statistics (see
//! `crate::experiment::compare`) or the table and file formats (see `crate::output::compare`).

use super::variant::parse_variant;
use super::{build_pool, print_stdout};
use crate::experiment::compare::{
    CompareError, Comparison, adjustments, check, compare_labelled, unique_labels,
};
use crate::experiment::memory::MemoryNeed;
use crate::experiment::success::{DEFAULT_PAYBACK_MONTHS, success};
use crate::model::metrics::Metric;
use crate::output::compare::{
    COMPARE_METRICS, CompareManifest, comparison_table, safe_file_name, write_comparison_outputs,
};
use crate::output::success::success_lines;
use crate::scenario::{self, Scenario};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Scenario files (TOML), at least two in all with the variants; the first is the
    /// reference for differences.
    #[arg(required = true, num_args = 1.., value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
    /// A variant of the first scenario, without a file: "LABEL: key.path=value[, key.path=value]",
    /// e.g. --variant "faster trust loss: parameters.trust_loss_rate=0.4". Repeatable; values
    /// are checked as --set values are, and LABEL names the variant in tables and figures.
    #[arg(long = "variant", value_name = "LABEL: KEY.PATH=VALUE")]
    pub variants: Vec<String>,
    /// Output folder [default: results/compare-<name1>-vs-<name2>...].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Replications of every scenario [default: the first scenario's].
    #[arg(long, short = 'n')]
    pub replications: Option<u64>,
    /// Random seed of every scenario [default: the first scenario's].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override a value in every scenario by its dotted path, e.g. --set months=120
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    pub overrides: Vec<String>,
    /// Level of the predictive interval in summary.csv (`pi_low`, `pi_high`: where this share
    /// of single replications' values lie), from 0 to 1 exclusive.
    #[arg(long, value_name = "LEVEL", default_value_t = crate::output::DEFAULT_PREDICTION_LEVEL, value_parser = super::parse_level)]
    pub prediction_level: f64,
    /// Worker threads [default: all cores; at most 4 per core]. Results do not depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Show every metric in the table, not only performance, agility and retention.
    #[arg(long)]
    pub all: bool,
    /// Replace the results already in the output folder (without it, such a folder is refused).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// Do not draw figures/overview.* and figures/differences.* (SVG and PNG).
    #[arg(long)]
    pub no_figures: bool,
    /// Language of the report and figures written after the results: en or nl (Dutch,
    /// decimal comma; the tables are the same in both).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
    /// Months within which a scenario "pays back" against the reference (break_even.csv and
    /// the summary); capped at the horizon.
    #[arg(long, value_name = "MONTHS", default_value_t = DEFAULT_PAYBACK_MONTHS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub payback_within: u32,
}

impl CompareArgs {
    /// `--replications` and `--seed` are shorthands for `--set`, applied to every scenario.
    fn all_overrides(&self) -> Vec<String> {
        let mut overrides = self.overrides.clone();
        for (key, value) in [("replications", self.replications), ("seed", self.seed)] {
            if let Some(v) = value {
                overrides.push(format!("{key}={v}"));
            }
        }
        overrides
    }
}

/// The default output folder: `results/compare-<name1>-vs-<name2>[-vs-...]`, cut to the
/// longest folder name (each name may be that long alone).
pub fn default_out(scenarios: &[Scenario]) -> PathBuf {
    let names: Vec<String> = scenarios.iter().map(|s| safe_file_name(&s.name)).collect();
    let mut folder = format!("compare-{}", names.join("-vs-"));
    let mut end = folder.len().min(crate::ground::text::MAX_NAME_BYTES);
    while !folder.is_char_boundary(end) {
        end -= 1;
    }
    folder.truncate(end);
    PathBuf::from("results").join(folder)
}

/// The error for scenarios with different horizons, naming each file and its months.
fn horizon_error(paths: &[PathBuf], scenarios: &[Scenario]) -> String {
    let mut text = String::from(
        "error: the scenarios have different horizons; a comparison needs the same number of months",
    );
    for (path, s) in paths.iter().zip(scenarios) {
        text.push_str(&format!(
            "\n  {}: `{}` runs {} months",
            path.display(),
            s.name,
            s.months
        ));
    }
    text.push_str(&format!(
        "\nhelp: give every file the same `months`, or set it for all with --set months={}",
        scenarios[0].months
    ));
    text
}

/// Notes on the seeds and replication counts replaced by the first scenario's.
fn notes(paths: &[PathBuf], scenarios: &[Scenario]) -> Vec<String> {
    adjustments(scenarios)
        .iter()
        .map(|a| {
            format!(
                "{} sets {} = {}; the comparison uses {} (from {}) for every scenario",
                paths[a.scenario].display(),
                a.setting,
                a.from,
                a.to,
                paths[0].display()
            )
        })
        .collect()
}

/// Runs `orgsim compare`.
pub fn compare(args: &CompareArgs) -> ExitCode {
    let mut variants = Vec::with_capacity(args.variants.len());
    for text in &args.variants {
        match parse_variant(text) {
            Ok(v) => variants.push(v),
            Err(e) => {
                eprintln_escaped!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let count = args.scenarios.len() + variants.len();
    if count < 2 {
        eprintln_escaped!("error: {}", CompareError::TooFewScenarios(count));
        if variants.is_empty() {
            eprintln_escaped!(
                "help: give a second scenario file, or a variant of this one: \
                 --variant \"LABEL: key.path=value\""
            );
        }
        return ExitCode::from(2);
    }
    let overrides = args.all_overrides();
    let mut scenarios = Vec::with_capacity(args.scenarios.len());
    // Every file's problems are reported; a bad --set gives the same message for every file,
    // printed once.
    let mut errors: Vec<String> = Vec::new();
    for path in &args.scenarios {
        match scenario::load_file(path, &overrides) {
            Ok(s) => scenarios.push(s),
            Err(e) => {
                let text = e.to_string();
                if !errors.contains(&text) {
                    eprintln_escaped!("{text}");
                    errors.push(text);
                }
            }
        }
    }
    if !errors.is_empty() {
        return ExitCode::from(2);
    }
    // Each variant: the first file with the common overrides, then the variant's.
    let mut paths = args.scenarios.clone();
    let mut labels: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    for v in &variants {
        let mut variant_overrides = overrides.clone();
        variant_overrides.extend(v.assignments.iter().cloned());
        match scenario::load_file(&args.scenarios[0], &variant_overrides) {
            Ok(mut s) => {
                s.name = v.label.clone();
                scenarios.push(s);
                paths.push(args.scenarios[0].clone());
                labels.push(v.label.clone());
            }
            Err(e) => {
                eprintln_escaped!("{e}");
                eprintln_escaped!(
                    "note: in --variant `{}` (its assignments are applied as --set to {})",
                    v.label,
                    args.scenarios[0].display()
                );
                return ExitCode::from(2);
            }
        }
    }
    let economies = scenarios.iter().filter(|s| s.economy.is_some()).count();
    if economies > 0 && economies < scenarios.len() {
        eprintln_escaped!(
            "error: {economies} of the {} scenarios are economies (`[economy]`) and the others \
             single organisations; a comparison needs all of one kind\n  help: compare the \
             economies' policies with each other, and single organisations with each other",
            scenarios.len()
        );
        return ExitCode::from(2);
    }
    match check(&scenarios) {
        Ok(()) => {}
        Err(CompareError::HorizonsDiffer { .. }) => {
            eprintln_escaped!("{}", horizon_error(&paths, &scenarios));
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(2);
        }
    }
    let pool = match build_pool(args.threads, args.quiet) {
        Ok(p) => p,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let need = MemoryNeed::compare(&scenarios, pool.current_num_threads());
    if let Err(e) = super::memory::check(&need, "the comparison") {
        eprintln_escaped!("{e}");
        return ExitCode::from(2);
    }
    let notes = notes(&paths, &scenarios);
    let out = args.out.clone().unwrap_or_else(|| default_out(&scenarios));
    let _lock = match super::folder::lock_out(&out, false, args.quiet) {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    let replace = match super::check_out(&out, args.force, &[]) {
        Ok(replace) => replace,
        Err(code) => return code,
    };
    let threads = pool.current_num_threads();
    let mut manifest = CompareManifest::start(std::env::args(), threads);
    manifest.prediction_level = args.prediction_level;
    manifest.payback_months = args.payback_within;
    if !args.quiet {
        for note in &notes {
            eprintln_escaped!("note: {note}");
        }
        let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
        eprintln_escaped!(
            "orgsim: comparing {}: {} replications × {} months each on {threads} threads",
            names.join(", "),
            scenarios[0].replications,
            scenarios[0].months,
        );
    }
    let labels = unique_labels(labels.iter().map(String::as_str), &[]);
    let mut sources: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    for v in &variants {
        sources.push(format!(
            "{} --variant \"{}: {}\"",
            args.scenarios[0].display(),
            v.label,
            v.assignments.join(", ")
        ));
    }
    let started = std::time::Instant::now();
    if scenarios[0].economy.is_some() {
        let policies = pool.install(|| {
            crate::experiment::economy_compare::aligned(&scenarios)
                .iter()
                .map(crate::experiment::economy::run_economy_replications)
                .collect()
        });
        let after = super::economy::AfterSimulation {
            out: &out,
            replace,
            no_figures: args.no_figures,
            no_report: args.no_report,
            quiet: args.quiet,
            lang: &args.lang,
        };
        let code = super::economy::finish_economy_compare(
            &scenarios,
            labels,
            policies,
            &mut manifest,
            &sources,
            notes,
            &after,
        );
        if !args.quiet && code == ExitCode::SUCCESS {
            eprintln_escaped!("orgsim: done in {:.2} s", started.elapsed().as_secs_f64());
        }
        return code;
    }
    let comparison: Comparison = pool.install(|| compare_labelled(&scenarios, labels));
    let elapsed = started.elapsed();
    manifest.record(&comparison, &sources, notes);
    manifest.finish();
    if replace && let Err(code) = super::clear_out(&out, &[]) {
        return code;
    }
    if let Err(e) = write_comparison_outputs(&out, &comparison, &manifest) {
        eprintln_escaped!("error: {e}");
        return ExitCode::from(1);
    }
    if !super::figures_and_report(
        &out,
        args.no_figures,
        args.no_report,
        args.quiet,
        &args.lang,
    ) {
        return ExitCode::from(1);
    }
    if !args.quiet {
        let metrics: &[Metric] = if args.all {
            Metric::ALL
        } else {
            &COMPARE_METRICS
        };
        print_stdout(&comparison_table(&comparison, metrics));
        let uncertain = scenarios.iter().any(|s| !s.uncertainty.is_empty());
        print_stdout(&success_lines(
            &comparison,
            &success(&comparison, args.payback_within),
            uncertain,
        ));
        print_stdout(&crate::output::trust_box::terminal_for(90, uncertain));
        eprintln_escaped!(
            "orgsim: done in {:.2} s; results in {}",
            elapsed.as_secs_f64(),
            out.display()
        );
    }
    ExitCode::SUCCESS
}

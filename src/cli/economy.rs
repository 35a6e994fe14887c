//! What `orgsim run` and `orgsim compare` do after an economy's simulation: write its files,
//! draw its figures, write the report and print the per-sector (or per-policy) table.
//!
//! Owns the order of those steps, their messages and exit codes (1 if the results cannot be
//! written; a figure or report that fails is a warning, as after any run). Takes the
//! replications the engine produced; does not run anything, parse arguments or own the files'
//! formats (see `crate::output::economy`).

use super::{clear_out, figures_and_report, print_stdout};
use crate::experiment::compare::{Comparison, ScenarioRun};
use crate::experiment::economy_compare::aligned;
use crate::model::economy::EconomyReplication;
use crate::output::Manifest;
use crate::output::compare::{COMPARE_METRICS, CompareManifest, comparison_table};
use crate::output::economy::{
    economy_table, policy_comparison, policy_table, write_economy_compare_outputs,
    write_economy_outputs,
};
use crate::scenario::Scenario;
use std::path::Path;
use std::process::ExitCode;

/// Where the results go and what else to do once they are written.
#[derive(Clone, Copy, Debug)]
pub struct AfterSimulation<'a> {
    /// The output folder (checked and locked by the caller).
    pub out: &'a Path,
    /// Earlier results are there and must be cleared first (from `check_out`).
    pub replace: bool,
    pub no_figures: bool,
    pub no_report: bool,
    pub quiet: bool,
    /// The language of the figures and the report (`--lang`).
    pub lang: &'a str,
}

impl AfterSimulation<'_> {
    /// Clears earlier results, writes with `write`, then draws the figures and the report.
    fn write(&self, write: impl FnOnce() -> Result<(), String>) -> Result<(), ExitCode> {
        if self.replace {
            clear_out(self.out, &[])?;
        }
        if let Err(e) = write() {
            eprintln_escaped!("error: {e}");
            return Err(ExitCode::from(1));
        }
        if !figures_and_report(
            self.out,
            self.no_figures,
            self.no_report,
            self.quiet,
            self.lang,
        ) {
            return Err(ExitCode::from(1));
        }
        Ok(())
    }
}

/// After an economy run of `scenario`: writes its tables and the whole economy's run files
/// (`write_economy_outputs`), draws the figures and writes the report (unless told not to),
/// then prints the per-sector table at the horizon and the trust box (unless quiet).
/// `manifest` is the run's, finished.
pub fn finish_economy_run(
    scenario: &Scenario,
    replications: &[EconomyReplication],
    manifest: &Manifest,
    after: &AfterSimulation,
) -> ExitCode {
    if let Err(code) = after.write(|| {
        write_economy_outputs(after.out, scenario, replications, manifest)
            .map_err(|e| e.to_string())
    }) {
        return code;
    }
    if !after.quiet {
        print_stdout(&economy_table(scenario, replications));
        print_stdout(&crate::output::trust_box::terminal_for(
            90,
            !scenario.uncertainty.is_empty(),
        ));
        eprintln_escaped!("orgsim: results in {}", after.out.display());
    }
    ExitCode::SUCCESS
}

/// After a comparison of economy policies: `scenarios[i]` ran as `labels[i]` (unique, from
/// `unique_labels`) with the replications `policies[i]`; every scenario must have run with
/// the first one's seed and replications (run the engine on [`aligned`] scenarios). Records
/// the comparison in `manifest` (with the scenarios' `sources` and `notes`), writes each
/// policy's tables, `economy_comparison.csv` and the comparison's files of the whole economy,
/// draws the figures and writes the report, then prints the aggregate comparison table, the
/// policy table and the trust box (unless quiet).
pub fn finish_economy_compare(
    scenarios: &[Scenario],
    labels: Vec<String>,
    policies: Vec<Vec<EconomyReplication>>,
    manifest: &mut CompareManifest,
    sources: &[String],
    notes: Vec<String>,
    after: &AfterSimulation,
) -> ExitCode {
    let runs: Vec<ScenarioRun> = aligned(scenarios)
        .into_iter()
        .zip(labels)
        .zip(&policies)
        .map(|((scenario, label), reps)| ScenarioRun {
            label,
            scenario,
            results: reps.iter().map(|r| r.aggregate.clone()).collect(),
        })
        .collect();
    if runs.len() < 2 {
        eprintln_escaped!("error: a comparison needs at least two scenarios");
        return ExitCode::from(2);
    }
    let comparison = Comparison::from_runs(runs);
    manifest.record(&comparison, sources, notes);
    manifest.finish();
    let manifest = &*manifest;
    if let Err(code) = after.write(|| {
        write_economy_compare_outputs(after.out, &comparison, &policies, manifest)
            .map_err(|e| e.to_string())
    }) {
        return code;
    }
    if !after.quiet {
        let labels: Vec<String> = comparison.runs.iter().map(|r| r.label.clone()).collect();
        print_stdout(&comparison_table(&comparison, &COMPARE_METRICS));
        print_stdout(&policy_table(
            &labels,
            &policy_comparison(&comparison, &policies),
        ));
        let uncertain = scenarios.iter().any(|s| !s.uncertainty.is_empty());
        print_stdout(&crate::output::trust_box::terminal_for(90, uncertain));
        eprintln_escaped!("orgsim: results in {}", after.out.display());
    }
    ExitCode::SUCCESS
}

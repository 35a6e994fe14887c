//! `orgsim report RESULTS_DIR`: (re)writes `report.html` in a results folder, and the
//! helper `run`, `compare`, `sweep` and `merge` call after writing their results.
//!
//! Owns the command's arguments, its messages and exit codes, and the rule that a report that
//! cannot be written after a run is a warning, not a failure (the run's data is already safe).
//! Does not own reading the folder or the page itself (see `crate::output::report`).

use super::memory::{MAX_MEMORY_VAR, check_bytes};
use crate::output::figures::memory::report_need;
use crate::output::report::{Lang, ReportError, ReportOptions, write_report_with};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Results folder written by `orgsim run`, `compare`, `sweep` or `merge`.
    pub results: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// The page's title [default: from the scenario names].
    #[arg(long)]
    pub title: Option<String>,
    /// Who prepared the report (shown under the title).
    #[arg(long)]
    pub author: Option<String>,
    /// Who the report is for (shown under the title).
    #[arg(long)]
    pub organisation: Option<String>,
    /// The report's date, as it should be shown (e.g. 2026-12-07).
    #[arg(long)]
    pub date: Option<String>,
    /// Language of the page's fixed texts, numbers and the figures drawn into it: en or nl
    /// (Dutch, decimal comma; names and settings from your files stay as written).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
}

/// Runs `orgsim report`: exit code 2 if the folder holds no results, another orgsim is
/// writing it, or the page would need more memory than orgsim may use; 1 if they cannot be
/// read or the page cannot be written.
pub fn report(args: &ReportArgs) -> ExitCode {
    let _lock = match super::folder::lock_existing(&args.results) {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    if let Err(e) = fits_in_memory(&args.results) {
        eprintln_escaped!("{e}");
        return ExitCode::from(2);
    }
    let options = ReportOptions {
        title: args.title.clone(),
        author: args.author.clone(),
        organisation: args.organisation.clone(),
        date: args.date.clone(),
        lang: Lang::from_code(&args.lang).unwrap_or_default(),
    };
    match write_report_with(&args.results, &options) {
        Ok(path) => {
            if !args.quiet {
                eprintln_escaped!("orgsim: report written to {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e @ (ReportError::NotResults(_) | ReportError::UnfinishedSweep(_))) => {
            eprintln_escaped!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln_escaped!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Refuses to write the report of `dir` if it would need more memory than orgsim may use.
fn fits_in_memory(dir: &Path) -> Result<(), String> {
    check_bytes(
        report_need(dir),
        &format!("writing the report of {}", dir.display()),
        &format!(
            "the report needs a fixed amount plus a few dozen bytes a sweep point and its figures; free some memory or raise {MAX_MEMORY_VAR}"
        ),
    )
}

/// Writes `dir/report.html` after a command's results are written; a failure is a warning on
/// stderr (printed even with `--quiet`) and does not change the command's exit code, except
/// on a full or read-only disk: then it is an error and this returns `false` (the caller exits
/// with code 1).
#[must_use]
pub fn write_after_results(dir: &Path, quiet: bool, lang: Lang) -> bool {
    if let Err(e) = fits_in_memory(dir) {
        eprintln_escaped!(
            "warning: no report written: {}",
            e.trim_start_matches("error: ")
        );
        return true;
    }
    let options = ReportOptions {
        lang,
        ..ReportOptions::default()
    };
    match write_report_with(dir, &options) {
        Ok(path) => {
            if !quiet {
                eprintln_escaped!("orgsim: report in {}", path.display());
            }
            true
        }
        Err(e) if e.is_disk_full_or_read_only() => {
            eprintln_escaped!(
                "error: no report written: {e}\nnote: the results themselves are complete"
            );
            false
        }
        Err(e) => {
            eprintln_escaped!("warning: no report written: {e}");
            true
        }
    }
}

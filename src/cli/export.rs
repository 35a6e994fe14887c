//! `orgsim export RESULTS_DIR --long`: a results folder's time series as one tidy table
//! (`long.csv`) for pandas and R.
//!
//! Owns the command's arguments, where the table goes (RESULTS_DIR/long.csv, a file given
//! with `--out`, or `-` for standard output), writing it atomically, and the exit codes (2:
//! nothing to export or a bad argument; 1: the file could not be written). Does not own the
//! table's shape (see `crate::output::export`).

use crate::output::export::{LONG_FILE, write_long};
use crate::output::write_atomic;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Results folder written by `orgsim run`, `compare`, `sweep` or `merge`.
    pub results: PathBuf,
    /// The long table: one row per scenario, point, replication, month and metric, with one
    /// column per varied key (the only table so far; required).
    #[arg(long)]
    pub long: bool,
    /// Write the table here (`-`: standard output) [default: RESULTS/long.csv].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Replace the file given with --out if it exists (RESULTS/long.csv is always rewritten).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `orgsim export`.
pub fn export(args: &ExportArgs) -> ExitCode {
    if !args.long {
        eprintln_escaped!(
            "error: say which table to export: --long (one row per replication, month and metric)"
        );
        return ExitCode::from(2);
    }
    let dir = &args.results;
    let fail = |e: String| {
        eprintln_escaped!("error: cannot export `{}`: {e}", dir.display());
        ExitCode::from(2)
    };
    if args.out.as_deref() == Some(std::path::Path::new("-")) {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        return match write_long(dir, &mut lock) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        };
    }
    let target = args.out.clone().unwrap_or_else(|| dir.join(LONG_FILE));
    if args.out.is_some() && target.exists() && !args.force {
        eprintln_escaped!(
            "error: {} exists; add --force to replace it",
            target.display()
        );
        return ExitCode::from(2);
    }
    // Check the folder before creating anything.
    if let Err(e) = write_long(dir, &mut std::io::sink()) {
        return fail(e);
    }
    let mut rows = 0;
    let written = write_atomic(&target, |w| {
        rows = write_long(dir, w).map_err(std::io::Error::other)?;
        Ok(())
    });
    if let Err(e) = written {
        eprintln_escaped!("error: {e}");
        return ExitCode::from(1);
    }
    if !args.quiet {
        eprintln_escaped!("orgsim: {rows} rows in {}", target.display());
    }
    ExitCode::SUCCESS
}

//! `orgsim discover SWEEP_DIR --where "EXPR"`: scenario discovery on a finished sweep, with
//! PRIM, writing `discover/` in the sweep folder and the findings in plain words.
//!
//! Owns the command's arguments, the checks of its settings, its messages and exit codes: 2
//! for a condition that does not parse or does not fit the sweep (the column, the metrics and
//! months allowed) and for a folder that is not a finished sweep; 1 when a table cannot be read
//! or a file cannot be written. Does not own PRIM (see `crate::experiment::prim`), the
//! condition (see `crate::experiment::condition`) or the files (see `crate::output::discover`).

use crate::experiment::condition::parse;
use crate::experiment::prim::{PrimSettings, discover as run_prim};
use crate::output::discover::{
    DISCOVER_DIR, DiscoverError, Findings, read_data, summary_lines, write_discovery,
};
use crate::output::i18n::Lang;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Folder of a finished sweep (written by `orgsim sweep` or `orgsim merge`).
    pub results: PathBuf,
    /// The condition to explain: metric@month OP number (OP one of < <= > >=), joined by
    /// `and`/`or`, e.g. "net_value@60 < 120".
    #[arg(long = "where", value_name = "EXPR")]
    pub condition: String,
    /// Evaluate the condition on each replication (each carries its point's inputs) instead
    /// of on each point's mean over replications.
    #[arg(long)]
    pub per_replication: bool,
    /// Density a box must reach to be kept.
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    /// Share of a box's points each peeling step removes.
    #[arg(long, default_value_t = 0.05)]
    pub peel_alpha: f64,
    /// Share of the points next to a box each pasting step adds.
    #[arg(long, default_value_t = 0.05)]
    pub paste_alpha: f64,
    /// Smallest share of all points a box may hold.
    #[arg(long, default_value_t = 0.05)]
    pub mass_min: f64,
    /// Most boxes to find (after each box, its points are set aside and PRIM runs again).
    #[arg(long, default_value_t = 10)]
    pub max_boxes: usize,
    /// Language of the findings printed and of the two figures: en or nl (Dutch, decimal
    /// comma). `discovery.json` keeps its summary in English either way.
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `name` must lie in (0, 1) (`upper_closed`: (0, 1]).
fn check_share(name: &str, v: f64, upper_closed: bool) -> Result<(), String> {
    let ok = v > 0.0 && (v < 1.0 || (upper_closed && v == 1.0));
    if ok {
        Ok(())
    } else {
        let range = if upper_closed { "(0, 1]" } else { "(0, 1)" };
        Err(format!("--{name} {v} is outside {range}"))
    }
}

/// Runs `orgsim discover`.
pub fn discover(args: &DiscoverArgs) -> ExitCode {
    let condition = match parse(&args.condition) {
        Ok(c) => c,
        Err(e) => {
            eprintln_escaped!("error: --where \"{}\": {e}", args.condition);
            return ExitCode::from(2);
        }
    };
    let checks = [
        check_share("threshold", args.threshold, true),
        check_share("peel-alpha", args.peel_alpha, false),
        check_share("paste-alpha", args.paste_alpha, false),
        check_share("mass-min", args.mass_min, false),
        if args.max_boxes == 0 {
            Err("--max-boxes must be at least 1".to_string())
        } else {
            Ok(())
        },
    ];
    for check in checks {
        if let Err(e) = check {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(2);
        }
    }
    let _lock = match super::folder::lock_existing(&args.results) {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    let settings = PrimSettings {
        peel_alpha: args.peel_alpha,
        paste_alpha: args.paste_alpha,
        mass_min: args.mass_min,
        threshold: args.threshold,
        max_boxes: args.max_boxes,
    };
    let fail = |e: DiscoverError| {
        eprintln_escaped!("error: {e}");
        ExitCode::from(match e {
            DiscoverError::Usage(_) => 2,
            _ => 1,
        })
    };
    let data = match read_data(&args.results, &condition, args.per_replication) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let found = match run_prim(&data.columns, &data.y, &settings) {
        Ok(f) => f,
        Err(e) => return fail(DiscoverError::Usage(e.to_string())),
    };
    let lang = Lang::from_code(&args.lang).unwrap_or_default();
    let findings = Findings::of(&data, &condition, &found);
    if let Err(e) = write_discovery(&args.results, &data, &settings, &found, &findings, lang) {
        return fail(e);
    }
    if !args.quiet {
        for line in summary_lines(&findings, lang) {
            println_escaped!("{line}");
        }
        eprintln_escaped!(
            "orgsim: boxes, trajectory and figures written to {}",
            args.results.join(DISCOVER_DIR).display()
        );
    }
    ExitCode::SUCCESS
}

//! `orgsim plot RESULTS_DIR`: (re)draws the figures of a results folder, and the helper that
//! `run`, `compare`, `sweep` and `merge` call after writing their results.
//!
//! Owns the command's arguments (`--metrics`, `--figure`, `--out`), its messages and exit
//! codes, and the rule that figures that cannot be drawn after a run are a warning, not a
//! failure: the run's data is already written, so the command still exits 0. Does not own
//! reading the folder or drawing (see `crate::output::figures`).

use super::memory::{MAX_MEMORY_VAR, check_bytes};
use crate::model::metrics::Metric;
use crate::output::figures::economy::{ECONOMY_FIGURES, economy_figures, render_economy};
use crate::output::figures::memory::plot_need;
use crate::output::figures::sensitivity::write_sensitivity_figures_in;
use crate::output::figures::{
    FIGURES_DIR, FigureError, FigureKind, Format, Results, default_kinds, figure_file_name,
    read_results_in, write_figure_in, write_figures_of_in,
};
use crate::output::i18n::Lang;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct PlotArgs {
    /// Results folder written by `orgsim run`, `compare`, `sweep` or `merge`.
    pub results: PathBuf,
    /// Metrics to draw, comma-separated, or `all` [default: performance,agility,retention].
    #[arg(long, short, value_delimiter = ',', value_name = "NAMES")]
    pub metrics: Vec<String>,
    /// Write one figure to this file instead (.svg or .png, by extension)
    /// [default: every figure, as SVG and PNG, into RESULTS/figures/].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Which figure: overview (run, compare), differences (compare), sweep or heatmap (sweep),
    /// adoption or regions (an economy run), policy_adoption (a comparison of economy
    /// policies) [default: every figure; with --out, the folder's first].
    #[arg(long, value_name = "NAME")]
    pub figure: Option<String>,
    /// Draw the first N replications of each scenario as thin lines under the bands of the
    /// overview (a run or comparison; all of them if it has fewer).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub replication_lines: usize,
    /// Replace the file given with --out if it exists (without it, an existing file is refused).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Language of the figures' labels: en or nl (Dutch: titles, axes, legends, metric and
    /// intervention names, decimal comma; the sweep, sensitivity and economy figures too).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
}

/// The metrics named in `names` (`all`: every metric the results hold); exit code 2 on an
/// unknown name.
fn parse_metrics(names: &[String], results: &Results) -> Result<Vec<Metric>, String> {
    let mut metrics = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if name == "all" {
            let all: Vec<Metric> = match results {
                Results::Sweep(s) => s
                    .metric_names
                    .iter()
                    .filter_map(|n| Metric::from_name(n))
                    .collect(),
                _ => Metric::ALL.to_vec(),
            };
            metrics.extend(all);
            continue;
        }
        match Metric::from_name(name) {
            Some(m) => metrics.push(m),
            None => {
                let known: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
                return Err(format!(
                    "--metrics: unknown metric `{name}`; the metrics are: {}, or all",
                    known.join(", ")
                ));
            }
        }
    }
    let mut unique = Vec::with_capacity(metrics.len());
    for m in metrics {
        if !unique.contains(&m) {
            unique.push(m);
        }
    }
    Ok(unique)
}

fn exit_for(e: &FigureError) -> ExitCode {
    eprintln_escaped!("error: {e}");
    if e.is_usage() {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

/// Runs `orgsim plot`: exit code 2 for a folder without results or a figure, metric or file
/// type that does not apply, an existing `--out` file without `--force`, a folder another
/// orgsim is writing, or figures that need more memory than orgsim may use; 1 if files cannot
/// be read or written.
pub fn plot(args: &PlotArgs) -> ExitCode {
    if let Some(out) = &args.out
        && !args.force
        && std::fs::symlink_metadata(out).is_ok()
    {
        eprintln_escaped!(
            "error: {} already exists; pass --force to replace it, or choose another --out",
            out.display()
        );
        return ExitCode::from(2);
    }
    // Figures drawn into the results folder wait for no one: another orgsim writing it is
    // refused, as it would replace what is being drawn from.
    let _lock = match args.out {
        Some(_) => None,
        None => match super::folder::lock_existing(&args.results) {
            Ok(lock) => lock,
            Err(code) => return code,
        },
    };
    if let Err(e) = fits_in_memory(&args.results) {
        eprintln_escaped!("{e}");
        return ExitCode::from(2);
    }
    let lang = Lang::from_code(&args.lang).unwrap_or_default();
    if let Some(name) = args.figure.as_deref()
        && ECONOMY_FIGURES.contains(&name)
    {
        return plot_economy_figure(args, name, lang);
    }
    let results = match read_results_in(&args.results, args.replication_lines, lang) {
        Ok(r) => r,
        Err(e) => return exit_for(&e),
    };
    let metrics = match parse_metrics(&args.metrics, &results) {
        Ok(m) => m,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let kind = match args
        .figure
        .as_deref()
        .map(|n| (n, FigureKind::from_name(n)))
    {
        None => None,
        Some((_, Some(kind))) => Some(kind),
        Some((name, None)) => {
            eprintln_escaped!(
                "error: --figure: unknown figure `{name}`; this folder has: {}",
                kind_names(&results)
            );
            return ExitCode::from(2);
        }
    };
    let written: Vec<PathBuf> = match (&args.out, kind) {
        (Some(out), kind) => {
            if Format::from_path(out).is_none() {
                eprintln_escaped!(
                    "error: --out {}: the file must end in .svg or .png",
                    out.display()
                );
                return ExitCode::from(2);
            }
            let kind = kind.unwrap_or(default_kinds(&results)[0]);
            match write_figure_in(&results, kind, &metrics, out, lang) {
                Ok(()) => vec![out.clone()],
                Err(e) => return exit_for(&e),
            }
        }
        (None, Some(kind)) => {
            let mut written = Vec::new();
            for format in Format::ALL {
                let path = args
                    .results
                    .join(FIGURES_DIR)
                    .join(figure_file_name(kind, format));
                if let Err(e) = write_figure_in(&results, kind, &metrics, &path, lang) {
                    return exit_for(&e);
                }
                written.push(path);
            }
            written
        }
        (None, None) => match write_figures_of_in(&results, &args.results, &metrics, lang) {
            Ok(mut written) => {
                // A Sobol' or Morris sweep analysed by `orgsim sensitivity`: its figures too.
                match write_sensitivity_figures_in(&args.results, lang) {
                    Ok(more) => written.extend(more),
                    Err(e) => return exit_for(&e),
                }
                written
            }
            Err(e) => return exit_for(&e),
        },
    };
    if !args.quiet {
        for path in written {
            eprintln_escaped!("orgsim: wrote {}", path.display());
        }
    }
    ExitCode::SUCCESS
}

/// `orgsim plot --figure NAME` for an economy figure: into `--out`, or as SVG and PNG into the
/// folder's `figures/`.
fn plot_economy_figure(args: &PlotArgs, name: &str, lang: Lang) -> ExitCode {
    let figures = match economy_figures(&args.results, lang) {
        Ok(f) => f,
        Err(e) => return exit_for(&e),
    };
    let Some((_, figure)) = figures.into_iter().find(|(n, _)| *n == name) else {
        eprintln_escaped!(
            "error: --figure: {} holds no `{name}` figure (adoption and regions belong to an economy run, policy_adoption to a comparison of economy policies)",
            args.results.display()
        );
        return ExitCode::from(2);
    };
    let targets: Vec<(PathBuf, Format)> = match &args.out {
        Some(out) => match Format::from_path(out) {
            Some(format) => vec![(out.clone(), format)],
            None => {
                eprintln_escaped!(
                    "error: --out {}: the file must end in .svg or .png",
                    out.display()
                );
                return ExitCode::from(2);
            }
        },
        None => Format::ALL
            .into_iter()
            .map(|f| {
                let file = format!("{name}.{}", f.extension());
                (args.results.join(FIGURES_DIR).join(file), f)
            })
            .collect(),
    };
    for (path, format) in targets {
        let written = render_economy(&figure, format).and_then(|bytes| {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| FigureError::Write {
                    path: parent.to_path_buf(),
                    source: e,
                })?;
            }
            crate::output::write_atomic(&path, |w| w.write_all(&bytes)).map_err(|e| {
                FigureError::Write {
                    path: path.clone(),
                    source: e,
                }
            })
        });
        if let Err(e) = written {
            return exit_for(&e);
        }
        if !args.quiet {
            eprintln_escaped!("orgsim: wrote {}", path.display());
        }
    }
    ExitCode::SUCCESS
}

/// Draws the sensitivity figures of `dir` (from its `sensitivity.csv`) in `lang` after `orgsim
/// sensitivity` wrote it; as [`write_after_results`], a failure is a warning unless the disk is
/// full or read-only (then `false`: exit code 1).
#[must_use]
pub fn write_sensitivity_figures_after(dir: &Path, quiet: bool, lang: Lang) -> bool {
    match write_sensitivity_figures_in(dir, lang) {
        Ok(written) => {
            if !quiet && !written.is_empty() {
                eprintln_escaped!("orgsim: figures in {}", dir.join(FIGURES_DIR).display());
            }
            true
        }
        Err(e) if e.is_disk_full_or_read_only() => {
            eprintln_escaped!(
                "error: no figures drawn: {e}\nnote: sensitivity.csv itself is complete"
            );
            false
        }
        Err(e) => {
            eprintln_escaped!(
                "warning: no sensitivity figures drawn: {e} (sensitivity.csv is written; try `orgsim plot {}`)",
                dir.display()
            );
            true
        }
    }
}

/// Refuses to draw the figures of `dir` if they would need more memory than orgsim may use.
fn fits_in_memory(dir: &Path) -> Result<(), String> {
    check_bytes(
        plot_need(dir),
        &format!("drawing the figures of {}", dir.display()),
        &format!(
            "figures need a fixed amount for drawing plus a few dozen bytes a sweep point; free some memory or raise {MAX_MEMORY_VAR}"
        ),
    )
}

fn kind_names(results: &Results) -> String {
    default_kinds(results)
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Draws the default figures into `dir/figures/` after a command's results are written.
/// A failure is a warning on stderr (printed even with `--quiet`) and does not change the
/// command's exit code: the data is safe, only a picture is missing, and `orgsim plot DIR`
/// can draw it later. The exception is a full or read-only disk, which the caller must not
/// hide: then this prints an error and returns `false` (the caller exits with code 1).
#[must_use]
pub fn write_after_results(dir: &Path, quiet: bool, lang: Lang) -> bool {
    if let Err(e) = fits_in_memory(dir) {
        let e = e.trim_start_matches("error: ");
        eprintln_escaped!(
            "warning: no figures drawn: {e} (the results are written; try `orgsim plot {}`)",
            dir.display()
        );
        return true;
    }
    let written = read_results_in(dir, 0, lang)
        .and_then(|results| write_figures_of_in(&results, dir, &[], lang));
    match written {
        Ok(_) => {
            if !quiet {
                eprintln_escaped!("orgsim: figures in {}", dir.join(FIGURES_DIR).display());
            }
            true
        }
        Err(e) if e.is_disk_full_or_read_only() => {
            eprintln_escaped!(
                "error: no figures drawn: {e}\nnote: the results themselves are complete"
            );
            false
        }
        Err(e) => {
            eprintln_escaped!(
                "warning: no figures drawn: {e} (the results are written; try `orgsim plot {}`)",
                dir.display()
            );
            true
        }
    }
}

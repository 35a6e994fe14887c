//! Figures an advisor can hand to a client: SVG and PNG charts drawn from a results folder.
//!
//! Owns the figure API: which figures a folder gets (`overview` for a run, a comparison or a
//! sweep of at most eight points, `differences` for a comparison, `sweep` and, with two or
//! more swept keys, `heatmap` for a sweep), choosing the metrics, rendering to SVG text or PNG bytes, and writing them
//! atomically into `figures/`. Figures are drawn only from the files a command wrote, so
//! `orgsim plot` redraws any folder, and the same files give the same SVG bytes. Does not own
//! running anything, the results formats (see the rest of `crate::output`), the command line
//! or its exit codes (see `crate::cli::plot`), or `report.html` (see `crate::output::report`,
//! which inlines these SVGs).
//!
//! Codemap: `read` reads a folder back (`manifest` its manifest without a sweep's points,
//! `sweep_data` a sweep's points aggregated as its charts draw them, by the rules of
//! `sweep_groups`); `sensitivity` draws a Sobol' or Morris sweep's `sensitivity.csv`; `memory` estimates what `plot` and `report` need; `style` holds the font,
//! colours and number formats; `canvas` draws primitives and renders SVG/PNG; `layout` the
//! header, grid and axes; `timeseries`, `compare` and `sweep` are the charts; `economy` draws
//! an economy's adoption S-curves, regions and policies.

mod canvas;
mod compare;
pub mod discover;
pub mod economy;
mod layout;
pub mod manifest;
pub mod memory;
pub mod read;
pub mod sensitivity;
mod style;
mod sweep;
pub mod sweep_data;
pub mod sweep_groups;
mod timeseries;

pub use crate::output::results_folder::FIGURES_DIR;
pub use read::{Results, read_results, read_results_in, read_results_with};
pub use style::{FONT_FAMILY, format_value};

use crate::model::metrics::Metric;
use crate::output::i18n::Lang;
use crate::output::{OutputError, write_atomic};
use canvas::{Drawing, render_png, render_svg};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Metrics drawn when none are asked for.
pub const DEFAULT_METRICS: [Metric; 3] = [Metric::Performance, Metric::Agility, Metric::Retention];

/// The figures orgsim draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FigureKind {
    /// Run, comparison or small sweep: metrics over the months with 95% bands (`overview`).
    Overview,
    /// Comparison: paired differences to the first scenario (`differences`).
    Differences,
    /// Sweep: metrics at the horizon against the first swept key (`sweep`).
    Sweep,
    /// Sweep of two or more keys: the first metric over the first two keys (`heatmap`).
    Heatmap,
}

impl FigureKind {
    pub const ALL: [FigureKind; 4] = [
        FigureKind::Overview,
        FigureKind::Differences,
        FigureKind::Sweep,
        FigureKind::Heatmap,
    ];

    /// The file name without extension, also the name `orgsim plot --figure` takes.
    pub fn name(self) -> &'static str {
        match self {
            FigureKind::Overview => "overview",
            FigureKind::Differences => "differences",
            FigureKind::Sweep => "sweep",
            FigureKind::Heatmap => "heatmap",
        }
    }

    pub fn from_name(name: &str) -> Option<FigureKind> {
        FigureKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The file formats, chosen by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Svg, Format::Png];

    /// The format of `path` by its extension (case-insensitive), if it is `.svg` or `.png`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// The name of figure `kind`'s file in `format` inside `figures/`, e.g. `overview.svg`.
pub fn figure_file_name(kind: FigureKind, format: Format) -> String {
    format!("{}.{}", kind.name(), format.extension())
}

/// Whether `name` is one of the file names orgsim writes into `figures/` (every figure kind
/// in every format); clearing a folder for `--force` removes these and no other.
pub fn is_figure_file_name(name: &str) -> bool {
    FigureKind::ALL.into_iter().any(|kind| {
        Format::ALL
            .into_iter()
            .any(|f| figure_file_name(kind, f) == name)
    }) || sensitivity::is_sensitivity_figure_file_name(name)
        || economy::is_economy_figure_file_name(name)
}

/// Why a figure could not be drawn or written. Messages name the file or folder concerned.
#[derive(Debug)]
pub enum FigureError {
    /// The folder holds no results orgsim can draw.
    NotResults(PathBuf),
    /// The folder holds a sweep whose tables are not assembled yet (interrupted, or a shard).
    UnfinishedSweep(PathBuf),
    /// A file could not be read.
    Read { path: PathBuf, source: io::Error },
    /// A file was read but is not what orgsim writes there.
    Invalid { path: PathBuf, message: String },
    /// The figure or metric does not fit these results (e.g. differences of a single run).
    Unsuitable(String),
    /// Drawing or encoding failed.
    Draw(String),
    /// A figure file could not be written.
    Write { path: PathBuf, source: io::Error },
}

impl FigureError {
    pub(crate) fn read(path: &Path, source: io::Error) -> FigureError {
        FigureError::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn invalid(path: &Path, message: String) -> FigureError {
        FigureError::Invalid {
            path: path.to_path_buf(),
            message,
        }
    }

    /// Whether a figure could not be written because the disk is full or read-only.
    pub fn is_disk_full_or_read_only(&self) -> bool {
        matches!(self, FigureError::Write { source, .. } if super::is_disk_full_or_read_only(source))
    }

    /// Whether the error is the caller's (a folder without results, a figure or metric that
    /// does not apply) rather than a failure to read, draw or write.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            FigureError::NotResults(_)
                | FigureError::UnfinishedSweep(_)
                | FigureError::Unsuitable(_)
        )
    }
}

impl fmt::Display for FigureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FigureError::NotResults(dir) => write!(
                f,
                "{} holds no orgsim results (manifest.json with summary.csv, comparison.csv or points.csv)",
                dir.display()
            ),
            FigureError::UnfinishedSweep(dir) => write!(
                f,
                "{} holds an unfinished sweep or one shard of a sweep: finish it with `orgsim sweep ... --resume`, or combine the shards with `orgsim merge`, then plot the result",
                dir.display()
            ),
            FigureError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            FigureError::Invalid { path, message } => {
                write!(
                    f,
                    "{} is not as orgsim writes it: {message}",
                    path.display()
                )
            }
            FigureError::Unsuitable(message) => f.write_str(message),
            FigureError::Draw(message) => write!(f, "cannot draw the figure: {message}"),
            FigureError::Write { path, source } => match source
                .get_ref()
                .and_then(|e| e.downcast_ref::<OutputError>())
            {
                Some(named) => write!(f, "{named}"),
                None => write!(f, "cannot write {}: {source}", path.display()),
            },
        }
    }
}

impl std::error::Error for FigureError {}

/// The figures `results` gets by default, in drawing order.
pub fn default_kinds(results: &Results) -> Vec<FigureKind> {
    match results {
        Results::Run(_) => vec![FigureKind::Overview],
        Results::Compare { .. } => vec![FigureKind::Overview, FigureKind::Differences],
        Results::Sweep(s) => {
            let mut kinds = Vec::new();
            if sweep_overview(s, Lang::En).is_some() {
                kinds.push(FigureKind::Overview);
            }
            kinds.push(FigureKind::Sweep);
            if s.keys.len() >= 2 {
                kinds.push(FigureKind::Heatmap);
            }
            kinds
        }
    }
}

/// The metrics to draw: `asked` (every one must be in the results), or by default
/// performance, agility and retention (those a sweep kept; else its first three metrics).
pub fn choose_metrics(results: &Results, asked: &[Metric]) -> Result<Vec<Metric>, FigureError> {
    let available: Option<Vec<Metric>> = match results {
        Results::Sweep(s) => Some(
            s.metric_names
                .iter()
                .filter_map(|n| Metric::from_name(n))
                .collect(),
        ),
        _ => None,
    };
    let Some(available) = available else {
        return Ok(if asked.is_empty() {
            DEFAULT_METRICS.to_vec()
        } else {
            asked.to_vec()
        });
    };
    if asked.is_empty() {
        let defaults: Vec<Metric> = DEFAULT_METRICS
            .into_iter()
            .filter(|m| available.contains(m))
            .collect();
        return Ok(if defaults.is_empty() {
            available.into_iter().take(3).collect()
        } else {
            defaults
        });
    }
    let missing: Vec<&str> = asked
        .iter()
        .filter(|m| !available.contains(m))
        .map(|m| m.name())
        .collect();
    if missing.is_empty() {
        Ok(asked.to_vec())
    } else {
        let kept: Vec<&str> = available.iter().map(|m| m.name()).collect();
        Err(FigureError::Unsuitable(format!(
            "the sweep did not keep {} (its summary.csv has {})",
            missing.join(", "),
            kept.join(", ")
        )))
    }
}

/// Draws figure `kind` of `results` with `metrics` (empty: the defaults) in `format`.
pub fn render(
    results: &Results,
    kind: FigureKind,
    metrics: &[Metric],
    format: Format,
) -> Result<Vec<u8>, FigureError> {
    render_in(results, kind, metrics, format, Lang::En)
}

/// As [`render`], the labels (titles, axes, legends, metric names, tick labels) in `lang`.
pub fn render_in(
    results: &Results,
    kind: FigureKind,
    metrics: &[Metric],
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>, FigureError> {
    if let Results::Sweep(s) = results
        && (s.points_with_results == 0 || s.metric_names.is_empty())
    {
        return Err(FigureError::Unsuitable(format!(
            "there is nothing to draw: none of the {} points of sweep “{}” has results at the horizon (points that failed validation are listed in points.csv)",
            s.point_count, s.name
        )));
    }
    let metrics = choose_metrics(results, metrics)?;
    if metrics.is_empty() {
        return Err(FigureError::Unsuitable(
            "there is nothing to draw: the results hold no metric orgsim knows".into(),
        ));
    }
    fn out(figure: &impl Drawing, format: Format) -> Result<Vec<u8>, FigureError> {
        match format {
            Format::Svg => render_svg(figure).map(String::into_bytes),
            Format::Png => render_png(figure),
        }
    }
    let unsuitable = || {
        FigureError::Unsuitable(format!(
            "there is no {} figure for {}; it has: {}",
            kind.name(),
            results.kind(),
            default_kinds(results)
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    };
    match (kind, results) {
        (FigureKind::Overview, Results::Run(s)) => out(
            &timeseries::Overview::new(vec![s.clone()], &metrics).in_lang(lang),
            format,
        ),
        (FigureKind::Overview, Results::Compare { scenarios, .. }) => out(
            &timeseries::Overview::new(scenarios.clone(), &metrics).in_lang(lang),
            format,
        ),
        (
            FigureKind::Differences,
            Results::Compare {
                scenarios,
                differences,
            },
        ) => {
            let figure = compare::Differences::new(
                scenarios.iter().map(|s| s.label.clone()).collect(),
                scenarios.iter().map(|s| s.horizon).max().unwrap_or(0),
                scenarios.iter().map(|s| s.replications).max().unwrap_or(0),
                &metrics,
                differences.clone(),
            )
            .in_lang(lang);
            out(&figure, format)
        }
        (FigureKind::Overview, Results::Sweep(s)) => match sweep_overview(s, lang) {
            Some(series) => {
                let title = lang.fill(
                    "fig_sweep_title",
                    &[&s.name, &series.len().to_string(), &s.horizon.to_string()],
                );
                let figure = timeseries::Overview::new(series, &metrics)
                    .with_title(title)
                    .in_lang(lang);
                out(&figure, format)
            }
            None => Err(FigureError::Unsuitable(format!(
                "an overview over the months draws one line per point, so it needs a sweep of at most {} points (this one has {}); see the sweep figure",
                read::MAX_SERIES_POINTS,
                s.point_count
            ))),
        },
        (FigureKind::Sweep, Results::Sweep(s)) => {
            out(&sweep::SweepLines::new(s, &metrics)?.in_lang(lang), format)
        }
        (FigureKind::Heatmap, Results::Sweep(s)) => {
            out(&sweep::Heatmap::new(s, metrics[0])?.in_lang(lang), format)
        }
        _ => Err(unsuitable()),
    }
}

/// A small sweep's points as series over the months, labelled by their values, with the
/// predictive band where its `summary.csv` has one (None when the sweep has too many points,
/// or no point has results); numbers in the labels in `lang`'s decimal mark.
fn sweep_overview(s: &read::SweepResults, lang: Lang) -> Option<Vec<read::ScenarioSeries>> {
    let series: Vec<read::ScenarioSeries> = s
        .points
        .iter()
        .filter(|p| !p.series.is_empty())
        .map(|p| read::ScenarioSeries {
            label: s
                .keys
                .iter()
                .zip(&p.values)
                .map(|(k, v)| {
                    let v = sweep::value_in(v, lang);
                    format!("{} = {v}", k.rsplit('.').next().unwrap_or(k))
                })
                .collect::<Vec<_>>()
                .join(", "),
            replications: s.replications,
            horizon: s.horizon,
            markers: p.markers.clone(),
            metrics: p.series.clone(),
            prediction_level: s.prediction_level,
            runs: Vec::new(),
        })
        .collect();
    (!series.is_empty()).then_some(series)
}

/// Figure `kind` of the results in `results_dir` as SVG text.
pub fn figure_svg(
    results_dir: &Path,
    kind: FigureKind,
    metrics: &[Metric],
) -> Result<String, FigureError> {
    let results = read_results(results_dir)?;
    let bytes = render(&results, kind, metrics, Format::Svg)?;
    String::from_utf8(bytes).map_err(|e| FigureError::Draw(e.to_string()))
}

/// The overview of a run or comparison folder as SVG text (`metrics` empty: the defaults).
pub fn overview_svg(results_dir: &Path, metrics: &[Metric]) -> Result<String, FigureError> {
    figure_svg(results_dir, FigureKind::Overview, metrics)
}

/// The paired differences of a comparison folder as SVG text.
pub fn differences_svg(results_dir: &Path, metrics: &[Metric]) -> Result<String, FigureError> {
    figure_svg(results_dir, FigureKind::Differences, metrics)
}

/// A sweep folder's metrics at the horizon against its first key, as SVG text.
pub fn sweep_svg(results_dir: &Path, metrics: &[Metric]) -> Result<String, FigureError> {
    figure_svg(results_dir, FigureKind::Sweep, metrics)
}

/// A sweep folder's heatmap (first metric over the first two keys) as SVG text.
pub fn heatmap_svg(results_dir: &Path, metrics: &[Metric]) -> Result<String, FigureError> {
    figure_svg(results_dir, FigureKind::Heatmap, metrics)
}

/// Draws figure `kind` of `results` into `path` (format by extension), atomically.
pub fn write_figure(
    results: &Results,
    kind: FigureKind,
    metrics: &[Metric],
    path: &Path,
) -> Result<(), FigureError> {
    write_figure_in(results, kind, metrics, path, Lang::En)
}

/// As [`write_figure`], labelled in `lang`.
pub fn write_figure_in(
    results: &Results,
    kind: FigureKind,
    metrics: &[Metric],
    path: &Path,
    lang: Lang,
) -> Result<(), FigureError> {
    let format = Format::from_path(path).ok_or_else(|| {
        FigureError::Unsuitable(format!(
            "{}: a figure file must end in .svg or .png",
            path.display()
        ))
    })?;
    let bytes = render_in(results, kind, metrics, format, lang)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| FigureError::Write {
            path: parent.to_path_buf(),
            source: e,
        })?;
    }
    write_atomic(path, |w| w.write_all(&bytes)).map_err(|e| FigureError::Write {
        path: path.to_path_buf(),
        source: e,
    })
}

/// Writes every default figure of the results in `dir` as SVG and PNG into `dir/figures/`
/// (`metrics` empty: the defaults); returns the files written.
pub fn write_figures(dir: &Path, metrics: &[Metric]) -> Result<Vec<PathBuf>, FigureError> {
    write_figures_of(&read_results(dir)?, dir, metrics)
}

/// Writes every default figure of `results` (read from `dir`) as SVG and PNG into
/// `dir/figures/`; returns the files written.
pub fn write_figures_of(
    results: &Results,
    dir: &Path,
    metrics: &[Metric],
) -> Result<Vec<PathBuf>, FigureError> {
    write_figures_of_in(results, dir, metrics, Lang::En)
}

/// As [`write_figures_of`], labelled in `lang`.
pub fn write_figures_of_in(
    results: &Results,
    dir: &Path,
    metrics: &[Metric],
    lang: Lang,
) -> Result<Vec<PathBuf>, FigureError> {
    let mut written = Vec::new();
    for kind in default_kinds(results) {
        for format in Format::ALL {
            let path = dir.join(FIGURES_DIR).join(figure_file_name(kind, format));
            write_figure_in(results, kind, metrics, &path, lang)?;
            written.push(path);
        }
    }
    // An economy run or a comparison of economy policies: its own figures too.
    written.extend(economy::write_economy_figures(dir, lang)?);
    Ok(written)
}

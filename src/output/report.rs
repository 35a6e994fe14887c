//! `report.html`: one self-contained page an advisor can hand to a client, written next to the
//! results of `orgsim run`, `orgsim compare` and a complete `orgsim sweep` or `orgsim merge`.
//!
//! Owns reading a results folder back (its `manifest.json`, `summary.csv`, `timeseries.csv`,
//! `comparison.csv`, `points.csv` and figure SVGs) into plain [`ReportData`], and rendering
//! that data as HTML with inline CSS and inline SVG: no scripts, no network, every text from a
//! file escaped, readable on screen, printed to A4 and without colour. [`render_report`] is
//! pure (data in, text out); [`write_report`] does the reading and the atomic write.
//! The reading lives in `read` (sweeps in `sweep_data`), each section of the page in its own
//! submodule (`masthead`, `results`, `timeline`, `settings`), the shared text helpers in `html`
//! and the style sheet in `report/report.css`.
//!
//! Does not own the file names or which kind a folder is (see `results_folder`), the
//! statistics (see `stats`), the CSV and manifest formats (see `tables`,
//! `compare`, `manifest`, `parts`), the figures themselves (the SVG files in `figures/`) or the
//! command line (see `crate::cli::report`).

use super::figures::manifest::ReadError as ManifestError;
pub use super::stats::Statistic;
use super::stats::Stats;
use super::{MANIFEST_FILE, SUMMARY_FILE};
use crate::ground::atomic::write_atomic;
use crate::model::metrics::Metric;
use serde_json::Value;
use std::fmt::{self, Write as _};
use std::io;
use std::path::{Path, PathBuf};

mod costs;
mod discovery;
pub mod economy;
mod html;
pub use crate::output::i18n;
mod masthead;
mod payoff;
mod read;
mod results;
mod sensitivity;
mod settings;
pub mod story;
mod sweep_data;
mod timeline;

use crate::output::report::html::esc;
use crate::output::report::masthead::{render_masthead, render_provenance};
use crate::output::report::results::{render_figures, render_reading, render_results};
use crate::output::report::settings::render_settings;
use crate::output::report::timeline::render_timelines;
pub use discovery::{DiscoverySection, read_discovery};
pub use html::{escape_html, inline_svg};
pub use i18n::Lang;
pub use read::{read_report_data, read_report_data_in};
pub use sensitivity::SensitivitySection;
pub use story::Story;

use super::results_folder::{COMPARISON_FILE, POINTS_FILE};
pub use super::results_folder::{FIGURES_DIR, REPORT_FILE};
/// The headline metrics of a run of March's (1991) model alone (`knowledge.mode =
/// "march1991"`), which has no employees, managers or money.
pub const MARCH_METRICS: [Metric; 4] = [
    Metric::CodeKnowledge,
    Metric::Knowledge,
    Metric::Alignment,
    Metric::Headcount,
];
/// Most sweep points listed in the page; the rest are in `points.csv`.
pub const MAX_POINT_ROWS: usize = 250;

/// Why a report could not be written. Messages name the file concerned.
#[derive(Debug)]
pub enum ReportError {
    /// The folder holds no results orgsim can report on.
    NotResults(PathBuf),
    /// The folder holds a sweep whose tables are not assembled yet (interrupted, or a shard).
    UnfinishedSweep(PathBuf),
    /// A file could not be read.
    Read { path: PathBuf, source: io::Error },
    /// A file was read but is not what orgsim writes there.
    Invalid { path: PathBuf, message: String },
    /// `report.html` could not be written.
    Write { path: PathBuf, source: io::Error },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::NotResults(dir) => write!(
                f,
                "{} holds no orgsim results ({MANIFEST_FILE} with {SUMMARY_FILE}, {COMPARISON_FILE} or {POINTS_FILE})",
                dir.display()
            ),
            ReportError::UnfinishedSweep(dir) => write!(
                f,
                "{} holds an unfinished sweep or one shard of a sweep: finish it with `orgsim sweep ... --resume`, or combine the shards with `orgsim merge`, then report on the result",
                dir.display()
            ),
            ReportError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ReportError::Invalid { path, message } => {
                write!(
                    f,
                    "{} is not as orgsim writes it: {message}",
                    path.display()
                )
            }
            ReportError::Write { path, source } => match source
                .get_ref()
                .and_then(|e| e.downcast_ref::<super::OutputError>())
            {
                Some(named) => write!(f, "{named}"),
                None => write!(f, "cannot write {}: {source}", path.display()),
            },
        }
    }
}

impl std::error::Error for ReportError {}

impl ReportError {
    /// Whether `report.html` could not be written because the disk is full or read-only.
    pub fn is_disk_full_or_read_only(&self) -> bool {
        matches!(self, ReportError::Write { source, .. } if super::is_disk_full_or_read_only(source))
    }
}

/// What produced the results folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultsKind {
    /// `orgsim run`: one scenario.
    Run,
    /// `orgsim compare`: several scenarios with common random numbers.
    Compare,
    /// `orgsim sweep` or `orgsim merge`: one base scenario at many points.
    Sweep,
}

/// One resolved scenario, as recorded in a manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioSettings {
    /// Its name in the tables (a comparison's label, else the scenario's name).
    pub label: String,
    /// The resolved scenario as JSON (`serde_json::to_value(&Scenario)`).
    pub scenario: Value,
}

/// One row of a run's headline table.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadlineRow {
    pub metric: String,
    /// Each replication's last month, over replications.
    pub at_horizon: Stats,
    /// Each replication's mean over months 1..=horizon, over replications.
    pub over_run: Stats,
}

/// One row of `comparison.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparedValue {
    pub metric: String,
    pub statistic: Statistic,
    pub scenario: String,
    pub stats: Stats,
    /// The paired difference to the reference (the first scenario); None for the reference.
    pub difference: Option<Stats>,
}

/// One point of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct PointRow {
    pub point: u32,
    /// The varied keys' values, in key order.
    pub values: Vec<String>,
    /// `ok`, or why the point did not run.
    pub status: String,
    pub error: String,
    /// The sweep's first metric at the point's last month.
    pub at_horizon: Stats,
    /// That last month, if known.
    pub month: Option<u32>,
}

/// The results table of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Results {
    Run {
        rows: Vec<HeadlineRow>,
        /// The earliest and latest last month over replications (they differ only when runs
        /// stop at equilibrium); None if unknown (then the horizon is `ReportData::months`).
        last_months: Option<(u32, u32)>,
    },
    Compare {
        /// Scenario labels in order; the first is the reference of the differences.
        scenarios: Vec<String>,
        rows: Vec<ComparedValue>,
    },
    Sweep {
        /// The varied keys, e.g. `knowledge.socialisation_rate`.
        keys: Vec<String>,
        /// The metric shown at the horizon.
        metric: String,
        /// The first [`MAX_POINT_ROWS`] points of `points.csv`.
        rows: Vec<PointRow>,
        /// How many points `points.csv` lists, and how many of them did not run.
        points: usize,
        failed: usize,
        /// The earliest and latest last month over the points with results.
        last_months: Option<(u32, u32)>,
    },
}

/// A figure to inline: SVG text (without XML prolog) and a caption.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub caption: String,
    pub svg: String,
}

/// What produced the results, from the manifest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Provenance {
    pub orgsim_version: String,
    pub command_line: Vec<String>,
    pub seed: Option<u64>,
    pub threads: Option<u64>,
    pub replications: Option<u64>,
    /// The share of single runs the light band holds (the manifest's `prediction_level`).
    pub prediction_level: Option<f64>,
    pub started_at: String,
    pub finished_at: String,
    /// Files written, relative to the results folder.
    pub outputs: Vec<String>,
    /// Further facts, e.g. where each compared scenario came from.
    pub extra: Vec<(String, String)>,
}

/// The distinct values a sweep gives one key, in design order: how many, the first few and
/// the last.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VariedValues {
    pub count: usize,
    /// At most [`LISTED_VALUES`](super::figures::manifest::LISTED_VALUES).
    pub first: Vec<String>,
    pub last: String,
}

/// Everything the page shows, as plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportData {
    pub kind: ResultsKind,
    pub title: String,
    pub description: String,
    /// The horizon in months (0 if unknown).
    pub months: u32,
    /// The scenario of a run, the scenarios of a comparison, the base scenario of a sweep.
    pub scenarios: Vec<ScenarioSettings>,
    /// A sweep's varied keys with their distinct values in design order.
    pub varied: Vec<(String, VariedValues)>,
    pub results: Results,
    pub figures: Vec<Figure>,
    /// Remarks on the data (e.g. settings a comparison changed, a figure left out).
    pub notes: Vec<String>,
    pub provenance: Provenance,
    /// What `orgsim discover` found in a sweep, if it ran on it.
    pub discovery: Option<DiscoverySection>,
    /// An economy run's or a comparison of economy policies' section.
    pub economy: Option<economy::EconomySection>,
    /// The summary's, pay-back section's and groups table's data (empty for a sweep).
    pub story: Story,
    /// What the page is for and in which language (from `orgsim report`'s options).
    pub options: ReportOptions,
}

/// The options of `orgsim report`: who the page is by and for, its date, title and language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportOptions {
    /// Replaces the title made from the scenario names.
    pub title: Option<String>,
    pub author: Option<String>,
    pub organisation: Option<String>,
    /// As given (e.g. `2026-12-07` or `7 december 2026`).
    pub date: Option<String>,
    pub lang: Lang,
}

/// Reads `results_dir` (a run, comparison or complete sweep: detected by the files present)
/// and writes `results_dir/report.html` atomically. Returns the page's path.
pub fn write_report(results_dir: &Path) -> Result<PathBuf, ReportError> {
    write_report_with(results_dir, &ReportOptions::default())
}

/// [`write_report`] with `options` (title, author, organisation, date, language).
pub fn write_report_with(
    results_dir: &Path,
    options: &ReportOptions,
) -> Result<PathBuf, ReportError> {
    let mut data = read_report_data_in(results_dir, options.lang)?;
    data.options = options.clone();
    let section = sensitivity::read_section(results_dir, options.lang);
    let html = render_report_with(&data, section.as_ref());
    let path = results_dir.join(REPORT_FILE);
    write_atomic(&path, |w| w.write_all(html.as_bytes())).map_err(|source| ReportError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

// ---------------------------------------------------------------------------------------------
// Rendering.
// ---------------------------------------------------------------------------------------------

/// The page for `data`: one HTML document with inline CSS and SVG, no scripts and no
/// references outside itself.
pub fn render_report(data: &ReportData) -> String {
    render_report_with(data, None)
}

/// The page for `data`, with the section "Which choices matter most?" after the headline
/// results when a sensitivity analysis is given.
pub fn render_report_with(data: &ReportData, sensitivity: Option<&SensitivitySection>) -> String {
    let lang = data.options.lang;
    let mut h = String::with_capacity(64 * 1024);
    let title = esc(data.options.title.as_deref().unwrap_or(&data.title));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"orgsim {}\">\n\
         <title>{title} · {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <main class=\"page\">\n",
        lang.t("html_lang"),
        esc(&data.provenance.orgsim_version),
        lang.t("report")
    );
    render_masthead(&mut h, data);
    let has_story = data.kind != ResultsKind::Sweep;
    let has_summary = !story::summary_sentences(data, lang).is_empty();
    let sections: Vec<&'static str> = [
        "summary",
        "results",
        "economy",
        "sensitivity",
        "reading",
        "figures",
        "discovery",
        "payoff",
        "groups",
        "timeline",
        "settings",
        "provenance",
    ]
    .into_iter()
    .filter(|id| match *id {
        "summary" => has_summary,
        "payoff" | "groups" => has_story,
        "sensitivity" => sensitivity.is_some(),
        "discovery" => data.discovery.is_some(),
        "economy" => data.economy.is_some(),
        _ => true,
    })
    .collect();
    let _ = write!(
        h,
        "<nav class=\"toc\" aria-label=\"{}\"><ol>",
        lang.t("contents")
    );
    for (i, id) in sections.iter().enumerate() {
        let _ = write!(
            h,
            "<li><a href=\"#{id}\"><span class=\"num\">{}</span> {}</a></li>",
            i + 1,
            lang.t(id)
        );
    }
    h.push_str("</ol></nav>\n");
    for (i, id) in sections.iter().enumerate() {
        let _ = write!(
            h,
            "<section id=\"{id}\">\n<h2><span class=\"num\">{}</span> {}</h2>\n",
            i + 1,
            lang.t(id)
        );
        // How far to trust the numbers, before the first of them.
        if i == 0 {
            if lang == Lang::En {
                super::trust_box::html(&mut h);
            } else {
                trust_box_translated(&mut h, lang);
            }
        }
        match *id {
            "summary" => story::render_summary(&mut h, data, lang),
            "results" => render_results(&mut h, data),
            "economy" => {
                if let Some(section) = &data.economy {
                    economy::render_economy(&mut h, section, lang);
                }
            }
            "reading" => render_reading(&mut h, data),
            "sensitivity" => {
                if let Some(section) = sensitivity {
                    sensitivity::render_sensitivity(&mut h, section, lang);
                }
            }
            "figures" => render_figures(&mut h, data),
            "discovery" => discovery::render_discovery(&mut h, data),
            "payoff" => payoff::render_payoff(&mut h, data, lang, data.figures.len() + 1),
            "groups" => payoff::render_groups(&mut h, data, lang),
            "timeline" => render_timelines(&mut h, data),
            "settings" => render_settings(&mut h, data),
            _ => render_provenance(&mut h, data),
        }
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        "<footer>{} (orgsim {})</footer>\n</main>\n</body>\n</html>\n",
        lang.t("footer"),
        esc(&data.provenance.orgsim_version)
    );
    h
}

/// The trust box in a language other than English (the English box is `trust_box::html`).
fn trust_box_translated(h: &mut String, lang: Lang) {
    let title = lang.t("trust_title");
    let _ = write!(
        h,
        "<aside class=\"trust\" aria-label=\"{title}\">\n<p class=\"trust-title\">{title}</p>\n<dl>\n"
    );
    for (label, text) in i18n::TRUST_NL {
        let _ = writeln!(h, "<dt>{label}</dt><dd>{}</dd>", esc(text));
    }
    h.push_str("</dl>\n</aside>\n");
}

/// The page's style sheet: system fonts, no dark backgrounds, A4 print rules.
const CSS: &str = include_str!("report/report.css");

#[cfg(test)]
mod tests {
    use super::masthead::shell_line;
    use super::settings::key_meaning;
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape_html("<b>&\"'x"), "&lt;b&gt;&amp;&quot;&#39;x");
    }

    #[test]
    fn svg_is_cleaned_for_inlining() {
        let file = "<?xml version=\"1.0\"?>\n<!-- c -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><defs><clipPath id=\"c\"/></defs><g clip-path=\"url(#c)\"/></svg>\n";
        let svg = inline_svg(file, "f1-").unwrap();
        assert!(svg.starts_with("<svg viewBox"), "{svg}");
        assert!(
            svg.contains("id=\"f1-c\"") && svg.contains("url(#f1-c)"),
            "{svg}"
        );
        assert!(!svg.contains("http"));
        assert!(inline_svg("<svg><script>x</script></svg>", "p").is_none());
        assert!(inline_svg("<svg><a href=\"https://x\"/></svg>", "p").is_none());
        assert!(inline_svg("no svg", "p").is_none());
    }

    #[test]
    fn command_lines_are_quoted() {
        let args = ["orgsim", "run", "my file.toml", "--set", "x=1"].map(String::from);
        assert_eq!(shell_line(&args), "orgsim run 'my file.toml' --set x=1");
    }

    #[test]
    fn key_meanings_come_from_the_schema() {
        assert!(!key_meaning("knowledge.socialisation_rate").is_empty());
        assert!(!key_meaning("workforce.0.share").is_empty());
        assert!(!key_meaning("parameters.trust_loss_rate").is_empty());
        assert!(!key_meaning("interventions.0.target_style").is_empty());
        assert!(key_meaning("nothing.here").is_empty());
    }
}

//! The economy's figures: adoption S-curves by sector (`adoption`), the regions as small
//! multiples of adoption share and employment (`regions`), and a policy comparison's adoption
//! over time per policy (`policy_adoption`); each a mean over replications with its 95% band.
//!
//! Owns these charts' content and layout, drawn from `economy_summary.csv` (of the folder, or
//! of each compared policy's folder) through the typed reader of `results_folder::economy`, in
//! the style, canvas and axes of the other figures, labelled through the shared i18n table.
//! Does not own the tables (see `crate::output::economy`) or the other figures.

use super::canvas::{Anchor, Canvas, Drawing, Font, render_png, render_svg};
use super::layout::{
    AxisValues, LegendItem, MARGIN, Rect, Scale, Swatch, X_AXIS_HEIGHT, figure_width, header,
    tick_label_width, x_axis, y_axis,
};
use super::style::{
    BAND_OPACITY, HEIGHT, INK, LINE_WIDTH, MUTED, PANEL_TITLE_SIZE, TICK_SIZE, Ticks, data_ticks,
    month_ticks, series_colour,
};
use super::{FIGURES_DIR, FigureError, Format, read::table_error};
use crate::experiment::compare::unique_labels;
use crate::experiment::economy_compare::{ECONOMY_AREA, Level};
use crate::output::compare::{RESERVED_NAMES, safe_file_name};
use crate::output::i18n::Lang;
use crate::output::results_folder::economy::{
    AreaSummaryRow, read_economy_comparison, read_economy_summary,
};
use crate::output::results_folder::{ECONOMY_COMPARISON_FILE, ECONOMY_SUMMARY_FILE};
use crate::output::write_atomic;
use plotters::backend::DrawingBackend;
use plotters::style::Color;
use std::path::{Path, PathBuf};

/// The economy's figures, by file name without extension.
pub const ECONOMY_FIGURES: [&str; 3] = ["adoption", "regions", "policy_adoption"];

/// Whether `name` is one of the economy figures' file names (`adoption.svg`, ...).
pub fn is_economy_figure_file_name(name: &str) -> bool {
    ECONOMY_FIGURES.iter().any(|stem| {
        Format::ALL
            .iter()
            .any(|f| name == format!("{stem}.{}", f.extension()))
    })
}

/// One month of a series: the mean and its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    month: u32,
    mean: f64,
    lo: f64,
    hi: f64,
}

/// A line with its band, in palette colour `colour`.
#[derive(Clone, Debug, PartialEq)]
struct Series {
    colour: usize,
    points: Vec<Point>,
}

/// One panel: a title, its series and the group of panels it shares its y axis with.
#[derive(Clone, Debug, PartialEq)]
struct Panel {
    title: String,
    y_label: String,
    group: usize,
    series: Vec<Series>,
}

/// A figure of panels in a grid of `cols` columns.
#[derive(Clone, Debug, PartialEq)]
pub struct EconomyFigure {
    title: String,
    subtitle: String,
    description: String,
    legend: Vec<(String, usize)>,
    panels: Vec<Panel>,
    cols: usize,
    horizon: u32,
    /// Share axes are bounded to [0, 1].
    shares: Vec<bool>,
    lang: Lang,
}

/// The series of `metric` of `level`'s area `area` in `rows`.
fn series_of(
    rows: &[AreaSummaryRow],
    level: Level,
    area: &str,
    metric: &str,
    colour: usize,
) -> Series {
    let points = rows
        .iter()
        .filter(|r| r.level == level && r.area == area && r.metric == metric)
        .map(|r| Point {
            month: r.month,
            mean: r.stats.mean,
            lo: r.stats.ci_low,
            hi: r.stats.ci_high,
        })
        .collect();
    Series { colour, points }
}

/// The series scaled so that its month-0 mean is 100 (NaN if that mean is not positive).
fn indexed(mut s: Series) -> Series {
    let base = s.points.first().map_or(f64::NAN, |p| p.mean);
    let f = if base > 0.0 { 100.0 / base } else { f64::NAN };
    for p in &mut s.points {
        p.mean *= f;
        p.lo *= f;
        p.hi *= f;
    }
    s
}

/// The areas of `level` in `rows`, in first-seen order.
fn area_names(rows: &[AreaSummaryRow], level: Level) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for r in rows.iter().filter(|r| r.level == level) {
        if !names.contains(&r.area) {
            names.push(r.area.clone());
        }
    }
    names
}

fn replications(rows: &[AreaSummaryRow]) -> u64 {
    rows.iter().map(|r| r.stats.n).max().unwrap_or(0)
}

fn subtitle(lang: Lang, replications: u64) -> String {
    format!(
        "{} {replications} {}; {}; {}",
        lang.t("fig_mean_of"),
        lang.t("fig_replications_per_month"),
        lang.t("fig_shaded_ci"),
        lang.t("econ_illustrative_short")
    )
}

impl EconomyFigure {
    /// Adoption S-curves: one line per sector (and the whole economy) in one panel.
    pub fn adoption(rows: &[AreaSummaryRow], lang: Lang) -> EconomyFigure {
        let sectors = area_names(rows, Level::Sector);
        let mut series: Vec<Series> = sectors
            .iter()
            .enumerate()
            .map(|(i, name)| series_of(rows, Level::Sector, name, "adoption_share", i))
            .collect();
        let mut legend: Vec<(String, usize)> = sectors
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        if sectors.len() > 1 {
            let c = sectors.len();
            series.push(series_of(
                rows,
                Level::Economy,
                ECONOMY_AREA,
                "adoption_share",
                c,
            ));
            legend.push((lang.t("econ_whole_economy").to_string(), c));
        }
        let horizon = rows.iter().map(|r| r.month).max().unwrap_or(0);
        EconomyFigure {
            title: lang.t("econ_adoption_title").to_string(),
            subtitle: subtitle(lang, replications(rows)),
            description: format!("{}: {}", lang.t("econ_adoption_title"), sectors.join(", ")),
            legend,
            panels: vec![Panel {
                title: lang.t("econ_adoption_share").to_string(),
                y_label: lang.t("econ_share_axis").to_string(),
                group: 0,
                series,
            }],
            cols: 1,
            horizon,
            shares: vec![true],
            lang,
        }
    }

    /// The regions as small multiples: a row block of adoption share and one of employment
    /// (month 0 = 100), one panel per region, axes shared within each block.
    pub fn regions(rows: &[AreaSummaryRow], lang: Lang) -> EconomyFigure {
        let regions = area_names(rows, Level::Region);
        let mut panels = Vec::new();
        for (group, (metric, key)) in [
            ("adoption_share", "econ_adoption_share"),
            ("employment", "econ_employment_index"),
        ]
        .into_iter()
        .enumerate()
        {
            for (i, name) in regions.iter().enumerate() {
                let s = series_of(rows, Level::Region, name, metric, i);
                panels.push(Panel {
                    title: format!("{name} · {}", lang.t(key)),
                    y_label: if group == 0 {
                        lang.t("econ_share_axis").to_string()
                    } else {
                        lang.t("econ_index_axis").to_string()
                    },
                    group,
                    series: vec![if group == 0 { s } else { indexed(s) }],
                });
            }
        }
        let horizon = rows.iter().map(|r| r.month).max().unwrap_or(0);
        EconomyFigure {
            title: lang.t("econ_regions_title").to_string(),
            subtitle: subtitle(lang, replications(rows)),
            description: format!("{}: {}", lang.t("econ_regions_title"), regions.join(", ")),
            legend: Vec::new(),
            panels,
            cols: regions.len().clamp(1, 4),
            horizon,
            shares: vec![true, false],
            lang,
        }
    }

    /// Adoption in the whole economy over time, one line per policy (`policies[i]` its label
    /// and its folder's summary rows).
    pub fn policies(policies: &[(String, Vec<AreaSummaryRow>)], lang: Lang) -> EconomyFigure {
        let series = policies
            .iter()
            .enumerate()
            .map(|(i, (_, rows))| {
                series_of(rows, Level::Economy, ECONOMY_AREA, "adoption_share", i)
            })
            .collect();
        let all: Vec<&AreaSummaryRow> = policies.iter().flat_map(|(_, r)| r).collect();
        let horizon = all.iter().map(|r| r.month).max().unwrap_or(0);
        let reps = all.iter().map(|r| r.stats.n).max().unwrap_or(0);
        let names: Vec<String> = policies.iter().map(|(n, _)| n.clone()).collect();
        EconomyFigure {
            title: lang.t("econ_policy_title").to_string(),
            subtitle: subtitle(lang, reps),
            description: format!("{}: {}", lang.t("econ_policy_title"), names.join(", ")),
            legend: names.into_iter().enumerate().map(|(i, n)| (n, i)).collect(),
            panels: vec![Panel {
                title: format!(
                    "{} · {}",
                    lang.t("econ_adoption_share"),
                    lang.t("econ_whole_economy")
                ),
                y_label: lang.t("econ_share_axis").to_string(),
                group: 0,
                series,
            }],
            cols: 1,
            horizon,
            shares: vec![true],
            lang,
        }
    }

    /// How many lines the figure draws (one per series of every panel).
    pub fn series_count(&self) -> usize {
        self.panels.iter().map(|p| p.series.len()).sum()
    }

    fn rows(&self) -> usize {
        self.panels.len().div_ceil(self.cols.max(1))
    }

    /// The y ticks of panel group `group`: over every panel of the group.
    fn group_ticks(&self, group: usize) -> Option<Ticks> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in self.panels.iter().filter(|p| p.group == group) {
            for pt in p.series.iter().flat_map(|s| &s.points) {
                for v in [pt.mean, pt.lo, pt.hi] {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
        }
        let share = self.shares.get(group).copied().unwrap_or(false);
        if share && lo.is_finite() {
            return Some(data_ticks(0.0, hi.max(0.05), Some((0.0, 1.0))));
        }
        lo.is_finite().then(|| data_ticks(lo, hi, None))
    }
}

impl Drawing for EconomyFigure {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        let rows = self.rows();
        (figure_width(), HEIGHT.max(220.0 + 300.0 * rows as f64))
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn description(&self) -> String {
        self.description.clone()
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let legend: Vec<LegendItem> = self
            .legend
            .iter()
            .map(|(label, colour)| LegendItem {
                label: label.clone(),
                swatch: Swatch::LineBand(series_colour(*colour)),
            })
            .collect();
        let top = header(c, w, &self.title, &self.subtitle, &legend)?;
        let (cols, rows) = (self.cols.max(1), self.rows().max(1));
        let (gap_x, gap_y) = (48.0, 30.0);
        let area = Rect {
            x0: MARGIN,
            y0: top,
            x1: w - MARGIN,
            y1: h - MARGIN / 2.0,
        };
        let pw = (area.width() - gap_x * (cols - 1) as f64) / cols as f64;
        let ph = (area.height() - gap_y * (rows - 1) as f64) / rows as f64;
        for (i, panel) in self.panels.iter().enumerate() {
            let (col, row) = (i % cols, i / cols);
            let x0 = area.x0 + col as f64 * (pw + gap_x);
            let y0 = area.y0 + row as f64 * (ph + gap_y);
            let rect = Rect {
                x0,
                y0,
                x1: x0 + pw,
                y1: y0 + ph,
            };
            self.panel(c, rect, panel)?;
        }
        Ok(())
    }
}

impl EconomyFigure {
    fn panel<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        rect: Rect,
        panel: &Panel,
    ) -> Result<(), FigureError> {
        let l = self.lang;
        let title_font = Font::new(PANEL_TITLE_SIZE, INK).bold();
        c.text(
            &c.fit(&panel.title, title_font, rect.width()),
            (rect.x0, rect.y0 + PANEL_TITLE_SIZE / 2.0),
            title_font,
            Anchor::Left,
        )?;
        let ticks = self.group_ticks(panel.group);
        let has_data = ticks.is_some();
        let y_values = AxisValues::Numeric(ticks.unwrap_or_else(|| Ticks::new(0.0, 1.0, 4)));
        let x_values = AxisValues::Numeric(month_ticks(self.horizon as f64));
        let plot_x0 = rect.x0 + 30.0 + tick_label_width(c, &y_values) + 10.0;
        let plot = Rect {
            x0: plot_x0,
            y0: rect.y0 + PANEL_TITLE_SIZE + 14.0,
            x1: rect.x1 - 10.0,
            y1: rect.y1 - X_AXIS_HEIGHT,
        };
        let x = Scale::new(0.0, self.horizon.max(1) as f64, plot.x0, plot.x1);
        let (d0, d1) = y_values.range();
        let y = Scale::new(d0, d1, plot.y1, plot.y0);
        y_axis(c, plot, &y_values, &y, &panel.y_label, rect.x0 + 9.0)?;
        x_axis(c, plot, &x_values, &x, l.t("month"))?;
        if !has_data {
            return c.text(
                l.t("fig_no_data"),
                (plot.mid_x(), plot.mid_y()),
                Font::new(TICK_SIZE, MUTED),
                Anchor::Centre,
            );
        }
        let clip = |v: f64| v.clamp(d0, d1);
        for s in &panel.series {
            let colour = series_colour(s.colour);
            for seg in s.points.split(|p| !(p.lo.is_finite() && p.hi.is_finite())) {
                if seg.len() < 2 {
                    continue;
                }
                let mut poly: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|p| (x.map(f64::from(p.month)), y.map(clip(p.hi))))
                    .collect();
                poly.extend(
                    seg.iter()
                        .rev()
                        .map(|p| (x.map(f64::from(p.month)), y.map(clip(p.lo)))),
                );
                c.polygon(&poly, colour.mix(BAND_OPACITY))?;
            }
        }
        for s in &panel.series {
            let colour = series_colour(s.colour);
            for seg in s.points.split(|p| !p.mean.is_finite()) {
                let pts: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|p| (x.map(f64::from(p.month)), y.map(clip(p.mean))))
                    .collect();
                match pts.len() {
                    0 => {}
                    1 => c.dot(pts[0], 4.0, colour.to_rgba())?,
                    _ => c.line(&pts, colour.to_rgba(), LINE_WIDTH)?,
                }
            }
        }
        Ok(())
    }
}

/// The figure as bytes in `format`.
pub fn render_economy(figure: &EconomyFigure, format: Format) -> Result<Vec<u8>, FigureError> {
    match format {
        Format::Svg => render_svg(figure).map(String::into_bytes),
        Format::Png => render_png(figure),
    }
}

/// The scenario folders of the policies a comparison's `economy_comparison.csv` names, by the
/// rule the comparison wrote them with (safe names, made unique).
fn policy_folders(policies: &[String]) -> Vec<String> {
    let safe: Vec<String> = policies.iter().map(|p| safe_file_name(p)).collect();
    unique_labels(safe.iter().map(String::as_str), &RESERVED_NAMES)
}

/// The economy figures of the folder `dir`, by name (see [`ECONOMY_FIGURES`]), with labels in
/// `lang`: `adoption` and `regions` for an economy run, `policy_adoption` for a comparison of
/// economy policies; empty for other folders.
pub fn economy_figures(
    dir: &Path,
    lang: Lang,
) -> Result<Vec<(&'static str, EconomyFigure)>, FigureError> {
    let mut out = Vec::new();
    let summary = dir.join(ECONOMY_SUMMARY_FILE);
    if summary.is_file() {
        let rows = read_economy_summary(&summary).map_err(|e| table_error(&summary, e))?;
        out.push((ECONOMY_FIGURES[0], EconomyFigure::adoption(&rows, lang)));
        out.push((ECONOMY_FIGURES[1], EconomyFigure::regions(&rows, lang)));
    }
    let comparison = dir.join(ECONOMY_COMPARISON_FILE);
    if comparison.is_file() {
        let rows = read_economy_comparison(&comparison).map_err(|e| table_error(&comparison, e))?;
        let mut names: Vec<String> = Vec::new();
        for r in &rows {
            if !names.contains(&r.policy) {
                names.push(r.policy.clone());
            }
        }
        let mut policies = Vec::with_capacity(names.len());
        for (name, folder) in names.iter().zip(policy_folders(&names)) {
            let path = dir.join(folder).join(ECONOMY_SUMMARY_FILE);
            let rows = read_economy_summary(&path).map_err(|e| table_error(&path, e))?;
            policies.push((name.clone(), rows));
        }
        out.push((ECONOMY_FIGURES[2], EconomyFigure::policies(&policies, lang)));
    }
    Ok(out)
}

/// Draws the economy figures of `dir` (see [`economy_figures`]) as SVG and PNG into
/// `dir/figures/`; returns the files written.
pub fn write_economy_figures(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, FigureError> {
    let mut written = Vec::new();
    for (name, figure) in economy_figures(dir, lang)? {
        for format in Format::ALL {
            let folder = dir.join(FIGURES_DIR);
            std::fs::create_dir_all(&folder).map_err(|e| FigureError::Write {
                path: folder.clone(),
                source: e,
            })?;
            let path = folder.join(format!("{name}.{}", format.extension()));
            let bytes = render_economy(&figure, format)?;
            write_atomic(&path, |w| w.write_all(&bytes)).map_err(|e| FigureError::Write {
                path: path.clone(),
                source: e,
            })?;
            written.push(path);
        }
    }
    Ok(written)
}

//! The sensitivity figures of a Sobol' or Morris sweep, drawn from its `sensitivity.csv`:
//! `sensitivity_ranking` (Sobol': the levers ranked by total index, ST and S1 side by side as
//! bars with bootstrap whiskers), `sensitivity_morris` (Morris: the μ*–σ plane, one dot per
//! lever with its μ* whisker) and, when the file holds several months,
//! `sensitivity_over_time` (the ranking index of the top levers as lines over the months).
//! One panel per metric, at the last month the file holds. Labels in English or Dutch (the
//! fixed strings from the i18n tables, metric names as the report names them, tick labels with
//! the language's decimal mark); ST, S1, μ* and σ keep their symbols and keys stay as code.
//!
//! Owns these charts and the names of their files. Does not own the indices (see
//! `crate::output::sensitivity`), the shared axes (see `layout`) or rendering (see `canvas`).

use super::canvas::{Anchor, Canvas, Drawing, Font, render_png, render_svg};
use super::layout::{
    AxisValues, LegendItem, Rect, Scale, Swatch, X_AXIS_HEIGHT, figure_height, figure_width,
    grid_shape, header, metric_panels, tick_label_width, x_axis, y_axis,
};
use super::style::{
    AXIS, INK, LINE_WIDTH, MUTED, PANEL_TITLE_SIZE, TICK_SIZE, Ticks, series_colour,
};
use super::sweep::{metric_heading, metric_in_text};
use super::{FIGURES_DIR, FigureError, Format};
use crate::experiment::sensitivity_study::IndexKind;
use crate::output::i18n::Lang;
use crate::output::results_folder::SENSITIVITY_FILE;
use crate::output::sensitivity::{
    Lever, SensitivityRecord, levers, method_of, metrics_and_months, read_sensitivity,
};
use crate::output::write_atomic;
use plotters::backend::DrawingBackend;
use plotters::style::Color;
use std::path::{Path, PathBuf};

/// The sensitivity figures' names (without extension), as `figures/` holds them.
pub const SENSITIVITY_FIGURES: [&str; 3] = [
    "sensitivity_ranking",
    "sensitivity_morris",
    "sensitivity_over_time",
];

/// Levers drawn per panel of the ranking.
const RANKED: usize = 10;
/// Levers drawn as lines over time per panel.
const OVER_TIME: usize = 6;

/// The metrics of `records` with the last month each has, in file order.
fn last_months(records: &[SensitivityRecord]) -> Vec<(String, u32)> {
    let mut last: Vec<(String, u32)> = Vec::new();
    for (metric, month) in metrics_and_months(records) {
        match last.iter_mut().find(|(m, _)| *m == metric) {
            Some(entry) => entry.1 = entry.1.max(month),
            None => last.push((metric, month)),
        }
    }
    last
}

/// The last segment of a dotted key (`interventions.0.share` → `share`), with its list index
/// when it has one (`0.share`), for labels.
fn short_key(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        [.., index, last] if index.parse::<u32>().is_ok() => format!("{index}.{last}"),
        [.., last] => last.to_string(),
        [] => key.to_string(),
    }
}

/// The metrics of `panels`, as a sentence names them.
fn metric_list(panels: &[(String, u32)], lang: Lang) -> String {
    let names: Vec<String> = panels
        .iter()
        .map(|(m, _)| metric_in_text(m, lang))
        .collect();
    names.join(", ")
}

fn panel_title<DB: DrawingBackend>(
    c: &Canvas<DB>,
    rect: Rect,
    (metric, lang): (&str, Lang),
    month: Option<u32>,
    noise: Option<f64>,
) -> Result<(), FigureError> {
    let font = Font::new(PANEL_TITLE_SIZE, INK).bold();
    let noise = noise.map_or(String::new(), |n| {
        lang.fill("sens_fig_noise", &[&format!("{:.0}", 100.0 * n)])
    });
    let month = month.map_or(String::new(), |m| {
        lang.fill("sens_fig_month", &[&m.to_string()])
    });
    let title = format!("{}{month}{noise}", metric_heading(metric, lang));
    c.text(
        &c.fit(&title, font, rect.width()),
        (rect.x0, rect.y0 + PANEL_TITLE_SIZE / 2.0),
        font,
        Anchor::Left,
    )
}

/// Sobol' indices ranked by ST, per metric.
struct Ranking {
    records: Vec<SensitivityRecord>,
    panels: Vec<(String, u32)>,
    lang: Lang,
}

impl Drawing for Ranking {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        let (_, rows) = grid_shape(self.panels.len());
        (figure_width(), figure_height(rows))
    }

    fn title(&self) -> String {
        self.lang.t("sens_fig_ranking_title").into()
    }

    fn description(&self) -> String {
        self.lang.fill(
            "sens_fig_ranking_description",
            &[&metric_list(&self.panels, self.lang)],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let l = self.lang;
        let legend = [
            LegendItem {
                label: l.t("sens_fig_st_legend").into(),
                swatch: Swatch::DotWhisker(series_colour(0)),
            },
            LegendItem {
                label: l.t("sens_fig_s1_legend").into(),
                swatch: Swatch::DotWhisker(series_colour(1)),
            },
        ];
        let subtitle = l.t("sens_fig_ranking_subtitle");
        let top = header(c, w, &self.title(), subtitle, &legend)?;
        for (rect, (metric, month)) in metric_panels(w, h, top, self.panels.len())
            .into_iter()
            .zip(&self.panels)
        {
            let (levers, noise) = levers(&self.records, metric, *month);
            panel_title(c, rect, (metric, l), Some(*month), noise)?;
            bars(c, rect, &levers[..levers.len().min(RANKED)], l)?;
        }
        Ok(())
    }
}

/// Two horizontal bars per lever (ST above S1), with whiskers, on a shared 0.. axis.
fn bars<DB: DrawingBackend>(
    c: &Canvas<DB>,
    rect: Rect,
    levers: &[Lever],
    lang: Lang,
) -> Result<(), FigureError> {
    let rows = || {
        levers
            .iter()
            .flat_map(|l| std::iter::once(&l.main).chain(&l.second))
    };
    let hi = rows()
        .flat_map(|r| [r.estimate, r.interval.map_or(r.estimate, |i| i.1)])
        .filter(|v| v.is_finite())
        .fold(0.1f64, f64::max)
        .min(1.5);
    let lo = rows()
        .flat_map(|r| [r.estimate, r.interval.map_or(r.estimate, |i| i.0)])
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::min)
        .max(-0.5);
    let name_font = Font::new(TICK_SIZE, INK);
    let gutter = levers
        .iter()
        .map(|l| c.text_width(&short_key(&l.parameter), name_font))
        .fold(60.0, f64::max)
        .min(rect.width() * 0.35);
    let plot = Rect {
        x0: rect.x0 + gutter + 14.0,
        y0: rect.y0 + PANEL_TITLE_SIZE + 14.0,
        x1: rect.x1 - 12.0,
        y1: rect.y1 - X_AXIS_HEIGHT,
    };
    let ticks = AxisValues::Numeric(Ticks::new(lo, hi, 5).in_lang(lang));
    let (d0, d1) = ticks.range();
    let x = Scale::new(d0, d1, plot.x0, plot.x1);
    x_axis(c, plot, &ticks, &x, lang.t("sens_fig_index_axis"))?;
    let zero = x.map(0.0);
    c.line(&[(zero, plot.y0), (zero, plot.y1)], AXIS.to_rgba(), 1.0)?;
    let row_h = plot.height() / levers.len().max(1) as f64;
    let bar_h = (row_h * 0.32).min(18.0);
    for (i, lever) in levers.iter().enumerate() {
        let mid = plot.y0 + row_h * (i as f64 + 0.5);
        c.text(
            &c.fit(&short_key(&lever.parameter), name_font, gutter),
            (plot.x0 - 10.0, mid),
            name_font,
            Anchor::Right,
        )?;
        let pairs = std::iter::once(&lever.main).chain(&lever.second);
        for (k, row) in pairs.enumerate() {
            if !row.estimate.is_finite() {
                continue;
            }
            let colour = series_colour(k);
            let y = mid + if k == 0 { -bar_h * 0.6 } else { bar_h * 0.6 };
            let (a, b) = (x.map(0.0), x.map(row.estimate.clamp(d0, d1)));
            c.rect(
                (a.min(b), y - bar_h / 2.0),
                (a.max(b), y + bar_h / 2.0),
                colour.mix(0.85),
            )?;
            if let Some((low, high)) = row.interval {
                let (l, h) = (x.map(low.clamp(d0, d1)), x.map(high.clamp(d0, d1)));
                c.line(&[(l, y), (h, y)], INK.to_rgba(), 2.0)?;
                for e in [l, h] {
                    c.line(
                        &[(e, y - bar_h / 3.0), (e, y + bar_h / 3.0)],
                        INK.to_rgba(),
                        2.0,
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Morris μ*–σ plane, per metric.
struct MorrisPlane {
    records: Vec<SensitivityRecord>,
    panels: Vec<(String, u32)>,
    lang: Lang,
}

impl Drawing for MorrisPlane {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        let (_, rows) = grid_shape(self.panels.len());
        (figure_width(), figure_height(rows))
    }

    fn title(&self) -> String {
        self.lang.t("sens_fig_morris_title").into()
    }

    fn description(&self) -> String {
        self.lang.fill(
            "sens_fig_morris_description",
            &[&metric_list(&self.panels, self.lang)],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let l = self.lang;
        let subtitle = l.t("sens_fig_morris_subtitle");
        let top = header(c, w, &self.title(), subtitle, &[])?;
        for (rect, (metric, month)) in metric_panels(w, h, top, self.panels.len())
            .into_iter()
            .zip(&self.panels)
        {
            let (levers, noise) = levers(&self.records, metric, *month);
            panel_title(c, rect, (metric, l), Some(*month), noise)?;
            plane(c, rect, &levers, l)?;
        }
        Ok(())
    }
}

fn plane<DB: DrawingBackend>(
    c: &Canvas<DB>,
    rect: Rect,
    levers: &[Lever],
    lang: Lang,
) -> Result<(), FigureError> {
    let finite = |v: f64| v.is_finite().then_some(v);
    let x_hi = levers
        .iter()
        .filter_map(|l| finite(l.main.interval.map_or(l.main.estimate, |i| i.1)))
        .fold(0.0f64, f64::max);
    let y_hi = levers
        .iter()
        .filter_map(|l| l.second.as_ref().and_then(|s| finite(s.estimate)))
        .fold(0.0f64, f64::max);
    let ticks = |hi: f64| {
        AxisValues::Numeric(Ticks::new(0.0, if hi > 0.0 { hi } else { 1.0 }, 5).in_lang(lang))
    };
    let (x_ticks, y_ticks) = (ticks(x_hi), ticks(y_hi));
    let left = tick_label_width(c, &y_ticks) + 40.0;
    let plot = Rect {
        x0: rect.x0 + left,
        y0: rect.y0 + PANEL_TITLE_SIZE + 14.0,
        x1: rect.x1 - 12.0,
        y1: rect.y1 - X_AXIS_HEIGHT,
    };
    let (x0, x1) = x_ticks.range();
    let (y0, y1) = y_ticks.range();
    let x = Scale::new(x0, x1, plot.x0, plot.x1);
    let y = Scale::new(y0, y1, plot.y1, plot.y0);
    x_axis(c, plot, &x_ticks, &x, lang.t("sens_fig_mu_star_axis"))?;
    y_axis(
        c,
        plot,
        &y_ticks,
        &y,
        lang.t("sens_fig_sigma_axis"),
        rect.x0 + 10.0,
    )?;
    let label_font = Font::new(TICK_SIZE, INK);
    for (i, lever) in levers.iter().enumerate() {
        let Some(sigma) = lever.second.as_ref().and_then(|s| finite(s.estimate)) else {
            continue;
        };
        let Some(mu_star) = finite(lever.main.estimate) else {
            continue;
        };
        let at = (x.map(mu_star), y.map(sigma));
        let colour = series_colour(i);
        if let Some((low, high)) = lever.main.interval {
            let (l, h) = (x.map(low.max(x0)), x.map(high.min(x1)));
            c.line(&[(l, at.1), (h, at.1)], colour.to_rgba(), 2.0)?;
        }
        c.ringed_dot(at, 8.0, colour)?;
        c.text(
            &short_key(&lever.parameter),
            (at.0 + 12.0, at.1 - 12.0),
            label_font,
            Anchor::Left,
        )?;
    }
    Ok(())
}

/// The ranking index of the top levers over the months, per metric.
struct OverTime {
    records: Vec<SensitivityRecord>,
    panels: Vec<(String, u32)>,
    index: IndexKind,
    lang: Lang,
}

impl Drawing for OverTime {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        let (_, rows) = grid_shape(self.panels.len());
        (figure_width(), figure_height(rows))
    }

    fn title(&self) -> String {
        self.lang.t("sens_fig_over_time_title").into()
    }

    fn description(&self) -> String {
        self.lang.fill(
            "sens_fig_over_time_description",
            &[self.index_name(), &self.shown().to_string()],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let l = self.lang;
        let what = if self.index == IndexKind::St {
            l.t("sens_fig_total_st")
        } else {
            l.t("sens_fig_morris_mu_star")
        };
        let subtitle = l.fill(
            "sens_fig_over_time_subtitle",
            &[what, &self.shown().to_string()],
        );
        let top = header(c, w, &self.title(), &subtitle, &[])?;
        for (rect, (metric, month)) in metric_panels(w, h, top, self.panels.len())
            .into_iter()
            .zip(&self.panels)
        {
            panel_title(c, rect, (metric, l), None, None)?;
            self.lines(c, rect, metric, *month)?;
        }
        Ok(())
    }
}

impl OverTime {
    /// How many levers each panel draws: the top [`OVER_TIME`], or all of them when fewer
    /// keys were varied.
    fn shown(&self) -> usize {
        let mut keys: Vec<&str> = self
            .records
            .iter()
            .map(|r| r.row.parameter.as_str())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len().min(OVER_TIME)
    }

    /// The index's name: as `sensitivity.csv` names it (`ST`, `mu_star`), in Dutch by its
    /// symbol (`μ*`).
    fn index_name(&self) -> &'static str {
        match (self.lang, self.index) {
            (Lang::Nl, IndexKind::MuStar) => "μ*",
            _ => self.index.name(),
        }
    }

    fn lines<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        rect: Rect,
        metric: &str,
        last: u32,
    ) -> Result<(), FigureError> {
        let (top, _) = levers(&self.records, metric, last);
        let top: Vec<&str> = top
            .iter()
            .take(OVER_TIME)
            .map(|l| l.parameter.as_str())
            .collect();
        let series: Vec<Vec<(f64, f64)>> = top
            .iter()
            .map(|p| {
                self.records
                    .iter()
                    .filter(|r| {
                        r.metric == metric && r.row.index == self.index && r.row.parameter == *p
                    })
                    .filter(|r| r.row.estimate.is_finite())
                    .map(|r| (f64::from(r.month), r.row.estimate))
                    .collect()
            })
            .collect();
        let points = || series.iter().flatten();
        let (m0, m1) = points().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
        let hi = points().map(|p| p.1).fold(0.0f64, f64::max);
        let lo = points().map(|p| p.1).fold(0.0f64, f64::min);
        if !m0.is_finite() {
            return Ok(());
        }
        let x_ticks = AxisValues::Numeric(Ticks::new(m0, m1.max(m0 + 1.0), 6).in_lang(self.lang));
        let y_ticks = AxisValues::Numeric(
            Ticks::new(lo, if hi > lo { hi } else { lo + 1.0 }, 5).in_lang(self.lang),
        );
        let left = tick_label_width(c, &y_ticks) + 40.0;
        let legend_w = top
            .iter()
            .map(|p| c.text_width(&short_key(p), Font::new(TICK_SIZE, INK)))
            .fold(0.0, f64::max)
            .min(rect.width() * 0.35)
            + 30.0;
        let plot = Rect {
            x0: rect.x0 + left,
            y0: rect.y0 + PANEL_TITLE_SIZE + 14.0,
            x1: rect.x1 - legend_w,
            y1: rect.y1 - X_AXIS_HEIGHT,
        };
        let (x0, x1) = x_ticks.range();
        let (y0, y1) = y_ticks.range();
        let x = Scale::new(x0, x1, plot.x0, plot.x1);
        let y = Scale::new(y0, y1, plot.y1, plot.y0);
        x_axis(c, plot, &x_ticks, &x, self.lang.t("month"))?;
        y_axis(c, plot, &y_ticks, &y, self.index_name(), rect.x0 + 10.0)?;
        let font = Font::new(TICK_SIZE, INK);
        for (i, (p, s)) in top.iter().zip(&series).enumerate() {
            let colour = series_colour(i);
            let line: Vec<(f64, f64)> = s.iter().map(|&(m, v)| (x.map(m), y.map(v))).collect();
            c.line(&line, colour.to_rgba(), LINE_WIDTH)?;
            for &at in &line {
                c.dot(at, 4.0, colour.to_rgba())?;
            }
            let label_y = plot.y0 + 10.0 + i as f64 * (TICK_SIZE + 8.0);
            c.line(
                &[(plot.x1 + 8.0, label_y), (plot.x1 + 22.0, label_y)],
                colour.to_rgba(),
                LINE_WIDTH,
            )?;
            c.text(
                &c.fit(&short_key(p), font, legend_w - 30.0),
                (plot.x1 + 26.0, label_y),
                Font::new(TICK_SIZE, MUTED),
                Anchor::Left,
            )?;
        }
        Ok(())
    }
}

/// Every sensitivity figure of the `sensitivity.csv` in `dir` as (name, SVG text), in order;
/// empty when the folder has no such file.
pub fn sensitivity_svgs(dir: &Path) -> Result<Vec<(&'static str, String)>, FigureError> {
    sensitivity_svgs_in(dir, Lang::En)
}

/// As [`sensitivity_svgs`], labelled in `lang`.
pub fn sensitivity_svgs_in(
    dir: &Path,
    lang: Lang,
) -> Result<Vec<(&'static str, String)>, FigureError> {
    let mut out = Vec::new();
    for (name, bytes) in render_all(dir, Format::Svg, lang)? {
        out.push((
            name,
            String::from_utf8(bytes).map_err(|e| FigureError::Draw(e.to_string()))?,
        ));
    }
    Ok(out)
}

/// Every sensitivity figure of the folder in `format`, by name.
fn render_all(
    dir: &Path,
    format: Format,
    lang: Lang,
) -> Result<Vec<(&'static str, Vec<u8>)>, FigureError> {
    let path = dir.join(SENSITIVITY_FILE);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let records =
        read_sensitivity(&path).map_err(|e| FigureError::invalid(&path, format!("{e:?}")))?;
    let panels = last_months(&records);
    if panels.is_empty() {
        return Ok(Vec::new());
    }
    fn out(figure: &impl Drawing, format: Format) -> Result<Vec<u8>, FigureError> {
        match format {
            Format::Svg => render_svg(figure).map(String::into_bytes),
            Format::Png => render_png(figure),
        }
    }
    let several_months = metrics_and_months(&records).len() > panels.len();
    let mut figures = Vec::new();
    match method_of(&records) {
        Some("sobol") => {
            let ranking = Ranking {
                records: records.clone(),
                panels: panels.clone(),
                lang,
            };
            figures.push((SENSITIVITY_FIGURES[0], out(&ranking, format)?));
        }
        Some(_) => {
            let plane = MorrisPlane {
                records: records.clone(),
                panels: panels.clone(),
                lang,
            };
            figures.push((SENSITIVITY_FIGURES[1], out(&plane, format)?));
        }
        None => return Ok(Vec::new()),
    }
    if several_months {
        let index = if method_of(&records) == Some("sobol") {
            IndexKind::St
        } else {
            IndexKind::MuStar
        };
        let over_time = OverTime {
            records,
            panels,
            index,
            lang,
        };
        figures.push((SENSITIVITY_FIGURES[2], out(&over_time, format)?));
    }
    Ok(figures)
}

/// Draws the sensitivity figures of the folder `dir` (from its `sensitivity.csv`) as SVG and
/// PNG into `dir/figures/`, removing those of an earlier analysis that no longer apply;
/// returns the files written (none without the file).
pub fn write_sensitivity_figures(dir: &Path) -> Result<Vec<PathBuf>, FigureError> {
    write_sensitivity_figures_in(dir, Lang::En)
}

/// As [`write_sensitivity_figures`], labelled in `lang`.
pub fn write_sensitivity_figures_in(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, FigureError> {
    let folder = dir.join(FIGURES_DIR);
    let mut written = Vec::new();
    let mut drawn = Vec::new();
    for format in Format::ALL {
        let figures = render_all(dir, format, lang)?;
        if figures.is_empty() {
            continue;
        }
        std::fs::create_dir_all(&folder).map_err(|e| FigureError::Write {
            path: folder.clone(),
            source: e,
        })?;
        for (name, bytes) in figures {
            let path = folder.join(format!("{name}.{}", format.extension()));
            write_atomic(&path, |w| w.write_all(&bytes)).map_err(|e| FigureError::Write {
                path: path.clone(),
                source: e,
            })?;
            drawn.push(path.clone());
            written.push(path);
        }
    }
    // A figure of an earlier analysis (the over-time lines of a run with --over-time) would
    // otherwise stay beside the new ones.
    for name in SENSITIVITY_FIGURES {
        for format in Format::ALL {
            let path = folder.join(format!("{name}.{}", format.extension()));
            if !drawn.contains(&path) && path.is_file() {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    Ok(written)
}

/// Whether `name` is a sensitivity figure's file name (for clearing a folder).
pub fn is_sensitivity_figure_file_name(name: &str) -> bool {
    SENSITIVITY_FIGURES.into_iter().any(|figure| {
        Format::ALL
            .into_iter()
            .any(|f| name == format!("{figure}.{}", f.extension()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_keep_the_list_index() {
        assert_eq!(short_key("interventions.0.share"), "0.share");
        assert_eq!(short_key("parameters.trust_loss_rate"), "trust_loss_rate");
        assert_eq!(short_key("months"), "months");
    }
}

//! The overview figure of a run or a comparison: one panel per metric over the months, the
//! mean over replications as a line with its 95% confidence band, one colour per scenario,
//! and dashed markers where interventions start and shocks hit.
//!
//! Owns this chart's content and layout (panels, marker labels stacked so they never
//! overlap, legend entries). Does not own reading the folder (see `read`), the shared axes and
//! header (see `layout`) or rendering (see `canvas`).

use super::FigureError;
use super::canvas::{Anchor, Canvas, Drawing, Font};
use super::layout::{
    AxisValues, LegendItem, Rect, Scale, Swatch, X_AXIS_HEIGHT, figure_height, figure_width,
    grid_shape, header, metric_panels, tick_label_width, x_axis, y_axis,
};
use super::read::{MonthStat, ScenarioSeries};
use super::style::{
    BAND_OPACITY, LINE_WIDTH, MARKER, MUTED, PANEL_TITLE_SIZE, PREDICTIVE_BAND_OPACITY,
    PREDICTIVE_EDGE_OPACITY, RUN_LINE_OPACITY, RUN_LINE_WIDTH, TICK_SIZE, Ticks, clip, data_ticks,
    metric_bounds, metric_title, month_ticks, series_colour, unit_label,
};
use crate::model::metrics::Metric;
use crate::output::i18n::Lang;
use plotters::backend::DrawingBackend;
use plotters::style::{Color, RGBColor};

/// A marker as drawn: where, what it says and in which colour.
#[derive(Clone, Debug, PartialEq)]
struct DrawnMarker {
    month: u32,
    label: String,
    /// The label without the scenario's name, for when the full label does not fit.
    short: String,
    colour: RGBColor,
}

/// Small multiples of metrics over time for one or more scenarios.
pub struct Overview {
    scenarios: Vec<ScenarioSeries>,
    metrics: Vec<Metric>,
    horizon: u32,
    markers: Vec<DrawnMarker>,
    /// Replaces the title built from the scenario names (a sweep names itself).
    title: Option<String>,
    /// The language of its labels.
    lang: Lang,
}

impl Overview {
    /// The figure for `scenarios` (one for a run, in comparison order otherwise).
    pub fn new(scenarios: Vec<ScenarioSeries>, metrics: &[Metric]) -> Overview {
        let horizon = scenarios.iter().map(|s| s.horizon).max().unwrap_or(0);
        let markers = drawn_markers(&scenarios);
        Overview {
            scenarios,
            metrics: metrics.to_vec(),
            horizon,
            markers,
            title: None,
            lang: Lang::En,
        }
    }

    /// The same figure with its labels in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Overview {
        self.lang = lang;
        self
    }

    /// The same figure under `title`.
    pub fn with_title(mut self, title: String) -> Overview {
        self.title = Some(title);
        self
    }

    /// The level (in percent) of the predictive bands, when any scenario has one.
    fn has_predictive(&self) -> Option<f64> {
        self.scenarios
            .iter()
            .find(|s| {
                s.metrics
                    .values()
                    .flatten()
                    .any(|m| m.pi_low.is_finite() && m.pi_high.is_finite())
            })
            .map(|s| (s.prediction_level * 1000.0).round() / 10.0)
    }

    fn names(&self) -> Vec<&str> {
        self.scenarios.iter().map(|s| s.label.as_str()).collect()
    }

    fn replications(&self) -> u64 {
        self.scenarios
            .iter()
            .map(|s| s.replications)
            .max()
            .unwrap_or(0)
    }
}

/// The markers of every scenario: one grey marker for those all scenarios share, one in the
/// scenario's colour (its name in front) for the others.
fn drawn_markers(scenarios: &[ScenarioSeries]) -> Vec<DrawnMarker> {
    let mut out = Vec::new();
    let several = scenarios.len() > 1;
    for (i, s) in scenarios.iter().enumerate() {
        for m in &s.markers {
            let shared = scenarios.iter().all(|o| o.markers.contains(m));
            if shared {
                if i == 0 {
                    out.push(DrawnMarker {
                        month: m.month,
                        label: m.label.clone(),
                        short: m.label.clone(),
                        colour: MARKER,
                    });
                }
            } else {
                out.push(DrawnMarker {
                    month: m.month,
                    label: if several {
                        format!("{}: {}", s.label, m.label)
                    } else {
                        m.label.clone()
                    },
                    short: m.label.clone(),
                    colour: series_colour(i),
                });
            }
        }
    }
    out.sort_by_key(|m| m.month);
    out
}

impl Drawing for Overview {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        let (_, rows) = grid_shape(self.metrics.len());
        (figure_width(), figure_height(rows))
    }

    fn title(&self) -> String {
        let names = self.names();
        if let Some(title) = &self.title {
            title.clone()
        } else {
            let l = self.lang;
            let names = if names.len() == 1 {
                l.fill("fig_scenario", &[names[0]])
            } else {
                names.join(&format!(" {} ", l.t("versus")))
            };
            format!(
                "{names} {} {} {}",
                l.t("fig_over"),
                self.horizon,
                l.t("months")
            )
        }
    }

    fn description(&self) -> String {
        let l = self.lang;
        let metrics: Vec<String> = self
            .metrics
            .iter()
            .map(|m| match l {
                Lang::En => m.name().to_string(),
                Lang::Nl => l.metric(m.name()).to_lowercase(),
            })
            .collect();
        format!(
            "{} {} {}: {} {} {}",
            metrics.join(", "),
            l.t("fig_by_month_for"),
            self.names().join(", "),
            l.t("fig_mean_of_lower"),
            self.replications(),
            l.t("fig_replications_with_band")
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let predictive = self.has_predictive();
        let l = self.lang;
        let mean_of = format!(
            "{} {} {}",
            l.t("fig_mean_of"),
            self.replications(),
            l.t("fig_replications_per_month")
        );
        let mut subtitle = format!("{mean_of}; {}", l.t("fig_shaded_ci"));
        if let Some(level) = predictive {
            subtitle = format!(
                "{mean_of}; {}; {} {level}% {}",
                l.t("fig_dark_band"),
                l.t("fig_light_band"),
                l.t("fig_of_single_runs_lie")
            );
        }
        let mut legend: Vec<LegendItem> = self
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| LegendItem {
                label: if self.scenarios.len() == 1 {
                    format!("{} ({})", s.label, l.t("fig_mean_and_ci"))
                } else {
                    s.label.clone()
                },
                swatch: Swatch::LineBand(series_colour(i)),
            })
            .collect();
        if let Some(level) = predictive {
            legend.push(LegendItem {
                label: format!("{level}% {}", l.t("fig_of_single_runs")),
                swatch: Swatch::PredictiveBand(if self.scenarios.len() == 1 {
                    series_colour(0)
                } else {
                    MUTED
                }),
            });
        }
        let runs = self
            .scenarios
            .iter()
            .map(|s| s.runs.len())
            .max()
            .unwrap_or(0);
        if runs > 0 {
            let several = self.scenarios.len() > 1;
            legend.push(LegendItem {
                label: format!(
                    "{runs} {}{}",
                    if runs == 1 {
                        l.t("fig_single_run")
                    } else {
                        l.t("fig_single_runs")
                    },
                    if several { l.t("fig_each") } else { "" }
                ),
                swatch: Swatch::Thin(if several { MUTED } else { series_colour(0) }),
            });
        }
        if !self.markers.is_empty() {
            subtitle.push_str(l.t("fig_markers_note"));
            for (i, m) in self.markers.iter().enumerate() {
                legend.push(LegendItem {
                    label: format!("{} {}", i + 1, m.label),
                    swatch: Swatch::Dashed(m.colour),
                });
            }
        }
        let top = header(c, w, &self.title(), &subtitle, &legend)?;
        for (rect, metric) in metric_panels(w, h, top, self.metrics.len())
            .into_iter()
            .zip(&self.metrics)
        {
            self.panel(c, rect, *metric)?;
        }
        Ok(())
    }
}

/// Runs of consecutive months where `value` is finite.
fn segments(stats: &[MonthStat], value: impl Fn(&MonthStat) -> bool) -> Vec<&[MonthStat]> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, s) in stats.iter().enumerate() {
        match (value(s), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push(&stats[b..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push(&stats[b..]);
    }
    out
}

const MARKER_FONT_SIZE: f64 = 16.0;
const MARKER_ROW: f64 = 22.0;
const MAX_MARKER_ROWS: usize = 4;

/// A marker label placed in the strip above a plot: its row (0 next to the plot), the x of its
/// line and the horizontal extent of its text.
#[derive(Clone, Debug)]
struct Placed {
    marker: usize,
    row: usize,
    x: f64,
    start: f64,
    end: f64,
    text: String,
}

impl Overview {
    /// The tags above a panel: each marker's number (its label is in the legend, once for
    /// the whole figure), markers of the same month and colour sharing one tag ("1, 2"), in
    /// rows so that no two overlap; tags beyond `max_rows` rows are dropped (their lines stay).
    fn place_markers<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        x_scale: &Scale,
        plot_x: (f64, f64),
        max_rows: usize,
    ) -> Vec<Placed> {
        let font = Font::new(MARKER_FONT_SIZE, MARKER);
        let mut groups: Vec<(usize, u32, Vec<String>)> = Vec::new();
        for (i, m) in self.markers.iter().enumerate() {
            let number = (i + 1).to_string();
            match groups
                .iter_mut()
                .find(|(j, month, _)| *month == m.month && self.markers[*j].colour == m.colour)
            {
                Some((_, _, tag)) => tag[0] = format!("{}, {number}", tag[0]),
                None => groups.push((i, m.month, vec![number])),
            }
        }
        let mut placed = place(c, font, x_scale, plot_x, &groups);
        placed.retain(|p| p.row < max_rows);
        placed
    }

    fn panel<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        rect: Rect,
        metric: Metric,
    ) -> Result<(), FigureError> {
        let name = metric.name();
        let l = self.lang;
        let panel_title = match l {
            Lang::En => metric_title(name),
            Lang::Nl => l.metric(name),
        };
        let title_font = Font::new(PANEL_TITLE_SIZE, super::style::INK).bold();
        c.text(
            &c.fit(&panel_title, title_font, rect.width()),
            (rect.x0, rect.y0 + PANEL_TITLE_SIZE / 2.0),
            title_font,
            Anchor::Left,
        )?;
        let bounds = metric_bounds(metric.spec().unit);
        let clipped: Vec<Vec<MonthStat>> = self
            .scenarios
            .iter()
            .map(|s| {
                s.metrics
                    .get(name)
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                    .iter()
                    .map(|m| MonthStat {
                        month: m.month,
                        mean: clip(m.mean, bounds),
                        ci_low: clip(m.ci_low, bounds),
                        ci_high: clip(m.ci_high, bounds),
                        pi_low: clip(m.pi_low, bounds),
                        pi_high: clip(m.pi_high, bounds),
                    })
                    .collect()
            })
            .collect();
        let series: Vec<&[MonthStat]> = clipped.iter().map(Vec::as_slice).collect();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for s in series.iter().flat_map(|s| s.iter()) {
            for v in [s.mean, s.ci_low, s.ci_high, s.pi_low, s.pi_high] {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        // Single replications drawn under the bands widen the axis too.
        for s in &self.scenarios {
            for v in s.runs.iter().filter_map(|run| run.get(name)).flatten() {
                let v = clip(v.1, bounds);
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        let has_data = lo.is_finite();
        let y_axis_values = AxisValues::Numeric(
            if has_data {
                data_ticks(lo, hi, bounds)
            } else {
                Ticks::new(0.0, 1.0, 4)
            }
            .in_lang(l),
        );
        let x_axis_values = AxisValues::Numeric(month_ticks(self.horizon as f64));
        let tick_w = tick_label_width(c, &y_axis_values);
        let plot_x0 = rect.x0 + 30.0 + tick_w + 10.0;
        let plot_x1 = rect.x1 - 10.0;
        let x_scale = Scale::new(0.0, self.horizon.max(1) as f64, plot_x0, plot_x1);
        // Tall panels stack up to four rows of marker labels, short ones fewer.
        let max_rows =
            (((rect.height() - 150.0) / 70.0).floor() as usize).clamp(1, MAX_MARKER_ROWS);
        let placed = self.place_markers(c, &x_scale, (plot_x0, plot_x1), max_rows);
        let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
        let plot = Rect {
            x0: plot_x0,
            y0: rect.y0 + PANEL_TITLE_SIZE + 14.0 + rows as f64 * MARKER_ROW,
            x1: plot_x1,
            y1: rect.y1 - X_AXIS_HEIGHT,
        };
        let (d0, d1) = y_axis_values.range();
        let y_scale = Scale::new(d0, d1, plot.y1, plot.y0);
        // A share or 0–1 scale whose axis does not start at zero says so on the axis.
        let unit = metric.spec().unit;
        let unit_text = match (l, unit) {
            (Lang::Nl, "share") => l.t("fig_unit_share").to_string(),
            (Lang::Nl, "0-1") => l.t("fig_unit_scale").to_string(),
            (Lang::Nl, _) => l.unit(unit),
            _ => unit_label(unit),
        };
        let label = if d0 > 0.0 && matches!(unit, "share" | "0-1") {
            format!("{unit_text} · {}", l.t("fig_cut"))
        } else {
            unit_text
        };
        y_axis(c, plot, &y_axis_values, &y_scale, &label, rect.x0 + 9.0)?;
        x_axis(c, plot, &x_axis_values, &x_scale, l.t("month"))?;
        if !has_data {
            let font = Font::new(TICK_SIZE, MUTED);
            return c.text(
                l.t("fig_no_data"),
                (plot.mid_x(), plot.mid_y()),
                font,
                Anchor::Centre,
            );
        }

        // Single replications under everything, thin and light; then the bands (the
        // predictive band, lighter, under the confidence band), then markers, then lines.
        for (i, s) in self.scenarios.iter().enumerate() {
            let colour = series_colour(i).mix(RUN_LINE_OPACITY);
            for values in s.runs.iter().filter_map(|run| run.get(name)) {
                let points: Vec<(u32, f64)> =
                    values.iter().map(|&(m, v)| (m, clip(v, bounds))).collect();
                for seg in points.split(|(_, v)| !v.is_finite()) {
                    let pts: Vec<(f64, f64)> = seg
                        .iter()
                        .map(|&(m, v)| (x_scale.map(m as f64), y_scale.map(v)))
                        .collect();
                    if pts.len() > 1 {
                        c.line(&pts, colour, RUN_LINE_WIDTH)?;
                    }
                }
            }
        }
        for (i, stats) in series.iter().enumerate() {
            let colour = series_colour(i);
            for seg in segments(stats, |s| s.pi_low.is_finite() && s.pi_high.is_finite()) {
                let high: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|s| (x_scale.map(s.month as f64), y_scale.map(s.pi_high)))
                    .collect();
                let low: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|s| (x_scale.map(s.month as f64), y_scale.map(s.pi_low)))
                    .collect();
                let poly: Vec<(f64, f64)> = high.iter().chain(low.iter().rev()).copied().collect();
                c.polygon(&poly, colour.mix(PREDICTIVE_BAND_OPACITY))?;
                for edge in [&high, &low] {
                    for pair in edge.windows(2) {
                        c.dashed(
                            pair[0],
                            pair[1],
                            colour.mix(PREDICTIVE_EDGE_OPACITY),
                            1.5,
                            6.0,
                            4.0,
                        )?;
                    }
                }
            }
        }
        for (i, stats) in series.iter().enumerate() {
            let colour = series_colour(i);
            for seg in segments(stats, |s| s.ci_low.is_finite() && s.ci_high.is_finite()) {
                let mut poly: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|s| (x_scale.map(s.month as f64), y_scale.map(s.ci_high)))
                    .collect();
                poly.extend(
                    seg.iter()
                        .rev()
                        .map(|s| (x_scale.map(s.month as f64), y_scale.map(s.ci_low))),
                );
                c.polygon(&poly, colour.mix(BAND_OPACITY))?;
            }
        }
        let font = Font::new(MARKER_FONT_SIZE, MARKER);
        // Every marker gets its line; those with a label reach up to it.
        for m in &self.markers {
            let x = x_scale.map(m.month as f64);
            let top = placed
                .iter()
                .filter(|p| (p.x - x).abs() < 0.5)
                .map(|p| plot.y0 - 6.0 - MARKER_ROW - p.row as f64 * MARKER_ROW + 4.0)
                .fold(plot.y0, f64::min);
            c.dashed((x, plot.y1), (x, top), m.colour.mix(0.85), 2.0, 7.0, 5.0)?;
        }
        for p in &placed {
            let m = &self.markers[p.marker];
            let label_y = plot.y0 - 6.0 - MARKER_ROW / 2.0 - p.row as f64 * MARKER_ROW;
            c.text(
                &p.text,
                (p.start, label_y),
                Font {
                    colour: m.colour,
                    ..font
                },
                Anchor::Left,
            )?;
        }
        for (i, stats) in series.iter().enumerate() {
            let colour = series_colour(i);
            for seg in segments(stats, |s| s.mean.is_finite()) {
                let pts: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|s| (x_scale.map(s.month as f64), y_scale.map(s.mean)))
                    .collect();
                if pts.len() == 1 {
                    c.dot(pts[0], 4.0, colour.to_rgba())?;
                } else {
                    c.line(&pts, colour.to_rgba(), LINE_WIDTH)?;
                }
            }
        }
        Ok(())
    }
}

/// Greedy placement of marker labels `(marker index, month, candidate texts)` in rows above
/// the plot: the first candidate that fits right of its line, else left of it; if none fits,
/// the last candidate shortened to the wider side.
fn place<DB: DrawingBackend>(
    c: &Canvas<DB>,
    font: Font,
    x_scale: &Scale,
    (x0, x1): (f64, f64),
    markers: &[(usize, u32, Vec<String>)],
) -> Vec<Placed> {
    const GAP: f64 = 14.0;
    let mut placed: Vec<Placed> = Vec::new();
    for (marker, month, texts) in markers {
        let x = x_scale.map(*month as f64);
        let (right, left) = (x1 - x - 5.0, x - 5.0 - x0);
        let chosen = texts.iter().find_map(|t| {
            let w = c.text_width(t, font);
            if w <= right {
                Some((t.clone(), x + 5.0, w))
            } else if w <= left {
                Some((t.clone(), x - 5.0 - w, w))
            } else {
                None
            }
        });
        let (text, start, w) = chosen.unwrap_or_else(|| {
            let last = texts.last().map(String::as_str).unwrap_or("");
            let t = c.fit(last, font, right.max(left));
            let w = c.text_width(&t, font);
            let start = if right >= left { x + 5.0 } else { x - 5.0 - w };
            (t, start, w)
        });
        let end = start + w;
        let fits = |row: usize| {
            placed.iter().all(|p| {
                if p.row == row {
                    end + GAP <= p.start || start >= p.end + GAP
                } else if p.row > row {
                    // p's line passes through this row.
                    p.x < start - 3.0 || p.x > end + 3.0
                } else {
                    // This line passes through p's row (harmless if it is p's own line).
                    (p.x - x).abs() < 0.5 || x < p.start - 3.0 || x > p.end + 3.0
                }
            })
        };
        // Row `placed.len()` is above every label so far: only lines can cross it.
        let row = (0..=placed.len())
            .find(|&r| fits(r))
            .unwrap_or(placed.len());
        placed.push(Placed {
            marker: *marker,
            row,
            x,
            start,
            end,
            text,
        });
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::figures::read::Marker;
    use std::collections::BTreeMap;

    fn scenario(label: &str, markers: Vec<Marker>) -> ScenarioSeries {
        ScenarioSeries {
            label: label.into(),
            replications: 3,
            horizon: 12,
            markers,
            metrics: BTreeMap::new(),
            prediction_level: 0.9,
            runs: Vec::new(),
        }
    }

    #[test]
    fn shared_markers_are_grey_and_own_markers_are_named() {
        let shock = Marker {
            month: 3,
            label: "market shock (month 3)".into(),
        };
        let programme = Marker {
            month: 6,
            label: "idea time (month 6)".into(),
        };
        let drawn = drawn_markers(&[
            scenario("a", vec![shock.clone()]),
            scenario("b", vec![shock.clone(), programme]),
        ]);
        assert_eq!(drawn.len(), 2);
        assert_eq!(drawn[0].colour, MARKER);
        assert_eq!(drawn[1].label, "b: idea time (month 6)");
        assert_eq!(drawn[1].colour, series_colour(1));
    }

    #[test]
    fn segments_split_at_gaps() {
        let s = |month, mean| MonthStat {
            month,
            mean,
            ci_low: mean,
            ci_high: mean,
            pi_low: mean,
            pi_high: mean,
        };
        let stats = [
            s(0, f64::NAN),
            s(1, 1.0),
            s(2, 2.0),
            s(3, f64::NAN),
            s(4, 1.0),
        ];
        let segs = segments(&stats, |s| s.mean.is_finite());
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].len(), 2);
    }
}

//! The figures of a sweep: metrics at the horizon against the first swept key (one line per
//! value of the second key when it has at most six values, else averaged over the other
//! keys), and a heatmap of the first metric over the first two keys.
//!
//! Owns this chart content and layout. Averages over other keys weight points by their
//! replications and keep replication noise only in the interval (the design's points are
//! fixed, not sampled); a key with too many values to show one by one is binned, and the
//! figure says so. Does not own grouping and pooling the points, done while the folder is
//! read (see `sweep_data` and `sweep_groups`), the shared axes (see `layout`) or rendering
//! (see `canvas`).
//!
//! Labels are in the figure's language (`in_lang`): fixed strings from the i18n tables, metric
//! names and units as the report names them, numbers (ticks, values, a key's values) with the
//! language's decimal mark; the swept keys stay as written in the sweep file.

use super::FigureError;
use super::canvas::{Anchor, Canvas, Drawing, Font};
use super::layout::{
    AxisValues, LegendItem, MARGIN, Rect, Scale, Swatch, X_AXIS_HEIGHT, figure_height,
    figure_width, grid_shape, header, metric_panels, tick_label_width, x_axis, y_axis,
};
use super::read::SweepResults;
use super::style::{
    EMPTY, INK, LABEL_SIZE, MUTED, PANEL_TITLE_SIZE, TICK_SIZE, Ticks, WHITE, clip, data_ticks,
    format_value, metric_bounds, metric_title, needs_light_text, series_colour, unit_label,
    viridis,
};
use super::sweep_groups::{CellAxis, Estimate, KeyValues, LineAxis, MAX_TRACKED, X_BINS};
use crate::model::metrics::Metric;
use crate::output::i18n::Lang;
use plotters::backend::DrawingBackend;
use plotters::style::Color;

/// Most distinct values of the first key joined by lines (more: a sampled design, dots only).
const MAX_JOINED: usize = 20;

/// One line of the sweep figure: its label and (x, estimate) in x order.
struct Line {
    label: String,
    points: Vec<(f64, Estimate)>,
}

/// Metrics at the horizon against the first swept key, one panel per metric.
pub struct SweepLines {
    name: String,
    horizon: u32,
    replications: u64,
    x_axis: LineAxis,
    /// The second key when it gets one line per value.
    by_key: Option<KeyValues>,
    /// Keys averaged over.
    averaged: Vec<String>,
    metrics: Vec<Metric>,
    /// Per metric, its lines.
    lines: Vec<Vec<Line>>,
    /// The language of its labels.
    lang: Lang,
}

impl SweepLines {
    pub fn new(sweep: &SweepResults, metrics: &[Metric]) -> Result<SweepLines, FigureError> {
        let data = sweep
            .charts
            .lines
            .as_ref()
            .map_err(|why| FigureError::Unsuitable(format!("no sweep figure: {why}")))?;
        let by_key = data.by_key.clone();
        let first_averaged = if by_key.is_some() { 2 } else { 1 };
        let averaged = sweep.keys.iter().skip(first_averaged).cloned().collect();
        let labels: Vec<String> = match &by_key {
            Some(k) => k
                .distinct
                .iter()
                .map(|g| format!("{} = {g}", k.name))
                .collect(),
            None => vec![Lang::En.t("fig_mean_and_ci").into()],
        };
        let lines = metrics
            .iter()
            .map(|metric| {
                let bounds = metric_bounds(metric.spec().unit);
                let estimates = data.lines.get(metric.name());
                labels
                    .iter()
                    .enumerate()
                    .map(|(g, label)| Line {
                        label: label.clone(),
                        points: estimates
                            .and_then(|lines| lines.get(g))
                            .map(|points| {
                                points
                                    .iter()
                                    .map(|(x, e)| {
                                        let e = Estimate {
                                            mean: clip(e.mean, bounds),
                                            lo: clip(e.lo, bounds),
                                            hi: clip(e.hi, bounds),
                                        };
                                        (*x, e)
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .collect();
        Ok(SweepLines {
            name: sweep.name.clone(),
            horizon: sweep.horizon,
            replications: sweep.replications,
            x_axis: data.x.clone(),
            by_key,
            averaged,
            metrics: metrics.to_vec(),
            lines,
            lang: Lang::En,
        })
    }

    /// The same figure with its labels (and numbers) in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> SweepLines {
        self.lang = lang;
        let labels: Vec<String> = match &self.by_key {
            Some(k) => k
                .distinct
                .iter()
                .map(|g| format!("{} = {}", k.name, value_in(g, lang)))
                .collect(),
            None => vec![lang.t("fig_mean_and_ci").into()],
        };
        for lines in &mut self.lines {
            for (line, label) in lines.iter_mut().zip(&labels) {
                line.label = label.clone();
            }
        }
        self
    }

    fn x_name(&self) -> &str {
        &self.x_axis.key.name
    }

    /// The x axis: the key's values, or the range of its bins.
    fn x_values(&self) -> AxisValues {
        let key = &self.x_axis.key;
        match (&key.binned, &key.numbers) {
            (Some((lo, hi)), _) => AxisValues::Numeric(Ticks::new(*lo, *hi, 6).in_lang(self.lang)),
            (None, Some(nums)) => {
                let lo = nums.first().copied().unwrap_or(0.0);
                let hi = nums.last().copied().unwrap_or(1.0);
                AxisValues::Numeric(Ticks::new(lo, hi, 6).in_lang(self.lang))
            }
            (None, None) => AxisValues::Categories(key.distinct.clone()),
        }
    }
}

/// "a, b and c" ("a, b en c").
fn join_and(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.t("list_and")),
    }
}

/// A value as a sweep file gives it (`0.25`, `coaching`), a number in the language's decimal
/// mark.
pub(super) fn value_in(value: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl if value.trim_start_matches('−').parse::<f64>().is_ok() => {
            value.replace('.', ",")
        }
        _ => value.to_string(),
    }
}

/// A metric's name as a panel title: "Net value", "Netto waarde".
pub(super) fn metric_heading(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => metric_title(name),
        Lang::Nl => lang.metric(name),
    }
}

/// A metric's name inside a sentence: its identifier in English, its Dutch name in lower case.
pub(super) fn metric_in_text(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => name.to_string(),
        Lang::Nl => lang.metric(name).to_lowercase(),
    }
}

/// A metric's unit as an axis label, as the overview figure writes it.
fn unit_text(unit: &str, lang: Lang) -> String {
    match (lang, unit) {
        (Lang::Nl, "share") => lang.t("fig_unit_share").to_string(),
        (Lang::Nl, "0-1") => lang.t("fig_unit_scale").to_string(),
        (Lang::Nl, other) => lang.unit(other),
        (Lang::En, other) => unit_label(other),
    }
}

impl Drawing for SweepLines {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        let (_, rows) = grid_shape(self.metrics.len());
        (figure_width(), figure_height(rows))
    }

    fn title(&self) -> String {
        self.lang.fill(
            "sweep_lines_title",
            &[&self.name, &self.horizon.to_string(), self.x_name()],
        )
    }

    fn description(&self) -> String {
        let metrics: Vec<String> = self
            .metrics
            .iter()
            .map(|m| metric_in_text(m.name(), self.lang))
            .collect();
        self.lang.fill(
            "sweep_lines_description",
            &[
                &metrics.join(", "),
                &self.horizon.to_string(),
                self.x_name(),
                &self.replications.to_string(),
            ],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let l = self.lang;
        let mut subtitle = l.fill("sweep_lines_subtitle", &[&self.replications.to_string()]);
        if let Some(k) = &self.by_key {
            subtitle.push_str(&l.fill("sweep_one_line_per", &[&k.name]));
        }
        if !self.averaged.is_empty() {
            subtitle.push_str(&l.fill("sweep_averaged_over", &[&join_and(&self.averaged, l)]));
        }
        if self.x_axis.key.binned.is_some() {
            subtitle.push_str(&l.fill(
                "sweep_binned",
                &[&MAX_TRACKED.to_string(), self.x_name(), &X_BINS.to_string()],
            ));
        }
        let legend: Vec<LegendItem> = match &self.by_key {
            Some(_) => self.lines[0]
                .iter()
                .enumerate()
                .map(|(i, l)| LegendItem {
                    label: l.label.clone(),
                    swatch: Swatch::DotWhisker(series_colour(i)),
                })
                .collect(),
            None => Vec::new(),
        };
        let top = header(c, w, &self.title(), &subtitle, &legend)?;
        for ((rect, metric), lines) in metric_panels(w, h, top, self.metrics.len())
            .into_iter()
            .zip(&self.metrics)
            .zip(&self.lines)
        {
            self.panel(c, rect, *metric, lines)?;
        }
        Ok(())
    }
}

impl SweepLines {
    fn panel<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        rect: Rect,
        metric: Metric,
        lines: &[Line],
    ) -> Result<(), FigureError> {
        let title_font = Font::new(PANEL_TITLE_SIZE, INK).bold();
        c.text(
            &c.fit(
                &metric_heading(metric.name(), self.lang),
                title_font,
                rect.width(),
            ),
            (rect.x0, rect.y0 + PANEL_TITLE_SIZE / 2.0),
            title_font,
            Anchor::Left,
        )?;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (_, e) in lines.iter().flat_map(|l| &l.points) {
            for v in [e.mean, e.lo, e.hi] {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        let has_data = lo.is_finite();
        let y_values = AxisValues::Numeric(
            if has_data {
                data_ticks(lo, hi, metric_bounds(metric.spec().unit))
            } else {
                Ticks::new(0.0, 1.0, 4)
            }
            .in_lang(self.lang),
        );
        let x_values = self.x_values();
        let tick_w = tick_label_width(c, &y_values);
        let plot = Rect {
            x0: rect.x0 + 30.0 + tick_w + 10.0,
            y0: rect.y0 + PANEL_TITLE_SIZE + 18.0,
            x1: rect.x1 - 10.0,
            y1: rect.y1 - X_AXIS_HEIGHT,
        };
        let (x0, x1) = x_values.range();
        // Numeric axes get a little room so end points' whiskers are not on the frame.
        let pad = if matches!(x_values, AxisValues::Numeric(_)) {
            (x1 - x0) * 0.03
        } else {
            0.0
        };
        let x_scale = Scale::new(x0 - pad, x1 + pad, plot.x0, plot.x1);
        let (y0, y1) = y_values.range();
        let y_scale = Scale::new(y0, y1, plot.y1, plot.y0);
        y_axis(
            c,
            plot,
            &y_values,
            &y_scale,
            &unit_text(metric.spec().unit, self.lang),
            rect.x0 + 9.0,
        )?;
        x_axis(c, plot, &x_values, &x_scale, self.x_name())?;
        if !has_data {
            return c.text(
                self.lang.t("fig_no_data"),
                (plot.mid_x(), plot.mid_y()),
                Font::new(TICK_SIZE, MUTED),
                Anchor::Centre,
            );
        }
        // A line without any value (e.g. agility where the market did not change in the last
        // 12 months) is named, so its absence is not read as a drawing error.
        let missing: Vec<&str> = lines
            .iter()
            .filter(|l| l.points.is_empty())
            .map(|l| l.label.as_str())
            .collect();
        if !missing.is_empty() {
            let note = self.lang.fill("sweep_no_value_for", &[&missing.join("; ")]);
            let font = Font::new(TICK_SIZE, MUTED);
            c.text(
                &c.fit(&note, font, plot.width() - 12.0),
                (plot.x0 + 6.0, plot.y0 + TICK_SIZE),
                font,
                Anchor::Left,
            )?;
        }
        let joined = self.x_axis.slots() <= MAX_JOINED;
        let many = !joined;
        // Lines side by side at the same x are shifted apart a little.
        let dodge = if lines.len() > 1 && joined {
            (plot.width() / self.x_axis.slots().max(1) as f64 * 0.25 / lines.len() as f64).min(10.0)
        } else {
            0.0
        };
        // Only lines that share an x are shifted, and only there: (rank, count) of line i.
        let slot = |i: usize, x: f64| {
            let sharing: Vec<usize> = (0..lines.len())
                .filter(|&j| lines[j].points.iter().any(|(px, _)| *px == x))
                .collect();
            let rank = sharing.iter().position(|&j| j == i).unwrap_or(0);
            (rank as f64 - (sharing.len().max(1) - 1) as f64 / 2.0) * dodge
        };
        for (i, line) in lines.iter().enumerate() {
            let colour = series_colour(i);
            let pts: Vec<(f64, f64, &Estimate)> = line
                .points
                .iter()
                .map(|(x, e)| (x_scale.map(*x) + slot(i, *x), y_scale.map(e.mean), e))
                .collect();
            if joined {
                let path: Vec<(f64, f64)> = pts.iter().map(|(x, y, _)| (*x, *y)).collect();
                c.line(&path, colour.to_rgba(), 3.0)?;
            }
            for (x, _, e) in &pts {
                if e.lo.is_finite() && e.hi.is_finite() {
                    let (a, b) = (y_scale.map(e.lo), y_scale.map(e.hi));
                    let alpha = if many { 0.45 } else { 1.0 };
                    c.line(&[(*x, a), (*x, b)], colour.mix(alpha), 2.0)?;
                    if !many {
                        for e in [a, b] {
                            c.line(&[(x - 5.0, e), (x + 5.0, e)], colour.to_rgba(), 2.0)?;
                        }
                    }
                }
            }
            for (x, y, _) in &pts {
                if many {
                    c.dot((*x, *y), 4.0, colour.to_rgba())?;
                } else {
                    c.ringed_dot((*x, *y), 6.0, colour)?;
                }
            }
        }
        Ok(())
    }
}

/// The first selected metric at the horizon over the first two keys.
pub struct Heatmap {
    name: String,
    horizon: u32,
    replications: u64,
    metric: Metric,
    x: CellAxis,
    y: CellAxis,
    averaged: Vec<String>,
    /// `cells[row][col]`, row 0 at the bottom.
    cells: Vec<Vec<Option<Estimate>>>,
    /// The language of its labels.
    lang: Lang,
}

impl Heatmap {
    pub fn new(sweep: &SweepResults, metric: Metric) -> Result<Heatmap, FigureError> {
        let data = match &sweep.charts.heat {
            Some(Ok(data)) => data,
            Some(Err(why)) => {
                return Err(FigureError::Unsuitable(format!("no heatmap: {why}")));
            }
            None => {
                return Err(FigureError::Unsuitable(
                    "a heatmap needs a sweep that varies two or more keys".into(),
                ));
            }
        };
        let cells = data
            .cells
            .get(metric.name())
            .cloned()
            .unwrap_or_else(|| vec![vec![None; data.x.labels.len()]; data.y.labels.len()]);
        Ok(Heatmap {
            name: sweep.name.clone(),
            horizon: sweep.horizon,
            replications: sweep.replications,
            metric,
            x: data.x.clone(),
            y: data.y.clone(),
            averaged: sweep.keys.iter().skip(2).cloned().collect(),
            cells,
            lang: Lang::En,
        })
    }

    /// The same figure with its labels (and numbers) in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Heatmap {
        self.lang = lang;
        self
    }

    /// An axis's title: its key, and that its cells are bins where they are.
    fn axis_name(&self, axis: &CellAxis) -> String {
        if axis.is_binned() {
            self.lang.fill("heatmap_bin_centres", &[&axis.key.name])
        } else {
            axis.key.name.clone()
        }
    }

    /// An axis's cell labels, numbers in the language's decimal mark.
    fn labels(&self, axis: &CellAxis) -> Vec<String> {
        axis.labels.iter().map(|v| value_in(v, self.lang)).collect()
    }
}

impl Drawing for Heatmap {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        (figure_width(), figure_height(2))
    }

    fn title(&self) -> String {
        self.lang.fill(
            "heatmap_title",
            &[
                &self.name,
                &metric_in_text(self.metric.name(), self.lang),
                &self.horizon.to_string(),
            ],
        )
    }

    fn description(&self) -> String {
        self.lang.fill(
            "heatmap_description",
            &[
                &metric_in_text(self.metric.name(), self.lang),
                &self.horizon.to_string(),
                &self.replications.to_string(),
                &self.x.key.name,
                &self.y.key.name,
            ],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let l = self.lang;
        let mut subtitle = l.fill(
            "heatmap_subtitle",
            &[
                &self.replications.to_string(),
                &self.x.key.name,
                &self.y.key.name,
            ],
        );
        if !self.averaged.is_empty() {
            subtitle.push_str(&l.fill("sweep_averaged_over", &[&join_and(&self.averaged, l)]));
        }
        let (x_labels, y_labels) = (self.labels(&self.x), self.labels(&self.y));
        let top = header(c, w, &self.title(), &subtitle, &[])?;
        let values: Vec<f64> = self
            .cells
            .iter()
            .flatten()
            .flatten()
            .map(|e| e.mean)
            .filter(|v| v.is_finite())
            .collect();
        let vmin = values.iter().copied().fold(f64::INFINITY, f64::min);
        let vmax = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let y_values = AxisValues::Categories(y_labels.clone());
        let tick_font = Font::new(TICK_SIZE, MUTED);
        let tick_w = tick_label_width(c, &y_values);
        let bar_area = 200.0;
        let plot = Rect {
            x0: MARGIN + 30.0 + tick_w + 12.0,
            y0: top + 10.0,
            x1: w - MARGIN - bar_area,
            y1: h - MARGIN / 2.0 - X_AXIS_HEIGHT,
        };
        let (cols, rows) = (x_labels.len().max(1), y_labels.len().max(1));
        let cw = plot.width() / cols as f64;
        let ch = plot.height() / rows as f64;
        let x_scale = Scale::new(-0.5, cols as f64 - 0.5, plot.x0, plot.x1);
        let y_scale = Scale::new(-0.5, rows as f64 - 0.5, plot.y1, plot.y0);
        let label_font = Font::new(LABEL_SIZE, INK);
        let t = |v: f64| {
            if vmax > vmin {
                (v - vmin) / (vmax - vmin)
            } else {
                0.5
            }
        };
        let show_values = cw >= 64.0 && ch >= 34.0;
        for (r, row) in self.cells.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                let (cx, cy) = (x_scale.map(col as f64), y_scale.map(r as f64));
                let a = (cx - cw / 2.0 + 1.5, cy - ch / 2.0 + 1.5);
                let b = (cx + cw / 2.0 - 1.5, cy + ch / 2.0 - 1.5);
                match cell {
                    Some(e) if e.mean.is_finite() => {
                        let colour = viridis(t(e.mean));
                        c.rect(a, b, colour.to_rgba())?;
                        if show_values {
                            let ink = if needs_light_text(colour) { WHITE } else { INK };
                            c.text(
                                &value_in(&format_value(e.mean), l),
                                (cx, cy),
                                Font {
                                    colour: ink,
                                    ..label_font
                                },
                                Anchor::Centre,
                            )?;
                        }
                    }
                    _ => c.rect(a, b, EMPTY.to_rgba())?,
                }
            }
        }
        // Axes: category labels at the cell centres, no grid (the cells are the grid).
        for (i, label) in y_labels.iter().enumerate() {
            c.text(
                label,
                (plot.x0 - 8.0, y_scale.map(i as f64)),
                tick_font,
                Anchor::Right,
            )?;
        }
        let title_font = Font::new(LABEL_SIZE, MUTED);
        c.text_vertical(
            &c.fit(&self.axis_name(&self.y), title_font, plot.height()),
            (MARGIN + 9.0, plot.mid_y()),
            title_font,
        )?;
        let every = {
            let widest = x_labels
                .iter()
                .map(|l| c.text_width(l, tick_font))
                .fold(0.0, f64::max);
            ((widest + 12.0) / cw).ceil().max(1.0) as usize
        };
        for (i, label) in x_labels.iter().enumerate() {
            if i % every == 0 {
                c.text(
                    label,
                    (x_scale.map(i as f64), plot.y1 + 17.0),
                    tick_font,
                    Anchor::Centre,
                )?;
            }
        }
        c.text(
            &c.fit(&self.axis_name(&self.x), title_font, plot.width()),
            (plot.mid_x(), plot.y1 + 44.0),
            title_font,
            Anchor::Centre,
        )?;

        // Colour bar.
        if vmin.is_finite() {
            let bx0 = plot.x1 + 36.0;
            let bx1 = bx0 + 26.0;
            let steps = 64;
            let bar = Scale::new(vmin, vmax.max(vmin + 1e-12), plot.y1, plot.y0);
            for s in 0..steps {
                let f0 = s as f64 / steps as f64;
                let f1 = (s + 1) as f64 / steps as f64;
                let ya = plot.y1 - f0 * plot.height();
                let yb = plot.y1 - f1 * plot.height();
                c.rect(
                    (bx0, ya + 0.5),
                    (bx1, yb - 0.5),
                    viridis((f0 + f1) / 2.0).to_rgba(),
                )?;
            }
            let ticks = Ticks::new(vmin, vmax, 5).in_lang(l);
            for v in ticks.values.iter().filter(|v| **v >= vmin && **v <= vmax) {
                let y = bar.map(*v);
                c.line(&[(bx1, y), (bx1 + 6.0, y)], INK.to_rgba(), 1.0)?;
                c.text(&ticks.label(*v), (bx1 + 10.0, y), tick_font, Anchor::Left)?;
            }
            let bar_title = format!(
                "{} ({})",
                metric_heading(self.metric.name(), l),
                unit_text(self.metric.spec().unit, l)
            );
            c.text_vertical(
                &c.fit(&bar_title, title_font, plot.height()),
                (w - MARGIN - 12.0, plot.mid_y()),
                title_font,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_naturally() {
        let items: [String; 3] = ["a".into(), "b".into(), "c".into()];
        assert_eq!(join_and(&items, Lang::En), "a, b and c");
        assert_eq!(join_and(&items, Lang::Nl), "a, b en c");
        assert_eq!(value_in("0.25", Lang::Nl), "0,25");
        assert_eq!(value_in("0.25", Lang::En), "0.25");
        assert_eq!(value_in("−1.5", Lang::Nl), "−1,5");
        assert_eq!(value_in("coaching.v2", Lang::Nl), "coaching.v2");
    }
}

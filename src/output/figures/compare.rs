//! The differences figure of a comparison: each scenario's paired difference to the first
//! (reference) scenario with its 95% interval, at the horizon and averaged over the run, as a
//! dot-and-whisker chart per metric with a zero line.
//!
//! Owns this chart's content and layout. Does not own the differences (computed by
//! `crate::experiment::compare`, read back from `comparison.csv` by `read`), the shared axes
//! (see `layout`) or rendering (see `canvas`).

use super::FigureError;
use super::canvas::{Anchor, Canvas, Drawing, Font};
use super::layout::{
    AxisValues, Rect, Scale, X_AXIS_HEIGHT, figure_height, figure_width, grid_shape, header,
    metric_panels, x_axis,
};
use super::read::Difference;
use super::style::{
    AXIS, GRID, INK, MUTED, PANEL_TITLE_SIZE, TICK_SIZE, Ticks, WHITE, format_signed, metric_title,
    series_colour, unit_label,
};
use crate::model::metrics::Metric;
use crate::output::i18n::Lang;
use plotters::backend::DrawingBackend;
use plotters::style::Color;

/// The statistics of `comparison.csv`, in drawing order, with their labels.
const STATISTICS: [&str; 2] = ["horizon", "average"];

/// Paired differences to the reference scenario, one panel per metric.
pub struct Differences {
    /// Every scenario in comparison order (the first is the reference).
    scenarios: Vec<String>,
    horizon: u32,
    replications: u64,
    metrics: Vec<Metric>,
    differences: Vec<Difference>,
    /// The language of its labels.
    lang: Lang,
}

impl Differences {
    pub fn new(
        scenarios: Vec<String>,
        horizon: u32,
        replications: u64,
        metrics: &[Metric],
        differences: Vec<Difference>,
    ) -> Differences {
        Differences {
            scenarios,
            horizon,
            replications,
            metrics: metrics.to_vec(),
            differences,
            lang: Lang::En,
        }
    }

    /// The same figure with its labels (and numbers) in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Differences {
        self.lang = lang;
        self
    }

    fn reference(&self) -> &str {
        self.scenarios.first().map(String::as_str).unwrap_or("")
    }

    fn statistic_label(&self, statistic: &str) -> String {
        let h = self.horizon.to_string();
        match statistic {
            "horizon" => self.lang.fill("diff_at_month", &[&h]),
            "average" => self.lang.fill("diff_mean_over", &[&h]),
            other => other.to_string(),
        }
    }

    fn find(&self, metric: &str, statistic: &str, scenario: &str) -> Option<&Difference> {
        self.differences
            .iter()
            .find(|d| d.metric == metric && d.statistic == statistic && d.scenario == scenario)
    }
}

impl Drawing for Differences {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        let (_, rows) = grid_shape(self.metrics.len());
        (figure_width(), figure_height(rows))
    }

    fn title(&self) -> String {
        self.lang.fill("diff_title", &[self.reference()])
    }

    fn description(&self) -> String {
        let metrics: Vec<String> = self
            .metrics
            .iter()
            .map(|m| match self.lang {
                Lang::En => m.name().to_string(),
                Lang::Nl => self.lang.metric(m.name()).to_lowercase(),
            })
            .collect();
        self.lang.fill(
            "diff_description",
            &[
                &self.scenarios[1..].join(", "),
                self.reference(),
                &metrics.join(", "),
                &self.horizon.to_string(),
            ],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let subtitle = self.lang.fill(
            "diff_subtitle",
            &[self.reference(), &self.replications.to_string()],
        );
        let top = header(c, w, &self.title(), &subtitle, &[])?;
        for (rect, metric) in metric_panels(w, h, top, self.metrics.len())
            .into_iter()
            .zip(&self.metrics)
        {
            self.panel(c, rect, *metric)?;
        }
        Ok(())
    }
}

impl Differences {
    fn panel<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        rect: Rect,
        metric: Metric,
    ) -> Result<(), FigureError> {
        let name = metric.name();
        let title_font = Font::new(PANEL_TITLE_SIZE, INK).bold();
        let title = match self.lang {
            Lang::En => metric_title(name),
            Lang::Nl => self.lang.metric(name),
        };
        c.text(
            &c.fit(&title, title_font, rect.width()),
            (rect.x0, rect.y0 + PANEL_TITLE_SIZE / 2.0),
            title_font,
            Anchor::Left,
        )?;
        let others = &self.scenarios[1.min(self.scenarios.len())..];
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for d in self.differences.iter().filter(|d| d.metric == name) {
            for v in [d.mean, d.ci_low, d.ci_high] {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        let ticks = AxisValues::Numeric(Ticks::new(lo, hi, 5).in_lang(self.lang));
        let group_font = Font::new(TICK_SIZE, INK).bold();
        let name_font = Font::new(TICK_SIZE, INK);
        let gutter = STATISTICS
            .iter()
            .map(|s| c.text_width(&self.statistic_label(s), group_font) - 16.0)
            .chain(others.iter().map(|s| c.text_width(s, name_font)))
            .fold(60.0, f64::max)
            .min(rect.width() * 0.4);
        let plot = Rect {
            x0: rect.x0 + gutter + 16.0,
            y0: rect.y0 + PANEL_TITLE_SIZE + 16.0,
            x1: rect.x1 - 16.0,
            y1: rect.y1 - X_AXIS_HEIGHT,
        };
        let (d0, d1) = ticks.range();
        let x_scale = Scale::new(d0, d1, plot.x0, plot.x1);
        let unit = match (self.lang, metric.spec().unit) {
            (Lang::Nl, "share") => self.lang.t("fig_unit_share").to_string(),
            (Lang::Nl, "0-1") => self.lang.t("fig_unit_scale").to_string(),
            (Lang::Nl, other) => self.lang.unit(other),
            (Lang::En, other) => unit_label(other),
        };
        x_axis(
            c,
            plot,
            &ticks,
            &x_scale,
            &self.lang.fill("diff_axis", &[&unit]),
        )?;
        let zero = x_scale.map(0.0);
        c.line(&[(zero, plot.y0), (zero, plot.y1)], INK.mix(0.8), 2.0)?;

        // For each statistic a (shorter) header row, then one row per scenario.
        const HEADER: f64 = 0.7;
        let units = STATISTICS.len() as f64 * (HEADER + others.len() as f64);
        let row_h = plot.height() / units.max(1.0);
        let value_font = Font::new(TICK_SIZE, INK);
        let mut y = plot.y0;
        let mut headers = Vec::new();
        for (g, statistic) in STATISTICS.iter().enumerate() {
            if g > 0 {
                c.line(&[(rect.x0, y), (plot.x1, y)], GRID.to_rgba(), 1.0)?;
            }
            headers.push((self.statistic_label(statistic), y + HEADER * row_h / 2.0));
            y += HEADER * row_h;
            for (k, scenario) in others.iter().enumerate() {
                let row_y = y + row_h / 2.0;
                y += row_h;
                let colour = series_colour(k + 1);
                c.text(
                    &c.fit(scenario, name_font, gutter),
                    (plot.x0 - 14.0, row_y),
                    name_font,
                    Anchor::Right,
                )?;
                let Some(d) = self
                    .find(name, statistic, scenario)
                    .filter(|d| d.mean.is_finite())
                else {
                    c.text(
                        self.lang.t("fig_no_data"),
                        (plot.x0 + 8.0, row_y),
                        Font::new(TICK_SIZE, MUTED),
                        Anchor::Left,
                    )?;
                    continue;
                };
                let x = x_scale.map(d.mean);
                if d.ci_low.is_finite() && d.ci_high.is_finite() {
                    let (a, b) = (x_scale.map(d.ci_low), x_scale.map(d.ci_high));
                    c.line(&[(a, row_y), (b, row_y)], colour.to_rgba(), 3.0)?;
                    for e in [a, b] {
                        c.line(&[(e, row_y - 7.0), (e, row_y + 7.0)], colour.to_rgba(), 3.0)?;
                    }
                }
                c.ringed_dot((x, row_y), 8.0, colour)?;
                let label_y = row_y - (row_h * 0.5).clamp(12.0, 24.0);
                let value = format_signed(d.mean);
                let value = match self.lang {
                    Lang::Nl => value.replace('.', ","),
                    Lang::En => value,
                };
                c.text(&value, (x, label_y), value_font, Anchor::Centre)?;
            }
        }
        c.line(
            &[(plot.x0, plot.y0), (plot.x0, plot.y1)],
            AXIS.to_rgba(),
            1.0,
        )?;
        // Headers last, on white, so grid and zero lines do not run through them.
        for (label, header_y) in headers {
            let label = c.fit(&label, group_font, plot.x1 - rect.x0);
            let w = c.text_width(&label, group_font);
            c.rect(
                (rect.x0 - 2.0, header_y - TICK_SIZE * 0.75),
                (rect.x0 + w + 8.0, header_y + TICK_SIZE * 0.75),
                WHITE.to_rgba(),
            )?;
            c.text(&label, (rect.x0, header_y), group_font, Anchor::Left)?;
        }
        Ok(())
    }
}

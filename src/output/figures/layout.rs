//! Layout pieces shared by the charts: the header (title, subtitle, legend), the grid of
//! small multiples, linear scales and axes with a light grid.
//!
//! Owns where things go on the page and how axes look (tick labels outside the plot, a light
//! grid inside, a single grey base line, no frame). Does not own data or the charts' content
//! (see `timeseries`, `compare`, `sweep`).

use super::FigureError;
use super::canvas::{Anchor, Canvas, Font};
use super::style::{
    AXIS, BAND_OPACITY, GRID, HEIGHT, INK, LABEL_SIZE, MUTED, PREDICTIVE_BAND_OPACITY,
    PREDICTIVE_EDGE_OPACITY, RUN_LINE_OPACITY, RUN_LINE_WIDTH, SUBTITLE_SIZE, TICK_SIZE,
    TITLE_SIZE, Ticks, WIDTH,
};
use plotters::backend::DrawingBackend;
use plotters::style::{Color, RGBColor};

/// Outer margin of a figure.
pub const MARGIN: f64 = 36.0;

/// A rectangle in figure units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn mid_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }

    pub fn mid_x(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Columns and rows for `n` small multiples: one row up to three, then as square as fits.
pub fn grid_shape(n: usize) -> (usize, usize) {
    match n {
        0 | 1 => (1, 1),
        2 | 3 => (n, 1),
        4 => (2, 2),
        5 | 6 => (3, 2),
        7..=9 => (3, 3),
        10..=12 => (4, 3),
        13..=16 => (4, 4),
        _ => (5, n.div_ceil(5)),
    }
}

/// Figure height for `rows` rows of panels: slide size (16:9) up to two rows, then taller so
/// every panel keeps about 320 units of height.
pub fn figure_height(rows: usize) -> f64 {
    HEIGHT.max(200.0 + 330.0 * rows as f64)
}

/// The panels of a `width` × `height` figure whose header ends at `top`: `n` small multiples
/// filling the rest of the page within the margins.
pub fn metric_panels(width: f64, height: f64, top: f64, n: usize) -> Vec<Rect> {
    let area = Rect {
        x0: MARGIN,
        y0: top,
        x1: width - MARGIN,
        y1: height - MARGIN / 2.0,
    };
    grid(area, n, 48.0, 30.0)
}

/// The panel rectangles of a `cols` × `rows` grid filling `area`, row by row.
pub fn grid(area: Rect, n: usize, gap_x: f64, gap_y: f64) -> Vec<Rect> {
    let (cols, rows) = grid_shape(n);
    let w = (area.width() - gap_x * (cols - 1) as f64) / cols as f64;
    let h = (area.height() - gap_y * (rows - 1) as f64) / rows as f64;
    (0..n)
        .map(|i| {
            let (c, r) = (i % cols, i / cols);
            let x0 = area.x0 + c as f64 * (w + gap_x);
            let y0 = area.y0 + r as f64 * (h + gap_y);
            Rect {
                x0,
                y0,
                x1: x0 + w,
                y1: y0 + h,
            }
        })
        .collect()
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    /// A line over its translucent band (a mean with its 95% interval).
    LineBand(RGBColor),
    /// A dot with a horizontal whisker (a mean with its 95% interval).
    DotWhisker(RGBColor),
    /// A dashed vertical line (interventions and shocks).
    Dashed(RGBColor),
    /// A light band with dashed edges (where a share of single replications lie).
    PredictiveBand(RGBColor),
    /// Thin light lines (single replications).
    Thin(RGBColor),
}

#[derive(Clone, Debug)]
pub struct LegendItem {
    pub label: String,
    pub swatch: Swatch,
}

const SWATCH_W: f64 = 34.0;

/// Draws the title, an optional subtitle and the legend (wrapped over lines) from the top of
/// `width`; returns the y where the content can start.
pub fn header<DB: DrawingBackend>(
    c: &Canvas<DB>,
    width: f64,
    title: &str,
    subtitle: &str,
    legend: &[LegendItem],
) -> Result<f64, FigureError> {
    let avail = width - 2.0 * MARGIN;
    let title_font = Font::new(TITLE_SIZE, INK).bold();
    let mut y = MARGIN + TITLE_SIZE / 2.0;
    c.text(
        &c.fit(title, title_font, avail),
        (MARGIN, y),
        title_font,
        Anchor::Left,
    )?;
    y += TITLE_SIZE / 2.0 + 8.0;
    if !subtitle.is_empty() {
        let font = Font::new(SUBTITLE_SIZE, MUTED);
        for line in wrap(c, subtitle, font, avail, 2) {
            y += SUBTITLE_SIZE / 2.0 + 2.0;
            c.text(&line, (MARGIN, y), font, Anchor::Left)?;
            y += SUBTITLE_SIZE / 2.0 + 4.0;
        }
        y += 2.0;
    }
    if !legend.is_empty() {
        let font = Font::new(LABEL_SIZE, INK);
        let row_h = LABEL_SIZE + 14.0;
        y += 8.0 + row_h / 2.0;
        let mut x = MARGIN;
        for item in legend {
            let label = c.fit(&item.label, font, avail - SWATCH_W - 10.0);
            let w = SWATCH_W + 10.0 + c.text_width(&label, font);
            if x > MARGIN && x + w > width - MARGIN {
                x = MARGIN;
                y += row_h;
            }
            draw_swatch(c, item.swatch, x, y)?;
            c.text(&label, (x + SWATCH_W + 10.0, y), font, Anchor::Left)?;
            x += w + 32.0;
        }
        y += row_h / 2.0;
    }
    Ok(y + 14.0)
}

/// `text` broken at spaces into at most `max_lines` lines of `width`; the last one shortened
/// with "…" if the text does not fit.
pub fn wrap<DB: DrawingBackend>(
    c: &Canvas<DB>,
    text: &str,
    font: Font,
    width: f64,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || c.text_width(&candidate, font) <= width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(rest);
    }
    lines.iter().map(|l| c.fit(l, font, width)).collect()
}

fn draw_swatch<DB: DrawingBackend>(
    c: &Canvas<DB>,
    swatch: Swatch,
    x: f64,
    y: f64,
) -> Result<(), FigureError> {
    match swatch {
        Swatch::LineBand(colour) => {
            c.rect(
                (x, y - 9.0),
                (x + SWATCH_W, y + 9.0),
                colour.mix(BAND_OPACITY),
            )?;
            c.line(&[(x, y), (x + SWATCH_W, y)], colour.to_rgba(), 3.0)
        }
        Swatch::DotWhisker(colour) => {
            c.line(
                &[(x + 2.0, y), (x + SWATCH_W - 2.0, y)],
                colour.to_rgba(),
                3.0,
            )?;
            c.ringed_dot((x + SWATCH_W / 2.0, y), 6.0, colour)
        }
        Swatch::PredictiveBand(colour) => {
            c.rect(
                (x, y - 9.0),
                (x + SWATCH_W, y + 9.0),
                colour.mix(PREDICTIVE_BAND_OPACITY),
            )?;
            for edge in [y - 9.0, y + 9.0] {
                c.dashed(
                    (x, edge),
                    (x + SWATCH_W, edge),
                    colour.mix(PREDICTIVE_EDGE_OPACITY),
                    1.5,
                    5.0,
                    4.0,
                )?;
            }
            Ok(())
        }
        Swatch::Thin(colour) => {
            for dy in [-5.0, 0.0, 5.0] {
                c.line(
                    &[(x, y + dy), (x + SWATCH_W, y + dy)],
                    colour.mix(RUN_LINE_OPACITY),
                    RUN_LINE_WIDTH,
                )?;
            }
            Ok(())
        }
        Swatch::Dashed(colour) => c.dashed(
            (x + SWATCH_W / 2.0, y - 11.0),
            (x + SWATCH_W / 2.0, y + 11.0),
            colour.to_rgba(),
            2.0,
            5.0,
            4.0,
        ),
    }
}

/// A linear map from data values [d0, d1] to figure units [p0, p1].
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Scale {
    pub fn new(d0: f64, d1: f64, p0: f64, p1: f64) -> Scale {
        Scale { d0, d1, p0, p1 }
    }

    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 {
            return (self.p0 + self.p1) / 2.0;
        }
        self.p0 + (v - self.d0) / span * (self.p1 - self.p0)
    }
}

/// The values along an axis: numbers with round ticks, or named categories at 0, 1, 2, ...
#[derive(Clone, Debug)]
pub enum AxisValues {
    Numeric(Ticks),
    Categories(Vec<String>),
}

impl AxisValues {
    /// The data range the axis spans (categories get half a slot either side).
    pub fn range(&self) -> (f64, f64) {
        match self {
            AxisValues::Numeric(t) => (t.lo(), t.hi()),
            AxisValues::Categories(c) => (-0.5, c.len() as f64 - 0.5),
        }
    }

    /// (position, label) of every tick.
    pub fn ticks(&self) -> Vec<(f64, String)> {
        match self {
            AxisValues::Numeric(t) => t.values.iter().map(|&v| (v, t.label(v))).collect(),
            AxisValues::Categories(c) => c
                .iter()
                .enumerate()
                .map(|(i, s)| (i as f64, s.clone()))
                .collect(),
        }
    }
}

/// The width of the widest tick label of `axis`.
pub fn tick_label_width<DB: DrawingBackend>(c: &Canvas<DB>, axis: &AxisValues) -> f64 {
    let font = Font::new(TICK_SIZE, MUTED);
    axis.ticks()
        .iter()
        .map(|(_, s)| c.text_width(s, font))
        .fold(0.0, f64::max)
}

/// Horizontal grid lines and tick labels on the left of `plot`, with a vertical axis title.
pub fn y_axis<DB: DrawingBackend>(
    c: &Canvas<DB>,
    plot: Rect,
    axis: &AxisValues,
    scale: &Scale,
    title: &str,
    title_x: f64,
) -> Result<(), FigureError> {
    let font = Font::new(TICK_SIZE, MUTED);
    for (v, label) in axis.ticks() {
        let y = scale.map(v);
        c.line(&[(plot.x0, y), (plot.x1, y)], GRID.to_rgba(), 1.0)?;
        c.text(&label, (plot.x0 - 8.0, y), font, Anchor::Right)?;
    }
    let title_font = Font::new(LABEL_SIZE, MUTED);
    c.text_vertical(
        &c.fit(title, title_font, plot.height()),
        (title_x, plot.mid_y()),
        title_font,
    )
}

/// Vertical grid lines, tick labels below `plot`, an axis title under them and the base line.
/// Category labels that would collide are shown every second (third, ...) one.
pub fn x_axis<DB: DrawingBackend>(
    c: &Canvas<DB>,
    plot: Rect,
    axis: &AxisValues,
    scale: &Scale,
    title: &str,
) -> Result<(), FigureError> {
    let font = Font::new(TICK_SIZE, MUTED);
    let ticks = axis.ticks();
    let widest = ticks
        .iter()
        .map(|(_, s)| c.text_width(s, font))
        .fold(0.0, f64::max);
    let spacing = if ticks.len() > 1 {
        (scale.map(ticks[1].0) - scale.map(ticks[0].0)).abs()
    } else {
        f64::INFINITY
    };
    let every = ((widest + 12.0) / spacing).ceil().max(1.0) as usize;
    for (i, (v, label)) in ticks.iter().enumerate() {
        let x = scale.map(*v);
        c.line(&[(x, plot.y0), (x, plot.y1)], GRID.to_rgba(), 1.0)?;
        c.line(&[(x, plot.y1), (x, plot.y1 + 5.0)], AXIS.to_rgba(), 1.0)?;
        if i % every == 0 {
            let label = c.fit(label, font, spacing * every as f64 - 8.0);
            c.text(&label, (x, plot.y1 + 17.0), font, Anchor::Centre)?;
        }
    }
    c.line(
        &[(plot.x0, plot.y1), (plot.x1, plot.y1)],
        AXIS.to_rgba(),
        1.0,
    )?;
    let title_font = Font::new(LABEL_SIZE, MUTED);
    c.text(
        &c.fit(title, title_font, plot.width()),
        (plot.mid_x(), plot.y1 + 44.0),
        title_font,
        Anchor::Centre,
    )
}

/// Height below a plot taken by [`x_axis`]'s labels and title.
pub const X_AXIS_HEIGHT: f64 = 58.0;

/// The figure width (always slide width).
pub fn figure_width() -> f64 {
    WIDTH
}

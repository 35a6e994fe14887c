//! The look of every figure: the embedded font, sizes, colours, the viridis colormap, axis
//! ticks and number formatting.
//!
//! Owns the design decisions shared by all charts (Okabe–Ito colours, light grid, font sizes
//! in CSS pixels) and registering the embedded DejaVu Sans with plotters, so PNGs render the
//! same on a machine without system fonts. Does not own any drawing (see `canvas`) or any
//! chart layout (see `timeseries`, `compare`, `sweep`).

use plotters::style::{FontStyle, RGBColor, register_font};
use std::sync::OnceLock;

/// The font family written into SVG text: the embedded font first, then fonts with similar
/// metrics, then the browser's default sans-serif. Also the name the embedded font is
/// registered under for PNG rendering.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

static REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
static BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// Registers the embedded fonts with plotters (once per process). An error means the font
/// bytes compiled into the binary are not a font, which the tests rule out.
pub fn ensure_fonts() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        register_font(FONT_FAMILY, FontStyle::Normal, REGULAR)
            .map_err(|_| "the embedded DejaVu Sans is not a valid font".to_string())?;
        register_font(FONT_FAMILY, FontStyle::Bold, BOLD)
            .map_err(|_| "the embedded DejaVu Sans Bold is not a valid font".to_string())
    })
    .clone()
}

/// Figure width in CSS pixels (and PNG pixels): slide size.
pub const WIDTH: f64 = 1600.0;
/// Figure height for up to two rows of panels.
pub const HEIGHT: f64 = 900.0;

/// Font sizes in CSS pixels (the `font-size` of SVG text).
pub const TITLE_SIZE: f64 = 30.0;
pub const SUBTITLE_SIZE: f64 = 18.0;
pub const PANEL_TITLE_SIZE: f64 = 21.0;
pub const LABEL_SIZE: f64 = 17.0;
pub const TICK_SIZE: f64 = 16.0;

/// Okabe & Ito's colour-blind-safe palette, without black and yellow (too faint on white);
/// the same order as the validation figures.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
];

/// Colour of series `i` (the palette repeats after six; figures keep to six where they can).
pub fn series_colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// Titles and data labels.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Subtitles, axis labels and tick labels.
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Axis lines.
pub const AXIS: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Markers (interventions and shocks) shared by every scenario.
pub const MARKER: RGBColor = RGBColor(0x44, 0x44, 0x44);
/// Cells without data in a heatmap.
pub const EMPTY: RGBColor = RGBColor(0xF2, 0xF2, 0xF2);

/// Opacity of a 95% confidence band.
pub const BAND_OPACITY: f64 = 0.18;
/// Opacity of a predictive band (where most single replications lie): lighter than the
/// confidence band it surrounds.
pub const PREDICTIVE_BAND_OPACITY: f64 = 0.07;
/// Opacity of a predictive band's dashed edges.
pub const PREDICTIVE_EDGE_OPACITY: f64 = 0.6;
/// Width of a data line.
pub const LINE_WIDTH: f64 = 3.0;
/// Width and opacity of a single replication's line (under the bands).
pub const RUN_LINE_WIDTH: f64 = 1.0;
pub const RUN_LINE_OPACITY: f64 = 0.35;

/// Viridis (matplotlib's perceptually uniform, colour-blind-safe sequential colormap), sampled
/// at 9 evenly spaced stops and interpolated linearly between them.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2D, 0x7B),
    (0x3B, 0x52, 0x8B),
    (0x2C, 0x72, 0x8E),
    (0x21, 0x91, 0x8C),
    (0x28, 0xAE, 0x80),
    (0x5E, 0xC9, 0x62),
    (0xAD, 0xDC, 0x30),
    (0xFD, 0xE7, 0x25),
];

/// The viridis colour at `t` in [0, 1] (clamped): dark purple at 0, yellow at 1.
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether white text on `c` contrasts more than dark text (WCAG contrast ratios; the two
/// are equal at a relative luminance of about 0.2).
pub fn needs_light_text(c: RGBColor) -> bool {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2) < 0.2
}

/// Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k, at most about
/// `target` + 2 ticks; the first tick is ≤ lo and the last ≥ hi.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    pub values: Vec<f64>,
    pub step: f64,
    /// Labels with a decimal comma (Dutch).
    pub comma: bool,
}

impl Ticks {
    pub fn new(lo: f64, hi: f64, target: usize) -> Ticks {
        let (lo, hi) = widen(lo, hi);
        let raw = (hi - lo) / target.max(1) as f64;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw * 0.999)
            .unwrap_or(10.0 * mag);
        Ticks::with_step(lo, hi, step)
    }

    /// Ticks every `step` covering [lo, hi].
    pub fn with_step(lo: f64, hi: f64, step: f64) -> Ticks {
        let first = (lo / step + 1e-9).floor();
        let last = (hi / step - 1e-9).ceil();
        let values = (first as i64..=last as i64)
            .map(|k| {
                let v = k as f64 * step;
                if v.abs() < step * 1e-9 { 0.0 } else { v }
            })
            .collect();
        Ticks {
            values,
            step,
            comma: false,
        }
    }

    pub fn lo(&self) -> f64 {
        self.values[0]
    }

    pub fn hi(&self) -> f64 {
        self.values[self.values.len() - 1]
    }

    /// Decimals that show every tick exactly.
    pub fn decimals(&self) -> usize {
        decimals_for_step(self.step)
    }

    pub fn label(&self, v: f64) -> String {
        let label = format_number(v, self.decimals());
        if self.comma {
            label.replace('.', ",")
        } else {
            label
        }
    }

    /// The same ticks labelled as `lang` writes numbers (Dutch: decimal comma).
    pub fn in_lang(mut self, lang: crate::output::i18n::Lang) -> Ticks {
        self.comma = lang == crate::output::i18n::Lang::Nl;
        self
    }
}

/// Month ticks: every 1, 2, 3, 6, 12, 24, 60, ... months, at most 8 ticks, from 0.
pub fn month_ticks(horizon: f64) -> Ticks {
    let horizon = horizon.max(1.0);
    let mut step = 1.0;
    for s in [
        1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 60.0, 120.0, 240.0, 600.0, 1200.0,
    ] {
        step = s;
        if horizon / s <= 7.0 {
            break;
        }
    }
    if horizon / step > 7.0 {
        return Ticks::new(0.0, horizon, 6);
    }
    let mut ticks = Ticks::with_step(0.0, horizon, step);
    // The axis ends at the horizon, not at the next round month.
    if let Some(last) = ticks.values.last_mut()
        && *last > horizon
    {
        ticks.values.pop();
    }
    ticks
}

/// [lo, hi] widened when empty or degenerate, so a scale always has a positive span.
fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        return (lo, hi);
    }
    let pad = (lo.abs() * 0.05).max(0.01);
    (lo - pad, hi + pad)
}

/// Decimals needed to show multiples of `step`.
pub fn decimals_for_step(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    for d in 0..8 {
        let scaled = step * 10f64.powi(d);
        if (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0) {
            return d as usize;
        }
    }
    8
}

/// `v` with `decimals` decimals and a real minus sign; -0 prints as 0.
pub fn format_number(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    let negative_zero = s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.');
    if negative_zero {
        s[1..].to_string()
    } else if let Some(rest) = s.strip_prefix('-') {
        format!("−{rest}")
    } else {
        s
    }
}

/// `v` with about three significant digits (for data labels): 0.282, 12.5, 1234.
pub fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 100.0 {
        0
    } else {
        (2 - a.log10().floor() as i64).clamp(0, 6) as usize
    };
    format_number(v, decimals)
}

/// `v` as a signed data label: +0.282, −1.5.
pub fn format_signed(v: f64) -> String {
    let s = format_value(v);
    if v > 0.0 && !s.chars().all(|c| c == '0' || c == '.') {
        format!("+{s}")
    } else {
        s
    }
}

/// A metric name for people: `net_value` → "Net value".
pub fn metric_title(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// The values a metric can take, if bounded: shares and 0–1 scales in [0, 1], March's
/// code knowledge K in [−1, 1], counts at least 0. Confidence bounds are clipped to them (a t-interval over few
/// replications can reach past a share's ends, which only squashes the chart).
pub fn metric_bounds(unit: &str) -> Option<(f64, f64)> {
    match unit {
        "share" | "0-1" | "0=control 1=coaching" => Some((0.0, 1.0)),
        "K in [-1,1]" => Some((-1.0, 1.0)),
        "employees" | "employees/month" | "ideas/month" => Some((0.0, f64::INFINITY)),
        _ => None,
    }
}

/// `v` clipped to `bounds` (NaN stays NaN).
pub fn clip(v: f64, bounds: Option<(f64, f64)>) -> f64 {
    match bounds {
        Some((lo, hi)) if v.is_finite() => v.clamp(lo, hi),
        _ => v,
    }
}

/// Ticks for data in [lo, hi] of a metric with `bounds`: a flat series gets a little room,
/// but not past the bounds (a share stuck at 0 gets an axis from 0 up).
pub fn data_ticks(lo: f64, hi: f64, bounds: Option<(f64, f64)>) -> Ticks {
    let (mut lo, mut hi) = (lo, hi);
    if hi - lo <= 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        let pad = (lo.abs() * 0.05).max(0.01);
        lo -= pad;
        hi += pad;
    }
    if let Some((bl, bh)) = bounds {
        lo = lo.max(bl);
        hi = hi.min(bh);
    }
    Ticks::new(lo, hi, 5)
}

/// An axis label for a metric's unit (from `METRICS`).
pub fn unit_label(unit: &str) -> String {
    match unit {
        "share" => "share (0–1)".into(),
        "0-1" => "scale 0–1".into(),
        "0=control 1=coaching" => "0 control – 1 coaching".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_range_with_round_steps() {
        let t = Ticks::new(0.31, 0.62, 5);
        assert_eq!(t.step, 0.1);
        assert!(t.lo() <= 0.31 && t.hi() >= 0.62);
        assert_eq!(t.label(0.3), "0.3");
        let t = Ticks::new(-0.02, 0.3, 5);
        assert_eq!(t.label(t.values[0]), "−0.1");
        assert_eq!(
            month_ticks(60.0).values,
            vec![0.0, 12.0, 24.0, 36.0, 48.0, 60.0]
        );
        assert_eq!(month_ticks(36.0).values.len(), 7);
        assert!(Ticks::new(1.0, 1.0, 5).values.len() >= 2);
    }

    #[test]
    fn flat_series_stay_within_bounds() {
        let t = data_ticks(0.0, 0.0, Some((0.0, 1.0)));
        assert_eq!(t.lo(), 0.0);
        assert!(t.hi() > 0.0);
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_signed(0.2821), "+0.282");
        assert_eq!(format_signed(-12.34), "−12.3");
        assert_eq!(format_value(196.4), "196");
        assert_eq!(format_number(-0.0001, 2), "0.00");
        assert_eq!(metric_title("net_value"), "Net value");
    }

    #[test]
    fn viridis_runs_dark_to_light() {
        assert!(needs_light_text(viridis(0.0)));
        assert!(!needs_light_text(viridis(1.0)));
        assert_eq!(viridis(1.0), RGBColor(0xFD, 0xE7, 0x25));
    }

    #[test]
    fn the_embedded_fonts_register() {
        assert_eq!(ensure_fonts(), Ok(()));
    }
}

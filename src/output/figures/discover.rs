//! The figures of scenario discovery, written into a sweep's `discover/` folder: the
//! trade-off between coverage and density along the first box's peeling and pasting
//! trajectory, coloured by the number of restricted inputs (as EMA Workbench's
//! `show_tradeoff`), and the limits of every box found, each restricted input's range drawn
//! within its full range with the quasi-p-values (as `inspect(style='graph')`).
//!
//! Owns these charts' content and layout. Does not own PRIM (see `crate::experiment::prim`)
//! or the files beside them (see `crate::output::discover`).

use super::FigureError;
use super::canvas::{Anchor, Canvas, Drawing, Font, render_png, render_svg};
use super::layout::{LegendItem, Swatch, header};
use super::style::{
    AXIS, GRID, INK, LABEL_SIZE, MUTED, PANEL_TITLE_SIZE, TICK_SIZE, WIDTH, format_value,
    series_colour, viridis,
};
use crate::experiment::condition::Condition;
use crate::experiment::prim::Discovery;
use crate::ground::atomic::write_atomic;
use crate::output::discover::{DiscoverData, Restriction, restrictions};
use plotters::backend::DrawingBackend;
use plotters::style::Color;
use std::path::{Path, PathBuf};

/// The trade-off figure's file name, without extension.
pub const TRADEOFF: &str = "tradeoff";
/// The box-limits figure's file name, without extension.
pub const BOX_LIMITS: &str = "box_limits";

const MARGIN: f64 = 40.0;

/// Coverage against density along a trajectory.
struct Tradeoff {
    condition: String,
    unit: &'static str,
    /// (coverage, density, restricted inputs) per step.
    steps: Vec<(f64, f64, usize)>,
    accepted: bool,
}

impl Tradeoff {
    fn max_restricted(&self) -> usize {
        self.steps.iter().map(|s| s.2).max().unwrap_or(0).max(1)
    }

    fn colour(&self, restricted: usize) -> plotters::style::RGBColor {
        viridis(restricted as f64 / self.max_restricted() as f64 * 0.9)
    }
}

impl Drawing for Tradeoff {
    fn size(&self) -> (f64, f64) {
        (WIDTH, 900.0)
    }

    fn title(&self) -> String {
        format!("Where {} holds: coverage against density", self.condition)
    }

    fn description(&self) -> String {
        format!(
            "The {} boxes of the first PRIM trajectory: the share of the {}s where the condition holds that each box covers, against the share of its {}s where it holds; colour is the number of restricted inputs.",
            self.steps.len(),
            self.unit,
            self.unit
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let legend: Vec<LegendItem> = (0..=self.max_restricted())
            .filter(|r| self.steps.iter().any(|s| s.2 == *r))
            .map(|r| LegendItem {
                label: format!("{r} restricted"),
                swatch: Swatch::DotWhisker(self.colour(r)),
            })
            .collect();
        let chosen = if self.accepted {
            "ringed: the box chosen (the end of the trajectory)"
        } else {
            "ringed: the end of the trajectory, below the density threshold"
        };
        let top = header(c, w, &self.title(), chosen, &legend)?;
        let (x0, x1) = (MARGIN + 90.0, w - MARGIN - 20.0);
        let (y0, y1) = (h - MARGIN - 60.0, top + 20.0);
        let sx = |v: f64| x0 + (x1 - x0) * v.clamp(0.0, 1.0);
        let sy = |v: f64| y0 + (y1 - y0) * v.clamp(0.0, 1.0);
        let tick = Font::new(TICK_SIZE, MUTED);
        for i in 0..=10 {
            let v = i as f64 / 10.0;
            c.line(&[(sx(v), y0), (sx(v), y1)], GRID.to_rgba(), 1.0)?;
            c.line(&[(x0, sy(v)), (x1, sy(v))], GRID.to_rgba(), 1.0)?;
            let label = format!("{:.0}%", v * 100.0);
            c.text(&label, (sx(v), y0 + 18.0), tick, Anchor::Centre)?;
            c.text(&label, (x0 - 10.0, sy(v)), tick, Anchor::Right)?;
        }
        c.line(&[(x0, y0), (x1, y0)], AXIS.to_rgba(), 1.5)?;
        c.line(&[(x0, y0), (x0, y1)], AXIS.to_rgba(), 1.5)?;
        let label = Font::new(LABEL_SIZE, INK);
        c.text(
            &format!("coverage (share of the {}s where it holds)", self.unit),
            ((x0 + x1) / 2.0, y0 + 46.0),
            label,
            Anchor::Centre,
        )?;
        c.text_vertical(
            &format!("density (share of the box's {}s where it holds)", self.unit),
            (MARGIN, (y0 + y1) / 2.0),
            label,
        )?;
        let path: Vec<(f64, f64)> = self.steps.iter().map(|s| (sx(s.0), sy(s.1))).collect();
        c.line(&path, GRID.mix(1.0), 1.0)?;
        for s in &self.steps {
            c.dot((sx(s.0), sy(s.1)), 6.0, self.colour(s.2).to_rgba())?;
        }
        if let Some(last) = self.steps.last() {
            c.ringed_dot((sx(last.0), sy(last.1)), 9.0, self.colour(last.2))?;
        }
        Ok(())
    }
}

/// One box: its coverage, density and restricted limits with their full ranges (low, high).
struct BoxRows {
    coverage: f64,
    density: f64,
    limits: Vec<(Restriction, f64, f64)>,
}

/// The limits of each box found within the full ranges.
struct BoxLimits {
    condition: String,
    unit: &'static str,
    boxes: Vec<BoxRows>,
}

impl BoxLimits {
    fn rows(&self) -> usize {
        self.boxes.iter().map(|b| b.limits.len().max(1) + 1).sum()
    }
}

const ROW: f64 = 72.0;

impl Drawing for BoxLimits {
    fn size(&self) -> (f64, f64) {
        (WIDTH, 160.0 + ROW * self.rows().max(2) as f64)
    }

    fn title(&self) -> String {
        format!("Where {} holds: the boxes PRIM found", self.condition)
    }

    fn description(&self) -> String {
        format!(
            "Each box's restricted inputs: the range inside the box (coloured) within the range the sweep covered (grey), with the quasi-p-value of each restricted limit; {} boxes.",
            self.boxes.len()
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, _) = self.size();
        let top = header(
            c,
            w,
            &self.title(),
            "coloured: the range inside the box; grey: the range swept; (p): quasi-p-value of the limit",
            &[],
        )?;
        let (x0, x1) = (MARGIN + 520.0, w - MARGIN - 60.0);
        let sx = |v: f64| x0 + (x1 - x0) * v.clamp(0.0, 1.0);
        let mut y = top + 20.0;
        let name = Font::new(LABEL_SIZE, INK);
        let tick = Font::new(TICK_SIZE, MUTED);
        if self.boxes.is_empty() {
            c.text(
                &format!("No box reaches the density threshold for {}s.", self.unit),
                (MARGIN, y + ROW / 2.0),
                name,
                Anchor::Left,
            )?;
        }
        for (b, rows) in self.boxes.iter().enumerate() {
            let (coverage, density, limits) = (rows.coverage, rows.density, &rows.limits);
            let colour = series_colour(b);
            c.text(
                &format!(
                    "Box {}: density {:.0}%, coverage {:.0}%",
                    b + 1,
                    density * 100.0,
                    coverage * 100.0
                ),
                (MARGIN, y + ROW / 2.0),
                Font::new(PANEL_TITLE_SIZE, INK).bold(),
                Anchor::Left,
            )?;
            y += ROW;
            if limits.is_empty() {
                c.text(
                    "no input restricted: everywhere in the sweep",
                    (MARGIN + 20.0, y + ROW / 2.0),
                    name,
                    Anchor::Left,
                )?;
                y += ROW;
            }
            for (r, min, max) in limits {
                let mid = y + ROW / 2.0;
                c.text(
                    &c.fit(&r.key, name, x0 - MARGIN - 40.0),
                    (MARGIN + 20.0, mid),
                    name,
                    Anchor::Left,
                )?;
                c.line(&[(sx(0.0), mid), (sx(1.0), mid)], GRID.to_rgba(), 10.0)?;
                if r.categories.is_empty() {
                    let span = (max - min).max(f64::MIN_POSITIVE);
                    let lo = r.low.unwrap_or(*min);
                    let hi = r.high.unwrap_or(*max);
                    let (a, bx) = (sx((lo - min) / span), sx((hi - min) / span));
                    c.line(&[(a, mid), (bx, mid)], colour.to_rgba(), 10.0)?;
                    let p = |q: Option<f64>| q.map(|q| format!(" ({})", format_p(q)));
                    c.text(&label(*min), (sx(0.0), mid + 20.0), tick, Anchor::Centre)?;
                    c.text(&label(*max), (sx(1.0), mid + 20.0), tick, Anchor::Centre)?;
                    if let Some(lo) = r.low {
                        let text = format!("{}{}", label(lo), p(r.quasi_p.low).unwrap_or_default());
                        c.text(&text, (a, mid - 18.0), name, Anchor::Centre)?;
                    }
                    if let Some(hi) = r.high {
                        let text =
                            format!("{}{}", label(hi), p(r.quasi_p.high).unwrap_or_default());
                        c.text(&text, (bx, mid - 18.0), name, Anchor::Centre)?;
                    }
                } else {
                    let text = format!(
                        "{} ({})",
                        r.categories.join(", "),
                        r.quasi_p.low.map(format_p).unwrap_or_default()
                    );
                    c.text(
                        &c.fit(&text, name, x1 - x0),
                        (sx(0.0), mid - 18.0),
                        name,
                        Anchor::Left,
                    )?;
                }
                y += ROW;
            }
        }
        Ok(())
    }
}

/// A limit or range end: whole numbers as such, others in about three significant digits.
fn label(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format_value(v)
    }
}

/// A quasi-p-value in about three significant digits (or `<0.001`).
fn format_p(p: f64) -> String {
    if p < 0.001 {
        "p<0.001".to_string()
    } else {
        format!("p={}", format_value(p))
    }
}

fn write_both(out: &Path, name: &str, figure: &impl Drawing) -> Result<Vec<PathBuf>, FigureError> {
    let svg = render_svg(figure)?;
    let png = render_png(figure)?;
    let mut written = vec![];
    for (ext, bytes) in [("svg", svg.as_bytes()), ("png", png.as_slice())] {
        let path = out.join(format!("{name}.{ext}"));
        write_atomic(&path, |w| w.write_all(bytes)).map_err(|e| FigureError::Write {
            path: path.clone(),
            source: e,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// The trade-off figure of `d`'s first box as SVG text.
fn tradeoff(data: &DiscoverData, condition: &Condition, d: &Discovery) -> Tradeoff {
    let first = d.boxes.first();
    Tradeoff {
        condition: condition.to_string(),
        unit: data.unit(),
        steps: first
            .map(|b| {
                b.trajectory
                    .iter()
                    .map(|s| (s.coverage, s.density, s.restricted.len()))
                    .collect()
            })
            .unwrap_or_default(),
        accepted: first.is_some_and(|b| b.accepted),
    }
}

fn box_limits(data: &DiscoverData, condition: &Condition, d: &Discovery) -> BoxLimits {
    let boxes = d
        .accepted()
        .map(|found| {
            let last = found.last();
            let limits = restrictions(data, found, &d.initial)
                .into_iter()
                .map(|r| {
                    let (min, max) = match &d.initial[r.quasi_p.input] {
                        crate::experiment::prim::Limit::Real(a, b) => (*a, *b),
                        crate::experiment::prim::Limit::Integer(a, b) => (*a as f64, *b as f64),
                        crate::experiment::prim::Limit::Categories(_) => (0.0, 1.0),
                    };
                    (r, min, max)
                })
                .collect();
            BoxRows {
                coverage: last.coverage,
                density: last.density,
                limits,
            }
        })
        .collect();
    BoxLimits {
        condition: condition.to_string(),
        unit: data.unit(),
        boxes,
    }
}

/// Writes `tradeoff.svg`/`.png` and `box_limits.svg`/`.png` into `out`.
pub fn write_discover_figures(
    out: &Path,
    data: &DiscoverData,
    condition: &Condition,
    d: &Discovery,
) -> Result<Vec<PathBuf>, FigureError> {
    let mut written = write_both(out, TRADEOFF, &tradeoff(data, condition, d))?;
    written.extend(write_both(
        out,
        BOX_LIMITS,
        &box_limits(data, condition, d),
    )?);
    Ok(written)
}

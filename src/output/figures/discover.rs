//! The figures of scenario discovery, written into a sweep's `discover/` folder: the
//! trade-off between coverage and density along the first box's peeling and pasting
//! trajectory, coloured by the number of restricted inputs (as EMA Workbench's
//! `show_tradeoff`), and the limits of every box found, each restricted input's range drawn
//! within its full range with the quasi-p-values (as `inspect(style='graph')`).
//!
//! Owns these charts' content and layout, in English or Dutch (titles, axes, legends, the
//! condition's metric names and the numbers' decimal mark). They are drawn from the findings
//! and the first trajectory alone, which `discover/` keeps, so the report redraws them in its
//! own language. Does not own PRIM (see `crate::experiment::prim`) or the files beside them
//! (see `crate::output::discover`).

use super::FigureError;
use super::canvas::{Anchor, Canvas, Drawing, Font, render_png, render_svg};
use super::layout::{LegendItem, Swatch, header};
use super::style::{
    AXIS, GRID, INK, LABEL_SIZE, MUTED, PANEL_TITLE_SIZE, TICK_SIZE, WIDTH, format_value,
    series_colour, viridis,
};
use crate::ground::atomic::write_atomic;
use crate::output::discover::{BoxFacts, Findings, Trajectory, condition_words, percent};
use crate::output::i18n::Lang;
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
    /// The condition in words.
    condition: String,
    /// What a row is, in the plural ("points").
    rows: &'static str,
    /// (coverage, density, restricted inputs) per step.
    steps: Vec<(f64, f64, usize)>,
    accepted: bool,
    lang: Lang,
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
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        (WIDTH, 900.0)
    }

    fn title(&self) -> String {
        self.lang
            .fill("disc_fig_tradeoff_title", &[&self.condition])
    }

    fn description(&self) -> String {
        self.lang.fill(
            "disc_fig_tradeoff_description",
            &[&self.steps.len().to_string(), self.rows],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, h) = self.size();
        let legend: Vec<LegendItem> = (0..=self.max_restricted())
            .filter(|r| self.steps.iter().any(|s| s.2 == *r))
            .map(|r| LegendItem {
                label: self.lang.fill("disc_fig_restricted", &[&r.to_string()]),
                swatch: Swatch::DotWhisker(self.colour(r)),
            })
            .collect();
        let chosen = self.lang.t(if self.accepted {
            "disc_fig_chosen"
        } else {
            "disc_fig_not_chosen"
        });
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
            let label = percent(v);
            c.text(&label, (sx(v), y0 + 18.0), tick, Anchor::Centre)?;
            c.text(&label, (x0 - 10.0, sy(v)), tick, Anchor::Right)?;
        }
        c.line(&[(x0, y0), (x1, y0)], AXIS.to_rgba(), 1.5)?;
        c.line(&[(x0, y0), (x0, y1)], AXIS.to_rgba(), 1.5)?;
        let label = Font::new(LABEL_SIZE, INK);
        c.text(
            &self.lang.fill("disc_fig_coverage_axis", &[self.rows]),
            ((x0 + x1) / 2.0, y0 + 46.0),
            label,
            Anchor::Centre,
        )?;
        c.text_vertical(
            &self.lang.fill("disc_fig_density_axis", &[self.rows]),
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

/// The limits of each box found within the full ranges.
struct BoxLimits {
    /// The condition in words.
    condition: String,
    /// What a row is, in the plural ("points").
    rows: &'static str,
    boxes: Vec<BoxFacts>,
    lang: Lang,
}

impl BoxLimits {
    fn rows(&self) -> usize {
        self.boxes.iter().map(|b| b.limits.len().max(1) + 1).sum()
    }
}

const ROW: f64 = 72.0;

impl Drawing for BoxLimits {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn size(&self) -> (f64, f64) {
        (WIDTH, 160.0 + ROW * self.rows().max(2) as f64)
    }

    fn title(&self) -> String {
        self.lang.fill("disc_fig_limits_title", &[&self.condition])
    }

    fn description(&self) -> String {
        self.lang.fill(
            "disc_fig_limits_description",
            &[&self.boxes.len().to_string()],
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Result<(), FigureError> {
        let (w, _) = self.size();
        let top = header(
            c,
            w,
            &self.title(),
            self.lang.t("disc_fig_limits_legend"),
            &[],
        )?;
        let (x0, x1) = (MARGIN + 520.0, w - MARGIN - 60.0);
        let sx = |v: f64| x0 + (x1 - x0) * v.clamp(0.0, 1.0);
        let mut y = top + 20.0;
        let name = Font::new(LABEL_SIZE, INK);
        let tick = Font::new(TICK_SIZE, MUTED);
        if self.boxes.is_empty() {
            c.text(
                &self.lang.fill("disc_fig_no_box", &[self.rows]),
                (MARGIN, y + ROW / 2.0),
                name,
                Anchor::Left,
            )?;
        }
        let lang = self.lang;
        for (b, found) in self.boxes.iter().enumerate() {
            let limits = &found.limits;
            let colour = series_colour(b);
            c.text(
                &lang.fill(
                    "disc_fig_box",
                    &[
                        &(b + 1).to_string(),
                        &percent(found.density),
                        &percent(found.coverage),
                    ],
                ),
                (MARGIN, y + ROW / 2.0),
                Font::new(PANEL_TITLE_SIZE, INK).bold(),
                Anchor::Left,
            )?;
            y += ROW;
            if limits.is_empty() {
                c.text(
                    lang.t("disc_fig_everywhere"),
                    (MARGIN + 20.0, y + ROW / 2.0),
                    name,
                    Anchor::Left,
                )?;
                y += ROW;
            }
            for r in limits {
                let mid = y + ROW / 2.0;
                c.text(
                    &c.fit(&r.parameter, name, x0 - MARGIN - 40.0),
                    (MARGIN + 20.0, mid),
                    name,
                    Anchor::Left,
                )?;
                c.line(&[(sx(0.0), mid), (sx(1.0), mid)], GRID.to_rgba(), 10.0)?;
                if r.categories.is_empty() {
                    let (min, max) = (r.swept_low.unwrap_or(0.0), r.swept_high.unwrap_or(1.0));
                    let span = (max - min).max(f64::MIN_POSITIVE);
                    let lo = r.low.unwrap_or(min);
                    let hi = r.high.unwrap_or(max);
                    let (a, bx) = (sx((lo - min) / span), sx((hi - min) / span));
                    c.line(&[(a, mid), (bx, mid)], colour.to_rgba(), 10.0)?;
                    let p = |q: Option<f64>| q.map(|q| format!(" ({})", format_p(q, lang)));
                    let label = |v: f64| label(v, lang);
                    c.text(&label(min), (sx(0.0), mid + 20.0), tick, Anchor::Centre)?;
                    c.text(&label(max), (sx(1.0), mid + 20.0), tick, Anchor::Centre)?;
                    if let Some(lo) = r.low {
                        let text = format!("{}{}", label(lo), p(r.quasi_p_low).unwrap_or_default());
                        c.text(&text, (a, mid - 18.0), name, Anchor::Centre)?;
                    }
                    if let Some(hi) = r.high {
                        let text =
                            format!("{}{}", label(hi), p(r.quasi_p_high).unwrap_or_default());
                        c.text(&text, (bx, mid - 18.0), name, Anchor::Centre)?;
                    }
                } else {
                    let text = format!(
                        "{} ({})",
                        r.categories.join(", "),
                        r.quasi_p_low.map(|q| format_p(q, lang)).unwrap_or_default()
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

/// A limit or range end: whole numbers as such, others in about three significant digits;
/// with a decimal comma in Dutch.
fn label(v: f64, lang: Lang) -> String {
    let text = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format_value(v)
    };
    decimal_mark(text, lang)
}

/// A quasi-p-value in about three significant digits (or `<0.001`).
fn format_p(p: f64, lang: Lang) -> String {
    let text = if p < 0.001 {
        "p<0.001".to_string()
    } else {
        format!("p={}", format_value(p))
    };
    decimal_mark(text, lang)
}

/// `text` with the decimal mark of `lang`.
fn decimal_mark(text: String, lang: Lang) -> String {
    match lang {
        Lang::En => text,
        Lang::Nl => text.replace('.', ","),
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

fn tradeoff(findings: &Findings, first: &Trajectory, lang: Lang) -> Tradeoff {
    Tradeoff {
        condition: condition_words(&findings.condition, lang),
        rows: findings.rows_word(lang),
        steps: first.steps.clone(),
        accepted: first.accepted,
        lang,
    }
}

fn box_limits(findings: &Findings, lang: Lang) -> BoxLimits {
    BoxLimits {
        condition: condition_words(&findings.condition, lang),
        rows: findings.rows_word(lang),
        boxes: findings.boxes.clone(),
        lang,
    }
}

/// Writes `tradeoff.svg`/`.png` and `box_limits.svg`/`.png` into `out`, labelled in `lang`:
/// the trade-off along `first` (the first box's trajectory) and the limits of `findings`'
/// boxes.
pub fn write_discover_figures(
    out: &Path,
    findings: &Findings,
    first: &Trajectory,
    lang: Lang,
) -> Result<Vec<PathBuf>, FigureError> {
    let mut written = write_both(out, TRADEOFF, &tradeoff(findings, first, lang))?;
    written.extend(write_both(out, BOX_LIMITS, &box_limits(findings, lang))?);
    Ok(written)
}

/// The two figures as SVG text, labelled in `lang`: (trade-off, box limits).
pub fn discover_svgs(
    findings: &Findings,
    first: &Trajectory,
    lang: Lang,
) -> Result<(String, String), FigureError> {
    Ok((
        render_svg(&tradeoff(findings, first, lang))?,
        render_svg(&box_limits(findings, lang))?,
    ))
}

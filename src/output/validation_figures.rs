//! The figures of docs/VALIDATION.md: small hand-made SVG line charts with 95% intervals.
//!
//! Owns one generic chart (`line_chart`: lines with markers, error bars or a shaded band,
//! dashed reference lines, axes with round ticks, a legend) and the four validation figures
//! built from `crate::experiment::validation` results. The SVG text is deterministic: the same
//! numbers give the same bytes. Does not own the numbers (see `crate::experiment::validation`)
//! or writing files (see `crate::cli::validation`).

use crate::experiment::validation::{
    Figure1, MixedLearners, RunEnd, Turbulence, Turnover, Validation,
};
use crate::output::Stats;
use std::fmt::Write;

/// Colour-blind-safe colours (Okabe & Ito).
pub const COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

/// How a series shows its 95% intervals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntervalStyle {
    /// Vertical bars with caps at each point.
    Bars,
    /// A translucent band between the lower and upper bounds.
    Band,
}

/// One point of a series; `interval` is (low, high).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    pub x: f64,
    pub y: f64,
    pub interval: Option<(f64, f64)>,
}

impl ChartPoint {
    /// The mean of `s` with its 95% interval.
    pub fn from_stats(x: f64, s: &Stats) -> ChartPoint {
        ChartPoint {
            x,
            y: s.mean,
            interval: (!s.ci_low.is_nan()).then_some((s.ci_low, s.ci_high)),
        }
    }

    pub fn plain(x: f64, y: f64) -> ChartPoint {
        ChartPoint {
            x,
            y,
            interval: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub colour: &'static str,
    /// Dashed line and hollow markers: a reference, not orgsim.
    pub dashed: bool,
    pub markers: bool,
    pub intervals: IntervalStyle,
    pub points: Vec<ChartPoint>,
}

#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    /// Fixed y range; None: from the data, with round ends.
    pub y_range: Option<(f64, f64)>,
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 240.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 56.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Round tick positions covering [lo, hi]: steps of 1, 2 or 5 × 10^k, about five of them.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater)
        || !lo.is_finite()
        || !hi.is_finite()
    {
        return vec![lo];
    }
    let raw = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    // The tolerance keeps ends such as 1.0 = 10 × 0.1 despite rounding in the division.
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

fn tick_label(v: f64, step: f64) -> String {
    // As many decimals as the step needs (0.25 needs two, 0.2 one, 50 none).
    let decimals = (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6) as usize;
    let text = format!("{v:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// Rounds `lo` down and `hi` up to the tick step.
fn round_range(lo: f64, hi: f64) -> (f64, f64) {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return (lo - 0.5, hi + 0.5);
    }
    let t = ticks(lo, hi);
    let step = if t.len() > 1 { t[1] - t[0] } else { hi - lo };
    (
        (lo / step + 1e-9).floor() * step,
        (hi / step - 1e-9).ceil() * step,
    )
}

/// The chart as an SVG document.
pub fn line_chart(chart: &Chart) -> String {
    let xs = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.x));
    let (x_lo, x_hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let (x_lo, x_hi) = round_range(x_lo, x_hi);
    let (y_lo, y_hi) = chart.y_range.unwrap_or_else(|| {
        let ys = chart.series.iter().flat_map(|s| {
            s.points.iter().flat_map(|p| {
                let (l, h) = p.interval.unwrap_or((p.y, p.y));
                [p.y, l, h]
            })
        });
        let (lo, hi) = ys
            .filter(|v| v.is_finite())
            .fold((f64::MAX, f64::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        round_range(lo, hi)
    });
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let sx = |x: f64| LEFT + (x - x_lo) / (x_hi - x_lo) * plot_w;
    let sy = |y: f64| TOP + (y_hi - y.clamp(y_lo, y_hi)) / (y_hi - y_lo) * plot_h;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&chart.title));
    let _ = writeln!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"white\"/>"
    );
    let _ = writeln!(
        svg,
        "<text x=\"{LEFT}\" y=\"24\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        escape(&chart.title)
    );

    // Grid, ticks and axes.
    let y_ticks = ticks(y_lo, y_hi);
    let y_step = if y_ticks.len() > 1 {
        y_ticks[1] - y_ticks[0]
    } else {
        1.0
    };
    for &t in &y_ticks {
        let y = sy(t);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/>",
            LEFT + plot_w
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            y + 4.0,
            tick_label(t, y_step)
        );
    }
    let x_ticks = ticks(x_lo, x_hi);
    let x_step = if x_ticks.len() > 1 {
        x_ticks[1] - x_ticks[0]
    } else {
        1.0
    };
    for &t in &x_ticks {
        let x = sx(t);
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#333\"/>",
            TOP + plot_h,
            TOP + plot_h + 5.0
        );
        let _ = writeln!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            TOP + plot_h + 18.0,
            tick_label(t, x_step)
        );
    }
    let _ = writeln!(
        svg,
        "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{plot_w}\" height=\"{plot_h}\" fill=\"none\" stroke=\"#333\"/>"
    );
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        LEFT + plot_w / 2.0,
        HEIGHT - 14.0,
        escape(&chart.x_label)
    );
    let _ = writeln!(
        svg,
        "<text transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        TOP + plot_h / 2.0,
        escape(&chart.y_label)
    );

    // Series: bands first, then lines, bars and markers.
    for s in &chart.series {
        if s.intervals == IntervalStyle::Band {
            let upper: Vec<String> = s
                .points
                .iter()
                .filter_map(|p| {
                    p.interval
                        .map(|(_, h)| format!("{:.1},{:.1}", sx(p.x), sy(h)))
                })
                .collect();
            let lower: Vec<String> = s
                .points
                .iter()
                .rev()
                .filter_map(|p| {
                    p.interval
                        .map(|(l, _)| format!("{:.1},{:.1}", sx(p.x), sy(l)))
                })
                .collect();
            if !upper.is_empty() {
                let _ = writeln!(
                    svg,
                    "<polygon points=\"{} {}\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>",
                    upper.join(" "),
                    lower.join(" "),
                    s.colour
                );
            }
        }
    }
    for s in &chart.series {
        let path: Vec<String> = s
            .points
            .iter()
            .filter(|p| p.y.is_finite())
            .map(|p| format!("{:.1},{:.1}", sx(p.x), sy(p.y)))
            .collect();
        let dash = if s.dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
            path.join(" "),
            s.colour
        );
        for p in s.points.iter().filter(|p| p.y.is_finite()) {
            let (x, y) = (sx(p.x), sy(p.y));
            if let (IntervalStyle::Bars, Some((l, h))) = (s.intervals, p.interval) {
                let (yl, yh) = (sy(l), sy(h));
                let _ = writeln!(
                    svg,
                    "<path d=\"M{x:.1},{yl:.1}V{yh:.1}M{:.1},{yl:.1}h8M{:.1},{yh:.1}h8\" stroke=\"{}\" stroke-width=\"1.2\" fill=\"none\"/>",
                    x - 4.0,
                    x - 4.0,
                    s.colour
                );
            }
            if s.markers {
                let fill = if s.dashed { "white" } else { s.colour };
                let _ = writeln!(
                    svg,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.2\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                    s.colour
                );
            }
        }
    }

    // Legend.
    let legend_x = LEFT + plot_w + 16.0;
    for (i, s) in chart.series.iter().enumerate() {
        let y = TOP + 10.0 + 20.0 * i as f64;
        let dash = if s.dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            "<line x1=\"{legend_x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
            legend_x + 24.0,
            s.colour
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            legend_x + 30.0,
            y + 4.0,
            escape(&s.name)
        );
    }
    let note_y = TOP + 10.0 + 20.0 * chart.series.len() as f64 + 8.0;
    let _ = writeln!(
        svg,
        "<text x=\"{legend_x:.1}\" y=\"{note_y:.1}\" fill=\"#555\" font-size=\"11\">bars/bands: 95% intervals</text>"
    );
    svg.push_str("</svg>\n");
    svg
}

fn orgsim_series(name: String, colour: &'static str, points: Vec<ChartPoint>) -> Series {
    Series {
        name,
        colour,
        dashed: false,
        markers: true,
        intervals: IntervalStyle::Bars,
        points,
    }
}

/// March's Figure 1 as orgsim gives it, with Workiewicz's (2019) values dashed.
pub fn figure1_chart(f: &Figure1) -> Chart {
    let mut series = Vec::new();
    for (i2, &p2) in f.p2.iter().enumerate() {
        let colour = COLOURS[i2 % COLOURS.len()];
        series.push(orgsim_series(
            format!("orgsim, p2 = {p2}"),
            colour,
            (0..f.p1.len())
                .map(|i1| ChartPoint::from_stats(f.p1[i1], &f.knowledge(i2, i1)))
                .collect(),
        ));
        let reference: Vec<ChartPoint> = (0..f.p1.len())
            .filter_map(|i1| f.reference(i2, i1).map(|r| ChartPoint::plain(f.p1[i1], r)))
            .collect();
        if !reference.is_empty() {
            series.push(Series {
                name: format!("Workiewicz 2019, p2 = {p2}"),
                colour,
                dashed: true,
                markers: true,
                intervals: IntervalStyle::Bars,
                points: reference,
            });
        }
    }
    Chart {
        title: format!(
            "Equilibrium code knowledge against p1 ({} organisations a point)",
            f.replications
        ),
        x_label: "p1, socialisation rate (how fast people learn from the code)".into(),
        y_label: "equilibrium code knowledge K".into(),
        series,
        y_range: None,
    }
}

/// Mixed groups against homogeneous groups of the same average rate, by share of fast learners.
pub fn mixed_chart(m: &MixedLearners) -> Chart {
    let knowledge = |runs: &[RunEnd]| Stats::of(runs.iter().map(|r| r.knowledge));
    let mut mixed = Vec::new();
    let mut homogeneous = Vec::new();
    if let Some(slow) = &m.all_slow {
        mixed.push(ChartPoint::from_stats(0.0, &knowledge(slow)));
        homogeneous.push(ChartPoint::from_stats(0.0, &knowledge(slow)));
    }
    for i in 0..m.shares.len() {
        mixed.push(ChartPoint::from_stats(m.shares[i], &m.mixed_knowledge(i)));
        homogeneous.push(ChartPoint::from_stats(
            m.shares[i],
            &m.homogeneous_knowledge(i),
        ));
    }
    if let Some(fast) = &m.all_fast {
        mixed.push(ChartPoint::from_stats(1.0, &knowledge(fast)));
        homogeneous.push(ChartPoint::from_stats(1.0, &knowledge(fast)));
    }
    Chart {
        title: format!(
            "Fast (p1 = {}) and slow (p1 = {}) learners mixed, n = {}",
            m.fast_rate, m.slow_rate, m.individuals
        ),
        x_label: "share of fast learners (homogeneous: everybody at the same average rate)".into(),
        y_label: "equilibrium code knowledge K".into(),
        series: vec![
            orgsim_series("mixed fast and slow".into(), COLOURS[0], mixed),
            orgsim_series("homogeneous, same mean p1".into(), COLOURS[1], homogeneous),
        ],
        y_range: None,
    }
}

/// Period-20 code knowledge against turnover, one line per socialisation rate.
pub fn turnover_chart(t: &Turnover) -> Chart {
    let series = (0..t.p1.len())
        .map(|i1| {
            orgsim_series(
                format!("p1 = {}", t.p1[i1]),
                COLOURS[i1 % COLOURS.len()],
                (0..t.p3.len())
                    .map(|i3| ChartPoint::from_stats(t.p3[i3], &t.stats(i1, i3)))
                    .collect(),
            )
        })
        .collect();
    Chart {
        title: format!("Code knowledge after {} periods against turnover", t.months),
        x_label: "p3, turnover (chance a person is replaced each period)".into(),
        y_label: format!("code knowledge K at period {}", t.months),
        series,
        y_range: None,
    }
}

/// Code knowledge over time under turbulence, one line per turnover rate.
pub fn turbulence_chart(t: &Turbulence) -> Chart {
    let series = (0..t.p3.len())
        .map(|i3| Series {
            name: if t.p3[i3] == 0.0 {
                "no turnover (p3 = 0)".into()
            } else {
                format!("turnover p3 = {}", t.p3[i3])
            },
            colour: COLOURS[i3 % COLOURS.len()],
            dashed: false,
            markers: false,
            intervals: IntervalStyle::Band,
            points: (0..=t.months as usize)
                .map(|m| ChartPoint::from_stats(m as f64, &t.at(i3, m)))
                .collect(),
        })
        .collect();
    Chart {
        title: format!(
            "Code knowledge over time, turbulence p4 = {} (p1 = {}, p2 = {})",
            t.turbulence, t.socialisation_rate, t.code_learning_rate
        ),
        x_label: "period".into(),
        y_label: "code knowledge K".into(),
        series,
        y_range: None,
    }
}

/// Every validation figure: (file name, SVG text, one-line description).
pub fn validation_figures(v: &Validation) -> Vec<(&'static str, String, String)> {
    [
        ("figure1_p1_p2.svg", figure1_chart(&v.figure1)),
        ("mixed_learners.svg", mixed_chart(&v.mixed)),
        ("turnover.svg", turnover_chart(&v.turnover)),
        ("turbulence.svg", turbulence_chart(&v.turbulence)),
    ]
    .into_iter()
    .map(|(name, chart)| (name, line_chart(&chart), chart.title.clone()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            ticks(0.0, 1.0),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks(0.0, 200.0), vec![0.0, 50.0, 100.0, 150.0, 200.0]);
        let t = ticks(0.7, 0.98);
        assert!(t.first().unwrap() >= &0.7 && t.last().unwrap() <= &0.98);
    }

    #[test]
    fn a_chart_is_a_plain_svg_with_every_series_in_the_legend() {
        let chart = Chart {
            title: "A & B".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series: vec![Series {
                name: "one <1>".into(),
                colour: COLOURS[0],
                dashed: false,
                markers: true,
                intervals: IntervalStyle::Bars,
                points: vec![
                    ChartPoint {
                        x: 0.0,
                        y: 0.5,
                        interval: Some((0.4, 0.6)),
                    },
                    ChartPoint::plain(1.0, 0.7),
                ],
            }],
            y_range: None,
        };
        let svg = line_chart(&chart);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("<title>A &amp; B</title>"));
        assert!(svg.contains("one &lt;1&gt;"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(line_chart(&chart), svg, "deterministic");
    }
}

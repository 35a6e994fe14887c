//! The headline results section of the report (a run, a comparison or a sweep), the
//! reading guide and the figures section.

use crate::output::headline::{decimals_for, decimals_for_largest, fixed_signed};
use crate::output::report::html::{
    ci_text, esc, humanise, mean_text, metric_meaning, plural, reading,
};
use crate::output::report::{
    ComparedValue, MAX_POINT_ROWS, PointRow, ReportData, Results, ResultsKind,
};
use crate::output::results_folder::FIGURES_DIR;
use crate::output::{HEADLINE_METRICS, Statistic, Stats};
use std::fmt::Write;

pub(super) fn render_results(h: &mut String, data: &ReportData) {
    let m = data.months;
    match &data.results {
        Results::Run { rows, last_months } => {
            let reps = data
                .provenance
                .replications
                .map(|r| plural(r, "replication"))
                .unwrap_or_else(|| "the replications".into());
            let (at, over) = match last_months {
                Some((lo, hi)) if lo != hi => (
                    format!("At the end (months {lo}–{hi})"),
                    "Averaged over each run".to_string(),
                ),
                _ => (
                    format!("At month {m}"),
                    format!("Averaged over months 1–{m}"),
                ),
            };
            let _ = writeln!(
                h,
                "<p class=\"intro\">Means over {reps}, each with its 95% confidence interval. \
                 <b>{at}</b> is the state at the end of the simulated period; \
                 <b>{}</b> is each replication's average over the whole \
                 period.</p>",
                over.to_lowercase()
            );
            if let Some((lo, hi)) = last_months
                && lo != hi
            {
                let _ = writeln!(
                    h,
                    "<p class=\"note\">The replications stopped at equilibrium, between months \
                     {lo} and {hi}: “the end” is each replication's last month.</p>"
                );
            }
            let _ = write!(
                h,
                "<table class=\"headline\">\n<colgroup><col class=\"metric\"><col><col><col><col></colgroup>\n\
                 <thead><tr class=\"group\"><th rowspan=\"2\">Metric</th>\
                 <th colspan=\"2\" class=\"span\">{at}</th>\
                 <th colspan=\"2\" class=\"span\">{over}</th></tr>\n\
                 <tr><th class=\"num\">Mean</th><th>95% interval</th>\
                 <th class=\"num\">Mean</th><th>95% interval</th></tr></thead>\n<tbody>\n"
            );
            for row in rows {
                let decimals = decimals_for(if row.at_horizon.mean.is_nan() {
                    row.over_run.mean
                } else {
                    row.at_horizon.mean
                });
                let _ = write!(h, "<tr><th scope=\"row\">{}", esc(&humanise(&row.metric)));
                if let Some((meaning, unit)) = metric_meaning(&row.metric) {
                    let _ = write!(
                        h,
                        "<span class=\"meaning\">{} · {}</span>",
                        esc(meaning),
                        esc(unit)
                    );
                }
                let _ = writeln!(
                    h,
                    "</th><td class=\"num mean\">{}</td><td class=\"ci\">{}</td>\
                     <td class=\"num mean\">{}</td><td class=\"ci\">{}</td></tr>",
                    mean_text(&row.at_horizon, decimals, false),
                    ci_text(&row.at_horizon, decimals, false),
                    mean_text(&row.over_run, decimals, false),
                    ci_text(&row.over_run, decimals, false),
                );
            }
            h.push_str("</tbody></table>\n");
        }
        Results::Compare { scenarios, rows } => render_compare_results(h, data, scenarios, rows),
        Results::Sweep {
            keys,
            metric,
            rows,
            points,
            failed,
            last_months,
        } => render_sweep_results(
            h,
            data,
            keys,
            metric,
            rows,
            (*points, *failed, *last_months),
        ),
    }
}

pub(super) fn render_compare_results(
    h: &mut String,
    data: &ReportData,
    scenarios: &[String],
    rows: &[ComparedValue],
) {
    let m = data.months;
    let reference = scenarios
        .first()
        .map_or("the first scenario", String::as_str);
    let reps = data
        .provenance
        .replications
        .map(|r| plural(r, "replication"))
        .unwrap_or_else(|| "the same replications".into());
    let _ = writeln!(
        h,
        "<p class=\"intro\">Every scenario ran {reps} with the same random numbers. Each row \
         gives the scenario's mean with its 95% confidence interval, and its <b>paired \
         difference</b> to <b>{}</b> (the reference): the scenario minus the reference, with that \
         difference's 95% interval. ▲ and ▼ mark differences whose whole interval lies above or \
         below zero.</p>",
        esc(reference)
    );
    // Headline metrics first, in their order, then none other (the CSV has them all).
    let metrics: Vec<&str> = HEADLINE_METRICS
        .iter()
        .map(|m| m.name())
        .filter(|name| rows.iter().any(|r| r.metric == *name))
        .collect();
    for (statistic, title) in [
        (Statistic::Horizon, format!("At month {m} (the horizon)")),
        (Statistic::Average, format!("Averaged over months 1–{m}")),
    ] {
        let _ = writeln!(h, "<h3>{title}</h3>");
        let _ = write!(
            h,
            "<table class=\"compare\">\n<thead><tr><th>Metric</th><th>Scenario</th>\
             <th class=\"num\">Mean</th><th>95% interval</th>\
             <th class=\"num\">Difference</th><th>95% interval</th><th>Reading</th>\
             <th class=\"plot\">Difference <span class=\"scale-note\">(dashed: 0)</span></th></tr></thead>\n"
        );
        for metric in &metrics {
            let members: Vec<&ComparedValue> = scenarios
                .iter()
                .filter_map(|s| {
                    rows.iter().find(|r| {
                        r.metric == *metric && r.statistic == statistic && &r.scenario == s
                    })
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            let decimals = decimals_for_largest(members.iter().map(|r| r.stats.mean));
            // One scale for the metric's difference plots, including zero.
            let (mut lo, mut hi) = (0.0f64, 0.0f64);
            for d in members.iter().filter_map(|r| r.difference.as_ref()) {
                for x in [d.ci_low, d.ci_high, d.mean] {
                    if x.is_finite() {
                        lo = lo.min(x);
                        hi = hi.max(x);
                    }
                }
            }
            // One number of decimals for the metric's differences (its largest difference's),
            // so a column never shows +0.0864 beside +0.151.
            let largest = members
                .iter()
                .filter_map(|r| r.difference.map(|d| d.mean.abs()))
                .filter(|x| x.is_finite() && *x > 0.0)
                .fold(0.0f64, f64::max);
            let dd = if largest > 0.0 {
                decimals.max(decimals_for(largest).saturating_sub(1))
            } else {
                decimals
            };
            h.push_str("<tbody class=\"group\">\n");
            for (i, row) in members.iter().enumerate() {
                h.push_str("<tr>");
                if i == 0 {
                    let _ = write!(
                        h,
                        "<th scope=\"rowgroup\" rowspan=\"{}\">{}",
                        members.len(),
                        esc(&humanise(metric))
                    );
                    if let Some((_, unit)) = metric_meaning(metric) {
                        let _ = write!(h, "<span class=\"meaning\">{}</span>", esc(unit));
                    }
                    h.push_str("</th>");
                }
                let _ = write!(
                    h,
                    "<td>{}</td><td class=\"num mean\">{}</td><td class=\"ci\">{}</td>",
                    esc(&row.scenario),
                    mean_text(&row.stats, decimals, false),
                    ci_text(&row.stats, decimals, false)
                );
                match &row.difference {
                    None => h.push_str(
                        "<td class=\"num ref\" colspan=\"3\">reference</td><td class=\"plot\"></td>",
                    ),
                    Some(d) => {
                        let word = reading(d);
                        let (mark, class) = match word {
                            "higher" => ("▲ ", "reading sig"),
                            "lower" => ("▼ ", "reading sig"),
                            _ => ("", "reading"),
                        };
                        // The change in percent beside the absolute difference.
                        let lang = data.options.lang;
                        let percent = data
                            .story
                            .percent
                            .iter()
                            .find(|(m, st, sc, _)| {
                                m == metric && *st == statistic && *sc == row.scenario
                            })
                            .map(|(_, _, _, p)| p)
                            .filter(|p| p.mean.is_finite())
                            .map(|p| {
                                let bounds = if p.ci_low.is_finite() {
                                    format!(
                                        " [{}, {}]",
                                        lang.percent_change(p.ci_low),
                                        lang.percent_change(p.ci_high)
                                    )
                                } else {
                                    String::new()
                                };
                                format!(
                                    "<small class=\"pct\">{}{bounds}</small>",
                                    lang.percent_change(p.mean)
                                )
                            })
                            .unwrap_or_default();
                        let _ = write!(
                            h,
                            "<td class=\"num mean\">{}</td><td class=\"ci\">{}</td>\
                             <td class=\"{class}\">{mark}{word}{percent}</td><td class=\"plot\">{}</td>",
                            mean_text(d, dd, true),
                            ci_text(d, dd, true),
                            interval_svg(d, lo, hi, true)
                        );
                    }
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n");
        }
        h.push_str("</table>\n");
    }
}

/// A small forest-plot cell: the 95% interval of `s` as a line with end caps and its mean as
/// a dot, on the scale `lo..hi`; with a dashed zero line if `zero`.
pub(super) fn interval_svg(s: &Stats, lo: f64, hi: f64, zero: bool) -> String {
    const W: f64 = 120.0;
    const H: f64 = 16.0;
    const PAD: f64 = 6.0;
    let span = hi - lo;
    let (lo, span) = if span > 0.0 && span.is_finite() {
        (lo - 0.04 * span, span * 1.08)
    } else {
        (lo - 1.0, 2.0)
    };
    let x = |v: f64| PAD + (v - lo) / span * (W - 2.0 * PAD);
    let mut svg = format!(
        "<svg class=\"interval\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"mean {} with 95% interval {}\">",
        mean_text(s, 4, zero),
        ci_text(s, 4, zero)
    );
    if zero {
        let z = x(0.0);
        let _ = write!(
            svg,
            "<line x1=\"{z:.1}\" y1=\"1\" x2=\"{z:.1}\" y2=\"{:.1}\" class=\"zero\"/>",
            H - 1.0
        );
    }
    if s.ci_low.is_finite() && s.ci_high.is_finite() {
        let (a, b) = (x(s.ci_low), x(s.ci_high));
        let m = H / 2.0;
        let _ = write!(
            svg,
            "<line x1=\"{a:.1}\" y1=\"{m}\" x2=\"{b:.1}\" y2=\"{m}\" class=\"ci\"/>\
             <line x1=\"{a:.1}\" y1=\"{:.1}\" x2=\"{a:.1}\" y2=\"{:.1}\" class=\"ci\"/>\
             <line x1=\"{b:.1}\" y1=\"{:.1}\" x2=\"{b:.1}\" y2=\"{:.1}\" class=\"ci\"/>",
            m - 4.0,
            m + 4.0,
            m - 4.0,
            m + 4.0
        );
    }
    if s.mean.is_finite() {
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{}\" r=\"3.2\" class=\"dot\"/>",
            x(s.mean),
            H / 2.0
        );
    }
    svg.push_str("</svg>");
    svg
}

pub(super) fn render_sweep_results(
    h: &mut String,
    data: &ReportData,
    keys: &[String],
    metric: &str,
    rows: &[PointRow],
    (points, failed, last_months): (usize, usize, Option<(u32, u32)>),
) {
    let reps = data
        .provenance
        .replications
        .map(|r| plural(r, "replication"))
        .unwrap_or_else(|| "its replications".into());
    let at = match last_months {
        Some((lo, hi)) if lo == hi => format!("at month {lo}"),
        _ => "at each point's last month".into(),
    };
    let _ = write!(
        h,
        "<p class=\"intro\">Each point is the base scenario with the varied settings below, run \
         {reps}; the table gives <b>{}</b> {at}: the mean over replications with its 95% \
         confidence interval, and the interval drawn to one scale for all points.",
        esc(metric)
    );
    if let Some((meaning, unit)) = metric_meaning(metric) {
        let _ = write!(
            h,
            " {}: {}; unit: {}.",
            esc(&humanise(metric)),
            esc(meaning),
            esc(unit)
        );
    }
    if failed > 0 {
        let _ = write!(
            h,
            " {} did not run (see the status column).",
            plural(failed as u64, "point")
        );
    }
    h.push_str("</p>\n");
    let shown = &rows[..rows.len().min(MAX_POINT_ROWS)];
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for r in shown {
        for x in [r.at_horizon.ci_low, r.at_horizon.ci_high, r.at_horizon.mean] {
            if x.is_finite() {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
    }
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let decimals = decimals_for_largest(shown.iter().map(|r| r.at_horizon.mean));
    h.push_str("<table class=\"points long\">\n<thead><tr><th class=\"num\">Point</th>");
    for key in keys {
        let _ = write!(h, "<th class=\"num key\">{}</th>", esc(key));
    }
    let _ = write!(
        h,
        "<th>Status</th><th class=\"num\">{}</th><th>95% interval</th>\
         <th class=\"plot\">Interval <span class=\"scale-note\">(scale {} to {})</span></th></tr></thead>\n<tbody>\n",
        esc(&humanise(metric)),
        fixed_signed(lo, decimals, false).replace('-', "−"),
        fixed_signed(hi, decimals, false).replace('-', "−"),
    );
    for r in shown {
        let _ = write!(h, "<tr><td class=\"num\">{}</td>", r.point);
        for v in &r.values {
            let _ = write!(h, "<td class=\"num\">{}</td>", esc(v));
        }
        let status = if r.status == "ok" || r.error.is_empty() {
            esc(&r.status)
        } else {
            format!(
                "{}<span class=\"meaning\">{}</span>",
                esc(&r.status),
                esc(&r.error)
            )
        };
        let _ = writeln!(
            h,
            "<td>{status}</td><td class=\"num mean\">{}</td><td class=\"ci\">{}</td><td class=\"plot\">{}</td></tr>",
            mean_text(&r.at_horizon, decimals, false),
            ci_text(&r.at_horizon, decimals, false),
            interval_svg(&r.at_horizon, lo, hi, false)
        );
    }
    h.push_str("</tbody></table>\n");
    if points > shown.len() {
        let _ = writeln!(
            h,
            "<p class=\"note\">The first {} of {} points are listed; all are in \
             <code>points.csv</code> and <code>summary.csv</code>.</p>",
            shown.len(),
            points
        );
    }
}

pub(super) fn render_reading(h: &mut String, data: &ReportData) {
    let m = data.months;
    h.push_str("<div class=\"callout\">\n<ul class=\"reading-list\">\n");
    let _ = writeln!(
        h,
        "<li><b>A simulation, run many times.</b> The model follows every employee and manager \
         month by month, with chance events (who quits, which ideas work, how the market moves). \
         Each <i>replication</i> is one possible history. The numbers are <b>means over \
         replications</b>: what happens on average under these assumptions, not a forecast for \
         one organisation.</li>"
    );
    let _ = writeln!(
        h,
        "<li><b>95% intervals.</b> The interval in brackets shows how precisely the replications \
         pin down that mean: with more replications it gets narrower. It is not the range of \
         outcomes a single organisation could see, which is wider.</li>"
    );
    let level = percent(
        data.provenance
            .prediction_level
            .unwrap_or(crate::ground::stats::DEFAULT_PREDICTION_LEVEL),
    );
    let _ = writeln!(
        h,
        "<li><b>Two bands in the figures.</b> The dark band is where the mean lies (95%); the \
         light band, with dashed edges, is where {level} of single runs lie (summary.csv's \
         <code>pi_low</code> and <code>pi_high</code>; the level is set with \
         <code>--prediction-level</code>).</li>"
    );
    let _ = writeln!(
        h,
        "<li><b>At the horizon and over the run.</b> “At month {m}” is the state at the end of \
         the simulated period; “averaged over months 1–{m}” also counts the way there, such as a \
         dip while a programme takes working time.</li>"
    );
    match data.kind {
        ResultsKind::Compare => {
            let _ = writeln!(
                h,
                "<li><b>Paired differences under common random numbers.</b> Every scenario lived \
                 through the same chance events: replication 1 of each scenario used the same \
                 random numbers, and so on. A difference is therefore computed within each \
                 replication and then averaged, so chance the scenarios share cancels out and the \
                 interval of a difference is usually narrower than those of the scenarios \
                 themselves. <i>Higher</i> or <i>lower</i> (▲ ▼) means the whole interval lies on \
                 one side of zero; <i>no clear difference</i> means it includes zero.</li>"
            );
        }
        ResultsKind::Sweep => {
            let _ = writeln!(
                h,
                "<li><b>Points share their random numbers.</b> Replication 1 of every point used \
                 the same random numbers, so differences between points come from the settings, \
                 not from luck. Where intervals overlap, points may still differ reliably; \
                 <code>summary.csv</code> and <code>timeseries.csv</code> hold the full data.</li>"
            );
        }
        ResultsKind::Run => {
            let _ = writeln!(
                h,
                "<li><b>Comparing scenarios.</b> To see what a change does, run the alternatives \
                 with <code>orgsim compare</code>: it gives paired differences under common random \
                 numbers, which are more precise than comparing separate intervals by eye.</li>"
            );
        }
    }
    let _ = writeln!(
        h,
        "<li><b>Scales.</b> Engagement, trust, skill and autonomy run from 0 to 1. Performance is \
         output per employee slot, where a fully skilled, engaged and well-informed employee \
         produces about 1 a month. Retention is the share of staff who did not quit over the last \
         12 months; agility is the share of the last year's market changes the organisation has \
         caught up with. Net value is output minus programme, hiring and innovation costs, in the \
         same output units a month.</li>"
    );
    h.push_str("</ul>\n</div>\n");
}

pub(super) fn render_figures(h: &mut String, data: &ReportData) {
    if data.figures.is_empty() {
        h.push_str(
            "<div class=\"placeholder\"><b>No figures in this folder yet.</b><br>\
             Figures are drawn into <code>figures/</code> next to the results; run \
             <code>orgsim report</code> on this folder again once they are there to include \
             them here.</div>\n",
        );
    } else {
        for (i, figure) in data.figures.iter().enumerate() {
            let _ = writeln!(
                h,
                "<figure class=\"chart\">\n{}\n<figcaption><b>Figure {}.</b> {}</figcaption>\n</figure>",
                figure.svg,
                i + 1,
                esc(&figure.caption)
            );
        }
    }
    for note in &data.notes {
        if note.starts_with(FIGURES_DIR) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
        }
    }
}

/// A level such as 0.9 or 0.875 as "90%" or "87.5%".
fn percent(level: f64) -> String {
    let p = (level * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

//! The report's "Net value and pay-back" section (probabilities of doing better, the
//! break-even month and a figure of cumulative net value drawn as inline SVG) and its
//! "Workforce groups" table, in the page's language.

use super::i18n::Lang;
use super::story::{Series, decimals};
use crate::output::report::ReportData;
use crate::output::report::html::esc;
use std::fmt::Write;

/// Line colours of the scenarios, in order (the reference first); dark enough to print.
const COLOURS: [&str; 6] = [
    "#4d4d4d", "#1f6fb2", "#c4501b", "#2e8b57", "#8e44ad", "#b8860b",
];

/// The pay-back section: a table of probabilities, a table of break-even months and the
/// figure (numbered `figure_number` and, for differences, the next).
pub(super) fn render_payoff(h: &mut String, data: &ReportData, lang: Lang, figure_number: usize) {
    render_payoff_and_figures(h, data, lang, figure_number);
    super::costs::render_costs(h, &data.story.costs, data.months, lang);
}

fn render_payoff_and_figures(h: &mut String, data: &ReportData, lang: Lang, figure_number: usize) {
    let story = &data.story;
    if story.cumulative.is_empty() && story.success.is_empty() {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(lang.t("no_net_value")));
        return;
    }
    if !story.success.is_empty() {
        let _ = writeln!(
            h,
            "<h3>{}</h3>\n<p class=\"intro\">{}</p>",
            lang.t("success_title"),
            esc(lang.t("success_intro"))
        );
        let _ = write!(
            h,
            "<table class=\"success\">\n<thead><tr><th>{}</th><th>{}</th>\
             <th class=\"num\">{}</th><th>95%</th><th class=\"num\">{}</th><th>95%</th></tr></thead>\n<tbody>\n",
            lang.t("outcome"),
            lang.t("scenario"),
            lang.t("p_better"),
            lang.t("pct_change"),
        );
        for line in &story.success {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{} ({} {})</th><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"ci\">[{}, {}]</td><td class=\"num\">{}</td><td class=\"ci\">[{}, {}]</td></tr>",
                esc(&lang.metric(&line.outcome)),
                lang.t("month"),
                data.months,
                esc(&line.scenario),
                lang.number(line.better.p, 2),
                lang.number(line.better.low, 2),
                lang.number(line.better.high, 2),
                lang.percent_change(line.percent.mean),
                lang.percent_change(line.percent.ci_low),
                lang.percent_change(line.percent.ci_high),
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if !story.break_even.is_empty() {
        let _ = writeln!(h, "<h3>{}</h3>", lang.t("payback_title"));
        let _ = write!(
            h,
            "<table class=\"break-even\">\n<thead><tr><th>{}</th><th class=\"num\">{} ({})</th>\
             <th>5–95%</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            lang.t("scenario"),
            lang.t("payback_month"),
            lang.t("median"),
            lang.t("paid_back_within"),
            lang.t("never"),
        );
        for b in &story.break_even {
            let share = |s: &crate::experiment::success::Share| {
                format!(
                    "{} [{}, {}]",
                    lang.share(s.p),
                    lang.share(s.low),
                    lang.share(s.high)
                )
            };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"ci\">{}–{}</td>\
                 <td class=\"num\">{} {}: {}</td><td class=\"num\">{}</td></tr>",
                esc(&b.scenario),
                lang.number(b.median, 0),
                lang.number(b.p5, 0),
                lang.number(b.p95, 0),
                b.within_months,
                lang.t("months"),
                share(&b.within),
                share(&b.never),
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if !story.cumulative.is_empty() {
        let svg = chart(&story.cumulative, 0, &[], lang);
        let _ = writeln!(
            h,
            "<figure class=\"chart cumulative\">\n{svg}\n<figcaption><b>{} {figure_number}.</b> {}</figcaption>\n</figure>",
            lang.t("figure"),
            esc(lang.t("cumulative_caption"))
        );
    }
    if !story.differences.is_empty() {
        // Each scenario's median pay-back month in its colour (none for one never behind).
        let markers: Vec<(f64, usize)> = story
            .differences
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let b = story.break_even.iter().find(|b| b.scenario == d.scenario)?;
                (b.median.is_finite() && b.p95 > 1.0).then_some((b.median, i + 1))
            })
            .collect();
        let svg = chart(&story.differences, 1, &markers, lang);
        let _ = writeln!(
            h,
            "<figure class=\"chart cumulative\">\n{svg}\n<figcaption><b>{} {}.</b> {}</figcaption>\n</figure>",
            lang.t("figure"),
            figure_number + 1,
            esc(lang.t("difference_caption"))
        );
    }
}

/// A line chart of `series` with 95% bands, series i in colour `first_colour + i`; the y-axis
/// always includes zero (drawn as a line); each marker (month, colour) is a dashed vertical
/// line at that month.
fn chart(series: &[Series], first_colour: usize, markers: &[(f64, usize)], lang: Lang) -> String {
    let (w, ht) = (720.0, 300.0);
    let (left, right, top, bottom) = (70.0, 150.0, 16.0, 40.0);
    let (pw, ph) = (w - left - right, ht - top - bottom);
    let max_month = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let values = series
        .iter()
        .flat_map(|s| s.points.iter().flat_map(|p| [p.1, p.2, p.3]))
        .filter(|v| v.is_finite());
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi - lo <= 0.0 {
        hi = lo + 1.0;
    }
    let step = nice_step((hi - lo) / 5.0);
    lo = (lo / step).floor() * step;
    hi = (hi / step).ceil() * step;
    let x = |m: f64| left + pw * m / max_month;
    let y = |v: f64| top + ph * (1.0 - (v - lo) / (hi - lo));
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {ht}\" role=\"img\" class=\"cumulative-chart\" \
         font-family=\"sans-serif\" font-size=\"11\">\n"
    );
    // Grid and y labels.
    let decimals_y = if step >= 1.0 { 0 } else { decimals(step) };
    let mut v = lo;
    while v <= hi + step * 1e-9 {
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + pw,
            y(v),
            y(v),
            if v.abs() < step * 1e-9 {
                "#000"
            } else {
                "#ddd"
            },
            if v.abs() < step * 1e-9 { 1.2 } else { 0.6 },
            left - 6.0,
            y(v) + 4.0,
            lang.number(v, decimals_y)
        );
        v += step;
    }
    // X ticks every 12 months (or 6 for short runs).
    let tick = if max_month > 36.0 { 12.0 } else { 6.0 };
    let mut m = 0.0;
    while m <= max_month + 1e-9 {
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{m}</text>",
            x(m),
            top + ph + 16.0
        );
        m += tick;
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        left + pw / 2.0,
        ht - 6.0,
        lang.t("month")
    );
    for (i, series) in series.iter().enumerate() {
        let colour = COLOURS[(first_colour + i) % COLOURS.len()];
        let pts: Vec<&(u32, f64, f64, f64)> =
            series.points.iter().filter(|p| p.1.is_finite()).collect();
        let band: Vec<&&(u32, f64, f64, f64)> = pts
            .iter()
            .filter(|p| p.2.is_finite() && p.3.is_finite())
            .collect();
        if band.len() >= 2 {
            let mut path = String::new();
            for (k, p) in band.iter().enumerate() {
                let _ = write!(
                    path,
                    "{}{:.1},{:.1}",
                    if k == 0 { "M" } else { "L" },
                    x(f64::from(p.0)),
                    y(p.3)
                );
            }
            for p in band.iter().rev() {
                let _ = write!(path, "L{:.1},{:.1}", x(f64::from(p.0)), y(p.2));
            }
            let _ = writeln!(
                s,
                "<path d=\"{path}Z\" fill=\"{colour}\" fill-opacity=\"0.18\" stroke=\"none\"/>"
            );
        }
        let mut line = String::new();
        for (k, p) in pts.iter().enumerate() {
            let _ = write!(
                line,
                "{}{:.1},{:.1}",
                if k == 0 { "M" } else { "L" },
                x(f64::from(p.0)),
                y(p.1)
            );
        }
        let _ = writeln!(
            s,
            "<path d=\"{line}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            left + pw + 10.0,
            left + pw + 28.0,
            top + 10.0 + 16.0 * i as f64,
            top + 10.0 + 16.0 * i as f64,
            left + pw + 32.0,
            top + 14.0 + 16.0 * i as f64,
            esc(&series.scenario)
        );
    }
    for (k, &(month, colour)) in markers.iter().enumerate() {
        let colour = COLOURS[colour % COLOURS.len()];
        let _ = writeln!(
            s,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{top}\" y2=\"{1:.1}\" stroke=\"{colour}\" stroke-dasharray=\"5,4\"/>\
             <text x=\"{2:.1}\" y=\"{3:.1}\" fill=\"{colour}\">{4} {5}</text>",
            x(month),
            top + ph,
            x(month) + 4.0,
            top + 12.0 + 14.0 * k as f64,
            lang.t("month"),
            lang.number(month, 0)
        );
    }
    s.push_str("</svg>");
    s
}

/// A round step (1, 2 or 5 times a power of ten) at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw.is_nan() || raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let f = raw / power;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The workforce groups table.
pub(super) fn render_groups(h: &mut String, data: &ReportData, lang: Lang) {
    let groups = &data.story.groups;
    if groups.is_empty() {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(lang.t("no_groups")));
        return;
    }
    let _ = writeln!(h, "<p class=\"intro\">{}</p>", esc(lang.t("groups_intro")));
    let _ = write!(
        h,
        "<table class=\"groups\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th><th>95%</th><th class=\"num\">{}</th><th>95%</th></tr></thead>\n<tbody>\n",
        lang.t("scenario"),
        lang.t("group"),
        lang.t("headcount"),
        lang.t("engagement"),
        lang.t("retention"),
    );
    for g in groups {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"ci\">[{}, {}]</td>\
             <td class=\"num\">{}</td><td class=\"ci\">[{}, {}]</td></tr>",
            esc(&g.scenario),
            esc(&g.group),
            lang.number(g.headcount.mean, 1),
            lang.number(g.engagement.mean, 3),
            lang.number(g.engagement.ci_low, 3),
            lang.number(g.engagement.ci_high, 3),
            lang.number(g.retention.mean, 3),
            lang.number(g.retention.ci_low, 3),
            lang.number(g.retention.ci_high, 3),
        );
    }
    h.push_str("</tbody></table>\n");
}

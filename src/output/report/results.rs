//! The headline results section of the report (a run, a comparison or a sweep), the
//! reading guide and the figures section.

use crate::output::headline::{decimals_for, decimals_for_largest, fixed_signed};
use crate::output::i18n::Lang;
use crate::output::report::html::{
    cell_text, ci_text, esc, in_lang, lower_first, mean_text, metric_meaning, reading,
};
use crate::output::report::{
    ComparedValue, MAX_POINT_ROWS, PointRow, ReportData, Results, ResultsKind,
};
use crate::output::results_folder::FIGURES_DIR;
use crate::output::{HEADLINE_METRICS, Statistic, Stats};
use std::fmt::Write;

pub(super) fn render_results(h: &mut String, data: &ReportData) {
    let m = data.months.to_string();
    let l = data.options.lang;
    match &data.results {
        Results::Run { rows, last_months } => {
            let reps = data
                .provenance
                .replications
                .map(|r| l.count(r, "replications_1", "replications_n"))
                .unwrap_or_else(|| l.t("the_replications").into());
            let (at, over) = match last_months {
                Some((lo, hi)) if lo != hi => (
                    l.fill("at_the_end", &[&lo.to_string(), &hi.to_string()]),
                    l.t("averaged_each_run").to_string(),
                ),
                _ => (
                    l.fill("at_month_m", &[&m]),
                    l.fill("averaged_months", &[&m]),
                ),
            };
            let _ = writeln!(
                h,
                "<p class=\"intro\">{}</p>",
                l.rich("run_intro", &[&reps, &at, &over.to_lowercase()])
            );
            if let Some((lo, hi)) = last_months
                && lo != hi
            {
                let _ = writeln!(
                    h,
                    "<p class=\"note\">{}</p>",
                    l.rich("run_stopped", &[&lo.to_string(), &hi.to_string()])
                );
            }
            let (metric_h, mean_h, ci_h) =
                (l.t("col_metric"), l.t("col_mean"), l.t("col_interval"));
            let _ = write!(
                h,
                "<table class=\"headline\">\n<colgroup><col class=\"metric\"><col><col><col><col></colgroup>\n\
                 <thead><tr class=\"group\"><th rowspan=\"2\">{metric_h}</th>\
                 <th colspan=\"2\" class=\"span\">{}</th>\
                 <th colspan=\"2\" class=\"span\">{}</th></tr>\n\
                 <tr><th class=\"num\">{mean_h}</th><th>{ci_h}</th>\
                 <th class=\"num\">{mean_h}</th><th>{ci_h}</th></tr></thead>\n<tbody>\n",
                esc(&at),
                esc(&over)
            );
            for row in rows {
                let decimals = decimals_for(if row.at_horizon.mean.is_nan() {
                    row.over_run.mean
                } else {
                    row.at_horizon.mean
                });
                let _ = write!(h, "<tr><th scope=\"row\">{}", esc(&l.metric(&row.metric)));
                if let Some((meaning, unit)) = metric_meaning(&row.metric) {
                    let _ = write!(
                        h,
                        "<span class=\"meaning\">{} · {}</span>",
                        esc(&l.meaning(&row.metric, meaning)),
                        esc(&l.unit(unit))
                    );
                }
                let _ = writeln!(
                    h,
                    "</th><td class=\"num mean\">{}</td><td class=\"ci\">{}</td>\
                     <td class=\"num mean\">{}</td><td class=\"ci\">{}</td></tr>",
                    mean_text(&row.at_horizon, decimals, false, l),
                    ci_text(&row.at_horizon, decimals, false, l),
                    mean_text(&row.over_run, decimals, false, l),
                    ci_text(&row.over_run, decimals, false, l),
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
    let m = data.months.to_string();
    let l = data.options.lang;
    let reference = scenarios
        .first()
        .map_or(l.t("first_scenario"), String::as_str);
    let reps = data
        .provenance
        .replications
        .map(|r| l.count(r, "replications_1", "replications_n"))
        .unwrap_or_else(|| l.t("the_replications").into());
    let _ = writeln!(
        h,
        "<p class=\"intro\">{}</p>",
        l.rich("compare_intro", &[&reps, reference])
    );
    // Headline metrics first, in their order, then none other (the CSV has them all).
    let metrics: Vec<&str> = HEADLINE_METRICS
        .iter()
        .map(|m| m.name())
        .filter(|name| rows.iter().any(|r| r.metric == *name))
        .collect();
    for (statistic, title) in [
        (Statistic::Horizon, l.fill("at_horizon_m", &[&m])),
        (Statistic::Average, l.fill("averaged_months", &[&m])),
    ] {
        let _ = writeln!(h, "<h3>{}</h3>", esc(&title));
        let _ = write!(
            h,
            "<table class=\"compare\">\n<thead><tr><th>{}</th><th>{}</th>\
             <th class=\"num\">{}</th><th>{}</th>\
             <th class=\"num\">{}</th><th>{}</th><th>{}</th>\
             <th class=\"plot\">{} <span class=\"scale-note\">{}</span></th></tr></thead>\n",
            l.t("col_metric"),
            l.t("scenario"),
            l.t("col_mean"),
            l.t("col_interval"),
            l.t("col_difference"),
            l.t("col_interval"),
            l.t("col_reading"),
            l.t("col_difference"),
            l.t("col_dashed_zero"),
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
                        esc(&l.metric(metric))
                    );
                    if let Some((_, unit)) = metric_meaning(metric) {
                        let _ = write!(h, "<span class=\"meaning\">{}</span>", esc(&l.unit(unit)));
                    }
                    h.push_str("</th>");
                }
                let _ = write!(
                    h,
                    "<td>{}</td><td class=\"num mean\">{}</td><td class=\"ci\">{}</td>",
                    esc(&row.scenario),
                    mean_text(&row.stats, decimals, false, l),
                    ci_text(&row.stats, decimals, false, l)
                );
                match &row.difference {
                    None => {
                        let _ = write!(
                            h,
                            "<td class=\"num ref\" colspan=\"3\">{}</td><td class=\"plot\"></td>",
                            l.t("reference")
                        );
                    }
                    Some(d) => {
                        let key = reading(d);
                        let (mark, class) = match key {
                            "higher" => ("▲ ", "reading sig"),
                            "lower" => ("▼ ", "reading sig"),
                            _ => ("", "reading"),
                        };
                        let word = l.t(match key {
                            "higher" => "higher",
                            "lower" => "lower",
                            "identical" => "identical",
                            "no clear difference" => "no_clear_difference",
                            _ => "–",
                        });
                        // The change in percent beside the absolute difference.
                        let lang = l;
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
                            mean_text(d, dd, true, l),
                            ci_text(d, dd, true, l),
                            interval_svg(d, (lo, hi), true, l)
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
pub(super) fn interval_svg(
    s: &Stats,
    (lo, hi): (f64, f64),
    zero: bool,
    l: crate::output::i18n::Lang,
) -> String {
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
        "<svg class=\"interval\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{}\">",
        esc(&l.fill(
            "interval_label",
            &[&mean_text(s, 4, zero, l), &ci_text(s, 4, zero, l)]
        ))
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

/// A metric named inside a sentence: in English its code name ("performance"), in Dutch its
/// name in lower case ("prestatie").
fn metric_in_text(metric: &str, l: Lang) -> String {
    match l {
        Lang::En => metric.to_string(),
        Lang::Nl => lower_first(&l.metric(metric)),
    }
}

pub(super) fn render_sweep_results(
    h: &mut String,
    data: &ReportData,
    keys: &[String],
    metric: &str,
    rows: &[PointRow],
    (points, failed, last_months): (usize, usize, Option<(u32, u32)>),
) {
    let l = data.options.lang;
    let reps = data
        .provenance
        .replications
        .map(|r| l.count(r, "replications_1", "replications_n"))
        .unwrap_or_else(|| l.t("its_replications").into());
    let at = match last_months {
        Some((lo, hi)) if lo == hi => l.fill("sweep_at_month", &[&lo.to_string()]),
        _ => l.t("sweep_at_last").into(),
    };
    let _ = write!(
        h,
        "<p class=\"intro\">{}",
        l.rich("sweep_intro", &[&reps, &metric_in_text(metric, l), &at])
    );
    if let Some((meaning, unit)) = metric_meaning(metric) {
        let _ = write!(
            h,
            " {}",
            l.rich(
                "sweep_meaning",
                &[
                    &l.metric(metric),
                    &l.meaning(metric, meaning),
                    &l.unit(unit)
                ]
            )
        );
    }
    if failed > 0 {
        let _ = write!(
            h,
            " {}",
            esc(&l.count(failed as u64, "points_failed_1", "points_failed_n"))
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
    let _ = write!(
        h,
        "<table class=\"points long\">\n<thead><tr><th class=\"num\">{}</th>",
        l.t("col_point")
    );
    for key in keys {
        let _ = write!(h, "<th class=\"num key\">{}</th>", esc(key));
    }
    let _ = write!(
        h,
        "<th>{}</th><th class=\"num\">{}</th><th>{}</th>\
         <th class=\"plot\">{} <span class=\"scale-note\">{}</span></th></tr></thead>\n<tbody>\n",
        l.t("col_status"),
        esc(&l.metric(metric)),
        l.t("col_interval"),
        l.t("col_interval_plot"),
        esc(&l.fill(
            "col_scale",
            &[
                &in_lang(fixed_signed(lo, decimals, false).replace('-', "−"), l),
                &in_lang(fixed_signed(hi, decimals, false).replace('-', "−"), l),
            ]
        )),
    );
    for r in shown {
        let _ = write!(h, "<tr><td class=\"num\">{}</td>", r.point);
        for v in &r.values {
            let _ = write!(h, "<td class=\"num\">{}</td>", esc(&cell_text(v, l)));
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
            mean_text(&r.at_horizon, decimals, false, l),
            ci_text(&r.at_horizon, decimals, false, l),
            interval_svg(&r.at_horizon, (lo, hi), false, l)
        );
    }
    h.push_str("</tbody></table>\n");
    if points > shown.len() {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            l.rich(
                "points_listed",
                &[&shown.len().to_string(), &points.to_string()]
            )
        );
    }
}

pub(super) fn render_reading(h: &mut String, data: &ReportData) {
    let l = data.options.lang;
    let m = data.months.to_string();
    let level = percent(
        data.provenance
            .prediction_level
            .unwrap_or(crate::ground::stats::DEFAULT_PREDICTION_LEVEL),
        l,
    );
    let kind = match data.kind {
        ResultsKind::Compare => ("read_paired_title", "read_paired"),
        ResultsKind::Sweep => ("read_points_title", "read_points"),
        ResultsKind::Run => ("read_compare_title", "read_compare"),
    };
    h.push_str("<div class=\"callout\">\n<ul class=\"reading-list\">\n");
    for ((title, text), args) in [
        (("read_sim_title", "read_sim"), &[][..]),
        (("read_ci_title", "read_ci"), &[]),
        (("read_bands_title", "read_bands"), &[level.as_str()]),
        (("read_horizon_title", "read_horizon"), &[m.as_str()]),
        (kind, &[]),
        (("read_scales_title", "read_scales"), &[]),
    ] {
        let _ = writeln!(
            h,
            "<li><b>{}</b> {}</li>",
            l.rich(title, &[]),
            l.rich(text, args)
        );
    }
    h.push_str("</ul>\n</div>\n");
}

pub(super) fn render_figures(h: &mut String, data: &ReportData) {
    let l = data.options.lang;
    if data.figures.is_empty() {
        let _ = writeln!(
            h,
            "<div class=\"placeholder\"><b>{}</b><br>{}</div>",
            l.rich("no_figures_title", &[]),
            l.rich("no_figures", &[])
        );
    } else {
        for (i, figure) in data.figures.iter().enumerate() {
            let _ = writeln!(
                h,
                "<figure class=\"chart\">\n{}\n<figcaption><b>{} {}.</b> {}</figcaption>\n</figure>",
                figure.svg,
                l.t("figure"),
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

/// A level such as 0.9 or 0.875 as "90%" or "87.5%" ("87,5%" in Dutch).
fn percent(level: f64, lang: crate::output::i18n::Lang) -> String {
    let p = (level * 1000.0).round() / 10.0;
    let text = if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    };
    in_lang(text, lang)
}

//! The interventions-and-shocks section of the report: one timeline per scenario.

use crate::output::i18n::Lang;
use crate::output::report::html::{esc, humanise, lower_first, number_in, value_text};
use crate::output::report::{ReportData, ResultsKind};
use crate::scenario::KeyInfo;
use crate::scenario::schema::keys_of;
use serde_json::Value;
use std::fmt::Write;

/// One bar or mark of a timeline.
pub(super) struct TimelineItem {
    label: String,
    start: u32,
    /// First month it no longer acts; None: to the horizon.
    end: Option<u32>,
    details: String,
}

pub(super) fn timeline_items(scenario: &Value, lang: Lang) -> (Vec<TimelineItem>, Vec<(u32, f64)>) {
    let mut items = Vec::new();
    for iv in scenario["interventions"].as_array().into_iter().flatten() {
        let kind = iv["kind"]["kind"].as_str().unwrap_or("intervention");
        let mut details = Vec::new();
        if let Some(fields) = iv["kind"].as_object() {
            // Declaration order of the schema, then anything it does not declare.
            let declared: Vec<KeyInfo> = keys_of("interventions", Some(kind))
                .into_iter()
                .filter(|k| k.kind.is_some())
                .collect();
            for key in &declared {
                if let Some(v) = fields.get(key.name) {
                    details.push(format!(
                        "{} {}",
                        detail_name(key.name, lang),
                        value_text(v, lang)
                    ));
                }
            }
            for (name, v) in fields {
                if name != "kind" && !declared.iter().any(|k| k.name == name) {
                    details.push(format!(
                        "{} {}",
                        name.replace('_', " "),
                        value_text(v, lang)
                    ));
                }
            }
        }
        items.push(TimelineItem {
            label: humanise(&lang.intervention(kind)),
            start: month_u32(&iv["month"]).unwrap_or(0),
            end: month_u32(&iv["end_month"]),
            details: details.join(" · "),
        });
    }
    let shocks = scenario["environment"]["shocks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                month_u32(&s["month"]).unwrap_or(0),
                s["severity"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    (items, shocks)
}

/// An intervention setting's name in the timeline's details: in English the key's words
/// ("target style"), in Dutch its label in lower case ("doelstijl").
fn detail_name(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => name.replace('_', " "),
        Lang::Nl => lower_first(&lang.key_label("interventions", name)),
    }
}

/// A month recorded in a manifest (past `u32::MAX`: `u32::MAX`).
pub(super) fn month_u32(v: &Value) -> Option<u32> {
    v.as_u64().map(|m| u32::try_from(m).unwrap_or(u32::MAX))
}

pub(super) fn render_timelines(h: &mut String, data: &ReportData) {
    let l = data.options.lang;
    if data.scenarios.is_empty() {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", l.rich("not_recorded", &[]));
        return;
    }
    if data.kind == ResultsKind::Sweep {
        let _ = writeln!(
            h,
            "<p class=\"intro\">{}</p>",
            l.rich("sweep_schedule", &[])
        );
    }
    for s in &data.scenarios {
        let months = month_u32(&s.scenario["months"]).unwrap_or(data.months);
        if data.scenarios.len() > 1 {
            let _ = writeln!(h, "<h3>{}</h3>", esc(&s.label));
        }
        let (items, shocks) = timeline_items(&s.scenario, l);
        if items.is_empty() && shocks.is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"note\">{}</p>",
                l.rich("no_events", &[&months.to_string()])
            );
            continue;
        }
        h.push_str(&timeline_svg(&items, &shocks, months, l));
        let _ = writeln!(
            h,
            "<table class=\"timeline-table\">\n<thead><tr><th>#</th><th>{}</th>\
             <th>{}</th><th>{}</th></tr></thead>\n<tbody>",
            l.t("col_event"),
            l.t("col_acts_in"),
            l.t("col_settings")
        );
        for (i, item) in items.iter().enumerate() {
            let when = l.acting_months(item.start, item.end, Some(months));
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td><td>{}</td></tr>",
                i + 1,
                esc(&item.label),
                esc(&when),
                esc(&item.details)
            );
        }
        for (i, (month, severity)) in shocks.iter().enumerate() {
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">S{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{month}</td>\
                 <td>{}</td></tr>",
                i + 1,
                l.t("market_shock"),
                esc(&l.fill("shock_severity", &[&number_in(*severity, l)]))
            );
        }
        h.push_str("</tbody></table>\n");
    }
}

/// The interventions as labelled bars on a month axis, shocks as dashed lines: readable
/// without colour (every mark is labelled; open-ended bars end in an arrow).
pub(super) fn timeline_svg(
    items: &[TimelineItem],
    shocks: &[(u32, f64)],
    months: u32,
    l: Lang,
) -> String {
    const W: f64 = 960.0;
    const LABEL_W: f64 = 210.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 30.0;
    const LANE: f64 = 34.0;
    const BAR: f64 = 18.0;
    let lanes = items.len().max(1);
    let axis_y = TOP + LANE * lanes as f64 + 6.0;
    let height = axis_y + 34.0;
    let months_f = f64::from(months.max(1));
    let x = |m: f64| LABEL_W + m.clamp(0.0, months_f) / months_f * (W - LABEL_W - RIGHT);
    let mut s = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"{}\">\n",
        esc(&l.fill("timeline_label", &[&months.to_string()]))
    );
    // Month grid and axis.
    // At most a dozen ticks, whatever the horizon a manifest claims.
    let step = [1u32, 2, 3, 6, 12, 24, 60, 120, 240, 600]
        .into_iter()
        .find(|s| months / s <= 12)
        .unwrap_or_else(|| months.div_ceil(12));
    let mut m = 0u32;
    loop {
        let xm = x(f64::from(m));
        let _ = writeln!(
            s,
            "<line x1=\"{xm:.1}\" y1=\"{TOP}\" x2=\"{xm:.1}\" y2=\"{axis_y}\" class=\"grid\"/>\
             <line x1=\"{xm:.1}\" y1=\"{axis_y}\" x2=\"{xm:.1}\" y2=\"{:.1}\" class=\"axis\"/>\
             <text x=\"{xm:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{m}</text>",
            axis_y + 5.0,
            axis_y + 18.0
        );
        match m.checked_add(step) {
            Some(next) if next <= months => m = next,
            _ => break,
        }
    }
    let _ = writeln!(
        s,
        "<line x1=\"{:.1}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" class=\"axis\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
        x(0.0),
        x(months_f),
        LABEL_W - 12.0,
        axis_y + 18.0,
        l.t("month")
    );
    for (i, item) in items.iter().enumerate() {
        let y = TOP + LANE * i as f64 + (LANE - BAR) / 2.0;
        let x0 = x(f64::from(item.start));
        let open = item.end.is_none();
        let x1 = x(f64::from(item.end.unwrap_or(months)));
        let w = (x1 - x0).max(3.0);
        let _ = write!(
            s,
            "<text x=\"12\" y=\"{:.1}\" class=\"lane\">{}. {}</text>",
            y + BAR / 2.0 + 4.5,
            i + 1,
            esc(&item.label)
        );
        if open {
            // The bar runs to the horizon and ends in an arrow head.
            let tip = x1 + 9.0;
            let _ = write!(
                s,
                "<path d=\"M{x0:.1},{y:.1} H{x1:.1} L{tip:.1},{:.1} L{x1:.1},{:.1} H{x0:.1} Z\" class=\"bar\"/>",
                y + BAR / 2.0,
                y + BAR
            );
        } else {
            let _ = write!(
                s,
                "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\" class=\"bar\"/>"
            );
        }
        let label = esc(&l.acting_months(item.start, item.end, None));
        let text_w = label.chars().count() as f64 * 6.6 + 12.0;
        let ty = y + BAR / 2.0 + 4.2;
        if w >= text_w {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{ty:.1}\" class=\"in-bar\">{label}</text>",
                x0 + 6.0
            );
        } else if x1 + text_w + 12.0 <= W {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{ty:.1}\" class=\"by-bar\">{label}</text>",
                x1 + if open { 14.0 } else { 6.0 }
            );
        } else {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{ty:.1}\" class=\"by-bar\" text-anchor=\"end\">{label}</text>",
                x0 - 6.0
            );
        }
        s.push('\n');
    }
    if items.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"12\" y=\"{:.1}\" class=\"lane muted\">{}</text>",
            TOP + LANE / 2.0 + 4.5,
            l.t("no_interventions")
        );
    }
    for (i, (month, severity)) in shocks.iter().enumerate() {
        let xs = x(f64::from(*month));
        let anchor = if xs > W - 160.0 { "end" } else { "start" };
        let dx = if anchor == "end" { -8.0 } else { 8.0 };
        let _ = writeln!(
            s,
            "<line x1=\"{xs:.1}\" y1=\"{:.1}\" x2=\"{xs:.1}\" y2=\"{axis_y}\" class=\"shock\"/>\
             <path d=\"M{:.1},8 L{:.1},8 L{xs:.1},18 Z\" class=\"shock-mark\"/>\
             <text x=\"{:.1}\" y=\"17\" class=\"shock-label\" text-anchor=\"{anchor}\">{}</text>",
            TOP - 10.0,
            xs - 6.0,
            xs + 6.0,
            xs + dx,
            esc(&l.fill(
                "shock_label",
                &[
                    &(i + 1).to_string(),
                    &month.to_string(),
                    &number_in(*severity, l)
                ]
            ))
        );
    }
    s.push_str("</svg>\n");
    s
}

//! The report's section on scenario discovery, when the sweep folder holds what
//! `orgsim discover` wrote (`discover/discovery.json` and its figures): the findings in plain
//! words, the boxes' limits with their quasi-p-values, and the two figures.
//!
//! Owns reading those files back (a folder without them, or with unreadable ones, has no
//! section) and the section's HTML. The findings' sentences and the two figures are made
//! afresh in the page's language from the findings `discovery.json` keeps and the first box's
//! trajectory in `trajectory.csv`; a `discovery.json` without them (from an older orgsim)
//! gives its English summary and the figure files as they are. Does not own the files (see
//! `crate::output::discover`) or the figures (see `crate::output::figures::discover`).

use super::html::{esc, inline_svg};
use super::{Figure, ReportData};
use crate::output::discover::{
    DISCOVER_DIR, DISCOVERY_FILE, Findings, read_first_trajectory, summary_lines,
};
use crate::output::figures::discover::discover_svgs;
use crate::output::figures::format_value;
use crate::output::i18n::Lang;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

/// What `orgsim discover` found, as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscoverySection {
    pub condition: String,
    /// `point` or `replication`.
    pub per: String,
    /// The findings, a sentence each.
    pub summary: Vec<String>,
    /// Per restricted limit: box, density, coverage, parameter, range, quasi-p-values.
    pub rows: Vec<[String; 6]>,
    pub figures: Vec<Figure>,
}

fn share(v: &Value, lang: Lang) -> String {
    v.as_f64().map(|x| lang.share(x)).unwrap_or_default()
}

/// A value as the figures format it, with the language's decimal mark.
fn decimal(text: String, lang: Lang) -> String {
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

fn p_text(v: &Value, lang: Lang) -> Option<String> {
    v.as_f64().map(|p| {
        if p < 0.001 {
            decimal("< 0.001".to_string(), lang)
        } else {
            decimal(format_value(p), lang)
        }
    })
}

/// The section for the sweep folder `dir`, if `orgsim discover` ran on it (in English).
pub fn read_discovery(dir: &Path) -> Option<DiscoverySection> {
    read_discovery_in(dir, Lang::En)
}

/// [`read_discovery`] with the table's words and numbers in `lang`.
pub fn read_discovery_in(dir: &Path, lang: Lang) -> Option<DiscoverySection> {
    let folder = dir.join(DISCOVER_DIR);
    let text = std::fs::read_to_string(folder.join(DISCOVERY_FILE)).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    let text_of = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut rows = vec![];
    for (b, found) in json["boxes"].as_array().into_iter().flatten().enumerate() {
        let head = |parameter: String, range: String, p: String| {
            [
                (b + 1).to_string(),
                share(&found["density"], lang),
                share(&found["coverage"], lang),
                parameter,
                range,
                p,
            ]
        };
        let limits = found["limits"].as_array().cloned().unwrap_or_default();
        if limits.is_empty() {
            rows.push(head(
                lang.t("disc_none").into(),
                lang.t("disc_everywhere").into(),
                String::new(),
            ));
        }
        for l in limits {
            let num = |k: &str| {
                l[k].as_f64().map(|v| {
                    if v.fract() == 0.0 && v.abs() < 1e15 {
                        format!("{v:.0}")
                    } else {
                        decimal(format_value(v), lang)
                    }
                })
            };
            let range = match (num("low"), num("high")) {
                (Some(lo), Some(hi)) => lang.fill("range_to", &[&lo, &hi]),
                (Some(lo), None) => format!("≥ {lo}"),
                (None, Some(hi)) => format!("≤ {hi}"),
                (None, None) => l["categories"]
                    .as_array()
                    .map(|c| c.iter().map(text_of).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default(),
            };
            let ps: Vec<String> = [
                p_text(&l["quasi_p_low"], lang),
                p_text(&l["quasi_p_high"], lang),
            ]
            .into_iter()
            .flatten()
            .collect();
            rows.push(head(text_of(&l["parameter"]), range, ps.join(" / ")));
        }
    }
    let findings = Findings::from_json(&json);
    // The figures drawn afresh in `lang` where the folder holds what they need.
    let drawn = findings.as_ref().and_then(|f| {
        let first = read_first_trajectory(&folder)?;
        discover_svgs(f, &first, lang).ok()
    });
    let mut figures = vec![];
    for (i, (name, caption)) in [
        ("tradeoff.svg", lang.t("disc_tradeoff_caption")),
        ("box_limits.svg", lang.t("disc_limits_caption")),
    ]
    .into_iter()
    .enumerate()
    {
        let text = match &drawn {
            Some((tradeoff, limits)) => Some(if i == 0 { tradeoff } else { limits }.clone()),
            None => std::fs::read_to_string(folder.join(name)).ok(),
        };
        if let Some(svg) = text.and_then(|t| inline_svg(&t, &format!("disc{}-", i + 1))) {
            figures.push(Figure {
                caption: caption.to_string(),
                svg,
            });
        }
    }
    Some(DiscoverySection {
        condition: text_of(&json["condition"]),
        per: text_of(&json["per"]),
        summary: match &findings {
            Some(f) => summary_lines(f, lang),
            None => json["summary"]
                .as_array()
                .map(|a| a.iter().map(text_of).collect())
                .unwrap_or_default(),
        },
        rows,
        figures,
    })
}

/// The section's HTML.
pub(super) fn render_discovery(h: &mut String, data: &ReportData) {
    let Some(d) = &data.discovery else {
        return;
    };
    let lang = data.options.lang;
    let (per, pers) = if d.per == "replication" {
        ("disc_replication", "disc_replications")
    } else {
        ("disc_point", "disc_points")
    };
    let _ = writeln!(
        h,
        "<p>{}</p>",
        lang.rich("disc_intro", &[&d.condition, lang.t(per), lang.t(pers)])
    );
    h.push_str("<ul>\n");
    for line in &d.summary {
        let _ = writeln!(h, "<li>{}</li>", esc(line));
    }
    h.push_str("</ul>\n");
    if !d.rows.is_empty() {
        h.push_str("<table>\n<thead><tr>");
        for key in [
            "disc_box",
            "disc_density",
            "disc_coverage",
            "disc_input",
            "disc_range",
            "disc_quasi_p",
        ] {
            let _ = write!(h, "<th>{}</th>", esc(lang.t(key)));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for row in &d.rows {
            h.push_str("<tr>");
            for cell in row {
                let _ = write!(h, "<td>{}</td>", esc(cell));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table>\n");
    }
    for (i, figure) in d.figures.iter().enumerate() {
        let _ = writeln!(
            h,
            "<figure class=\"chart\">\n{}\n<figcaption><b>{}</b> {}</figcaption>\n</figure>",
            figure.svg,
            esc(&lang.fill("disc_figure", &[&(i + 1).to_string()])),
            esc(&figure.caption)
        );
    }
}

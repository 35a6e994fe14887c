//! The report's section on an economy, for a policy audience: how far adoption of the
//! programme got by sector and region and when half of the eventual adopters had adopted,
//! employment and output per employee, programme spending and subsidy paid, the economy's
//! figures and, for a comparison of policies, each policy against the first with paired 95%
//! intervals; in English or Dutch, labelled illustrative.
//!
//! Owns reading that section's data from `economy_summary.csv` and `economy_comparison.csv`
//! (through `results_folder::economy`) and rendering it. Does not own the tables, the figures
//! (see `crate::output::figures::economy`, drawn here in the page's language) or the rest of
//! the page.

use super::html::{esc, inline_svg, svg_title};
use super::i18n::Lang;
use crate::experiment::economy_compare::{ECONOMY_AREA, Level};
use crate::ground::stats::Stats;
use crate::output::figures::Format;
use crate::output::figures::economy::{economy_figures, render_economy as draw};
use crate::output::results_folder::economy::{read_economy_comparison, read_economy_summary};
use crate::output::results_folder::{ECONOMY_COMPARISON_FILE, ECONOMY_SUMMARY_FILE};
use std::fmt::Write as _;
use std::path::Path;

/// One area at the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaLine {
    pub level: Level,
    pub name: String,
    pub adoption: Stats,
    pub ever_adopted: Stats,
    pub half_month: Stats,
    pub employment: Stats,
    pub output_per_employee: Stats,
    pub spending: Stats,
    pub subsidy: Stats,
}

/// One policy of a comparison, the whole economy at the horizon: (statistics, paired
/// difference to the first policy) per metric.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyLine {
    pub name: String,
    pub adoption: (Stats, Option<Stats>),
    pub employment: (Stats, Option<Stats>),
    pub output_per_employee: (Stats, Option<Stats>),
    pub spending: (Stats, Option<Stats>),
}

/// What the section shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EconomySection {
    pub horizon: u32,
    pub replications: u64,
    /// The economy, its sectors and regions (an economy run).
    pub areas: Vec<AreaLine>,
    /// The policies (a comparison of economy policies).
    pub policies: Vec<PolicyLine>,
    /// (caption, inline SVG).
    pub figures: Vec<(String, String)>,
}

fn empty() -> Stats {
    Stats::of(std::iter::empty())
}

/// The section of the folder `dir`, its figures labelled in `lang`; None if the folder holds
/// no economy (or its tables cannot be read: the page is written without the section).
pub fn read_section(dir: &Path, lang: Lang) -> Option<EconomySection> {
    let summary = dir.join(ECONOMY_SUMMARY_FILE);
    let comparison = dir.join(ECONOMY_COMPARISON_FILE);
    if !summary.is_file() && !comparison.is_file() {
        return None;
    }
    let mut section = EconomySection::default();
    if summary.is_file() {
        let rows = read_economy_summary(&summary).ok()?;
        section.horizon = rows.iter().map(|r| r.month).max().unwrap_or(0);
        section.replications = rows.iter().map(|r| r.stats.n).max().unwrap_or(0);
        let mut names: Vec<(Level, String)> = Vec::new();
        for r in &rows {
            if !names.iter().any(|(l, n)| *l == r.level && *n == r.area) {
                names.push((r.level, r.area.clone()));
            }
        }
        for (level, name) in names {
            let at = |metric: &str| {
                rows.iter()
                    .find(|r| {
                        r.level == level
                            && r.area == name
                            && r.month == section.horizon
                            && r.metric == metric
                    })
                    .map_or_else(empty, |r| r.stats)
            };
            section.areas.push(AreaLine {
                level,
                adoption: at("adoption_share"),
                ever_adopted: at("ever_adopted_share"),
                half_month: at("months_to_half_adoption"),
                employment: at("employment"),
                output_per_employee: at("output_per_employee"),
                spending: at("programme_spending_cumulative"),
                subsidy: at("subsidy_paid_cumulative"),
                name,
            });
        }
    }
    if comparison.is_file() {
        let rows = read_economy_comparison(&comparison).ok()?;
        let horizon = rows.iter().map(|r| r.month).max().unwrap_or(0);
        section.horizon = horizon;
        section.replications = rows.iter().map(|r| r.stats.n).max().unwrap_or(0);
        let mut names: Vec<String> = Vec::new();
        for r in &rows {
            if !names.contains(&r.policy) {
                names.push(r.policy.clone());
            }
        }
        for name in names {
            let at = |metric: &str| {
                rows.iter()
                    .find(|r| {
                        r.level == Level::Economy
                            && r.area == ECONOMY_AREA
                            && r.month == horizon
                            && r.metric == metric
                            && r.policy == name
                    })
                    .map_or_else(|| (empty(), None), |r| (r.stats, r.difference))
            };
            section.policies.push(PolicyLine {
                adoption: at("adoption_share"),
                employment: at("employment"),
                output_per_employee: at("output_per_employee"),
                spending: at("programme_spending_cumulative"),
                name,
            });
        }
    }
    if let Ok(figures) = economy_figures(dir, lang) {
        for (i, (_, figure)) in figures.iter().enumerate() {
            let Ok(bytes) = draw(figure, Format::Svg) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            if let Some(svg) = inline_svg(&text, &format!("econ{i}-")) {
                section
                    .figures
                    .push((svg_title(&svg).unwrap_or_default(), svg));
            }
        }
    }
    Some(section)
}

/// A mean with its 95% interval: `0.42 (0.39 to 0.45)`.
fn with_ci(lang: Lang, s: &Stats, decimals: usize, signed: bool) -> String {
    let n = |x: f64| {
        if signed {
            lang.signed(x, decimals)
        } else {
            lang.number(x, decimals)
        }
    };
    if s.ci_low.is_nan() {
        return n(s.mean);
    }
    format!(
        "{} ({} {} {})",
        n(s.mean),
        n(s.ci_low),
        lang.t("econ_to"),
        n(s.ci_high)
    )
}

/// Decimals for numbers of the size of `x`: none from 100 up, else 3 significant digits.
fn decimals(x: f64) -> usize {
    let m = x.abs();
    if !m.is_finite() || m >= 100.0 || m == 0.0 {
        0
    } else {
        (2 - m.log10().floor() as i32).clamp(0, 4) as usize
    }
}

fn area_label(lang: Lang, line: &AreaLine) -> String {
    match line.level {
        Level::Economy => lang.t("econ_whole_economy").to_string(),
        Level::Sector => format!("{} · {}", lang.t("econ_sector"), esc(&line.name)),
        Level::Region => format!("{} · {}", lang.t("econ_region"), esc(&line.name)),
    }
}

/// Renders the section's body (the heading is the page's).
pub fn render_economy(h: &mut String, section: &EconomySection, lang: Lang) {
    let _ = writeln!(
        h,
        "<p class=\"intro\"><b>{}</b> {}</p>",
        lang.t("econ_illustrative_label"),
        lang.t("econ_intro")
    );
    if let Some(all) = section.areas.iter().find(|a| a.level == Level::Economy) {
        let half = if all.half_month.mean.is_nan() {
            lang.t("econ_no_adopters").to_string()
        } else {
            format!(
                "{} {}",
                lang.t("econ_half_by_month"),
                lang.number(all.half_month.mean, 0)
            )
        };
        let _ = writeln!(
            h,
            "<p>{} {}, {} {} ({} {}); {half}.</p>",
            lang.t("econ_by_month"),
            section.horizon,
            lang.share(all.adoption.mean),
            lang.t("econ_running"),
            lang.share(all.ever_adopted.mean),
            lang.t("econ_ever"),
        );
    }
    if !section.areas.is_empty() {
        let _ = write!(
            h,
            "<table class=\"economy\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th>\
             <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
             <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            lang.t("econ_area"),
            lang.t("econ_adoption_share"),
            lang.t("econ_ever_column"),
            lang.t("econ_half_column"),
            lang.t("econ_employment"),
            lang.t("econ_output_per_employee"),
            lang.t("econ_spending"),
            lang.t("econ_subsidy"),
        );
        for a in &section.areas {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                area_label(lang, a),
                with_ci(lang, &a.adoption, 2, false),
                lang.number(a.ever_adopted.mean, 2),
                lang.number(a.half_month.mean, 0),
                lang.number(a.employment.mean, 0),
                lang.number(
                    a.output_per_employee.mean,
                    decimals(a.output_per_employee.mean)
                ),
                lang.number(a.spending.mean, decimals(a.spending.mean)),
                lang.number(a.subsidy.mean, decimals(a.subsidy.mean)),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    if !section.policies.is_empty() {
        let _ = writeln!(
            h,
            "<p>{} {} {}</p>",
            lang.t("econ_policies_intro"),
            section.horizon,
            lang.t("econ_policies_paired")
        );
        let _ = write!(
            h,
            "<table class=\"economy\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th>\
             <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            lang.t("econ_policy"),
            lang.t("econ_adoption_share"),
            lang.t("econ_employment"),
            lang.t("econ_output_per_employee"),
            lang.t("econ_spending"),
        );
        for p in &section.policies {
            let cell = |(s, d): &(Stats, Option<Stats>), dec: usize| match d {
                Some(d) => format!(
                    "{}<br><small>{}</small>",
                    lang.number(s.mean, dec),
                    with_ci(lang, d, dec, true)
                ),
                None => lang.number(s.mean, dec),
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&p.name),
                cell(&p.adoption, 2),
                cell(&p.employment, 0),
                cell(
                    &p.output_per_employee,
                    decimals(p.output_per_employee.0.mean)
                ),
                cell(&p.spending, decimals(p.spending.0.mean)),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    for (caption, svg) in &section.figures {
        let _ = writeln!(
            h,
            "<figure class=\"chart\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
            esc(caption)
        );
    }
    let _ = writeln!(h, "<p class=\"note\">{}</p>", lang.t("econ_trust_note"));
}

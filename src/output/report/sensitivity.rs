//! The report's section "Which choices matter most?" for a Sobol' or Morris sweep analysed
//! by `orgsim sensitivity`: the levers of each metric ranked in plain words, the share of
//! replication noise, and the sensitivity figures.
//!
//! Owns reading what the section needs ([`read_section`]: `sensitivity.csv` through
//! `crate::output::sensitivity`, the `figures/sensitivity_*.svg` files, or in a language other
//! than English the figures drawn anew from `sensitivity.csv`) and its wording. The section
//! appears only when the folder has a `sensitivity.csv`; the rest of the page does not depend
//! on it.

use super::html::{esc, inline_svg, svg_lang, svg_title};
use super::{FIGURES_DIR, Figure};
use crate::experiment::sensitivity_study::{IndexKind, PAIR_SEPARATOR};
use crate::output::figures::sensitivity::{SENSITIVITY_FIGURES, sensitivity_svgs_in};
use crate::output::i18n::Lang;
use crate::output::results_folder::SENSITIVITY_FILE;
use crate::output::sensitivity::{
    Lever, levers, method_of, metrics_and_months, read_sensitivity, short,
};
use std::fmt::Write as _;
use std::path::Path;

/// The levers of one metric at one month.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedMetric {
    pub metric: String,
    pub month: u32,
    pub levers: Vec<Lever>,
    pub noise: Option<f64>,
    /// Second-order indices (pair `a×b`, estimate), largest first; empty without them.
    pub pairs: Vec<(String, f64)>,
}

/// What the section shows.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivitySection {
    /// `sobol` or `morris`.
    pub method: &'static str,
    /// Per metric, at the last month `sensitivity.csv` holds for it.
    pub metrics: Vec<RankedMetric>,
    pub figures: Vec<Figure>,
}

/// A Sobol' index below this share of variance "hardly matters".
const SMALL_SHARE: f64 = 0.05;
/// A Morris mu* below this share of the largest "hardly matters".
const SMALL_EFFECT: f64 = 0.05;
/// Levers described one by one per metric; the others are summed up.
const DESCRIBED: usize = 3;

/// The section of the folder `dir`, if it has a readable `sensitivity.csv` with indices; its
/// figures in `lang`.
pub fn read_section(dir: &Path, lang: Lang) -> Option<SensitivitySection> {
    let records = read_sensitivity(&dir.join(SENSITIVITY_FILE)).ok()?;
    let method = method_of(&records)?;
    let mut last: Vec<(String, u32)> = Vec::new();
    for (metric, month) in metrics_and_months(&records) {
        match last.iter_mut().find(|(m, _)| *m == metric) {
            Some(entry) => entry.1 = entry.1.max(month),
            None => last.push((metric, month)),
        }
    }
    let metrics = last
        .into_iter()
        .map(|(metric, month)| {
            let (levers, noise) = levers(&records, &metric, month);
            let mut pairs: Vec<(String, f64)> = records
                .iter()
                .filter(|r| r.metric == metric && r.month == month)
                .filter(|r| r.row.index == IndexKind::S2 && r.row.estimate.is_finite())
                .map(|r| (r.row.parameter.clone(), r.row.estimate))
                .collect();
            pairs.sort_by(|a, b| b.1.total_cmp(&a.1));
            RankedMetric {
                metric,
                month,
                levers,
                noise,
                pairs,
            }
        })
        .collect();
    Some(SensitivitySection {
        method,
        metrics,
        figures: section_figures(dir, lang),
    })
}

/// The sensitivity figures `orgsim sensitivity` drew into `figures/`, to inline: as the files
/// are when they are in the page's language, else drawn anew from `sensitivity.csv` (the file
/// as it is when a figure cannot be drawn).
fn section_figures(dir: &Path, lang: Lang) -> Vec<Figure> {
    let mut drawn: Option<Vec<(&str, String)>> = None;
    SENSITIVITY_FIGURES
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let mut text =
                std::fs::read_to_string(dir.join(FIGURES_DIR).join(format!("{name}.svg"))).ok()?;
            if svg_lang(&text) != lang {
                let drawn =
                    drawn.get_or_insert_with(|| sensitivity_svgs_in(dir, lang).unwrap_or_default());
                if let Some(at) = drawn.iter().position(|(n, _)| n == name) {
                    text = drawn.swap_remove(at).1;
                }
            }
            let svg = inline_svg(&text, &format!("sens{}-", i + 1))?;
            Some(Figure {
                caption: svg_title(&svg).unwrap_or_else(|| name.to_string()),
                svg,
            })
        })
        .collect()
}

/// A share as a percentage; estimates sampling error put outside [0, 1] are shown at the
/// nearest end.
fn percent(share: f64, lang: Lang) -> String {
    lang.share(share.clamp(0.0, 1.0))
}

/// An index or effect with three significant digits, in the language's decimal mark.
fn num(x: f64, lang: Lang) -> String {
    let text = short(x);
    match lang {
        Lang::Nl => text.replace('.', ",").replace('-', "−"),
        Lang::En => text,
    }
}

/// "a, b and c".
fn listed(names: &[String], lang: Lang) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), lang.t("list_and")),
    }
}

fn code(key: &str) -> String {
    format!("<code>{}</code>", esc(key))
}

/// A metric's name in the section: its identifier in English, its Dutch name in Dutch.
fn metric_name(metric: &str, lang: Lang) -> String {
    match lang {
        Lang::En => metric.to_string(),
        Lang::Nl => lang.metric(metric),
    }
}

/// "performance at month 60", escaped.
fn what(m: &RankedMetric, lang: Lang) -> String {
    lang.fill(
        "sens_at_month",
        &[&esc(&metric_name(&m.metric, lang)), &m.month.to_string()],
    )
}

/// The sentences of one metric, for a Sobol' analysis.
fn sobol_sentences(m: &RankedMetric, lang: Lang) -> Vec<String> {
    let what = what(m, lang);
    let mut sentences = Vec::new();
    let described = m
        .levers
        .iter()
        .take(DESCRIBED)
        .filter(|l| l.main.estimate >= SMALL_SHARE);
    for lever in described {
        let st = lever.main.estimate;
        let s1 = lever.second.as_ref().map_or(f64::NAN, |s| s.estimate);
        let how = if s1 >= 0.7 * st {
            "sens_alone"
        } else if s1 < 0.3 * st {
            "sens_interactions"
        } else {
            "sens_partly"
        };
        sentences.push(lang.fill(
            "sens_explains",
            &[
                &code(&lever.parameter),
                &percent(st, lang),
                &what,
                lang.t(how),
                &num(st, lang),
                &num(s1, lang),
            ],
        ));
    }
    let following: Vec<&Lever> = m
        .levers
        .iter()
        .skip(DESCRIBED)
        .filter(|l| l.main.estimate >= SMALL_SHARE)
        .collect();
    if let (Some(first), Some(last)) = (following.first(), following.last()) {
        let names: Vec<String> = following.iter().map(|l| code(&l.parameter)).collect();
        let range = if names.len() == 1 {
            lang.fill("sens_total_index", &[&num(first.main.estimate, lang)])
        } else {
            lang.fill(
                "sens_total_indices",
                &[
                    &num(last.main.estimate, lang),
                    &num(first.main.estimate, lang),
                ],
            )
        };
        sentences.push(lang.fill("sens_then", &[&listed(&names, lang), &range]));
    }
    let small: Vec<String> = m
        .levers
        .iter()
        .filter(|l| l.main.estimate < SMALL_SHARE)
        .map(|l| code(&l.parameter))
        .collect();
    if !small.is_empty() {
        let key = if small.len() == 1 {
            "sens_hardly_1"
        } else {
            "sens_hardly_n"
        };
        sentences.push(lang.fill(key, &[&listed(&small, lang), &percent(SMALL_SHARE, lang)]));
    }
    match m.pairs.first() {
        Some((pair, s2)) if *s2 >= SMALL_SHARE => sentences.push(
            lang.fill(
                "sens_interaction",
                &[
                    &pair
                        .split(PAIR_SEPARATOR)
                        .map(code)
                        .collect::<Vec<_>>()
                        .join(&format!(" {} ", lang.t("list_and"))),
                    &percent(*s2, lang),
                    &num(*s2, lang),
                ],
            ),
        ),
        Some(_) => sentences.push(lang.fill("sens_no_interaction", &[&percent(SMALL_SHARE, lang)])),
        None => {}
    }
    sentences
}

/// The sentences of one metric, for a Morris analysis.
fn morris_sentences(m: &RankedMetric, lang: Lang) -> Vec<String> {
    let what = what(m, lang);
    let largest = m.levers.first().map_or(0.0, |l| l.main.estimate);
    let mut sentences = Vec::new();
    for (i, lever) in m.levers.iter().enumerate() {
        let mu_star = lever.main.estimate;
        if i >= DESCRIBED || mu_star < SMALL_EFFECT * largest || mu_star <= 0.0 {
            continue;
        }
        let sigma = lever.second.as_ref().map_or(f64::NAN, |s| s.estimate);
        let how = if sigma >= mu_star {
            "sens_uneven"
        } else {
            "sens_even"
        };
        let key = if i == 0 {
            "sens_moves_most"
        } else {
            "sens_moves_next"
        };
        sentences.push(lang.fill(
            key,
            &[
                &code(&lever.parameter),
                &what,
                &num(mu_star, lang),
                lang.t(how),
                &num(sigma, lang),
            ],
        ));
    }
    let small: Vec<String> = m
        .levers
        .iter()
        .filter(|l| l.main.estimate < SMALL_EFFECT * largest || l.main.estimate <= 0.0)
        .map(|l| code(&l.parameter))
        .collect();
    if !small.is_empty() {
        let key = if small.len() == 1 {
            "sens_morris_hardly_1"
        } else {
            "sens_morris_hardly_n"
        };
        sentences.push(lang.fill(key, &[&listed(&small, lang), &percent(SMALL_EFFECT, lang)]));
    }
    sentences
}

fn noise_sentence(m: &RankedMetric, method: &str, lang: Lang) -> String {
    let more = if method == "sobol" {
        "sens_base_samples"
    } else {
        "sens_trajectories"
    };
    match m.noise {
        Some(n) if n > 0.5 => lang.fill(
            "sens_noise_high",
            &[&percent(n, lang), &what(m, lang), lang.t(more)],
        ),
        Some(n) => lang.fill("sens_noise", &[&percent(n, lang), &what(m, lang)]),
        None => lang.t("sens_noise_none").to_string(),
    }
}

/// Renders the section's body into `h`, in `lang`.
pub fn render_sensitivity(h: &mut String, section: &SensitivitySection, lang: Lang) {
    let intro = if section.method == "sobol" {
        "sens_sobol_intro"
    } else {
        "sens_morris_intro"
    };
    let _ = writeln!(
        h,
        "<p class=\"intro\">{} {}</p>",
        lang.rich(intro, &[]),
        lang.rich("sens_model_note", &[SENSITIVITY_FILE])
    );
    for m in &section.metrics {
        let sentences = if section.method == "sobol" {
            sobol_sentences(m, lang)
        } else {
            morris_sentences(m, lang)
        };
        let _ = writeln!(h, "<h3>{}</h3>\n<ul>", esc(&metric_name(&m.metric, lang)));
        for s in sentences {
            let _ = writeln!(h, "<li>{s}</li>");
        }
        let _ = writeln!(
            h,
            "</ul>\n<p class=\"note\">{}</p>",
            noise_sentence(m, section.method, lang)
        );
    }
    for figure in &section.figures {
        let _ = writeln!(
            h,
            "<figure class=\"chart\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
            figure.svg,
            esc(&figure.caption)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::sensitivity_study::IndexRow;

    fn lever(name: &str, st: f64, s1: f64) -> Lever {
        let row = |index, estimate| IndexRow {
            parameter: name.into(),
            index,
            estimate,
            interval: None,
        };
        Lever {
            parameter: name.into(),
            main: row(IndexKind::St, st),
            second: Some(row(IndexKind::S1, s1)),
        }
    }

    #[test]
    fn sobol_words_tell_alone_from_interactions_and_small_ones() {
        let m = RankedMetric {
            metric: "performance".into(),
            month: 60,
            levers: vec![
                lever("a", 0.42, 0.4),
                lever("b", 0.3, 0.02),
                lever("c", 0.01, 0.0),
            ],
            noise: Some(0.62),
            pairs: vec![("a×b".into(), 0.2), ("a×c".into(), 0.0)],
        };
        let text = sobol_sentences(&m, Lang::En).join(" ");
        assert!(text.contains("<code>a</code> explains about 42%"), "{text}");
        assert!(text.contains("mostly on its own"), "{text}");
        assert!(text.contains("mainly through interactions"), "{text}");
        assert!(text.contains("<code>c</code> hardly matters"), "{text}");
        assert!(
            text.contains("between <code>a</code> and <code>b</code>: about 20%"),
            "{text}"
        );
        assert!(noise_sentence(&m, "sobol", Lang::En).contains("more than half"));
        let dutch = sobol_sentences(&m, Lang::Nl).join(" ");
        assert!(
            dutch.contains("<code>a</code> verklaart ongeveer 42%"),
            "{dutch}"
        );
        assert!(dutch.contains("totale index 0,420"), "{dutch}");
        assert!(
            !dutch.contains("explains") && !dutch.contains("0.4"),
            "{dutch}"
        );
    }
}

//! The report's section "Which choices matter most?" for a Sobol' or Morris sweep analysed
//! by `orgsim sensitivity`: the levers of each metric ranked in plain words, the share of
//! replication noise, and the sensitivity figures.
//!
//! Owns reading what the section needs ([`read_section`]: `sensitivity.csv` through
//! `crate::output::sensitivity`, the `figures/sensitivity_*.svg` files) and its wording. The
//! section appears only when the folder has a `sensitivity.csv`; the rest of the page does not
//! depend on it.

use super::html::{esc, inline_svg, svg_title};
use super::{FIGURES_DIR, Figure};
use crate::experiment::sensitivity_study::{IndexKind, PAIR_SEPARATOR};
use crate::output::figures::sensitivity::SENSITIVITY_FIGURES;
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

/// The section of the folder `dir`, if it has a readable `sensitivity.csv` with indices.
pub fn read_section(dir: &Path) -> Option<SensitivitySection> {
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
    let figures = SENSITIVITY_FIGURES
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let text =
                std::fs::read_to_string(dir.join(FIGURES_DIR).join(format!("{name}.svg"))).ok()?;
            let svg = inline_svg(&text, &format!("sens{}-", i + 1))?;
            Some(Figure {
                caption: svg_title(&svg).unwrap_or_else(|| name.to_string()),
                svg,
            })
        })
        .collect();
    Some(SensitivitySection {
        method,
        metrics,
        figures,
    })
}

/// A share as a percentage; estimates sampling error put outside [0, 1] are shown at the
/// nearest end.
fn percent(share: f64) -> String {
    format!("{:.0}%", 100.0 * share.clamp(0.0, 1.0))
}

/// "a, b and c".
fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn code(key: &str) -> String {
    format!("<code>{}</code>", esc(key))
}

/// The sentences of one metric, for a Sobol' analysis.
fn sobol_sentences(m: &RankedMetric) -> Vec<String> {
    let what = format!("{} at month {}", esc(&m.metric), m.month);
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
            "mostly on its own"
        } else if s1 < 0.3 * st {
            "mainly through interactions with the other choices"
        } else {
            "partly on its own, partly through interactions"
        };
        sentences.push(format!(
            "{} explains about {} of the variance of {what}, {how} (total index {}, first-order {}).",
            code(&lever.parameter),
            percent(st),
            short(st),
            short(s1)
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
            format!("total index {}", short(first.main.estimate))
        } else {
            format!(
                "total indices {} to {}",
                short(last.main.estimate),
                short(first.main.estimate)
            )
        };
        sentences.push(format!("Then {} ({range}).", listed(&names)));
    }
    let small: Vec<String> = m
        .levers
        .iter()
        .filter(|l| l.main.estimate < SMALL_SHARE)
        .map(|l| code(&l.parameter))
        .collect();
    if !small.is_empty() {
        sentences.push(format!(
            "{} hardly {} (under {} each).",
            listed(&small),
            if small.len() == 1 {
                "matters"
            } else {
                "matter"
            },
            percent(SMALL_SHARE)
        ));
    }
    match m.pairs.first() {
        Some((pair, s2)) if *s2 >= SMALL_SHARE => sentences.push(format!(
            "The strongest interaction is between {}: about {} of the variance comes from the two together (second-order index {}).",
            pair.split(PAIR_SEPARATOR)
                .map(code)
                .collect::<Vec<_>>()
                .join(" and "),
            percent(*s2),
            short(*s2)
        )),
        Some(_) => sentences.push(format!(
            "No two choices interact noticeably (every second-order index under {}).",
            percent(SMALL_SHARE)
        )),
        None => {}
    }
    sentences
}

/// The sentences of one metric, for a Morris analysis.
fn morris_sentences(m: &RankedMetric) -> Vec<String> {
    let what = format!("{} at month {}", esc(&m.metric), m.month);
    let largest = m.levers.first().map_or(0.0, |l| l.main.estimate);
    let mut sentences = Vec::new();
    for (i, lever) in m.levers.iter().enumerate() {
        let mu_star = lever.main.estimate;
        if i >= DESCRIBED || mu_star < SMALL_EFFECT * largest || mu_star <= 0.0 {
            continue;
        }
        let sigma = lever.second.as_ref().map_or(f64::NAN, |s| s.estimate);
        let how = if sigma >= mu_star {
            "unevenly: how much depends on the other choices or where in the range it moves"
        } else {
            "fairly evenly over its range"
        };
        let rank = if i == 0 { "most" } else { "next" };
        sentences.push(format!(
            "{} moves {what} {rank}: by {} on average over a step across its range (μ*), {how} (σ {}).",
            code(&lever.parameter),
            short(mu_star),
            short(sigma)
        ));
    }
    let small: Vec<String> = m
        .levers
        .iter()
        .filter(|l| l.main.estimate < SMALL_EFFECT * largest || l.main.estimate <= 0.0)
        .map(|l| code(&l.parameter))
        .collect();
    if !small.is_empty() {
        sentences.push(format!(
            "{} hardly {} (μ* under {} of the largest).",
            listed(&small),
            if small.len() == 1 {
                "matters"
            } else {
                "matter"
            },
            percent(SMALL_EFFECT)
        ));
    }
    sentences
}

fn noise_sentence(m: &RankedMetric, method: &str) -> String {
    let more = if method == "sobol" {
        "base samples"
    } else {
        "trajectories"
    };
    match m.noise {
        Some(n) if n > 0.5 => format!(
            "Replication noise is {} of the variance of {} at month {}: more than half, so add replications or {more} before relying on this ranking.",
            percent(n),
            esc(&m.metric),
            m.month
        ),
        Some(n) => format!(
            "Replication noise is {} of the variance of {} at month {}; the rest comes from the choices.",
            percent(n),
            esc(&m.metric),
            m.month
        ),
        None => "With one replication a point, replication noise cannot be told apart from the choices' effects.".into(),
    }
}

/// Renders the section's body into `h`.
pub fn render_sensitivity(h: &mut String, section: &SensitivitySection) {
    let intro = if section.method == "sobol" {
        "A Sobol' analysis splits the variance of each outcome over the sweep's ranges into the \
         shares each choice explains: alone (first-order index S1) and with its interactions \
         (total index ST)."
    } else {
        "A Morris screening moves one choice at a time across its range and records how much \
         each outcome moves: μ* is the mean size of that change, σ how much it varies with the \
         other choices."
    };
    let _ = writeln!(
        h,
        "<p class=\"intro\">{intro} The ranking is a property of the model: its magnitudes \
         come from the model's coefficients, most of them illustrative (see “How far to trust \
         these numbers”). Every index is in <code>{SENSITIVITY_FILE}</code> with its 95% \
         bootstrap interval.</p>"
    );
    for m in &section.metrics {
        let sentences = if section.method == "sobol" {
            sobol_sentences(m)
        } else {
            morris_sentences(m)
        };
        let _ = writeln!(h, "<h3>{}</h3>\n<ul>", esc(&m.metric));
        for s in sentences {
            let _ = writeln!(h, "<li>{s}</li>");
        }
        let _ = writeln!(
            h,
            "</ul>\n<p class=\"note\">{}</p>",
            noise_sentence(m, section.method)
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
        let text = sobol_sentences(&m).join(" ");
        assert!(text.contains("<code>a</code> explains about 42%"), "{text}");
        assert!(text.contains("mostly on its own"), "{text}");
        assert!(text.contains("mainly through interactions"), "{text}");
        assert!(text.contains("<code>c</code> hardly matters"), "{text}");
        assert!(
            text.contains("between <code>a</code> and <code>b</code>: about 20%"),
            "{text}"
        );
        assert!(noise_sentence(&m, "sobol").contains("more than half"));
    }
}

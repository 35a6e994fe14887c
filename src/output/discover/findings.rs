//! What scenario discovery found, as facts and as sentences: the condition, how often it
//! holds, and per accepted box its density, coverage and restricted limits (each with its
//! quasi-p-values, whether it adds little, and the range the sweep covered).
//!
//! Owns [`Findings`] (made from PRIM's result, stored in `discovery.json` and read back from
//! it, so the report can word and draw the findings in any language from the folder alone),
//! the first box's [`Trajectory`] that the trade-off figure draws, and the one function that
//! words the findings, [`summary_lines`], in English or Dutch. Does not own
//! PRIM, the files (see the parent module) or the figures (see `figures::discover`).

use super::{DiscoverData, restrictions};
use crate::experiment::condition::{Condition, Op, parse};
use crate::experiment::prim::{Discovery, Limit};
use crate::output::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Quasi-p-values above this say a limit adds little (Bryant and Lempert 2010 use 0.05).
pub const WEAK_QUASI_P: f64 = 0.05;

/// The findings of one discovery: everything its sentences and figures need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Findings {
    /// The condition as written back by orgsim (`headcount@12 < 150 and ...`).
    pub condition: String,
    /// `point` or `replication`: what a row is.
    pub per: String,
    /// Rows PRIM saw.
    pub rows: usize,
    /// Rows where the condition holds.
    pub cases: usize,
    /// The density of the first box PRIM found, accepted or not (none if none was sought).
    pub best_density: Option<f64>,
    /// The boxes that reached the density threshold, in the order found.
    pub boxes: Vec<BoxFacts>,
}

/// One accepted box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoxFacts {
    pub coverage: f64,
    pub density: f64,
    pub mass: f64,
    pub points: usize,
    pub cases: usize,
    /// Its restricted limits, in key order.
    pub limits: Vec<LimitFacts>,
}

/// One restricted input of a box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitFacts {
    pub parameter: String,
    /// The low and high end where restricted (a numeric key).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The categories in the box (a key with text values).
    pub categories: Vec<String>,
    pub quasi_p_low: Option<f64>,
    pub quasi_p_high: Option<f64>,
    /// Whether every quasi-p-value of the limit is above [`WEAK_QUASI_P`] (it adds little).
    pub weak: bool,
    /// The range the sweep covered (a numeric key).
    pub swept_low: Option<f64>,
    pub swept_high: Option<f64>,
}

/// The first box's peeling and pasting trajectory, as the trade-off figure draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// (coverage, density, restricted inputs) per step.
    pub steps: Vec<(f64, f64, usize)>,
    /// Whether the box at its end reached the density threshold.
    pub accepted: bool,
}

impl Trajectory {
    /// The trajectory of `d`'s first box (empty if PRIM sought none).
    pub fn first_of(d: &Discovery) -> Trajectory {
        let first = d.boxes.first();
        Trajectory {
            steps: first
                .map(|b| {
                    b.trajectory
                        .iter()
                        .map(|s| (s.coverage, s.density, s.restricted.len()))
                        .collect()
                })
                .unwrap_or_default(),
            accepted: first.is_some_and(|b| b.accepted),
        }
    }
}

impl Findings {
    /// The findings of `d`, PRIM run on `data` for `condition`.
    pub fn of(data: &DiscoverData, condition: &Condition, d: &Discovery) -> Findings {
        let boxes = d
            .accepted()
            .map(|found| {
                let last = found.last();
                let limits = restrictions(data, found, &d.initial)
                    .into_iter()
                    .map(|r| {
                        let (swept_low, swept_high) = match &d.initial[r.quasi_p.input] {
                            Limit::Real(a, b) => (Some(*a), Some(*b)),
                            Limit::Integer(a, b) => (Some(*a as f64), Some(*b as f64)),
                            Limit::Categories(_) => (None, None),
                        };
                        let weak = [r.quasi_p.low, r.quasi_p.high]
                            .into_iter()
                            .flatten()
                            .all(|p| p > WEAK_QUASI_P);
                        LimitFacts {
                            parameter: r.key,
                            low: r.low,
                            high: r.high,
                            categories: r.categories,
                            quasi_p_low: r.quasi_p.low,
                            quasi_p_high: r.quasi_p.high,
                            weak,
                            swept_low,
                            swept_high,
                        }
                    })
                    .collect();
                BoxFacts {
                    coverage: last.coverage,
                    density: last.density,
                    mass: last.mass,
                    points: last.points,
                    cases: last.cases,
                    limits,
                }
            })
            .collect();
        Findings {
            condition: condition.to_string(),
            per: data.unit().to_string(),
            rows: data.y.len(),
            cases: d.cases,
            best_density: d.boxes.first().map(|b| b.last().density),
            boxes,
        }
    }

    /// The findings stored in a `discovery.json` (none if it lacks any of their fields, as
    /// one written by an older orgsim does).
    pub fn from_json(json: &serde_json::Value) -> Option<Findings> {
        // `best_density` may be null, but an older file has no such key at all.
        json.get("best_density")?;
        Findings::deserialize(json).ok()
    }

    /// The plural of a row in `lang`: "points", "replicaties".
    pub fn rows_word(&self, lang: Lang) -> &'static str {
        lang.t(if self.per == "replication" {
            "disc_replications"
        } else {
            "disc_points"
        })
    }
}

/// A share as a whole percentage (the same in both languages: no decimal mark).
pub fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// A limit's number in words: about three significant digits (whole numbers as such); in
/// Dutch with a decimal comma and a true minus sign.
pub fn short(x: f64, lang: Lang) -> String {
    let text = if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        crate::output::figures::format_value(x).replace('−', "-")
    };
    match lang {
        Lang::En => text,
        Lang::Nl => text.replace('.', ",").replace('-', "−"),
    }
}

/// One restriction in words: `key >= 0.31`, `key between 0.2 and 0.5`, `key in a, b`; in
/// Dutch `key ≥ 0,31`, `key tussen 0,2 en 0,5`, `key in a, b`.
pub fn restriction_words(l: &LimitFacts, lang: Lang) -> String {
    // The comparison signs are not in the text table, which holds no `<` or `>`.
    let (at_least, at_most) = match lang {
        Lang::En => (">=", "<="),
        Lang::Nl => ("≥", "≤"),
    };
    match (l.low, l.high) {
        (Some(lo), Some(hi)) => lang.fill(
            "disc_between",
            &[&l.parameter, &short(lo, lang), &short(hi, lang)],
        ),
        (Some(lo), None) => format!("{} {at_least} {}", l.parameter, short(lo, lang)),
        (None, Some(hi)) => format!("{} {at_most} {}", l.parameter, short(hi, lang)),
        (None, None) => lang.fill("disc_in", &[&l.parameter, &l.categories.join(", ")]),
    }
}

/// The condition as the sentences and figures give it: as written in English; in Dutch with
/// the metrics' Dutch names, "in maand", `≤`/`≥`, "en"/"of" and decimal commas (as written if
/// it does not parse).
pub fn condition_words(condition: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return condition.to_string();
    }
    let Ok(parsed) = parse(condition) else {
        return condition.to_string();
    };
    parsed
        .any_of
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|c| {
                    let op = match c.op {
                        Op::Less => "<",
                        Op::LessEq => "≤",
                        Op::Greater => ">",
                        Op::GreaterEq => "≥",
                    };
                    let value = c.value.to_string().replace('.', ",").replace('-', "−");
                    lang.fill(
                        "disc_condition_part",
                        &[
                            &lang.metric(c.metric.name()).to_lowercase(),
                            &c.month.to_string(),
                            op,
                            &value,
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join(lang.t("disc_and"))
        })
        .collect::<Vec<_>>()
        .join(lang.t("disc_or"))
}

/// The findings in plain words, a sentence a line, in `lang`.
pub fn summary_lines(f: &Findings, lang: Lang) -> Vec<String> {
    let rows = f.rows_word(lang);
    let share = f.cases as f64 / f.rows.max(1) as f64;
    let mut lines = vec![lang.fill(
        "disc_holds_for",
        &[
            &condition_words(&f.condition, lang),
            &f.cases.to_string(),
            &f.rows.to_string(),
            rows,
            &percent(share),
        ],
    )];
    if f.cases == 0 {
        lines.push(lang.t("disc_nothing").to_string());
        return lines;
    }
    if f.boxes.is_empty() {
        let best = f.best_density.map_or_else(|| "–".to_string(), percent);
        lines.push(lang.fill("disc_no_box", &[&best, rows]));
        return lines;
    }
    let weak_p = match lang {
        Lang::En => WEAK_QUASI_P.to_string(),
        Lang::Nl => WEAK_QUASI_P.to_string().replace('.', ","),
    };
    for (b, found) in f.boxes.iter().enumerate() {
        let words = |strong: bool| {
            found
                .limits
                .iter()
                .filter(|l| l.weak != strong)
                .map(|l| restriction_words(l, lang))
                .collect::<Vec<_>>()
                .join(lang.t("disc_and"))
        };
        let (strong, weak_ones) = (words(true), words(false));
        let when = match (strong.is_empty(), weak_ones.is_empty()) {
            (true, true) => lang.t("disc_everywhere_in_sweep").to_string(),
            (false, true) => lang.fill("disc_when", &[&strong]),
            (false, false) => lang.fill("disc_when_weak", &[&strong, &weak_p, &weak_ones]),
            (true, false) => lang.fill("disc_when_only_weak", &[&weak_ones, &weak_p]),
        };
        let lead = if b == 0 {
            "disc_holds_mostly"
        } else {
            "disc_also_holds"
        };
        lines.push(lang.fill(
            lead,
            &[
                &percent(found.density),
                &percent(found.coverage),
                rows,
                &when,
            ],
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(parameter: &str, low: Option<f64>, high: Option<f64>, p: f64) -> LimitFacts {
        LimitFacts {
            parameter: parameter.to_string(),
            low,
            high,
            categories: vec![],
            quasi_p_low: low.map(|_| p),
            quasi_p_high: high.map(|_| p),
            weak: p > WEAK_QUASI_P,
            swept_low: Some(0.0),
            swept_high: Some(1.0),
        }
    }

    fn findings(boxes: Vec<Vec<LimitFacts>>) -> Findings {
        Findings {
            condition: "net_value@36 < 133.5 and retention@12 >= 0.8".to_string(),
            per: "point".to_string(),
            rows: 40,
            cases: 12,
            best_density: Some(0.6),
            boxes: boxes
                .into_iter()
                .map(|limits| BoxFacts {
                    coverage: 0.8,
                    density: 0.9,
                    mass: 0.3,
                    points: 12,
                    cases: 11,
                    limits,
                })
                .collect(),
        }
    }

    #[test]
    fn the_sentences_in_english_and_dutch() {
        let f = findings(vec![
            vec![limit("key", Some(0.2), Some(0.5), 0.001)],
            vec![
                limit("a", Some(3.0), None, 0.01),
                limit("b", None, Some(-0.25), 0.4),
            ],
        ]);
        let en = summary_lines(&f, Lang::En);
        assert_eq!(
            en,
            [
                "The condition net_value@36 < 133.5 and retention@12 >= 0.8 holds for 12 of 40 points (30%).",
                "It holds mostly (density 90%, covering 80% of such points) when key between 0.200 and 0.500.",
                "Apart from that, it also holds mostly (density 90%, covering 80% of such points) when a >= 3 (its other limits add little, quasi-p above 0.05: b <= -0.250).",
            ]
        );
        let nl = summary_lines(&f, Lang::Nl);
        assert!(nl[0].contains(
            "netto waarde in maand 36 < 133,5 en behoud van personeel in maand 12 ≥ 0,8"
        ));
        assert!(nl[0].contains("12 van de 40 punten (30%)"), "{}", nl[0]);
        assert!(nl[1].contains("key tussen 0,200 en 0,500"), "{}", nl[1]);
        assert!(nl[2].contains("a ≥ 3") && nl[2].contains("b ≤ −0,250"));
        assert!(nl[2].contains("0,05"), "{}", nl[2]);
        for line in &nl {
            for english in ["holds", "between", "covering", "when", ">=", "points"] {
                assert!(!line.contains(english), "{english} in {line}");
            }
            let chars: Vec<char> = line.chars().collect();
            assert!(
                !chars
                    .windows(3)
                    .any(|w| w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit()),
                "a decimal point in {line}"
            );
        }
    }

    #[test]
    fn nothing_to_explain_no_box_and_everywhere() {
        let mut f = findings(vec![]);
        assert!(
            summary_lines(&f, Lang::En)[1]
                .contains("(the best box found holds it for 60% of its points)")
        );
        assert!(summary_lines(&f, Lang::Nl)[1].contains("60%"));
        f.cases = 0;
        assert_eq!(
            summary_lines(&f, Lang::En)[1],
            "There is nothing to explain: no box was sought."
        );
        let f = findings(vec![vec![limit("k", None, Some(2.0), 0.3)], vec![]]);
        let en = summary_lines(&f, Lang::En);
        assert!(en[1].ends_with(
            "when k <= 2 (though no limit is clearly needed: every quasi-p is above 0.05)."
        ));
        assert!(en[2].ends_with("everywhere in the sweep."));
        assert!(summary_lines(&f, Lang::Nl)[2].ends_with("overal in de verkenning."));
    }

    #[test]
    fn findings_read_back_from_their_json() {
        let f = findings(vec![vec![limit("key", Some(0.2), Some(0.5), 0.001)]]);
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(Findings::from_json(&json), Some(f));
        let mut old = json.clone();
        old.as_object_mut().unwrap().remove("best_density");
        assert_eq!(Findings::from_json(&old), None);
        assert_eq!(
            Findings::from_json(&serde_json::json!({"condition": "x"})),
            None
        );
    }
}

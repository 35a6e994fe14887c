//! The findings table: every published finding of the validation experiments with its
//! criterion, the measured value and a verdict.

use crate::experiment::validation::experiments::{knowledge_of, turbulence_late};
use crate::experiment::validation::{
    Experiment, Figure1, Finding, MixedLearners, Options, TURBULENCE_EARLY, TURBULENCE_START,
    Turbulence, Turnover, ValidationError, ValidationPlans, Verdict, figure1, mixed_learners,
    paired, patterns, same, show, show_signed, turbulence, turnover,
};
use crate::ground::stats::Stats;

/// One pattern of docs/ODD.md §1 as orgsim estimates it.
#[derive(Clone, Debug)]
pub struct PatternResult {
    pub number: u32,
    /// The pattern, abridged from docs/ODD.md §1.
    pub statement: &'static str,
    /// orgsim's estimates (mean [95% CI]; differences paired over replications).
    pub estimates: Vec<String>,
    /// What the guarding test requires.
    pub criterion: &'static str,
    pub holds: bool,
    /// The tests that guard it.
    pub tests: &'static str,
}

/// Everything the validation report shows.
#[derive(Clone, Debug)]
pub struct Validation {
    pub figure1: Figure1,
    pub mixed: MixedLearners,
    pub turnover: Turnover,
    pub turbulence: Turbulence,
    pub findings: Vec<Finding>,
    /// Empty when `Options::patterns` is false.
    pub patterns: Vec<PatternResult>,
    pub pattern_replications: u32,
}

/// Runs the four experiments and (optionally) the pattern estimates on the current rayon pool.
pub fn run_validation(
    plans: &ValidationPlans,
    options: &Options,
) -> Result<Validation, ValidationError> {
    let figure1 = figure1(&plans.figure1)?;
    let mixed = mixed_learners(&plans.mixed_learners)?;
    let turnover = turnover(&plans.turnover)?;
    let turbulence = turbulence(&plans.turbulence)?;
    let findings = findings(&figure1, &mixed, &turnover, &turbulence)?;
    let patterns = if options.patterns {
        patterns(options.pattern_replications, &findings)?
    } else {
        Vec::new()
    };
    Ok(Validation {
        figure1,
        mixed,
        turnover,
        turbulence,
        findings,
        patterns,
        pattern_replications: options.pattern_replications,
    })
}

/// The verdict on every published finding.
pub fn findings(
    f1: &Figure1,
    mixed: &MixedLearners,
    turnover: &Turnover,
    turbulence: &Turbulence,
) -> Result<Vec<Finding>, ValidationError> {
    let mut out = figure1_findings(f1)?;
    out.extend(mixed_learner_findings(mixed)?);
    out.extend(turnover_findings(turnover)?);
    out.extend(turbulence_findings(turbulence)?);
    Ok(out)
}

/// F1–F6: the findings of Figure 1 (socialisation rate × code learning rate).
fn figure1_findings(f1: &Figure1) -> Result<Vec<Finding>, ValidationError> {
    let mut out = Vec::new();
    let need = |p2: f64, p1: f64| {
        f1.index(p2, p1).ok_or_else(|| {
            ValidationError(format!(
                "the Figure-1 sweep has no point p2 = {p2}, p1 = {p1}"
            ))
        })
    };
    let n1 = f1.p1.len();

    // F1: slower socialisation, more knowledge (p2 = 0.5 and 0.9).
    let mut passed = 0;
    let mut text = Vec::new();
    for p2 in [0.5, 0.9] {
        let (i2, lo) = need(p2, 0.1)?;
        let (_, hi) = need(p2, 0.9)?;
        let diff = paired(&f1.knowledge_values(i2, lo), &f1.knowledge_values(i2, hi));
        let falls = (1..n1)
            .filter(|&i| f1.knowledge(i2, i).mean < f1.knowledge(i2, i - 1).mean)
            .count();
        if diff.ci_low > 0.0 && falls + 1 >= n1 - 1 {
            passed += 1;
        }
        text.push(format!(
            "p2 = {p2}: K(p1 = 0.1) − K(p1 = 0.9) = {}; K falls at {falls} of {} steps of p1",
            show_signed(&diff, 3),
            n1 - 1
        ));
    }
    out.push(Finding {
        id: "F1",
        headline: "Slower socialisation (lower p1) ends with more equilibrium knowledge.",
        experiment: Experiment::Figure1,
        claim: "Slower socialisation ends with more knowledge: the lower p1, the higher the \
                code's equilibrium knowledge; \"slow learning on the part of individuals \
                maintains diversity longer, thereby providing the exploration\" (March's \
                conclusion as quoted by ABAS 2015).",
        sources: &["March 1991", "ABAS 2015"],
        criterion: "for p2 = 0.5 and 0.9: paired K(p1 = 0.1) − K(p1 = 0.9) with its 95% interval \
                    above 0, and mean K falling at all but at most one step of p1",
        orgsim: text.join("; "),
        verdict: Verdict::from_counts(passed, 2, 1),
    });

    // F2: the best corner.
    let mut best = (0, 0);
    for i2 in 0..f1.p2.len() {
        for i1 in 0..n1 {
            if f1.knowledge(i2, i1).mean > f1.knowledge(best.0, best.1).mean {
                best = (i2, i1);
            }
        }
    }
    let best_stats = f1.knowledge(best.0, best.1);
    out.push(Finding {
        id: "F2",
        headline: "The most knowledge: a fast-learning code (p2 = 0.9) with slowly socialised people (p1 = 0.1).",
        experiment: Experiment::Figure1,
        claim: "The highest equilibrium knowledge comes from a code that learns fast from \
                individuals who learn slowly (p1 = 0.1, p2 = 0.9).",
        sources: &["March 1991", "IndigoSim"],
        criterion: "the highest mean of the grid is at p1 = 0.1, p2 = 0.9",
        orgsim: format!(
            "highest mean at p1 = {}, p2 = {}: K = {}",
            f1.p1[best.1],
            f1.p2[best.0],
            show(&best_stats, 3)
        ),
        verdict: Verdict::from_bool(same(f1.p1[best.1], 0.1) && same(f1.p2[best.0], 0.9)),
    });

    // F3: p2 matters under slow socialisation.
    let (a, i1) = need(0.1, 0.1)?;
    let (b, _) = need(0.5, 0.1)?;
    let (c, _) = need(0.9, 0.1)?;
    let d_mid = paired(&f1.knowledge_values(b, i1), &f1.knowledge_values(a, i1));
    let d_top = paired(&f1.knowledge_values(c, i1), &f1.knowledge_values(b, i1));
    out.push(Finding {
        id: "F3",
        headline: "p2 matters: under slow socialisation a faster-learning code ends with more knowledge.",
        experiment: Experiment::Figure1,
        claim: "The code's learning rate matters: with slow socialisation, a code that learns \
                faster from the superior individuals ends with more knowledge.",
        sources: &["March 1991", "IndigoSim"],
        criterion: "at p1 = 0.1: paired K(p2 = 0.5) − K(p2 = 0.1) and K(p2 = 0.9) − K(p2 = 0.5) \
                    both with intervals above 0",
        orgsim: format!(
            "at p1 = 0.1: K(0.5) − K(0.1) = {}; K(0.9) − K(0.5) = {}",
            show_signed(&d_mid, 3),
            show_signed(&d_top, 3)
        ),
        verdict: Verdict::from_counts(
            (d_mid.ci_low > 0.0) as usize + (d_top.ci_low > 0.0) as usize,
            2,
            1,
        ),
    });

    // F4: with a slow code p1 hardly matters, and the lines cross.
    let (s2, _) = need(0.1, 0.1)?;
    let means: Vec<f64> = (0..n1).map(|i| f1.knowledge(s2, i).mean).collect();
    let range = means.iter().cloned().fold(f64::MIN, f64::max)
        - means.iter().cloned().fold(f64::MAX, f64::min);
    let (slow_code, fast_soc) = need(0.1, 0.9)?;
    let (fast_code, _) = need(0.9, 0.9)?;
    let cross = paired(
        &f1.knowledge_values(slow_code, fast_soc),
        &f1.knowledge_values(fast_code, fast_soc),
    );
    out.push(Finding {
        id: "F4",
        headline: "With a slow code (p2 = 0.1) p1 hardly matters; under fast socialisation the slow code does best.",
        experiment: Experiment::Figure1,
        claim: "With a slowly learning code (p2 = 0.1) the socialisation rate hardly matters, and \
                under fast socialisation the slow code ends best: the lines cross.",
        sources: &["Workiewicz 2019", "IndigoSim"],
        criterion: "for p2 = 0.1 the means over p1 span less than 0.1; at p1 = 0.9 paired \
                    K(p2 = 0.1) − K(p2 = 0.9) with its interval above 0",
        orgsim: format!(
            "p2 = 0.1: means span {range:.3} over p1; at p1 = 0.9: K(0.1) − K(0.9) = {}",
            show_signed(&cross, 3)
        ),
        verdict: Verdict::from_counts((range < 0.1) as usize + (cross.ci_low > 0.0) as usize, 2, 1),
    });

    // F5: numbers agree with Workiewicz's reproduction.
    let mut inside = 0;
    let mut compared = 0;
    let mut largest: f64 = 0.0;
    for i2 in 0..f1.p2.len() {
        for i1 in 0..n1 {
            if let Some(reference) = f1.reference(i2, i1) {
                let s = f1.knowledge(i2, i1);
                compared += 1;
                inside += (s.ci_low <= reference && reference <= s.ci_high) as usize;
                largest = largest.max((s.mean - reference).abs());
            }
        }
    }
    let needed = (compared as f64 * 0.9).floor() as usize;
    out.push(Finding {
        id: "F5",
        headline: "The values match an independent recreation of March's original program.",
        experiment: Experiment::Figure1,
        claim: "The values agree with an independent recreation of March's original program \
                (10,000 organisations a point).",
        sources: &["Workiewicz 2019"],
        criterion: "the reference value lies inside orgsim's 95% interval at 90% or more of the \
                    points (about 95% expected) and no mean is more than 0.03 from it",
        orgsim: format!(
            "inside the interval at {inside} of {compared} points; largest gap {largest:.3}"
        ),
        verdict: if compared == 0 {
            Verdict::NotReproduced
        } else if inside >= needed && largest < 0.03 {
            Verdict::Reproduced
        } else if largest < 0.05 {
            Verdict::Partly
        } else {
            Verdict::NotReproduced
        },
    });

    // F6: equilibrium.
    let unsettled = f1.unsettled();
    let slowest = (0..f1.p2.len())
        .flat_map(|i2| (0..n1).map(move |i1| (i2, i1)))
        .map(|(i2, i1)| f1.max_periods(i2, i1))
        .max()
        .unwrap_or(0);
    out.push(Finding {
        id: "F6",
        headline: "Every run reaches a stable equilibrium in which everybody shares the code's beliefs.",
        experiment: Experiment::Figure1,
        claim: "\"An equilibrium is reached at which all individuals and the code share the same \
                (not necessarily accurate) belief with respect to each dimension. The \
                equilibrium is stable.\" (p. 75)",
        sources: &["March 1991", "Workiewicz 2019"],
        criterion: "every run of the grid settles before the cap",
        orgsim: format!(
            "{} of {} runs settled within {} periods (slowest: {slowest} periods)",
            f1.total_runs() - unsettled,
            f1.total_runs(),
            f1.cap
        ),
        verdict: Verdict::from_bool(unsettled == 0),
    });

    Ok(out)
}

/// M1–M2: the findings on mixed fast and slow learners.
fn mixed_learner_findings(mixed: &MixedLearners) -> Result<Vec<Finding>, ValidationError> {
    let mut out = Vec::new();
    // M1: mixed beats homogeneous of the same average rate.
    let above = (0..mixed.shares.len())
        .filter(|&i| mixed.difference(i).ci_low > 0.0)
        .count();
    let positive = (0..mixed.shares.len())
        .filter(|&i| mixed.difference(i).mean > 0.0)
        .count();
    let mid = (0..mixed.shares.len())
        .min_by(|&a, &b| {
            (mixed.shares[a] - 0.5)
                .abs()
                .total_cmp(&(mixed.shares[b] - 0.5).abs())
        })
        .unwrap_or(0);
    out.push(Finding {
        id: "M1",
        headline: "A mix of fast and slow learners beats a homogeneous group of the same average rate.",
        experiment: Experiment::MixedLearners,
        claim: "A mix of fast and slow learners ends with more knowledge than a homogeneous \
                group learning at the same average rate.",
        sources: &["March 1991", "Barg (notes)", "Wikiversity"],
        criterion: "paired K(mix) − K(homogeneous, same average rate): mean above 0 at every \
                    mix and interval above 0 at two thirds of them or more (partly: interval above \
                    0 at half of them or more)",
        orgsim: format!(
            "mean above 0 at {positive} of {} mixes, interval above 0 at {above}; at share \
             {:.1}: {}",
            mixed.shares.len(),
            mixed.shares[mid],
            show_signed(&mixed.difference(mid), 3)
        ),
        verdict: if positive == mixed.shares.len() && 3 * above >= 2 * mixed.shares.len() {
            Verdict::Reproduced
        } else if 2 * above >= mixed.shares.len() {
            Verdict::Partly
        } else {
            Verdict::NotReproduced
        },
    });

    // M2: slow learners carry the knowledge: fewer fast learners, more equilibrium knowledge.
    let last = mixed.shares.len() - 1;
    let slow_vs_fast = paired(
        &knowledge_of(&mixed.mixed[0]),
        &knowledge_of(&mixed.mixed[last]),
    );
    let falls = (1..mixed.shares.len())
        .filter(|&i| mixed.mixed_knowledge(i).mean < mixed.mixed_knowledge(i - 1).mean)
        .count();
    out.push(Finding {
        id: "M2",
        headline: "The fewer fast learners in the mix, the more the code ends up knowing.",
        experiment: Experiment::MixedLearners,
        claim: "Slow learners let the organisation reach a higher equilibrium knowledge: the \
                fewer fast learners in the mix, the more the code ends up knowing.",
        sources: &["Barg (notes)"],
        criterion: "paired K(fewest fast learners) − K(most fast learners) with its interval \
                    above 0, and mean K falling at all but at most one step of the share",
        orgsim: format!(
            "K(share {:.1}) − K(share {:.1}) = {}; K falls at {falls} of {} steps",
            mixed.shares[0],
            mixed.shares[last],
            show_signed(&slow_vs_fast, 3),
            last
        ),
        verdict: Verdict::from_counts(
            (slow_vs_fast.ci_low > 0.0) as usize + (falls + 1 >= last) as usize,
            2,
            1,
        ),
    });

    Ok(out)
}

/// T1–T3: the findings on turnover.
fn turnover_findings(turnover: &Turnover) -> Result<Vec<Finding>, ValidationError> {
    let mut out = Vec::new();
    // T1–T3: turnover.
    let fast = turnover
        .p1
        .iter()
        .position(|&v| same(v, 0.9))
        .ok_or_else(|| ValidationError("the turnover sweep has no p1 = 0.9".into()))?;
    let slow = turnover
        .p1
        .iter()
        .position(|&v| same(v, 0.1))
        .ok_or_else(|| ValidationError("the turnover sweep has no p1 = 0.1".into()))?;
    let moderate: Vec<usize> = (1..turnover.p3.len())
        .filter(|&i| turnover.p3[i] > 0.0 && turnover.p3[i] <= 0.1 + 1e-9)
        .collect();
    let helped: Vec<String> = moderate
        .iter()
        .map(|&i| {
            format!(
                "p3 = {}: {}",
                turnover.p3[i],
                show_signed(&turnover.gain(fast, i), 3)
            )
        })
        .collect();
    let any_moderate_helps = moderate
        .iter()
        .any(|&i| turnover.gain(fast, i).ci_low > 0.0);
    let p3_01 = turnover.p3.iter().position(|&v| same(v, 0.1));
    out.push(Finding {
        id: "T1",
        headline: "With fast socialisation, modest turnover improves knowledge.",
        experiment: Experiment::Turnover,
        claim: "\"Rapid socialization of individuals into the procedures and beliefs of an \
                organization tends to reduce exploration. A modest level of turnover, by \
                introducing less socialized people, increases exploration, and thereby improves \
                aggregate knowledge.\" (p. 79)",
        sources: &["March 1991", "Barg (notes)", "Rodan 2005"],
        criterion: "with fast socialisation (p1 = 0.9), period-20 K(p3) − K(p3 = 0) has its \
                    interval above 0 for a modest p3 (0.1 or less); reproduced if it does at \
                    p3 = 0.1",
        orgsim: format!("p1 = 0.9: {}", helped.join("; ")),
        verdict: if p3_01.is_some_and(|i| turnover.gain(fast, i).ci_low > 0.0) {
            Verdict::Reproduced
        } else if any_moderate_helps {
            Verdict::Partly
        } else {
            Verdict::NotReproduced
        },
    });

    let best_slow_gain = (1..turnover.p3.len())
        .map(|i| turnover.gain(slow, i))
        .max_by(|a, b| a.mean.total_cmp(&b.mean));
    let slow_helped = (1..turnover.p3.len()).any(|i| turnover.gain(slow, i).ci_low > 0.0);
    out.push(Finding {
        id: "T2",
        headline: "With slow socialisation, turnover does not improve knowledge.",
        experiment: Experiment::Turnover,
        claim: "With slow socialisation turnover does not improve the code's knowledge: slow \
                learners already keep enough variety.",
        sources: &["IndigoSim"],
        criterion: "with p1 = 0.1, no p3 > 0 gives a period-20 K(p3) − K(p3 = 0) with its \
                    interval above 0",
        orgsim: match best_slow_gain {
            Some(g) => format!(
                "p1 = 0.1: best K(p3) − K(0) = {}; period-20 K at p3 = 0: {}",
                show_signed(&g, 3),
                show(&turnover.stats(slow, 0), 3)
            ),
            None => "no turnover values".into(),
        },
        verdict: Verdict::from_bool(!slow_helped && best_slow_gain.is_some()),
    });

    let best = turnover.best(fast);
    let top = turnover.p3.len() - 1;
    let too_much = paired(
        &turnover.knowledge[fast][top],
        &turnover.knowledge[fast][best],
    );
    out.push(Finding {
        id: "T3",
        headline: "Turnover helps only in moderation.",
        experiment: Experiment::Turnover,
        claim: "Turnover helps only in moderation (\"a modest level of turnover\"): too much \
                turnover loses knowledge.",
        sources: &["March 1991", "Barg (notes)", "phdane.com"],
        criterion: "with p1 = 0.9 the best p3 is neither 0 nor the largest tried, and K(largest \
                    p3) − K(best p3) has its interval below 0 (partly: only the latter)",
        orgsim: format!(
            "p1 = 0.9: best p3 = {} (K = {}); K(p3 = {}) − K(best) = {}",
            turnover.p3[best],
            show(&turnover.stats(fast, best), 3),
            turnover.p3[top],
            show_signed(&too_much, 3)
        ),
        verdict: Verdict::from_counts(
            (best != 0 && best != top) as usize + (too_much.ci_high < 0.0) as usize,
            2,
            1,
        ),
    });

    Ok(out)
}

/// B1–B3: the findings on turbulence.
fn turbulence_findings(turbulence: &Turbulence) -> Result<Vec<Finding>, ValidationError> {
    let mut out = Vec::new();
    // B1–B3: turbulence.
    let none = turbulence
        .p3
        .iter()
        .position(|&v| v == 0.0)
        .ok_or_else(|| ValidationError("the turbulence sweep has no p3 = 0".into()))?;
    let with = (0..turbulence.p3.len())
        .find(|&i| turbulence.p3[i] > 0.0)
        .ok_or_else(|| ValidationError("the turbulence sweep has no p3 > 0".into()))?;
    let late = turbulence_late(turbulence.months);
    let early = TURBULENCE_EARLY;
    let erosion = paired(
        &turbulence.window(none, late.0, late.1),
        &turbulence.window(none, early.0, early.1),
    );
    let late_none = Stats::of(turbulence.window(none, late.0, late.1));
    out.push(Finding {
        id: "B1",
        headline: "Without turnover, turbulence erodes knowledge (toward zero).",
        experiment: Experiment::Turbulence,
        claim: "Without turnover, turbulence erodes knowledge: once individuals and code agree \
                nobody brings anything new, and as reality drifts the code's knowledge decays \
                (toward zero).",
        sources: &["March 1991", "Barg (notes)", "IndigoSim"],
        criterion: "with p3 = 0: paired mean K over the last 20 periods − mean K over periods \
                    5–15 with its interval below 0",
        orgsim: format!(
            "p3 = 0: peak K {} at period {}; last 20 periods {}; change {}",
            show(&turbulence.at(none, turbulence.peak(none)), 3),
            turbulence.peak(none),
            show(&late_none, 3),
            show_signed(&erosion, 3)
        ),
        verdict: Verdict::from_bool(erosion.ci_high < 0.0),
    });

    let late_with = Stats::of(turbulence.window(with, late.0, late.1));
    let kept = paired(
        &turbulence.window(with, late.0, late.1),
        &turbulence.window(none, late.0, late.1),
    );
    out.push(Finding {
        id: "B2",
        headline: "With turnover, knowledge stays at a moderate level under turbulence.",
        experiment: Experiment::Turbulence,
        claim: "With turnover the code keeps a moderate level of knowledge under turbulence: \
                newcomers' different beliefs let it follow reality.",
        sources: &["March 1991", "Barg (notes)", "IndigoSim"],
        criterion: "over the last 20 periods: paired K(p3 > 0) − K(p3 = 0) with its interval \
                    above 0, and K(p3 > 0) above 0.3",
        orgsim: format!(
            "p3 = {}: last 20 periods {}; minus p3 = 0: {}",
            turbulence.p3[with],
            show(&late_with, 3),
            show_signed(&kept, 3)
        ),
        verdict: Verdict::from_counts(
            (kept.ci_low > 0.0) as usize + (late_with.ci_low > 0.3) as usize,
            2,
            1,
        ),
    });

    let start = TURBULENCE_START;
    let slower = paired(
        &turbulence.window(with, start.0, start.1),
        &turbulence.window(none, start.0, start.1),
    );
    out.push(Finding {
        id: "B3",
        headline: "Turnover slows the first rise of knowledge.",
        experiment: Experiment::Turbulence,
        claim: "Turnover slows the initial rise of the code's knowledge (the short-run cost of \
                exploration).",
        sources: &["IndigoSim"],
        criterion: "paired mean K over periods 1–5, with turnover − without, with its interval \
                    below 0",
        orgsim: format!(
            "periods 1–5: K(p3 = {}) − K(p3 = 0) = {}",
            turbulence.p3[with],
            show_signed(&slower, 3)
        ),
        verdict: Verdict::from_bool(slower.ci_high < 0.0),
    });

    Ok(out)
}

//! Pattern 6 of docs/ODD.md section 1: March's (1991) findings, with the social mechanisms off
//! (`knowledge.mode = "march1991"`), over seeded replications with 95% intervals. Each test
//! checks one point of a finding; tests/it/validation.rs checks the shapes over every point of
//! the paper's designs (the sweep files of scenarios/validation/) and docs/VALIDATION.md shows
//! the numbers.

use crate::common;

use common::*;
use orgsim::model::metrics::Metric;

fn final_code_knowledge(overrides: &[&str]) -> Vec<f64> {
    let s = scenario("march1991", overrides);
    let last = s.months as usize;
    run(&s)
        .iter()
        .map(|r| r.months[last][Metric::CodeKnowledge as usize])
        .collect()
}

/// Slow socialisation (low p1) ends with better organisational knowledge than fast.
#[test]
fn march_slow_socialisation_ends_with_more_knowledge() {
    let slow = final_code_knowledge(&["knowledge.socialisation_rate=0.1"]);
    let fast = final_code_knowledge(&["knowledge.socialisation_rate=0.9"]);
    let diff = paired(&slow, &fast);
    assert!(
        diff.low > 0.05,
        "equilibrium K(p1 = 0.1) − K(p1 = 0.9) = {diff}"
    );
}

/// Code learning p2 matters: a code that learns faster from the superior group ends with more
/// knowledge under slow socialisation (March's Figure 1).
#[test]
fn march_code_learning_rate_matters() {
    let slow_code = final_code_knowledge(&[
        "knowledge.socialisation_rate=0.1",
        "knowledge.code_learning_rate=0.1",
    ]);
    let fast_code = final_code_knowledge(&[
        "knowledge.socialisation_rate=0.1",
        "knowledge.code_learning_rate=0.9",
    ]);
    let diff = estimate(
        &fast_code
            .iter()
            .zip(&slow_code)
            .map(|(a, b)| a - b)
            .collect::<Vec<_>>(),
    );
    assert!(
        diff.mean.abs() > 0.03 && (diff.low > 0.0 || diff.high < 0.0),
        "K(p2 = 0.9) − K(p2 = 0.1) = {diff}"
    );
}

/// Mixing slow learners into a fast group helps: a mixed population ends with more knowledge
/// than a homogeneous one of the same average rate.
#[test]
fn march_mixing_slow_learners_into_a_fast_group_helps() {
    let mixed = final_code_knowledge(&[
        "knowledge.fast_learner_share=0.5",
        "knowledge.fast_socialisation_rate=0.9",
        "knowledge.slow_socialisation_rate=0.1",
    ]);
    let homogeneous = final_code_knowledge(&["knowledge.socialisation_rate=0.5"]);
    let diff = paired(&mixed, &homogeneous);
    assert!(diff.low > 0.0, "K(mixed 0.1/0.9) − K(all 0.5) = {diff}");
}

/// Some turnover helps when socialisation is fast (knowledge after a fixed number of periods).
#[test]
fn march_moderate_turnover_helps_fast_socialisation() {
    let base = [
        "knowledge.socialisation_rate=0.9",
        "knowledge.until_equilibrium=false",
        "months=100",
    ];
    let without = final_code_knowledge(&base);
    let with: Vec<f64> =
        final_code_knowledge(&[base[0], base[1], base[2], "knowledge.turnover=0.1"]);
    let diff = paired(&with, &without);
    assert!(
        diff.low > 0.0,
        "K(p3 = 0.1) − K(p3 = 0) with p1 = 0.9: {diff}"
    );
}

/// Turbulence without turnover erodes knowledge over time.
#[test]
fn march_turbulence_without_turnover_erodes_knowledge() {
    let s = scenario(
        "march1991",
        &[
            "knowledge.until_equilibrium=false",
            "months=200",
            "environment.turbulence=0.02",
        ],
    );
    let results = run(&s);
    let early = window_means(&results, Metric::CodeKnowledge, 20, 40);
    let late = window_means(&results, Metric::CodeKnowledge, 180, 200);
    let diff = paired(&late, &early);
    assert!(
        diff.high < 0.0,
        "K(late) − K(early) under turbulence: {diff}"
    );
}

/// At equilibrium nothing changes: the last months repeat.
#[test]
fn march_runs_reach_equilibrium_within_the_cap() {
    let s = scenario("march1991", &["replications=20"]);
    for r in run(&s) {
        let last = r.months.last().expect("rows")[Metric::CodeKnowledge as usize];
        let before = r.months[r.months.len() - 50][Metric::CodeKnowledge as usize];
        assert_eq!(
            last, before,
            "replication {} still changing at the cap",
            r.replication
        );
    }
}

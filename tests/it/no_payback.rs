//! The shipped circumstances in which a move to coaching does not pay back
//! (scenarios/no_payback/, docs/WHEN_COACHING_DOES_NOT_PAY.md): each, run against its
//! matching control with common random numbers, ends five years (or its horizon) with a
//! cumulative net value whose paired difference to control has a 95% interval below zero,
//! while the shipped transition, against the same control, pays back.

use crate::common;

use common::{repo_path, scenario};
use orgsim::experiment::compare::{Statistic, compare};
use orgsim::model::metrics::Metric;
use orgsim::output::Stats;
use orgsim::scenario::Scenario;

/// Replications of every comparison: fewer than the files' 40, enough for the intervals.
const REPLICATIONS: &str = "replications=20";

/// The coefficients of `weak_social_returns.toml`, given to its control too.
const WEAK_SOCIAL_RETURNS: &[&str] = &[
    "parameters.b_trust=5.14315",
    "parameters.b_engagement=3.7872",
    "parameters.unrelated_quit_rate=0.0544771",
    "parameters.w_social=0.0323578",
    "parameters.trait_sd_trust=0.19978",
    "parameters.trait_sd_engagement=0.213649",
    "parameters.w_support=0.418466",
    "parameters.learn_coach=0.000764736",
];

/// Each shipped no-payback scenario with the overrides that make control.toml its match.
fn cases() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("short_horizon", vec!["months=36"]),
        ("costly_programme", vec![]),
        ("coaching_reversed", vec![]),
        ("weak_social_returns", WEAK_SOCIAL_RETURNS.to_vec()),
    ]
}

/// The paired difference (scenario − control) of net value summed over months 1..=horizon.
fn cumulative_net_value_difference(control: Scenario, other: Scenario) -> Stats {
    let c = compare(&[control, other]);
    let months = f64::from(c.months);
    Stats::of(
        c.differences(Metric::NetValue, Statistic::Average, 1)
            .into_iter()
            .map(|d| d * months),
    )
}

fn with_replications<'a>(overrides: &[&'a str]) -> Vec<&'a str> {
    let mut all = overrides.to_vec();
    all.push(REPLICATIONS);
    all
}

#[test]
fn every_no_payback_scenario_ends_below_its_control() {
    for (name, control_overrides) in cases() {
        let control = scenario("control", &with_replications(&control_overrides));
        let other = scenario(&format!("no_payback/{name}"), &[REPLICATIONS]);
        assert_eq!(control.months, other.months, "{name}");
        let d = cumulative_net_value_difference(control, other);
        assert!(
            d.ci_high < 0.0,
            "{name}: cumulative net value difference {d:?}"
        );
    }
}

#[test]
fn the_shipped_transition_pays_back_against_the_same_control() {
    let control = scenario("control", &[REPLICATIONS]);
    let transition = scenario("transition", &[REPLICATIONS]);
    let d = cumulative_net_value_difference(control, transition);
    assert!(d.ci_low > 0.0, "{d:?}");
}

#[test]
fn every_file_in_the_folder_is_tested() {
    let mut files: Vec<String> = std::fs::read_dir(repo_path("scenarios/no_payback"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut tested: Vec<String> = cases().into_iter().map(|(n, _)| n.to_string()).collect();
    tested.sort();
    assert_eq!(files, tested);
}

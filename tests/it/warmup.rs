//! Warm-up and the rolling metrics' first year: retention is annualised from the first month,
//! `warmup_months` simulates a settled organisation before month 0 without reporting it, and
//! a warmed-up state still steps the same in the fast pass and the reference month.

use crate::common::{run, scenario};
use orgsim::engine::simulation::Simulation;
use orgsim::model::metrics::{Metric, ReplicationResult};
use orgsim::model::month::reference_month;

/// Mean over replications of the per-replication mean of `metric` over months `from..=to`.
fn level(results: &[ReplicationResult], metric: Metric, from: usize, to: usize) -> f64 {
    let per: Vec<f64> = results
        .iter()
        .map(|r| {
            let v: Vec<f64> = r.months[from..=to]
                .iter()
                .map(|row| row[metric as usize])
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        })
        .collect();
    per.iter().sum::<f64>() / per.len() as f64
}

#[test]
fn the_default_runs_first_year_retention_is_not_a_warm_up_artefact() {
    // Nothing in the default scenario changes between months 1–11 and 24–35 (its shock is
    // at month 36), so its retention must not drift there because a window fills up.
    let results = run(&scenario("default", &[]));
    let first_year = level(&results, Metric::Retention, 1, 11);
    let settled = level(&results, Metric::Retention, 24, 35);
    assert!(
        (first_year - settled).abs() < 0.03,
        "retention months 1–11 {first_year:.4}, months 24–35 {settled:.4}"
    );
}

#[test]
fn a_warm_up_is_simulated_but_not_reported() {
    let plain = run(&scenario("transition", &["replications=6"]));
    let warmed = run(&scenario(
        "transition",
        &["replications=6", "warmup_months=24"],
    ));
    let months = plain[0].months.len();
    assert_eq!(
        warmed[0].months.len(),
        months,
        "months still run 0..=horizon"
    );
    // Month 0 of a warmed-up run has a year of history: retention is defined there.
    assert!(plain[0].months[0][Metric::Retention as usize].is_nan());
    for r in &warmed {
        let retention = r.months[0][Metric::Retention as usize];
        assert!(retention.is_finite() && retention <= 1.0, "{retention}");
    }
    // The warm-up changes where month 0 starts (tenure, trust, the code have moved on) ...
    assert_ne!(plain[0].months[0], warmed[0].months[0]);
    // ... but not the schedule: the programmes still start at month 6 and cost nothing before.
    for r in &warmed {
        let cost = |m: usize| r.months[m][Metric::Cost as usize];
        assert!((1..6).all(|m| cost(m) < cost(6)), "costs before month 6");
        assert!(cost(6) > 0.0);
    }
}

#[test]
fn the_fast_pass_equals_the_reference_month_after_a_warm_up() {
    let s = scenario("transition", &["warmup_months=13", "organisation.teams=6"]);
    let mut fast = Simulation::warmed_up(&s, 1);
    let mut reference = fast.state.clone();
    let mut groups = Vec::new();
    for month in 1..=12 {
        let (row, _) = fast.step();
        let (reference_row, _) = reference_month(&mut reference, &s, 1, &mut groups);
        let bits = |r: &[f64]| r.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&row), bits(&reference_row), "month {month}");
        assert!(fast.state == reference, "month {month}: states differ");
    }
}

#[test]
fn a_warm_up_beyond_its_range_is_refused() {
    let out = crate::common::orgsim(&["run", "--set", "warmup_months=100000", "-o", "-"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        crate::common::text(&out.stderr)
    );
    let err = crate::common::text(&out.stderr);
    assert!(err.contains("warmup_months"), "{err}");
}

#[test]
fn a_warm_up_in_march_mode_is_refused() {
    let err = orgsim::scenario::load_str(
        "m.toml",
        "warmup_months = 12\n[knowledge]\nmode = \"march1991\"\n",
        &[],
    )
    .expect_err("March's model has no warm-up");
    assert_eq!(err.diagnostics()[0].key.as_deref(), Some("warmup_months"));
}

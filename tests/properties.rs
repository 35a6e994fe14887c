//! Property tests: any valid parameter set, including the bounds of every range, runs without
//! NaN or infinity, keeps every state variable in its range and keeps the counts consistent.

mod common;

use common::scenario;
use orgsim::engine::simulation::Simulation;
use orgsim::model::metrics::{METRICS, Metric};
use orgsim::model::params::PARAMETER_SPECS;
use proptest::prelude::*;

/// A value for each parameter: its minimum, its maximum or a point in between.
fn parameter_values() -> impl Strategy<Value = Vec<f64>> {
    let per_parameter: Vec<_> = PARAMETER_SPECS
        .iter()
        .map(|spec| prop_oneof![Just(spec.min), Just(spec.max), spec.min..=spec.max])
        .collect();
    per_parameter
}

/// Metrics that may be empty: agility without market changes, retention before a month or
/// without headcount, means over nobody.
fn may_be_empty(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::Agility
            | Metric::Retention
            | Metric::Knowledge
            | Metric::Skill
            | Metric::Trust
            | Metric::Autonomy
            | Metric::Engagement
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_valid_parameters_keep_the_state_sane(values in parameter_values(), seed in 0u64..1000, turbulence in 0.0f64..=0.2, tightness in 0.0f64..=1.0) {
        let mut s = scenario("transition", &["organisation.teams=6", "replications=1"]);
        for (spec, value) in PARAMETER_SPECS.iter().zip(&values) {
            s.parameters.set(spec.name, *value);
        }
        s.seed = seed;
        s.environment.turbulence = turbulence;
        s.environment.tightness = tightness;
        let slots = s.slots();
        let mut sim = Simulation::new(&s, 0);
        let (initial, _) = sim.observe_initial();
        let mut headcount = initial[Metric::Headcount as usize];
        for month in 1..=36 {
            let (row, groups) = sim.step();
            for (i, spec) in METRICS.iter().enumerate() {
                let v = row[i];
                prop_assert!(!v.is_infinite(), "month {month}: {} is infinite", spec.name);
                prop_assert!(!v.is_nan() || may_be_empty(Metric::ALL[i]), "month {month}: {} is NaN", spec.name);
            }
            // Headcount moves by hires minus quits, and never exceeds the slots.
            let now = row[Metric::Headcount as usize];
            prop_assert_eq!(now, headcount + row[Metric::Hires as usize] - row[Metric::Quits as usize]);
            prop_assert!(now <= slots as f64);
            prop_assert_eq!(groups.iter().map(|g| g.headcount as f64).sum::<f64>(), now);
            headcount = now;
            for share in [Metric::Agility, Metric::Alignment, Metric::Knowledge, Metric::TechAdoption] {
                let v = row[share as usize];
                prop_assert!(v.is_nan() || (0.0..=1.0).contains(&v), "{}: {v}", share.name());
            }
        }
        let e = &sim.state.employees;
        prop_assert_eq!((0..slots).filter(|&i| e.is_filled(i)).count() as f64, headcount);
        for i in (0..slots).filter(|&i| e.is_filled(i)) {
            for (name, v) in [("skill", e.skill[i]), ("trust", e.trust[i]), ("engagement", e.engagement[i]), ("autonomy", e.autonomy[i]), ("desired autonomy", e.desired_autonomy[i]), ("voice", e.voice[i])] {
                prop_assert!((0.0..=1.0).contains(&v), "slot {i}: {name} = {v}");
            }
            prop_assert_eq!(e.belief_positive[i] & !e.belief_known[i], 0);
        }
        let m = &sim.state.managers;
        for t in 0..sim.state.teams() {
            for (name, v) in [("style", m.style[t]), ("coaching skill", m.coaching_skill[t]), ("trust in team", m.trust_in_team[t])] {
                prop_assert!((0.0..=1.0).contains(&v), "manager {t}: {name} = {v}");
            }
        }
    }
}

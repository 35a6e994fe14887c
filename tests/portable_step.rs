//! The step compiled for AVX2/BMI2 (chosen at run time where the CPU has them: four
//! employees per vector) and the portable step give bit-identical results. A separate test binary, because the switch is
//! process-wide.

mod common;

use common::*;
use orgsim::engine::simulation::{PORTABLE_STEP_ONLY, Simulation};
use orgsim::model::metrics::METRIC_COUNT;
use std::sync::atomic::Ordering;

/// Steps `scenario` for its horizon and returns every month's metrics and the final state.
fn history(
    s: &orgsim::scenario::Scenario,
    portable: bool,
) -> (Vec<[u64; METRIC_COUNT]>, Simulation<'_>) {
    PORTABLE_STEP_ONLY.store(portable, Ordering::Relaxed);
    let mut sim = Simulation::new(s, 5);
    let rows = (0..s.months)
        .map(|_| {
            let row = sim.step().0;
            std::array::from_fn(|i| row[i].to_bits())
        })
        .collect();
    PORTABLE_STEP_ONLY.store(false, Ordering::Relaxed);
    (rows, sim)
}

#[test]
fn the_step_for_avx2_and_the_portable_step_agree_bit_for_bit() {
    for (name, overrides) in [
        ("transition", &["organisation.teams=400"][..]),
        ("innovation_top_down", &["organisation.teams=400"][..]),
        ("healthcare", &[][..]),
        // Teams that do not fill whole groups of four lanes, and teams larger than a block.
        (
            "innovation_participatory",
            &["organisation.teams=700", "organisation.team_size=3"][..],
        ),
        (
            "transition",
            &["organisation.teams=7", "organisation.team_size=301"][..],
        ),
    ] {
        let s = scenario(name, overrides);
        let (fast_rows, fast) = history(&s, false);
        let (portable_rows, portable) = history(&s, true);
        assert_eq!(fast_rows, portable_rows, "{name}: metrics differ");
        assert_eq!(fast.state, portable.state, "{name}: final states differ");
    }
}

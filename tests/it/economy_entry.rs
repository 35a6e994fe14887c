//! Firm entry: the number of living organisations grows at `entry_rate` a month, entrants
//! start without the programme, and entry keeps results identical on any thread count.
//! Statistical over replications with fixed seeds.

use crate::common::economy::*;
use orgsim::experiment::economy::run_economy_replications;
use orgsim::model::economy::EconomyReplication;

fn living(rep: &EconomyReplication, month: usize) -> f64 {
    f64::from(
        rep.regions[month]
            .iter()
            .map(|a| a.organisations)
            .sum::<u32>(),
    )
}

#[test]
fn living_organisations_grow_at_the_entry_rate() {
    let (organisations, rate, months) = (100u32, 0.02, 24usize);
    let mut s = economy_scenario(
        organisations,
        &["default"],
        &[(0.5, 0.3), (0.4, 0.3)],
        small_firms(),
        months as u32,
        6,
        31,
    );
    economy_mut(&mut s).growth.entry_rate = rate;
    let reps = run_economy_replications(&s);
    for month in [12, months] {
        let mean = reps.iter().map(|r| living(r, month)).sum::<f64>() / reps.len() as f64;
        let expected = f64::from(organisations) * (1.0 + rate).powi(month as i32);
        assert!(
            (mean - expected).abs() < 0.05 * expected,
            "month {month}: mean living {mean}, expected {expected}"
        );
    }
    // Without entry (and without exit) the count stays where it started.
    economy_mut(&mut s).growth.entry_rate = 0.0;
    let flat = run_economy_replications(&s);
    assert!(
        flat.iter()
            .all(|r| living(r, months) == f64::from(organisations))
    );
}

#[test]
fn with_exits_entry_still_adds_organisations_and_entrants_start_unadopted() {
    let mut s = economy_scenario(
        80,
        &["default", "ict_services"],
        &[(0.5, 0.3)],
        small_firms(),
        24,
        2,
        32,
    );
    {
        let e = economy_mut(&mut s);
        e.growth.entry_rate = 0.03;
        e.growth.exit_rate = 0.2;
        e.growth.exit_below = 0.9;
        e.growth.performance_elasticity = 0.05;
        e.per_organisation = true;
        e.adoption.innovation = 0.05;
    }
    for rep in run_economy_replications(&s) {
        let built = rep.organisations.last().map_or(0, Vec::len);
        assert!(built > 80, "no entrant was built");
        for (month, rows) in rep.organisations.iter().enumerate().skip(1) {
            let before = rep.organisations[month - 1].len();
            assert!(rows[before..].iter().all(|o| o.alive && !o.adopted));
            let alive = rows.iter().filter(|o| o.alive).count() as f64;
            assert_eq!(alive, living(&rep, month));
        }
    }
}

#[test]
fn entry_gives_identical_economies_on_one_and_two_threads() {
    let mut s = economy_scenario(
        60,
        &["healthcare", "ict_services"],
        &[(0.6, 0.3), (0.4, 0.2)],
        small_firms(),
        24,
        2,
        33,
    );
    economy_mut(&mut s).per_organisation = true;
    economy_mut(&mut s).growth.entry_rate = 0.04;
    economy_mut(&mut s).adoption.innovation = 0.02;
    assert_eq!(economy_on_threads(&s, 1), economy_on_threads(&s, 2));
}

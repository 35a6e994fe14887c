//! Replications of an economy, run in parallel, results in replication order.
//!
//! Owns `run_economy_replications`. Each replication steps its organisations in parallel
//! too (rayon nests the two); results do not depend on the thread count (see
//! `crate::engine::economy`). `super::run_one` hands an economy scenario's aggregate to
//! sweeps, shards and comparisons like any run. Does not own stepping or files.

use crate::engine::run_economy_replication;
use crate::model::economy::EconomyReplication;
use crate::scenario::{Scenario, replication_scenario};
use rayon::prelude::*;

/// Runs every replication of the economy `scenario` (whose `economy` is set); results in
/// replication order whatever the thread count.
pub fn run_economy_replications(scenario: &Scenario) -> Vec<EconomyReplication> {
    (0..scenario.replications)
        .into_par_iter()
        .map(|r| run_economy_one(scenario, r))
        .collect()
}

/// Replication `r` of the economy `scenario`, with its own drawn values when the scenario
/// has uncertain inputs.
pub fn run_economy_one(scenario: &Scenario, r: u32) -> EconomyReplication {
    match replication_scenario(scenario, r) {
        None => run_economy_replication(scenario, r),
        Some(Ok((drawn, _))) => run_economy_replication(&drawn, r),
        Some(Err(e)) => {
            panic!("replication {r}'s drawn values were checked when the scenario was loaded:\n{e}")
        }
    }
}

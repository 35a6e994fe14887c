//! Experiments: many replications of a scenario, run in parallel.
//!
//! Owns running replications over rayon's pool and returning them in replication order, the
//! designs and plans of sweeps, and the part store that makes a sweep resumable and
//! shardable (`parts`, `part_format`). Does not own stepping (see `crate::engine`) or
//! writing tables (see `crate::output`).

pub mod calibration;
pub mod compare;
pub mod condition;
pub mod design;
pub mod economy;
pub mod economy_compare;
pub mod memory;
pub mod morris_selection;
pub mod part_format;
pub mod parts;
pub mod plan;
pub mod prim;
pub mod runner;
pub mod sensitivity;
pub mod sensitivity_study;
pub mod setup;
pub mod slurm;
pub mod success;
pub mod sweep_file;
pub mod validation;

pub use sweep_file::{
    SweepLoadError, load_sweep_bytes, load_sweep_file, load_sweep_file_within, load_sweep_str,
};

use crate::engine::run_replication;
use crate::model::metrics::ReplicationResult;
use crate::scenario::{Scenario, replication_scenario};
use rayon::prelude::*;

/// Runs every replication of `scenario` on the current rayon pool; results in replication
/// order whatever the thread count.
pub fn run_replications(scenario: &Scenario) -> Vec<ReplicationResult> {
    (0..scenario.replications)
        .into_par_iter()
        .map(|r| run_one(scenario, r))
        .collect()
}

/// Runs replication `r` of `scenario`: with its own drawn values when the scenario has
/// uncertain inputs (`[uncertainty]`), which were checked for every replication when the
/// scenario was loaded. For an economy (`[economy]`), the whole economy's aggregate
/// (`EconomyReplication::aggregate`), so sweeps, shards and comparisons read economy-wide
/// metrics like any run's.
pub fn run_one(scenario: &Scenario, r: u32) -> ReplicationResult {
    if scenario.economy.is_some() {
        return economy::run_economy_one(scenario, r).aggregate;
    }
    match replication_scenario(scenario, r) {
        None => run_replication(scenario, r),
        Some(Ok((drawn, _))) => run_replication(&drawn, r),
        Some(Err(e)) => {
            panic!("replication {r}'s drawn values were checked when the scenario was loaded:\n{e}")
        }
    }
}

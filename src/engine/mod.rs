//! The engine: the clock (stepping in docs/ODD.md's order (section 3)) and parallel execution
//! within a step.
//!
//! Owns the order in which mechanisms run and how work is split over threads. Knows nothing of
//! CSV, files or the CLI. Invariant: output does not depend on the thread count — every
//! random draw comes from a stream keyed by (seed, replication, step, agent), and float sums
//! are merged in a fixed chunk order.

mod cpu;
pub mod economy;
mod lanes;
mod pass;
pub mod run;
pub mod simulation;
#[cfg(target_arch = "x86_64")]
mod socialise;

pub use economy::run_economy_replication;
pub use run::run_replication;

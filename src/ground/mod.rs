//! The ground floor: pieces every layer may use and that know nothing of the project.
//!
//! Owns the random streams (`rng`: counter-based, keyed by seed, replication, step, purpose
//! and agent, so no draw depends on the order of others), statistics over replications
//! (`stats`: running mean and sd, Student t intervals, the statistic a replication is reduced
//! by), user text on its way to the terminal and the file system (`text`), files that appear
//! whole or not at all (`atomic`) and the error that names a file (`files`). Imports nothing
//! of the crate; a tidy test keeps it so.

pub mod atomic;
pub mod files;
pub mod rng;
pub mod stats;
pub mod text;

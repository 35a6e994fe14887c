//! The organisation model of MODEL.md: state and one file per mechanism.
//!
//! Owns the agents' state (`OrgState`, struct of arrays), the coefficients (`Parameters`) and
//! the mechanisms as plain functions over state and parameters. Does no I/O, knows nothing of
//! files, threads or the CLI; the engine decides order and parallelism.

pub mod metrics;
pub mod params;

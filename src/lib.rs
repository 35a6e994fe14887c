//! orgsim: a fast, reproducible agent-based simulator of organisational change.
//!
//! The crate is a library (model, scenario, engine, experiment, output) plus the `orgsim`
//! binary (`src/main.rs` and `cli`). See ARCHITECTURE.md for the codemap and invariants.

pub mod cli;
pub mod engine;
pub mod experiment;
pub mod ground;
pub mod model;
pub mod output;
pub mod scenario;

//! Scenarios: the TOML schema, parsing, `--set` overrides and validation.
//!
//! Owns turning text (a file, the embedded default, `--set key.path=value`) into a validated
//! `Scenario`, and every error message about it. Does not run anything.

pub mod types;

pub use types::*;

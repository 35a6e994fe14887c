//! Scenarios: the TOML schema, parsing, `--set` overrides and validation.
//!
//! Owns turning text (a file, the embedded default, `--set key.path=value`) into a validated
//! `Scenario`, and every error message about it. Does not run anything.
//!
//! Codemap: `schema` declares every key once (type, default, range, meaning); `document`
//! parses TOML into a tree that remembers where each value came from; `overrides` writes
//! `--set` values into that tree; `load` checks the tree against the schema and builds the
//! `Scenario`; `diagnostics` renders the problems; `names` refuses a name that cannot be the
//! output folder; `calibration` reads a calibration's targets file; `base_file` tells a sweep's base file that is not a scenario. Invariants:
//! validation reports every problem at once (showing the first 50), no input makes it panic,
//! and its work is bounded (files of at most 1 MiB, list caps checked before entries).

mod base_file;
pub mod calibration;
mod diagnostics;
mod document;
mod load;
mod names;
mod overrides;
pub mod schema;
pub mod sweep;

pub use crate::model::inputs as types;
pub use diagnostics::{Diagnostic, Location, ScenarioError};
pub use load::{
    DEFAULT_SCENARIO_TOML, MAX_FILE_BYTES, default_scenario, load_bytes, load_file, load_str,
};
pub use schema::{KeyInfo, scenario_keys};
pub use sweep::{
    SweepLoadError, load_sweep_bytes, load_sweep_file, load_sweep_file_within, load_sweep_str,
};
pub use types::*;

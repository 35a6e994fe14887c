//! Scenarios: the TOML schema, parsing, `--set` overrides and validation.
//!
//! Owns turning text (a file, the embedded default, `--set key.path=value`) into a validated
//! `Scenario`, and every error message about it. Does not run anything.
//!
//! Codemap: `schema` declares every key once (type, default, range, meaning); `document`
//! parses TOML into a tree that remembers where each value came from; `overrides` writes
//! `--set` values into that tree; `load` checks the tree against the schema and builds the
//! `Scenario` (and, for an `[economy]`, reads its sector presets and builds the `Economy`);
//! `diagnostics` renders the problems; `names` refuses a name that cannot be the output folder;
//! `inherit` reads a scenario's `base = "file"` and merges it under the file; `flatten` writes a
//! scenario with its bases merged in as one TOML text; `base_file`
//! tells a sweep's base file that is not a scenario;
//! `calibration` reads a calibration's targets file. The same machinery reads sweep files
//! (`crate::experiment::sweep_file`). Invariants:
//! validation reports every problem at once (showing the first 50), no input makes it panic,
//! and its work is bounded (files of at most 1 MiB, list caps checked before entries).

pub(crate) mod base_file;
pub mod calibration;
pub(crate) mod diagnostics;
pub(crate) mod document;
mod flatten;
pub(crate) mod inherit;
pub(crate) mod load;
pub(crate) mod names;
mod overrides;
pub mod schema;
pub mod uncertainty;

pub use crate::model::inputs as types;
pub use diagnostics::{Diagnostic, Location, ScenarioError};
pub use flatten::flattened_toml;
pub use inherit::read_scenario_file;
pub use load::{
    DEFAULT_SCENARIO_TOML, MAX_FILE_BYTES, default_scenario, load_bytes, load_file, load_str,
    load_str_checked_before,
};
pub use schema::{KeyInfo, scenario_keys};
pub use types::*;
pub use uncertainty::draw::{Draws, replication_scenario};

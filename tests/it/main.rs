//! The integration tests, one module per feature (features, not functions), linked as one
//! binary so they are linked once. `cargo test --test it MODULE::` runs one module.
//! `tests/memory_estimate.rs` (a counting global allocator) and `tests/portable_step.rs` (a
//! process-wide switch to the portable step) stay binaries of their own.

#[path = "../common/mod.rs"]
mod common;

mod calibrate;
mod cli;
mod compare;
mod compare_variants;
mod costs;
mod determinism;
mod devtools;
mod discover;
mod docs_tables;
mod economy_cli;
mod economy_entry;
mod economy_output;
mod economy_patterns;
mod economy_scenario;
mod economy_sweep;
mod explore;
mod explore_browser;
mod export_long;
mod figure_properties;
mod figures;
mod figures_dutch;
mod malformed_inputs;
mod march;
mod no_payback;
mod output_files;
mod output_folder;
mod output_names;
mod output_safety;
mod params_dutch;
mod patterns;
mod properties;
mod report;
mod report_dutch;
mod scenario_bases;
mod scenario_errors;
mod sensitivity;
mod sensitivity_cli;
mod size_limits;
mod slurm_script;
mod student_cli;
mod success;
mod sweep_cli;
mod sweep_damage;
mod sweep_designs;
mod sweep_files;
mod sweep_runs;
mod terminal_output;
mod tidy;
mod time_markers;
mod uncertainty;
mod validation;
mod validation_limits;
mod warmup;

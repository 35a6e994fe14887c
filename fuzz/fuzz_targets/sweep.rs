//! Fuzz target: any bytes as a sweep file, parsed and checked, and every point of a valid
//! sweep validated as the runner would (up to a few hundred points).
//!
//! `base = "..."` paths are relative to the shipped `scenarios/sweeps/` folder (as for the shipped sweeps), so the corpus can
//! name real base scenarios. Must return a plan or an error, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let base_dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/sweeps"));
    match orgsim::experiment::load_sweep_bytes("fuzz.toml", data, base_dir) {
        Ok(plan) => {
            for point in 0..plan.points.len().min(256) {
                if let Err(e) = orgsim::experiment::runner::point_scenario(&plan, point) {
                    assert!(!e.is_empty());
                }
            }
        }
        Err(e) => {
            assert!(e.count() >= 1);
            assert!(!e.to_string().is_empty());
        }
    }
});

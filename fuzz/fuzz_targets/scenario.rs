//! Fuzz target: any bytes as a scenario file plus `--set` arguments, parsed and validated.
//!
//! The input is split at NUL bytes: the first piece is the file, the others are `--set`
//! arguments (as `KEY.PATH=VALUE` strings, lossily decoded as a shell would pass them).
//! Loading must return a scenario or an error, never panic or hang; an error must render.
//! Economy files (`[economy]`) take the same path, their sector presets included (the shipped
//! ones by name; a path is relative to the working folder, as `fuzz.toml` is).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut pieces = data.split(|&b| b == 0);
    let file = pieces.next().unwrap_or_default();
    let overrides: Vec<String> = pieces
        .take(4)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    match orgsim::scenario::load_bytes("fuzz.toml", file, &overrides) {
        Ok(scenario) => {
            // A valid scenario is one the engine may be given: its size must be computable.
            assert!(scenario.slots() > 0);
        }
        Err(e) => {
            assert!(e.count() >= 1);
            assert!(!e.to_string().is_empty());
        }
    }
});

//! Malformed scenarios, sweep files and `--set` arguments, table-driven, each with the exact
//! message a user gets (snapshot files).
//!
//! Every case runs the `orgsim` binary (`run` for scenarios and `--set`, `sweep` for sweep
//! files) and asserts: exit code 2, no panic, nothing written, stderr byte-identical to
//! `tests/malformed/<kind>/<name>.expected`, the same text from the library, and, where the
//! problem is in a file, `file:line:column`. The inputs are files beside the snapshots, so a
//! reader sees exactly what was fed in. After changing a message on purpose, rewrite the
//! snapshots with `UPDATE_SNAPSHOTS=1 cargo test --test it malformed_inputs::` and read the diff.
//!
//! Snapshots are plain files compared here rather than with a snapshot crate: the check is a
//! few lines, the `.expected` files read like the terminal, and no review tool is needed.

use crate::common;

use common::{repo_path, temp_dir, text};
use orgsim::experiment::load_sweep_file;
use orgsim::scenario::load_file;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// `tests/malformed/scenario/<file>`, run with `orgsim run`.
    Scenario,
    /// `tests/malformed/sweep/<file>`, run with `orgsim sweep`.
    Sweep,
    /// The embedded default scenario with `--set` arguments; `file` is the case's name.
    Set,
}

/// Where the message must point.
#[derive(Clone, Copy, Debug, PartialEq)]
enum At {
    /// `path:line:column` of the input file.
    File,
    /// The `--set` argument.
    Set,
}

struct Case {
    kind: Kind,
    file: &'static str,
    set: &'static [&'static str],
    at: At,
}

const fn scenario(file: &'static str) -> Case {
    Case {
        kind: Kind::Scenario,
        file,
        set: &[],
        at: At::File,
    }
}

const fn sweep(file: &'static str) -> Case {
    Case {
        kind: Kind::Sweep,
        file,
        set: &[],
        at: At::File,
    }
}

const fn set(name: &'static str, set: &'static [&'static str]) -> Case {
    Case {
        kind: Kind::Set,
        file: name,
        set,
        at: At::Set,
    }
}

const CASES: &[Case] = &[
    // Wrong types.
    scenario("wrong_type_string.toml"),
    scenario("wrong_type_float_for_integer.toml"),
    scenario("wrong_type_boolean.toml"),
    scenario("wrong_type_section.toml"),
    scenario("wrong_type_array_of_tables.toml"),
    scenario("wrong_type_date.toml"),
    // Unknown keys.
    scenario("unknown_key_top.toml"),
    scenario("unknown_section.toml"),
    scenario("unknown_parameter.toml"),
    scenario("key_in_wrong_section.toml"),
    // Out-of-range values.
    scenario("out_of_range.toml"),
    scenario("negative_months.toml"),
    scenario("zero_replications.toml"),
    scenario("negative_seed.toml"),
    // Cross-field rules: shares, names, months past the horizon, interventions.
    scenario("shares_do_not_sum_to_one.toml"),
    scenario("duplicate_group_names.toml"),
    scenario("no_workforce_groups.toml"),
    scenario("intervention_past_horizon.toml"),
    scenario("end_month_before_start.toml"),
    scenario("shock_past_horizon.toml"),
    scenario("unknown_intervention_kind.toml"),
    scenario("key_of_another_kind.toml"),
    scenario("intervention_without_kind.toml"),
    // Uncertain inputs.
    scenario("uncertainty_unknown_key.toml"),
    scenario("uncertainty_bad_bounds.toml"),
    scenario("uncertainty_posterior_missing.toml"),
    scenario("uncertainty_posterior_bad_column.toml"),
    scenario("uncertainty_invalid_draws.toml"),
    // Syntax.
    scenario("syntax_missing_value.toml"),
    scenario("syntax_unclosed_header.toml"),
    scenario("syntax_duplicate_key.toml"),
    scenario("syntax_unterminated_string.toml"),
    scenario("crlf_line_endings.toml"),
    scenario("unicode_before_error.toml"),
    scenario("several_problems.toml"),
    // Garbage.
    scenario("binary_garbage.bin"),
    scenario("nul_bytes.toml"),
    scenario("deep_nesting.toml"),
    // Huge numbers and sizes.
    scenario("huge_float.toml"),
    scenario("huge_integer_10_to_30.toml"),
    scenario("u64_overflow_seed.toml"),
    scenario("nan_and_infinity.toml"),
    scenario("organisation_too_large.toml"),
    // Names that cannot be the output folder.
    scenario("name_climbs_out.toml"),
    // --set arguments on the embedded default.
    set("set_unknown_path", &["organisation.teems=5"]),
    set("set_not_a_number", &["months=abc"]),
    set("set_without_equals", &["months"]),
    set(
        "set_trillion_employees",
        &["organisation.teams=100000000000"],
    ),
    set("set_months_before_shock", &["months=24"]),
    set("set_negative_months", &["months=-1"]),
    set("set_negative_index", &["workforce.-1.share=1"]),
    set("set_name_absolute", &["name=/tmp/elsewhere"]),
    // Sweep files.
    sweep("empty.toml"),
    sweep("comments_only.toml"),
    sweep("binary_garbage.bin"),
    sweep("syntax_error.toml"),
    sweep("unknown_key.toml"),
    sweep("scenario_section_at_top.toml"),
    sweep("vary_single_brackets.toml"),
    sweep("varied_key_unknown.toml"),
    sweep("varied_key_not_settable.toml"),
    sweep("key_varied_twice.toml"),
    sweep("values_out_of_range.toml"),
    sweep("values_wrong_type.toml"),
    sweep("values_and_range_together.toml"),
    sweep("range_nan.toml"),
    sweep("design_kind_typo.toml"),
    sweep("sampling_design_with_steps.toml"),
    sweep("table_row_wrong_length.toml"),
    sweep("table_design_with_vary.toml"),
    sweep("oversized_grid.toml"),
    sweep("points_huge.toml"),
    sweep("morris_odd_levels.toml"),
    sweep("morris_optimal_not_below.toml"),
    sweep("sobol_without_base_samples.toml"),
    sweep("replications_wrong_type.toml"),
    sweep("replications_negative.toml"),
    sweep("unknown_metric.toml"),
    sweep("every_months_zero.toml"),
    sweep("base_missing.toml"),
    sweep("base_invalid.toml"),
    sweep("base_binary.toml"),
    sweep("inline_base_invalid.toml"),
    sweep("base_not_a_scenario.toml"),
    sweep("name_with_escape_sequence.toml"),
];

impl Case {
    fn folder(&self) -> &'static str {
        match self.kind {
            Kind::Scenario => "scenario",
            Kind::Sweep => "sweep",
            Kind::Set => "set",
        }
    }

    /// The input, relative to the repository root (as the messages show it).
    fn input(&self) -> Option<String> {
        (self.kind != Kind::Set).then(|| format!("tests/malformed/{}/{}", self.folder(), self.file))
    }

    fn snapshot(&self) -> PathBuf {
        let stem = Path::new(self.file).file_stem().unwrap().to_str().unwrap();
        repo_path(&format!(
            "tests/malformed/{}/{stem}.expected",
            self.folder()
        ))
    }

    fn args(&self, out: &Path) -> Vec<String> {
        let mut args: Vec<String> = match self.kind {
            Kind::Sweep => vec!["sweep".into()],
            Kind::Scenario | Kind::Set => vec!["run".into()],
        };
        args.extend(self.input());
        for s in self.set {
            args.extend(["--set".to_string(), s.to_string()]);
        }
        args.extend(["--out".into(), out.display().to_string(), "--quiet".into()]);
        args
    }

    /// The message the library gives for the same input.
    fn library_message(&self) -> String {
        let set: Vec<String> = self.set.iter().map(|s| s.to_string()).collect();
        let result = match (self.kind, self.input()) {
            (Kind::Sweep, Some(path)) => load_sweep_file(Path::new(&path)).map(|_| ()),
            (Kind::Scenario, Some(path)) => load_file(Path::new(&path), &set).map(|_| ()),
            _ => orgsim::cli::load_scenario(None, &set).map(|_| ()),
        };
        match result {
            Ok(()) => "(loads without error)".into(),
            Err(e) => format!("{e}\n"),
        }
    }
}

/// Whether `message` shows `path:line:column`.
fn shows_line_and_column(message: &str, path: &str) -> bool {
    message.match_indices(&format!("{path}:")).any(|(at, m)| {
        let rest = &message[at + m.len()..];
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let column: String = parts
            .next()
            .unwrap_or("")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()) && !column.is_empty()
    })
}

#[test]
fn every_malformed_input_gets_its_exact_message() {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let scratch = temp_dir("malformed", "out");
    let mut failures: Vec<String> = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let name = format!("{}/{}", case.folder(), case.file);
        let out = scratch.join(i.to_string());
        let result = Command::new(env!("CARGO_BIN_EXE_orgsim"))
            .args(case.args(&out))
            .current_dir(repo_path(""))
            .output()
            .expect("orgsim runs");
        let stderr = text(&result.stderr);
        let mut fail = |why: String| failures.push(format!("{name}: {why}"));
        if result.status.code() != Some(2) {
            fail(format!("exit code {:?}, expected 2", result.status.code()));
        }
        if stderr.contains("panicked") {
            fail("panicked".into());
        }
        if out.exists() {
            fail(format!("{} was created", out.display()));
        }
        let library = case.library_message();
        if library != stderr {
            fail(format!(
                "the library's message differs from the binary's:\n{library}"
            ));
        }
        match (case.at, case.input()) {
            (At::File, Some(path)) if !shows_line_and_column(&stderr, &path) => {
                fail(format!("no {path}:line:column in:\n{stderr}"))
            }
            (At::Set, _) if !stderr.contains(" | --set ") => {
                fail(format!("the --set argument is not shown in:\n{stderr}"))
            }
            _ => {}
        }
        let snapshot = case.snapshot();
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == stderr => {}
            _ if update => std::fs::write(&snapshot, &stderr).unwrap(),
            Ok(expected) => fail(format!(
                "message changed (UPDATE_SNAPSHOTS=1 rewrites {}):\n--- expected\n{expected}--- got\n{stderr}",
                snapshot.display()
            )),
            Err(_) => fail(format!(
                "no snapshot {} (UPDATE_SNAPSHOTS=1 writes it); the message is:\n{stderr}",
                snapshot.display()
            )),
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

/// Every input file and snapshot under `tests/malformed/` belongs to a case, so none is
/// silently left out of the table.
#[test]
fn the_table_covers_every_file_and_has_at_least_thirty_cases() {
    assert!(CASES.len() >= 30, "{} cases", CASES.len());
    let sweeps = CASES.iter().filter(|c| c.kind == Kind::Sweep).count();
    assert!(sweeps >= 10, "{sweeps} sweep cases");
    let mut expected_files: Vec<PathBuf> = CASES.iter().map(Case::snapshot).collect();
    expected_files.extend(CASES.iter().filter_map(Case::input).map(|p| repo_path(&p)));
    expected_files.sort();
    let mut present = vec![];
    for folder in ["scenario", "sweep", "set"] {
        let Ok(entries) = std::fs::read_dir(repo_path(&format!("tests/malformed/{folder}"))) else {
            continue;
        };
        present.extend(entries.map(|e| e.unwrap().path()));
    }
    present.sort();
    let orphans: Vec<&PathBuf> = present
        .iter()
        .filter(|p| !expected_files.contains(p))
        .collect();
    assert!(orphans.is_empty(), "files without a case: {orphans:?}");
}

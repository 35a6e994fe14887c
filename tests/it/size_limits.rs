//! Oversized work is refused up front, with exit code 2 and a message that says how much
//! memory it would take and what to reduce, before anything is allocated or written: an
//! organisation of 10^12 employees, sizes that overflow 64 bits, endless input files, and
//! runs, comparisons and sweeps that need more memory than allowed (`ORGSIM_MAX_MEMORY` stands in for a small
//! machine, so the tests do not depend on this one's memory).

use crate::common;

use common::{orgsim, repo_path, temp_dir, text};
use std::process::{Command, Output};

/// Runs orgsim with `ORGSIM_MAX_MEMORY` set to `limit`.
fn orgsim_with_memory(limit: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .env("ORGSIM_MAX_MEMORY", limit)
        .current_dir(repo_path(""))
        .output()
        .expect("orgsim runs")
}

/// Exit code 2, every needle in stderr, and nothing written to `out`.
fn refused(result: &Output, out: &std::path::Path, needles: &[&str]) {
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "`{needle}` missing from:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "{} was created", out.display());
}

#[test]
fn a_trillion_employees_are_refused_with_the_memory_they_would_take() {
    let out = temp_dir("size", "trillion");
    let result = orgsim(&[
        "run",
        "--set",
        "organisation.teams=100000000000",
        "--out",
        out.to_str().unwrap(),
    ]);
    refused(
        &result,
        &out,
        &[
            "error: `organisation.teams` is out of range",
            "--set organisation.teams=100000000000",
            "expected an integer from 1 to 10000000, found 100000000000",
            "100000000000 teams × 10 slots = 1000000000000 slots would need about 56 TB of memory (52 bytes a slot and 42 a team)",
        ],
    );
}

#[test]
fn sizes_within_their_ranges_can_still_be_too_large_together() {
    let out = temp_dir("size", "product");
    let result = orgsim(&[
        "run",
        "--set",
        "organisation.teams=10000000",
        "--set",
        "organisation.team_size=10000",
        "--out",
        out.to_str().unwrap(),
    ]);
    refused(
        &result,
        &out,
        &[
            "error: the organisation is too large: 100000000000 slots would need about 5.2 TB of memory",
            "10000000 teams × 10000 people = 100000000000 slots; expected at most 50000000",
            "help: reduce `organisation.teams` or `organisation.team_size`",
        ],
    );
}

#[test]
fn sizes_beyond_64_bits_are_refused_without_overflow() {
    let out = temp_dir("size", "overflow");
    let result = orgsim(&[
        "run",
        "--set",
        "organisation.teams=18446744073709551616",
        "--set",
        "organisation.team_size=9223372036854775807",
        "--out",
        out.to_str().unwrap(),
    ]);
    refused(
        &result,
        &out,
        &[
            "found a number too large for 64 bits",
            "expected an integer from 1 to 10000, found 9223372036854775807",
            "would need more memory than any computer has",
        ],
    );
}

#[test]
fn a_run_that_does_not_fit_in_memory_is_refused_before_it_starts() {
    let out = temp_dir("size", "run");
    let result = orgsim_with_memory(
        "50M",
        &[
            "run",
            "--set",
            "replications=2000",
            "--set",
            "months=1200",
            "--set",
            "environment.shocks.0.month=12",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    refused(
        &result,
        &out,
        &[
            "error: scenario `default` needs about 692 MB of memory; ORGSIM_MAX_MEMORY allows 50 MB",
            "results kept until written: 2000 replications × 346 kB ≈ 692 MB",
            "help: reduce `replications` or `months`",
        ],
    );
    // A smaller run of the same scenario fits.
    let small = orgsim_with_memory(
        "50M",
        &[
            "run",
            "-n",
            "2",
            "--months",
            "48",
            "--quiet",
            "--no-figures",
            "--no-report",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(small.status.success(), "{}", text(&small.stderr));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_large_organisation_names_the_state_and_the_threads() {
    let out = temp_dir("size", "state");
    let result = orgsim_with_memory(
        "100M",
        &[
            "run",
            "--set",
            "organisation.teams=1000000",
            "--set",
            "organisation.team_size=10",
            "--threads",
            "4",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    refused(
        &result,
        &out,
        &[
            "simulations: 4 at a time × 10000000 slots (52 bytes a slot)",
            "help: reduce `organisation.teams` or `organisation.team_size` (or run on fewer threads with --threads)",
        ],
    );
}

#[test]
fn a_comparison_that_does_not_fit_is_refused() {
    let out = temp_dir("size", "compare");
    let result = orgsim_with_memory(
        "1M",
        &[
            "compare",
            "scenarios/control.toml",
            "scenarios/coaching.toml",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    refused(
        &result,
        &out,
        &[
            "error: the comparison needs about",
            "ORGSIM_MAX_MEMORY allows 1.0 MB",
        ],
    );
}

#[test]
fn a_bad_memory_setting_is_a_usage_error() {
    let out = temp_dir("size", "setting");
    let result = orgsim_with_memory("lots", &["run", "--out", out.to_str().unwrap()]);
    refused(&result, &out, &["ORGSIM_MAX_MEMORY=\"lots\" is not a size"]);
}

#[test]
fn a_sweep_point_too_large_fails_like_any_invalid_point() {
    let dir = temp_dir("size", "sweep");
    std::fs::create_dir_all(&dir).unwrap();
    let sweep = dir.join("sizes.toml");
    std::fs::write(
        &sweep,
        "replications = 2\n[base]\nmonths = 12\n[design]\nkind = \"grid\"\n\
         [[vary]]\nkey = \"organisation.teams\"\nvalues = [4, 10000000]\n",
    )
    .unwrap();
    let out = dir.join("out");
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-figures",
        "--no-report",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("1 of 2 points failed validation")
            && stderr.contains("point 1: error: the organisation is too large: 100000000 slots would need about 5.6 GB of memory"),
        "{stderr}"
    );
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert!(
        points
            .lines()
            .nth(2)
            .unwrap()
            .starts_with("1,10000000,failed,error: the organisation is too large"),
        "{points}"
    );

    // The largest valid point must fit the memory allowed, or the whole sweep is refused
    // before its folder is touched (a point that fits one machine and not another would make
    // the tables depend on the machine).
    let small = dir.join("small");
    let result = orgsim_with_memory(
        "1M",
        &[
            "sweep",
            sweep.to_str().unwrap(),
            "--out",
            small.to_str().unwrap(),
        ],
    );
    refused(
        &result,
        &small,
        &[
            "error: point 0 of sweep `sizes` needs about",
            "ORGSIM_MAX_MEMORY allows 1.0 MB",
        ],
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_endless_file_is_refused_after_a_bounded_read() {
    let out = temp_dir("size", "endless");
    let result = orgsim(&["run", "/dev/zero", "--out", out.to_str().unwrap()]);
    refused(
        &result,
        &out,
        &[
            "error: cannot read scenario file `/dev/zero`: it is over the limit of 1 MiB: a scenario file is a small TOML text file",
        ],
    );
    let dir = temp_dir("size", "endless-base");
    std::fs::create_dir_all(&dir).unwrap();
    let sweep = dir.join("zero.toml");
    std::fs::write(
        &sweep,
        "base = \"/dev/zero\"\n[[vary]]\nkey = \"months\"\nvalues = [12]\n",
    )
    .unwrap();
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    refused(
        &result,
        &out,
        &[
            "error: cannot read base scenario `/dev/zero`: it is over the limit of 1 MiB",
            "zero.toml:1:8",
        ],
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A scenario or sweep file is read up to `MAX_FILE_BYTES` (1 MiB): a file of 2 MB, whose
/// parsing alone would take hundreds of MB, is refused with its size and the limit; a file
/// of exactly the limit is read and checked like any other.
#[test]
fn a_file_over_the_size_limit_is_refused_with_its_size_and_the_limit() {
    use orgsim::scenario::MAX_FILE_BYTES;
    assert_eq!(MAX_FILE_BYTES, 1 << 20);
    let dir = temp_dir("size", "over-limit");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out");
    // Comment lines: valid TOML, so only the size can be the problem.
    let comment = format!("#{}\n", "x".repeat(99));
    let big = dir.join("big.toml");
    std::fs::write(&big, comment.repeat(20_000)).unwrap();
    for command in ["run", "sweep"] {
        let result = orgsim(&[
            command,
            big.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let what = if command == "run" {
            "scenario"
        } else {
            "sweep"
        };
        refused(
            &result,
            &out,
            &[&format!(
                "error: cannot read {what} file `{}`: it is 2.0 MB, over the limit of 1 MiB: a {what} file is a small TOML text file",
                big.display()
            )],
        );
    }
    let at_limit = dir.join("at_limit.toml");
    let mut text = comment.repeat(MAX_FILE_BYTES as usize / comment.len());
    text.push_str(&"#".repeat(MAX_FILE_BYTES as usize - text.len()));
    std::fs::write(&at_limit, &text).unwrap();
    let result = orgsim(&["validate", at_limit.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(0), "{}", text_of(&result));
    std::fs::remove_dir_all(&dir).ok();
}

fn text_of(result: &Output) -> String {
    format!("{}{}", text(&result.stdout), text(&result.stderr))
}

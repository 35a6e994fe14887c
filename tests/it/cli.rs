//! The `orgsim` binary end to end: commands, files written, exit codes.

use crate::common;

use common::{orgsim, repo_path, temp_dir, text};
use orgsim::model::metrics::METRICS;
use orgsim::model::params::PARAMETER_SPECS;
use std::path::PathBuf;

#[test]
fn run_without_a_file_uses_the_embedded_default_and_writes_every_output() {
    let out = temp_dir("cli", "default");
    let result = orgsim(&["run", "--replications", "3", "--out", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    for metric in ["performance", "agility", "retention"] {
        assert!(stdout.contains(metric), "headline lacks {metric}: {stdout}");
    }
    for file in [
        "timeseries.csv",
        "groups.csv",
        "events.csv",
        "summary.csv",
        "manifest.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let timeseries = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    let header: Vec<&str> = timeseries.lines().next().unwrap().split(',').collect();
    assert_eq!(&header[..3], ["scenario", "replication", "month"]);
    assert_eq!(header[3..].len(), METRICS.len());
    // 3 replications × (60 months + month 0) rows.
    assert_eq!(timeseries.lines().count(), 1 + 3 * 61);
    let events = std::fs::read_to_string(out.join("events.csv")).unwrap();
    assert_eq!(
        events.lines().count(),
        1 + 3,
        "one shock per replication in the default"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["scenario"]["name"], "default");
    assert_eq!(manifest["replications"], 3);
    assert_eq!(manifest["seed"], 42);
    assert!(
        manifest["command_line"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "--replications")
    );
    assert!(manifest["started_at"].as_str().unwrap().ends_with('Z'));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn every_shipped_scenario_validates() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_path("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    let args: Vec<&str> = std::iter::once("validate")
        .chain(files.iter().map(|p| p.to_str().unwrap()))
        .collect();
    let result = orgsim(&args);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!(text(&result.stdout).matches(": ok").count(), files.len());
}

#[test]
fn a_broken_scenario_exits_2_naming_file_line_column_and_key() {
    let dir = temp_dir("cli", "broken");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.toml");
    std::fs::write(
        &file,
        "months = 24\n[knowledge]\nsocialisation_rate = 1.5\n[organisation]\nteam_sise = 8\n",
    )
    .unwrap();
    let result = orgsim(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("broken.toml:3:22"), "{stderr}");
    assert!(stderr.contains("knowledge.socialisation_rate"), "{stderr}");
    assert!(stderr.contains("from 0 to 1"), "{stderr}");
    assert!(stderr.contains("did you mean `team_size`"), "{stderr}");
    assert!(
        !dir.join("out").exists(),
        "nothing is written when the scenario is invalid"
    );
    let validate = orgsim(&["validate", file.to_str().unwrap()]);
    assert_eq!(validate.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn set_overrides_go_through_validation() {
    let out = temp_dir("cli", "set");
    let ok = orgsim(&[
        "run",
        "scenarios/control.toml",
        "--quiet",
        "--months",
        "12",
        "--seed",
        "7",
        "--set",
        "knowledge.socialisation_rate=0.3",
        "--set",
        "parameters.trust_loss_rate=0.3",
        "-n",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["scenario"]["months"], 12);
    assert_eq!(manifest["seed"], 7);
    assert_eq!(manifest["scenario"]["knowledge"]["socialisation_rate"], 0.3);
    assert_eq!(manifest["scenario"]["parameters"]["trust_loss_rate"], 0.3);

    let bad = orgsim(&[
        "run",
        "--set",
        "parameters.trust_loss_rat=0.3",
        "--set",
        "knowledge.socialisation_rate=2",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.contains("--set parameters.trust_loss_rat=0.3")
            && stderr.contains("did you mean `parameters.trust_loss_rate`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--set knowledge.socialisation_rate=2") && stderr.contains("from 0 to 1"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn params_lists_every_parameter_and_scenario_key() {
    let result = orgsim(&["params"]);
    assert!(result.status.success());
    let stdout = text(&result.stdout);
    for spec in PARAMETER_SPECS {
        assert!(
            stdout.contains(spec.name) && stdout.contains(spec.meaning),
            "{} missing",
            spec.name
        );
    }
    for key in orgsim::scenario::scenario_keys() {
        assert!(stdout.contains(&key.path()), "{} missing", key.path());
    }
}

#[test]
fn usage_errors_exit_2_and_output_failures_exit_1() {
    assert_eq!(orgsim(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(orgsim(&["run", "--threads", "0"]).status.code(), Some(2));
    assert_eq!(
        orgsim(&["run", "no/such/scenario.toml"]).status.code(),
        Some(2)
    );
    // A regular file where the output folder should be: the run cannot write.
    let dir = temp_dir("cli", "blocked");
    std::fs::create_dir_all(&dir).unwrap();
    let blocker = dir.join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let result = orgsim(&[
        "run",
        "-n",
        "2",
        "--quiet",
        "--out",
        blocker.join("out").to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    assert!(
        text(&result.stderr).contains("cannot"),
        "{}",
        text(&result.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn threads_beyond_what_helps_are_capped_with_a_note() {
    let out = temp_dir("cli", "threads-cap");
    let args = |quiet: bool| {
        let mut args = vec![
            "run",
            "-n",
            "2",
            "-j",
            "100000",
            "--no-figures",
            "--no-report",
        ];
        if quiet {
            args.extend(["--quiet", "--force"]);
        }
        args.extend(["--out", out.to_str().unwrap()]);
        orgsim(&args)
    };
    let result = args(false);
    let stderr = text(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!(
        stderr.contains(&format!(
            "note: --threads 100000 is more than {cores} cores can use; running on {} threads (4 per core)",
            4 * cores
        )),
        "{stderr}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains(&format!("\"threads\": {}", 4 * cores)),
        "{manifest}"
    );
    let quiet = args(true);
    assert!(quiet.status.success(), "{}", text(&quiet.stderr));
    assert_eq!(text(&quiet.stderr), "", "--quiet prints no note");
    std::fs::remove_dir_all(&out).ok();
}

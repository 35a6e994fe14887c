//! `orgsim compare` and `experiment::compare`: common random numbers, paired differences, the
//! table and the files.

use crate::common;

use common::{orgsim, scenario, temp_dir, text};
use orgsim::experiment::compare::{Comparison, Statistic, compare};
use orgsim::model::metrics::{METRIC_COUNT, METRICS, Metric};
use orgsim::output::{RUN_FILES, Stats, t_quantile_975};
use std::path::PathBuf;

const REPLICATIONS: &str = "replications=10";

fn control_vs_coaching() -> Comparison {
    compare(&[
        scenario("control", &[REPLICATIONS]),
        scenario("coaching", &[REPLICATIONS]),
    ])
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let control = scenario("control", &[REPLICATIONS]);
    let c = compare(&[control.clone(), control]);
    assert_eq!(c.runs[1].label, "control-2");
    for &metric in Metric::ALL {
        for statistic in Statistic::ALL {
            let row = c.row(metric, statistic, 1);
            let d = row
                .difference
                .expect("a difference for the second scenario");
            if row.stats.n == 0 {
                continue; // empty in every replication (e.g. tech_adoption without innovation)
            }
            assert_eq!(
                (d.mean, d.sd, d.ci_low, d.ci_high),
                (0.0, 0.0, 0.0, 0.0),
                "{} {}",
                metric.name(),
                statistic.name()
            );
        }
    }
}

#[test]
fn coaching_outperforms_control_with_an_interval_that_excludes_zero() {
    let c = control_vs_coaching();
    assert_eq!((c.replications, c.months, c.seed), (10, 60, 42));
    for statistic in Statistic::ALL {
        let d = c.row(Metric::Performance, statistic, 1).difference.unwrap();
        assert_eq!(d.n, 10);
        assert!(d.ci_low > 0.0, "{}: {d:?}", statistic.name());
        let control = c.row(Metric::Performance, statistic, 0).stats;
        let coaching = c.row(Metric::Performance, statistic, 1).stats;
        assert!((coaching.mean - control.mean - d.mean).abs() < 1e-12);
    }
}

/// Half-width of the 95% interval of a difference of means of independent samples (Welch,
/// with the degrees of freedom rounded down, which only widens it slightly).
fn unpaired_half_width(a: &Stats, b: &Stats) -> f64 {
    let (va, vb) = (a.sd * a.sd / a.n as f64, b.sd * b.sd / b.n as f64);
    let df = (va + vb).powi(2) / (va * va / (a.n - 1) as f64 + vb * vb / (b.n - 1) as f64);
    t_quantile_975(df.floor() as u64) * (va + vb).sqrt()
}

/// Where the scenarios' outcomes move together over replications, pairing cancels the shared
/// noise: the paired interval is narrower than the unpaired (Welch) one would be. Shown for
/// performance averaged over the run, control vs coaching (about 0.6 times as wide with seed
/// 42). Not a law for every metric: where one scenario hardly varies (coaching's retention)
/// or the outcomes decorrelate, the paired interval, with half the degrees of freedom, can be
/// as wide or wider.
#[test]
fn common_random_numbers_make_the_paired_interval_narrower() {
    let c = control_vs_coaching();
    let (metric, statistic) = (Metric::Performance, Statistic::Average);
    let a = c.row(metric, statistic, 0).stats;
    let b = c.row(metric, statistic, 1).stats;
    let d = c.row(metric, statistic, 1).difference.unwrap();
    let paired = (d.ci_high - d.ci_low) / 2.0;
    let unpaired = unpaired_half_width(&a, &b);
    assert!(
        paired < 0.8 * unpaired,
        "paired ±{paired:.5}, unpaired ±{unpaired:.5}"
    );
    // The paired interval is the t-interval of the per-replication differences.
    assert_eq!(Stats::of(c.differences(metric, statistic, 1)), d);
}

#[test]
fn the_command_prints_a_table_and_writes_every_file() {
    let out = temp_dir("compare", "files");
    let result = orgsim(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "-n",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    for word in [
        "control",
        "coaching",
        "performance",
        "agility",
        "retention",
        "At month 60",
        "Average over months 1-60",
        "difference to control",
        "paired over common random numbers",
    ] {
        assert!(stdout.contains(word), "table lacks {word:?}:\n{stdout}");
    }
    // The table, then the box saying how far to trust its numbers.
    let (table, trust_box) = stdout
        .split_once("How far to trust these numbers")
        .unwrap_or_else(|| panic!("no trust box after the table:\n{stdout}"));
    assert!(trust_box.contains("illustrative"), "{trust_box}");
    assert!(
        !table.contains("engagement "),
        "only three metrics without --all"
    );
    let performance = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("coaching"))
        .unwrap();
    assert!(performance.ends_with("higher"), "{stdout}");

    let csv = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "metric,statistic,scenario,n,mean,sd,ci_low,ci_high,difference_to,diff_n,diff_mean,diff_sd,diff_ci_low,diff_ci_high,pct_change,pct_ci_low,pct_ci_high"
    );
    assert_eq!(lines.len(), 1 + METRIC_COUNT * 2 * 2);
    assert!(lines[1].starts_with("performance,horizon,control,10,"));
    assert!(lines[1].ends_with(",,,,,,,,,"), "{}", lines[1]);
    assert!(lines[2].starts_with("performance,horizon,coaching,10,"));
    let cells: Vec<&str> = lines[2].split(',').collect();
    assert_eq!((cells[8], cells[9]), ("control", "10"));
    let diff_low: f64 = cells[12].parse().unwrap();
    assert!(diff_low > 0.0, "{}", lines[2]);
    assert!(lines[3].starts_with("performance,average,control,"));
    for spec in METRICS {
        assert!(csv.contains(&format!("\n{},average,coaching,", spec.name)));
    }

    for folder in ["control", "coaching"] {
        for file in RUN_FILES {
            assert!(out.join(folder).join(file).is_file(), "{folder}/{file}");
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["command"], "compare");
    assert_eq!(manifest["seed"], 42);
    assert_eq!(manifest["replications"], 10);
    assert_eq!(manifest["months"], 60);
    assert_eq!(manifest["scenarios"][1]["label"], "coaching");
    assert_eq!(
        manifest["scenarios"][1]["source"],
        "scenarios/coaching.toml"
    );
    assert_eq!(manifest["scenarios"][1]["scenario"]["replications"], 10);
    assert!(
        manifest["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "coaching/timeseries.csv")
    );
    let sub: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("control/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(sub["scenario"]["name"], "control");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn files_do_not_depend_on_threads_and_all_shows_every_metric() {
    let (one, two) = (temp_dir("compare", "j1"), temp_dir("compare", "j2"));
    let mut stdouts = Vec::new();
    for (dir, threads) in [(&one, "1"), (&two, "2")] {
        let result = orgsim(&[
            "compare",
            "scenarios/control.toml",
            "scenarios/transition.toml",
            "-n",
            "4",
            "-j",
            threads,
            "--all",
            "--out",
            dir.to_str().unwrap(),
        ]);
        assert!(result.status.success(), "{}", text(&result.stderr));
        stdouts.push(text(&result.stdout));
    }
    assert_eq!(stdouts[0], stdouts[1]);
    for spec in METRICS {
        assert!(stdouts[0].contains(spec.name), "--all lacks {}", spec.name);
    }
    let read = |dir: &PathBuf| std::fs::read(dir.join("comparison.csv")).unwrap();
    assert_eq!(read(&one), read(&two));
    std::fs::remove_dir_all(&one).ok();
    std::fs::remove_dir_all(&two).ok();
}

#[test]
fn different_horizons_are_refused_naming_the_files() {
    let dir = temp_dir("compare", "horizons");
    std::fs::create_dir_all(&dir).unwrap();
    let short = dir.join("short.toml");
    std::fs::write(&short, "name = \"short\"\nmonths = 24\n").unwrap();
    let out = dir.join("out");
    let result = orgsim(&[
        "compare",
        "scenarios/control.toml",
        short.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("different horizons"), "{stderr}");
    assert!(
        stderr.contains("scenarios/control.toml") && stderr.contains("60 months"),
        "{stderr}"
    );
    assert!(
        stderr.contains("short.toml") && stderr.contains("24 months"),
        "{stderr}"
    );
    assert!(result.stdout.is_empty());
    assert!(!out.exists(), "nothing is written");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn scenario_errors_exit_2_and_settings_follow_the_first_scenario() {
    let missing = orgsim(&["compare", "scenarios/control.toml", "no/such/file.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no/such/file.toml"));
    let one = orgsim(&["compare", "scenarios/control.toml"]);
    assert_eq!(one.status.code(), Some(2));

    // default.toml has 20 replications, control.toml 40: the first file's count is used, with
    // a note. The same name twice gets two folders.
    let out = temp_dir("compare", "notes");
    let result = orgsim(&[
        "compare",
        "scenarios/default.toml",
        "scenarios/control.toml",
        "scenarios/default.toml",
        "--set",
        "replications=3",
        "--set",
        "organisation.teams=5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stderr = text(&result.stderr);
    assert!(
        !stderr.contains("note:"),
        "--set replications applies to every file: no note\n{stderr}"
    );
    for folder in ["default", "control", "default-2"] {
        assert!(out.join(folder).join("summary.csv").is_file(), "{folder}");
    }
    assert!(text(&result.stdout).contains("default-2"));
    std::fs::remove_dir_all(&out).ok();

    let out = temp_dir("compare", "notes2");
    let result = orgsim(&[
        "compare",
        "scenarios/default.toml",
        "scenarios/control.toml",
        "--set",
        "organisation.teams=5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("note: scenarios/control.toml sets replications = 40")
            && stderr.contains("uses 20"),
        "{stderr}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["replications"], 20);
    assert_eq!(manifest["notes"].as_array().unwrap().len(), 1);
    let csv = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(csv.contains("\nperformance,horizon,control,20,"), "{csv}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn an_output_folder_that_cannot_be_written_exits_1() {
    let dir = temp_dir("compare", "unwritable");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let result = orgsim(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "-n",
        "2",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains("a-file"));
    std::fs::remove_dir_all(&dir).ok();
}

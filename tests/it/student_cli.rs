//! The command line as a student or researcher meets it: `orgsim params` filtered and as
//! csv/json, `sweep --set`, `validate` and `run` given a sweep or targets file, and the
//! default output folder of a run changed by `--set`.

use crate::common;

use common::{orgsim, text};
use orgsim::model::params::PARAMETER_SPECS;
use orgsim::scenario::scenario_keys;

#[test]
fn params_filters_by_a_word_in_name_or_meaning_ignoring_case() {
    let result = orgsim(&["params", "TRUST"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    let mut shown = 0;
    for spec in PARAMETER_SPECS {
        let wanted = spec.name.contains("trust") || spec.meaning.to_lowercase().contains("trust");
        let listed = stdout
            .lines()
            .any(|l| l.split_whitespace().next() == Some(spec.name));
        assert_eq!(wanted, listed, "{}", spec.name);
        shown += usize::from(listed);
    }
    assert!(shown > 3 && shown < PARAMETER_SPECS.len(), "{shown}");
    assert!(stdout.contains("management.trust_in_team"), "{stdout}");
    assert!(!stdout.contains("hiring_cost"), "{stdout}");
}

#[test]
fn params_without_a_match_says_so_suggests_a_word_and_exits_2() {
    let result = orgsim(&["params", "trsut"]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("no model parameter or scenario key"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `trust`?"), "{stderr}");
    assert!(text(&result.stdout).is_empty());
}

#[test]
fn params_text_explains_step_once_and_aligns_long_names() {
    let stdout = text(&orgsim(&["params"]).stdout);
    assert_eq!(stdout.matches("step: the step of a month").count(), 1);
    assert!(stdout.contains("# step 5: trust"), "{stdout}");
    // Every parameter's meaning starts in the same column, whatever the name's length.
    let columns: Vec<usize> = PARAMETER_SPECS
        .iter()
        .map(|spec| {
            let line = stdout
                .lines()
                .find(|l| l.split_whitespace().next() == Some(spec.name))
                .unwrap_or_else(|| panic!("{} missing", spec.name));
            line.find(spec.meaning).expect("meaning on the line")
        })
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}");
    let longest = PARAMETER_SPECS.iter().map(|s| s.name.len()).max().unwrap();
    assert!(columns[0] > longest + 2);
}

#[test]
fn params_csv_and_json_have_the_declared_columns_and_every_row() {
    let rows = PARAMETER_SPECS.len() + scenario_keys().count();
    let csv = orgsim(&["params", "--format", "csv"]);
    assert!(csv.status.success());
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "name",
            "step",
            "default",
            "min",
            "max",
            "default_is",
            "meaning"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows);
    for (spec, record) in PARAMETER_SPECS.iter().zip(&records) {
        assert_eq!(&record[0], spec.name);
        assert_eq!(record[2].parse::<f64>().unwrap(), spec.default);
        assert_eq!(&record[5], spec.provenance());
        assert_eq!(&record[6], spec.meaning);
    }

    let json = orgsim(&["params", "--format", "json", "rate"]);
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let list = value.as_array().unwrap();
    for spec in PARAMETER_SPECS.iter().filter(|s| s.name.ends_with("_rate")) {
        let row = list
            .iter()
            .find(|r| r["name"] == spec.name)
            .unwrap_or_else(|| panic!("{} missing", spec.name));
        assert_eq!(row["default"].as_f64(), Some(spec.default));
        assert_eq!(row["max"].as_f64(), Some(spec.max));
        assert_eq!(row["default_is"], spec.provenance());
    }
}

/// A rate that moves a state toward a target says it is a speed, not an amount.
#[test]
fn rate_parameters_that_move_toward_a_target_say_they_are_speeds() {
    for spec in PARAMETER_SPECS.iter().filter(|s| s.name.ends_with("_rate")) {
        if spec.meaning.contains("toward") {
            assert!(
                spec.meaning.contains("speed") && spec.meaning.contains("not an amount"),
                "{}: {}",
                spec.name,
                spec.meaning
            );
        }
    }
    let speeds = PARAMETER_SPECS
        .iter()
        .filter(|s| s.name.ends_with("_rate") && s.meaning.contains("not an amount"))
        .count();
    assert!(speeds >= 6, "{speeds}");
}

/// A small sweep file with an inline base: 3 grid points of `trust_loss_rate`.
const SMALL_SWEEP: &str = r#"
replications = 2
[base]
months = 12
[base.organisation]
teams = 4
team_size = 5
[[vary]]
key = "knowledge.socialisation_rate"
values = [0.1, 0.5, 0.9]
"#;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn sweep_set_fixes_a_value_for_every_point_and_records_it() {
    let dir = common::temp_dir("student", "sweep_set");
    let file = write(&dir, "small.toml", SMALL_SWEEP);
    let run = |out: &str, sets: &[&str]| {
        let out = dir.join(out);
        let mut args = vec!["sweep", &file, "--quiet", "--no-report", "--no-figures"];
        for s in sets {
            args.extend(["--set", s]);
        }
        let out_text = out.to_str().unwrap().to_string();
        args.extend(["--out", &out_text]);
        let result = orgsim(&args);
        assert!(result.status.success(), "{}", text(&result.stderr));
        out
    };
    let plain = run("plain", &[]);
    let fixed = run("fixed", &["parameters.trust_loss_rate=0.6", "months=18"]);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixed.join("plan.json")).unwrap()).unwrap();
    let base = plan["plan"]["base_overrides"].as_array().unwrap();
    assert!(
        base.iter().any(|o| o == "parameters.trust_loss_rate=0.6"),
        "{base:?}"
    );
    assert!(base.iter().any(|o| o == "months=18"), "{base:?}");
    let last_month = |dir: &std::path::Path| {
        let series = std::fs::read_to_string(dir.join("timeseries.csv")).unwrap();
        let header: Vec<String> = series
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(String::from)
            .collect();
        let month = header.iter().position(|h| h == "month").unwrap();
        series
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(month).unwrap().parse::<u32>().unwrap())
            .max()
            .unwrap()
    };
    assert_eq!(last_month(&plain), 12);
    assert_eq!(last_month(&fixed), 18);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn sweep_set_refuses_a_varied_key_an_unknown_key_and_replications() {
    let dir = common::temp_dir("student", "sweep_set_bad");
    let file = write(&dir, "small.toml", SMALL_SWEEP);
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    for (set, expected) in [
        (
            "knowledge.socialisation_rate=0.3",
            "the sweep varies `knowledge.socialisation_rate`",
        ),
        (
            "parameters.trust_loss_rat=0.3",
            "did you mean `parameters.trust_loss_rate`?",
        ),
        ("replications=5", "`replications` in the sweep file"),
    ] {
        let result = orgsim(&["sweep", &file, "--set", set, "--out", out, "--quiet"]);
        assert_eq!(result.status.code(), Some(2), "{set}");
        assert!(
            text(&result.stderr).contains(expected),
            "{set}: {}",
            text(&result.stderr)
        );
        assert!(
            !dir.join("out").join("plan.json").exists(),
            "{set}: nothing runs"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn validate_tells_scenario_sweep_and_targets_files_apart_by_content() {
    let dir = common::temp_dir("student", "validate_kinds");
    // The name says nothing: the contents decide.
    let sweep = write(&dir, "a.toml", SMALL_SWEEP);
    let result = orgsim(&[
        "validate",
        "scenarios/default.toml",
        &sweep,
        "scenarios/calibration/targets.toml",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    assert!(
        stdout.contains("default.toml: ok: scenario file `default`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("a.toml: ok: sweep file `a`, 3 point(s) × 2 replications"),
        "{stdout}"
    );
    assert!(
        stdout.contains("targets.toml: ok: targets file"),
        "{stdout}"
    );
    // A broken sweep file is checked by the sweep rules.
    let broken = write(
        &dir,
        "b.toml",
        &SMALL_SWEEP.replace("socialisation_rate\"", "socialisation_rat\""),
    );
    let result = orgsim(&["validate", &broken]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr).contains("socialisation_rate"),
        "{}",
        text(&result.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn run_given_a_sweep_or_targets_file_points_to_the_command_that_takes_it() {
    let dir = common::temp_dir("student", "run_kinds");
    let sweep = write(&dir, "s.toml", SMALL_SWEEP);
    let result = orgsim(&["run", &sweep, "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr).contains("is a sweep file"),
        "{}",
        text(&result.stderr)
    );
    assert!(text(&result.stderr).contains(&format!("orgsim sweep {sweep}")));
    let result = orgsim(&[
        "run",
        "scenarios/calibration/targets.toml",
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr).contains("orgsim calibrate"),
        "{}",
        text(&result.stderr)
    );
    assert!(!dir.join("out").exists());
    std::fs::remove_dir_all(&dir).ok();
}

/// `values = [40]`: one value of a key, held fixed across the design.
#[test]
fn a_one_value_list_is_accepted_by_every_design() {
    use orgsim::experiment::sweep_file::load_sweep_str;
    let dir = std::path::Path::new(".");
    let grid = load_sweep_str(
        "grid.toml",
        "replications = 2\n[base]\nmonths = 12\n[[vary]]\nkey = \"organisation.teams\"\nvalues = [40]\n[[vary]]\nkey = \"parameters.trust_loss_rate\"\nvalues = [0.1, 0.2]\n",
        dir,
    )
    .unwrap();
    assert_eq!(grid.points.len(), 2);
    assert!(grid.points.iter().all(|p| p.values[0].to_toml() == "40"));
    let table = load_sweep_str(
        "table.toml",
        "replications = 2\n[base]\nmonths = 12\n[design]\nkind = \"table\"\nkeys = [\"organisation.teams\"]\nrows = [[40]]\n",
        dir,
    )
    .unwrap();
    assert_eq!(table.points.len(), 1);
    for kind in ["latin_hypercube", "random"] {
        let text = format!(
            "replications = 2\n[base]\nmonths = 12\n[design]\nkind = \"{kind}\"\npoints = 5\n\
             [[vary]]\nkey = \"organisation.teams\"\nvalues = [40]\n\
             [[vary]]\nkey = \"parameters.trust_loss_rate\"\nvalues = [0.25]\n\
             [[vary]]\nkey = \"parameters.trust_gain_rate\"\nfrom = 0.01\nto = 0.2\n"
        );
        let plan = load_sweep_str("s.toml", &text, dir).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(plan.points.len(), 5, "{kind}");
        for p in &plan.points {
            assert_eq!(p.values[0].to_toml(), "40", "{kind}");
            assert_eq!(p.values[1].to_toml(), "0.25", "{kind}");
        }
        let gains: std::collections::BTreeSet<String> =
            plan.points.iter().map(|p| p.values[2].to_toml()).collect();
        assert!(gains.len() > 1, "{kind}: the ranged key still varies");
        // Two values still cannot be sampled.
        let two = text.replace("values = [40]", "values = [40, 50]");
        let e = load_sweep_str("s.toml", &two, dir).unwrap_err().to_string();
        assert!(e.contains("does not apply to a"), "{kind}: {e}");
    }
}

/// Runs the binary in `dir` (so the default `results/` folder lands there).
fn orgsim_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::fs::create_dir_all(dir).unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("orgsim runs")
}

#[test]
fn a_run_changed_by_set_gets_its_own_default_folder_and_headline() {
    let dir = common::temp_dir("student", "set_folder");
    let quick = ["run", "-n", "2", "--no-report", "--no-figures"];
    let run = |sets: &[&str]| {
        let mut args = quick.to_vec();
        for s in sets {
            args.extend(["--set", s]);
        }
        let result = orgsim_in(&dir, &args);
        assert!(
            result.status.success(),
            "{sets:?}: {}",
            text(&result.stderr)
        );
        text(&result.stdout)
    };
    let plain = run(&[]);
    assert!(
        plain.contains("scenario \"default\": 2 replications"),
        "{plain}"
    );
    let faster = run(&["parameters.trust_loss_rate=0.3"]);
    assert!(
        faster.contains("scenario \"default\" with parameters.trust_loss_rate=0.3:"),
        "{faster}"
    );
    // A second variant does not collide with the first (no --force needed).
    run(&["parameters.trust_loss_rate=0.4"]);
    run(&["parameters.trust_loss_rate=0.3", "organisation.teams=10"]);
    let results = dir.join("results");
    for folder in [
        "default",
        "default--trust_loss_rate=0.3",
        "default--trust_loss_rate=0.4",
        "default--trust_loss_rate=0.3--teams=10",
    ] {
        assert!(
            results.join(folder).join("manifest.json").is_file(),
            "{folder}"
        );
    }
    // Many overrides: the name is cut to a sane length and stays one safe folder name.
    let many: Vec<String> = PARAMETER_SPECS
        .iter()
        .filter(|s| s.max >= 1.0 && s.min <= 0.5)
        .take(12)
        .map(|s| format!("parameters.{}=0.5", s.name))
        .collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    run(&many);
    let names: Vec<String> = std::fs::read_dir(&results)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
    let long = names.iter().max_by_key(|n| n.len()).unwrap();
    assert!(long.starts_with("default--") && long.len() <= 120, "{long}");
    assert_eq!(orgsim::ground::text::folder_name_problem(long), None);
    std::fs::remove_dir_all(&dir).ok();
}

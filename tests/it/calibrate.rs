//! `orgsim calibrate` end to end on a tiny targets file (2 priors, 16 samples, 2 replications,
//! a 12-month horizon): the files it writes, its acceptance rule, bit-identical files for any
//! thread count and for merged shards, a band no set can meet, and malformed targets files.

use crate::common;

use common::{orgsim, repo_path, temp_dir, text};
use orgsim::output::results_folder::CsvTable;
use std::path::{Path, PathBuf};

fn temp(name: &str) -> PathBuf {
    let dir = temp_dir("calibrate", name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The tiny targets file, with `accept` as given and the second target's band.
fn targets(dir: &Path, accept: &str, cut_band: &str) -> PathBuf {
    let text = format!(
        r#"[calibration]
name = "tiny"
base = {base:?}
set = ["months=12", "organisation.teams=4", "organisation.team_size=8"]
replications = 2
seed = 3
samples = 16
accept = {accept}

[[population]]
name = "control"
set = ["management.style_mean=0.05"]

[[population]]
name = "coaching"
set = ["management.style_mean=0.9"]

[[prior]]
key = "parameters.b_trust"
low = 1.0
high = 9.0

[[prior]]
key = "parameters.w_support"
low = 0.1
high = 0.5

[[target]]
name = "turnover_control"
statistic = "one_minus"
metric = "retention"
population = "control"
month = 12
band = [0.10, 0.20]
source = "a test band"

[[target]]
name = "retention_gain"
statistic = "relative_change"
metric = "retention"
populations = ["control", "coaching"]
month = 12
band = {cut_band}
source = "a test band"
peer_reviewed = false
"#,
        base = repo_path("scenarios/control.toml").to_str().unwrap()
    );
    let path = dir.join("tiny.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn calibrate(args: &[&str]) -> std::process::Output {
    let mut all = vec!["calibrate"];
    all.extend_from_slice(args);
    orgsim(&all)
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_calibration_writes_its_files_and_accepts_by_its_rule() {
    let dir = temp("files");
    let file = targets(&dir, "{ quantile = 0.25 }", "[0.0, 0.2]");
    let out = dir.join("out");
    let docs = dir.join("CALIBRATION.md");
    let run = calibrate(&[s(&file), "-o", s(&out), "-j", "2", "--docs", s(&docs)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let posterior = CsvTable::read(&out.join("posterior.csv")).ok().unwrap();
    let fit = CsvTable::read(&out.join("fit.csv")).ok().unwrap();
    assert_eq!(fit.rows.len(), 2);
    // The quantile rule keeps the closest quarter: 4 of 16 sets, closest first.
    assert_eq!(posterior.rows.len(), 4);
    let distances: Vec<f64> = posterior
        .rows
        .iter()
        .map(|r| posterior.get(r, "distance").parse().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    for row in &posterior.rows {
        let b: f64 = posterior.get(row, "parameters.b_trust").parse().unwrap();
        let w: f64 = posterior.get(row, "parameters.w_support").parse().unwrap();
        assert!((1.0..=9.0).contains(&b) && (0.1..=0.5).contains(&w));
    }
    let page = std::fs::read_to_string(out.join("calibration.md")).unwrap();
    assert_eq!(std::fs::read_to_string(&docs).unwrap(), page);
    assert!(page.contains("a test band") && page.contains('†'), "{page}");
    assert!(
        page.contains("How far to trust these numbers"),
        "no trust box: {page}"
    );

    // all_within_bands: every accepted set has distance 0 and statistics inside the bands.
    let within = dir.join("within");
    let file = targets(&dir, "{ all_within_bands = true }", "[-1.0, 1.0]");
    let run = calibrate(&[s(&file), "-o", s(&within), "-q"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let posterior = CsvTable::read(&within.join("posterior.csv")).ok().unwrap();
    assert!(!posterior.rows.is_empty());
    for row in &posterior.rows {
        assert_eq!(posterior.get(row, "distance"), "0");
        let turnover: f64 = posterior.get(row, "turnover_control").parse().unwrap();
        assert!((0.10..=0.20).contains(&turnover), "{turnover}");
    }
}

#[test]
fn the_same_seed_gives_the_same_files_for_any_threads_and_merged_shards() {
    let dir = temp("determinism");
    let file = targets(&dir, "{ quantile = 0.5 }", "[0.0, 0.2]");
    let one = dir.join("one");
    let two = dir.join("two");
    for (out, threads) in [(&one, "1"), (&two, "2")] {
        let run = calibrate(&[s(&file), "-o", s(out), "-j", threads, "-q"]);
        assert!(run.status.success(), "{}", text(&run.stderr));
    }
    let mut shards = vec![];
    for i in 0..2 {
        let shard = dir.join(format!("shard{i}"));
        let run = calibrate(&[
            s(&file),
            "-o",
            s(&shard),
            "--shard",
            &format!("{i}/2"),
            "-q",
        ]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert!(!shard.join("posterior.csv").exists());
        shards.push(shard);
    }
    let merged = dir.join("merged");
    let merge = orgsim(&[
        "merge",
        s(&shards[0]),
        s(&shards[1]),
        "--out",
        s(&merged),
        "--no-report",
        "--no-figures",
        "-q",
    ]);
    assert!(merge.status.success(), "{}", text(&merge.stderr));
    let analysed = calibrate(&[s(&file), "--analyse", s(&merged), "-q"]);
    assert!(analysed.status.success(), "{}", text(&analysed.stderr));
    // Resuming a finished calibration runs nothing and analyses it again, to the same files.
    let before = std::fs::read(one.join("posterior.csv")).unwrap();
    let again = calibrate(&[s(&file), "-o", s(&one), "--resume", "-q"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(std::fs::read(one.join("posterior.csv")).unwrap(), before);
    let unasked = calibrate(&[s(&file), "-o", s(&one), "-q"]);
    assert_eq!(
        unasked.status.code(),
        Some(2),
        "a folder holding its runs needs --resume"
    );
    for name in ["posterior.csv", "fit.csv"] {
        let a = std::fs::read(one.join(name)).unwrap();
        assert_eq!(
            a,
            std::fs::read(two.join(name)).unwrap(),
            "{name}: 1 vs 2 threads"
        );
        assert_eq!(
            a,
            std::fs::read(merged.join(name)).unwrap(),
            "{name}: merged shards"
        );
    }
    // Another targets file does not analyse this sweep.
    let changed = dir.join("changed.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&changed, original.replace("samples = 16", "samples = 17")).unwrap();
    let refused = calibrate(&[s(&changed), "--analyse", s(&merged)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("another sweep"),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn a_band_no_set_can_meet_is_exit_2_naming_the_closest_sets() {
    let dir = temp("unmet");
    // Coaching cannot raise retention fivefold.
    let file = targets(&dir, "{ all_within_bands = true }", "[4.0, 5.0]");
    let run = calibrate(&[s(&file), "-o", s(&dir.join("out"))]);
    assert_eq!(run.status.code(), Some(2));
    let err = text(&run.stderr);
    assert!(err.contains("no parameter set"), "{err}");
    assert!(err.contains("set ") && err.contains("distance"), "{err}");
    assert!(err.contains("`retention_gain` is"), "{err}");
    assert!(err.contains("band 4.00 – 5.00"), "{err}");
}

#[test]
fn malformed_targets_files_give_positions_and_exit_2() {
    let dir = temp("malformed");
    let good = std::fs::read_to_string(targets(&dir, "{ quantile = 0.25 }", "[0.0, 0.2]")).unwrap();
    let cases: [(&str, &str, &str); 9] = [
        (
            "set = [\"management.style_mean=0.05\"]",
            "set = [\"parameters.b_trust=3.0\"]",
            "which has a prior",
        ),
        (
            "set = [\"management.style_mean=0.9\"]",
            "set = [\"management.style_mean=1.9\"]",
            "population `coaching`: `management.style_mean` is out of range",
        ),
        ("samples = 16", "sampels = 16", "unknown key `sampels`"),
        ("low = 1.0", "low = -1.0", "out of range"),
        (
            "metric = \"retention\"\npopulation",
            "metric = \"retension\"\npopulation",
            "did you mean `retention`?",
        ),
        (
            "population = \"control\"",
            "population = \"controll\"",
            "unknown population `controll`",
        ),
        (
            "band = [0.10, 0.20]",
            "band = [0.20, 0.10]",
            "is not a band",
        ),
        (
            "key = \"parameters.w_support\"",
            "key = \"parameters.w_suport\"",
            "did you mean `parameters.w_support`?",
        ),
        (
            "month = 12\nband = [0.10",
            "month = 13\nband = [0.10",
            "out of range",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(good.contains(from), "{from}");
        let path = dir.join("bad.toml");
        std::fs::write(&path, good.replacen(from, to, 1)).unwrap();
        let run = calibrate(&[s(&path), "-o", s(&dir.join("out"))]);
        assert_eq!(run.status.code(), Some(2), "{to}");
        let err = text(&run.stderr);
        assert!(err.contains(expected), "{to}: {err}");
        // file:line:column of the line that was changed.
        let bad = good.replacen(from, to, 1);
        let at = good
            .bytes()
            .zip(bad.bytes())
            .position(|(a, b)| a != b)
            .unwrap();
        let line = good[..at].matches('\n').count() + 1;
        assert!(
            err.contains(&format!("bad.toml:{line}:")),
            "{to}: expected line {line}: {err}"
        );
        assert!(!dir.join("out").exists(), "nothing runs");
    }
    let path = dir.join("syntax.toml");
    std::fs::write(&path, "[calibration\nsamples = 3\n").unwrap();
    let run = calibrate(&[s(&path)]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("syntax.toml:1:"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn the_shipped_targets_file_is_valid() {
    let file = repo_path("scenarios/calibration/targets.toml");
    let spec =
        orgsim::scenario::calibration::load_targets_file(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(spec.targets.iter().all(|t| !t.source.trim().is_empty()));
    assert!(spec.targets.iter().all(|t| !t.note.trim().is_empty()));
}

/// The coefficients `orgsim params`, the ODD table and the trust box call calibrated are
/// exactly the ones the shipped calibration fits, and every one is a declared parameter.
#[test]
fn the_calibrated_coefficients_are_the_shipped_calibrations_priors() {
    use orgsim::model::params::{CALIBRATED, PARAMETER_SPECS};
    let spec = orgsim::scenario::calibration::load_targets_file(&repo_path(
        "scenarios/calibration/targets.toml",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let mut priors: Vec<String> = spec
        .priors
        .iter()
        .map(|p| p.key.trim_start_matches("parameters.").to_string())
        .collect();
    let mut calibrated: Vec<String> = CALIBRATED.iter().map(|s| s.to_string()).collect();
    priors.sort();
    calibrated.sort();
    assert_eq!(calibrated, priors);
    for name in CALIBRATED {
        let spec = PARAMETER_SPECS.iter().find(|p| p.name == *name);
        assert_eq!(spec.map(|p| p.provenance()), Some("calibrated"), "{name}");
    }
    assert!(
        PARAMETER_SPECS
            .iter()
            .any(|p| p.provenance() == "illustrative")
    );
}

/// The shipped posterior sample belongs to the shipped targets file and the model's
/// defaults: it holds every prior key, only sets inside every band (the file accepts by
/// `all_within_bands`), and the default of every calibrated coefficient is one accepted
/// set's value rounded to 3 significant digits (the central set).
#[test]
fn the_shipped_posterior_holds_the_defaults_central_set() {
    use orgsim::model::params::{CALIBRATED, Parameters};
    let table = CsvTable::read(&repo_path("scenarios/calibration/posterior.csv"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(table.rows.len() >= 50, "{} accepted sets", table.rows.len());
    for name in CALIBRATED {
        assert!(
            table.column(&format!("parameters.{name}")).is_some(),
            "posterior.csv lacks {name}"
        );
    }
    let number = |row, column: &str| -> f64 { table.get(row, column).parse().unwrap() };
    assert!(table.rows.iter().all(|r| number(r, "distance") == 0.0));
    let round3 = |x: f64| -> f64 {
        let digits = 2 - x.abs().log10().floor() as i32;
        let scale = 10f64.powi(digits);
        (x * scale).round() / scale
    };
    let defaults = Parameters::default();
    let central = table.rows.iter().find(|row| {
        CALIBRATED.iter().all(|name| {
            let value = number(row, &format!("parameters.{name}"));
            (round3(value) - defaults.get(name).unwrap()).abs() < 1e-12
        })
    });
    assert!(
        central.is_some(),
        "no accepted set rounds to the defaults of {CALIBRATED:?}"
    );
}

//! `orgsim sensitivity` end to end on small Sobol' and Morris sweeps: the columns and sane
//! values of `sensitivity.csv`, a key the scenario ignores against one that matters, the same
//! file after a killed-and-resumed sweep and after shards merged, the report's section, and
//! refusals (a grid sweep, an unfinished one).

use crate::common;

use common::{orgsim, orgsim_ok, part_count, repo_path, temp_dir, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn temp(name: &str) -> PathBuf {
    let dir = temp_dir("senscli", name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The key the control scenario ignores: it has no innovation to participate in.
const IGNORED: &str = "parameters.participation_boost";
/// A key that moves performance: how control-minded the managers are.
const MATTERS: &str = "management.style_mean";

/// A sweep file over a small control organisation (24 months, 4 teams) with `design` (the
/// `[design]` lines), varying the trust loss rate, the management style and the ignored key.
fn sweep_file(dir: &Path, design: &str, replications: u32) -> PathBuf {
    let control = std::fs::read_to_string(repo_path("scenarios/control.toml")).unwrap();
    let small = control
        .replace("months = 60", "months = 24")
        .replace("teams = 20", "teams = 4");
    assert_ne!(
        small, control,
        "control.toml's horizon and teams are where expected"
    );
    let base = dir.join("base.toml");
    std::fs::write(&base, small).unwrap();
    let text = format!(
        "base = {:?}\nreplications = {replications}\nseed = 3\n\n[design]\n{design}\n\n\
         [[vary]]\nkey = \"parameters.trust_loss_rate\"\nfrom = 0.05\nto = 0.4\n\n\
         [[vary]]\nkey = \"{MATTERS}\"\nfrom = 0.0\nto = 1.0\n\n\
         [[vary]]\nkey = \"{IGNORED}\"\nfrom = 1.0\nto = 10.0\n\n\
         [output]\nmetrics = [\"performance\", \"retention\", \"trust\"]\nevery_months = 6\n",
        base.to_str().unwrap(),
    );
    let path = dir.join("sweep.toml");
    std::fs::write(&path, text).unwrap();
    path
}

const SOBOL: &str = "kind = \"sobol\"\nbase_samples = 32\nseed = 5";
const MORRIS: &str = "kind = \"morris\"\ntrajectories = 12\nlevels = 4\nseed = 5";

fn sweep(file: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--no-figures",
        "--no-report",
    ];
    args.extend(extra);
    orgsim_ok(&args);
}

/// Runs `orgsim sensitivity` on `dir` (with `extra`); its stdout.
fn sensitivity(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["sensitivity", dir.to_str().unwrap()];
    args.extend(extra);
    orgsim_ok(&args)
}

/// (metric, month, parameter, index, estimate, ci_low, ci_high) of each row.
type Row = (String, u32, String, String, f64, f64, f64);

fn rows(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("sensitivity.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("metric,month,parameter,index,estimate,ci_low,ci_high")
    );
    let number = |s: &str| s.parse::<f64>().unwrap_or(f64::NAN);
    lines
        .map(|line| {
            let c: Vec<&str> = line.split(',').collect();
            assert_eq!(c.len(), 7, "{line}");
            (
                c[0].to_string(),
                c[1].parse().unwrap(),
                c[2].to_string(),
                c[3].to_string(),
                number(c[4]),
                number(c[5]),
                number(c[6]),
            )
        })
        .collect()
}

fn find<'r>(rows: &'r [Row], metric: &str, parameter: &str, index: &str) -> &'r Row {
    rows.iter()
        .find(|r| r.0 == metric && r.2 == parameter && r.3 == index)
        .unwrap_or_else(|| panic!("no {index} of {parameter} for {metric}"))
}

#[test]
fn sobol_indices_are_sane_and_an_ignored_key_hardly_matters() {
    let dir = temp("sobol");
    let file = sweep_file(&dir, SOBOL, 3);
    let out = dir.join("out");
    sweep(&file, &out, &[]);
    let stdout = sensitivity(&out, &["--metric", "performance", "--metric", "trust"]);
    assert!(stdout.contains("performance at month 24"), "{stdout}");
    assert!(
        stdout.contains("How far to trust these numbers"),
        "{stdout}"
    );
    let rows = rows(&out);
    assert!(rows.iter().all(|r| r.1 == 24), "the horizon by default");
    for metric in ["performance", "trust"] {
        let noise = find(&rows, metric, "*", "noise_share");
        assert!((0.0..=1.0).contains(&noise.4), "{noise:?}");
        for key in ["parameters.trust_loss_rate", MATTERS, IGNORED] {
            let s1 = find(&rows, metric, key, "S1");
            let st = find(&rows, metric, key, "ST");
            for r in [s1, st] {
                assert!(r.4.is_finite() && r.5 <= r.4 && r.4 <= r.6, "{r:?}");
            }
            assert!(
                s1.5 <= st.6 + 1e-9,
                "S1 above ST beyond both intervals: {s1:?} {st:?}"
            );
        }
        let ignored = find(&rows, metric, IGNORED, "ST").4;
        let matters = find(&rows, metric, MATTERS, "ST").4;
        assert!(
            ignored.abs() < 0.01 && matters > 0.1,
            "{metric}: ST of the ignored key {ignored}, of management style {matters}"
        );
    }
    // The report answers the question, with the ranking figure in its section.
    orgsim_ok(&["report", out.to_str().unwrap(), "--quiet"]);
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = page
        .split("<section id=\"sensitivity\">")
        .nth(1)
        .expect("a section on sensitivity")
        .split("</section>")
        .next()
        .unwrap();
    assert!(section.contains("Which choices matter most?"), "{section}");
    assert!(section.contains("explains about") && section.contains("Replication noise"));
    assert!(
        section.contains(&format!("<code>{IGNORED}</code>")),
        "{section}"
    );
    assert!(section.contains("<svg"), "the ranking figure");
    assert!(out.join("figures/sensitivity_ranking.png").is_file());
    // Over time: every 6 months from month 6 to the horizon.
    sensitivity(&out, &["--over-time", "--every", "6", "--metric", "trust"]);
    let months: Vec<u32> = rows_months(&out);
    assert_eq!(months, [6, 12, 18, 24]);
}

fn rows_months(dir: &Path) -> Vec<u32> {
    let mut months: Vec<u32> = rows(dir).iter().map(|r| r.1).collect();
    months.dedup();
    months
}

#[test]
fn morris_statistics_are_sane_and_an_ignored_key_has_no_effect() {
    let dir = temp("morris");
    let file = sweep_file(&dir, MORRIS, 3);
    let out = dir.join("out");
    sweep(&file, &out, &[]);
    let stdout = sensitivity(&out, &["--month", "12", "--metric", "trust"]);
    assert!(stdout.contains("trust at month 12"), "{stdout}");
    let rows = rows(&out);
    for key in ["parameters.trust_loss_rate", MATTERS, IGNORED] {
        let mu_star = find(&rows, "trust", key, "mu_star");
        let sigma = find(&rows, "trust", key, "sigma");
        let mu = find(&rows, "trust", key, "mu");
        assert!(mu_star.4 >= mu.4.abs() - 1e-12 && sigma.4 >= 0.0);
        assert!(mu_star.5 <= mu_star.4 && mu_star.4 <= mu_star.6);
        assert!(
            mu.5.is_nan() && sigma.6.is_nan(),
            "no interval for mu and sigma"
        );
    }
    assert_eq!(find(&rows, "trust", IGNORED, "mu_star").4, 0.0);
    assert!(find(&rows, "trust", MATTERS, "mu_star").4 > 0.01);
}

/// An optimised Morris sweep (r of the candidate trajectories) has r × (k + 1) points and
/// `orgsim sensitivity` finds its trajectories: the ignored key has no effect.
#[test]
fn optimised_morris_sweep_has_r_trajectories_and_its_statistics() {
    let dir = temp("morris-optimised");
    let design = format!("{MORRIS}\noptimal_trajectories = 4");
    let file = sweep_file(&dir, &design, 2);
    let out = dir.join("out");
    sweep(&file, &out, &[]);
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(
        points.lines().count(),
        1 + 4 * 4,
        "header and r × (k + 1) points"
    );
    let plan = std::fs::read_to_string(out.join("plan.json")).unwrap();
    assert!(
        plan.contains("\"optimal_trajectories\": 4") || plan.contains("\"optimal_trajectories\":4")
    );
    sensitivity(&out, &["--metric", "trust"]);
    let rows = rows(&out);
    assert_eq!(find(&rows, "trust", IGNORED, "mu_star").4, 0.0);
    assert!(find(&rows, "trust", MATTERS, "mu_star").4 > 0.0);
}

/// Starts a sweep with `--resume` and kills it (SIGKILL) once a batch is recorded, unless it
/// finishes first.
fn start_and_kill(file: &Path, out: &Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args([
            "sweep",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--resume",
            "--quiet",
            "--no-figures",
            "--no-report",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while part_count(out) < 1
        && child.try_wait().unwrap().is_none()
        && start.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn resumed_and_merged_sweeps_give_the_same_sensitivity_file() {
    for (name, design) in [("sobol", SOBOL), ("morris", MORRIS)] {
        let dir = temp(&format!("same-{name}"));
        // More replications: several batches, so the kill can land between them.
        let file = sweep_file(&dir, design, 8);
        let whole = dir.join("whole");
        sweep(&file, &whole, &[]);
        sensitivity(&whole, &["--over-time", "--every", "12", "--no-figures"]);
        let expected = std::fs::read(whole.join("sensitivity.csv")).unwrap();

        let resumed = dir.join("resumed");
        start_and_kill(&file, &resumed);
        sweep(&file, &resumed, &["--resume"]);
        sensitivity(&resumed, &["--over-time", "--every", "12", "--no-figures"]);
        assert!(
            std::fs::read(resumed.join("sensitivity.csv")).unwrap() == expected,
            "{name}: resumed"
        );

        let shards: Vec<String> = (0..2)
            .map(|i| {
                let shard = dir.join(format!("shard-{i}"));
                sweep(&file, &shard, &["--shard", &format!("{i}/2")]);
                shard.to_str().unwrap().to_string()
            })
            .collect();
        // A shard alone is not a finished sweep.
        let refused = orgsim(&["sensitivity", &shards[0]]);
        assert_eq!(refused.status.code(), Some(2));
        assert!(text(&refused.stderr).contains("has not finished"));
        let merged = dir.join("merged");
        orgsim_ok(&[
            "merge",
            &shards[0],
            &shards[1],
            "--out",
            merged.to_str().unwrap(),
            "--quiet",
            "--no-figures",
            "--no-report",
        ]);
        sensitivity(&merged, &["--over-time", "--every", "12", "--no-figures"]);
        assert!(
            std::fs::read(merged.join("sensitivity.csv")).unwrap() == expected,
            "{name}: merged"
        );
    }
}

#[test]
fn a_grid_sweep_is_refused_naming_its_design() {
    let dir = temp("grid");
    // The small base scenario; a grid needs values, not ranges: a sweep file of its own.
    let file = sweep_file(&dir, SOBOL, 2);
    let text_of = format!(
        "base = {:?}\nreplications = 2\n[design]\nkind = \"grid\"\n[[vary]]\nkey = \"{MATTERS}\"\nvalues = [0.1, 0.9]\n",
        dir.join("base.toml").to_str().unwrap()
    );
    std::fs::write(&file, text_of).unwrap();
    let out = dir.join("out");
    sweep(&file, &out, &[]);
    let refused = orgsim(&["sensitivity", out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("`grid` design") && stderr.contains("kind = \"sobol\""),
        "{stderr}"
    );
    assert!(!out.join("sensitivity.csv").exists());
    let missing = orgsim(&["sensitivity", dir.join("nothing").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn keys_the_scenario_ignores_warn_of_noise_and_indices_not_told_from_zero() {
    let dir = temp("ignored");
    // The small base, then a sweep of two keys the control scenario never reads: with common
    // random numbers every point of a replication is the same run, so all the variance is
    // replication noise and every effect is zero.
    sweep_file(&dir, MORRIS, 3);
    let sweep_text = format!(
        "base = {:?}\nreplications = 3\n[design]\n{MORRIS}\n\
         [[vary]]\nkey = \"{IGNORED}\"\nfrom = 1.0\nto = 10.0\n\
         [[vary]]\nkey = \"parameters.top_down_resistance\"\nfrom = 0.1\nto = 0.9\n",
        dir.join("base.toml").to_str().unwrap()
    );
    let file = dir.join("ignored.toml");
    std::fs::write(&file, sweep_text).unwrap();
    let out = dir.join("out");
    sweep(&file, &out, &[]);
    let result = orgsim(&[
        "sensitivity",
        out.to_str().unwrap(),
        "--metric",
        "performance",
        "--no-figures",
    ]);
    assert!(result.status.success(), "warnings are not errors");
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains(
            "replication noise is 100% of the variance; add replications or trajectories"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("no choice's mu_star interval excludes zero"),
        "{stderr}"
    );
    let rows = rows(&out);
    assert_eq!(find(&rows, "performance", "*", "noise_share").4, 1.0);
    assert!(rows.iter().filter(|r| r.3 == "mu_star").all(|r| r.4 == 0.0));
}

//! Uncertain inputs (`[uncertainty]`) end to end: a posterior's sets are the only values
//! drawn (weights respected), each replication runs with its own draws, the output does not
//! depend on threads or shards, and summary.csv's predictive interval holds about its level
//! of new replications.

use crate::common::{orgsim, repo_path, temp_dir, text};
use orgsim::scenario::uncertainty::draw::draw;
use orgsim::scenario::{load_file, load_str, replication_scenario};
use std::fs;
use std::path::Path;

const EXAMPLE: &str = "scenarios/uncertainty/transition_calibrated.toml";

#[test]
fn posterior_draws_only_whole_rows_of_the_file_and_respects_weights() {
    let dir = temp_dir("uncertainty", "posterior");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("sets.csv"),
        "set,parameters.b_trust,parameters.w_social,weight\n\
         7,3.5,0.25,1\n11,6.0,0.5,0\n13,9.0,0.75,3\n",
    )
    .unwrap();
    let scenario_path = dir.join("s.toml");
    fs::write(
        &scenario_path,
        "months = 6\nreplications = 200\n[organisation]\nteams = 2\nteam_size = 5\n\
         [uncertainty]\nposterior = \"sets.csv\"\n",
    )
    .unwrap();
    let s = load_file(&scenario_path, &[]).unwrap_or_else(|e| panic!("{e}"));
    let rows = [(7, [3.5, 0.25]), (13, [9.0, 0.75])];
    let mut thirteen = 0;
    for r in 0..s.replications {
        let d = draw(&s.uncertainty, s.seed, r);
        let set = d.set.unwrap();
        let (_, want) = rows
            .iter()
            .find(|(id, _)| *id == set)
            .unwrap_or_else(|| panic!("replication {r} drew set {set}"));
        assert_eq!(d.values, want.to_vec(), "replication {r}");
        thirteen += (set == 13) as u32;
        if r < 5 {
            let (drawn, _) = replication_scenario(&s, r).unwrap().unwrap();
            assert_eq!(drawn.parameters.b_trust, want[0]);
            assert_eq!(drawn.parameters.w_social, want[1]);
        }
    }
    // Weight 3 of 4: 150 of 200 expected, sd √(200 · 3/4 · 1/4) ≈ 6.1.
    assert!(
        (thirteen as f64 - 150.0).abs() < 5.0 * 6.13,
        "{thirteen} of 200 drew the set of weight 3/4"
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn each_replication_runs_with_its_own_draws_and_they_are_validated() {
    let text = "months = 6\nreplications = 6\n[organisation]\nteams = 2\nteam_size = 5\n\
                [uncertainty]\n\"parameters.trust_loss_rate\" = { distribution = \"uniform\", low = 0.05, high = 0.5 }\n\
                \"environment.tightness\" = { distribution = \"beta\", a = 2, b = 2, low = 0.2, high = 0.8 }\n";
    let s = load_str("u.toml", text, &[]).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    for r in 0..s.replications {
        let (drawn, draws) = replication_scenario(&s, r).unwrap().unwrap();
        assert_eq!(drawn.parameters.trust_loss_rate, draws.values[0]);
        assert_eq!(drawn.environment.tightness, draws.values[1]);
        assert!((0.05..0.5).contains(&draws.values[0]));
        assert!((0.2..=0.8).contains(&draws.values[1]));
        assert_eq!((drawn.seed, drawn.replications), (s.seed, s.replications));
        seen.push(draws.values[0]);
    }
    seen.dedup();
    assert_eq!(seen.len(), 6, "every replication draws its own value");
    // A draw of another seed differs; the same seed and replication draw the same.
    let again = load_str("u.toml", text, &[]).unwrap();
    assert_eq!(
        draw(&again.uncertainty, again.seed, 3),
        draw(&s.uncertainty, s.seed, 3)
    );
    let other = load_str("u.toml", text, &["seed=7".into()]).unwrap();
    assert_ne!(
        draw(&other.uncertainty, other.seed, 3),
        draw(&s.uncertainty, s.seed, 3)
    );
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
}

#[test]
fn the_shipped_example_gives_the_same_bytes_on_one_and_two_threads() {
    let dir = temp_dir("uncertainty", "threads");
    let example = repo_path(EXAMPLE);
    let mut outs = vec![];
    for threads in ["1", "2"] {
        let out = dir.join(threads);
        let result = orgsim(&[
            "run",
            example.to_str().unwrap(),
            "--set",
            "months=36",
            "--set",
            "replications=12",
            "--threads",
            threads,
            "--no-figures",
            "--no-report",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(result.status.success(), "{}", text(&result.stderr));
        let stdout = text(&result.stdout);
        assert!(stdout.contains("90% of runs"), "{stdout}");
        outs.push(out);
    }
    for name in [
        "summary.csv",
        "timeseries.csv",
        "uncertainty.csv",
        "groups.csv",
    ] {
        assert_eq!(read(&outs[0], name), read(&outs[1], name), "{name}");
    }
    let uncertainty = String::from_utf8(read(&outs[0], "uncertainty.csv")).unwrap();
    let header = uncertainty.lines().next().unwrap();
    assert!(header.starts_with("scenario,replication,set,parameters.b_trust,"));
    assert!(header.ends_with("parameters.trust_loss_rate,parameters.trust_gain_rate"));
    assert_eq!(uncertainty.lines().count(), 13);
    let manifest = String::from_utf8(read(&outs[0], "manifest.json")).unwrap();
    assert!(manifest.contains("\"uncertainty\": {") && manifest.contains("\"triangular\""));
    assert!(manifest.contains("\"uncertainty.csv\""));
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sharded_and_merged_sweep_with_uncertainty_equals_the_unsharded_one() {
    let dir = temp_dir("uncertainty", "shards");
    fs::create_dir_all(&dir).unwrap();
    let sweep = dir.join("sweep.toml");
    fs::write(
        &sweep,
        format!(
            "name = \"u\"\nbase = {:?}\nreplications = 3\n[design]\nkind = \"grid\"\n\
             [[vary]]\nkey = \"environment.turbulence\"\nvalues = [0.01, 0.03, 0.05]\n\
             [output]\nprediction_level = 0.8\n",
            repo_path(EXAMPLE).display().to_string()
        ),
    )
    .unwrap();
    let sweep = sweep.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--quiet", "--set", "months=36"]);
        let result = orgsim(&all);
        assert!(result.status.success(), "{}", text(&result.stderr));
    };
    let whole = dir.join("whole");
    run(&["sweep", sweep, "--out", whole.to_str().unwrap()]);
    let shards: Vec<String> = (0..2)
        .map(|i| dir.join(format!("shard-{i}")).display().to_string())
        .collect();
    for (i, shard) in shards.iter().enumerate() {
        run(&["sweep", sweep, "--out", shard, "--shard", &format!("{i}/2")]);
    }
    let merged = dir.join("merged");
    let result = orgsim(&[
        "merge",
        "--out",
        merged.to_str().unwrap(),
        &shards[0],
        &shards[1],
        "--quiet",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for name in [
        "summary.csv",
        "timeseries.csv",
        "uncertainty.csv",
        "points.csv",
    ] {
        assert_eq!(read(&whole, name), read(&merged, name), "{name}");
    }
    // Replication r of every point draws the same values (common random numbers).
    let table = String::from_utf8(read(&whole, "uncertainty.csv")).unwrap();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[0][3..], rows[3][3..]);
    assert_ne!(rows[0][3..], rows[1][3..]);
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_predictive_interval_holds_about_its_level_of_new_replications() {
    use orgsim::output::results_folder::SummaryStream;
    let dir = temp_dir("uncertainty", "coverage");
    let example = repo_path(EXAMPLE);
    let out = dir.join("run");
    let result = orgsim(&[
        "run",
        example.to_str().unwrap(),
        "--set",
        "months=36",
        "--set",
        "replications=400",
        "--no-figures",
        "--no-report",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let mut stream = SummaryStream::open_run(&out.join("summary.csv")).unwrap();
    let mut interval = None;
    while let Some(row) = stream.next_row().unwrap() {
        if row.month().unwrap() == 36 && row.metric() == "net_value" {
            let s = row.stats();
            let (lo, hi) = row.predictive();
            // Wider than the mean's interval, which shrinks with replications.
            assert!(lo < s.ci_low && s.ci_high < hi, "{lo} {hi} {s:?}");
            interval = Some((lo, hi));
        }
    }
    let (lo, hi) = interval.expect("net_value at month 36");
    // 400 new replications (another seed) draw new inputs and new chance.
    let s = load_file(
        &example,
        &[
            "months=36".into(),
            "replications=400".into(),
            "seed=4242".into(),
        ],
    )
    .unwrap();
    let results = orgsim::experiment::run_replications(&s);
    let metric = orgsim::model::metrics::Metric::NetValue as usize;
    let inside = results
        .iter()
        .filter(|r| (lo..=hi).contains(&r.months[36][metric]))
        .count() as f64
        / results.len() as f64;
    // The share of new values inside an interval of sample quantiles varies twice: the
    // interval's coverage (a Beta variable, sd √(0.9 · 0.1 / 400) = 0.015) and the new
    // sample's share (binomial, the same sd): together sd 0.021, so 5 sd is 0.106.
    let sd = (2.0 * 0.9 * 0.1 / 400.0f64).sqrt();
    assert!(
        (inside - 0.9).abs() < 5.0 * sd,
        "{inside} of new replications inside"
    );
    fs::remove_dir_all(&dir).ok();
}

/// The shipped pair: the transition against control under the same uncertain coefficients,
/// paired by replication, says how likely the transition pays back within 36 months.
#[test]
fn the_shipped_pair_prints_the_probability_of_paying_back_within_36_months() {
    let dir = temp_dir("uncertainty", "payback");
    let control = repo_path("scenarios/uncertainty/control_calibrated.toml");
    let transition = repo_path(EXAMPLE);
    let result = orgsim(&[
        "compare",
        control.to_str().unwrap(),
        transition.to_str().unwrap(),
        "--payback-within",
        "36",
        "--no-figures",
        "--no-report",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    let line = stdout
        .lines()
        .find(|l| l.contains("pays back within 36 months in"))
        .unwrap_or_else(|| panic!("no pay-back line in:\n{stdout}"));
    // "… pays back within 36 months in 8% [3%, 20%] of runs …": a share with its interval.
    let after = line.split("pays back within 36 months in ").nth(1).unwrap();
    let share: f64 = after.split('%').next().unwrap().trim().parse().unwrap();
    assert!((0.0..=100.0).contains(&share), "{line}");
    assert!(after.contains('[') && after.contains(']'), "{line}");
    assert!(stdout.contains("drew its own coefficients"), "{stdout}");
    // Both scenarios drew the same sets: their uncertainty.csv agree but for the name.
    let sets = |name: &str| -> Vec<String> {
        let t = String::from_utf8(read(&dir.join(name), "uncertainty.csv")).unwrap();
        t.lines()
            .skip(1)
            .map(|l| l.split_once(',').unwrap().1.to_string())
            .collect()
    };
    assert_eq!(sets("control_calibrated"), sets("transition_calibrated"));
    fs::remove_dir_all(&dir).ok();
}

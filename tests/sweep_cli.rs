//! `orgsim sweep` and `orgsim merge` end to end: kill -9 and Ctrl-C followed by --resume,
//! shards merged, failing points reported, folders never mixed.

mod common;

use common::{orgsim, repo_path, temp_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn temp(name: &str) -> PathBuf {
    let dir = temp_dir("sweepcli", name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A sweep file over the control scenario: `points` socialisation rates × `replications`.
fn sweep_file(dir: &Path, points: usize, replications: u32, extra: &str) -> PathBuf {
    let values: Vec<String> = (0..points)
        .map(|i| format!("{:.4}", 0.05 + 0.9 * i as f64 / points as f64))
        .collect();
    let text = format!(
        "base = {:?}\nreplications = {replications}\n{extra}\n[design]\nkind = \"grid\"\n\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [{}]\n",
        repo_path("scenarios/control.toml").to_str().unwrap(),
        values.join(", ")
    );
    let path = dir.join("sweep.toml");
    std::fs::write(&path, text).unwrap();
    path
}

const TABLES: [&str; 5] = [
    "points.csv",
    "timeseries.csv",
    "groups.csv",
    "events.csv",
    "summary.csv",
];

fn same_tables(a: &Path, b: &Path) {
    for table in TABLES {
        let x = std::fs::read(a.join(table))
            .unwrap_or_else(|e| panic!("{}: {e}", a.join(table).display()));
        let y = std::fs::read(b.join(table))
            .unwrap_or_else(|e| panic!("{}: {e}", b.join(table).display()));
        assert!(
            x == y,
            "{table} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn part_count(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("parts")).map_or(0, |d| {
        d.filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".part")
        })
        .count()
    })
}

/// Starts a sweep and kills it (SIGKILL, or SIGINT with `interrupt`) once some batches are
/// recorded; returns the exit status.
fn start_and_stop(sweep: &Path, out: &Path, interrupt: bool) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args([
            "sweep",
            sweep.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--resume",
            "--threads",
            "2",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while part_count(out) < 2 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let signal = if interrupt { "-INT" } else { "-KILL" };
    let _ = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status();
    child.wait_with_output().unwrap()
}

#[test]
fn kill_9_then_resume_repeatedly_gives_the_undisturbed_tables() {
    let dir = temp("kill");
    // 40 points × 40 replications = 1600 runs: several batches of 256.
    let sweep = sweep_file(&dir, 40, 40, "");
    let whole = dir.join("whole");
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        whole.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );

    let resumed = dir.join("resumed");
    let mut kills = 0;
    for _ in 0..3 {
        let output = start_and_stop(&sweep, &resumed, false);
        if output.status.success() {
            break; // finished before the kill landed
        }
        kills += 1;
        assert!(
            !resumed.join("timeseries.csv").exists(),
            "no final table before the sweep is complete"
        );
    }
    assert!(kills > 0, "the sweep was never interrupted");
    let finish = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        resumed.to_str().unwrap(),
        "--resume",
        "--quiet",
    ]);
    assert!(
        finish.status.success(),
        "{}",
        String::from_utf8_lossy(&finish.stderr)
    );
    same_tables(&whole, &resumed);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ctrl_c_stops_cleanly_and_says_how_to_resume() {
    let dir = temp("ctrlc");
    let sweep = sweep_file(&dir, 40, 40, "");
    let out = dir.join("out");
    let output = start_and_stop(&sweep, &out, true);
    if output.status.success() {
        return; // finished before the signal landed: nothing to check on this machine
    }
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("interrupted") && stderr.contains("--resume"),
        "{stderr}"
    );
    // Without --resume the folder is protected.
    let again = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--resume"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn shards_merge_to_the_unsharded_tables() {
    let dir = temp("shards");
    let sweep = sweep_file(&dir, 5, 4, "");
    let whole = dir.join("whole");
    assert!(
        orgsim(&[
            "sweep",
            sweep.to_str().unwrap(),
            "--out",
            whole.to_str().unwrap(),
            "--quiet"
        ])
        .status
        .success()
    );
    let mut shard_dirs = vec![];
    for i in 0..4 {
        let shard = dir.join(format!("shard-{i}"));
        let result = orgsim(&[
            "sweep",
            sweep.to_str().unwrap(),
            "--out",
            shard.to_str().unwrap(),
            "--shard",
            &format!("{i}/4"),
            "--quiet",
        ]);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        shard_dirs.push(shard.to_str().unwrap().to_string());
    }
    let merged = dir.join("merged");
    let mut args = vec!["merge"];
    args.extend(shard_dirs.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap()]);
    let result = orgsim(&args);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    same_tables(&whole, &merged);
    // Missing a shard is an error, not a silently smaller table.
    let partial = orgsim(&[
        "merge",
        &shard_dirs[0],
        &shard_dirs[1],
        "--out",
        dir.join("partial").to_str().unwrap(),
    ]);
    assert_eq!(partial.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&partial.stderr).contains("missing"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_point_that_fails_validation_is_reported_and_the_others_run() {
    let dir = temp("failing");
    // The default scenario has a shock in month 36: a 24-month point fails validation.
    let text = "replications = 2\n[design]\nkind = \"grid\"\n[[vary]]\nkey = \"months\"\nvalues = [24, 48]\n";
    let sweep = dir.join("months.toml");
    std::fs::write(&sweep, text).unwrap();
    let out = dir.join("out");
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("1 of 2 points failed") && stderr.contains("point 0"),
        "{stderr}"
    );
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert!(
        points.lines().nth(1).unwrap().starts_with("0,24,failed,"),
        "{points}"
    );
    assert!(
        points.lines().nth(2).unwrap().starts_with("1,48,ok,"),
        "{points}"
    );
    let timeseries = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert_eq!(timeseries.lines().count(), 1 + 2 * 49);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_folder_holding_another_sweep_is_not_overwritten() {
    let dir = temp("mixed");
    let first = sweep_file(&dir, 2, 2, "");
    let out = dir.join("out");
    assert!(
        orgsim(&[
            "sweep",
            first.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet"
        ])
        .status
        .success()
    );
    let second = sweep_file(&dir, 3, 2, "");
    let refused = orgsim(&[
        "sweep",
        second.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--resume",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("different sweep"));
    let forced = orgsim(&[
        "sweep",
        second.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--force",
        "--quiet",
    ]);
    assert!(forced.status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("points.csv"))
            .unwrap()
            .lines()
            .count(),
        4
    );
    std::fs::remove_dir_all(&dir).ok();
}

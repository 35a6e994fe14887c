//! `orgsim sweep` and `orgsim merge` end to end: kill -9 and Ctrl-C followed by --resume,
//! shards merged, failing points reported, folders never mixed.

use crate::common;

use common::{SWEEP_TABLES, orgsim, part_count, repo_path, same_tables, temp_dir};
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

/// A small xorshift generator for the kill moments, seeded from `ORGSIM_KILL_SEED` or the
/// clock (the seed is printed, so a failure can be replayed).
struct KillMoments(u64);

impl KillMoments {
    fn new() -> Self {
        let seed = std::env::var("ORGSIM_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("kill moments from ORGSIM_KILL_SEED={seed}");
        KillMoments(seed | 1)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Every file under `dir` whose name holds `.tmp-` (an atomic write's temp file).
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![];
    for sub in [dir.to_path_buf(), dir.join("parts")] {
        if let Ok(entries) = std::fs::read_dir(&sub) {
            found.extend(
                entries
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.to_string_lossy().contains(".tmp-")),
            );
        }
    }
    found
}

#[test]
fn kill_9_then_resume_repeatedly_gives_the_undisturbed_tables() {
    let dir = temp("kill");
    // 40 points × 40 replications = 1600 runs: seven batches of 256, then the assembly.
    let sweep = sweep_file(&dir, 40, 40, "");
    let whole = dir.join("whole");
    let started = Instant::now();
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        whole.to_str().unwrap(),
        "--threads",
        "2",
        "--quiet",
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    // How long the undisturbed sweep took only scales the random kill moments; a sweep that
    // finishes before its kill shrinks the scale, so a slow first sweep (a busy machine)
    // cannot keep every later kill too late.
    let mut undisturbed = started.elapsed().as_secs_f64();
    let total_parts = part_count(&whole);

    let resumed = dir.join("resumed");
    let mut moments = KillMoments::new();
    let mut kills = 0;
    // A chain of kills ends when five have landed or the sweep finishes first; a chain that
    // finished before three kills starts over in a fresh folder.
    for chain in 0..8 {
        if kills >= 3 {
            break;
        }
        std::fs::remove_dir_all(&resumed).ok();
        kills = 0;
        for _ in 0..10 {
            if kills >= 5 {
                break;
            }
            // A moment anywhere in what is left to do (startup, a batch, writing a part, the
            // assembly of the tables).
            let left = 1.0 - part_count(&resumed) as f64 / total_parts as f64;
            let delay = moments.unit() * 0.9 * undisturbed * left.max(0.05);
            let mut child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
                .args([
                    "sweep",
                    sweep.to_str().unwrap(),
                    "--out",
                    resumed.to_str().unwrap(),
                    "--resume",
                    "--threads",
                    "2",
                    "--quiet",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs_f64(delay);
            let mut exited = None;
            while Instant::now() < deadline && exited.is_none() {
                exited = child.try_wait().unwrap();
                std::thread::sleep(Duration::from_millis(1));
            }
            if exited.is_none() {
                child.kill().unwrap(); // SIGKILL, as `kill -9`
            }
            let status = child.wait().unwrap();
            if status.success() {
                eprintln!(
                    "chain {chain}: the sweep finished before kill {}",
                    kills + 1
                );
                undisturbed *= 0.7;
                break;
            }
            assert_eq!(
                std::os::unix::process::ExitStatusExt::signal(&status),
                Some(9),
                "the sweep failed on its own: {status}"
            );
            kills += 1;
            let tables: Vec<&str> = SWEEP_TABLES
                .into_iter()
                .filter(|t| resumed.join(t).exists())
                .collect();
            eprintln!(
                "chain {chain}, kill {kills} after {delay:.3} s: {} of {total_parts} batches recorded, tables {tables:?}",
                part_count(&resumed)
            );
            // Whatever the moment: a table under its final name is the whole table, and the
            // manifest (written last) appears only with every table.
            for table in SWEEP_TABLES {
                if let Ok(bytes) = std::fs::read(resumed.join(table)) {
                    assert!(
                        bytes == std::fs::read(whole.join(table)).unwrap(),
                        "kill {kills} (after {delay:.3} s): {table} is incomplete"
                    );
                }
            }
            if resumed.join("manifest.json").exists() {
                assert!(SWEEP_TABLES.iter().all(|t| resumed.join(t).exists()));
            }
        }
    }
    assert!(kills >= 3, "the sweep was killed only {kills} times");
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
    assert!(
        temp_files(&resumed).is_empty(),
        "temp files left: {:?}",
        temp_files(&resumed)
    );
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

/// Runs `sweep` into `dir/shard-I` for each of `count` shards; the folders.
fn shard_folders(sweep: &Path, dir: &Path, count: u32) -> Vec<String> {
    (0..count)
        .map(|i| {
            let shard = dir.join(format!("shard-{i}"));
            let result = orgsim(&[
                "sweep",
                sweep.to_str().unwrap(),
                "--out",
                shard.to_str().unwrap(),
                "--shard",
                &format!("{i}/{count}"),
                "--quiet",
            ]);
            assert!(
                result.status.success(),
                "{}",
                String::from_utf8_lossy(&result.stderr)
            );
            shard.to_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn merge_refuses_a_shard_twice_and_plans_beyond_the_limits() {
    let dir = temp("merge-checks");
    let sweep = sweep_file(&dir, 3, 2, "");
    let shards = shard_folders(&sweep, &dir, 2);
    let out = dir.join("merged");
    let merge = |a: &str, b: &str| orgsim(&["merge", a, b, "--out", out.to_str().unwrap()]);

    let twice = merge(&shards[0], &shards[0]);
    assert_eq!(twice.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&twice.stderr);
    assert!(stderr.contains("shard 0/2 is given twice"), "{stderr}");

    // A plan.json edited by hand (or written by something else) is refused before any
    // table is written, naming the file.
    let plan_path = Path::new(&shards[1]).join("plan.json");
    let plan = std::fs::read_to_string(&plan_path).unwrap();
    for (from, to, expect) in [
        (
            "\"shard\": \"1/2\"",
            "\"shard\": \"5/3\"",
            "numbered 0 to 2",
        ),
        (
            "\"replications\": 2,",
            "\"replications\": 100001,",
            "expected 1 to 100000",
        ),
    ] {
        assert!(plan.contains(from), "{plan}");
        std::fs::write(&plan_path, plan.replace(from, to)).unwrap();
        let refused = merge(&shards[0], &shards[1]);
        assert_eq!(refused.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("plan.json") && stderr.contains(expect),
            "{stderr}"
        );
        assert!(!out.join("manifest.json").exists());
        assert!(!out.join("timeseries.csv").exists());
    }
    std::fs::write(&plan_path, &plan).unwrap();

    // A plan.json too large for the memory limit is refused before it is read.
    let tight = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args([
            "merge",
            &shards[0],
            &shards[1],
            "--out",
            out.to_str().unwrap(),
        ])
        .env("ORGSIM_MAX_MEMORY", "100")
        .output()
        .unwrap();
    assert_eq!(tight.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&tight.stderr);
    assert!(
        stderr.contains("plan.json holds") && stderr.contains("ORGSIM_MAX_MEMORY allows 100 B"),
        "{stderr}"
    );

    // Shards of different splits do not make one sweep.
    let other = shard_folders(&sweep, &dir.join("three"), 3);
    let mixed = merge(&shards[0], &other[1]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("merge the shards of one split"));

    // --quiet prints nothing when all is well.
    let quiet = orgsim(&[
        "merge",
        &shards[0],
        &shards[1],
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--no-figures",
        "--no-report",
    ]);
    assert!(quiet.status.success());
    assert!(quiet.stderr.is_empty() && quiet.stdout.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_shard_count_of_zero_is_named_as_the_problem() {
    let dir = temp("shard-zero");
    let sweep = sweep_file(&dir, 2, 2, "");
    let result = orgsim(&["sweep", sweep.to_str().unwrap(), "--shard", "0/0"]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("shard count must be at least 1") && !stderr.contains("shard shard"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn merge_refuses_a_sweep_whose_run_index_does_not_fit_in_memory() {
    let dir = temp("memory");
    // 20 × 20 points × 100,000 replications = 40 million runs; the shard runs one of them.
    let text = "replications = 100000\n[base]\nmonths = 12\n[base.organisation]\nteams = 4\n\
                [design]\nkind = \"grid\"\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\n\
                from = 0.05\nto = 0.95\nsteps = 20\n[[vary]]\nkey = \"environment.turbulence\"\n\
                from = 0.0\nto = 0.1\nsteps = 20\n";
    let sweep = dir.join("big.toml");
    std::fs::write(&sweep, text).unwrap();
    let shard = dir.join("shard");
    let ran = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        shard.to_str().unwrap(),
        "--shard",
        "0/100000000",
        "--quiet",
    ]);
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    // Assembling 40 million runs needs an index of them all: refused before any work.
    let merged = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args([
            "merge",
            shard.to_str().unwrap(),
            "--out",
            dir.join("merged").to_str().unwrap(),
        ])
        .env("ORGSIM_MAX_MEMORY", "100M")
        .output()
        .unwrap();
    assert_eq!(merged.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&merged.stderr);
    assert!(
        stderr.contains("400 points, 100000 replications each")
            && stderr.contains("index of runs")
            && stderr.contains("ORGSIM_MAX_MEMORY allows 100 MB"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_grid_whose_points_do_not_fit_is_refused_before_they_are_made() {
    let dir = temp("plan-memory");
    // 400 × 400 = 160,000 points: about 13 MB of plan, refused under a 10 MB limit before
    // the points exist (and long before each is checked).
    let text = "replications = 1\n[base]\nmonths = 1200\n[base.organisation]\nteams = 4\n\
                [design]\nkind = \"grid\"\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\n\
                from = 0.05\nto = 0.95\nsteps = 400\n[[vary]]\nkey = \"environment.turbulence\"\n\
                from = 0.0\nto = 0.1\nsteps = 400\n";
    let sweep = dir.join("grid.toml");
    std::fs::write(&sweep, text).unwrap();
    let out = dir.join("out");
    let refused = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args([
            "sweep",
            sweep.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("ORGSIM_MAX_MEMORY", "10M")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("160000 points of 2 varied keys need about")
            && stderr.contains("ORGSIM_MAX_MEMORY allows 10 MB"),
        "{stderr}"
    );
    assert!(!out.exists());
    std::fs::remove_dir_all(&dir).ok();
}

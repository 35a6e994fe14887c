//! Sweeps of every design (grid, Latin hypercube, random, table, Sobol', Morris) end to end: killed with
//! SIGKILL and resumed, or split into shards and merged, they give the bytes of an
//! undisturbed sweep. The sampled designs hold floats with all 17 significant digits, so
//! these fail if a saved plan loses a digit on the way back from disk.

use crate::common;

use common::{orgsim, part_count, same_tables, temp_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const DESIGNS: [&str; 6] = [
    "grid",
    "latin_hypercube",
    "random",
    "table",
    "sobol",
    "morris",
];

/// A sweep of `design` with about `points` points × 4 replications of a 12-month, 4-team
/// organisation (a few milliseconds a run).
fn sweep_text(design: &str, points: usize) -> String {
    let base = "replications = 4\nseed = 5\n\n[base]\nmonths = 12\n\n\
                [base.organisation]\nteams = 4\n\n";
    let ranges = "[[vary]]\nkey = \"knowledge.socialisation_rate\"\nfrom = 0.05\nto = 0.95\n\n\
                  [[vary]]\nkey = \"environment.turbulence\"\nfrom = 0.0\nto = 0.1\n";
    match design {
        "grid" => {
            let steps = (points as f64).sqrt().ceil() as usize;
            format!(
                "{base}[design]\nkind = \"grid\"\n\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\n\
                 from = 0.05\nto = 0.95\nsteps = {steps}\n\n[[vary]]\nkey = \"environment.turbulence\"\n\
                 from = 0.0\nto = 0.1\nsteps = {steps}\n"
            )
        }
        "latin_hypercube" | "random" => {
            format!("{base}[design]\nkind = \"{design}\"\npoints = {points}\nseed = 3\n\n{ranges}")
        }
        // Two keys: a Saltelli block of 4 rows, a trajectory of 3.
        "sobol" => format!(
            "{base}[design]\nkind = \"sobol\"\nbase_samples = {}\nseed = 3\n\n{ranges}",
            points.div_ceil(4)
        ),
        "morris" => format!(
            "{base}[design]\nkind = \"morris\"\ntrajectories = {}\nlevels = 6\nseed = 3\n\n{ranges}",
            points.div_ceil(3).max(2)
        ),
        "table" => {
            // Values with 17 significant digits, as a sampled design would give.
            let rows: Vec<String> = (0..points)
                .map(|i| {
                    let x = 0.05 + 0.9 * (i as f64 / 7.0).fract();
                    let y = 0.1 * (i as f64 / 11.0).fract();
                    format!("    [{x:?}, {y:?}],")
                })
                .collect();
            format!(
                "{base}[design]\nkind = \"table\"\nkeys = [\"knowledge.socialisation_rate\", \"environment.turbulence\"]\nrows = [\n{}\n]\n",
                rows.join("\n")
            )
        }
        _ => unreachable!("unknown design {design}"),
    }
}

fn write_sweep(dir: &Path, design: &str, points: usize) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("{design}.toml"));
    std::fs::write(&path, sweep_text(design, points)).unwrap();
    path
}

fn sweep_ok(args: &[&str]) {
    let mut all = vec!["sweep"];
    all.extend_from_slice(args);
    all.push("--quiet");
    let result = orgsim(&all);
    assert!(
        result.status.success(),
        "orgsim {}: {}",
        all.join(" "),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn every_design_resumes_after_kill_9_to_the_undisturbed_tables() {
    for design in DESIGNS {
        let dir = temp_dir("designs-kill", design);
        // About 250 points × 4 replications: four batches of 256 runs.
        let sweep = write_sweep(&dir, design, 250);
        let sweep = sweep.to_str().unwrap();
        let whole = dir.join("whole");
        sweep_ok(&[sweep, "--out", whole.to_str().unwrap(), "--threads", "2"]);

        let resumed = dir.join("resumed");
        let mut child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
            .args([
                "sweep",
                sweep,
                "--out",
                resumed.to_str().unwrap(),
                "--threads",
                "2",
                "--quiet",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while part_count(&resumed) < 1 && start.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL, as `kill -9` (a no-op if it finished first)
        child.wait().unwrap();
        // Resumed whether it was killed or had finished: the saved plan must be this sweep.
        sweep_ok(&[sweep, "--out", resumed.to_str().unwrap(), "--resume"]);
        same_tables(&whole, &resumed);
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn every_design_merges_from_shards_to_the_unsharded_tables() {
    for design in DESIGNS {
        let dir = temp_dir("designs-shards", design);
        let sweep = write_sweep(&dir, design, 12);
        let sweep = sweep.to_str().unwrap();
        let whole = dir.join("whole");
        sweep_ok(&[sweep, "--out", whole.to_str().unwrap()]);
        let shards: Vec<String> = (0..3)
            .map(|i| {
                let shard = dir.join(format!("shard-{i}"));
                let shard = shard.to_str().unwrap().to_string();
                sweep_ok(&[sweep, "--out", &shard, "--shard", &format!("{i}/3")]);
                // A resubmitted task (as Slurm requeues it) resumes its own shard.
                sweep_ok(&[
                    sweep,
                    "--out",
                    &shard,
                    "--shard",
                    &format!("{i}/3"),
                    "--resume",
                ]);
                shard
            })
            .collect();
        let merged = dir.join("merged");
        let mut args = vec!["merge", "--quiet"];
        args.extend(shards.iter().map(String::as_str));
        args.extend(["--out", merged.to_str().unwrap()]);
        let result = orgsim(&args);
        assert!(
            result.status.success(),
            "{design}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        same_tables(&whole, &merged);
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! Nothing a user had is lost, and nothing incomplete looks complete: results folders are
//! not overwritten without `--force`, and a full or read-only disk gives a clear error, a
//! non-zero exit and no file under a final name that is incomplete.
//!
//! The disk tests mount small tmpfs file systems (a read-only `chmod` does not stop root, as
//! CI runs). They need root with the right to mount; without it they are skipped with a line
//! on stderr saying why, unless `ORGSIM_REQUIRE_MOUNT=1` (CI sets it), where they fail.

use crate::common;

use common::{SWEEP_TABLES, repo_path, temp_dir, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn orgsim(args: &[&str]) -> Output {
    common::orgsim(args)
}

fn ok(result: &Output) {
    assert!(result.status.success(), "{}", text(&result.stderr));
}

/// Every file under `dir` (relative path → bytes), sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).into_iter().map(|(n, _)| n).collect()
}

/// No temp file of an atomic write is left anywhere under `dir`.
fn no_temp_files(dir: &Path) {
    let temps: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(
        temps.is_empty(),
        "temp files left in {}: {temps:?}",
        dir.display()
    );
}

// ----- Results folders and --force -----

#[test]
fn a_second_run_into_the_same_folder_is_refused_without_force() {
    let out = temp_dir("safety", "rerun");
    let args = |n: &str| {
        vec![
            "run".to_string(),
            "-n".into(),
            n.into(),
            "--quiet".into(),
            "--no-report".into(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        orgsim(&args)
    };
    ok(&run(args("3")));
    std::fs::write(out.join("my notes.txt"), "mine").unwrap();
    let before = files(&out);

    let again = run(args("4"));
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert_eq!(
        text(&again.stderr),
        format!(
            "error: {} already holds results (`manifest.json`, `timeseries.csv`, `groups.csv`, `events.csv`, ...); pass --force to replace them, or --out to write elsewhere\n",
            out.display()
        )
    );
    assert_eq!(files(&out), before, "a refused run changed the folder");

    let mut forced = args("4");
    forced.push("--force".into());
    ok(&run(forced));
    let timeseries = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert_eq!(
        timeseries.lines().count(),
        1 + 4 * 61,
        "the forced run's table"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("my notes.txt")).unwrap(),
        "mine"
    );
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn compare_sweep_and_merge_refuse_folders_holding_results() {
    let dir = temp_dir("safety", "kinds");
    let run_dir = dir.join("run");
    ok(&orgsim(&[
        "run",
        "-n",
        "2",
        "--quiet",
        "--no-figures",
        "--no-report",
        "--out",
        run_dir.to_str().unwrap(),
    ]));
    let before = files(&run_dir);

    let compare = orgsim(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "-n",
        "2",
        "--out",
        run_dir.to_str().unwrap(),
    ]);
    assert_eq!(compare.status.code(), Some(2), "{}", text(&compare.stderr));
    assert!(text(&compare.stderr).contains("already holds results"));

    let sweep_file = dir.join("sweep.toml");
    std::fs::write(
        &sweep_file,
        "replications = 2\n[base]\nmonths = 6\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 0.2]\n",
    )
    .unwrap();
    let sweep = orgsim(&[
        "sweep",
        sweep_file.to_str().unwrap(),
        "--out",
        run_dir.to_str().unwrap(),
    ]);
    assert_eq!(sweep.status.code(), Some(2), "{}", text(&sweep.stderr));
    assert!(text(&sweep.stderr).contains("already holds results"));
    assert_eq!(
        files(&run_dir),
        before,
        "refused commands changed the folder"
    );

    // --force replaces the run's files with the comparison's.
    ok(&orgsim(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "-n",
        "2",
        "--quiet",
        "--no-figures",
        "--no-report",
        "--force",
        "--out",
        run_dir.to_str().unwrap(),
    ]));
    assert!(run_dir.join("comparison.csv").exists());
    assert!(
        !run_dir.join("timeseries.csv").exists(),
        "the run's table is gone"
    );

    // merge: a folder holding merged tables is refused, then replaced with --force.
    let shard = dir.join("shard");
    ok(&orgsim(&[
        "sweep",
        sweep_file.to_str().unwrap(),
        "--out",
        shard.to_str().unwrap(),
        "--shard",
        "0/1",
        "--quiet",
    ]));
    let merged = dir.join("merged");
    let merge = |force: bool| {
        let mut args = vec![
            "merge",
            shard.to_str().unwrap(),
            "--out",
            merged.to_str().unwrap(),
            "--no-figures",
            "--no-report",
        ];
        if force {
            args.push("--force");
        }
        orgsim(&args)
    };
    ok(&merge(false));
    let refused = merge(false);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    ok(&merge(true));
    std::fs::remove_dir_all(&dir).ok();
}

// ----- Full and read-only disks -----

/// A small tmpfs mounted for one test, unmounted (and its folder removed) when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `bytes` (rounded up to pages by the kernel). `None` where this
    /// machine cannot mount one (not root, no right to mount, no `mount`): the test is then
    /// skipped with a line on stderr, unless `ORGSIM_REQUIRE_MOUNT=1` (CI), where it fails.
    fn mount(name: &str, bytes: u64) -> Option<Tmpfs> {
        let dir = temp_dir("safety-mnt", name);
        std::fs::create_dir_all(&dir).unwrap();
        let reason = match Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(&dir)
            .output()
        {
            Ok(o) if o.status.success() => return Some(Tmpfs { dir }),
            Ok(o) => format!(
                "cannot mount a tmpfs ({}); the disk tests need root with the right to mount",
                text(&o.stderr)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Err(e) => format!("cannot run `mount` ({e}); the disk tests need util-linux and root"),
        };
        let _ = std::fs::remove_dir_all(&dir);
        common::skip_unless_required(
            &format!("output_safety's tmpfs test `{name}`"),
            "ORGSIM_REQUIRE_MOUNT",
            &reason,
        );
        None
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const RUN_TABLES: [&str; 4] = ["timeseries.csv", "groups.csv", "events.csv", "summary.csv"];

/// After a failed write into `out`: every table under its final name is byte-identical to the
/// reference, a manifest appears only with every table, and no temp file is left.
fn nothing_incomplete(out: &Path, reference: &Path) {
    for table in RUN_TABLES {
        if let Ok(bytes) = std::fs::read(out.join(table)) {
            assert!(
                bytes == std::fs::read(reference.join(table)).unwrap(),
                "{table} is under its final name but not complete"
            );
        }
    }
    if out.join("manifest.json").exists() {
        for table in RUN_TABLES {
            assert!(out.join(table).exists(), "manifest.json without {table}");
        }
    }
    no_temp_files(out);
}

fn disk_full_error(result: &Output, under: &Path) {
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&under.display().to_string()),
        "the path is named: {stderr}"
    );
    assert!(
        stderr.contains("No space left on device") && stderr.contains("the disk is full"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_run_on_a_full_disk_fails_clearly_and_leaves_nothing_incomplete() {
    let reference = temp_dir("safety", "full-reference");
    let args = [
        "run",
        "-n",
        "20",
        "--quiet",
        "--no-figures",
        "--no-report",
        "--out",
    ];
    let mut with_out = args.to_vec();
    with_out.push(reference.to_str().unwrap());
    ok(&orgsim(&with_out));
    let total: u64 = files(&reference).iter().map(|(_, b)| b.len() as u64).sum();

    // Disks that fill at different moments: while the tables stream, at the summary, at the
    // manifest. Sizes are fractions of what the run writes (tmpfs rounds up to 4 kB pages).
    for percent in [5, 25, 50, 75, 95] {
        let Some(disk) = Tmpfs::mount(&format!("full-{percent}"), total * percent / 100) else {
            return;
        };
        let out = disk.dir.join("out");
        let mut with_out = args.to_vec();
        with_out.push(out.to_str().unwrap());
        let result = orgsim(&with_out);
        if result.status.success() {
            // The page rounding left room: then everything must be there and complete.
            for table in RUN_TABLES {
                assert_eq!(
                    std::fs::read(out.join(table)).unwrap(),
                    std::fs::read(reference.join(table)).unwrap()
                );
            }
            continue;
        }
        disk_full_error(&result, &out);
        nothing_incomplete(&out, &reference);
        assert!(
            !out.join("manifest.json").exists(),
            "{percent}%: a failed run looks complete"
        );
    }

    // Room for the tables but not the manifest (tmpfs counts whole 4 kB pages; one more page
    // holds the folder's lock file while the run writes): the tables are committed, complete,
    // and the folder does not claim to be complete.
    let pages = |name: &str| {
        std::fs::metadata(reference.join(name))
            .unwrap()
            .len()
            .div_ceil(4096)
            * 4096
    };
    let tables: u64 = RUN_TABLES.iter().map(|t| pages(t)).sum();
    let Some(disk) = Tmpfs::mount("full-manifest", tables + 4096) else {
        return;
    };
    let out = disk.dir.join("out");
    let mut with_out = args.to_vec();
    with_out.push(out.to_str().unwrap());
    let result = orgsim(&with_out);
    disk_full_error(&result, &out.join("manifest.json"));
    nothing_incomplete(&out, &reference);
    for table in RUN_TABLES {
        assert!(
            out.join(table).exists(),
            "{table} was committed before the manifest"
        );
    }
    assert!(!out.join("manifest.json").exists());
    drop(disk);

    // The tables fit but the figures and report do not: an error (exit 1) saying the results
    // are complete, and they are.
    let Some(disk) = Tmpfs::mount("full-figures", total + 32 * 1024) else {
        return;
    };
    let out = disk.dir.join("out");
    let result = orgsim(&["run", "-n", "20", "--out", out.to_str().unwrap()]);
    disk_full_error(&result, &out);
    assert!(
        text(&result.stderr).contains("the results themselves are complete"),
        "{}",
        text(&result.stderr)
    );
    for table in RUN_TABLES {
        assert_eq!(
            std::fs::read(out.join(table)).unwrap(),
            std::fs::read(reference.join(table)).unwrap()
        );
    }
    assert!(out.join("manifest.json").exists());
    no_temp_files(&out);
    drop(disk);
    std::fs::remove_dir_all(&reference).ok();
}

#[test]
fn a_forced_rerun_that_fills_the_disk_does_not_leave_a_complete_looking_mix() {
    let Some(disk) = Tmpfs::mount("force-full", 256 * 1024) else {
        return;
    };
    let out = disk.dir.join("out");
    let small = [
        "run",
        "-n",
        "2",
        "--quiet",
        "--no-figures",
        "--no-report",
        "--out",
        out.to_str().unwrap(),
    ];
    ok(&orgsim(&small));
    let big = [
        "run",
        "-n",
        "60",
        "--quiet",
        "--no-figures",
        "--no-report",
        "--force",
        "--out",
        out.to_str().unwrap(),
    ];
    let result = orgsim(&big);
    disk_full_error(&result, &out);
    assert!(
        !out.join("manifest.json").exists(),
        "the folder must not look complete"
    );
    no_temp_files(&out);
}

#[test]
fn a_read_only_disk_fails_before_any_work_and_keeps_what_was_there() {
    let Some(disk) = Tmpfs::mount("read-only", 1 << 20) else {
        return;
    };
    let kept = disk.dir.join("kept");
    ok(&orgsim(&[
        "run",
        "-n",
        "2",
        "--quiet",
        "--no-figures",
        "--no-report",
        "--out",
        kept.to_str().unwrap(),
    ]));
    let before = files(&kept);
    disk.remount("ro");

    let fresh = disk.dir.join("fresh");
    let result = orgsim(&["run", "-n", "2", "--out", fresh.to_str().unwrap()]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&fresh.display().to_string()), "{stderr}");
    assert!(
        stderr.contains("Read-only file system") && stderr.contains("read-only"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("orgsim: running"),
        "it failed before running: {stderr}"
    );

    let forced = orgsim(&["run", "-n", "2", "--force", "--out", kept.to_str().unwrap()]);
    assert_eq!(forced.status.code(), Some(1), "{}", text(&forced.stderr));
    assert!(
        text(&forced.stderr).contains("Read-only file system"),
        "{}",
        text(&forced.stderr)
    );
    assert_eq!(files(&kept), before, "the earlier results are intact");

    let sweep = orgsim(&[
        "sweep",
        repo_path("scenarios/sweeps/socialisation_grid.toml")
            .to_str()
            .unwrap(),
        "--out",
        disk.dir.join("sweep").to_str().unwrap(),
    ]);
    assert_eq!(sweep.status.code(), Some(1), "{}", text(&sweep.stderr));
    assert!(
        text(&sweep.stderr).contains("Read-only file system"),
        "{}",
        text(&sweep.stderr)
    );
}

/// A sweep over the control scenario: 8 points × 40 replications (two batches of runs).
fn write_sweep(dir: &Path) -> PathBuf {
    let path = dir.join("sweep.toml");
    std::fs::write(
        &path,
        format!(
            "base = {:?}\nreplications = 40\n[design]\nkind = \"grid\"\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]\n",
            repo_path("scenarios/control.toml").to_str().unwrap()
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_sweep_on_a_full_disk_stops_clearly_and_resumes_to_the_same_bytes() {
    let dir = temp_dir("safety", "sweep-full");
    std::fs::create_dir_all(&dir).unwrap();
    let sweep = write_sweep(&dir);
    let sweep = sweep.to_str().unwrap();
    let reference = dir.join("reference");
    ok(&orgsim(&[
        "sweep",
        sweep,
        "--out",
        reference.to_str().unwrap(),
        "--quiet",
        "--no-figures",
        "--no-report",
    ]));
    let all = files(&reference);
    let size_of = |prefix: &str| -> u64 {
        all.iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .map(|(_, b)| b.len() as u64)
            .sum()
    };
    let mut parts: Vec<u64> = all
        .iter()
        .filter(|(n, _)| n.starts_with("parts/"))
        .map(|(_, b)| b.len() as u64)
        .collect();
    parts.sort();
    assert!(parts.len() >= 2, "the sweep has several batches");
    let total: u64 = all.iter().map(|(_, b)| b.len() as u64).sum();

    // Room for the plan and the first batch only.
    let Some(disk) = Tmpfs::mount(
        "sweep-full",
        size_of("plan.json") + parts[parts.len() - 1] + 64 * 1024,
    ) else {
        return;
    };
    let out = disk.dir.join("out");
    let sweep_args = |resume: bool| {
        let mut args = vec![
            "sweep",
            sweep,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--no-figures",
            "--no-report",
        ];
        if resume {
            args.push("--resume");
        }
        args
    };
    let stopped = orgsim(&sweep_args(false));
    disk_full_error(&stopped, &out);
    assert!(
        text(&stopped.stderr).contains("recorded runs are kept; continue with:"),
        "{}",
        text(&stopped.stderr)
    );
    assert!(text(&stopped.stderr).contains("--resume"));
    for table in SWEEP_TABLES {
        assert!(
            !out.join(table).exists(),
            "{table} exists before the sweep is complete"
        );
    }
    no_temp_files(&out);

    // Room for every run but not every table: the assembly fails, tables are whole or absent.
    disk.remount(&format!(
        "size={}",
        size_of("plan.json") + size_of("parts/") + size_of("points.csv") + 64 * 1024
    ));
    let assembly = orgsim(&sweep_args(true));
    disk_full_error(&assembly, &out);
    for table in SWEEP_TABLES {
        if let Ok(bytes) = std::fs::read(out.join(table)) {
            assert!(
                bytes == std::fs::read(reference.join(table)).unwrap(),
                "{table} is incomplete"
            );
        }
    }
    assert!(!out.join("manifest.json").exists());
    no_temp_files(&out);

    // Space freed: the resumed sweep gives the undisturbed sweep's tables, byte for byte.
    disk.remount(&format!("size={}", 2 * total + (1 << 20)));
    ok(&orgsim(&sweep_args(true)));
    for table in SWEEP_TABLES {
        assert!(
            std::fs::read(out.join(table)).unwrap()
                == std::fs::read(reference.join(table)).unwrap(),
            "{table} differs from the undisturbed sweep"
        );
    }
    no_temp_files(&out);
    drop(disk);
    std::fs::remove_dir_all(&dir).ok();
}

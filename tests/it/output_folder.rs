//! A results folder holds the user's files next to orgsim's: `--force` removes only the file
//! names orgsim writes, two orgsim processes never write one folder at once (the second is
//! refused naming the first, or with `sweep --resume` waits for it), `plot --out` does not
//! replace a file without `--force`, and a dangling `--out` link is named. The file-level
//! guarantees (no file created through a planted link) are unit tests of `output::atomic`,
//! `output::folder` and `output::lock`.

use crate::common;

use common::{orgsim, repo_path, temp_dir, text};
use orgsim::output::lock::{Contention, FolderLock};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn ok(result: &Output) {
    assert!(result.status.success(), "{}", text(&result.stderr));
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every file under `dir` (relative path → bytes), sorted; the lock file is not results.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if !path.ends_with(orgsim::output::lock::LOCK_FILE) {
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

fn write_sweep(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("sweep.toml");
    std::fs::write(
        &path,
        "replications = 2\n[base]\nmonths = 6\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 0.2]\n",
    )
    .unwrap();
    path
}

fn lock(dir: &Path) -> FolderLock {
    FolderLock::acquire(dir, Contention::Fail, |_| unreachable!()).unwrap()
}

#[test]
fn force_removes_orgsims_files_but_not_the_users_in_figures_and_parts() {
    let dir = temp_dir("folder", "force");
    let out = dir.join("run");
    ok(&orgsim(&[
        "run",
        "-n",
        "2",
        "-q",
        "--no-report",
        "--out",
        s(&out),
    ]));
    let figures = out.join("figures");
    assert!(figures.join("overview.svg").is_file());
    std::fs::write(figures.join("my_slide.png"), "mine").unwrap();
    let trust = figures.join("trust.svg");
    ok(&orgsim(&["plot", s(&out), "-q", "--out", s(&trust)]));
    let trust_bytes = std::fs::read(&trust).unwrap();
    std::fs::create_dir_all(out.join("parts")).unwrap();
    std::fs::write(out.join("parts/notes.txt"), "mine").unwrap();

    let forced = [
        "run",
        "-n",
        "2",
        "-q",
        "--no-figures",
        "--no-report",
        "--force",
        "--out",
    ];
    ok(&orgsim(&[&forced[..], &[s(&out)]].concat()));
    assert!(
        !figures.join("overview.svg").exists(),
        "orgsim's old figure"
    );
    assert!(
        !figures.join("overview.png").exists(),
        "orgsim's old figure"
    );
    assert_eq!(
        std::fs::read(figures.join("my_slide.png")).unwrap(),
        b"mine"
    );
    assert_eq!(std::fs::read(&trust).unwrap(), trust_bytes);
    assert_eq!(std::fs::read(out.join("parts/notes.txt")).unwrap(), b"mine");

    // A sweep started over: its old part files and figures go, the user's stay. A part file
    // left under orgsim's name would be read by the new sweep; it must be gone.
    let sweep = write_sweep(&dir);
    let swept = dir.join("sweep");
    ok(&orgsim(&[
        "sweep",
        s(&sweep),
        "-q",
        "--no-report",
        "--out",
        s(&swept),
    ]));
    assert!(swept.join("figures/sweep.svg").is_file());
    std::fs::write(swept.join("figures/my_slide.png"), "mine").unwrap();
    std::fs::write(swept.join("parts/notes.txt"), "mine").unwrap();
    std::fs::write(swept.join("parts/batch-00000099.part"), "an old run").unwrap();
    ok(&orgsim(&[
        "sweep",
        s(&sweep),
        "-q",
        "--no-report",
        "--no-figures",
        "--force",
        "--out",
        s(&swept),
    ]));
    assert!(
        !swept.join("figures/sweep.svg").exists(),
        "orgsim's old figure"
    );
    assert!(!swept.join("parts/batch-00000099.part").exists());
    assert_eq!(
        std::fs::read(swept.join("figures/my_slide.png")).unwrap(),
        b"mine"
    );
    assert_eq!(
        std::fs::read(swept.join("parts/notes.txt")).unwrap(),
        b"mine"
    );
    assert!(swept.join("points.csv").is_file());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_folder_another_orgsim_is_writing_is_refused_and_left_intact() {
    let dir = temp_dir("folder", "locked");
    let out = dir.join("run");
    ok(&orgsim(&["run", "-n", "2", "-q", "--out", s(&out)]));
    let sweep = write_sweep(&dir);
    let shard = dir.join("shard");
    ok(&orgsim(&[
        "sweep",
        s(&sweep),
        "-q",
        "--shard",
        "0/1",
        "--out",
        s(&shard),
    ]));
    let before = files(&out);

    let held = lock(&out);
    let busy = format!(
        "error: another orgsim (pid {}) is writing {}",
        std::process::id(),
        out.display()
    );
    let compare = [
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
    ];
    let attempts: Vec<Vec<&str>> = vec![
        vec!["run", "-n", "2", "--force", "--out", s(&out)],
        [&compare[..], &["-n", "2", "--force", "--out", s(&out)]].concat(),
        vec!["sweep", s(&sweep), "--force", "--out", s(&out)],
        vec!["merge", s(&shard), "--force", "--out", s(&out)],
        vec!["slurm", s(&sweep), "--tasks", "2", "--out", s(&out)],
        vec!["plot", s(&out)],
        vec!["report", s(&out)],
    ];
    for args in attempts {
        let result = orgsim(&args);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with(&busy), "{args:?}: {stderr}");
        assert!(!stderr.contains("orgsim: running"), "{args:?}: {stderr}");
        assert_eq!(files(&out), before, "{args:?} changed the folder");
    }
    drop(held);
    assert!(!out.join(orgsim::output::lock::LOCK_FILE).exists());
    ok(&orgsim(&["plot", s(&out), "-q"]));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn sweep_resume_waits_for_the_orgsim_writing_its_folder() {
    let dir = temp_dir("folder", "resume-waits");
    let sweep = write_sweep(&dir);
    let out = dir.join("sweep");
    ok(&orgsim(&[
        "sweep",
        s(&sweep),
        "-q",
        "--shard",
        "0/1",
        "--out",
        s(&out),
    ]));
    let held = lock(&out);
    let log = dir.join("resume.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args([
            "sweep",
            s(&sweep),
            "--shard",
            "0/1",
            "--resume",
            "--out",
            s(&out),
        ])
        .current_dir(repo_path(""))
        .stderr(std::fs::File::create(&log).unwrap())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let note = format!(
        "orgsim: another orgsim (pid {}) is writing {}; --resume waits for it to finish",
        std::process::id(),
        out.display()
    );
    // Waits until the child says it is waiting (a bound only so that a broken build fails
    // rather than hangs; no test of speed).
    let mut said = String::new();
    for _ in 0..1200 {
        said = std::fs::read_to_string(&log).unwrap();
        if said.contains(&note) || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(said.contains(&note), "{said}");
    assert!(child.try_wait().unwrap().is_none(), "it waits: {said}");
    drop(held);
    let status = child.wait().unwrap();
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{said}");
    assert!(said.contains("= 4 runs (0 new)"), "{said}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn plot_out_does_not_replace_a_file_without_force() {
    let dir = temp_dir("folder", "plot-out");
    let out = dir.join("run");
    ok(&orgsim(&[
        "run",
        "-n",
        "2",
        "-q",
        "--no-figures",
        "--no-report",
        "--out",
        s(&out),
    ]));
    let svg = dir.join("existing.svg");
    std::fs::write(&svg, "mine").unwrap();
    let refused = orgsim(&["plot", s(&out), "--out", s(&svg)]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert_eq!(
        text(&refused.stderr),
        format!(
            "error: {} already exists; pass --force to replace it, or choose another --out\n",
            svg.display()
        )
    );
    assert_eq!(std::fs::read(&svg).unwrap(), b"mine");
    ok(&orgsim(&[
        "plot",
        s(&out),
        "-q",
        "--force",
        "--out",
        s(&svg),
    ]));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn a_dangling_link_as_out_is_named_with_its_target() {
    let dir = temp_dir("folder", "dangling");
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("results-link");
    let target = dir.join("scratch-gone");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for out in [link.clone(), link.join("run")] {
        let result = orgsim(&["run", "-n", "2", "--out", s(&out)]);
        assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
        assert_eq!(
            text(&result.stderr),
            format!(
                "error: {} is a symbolic link to {}, which does not exist; create that folder, or choose another --out\n",
                link.display(),
                target.display()
            )
        );
    }
    assert!(!target.exists());
    std::fs::remove_dir_all(&dir).ok();
}

//! `orgsim slurm` end to end: the files it writes, their quoting and exit codes. Without a
//! Slurm cluster the generated scripts are run by bash with the variables Slurm would set;
//! `.ci/slurm-test` runs them on a real cluster.

use crate::common;

use common::{read_text, repo_path};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn orgsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .current_dir(repo_path(""))
        .output()
        .expect("orgsim runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh folder whose name has a space and a quote, so every script's quoting is tested.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "orgsim-slurm-{}-{name}/it's a dir",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small sweep: 3 values × 2 replications of a 12-month, 4-team organisation (6 runs).
const SWEEP: &str = "name = \"slurm_test\"\nreplications = 2\n\n[base]\nmonths = 12\n\n\
                     [base.organisation]\nteams = 4\n\n[design]\nkind = \"grid\"\n\n\
                     [[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 0.5, 0.9]\n";

fn write_sweep(dir: &Path) -> PathBuf {
    let path = dir.join("grid sweep.toml");
    std::fs::write(&path, SWEEP).unwrap();
    path
}

fn directives(script: &str) -> Vec<&str> {
    script
        .lines()
        .filter_map(|l| l.strip_prefix("#SBATCH "))
        .collect()
}

fn bash_syntax_ok(path: &Path) {
    let output = Command::new("bash")
        .arg("-n")
        .arg(path)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}: {}",
        path.display(),
        text(&output.stderr)
    );
}

#[test]
fn writes_the_three_scripts_and_says_how_to_submit() {
    let dir = temp_dir("files");
    let sweep = write_sweep(&dir);
    let out = dir.join("out");
    let result = orgsim(&[
        "slurm",
        sweep.to_str().unwrap(),
        "--tasks",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let scripts = out.join("slurm");
    for file in ["sweep.sbatch", "merge.sbatch", "submit.sh"] {
        bash_syntax_ok(&scripts.join(file));
    }
    assert!(
        out.join("logs").is_dir(),
        "the logs folder exists before any job starts"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(scripts.join("submit.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "submit.sh is executable");
    }

    let stdout = text(&result.stdout);
    assert!(stdout.contains("bash '"), "{stdout}");
    assert!(stdout.contains("/slurm/submit.sh'"), "{stdout}");
    assert!(stdout.contains("6 runs in 4 array tasks"), "{stdout}");

    let sweep_script = read_text(&scripts.join("sweep.sbatch"));
    let d = directives(&sweep_script);
    assert!(d.contains(&"--array=0-3"), "{d:?}");
    assert!(d.contains(&"--job-name=slurm_test"), "{d:?}");
    assert!(d.contains(&"--cpus-per-task=1"), "{d:?}");
    for absent in ["--time", "--mem", "--partition", "--account"] {
        assert!(!sweep_script.contains(absent), "{absent}: {sweep_script}");
    }
    let binary = std::fs::canonicalize(env!("CARGO_BIN_EXE_orgsim")).unwrap();
    assert!(
        sweep_script.contains(&format!("exec {} sweep", binary.display())),
        "runs the binary that wrote it: {sweep_script}"
    );
    assert!(sweep_script.contains("--shard \"$SLURM_ARRAY_TASK_ID/4\""));
    assert!(sweep_script.contains("--resume"));

    let merge = read_text(&scripts.join("merge.sbatch"));
    assert!(directives(&merge).contains(&"--job-name=slurm_test-merge"));
    assert!(merge.contains("i < 4"));

    let submit = read_text(&scripts.join("submit.sh"));
    assert!(submit.contains("sbatch --parsable"));
    assert!(submit.contains("--dependency=afterok:\"$array_id\""));
    assert!(submit.contains("--kill-on-invalid-dep=yes"));
}

#[test]
fn resource_options_reach_every_job() {
    let dir = temp_dir("options");
    let sweep = write_sweep(&dir);
    let out = dir.join("out");
    let result = orgsim(&[
        "slurm",
        sweep.to_str().unwrap(),
        "--tasks",
        "2",
        "--out",
        out.to_str().unwrap(),
        "--cpus-per-task",
        "8",
        "--time",
        "1:30:00",
        "--mem",
        "4G",
        "--partition",
        "short",
        "--account",
        "proj-1",
        "--orgsim",
        "/opt/orgsim/bin/orgsim",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(
        text(&result.stderr).contains("not a file here"),
        "warns about a missing --orgsim: {}",
        text(&result.stderr)
    );
    let sweep_script = read_text(&out.join("slurm/sweep.sbatch"));
    let merge = read_text(&out.join("slurm/merge.sbatch"));
    for script in [&sweep_script, &merge] {
        let d = directives(script);
        for line in [
            "--time=1:30:00",
            "--mem=4G",
            "--partition=short",
            "--account=proj-1",
        ] {
            assert!(d.contains(&line), "{line} not in {d:?}");
        }
        assert!(script.contains("exec /opt/orgsim/bin/orgsim "), "{script}");
    }
    assert!(directives(&sweep_script).contains(&"--cpus-per-task=8"));
    assert!(sweep_script.contains("--threads \"${SLURM_CPUS_PER_TASK:-8}\""));
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let dir = temp_dir("errors");
    let sweep = write_sweep(&dir);
    let sweep = sweep.to_str().unwrap();
    let bad_sweep = dir.join("bad.toml");
    std::fs::write(&bad_sweep, "replications = 2\n[design]\nkind = \"gird\"\n").unwrap();
    let out = dir.join("out");
    let out_arg = out.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["slurm", sweep, "--out", out_arg],
        vec!["slurm", sweep, "--tasks", "0", "--out", out_arg],
        vec!["slurm", sweep, "--tasks", "100001", "--out", out_arg],
        vec!["slurm", sweep, "--tasks", "two", "--out", out_arg],
        vec![
            "slurm",
            sweep,
            "--tasks",
            "2",
            "--cpus-per-task",
            "0",
            "--out",
            out_arg,
        ],
        vec![
            "slurm", sweep, "--tasks", "2", "--time", "", "--out", out_arg,
        ],
        vec![
            "slurm",
            sweep,
            "--tasks",
            "2",
            "--mem",
            "4G\n#SBATCH --x",
            "--out",
            out_arg,
        ],
        vec![
            "slurm",
            "no/such/sweep.toml",
            "--tasks",
            "2",
            "--out",
            out_arg,
        ],
        vec![
            "slurm",
            bad_sweep.to_str().unwrap(),
            "--tasks",
            "2",
            "--out",
            out_arg,
        ],
    ];
    for args in cases {
        let result = orgsim(&args);
        assert_eq!(
            result.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&result.stderr)
        );
        assert!(!text(&result.stderr).is_empty(), "{args:?} says why");
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
    let result = orgsim(&["slurm", bad_sweep.to_str().unwrap(), "--tasks", "2"]);
    assert!(
        text(&result.stderr).contains("gird"),
        "{}",
        text(&result.stderr)
    );
}

#[test]
fn the_default_output_folder_is_results_slash_the_sweep_name() {
    let dir = temp_dir("default-out");
    let sweep = write_sweep(&dir);
    let result = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(["slurm", sweep.to_str().unwrap(), "--tasks", "3"])
        .current_dir(&dir)
        .output()
        .expect("orgsim runs");
    assert!(result.status.success(), "{}", text(&result.stderr));
    let scripts = dir.join("results/slurm_test/slurm");
    let merge = read_text(&scripts.join("merge.sbatch"));
    let out = std::fs::canonicalize(dir.join("results/slurm_test")).unwrap();
    assert!(
        merge.contains(&format!("/{}", out.file_name().unwrap().to_str().unwrap())),
        "{merge}"
    );
    assert!(
        merge.contains("it'\\''s a dir/results/slurm_test'"),
        "absolute: {merge}"
    );
}

/// Runs a generated script with bash as Slurm would (variables set, from another folder).
fn run_as_slurm(script: &Path, vars: &[(&str, &str)]) -> Output {
    Command::new("bash")
        .arg(script)
        .envs(vars.iter().copied())
        .current_dir(std::env::temp_dir())
        .output()
        .expect("bash runs")
}

/// The scripts pass every path as one argument, whatever characters it has.
#[cfg(unix)]
#[test]
fn each_task_gets_its_own_shard_with_paths_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("args");
    let sweep = write_sweep(&dir);
    let fake = dir.join("fake orgsim $HOME");
    std::fs::write(
        &fake,
        "#!/bin/sh\nfor a in \"$@\"; do printf '<%s>' \"$a\"; done\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = dir.join("out 100%");
    let result = orgsim(&[
        "slurm",
        sweep.to_str().unwrap(),
        "--tasks",
        "3",
        "--out",
        out.to_str().unwrap(),
        "--orgsim",
        fake.to_str().unwrap(),
        "--cpus-per-task",
        "2",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let sweep_abs = std::fs::canonicalize(&sweep).unwrap();
    let (sweep_abs, out) = (sweep_abs.to_str().unwrap(), out.to_str().unwrap());

    let task = run_as_slurm(
        &Path::new(out).join("slurm/sweep.sbatch"),
        &[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_CPUS_PER_TASK", "2"),
        ],
    );
    assert!(task.status.success(), "{}", text(&task.stderr));
    assert_eq!(
        text(&task.stdout),
        format!(
            "<sweep><{sweep_abs}><--out><{out}/shards/shard-2><--shard><2/3><--resume><--threads><2>"
        )
    );

    let outside = run_as_slurm(
        &Path::new(out).join("slurm/sweep.sbatch"),
        &[("SLURM_ARRAY_TASK_ID", "3")],
    );
    assert_eq!(outside.status.code(), Some(2), "task 3 of 3 is refused");
    let not_array = run_as_slurm(&Path::new(out).join("slurm/sweep.sbatch"), &[]);
    assert!(!not_array.status.success(), "needs SLURM_ARRAY_TASK_ID");

    let merge = run_as_slurm(&Path::new(out).join("slurm/merge.sbatch"), &[]);
    assert!(merge.status.success(), "{}", text(&merge.stderr));
    assert_eq!(
        text(&merge.stdout),
        format!(
            "<merge><{out}/shards/shard-0><{out}/shards/shard-1><{out}/shards/shard-2><--out><{out}><--force>"
        )
    );
}

/// submit.sh against a stand-in `sbatch` that records its arguments and answers like
/// `sbatch --parsable` on a federated cluster (`id;cluster`).
#[cfg(unix)]
#[test]
fn submit_chains_the_merge_after_the_array() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("submit");
    let sweep = write_sweep(&dir);
    let out = dir.join("out");
    let result = orgsim(&[
        "slurm",
        sweep.to_str().unwrap(),
        "--tasks",
        "5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    std::fs::remove_dir_all(out.join("logs")).unwrap();

    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("sbatch.log");
    let sbatch = bin.join("sbatch");
    std::fs::write(
        &sbatch,
        "#!/bin/sh\nfor a in \"$@\"; do printf '<%s>' \"$a\" >> \"$SBATCH_LOG\"; done\n\
         echo >> \"$SBATCH_LOG\"\necho \"$((100 + $(wc -l < \"$SBATCH_LOG\")));cluster\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&sbatch, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let submitted = Command::new("bash")
        .arg(out.join("slurm/submit.sh"))
        .env("PATH", path)
        .env("SBATCH_LOG", &log)
        .output()
        .expect("bash runs");
    assert!(submitted.status.success(), "{}", text(&submitted.stderr));
    let stdout = text(&submitted.stdout);
    assert!(stdout.contains("array job: 101 (5 tasks)"), "{stdout}");
    assert!(stdout.contains("merge job: 102"), "{stdout}");
    assert!(stdout.contains("squeue -j 101,102"), "{stdout}");
    assert!(
        out.join("logs").is_dir(),
        "submit.sh recreates the logs folder"
    );

    let scripts = out.join("slurm");
    let calls = read_text(&log);
    let calls: Vec<&str> = calls.lines().collect();
    assert_eq!(
        calls,
        [
            format!("<--parsable><{}>", scripts.join("sweep.sbatch").display()),
            format!(
                "<--parsable><--dependency=afterok:101><--kill-on-invalid-dep=yes><{}>",
                scripts.join("merge.sbatch").display()
            ),
        ]
    );
}

/// A small sweep of each design, with floats of 17 significant digits in the sampled ones
/// (16 of them, so that some do not read back exactly through a float parser that rounds
/// twice).
fn design_sweep(design: &str) -> String {
    let base = "replications = 1\n\n[base]\nmonths = 12\n\n[base.organisation]\nteams = 4\n\n";
    match design {
        "grid" => SWEEP.to_string(),
        "latin_hypercube" | "random" => format!(
            "name = \"slurm_{design}\"\n{base}[design]\nkind = \"{design}\"\npoints = 16\nseed = 9\n\n\
             [[vary]]\nkey = \"knowledge.socialisation_rate\"\nfrom = 0.05\nto = 0.95\n"
        ),
        "table" => format!(
            "name = \"slurm_table\"\n{base}[design]\nkind = \"table\"\n\
             keys = [\"knowledge.socialisation_rate\"]\n\
             rows = [[0.12345678901234568], [0.5], [0.8765432109876543]]\n"
        ),
        _ => unreachable!("unknown design {design}"),
    }
}

/// The workflow without Slurm, for every design: every array task's script (one of them
/// resubmitted, so it resumes), then the merge script, gives the same tables as one
/// unsharded `orgsim sweep`.
#[test]
fn the_scripts_reproduce_an_unsharded_sweep() {
    for design in ["grid", "latin_hypercube", "random", "table"] {
        scripts_reproduce_an_unsharded_sweep(design);
    }
}

fn scripts_reproduce_an_unsharded_sweep(design: &str) {
    let dir = temp_dir(&format!("end-to-end-{design}"));
    let sweep = dir.join(format!("{design} sweep.toml"));
    std::fs::write(&sweep, design_sweep(design)).unwrap();
    let out = dir.join("out");
    let tasks = 4;
    let result = orgsim(&[
        "slurm",
        sweep.to_str().unwrap(),
        "--tasks",
        &tasks.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for task in 0..tasks {
        let task = task.to_string();
        let ran = run_as_slurm(
            &out.join("slurm/sweep.sbatch"),
            &[
                ("SLURM_ARRAY_TASK_ID", task.as_str()),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
                ("SLURM_CPUS_PER_TASK", "1"),
            ],
        );
        assert!(ran.status.success(), "task {task}: {}", text(&ran.stderr));
    }
    // A task resubmitted after it finished (as a requeue does) resumes its shard.
    let again = run_as_slurm(
        &out.join("slurm/sweep.sbatch"),
        &[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_CPUS_PER_TASK", "1"),
        ],
    );
    assert!(
        again.status.success(),
        "{design}: resubmitted task 1: {}",
        text(&again.stderr)
    );
    let merged = run_as_slurm(&out.join("slurm/merge.sbatch"), &[]);
    assert!(
        merged.status.success(),
        "{design}: merge: {}",
        text(&merged.stderr)
    );

    let local = dir.join("local");
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        local.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for file in [
        "timeseries.csv",
        "summary.csv",
        "groups.csv",
        "events.csv",
        "points.csv",
    ] {
        assert!(
            std::fs::read(local.join(file)).unwrap() == std::fs::read(out.join(file)).unwrap(),
            "{design}: {file} differs between the scripts' result and an unsharded sweep"
        );
    }
}

#[test]
fn a_sweep_whose_points_do_not_fit_in_memory_gets_no_scripts() {
    let dir = temp_dir("plan-memory");
    let sweep = dir.join("big.toml");
    std::fs::write(
        &sweep,
        "replications = 1\n[base]\nmonths = 12\n[design]\nkind = \"grid\"\n[[vary]]\n\
         key = \"knowledge.socialisation_rate\"\nfrom = 0.05\nto = 0.95\nsteps = 400\n[[vary]]\n\
         key = \"environment.turbulence\"\nfrom = 0.0\nto = 0.1\nsteps = 400\n",
    )
    .unwrap();
    let out = dir.join("out");
    let result = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(["slurm", sweep.to_str().unwrap(), "--tasks", "4", "--out"])
        .arg(&out)
        .env("ORGSIM_MAX_MEMORY", "10M")
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
    assert!(
        text(&result.stderr).contains("160000 points of 2 varied keys need about"),
        "{}",
        text(&result.stderr)
    );
    assert!(!out.exists());
}

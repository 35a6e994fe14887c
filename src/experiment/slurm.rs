//! Slurm job scripts for a sweep: a job array of shards and a merge job that runs after it.
//!
//! Owns the text of `sweep.sbatch` (one `orgsim sweep --shard I/N --resume` per array task, or
//! `orgsim calibrate` for a calibration), `merge.sbatch` (`orgsim merge` of every shard folder,
//! then `orgsim calibrate --analyse` for a calibration) and `submit.sh` (submits both, the
//! merge with `--dependency=afterok:<array>`), with every path shell-quoted. Pure: no I/O.
//! Does not own writing the files or checking the sweep (see `crate::cli::slurm`), nor
//! running or merging shards.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Everything the scripts are generated from. Paths should be absolute: jobs run from
/// whatever folder Slurm starts them in.
#[derive(Clone, Debug, PartialEq)]
pub struct SlurmConfig {
    /// Job name of the array; the merge job is `<job_name>-merge`.
    pub job_name: String,
    /// The `orgsim` binary the jobs run.
    pub orgsim: PathBuf,
    /// The sweep file (or a calibration's targets file, see `calibrate`).
    pub sweep: PathBuf,
    /// `sweep` is a calibration's targets file: the tasks run `orgsim calibrate` on their
    /// shards, and the merge job analyses the merged sweep (`orgsim calibrate --analyse`).
    pub calibrate: bool,
    /// The output folder: shards go to `<out>/shards/shard-<i>`, logs to `<out>/logs`, the
    /// merged result to `<out>` itself.
    pub out: PathBuf,
    /// Number of array tasks (shards), at least 1.
    pub tasks: u32,
    /// `--cpus-per-task` of every array task (also the shard's `--threads`).
    pub cpus_per_task: u32,
    /// `--time` of each job (Slurm syntax, e.g. `2:00:00`), when given.
    pub time: Option<String>,
    /// `--mem` of each job (e.g. `4G`), when given.
    pub mem: Option<String>,
    /// `--partition`, when given.
    pub partition: Option<String>,
    /// `--account`, when given.
    pub account: Option<String>,
}

/// The generated scripts' text.
#[derive(Clone, Debug, PartialEq)]
pub struct SlurmScripts {
    /// `sweep.sbatch`: the job array, one shard per task.
    pub sweep: String,
    /// `merge.sbatch`: merges every shard into the output folder.
    pub merge: String,
    /// `submit.sh`: submits the array, then the merge depending on it.
    pub submit: String,
}

impl SlurmScripts {
    pub const SWEEP_FILE: &'static str = "sweep.sbatch";
    pub const MERGE_FILE: &'static str = "merge.sbatch";
    pub const SUBMIT_FILE: &'static str = "submit.sh";

    /// `(file name, text)` of every script, in the order they are best read.
    pub fn files(&self) -> [(&'static str, &str); 3] {
        [
            (Self::SWEEP_FILE, &self.sweep),
            (Self::MERGE_FILE, &self.merge),
            (Self::SUBMIT_FILE, &self.submit),
        ]
    }
}

/// The folder under `out` the scripts are written to.
pub fn scripts_dir(out: &Path) -> PathBuf {
    out.join("slurm")
}

/// The folder under `out` the jobs' logs go to (it must exist before the jobs start).
pub fn logs_dir(out: &Path) -> PathBuf {
    out.join("logs")
}

/// Generates the three scripts for `cfg`.
pub fn sbatch_scripts(cfg: &SlurmConfig) -> SlurmScripts {
    SlurmScripts {
        sweep: sweep_script(cfg),
        merge: merge_script(cfg),
        submit: submit_script(cfg),
    }
}

/// Quotes `text` as one shell word: unchanged when it has only characters no shell treats
/// specially, otherwise in single quotes (an embedded `'` becomes `'\''`). sbatch reads
/// `#SBATCH` lines with the same quoting rules, so this serves both.
pub fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=@+,%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn quote_path(path: &Path) -> String {
    shell_quote(&path.to_string_lossy())
}

/// A path as a Slurm `--output` filename pattern: `%` is doubled so only the pattern's own
/// `%a`/`%j` are replaced.
fn log_pattern(dir: &Path, file: &str) -> String {
    let dir = dir.to_string_lossy().replace('%', "%%");
    shell_quote(&format!("{dir}/{file}"))
}

/// The `#SBATCH` lines every job shares: the optional limits, only when given.
fn common_directives(cfg: &SlurmConfig, text: &mut String) {
    let options = [
        ("time", &cfg.time),
        ("mem", &cfg.mem),
        ("partition", &cfg.partition),
        ("account", &cfg.account),
    ];
    for (name, value) in options {
        if let Some(value) = value {
            let _ = writeln!(text, "#SBATCH --{name}={}", shell_quote(value));
        }
    }
}

fn sweep_script(cfg: &SlurmConfig) -> String {
    let n = cfg.tasks;
    let last = n.saturating_sub(1);
    let out = quote_path(&cfg.out);
    let mut s = String::new();
    let _ = writeln!(s, "#!/bin/bash");
    let _ = writeln!(
        s,
        "# orgsim sweep as a Slurm job array: task I of {n} runs shard I/{n} of the sweep."
    );
    let _ = writeln!(
        s,
        "# Submit with submit.sh (it also submits the merge). Re-running a task resumes its shard;"
    );
    let _ = writeln!(
        s,
        "# to redo some tasks only: sbatch --array=3,7 sweep.sbatch (the shard count stays {n})."
    );
    let _ = writeln!(s, "#SBATCH --job-name={}", shell_quote(&cfg.job_name));
    let _ = writeln!(s, "#SBATCH --array=0-{last}");
    let _ = writeln!(
        s,
        "#SBATCH --output={}",
        log_pattern(&logs_dir(&cfg.out), "shard-%a.log")
    );
    let _ = writeln!(s, "#SBATCH --ntasks=1");
    let _ = writeln!(s, "#SBATCH --cpus-per-task={}", cfg.cpus_per_task);
    common_directives(cfg, &mut s);
    let _ = writeln!(s);
    let _ = writeln!(s, "set -euo pipefail");
    let _ = writeln!(
        s,
        ": \"${{SLURM_ARRAY_TASK_ID:?run this script as a job array: bash submit.sh}}\""
    );
    let _ = writeln!(s, "if (( SLURM_ARRAY_TASK_ID >= {n} )); then");
    let _ = writeln!(
        s,
        "  echo \"array task $SLURM_ARRAY_TASK_ID is outside the sweep's {n} shards (0-{last})\" >&2"
    );
    let _ = writeln!(s, "  exit 2");
    let _ = writeln!(s, "fi");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "exec {} {} {} \\",
        quote_path(&cfg.orgsim),
        if cfg.calibrate { "calibrate" } else { "sweep" },
        quote_path(&cfg.sweep)
    );
    let _ = writeln!(s, "  --out {out}/shards/shard-\"$SLURM_ARRAY_TASK_ID\" \\");
    let _ = writeln!(s, "  --shard \"$SLURM_ARRAY_TASK_ID/{n}\" \\");
    let _ = writeln!(s, "  --resume \\");
    let _ = writeln!(
        s,
        "  --threads \"${{SLURM_CPUS_PER_TASK:-{}}}\"",
        cfg.cpus_per_task
    );
    s
}

fn merge_script(cfg: &SlurmConfig) -> String {
    let n = cfg.tasks;
    let out = quote_path(&cfg.out);
    let mut s = String::new();
    let _ = writeln!(s, "#!/bin/bash");
    let _ = writeln!(
        s,
        "# Merges the {n} shards of the sweep array into one result folder. submit.sh submits it"
    );
    let _ = writeln!(s, "# to run after every array task succeeded.");
    let _ = writeln!(
        s,
        "#SBATCH --job-name={}",
        shell_quote(&format!("{}-merge", cfg.job_name))
    );
    let _ = writeln!(
        s,
        "#SBATCH --output={}",
        log_pattern(&logs_dir(&cfg.out), "merge.log")
    );
    let _ = writeln!(s, "#SBATCH --ntasks=1");
    let _ = writeln!(s, "#SBATCH --cpus-per-task={}", cfg.cpus_per_task);
    common_directives(cfg, &mut s);
    let _ = writeln!(s);
    let _ = writeln!(s, "set -euo pipefail");
    let _ = writeln!(
        s,
        "# The merge's worker threads: the job's CPUs, not the node's."
    );
    let _ = writeln!(
        s,
        "export RAYON_NUM_THREADS=\"${{SLURM_CPUS_PER_TASK:-{}}}\"",
        cfg.cpus_per_task
    );
    let _ = writeln!(s, "out={out}");
    let _ = writeln!(
        s,
        "# Shard folders in shard order 0..{} (a glob would sort shard-10 before shard-2).",
        n.saturating_sub(1)
    );
    let _ = writeln!(s, "shards=()");
    let _ = writeln!(s, "for (( i = 0; i < {n}; i++ )); do");
    let _ = writeln!(s, "  shards+=(\"$out/shards/shard-$i\")");
    let _ = writeln!(s, "done");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "# --force: a resubmitted merge replaces the tables of an earlier one."
    );
    if cfg.calibrate {
        let _ = writeln!(
            s,
            "{} merge \"${{shards[@]}}\" --out \"$out\" --force --no-report --no-figures",
            quote_path(&cfg.orgsim)
        );
        let _ = writeln!(
            s,
            "# The calibration's analysis: posterior.csv, fit.csv and calibration.md in $out."
        );
        let _ = writeln!(
            s,
            "exec {} calibrate {} --analyse \"$out\"",
            quote_path(&cfg.orgsim),
            quote_path(&cfg.sweep)
        );
    } else {
        let _ = writeln!(
            s,
            "exec {} merge \"${{shards[@]}}\" --out \"$out\" --force",
            quote_path(&cfg.orgsim)
        );
    }
    s
}

fn submit_script(cfg: &SlurmConfig) -> String {
    let n = cfg.tasks;
    let dir = quote_path(&scripts_dir(&cfg.out));
    let logs = quote_path(&logs_dir(&cfg.out));
    let out = quote_path(&cfg.out);
    let mut s = String::new();
    let _ = writeln!(s, "#!/usr/bin/env bash");
    let _ = writeln!(
        s,
        "# Submits the sweep as a {n}-task Slurm job array, then the merge to run once every task"
    );
    let _ = writeln!(
        s,
        "# succeeded (if one fails, Slurm cancels the merge). Generated by `orgsim slurm`."
    );
    let _ = writeln!(s, "set -euo pipefail");
    let _ = writeln!(s, "dir={dir}");
    let _ = writeln!(s, "mkdir -p {logs}");
    let _ = writeln!(s);
    let _ = writeln!(s, "array_id=$(sbatch --parsable \"$dir/sweep.sbatch\")");
    let _ = writeln!(s, "array_id=${{array_id%%;*}}");
    let _ = writeln!(s, "merge_id=$(sbatch --parsable \\");
    let _ = writeln!(s, "  --dependency=afterok:\"$array_id\" \\");
    let _ = writeln!(s, "  --kill-on-invalid-dep=yes \\");
    let _ = writeln!(s, "  \"$dir/merge.sbatch\") || {{");
    let _ = writeln!(
        s,
        "  echo \"submitting the merge failed; the array job $array_id is queued (scancel $array_id to stop it)\" >&2"
    );
    let _ = writeln!(s, "  exit 1");
    let _ = writeln!(s, "}}");
    let _ = writeln!(s, "merge_id=${{merge_id%%;*}}");
    let _ = writeln!(s);
    let _ = writeln!(s, "echo \"array job: $array_id ({n} tasks)\"");
    let _ = writeln!(
        s,
        "echo \"merge job: $merge_id (after array job $array_id succeeds)\""
    );
    let _ = writeln!(s, "echo \"watch:     squeue -j $array_id,$merge_id\"");
    let _ = writeln!(s, "echo \"logs:      \"{logs}");
    let _ = writeln!(s, "echo \"results:   \"{out}");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SlurmConfig {
        SlurmConfig {
            job_name: "grid".into(),
            orgsim: "/opt/orgsim/bin/orgsim".into(),
            sweep: "/home/me/sweeps/grid.toml".into(),
            calibrate: false,
            out: "/scratch/me/grid".into(),
            tasks: 4,
            cpus_per_task: 1,
            time: None,
            mem: None,
            partition: None,
            account: None,
        }
    }

    fn directives(script: &str) -> Vec<&str> {
        script
            .lines()
            .filter_map(|l| l.strip_prefix("#SBATCH "))
            .collect()
    }

    #[test]
    fn quoting_leaves_plain_words_and_protects_the_rest() {
        assert_eq!(shell_quote("/a/b-c_d.toml"), "/a/b-c_d.toml");
        assert_eq!(shell_quote("/my results/x"), "'/my results/x'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
        assert_eq!(shell_quote("a#b"), "'a#b'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn the_array_covers_every_shard_once() {
        let scripts = sbatch_scripts(&config());
        let d = directives(&scripts.sweep);
        assert!(d.contains(&"--array=0-3"), "{d:?}");
        assert!(d.contains(&"--job-name=grid"), "{d:?}");
        assert!(d.contains(&"--cpus-per-task=1"), "{d:?}");
        assert!(
            d.contains(&"--output=/scratch/me/grid/logs/shard-%a.log"),
            "{d:?}"
        );
        let one = sbatch_scripts(&SlurmConfig {
            tasks: 1,
            ..config()
        });
        assert!(directives(&one.sweep).contains(&"--array=0-0"));
    }

    #[test]
    fn each_task_runs_its_shard_resumably_with_its_cpus() {
        let s = sbatch_scripts(&SlurmConfig {
            cpus_per_task: 8,
            ..config()
        })
        .sweep;
        assert!(s.starts_with("#!/bin/bash\n"));
        assert!(s.contains("set -euo pipefail"));
        assert!(
            s.contains("exec /opt/orgsim/bin/orgsim sweep /home/me/sweeps/grid.toml \\"),
            "{s}"
        );
        assert!(
            s.contains("--out /scratch/me/grid/shards/shard-\"$SLURM_ARRAY_TASK_ID\""),
            "{s}"
        );
        assert!(s.contains("--shard \"$SLURM_ARRAY_TASK_ID/4\""), "{s}");
        assert!(s.contains("--resume"));
        assert!(s.contains("--threads \"${SLURM_CPUS_PER_TASK:-8}\""), "{s}");
        assert!(directives(&s).contains(&"--cpus-per-task=8"));
    }

    #[test]
    fn optional_limits_appear_only_when_given() {
        let plain = sbatch_scripts(&config());
        for script in [&plain.sweep, &plain.merge] {
            for option in ["--time", "--mem", "--partition", "--account"] {
                assert!(!script.contains(option), "{option} in {script}");
            }
        }
        let limited = sbatch_scripts(&SlurmConfig {
            time: Some("2:00:00".into()),
            mem: Some("4G".into()),
            partition: Some("short".into()),
            account: Some("proj 1".into()),
            ..config()
        });
        for script in [&limited.sweep, &limited.merge] {
            let d = directives(script);
            for line in [
                "--time=2:00:00",
                "--mem=4G",
                "--partition=short",
                "--account='proj 1'",
            ] {
                assert!(d.contains(&line), "{line} not in {d:?}");
            }
        }
    }

    #[test]
    fn the_merge_lists_every_shard_in_order() {
        let s = sbatch_scripts(&config()).merge;
        let d = directives(&s);
        assert!(d.contains(&"--job-name=grid-merge"), "{d:?}");
        assert!(d.contains(&"--output=/scratch/me/grid/logs/merge.log"));
        assert!(!d.iter().any(|l| l.starts_with("--array")));
        assert!(d.contains(&"--cpus-per-task=1"), "{d:?}");
        assert!(s.contains("export RAYON_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\""));
        assert!(s.contains("out=/scratch/me/grid\n"));
        assert!(s.contains("for (( i = 0; i < 4; i++ )); do"));
        assert!(s.contains("shards+=(\"$out/shards/shard-$i\")"));
        assert!(
            s.contains("exec /opt/orgsim/bin/orgsim merge \"${shards[@]}\" --out \"$out\" --force")
        );
    }

    #[test]
    fn submit_chains_the_merge_after_the_array() {
        let s = sbatch_scripts(&config()).submit;
        assert!(s.contains("set -euo pipefail"));
        assert!(s.contains("array_id=$(sbatch --parsable \"$dir/sweep.sbatch\")"));
        assert!(
            s.contains("array_id=${array_id%%;*}"),
            "cluster suffix: {s}"
        );
        assert!(s.contains("--dependency=afterok:\"$array_id\""));
        assert!(s.contains("--kill-on-invalid-dep=yes"));
        assert!(s.contains("\"$dir/merge.sbatch\")"));
        assert!(s.contains("merge_id=${merge_id%%;*}"));
        assert!(s.contains("squeue -j $array_id,$merge_id"));
        assert!(s.contains("dir=/scratch/me/grid/slurm\n"));
        assert!(s.contains("mkdir -p /scratch/me/grid/logs\n"));
    }

    #[test]
    fn paths_with_spaces_quotes_and_percent_stay_one_word() {
        let scripts = sbatch_scripts(&SlurmConfig {
            job_name: "my grid".into(),
            orgsim: "/opt/my tools/orgsim".into(),
            sweep: "/home/me/it's/grid.toml".into(),
            out: "/scratch/100% sure/out".into(),
            ..config()
        });
        let d = directives(&scripts.sweep);
        assert!(d.contains(&"--job-name='my grid'"), "{d:?}");
        assert!(
            d.contains(&"--output='/scratch/100%% sure/out/logs/shard-%a.log'"),
            "{d:?}"
        );
        assert!(
            scripts
                .sweep
                .contains(r"exec '/opt/my tools/orgsim' sweep '/home/me/it'\''s/grid.toml' \")
        );
        assert!(
            scripts
                .sweep
                .contains("--out '/scratch/100% sure/out'/shards/shard-\"$SLURM_ARRAY_TASK_ID\"")
        );
        assert!(directives(&scripts.merge).contains(&"--job-name='my grid-merge'"));
        assert!(scripts.merge.contains("out='/scratch/100% sure/out'\n"));
        assert!(
            scripts
                .submit
                .contains("dir='/scratch/100% sure/out/slurm'\n")
        );
    }

    #[test]
    fn a_calibration_runs_its_shards_then_merges_and_analyses_them() {
        let scripts = sbatch_scripts(&SlurmConfig {
            calibrate: true,
            sweep: "/home/me/targets.toml".into(),
            ..config()
        });
        assert!(
            scripts
                .sweep
                .contains("exec /opt/orgsim/bin/orgsim calibrate /home/me/targets.toml \\"),
            "{}",
            scripts.sweep
        );
        let merge = scripts.merge.find(" merge \"${shards[@]}\"").unwrap();
        let analyse = scripts
            .merge
            .find("calibrate /home/me/targets.toml --analyse \"$out\"")
            .unwrap();
        assert!(merge < analyse, "{}", scripts.merge);
    }
}

//! `orgsim slurm`: writes a ready-to-submit Slurm workflow for a sweep.
//!
//! Owns the command's arguments, checking them (exit 2 on usage errors), resolving paths to
//! absolute ones and writing `<out>/slurm/{sweep.sbatch,merge.sbatch,submit.sh}`. Does not
//! own the scripts' text (see `crate::experiment::slurm`) or running anything on Slurm.

use crate::experiment::calibration::point_count;
use crate::experiment::load_sweep_file_within;
use crate::experiment::slurm::{SlurmConfig, SlurmScripts, logs_dir, sbatch_scripts, scripts_dir};
use crate::output::write_atomic;
use crate::scenario::calibration::{is_targets_file, load_targets_file};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Largest `--tasks`.
pub const MAX_TASKS: u32 = 100_000;

/// Slurm's default `MaxArraySize` allows array indices up to this one.
const DEFAULT_MAX_ARRAY_INDEX: u32 = 1000;

#[derive(Args, Debug)]
pub struct SlurmArgs {
    /// Sweep file (TOML), or a calibration's targets file (see `orgsim calibrate`).
    pub sweep: PathBuf,
    /// Number of Slurm array tasks; task I runs shard I/N of the sweep's runs.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_TASKS as i64))]
    pub tasks: u32,
    /// Output folder of the merged results; shards, logs and the scripts go under it
    /// [default: results/<sweep name>].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// CPUs per array task (also each shard's --threads).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub cpus_per_task: u32,
    /// Time limit of each job, in Slurm's syntax (e.g. 30:00, 2:00:00, 1-00:00:00).
    #[arg(long)]
    pub time: Option<String>,
    /// Memory of each job, in Slurm's syntax (e.g. 2G).
    #[arg(long)]
    pub mem: Option<String>,
    /// Slurm partition to submit to.
    #[arg(long)]
    pub partition: Option<String>,
    /// Slurm account to charge.
    #[arg(long)]
    pub account: Option<String>,
    /// The orgsim binary the jobs run [default: this one].
    #[arg(long, value_name = "PATH")]
    pub orgsim: Option<PathBuf>,
}

/// A usage error (exit code 2) or a failure to write (exit code 1).
enum Failure {
    Usage(String),
    /// A sweep file with problems (printed as is: it is a full diagnostic).
    Scenario(String),
    Write(String),
    /// Already reported (taking the output folder failed), with this exit code.
    Reported(ExitCode),
}

/// Runs `orgsim slurm`.
pub fn slurm(args: &SlurmArgs) -> ExitCode {
    match write_workflow(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln_escaped!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Scenario(message)) => {
            eprintln_escaped!("{message}");
            ExitCode::from(2)
        }
        Err(Failure::Write(message)) => {
            eprintln_escaped!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Reported(code)) => code,
    }
}

/// Loads and checks the sweep file as `orgsim sweep` will (or a calibration's targets file as
/// `orgsim calibrate` will), so mistakes show now rather than in every array task's log.
/// Returns the sweep's name, its number of runs and whether it is a calibration.
fn check_sweep(sweep: &Path) -> Result<(String, u64, bool), Failure> {
    if !sweep.is_file() {
        return Err(Failure::Usage(format!(
            "{}: no such sweep file",
            sweep.display()
        )));
    }
    if is_targets_file(sweep) {
        let spec = load_targets_file(sweep).map_err(|e| Failure::Scenario(e.to_string()))?;
        let keys = spec.priors.len() + spec.populations.first().map_or(0, |p| p.set.len());
        super::sweep::plan_fits(point_count(&spec), keys).map_err(Failure::Scenario)?;
        let runs = point_count(&spec) * u64::from(spec.replications);
        return Ok((spec.name, runs, true));
    }
    let plan = load_sweep_file_within(sweep, &super::sweep::plan_fits)
        .map_err(|e| Failure::Scenario(e.to_string()))?;
    let runs = plan.points.len() as u64 * u64::from(plan.replications);
    Ok((plan.name, runs, false))
}

/// `path` as text that can go into a script: UTF-8 and on one line.
fn script_text<'a>(what: &str, path: &'a Path) -> Result<&'a str, Failure> {
    let text = path.to_str().ok_or_else(|| {
        Failure::Usage(format!(
            "{what} `{}` is not valid UTF-8; scripts cannot name it",
            path.display()
        ))
    })?;
    check_one_line(what, text)?;
    Ok(text)
}

fn check_one_line(what: &str, text: &str) -> Result<(), Failure> {
    if text.chars().any(char::is_control) {
        return Err(Failure::Usage(format!(
            "{what} {text:?} contains a control character (e.g. a newline)"
        )));
    }
    Ok(())
}

fn option_value(name: &str, value: &Option<String>) -> Result<Option<String>, Failure> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => {
            Err(Failure::Usage(format!("--{name} must not be empty")))
        }
        Some(v) => {
            check_one_line(&format!("--{name}"), v)?;
            Ok(Some(v.clone()))
        }
    }
}

fn absolute(what: &str, path: &Path) -> Result<PathBuf, Failure> {
    std::path::absolute(path)
        .map_err(|e| Failure::Usage(format!("{what} `{}`: {e}", path.display())))
}

/// The binary the jobs run: `--orgsim`, or this one.
fn orgsim_binary(given: Option<&Path>) -> Result<PathBuf, Failure> {
    match given {
        Some(path) => {
            let path = absolute("--orgsim", path)?;
            if !path.is_file() {
                eprintln_escaped!(
                    "warning: --orgsim {} is not a file here; it must exist on the compute nodes",
                    path.display()
                );
            }
            Ok(path)
        }
        None => std::env::current_exe().map_err(|e| {
            Failure::Usage(format!(
                "cannot find this orgsim binary ({e}); give --orgsim PATH"
            ))
        }),
    }
}

fn write_workflow(args: &SlurmArgs) -> Result<(), Failure> {
    let (name, runs, calibrate) = check_sweep(&args.sweep)?;
    let sweep = args
        .sweep
        .canonicalize()
        .map_err(|e| Failure::Usage(format!("{}: {e}", args.sweep.display())))?;
    let orgsim = orgsim_binary(args.orgsim.as_deref())?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&name));
    let out = absolute("--out", &out)?;
    script_text("the sweep path", &sweep)?;
    script_text("the orgsim path", &orgsim)?;
    script_text("the output folder", &out)?;
    check_one_line("the sweep name", &name)?;
    let cfg = SlurmConfig {
        job_name: name,
        orgsim,
        sweep,
        calibrate,
        out: out.clone(),
        tasks: args.tasks,
        cpus_per_task: args.cpus_per_task,
        time: option_value("time", &args.time)?,
        mem: option_value("mem", &args.mem)?,
        partition: option_value("partition", &args.partition)?,
        account: option_value("account", &args.account)?,
    };
    let scripts = sbatch_scripts(&cfg);

    let _lock = super::folder::lock_out(&out, false, false).map_err(Failure::Reported)?;
    let dir = scripts_dir(&out);
    for folder in [&dir, &logs_dir(&out)] {
        std::fs::create_dir_all(folder)
            .map_err(|e| Failure::Write(format!("cannot create {}: {e}", folder.display())))?;
    }
    let mut written = vec![];
    for (file, text) in scripts.files() {
        let path = dir.join(file);
        write_atomic(&path, |w| w.write_all(text.as_bytes()))
            .map_err(|e| Failure::Write(e.to_string()))?;
        if file == SlurmScripts::SUBMIT_FILE {
            make_executable(&path)?;
        }
        written.push(path);
    }

    let mut report = String::new();
    for path in &written {
        report.push_str(&format!("wrote {}\n", path.display()));
    }
    report.push_str(&format!(
        "\n{runs} runs in {} array tasks × {} CPU(s); shards in {}, logs in {}, merged results in {}\n",
        cfg.tasks,
        cfg.cpus_per_task,
        out.join("shards").display(),
        logs_dir(&out).display(),
        out.display()
    ));
    if u64::from(cfg.tasks) > runs {
        report.push_str(&format!(
            "note: the sweep has {runs} runs, fewer than {} tasks: some tasks will have nothing to do\n",
            cfg.tasks
        ));
    }
    if cfg.tasks - 1 > DEFAULT_MAX_ARRAY_INDEX {
        report.push_str(&format!(
            "note: array indices up to {} need MaxArraySize > {} (Slurm's default is 1001; \
             see `scontrol show config | grep MaxArraySize`)\n",
            cfg.tasks - 1,
            cfg.tasks - 1
        ));
    }
    report.push_str(&format!(
        "\nsubmit with:\n  bash {}\n",
        crate::experiment::slurm::shell_quote(
            &dir.join(SlurmScripts::SUBMIT_FILE).to_string_lossy()
        )
    ));
    let report = crate::ground::text::for_terminal(&report);
    let _ = std::io::stdout().lock().write_all(report.as_bytes());
    Ok(())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Failure::Write(format!("cannot make {} executable: {e}", path.display())))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<(), Failure> {
    Ok(())
}

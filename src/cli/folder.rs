//! Taking the output folder of a command: refusing a dangling symbolic link or a file in its
//! place, creating it, and holding its lock for the whole command.
//!
//! Owns the messages and exit codes of those steps: 2 when another orgsim holds the folder or
//! `--out` is a dangling link (nothing was run), 1 when the folder cannot be created or locked.
//! A command that may wait (`sweep --resume`, which a Slurm requeue starts while the old task
//! may still be alive) says so and waits instead. The lock itself is `crate::output::lock`.

use crate::output::OutputError;
use crate::output::folder::dangling_link;
use crate::output::lock::{Contention, FolderLock, LockError};
use std::path::Path;
use std::process::ExitCode;

/// Creates `out` if needed and locks it until the returned lock is dropped (at the end of the
/// command). With `wait`, a folder another orgsim is writing is waited for, with a note on
/// stderr unless `quiet`; without, it is refused with exit code 2.
pub(crate) fn lock_out(out: &Path, wait: bool, quiet: bool) -> Result<FolderLock, ExitCode> {
    if let Some((link, target)) = dangling_link(out) {
        eprintln_escaped!(
            "error: {} is a symbolic link to {}, which does not exist; create that folder, or choose another --out",
            link.display(),
            target.display()
        );
        return Err(ExitCode::from(2));
    }
    if std::fs::metadata(out).is_ok_and(|m| !m.is_dir()) {
        eprintln_escaped!(
            "error: cannot write results into {}: it exists and is not a folder",
            out.display()
        );
        return Err(ExitCode::from(1));
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln_escaped!(
            "error: {}",
            OutputError::new("cannot create directory", out, e)
        );
        return Err(ExitCode::from(1));
    }
    let advice = if wait {
        "wait for it to finish"
    } else {
        "wait for it to finish, or write elsewhere with --out (`sweep --resume` waits by itself)"
    };
    lock(out, wait, quiet, advice)
}

/// Locks `dir` if it is a folder (a command that only reads a folder that does not exist
/// reports that itself); the same refusals as [`lock_out`].
pub(crate) fn lock_existing(dir: &Path) -> Result<Option<FolderLock>, ExitCode> {
    if !dir.is_dir() {
        return Ok(None);
    }
    lock(dir, false, true, "wait for it to finish, then try again").map(Some)
}

fn lock(dir: &Path, wait: bool, quiet: bool, advice: &str) -> Result<FolderLock, ExitCode> {
    let contention = if wait {
        Contention::Wait
    } else {
        Contention::Fail
    };
    let waiting = |pid: Option<u32>| {
        if !quiet {
            let holder = pid.map_or(String::new(), |pid| format!(" (pid {pid})"));
            eprintln_escaped!(
                "orgsim: another orgsim{holder} is writing {}; --resume waits for it to finish (Ctrl-C to stop waiting)",
                dir.display()
            );
        }
    };
    FolderLock::acquire(dir, contention, waiting).map_err(|e| match e {
        LockError::Busy { .. } => {
            eprintln_escaped!("error: {e}; {advice}");
            ExitCode::from(2)
        }
        LockError::Io(_) => {
            eprintln_escaped!("error: {e}");
            ExitCode::from(1)
        }
    })
}

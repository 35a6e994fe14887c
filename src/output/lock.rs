//! The advisory lock a command holds on the folder it writes, so two orgsim processes never
//! write one folder at the same time.
//!
//! Owns the lock file `.orgsim.lock` (hidden, orgsim's own, never counted as results): it is
//! created without following a symbolic link, locked with the operating system's advisory
//! file lock (`flock` on Unix, which the kernel releases when the process dies, however it
//! dies), holds the holder's process id for the message of whoever finds it locked, and is
//! removed when the lock is released. A lock file a killed process left is simply locked
//! again. Knows nothing of the CLI (which decides whether to wait and picks exit codes).

use super::OutputError;
use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock file's name inside the locked folder.
pub const LOCK_FILE: &str = ".orgsim.lock";

/// A held lock on a folder; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct FolderLock {
    file: File,
    path: PathBuf,
}

/// Why a folder could not be locked.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds the lock; its id, when the lock file says it.
    Busy { dir: PathBuf, pid: Option<u32> },
    /// The lock file could not be created, opened or locked.
    Io(OutputError),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { dir, pid } => {
                let holder = match pid {
                    Some(pid) => format!("another orgsim (pid {pid})"),
                    None => "another orgsim".to_string(),
                };
                write!(f, "{holder} is writing {}", dir.display())
            }
            LockError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LockError {}

/// Whether to give up or wait when another process holds the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contention {
    /// Return [`LockError::Busy`] at once.
    Fail,
    /// Wait until the holder releases it.
    Wait,
}

impl FolderLock {
    /// Locks the folder `dir` (which must exist). With [`Contention::Wait`], `waiting` is called
    /// once with the holder's id before the call blocks, so the caller can say why it waits.
    pub fn acquire(
        dir: &Path,
        contention: Contention,
        mut waiting: impl FnMut(Option<u32>),
    ) -> Result<FolderLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io_error = |e: io::Error| LockError::Io(OutputError::new("cannot lock", dir, e));
        // The holder removes the file while still holding the lock; one who opened it just
        // before then locks a file no longer in the folder, and must open it anew.
        let mut told = false;
        for _ in 0..100 {
            let mut file = open_lock_file(&path).map_err(io_error)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let pid = read_pid(&mut file);
                    if contention == Contention::Fail {
                        return Err(LockError::Busy {
                            dir: dir.to_path_buf(),
                            pid,
                        });
                    }
                    if !told {
                        waiting(pid);
                        told = true;
                    }
                    file.lock().map_err(io_error)?;
                }
                Err(TryLockError::Error(e)) => return Err(io_error(e)),
            }
            if still_in_place(&file, &path) {
                let mut lock = FolderLock { file, path };
                lock.record_pid().map_err(io_error)?;
                return Ok(lock);
            }
        }
        Err(io_error(io::Error::other(
            "its lock file keeps being replaced",
        )))
    }

    /// Writes this process's id into the lock file, for the message of whoever finds it locked.
    fn record_pid(&mut self) -> io::Result<()> {
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file
            .write_all(format!("{}\n", std::process::id()).as_bytes())
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked (the file handle closes after this), so no process can
        // hold a lock on a name that another process then recreates.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Opens (creating) the lock file for reading and writing, never through a symbolic link;
/// anything but a regular file with one name (a FIFO, a device, a hard link to another file)
/// is refused rather than written to.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    #[cfg(unix)]
    let single_name = {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() <= 1
    };
    #[cfg(not(unix))]
    let single_name = true;
    if !meta.is_file() || !single_name {
        return Err(io::Error::other(format!(
            "{} is not a lock file orgsim made; remove it",
            path.display()
        )));
    }
    Ok(file)
}

/// Whether the open `file` is still the one named `path` (not removed or replaced since).
fn still_in_place(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// The process id written in a lock file, if it holds one.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    Read::by_ref(file).take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("orgsim-lock-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn try_lock(dir: &Path) -> Result<FolderLock, LockError> {
        FolderLock::acquire(dir, Contention::Fail, |_| unreachable!())
    }

    #[test]
    fn a_held_lock_is_refused_with_the_holders_pid_and_released_on_drop() {
        let dir = scratch("held");
        let lock = try_lock(&dir).unwrap();
        assert!(dir.join(LOCK_FILE).is_file());
        // A second open file description conflicts even within one process.
        match try_lock(&dir) {
            Err(LockError::Busy { dir: busy, pid }) => {
                assert_eq!(busy, dir);
                assert_eq!(pid, Some(std::process::id()));
            }
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(lock);
        assert!(!dir.join(LOCK_FILE).exists(), "the lock file is removed");
        drop(try_lock(&dir).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_lock_file_left_behind_is_locked_again() {
        let dir = scratch("stale");
        std::fs::write(dir.join(LOCK_FILE), "99999999\n").unwrap();
        let lock = try_lock(&dir).unwrap();
        let recorded = std::fs::read_to_string(dir.join(LOCK_FILE)).unwrap();
        assert_eq!(recorded, format!("{}\n", std::process::id()));
        drop(lock);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_lock_name_is_not_followed() {
        let dir = scratch("link");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, dir.join(LOCK_FILE)).unwrap();
        let err = try_lock(&dir).unwrap_err();
        assert!(matches!(err, LockError::Io(_)), "{err}");
        std::fs::remove_file(dir.join(LOCK_FILE)).unwrap();
        std::fs::hard_link(&victim, dir.join(LOCK_FILE)).unwrap();
        let err = try_lock(&dir).unwrap_err();
        assert!(err.to_string().contains("not a lock file"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

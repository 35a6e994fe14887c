//! Atomic file replacement: write beside the target, flush, fsync, rename over it.
//!
//! Owns the only way output files reach the disk, so an error or a crash never leaves a
//! partial file under a target name: the target holds either its old content or the complete
//! new one. Every file orgsim creates is opened with [`create_new_file`]: a new file, never
//! through a symbolic link, so a link planted at a temp name cannot redirect a write. Owns the
//! temp-name pattern ([`temp_target`]) that clearing a folder recognises. Knows nothing of the
//! model, the file formats or the CLI.

use super::files::OutputError;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Buffer size of the writer behind every output file.
const BUFFER_BYTES: usize = 1 << 20;

/// Writes `path` atomically: `write` fills a temp file `.name.tmp-<pid>` in the same
/// directory (through a large `BufWriter`), which is then flushed, fsynced and renamed over
/// `path`. On any error the temp file is removed, `path` is left untouched and the returned
/// error names `path` (its `get_ref()` is an [`OutputError`]).
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    write(&mut file.writer).map_err(|e| OutputError::write(path, e).into_io())?;
    file.commit()
}

/// A file being written atomically, for writers that stream (several files open at once).
///
/// Bytes go to a temp file beside the target; [`AtomicFile::commit`] makes them visible under
/// the target name. Dropping it without committing removes the temp file and leaves the
/// target untouched. Errors from every method name the target path.
#[derive(Debug)]
pub struct AtomicFile {
    // Field order matters: the writer (and its file handle) drops before the guard removes
    // the temp file.
    writer: BufWriter<File>,
    temp: TempGuard,
    target: PathBuf,
}

impl AtomicFile {
    /// Creates the temp file for `target` (whose directory must exist).
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let temp = temp_path(target).map_err(|e| OutputError::write(target, e).into_io())?;
        let file = create_own_file(&temp).map_err(|e| OutputError::write(target, e).into_io())?;
        Ok(AtomicFile {
            writer: BufWriter::with_capacity(BUFFER_BYTES, file),
            temp: TempGuard {
                path: temp,
                armed: true,
            },
            target: target.to_path_buf(),
        })
    }

    /// The path the file will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes, and starts writing what has been written so far to the disk without waiting
    /// for it, so that the fsync of [`AtomicFile::commit`] has less left to wait for. On Linux
    /// (`sync_file_range`); elsewhere only flushes. Writeback errors are not reported here:
    /// commit's fsync reports any that matter.
    pub fn start_writeback(&mut self) -> io::Result<()> {
        self.flush()?;
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let fd = self.writer.get_ref().as_raw_fd();
            // SAFETY: `fd` is open (the file lives in `self.writer`), and the call takes no
            // pointers.
            unsafe { libc::sync_file_range(fd, 0, 0, libc::SYNC_FILE_RANGE_WRITE) };
        }
        Ok(())
    }

    /// Flushes, fsyncs and renames the temp file over the target.
    pub fn commit(self) -> io::Result<()> {
        Self::commit_all(vec![self])
    }

    /// Commits several files as [`AtomicFile::commit`] does each, but together: their fsyncs
    /// wait for the disk at the same time (a thread each), and each directory is synced once
    /// after all the renames, not once per file. A table-writing command ends in these
    /// waits; on ext4 each fsync costs a journal commit even when the data is already out.
    /// On an error, the files not yet renamed keep their old content.
    pub fn commit_all(files: Vec<AtomicFile>) -> io::Result<()> {
        let synced: Vec<io::Result<(TempGuard, PathBuf)>> = if files.len() < 2 {
            files.into_iter().map(AtomicFile::sync).collect()
        } else {
            std::thread::scope(|scope| {
                let syncs: Vec<_> = files
                    .into_iter()
                    .map(|file| scope.spawn(move || file.sync()))
                    .collect();
                syncs
                    .into_iter()
                    .map(|sync| sync.join().expect("an fsync does not panic"))
                    .collect()
            })
        };
        // Every file's data is on disk before any target is replaced.
        let synced = synced.into_iter().collect::<io::Result<Vec<_>>>()?;
        let mut dirs: Vec<PathBuf> = Vec::new();
        for (mut temp, target) in synced {
            fs::rename(&temp.path, &target)
                .map_err(|e| OutputError::write(&target, e).into_io())?;
            temp.armed = false;
            let dir = parent_dir(&target);
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        for dir in dirs {
            sync_dir(&dir);
        }
        Ok(())
    }

    /// Flushes and fsyncs the temp file; what the rename needs.
    fn sync(self) -> io::Result<(TempGuard, PathBuf)> {
        let AtomicFile {
            writer,
            temp,
            target,
        } = self;
        let named = |e: io::Error| OutputError::write(&target, e).into_io();
        let file = writer.into_inner().map_err(|e| named(e.into_error()))?;
        file.sync_all().map_err(named)?;
        drop(file);
        Ok((temp, target))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer
            .write(buf)
            .map_err(|e| OutputError::write(&self.target, e).into_io())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer
            .write_all(buf)
            .map_err(|e| OutputError::write(&self.target, e).into_io())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer
            .flush()
            .map_err(|e| OutputError::write(&self.target, e).into_io())
    }
}

/// Removes the temp file when dropped, unless disarmed after a successful rename.
#[derive(Debug)]
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates `path` as a new file for writing: fails if anything (a file, a symbolic link,
/// even a dangling one) is already there, and never follows a link, so a planted link cannot
/// make orgsim write to or truncate another file.
pub(crate) fn create_new_file(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Creates `path`, a name that is orgsim's alone (a hidden temp or probe name carrying this
/// process's id), with [`create_new_file`]. Whatever is already there was left by a killed
/// process of the same id or planted: it is unlinked (a link is removed, not followed) and the
/// file created anew, once.
pub(crate) fn create_own_file(path: &Path) -> io::Result<File> {
    match create_new_file(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            create_new_file(path)
        }
        other => other,
    }
}

/// The target name of an orgsim temp file name (`summary.csv` for `.summary.csv.tmp-123`),
/// or `None` if `file_name` is not one.
pub fn temp_target(file_name: &str) -> Option<&str> {
    let (target, pid) = file_name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    let pid_ok = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    (pid_ok && !target.is_empty()).then_some(target)
}

/// `dir/.name.tmp-<pid>` for `dir/name`.
fn temp_path(target: &Path) -> io::Result<PathBuf> {
    let name = target.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
    })?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".tmp-{}", std::process::id()));
    Ok(target.with_file_name(temp_name))
}

/// The directory holding `target` (`.` for a bare file name).
fn parent_dir(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes renames into `dir` durable where the platform allows it; failures here are not
/// errors (the data itself is already synced).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("orgsim-atomic-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn temp_name_is_hidden_sibling_with_pid() {
        let t = temp_path(Path::new("out/run/summary.csv")).unwrap();
        assert_eq!(
            t,
            Path::new("out/run").join(format!(".summary.csv.tmp-{}", std::process::id()))
        );
        assert!(temp_path(Path::new("/")).is_err());
        let name = t.file_name().unwrap().to_str().unwrap();
        assert_eq!(temp_target(name), Some("summary.csv"));
        for not_temp in [
            "summary.csv",
            ".summary.csv",
            ".summary.csv.tmp-",
            ".summary.csv.tmp-12x",
            "summary.csv.tmp-12",
            "..tmp-1",
        ] {
            assert_eq!(temp_target(not_temp), None, "{not_temp}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_temp_name_is_not_followed() {
        let dir = scratch("planted");
        let victim = dir.join("victim.txt");
        fs::write(&victim, "precious").unwrap();
        let target = dir.join("a.csv");
        let temp = temp_path(&target).unwrap();
        std::os::unix::fs::symlink(&victim, &temp).unwrap();
        assert!(create_new_file(&temp).is_err(), "a link is never opened");
        write_atomic(&target, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(entries(&dir), ["a.csv", "victim.txt"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writes_and_replaces() {
        let dir = scratch("replace");
        let path = dir.join("a.txt");
        write_atomic(&path, |w| w.write_all(b"first")).unwrap();
        write_atomic(&path, |w| w.write_all(b"second")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(entries(&dir), ["a.txt"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn failing_writer_leaves_old_target_and_no_temp() {
        let dir = scratch("fail");
        let path = dir.join("a.txt");
        fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(&[b'x'; 3 * BUFFER_BYTES])?;
            Err(io::Error::other("boom"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("a.txt"), "{err}");
        assert!(err.to_string().contains("boom"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(entries(&dir), ["a.txt"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dropped_atomic_file_removes_temp() {
        let dir = scratch("drop");
        let path = dir.join("b.csv");
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"partial").unwrap();
            assert_eq!(f.target(), path);
        }
        assert!(entries(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_committed_together_all_reach_their_targets() {
        let dir = scratch("together");
        let other = dir.join("sub");
        fs::create_dir_all(&other).unwrap();
        let targets = [dir.join("a.csv"), dir.join("b.csv"), other.join("c.csv")];
        fs::write(&targets[1], "old").unwrap();
        let files: Vec<AtomicFile> = targets
            .iter()
            .map(|t| {
                let mut f = AtomicFile::create(t).unwrap();
                f.write_all(t.file_name().unwrap().as_encoded_bytes())
                    .unwrap();
                f
            })
            .collect();
        AtomicFile::commit_all(files).unwrap();
        for t in &targets {
            assert_eq!(
                fs::read_to_string(t).unwrap(),
                t.file_name().unwrap().to_str().unwrap()
            );
        }
        assert_eq!(entries(&dir), ["a.csv", "b.csv", "sub"]);
        assert_eq!(entries(&other), ["c.csv"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_commit_names_its_file_and_leaves_no_temp() {
        let dir = scratch("together-fail");
        // A directory in the way of the second target: its rename fails.
        fs::create_dir_all(dir.join("b.csv").join("in-the-way")).unwrap();
        let files: Vec<AtomicFile> = ["a.csv", "b.csv"]
            .iter()
            .map(|name| {
                let mut f = AtomicFile::create(&dir.join(name)).unwrap();
                f.write_all(b"new").unwrap();
                f
            })
            .collect();
        let err = AtomicFile::commit_all(files).unwrap_err();
        assert!(err.to_string().contains("b.csv"), "{err}");
        assert_eq!(entries(&dir), ["a.csv", "b.csv"]);
        assert!(dir.join("b.csv").is_dir());
        fs::remove_dir_all(&dir).unwrap();
    }
}

//! Atomic file replacement: write beside the target, flush, fsync, rename over it.
//!
//! Owns the only way output files reach the disk, so an error or a crash never leaves a
//! partial file under a target name: the target holds either its old content or the complete
//! new one. Knows nothing of the model, the file formats or the CLI.

use super::OutputError;
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
        let file = File::create(&temp).map_err(|e| OutputError::write(target, e).into_io())?;
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
        let AtomicFile {
            writer,
            mut temp,
            target,
        } = self;
        let named = |e: io::Error| OutputError::write(&target, e).into_io();
        let file = writer.into_inner().map_err(|e| named(e.into_error()))?;
        file.sync_all().map_err(named)?;
        drop(file);
        fs::rename(&temp.path, &target).map_err(named)?;
        temp.armed = false;
        sync_parent_dir(&target);
        Ok(())
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

/// Makes the rename durable where the platform allows it; failures here are not errors (the
/// data itself is already synced).
fn sync_parent_dir(target: &Path) {
    #[cfg(unix)]
    {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
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
}

//! An error writing or reading a file, named by its path, with advice a user can act on.
//!
//! Owns `OutputError`: every layer that touches the disk (the atomic writer, the part store,
//! the tables, the CLI) reports through it, so a message always says which file and, for a
//! full or read-only disk, what to do. Imports nothing of the crate.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// An output file or directory could not be written. Its message names the path.
#[derive(Debug)]
pub struct OutputError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

impl OutputError {
    /// `source` happened while writing `path`; an error that already names a path is kept.
    pub(crate) fn write(path: &Path, source: io::Error) -> OutputError {
        OutputError::new("cannot write", path, source)
    }

    pub(crate) fn create_dir(path: &Path, source: io::Error) -> OutputError {
        OutputError::new("cannot create directory", path, source)
    }

    pub(crate) fn new(action: &'static str, path: &Path, source: io::Error) -> OutputError {
        match source.downcast::<OutputError>() {
            Ok(named) => named,
            Err(source) => OutputError {
                action,
                path: path.to_path_buf(),
                source,
            },
        }
    }

    /// As an `io::Error` of the same kind whose `get_ref()` is this error.
    pub(crate) fn into_io(self) -> io::Error {
        io::Error::new(self.source.kind(), self)
    }

    /// The file or directory concerned.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying error (without the path).
    pub fn io_error(&self) -> &io::Error {
        &self.source
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )?;
        // The system's wording ("No space left on device") does not say what to do.
        let advice = match self.source.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Some(
                "the disk is full (or over quota): free some space, or write elsewhere with --out",
            ),
            io::ErrorKind::ReadOnlyFilesystem => {
                Some("the disk is mounted read-only: write elsewhere with --out")
            }
            io::ErrorKind::PermissionDenied => {
                Some("no permission to write there: write elsewhere with --out")
            }
            _ => None,
        };
        match advice {
            Some(advice) => write!(f, "\nhelp: {advice}"),
            None => Ok(()),
        }
    }
}

// The cause is part of the message, so `source()` stays `None` (no repetition in error chains).
impl std::error::Error for OutputError {}

impl From<OutputError> for io::Error {
    fn from(e: OutputError) -> io::Error {
        e.into_io()
    }
}

/// Whether `e` says the disk cannot take more: full, over quota or read-only. Such a failure
/// is never only a warning: whatever the command writes next will fail too.
pub fn is_disk_full_or_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::ReadOnlyFilesystem
    )
}

//! Which kind of input file a path holds: a scenario, a sweep or a targets file.
//!
//! Owns telling them apart by content (not by name), so `validate` checks each with its own
//! rules and `run` can point a sweep or targets file to the command that takes it.

use crate::scenario::calibration::is_targets_file;
use crate::scenario::diagnostics::Origin;
use crate::scenario::document::parse_document;
use crate::scenario::load::read_source;
use std::path::Path;

/// The kinds of input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    /// Has `[[vary]]` or `[design]` at the top level.
    Sweep,
    /// Has a `[calibration]` table.
    Targets,
}

/// The kind of the file at `path`; a file that cannot be read or parsed counts as a scenario
/// (its loader then reports the problem).
pub fn file_kind(path: &Path) -> FileKind {
    if is_targets_file(path) {
        return FileKind::Targets;
    }
    let Ok(bytes) = read_source(path, "file") else {
        return FileKind::Scenario;
    };
    let text = String::from_utf8_lossy(&bytes);
    let (doc, _) = parse_document(&text, &|r| Origin::File(r));
    if doc.get("vary").is_some() || doc.get("design").is_some() {
        FileKind::Sweep
    } else {
        FileKind::Scenario
    }
}

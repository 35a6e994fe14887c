//! Results folders: whether one already holds results, and clearing them for `--force`.
//!
//! Owns the list of names orgsim writes at the top of a results folder and the rule that a
//! folder holding any of them is not written into without `--force`. Clearing removes the
//! manifest first, so a folder whose overwrite fails half-way never looks complete (every
//! complete set of results ends with its manifest); it removes only those names, never files
//! or folders of the user's. Knows nothing of the CLI (which picks the messages' exit codes).

use super::compare::COMPARISON_FILE;
use super::figures::FIGURES_DIR;
use super::parts::{PARTS_DIR, POINTS_FILE};
use super::report::REPORT_FILE;
use super::{EVENTS_FILE, GROUPS_FILE, MANIFEST_FILE, OutputError, SUMMARY_FILE, TIMESERIES_FILE};
use std::io;
use std::path::Path;

/// A sweep folder's record of the sweep it holds (written by `orgsim sweep`).
pub const PLAN_FILE: &str = "plan.json";

/// Every name orgsim writes at the top of a results folder, the manifest first. (`slurm/`,
/// the scripts `orgsim slurm` writes before a sweep runs, is not results.)
pub const RESULT_NAMES: [&str; 11] = [
    MANIFEST_FILE,
    TIMESERIES_FILE,
    GROUPS_FILE,
    EVENTS_FILE,
    SUMMARY_FILE,
    COMPARISON_FILE,
    POINTS_FILE,
    PLAN_FILE,
    REPORT_FILE,
    FIGURES_DIR,
    PARTS_DIR,
];

/// The names from [`RESULT_NAMES`] present in `dir` (empty if `dir` does not exist).
pub fn existing_results(dir: &Path) -> io::Result<Vec<&'static str>> {
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                "it exists and is not a folder",
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    }
    let mut found = Vec::new();
    for name in RESULT_NAMES {
        match std::fs::symlink_metadata(dir.join(name)) {
            Ok(_) => found.push(name),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(found)
}

/// Why `dir` may not be written into: it holds `found` (from [`existing_results`]).
pub fn refusal(dir: &Path, found: &[&str]) -> String {
    let shown: Vec<String> = found.iter().take(4).map(|n| format!("`{n}`")).collect();
    format!(
        "{} already holds results ({}{}); pass --force to replace them, or --out to write elsewhere",
        dir.display(),
        shown.join(", "),
        if found.len() > 4 { ", ..." } else { "" }
    )
}

/// Removes the results orgsim wrote into `dir` (the names of [`RESULT_NAMES`] except
/// `keep`), the manifest first. Other files and folders are left alone.
pub fn clear_results(dir: &Path, keep: &[&str]) -> Result<(), OutputError> {
    for name in RESULT_NAMES.iter().filter(|n| !keep.contains(n)) {
        let path = dir.join(name);
        let removed = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&path),
            Ok(_) => std::fs::remove_file(&path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        };
        removed.map_err(|e| OutputError::new("cannot remove", &path, e))?;
    }
    Ok(())
}

/// Creates `dir` if needed and checks that files can be created in it, so that a read-only or
/// otherwise unwritable folder is reported before any work, not after it.
pub fn prepare_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| OutputError::new("cannot create directory", dir, e))?;
    let probe = dir.join(format!(".orgsim-probe-{}", std::process::id()));
    std::fs::File::create(&probe).map_err(|e| OutputError::new("cannot write into", dir, e))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Removes `dir`'s manifest before new results are written into it, so that until the new
/// manifest is written last the folder does not look complete; also removes the temp files of
/// result names that a killed process left (`.timeseries.csv.tmp-<pid>`).
pub(crate) fn retract_manifest(dir: &Path) -> Result<(), OutputError> {
    let path = dir.join(MANIFEST_FILE);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(OutputError::new("cannot remove", &path, e));
        }
        _ => {}
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let stale = name
                .to_str()
                .and_then(|n| n.strip_prefix('.'))
                .and_then(|n| n.split_once(".tmp-"))
                .is_some_and(|(target, _)| RESULT_NAMES.contains(&target));
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("orgsim-folder-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn results_are_found_and_cleared_but_other_files_stay() {
        let dir = scratch("clear");
        assert!(existing_results(&dir).unwrap().is_empty());
        assert!(existing_results(&dir.join("absent")).unwrap().is_empty());
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        std::fs::create_dir_all(dir.join("slurm")).unwrap();
        assert!(existing_results(&dir).unwrap().is_empty());
        std::fs::write(dir.join(MANIFEST_FILE), "{}").unwrap();
        std::fs::write(dir.join(TIMESERIES_FILE), "x").unwrap();
        std::fs::create_dir_all(dir.join(FIGURES_DIR)).unwrap();
        std::fs::write(dir.join(FIGURES_DIR).join("overview.svg"), "x").unwrap();
        assert_eq!(
            existing_results(&dir).unwrap(),
            [MANIFEST_FILE, TIMESERIES_FILE, FIGURES_DIR]
        );
        let message = refusal(&dir, &existing_results(&dir).unwrap());
        assert!(message.contains("--force") && message.contains("`manifest.json`"));
        std::fs::write(dir.join(".summary.csv.tmp-99999"), "stale").unwrap();
        std::fs::write(dir.join(".notes.txt.tmp-1"), "mine").unwrap();
        retract_manifest(&dir).unwrap();
        assert!(!dir.join(MANIFEST_FILE).exists() && dir.join(TIMESERIES_FILE).exists());
        assert!(!dir.join(".summary.csv.tmp-99999").exists());
        assert!(dir.join(".notes.txt.tmp-1").exists());
        clear_results(&dir, &[]).unwrap();
        assert!(existing_results(&dir).unwrap().is_empty());
        assert!(dir.join("notes.txt").exists() && dir.join("slurm").exists());
        assert!(!dir.join(TIMESERIES_FILE).exists() && !dir.join(FIGURES_DIR).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_an_error() {
        let dir = scratch("file");
        let file = dir.join("out");
        std::fs::write(&file, "x").unwrap();
        assert!(existing_results(&file).is_err());
        assert!(prepare_dir(&file).is_err());
        assert!(prepare_dir(&file.join("below")).is_err());
        prepare_dir(&dir.join("new/folder")).unwrap();
        assert_eq!(
            std::fs::read_dir(dir.join("new/folder")).unwrap().count(),
            0
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

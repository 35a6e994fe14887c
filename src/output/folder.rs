//! Results folders: whether one already holds results, and clearing them for `--force`.
//!
//! Owns the list of names orgsim writes at the top of a results folder and the rule that a
//! folder holding any of them is not written into without `--force`. Clearing removes the
//! manifest first, so a folder whose overwrite fails half-way never looks complete (every
//! complete set of results ends with its manifest); it removes exactly the files orgsim
//! writes (in `figures/`, `parts/` and `discover/`, the names their writers declare, and orgsim's temp
//! files; a comparison's scenario subfolders as its manifest lists them), then those folders
//! only if that left them empty, and never follows a symbolic link out of the folder. Knows nothing of the CLI (which picks the messages' exit codes).

use super::discover::{DISCOVER_DIR, is_discover_file_name};
use super::figures::is_figure_file_name;
use super::results_folder::{
    BREAK_EVEN_FILE, CALIBRATION_FILE, COMPARISON_FILE, CUMULATIVE_FILE, ECONOMY_COMPARISON_FILE,
    ECONOMY_FILES, ECONOMY_SUMMARY_FILE, FIGURES_DIR, FIT_FILE, LONG_FILE, ORGANISATIONS_FILE,
    PLAN_FILE, POINTS_FILE, POSTERIOR_FILE, REGIONS_FILE, REPORT_FILE, SECTORS_FILE,
    SENSITIVITY_FILE, SUCCESS_FILE, UNCERTAINTY_FILE,
};
use super::{
    EVENTS_FILE, GROUPS_FILE, MANIFEST_FILE, OutputError, RUN_FILES, SUMMARY_FILE, TIMESERIES_FILE,
};
use crate::experiment::parts::{PARTS_DIR, is_part_file_name};
use crate::ground::atomic::{create_own_file, temp_target};
use std::io;
use std::path::{Path, PathBuf};

/// Every name orgsim writes at the top of a results folder, the manifest first. (`slurm/`,
/// the scripts `orgsim slurm` writes before a sweep runs, is not results.)
pub const RESULT_NAMES: &[&str] = &[
    MANIFEST_FILE,
    TIMESERIES_FILE,
    GROUPS_FILE,
    EVENTS_FILE,
    SUMMARY_FILE,
    COMPARISON_FILE,
    SUCCESS_FILE,
    BREAK_EVEN_FILE,
    CUMULATIVE_FILE,
    POINTS_FILE,
    PLAN_FILE,
    REPORT_FILE,
    FIGURES_DIR,
    PARTS_DIR,
    POSTERIOR_FILE,
    FIT_FILE,
    CALIBRATION_FILE,
    SENSITIVITY_FILE,
    LONG_FILE,
    UNCERTAINTY_FILE,
    DISCOVER_DIR,
    SECTORS_FILE,
    REGIONS_FILE,
    ORGANISATIONS_FILE,
    ECONOMY_SUMMARY_FILE,
    ECONOMY_COMPARISON_FILE,
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
    for &name in RESULT_NAMES {
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

/// Whether a file name is one orgsim writes into a given folder.
type OwnedName = fn(&str) -> bool;

/// The folders among [`RESULT_NAMES`], each with the file names orgsim writes into it.
const RESULT_DIRS: [(&str, OwnedName); 3] = [
    (FIGURES_DIR, is_figure_file_name),
    (PARTS_DIR, is_part_file_name),
    (DISCOVER_DIR, is_discover_file_name),
];

/// Removes the results orgsim wrote into `dir` (the names of [`RESULT_NAMES`] except
/// `keep`), the manifest first. Inside `figures/` and `parts/` only orgsim's own file names
/// go, and the folder itself only if that empties it; other files and folders are left alone.
/// A symbolic link at any of these names is removed itself, never followed (a linked `parts/`
/// left in place would hand an earlier sweep's runs to the new one).
pub fn clear_results(dir: &Path, keep: &[&str]) -> Result<(), OutputError> {
    // Read before the manifest that lists them goes.
    let scenario_folders = if keep.contains(&COMPARISON_FILE) {
        Vec::new()
    } else {
        compared_scenario_folders(dir)
    };
    for name in RESULT_NAMES.iter().filter(|n| !keep.contains(n)) {
        let path = dir.join(name);
        match RESULT_DIRS.iter().find(|(folder, _)| folder == name) {
            Some((_, owned)) => clear_own_files(&path, *owned)?,
            None => remove_own_file(&path)?,
        }
    }
    for folder in scenario_folders {
        clear_own_files(&dir.join(folder), is_scenario_folder_file)?;
    }
    Ok(())
}

/// Whether `name` is a file a comparison writes into a scenario's folder: a run's files, its
/// `uncertainty.csv` and an economy's tables.
fn is_scenario_folder_file(name: &str) -> bool {
    RUN_FILES.contains(&name) || name == UNCERTAINTY_FILE || ECONOMY_FILES.contains(&name)
}

/// The scenario subfolders a comparison in `dir` wrote, as its manifest lists them
/// (`control/timeseries.csv`, ...); only plain names directly inside `dir` are taken, so an
/// edited manifest cannot point the clearing elsewhere. Empty if `dir` holds no comparison.
fn compared_scenario_folders(dir: &Path) -> Vec<String> {
    /// A comparison's manifest holds its scenarios' settings: kilobytes, not megabytes.
    const MAX_MANIFEST_BYTES: u64 = 16 << 20;
    if std::fs::symlink_metadata(dir.join(COMPARISON_FILE)).is_err() {
        return Vec::new();
    }
    let Ok(file) = std::fs::File::open(dir.join(MANIFEST_FILE)) else {
        return Vec::new();
    };
    let mut text = String::new();
    if io::Read::read_to_string(&mut io::Read::take(file, MAX_MANIFEST_BYTES), &mut text).is_err() {
        return Vec::new();
    }
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let listed = manifest["outputs"].as_array().into_iter().flatten();
    let mut folders: Vec<String> = listed
        .filter_map(|output| {
            let (folder, file) = output.as_str()?.split_once('/')?;
            let plain = !folder.is_empty()
                && !folder.starts_with('.')
                && !folder.contains('\\')
                && is_scenario_folder_file(file);
            plain.then(|| folder.to_string())
        })
        .collect();
    folders.dedup();
    folders
}

/// Removes the file at `path` (a link itself, not what it points to). A folder there is not
/// orgsim's: an error, since the new file could not replace it.
fn remove_own_file(path: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Err(OutputError::new(
            "cannot replace",
            path,
            io::Error::other("it is a folder, which orgsim does not write there; move it away"),
        )),
        Ok(_) => std::fs::remove_file(path).map_err(|e| OutputError::new("cannot remove", path, e)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(OutputError::new("cannot remove", path, e)),
    }
}

/// Removes from the folder `sub` the files whose names are `owned` and their temp files, then
/// `sub` itself if nothing else is left in it; anything else (a file or folder of the user's)
/// stays. A link or file in place of the folder is removed itself.
fn clear_own_files(sub: &Path, owned: OwnedName) -> Result<(), OutputError> {
    let failed = |e: io::Error| OutputError::new("cannot remove", sub, e);
    match std::fs::symlink_metadata(sub) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return std::fs::remove_file(sub).map_err(failed),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(failed(e)),
    }
    for entry in std::fs::read_dir(sub).map_err(failed)? {
        let entry = entry.map_err(failed)?;
        let name = entry.file_name();
        let ours = name
            .to_str()
            .is_some_and(|n| owned(n) || temp_target(n).is_some_and(owned));
        if ours && !entry.file_type().map_err(failed)?.is_dir() {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(|e| OutputError::new("cannot remove", &path, e))?;
        }
    }
    match std::fs::remove_dir(sub) {
        Err(e) if e.kind() != io::ErrorKind::DirectoryNotEmpty => Err(failed(e)),
        _ => Ok(()),
    }
}

/// The first symbolic link on the way to `dir` (or `dir` itself) whose target does not exist,
/// with that target: creating `dir` through it fails with a bare "File exists".
pub fn dangling_link(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut ancestors: Vec<&Path> = dir.ancestors().collect();
    ancestors.reverse();
    ancestors.into_iter().find_map(|path| {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let target_missing = matches!(
            std::fs::metadata(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound
        );
        (is_link && target_missing)
            .then(|| Some((path.to_path_buf(), std::fs::read_link(path).ok()?)))
            .flatten()
    })
}

/// Creates `dir` if needed and checks that files can be created in it, so that a read-only or
/// otherwise unwritable folder is reported before any work, not after it. The probe file is
/// created new and never through a symbolic link.
pub fn prepare_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| OutputError::new("cannot create directory", dir, e))?;
    let probe = dir.join(format!(".orgsim-probe-{}", std::process::id()));
    create_own_file(&probe).map_err(|e| OutputError::new("cannot write into", dir, e))?;
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
            let stale = name.to_str().and_then(temp_target).is_some_and(|target| {
                RESULT_NAMES.contains(&target)
                    && RESULT_DIRS.iter().all(|(folder, _)| *folder != target)
            });
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
    fn clearing_removes_only_orgsims_file_names_inside_figures_and_parts() {
        let dir = scratch("own-names");
        let figures = dir.join(FIGURES_DIR);
        let parts = dir.join(PARTS_DIR);
        std::fs::create_dir_all(&figures).unwrap();
        std::fs::create_dir_all(&parts).unwrap();
        for name in [
            "overview.svg",
            "heatmap.png",
            ".sweep.svg.tmp-12",
            "my_slide.png",
        ] {
            std::fs::write(figures.join(name), "x").unwrap();
        }
        std::fs::create_dir_all(figures.join("sweep.png")).unwrap();
        for name in [
            "batch-00000000.part",
            ".batch-00000001.part.tmp-7",
            "notes.txt",
        ] {
            std::fs::write(parts.join(name), "x").unwrap();
        }
        clear_results(&dir, &[]).unwrap();
        let left = |d: &Path| {
            let mut names: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            names.sort();
            names
        };
        assert_eq!(left(&figures), ["my_slide.png", "sweep.png"]);
        assert_eq!(left(&parts), ["notes.txt"]);

        // Emptied of orgsim's files, the folders go too.
        std::fs::remove_file(parts.join("notes.txt")).unwrap();
        std::fs::write(parts.join("batch-00000003.part"), "x").unwrap();
        clear_results(&dir, &[]).unwrap();
        assert!(!parts.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn clearing_a_comparison_removes_the_run_files_of_its_listed_scenario_folders() {
        let dir = scratch("compared");
        let outside = dir.with_file_name(format!(
            "{}-outside",
            dir.file_name().unwrap().to_str().unwrap()
        ));
        std::fs::create_dir_all(dir.join("control")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join(TIMESERIES_FILE), "theirs").unwrap();
        std::fs::write(dir.join(COMPARISON_FILE), "x").unwrap();
        let manifest = format!(
            r#"{{"outputs": ["comparison.csv", "control/timeseries.csv", "control/manifest.json", "../{}/timeseries.csv", "manifest.json"]}}"#,
            outside.file_name().unwrap().to_str().unwrap()
        );
        std::fs::write(dir.join(MANIFEST_FILE), manifest).unwrap();
        std::fs::write(dir.join("control").join(TIMESERIES_FILE), "x").unwrap();
        std::fs::write(dir.join("control").join(MANIFEST_FILE), "x").unwrap();
        std::fs::write(dir.join("control/notes.txt"), "mine").unwrap();
        clear_results(&dir, &[]).unwrap();
        assert!(!dir.join("control").join(TIMESERIES_FILE).exists());
        assert!(!dir.join("control").join(MANIFEST_FILE).exists());
        assert!(dir.join("control/notes.txt").exists());
        assert!(outside.join(TIMESERIES_FILE).exists());
        std::fs::remove_file(dir.join("control/notes.txt")).unwrap();
        std::fs::write(dir.join(COMPARISON_FILE), "x").unwrap();
        std::fs::write(
            dir.join(MANIFEST_FILE),
            r#"{"outputs": ["control/groups.csv"]}"#,
        )
        .unwrap();
        clear_results(&dir, &[]).unwrap();
        assert!(
            !dir.join("control").exists(),
            "an emptied scenario folder goes"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&outside).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn clearing_does_not_follow_a_linked_folder_out_of_the_results() {
        let dir = scratch("linked");
        let elsewhere = scratch("linked-target");
        std::fs::write(elsewhere.join("overview.svg"), "theirs").unwrap();
        std::fs::write(elsewhere.join("batch-00000000.part"), "theirs").unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join(FIGURES_DIR)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join(PARTS_DIR)).unwrap();
        clear_results(&dir, &[]).unwrap();
        assert!(elsewhere.join("overview.svg").exists());
        assert!(elsewhere.join("batch-00000000.part").exists());
        assert!(
            std::fs::symlink_metadata(dir.join(PARTS_DIR)).is_err(),
            "the link goes"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&elsewhere).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_probe_does_not_follow_a_planted_link_and_dangling_links_are_named() {
        let dir = scratch("probe");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let probe = dir.join(format!(".orgsim-probe-{}", std::process::id()));
        std::os::unix::fs::symlink(&victim, &probe).unwrap();
        prepare_dir(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(std::fs::symlink_metadata(&probe).is_err());

        let link = dir.join("out");
        std::os::unix::fs::symlink(dir.join("missing"), &link).unwrap();
        let found = Some((link.clone(), dir.join("missing")));
        assert_eq!(dangling_link(&link), found);
        assert_eq!(dangling_link(&link.join("below")), found);
        assert_eq!(dangling_link(&dir), None);
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

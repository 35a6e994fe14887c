//! Mechanical rules of the codebase, checked as tests (after rust-analyzer's `tidy.rs`).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module starts with a `//!` doc saying what it owns and what it does not.
#[test]
fn every_source_file_starts_with_a_module_doc() {
    let mut files = vec![];
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 20);
    let missing: Vec<_> = files
        .iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .expect("utf-8 source")
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading //! doc: {missing:?}"
    );
}

/// The model does no I/O: no file, process or printing calls under src/model.
#[test]
fn the_model_does_no_io() {
    let mut files = vec![];
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model"),
        &mut files,
    );
    for file in files {
        let source = std::fs::read_to_string(&file).expect("utf-8 source");
        for forbidden in [
            "std::fs",
            "std::io",
            "println!",
            "eprintln!",
            "std::process",
            "rayon",
        ] {
            assert!(
                !source.contains(forbidden),
                "{} uses {forbidden}",
                file.display()
            );
        }
    }
}

/// Messages reach the terminal only through `eprintln_escaped!`/`println_escaped!` (defined in
/// src/cli/mod.rs), which escape control characters from user text: no bare `println!`,
/// `eprintln!`, `print!` or `eprint!` elsewhere in src (tests and the macros themselves aside).
#[test]
fn terminal_output_goes_through_the_escaping_macros() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    rust_files(&src, &mut files);
    let mut offenders = vec![];
    for file in &files {
        let text = std::fs::read_to_string(file).expect("utf-8 source");
        // Unit tests may print as they like.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, line) in code.lines().enumerate() {
            // `println!(` also matches `eprintln!(`, and `print!(` matches `eprint!(`; the
            // escaping macros are spelled `..._escaped!(` and match neither.
            let bare = (line.contains("println!(") || line.contains("print!("))
                && !line.contains("crate::ground::text::for_terminal")
                && !line.contains("orgsim::ground::text::for_terminal");
            if bare {
                offenders.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "print through eprintln_escaped!/println_escaped!:\n{}",
        offenders.join("\n")
    );
}

/// Every file of `dir` (recursively), whatever its extension.
fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            all_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Where `word` (any case) is followed by an optional `s`, space or `#` and then a digit, as
/// in a reference to a numbered issue or work session.
fn numbered_reference(line: &str, word: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.match_indices(word).any(|(at, _)| {
        let rest = lower[at + word.len()..].trim_start_matches(['s', ' ', '#']);
        rest.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Files that still hold such references (none: the list stays for a file being reworked
/// elsewhere). The list only shrinks: an entry whose file is clean fails the test.
const STILL_TO_CLEAN: &[&str] = &[];

/// The shipped docs stand alone: no reference to a document that is not in the repository
/// (the model's specification is docs/ODD.md), to numbered issues or to work sessions, in
/// source, tests, benches or docs.
#[test]
fn docs_and_code_refer_to_nothing_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    for dir in ["src", "tests", "benches", "docs"] {
        all_files(&root.join(dir), &mut files);
    }
    // Spelled in two halves so this file does not match itself.
    let unshipped = ["MODEL", ".md"].concat();
    let mut offenders = std::collections::BTreeMap::<String, Vec<String>>::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue; // images and other binary files
        };
        let name = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        for (i, line) in text.lines().enumerate() {
            if line.contains(&unshipped)
                || numbered_reference(line, "issue")
                || numbered_reference(line, "session")
            {
                offenders.entry(name.clone()).or_default().push(format!(
                    "{name}:{}: {}",
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    let unexpected: Vec<_> = offenders
        .iter()
        .filter(|(name, _)| !STILL_TO_CLEAN.contains(&name.as_str()))
        .flat_map(|(_, lines)| lines.iter().cloned())
        .collect();
    assert!(
        unexpected.is_empty(),
        "point at docs/ODD.md sections instead; say what changed, not when:\n{}",
        unexpected.join("\n")
    );
    let cleaned: Vec<_> = STILL_TO_CLEAN
        .iter()
        .filter(|name| !offenders.contains_key(**name))
        .collect();
    assert!(
        cleaned.is_empty(),
        "clean now, remove from STILL_TO_CLEAN: {cleaned:?}"
    );
}

/// Files that name test files by their paths from before the integration tests became one
/// binary; each is being reworked elsewhere and is to be updated there. The list only shrinks.
const STALE_TEST_PATHS_TO_UPDATE: &[&str] = &[];

/// Every test file named by its path in the sources, docs and CI scripts exists, so a reader
/// sent to a test finds it.
#[test]
fn test_files_named_in_docs_and_code_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    for dir in ["src", "tests", "benches", "docs", ".ci"] {
        all_files(&root.join(dir), &mut files);
    }
    let mut missing = vec![];
    let mut stale_files = std::collections::BTreeSet::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let name = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        for (at, _) in text.match_indices("tests/") {
            // The path runs over letters, digits, `_`, `/` and `.`, and must end in `.rs`.
            let path: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.'))
                .collect();
            let path = path.trim_end_matches('.');
            let preceded_by_word = text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/');
            if preceded_by_word || !path.ends_with(".rs") || root.join(path).exists() {
                continue;
            }
            stale_files.insert(name.clone());
            if !STALE_TEST_PATHS_TO_UPDATE.contains(&name.as_str()) {
                missing.push(format!("{name}: {path}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no such test file:\n{}",
        missing.join("\n")
    );
    let updated: Vec<_> = STALE_TEST_PATHS_TO_UPDATE
        .iter()
        .filter(|name| !stale_files.contains(**name))
        .collect();
    assert!(
        updated.is_empty(),
        "up to date now, remove from STALE_TEST_PATHS_TO_UPDATE: {updated:?}"
    );
}

/// The layers, lowest first: a file under `src/<layer>/` may use (`crate::<layer>`) its own
/// layer and those before it, never one after it.
const LAYERS: [&str; 7] = [
    "ground",
    "model",
    "scenario",
    "engine",
    "experiment",
    "output",
    "cli",
];

/// Imports that still go upward, as (file, layer it imports); each is to be removed by
/// moving the piece it needs down a floor. The list only shrinks: an entry whose import is
/// gone fails the test, and a new upward import is not accepted.
const UPWARD_IMPORTS_TO_REMOVE: &[(&str, &str)] = &[];

/// Layers import one way: the ground floor imports nothing of the crate, and no layer
/// imports one above it (beyond the shrinking list of imports still to remove).
#[test]
fn layers_import_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut upward = std::collections::BTreeSet::new();
    for (rank, layer) in LAYERS.iter().enumerate() {
        let mut files = vec![];
        rust_files(&root.join("src").join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer} has no files");
        for file in files {
            let name = file
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let source = std::fs::read_to_string(&file).expect("utf-8 source");
            // The code, not its unit tests or comments (a doc may point at a higher layer).
            let code = source.split("#[cfg(test)]").next().unwrap_or("");
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let used: String = line[at + "crate::".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(used_rank) = LAYERS.iter().position(|l| *l == used)
                        && used_rank > rank
                    {
                        upward.insert((name.clone(), LAYERS[used_rank].to_string()));
                    }
                }
            }
        }
    }
    let new: Vec<_> = upward
        .iter()
        .filter(|(file, layer)| {
            !UPWARD_IMPORTS_TO_REMOVE.contains(&(file.as_str(), layer.as_str()))
        })
        .collect();
    assert!(
        new.is_empty(),
        "imports of a higher layer (move what they need down a floor): {new:?}"
    );
    let gone: Vec<_> = UPWARD_IMPORTS_TO_REMOVE
        .iter()
        .filter(|(file, layer)| !upward.contains(&(file.to_string(), layer.to_string())))
        .collect();
    assert!(
        gone.is_empty(),
        "removed now, drop from UPWARD_IMPORTS_TO_REMOVE: {gone:?}"
    );
    assert!(
        !UPWARD_IMPORTS_TO_REMOVE
            .iter()
            .any(|(file, _)| file.starts_with("src/ground/")),
        "the ground floor imports nothing of the crate"
    );
}

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
                && !line.contains("crate::text::for_terminal")
                && !line.contains("orgsim::text::for_terminal");
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

//! A scenario's or sweep's name is its default output folder `results/<name>`, so a name
//! that is not one plain folder name is refused at validation, by every command, with exit
//! code 2 and the key's position: empty, `.`, `..`, with `/`, `\`, NUL or a control
//! character, or longer than 255 bytes; written in the file, given with `--set name=...`, or
//! taken from the file name. Nothing is written anywhere, inside the working folder or out.

use crate::common;

use common::text;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The names refused, as TOML string literals, with a word for the test's messages.
fn bad_names(root: &Path) -> Vec<(String, &'static str)> {
    vec![
        ("\"\"".into(), "empty"),
        ("\"   \"".into(), "blank"),
        ("\".\"".into(), "dot"),
        ("\"..\"".into(), "dot-dot"),
        ("\"../../escaped\"".into(), "climbing"),
        (format!("'{}'", root.join("absolute").display()), "absolute"),
        ("'a\\b'".into(), "backslash"),
        ("\"a\\u0000b\"".into(), "NUL"),
        ("\"red\\u001b[31m\"".into(), "ESC"),
        (format!("\"{}\"", "x".repeat(256)), "256 bytes"),
    ]
}

/// A fresh folder holding `work/deep/cwd`, the working folder the commands run in, so that
/// `results/../../x` lands inside it and can be looked for.
fn sandbox(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("orgsim-names-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&root).ok();
    let cwd = root.join("deep").join("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    (root, cwd)
}

fn orgsim_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("orgsim runs")
}

/// Every file and folder under `root`, relative to it.
fn tree(root: &Path) -> Vec<PathBuf> {
    let mut found = vec![];
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            found.push(path.strip_prefix(root).unwrap().to_path_buf());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Exit code 2, the message about the name (with `needles`), and nothing new under `root`.
fn refused(result: &Output, root: &Path, before: &[PathBuf], what: &str, needles: &[&str]) {
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{what}:\n{stderr}");
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{what}: `{needle}` missing:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{what}:\n{stderr}");
    assert_eq!(tree(root), before, "{what} wrote files");
}

#[test]
fn every_command_refuses_a_name_that_is_not_one_folder_name() {
    let (root, cwd) = sandbox("file");
    for (literal, what) in bad_names(&root) {
        let scenario = cwd.join("scenario.toml");
        std::fs::write(&scenario, format!("name = {literal}\nmonths = 2\n")).unwrap();
        let sweep = cwd.join("sweep.toml");
        std::fs::write(
            &sweep,
            format!("name = {literal}\n[[vary]]\nkey = \"months\"\nvalues = [1, 2]\n"),
        )
        .unwrap();
        let before = tree(&root);
        let message = "error: `name` cannot be used as a folder name";
        for (command, file) in [
            ("validate", "scenario.toml"),
            ("run", "scenario.toml"),
            ("sweep", "sweep.toml"),
        ] {
            let result = orgsim_in(&cwd, &[command, file]);
            refused(
                &result,
                &root,
                &before,
                &format!("{command} with a {what} name"),
                &[
                    message,
                    &format!("--> {file}:1:8"),
                    "help: write e.g. `name = \"",
                ],
            );
        }
        let result = orgsim_in(&cwd, &["compare", "scenario.toml", "scenario.toml"]);
        refused(
            &result,
            &root,
            &before,
            &format!("compare, {what}"),
            &[message],
        );
        let result = orgsim_in(&cwd, &["slurm", "sweep.toml", "--tasks", "2"]);
        refused(
            &result,
            &root,
            &before,
            &format!("slurm, {what}"),
            &[message],
        );
    }
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_name_given_with_set_is_held_to_the_same_rule() {
    let (root, cwd) = sandbox("set");
    let absolute = root.join("absolute");
    let long = "x".repeat(256);
    let before = tree(&root);
    for name in [
        "",
        ".",
        "..",
        "../../escaped",
        absolute.to_str().unwrap(),
        "a\\b",
        "red\u{1b}[31m",
        &long,
    ] {
        let set = format!("name={name}");
        for command in ["run", "compare"] {
            let args: Vec<&str> = match command {
                "run" => vec!["run", "--set", &set],
                _ => vec!["compare", "/dev/null", "/dev/null", "--set", &set],
            };
            let result = orgsim_in(&cwd, &args);
            refused(
                &result,
                &root,
                &before,
                &format!("{command} --set {name:?}"),
                &[
                    "error: `name` cannot be used as a folder name",
                    "help: write e.g. `--set name=",
                ],
            );
        }
    }
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_name_taken_from_the_file_name_is_held_to_the_same_rule() {
    let (root, cwd) = sandbox("stem");
    // `..toml` has the stem `.`; the other has an escape sequence in its name.
    for file in ["..toml", "title\u{1b}]0;x\u{7}.toml"] {
        std::fs::write(cwd.join(file), "months = 2\n").unwrap();
        let before = tree(&root);
        for command in ["validate", "run", "sweep"] {
            let result = orgsim_in(&cwd, &[command, file]);
            refused(
                &result,
                &root,
                &before,
                &format!("{command} {file:?}"),
                &["cannot be used as the", "help: give the"],
            );
        }
        std::fs::remove_file(cwd.join(file)).unwrap();
    }
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn ordinary_names_still_name_the_output_folder() {
    let (root, cwd) = sandbox("ok");
    std::fs::write(
        cwd.join("s.toml"),
        "name = \"coaching, 2nd try (é)\"\nmonths = 2\nreplications = 2\n[organisation]\nteams = 2\nteam_size = 3\n",
    )
    .unwrap();
    let result = orgsim_in(
        &cwd,
        &["run", "s.toml", "-q", "--no-report", "--no-figures"],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(
        cwd.join("results/coaching, 2nd try (é)/manifest.json")
            .is_file()
    );
    std::fs::remove_dir_all(&root).ok();
}

/// Two names of 200 bytes are each a folder name, but `compare-<a>-vs-<b>` would not be: the
/// default folder of a comparison is cut to 255 bytes.
#[test]
fn a_comparison_of_long_names_gets_a_folder_name_of_at_most_255_bytes() {
    let (root, cwd) = sandbox("compare");
    let scenario = |name: &str| {
        format!(
            "name = \"{name}\"\nmonths = 2\nreplications = 2\n[organisation]\nteams = 2\nteam_size = 3\n"
        )
    };
    std::fs::write(cwd.join("a.toml"), scenario(&"a".repeat(200))).unwrap();
    std::fs::write(cwd.join("b.toml"), scenario(&"b".repeat(200))).unwrap();
    let result = orgsim_in(
        &cwd,
        &[
            "compare",
            "a.toml",
            "b.toml",
            "-q",
            "--no-report",
            "--no-figures",
        ],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let folder = format!("compare-{}-vs-{}", "a".repeat(200), "b".repeat(200));
    let folder = &folder[..255];
    assert!(
        cwd.join("results")
            .join(folder)
            .join("manifest.json")
            .is_file()
    );
    std::fs::remove_dir_all(&root).ok();
}

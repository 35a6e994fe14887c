//! `compare --variant "LABEL: key=value, ..."`: a variant of the first scenario without a
//! file gives what a file with the same change gives, under its label; bad variants exit 2.

use crate::common::{orgsim, repo_path, temp_dir, text};

/// comparison.csv's rows from the third column on (scenario label onward), minus the label.
fn rows(dir: &std::path::Path, label: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join("comparison.csv"))
        .unwrap()
        .lines()
        .filter(|l| l.split(',').nth(2) == Some(label))
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            format!("{},{},{}", cells[0], cells[1], cells[3..].join(","))
        })
        .collect()
}

#[test]
fn a_variant_equals_a_file_with_the_same_change_under_its_label() {
    let dir = temp_dir("variants", "same");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("loss.toml");
    std::fs::write(
        &file,
        format!(
            "base = \"{}\"\nname = \"loss\"\n[parameters]\ntrust_loss_rate = 0.4\nb_trust = 2.5\n",
            repo_path("scenarios/coaching.toml").display()
        ),
    )
    .unwrap();
    let (with_variant, with_file) = (dir.join("variant"), dir.join("file"));
    let run = orgsim(&[
        "compare",
        "scenarios/coaching.toml",
        "--variant",
        "faster trust loss: parameters.trust_loss_rate=0.4, parameters.b_trust=2.5",
        "-n",
        "6",
        "--no-report",
        "--no-figures",
        "-q",
        "-o",
        with_variant.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let run = orgsim(&[
        "compare",
        "scenarios/coaching.toml",
        file.to_str().unwrap(),
        "-n",
        "6",
        "--no-report",
        "--no-figures",
        "-q",
        "-o",
        with_file.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let variant_rows = rows(&with_variant, "faster trust loss");
    assert!(
        !variant_rows.is_empty(),
        "the label names the variant's rows"
    );
    assert_eq!(variant_rows, rows(&with_file, "loss"));
    let manifest = std::fs::read_to_string(with_variant.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("--variant"),
        "the manifest says where the variant came from"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_variants_are_refused_with_exit_code_2() {
    for (variant, needle) in [
        ("no label here", "has no label"),
        (": months=24", "empty label"),
        ("nothing:", "changes nothing"),
        ("half: months", "not an assignment"),
        ("too fast: parameters.trust_loss_rate=9", "out of range"),
        ("typo: parameters.trust_los_rate=0.2", "trust_los_rate"),
    ] {
        let out = orgsim(&["compare", "scenarios/coaching.toml", "--variant", variant]);
        assert_eq!(out.status.code(), Some(2), "{variant}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{variant}: {err}");
    }
    // One file and no variant is too few.
    let out = orgsim(&["compare", "scenarios/coaching.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--variant"));
}

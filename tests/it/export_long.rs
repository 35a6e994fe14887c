//! `orgsim export DIR --long`: one tidy table per results folder (run, comparison, sweep)
//! with the varied keys as plain columns, and the README's pandas and R recipes run on it
//! (when python3 with pandas, or Rscript, is installed; skipped visibly otherwise).

use crate::common::{orgsim, repo_path, skip_unless_required, temp_dir, text};
use std::path::Path;
use std::process::Command;

fn header_and_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let body = std::fs::read_to_string(path).unwrap();
    let mut lines = body.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// The README's code block after the marker `<!-- recipe: NAME ...-->`, exactly as users read
/// it (it reads `results/style_table/long.csv`, so it is run from a folder that has one).
fn recipe(name: &str) -> String {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let marker = format!("<!-- recipe: {name} ");
    let at = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("no `{marker}` in the README"));
    let fence = at
        + readme[at..]
            .find("```")
            .expect("a code block after the marker");
    let start = fence + readme[fence..].find('\n').unwrap() + 1;
    let end = start + readme[start..].find("```").expect("the code block ends");
    readme[start..end].to_string()
}

/// `orgsim COMMAND… -o OUT` quietly, without report and figures (a run, comparison or sweep),
/// then `orgsim export OUT --long` with `export`'s further arguments; asserts both succeeded.
fn results_then_export(command: &[&str], out: &Path, export: &[&str]) {
    let out = out.to_str().unwrap();
    let mut args = command.to_vec();
    args.extend(["-q", "--no-report", "--no-figures", "-o", out]);
    let run = orgsim(&args);
    assert!(run.status.success(), "{args:?}: {}", text(&run.stderr));
    let mut args = vec!["export", out, "--long", "-q"];
    args.extend_from_slice(export);
    let exported = orgsim(&args);
    assert!(
        exported.status.success(),
        "{args:?}: {}",
        text(&exported.stderr)
    );
}

/// The README's recipes: (name, program, its arguments that succeed where the recipe's
/// language is installed, the program's flag before a script, what is missing otherwise, the
/// variable that makes a skip a failure).
type Recipe = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
);
const RECIPES: [Recipe; 2] = [
    (
        "pandas",
        "python3",
        &["-c", "import pandas"],
        "-c",
        "python3 with pandas",
        "ORGSIM_REQUIRE_PANDAS",
    ),
    (
        "R",
        "Rscript",
        &["--version"],
        "-e",
        "Rscript",
        "ORGSIM_REQUIRE_R",
    ),
];

/// Runs the README's `recipe` in `folder` where its language is installed: the recipe is
/// five lines at most and prints the coaching style, 0.9. Otherwise says visibly that it was
/// skipped (a failure where its variable is 1).
fn run_recipe(readme_recipe: &Recipe, folder: &Path) {
    let (name, program, probe, flag, missing, require_var) = *readme_recipe;
    let installed = Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        skip_unless_required(
            &format!("the {name} recipe"),
            require_var,
            &format!(
                "skipped: {missing} is not installed, so the README's {name} recipe was not run"
            ),
        );
        return;
    }
    let script = recipe(name);
    assert!(script.lines().count() <= 5, "{script}");
    let out = Command::new(program)
        .args([flag, &script])
        .current_dir(folder)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0.9"), "{}", text(&out.stdout));
}

#[test]
fn a_sweep_exports_one_row_per_replication_month_and_metric_with_its_varied_keys() {
    let dir = temp_dir("export", "sweep");
    let out = dir.join("sweep");
    results_then_export(&["sweep", "scenarios/sweeps/style_table.toml"], &out, &[]);
    let long = out.join("long.csv");
    // Where the README's recipes look for it, relative to the folder they run in.
    let recipes = dir.join("recipes");
    std::fs::create_dir_all(recipes.join("results/style_table")).unwrap();
    std::fs::copy(&long, recipes.join("results/style_table/long.csv")).unwrap();
    let (header, rows) = header_and_rows(&long);
    assert_eq!(
        header,
        [
            "scenario",
            "point",
            "replication",
            "month",
            "metric",
            "value",
            "style_mean",
            "coaching_skill_mean",
            "trust_in_team"
        ]
    );
    // 3 points × 20 replications × 37 months × 5 metrics.
    assert_eq!(rows.len(), 3 * 20 * 37 * 5);
    let coaching: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "2").collect();
    assert!(coaching.iter().all(|r| r[6] == "0.9" && r[7] == "0.7"));
    // The columns the README's recipes use.
    for column in ["metric", "month", "value", "style_mean"] {
        assert!(header.iter().any(|h| h == column), "{column}");
    }
    assert!(rows.iter().any(|r| r[3] == "36" && r[4] == "performance"));

    // The recipes themselves, where their language is installed.
    for r in &RECIPES {
        run_recipe(r, &recipes);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_comparison_exports_the_values_that_differ_between_its_scenarios() {
    let dir = temp_dir("export", "compare");
    let out = dir.join("cmp");
    let target = dir.join("table.csv");
    let compare = [
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "--variant",
        "loss: parameters.trust_loss_rate=0.4",
        "-n",
        "3",
    ];
    results_then_export(&compare, &out, &["-o", target.to_str().unwrap()]);
    let (header, rows) = header_and_rows(&target);
    assert_eq!(
        header[..5],
        ["scenario", "replication", "month", "metric", "value"]
    );
    assert_eq!(header[5..], ["style_mean", "trust_loss_rate"]);
    let style = |label: &str| {
        rows.iter()
            .find(|r| r[0] == label)
            .map(|r| (r[5].clone(), r[6].clone()))
            .unwrap()
    };
    assert_eq!(style("control").0, "0.05");
    assert_eq!(style("coaching").0, "0.9");
    assert_eq!(style("loss"), ("0.05".into(), "0.4".into()));
    // Again without --force: refused.
    let again = orgsim(&[
        "export",
        out.to_str().unwrap(),
        "--long",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_without_results_or_a_missing_table_choice_exits_2() {
    let out = orgsim(&["export", "scenarios", "--long"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no orgsim results"));
    let out = orgsim(&["export", "scenarios"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--long"));
}

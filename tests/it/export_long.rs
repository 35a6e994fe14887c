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

#[test]
fn a_sweep_exports_one_row_per_replication_month_and_metric_with_its_varied_keys() {
    let dir = temp_dir("export", "sweep");
    let out = dir.join("sweep");
    let run = orgsim(&[
        "sweep",
        "scenarios/sweeps/style_table.toml",
        "--no-report",
        "--no-figures",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let export = orgsim(&["export", out.to_str().unwrap(), "--long", "-q"]);
    assert!(export.status.success(), "{}", text(&export.stderr));
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
    let pandas = Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if pandas {
        let script = recipe("pandas");
        assert!(script.lines().count() <= 5, "{script}");
        let out = Command::new("python3")
            .args(["-c", &script])
            .current_dir(&recipes)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("0.9"), "{}", text(&out.stdout));
    } else {
        skip_unless_required(
            "the pandas recipe",
            "ORGSIM_REQUIRE_PANDAS",
            "skipped: python3 with pandas is not installed, so the README's pandas recipe was not run",
        );
    }
    let r = Command::new("Rscript")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if r {
        let script = recipe("R");
        assert!(script.lines().count() <= 5, "{script}");
        let out = Command::new("Rscript")
            .args(["-e", &script])
            .current_dir(&recipes)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("0.9"), "{}", text(&out.stdout));
    } else {
        skip_unless_required(
            "the R recipe",
            "ORGSIM_REQUIRE_R",
            "skipped: Rscript is not installed, so the README's R recipe was not run",
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_comparison_exports_the_values_that_differ_between_its_scenarios() {
    let dir = temp_dir("export", "compare");
    let out = dir.join("cmp");
    let run = orgsim(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "--variant",
        "loss: parameters.trust_loss_rate=0.4",
        "-n",
        "3",
        "-q",
        "--no-report",
        "--no-figures",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let target = dir.join("table.csv");
    let export = orgsim(&[
        "export",
        out.to_str().unwrap(),
        "--long",
        "-q",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(export.status.success(), "{}", text(&export.stderr));
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

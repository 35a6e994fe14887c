//! `orgsim run` and `orgsim compare` on the shipped small economy, end to end: the per-sector
//! and per-region tables, figures and report are written, the terminal table says the numbers
//! are illustrative, a policy comparison pairs its policies, and an economy cannot be compared
//! with a single organisation.

use crate::common::{orgsim, orgsim_ok, temp_dir, text};
use orgsim::output::results_folder::CsvTable;

const SMALL: &str = "scenarios/economy/small_economy.toml";

#[test]
fn running_an_economy_writes_its_sector_and_region_tables_figures_and_report() {
    let dir = temp_dir("economy-cli", "run");
    let out = dir.to_str().unwrap();
    let stdout = orgsim_ok(&["run", SMALL, "--out", out]);
    assert!(stdout.contains("illustrative"), "{stdout}");
    for sector in ["healthcare", "manufacturing", "education"] {
        assert!(stdout.contains(sector), "{sector} missing from:\n{stdout}");
    }
    for file in [
        "sectors.csv",
        "regions.csv",
        "economy_summary.csv",
        "timeseries.csv",
        "summary.csv",
        "manifest.json",
        "report.html",
        "figures/adoption.svg",
        "figures/regions.svg",
    ] {
        assert!(dir.join(file).is_file(), "{file} was not written");
    }
    let sectors = CsvTable::read(&dir.join("sectors.csv")).unwrap();
    let adopters = sectors.column("adopters").unwrap();
    let month = sectors.column("month").unwrap();
    let at = |m: &str| -> u64 {
        sectors
            .rows
            .iter()
            .filter(|r| r.get(month) == Some(m))
            .map(|r| r.get(adopters).unwrap().parse::<u64>().unwrap())
            .sum()
    };
    assert_eq!(at("0"), 0, "nobody has adopted at month 0");
    assert!(at("60") > 0, "nobody adopted in five years");
    let regions = CsvTable::read(&dir.join("regions.csv")).unwrap();
    assert!(regions.column("moved_in").is_some());
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(report.contains("A sector and a region"));
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"economy\""));

    // `orgsim plot --lang nl` draws the economy's figures in Dutch with the others.
    let adoption = || std::fs::read_to_string(dir.join("figures/adoption.svg")).unwrap();
    assert!(adoption().contains("xml:lang=\"en\""));
    orgsim_ok(&["plot", out, "-q", "--lang", "nl"]);
    let dutch = adoption();
    assert!(dutch.contains("xml:lang=\"nl\""));
    assert!(
        dutch.contains("Adoptie van het programma per sector"),
        "{dutch}"
    );
    assert!(!dutch.contains("Adoption of the programme by sector"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn comparing_economy_policies_pairs_them_and_mixing_kinds_is_refused() {
    let dir = temp_dir("economy-cli", "compare");
    let out = dir.to_str().unwrap();
    let stdout = orgsim_ok(&[
        "compare",
        SMALL,
        "--variant",
        "no imitation: economy.adoption.imitation=0",
        "--out",
        out,
        "--no-figures",
        "--no-report",
    ]);
    assert!(stdout.contains("no imitation"), "{stdout}");
    let table = CsvTable::read(&dir.join("economy_comparison.csv")).unwrap();
    assert!(!table.rows.is_empty());

    let mixed = orgsim(&["compare", SMALL, "scenarios/control.toml", "--out", out]);
    assert_eq!(mixed.status.code(), Some(2), "{}", text(&mixed.stderr));
    assert!(text(&mixed.stderr).contains("economies"));
    let _ = std::fs::remove_dir_all(&dir);
}

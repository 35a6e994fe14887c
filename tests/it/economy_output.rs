//! The economy's tables, figures, report and policy comparison, written from synthetic
//! replications (an S-curve of adopters per sector, shifted by replication): columns and row
//! counts, summary statistics against a direct computation, the figures' series, the Dutch
//! report, the paired differences of a comparison and what `--force` clears.

use crate::common::economy::{default_adoption, default_growth, default_labour};
use crate::common::{orgsim, scenario, temp_dir, text};
use orgsim::cli::economy::{AfterSimulation, finish_economy_compare, finish_economy_run};
use orgsim::experiment::economy_compare::{
    AreaMetric, Level, areas, compare_economies, comparison_months, replication_values,
};
use orgsim::ground::stats::{quantile_type7, t_quantile_975};
use orgsim::model::economy::{
    AreaRow, Economy, EconomyPolicy, EconomyReplication, FirmSizes, OrganisationRow, Region, Sector,
};
use orgsim::model::metrics::{METRIC_COUNT, Metric, ReplicationResult};
use orgsim::output::Manifest;
use orgsim::output::compare::CompareManifest;
use orgsim::output::economy::write_economy_outputs;
use orgsim::output::figures::economy::{EconomyFigure, render_economy};
use orgsim::output::figures::{Format, write_figures};
use orgsim::output::folder::clear_results;
use orgsim::output::report::{Lang, ReportOptions, write_report_with};
use orgsim::output::results_folder::economy::{read_economy_comparison, read_economy_summary};
use orgsim::output::results_folder::{
    CsvTable, ECONOMY_COMPARISON_FILE, ECONOMY_SUMMARY_FILE, FolderKind, MANIFEST_FILE,
    ORGANISATIONS_FILE, REGIONS_FILE, SECTORS_FILE, folder_kind,
};
use orgsim::scenario::Scenario;
use std::path::Path;

const SECTORS: [&str; 3] = ["healthcare", "manufacturing", "ict"];
const REGIONS: [&str; 2] = ["randstad", "north"];
const MONTHS: usize = 48;
const REPLICATIONS: u32 = 4;
const PER_SECTOR: u32 = 60;

/// An economy scenario over the default organisation: three sectors, two regions.
fn economy_scenario(per_organisation: bool) -> Scenario {
    let mut s = scenario("default", &["months=48", "replications=4", "name=\"econ\""]);
    let preset = Box::new(s.clone());
    s.economy = Some(Box::new(Economy {
        organisations: PER_SECTOR * SECTORS.len() as u32,
        sizes: FirmSizes {
            min_employees: 10,
            max_employees: 200,
            tail: 1.2,
        },
        sectors: SECTORS
            .iter()
            .map(|name| Sector {
                name: name.to_string(),
                share: 1.0 / 3.0,
                preset_path: "default".into(),
                preset: preset.clone(),
                programme_cost_factor: 1.0,
                demand_growth: 0.0,
            })
            .collect(),
        regions: REGIONS
            .iter()
            .map(|name| Region {
                name: name.to_string(),
                share: 0.5,
                tightness: 0.5,
                density: 0.2,
            })
            .collect(),
        programme: Vec::new(),
        adoption: default_adoption(),
        growth: default_growth(),
        labour: default_labour(),
        policy: EconomyPolicy::default(),
        per_organisation,
    }));
    s
}

/// Adopters of sector `s` in month `m` of replication `r` under a policy that speeds
/// adoption by `speed`: a logistic S-curve whose midpoint moves with sector and replication.
fn adopters(s: usize, m: usize, r: u32, speed: f64) -> u32 {
    let mid = 8.0 + 3.0 * s as f64 + 0.7 * f64::from(r) - speed;
    let share = 0.8 / (1.0 + (-(m as f64 - mid) / 2.0).exp());
    (share * f64::from(PER_SECTOR)).round() as u32
}

fn area_row(adopters: u32, ever: u32, organisations: u32, employment: u32, pool: u32) -> AreaRow {
    let output = f64::from(employment) * (1.0 + 0.001 * f64::from(adopters));
    AreaRow {
        organisations,
        adopters,
        ever_adopted: ever,
        employment,
        output,
        output_per_employee: output / f64::from(employment),
        retention: 0.85 + 0.0005 * f64::from(adopters),
        agility: f64::NAN,
        programme_spending: 2.0 * f64::from(adopters),
        subsidy_paid: f64::from(adopters),
        labour_pool: pool,
        hires_from_pool: adopters / 3,
        pool_joins: adopters / 4,
        pool_outflow: adopters / 5,
        moved_in: adopters / 6,
        moved_out: adopters / 7,
    }
}

/// One replication: sectors on S-curves, each region holding half of every sector.
fn replication(r: u32, speed: f64, per_organisation: bool) -> EconomyReplication {
    let mut sectors = Vec::new();
    let mut regions = Vec::new();
    let mut aggregate = Vec::new();
    let mut organisations = Vec::new();
    for m in 0..=MONTHS {
        let rows: Vec<AreaRow> = (0..SECTORS.len())
            .map(|s| {
                let a = adopters(s, m, r, speed);
                let employment = 1000 * (s as u32 + 1) + 5 * m as u32 + r;
                area_row(a, a, PER_SECTOR, employment, 0)
            })
            .collect();
        let half = |f: fn(&AreaRow) -> u32| rows.iter().map(f).sum::<u32>() / 2;
        let region_rows: Vec<AreaRow> = (0..REGIONS.len())
            .map(|g| {
                area_row(
                    half(|x| x.adopters),
                    half(|x| x.ever_adopted),
                    half(|x| x.organisations),
                    half(|x| x.employment) + g as u32,
                    50 + m as u32,
                )
            })
            .collect();
        let mut metrics = [0.0; METRIC_COUNT];
        metrics[Metric::Performance as usize] = 1.0 + 0.01 * m as f64;
        metrics[Metric::Retention as usize] = 0.9;
        aggregate.push(metrics);
        if per_organisation {
            organisations.push(
                (0..6)
                    .map(|o| OrganisationRow {
                        organisation: o,
                        sector: (o % 3) as u16,
                        region: (o % 2) as u16,
                        alive: true,
                        adopted: m > 10,
                        employees: 20,
                        performance: 1.0,
                        retention: 0.9,
                    })
                    .collect(),
            );
        }
        sectors.push(rows);
        regions.push(region_rows);
    }
    EconomyReplication {
        aggregate: ReplicationResult {
            replication: r,
            months: aggregate,
            groups: vec![Vec::new(); MONTHS + 1],
            events: Vec::new(),
        },
        sectors,
        regions,
        organisations,
    }
}

fn replications(speed: f64, per_organisation: bool) -> Vec<EconomyReplication> {
    (0..REPLICATIONS)
        .map(|r| replication(r, speed, per_organisation))
        .collect()
}

fn write_run(dir: &Path, per_organisation: bool) -> (Scenario, Vec<EconomyReplication>) {
    let s = economy_scenario(per_organisation);
    let reps = replications(0.0, per_organisation);
    let mut manifest = Manifest::new(&s, ["orgsim".to_string()], 1);
    manifest.finish();
    write_economy_outputs(dir, &s, &reps, &manifest).unwrap();
    (s, reps)
}

#[test]
fn tables_have_their_columns_and_a_row_per_replication_month_and_area() {
    let dir = temp_dir("economy-output", "tables");
    write_run(&dir, false);
    let sectors = CsvTable::read(&dir.join(SECTORS_FILE)).unwrap();
    assert_eq!(
        sectors.columns,
        [
            "replication",
            "month",
            "sector",
            "organisations",
            "adopters",
            "adoption_share",
            "ever_adopted",
            "employment",
            "output",
            "output_per_employee",
            "retention",
            "agility",
            "programme_spending",
            "subsidy_paid",
            "labour_pool",
            "hires_from_pool",
            "pool_joins",
            "pool_outflow",
            "moved_in",
            "moved_out"
        ]
    );
    let rows = REPLICATIONS as usize * (MONTHS + 1);
    assert_eq!(sectors.rows.len(), rows * SECTORS.len());
    let regions = CsvTable::read(&dir.join(REGIONS_FILE)).unwrap();
    assert_eq!(regions.columns[2], "region");
    assert_eq!(regions.rows.len(), rows * REGIONS.len());
    let shares: Vec<f64> = sectors
        .rows
        .iter()
        .map(|r| sectors.get(r, "adoption_share").parse().unwrap())
        .collect();
    assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)));
    assert!(!dir.join(ORGANISATIONS_FILE).exists());
    assert_eq!(folder_kind(&dir), Ok(FolderKind::Economy));
    let manifest = std::fs::read_to_string(dir.join(MANIFEST_FILE)).unwrap();
    for name in [
        SECTORS_FILE,
        REGIONS_FILE,
        ECONOMY_SUMMARY_FILE,
        "summary.csv",
    ] {
        assert!(
            manifest.contains(&format!("\"{name}\"")),
            "{name} not listed"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();

    let dir = temp_dir("economy-output", "organisations");
    write_run(&dir, true);
    let orgs = CsvTable::read(&dir.join(ORGANISATIONS_FILE)).unwrap();
    assert_eq!(orgs.columns[..3], ["replication", "month", "organisation"]);
    assert_eq!(orgs.rows.len(), REPLICATIONS as usize * (MONTHS + 1) * 6);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn summary_statistics_match_a_direct_computation() {
    let dir = temp_dir("economy-output", "summary");
    let (s, reps) = write_run(&dir, false);
    let rows = read_economy_summary(&dir.join(ECONOMY_SUMMARY_FILE)).unwrap();
    let month = 12;
    for (level, area, index) in [
        (Level::Sector, "manufacturing", 1usize),
        (Level::Economy, "all", 0),
    ] {
        // Directly from the synthetic rows: adopters / organisations per replication.
        let values: Vec<f64> = reps
            .iter()
            .map(|r| match level {
                Level::Sector => {
                    let row = r.sectors[month][index];
                    f64::from(row.adopters) / f64::from(row.organisations)
                }
                _ => {
                    let a: u32 = r.sectors[month].iter().map(|x| x.adopters).sum();
                    let o: u32 = r.sectors[month].iter().map(|x| x.organisations).sum();
                    f64::from(a) / f64::from(o)
                }
            })
            .collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let half = t_quantile_975(values.len() as u64 - 1) * sd / n.sqrt();
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let row = rows
            .iter()
            .find(|r| {
                r.level == level
                    && r.area == area
                    && r.month == month as u32
                    && r.metric == "adoption_share"
            })
            .unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1e-9);
        assert_eq!(row.stats.n, u64::from(REPLICATIONS));
        assert!(close(row.stats.mean, mean), "{} vs {mean}", row.stats.mean);
        assert!(close(row.stats.sd, sd));
        assert!(close(row.stats.ci_low, mean - half) && close(row.stats.ci_high, mean + half));
        assert!(close(row.pi.0, quantile_type7(&sorted, 0.05)));
        assert!(close(row.pi.1, quantile_type7(&sorted, 0.95)));
    }
    // The months to half adoption: at the horizon only, within the run.
    let half: Vec<_> = rows
        .iter()
        .filter(|r| r.metric == "months_to_half_adoption")
        .collect();
    assert!(half.iter().all(|r| r.month == MONTHS as u32));
    assert_eq!(half.len(), 1 + SECTORS.len() + REGIONS.len());
    assert!(
        half.iter()
            .all(|r| r.stats.mean > 0.0 && r.stats.mean < MONTHS as f64)
    );
    // Later sectors adopt later.
    let sector_half = |name: &str| half.iter().find(|r| r.area == name).unwrap().stats.mean;
    assert!(sector_half("healthcare") < sector_half("ict"));
    let table = orgsim::output::economy::economy_table(&s, &reps);
    assert!(table.contains("illustrative") && table.contains("manufacturing"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn figures_are_valid_svg_with_one_series_per_sector() {
    let dir = temp_dir("economy-output", "figures");
    write_run(&dir, false);
    let rows = read_economy_summary(&dir.join(ECONOMY_SUMMARY_FILE)).unwrap();
    let adoption = EconomyFigure::adoption(&rows, Lang::En);
    // One line per sector and one for the whole economy.
    assert_eq!(adoption.series_count(), SECTORS.len() + 1);
    let regions = EconomyFigure::regions(&rows, Lang::En);
    assert_eq!(regions.series_count(), 2 * REGIONS.len());
    for figure in [&adoption, &regions] {
        let svg = String::from_utf8(render_economy(figure, Format::Svg).unwrap()).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not XML: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
    }
    let svg = String::from_utf8(render_economy(&adoption, Format::Svg).unwrap()).unwrap();
    for name in SECTORS {
        assert!(svg.contains(name), "legend lacks {name}");
    }
    let nl = String::from_utf8(
        render_economy(&EconomyFigure::regions(&rows, Lang::Nl), Format::Svg).unwrap(),
    )
    .unwrap();
    assert!(nl.contains("Werkgelegenheid"));
    // Drawn with the other figures, as orgsim plot draws them.
    let written = write_figures(&dir, &[]).unwrap();
    for name in [
        "adoption.svg",
        "adoption.png",
        "regions.svg",
        "overview.svg",
    ] {
        assert!(written.iter().any(|p| p.ends_with(name)), "{name} missing");
    }
    // `orgsim plot` redraws one of them, labelled in Dutch.
    let out = dir.join("regions_nl.svg");
    let args = [
        "plot",
        dir.to_str().unwrap(),
        "--figure",
        "regions",
        "--lang",
        "nl",
        "--out",
        out.to_str().unwrap(),
    ];
    let result = orgsim(&args);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Werkgelegenheid")
    );
    let result = orgsim(&["plot", dir.to_str().unwrap(), "--figure", "policy_adoption"]);
    assert_eq!(result.status.code(), Some(2), "a run has no policy figure");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_dutch_report_has_the_economy_section_in_dutch() {
    let dir = temp_dir("economy-output", "report");
    let s = economy_scenario(false);
    let reps = replications(0.0, false);
    let mut manifest = Manifest::new(&s, ["orgsim".to_string()], 1);
    manifest.finish();
    let after = AfterSimulation {
        out: &dir,
        replace: false,
        no_figures: false,
        no_report: false,
        quiet: true,
        lang: "en",
    };
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(
        finish_economy_run(&s, &reps, &manifest, &after),
        std::process::ExitCode::SUCCESS
    );
    let en = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(en.contains("A sector and a region") && en.contains("Illustrative."));
    assert!(en.contains("half of the eventual adopters had adopted by month"));
    let options = ReportOptions {
        lang: Lang::Nl,
        ..ReportOptions::default()
    };
    let path = write_report_with(&dir, &options).unwrap();
    let nl = std::fs::read_to_string(path).unwrap();
    assert!(nl.contains("Sector en regio"));
    assert!(nl.contains("van de organisaties voerde het programma uit"));
    assert!(nl.contains("Adoptie van het programma per sector"));
    assert!(!nl.contains("half of the eventual adopters"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_policy_comparison_pairs_replications() {
    let reference = replications(0.0, false);
    let faster = replications(3.0, false);
    let policies = vec![reference.clone(), faster.clone()];
    let names: Vec<String> = SECTORS.iter().map(|s| s.to_string()).collect();
    let regions: Vec<String> = REGIONS.iter().map(|s| s.to_string()).collect();
    let all = areas(&names, &regions);
    let rows = compare_economies(
        &policies,
        &all,
        &comparison_months(MONTHS as u32),
        &AreaMetric::COMPARED,
    );
    assert_eq!(
        rows.len(),
        all.len() * comparison_months(MONTHS as u32).len() * AreaMetric::COMPARED.len() * 2,
        "areas × months × metrics × policies"
    );
    for area in &all {
        let a = replication_values(&reference, area, 12, AreaMetric::AdoptionShare);
        let b = replication_values(&faster, area, 12, AreaMetric::AdoptionShare);
        let direct = b.iter().zip(&a).map(|(b, a)| b - a).sum::<f64>() / a.len() as f64;
        let row = rows
            .iter()
            .find(|r| {
                r.area == area.name
                    && r.level == area.level
                    && r.month == 12
                    && r.metric == AreaMetric::AdoptionShare
                    && r.policy == 1
            })
            .unwrap();
        let d = row.difference.unwrap();
        assert!((d.mean - direct).abs() < 1e-12, "{} vs {direct}", d.mean);
        assert!(d.mean > 0.0, "the faster policy adopts more by month 12");
    }

    // Through the command's glue: each policy's tables, economy_comparison.csv, its figure.
    let dir = temp_dir("economy-output", "compare");
    std::fs::create_dir_all(&dir).unwrap();
    let base = economy_scenario(false);
    let mut centre = base.clone();
    centre.name = "national_centre".into();
    let mut manifest = CompareManifest::start(["orgsim".to_string()], 1);
    let after = AfterSimulation {
        out: &dir,
        replace: false,
        no_figures: false,
        no_report: false,
        quiet: true,
        lang: "en",
    };
    let code = finish_economy_compare(
        &[base, centre],
        vec!["econ".into(), "national_centre".into()],
        policies,
        &mut manifest,
        &["a.toml".into(), "b.toml".into()],
        Vec::new(),
        &after,
    );
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    let written = read_economy_comparison(&dir.join(ECONOMY_COMPARISON_FILE)).unwrap();
    let economy_diff = written
        .iter()
        .find(|r| {
            r.level == Level::Economy
                && r.month == 12
                && r.metric == "adoption_share"
                && r.policy == "national_centre"
        })
        .unwrap();
    assert_eq!(economy_diff.difference_to, "econ");
    let expected = rows
        .iter()
        .find(|r| {
            r.level == Level::Economy
                && r.month == 12
                && r.metric == AreaMetric::AdoptionShare
                && r.policy == 1
        })
        .unwrap()
        .difference
        .unwrap()
        .mean;
    let got = economy_diff.difference.unwrap().mean;
    assert!((got - expected).abs() <= 1e-6 * expected.abs());
    for file in [
        "econ/sectors.csv",
        "national_centre/economy_summary.csv",
        "comparison.csv",
        "figures/policy_adoption.svg",
        "report.html",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    assert_eq!(folder_kind(&dir), Ok(FolderKind::Compare));
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(report.contains("Adoption under each policy"));

    // --force: the economy's files go, the user's stay.
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    std::fs::write(dir.join("econ/notes.txt"), "mine").unwrap();
    std::fs::write(dir.join("figures/my_slide.svg"), "mine").unwrap();
    clear_results(&dir, &[]).unwrap();
    for gone in [
        ECONOMY_COMPARISON_FILE,
        "econ/sectors.csv",
        "econ/economy_summary.csv",
        "national_centre",
        "figures/policy_adoption.svg",
        "comparison.csv",
    ] {
        assert!(!dir.join(gone).exists(), "{gone} left");
    }
    for kept in ["notes.txt", "econ/notes.txt", "figures/my_slide.svg"] {
        assert!(dir.join(kept).exists(), "{kept} removed");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn force_clears_an_economy_runs_files_and_nothing_else() {
    let dir = temp_dir("economy-output", "force");
    write_run(&dir, true);
    write_figures(&dir, &[]).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    std::fs::write(dir.join("sectors_mine.csv"), "mine").unwrap();
    clear_results(&dir, &[]).unwrap();
    for gone in [
        SECTORS_FILE,
        REGIONS_FILE,
        ORGANISATIONS_FILE,
        ECONOMY_SUMMARY_FILE,
        MANIFEST_FILE,
        "figures",
    ] {
        assert!(!dir.join(gone).exists(), "{gone} left");
    }
    assert!(dir.join("notes.txt").exists() && dir.join("sectors_mine.csv").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

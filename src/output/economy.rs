//! The files and the terminal table of an economy: what is written from its replications.
//!
//! Owns `sectors.csv` and `regions.csv` (tidy: one row per replication, month and area),
//! `organisations.csv` (with `per_organisation`), `economy_summary.csv` (per area, month and
//! metric: mean, sd, 95% CI and predictive interval over replications, by the same rules as
//! `summary.csv`), a policy comparison's `economy_comparison.csv`, and the short per-sector
//! table printed at the horizon. The whole economy's `ReplicationResult`s go through the run
//! and comparison writers (`timeseries.csv`, `summary.csv`, `comparison.csv`, manifests), which
//! this module calls with the extra file names for their manifests. Numbers go through
//! `number_format` (7 significant digits, NaN an empty field); every file is written
//! atomically. Does not own the metrics' definitions or the pairing (see
//! `crate::experiment::economy_compare`) or reading the files back (see
//! `results_folder::economy`).

use super::compare::{CompareManifest, scenario_folders, write_comparison_outputs_with};
use super::results_folder::economy::{ECONOMY_COMPARISON_COLUMNS, ECONOMY_SUMMARY_COLUMNS};
use super::results_folder::{
    ECONOMY_COMPARISON_FILE, ECONOMY_SUMMARY_FILE, ORGANISATIONS_FILE, REGIONS_FILE, SECTORS_FILE,
};
use super::stats::{Stats, predictive_interval};
use super::tables::{RowKey, Table};
use super::{Manifest, OutputError, write_atomic};
use crate::experiment::compare::Comparison;
use crate::experiment::economy_compare::{
    Area, AreaMetric, EconomyComparisonRow, Level, area_series, areas, compare_economies,
    comparison_months, metric_value,
};
use crate::model::economy::{AreaRow, EconomyReplication};
use crate::scenario::Scenario;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

/// The columns of `sectors.csv` and `regions.csv` after `replication`, `month` and the area
/// column (`sector` or `region`).
pub const AREA_COLUMNS: [&str; 17] = [
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
    "moved_out",
];

/// The columns of `organisations.csv`.
pub const ORGANISATION_COLUMNS: [&str; 10] = [
    "replication",
    "month",
    "organisation",
    "sector",
    "region",
    "alive",
    "adopted",
    "employees",
    "performance",
    "retention",
];

/// The names of an economy's sectors and regions (from its scenario; `sector_1`, ... for a
/// scenario without an `[economy]`, which no economy run has).
pub fn area_names(scenario: &Scenario, replications: &[EconomyReplication]) -> [Vec<String>; 2] {
    match &scenario.economy {
        Some(e) => [
            e.sectors.iter().map(|s| s.name.clone()).collect(),
            e.regions.iter().map(|r| r.name.clone()).collect(),
        ],
        None => {
            let count =
                |f: fn(&EconomyReplication) -> usize| replications.iter().map(f).max().unwrap_or(0);
            let names = |prefix: &str, n: usize| (1..=n).map(|i| format!("{prefix}_{i}")).collect();
            [
                names("sector", count(|r| r.sectors.first().map_or(0, Vec::len))),
                names("region", count(|r| r.regions.first().map_or(0, Vec::len))),
            ]
        }
    }
}

/// Writes the tidy table of one level (`sectors[month][area]` of every replication) to `w`.
fn write_area_table(
    w: impl Write,
    column: &str,
    names: &[String],
    replications: &[EconomyReplication],
    rows: fn(&EconomyReplication) -> &Vec<Vec<AreaRow>>,
) -> io::Result<()> {
    let columns = ["replication", "month", column]
        .into_iter()
        .chain(AREA_COLUMNS);
    let mut t = Table::new(w, RowKey::new(), columns)?;
    for (r, rep) in replications.iter().enumerate() {
        let replication = u64::from(rep.aggregate.replication.max(r as u32));
        for (month, areas) in rows(rep).iter().enumerate() {
            for (a, row) in areas.iter().enumerate() {
                t.start()?;
                t.integer(replication)?;
                t.integer(month as u64)?;
                t.str(names.get(a).map_or("", String::as_str))?;
                t.integer(row.organisations)?;
                t.integer(row.adopters)?;
                t.float(metric_value(
                    std::slice::from_ref(row),
                    0,
                    AreaMetric::AdoptionShare,
                ))?;
                t.integer(row.ever_adopted)?;
                t.integer(row.employment)?;
                t.float(row.output)?;
                t.float(row.output_per_employee)?;
                t.float(row.retention)?;
                t.float(row.agility)?;
                t.float(row.programme_spending)?;
                t.float(row.subsidy_paid)?;
                t.integer(row.labour_pool)?;
                t.integer(row.hires_from_pool)?;
                t.integer(row.pool_joins)?;
                t.integer(row.pool_outflow)?;
                t.integer(row.moved_in)?;
                t.integer(row.moved_out)?;
                t.end()?;
            }
        }
    }
    t.finish().map(drop)
}

/// Writes `organisations.csv` to `w`.
fn write_organisations(
    w: impl Write,
    names: &[Vec<String>; 2],
    replications: &[EconomyReplication],
) -> io::Result<()> {
    let mut t = Table::new(w, RowKey::new(), ORGANISATION_COLUMNS)?;
    let name = |names: &[String], i: u16| names.get(usize::from(i)).cloned().unwrap_or_default();
    for (r, rep) in replications.iter().enumerate() {
        let replication = u64::from(rep.aggregate.replication.max(r as u32));
        for (month, orgs) in rep.organisations.iter().enumerate() {
            for o in orgs {
                t.start()?;
                t.integer(replication)?;
                t.integer(month as u64)?;
                t.integer(o.organisation)?;
                t.str(&name(&names[0], o.sector))?;
                t.str(&name(&names[1], o.region))?;
                t.integer(u64::from(o.alive))?;
                t.integer(u64::from(o.adopted))?;
                t.integer(o.employees)?;
                t.float(o.performance)?;
                t.float(o.retention)?;
                t.end()?;
            }
        }
    }
    t.finish().map(drop)
}

/// One line of `economy_summary.csv`: the statistics of one metric of one area in one month.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaSummary {
    pub level: Level,
    pub area: String,
    pub month: u32,
    pub metric: AreaMetric,
    pub stats: Stats,
    /// The predictive interval at the run's level (type 7 quantiles of the replications'
    /// values, as in `summary.csv`).
    pub pi: (f64, f64),
}

/// The statistics of every area (the economy, then the sectors, then the regions), month and
/// metric ([`AreaMetric::ALL`] order; `months_to_half_adoption` at the horizon only) over
/// `replications`, with predictive intervals at `level`. A month counts the replications that
/// reached it.
pub fn economy_summary(
    names: &[Vec<String>; 2],
    replications: &[EconomyReplication],
    level: f64,
) -> Vec<AreaSummary> {
    let mut out = Vec::new();
    let months = replications
        .iter()
        .map(|r| r.sectors.len())
        .max()
        .unwrap_or(0);
    for area in areas(&names[0], &names[1]) {
        let series: Vec<Vec<AreaRow>> =
            replications.iter().map(|r| area_series(r, &area)).collect();
        for month in 0..months {
            for metric in AreaMetric::ALL {
                if metric.horizon_only() && month + 1 != months {
                    continue;
                }
                let values: Vec<f64> = series
                    .iter()
                    .map(|s| metric_value(s, month, metric))
                    .collect();
                let finite: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
                out.push(AreaSummary {
                    level: area.level,
                    area: area.name.clone(),
                    month: month as u32,
                    metric,
                    stats: Stats::of(values),
                    pi: predictive_interval(&finite, level),
                });
            }
        }
    }
    out
}

fn write_summary(w: impl Write, rows: &[AreaSummary]) -> io::Result<()> {
    let mut t = Table::new(w, RowKey::new(), ECONOMY_SUMMARY_COLUMNS)?;
    for r in rows {
        t.start()?;
        t.str(r.level.name())?;
        t.str(&r.area)?;
        t.integer(r.month)?;
        t.str(r.metric.name())?;
        write_stats(&mut t, &r.stats)?;
        t.float(r.pi.0)?;
        t.float(r.pi.1)?;
        t.end()?;
    }
    t.finish().map(drop)
}

fn write_stats<W: Write>(t: &mut Table<W>, s: &Stats) -> io::Result<()> {
    t.integer(s.n)?;
    t.float(s.mean)?;
    t.float(s.sd)?;
    t.float(s.ci_low)?;
    t.float(s.ci_high)
}

/// Writes the economy's own tables into `dir` (which must exist): `sectors.csv`,
/// `regions.csv`, `economy_summary.csv` and, when the replications recorded organisations,
/// `organisations.csv`. Returns the names written, in order.
pub fn write_economy_tables(
    dir: &Path,
    scenario: &Scenario,
    replications: &[EconomyReplication],
    prediction_level: f64,
) -> Result<Vec<&'static str>, OutputError> {
    let names = area_names(scenario, replications);
    let write = |name: &'static str, f: &dyn Fn(&mut dyn Write) -> io::Result<()>| {
        let path = dir.join(name);
        write_atomic(&path, |w| f(w)).map_err(|e| OutputError::write(&path, e))
    };
    write(SECTORS_FILE, &|w| {
        write_area_table(w, "sector", &names[0], replications, |r| &r.sectors)
    })?;
    write(REGIONS_FILE, &|w| {
        write_area_table(w, "region", &names[1], replications, |r| &r.regions)
    })?;
    let mut written = vec![SECTORS_FILE, REGIONS_FILE];
    let per_organisation = scenario
        .economy
        .as_ref()
        .is_some_and(|e| e.per_organisation)
        || replications.iter().any(|r| !r.organisations.is_empty());
    if per_organisation {
        write(ORGANISATIONS_FILE, &|w| {
            write_organisations(w, &names, replications)
        })?;
        written.push(ORGANISATIONS_FILE);
    }
    let summary = economy_summary(&names, replications, prediction_level);
    write(ECONOMY_SUMMARY_FILE, &|w| write_summary(w, &summary))?;
    written.push(ECONOMY_SUMMARY_FILE);
    Ok(written)
}

/// Writes every file of an economy run of `scenario` into `dir` (created if needed): the
/// economy's tables ([`write_economy_tables`]), then the run files of the whole economy
/// (`timeseries.csv`, `groups.csv`, `events.csv`, `summary.csv`) from each replication's
/// aggregate, then `manifest.json` listing them all. An earlier manifest is removed first, so
/// the folder does not look complete until the new one is written.
pub fn write_economy_outputs(
    dir: &Path,
    scenario: &Scenario,
    replications: &[EconomyReplication],
    manifest: &Manifest,
) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|e| OutputError::create_dir(dir, e))?;
    super::folder::retract_manifest(dir)?;
    let written = write_economy_tables(dir, scenario, replications, manifest.prediction_level)?;
    let aggregates: Vec<_> = replications.iter().map(|r| r.aggregate.clone()).collect();
    super::write_run_outputs_also(dir, scenario, &aggregates, manifest, &written)
}

/// Writes `economy_comparison.csv` rows to `w`; `policies[i]` names policy i.
pub fn write_economy_comparison_csv(
    w: impl Write,
    policies: &[String],
    rows: &[EconomyComparisonRow],
) -> io::Result<()> {
    let mut t = Table::new(w, RowKey::new(), ECONOMY_COMPARISON_COLUMNS)?;
    for r in rows {
        t.start()?;
        t.str(r.level.name())?;
        t.str(&r.area)?;
        t.integer(r.month)?;
        t.str(r.metric.name())?;
        t.str(policies.get(r.policy).map_or("", String::as_str))?;
        write_stats(&mut t, &r.stats)?;
        match &r.difference {
            Some(d) => {
                t.str(policies.first().map_or("", String::as_str))?;
                write_stats(&mut t, d)?;
            }
            None => {
                for _ in 0..6 {
                    t.str("")?;
                }
            }
        }
        t.end()?;
    }
    t.finish().map(drop)
}

/// The rows of a policy comparison of the runs in `comparison` (its labels name the policies),
/// `policies[i]` the replications of run i: every area, every 12th month and the horizon, the
/// metrics of [`AreaMetric::COMPARED`].
pub fn policy_comparison(
    comparison: &Comparison,
    policies: &[Vec<EconomyReplication>],
) -> Vec<EconomyComparisonRow> {
    let Some(first) = comparison.runs.first() else {
        return Vec::new();
    };
    let names = area_names(&first.scenario, policies.first().map_or(&[], Vec::as_slice));
    compare_economies(
        policies,
        &areas(&names[0], &names[1]),
        &comparison_months(comparison.months),
        &AreaMetric::COMPARED,
    )
}

/// Writes every file of a comparison of economy policies into `dir`: each policy's economy
/// tables in its scenario folder, `economy_comparison.csv`, then the comparison's own files of
/// the whole economy (`comparison.csv`, each scenario's run files, the manifests, listing the
/// economy's files too). `comparison` holds the runs' aggregates; `policies[i]` the
/// replications of its run i.
pub fn write_economy_compare_outputs(
    dir: &Path,
    comparison: &Comparison,
    policies: &[Vec<EconomyReplication>],
    manifest: &CompareManifest,
) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|e| OutputError::create_dir(dir, e))?;
    super::folder::retract_manifest(dir)?;
    let mut per_run = Vec::with_capacity(comparison.runs.len());
    for ((run, folder), reps) in comparison
        .runs
        .iter()
        .zip(scenario_folders(comparison))
        .zip(policies)
    {
        let sub = dir.join(&folder);
        std::fs::create_dir_all(&sub).map_err(|e| OutputError::create_dir(&sub, e))?;
        super::folder::retract_manifest(&sub)?;
        per_run.push(write_economy_tables(
            &sub,
            &run.scenario,
            reps,
            manifest.prediction_level,
        )?);
    }
    let labels: Vec<String> = comparison.runs.iter().map(|r| r.label.clone()).collect();
    let rows = policy_comparison(comparison, policies);
    let path = dir.join(ECONOMY_COMPARISON_FILE);
    write_atomic(&path, |w| write_economy_comparison_csv(w, &labels, &rows))
        .map_err(|e| OutputError::write(&path, e))?;
    write_comparison_outputs_with(
        dir,
        comparison,
        manifest,
        &per_run,
        &[ECONOMY_COMPARISON_FILE],
    )
}

/// `x` with 3 significant digits (at most 6 decimals), `-` when empty: the terminal's format.
fn short(x: f64) -> String {
    if x.is_nan() {
        return "-".into();
    }
    let magnitude = x.abs();
    let decimals = if magnitude >= 100.0 || magnitude == 0.0 {
        0
    } else {
        (2 - magnitude.log10().floor() as i32).clamp(0, 6) as usize
    };
    format!("{x:.decimals$}")
}

/// The short table an economy run prints: per sector (and the whole economy) at the horizon,
/// the adoption share with its 95% CI over replications, employment, output per employee and
/// retention (means over replications), labelled illustrative.
pub fn economy_table(scenario: &Scenario, replications: &[EconomyReplication]) -> String {
    let names = area_names(scenario, replications);
    let horizon = replications
        .iter()
        .map(|r| r.sectors.len())
        .max()
        .unwrap_or(0)
        .saturating_sub(1);
    let mut out = format!(
        "economy {:?} at month {horizon}: {} replication{} (illustrative: sector and region settings are judgement, not data)\n",
        scenario.name,
        replications.len(),
        if replications.len() == 1 { "" } else { "s" }
    );
    let width = names[0]
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(16);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>24}  {:>11}  {:>12}  {:>9}",
        "sector", "adoption share (95% CI)", "employment", "output/empl.", "retention"
    );
    let mut shown: Vec<Area> = areas(&names[0], &[])
        .into_iter()
        .filter(|a| a.level == Level::Sector)
        .collect();
    shown.extend(areas(&[], &[]));
    for area in shown {
        let stat = |metric| {
            let values: Vec<f64> = replications
                .iter()
                .map(|r| metric_value(&area_series(r, &area), horizon, metric))
                .collect();
            Stats::of(values)
        };
        let share = stat(AreaMetric::AdoptionShare);
        let interval = if share.ci_low.is_nan() {
            short(share.mean)
        } else {
            format!(
                "{} [{}, {}]",
                short(share.mean),
                short(share.ci_low),
                short(share.ci_high)
            )
        };
        let label = if area.level == Level::Economy {
            "whole economy".to_string()
        } else {
            area.name.clone()
        };
        let _ = writeln!(
            out,
            "  {label:<width$}  {interval:>24}  {:>11}  {:>12}  {:>9}",
            short(stat(AreaMetric::Employment).mean),
            short(stat(AreaMetric::OutputPerEmployee).mean),
            short(stat(AreaMetric::Retention).mean),
        );
    }
    out
}

/// The short table a comparison of economy policies prints: per policy, the whole economy at
/// the horizon (the last month of `rows`): adoption share, employment and output per employee,
/// and for every policy but the first the paired difference to it with its 95% CI.
pub fn policy_table(policies: &[String], rows: &[EconomyComparisonRow]) -> String {
    let horizon = rows.iter().map(|r| r.month).max().unwrap_or(0);
    let mut out = format!(
        "policies at month {horizon}, whole economy (illustrative; differences to {:?} paired by replication, 95% CI)\n",
        policies.first().map_or("", String::as_str)
    );
    let width = policies
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>30}  {:>28}  {:>28}",
        "policy", "adoption share", "employment", "output/employee"
    );
    let cell = |policy: usize, metric: AreaMetric| {
        let Some(r) = rows.iter().find(|r| {
            r.level == Level::Economy
                && r.month == horizon
                && r.metric == metric
                && r.policy == policy
        }) else {
            return "-".to_string();
        };
        match &r.difference {
            Some(d) if !d.ci_low.is_nan() => format!(
                "{} ({}{} [{}, {}])",
                short(r.stats.mean),
                if d.mean >= 0.0 { "+" } else { "" },
                short(d.mean),
                short(d.ci_low),
                short(d.ci_high)
            ),
            _ => short(r.stats.mean),
        }
    };
    for (i, name) in policies.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {name:<width$}  {:>30}  {:>28}  {:>28}",
            cell(i, AreaMetric::AdoptionShare),
            cell(i, AreaMetric::Employment),
            cell(i, AreaMetric::OutputPerEmployee),
        );
    }
    out
}

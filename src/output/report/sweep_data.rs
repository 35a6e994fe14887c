//! Reading a finished sweep for the report in memory that does not grow with its months or
//! metrics: the manifest's plan without its points (see `figures::manifest`), `points.csv`
//! streamed (the first [`MAX_POINT_ROWS`] points kept for the table, the rest counted) and
//! `summary.csv` streamed (each point's last month of the reported metric; its statistics
//! only for the listed points).
//!
//! Owns what the page says about a sweep's points. Does not own the page (see the parent).

use super::read::{provenance_of, table_error};
use super::{
    MAX_POINT_ROWS, POINTS_FILE, PointRow, ReportData, ReportError, Results, ResultsKind,
    SUMMARY_FILE, ScenarioSettings, VariedValues,
};
use crate::experiment::plan::SweepPlan;
use crate::model::metrics::Metric;
use crate::output::figures::manifest::PointsDigest;
use crate::output::i18n::Lang;
use crate::output::results_folder::{PointsStream, SummaryStream};
use crate::output::stats::Stats;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The report of the sweep in `dir`, whose manifest (without the plan's points) is `manifest`,
/// its description and provenance in `lang`.
pub(super) fn read_sweep(
    dir: &Path,
    manifest: &Value,
    digest: &PointsDigest,
    manifest_path: &Path,
    lang: Lang,
) -> Result<ReportData, ReportError> {
    let plan: SweepPlan =
        serde_json::from_value(manifest["scenario"].clone()).map_err(|e| ReportError::Invalid {
            path: manifest_path.to_path_buf(),
            message: format!("`scenario` is not a sweep plan: {e}"),
        })?;
    let point_total = digest.count;
    let mut notes = Vec::new();
    let base =
        match crate::scenario::load_str(&plan.base_source, &plan.base_text, &plan.base_overrides) {
            Ok(s) => {
                let mut value = serde_json::to_value(&s).unwrap_or_default();
                value["replications"] = Value::from(plan.replications);
                Some((s.name.clone(), s.description.clone(), s.months, value))
            }
            Err(e) => {
                notes.push(lang.fill(
                    "base_unreadable",
                    &[
                        &plan.base_source,
                        e.to_string().lines().next().unwrap_or_default(),
                    ],
                ));
                None
            }
        };
    let metric = plan
        .output
        .metrics
        .as_ref()
        .and_then(|m| m.first().copied())
        .unwrap_or(Metric::Performance)
        .name()
        .to_string();

    let points_path = dir.join(POINTS_FILE);
    let listed = read_points(&points_path)?;
    let mut shown: Vec<u32> = listed.rows.iter().map(|r| r.id).collect();
    shown.sort_unstable();
    let horizon = sweep_horizons(&dir.join(SUMMARY_FILE), &metric, &shown)?;
    let rows: Vec<PointRow> = listed
        .rows
        .into_iter()
        .map(|r| {
            let (month, at_horizon) = match horizon.shown.get(&r.id) {
                Some(&(month, stats)) => (Some(month), stats),
                None => (None, Stats::of([])),
            };
            PointRow {
                point: r.id,
                values: r.values,
                status: r.status,
                error: r.error,
                at_horizon,
                month,
            }
        })
        .collect();
    let mut last_months: Option<(u32, u32)> = None;
    for id in &listed.ids {
        if let Some(&m) = horizon.last_month.get(id) {
            let (lo, hi) = last_months.unwrap_or((m, m));
            last_months = Some((lo.min(m), hi.max(m)));
        }
    }
    let varied = plan
        .keys
        .iter()
        .enumerate()
        .map(|(k, key)| {
            let values = digest
                .keys
                .get(k)
                .map_or_else(VariedValues::default, |d| VariedValues {
                    count: d.distinct,
                    first: d.first.clone(),
                    last: d.last.clone(),
                });
            (key.clone(), values)
        })
        .collect();

    let mut provenance = provenance_of(manifest);
    provenance.extra.push((
        lang.t("prov_design").into(),
        lang.fill(
            "prov_design_text",
            &[
                &point_total.to_string(),
                &plan.replications.to_string(),
                &(point_total as u64 * u64::from(plan.replications)).to_string(),
                &plan.keys.join(", "),
            ],
        ),
    ));
    provenance
        .extra
        .push((lang.t("prov_base").into(), plan.base_source.clone()));
    if !plan.base_overrides.is_empty() {
        provenance.extra.push((
            lang.t("prov_base_overrides").into(),
            plan.base_overrides.join(" "),
        ));
    }
    if plan.output.metrics.is_some() || plan.output.every_months != 1 {
        let metrics = plan
            .output
            .metrics
            .as_ref()
            .map(|m| {
                m.iter()
                    .map(|m| match lang {
                        Lang::En => m.name().to_string(),
                        Lang::Nl => lang.metric(m.name()),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_else(|| lang.t("prov_all_metrics").into());
        provenance.extra.push((
            lang.t("prov_output_kept").into(),
            lang.fill(
                "prov_output_kept_text",
                &[&metrics, &plan.output.every_months.to_string()],
            ),
        ));
    }
    let keys_text = plan
        .keys
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" × ");
    let (months, description, scenarios) = match base {
        Some((name, description, months, value)) => (
            months,
            lang.fill(
                "sweep_lede",
                &[
                    &point_total.to_string(),
                    &keys_text,
                    &name,
                    &if description.is_empty() {
                        ".".to_string()
                    } else {
                        format!(": {description}")
                    },
                ],
            ),
            vec![ScenarioSettings {
                label: name,
                scenario: value,
            }],
        ),
        None => (
            0,
            lang.fill(
                "sweep_lede_no_base",
                &[&point_total.to_string(), &keys_text],
            ),
            Vec::new(),
        ),
    };
    let months = last_months.map_or(months, |(_, hi)| hi);
    Ok(ReportData {
        kind: ResultsKind::Sweep,
        title: plan.name.clone(),
        description,
        months,
        scenarios,
        varied,
        results: Results::Sweep {
            keys: plan.keys.clone(),
            metric,
            rows,
            points: listed.count,
            failed: listed.failed,
            last_months,
        },
        figures: Vec::new(),
        notes,
        provenance,
        discovery: None,
        economy: None,
        story: Default::default(),
        options: Default::default(),
    })
}

/// One listed row of `points.csv`.
struct ListedPoint {
    id: u32,
    values: Vec<String>,
    status: String,
    error: String,
}

/// `points.csv`, streamed.
struct PointsListing {
    /// The first [`MAX_POINT_ROWS`] points.
    rows: Vec<ListedPoint>,
    /// Every point's id, in file order.
    ids: Vec<u32>,
    count: usize,
    /// Points whose status is not `ok`.
    failed: usize,
}

fn read_points(path: &Path) -> Result<PointsListing, ReportError> {
    let fail = |e| table_error(path, e);
    let mut stream = PointsStream::open(path).map_err(fail)?;
    let mut out = PointsListing {
        rows: Vec::new(),
        ids: Vec::new(),
        count: 0,
        failed: 0,
    };
    while let Some(row) = stream.next_row().map_err(fail)? {
        let id = u32::try_from(row.id).map_err(|_| ReportError::Invalid {
            path: path.to_path_buf(),
            message: format!("point {} is too large", row.id),
        })?;
        out.count += 1;
        out.ids.push(id);
        if row.status() != "ok" {
            out.failed += 1;
        }
        if out.rows.len() < MAX_POINT_ROWS {
            out.rows.push(ListedPoint {
                id,
                values: row.values(),
                status: row.status().to_string(),
                error: row.error().to_string(),
            });
        }
    }
    Ok(out)
}

/// What `summary.csv` says of the reported metric: every point's last month, and the listed
/// points' statistics at it.
#[derive(Default)]
struct Horizons {
    last_month: HashMap<u32, u32>,
    shown: BTreeMap<u32, (u32, Stats)>,
}

/// For each point of a sweep's `summary.csv`: the last month of `metric`, and for the points
/// in `shown` (sorted), its statistics.
fn sweep_horizons(path: &Path, metric: &str, shown: &[u32]) -> Result<Horizons, ReportError> {
    let mut out = Horizons::default();
    if !path.is_file() {
        return Ok(out);
    }
    let mut summary = SummaryStream::open(path).map_err(|e| table_error(path, e))?;
    while let Some(row) = summary.next_row().map_err(|e| table_error(path, e))? {
        if row.metric() != metric {
            continue;
        }
        // A row that cannot be read is left out of the page rather than failing it.
        let (Ok(point), Ok(month)) = (row.point(), row.month()) else {
            continue;
        };
        let Ok(point) = u32::try_from(point) else {
            continue;
        };
        let last = out.last_month.entry(point).or_insert(month);
        if *last > month {
            continue;
        }
        *last = month;
        if shown.binary_search(&point).is_err() {
            continue;
        }
        out.shown.insert(point, (month, row.stats()));
    }
    Ok(out)
}

//! `long.csv`: a results folder's replication-level time series as one tidy table for pandas
//! and R, one row per (scenario, point, replication, month, metric), with the values that
//! distinguish the scenarios or points joined on as columns with plain names.
//!
//! Owns the table's shape: the columns `scenario`, `point` (sweeps only), `replication`,
//! `month`, `metric`, `value`, then one column per varied key: a sweep's varied keys (from
//! `points.csv`), or for a comparison every scenario value that differs between its scenarios
//! (from `manifest.json`); a run has none. A key's column is named by its last part
//! (`trust_loss_rate`, not `parameters.trust_loss_rate`) unless two keys share it or it is a
//! fixed column's name; then by its whole path. Cells are copied from the time series as they
//! are written there (an empty cell is an empty value). Reads `timeseries.csv` row by row, so
//! memory does not grow with the folder. Does not choose where the table goes (the CLI's job).

use super::results_folder::{
    FolderKind, MANIFEST_FILE, NoResults, POINTS_FILE, PointsStream, TIMESERIES_FILE, folder_kind,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use super::results_folder::LONG_FILE;

/// The columns every long table starts with (a sweep's also have `point` after `scenario`).
const FIXED: [&str; 6] = [
    "scenario",
    "point",
    "replication",
    "month",
    "metric",
    "value",
];

/// Keys of a compared scenario that label it rather than vary it.
const NOT_VARIED: [&str; 3] = ["name", "description", "bases"];

/// One time series to read: its file and the varied values of its rows (for a sweep, per
/// point; otherwise the same for every row).
struct Source {
    path: PathBuf,
    /// The scenario label to write instead of the file's `scenario` cell (comparisons).
    label: Option<String>,
    values: Vec<String>,
}

/// What a long table is made from.
struct Plan {
    sweep: bool,
    /// Column names of the varied keys, in order.
    columns: Vec<String>,
    sources: Vec<Source>,
    /// Sweeps: varied values per point id.
    points: BTreeMap<String, Vec<String>>,
}

/// Writes the long table of the results folder `dir` to `out`; gives the number of rows.
/// The error says what is wrong, for "cannot export `dir`: ...".
pub fn write_long(dir: &Path, out: &mut dyn Write) -> Result<u64, String> {
    let plan = plan(dir)?;
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = FIXED.to_vec();
    if !plan.sweep {
        header.remove(1);
    }
    header.extend(plan.columns.iter().map(String::as_str));
    writer.write_record(&header).map_err(|e| e.to_string())?;
    let mut rows = 0u64;
    for source in &plan.sources {
        rows += copy_source(source, &plan, header.len(), &mut writer)?;
    }
    writer.flush().map_err(|e| e.to_string())?;
    Ok(rows)
}

fn copy_source(
    source: &Source,
    plan: &Plan,
    width: usize,
    writer: &mut csv::Writer<&mut dyn Write>,
) -> Result<u64, String> {
    let shown = source.path.display();
    let mut reader = csv::Reader::from_path(&source.path).map_err(|e| format!("{shown}: {e}"))?;
    let header = reader
        .headers()
        .map_err(|e| format!("{shown}: {e}"))?
        .clone();
    let column = |name: &str| header.iter().position(|c| c == name);
    let need = |name: &str| column(name).ok_or(format!("{shown} has no `{name}` column"));
    let (scenario, replication, month) = (need("scenario")?, need("replication")?, need("month")?);
    let point = if plan.sweep {
        Some(need("point")?)
    } else {
        None
    };
    let metrics: Vec<(usize, &str)> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            ![Some(scenario), point, Some(replication), Some(month)].contains(&Some(*i))
        })
        .collect();
    let mut rows = 0u64;
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| format!("{shown}: {e}"))?
    {
        let cell = |i: usize| record.get(i).unwrap_or("");
        let values: &[String] = match point {
            Some(p) => plan.points.get(cell(p)).map_or(&[], Vec::as_slice),
            None => &source.values,
        };
        let mut out: Vec<&str> = Vec::with_capacity(width);
        for &(i, metric) in &metrics {
            out.clear();
            out.push(source.label.as_deref().unwrap_or(cell(scenario)));
            if let Some(p) = point {
                out.push(cell(p));
            }
            out.extend([cell(replication), cell(month), metric, cell(i)]);
            out.extend(values.iter().map(String::as_str));
            out.resize(width, "");
            writer.write_record(&out).map_err(|e| e.to_string())?;
            rows += 1;
        }
    }
    Ok(rows)
}

fn plan(dir: &Path) -> Result<Plan, String> {
    let kind = folder_kind(dir).map_err(|e| match e {
        NoResults::UnfinishedSweep => "the sweep has not finished (run `orgsim sweep` again to \
                                       finish it, or `orgsim merge` its shards)"
            .to_string(),
        NoResults::NotResults => "it holds no orgsim results (no manifest.json with a \
                                  summary, comparison or sweep table)"
            .to_string(),
    })?;
    match kind {
        FolderKind::Run | FolderKind::Economy => Ok(Plan {
            sweep: false,
            columns: Vec::new(),
            sources: vec![Source {
                path: timeseries(dir)?,
                label: None,
                values: Vec::new(),
            }],
            points: BTreeMap::new(),
        }),
        FolderKind::Compare => compare_plan(dir),
        FolderKind::Sweep => sweep_plan(dir),
    }
}

fn timeseries(dir: &Path) -> Result<PathBuf, String> {
    let path = dir.join(TIMESERIES_FILE);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} is missing", path.display()))
    }
}

/// Column names for varied keys: the last part of each path unless shared or fixed.
fn plain_names(paths: &[String]) -> Vec<String> {
    let last = |p: &str| p.rsplit('.').next().unwrap_or(p).to_string();
    paths
        .iter()
        .map(|p| {
            let name = last(p);
            let shared = paths.iter().filter(|q| last(q) == name).count() > 1;
            if shared || FIXED.contains(&name.as_str()) {
                p.clone()
            } else {
                name
            }
        })
        .collect()
}

fn sweep_plan(dir: &Path) -> Result<Plan, String> {
    let path = dir.join(POINTS_FILE);
    let shown = path.display();
    let mut stream = PointsStream::open(&path).map_err(|e| format!("{shown} {e}"))?;
    let keys = stream.keys().to_vec();
    let mut points = BTreeMap::new();
    while let Some(row) = stream.next_row().map_err(|e| format!("{shown}: {e}"))? {
        points.insert(row.id.to_string(), row.values());
    }
    Ok(Plan {
        sweep: true,
        columns: plain_names(&keys),
        sources: vec![Source {
            path: timeseries(dir)?,
            label: None,
            values: Vec::new(),
        }],
        points,
    })
}

/// Every scalar of a JSON value by its dotted path (arrays by index).
fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                flatten(&join(k), v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&join(&i.to_string()), v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        serde_json::Value::Null => {
            out.insert(prefix.to_string(), String::new());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn compare_plan(dir: &Path) -> Result<Plan, String> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(scenarios) = manifest["scenarios"].as_array() else {
        return Err(format!("{} lists no scenarios", path.display()));
    };
    let mut flat = Vec::new();
    let mut sources = Vec::new();
    for s in scenarios {
        let (Some(label), Some(folder)) = (s["label"].as_str(), s["folder"].as_str()) else {
            return Err(format!(
                "{} has a scenario without a label or folder",
                path.display()
            ));
        };
        if folder.contains(['/', '\\']) || folder.starts_with('.') {
            return Err(format!("{}: odd folder `{folder}`", path.display()));
        }
        let mut values = BTreeMap::new();
        if let Some(map) = s["scenario"].as_object() {
            for (k, v) in map
                .iter()
                .filter(|(k, _)| !NOT_VARIED.contains(&k.as_str()))
            {
                flatten(k, v, &mut values);
            }
        }
        flat.push(values);
        sources.push(Source {
            path: timeseries(&dir.join(folder))?,
            label: Some(label.to_string()),
            values: Vec::new(),
        });
    }
    let mut keys: Vec<String> = flat.iter().flat_map(|m| m.keys().cloned()).collect();
    keys.sort();
    keys.dedup();
    keys.retain(|k| flat.iter().any(|m| m.get(k) != flat[0].get(k)));
    for (source, values) in sources.iter_mut().zip(&flat) {
        source.values = keys
            .iter()
            .map(|k| values.get(k).cloned().unwrap_or_default())
            .collect();
    }
    Ok(Plan {
        sweep: false,
        columns: plain_names(&keys),
        sources,
        points: BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_by_their_last_part_unless_shared_or_fixed() {
        let paths = [
            "parameters.trust_loss_rate",
            "management.style_mean",
            "interventions.0.month",
            "a.gain",
            "b.gain",
        ]
        .map(String::from);
        assert_eq!(
            plain_names(&paths),
            [
                "trust_loss_rate",
                "style_mean",
                "interventions.0.month",
                "a.gain",
                "b.gain"
            ]
        );
    }
}

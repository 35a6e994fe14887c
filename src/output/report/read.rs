//! Reading a results folder (its manifest, tables and figure SVGs) into [`ReportData`].

use crate::model::metrics::Metric;
use crate::output::figures::manifest::read_manifest_head;
use crate::output::figures::memory::MAX_INLINED_SVG_BYTES;
use crate::output::i18n::Lang;
use crate::output::report::html::{humanise, json_text, svg_lang, svg_title};
use crate::output::report::timeline::month_u32;
use crate::output::report::{
    ComparedValue, Figure, HeadlineRow, MARCH_METRICS, ManifestError, Provenance, ReportData,
    ReportError, ReportOptions, Results, ResultsKind, ScenarioSettings, inline_svg, sweep_data,
};
use crate::output::results_folder::FIGURES_DIR;
use crate::output::results_folder::{
    COMPARISON_FILE, CsvReadError, FolderKind, NoResults, SummaryStream, folder_kind, parse_cell,
    read_comparison,
};
use crate::output::results_folder::{MANIFEST_FILE, SUMMARY_FILE, TIMESERIES_FILE};
use crate::output::{HEADLINE_METRICS, RunningStats, Stats};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reads everything the page shows from `dir`.
pub fn read_report_data(dir: &Path) -> Result<ReportData, ReportError> {
    read_report_data_in(dir, Lang::En)
}

/// As [`read_report_data`], with the overview figure drawn anew with its labels in `lang`
/// when that is not English (the files in `figures/` are in English).
pub fn read_report_data_in(dir: &Path, lang: Lang) -> Result<ReportData, ReportError> {
    let kind = folder_kind(dir).map_err(|no| match no {
        NoResults::UnfinishedSweep => ReportError::UnfinishedSweep(dir.to_path_buf()),
        NoResults::NotResults => ReportError::NotResults(dir.to_path_buf()),
    })?;
    let manifest_path = dir.join(MANIFEST_FILE);
    // Read as a stream, leaving out a sweep plan's points, which grow with the design.
    let head = read_manifest_head(&manifest_path, true).map_err(|e| match e {
        ManifestError::Io(source) => ReportError::Read {
            path: manifest_path.clone(),
            source,
        },
        ManifestError::Json(message) => ReportError::Invalid {
            path: manifest_path.clone(),
            message,
        },
    })?;
    let manifest = head.value;
    let mut data = match kind {
        FolderKind::Compare => read_compare(dir, &manifest, lang)?,
        FolderKind::Sweep => {
            let digest = head.points.unwrap_or_default();
            sweep_data::read_sweep(dir, &manifest, &digest, &manifest_path, lang)?
        }
        FolderKind::Run | FolderKind::Economy => read_run(dir, &manifest)?,
    };
    let (figures, skipped) = read_figures(dir, lang);
    data.figures = figures;
    data.economy = super::economy::read_section(dir, lang);
    if kind == FolderKind::Sweep {
        data.discovery = super::discovery::read_discovery_in(dir, lang);
    }
    data.notes.extend(skipped);
    let figure_files: Vec<String> = std::fs::read_dir(dir.join(FIGURES_DIR))
        .map(|entries| {
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .map(|n| format!("{FIGURES_DIR}/{n}"))
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    for name in figure_files {
        if !data.provenance.outputs.contains(&name) {
            data.provenance.outputs.push(name);
        }
    }
    Ok(data)
}

pub(super) fn provenance_of(manifest: &Value) -> Provenance {
    let text = |key: &str| manifest[key].as_str().unwrap_or_default().to_string();
    let list = |key: &str| -> Vec<String> {
        manifest[key]
            .as_array()
            .map(|a| a.iter().map(json_text).collect())
            .unwrap_or_default()
    };
    Provenance {
        orgsim_version: text("orgsim_version"),
        command_line: list("command_line"),
        seed: manifest["seed"].as_u64(),
        threads: manifest["threads"].as_u64(),
        replications: manifest["replications"].as_u64(),
        prediction_level: manifest["prediction_level"].as_f64(),
        started_at: text("started_at"),
        finished_at: text("finished_at"),
        outputs: list("outputs"),
        extra: Vec::new(),
    }
}

pub(super) fn read_run(dir: &Path, manifest: &Value) -> Result<ReportData, ReportError> {
    let scenario = manifest["scenario"].clone();
    let name = scenario["name"].as_str().unwrap_or("scenario").to_string();
    let timeseries = dir.join(TIMESERIES_FILE);
    // March's model alone has no employees, managers or money: its own measures instead.
    let metrics: &[Metric] = if scenario["knowledge"]["mode"].as_str() == Some("march1991") {
        &MARCH_METRICS
    } else {
        &HEADLINE_METRICS
    };
    let (rows, last_months) = if timeseries.is_file() {
        let (rows, lo, hi) = run_headline_from_timeseries(&timeseries, metrics)?;
        (rows, Some((lo, hi)))
    } else {
        let (rows, hi) = run_headline_from_summary(&dir.join(SUMMARY_FILE), metrics)?;
        (rows, Some((hi, hi)))
    };
    let story = super::story::read_run_story(dir, &name);
    // The scenario's horizon; the data's last month if the manifest does not say.
    let months = month_u32(&scenario["months"]).unwrap_or(last_months.map_or(0, |(_, hi)| hi));
    Ok(ReportData {
        kind: ResultsKind::Run,
        title: name.clone(),
        description: scenario["description"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        months,
        scenarios: vec![ScenarioSettings {
            label: name,
            scenario,
        }],
        varied: Vec::new(),
        results: Results::Run { rows, last_months },
        figures: Vec::new(),
        notes: Vec::new(),
        provenance: provenance_of(manifest),
        discovery: None,
        economy: None,
        story,
        options: ReportOptions::default(),
    })
}

pub(super) fn read_compare(
    dir: &Path,
    manifest: &Value,
    lang: Lang,
) -> Result<ReportData, ReportError> {
    let path = dir.join(COMPARISON_FILE);
    let mut labels: Vec<String> = Vec::new();
    let rows: Vec<ComparedValue> = read_comparison(&path)
        .map_err(|e| table_error(&path, e))?
        .into_iter()
        .map(|row| {
            if !labels.contains(&row.scenario) {
                labels.push(row.scenario.clone());
            }
            ComparedValue {
                metric: row.metric,
                statistic: row.statistic,
                scenario: row.scenario,
                stats: row.stats,
                difference: row.difference,
            }
        })
        .collect();
    let compared = manifest["scenarios"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let scenarios: Vec<ScenarioSettings> = compared
        .iter()
        .map(|s| ScenarioSettings {
            label: json_text(&s["label"]),
            scenario: s["scenario"].clone(),
        })
        .collect();
    if !scenarios.is_empty() {
        labels = scenarios.iter().map(|s| s.label.clone()).collect();
    }
    let mut provenance = provenance_of(manifest);
    for s in &compared {
        let source = json_text(&s["source"]);
        let folder = json_text(&s["folder"]);
        provenance.extra.push((
            lang.fill("prov_scenario", &[&json_text(&s["label"])]),
            lang.fill("prov_results_in", &[&source, &folder]),
        ));
    }
    let story = super::story::read_compare_story(dir, &super::story::compared_folders(manifest));
    let title = labels.join(&format!(" {} ", lang.t("versus")));
    let description = match scenarios.first() {
        Some(reference) => lang.fill(
            "compare_lede",
            &[&labels.len().to_string(), &reference.label],
        ),
        None => String::new(),
    };
    let notes = manifest["notes"]
        .as_array()
        .map(|a| a.iter().map(json_text).collect())
        .unwrap_or_default();
    Ok(ReportData {
        kind: ResultsKind::Compare,
        title,
        description,
        months: month_u32(&manifest["months"]).unwrap_or(0),
        scenarios,
        varied: Vec::new(),
        results: Results::Compare {
            scenarios: labels,
            rows,
        },
        figures: Vec::new(),
        notes,
        provenance,
        discovery: None,
        economy: None,
        story,
        options: ReportOptions::default(),
    })
}

pub(super) fn csv_error(path: &Path, e: csv::Error) -> ReportError {
    ReportError::Invalid {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

pub(super) fn open_csv(path: &Path) -> Result<csv::Reader<std::fs::File>, ReportError> {
    let file = std::fs::File::open(path).map_err(|source| ReportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::Reader::from_reader(file))
}

/// The error of reading the results table at `path`.
pub(super) fn table_error(path: &Path, e: CsvReadError) -> ReportError {
    match e {
        CsvReadError::Open(source) => ReportError::Read {
            path: path.to_path_buf(),
            source,
        },
        CsvReadError::Csv(e) => csv_error(path, e),
        CsvReadError::Invalid(message) => ReportError::Invalid {
            path: path.to_path_buf(),
            message,
        },
    }
}

/// The headline rows of `metrics` for a run from `timeseries.csv`, as `headline_table_for`
/// computes them (so the page and the stdout table agree), and the earliest and latest last
/// month over replications.
pub(super) fn run_headline_from_timeseries(
    path: &Path,
    metrics: &[Metric],
) -> Result<(Vec<HeadlineRow>, u32, u32), ReportError> {
    let k = metrics.len();
    struct Replication {
        last_month: i64,
        last: Vec<f64>,
        over_run: Vec<RunningStats>,
    }
    let mut reader = open_csv(path)?;
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(path, e))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let missing = |name: &str| ReportError::Invalid {
        path: path.to_path_buf(),
        message: format!("no `{name}` column"),
    };
    let replication_col = column("replication").ok_or_else(|| missing("replication"))?;
    let month_col = column("month").ok_or_else(|| missing("month"))?;
    let metric_cols: Vec<Option<usize>> = metrics.iter().map(|m| column(m.name())).collect();
    let mut replications: BTreeMap<u64, Replication> = BTreeMap::new();
    let mut record = csv::ByteRecord::new();
    let field = |record: &csv::ByteRecord, i: usize| -> f64 {
        record
            .get(i)
            .and_then(|b| std::str::from_utf8(b).ok())
            .map_or(f64::NAN, parse_cell)
    };
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(path, e))?
    {
        let replication = field(&record, replication_col);
        let month = field(&record, month_col);
        if !replication.is_finite() || !month.is_finite() {
            return Err(ReportError::Invalid {
                path: path.to_path_buf(),
                message: "a row without replication or month".into(),
            });
        }
        let month = month as i64;
        let entry = replications
            .entry(replication as u64)
            .or_insert_with(|| Replication {
                last_month: -1,
                last: vec![f64::NAN; k],
                over_run: vec![RunningStats::default(); k],
            });
        let values = metric_cols
            .iter()
            .map(|col| col.map_or(f64::NAN, |c| field(&record, c)));
        if month >= entry.last_month {
            entry.last_month = month;
            entry.last.clear();
            entry.last.extend(values.clone());
        }
        if month >= 1 {
            for (stats, v) in entry.over_run.iter_mut().zip(values) {
                stats.push(v);
            }
        }
    }
    let rows = metrics
        .iter()
        .enumerate()
        .map(|(i, m)| HeadlineRow {
            metric: m.name().to_string(),
            at_horizon: Stats::of(replications.values().map(|r| r.last[i])),
            over_run: Stats::of(replications.values().map(|r| r.over_run[i].stats().mean)),
        })
        .collect();
    let month = |m: i64| m.clamp(0, i64::from(u32::MAX)) as u32;
    let lo = replications
        .values()
        .map(|r| r.last_month)
        .min()
        .unwrap_or(0);
    let hi = replications
        .values()
        .map(|r| r.last_month)
        .max()
        .unwrap_or(0);
    Ok((rows, month(lo), month(hi)))
}

/// The headline rows of a run from `summary.csv` alone: the horizon from the last month; the
/// average over the run is not available (it needs each replication's series).
pub(super) fn run_headline_from_summary(
    path: &Path,
    metrics: &[Metric],
) -> Result<(Vec<HeadlineRow>, u32), ReportError> {
    let fail = |e| table_error(path, e);
    let mut summary = SummaryStream::open_run(path).map_err(fail)?;
    let mut last: BTreeMap<String, (u32, Stats)> = BTreeMap::new();
    while let Some(row) = summary.next_row().map_err(fail)? {
        let Ok(month) = row.month() else {
            continue;
        };
        let metric = row.metric();
        match last.get(metric) {
            Some((m, _)) if *m > month => {}
            _ => {
                last.insert(metric.to_string(), (month, row.stats()));
            }
        }
    }
    let months = last.values().map(|(m, _)| *m).max().unwrap_or(0);
    let rows = metrics
        .iter()
        .map(|m| HeadlineRow {
            metric: m.name().to_string(),
            at_horizon: last.get(m.name()).map_or(Stats::of([]), |(_, s)| *s),
            over_run: Stats::of([]),
        })
        .collect();
    Ok((rows, months))
}

/// The SVG files of `dir/figures/`, in name order, ready to inline; and a note for each file
/// left out.
pub(super) fn read_figures(dir: &Path, lang: Lang) -> (Vec<Figure>, Vec<String>) {
    let mut figures = Vec::new();
    let mut notes = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir.join(FIGURES_DIR)) else {
        return (figures, notes);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")))
        // The sensitivity and economy figures belong to their own sections.
        .filter(|p| {
            !p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                crate::output::figures::sensitivity::is_sensitivity_figure_file_name(&n)
                    || crate::output::figures::economy::is_economy_figure_file_name(&n)
            })
        })
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    // The time series first (Figure 1), then the rest by name.
    paths.sort_by_key(|p| {
        let stem = p
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let first = stem.starts_with("timeseries") || stem.starts_with("overview");
        (!first, stem)
    });
    // The folder read once for the figures drawn anew in another language.
    let mut results = None;
    for (i, path) in paths.iter().enumerate() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_INLINED_SVG_BYTES) {
            notes.push(format!(
                "{FIGURES_DIR}/{name} was left out: it is larger than {} MB",
                MAX_INLINED_SVG_BYTES / 1_000_000
            ));
            continue;
        }
        // A figure drawn in another language than the page's is drawn anew in the page's.
        let text = std::fs::read_to_string(path).map(|text| match stem.as_str() {
            "overview" | "differences" | "sweep" | "heatmap" if svg_lang(&text) != lang => {
                translated_figure(dir, &stem, lang, &mut results).unwrap_or(text)
            }
            _ => text,
        });
        match text {
            Ok(text) => match inline_svg(&text, &format!("fig{}-", i + 1)) {
                Some(svg) => figures.push(Figure {
                    caption: svg_title(&svg).unwrap_or_else(|| humanise(&stem)),
                    svg,
                }),
                None => notes.push(format!(
                    "{FIGURES_DIR}/{name} was left out: it is not a plain SVG drawing (no <svg>, or scripts or external references)"
                )),
            },
            Err(e) => notes.push(format!("{FIGURES_DIR}/{name} could not be read: {e}")),
        }
    }
    (figures, notes)
}

/// The folder's overview, differences, sweep or heatmap figure (`stem`) drawn anew with its
/// labels in `lang` (default metrics), or None if it cannot be drawn (then the file in
/// `figures/` is shown as it is). `results` keeps the folder as read by the first call.
fn translated_figure(
    dir: &Path,
    stem: &str,
    lang: Lang,
    results: &mut Option<Option<crate::output::figures::Results>>,
) -> Option<String> {
    use crate::output::figures::{FigureKind, Format, read_results_in, render_in};
    let kind = FigureKind::from_name(stem)?;
    let results = results
        .get_or_insert_with(|| read_results_in(dir, 0, lang).ok())
        .as_ref()?;
    let bytes = render_in(results, kind, &[], Format::Svg, lang).ok()?;
    String::from_utf8(bytes).ok()
}

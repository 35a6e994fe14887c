//! Output: the files of a run, a comparison and a sweep, read back as figures and a report.
//!
//! Owns file formats, the statistics over replications, the tables and the headline table
//! on the way out, and `results_folder`, the one typed reader of a results folder, on the
//! way back in (the figures and the report read every table through it). Takes plain data
//! (results, names, a manifest): knows nothing of running the model or of the CLI, and its
//! bytes depend only on its inputs (the manifest's times aside). It uses the scenario layer
//! only for the schema (the meaning and default of each setting the report shows) and to
//! check a sweep's recorded base text again when the report lists its settings.
//!
//! Codemap: `tables` holds the streaming CSV writers and their `RowKey` prefix columns
//! (numbers through `number_format`); `assemble` writes a sweep's tables from its part store;
//! `stats` the running statistics and the `SummaryAccumulator`; `manifest` the run record and
//! RFC 3339 times; `headline` the stdout table; `folder` what counts as results and clearing
//! them; `lock` the lock a command holds on the folder it writes; `figures` and `report`
//! draw a folder back; `calibration` writes the files of a calibration (posterior, fit,
//! page); `trust_box` says how far to trust the numbers, in the terminal, the report and
//! README. This file ties the writers into [`RunWriter`].

pub mod assemble;
pub mod calibration;
pub mod compare;
pub mod discover;
pub mod economy;
pub mod export;
pub mod figures;
pub mod folder;
mod headline;
pub mod i18n;
pub mod lock;
mod manifest;
mod number_format;
pub mod report;
pub mod results_folder;
pub mod sensitivity;
mod stats;
pub mod success;
mod tables;
pub mod trust_box;
pub mod uncertainty;
pub mod validation_figures;

pub use crate::experiment::plan::keeps_month;
pub use crate::ground::atomic::{AtomicFile, write_atomic};
pub use crate::ground::files::{OutputError, is_disk_full_or_read_only};
pub use headline::{
    HEADLINE_METRICS, headline_table, headline_table_for, headline_table_predictive,
};
pub use manifest::{Manifest, rfc3339_from_unix, rfc3339_utc};
pub use stats::{
    DEFAULT_PREDICTION_LEVEL, RunningStats, Statistic, Stats, SummaryAccumulator, SummaryRow,
    predictive_interval, quantile_type7, t_quantile_975,
};
pub use tables::{EventsWriter, GroupsWriter, RowKey, SummaryWriter, TimeseriesWriter};

use crate::model::metrics::ReplicationResult;
use crate::scenario::Scenario;
use std::io;
use std::path::{Path, PathBuf};

pub use results_folder::{
    EVENTS_FILE, GROUPS_FILE, MANIFEST_FILE, SUMMARY_FILE, TIMESERIES_FILE, UNCERTAINTY_FILE,
};

/// Every file a run writes, in the order they are committed (the manifest last).
pub const RUN_FILES: [&str; 5] = [
    TIMESERIES_FILE,
    GROUPS_FILE,
    EVENTS_FILE,
    SUMMARY_FILE,
    MANIFEST_FILE,
];

/// Writes every file of a run of `scenario` into `dir` (created if needed): see
/// [`write_run_files`].
pub fn write_run_outputs(
    dir: &Path,
    scenario: &Scenario,
    results: &[ReplicationResult],
    manifest: &Manifest,
) -> Result<(), OutputError> {
    write_run_outputs_also(dir, scenario, results, manifest, &[])
}

/// [`write_run_outputs`], with the manifest also listing `also`: files the caller wrote into
/// `dir` beside the run's own (an economy's tables), before the manifest.
pub fn write_run_outputs_also(
    dir: &Path,
    scenario: &Scenario,
    results: &[ReplicationResult],
    manifest: &Manifest,
    also: &[&'static str],
) -> Result<(), OutputError> {
    let group_names: Vec<String> = scenario.workforce.iter().map(|g| g.name.clone()).collect();
    let mut run = RunWriter::create(dir, RowKey::scenario(&scenario.name), &group_names)?;
    if !scenario.uncertainty.is_empty() {
        let path = dir.join(UNCERTAINTY_FILE);
        write_atomic(&path, |w| {
            uncertainty::write_uncertainty_csv(
                w,
                &["scenario"],
                [(vec![scenario.name.clone()], scenario)],
            )
        })
        .map_err(|e| OutputError::write(&path, e))?;
        run.also_wrote(UNCERTAINTY_FILE);
    }
    for name in also {
        run.also_wrote(name);
    }
    for r in results {
        run.add(r)?;
    }
    run.finish(manifest)
}

/// Writes `timeseries.csv`, `groups.csv`, `events.csv`, `summary.csv` and `manifest.json`
/// into `dir` (created if needed). `results` must be in replication order;
/// `group_names[g]` names workforce group g. The manifest is written as given, with
/// `outputs` set to the files written and `finished_at` set to now if still empty.
pub fn write_run_files(
    dir: &Path,
    scenario_name: &str,
    group_names: &[String],
    results: &[ReplicationResult],
    manifest: &Manifest,
) -> Result<(), OutputError> {
    let mut run = RunWriter::create(dir, RowKey::scenario(scenario_name), group_names)?;
    for r in results {
        run.add(r)?;
    }
    run.finish(manifest)
}

/// Streams the files of a run: [`RunWriter::add`] each replication as it becomes available
/// (in replication order), then [`RunWriter::finish`]. Nothing appears under the final names
/// before `finish`; dropping the writer instead leaves `dir` as it was, apart from creating it and
/// removing an earlier `manifest.json` (so that a folder being rewritten never looks complete).
pub struct RunWriter {
    dir: PathBuf,
    timeseries: TimeseriesWriter<AtomicFile>,
    groups: GroupsWriter<AtomicFile>,
    events: EventsWriter<AtomicFile>,
    summary: SummaryAccumulator,
    key: RowKey,
    /// Files written beside the run's own (`uncertainty.csv`), for the manifest.
    also: Vec<&'static str>,
}

impl RunWriter {
    /// Creates `dir` if needed and opens the CSV files; every row starts with `key`.
    pub fn create(
        dir: &Path,
        key: RowKey,
        group_names: &[String],
    ) -> Result<RunWriter, OutputError> {
        std::fs::create_dir_all(dir).map_err(|e| OutputError::create_dir(dir, e))?;
        folder::retract_manifest(dir)?;
        let open = |name: &str| {
            let path = dir.join(name);
            AtomicFile::create(&path).map_err(|e| OutputError::write(&path, e))
        };
        let writer_err = |name: &str| {
            let path = dir.join(name);
            move |e: io::Error| OutputError::write(&path, e)
        };
        Ok(RunWriter {
            dir: dir.to_path_buf(),
            timeseries: TimeseriesWriter::new(open(TIMESERIES_FILE)?, key.clone())
                .map_err(writer_err(TIMESERIES_FILE))?,
            groups: GroupsWriter::new(open(GROUPS_FILE)?, key.clone(), group_names)
                .map_err(writer_err(GROUPS_FILE))?,
            events: EventsWriter::new(open(EVENTS_FILE)?, key.clone())
                .map_err(writer_err(EVENTS_FILE))?,
            summary: SummaryAccumulator::new(),
            key,
            also: Vec::new(),
        })
    }

    /// Records a file written into the folder beside the run's own, listed in the manifest.
    pub fn also_wrote(&mut self, name: &'static str) {
        self.also.push(name);
    }

    /// Adds the next replication.
    pub fn add(&mut self, result: &ReplicationResult) -> Result<(), OutputError> {
        self.timeseries
            .write_replication(result)
            .map_err(|e| self.error(TIMESERIES_FILE, e))?;
        self.groups
            .write_replication(result)
            .map_err(|e| self.error(GROUPS_FILE, e))?;
        self.events
            .write_replication(result)
            .map_err(|e| self.error(EVENTS_FILE, e))?;
        self.summary.add(result);
        Ok(())
    }

    /// The summary statistics of the replications added so far.
    pub fn summary(&self) -> &SummaryAccumulator {
        &self.summary
    }

    /// Writes `summary.csv`, commits the CSV files, then writes `manifest.json` (a copy of
    /// `manifest` with `outputs` set to [`RUN_FILES`] and `finished_at` set if still empty).
    pub fn finish(self, manifest: &Manifest) -> Result<(), OutputError> {
        let RunWriter {
            dir,
            timeseries,
            groups,
            events,
            summary,
            key,
            also,
        } = self;
        let err = |name: &str| {
            let path = dir.join(name);
            move |e: io::Error| OutputError::write(&path, e)
        };
        let timeseries = timeseries.finish().map_err(err(TIMESERIES_FILE))?;
        let groups = groups.finish().map_err(err(GROUPS_FILE))?;
        let events = events.finish().map_err(err(EVENTS_FILE))?;
        let summary_path = dir.join(SUMMARY_FILE);
        let summary_file = AtomicFile::create(&summary_path).map_err(err(SUMMARY_FILE))?;
        let mut summary_writer = SummaryWriter::new(summary_file, key)
            .map_err(err(SUMMARY_FILE))?
            .prediction_level(manifest.prediction_level);
        summary_writer.write(&summary).map_err(err(SUMMARY_FILE))?;
        let summary_file = summary_writer.finish().map_err(err(SUMMARY_FILE))?;

        AtomicFile::commit_all(vec![timeseries, groups, events, summary_file])
            .map_err(|e| OutputError::new("cannot write", &dir, e))?;

        let mut manifest = manifest.clone();
        manifest.outputs = RUN_FILES.iter().map(|s| s.to_string()).collect();
        // Before the manifest itself, the last.
        let last = manifest.outputs.len() - 1;
        manifest
            .outputs
            .splice(last..last, also.iter().map(|s| s.to_string()));
        if manifest.finished_at.is_empty() {
            manifest.finish();
        }
        let json = manifest.to_json();
        let path = dir.join(MANIFEST_FILE);
        write_atomic(&path, |w| w.write_all(json.as_bytes()))
            .map_err(|e| OutputError::write(&path, e))
    }

    fn error(&self, name: &str, e: io::Error) -> OutputError {
        OutputError::write(&self.dir.join(name), e)
    }
}

//! Assembly of a sweep's tables from its part store.
//!
//! Owns `assemble`: the runs recorded in the part files of one or more folders (the shards of
//! a sweep, read through `crate::experiment::parts`) become `points.csv`, `timeseries.csv`,
//! `groups.csv`, `events.csv` and `summary.csv`, in (point, replication) order, so the bytes
//! do not depend on how the runs were split, interrupted or ordered. Formatting runs in
//! parallel over slices of points, writing on a thread of its own, in bounded memory.

use super::results_folder::POINTS_FILE;
use super::stats::SummaryAccumulator;
use super::tables::{EventsWriter, GroupsWriter, RowKey, SummaryWriter, TimeseriesWriter};
use super::{EVENTS_FILE, GROUPS_FILE, OutputError, SUMMARY_FILE, TIMESERIES_FILE};
use crate::experiment::parts::{
    Assembly, AssemblyError, AssemblyPoint, RecordedRuns, RunEvent, recorded_runs,
};
use crate::ground::atomic::AtomicFile;
use crate::model::metrics::Metric;
use rayon::prelude::*;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `points.csv`, `timeseries.csv`, `groups.csv`, `events.csv` and `summary.csv` into
/// `out` from the part files of `sources` (sweep or shard folders), in (point, replication)
/// order. Every run of every valid point must be present in some source.
pub fn assemble(assembly: &Assembly, sources: &[PathBuf], out: &Path) -> Result<(), AssemblyError> {
    let recorded = recorded_runs(assembly, sources)?;

    fs::create_dir_all(out).map_err(|e| OutputError::new("cannot create directory", out, e))?;
    super::folder::retract_manifest(out)?;
    let open = |name: &str| {
        let path = out.join(name);
        AtomicFile::create(&path).map_err(|e| OutputError::write(&path, e))
    };
    let err = |name: &str| {
        let path = out.join(name);
        move |e: io::Error| OutputError::write(&path, e)
    };
    let all = Metric::ALL;
    let metrics = assembly.metrics.unwrap_or(all);
    let key = |id: u32| RowKey::scenario(assembly.name).with("point", id);
    let every = assembly.every_months.max(1);
    let kept = (every, assembly.prediction_level);

    // points.csv (committed with the tables at the end)
    let points_file = {
        let path = out.join(POINTS_FILE);
        let mut w = csv::Writer::from_writer(open(POINTS_FILE)?);
        let csv_err = |e: csv::Error| OutputError::write(&path, io::Error::other(e.to_string()));
        let mut header = vec!["point".to_string()];
        header.extend(assembly.keys.iter().cloned());
        header.extend(["status".to_string(), "error".to_string()]);
        w.write_record(&header).map_err(csv_err)?;
        for p in &assembly.points {
            let mut row = vec![p.id.to_string()];
            row.extend(p.values.iter().cloned());
            row.push(
                if p.group_names.is_some() {
                    "ok"
                } else {
                    "failed"
                }
                .to_string(),
            );
            row.push(p.error.clone());
            w.write_record(&row).map_err(csv_err)?;
        }
        w.into_inner()
            .map_err(|e| OutputError::write(&path, io::Error::other(e.to_string())))?
    };

    // The four tables are formatted slice by slice: a slice is a few consecutive points,
    // formatted on any thread into memory (each slice reads its runs from the part files
    // itself); the slices of a window are then appended to the files in point order, so the
    // bytes are those of one pass over the runs. Windows bound the memory held.
    let first_key = key(assembly.points.first().map_or(0, |p| p.id));
    let headers = format_slice(
        &recorded,
        &[],
        Default::default(),
        &first_key,
        &key,
        metrics,
        kept,
    )?;
    let names = [TIMESERIES_FILE, EVENTS_FILE, GROUPS_FILE, SUMMARY_FILE];
    let mut tables = Vec::with_capacity(names.len());
    for (name, header) in names.iter().zip(&headers) {
        let mut file = open(name)?;
        file.write_all(header).map_err(err(name))?;
        tables.push(file);
    }
    let points_per_slice = (SLICE_RUNS / assembly.replications.max(1) as usize).max(1);
    let slices: Vec<&[AssemblyPoint]> = assembly.points.chunks(points_per_slice).collect();
    let window = 4 * rayon::current_num_threads();
    // A thread of its own appends each formatted window to the files while the workers
    // format the next one; then the four files and points.csv are committed together.
    // At most one window waits to be written, so memory stays bounded. The writer hands the
    // emptied buffers back for the next slices: their memory is then already mapped and
    // large enough, where fresh buffers would fault in pages and copy as they grow.
    std::thread::scope(|scope| {
        let (to_writer, windows) = std::sync::mpsc::sync_channel::<Vec<[Vec<u8>; 4]>>(1);
        let (emptied, spare) = std::sync::mpsc::channel::<[Vec<u8>; 4]>();
        let spare = std::sync::Mutex::new(spare);
        let writer = scope.spawn(move || -> Result<Vec<AtomicFile>, OutputError> {
            for formatted in windows {
                for mut slice in formatted {
                    for ((file, name), rows) in tables.iter_mut().zip(names).zip(&mut slice) {
                        // Every slice's text begins with the table's header line: skip it.
                        let start = rows.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
                        file.write_all(&rows[start..]).map_err(err(name))?;
                        // The disk can work on it while the rest is formatted.
                        file.start_writeback().map_err(err(name))?;
                        rows.clear();
                    }
                    // The formatting may be over, and the spare buffers with it.
                    let _ = emptied.send(slice);
                }
            }
            Ok(tables)
        });
        let mut formatting = Ok(());
        for window_slices in slices.chunks(window) {
            let formatted = window_slices
                .par_iter()
                .map(|points| {
                    let buffers = spare
                        .lock()
                        .ok()
                        .and_then(|spare| spare.try_recv().ok())
                        .unwrap_or_default();
                    format_slice(&recorded, points, buffers, &first_key, &key, metrics, kept)
                })
                .collect::<Result<Vec<_>, _>>();
            match formatted {
                // A closed channel means the writer failed: its error is reported below.
                Ok(formatted) => {
                    if to_writer.send(formatted).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    formatting = Err(e);
                    break;
                }
            }
        }
        drop(to_writer);
        let tables = writer.join().expect("the table writer does not panic")?;
        formatting?;
        let mut files = tables;
        files.push(points_file);
        AtomicFile::commit_all(files).map_err(|e| OutputError::new("cannot write", out, e))?;
        Ok(())
    })
}

/// Runs formatted per slice of points (about this many runs a slice).
const SLICE_RUNS: usize = 64;

/// The text of `points` in timeseries, events, groups and summary (in that order), each with
/// its header line first, written into `buffers` (empty; only their capacity is used).
fn format_slice(
    runs: &RecordedRuns,
    points: &[AssemblyPoint],
    buffers: [Vec<u8>; 4],
    first_key: &RowKey,
    key: &dyn Fn(u32) -> RowKey,
    metrics: &[Metric],
    (every, level): (usize, f64),
) -> Result<[Vec<u8>; 4], AssemblyError> {
    let internal = |e: io::Error| OutputError::new("cannot format", Path::new("(memory)"), e);
    let [timeseries_text, events_text, groups_text, summary_text] = buffers;
    let mut timeseries =
        TimeseriesWriter::with_metrics(timeseries_text, first_key.clone(), metrics)
            .map_err(internal)?
            .keep_every_months(every);
    let mut events = EventsWriter::new(events_text, first_key.clone()).map_err(internal)?;
    let mut groups = GroupsWriter::new(groups_text, first_key.clone(), &[])
        .map_err(internal)?
        .keep_every_months(every);
    let mut summary = SummaryWriter::with_metrics(summary_text, first_key.clone(), metrics)
        .map_err(internal)?
        .keep_every_months(every)
        .prediction_level(level);
    let mut acc = SummaryAccumulator::new();
    runs.for_each(points, |event| match event {
        RunEvent::PointStart(p, group_names) => {
            timeseries.set_key(key(p.id)).map_err(internal)?;
            events.set_key(key(p.id)).map_err(internal)?;
            groups.set_key(key(p.id)).map_err(internal)?;
            groups.set_group_names(group_names);
            summary.set_key(key(p.id)).map_err(internal)?;
            acc = SummaryAccumulator::new();
            Ok(())
        }
        RunEvent::Run(result) => {
            timeseries.write_replication(result).map_err(internal)?;
            events.write_replication(result).map_err(internal)?;
            groups.write_replication(result).map_err(internal)?;
            acc.add(result);
            Ok(())
        }
        RunEvent::PointEnd => summary.write(&acc).map_err(internal),
    })?;
    Ok([
        timeseries.finish().map_err(internal)?,
        events.finish().map_err(internal)?,
        groups.finish().map_err(internal)?,
        summary.finish().map_err(internal)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::part_format::KeptOutput;
    use crate::experiment::parts::{PartStore, RunRecord, sample_result as result};
    use crate::model::metrics::ReplicationResult;

    #[test]
    fn assembly_orders_runs_whatever_order_they_were_stored_in() {
        let base = std::env::temp_dir().join(format!("orgsim-parts-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let names = vec!["a".to_string(), "b".to_string()];
        let runs: Vec<(u32, ReplicationResult)> = (0..2)
            .flat_map(|p| (0..3).map(move |r| (p, result(r, 4))))
            .collect();
        let plan = |dir: &Path, order: &[usize], split: usize| {
            let mut a = PartStore::open(&dir.join("one"), KeptOutput::all()).unwrap();
            let mut b = PartStore::open(&dir.join("two"), KeptOutput::all()).unwrap();
            let records: Vec<RunRecord> = order
                .iter()
                .map(|&i| RunRecord {
                    point: runs[i].0,
                    result: &runs[i].1,
                })
                .collect();
            a.write_batch(&records[..split]).unwrap();
            b.write_batch(&records[split..]).unwrap();
            let keys = vec!["k".to_string()];
            let assembly = Assembly {
                name: "s",
                keys: &keys,
                replications: 3,
                points: (0..2)
                    .map(|id| AssemblyPoint {
                        id,
                        values: vec![id.to_string()],
                        group_names: Some(&names),
                        error: String::new(),
                    })
                    .collect(),
                metrics: None,
                every_months: 1,
                prediction_level: 0.9,
            };
            assemble(
                &assembly,
                &[dir.join("one"), dir.join("two")],
                &dir.join("out"),
            )
            .unwrap();
            [
                POINTS_FILE,
                TIMESERIES_FILE,
                GROUPS_FILE,
                EVENTS_FILE,
                SUMMARY_FILE,
            ]
            .map(|f| fs::read(dir.join("out").join(f)).unwrap())
        };
        let in_order = plan(&base.join("x"), &[0, 1, 2, 3, 4, 5], 3);
        let shuffled = plan(&base.join("y"), &[5, 2, 0, 4, 1, 3], 2);
        assert_eq!(in_order, shuffled);
        let timeseries = String::from_utf8(in_order[1].clone()).unwrap();
        assert!(timeseries.starts_with("scenario,point,replication,month,"));
        assert_eq!(timeseries.lines().count(), 1 + 2 * 3 * 4);
        // A missing run is reported, not silently skipped.
        let keys = vec!["k".to_string()];
        let incomplete = Assembly {
            name: "s",
            keys: &keys,
            replications: 4,
            points: vec![AssemblyPoint {
                id: 0,
                values: vec![],
                group_names: Some(&names),
                error: String::new(),
            }],
            metrics: None,
            every_months: 1,
            prediction_level: 0.9,
        };
        assert!(matches!(
            assemble(&incomplete, &[base.join("x/one")], &base.join("z")),
            Err(AssemblyError::Missing { .. })
        ));
        fs::remove_dir_all(&base).ok();
    }
}

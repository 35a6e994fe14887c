//! Running a sweep: every (point, replication) of a plan, in parallel, in bounded memory,
//! recorded durably as it finishes so that an interrupted sweep can resume.
//!
//! Owns the order of work (runs in (point, replication) order, a shard's share chosen by run
//! index), batching (memory does not grow with the number of points), progress reporting and
//! stopping between batches. Common random numbers: replication r of every point uses the same
//! seed, hence the same random streams. Does not own the file formats (see
//! `crate::experiment::parts`) or the terminal (progress is reported through a trait).

use super::plan::SweepPlan;
pub use super::setup::{PointChecks, check_points, validate_points};
use crate::experiment::parts::{PartError, PartStore, RunRecord};
use crate::ground::files::OutputError;
use crate::model::metrics::ReplicationResult;
use crate::scenario::{Scenario, load_str, load_str_checked_before};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::ScopedJoinHandle;

/// Runs per batch: a batch's results are held in memory until written, so this bounds memory.
pub const BATCH_RUNS: usize = 256;

/// A deterministic 1/count share of the runs: those whose run index ≡ index (mod count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// All runs.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parses `I/N` with 0 ≤ I < N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not of the form I/N (e.g. 0/4)"))?;
        let index: u32 = i
            .trim()
            .parse()
            .map_err(|_| format!("shard index `{i}` is not a whole number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("shard count `{n}` is not a whole number"))?;
        if count == 0 {
            return Err(format!(
                "`{text}`: the shard count must be at least 1 (e.g. 0/4 is the first of 4 shards)"
            ));
        }
        if index >= count {
            return Err(format!(
                "`{text}`: shards of {count} are numbered 0 to {}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether this shard runs run number `run` (run = point · replications + replication).
    pub fn owns(self, run: u64) -> bool {
        run % self.count as u64 == self.index as u64
    }
}

/// The scenario of `point` (an index into `plan.points`), or the rendered reason it is invalid.
pub fn point_scenario(plan: &SweepPlan, point: usize) -> Result<Scenario, String> {
    load_str(
        &plan.base_source,
        &plan.base_text,
        &plan.overrides(&plan.points[point]),
    )
    .map_err(|e| e.to_string())
}

/// As [`point_scenario`], for a point checked before (by `setup`): each replication's drawn
/// values (`[uncertainty]`) are not checked again.
pub fn point_scenario_checked_before(plan: &SweepPlan, point: usize) -> Result<Scenario, String> {
    load_str_checked_before(
        &plan.base_source,
        &plan.base_text,
        &plan.overrides(&plan.points[point]),
    )
    .map_err(|e| e.to_string())
}

/// Receives progress; implemented by the CLI (bar or log lines).
pub trait Progress: Sync {
    /// `total` runs in this shard, of which `done` were already recorded.
    fn start(&self, total: u64, done: u64);
    /// `runs` more runs finished.
    fn advance(&self, runs: u64);
}

/// A progress sink that reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// How a sweep call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepStatus {
    /// Every run of the shard is recorded.
    Complete { runs: u64, newly_run: u64 },
    /// `stop` was raised; `done` of `total` runs are recorded.
    Interrupted { done: u64, total: u64 },
}

/// Runs every run of `shard` not yet in `store`, batch by batch, on the current rayon pool.
/// Checks `stop` between batches.
pub fn run_sweep(
    plan: &SweepPlan,
    invalid: &[Option<String>],
    shard: Shard,
    store: &mut PartStore,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<SweepStatus, PartError> {
    let replications = plan.replications as u64;
    let total_runs = invalid.len() as u64 * replications;
    // Done runs as a bitset over run indices (1 bit a run).
    let mut done = vec![0u64; total_runs.div_ceil(64) as usize];
    store.completed(|point, replication| {
        let run = point as u64 * replications + replication as u64;
        if run < total_runs {
            done[(run / 64) as usize] |= 1 << (run % 64);
        }
    })?;
    let is_done = |run: u64| done[(run / 64) as usize] >> (run % 64) & 1 == 1;
    let mine = |run: u64| shard.owns(run) && invalid[(run / replications) as usize].is_none();

    let shard_total = (0..total_runs).filter(|&r| mine(r)).count() as u64;
    let already = (0..total_runs).filter(|&r| mine(r) && is_done(r)).count() as u64;
    progress.start(shard_total, already);

    let mut todo = (0..total_runs)
        .filter(|&r| mine(r) && !is_done(r))
        .peekable();
    let mut batch: Vec<u64> = Vec::with_capacity(BATCH_RUNS);
    let mut newly_run = 0u64;
    // Writing a part file ends in fsync, which waits for the disk: a thread of its own encodes
    // and writes batch k while the workers run batch k + 1 (on 2 cores the wait was ~8% of a
    // sweep). At most one batch is waiting to be written, so memory stays bounded.
    std::thread::scope(|scope| {
        let mut writing = None;
        while todo.peek().is_some() {
            if stop.load(Ordering::SeqCst) {
                finish_writing(&mut writing)?;
                return Ok(SweepStatus::Interrupted {
                    done: already + newly_run,
                    total: shard_total,
                });
            }
            batch.clear();
            batch.extend(todo.by_ref().take(BATCH_RUNS));
            // The batch's points, in order (runs are in point order, so each point appears
            // once).
            let mut points: Vec<usize> = batch
                .iter()
                .map(|&run| (run / replications) as usize)
                .collect();
            points.dedup();
            let scenarios: Vec<Scenario> = points
                .par_iter()
                .map(|&p| {
                    point_scenario_checked_before(plan, p)
                        .expect("points that failed validation are not scheduled")
                })
                .collect();
            let results: Vec<(u32, ReplicationResult)> = batch
                .par_iter()
                .map(|&run| {
                    let point = (run / replications) as usize;
                    let scenario =
                        &scenarios[points.binary_search(&point).expect("the batch's point")];
                    let result = super::run_one(scenario, (run % replications) as u32);
                    progress.advance(1);
                    (point as u32, result)
                })
                .collect();
            let mut file = store.reserve_batch();
            // The previous batch must be on disk before this one is counted as done.
            finish_writing(&mut writing)?;
            // Encoding, too, happens on the writer's thread, not between batches; the results
            // are dropped once encoded, before the wait for the disk.
            writing = Some(scope.spawn(move || {
                let records: Vec<RunRecord> = results
                    .iter()
                    .map(|(point, result)| RunRecord {
                        point: *point,
                        result,
                    })
                    .collect();
                file.encode(&records);
                drop(records);
                drop(results);
                file.write()
            }));
            newly_run += batch.len() as u64;
        }
        finish_writing(&mut writing)?;
        Ok(SweepStatus::Complete {
            runs: shard_total,
            newly_run,
        })
    })
}

/// Waits for the part file being written, if any; its outcome.
fn finish_writing(
    writing: &mut Option<ScopedJoinHandle<'_, Result<(), OutputError>>>,
) -> Result<(), OutputError> {
    writing.take().map_or(Ok(()), |handle| {
        handle.join().expect("the part-file writer does not panic")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition_the_runs() {
        assert_eq!(Shard::parse("1/4"), Ok(Shard { index: 1, count: 4 }));
        assert!(Shard::parse("4/4").is_err());
        assert!(Shard::parse("x/4").is_err());
        assert!(Shard::parse("1-4").is_err());
        let zero = Shard::parse("0/0").unwrap_err();
        assert!(zero.contains("count must be at least 1"), "{zero}");
        let beyond = Shard::parse("5/3").unwrap_err();
        assert!(beyond.contains("numbered 0 to 2"), "{beyond}");
        let shards: Vec<Shard> = (0..3).map(|i| Shard { index: i, count: 3 }).collect();
        for run in 0..100 {
            assert_eq!(shards.iter().filter(|s| s.owns(run)).count(), 1);
        }
    }
}

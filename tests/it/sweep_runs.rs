//! Sweeps through the library: sharded, interrupted and resumed sweeps give byte-identical
//! tables; replication r of every point uses the same random streams.

use crate::common;

use common::{SWEEP_TABLES, repo_path};
use orgsim::experiment::parts::PartStore;
use orgsim::experiment::plan::{OutputSelection, Point, PointValue, SweepPlan};
use orgsim::experiment::runner::{
    Progress, Shard, Silent, SweepStatus, run_sweep, validate_points,
};
use orgsim::model::metrics::Metric;
use orgsim::output::assemble::assemble;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

fn plan(points: usize) -> SweepPlan {
    SweepPlan {
        name: "test_sweep".into(),
        base_source: "control.toml".into(),
        base_text: std::fs::read_to_string(repo_path("scenarios/control.toml")).unwrap(),
        replications: 3,
        base_overrides: vec!["months=12".into(), "organisation.teams=4".into()],
        keys: vec!["knowledge.socialisation_rate".into()],
        points: (0..points)
            .map(|i| Point {
                id: i as u32,
                values: vec![PointValue::Float(0.1 + 0.2 * (i % 5) as f64)],
            })
            .collect(),
        output: OutputSelection::default(),
        design: None,
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orgsim-sweep-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn tables(plan: &SweepPlan, sources: &[PathBuf], out: &Path) -> Vec<Vec<u8>> {
    let invalid = validate_points(plan);
    let names = ["vocational".to_string(), "higher_educated".to_string()];
    let assembly = plan.assembly(|_| Ok(&names[..]));
    assert!(invalid.iter().all(Option::is_none));
    assemble(&assembly, sources, out).unwrap();
    SWEEP_TABLES
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect()
}

fn sweep_into(
    plan: &SweepPlan,
    dir: &Path,
    shard: Shard,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> SweepStatus {
    let invalid = validate_points(plan);
    let mut store = PartStore::open(dir, plan.kept_output()).unwrap();
    run_sweep(plan, &invalid, shard, &mut store, progress, stop).unwrap()
}

#[test]
fn sharded_sweeps_merge_to_the_same_bytes_as_one_sweep() {
    let plan = plan(7);
    let base = temp("shards");
    let never = AtomicBool::new(false);
    assert!(matches!(
        sweep_into(&plan, &base.join("whole"), Shard::WHOLE, &Silent, &never),
        SweepStatus::Complete {
            runs: 21,
            newly_run: 21
        }
    ));
    let whole = tables(&plan, &[base.join("whole")], &base.join("whole"));
    let shard_dirs: Vec<PathBuf> = (0..3).map(|i| base.join(format!("shard-{i}"))).collect();
    for (i, dir) in shard_dirs.iter().enumerate() {
        sweep_into(
            &plan,
            dir,
            Shard {
                index: i as u32,
                count: 3,
            },
            &Silent,
            &never,
        );
    }
    let merged = tables(&plan, &shard_dirs, &base.join("merged"));
    assert_eq!(whole, merged);
    let timeseries = String::from_utf8(whole[1].clone()).unwrap();
    assert_eq!(timeseries.lines().count(), 1 + 7 * 3 * 13);
    std::fs::remove_dir_all(&base).ok();
}

/// Stops the sweep after the first runs have finished.
struct StopAfter<'a> {
    runs: u64,
    seen: AtomicU64,
    stop: &'a AtomicBool,
}

impl Progress for StopAfter<'_> {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, runs: u64) {
        if self.seen.fetch_add(runs, Ordering::SeqCst) + runs >= self.runs {
            self.stop.store(true, Ordering::SeqCst);
        }
    }
}

#[test]
fn an_interrupted_sweep_resumes_to_the_same_bytes() {
    // More runs than one batch, so the stop lands between batches.
    let plan = plan(100);
    let base = temp("resume");
    let never = AtomicBool::new(false);
    sweep_into(&plan, &base.join("whole"), Shard::WHOLE, &Silent, &never);
    let whole = tables(&plan, &[base.join("whole")], &base.join("whole"));

    let stop = AtomicBool::new(false);
    let stopper = StopAfter {
        runs: 1,
        seen: AtomicU64::new(0),
        stop: &stop,
    };
    let first = sweep_into(&plan, &base.join("resumed"), Shard::WHOLE, &stopper, &stop);
    let SweepStatus::Interrupted { done, total } = first else {
        panic!("expected an interruption, got {first:?}")
    };
    assert!(done > 0 && done < total, "{done}/{total}");
    let second = sweep_into(&plan, &base.join("resumed"), Shard::WHOLE, &Silent, &never);
    assert_eq!(
        second,
        SweepStatus::Complete {
            runs: 300,
            newly_run: 300 - done
        }
    );
    assert_eq!(
        tables(&plan, &[base.join("resumed")], &base.join("resumed")),
        whole
    );
    std::fs::remove_dir_all(&base).ok();
}

#[test]
fn replication_r_of_every_point_uses_the_same_random_streams() {
    // Points 0 and 5 have the same value: common random numbers make their runs identical.
    let plan = plan(6);
    let base = temp("crn");
    sweep_into(&plan, &base, Shard::WHOLE, &Silent, &AtomicBool::new(false));
    let out = tables(&plan, std::slice::from_ref(&base), &base);
    let timeseries = String::from_utf8(out[1].clone()).unwrap();
    let rows = |point: &str| -> Vec<String> {
        timeseries
            .lines()
            .filter(|l| l.split(',').nth(1) == Some(point))
            .map(|l| l.split(',').skip(2).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(rows("0"), rows("5"));
    assert_ne!(
        rows("0"),
        rows("1"),
        "a different parameter value changes the runs"
    );
    std::fs::remove_dir_all(&base).ok();
}

#[test]
fn output_selection_keeps_chosen_metrics_and_months() {
    let mut plan = plan(2);
    plan.output = OutputSelection {
        metrics: Some(vec![Metric::Performance, Metric::Retention]),
        every_months: 5,
        prediction_level: None,
    };
    let base = temp("selection");
    sweep_into(&plan, &base, Shard::WHOLE, &Silent, &AtomicBool::new(false));
    let out = tables(&plan, std::slice::from_ref(&base), &base);
    let timeseries = String::from_utf8(out[1].clone()).unwrap();
    assert_eq!(
        timeseries.lines().next().unwrap(),
        "scenario,point,replication,month,performance,retention"
    );
    let months: Vec<&str> = timeseries
        .lines()
        .skip(1)
        .take(4)
        .map(|l| l.split(',').nth(3).unwrap())
        .collect();
    assert_eq!(months, ["0", "5", "10", "12"]);
    std::fs::remove_dir_all(&base).ok();
}

fn bytes_under(dir: &Path, keep: impl Fn(&str) -> bool) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| keep(&e.file_name().to_string_lossy()))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

#[test]
fn part_files_keep_only_what_the_tables_hold() {
    let mut plan = plan(4);
    plan.output = OutputSelection {
        metrics: Some(vec![Metric::Performance]),
        every_months: 6,
        prediction_level: None,
    };
    let base = temp("lean-parts");
    sweep_into(&plan, &base, Shard::WHOLE, &Silent, &AtomicBool::new(false));
    tables(&plan, std::slice::from_ref(&base), &base);
    let parts = bytes_under(&base.join("parts"), |name| name.ends_with(".part"));
    let tables = bytes_under(&base, |name| name.ends_with(".csv"));
    // One metric at months 0, 6 and 12 (and the groups at those months): the binary records
    // are smaller than the text of the tables.
    assert!(
        parts <= tables,
        "part files take {parts} bytes for {tables} bytes of tables"
    );
    std::fs::remove_dir_all(&base).ok();
}

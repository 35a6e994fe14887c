//! Criterion benchmark of sweep throughput (runs per second, criterion's "elements"): a grid
//! of 40 points × 25 replications of the default scenario (200 employees, 60 months): 1,000
//! runs, run, recorded in part files (four batches) and assembled into the CSV tables, on 1
//! and 2 threads; then the assembly alone on 2 threads, into new files as in a sweep (its time
//! over the 2-thread sweep's is the share of the CSV output).

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use orgsim::experiment::parts::PartStore;
use orgsim::experiment::plan::{OutputSelection, Point, PointValue, SweepPlan};
use orgsim::experiment::runner::{Shard, Silent, run_sweep, validate_points};
use orgsim::output::assemble::assemble;
use orgsim::scenario::DEFAULT_SCENARIO_TOML;
use std::sync::atomic::AtomicBool;

fn plan() -> SweepPlan {
    SweepPlan {
        name: "bench".into(),
        base_source: "default.toml".into(),
        base_text: DEFAULT_SCENARIO_TOML.into(),
        replications: 25,
        base_overrides: vec![],
        keys: vec!["knowledge.socialisation_rate".into()],
        points: (0..40)
            .map(|i| Point {
                id: i,
                values: vec![PointValue::Float(0.05 + 0.0225 * i as f64)],
            })
            .collect(),
        output: OutputSelection::default(),
        design: None,
    }
}

/// Assembles the CSV tables of `plan` from the part files in `dir`.
fn assemble_tables(plan: &SweepPlan, names: &[String], dir: &std::path::Path) {
    let assembly = plan.assembly(|_| Ok(names));
    assemble(&assembly, &[dir.to_path_buf()], dir).expect("assembly");
}

/// Removes the CSV tables from `dir` (keeping the part files).
fn remove_tables(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).expect("sweep folder").flatten() {
        if entry.path().extension().is_some_and(|e| e == "csv") {
            std::fs::remove_file(entry.path()).expect("remove a table");
        }
    }
}

/// Runs every run of `plan` into fresh part files in `dir`.
fn record_runs(plan: &SweepPlan, dir: &std::path::Path) {
    let _ = std::fs::remove_dir_all(dir);
    let invalid = validate_points(plan);
    let mut store = PartStore::open(dir, plan.kept_output()).expect("part store");
    run_sweep(
        plan,
        &invalid,
        Shard::WHOLE,
        &mut store,
        &Silent,
        &AtomicBool::new(false),
    )
    .expect("sweep");
}

fn sweep(c: &mut Criterion) {
    let plan = plan();
    let runs = plan.points.len() as u64 * plan.replications as u64;
    let names = vec!["vocational".to_string(), "higher_educated".to_string()];
    let dir = std::env::temp_dir().join(format!("orgsim-bench-sweep-{}", std::process::id()));
    let pools = [1usize, 2].map(|threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
    });
    let mut group = c.benchmark_group("sweep");
    group.throughput(Throughput::Elements(runs));
    for pool in &pools {
        let threads = pool.current_num_threads();
        group.bench_with_input(
            BenchmarkId::new("runs", format!("{threads}_threads")),
            &threads,
            |b, _| {
                b.iter(|| {
                    pool.install(|| {
                        record_runs(&plan, &dir);
                        assemble_tables(&plan, &names, &dir);
                    })
                })
            },
        );
    }
    // The CSV share: assembling the tables alone, from part files recorded once, into new
    // files as in a sweep (replacing files costs the file system more).
    let [_, two_threads] = &pools;
    two_threads.install(|| record_runs(&plan, &dir));
    group.bench_function("assemble_only/2_threads", |b| {
        b.iter_batched(
            || remove_tables(&dir),
            |()| two_threads.install(|| assemble_tables(&plan, &names, &dir)),
            BatchSize::PerIteration,
        )
    });
    let _ = std::fs::remove_dir_all(&dir);
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(20));
    targets = sweep
}
criterion_main!(benches);

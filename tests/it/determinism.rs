//! Reproducibility: the same scenario and seed give bit-identical results whatever the thread
//! count, for replications in parallel and for the step itself split over threads.

use crate::common;

use common::*;
use orgsim::engine::simulation::Simulation;
use orgsim::experiment::run_replications;
use orgsim::model::metrics::ReplicationResult;
use std::process::Command;

fn bits(results: &[ReplicationResult]) -> Vec<u64> {
    let mut out = vec![];
    for r in results {
        for row in &r.months {
            out.extend(row.iter().map(|v| v.to_bits()));
        }
        for month in &r.groups {
            for g in month {
                out.extend([
                    g.headcount as u64,
                    g.engagement.to_bits(),
                    g.retention.to_bits(),
                ]);
            }
        }
        for e in &r.events {
            out.extend([
                e.shock_month as u64,
                e.recovery_months.map_or(u64::MAX, u64::from),
            ]);
        }
    }
    out
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(f)
}

#[test]
fn replications_are_identical_on_one_and_several_threads() {
    let s = scenario("transition", &["replications=12", "months=36"]);
    let one = in_pool(1, || run_replications(&s));
    let two = in_pool(2, || run_replications(&s));
    let four = in_pool(4, || run_replications(&s));
    assert_eq!(bits(&one), bits(&two));
    assert_eq!(bits(&one), bits(&four));
    let other_seed = scenario("transition", &["replications=12", "months=36", "seed=43"]);
    assert_ne!(
        bits(&one),
        bits(&in_pool(2, || run_replications(&other_seed))),
        "the seed must matter"
    );
}

#[test]
fn a_large_organisation_steps_identically_serial_and_parallel() {
    // 50,000 slots: above the size at which the step itself is split over threads.
    let s = scenario("transition", &["organisation.teams=5000"]);
    let mut serial = Simulation::new(&s, 3);
    serial.parallel = false;
    let mut parallel = Simulation::new(&s, 3);
    parallel.parallel = true;
    in_pool(3, || {
        for _ in 0..8 {
            let a = serial.step().0;
            let b = parallel.step().0;
            assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits));
        }
    });
    assert_eq!(serial.state, parallel.state);
}

#[test]
fn output_files_are_byte_identical_with_one_and_two_threads() {
    let dir = std::env::temp_dir().join(format!("orgsim-determinism-{}", std::process::id()));
    let run = |threads: &str| {
        let out = dir.join(threads);
        let status = Command::new(env!("CARGO_BIN_EXE_orgsim"))
            .args([
                "run",
                "--quiet",
                "--replications",
                "6",
                "--threads",
                threads,
                "--out",
            ])
            .arg(&out)
            .status()
            .expect("orgsim runs");
        assert!(status.success());
        out
    };
    let one = run("1");
    let two = run("2");
    for file in ["timeseries.csv", "groups.csv", "events.csv", "summary.csv"] {
        let a = std::fs::read(one.join(file)).expect(file);
        let b = std::fs::read(two.join(file)).expect(file);
        assert!(!a.is_empty());
        assert!(a == b, "{file} differs between 1 and 2 threads");
    }
    std::fs::remove_dir_all(&dir).ok();
}

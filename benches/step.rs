//! Criterion benchmark of one month of the organisation model on the default scenario scaled
//! to 10,000 and 100,000 employees, on 1 and 2 threads. Throughput is reported in
//! employee-months per second (criterion's "elements").

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use orgsim::engine::simulation::Simulation;
use orgsim::scenario::default_scenario;

fn step(c: &mut Criterion) {
    let mut group = c.benchmark_group("step");
    for employees in [10_000u32, 100_000] {
        let mut scenario = default_scenario();
        scenario.organisation.teams = employees / scenario.organisation.team_size;
        scenario.months = 100_000; // the benchmark steps far past any horizon check
        for threads in [1usize, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            let mut sim = Simulation::new(&scenario, 0);
            sim.parallel = threads > 1;
            // Warm the state up past the initial transient.
            pool.install(|| {
                for _ in 0..12 {
                    sim.step();
                }
            });
            group.throughput(Throughput::Elements(employees as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("{threads}_threads"), employees),
                &employees,
                |b, _| b.iter(|| pool.install(|| sim.step().0[0])),
            );
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(5));
    targets = step
}
criterion_main!(benches);

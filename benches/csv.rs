//! Criterion benchmark of the CSV writers: one run of the default scenario (200 employees, 60
//! months) written as `timeseries.csv` rows, and as `groups.csv` rows, into memory.
//! Throughput is in rows per second (criterion's "elements"). This is the formatting part of
//! a sweep's assembly (see `benches/sweep.rs` for the whole).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use orgsim::engine::run::run_replication;
use orgsim::output::{GroupsWriter, RowKey, TimeseriesWriter};
use orgsim::scenario::default_scenario;

fn csv(c: &mut Criterion) {
    let scenario = default_scenario();
    let result = run_replication(&scenario, 0);
    let key = RowKey::scenario("bench").with("point", 0);
    let mut group = c.benchmark_group("csv");
    group.throughput(Throughput::Elements(result.months.len() as u64));
    group.bench_function("timeseries_run", |b| {
        b.iter(|| {
            let mut w =
                TimeseriesWriter::new(Vec::with_capacity(1 << 16), key.clone()).expect("in memory");
            w.write_replication(&result).expect("in memory");
            w.finish().expect("in memory").len()
        })
    });
    let names: Vec<String> = scenario.workforce.iter().map(|g| g.name.clone()).collect();
    group.bench_function("groups_run", |b| {
        b.iter(|| {
            let mut w = GroupsWriter::new(Vec::with_capacity(1 << 16), key.clone(), &names)
                .expect("in memory");
            w.write_replication(&result).expect("in memory");
            w.finish().expect("in memory").len()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = csv
}
criterion_main!(benches);

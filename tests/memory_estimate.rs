//! The memory estimate that refuses oversized work (`experiment::memory`) against the bytes
//! the engine really allocates, counted by a global allocator: the estimate must not be lower
//! than the peak, nor much higher. If the engine's state changes size, this fails and the
//! per-slot and per-team figures must be updated.
//!
//! One test function only: the counter is global, and tests running in parallel would add
//! their allocations to it.

mod common;

use common::scenario;
use orgsim::engine::run_replication;
use orgsim::experiment::memory::{MemoryNeed, result_bytes, simulation_bytes};
use orgsim::experiment::run_replications;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::SeqCst) + new_size
                - layout.size();
            PEAK.fetch_max(now, Ordering::SeqCst);
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes allocated by `work` beyond what was allocated before it (the result is kept
/// alive until the peak is read, so what it returns counts).
fn peak_of<T>(work: impl FnOnce() -> T) -> (usize, T) {
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let kept = work();
    (PEAK.load(Ordering::SeqCst) - before, kept)
}

/// `estimate` covers `measured` and is at most 25% (plus 256 kB) above it.
fn close_above(what: &str, estimate: u64, measured: usize) {
    let measured = measured as u64;
    assert!(
        estimate >= measured,
        "{what}: estimate {estimate} B is below the {measured} B really allocated"
    );
    assert!(
        estimate <= measured + measured / 4 + (256 << 10),
        "{what}: estimate {estimate} B is far above the {measured} B really allocated"
    );
}

#[test]
fn the_memory_estimate_matches_what_the_engine_allocates() {
    // One worker: the large organisation splits its step with rayon::join, which then runs
    // inline, and the pool's own memory is allocated before anything is measured.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    pool.install(|| {
        // A large organisation: the state dominates.
        let big = scenario(
            "coaching",
            &[
                "organisation.teams=4000",
                "organisation.team_size=50",
                "months=12",
                "replications=1",
            ],
        );
        let (peak, result) = peak_of(|| run_replication(&big, 0));
        close_above(
            "200,000 slots",
            simulation_bytes(&big) + result_bytes(&big),
            peak,
        );
        drop(result);

        // Many replications over a long horizon: the results dominate.
        let long = scenario(
            "default",
            &["months=600", "replications=200", "organisation.teams=2"],
        );
        let (peak, results) = peak_of(|| run_replications(&long));
        assert_eq!(results.len(), 200);
        close_above(
            "200 replications × 600 months",
            MemoryNeed::run(&long, 1).total(),
            peak,
        );
        drop(results);

        // March's model: individuals instead of slots, no workforce groups.
        let march = scenario(
            "march1991",
            &[
                "knowledge.individuals=100000",
                "months=20",
                "replications=1",
            ],
        );
        let (peak, result) = peak_of(|| run_replication(&march, 0));
        close_above(
            "March, 100,000 individuals",
            simulation_bytes(&march) + result_bytes(&march),
            peak,
        );
        drop(result);
    });
}

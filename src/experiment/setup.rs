//! Setting a sweep up before it runs: checking every point once, and the memory of the sweep's
//! own bookkeeping.
//!
//! Owns validating every point of a plan (in parallel, in chunks, reporting progress, since a
//! grid of a million points takes many seconds), the memory a batch of the largest valid
//! point needs, the workforce group names of the valid points (kept as a few shared lists, so
//! they cost four bytes a point) and the estimate of what a sweep holds beside its batches:
//! the plan, the per-point and per-run records, and for assembly the index of runs. Pure: no
//! I/O, no terminal (progress goes through `runner::Progress`).

use super::memory::MemoryNeed;
use super::plan::{Point, PointValue, SweepPlan};
use super::runner::{Progress, point_scenario};
use crate::experiment::parts::AssemblyPoint;
use rayon::prelude::*;
use std::collections::HashMap;
use std::mem::size_of;

/// Points checked between two progress reports (and held at once before their group names
/// are shared).
const CHECK_CHUNK: usize = 4096;

/// What checking every point of a sweep found.
pub struct PointChecks {
    /// For every point, the first line of why it is invalid (`None`: valid).
    pub invalid: Vec<Option<String>>,
    /// The valid point whose batch needs the most memory, with that need.
    pub largest: Option<(usize, MemoryNeed)>,
    /// The distinct lists of workforce group names.
    group_lists: Vec<Vec<String>>,
    /// For every point, its index in `group_lists` (an empty list for invalid points).
    group_list_of: Vec<u32>,
}

impl PointChecks {
    /// The workforce group names of `point` (empty if it is invalid).
    pub fn group_names(&self, point: usize) -> &[String] {
        &self.group_lists[self.group_list_of[point] as usize]
    }
}

/// Validates every point and estimates the memory of a batch of runs at each valid point
/// with `threads` workers, in one pass; `progress` hears of every point checked.
pub fn check_points(plan: &SweepPlan, threads: usize, progress: &dyn Progress) -> PointChecks {
    let total = plan.points.len();
    progress.start(total as u64, 0);
    let mut checks = PointChecks {
        invalid: Vec::with_capacity(total),
        largest: None,
        group_lists: vec![vec![]],
        group_list_of: Vec::with_capacity(total),
    };
    let mut list_index: HashMap<Vec<String>, u32> = HashMap::from([(vec![], 0)]);
    for start in (0..total).step_by(CHECK_CHUNK) {
        let end = (start + CHECK_CHUNK).min(total);
        let checked: Vec<_> = (start..end)
            .into_par_iter()
            .map(|p| match point_scenario(plan, p) {
                Ok(scenario) => {
                    let names: Vec<String> =
                        scenario.workforce.iter().map(|g| g.name.clone()).collect();
                    (
                        None,
                        Some(MemoryNeed::sweep_batch(&scenario, threads)),
                        names,
                    )
                }
                Err(e) => (
                    Some(e.lines().next().unwrap_or("").to_string()),
                    None,
                    vec![],
                ),
            })
            .collect();
        for (offset, (error, need, names)) in checked.into_iter().enumerate() {
            let p = start + offset;
            if let Some(need) = need
                && checks
                    .largest
                    .as_ref()
                    .is_none_or(|(_, largest)| need.total() > largest.total())
            {
                checks.largest = Some((p, need));
            }
            let next = checks.group_lists.len() as u32;
            let list = *list_index.entry(names).or_insert_with_key(|names| {
                checks.group_lists.push(names.clone());
                next
            });
            checks.group_list_of.push(list);
            checks.invalid.push(error);
        }
        progress.advance((end - start) as u64);
    }
    checks
}

/// For every point, the first line of why it is invalid (`None`: valid).
pub fn validate_points(plan: &SweepPlan) -> Vec<Option<String>> {
    check_points(plan, 1, &super::runner::Silent).invalid
}

/// Bytes of the points of a plan with `points` points of `keys` varied keys (text values
/// aside), which exist as soon as the sweep file is loaded.
pub fn plan_bytes(points: u64, keys: usize) -> u64 {
    points.saturating_mul(size_of::<Point>() as u64 + keys as u64 * size_of::<PointValue>() as u64)
}

/// Bytes a sweep holds beside its batches of runs, estimated from the plan: the plan itself
/// (and its JSON text, written to `plan.json` and the manifest), what is kept per point while
/// it runs, the record of finished runs, and, when `assembling`, the index of every run and
/// what the tables need of every point. Saturating: no plan overflows it.
pub fn bookkeeping_bytes(plan: &SweepPlan, assembling: bool) -> u64 {
    let points = plan.points.len() as u64;
    let keys = plan.keys.len() as u64;
    let runs = points.saturating_mul(u64::from(plan.replications));
    let text: u64 = plan
        .points
        .iter()
        .flat_map(|p| &p.values)
        .map(|v| match v {
            PointValue::Text(s) => s.len() as u64,
            _ => 0,
        })
        .sum();
    let plan_bytes = plan_bytes(points, plan.keys.len()).saturating_add(text);
    // As JSON text (about 40 bytes a value, pretty-printed).
    let json_bytes = points.saturating_mul(40 + keys * 40).saturating_add(text);
    // Validity (a `None` a valid point) and group names (a list index) of every point.
    let per_point = points.saturating_mul(size_of::<Option<String>>() as u64 + 4);
    // Runs already recorded: one bit a run.
    let done = runs.div_ceil(8);
    let assembly = if assembling {
        // Where each run is recorded (eight bytes a run); every point's cells as text.
        runs.saturating_mul(8)
            .saturating_add(points.saturating_mul(size_of::<AssemblyPoint>() as u64 + keys * 48))
    } else {
        0
    };
    plan_bytes
        .saturating_add(2 * json_bytes)
        .saturating_add(per_point)
        .saturating_add(done)
        .saturating_add(assembly)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::plan::OutputSelection;

    fn plan(points: usize, replications: u32) -> SweepPlan {
        SweepPlan {
            name: "s".into(),
            base_source: "b.toml".into(),
            base_text: "months = 12\n[organisation]\nteams = 4\n".into(),
            replications,
            base_overrides: vec![],
            keys: vec!["knowledge.socialisation_rate".into()],
            points: (0..points)
                .map(|i| Point {
                    id: i as u32,
                    values: vec![PointValue::Float(if i == 1 { 7.0 } else { 0.5 })],
                })
                .collect(),
            output: OutputSelection::default(),
            design: None,
        }
    }

    #[test]
    fn checking_points_keeps_one_list_of_group_names_for_all_alike_points() {
        let checks = check_points(&plan(5, 2), 1, &super::super::runner::Silent);
        assert!(
            checks.invalid[1]
                .as_deref()
                .is_some_and(|e| !e.contains('\n'))
        );
        assert_eq!(checks.invalid.iter().filter(|e| e.is_none()).count(), 4);
        assert!(checks.group_names(1).is_empty());
        assert!(!checks.group_names(0).is_empty());
        assert_eq!(
            checks.group_lists.len(),
            2,
            "the empty list and the scenario's"
        );
        assert!(checks.largest.is_some());
    }

    #[test]
    fn bookkeeping_grows_with_points_and_runs_and_never_overflows() {
        let small = bookkeeping_bytes(&plan(10, 2), true);
        let more_points = bookkeeping_bytes(&plan(1000, 2), true);
        let more_runs = bookkeeping_bytes(&plan(10, 2000), true);
        assert!(small < more_points && small < more_runs);
        assert!(bookkeeping_bytes(&plan(10, 2000), false) < more_runs);
        let mut huge = plan(2, u32::MAX);
        huge.keys = vec![String::new(); 4];
        assert!(bookkeeping_bytes(&huge, true) > 8_000_000_000);
    }
}

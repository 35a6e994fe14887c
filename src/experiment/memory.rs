//! How much memory a run, a comparison or a sweep needs, estimated before anything is
//! allocated.
//!
//! Owns the arithmetic: the state of one simulation (per employee slot and per team), the
//! results of one replication that are kept until written, how many of each are alive at once
//! (`run` keeps every replication, a sweep one batch), and the wording of the estimate.
//! Pure: it never asks the machine how much memory it has (the CLI does, and decides);
//! all products saturate, so absurd inputs give a huge estimate, never an overflow.
//! `tests/memory_estimate.rs` checks the per-slot and per-run figures against the bytes the
//! engine really allocates.

use super::runner::BATCH_RUNS;
use crate::model::economy::growth::max_organisations;
use crate::model::economy::sizes::mean_size;
use crate::model::economy::{AreaRow, Economy, OrganisationRow};
use crate::model::metrics::{GroupRow, MetricRow};
use crate::scenario::{KnowledgeMode, Scenario};

// Declared with the state they measure and with the other text for users; re-exported here
// beside the estimates built on them.
pub use crate::ground::text::format_bytes;
pub use crate::model::state::{BYTES_PER_SLOT, BYTES_PER_TEAM, state_bytes};

/// Bytes per month of a replication's results beyond the rows: the `Vec` of group rows.
const MONTH_OVERHEAD_BYTES: u64 = std::mem::size_of::<Vec<GroupRow>>() as u64;

/// Bytes an economy's organisation holds besides its slots' and teams' state: its own copy
/// of the scenario, the economy's bookkeeping and the `Simulation` around the state, rounded
/// up (the benchmark of 1,000 organisations of 199 employees on average peaks at 27 MB, of
/// which about 17 MB slots and teams).
pub const ECONOMY_BYTES_PER_ORGANISATION: u64 = 16 << 10;

/// Expected employee slots and teams of the economy's organisations at their capacity (the
/// mean firm size, rounded up to whole teams of each sector's team size, times the headroom),
/// counting every organisation firm entry may build over `months` (`max_organisations`).
pub fn economy_slots_and_teams(economy: &Economy, months: u32) -> (u64, u64) {
    let built = max_organisations(&economy.growth, economy.organisations, months);
    let mean = mean_size(&economy.sizes);
    let (mut slots, mut teams) = (0.0, 0.0);
    for sector in &economy.sectors {
        let team_size = f64::from(sector.preset.organisation.team_size.max(1));
        let capacity = ((mean / team_size).ceil().max(1.0) * economy.growth.headroom).ceil();
        let organisations = sector.share * f64::from(built);
        teams += organisations * capacity;
        slots += organisations * capacity * team_size;
    }
    (slots.ceil() as u64, teams.ceil() as u64)
}

/// Bytes of state of one replication of an economy while it runs: every organisation's
/// state at capacity (plus the slot flags kept during a step), and its bookkeeping.
pub fn economy_bytes(economy: &Economy, months: u32) -> u64 {
    let (slots, teams) = economy_slots_and_teams(economy, months);
    let built = max_organisations(&economy.growth, economy.organisations, months);
    slots
        .saturating_mul(BYTES_PER_SLOT + 1)
        .saturating_add(teams.saturating_mul(BYTES_PER_TEAM))
        .saturating_add(u64::from(built).saturating_mul(ECONOMY_BYTES_PER_ORGANISATION))
}

/// Bytes of state of one replication of `scenario` while it runs.
pub fn simulation_bytes(scenario: &Scenario) -> u64 {
    if let Some(economy) = scenario.economy.as_deref() {
        return economy_bytes(economy, scenario.months);
    }
    match scenario.knowledge.mode {
        KnowledgeMode::Social => state_bytes(
            scenario.slots() as u64,
            u64::from(scenario.organisation.teams),
        ),
        KnowledgeMode::March1991 => state_bytes(u64::from(scenario.knowledge.individuals), 1),
    }
}

/// Bytes of the results of one replication of `scenario` (a row of every metric and of every
/// workforce group for months 0 to the horizon).
pub fn result_bytes(scenario: &Scenario) -> u64 {
    if let Some(economy) = scenario.economy.as_deref() {
        let areas = (economy.sectors.len() + economy.regions.len()) as u64;
        let organisations = if economy.per_organisation {
            u64::from(max_organisations(
                &economy.growth,
                economy.organisations,
                scenario.months,
            ))
        } else {
            0
        };
        let per_month = (std::mem::size_of::<MetricRow>() as u64)
            .saturating_add(areas.saturating_mul(std::mem::size_of::<AreaRow>() as u64))
            .saturating_add(
                organisations.saturating_mul(std::mem::size_of::<OrganisationRow>() as u64),
            )
            .saturating_add(3 * MONTH_OVERHEAD_BYTES);
        return (u64::from(scenario.months) + 1).saturating_mul(per_month);
    }
    let groups = match scenario.knowledge.mode {
        KnowledgeMode::Social => scenario.workforce.len() as u64,
        KnowledgeMode::March1991 => 0,
    };
    let per_month = std::mem::size_of::<MetricRow>() as u64
        + MONTH_OVERHEAD_BYTES
        + groups * std::mem::size_of::<GroupRow>() as u64;
    (u64::from(scenario.months) + 1).saturating_mul(per_month)
}

/// The memory a command needs: simulations alive at once, and results kept until written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryNeed {
    /// Bytes of one simulation's state (the largest, if several scenarios).
    pub simulation_bytes: u64,
    /// Simulations alive at once (one a worker thread, at most one a replication).
    pub simulations: u64,
    /// Bytes of one replication's results (the largest, if several scenarios).
    pub result_bytes: u64,
    /// Replications whose results are held at once.
    pub results_held: u64,
    /// Slots of the largest simulation (for the explanation).
    pub slots: u64,
    /// Whether the results held are one sweep batch (for the advice).
    pub sweep_batch: bool,
    /// Whether the simulations are economies (for the advice).
    pub economy: bool,
}

impl MemoryNeed {
    /// `orgsim run`: every replication's results are kept until the files are written.
    pub fn run(scenario: &Scenario, threads: usize) -> MemoryNeed {
        MemoryNeed::runs(scenario, threads, u64::from(scenario.replications))
    }

    /// `orgsim compare`: every scenario runs the first one's replications, and every
    /// replication of every scenario is kept.
    pub fn compare(scenarios: &[Scenario], threads: usize) -> MemoryNeed {
        let replications = scenarios.first().map_or(0, |s| u64::from(s.replications));
        let held = replications.saturating_mul(scenarios.len() as u64);
        let mut largest = scenarios
            .iter()
            .map(|s| MemoryNeed::runs(s, threads, held))
            .max_by_key(|n| (n.simulation_bytes, n.result_bytes))
            .unwrap_or(MemoryNeed {
                simulation_bytes: 0,
                simulations: 0,
                result_bytes: 0,
                results_held: 0,
                slots: 0,
                sweep_batch: false,
                economy: false,
            });
        largest.simulations = (threads.max(1) as u64).min(held.max(1));
        largest
    }

    /// One batch of a sweep at `scenario` (a point): the batch's results, and their binary
    /// encoding written as one part file, are held at once.
    pub fn sweep_batch(scenario: &Scenario, threads: usize) -> MemoryNeed {
        let mut need = MemoryNeed::runs(scenario, threads, 2 * BATCH_RUNS as u64);
        need.simulations = (threads.max(1) as u64).min(BATCH_RUNS as u64);
        need.sweep_batch = true;
        need
    }

    fn runs(scenario: &Scenario, threads: usize, held: u64) -> MemoryNeed {
        MemoryNeed {
            simulation_bytes: simulation_bytes(scenario),
            simulations: (threads.max(1) as u64).min(u64::from(scenario.replications).max(1)),
            result_bytes: result_bytes(scenario),
            results_held: held,
            slots: match scenario.knowledge.mode {
                _ if scenario.economy.is_some() => {
                    economy_slots_and_teams(
                        scenario.economy.as_deref().expect("checked"),
                        scenario.months,
                    )
                    .0
                }
                KnowledgeMode::Social => scenario.slots() as u64,
                KnowledgeMode::March1991 => u64::from(scenario.knowledge.individuals),
            },
            sweep_batch: false,
            economy: scenario.economy.is_some(),
        }
    }

    /// The simulations' state, in bytes.
    pub fn state_total(&self) -> u64 {
        self.simulation_bytes.saturating_mul(self.simulations)
    }

    /// The results held, in bytes.
    pub fn results_total(&self) -> u64 {
        self.result_bytes.saturating_mul(self.results_held)
    }

    /// Everything, in bytes.
    pub fn total(&self) -> u64 {
        self.state_total().saturating_add(self.results_total())
    }

    /// Two lines saying where the bytes go, e.g. "simulations: 2 at a time × 200 slots ≈
    /// 74 kB" and "results kept until written: 20 replications × 9.8 kB ≈ 196 kB".
    pub fn breakdown(&self) -> [String; 2] {
        [
            format!(
                "simulations: {} at a time × {} slots ({} bytes a slot) ≈ {}",
                self.simulations,
                self.slots,
                BYTES_PER_SLOT,
                format_bytes(self.state_total())
            ),
            format!(
                "results kept until written: {} replications × {} ≈ {}",
                self.results_held,
                format_bytes(self.result_bytes),
                format_bytes(self.results_total())
            ),
        ]
    }

    /// What to change, depending on which part dominates.
    pub fn advice(&self) -> &'static str {
        if self.economy && self.state_total() >= self.results_total() {
            "reduce `economy.organisations` or `economy.max_employees` (or run on fewer threads with --threads)"
        } else if self.state_total() >= self.results_total() {
            "reduce `organisation.teams` or `organisation.team_size` (or run on fewer threads with --threads)"
        } else if self.sweep_batch {
            "reduce `months`: a sweep keeps one batch of 256 runs in memory"
        } else {
            "reduce `replications` or `months` (a sweep over replications keeps only one batch of runs in memory)"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::state::FIXED_BYTES_PER_RUN;

    #[test]
    fn bytes_are_shown_in_decimal_units() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(74_000), "74 kB");
        assert_eq!(format_bytes(2_250_000_000), "2.2 GB");
        assert_eq!(format_bytes(45_000_000_000_000), "45 TB");
        assert_eq!(format_bytes(999_600), "1.0 MB");
        assert_eq!(format_bytes(u64::MAX), "18 EB");
    }

    #[test]
    fn absurd_sizes_saturate_instead_of_overflowing() {
        assert_eq!(state_bytes(u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(
            state_bytes(1_000_000_000_000, 100_000_000),
            1_000_000_000_000 * BYTES_PER_SLOT + 100_000_000 * BYTES_PER_TEAM + FIXED_BYTES_PER_RUN
        );
    }

    #[test]
    fn a_run_keeps_every_replication_and_a_sweep_one_batch() {
        let mut s = crate::scenario::default_scenario();
        s.replications = 1000;
        let run = MemoryNeed::run(&s, 4);
        assert_eq!(run.simulations, 4);
        assert_eq!(run.results_held, 1000);
        assert_eq!(
            run.total(),
            4 * simulation_bytes(&s) + 1000 * result_bytes(&s)
        );
        let batch = MemoryNeed::sweep_batch(&s, 4);
        assert_eq!(batch.results_held, 2 * BATCH_RUNS as u64);
        s.replications = 1;
        assert_eq!(MemoryNeed::run(&s, 4).simulations, 1);
        let compare = MemoryNeed::compare(&[s.clone(), s.clone()], 2);
        assert_eq!(compare.results_held, 2);
    }

    #[test]
    fn an_economy_needs_the_state_of_all_its_organisations() {
        use crate::model::economy::*;
        let mut s = crate::scenario::default_scenario();
        let preset = Box::new(s.clone());
        s.economy = Some(Box::new(Economy {
            organisations: 1000,
            sizes: FirmSizes {
                min_employees: 60,
                max_employees: 2000,
                tail: 1.1,
            },
            sectors: vec![Sector {
                name: "default".into(),
                share: 1.0,
                preset_path: "default".into(),
                preset,
                programme_cost_factor: 1.0,
                demand_growth: 0.0,
            }],
            regions: vec![Region {
                name: "r".into(),
                share: 1.0,
                tightness: 0.5,
                density: 0.2,
            }],
            programme: Vec::new(),
            adoption: AdoptionRules {
                innovation: 0.0,
                imitation: 0.0,
                cross_region_weight: 0.0,
                delay_months: 0,
                noise: 0.0,
                gain_weight: 0.0,
                gap_weight: 0.0,
                trial_months: 0,
                abandon: 0.0,
            },
            growth: GrowthRules {
                performance_elasticity: 0.0,
                headroom: 1.5,
                exit_rate: 0.0,
                exit_below: 0.5,
                entry_rate: 0.0,
            },
            labour: LabourMarket {
                stay_in_region: 0.8,
                pool_outflow: 0.05,
                tightness_response: 0.5,
                move_share: 0.5,
            },
            policy: EconomyPolicy::default(),
            per_organisation: false,
        }));
        // 1,000 firms of 199 employees on average at 1.5 × their size: about 300,000 slots.
        let bytes = simulation_bytes(&s);
        assert!((20_000_000..60_000_000).contains(&bytes), "{bytes}");
        let need = MemoryNeed::run(&s, 2);
        assert!(need.economy);
        assert!(need.advice().contains("economy.organisations"));
        assert!(
            need.slots > 290_000 && need.slots < 320_000,
            "{}",
            need.slots
        );
    }
}

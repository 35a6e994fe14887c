//! One replication from start to horizon, for either knowledge mode.
//!
//! Owns `run_replication`: builds the initial state, steps it month by month and collects the
//! declared metrics into a `ReplicationResult`. Does not own parallelism over replications
//! (see `crate::experiment`) or output files.

use super::simulation::Simulation;
use crate::ground::rng::{Purpose, Stream};
use crate::model::beliefs::{ActionTally, Beliefs, dimension_mask};
use crate::model::march::{MarchRates, at_equilibrium, march_period};
use crate::model::metrics::{GroupRow, METRIC_COUNT, Metric, MetricRow, ReplicationResult};
use crate::model::observe::{agility, shock_recoveries};
use crate::model::state::{Employees, Managers, NEVER_CHANGED, OrgState, RetentionWindow, flag};
use crate::scenario::{KnowledgeMode, Scenario};

/// Runs replication `replication` of `scenario`.
pub fn run_replication(scenario: &Scenario, replication: u32) -> ReplicationResult {
    match scenario.knowledge.mode {
        KnowledgeMode::Social => run_social(scenario, replication),
        KnowledgeMode::March1991 => run_march(scenario, replication),
    }
}

fn run_social(scenario: &Scenario, replication: u32) -> ReplicationResult {
    let months = scenario.months as usize;
    let mut rows: Vec<MetricRow> = Vec::with_capacity(months + 1);
    let mut groups: Vec<Vec<GroupRow>> = Vec::with_capacity(months + 1);
    let mut sim = Simulation::warmed_up(scenario, replication);
    let (row, g) = sim.observe_initial();
    rows.push(row);
    groups.push(g.to_vec());
    for _ in 0..months {
        let (row, g) = sim.step();
        rows.push(row);
        groups.push(g.to_vec());
    }
    let performance: Vec<f64> = rows
        .iter()
        .map(|r| r[Metric::Performance as usize])
        .collect();
    let events = shock_recoveries(
        &performance,
        scenario
            .environment
            .shocks
            .iter()
            .map(|s| (s.month, s.severity)),
    );
    ReplicationResult {
        replication,
        months: rows,
        groups,
        events,
    }
}

/// The initial state of March's model: n individuals with beliefs +1, 0 or −1 drawn
/// uniformly, the first round(fast_share·n) of them fast learners, a random reality and a
/// code that knows nothing.
pub fn march_initial_state(
    individuals: usize,
    dimensions: u32,
    fast_share: f64,
    seed: u64,
    replication: u32,
) -> OrgState {
    let mut org_rng = Stream::new(seed, replication, 0, Purpose::InitOrganisation, 0);
    let reality = org_rng.next_u64() & dimension_mask(dimensions);
    let mut employees = Employees::with_len(individuals);
    let fast = (fast_share * individuals as f64).round() as usize;
    for i in 0..individuals {
        let mut rng = Stream::new(seed, replication, 0, Purpose::InitEmployee, i as u64);
        let b = Beliefs::random(&mut rng, dimensions);
        employees.belief_known[i] = b.known;
        employees.belief_positive[i] = b.positive;
        employees.flags[i] = flag::FILLED | if i < fast { flag::FAST_LEARNER } else { 0 };
    }
    OrgState {
        month: 0,
        team_size: individuals,
        dimensions,
        employees,
        managers: Managers::with_len(1),
        reality,
        code: Beliefs::default(),
        last_change: [NEVER_CHANGED; 64],
        innovation: None,
        retention: RetentionWindow::default(),
        group_retention: [RetentionWindow::default(); crate::model::state::MAX_GROUPS],
    }
}

fn march_row(state: &OrgState, mean_alignment: f64, replaced: u32) -> MetricRow {
    let mut row = [f64::NAN; METRIC_COUNT];
    let k = state.code.knowledge(state.reality, state.dimensions);
    row[Metric::CodeKnowledge as usize] = k;
    row[Metric::Alignment as usize] = state.code.alignment(state.reality, state.dimensions);
    row[Metric::Knowledge as usize] = mean_alignment;
    row[Metric::Agility as usize] = agility(state);
    row[Metric::Headcount as usize] = state.slots() as f64;
    row[Metric::Quits as usize] = replaced as f64;
    row[Metric::Hires as usize] = replaced as f64;
    row
}

/// March mode: `months` periods, or until equilibrium with `months` as the cap. After an
/// equilibrium the state cannot change, so the remaining months repeat its row.
fn run_march(scenario: &Scenario, replication: u32) -> ReplicationResult {
    let k = &scenario.knowledge;
    let rates = MarchRates::from_knowledge(k, scenario.environment.turbulence);
    let mut state = march_initial_state(
        k.individuals as usize,
        k.dimensions,
        k.fast_learner_share,
        scenario.seed,
        replication,
    );
    let initial_alignment = (0..state.slots())
        .map(|i| {
            state
                .employees
                .beliefs(i)
                .alignment(state.reality, state.dimensions)
        })
        .sum::<f64>()
        / state.slots() as f64;
    let mut rows = vec![march_row(&state, initial_alignment, 0)];
    let mut tally = ActionTally::default();
    for period in 1..=scenario.months {
        if k.until_equilibrium && at_equilibrium(&state, &rates) {
            let last = *rows.last().expect("month 0 is recorded");
            let mut repeated = last;
            repeated[Metric::Quits as usize] = 0.0;
            repeated[Metric::Hires as usize] = 0.0;
            rows.resize(scenario.months as usize + 1, repeated);
            break;
        }
        let outcome = march_period(
            &mut state,
            &rates,
            scenario.seed,
            replication,
            period,
            &mut tally,
        );
        rows.push(march_row(&state, outcome.mean_alignment, outcome.replaced));
    }
    let groups = vec![Vec::new(); rows.len()];
    ReplicationResult {
        replication,
        months: rows,
        groups,
        events: Vec::new(),
    }
}

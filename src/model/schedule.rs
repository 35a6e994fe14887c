//! The organisation-level frame of a month, shared by the engine's fast pass and the
//! reference month (`super::month`): steps 1 and 2 before the employees, the inputs every
//! employee's month reads, and after them step 7's code update and the observation.
//!
//! Owns `MonthInputs`, `begin_month`, `end_month`, the workforce-group tables and the order
//! in which the month's sums are added (`CHUNK_SLOTS`). Does not own the per-employee steps
//! (see `super::month` and the mechanism files) or how the engine splits the work.

use super::beliefs::{self, Beliefs, dimension_mask};
use super::environment;
use super::ideas::code_voice;
use super::interventions::{Policy, policy, start_interventions};
use super::metrics::{GroupRow, MetricRow};
use super::observe::{MonthContext, OtherCosts, Totals, group_rows, metric_row};
use super::params::Parameters;
use super::state::{ActiveInnovation, MAX_GROUPS, OrgState};
use super::turnover::monthly_base_hazard;
use crate::ground::rng::{Purpose, Stream, StreamFamily};
use crate::model::inputs::{Scenario, WorkforceGroup};

/// Slots whose sums are added together before being added to the month's totals (rounded
/// down to whole teams, at least one team). Float addition is not associative, so this
/// grouping is part of the results: the engine gives each such chunk its own `Totals` (so
/// chunks can run on any thread) and adds the chunks in order, and the reference month sums
/// the same way. Fixed, so results never depend on the thread count.
pub const CHUNK_SLOTS: usize = 4096;

/// Whole teams per chunk of sums (see [`CHUNK_SLOTS`]).
pub fn teams_per_chunk(team_size: usize) -> usize {
    (CHUNK_SLOTS / team_size).max(1)
}

/// Per workforce group: the cumulative share (to draw a hire's group) and the monthly base
/// quit hazard.
pub fn group_tables(groups: &[WorkforceGroup]) -> ([f64; MAX_GROUPS], [f64; MAX_GROUPS]) {
    let mut cumulative = [1.0; MAX_GROUPS];
    let mut hazard = [0.0; MAX_GROUPS];
    let mut acc = 0.0;
    for (g, group) in groups.iter().enumerate() {
        acc += group.share;
        cumulative[g] = acc;
        hazard[g] = monthly_base_hazard(group.annual_quit_rate);
    }
    if let Some(last) = groups.len().checked_sub(1) {
        cumulative[last] = f64::INFINITY; // guards against shares summing to 1 − ε
    }
    (cumulative, hazard)
}

/// Read-only inputs of one month's steps 3–11: what every employee's month may read besides
/// its own state and its team's.
pub struct MonthInputs<'a> {
    pub p: &'a Parameters,
    pub groups: &'a [WorkforceGroup],
    pub group_cumulative_share: [f64; MAX_GROUPS],
    pub base_hazard: [f64; MAX_GROUPS],
    /// Monthly hazard of quits unrelated to attitudes (from `unrelated_quit_rate`).
    pub unrelated_hazard: f64,
    /// The employees' random streams this month (one per slot).
    pub employee_streams: StreamFamily,
    pub month: u32,
    pub team_size: usize,
    pub dimensions: u32,
    pub dimension_mask: u64,
    /// Reality and the code as they stand at the start of steps 3–11.
    pub reality: u64,
    pub code: Beliefs,
    pub code_score: i32,
    pub socialisation_rate: f64,
    pub turbulence: f64,
    pub tightness: f64,
    pub policy: Policy,
    pub innovation: Option<ActiveInnovation>,
}

impl<'a> MonthInputs<'a> {
    /// The inputs of `month` for `state` after steps 1 and 2.
    pub fn new(
        state: &OrgState,
        scenario: &'a Scenario,
        replication: u32,
        month: u32,
        month_policy: Policy,
    ) -> Self {
        let (group_cumulative_share, base_hazard) = group_tables(&scenario.workforce);
        MonthInputs {
            p: &scenario.parameters,
            groups: &scenario.workforce,
            group_cumulative_share,
            base_hazard,
            unrelated_hazard: monthly_base_hazard(scenario.parameters.unrelated_quit_rate),
            employee_streams: StreamFamily::new(
                scenario.seed,
                replication,
                month,
                Purpose::Employee,
            ),
            month,
            team_size: state.team_size,
            dimensions: state.dimensions,
            dimension_mask: dimension_mask(state.dimensions),
            reality: state.reality,
            code: state.code,
            code_score: state.code.score(state.reality),
            socialisation_rate: scenario.knowledge.socialisation_rate,
            turbulence: scenario.environment.turbulence,
            tightness: scenario.environment.tightness,
            policy: month_policy,
            innovation: state.innovation,
        }
    }

    /// The technical innovation in force this month, if any.
    #[inline]
    pub fn innovation_in_force(&self) -> Option<ActiveInnovation> {
        self.innovation
            .filter(|i| self.month >= i.start_month && self.month < i.until)
    }
}

/// What steps 1 and 2 leave for the rest of the month.
pub struct MonthStart {
    pub month: u32,
    /// The organisation's stream of the month, after steps 1 and 2 drew from it.
    pub org_rng: Stream,
    pub one_off_cost: f64,
    pub policy: Policy,
}

/// Steps 1 (environment) and 2 (interventions) of the month after `state.month`.
/// `manager_order` is scratch of one entry per team.
pub fn begin_month(
    state: &mut OrgState,
    scenario: &Scenario,
    replication: u32,
    manager_order: &mut [u32],
) -> MonthStart {
    let month = state.month + 1;
    let dimensions = state.dimensions;
    let mut org_rng = Stream::new(scenario.seed, replication, month, Purpose::Organisation, 0);

    // Step 1: environment.
    let mut flips =
        environment::turbulence_flips(&mut org_rng, dimensions, scenario.environment.turbulence);
    for shock in scenario
        .environment
        .shocks
        .iter()
        .filter(|s| s.month == month)
    {
        flips |= environment::shock_flips(&mut org_rng, dimensions, shock.severity);
    }
    state.reality ^= flips;
    for d in 0..dimensions as usize {
        if flips >> d & 1 == 1 {
            state.last_change[d] = month as i32;
        }
    }

    // Step 2: interventions.
    let one_off_cost = start_interventions(
        state,
        &scenario.interventions,
        month,
        scenario.months,
        manager_order,
        &mut org_rng,
    );
    let month_policy = policy(
        &scenario.interventions,
        &scenario.parameters,
        month,
        state.innovation.as_ref(),
    );
    MonthStart {
        month,
        org_rng,
        one_off_cost,
        policy: month_policy,
    }
}

/// After every slot's steps 3–11: step 7 for the organisation (the code learns from the
/// superior group, March's rule, scaled by voice: accepted ideas reach the code only through
/// the beliefs of those who keep them) and the observation. `totals` are the month's sums.
/// Leaves the month's group rows in `rows`.
pub fn end_month(
    state: &mut OrgState,
    scenario: &Scenario,
    start: &mut MonthStart,
    totals: &Totals,
    innovation_active: bool,
    rows: &mut Vec<GroupRow>,
) -> MetricRow {
    let p = &scenario.parameters;
    let voice = code_voice(p, totals.manager_style / totals.managers.max(1) as f64);
    let code_learning = scenario.knowledge.code_learning_rate * voice;
    beliefs::learn_code(
        &mut state.code,
        &totals.superior,
        state.dimensions,
        code_learning,
        &mut start.org_rng,
    );

    // Observation.
    let month = start.month;
    state.month = month;
    state
        .retention
        .record(month, totals.quits, totals.headcount);
    for g in 0..scenario.workforce.len() {
        let group = &totals.groups[g];
        state.group_retention[g].record(month, group.quits, group.headcount);
    }
    let month_policy = &start.policy;
    let other_cost = start.one_off_cost
        + month_policy.action_learning_cost_per_employee
            * totals.workers as f64
            * (1.0 - month_policy.subsidy_share)
        + p.hiring_cost * totals.hires as f64;
    let context = MonthContext {
        slots: state.slots(),
        other_cost,
        other_costs: OtherCosts {
            action_learning: month_policy.action_learning_cost_per_employee * totals.workers as f64,
            hiring: p.hiring_cost * totals.hires as f64,
            innovation: start.one_off_cost,
        },
        subsidy_share: month_policy.subsidy_share,
        output_value: p.output_value,
        innovation_active,
    };
    let row = metric_row(state, totals, &context);
    group_rows(state, totals, scenario.workforce.len(), rows);
    row
}

//! The clock: initialisation and one month of the organisation model, in docs/ODD.md's order (section 3).
//!
//! Owns `Simulation` (state plus the scratch memory a step needs, allocated once) and the
//! month's organisation-level order: environment, interventions, the pass over the slots
//! (`super::pass`, steps 3–11), code learning, observation. Slots are processed in fixed
//! chunks of whole teams; each chunk sums into its own `Totals`, and chunk totals are merged
//! in chunk order, so results do not depend on whether chunks run serially or on several
//! threads. Does not own the mechanisms (see `crate::model`) or anything about files.

pub use crate::engine::pass::PORTABLE_STEP_ONLY;
use crate::engine::pass::step_teams;
use crate::ground::rng::{Purpose, Stream, StreamFamily};
use crate::model::beliefs::{Beliefs, dimension_mask};
use crate::model::interventions::{policy, start_interventions};
use crate::model::metrics::{GroupRow, MetricRow};
use crate::model::observe::{
    MonthContext, OtherCosts, Totals, WorkerMonth, group_rows, metric_row,
};
use crate::model::production::{WorkConditions, output};
pub use crate::model::schedule::CHUNK_SLOTS;
use crate::model::schedule::{MonthInputs, begin_month, end_month, group_tables, teams_per_chunk};
use crate::model::state::{
    Employees, EmployeesMut, Managers, ManagersMut, NEVER_CHANGED, OrgState, RetentionWindow,
};
use crate::model::turnover::{
    hazard_with_exponent, hire, monthly_base_hazard, one_year_quit_probability, quit_exponent,
};
use crate::scenario::Scenario;
use std::borrow::Cow;

/// Mixed into the seed of a warm-up's random streams, so that they differ from the streams
/// of the reported months (which are keyed by month number, as the warm-up's are).
const WARMUP_SEED_SALT: u64 = 0x5741_524D_5550_0001;

/// Organisations at least this large also parallelise the step over chunks.
pub const PARALLEL_SLOTS: usize = 32_768;

/// A replication in progress: the state and the scratch memory its steps reuse.
pub struct Simulation<'s> {
    /// The organisation's scenario: borrowed for a single organisation's run, owned when
    /// something above the organisation (an economy) changes it between months.
    pub scenario: Cow<'s, Scenario>,
    pub replication: u32,
    pub state: OrgState,
    /// Split the step over threads (large organisations only; results are identical).
    pub parallel: bool,
    teams_per_chunk: usize,
    chunk_totals: Vec<Totals>,
    manager_order: Vec<u32>,
    totals: Totals,
    group_rows: Vec<GroupRow>,
}

/// Calls `f(view, first slot)` on pieces of at most `CHUNK_SLOTS` slots covering `e`, on
/// several threads when `parallel`.
fn for_each_chunk(
    e: EmployeesMut,
    first_slot: usize,
    parallel: bool,
    f: &(impl Fn(EmployeesMut, usize) + Sync),
) {
    let len = e.flags.len();
    if len <= CHUNK_SLOTS {
        f(e, first_slot);
        return;
    }
    let mid = len.div_ceil(CHUNK_SLOTS) / 2 * CHUNK_SLOTS;
    let (left, right) = e.split_at(mid);
    let left = || for_each_chunk(left, first_slot, parallel, f);
    let right = || for_each_chunk(right, first_slot + mid, parallel, f);
    if parallel {
        rayon::join(left, right);
    } else {
        left();
        right();
    }
}

/// Runs `step_teams` over every chunk: serially, or split recursively over rayon threads.
/// Either way chunk c writes only `totals[c]`.
#[allow(clippy::too_many_arguments)]
fn step_chunks(
    e: EmployeesMut,
    m: ManagersMut,
    first_slot: usize,
    teams_per_chunk: usize,
    inputs: &MonthInputs,
    totals: &mut [Totals],
    parallel: bool,
) {
    let chunks = totals.len();
    if chunks == 1 {
        step_teams(e, m, first_slot, inputs, &mut totals[0]);
        return;
    }
    let mid_chunk = chunks / 2;
    let mid_team = mid_chunk * teams_per_chunk;
    let mid_slot = mid_team * inputs.team_size;
    let (e_left, e_right) = e.split_at(mid_slot);
    let (m_left, m_right) = m.split_at(mid_team);
    let (totals_left, totals_right) = totals.split_at_mut(mid_chunk);
    let left = || {
        step_chunks(
            e_left,
            m_left,
            first_slot,
            teams_per_chunk,
            inputs,
            totals_left,
            parallel,
        )
    };
    let right = || {
        step_chunks(
            e_right,
            m_right,
            first_slot + mid_slot,
            teams_per_chunk,
            inputs,
            totals_right,
            parallel,
        )
    };
    if parallel {
        rayon::join(left, right);
    } else {
        left();
        right();
    }
}

impl<'s> Simulation<'s> {
    /// The initial state of replication `replication` (month 0, interventions of month 0 applied).
    pub fn new(scenario: &'s Scenario, replication: u32) -> Self {
        Self::start(Cow::Borrowed(scenario), replication)
    }

    /// An organisation that owns its scenario (so it may be changed between months), after
    /// the scenario's warm-up: what [`Simulation::warmed_up`] gives for a borrowed one.
    pub fn owned(scenario: Scenario, replication: u32) -> Simulation<'static> {
        Simulation::warm_up(Cow::Owned(scenario), replication)
    }

    /// The scenario, to be changed between months (copied first if borrowed).
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        self.scenario.to_mut()
    }

    fn start(owned: Cow<'s, Scenario>, replication: u32) -> Self {
        let scenario: &Scenario = &owned;
        let teams = scenario.organisation.teams as usize;
        let team_size = scenario.organisation.team_size as usize;
        let slots = teams * team_size;
        let dimensions = scenario.knowledge.dimensions;
        let seed = scenario.seed;
        let p = &scenario.parameters;

        let mut org_rng = Stream::new(seed, replication, 0, Purpose::InitOrganisation, 0);
        let mask = dimension_mask(dimensions);
        let reality = org_rng.next_u64() & mask;
        let mut code = Beliefs::default();
        for d in 0..dimensions {
            if org_rng.chance(scenario.knowledge.initial_code_alignment) {
                code.set(d, reality >> d & 1 == 1);
            }
        }

        let mut managers = Managers::with_len(teams);
        let management = &scenario.management;
        for t in 0..teams {
            let mut rng = Stream::new(seed, replication, 0, Purpose::InitManager, t as u64);
            managers.style[t] = rng.unit_normal(management.style_mean, management.style_sd) as f32;
            managers.coaching_skill[t] = rng
                .unit_normal(management.coaching_skill_mean, management.coaching_skill_sd)
                as f32;
            managers.trust_in_team[t] = management.trust_in_team as f32;
        }

        let mut employees = Employees::with_len(slots);
        let (group_cumulative_share, base_hazard) = group_tables(&scenario.workforce);
        let init_policy = policy(&scenario.interventions, p, 0, None);
        {
            let inputs = MonthInputs {
                p,
                groups: &scenario.workforce,
                group_cumulative_share,
                base_hazard,
                unrelated_hazard: 0.0,
                employee_streams: StreamFamily::new(seed, replication, 0, Purpose::Employee),
                month: 0,
                team_size,
                dimensions,
                dimension_mask: mask,
                reality,
                code,
                code_score: 0,
                socialisation_rate: 0.0,
                turbulence: 0.0,
                tightness: 0.0,
                policy: init_policy,
                innovation: None,
            };
            // Every slot draws from its own stream, so the slots can be filled in any order:
            // large organisations fill chunks of them on several threads.
            let fill = |mut view: EmployeesMut, first: usize| {
                for i in 0..view.flags.len() {
                    let slot = (first + i) as u64;
                    let mut rng = Stream::new(seed, replication, 0, Purpose::InitEmployee, slot);
                    if rng.chance(scenario.organisation.initial_fill) {
                        hire(&mut view, i, &inputs, &mut rng);
                        // The initial workforce has served a while: tenure uniform over 0–8
                        // years.
                        view.tenure_months[i] = rng.below(97) as u16;
                    }
                }
            };
            for_each_chunk(employees.view(), 0, slots >= PARALLEL_SLOTS, &fill);
        }
        let mut state = OrgState {
            month: 0,
            team_size,
            dimensions,
            employees,
            managers,
            reality,
            code,
            last_change: [NEVER_CHANGED; 64],
            innovation: None,
            retention: RetentionWindow::default(),
            group_retention: [RetentionWindow::default(); crate::model::state::MAX_GROUPS],
        };
        let mut manager_order = vec![0u32; teams];
        let mut rng = Stream::new(seed, replication, 0, Purpose::Organisation, 0);
        start_interventions(
            &mut state,
            &scenario.interventions,
            0,
            scenario.months,
            &mut manager_order,
            &mut rng,
        );
        update_team_means(&mut state);

        let teams_per_chunk = teams_per_chunk(team_size);
        let chunks = teams.div_ceil(teams_per_chunk);
        let group_rows = Vec::with_capacity(scenario.workforce.len());
        Simulation {
            scenario: owned,
            replication,
            state,
            parallel: slots >= PARALLEL_SLOTS,
            teams_per_chunk,
            chunk_totals: vec![Totals::default(); chunks],
            manager_order,
            totals: Totals::default(),
            group_rows,
        }
    }

    /// The initial state of replication `replication` after the scenario's warm-up: when
    /// `warmup_months` is above 0, the organisation first lives that many months without
    /// interventions or shocks (on random streams of their own, so the reported months draw
    /// what they would draw without it), and then month 0 starts from where it stands, with
    /// the interventions of month 0 applied. Without a warm-up, [`Simulation::new`].
    pub fn warmed_up(scenario: &'s Scenario, replication: u32) -> Self {
        Self::warm_up(Cow::Borrowed(scenario), replication)
    }

    fn warm_up(owned: Cow<'s, Scenario>, replication: u32) -> Self {
        let warmup = owned.warmup_months;
        if warmup == 0 {
            return Simulation::start(owned, replication);
        }
        let scenario: &Scenario = &owned;
        let mut quiet = scenario.clone();
        quiet.interventions.clear();
        quiet.environment.shocks.clear();
        quiet.months = warmup;
        quiet.seed = scenario.seed ^ WARMUP_SEED_SALT;
        let mut before = Simulation::new(&quiet, replication);
        for _ in 0..warmup {
            before.step();
        }
        let mut state = before.state;
        state.month = 0;
        for last in &mut state.last_change {
            if *last != NEVER_CHANGED {
                *last -= warmup as i32;
            }
        }
        state.retention.restart_at(warmup);
        for window in &mut state.group_retention {
            window.restart_at(warmup);
        }
        let mut rng = Stream::new(scenario.seed, replication, 0, Purpose::Organisation, 0);
        let mut manager_order = before.manager_order;
        start_interventions(
            &mut state,
            &scenario.interventions,
            0,
            scenario.months,
            &mut manager_order,
            &mut rng,
        );
        Simulation {
            scenario: owned,
            replication,
            state,
            parallel: before.parallel,
            teams_per_chunk: before.teams_per_chunk,
            chunk_totals: before.chunk_totals,
            manager_order,
            totals: before.totals,
            group_rows: before.group_rows,
        }
    }

    /// Metrics of the initial state (month 0): levels as they stand, flows zero.
    pub fn observe_initial(&mut self) -> (MetricRow, &[GroupRow]) {
        let state = &self.state;
        let p = &self.scenario.parameters;
        let policy = policy(&self.scenario.interventions, p, 0, None);
        let totals = &mut self.totals;
        totals.clear();
        for t in 0..state.teams() {
            totals.managers += 1;
            totals.manager_style += state.managers.style[t] as f64;
        }
        let e = &state.employees;
        let (_, base_hazard) = group_tables(&self.scenario.workforce);
        let unrelated_hazard = monthly_base_hazard(p.unrelated_quit_rate);
        let tightness = self.scenario.environment.tightness;
        for i in 0..state.slots() {
            if !e.is_filled(i) {
                continue;
            }
            let g = e.group[i] as usize;
            let alignment = e.beliefs(i).alignment(state.reality, state.dimensions);
            let work = WorkConditions {
                time_away: policy.time_away,
                innovation_gain: 0.0,
            };
            let (skill, engagement, autonomy) = (
                e.skill[i] as f64,
                e.engagement[i] as f64,
                e.autonomy[i] as f64,
            );
            let tenure = e.tenure_months[i] as f64;
            let trust = e.trust[i] as f64;
            let exponent = quit_exponent(
                p,
                engagement,
                trust,
                autonomy,
                e.desired_autonomy[i] as f64,
                tightness,
                tenure,
            );
            let hazard = hazard_with_exponent(unrelated_hazard, base_hazard[g], exponent);
            totals.add_worker(&WorkerMonth {
                group: g,
                output: output(p, skill, alignment, engagement, autonomy, tenure, &work),
                skill,
                trust,
                autonomy,
                engagement,
                alignment,
                one_year_quit: one_year_quit_probability(hazard),
            });
            totals.add_headcount(g);
        }
        let context = MonthContext {
            slots: state.slots(),
            other_cost: 0.0,
            other_costs: OtherCosts::default(),
            subsidy_share: policy.subsidy_share,
            output_value: p.output_value,
            innovation_active: false,
        };
        let row = metric_row(state, totals, &context);
        group_rows(
            state,
            totals,
            self.scenario.workforce.len(),
            &mut self.group_rows,
        );
        (row, &self.group_rows)
    }

    /// Advances one month and returns its metrics: the organisation-level steps of
    /// `model::schedule` around the fast pass over the slots (steps 3–11). Gives exactly
    /// what `model::month::reference_month` gives.
    pub fn step(&mut self) -> (MetricRow, &[GroupRow]) {
        let scenario: &Scenario = &self.scenario;
        let mut start = begin_month(
            &mut self.state,
            scenario,
            self.replication,
            &mut self.manager_order,
        );
        let inputs = MonthInputs::new(
            &self.state,
            scenario,
            self.replication,
            start.month,
            start.policy,
        );
        step_chunks(
            self.state.employees.view(),
            self.state.managers.view(),
            0,
            self.teams_per_chunk,
            &inputs,
            &mut self.chunk_totals,
            self.parallel,
        );
        let innovation_active = inputs.innovation_in_force().is_some();
        let totals = &mut self.totals;
        totals.clear();
        for chunk in &self.chunk_totals {
            totals.merge(chunk);
        }
        let row = end_month(
            &mut self.state,
            scenario,
            &mut start,
            totals,
            innovation_active,
            &mut self.group_rows,
        );
        (row, &self.group_rows)
    }

    /// The sums of the last month stepped (or of month 0 after `observe_initial`).
    pub fn totals(&self) -> &Totals {
        &self.totals
    }
}

/// Team means of trust and skill over filled slots (used at month 0; later steps keep them).
fn update_team_means(state: &mut OrgState) {
    let team_size = state.team_size;
    for t in 0..state.teams() {
        let (mut trust, mut skill, mut n) = (0.0, 0.0, 0u32);
        for i in t * team_size..(t + 1) * team_size {
            if state.employees.is_filled(i) {
                trust += state.employees.trust[i] as f64;
                skill += state.employees.skill[i] as f64;
                n += 1;
            }
        }
        if n > 0 {
            state.managers.team_mean_trust[t] = (trust / n as f64) as f32;
            state.managers.team_mean_skill[t] = (skill / n as f64) as f32;
        }
    }
}

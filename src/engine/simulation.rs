//! The clock: initialisation and one month of the organisation model, in MODEL.md's order.
//!
//! Owns `Simulation` (state plus the scratch memory a step needs, allocated once) and the
//! order in which mechanisms run. Slots are processed in fixed chunks of whole teams; each
//! chunk sums into its own `Totals`, and chunk totals are merged in chunk order, so results do
//! not depend on whether chunks run serially or on several threads.
//! Does not own the mechanisms (see `crate::model`) or anything about files.

use crate::engine::rng::{Purpose, Stream, StreamFamily};
use crate::model::beliefs::{self, Beliefs, dimension_mask};
use crate::model::ideas::{code_voice, idea_probability, try_idea};
use crate::model::interventions::{Policy, policy, start_interventions};
use crate::model::metrics::{GroupRow, MetricRow};
use crate::model::observe::{MonthContext, Totals, group_rows, metric_row};
use crate::model::params::Parameters;
use crate::model::production::{WorkConditions, output};
use crate::model::skill::{LearningSupport, update_skill};
use crate::model::state::{
    ActiveInnovation, Employees, EmployeesMut, Managers, ManagersMut, OrgState, RetentionWindow,
    flag,
};
use crate::model::turnover::{
    fill_probability, monthly_base_hazard, quit_exponent, quits_with_exponent,
};
use crate::model::{autonomy, engagement, environment, innovation, managers, trust};
use crate::scenario::{Implementation, Scenario, WorkforceGroup};

/// Slots per chunk of work (rounded to whole teams). Fixed, so totals never depend on threads.
pub const CHUNK_SLOTS: usize = 4096;

/// Organisations at least this large also parallelise the step over chunks.
pub const PARALLEL_SLOTS: usize = 32_768;

/// Read-only inputs of one month's pass over the slots.
struct MonthInputs<'a> {
    p: &'a Parameters,
    groups: &'a [WorkforceGroup],
    group_cumulative_share: [f64; crate::model::state::MAX_GROUPS],
    base_hazard: [f64; crate::model::state::MAX_GROUPS],
    /// The employees' random streams this month.
    employee_streams: StreamFamily,
    month: u32,
    team_size: usize,
    dimensions: u32,
    dimension_mask: u64,
    reality: u64,
    code: Beliefs,
    code_score: i32,
    socialisation_rate: f64,
    turbulence: f64,
    tightness: f64,
    policy: Policy,
    innovation: Option<ActiveInnovation>,
}

impl MonthInputs<'_> {
    fn innovation_in_force(&self) -> Option<ActiveInnovation> {
        self.innovation
            .filter(|i| self.month >= i.start_month && self.month < i.until)
    }
}

/// A replication in progress: the state and the scratch memory its steps reuse.
pub struct Simulation<'s> {
    pub scenario: &'s Scenario,
    pub replication: u32,
    pub state: OrgState,
    /// Split the step over threads (large organisations only; results are identical).
    pub parallel: bool,
    teams_per_chunk: usize,
    chunk_totals: Vec<Totals>,
    /// Per slot: an accepted idea this month, encoded as 1 + 2·dimension + positive (0: none).
    accepted_ideas: Vec<u8>,
    manager_order: Vec<u32>,
    totals: Totals,
    group_rows: Vec<GroupRow>,
}

fn group_tables(groups: &[WorkforceGroup]) -> ([f64; 16], [f64; 16]) {
    let mut cumulative = [1.0; 16];
    let mut hazard = [0.0; 16];
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

/// Fills slot `i` of `e` with a new employee drawn from the workforce groups.
fn hire(e: &mut EmployeesMut, i: usize, inputs: &MonthInputs, rng: &mut Stream) {
    let u = rng.uniform();
    let g = inputs
        .group_cumulative_share
        .iter()
        .position(|&c| u < c)
        .unwrap_or(0)
        .min(inputs.groups.len() - 1);
    let group = &inputs.groups[g];
    let averse = rng.chance(group.control_averse_share);
    e.flags[i] = flag::FILLED | if averse { flag::CONTROL_AVERSE } else { 0 };
    e.group[i] = g as u8;
    e.tenure_months[i] = 0;
    e.skill[i] = rng.unit_normal(group.skill_mean, group.skill_sd) as f32;
    e.desired_autonomy[i] =
        rng.unit_normal(group.desired_autonomy_mean, group.desired_autonomy_sd) as f32;
    e.trust[i] = inputs.p.hire_trust as f32;
    e.engagement[i] = inputs.p.hire_engagement as f32;
    e.autonomy[i] = inputs.policy.autonomy_floor as f32;
    e.voice[i] = 0.5;
    e.set_beliefs(i, Beliefs::random(rng, inputs.dimensions));
}

/// Makes every step take the portable code path even where the CPU has AVX2 and BMI2; the
/// tests use it to check that both paths give the same results.
pub static PORTABLE_STEP_ONLY: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// One month for a range of whole teams: managers (step 3), then each slot (steps 4–11).
///
/// On x86-64 machines with AVX2 and BMI2 (nearly all since 2015) the same code runs compiled
/// for them, chosen at run time: about a tenth fewer instructions. Neither feature changes a
/// result: Rust never fuses a multiply and an add on its own, and the integer instructions
/// compute the same values.
fn step_teams(
    e: EmployeesMut,
    m: ManagersMut,
    first_slot: usize,
    inputs: &MonthInputs,
    accepted_ideas: &mut [u8],
    totals: &mut Totals,
) {
    #[cfg(target_arch = "x86_64")]
    if !PORTABLE_STEP_ONLY.load(std::sync::atomic::Ordering::Relaxed)
        && std::is_x86_feature_detected!("avx2")
        && std::is_x86_feature_detected!("bmi1")
        && std::is_x86_feature_detected!("bmi2")
        && std::is_x86_feature_detected!("lzcnt")
    {
        // SAFETY: the features were detected on this CPU just above.
        unsafe { step_teams_x86_64_v3(e, m, first_slot, inputs, accepted_ideas, totals) };
        return;
    }
    step_teams_body::<false>(e, m, first_slot, inputs, accepted_ideas, totals);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,lzcnt")]
fn step_teams_x86_64_v3(
    e: EmployeesMut,
    m: ManagersMut,
    first_slot: usize,
    inputs: &MonthInputs,
    accepted_ideas: &mut [u8],
    totals: &mut Totals,
) {
    step_teams_body::<true>(e, m, first_slot, inputs, accepted_ideas, totals);
}

/// The step itself. `X86_64_V3`: compiled into `step_teams_x86_64_v3`, where the CPU is known
/// to have AVX2 and BMI2, so the socialisation draws can be made four at a time.
// The slot index addresses a dozen parallel arrays at once; an iterator chain would hide that.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn step_teams_body<const X86_64_V3: bool>(
    mut e: EmployeesMut,
    m: ManagersMut,
    first_slot: usize,
    inputs: &MonthInputs,
    accepted_ideas: &mut [u8],
    totals: &mut Totals,
) {
    totals.clear();
    let p = inputs.p;
    let innovation = inputs.innovation_in_force();
    let team_size = inputs.team_size;
    for t in 0..m.style.len() {
        // Step 3: managers.
        let mut style = m.style[t] as f64;
        if m.ramp_months_left[t] > 0 {
            style = managers::ramp_style(
                style,
                m.style_target[t] as f64,
                m.ramp_months_left[t] as u32,
            );
            m.ramp_months_left[t] -= 1;
            m.style[t] = style as f32;
        }
        let in_programme = inputs.month < m.programme_until[t];
        let mut coaching_skill = m.coaching_skill[t] as f64;
        let mut team_time_away = inputs.policy.time_away;
        if in_programme {
            coaching_skill = managers::train_coaching_skill(coaching_skill, p);
            m.coaching_skill[t] = coaching_skill as f32;
            totals.programme_cost += m.programme_cost[t] as f64;
            team_time_away += m.programme_time_share[t] as f64;
        }
        let trust_in_team = managers::update_trust_in_team(
            m.trust_in_team[t] as f64,
            m.team_mean_trust[t] as f64,
            p,
        );
        m.trust_in_team[t] = trust_in_team as f32;
        totals.managers += 1;
        totals.manager_style += style;

        let support = LearningSupport {
            coaching: style * coaching_skill,
            action_learning: inputs.policy.action_learning,
            peer_learning: inputs.policy.peer_learning,
            team_mean_skill: m.team_mean_skill[t] as f64,
            turbulence: inputs.turbulence,
        };
        let (mut team_trust, mut team_skill, mut team_members) = (0.0, 0.0, 0u32);

        let team_slots = t * team_size..(t + 1) * team_size;
        let first_of_team = first_slot + team_slots.start;
        let accepted_ideas = &mut accepted_ideas[team_slots.clone()];
        let mut e = e.range(team_slots);
        for i in 0..accepted_ideas.len() {
            let slot = (first_of_team + i) as u64;
            let mut rng = inputs.employee_streams.stream(slot);
            accepted_ideas[i] = 0;
            if e.flags[i] & flag::FILLED == 0 {
                // Step 11 for a vacancy: hire.
                if rng.chance(fill_probability(p, inputs.tightness)) {
                    hire(&mut e, i, inputs, &mut rng);
                    totals.hires += 1;
                    totals.headcount += 1;
                    totals.groups[e.group[i] as usize].headcount += 1;
                    team_trust += e.trust[i] as f64;
                    team_skill += e.skill[i] as f64;
                    team_members += 1;
                }
                continue;
            }
            let averse = e.flags[i] & flag::CONTROL_AVERSE != 0;
            let mut adopted = e.flags[i] & flag::ADOPTED != 0;
            let mut skill = e.skill[i] as f64;
            let desired = e.desired_autonomy[i] as f64;
            let mut voice = e.voice[i] as f64;

            // Step 4: autonomy granted.
            let granted = autonomy::granted_autonomy(
                p,
                inputs.policy.autonomy_floor,
                style,
                trust_in_team,
                skill,
                e.trust[i] as f64,
            );
            let autonomy_now = autonomy::adjust_autonomy(e.autonomy[i] as f64, granted, p);

            // Step 5: trust.
            let imposition = match innovation {
                Some(inn) if inn.implementation == Implementation::TopDown && !adopted => {
                    trust::imposition_penalty(p, style)
                }
                _ => 0.0,
            };
            let trust_target =
                trust::target_trust(p, style, coaching_skill, voice, averse, imposition);
            let trust_now = trust::update_trust(e.trust[i] as f64, trust_target, p);

            // Step 6: engagement.
            let engagement_target = engagement::target_engagement(
                p,
                autonomy_now,
                desired,
                skill,
                trust_now,
                style,
                averse,
            );
            let engagement_now =
                engagement::update_engagement(e.engagement[i] as f64, engagement_target, p);

            // Step 7: knowledge — act, socialise, ideas (code learning follows the pass).
            let mut beliefs = e.beliefs(i);
            let actions = beliefs.act(rng.coin_mask(inputs.dimension_mask), inputs.dimension_mask);
            let score = inputs.dimensions as i32
                - 2 * ((actions ^ inputs.reality) & inputs.dimension_mask).count_ones() as i32;
            totals.superior.add_if(score > inputs.code_score, actions);
            let socialisation =
                inputs.socialisation_rate * (1.0 - p.autonomy_shield * autonomy_now);
            socialise(
                X86_64_V3,
                &mut beliefs,
                inputs.code,
                socialisation,
                &mut rng,
            );
            if rng.chance(idea_probability(
                p,
                autonomy_now,
                engagement_now,
                inputs.policy.idea_time_share,
            )) {
                let idea = try_idea(
                    &mut rng,
                    &mut beliefs,
                    inputs.reality,
                    inputs.dimensions,
                    skill,
                    style,
                    coaching_skill,
                    p,
                );
                totals.ideas_proposed += 1;
                voice = trust::update_voice(voice, idea.accepted, p);
                if idea.accepted {
                    totals.ideas_accepted += 1;
                    accepted_ideas[i] = 1 + 2 * idea.dimension as u8 + idea.positive as u8;
                }
            }
            e.set_beliefs(i, beliefs);
            let alignment = 0.5 * (1.0 + beliefs.knowledge(inputs.reality, inputs.dimensions));

            // Step 8: skill.
            skill = update_skill(skill, engagement_now, &support, p);

            // Step 9: technical innovation.
            let mut innovation_gain = 0.0;
            if let Some(inn) = innovation {
                if !adopted
                    && rng.chance(innovation::adoption_probability(
                        p,
                        inn.implementation,
                        style,
                        trust_now,
                        skill,
                    ))
                {
                    adopted = true;
                }
                if adopted {
                    innovation_gain = inn.gain;
                    totals.adopters += 1;
                }
            }

            // Step 10: output.
            let tenure = e.tenure_months[i] as u32;
            let work = WorkConditions {
                time_away: team_time_away,
                innovation_gain,
            };
            let y = output(
                p,
                skill,
                alignment,
                engagement_now,
                autonomy_now,
                tenure,
                &work,
            );

            e.skill[i] = skill as f32;
            e.trust[i] = trust_now as f32;
            e.engagement[i] = engagement_now as f32;
            e.autonomy[i] = autonomy_now as f32;
            e.voice[i] = voice as f32;
            e.flags[i] = if adopted {
                e.flags[i] | flag::ADOPTED
            } else {
                e.flags[i] & !flag::ADOPTED
            };

            let g = e.group[i] as usize;
            totals.output += y;
            totals.workers += 1;
            totals.skill += skill;
            totals.trust += trust_now;
            totals.autonomy += autonomy_now;
            totals.engagement += engagement_now;
            totals.alignment += alignment;
            totals.groups[g].workers += 1;
            totals.groups[g].engagement += engagement_now;

            // Step 11: turnover.
            let exponent = quit_exponent(
                p,
                engagement_now,
                trust_now,
                autonomy_now,
                desired,
                inputs.tightness,
                tenure,
            );
            if quits_with_exponent(rng.uniform(), inputs.base_hazard[g], exponent) {
                e.flags[i] = 0;
                totals.quits += 1;
                totals.groups[g].quits += 1;
            } else {
                e.tenure_months[i] = e.tenure_months[i].saturating_add(1);
                totals.headcount += 1;
                totals.groups[g].headcount += 1;
                team_trust += trust_now;
                team_skill += skill;
                team_members += 1;
            }
        }
        if team_members > 0 {
            m.team_mean_trust[t] = (team_trust / team_members as f64) as f32;
            m.team_mean_skill[t] = (team_skill / team_members as f64) as f32;
        }
    }
}

/// `beliefs::socialise`, four draws at a time where `x86_64_v3` says the CPU has AVX2 and
/// BMI2 (identical results either way).
#[inline(always)]
fn socialise(
    x86_64_v3: bool,
    beliefs: &mut Beliefs,
    code: Beliefs,
    rate: f64,
    rng: &mut Stream,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if x86_64_v3 {
        // SAFETY: `x86_64_v3` is only true inside `step_teams_x86_64_v3`, which runs only
        // after the features were detected.
        return unsafe { beliefs::socialise_x86_64_v3(beliefs, code, rate, rng) };
    }
    let _ = x86_64_v3;
    beliefs::socialise(beliefs, code, rate, rng)
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
    ideas: &mut [u8],
    totals: &mut [Totals],
    parallel: bool,
) {
    let chunks = totals.len();
    if chunks == 1 {
        step_teams(e, m, first_slot, inputs, ideas, &mut totals[0]);
        return;
    }
    let mid_chunk = chunks / 2;
    let mid_team = mid_chunk * teams_per_chunk;
    let mid_slot = mid_team * inputs.team_size;
    let (e_left, e_right) = e.split_at(mid_slot);
    let (m_left, m_right) = m.split_at(mid_team);
    let (ideas_left, ideas_right) = ideas.split_at_mut(mid_slot);
    let (totals_left, totals_right) = totals.split_at_mut(mid_chunk);
    let left = || {
        step_chunks(
            e_left,
            m_left,
            first_slot,
            teams_per_chunk,
            inputs,
            ideas_left,
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
            ideas_right,
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
            last_change: [0; 64],
            innovation: None,
            retention: RetentionWindow::default(),
            group_retention: [RetentionWindow::default(); 16],
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

        let teams_per_chunk = (CHUNK_SLOTS / team_size).max(1);
        let chunks = teams.div_ceil(teams_per_chunk);
        Simulation {
            scenario,
            replication,
            state,
            parallel: slots >= PARALLEL_SLOTS,
            teams_per_chunk,
            chunk_totals: vec![Totals::default(); chunks],
            accepted_ideas: vec![0; slots],
            manager_order,
            totals: Totals::default(),
            group_rows: Vec::with_capacity(scenario.workforce.len()),
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
        for i in 0..state.slots() {
            if !e.is_filled(i) {
                continue;
            }
            let g = e.group[i] as usize;
            let alignment = 0.5 * (1.0 + e.beliefs(i).knowledge(state.reality, state.dimensions));
            let work = WorkConditions {
                time_away: policy.time_away,
                innovation_gain: 0.0,
            };
            let skill = e.skill[i] as f64;
            totals.output += output(
                p,
                skill,
                alignment,
                e.engagement[i] as f64,
                e.autonomy[i] as f64,
                e.tenure_months[i] as u32,
                &work,
            );
            totals.workers += 1;
            totals.headcount += 1;
            totals.skill += skill;
            totals.trust += e.trust[i] as f64;
            totals.autonomy += e.autonomy[i] as f64;
            totals.engagement += e.engagement[i] as f64;
            totals.alignment += alignment;
            totals.groups[g].workers += 1;
            totals.groups[g].headcount += 1;
            totals.groups[g].engagement += e.engagement[i] as f64;
        }
        let context = MonthContext {
            slots: state.slots(),
            other_cost: 0.0,
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

    /// Advances one month and returns its metrics.
    pub fn step(&mut self) -> (MetricRow, &[GroupRow]) {
        let scenario = self.scenario;
        let p = &scenario.parameters;
        let month = self.state.month + 1;
        let dimensions = self.state.dimensions;
        let mut org_rng = Stream::new(
            scenario.seed,
            self.replication,
            month,
            Purpose::Organisation,
            0,
        );

        // Step 1: environment.
        let mut flips = environment::turbulence_flips(
            &mut org_rng,
            dimensions,
            scenario.environment.turbulence,
        );
        for shock in scenario
            .environment
            .shocks
            .iter()
            .filter(|s| s.month == month)
        {
            flips |= environment::shock_flips(&mut org_rng, dimensions, shock.severity);
        }
        self.state.reality ^= flips;
        for d in 0..dimensions as usize {
            if flips >> d & 1 == 1 {
                self.state.last_change[d] = month;
            }
        }

        // Step 2: interventions.
        let one_off_cost = start_interventions(
            &mut self.state,
            &scenario.interventions,
            month,
            scenario.months,
            &mut self.manager_order,
            &mut org_rng,
        );
        let month_policy = policy(
            &scenario.interventions,
            p,
            month,
            self.state.innovation.as_ref(),
        );

        // Steps 3–11 over every slot.
        let (group_cumulative_share, base_hazard) = group_tables(&scenario.workforce);
        let mask = dimension_mask(dimensions);
        let inputs = MonthInputs {
            p,
            groups: &scenario.workforce,
            group_cumulative_share,
            base_hazard,
            employee_streams: StreamFamily::new(
                scenario.seed,
                self.replication,
                month,
                Purpose::Employee,
            ),
            month,
            team_size: self.state.team_size,
            dimensions,
            dimension_mask: mask,
            reality: self.state.reality,
            code: self.state.code,
            code_score: self.state.code.score(self.state.reality),
            socialisation_rate: scenario.knowledge.socialisation_rate,
            turbulence: scenario.environment.turbulence,
            tightness: scenario.environment.tightness,
            policy: month_policy,
            innovation: self.state.innovation,
        };
        step_chunks(
            self.state.employees.view(),
            self.state.managers.view(),
            0,
            self.teams_per_chunk,
            &inputs,
            &mut self.accepted_ideas,
            &mut self.chunk_totals,
            self.parallel,
        );
        let innovation_active = inputs.innovation_in_force().is_some();
        let totals = &mut self.totals;
        totals.clear();
        for chunk in &self.chunk_totals {
            totals.merge(chunk);
        }

        // Step 7, continued: accepted ideas enter the code (in slot order), then code learning.
        if totals.ideas_accepted > 0 {
            for &idea in self.accepted_ideas.iter().filter(|&&x| x != 0) {
                let encoded = idea - 1;
                self.state.code.set((encoded / 2) as u32, encoded & 1 == 1);
            }
        }
        let voice = code_voice(p, totals.manager_style / totals.managers.max(1) as f64);
        let code_learning = scenario.knowledge.code_learning_rate * voice;
        beliefs::learn_code(
            &mut self.state.code,
            &totals.superior,
            dimensions,
            code_learning,
            &mut org_rng,
        );

        // Observation.
        self.state.month = month;
        self.state
            .retention
            .record(month, totals.quits, totals.headcount);
        for g in 0..scenario.workforce.len() {
            let group = &totals.groups[g];
            self.state.group_retention[g].record(month, group.quits, group.headcount);
        }
        let other_cost = one_off_cost
            + month_policy.action_learning_cost_per_employee
                * totals.workers as f64
                * (1.0 - month_policy.subsidy_share)
            + p.hiring_cost * totals.hires as f64;
        let context = MonthContext {
            slots: self.state.slots(),
            other_cost,
            subsidy_share: month_policy.subsidy_share,
            output_value: p.output_value,
            innovation_active,
        };
        let row = metric_row(&self.state, totals, &context);
        group_rows(
            &self.state,
            totals,
            scenario.workforce.len(),
            &mut self.group_rows,
        );
        (row, &self.group_rows)
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

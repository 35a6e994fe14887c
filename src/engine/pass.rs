//! One month's pass over a range of whole teams (docs/ODD.md steps 3–11), in phases over blocks
//! of slots.
//!
//! Owns the order of the mechanisms inside a month and how a chunk of slots is worked through.
//! A block of up to `BLOCK` slots goes through five phases:
//!
//! 0. managers (step 3), once per team as its first slot comes up, and each slot's copy of
//!    its team's values;
//! 1. autonomy, trust, engagement, skill and the quit exponent (steps 4–6, 8, 11) of every
//!    slot: arithmetic without branches, four employees at a time where the CPU has AVX2;
//! 2. each employee's random draws in docs/ODD.md's order (section 3) (actions, socialisation, ideas,
//!    adoption, the quit draw; steps 7, 9, 11): bit operations on the beliefs, one at a time;
//! 3. alignment, output (step 10), the quit hazard and the one-year quit probability (step
//!    11), and the employees' new state written back, four at a time like phase 1;
//! 4. in slot order: hiring into vacancies, the quit decisions, the month's sums.
//!
//! Every slot gets exactly what one-slot-at-a-time stepping gives: the phases only split a
//! slot's work where no value passes between slots, float sums are still added in slot
//! order, and vector lanes round each operation as `f64` does (`crate::engine::lanes`).
//! The phases exist for speed: a slot's float work is one long chain of dependent operations,
//! and running it for many slots in a row lets the CPU overlap the chains (and vectorise them).
//! `tests/it/determinism.rs` and `tests/portable_step.rs` guard the results.
//! Does not own the mechanisms (see `crate::model`), the split over threads or what happens
//! between passes (see `super::simulation`).

#[cfg(target_arch = "x86_64")]
use crate::engine::cpu::X86_64V3;
use crate::engine::cpu::{Cpu, Portable};
use crate::engine::lanes::{Lanes, Scalar};
use crate::model::beliefs::{action_score, alignment, socialisation_probability};
use crate::model::ideas::{idea_probability, try_idea};
use crate::model::managers::{TeamMonth, TeamSums, manager_month};
use crate::model::observe::{Totals, WorkerMonth};
use crate::model::production::{WorkConditions, output};
use crate::model::schedule::MonthInputs;
use crate::model::skill::{LearningSupport, update_skill};
use crate::model::state::{EmployeesMut, MAX_GROUPS, ManagersMut, flag};
use crate::model::turnover::{
    fill_probability, hazard_with_exponent, hire, one_year_quit_probability, quit_exponent, quits,
};
use crate::model::{autonomy, engagement, innovation, trust};
use crate::scenario::Implementation;

/// Slots per block: a block's scratch values (16 arrays of f64, 16 KB) stay in the
/// first-level cache beside the block's state.
const BLOCK: usize = 128;

/// Makes every step take the portable code path even where the CPU has AVX2 and BMI2; the
/// tests use it to check that both paths give the same results.
pub static PORTABLE_STEP_ONLY: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// One month for a range of whole teams: managers (step 3), then each slot (steps 4–11).
///
/// On x86-64 machines with AVX2 and BMI2 (nearly all since 2015) a second copy of the pass
/// runs, chosen at run time: the float phases four employees at a time, the socialisation
/// draws four at a time. Neither changes a result (see the module documentation).
pub(crate) fn step_teams(
    e: EmployeesMut,
    m: ManagersMut,
    first_slot: usize,
    inputs: &MonthInputs,
    totals: &mut Totals,
) {
    #[cfg(target_arch = "x86_64")]
    if !PORTABLE_STEP_ONLY.load(std::sync::atomic::Ordering::Relaxed)
        && let Some(cpu) = X86_64V3::detect()
    {
        // SAFETY: `cpu` exists, so the features were detected on this CPU.
        unsafe { step_teams_x86_64_v3(cpu, e, m, first_slot, inputs, totals) };
        return;
    }
    step_teams_body(Portable, e, m, first_slot, inputs, totals);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,lzcnt,popcnt")]
fn step_teams_x86_64_v3(
    cpu: X86_64V3,
    e: EmployeesMut,
    m: ManagersMut,
    first_slot: usize,
    inputs: &MonthInputs,
    totals: &mut Totals,
) {
    step_teams_body(cpu, e, m, first_slot, inputs, totals);
}

/// Per-slot values of one block, passed between the phases.
struct Block {
    style: [f64; BLOCK],
    coaching_skill: [f64; BLOCK],
    trust_in_team: [f64; BLOCK],
    time_away: [f64; BLOCK],
    team_mean_skill: [f64; BLOCK],
    autonomy: [f64; BLOCK],
    trust: [f64; BLOCK],
    engagement: [f64; BLOCK],
    skill: [f64; BLOCK],
    socialisation: [f64; BLOCK],
    idea_probability: [f64; BLOCK],
    quit_exponent: [f64; BLOCK],
    /// Phase 2 leaves the belief score here, phase 3 turns it into alignment.
    alignment: [f64; BLOCK],
    quit_draw: [f64; BLOCK],
    base_hazard: [f64; BLOCK],
    /// Phase 3 leaves the month's quit hazard and the one-year quit probability here.
    hazard: [f64; BLOCK],
    one_year_quit: [f64; BLOCK],
    output: [f64; BLOCK],
}

impl Block {
    fn new() -> Self {
        let zero = [0.0; BLOCK];
        Block {
            style: zero,
            coaching_skill: zero,
            trust_in_team: zero,
            time_away: zero,
            team_mean_skill: zero,
            autonomy: zero,
            trust: zero,
            engagement: zero,
            skill: zero,
            socialisation: zero,
            idea_probability: zero,
            quit_exponent: zero,
            alignment: zero,
            quit_draw: zero,
            base_hazard: zero,
            hazard: zero,
            one_year_quit: zero,
            output: zero,
        }
    }
}

/// Calls `$phase::<L>(i, args..)` for every lane group of `0..$n`: `C::WIDTH` slots at a
/// time with the CPU's `C::Wide`, then one at a time with `Scalar` for the rest.
macro_rules! over_lanes {
    ($cpu:ty, $n:expr, $phase:ident ( $($arg:expr),* $(,)? )) => {{
        let mut i = 0;
        while i + <$cpu>::WIDTH <= $n {
            $phase::<<$cpu as Cpu>::Wide>(i, $($arg),*);
            i += <$cpu>::WIDTH;
        }
        while i < $n {
            $phase::<Scalar>(i, $($arg),*);
            i += 1;
        }
    }};
}

/// The pass itself, for the CPU `cpu` (compiled into `step_teams_x86_64_v3` for `X86_64V3`).
#[inline(always)]
fn step_teams_body<C: Cpu>(
    cpu: C,
    mut e: EmployeesMut,
    mut m: ManagersMut,
    first_slot: usize,
    inputs: &MonthInputs,
    totals: &mut Totals,
) {
    totals.clear();
    let team_size = inputs.team_size;
    let slots = e.flags.len();
    let innovation = inputs.innovation_in_force();
    let top_down = innovation.is_some_and(|i| i.implementation == Implementation::TopDown);
    let gain = innovation.map_or(0.0, |i| i.gain);
    let mut b = Block::new();
    // Phase 0 walks the teams ahead of phase 4: `team` is the team whose values phase 0 is
    // copying, `sums` the team whose members phase 4 is adding up.
    let mut team = TeamMonth::default();
    let mut sums = TeamSums::default();
    let mut start = 0;
    while start < slots {
        let n = BLOCK.min(slots - start);
        let mut block = e.range(start..start + n);

        // Phase 0: managers, and each slot's copy of its team's values.
        let mut i = 0;
        while i < n {
            let within = (start + i) % team_size;
            if within == 0 {
                team = manager_month(&mut m, (start + i) / team_size, inputs, totals);
            }
            let run = (team_size - within).min(n - i);
            // One loop for the five arrays: five `fill`s of ten values cost more in calls
            // than the stores themselves.
            for k in i..i + run {
                b.style[k] = team.style;
                b.coaching_skill[k] = team.coaching_skill;
                b.trust_in_team[k] = team.trust_in_team;
                b.time_away[k] = team.time_away;
                b.team_mean_skill[k] = team.team_mean_skill;
            }
            i += run;
        }

        over_lanes!(C, n, people(&block, &mut b, inputs, top_down));
        knowledge_phase(cpu, &mut block, &mut b, first_slot + start, inputs, totals);
        over_lanes!(C, n, production(&mut block, &mut b, inputs, gain));
        record_phase(
            &mut block, &mut m, &b, start, first_slot, inputs, &mut sums, totals,
        );
        start += n;
    }
}

/// Phase 1 for the slots of the lanes starting at `i`: steps 4–6, 8 and the quit exponent of step 11
/// (vacancies too: their values are never used).
#[inline(always)]
fn people<L: Lanes>(
    i: usize,
    e: &EmployeesMut,
    b: &mut Block,
    inputs: &MonthInputs,
    top_down: bool,
) {
    let p = inputs.p;
    let policy = &inputs.policy;
    let style = L::load(&b.style, i);
    let coaching_skill = L::load(&b.coaching_skill, i);
    let averse = L::flag(e.flags, i, flag::CONTROL_AVERSE);
    let skill_then = L::load_f32(e.skill, i);
    let trust_then = L::load_f32(e.trust, i);
    let desired = L::load_f32(e.desired_autonomy, i);

    // Step 4: autonomy granted.
    let granted = autonomy::granted_autonomy(
        p,
        policy.autonomy_floor,
        style,
        L::load(&b.trust_in_team, i),
        skill_then,
        trust_then,
    );
    let autonomy_now = autonomy::adjust_autonomy(L::load_f32(e.autonomy, i), granted, p);

    // Step 5: trust (a top-down innovation costs the trust of those who have not adopted it).
    let adopted = L::flag(e.flags, i, flag::ADOPTED);
    let imposition = trust::imposition(p, top_down, adopted, style);
    let voice = L::load_f32(e.voice, i);
    let trust_target = trust::target_trust(
        p,
        style,
        coaching_skill,
        voice,
        averse,
        imposition,
        L::load_f32(e.trust_propensity, i),
    );
    let trust_now = trust::update_trust(trust_then, trust_target, p);

    // Step 6: engagement.
    let engagement_target = engagement::target_engagement(
        p,
        autonomy_now,
        desired,
        skill_then,
        trust_now,
        style,
        averse,
        L::load_f32(e.engagement_propensity, i),
    );
    let engagement_now =
        engagement::update_engagement(L::load_f32(e.engagement, i), engagement_target, p);

    // Step 7's probabilities (its draws are phase 2's).
    socialisation_probability(p, autonomy_now, inputs.socialisation_rate)
        .store(&mut b.socialisation, i);
    idea_probability(p, autonomy_now, engagement_now, policy.idea_time_share)
        .store(&mut b.idea_probability, i);

    // Step 8: skill.
    let support = LearningSupport {
        coaching: style * coaching_skill,
        action_learning: policy.action_learning,
        peer_learning: policy.peer_learning,
        team_mean_skill: L::load(&b.team_mean_skill, i),
        turbulence: inputs.turbulence,
    };
    update_skill(skill_then, engagement_now, &support, p).store(&mut b.skill, i);

    // Step 11's exponent (the draw is phase 2's, the decision phase 4's).
    quit_exponent(
        p,
        engagement_now,
        trust_now,
        autonomy_now,
        desired,
        inputs.tightness,
        L::load_u16(e.tenure_months, i),
    )
    .store(&mut b.quit_exponent, i);
    autonomy_now.store(&mut b.autonomy, i);
    trust_now.store(&mut b.trust, i);
    engagement_now.store(&mut b.engagement, i);
}

/// Phase 2: each employee's draws in docs/ODD.md's order (section 3) — actions, socialisation and ideas
/// (step 7), adoption of the innovation (step 9), the quit draw (step 11).
// The slot index addresses a dozen parallel arrays at once; an iterator chain would hide that.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn knowledge_phase<C: Cpu>(
    cpu: C,
    e: &mut EmployeesMut,
    b: &mut Block,
    first_slot: usize,
    inputs: &MonthInputs,
    totals: &mut Totals,
) {
    let p = inputs.p;
    let innovation = inputs.innovation_in_force();
    let n = e.flags.len();
    // Lets the compiler drop the loop's bounds checks (fewer branches, same work).
    assert!(e.all_have_len(n) && n <= BLOCK);
    for i in 0..n {
        if e.flags[i] & flag::FILLED == 0 {
            continue;
        }
        let mut rng = inputs.employee_streams.stream((first_slot + i) as u64);
        let mut beliefs = e.beliefs(i);
        let actions = beliefs.act(rng.coin_mask(inputs.dimension_mask), inputs.dimension_mask);
        let score = action_score(
            actions,
            inputs.reality,
            inputs.dimensions,
            inputs.dimension_mask,
        );
        totals.superior.add_if(score > inputs.code_score, actions);
        cpu.socialise(&mut beliefs, inputs.code, b.socialisation[i], &mut rng);
        if rng.chance(b.idea_probability[i]) {
            let idea = try_idea(
                &mut rng,
                &mut beliefs,
                inputs.reality,
                inputs.dimensions,
                e.skill[i] as f64,
                b.style[i],
                b.coaching_skill[i],
                p,
            );
            totals.ideas_proposed += 1;
            e.voice[i] = trust::update_voice(e.voice[i] as f64, idea.accepted, p) as f32;
            totals.ideas_accepted += u32::from(idea.accepted);
        }
        e.set_beliefs(i, beliefs);
        b.alignment[i] = beliefs.score(inputs.reality) as f64;

        // Step 9: technical innovation.
        if let Some(inn) = innovation {
            if e.flags[i] & flag::ADOPTED == 0
                && rng.chance(innovation::adoption_probability(
                    p,
                    inn.implementation,
                    b.style[i],
                    b.trust[i],
                    b.skill[i],
                ))
            {
                e.flags[i] |= flag::ADOPTED;
            }
            totals.adopters += u32::from(e.flags[i] & flag::ADOPTED != 0);
        }
        b.quit_draw[i] = rng.uniform();
        // Group indices are below `MAX_GROUPS`: the `%` only spares a bounds check.
        b.base_hazard[i] = inputs.base_hazard[e.group[i] as usize % MAX_GROUPS];
    }
}

/// Phase 3 for the slots of the lanes starting at `i`: alignment (step 7's knowledge), output
/// (step 10), the quit hazard and one-year quit probability (step 11), and the new state of
/// every employee written back.
#[inline(always)]
fn production<L: Lanes>(
    i: usize,
    e: &mut EmployeesMut,
    b: &mut Block,
    inputs: &MonthInputs,
    gain: f64,
) {
    let alignment = alignment(L::load(&b.alignment, i), inputs.dimensions);
    alignment.store(&mut b.alignment, i);
    let adopted = L::flag(e.flags, i, flag::ADOPTED);
    let work = WorkConditions {
        time_away: L::load(&b.time_away, i),
        innovation_gain: L::select(adopted, L::splat(gain), L::splat(0.0)),
    };
    let (skill, engagement, autonomy) = (
        L::load(&b.skill, i),
        L::load(&b.engagement, i),
        L::load(&b.autonomy, i),
    );
    output(
        inputs.p,
        skill,
        alignment,
        engagement,
        autonomy,
        L::load_u16(e.tenure_months, i),
        &work,
    )
    .store(&mut b.output, i);
    let hazard = hazard_with_exponent(
        inputs.unrelated_hazard,
        L::load(&b.base_hazard, i),
        L::load(&b.quit_exponent, i),
    );
    hazard.store(&mut b.hazard, i);
    one_year_quit_probability(hazard).store(&mut b.one_year_quit, i);

    // The state, for employees only (vacancies keep theirs until phase 4 fills them).
    let employed = L::flag(e.flags, i, flag::FILLED);
    skill.store_f32_where(employed, e.skill, i);
    L::load(&b.trust, i).store_f32_where(employed, e.trust, i);
    engagement.store_f32_where(employed, e.engagement, i);
    autonomy.store_f32_where(employed, e.autonomy, i);
}

/// Phase 4, in slot order: hiring into vacancies, quits (step 11) and tenure, the month's
/// sums and, at each team's last slot, its means for next month.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn record_phase(
    e: &mut EmployeesMut,
    m: &mut ManagersMut,
    b: &Block,
    start: usize,
    first_slot: usize,
    inputs: &MonthInputs,
    team: &mut TeamSums,
    totals: &mut Totals,
) {
    let team_size = inputs.team_size;
    let n = e.flags.len();
    // Team by team (the part of each team inside this block): the loop ends where a team
    // does, without a division or a hard-to-predict test per slot.
    let mut i = 0;
    while i < n {
        let within = (start + i) % team_size;
        let run = (team_size - within).min(n - i);
        for k in i..i + run {
            record_slot(e, b, k, start, first_slot, inputs, team, totals);
        }
        if within + run == team_size {
            team.store_means(m, (start + i) / team_size);
            *team = TeamSums::default();
        }
        i += run;
    }
}

/// Phase 4 for slot `i` of the block.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn record_slot(
    e: &mut EmployeesMut,
    b: &Block,
    i: usize,
    start: usize,
    first_slot: usize,
    inputs: &MonthInputs,
    team: &mut TeamSums,
    totals: &mut Totals,
) {
    let p = inputs.p;
    if e.flags[i] & flag::FILLED == 0 {
        // A closed slot is no vacancy (as in the reference month).
        if e.flags[i] & flag::CLOSED != 0 {
            return;
        }
        // Step 11 for a vacancy: hire.
        let mut rng = inputs
            .employee_streams
            .stream((first_slot + start + i) as u64);
        if rng.chance(fill_probability(p, inputs.tightness)) {
            hire(e, i, inputs, &mut rng);
            totals.add_hire(e.group[i] as usize);
            team.add(e.trust[i] as f64, e.skill[i] as f64);
        }
        return;
    }
    let (skill, trust_now) = (b.skill[i], b.trust[i]);
    let g = e.group[i] as usize;
    totals.add_worker(&WorkerMonth {
        group: g,
        output: b.output[i],
        skill,
        trust: trust_now,
        autonomy: b.autonomy[i],
        engagement: b.engagement[i],
        alignment: b.alignment[i],
        one_year_quit: b.one_year_quit[i],
    });

    if quits(b.quit_draw[i], b.hazard[i]) {
        e.flags[i] = 0;
        totals.add_quit(g);
    } else {
        e.tenure_months[i] = e.tenure_months[i].saturating_add(1);
        totals.add_headcount(g);
        team.add(trust_now, skill);
    }
}

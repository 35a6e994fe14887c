//! The reference month: one organisation advanced by one month, top to bottom, one employee
//! at a time, in the order of docs/ODD.md section 3.
//!
//! Owns `reference_month` and `employee_month`, written for reading, not speed: to know what
//! happens to one employee in one month, read `employee_month` and the mechanism functions it
//! calls. The engine's fast pass (`crate::engine`, phased, four employees at a time) must give
//! exactly the same state, sums and metrics; `tests/it/properties.rs` checks that bit for bit
//! over generated scenarios. Equality is exact because both use the same random streams
//! (keyed by seed, replication, month, purpose and slot), the same mechanism functions with
//! the same order of float operations, and add the month's sums in the same grouping
//! (`schedule::CHUNK_SLOTS`). Does not own the mechanisms or the organisation-level steps
//! (`super::schedule`).

use super::beliefs::{self, action_score, alignment, socialisation_probability};
use super::ideas::{idea_probability, try_idea};
use super::managers::{TeamMonth, TeamSums, manager_month};
use super::metrics::{GroupRow, MetricRow};
use super::observe::{Totals, WorkerMonth};
use super::production::{WorkConditions, output};
use super::schedule::{MonthInputs, begin_month, end_month, teams_per_chunk};
use super::skill::{LearningSupport, update_skill};
use super::state::{EmployeesMut, OrgState, flag};
use super::turnover::{
    fill_probability, hazard_with_exponent, hire, one_year_quit_probability, quit_exponent, quits,
};
use super::{autonomy, engagement, innovation, trust};
use crate::model::inputs::{Implementation, Scenario};

/// Advances `state` (replication `replication` of `scenario`) by one month. Returns the
/// month's metrics and sums; leaves the group rows in `group_rows`. Social mode only.
pub fn reference_month(
    state: &mut OrgState,
    scenario: &Scenario,
    replication: u32,
    group_rows: &mut Vec<GroupRow>,
) -> (MetricRow, Totals) {
    // Steps 1 and 2: environment and interventions.
    let mut manager_order = vec![0; state.teams()];
    let mut start = begin_month(state, scenario, replication, &mut manager_order);
    let inputs = MonthInputs::new(state, scenario, replication, start.month, start.policy);

    // Steps 3–11, team by team in slot order. Sums are added within a chunk of whole teams
    // first and the chunks' sums then in order, as the engine does (float addition is not
    // associative, so the grouping is part of the result).
    let team_size = state.team_size;
    let chunk_teams = teams_per_chunk(team_size);
    let teams = state.teams();
    let mut totals = Totals::default();
    let mut chunk = Totals::default();
    let mut employees = state.employees.view();
    let mut managers = state.managers.view();
    for t in 0..teams {
        if t > 0 && t % chunk_teams == 0 {
            totals.merge(&chunk);
            chunk.clear();
        }
        let team = manager_month(&mut managers, t, &inputs, &mut chunk);
        let mut team_sums = TeamSums::default();
        let first = t * team_size;
        for slot in first..first + team_size {
            employee_month(
                &mut employees,
                slot,
                &team,
                &inputs,
                &mut team_sums,
                &mut chunk,
            );
        }
        team_sums.store_means(&mut managers, t);
    }
    totals.merge(&chunk);

    // Step 7 for the organisation (code learning) and the observation.
    let innovation_active = inputs.innovation_in_force().is_some();
    let row = end_month(
        state,
        scenario,
        &mut start,
        &totals,
        innovation_active,
        group_rows,
    );
    (row, totals)
}

/// Steps 4–11 for the slot `i` of team `team`: a vacancy may be filled; an employee works
/// through the month. Adds the slot to `team_sums` and `totals`.
pub fn employee_month(
    e: &mut EmployeesMut,
    i: usize,
    team: &TeamMonth,
    inputs: &MonthInputs,
    team_sums: &mut TeamSums,
    totals: &mut Totals,
) {
    let p = inputs.p;
    let policy = &inputs.policy;
    let mut rng = inputs.employee_streams.stream(i as u64);

    // Step 11 for a vacancy: hire (the new employee starts working next month).
    if e.flags[i] & flag::FILLED == 0 {
        // A closed slot is no vacancy (checked before the draw, so organisations without
        // closed slots draw as they would without the check).
        if e.flags[i] & flag::CLOSED != 0 {
            return;
        }
        if rng.chance(fill_probability(p, inputs.tightness)) {
            hire(e, i, inputs, &mut rng);
            totals.add_hire(e.group[i] as usize);
            team_sums.add(e.trust[i] as f64, e.skill[i] as f64);
        }
        return;
    }

    // Last month's values.
    let control_averse = e.flags[i] & flag::CONTROL_AVERSE != 0;
    let adopted_before = e.flags[i] & flag::ADOPTED != 0;
    let skill_before = e.skill[i] as f64;
    let trust_before = e.trust[i] as f64;
    let desired_autonomy = e.desired_autonomy[i] as f64;
    let tenure = e.tenure_months[i] as f64;

    // Step 4: autonomy granted and adjusted.
    let granted = autonomy::granted_autonomy(
        p,
        policy.autonomy_floor,
        team.style,
        team.trust_in_team,
        skill_before,
        trust_before,
    );
    let autonomy = autonomy::adjust_autonomy(e.autonomy[i] as f64, granted, p);

    // Step 5: trust.
    let innovation = inputs.innovation_in_force();
    let top_down = innovation.is_some_and(|i| i.implementation == Implementation::TopDown);
    let imposition = trust::imposition(p, top_down, adopted_before, team.style);
    let trust_target = trust::target_trust(
        p,
        team.style,
        team.coaching_skill,
        e.voice[i] as f64,
        control_averse,
        imposition,
        e.trust_propensity[i] as f64,
    );
    let trust = trust::update_trust(trust_before, trust_target, p);

    // Step 6: engagement.
    let engagement_target = engagement::target_engagement(
        p,
        autonomy,
        desired_autonomy,
        skill_before,
        trust,
        team.style,
        control_averse,
        e.engagement_propensity[i] as f64,
    );
    let engagement = engagement::update_engagement(e.engagement[i] as f64, engagement_target, p);

    // Step 7: act (the superior group is those who beat the code), socialise toward the
    // code as it stood at the start of the month, maybe try an idea.
    let mut beliefs = e.beliefs(i);
    let actions = beliefs.act(rng.coin_mask(inputs.dimension_mask), inputs.dimension_mask);
    let score = action_score(
        actions,
        inputs.reality,
        inputs.dimensions,
        inputs.dimension_mask,
    );
    totals.superior.add_if(score > inputs.code_score, actions);
    let socialisation = socialisation_probability(p, autonomy, inputs.socialisation_rate);
    beliefs::socialise(&mut beliefs, inputs.code, socialisation, &mut rng);
    if rng.chance(idea_probability(
        p,
        autonomy,
        engagement,
        policy.idea_time_share,
    )) {
        let idea = try_idea(
            &mut rng,
            &mut beliefs,
            inputs.reality,
            inputs.dimensions,
            skill_before,
            team.style,
            team.coaching_skill,
            p,
        );
        totals.ideas_proposed += 1;
        e.voice[i] = trust::update_voice(e.voice[i] as f64, idea.accepted, p) as f32;
        totals.ideas_accepted += u32::from(idea.accepted);
    }
    e.set_beliefs(i, beliefs);
    let alignment = alignment(beliefs.score(inputs.reality) as f64, inputs.dimensions);

    // Step 8: skill.
    let support = LearningSupport {
        coaching: team.style * team.coaching_skill,
        action_learning: policy.action_learning,
        peer_learning: policy.peer_learning,
        team_mean_skill: team.team_mean_skill,
        turbulence: inputs.turbulence,
    };
    let skill = update_skill(skill_before, engagement, &support, p);

    // Step 9: adoption of the innovation in force.
    if let Some(current) = innovation {
        if e.flags[i] & flag::ADOPTED == 0
            && rng.chance(innovation::adoption_probability(
                p,
                current.implementation,
                team.style,
                trust,
                skill,
            ))
        {
            e.flags[i] |= flag::ADOPTED;
        }
        totals.adopters += u32::from(e.flags[i] & flag::ADOPTED != 0);
    }

    // Step 10: output.
    let adopted = e.flags[i] & flag::ADOPTED != 0;
    let work = WorkConditions {
        time_away: team.time_away,
        innovation_gain: match innovation {
            Some(current) if adopted => current.gain,
            _ => 0.0,
        },
    };
    let produced = output(p, skill, alignment, engagement, autonomy, tenure, &work);

    // The month's values are kept (in f32) and summed.
    e.skill[i] = skill as f32;
    e.trust[i] = trust as f32;
    e.engagement[i] = engagement as f32;
    e.autonomy[i] = autonomy as f32;
    let group = e.group[i] as usize;

    // Step 11: quit (the slot becomes vacant) or stay (tenure + 1).
    let exponent = quit_exponent(
        p,
        engagement,
        trust,
        autonomy,
        desired_autonomy,
        inputs.tightness,
        tenure,
    );
    let hazard = hazard_with_exponent(inputs.unrelated_hazard, inputs.base_hazard[group], exponent);
    totals.add_worker(&WorkerMonth {
        group,
        output: produced,
        skill,
        trust,
        autonomy,
        engagement,
        alignment,
        one_year_quit: one_year_quit_probability(hazard),
    });
    if quits(rng.uniform(), hazard) {
        e.flags[i] = 0;
        totals.add_quit(group);
    } else {
        e.tenure_months[i] = e.tenure_months[i].saturating_add(1);
        totals.add_headcount(group);
        team_sums.add(trust, skill);
    }
}

//! Interventions (docs/ODD.md section 7.2): what the scenario's schedule means in a given month.
//!
//! Owns `Policy` (the organisation-wide effects active in a month, a pure function of the
//! schedule and the month) and `start_interventions` (the one-off effects of interventions
//! whose month has come: training managers, setting styles, launching an innovation).
//! Does not own the schedule's format (see `crate::scenario`).

use super::params::Parameters;
use super::state::{ActiveInnovation, OrgState, flag};
use crate::ground::rng::Stream;
use crate::model::inputs::{Implementation, Intervention, InterventionKind};

/// Organisation-wide effects of the interventions active in one month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Policy {
    /// Effective autonomy floor (the parameter, raised by self-organising teams).
    pub autonomy_floor: f64,
    /// Peer-learning intensity (0 without self-organising teams).
    pub peer_learning: f64,
    /// Action-learning intensity (hours / reference hours).
    pub action_learning: f64,
    /// Share of working time everyone spends on action learning, idea time and participation.
    pub time_away: f64,
    pub idea_time_share: f64,
    pub action_learning_cost_per_employee: f64,
    /// Share of programme costs paid by outside support.
    pub subsidy_share: f64,
}

/// Whether `intervention` acts in `month`.
pub fn is_active(intervention: &Intervention, month: u32) -> bool {
    month >= intervention.month && intervention.end_month.is_none_or(|end| month < end)
}

/// The effects active in `month`. Several interventions of one kind add up (hours, shares)
/// or take the strongest (floors, subsidies).
pub fn policy(
    interventions: &[Intervention],
    p: &Parameters,
    month: u32,
    innovation: Option<&ActiveInnovation>,
) -> Policy {
    let mut policy = Policy {
        autonomy_floor: p.autonomy_floor,
        ..Policy::default()
    };
    let mut action_learning_hours = 0.0;
    for intervention in interventions.iter().filter(|i| is_active(i, month)) {
        match intervention.kind {
            InterventionKind::ActionLearning {
                hours_per_month,
                cost_per_employee_month,
            } => {
                action_learning_hours += hours_per_month;
                policy.action_learning_cost_per_employee += cost_per_employee_month;
            }
            InterventionKind::IdeaTime { share } => policy.idea_time_share += share,
            InterventionKind::SelfOrganisingTeams { autonomy_floor } => {
                policy.autonomy_floor = policy.autonomy_floor.max(autonomy_floor);
                policy.peer_learning = p.self_organising_peer_learning;
            }
            InterventionKind::ExternalSupport { subsidy_share } => {
                policy.subsidy_share = policy.subsidy_share.max(subsidy_share)
            }
            // Started once (see below); their effect lives in the managers' and the
            // innovation's state, not in the month's policy.
            InterventionKind::CoachingProgramme { .. }
            | InterventionKind::ManagerStyle { .. }
            | InterventionKind::TechnicalInnovation { .. } => {}
        }
    }
    policy.action_learning = action_learning_hours / p.action_learning_reference_hours;
    // A working month is taken as 160 hours.
    policy.time_away = action_learning_hours / 160.0 + policy.idea_time_share;
    if let Some(innovation) = innovation
        && innovation.implementation == Implementation::Participatory
        && month >= innovation.start_month
        && ((month - innovation.start_month) as f64) < p.participation_months
    {
        policy.time_away += p.participation_time_share;
    }
    policy.time_away = policy.time_away.min(1.0);
    policy
}

/// Chooses round(share·teams) distinct managers (partial Fisher–Yates in `order`, which the
/// caller keeps so nothing is allocated here) and returns them as the first entries of `order`.
fn choose_managers<'a>(order: &'a mut [u32], share: f64, rng: &mut Stream) -> &'a [u32] {
    let teams = order.len();
    for (i, slot) in order.iter_mut().enumerate() {
        *slot = i as u32;
    }
    let count = ((share * teams as f64).round() as usize).min(teams);
    for i in 0..count {
        let j = i + rng.below((teams - i) as u32) as usize;
        order.swap(i, j);
    }
    &order[..count]
}

/// Applies the one-off effects of interventions starting in `month`; returns their one-off
/// cost (innovation costs). `manager_order` is scratch of length `teams`.
pub fn start_interventions(
    state: &mut OrgState,
    interventions: &[Intervention],
    month: u32,
    horizon: u32,
    manager_order: &mut [u32],
    rng: &mut Stream,
) -> f64 {
    let mut one_off_cost = 0.0;
    for intervention in interventions.iter().filter(|i| i.month == month) {
        match intervention.kind {
            InterventionKind::CoachingProgramme {
                target_style,
                ramp_months,
                share_of_managers,
                cost_per_manager_month,
                time_share,
            } => {
                let until = intervention
                    .end_month
                    .unwrap_or(month + ramp_months)
                    .min(horizon + 1);
                let managers = &mut state.managers;
                for &m in choose_managers(manager_order, share_of_managers, rng) {
                    let m = m as usize;
                    managers.style_target[m] = target_style as f32;
                    managers.ramp_months_left[m] = ramp_months.min(u16::MAX as u32) as u16;
                    managers.programme_until[m] = until;
                    managers.programme_time_share[m] = time_share as f32;
                    managers.programme_cost[m] = cost_per_manager_month as f32;
                }
            }
            InterventionKind::ManagerStyle {
                style,
                share_of_managers,
            } => {
                let managers = &mut state.managers;
                for &m in choose_managers(manager_order, share_of_managers, rng) {
                    managers.style[m as usize] = style as f32;
                    managers.ramp_months_left[m as usize] = 0;
                }
            }
            InterventionKind::TechnicalInnovation {
                gain,
                implementation,
                cost,
            } => {
                state.innovation = Some(ActiveInnovation {
                    gain,
                    implementation,
                    start_month: month,
                    until: intervention.end_month.unwrap_or(u32::MAX),
                });
                for f in state.employees.flags.iter_mut() {
                    *f &= !flag::ADOPTED;
                }
                one_off_cost += cost;
            }
            // Continuous: they act through each month's policy (above), not at their start.
            InterventionKind::ActionLearning { .. }
            | InterventionKind::IdeaTime { .. }
            | InterventionKind::SelfOrganisingTeams { .. }
            | InterventionKind::ExternalSupport { .. } => {}
        }
    }
    one_off_cost
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(month: u32, end_month: Option<u32>, kind: InterventionKind) -> Intervention {
        Intervention {
            month,
            end_month,
            kind,
        }
    }

    #[test]
    fn policy_combines_active_interventions_only() {
        let p = Parameters::default();
        let schedule = [
            at(
                6,
                None,
                InterventionKind::ActionLearning {
                    hours_per_month: 8.0,
                    cost_per_employee_month: 0.1,
                },
            ),
            at(6, Some(12), InterventionKind::IdeaTime { share: 0.05 }),
            at(
                24,
                None,
                InterventionKind::SelfOrganisingTeams {
                    autonomy_floor: 0.5,
                },
            ),
        ];
        let before = policy(&schedule, &p, 5, None);
        assert_eq!(before.time_away, 0.0);
        assert_eq!(before.autonomy_floor, p.autonomy_floor);
        let during = policy(&schedule, &p, 6, None);
        assert!((during.time_away - (8.0 / 160.0 + 0.05)).abs() < 1e-12);
        assert!((during.action_learning - 1.0).abs() < 1e-12);
        let later = policy(&schedule, &p, 24, None);
        assert!(
            (later.time_away - 0.05).abs() < 1e-12,
            "idea time ended at month 12"
        );
        assert_eq!(later.autonomy_floor, 0.5);
        assert_eq!(later.peer_learning, p.self_organising_peer_learning);
    }

    #[test]
    fn participation_takes_time_only_at_the_start() {
        let p = Parameters::default();
        let innovation = ActiveInnovation {
            gain: 0.2,
            implementation: Implementation::Participatory,
            start_month: 10,
            until: u32::MAX,
        };
        assert!(policy(&[], &p, 10, Some(&innovation)).time_away > 0.0);
        assert_eq!(
            policy(
                &[],
                &p,
                10 + p.participation_months as u32,
                Some(&innovation)
            )
            .time_away,
            0.0
        );
    }

    #[test]
    fn manager_choice_picks_distinct_managers_of_the_right_number() {
        let mut order = vec![0u32; 20];
        let mut rng = Stream::new(1, 0, 0, crate::ground::rng::Purpose::Organisation, 0);
        let chosen = choose_managers(&mut order, 0.25, &mut rng).to_vec();
        assert_eq!(chosen.len(), 5);
        let mut sorted = chosen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 5);
    }
}

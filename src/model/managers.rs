//! Managers (docs/ODD.md step 3, section 7.3): style ramp during a coaching programme, coaching-skill growth
//! while trained, and reciprocal trust in the team (Serva, Fuller & Mayer 2005).
//! Plain functions of one manager's values, and `manager_month`, which applies them to one
//! team at the start of its month; also the team's sums for next month's team means.

use super::observe::Totals;
use super::params::Parameters;
use super::schedule::MonthInputs;
use super::state::ManagersMut;

/// One month of a style ramp: c ← c + (c_target − c)/ramp_months_left.
#[inline]
pub fn ramp_style(style: f64, target: f64, ramp_months_left: u32) -> f64 {
    if ramp_months_left == 0 {
        style
    } else {
        style + (target - style) / ramp_months_left as f64
    }
}

/// Coaching skill grows while the manager is trained: κ ← κ + rate·(1 − κ).
#[inline]
pub fn train_coaching_skill(coaching_skill: f64, p: &Parameters) -> f64 {
    coaching_skill + p.coach_training_rate * (1.0 - coaching_skill)
}

/// Reciprocal trust: θ ← θ + rate·(mean τ of team − θ).
#[inline]
pub fn update_trust_in_team(trust_in_team: f64, team_mean_trust: f64, p: &Parameters) -> f64 {
    trust_in_team + p.trust_reciprocity_rate * (team_mean_trust - trust_in_team)
}

/// What a team's members read of their manager this month (step 3's results, in f64 as the
/// manager step computed them).
#[derive(Clone, Copy, Debug, Default)]
pub struct TeamMonth {
    pub style: f64,
    pub coaching_skill: f64,
    pub trust_in_team: f64,
    /// The month's time away from work: the policy's plus the manager's programme share.
    pub time_away: f64,
    /// The team's mean skill at the end of the previous month.
    pub team_mean_skill: f64,
}

/// Step 3 for team `t`: the manager's style ramp, coaching programme (its cost counts in
/// `totals`) and trust in the team from the team's mean trust at the end of last month.
#[inline(always)]
pub fn manager_month(
    m: &mut ManagersMut,
    t: usize,
    inputs: &MonthInputs,
    totals: &mut Totals,
) -> TeamMonth {
    let p = inputs.p;
    let mut style = m.style[t] as f64;
    if m.ramp_months_left[t] > 0 {
        style = ramp_style(
            style,
            m.style_target[t] as f64,
            m.ramp_months_left[t] as u32,
        );
        m.ramp_months_left[t] -= 1;
        m.style[t] = style as f32;
    }
    let mut coaching_skill = m.coaching_skill[t] as f64;
    let mut time_away = inputs.policy.time_away;
    if inputs.month < m.programme_until[t] {
        coaching_skill = train_coaching_skill(coaching_skill, p);
        m.coaching_skill[t] = coaching_skill as f32;
        totals.programme_cost += m.programme_cost[t] as f64;
        time_away += m.programme_time_share[t] as f64;
    }
    let trust_in_team =
        update_trust_in_team(m.trust_in_team[t] as f64, m.team_mean_trust[t] as f64, p);
    m.trust_in_team[t] = trust_in_team as f32;
    totals.managers += 1;
    totals.manager_style += style;
    TeamMonth {
        style,
        coaching_skill,
        trust_in_team,
        time_away,
        team_mean_skill: m.team_mean_skill[t] as f64,
    }
}

/// Sums over a team's employees at the end of the month (stayers with this month's values,
/// hires with their starting values), in slot order, for next month's team means.
#[derive(Clone, Copy, Debug, Default)]
pub struct TeamSums {
    pub trust: f64,
    pub skill: f64,
    pub members: u32,
}

impl TeamSums {
    #[inline(always)]
    pub fn add(&mut self, trust: f64, skill: f64) {
        self.trust += trust;
        self.skill += skill;
        self.members += 1;
    }

    /// Stores the team's means for next month (kept as they were when the team is empty).
    #[inline(always)]
    pub fn store_means(&self, m: &mut ManagersMut, t: usize) {
        if self.members > 0 {
            m.team_mean_trust[t] = (self.trust / self.members as f64) as f32;
            m.team_mean_skill[t] = (self.skill / self.members as f64) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_reaches_the_target_exactly_when_the_ramp_ends() {
        let mut style = 0.2;
        for left in (1..=12).rev() {
            style = ramp_style(style, 0.9, left);
        }
        assert!((style - 0.9).abs() < 1e-12);
        assert_eq!(ramp_style(0.4, 0.9, 0), 0.4);
    }

    #[test]
    fn training_and_reciprocity_move_toward_their_targets() {
        let p = Parameters::default();
        assert!(train_coaching_skill(0.3, &p) > 0.3 && train_coaching_skill(0.3, &p) < 1.0);
        assert!(update_trust_in_team(0.5, 0.8, &p) > 0.5);
        assert!(update_trust_in_team(0.5, 0.2, &p) < 0.5);
    }
}

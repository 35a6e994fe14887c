//! Managers (MODEL.md step 3): style ramp during a coaching programme, coaching-skill growth
//! while trained, and reciprocal trust in the team (Serva, Fuller & Mayer 2005).
//! Plain functions of one manager's values; the engine applies them to every team.

use super::params::Parameters;

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

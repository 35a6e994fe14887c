//! Engagement (MODEL.md step 6): self-determination theory, needs for autonomy, competence and
//! relatedness, and the hidden costs of control for control-averse people (Falk & Kosfeld
//! 2006). Plain functions of one employee.

use super::params::Parameters;

/// e* = clamp(w_a·u_a + w_c·s + w_r·τ − w_crowding·x), u_a = 1 − max(0, d − a) −
/// excess·max(0, a − d), x = 1 − c for control-averse employees and 0 otherwise.
#[inline]
pub fn target_engagement(
    p: &Parameters,
    autonomy: f64,
    desired_autonomy: f64,
    skill: f64,
    trust: f64,
    style: f64,
    control_averse: bool,
) -> f64 {
    let autonomy_need = 1.0
        - (desired_autonomy - autonomy).max(0.0)
        - p.autonomy_excess_penalty * (autonomy - desired_autonomy).max(0.0);
    let crowding = super::select_f64(control_averse, 1.0 - style, 0.0);
    (p.w_autonomy_need * autonomy_need + p.w_competence_need * skill + p.w_relatedness_need * trust
        - p.w_crowding * crowding)
        .clamp(0.0, 1.0)
}

/// e ← e + rate·(e* − e).
#[inline]
pub fn update_engagement(engagement: f64, target: f64, p: &Parameters) -> f64 {
    engagement + p.engagement_rate * (target - engagement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_crowds_out_engagement_of_control_averse_people_only() {
        let p = Parameters::default();
        let averse = target_engagement(&p, 0.15, 0.6, 0.5, 0.5, 0.0, true);
        let tolerant = target_engagement(&p, 0.15, 0.6, 0.5, 0.5, 0.0, false);
        assert!((tolerant - averse - p.w_crowding).abs() < 1e-12);
        let coached = target_engagement(&p, 0.15, 0.6, 0.5, 0.5, 1.0, true);
        assert_eq!(coached, tolerant);
    }

    #[test]
    fn autonomy_below_and_above_the_desired_level_both_cost() {
        let p = Parameters::default();
        let fit = target_engagement(&p, 0.6, 0.6, 0.5, 0.5, 1.0, false);
        assert!(target_engagement(&p, 0.3, 0.6, 0.5, 0.5, 1.0, false) < fit);
        assert!(target_engagement(&p, 0.9, 0.6, 0.5, 0.5, 1.0, false) < fit);
        assert!(update_engagement(0.5, fit, &p) > 0.5);
    }
}

//! Engagement (docs/ODD.md step 6, section 7.6): self-determination theory, needs for autonomy, competence and
//! relatedness, and the hidden costs of control for control-averse people (Falk & Kosfeld
//! 2006). Plain functions of one employee.

use super::params::Parameters;
use super::real::Real;

/// e* = clamp(w_a·u_a + w_c·s + w_r·τ − w_crowding·x + propensity), u_a = 1 − max(0, d − a) −
/// excess·max(0, a − d), x = 1 − c for control-averse employees and 0 otherwise; the
/// propensity is the employee's lasting offset drawn at hire.
#[inline]
pub fn target_engagement<R: Real>(
    p: &Parameters,
    autonomy: R,
    desired_autonomy: R,
    skill: R,
    trust: R,
    style: R,
    control_averse: R::Mask,
    propensity: R,
) -> R {
    let autonomy_need = (desired_autonomy - autonomy).max(0.0).subtracted_from(1.0)
        - (autonomy - desired_autonomy).max(0.0) * p.autonomy_excess_penalty;
    let crowding = R::select(control_averse, style.subtracted_from(1.0), R::splat(0.0));
    (autonomy_need * p.w_autonomy_need + skill * p.w_competence_need + trust * p.w_relatedness_need
        - crowding * p.w_crowding
        + propensity)
        .clamp(0.0, 1.0)
}

/// e ← e + rate·(e* − e).
#[inline]
pub fn update_engagement<R: Real>(engagement: R, target: R, p: &Parameters) -> R {
    engagement + (target - engagement) * p.engagement_rate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_crowds_out_engagement_of_control_averse_people_only() {
        let p = Parameters::default();
        let averse = target_engagement(&p, 0.15, 0.6, 0.5, 0.5, 0.0, true, 0.0);
        let tolerant = target_engagement(&p, 0.15, 0.6, 0.5, 0.5, 0.0, false, 0.0);
        assert!((tolerant - averse - p.w_crowding).abs() < 1e-12);
        let coached = target_engagement(&p, 0.15, 0.6, 0.5, 0.5, 1.0, true, 0.0);
        assert_eq!(coached, tolerant);
    }

    #[test]
    fn autonomy_below_and_above_the_desired_level_both_cost() {
        let p = Parameters::default();
        let fit = target_engagement(&p, 0.6, 0.6, 0.5, 0.5, 1.0, false, 0.0);
        assert!(target_engagement(&p, 0.3, 0.6, 0.5, 0.5, 1.0, false, 0.0) < fit);
        assert!(target_engagement(&p, 0.9, 0.6, 0.5, 0.5, 1.0, false, 0.0) < fit);
        assert!(update_engagement(0.5, fit, &p) > 0.5);
    }
}

//! Autonomy granted (MODEL.md step 4): situational leadership, coaching managers delegate to
//! those who are ready. A plain function of one employee and their manager.

use super::params::Parameters;

/// a* = a_floor + (a_max − a_floor)·c·(w·readiness + (1 − w)·θ), readiness = (s + τ)/2.
/// `floor` is the effective floor (raised by self-organising teams).
#[inline]
pub fn granted_autonomy(
    p: &Parameters,
    floor: f64,
    style: f64,
    trust_in_team: f64,
    skill: f64,
    trust: f64,
) -> f64 {
    let readiness = 0.5 * (skill + trust);
    let delegation = p.readiness_weight * readiness + (1.0 - p.readiness_weight) * trust_in_team;
    let ceiling = p.autonomy_max.max(floor);
    floor + (ceiling - floor) * style * delegation
}

/// a ← a + rate·(a* − a).
#[inline]
pub fn adjust_autonomy(autonomy: f64, granted: f64, p: &Parameters) -> f64 {
    autonomy + p.autonomy_adjust_rate * (granted - autonomy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_grants_the_floor_and_coaching_grants_more_to_the_ready() {
        let p = Parameters::default();
        assert_eq!(granted_autonomy(&p, 0.15, 0.0, 0.9, 0.9, 0.9), 0.15);
        let ready = granted_autonomy(&p, 0.15, 1.0, 0.5, 0.9, 0.9);
        let unready = granted_autonomy(&p, 0.15, 1.0, 0.5, 0.2, 0.2);
        assert!(ready > unready && unready > 0.15);
        assert!(ready <= p.autonomy_max);
    }

    #[test]
    fn a_raised_floor_above_the_maximum_is_still_granted() {
        let p = Parameters::default();
        assert_eq!(granted_autonomy(&p, 0.95, 1.0, 1.0, 1.0, 1.0), 0.95);
        assert!(adjust_autonomy(0.2, 0.6, &p) > 0.2);
    }
}

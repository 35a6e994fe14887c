//! Autonomy granted (docs/ODD.md step 4, section 7.4): situational leadership, coaching managers delegate to
//! those who are ready. A plain function of one employee and their manager.

use super::params::Parameters;
use super::real::Real;

/// a* = a_floor + (a_max − a_floor)·c·(w·readiness + (1 − w)·θ), readiness = (s + τ)/2.
/// `floor` is the effective floor (raised by self-organising teams).
#[inline]
pub fn granted_autonomy<R: Real>(
    p: &Parameters,
    floor: f64,
    style: R,
    trust_in_team: R,
    skill: R,
    trust: R,
) -> R {
    let readiness = (skill + trust) * 0.5;
    let delegation = readiness * p.readiness_weight + trust_in_team * (1.0 - p.readiness_weight);
    let ceiling = p.autonomy_max.max(floor);
    style * (ceiling - floor) * delegation + floor
}

/// a ← a + rate·(a* − a).
#[inline]
pub fn adjust_autonomy<R: Real>(autonomy: R, granted: R, p: &Parameters) -> R {
    autonomy + (granted - autonomy) * p.autonomy_adjust_rate
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

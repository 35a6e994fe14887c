//! Trust in the manager (docs/ODD.md step 5, section 7.5): built slowly, lost quickly.
//! Plain functions of one employee and their manager.

use super::params::Parameters;
use super::real::Real;

/// τ* = trust_base + w_support·c·κ + w_voice·(voice − 0.5) − w_control·(1 − c)·aversion
///      − imposition + propensity, clamped to [0, 1]; aversion is 1 for control-averse
/// employees and `control_penalty_tolerant` for the others; the propensity is the employee's
/// lasting offset drawn at hire.
#[inline]
pub fn target_trust<R: Real>(
    p: &Parameters,
    style: R,
    coaching_skill: R,
    voice: R,
    control_averse: R::Mask,
    imposition: R,
    propensity: R,
) -> R {
    let aversion = R::select(
        control_averse,
        R::splat(1.0),
        R::splat(p.control_penalty_tolerant),
    );
    (style * p.w_support * coaching_skill + p.trust_base + (voice - 0.5) * p.w_voice
        - style.subtracted_from(1.0) * p.w_control * aversion
        - imposition
        + propensity)
        .clamp(0.0, 1.0)
}

/// The trust a top-down innovation costs this month: the imposition penalty for an employee
/// who has not adopted it (`adopted` at the start of the month) while it is in force and
/// introduced top-down, else 0.
#[inline]
pub fn imposition<R: Real>(p: &Parameters, top_down: bool, adopted: R::Mask, style: R) -> R {
    if top_down {
        R::select(adopted, R::splat(0.0), imposition_penalty(p, style))
    } else {
        R::splat(0.0)
    }
}

/// τ ← τ + r·(τ* − τ) with r = trust_gain_rate upward and trust_loss_rate downward.
#[inline]
pub fn update_trust<R: Real>(trust: R, target: R, p: &Parameters) -> R {
    let rate = R::select(
        target.greater(trust),
        R::splat(p.trust_gain_rate),
        R::splat(p.trust_loss_rate),
    );
    trust + (target - trust) * rate
}

/// Trust lost by a non-adopter while an innovation is imposed top-down: penalty·(1 − c).
#[inline]
pub fn imposition_penalty<R: Real>(p: &Parameters, style: R) -> R {
    style.subtracted_from(1.0) * p.imposition_penalty
}

/// The employee's sense of voice after an idea: accepted ideas raise it, rejected ones lower it.
#[inline]
pub fn update_voice(voice: f64, accepted: bool, p: &Parameters) -> f64 {
    if accepted {
        voice + p.voice_memory_rate * (1.0 - voice)
    } else {
        voice - p.voice_memory_rate * voice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_is_lost_faster_than_it_is_built() {
        let p = Parameters::default();
        let up = update_trust(0.5, 0.7, &p) - 0.5;
        let down = 0.5 - update_trust(0.5, 0.3, &p);
        assert!(down > 2.0 * up, "{up} {down}");
    }

    #[test]
    fn control_costs_more_trust_of_control_averse_people() {
        let p = Parameters::default();
        let averse = target_trust(&p, 0.0, 0.3, 0.5, true, 0.0, 0.0);
        let tolerant = target_trust(&p, 0.0, 0.3, 0.5, false, 0.0, 0.0);
        let coached = target_trust(&p, 1.0, 0.8, 0.5, true, 0.0, 0.0);
        assert!(averse < tolerant && tolerant < coached);
        assert!(target_trust(&p, 0.0, 0.3, 0.5, true, imposition_penalty(&p, 0.0), 0.0) < averse);
        assert!(target_trust(&p, 0.0, 0.3, 0.5, true, 0.0, 0.1) > averse);
    }

    #[test]
    fn voice_follows_idea_outcomes() {
        let p = Parameters::default();
        assert!(update_voice(0.5, true, &p) > 0.5);
        assert!(update_voice(0.5, false, &p) < 0.5);
    }
}

//! Trust in the manager (MODEL.md step 5): built slowly, lost quickly.
//! Plain functions of one employee and their manager.

use super::params::Parameters;

/// τ* = trust_base + w_support·c·κ + w_voice·(voice − 0.5) − w_control·(1 − c)·aversion
///      − imposition, clamped to [0, 1]; aversion is 1 for control-averse employees and
/// `control_penalty_tolerant` for the others.
#[inline]
pub fn target_trust(
    p: &Parameters,
    style: f64,
    coaching_skill: f64,
    voice: f64,
    control_averse: bool,
    imposition: f64,
) -> f64 {
    // Who is control-averse is a coin flip per employee: a branch here is mispredicted often.
    let aversion = super::select_f64(control_averse, 1.0, p.control_penalty_tolerant);
    (p.trust_base + p.w_support * style * coaching_skill + p.w_voice * (voice - 0.5)
        - p.w_control * (1.0 - style) * aversion
        - imposition)
        .clamp(0.0, 1.0)
}

/// τ ← τ + r·(τ* − τ) with r = trust_gain_rate upward and trust_loss_rate downward.
#[inline]
pub fn update_trust(trust: f64, target: f64, p: &Parameters) -> f64 {
    let rate = if target > trust {
        p.trust_gain_rate
    } else {
        p.trust_loss_rate
    };
    trust + rate * (target - trust)
}

/// Trust lost by a non-adopter while an innovation is imposed top-down: penalty·(1 − c).
#[inline]
pub fn imposition_penalty(p: &Parameters, style: f64) -> f64 {
    p.imposition_penalty * (1.0 - style)
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
        let averse = target_trust(&p, 0.0, 0.3, 0.5, true, 0.0);
        let tolerant = target_trust(&p, 0.0, 0.3, 0.5, false, 0.0);
        let coached = target_trust(&p, 1.0, 0.8, 0.5, true, 0.0);
        assert!(averse < tolerant && tolerant < coached);
        assert!(target_trust(&p, 0.0, 0.3, 0.5, true, imposition_penalty(&p, 0.0)) < averse);
    }

    #[test]
    fn voice_follows_idea_outcomes() {
        let p = Parameters::default();
        assert!(update_voice(0.5, true, &p) > 0.5);
        assert!(update_voice(0.5, false, &p) < 0.5);
    }
}

//! Technical innovation (docs/ODD.md step 9, section 7.9): adoption, with resistance to a top-down
//! introduction under control-style managers and a boost for a participatory one.

use super::params::Parameters;
use crate::model::inputs::Implementation;

/// Monthly adoption chance of a non-adopter:
/// adopt_rate·(0.5·τ + 0.5·s)·boost·(1 − resistance), boost = participation_boost when
/// participatory, resistance = top_down_resistance·(1 − c) when top-down.
#[inline]
pub fn adoption_probability(
    p: &Parameters,
    implementation: Implementation,
    style: f64,
    trust: f64,
    skill: f64,
) -> f64 {
    let (boost, resistance) = match implementation {
        Implementation::Participatory => (p.participation_boost, 0.0),
        Implementation::TopDown => (1.0, p.top_down_resistance * (1.0 - style)),
    };
    (p.adopt_rate * (0.5 * trust + 0.5 * skill) * boost * (1.0 - resistance)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_down_under_control_is_resisted_and_participation_helps() {
        let p = Parameters::default();
        let imposed = adoption_probability(&p, Implementation::TopDown, 0.0, 0.5, 0.5);
        let top_down_coached = adoption_probability(&p, Implementation::TopDown, 1.0, 0.5, 0.5);
        let participatory = adoption_probability(&p, Implementation::Participatory, 0.0, 0.5, 0.5);
        assert!(imposed < 0.2 * top_down_coached);
        assert!(participatory > top_down_coached);
    }
}

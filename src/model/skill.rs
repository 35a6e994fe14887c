//! Skill (docs/ODD.md step 8, section 7.8): learning on the job, from coaching, from action learning and from
//! peers in self-organising teams, against obsolescence that turbulence speeds up.

use super::params::Parameters;
use super::real::Real;

/// What a month of learning offers one employee besides their own engagement.
#[derive(Clone, Copy, Debug, Default)]
pub struct LearningSupport<R = f64> {
    /// Manager style times coaching skill (c·κ).
    pub coaching: R,
    /// Action-learning intensity (hours / reference hours).
    pub action_learning: f64,
    /// Peer-learning intensity in self-organising teams (0 without them).
    pub peer_learning: f64,
    /// Team mean skill (peer learning pulls toward it).
    pub team_mean_skill: R,
    pub turbulence: f64,
}

/// s ← s + (1 − s)·(learn_base·e + learn_coach·c·κ + learn_action·al) + learn_peer·so·max(0, s̄ − s)
///     − s·(obsolescence + turbulence_obsolescence·turbulence), clamped to [0, 1].
#[inline]
pub fn update_skill<R: Real>(
    skill: R,
    engagement: R,
    support: &LearningSupport<R>,
    p: &Parameters,
) -> R {
    let growth = engagement * p.learn_base
        + support.coaching * p.learn_coach
        + p.learn_action * support.action_learning;
    let peer = (support.team_mean_skill - skill).max(0.0) * (p.learn_peer * support.peer_learning);
    let decay = p.obsolescence + p.turbulence_obsolescence * support.turbulence;
    (skill + skill.subtracted_from(1.0) * growth + peer - skill * decay).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_learning_adds_skill_and_turbulence_takes_it() {
        let p = Parameters::default();
        let none = LearningSupport::default();
        let base = update_skill(0.5, 0.6, &none, &p);
        for support in [
            LearningSupport {
                coaching: 0.8,
                ..none
            },
            LearningSupport {
                action_learning: 1.0,
                ..none
            },
            LearningSupport {
                peer_learning: 1.0,
                team_mean_skill: 0.8,
                ..none
            },
        ] {
            assert!(update_skill(0.5, 0.6, &support, &p) > base);
        }
        assert!(
            update_skill(
                0.5,
                0.6,
                &LearningSupport {
                    turbulence: 0.1,
                    ..none
                },
                &p
            ) < base
        );
    }
}

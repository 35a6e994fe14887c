//! Skill (MODEL.md step 8): learning on the job, from coaching, from action learning and from
//! peers in self-organising teams, against obsolescence that turbulence speeds up.

use super::params::Parameters;

/// What a month of learning offers one employee besides their own engagement.
#[derive(Clone, Copy, Debug, Default)]
pub struct LearningSupport {
    /// Manager style times coaching skill (c·κ).
    pub coaching: f64,
    /// Action-learning intensity (hours / reference hours).
    pub action_learning: f64,
    /// Peer-learning intensity in self-organising teams (0 without them).
    pub peer_learning: f64,
    /// Team mean skill (peer learning pulls toward it).
    pub team_mean_skill: f64,
    pub turbulence: f64,
}

/// s ← s + (1 − s)·(learn_base·e + learn_coach·c·κ + learn_action·al) + learn_peer·so·max(0, s̄ − s)
///     − s·(obsolescence + turbulence_obsolescence·turbulence), clamped to [0, 1].
#[inline]
pub fn update_skill(skill: f64, engagement: f64, support: &LearningSupport, p: &Parameters) -> f64 {
    let growth = p.learn_base * engagement
        + p.learn_coach * support.coaching
        + p.learn_action * support.action_learning;
    let peer = p.learn_peer * support.peer_learning * (support.team_mean_skill - skill).max(0.0);
    let decay = p.obsolescence + p.turbulence_obsolescence * support.turbulence;
    (skill + (1.0 - skill) * growth + peer - skill * decay).clamp(0.0, 1.0)
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

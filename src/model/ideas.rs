//! Internal entrepreneurship and voice (docs/ODD.md step 7, section 7.7): employees try ideas,
//! managers accept or screen them, and an accepted idea changes its proposer's beliefs. Ideas
//! reach the code only through March's learning rule (the code learns from the superior
//! group), scaled by the voice defined here.

use super::beliefs::Beliefs;
use super::params::Parameters;
use super::real::Real;
use crate::ground::rng::Stream;

/// Monthly chance of trying an idea: idea_rate·a·e·(1 + idea_time_multiplier·idea_time_share).
#[inline]
pub fn idea_probability<R: Real>(
    p: &Parameters,
    autonomy: R,
    engagement: R,
    idea_time_share: f64,
) -> R {
    (autonomy * p.idea_rate * engagement * (1.0 + p.idea_time_multiplier * idea_time_share))
        .clamp(0.0, 1.0)
}

/// Chance a manager of style c accepts an idea: accept_min + (1 − accept_min)·c.
#[inline]
pub fn acceptance_probability(p: &Parameters, style: f64) -> f64 {
    p.accept_min + (1.0 - p.accept_min) * style
}

/// Voice in code learning: voice_min + (1 − voice_min)·mean style.
#[inline]
pub fn code_voice(p: &Parameters, mean_style: f64) -> f64 {
    p.voice_min + (1.0 - p.voice_min) * mean_style
}

/// An idea that was tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Idea {
    pub dimension: u32,
    /// The belief the idea set (+1 when true).
    pub positive: bool,
    pub accepted: bool,
}

/// Tries an idea on one random dimension: the idea is reality's value with probability
/// 0.5 + 0.5·s, else its opposite. The manager screens a wrong idea out with probability κ and
/// accepts what passes with the acceptance probability. An accepted idea becomes the
/// proposer's belief on that dimension; a rejected one leaves the beliefs as they were.
#[inline]
pub fn try_idea(
    rng: &mut Stream,
    beliefs: &mut Beliefs,
    reality: u64,
    dimensions: u32,
    skill: f64,
    style: f64,
    coaching_skill: f64,
    p: &Parameters,
) -> Idea {
    let dimension = rng.below(dimensions);
    let truth = reality >> dimension & 1 == 1;
    let correct = rng.chance(0.5 + 0.5 * skill);
    let positive = if correct { truth } else { !truth };
    let screened_out = !correct && rng.chance(coaching_skill);
    let accepted = !screened_out && rng.chance(acceptance_probability(p, style));
    if accepted {
        beliefs.set(dimension, positive);
    }
    Idea {
        dimension,
        positive,
        accepted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::rng::Purpose;

    #[test]
    fn skilled_people_have_better_ideas_and_coaches_accept_more() {
        let p = Parameters::default();
        let mut rng = Stream::new(1, 0, 0, Purpose::Employee, 0);
        let reality = 0x2AAA_AAAA;
        let trials = 20_000;
        let mut right = [0u32; 2];
        let mut accepted = [0u32; 2];
        for (i, (skill, style)) in [(0.2, 0.0), (0.9, 1.0)].into_iter().enumerate() {
            for _ in 0..trials {
                let mut b = Beliefs::default();
                let idea = try_idea(&mut rng, &mut b, reality, 30, skill, style, 0.0, &p);
                right[i] += u32::from(idea.positive == (reality >> idea.dimension & 1 == 1));
                accepted[i] += u32::from(idea.accepted);
                // The proposer keeps an accepted idea; a rejected one changes nothing.
                let kept = if idea.positive { 1 } else { -1 };
                assert_eq!(
                    b.value(idea.dimension),
                    if idea.accepted { kept } else { 0 }
                );
            }
        }
        let share = |x: u32| x as f64 / trials as f64;
        assert!((share(right[0]) - 0.6).abs() < 0.015 && (share(right[1]) - 0.95).abs() < 0.01);
        assert!((share(accepted[0]) - p.accept_min).abs() < 0.015 && share(accepted[1]) > 0.99);
    }

    #[test]
    fn a_skilled_coach_screens_out_wrong_ideas() {
        let p = Parameters::default();
        let mut rng = Stream::new(2, 0, 0, Purpose::Employee, 0);
        let mut wrong_accepted = 0;
        for _ in 0..10_000 {
            let mut b = Beliefs::default();
            let idea = try_idea(&mut rng, &mut b, 0, 30, 0.0, 1.0, 1.0, &p);
            if idea.accepted && idea.positive {
                wrong_accepted += 1;
            }
        }
        assert_eq!(wrong_accepted, 0);
        assert!(idea_probability(&p, 0.8, 0.8, 0.1) > idea_probability(&p, 0.8, 0.8, 0.0));
        assert!(code_voice(&p, 1.0) == 1.0 && code_voice(&p, 0.0) == p.voice_min);
    }
}

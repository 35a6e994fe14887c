//! The adoption decision of an organisation's leadership: a Bass-like monthly probability of
//! starting the programme, and the rule for abandoning it after a trial.
//!
//! Owns the formulas (docs/ODD.md, the economy's second level): the probability from
//! innovation, the centre's outreach, a sector agreement's push, imitation of visible
//! adopters weighted by the gain they seem to have, and the own performance gap; the delay
//! before an adoption is visible; how many peers of a group are seen (a binomial draw); and
//! abandonment. What an organisation sees is assembled by the engine; these functions only
//! combine it.

use super::AdoptionRules;
use crate::ground::rng::Stream;

/// What one organisation knows in one month when it decides whether to adopt.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Signals {
    /// The centre's outreach (0 without a centre in force).
    pub outreach: f64,
    /// The push of sector agreements in force for the organisation's sector.
    pub push: f64,
    /// The centre's information multiplier on imitation (1 without a centre in force).
    pub information: f64,
    /// Seen adopters as a weighted share of all peers (0–1): an adopter counts when its
    /// adoption is old enough to be visible and the organisation sees it.
    pub visible_share: f64,
    /// Seen gain of visible adopters over visible non-adopters, relative, with noise.
    pub seen_gain: f64,
    /// Own performance gap to the sector's mean, relative (positive when below it).
    pub own_gap: f64,
}

/// The monthly probability of adopting: innovation + outreach + push + imitation ×
/// information × visible share × max(0, 1 + gain_weight × seen gain) + gap_weight ×
/// max(0, own gap), within 0–1.
pub fn adoption_probability(rules: &AdoptionRules, s: &Signals) -> f64 {
    let imitation = rules.imitation
        * s.information
        * s.visible_share
        * (1.0 + rules.gain_weight * s.seen_gain).max(0.0);
    let p =
        rules.innovation + s.outreach + s.push + imitation + rules.gap_weight * s.own_gap.max(0.0);
    if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Months before an adoption is visible to peers: `delay_months`, divided by the centre's
/// information multiplier when a centre is in force (rounded, never negative).
pub fn visibility_delay(rules: &AdoptionRules, information: Option<f64>) -> u32 {
    match information {
        Some(info) if info > 1.0 => (f64::from(rules.delay_months) / info).round() as u32,
        _ => rules.delay_months,
    }
}

/// Whether an organisation that adopted in month `adopted` is visible as an adopter at the
/// end of month `month`.
pub fn visible_adopter(adopted: u32, month: u32, delay: u32) -> bool {
    month >= adopted.saturating_add(delay)
}

/// How many of `n` peers are seen when each is seen with probability `density`: exact
/// Bernoulli draws for up to 64 peers, above that the normal approximation to the binomial
/// (rounded, within 0..=n), so that the cost does not grow with the number of peers.
pub fn seen_count(rng: &mut Stream, n: u32, density: f64) -> u32 {
    if n == 0 || density <= 0.0 {
        return 0;
    }
    if density >= 1.0 {
        return n;
    }
    if n <= 64 {
        return (0..n).filter(|_| rng.chance(density)).count() as u32;
    }
    let mean = f64::from(n) * density;
    let sd = (mean * (1.0 - density)).sqrt();
    (mean + sd * rng.normal()).round().clamp(0.0, f64::from(n)) as u32
}

/// The gain an organisation sees: (mean performance of the adopters it sees − that of the
/// non-adopters it sees + noise × z) / |non-adopters' mean|, with z a standard normal draw;
/// 0 when it sees no adopter or no non-adopter (or their mean is 0).
pub fn seen_gain(adopters_mean: Option<f64>, others_mean: Option<f64>, noise: f64, z: f64) -> f64 {
    match (adopters_mean, others_mean) {
        (Some(a), Some(o)) if o != 0.0 && a.is_finite() && o.is_finite() => {
            (a - o + noise * z) / o.abs()
        }
        _ => 0.0,
    }
}

/// Whether an adopter may abandon this month: its trial (`trial_months` since it adopted)
/// is over and its performance has fallen below what it was when it adopted. It then
/// abandons with probability `abandon`.
pub fn may_abandon(rules: &AdoptionRules, months_since: u32, now: f64, at_adoption: f64) -> bool {
    rules.abandon > 0.0 && months_since >= rules.trial_months && now < at_adoption
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> AdoptionRules {
        AdoptionRules {
            innovation: 0.01,
            imitation: 0.2,
            cross_region_weight: 0.3,
            delay_months: 6,
            noise: 0.0,
            gain_weight: 5.0,
            gap_weight: 1.0,
            trial_months: 12,
            abandon: 0.02,
        }
    }

    #[test]
    fn the_probability_combines_its_terms() {
        let r = rules();
        let none = Signals {
            information: 1.0,
            ..Signals::default()
        };
        assert_eq!(adoption_probability(&r, &none), 0.01);
        let seen = Signals {
            visible_share: 0.5,
            seen_gain: 0.1,
            ..none
        };
        assert!((adoption_probability(&r, &seen) - (0.01 + 0.2 * 0.5 * 1.5)).abs() < 1e-12);
        let loss = Signals {
            seen_gain: -1.0,
            ..seen
        };
        assert_eq!(adoption_probability(&r, &loss), 0.01);
        assert_eq!(visibility_delay(&r, Some(2.0)), 3);
        assert_eq!(visibility_delay(&r, None), 6);
    }

    #[test]
    fn seen_counts_stay_within_the_group() {
        let mut rng = Stream::new(1, 0, 0, crate::ground::rng::Purpose::EconomyDecision, 0);
        for n in [0, 10, 100, 1000] {
            let k = seen_count(&mut rng, n, 0.3);
            assert!(k <= n);
        }
        assert_eq!(seen_count(&mut rng, 50, 1.0), 50);
    }
}

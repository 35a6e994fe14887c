//! Turnover and hiring (docs/ODD.md step 11, section 7.11): a floor of quits unrelated to
//! attitudes plus a proportional quit hazard driven by engagement, trust, the autonomy gap,
//! the labour market and tenure; vacancies filled at a rate set by the labour market. March's turnover p3 is this mechanism in the organisation model.

use super::beliefs::Beliefs;
use super::params::Parameters;
use super::real::{Real, exp};
use super::schedule::MonthInputs;
use super::state::{EmployeesMut, flag};
use crate::ground::rng::Stream;

/// Monthly base hazard λ0 from an annual quit rate: λ0 = −ln(1 − rate)/12.
#[inline]
pub fn monthly_base_hazard(annual_quit_rate: f64) -> f64 {
    -(1.0 - annual_quit_rate).ln() / 12.0
}

/// Monthly quit hazard λ = λ_u + λ0·exp(b_e(0.5 − e) + b_τ(0.5 − τ) + b_gap·max(0, d − a) +
/// b_market(tightness − 0.5) − b_tenure·min(tenure, T)/T), where λ_u is the monthly hazard
/// of quits unrelated to attitudes (`unrelated_quit_rate`).
#[inline]
pub fn quit_hazard(
    p: &Parameters,
    unrelated_hazard: f64,
    base_hazard: f64,
    engagement: f64,
    trust: f64,
    autonomy: f64,
    desired_autonomy: f64,
    tightness: f64,
    tenure_months: u32,
) -> f64 {
    hazard_with_exponent(
        unrelated_hazard,
        base_hazard,
        quit_exponent(
            p,
            engagement,
            trust,
            autonomy,
            desired_autonomy,
            tightness,
            tenure_months as f64,
        ),
    )
}

/// λ = λ_u + λ0·exp(x) for the exponent x of [`quit_exponent`] (with the exponential of
/// `super::real::exp`, which vector lanes compute exactly alike).
#[inline]
pub fn hazard_with_exponent<R: Real>(unrelated_hazard: f64, base_hazard: R, exponent: R) -> R {
    base_hazard * exp(exponent) + unrelated_hazard
}

/// The exponent x of the quit hazard λ = λ0·exp(x) (see [`quit_hazard`]).
#[inline]
pub fn quit_exponent<R: Real>(
    p: &Parameters,
    engagement: R,
    trust: R,
    autonomy: R,
    desired_autonomy: R,
    tightness: f64,
    tenure_months: R,
) -> R {
    let tenure = tenure_months.min(p.tenure_saturation_months) / p.tenure_saturation_months;
    engagement.subtracted_from(0.5) * p.b_engagement
        + trust.subtracted_from(0.5) * p.b_trust
        + (desired_autonomy - autonomy).max(0.0) * p.b_gap
        + p.b_market * (tightness - 0.5)
        - tenure * p.b_tenure
}

/// Monthly quit probability 1 − exp(−λ).
#[inline]
pub fn quit_probability(hazard: f64) -> f64 {
    -(-hazard).exp_m1()
}

/// Probability of quitting within a year at a constant monthly hazard λ: 1 − exp(−12·λ).
/// (1 − exp rather than exp_m1: a monthly metric needs no precision for tiny hazards, and
/// `super::real::exp` runs four employees at a time.)
#[inline]
pub fn one_year_quit_probability<R: Real>(hazard: R) -> R {
    exp(hazard * -12.0).subtracted_from(1.0)
}

/// Whether an employee with hazard λ quits, given a uniform draw `u` in [0, 1): u < 1 − exp(−λ).
/// Since 1 − exp(−λ) ≤ λ, a draw of at least λ never quits and the exponential is only needed
/// for the few draws below λ (same decision, a tenth of the cost).
#[inline]
pub fn quits(u: f64, hazard: f64) -> bool {
    u < hazard && u < quit_probability(hazard)
}

/// Monthly chance a vacancy is filled: 1/(vacancy_months·(1 + tightness)), at most 1.
#[inline]
pub fn fill_probability(p: &Parameters, tightness: f64) -> f64 {
    (1.0 / (p.vacancy_months * (1.0 + tightness))).min(1.0)
}

/// Fills slot `i` with a new employee: the group drawn by the groups' shares, control-averse
/// with the group's share, skill and desired autonomy from the group's normal distributions
/// (truncated to [0, 1]), trait-like trust and engagement propensities from normal
/// distributions around 0 (SDs `trait_sd_trust`, `trait_sd_engagement`), trust and engagement
/// at their hiring values plus the propensities (clamped to [0, 1]), autonomy at the month's
/// floor, voice 0.5, random beliefs, tenure 0, not adopted.
// `#[inline]` lets the engine's pass have its own copy: a call into another codegen unit
// costs the pass's loop about 6% more instructions, though hiring itself is rare.
#[inline]
pub fn hire(e: &mut EmployeesMut, i: usize, inputs: &MonthInputs, rng: &mut Stream) {
    let u = rng.uniform();
    let g = inputs
        .group_cumulative_share
        .iter()
        .position(|&c| u < c)
        .unwrap_or(0)
        .min(inputs.groups.len() - 1);
    let group = &inputs.groups[g];
    let averse = rng.chance(group.control_averse_share);
    e.flags[i] = flag::FILLED | if averse { flag::CONTROL_AVERSE } else { 0 };
    e.group[i] = g as u8;
    e.tenure_months[i] = 0;
    e.skill[i] = rng.unit_normal(group.skill_mean, group.skill_sd) as f32;
    e.desired_autonomy[i] =
        rng.unit_normal(group.desired_autonomy_mean, group.desired_autonomy_sd) as f32;
    let trust_propensity = inputs.p.trait_sd_trust * rng.normal();
    let engagement_propensity = inputs.p.trait_sd_engagement * rng.normal();
    e.trust_propensity[i] = trust_propensity as f32;
    e.engagement_propensity[i] = engagement_propensity as f32;
    e.trust[i] = (inputs.p.hire_trust + trust_propensity).clamp(0.0, 1.0) as f32;
    e.engagement[i] = (inputs.p.hire_engagement + engagement_propensity).clamp(0.0, 1.0) as f32;
    e.autonomy[i] = inputs.policy.autonomy_floor as f32;
    e.voice[i] = 0.5;
    e.set_beliefs(i, Beliefs::random(rng, inputs.dimensions));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quit_shortcut_decides_exactly_like_the_probability() {
        for hazard in [0.0, 0.001, 0.05, 0.7, 3.0] {
            let p = quit_probability(hazard);
            assert!(p <= hazard + 1e-15);
            for i in 0..10_000 {
                let u = i as f64 / 10_000.0;
                assert_eq!(quits(u, hazard), u < p, "u {u} hazard {hazard}");
            }
        }
    }

    #[test]
    fn base_hazard_reproduces_the_annual_rate() {
        let h = monthly_base_hazard(0.12);
        let stay_a_year = (-12.0 * h).exp();
        assert!((1.0 - stay_a_year - 0.12).abs() < 1e-12);
    }

    #[test]
    fn disengaged_distrusting_and_new_people_quit_more() {
        let p = Parameters::default();
        let h = monthly_base_hazard(0.12);
        let u = monthly_base_hazard(p.unrelated_quit_rate);
        let neutral = quit_hazard(&p, u, h, 0.5, 0.5, 0.5, 0.5, 0.5, 0);
        assert!(quit_hazard(&p, u, h, 0.2, 0.5, 0.5, 0.5, 0.5, 0) > neutral);
        assert!(quit_hazard(&p, u, h, 0.5, 0.2, 0.5, 0.5, 0.5, 0) > neutral);
        assert!(quit_hazard(&p, u, h, 0.5, 0.5, 0.2, 0.7, 0.5, 0) > neutral);
        assert!(quit_hazard(&p, u, h, 0.5, 0.5, 0.5, 0.5, 0.9, 0) > neutral);
        assert!(quit_hazard(&p, u, h, 0.5, 0.5, 0.5, 0.5, 0.5, 60) < neutral);
        assert!(fill_probability(&p, 0.9) < fill_probability(&p, 0.1));
        // The floor of quits unrelated to attitudes remains however good the attitudes.
        let best = quit_hazard(&p, u, h, 1.0, 1.0, 0.9, 0.5, 0.0, 60);
        assert!(best > u && best < neutral);
        assert!(one_year_quit_probability(best) > 0.0 && one_year_quit_probability(best) < 1.0);
    }
}

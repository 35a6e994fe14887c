//! Output of a filled slot (docs/ODD.md step 10, section 7.10).

use super::params::Parameters;
use super::real::Real;

/// Everything besides the employee's own state that shapes a month's output.
#[derive(Clone, Copy, Debug)]
pub struct WorkConditions<R = f64> {
    /// Share of working time spent in programmes, idea time and participation.
    pub time_away: R,
    /// Output multiplier of an adopted innovation is 1 + gain·s (0 when not adopted).
    pub innovation_gain: R,
}

/// y = s^σ·(1 + w_social·(h − h_ref))·(1 + gain·s)·(1 − time away)·onboarding, never below 0.
///
/// The social climate h = (w_e·e + w_k·k + w_f·f)/(w_e + w_k + w_f) is a weighted mean of
/// engagement e, alignment k and autonomy fit f = 0.5 + (a − a_floor)·(s − 0.5) (autonomy
/// beyond what control-style work grants pays off for the skilled and costs the unskilled;
/// a_floor is the parameter, not a floor raised by self-organising teams). The whole social
/// effect on output is the one elasticity w_social around the reference climate h_ref
/// (`social_reference`); with all three weights 0 the social term is 1.
#[inline]
pub fn output<R: Real>(
    p: &Parameters,
    skill: R,
    alignment: R,
    engagement: R,
    autonomy: R,
    tenure_months: R,
    work: &WorkConditions<R>,
) -> R {
    let onboarding = if p.onboarding_months <= 0.0 {
        R::splat(1.0)
    } else {
        (tenure_months / p.onboarding_months + 0.5).min(1.0)
    };
    // sqrt for the default exponent: powf is the single most expensive call in the step.
    let skill_term = if p.skill_exponent == 0.5 {
        skill.sqrt()
    } else {
        skill.powf(p.skill_exponent)
    };
    let y = skill_term
        * social_term(p, skill, alignment, engagement, autonomy)
        * (work.innovation_gain * skill + 1.0)
        * work.time_away.min(1.0).subtracted_from(1.0)
        * onboarding;
    y.max(0.0)
}

/// 1 + w_social·(h − h_ref), the social climate's effect on output (see [`output`]).
#[inline(always)]
pub fn social_term<R: Real>(
    p: &Parameters,
    skill: R,
    alignment: R,
    engagement: R,
    autonomy: R,
) -> R {
    let weights = p.h_weight_engagement + p.h_weight_alignment + p.h_weight_autonomy_fit;
    if weights <= 0.0 {
        return R::splat(1.0);
    }
    let fit = (autonomy - p.autonomy_floor) * (skill - 0.5) + 0.5;
    let h = (engagement * (p.h_weight_engagement / weights)
        + alignment * (p.h_weight_alignment / weights)
        + fit * (p.h_weight_autonomy_fit / weights))
        - p.social_reference;
    h * p.w_social + 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORK: WorkConditions = WorkConditions {
        time_away: 0.0,
        innovation_gain: 0.0,
    };

    #[test]
    fn autonomy_pays_off_for_the_skilled_and_hurts_the_unskilled() {
        let p = Parameters::default();
        let skilled_low = output(&p, 0.8, 0.7, 0.6, 0.15, 24.0, &WORK);
        let skilled_high = output(&p, 0.8, 0.7, 0.6, 0.8, 24.0, &WORK);
        let unskilled_low = output(&p, 0.2, 0.7, 0.6, 0.15, 24.0, &WORK);
        let unskilled_high = output(&p, 0.2, 0.7, 0.6, 0.8, 24.0, &WORK);
        assert!(skilled_high > skilled_low);
        assert!(unskilled_high < unskilled_low);
    }

    #[test]
    fn onboarding_time_away_and_innovation_scale_output() {
        let p = Parameters::default();
        let full = output(&p, 0.6, 0.7, 0.6, 0.3, 24.0, &WORK);
        assert!((output(&p, 0.6, 0.7, 0.6, 0.3, 0.0, &WORK) - 0.5 * full).abs() < 1e-12);
        let away = WorkConditions {
            time_away: 0.1,
            ..WORK
        };
        assert!((output(&p, 0.6, 0.7, 0.6, 0.3, 24.0, &away) - 0.9 * full).abs() < 1e-12);
        let adopted = WorkConditions {
            innovation_gain: 0.5,
            ..WORK
        };
        assert!((output(&p, 0.6, 0.7, 0.6, 0.3, 24.0, &adopted) - 1.3 * full).abs() < 1e-12);
    }
}

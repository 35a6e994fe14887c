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

/// y = s^σ·(α + (1 − α)·k)·(β + (1 − β)·e)·(1 + w_fit·(a − a_floor)·(s − 0.5))
///     ·(1 + gain·s)·(1 − time away)·onboarding, never below 0, where k is the employee's
/// alignment and a_floor is the parameter (not a floor raised by self-organising teams: the
/// term measures autonomy beyond what control-style work grants).
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
        * (alignment * (1.0 - p.alignment_base) + p.alignment_base)
        * (engagement * (1.0 - p.engagement_base) + p.engagement_base)
        * ((autonomy - p.autonomy_floor) * p.w_autonomy_fit * (skill - 0.5) + 1.0)
        * (work.innovation_gain * skill + 1.0)
        * work.time_away.min(1.0).subtracted_from(1.0)
        * onboarding;
    y.max(0.0)
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

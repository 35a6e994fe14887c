//! Growth by whole teams: an organisation opens or closes teams as its performance relative
//! to its sector and its sector's demand say, within its capacity and keeping one team.
//!
//! Owns the monthly growth rate, the accumulation of fractional teams into whole ones and the
//! exit rule. Pure functions; the engine applies the result to the organisation's slots.

use super::GrowthRules;

/// Most organisations an economy builds over `months` (those of month 0 and every entrant,
/// living or closed): 1.5 × the expected number without exits,
/// organisations × (1 + entry_rate)^months, rounded up; `organisations` without entry.
/// Entry stops when the count reaches it, so the memory estimate can count on it.
pub fn max_organisations(rules: &GrowthRules, organisations: u32, months: u32) -> u32 {
    if rules.entry_rate <= 0.0 {
        return organisations;
    }
    let expected = f64::from(organisations) * (1.0 + rules.entry_rate).powf(f64::from(months));
    (1.5 * expected)
        .ceil()
        .clamp(f64::from(organisations), f64::from(u32::MAX)) as u32
}

/// Performance relative to the sector's mean: (own − mean) / |mean| (0 when the mean is 0).
pub fn relative_performance(own: f64, sector_mean: f64) -> f64 {
    if sector_mean == 0.0 || !own.is_finite() || !sector_mean.is_finite() {
        0.0
    } else {
        (own - sector_mean) / sector_mean.abs()
    }
}

/// The monthly growth rate of employment: performance_elasticity × relative performance +
/// the sector's demand growth.
pub fn growth_rate(rules: &GrowthRules, relative: f64, demand_growth: f64) -> f64 {
    rules.performance_elasticity * relative + demand_growth
}

/// Adds a month of growth at `rate` to the organisation's `pending` fractional teams (rate ×
/// open teams) and returns the whole teams to open (+1), close (−1) or 0. At most one team a
/// month; never above `capacity` nor below one open team. A blocked change keeps at most one
/// team pending, so that a firm at its bound reacts at once when the sign turns.
pub fn team_change(pending: &mut f64, rate: f64, open: u32, capacity: u32) -> i32 {
    *pending += rate * f64::from(open);
    if *pending >= 1.0 {
        if open < capacity {
            *pending -= 1.0;
            return 1;
        }
        *pending = 1.0;
    } else if *pending <= -1.0 {
        if open > 1 {
            *pending += 1.0;
            return -1;
        }
        *pending = -1.0;
    }
    0
}

/// Whether an organisation is small enough to face the exit draw: headcount below
/// `exit_below` × its employees at month 0, with a positive `exit_rate`.
pub fn exit_candidate(rules: &GrowthRules, headcount: u32, initial: u32) -> bool {
    rules.exit_rate > 0.0 && f64::from(headcount) < rules.exit_below * f64::from(initial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_follow_the_accumulated_rate_within_bounds() {
        let mut pending = 0.0;
        let changes: Vec<i32> = (0..4)
            .map(|_| team_change(&mut pending, 0.1, 4, 5))
            .collect();
        assert_eq!(changes, vec![0, 0, 1, 0]);
        let mut pending = 0.0;
        assert_eq!(team_change(&mut pending, 1.0, 5, 5), 0);
        assert_eq!(pending, 1.0);
        let mut pending = 0.0;
        assert_eq!(team_change(&mut pending, -1.0, 1, 5), 0);
        assert_eq!(team_change(&mut pending, -1.0, 2, 5), -1);
        assert!(relative_performance(1.1, 1.0) > 0.09);
    }

    #[test]
    fn entry_is_bounded_above_its_expected_growth() {
        let mut rules = GrowthRules {
            performance_elasticity: 0.01,
            headroom: 1.5,
            exit_rate: 0.0,
            exit_below: 0.5,
            entry_rate: 0.0,
        };
        assert_eq!(max_organisations(&rules, 100, 120), 100);
        rules.entry_rate = 0.01;
        let expected = 100.0 * 1.01f64.powi(120);
        let cap = f64::from(max_organisations(&rules, 100, 120));
        assert!(cap >= 1.5 * expected && cap < 1.5 * expected + 1.0, "{cap}");
        rules.entry_rate = 1.0;
        assert_eq!(max_organisations(&rules, 100, 1200), u32::MAX);
    }
}

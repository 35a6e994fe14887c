//! Firm sizes at month 0: the truncated Pareto draw, and teams and capacity from a size.
//!
//! Owns the inverse distribution function of the size draw, its mean (for memory estimates
//! and benchmarks), an organisation's teams and its capacity, and the categorical draw of a
//! sector or region from shares. Pure functions of a uniform number and the `FirmSizes`.

use super::FirmSizes;

/// Employees at month 0 for the uniform number `u` in [0, 1): the inverse distribution
/// function of a Pareto distribution of shape `tail` above `min_employees`, truncated at
/// `max_employees`: n = m (1 − u (1 − (m/M)^α))^(−1/α), rounded to whole employees.
pub fn pareto_size(sizes: &FirmSizes, u: f64) -> u32 {
    let m = f64::from(sizes.min_employees.max(1));
    let big = f64::from(sizes.max_employees.max(sizes.min_employees.max(1)));
    let alpha = sizes.tail;
    let kept = 1.0 - (m / big).powf(alpha);
    let n = m * (1.0 - u * kept).powf(-1.0 / alpha);
    (n.round() as u32).clamp(m as u32, big as u32)
}

/// Mean of the truncated Pareto size distribution (before rounding).
pub fn mean_size(sizes: &FirmSizes) -> f64 {
    let m = f64::from(sizes.min_employees.max(1));
    let big = f64::from(sizes.max_employees.max(sizes.min_employees.max(1)));
    let alpha = sizes.tail;
    if big <= m {
        return m;
    }
    let norm = 1.0 - (m / big).powf(alpha);
    let integral = if (alpha - 1.0).abs() < 1e-12 {
        m * (big / m).ln()
    } else {
        alpha * m.powf(alpha) * (big.powf(1.0 - alpha) - m.powf(1.0 - alpha)) / (1.0 - alpha)
    };
    integral / norm
}

/// Teams of an organisation of `employees` at month 0: max(1, round(n / team_size)).
pub fn teams_for(employees: u32, team_size: u32) -> u32 {
    ((f64::from(employees) / f64::from(team_size.max(1))).round() as u32).max(1)
}

/// Teams an organisation may grow into: ceil(teams × headroom), at least `teams`.
pub fn capacity_teams(teams: u32, headroom: f64) -> u32 {
    ((f64::from(teams) * headroom).ceil() as u32).max(teams)
}

/// The index chosen by the uniform number `u` from `shares` (in order, summing to about 1;
/// the last index takes any rounding remainder).
pub fn pick_by_share(shares: impl Iterator<Item = f64>, u: f64) -> usize {
    let mut acc = 0.0;
    let mut last = 0;
    for (i, share) in shares.enumerate() {
        acc += share;
        if u < acc {
            return i;
        }
        last = i;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_stay_in_range_and_the_mean_matches_draws() {
        let sizes = FirmSizes {
            min_employees: 10,
            max_employees: 2000,
            tail: 1.2,
        };
        assert_eq!(pareto_size(&sizes, 0.0), 10);
        assert!(pareto_size(&sizes, 0.999_999_9) <= 2000);
        let n = 200_000;
        let mean = (0..n)
            .map(|k| f64::from(pareto_size(&sizes, (k as f64 + 0.5) / n as f64)))
            .sum::<f64>()
            / n as f64;
        assert!((mean - mean_size(&sizes)).abs() < 0.02 * mean, "{mean}");
    }

    #[test]
    fn teams_and_capacity() {
        assert_eq!(teams_for(3, 10), 1);
        assert_eq!(teams_for(26, 10), 3);
        assert_eq!(capacity_teams(3, 1.5), 5);
        assert_eq!(pick_by_share([0.25, 0.75].into_iter(), 0.3), 1);
        assert_eq!(pick_by_share([0.25, 0.75].into_iter(), 0.1), 0);
    }
}

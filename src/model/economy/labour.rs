//! The regional labour market: how tight a region is given its pool of job seekers and its
//! vacancies.
//!
//! Owns the tightness rule. The pool itself (who joins, who leaves, which member a hire is)
//! is kept and drawn by the engine on the economy's labour streams; this is the formula.

use super::LabourMarket;

/// The region's tightness next month: its tightness at month 0 moved by
/// `tightness_response` × (vacancies − pool) / (vacancies + pool), within 0–1. Equal pool
/// and vacancies (or neither) leave it at `base`; a pool larger than the vacancies loosens
/// the market, fewer job seekers than vacancies tighten it.
pub fn tightness(labour: &LabourMarket, base: f64, pool: u32, vacancies: u32) -> f64 {
    let (pool, vacancies) = (f64::from(pool), f64::from(vacancies));
    if pool + vacancies == 0.0 {
        return base;
    }
    (base + labour.tightness_response * (vacancies - pool) / (vacancies + pool)).clamp(0.0, 1.0)
}

/// The region a leaver from region `from` moves to, given `u` uniform in [0, 1): another
/// region, drawn in proportion to its vacancies; None when no other region has a vacancy.
pub fn destination(vacancies: &[u32], from: usize, u: f64) -> Option<usize> {
    let others: u64 = vacancies
        .iter()
        .enumerate()
        .filter(|&(r, _)| r != from)
        .map(|(_, &v)| u64::from(v))
        .sum();
    if others == 0 {
        return None;
    }
    let mut target = u * others as f64;
    for (r, &v) in vacancies.iter().enumerate() {
        if r == from || v == 0 {
            continue;
        }
        target -= f64::from(v);
        if target < 0.0 {
            return Some(r);
        }
    }
    // Rounding at the top end: the last region with a vacancy.
    (0..vacancies.len())
        .rev()
        .find(|&r| r != from && vacancies[r] > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_pool_loosens_the_market() {
        let labour = LabourMarket {
            stay_in_region: 0.8,
            pool_outflow: 0.05,
            tightness_response: 0.5,
            move_share: 0.5,
        };
        assert_eq!(tightness(&labour, 0.6, 0, 0), 0.6);
        assert!(tightness(&labour, 0.6, 100, 10) < 0.6);
        assert!(tightness(&labour, 0.6, 10, 100) > 0.6);
        assert!(tightness(&labour, 0.9, 0, 100) <= 1.0);
    }

    #[test]
    fn movers_go_to_other_regions_in_proportion_to_their_vacancies() {
        let vacancies = [50, 10, 30, 0];
        let mut counts = [0u32; 4];
        for i in 0..4000 {
            let r = destination(&vacancies, 0, (f64::from(i) + 0.5) / 4000.0).unwrap();
            counts[r] += 1;
        }
        assert_eq!(counts, [0, 1000, 3000, 0]);
        assert_eq!(destination(&[5, 0, 0], 0, 0.3), None);
        assert_eq!(destination(&[5, 0, 2], 0, 0.999_999_999), Some(2));
    }
}

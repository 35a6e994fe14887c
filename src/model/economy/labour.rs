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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_pool_loosens_the_market() {
        let labour = LabourMarket {
            stay_in_region: 0.8,
            pool_outflow: 0.05,
            tightness_response: 0.5,
        };
        assert_eq!(tightness(&labour, 0.6, 0, 0), 0.6);
        assert!(tightness(&labour, 0.6, 100, 10) < 0.6);
        assert!(tightness(&labour, 0.6, 10, 100) > 0.6);
        assert!(tightness(&labour, 0.9, 0, 100) <= 1.0);
    }
}

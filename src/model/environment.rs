//! The market (docs/ODD.md step 1, section 7.1): turbulence flips reality bits, scheduled shocks flip many at
//! once. Returns the flipped dimensions; the caller applies them and records when each
//! dimension last changed.

use crate::ground::rng::Stream;

/// Each of the `dimensions` bits flips with probability `turbulence`.
pub fn turbulence_flips(rng: &mut Stream, dimensions: u32, turbulence: f64) -> u64 {
    let mut flips = 0;
    if turbulence > 0.0 {
        for d in 0..dimensions {
            if rng.chance(turbulence) {
                flips |= 1u64 << d;
            }
        }
    }
    flips
}

/// round(severity·m) distinct random bits (partial Fisher–Yates over the dimensions).
pub fn shock_flips(rng: &mut Stream, dimensions: u32, severity: f64) -> u64 {
    let count = ((severity * dimensions as f64).round() as u32).min(dimensions);
    let mut order: [u8; 64] = std::array::from_fn(|i| i as u8);
    let mut flips = 0;
    for i in 0..count {
        let j = i + rng.below(dimensions - i);
        order.swap(i as usize, j as usize);
        flips |= 1u64 << order[i as usize];
    }
    flips
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::rng::Purpose;

    #[test]
    fn a_shock_flips_exactly_round_severity_times_m_bits() {
        let mut rng = Stream::new(1, 0, 0, Purpose::Organisation, 0);
        for severity in [0.0, 0.1, 0.33, 0.5, 1.0] {
            let flips = shock_flips(&mut rng, 30, severity);
            assert_eq!(flips.count_ones(), (severity * 30.0_f64).round() as u32);
            assert_eq!(flips >> 30, 0);
        }
    }

    #[test]
    fn turbulence_flips_each_bit_at_its_rate() {
        let mut rng = Stream::new(2, 0, 0, Purpose::Organisation, 0);
        let total: u32 = (0..2000)
            .map(|_| turbulence_flips(&mut rng, 50, 0.1).count_ones())
            .sum();
        let rate = total as f64 / (2000.0 * 50.0);
        assert!((rate - 0.1).abs() < 0.005, "{rate}");
        assert_eq!(turbulence_flips(&mut rng, 50, 0.0), 0);
    }
}

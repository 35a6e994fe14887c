//! The numbers the mechanisms compute with: one `f64`, or several employees' values at once.
//!
//! Owns the `Real` trait: the arithmetic the float mechanisms (autonomy, trust, engagement,
//! skill, output, the quit exponent) use, so that each is written once and the engine can run
//! it on one employee (`f64`) or on a vector of employees (see `crate::engine::lanes`).
//! Every implementation must round each operation exactly as `f64` does — that is what keeps
//! results identical whichever the engine uses. Does not own any model logic.

use std::ops::{Add, Div, Mul, Sub};

/// A real number, or a vector of them computed lane by lane with `f64` rounding.
///
/// Formulas put the `Real` on the left of mixed operations (`x * p.rate`, not `p.rate * x`):
/// IEEE addition and multiplication are commutative, so this is the same value. Subtracting
/// from a constant is `x.subtracted_from(c)`.
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// Per-lane truth values (`bool` for `f64`).
    type Mask: Copy;
    /// `x` in every lane.
    fn splat(x: f64) -> Self;
    /// `x - self`.
    fn subtracted_from(self, x: f64) -> Self;
    /// The larger of the two (as `f64::max` for numbers; NaN never occurs in the model).
    fn max(self, other: f64) -> Self;
    /// The smaller of the two (as `f64::min` for numbers).
    fn min(self, other: f64) -> Self;
    /// As `f64::clamp`.
    fn clamp(self, low: f64, high: f64) -> Self;
    fn sqrt(self) -> Self;
    fn powf(self, exponent: f64) -> Self;
    /// 2^k for `self` = k + [`ROUNDING_SHIFT`] with k an integer in [−1022, 1023]: the
    /// shifted form in which [`exp`] rounds (k sits in the low bits of the mantissa).
    fn pow2_of_shifted(self) -> Self;
    /// `self > other`, lane by lane.
    fn greater(self, other: Self) -> Self::Mask;
    /// `if mask { when_true } else { when_false }`, lane by lane.
    fn select(mask: Self::Mask, when_true: Self, when_false: Self) -> Self;
}

impl Real for f64 {
    type Mask = bool;
    #[inline(always)]
    fn splat(x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn subtracted_from(self, x: f64) -> f64 {
        x - self
    }
    #[inline(always)]
    fn max(self, other: f64) -> f64 {
        f64::max(self, other)
    }
    #[inline(always)]
    fn min(self, other: f64) -> f64 {
        f64::min(self, other)
    }
    #[inline(always)]
    fn clamp(self, low: f64, high: f64) -> f64 {
        f64::clamp(self, low, high)
    }
    #[inline(always)]
    fn sqrt(self) -> f64 {
        f64::sqrt(self)
    }
    #[inline(always)]
    fn powf(self, exponent: f64) -> f64 {
        f64::powf(self, exponent)
    }
    #[inline(always)]
    fn pow2_of_shifted(self) -> f64 {
        f64::from_bits(pow2_bits_of_shifted(self.to_bits()))
    }
    #[inline(always)]
    fn greater(self, other: f64) -> bool {
        self > other
    }
    #[inline(always)]
    fn select(mask: bool, when_true: f64, when_false: f64) -> f64 {
        // The engine's one-at-a-time lanes have their own branch-free select (`Scalar`).
        std::hint::select_unpredictable(mask, when_true, when_false)
    }
}

/// 1.5·2^52: adding it to |x| < 2^51 rounds x to the nearest integer (ties to even) and leaves
/// that integer in the low bits of the sum's mantissa.
pub const ROUNDING_SHIFT: f64 = 6_755_399_441_055_744.0;

/// The bits of 2^k from the bits of k + [`ROUNDING_SHIFT`] (see [`Real::pow2_of_shifted`]).
#[inline(always)]
pub fn pow2_bits_of_shifted(shifted_bits: u64) -> u64 {
    shifted_bits
        .wrapping_sub(ROUNDING_SHIFT.to_bits())
        .wrapping_add(1023)
        << 52
}

/// e^x from the four arithmetic operations alone, so that vector lanes compute exactly what
/// `f64` does (libm's `exp` has no vector twin that rounds the same). x is clamped to
/// [−700, 700]; e^x = 2^k·e^r with k = round(x/ln 2) and |r| ≤ ln 2/2 (Cody–Waite reduction),
/// e^r by its Taylor polynomial of degree 13 (truncation below 1e−17): a relative error of a
/// few units in the last place.
#[inline(always)]
pub fn exp<R: Real>(x: R) -> R {
    const LOG2_E: f64 = std::f64::consts::LOG2_E;
    // ln 2 split in two (fdlibm's ln2_hi, ln2_lo): k·LN2_HI is exact for the k used here.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let x = x.clamp(-700.0, 700.0);
    let shifted = x * LOG2_E + ROUNDING_SHIFT;
    let k = shifted - ROUNDING_SHIFT;
    let r = x - k * LN2_HI - k * LN2_LO;
    let mut p = r * (1.0 / 6_227_020_800.0) + 1.0 / 479_001_600.0;
    for c in [
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = p * r + c;
    }
    p * shifted.pow2_of_shifted()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portable_exponential_matches_libm_closely() {
        for i in 0..=200_000 {
            let x = -60.0 + 80.0 * i as f64 / 200_000.0;
            let (ours, libm) = (exp(x), x.exp());
            assert!(
                ((ours - libm) / libm).abs() < 4.0 * f64::EPSILON,
                "x {x}: {ours} vs {libm}"
            );
        }
        assert_eq!(exp(0.0), 1.0);
        assert!(exp(-1e9) > 0.0 && exp(-1e9) < 1e-300);
        assert!(exp(1e9).is_finite());
    }
}

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
    fn greater(self, other: f64) -> bool {
        self > other
    }
    #[inline(always)]
    fn select(mask: bool, when_true: f64, when_false: f64) -> f64 {
        // The engine's one-at-a-time lanes have their own branch-free select (`Scalar`).
        std::hint::select_unpredictable(mask, when_true, when_false)
    }
}

//! Several employees' numbers at once: loading a block's values into the `Real` numbers the
//! mechanisms compute with, and storing results back.
//!
//! Owns `Lanes` (a `Real` that can be loaded from and stored to the state's arrays) for
//! `Scalar` (one employee, an `f64` whose selects do not branch) and, on x86-64, `F64x4`
//! (four employees in one AVX register, defined in `super::cpu`'s private `avx` module so that
//! only `X86_64V3` can name it). Both round every operation exactly as `f64` does
//! (the same IEEE operations, one per lane, and nothing fused), so results do not depend on
//! which is used. Does not own any model logic.

use crate::model::real::Real;
use std::ops::{Add, Div, Mul, Sub};

/// A `Real` that holds consecutive employees' values (one for `Scalar`, four for `F64x4`).
pub(crate) trait Lanes: Real {
    fn load(values: &[f64], i: usize) -> Self;
    fn load_f32(values: &[f32], i: usize) -> Self;
    fn load_u16(values: &[u16], i: usize) -> Self;
    /// Lanes whose `flags` have `bit` set.
    fn flag(flags: &[u8], i: usize, bit: u8) -> Self::Mask;
    fn store(self, values: &mut [f64], i: usize);
    /// Stores the lanes where `mask` holds, rounded to f32 as `as f32` does.
    fn store_f32_where(self, mask: Self::Mask, values: &mut [f32], i: usize);
}

/// One employee's value, for the slots the pass takes one at a time: `f64` in every
/// operation, except that `select` is one conditional move. Selects here are coin flips per
/// employee (control aversion, trust rising or falling), which a branch would mispredict, and
/// LLVM turns every portable spelling of a float select (`select_unpredictable`, a 0/1
/// factor, a two-entry table) back into a branch on x86-64.
#[derive(Clone, Copy)]
pub(crate) struct Scalar(f64);

macro_rules! scalar_binary {
    ($trait:ident, $method:ident) => {
        impl $trait for Scalar {
            type Output = Scalar;
            #[inline(always)]
            fn $method(self, other: Scalar) -> Scalar {
                Scalar($trait::$method(self.0, other.0))
            }
        }
        impl $trait<f64> for Scalar {
            type Output = Scalar;
            #[inline(always)]
            fn $method(self, other: f64) -> Scalar {
                Scalar($trait::$method(self.0, other))
            }
        }
    };
}
scalar_binary!(Add, add);
scalar_binary!(Sub, sub);
scalar_binary!(Mul, mul);
scalar_binary!(Div, div);

impl Real for Scalar {
    type Mask = bool;
    #[inline(always)]
    fn splat(x: f64) -> Scalar {
        Scalar(x)
    }
    #[inline(always)]
    fn subtracted_from(self, x: f64) -> Scalar {
        Scalar(x - self.0)
    }
    #[inline(always)]
    fn max(self, other: f64) -> Scalar {
        Scalar(f64::max(self.0, other))
    }
    #[inline(always)]
    fn min(self, other: f64) -> Scalar {
        Scalar(f64::min(self.0, other))
    }
    #[inline(always)]
    fn clamp(self, low: f64, high: f64) -> Scalar {
        Scalar(f64::clamp(self.0, low, high))
    }
    #[inline(always)]
    fn pow2_of_shifted(self) -> Scalar {
        Scalar(self.0.pow2_of_shifted())
    }
    #[inline(always)]
    fn sqrt(self) -> Scalar {
        Scalar(f64::sqrt(self.0))
    }
    #[inline(always)]
    fn powf(self, exponent: f64) -> Scalar {
        Scalar(f64::powf(self.0, exponent))
    }
    #[inline(always)]
    fn greater(self, other: Scalar) -> bool {
        self.0 > other.0
    }
    #[inline(always)]
    fn select(mask: bool, when_true: Scalar, when_false: Scalar) -> Scalar {
        Scalar(select_f64(mask, when_true.0, when_false.0))
    }
}

/// `if condition { when_true } else { when_false }` without a branch: one `cmov` on x86-64.
#[inline(always)]
fn select_f64(condition: bool, when_true: f64, when_false: f64) -> f64 {
    #[cfg(target_arch = "x86_64")]
    {
        let mut bits = when_false.to_bits();
        // SAFETY: register-only instructions; no memory, stack or flags visible to Rust.
        unsafe {
            std::arch::asm!(
                "test {c}, {c}",
                "cmovnz {r}, {t}",
                c = in(reg) condition as u64,
                t = in(reg) when_true.to_bits(),
                r = inout(reg) bits,
                options(pure, nomem, nostack),
            );
        }
        f64::from_bits(bits)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        std::hint::select_unpredictable(condition, when_true, when_false)
    }
}

impl Lanes for Scalar {
    #[inline(always)]
    fn load(values: &[f64], i: usize) -> Scalar {
        Scalar(values[i])
    }
    #[inline(always)]
    fn load_f32(values: &[f32], i: usize) -> Scalar {
        Scalar(values[i] as f64)
    }
    #[inline(always)]
    fn load_u16(values: &[u16], i: usize) -> Scalar {
        Scalar(values[i] as f64)
    }
    #[inline(always)]
    fn flag(flags: &[u8], i: usize, bit: u8) -> bool {
        flags[i] & bit != 0
    }
    #[inline(always)]
    fn store(self, values: &mut [f64], i: usize) {
        values[i] = self.0;
    }
    #[inline(always)]
    fn store_f32_where(self, mask: bool, values: &mut [f32], i: usize) {
        if mask {
            values[i] = self.0 as f32;
        }
    }
}

//! Several employees' numbers at once: loading a block's values into the `Real` numbers the
//! mechanisms compute with, and storing results back.
//!
//! Owns `Lanes` (a `Real` that can be loaded from and stored to the state's arrays) for
//! `Scalar` (one employee, an `f64` whose selects do not branch) and, on x86-64, `F64x4`
//! (four employees in one AVX register). Both round every operation exactly as `f64` does
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

#[cfg(target_arch = "x86_64")]
pub(crate) use avx::F64x4;

#[cfg(target_arch = "x86_64")]
mod avx {
    //! SAFETY for every `unsafe` block below: `F64x4` is named in one place outside this
    //! file, as the `Wide` lanes of `super::super::cpu::X86_64V3`, so its operations run only
    //! in code generic over `Cpu` that was handed an `X86_64V3` — a value that exists only
    //! once AVX2 was detected. Loads and stores are bounds-checked through fixed-size array
    //! references.
    use super::Lanes;
    use crate::model::real::Real;
    use std::arch::x86_64::*;
    use std::ops::{Add, Div, Mul, Sub};

    /// Four `f64`s in an AVX register, one employee per lane.
    #[derive(Clone, Copy)]
    pub(crate) struct F64x4(__m256d);

    macro_rules! binary {
        ($trait:ident, $method:ident, $intrinsic:ident) => {
            impl $trait for F64x4 {
                type Output = F64x4;
                #[inline(always)]
                fn $method(self, other: F64x4) -> F64x4 {
                    F64x4(unsafe { $intrinsic(self.0, other.0) })
                }
            }
            impl $trait<f64> for F64x4 {
                type Output = F64x4;
                #[inline(always)]
                fn $method(self, other: f64) -> F64x4 {
                    self.$method(F64x4::splat(other))
                }
            }
        };
    }
    binary!(Add, add, _mm256_add_pd);
    binary!(Sub, sub, _mm256_sub_pd);
    binary!(Mul, mul, _mm256_mul_pd);
    binary!(Div, div, _mm256_div_pd);

    impl Real for F64x4 {
        /// All-ones lanes where true.
        type Mask = F64x4;
        #[inline(always)]
        fn splat(x: f64) -> F64x4 {
            F64x4(unsafe { _mm256_set1_pd(x) })
        }
        #[inline(always)]
        fn subtracted_from(self, x: f64) -> F64x4 {
            F64x4::splat(x) - self
        }
        #[inline(always)]
        fn max(self, other: f64) -> F64x4 {
            F64x4(unsafe { _mm256_max_pd(self.0, _mm256_set1_pd(other)) })
        }
        #[inline(always)]
        fn min(self, other: f64) -> F64x4 {
            F64x4(unsafe { _mm256_min_pd(self.0, _mm256_set1_pd(other)) })
        }
        #[inline(always)]
        fn clamp(self, low: f64, high: f64) -> F64x4 {
            // As f64::clamp: below `low` becomes `low`, then above `high` becomes `high`.
            let (low, high) = (F64x4::splat(low), F64x4::splat(high));
            let raised = F64x4::select(low.greater(self), low, self);
            F64x4::select(raised.greater(high), high, raised)
        }
        #[inline(always)]
        fn sqrt(self) -> F64x4 {
            F64x4(unsafe { _mm256_sqrt_pd(self.0) })
        }
        #[inline(always)]
        fn pow2_of_shifted(self) -> F64x4 {
            // As `pow2_bits_of_shifted`, lane by lane (64-bit integer lanes).
            let offset = 1023i64.wrapping_sub(crate::model::real::ROUNDING_SHIFT.to_bits() as i64);
            F64x4(unsafe {
                let bits =
                    _mm256_add_epi64(_mm256_castpd_si256(self.0), _mm256_set1_epi64x(offset));
                _mm256_castsi256_pd(_mm256_slli_epi64::<52>(bits))
            })
        }
        #[inline(always)]
        fn powf(self, exponent: f64) -> F64x4 {
            let mut lanes = [0.0; 4];
            unsafe { _mm256_storeu_pd(lanes.as_mut_ptr(), self.0) };
            F64x4::load(&lanes.map(|x| x.powf(exponent)), 0)
        }
        #[inline(always)]
        fn greater(self, other: F64x4) -> F64x4 {
            F64x4(unsafe { _mm256_cmp_pd::<_CMP_GT_OQ>(self.0, other.0) })
        }
        #[inline(always)]
        fn select(mask: F64x4, when_true: F64x4, when_false: F64x4) -> F64x4 {
            F64x4(unsafe { _mm256_blendv_pd(when_false.0, when_true.0, mask.0) })
        }
    }

    impl Lanes for F64x4 {
        #[inline(always)]
        fn load(values: &[f64], i: usize) -> F64x4 {
            let lanes: &[f64; 4] = values[i..i + 4].try_into().expect("four lanes");
            F64x4(unsafe { _mm256_loadu_pd(lanes.as_ptr()) })
        }
        #[inline(always)]
        fn load_f32(values: &[f32], i: usize) -> F64x4 {
            let lanes: &[f32; 4] = values[i..i + 4].try_into().expect("four lanes");
            F64x4(unsafe { _mm256_cvtps_pd(_mm_loadu_ps(lanes.as_ptr())) })
        }
        #[inline(always)]
        fn load_u16(values: &[u16], i: usize) -> F64x4 {
            let lanes: &[u16; 4] = values[i..i + 4].try_into().expect("four lanes");
            let bits = lanes
                .iter()
                .rev()
                .fold(0u64, |bits, &x| bits << 16 | x as u64);
            F64x4(unsafe { _mm256_cvtepi32_pd(_mm_cvtepu16_epi32(_mm_cvtsi64_si128(bits as i64))) })
        }
        #[inline(always)]
        fn flag(flags: &[u8], i: usize, bit: u8) -> F64x4 {
            let lanes: &[u8; 4] = flags[i..i + 4].try_into().expect("four lanes");
            let bytes = u32::from_le_bytes(*lanes);
            F64x4(unsafe {
                let wide = _mm256_cvtepu8_epi64(_mm_cvtsi32_si128(bytes as i32));
                let set = _mm256_and_si256(wide, _mm256_set1_epi64x(bit as i64));
                _mm256_castsi256_pd(_mm256_cmpgt_epi64(set, _mm256_setzero_si256()))
            })
        }
        #[inline(always)]
        fn store(self, values: &mut [f64], i: usize) {
            let lanes: &mut [f64; 4] = (&mut values[i..i + 4]).try_into().expect("four lanes");
            unsafe { _mm256_storeu_pd(lanes.as_mut_ptr(), self.0) };
        }
        #[inline(always)]
        fn store_f32_where(self, mask: F64x4, values: &mut [f32], i: usize) {
            let lanes: &mut [f32; 4] = (&mut values[i..i + 4]).try_into().expect("four lanes");
            unsafe {
                // Rounds to nearest, ties to even, as `as f32` does. The mask's all-ones lanes
                // become NaNs with the sign bit set, which is all `blendv` looks at.
                let rounded = _mm256_cvtpd_ps(self.0);
                let select = _mm256_cvtpd_ps(mask.0);
                let kept = _mm_loadu_ps(lanes.as_ptr());
                _mm_storeu_ps(lanes.as_mut_ptr(), _mm_blendv_ps(kept, rounded, select));
            }
        }
    }
}

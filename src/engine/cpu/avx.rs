//! Four employees in one AVX register: `F64x4`, the `Wide` lanes of `X86_64V3`.
//!
//! Owns the AVX2 arithmetic, loads and stores of the lanes; each rounds exactly as the `f64`
//! operation it stands for (see `crate::engine::lanes`). Does not own when they are used.
//!
//! SAFETY for every `unsafe` block below: this module is private to `super` (`cpu.rs`), so
//! `F64x4` cannot be named anywhere else in the crate; elsewhere it is only
//! `<X86_64V3 as Cpu>::Wide`, which the pass uses in code generic over `Cpu` that was handed
//! an `X86_64V3` — a value that exists only once AVX2 was detected. Loads and stores are
//! bounds-checked through fixed-size array references.
use crate::engine::lanes::Lanes;
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
            let bits = _mm256_add_epi64(_mm256_castpd_si256(self.0), _mm256_set1_epi64x(offset));
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

//! What the CPU running the pass can do, as types: `Portable` works on any CPU; on x86-64,
//! an `X86_64V3` value is the proof that AVX2, BMI1, BMI2 and LZCNT were detected, and only
//! `X86_64V3::detect` makes one.
//!
//! Owns the `Cpu` trait: the lanes the pass's float phases use (`Wide`) and socialisation's
//! draws, chosen by the type. Code that uses the AVX2 lanes (`F64x4`) or draws runs only with
//! an `X86_64V3` in hand, so their safety follows from the type rather than from where they
//! are called: `F64x4` lives in `avx`, a module private to this file, so the rest of the crate
//! can name it only as `<X86_64V3 as Cpu>::Wide`. Does not own the lanes' arithmetic
//! (`super::lanes`, `avx`) or the pass.

/// The AVX2 lanes, private to this file: they exist for `X86_64V3` alone.
#[cfg(target_arch = "x86_64")]
mod avx;

use crate::engine::lanes::{Lanes, Scalar};
use crate::ground::rng::Stream;
use crate::model::beliefs::{self, Beliefs};

/// A CPU the pass can run on.
pub(crate) trait Cpu: Copy {
    /// Employees computed side by side in the float phases.
    type Wide: Lanes;
    /// Employees in one `Wide`.
    const WIDTH: usize;
    /// `beliefs::socialise`, as fast as this CPU allows (identical results and stream
    /// position afterwards).
    fn socialise(self, beliefs: &mut Beliefs, code: Beliefs, rate: f64, rng: &mut Stream) -> bool;
}

/// Any CPU: one employee at a time.
#[derive(Clone, Copy)]
pub(crate) struct Portable;

impl Cpu for Portable {
    type Wide = Scalar;
    const WIDTH: usize = 1;
    #[inline(always)]
    fn socialise(self, beliefs: &mut Beliefs, code: Beliefs, rate: f64, rng: &mut Stream) -> bool {
        beliefs::socialise(beliefs, code, rate, rng)
    }
}

/// Proof that this x86-64 CPU has AVX2, BMI1, BMI2 and LZCNT (nearly all since 2015).
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
pub(crate) struct X86_64V3(());

#[cfg(target_arch = "x86_64")]
impl X86_64V3 {
    /// The proof, if this CPU has the features.
    pub(crate) fn detect() -> Option<X86_64V3> {
        let present = std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("bmi1")
            && std::is_x86_feature_detected!("bmi2")
            && std::is_x86_feature_detected!("lzcnt")
            && std::is_x86_feature_detected!("popcnt");
        present.then_some(X86_64V3(()))
    }
}

#[cfg(target_arch = "x86_64")]
impl Cpu for X86_64V3 {
    type Wide = avx::F64x4;
    const WIDTH: usize = 4;
    #[inline(always)]
    fn socialise(self, beliefs: &mut Beliefs, code: Beliefs, rate: f64, rng: &mut Stream) -> bool {
        // SAFETY: `self` exists, so the features were detected.
        unsafe { crate::engine::socialise::socialise_x86_64_v3(beliefs, code, rate, rng) }
    }
}

//! Socialisation's draws four at a time on CPUs with AVX2 and BMI2: the engine's fast copy of
//! `model::beliefs::socialise`, with the same draws, the same result and the same stream
//! position afterwards.
//!
//! Owns only that speed-up (`super::cpu` chooses it); the rule itself is the model's
//! (`crate::model::beliefs::socialise`).

use crate::ground::rng::Stream;
use crate::model::beliefs::Beliefs;

/// `socialise` for CPUs with AVX2 and BMI2: the same draws, compared four at a time, and
/// the successes scattered onto the differing dimensions with one `pdep`. Same result and
/// same stream position afterwards as `socialise`.
///
/// # Safety
/// The CPU must have AVX2 and BMI2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,popcnt")]
#[inline]
pub(crate) unsafe fn socialise_x86_64_v3(
    beliefs: &mut Beliefs,
    code: Beliefs,
    rate: f64,
    rng: &mut Stream,
) -> bool {
    let differing = beliefs.differs_from_code(code);
    if differing == 0 {
        return false;
    }
    // A rate of 0 draws nothing: a count of 0, which draws nothing and moves nothing.
    let count = if rate > 0.0 {
        differing.count_ones()
    } else {
        0
    };
    let threshold = (rate.min(1.0) * 4_294_967_296.0) as i64 as u64;
    // SAFETY: the caller guarantees AVX2 and BMI2.
    let successes = unsafe { rng.halves_below_x86_64_v3(count, threshold) };
    let moving = std::arch::x86_64::_pdep_u64(successes, differing);
    beliefs.step_toward_on(code, moving);
    moving != 0
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;
    use crate::engine::cpu::{Cpu, X86_64V3};
    use crate::ground::rng::Purpose;
    use crate::model::beliefs::{dimension_mask, socialise};

    fn rng() -> Stream {
        Stream::new(3, 0, 0, Purpose::Employee, 0)
    }

    #[test]
    fn the_avx2_socialisation_equals_the_portable_one() {
        let Some(cpu) = X86_64V3::detect() else {
            return;
        };
        let mut r = rng();
        for dimensions in [1, 2, 7, 8, 9, 30, 63, 64] {
            let mask = dimension_mask(dimensions);
            for k in 0..3000 {
                let code = Beliefs::random(&mut r, dimensions);
                let start = Beliefs::random(&mut r, dimensions);
                let rate = [0.0, 1e-9, 0.1, 0.5, 0.999_999, 1.0, 2.0][k % 7];
                let (mut a, mut b) = (start, start);
                let (mut stream_a, mut stream_b) = (r.clone(), r.clone());
                let changed_a = socialise(&mut a, code, rate, &mut stream_a);
                let changed_b = cpu.socialise(&mut b, code, rate, &mut stream_b);
                assert_eq!((a, changed_a), (b, changed_b), "{dimensions} {rate}");
                assert_eq!(a.known & !mask, 0);
                assert_eq!(stream_a.next_u64(), stream_b.next_u64(), "stream position");
                r.next_u64();
            }
        }
    }
}

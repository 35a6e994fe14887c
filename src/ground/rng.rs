//! Random streams: one small counter-based generator per (seed, replication, step, agent).
//!
//! Owns `Stream`, a SplitMix64 generator whose start state is a hash of its key, and the
//! purposes that keep different uses of randomness apart. Because every agent's stream is
//! derived from its key alone, results do not depend on which thread runs which agent or in
//! what order. Does not own any model logic.
//!
//! SplitMix64 (Steele, Lea & Flood 2014) passes BigCrush and its output is fixed by its
//! definition, so results stay stable across crate upgrades.

/// Which part of the model a stream serves; keeps streams for the same agent and step apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Initial state of an employee slot.
    InitEmployee = 1,
    /// Initial state of a manager.
    InitManager = 2,
    /// Initial state of the organisation (reality, code).
    InitOrganisation = 3,
    /// One employee slot in one step.
    Employee = 4,
    /// Organisation-level draws in one step (environment, interventions, code learning).
    Organisation = 5,
    /// A replication's draws of the scenario's uncertain inputs (`[uncertainty]`).
    Uncertainty = 6,
    /// An economy's organisation at month 0: its sector, region, size and own seed.
    EconomyOrganisation = 7,
    /// An economy's decisions about one organisation in one month (adoption, abandonment,
    /// visibility of peers, the seen gain's noise).
    EconomyDecision = 8,
    /// An economy's labour pool of one region in one month (who stays in the region, who
    /// leaves the pool, which pool member a hire is).
    EconomyLabour = 9,
    /// An economy's firm entry in one month (how many organisations enter).
    EconomyEntry = 10,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline(always)]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The streams of every agent for one (seed, replication, step, purpose): hashing that part
/// of the key once lets each agent's stream cost a single mix.
#[derive(Clone, Copy, Debug)]
pub struct StreamFamily {
    base: u64,
}

impl StreamFamily {
    #[inline]
    pub fn new(seed: u64, replication: u32, step: u32, purpose: Purpose) -> Self {
        let mut h = mix64(seed ^ GOLDEN_GAMMA);
        h = mix64(h ^ ((replication as u64) << 32 | step as u64));
        h = mix64(h ^ (purpose as u64).wrapping_mul(GOLDEN_GAMMA));
        Self { base: h }
    }

    /// The stream of `agent`.
    #[inline(always)]
    pub fn stream(self, agent: u64) -> Stream {
        Stream {
            state: mix64(self.base ^ agent),
        }
    }
}

/// A per-key random stream.
#[derive(Clone, Debug)]
pub struct Stream {
    state: u64,
}

impl Stream {
    /// The stream for `purpose` of `agent` in `step` of `replication` under `seed`.
    #[inline]
    pub fn new(seed: u64, replication: u32, step: u32, purpose: Purpose, agent: u64) -> Self {
        StreamFamily::new(seed, replication, step, purpose).stream(agent)
    }

    /// Next 64 random bits.
    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[inline(always)]
    pub fn uniform(&mut self) -> f64 {
        // Through i64: the value fits, and x86-64 converts signed integers in one instruction
        // (unsigned ones take several). Same value either way.
        ((self.next_u64() >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p` (p ≤ 0: never, p ≥ 1: always).
    #[inline(always)]
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-32 for our n).
    #[inline(always)]
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * n as u64) >> 32) as u32
    }

    /// Standard normal draw (Box–Muller, one value per call).
    // Not inlined: inlined into `unit_normal`'s rejection loop, LLVM computed all 32 tries'
    // ln and cos up front (they are pure), making every draw 15 times slower.
    #[inline(never)]
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // in (0, 1]
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Normal(mean, sd) truncated to [0, 1] by rejection (clamped after 32 tries, which only
    /// happens when almost all of the mass lies outside the interval).
    pub fn unit_normal(&mut self, mean: f64, sd: f64) -> f64 {
        if sd <= 0.0 {
            return mean.clamp(0.0, 1.0);
        }
        for _ in 0..32 {
            let x = mean + sd * self.normal();
            if (0.0..=1.0).contains(&x) {
                return x;
            }
        }
        mean.clamp(0.0, 1.0)
    }

    /// The next `count.div_ceil(2)` draws split into 32-bit halves (low half first), each
    /// half compared with `threshold` (`half < threshold`); bit k of the result is the k-th
    /// comparison, and bits from `count` on are 0. Advances the stream past those draws. The
    /// same bits as drawing them one at a time, computed four draws at a time in AVX2 (64-bit
    /// multiplies from 32-bit ones).
    ///
    /// # Safety
    /// The CPU must have AVX2 and BMI2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi2")]
    #[inline]
    pub unsafe fn halves_below_x86_64_v3(&mut self, count: u32, threshold: u64) -> u64 {
        use std::arch::x86_64::*;
        let draws = count.div_ceil(2) as u64;
        // `half < 2^32` always holds; the comparison below is on 32 bits.
        let always = 0u64.wrapping_sub((threshold >> 32 != 0) as u64);
        // Unsigned 32-bit comparison through the signed one: flip both top bits.
        let flipped_threshold = _mm256_set1_epi32((threshold as u32 ^ 0x8000_0000) as i32);
        let top_bit = _mm256_set1_epi32(0x8000_0000u32 as i32);
        let mul = |z: __m256i, constant: u64| {
            // Low 64 bits of z·constant: lo·lo + ((hi·lo + lo·hi) << 32).
            let low = _mm256_mul_epu32(z, _mm256_set1_epi64x(constant as i64));
            let high_times_low = _mm256_mul_epu32(
                _mm256_srli_epi64(z, 32),
                _mm256_set1_epi64x(constant as i64),
            );
            let low_times_high = _mm256_mul_epu32(z, _mm256_set1_epi64x((constant >> 32) as i64));
            _mm256_add_epi64(
                low,
                _mm256_slli_epi64(_mm256_add_epi64(high_times_low, low_times_high), 32),
            )
        };
        let step = GOLDEN_GAMMA;
        let mut counters = _mm256_setr_epi64x(
            self.state.wrapping_add(step) as i64,
            self.state.wrapping_add(step.wrapping_mul(2)) as i64,
            self.state.wrapping_add(step.wrapping_mul(3)) as i64,
            self.state.wrapping_add(step.wrapping_mul(4)) as i64,
        );
        let advance = _mm256_set1_epi64x(step.wrapping_mul(4) as i64);
        let mut bits = 0u64;
        // The first four draws are made whatever the count (most people need them, and a
        // branch on the count is one the CPU mispredicts); bits beyond the count are cleared.
        let mut done = 0;
        loop {
            let mut z = counters;
            z = mul(
                _mm256_xor_si256(z, _mm256_srli_epi64(z, 30)),
                0xBF58_476D_1CE4_E5B9,
            );
            z = mul(
                _mm256_xor_si256(z, _mm256_srli_epi64(z, 27)),
                0x94D0_49BB_1331_11EB,
            );
            z = _mm256_xor_si256(z, _mm256_srli_epi64(z, 31));
            let below = _mm256_cmpgt_epi32(flipped_threshold, _mm256_xor_si256(z, top_bit));
            let mask = _mm256_movemask_ps(_mm256_castsi256_ps(below)) as u8 as u64;
            bits |= mask << (2 * done);
            counters = _mm256_add_epi64(counters, advance);
            done += 4;
            if done >= draws {
                break;
            }
        }
        self.state = self.state.wrapping_add(step.wrapping_mul(draws));
        _bzhi_u64(bits | always, count)
    }

    /// A random mask over the low `dimensions` bits in which each bit is set with probability
    /// 1/2.
    #[inline(always)]
    pub fn coin_mask(&mut self, dimension_mask: u64) -> u64 {
        self.next_u64() & dimension_mask
    }
}

/// `rand_core`'s generator trait, so `rand_distr`'s samplers draw from a stream. `next_u64` is
/// the stream's own next draw (the inherent method, unchanged); `next_u32` is its high half;
/// bytes are filled from successive draws, little-endian. Infallible.
impl rand_core::TryRng for Stream {
    type Error = core::convert::Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((Stream::next_u64(self) >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(Stream::next_u64(self))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let bytes = Stream::next_u64(self).to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_with_the_same_key_agree_and_different_keys_differ() {
        let a: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Stream::new(1, 2, 3, Purpose::Employee, 4), |s, _| {
                Some(s.next_u64())
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Stream::new(1, 2, 3, Purpose::Employee, 4), |s, _| {
                Some(s.next_u64())
            })
            .collect();
        assert_eq!(a, b);
        let keys = [(2, 2, 3, 4), (1, 3, 3, 4), (1, 2, 4, 4), (1, 2, 3, 5)];
        for (seed, rep, step, agent) in keys {
            let mut s = Stream::new(seed, rep, step, Purpose::Employee, agent);
            assert_ne!(s.next_u64(), a[0]);
        }
        let mut other_purpose = Stream::new(1, 2, 3, Purpose::Organisation, 4);
        assert_ne!(other_purpose.next_u64(), a[0]);
    }

    #[test]
    fn uniform_mean_and_chance_frequency_are_right() {
        let mut s = Stream::new(7, 0, 0, Purpose::Employee, 0);
        let n = 200_000;
        let mean = (0..n).map(|_| s.uniform()).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.005, "{mean}");
        let hits = (0..n).filter(|_| s.chance(0.2)).count() as f64 / n as f64;
        assert!((hits - 0.2).abs() < 0.005, "{hits}");
        let below: Vec<u32> = (0..n).map(|_| s.below(3)).collect();
        for v in 0..3 {
            let share = below.iter().filter(|&&x| x == v).count() as f64 / n as f64;
            assert!((share - 1.0 / 3.0).abs() < 0.006, "{v}: {share}");
        }
    }

    #[test]
    fn normal_has_unit_variance_and_truncation_stays_in_range() {
        let mut s = Stream::new(9, 0, 0, Purpose::Employee, 0);
        let n = 100_000;
        let xs: Vec<f64> = (0..n).map(|_| s.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.02 && (var - 1.0).abs() < 0.03,
            "{mean} {var}"
        );
        for _ in 0..1000 {
            let x = s.unit_normal(0.9, 0.4);
            assert!((0.0..=1.0).contains(&x));
        }
    }

    #[test]
    fn the_rand_core_trait_gives_the_streams_own_draws() {
        use rand_core::Rng;
        let mut inherent = Stream::new(3, 1, 0, Purpose::Uncertainty, 2);
        let mut through_trait = inherent.clone();
        let want: Vec<u64> = (0..8).map(|_| inherent.next_u64()).collect();
        let got: Vec<u64> = (0..8).map(|_| Rng::next_u64(&mut through_trait)).collect();
        assert_eq!(want, got);
        assert_eq!(
            Rng::next_u32(&mut through_trait),
            (inherent.next_u64() >> 32) as u32
        );
        let mut bytes = [0u8; 12];
        through_trait.fill_bytes(&mut bytes);
        let first = inherent.next_u64().to_le_bytes();
        let second = inherent.next_u64().to_le_bytes();
        assert_eq!(bytes[..8], first);
        assert_eq!(bytes[8..], second[..4]);
    }
}

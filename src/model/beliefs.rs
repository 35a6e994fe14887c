//! Bit-packed beliefs on up to 64 binary dimensions (March 1991).
//!
//! Owns the encoding and the pure operations on it: acting, scoring, knowledge, one step of
//! socialisation toward the code, random beliefs. A belief vector is two `u64` masks: `known`
//! (the dimension has a belief) and `positive` (the belief is +1; always a subset of `known`).
//! Reality is a single mask of +1 dimensions. Does not own who holds the beliefs.

use super::params::Parameters;
use super::real::Real;
use crate::ground::rng::Stream;

/// A belief vector: +1 where `known & positive`, −1 where `known & !positive`, unknown elsewhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Beliefs {
    pub known: u64,
    pub positive: u64,
}

/// The mask of the low `dimensions` bits.
#[inline]
pub fn dimension_mask(dimensions: u32) -> u64 {
    if dimensions >= 64 {
        u64::MAX
    } else {
        (1u64 << dimensions) - 1
    }
}

impl Beliefs {
    /// Matches minus mismatches against `reality` (unknown counts 0).
    #[inline(always)]
    pub fn score(self, reality: u64) -> i32 {
        let wrong = (self.positive ^ reality) & self.known;
        let right = self.known & !wrong;
        right.count_ones() as i32 - wrong.count_ones() as i32
    }

    /// March's knowledge K = (matches − mismatches)/m.
    #[inline(always)]
    pub fn knowledge(self, reality: u64, dimensions: u32) -> f64 {
        self.score(reality) as f64 / dimensions as f64
    }

    /// The expected share of correct actions (1 + K)/2 (see [`alignment`]).
    #[inline(always)]
    pub fn alignment(self, reality: u64, dimensions: u32) -> f64 {
        alignment(self.score(reality) as f64, dimensions)
    }

    /// Actions on every dimension: the belief where there is one, a coin flip elsewhere.
    /// Returned as a mask of +1 actions.
    #[inline(always)]
    pub fn act(self, coins: u64, dimension_mask: u64) -> u64 {
        (self.positive | (coins & !self.known)) & dimension_mask
    }

    /// Dimensions where `code` holds a belief and `self` differs from it.
    #[inline(always)]
    pub fn differs_from_code(self, code: Beliefs) -> u64 {
        code.known & (!self.known | (self.positive ^ code.positive))
    }

    /// Moves the belief on `dimension` one step toward the code's value there:
    /// unknown → the code's value, opposite → unknown.
    #[inline(always)]
    pub fn step_toward(&mut self, code: Beliefs, dimension: u32) {
        let bit = 1u64 << dimension;
        if self.known & bit == 0 {
            self.known |= bit;
            self.positive |= code.positive & bit;
        } else {
            self.known &= !bit;
            self.positive &= !bit;
        }
    }

    /// `step_toward` on every dimension of `dimensions` at once (all must differ from the
    /// code, where the code holds a belief): unknown → the code's value, opposite → unknown.
    #[inline(always)]
    pub fn step_toward_on(&mut self, code: Beliefs, dimensions: u64) {
        let learn = dimensions & !self.known;
        let forget = dimensions & self.known;
        self.known = (self.known | learn) & !forget;
        self.positive = (self.positive & !forget) | (code.positive & learn);
    }

    /// Sets the belief on `dimension` to +1 (`positive`) or −1.
    #[inline(always)]
    pub fn set(&mut self, dimension: u32, positive: bool) {
        let bit = 1u64 << dimension;
        self.known |= bit;
        if positive {
            self.positive |= bit;
        } else {
            self.positive &= !bit;
        }
    }

    /// The belief on `dimension`: +1, −1 or 0.
    #[inline(always)]
    pub fn value(self, dimension: u32) -> i8 {
        let bit = 1u64 << dimension;
        if self.known & bit == 0 {
            0
        } else if self.positive & bit != 0 {
            1
        } else {
            -1
        }
    }

    /// Each dimension independently +1, −1 or unknown with probability 1/3 each.
    pub fn random(rng: &mut Stream, dimensions: u32) -> Beliefs {
        let mut beliefs = Beliefs::default();
        let mut d = 0;
        while d < dimensions {
            let word = rng.next_u64();
            for half in [word as u32, (word >> 32) as u32] {
                if d == dimensions {
                    break;
                }
                // Lemire's multiply-shift: (x·3) >> 32 is uniform on {0, 1, 2} once the rare
                // biased low products (probability 2^-32) are redrawn.
                let mut product = half as u64 * 3;
                while product as u32 == 0 {
                    product = (rng.next_u64() as u32) as u64 * 3;
                }
                let value = product >> 32; // 0: unknown, 1: +1, 2: −1
                beliefs.known |= ((value != 0) as u64) << d;
                beliefs.positive |= ((value == 1) as u64) << d;
                d += 1;
            }
        }
        beliefs
    }
}

/// Alignment k = (1 + K)/2 from a belief score (matches − mismatches) on `dimensions`
/// dimensions, with K = score/m March's knowledge: the expected share of correct actions.
#[inline(always)]
pub fn alignment<R: Real>(score: R, dimensions: u32) -> R {
    (score / dimensions as f64 + 1.0) * 0.5
}

/// The score of a vector of actions (a mask of +1 actions): m − 2·(actions ≠ reality).
#[inline(always)]
pub fn action_score(actions: u64, reality: u64, dimensions: u32, dimension_mask: u64) -> i32 {
    dimensions as i32 - 2 * ((actions ^ reality) & dimension_mask).count_ones() as i32
}

/// Socialisation rate of an employee with autonomy a: p1·(1 − autonomy_shield·a), p1 the
/// scenario's `knowledge.socialisation_rate`.
#[inline(always)]
pub fn socialisation_probability<R: Real>(p: &Parameters, autonomy: R, rate: f64) -> R {
    (autonomy * p.autonomy_shield).subtracted_from(1.0) * rate
}

/// Socialisation of one individual (docs/ODD.md section 7.7): on each dimension where the code holds a
/// belief and the individual differs, with probability `rate` the belief moves one step toward
/// the code. Returns whether anything changed.
#[inline]
pub fn socialise(beliefs: &mut Beliefs, code: Beliefs, rate: f64, rng: &mut Stream) -> bool {
    let mut differing = beliefs.differs_from_code(code);
    if rate <= 0.0 || differing == 0 {
        return false;
    }
    // One 32-bit uniform per differing dimension, two from each 64-bit draw: this loop is the
    // hottest in the step. Probabilities are resolved to 2^-32. The loop only collects the
    // dimensions that move; they move together afterwards, without a branch per dimension
    // (a success with probability ~0.1 is a branch the CPU mispredicts often).
    // Via i64 (one instruction on x86-64; the value is in [0, 2^32], so the same).
    let threshold = (rate.min(1.0) * 4_294_967_296.0) as i64 as u64;
    let mut moving = 0u64;
    while differing != 0 {
        let random = rng.next_u64();
        let d = differing.trailing_zeros();
        differing &= differing - 1;
        moving |= ((random & 0xFFFF_FFFF < threshold) as u64) << d;
        if differing == 0 {
            break;
        }
        let d = differing.trailing_zeros();
        differing &= differing - 1;
        moving |= (((random >> 32) < threshold) as u64) << d;
    }
    beliefs.step_toward_on(code, moving);
    moving != 0
}

/// Per-dimension tally of the superior group's actions (code learning, docs/ODD.md section 7.7).
///
/// The counts are bit-sliced: `planes[l]` holds bit l of every dimension's count, so adding
/// one action vector is a short ripple of 64-bit ANDs and XORs instead of 64 counter updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ActionTally {
    /// Number of superior individuals.
    pub members: u32,
    /// Bit l of plane l, dimension d: bit l of the number of +1 actions on dimension d.
    planes: [u64; 32],
}

impl ActionTally {
    /// Counts `actions` (a mask of +1 actions) when `include` is true; branch-free otherwise.
    #[inline(always)]
    pub fn add_if(&mut self, include: bool, actions: u64) {
        self.members += include as u32;
        let mut carry = actions & 0u64.wrapping_sub(include as u64);
        let mut level = 0;
        while carry != 0 && level < self.planes.len() {
            let overflow = self.planes[level] & carry;
            self.planes[level] ^= carry;
            carry = overflow;
            level += 1;
        }
    }

    #[inline(always)]
    pub fn add(&mut self, actions: u64) {
        self.add_if(true, actions);
    }

    /// Integer sums (bit-sliced ripple-carry addition): the combined tally does not depend on
    /// the order of merging.
    pub fn merge(&mut self, other: &ActionTally) {
        self.members += other.members;
        let mut carry = 0u64;
        for (a, &b) in self.planes.iter_mut().zip(other.planes.iter()) {
            let sum = *a ^ b ^ carry;
            carry = (*a & b) | (carry & (*a ^ b));
            *a = sum;
        }
    }

    /// How many members acted +1 on `dimension`.
    pub fn positive(&self, dimension: u32) -> u32 {
        self.planes
            .iter()
            .enumerate()
            .map(|(level, plane)| ((plane >> dimension & 1) as u32) << level)
            .sum()
    }

    /// Sum of actions (+1/−1) on `dimension`.
    #[inline]
    pub fn sum(&self, dimension: u32) -> i64 {
        2 * self.positive(dimension) as i64 - self.members as i64
    }
}

/// March's code learning: on each dimension where the superior group's majority action
/// differs from the code, the code adopts it with probability 1 − (1 − p)^k, k the size of the
/// majority's lead. `p` is p2 (times voice in the social model). Returns the number of
/// dimensions that changed.
pub fn learn_code(
    code: &mut Beliefs,
    tally: &ActionTally,
    dimensions: u32,
    p: f64,
    rng: &mut Stream,
) -> u32 {
    let mut changed = 0;
    if tally.members == 0 || p <= 0.0 {
        return 0;
    }
    for d in 0..dimensions {
        let sum = tally.sum(d);
        if sum == 0 {
            continue;
        }
        let majority_positive = sum > 0;
        if code.value(d) == if majority_positive { 1 } else { -1 } {
            continue;
        }
        let k = sum.unsigned_abs() as i32;
        let adopt = 1.0 - (1.0 - p).powi(k);
        if rng.chance(adopt) {
            code.set(d, majority_positive);
            changed += 1;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::rng::Purpose;

    fn rng() -> Stream {
        Stream::new(3, 0, 0, Purpose::Employee, 0)
    }

    #[test]
    fn score_counts_matches_minus_mismatches() {
        // dims 0..4: reality + + - -
        let reality = 0b0011;
        let b = Beliefs {
            known: 0b0111,
            positive: 0b0101,
        }; // +, -, +, unknown
        // d0 + vs + match; d1 - vs + mismatch; d2 + vs - mismatch; d3 unknown
        assert_eq!(b.score(reality), 1 - 2);
        assert_eq!(b.knowledge(reality, 4), -0.25);
    }

    #[test]
    fn act_uses_beliefs_where_known_and_coins_elsewhere() {
        let b = Beliefs {
            known: 0b0011,
            positive: 0b0001,
        };
        assert_eq!(b.act(0b1110, 0b1111), 0b1101);
        assert_eq!(b.act(0, 0b1111), 0b0001);
    }

    #[test]
    fn socialisation_moves_one_step_toward_the_code() {
        let code = Beliefs {
            known: 0b0111,
            positive: 0b0011,
        }; // + + - ?
        let mut b = Beliefs {
            known: 0b1110,
            positive: 0b1100,
        }; // ? - + +
        assert!(socialise(&mut b, code, 1.0, &mut rng()));
        // d0 unknown -> +; d1 - -> unknown; d2 + -> unknown; d3 code unknown: unchanged.
        assert_eq!(
            b,
            Beliefs {
                known: 0b1001,
                positive: 0b1001
            }
        );
        assert!(socialise(&mut b, code, 1.0, &mut rng()));
        assert_eq!(
            b,
            Beliefs {
                known: 0b1111,
                positive: 0b1011
            }
        );
        assert!(
            !socialise(&mut b, code, 1.0, &mut rng()),
            "agrees with the code now"
        );
        let mut untouched = Beliefs {
            known: 0,
            positive: 0,
        };
        assert!(!socialise(&mut untouched, code, 0.0, &mut rng()));
    }

    #[test]
    fn random_beliefs_are_uniform_over_three_values() {
        let mut r = rng();
        let mut counts = [0u32; 3];
        for _ in 0..3000 {
            let b = Beliefs::random(&mut r, 30);
            assert_eq!(b.positive & !b.known, 0);
            assert_eq!(b.known & !dimension_mask(30), 0);
            for d in 0..30 {
                counts[(b.value(d) + 1) as usize] += 1;
            }
        }
        for c in counts {
            let share = c as f64 / 90_000.0;
            assert!((share - 1.0 / 3.0).abs() < 0.01, "{counts:?}");
        }
    }

    #[test]
    fn code_learning_follows_the_majority_with_march_probability() {
        let mut tally = ActionTally::default();
        for _ in 0..3 {
            tally.add(0b01);
        }
        tally.add(0b10);
        // d0: 3 of 4 positive -> sum +2; d1: 1 of 4 positive -> sum -2.
        assert_eq!(tally.sum(0), 2);
        assert_eq!(tally.sum(1), -2);
        let mut code = Beliefs::default();
        assert_eq!(learn_code(&mut code, &tally, 2, 1.0, &mut rng()), 2);
        assert_eq!((code.value(0), code.value(1)), (1, -1));
        // Probability 1 - (1 - p)^k: with p = 0.3 and k = 2 about 51% of trials adopt.
        let mut r = rng();
        let trials = 20_000;
        let adopted = (0..trials)
            .filter(|_| {
                let mut c = Beliefs::default();
                learn_code(&mut c, &tally, 1, 0.3, &mut r) == 1
            })
            .count() as f64
            / trials as f64;
        assert!((adopted - 0.51).abs() < 0.015, "{adopted}");
    }

    #[test]
    fn bit_sliced_counts_equal_naive_counts() {
        let mut rng = rng();
        let mut tally = ActionTally::default();
        let mut naive = [0u32; 64];
        let mut members = 0;
        for i in 0..5000 {
            let actions = rng.next_u64();
            let include = i % 3 != 0;
            tally.add_if(include, actions);
            if include {
                members += 1;
                for (d, count) in naive.iter_mut().enumerate() {
                    *count += (actions >> d & 1) as u32;
                }
            }
        }
        assert_eq!(tally.members, members);
        for d in 0..64 {
            assert_eq!(tally.positive(d), naive[d as usize], "dimension {d}");
        }
    }

    #[test]
    fn merged_tallies_equal_one_big_tally() {
        let mut a = ActionTally::default();
        let mut b = ActionTally::default();
        let mut all = ActionTally::default();
        for x in [1u64, 7, 12, 99, 1 << 63] {
            all.add(x);
            if x % 2 == 0 { a.add(x) } else { b.add(x) }
        }
        a.merge(&b);
        assert_eq!(a, all);
    }
}

//! March's (1991) model of mutual learning alone (`knowledge.mode = "march1991"`).
//!
//! Owns one period of the original model on a population of individuals without teams or
//! social mechanisms: turnover (p3), turbulence (p4), acting, socialisation (p1, optionally
//! fast and slow learners) and code learning (p2, voice = 1), and the equilibrium test.
//! State is the same `OrgState` (one team of n individuals) so observation is shared.

use super::beliefs::{ActionTally, Beliefs, dimension_mask, learn_code, socialise};
use super::environment::turbulence_flips;
use super::state::{OrgState, flag};
use crate::ground::rng::{Purpose, Stream};
use crate::model::inputs::Knowledge;

/// Rates of one March period.
#[derive(Clone, Copy, Debug)]
pub struct MarchRates {
    pub slow_socialisation: f64,
    pub fast_socialisation: f64,
    pub code_learning: f64,
    pub turnover: f64,
    pub turbulence: f64,
}

impl MarchRates {
    /// Homogeneous populations use `socialisation_rate` for everyone.
    pub fn from_knowledge(k: &Knowledge, turbulence: f64) -> Self {
        let heterogeneous = k.fast_learner_share > 0.0;
        MarchRates {
            slow_socialisation: if heterogeneous {
                k.slow_socialisation_rate
            } else {
                k.socialisation_rate
            },
            fast_socialisation: if heterogeneous {
                k.fast_socialisation_rate
            } else {
                k.socialisation_rate
            },
            code_learning: k.code_learning_rate,
            turnover: k.turnover,
            turbulence,
        }
    }
}

/// What happened in one period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PeriodOutcome {
    pub replaced: u32,
    pub code_changes: u32,
    /// Mean individual alignment (1 + K)/2 after the period.
    pub mean_alignment: f64,
}

/// One period of March's model. `period` ≥ 1.
pub fn march_period(
    state: &mut OrgState,
    rates: &MarchRates,
    seed: u64,
    replication: u32,
    period: u32,
    tally: &mut ActionTally,
) -> PeriodOutcome {
    let dimensions = state.dimensions;
    let mask = dimension_mask(dimensions);
    let mut org_rng = Stream::new(seed, replication, period, Purpose::Organisation, 0);
    let mut outcome = PeriodOutcome::default();

    let flips = turbulence_flips(&mut org_rng, dimensions, rates.turbulence);
    state.reality ^= flips;
    for d in 0..dimensions as usize {
        if flips >> d & 1 == 1 {
            state.last_change[d] = period as i32;
        }
    }

    let code = state.code;
    let code_score = code.score(state.reality);
    *tally = ActionTally::default();
    let e = &mut state.employees;
    let mut alignment_sum = 0.0;
    for i in 0..e.flags.len() {
        let mut rng = Stream::new(seed, replication, period, Purpose::Employee, i as u64);
        let mut beliefs = Beliefs {
            known: e.belief_known[i],
            positive: e.belief_positive[i],
        };
        if rng.chance(rates.turnover) {
            beliefs = Beliefs::random(&mut rng, dimensions);
            outcome.replaced += 1;
        }
        let actions = beliefs.act(rng.coin_mask(mask), mask);
        let score = dimensions as i32 - 2 * ((actions ^ state.reality) & mask).count_ones() as i32;
        if score > code_score {
            tally.add(actions);
        }
        let rate = if e.flags[i] & flag::FAST_LEARNER != 0 {
            rates.fast_socialisation
        } else {
            rates.slow_socialisation
        };
        socialise(&mut beliefs, code, rate, &mut rng);
        e.belief_known[i] = beliefs.known;
        e.belief_positive[i] = beliefs.positive;
        alignment_sum += beliefs.alignment(state.reality, dimensions);
    }
    outcome.code_changes = learn_code(
        &mut state.code,
        tally,
        dimensions,
        rates.code_learning,
        &mut org_rng,
    );
    outcome.mean_alignment = alignment_sum / e.flags.len().max(1) as f64;
    state.month = period;
    outcome
}

/// True when nothing can change any more: no turnover or turbulence, the code holds a belief
/// on every dimension, and every individual agrees with it (so every action equals the code's,
/// nobody beats the code and socialisation has nothing left to do).
pub fn at_equilibrium(state: &OrgState, rates: &MarchRates) -> bool {
    if rates.turnover > 0.0 || rates.turbulence > 0.0 {
        return false;
    }
    let mask = dimension_mask(state.dimensions);
    let code = state.code;
    code.known & mask == mask
        && state
            .employees
            .belief_known
            .iter()
            .zip(&state.employees.belief_positive)
            .all(|(&k, &p)| k == code.known && p == code.positive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_with_a_complete_code_is_an_equilibrium() {
        let mut state = crate::engine::run::march_initial_state(5, 4, 0.0, 1, 0);
        let rates = MarchRates {
            slow_socialisation: 0.5,
            fast_socialisation: 0.5,
            code_learning: 0.5,
            turnover: 0.0,
            turbulence: 0.0,
        };
        state.code = Beliefs {
            known: 0b1111,
            positive: 0b0101,
        };
        for i in 0..5 {
            state.employees.belief_known[i] = 0b1111;
            state.employees.belief_positive[i] = 0b0101;
        }
        assert!(at_equilibrium(&state, &rates));
        let before = state.clone();
        let mut tally = ActionTally::default();
        march_period(&mut state, &rates, 1, 0, 1, &mut tally);
        assert_eq!(state.code, before.code);
        assert_eq!(state.employees, before.employees);
        state.employees.belief_known[2] = 0b0111;
        assert!(!at_equilibrium(&state, &rates));
        assert!(!at_equilibrium(
            &before,
            &MarchRates {
                turnover: 0.1,
                ..rates
            }
        ));
    }
}

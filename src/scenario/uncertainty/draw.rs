//! Drawing a replication's uncertain inputs and building that replication's scenario.
//!
//! Owns the draws: replication r of a scenario with seed s draws key k (the k-th of the
//! table, from 1) from the stream (s, r, step 0, `Purpose::Uncertainty`, k) and its posterior
//! set from stream 0 of the same family, through `rand_distr`'s samplers. A replication's
//! values therefore depend only on the seed, the replication and the table, never on
//! threads, shards or which other replications run. The replication's scenario is the
//! scenario's own text and overrides with the drawn values as further `--set` overrides,
//! loaded and checked like any other.

use super::super::diagnostics::ScenarioError;
use super::super::load::load_drawn;
use crate::ground::rng::{Purpose, Stream};
use crate::model::inputs::{Distribution, Scenario, Uncertainty};
use rand_distr::weighted::WeightedIndex;
use rand_distr::{Beta, Distribution as _, Normal, Triangular, Uniform};

/// Tries of the truncated normal before it gives the mean (clamped into the range). With the
/// mean in the range and `sd` at most `MAX_SD_WIDTHS` widths, a try lands inside with
/// probability above 0.039, so all of them miss with probability below 10^-17.
pub const MAX_NORMAL_TRIES: u32 = 1000;

/// One replication's drawn values.
#[derive(Clone, Debug, PartialEq)]
pub struct Draws {
    /// In `Uncertainty::drawn_keys` order.
    pub values: Vec<f64>,
    /// The posterior set drawn (its identifier in the file), if the scenario has one.
    pub set: Option<u64>,
}

/// A draw from `distribution` (rounded to an integer for an integer key).
pub fn sample(distribution: &Distribution, integer: bool, stream: &mut Stream) -> f64 {
    let x = match *distribution {
        Distribution::Uniform { low, high } => {
            Uniform::new(low, high).map_or(low, |d| d.sample(stream))
        }
        Distribution::Triangular { low, mode, high } => {
            Triangular::new(low, high, mode).map_or(mode, |d| d.sample(stream))
        }
        Distribution::Normal {
            mean,
            sd,
            low,
            high,
        } => match Normal::new(mean, sd) {
            Ok(d) => (0..MAX_NORMAL_TRIES)
                .map(|_| d.sample(stream))
                .find(|x| (low..=high).contains(x))
                .unwrap_or(mean.clamp(low, high)),
            Err(_) => mean.clamp(low, high),
        },
        Distribution::Beta { a, b, low, high } => {
            let u = Beta::new(a, b).map_or(0.5, |d| d.sample(stream));
            (low + (high - low) * u).clamp(low, high)
        }
    };
    if integer { x.round() } else { x }
}

/// The values replication `replication` of a scenario with `seed` draws.
pub fn draw(uncertainty: &Uncertainty, seed: u64, replication: u32) -> Draws {
    let stream = |k: u64| Stream::new(seed, replication, 0, Purpose::Uncertainty, k);
    let mut values = Vec::new();
    let mut set = None;
    if let Some(p) = &uncertainty.posterior {
        let mut s = stream(0);
        let row = match &p.weights {
            Some(w) => WeightedIndex::new(w.iter().copied()).map_or(0, |d| d.sample(&mut s)),
            None => Uniform::new(0, p.rows.len()).map_or(0, |d| d.sample(&mut s)),
        };
        values.extend_from_slice(&p.rows[row]);
        set = Some(p.ids[row]);
    }
    for (k, key) in uncertainty.keys.iter().enumerate() {
        values.push(sample(
            &key.distribution,
            key.integer,
            &mut stream(k as u64 + 1),
        ));
    }
    Draws { values, set }
}

/// `key=value` overrides of `draws`: integers as integers, floats with every digit.
pub fn overrides(uncertainty: &Uncertainty, draws: &Draws) -> Vec<String> {
    let posterior = uncertainty
        .posterior
        .iter()
        .flat_map(|p| p.keys.iter().map(|k| (k.as_str(), is_integer_key(k))));
    let keys = uncertainty.keys.iter().map(|k| (k.key.as_str(), k.integer));
    posterior
        .chain(keys)
        .zip(&draws.values)
        .map(|((key, integer), &x)| {
            if integer {
                format!("{key}={}", x as i64)
            } else {
                format!("{key}={x:?}")
            }
        })
        .collect()
}

fn is_integer_key(key: &str) -> bool {
    super::resolve(key).is_ok_and(|r| r.integer)
}

/// Replication `replication`'s scenario and draws: the scenario's source with the draws as
/// overrides, checked like any other scenario, with the scenario's seed and replications
/// (which a comparison may have set). `None` when the scenario has no uncertain input.
pub fn replication_scenario(
    scenario: &Scenario,
    replication: u32,
) -> Option<Result<(Scenario, Draws), ScenarioError>> {
    let u = &scenario.uncertainty;
    if u.is_empty() {
        return None;
    }
    let source = u.source.as_ref()?;
    let draws = draw(u, scenario.seed, replication);
    let mut all = source.overrides.clone();
    all.extend(overrides(u, &draws));
    Some(load_drawn(&source.name, &source.text, &all).map(|mut s| {
        s.seed = scenario.seed;
        s.replications = scenario.replications;
        s.name.clone_from(&scenario.name);
        (s, draws)
    }))
}

/// The first replication whose drawn values make the scenario invalid, with the error.
pub fn first_invalid_replication(scenario: &Scenario) -> Option<(u32, ScenarioError)> {
    (0..scenario.replications).find_map(|r| match replication_scenario(scenario, r)? {
        Ok(_) => None,
        Err(e) => Some((r, e)),
    })
}

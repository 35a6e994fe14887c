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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::stats::quantile_type7;

    const N: usize = 40_000;

    /// `N` draws of `d` from one stream with a fixed key.
    fn draws(d: Distribution, seed: u64) -> Vec<f64> {
        let mut s = Stream::new(seed, 0, 0, Purpose::Uncertainty, 1);
        (0..N).map(|_| sample(&d, false, &mut s)).collect()
    }

    /// Checks the sample mean and variance against the analytic ones within 5 standard
    /// errors (of the mean: sd/√n; of the variance: √((μ4 − σ⁴)/n), with μ4 given).
    fn check_moments(x: &[f64], mean: f64, var: f64, mu4: f64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let v = x.iter().map(|y| (y - m).powi(2)).sum::<f64>() / (n - 1.0);
        assert!(
            (m - mean).abs() < 5.0 * (var / n).sqrt(),
            "mean {m} vs {mean}"
        );
        let se_var = ((mu4 - var * var) / n).sqrt();
        assert!((v - var).abs() < 5.0 * se_var, "variance {v} vs {var}");
    }

    /// Checks the sample `p` quantile against the analytic `q` within 5 standard errors
    /// (√(p(1 − p)/n) / f(q), with the density `f` at q given).
    fn check_quantile(x: &[f64], p: f64, q: f64, density: f64) {
        let mut sorted = x.to_vec();
        sorted.sort_by(f64::total_cmp);
        let got = quantile_type7(&sorted, p);
        let se = (p * (1.0 - p) / x.len() as f64).sqrt() / density;
        assert!((got - q).abs() < 5.0 * se, "quantile {p}: {got} vs {q}");
    }

    #[test]
    fn uniform_draws_have_the_uniforms_moments_and_quantiles() {
        let (a, b) = (0.05, 0.5);
        let x = draws(Distribution::Uniform { low: a, high: b }, 1);
        let w = b - a;
        check_moments(&x, (a + b) / 2.0, w * w / 12.0, w.powi(4) / 80.0);
        for p in [0.05, 0.25, 0.5, 0.9] {
            check_quantile(&x, p, a + p * w, 1.0 / w);
        }
        assert!(x.iter().all(|v| (a..b).contains(v)));
    }

    #[test]
    fn triangular_draws_have_the_triangles_moments_and_median() {
        let (a, c, b) = (0.0, 0.2, 1.0);
        let x = draws(
            Distribution::Triangular {
                low: a,
                mode: c,
                high: b,
            },
            2,
        );
        let mean = (a + b + c) / 3.0;
        let var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
        // The fourth central moment of a triangular distribution is 2.4 σ⁴ (kurtosis 12/5).
        check_moments(&x, mean, var, 2.4 * var * var);
        // Median for c ≤ (a + b)/2: b − √((b − a)(b − c)/2); density there 2(b − q)/((b − a)(b − c)).
        let q = b - ((b - a) * (b - c) / 2.0).sqrt();
        check_quantile(&x, 0.5, q, 2.0 * (b - q) / ((b - a) * (b - c)));
    }

    #[test]
    fn truncated_normal_stays_in_range_and_matches_an_untruncated_one_far_from_the_bounds() {
        let inside = draws(
            Distribution::Normal {
                mean: 0.5,
                sd: 0.05,
                low: 0.0,
                high: 1.0,
            },
            3,
        );
        // Ten sds from either bound: the truncation removes nothing measurable.
        check_moments(&inside, 0.5, 0.0025, 3.0 * 0.0025f64.powi(2));
        check_quantile(
            &inside,
            0.5,
            0.5,
            1.0 / (0.05 * (std::f64::consts::TAU).sqrt()),
        );
        // 1.6449 sd above the mean: the 95% quantile.
        check_quantile(
            &inside,
            0.95,
            0.5 + 1.6448536269514722 * 0.05,
            (-0.5f64 * 1.6448536269514722f64.powi(2)).exp()
                / (0.05 * (std::f64::consts::TAU).sqrt()),
        );
        let edge = draws(
            Distribution::Normal {
                mean: 0.95,
                sd: 0.4,
                low: 0.0,
                high: 1.0,
            },
            4,
        );
        assert!(edge.iter().all(|v| (0.0..=1.0).contains(v)));
        // Truncated at both ends, the mean moves toward the middle of the range.
        let mean = edge.iter().sum::<f64>() / N as f64;
        assert!(mean < 0.95 && mean > 0.4, "{mean}");
    }

    #[test]
    fn beta_draws_are_scaled_to_their_range() {
        let (a, b, low, high) = (2.0, 5.0, 10.0, 30.0);
        let x = draws(Distribution::Beta { a, b, low, high }, 5);
        assert!(x.iter().all(|v| (low..=high).contains(v)));
        let w = high - low;
        let mean = a / (a + b);
        let var = a * b / ((a + b).powi(2) * (a + b + 1.0));
        // Fourth central moment of Beta(a, b): 3σ⁴(1 + excess/3), excess kurtosis
        // 6[(a − b)²(a + b + 1) − ab(a + b + 2)] / (ab(a + b + 2)(a + b + 3)).
        let excess = 6.0 * ((a - b).powi(2) * (a + b + 1.0) - a * b * (a + b + 2.0))
            / (a * b * (a + b + 2.0) * (a + b + 3.0));
        let mu4 = (3.0 + excess) * var * var;
        check_moments(&x, low + w * mean, w * w * var, w.powi(4) * mu4);
    }

    #[test]
    fn integer_keys_draw_whole_numbers_within_the_bounds() {
        let mut s = Stream::new(6, 0, 0, Purpose::Uncertainty, 1);
        let d = Distribution::Uniform {
            low: 2.0,
            high: 20.0,
        };
        for _ in 0..1000 {
            let x = sample(&d, true, &mut s);
            assert!(x.fract() == 0.0 && (2.0..=20.0).contains(&x), "{x}");
        }
    }
}

//! Global sensitivity estimators: Sobol' indices (first order, total, second order) and
//! Morris elementary-effect statistics, computed the way SALib computes them, with seeded
//! bootstrap intervals.
//!
//! Owns the estimators over outputs laid out as SALib lays out its samples, the Saltelli
//! layout of base samples (`saltelli_rows`), the Owen-scrambled Sobol' base samples
//! (`sobol_base_samples`) and the normal quantile the intervals use. Pure functions: no I/O,
//! no knowledge of sweeps, scenarios or metrics (the sweep designs and the command that
//! reads a finished sweep build on this).
//!
//! Sobol' layout (Saltelli order): for each base sample j, the rows A_j, AB_1j … AB_kj,
//! [BA_1j … BA_kj when second order], B_j; AB_i is A with column i taken from B, BA_i is B
//! with column i taken from A. Estimators, as SALib's `analyze.sobol`: the outputs are first
//! standardised over all rows (mean and population sd); V is the population variance of A
//! and B together; S1_i = mean(f(B)·(f(AB_i) − f(A))) / V (Saltelli et al. 2010);
//! ST_i = mean((f(A) − f(AB_i))²) / 2 / V (Jansen 1999); S2_ij = mean(f(BA_i)·f(AB_j) −
//! f(A)·f(B)) / V − S1_i − S1_j (Saltelli 2002). When A and B are all equal every index is 0.
//!
//! Morris layout: k + 1 consecutive rows per trajectory, each step changing exactly one
//! input. Elementary effects as SALib's `analyze.morris` (unscaled): the output change in
//! the direction the input moved, divided by the step Δ = levels / (2 (levels − 1)) in the
//! unit cube, whatever the input's range; mu is their mean, mu_star the mean of their
//! absolute values, sigma their sample sd (n − 1).
//!
//! Intervals: `resamples` bootstrap resamples (base samples for Sobol', shared by every
//! index as in SALib; trajectories for Morris, one set per input), each drawn from its own
//! `crate::ground::rng::Stream` keyed by the seed and the resample number, so results do not
//! depend on threads or on how many indices are asked for. Half-width = z · sd (n − 1) of the
//! resampled estimates with z = Φ⁻¹(0.5 + level / 2). SALib draws with NumPy, so intervals
//! agree with SALib's in distribution, not digit for digit; point estimates agree exactly.

use crate::ground::rng::{Purpose, Stream};
use std::fmt;

/// Stream "agent" id of bootstrap draws: no model agent or design sampler uses it.
const BOOTSTRAP_STREAM: u64 = u64::MAX - 3;

/// How bootstrap intervals are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples (at least 2).
    pub resamples: u32,
    /// Confidence level, strictly between 0 and 1 (SALib's default is 0.95).
    pub level: f64,
    /// Seed of the resampling streams.
    pub seed: u64,
}

impl Default for Bootstrap {
    /// SALib's defaults: 100 resamples at the 95% level.
    fn default() -> Self {
        Self {
            resamples: 100,
            level: 0.95,
            seed: 0,
        }
    }
}

/// One index: its point estimate and the half-width of its bootstrap interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub estimate: f64,
    /// Half-width (SALib's `*_conf`): the interval is estimate ± half_width.
    pub half_width: f64,
}

impl Estimate {
    pub fn low(&self) -> f64 {
        self.estimate - self.half_width
    }

    pub fn high(&self) -> f64 {
        self.estimate + self.half_width
    }
}

/// Sobol' indices of k inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct SobolIndices {
    /// First-order index of each input.
    pub s1: Vec<Estimate>,
    /// Total index of each input.
    pub st: Vec<Estimate>,
    /// Second-order index of each pair (i, j), i < j, in the order (0,1), (0,2) … (1,2) …;
    /// empty without second order.
    pub s2: Vec<((usize, usize), Estimate)>,
}

/// Morris statistics of one input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MorrisIndex {
    pub mu: f64,
    /// Mean absolute elementary effect, with its bootstrap half-width.
    pub mu_star: Estimate,
    pub sigma: f64,
}

/// Why indices cannot be computed from the given outputs.
#[derive(Clone, Debug, PartialEq)]
pub enum SensitivityError {
    /// No inputs.
    NoInputs,
    /// The number of outputs is not a whole number of blocks of the layout.
    Layout {
        outputs: usize,
        block: usize,
        what: &'static str,
    },
    /// Morris inputs and outputs disagree in length.
    InputsOutputs { input_values: usize, outputs: usize },
    /// A Morris step that does not change exactly one input, or a trajectory that does not
    /// move every input once.
    NotATrajectory { trajectory: usize, step: usize },
    /// Fewer than two Morris trajectories (no sd) or levels below 2.
    TooFew(&'static str),
    /// Resamples below 2 or a level outside (0, 1).
    Bootstrap(&'static str),
}

impl fmt::Display for SensitivityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoInputs => write!(f, "a sensitivity analysis needs at least one input"),
            Self::Layout {
                outputs,
                block,
                what,
            } => write!(
                f,
                "{outputs} outputs are not a whole number of {what} blocks of {block} rows; \
                 check that the design's inputs and second-order setting match the analysis"
            ),
            Self::InputsOutputs {
                input_values,
                outputs,
            } => write!(
                f,
                "{input_values} input values are not one row of k values for each of the {outputs} outputs"
            ),
            Self::NotATrajectory { trajectory, step } => write!(
                f,
                "step {step} of trajectory {trajectory} does not change exactly one input \
                 (or the trajectory does not move every input once); Morris needs k + 1 rows \
                 per trajectory as the Morris design lays them out"
            ),
            Self::TooFew(what) => write!(f, "too few {what}"),
            Self::Bootstrap(what) => write!(f, "bootstrap: {what}"),
        }
    }
}

impl std::error::Error for SensitivityError {}

fn check_bootstrap(bootstrap: &Bootstrap) -> Result<(), SensitivityError> {
    if bootstrap.resamples < 2 {
        return Err(SensitivityError::Bootstrap(
            "at least 2 resamples are needed",
        ));
    }
    if !(bootstrap.level > 0.0 && bootstrap.level < 1.0) {
        return Err(SensitivityError::Bootstrap(
            "the confidence level must lie strictly between 0 and 1",
        ));
    }
    Ok(())
}

/// Most inputs of Owen-scrambled Sobol' base samples (2k dimensions of `sobol_burley`).
pub const MAX_SOBOL_INPUTS: usize = sobol_burley::NUM_DIMENSIONS as usize / 2;

/// Most Owen-scrambled Sobol' base samples (`sobol_burley`'s sequence length).
pub const MAX_SOBOL_BASE_SAMPLES: u32 = 1 << 16;

/// Rows in one Saltelli block of k inputs.
pub fn saltelli_block(k: usize, second_order: bool) -> usize {
    if second_order { 2 * k + 2 } else { k + 2 }
}

/// The Saltelli rows of base samples `a` and `b` (row-major, k values per base sample), in
/// SALib's order: for each base sample A, AB_1 … AB_k, [BA_1 … BA_k], B. Row-major result.
pub fn saltelli_rows(a: &[f64], b: &[f64], k: usize, second_order: bool) -> Vec<f64> {
    assert!(k > 0 && a.len() == b.len() && a.len().is_multiple_of(k));
    let mut rows = Vec::with_capacity(a.len() * saltelli_block(k, second_order));
    for (a_row, b_row) in a.chunks_exact(k).zip(b.chunks_exact(k)) {
        rows.extend_from_slice(a_row);
        for i in 0..k {
            rows.extend(
                a_row
                    .iter()
                    .enumerate()
                    .map(|(c, &v)| if c == i { b_row[c] } else { v }),
            );
        }
        if second_order {
            for i in 0..k {
                rows.extend(
                    b_row
                        .iter()
                        .enumerate()
                        .map(|(c, &v)| if c == i { a_row[c] } else { v }),
                );
            }
        }
        rows.extend_from_slice(b_row);
    }
    rows
}

/// Base samples A and B (row-major, `n` × `k` each, in [0, 1)) from an Owen-scrambled
/// Sobol' sequence in 2k dimensions, as SALib's Sobol' sampler takes them: A is the first k
/// dimensions, B the last k. The scrambling is seeded (`sobol_burley`'s 32-bit seed is the
/// two halves of `seed` xored): the same seed gives the same points on every machine; the
/// unscrambled sequence SALib uses is not reproduced. The crate's points are `f32` (24-bit
/// resolution). At most [`MAX_SOBOL_INPUTS`] inputs and [`MAX_SOBOL_BASE_SAMPLES`] base
/// samples (the crate's 256 dimensions and 2^16 sequence length).
pub fn sobol_base_samples(n: u32, k: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    assert!(k > 0 && k <= MAX_SOBOL_INPUTS && n <= MAX_SOBOL_BASE_SAMPLES);
    let scramble = (seed ^ (seed >> 32)) as u32;
    let mut a = Vec::with_capacity(n as usize * k);
    let mut b = Vec::with_capacity(n as usize * k);
    for j in 0..n {
        for d in 0..k {
            a.push(sobol_burley::sample(j, d as u32, scramble) as f64);
        }
        for d in k..2 * k {
            b.push(sobol_burley::sample(j, d as u32, scramble) as f64);
        }
    }
    (a, b)
}

/// Stream "agent" id of Morris trajectory draws.
const MORRIS_STREAM: u64 = u64::MAX - 4;

/// Morris trajectories in the unit cube (row-major, k values per row, k + 1 rows per
/// trajectory), drawn as SALib's Morris sampler draws them (its optimised selection is
/// `super::morris_selection`): a start x* with each input on one of the grid levels
/// j / (levels − 1), j < levels / 2; a direction per input (up from x*, or down from x* + Δ); a random order
/// of the inputs; row m has the first m inputs of that order moved by Δ = levels /
/// (2 (levels − 1)). Each trajectory draws from its own stream (seed, trajectory), so
/// adding trajectories does not change the earlier ones. `levels` must be even and ≥ 2.
pub fn morris_rows(trajectories: u32, levels: u32, k: usize, seed: u64) -> Vec<f64> {
    assert!(k > 0 && levels >= 2 && levels.is_multiple_of(2));
    let delta = levels as f64 / (2.0 * (levels as f64 - 1.0));
    let mut rows = Vec::with_capacity(trajectories as usize * (k + 1) * k);
    for t in 0..trajectories {
        let mut stream = Stream::new(seed, 0, t, Purpose::Organisation, MORRIS_STREAM);
        let start: Vec<f64> = (0..k)
            .map(|_| stream.below(levels / 2) as f64 / (levels as f64 - 1.0))
            .collect();
        let up: Vec<bool> = (0..k).map(|_| stream.chance(0.5)).collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            order.swap(i, stream.below(i as u32 + 1) as usize);
        }
        // moved_at[i]: the row from which input i has moved.
        let mut moved_at = vec![0; k];
        for (position, &i) in order.iter().enumerate() {
            moved_at[i] = position + 1;
        }
        for m in 0..=k {
            rows.extend((0..k).map(|i| {
                let moved = m >= moved_at[i];
                start[i] + if moved == up[i] { delta } else { 0.0 }
            }));
        }
    }
    rows
}

/// The outputs of one Saltelli layout split into its columns (each of length N).
struct Columns {
    a: Vec<f64>,
    b: Vec<f64>,
    ab: Vec<Vec<f64>>,
    ba: Vec<Vec<f64>>,
}

fn mean(values: impl Iterator<Item = f64>, n: usize) -> f64 {
    values.sum::<f64>() / n as f64
}

/// Population variance of A and B together, or None when they are all equal.
fn variance_of(a: &[f64], b: &[f64]) -> Option<f64> {
    let all = || a.iter().chain(b.iter()).copied();
    let (lo, hi) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    if lo == hi {
        return None;
    }
    let n = a.len() + b.len();
    let m = mean(all(), n);
    Some(mean(all().map(|y| (y - m) * (y - m)), n))
}

impl Columns {
    fn first_order(&self, i: usize) -> f64 {
        let Some(v) = variance_of(&self.a, &self.b) else {
            return 0.0;
        };
        let n = self.a.len();
        let terms = (0..n).map(|j| self.b[j] * (self.ab[i][j] - self.a[j]));
        mean(terms, n) / v
    }

    fn total(&self, i: usize) -> f64 {
        let Some(v) = variance_of(&self.a, &self.b) else {
            return 0.0;
        };
        let n = self.a.len();
        let terms = (0..n).map(|j| (self.a[j] - self.ab[i][j]).powi(2));
        0.5 * mean(terms, n) / v
    }

    fn second_order(&self, i: usize, k: usize) -> f64 {
        let Some(v) = variance_of(&self.a, &self.b) else {
            return 0.0;
        };
        let n = self.a.len();
        let terms = (0..n).map(|j| self.ba[i][j] * self.ab[k][j] - self.a[j] * self.b[j]);
        mean(terms, n) / v - self.first_order(i) - self.first_order(k)
    }

    /// The columns of the base samples at `rows` (a bootstrap resample).
    fn resampled(&self, rows: &[usize]) -> Columns {
        let pick = |column: &Vec<f64>| rows.iter().map(|&r| column[r]).collect::<Vec<f64>>();
        Columns {
            a: pick(&self.a),
            b: pick(&self.b),
            ab: self.ab.iter().map(pick).collect(),
            ba: self.ba.iter().map(pick).collect(),
        }
    }
}

/// Bootstrap resample `r` of `n` items: n indices drawn with replacement from the stream of
/// (seed, slot, r).
fn resample_rows(bootstrap: &Bootstrap, slot: u32, r: u32, n: usize) -> Vec<usize> {
    let mut stream = Stream::new(
        bootstrap.seed,
        slot,
        r,
        Purpose::Organisation,
        BOOTSTRAP_STREAM,
    );
    (0..n).map(|_| stream.below(n as u32) as usize).collect()
}

/// Sample sd (n − 1).
fn sample_sd(values: &[f64]) -> f64 {
    let n = values.len();
    let m = mean(values.iter().copied(), n);
    (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1) as f64).sqrt()
}

/// Sobol' indices of `k` inputs from outputs `y` in Saltelli order (see the module doc).
pub fn sobol(
    y: &[f64],
    k: usize,
    second_order: bool,
    bootstrap: &Bootstrap,
) -> Result<SobolIndices, SensitivityError> {
    if k == 0 {
        return Err(SensitivityError::NoInputs);
    }
    check_bootstrap(bootstrap)?;
    let block = saltelli_block(k, second_order);
    if y.is_empty() || !y.len().is_multiple_of(block) {
        return Err(SensitivityError::Layout {
            outputs: y.len(),
            block,
            what: "Saltelli",
        });
    }
    let n = y.len() / block;
    // Standardised as SALib does before estimating (its mean and population sd).
    let m = mean(y.iter().copied(), y.len());
    let sd = mean(y.iter().map(|v| (v - m) * (v - m)), y.len()).sqrt();
    let scale = |v: f64| if sd > 0.0 { (v - m) / sd } else { v - m };
    let column = |offset: usize| (0..n).map(|j| scale(y[j * block + offset])).collect();
    let columns = Columns {
        a: column(0),
        b: column(block - 1),
        ab: (0..k).map(|i| column(1 + i)).collect(),
        ba: if second_order {
            (0..k).map(|i| column(1 + k + i)).collect()
        } else {
            Vec::new()
        },
    };
    let pairs: Vec<(usize, usize)> = if second_order {
        (0..k)
            .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
            .collect()
    } else {
        Vec::new()
    };
    let resamples: Vec<Columns> = (0..bootstrap.resamples)
        .map(|r| columns.resampled(&resample_rows(bootstrap, 0, r, n)))
        .collect();
    let z = normal_quantile(0.5 + bootstrap.level / 2.0);
    let constant = variance_of(&columns.a, &columns.b).is_none();
    let estimate = |f: &dyn Fn(&Columns) -> f64| {
        let spread: Vec<f64> = resamples.iter().map(f).collect();
        Estimate {
            estimate: f(&columns),
            half_width: if constant {
                0.0
            } else {
                z * sample_sd(&spread)
            },
        }
    };
    Ok(SobolIndices {
        s1: (0..k).map(|i| estimate(&|c| c.first_order(i))).collect(),
        st: (0..k).map(|i| estimate(&|c| c.total(i))).collect(),
        s2: pairs
            .into_iter()
            .map(|(i, j)| ((i, j), estimate(&|c| c.second_order(i, j))))
            .collect(),
    })
}

/// Morris statistics of `k` inputs from trajectory rows `x` (row-major, k values per row,
/// k + 1 rows per trajectory) and their outputs `y`, for a design on `levels` levels.
pub fn morris(
    x: &[f64],
    y: &[f64],
    k: usize,
    levels: u32,
    bootstrap: &Bootstrap,
) -> Result<Vec<MorrisIndex>, SensitivityError> {
    if k == 0 {
        return Err(SensitivityError::NoInputs);
    }
    check_bootstrap(bootstrap)?;
    if levels < 2 {
        return Err(SensitivityError::TooFew("levels (at least 2)"));
    }
    if x.len() != y.len() * k {
        return Err(SensitivityError::InputsOutputs {
            input_values: x.len(),
            outputs: y.len(),
        });
    }
    if y.is_empty() || !y.len().is_multiple_of(k + 1) {
        return Err(SensitivityError::Layout {
            outputs: y.len(),
            block: k + 1,
            what: "Morris trajectory",
        });
    }
    let trajectories = y.len() / (k + 1);
    if trajectories < 2 {
        return Err(SensitivityError::TooFew("trajectories (at least 2)"));
    }
    let delta = levels as f64 / (2.0 * (levels as f64 - 1.0));
    // effects[i][t]: the elementary effect of input i in trajectory t.
    let mut effects = vec![vec![f64::NAN; trajectories]; k];
    let rows_of = x.chunks_exact(k * (k + 1)).zip(y.chunks_exact(k + 1));
    for (t, (xs, ys)) in rows_of.enumerate() {
        for step in 0..k {
            let moved: Vec<(usize, f64)> = (0..k)
                .map(|i| (i, xs[(step + 1) * k + i] - xs[step * k + i]))
                .filter(|&(_, d)| d != 0.0)
                .collect();
            let not_a_trajectory = SensitivityError::NotATrajectory {
                trajectory: t,
                step,
            };
            let [(i, d)] = moved[..] else {
                return Err(not_a_trajectory);
            };
            if !effects[i][t].is_nan() {
                return Err(not_a_trajectory);
            }
            let change = ys[step + 1] - ys[step];
            effects[i][t] = if d > 0.0 { change } else { -change } / delta;
        }
    }
    let z = normal_quantile(0.5 + bootstrap.level / 2.0);
    Ok(effects
        .iter()
        .enumerate()
        .map(|(i, ee)| {
            let mu_star_of = |rows: &[usize]| mean(rows.iter().map(|&t| ee[t].abs()), rows.len());
            let spread: Vec<f64> = (0..bootstrap.resamples)
                .map(|r| mu_star_of(&resample_rows(bootstrap, 1 + i as u32, r, trajectories)))
                .collect();
            let all: Vec<usize> = (0..trajectories).collect();
            MorrisIndex {
                mu: mean(ee.iter().copied(), trajectories),
                mu_star: Estimate {
                    estimate: mu_star_of(&all),
                    half_width: z * sample_sd(&spread),
                },
                sigma: sample_sd(ee),
            }
        })
        .collect())
}

/// Φ⁻¹(p), the standard normal quantile, for 0 < p < 1: Acklam's rational approximation
/// (relative error below 1.2e-9) refined by one Halley step on Φ computed from [`erfc`],
/// which brings it to about 1e-15 (checked against SciPy in the SALib fixture test).
pub fn normal_quantile(p: f64) -> f64 {
    assert!(p > 0.0 && p < 1.0, "normal_quantile({p})");
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    const LOW: f64 = 0.02425;
    let x = if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // One Halley step: e = Φ(x) − p.
    let e = 0.5 * erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// The complementary error function: 1 − erf(x) by erf's Taylor series below 2, Lentz's
/// evaluation of its continued fraction above; both to about 1e-15.
fn erfc(x: f64) -> f64 {
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 2.0 {
        // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)).
        let mut term = x;
        let mut sum = x;
        let x2 = x * x;
        let mut n = 0.0;
        while term.abs() > 1e-17 * sum.abs() {
            n += 1.0;
            term *= -x2 / n;
            sum += term / (2.0 * n + 1.0);
        }
        1.0 - 2.0 / std::f64::consts::PI.sqrt() * sum
    } else {
        // Lentz's continued fraction: erfc(x) = e^(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))).
        let tiny = 1e-300;
        let mut f = x;
        let mut c = x;
        let mut d = 0.0;
        for n in 1..200 {
            let a = n as f64 / 2.0;
            d = x + a * d;
            d = if d == 0.0 { tiny } else { 1.0 / d };
            c = x + a / c;
            let delta = c * d;
            f *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (-x * x).exp() / std::f64::consts::PI.sqrt() / f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saltelli_rows_swap_one_column_each() {
        let rows = saltelli_rows(&[1.0, 2.0], &[10.0, 20.0], 2, true);
        let expected = [
            [1.0, 2.0],
            [10.0, 2.0],
            [1.0, 20.0],
            [1.0, 20.0],
            [10.0, 2.0],
            [10.0, 20.0],
        ];
        assert_eq!(rows, expected.concat());
        assert_eq!(saltelli_rows(&[1.0, 2.0], &[10.0, 20.0], 2, false).len(), 8);
    }

    #[test]
    fn layouts_that_do_not_fit_are_errors() {
        let b = Bootstrap::default();
        assert!(matches!(
            sobol(&[0.0; 7], 3, false, &b),
            Err(SensitivityError::Layout { .. })
        ));
        assert!(sobol(&[0.0; 9], 3, true, &b).is_err());
        let bad = Bootstrap { resamples: 1, ..b };
        assert!(sobol(&[0.0; 5], 3, false, &bad).is_err());
        // Two inputs changing in one step is not a Morris trajectory.
        let x = [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
        let y = [0.0; 6];
        assert!(matches!(
            morris(&x, &y, 2, 4, &b),
            Err(SensitivityError::NotATrajectory {
                trajectory: 0,
                step: 0
            })
        ));
    }

    #[test]
    fn morris_rows_recover_the_slopes_of_a_linear_function() {
        let (k, levels) = (4, 6);
        let x = morris_rows(20, levels, k, 3);
        assert!(x.iter().all(|v| (0.0..=1.0 + 1e-12).contains(v)));
        let slopes = [2.0, -1.0, 0.0, 0.5];
        let y: Vec<f64> = x
            .chunks_exact(k)
            .map(|r| r.iter().zip(slopes).map(|(x, c)| x * c).sum())
            .collect();
        let m = morris(&x, &y, k, levels, &Bootstrap::default()).unwrap();
        for (index, c) in m.iter().zip(slopes) {
            assert!(
                (index.mu - c).abs() < 1e-12 && (index.mu_star.estimate - c.abs()).abs() < 1e-12
            );
            assert!(index.sigma < 1e-12);
        }
        assert_eq!(x, morris_rows(20, levels, k, 3));
        assert_ne!(x, morris_rows(20, levels, k, 4));
    }

    #[test]
    fn constant_outputs_give_zero_indices() {
        let s = sobol(&[3.0; 10], 3, false, &Bootstrap::default()).unwrap();
        assert!(
            s.s1.iter()
                .chain(&s.st)
                .all(|e| e.estimate == 0.0 && e.half_width == 0.0)
        );
    }

    #[test]
    fn normal_quantile_is_symmetric_and_inverts_erfc() {
        for p in [1e-10, 1e-4, 0.01, 0.2, 0.5, 0.7, 0.975, 0.999] {
            let x = normal_quantile(p);
            // 1 − p is inexact far in the tail, where Φ⁻¹ is steep: symmetry only above 1e-4.
            if p >= 1e-4 {
                assert!((x + normal_quantile(1.0 - p)).abs() < 1e-9, "{p}");
            }
            let back = 0.5 * erfc(-x / std::f64::consts::SQRT_2);
            assert!((back - p).abs() < 1e-14 * p.max(1e-3), "{p}: {back}");
        }
    }
}

//! Statistics over replications: running mean and sample sd, Student t 95% intervals, the
//! empirical quantiles of predictive intervals, the [`Statistic`] a replication's months
//! are reduced by, and the binomial upper tail (the quasi-p-values of scenario discovery).
//!
//! Owns the numbers; does not format or write them. Results depend only on the values and the
//! order they are added in, never on threads.
/// Welford's running mean and sum of squared deviations; NaN values are skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RunningStats {
    n: u64,
    mean: f64,
    m2: f64,
}

impl RunningStats {
    /// Adds one value; NaN (an empty value) is ignored.
    #[inline]
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Number of non-NaN values added.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Mean, sample sd and 95% CI of the values added so far.
    pub fn stats(&self) -> Stats {
        let n = self.n;
        let mean = if n == 0 { f64::NAN } else { self.mean };
        if n < 2 {
            return Stats {
                n,
                mean,
                sd: f64::NAN,
                ci_low: f64::NAN,
                ci_high: f64::NAN,
            };
        }
        let sd = (self.m2.max(0.0) / (n - 1) as f64).sqrt();
        let half = t_quantile_975(n - 1) * sd / (n as f64).sqrt();
        Stats {
            n,
            mean,
            sd,
            ci_low: mean - half,
            ci_high: mean + half,
        }
    }
}

/// Summary of one set of values. NaN marks an undefined field: `mean` when `n == 0`, `sd` and
/// the CI when `n < 2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    /// Number of non-NaN values.
    pub n: u64,
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1).
    pub sd: f64,
    /// mean − t(0.975, n − 1)·sd/√n.
    pub ci_low: f64,
    /// mean + t(0.975, n − 1)·sd/√n.
    pub ci_high: f64,
}

impl Stats {
    /// Summary of `values` (NaN skipped).
    pub fn of(values: impl IntoIterator<Item = f64>) -> Stats {
        let mut s = RunningStats::default();
        values.into_iter().for_each(|x| s.push(x));
        s.stats()
    }
}

/// t(0.975, df) for df = 1..=30 (exact to the digits shown).
const T975: [f64; 30] = [
    12.706204736174705,
    4.302652729749464,
    3.1824463052837095,
    2.7764451051977943,
    2.5705818356363155,
    2.44691185114497,
    2.3646242515927853,
    2.3060041352041667,
    2.2621571627982053,
    2.228138851986275,
    2.2009851600916397,
    2.178812829667229,
    2.1603686564627926,
    2.144786687917804,
    2.1314495455597755,
    2.1199052992212546,
    2.109815577833317,
    2.1009220402410387,
    2.0930240544083096,
    2.085963447265865,
    2.0796138447276804,
    2.0738730679040263,
    2.0686576104190486,
    2.063898561628026,
    2.0595385527532977,
    2.055529438642873,
    2.0518305164802855,
    2.048407141795245,
    2.0452296421327043,
    2.042272456301238,
];

/// The standard normal 0.975 quantile.
const Z975: f64 = 1.959963984540054;

/// The 0.975 quantile of Student's t with `df` degrees of freedom (the factor of a two-sided
/// 95% interval). Exact table for df ≤ 30; beyond, the Cornish-Fisher expansion in 1/df to
/// fourth order (absolute error below 1e-7 for df > 30). NaN for df = 0.
pub fn t_quantile_975(df: u64) -> f64 {
    match df {
        0 => f64::NAN,
        1..=30 => T975[df as usize - 1],
        _ => {
            let z = Z975;
            let z2 = z * z;
            let v = df as f64;
            let g1 = z * (z2 + 1.0) / 4.0;
            let g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
            let g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
            let g4 =
                z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
            z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v
        }
    }
}

/// The default level of the predictive interval (`pi_low`, `pi_high`): where 90% of single
/// replications' values lie.
pub const DEFAULT_PREDICTION_LEVEL: f64 = 0.9;

/// The `p` quantile of `sorted` (ascending, no NaN) by linear interpolation between order
/// statistics: Hyndman and Fan's type 7, the default of numpy, R and Excel's
/// `PERCENTILE.INC`: with h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). NaN when
/// empty.
pub fn quantile_type7(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n => {
            let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// The predictive interval at `level` of `values` (NaN skipped): the type 7 quantiles at
/// (1 − level)/2 and (1 + level)/2. NaN, like the confidence interval, with fewer than two
/// values.
pub fn predictive_interval(values: &[f64], level: f64) -> (f64, f64) {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if sorted.len() < 2 {
        return (f64::NAN, f64::NAN);
    }
    sorted.sort_by(f64::total_cmp);
    (
        quantile_type7(&sorted, (1.0 - level) / 2.0),
        quantile_type7(&sorted, (1.0 + level) / 2.0),
    )
}

/// How a replication's months are reduced to one number per replication (a column of
/// `comparison.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Statistic {
    /// The value in the last month: the horizon, or the last month run when a replication
    /// stopped early (`until_equilibrium`).
    Horizon,
    /// The mean over months 1..=horizon (or the months run), empty (NaN) months skipped; NaN if
    /// all are empty.
    Average,
}

impl Statistic {
    /// Every statistic, in output order.
    pub const ALL: [Statistic; 2] = [Statistic::Horizon, Statistic::Average];

    /// Its name in `comparison.csv`: `horizon` or `average`.
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Horizon => "horizon",
            Statistic::Average => "average",
        }
    }

    /// The statistic named `name` in `comparison.csv`.
    pub fn from_name(name: &str) -> Option<Statistic> {
        Statistic::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// P(X ≥ k) for X ~ Binomial(n, p) (scipy's `binom.sf(k − 1, n, p)`), summed in log space
/// from the largest term outward.
pub fn binomial_upper_tail(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (ln_p, ln_q) = (p.ln(), (-p).ln_1p());
    let ln_n = ln_gamma(n as f64 + 1.0);
    let term = |j: u64| {
        ln_n - ln_gamma(j as f64 + 1.0) - ln_gamma((n - j) as f64 + 1.0)
            + j as f64 * ln_p
            + (n - j) as f64 * ln_q
    };
    let mode = (((n + 1) as f64 * p).floor() as u64).min(n);
    let top = mode.max(k);
    let top_term = term(top);
    let mut sum = 1.0;
    for j in (top + 1)..=n {
        let r = (term(j) - top_term).exp();
        sum += r;
        if r < 1e-18 * sum {
            break;
        }
    }
    for j in (k..top).rev() {
        let r = (term(j) - top_term).exp();
        sum += r;
        if r < 1e-18 * sum {
            break;
        }
    }
    (top_term.exp() * sum).min(1.0)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients: relative error about 1e-15).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_quantiles_are_numpys() {
        // numpy.quantile([1, 2, 3, 4, 10], [0, 0.05, 0.25, 0.5, 0.9, 1]) (method="linear").
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        for (p, want) in [
            (0.0, 1.0),
            (0.05, 1.2),
            (0.25, 2.0),
            (0.5, 3.0),
            (0.9, 7.6),
            (1.0, 10.0),
        ] {
            assert!((quantile_type7(&x, p) - want).abs() < 1e-12, "{p}");
        }
        assert!(quantile_type7(&[], 0.5).is_nan());
        let (lo, hi) = predictive_interval(&[10.0, f64::NAN, 1.0, 4.0, 2.0, 3.0], 0.9);
        assert!(
            (lo - 1.2).abs() < 1e-12 && (hi - 8.8).abs() < 1e-12,
            "{lo} {hi}"
        );
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn t_quantiles_match_known_values() {
        assert!(t_quantile_975(0).is_nan());
        assert!(close(t_quantile_975(1), 12.706, 5e-4));
        assert!(close(t_quantile_975(2), 4.303, 5e-4));
        assert!(close(t_quantile_975(10), 2.228, 5e-4));
        assert!(close(t_quantile_975(30), 2.042, 5e-4));
        assert!(close(t_quantile_975(100), 1.984, 5e-4));
        // Reference values computed to 17 digits with mpmath (inverse regularised beta).
        for (df, want) in [
            (31, 2.0395134463964086),
            (40, 2.0210753903062733),
            (60, 2.0002978220142604),
            (100, 1.9839715185235522),
            (120, 1.979930405082441),
            (1000, 1.9623390808264085),
        ] {
            let got = t_quantile_975(df);
            assert!(close(got, want, 1e-7), "df {df}: {got} vs {want}");
        }
        assert!(close(t_quantile_975(u64::MAX), Z975, 1e-12));
        // Decreasing in df, across the table/approximation boundary too.
        for df in 1..200 {
            assert!(t_quantile_975(df) > t_quantile_975(df + 1), "df {df}");
        }
    }

    #[test]
    fn table_values_are_quantiles() {
        // Independent check of the table: the t CDF at each entry, by Simpson's rule on the
        // density (substituting t = tan θ keeps the integrand smooth), is 0.975.
        fn ln_gamma_half(k: u64) -> f64 {
            // ln Γ(k/2) by recursion from Γ(1/2) = √π and Γ(1) = 1.
            let (mut x, mut acc) = if k.is_multiple_of(2) {
                (1.0, 0.0)
            } else {
                (0.5, 0.5 * std::f64::consts::PI.ln())
            };
            while x < k as f64 / 2.0 {
                acc += x.ln();
                x += 1.0;
            }
            acc
        }
        for df in 1..=30u64 {
            let v = df as f64;
            let c =
                (ln_gamma_half(df + 1) - ln_gamma_half(df) - 0.5 * (v * std::f64::consts::PI).ln())
                    .exp();
            // ∫_0^q f(t) dt = ∫_0^atan q f(tan θ) sec²θ dθ.
            let g = |th: f64| {
                let t = th.tan();
                let sec2 = 1.0 + t * t;
                c * (1.0 + t * t / v).powf(-(v + 1.0) / 2.0) * sec2
            };
            let b = T975[df as usize - 1].atan();
            let steps = 20_000;
            let h = b / steps as f64;
            let mut sum = g(0.0) + g(b);
            for i in 1..steps {
                sum += g(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
            }
            let cdf = 0.5 + sum * h / 3.0;
            assert!(close(cdf, 0.975, 1e-10), "df {df}: cdf {cdf}");
        }
    }

    #[test]
    fn stats_by_hand() {
        // 1,2,3,4: mean 2.5, sample variance 5/3, CI half-width t(0.975,3)·sd/2.
        let s = Stats::of([1.0, f64::NAN, 2.0, 3.0, 4.0]);
        assert_eq!(s.n, 4);
        assert!(close(s.mean, 2.5, 1e-15));
        let sd = (5.0f64 / 3.0).sqrt();
        assert!(close(s.sd, sd, 1e-15));
        let half = 3.1824463052837096 * sd / 2.0;
        assert!(close(s.ci_low, 2.5 - half, 1e-14));
        assert!(close(s.ci_high, 2.5 + half, 1e-14));

        let one = Stats::of([7.0]);
        assert_eq!((one.n, one.mean), (1, 7.0));
        assert!(one.sd.is_nan() && one.ci_low.is_nan() && one.ci_high.is_nan());

        let none = Stats::of([f64::NAN]);
        assert_eq!(none.n, 0);
        assert!(none.mean.is_nan() && none.sd.is_nan());

        let flat = Stats::of([0.1; 5]);
        assert_eq!(
            (flat.sd, flat.ci_low, flat.ci_high),
            (0.0, flat.mean, flat.mean)
        );
    }

    #[test]
    fn binomial_tail_matches_sums_of_the_probabilities() {
        // P(X ≥ 3), X ~ Bin(5, 0.5) = (10 + 5 + 1) / 32.
        assert!((binomial_upper_tail(3, 5, 0.5) - 0.5).abs() < 1e-14);
        // P(X ≥ 1), X ~ Bin(10, 0.1) = 1 − 0.9^10.
        let want = 1.0 - 0.9f64.powi(10);
        assert!((binomial_upper_tail(1, 10, 0.1) - want).abs() < 1e-14);
        // P(X ≥ 10), X ~ Bin(10, 0.3) = 0.3^10.
        let want = 0.3f64.powi(10);
        assert!((binomial_upper_tail(10, 10, 0.3) / want - 1.0).abs() < 1e-12);
        assert_eq!(binomial_upper_tail(0, 10, 0.3), 1.0);
        assert_eq!(binomial_upper_tail(11, 10, 0.3), 0.0);
        assert_eq!(binomial_upper_tail(4, 10, 1.0), 1.0);
    }
}

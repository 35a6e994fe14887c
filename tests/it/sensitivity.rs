//! Sensitivity estimators: exact agreement with SALib on a committed fixture
//! (`tests/fixtures/salib/`, made by its `make_*.py` scripts), and known answers (Ishigami, the
//! Sobol' G-function) on scrambled Sobol' points, within bootstrap intervals that shrink as
//! the base sample grows.

use orgsim::experiment::morris_selection::select_trajectories;
use orgsim::experiment::sensitivity::{
    Bootstrap, SobolIndices, morris, normal_quantile, saltelli_block, saltelli_rows, sobol,
    sobol_base_samples,
};
use serde_json::Value;
use std::f64::consts::PI;

const EXACT: f64 = 1e-9;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/salib/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn rows(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().flat_map(numbers).collect()
}

fn assert_close(ours: f64, theirs: f64, what: &str) {
    assert!(
        (ours - theirs).abs() <= EXACT,
        "{what}: orgsim {ours} SALib {theirs}"
    );
}

fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

/// SALib's Ishigami, checked on the fixture's own rows before anything relies on it.
#[test]
fn ishigami_here_is_salibs() {
    let f = fixture("sobol_first_order.json");
    let x = rows(&f["X"]);
    for (row, y) in x.chunks_exact(3).zip(numbers(&f["Y"])) {
        assert_close(ishigami(row), y, "Ishigami");
    }
}

fn check_sobol_against_salib(name: &str, second_order: bool) {
    let f = fixture(name);
    let k = 3;
    let y = numbers(&f["Y"]);
    let ours = sobol(&y, k, second_order, &Bootstrap::default()).unwrap();
    for (i, (s1, st)) in numbers(&f["S1"])
        .into_iter()
        .zip(numbers(&f["ST"]))
        .enumerate()
    {
        assert_close(ours.s1[i].estimate, s1, &format!("{name} S1[{i}]"));
        assert_close(ours.st[i].estimate, st, &format!("{name} ST[{i}]"));
    }
    if second_order {
        let theirs: Vec<f64> = f["S2"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(numbers)
            .collect();
        assert_eq!(ours.s2.len(), theirs.len());
        for (((i, j), e), s2) in ours.s2.iter().zip(theirs) {
            assert_close(e.estimate, s2, &format!("{name} S2[{i},{j}]"));
        }
    } else {
        assert!(ours.s2.is_empty());
    }
    // Intervals: a different random stream than NumPy's, so the same size, not the same digits.
    let theirs = numbers(&f["S1_conf"])
        .into_iter()
        .chain(numbers(&f["ST_conf"]));
    let ours_hw = ours.s1.iter().chain(&ours.st).map(|e| e.half_width);
    for (o, t) in ours_hw.zip(theirs) {
        assert!(
            o > 0.4 * t && o < 2.5 * t,
            "{name}: half-width {o} vs SALib {t}"
        );
    }
}

#[test]
fn sobol_point_estimates_equal_salibs_with_second_order() {
    check_sobol_against_salib("sobol_second_order.json", true);
}

#[test]
fn sobol_point_estimates_equal_salibs_without_second_order() {
    check_sobol_against_salib("sobol_first_order.json", false);
}

/// The Saltelli layout of SALib's own base samples (the first and last row of each block)
/// reproduces SALib's rows exactly.
#[test]
fn saltelli_rows_are_laid_out_as_salibs() {
    for (name, second_order) in [
        ("sobol_second_order.json", true),
        ("sobol_first_order.json", false),
    ] {
        let f = fixture(name);
        let k = 3;
        let x = rows(&f["X"]);
        let block = saltelli_block(k, second_order);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for chunk in x.chunks_exact(block * k) {
            a.extend_from_slice(&chunk[..k]);
            b.extend_from_slice(&chunk[(block - 1) * k..]);
        }
        assert_eq!(saltelli_rows(&a, &b, k, second_order), x, "{name}");
    }
}

#[test]
fn morris_statistics_equal_salibs() {
    let f = fixture("morris.json");
    let levels = f["levels"].as_u64().unwrap() as u32;
    let ours = morris(
        &rows(&f["X"]),
        &numbers(&f["Y"]),
        3,
        levels,
        &Bootstrap::default(),
    )
    .unwrap();
    let (mu, mu_star, sigma, conf) = (
        numbers(&f["mu"]),
        numbers(&f["mu_star"]),
        numbers(&f["sigma"]),
        numbers(&f["mu_star_conf"]),
    );
    for (i, o) in ours.iter().enumerate() {
        assert_close(o.mu, mu[i], &format!("mu[{i}]"));
        assert_close(o.mu_star.estimate, mu_star[i], &format!("mu_star[{i}]"));
        assert_close(o.sigma, sigma[i], &format!("sigma[{i}]"));
        // Same size as SALib's interval; where every |effect| is equal (x3 here, whose two
        // possible moves have effects of equal size) both are rounding noise.
        let hw = o.mu_star.half_width;
        let noise = EXACT * mu_star[i];
        let same_size = hw > 0.4 * conf[i] && hw < 2.5 * conf[i];
        assert!(
            same_size || (hw < noise && conf[i] < noise),
            "{i}: {hw} vs {}",
            conf[i]
        );
    }
}

#[test]
fn normal_quantiles_equal_scipys() {
    let f = fixture("normal_quantiles.json");
    for (level, z) in numbers(&f["levels"]).into_iter().zip(numbers(&f["z"])) {
        assert!(
            (normal_quantile(0.5 + level / 2.0) - z).abs() < 1e-12,
            "{level}"
        );
    }
}

/// Sobol' indices of `f` over k inputs uniform on [lo, hi], from n scrambled Sobol' base
/// samples.
fn indices_of(
    f: impl Fn(&[f64]) -> f64,
    k: usize,
    (lo, hi): (f64, f64),
    n: u32,
    seed: u64,
) -> SobolIndices {
    let (a, b) = sobol_base_samples(n, k, seed);
    let x = saltelli_rows(&a, &b, k, true);
    let y: Vec<f64> = x
        .chunks_exact(k)
        .map(|row| f(&row.iter().map(|u| lo + (hi - lo) * u).collect::<Vec<f64>>()))
        .collect();
    let bootstrap = Bootstrap {
        resamples: 200,
        level: 0.99,
        seed,
    };
    sobol(&y, k, true, &bootstrap).unwrap()
}

/// Every estimate lies within its interval of the known value, and the intervals at `n`
/// are wider than at 4n.
fn check_known(name: &str, small: &SobolIndices, large: &SobolIndices, s1: &[f64], st: &[f64]) {
    for (which, estimates, truth) in [("S1", &large.s1, s1), ("ST", &large.st, st)] {
        for (i, (e, t)) in estimates.iter().zip(truth).enumerate() {
            assert!(
                (e.estimate - t).abs() <= e.half_width,
                "{name} {which}[{i}] = {} ± {}, known {t}",
                e.estimate,
                e.half_width
            );
        }
    }
    let width = |s: &SobolIndices| s.s1.iter().chain(&s.st).map(|e| e.half_width).sum::<f64>();
    assert!(
        width(large) < 0.7 * width(small),
        "{name}: intervals {} at 4N vs {} at N",
        width(large),
        width(small)
    );
}

#[test]
fn ishigami_indices_match_the_known_values_within_their_intervals() {
    // a = 7, b = 0.1 (Ishigami & Homma 1990; values as in SALib's documentation).
    let v = 0.5 + 49.0 / 8.0 + 0.1 * PI.powi(4) / 5.0 + 0.01 * PI.powi(8) / 18.0;
    let v1 = 0.5 * (1.0 + 0.1 * PI.powi(4) / 5.0).powi(2);
    let v2 = 49.0 / 8.0;
    let v13 = 0.01 * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let s1 = [v1 / v, v2 / v, 0.0];
    let st = [(v1 + v13) / v, v2 / v, v13 / v];
    assert!((s1[0] - 0.314).abs() < 1e-3 && (st[2] - 0.244).abs() < 1e-3);
    for seed in [1, 2, 3] {
        let small = indices_of(ishigami, 3, (-PI, PI), 512, seed);
        let large = indices_of(ishigami, 3, (-PI, PI), 2048, seed);
        check_known(&format!("Ishigami seed {seed}"), &small, &large, &s1, &st);
    }
}

#[test]
fn g_function_indices_match_the_known_values_within_their_intervals() {
    // Sobol' G-function on [0, 1]^6: Π (|4x − 2| + a_i) / (1 + a_i); V_i = 1/(3(1 + a_i)²).
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
    let g = |x: &[f64]| {
        x.iter()
            .zip(a)
            .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
            .product::<f64>()
    };
    let vi: Vec<f64> = a.iter().map(|a| 1.0 / (3.0 * (1.0 + a).powi(2))).collect();
    let total = vi.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
    let s1: Vec<f64> = vi.iter().map(|v| v / total).collect();
    let st: Vec<f64> = vi
        .iter()
        .map(|v| v * vi.iter().map(|w| 1.0 + w).product::<f64>() / (1.0 + v) / total)
        .collect();
    for seed in [4, 5] {
        let small = indices_of(g, a.len(), (0.0, 1.0), 512, seed);
        let large = indices_of(g, a.len(), (0.0, 1.0), 2048, seed);
        check_known(&format!("G seed {seed}"), &small, &large, &s1, &st);
    }
}

#[test]
fn sobol_points_and_intervals_are_reproducible_from_the_seed() {
    assert_eq!(sobol_base_samples(64, 3, 9), sobol_base_samples(64, 3, 9));
    assert_ne!(sobol_base_samples(64, 3, 9), sobol_base_samples(64, 3, 10));
    let one = indices_of(ishigami, 3, (-PI, PI), 128, 9);
    assert_eq!(one, indices_of(ishigami, 3, (-PI, PI), 128, 9));
}

#[test]
fn optimised_morris_selection_picks_salibs_trajectories() {
    let f = fixture("morris_selection.json");
    for case in f["cases"].as_array().unwrap() {
        let k = case["k"].as_u64().unwrap() as usize;
        let r = case["r"].as_u64().unwrap() as usize;
        let theirs: Vec<usize> = numbers(&case["selected"])
            .iter()
            .map(|&t| t as usize)
            .collect();
        let ours = select_trajectories(&rows(&case["X"]), k, r);
        assert_eq!(ours, theirs, "k = {k}, r = {r}");
    }
}

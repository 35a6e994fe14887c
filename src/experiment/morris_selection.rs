//! Optimised selection of Morris trajectories: from a set of candidate trajectories, the r
//! whose spread is largest, found as SALib's local optimisation finds them
//! (`SALib.sample.morris.sample(..., optimal_trajectories=r, local_optimization=True)`;
//! Ruano et al. 2012, an approximation of the brute-force search of Campolongo et al. 2007).
//!
//! Distance of two trajectories (Campolongo 2007): the sum of the Euclidean distances of
//! every point of one to every point of the other (0 when they are equal), kept in single
//! precision as SALib keeps it. Spread of a set: the square root of the sum of the squared
//! pairwise distances. Sums follow NumPy's pairwise summation so that near ties fall as in
//! SALib; exact ties fall as a stable sort lets them fall (SALib's tie order depends on
//! NumPy's sort algorithm).

/// The indices (ascending, as SALib returns them) of the `r` trajectories of `candidates`
/// (row-major unit-cube rows, `k` values per row, k + 1 rows per trajectory, as
/// `super::sensitivity::morris_rows` lays them out) that SALib's local optimisation keeps.
/// Needs 2 ≤ r < number of candidates.
pub fn select_trajectories(candidates: &[f64], k: usize, r: usize) -> Vec<usize> {
    let per = (k + 1) * k;
    assert!(k > 0 && candidates.len().is_multiple_of(per));
    let n = candidates.len() / per;
    assert!(r >= 2 && r < n, "need 2 <= r < {n} candidates, not {r}");
    let trajectory = |t: usize| &candidates[t * per..(t + 1) * per];
    let distance: Vec<Vec<f32>> = (0..n)
        .map(|j| {
            (0..n)
                .map(|m| match j.cmp(&m) {
                    std::cmp::Ordering::Equal => 0.0,
                    std::cmp::Ordering::Less => {
                        trajectory_distance(trajectory(j), trajectory(m), k)
                    }
                    std::cmp::Ordering::Greater => {
                        trajectory_distance(trajectory(m), trajectory(j), k)
                    }
                })
                .collect()
        })
        .collect();
    let mut best: Option<(f32, Vec<usize>)> = None;
    for i in 1..r {
        // Each row's i farthest trajectories (farthest first) and the row itself.
        let candidates: Vec<Vec<usize>> = distance
            .iter()
            .enumerate()
            .map(|(row_nr, row)| {
                let order = stable_argsort(row);
                let mut set: Vec<usize> = order[n - i..].iter().rev().copied().collect();
                set.push(row_nr);
                set
            })
            .collect();
        let mut chosen = arg_max_set(candidates, &distance);
        for _ in 1..r - i {
            let grown: Vec<Vec<usize>> = (0..n)
                .filter(|t| !chosen.contains(t))
                .map(|t| {
                    let mut set = chosen.clone();
                    set.push(t);
                    set
                })
                .collect();
            chosen = arg_max_set(grown, &distance);
        }
        let total = spread(&chosen, &distance);
        // SALib keeps the last of equal maxima (its argsort is stable on these few values).
        if best.as_ref().is_none_or(|(b, _)| total >= *b) {
            best = Some((total, chosen));
        }
    }
    let mut chosen = best.map(|(_, set)| set).unwrap_or_default();
    chosen.sort_unstable();
    chosen
}

/// The unit-cube rows of a Morris design: `trajectories` trajectories drawn by
/// `super::sensitivity::morris_rows`, or, with `optimal = Some(r)`, the r of them that
/// `select_trajectories` keeps, in ascending candidate order (as SALib lays them out).
pub fn morris_design_rows(
    trajectories: u32,
    optimal: Option<u32>,
    levels: u32,
    k: usize,
    seed: u64,
) -> Vec<f64> {
    let candidates = super::sensitivity::morris_rows(trajectories, levels, k, seed);
    let Some(r) = optimal else {
        return candidates;
    };
    let per = (k + 1) * k;
    select_trajectories(&candidates, k, r as usize)
        .into_iter()
        .flat_map(|t| candidates[t * per..(t + 1) * per].iter().copied())
        .collect()
}

/// The set of `sets` with the largest spread (the last of equal maxima, as SALib's
/// `argsort()[-1]` takes it with a stable sort).
fn arg_max_set(sets: Vec<Vec<usize>>, distance: &[Vec<f32>]) -> Vec<usize> {
    let spreads: Vec<f32> = sets.iter().map(|s| spread(s, distance)).collect();
    let order = stable_argsort(&spreads);
    sets.into_iter()
        .nth(*order.last().expect("at least one set"))
        .expect("index in range")
}

/// Indices that sort `values` ascending, equal values in index order.
fn stable_argsort(values: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    order
}

/// Spread of a set of trajectories: sqrt of the sum of squared pairwise distances, over the
/// pairs in `itertools.combinations` order, in single precision.
fn spread(set: &[usize], distance: &[Vec<f32>]) -> f32 {
    let mut squares = Vec::with_capacity(set.len() * set.len() / 2);
    for (a, &x) in set.iter().enumerate() {
        for &y in &set[a + 1..] {
            let d = distance[x][y];
            squares.push(d * d);
        }
    }
    pairwise_sum_f32(&squares).sqrt()
}

/// Distance of two trajectories: the sum of the Euclidean distances between each point of
/// `a` and each point of `b` (rows of k values), 0 when the trajectories are equal.
fn trajectory_distance(a: &[f64], b: &[f64], k: usize) -> f32 {
    if a == b {
        return 0.0;
    }
    let mut cells = Vec::with_capacity((a.len() / k) * (b.len() / k));
    for p in a.chunks(k) {
        for q in b.chunks(k) {
            let sq: f64 = p.iter().zip(q).map(|(x, y)| (x - y) * (x - y)).sum();
            cells.push(sq.sqrt());
        }
    }
    pairwise_sum_f64(&cells) as f32
}

/// NumPy's pairwise summation (`pairwise_sum` in its reduction loops), for the sums SALib
/// takes with `np.sum`.
macro_rules! pairwise_sum {
    ($name:ident, $t:ty) => {
        fn $name(a: &[$t]) -> $t {
            let n = a.len();
            if n < 8 {
                let mut res: $t = 0.0;
                for &x in a {
                    res += x;
                }
                res
            } else if n <= 128 {
                let mut r: [$t; 8] = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
                let mut i = 8;
                while i < n - n % 8 {
                    for j in 0..8 {
                        r[j] += a[i + j];
                    }
                    i += 8;
                }
                let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
                for &x in &a[i..] {
                    res += x;
                }
                res
            } else {
                let mut half = n / 2;
                half -= half % 8;
                $name(&a[..half]) + $name(&a[half..])
            }
        }
    };
}
pairwise_sum!(pairwise_sum_f64, f64);
pairwise_sum!(pairwise_sum_f32, f32);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_sum_adds_everything() {
        let a: Vec<f64> = (1..=300).map(f64::from).collect();
        assert_eq!(pairwise_sum_f64(&a), 45150.0);
        assert_eq!(pairwise_sum_f64(&a[..5]), 15.0);
        assert_eq!(pairwise_sum_f64(&a[..20]), 210.0);
    }
}

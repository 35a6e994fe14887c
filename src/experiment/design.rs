//! Experimental designs: which points a sweep visits.
//!
//! Owns `Design` (a full-factorial grid, a Latin hypercube, independent random draws, an
//! explicit table of rows, or a Sobol' or Morris sensitivity design laid out as SALib lays
//! out its samples), `Range` (a sampling interval for one key) and `points`, which
//! turns a design into its numbered points, always in the same order for the same design and
//! seed. Sampling uses `crate::ground::rng::Stream`, one stream per varied key, so adding a
//! key does not change the values drawn for the others.
//! Does not know scenario keys, parse sweep files or check values against the schema (see
//! `super::sweep_file`), and does not run anything.

use super::plan::{DesignRecord, Point, PointValue};
use super::{morris_selection, sensitivity};
use crate::ground::rng::{Purpose, Stream};

/// Most points a design may have.
pub const MAX_POINTS: u64 = 10_000_000;

/// Stream "agent" ids of the design draws: no model agent uses them.
const LATIN_HYPERCUBE_STREAM: u64 = u64::MAX - 1;
const RANDOM_STREAM: u64 = u64::MAX - 2;

/// The interval one key is sampled from (latin_hypercube and random designs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub from: f64,
    pub to: f64,
    /// The key takes integers: draws are rounded, every integer in the range equally likely.
    pub integer: bool,
}

impl Range {
    pub fn new(from: f64, to: f64, integer: bool) -> Self {
        Self { from, to, integer }
    }

    fn low(&self) -> f64 {
        self.from.min(self.to)
    }

    fn high(&self) -> f64 {
        self.from.max(self.to)
    }

    /// The continuous interval draws are made in: integer ranges are widened by half a unit
    /// on each side, so rounding gives the end values the same chance as the others.
    fn sampling_interval(&self) -> (f64, f64) {
        if self.integer {
            (self.low() - 0.5, self.high() + 0.5)
        } else {
            (self.low(), self.high())
        }
    }

    /// The value at `share` (0..1) of the sampling interval, kept inside the range.
    fn at(&self, share: f64) -> PointValue {
        let (low, high) = self.sampling_interval();
        let x = low + (high - low) * share;
        if self.integer {
            PointValue::Int(x.round().clamp(self.low(), self.high()) as i64)
        } else {
            PointValue::Float(x.clamp(self.low(), self.high()))
        }
    }

    /// `steps` (at least 2) evenly spaced values from `from` to `to`, both included. Integer
    /// ranges are rounded (see `grid_repeats` for ranges too narrow for `steps` integers);
    /// float values are tidied to 12 significant digits, so 0.1 to 0.9 in 5 steps gives
    /// exactly 0.1, 0.3, 0.5, 0.7 and 0.9.
    pub fn grid(&self, steps: u32) -> Vec<PointValue> {
        let last = steps.max(2) - 1;
        (0..=last)
            .map(|i| {
                let x = if i == last {
                    self.to
                } else {
                    self.from + (self.to - self.from) * (i as f64 / last as f64)
                };
                if self.integer {
                    PointValue::Int(x.round().clamp(self.low(), self.high()) as i64)
                } else {
                    PointValue::Float(tidy(x).clamp(self.low(), self.high()))
                }
            })
            .collect()
    }

    /// Whether `grid(steps)` would repeat a value: an integer range holds fewer than `steps`
    /// integers, or the range is a single number.
    pub fn grid_repeats(&self, steps: u32) -> bool {
        if self.integer {
            (self.high().round() - self.low().round()) < (steps.max(2) - 1) as f64
        } else {
            self.from == self.to
        }
    }
}

/// `x` rounded to 12 significant digits (removes float noise such as 0.30000000000000004).
fn tidy(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// Which points a sweep visits. Values are per key, in `SweepPlan::keys` order.
#[derive(Clone, Debug, PartialEq)]
pub enum Design {
    /// Full factorial: every combination of the keys' values; the first key varies slowest.
    Grid(Vec<Vec<PointValue>>),
    /// `points` points; each key's range is cut into `points` equal strata, each stratum is
    /// hit exactly once (one uniform draw inside it), strata permuted independently per key.
    LatinHypercube {
        points: u32,
        seed: u64,
        ranges: Vec<Range>,
    },
    /// `points` points, each value an independent uniform draw from its key's range.
    Random {
        points: u32,
        seed: u64,
        ranges: Vec<Range>,
    },
    /// Explicit rows, one point each, in order.
    Table(Vec<Vec<PointValue>>),
    /// Sobol' sensitivity design: `base_samples` Owen-scrambled Sobol' base samples laid out
    /// in SALib's Saltelli order (per base sample A, AB_1 … AB_k, [BA_1 … BA_k], B), so
    /// `base_samples` × (k + 2) points, or × (2k + 2) with second order. See
    /// `super::sensitivity::sobol_base_samples` for the scrambling.
    Sobol {
        base_samples: u32,
        second_order: bool,
        seed: u64,
        ranges: Vec<Range>,
    },
    /// Morris screening design: `trajectories` one-at-a-time trajectories of k + 1 points on
    /// a grid of `levels` (even) levels, drawn as SALib's Morris sampler draws them; with
    /// `optimal_trajectories = Some(r)`, the r of them with the largest spread
    /// (`super::morris_selection`).
    Morris {
        trajectories: u32,
        optimal_trajectories: Option<u32>,
        levels: u32,
        seed: u64,
        ranges: Vec<Range>,
    },
}

impl Design {
    /// Number of points (saturating, so an oversized grid can be refused before it is built).
    pub fn len(&self) -> u64 {
        match self {
            Design::Grid(values) => values
                .iter()
                .fold(1u64, |n, v| n.saturating_mul(v.len() as u64)),
            Design::LatinHypercube { points, .. } | Design::Random { points, .. } => *points as u64,
            Design::Table(rows) => rows.len() as u64,
            Design::Sobol {
                base_samples,
                second_order,
                ranges,
                ..
            } => (*base_samples as u64)
                .saturating_mul(sensitivity::saltelli_block(ranges.len(), *second_order) as u64),
            Design::Morris {
                trajectories,
                optimal_trajectories,
                ranges,
                ..
            } => (optimal_trajectories.unwrap_or(*trajectories) as u64)
                .saturating_mul(ranges.len() as u64 + 1),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What `plan.json` records of the design.
    pub fn record(&self) -> DesignRecord {
        match self {
            Design::Grid(_) => DesignRecord::Grid,
            Design::LatinHypercube { .. } => DesignRecord::LatinHypercube,
            Design::Random { .. } => DesignRecord::Random,
            Design::Table(_) => DesignRecord::Table,
            Design::Sobol {
                base_samples,
                second_order,
                seed,
                ..
            } => DesignRecord::Sobol {
                base_samples: *base_samples,
                second_order: *second_order,
                seed: *seed,
            },
            Design::Morris {
                trajectories,
                optimal_trajectories,
                levels,
                seed,
                ..
            } => DesignRecord::Morris {
                trajectories: *trajectories,
                levels: *levels,
                seed: *seed,
                optimal_trajectories: *optimal_trajectories,
            },
        }
    }

    /// The design's name as written in a sweep file (`kind = "..."`).
    pub fn kind(&self) -> &'static str {
        match self {
            Design::Grid(_) => "grid",
            Design::LatinHypercube { .. } => "latin_hypercube",
            Design::Random { .. } => "random",
            Design::Table(_) => "table",
            Design::Sobol { .. } => "sobol",
            Design::Morris { .. } => "morris",
        }
    }
}

/// Every point of `design`, numbered 0.. in design order. Deterministic: the same design
/// (and seed) always gives the same points. Callers keep designs within `MAX_POINTS`.
pub fn points(design: &Design) -> Vec<Point> {
    let rows: Vec<Vec<PointValue>> = match design {
        Design::Grid(values) => grid_rows(values),
        Design::LatinHypercube {
            points,
            seed,
            ranges,
        } => transpose(
            ranges
                .iter()
                .enumerate()
                .map(|(k, r)| latin_hypercube_column(*seed, k, *points, r))
                .collect(),
            *points as usize,
        ),
        Design::Random {
            points,
            seed,
            ranges,
        } => transpose(
            ranges
                .iter()
                .enumerate()
                .map(|(k, r)| random_column(*seed, k, *points, r))
                .collect(),
            *points as usize,
        ),
        Design::Table(rows) => rows.clone(),
        Design::Sobol {
            base_samples,
            second_order,
            seed,
            ranges,
        } => {
            let k = ranges.len();
            let (a, b) = sensitivity::sobol_base_samples(*base_samples, k, *seed);
            scaled_rows(
                &sensitivity::saltelli_rows(&a, &b, k, *second_order),
                ranges,
            )
        }
        Design::Morris {
            trajectories,
            optimal_trajectories,
            levels,
            seed,
            ranges,
        } => scaled_rows(
            &morris_selection::morris_design_rows(
                *trajectories,
                *optimal_trajectories,
                *levels,
                ranges.len(),
                *seed,
            ),
            ranges,
        ),
    };
    rows.into_iter()
        .enumerate()
        .map(|(id, values)| Point {
            id: id as u32,
            values,
        })
        .collect()
}

/// Nested loops over the keys' values, the first key outermost.
fn grid_rows(values: &[Vec<PointValue>]) -> Vec<Vec<PointValue>> {
    let total = values.iter().map(Vec::len).product::<usize>();
    let mut rows = Vec::with_capacity(total);
    let mut index = vec![0usize; values.len()];
    for _ in 0..total {
        rows.push(
            values
                .iter()
                .zip(&index)
                .map(|(v, &i)| v[i].clone())
                .collect(),
        );
        // Advance the counter, last key fastest.
        for k in (0..values.len()).rev() {
            index[k] += 1;
            if index[k] < values[k].len() {
                break;
            }
            index[k] = 0;
        }
    }
    rows
}

/// Unit-cube rows (row-major, one value per range) mapped onto the ranges as SALib scales
/// its samples: low + (high − low) · u for float keys; integer keys are rounded to the
/// nearest integer of the range widened by half a unit on each side (as in the other
/// sampled designs), so their values are integers and every integer is reachable.
fn scaled_rows(unit: &[f64], ranges: &[Range]) -> Vec<Vec<PointValue>> {
    unit.chunks_exact(ranges.len())
        .map(|row| row.iter().zip(ranges).map(|(&u, r)| r.at(u)).collect())
        .collect()
}

/// Per-key columns to per-point rows.
fn transpose(columns: Vec<Vec<PointValue>>, points: usize) -> Vec<Vec<PointValue>> {
    let mut rows: Vec<Vec<PointValue>> = (0..points)
        .map(|_| Vec::with_capacity(columns.len()))
        .collect();
    for column in columns {
        for (row, value) in rows.iter_mut().zip(column) {
            row.push(value);
        }
    }
    rows
}

/// The stream of key `key` of a design; the replication slot keeps the two samplers apart.
fn design_stream(seed: u64, sampler: u64, key: usize) -> Stream {
    Stream::new(seed, 0, key as u32, Purpose::Organisation, sampler)
}

/// One key of a Latin hypercube: a Fisher–Yates permutation of the strata, then one uniform
/// draw inside the stratum of each point.
fn latin_hypercube_column(seed: u64, key: usize, points: u32, range: &Range) -> Vec<PointValue> {
    let mut stream = design_stream(seed, LATIN_HYPERCUBE_STREAM, key);
    let mut strata: Vec<u32> = (0..points).collect();
    for i in (1..strata.len()).rev() {
        let j = stream.below(i as u32 + 1) as usize;
        strata.swap(i, j);
    }
    let n = points as f64;
    strata
        .into_iter()
        .map(|s| range.at((s as f64 + stream.uniform()) / n))
        .collect()
}

/// One key of a random design: independent uniform draws.
fn random_column(seed: u64, key: usize, points: u32, range: &Range) -> Vec<PointValue> {
    let mut stream = design_stream(seed, RANDOM_STREAM, key);
    (0..points).map(|_| range.at(stream.uniform())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floats(values: &[PointValue]) -> Vec<f64> {
        values
            .iter()
            .map(|v| match v {
                PointValue::Float(x) => *x,
                PointValue::Int(i) => *i as f64,
                other => panic!("not a number: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn grid_varies_the_first_key_slowest() {
        let design = Design::Grid(vec![
            vec![PointValue::Int(1), PointValue::Int(2)],
            vec![
                PointValue::Text("a".into()),
                PointValue::Text("b".into()),
                PointValue::Text("c".into()),
            ],
        ]);
        assert_eq!(design.len(), 6);
        let points = points(&design);
        let shown: Vec<String> = points
            .iter()
            .map(|p| {
                p.values
                    .iter()
                    .map(PointValue::to_cell)
                    .collect::<Vec<_>>()
                    .join("")
            })
            .collect();
        assert_eq!(shown, ["1a", "1b", "1c", "2a", "2b", "2c"]);
        assert!(points.iter().enumerate().all(|(i, p)| p.id == i as u32));
    }

    #[test]
    fn grid_ranges_include_both_ends_without_float_noise() {
        let values = Range::new(0.1, 0.9, false).grid(5);
        assert_eq!(floats(&values), [0.1, 0.3, 0.5, 0.7, 0.9]);
        let down = Range::new(1.0, 0.0, false).grid(3);
        assert_eq!(floats(&down), [1.0, 0.5, 0.0]);
        let ints = Range::new(1.0, 10.0, true).grid(4);
        assert_eq!(
            ints,
            [1, 4, 7, 10].map(PointValue::Int).to_vec(),
            "integer keys give integers"
        );
        assert!(Range::new(1.0, 3.0, true).grid_repeats(4));
        assert!(!Range::new(1.0, 4.0, true).grid_repeats(4));
        assert!(Range::new(0.5, 0.5, false).grid_repeats(2));
    }

    #[test]
    fn latin_hypercube_hits_every_stratum_once_per_key() {
        let n = 50;
        let ranges = vec![
            Range::new(0.0, 1.0, false),
            Range::new(2.0, 12.0, false),
            Range::new(0.0, 49.0, true),
        ];
        let design = Design::LatinHypercube {
            points: n,
            seed: 3,
            ranges: ranges.clone(),
        };
        let points = points(&design);
        assert_eq!(points.len(), n as usize);
        for (k, range) in ranges.iter().enumerate() {
            let column: Vec<PointValue> = points.iter().map(|p| p.values[k].clone()).collect();
            let (low, high) = range.sampling_interval();
            let mut hit = vec![0; n as usize];
            for x in floats(&column) {
                assert!((range.low()..=range.high()).contains(&x), "{x}");
                let stratum = (((x - low) / (high - low)) * n as f64).floor() as usize;
                hit[stratum.min(n as usize - 1)] += 1;
            }
            assert!(hit.iter().all(|&h| h == 1), "key {k}: {hit:?}");
            if range.integer {
                assert!(column.iter().all(|v| matches!(v, PointValue::Int(_))));
            }
        }
    }

    #[test]
    fn sampling_is_reproducible_and_depends_on_the_seed() {
        let make = |seed, latin| {
            let ranges = vec![Range::new(0.0, 1.0, false), Range::new(5.0, 6.0, false)];
            points(&if latin {
                Design::LatinHypercube {
                    points: 20,
                    seed,
                    ranges,
                }
            } else {
                Design::Random {
                    points: 20,
                    seed,
                    ranges,
                }
            })
        };
        for latin in [true, false] {
            assert_eq!(make(1, latin), make(1, latin));
            assert_ne!(make(1, latin), make(2, latin));
        }
        assert_ne!(make(1, true), make(1, false));
    }

    #[test]
    fn adding_a_key_keeps_the_draws_of_the_others() {
        let one = points(&Design::Random {
            points: 10,
            seed: 9,
            ranges: vec![Range::new(0.0, 1.0, false)],
        });
        let two = points(&Design::Random {
            points: 10,
            seed: 9,
            ranges: vec![Range::new(0.0, 1.0, false), Range::new(0.0, 1.0, false)],
        });
        for (a, b) in one.iter().zip(&two) {
            assert_eq!(a.values[0], b.values[0]);
        }
    }

    #[test]
    fn random_draws_stay_in_range_and_cover_integer_ends() {
        let design = Design::Random {
            points: 2000,
            seed: 5,
            ranges: vec![Range::new(0.25, 0.5, false), Range::new(3.0, 1.0, true)],
        };
        let points = points(&design);
        let mut seen = [0; 4];
        for p in &points {
            let x = floats(&p.values[..1])[0];
            assert!((0.25..=0.5).contains(&x), "{x}");
            match p.values[1] {
                PointValue::Int(i) if (1..=3).contains(&i) => seen[i as usize] += 1,
                ref other => panic!("{other:?}"),
            }
        }
        assert!(seen[1..].iter().all(|&c| c > 550), "{seen:?}");
    }

    #[test]
    fn tables_keep_their_rows() {
        let rows = vec![
            vec![PointValue::Float(0.1), PointValue::Bool(true)],
            vec![PointValue::Float(0.9), PointValue::Bool(false)],
        ];
        let points = points(&Design::Table(rows.clone()));
        assert_eq!(points.len(), 2);
        assert_eq!(points[1].id, 1);
        assert_eq!(points[1].values, rows[1]);
    }

    #[test]
    fn sobol_design_is_in_saltelli_order() {
        let ranges = vec![Range::new(-1.0, 1.0, false), Range::new(0.0, 10.0, true)];
        for second_order in [false, true] {
            let design = Design::Sobol {
                base_samples: 16,
                second_order,
                seed: 2,
                ranges: ranges.clone(),
            };
            let block = if second_order { 6 } else { 4 };
            assert_eq!(design.len(), 16 * block);
            let rows: Vec<Vec<f64>> = points(&design).iter().map(|p| floats(&p.values)).collect();
            assert_eq!(rows.len() as u64, design.len());
            for b in rows.chunks_exact(block as usize) {
                let (a, last) = (&b[0], &b[block as usize - 1]);
                // AB_i: A with key i from B; BA_i: B with key i from A.
                for i in 0..2 {
                    for c in 0..2 {
                        assert_eq!(b[1 + i][c], if c == i { last[c] } else { a[c] });
                        if second_order {
                            assert_eq!(b[3 + i][c], if c == i { a[c] } else { last[c] });
                        }
                    }
                }
                assert!(
                    b.iter()
                        .all(|r| (-1.0..=1.0).contains(&r[0]) && r[1].fract() == 0.0)
                );
            }
        }
    }

    #[test]
    fn morris_design_moves_one_key_per_step() {
        let ranges = vec![Range::new(0.0, 1.0, false); 3];
        let design = Design::Morris {
            trajectories: 5,
            optimal_trajectories: None,
            levels: 4,
            seed: 1,
            ranges,
        };
        let rows: Vec<Vec<f64>> = points(&design).iter().map(|p| floats(&p.values)).collect();
        assert_eq!(rows.len(), 20);
        for t in rows.chunks_exact(4) {
            for step in t.windows(2) {
                let moved = (0..3).filter(|&c| step[0][c] != step[1][c]).count();
                assert_eq!(moved, 1);
            }
        }
    }
}

//! The sensitivity analysis of a finished sweep: from each point's mean output (and its
//! spread over replications) to the rows of `sensitivity.csv`, for a Sobol' or Morris design.
//!
//! Owns which design a sweep's plan allows an analysis of ([`Method::of_plan`]), the indices of
//! one metric at one month ([`study`]), the replication-noise share and when the indices
//! deserve a warning. Pure: no I/O, no formatting (the command in `crate::cli::sensitivity`
//! reads the folder, `crate::output::sensitivity` writes the file); the estimators themselves
//! are in `super::sensitivity`.
//!
//! Morris effects are computed on the design's unit-cube rows, regenerated from the plan's
//! seed (`super::morris_selection::morris_design_rows`), not on the values in `points.csv`:
//! rounding an integer key (or a range of one number) can make a step of the design move no
//! value at all, so the rounded rows are not always a trajectory. The effects are thus per
//! unit of the range's share moved, as SALib's, whatever the key's unit.
//!
//! Intervals: Sobol' S1, ST and S2 and Morris mu_star carry bootstrap intervals (estimate ±
//! half-width, as SALib's `*_conf`); Morris mu and sigma carry none (empty cells), as in SALib.

use super::morris_selection;
use super::plan::DesignRecord;
use super::sensitivity::{self, Bootstrap, SensitivityError};

/// Which estimators a sweep's design allows.
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    /// Sobol' indices over outputs in Saltelli order.
    Sobol { second_order: bool },
    /// Morris statistics over `unit_rows` (row-major, one value per key, the design's rows in
    /// the unit cube) on `levels` levels.
    Morris { levels: u32, unit_rows: Vec<f64> },
}

/// Why a sweep's design allows no sensitivity analysis.
#[derive(Clone, Debug, PartialEq)]
pub enum NotSensitivityDesign {
    /// The design is of another kind (its name as in a sweep file).
    OtherKind(&'static str),
    /// The plan records no design (made by an older orgsim, or by `orgsim calibrate`).
    Unrecorded,
}

impl Method {
    /// The method of a sweep whose plan records `design` over `keys` varied keys.
    pub fn of_plan(
        design: Option<&DesignRecord>,
        keys: usize,
    ) -> Result<Method, NotSensitivityDesign> {
        match design {
            Some(DesignRecord::Sobol { second_order, .. }) => Ok(Method::Sobol {
                second_order: *second_order,
            }),
            Some(DesignRecord::Morris {
                trajectories,
                levels,
                seed,
                optimal_trajectories,
            }) => Ok(Method::Morris {
                levels: *levels,
                unit_rows: morris_selection::morris_design_rows(
                    *trajectories,
                    *optimal_trajectories,
                    *levels,
                    keys.max(1),
                    *seed,
                ),
            }),
            Some(other) => Err(NotSensitivityDesign::OtherKind(other.kind())),
            None => Err(NotSensitivityDesign::Unrecorded),
        }
    }

    /// `sobol` or `morris`.
    pub fn kind(&self) -> &'static str {
        match self {
            Method::Sobol { .. } => "sobol",
            Method::Morris { .. } => "morris",
        }
    }

    /// The index the levers are ranked by: ST for Sobol', mu_star for Morris.
    pub fn ranking_index(&self) -> IndexKind {
        match self {
            Method::Sobol { .. } => IndexKind::St,
            Method::Morris { .. } => IndexKind::MuStar,
        }
    }
}

/// One kind of row of `sensitivity.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexKind {
    S1,
    St,
    S2,
    Mu,
    MuStar,
    Sigma,
    /// The share of the output variance over all runs that is replication noise.
    NoiseShare,
}

impl IndexKind {
    pub const ALL: [IndexKind; 7] = [
        IndexKind::S1,
        IndexKind::St,
        IndexKind::S2,
        IndexKind::Mu,
        IndexKind::MuStar,
        IndexKind::Sigma,
        IndexKind::NoiseShare,
    ];

    /// The name in the `index` column.
    pub fn name(self) -> &'static str {
        match self {
            IndexKind::S1 => "S1",
            IndexKind::St => "ST",
            IndexKind::S2 => "S2",
            IndexKind::Mu => "mu",
            IndexKind::MuStar => "mu_star",
            IndexKind::Sigma => "sigma",
            IndexKind::NoiseShare => "noise_share",
        }
    }

    pub fn from_name(name: &str) -> Option<IndexKind> {
        IndexKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The parameter column of the noise-share row.
pub const ALL_PARAMETERS: &str = "*";

/// Separator of a pair in the parameter column of an S2 row.
pub const PAIR_SEPARATOR: &str = "×";

/// One row of `sensitivity.csv` without its metric and month.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexRow {
    /// The varied key (`a×b` for a pair, `*` for the noise share).
    pub parameter: String,
    pub index: IndexKind,
    pub estimate: f64,
    /// The bootstrap interval, when the index has one.
    pub interval: Option<(f64, f64)>,
}

/// A point's output over its replications at one month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointOutput {
    /// Replications with a value.
    pub n: u64,
    pub mean: f64,
    /// Sample sd over the replications (NaN with fewer than two).
    pub sd: f64,
}

/// The indices of one metric at one month.
#[derive(Clone, Debug, PartialEq)]
pub struct Study {
    /// The indices (in the order written), the noise-share row first when it is known.
    pub rows: Vec<IndexRow>,
    /// The share of variance that is replication noise (None with one replication a point,
    /// or outputs that do not vary at all).
    pub noise_share: Option<f64>,
    /// Every ranked index's interval includes zero: none is distinguishable from zero.
    pub none_distinguishable: bool,
}

impl Study {
    /// The rows of `index`, in key order.
    pub fn of(&self, index: IndexKind) -> impl Iterator<Item = &IndexRow> {
        self.rows.iter().filter(move |r| r.index == index)
    }
}

/// Noise shares above this are warned about.
pub const NOISY: f64 = 0.5;

/// The indices of one metric at one month, from every point's output in design order.
pub fn study(
    method: &Method,
    keys: &[String],
    outputs: &[PointOutput],
    bootstrap: &Bootstrap,
) -> Result<Study, SensitivityError> {
    let k = keys.len();
    let y: Vec<f64> = outputs.iter().map(|o| o.mean).collect();
    let interval = |e: &sensitivity::Estimate| Some((e.low(), e.high()));
    let mut rows = Vec::new();
    let noise_share = noise_share(outputs);
    if let Some(share) = noise_share {
        rows.push(IndexRow {
            parameter: ALL_PARAMETERS.into(),
            index: IndexKind::NoiseShare,
            estimate: share,
            interval: None,
        });
    }
    match method {
        Method::Sobol { second_order } => {
            let s = sensitivity::sobol(&y, k, *second_order, bootstrap)?;
            for (index, estimates) in [(IndexKind::S1, &s.s1), (IndexKind::St, &s.st)] {
                rows.extend(keys.iter().zip(estimates).map(|(key, e)| IndexRow {
                    parameter: key.clone(),
                    index,
                    estimate: e.estimate,
                    interval: interval(e),
                }));
            }
            rows.extend(s.s2.iter().map(|((i, j), e)| IndexRow {
                parameter: format!("{}{PAIR_SEPARATOR}{}", keys[*i], keys[*j]),
                index: IndexKind::S2,
                estimate: e.estimate,
                interval: interval(e),
            }));
        }
        Method::Morris { levels, unit_rows } => {
            let m = sensitivity::morris(unit_rows, &y, k, *levels, bootstrap)?;
            let row = |key: &String, index, estimate, interval| IndexRow {
                parameter: key.clone(),
                index,
                estimate,
                interval,
            };
            rows.extend(
                keys.iter()
                    .zip(&m)
                    .map(|(key, s)| row(key, IndexKind::Mu, s.mu, None)),
            );
            rows.extend(keys.iter().zip(&m).map(|(key, s)| {
                row(
                    key,
                    IndexKind::MuStar,
                    s.mu_star.estimate,
                    interval(&s.mu_star),
                )
            }));
            rows.extend(
                keys.iter()
                    .zip(&m)
                    .map(|(key, s)| row(key, IndexKind::Sigma, s.sigma, None)),
            );
        }
    }
    let ranked = method.ranking_index();
    let none_distinguishable = rows
        .iter()
        .filter(|r| r.index == ranked)
        .all(|r| r.interval.is_some_and(|(low, _)| low <= 0.0));
    Ok(Study {
        rows,
        noise_share,
        none_distinguishable,
    })
}

/// The share of the variance of the output over all runs that is replication noise: the mean
/// within-point variance (sd² over each point's replications) over the sample variance of
/// every run, recovered from each point's count, mean and sd. At most 1 (when the points do
/// not differ, sampling error can put the within-point variance a little above the total).
/// None when no point has two replications or the runs do not vary at all.
pub fn noise_share(outputs: &[PointOutput]) -> Option<f64> {
    let with_sd: Vec<&PointOutput> = outputs
        .iter()
        .filter(|o| o.n >= 2 && o.sd.is_finite() && o.mean.is_finite())
        .collect();
    if with_sd.is_empty() {
        return None;
    }
    let within = with_sd.iter().map(|o| o.sd * o.sd).sum::<f64>() / with_sd.len() as f64;
    let runs: f64 = with_sd.iter().map(|o| o.n as f64).sum();
    let grand = with_sd.iter().map(|o| o.n as f64 * o.mean).sum::<f64>() / runs;
    let squares: f64 = with_sd
        .iter()
        .map(|o| (o.n as f64 - 1.0) * o.sd * o.sd + o.n as f64 * (o.mean - grand).powi(2))
        .sum();
    let total = squares / (runs - 1.0);
    (total > 0.0).then(|| (within / total).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(mean: f64, sd: f64) -> PointOutput {
        PointOutput { n: 4, mean, sd }
    }

    #[test]
    fn noise_share_is_within_over_total() {
        // Points that do not differ: all the variance is noise.
        let same = [output(1.0, 0.5), output(1.0, 0.5), output(1.0, 0.5)];
        assert_eq!(noise_share(&same), Some(1.0));
        // Points far apart with little noise: a small share.
        let apart = [output(0.0, 0.01), output(10.0, 0.01), output(20.0, 0.01)];
        let share = noise_share(&apart).unwrap();
        assert!(share > 0.0 && share < 1e-5, "{share}");
        // Runs that never vary, and single replications, have no share.
        assert_eq!(noise_share(&[output(1.0, 0.0), output(1.0, 0.0)]), None);
        let single = PointOutput {
            n: 1,
            mean: 1.0,
            sd: f64::NAN,
        };
        assert_eq!(noise_share(&[single, single]), None);
    }

    #[test]
    fn other_designs_are_named() {
        let keys = 2;
        assert_eq!(
            Method::of_plan(Some(&DesignRecord::Grid), keys),
            Err(NotSensitivityDesign::OtherKind("grid"))
        );
        assert_eq!(
            Method::of_plan(None, keys),
            Err(NotSensitivityDesign::Unrecorded)
        );
        let sobol = DesignRecord::Sobol {
            base_samples: 4,
            second_order: true,
            seed: 1,
        };
        assert_eq!(
            Method::of_plan(Some(&sobol), keys),
            Ok(Method::Sobol { second_order: true })
        );
    }

    #[test]
    fn sobol_rows_name_pairs_and_put_the_noise_first() {
        let keys = vec!["a".to_string(), "b".to_string()];
        let n = 64;
        let (a, b) = sensitivity::sobol_base_samples(n, 2, 3);
        let x = sensitivity::saltelli_rows(&a, &b, 2, true);
        let outputs: Vec<PointOutput> = x
            .chunks_exact(2)
            .map(|r| output(4.0 * r[0] + r[0] * r[1], 0.1))
            .collect();
        let s = study(
            &Method::Sobol { second_order: true },
            &keys,
            &outputs,
            &Bootstrap::default(),
        )
        .unwrap();
        assert_eq!(s.rows[0].index, IndexKind::NoiseShare);
        assert!(
            s.rows
                .iter()
                .any(|r| r.parameter == "a×b" && r.index == IndexKind::S2)
        );
        let st: Vec<f64> = s.of(IndexKind::St).map(|r| r.estimate).collect();
        assert!(st[0] > st[1], "{st:?}");
        assert!(!s.none_distinguishable);
    }
}

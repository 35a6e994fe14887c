//! Scenario discovery with PRIM (the patient rule induction method): boxes in the space of a
//! sweep's inputs where a condition on its outputs mostly holds, found the way EMA Workbench's
//! `ema_workbench.analysis.prim` finds them.
//!
//! Owns the algorithm over a table of inputs and a binary outcome: peeling, pasting, the
//! peeling trajectory, covering (after a box is found its points are removed and PRIM runs
//! again on the rest) and the quasi-p-values of a box's limits (their binomial tail is
//! `crate::ground::stats::binomial_upper_tail`). Pure functions: no I/O, no
//! knowledge of sweeps, metrics or files (the `discover` command builds on this).
//!
//! As EMA Workbench (its `Prim` with the default lenient1 objective):
//! - A box starts as the limits of all the data and holds the points not taken by an earlier
//!   box. Peeling: every input offers candidate boxes (a real input its lower and upper
//!   `peel_alpha` quantile of the box's points, by [`quantile`]; an integer input the same
//!   quantile truncated, moved to the next value present; a categorical input each of its
//!   categories removed). Each candidate is scored by lenient1, (mean of y in the candidate −
//!   mean in the box) / (points removed); the best score wins, ties going to the candidate
//!   with fewer restricted inputs, then to the first (real inputs, then integer, then
//!   categorical; upper before lower). It is taken while its mass stays at least `mass_min`
//!   and its score is positive.
//! - Pasting: every restricted input offers to widen the box (real and integer: the lower
//!   limit to the `1 − paste_alpha` quantile of the points of interest just below it, the
//!   upper to the `paste_alpha` quantile of those just above; categorical: one category
//!   back), scored the same way over the points added; taken while the score and the mean
//!   grow. As EMA Workbench, a box with no restricted real input is not pasted.
//! - The box found is the last of its trajectory; it is kept if its density reaches the
//!   threshold. Covering stops at the first box that does not (EMA's "dump box"), when no
//!   points or no cases of interest remain, or after `max_boxes`.
//! - Coverage is over all cases of interest, mass over all points, of the whole data set.
//! - Quasi-p-value of a restricted limit (Bryant and Lempert 2010): the one-sided binomial
//!   probability P(X ≥ cases in box), X ~ Binomial(points in box, p), where p is the density of
//!   the box with that limit removed (over the points the box was sought among).
//!
//! Two details of EMA Workbench are fixed rather than copied: categories are visited in
//! their code order (EMA visits a Python set, whose order for text can change between runs;
//! for small whole numbers it is this order), and a pasted integer limit is truncated to an
//! integer for every integer column (EMA Workbench 3.0.0 does so only for 32-bit columns and
//! fails on 64-bit ones; its main branch truncates for all). The fixture in
//! `tests/fixtures/prim/` checks real, integer and categorical inputs step by step.

use crate::ground::stats::binomial_upper_tail;

/// The values of one input over the data set.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    Real(Vec<f64>),
    Integer(Vec<i64>),
    /// Category codes (0, 1, …); the caller keeps their names.
    Categorical(Vec<u32>),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Real(v) => v.len(),
            Column::Integer(v) => v.len(),
            Column::Categorical(v) => v.len(),
        }
    }
}

/// The limits of a box on one input (both ends included).
#[derive(Clone, Debug, PartialEq)]
pub enum Limit {
    Real(f64, f64),
    Integer(i64, i64),
    /// The categories in the box, in code order.
    Categories(Vec<u32>),
}

impl Limit {
    fn holds_at(&self, column: &Column, i: usize) -> bool {
        match (self, column) {
            (Limit::Real(lo, hi), Column::Real(v)) => *lo <= v[i] && v[i] <= *hi,
            (Limit::Integer(lo, hi), Column::Integer(v)) => *lo <= v[i] && v[i] <= *hi,
            (Limit::Categories(c), Column::Categorical(v)) => c.binary_search(&v[i]).is_ok(),
            _ => false,
        }
    }
}

/// PRIM's settings; [`Default`] gives EMA Workbench's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrimSettings {
    pub peel_alpha: f64,
    pub paste_alpha: f64,
    pub mass_min: f64,
    /// The density a box must reach to be kept.
    pub threshold: f64,
    /// Most boxes found by covering.
    pub max_boxes: usize,
}

impl Default for PrimSettings {
    fn default() -> Self {
        PrimSettings {
            peel_alpha: 0.05,
            paste_alpha: 0.05,
            mass_min: 0.05,
            threshold: 0.8,
            max_boxes: 10,
        }
    }
}

/// One box of a peeling and pasting trajectory.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Per input, in input order.
    pub limits: Vec<Limit>,
    /// Points in the box.
    pub points: usize,
    /// Cases of interest in the box.
    pub cases: usize,
    /// Cases in the box over all cases of interest.
    pub coverage: f64,
    /// Cases in the box over its points.
    pub density: f64,
    /// Points in the box over all points.
    pub mass: f64,
    /// The inputs whose limits are narrower than the data's, in input order.
    pub restricted: Vec<usize>,
}

/// The quasi-p-values of a restricted input's limits (`None` where the limit is not
/// restricted; a categorical input has one, as `low`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuasiP {
    pub input: usize,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A box PRIM found: its trajectory (the box is the last step) and its limits' quasi-p-values.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundBox {
    pub trajectory: Vec<Step>,
    /// Steps from peeling (the first is the starting box); the rest came from pasting.
    pub peeled: usize,
    pub quasi_p: Vec<QuasiP>,
    /// Whether its density reached the threshold.
    pub accepted: bool,
}

impl FoundBox {
    /// The box: the last step of its trajectory.
    pub fn last(&self) -> &Step {
        self.trajectory
            .last()
            .expect("a trajectory starts with the whole box")
    }
}

/// What covering found: the accepted boxes, then the first box that missed the threshold
/// (if covering stopped there).
#[derive(Clone, Debug, PartialEq)]
pub struct Discovery {
    pub boxes: Vec<FoundBox>,
    /// The limits of all the data.
    pub initial: Vec<Limit>,
    /// Cases of interest among all points.
    pub cases: usize,
    pub points: usize,
}

impl Discovery {
    /// The boxes that reached the threshold.
    pub fn accepted(&self) -> impl Iterator<Item = &FoundBox> {
        self.boxes.iter().filter(|b| b.accepted)
    }
}

/// Why PRIM cannot run on the data.
#[derive(Clone, Debug, PartialEq)]
pub enum PrimError {
    /// Inputs and outcome differ in length.
    Lengths {
        input: usize,
        len: usize,
        y: usize,
    },
    NoData,
    NoInputs,
}

impl std::fmt::Display for PrimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrimError::Lengths { input, len, y } => {
                write!(f, "input {input} has {len} values but the outcome has {y}")
            }
            PrimError::NoData => write!(f, "no data points"),
            PrimError::NoInputs => write!(f, "no inputs"),
        }
    }
}

impl std::error::Error for PrimError {}

/// EMA Workbench's quantile (`prim_util.get_quantile`, after sdtoolkit): the sorted data at
/// position (n − 1)·q; when that falls on or between equal values, the midpoint between them
/// and the next different value (below for q > 0.5, above otherwise). `data` must be sorted
/// and not empty; 0 < q < 1.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len() - 1;
    let i = last as f64 * q;
    let (mut lo, mut hi) = (i.floor() as usize, i.ceil() as usize);
    if q > 0.5 {
        while sorted[lo] == sorted[hi] && lo > 0 {
            lo -= 1;
        }
    } else {
        while sorted[lo] == sorted[hi] && hi < last {
            hi += 1;
        }
    }
    (sorted[lo] + sorted[hi]) / 2.0
}

/// Runs PRIM with covering on `inputs` (columns of equal length) and the outcome `y` (true:
/// a case of interest).
pub fn discover(
    inputs: &[Column],
    y: &[bool],
    settings: &PrimSettings,
) -> Result<Discovery, PrimError> {
    if inputs.is_empty() {
        return Err(PrimError::NoInputs);
    }
    if y.is_empty() {
        return Err(PrimError::NoData);
    }
    for (input, c) in inputs.iter().enumerate() {
        if c.len() != y.len() {
            return Err(PrimError::Lengths {
                input,
                len: c.len(),
                y: y.len(),
            });
        }
    }
    let prim = Prim::new(inputs, y, *settings);
    let mut remaining: Vec<usize> = (0..y.len()).collect();
    let mut boxes = vec![];
    while boxes.len() < settings.max_boxes
        && !remaining.is_empty()
        && remaining.iter().any(|&i| y[i])
    {
        let found = prim.find_box(&remaining);
        let accepted = found.accepted;
        if accepted {
            let taken = found.members;
            remaining.retain(|i| taken.binary_search(i).is_err());
        }
        boxes.push(found.found);
        if !accepted {
            break;
        }
    }
    Ok(Discovery {
        boxes,
        initial: prim.initial.clone(),
        cases: prim.total_cases,
        points: y.len(),
    })
}

/// The data set and settings of one PRIM analysis.
struct Prim<'a> {
    inputs: &'a [Column],
    y: &'a [bool],
    settings: PrimSettings,
    initial: Vec<Limit>,
    /// Input positions in EMA Workbench's order of candidates: real, integer, categorical.
    order: Vec<usize>,
    /// Inputs considered: all but single-category categorical ones (as EMA Workbench).
    considered: Vec<bool>,
    total_cases: usize,
}

/// A box being peeled or pasted: its limits and its points (ascending).
struct Candidate {
    limits: Vec<Limit>,
    members: Vec<usize>,
}

/// One `find_box`: the box and its points.
struct Search {
    found: FoundBox,
    members: Vec<usize>,
    accepted: bool,
}

impl<'a> Prim<'a> {
    fn new(inputs: &'a [Column], y: &'a [bool], settings: PrimSettings) -> Prim<'a> {
        let initial: Vec<Limit> = inputs.iter().map(full_limits).collect();
        let considered = initial
            .iter()
            .map(|l| !matches!(l, Limit::Categories(c) if c.len() < 2))
            .collect();
        let rank = |c: &Column| match c {
            Column::Real(_) => 0,
            Column::Integer(_) => 1,
            Column::Categorical(_) => 2,
        };
        let mut order: Vec<usize> = (0..inputs.len()).collect();
        order.sort_by_key(|&j| rank(&inputs[j]));
        Prim {
            inputs,
            y,
            settings,
            initial,
            order,
            considered,
            total_cases: y.iter().filter(|&&v| v).count(),
        }
    }

    fn cases(&self, members: &[usize]) -> usize {
        members.iter().filter(|&&i| self.y[i]).count()
    }

    fn restricted(&self, limits: &[Limit]) -> Vec<usize> {
        (0..limits.len())
            .filter(|&j| self.considered[j] && limits[j] != self.initial[j])
            .collect()
    }

    fn step(&self, limits: Vec<Limit>, members: &[usize]) -> Step {
        let cases = self.cases(members);
        let restricted = self.restricted(&limits);
        Step {
            points: members.len(),
            cases,
            coverage: cases as f64 / self.total_cases.max(1) as f64,
            density: cases as f64 / members.len() as f64,
            mass: members.len() as f64 / self.y.len() as f64,
            restricted,
            limits,
        }
    }

    /// EMA Workbench's lenient1 objective: the change of the mean over the change in points.
    fn objective(&self, old: &[usize], new: &[usize]) -> f64 {
        let mean = |m: &[usize]| {
            if m.is_empty() {
                0.0
            } else {
                self.cases(m) as f64 / m.len() as f64
            }
        };
        let (mean_old, mean_new) = (mean(old), mean(new));
        if mean_old == mean_new || old.len() == new.len() {
            return 0.0;
        }
        (mean_new - mean_old) / old.len().abs_diff(new.len()) as f64
    }

    /// The best candidate: highest objective, then fewest restricted inputs, then first.
    fn best(&self, box_members: &[usize], candidates: Vec<Candidate>) -> Option<(f64, Candidate)> {
        let n_cols = self.considered.iter().filter(|&&c| c).count();
        let mut best: Option<(f64, usize, Candidate)> = None;
        for c in candidates {
            let obj = self.objective(box_members, &c.members);
            let free = n_cols - self.restricted(&c.limits).len();
            if best
                .as_ref()
                .is_none_or(|(o, f, _)| obj > *o || (obj == *o && free > *f))
            {
                best = Some((obj, free, c));
            }
        }
        best.map(|(o, _, c)| (o, c))
    }

    fn find_box(&self, remaining: &[usize]) -> Search {
        let n = self.y.len() as f64;
        let mut trajectory = vec![self.step(self.initial.clone(), remaining)];
        let mut current = Candidate {
            limits: self.initial.clone(),
            members: remaining.to_vec(),
        };
        // Peeling.
        loop {
            let candidates = self.peels(&current);
            let Some((obj, next)) = self.best(&current.members, candidates) else {
                break;
            };
            let (mass_old, mass_new) = (
                current.members.len() as f64 / n,
                next.members.len() as f64 / n,
            );
            if !(mass_new >= self.settings.mass_min && mass_new < mass_old && obj > 0.0) {
                break;
            }
            trajectory.push(self.step(next.limits.clone(), &next.members));
            current = next;
        }
        let peeled = trajectory.len();
        // Pasting.
        loop {
            let candidates = self.pastes(&current, remaining);
            let Some((obj, next)) = self.best(&current.members, candidates) else {
                break;
            };
            let (mass_old, mass_new) = (
                current.members.len() as f64 / n,
                next.members.len() as f64 / n,
            );
            let mean = |m: &[usize]| self.cases(m) as f64 / m.len() as f64;
            if !(mass_new >= self.settings.mass_min
                && mass_new > mass_old
                && obj > 0.0
                && mean(&next.members) > mean(&current.members))
            {
                break;
            }
            trajectory.push(self.step(next.limits.clone(), &next.members));
            current = next;
        }
        let last = trajectory.last().expect("the whole box is the first step");
        let accepted = last.density >= self.settings.threshold;
        let quasi_p = self.quasi_p(last, remaining);
        Search {
            found: FoundBox {
                trajectory,
                peeled,
                quasi_p,
                accepted,
            },
            members: current.members,
            accepted,
        }
    }

    fn with_limit(limits: &[Limit], j: usize, limit: Limit) -> Vec<Limit> {
        let mut l = limits.to_vec();
        l[j] = limit;
        l
    }

    fn peels(&self, current: &Candidate) -> Vec<Candidate> {
        let alpha = self.settings.peel_alpha;
        let members = &current.members;
        let mut out = vec![];
        for &j in self.order.iter().filter(|&&j| self.considered[j]) {
            match (&self.inputs[j], &current.limits[j]) {
                (Column::Real(v), Limit::Real(lo, hi)) => {
                    let mut xs: Vec<f64> = members.iter().map(|&i| v[i]).collect();
                    xs.sort_by(f64::total_cmp);
                    let upper = quantile(&xs, 1.0 - alpha);
                    let keep = |f: &dyn Fn(f64) -> bool| -> Vec<usize> {
                        members.iter().copied().filter(|&i| f(v[i])).collect()
                    };
                    out.push(Candidate {
                        limits: Self::with_limit(&current.limits, j, Limit::Real(*lo, upper)),
                        members: keep(&|x| x <= upper),
                    });
                    let lower = quantile(&xs, alpha);
                    out.push(Candidate {
                        limits: Self::with_limit(&current.limits, j, Limit::Real(lower, *hi)),
                        members: keep(&|x| x >= lower),
                    });
                }
                (Column::Integer(v), Limit::Integer(lo, hi)) => {
                    let mut xs: Vec<f64> = members.iter().map(|&i| v[i] as f64).collect();
                    xs.sort_by(f64::total_cmp);
                    for upper in [true, false] {
                        let q = if upper { 1.0 - alpha } else { alpha };
                        let peel = quantile(&xs, q).trunc() as i64;
                        let inside = |x: i64| match (upper, peel == if upper { *hi } else { *lo }) {
                            (true, true) => x < *hi && x >= *lo,
                            (true, false) => x <= peel && x >= *lo,
                            (false, true) => x > *lo && x <= *hi,
                            (false, false) => x >= peel && x <= *hi,
                        };
                        let kept: Vec<usize> =
                            members.iter().copied().filter(|&i| inside(v[i])).collect();
                        let values = kept.iter().map(|&i| v[i]);
                        let all = members.iter().map(|&i| v[i]);
                        let limit = if upper {
                            values.max().or_else(|| all.max())
                        } else {
                            values.min().or_else(|| all.min())
                        }
                        .expect("a box has points");
                        let limit = if upper {
                            Limit::Integer(*lo, limit)
                        } else {
                            Limit::Integer(limit, *hi)
                        };
                        out.push(Candidate {
                            limits: Self::with_limit(&current.limits, j, limit),
                            members: kept,
                        });
                    }
                }
                (Column::Categorical(v), Limit::Categories(cats)) if cats.len() > 1 => {
                    for &c in cats {
                        let rest: Vec<u32> = cats.iter().copied().filter(|&d| d != c).collect();
                        out.push(Candidate {
                            limits: Self::with_limit(&current.limits, j, Limit::Categories(rest)),
                            members: members.iter().copied().filter(|&i| v[i] != c).collect(),
                        });
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The points of `among` inside `limits` on the inputs `dims`.
    fn inside(&self, among: &[usize], limits: &[Limit], dims: &[usize]) -> Vec<usize> {
        among
            .iter()
            .copied()
            .filter(|&i| dims.iter().all(|&d| limits[d].holds_at(&self.inputs[d], i)))
            .collect()
    }

    fn pastes(&self, current: &Candidate, remaining: &[usize]) -> Vec<Candidate> {
        let alpha = self.settings.paste_alpha;
        let dims = self.restricted(&current.limits);
        // As EMA Workbench: without a restricted real input, nothing is pasted.
        if !dims
            .iter()
            .any(|&j| matches!(self.inputs[j], Column::Real(_)))
        {
            return vec![];
        }
        let mut out = vec![];
        for &j in self.order.iter().filter(|j| dims.contains(j)) {
            let limits = &current.limits;
            match (&self.inputs[j], &limits[j]) {
                (Column::Real(v), &Limit::Real(lo, hi)) => {
                    let Limit::Real(min, max) = self.initial[j] else {
                        continue;
                    };
                    let below = Self::with_limit(limits, j, Limit::Real(min, lo));
                    let mut xs: Vec<f64> = self
                        .inside(remaining, &below, &dims)
                        .iter()
                        .map(|&i| v[i])
                        .collect();
                    xs.sort_by(f64::total_cmp);
                    let low = if xs.is_empty() {
                        min
                    } else {
                        quantile(&xs, 1.0 - alpha)
                    };
                    let wider = Self::with_limit(limits, j, Limit::Real(low, hi));
                    out.push(Candidate {
                        members: self.inside(remaining, &wider, &dims),
                        limits: wider,
                    });
                    let above = Self::with_limit(limits, j, Limit::Real(hi, max));
                    let mut xs: Vec<f64> = self
                        .inside(remaining, &above, &dims)
                        .iter()
                        .map(|&i| v[i])
                        .collect();
                    xs.sort_by(f64::total_cmp);
                    let high = if xs.is_empty() {
                        max
                    } else {
                        quantile(&xs, alpha)
                    };
                    let wider = Self::with_limit(limits, j, Limit::Real(lo, high));
                    out.push(Candidate {
                        members: self.inside(remaining, &wider, &dims),
                        limits: wider,
                    });
                }
                (Column::Integer(v), &Limit::Integer(lo, hi)) => {
                    let Limit::Integer(min, max) = self.initial[j] else {
                        continue;
                    };
                    for lower in [true, false] {
                        let side = if lower {
                            Limit::Integer(min, lo)
                        } else {
                            Limit::Integer(hi, max)
                        };
                        let probe = Self::with_limit(limits, j, side);
                        let mut xs: Vec<f64> = self
                            .inside(remaining, &probe, &dims)
                            .iter()
                            .map(|&i| v[i] as f64)
                            .collect();
                        xs.sort_by(f64::total_cmp);
                        let wider = match (lower, xs.is_empty()) {
                            (true, true) => Limit::Integer(min, hi),
                            (true, false) => {
                                Limit::Integer(quantile(&xs, 1.0 - alpha).trunc() as i64, hi)
                            }
                            (false, true) => Limit::Integer(lo, max),
                            (false, false) => {
                                Limit::Integer(lo, quantile(&xs, alpha).trunc() as i64)
                            }
                        };
                        let wider = Self::with_limit(limits, j, wider);
                        out.push(Candidate {
                            members: self.inside(remaining, &wider, &dims),
                            limits: wider,
                        });
                    }
                }
                (Column::Categorical(_), Limit::Categories(cats)) => {
                    let Limit::Categories(all) = &self.initial[j] else {
                        continue;
                    };
                    for &c in all.iter().filter(|c| !cats.contains(c)) {
                        let mut more = cats.clone();
                        more.push(c);
                        more.sort_unstable();
                        let wider = Self::with_limit(limits, j, Limit::Categories(more));
                        out.push(Candidate {
                            members: self.inside(remaining, &wider, &dims),
                            limits: wider,
                        });
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The quasi-p-values of `step`'s restricted limits, over the points `remaining`.
    fn quasi_p(&self, step: &Step, remaining: &[usize]) -> Vec<QuasiP> {
        let dims = &step.restricted;
        let tail = |limits: &[Limit]| {
            let members = self.inside(remaining, limits, dims);
            let p = self.cases(&members) as f64 / members.len() as f64;
            binomial_upper_tail(step.cases as u64, step.points as u64, p)
        };
        dims.iter()
            .map(|&j| {
                let (low, high) = match (&step.limits[j], &self.initial[j]) {
                    (Limit::Real(lo, hi), &Limit::Real(min, max)) => (
                        (*lo != min).then(|| {
                            tail(&Self::with_limit(&step.limits, j, Limit::Real(min, *hi)))
                        }),
                        (*hi != max).then(|| {
                            tail(&Self::with_limit(&step.limits, j, Limit::Real(*lo, max)))
                        }),
                    ),
                    (Limit::Integer(lo, hi), &Limit::Integer(min, max)) => (
                        (*lo != min).then(|| {
                            tail(&Self::with_limit(&step.limits, j, Limit::Integer(min, *hi)))
                        }),
                        (*hi != max).then(|| {
                            tail(&Self::with_limit(&step.limits, j, Limit::Integer(*lo, max)))
                        }),
                    ),
                    (_, all) => (
                        Some(tail(&Self::with_limit(&step.limits, j, all.clone()))),
                        None,
                    ),
                };
                QuasiP {
                    input: j,
                    low,
                    high,
                }
            })
            .collect()
    }
}

/// The limits of all the data of `column`.
fn full_limits(column: &Column) -> Limit {
    match column {
        Column::Real(v) => Limit::Real(
            v.iter().copied().fold(f64::INFINITY, f64::min),
            v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ),
        Column::Integer(v) => Limit::Integer(
            v.iter().copied().min().unwrap_or(0),
            v.iter().copied().max().unwrap_or(0),
        ),
        Column::Categorical(v) => {
            let mut c = v.clone();
            c.sort_unstable();
            c.dedup();
            Limit::Categories(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_is_ema_workbenchs() {
        let d = [1.0, 2.0, 3.0, 4.0, 5.0];
        // (n − 1)·q = 0.2: between 1 and 2.
        assert_eq!(quantile(&d, 0.05), 1.5);
        assert_eq!(quantile(&d, 0.95), 4.5);
        // On a value: the midpoint with the next different one.
        assert_eq!(quantile(&d, 0.25), 2.5);
        assert_eq!(quantile(&d, 0.75), 3.5);
        let ties = [1.0, 1.0, 1.0, 2.0];
        assert_eq!(quantile(&ties, 0.05), 1.5);
        assert_eq!(quantile(&[3.0], 0.95), 3.0);
    }

    #[test]
    fn integer_and_categorical_inputs_are_peeled_to_the_region() {
        // y holds exactly where the integer input is at most 2 and the category is 1.
        let n = 800;
        let int: Vec<i64> = (0..n).map(|i| (i % 10) as i64).collect();
        let cat: Vec<u32> = (0..n).map(|i| ((i / 10) % 4) as u32).collect();
        let noise: Vec<f64> = (0..n)
            .map(|i| ((i * 7919) % 1000) as f64 / 1000.0)
            .collect();
        let y: Vec<bool> = (0..n).map(|i| int[i] <= 2 && cat[i] == 1).collect();
        let inputs = [
            Column::Real(noise),
            Column::Integer(int),
            Column::Categorical(cat),
        ];
        let found = discover(&inputs, &y, &PrimSettings::default()).unwrap();
        let first = &found.boxes[0];
        let last = first.last();
        assert!(first.accepted);
        assert_eq!((last.density, last.coverage), (1.0, 1.0));
        assert_eq!(last.restricted, vec![1, 2], "{:?}", last.limits);
        assert_eq!(last.limits[1], Limit::Integer(0, 2));
        assert_eq!(last.limits[2], Limit::Categories(vec![1]));
        // Every restricted limit matters here.
        for q in &first.quasi_p {
            assert!(q.low.into_iter().chain(q.high).all(|p| p < 1e-6), "{q:?}");
        }
    }

    #[test]
    fn lengths_must_agree() {
        let e = discover(
            &[Column::Real(vec![1.0])],
            &[true, false],
            &PrimSettings::default(),
        );
        assert!(matches!(e, Err(PrimError::Lengths { .. })));
    }
}

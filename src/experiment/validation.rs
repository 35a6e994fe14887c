//! Validation against the literature (March's (1991) experiments rerun with orgsim and set
//! beside the paper's published findings) and verification of the model's behaviour (the
//! estimates behind the patterns of docs/ODD.md §1).
//!
//! Owns the four validation experiments (the sweep files of `scenarios/validation/`, embedded
//! at build time so the command works from any folder), reducing their runs to what the paper
//! reports (equilibrium or period-20 code knowledge, knowledge over time, periods to
//! equilibrium), the published reference numbers, the criterion and verdict for every
//! published finding, and the pattern estimates (the same scenarios, replications and windows
//! as `tests/it/patterns.rs`). Runs on the current rayon pool; results do not depend on the
//! thread count. Does no I/O: it neither reads files nor writes the report (see
//! `crate::cli::validation`) or its figures (see `crate::output::validation_figures`).

use super::plan::{PointValue, SweepPlan};
use super::run_replications;
use super::runner::point_scenario;
use super::sweep_file::load_sweep_str;
use crate::ground::stats::Stats;
use crate::model::metrics::{Metric, ReplicationResult};
use crate::scenario::{Scenario, ScenarioError};
use std::fmt;
use std::path::Path;
mod experiments;
mod findings;
mod patterns;

pub use experiments::{
    Figure1, MixedLearners, TURBULENCE_EARLY, TURBULENCE_START, Turbulence, Turnover, figure1,
    mixed_learners, turbulence, turnover,
};
pub use findings::{PatternResult, Validation, findings, run_validation};
pub use patterns::{correlation, one_group, pattern, patterns, window_means, with_workforce};

/// The validation sweep files (path in the repository, text), embedded at build time.
pub const SWEEP_FILES: [(&str, &str); 4] = [
    (
        "scenarios/validation/figure1_p1_p2.toml",
        include_str!("../../scenarios/validation/figure1_p1_p2.toml"),
    ),
    (
        "scenarios/validation/mixed_learners.toml",
        include_str!("../../scenarios/validation/mixed_learners.toml"),
    ),
    (
        "scenarios/validation/turnover.toml",
        include_str!("../../scenarios/validation/turnover.toml"),
    ),
    (
        "scenarios/validation/turbulence.toml",
        include_str!("../../scenarios/validation/turbulence.toml"),
    ),
];

/// The shipped scenarios the patterns (docs/ODD.md §1) are estimated on (name, text).
const PATTERN_SCENARIOS: [(&str, &str); 6] = [
    ("control", include_str!("../../scenarios/control.toml")),
    ("coaching", include_str!("../../scenarios/coaching.toml")),
    (
        "transition",
        include_str!("../../scenarios/transition.toml"),
    ),
    ("default", include_str!("../../scenarios/default.toml")),
    (
        "innovation_top_down",
        include_str!("../../scenarios/innovation_top_down.toml"),
    ),
    (
        "innovation_participatory",
        include_str!("../../scenarios/innovation_participatory.toml"),
    ),
];

/// The findings that pattern 6 of docs/ODD.md §1 names: slow socialisation, p2, mixed
/// learners, turnover under fast socialisation, turbulence without turnover.
pub const PATTERN6_FINDINGS: [&str; 5] = ["F1", "F3", "M1", "T1", "B1"];

/// Replications of each scenario behind the patterns, as in `tests/it/patterns.rs`.
pub const PATTERN_REPLICATIONS: u32 = 60;

const P1: &str = "knowledge.socialisation_rate";
const P2: &str = "knowledge.code_learning_rate";
const P3: &str = "knowledge.turnover";
const FAST_SHARE: &str = "knowledge.fast_learner_share";

/// Equilibrium code knowledge of Workiewicz's (2019) Python recreation of March's original
/// program, 10,000 organisations a point (`Output/March_1991_p1_0.1-0.9_p2_0.1-0.9_p3_0_p4_0
/// _t_limit_100_i_10000.csv` in github.com/Mac13kW/March_1991_Original): rows p2 = 0.1, 0.5,
/// 0.9; columns p1 = 0.1, 0.2, ..., 0.9; K = (matches − mismatches)/m, as in orgsim.
pub const WORKIEWICZ_FIGURE1: [[f64; 9]; 3] = [
    [
        0.86327, 0.81714, 0.80506, 0.80215, 0.79935, 0.80317, 0.80596, 0.80902, 0.81323,
    ],
    [
        0.95425, 0.90881, 0.86907, 0.83707, 0.81063, 0.78674, 0.76789, 0.75402, 0.74207,
    ],
    [
        0.97241, 0.94041, 0.90814, 0.87369, 0.84007, 0.80673, 0.77963, 0.75606, 0.72840,
    ],
];
/// The p2 rows and p1 columns of `WORKIEWICZ_FIGURE1`.
pub const WORKIEWICZ_P2: [f64; 3] = [0.1, 0.5, 0.9];
pub const WORKIEWICZ_P1: [f64; 9] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/// A published source a finding is read from.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    /// Short key used in tables, e.g. `March 1991`.
    pub key: &'static str,
    pub citation: &'static str,
    pub url: &'static str,
}

/// Every source the report cites.
pub const SOURCES: &[Source] = &[
    Source {
        key: "March 1991",
        citation: "March, J. G. (1991). Exploration and exploitation in organizational learning. \
                   Organization Science 2(1), 71–87.",
        url: "https://doi.org/10.1287/orsc.2.1.71",
    },
    Source {
        key: "Workiewicz 2019",
        citation: "Workiewicz, M. (2019). Recreation of March (1991), Python, with the paper's \
                   rules quoted by page and Christensen's (2015) note on the original program; \
                   Figure 1 output for 10,000 organisations a point.",
        url: "https://github.com/Mac13kW/March_1991_Original",
    },
    Source {
        key: "Watts & Gilbert 2014",
        citation: "Watts, C. & Gilbert, N. (2014). Simulating Innovation, ch. 4: NetLogo model of \
                   March's organisational learning model, from BASIC code derived from March's \
                   original (via S. Rodan).",
        url: "http://www.simian.ac.uk/SimianResources/Book%20:%20Simulating%20Innovation%20-%20Models/4_EE/MarchOLM1.nlogo",
    },
    Source {
        key: "Barg (notes)",
        citation: "Barg, J. Reading notes on March (1991), with quotations by page.",
        url: "https://github.com/julianbarg/wiki/blob/master/March-1991.md",
    },
    Source {
        key: "phdane.com",
        citation: "Summary of March (1991): \"Turnover is also a source of new knowledge, though \
                   too much turnover results in a loss of organizational knowledge.\"",
        url: "https://phdane.com/posts/March1991-ExplorationAndExploitationInOrganizationalLearning",
    },
    Source {
        key: "IndigoSim",
        citation: "IndigoSim tutorial \"Exploration and exploitation\": a replication of March's \
                   model (pages on learning rates, turnover and turbulence).",
        url: "http://indigosim.org/tutorials/exploration/t3s2.htm",
    },
    Source {
        key: "ABAS 2015",
        citation: "Annals of Business Administrative Science 14(1), 35: a re-examination of \
                   March's socialisation-rate result, quoting March's conclusion.",
        url: "https://www.jstage.jst.go.jp/article/abas/14/1/14_35/_article",
    },
    Source {
        key: "Wikiversity",
        citation: "Wikiversity, Complex socio-ecological systems: annotated bibliography entry \
                   on March (1991).",
        url: "https://en.wikiversity.org/wiki/Complex_socio-ecological_systems/Other_Annotated_Bibliography_entries",
    },
    Source {
        key: "Rodan 2005",
        citation: "Rodan, S. (2005). Exploration and exploitation revisited: extending March's \
                   model of mutual learning. Scandinavian Journal of Management 21, 407–428 \
                   (abstract).",
        url: "https://works.bepress.com/simon_rodan/5/",
    },
    Source {
        key: "Jo 2024",
        citation: "Jo, H.-H. (2024). Exact solutions of the simplified March model for \
                   organizational learning. arXiv:2401.03640.",
        url: "https://arxiv.org/abs/2401.03640",
    },
];

/// The four validation sweeps.
#[derive(Clone, Debug)]
pub struct ValidationPlans {
    pub figure1: SweepPlan,
    pub mixed_learners: SweepPlan,
    pub turnover: SweepPlan,
    pub turbulence: SweepPlan,
}

impl ValidationPlans {
    /// The sweep files shipped in `scenarios/validation/` (embedded; no file is read).
    pub fn shipped() -> Result<ValidationPlans, ScenarioError> {
        let load = |i: usize| {
            let (path, text) = SWEEP_FILES[i];
            load_sweep_str(path, text, Path::new("scenarios/validation"))
        };
        Ok(ValidationPlans {
            figure1: load(0)?,
            mixed_learners: load(1)?,
            turnover: load(2)?,
            turbulence: load(3)?,
        })
    }

    /// Every plan with `replications` per point.
    pub fn with_replications(mut self, replications: u32) -> Self {
        for plan in [
            &mut self.figure1,
            &mut self.mixed_learners,
            &mut self.turnover,
            &mut self.turbulence,
        ] {
            plan.replications = replications;
        }
        self
    }
}

/// Why the validation could not run: a point or a scenario that does not load, or a plan
/// without the keys or points an experiment needs.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError(pub String);

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValidationError {}

fn err<T>(text: impl Into<String>) -> Result<T, ValidationError> {
    Err(ValidationError(text.into()))
}

/// What the validation runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Also estimate the patterns of docs/ODD.md §1.
    pub patterns: bool,
    /// Replications of each pattern scenario.
    pub pattern_replications: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            patterns: true,
            pattern_replications: PATTERN_REPLICATIONS,
        }
    }
}

/// How a finding of the literature fares in orgsim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Reproduced,
    Partly,
    NotReproduced,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Reproduced => "reproduced",
            Verdict::Partly => "partly",
            Verdict::NotReproduced => "not reproduced",
        }
    }

    fn from_counts(passed: usize, needed: usize, partly: usize) -> Verdict {
        if passed >= needed {
            Verdict::Reproduced
        } else if passed >= partly {
            Verdict::Partly
        } else {
            Verdict::NotReproduced
        }
    }

    fn from_bool(holds: bool) -> Verdict {
        if holds {
            Verdict::Reproduced
        } else {
            Verdict::NotReproduced
        }
    }
}

/// Which experiment a finding belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Experiment {
    Figure1,
    MixedLearners,
    Turnover,
    Turbulence,
}

impl Experiment {
    pub fn title(self) -> &'static str {
        match self {
            Experiment::Figure1 => "Learning rates and equilibrium knowledge (Figure 1)",
            Experiment::MixedLearners => "Fast and slow learners mixed",
            Experiment::Turnover => "Turnover",
            Experiment::Turbulence => "Turbulence",
        }
    }
}

/// One published finding, what orgsim gives and the verdict.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Short label, e.g. `F1` (Figure 1), `M1` (mixed learners), `T1` (turnover), `B1`
    /// (turbulence).
    pub id: &'static str,
    /// The finding in one line, for the summary.
    pub headline: &'static str,
    pub experiment: Experiment,
    /// The finding as published (paraphrased unless quoted).
    pub claim: &'static str,
    /// `Source::key`s it is read from.
    pub sources: &'static [&'static str],
    /// The test applied to orgsim's numbers.
    pub criterion: &'static str,
    /// orgsim's numbers behind the verdict.
    pub orgsim: String,
    pub verdict: Verdict,
}

/// Mean and 95% interval of the paired differences a − b (common random numbers).
pub fn paired(a: &[f64], b: &[f64]) -> Stats {
    Stats::of(a.iter().zip(b).map(|(x, y)| x - y))
}

/// `mean [low, high]` with `digits` decimals.
pub fn show(s: &Stats, digits: usize) -> String {
    format!(
        "{:.d$} [{:.d$}, {:.d$}]",
        s.mean,
        s.ci_low,
        s.ci_high,
        d = digits
    )
}

/// As `show`, with an explicit sign (for differences).
pub fn show_signed(s: &Stats, digits: usize) -> String {
    format!(
        "{:+.d$} [{:+.d$}, {:+.d$}]",
        s.mean,
        s.ci_low,
        s.ci_high,
        d = digits
    )
}

fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// What one March run ends with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunEnd {
    /// Code knowledge K in the last month.
    pub knowledge: f64,
    /// The last period in which code knowledge or mean individual knowledge changed: the
    /// period equilibrium was reached, for runs that reach one.
    pub last_change: u32,
    /// The run was still changing in its last period (it did not settle within the cap).
    pub unsettled: bool,
}

/// The end of one March-mode run.
pub fn run_end(result: &ReplicationResult) -> RunEnd {
    let rows = &result.months;
    let k = Metric::CodeKnowledge as usize;
    let mean = Metric::Knowledge as usize;
    let last = rows.len() - 1;
    let last_change = (1..rows.len())
        .rev()
        .find(|&t| rows[t][k] != rows[t - 1][k] || rows[t][mean] != rows[t - 1][mean])
        .unwrap_or(0);
    RunEnd {
        knowledge: rows[last][k],
        last_change: last_change as u32,
        unsettled: last_change == last && last > 0,
    }
}

fn float(value: &PointValue) -> Option<f64> {
    match value {
        PointValue::Float(x) => Some(*x),
        PointValue::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// The value of `key` at every point of `plan`.
fn key_values(plan: &SweepPlan, key: &str) -> Result<Vec<f64>, ValidationError> {
    let Some(index) = plan.keys.iter().position(|k| k == key) else {
        return err(format!("sweep `{}` does not vary `{key}`", plan.name));
    };
    plan.points
        .iter()
        .map(|p| {
            float(&p.values[index]).ok_or_else(|| {
                ValidationError(format!(
                    "sweep `{}`: `{key}` is not a number at point {}",
                    plan.name, p.id
                ))
            })
        })
        .collect()
}

/// Distinct values in order of first appearance.
fn distinct(values: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for &v in values {
        if !out.iter().any(|&o| same(o, v)) {
            out.push(v);
        }
    }
    out
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn position(values: &[f64], v: f64) -> usize {
    values
        .iter()
        .position(|&o| same(o, v))
        .expect("value taken from the same list")
}

/// Every point of `plan`, its scenario and its runs reduced by `reduce`, point by point (the
/// runs of one point are held at a time).
fn run_points<T: Send>(
    plan: &SweepPlan,
    reduce: impl Fn(&ReplicationResult) -> T + Sync,
) -> Result<Vec<(Scenario, Vec<T>)>, ValidationError> {
    (0..plan.points.len())
        .map(|p| {
            let scenario = point_scenario(plan, p)
                .map_err(|e| ValidationError(format!("sweep `{}`, point {p}: {e}", plan.name)))?;
            let results = run_replications(&scenario);
            let reduced = results.iter().map(&reduce).collect();
            Ok((scenario, reduced))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_sweeps_load_and_have_the_expected_shape() {
        let plans = ValidationPlans::shipped().expect("the validation sweeps load");
        assert_eq!(plans.figure1.points.len(), 27);
        assert_eq!(plans.figure1.replications, 80);
        assert_eq!(distinct(&key_values(&plans.figure1, P1).unwrap()).len(), 9);
        assert_eq!(distinct(&key_values(&plans.figure1, P2).unwrap()).len(), 3);
        assert!(key_values(&plans.mixed_learners, FAST_SHARE).is_ok());
        assert!(key_values(&plans.turnover, P3).is_ok());
        assert!(key_values(&plans.turbulence, P3).is_ok());
    }

    #[test]
    fn run_end_finds_the_last_change() {
        use crate::model::metrics::METRIC_COUNT;
        let mut row = [f64::NAN; METRIC_COUNT];
        row[Metric::CodeKnowledge as usize] = 0.0;
        row[Metric::Knowledge as usize] = 0.5;
        let mut rows = vec![row; 6];
        for r in rows.iter_mut().skip(3) {
            r[Metric::CodeKnowledge as usize] = 0.4;
        }
        let result = ReplicationResult {
            replication: 0,
            months: rows.clone(),
            groups: vec![Vec::new(); 6],
            events: vec![],
        };
        let end = run_end(&result);
        assert_eq!(
            (end.knowledge, end.last_change, end.unsettled),
            (0.4, 3, false)
        );
        rows[5][Metric::Knowledge as usize] = 0.6;
        let end = run_end(&ReplicationResult {
            months: rows,
            ..result
        });
        assert_eq!((end.last_change, end.unsettled), (5, true));
    }

    #[test]
    fn verdicts_follow_counts() {
        assert_eq!(Verdict::from_counts(2, 2, 1), Verdict::Reproduced);
        assert_eq!(Verdict::from_counts(1, 2, 1), Verdict::Partly);
        assert_eq!(Verdict::from_counts(0, 2, 1), Verdict::NotReproduced);
    }
}

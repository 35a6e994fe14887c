//! A sweep plan: the base scenario, the points of the design and what to keep of the output.
//!
//! Owns the plain data a sweep runs from, whatever produced it (a sweep file, a comparison of
//! scenario files). Every point is the base scenario plus `--set`-style overrides, so a point
//! is validated exactly like a scenario given on the command line. Does not own parsing sweep
//! files (see `super::sweep_file`), generating designs (see `design`) or running.

use super::design::MAX_POINTS;
use super::part_format::KeptOutput;
use super::parts::{Assembly, AssemblyPoint};
use crate::model::metrics::Metric;
use serde::{Deserialize, Serialize};

/// Most replications a point of a sweep may have.
pub const MAX_REPLICATIONS: u32 = 100_000;
/// Largest `[output] every_months`.
pub const MAX_EVERY_MONTHS: u32 = 1200;

/// One value of a varied key at one point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PointValue {
    Float(f64),
    Int(i64),
    Text(String),
    Bool(bool),
}

impl PointValue {
    /// The value as TOML, for a `--set` override (strings quoted).
    pub fn to_toml(&self) -> String {
        match self {
            PointValue::Float(x) if x.is_nan() => "nan".into(),
            PointValue::Float(x) if x.is_infinite() => if *x > 0.0 { "inf" } else { "-inf" }.into(),
            PointValue::Float(x) => {
                let text = format!("{x:?}");
                if text.contains(['.', 'e', 'E', 'i', 'N']) {
                    text
                } else {
                    format!("{text}.0")
                }
            }
            PointValue::Int(i) => i.to_string(),
            PointValue::Text(s) => format!("{s:?}"),
            PointValue::Bool(b) => b.to_string(),
        }
    }

    /// The value as a CSV cell.
    pub fn to_cell(&self) -> String {
        match self {
            PointValue::Float(x) => format!("{x}"),
            PointValue::Int(i) => i.to_string(),
            PointValue::Text(s) => s.clone(),
            PointValue::Bool(b) => b.to_string(),
        }
    }
}

/// One point of a design: a value for every varied key, in `SweepPlan::keys` order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// 0-based, in design order; also the order of every output file.
    pub id: u32,
    pub values: Vec<PointValue>,
}

/// What to keep of each run's output (for very large sweeps).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputSelection {
    /// Metrics to write (None: all).
    pub metrics: Option<Vec<Metric>>,
    /// Keep every k-th month (1: all). Month 0 and the horizon are always kept.
    pub every_months: u32,
    /// Level of summary.csv's predictive interval (None: the default, 90%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction_level: Option<f64>,
}

impl Default for OutputSelection {
    fn default() -> Self {
        Self {
            metrics: None,
            every_months: 1,
            prediction_level: None,
        }
    }
}

/// Whether month `month` of a run whose last month is `last` is written when keeping every
/// `every`-th month: month 0, multiples of `every` and the horizon are kept.
pub fn keeps_month(month: usize, last: usize, every: usize) -> bool {
    every <= 1 || month.is_multiple_of(every) || month == last
}

/// Everything a sweep runs from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPlan {
    /// Name of the sweep (used for the default output folder and the `scenario` column).
    pub name: String,
    /// Where the base scenario came from (a path, or `<sweep file> [base]` for an inline one),
    /// used in error messages.
    pub base_source: String,
    /// The base scenario's TOML text.
    pub base_text: String,
    /// Replications per point (replication r of every point uses the same random streams).
    pub replications: u32,
    /// Extra overrides applied to every point before its own (e.g. `seed=7`).
    pub base_overrides: Vec<String>,
    /// Dotted keys varied by the design, e.g. `knowledge.socialisation_rate`.
    pub keys: Vec<String>,
    pub points: Vec<Point>,
    pub output: OutputSelection,
    /// The design the points came from, when a sweep file made them (None for plans made
    /// otherwise, and in `plan.json` files of older versions, which lack it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<DesignRecord>,
}

/// The design of a sweep as `plan.json` records it: its kind, and for the sensitivity designs
/// what their analysis needs beyond the points (the layout, and for Morris the seed that
/// regenerates its unit-cube rows, which rounding integer keys in the points can blur).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DesignRecord {
    Grid,
    LatinHypercube,
    Random,
    Table,
    Sobol {
        base_samples: u32,
        second_order: bool,
        seed: u64,
    },
    Morris {
        trajectories: u32,
        levels: u32,
        seed: u64,
        /// The r trajectories kept of `trajectories` candidates (optimised selection).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        optimal_trajectories: Option<u32>,
    },
}

impl DesignRecord {
    /// The design's name as written in a sweep file (`kind = "..."`).
    pub fn kind(&self) -> &'static str {
        match self {
            DesignRecord::Grid => "grid",
            DesignRecord::LatinHypercube => "latin_hypercube",
            DesignRecord::Random => "random",
            DesignRecord::Table => "table",
            DesignRecord::Sobol { .. } => "sobol",
            DesignRecord::Morris { .. } => "morris",
        }
    }
}

impl SweepPlan {
    /// What `experiment::parts::assemble` needs to write this plan's tables. `point(i)` gives
    /// point i's workforce group names, or why the point failed.
    pub fn assembly<'a>(
        &'a self,
        point: impl Fn(usize) -> Result<&'a [String], String>,
    ) -> Assembly<'a> {
        Assembly {
            name: &self.name,
            keys: &self.keys,
            replications: self.replications,
            points: self
                .points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let (group_names, error) = match point(i) {
                        Ok(names) => (Some(names), String::new()),
                        Err(error) => (None, error),
                    };
                    AssemblyPoint {
                        id: p.id,
                        values: p.values.iter().map(|v| v.to_cell()).collect(),
                        group_names,
                        error,
                    }
                })
                .collect(),
            metrics: self.output.metrics.as_deref(),
            every_months: self.output.every_months as usize,
            prediction_level: self
                .output
                .prediction_level
                .unwrap_or(crate::ground::stats::DEFAULT_PREDICTION_LEVEL),
        }
    }

    /// What the part files of this sweep keep of each run: what its tables will hold.
    pub fn kept_output(&self) -> KeptOutput {
        KeptOutput::new(
            self.output.metrics.as_deref(),
            self.output.every_months as usize,
        )
    }

    /// Checks the limits a sweep file is held to, for a plan read back from disk (a
    /// `plan.json` written by another version or edited by hand): the reason if one is broken.
    pub fn check_limits(&self) -> Result<(), String> {
        if !(1..=MAX_REPLICATIONS).contains(&self.replications) {
            return Err(format!(
                "`replications` is {}, expected 1 to {MAX_REPLICATIONS}",
                self.replications
            ));
        }
        if self.points.len() as u64 > MAX_POINTS {
            return Err(format!(
                "it has {} points, expected at most {MAX_POINTS}",
                self.points.len()
            ));
        }
        if !(1..=MAX_EVERY_MONTHS).contains(&self.output.every_months) {
            return Err(format!(
                "`output.every_months` is {}, expected 1 to {MAX_EVERY_MONTHS}",
                self.output.every_months
            ));
        }
        for (i, point) in self.points.iter().enumerate() {
            if point.id as usize != i {
                return Err(format!("point {i} has id {}, expected {i}", point.id));
            }
            if point.values.len() != self.keys.len() {
                return Err(format!(
                    "point {i} has {} values for {} keys",
                    point.values.len(),
                    self.keys.len()
                ));
            }
        }
        Ok(())
    }

    /// The `--set` overrides that turn the base scenario into `point`.
    pub fn overrides(&self, point: &Point) -> Vec<String> {
        let mut overrides = self.base_overrides.clone();
        overrides.push(format!("replications={}", self.replications));
        for (key, value) in self.keys.iter().zip(&point.values) {
            overrides.push(format!("{key}={}", value.to_toml()));
        }
        overrides
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_as_toml_that_keeps_their_type() {
        assert_eq!(PointValue::Float(1.0).to_toml(), "1.0");
        assert_eq!(PointValue::Float(0.25).to_toml(), "0.25");
        assert_eq!(PointValue::Float(1e-7).to_toml(), "1e-7");
        assert_eq!(PointValue::Int(3).to_toml(), "3");
        assert_eq!(
            PointValue::Text("top_down".into()).to_toml(),
            "\"top_down\""
        );
        assert_eq!(PointValue::Bool(true).to_toml(), "true");
    }

    #[test]
    fn overrides_set_replications_then_every_key() {
        let plan = SweepPlan {
            name: "s".into(),
            base_source: "b.toml".into(),
            base_text: String::new(),
            replications: 5,
            base_overrides: vec!["seed=7".into()],
            keys: vec!["knowledge.socialisation_rate".into(), "months".into()],
            points: vec![],
            output: OutputSelection::default(),
            design: None,
        };
        let point = Point {
            id: 0,
            values: vec![PointValue::Float(0.5), PointValue::Int(24)],
        };
        assert_eq!(
            plan.overrides(&point),
            [
                "seed=7",
                "replications=5",
                "knowledge.socialisation_rate=0.5",
                "months=24"
            ]
        );
    }
}

//! Calibration targets files: the base scenario, the populations compared, the priors of the
//! uncertain coefficients and the empirical targets with their sources.
//!
//! Owns reading a targets file (`load_targets_file`, `load_targets_str`) and checking it with
//! the scenario machinery (`document` for positions, `diagnostics` for messages and
//! did-you-mean, `schema` for every key's range): unknown keys, wrong types, priors outside
//! their key's declared range, unknown metrics and populations, bands that are empty. The
//! base scenario is loaded with every population's overrides at both ends of every prior, so a
//! point the calibration will run is refused now, at the place in the targets file that
//! caused it. The result is a `TargetsSpec` of plain data. Does not build the sweep, run it or
//! analyse its results (see `crate::experiment::calibration`).

use super::diagnostics::{Diagnostic, Origin, ScenarioError, did_you_mean};
use super::document::{Entry, Node, Table, Value, parse_document, parse_value};
use super::load::{
    DEFAULT_SCENARIO_TOML, Scalar, check_scalar, decode_utf8, load_str, read_source,
};
use super::names::{check_file_stem, check_name};
use super::schema::{KeyInfo, SCENARIO_KEYS, ValueKind, find_key, list_names};
use crate::model::metrics::METRICS;
use crate::model::params::PARAMETER_SPECS;
use std::path::Path;
mod entries;
mod sections;
mod targets;

// The parts of the checker (`sections`, `entries`, `targets`) are `impl Checker` blocks that
// see this module's items.

/// The statistics a target can name, as written in `statistic = "..."`.
pub const STATISTICS: &[&str] = &[
    "value",
    "relative_change",
    "standardised_difference",
    "one_minus",
];
/// The sampling designs of `[calibration] design`.
pub const SAMPLE_DESIGNS: &[&str] = &["latin_hypercube", "random"];
/// Most parameter sets one calibration may draw.
pub const MAX_SAMPLES: i64 = 1_000_000;
/// Most populations (each parameter set runs once per population).
pub const MAX_POPULATIONS: usize = 10;
/// Most priors, targets and overrides per list.
pub const MAX_ENTRIES: usize = 256;
/// Replications per point when the file gives none.
pub const DEFAULT_REPLICATIONS: u32 = 10;

const TOP_KEYS: &[&str] = &["calibration", "population", "prior", "target"];
const CALIBRATION_KEYS: &[&str] = &[
    "name",
    "description",
    "base",
    "set",
    "replications",
    "seed",
    "samples",
    "design",
    "accept",
];
const ACCEPT_KEYS: &[&str] = &["quantile", "max_distance", "all_within_bands"];
const POPULATION_KEYS: &[&str] = &["name", "set"];
const PRIOR_KEYS: &[&str] = &["key", "low", "high"];
const TARGET_KEYS: &[&str] = &[
    "name",
    "statistic",
    "metric",
    "population",
    "populations",
    "month",
    "complement",
    "band",
    "source",
    "peer_reviewed",
    "note",
];

/// One `--set` value of a population.
#[derive(Clone, Debug, PartialEq)]
pub enum SetValue {
    Float(f64),
    Int(i64),
    Text(String),
    Bool(bool),
}

/// A population: the base scenario with its own overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct PopulationSpec {
    pub name: String,
    /// `(key, value)`, keys as `--set` writes them; every population sets the same keys.
    pub set: Vec<(String, SetValue)>,
}

/// A uniform prior over one key (a model parameter or a numeric scenario key).
#[derive(Clone, Debug, PartialEq)]
pub struct PriorSpec {
    pub key: String,
    pub low: f64,
    pub high: f64,
    /// The key takes integers.
    pub integer: bool,
}

/// Which statistic of the simulated data a target constrains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatisticKind {
    /// Mean of the metric in one population at the month.
    Value,
    /// `M(P2)/M(P1) - 1` at the month.
    RelativeChange,
    /// `(M(P2) - M(P1))` over the pooled individual SD (metric `sd_M`) at the month.
    StandardisedDifference,
    /// `1 - M(P)` at the month (e.g. turnover from retention).
    OneMinus,
}

impl StatisticKind {
    pub fn name(self) -> &'static str {
        match self {
            StatisticKind::Value => "value",
            StatisticKind::RelativeChange => "relative_change",
            StatisticKind::StandardisedDifference => "standardised_difference",
            StatisticKind::OneMinus => "one_minus",
        }
    }

    /// Populations the statistic compares (1 or 2).
    pub fn populations(self) -> usize {
        match self {
            StatisticKind::Value | StatisticKind::OneMinus => 1,
            _ => 2,
        }
    }
}

/// One empirical target.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetSpec {
    pub name: String,
    pub statistic: StatisticKind,
    pub metric: String,
    /// The individual SD metric (`sd_<metric>`) of a standardised difference.
    pub sd_metric: Option<String>,
    /// Indexes into `TargetsSpec::populations`: one, or (reference, compared).
    pub populations: Vec<usize>,
    pub month: u32,
    /// The metric is read as `1 - M` before the statistic (e.g. turnover from retention).
    pub complement: bool,
    pub band: (f64, f64),
    pub source: String,
    pub peer_reviewed: bool,
    pub note: String,
}

/// How parameter sets are accepted into the posterior.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AcceptSpec {
    /// The `share` of sets closest to the targets (at least one), and only those within
    /// `max_distance` when given.
    Quantile {
        share: f64,
        max_distance: Option<f64>,
    },
    /// Every set whose statistics all fall inside their bands (distance 0).
    AllWithinBands,
}

/// A checked targets file.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetsSpec {
    pub name: String,
    pub description: String,
    /// Where the base scenario came from (a path, or `default.toml`).
    pub base_source: String,
    pub base_text: String,
    /// Overrides of the base applied to every point (`[calibration] set`).
    pub base_overrides: Vec<String>,
    pub replications: u32,
    pub seed: u64,
    pub samples: u32,
    /// `true`: a Latin hypercube; `false`: independent uniform draws.
    pub latin_hypercube: bool,
    pub accept: AcceptSpec,
    pub populations: Vec<PopulationSpec>,
    pub priors: Vec<PriorSpec>,
    pub targets: Vec<TargetSpec>,
    /// The base scenario's horizon (after the overrides).
    pub months: u32,
}

/// Whether the file at `path` is a targets file (it has a `[calibration]` table) rather than
/// a sweep file; an unreadable file is not.
pub fn is_targets_file(path: &Path) -> bool {
    let Ok(bytes) = read_source(path, "targets file") else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    let (doc, _) = parse_document(&text, &|r| Origin::File(r));
    matches!(doc.get("calibration"), Some(e) if matches!(e.node.value, Value::Table(_)))
}

/// Loads the targets file at `path`; a `base = "..."` path is relative to the file's folder.
pub fn load_targets_file(path: &Path) -> Result<TargetsSpec, ScenarioError> {
    let source_name = path.display().to_string();
    let bytes = read_source(path, "targets file").map_err(|reason| {
        ScenarioError::whole_file(
            &source_name,
            format!("cannot read targets file `{source_name}`: {reason}"),
        )
    })?;
    let text = decode_utf8(&source_name, &bytes, &[], "targets file")?;
    load_targets_str(&source_name, &text, path.parent().unwrap_or(Path::new("")))
}

/// Loads a targets file from `text`; `source_name` names it in messages (its file stem is the
/// calibration's name when the text gives none), `base_dir` is where `base` is relative to.
pub fn load_targets_str(
    source_name: &str,
    text: &str,
    base_dir: &Path,
) -> Result<TargetsSpec, ScenarioError> {
    let (doc, syntax) = parse_document(text, &|r| Origin::File(r));
    if !syntax.is_empty() {
        return Err(ScenarioError::new(source_name, text, &[], syntax));
    }
    let mut checker = Checker {
        source_name,
        base_dir,
        diagnostics: Vec::new(),
    };
    let spec = checker.check(&doc);
    match spec {
        Some(spec) if checker.diagnostics.is_empty() => Ok(spec),
        _ => Err(ScenarioError::new(
            source_name,
            text,
            &[],
            checker.diagnostics,
        )),
    }
}

struct Checker<'a> {
    source_name: &'a str,
    base_dir: &'a Path,
    diagnostics: Vec<Diagnostic>,
}

/// An override and where it was written.
type Placed = (String, Origin);

impl Checker<'_> {
    fn report(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Reports keys of `table` not in `allowed`, with a suggestion.
    fn unknown_keys(&mut self, table: &Table, allowed: &[&str], path: &str) {
        for entry in &table.entries {
            if allowed.contains(&entry.key.as_str()) {
                continue;
            }
            let full = if path.is_empty() {
                entry.key.clone()
            } else {
                format!("{path}.{}", entry.key)
            };
            let mut d = Diagnostic::new(
                entry.key_origin.clone(),
                Some(full),
                format!("unknown key `{}`", entry.key),
                format!("expected one of {}", list_names(allowed)),
            );
            if let Some(s) = did_you_mean(&entry.key, allowed.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            self.report(d);
        }
    }

    /// The value of `key` in `table` checked against `kind` (None: absent or reported).
    fn scalar(&mut self, table: &Table, path: &str, key: &str, kind: ValueKind) -> Option<Scalar> {
        let entry = table.get(key)?;
        match check_scalar(kind, &format!("{path}{key}"), "", &entry.node) {
            Ok(value) => Some(value),
            Err(d) => {
                self.report(d);
                None
            }
        }
    }

    fn string(&mut self, table: &Table, path: &str, key: &str) -> Option<String> {
        match self.scalar(table, path, key, ValueKind::Str)? {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    fn number(&mut self, table: &Table, path: &str, key: &str, min: f64, max: f64) -> Option<f64> {
        match self.scalar(table, path, key, ValueKind::Float { min, max })? {
            Scalar::Float(x) => Some(x),
            _ => None,
        }
    }

    fn integer(&mut self, table: &Table, path: &str, key: &str, min: i64, max: i64) -> Option<i64> {
        match self.scalar(table, path, key, ValueKind::Int { min, max })? {
            Scalar::Int(i) => Some(i),
            _ => None,
        }
    }

    fn boolean(&mut self, table: &Table, path: &str, key: &str) -> Option<bool> {
        match self.scalar(table, path, key, ValueKind::Bool)? {
            Scalar::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// A required key that is absent.
    fn missing(&mut self, origin: &Origin, path: &str, key: &str, expected: &str) {
        self.report(Diagnostic::new(
            origin.clone(),
            Some(format!("{path}{key}")),
            format!("`{path}{key}` is missing"),
            format!("expected `{key} = ` {expected}"),
        ));
    }

    /// A list of tables (`[[name]]`), each with its origin; a wrong type is reported.
    fn tables<'t>(&mut self, doc: &'t Table, key: &str) -> Vec<(&'t Table, Origin)> {
        let Some(entry) = doc.get(key) else {
            return vec![];
        };
        let wrong = |found: &str| {
            Diagnostic::new(
                entry.node.origin.clone(),
                Some(key.into()),
                format!("`{key}` has the wrong type"),
                format!("expected `[[{key}]]` tables, found {found}"),
            )
        };
        match &entry.node.value {
            Value::Array(items) => {
                let mut found = vec![];
                for item in items {
                    match &item.value {
                        Value::Table(t) => found.push((t, item.origin.clone())),
                        other => self.report(wrong(other.type_phrase())),
                    }
                }
                if found.len() > MAX_ENTRIES {
                    self.report(wrong(&format!(
                        "{} of them (at most {MAX_ENTRIES})",
                        found.len()
                    )));
                    found.truncate(MAX_ENTRIES);
                }
                found
            }
            other => {
                self.report(wrong(other.type_phrase()));
                vec![]
            }
        }
    }

    /// A list of `--set` strings at `path`, each with the origin of its element.
    fn overrides(&mut self, table: &Table, path: &str) -> Vec<Placed> {
        let Some(entry) = table.get("set") else {
            return vec![];
        };
        let wrong = |origin: &Origin, found: &str| {
            Diagnostic::new(
                origin.clone(),
                Some(format!("{path}set")),
                format!("`{path}set` has the wrong type"),
                format!(
                    "expected a list of `--set` strings such as \"management.style_mean=0.9\", found {found}"
                ),
            )
        };
        let Value::Array(items) = &entry.node.value else {
            let d = wrong(&entry.node.origin, entry.node.value.type_phrase());
            self.report(d);
            return vec![];
        };
        let mut found = vec![];
        for item in items.iter().take(MAX_ENTRIES) {
            match &item.value {
                Value::Str(s) if s.contains('=') => found.push((s.clone(), item.origin.clone())),
                Value::Str(s) => self.report(
                    Diagnostic::new(
                        item.origin.clone(),
                        Some(format!("{path}set")),
                        format!("`{s}` has no value"),
                        "expected KEY=VALUE, as `--set` takes it",
                    )
                    .with_help("write e.g. \"management.style_mean=0.9\""),
                ),
                other => {
                    let d = wrong(&item.origin, other.type_phrase());
                    self.report(d);
                }
            }
        }
        found
    }
}

/// A checked population and the origin of each of its overrides.
pub(super) struct Population(PopulationSpec, Vec<Origin>);

impl Population {
    fn set_text(&self) -> Vec<Placed> {
        self.0
            .set
            .iter()
            .zip(&self.1)
            .map(|((k, v), o)| (format!("{k}={}", v.to_toml()), o.clone()))
            .collect()
    }
}

impl SetValue {
    /// The value as TOML (strings quoted).
    pub fn to_toml(&self) -> String {
        match self {
            SetValue::Float(x) => {
                let text = format!("{x:?}");
                if text.contains(['.', 'e', 'E', 'i', 'N']) {
                    text
                } else {
                    format!("{text}.0")
                }
            }
            SetValue::Int(i) => i.to_string(),
            SetValue::Text(s) => format!("{s:?}"),
            SetValue::Bool(b) => b.to_string(),
        }
    }
}

/// A `--set` right-hand side as a value: TOML if it parses, else text (as `--set` reads it).
fn set_value(text: &str) -> SetValue {
    match parse_value(text, &|_| Origin::Builtin).map(|n| n.value) {
        Some(Value::Float(x)) => SetValue::Float(x),
        Some(Value::Int(Some(i))) => SetValue::Int(i),
        Some(Value::Bool(b)) => SetValue::Bool(b),
        Some(Value::Str(s)) => SetValue::Text(s),
        _ => SetValue::Text(text.to_string()),
    }
}

/// A prior's end as `--set` takes it.
fn number_text(x: f64, integer: bool) -> String {
    if integer {
        format!("{}", x.round() as i64)
    } else {
        SetValue::Float(x).to_toml()
    }
}

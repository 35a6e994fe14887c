//! Sweep files: a base scenario, the keys to vary and how, and what output to keep.
//!
//! Owns reading a sweep file (`load_sweep_file`, `load_sweep_str`) and checking it as
//! thoroughly as a scenario, with the scenario layer's machinery (`document` for the tree and positions,
//! `diagnostics` for messages and did-you-mean, `schema` for every key's type and range):
//! unknown keys, wrong types, varied keys that `--set` would not accept, values outside a
//! key's range, options that do not fit the design, unknown metrics — all reported at once.
//! The base scenario (a file, an inline `[base]` table or the built-in default) is loaded with
//! the sweep's replications and seed, and its problems are reported too: those of an inline
//! base at their position in the sweep file. The result is a `SweepPlan` whose points come
//! from `crate::experiment::design`.
//! Does not generate the points itself (see `crate::experiment::design`), does not validate
//! each point (a point can still break a cross-field rule; the runner reports it) and does
//! not run anything.

use super::design::{self, MAX_POINTS};
use super::plan::{MAX_EVERY_MONTHS, MAX_REPLICATIONS, OutputSelection, PointValue, SweepPlan};
use crate::model::metrics::{METRICS, Metric};
use crate::scenario::diagnostics::{Diagnostic, MAX_SHOWN, Origin, ScenarioError, did_you_mean};
use crate::scenario::document::{Entry, Node, Table, Value, parse_document};
use crate::scenario::load::{Scalar, check_scalar, decode_utf8, read_source};
use crate::scenario::names::{check_file_stem, check_name};
use crate::scenario::schema::{KeyInfo, TABLES, ValueKind, find_key};
use crate::scenario::types::Scenario;
use std::path::Path;
mod base;
mod design_section;
mod design_sensitivity;
mod design_table;
mod keys;

use design_section::DesignKind;

/// Replications per point when the sweep file gives none.
pub const DEFAULT_REPLICATIONS: u32 = 10;
/// The sampling seed of latin_hypercube and random designs when `[design]` gives none.
pub const DEFAULT_DESIGN_SEED: u64 = 1;
/// The design kinds, as written in `[design] kind = "..."`.
pub const DESIGN_KINDS: &[&str] = &[
    "grid",
    "latin_hypercube",
    "random",
    "table",
    "sobol",
    "morris",
];

/// Most keys one sweep may vary (`[[vary]]` entries, or `design.keys` of a table design):
/// more than there are model parameters and scenario keys together, and few enough that a
/// generated file cannot make checking slow.
pub const MAX_VARIED_KEYS: usize = 256;

const TOP_KEYS: &[&str] = &[
    "name",
    "description",
    "base",
    "replications",
    "seed",
    "design",
    "vary",
    "output",
];
const DESIGN_KEYS: &[&str] = &[
    "kind",
    "points",
    "seed",
    "keys",
    "rows",
    "base_samples",
    "second_order",
    "trajectories",
    "levels",
    "optimal_trajectories",
];
const VARY_KEYS: &[&str] = &["key", "values", "from", "to", "steps"];
const OUTPUT_KEYS: &[&str] = &["metrics", "every_months", "prediction_level"];

const POINTS: ValueKind = ValueKind::Int {
    min: 1,
    max: MAX_POINTS as i64,
};
const STEPS: ValueKind = ValueKind::Int {
    min: 2,
    max: MAX_POINTS as i64,
};
const SEED: ValueKind = ValueKind::Int {
    min: 0,
    max: i64::MAX,
};
const EVERY_MONTHS: ValueKind = ValueKind::Int {
    min: 1,
    max: MAX_EVERY_MONTHS as i64,
};
const REPLICATIONS: ValueKind = ValueKind::Int {
    min: 1,
    max: MAX_REPLICATIONS as i64,
};

/// Where `--set` paths are explained in messages.
const PATH_NOTE: &str = "varied keys are written as for `--set`: `knowledge.socialisation_rate`, \
                         `parameters.NAME`, `workforce.0.share`, `interventions.0.month`";

/// Loads the sweep file at `path`; a `base = "..."` path is relative to the file's folder.
/// An unreadable, oversized or non-UTF-8 file is a `ScenarioError` naming the path.
pub fn load_sweep_file(path: &Path) -> Result<SweepPlan, ScenarioError> {
    load_sweep_file_within(path, &|_, _| Ok(())).map_err(|e| match e {
        SweepLoadError::Invalid(e) => e,
        SweepLoadError::Refused(_) => unreachable!("nothing is refused"),
    })
}

/// Why [`load_sweep_file_within`] gave no plan.
#[derive(Debug)]
pub enum SweepLoadError {
    /// The file has problems (a full diagnostic).
    Invalid(ScenarioError),
    /// The sweep is valid but was refused before its points were generated (e.g. memory).
    Refused(String),
}

impl std::fmt::Display for SweepLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SweepLoadError::Invalid(e) => write!(f, "{e}"),
            SweepLoadError::Refused(message) => write!(f, "{message}"),
        }
    }
}

/// Answers, before a valid sweep's points are generated, whether a sweep of this many points
/// and varied keys may be built (a grid of millions of points takes hundreds of megabytes).
pub type PlanFits<'a> = &'a dyn Fn(u64, usize) -> Result<(), String>;

/// [`load_sweep_file`], asking `fits` before generating the points.
pub fn load_sweep_file_within(path: &Path, fits: PlanFits) -> Result<SweepPlan, SweepLoadError> {
    let source_name = path.display().to_string();
    let bytes = read_source(path, "sweep file").map_err(|reason| {
        ScenarioError::whole_file(
            &source_name,
            format!("cannot read sweep file `{source_name}`: {reason}"),
        )
    })?;
    let base_dir = path.parent().unwrap_or(Path::new(""));
    let text = decode_utf8(&source_name, &bytes, &[], "sweep file")?;
    load_sweep_str_within(&source_name, &text, base_dir, fits)
}

/// Loads a sweep from the bytes of a file (which need not be UTF-8: that is an error like any
/// other); `source_name` and `base_dir` as in [`load_sweep_str`].
pub fn load_sweep_bytes(
    source_name: &str,
    bytes: &[u8],
    base_dir: &Path,
) -> Result<SweepPlan, ScenarioError> {
    let text = decode_utf8(source_name, bytes, &[], "sweep file")?;
    load_sweep_str(source_name, &text, base_dir)
}

/// Loads a sweep from `text`; `source_name` is used in messages (its file stem is the sweep's
/// name when the text gives none) and `base_dir` is the folder `base = "..."` is relative to.
pub fn load_sweep_str(
    source_name: &str,
    text: &str,
    base_dir: &Path,
) -> Result<SweepPlan, ScenarioError> {
    load_sweep_str_within(source_name, text, base_dir, &|_, _| Ok(())).map_err(|e| match e {
        SweepLoadError::Invalid(e) => e,
        SweepLoadError::Refused(_) => unreachable!("nothing is refused"),
    })
}

fn load_sweep_str_within(
    source_name: &str,
    text: &str,
    base_dir: &Path,
    fits: PlanFits,
) -> Result<SweepPlan, SweepLoadError> {
    let (doc, syntax) = parse_document(text, &|r| Origin::File(r));
    if !syntax.is_empty() {
        return Err(ScenarioError::new(source_name, text, &[], syntax).into());
    }
    let mut checker = Checker {
        source_name,
        text,
        base_dir,
        diagnostics: Vec::new(),
        fits,
        refused: None,
        base_more: 0,
    };
    let plan = checker.check(&doc);
    if let Some(message) = checker.refused {
        return Err(SweepLoadError::Refused(message));
    }
    match plan {
        Some(plan) if checker.diagnostics.is_empty() => Ok(plan),
        _ => Err(
            ScenarioError::new(source_name, text, &[], checker.diagnostics)
                .with_more(checker.base_more)
                .into(),
        ),
    }
}

impl From<ScenarioError> for SweepLoadError {
    fn from(e: ScenarioError) -> Self {
        SweepLoadError::Invalid(e)
    }
}

/// The base scenario as the sweep will run it.
struct Base {
    source: String,
    text: String,
    /// The loaded base (None: it has problems, already reported).
    scenario: Option<Scenario>,
}

/// What one `[[vary]]` entry gives, once checked.
enum Spread {
    Values(Vec<PointValue>),
    Range { range: design::Range, steps: u32 },
}

/// A varied key: its path, its declaration (None: invalid, already reported) and its position.
struct Varied {
    path: String,
    info: Option<KeyInfo>,
    origin: Origin,
}

struct Checker<'a> {
    source_name: &'a str,
    text: &'a str,
    base_dir: &'a Path,
    diagnostics: Vec<Diagnostic>,
    fits: PlanFits<'a>,
    /// Why a valid sweep was refused before its points were generated.
    refused: Option<String>,
    /// Problems of the base scenario beyond those its error kept (counted, not shown).
    base_more: usize,
}

/// The problem with a list of `found` varied keys at `path`, over [`MAX_VARIED_KEYS`]; its
/// entries are then not checked one by one.
fn too_many_keys(path: &str, origin: &Origin, found: usize) -> Diagnostic {
    Diagnostic::new(
        origin.clone(),
        Some(path.into()),
        format!("`{path}` has too many keys"),
        format!("expected at most {MAX_VARIED_KEYS} varied keys, found {found}"),
    )
}

/// `prefix.name`, or `name` at the top level.
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// `` `a`, `b`, `c` ``.
fn comma_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// " for `key`" when the value is for a scenario key.
fn for_key(key: Option<&str>) -> String {
    key.map(|k| format!(" for `{k}`")).unwrap_or_default()
}

impl Checker<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn check(&mut self, doc: &Table) -> Option<SweepPlan> {
        self.unknown_keys(doc, "", TOP_KEYS);
        let name = self.value(doc, "", "name", ValueKind::Str, None);
        let stem = Path::new(self.source_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty());
        let name_problem = match (&name, doc.get("name"), &stem) {
            (Some(PointValue::Text(n)), Some(entry), _) => {
                check_name(n, &entry.node.origin, "name", "sweep")
            }
            (None, None, Some(stem)) => check_file_stem(stem, "sweep"),
            _ => None,
        };
        if let Some(d) = name_problem {
            self.report(d);
        }
        self.value(doc, "", "description", ValueKind::Str, None);
        let replications = match self.value(doc, "", "replications", REPLICATIONS, None) {
            Some(PointValue::Int(n)) => Some(n as u32),
            _ if doc.get("replications").is_some() => None,
            _ => Some(DEFAULT_REPLICATIONS),
        };
        let seed = match self.value(doc, "", "seed", SEED, None) {
            Some(PointValue::Int(s)) => Some(s as u64),
            _ => None,
        };

        // The overrides every point starts from, with where each comes from in this file.
        let mut overrides: Vec<(String, Origin)> = Vec::new();
        if let (Some(seed), Some(entry)) = (seed, doc.get("seed")) {
            overrides.push((format!("seed={seed}"), entry.node.origin.clone()));
        }
        let base_overrides: Vec<String> = overrides.iter().map(|(o, _)| o.clone()).collect();
        if let Some(n) = replications {
            let origin = doc
                .get("replications")
                .map_or(Origin::Builtin, |e| e.node.origin.clone());
            overrides.push((format!("replications={n}"), origin));
        }
        let base = self.base(doc, &overrides);
        let scenario = base.as_ref().and_then(|b| b.scenario.as_ref());

        let design_table = self.section(doc, "design");
        let (kind, kind_ok) = self.design_kind(design_table);
        let design = self.design(doc, design_table, kind, kind_ok, scenario);
        let output = self.output(doc);

        let design = design?;
        let base = base?;
        let (keys, design) = design;
        let name = match name {
            Some(PointValue::Text(n)) => n,
            _ => stem.unwrap_or_else(|| "sweep".into()),
        };
        if !self.diagnostics.is_empty() {
            return None;
        }
        if let Err(message) = (self.fits)(design.len(), keys.len()) {
            self.refused = Some(message);
            return None;
        }
        Some(SweepPlan {
            name,
            base_source: base.source,
            base_text: base.text,
            replications: replications?,
            base_overrides,
            keys,
            points: design::points(&design),
            output: output?,
            design: Some(design.record()),
        })
    }

    /// The entry `name` of `table`.
    fn entry<'d>(table: &'d Table, name: &str) -> Option<&'d Entry> {
        table.get(name)
    }

    /// Checks the scalar `name` of `table` (absent: None, nothing reported).
    fn value(
        &mut self,
        table: &Table,
        path: &str,
        name: &str,
        kind: ValueKind,
        key: Option<&str>,
    ) -> Option<PointValue> {
        let entry = Self::entry(table, name)?;
        self.check_value(kind, &join(path, name), key, &entry.node)
    }

    /// Checks one value against `kind`; `subject` is its path in the sweep file and `key` the
    /// scenario key it is a value for, if any. Messages follow the scenario checker's.
    fn check_value(
        &mut self,
        kind: ValueKind,
        subject: &str,
        key: Option<&str>,
        node: &Node,
    ) -> Option<PointValue> {
        let value = check_scalar(kind, subject, &for_key(key), node).map(|scalar| match scalar {
            Scalar::Str(s) => PointValue::Text(s),
            Scalar::Int(i) => PointValue::Int(i),
            Scalar::Float(x) => PointValue::Float(x),
            Scalar::Bool(b) => PointValue::Bool(b),
        });
        value.map_err(|d| self.report(d)).ok()
    }

    /// Reports every key of `table` (at `path`) that is not in `valid`.
    fn unknown_keys(&mut self, table: &Table, path: &str, valid: &[&str]) {
        let unknown = table
            .entries
            .iter()
            .filter(|e| !valid.contains(&e.key.as_str()));
        for (i, entry) in unknown.enumerate() {
            let full = join(path, &entry.key);
            // Only the first problems are shown and a table's keys are in reading order: the
            // later unknown keys are counted without the search for a suggestion.
            if i >= MAX_SHOWN {
                self.report(Diagnostic::new(
                    entry.key_origin.clone(),
                    Some(full.clone()),
                    format!("unknown key `{full}`"),
                    "",
                ));
                continue;
            }
            let context = match path {
                "" => "not a sweep file key".to_string(),
                p if p.starts_with("vary[") => "not a key of `[[vary]]`".to_string(),
                p => format!("not a key of `[{p}]`"),
            };
            let mut d = Diagnostic::new(
                entry.key_origin.clone(),
                Some(full.clone()),
                format!("unknown key `{full}`"),
                context,
            );
            let scenario_table = TABLES
                .iter()
                .any(|t| t.name == entry.key && !t.name.contains('.'));
            let scenario_key = find_key("", None, &entry.key).is_some();
            if let Some(suggestion) = did_you_mean(&entry.key, valid.iter().copied()) {
                d = d.with_help(format!("did you mean `{}`?", join(path, suggestion)));
            } else if path.is_empty() && scenario_table {
                d = d.with_help(format!(
                    "`[{}]` is a scenario section: write it as `[base.{}]`, or vary its keys with `[[vary]]`",
                    entry.key, entry.key
                ));
            } else if path.is_empty() && scenario_key {
                d = d.with_help(format!(
                    "`{}` is a scenario key: set it under `[base]`, or vary it with `[[vary]]`",
                    entry.key
                ));
            }
            d = d.with_note(format!("valid keys here: {}", comma_list(valid)));
            self.report(d);
        }
    }

    /// The table `name` of `doc` (None: absent, or not a table — reported).
    fn section<'d>(&mut self, doc: &'d Table, name: &str) -> Option<(&'d Table, &'d Origin)> {
        let entry = doc.get(name)?;
        match &entry.node.value {
            Value::Table(table) => Some((table, &entry.node.origin)),
            other => {
                self.report(Diagnostic::not_a_table(
                    entry.node.origin.clone(),
                    name,
                    other.type_phrase(),
                ));
                None
            }
        }
    }

    // ----- Output -----

    fn output(&mut self, doc: &Table) -> Option<OutputSelection> {
        let mut selection = OutputSelection::default();
        let Some((table, _)) = self.section(doc, "output") else {
            return doc.get("output").is_none().then_some(selection);
        };
        self.unknown_keys(table, "output", OUTPUT_KEYS);
        let mut ok = true;
        if let Some(entry) = table.get("every_months") {
            match self.check_value(EVERY_MONTHS, "output.every_months", None, &entry.node) {
                Some(PointValue::Int(k)) => selection.every_months = k as u32,
                _ => ok = false,
            }
        }
        if let Some(entry) = table.get("prediction_level") {
            let level = ValueKind::Float { min: 0.0, max: 1.0 };
            match self.check_value(level, "output.prediction_level", None, &entry.node) {
                Some(PointValue::Float(x)) if x > 0.0 && x < 1.0 => {
                    selection.prediction_level = Some(x)
                }
                Some(_) => {
                    self.report(Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("output.prediction_level".into()),
                        "`output.prediction_level` is out of range",
                        "expected a number between 0 and 1 exclusive, e.g. 0.9 for 90%",
                    ));
                    ok = false;
                }
                None => ok = false,
            }
        }
        if let Some(entry) = table.get("metrics") {
            let names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
            match &entry.node.value {
                Value::Array(items) if items.is_empty() => {
                    self.report(
                        Diagnostic::new(
                            entry.node.origin.clone(),
                            Some("output.metrics".into()),
                            "`output.metrics` is empty",
                            "expected at least one metric",
                        )
                        .with_help("leave `metrics` out to keep every metric"),
                    );
                    ok = false;
                }
                Value::Array(items) => {
                    let mut metrics: Vec<(Metric, &Origin)> = Vec::new();
                    for (j, node) in items.iter().enumerate() {
                        let subject = format!("output.metrics[{j}]");
                        let Some(PointValue::Text(name)) =
                            self.check_value(ValueKind::Str, &subject, None, node)
                        else {
                            ok = false;
                            continue;
                        };
                        let Some(metric) = Metric::from_name(&name) else {
                            let mut d = Diagnostic::new(
                                node.origin.clone(),
                                Some(subject.clone()),
                                format!("`{subject}` is an unknown metric `{name}`"),
                                "expected the name of a metric",
                            );
                            if let Some(s) = did_you_mean(&name, names.iter().copied()) {
                                d = d.with_help(format!("did you mean `{s}`?"));
                            }
                            self.report(d.with_note(format!("metrics: {}", comma_list(&names))));
                            ok = false;
                            continue;
                        };
                        if let Some((_, first)) = metrics.iter().find(|(m, _)| *m == metric) {
                            self.report(
                                Diagnostic::new(
                                    node.origin.clone(),
                                    Some(subject.clone()),
                                    format!("`{subject}` repeats the metric `{name}`"),
                                    "this metric is already selected",
                                )
                                .with_related((*first).clone(), "first selected here"),
                            );
                            ok = false;
                            continue;
                        }
                        metrics.push((metric, &node.origin));
                    }
                    selection.metrics = Some(metrics.into_iter().map(|(m, _)| m).collect());
                }
                other => {
                    self.report(Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("output.metrics".into()),
                        "`output.metrics` has the wrong type",
                        format!(
                            "expected an array of metric names, found {}",
                            other.type_phrase()
                        ),
                    ));
                    ok = false;
                }
            }
        }
        ok.then_some(selection)
    }
}

#[cfg(test)]
mod tests {
    use super::base::{toml_key, toml_string};
    use super::keys::resolve_key;
    use super::*;
    use crate::model::params::PARAMETER_SPECS;
    use crate::scenario::load::{DEFAULT_SCENARIO_TOML, load_str};

    fn plan(text: &str) -> SweepPlan {
        load_sweep_str("t.toml", text, Path::new(".")).unwrap()
    }

    #[test]
    fn defaults_apply_when_the_file_gives_only_a_grid() {
        let p = plan("[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 0.9]\n");
        assert_eq!(p.name, "t");
        assert_eq!(p.base_source, "default.toml");
        assert_eq!(p.base_text, DEFAULT_SCENARIO_TOML);
        assert_eq!(p.replications, DEFAULT_REPLICATIONS);
        assert!(p.base_overrides.is_empty());
        assert_eq!(p.keys, ["knowledge.socialisation_rate"]);
        assert_eq!(p.points.len(), 2);
        assert_eq!(p.output, OutputSelection::default());
    }

    #[test]
    fn an_inline_base_is_written_out_faithfully() {
        let text = "seed = 7\n[base]\nmonths = 0x18\nname = 'inline'\n[base.organisation]\nteams = 4\n\
                    [[base.workforce]]\nname = \"all\"\nshare = 1.0\n\
                    [[base.interventions]]\nkind = \"idea_time\"\nmonth = 3\n\
                    [[vary]]\nkey = \"interventions.0.share\"\nvalues = [0.1]\n";
        let p = plan(text);
        assert_eq!(p.base_overrides, ["seed=7"]);
        assert_eq!(p.base_source, "t.toml [base]");
        let s = load_str(&p.base_source, &p.base_text, &p.overrides(&p.points[0])).unwrap();
        assert_eq!(s.months, 24);
        assert_eq!(s.name, "inline");
        assert_eq!(s.seed, 7);
        assert_eq!(s.organisation.teams, 4);
        assert_eq!(s.workforce.len(), 1);
        assert_eq!(s.interventions.len(), 1);
    }

    #[test]
    fn inline_tables_and_arrays_in_the_base_are_written_out_too() {
        let text = "base = { months = 12, organisation = { teams = 3 }, workforce = [{ name = \"all\", share = 1 }] }\n\
                    [[vary]]\nkey = \"organisation.team_size\"\nvalues = [4, 5]\n";
        let p = plan(text);
        let s = load_str(&p.base_source, &p.base_text, &[]).unwrap();
        assert_eq!((s.months, s.organisation.teams), (12, 3));
        assert_eq!(s.workforce.len(), 1);
        assert!(p.base_text.contains("[[workforce]]"), "{}", p.base_text);

        let empty = "[base]\nworkforce = []\n[[vary]]\nkey = \"months\"\nvalues = [1]\n";
        let err = load_sweep_str("t.toml", empty, Path::new(".")).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("--> t.toml:2:13"), "{shown}");
        assert!(shown.contains("`workforce` has no groups"), "{shown}");
    }

    #[test]
    fn generated_keys_are_quoted_when_they_must_be() {
        assert_eq!(toml_key("socialisation_rate"), "socialisation_rate");
        assert_eq!(toml_key("a b"), "\"a b\"");
        assert_eq!(toml_key(""), "\"\"");
        assert_eq!(toml_string("q\"\\\n"), "\"q\\\"\\\\\\u000A\"");
    }

    #[test]
    fn inline_base_problems_point_into_the_sweep_file() {
        let text = "[base.knowledge]\nsocialisation_rate = 1.5\nsocialisaton_rate = 0.2\n";
        let err = load_sweep_str("t.toml", text, Path::new(".")).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("--> t.toml:2:22"), "{shown}");
        assert!(shown.contains("--> t.toml:3:1"), "{shown}");
        assert!(
            shown.contains("did you mean `socialisation_rate`?"),
            "{shown}"
        );
    }

    #[test]
    fn keys_resolve_against_the_base() {
        let base = load_str(
            "b.toml",
            "[[interventions]]\nkind = \"idea_time\"\nmonth = 1\n",
            &[],
        )
        .unwrap();
        let ok = |p: &str| resolve_key(p, Some(&base)).is_ok();
        assert!(ok("months"));
        assert!(ok("knowledge.mode"));
        assert!(ok("parameters.trust_loss_rate") || PARAMETER_SPECS.is_empty());
        assert!(ok("workforce.1.share"));
        assert!(ok("interventions.0.share"));
        assert!(!ok("interventions.0.gain"));
        assert!(!ok("interventions.1.month"));
        assert!(!ok("workforce.2.share"));
        assert!(!ok("replications"));
        assert!(!ok("knowledge"));
        let lenient = |p: &str| resolve_key(p, None).is_ok();
        assert!(lenient("interventions.4.gain"));
        assert!(!lenient("interventions.4.colour"));
    }

    /// A small deterministic generator, so the robustness test needs no dependency.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n.max(1) as u64) as usize
        }
    }

    #[test]
    fn no_input_panics() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps");
        let examples = [
            include_str!("../../scenarios/sweeps/socialisation_grid.toml"),
            include_str!("../../scenarios/sweeps/transition_lhs.toml"),
            include_str!("../../scenarios/sweeps/style_table.toml"),
        ];
        let pieces = [
            "[",
            "]",
            "[[",
            "]]",
            "=",
            "\"",
            "\n",
            " ",
            ".",
            ",",
            "{",
            "}",
            "#",
            "0",
            "-1",
            "3",
            "1e999",
            "nan",
            "99999999999999999999",
            "vary",
            "key",
            "values",
            "from",
            "to",
            "steps",
            "design",
            "kind",
            "points",
            "rows",
            "keys",
            "base",
            "output",
            "metrics",
            "table",
            "grid",
            "random",
            "latin_hypercube",
            "months",
            "interventions.0.month",
            "workforce.1.share",
            "é",
            "\t",
            "true",
            "1979-05-27",
            "[base]",
            "[[vary]]",
        ];
        let mut rng = Lcg(11);
        for round in 0..1500 {
            let text: String = if round % 3 == 0 {
                (0..rng.below(60))
                    .map(|_| pieces[rng.below(pieces.len())])
                    .collect()
            } else {
                let mut chars: Vec<char> = examples[round % 3].chars().collect();
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(chars.len());
                    match rng.below(3) {
                        0 => {
                            chars.remove(at);
                        }
                        1 => chars.insert(at, chars[at]),
                        _ => {
                            let piece = pieces[rng.below(pieces.len())];
                            chars.splice(at..at + 1, piece.chars());
                        }
                    }
                }
                chars.into_iter().collect()
            };
            if let Err(e) = load_sweep_str("fuzz.toml", &text, &dir) {
                assert!(e.count() >= 1);
                assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn the_size_of_a_design_is_asked_before_its_points_are_made() {
        let text = "replications = 1\n[design]\nkind = \"grid\"\n[[vary]]\n\
                    key = \"knowledge.socialisation_rate\"\nfrom = 0.1\nto = 0.9\nsteps = 3000\n\
                    [[vary]]\nkey = \"environment.turbulence\"\nfrom = 0.0\nto = 0.1\nsteps = 3000\n";
        let asked = std::cell::Cell::new(None);
        let refused = load_sweep_str_within("big.toml", text, Path::new(""), &|points, keys| {
            asked.set(Some((points, keys)));
            Err("too big".into())
        });
        assert!(matches!(refused, Err(SweepLoadError::Refused(m)) if m == "too big"));
        assert_eq!(asked.get(), Some((9_000_000, 2)));
    }
}

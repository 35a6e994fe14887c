//! Sweep files: a base scenario, the keys to vary and how, and what output to keep.
//!
//! Owns reading a sweep file (`load_sweep_file`, `load_sweep_str`) and checking it as
//! thoroughly as a scenario, with the same machinery (`document` for the tree and positions,
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

use super::base_file::not_a_scenario;
use super::diagnostics::{Diagnostic, MAX_SHOWN, Origin, ScenarioError, did_you_mean};
use super::document::{Entry, Node, Table, Value, parse_document};
use super::load::{
    DEFAULT_SCENARIO_TOML, Scalar, check_scalar, decode_utf8, load_str, read_source,
};
use super::names::{check_file_stem, check_name};
use super::schema::{
    KeyInfo, SCENARIO_KEYS, TABLES, ValueKind, find_key, format_number, keys_of, list_names,
    parameter_key,
};
use super::types::Scenario;
use crate::experiment::design::{self, Design, MAX_POINTS};
use crate::experiment::plan::{
    MAX_EVERY_MONTHS, MAX_REPLICATIONS, OutputSelection, PointValue, SweepPlan,
};
use crate::model::metrics::{METRICS, Metric};
use crate::model::params::PARAMETER_SPECS;
use std::ops::Range;
use std::path::Path;

/// Replications per point when the sweep file gives none.
pub const DEFAULT_REPLICATIONS: u32 = 10;
/// The sampling seed of latin_hypercube and random designs when `[design]` gives none.
pub const DEFAULT_DESIGN_SEED: u64 = 1;
/// The design kinds, as written in `[design] kind = "..."`.
pub const DESIGN_KINDS: &[&str] = &["grid", "latin_hypercube", "random", "table"];

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
const DESIGN_KEYS: &[&str] = &["kind", "points", "seed", "keys", "rows"];
const VARY_KEYS: &[&str] = &["key", "values", "from", "to", "steps"];
const OUTPUT_KEYS: &[&str] = &["metrics", "every_months"];

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DesignKind {
    Grid,
    LatinHypercube,
    Random,
    Table,
}

impl DesignKind {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "grid" => Some(Self::Grid),
            "latin_hypercube" => Some(Self::LatinHypercube),
            "random" => Some(Self::Random),
            "table" => Some(Self::Table),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Grid => "grid",
            Self::LatinHypercube => "latin_hypercube",
            Self::Random => "random",
            Self::Table => "table",
        }
    }

    fn samples(self) -> bool {
        matches!(self, Self::LatinHypercube | Self::Random)
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
                self.report(Diagnostic::new(
                    entry.node.origin.clone(),
                    Some(name.into()),
                    format!("`{name}` must be a table"),
                    format!(
                        "expected a table (`[{name}]`), found {}",
                        other.type_phrase()
                    ),
                ));
                None
            }
        }
    }

    // ----- The base scenario -----

    fn base(&mut self, doc: &Table, overrides: &[(String, Origin)]) -> Option<Base> {
        let args: Vec<String> = overrides.iter().map(|(a, _)| a.clone()).collect();
        let Some(entry) = doc.get("base") else {
            return Some(self.builtin_base(&args, overrides, &Origin::Builtin));
        };
        let origin = &entry.node.origin;
        match &entry.node.value {
            Value::Table(table) if table.entries.is_empty() => {
                Some(self.builtin_base(&args, overrides, origin))
            }
            Value::Table(table) => Some(self.inline_base(table, origin, &args, overrides)),
            Value::Str(path) => self.file_base(path, origin, &args),
            other => {
                self.report(Diagnostic::new(
                    origin.clone(),
                    Some("base".into()),
                    "`base` has the wrong type",
                    format!(
                        "expected the path of a scenario file (a string) or a `[base]` table, found {}",
                        other.type_phrase()
                    ),
                ));
                None
            }
        }
    }

    /// The embedded default scenario.
    fn builtin_base(
        &mut self,
        args: &[String],
        overrides: &[(String, Origin)],
        origin: &Origin,
    ) -> Base {
        let source = "default.toml".to_string();
        let scenario = match load_str(&source, DEFAULT_SCENARIO_TOML, args) {
            Ok(s) => Some(s),
            Err(e) => {
                let map = SpanMap::default();
                for d in e.diagnostics() {
                    let d = map.translate(d.clone(), overrides, origin);
                    self.report(d);
                }
                self.base_more += e.count() - e.diagnostics().len();
                None
            }
        };
        Base {
            source,
            text: DEFAULT_SCENARIO_TOML.to_string(),
            scenario,
        }
    }

    /// An inline `[base]` table: written out as a scenario file, loaded, and its problems
    /// reported at their place in the sweep file.
    fn inline_base(
        &mut self,
        table: &Table,
        origin: &Origin,
        args: &[String],
        overrides: &[(String, Origin)],
    ) -> Base {
        let mut emitter = Emitter {
            source: self.text,
            out: String::new(),
            map: SpanMap::default(),
        };
        emitter.body(&[], table);
        let source = format!("{} [base]", self.source_name);
        let scenario = match load_str(&source, &emitter.out, args) {
            Ok(s) => Some(s),
            Err(e) => {
                for d in e.diagnostics() {
                    let d = emitter.map.translate(d.clone(), overrides, origin);
                    self.report(d);
                }
                self.base_more += e.count() - e.diagnostics().len();
                None
            }
        };
        Base {
            source,
            text: emitter.out,
            scenario,
        }
    }

    /// A base scenario file, relative to the sweep file's folder.
    fn file_base(&mut self, path: &str, origin: &Origin, args: &[String]) -> Option<Base> {
        let full = self.base_dir.join(path);
        let source = full.display().to_string();
        let unreadable = |reason: String| {
            Diagnostic::new(
                origin.clone(),
                Some("base".into()),
                format!("cannot read base scenario `{source}`: {reason}"),
                "expected the path of a scenario file",
            )
            .with_note(format!(
                "`base` is relative to the sweep file's folder{}",
                match self.base_dir.display().to_string() {
                    d if d.is_empty() => String::new(),
                    d => format!(" (`{d}`)"),
                }
            ))
        };
        let text = match read_source(&full, "scenario file") {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    let d = unreadable("it is not a text file (invalid UTF-8)".into());
                    self.report(d);
                    return None;
                }
            },
            Err(reason) => {
                let d = unreadable(reason);
                self.report(d);
                return None;
            }
        };
        if let Some(d) = not_a_scenario(&source, &text, origin) {
            self.report(d);
            return None;
        }
        let scenario = match load_str(&source, &text, args) {
            Ok(s) => Some(s),
            Err(e) => {
                self.base_more += e.count() - e.diagnostics().len();
                for problem in e.diagnostics() {
                    let single = ScenarioError::new(&source, &text, args, vec![problem.clone()]);
                    let shown = single.to_string();
                    let detail = shown.split_once('\n').map_or("", |(_, rest)| rest);
                    let mut d = Diagnostic::new(
                        origin.clone(),
                        problem.key.clone(),
                        format!("in the base scenario: {}", problem.title),
                        "the base scenario, loaded from here",
                    );
                    d = if detail.trim().is_empty() {
                        d.with_note(problem.label.clone())
                    } else {
                        d.with_note(format!("in `{source}`:\n{detail}"))
                    };
                    self.report(d);
                }
                None
            }
        };
        Some(Base {
            source,
            text,
            scenario,
        })
    }

    // ----- The design -----

    /// The design kind (default grid); `false` if `kind` was given but invalid.
    fn design_kind(&mut self, design: Option<(&Table, &Origin)>) -> (DesignKind, bool) {
        let Some((table, _)) = design else {
            return (DesignKind::Grid, true);
        };
        self.unknown_keys(table, "design", DESIGN_KEYS);
        match self.value(
            table,
            "design",
            "kind",
            ValueKind::Choice(DESIGN_KINDS),
            None,
        ) {
            Some(PointValue::Text(k)) => {
                (DesignKind::from_name(&k).unwrap_or(DesignKind::Grid), true)
            }
            _ => (DesignKind::Grid, table.get("kind").is_none()),
        }
    }

    /// Checks `[design]` and `[[vary]]`; returns the keys and the design if all is well.
    fn design(
        &mut self,
        doc: &Table,
        design: Option<(&Table, &Origin)>,
        kind: DesignKind,
        kind_ok: bool,
        base: Option<&Scenario>,
    ) -> Option<(Vec<String>, Design)> {
        let empty = Table::default();
        let (table, design_origin) = match design {
            Some((t, o)) => (t, o.clone()),
            None => (&empty, Origin::Builtin),
        };
        let kind_origin = table
            .get("kind")
            .map_or(design_origin.clone(), |e| e.node.origin.clone());
        let kind_name = kind.name();

        // Options that belong to other kinds.
        let not_for = |key: &str, owners: &str| -> Option<Diagnostic> {
            let entry = table.get(key)?;
            let full = format!("design.{key}");
            Some(
                Diagnostic::new(
                    entry.key_origin.clone(),
                    Some(full.clone()),
                    format!("`{full}` does not apply to a {kind_name} design"),
                    format!("`{key}` is for {owners} designs"),
                )
                .with_related(kind_origin.clone(), format!("the design is `{kind_name}`")),
            )
        };
        if kind_ok {
            let mut misplaced = Vec::new();
            if !kind.samples() {
                misplaced.extend(not_for("points", "`latin_hypercube` and `random`"));
                misplaced.extend(not_for("seed", "`latin_hypercube` and `random`"));
            }
            if kind != DesignKind::Table {
                misplaced.extend(not_for("keys", "`table`"));
                misplaced.extend(not_for("rows", "`table`"));
            }
            for d in misplaced {
                self.report(d);
            }
        }
        let points = match self.value(table, "design", "points", POINTS, None) {
            Some(PointValue::Int(n)) => Some(n as u32),
            _ => None,
        };
        let seed = match self.value(table, "design", "seed", SEED, None) {
            Some(PointValue::Int(s)) => s as u64,
            _ => DEFAULT_DESIGN_SEED,
        };
        if kind_ok && kind.samples() && table.get("points").is_none() {
            self.report(Diagnostic::new(
                design_origin.clone(),
                Some("design.points".into()),
                "missing key `design.points`",
                format!("a {kind_name} design needs `points`: {}", POINTS.expected()),
            ));
        }

        if kind_ok && kind == DesignKind::Table {
            if let Some(entry) = doc.get("vary") {
                self.report(
                    Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("vary".into()),
                        "`[[vary]]` does not apply to a table design",
                        "a table design lists its keys in `design.keys`",
                    )
                    .with_related(kind_origin.clone(), "the design is `table`")
                    .with_help(
                        "put the keys in `design.keys` and one row of values per point in `design.rows`",
                    ),
                );
            }
            return self.table_design(table, &design_origin, base);
        }
        let design = if kind_ok { Some(kind) } else { None };
        let entries = self.vary_entries(doc, design, base);
        if !kind_ok {
            return None;
        }
        let (keys, spreads) = entries?;
        if keys.is_empty() {
            // Without `[[vary]]` or `[design]` to point at, point at the end of the file, where
            // a `[[vary]]` table would go.
            let end = self.text.trim_end().len();
            let origin = doc.get("vary").map_or(
                match kind_origin {
                    Origin::Builtin => Origin::File(end..end),
                    other => other,
                },
                |e| e.node.origin.clone(),
            );
            self.report(
                Diagnostic::new(
                    origin,
                    Some("vary".into()),
                    "the sweep varies nothing",
                    "expected at least one `[[vary]]` table",
                )
                .with_help(
                    "add e.g. `[[vary]]` with `key = \"knowledge.socialisation_rate\"` and `values = [0.1, 0.5, 0.9]`",
                ),
            );
            return None;
        }
        let paths: Vec<String> = keys.iter().map(|k| k.path.clone()).collect();
        match kind {
            DesignKind::Grid => {
                let sizes: Vec<u64> = spreads
                    .iter()
                    .map(|s| match s {
                        Spread::Values(v) => v.len() as u64,
                        Spread::Range { steps, .. } => *steps as u64,
                    })
                    .collect();
                let total = sizes.iter().fold(1u64, |n, s| n.saturating_mul(*s));
                if total > MAX_POINTS {
                    let shown = sizes
                        .iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(" × ");
                    let mut d = Diagnostic::new(
                        keys[0].origin.clone(),
                        Some("vary".into()),
                        format!("the grid has too many points ({shown})"),
                        format!("expected at most {MAX_POINTS} points"),
                    );
                    for k in &keys[1..] {
                        d = d.with_related(k.origin.clone(), "");
                    }
                    self.report(d.with_help(
                        "use fewer values, or sample the space with `kind = \"latin_hypercube\"`",
                    ));
                    return None;
                }
                let values = spreads
                    .into_iter()
                    .map(|s| match s {
                        Spread::Values(v) => v,
                        Spread::Range { range, steps } => range.grid(steps),
                    })
                    .collect();
                Some((paths, Design::Grid(values)))
            }
            DesignKind::LatinHypercube | DesignKind::Random => {
                let ranges: Vec<design::Range> = spreads
                    .into_iter()
                    .filter_map(|s| match s {
                        Spread::Range { range, .. } => Some(range),
                        Spread::Values(_) => None,
                    })
                    .collect();
                let points = points?;
                Some((
                    paths,
                    if kind == DesignKind::Random {
                        Design::Random {
                            points,
                            seed,
                            ranges,
                        }
                    } else {
                        Design::LatinHypercube {
                            points,
                            seed,
                            ranges,
                        }
                    },
                ))
            }
            DesignKind::Table => None,
        }
    }

    /// Checks every `[[vary]]` entry. `design`: None if the kind is invalid (only the keys
    /// and values are checked then).
    fn vary_entries(
        &mut self,
        doc: &Table,
        design: Option<DesignKind>,
        base: Option<&Scenario>,
    ) -> Option<(Vec<Varied>, Vec<Spread>)> {
        let Some(entry) = doc.get("vary") else {
            return Some((Vec::new(), Vec::new()));
        };
        let items = match &entry.node.value {
            Value::Array(items) => items,
            other => {
                let mut d = Diagnostic::new(
                    entry.node.origin.clone(),
                    Some("vary".into()),
                    "`vary` must be an array of tables",
                    format!(
                        "expected an array of tables (`[[vary]]`), found {}",
                        other.type_phrase()
                    ),
                );
                if matches!(other, Value::Table(_)) {
                    d = d.with_help("write `[[vary]]`, with double brackets, above each entry");
                }
                self.report(d);
                return None;
            }
        };
        if items.len() > MAX_VARIED_KEYS {
            self.report(too_many_keys("vary", &entry.node.origin, items.len()));
            return None;
        }
        let mut keys: Vec<Varied> = Vec::new();
        let mut spreads = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let path = format!("vary[{i}]");
            let Value::Table(table) = &item.value else {
                self.report(Diagnostic::new(
                    item.origin.clone(),
                    Some(path.clone()),
                    format!("`{path}` must be a table"),
                    format!("expected a table, found {}", item.value.type_phrase()),
                ));
                ok = false;
                continue;
            };
            self.unknown_keys(table, &path, VARY_KEYS);
            let varied = self.varied_key(table, &path, &item.origin, base, &keys);
            let spread = self.spread(table, &path, &item.origin, design, varied.as_ref());
            match (varied, spread) {
                (Some(v), Some(s)) if v.info.is_some() => {
                    keys.push(v);
                    spreads.push(s);
                }
                (Some(v), _) => {
                    keys.push(v);
                    ok = false;
                }
                _ => ok = false,
            }
        }
        ok.then_some((keys, spreads))
    }

    /// The `key` of a `[[vary]]` entry, resolved against the base scenario.
    fn varied_key(
        &mut self,
        table: &Table,
        path: &str,
        item_origin: &Origin,
        base: Option<&Scenario>,
        earlier: &[Varied],
    ) -> Option<Varied> {
        let Some(entry) = table.get("key") else {
            self.report(Diagnostic::new(
                item_origin.clone(),
                Some(format!("{path}.key")),
                format!("missing key `{path}.key`"),
                "`key` is required here: the scenario key to vary, e.g. `knowledge.socialisation_rate`",
            ));
            return None;
        };
        let Some(PointValue::Text(key)) =
            self.check_value(ValueKind::Str, &format!("{path}.key"), None, &entry.node)
        else {
            return None;
        };
        let info = self.scenario_key(&key, &format!("{path}.key"), &entry.node.origin, base);
        self.duplicate(&key, &format!("{path}.key"), &entry.node.origin, earlier);
        Some(Varied {
            path: key,
            info,
            origin: entry.node.origin.clone(),
        })
    }

    fn duplicate(&mut self, key: &str, subject: &str, origin: &Origin, earlier: &[Varied]) {
        if let Some(first) = earlier.iter().find(|v| v.path == key) {
            self.report(
                Diagnostic::new(
                    origin.clone(),
                    Some(subject.into()),
                    format!("`{key}` is varied twice"),
                    "this key is already varied",
                )
                .with_related(first.origin.clone(), "first varied here"),
            );
        }
    }

    /// The declaration of a varied scenario key (None: reported).
    fn scenario_key(
        &mut self,
        key: &str,
        subject: &str,
        origin: &Origin,
        base: Option<&Scenario>,
    ) -> Option<KeyInfo> {
        match resolve_key(key, base) {
            Ok(info) => Some(info),
            Err(problem) => {
                let mut d = Diagnostic::new(
                    origin.clone(),
                    Some(subject.into()),
                    problem.title,
                    problem.label,
                );
                if let Some(help) = problem.help {
                    d = d.with_help(help);
                }
                self.report(d.with_note(problem.note.unwrap_or_else(|| PATH_NOTE.into())));
                None
            }
        }
    }

    /// The values of a `[[vary]]` entry, as the design needs them.
    fn spread(
        &mut self,
        table: &Table,
        path: &str,
        item_origin: &Origin,
        design: Option<DesignKind>,
        varied: Option<&Varied>,
    ) -> Option<Spread> {
        let info = varied.and_then(|v| v.info);
        let key = varied.map(|v| v.path.as_str());
        let values = table.get("values");
        let from = table.get("from");
        let to = table.get("to");
        let steps = table.get("steps");

        if let (Some(values), Some(bound)) = (values, from.or(to)) {
            self.report(
                Diagnostic::new(
                    bound.key_origin.clone(),
                    Some(format!("{path}.{}", bound.key)),
                    format!("`{path}` has both `values` and a range"),
                    "give either a list of `values` or a range `from` .. `to`",
                )
                .with_related(values.key_origin.clone(), "values given here"),
            );
            return None;
        }
        let kind_name = design.map_or("", DesignKind::name);
        let mut ok = true;
        if let Some(design) = design
            && design.samples()
        {
            for misplaced in [values, steps].into_iter().flatten() {
                let help = if misplaced.key == "values" {
                    "give the range to sample with `from` and `to`, or use `kind = \"grid\"`"
                } else {
                    "a sampling design draws `design.points` values; remove `steps`"
                };
                self.report(
                    Diagnostic::new(
                        misplaced.key_origin.clone(),
                        Some(format!("{path}.{}", misplaced.key)),
                        format!(
                            "`{path}.{}` does not apply to a {kind_name} design",
                            misplaced.key
                        ),
                        format!("`{}` is for grid designs", misplaced.key),
                    )
                    .with_help(help),
                );
                ok = false;
            }
        } else if let (Some(steps), None, None) = (steps, from, to) {
            self.report(Diagnostic::new(
                steps.key_origin.clone(),
                Some(format!("{path}.steps")),
                format!("`{path}.steps` needs a range"),
                "`steps` splits the range `from` .. `to`",
            ));
            ok = false;
        }

        // A list of values.
        if let Some(values) = values {
            let list = match &values.node.value {
                Value::Array(items) => items,
                other => {
                    self.report(Diagnostic::new(
                        values.node.origin.clone(),
                        Some(format!("{path}.values")),
                        format!("`{path}.values` has the wrong type"),
                        format!("expected an array of values, found {}", other.type_phrase()),
                    ));
                    return None;
                }
            };
            if list.is_empty() {
                self.report(Diagnostic::new(
                    values.node.origin.clone(),
                    Some(format!("{path}.values")),
                    format!("`{path}.values` is empty"),
                    "expected at least one value",
                ));
                return None;
            }
            let info = info?;
            let checked: Vec<Option<PointValue>> = list
                .iter()
                .enumerate()
                .map(|(j, node)| {
                    self.check_value(info.value, &format!("{path}.values[{j}]"), key, node)
                })
                .collect();
            let checked: Option<Vec<PointValue>> = checked.into_iter().collect();
            return if ok {
                checked.map(Spread::Values)
            } else {
                None
            };
        }

        // A range.
        let sampling = design.is_some_and(DesignKind::samples);
        if from.is_none() && to.is_none() {
            if design.is_some() {
                let label = if sampling {
                    "expected a range to sample: `from` and `to`"
                } else {
                    "expected `values = [...]`, or `from`, `to` and `steps`"
                };
                self.report(Diagnostic::new(
                    item_origin.clone(),
                    Some(path.into()),
                    format!("`{path}` gives no values"),
                    label,
                ));
            }
            return None;
        }
        let missing = |name: &str, what: &str| {
            Diagnostic::new(
                item_origin.clone(),
                Some(format!("{path}.{name}")),
                format!("missing key `{path}.{name}`"),
                what.to_string(),
            )
        };
        let mut found = Vec::new();
        if from.is_none() {
            found.push(missing("from", "a range needs `from`: its first value"));
        }
        if to.is_none() {
            found.push(missing("to", "a range needs `to`: its last value"));
        }
        if design == Some(DesignKind::Grid) && steps.is_none() {
            found.push(missing(
                "steps",
                "a grid range needs `steps`: how many evenly spaced values, both ends included",
            ));
        }
        ok &= found.is_empty();
        for d in found {
            self.report(d);
        }
        let info = info?;
        let numeric = match info.value {
            ValueKind::Int { .. } => Some(true),
            ValueKind::Float { .. } => Some(false),
            _ => None,
        };
        let Some(integer) = numeric else {
            let bound = from.or(to)?;
            let key = key.unwrap_or_default();
            self.report(
                Diagnostic::new(
                    bound.key_origin.clone(),
                    Some(format!("{path}.{}", bound.key)),
                    format!("`{key}` cannot take a range"),
                    format!("`{key}` takes {}, not a number", info.expected()),
                )
                .with_help(if sampling {
                    "only numeric keys can be sampled: list the values in a grid or table design"
                } else {
                    "list its values with `values = [...]`"
                }),
            );
            return None;
        };
        let mut bound = |entry: Option<&Entry>, name: &str| -> Option<f64> {
            let entry = entry?;
            match self.check_value(info.value, &format!("{path}.{name}"), key, &entry.node)? {
                PointValue::Int(i) => Some(i as f64),
                PointValue::Float(x) => Some(x),
                _ => None,
            }
        };
        let low = bound(from, "from");
        let high = bound(to, "to");
        let steps = match steps {
            Some(entry) if !sampling => {
                match self.check_value(STEPS, &format!("{path}.steps"), None, &entry.node) {
                    Some(PointValue::Int(n)) => Some(n as u32),
                    _ => None,
                }
            }
            _ => None,
        };
        let range = design::Range::new(low?, high?, integer);
        if !ok {
            return None;
        }
        if sampling {
            return Some(Spread::Range { range, steps: 0 });
        }
        let steps = steps?;
        if range.grid_repeats(steps)
            && let Some(entry) = table.get("steps")
        {
            let key = key.unwrap_or_default();
            let label = if integer {
                format!(
                    "`{key}` takes integers, and {} to {} holds only {}",
                    format_number(range.from),
                    format_number(range.to),
                    (range.from - range.to).abs() as u64 + 1
                )
            } else {
                "`from` equals `to`: every step is the same value".to_string()
            };
            self.report(
                Diagnostic::new(
                    entry.node.origin.clone(),
                    Some(format!("{path}.steps")),
                    format!("`{path}.steps` gives repeated values"),
                    label,
                )
                .with_help(
                    "use fewer steps, a wider range, or list the values with `values = [...]`",
                ),
            );
            return None;
        }
        Some(Spread::Range { range, steps })
    }

    /// A table design: `design.keys` and `design.rows`.
    fn table_design(
        &mut self,
        table: &Table,
        design_origin: &Origin,
        base: Option<&Scenario>,
    ) -> Option<(Vec<String>, Design)> {
        let mut missing = Vec::new();
        for (name, what) in [
            (
                "keys",
                "the scenario keys the table sets, e.g. `[\"knowledge.socialisation_rate\"]`",
            ),
            (
                "rows",
                "one array of values per point, in the order of `keys`",
            ),
        ] {
            if table.get(name).is_none() {
                missing.push(Diagnostic::new(
                    design_origin.clone(),
                    Some(format!("design.{name}")),
                    format!("missing key `design.{name}`"),
                    format!("a table design needs `{name}`: {what}"),
                ));
            }
        }
        let incomplete = !missing.is_empty();
        for d in missing {
            self.report(d);
        }

        let mut keys: Vec<Varied> = Vec::new();
        let mut keys_ok = true;
        let keys_entry = table.get("keys");
        if let Some(entry) = keys_entry {
            match &entry.node.value {
                Value::Array(items) if items.is_empty() => {
                    self.report(Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("design.keys".into()),
                        "`design.keys` is empty",
                        "expected at least one scenario key",
                    ));
                    keys_ok = false;
                }
                Value::Array(items) if items.len() > MAX_VARIED_KEYS => {
                    self.report(too_many_keys(
                        "design.keys",
                        &entry.node.origin,
                        items.len(),
                    ));
                    keys_ok = false;
                }
                Value::Array(items) => {
                    for (j, node) in items.iter().enumerate() {
                        let subject = format!("design.keys[{j}]");
                        let Some(PointValue::Text(key)) =
                            self.check_value(ValueKind::Str, &subject, None, node)
                        else {
                            keys_ok = false;
                            continue;
                        };
                        let info = self.scenario_key(&key, &subject, &node.origin, base);
                        self.duplicate(&key, &subject, &node.origin, &keys);
                        keys_ok &= info.is_some();
                        keys.push(Varied {
                            path: key,
                            info,
                            origin: node.origin.clone(),
                        });
                    }
                }
                other => {
                    self.report(Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("design.keys".into()),
                        "`design.keys` has the wrong type",
                        format!(
                            "expected an array of scenario keys, found {}",
                            other.type_phrase()
                        ),
                    ));
                    keys_ok = false;
                }
            }
        }

        let mut rows = Vec::new();
        let mut rows_ok = true;
        if let Some(entry) = table.get("rows") {
            match &entry.node.value {
                Value::Array(items) if items.is_empty() => {
                    self.report(Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("design.rows".into()),
                        "`design.rows` is empty",
                        "expected at least one row",
                    ));
                    rows_ok = false;
                }
                Value::Array(items) if items.len() as u64 > MAX_POINTS => {
                    self.report(Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("design.rows".into()),
                        "`design.rows` has too many rows",
                        format!("expected at most {MAX_POINTS} rows, found {}", items.len()),
                    ));
                    rows_ok = false;
                }
                Value::Array(items) => {
                    for (r, row) in items.iter().enumerate() {
                        let subject = format!("design.rows[{r}]");
                        let cells = match &row.value {
                            Value::Array(cells) => cells,
                            other => {
                                self.report(Diagnostic::new(
                                    row.origin.clone(),
                                    Some(subject.clone()),
                                    format!("`{subject}` has the wrong type"),
                                    format!(
                                        "expected an array of values (one per key), found {}",
                                        other.type_phrase()
                                    ),
                                ));
                                rows_ok = false;
                                continue;
                            }
                        };
                        if keys_entry.is_some() && keys_ok && cells.len() != keys.len() {
                            let mut d = Diagnostic::new(
                                row.origin.clone(),
                                Some(subject.clone()),
                                format!("`{subject}` has the wrong length"),
                                format!(
                                    "expected {} values, one per key in `design.keys`, found {}",
                                    keys.len(),
                                    cells.len()
                                ),
                            );
                            if let Some(k) = keys_entry {
                                d = d.with_related(k.node.origin.clone(), "the keys");
                            }
                            self.report(d);
                            rows_ok = false;
                            continue;
                        }
                        let mut values = Vec::new();
                        for (c, cell) in cells.iter().enumerate() {
                            let Some(varied) = keys.get(c) else { continue };
                            let Some(info) = varied.info else { continue };
                            match self.check_value(
                                info.value,
                                &format!("{subject}[{c}]"),
                                Some(&varied.path),
                                cell,
                            ) {
                                Some(v) => values.push(v),
                                None => rows_ok = false,
                            }
                        }
                        rows.push(values);
                    }
                }
                other => {
                    self.report(Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("design.rows".into()),
                        "`design.rows` has the wrong type",
                        format!(
                            "expected an array of rows (each an array of values), found {}",
                            other.type_phrase()
                        ),
                    ));
                    rows_ok = false;
                }
            }
        }
        if incomplete || !keys_ok || !rows_ok {
            return None;
        }
        Some((
            keys.into_iter().map(|k| k.path).collect(),
            Design::Table(rows),
        ))
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

// ----- Varied keys -----

/// Why a varied key is not accepted.
struct KeyProblem {
    title: String,
    label: String,
    help: Option<String>,
    note: Option<String>,
}

/// The arrays of tables `--set` indexes into (`workforce.0.share`).
const ARRAYS: &[&str] = &["workforce", "environment.shocks", "interventions"];

/// Entries of an array section in the base (None: base unknown).
fn entries_in(base: Option<&Scenario>, table: &str) -> Option<usize> {
    let base = base?;
    Some(match table {
        "workforce" => base.workforce.len(),
        "environment.shocks" => base.environment.shocks.len(),
        _ => base.interventions.len(),
    })
}

/// The kind of intervention `index` of the base (None: base unknown or no such entry).
fn intervention_kind(base: Option<&Scenario>, index: usize) -> Option<&'static str> {
    base?.interventions.get(index).map(|i| i.kind.name())
}

/// Every path `--set` accepts on `base`, with its declaration. Without a base, each array
/// has one entry (index 0) and every intervention key is accepted.
fn settable_paths(base: Option<&Scenario>) -> Vec<(String, KeyInfo)> {
    let mut paths: Vec<(String, KeyInfo)> = Vec::new();
    for key in SCENARIO_KEYS {
        match ARRAYS.iter().find(|table| **table == key.table) {
            Some(table) => {
                let count = entries_in(base, table).unwrap_or(1);
                for i in 0..count {
                    let applies = match (base, key.kind) {
                        (Some(_), Some(kind)) => intervention_kind(base, i) == Some(kind),
                        _ => true,
                    };
                    let path = format!("{table}.{i}.{}", key.name);
                    if applies && !paths.iter().any(|(p, _)| *p == path) {
                        paths.push((path, *key));
                    }
                }
            }
            None => paths.push((
                if key.table.is_empty() {
                    key.name.to_string()
                } else {
                    format!("{}.{}", key.table, key.name)
                },
                *key,
            )),
        }
    }
    for spec in PARAMETER_SPECS {
        paths.push((format!("parameters.{}", spec.name), parameter_key(spec)));
    }
    paths
}

/// Splits `interventions.3.month` into (array table, index text, rest).
fn split_array_path(path: &str) -> Option<(&'static str, &str, &str)> {
    ARRAYS.iter().find_map(|table| {
        let rest = path.strip_prefix(table)?.strip_prefix('.')?;
        let (index, key) = rest.split_once('.').unwrap_or((rest, ""));
        Some((*table, index, key))
    })
}

/// The declaration of the scenario key `path` as `--set` spells it, checked against `base`
/// (array indexes, intervention kinds) when the base loaded.
fn resolve_key(path: &str, base: Option<&Scenario>) -> Result<KeyInfo, KeyProblem> {
    let paths = settable_paths(base);
    let lookup = |p: &str| paths.iter().find(|(q, _)| q == p).map(|(_, k)| *k);
    // Without a base, any index is as good as 0.
    let normalised = match (base, split_array_path(path)) {
        (None, Some((table, index, key)))
            if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{table}.0.{key}")
        }
        _ => path.to_string(),
    };
    if let Some(info) = lookup(&normalised) {
        if path == "replications" {
            return Err(KeyProblem {
                title: "`replications` cannot be varied".into(),
                label: "every point runs the same number of replications".into(),
                help: Some("set `replications` at the top of the sweep file".into()),
                note: None,
            });
        }
        return Ok(info);
    }
    let problem = |title: String, label: String| KeyProblem {
        title,
        label,
        help: None,
        note: None,
    };

    // `workforce[0].share`: the display spelling.
    if path.contains('[') {
        let alt = path.replace('[', ".").replace(']', "");
        if resolve_key(&alt, base).is_ok() {
            return Err(KeyProblem {
                help: Some(format!("write `{alt}`")),
                ..problem(
                    format!("`{path}` is not written as `--set` writes it"),
                    "expected array indexes as dotted numbers".into(),
                )
            });
        }
    }

    // An array entry the base does not have, or a key of another intervention kind.
    if let Some((table, index, key)) = split_array_path(path) {
        let lenient = settable_paths(None);
        let declared = lenient
            .iter()
            .any(|(p, _)| *p == format!("{table}.0.{key}"));
        let noun = match table {
            "workforce" => "workforce groups",
            "environment.shocks" => "shocks",
            _ => "interventions",
        };
        match index.parse::<usize>() {
            Ok(i) if declared && index.bytes().all(|b| b.is_ascii_digit()) => {
                let count = entries_in(base, table).unwrap_or(0);
                if i >= count {
                    let label = match count {
                        0 => format!("the base scenario has no {noun}"),
                        1 => {
                            format!("the base scenario has 1 entry in `{table}`: expected index 0")
                        }
                        n => format!(
                            "the base scenario has {n} {noun}: expected an index from 0 to {}",
                            n - 1
                        ),
                    };
                    return Err(problem(
                        format!("`{path}` is not in the base scenario"),
                        label,
                    ));
                }
                if let Some(kind) = intervention_kind(base, i) {
                    let owners: Vec<&str> = SCENARIO_KEYS
                        .iter()
                        .filter(|k| k.table == table && k.name == key)
                        .filter_map(|k| k.kind)
                        .collect();
                    let own: Vec<&str> =
                        keys_of(table, Some(kind)).iter().map(|k| k.name).collect();
                    return Err(KeyProblem {
                        note: Some(format!("keys of `{kind}`: {}", comma_list(&own))),
                        help: did_you_mean(key, own.iter().copied())
                            .map(|s| format!("did you mean `{table}.{i}.{s}`?")),
                        ..problem(
                            format!("`{path}` does not apply to kind `{kind}`"),
                            format!(
                                "`{table}.{i}` is a `{kind}` intervention; `{key}` is a key of {}",
                                list_names(&owners)
                            ),
                        )
                    });
                }
            }
            Ok(_) | Err(_) if index.is_empty() || key.is_empty() => {
                return Err(KeyProblem {
                    help: Some(format!("write e.g. `{table}.0.{}`", first_key(table))),
                    ..problem(
                        format!("`{path}` is not a key"),
                        format!("`{table}` is a list: name an entry and one of its keys"),
                    )
                });
            }
            _ => {}
        }
    }

    // A section rather than a key.
    if let Some(section) = TABLES.iter().find(|t| t.name == path) {
        let (help, label) = if section.array {
            (
                format!("write e.g. `{path}.0.{}`", first_key(path)),
                format!("`{path}` is a list: name an entry and one of its keys"),
            )
        } else {
            (
                format!("write e.g. `{path}.{}`", first_key(path)),
                "expected a key of it".to_string(),
            )
        };
        return Err(KeyProblem {
            help: Some(help),
            ..problem(format!("`{path}` is a table, not a key"), label)
        });
    }
    if path == "parameters" {
        return Err(KeyProblem {
            help: Some(format!("write e.g. `{path}.{}`", first_key(path))),
            ..problem(
                format!("`{path}` is a table, not a key"),
                "expected a key of it".into(),
            )
        });
    }

    // Unknown: the closest path, or a path with the same key name.
    let candidates: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
    let last = path.rsplit('.').next().unwrap_or(path);
    let same_name: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| c.rsplit('.').next() == Some(last))
        .collect();
    let help = match did_you_mean(path, candidates.iter().copied()) {
        Some(s) => Some(format!("did you mean `{s}`?")),
        None => match same_name.as_slice() {
            [] => None,
            [one] => Some(format!("did you mean `{one}`?")),
            many => Some(format!("`{last}` is a key of {}", list_names(many))),
        },
    };
    Err(KeyProblem {
        help,
        ..problem(
            format!("unknown scenario key `{path}`"),
            "not a key `--set` accepts on the base scenario".into(),
        )
    })
}

/// The first numeric key of a table, for examples.
fn first_key(table: &str) -> &'static str {
    if table == "parameters" {
        return PARAMETER_SPECS.first().map_or("NAME", |s| s.name);
    }
    let keys = keys_of(table, None);
    keys.iter()
        .find(|k| matches!(k.value, ValueKind::Float { .. } | ValueKind::Int { .. }))
        .or(keys.first())
        .map_or("key", |k| k.name)
}

// ----- The inline base, written out -----

/// Pieces of a generated text and where they came from in the sweep file.
#[derive(Default)]
struct SpanMap {
    /// (generated range, original range, copied verbatim).
    spans: Vec<(Range<usize>, Range<usize>, bool)>,
}

impl SpanMap {
    /// The sweep file position of a generated one: exact inside copied values, the whole
    /// original otherwise; `fallback` when the position came from nowhere in particular.
    fn origin(&self, origin: &Origin, overrides: &[(String, Origin)], fallback: &Origin) -> Origin {
        match origin {
            Origin::File(r) => self
                .spans
                .iter()
                .filter(|(g, ..)| g.start <= r.start && (r.start < g.end || g.start == g.end))
                .min_by_key(|(g, ..)| g.len())
                .map_or(fallback.clone(), |(g, o, verbatim)| {
                    if *verbatim {
                        let start = o.start + (r.start - g.start);
                        let end = (start + r.len()).min(o.end).max(start);
                        Origin::File(start..end)
                    } else {
                        Origin::File(o.clone())
                    }
                }),
            Origin::Set { index, .. } => overrides
                .get(*index)
                .map_or(fallback.clone(), |(_, o)| o.clone()),
            Origin::Builtin => Origin::Builtin,
        }
    }

    /// A base-scenario problem, moved to the sweep file.
    fn translate(
        &self,
        mut d: Diagnostic,
        overrides: &[(String, Origin)],
        fallback: &Origin,
    ) -> Diagnostic {
        d.origin = self.origin(&d.origin, overrides, fallback);
        for (origin, _) in &mut d.related {
            *origin = self.origin(origin, overrides, fallback);
        }
        d
    }
}

/// Writes a table of the sweep document as a scenario file: scalars copied verbatim from
/// the sweep file, sections as `[headers]`.
struct Emitter<'a> {
    source: &'a str,
    out: String,
    map: SpanMap,
}

fn is_section(value: &Value) -> bool {
    match value {
        Value::Table(_) => true,
        Value::Array(items) => {
            !items.is_empty() && items.iter().all(|i| matches!(i.value, Value::Table(_)))
        }
        _ => false,
    }
}

/// A key as TOML writes it: bare when it can be.
fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        toml_string(key)
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Emitter<'_> {
    fn mapped(&mut self, text: &str, origin: &Origin, verbatim: bool) {
        let start = self.out.len();
        self.out.push_str(text);
        if let Origin::File(r) = origin {
            self.map
                .spans
                .push((start..self.out.len(), r.clone(), verbatim));
        }
    }

    fn body(&mut self, path: &[String], table: &Table) {
        for entry in table.entries.iter().filter(|e| !is_section(&e.node.value)) {
            self.mapped(&toml_key(&entry.key), &entry.key_origin, false);
            self.out.push_str(" = ");
            self.inline(&entry.node);
            self.out.push('\n');
        }
        for entry in &table.entries {
            let mut sub = path.to_vec();
            sub.push(toml_key(&entry.key));
            match &entry.node.value {
                Value::Table(t) => {
                    self.header(&sub, false, &entry.node.origin);
                    self.body(&sub, t);
                }
                Value::Array(items) if is_section(&entry.node.value) => {
                    for item in items {
                        if let Value::Table(t) = &item.value {
                            self.header(&sub, true, &item.origin);
                            self.body(&sub, t);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn header(&mut self, path: &[String], array: bool, origin: &Origin) {
        let (open, close) = if array { ("[[", "]]") } else { ("[", "]") };
        self.out.push('\n');
        self.mapped(&format!("{open}{}{close}", path.join(".")), origin, false);
        self.out.push('\n');
    }

    fn inline(&mut self, node: &Node) {
        let start = self.out.len();
        match &node.value {
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.inline(item);
                }
                self.out.push(']');
            }
            Value::Table(table) => {
                self.out.push('{');
                for (i, entry) in table.entries.iter().enumerate() {
                    self.out.push_str(if i > 0 { ", " } else { " " });
                    self.mapped(&toml_key(&entry.key), &entry.key_origin, false);
                    self.out.push_str(" = ");
                    self.inline(&entry.node);
                }
                self.out.push_str(" }");
            }
            scalar => {
                let verbatim = match &node.origin {
                    Origin::File(r) => self.source.get(r.clone()).filter(|s| !s.is_empty()),
                    _ => None,
                };
                match verbatim {
                    Some(text) => {
                        let text = text.to_string();
                        self.mapped(&text, &node.origin, true);
                    }
                    None => {
                        let text = match scalar {
                            Value::Str(s) => toml_string(s),
                            Value::Int(Some(i)) => i.to_string(),
                            Value::Float(x) if x.is_nan() => "nan".into(),
                            Value::Float(x) => PointValue::Float(*x).to_toml(),
                            Value::Bool(b) => b.to_string(),
                            _ => "\"\"".into(),
                        };
                        self.out.push_str(&text);
                    }
                }
                return;
            }
        }
        if let Origin::File(r) = &node.origin {
            self.map
                .spans
                .push((start..self.out.len(), r.clone(), false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

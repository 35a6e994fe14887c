//! Loading: text and `--set` overrides in, a validated `Scenario` or every problem out.
//!
//! Owns the public entry points (`load_file`, `load_str`, `default_scenario`) and the checker
//! that walks the parsed document against the schema: unknown keys, wrong types, ranges,
//! required keys, then the cross-field rules (workforce shares sum to 1, months within the
//! horizon, organisation size; for an `[economy]`, see `economy` and `presets`). Every problem is collected before anything is built, so a
//! `Scenario` is only ever made from a document without problems.
//! Does not declare keys or defaults (see `schema`), parse TOML (see `document`) or render
//! messages (see `diagnostics`).

use super::diagnostics::{Diagnostic, Origin, ScenarioError};
use super::document::{Table, Value, parse_document};
use super::inherit::{Chain, ReadScenario, merge_over, rebased_path, take_base};
use super::names::{check_file_stem, check_name};
use super::overrides::apply_override;
use super::schema::{
    DEFAULT_WORKFORCE_TOML, DefaultValue, INTERVENTION_KINDS, TABLES, find_key, find_table,
    list_names,
};
use super::uncertainty;
use crate::model::inputs::{ScenarioSource, Uncertainty};
use crate::scenario::Scenario;
use crate::scenario::load::build::build;
use std::path::Path;
use std::sync::Arc;
mod build;
mod economy;
mod presets;
mod rules;
mod source;
mod table_check;

pub use source::MAX_FILE_BYTES;
pub(crate) use source::{decode_utf8, read_source};
pub(crate) use table_check::check_scalar;

/// The commented default scenario (`scenarios/default.toml`), built into the program.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../scenarios/default.toml");

/// Loads the scenario file at `path`, then applies `overrides` (`key.path=value`).
/// An unreadable, oversized or non-UTF-8 file is a `ScenarioError` naming the path.
pub fn load_file(path: &Path, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let source_name = path.display().to_string();
    let bytes = read_source(path, "scenario file").map_err(|reason| {
        ScenarioError::whole_file(
            &source_name,
            format!("cannot read scenario file `{source_name}`: {reason}"),
        )
    })?;
    load_bytes(&source_name, &bytes, overrides)
}

/// Loads a scenario from the bytes of a file (which need not be UTF-8: that is an error
/// like any other); `source_name` is used in messages, as in [`load_str`].
pub fn load_bytes(
    source_name: &str,
    bytes: &[u8],
    overrides: &[String],
) -> Result<Scenario, ScenarioError> {
    let text = decode_utf8(source_name, bytes, overrides, "scenario")?;
    load_str(source_name, &text, overrides)
}

/// Loads a scenario from `text`; `source_name` is used in messages, and its file stem is the
/// scenario's name when the text gives none. A `base = "file"` is read relative to
/// `source_name`'s folder (see `super::inherit`). A scenario with `[uncertainty]` is checked
/// with every replication's drawn values.
pub fn load_str(
    source_name: &str,
    text: &str,
    overrides: &[String],
) -> Result<Scenario, ScenarioError> {
    load_text(source_name, text, overrides, Mode::Full)
}

/// As [`load_str`], without checking each replication's drawn values: for a scenario that
/// was checked before (a sweep's point, loaded again for each batch of its runs).
pub fn load_str_checked_before(
    source_name: &str,
    text: &str,
    overrides: &[String],
) -> Result<Scenario, ScenarioError> {
    load_text(source_name, text, overrides, Mode::CheckedBefore)
}

/// A replication's scenario: the text and overrides with its drawn values as overrides, the
/// `[uncertainty]` table left aside.
pub(crate) fn load_drawn(
    source_name: &str,
    text: &str,
    overrides: &[String],
) -> Result<Scenario, ScenarioError> {
    load_text(source_name, text, overrides, Mode::Drawn)
}

/// How much of `[uncertainty]` a load looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The table, and every replication's draws.
    Full,
    /// The table only.
    CheckedBefore,
    /// Not the table: the draws are among the overrides.
    Drawn,
}

fn load_text(
    source_name: &str,
    text: &str,
    overrides: &[String],
    mode: Mode,
) -> Result<Scenario, ScenarioError> {
    let mut chain = Chain::default();
    load_in_chain(source_name, text, overrides, mode, &mut chain).map(|(scenario, _)| scenario)
}

/// Loads a scenario as part of a chain of bases, and gives also its document with its bases
/// merged in (before `--set` and the default workforce), for a file that builds on it. A base
/// is loaded without drawing its replications: the file built on it draws them.
fn load_in_chain(
    source_name: &str,
    text: &str,
    overrides: &[String],
    mode: Mode,
    chain: &mut Chain,
) -> Result<(Scenario, Table), ScenarioError> {
    let (mut doc, mut diagnostics) = parse_document(text, &|r| Origin::File(r));
    let syntax_ok = diagnostics.is_empty();
    let mut bases = Vec::new();
    if syntax_ok {
        chain.enter(source_name);
        match take_base(&mut doc, source_name, chain) {
            Ok(None) => {}
            Ok(Some(base)) => {
                let name = base.path.display().to_string();
                let base_mode = match mode {
                    Mode::Drawn => Mode::Drawn,
                    _ => Mode::CheckedBefore,
                };
                let (scenario, mut base_doc) =
                    load_in_chain(&name, &base.text, &[], base_mode, chain)?;
                bases.push(name);
                bases.extend(scenario.bases);
                rebase_paths(&mut base_doc, &|written| {
                    rebased_path(written, &base.path, source_name)
                });
                doc = merge_over(base_doc, doc);
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    let merged = doc.clone();
    if chain.in_preset {
        diagnostics.extend(presets::take_economy_of_preset(&mut doc));
    }
    if doc.get("workforce").is_none() && doc.get(economy::ECONOMY).is_none() {
        let (defaults, _) = parse_document(DEFAULT_WORKFORCE_TOML, &|_| Origin::Builtin);
        doc.entries.extend(defaults.entries);
    }
    for (index, arg) in overrides.iter().enumerate() {
        if let Err(d) = apply_override(&mut doc, index, arg) {
            diagnostics.push(*d);
        }
    }
    if syntax_ok {
        let default_name = Path::new(source_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        let mut checker = Checker::default();
        let checked = checker.check_document(&doc);
        diagnostics.extend(checker.diagnostics);
        diagnostics.extend(name_problem(&checked.top, default_name.as_deref()));
        let uncertainty = match mode {
            Mode::Drawn => Uncertainty::default(),
            _ => uncertainty::check(&doc, source_name, &mut diagnostics),
        };
        let presets = match &checked.economy {
            Some(e) => presets::sector_presets(&checked, e, source_name, &mut diagnostics)?,
            None => Vec::new(),
        };
        if diagnostics.is_empty() {
            let mut scenario = build(&checked, default_name.filter(|n| !n.is_empty()));
            if let Some(e) = &checked.economy {
                let economy = presets::build_economy(e, presets.into_iter().flatten().collect());
                presets::attach(&mut scenario, economy);
            }
            if !uncertainty.is_empty() {
                scenario.uncertainty = Uncertainty {
                    source: Some(Arc::new(ScenarioSource {
                        name: source_name.to_string(),
                        text: text.to_string(),
                        overrides: overrides.to_vec(),
                    })),
                    ..uncertainty
                };
                if mode == Mode::Full
                    && let Some((r, problems)) =
                        first_invalid_draws(&doc, &scenario, overrides.len())
                {
                    diagnostics.push(invalid_draws(&doc, &scenario, r, &problems));
                }
            }
            if diagnostics.is_empty() {
                scenario.bases = bases;
                return Ok((scenario, merged));
            }
        }
    }
    Err(ScenarioError::new(
        source_name,
        text,
        overrides,
        diagnostics,
    ))
}

/// Rewrites the paths of the files `doc` names (its sector presets but the shipped ones, its
/// `uncertainty.posterior`) with `rebase` (None: as written).
pub(crate) fn rebase_paths(doc: &mut Table, rebase: &dyn Fn(&str) -> Option<String>) {
    presets::rebase_presets(doc, rebase);
    uncertainty::rebase_posterior(doc, rebase);
}

/// The document of the scenario `text` (named `source_name`) with its chain of bases merged
/// in (each read with `read`, relative to the folder of the file naming it) and the paths
/// of the bases' files rebased to be read from `source_name`'s folder, once the whole
/// scenario has loaded without problems (else the loader's errors, in the file where each is).
pub(crate) fn merged_document(
    source_name: &str,
    text: &str,
    read: ReadScenario<'_>,
) -> Result<Table, ScenarioError> {
    let mut chain = Chain {
        read: Some(read),
        ..Chain::default()
    };
    load_in_chain(source_name, text, &[], Mode::CheckedBefore, &mut chain).map(|(_, doc)| doc)
}

/// The first replication whose drawn values, applied to the parsed document `doc` (which
/// holds `given` overrides already), make it invalid, with the problems. The same checks as
/// loading the replication's scenario (`uncertainty::draw::replication_scenario`), without
/// parsing the text again for every replication.
fn first_invalid_draws(
    doc: &Table,
    scenario: &Scenario,
    given: usize,
) -> Option<(u32, Vec<Diagnostic>)> {
    let u = &scenario.uncertainty;
    (0..scenario.replications).find_map(|r| {
        let draws = uncertainty::draw::draw(u, scenario.seed, r);
        let mut drawn = doc.clone();
        let mut problems = Vec::new();
        for (i, arg) in uncertainty::draw::overrides(u, &draws).iter().enumerate() {
            if let Err(d) = apply_override(&mut drawn, given + i, arg) {
                problems.push(*d);
            }
        }
        let mut checker = Checker::default();
        checker.check_document(&drawn);
        problems.extend(checker.diagnostics);
        (!problems.is_empty()).then_some((r, problems))
    })
}

/// The problem of replication `r`'s drawn values, at the `[uncertainty]` table.
fn invalid_draws(doc: &Table, scenario: &Scenario, r: u32, problems: &[Diagnostic]) -> Diagnostic {
    let origin = doc
        .get(uncertainty::TABLE)
        .map_or(Origin::Builtin, |e| e.key_origin.clone());
    let first = problems.first();
    let draws = uncertainty::draw::draw(&scenario.uncertainty, scenario.seed, r);
    let shown: Vec<String> = uncertainty::draw::overrides(&scenario.uncertainty, &draws);
    let mut d = Diagnostic::new(
        origin,
        first.and_then(|d| d.key.clone()),
        format!("replication {r}'s drawn values make the scenario invalid"),
        first.map_or(String::new(), |d| format!("{}: {}", d.title, d.label)),
    )
    .with_note(format!("replication {r} drew {}", shown.join(", ")));
    if let Some(first) = first {
        d.notes.extend(first.notes.iter().cloned());
    }
    d.with_help(
        "narrow the distribution, or give the keys it depends on values that allow every draw",
    )
}

/// The problem with the scenario's name as a folder name: the `name` given, or else the
/// file's stem it would be taken from.
fn name_problem(top: &Checked, file_stem: Option<&str>) -> Option<Diagnostic> {
    match (top.get("name"), top.origin("name")) {
        (Some(Scalar::Str(name)), Some(origin)) => check_name(name, origin, "name", "scenario"),
        _ if top.invalid.contains(&"name") => None,
        _ => file_stem
            .filter(|s| !s.is_empty())
            .and_then(|s| check_file_stem(s, "scenario")),
    }
}

/// The embedded default scenario. Panics only if `scenarios/default.toml` is broken, which a
/// test guards against.
pub fn default_scenario() -> Scenario {
    match load_str("default.toml", DEFAULT_SCENARIO_TOML, &[]) {
        Ok(scenario) => scenario,
        Err(e) => panic!("the embedded default scenario is invalid:\n{e}"),
    }
}

/// A checked value.
#[derive(Clone, Debug)]
pub(crate) enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// The valid values of one table, with the schema to fall back on for absent keys.
#[derive(Clone, Debug)]
struct Checked {
    table: &'static str,
    kind: Option<&'static str>,
    /// Display path of the table: `""`, `knowledge`, `interventions[1]`.
    path: String,
    values: Vec<(&'static str, Scalar, Origin)>,
    /// Keys present but invalid (already reported).
    invalid: Vec<&'static str>,
    /// Integers refused as out of range, as written (`None`: too large for 64 bits), so that
    /// cross-field rules can still explain them (e.g. the memory 10^12 slots would take).
    refused_ints: Vec<(&'static str, Option<i64>)>,
}

impl Checked {
    fn empty(table: &'static str, kind: Option<&'static str>, path: &str) -> Self {
        Self {
            table,
            kind,
            path: path.to_string(),
            values: Vec::new(),
            invalid: Vec::new(),
            refused_ints: Vec::new(),
        }
    }

    fn get(&self, name: &str) -> Option<&Scalar> {
        self.values
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(_, v, _)| v)
    }

    fn origin(&self, name: &str) -> Option<&Origin> {
        self.values
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(.., o)| o)
    }

    fn default(&self, name: &str) -> DefaultValue {
        find_key(self.table, self.kind, name).map_or(DefaultValue::Absent, |k| k.default)
    }

    fn float(&self, name: &str) -> f64 {
        match (self.get(name), self.default(name)) {
            (Some(Scalar::Float(x)), _) => *x,
            (Some(Scalar::Int(i)), _) => *i as f64,
            (None, DefaultValue::Float(x)) => x,
            (None, DefaultValue::Int(i)) => i as f64,
            _ => 0.0,
        }
    }

    fn opt_int(&self, name: &str) -> Option<i64> {
        match (self.get(name), self.default(name)) {
            (Some(Scalar::Int(i)), _) => Some(*i),
            (None, DefaultValue::Int(i)) => Some(i),
            _ => None,
        }
    }

    fn int(&self, name: &str) -> i64 {
        self.opt_int(name).unwrap_or(0)
    }

    fn text(&self, name: &str) -> Option<String> {
        match (self.get(name), self.default(name)) {
            (Some(Scalar::Str(s)), _) => Some(s.clone()),
            (None, DefaultValue::Str(s)) => Some(s.to_string()),
            _ => None,
        }
    }

    fn flag(&self, name: &str) -> bool {
        matches!(
            (self.get(name), self.default(name)),
            (Some(Scalar::Bool(true)), _) | (None, DefaultValue::Bool(true))
        )
    }
}

/// Everything the checker found, ready to build from.
#[derive(Debug)]
struct CheckedDocument {
    top: Checked,
    organisation: Checked,
    workforce: Vec<Checked>,
    management: Checked,
    knowledge: Checked,
    environment: Checked,
    shocks: Vec<Checked>,
    interventions: Vec<Checked>,
    parameters: Checked,
    economy: Option<economy::CheckedEconomy>,
}

/// An entry of an array of tables: its display path, table and origin.
type Item<'d> = (String, &'d Table, Origin);

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
    /// Unknown keys found so far in the table being checked.
    unknown_in_table: usize,
}

/// `prefix.name`, or `name` at the top level.
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The `--set` spelling of a display path: `interventions[1].month` → `interventions.1.month`.
fn set_spelling(path: &str) -> String {
    path.replace('[', ".").replace(']', "")
}

impl Checker {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn check_document(&mut self, doc: &Table) -> CheckedDocument {
        let mut sections: Vec<&str> = TABLES
            .iter()
            .map(|t| t.name)
            .filter(|n| !n.contains('.'))
            .collect();
        // Read by `uncertainty`, which has its own checks.
        sections.push(uncertainty::TABLE);
        let top = self.check_table("", "", None, false, doc, &Origin::Builtin, &sections);
        let organisation = self.section(doc, "organisation", &[]).0;
        let management = self.section(doc, "management", &[]).0;
        let knowledge = self.section(doc, "knowledge", &[]).0;
        let parameters = self.section(doc, "parameters", &[]).0;
        let (environment, environment_table) = self.section(doc, "environment", &["shocks"]);

        let workforce_items = self.array(doc, "", "workforce", "workforce");
        let workforce: Vec<Checked> = workforce_items
            .iter()
            .flatten()
            .map(|(path, table, origin)| {
                self.check_table(path, "workforce", None, false, table, origin, &[])
            })
            .collect();
        if let (Some(items), Some(entry)) = (&workforce_items, doc.get("workforce"))
            && items.is_empty()
        {
            self.report(Diagnostic::new(
                entry.node.origin.clone(),
                Some("workforce".into()),
                "`workforce` has no groups",
                "expected at least one `[[workforce]]` group",
            ));
        }

        let shocks: Vec<Checked> = match environment_table {
            Some(env) => self
                .array(env, "environment", "environment.shocks", "shocks")
                .into_iter()
                .flatten()
                .map(|(path, table, origin)| {
                    self.check_table(
                        &path,
                        "environment.shocks",
                        None,
                        false,
                        table,
                        &origin,
                        &[],
                    )
                })
                .collect(),
            None => Vec::new(),
        };

        let interventions: Vec<Checked> = self
            .array(doc, "", "interventions", "interventions")
            .into_iter()
            .flatten()
            .map(|(path, table, origin)| {
                let kind = table.get("kind").and_then(|e| match &e.node.value {
                    Value::Str(s) => INTERVENTION_KINDS.iter().copied().find(|k| k == s),
                    _ => None,
                });
                self.check_table(
                    &path,
                    "interventions",
                    kind,
                    kind.is_none(),
                    table,
                    &origin,
                    &[],
                )
            })
            .collect();

        let economy = self.check_economy(doc);
        let checked = CheckedDocument {
            economy,
            top,
            organisation,
            workforce,
            management,
            knowledge,
            environment,
            shocks,
            interventions,
            parameters,
        };
        self.check_cross_fields(&checked);
        checked
    }

    /// A single-table section: checked values, and the table itself for its children.
    fn section<'d>(
        &mut self,
        doc: &'d Table,
        name: &'static str,
        children: &[&str],
    ) -> (Checked, Option<&'d Table>) {
        let Some(entry) = doc.get(name) else {
            return (Checked::empty(name, None, name), None);
        };
        match &entry.node.value {
            Value::Table(table) => (
                self.check_table(name, name, None, false, table, &entry.node.origin, children),
                Some(table),
            ),
            other => {
                self.report(Diagnostic::not_a_table(
                    entry.node.origin.clone(),
                    name,
                    other.type_phrase(),
                ));
                (Checked::empty(name, None, name), None)
            }
        }
    }

    /// The entries of an array of tables called `key` in `parent` (None: absent or not an array).
    fn array<'d>(
        &mut self,
        parent: &'d Table,
        parent_path: &str,
        name: &'static str,
        key: &str,
    ) -> Option<Vec<Item<'d>>> {
        let entry = parent.get(key)?;
        let path = join(parent_path, key);
        let items = match &entry.node.value {
            Value::Array(items) => items,
            other => {
                let mut d = Diagnostic::new(
                    entry.node.origin.clone(),
                    Some(path.clone()),
                    format!("`{path}` must be an array of tables"),
                    format!(
                        "expected an array of tables (`[[{name}]]`), found {}",
                        other.type_phrase()
                    ),
                );
                if matches!(other, Value::Table(_)) {
                    d = d.with_help(format!(
                        "write `[[{name}]]`, with double brackets, above each entry"
                    ));
                }
                self.report(d);
                return None;
            }
        };
        // Checked before the entries, which are then not looked at: the one problem is the
        // length, and a generated list of 10^5 entries costs no time.
        if let Some(max) = find_table(name).and_then(|t| t.max_len)
            && items.len() > max
        {
            self.report(Diagnostic::new(
                entry.node.origin.clone(),
                Some(path.clone()),
                format!("`{path}` has too many entries"),
                format!("expected at most {max} entries, found {}", items.len()),
            ));
            return None;
        }
        let mut tables = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            match &item.value {
                Value::Table(table) => tables.push((item_path, table, item.origin.clone())),
                other => self.report(Diagnostic::new(
                    item.origin.clone(),
                    Some(item_path.clone()),
                    format!("`{item_path}` must be a table"),
                    format!("expected a table, found {}", other.type_phrase()),
                )),
            }
        }
        Some(tables)
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

/// `` `a` `` or `` `a` and `b` `` for intervention kinds.
fn kind_list(kinds: &[&str]) -> String {
    match kinds {
        [one] => format!("`{one}`"),
        _ => list_names(kinds).replacen(" or ", " and ", 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Implementation, Intervention, InterventionKind};

    #[test]
    fn intervention_keys_fall_back_to_their_declared_defaults() {
        let text = "[[interventions]]\nkind = \"coaching_programme\"\nmonth = 6\nramp_months = 24\n\
                    [[interventions]]\nkind = \"technical_innovation\"\nmonth = 0\nend_month = 12\nimplementation = \"participatory\"\n";
        let s = load_str("t.toml", text, &[]).unwrap();
        assert_eq!(
            s.interventions[0],
            Intervention {
                month: 6,
                end_month: None,
                kind: InterventionKind::CoachingProgramme {
                    target_style: 0.85,
                    ramp_months: 24,
                    share_of_managers: 1.0,
                    cost_per_manager_month: 1.0,
                    time_share: 0.05,
                },
            }
        );
        assert_eq!(
            s.interventions[1],
            Intervention {
                month: 0,
                end_month: Some(12),
                kind: InterventionKind::TechnicalInnovation {
                    gain: 0.2,
                    implementation: Implementation::Participatory,
                    cost: 0.0
                },
            }
        );
    }

    #[test]
    fn declared_workforce_replaces_the_default_groups() {
        let s = load_str("t.toml", "[[workforce]]\nname = \"all\"\nshare = 1\n", &[]).unwrap();
        assert_eq!(s.workforce.len(), 1);
        let declared = |name| match find_key("workforce", None, name).map(|k| k.default) {
            Some(DefaultValue::Float(x)) => x,
            other => panic!("{name}: {other:?}"),
        };
        let group = &s.workforce[0];
        assert_eq!(group.share, 1.0);
        assert_eq!(group.skill_mean, declared("skill_mean"));
        assert_eq!(group.annual_quit_rate, declared("annual_quit_rate"));
    }

    /// A small deterministic generator, so the robustness tests need no dependency.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    #[test]
    fn no_input_panics() {
        let mut rng = Lcg(7);
        let pieces = [
            "[",
            "]",
            "[[",
            "]]",
            "=",
            "\"",
            "'",
            "\n",
            " ",
            ".",
            ",",
            "{",
            "}",
            "#",
            "0",
            "-1",
            "1e999",
            "nan",
            "0x",
            "99999999999999999999",
            "months",
            "workforce",
            "interventions",
            "kind",
            "share",
            "é",
            "\t",
            "\r",
            "\u{0}",
            "\u{feff}",
            "true",
            "1979-05-27",
            "\"\"\"",
            "parameters",
            "environment.shocks",
        ];
        let base: Vec<char> = DEFAULT_SCENARIO_TOML.chars().collect();
        for round in 0..1500 {
            let text: String = if round % 2 == 0 {
                (0..rng.below(60))
                    .map(|_| pieces[rng.below(pieces.len())])
                    .collect()
            } else {
                // Mutate the default scenario: delete, duplicate or replace a few characters.
                let mut chars = base.clone();
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(chars.len());
                    match rng.below(3) {
                        0 => {
                            chars.remove(at);
                        }
                        1 => chars.insert(at, chars[at]),
                        _ => {
                            chars[at] = pieces[rng.below(pieces.len())]
                                .chars()
                                .next()
                                .unwrap_or('x')
                        }
                    }
                }
                chars.into_iter().collect()
            };
            let overrides: Vec<String> = (0..rng.below(3))
                .map(|_| {
                    (0..1 + rng.below(6))
                        .map(|_| pieces[rng.below(pieces.len())])
                        .collect()
                })
                .collect();
            if let Err(e) = load_str("fuzz.toml", &text, &overrides) {
                assert!(e.count() >= 1);
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

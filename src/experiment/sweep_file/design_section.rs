//! The `[design]` and `[[vary]]` sections of a sweep file: the design kind, its options, the
//! varied keys and how each is spread, checked and turned into a `Design`.

use super::design_sensitivity::{BASE_SAMPLES, TRAJECTORIES};
use super::keys::resolve_key;
use super::{
    Checker, DEFAULT_DESIGN_SEED, DESIGN_KEYS, DESIGN_KINDS, MAX_VARIED_KEYS, PATH_NOTE, POINTS,
    SEED, STEPS, Spread, VARY_KEYS, Varied, too_many_keys,
};
use crate::experiment::design;
use crate::experiment::design::{Design, MAX_POINTS};
use crate::experiment::plan::PointValue;
use crate::scenario::diagnostics::{Diagnostic, Origin};
use crate::scenario::document::{Entry, Table, Value};
use crate::scenario::schema::{KeyInfo, ValueKind, format_number};
use crate::scenario::types::Scenario;

/// The kind of a `[design]`, as written in `kind = "..."`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DesignKind {
    Grid,
    LatinHypercube,
    Random,
    Table,
    Sobol,
    Morris,
}

impl DesignKind {
    pub(super) fn from_name(name: &str) -> Option<Self> {
        match name {
            "grid" => Some(Self::Grid),
            "latin_hypercube" => Some(Self::LatinHypercube),
            "random" => Some(Self::Random),
            "table" => Some(Self::Table),
            "sobol" => Some(Self::Sobol),
            "morris" => Some(Self::Morris),
            _ => None,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Grid => "grid",
            Self::LatinHypercube => "latin_hypercube",
            Self::Random => "random",
            Self::Table => "table",
            Self::Sobol => "sobol",
            Self::Morris => "morris",
        }
    }

    /// Samples ranges of its keys (with a seed) rather than listing values.
    pub(super) fn samples(self) -> bool {
        matches!(
            self,
            Self::LatinHypercube | Self::Random | Self::Sobol | Self::Morris
        )
    }

    /// Takes its number of points from `design.points`.
    pub(super) fn takes_points(self) -> bool {
        matches!(self, Self::LatinHypercube | Self::Random)
    }
}

impl Checker<'_> {
    /// The design kind (default grid); `false` if `kind` was given but invalid.
    pub(super) fn design_kind(&mut self, design: Option<(&Table, &Origin)>) -> (DesignKind, bool) {
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
    pub(super) fn design(
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
            if !kind.takes_points() {
                misplaced.extend(not_for("points", "`latin_hypercube` and `random`"));
            }
            if !kind.samples() {
                misplaced.extend(not_for(
                    "seed",
                    "`latin_hypercube`, `random`, `sobol` and `morris`",
                ));
            }
            if kind != DesignKind::Sobol {
                misplaced.extend(not_for("base_samples", "`sobol`"));
                misplaced.extend(not_for("second_order", "`sobol`"));
            }
            if kind != DesignKind::Morris {
                misplaced.extend(not_for("trajectories", "`morris`"));
                misplaced.extend(not_for("levels", "`morris`"));
                misplaced.extend(not_for("optimal_trajectories", "`morris`"));
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
        for (needs, name, expected) in [
            (kind.takes_points(), "points", POINTS.expected()),
            (
                kind == DesignKind::Sobol,
                "base_samples",
                BASE_SAMPLES.expected(),
            ),
            (
                kind == DesignKind::Morris,
                "trajectories",
                TRAJECTORIES.expected(),
            ),
        ] {
            if kind_ok && needs && table.get(name).is_none() {
                self.report(Diagnostic::new(
                    design_origin.clone(),
                    Some(format!("design.{name}")),
                    format!("missing key `design.{name}`"),
                    format!("a {kind_name} design needs `{name}`: {expected}"),
                ));
            }
        }
        let sensitivity = self.sensitivity_options(table, kind);

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
            DesignKind::Sobol | DesignKind::Morris => {
                let ranges: Vec<design::Range> = spreads
                    .into_iter()
                    .filter_map(|s| match s {
                        Spread::Range { range, .. } => Some(range),
                        Spread::Values(_) => None,
                    })
                    .collect();
                self.sensitivity_design(kind, sensitivity?, seed, ranges, &keys)
                    .map(|d| (paths, d))
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
    pub(super) fn vary_entries(
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
    pub(super) fn varied_key(
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

    pub(super) fn duplicate(
        &mut self,
        key: &str,
        subject: &str,
        origin: &Origin,
        earlier: &[Varied],
    ) {
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
    pub(super) fn scenario_key(
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
    pub(super) fn spread(
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
            // One value (`values = [40]`) holds the key fixed: a range of one number.
            let one_value =
                |e: &&Entry| matches!(&e.node.value, Value::Array(items) if items.len() == 1);
            let values = values.filter(|v| !one_value(v));
            for misplaced in [values, steps].into_iter().flatten() {
                let help = if misplaced.key == "values" {
                    "give the range to sample with `from` and `to`, or use `kind = \"grid\"`"
                } else {
                    "a sampling design draws its own values from the range; remove `steps`"
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
            if design.is_some_and(DesignKind::samples)
                && let Some([one]) = checked.as_deref()
            {
                let (x, integer) = match one {
                    PointValue::Int(i) => (*i as f64, true),
                    PointValue::Float(x) => (*x, false),
                    _ => {
                        self.report(
                            Diagnostic::new(
                                values.node.origin.clone(),
                                Some(format!("{path}.values")),
                                format!("`{path}.values` cannot be sampled"),
                                "a sampling design takes one value of a numeric key only",
                            )
                            .with_help("list the values in a grid or table design"),
                        );
                        return None;
                    }
                };
                let range = design::Range::new(x, x, integer);
                return ok.then_some(Spread::Range { range, steps: 0 });
            }
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
}

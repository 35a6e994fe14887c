//! Checking one table of a scenario against the schema: its keys (unknown ones with a
//! suggestion), their types and their ranges.

use crate::scenario::diagnostics::{MAX_SHOWN, Origin, did_you_mean};
use crate::scenario::document::{Node, Table, Value};
use crate::scenario::load::{Checked, Checker, Scalar, comma_list, join, kind_list, set_spelling};
use crate::scenario::schema::{
    DefaultValue, SCENARIO_KEYS, ValueKind, find_key, find_table, keys_of, keys_table,
};
use crate::scenario::{Diagnostic, KeyInfo, schema};

impl Checker {
    /// Checks every key of `table` against the schema of `table_name` (and intervention
    /// `kind`). `lenient_kind`: the kind is unknown, so keys of any kind are let through
    /// unchecked. `children` are sub-tables checked elsewhere.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn check_table(
        &mut self,
        path: &str,
        table_name: &'static str,
        kind: Option<&'static str>,
        lenient_kind: bool,
        table: &Table,
        origin: &Origin,
        children: &[&str],
    ) -> Checked {
        let mut checked = Checked::empty(table_name, kind, path);
        self.unknown_in_table = 0;
        for entry in &table.entries {
            if children.contains(&entry.key.as_str()) {
                continue;
            }
            let full = join(path, &entry.key);
            match find_key(table_name, kind, &entry.key) {
                Some(key) => match self.check_value(&key, &full, &entry.node) {
                    Some(value) => {
                        checked
                            .values
                            .push((key.name, value, entry.node.origin.clone()))
                    }
                    None => {
                        checked.invalid.push(key.name);
                        if let Value::Int(raw) = entry.node.value {
                            checked.refused_ints.push((key.name, raw));
                        }
                    }
                },
                None if lenient_kind
                    && SCENARIO_KEYS
                        .iter()
                        .any(|k| k.table == keys_table(table_name) && k.name == entry.key) => {}
                None => self.unknown_key(
                    path,
                    table_name,
                    kind,
                    &entry.key,
                    &entry.key_origin,
                    children,
                ),
            }
        }
        for key in keys_of(table_name, kind) {
            let present = checked.get(key.name).is_some() || checked.invalid.contains(&key.name);
            if key.default == DefaultValue::Required && !present {
                let full = join(path, key.name);
                self.report(Diagnostic::new(
                    origin.clone(),
                    Some(full.clone()),
                    format!("missing key `{full}`"),
                    format!("`{}` is required here: {}", key.name, key.expected()),
                ));
            }
        }
        checked
    }

    pub(super) fn check_value(&mut self, key: &KeyInfo, full: &str, node: &Node) -> Option<Scalar> {
        check_scalar(key.value, full, "", node)
            .map_err(|d| self.report(d))
            .ok()
    }

    pub(super) fn unknown_key(
        &mut self,
        path: &str,
        table_name: &str,
        kind: Option<&str>,
        name: &str,
        origin: &Origin,
        children: &[&str],
    ) {
        let full = join(path, name);
        // Only the first problems are shown, and a table's keys are in reading order, so a
        // table's unknown keys after its first MAX_SHOWN are never shown: they are counted
        // without the search for a suggestion, which is most of the work.
        self.unknown_in_table += 1;
        if self.unknown_in_table > MAX_SHOWN {
            self.report(Diagnostic::new(
                origin.clone(),
                Some(full.clone()),
                format!("unknown key `{full}`"),
                "",
            ));
            return;
        }
        let keys = keys_of(table_name, kind);
        let mut candidates: Vec<&str> = keys.iter().map(|k| k.name).collect();
        candidates.extend(children.iter().copied());
        let valid = format!("valid keys here: {}", comma_list(&candidates));

        if let Some(kind) = kind {
            let owners: Vec<&str> = SCENARIO_KEYS
                .iter()
                .filter(|k| k.table == keys_table(table_name) && k.name == name)
                .filter_map(|k| k.kind)
                .collect();
            if !owners.is_empty() {
                self.report(
                    Diagnostic::new(
                        origin.clone(),
                        Some(full.clone()),
                        format!("`{full}` does not apply to kind `{kind}`"),
                        format!("`{name}` is a key of {}", kind_list(&owners)),
                    )
                    .with_note(format!("keys of `{kind}`: {}", comma_list(&candidates))),
                );
                return;
            }
        }

        let context = match (table_name, find_table(table_name), kind) {
            ("", ..) => "not a scenario key".to_string(),
            (_, _, Some(kind)) => format!("not a key of kind `{kind}`"),
            (_, Some(t), None) if t.array => format!("not a key of `[[{table_name}]]`"),
            _ => format!("not a key of `[{table_name}]`"),
        };
        let mut d = Diagnostic::new(
            origin.clone(),
            Some(full.clone()),
            format!("unknown key `{full}`"),
            context,
        );
        let elsewhere: Vec<String> = schema::tables_declaring(name)
            .iter()
            .filter(|k| k.table != table_name)
            .map(|k| match (k.table, k.kind) {
                ("", _) => "the top level".to_string(),
                (_, Some(kind)) => format!("`[[interventions]]` of kind `{kind}`"),
                (t, None) if find_table(t).is_some_and(|t| t.array) => format!("`[[{t}]]`"),
                (t, None) => format!("`[{t}]`"),
            })
            .collect();
        if let Some(suggestion) = did_you_mean(name, candidates.iter().copied()) {
            let shown = match origin {
                Origin::Set { .. } => set_spelling(&join(path, suggestion)),
                _ => suggestion.to_string(),
            };
            d = d.with_help(format!("did you mean `{shown}`?"));
        } else if !elsewhere.is_empty() {
            d = d.with_help(format!("`{name}` belongs in {}", elsewhere.join(" or ")));
        }
        d = if table_name == "parameters" {
            d.with_note("`orgsim params` lists every model parameter")
        } else {
            d.with_note(valid)
        };
        self.report(d);
    }
}

/// A number as the user wrote it, near enough: `1.5`, `NaN`, `-inf`, and `1e308` rather than
/// three hundred digits.
pub(super) fn found_number(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Checks one value against `kind`. `subject` names it in messages and `suffix` is added to
/// the message titles (e.g. " for `knowledge.socialisation_rate`" when a sweep file gives a
/// value for that key). Scenario and sweep files share this, so their messages agree.
// Diagnostics are built only on the error path, once per bad value: their size is no concern.
#[allow(clippy::result_large_err)]
pub(crate) fn check_scalar(
    kind: ValueKind,
    subject: &str,
    suffix: &str,
    node: &Node,
) -> Result<Scalar, Diagnostic> {
    let full = subject;
    let expected = kind.expected();
    let out_of_range = |found: String| {
        Diagnostic::new(
            node.origin.clone(),
            Some(full.into()),
            format!("`{full}` is out of range{suffix}"),
            format!("expected {expected}{found}"),
        )
    };
    match (kind, &node.value) {
        (ValueKind::Str, Value::Str(s)) => Ok(Scalar::Str(s.clone())),
        (ValueKind::Choice(names), Value::Str(s)) if names.contains(&s.as_str()) => {
            Ok(Scalar::Str(s.clone()))
        }
        (ValueKind::Choice(names), Value::Str(s)) => {
            let mut d = Diagnostic::new(
                node.origin.clone(),
                Some(full.into()),
                format!("`{full}` has an unknown value `{s}`{suffix}"),
                format!("expected {expected}"),
            );
            if let Some(suggestion) = did_you_mean(s, names.iter().copied()) {
                d = d.with_help(format!("did you mean `{suggestion}`?"));
            }
            Err(d)
        }
        (ValueKind::Int { min, max }, Value::Int(Some(i))) if (min..=max).contains(i) => {
            Ok(Scalar::Int(*i))
        }
        (ValueKind::Int { .. }, Value::Int(Some(i))) => Err(out_of_range(format!(", found {i}"))),
        (ValueKind::Float { min, max }, Value::Float(x))
            if x.is_finite() && (min..=max).contains(x) =>
        {
            Ok(Scalar::Float(*x))
        }
        (ValueKind::Float { min, max }, Value::Int(Some(i)))
            if (min..=max).contains(&(*i as f64)) =>
        {
            Ok(Scalar::Float(*i as f64))
        }
        (ValueKind::Float { .. }, Value::Int(Some(i))) => Err(out_of_range(format!(", found {i}"))),
        (ValueKind::Float { .. }, Value::Float(x)) => {
            Err(out_of_range(format!(", found {}", found_number(*x))))
        }
        (ValueKind::Int { .. } | ValueKind::Float { .. }, Value::Int(None)) => Err(out_of_range(
            ", found a number too large for 64 bits".into(),
        )),
        (ValueKind::Bool, Value::Bool(b)) => Ok(Scalar::Bool(*b)),
        (value, found) => {
            let mut d = Diagnostic::new(
                node.origin.clone(),
                Some(full.into()),
                format!("`{full}` has the wrong type{suffix}"),
                format!("expected {expected}, found {}", found.type_phrase()),
            );
            if let (ValueKind::Int { .. }, Value::Float(x)) = (value, found)
                && x.is_finite()
                && x.fract() == 0.0
                && x.abs() < 1e15
            {
                d = d.with_help(format!("write `{}` without a decimal point", *x as i64));
            }
            if let (
                ValueKind::Float { .. } | ValueKind::Int { .. } | ValueKind::Bool,
                Value::Str(s),
            ) = (value, found)
                && toml::de::DeValue::parse(s).is_ok()
            {
                d = d.with_help(format!("remove the quotes: `{s}`"));
            }
            Err(d)
        }
    }
}

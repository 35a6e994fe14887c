//! A `table` design: the rows of a sweep file's `[design]` table, each one point, checked
//! against the varied keys' types and ranges.

use super::{Checker, MAX_VARIED_KEYS, Varied, too_many_keys};
use crate::experiment::design::{Design, MAX_POINTS};
use crate::experiment::plan::PointValue;
use crate::scenario::diagnostics::{Diagnostic, Origin};
use crate::scenario::document::{Table, Value};
use crate::scenario::schema::ValueKind;
use crate::scenario::types::Scenario;

impl Checker<'_> {
    /// A table design: `design.keys` and `design.rows`.
    pub(super) fn table_design(
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
}

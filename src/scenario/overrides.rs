//! `--set key.path=value` overrides.
//!
//! Owns reading one `--set` argument and writing its value into the parsed document at the
//! same dotted path a file would use (`knowledge.socialisation_rate=0.3`, `workforce.0.share=
//! 0.5`, `interventions.1.month=12`). The value is read as a TOML value; anything that does not
//! parse as one (a bare word like `march1991`) is taken as a string. Missing tables are
//! created, and an index one past the end of an array appends a new entry.
//! Does not check keys or values: the overridden document goes through the same validation as
//! a file (see `load`), so errors name the `--set` argument through the value's origin.

use super::diagnostics::{Diagnostic, Origin};
use super::document::{Node, Table, Value, parse_value};
use super::schema::keys_of;
use std::ops::Range;

/// One dotted-path segment and where it is in the argument.
struct Segment<'a> {
    text: &'a str,
    range: Range<usize>,
}

impl Segment<'_> {
    fn is_index(&self) -> bool {
        !self.text.is_empty() && self.text.bytes().all(|b| b.is_ascii_digit())
    }
}

/// Applies the `index`-th `--set` argument `arg` to `doc`.
pub(crate) fn apply_override(
    doc: &mut Table,
    index: usize,
    arg: &str,
) -> Result<(), Box<Diagnostic>> {
    let origin = |range: Range<usize>| Origin::Set { index, range };
    let Some(eq) = arg.find('=') else {
        return fail(Diagnostic::new(
            origin(0..arg.len()),
            None,
            format!("`--set {arg}` has no value"),
            "expected KEY=VALUE",
        )
        .with_help("write e.g. `--set knowledge.socialisation_rate=0.3` (the key uses the file's dotted path)"));
    };
    let key_text = &arg[..eq];
    let segments = split_path(key_text);
    if let Some(empty) = segments.iter().find(|s| s.text.is_empty()) {
        return fail(
            Diagnostic::new(
                origin(empty.range.clone()),
                Some(key_text.trim().to_string()),
                format!("`--set {arg}` has an empty key"),
                "expected a key name here",
            )
            .with_help(
                "keys are written as in the file, joined by dots: `knowledge.socialisation_rate`",
            ),
        );
    }

    let raw_value = &arg[eq + 1..];
    let value_start = eq + 1 + (raw_value.len() - raw_value.trim_start().len());
    let value_text = raw_value.trim();
    let value_range = value_start..value_start + value_text.len();
    let shifted = |r: Range<usize>| origin(value_start + r.start..value_start + r.end);
    let node = parse_value(value_text, &shifted).unwrap_or_else(|| Node {
        origin: origin(value_range),
        value: Value::Str(value_text.to_string()),
    });

    set_in_table(doc, &segments, node, "", &origin)
}

/// Splits `a.b.0.c` into trimmed segments with their byte ranges in the argument.
fn split_path(key_text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut start = 0;
    for part in key_text.split('.') {
        let lead = part.len() - part.trim_start().len();
        let text = part.trim();
        segments.push(Segment {
            text,
            range: start + lead..start + lead + text.len(),
        });
        start += part.len() + 1;
    }
    segments
}

/// How to write a path into the list `done` whose index segment `text` is not an index: a
/// key name is put after an index (`workforce.share` → `workforce.0.share`); a number that
/// is not an index (`-1`, `1.5`) is replaced by one, followed by the rest of the path or the
/// list's first key (`workforce.-1` → `workforce.0.name`).
fn index_help(done: &str, text: &str, rest: &[Segment<'_>]) -> String {
    let numeric = text.parse::<f64>().is_ok() || text.parse::<i128>().is_ok();
    let example = if numeric {
        let tail: Vec<&str> = rest.iter().map(|s| s.text).collect();
        let tail = match tail.is_empty() {
            true => keys_of(done, None)
                .first()
                .map_or("KEY".to_string(), |k| k.name.to_string()),
            false => tail.join("."),
        };
        join(&join(done, "0"), &tail)
    } else {
        join(&join(done, "0"), text)
    };
    let prefix = if numeric {
        "indices count from 0: "
    } else {
        ""
    };
    format!("{prefix}write e.g. `{example}`")
}

fn fail<T>(diagnostic: Diagnostic) -> Result<T, Box<Diagnostic>> {
    Err(Box::new(diagnostic))
}

fn join(done: &str, segment: &str) -> String {
    if done.is_empty() {
        segment.to_string()
    } else {
        format!("{done}.{segment}")
    }
}

fn set_in_table(
    table: &mut Table,
    segments: &[Segment<'_>],
    node: Node,
    done: &str,
    origin: &dyn Fn(Range<usize>) -> Origin,
) -> Result<(), Box<Diagnostic>> {
    let Some((segment, rest)) = segments.split_first() else {
        return Ok(());
    };
    let key_origin = origin(segment.range.clone());
    if rest.is_empty() {
        table.set(segment.text, key_origin, node);
        return Ok(());
    }
    if table.get(segment.text).is_none() {
        let fresh = if rest[0].is_index() {
            Value::Array(Vec::new())
        } else {
            Value::Table(Table::default())
        };
        table.set(
            segment.text,
            key_origin.clone(),
            Node {
                origin: key_origin,
                value: fresh,
            },
        );
    }
    let path = join(done, segment.text);
    match table.get_mut(segment.text) {
        Some(entry) => descend(&mut entry.node, rest, node, &path, origin),
        None => Ok(()),
    }
}

fn descend(
    container: &mut Node,
    segments: &[Segment<'_>],
    node: Node,
    done: &str,
    origin: &dyn Fn(Range<usize>) -> Origin,
) -> Result<(), Box<Diagnostic>> {
    let Some((segment, rest)) = segments.split_first() else {
        return Ok(());
    };
    match &mut container.value {
        Value::Table(table) => set_in_table(table, segments, node, done, origin),
        Value::Array(items) => {
            let len = items.len();
            let index = match segment.text.parse::<usize>() {
                Ok(i) if segment.is_index() && i <= len => i,
                Ok(_) if segment.is_index() => {
                    return fail(
                        Diagnostic::new(
                            origin(segment.range.clone()),
                            Some(join(done, segment.text)),
                            format!("`{done}` has no entry {}", segment.text),
                            match len {
                                0 => "expected index 0 (adds the first entry)".to_string(),
                                _ => format!(
                                    "expected an index from 0 to {len} ({len} adds a new entry)"
                                ),
                            },
                        )
                        .with_note(format!(
                            "`{done}` has {len} {}",
                            if len == 1 { "entry" } else { "entries" }
                        )),
                    );
                }
                _ => {
                    return fail(
                        Diagnostic::new(
                            origin(segment.range.clone()),
                            Some(join(done, segment.text)),
                            format!("`{done}` is a list: `{}` is not an index", segment.text),
                            format!("expected an index from 0 to {len}"),
                        )
                        .with_help(index_help(done, segment.text, rest)),
                    );
                }
            };
            let path = join(done, segment.text);
            if rest.is_empty() {
                if index == len {
                    items.push(node);
                } else {
                    items[index] = node;
                }
                return Ok(());
            }
            if index == len {
                let here = origin(segment.range.clone());
                items.push(Node {
                    origin: here,
                    value: Value::Table(Table::default()),
                });
            }
            descend(&mut items[index], rest, node, &path, origin)
        }
        other => fail(Diagnostic::new(
            origin(segment.range.clone()),
            Some(join(done, segment.text)),
            format!("`{done}` is {}, not a table", other.type_phrase()),
            format!("`{done}` has no keys to set"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::document::parse_document;

    fn doc(text: &str) -> Table {
        parse_document(text, &|r| Origin::File(r)).0
    }

    fn leaf<'a>(table: &'a Table, path: &[&str]) -> Option<&'a Value> {
        let (first, rest) = path.split_first()?;
        let mut node = &table.get(first)?.node;
        for segment in rest {
            node = match &node.value {
                Value::Table(t) => &t.get(segment)?.node,
                Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(&node.value)
    }

    #[test]
    fn values_are_toml_and_bare_words_are_strings() {
        let mut d = doc("");
        apply_override(&mut d, 0, "knowledge.socialisation_rate=0.3").unwrap();
        apply_override(&mut d, 1, "knowledge.mode = march1991").unwrap();
        apply_override(&mut d, 2, "name=my scenario").unwrap();
        apply_override(&mut d, 3, "months=24").unwrap();
        assert!(
            matches!(leaf(&d, &["knowledge", "socialisation_rate"]), Some(Value::Float(x)) if *x == 0.3)
        );
        assert!(
            matches!(leaf(&d, &["knowledge", "mode"]), Some(Value::Str(s)) if s == "march1991")
        );
        assert!(matches!(leaf(&d, &["name"]), Some(Value::Str(s)) if s == "my scenario"));
        assert!(matches!(leaf(&d, &["months"]), Some(Value::Int(Some(24)))));
    }

    #[test]
    fn overrides_replace_file_values_and_index_arrays() {
        let mut d = doc("months = 12\n[[interventions]]\nkind = \"idea_time\"\nmonth = 3\n");
        apply_override(&mut d, 0, "months=24").unwrap();
        apply_override(&mut d, 1, "interventions.0.month=6").unwrap();
        apply_override(&mut d, 2, "interventions.1.kind=manager_style").unwrap();
        assert!(matches!(leaf(&d, &["months"]), Some(Value::Int(Some(24)))));
        assert!(matches!(
            leaf(&d, &["interventions", "0", "month"]),
            Some(Value::Int(Some(6)))
        ));
        assert!(
            matches!(leaf(&d, &["interventions", "1", "kind"]), Some(Value::Str(s)) if s == "manager_style")
        );
        let error = apply_override(&mut d, 3, "interventions.5.month=1").unwrap_err();
        assert!(error.label.contains("from 0 to 2"), "{}", error.label);
    }

    #[test]
    fn malformed_arguments_are_errors_at_the_argument() {
        let mut d = doc("months = 12\n");
        let no_value = apply_override(&mut d, 4, "months").unwrap_err();
        assert_eq!(
            no_value.origin,
            Origin::Set {
                index: 4,
                range: 0..6
            }
        );
        let empty = apply_override(&mut d, 0, "knowledge..rate=1").unwrap_err();
        assert!(empty.title.contains("empty key"));
        let mut lists = doc("[[workforce]]\nname = \"a\"\n[[interventions]]\nmonth = 1\n");
        let negative = apply_override(&mut lists, 0, "workforce.-1=1").unwrap_err();
        assert_eq!(
            negative.help,
            ["indices count from 0: write e.g. `workforce.0.name`"]
        );
        let negative = apply_override(&mut lists, 0, "interventions.-1.month=1").unwrap_err();
        assert_eq!(
            negative.help,
            ["indices count from 0: write e.g. `interventions.0.month`"]
        );
        let word = apply_override(&mut lists, 0, "workforce.share=1").unwrap_err();
        assert_eq!(word.help, ["write e.g. `workforce.0.share`"]);
        let scalar = apply_override(&mut d, 0, "months.x=1").unwrap_err();
        assert!(
            scalar.title.contains("`months` is an integer"),
            "{}",
            scalar.title
        );
    }
}

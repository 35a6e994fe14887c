//! The parsed but unchecked scenario document: a TOML tree that remembers where every key
//! and value came from (a file position, a `--set` argument, or a built-in default).
//!
//! Owns turning TOML text into that tree, with every syntax error reported at once, and small
//! helpers to read and edit it. Does not know the schema (see `schema`) or check any value
//! (see `load`); never panics on any input (the TOML parser bounds nesting depth).

use super::diagnostics::{Diagnostic, Origin};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A value and where it came from.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub origin: Origin,
    pub value: Value,
}

/// A TOML value, with numbers decoded.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    Str(String),
    /// `None`: an integer that does not fit in 64 bits.
    Int(Option<i64>),
    /// May be infinite or NaN (TOML allows both).
    Float(f64),
    Bool(bool),
    Datetime,
    Array(Vec<Node>),
    Table(Table),
}

/// A TOML table, in the order the keys were written.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub key: String,
    pub key_origin: Origin,
    pub node: Node,
}

impl Value {
    /// The type as a phrase: "a string", "an integer", ...
    pub fn type_phrase(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Datetime => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.key == key)
    }

    /// Sets `key` to `node`, replacing (in place) any earlier value.
    pub fn set(&mut self, key: &str, key_origin: Origin, node: Node) {
        match self.get_mut(key) {
            Some(entry) => {
                entry.key_origin = key_origin;
                entry.node = node;
            }
            None => self.entries.push(Entry {
                key: key.to_string(),
                key_origin,
                node,
            }),
        }
    }
}

/// Parses a whole document. Syntax errors are all returned (in reading order); the tree is
/// then a best-effort recovery and should not be checked.
pub(crate) fn parse_document(
    text: &str,
    origin: &dyn Fn(Range<usize>) -> Origin,
) -> (Table, Vec<Diagnostic>) {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let mut diagnostics: Vec<Diagnostic> = errors
        .iter()
        .map(|e| syntax_error(e, origin, text.len()))
        .collect();
    diagnostics.sort_by_key(|d| match &d.origin {
        Origin::File(r) | Origin::Set { range: r, .. } => r.start,
        Origin::Builtin => 0,
    });
    (convert_table(doc.get_ref(), origin), diagnostics)
}

/// Parses a single TOML value (a `--set` right-hand side).
pub(crate) fn parse_value(text: &str, origin: &dyn Fn(Range<usize>) -> Origin) -> Option<Node> {
    DeValue::parse(text).ok().map(|v| convert(&v, origin))
}

fn syntax_error(
    error: &toml::de::Error,
    origin: &dyn Fn(Range<usize>) -> Origin,
    len: usize,
) -> Diagnostic {
    let range = error.span().unwrap_or(len..len);
    let message = error.message().trim();
    let (what, expected) = match message.split_once(", expected ") {
        Some((what, expected)) => (what, format!("expected {expected}")),
        None => (message, String::new()),
    };
    let label = if expected.is_empty() {
        what.to_string()
    } else {
        expected
    };
    Diagnostic::new(origin(range), None, format!("invalid TOML: {what}"), label)
}

fn convert(value: &Spanned<DeValue<'_>>, origin: &dyn Fn(Range<usize>) -> Origin) -> Node {
    let value_origin = origin(value.span());
    let converted = match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => Value::Int(i64::from_str_radix(i.as_str(), i.radix()).ok()),
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(_) => Value::Datetime,
        DeValue::Array(items) => {
            Value::Array(items.iter().map(|item| convert(item, origin)).collect())
        }
        DeValue::Table(table) => Value::Table(convert_table(table, origin)),
    };
    Node {
        origin: value_origin,
        value: converted,
    }
}

fn convert_table(table: &DeTable<'_>, origin: &dyn Fn(Range<usize>) -> Origin) -> Table {
    Table {
        entries: table
            .iter()
            .map(|(key, value)| Entry {
                key: key.get_ref().to_string(),
                key_origin: origin(key.span()),
                node: convert(value, origin),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Table, Vec<Diagnostic>) {
        parse_document(text, &|r| Origin::File(r))
    }

    #[test]
    fn numbers_are_decoded_in_every_notation() {
        let (doc, errors) =
            parse("a = 1_000\nb = 0x1F\nc = +5\nd = 1e3\ne = -inf\nf = 99999999999999999999\n");
        assert!(errors.is_empty());
        let value = |k: &str| doc.get(k).map(|e| e.node.value.clone());
        assert!(matches!(value("a"), Some(Value::Int(Some(1000)))));
        assert!(matches!(value("b"), Some(Value::Int(Some(31)))));
        assert!(matches!(value("c"), Some(Value::Int(Some(5)))));
        assert!(matches!(value("d"), Some(Value::Float(x)) if x == 1000.0));
        assert!(matches!(value("e"), Some(Value::Float(x)) if x == f64::NEG_INFINITY));
        assert!(matches!(value("f"), Some(Value::Int(None))));
    }

    #[test]
    fn every_syntax_error_is_reported_in_order() {
        let (_, errors) = parse("a = 1 b = 2\nc = = 3\n");
        assert!(errors.len() >= 2);
        let starts: Vec<usize> = errors
            .iter()
            .map(|d| match &d.origin {
                Origin::File(r) => r.start,
                _ => usize::MAX,
            })
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let text = format!("a = {}", "[".repeat(200_000));
        let (_, errors) = parse(&text);
        assert!(!errors.is_empty());
    }
}

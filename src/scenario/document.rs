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

/// Most syntax errors reported for one text: after a few, the parser's recovery mostly
/// reports consequences of the first ones (a file of 3,000 `[` gives thousands).
const MAX_SYNTAX_ERRORS: usize = 10;

/// Parses a whole document. Syntax errors are returned in reading order, without duplicates
/// and at most [`MAX_SYNTAX_ERRORS`] (the last then says how many more there were); the tree is
/// then a best-effort recovery and should not be checked.
pub(crate) fn parse_document(
    text: &str,
    origin: &dyn Fn(Range<usize>) -> Origin,
) -> (Table, Vec<Diagnostic>) {
    let (doc, errors) = DeTable::parse_recoverable(text);
    // A control character (NUL, ...) means binary data: errors after it are noise.
    let control = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    let mut seen = std::collections::HashSet::new();
    let mut found: Vec<(usize, Diagnostic)> = errors
        .iter()
        .filter(|e| seen.insert((e.span(), e.message().to_string())))
        .map(|e| {
            let range = e.span().unwrap_or(text.len()..text.len());
            (range.start, syntax_error(e, range, origin, text))
        })
        .filter(|(start, _)| control.is_none_or(|(at, _)| *start < at))
        .collect();
    if let Some((at, c)) = control {
        let d = Diagnostic::new(
            origin(at..at + c.len_utf8()),
            None,
            format!("invalid TOML: a control character (U+{:04X})", c as u32),
            "this character is not text",
        )
        .with_note("a scenario or sweep file is plain text: is this a binary file?");
        found.push((at, d));
    }
    found.sort_by_key(|(start, _)| *start);
    let more = found.len().saturating_sub(MAX_SYNTAX_ERRORS);
    found.truncate(MAX_SYNTAX_ERRORS);
    let mut diagnostics: Vec<Diagnostic> = found.into_iter().map(|(_, d)| d).collect();
    if more > 0
        && let Some(last) = diagnostics.last_mut()
    {
        last.notes.push(format!(
            "{more} more syntax errors follow; fix these first (later ones often follow from them)"
        ));
    }
    (convert_table(doc.get_ref(), origin), diagnostics)
}

/// Parses a single TOML value (a `--set` right-hand side).
pub(crate) fn parse_value(text: &str, origin: &dyn Fn(Range<usize>) -> Origin) -> Option<Node> {
    DeValue::parse(text).ok().map(|v| convert(&v, origin))
}

fn syntax_error(
    error: &toml::de::Error,
    range: Range<usize>,
    origin: &dyn Fn(Range<usize>) -> Origin,
    text: &str,
) -> Diagnostic {
    let message = error.message().trim();
    let (what, expected) = match message.split_once(", expected ") {
        Some((what, expected)) => (what, format!("expected {expected}")),
        None => (message, String::new()),
    };
    let found = text.get(range.clone()).unwrap_or("").trim();
    // The parser's words for two common slips do not say what happened.
    if what == "string values must be quoted" {
        if found.is_empty() {
            return Diagnostic::new(
                origin(range),
                None,
                "invalid TOML: missing value",
                "expected a value after `=`",
            );
        }
        let mut d = Diagnostic::new(
            origin(range),
            None,
            "invalid TOML: text must be quoted",
            "expected a number, `true`, `false` or a quoted string",
        );
        if found.len() <= 40
            && found
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.".contains(c))
        {
            d = d.with_help(format!(
                "if `{found}` is meant as text, write `\"{found}\"`"
            ));
        }
        return d;
    }
    let label = if expected.is_empty() {
        what.to_string()
    } else {
        expected.clone()
    };
    let d = Diagnostic::new(origin(range), None, format!("invalid TOML: {what}"), label);
    if what == "unexpected key or value" && expected.contains("newline") {
        d.with_help("each `key = value` goes on a line of its own")
    } else {
        d
    }
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
        assert!(errors.len() <= MAX_SYNTAX_ERRORS);
    }

    #[test]
    fn binary_data_is_one_error_at_the_first_control_character() {
        let (_, errors) = parse("months = 60\u{0}\u{1}[[[[\n= = =\n");
        assert_eq!(
            errors.last().map(|d| d.title.as_str()),
            Some("invalid TOML: a control character (U+0000)")
        );
        assert!(errors.iter().all(|d| match &d.origin {
            Origin::File(r) => r.start <= 11,
            _ => false,
        }));
    }

    #[test]
    fn a_missing_value_is_named_as_such() {
        let (_, errors) = parse("teams =\nmode = social\n");
        let titles: Vec<&str> = errors.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "invalid TOML: missing value",
                "invalid TOML: text must be quoted"
            ]
        );
        assert_eq!(
            errors[1].help,
            ["if `social` is meant as text, write `\"social\"`"]
        );
    }
}

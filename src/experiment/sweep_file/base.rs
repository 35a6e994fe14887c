//! The base scenario of a sweep: the built-in default, a scenario file or an inline `[base]`
//! table, loaded with the sweep's replications and seed; an inline base is written out as
//! scenario text whose problems are mapped back to their place in the sweep file.

use super::{Base, Checker};
use crate::experiment::plan::PointValue;
use crate::scenario::base_file::not_a_scenario;
use crate::scenario::diagnostics::{Diagnostic, Origin, ScenarioError};
use crate::scenario::document::{Node, Table, Value};
use crate::scenario::load::{DEFAULT_SCENARIO_TOML, load_str, read_source};
use std::ops::Range;

impl Checker<'_> {
    pub(super) fn base(&mut self, doc: &Table, overrides: &[(String, Origin)]) -> Option<Base> {
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
    pub(super) fn builtin_base(
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
    pub(super) fn inline_base(
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
    pub(super) fn file_base(
        &mut self,
        path: &str,
        origin: &Origin,
        args: &[String],
    ) -> Option<Base> {
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
}

/// Pieces of a generated text and where they came from in the sweep file.
#[derive(Default)]
pub(super) struct SpanMap {
    /// (generated range, original range, copied verbatim).
    spans: Vec<(Range<usize>, Range<usize>, bool)>,
}

impl SpanMap {
    /// The sweep file position of a generated one: exact inside copied values, the whole
    /// original otherwise; `fallback` when the position came from nowhere in particular.
    pub(super) fn origin(
        &self,
        origin: &Origin,
        overrides: &[(String, Origin)],
        fallback: &Origin,
    ) -> Origin {
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
    pub(super) fn translate(
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
pub(super) struct Emitter<'a> {
    source: &'a str,
    out: String,
    map: SpanMap,
}

pub(super) fn is_section(value: &Value) -> bool {
    match value {
        Value::Table(_) => true,
        Value::Array(items) => {
            !items.is_empty() && items.iter().all(|i| matches!(i.value, Value::Table(_)))
        }
        _ => false,
    }
}

/// A key as TOML writes it: bare when it can be.
pub(super) fn toml_key(key: &str) -> String {
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

pub(super) fn toml_string(s: &str) -> String {
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
    pub(super) fn mapped(&mut self, text: &str, origin: &Origin, verbatim: bool) {
        let start = self.out.len();
        self.out.push_str(text);
        if let Origin::File(r) = origin {
            self.map
                .spans
                .push((start..self.out.len(), r.clone(), verbatim));
        }
    }

    pub(super) fn body(&mut self, path: &[String], table: &Table) {
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

    pub(super) fn header(&mut self, path: &[String], array: bool, origin: &Origin) {
        let (open, close) = if array { ("[[", "]]") } else { ("[", "]") };
        self.out.push('\n');
        self.mapped(&format!("{open}{}{close}", path.join(".")), origin, false);
        self.out.push('\n');
    }

    pub(super) fn inline(&mut self, node: &Node) {
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

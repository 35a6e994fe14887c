//! Scenarios that build on each other: `base = "other.toml"` at the top of a scenario file.
//!
//! Owns finding a file's base (relative to the file's folder), refusing cycles and chains
//! longer than [`MAX_BASE_CHAIN`], and merging: everything from the base, then the file's own
//! keys over it (tables merged key by key, arrays such as `[[interventions]]` replaced whole).
//! A base is itself a valid scenario: it is loaded and checked on its own first, so its
//! problems are reported in the base file. Its `name` is not inherited (a scenario is named by
//! its own `name` or file name). Bases are read from the file system, or with a reader of the
//! caller's (the scenarios built into the program, see `flatten`). Does not check values (see
//! `load`).

use super::base_file::not_a_scenario;
use super::diagnostics::{Diagnostic, Origin};
use super::document::{Node, Table, Value};
use super::load::read_source;
use std::path::{Path, PathBuf};

/// Most files in a chain of bases (the file itself not counted).
pub const MAX_BASE_CHAIN: usize = 8;

/// The base a file names: where it is and its text.
pub(crate) struct BaseRef {
    /// The path as resolved (relative to the file's folder), for messages and the manifest.
    pub path: PathBuf,
    pub text: String,
}

/// Reads the text of the scenario file at a path, or gives the reason it cannot.
pub(crate) type ReadScenario<'r> = &'r dyn Fn(&Path) -> Result<String, String>;

/// Reads the scenario file at `path` from the file system (at most
/// [`super::MAX_FILE_BYTES`], UTF-8); the error is the reason, to follow "cannot read ...: ".
pub fn read_scenario_file(path: &Path) -> Result<String, String> {
    read_source(path, "scenario file").and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| "it is not a text file (invalid UTF-8)".into())
    })
}

/// Files of the chain being loaded, outermost first (their canonical paths).
#[derive(Default)]
pub(crate) struct Chain<'r> {
    pub files: Vec<PathBuf>,
    /// The same files as named in messages.
    pub names: Vec<String>,
    /// The chain is a sector preset of an economy (or its bases), which may not have
    /// `[economy]` itself.
    pub in_preset: bool,
    /// Where the bases are read from; None: the file system ([`read_scenario_file`]).
    pub read: Option<ReadScenario<'r>>,
}

impl Chain<'_> {
    /// Adds the file `source_name` (if it is a file at all: `load_str` may be given a name;
    /// with a reader of its own, every name is one).
    pub fn enter(&mut self, source_name: &str) {
        let identity = match (std::fs::canonicalize(source_name), self.read) {
            (Ok(canonical), _) => canonical,
            (Err(_), Some(_)) => PathBuf::from(source_name),
            (Err(_), None) => return,
        };
        self.files.push(identity);
        self.names.push(source_name.to_string());
    }

    /// The text of the base at `path`, from the chain's reader.
    fn read(&self, path: &Path) -> Result<String, String> {
        match self.read {
            Some(read) => read(path),
            None => read_scenario_file(path),
        }
    }
}

/// Removes `base` from `doc` and finds the file it names. `Ok(None)`: no `base`; `Err`: a
/// problem at the `base` key of this file (wrong type, unreadable, not a scenario, a cycle, a
/// chain too long).
pub(crate) fn take_base(
    doc: &mut Table,
    source_name: &str,
    chain: &Chain,
) -> Result<Option<BaseRef>, Box<Diagnostic>> {
    let Some(at) = doc.entries.iter().position(|e| e.key == "base") else {
        return Ok(None);
    };
    let entry = doc.entries.remove(at);
    let origin = entry.node.origin.clone();
    let problem = |title: String, label: &str| {
        Box::new(Diagnostic::new(
            origin.clone(),
            Some("base".into()),
            title,
            label,
        ))
    };
    let Value::Str(written) = &entry.node.value else {
        return Err(problem(
            "`base` has the wrong type".into(),
            &format!(
                "expected the path of a scenario file (a string), found {}",
                entry.node.value.type_phrase()
            ),
        ));
    };
    let folder = Path::new(source_name).parent().unwrap_or(Path::new(""));
    let path = folder.join(written);
    let shown = path.display().to_string();
    let relative_note = || {
        format!(
            "`base` is relative to the scenario file's folder{}",
            match folder.display().to_string() {
                d if d.is_empty() => String::new(),
                d => format!(" (`{d}`)"),
            }
        )
    };
    let canonical = match (std::fs::canonicalize(&path), chain.read) {
        (Ok(canonical), _) => canonical,
        // A text of the reader's own (a scenario built into the program) is named by its path.
        (Err(_), Some(_)) => path.clone(),
        (Err(e), None) => {
            return Err(Box::new(
                problem(
                    format!("cannot read base scenario `{shown}`: {e}"),
                    "expected the path of a scenario file",
                )
                .with_note(relative_note()),
            ));
        }
    };
    if let Some(first) = chain.files.iter().position(|f| *f == canonical) {
        let mut names: Vec<&str> = chain.names[first..].iter().map(String::as_str).collect();
        names.push(&shown);
        return Err(Box::new(
            problem(
                format!("`base` makes a cycle: {}", names.join(" → ")),
                "this base is already in the chain",
            )
            .with_help("a scenario cannot be its own base, directly or through other files"),
        ));
    }
    if chain.files.len() > MAX_BASE_CHAIN {
        return Err(Box::new(
            problem(
                format!("the chain of bases is longer than {MAX_BASE_CHAIN} files"),
                "one base too many",
            )
            .with_note(format!("chain: {}", chain.names.join(" → "))),
        ));
    }
    let text = chain.read(&path).map_err(|reason| {
        Box::new(
            problem(
                format!("cannot read base scenario `{shown}`: {reason}"),
                "expected the path of a scenario file",
            )
            .with_note(relative_note()),
        )
    })?;
    if let Some(d) = not_a_scenario(&shown, &text, &origin) {
        return Err(Box::new(d));
    }
    Ok(Some(BaseRef { path, text }))
}

/// A path written in the base file `base_path` (relative to the base's folder) as the file
/// `source_name` built on it must read it: the canonical path when the two folders differ,
/// None when they are the same folder (the written path is right as it is) or the file does
/// not exist (the base's own check has then reported it).
pub(crate) fn rebased_path(written: &str, base_path: &Path, source_name: &str) -> Option<String> {
    let base_folder = base_path.parent().unwrap_or(Path::new(""));
    let own_folder = Path::new(source_name).parent().unwrap_or(Path::new(""));
    let canonical = |p: &Path| {
        std::fs::canonicalize(if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        })
        .ok()
    };
    if canonical(base_folder) == canonical(own_folder) {
        return None;
    }
    std::fs::canonicalize(base_folder.join(written))
        .ok()
        .map(|p| p.display().to_string())
}

/// `doc` over `base`: the base's keys (without its `name`), then each key of `doc` replacing
/// the base's, tables merged key by key and arrays replaced whole. The base's values are
/// marked as not from this file (their positions are in another text).
pub(crate) fn merge_over(mut base: Table, doc: Table) -> Table {
    base.entries.retain(|e| e.key != "name");
    forget_positions(&mut base);
    merge_tables(base, doc)
}

fn merge_tables(mut base: Table, doc: Table) -> Table {
    for entry in doc.entries {
        match base.get_mut(&entry.key) {
            Some(existing) => {
                if let (Value::Table(_), Value::Table(_)) =
                    (&existing.node.value, &entry.node.value)
                {
                    let Value::Table(under) =
                        std::mem::replace(&mut existing.node.value, Value::Table(Table::default()))
                    else {
                        unreachable!("matched a table above")
                    };
                    let Value::Table(over) = entry.node.value else {
                        unreachable!("matched a table above")
                    };
                    existing.node.value = Value::Table(merge_tables(under, over));
                    existing.node.origin = entry.node.origin;
                    existing.key_origin = entry.key_origin;
                } else {
                    *existing = entry;
                }
            }
            None => base.entries.push(entry),
        }
    }
    base
}

fn forget_positions(table: &mut Table) {
    for entry in &mut table.entries {
        entry.key_origin = Origin::Builtin;
        forget_node(&mut entry.node);
    }
}

fn forget_node(node: &mut Node) {
    node.origin = Origin::Builtin;
    match &mut node.value {
        Value::Table(t) => forget_positions(t),
        Value::Array(items) => items.iter_mut().for_each(forget_node),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::document::parse_document;

    fn doc(text: &str) -> Table {
        parse_document(text, &|r| Origin::File(r)).0
    }

    #[test]
    fn tables_merge_key_by_key_and_arrays_are_replaced() {
        let base = doc(
            "name = \"b\"\nmonths = 60\n[management]\nstyle_mean = 0.3\nstyle_sd = 0.1\n\
             [[interventions]]\nkind = \"idea_time\"\n[[interventions]]\nkind = \"subsidy\"\n",
        );
        let over =
            doc("[management]\nstyle_mean = 0.8\n[[interventions]]\nkind = \"action_learning\"\n");
        let merged = merge_over(base, over);
        assert!(merged.get("name").is_none(), "the name is not inherited");
        assert!(matches!(
            merged.get("months").unwrap().node.value,
            Value::Int(Some(60))
        ));
        let Value::Table(m) = &merged.get("management").unwrap().node.value else {
            panic!("management is a table")
        };
        assert!(matches!(m.get("style_mean").unwrap().node.value, Value::Float(x) if x == 0.8));
        assert!(matches!(m.get("style_sd").unwrap().node.value, Value::Float(x) if x == 0.1));
        let Value::Array(items) = &merged.get("interventions").unwrap().node.value else {
            panic!("interventions is an array")
        };
        assert_eq!(items.len(), 1);
        // The base's positions are in another text: not quoted against this one.
        assert_eq!(merged.get("months").unwrap().node.origin, Origin::Builtin);
    }
}

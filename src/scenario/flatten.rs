//! A scenario with its bases merged in, as one TOML text that needs no other file.
//!
//! Owns writing out what the loader builds from a chain of `base = "…"` files (see
//! `inherit`): the same merge (the bases' keys but their `name`, each file's keys over them,
//! tables key by key, arrays whole), and every relative path of a file the scenario names
//! (sector presets, `uncertainty.posterior`) made absolute, so that the text loads to the same
//! scenario from any folder. For a page or a tool that keeps a scenario as text (`orgsim
//! explore`) and for a file exported from it. Comments are not kept, except in a scenario
//! that has no base and no relative path (given back as it is).

use super::diagnostics::ScenarioError;
use super::document::{Table, Value};
use super::load::{merged_document, rebase_paths};
use std::path::Path;

/// The scenario `text` (named `source_name`: its path, or for a text of `read`'s own, its
/// name) with its whole chain of bases merged in and no `base`, each base read with `read`
/// relative to the folder of the file that names it ([`super::read_scenario_file`] reads
/// files). Relative paths of sector presets and posteriors become absolute. Loading the
/// result with `load_str` under the same file name gives the scenario `load_str` gives for
/// `text` (except `bases`, which it has none of). A scenario with problems, in it or in a
/// base, is the loader's error, in the file and at the line where each is.
pub fn flattened_toml(
    source_name: &str,
    text: &str,
    read: impl Fn(&Path) -> Result<String, String>,
) -> Result<String, ScenarioError> {
    let mut doc = merged_document(source_name, text, &read)?;
    let had_base = toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key("base"));
    let folder = Path::new(source_name).parent().unwrap_or(Path::new(""));
    let changed = std::cell::Cell::new(false);
    rebase_paths(&mut doc, &|written| {
        let path = absolute_path(written, folder);
        changed.set(changed.get() || path.is_some());
        path
    });
    if !had_base && !changed.get() {
        return Ok(text.to_string());
    }
    let table = toml_table(&doc).ok_or_else(|| {
        ScenarioError::whole_file(
            source_name,
            format!("`{source_name}` has a value that cannot be written back as TOML"),
        )
    })?;
    toml::to_string(&table).map_err(|e| {
        ScenarioError::whole_file(
            source_name,
            format!("cannot write `{source_name}` with its bases: {e}"),
        )
    })
}

/// `written` (relative to `folder`) as an absolute path, if it is not one yet and the file
/// exists (a missing file has been reported by the loader).
fn absolute_path(written: &str, folder: &Path) -> Option<String> {
    if Path::new(written).is_absolute() {
        return None;
    }
    let relative = folder.join(written);
    std::fs::canonicalize(relative)
        .ok()
        .map(|p| p.display().to_string())
}

/// The document as a TOML table, in the order written; None for a value TOML cannot hold
/// again (a date-time, or an integer beyond 64 bits, neither of which a valid scenario has).
fn toml_table(table: &Table) -> Option<toml::Table> {
    table
        .entries
        .iter()
        .map(|e| Some((e.key.clone(), toml_value(&e.node.value)?)))
        .collect()
}

fn toml_value(value: &Value) -> Option<toml::Value> {
    Some(match value {
        Value::Str(s) => toml::Value::String(s.clone()),
        Value::Int(i) => toml::Value::Integer((*i)?),
        Value::Float(x) => toml::Value::Float(*x),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Datetime => return None,
        Value::Array(items) => toml::Value::Array(
            items
                .iter()
                .map(|n| toml_value(&n.value))
                .collect::<Option<_>>()?,
        ),
        Value::Table(t) => toml::Value::Table(toml_table(t)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    /// Texts of a reader's own, by file name.
    fn reader(
        texts: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&Path) -> Result<String, String> {
        move |p: &Path| {
            texts
                .iter()
                .find(|(n, _)| Path::new(n) == p)
                .map(|(_, t)| t.to_string())
                .ok_or_else(|| "no such text".to_string())
        }
    }

    #[test]
    fn a_chain_of_texts_is_written_as_one_without_its_bases() {
        let texts: &'static [(&str, &str)] = &[
            (
                "a.toml",
                "name = \"a\"\nmonths = 30\nseed = 4\n[management]\nstyle_mean = 0.3\nstyle_sd = 0.1\n\
                 [[interventions]]\nkind = \"idea_time\"\nmonth = 2\n",
            ),
            (
                "b.toml",
                "base = \"a.toml\"\n[management]\nstyle_mean = 0.7\n",
            ),
        ];
        let leaf = "base = \"b.toml\"\nmonths = 20\n";
        let flat = flattened_toml("c.toml", leaf, reader(texts)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!flat.contains("base"), "{flat}");
        assert!(
            !flat.contains("name"),
            "the bases' name is not inherited: {flat}"
        );
        let s = load_str("c.toml", &flat, &[]).unwrap_or_else(|e| panic!("{e}\n{flat}"));
        assert_eq!((s.name.as_str(), s.months, s.seed), ("c", 20, 4));
        assert_eq!((s.management.style_mean, s.management.style_sd), (0.7, 0.1));
        assert_eq!(s.interventions.len(), 1);
    }

    #[test]
    fn a_scenario_without_base_or_paths_is_given_back_as_it_is() {
        let text = "# a comment\nmonths = 12\n";
        let flat = flattened_toml("x.toml", text, reader(&[])).unwrap();
        assert_eq!(flat, text);
    }

    #[test]
    fn a_missing_base_is_the_loaders_error_at_its_line() {
        let err = flattened_toml("x.toml", "months = 12\nbase = \"gone.toml\"\n", reader(&[]))
            .expect_err("no such base");
        let d = &err.diagnostics()[0];
        assert!(d.title.contains("cannot read base scenario"), "{}", d.title);
        assert_eq!(
            d.location,
            crate::scenario::Location::File { line: 2, column: 8 }
        );
    }
}

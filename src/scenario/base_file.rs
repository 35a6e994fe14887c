//! Whether the file a sweep's `base = "path"` names is a scenario at all.
//!
//! A mistyped or hostile `base` may name any readable file (`/etc/passwd`, a key file).
//! Problems of a real scenario quote its lines, as any scenario error does; but a file that
//! is not TOML, or is TOML with none of a scenario's keys, is reported by its path and a
//! position only, so that an error message never copies a file that was not meant to be read
//! (invalid UTF-8 is refused earlier, also without quoting).

use super::diagnostics::{Diagnostic, LineIndex, Origin};
use super::document::parse_document;
use super::schema::{find_key, find_table};

/// The problem with the base file `source` (text `text`, named at `origin` in the sweep
/// file) if it is not a scenario, quoting none of its text; None if it is one (an empty file
/// is: every key has a default).
pub(crate) fn not_a_scenario(source: &str, text: &str, origin: &Origin) -> Option<Diagnostic> {
    let (doc, syntax) = parse_document(text, &|r| Origin::File(r));
    let reason = if let Some(first) = syntax.first() {
        let at = match &first.origin {
            Origin::File(r) => r.start,
            _ => 0,
        };
        let (line, column) = LineIndex::new(text).line_column(text, at);
        let what = first.title.trim_start_matches("invalid TOML: ");
        format!("it is not valid TOML: {what} at line {line}, column {column}")
    } else if !doc.entries.is_empty()
        && !doc.entries.iter().any(|e| {
            e.key == "base" || find_key("", None, &e.key).is_some() || find_table(&e.key).is_some()
        })
    {
        format!(
            "it has {} top-level keys and none is a scenario key",
            doc.entries.len()
        )
    } else {
        return None;
    };
    Some(
        Diagnostic::new(
            origin.clone(),
            Some("base".into()),
            format!("the base scenario `{source}` is not a scenario file"),
            "expected the path of a scenario file",
        )
        .with_note(reason)
        .with_help("check that `base` names the scenario file meant (its text is not shown)"),
    )
}

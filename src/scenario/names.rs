//! The names that become folder names: a scenario's or sweep's `name` (written in the file,
//! given with `--set name=...`, or taken from the file name) is the default output folder
//! `results/<name>` of `run`, `sweep`, `slurm` and the subfolders of `compare`.
//!
//! Owns the diagnostic for a name that cannot be one plain folder name; the rule itself is
//! `crate::ground::text::folder_name_problem`, the one every command relies on. Refusing at validation
//! (rather than cleaning the name) means `validate` already says what `run` would do, and a
//! name never sends results, or `--force`, outside `results/`.

use super::diagnostics::{Diagnostic, Origin};
use crate::ground::text::{escape_control, folder_name_problem, folder_name_suggestion};

/// The problem with `name`, written at `origin` as the key `key` of a `what` ("scenario",
/// "sweep"), or None if it can name a folder.
pub(crate) fn check_name(name: &str, origin: &Origin, key: &str, what: &str) -> Option<Diagnostic> {
    let problem = folder_name_problem(name)?;
    let suggestion = folder_name_suggestion(name, what);
    let help = match origin {
        Origin::Set { .. } => format!("write e.g. `--set {key}={suggestion}`"),
        _ => format!("write e.g. `{key} = \"{suggestion}\"`"),
    };
    Some(
        Diagnostic::new(
            origin.clone(),
            Some(key.into()),
            format!("`{key}` cannot be used as a folder name"),
            format!("the name {problem}"),
        )
        .with_help(help)
        .with_note(note(what)),
    )
}

/// The problem with the name a `what` takes from its file name `stem` when the file gives
/// none, or None if it can name a folder.
pub(crate) fn check_file_stem(stem: &str, what: &str) -> Option<Diagnostic> {
    let problem = folder_name_problem(stem)?;
    let suggestion = folder_name_suggestion(stem, what);
    Some(
        Diagnostic::new(
            Origin::Builtin,
            Some("name".into()),
            format!(
                "the file name `{}` cannot be used as the {what}'s name",
                escape_control(stem)
            ),
            format!("the {what} has no `name`, and the file name {problem}"),
        )
        .with_help(format!("give the {what} a name: `name = \"{suggestion}\"`"))
        .with_note(note(what)),
    )
}

fn note(what: &str) -> String {
    format!(
        "a {what}'s name is its default output folder, `results/<name>`: one folder name, \
         without `/`, `\\`, control characters or more than {} bytes, and not `.` or `..`",
        crate::ground::text::MAX_NAME_BYTES
    )
}

//! Varied keys: resolving a `--set`-style path against the schema and the base scenario
//! (array entries, intervention kinds), with a message and suggestion when it does not resolve.

use super::comma_list;
use crate::model::params::PARAMETER_SPECS;
use crate::scenario::diagnostics::did_you_mean;
use crate::scenario::schema::{
    KeyInfo, SCENARIO_KEYS, TABLES, ValueKind, keys_of, list_names, parameter_key,
};
use crate::scenario::types::Scenario;

/// Why a varied key is not accepted.
pub(super) struct KeyProblem {
    pub(super) title: String,
    pub(super) label: String,
    pub(super) help: Option<String>,
    pub(super) note: Option<String>,
}

/// The arrays of tables `--set` indexes into (`workforce.0.share`).
pub(super) const ARRAYS: &[&str] = &["workforce", "environment.shocks", "interventions"];

/// Entries of an array section in the base (None: base unknown).
pub(super) fn entries_in(base: Option<&Scenario>, table: &str) -> Option<usize> {
    let base = base?;
    Some(match table {
        "workforce" => base.workforce.len(),
        "environment.shocks" => base.environment.shocks.len(),
        _ => base.interventions.len(),
    })
}

/// The kind of intervention `index` of the base (None: base unknown or no such entry).
pub(super) fn intervention_kind(base: Option<&Scenario>, index: usize) -> Option<&'static str> {
    base?.interventions.get(index).map(|i| i.kind.name())
}

/// Every path `--set` accepts on `base`, with its declaration. Without a base, each array
/// has one entry (index 0) and every intervention key is accepted.
pub(super) fn settable_paths(base: Option<&Scenario>) -> Vec<(String, KeyInfo)> {
    let mut paths: Vec<(String, KeyInfo)> = Vec::new();
    for key in SCENARIO_KEYS {
        match ARRAYS.iter().find(|table| **table == key.table) {
            Some(table) => {
                let count = entries_in(base, table).unwrap_or(1);
                for i in 0..count {
                    let applies = match (base, key.kind) {
                        (Some(_), Some(kind)) => intervention_kind(base, i) == Some(kind),
                        _ => true,
                    };
                    let path = format!("{table}.{i}.{}", key.name);
                    if applies && !paths.iter().any(|(p, _)| *p == path) {
                        paths.push((path, *key));
                    }
                }
            }
            None => paths.push((
                if key.table.is_empty() {
                    key.name.to_string()
                } else {
                    format!("{}.{}", key.table, key.name)
                },
                *key,
            )),
        }
    }
    for spec in PARAMETER_SPECS {
        paths.push((format!("parameters.{}", spec.name), parameter_key(spec)));
    }
    paths
}

/// Splits `interventions.3.month` into (array table, index text, rest).
pub(super) fn split_array_path(path: &str) -> Option<(&'static str, &str, &str)> {
    ARRAYS.iter().find_map(|table| {
        let rest = path.strip_prefix(table)?.strip_prefix('.')?;
        let (index, key) = rest.split_once('.').unwrap_or((rest, ""));
        Some((*table, index, key))
    })
}

/// The declaration of the scenario key `path` as `--set` spells it, checked against `base`
/// (array indexes, intervention kinds) when the base loaded.
pub(super) fn resolve_key(path: &str, base: Option<&Scenario>) -> Result<KeyInfo, KeyProblem> {
    let paths = settable_paths(base);
    let lookup = |p: &str| paths.iter().find(|(q, _)| q == p).map(|(_, k)| *k);
    // Without a base, any index is as good as 0.
    let normalised = match (base, split_array_path(path)) {
        (None, Some((table, index, key)))
            if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{table}.0.{key}")
        }
        _ => path.to_string(),
    };
    if let Some(info) = lookup(&normalised) {
        if path == "replications" {
            return Err(KeyProblem {
                title: "`replications` cannot be varied".into(),
                label: "every point runs the same number of replications".into(),
                help: Some("set `replications` at the top of the sweep file".into()),
                note: None,
            });
        }
        return Ok(info);
    }
    let problem = |title: String, label: String| KeyProblem {
        title,
        label,
        help: None,
        note: None,
    };

    // `workforce[0].share`: the display spelling.
    if path.contains('[') {
        let alt = path.replace('[', ".").replace(']', "");
        if resolve_key(&alt, base).is_ok() {
            return Err(KeyProblem {
                help: Some(format!("write `{alt}`")),
                ..problem(
                    format!("`{path}` is not written as `--set` writes it"),
                    "expected array indexes as dotted numbers".into(),
                )
            });
        }
    }

    // An array entry the base does not have, or a key of another intervention kind.
    if let Some((table, index, key)) = split_array_path(path) {
        let lenient = settable_paths(None);
        let declared = lenient
            .iter()
            .any(|(p, _)| *p == format!("{table}.0.{key}"));
        let noun = match table {
            "workforce" => "workforce groups",
            "environment.shocks" => "shocks",
            _ => "interventions",
        };
        match index.parse::<usize>() {
            Ok(i) if declared && index.bytes().all(|b| b.is_ascii_digit()) => {
                let count = entries_in(base, table).unwrap_or(0);
                if i >= count {
                    let label = match count {
                        0 => format!("the base scenario has no {noun}"),
                        1 => {
                            format!("the base scenario has 1 entry in `{table}`: expected index 0")
                        }
                        n => format!(
                            "the base scenario has {n} {noun}: expected an index from 0 to {}",
                            n - 1
                        ),
                    };
                    return Err(problem(
                        format!("`{path}` is not in the base scenario"),
                        label,
                    ));
                }
                if let Some(kind) = intervention_kind(base, i) {
                    let owners: Vec<&str> = SCENARIO_KEYS
                        .iter()
                        .filter(|k| k.table == table && k.name == key)
                        .filter_map(|k| k.kind)
                        .collect();
                    let own: Vec<&str> =
                        keys_of(table, Some(kind)).iter().map(|k| k.name).collect();
                    return Err(KeyProblem {
                        note: Some(format!("keys of `{kind}`: {}", comma_list(&own))),
                        help: did_you_mean(key, own.iter().copied())
                            .map(|s| format!("did you mean `{table}.{i}.{s}`?")),
                        ..problem(
                            format!("`{path}` does not apply to kind `{kind}`"),
                            format!(
                                "`{table}.{i}` is a `{kind}` intervention; `{key}` is a key of {}",
                                list_names(&owners)
                            ),
                        )
                    });
                }
            }
            Ok(_) | Err(_) if index.is_empty() || key.is_empty() => {
                return Err(KeyProblem {
                    help: Some(format!("write e.g. `{table}.0.{}`", first_key(table))),
                    ..problem(
                        format!("`{path}` is not a key"),
                        format!("`{table}` is a list: name an entry and one of its keys"),
                    )
                });
            }
            _ => {}
        }
    }

    // A section rather than a key.
    if let Some(section) = TABLES.iter().find(|t| t.name == path) {
        let (help, label) = if section.array {
            (
                format!("write e.g. `{path}.0.{}`", first_key(path)),
                format!("`{path}` is a list: name an entry and one of its keys"),
            )
        } else {
            (
                format!("write e.g. `{path}.{}`", first_key(path)),
                "expected a key of it".to_string(),
            )
        };
        return Err(KeyProblem {
            help: Some(help),
            ..problem(format!("`{path}` is a table, not a key"), label)
        });
    }
    if path == "parameters" {
        return Err(KeyProblem {
            help: Some(format!("write e.g. `{path}.{}`", first_key(path))),
            ..problem(
                format!("`{path}` is a table, not a key"),
                "expected a key of it".into(),
            )
        });
    }

    // Unknown: the closest path, or a path with the same key name.
    let candidates: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
    let last = path.rsplit('.').next().unwrap_or(path);
    let same_name: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| c.rsplit('.').next() == Some(last))
        .collect();
    let help = match did_you_mean(path, candidates.iter().copied()) {
        Some(s) => Some(format!("did you mean `{s}`?")),
        None => match same_name.as_slice() {
            [] => None,
            [one] => Some(format!("did you mean `{one}`?")),
            many => Some(format!("`{last}` is a key of {}", list_names(many))),
        },
    };
    Err(KeyProblem {
        help,
        ..problem(
            format!("unknown scenario key `{path}`"),
            "not a key `--set` accepts on the base scenario".into(),
        )
    })
}

/// The first numeric key of a table, for examples.
pub(super) fn first_key(table: &str) -> &'static str {
    if table == "parameters" {
        return PARAMETER_SPECS.first().map_or("NAME", |s| s.name);
    }
    let keys = keys_of(table, None);
    keys.iter()
        .find(|k| matches!(k.value, ValueKind::Float { .. } | ValueKind::Int { .. }))
        .or(keys.first())
        .map_or("key", |k| k.name)
}

//! Uncertain inputs: a scenario's `[uncertainty]` table, read into the model's `Uncertainty`.
//!
//! Owns checking the table (each numeric key with a distribution — `uniform`, `triangular`,
//! `normal` truncated to the key's range, `beta` scaled to `low`–`high` — and `posterior`, a
//! CSV of whole parameter sets such as a calibration's accepted sample), with the scenario's
//! diagnostics: file, position, key, allowed range and did-you-mean. Drawing a replication's
//! values and building its scenario is `draw`. Does not run anything.
//!
//! Keys are written as `--set` writes them (`"parameters.trust_loss_rate"`, or an entry of a
//! list: `"interventions.0.gain"`). Keys that fix the size or identity of a run (`seed`,
//! `replications`, `months`, the organisation's size, March's individuals and dimensions) are
//! shared by every replication and cannot be uncertain.

use super::diagnostics::{Diagnostic, Origin, did_you_mean};
use super::document::{Node, Table, Value};
use super::schema::{KeyInfo, SCENARIO_KEYS, ValueKind, find_key, format_number, list_names};
use crate::model::inputs::{Distribution, PosteriorSample, UncertainKey, Uncertainty};
use crate::model::params::PARAMETER_SPECS;
use std::path::Path;

pub mod draw;

/// The table's name in a scenario file.
pub const TABLE: &str = "uncertainty";
/// The distributions a key may have, as written in `distribution = "..."`.
pub const DISTRIBUTIONS: &[&str] = &["uniform", "triangular", "normal", "beta"];
/// Keys every replication shares: they set the size or identity of the run.
pub const SHARED_KEYS: &[&str] = &[
    "seed",
    "replications",
    "months",
    "organisation.teams",
    "organisation.team_size",
    "knowledge.dimensions",
    "knowledge.individuals",
];
/// Largest posterior file read (64 MiB: a million sets of a few keys).
pub const MAX_POSTERIOR_BYTES: u64 = 64 << 20;
/// Most sets a posterior file may hold.
pub const MAX_POSTERIOR_SETS: usize = 1_000_000;
/// Most uncertain keys in one table.
pub const MAX_KEYS: usize = 256;
/// A normal's `sd` may be at most this many times the width of its key's range, so that a
/// draw inside the range is found within `draw::MAX_NORMAL_TRIES` tries (with the mean in the
/// range, at least 4% of the mass lies inside it).
pub const MAX_SD_WIDTHS: f64 = 10.0;
/// The arrays of tables whose entries a key may name (`interventions.0.gain`).
const ARRAYS: &[&str] = &[
    "workforce",
    "environment.shocks",
    "interventions",
    "economy.sectors",
    "economy.regions",
    "economy.agreements",
];

/// Everything about one key a distribution needs: its range and whether it is an integer.
#[derive(Clone, Copy, Debug)]
struct Range {
    low: f64,
    high: f64,
    integer: bool,
    info: KeyInfo,
}

/// Rewrites the posterior a file names with `rebase` (None: as written), e.g. so that a file
/// built on it reads the same posterior.
pub(crate) fn rebase_posterior(doc: &mut Table, rebase: &dyn Fn(&str) -> Option<String>) {
    let Some(Value::Table(table)) = doc.get_mut(TABLE).map(|e| &mut e.node.value) else {
        return;
    };
    if let Some(entry) = table.get_mut("posterior")
        && let Value::Str(written) = &entry.node.value
        && let Some(path) = rebase(written)
    {
        entry.node.value = Value::Str(path);
    }
}

/// Reads the `[uncertainty]` table of `doc`, if any, reporting every problem into
/// `diagnostics`. `source_name` locates a relative `posterior` path (beside the scenario file).
pub(crate) fn check(
    doc: &Table,
    source_name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Uncertainty {
    let mut found = Uncertainty::default();
    let Some(entry) = doc.get(TABLE) else {
        return found;
    };
    let table = match &entry.node.value {
        Value::Table(table) => table,
        other => {
            diagnostics.push(
                Diagnostic::not_a_table(entry.node.origin.clone(), TABLE, other.type_phrase())
                    .with_help(example_help()),
            );
            return found;
        }
    };
    let mut keys: Vec<(String, &Node, Origin)> = Vec::new();
    collect_keys(table, "", &mut keys, diagnostics, &mut found, source_name);
    if keys.len() > MAX_KEYS {
        diagnostics.push(Diagnostic::new(
            entry.node.origin.clone(),
            Some(TABLE.into()),
            "`uncertainty` has too many keys",
            format!(
                "expected at most {MAX_KEYS} uncertain keys, found {}",
                keys.len()
            ),
        ));
        return found;
    }
    for (key, node, key_origin) in keys {
        let Some(range) = uncertain_key(&key, &key_origin, diagnostics) else {
            continue;
        };
        if found.keys.iter().any(|k| k.key == key) {
            diagnostics.push(Diagnostic::new(
                key_origin,
                Some(format!("uncertainty.{key}")),
                format!("`{key}` has two distributions"),
                "expected one distribution per key",
            ));
            continue;
        }
        if let Some(distribution) = distribution(&key, node, range, diagnostics) {
            found.keys.push(UncertainKey {
                key,
                distribution,
                integer: range.integer,
            });
        }
    }
    if let Some(posterior) = &found.posterior {
        for k in &found.keys {
            if posterior.keys.contains(&k.key) {
                diagnostics.push(
                    Diagnostic::new(
                        entry.node.origin.clone(),
                        Some(format!("uncertainty.{}", k.key)),
                        format!(
                            "`{}` is both in the posterior and given a distribution",
                            k.key
                        ),
                        format!("`{}` is a column of `{}`", k.key, posterior.path),
                    )
                    .with_help("keep one: the posterior's sets, or the distribution"),
                );
            }
        }
    }
    found
}

/// The entries of the table as (dotted key, value, key origin); `posterior` is read on the
/// way. A table without `distribution` is a level of a dotted key written unquoted
/// (`parameters.trust_loss_rate = { ... }` is the table `parameters` in TOML).
fn collect_keys<'t>(
    table: &'t Table,
    prefix: &str,
    keys: &mut Vec<(String, &'t Node, Origin)>,
    diagnostics: &mut Vec<Diagnostic>,
    found: &mut Uncertainty,
    source_name: &str,
) {
    for e in &table.entries {
        let key = if prefix.is_empty() {
            e.key.clone()
        } else {
            format!("{prefix}.{}", e.key)
        };
        if key == "posterior" {
            match &e.node.value {
                Value::Str(path) => {
                    found.posterior = read_posterior(path, source_name, &e.node.origin, diagnostics)
                }
                other => diagnostics.push(Diagnostic::new(
                    e.node.origin.clone(),
                    Some("uncertainty.posterior".into()),
                    "`uncertainty.posterior` must be a path",
                    format!(
                        "expected a string such as \"calibration/posterior.csv\", found {}",
                        other.type_phrase()
                    ),
                )),
            }
            continue;
        }
        match &e.node.value {
            Value::Table(inner)
                if inner.get("distribution").is_none()
                    && !inner.entries.is_empty()
                    && inner
                        .entries
                        .iter()
                        .all(|x| matches!(x.node.value, Value::Table(_))) =>
            {
                collect_keys(inner, &key, keys, diagnostics, found, source_name)
            }
            _ => keys.push((key, &e.node, e.key_origin.clone())),
        }
    }
}

fn example_help() -> String {
    "write e.g. `\"parameters.trust_loss_rate\" = { distribution = \"uniform\", low = 0.05, high = 0.5 }` under `[uncertainty]`".into()
}

/// Every key that can be uncertain outside the lists, for suggestions.
fn candidates() -> Vec<String> {
    let mut names: Vec<String> = PARAMETER_SPECS
        .iter()
        .map(|s| format!("parameters.{}", s.name))
        .collect();
    names.extend(
        SCENARIO_KEYS
            .iter()
            .filter(|k| numeric(&k.value) && !ARRAYS.contains(&k.table))
            .map(|k| {
                if k.table.is_empty() {
                    k.name.to_string()
                } else {
                    format!("{}.{}", k.table, k.name)
                }
            })
            .filter(|k| !SHARED_KEYS.contains(&k.as_str())),
    );
    names
}

fn numeric(value: &ValueKind) -> bool {
    matches!(value, ValueKind::Int { .. } | ValueKind::Float { .. })
}

/// The declaration of `key` if it can be uncertain; otherwise the reason, reported.
fn uncertain_key(key: &str, origin: &Origin, diagnostics: &mut Vec<Diagnostic>) -> Option<Range> {
    match resolve(key) {
        Ok(range) => Some(range),
        Err(d) => {
            diagnostics.push(d(origin.clone()));
            None
        }
    }
}

type Problem = Box<dyn FnOnce(Origin) -> Diagnostic>;

/// `key` resolved against the schema, or the problem to report at its origin.
fn resolve(key: &str) -> Result<Range, Problem> {
    let owned = key.to_string();
    if SHARED_KEYS.contains(&key) {
        return Err(Box::new(move |origin| {
            Diagnostic::new(
                origin,
                Some(format!("uncertainty.{owned}")),
                format!("`{owned}` cannot be uncertain"),
                "it sets the size or identity of the run, which every replication shares",
            )
            .with_help("vary it in a sweep instead (`orgsim sweep`)")
        }));
    }
    let info = match ARRAYS.iter().find_map(|t| {
        let rest = key.strip_prefix(t)?.strip_prefix('.')?;
        Some((*t, rest))
    }) {
        Some((table, rest)) => {
            let (index, name) = rest.split_once('.').unwrap_or((rest, ""));
            let index_ok = !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit());
            SCENARIO_KEYS
                .iter()
                .find(|k| index_ok && k.table == table && k.name == name && numeric(&k.value))
                .copied()
        }
        None => {
            let (table, name) = key.rsplit_once('.').unwrap_or(("", key));
            find_key(table, None, name).filter(|k| numeric(&k.value))
        }
    };
    match info {
        Some(info) => {
            let (low, high, integer) = match info.value {
                ValueKind::Int { min, max } => (min as f64, max as f64, true),
                ValueKind::Float { min, max } => (min, max, false),
                _ => unreachable!("filtered to numeric keys"),
            };
            Ok(Range {
                low,
                high,
                integer,
                info,
            })
        }
        None => Err(Box::new(move |origin| {
            let mut d = Diagnostic::new(
                origin,
                Some(format!("uncertainty.{owned}")),
                format!("`{owned}` cannot be uncertain"),
                "expected a numeric key as `--set` writes it, e.g. `parameters.trust_loss_rate` or `interventions.0.gain`",
            );
            let names = candidates();
            let name = owned.rsplit('.').next().unwrap_or(&owned);
            if let Some(s) = did_you_mean(&owned, names.iter().map(String::as_str)).or_else(|| {
                did_you_mean(
                    &format!("parameters.{name}"),
                    names.iter().map(String::as_str),
                )
            }) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            d.with_note("`orgsim params` lists every key with its range")
        })),
    }
}

/// The keys each distribution takes, after `distribution`.
fn distribution_keys(name: &str) -> &'static [&'static str] {
    match name {
        "uniform" => &["low", "high"],
        "triangular" => &["low", "mode", "high"],
        "normal" => &["mean", "sd"],
        _ => &["a", "b", "low", "high"],
    }
}

/// Reads one key's distribution (an inline table), checking every number.
fn distribution(
    key: &str,
    node: &Node,
    range: Range,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Distribution> {
    let path = format!("uncertainty.{key}");
    let Value::Table(table) = &node.value else {
        diagnostics.push(
            Diagnostic::new(
                node.origin.clone(),
                Some(path),
                format!("the uncertainty of `{key}` must be a table"),
                format!(
                    "expected `{{ distribution = \"...\", ... }}`, found {}",
                    node.value.type_phrase()
                ),
            )
            .with_help(example_help()),
        );
        return None;
    };
    let name = match table.get("distribution").map(|e| &e.node) {
        Some(Node {
            value: Value::Str(s),
            ..
        }) if DISTRIBUTIONS.contains(&s.as_str()) => s.as_str(),
        Some(other) => {
            let mut d = Diagnostic::new(
                other.origin.clone(),
                Some(format!("{path}.distribution")),
                format!("unknown distribution for `{key}`"),
                format!("expected {}", list_names(DISTRIBUTIONS)),
            );
            if let Value::Str(s) = &other.value
                && let Some(s) = did_you_mean(s, DISTRIBUTIONS.iter().copied())
            {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diagnostics.push(d);
            return None;
        }
        None => {
            diagnostics.push(
                Diagnostic::new(
                    node.origin.clone(),
                    Some(format!("{path}.distribution")),
                    format!("the uncertainty of `{key}` names no distribution"),
                    format!("expected `distribution = ` {}", list_names(DISTRIBUTIONS)),
                )
                .with_help(example_help()),
            );
            return None;
        }
    };
    let wanted = distribution_keys(name);
    let mut ok = true;
    for e in &table.entries {
        if e.key != "distribution" && !wanted.contains(&e.key.as_str()) {
            let mut d = Diagnostic::new(
                e.key_origin.clone(),
                Some(format!("{path}.{}", e.key)),
                format!("unknown key `{}` of a {name} distribution", e.key),
                format!("a {name} distribution takes {}", list_names(wanted)),
            );
            if let Some(s) = did_you_mean(&e.key, wanted.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diagnostics.push(d);
            ok = false;
        }
    }
    let allowed = range.info.expected();
    let mut number = |field: &str, within_range: bool| -> Option<(f64, Origin)> {
        let Some(e) = table.get(field) else {
            diagnostics.push(Diagnostic::new(
                node.origin.clone(),
                Some(format!("{path}.{field}")),
                format!("the {name} distribution of `{key}` has no `{field}`"),
                format!("a {name} distribution takes {}", list_names(wanted)),
            ));
            return None;
        };
        let x = match e.node.value {
            Value::Float(x) => x,
            Value::Int(Some(i)) => i as f64,
            _ => f64::NAN,
        };
        let bad = |label: String| {
            Diagnostic::new(
                e.node.origin.clone(),
                Some(format!("{path}.{field}")),
                format!("`{field}` of `{key}`'s distribution is out of range"),
                label,
            )
        };
        if !x.is_finite() {
            diagnostics.push(bad(format!(
                "expected a finite number, found {}",
                match e.node.value {
                    Value::Float(_) => "a non-finite float",
                    ref other => other.type_phrase(),
                }
            )));
            return None;
        }
        if within_range && !(range.low..=range.high).contains(&x) {
            diagnostics.push(
                bad(format!(
                    "`{key}` takes {allowed}, found {}",
                    format_number(x)
                ))
                .with_note(format!("`{key}`: {}", range.info.meaning)),
            );
            return None;
        }
        Some((x, e.node.origin.clone()))
    };
    let order = |low: &(f64, Origin), high: &(f64, Origin), what: &str, d: &mut Vec<Diagnostic>| {
        if low.0 < high.0 {
            true
        } else {
            d.push(Diagnostic::new(
                high.1.clone(),
                Some(format!("{path}.{what}")),
                format!("the distribution of `{key}` is empty"),
                format!("expected `{what}` above {}", format_number(low.0)),
            ));
            false
        }
    };
    let result = match name {
        "uniform" => {
            let (low, high) = (number("low", true), number("high", true));
            let (low, high) = (low?, high?);
            order(&low, &high, "high", diagnostics).then_some(Distribution::Uniform {
                low: low.0,
                high: high.0,
            })
        }
        "triangular" => {
            let (low, mode, high) = (
                number("low", true),
                number("mode", true),
                number("high", true),
            );
            let (low, mode, high) = (low?, mode?, high?);
            if !order(&low, &high, "high", diagnostics) {
                return None;
            }
            if !(low.0..=high.0).contains(&mode.0) {
                diagnostics.push(Diagnostic::new(
                    mode.1,
                    Some(format!("{path}.mode")),
                    format!("the mode of `{key}`'s distribution lies outside it"),
                    format!(
                        "expected `mode` from {} to {}",
                        format_number(low.0),
                        format_number(high.0)
                    ),
                ));
                return None;
            }
            Some(Distribution::Triangular {
                low: low.0,
                mode: mode.0,
                high: high.0,
            })
        }
        "normal" => {
            let (mean, sd) = (number("mean", true), number("sd", false));
            let (mean, sd) = (mean?, sd?);
            let width = range.high - range.low;
            if sd.0 <= 0.0 || sd.0 > MAX_SD_WIDTHS * width {
                diagnostics.push(
                    Diagnostic::new(
                        sd.1,
                        Some(format!("{path}.sd")),
                        format!("`sd` of `{key}`'s distribution is out of range"),
                        format!(
                            "expected `sd` above 0 and at most {} ({} times the width of the key's range), found {}",
                            format_number(MAX_SD_WIDTHS * width),
                            MAX_SD_WIDTHS,
                            format_number(sd.0)
                        ),
                    )
                    .with_note(format!(
                        "the normal is truncated to `{key}`'s range ({allowed}): draws outside it are drawn again"
                    )),
                );
                return None;
            }
            Some(Distribution::Normal {
                mean: mean.0,
                sd: sd.0,
                low: range.low,
                high: range.high,
            })
        }
        _ => {
            let (a, b) = (number("a", false), number("b", false));
            let (low, high) = (number("low", true), number("high", true));
            let (a, b, low, high) = (a?, b?, low?, high?);
            let mut shape_ok = true;
            for (field, value) in [("a", &a), ("b", &b)] {
                if value.0 <= 0.0 || value.0 > 1e6 {
                    diagnostics.push(Diagnostic::new(
                        value.1.clone(),
                        Some(format!("{path}.{field}")),
                        format!("`{field}` of `{key}`'s beta distribution is out of range"),
                        format!(
                            "expected a number above 0 and at most 1000000, found {}",
                            format_number(value.0)
                        ),
                    ));
                    shape_ok = false;
                }
            }
            (order(&low, &high, "high", diagnostics) && shape_ok).then_some(Distribution::Beta {
                a: a.0,
                b: b.0,
                low: low.0,
                high: high.0,
            })
        }
    };
    result.filter(|_| ok)
}

/// Reads a posterior file: the sets' key columns (a calibration's `posterior.csv`: the
/// columns between `set` and `distance`; any other file: every column but `rank`, `set`,
/// `distance` and `weight`), their values and the optional `weight` column.
fn read_posterior(
    written: &str,
    source_name: &str,
    origin: &Origin,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PosteriorSample> {
    let resolved = Path::new(source_name)
        .parent()
        .unwrap_or(Path::new(""))
        .join(written);
    let fail = |title: String, label: String| {
        Diagnostic::new(
            origin.clone(),
            Some("uncertainty.posterior".into()),
            title,
            label,
        )
    };
    let text = match read_capped(&resolved) {
        Ok(text) => text,
        Err(reason) => {
            diagnostics.push(
                fail(
                    format!("cannot read the posterior `{}`", resolved.display()),
                    reason,
                )
                .with_note("a relative path is taken from the scenario file's folder"),
            );
            return None;
        }
    };
    let file = resolved.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            diagnostics.push(fail(
                format!("the posterior `{file}` is not a CSV table"),
                e.to_string(),
            ));
            return None;
        }
    };
    let position = |name: &str| header.iter().position(|c| c == name);
    let key_columns: Vec<usize> = match (position("set"), position("distance")) {
        (Some(set), Some(distance)) if set < distance => (set + 1..distance).collect(),
        _ => (0..header.len())
            .filter(|&i| !["rank", "set", "distance", "weight"].contains(&header[i].as_str()))
            .collect(),
    };
    if key_columns.is_empty() {
        diagnostics.push(fail(
            format!("the posterior `{file}` has no key columns"),
            format!("its columns are {}", header.join(", ")),
        ).with_note("a calibration's `posterior.csv` has the keys between `set` and `distance`; another file has one column per key (as `--set` writes it) and optionally `weight`"));
        return None;
    }
    let mut ranges = Vec::new();
    for &c in &key_columns {
        match resolve(&header[c]) {
            Ok(r) => ranges.push(r),
            Err(problem) => {
                let d = problem(origin.clone());
                diagnostics.push(Diagnostic {
                    title: format!(
                        "column `{}` of the posterior `{file}` is not a key that can be uncertain",
                        header[c]
                    ),
                    ..d
                });
                return None;
            }
        }
    }
    let weight_column = position("weight");
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    let mut weights = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diagnostics.push(fail(
                    format!("line {line} of the posterior `{file}` is not a CSV row"),
                    e.to_string(),
                ));
                return None;
            }
        };
        if rows.len() >= MAX_POSTERIOR_SETS {
            diagnostics.push(fail(
                format!("the posterior `{file}` has too many sets"),
                format!("expected at most {MAX_POSTERIOR_SETS} rows"),
            ));
            return None;
        }
        let cell = |c: usize| record.get(c).unwrap_or("").trim();
        let mut row = Vec::with_capacity(key_columns.len());
        for (&c, r) in key_columns.iter().zip(&ranges) {
            let x = cell(c).parse::<f64>().unwrap_or(f64::NAN);
            let whole = !r.integer || x.fract() == 0.0;
            if !(r.low..=r.high).contains(&x) || !whole {
                diagnostics.push(fail(
                    format!(
                        "line {line} of the posterior `{file}`: `{}` is out of range",
                        header[c]
                    ),
                    format!(
                        "`{}` takes {}, found `{}`",
                        header[c],
                        r.info.expected(),
                        cell(c)
                    ),
                ));
                return None;
            }
            row.push(x);
        }
        if let Some(w) = weight_column {
            let x = cell(w).parse::<f64>().unwrap_or(f64::NAN);
            if !(x.is_finite() && x >= 0.0) {
                diagnostics.push(fail(
                    format!("line {line} of the posterior `{file}`: the weight is not a weight"),
                    format!("expected a number of at least 0, found `{}`", cell(w)),
                ));
                return None;
            }
            weights.push(x);
        }
        ids.push(
            position("set")
                .and_then(|s| cell(s).parse::<u64>().ok())
                .unwrap_or(i as u64),
        );
        rows.push(row);
    }
    if rows.is_empty() {
        diagnostics.push(fail(
            format!("the posterior `{file}` has no sets"),
            "expected at least one row after the header".into(),
        ));
        return None;
    }
    if weight_column.is_some() && weights.iter().sum::<f64>() <= 0.0 {
        diagnostics.push(fail(
            format!("the weights of the posterior `{file}` are all 0"),
            "expected at least one weight above 0".into(),
        ));
        return None;
    }
    Some(PosteriorSample {
        path: written.to_string(),
        keys: key_columns.iter().map(|&c| header[c].clone()).collect(),
        sets: rows.len(),
        weighted: weight_column.is_some(),
        rows,
        ids,
        weights: weight_column.map(|_| weights),
    })
}

/// The text of `path`, at most [`MAX_POSTERIOR_BYTES`].
fn read_capped(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_POSTERIOR_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_POSTERIOR_BYTES {
        return Err(format!(
            "it is over the limit of {} MiB",
            MAX_POSTERIOR_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| "it is not a UTF-8 text file".to_string())
}

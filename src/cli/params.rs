//! `orgsim params`: the model coefficients and scenario keys as a table, a CSV or JSON.
//!
//! Owns choosing the rows a word asks for, the aligned text table grouped by the step of a
//! month, and the csv/json forms (columns name, step, default, min, max, default_is,
//! meaning). The rows come from `PARAMETER_SPECS` and the scenario schema.

use crate::model::params::{PARAMETER_SPECS, ParamSpec};
use crate::scenario::diagnostics::did_you_mean;
use crate::scenario::schema::{DefaultValue, ValueKind};
use crate::scenario::{KeyInfo, scenario_keys};
use clap::{Args, ValueEnum};
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ParamsArgs {
    /// Show only the coefficients and keys whose name or meaning contains this word
    /// (case-insensitive), e.g. `orgsim params trust`.
    pub word: Option<String>,
    /// Output format: an aligned table, CSV or JSON (columns name, step, default, min, max,
    /// default_is, meaning).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// What "step" means, said once above the table.
const STEP_EXPLAINED: &str =
    "step: the step of a month in docs/ODD.md section 3 where the coefficient acts";

/// One row of the csv/json forms.
#[derive(Debug, serde::Serialize)]
struct Row {
    name: String,
    step: Option<String>,
    default: serde_json::Value,
    min: Option<f64>,
    max: Option<f64>,
    default_is: Option<&'static str>,
    meaning: &'static str,
}

fn matches(word: &str, name: &str, meaning: &str) -> bool {
    name.to_lowercase().contains(word) || meaning.to_lowercase().contains(word)
}

/// `"5 trust"` → `"step 5: trust"`.
fn step_heading(step: &str) -> String {
    match step.split_once(' ') {
        Some((number, name)) => format!("step {number}: {name}"),
        None => format!("step {step}"),
    }
}

fn param_row(spec: &ParamSpec) -> Row {
    Row {
        name: spec.name.to_string(),
        step: Some(spec.step.to_string()),
        default: serde_json::json!(spec.default),
        min: Some(spec.min),
        max: Some(spec.max),
        default_is: Some(spec.provenance()),
        meaning: spec.meaning,
    }
}

fn key_name(key: &KeyInfo) -> String {
    match key.kind {
        Some(kind) => format!("{} ({kind})", key.path()),
        None => key.path(),
    }
}

fn key_row(key: &KeyInfo) -> Row {
    let (min, max) = match key.value {
        ValueKind::Int { min, max } => (Some(min as f64), (max != i64::MAX).then_some(max as f64)),
        ValueKind::Float { min, max } => (Some(min), Some(max)),
        _ => (None, None),
    };
    let default = match key.default {
        DefaultValue::Required | DefaultValue::Absent => serde_json::Value::Null,
        DefaultValue::Str(s) => serde_json::json!(s),
        DefaultValue::Int(i) => serde_json::json!(i),
        DefaultValue::Float(f) => serde_json::json!(f),
        DefaultValue::Bool(b) => serde_json::json!(b),
    };
    Row {
        name: key_name(key),
        step: None,
        default,
        min,
        max,
        default_is: None,
        meaning: key.meaning,
    }
}

/// Every name, and every word of a name or meaning, a filter could have meant.
fn known_words() -> Vec<String> {
    let names = PARAMETER_SPECS
        .iter()
        .map(|s| s.name)
        .chain(scenario_keys().map(|k| k.name));
    let texts = PARAMETER_SPECS
        .iter()
        .flat_map(|s| [s.name, s.meaning])
        .chain(scenario_keys().flat_map(|k| [k.name, k.meaning]));
    let mut words: Vec<String> = names.map(str::to_string).collect();
    for text in texts {
        words.extend(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase),
        );
    }
    words.sort();
    words.dedup();
    words
}

/// Runs `orgsim params`.
pub fn params(args: &ParamsArgs) -> ExitCode {
    let word = args.word.as_deref().map(|w| w.trim().to_lowercase());
    let wanted =
        |name: &str, meaning: &str| word.as_deref().is_none_or(|w| matches(w, name, meaning));
    let specs: Vec<&ParamSpec> = PARAMETER_SPECS
        .iter()
        .filter(|s| wanted(s.name, s.meaning))
        .collect();
    let keys: Vec<KeyInfo> = scenario_keys()
        .filter(|k| wanted(&k.path(), k.meaning))
        .collect();
    if specs.is_empty() && keys.is_empty() {
        let asked = args.word.as_deref().unwrap_or_default();
        let mut message = format!(
            "error: no model parameter or scenario key has `{asked}` in its name or meaning"
        );
        if let Some(s) = did_you_mean(asked.trim(), known_words().iter().map(String::as_str)) {
            let _ = write!(
                message,
                "\n  help: did you mean `{s}`? (`orgsim params {s}`)"
            );
        }
        let _ = write!(message, "\n  help: `orgsim params` lists them all");
        eprintln_escaped!("{message}");
        return ExitCode::from(2);
    }
    let out = match args.format {
        Format::Text => text_table(&specs, &keys),
        Format::Csv => match csv_text(&specs, &keys) {
            Ok(text) => text,
            Err(e) => {
                eprintln_escaped!("error: cannot write the CSV: {e}");
                return ExitCode::from(1);
            }
        },
        Format::Json => {
            let rows: Vec<Row> = specs
                .iter()
                .map(|s| param_row(s))
                .chain(keys.iter().map(key_row))
                .collect();
            match serde_json::to_string_pretty(&rows) {
                Ok(json) => json + "\n",
                Err(e) => {
                    eprintln_escaped!("error: cannot write the JSON: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    };
    super::print_stdout(&out);
    ExitCode::SUCCESS
}

fn csv_text(specs: &[&ParamSpec], keys: &[KeyInfo]) -> Result<String, Box<dyn std::error::Error>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "name",
        "step",
        "default",
        "min",
        "max",
        "default_is",
        "meaning",
    ])?;
    let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    for spec in specs {
        writer.write_record([
            spec.name.to_string(),
            spec.step.to_string(),
            spec.default.to_string(),
            spec.min.to_string(),
            spec.max.to_string(),
            spec.provenance().to_string(),
            spec.meaning.to_string(),
        ])?;
    }
    for key in keys {
        let row = key_row(key);
        let default = match key.default {
            DefaultValue::Required | DefaultValue::Absent => String::new(),
            DefaultValue::Str(s) => s.to_string(),
            _ => key.default_text(),
        };
        writer.write_record([
            row.name,
            String::new(),
            default,
            number(row.min),
            number(row.max),
            String::new(),
            row.meaning.to_string(),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn text_table(specs: &[&ParamSpec], keys: &[KeyInfo]) -> String {
    let mut out = String::new();
    if !specs.is_empty() {
        let _ = writeln!(
            out,
            "Model parameters ([parameters] table; --set parameters.NAME=VALUE)\n\
             {STEP_EXPLAINED}\n\
             calibrated: fitted to published effect sizes (docs/CALIBRATION.md); illustrative: \
             set by judgement, not data\n"
        );
        let name_width = specs.iter().map(|s| s.name.len()).max().unwrap_or(0);
        let default_width = specs
            .iter()
            .map(|s| s.default.to_string().len())
            .max()
            .unwrap_or(0);
        let ranges: Vec<String> = specs
            .iter()
            .map(|s| format!("[{}, {}]", s.min, s.max))
            .collect();
        let range_width = ranges.iter().map(String::len).max().unwrap_or(0);
        let mut step = "";
        for (spec, range) in specs.iter().zip(&ranges) {
            if spec.step != step {
                step = spec.step;
                let _ = writeln!(out, "# {}", step_heading(step));
            }
            let _ = writeln!(
                out,
                "  {:<name_width$}  {:>default_width$}  {:<range_width$}  {:<12}  {}",
                spec.name,
                spec.default,
                range,
                spec.provenance(),
                spec.meaning
            );
        }
    }
    if !keys.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "Scenario keys (--set PATH=VALUE; array entries by index, e.g. workforce.0.share)\n"
        );
        let names: Vec<String> = keys.iter().map(key_name).collect();
        let defaults: Vec<String> = keys.iter().map(KeyInfo::default_text).collect();
        let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        let default_width = defaults
            .iter()
            .map(|d| d.chars().count())
            .max()
            .unwrap_or(0);
        for ((key, name), default) in keys.iter().zip(&names).zip(&defaults) {
            let _ = writeln!(
                out,
                "  {name:<name_width$}  {default:>default_width$}  {}  {}",
                key.expected(),
                key.meaning
            );
        }
    }
    out
}

//! `orgsim params`: the model coefficients and scenario keys as a table, a CSV or JSON, in
//! English or Dutch.
//!
//! Owns choosing the rows a word asks for, the aligned text table grouped by the step of a
//! month, and the csv/json forms (columns name, step, default, min, max, default_is,
//! meaning). The rows come from `PARAMETER_SPECS` and the scenario schema; their meanings in
//! Dutch from `output::i18n`. With `--lang nl` the meanings are Dutch in every form, and the
//! text table's headings, step names and calibrated/illustrative too; column and field names
//! and the csv/json values of step and default_is stay as they are, an interface for scripts.

use crate::model::params::{PARAMETER_SPECS, ParamSpec};
use crate::output::i18n::Lang;
use crate::scenario::diagnostics::did_you_mean;
use crate::scenario::schema::{DefaultValue, ValueKind, format_number};
use crate::scenario::{KeyInfo, scenario_keys};
use clap::{Args, ValueEnum};
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ParamsArgs {
    /// Show only the coefficients and keys whose name or meaning contains this word
    /// (case-insensitive), e.g. `orgsim params trust`; with `--lang nl` the Dutch meaning
    /// counts too (`orgsim params --lang nl vertrouwen`).
    pub word: Option<String>,
    /// Output format: an aligned table, CSV or JSON (columns name, step, default, min, max,
    /// default_is, meaning).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Language of the meanings: en or nl (Dutch). The text table's headings, step names and
    /// calibrated/illustrative follow it; the csv/json column and field names and their step
    /// and default_is values stay in English, as an interface for scripts.
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// The text table's fixed lines in one language.
struct Headings {
    parameters: &'static str,
    /// What "step" means, said once above the table.
    step_explained: &'static str,
    provenance_explained: &'static str,
    /// "step" in a group heading: "step 5: trust".
    step: &'static str,
    keys: &'static str,
}

const EN: Headings = Headings {
    parameters: "Model parameters ([parameters] table; --set parameters.NAME=VALUE)",
    step_explained: "step: the step of a month in docs/ODD.md section 3 where the coefficient acts",
    provenance_explained: "calibrated: fitted to published effect sizes (docs/CALIBRATION.md); \
                           illustrative: set by judgement, not data",
    step: "step",
    keys: "Scenario keys (--set PATH=VALUE; array entries by index, e.g. workforce.0.share)",
};

const NL: Headings = Headings {
    parameters: "Modelparameters (tabel [parameters]; --set parameters.NAAM=WAARDE)",
    step_explained: "stap: de stap van een maand in docs/ODD.md, sectie 3, waarin de coëfficiënt \
                     werkt",
    provenance_explained: "gekalibreerd: gefit op gepubliceerde effectgroottes \
                           (docs/CALIBRATION.md); illustratief: op oordeel gezet, niet op data",
    step: "stap",
    keys: "Scenario-instellingen (--set PAD=WAARDE; elementen van een lijst via hun index, \
           bijv. workforce.0.share)",
};

fn headings(lang: Lang) -> &'static Headings {
    match lang {
        Lang::En => &EN,
        Lang::Nl => &NL,
    }
}

/// One row of the csv/json forms.
#[derive(Debug, serde::Serialize)]
struct Row {
    name: String,
    step: Option<String>,
    default: serde_json::Value,
    min: Option<f64>,
    max: Option<f64>,
    default_is: Option<&'static str>,
    meaning: String,
}

/// Whether `word` (lower case) is in the name, the declared meaning or its translation.
fn matches(word: &str, name: &str, meaning: &str, translated: &str) -> bool {
    [name, meaning, translated]
        .iter()
        .any(|text| text.to_lowercase().contains(word))
}

/// `"5 trust"` → `"step 5: trust"`, `"stap 5: vertrouwen"`.
fn step_heading(step: &str, lang: Lang) -> String {
    let word = headings(lang).step;
    let step = lang.parameter_step(step);
    match step.split_once(' ') {
        Some((number, name)) => format!("{word} {number}: {name}"),
        None => format!("{word} {step}"),
    }
}

fn param_meaning(spec: &ParamSpec, lang: Lang) -> String {
    lang.parameter_meaning(spec.name, spec.meaning)
}

fn key_meaning(key: &KeyInfo, lang: Lang) -> String {
    lang.key_meaning(key.table, key.name, key.meaning)
}

fn param_row(spec: &ParamSpec, lang: Lang) -> Row {
    Row {
        name: spec.name.to_string(),
        step: Some(spec.step.to_string()),
        default: serde_json::json!(spec.default),
        min: Some(spec.min),
        max: Some(spec.max),
        default_is: Some(spec.provenance()),
        meaning: param_meaning(spec, lang),
    }
}

fn key_name(key: &KeyInfo) -> String {
    match key.kind {
        Some(kind) => format!("{} ({kind})", key.path()),
        None => key.path(),
    }
}

fn key_row(key: &KeyInfo, lang: Lang) -> Row {
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
        meaning: key_meaning(key, lang),
    }
}

/// What a key accepts, as the text table says it (values stay as they are typed in TOML).
fn expected(key: &KeyInfo, lang: Lang) -> String {
    if lang == Lang::En {
        return key.expected();
    }
    match key.value {
        ValueKind::Str => "tekst".into(),
        ValueKind::Choice(names) => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            match quoted.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("een van {} of {last}", rest.join(", "))
                }
                _ => quoted.concat(),
            }
        }
        ValueKind::Int { min, max } if max == i64::MAX => match min {
            0 => "een geheel getal, niet negatief".into(),
            _ => format!("een geheel getal van ten minste {min}"),
        },
        ValueKind::Int { min, max } => format!("een geheel getal van {min} tot {max}"),
        ValueKind::Float { min, max } => format!(
            "een getal van {} tot {}",
            format_number(min),
            format_number(max)
        ),
        ValueKind::Bool => "`true` of `false`".into(),
    }
}

/// A key's default as the text table shows it.
fn default_text(key: &KeyInfo, lang: Lang) -> String {
    match (lang, key.default) {
        (Lang::Nl, DefaultValue::Required) => "verplicht".into(),
        (Lang::Nl, DefaultValue::Absent) => "geen".into(),
        _ => key.default_text(),
    }
}

/// Every name, and every word of a name or meaning (in `lang` too), a filter could have meant.
fn known_words(lang: Lang) -> Vec<String> {
    let names = PARAMETER_SPECS
        .iter()
        .map(|s| s.name)
        .chain(scenario_keys().map(|k| k.name));
    let texts = PARAMETER_SPECS
        .iter()
        .flat_map(|s| {
            [
                s.name.to_string(),
                s.meaning.to_string(),
                param_meaning(s, lang),
            ]
        })
        .chain(scenario_keys().flat_map(|k| {
            [
                k.name.to_string(),
                k.meaning.to_string(),
                key_meaning(&k, lang),
            ]
        }));
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
    let lang = Lang::from_code(&args.lang).unwrap_or_default();
    let word = args.word.as_deref().map(|w| w.trim().to_lowercase());
    let wanted = |name: &str, meaning: &str, translated: &str| {
        word.as_deref()
            .is_none_or(|w| matches(w, name, meaning, translated))
    };
    let specs: Vec<&ParamSpec> = PARAMETER_SPECS
        .iter()
        .filter(|s| wanted(s.name, s.meaning, &param_meaning(s, lang)))
        .collect();
    let keys: Vec<KeyInfo> = scenario_keys()
        .filter(|k| wanted(&k.path(), k.meaning, &key_meaning(k, lang)))
        .collect();
    if specs.is_empty() && keys.is_empty() {
        let asked = args.word.as_deref().unwrap_or_default();
        let mut message = format!(
            "error: no model parameter or scenario key has `{asked}` in its name or meaning"
        );
        let words = known_words(lang);
        let lang_option = if lang == Lang::En { "" } else { " --lang nl" };
        if let Some(s) = did_you_mean(asked.trim(), words.iter().map(String::as_str)) {
            let _ = write!(
                message,
                "\n  help: did you mean `{s}`? (`orgsim params{lang_option} {s}`)"
            );
        }
        let _ = write!(
            message,
            "\n  help: `orgsim params{lang_option}` lists them all"
        );
        eprintln_escaped!("{message}");
        return ExitCode::from(2);
    }
    let out = match args.format {
        Format::Text => text_table(&specs, &keys, lang),
        Format::Csv => match csv_text(&specs, &keys, lang) {
            Ok(text) => text,
            Err(e) => {
                eprintln_escaped!("error: cannot write the CSV: {e}");
                return ExitCode::from(1);
            }
        },
        Format::Json => {
            let rows: Vec<Row> = specs
                .iter()
                .map(|s| param_row(s, lang))
                .chain(keys.iter().map(|k| key_row(k, lang)))
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

fn csv_text(
    specs: &[&ParamSpec],
    keys: &[KeyInfo],
    lang: Lang,
) -> Result<String, Box<dyn std::error::Error>> {
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
            param_meaning(spec, lang),
        ])?;
    }
    for key in keys {
        let row = key_row(key, lang);
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
            row.meaning,
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn text_table(specs: &[&ParamSpec], keys: &[KeyInfo], lang: Lang) -> String {
    let words = headings(lang);
    let mut out = String::new();
    if !specs.is_empty() {
        let _ = writeln!(
            out,
            "{}\n{}\n{}\n",
            words.parameters, words.step_explained, words.provenance_explained
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
        let provenances: Vec<String> = specs
            .iter()
            .map(|s| lang.provenance(s.provenance()))
            .collect();
        let provenance_width = provenances
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0);
        let mut step = "";
        for ((spec, range), provenance) in specs.iter().zip(&ranges).zip(&provenances) {
            if spec.step != step {
                step = spec.step;
                let _ = writeln!(out, "# {}", step_heading(step, lang));
            }
            let _ = writeln!(
                out,
                "  {:<name_width$}  {:>default_width$}  {:<range_width$}  \
                 {:<provenance_width$}  {}",
                spec.name,
                spec.default,
                range,
                provenance,
                param_meaning(spec, lang)
            );
        }
    }
    if !keys.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "{}\n", words.keys);
        let names: Vec<String> = keys.iter().map(key_name).collect();
        let defaults: Vec<String> = keys.iter().map(|k| default_text(k, lang)).collect();
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
                expected(key, lang),
                key_meaning(key, lang)
            );
        }
    }
    out
}

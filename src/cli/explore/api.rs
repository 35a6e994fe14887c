//! The JSON API behind `orgsim explore`: the controls the page shows, and turning the page's
//! settings into a scenario (through the scenario layer's own validation), its run, its
//! scenario TOML and its summary CSV.
//!
//! Owns the request format and the size limits of a run asked for over HTTP; knows nothing of
//! sockets (see `http`).

use crate::experiment::run_replications;
use crate::model::metrics::{Metric, ReplicationResult};
use crate::model::params::{PARAMETER_SPECS, STUDENT_CONTROLS};
use crate::output::i18n::Lang;
use crate::output::{RowKey, SummaryWriter};
use crate::output::{RunningStats, SummaryAccumulator};
use crate::scenario::schema::{DefaultValue, ValueKind};
use crate::scenario::{self, Scenario, scenario_keys};
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::Path;

use super::nl;

/// Most employee slots a run asked for over HTTP may have.
pub const MAX_EMPLOYEES: usize = 20_000;
/// Most replications a run asked for over HTTP may have.
pub const MAX_REPLICATIONS: u32 = 50;
/// Longest horizon in months a run asked for over HTTP may have.
pub const MAX_MONTHS: u32 = 240;
/// Most interventions a request may add.
const MAX_INTERVENTIONS: usize = 16;

/// The metrics the page plots, in order.
pub const PLOTTED: [Metric; 5] = [
    Metric::Performance,
    Metric::Agility,
    Metric::Retention,
    Metric::Trust,
    Metric::Engagement,
];

/// A failed request: HTTP status and a message for the page.
#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new_status(status: u16, message: String) -> ApiError {
        ApiError::new(status, message)
    }

    fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

/// The settings of the page: a scenario by name, `key=value` overrides (as `--set`), the
/// horizon and replications, and interventions to add (each a table of scalar keys, as a
/// `[[interventions]]` block of a scenario file).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub scenario: String,
    #[serde(default)]
    pub overrides: Vec<String>,
    pub months: Option<u32>,
    pub replications: Option<u32>,
    #[serde(default)]
    pub interventions: Vec<serde_json::Map<String, Value>>,
    /// The pinned settings (A): the answer then holds B − A, paired by replication.
    pub pin: Option<Box<Settings>>,
}

/// The scenarios the page can start from: (file name without `.toml`, TOML text). The file
/// name is what requests name a scenario by; the picker shows the scenario's own `name`.
pub struct Scenarios {
    pub list: Vec<(String, String)>,
    /// The files of `list` that are shipped ones (not replaced by a file of the same name).
    shipped: Vec<String>,
}

impl Scenarios {
    /// The shipped scenarios, after `extra` (a file given on the command line, by its file
    /// name without `.toml`) if any; a file named as a shipped one takes its place.
    pub fn new(extra: Option<(String, String)>) -> Scenarios {
        let mut list: Vec<(String, String)> = extra.into_iter().collect();
        let mut shipped = Vec::new();
        for (name, _) in SHIPPED {
            if !list.iter().any(|(n, _)| n == name) {
                list.push((name.to_string(), shipped_text(name)));
                shipped.push(name.to_string());
            }
        }
        Scenarios { list, shipped }
    }

    fn text(&self, name: &str) -> Result<&str, ApiError> {
        self.list
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .ok_or_else(|| {
                let names: Vec<&str> = self.list.iter().map(|(n, _)| n.as_str()).collect();
                ApiError::new(
                    400,
                    format!("unknown scenario `{name}`; known: {}", names.join(", ")),
                )
            })
    }
}

const SHIPPED: [(&str, &str); 9] = [
    ("default", include_str!("../../../scenarios/default.toml")),
    ("control", include_str!("../../../scenarios/control.toml")),
    ("coaching", include_str!("../../../scenarios/coaching.toml")),
    (
        "transition",
        include_str!("../../../scenarios/transition.toml"),
    ),
    (
        "innovation_top_down",
        include_str!("../../../scenarios/innovation_top_down.toml"),
    ),
    (
        "innovation_participatory",
        include_str!("../../../scenarios/innovation_participatory.toml"),
    ),
    (
        "healthcare",
        include_str!("../../../scenarios/healthcare.toml"),
    ),
    (
        "manufacturing",
        include_str!("../../../scenarios/manufacturing.toml"),
    ),
    (
        "ict_services",
        include_str!("../../../scenarios/ict_services.toml"),
    ),
];

/// The text of shipped scenario `name` with its bases (other shipped scenarios: the page has
/// no folder to read them from) merged in, as the scenario layer flattens a chain of bases.
/// A scenario that does not load is given as it is: choosing it shows its error.
fn shipped_text(name: &str) -> String {
    let text = shipped(Path::new(&format!("{name}.toml"))).unwrap_or_default();
    scenario::flattened_toml(&format!("{name}.toml"), &text, shipped).unwrap_or(text)
}

/// The text of the shipped scenario file `path` (`control.toml`).
fn shipped(path: &Path) -> Result<String, String> {
    SHIPPED
        .iter()
        .find(|(n, _)| path.to_str() == Some(&format!("{n}.toml")))
        .map(|(_, t)| t.to_string())
        .ok_or_else(|| format!("`{}` is not a shipped scenario", path.display()))
}

/// Parses a request body as [`Settings`]; malformed JSON is a 400.
pub fn parse_settings(body: &[u8]) -> Result<Settings, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::new(400, format!("malformed request: {e}")))
}

/// A resolved request: the scenario and the scenario file that gives exactly it.
pub struct Resolved {
    pub scenario: Scenario,
    pub toml: String,
}

/// Validates `settings` as `orgsim run` would (the scenario text with the interventions
/// added, then the overrides through the `--set` path), checks the size limits, and writes
/// the scenario file that `orgsim run` turns into the same scenario.
pub fn resolve(scenarios: &Scenarios, settings: &Settings) -> Result<Resolved, ApiError> {
    let base = scenarios.text(&settings.scenario)?;
    if settings.interventions.len() > MAX_INTERVENTIONS {
        return Err(ApiError::new(
            400,
            format!("at most {MAX_INTERVENTIONS} interventions can be added"),
        ));
    }
    let mut text = base.to_string();
    for intervention in &settings.interventions {
        text.push_str("\n[[interventions]]\n");
        for (key, value) in intervention {
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(ApiError::new(
                    400,
                    format!("intervention key `{key}` is not a scenario key"),
                ));
            }
            let value = match value {
                Value::String(s) => toml::Value::String(s.clone()),
                Value::Bool(b) => toml::Value::Boolean(*b),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => toml::Value::Integer(i),
                    None => toml::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
                },
                _ => {
                    return Err(ApiError::new(
                        400,
                        format!("intervention key `{key}` must be a number, text or true/false"),
                    ));
                }
            };
            text.push_str(&format!("{key} = {value}\n"));
        }
    }
    let mut overrides = settings.overrides.clone();
    if let Some(m) = settings.months {
        overrides.push(format!("months={m}"));
    }
    if let Some(r) = settings.replications {
        overrides.push(format!("replications={r}"));
    }
    let source = format!("{}.toml", settings.scenario);
    let scenario = scenario::load_str(&source, &text, &overrides)
        .map_err(|e| ApiError::new(400, e.to_string()))?;
    check_limits(&scenario)?;
    let toml = export_toml(&text, &overrides, &scenario.name)?;
    // The exported file must give the very scenario that runs.
    let again = scenario::load_str(&source, &toml, &[])
        .map_err(|e| ApiError::new(500, format!("the exported scenario does not load: {e}")))?;
    if serde_json::to_string(&again).ok() != serde_json::to_string(&scenario).ok() {
        return Err(ApiError::new(
            500,
            "the exported scenario differs from the one asked for",
        ));
    }
    Ok(Resolved { scenario, toml })
}

/// The description of scenario `s` (file `file`) to show: the shipped scenarios'
/// in Dutch when `dutch`, any other as its file says.
fn description(scenarios: &Scenarios, file: &str, s: &Scenario, dutch: bool) -> String {
    let shipped = scenarios.shipped.iter().any(|n| n == file);
    match (dutch && shipped).then(|| nl_text(nl::SCENARIOS, file)) {
        Some(Some(d)) => d.to_string(),
        _ => s.description.clone(),
    }
}

/// The picker's choices: each scenario's file (what requests name it by), its `name` (with
/// the file added where two share a name) and its description, in Dutch when `dutch`. A file
/// that does not load is offered by its file name; choosing it shows its error.
pub fn choices_json(scenarios: &Scenarios, dutch: bool) -> Value {
    let loaded: Vec<(&str, String, String)> = scenarios
        .list
        .iter()
        .map(
            |(file, text)| match scenario::load_str(&format!("{file}.toml"), text, &[]) {
                Ok(s) => (
                    file.as_str(),
                    s.name.clone(),
                    description(scenarios, file, &s, dutch),
                ),
                Err(_) => (file.as_str(), file.clone(), String::new()),
            },
        )
        .collect();
    let choices: Vec<Value> = loaded
        .iter()
        .map(|(file, name, description)| {
            let shared = loaded.iter().filter(|(_, n, _)| n == name).count() > 1;
            let label = if shared && name != file {
                format!("{name} ({file}.toml)")
            } else {
                name.clone()
            };
            json!({ "file": file, "name": label, "description": description })
        })
        .collect();
    Value::Array(choices)
}

/// The text for `key` in a Dutch table of (key, text).
fn nl_text(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn check_limits(s: &Scenario) -> Result<(), ApiError> {
    let too_big = |what: String| ApiError::new(422, what);
    if s.slots() > MAX_EMPLOYEES {
        return Err(too_big(format!(
            "organisation.teams × organisation.team_size = {} employees; the explore page runs at most {MAX_EMPLOYEES} (use `orgsim run` for bigger organisations)",
            s.slots()
        )));
    }
    if s.replications > MAX_REPLICATIONS {
        return Err(too_big(format!(
            "replications = {}; the explore page runs at most {MAX_REPLICATIONS}",
            s.replications
        )));
    }
    if s.months > MAX_MONTHS {
        return Err(too_big(format!(
            "months = {}; the explore page runs at most {MAX_MONTHS}",
            s.months
        )));
    }
    Ok(())
}

/// `text` with each `key=value` override written into its table.
fn export_toml(text: &str, overrides: &[String], name: &str) -> Result<String, ApiError> {
    let fail = |why: String| ApiError::new(400, format!("cannot write the scenario file: {why}"));
    let mut doc: toml::Table = toml::from_str(text).map_err(|e| fail(e.to_string()))?;
    for o in overrides {
        let (key, value) = o.split_once('=').unwrap_or((o, ""));
        let value = value.trim();
        let value = toml::from_str::<toml::Table>(&format!("v = {value}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(value.trim_matches('"').to_string()));
        let path: Vec<&str> = key.trim().split('.').collect();
        let (last, tables) = path.split_last().expect("split gives one part at least");
        let mut table = &mut doc;
        for part in tables {
            let entry = table
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            table = entry
                .as_table_mut()
                .ok_or_else(|| fail(format!("`{key}` is not inside a table")))?;
        }
        table.insert(last.to_string(), value);
    }
    if !doc.contains_key("name") {
        doc.insert("name".into(), toml::Value::String(name.to_string()));
    }
    toml::to_string(&doc).map_err(|e| fail(e.to_string()))
}

/// Months at the end over which a replication's paired difference is averaged.
const LAST_MONTHS: usize = 12;

/// Each replication's mean of `metric` over its last [`LAST_MONTHS`] months (NaN months left
/// out).
fn last_year(results: &[ReplicationResult], metric: Metric) -> Vec<f64> {
    results
        .iter()
        .map(|r| {
            let tail = &r.months[r.months.len().saturating_sub(LAST_MONTHS)..];
            let values: Vec<f64> = tail
                .iter()
                .map(|row| row[metric as usize])
                .filter(|v| !v.is_nan())
                .collect();
            values.iter().sum::<f64>() / values.len() as f64
        })
        .collect()
}

/// B − A for each plotted metric, averaged over the last months and paired by replication
/// (A and B share the seed, so replication r of each has the same random streams): mean
/// and 95% interval. `a` must have as many replications and months as `b`.
pub fn paired_difference(a: &Resolved, b: &Resolved) -> Result<Value, ApiError> {
    let (sa, sb) = (&a.scenario, &b.scenario);
    if (sa.replications, sa.months, sa.seed) != (sb.replications, sb.months, sb.seed) {
        return Err(ApiError::new(
            400,
            "A and B are paired only with the same replications, months and seed; pin again",
        ));
    }
    let (ra, rb) = (run_replications(sa), run_replications(sb));
    let rows: Vec<Value> = PLOTTED
        .iter()
        .map(|&m| {
            let mut stats = RunningStats::default();
            for (x, y) in last_year(&ra, m).into_iter().zip(last_year(&rb, m)) {
                stats.push(y - x);
            }
            let s = stats.stats();
            json!({"name": m.name(), "mean": s.mean, "low": s.ci_low, "high": s.ci_high, "n": s.n})
        })
        .collect();
    Ok(json!({ "months": LAST_MONTHS, "metrics": rows }))
}

/// Runs the replications; the five plotted metrics' means and 95% bands by month.
pub fn run_json(resolved: &Resolved) -> (Value, SummaryAccumulator) {
    let started = std::time::Instant::now();
    let results = run_replications(&resolved.scenario);
    let mut acc = SummaryAccumulator::new();
    for r in &results {
        acc.add(r);
    }
    let metrics: Vec<Value> = PLOTTED
        .iter()
        .map(|&m| {
            let stats: Vec<_> = (0..acc.months()).map(|t| acc.stats(t, m)).collect();
            json!({
                "name": m.name(),
                "mean": stats.iter().map(|s| s.mean).collect::<Vec<_>>(),
                "low": stats.iter().map(|s| s.ci_low).collect::<Vec<_>>(),
                "high": stats.iter().map(|s| s.ci_high).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "scenario": resolved.scenario.name,
        "months": resolved.scenario.months,
        "replications": resolved.scenario.replications,
        "points": acc.months(),
        "metrics": metrics,
        "elapsed_ms": started.elapsed().as_secs_f64() * 1000.0,
    });
    (value, acc)
}

/// `summary.csv` of the run, byte for byte as `orgsim run` writes it.
pub fn summary_csv(scenario: &Scenario, acc: &SummaryAccumulator) -> Vec<u8> {
    let write = || -> std::io::Result<Vec<u8>> {
        let mut w = SummaryWriter::new(Vec::new(), RowKey::scenario(&scenario.name))?;
        w.write(acc)?;
        w.finish()
    };
    write().unwrap_or_default()
}

/// The scenario-level sliders: (dotted key, group, label, unit, largest value offered).
const SCENARIO_CONTROLS: [(&str, &str, &str, &str, f64); 7] = [
    ("months", "Run", "Horizon", "months", MAX_MONTHS as f64),
    (
        "replications",
        "Run",
        "Replications",
        "runs",
        MAX_REPLICATIONS as f64,
    ),
    (
        "management.style_mean",
        "Management",
        "Management style (0 control, 1 coaching)",
        "0-1",
        1.0,
    ),
    (
        "management.coaching_skill_mean",
        "Management",
        "Coaching skill of managers",
        "0-1",
        1.0,
    ),
    (
        "organisation.teams",
        "Organisation",
        "Teams",
        "teams",
        200.0,
    ),
    (
        "environment.turbulence",
        "Environment",
        "Market turbulence",
        "chance a month",
        0.2,
    ),
    (
        "environment.tightness",
        "Environment",
        "Labour-market tightness",
        "0-1",
        1.0,
    ),
];

/// The interventions the page can switch on: (id, label, kind, fixed keys, sliders as
/// (key, label, min, max, step, default)).
type Field = (&'static str, &'static str, f64, f64, f64, f64);
type Switch = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [Field],
);
const INTERVENTIONS: [Switch; 6] = [
    (
        "coaching_programme",
        "Coaching programme",
        "coaching_programme",
        &[],
        &[
            ("month", "Start month", 0.0, 120.0, 1.0, 12.0),
            (
                "share_of_managers",
                "Share of managers trained",
                0.0,
                1.0,
                0.05,
                1.0,
            ),
        ],
    ),
    (
        "action_learning",
        "Action learning",
        "action_learning",
        &[],
        &[
            ("month", "Start month", 0.0, 120.0, 1.0, 12.0),
            (
                "hours_per_month",
                "Hours per employee a month",
                0.0,
                40.0,
                1.0,
                8.0,
            ),
        ],
    ),
    (
        "idea_time",
        "Idea time",
        "idea_time",
        &[],
        &[
            ("month", "Start month", 0.0, 120.0, 1.0, 12.0),
            ("share", "Share of working time", 0.0, 0.5, 0.01, 0.05),
        ],
    ),
    (
        "self_organising_teams",
        "Self-organising teams",
        "self_organising_teams",
        &[],
        &[
            ("month", "Start month", 0.0, 120.0, 1.0, 12.0),
            ("autonomy_floor", "Autonomy floor", 0.0, 1.0, 0.05, 0.5),
        ],
    ),
    (
        "innovation_top_down",
        "Technical innovation, top-down",
        "technical_innovation",
        &[("implementation", "top_down")],
        &[
            ("month", "Start month", 0.0, 120.0, 1.0, 12.0),
            ("gain", "Output gain at full skill", 0.0, 1.0, 0.05, 0.2),
        ],
    ),
    (
        "innovation_participatory",
        "Technical innovation, participatory",
        "technical_innovation",
        &[("implementation", "participatory")],
        &[
            ("month", "Start month", 0.0, 120.0, 1.0, 12.0),
            ("gain", "Output gain at full skill", 0.0, 1.0, 0.05, 0.2),
        ],
    ),
];

/// The controls of the page for scenario `name`, each with the value the scenario gives it,
/// in Dutch when `dutch`.
pub fn controls_json(scenarios: &Scenarios, name: &str, dutch: bool) -> Result<Value, ApiError> {
    let text = scenarios.text(name)?;
    let s = scenario::load_str(&format!("{name}.toml"), text, &[])
        .map_err(|e| ApiError::new(400, e.to_string()))?;
    let resolved = serde_json::to_value(&s).unwrap_or(Value::Null);
    // Help lines are the schema's meanings, in Dutch from the report's one table of them.
    let lang = if dutch { Lang::Nl } else { Lang::En };
    let mut controls = Vec::new();
    for (key, group, label, unit, cap) in SCENARIO_CONTROLS {
        let (table, field) = key.rsplit_once('.').unwrap_or(("", key));
        let Some(info) = scenario_keys().find(|k| k.table == table && k.name == field) else {
            continue;
        };
        let (min, max, step) = match info.value {
            ValueKind::Int { min, max } => (min as f64, (max as f64).min(cap), 1.0),
            ValueKind::Float { min, max } => (min, max.min(cap), 0.01),
            _ => continue,
        };
        let default = match info.default {
            DefaultValue::Int(i) => i as f64,
            DefaultValue::Float(f) => f,
            _ => min,
        };
        let value = resolved
            .pointer(&format!("/{}", key.replace('.', "/")))
            .and_then(Value::as_f64)
            .unwrap_or(default);
        controls.push(json!({
            "key": key, "group": group, "label": label, "unit": unit, "min": min,
            "max": max, "step": step, "default": default, "value": value,
            "help": lang.key_meaning(table, field, info.meaning),
        }));
    }
    for c in STUDENT_CONTROLS {
        let Some(spec) = PARAMETER_SPECS.iter().find(|p| p.name == c.name) else {
            continue;
        };
        controls.push(json!({
            "key": format!("parameters.{}", c.name), "group": c.group, "label": c.label,
            "unit": c.unit, "min": spec.min, "max": spec.max,
            "step": (spec.max - spec.min) / 200.0, "default": spec.default,
            "value": s.parameters.get(c.name).unwrap_or(spec.default),
            "help": lang.parameter_meaning(spec.name, spec.meaning),
        }));
    }
    let interventions: Vec<Value> = INTERVENTIONS
        .iter()
        .map(|(id, label, kind, fixed, fields)| {
            let help = scenario_keys()
                .find(|k| k.table == "interventions" && k.name == "kind")
                .map_or_else(String::new, |k| {
                    lang.key_meaning(k.table, k.name, k.meaning)
                });
            json!({
                "id": id, "label": label, "kind": kind, "help": help,
                "fixed": fixed.iter().map(|(k, v)| (k.to_string(), json!(v)))
                    .collect::<serde_json::Map<String, Value>>(),
                "fields": fields.iter().map(|(key, label, min, max, step, default)| json!({
                    "key": key, "label": label, "min": min, "max": max, "step": step,
                    "default": default,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let metric_labels: serde_json::Map<String, Value> = PLOTTED
        .iter()
        .map(|m| (m.name().to_string(), json!(lang.metric(m.name()))))
        .collect();
    let description = description(scenarios, name, &s, dutch);
    if dutch {
        for c in &mut controls {
            let key = c["key"].as_str().unwrap_or_default().to_string();
            if let Some((_, group, label, unit)) = nl::CONTROLS.iter().find(|(k, ..)| *k == key) {
                c["group"] = json!(group);
                c["label"] = json!(label);
                c["unit"] = json!(unit);
            }
        }
    }
    let mut interventions = interventions;
    if dutch {
        for iv in &mut interventions {
            if let Some(label) = nl_text(nl::INTERVENTIONS, iv["id"].as_str().unwrap_or_default()) {
                iv["label"] = json!(label);
            }
            for f in iv["fields"].as_array_mut().into_iter().flatten() {
                if let Some(label) = nl_text(nl::FIELDS, f["key"].as_str().unwrap_or_default()) {
                    f["label"] = json!(label);
                }
            }
        }
    }
    Ok(json!({
        "scenario": s.name,
        "description": description,
        "metric_labels": metric_labels,
        "controls": controls,
        "interventions": interventions,
        "limits": {"employees": MAX_EMPLOYEES, "replications": MAX_REPLICATIONS,
                   "months": MAX_MONTHS, "requests_at_once": super::MAX_IN_FLIGHT,
                   "body_bytes": super::MAX_BODY_BYTES},
    }))
}

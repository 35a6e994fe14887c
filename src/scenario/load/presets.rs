//! The sector presets of an economy: finding each (a shipped preset or a file relative to the
//! economy file), loading it on its own first (its problems point at it, as a base's do),
//! then again with the economy's months, seed, replications, warm-up and explicitly written
//! `[parameters]`, and building the typed `Economy`.
//!
//! A preset may not have `[economy]` (refused while it loads, see `Chain::in_preset`) or
//! `[uncertainty]` (the economy file draws for every organisation). Work is bounded: at most
//! `MAX_SECTORS` presets of at most `MAX_FILE_BYTES` each, each distinct one loaded once.

use super::build::build_intervention;
use super::economy::{CheckedEconomy, ECONOMY};
use super::{CheckedDocument, DEFAULT_SCENARIO_TOML, Mode, Scalar, load_in_chain, read_source};
use crate::model::economy::{
    AdoptionRules, Economy, EconomyPolicy, FirmSizes, GrowthRules, LabourMarket, Region,
    SectorAgreement, Subsidy, SupportCentre,
};
use crate::scenario::base_file::not_a_scenario;
use crate::scenario::diagnostics::{Origin, did_you_mean};
use crate::scenario::document::{Table, Value};
use crate::scenario::inherit::Chain;
use crate::scenario::schema::MAX_SLOTS;
use crate::scenario::{Diagnostic, Scenario, ScenarioError};
use std::path::{Path, PathBuf};

/// The presets shipped with orgsim, by name: the sector scenarios of `scenarios/`.
pub const SHIPPED_PRESETS: &[(&str, &str)] = &[
    ("default", DEFAULT_SCENARIO_TOML),
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

/// Where a sector's preset is.
#[derive(Clone, PartialEq)]
enum Source {
    Shipped(&'static str),
    File(PathBuf),
}

/// Removes the `[economy]` of a file loaded as a sector preset (or as one of its bases), with
/// the problem to report: a preset is one organisation.
pub(super) fn take_economy_of_preset(doc: &mut Table) -> Option<Diagnostic> {
    let at = doc.entries.iter().position(|e| e.key == ECONOMY)?;
    let entry = doc.entries.remove(at);
    Some(
        Diagnostic::new(
            entry.key_origin,
            Some(ECONOMY.into()),
            "a sector preset cannot have `[economy]`",
            "this file is the preset of a sector of an economy",
        )
        .with_help("name a single organisation's scenario as the sector's `preset`"),
    )
}

/// Each sector's organisation (None where there was a problem, reported in `diagnostics`).
/// Problems of finding a preset are reported at the economy file; a preset that is itself
/// invalid is its own error. The economy's settings are applied only when `diagnostics` is
/// empty (they are known to be valid).
pub(super) fn sector_presets(
    doc: &CheckedDocument,
    economy: &CheckedEconomy,
    source_name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Option<Scenario>>, ScenarioError> {
    let fit = diagnostics.is_empty();
    let settings = economy_settings(doc);
    let folder = Path::new(source_name).parent().unwrap_or(Path::new(""));
    let mut loaded: Vec<(Source, Result<Scenario, Unfit>)> = Vec::new();
    let mut out = Vec::new();
    for sector in &economy.sectors {
        let (Some(Scalar::Str(written)), Some(origin)) =
            (sector.get("preset"), sector.origin("preset"))
        else {
            out.push(None);
            continue;
        };
        let key = format!("{}.preset", sector.path);
        let problem = |title: String, label: &str| {
            Diagnostic::new(origin.clone(), Some(key.clone()), title, label)
        };
        let source = match find(written, folder) {
            Ok(source) => source,
            Err(why) => {
                diagnostics.push(why.into_diagnostic(problem, written, folder));
                out.push(None);
                continue;
            }
        };
        let result = match loaded.iter().find(|(s, _)| *s == source) {
            Some((_, result)) => result.clone(),
            None => {
                let result = load_preset(&source, if fit { &settings } else { &[] })?;
                loaded.push((source, result.clone()));
                result
            }
        };
        match result {
            Ok(preset) => out.push(Some(preset)),
            Err(unfit) => {
                let (title, note) = match unfit {
                    Unfit::Unreadable(reason) => (
                        format!("cannot read preset `{written}`: {reason}"),
                        "a preset is a small TOML text file".to_string(),
                    ),
                    Unfit::NotAScenario(reason) => (
                        format!("the preset `{written}` is not a scenario file"),
                        reason,
                    ),
                    Unfit::Uncertain => (
                        format!("the preset `{written}` has `[uncertainty]`"),
                        "write uncertain inputs in the economy file: it draws them for every organisation".to_string(),
                    ),
                    Unfit::Settings(reason) => (
                        format!("the preset `{written}` does not fit this economy"),
                        format!("with this file's months, seed, replications, warm-up and parameters: {reason}"),
                    ),
                };
                diagnostics.push(problem(title, "this preset").with_note(note));
                out.push(None);
            }
        }
    }
    if fit {
        check_capacity(economy, &out, diagnostics);
    }
    Ok(out)
}

/// Why a preset was not found.
enum NotFound {
    /// Not a shipped name, and no file of that name.
    Unknown,
    /// A path that does not exist or is not a file.
    Unreadable(String),
}

/// Why a preset found cannot be a sector's organisation.
#[derive(Clone)]
enum Unfit {
    /// Too large, or not text.
    Unreadable(String),
    /// Text, but not a scenario (the reason quotes none of it).
    NotAScenario(String),
    /// It has `[uncertainty]`.
    Uncertain,
    /// Invalid with the economy's settings: the problems.
    Settings(String),
}

impl NotFound {
    fn into_diagnostic(
        self,
        problem: impl Fn(String, &str) -> Diagnostic,
        written: &str,
        folder: &Path,
    ) -> Diagnostic {
        let names: Vec<&str> = SHIPPED_PRESETS.iter().map(|(n, _)| *n).collect();
        let relative = format!(
            "a preset is a shipped name ({}) or a scenario file relative to the economy file's folder{}",
            names.join(", "),
            match folder.display().to_string() {
                d if d.is_empty() => String::new(),
                d => format!(" (`{d}`)"),
            }
        );
        match self {
            NotFound::Unknown => {
                let mut d = problem(
                    format!("unknown preset `{written}`"),
                    "not a shipped preset or a file",
                );
                if let Some(s) = did_you_mean(written, names.iter().copied()) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                d.with_note(relative)
            }
            NotFound::Unreadable(reason) => problem(
                format!("cannot read preset `{written}`: {reason}"),
                "expected a shipped preset or the path of a scenario file",
            )
            .with_note(relative),
        }
    }
}

fn find(written: &str, folder: &Path) -> Result<Source, NotFound> {
    if let Some((name, _)) = SHIPPED_PRESETS.iter().find(|(n, _)| *n == written) {
        return Ok(Source::Shipped(name));
    }
    let path = folder.join(written);
    let looks_like_path = written.contains(['/', '\\']) || written.ends_with(".toml");
    match std::fs::metadata(&path) {
        Err(_) if !looks_like_path => Err(NotFound::Unknown),
        Err(e) => Err(NotFound::Unreadable(e.to_string())),
        Ok(m) if m.is_dir() => Err(NotFound::Unreadable("it is a folder".into())),
        Ok(_) => Ok(Source::File(path)),
    }
}

/// The `--set` arguments that make a preset one of this economy's organisations.
fn economy_settings(doc: &CheckedDocument) -> Vec<String> {
    let top = &doc.top;
    let mut settings: Vec<String> = ["months", "replications", "seed", "warmup_months"]
        .iter()
        .map(|k| format!("{k}={}", top.int(k)))
        .collect();
    for (name, value, _) in &doc.parameters.values {
        if let Scalar::Float(x) = value {
            settings.push(format!("parameters.{name}={x:?}"));
        }
    }
    settings
}

/// Loads a preset on its own (its problems are its own error), then with `settings` (their
/// problem is the reason, for a diagnostic at the economy file).
fn load_preset(
    source: &Source,
    settings: &[String],
) -> Result<Result<Scenario, Unfit>, ScenarioError> {
    let (name, text) = match source {
        Source::Shipped(name) => {
            let text = SHIPPED_PRESETS
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, t)| *t);
            (format!("{name}.toml"), text.to_string())
        }
        Source::File(path) => {
            let name = path.display().to_string();
            let text = match read_source(path, "scenario file").and_then(|b| {
                String::from_utf8(b).map_err(|_| "it is not a text file (invalid UTF-8)".into())
            }) {
                Ok(text) => text,
                Err(reason) => return Ok(Err(Unfit::Unreadable(reason))),
            };
            if let Some(d) = not_a_scenario(&name, &text, &Origin::Builtin) {
                return Ok(Err(Unfit::NotAScenario(d.notes.join("; "))));
            }
            (name, text)
        }
    };
    let chain = || Chain {
        in_preset: true,
        ..Chain::default()
    };
    let (alone, _) = load_in_chain(&name, &text, &[], Mode::CheckedBefore, &mut chain())?;
    if !alone.uncertainty.is_empty() {
        return Ok(Err(Unfit::Uncertain));
    }
    if settings.is_empty() {
        return Ok(Ok(alone));
    }
    Ok(
        match load_in_chain(&name, &text, settings, Mode::CheckedBefore, &mut chain()) {
            Ok((fitted, _)) => Ok(fitted),
            Err(e) => Err(Unfit::Settings(
                e.diagnostics()
                    .iter()
                    .map(|d| format!("{}: {}", d.title, d.label))
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        },
    )
}

/// Each sector's largest firm, in whole teams of its preset's size, with its room to grow,
/// fits in the slot limit of one organisation.
fn check_capacity(
    economy: &CheckedEconomy,
    presets: &[Option<Scenario>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let max = economy.main.int("max_employees").max(1) as f64;
    let headroom = economy.growth.float("headroom");
    for (sector, preset) in economy.sectors.iter().zip(presets) {
        let Some(preset) = preset else { continue };
        let team_size = f64::from(preset.organisation.team_size.max(1));
        let teams = (max / team_size).round().max(1.0);
        let slots = (teams * headroom).ceil() * team_size;
        if slots > MAX_SLOTS as f64 {
            let origin = sector.origin("preset").cloned().unwrap_or(Origin::Builtin);
            diagnostics.push(
                Diagnostic::new(
                    origin,
                    Some("economy.max_employees".into()),
                    "the largest firm of this sector is too large with its room to grow",
                    format!("{slots} slots; expected at most {MAX_SLOTS}"),
                )
                .with_help("reduce `economy.max_employees` or `economy.growth.headroom`"),
            );
        }
    }
}

/// The typed economy, from a checked economy without problems and its sectors' presets.
pub(super) fn build_economy(e: &CheckedEconomy, presets: Vec<Scenario>) -> Economy {
    let (main, a, g, l) = (&e.main, &e.adoption, &e.growth, &e.labour);
    let int = |c: &super::Checked, k: &str| c.int(k) as u32;
    Economy {
        organisations: int(main, "organisations"),
        sizes: FirmSizes {
            min_employees: int(main, "min_employees"),
            max_employees: int(main, "max_employees"),
            tail: main.float("size_tail"),
        },
        sectors: e
            .sectors
            .iter()
            .zip(presets)
            .map(|(s, preset)| crate::model::economy::Sector {
                name: s.text("name").unwrap_or_default(),
                share: s.float("share"),
                preset_path: s.text("preset").unwrap_or_default(),
                preset: Box::new(preset),
                programme_cost_factor: s.float("programme_cost_factor"),
                demand_growth: s.float("demand_growth"),
            })
            .collect(),
        regions: e
            .regions
            .iter()
            .map(|r| Region {
                name: r.text("name").unwrap_or_default(),
                share: r.float("share"),
                tightness: r.float("tightness"),
                density: r.float("density"),
            })
            .collect(),
        programme: e.programme.iter().filter_map(build_intervention).collect(),
        adoption: AdoptionRules {
            innovation: a.float("innovation"),
            imitation: a.float("imitation"),
            cross_region_weight: a.float("cross_region_weight"),
            delay_months: int(a, "delay_months"),
            noise: a.float("noise"),
            gain_weight: a.float("gain_weight"),
            gap_weight: a.float("gap_weight"),
            trial_months: int(a, "trial_months"),
            abandon: a.float("abandon"),
        },
        growth: GrowthRules {
            performance_elasticity: g.float("performance_elasticity"),
            headroom: g.float("headroom"),
            exit_rate: g.float("exit_rate"),
            exit_below: g.float("exit_below"),
            entry_rate: g.float("entry_rate"),
        },
        labour: LabourMarket {
            stay_in_region: l.float("stay_in_region"),
            pool_outflow: l.float("pool_outflow"),
            tightness_response: l.float("tightness_response"),
            move_share: l.float("move_share"),
        },
        policy: EconomyPolicy {
            centre: e.centre.as_ref().map(|c| SupportCentre {
                from_month: int(c, "from_month"),
                cost_reduction: c.float("cost_reduction"),
                quality: c.float("quality"),
                information: c.float("information"),
                outreach: c.float("outreach"),
            }),
            subsidy: e.subsidy.as_ref().map(|s| Subsidy {
                from_month: int(s, "from_month"),
                share: s.float("share"),
                budget: match s.get("budget") {
                    Some(Scalar::Float(x)) => Some(*x),
                    _ => None,
                },
            }),
            agreements: e
                .agreements
                .iter()
                .map(|a| SectorAgreement {
                    sector: a.text("sector").unwrap_or_default(),
                    from_month: int(a, "from_month"),
                    learning_hours: a.float("learning_hours"),
                    adoption_push: a.float("adoption_push"),
                })
                .collect(),
        },
        per_organisation: main.flag("per_organisation"),
    }
}

/// `scenario` (built from an economy file) as its economy's scenario: the economy set, and
/// the single-organisation fields those of the first sector's organisation, so that code
/// looking at them sees something sensible.
pub(super) fn attach(scenario: &mut Scenario, economy: Economy) {
    if let Some(first) = economy.sectors.first() {
        let p = &first.preset;
        scenario.organisation = p.organisation.clone();
        scenario.workforce = p.workforce.clone();
        scenario.management = p.management.clone();
        scenario.knowledge = p.knowledge.clone();
        scenario.environment = p.environment.clone();
        scenario.interventions = p.interventions.clone();
        scenario.parameters = p.parameters.clone();
    }
    scenario.economy = Some(Box::new(economy));
}

/// Rewrites the presets an economy file names by path (not the shipped ones, named by name)
/// with `rebase` (None: as written), e.g. so that they still name the same files from the
/// folder of a file built on it.
pub(super) fn rebase_presets(doc: &mut Table, rebase: &dyn Fn(&str) -> Option<String>) {
    let Some(Value::Table(economy)) = doc.get_mut(ECONOMY).map(|e| &mut e.node.value) else {
        return;
    };
    let Some(Value::Array(sectors)) = economy.get_mut("sectors").map(|e| &mut e.node.value) else {
        return;
    };
    for sector in sectors {
        let Value::Table(sector) = &mut sector.value else {
            continue;
        };
        let Some(entry) = sector.get_mut("preset") else {
            continue;
        };
        if let Value::Str(written) = &entry.node.value
            && !SHIPPED_PRESETS.iter().any(|(n, _)| n == written)
            && let Some(path) = rebase(written)
        {
            entry.node.value = Value::Str(path);
        }
    }
}

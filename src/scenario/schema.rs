//! The scenario schema, declared once as data.
//!
//! Owns `SCENARIO_KEYS` (every key a scenario file accepts outside `[parameters]`: its table,
//! type, default, allowed range or names, and one line of meaning), `TABLES` (the sections and
//! whether they are arrays of tables), the intervention kinds and the default workforce.
//! The `[parameters]` table is not redeclared here: its keys come from
//! `crate::model::params::PARAMETER_SPECS` through `parameter_key`.
//! Validation messages, `orgsim params` and the commented `scenarios/default.toml` all follow
//! this declaration. Does not own parsing, checking or error rendering (see `load`).

use crate::model::params::{PARAMETER_SPECS, ParamSpec};

/// What values a key accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueKind {
    /// Any string.
    Str,
    /// A string from a fixed list of names.
    Choice(&'static [&'static str]),
    /// An integer in `min..=max` (floats are refused).
    Int {
        min: i64,
        max: i64,
    },
    /// A number in `min..=max` (integers are accepted).
    Float {
        min: f64,
        max: f64,
    },
    Bool,
}

/// What an absent key means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    /// The key must be given.
    Required,
    /// The key is optional and has no value when absent.
    Absent,
    Str(&'static str),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// One declared scenario key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyInfo {
    /// The table holding the key: `""` for the top level, otherwise a name from `TABLES`.
    pub table: &'static str,
    /// For intervention keys that belong to one kind only: that kind.
    pub kind: Option<&'static str>,
    pub name: &'static str,
    pub value: ValueKind,
    pub default: DefaultValue,
    pub meaning: &'static str,
}

/// One section of a scenario file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableInfo {
    /// Dotted name, as written in a `[header]`.
    pub name: &'static str,
    /// An array of tables (`[[name]]`) rather than a single table.
    pub array: bool,
    /// Most entries an array of tables may have.
    pub max_len: Option<usize>,
    pub meaning: &'static str,
}

/// Most workforce groups a scenario may declare: as many as the model's per-group arrays hold.
pub const MAX_WORKFORCE_GROUPS: usize = crate::model::state::MAX_GROUPS;
/// Most `[[environment.shocks]]` a scenario may declare: far more than a horizon of 1,200
/// months has use for, and few enough that a generated file cannot make validation slow.
pub const MAX_SHOCKS: usize = 1_000;
/// Most `[[interventions]]` a scenario may declare (real scenarios have a handful).
pub const MAX_INTERVENTIONS: usize = 1_000;
/// Most employee slots (`teams * team_size`) an organisation may have.
pub const MAX_SLOTS: u64 = 50_000_000;
/// Most `[[economy.sectors]]` an economy may declare.
pub const MAX_SECTORS: usize = 32;
/// Most `[[economy.regions]]` an economy may declare.
pub const MAX_REGIONS: usize = 64;
/// Most `[[economy.agreements]]` an economy may declare.
pub const MAX_AGREEMENTS: usize = 1_000;
/// Tolerance on the sum of workforce shares.
pub const SHARE_SUM_TOLERANCE: f64 = 1e-6;

/// The sections of a scenario file, in documentation order.
pub const TABLES: &[TableInfo] = &[
    table("organisation", "size of the organisation"),
    TableInfo {
        name: "workforce",
        array: true,
        max_len: Some(MAX_WORKFORCE_GROUPS),
        meaning: "workforce groups (e.g. by education); shares sum to 1",
    },
    table("management", "initial management style and coaching skill"),
    table(
        "knowledge",
        "March's (1991) knowledge model: beliefs, code, learning rates",
    ),
    table(
        "environment",
        "the market: turbulence, labour-market tightness, shocks",
    ),
    TableInfo {
        name: "environment.shocks",
        array: true,
        max_len: Some(MAX_SHOCKS),
        meaning: "sudden market changes",
    },
    TableInfo {
        name: "interventions",
        array: true,
        max_len: Some(MAX_INTERVENTIONS),
        meaning: "scheduled organisational interventions",
    },
    table("parameters", "model coefficients (see `orgsim params`)"),
    table(
        "economy",
        "a population of organisations: sectors, regions, firm sizes and the rules that couple them",
    ),
    TableInfo {
        name: "economy.sectors",
        array: true,
        max_len: Some(MAX_SECTORS),
        meaning: "sectors, each with its preset organisation; shares sum to 1",
    },
    TableInfo {
        name: "economy.regions",
        array: true,
        max_len: Some(MAX_REGIONS),
        meaning: "regions with their labour market and network density; shares sum to 1",
    },
    table(
        "economy.adoption",
        "how organisations decide to start or abandon the programme",
    ),
    table(
        "economy.growth",
        "growth and shrinking of organisations, entry and exit",
    ),
    table(
        "economy.labour",
        "the regions' labour pools of people who left an organisation",
    ),
    TableInfo {
        name: PROGRAMME,
        array: true,
        max_len: Some(MAX_INTERVENTIONS),
        meaning: "the programme an organisation starts when it adopts: the keys of `[[interventions]]`, months counted from adoption",
    },
    table("economy.centre", "a national knowledge and support centre"),
    table(
        "economy.subsidy",
        "a subsidy of programme costs, with an optional budget",
    ),
    TableInfo {
        name: "economy.agreements",
        array: true,
        max_len: Some(MAX_AGREEMENTS),
        meaning: "sector agreements written by social partners",
    },
];

/// The array of tables whose entries take the keys of `[[interventions]]`.
pub const PROGRAMME: &str = "economy.programme";

/// The table whose declared keys `table` takes: `[[economy.programme]]` entries are
/// interventions.
pub(crate) fn keys_table(table: &str) -> &str {
    if table == PROGRAMME {
        "interventions"
    } else {
        table
    }
}

/// The intervention kinds, as written in `kind = "..."`.
pub const INTERVENTION_KINDS: &[&str] = &[
    "coaching_programme",
    "action_learning",
    "idea_time",
    "self_organising_teams",
    "technical_innovation",
    "external_support",
    "manager_style",
];

/// The knowledge modes, as written in `mode = "..."`.
pub const KNOWLEDGE_MODES: &[&str] = &["social", "march1991"];

/// The ways to introduce a technical innovation.
pub const IMPLEMENTATIONS: &[&str] = &["top_down", "participatory"];

/// The workforce used when a scenario declares no `[[workforce]]`, written as the file would.
pub const DEFAULT_WORKFORCE_TOML: &str = r#"
[[workforce]]
name = "vocational"
share = 0.6
skill_mean = 0.45
skill_sd = 0.15
desired_autonomy_mean = 0.45
desired_autonomy_sd = 0.15
control_averse_share = 0.6
annual_quit_rate = 0.08

[[workforce]]
name = "higher_educated"
share = 0.4
skill_mean = 0.6
skill_sd = 0.15
desired_autonomy_mean = 0.7
desired_autonomy_sd = 0.15
control_averse_share = 0.8
annual_quit_rate = 0.10
"#;

mod economy_keys;
mod keys;
pub use economy_keys::{MAX_EMPLOYEES, MAX_ORGANISATIONS};

const ALL_KEYS: [KeyInfo; keys::ORGANISATION_KEYS.len() + economy_keys::ECONOMY_KEYS.len()] =
    concat_keys(keys::ORGANISATION_KEYS, economy_keys::ECONOMY_KEYS);

/// Every scenario key outside `[parameters]`, in documentation order: a single
/// organisation's, then the `[economy]` tables'.
pub const SCENARIO_KEYS: &[KeyInfo] = &ALL_KEYS;

const fn concat_keys<const N: usize>(a: &[KeyInfo], b: &[KeyInfo]) -> [KeyInfo; N] {
    let mut out = [a[0]; N];
    let mut i = 0;
    while i < b.len() {
        out[a.len() + i] = b[i];
        i += 1;
    }
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    out
}

/// Every scenario key outside `[parameters]`, in documentation order.
/// The `[parameters]` table accepts every `PARAMETER_SPECS` name (see `parameter_key`).
pub fn scenario_keys() -> impl Iterator<Item = KeyInfo> {
    SCENARIO_KEYS.iter().copied()
}

/// The `[parameters]` key of one model coefficient.
pub const fn parameter_key(spec: &ParamSpec) -> KeyInfo {
    KeyInfo {
        table: "parameters",
        kind: None,
        name: spec.name,
        value: ValueKind::Float {
            min: spec.min,
            max: spec.max,
        },
        default: DefaultValue::Float(spec.default),
        meaning: spec.meaning,
    }
}

/// The declared key `name` of `table`. For interventions, `kind` selects the kind-specific
/// keys (`None` matches only the keys every kind has).
pub fn find_key(table: &str, kind: Option<&str>, name: &str) -> Option<KeyInfo> {
    let table = keys_table(table);
    if table == "parameters" {
        return PARAMETER_SPECS
            .iter()
            .find(|s| s.name == name)
            .map(parameter_key);
    }
    SCENARIO_KEYS
        .iter()
        .find(|k| k.table == table && k.name == name && (k.kind.is_none() || k.kind == kind))
        .copied()
}

/// The keys of `table` (for interventions: the common keys and those of `kind`).
pub fn keys_of(table: &str, kind: Option<&str>) -> Vec<KeyInfo> {
    let table = keys_table(table);
    if table == "parameters" {
        return PARAMETER_SPECS.iter().map(parameter_key).collect();
    }
    SCENARIO_KEYS
        .iter()
        .filter(|k| k.table == table && (k.kind.is_none() || k.kind == kind))
        .copied()
        .collect()
}

/// The declared section called `name`.
pub fn find_table(name: &str) -> Option<TableInfo> {
    TABLES.iter().find(|t| t.name == name).copied()
}

/// Every place a key called `name` is declared (for "`x` belongs in `[y]`" hints).
pub fn tables_declaring(name: &str) -> Vec<KeyInfo> {
    let mut found: Vec<KeyInfo> = SCENARIO_KEYS
        .iter()
        .filter(|k| k.name == name)
        .copied()
        .collect();
    found.extend(
        PARAMETER_SPECS
            .iter()
            .filter(|s| s.name == name)
            .map(parameter_key),
    );
    found
}

impl KeyInfo {
    /// Where the key is written, e.g. `knowledge.socialisation_rate`, `workforce[].share` or
    /// `interventions[].gain`.
    pub fn path(&self) -> String {
        let table = match find_table(self.table) {
            Some(t) if t.array => format!("{}[].", t.name),
            Some(t) => format!("{}.", t.name),
            None => String::new(),
        };
        format!("{table}{}", self.name)
    }

    /// What the key accepts, as a phrase: "a number from 0 to 1".
    pub fn expected(&self) -> String {
        self.value.expected()
    }

    /// The default as it would be written in TOML, or "required" / "none".
    pub fn default_text(&self) -> String {
        match self.default {
            DefaultValue::Required => "required".into(),
            DefaultValue::Absent => "none".into(),
            DefaultValue::Str(s) => format!("{s:?}"),
            DefaultValue::Int(i) => i.to_string(),
            DefaultValue::Float(f) => format_number(f),
            DefaultValue::Bool(b) => b.to_string(),
        }
    }
}

impl ValueKind {
    /// What the kind accepts, as a phrase: "an integer from 1 to 1200".
    pub fn expected(&self) -> String {
        match *self {
            ValueKind::Str => "a string".into(),
            ValueKind::Choice(names) => format!("one of {}", list_names(names)),
            ValueKind::Int { min, max } if max == i64::MAX => match min {
                0 => "a non-negative integer".into(),
                _ => format!("an integer of at least {min}"),
            },
            ValueKind::Int { min, max } => format!("an integer from {min} to {max}"),
            ValueKind::Float { min, max } => {
                format!(
                    "a number from {} to {}",
                    format_number(min),
                    format_number(max)
                )
            }
            ValueKind::Bool => "`true` or `false`".into(),
        }
    }
}

/// `a`, `b` or `c`.
pub(crate) fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A number as a person would write it: no float noise, no exponent for ordinary sizes.
pub(crate) fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded = (x * 1e9).round() / 1e9;
    if rounded.abs() < 1e15 {
        rounded.to_string()
    } else {
        // `1e308`, not three hundred digits.
        format!("{x:e}")
    }
}

const fn table(name: &'static str, meaning: &'static str) -> TableInfo {
    TableInfo {
        name,
        array: false,
        max_len: None,
        meaning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_in_their_ranges() {
        for k in scenario_keys() {
            match (k.value, k.default) {
                (ValueKind::Int { min, max }, DefaultValue::Int(d)) => {
                    assert!(min <= d && d <= max, "{}", k.path())
                }
                (ValueKind::Float { min, max }, DefaultValue::Float(d)) => {
                    assert!(min <= d && d <= max, "{}", k.path())
                }
                (ValueKind::Choice(names), DefaultValue::Str(d)) => {
                    assert!(names.contains(&d), "{}", k.path())
                }
                (ValueKind::Str, DefaultValue::Str(_))
                | (ValueKind::Bool, DefaultValue::Bool(_)) => {}
                (_, DefaultValue::Required | DefaultValue::Absent) => {}
                (value, default) => {
                    panic!("{}: default {default:?} does not fit {value:?}", k.path())
                }
            }
            assert!(!k.meaning.is_empty(), "{}", k.path());
        }
    }

    #[test]
    fn keys_are_unique_within_their_table_and_kind() {
        let keys: Vec<KeyInfo> = scenario_keys().collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(
                a.table.is_empty() || find_table(a.table).is_some(),
                "{}",
                a.path()
            );
            if let Some(kind) = a.kind {
                assert_eq!(a.table, "interventions");
                assert!(INTERVENTION_KINDS.contains(&kind), "{kind}");
            }
            for b in &keys[i + 1..] {
                let overlap = a.kind.is_none() || b.kind.is_none() || a.kind == b.kind;
                assert!(
                    !(a.table == b.table && a.name == b.name && overlap),
                    "duplicate {}",
                    a.path()
                );
            }
        }
    }

    #[test]
    fn every_intervention_kind_is_known_to_the_types() {
        // The builder in `load` matches on these names; a kind added here must be added there.
        assert_eq!(INTERVENTION_KINDS.len(), 7);
    }

    #[test]
    fn lookups_follow_the_declaration() {
        assert_eq!(
            find_key("knowledge", None, "dimensions").map(|k| k.default),
            Some(DefaultValue::Int(30))
        );
        assert!(find_key("interventions", Some("idea_time"), "share").is_some());
        assert!(find_key("interventions", Some("coaching_programme"), "share").is_none());
        assert!(find_key("interventions", None, "month").is_some());
        assert!(find_key("parameters", None, "trust_loss_rate").is_some());
        assert_eq!(keys_of("parameters", None).len(), PARAMETER_SPECS.len());
        assert_eq!(
            find_key("workforce", None, "share")
                .map(|k| k.path())
                .as_deref(),
            Some("workforce[].share")
        );
    }

    #[test]
    fn phrases_read_well() {
        assert_eq!(
            ValueKind::Float { min: 0.0, max: 1.0 }.expected(),
            "a number from 0 to 1"
        );
        assert_eq!(
            ValueKind::Int { min: 1, max: 1200 }.expected(),
            "an integer from 1 to 1200"
        );
        assert_eq!(
            ValueKind::Int {
                min: 0,
                max: i64::MAX
            }
            .expected(),
            "a non-negative integer"
        );
        assert_eq!(
            ValueKind::Choice(KNOWLEDGE_MODES).expected(),
            "one of `social` or `march1991`"
        );
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(1e6), "1000000");
    }
}

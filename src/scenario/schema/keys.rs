//! Every key of a single organisation's scenario outside `[parameters]`, declared once as data
//! (`ORGANISATION_KEYS`; with `super::economy_keys` they make `SCENARIO_KEYS`), and the small
//! constructors that keep each declaration to a few lines.
//!
//! Adding a key to a scenario file is adding one entry here (and reading it in
//! `crate::scenario::load`); validation, `orgsim params`, the report's settings table and the
//! docs follow from the entry.

use super::{
    DefaultValue, IMPLEMENTATIONS, INTERVENTION_KINDS, KNOWLEDGE_MODES, KeyInfo, ValueKind,
};

pub(super) const MONTHS_MAX: i64 = 1200;
const WARMUP_MAX: i64 = 240;
const IV: &str = "interventions";

/// Every key of a single organisation's scenario outside `[parameters]`, in documentation order.
pub(super) const ORGANISATION_KEYS: &[KeyInfo] = &[
    // Top level.
    text(
        "",
        "name",
        "default",
        "scenario name (defaults to the file name without extension)",
    ),
    text("", "description", "", "free text describing the scenario"),
    int(
        "",
        "months",
        1,
        MONTHS_MAX,
        60,
        "horizon in months (one step is one month)",
    ),
    int(
        "",
        "warmup_months",
        0,
        WARMUP_MAX,
        0,
        "months simulated before month 0 without interventions or shocks and not reported, so that month 0 starts from a settled organisation (social mode)",
    ),
    int(
        "",
        "replications",
        1,
        100_000,
        20,
        "independent runs with different random streams",
    ),
    int(
        "",
        "seed",
        0,
        i64::MAX,
        42,
        "master random seed; the same seed gives the same output",
    ),
    // [organisation]
    int(
        "organisation",
        "teams",
        1,
        10_000_000,
        20,
        "number of teams, each with one manager",
    ),
    int(
        "organisation",
        "team_size",
        1,
        10_000,
        10,
        "employee slots per team",
    ),
    num(
        "organisation",
        "initial_fill",
        0.0,
        1.0,
        0.95,
        "share of slots filled at month 0",
    ),
    // [[workforce]]
    required_text("workforce", "name", "group name, used in per-group outputs"),
    required_num(
        "workforce",
        "share",
        0.0,
        1.0,
        "share of hires from this group (shares sum to 1)",
    ),
    num(
        "workforce",
        "skill_mean",
        0.0,
        1.0,
        0.5,
        "mean initial skill",
    ),
    num(
        "workforce",
        "skill_sd",
        0.0,
        0.5,
        0.15,
        "standard deviation of initial skill",
    ),
    num(
        "workforce",
        "desired_autonomy_mean",
        0.0,
        1.0,
        0.5,
        "mean autonomy employees want",
    ),
    num(
        "workforce",
        "desired_autonomy_sd",
        0.0,
        0.5,
        0.15,
        "standard deviation of desired autonomy",
    ),
    num(
        "workforce",
        "control_averse_share",
        0.0,
        1.0,
        0.7,
        "share who disengage under control (Falk & Kosfeld)",
    ),
    num(
        "workforce",
        "annual_quit_rate",
        0.0,
        0.99,
        0.09,
        "base voluntary quit rate a year at neutral attitudes",
    ),
    // [management]
    num(
        "management",
        "style_mean",
        0.0,
        1.0,
        0.3,
        "mean initial style (0 = control, 1 = coaching)",
    ),
    num(
        "management",
        "style_sd",
        0.0,
        0.5,
        0.1,
        "standard deviation of initial style",
    ),
    num(
        "management",
        "coaching_skill_mean",
        0.0,
        1.0,
        0.3,
        "mean initial coaching skill",
    ),
    num(
        "management",
        "coaching_skill_sd",
        0.0,
        0.5,
        0.1,
        "standard deviation of coaching skill",
    ),
    num(
        "management",
        "trust_in_team",
        0.0,
        1.0,
        0.5,
        "initial trust of managers in their team",
    ),
    // [knowledge]
    choice(
        "knowledge",
        "mode",
        KNOWLEDGE_MODES,
        "social",
        "`social`: full model; `march1991`: March's model alone",
    ),
    int(
        "knowledge",
        "dimensions",
        1,
        64,
        30,
        "number of belief dimensions m",
    ),
    num(
        "knowledge",
        "socialisation_rate",
        0.0,
        1.0,
        0.1,
        "March's p1: how fast people learn the code",
    ),
    num(
        "knowledge",
        "code_learning_rate",
        0.0,
        1.0,
        0.5,
        "March's p2: how fast the code learns from the best",
    ),
    num(
        "knowledge",
        "initial_code_alignment",
        0.0,
        1.0,
        0.3,
        "share of dimensions the code knows correctly at month 0",
    ),
    int(
        "knowledge",
        "individuals",
        1,
        1_000_000,
        50,
        "march1991 mode: number of individuals n",
    ),
    num(
        "knowledge",
        "turnover",
        0.0,
        1.0,
        0.0,
        "march1991 mode: p3, chance an individual is replaced a period",
    ),
    num(
        "knowledge",
        "fast_learner_share",
        0.0,
        1.0,
        0.0,
        "march1991 mode: share of fast learners (0 = all alike)",
    ),
    num(
        "knowledge",
        "fast_socialisation_rate",
        0.0,
        1.0,
        0.9,
        "march1991 mode: p1 of fast learners",
    ),
    num(
        "knowledge",
        "slow_socialisation_rate",
        0.0,
        1.0,
        0.1,
        "march1991 mode: p1 of slow learners",
    ),
    flag(
        "knowledge",
        "until_equilibrium",
        false,
        "march1991 mode: run until nothing can change",
    ),
    // [environment]
    num(
        "environment",
        "turbulence",
        0.0,
        1.0,
        0.02,
        "March's p4: monthly chance each reality dimension flips",
    ),
    num(
        "environment",
        "tightness",
        0.0,
        1.0,
        0.5,
        "labour-market tightness (0.5 is neutral)",
    ),
    // [[environment.shocks]]
    required_int(
        "environment.shocks",
        "month",
        1,
        MONTHS_MAX,
        "month of the shock (1 to `months`)",
    ),
    required_num(
        "environment.shocks",
        "severity",
        0.0,
        1.0,
        "share of reality dimensions flipped at once",
    ),
    // [[interventions]], every kind
    required_choice(IV, "kind", INTERVENTION_KINDS, "what the intervention does"),
    required_int(
        IV,
        "month",
        0,
        MONTHS_MAX,
        "first month in which it acts (0 to `months`)",
    ),
    optional_int(
        IV,
        "end_month",
        1,
        MONTHS_MAX,
        "first month in which it no longer acts (after `month`, at most `months`)",
    ),
    // coaching_programme
    of(
        "coaching_programme",
        num(
            IV,
            "target_style",
            0.0,
            1.0,
            0.85,
            "style trained managers move toward",
        ),
    ),
    of(
        "coaching_programme",
        int(
            IV,
            "ramp_months",
            1,
            120,
            12,
            "months to reach the target style",
        ),
    ),
    of(
        "coaching_programme",
        num(
            IV,
            "share_of_managers",
            0.0,
            1.0,
            1.0,
            "share of managers trained",
        ),
    ),
    of(
        "coaching_programme",
        num(
            IV,
            "cost_per_manager_month",
            0.0,
            1e6,
            1.0,
            "cost per trained manager a month",
        ),
    ),
    of(
        "coaching_programme",
        num(
            IV,
            "time_share",
            0.0,
            1.0,
            0.05,
            "share of team working time spent on the programme",
        ),
    ),
    // action_learning
    of(
        "action_learning",
        num(
            IV,
            "hours_per_month",
            0.0,
            160.0,
            8.0,
            "hours of action learning per employee a month",
        ),
    ),
    of(
        "action_learning",
        num(
            IV,
            "cost_per_employee_month",
            0.0,
            1e6,
            0.05,
            "cost per employee a month",
        ),
    ),
    // idea_time
    of(
        "idea_time",
        num(
            IV,
            "share",
            0.0,
            1.0,
            0.05,
            "share of working time set aside for ideas",
        ),
    ),
    // self_organising_teams
    of(
        "self_organising_teams",
        num(
            IV,
            "autonomy_floor",
            0.0,
            1.0,
            0.5,
            "autonomy every employee gets at least",
        ),
    ),
    // technical_innovation
    of(
        "technical_innovation",
        num(
            IV,
            "gain",
            0.0,
            10.0,
            0.2,
            "output gain of an adopter at full skill",
        ),
    ),
    of(
        "technical_innovation",
        choice(
            IV,
            "implementation",
            IMPLEMENTATIONS,
            "top_down",
            "`top_down` or `participatory` introduction",
        ),
    ),
    of(
        "technical_innovation",
        num(IV, "cost", 0.0, 1e9, 0.0, "one-off cost"),
    ),
    // external_support
    of(
        "external_support",
        num(
            IV,
            "subsidy_share",
            0.0,
            1.0,
            0.5,
            "share of programme costs paid by a subsidy or sector fund",
        ),
    ),
    // manager_style
    of(
        "manager_style",
        num(IV, "style", 0.0, 1.0, 1.0, "style the managers are set to"),
    ),
    of(
        "manager_style",
        num(
            IV,
            "share_of_managers",
            0.0,
            1.0,
            1.0,
            "share of managers whose style is set",
        ),
    ),
];

pub(super) const fn key(
    table: &'static str,
    name: &'static str,
    value: ValueKind,
    default: DefaultValue,
    meaning: &'static str,
) -> KeyInfo {
    KeyInfo {
        table,
        kind: None,
        name,
        value,
        default,
        meaning,
    }
}

pub(super) const fn text(
    table: &'static str,
    name: &'static str,
    default: &'static str,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Str,
        DefaultValue::Str(default),
        meaning,
    )
}

pub(super) const fn required_text(
    table: &'static str,
    name: &'static str,
    meaning: &'static str,
) -> KeyInfo {
    key(table, name, ValueKind::Str, DefaultValue::Required, meaning)
}

pub(super) const fn int(
    table: &'static str,
    name: &'static str,
    min: i64,
    max: i64,
    default: i64,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Int { min, max },
        DefaultValue::Int(default),
        meaning,
    )
}

pub(super) const fn required_int(
    table: &'static str,
    name: &'static str,
    min: i64,
    max: i64,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Int { min, max },
        DefaultValue::Required,
        meaning,
    )
}

pub(super) const fn optional_int(
    table: &'static str,
    name: &'static str,
    min: i64,
    max: i64,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Int { min, max },
        DefaultValue::Absent,
        meaning,
    )
}

pub(super) const fn num(
    table: &'static str,
    name: &'static str,
    min: f64,
    max: f64,
    default: f64,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Float { min, max },
        DefaultValue::Float(default),
        meaning,
    )
}

pub(super) const fn required_num(
    table: &'static str,
    name: &'static str,
    min: f64,
    max: f64,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Float { min, max },
        DefaultValue::Required,
        meaning,
    )
}

pub(super) const fn flag(
    table: &'static str,
    name: &'static str,
    default: bool,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Bool,
        DefaultValue::Bool(default),
        meaning,
    )
}

pub(super) const fn choice(
    table: &'static str,
    name: &'static str,
    names: &'static [&'static str],
    default: &'static str,
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Choice(names),
        DefaultValue::Str(default),
        meaning,
    )
}

pub(super) const fn required_choice(
    table: &'static str,
    name: &'static str,
    names: &'static [&'static str],
    meaning: &'static str,
) -> KeyInfo {
    key(
        table,
        name,
        ValueKind::Choice(names),
        DefaultValue::Required,
        meaning,
    )
}

/// Marks an intervention key as belonging to one kind.
const fn of(kind: &'static str, mut info: KeyInfo) -> KeyInfo {
    info.kind = Some(kind);
    info
}

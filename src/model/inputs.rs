//! The model's inputs: a validated scenario as plain typed data the engine builds a run from.
//!
//! Owns the shape of a resolved scenario (`Scenario` and its parts). Values here have already
//! passed validation: ranges hold, shares sum to 1, months lie within the horizon.
//! Does not own parsing, defaults or error messages: `crate::scenario` reads files into
//! these types (and re-exports them as `scenario::types`).

use super::params::Parameters;
use serde::Serialize;

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A fully resolved scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// Horizon in months (steps).
    pub months: u32,
    /// Months simulated before month 0 without interventions or shocks, not reported
    /// (social mode only).
    #[serde(skip_serializing_if = "is_zero")]
    pub warmup_months: u32,
    pub replications: u32,
    pub seed: u64,
    pub organisation: Organisation,
    pub workforce: Vec<WorkforceGroup>,
    pub management: Management,
    pub knowledge: Knowledge,
    pub environment: Environment,
    pub interventions: Vec<Intervention>,
    pub parameters: Parameters,
    /// The chain of base files the scenario was built on (`base = "…"`), nearest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<String>,
    /// Inputs each replication draws for itself (`[uncertainty]`); empty for most scenarios,
    /// and then left out of the manifest.
    #[serde(skip_serializing_if = "Uncertainty::is_empty")]
    pub uncertainty: Uncertainty,
    /// A population of organisations built from this scenario's sectors (`[economy]`);
    /// None for a single organisation, and then left out of the manifest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economy: Option<Box<super::economy::Economy>>,
}

/// The uncertain inputs of a scenario: keys with a distribution and, optionally, a sample of
/// whole parameter sets (a calibration's posterior) of which each replication takes one.
/// Every other value of the scenario is the replication's too.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Uncertainty {
    /// In the order written; each key draws from its own stream.
    pub keys: Vec<UncertainKey>,
    pub posterior: Option<PosteriorSample>,
    /// The text and overrides the scenario was loaded from: a replication's scenario is that
    /// text with its drawn values as further overrides, checked like any other.
    #[serde(skip)]
    pub source: Option<std::sync::Arc<ScenarioSource>>,
}

impl Uncertainty {
    /// No uncertain input.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.posterior.is_none()
    }

    /// The keys a replication draws, in the columns' order: the posterior's, then the table's.
    pub fn drawn_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self
            .posterior
            .iter()
            .flat_map(|p| p.keys.iter().map(String::as_str))
            .collect();
        keys.extend(self.keys.iter().map(|k| k.key.as_str()));
        keys
    }
}

/// Where a scenario came from, for loading it again with more overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioSource {
    pub name: String,
    pub text: String,
    pub overrides: Vec<String>,
}

/// One uncertain key, as `--set` writes it (`parameters.trust_loss_rate`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UncertainKey {
    pub key: String,
    #[serde(flatten)]
    pub distribution: Distribution,
    /// The key takes integers: a draw is rounded to the nearest one.
    pub integer: bool,
}

/// A distribution of an uncertain key.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum Distribution {
    Uniform {
        low: f64,
        high: f64,
    },
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
    },
    /// Normal(mean, sd) truncated to the key's allowed range `[low, high]`.
    Normal {
        mean: f64,
        sd: f64,
        low: f64,
        high: f64,
    },
    /// Beta(a, b) scaled from [0, 1] to `[low, high]`.
    Beta {
        a: f64,
        b: f64,
        low: f64,
        high: f64,
    },
}

/// A sample of whole parameter sets (rows), e.g. a calibration's accepted sets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PosteriorSample {
    /// The file as written in the scenario.
    pub path: String,
    /// The keys of the columns, as `--set` writes them.
    pub keys: Vec<String>,
    /// Number of sets.
    pub sets: usize,
    /// The sets are drawn with the file's `weight` column rather than equally.
    pub weighted: bool,
    /// `rows[i][k]`: set i's value of `keys[k]`.
    #[serde(skip)]
    pub rows: Vec<Vec<f64>>,
    /// Each set's identifier in the file (its `set` column, else its row number from 0).
    #[serde(skip)]
    pub ids: Vec<u64>,
    #[serde(skip)]
    pub weights: Option<Vec<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Organisation {
    pub teams: u32,
    pub team_size: u32,
    /// Share of slots filled at month 0.
    pub initial_fill: f64,
}

/// A workforce group (e.g. by education level). Shares over groups sum to 1.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkforceGroup {
    pub name: String,
    pub share: f64,
    pub skill_mean: f64,
    pub skill_sd: f64,
    pub desired_autonomy_mean: f64,
    pub desired_autonomy_sd: f64,
    pub control_averse_share: f64,
    /// Base voluntary quit rate per year at neutral attitudes (λ0 = −ln(1 − rate)/12 a month).
    pub annual_quit_rate: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Management {
    /// Mean initial style (0 = control, 1 = coaching).
    pub style_mean: f64,
    pub style_sd: f64,
    pub coaching_skill_mean: f64,
    pub coaching_skill_sd: f64,
    /// Initial trust of managers in their team.
    pub trust_in_team: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KnowledgeMode {
    /// The full organisation model with March's knowledge rules extended with voice.
    Social,
    /// March (1991) alone: n individuals, no teams, no social mechanisms.
    March1991,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Knowledge {
    pub mode: KnowledgeMode,
    /// m ≤ 64 belief dimensions.
    pub dimensions: u32,
    /// March's p1.
    pub socialisation_rate: f64,
    /// March's p2.
    pub code_learning_rate: f64,
    /// Share of dimensions the code knows correctly at month 0 (the rest unknown).
    pub initial_code_alignment: f64,
    /// March mode: number of individuals n.
    pub individuals: u32,
    /// March mode: p3, the chance an individual is replaced each period.
    pub turnover: f64,
    /// March mode: share of fast learners (0 = homogeneous).
    pub fast_learner_share: f64,
    /// March mode: socialisation rate of fast learners (used when fast_learner_share > 0).
    pub fast_socialisation_rate: f64,
    /// March mode: socialisation rate of slow learners (used when fast_learner_share > 0).
    pub slow_socialisation_rate: f64,
    /// March mode: stop at equilibrium (nothing can change any more) instead of after `months`.
    pub until_equilibrium: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Environment {
    /// Monthly chance each reality dimension flips (March's p4).
    pub turbulence: f64,
    /// Labour-market tightness in [0, 1]; 0.5 is neutral.
    pub tightness: f64,
    pub shocks: Vec<Shock>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shock {
    pub month: u32,
    /// Share of reality dimensions flipped at once.
    pub severity: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Intervention {
    /// First month in which the intervention acts.
    pub month: u32,
    /// First month in which it no longer acts (None: until the horizon).
    pub end_month: Option<u32>,
    pub kind: InterventionKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Implementation {
    TopDown,
    Participatory,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InterventionKind {
    /// Trains a share of managers: style ramps to `target_style` over `ramp_months`,
    /// coaching skill grows while the programme runs, teams spend `time_share` of their time.
    CoachingProgramme {
        target_style: f64,
        ramp_months: u32,
        share_of_managers: f64,
        cost_per_manager_month: f64,
        time_share: f64,
    },
    ActionLearning {
        hours_per_month: f64,
        cost_per_employee_month: f64,
    },
    /// Share of working time set aside for internal entrepreneurship.
    IdeaTime { share: f64 },
    /// Raises the autonomy floor and switches on peer learning.
    SelfOrganisingTeams { autonomy_floor: f64 },
    TechnicalInnovation {
        gain: f64,
        implementation: Implementation,
        cost: f64,
    },
    /// Share of programme costs paid by a subsidy or sector fund.
    ExternalSupport { subsidy_share: f64 },
    /// Sets the style of a share of managers directly (e.g. a new management team).
    ManagerStyle { style: f64, share_of_managers: f64 },
}

impl InterventionKind {
    /// The name used in scenario files (`kind = "..."`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::CoachingProgramme { .. } => "coaching_programme",
            Self::ActionLearning { .. } => "action_learning",
            Self::IdeaTime { .. } => "idea_time",
            Self::SelfOrganisingTeams { .. } => "self_organising_teams",
            Self::TechnicalInnovation { .. } => "technical_innovation",
            Self::ExternalSupport { .. } => "external_support",
            Self::ManagerStyle { .. } => "manager_style",
        }
    }
}

impl Scenario {
    /// Number of employee slots.
    pub fn slots(&self) -> usize {
        match self.knowledge.mode {
            KnowledgeMode::Social => {
                self.organisation.teams as usize * self.organisation.team_size as usize
            }
            KnowledgeMode::March1991 => self.knowledge.individuals as usize,
        }
    }
}

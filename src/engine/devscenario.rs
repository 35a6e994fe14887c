//! Temporary: a hand-built default scenario until the loader lands.
use crate::model::params::Parameters;
use crate::scenario::*;

pub fn dev_scenario() -> Scenario {
    Scenario {
        name: "dev".into(),
        description: String::new(),
        months: 60,
        replications: 20,
        seed: 42,
        organisation: Organisation { teams: 20, team_size: 10, initial_fill: 0.95 },
        workforce: vec![
            WorkforceGroup { name: "vocational".into(), share: 0.6, skill_mean: 0.45, skill_sd: 0.15, desired_autonomy_mean: 0.45, desired_autonomy_sd: 0.15, control_averse_share: 0.6, annual_quit_rate: 0.08 },
            WorkforceGroup { name: "higher_educated".into(), share: 0.4, skill_mean: 0.6, skill_sd: 0.15, desired_autonomy_mean: 0.7, desired_autonomy_sd: 0.15, control_averse_share: 0.8, annual_quit_rate: 0.10 },
        ],
        management: Management { style_mean: 0.3, style_sd: 0.1, coaching_skill_mean: 0.3, coaching_skill_sd: 0.1, trust_in_team: 0.5 },
        knowledge: Knowledge { mode: KnowledgeMode::Social, dimensions: 30, socialisation_rate: 0.1, code_learning_rate: 0.5, initial_code_alignment: 0.3, individuals: 50, turnover: 0.0, fast_learner_share: 0.0, fast_socialisation_rate: 0.9, slow_socialisation_rate: 0.1, until_equilibrium: false },
        environment: Environment { turbulence: 0.02, tightness: 0.5, shocks: vec![Shock { month: 36, severity: 0.3 }] },
        interventions: vec![],
        parameters: Parameters::default(),
    }
}

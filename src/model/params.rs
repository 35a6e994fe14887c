//! Model coefficients: every number the step code uses, declared once.
//!
//! Owns the `Parameters` struct and `PARAMETER_SPECS` (name, default, allowed range, one-line
//! meaning). The scenario's `[parameters]` table, `--set parameters.NAME=...`, validation
//! messages and `orgsim params` are all generated from this one declaration.
//! Does not own scenario structure (organisation size, workforce groups, interventions):
//! that lives in `crate::scenario`.

/// One declared coefficient.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// The step of a month (docs/ODD.md section 3) the coefficient belongs to (for grouping in `orgsim params`).
    pub step: &'static str,
    pub meaning: &'static str,
}

macro_rules! declare_parameters {
    ($( $step:literal { $( $name:ident = $default:literal in [$min:literal, $max:literal] : $meaning:literal; )* } )*) => {
        /// All model coefficients (see `PARAMETER_SPECS` for ranges and meanings).
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        pub struct Parameters { $( $( #[doc = $meaning] pub $name: f64, )* )* }

        impl Default for Parameters {
            fn default() -> Self { Self { $( $( $name: $default, )* )* } }
        }

        /// The declaration of every coefficient, in documentation order.
        pub const PARAMETER_SPECS: &[ParamSpec] = &[
            $( $( ParamSpec { name: stringify!($name), default: $default, min: $min, max: $max,
                              step: $step, meaning: $meaning }, )* )*
        ];

        impl Parameters {
            /// Value of the coefficient called `name`, if there is one.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name { $( $( stringify!($name) => Some(self.$name), )* )* _ => None }
            }
            /// Sets the coefficient called `name`; false if no such coefficient exists.
            /// Range checking is the scenario validator's job.
            pub fn set(&mut self, name: &str, value: f64) -> bool {
                match name { $( $( stringify!($name) => { self.$name = value; true } )* )* _ => false }
            }
        }
    };
}

declare_parameters! {
    "3 managers" {
        coach_training_rate = 0.08 in [0.0, 1.0] : "monthly speed at which a trained manager's coaching skill moves toward 1 while a coaching programme runs: the share of the gap closed each month, not an amount";
        trust_reciprocity_rate = 0.1 in [0.0, 1.0] : "monthly speed at which a manager's trust in the team moves toward the team's mean trust: the share of the gap closed each month, not an amount";
    }
    "4 autonomy" {
        autonomy_floor = 0.15 in [0.0, 1.0] : "decision latitude every employee has even under pure control (a_floor)";
        autonomy_max = 0.9 in [0.0, 1.0] : "latitude a fully coaching manager grants a fully ready employee (a_max)";
        readiness_weight = 0.5 in [0.0, 1.0] : "weight of the employee's readiness (vs. the manager's trust in the team) in delegation";
        autonomy_adjust_rate = 0.25 in [0.0, 1.0] : "monthly speed at which autonomy moves toward the granted level: the share of the gap closed each month, not an amount";
        self_organising_peer_learning = 1.0 in [0.0, 1.0] : "intensity of peer learning switched on by self-organising teams";
    }
    "5 trust" {
        trust_base = 0.55 in [0.0, 1.0] : "trust an employee converges to under a neutral manager";
        w_support = 0.439 in [0.0, 1.0] : "trust gained from a coaching manager's support (times style and coaching skill)";
        w_voice = 0.2 in [0.0, 1.0] : "trust gained (lost) when ideas are accepted (rejected): weight of voice - 0.5";
        w_control = 0.1 in [0.0, 1.0] : "trust lost under control-style management by control-averse employees";
        control_penalty_tolerant = 0.2 in [0.0, 1.0] : "share of the control penalty felt by employees who are not control-averse";
        imposition_penalty = 0.15 in [0.0, 1.0] : "trust lost by non-adopters while an innovation is imposed top-down (times 1 - manager style)";
        trust_gain_rate = 0.05 in [0.0, 1.0] : "monthly speed at which trust rises toward its target: the share of the gap closed each month, not an amount (built slowly)";
        trust_loss_rate = 0.15 in [0.0, 1.0] : "monthly speed at which trust falls toward its target: the share of the gap closed each month, not an amount (lost quickly)";
        voice_memory_rate = 0.3 in [0.0, 1.0] : "speed at which one accepted (rejected) idea moves the employee's sense of voice toward 1 (0): the share of the gap closed, not an amount";
        trait_sd_trust = 0.219 in [0.0, 0.5] : "SD of the trust propensity drawn at hire: a lasting offset to the employee's trust target";
    }
    "6 engagement" {
        w_autonomy_need = 0.25 in [0.0, 1.0] : "weight of autonomy need satisfaction in target engagement";
        w_competence_need = 0.3 in [0.0, 1.0] : "weight of competence (skill) in target engagement";
        w_relatedness_need = 0.45 in [0.0, 1.0] : "weight of relatedness (trust) in target engagement";
        autonomy_excess_penalty = 0.5 in [0.0, 1.0] : "need-satisfaction lost per unit of autonomy above what the employee wants";
        w_crowding = 0.15 in [0.0, 1.0] : "engagement crowded out by control for control-averse employees (Falk & Kosfeld)";
        engagement_rate = 0.2 in [0.0, 1.0] : "monthly speed at which engagement moves toward its target: the share of the gap closed each month, not an amount";
        trait_sd_engagement = 0.171 in [0.0, 0.5] : "SD of the engagement propensity drawn at hire: a lasting offset to the employee's engagement target";
    }
    "7 knowledge" {
        autonomy_shield = 0.5 in [0.0, 1.0] : "how much autonomy protects an employee's beliefs from socialisation";
        idea_rate = 0.15 in [0.0, 1.0] : "monthly chance of trying an idea at full autonomy and engagement";
        idea_time_multiplier = 4.0 in [0.0, 20.0] : "extra ideas per unit share of working time set aside for ideas";
        accept_min = 0.2 in [0.0, 1.0] : "chance a pure control manager accepts an idea (rises to 1 with coaching style)";
        voice_min = 0.3 in [0.0, 1.0] : "voice under pure control: scales code learning from the superior group";
    }
    "8 skill" {
        learn_base = 0.012 in [0.0, 1.0] : "monthly learning on the job at full engagement (share of the gap to 1)";
        learn_coach = 0.0163 in [0.0, 1.0] : "monthly learning from a coaching manager (times style and coaching skill)";
        learn_action = 0.015 in [0.0, 1.0] : "monthly learning from action learning at the reference intensity";
        action_learning_reference_hours = 8.0 in [0.1, 160.0] : "action learning hours a month that count as intensity 1";
        learn_peer = 0.05 in [0.0, 1.0] : "monthly peer learning toward the team mean in self-organising teams";
        obsolescence = 0.004 in [0.0, 1.0] : "monthly skill decay in a stable market";
        turbulence_obsolescence = 0.1 in [0.0, 10.0] : "extra monthly skill decay per unit of turbulence";
    }
    "9 innovation" {
        adopt_rate = 0.2 in [0.0, 1.0] : "monthly adoption chance of a trusting, skilled employee without resistance";
        participation_boost = 2.0 in [1.0, 10.0] : "adoption multiplier when the innovation is introduced participatively";
        top_down_resistance = 0.9 in [0.0, 1.0] : "resistance to a top-down innovation under a pure control manager";
        participation_months = 3.0 in [0.0, 60.0] : "months of working time spent on a participatory introduction";
        participation_time_share = 0.08 in [0.0, 1.0] : "share of working time spent during a participatory introduction";
    }
    "10 output" {
        skill_exponent = 0.5 in [0.0, 2.0] : "exponent of skill in output (diminishing returns)";
        w_social = 0.696 in [0.0, 5.0] : "elasticity of output in the social climate h: output × (1 + w_social·(h − social_reference))";
        social_reference = 0.5 in [0.0, 1.0] : "social climate h at which the social term of output is 1";
        h_weight_engagement = 0.5 in [0.0, 1.0] : "weight of engagement in the social climate h (weights are normalised to sum to 1)";
        h_weight_alignment = 0.3 in [0.0, 1.0] : "weight of alignment (knowing what the market wants) in the social climate h";
        h_weight_autonomy_fit = 0.2 in [0.0, 1.0] : "weight of autonomy fit, 0.5 + (a − a_floor)·(s − 0.5), in the social climate h";
        onboarding_months = 6.0 in [0.0, 60.0] : "months a new hire needs to reach full productivity (starts at half)";
        output_value = 1.0 in [0.0, 1000.0] : "value of one unit of output (a fully productive employee-month) in cost units";
        hiring_cost = 1.5 in [0.0, 1000.0] : "cost of one hire in output units (recruitment, onboarding)";
    }
    "11 turnover" {
        b_engagement = 4.3 in [0.0, 20.0] : "quit hazard sensitivity to low engagement";
        b_trust = 5.77 in [0.0, 20.0] : "quit hazard sensitivity to low trust in the manager";
        unrelated_quit_rate = 0.0618 in [0.0, 0.5] : "annual quit rate unrelated to attitudes (retirement, relocation, life events), added to the attitude-driven hazard";
        b_gap = 0.3 in [0.0, 20.0] : "quit hazard sensitivity to autonomy below what the employee wants";
        b_market = 1.0 in [0.0, 20.0] : "quit hazard sensitivity to labour-market tightness";
        b_tenure = 1.3 in [0.0, 20.0] : "quit hazard reduction with tenure (saturating at five years)";
        tenure_saturation_months = 60.0 in [1.0, 600.0] : "tenure after which it lowers the quit hazard no further";
        vacancy_months = 2.0 in [0.1, 120.0] : "months scale of filling a vacancy: monthly fill chance is 1/(vacancy_months·(1 + tightness))";
        hire_trust = 0.5 in [0.0, 1.0] : "trust of a new hire";
        hire_engagement = 0.6 in [0.0, 1.0] : "engagement of a new hire";
    }
}

/// The coefficients fitted to published effect sizes by the calibration (the priors of
/// `scenarios/calibration/targets.toml`; sources, fit and posterior in docs/CALIBRATION.md).
/// Every other default is illustrative: set by judgement, not fitted to data. A test keeps
/// this list equal to the targets file's priors.
pub const CALIBRATED: &[&str] = &[
    "b_trust",
    "b_engagement",
    "unrelated_quit_rate",
    "w_social",
    "trait_sd_trust",
    "trait_sd_engagement",
    "w_support",
    "learn_coach",
];

impl ParamSpec {
    /// Where the default comes from, in one word: `calibrated` or `illustrative`.
    pub fn provenance(&self) -> &'static str {
        if CALIBRATED.contains(&self.name) {
            "calibrated"
        } else {
            "illustrative"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_in_their_ranges_and_names_are_unique() {
        let mut names = std::collections::HashSet::new();
        for spec in PARAMETER_SPECS {
            assert!(
                spec.min <= spec.default && spec.default <= spec.max,
                "{}",
                spec.name
            );
            assert!(names.insert(spec.name), "duplicate {}", spec.name);
            assert!(!spec.meaning.is_empty());
        }
    }

    #[test]
    fn get_and_set_round_trip_every_parameter() {
        let mut params = Parameters::default();
        for spec in PARAMETER_SPECS {
            assert_eq!(params.get(spec.name), Some(spec.default));
            assert!(params.set(spec.name, spec.max));
            assert_eq!(params.get(spec.name), Some(spec.max));
        }
        assert!(!params.set("no_such_parameter", 1.0));
    }
}

/// A coefficient offered as a slider in `orgsim explore`: the ones students ask about, with a
/// short label and the unit it is in (range, default and meaning come from
/// [`PARAMETER_SPECS`]).
#[derive(Clone, Copy, Debug)]
pub struct StudentControl {
    pub name: &'static str,
    pub group: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
}

/// The coefficients `orgsim explore` shows as sliders, in display order.
pub const STUDENT_CONTROLS: &[StudentControl] = &[
    StudentControl {
        name: "trust_loss_rate",
        group: "Trust",
        label: "Trust loss speed",
        unit: "share of gap a month",
    },
    StudentControl {
        name: "trust_gain_rate",
        group: "Trust",
        label: "Trust gain speed",
        unit: "share of gap a month",
    },
    StudentControl {
        name: "w_support",
        group: "Trust",
        label: "Weight of manager support",
        unit: "weight",
    },
    StudentControl {
        name: "w_control",
        group: "Trust",
        label: "Weight of control",
        unit: "weight",
    },
    StudentControl {
        name: "engagement_rate",
        group: "Engagement",
        label: "Engagement speed",
        unit: "share of gap a month",
    },
    StudentControl {
        name: "w_autonomy_need",
        group: "Engagement",
        label: "Weight of the need for autonomy",
        unit: "weight",
    },
    StudentControl {
        name: "autonomy_floor",
        group: "Autonomy",
        label: "Autonomy under pure control",
        unit: "0-1",
    },
    StudentControl {
        name: "autonomy_max",
        group: "Autonomy",
        label: "Autonomy a coach grants",
        unit: "0-1",
    },
    StudentControl {
        name: "learn_coach",
        group: "Learning",
        label: "Learning from a coach",
        unit: "skill a month",
    },
    StudentControl {
        name: "learn_peer",
        group: "Learning",
        label: "Learning from peers",
        unit: "skill a month",
    },
    StudentControl {
        name: "obsolescence",
        group: "Learning",
        label: "Skill obsolescence",
        unit: "skill a month",
    },
    StudentControl {
        name: "b_trust",
        group: "Turnover",
        label: "Effect of trust on quitting",
        unit: "log-odds",
    },
    StudentControl {
        name: "b_engagement",
        group: "Turnover",
        label: "Effect of engagement on quitting",
        unit: "log-odds",
    },
];

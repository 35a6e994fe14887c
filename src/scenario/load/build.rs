//! Building a `Scenario` from a checked document without problems.

use crate::model::params::Parameters;
use crate::scenario::load::{Checked, CheckedDocument, Scalar};
use crate::scenario::{
    Environment, Implementation, Intervention, InterventionKind, Knowledge, KnowledgeMode,
    Management, Organisation, Scenario, Shock, WorkforceGroup,
};

/// Builds the scenario from a document the checker found no problems in.
pub(super) fn build(doc: &CheckedDocument, default_name: Option<String>) -> Scenario {
    let top = &doc.top;
    let name = match top.get("name") {
        Some(Scalar::Str(s)) => s.clone(),
        _ => default_name
            .or_else(|| top.text("name"))
            .unwrap_or_default(),
    };
    let org = &doc.organisation;
    let mgmt = &doc.management;
    let k = &doc.knowledge;
    let env = &doc.environment;
    let mut parameters = Parameters::default();
    for (name, value, _) in &doc.parameters.values {
        if let Scalar::Float(x) = value {
            parameters.set(name, *x);
        }
    }
    Scenario {
        name,
        description: top.text("description").unwrap_or_default(),
        months: top.int("months") as u32,
        warmup_months: top.int("warmup_months") as u32,
        bases: Vec::new(),
        // Filled by the scenario layer's `[economy]` reading, when the file has one.
        economy: None,
        replications: top.int("replications") as u32,
        seed: top.int("seed") as u64,
        organisation: Organisation {
            teams: org.int("teams") as u32,
            team_size: org.int("team_size") as u32,
            initial_fill: org.float("initial_fill"),
        },
        workforce: doc
            .workforce
            .iter()
            .map(|g| WorkforceGroup {
                name: g.text("name").unwrap_or_default(),
                share: g.float("share"),
                skill_mean: g.float("skill_mean"),
                skill_sd: g.float("skill_sd"),
                desired_autonomy_mean: g.float("desired_autonomy_mean"),
                desired_autonomy_sd: g.float("desired_autonomy_sd"),
                control_averse_share: g.float("control_averse_share"),
                annual_quit_rate: g.float("annual_quit_rate"),
            })
            .collect(),
        management: Management {
            style_mean: mgmt.float("style_mean"),
            style_sd: mgmt.float("style_sd"),
            coaching_skill_mean: mgmt.float("coaching_skill_mean"),
            coaching_skill_sd: mgmt.float("coaching_skill_sd"),
            trust_in_team: mgmt.float("trust_in_team"),
        },
        knowledge: Knowledge {
            mode: match k.text("mode").as_deref() {
                Some("march1991") => KnowledgeMode::March1991,
                _ => KnowledgeMode::Social,
            },
            dimensions: k.int("dimensions") as u32,
            socialisation_rate: k.float("socialisation_rate"),
            code_learning_rate: k.float("code_learning_rate"),
            initial_code_alignment: k.float("initial_code_alignment"),
            individuals: k.int("individuals") as u32,
            turnover: k.float("turnover"),
            fast_learner_share: k.float("fast_learner_share"),
            fast_socialisation_rate: k.float("fast_socialisation_rate"),
            slow_socialisation_rate: k.float("slow_socialisation_rate"),
            until_equilibrium: k.flag("until_equilibrium"),
        },
        environment: Environment {
            turbulence: env.float("turbulence"),
            tightness: env.float("tightness"),
            shocks: doc
                .shocks
                .iter()
                .map(|s| Shock {
                    month: s.int("month") as u32,
                    severity: s.float("severity"),
                })
                .collect(),
        },
        interventions: doc
            .interventions
            .iter()
            .filter_map(build_intervention)
            .collect(),
        parameters,
        uncertainty: Default::default(),
    }
}

pub(super) fn build_intervention(c: &Checked) -> Option<Intervention> {
    let kind = match c.kind? {
        "coaching_programme" => InterventionKind::CoachingProgramme {
            target_style: c.float("target_style"),
            ramp_months: c.int("ramp_months") as u32,
            share_of_managers: c.float("share_of_managers"),
            cost_per_manager_month: c.float("cost_per_manager_month"),
            time_share: c.float("time_share"),
        },
        "action_learning" => InterventionKind::ActionLearning {
            hours_per_month: c.float("hours_per_month"),
            cost_per_employee_month: c.float("cost_per_employee_month"),
        },
        "idea_time" => InterventionKind::IdeaTime {
            share: c.float("share"),
        },
        "self_organising_teams" => InterventionKind::SelfOrganisingTeams {
            autonomy_floor: c.float("autonomy_floor"),
        },
        "technical_innovation" => InterventionKind::TechnicalInnovation {
            gain: c.float("gain"),
            implementation: match c.text("implementation").as_deref() {
                Some("participatory") => Implementation::Participatory,
                _ => Implementation::TopDown,
            },
            cost: c.float("cost"),
        },
        "external_support" => InterventionKind::ExternalSupport {
            subsidy_share: c.float("subsidy_share"),
        },
        "manager_style" => InterventionKind::ManagerStyle {
            style: c.float("style"),
            share_of_managers: c.float("share_of_managers"),
        },
        _ => return None,
    };
    Some(Intervention {
        month: c.int("month") as u32,
        end_month: c.opt_int("end_month").map(|m| m as u32),
        kind,
    })
}

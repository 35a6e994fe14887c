//! An economy built by hand from the shipped sector presets, for the economy's tests and
//! benchmark (the `[economy]` file reader is the scenario layer's; this builds the same
//! typed value directly).
#![allow(dead_code)]

use orgsim::model::economy::{
    AdoptionRules, Economy, EconomyPolicy, FirmSizes, GrowthRules, LabourMarket, Region, Sector,
    SupportCentre,
};
use orgsim::model::inputs::{Intervention, InterventionKind};
use orgsim::scenario::{Scenario, default_scenario, load_str};

const PRESETS: [(&str, &str); 4] = [
    (
        "healthcare",
        include_str!("../../scenarios/healthcare.toml"),
    ),
    (
        "manufacturing",
        include_str!("../../scenarios/manufacturing.toml"),
    ),
    (
        "ict_services",
        include_str!("../../scenarios/ict_services.toml"),
    ),
    ("default", include_str!("../../scenarios/default.toml")),
];

/// The shipped preset `name`, loaded as the scenario layer loads it.
pub fn preset(name: &str) -> Scenario {
    let (_, text) = PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no preset {name}"));
    load_str(&format!("{name}.toml"), text, &[]).unwrap_or_else(|e| panic!("{e}"))
}

/// Adoption rules with the documented defaults of the `[economy.adoption]` table.
pub fn default_adoption() -> AdoptionRules {
    AdoptionRules {
        innovation: 0.0025,
        imitation: 0.032,
        cross_region_weight: 0.3,
        delay_months: 6,
        noise: 0.02,
        gain_weight: 5.0,
        gap_weight: 0.02,
        trial_months: 12,
        abandon: 0.02,
    }
}

/// Pure imitation of what is seen: no gain or gap terms, no noise, no abandonment.
pub fn bass_adoption(innovation: f64, imitation: f64, delay_months: u32) -> AdoptionRules {
    AdoptionRules {
        innovation,
        imitation,
        cross_region_weight: 1.0,
        delay_months,
        noise: 0.0,
        gain_weight: 0.0,
        gap_weight: 0.0,
        trial_months: 12,
        abandon: 0.0,
    }
}

/// The coaching programme of the syntax example.
pub fn coaching_programme() -> Vec<Intervention> {
    vec![Intervention {
        month: 0,
        end_month: None,
        kind: InterventionKind::CoachingProgramme {
            target_style: 0.85,
            ramp_months: 12,
            share_of_managers: 1.0,
            cost_per_manager_month: 1.0,
            time_share: 0.05,
        },
    }]
}

/// A support centre from month 0.
pub fn centre() -> SupportCentre {
    SupportCentre {
        from_month: 0,
        cost_reduction: 0.3,
        quality: 0.05,
        information: 2.0,
        outreach: 0.001,
    }
}

/// An economy of `organisations` firms in the given sectors (equal shares) and regions
/// (`(tightness, density)`, equal shares), sizes from `sizes`.
pub fn economy_scenario(
    organisations: u32,
    sectors: &[&str],
    regions: &[(f64, f64)],
    sizes: FirmSizes,
    months: u32,
    replications: u32,
    seed: u64,
) -> Scenario {
    let mut s = default_scenario();
    s.name = "economy".into();
    s.months = months;
    s.replications = replications;
    s.seed = seed;
    s.warmup_months = 0;
    s.interventions.clear();
    let economy = Economy {
        organisations,
        sizes,
        sectors: sectors
            .iter()
            .map(|name| Sector {
                name: name.to_string(),
                share: 1.0 / sectors.len() as f64,
                preset_path: name.to_string(),
                preset: Box::new(preset(name)),
                programme_cost_factor: 1.0,
                demand_growth: 0.0,
            })
            .collect(),
        regions: regions
            .iter()
            .enumerate()
            .map(|(r, &(tightness, density))| Region {
                name: format!("region_{r}"),
                share: 1.0 / regions.len() as f64,
                tightness,
                density,
            })
            .collect(),
        programme: coaching_programme(),
        adoption: default_adoption(),
        growth: default_growth(),
        labour: default_labour(),
        policy: EconomyPolicy::default(),
        per_organisation: false,
    };
    s.economy = Some(Box::new(economy));
    s
}

/// The economy of `s`, to change its rules.
pub fn economy_mut(s: &mut Scenario) -> &mut Economy {
    s.economy.as_deref_mut().expect("an economy scenario")
}

/// Sizes for tests: small firms (10–40 employees), so many replications stay quick.
pub fn small_firms() -> FirmSizes {
    FirmSizes {
        min_employees: 10,
        max_employees: 40,
        tail: 1.2,
    }
}

/// Sizes whose mean is about 200 employees (Pareto shape 1.1 from 60 to 2,000: mean 199).
pub fn mean_200_firms() -> FirmSizes {
    FirmSizes {
        min_employees: 60,
        max_employees: 2000,
        tail: 1.1,
    }
}

/// Growth rules with the documented defaults of `[economy.growth]` (no exit, no entry).
pub fn default_growth() -> GrowthRules {
    GrowthRules {
        performance_elasticity: 0.01,
        headroom: 1.5,
        exit_rate: 0.0,
        exit_below: 0.5,
        entry_rate: 0.0,
    }
}

/// Labour-market rules with the documented defaults of `[economy.labour]`.
pub fn default_labour() -> LabourMarket {
    LabourMarket {
        stay_in_region: 0.8,
        pool_outflow: 0.05,
        tightness_response: 0.5,
        move_share: 0.5,
    }
}

/// The economy's replications run on a pool of `threads` threads, printed in full (so two
/// runs compare bit for bit, NaN included).
pub fn economy_on_threads(s: &Scenario, threads: usize) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| {
        format!(
            "{:?}",
            orgsim::experiment::economy::run_economy_replications(s)
        )
    })
}

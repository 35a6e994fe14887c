//! Every key of an `[economy]` table and its sub-tables, declared once as data
//! (`ECONOMY_KEYS`; part of `SCENARIO_KEYS`, so validation, `--set`, `orgsim params` and the
//! docs treat them like any key).
//!
//! The rules' coefficients are illustrative: no study measures them for social innovation
//! programmes, and each meaning says so. `[[economy.programme]]` entries take the keys of
//! `[[interventions]]` and are not declared again here.

use super::KeyInfo;
use super::keys::{MONTHS_MAX, flag, int, num, required_num, required_text};
use super::{DefaultValue, ValueKind};

const E: &str = "economy";
const SECTORS: &str = "economy.sectors";
const REGIONS: &str = "economy.regions";
const ADOPTION: &str = "economy.adoption";
const GROWTH: &str = "economy.growth";
const LABOUR: &str = "economy.labour";
const CENTRE: &str = "economy.centre";
const SUBSIDY: &str = "economy.subsidy";
const AGREEMENTS: &str = "economy.agreements";

/// Most organisations an economy may start with.
pub const MAX_ORGANISATIONS: i64 = 100_000;
/// Most employees a firm may be drawn with.
pub const MAX_EMPLOYEES: i64 = 1_000_000;

/// Every `[economy]` key, in documentation order.
pub(super) const ECONOMY_KEYS: &[KeyInfo] = &[
    // [economy]
    int(
        E,
        "organisations",
        1,
        MAX_ORGANISATIONS,
        1000,
        "number of organisations at month 0",
    ),
    int(
        E,
        "min_employees",
        1,
        MAX_EMPLOYEES,
        10,
        "smallest firm size drawn (employees at month 0; the Pareto distribution's minimum)",
    ),
    int(
        E,
        "max_employees",
        1,
        MAX_EMPLOYEES,
        2000,
        "largest firm size drawn (the Pareto distribution is truncated here)",
    ),
    num(
        E,
        "size_tail",
        0.01,
        10.0,
        1.2,
        "Pareto shape alpha of firm sizes; smaller is a heavier tail (illustrative; Axtell 2001 finds about 1.06 for US firms)",
    ),
    flag(
        E,
        "per_organisation",
        false,
        "also write every organisation's month (`organisations.csv`)",
    ),
    // [[economy.sectors]]
    required_text(SECTORS, "name", "sector name, used in per-sector outputs"),
    required_text(
        SECTORS,
        "preset",
        "the sector's organisation: a shipped preset (`default`, `healthcare`, `manufacturing`, `ict_services`) or a scenario file relative to this file",
    ),
    required_num(
        SECTORS,
        "share",
        0.0,
        1.0,
        "share of organisations in this sector (shares sum to 1)",
    ),
    num(
        SECTORS,
        "programme_cost_factor",
        0.0,
        100.0,
        1.0,
        "multiplies the programme's costs in this sector (illustrative)",
    ),
    num(
        SECTORS,
        "demand_growth",
        -0.05,
        0.05,
        0.0,
        "monthly growth of the sector's demand, a share (illustrative)",
    ),
    // [[economy.regions]]
    required_text(REGIONS, "name", "region name, used in per-region outputs"),
    required_num(
        REGIONS,
        "share",
        0.0,
        1.0,
        "share of organisations in this region (shares sum to 1)",
    ),
    num(
        REGIONS,
        "tightness",
        0.0,
        1.0,
        0.5,
        "labour-market tightness at month 0 (0.5 is neutral; illustrative)",
    ),
    num(
        REGIONS,
        "density",
        0.0,
        1.0,
        0.2,
        "chance that two organisations of the region see each other's results (illustrative)",
    ),
    // [economy.adoption]
    num(
        ADOPTION,
        "innovation",
        0.0,
        1.0,
        0.0025,
        "monthly chance of adopting with nobody to imitate, Bass's p (illustrative: Sultan, Farley & Lehmann 1990's average p = 0.03 a year over consumer products, divided by 12; not measured for management practices)",
    ),
    num(
        ADOPTION,
        "imitation",
        0.0,
        1.0,
        0.032,
        "monthly chance of adopting per unit share of visible adopting peers, Bass's q (illustrative: Sultan, Farley & Lehmann 1990's average q = 0.38 a year over consumer products, divided by 12; not measured for management practices)",
    ),
    num(
        ADOPTION,
        "cross_region_weight",
        0.0,
        1.0,
        0.3,
        "weight of same-sector peers in other regions relative to peers in the own region (illustrative)",
    ),
    int(
        ADOPTION,
        "delay_months",
        0,
        120,
        6,
        "months before a peer's adoption and results become visible (illustrative)",
    ),
    num(
        ADOPTION,
        "noise",
        0.0,
        10.0,
        0.02,
        "SD of the noise on the observed gain of adopting peers, performance units (illustrative)",
    ),
    num(
        ADOPTION,
        "gain_weight",
        0.0,
        100.0,
        5.0,
        "how strongly a seen gain of adopters raises imitation: imitation × max(0, 1 + gain_weight × gain) (illustrative)",
    ),
    num(
        ADOPTION,
        "gap_weight",
        0.0,
        100.0,
        0.02,
        "how strongly the own performance gap to the sector's mean raises the chance to adopt (illustrative)",
    ),
    int(
        ADOPTION,
        "trial_months",
        0,
        120,
        12,
        "months after adoption before an organisation judges its own results (illustrative)",
    ),
    num(
        ADOPTION,
        "abandon",
        0.0,
        1.0,
        0.02,
        "monthly chance of abandoning after the trial when own performance fell since adoption (illustrative)",
    ),
    // [economy.growth]
    num(
        GROWTH,
        "performance_elasticity",
        0.0,
        1.0,
        0.01,
        "monthly employment growth per unit of performance relative to the sector's mean (illustrative)",
    ),
    num(
        GROWTH,
        "headroom",
        1.0,
        100.0,
        1.5,
        "capacity of an organisation as a multiple of its size at month 0 (room to grow)",
    ),
    num(
        GROWTH,
        "exit_rate",
        0.0,
        1.0,
        0.0,
        "monthly chance that a firm below `exit_below` of its month-0 size closes; 0 is no exit (illustrative)",
    ),
    num(
        GROWTH,
        "exit_below",
        0.0,
        1.0,
        0.5,
        "size, relative to month 0, below which a firm may close (illustrative)",
    ),
    num(
        GROWTH,
        "entry_rate",
        0.0,
        1.0,
        0.0,
        "monthly entries as a share of living organisations; 0 is no entry (illustrative)",
    ),
    // [economy.labour]
    num(
        LABOUR,
        "stay_in_region",
        0.0,
        1.0,
        0.8,
        "share of leavers who join the region's labour pool; of the rest, `move_share` join another region's pool and the others leave the labour market (illustrative)",
    ),
    num(
        LABOUR,
        "move_share",
        0.0,
        1.0,
        0.5,
        "share of the leavers who do not stay in their region that join another region's pool, the region drawn in proportion to its vacancies; the rest leave the labour market (illustrative)",
    ),
    num(
        LABOUR,
        "pool_outflow",
        0.0,
        1.0,
        0.05,
        "monthly share of the pool that leaves it for good (illustrative)",
    ),
    num(
        LABOUR,
        "tightness_response",
        0.0,
        10.0,
        0.5,
        "how strongly the pool's size relative to vacancies lowers the region's tightness (illustrative)",
    ),
    // [economy.centre]
    int(
        CENTRE,
        "from_month",
        0,
        MONTHS_MAX,
        0,
        "month the national support centre opens (0 to `months`)",
    ),
    num(
        CENTRE,
        "cost_reduction",
        0.0,
        1.0,
        0.3,
        "share by which the centre lowers programme costs (illustrative)",
    ),
    num(
        CENTRE,
        "quality",
        0.0,
        1.0,
        0.05,
        "added to the programme's target style and skill gain: better programmes (illustrative)",
    ),
    num(
        CENTRE,
        "information",
        1.0,
        100.0,
        2.0,
        "multiplies imitation and shortens the delay: information spreads faster (illustrative)",
    ),
    num(
        CENTRE,
        "outreach",
        0.0,
        1.0,
        0.001,
        "added to the monthly innovation rate: awareness the centre creates (illustrative)",
    ),
    // [economy.subsidy]
    int(
        SUBSIDY,
        "from_month",
        0,
        MONTHS_MAX,
        0,
        "month the subsidy starts (0 to `months`)",
    ),
    num(
        SUBSIDY,
        "share",
        0.0,
        1.0,
        0.5,
        "share of programme costs the subsidy pays",
    ),
    optional_num(
        SUBSIDY,
        "budget",
        0.0,
        1e15,
        "total budget in output units; absent is unlimited",
    ),
    // [[economy.agreements]]
    required_text(
        AGREEMENTS,
        "sector",
        "the sector the agreement covers (a name from `[[economy.sectors]]`)",
    ),
    int(
        AGREEMENTS,
        "from_month",
        0,
        MONTHS_MAX,
        0,
        "month the agreement takes effect (0 to `months`)",
    ),
    num(
        AGREEMENTS,
        "learning_hours",
        0.0,
        160.0,
        4.0,
        "learning hours per employee a month every organisation of the sector gives (illustrative)",
    ),
    num(
        AGREEMENTS,
        "adoption_push",
        0.0,
        1.0,
        0.002,
        "added to the monthly innovation rate of the sector's organisations (illustrative)",
    ),
];

const fn optional_num(
    table: &'static str,
    name: &'static str,
    min: f64,
    max: f64,
    meaning: &'static str,
) -> KeyInfo {
    KeyInfo {
        table,
        kind: None,
        name,
        value: ValueKind::Float { min, max },
        default: DefaultValue::Absent,
        meaning,
    }
}

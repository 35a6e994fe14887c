//! A population of organisations: the inputs of an economy and what each month of it yields.
//!
//! Owns the shape of an `[economy]` scenario once validated (sectors with their preset
//! organisation, regions with their labour market and network density, the firm-size
//! distribution, the adoption, growth and labour-market rules, the policies of social
//! partners and government) and the per-month records of sectors, regions and, optionally,
//! single organisations. Each organisation below this level is a full orgsim organisation
//! (`Scenario`); this module owns only what lies above one. The economy's mechanisms are
//! plain functions in its submodules: firm sizes (`sizes`), the adoption decision
//! (`adoption`), growth by whole teams (`growth`) and the regional labour market (`labour`).
//! No parsing (see `crate::scenario`), no stepping (see `crate::engine::economy`), no files
//! (see `crate::output`).

pub mod adoption;
pub mod growth;
pub mod labour;
pub mod sizes;

use crate::model::inputs::{Intervention, Scenario};
use crate::model::metrics::ReplicationResult;
use serde::Serialize;

/// The economy of a scenario: how many organisations, of which sectors, in which regions,
/// and the rules that couple them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Economy {
    /// Number of organisations at month 0.
    pub organisations: u32,
    pub sizes: FirmSizes,
    /// At least one; shares of organisations sum to 1.
    pub sectors: Vec<Sector>,
    /// At least one; shares of organisations sum to 1. Sector and region are drawn
    /// independently for each organisation.
    pub regions: Vec<Region>,
    /// The social-innovation programme an organisation starts when it adopts: its months
    /// count from adoption (month 0 is the month the organisation adopts).
    pub programme: Vec<Intervention>,
    pub adoption: AdoptionRules,
    pub growth: GrowthRules,
    pub labour: LabourMarket,
    pub policy: EconomyPolicy,
    /// Also record every organisation's month (`organisations.csv`); off by default.
    pub per_organisation: bool,
}

/// Heavy-tailed firm sizes (employees at month 0): a Pareto distribution with shape `tail`
/// above `min_employees`, truncated at `max_employees`. Many small firms, few large ones.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FirmSizes {
    pub min_employees: u32,
    pub max_employees: u32,
    /// Pareto shape (alpha); smaller means a heavier tail.
    pub tail: f64,
}

/// A sector: its share of organisations and the organisation every firm of it starts from
/// (work, workforce, management, environment, parameters; `organisation.team_size` is kept,
/// the number of teams follows the firm's drawn size).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sector {
    pub name: String,
    pub share: f64,
    /// The preset file the sector was read from, as written.
    pub preset_path: String,
    #[serde(skip)]
    pub preset: Box<Scenario>,
    /// Multiplies the programme's costs in this sector.
    pub programme_cost_factor: f64,
    /// Monthly demand growth of the sector (a share; may be negative).
    pub demand_growth: f64,
}

/// A region: its share of organisations, its labour market and how densely its firms see
/// each other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Region {
    pub name: String,
    pub share: f64,
    /// Labour-market tightness at month 0 (as `environment.tightness`, 0–1).
    pub tightness: f64,
    /// Chance that two organisations of the region see each other's results (0–1).
    pub density: f64,
}

/// How an organisation's leadership decides each month whether to start, or abandon, the
/// programme (a Bass-like rule: own innovation plus imitation of visible adopters).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AdoptionRules {
    /// Monthly chance of adopting with nobody to imitate (Bass p).
    pub innovation: f64,
    /// Monthly chance of adopting per unit share of visible peers that adopted (Bass q).
    pub imitation: f64,
    /// Weight of same-sector peers in other regions relative to peers in the own region and
    /// sector (1), between 0 and 1.
    pub cross_region_weight: f64,
    /// Months before a peer's adoption and its results become visible.
    pub delay_months: u32,
    /// SD of the noise on the observed gain of adopting peers (performance units).
    pub noise: f64,
    /// How strongly a seen gain (adopters' minus non-adopters' performance, relative) raises
    /// imitation: imitation × max(0, 1 + gain_weight × seen gain).
    pub gain_weight: f64,
    /// How strongly the own performance gap to the sector's mean raises the chance to adopt.
    pub gap_weight: f64,
    /// Months after adoption before an organisation judges its own results.
    pub trial_months: u32,
    /// Monthly chance of abandoning, after the trial, when own performance has fallen since
    /// adoption.
    pub abandon: f64,
}

/// Organisations grow or shrink with performance and demand, by whole teams.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GrowthRules {
    /// Monthly growth of employment per unit of performance relative to the sector's mean.
    pub performance_elasticity: f64,
    /// Capacity of an organisation as a multiple of its size at month 0 (room to grow).
    pub headroom: f64,
    /// Monthly chance that a firm below `exit_below` of its month-0 size closes (0: no exit).
    pub exit_rate: f64,
    pub exit_below: f64,
    /// Monthly entries as a share of living organisations (0: no entry).
    pub entry_rate: f64,
}

/// People who leave an organisation join their region's labour pool and may be hired by
/// other organisations of the region, with their skill.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabourMarket {
    /// Share of leavers who stay in the region's pool (the rest leave the labour market).
    pub stay_in_region: f64,
    /// Monthly share of the pool that leaves it for good (retirement, moving away).
    pub pool_outflow: f64,
    /// How strongly the pool's size moves the region's tightness: tightness falls as the
    /// pool grows relative to vacancies.
    pub tightness_response: f64,
    /// Share of the leavers who do not stay in their region that join another region's pool
    /// (drawn in proportion to the regions' vacancies); the rest leave the labour market.
    pub move_share: f64,
}

/// What social partners and government do.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EconomyPolicy {
    pub centre: Option<SupportCentre>,
    pub subsidy: Option<Subsidy>,
    pub agreements: Vec<SectorAgreement>,
}

/// A national knowledge and support centre.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SupportCentre {
    pub from_month: u32,
    /// Share by which it lowers programme costs.
    pub cost_reduction: f64,
    /// Added to the programme's coaching `target_style` and skill gain (better quality).
    pub quality: f64,
    /// Multiplies imitation (information spreads faster) and shortens the delay.
    pub information: f64,
    /// Monthly budget-free awareness: added to the innovation rate.
    pub outreach: f64,
}

/// A subsidy paying a share of programme costs until its budget runs out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subsidy {
    pub from_month: u32,
    pub share: f64,
    /// Total budget in output units (None: unlimited).
    pub budget: Option<f64>,
}

/// A sector agreement (collective labour agreement) written by social partners.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SectorAgreement {
    pub sector: String,
    pub from_month: u32,
    /// Learning hours per employee-month every organisation of the sector gives (action
    /// learning), adopter or not.
    pub learning_hours: f64,
    /// Added to the innovation rate of the sector's organisations.
    pub adoption_push: f64,
}

/// One sector or region in one month of one replication.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AreaRow {
    /// Living organisations.
    pub organisations: u32,
    /// Organisations running the programme this month.
    pub adopters: u32,
    /// Organisations that have ever adopted.
    pub ever_adopted: u32,
    pub employment: u32,
    /// Total output this month (sum over organisations).
    pub output: f64,
    /// Output per employee.
    pub output_per_employee: f64,
    /// Headcount-weighted mean of the organisations' retention.
    pub retention: f64,
    /// Headcount-weighted mean of the organisations' agility (NaN if none defined).
    pub agility: f64,
    /// Programme cost this month, before subsidies.
    pub programme_spending: f64,
    /// Subsidy paid this month.
    pub subsidy_paid: f64,
    /// People in the region's labour pool (regions only; 0 for sectors).
    pub labour_pool: u32,
    /// Hires this month of people from another organisation's pool.
    pub hires_from_pool: u32,
    /// Leavers and laid-off employees who joined the region's pool this month (regions only).
    pub pool_joins: u32,
    /// People who left the region's pool for good this month (regions only).
    pub pool_outflow: u32,
    /// Leavers from other regions who joined this region's pool this month (counted in
    /// `pool_joins` too; regions only).
    pub moved_in: u32,
    /// Leavers from this region who joined another region's pool this month (regions only).
    pub moved_out: u32,
}

/// One organisation in one month (only with `per_organisation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct OrganisationRow {
    pub organisation: u32,
    pub sector: u16,
    pub region: u16,
    pub alive: bool,
    pub adopted: bool,
    pub employees: u32,
    pub performance: f64,
    pub retention: f64,
}

/// Everything one replication of an economy produces.
#[derive(Clone, Debug, PartialEq)]
pub struct EconomyReplication {
    /// The whole economy as one organisation's metrics (sums and employment-weighted
    /// means), so tables, summaries and sweeps read it like any run.
    pub aggregate: ReplicationResult,
    /// `sectors[month][sector]`, month 0 the initial state.
    pub sectors: Vec<Vec<AreaRow>>,
    /// `regions[month][region]`.
    pub regions: Vec<Vec<AreaRow>>,
    /// `organisations[month]`, empty unless `per_organisation`.
    pub organisations: Vec<Vec<OrganisationRow>>,
}

//! The clock of an economy: a population of organisations stepped month by month, and the
//! decisions that couple them (docs/ODD.md, the economy's second level).
//!
//! Owns `run_economy_replication` and the month's order: every organisation steps its own
//! month (in parallel, each a full `Simulation` that owns its scenario); then, sequentially
//! in organisation order and on the economy's own random streams, the labour pools of the
//! regions (leavers join, hires take people from the pool with their skill, outflow, the
//! regions' tightness for next month), the subsidy, the adoption and abandonment decisions,
//! growth by whole teams, exit and entry; then the month's records. Every float sum runs in
//! organisation order on one thread, so results do not depend on the thread count. The
//! mechanisms are plain functions in `crate::model::economy`; this file applies them.

use super::simulation::Simulation;
use crate::ground::rng::{Purpose, Stream};
use crate::model::economy::adoption::{
    Signals, adoption_probability, may_abandon, seen_count, seen_gain, visibility_delay,
    visible_adopter,
};
use crate::model::economy::growth::{
    exit_candidate, growth_rate, max_organisations, relative_performance, team_change,
};
use crate::model::economy::labour::{destination, tightness};
use crate::model::economy::sizes::{capacity_teams, pareto_size, pick_by_share, teams_for};
use crate::model::economy::{Economy, EconomyReplication};
use crate::model::inputs::{Intervention, InterventionKind};
use crate::model::metrics::{METRIC_COUNT, Metric, MetricRow, ReplicationResult};
use crate::model::state::flag;
use crate::scenario::Scenario;
use rayon::prelude::*;

mod record;
use record::record;

/// One organisation of the economy: its simulation and what the economy knows of it.
struct Organisation {
    sim: Simulation<'static>,
    sector: usize,
    region: usize,
    /// The economy's month that is the organisation's own month 0 (0 for the organisations
    /// of month 0, the month of entry for entrants).
    born: u32,
    /// Employees at its month 0 (as drawn).
    initial_employees: u32,
    open_teams: u32,
    capacity_teams: u32,
    alive: bool,
    /// The month the programme started (its month 0), while it runs.
    adopted: Option<u32>,
    ever_adopted: bool,
    performance_at_adoption: f64,
    /// Index in the scenario's interventions where the running programme's entries start.
    programme_from: usize,
    pending_teams: f64,
    /// Slot flags before this month's step (to find leavers and hires).
    flags_before: Vec<u8>,
    /// This month: skills of those who left (quit or laid off), slots hired into.
    leavers: Vec<f32>,
    hires: Vec<u32>,
    /// This month: the organisation's metrics, net performance per open slot (subsidy
    /// included), programme spending before subsidy, subsidy received.
    row: MetricRow,
    output: f64,
    performance: f64,
    spending: f64,
    subsidy: f64,
    hires_from_pool: u32,
}

impl Organisation {
    fn open_slots(&self) -> u32 {
        self.open_teams * self.sim.state.team_size as u32
    }

    /// Steps the organisation's month and finds its leavers and hires.
    fn step(&mut self) {
        self.leavers.clear();
        self.hires.clear();
        self.hires_from_pool = 0;
        if !self.alive {
            return;
        }
        self.flags_before.clear();
        self.flags_before
            .extend_from_slice(&self.sim.state.employees.flags);
        let (row, _) = self.sim.step();
        self.row = row;
        self.output = self.sim.totals().output;
        let e = &self.sim.state.employees;
        for (i, (&before, &now)) in self.flags_before.iter().zip(&e.flags).enumerate() {
            let (was, is) = (before & flag::FILLED != 0, now & flag::FILLED != 0);
            if was && !is {
                self.leavers.push(e.skill[i]);
            } else if !was && is {
                self.hires.push(i as u32);
            }
        }
    }

    /// Closes the last open team: its employees are laid off (their skills returned).
    fn close_team(&mut self, laid_off: &mut Vec<f32>) {
        self.open_teams -= 1;
        let size = self.sim.state.team_size;
        let first = self.open_teams as usize * size;
        let e = &mut self.sim.state.employees;
        for i in first..first + size {
            if e.flags[i] & flag::FILLED != 0 {
                laid_off.push(e.skill[i]);
            }
            e.flags[i] = flag::CLOSED;
        }
    }

    /// Opens the first closed team: its slots become vacancies.
    fn open_team(&mut self) {
        let size = self.sim.state.team_size;
        let first = self.open_teams as usize * size;
        for f in &mut self.sim.state.employees.flags[first..first + size] {
            *f = 0;
        }
        self.open_teams += 1;
    }

    fn headcount(&self) -> u32 {
        if self.alive {
            self.row[Metric::Headcount as usize] as u32
        } else {
            0
        }
    }
}

/// The seed of organisation `k` in replication `replication`: the same in every policy
/// variant of an economy (common random numbers), different between organisations.
fn organisation_stream(seed: u64, replication: u32, k: u32) -> Stream {
    Stream::new(
        seed,
        replication,
        0,
        Purpose::EconomyOrganisation,
        u64::from(k),
    )
}

/// Builds organisation `k`, born in the economy's month `born` (0, or the month an entrant
/// enters): sector, region and size drawn on its own stream, the sector's preset with the
/// economy's remaining horizon, warm-up and the organisation's own seed, teams for its size
/// and closed teams up to its capacity, the sector agreements written into its interventions
/// (on its own calendar, which starts at `born`), its region's tightness. An entrant is drawn
/// exactly like an organisation of month 0 with the same index.
fn build(
    scenario: &Scenario,
    economy: &Economy,
    replication: u32,
    k: u32,
    born: u32,
) -> Organisation {
    let mut rng = organisation_stream(scenario.seed, replication, k);
    let sector = pick_by_share(economy.sectors.iter().map(|s| s.share), rng.uniform());
    let region = pick_by_share(economy.regions.iter().map(|r| r.share), rng.uniform());
    let employees = pareto_size(&economy.sizes, rng.uniform());
    let own_seed = rng.next_u64();
    let mut s: Scenario = (*economy.sectors[sector].preset).clone();
    s.economy = None;
    s.months = scenario.months - born;
    s.warmup_months = scenario.warmup_months;
    s.replications = 1;
    s.seed = own_seed;
    s.environment.tightness = economy.regions[region].tightness;
    let team_size = s.organisation.team_size;
    let teams = teams_for(employees, team_size);
    let capacity = capacity_teams(teams, economy.growth.headroom);
    s.organisation.teams = capacity;
    for agreement in economy
        .policy
        .agreements
        .iter()
        .filter(|a| a.sector == economy.sectors[sector].name)
    {
        s.interventions.push(Intervention {
            month: agreement.from_month.saturating_sub(born),
            end_month: None,
            kind: InterventionKind::ActionLearning {
                hours_per_month: agreement.learning_hours,
                // The hours are agreed within the collective agreement: they cost working
                // time (time away from production), no separate fee.
                cost_per_employee_month: 0.0,
            },
        });
    }
    let programme_from = s.interventions.len();
    let sim = Simulation::owned(s, replication);
    let slots = sim.state.slots();
    let mut org = Organisation {
        sim,
        sector,
        region,
        born,
        initial_employees: employees,
        open_teams: capacity,
        capacity_teams: capacity,
        alive: true,
        adopted: None,
        ever_adopted: false,
        performance_at_adoption: 0.0,
        programme_from,
        pending_teams: 0.0,
        flags_before: Vec::with_capacity(slots),
        leavers: Vec::new(),
        hires: Vec::new(),
        row: [f64::NAN; METRIC_COUNT],
        output: 0.0,
        performance: 0.0,
        spending: 0.0,
        subsidy: 0.0,
        hires_from_pool: 0,
    };
    // Positions beyond the drawn size are closed; the employees the initial fill put there
    // never existed.
    let mut never = Vec::new();
    while org.open_teams > teams {
        org.close_team(&mut never);
    }
    org
}

/// The programme as an organisation of `sector` born in month `born` runs it when it adopts
/// at the start of the economy's `month`: months shifted to `month` on the organisation's
/// own calendar, costs × the sector's factor × (1 − the centre's reduction), coaching
/// targets raised by the centre's quality.
fn programme_for(economy: &Economy, sector: usize, month: u32, born: u32) -> Vec<Intervention> {
    let own_month = month - born;
    let centre = economy
        .policy
        .centre
        .as_ref()
        .filter(|c| month >= c.from_month);
    let cost_factor = economy.sectors[sector].programme_cost_factor
        * (1.0 - centre.map_or(0.0, |c| c.cost_reduction));
    let quality = centre.map_or(0.0, |c| c.quality);
    economy
        .programme
        .iter()
        .map(|entry| {
            let mut kind = entry.kind.clone();
            match &mut kind {
                InterventionKind::CoachingProgramme {
                    target_style,
                    cost_per_manager_month,
                    ..
                } => {
                    *target_style = (*target_style + quality).min(1.0);
                    *cost_per_manager_month *= cost_factor;
                }
                InterventionKind::ActionLearning {
                    cost_per_employee_month,
                    ..
                } => *cost_per_employee_month *= cost_factor,
                InterventionKind::TechnicalInnovation { cost, .. } => *cost *= cost_factor,
                _ => {}
            }
            Intervention {
                month: entry.month.saturating_add(own_month),
                end_month: entry.end_month.map(|end| end.saturating_add(own_month)),
                kind,
            }
        })
        .collect()
}

/// Ends the running programme of `org` from the economy's month `month` on: its entries
/// stop acting and its coaching stops training managers.
fn abandon(org: &mut Organisation, month: u32) {
    let month = month - org.born;
    let from = org.programme_from;
    let s = org.sim.scenario_mut();
    for entry in &mut s.interventions[from..] {
        entry.end_month = Some(entry.end_month.map_or(month, |end| end.min(month)));
        if entry.month >= month {
            // Not started yet: it never will (no month reaches it, so its one-off effects
            // are never applied either).
            entry.month = u32::MAX;
        }
    }
    let managers = &mut org.sim.state.managers;
    for until in &mut managers.programme_until {
        *until = (*until).min(month);
    }
    for ramp in &mut managers.ramp_months_left {
        *ramp = 0;
    }
    org.adopted = None;
}

/// Per (sector, region): living organisations, visible adopters, and the sums of their
/// performance, as they stand at the end of the month (everyone decides on the same
/// picture).
#[derive(Clone, Copy, Default)]
struct Cell {
    living: u32,
    adopters: u32,
    adopters_performance: f64,
    others_performance: f64,
}

/// Runs replication `replication` of the economy `scenario` (whose `economy` is set).
pub fn run_economy_replication(scenario: &Scenario, replication: u32) -> EconomyReplication {
    let economy = scenario
        .economy
        .as_deref()
        .expect("run_economy_replication needs a scenario with an [economy]");
    let mut orgs: Vec<Organisation> = (0..economy.organisations)
        .into_par_iter()
        .map(|k| build(scenario, economy, replication, k, 0))
        .collect();
    let max_orgs = max_organisations(&economy.growth, economy.organisations, scenario.months);
    let n_regions = economy.regions.len();
    let mut pools: Vec<Vec<f32>> = vec![Vec::new(); n_regions];
    let mut budget_left = economy
        .policy
        .subsidy
        .as_ref()
        .map_or(f64::INFINITY, |s| s.budget.unwrap_or(f64::INFINITY));

    let mut result = EconomyReplication {
        aggregate: ReplicationResult {
            replication,
            months: Vec::with_capacity(scenario.months as usize + 1),
            groups: Vec::with_capacity(scenario.months as usize + 1),
            events: Vec::new(),
        },
        sectors: Vec::with_capacity(scenario.months as usize + 1),
        regions: Vec::with_capacity(scenario.months as usize + 1),
        organisations: Vec::new(),
    };

    // Month 0.
    orgs.par_iter_mut().for_each(|o| {
        let (row, _) = o.sim.observe_initial();
        o.row = row;
        o.output = o.sim.totals().output;
        o.performance = net_performance(o);
    });
    let mut flows = vec![RegionFlows::default(); n_regions];
    record(economy, &orgs, &pools, &flows, &mut result);

    for month in 1..=scenario.months {
        orgs.par_iter_mut().for_each(Organisation::step);
        flows = labour_market(
            economy,
            &mut orgs,
            &mut pools,
            scenario.seed,
            replication,
            month,
        );

        // Subsidy, in organisation order, until the budget is spent.
        let subsidy = economy
            .policy
            .subsidy
            .as_ref()
            .filter(|s| month >= s.from_month);
        for o in orgs.iter_mut().filter(|o| o.alive) {
            o.spending = o.row[Metric::ProgrammeCost as usize];
            o.subsidy = 0.0;
            if let Some(s) = subsidy
                && o.adopted.is_some()
            {
                let paid = (s.share * o.spending).min(budget_left);
                budget_left -= paid;
                o.subsidy = paid;
            }
            o.performance = net_performance(o);
        }

        decide(
            economy,
            &mut orgs,
            &mut pools,
            &mut flows,
            scenario.seed,
            replication,
            month,
        );
        enter(scenario, economy, &mut orgs, max_orgs, replication, month);
        record(economy, &orgs, &pools, &flows, &mut result);
    }
    result
}

/// Net value per open slot this month, the subsidy received included: what the economy's
/// decisions compare (output's value, minus programme, hiring and innovation costs).
fn net_performance(o: &Organisation) -> f64 {
    if !o.alive || o.open_slots() == 0 {
        return 0.0;
    }
    (o.row[Metric::NetValue as usize] + o.subsidy) / f64::from(o.open_slots())
}

/// What a region's pool did this month.
#[derive(Clone, Copy, Default)]
struct RegionFlows {
    joins: u32,
    outflow: u32,
    hires_from_pool: u32,
    moved_in: u32,
    moved_out: u32,
}

/// The month's labour market, in organisation order: leavers join their region's pool with
/// probability `stay_in_region`, or else, with probability `move_share`, another region's
/// pool (drawn in proportion to the regions' vacancies as the month ended); then each hire takes a random member of the pool (if any),
/// whose skill replaces the drawn one (the hire's other draws are kept); then each member
/// leaves the pool for good with probability `pool_outflow`; finally every region's
/// tightness for next month from its pool and vacancies.
fn labour_market(
    economy: &Economy,
    orgs: &mut [Organisation],
    pools: &mut [Vec<f32>],
    seed: u64,
    replication: u32,
    month: u32,
) -> Vec<RegionFlows> {
    let labour = &economy.labour;
    let mut rngs: Vec<Stream> = (0..pools.len())
        .map(|r| Stream::new(seed, replication, month, Purpose::EconomyLabour, r as u64))
        .collect();
    let mut flows = vec![RegionFlows::default(); pools.len()];
    let mut vacancies = vec![0u32; pools.len()];
    for o in orgs.iter().filter(|o| o.alive) {
        vacancies[o.region] += o.open_slots().saturating_sub(o.headcount());
    }
    for o in orgs.iter() {
        let r = o.region;
        for &skill in &o.leavers {
            let rng = &mut rngs[r];
            if rng.chance(labour.stay_in_region) {
                pools[r].push(skill);
                flows[r].joins += 1;
            } else if rng.chance(labour.move_share)
                && let Some(to) = destination(&vacancies, r, rng.uniform())
            {
                pools[to].push(skill);
                flows[to].joins += 1;
                flows[to].moved_in += 1;
                flows[r].moved_out += 1;
            }
        }
    }
    for o in orgs.iter_mut() {
        let r = o.region;
        for &slot in &o.hires {
            if pools[r].is_empty() {
                break;
            }
            let k = rngs[r].below(pools[r].len() as u32) as usize;
            o.sim.state.employees.skill[slot as usize] = pools[r].swap_remove(k);
            o.hires_from_pool += 1;
            flows[r].hires_from_pool += 1;
        }
    }
    for (r, pool) in pools.iter_mut().enumerate() {
        let before = pool.len();
        let rng = &mut rngs[r];
        pool.retain(|_| !rng.chance(labour.pool_outflow));
        flows[r].outflow = (before - pool.len()) as u32;
    }
    for o in orgs.iter_mut() {
        let region = &economy.regions[o.region];
        let t = tightness(
            labour,
            region.tightness,
            pools[o.region].len() as u32,
            vacancies[o.region],
        );
        o.sim.scenario_mut().environment.tightness = t;
    }
    flows
}

/// The month's decisions, in organisation order, each organisation on its own stream:
/// abandonment or adoption, growth by whole teams, exit. Laid-off employees join their
/// region's pool at once (they are in it next month).
fn decide(
    economy: &Economy,
    orgs: &mut [Organisation],
    pools: &mut [Vec<f32>],
    flows: &mut [RegionFlows],
    seed: u64,
    replication: u32,
    month: u32,
) {
    let rules = &economy.adoption;
    let n_sectors = economy.sectors.len();
    let n_regions = economy.regions.len();
    let centre = economy
        .policy
        .centre
        .as_ref()
        .filter(|c| month >= c.from_month);
    let delay = visibility_delay(rules, centre.map(|c| c.information));

    // The picture everyone decides on.
    let mut cells = vec![Cell::default(); n_sectors * n_regions];
    let mut sector_sum = vec![0.0; n_sectors];
    let mut sector_living = vec![0u32; n_sectors];
    for o in orgs.iter().filter(|o| o.alive) {
        let cell = &mut cells[o.sector * n_regions + o.region];
        cell.living += 1;
        if o.adopted.is_some_and(|a| visible_adopter(a, month, delay)) {
            cell.adopters += 1;
            cell.adopters_performance += o.performance;
        } else {
            cell.others_performance += o.performance;
        }
        sector_sum[o.sector] += o.performance;
        sector_living[o.sector] += 1;
    }
    let sector_mean: Vec<f64> = (0..n_sectors)
        .map(|s| sector_sum[s] / f64::from(sector_living[s].max(1)))
        .collect();
    let push: Vec<f64> = economy
        .sectors
        .iter()
        .map(|s| {
            economy
                .policy
                .agreements
                .iter()
                .filter(|a| a.sector == s.name && month >= a.from_month)
                .map(|a| a.adoption_push)
                .sum()
        })
        .collect();

    for (k, o) in orgs.iter_mut().enumerate() {
        if !o.alive {
            continue;
        }
        let mut rng = Stream::new(seed, replication, month, Purpose::EconomyDecision, k as u64);
        let next = month + 1;
        if let Some(adopted) = o.adopted {
            if may_abandon(
                rules,
                month + 1 - adopted,
                o.performance,
                o.performance_at_adoption,
            ) && rng.chance(rules.abandon)
            {
                abandon(o, next);
            }
        } else {
            let density = economy.regions[o.region].density;
            let (mut seen_adopters, mut peers) = (0.0, 0.0);
            let (mut perf_adopters, mut perf_others, mut w_others) = (0.0, 0.0, 0.0);
            for r in 0..n_regions {
                let cell = &cells[o.sector * n_regions + r];
                let (adopters, mut living) = (cell.adopters, cell.living);
                if r == o.region {
                    // Not oneself.
                    // (`o` is no adopter, so it is among the others.)
                    living -= 1;
                }
                let weight = if r == o.region {
                    1.0
                } else {
                    rules.cross_region_weight
                };
                if weight <= 0.0 || living == 0 {
                    continue;
                }
                let a = seen_count(&mut rng, adopters, density);
                let others = seen_count(&mut rng, living - adopters, density);
                seen_adopters += weight * f64::from(a);
                peers += weight * f64::from(living);
                // Seen peers' performance: the group's mean, weighted by how many are seen.
                if a > 0 {
                    perf_adopters +=
                        weight * f64::from(a) * cell.adopters_performance / f64::from(adopters);
                }
                if others > 0 {
                    perf_others += weight * f64::from(others) * cell_mean_others(cell, o, r);
                    w_others += weight * f64::from(others);
                }
            }
            // Adopters one does not see do not count: the share is of all peers, so a
            // sparser network spreads more slowly (density 1: every peer seen, Bass's rule).
            let visible_share = if peers > 0.0 {
                seen_adopters / peers
            } else {
                0.0
            };
            let z = rng.normal();
            let gain = seen_gain(
                (seen_adopters > 0.0).then(|| perf_adopters / seen_adopters),
                (w_others > 0.0).then(|| perf_others / w_others),
                rules.noise,
                z,
            );
            let signals = Signals {
                outreach: centre.map_or(0.0, |c| c.outreach),
                push: push[o.sector],
                information: centre.map_or(1.0, |c| c.information),
                visible_share,
                seen_gain: gain,
                own_gap: -relative_performance(o.performance, sector_mean[o.sector]),
            };
            if rng.chance(adoption_probability(rules, &signals)) {
                let programme = programme_for(economy, o.sector, next, o.born);
                let s = o.sim.scenario_mut();
                o.programme_from = s.interventions.len();
                s.interventions.extend(programme);
                o.adopted = Some(next);
                o.ever_adopted = true;
                o.performance_at_adoption = o.performance;
            }
        }

        // Growth by whole teams.
        let relative = relative_performance(o.performance, sector_mean[o.sector]);
        let rate = growth_rate(
            &economy.growth,
            relative,
            economy.sectors[o.sector].demand_growth,
        );
        let laid_off = &mut pools[o.region];
        let pool_before = laid_off.len();
        match team_change(&mut o.pending_teams, rate, o.open_teams, o.capacity_teams) {
            1 => o.open_team(),
            -1 => o.close_team(laid_off),
            _ => {}
        }
        // Exit: everyone is laid off.
        if exit_candidate(&economy.growth, o.headcount(), o.initial_employees)
            && rng.chance(economy.growth.exit_rate)
        {
            while o.open_teams > 0 {
                o.close_team(laid_off);
            }
            o.alive = false;
            o.adopted = None;
        }
        flows[o.region].joins += (laid_off.len() - pool_before) as u32;
    }
}

/// Firm entry at the end of `month`: each living organisation brings one entrant with
/// probability `entry_rate` (a binomial count, drawn on the economy's entry stream), until
/// the economy has built `max_orgs` organisations. Entrant `k` is built like organisation
/// `k` of month 0 (its own stream, keyed by its index), starts not adopted, is observed as it
/// stands (its month 0 is this month) and steps from next month on.
fn enter(
    scenario: &Scenario,
    economy: &Economy,
    orgs: &mut Vec<Organisation>,
    max_orgs: u32,
    replication: u32,
    month: u32,
) {
    let rate = economy.growth.entry_rate;
    if rate <= 0.0 {
        return;
    }
    let mut rng = Stream::new(scenario.seed, replication, month, Purpose::EconomyEntry, 0);
    let living = orgs.iter().filter(|o| o.alive).count();
    let drawn = (0..living).filter(|_| rng.chance(rate)).count() as u32;
    let first = orgs.len() as u32;
    let count = drawn.min(max_orgs.saturating_sub(first));
    let entrants: Vec<Organisation> = (first..first + count)
        .into_par_iter()
        .map(|k| {
            let mut o = build(scenario, economy, replication, k, month);
            let (row, _) = o.sim.observe_initial();
            o.row = row;
            o.output = o.sim.totals().output;
            o.performance = net_performance(&o);
            o
        })
        .collect();
    orgs.extend(entrants);
}

/// Mean performance of the organisations of `cell` (in region `r`) that are not visible
/// adopters, without `o` itself.
fn cell_mean_others(cell: &Cell, o: &Organisation, r: usize) -> f64 {
    let mut sum = cell.others_performance;
    let mut n = cell.living - cell.adopters;
    if r == o.region {
        sum -= o.performance;
        n -= 1;
    }
    if n == 0 { 0.0 } else { sum / f64::from(n) }
}

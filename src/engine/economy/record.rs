//! The records of an economy's month: each sector's and region's `AreaRow`, the whole
//! economy as one organisation's metrics, and (if asked) every organisation's row.
//!
//! Owns which metrics are summed and which are headcount-weighted means, and the weights of
//! the areas' means. Sums run in organisation order on one thread, so they do not depend on
//! the thread count.

use super::{Organisation, RegionFlows};
use crate::model::economy::{AreaRow, Economy, EconomyReplication, OrganisationRow};
use crate::model::metrics::{METRIC_COUNT, Metric, MetricRow};

/// Per area: the row and the weights of its means.
#[derive(Clone, Copy, Default)]
struct AreaSums {
    row: AreaRow,
    retention: f64,
    retention_weight: f64,
    agility: f64,
    agility_weight: f64,
}

impl AreaSums {
    fn add(&mut self, o: &Organisation) {
        let headcount = o.headcount();
        let row = &mut self.row;
        row.organisations += 1;
        row.adopters += u32::from(o.adopted.is_some());
        row.ever_adopted += u32::from(o.ever_adopted);
        row.employment += headcount;
        row.output += o.output;
        row.programme_spending += o.spending;
        row.subsidy_paid += o.subsidy;
        row.hires_from_pool += o.hires_from_pool;
        let w = f64::from(headcount);
        let retention = o.row[Metric::Retention as usize];
        if retention.is_finite() && w > 0.0 {
            self.retention += w * retention;
            self.retention_weight += w;
        }
        let agility = o.row[Metric::Agility as usize];
        if agility.is_finite() && w > 0.0 {
            self.agility += w * agility;
            self.agility_weight += w;
        }
    }

    fn finish(mut self) -> AreaRow {
        let ratio = |sum: f64, w: f64| if w > 0.0 { sum / w } else { f64::NAN };
        self.row.output_per_employee = ratio(self.row.output, f64::from(self.row.employment));
        self.row.retention = ratio(self.retention, self.retention_weight);
        self.row.agility = ratio(self.agility, self.agility_weight);
        self.row
    }
}

/// Metrics summed over organisations in the aggregate; `Performance` is total output over
/// total open slots; every other metric is the headcount-weighted mean over the living
/// organisations where it is defined.
const SUMMED: [Metric; 11] = [
    Metric::Headcount,
    Metric::Quits,
    Metric::Hires,
    Metric::IdeasProposed,
    Metric::IdeasAccepted,
    Metric::Cost,
    Metric::ProgrammeCost,
    Metric::HiringCost,
    Metric::InnovationCost,
    Metric::Subsidy,
    Metric::NetValue,
];

/// The whole economy's month as one organisation's metrics (see [`SUMMED`]); costs net of
/// the economy's subsidies, net value with them.
fn aggregate_row(orgs: &[Organisation]) -> MetricRow {
    let mut sum = [0.0; METRIC_COUNT];
    let mut weight = [0.0; METRIC_COUNT];
    let (mut output, mut slots) = (0.0, 0.0);
    for o in orgs.iter().filter(|o| o.alive) {
        let w = f64::from(o.headcount());
        output += o.output;
        slots += f64::from(o.open_slots());
        for (m, &v) in o.row.iter().enumerate() {
            if SUMMED.iter().any(|s| *s as usize == m) {
                sum[m] += v;
            } else if v.is_finite() && w > 0.0 {
                sum[m] += w * v;
                weight[m] += w;
            }
        }
        sum[Metric::Cost as usize] -= o.subsidy;
        sum[Metric::Subsidy as usize] += o.subsidy;
        sum[Metric::NetValue as usize] += o.subsidy;
    }
    let mut row = [f64::NAN; METRIC_COUNT];
    for m in 0..METRIC_COUNT {
        if SUMMED.iter().any(|s| *s as usize == m) {
            row[m] = sum[m];
        } else if weight[m] > 0.0 {
            row[m] = sum[m] / weight[m];
        }
    }
    row[Metric::Performance as usize] = if slots > 0.0 { output / slots } else { 0.0 };
    row
}

/// Appends the month's sector, region, aggregate and (if asked) organisation records.
pub(super) fn record(
    economy: &Economy,
    orgs: &[Organisation],
    pools: &[Vec<f32>],
    flows: &[RegionFlows],
    result: &mut EconomyReplication,
) {
    let mut sectors = vec![AreaSums::default(); economy.sectors.len()];
    let mut regions = vec![AreaSums::default(); economy.regions.len()];
    for o in orgs.iter().filter(|o| o.alive) {
        sectors[o.sector].add(o);
        regions[o.region].add(o);
    }
    result
        .sectors
        .push(sectors.into_iter().map(AreaSums::finish).collect());
    result.regions.push(
        regions
            .into_iter()
            .enumerate()
            .map(|(r, sums)| {
                let mut row = sums.finish();
                row.labour_pool = pools[r].len() as u32;
                row.pool_joins = flows[r].joins;
                row.pool_outflow = flows[r].outflow;
                row.moved_in = flows[r].moved_in;
                row.moved_out = flows[r].moved_out;
                row
            })
            .collect(),
    );
    result.aggregate.months.push(aggregate_row(orgs));
    // No workforce groups across sectors: an empty row of groups per month, so the
    // aggregate has a single run's shape.
    result.aggregate.groups.push(Vec::new());
    if economy.per_organisation {
        result.organisations.push(
            orgs.iter()
                .enumerate()
                .map(|(k, o)| OrganisationRow {
                    organisation: k as u32,
                    sector: o.sector as u16,
                    region: o.region as u16,
                    alive: o.alive,
                    adopted: o.adopted.is_some(),
                    employees: o.headcount(),
                    performance: o.performance,
                    retention: o.row[Metric::Retention as usize],
                })
                .collect(),
        );
    }
}

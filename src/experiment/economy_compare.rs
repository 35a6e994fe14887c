//! The economy's areas and their metrics over replications, and the paired comparison of
//! economy policies run with common random numbers.
//!
//! Owns what an area is (the whole economy, one sector, one region), how a metric is read off
//! an area's month (`adoption_share` = adopters / organisations, the whole economy as the sum
//! of its sectors, cumulative spending, the month half of the eventual adopters had adopted),
//! the months a policy comparison reports, and the statistics of each policy and of its paired
//! difference to the first (per replication B_r − A_r, then mean and Student t interval):
//! replication r of every policy starts from the same organisations and random streams, so
//! the differences are free of most of the noise the policies share. Pure: no I/O, no running
//! (see `crate::output::economy` for the files).

use crate::ground::stats::Stats;
use crate::model::economy::{AreaRow, EconomyReplication};
use crate::scenario::Scenario;

/// The level an area belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The whole economy (one area, `all`).
    Economy,
    Sector,
    Region,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Economy, Level::Sector, Level::Region];

    /// The name in the tables' `level` column.
    pub fn name(self) -> &'static str {
        match self {
            Level::Economy => "economy",
            Level::Sector => "sector",
            Level::Region => "region",
        }
    }

    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// The name of the whole economy's one area.
pub const ECONOMY_AREA: &str = "all";

/// One area: the whole economy, sector `index` or region `index`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub level: Level,
    pub index: usize,
    pub name: String,
}

/// The areas of an economy with these sectors and regions: the whole economy first, then the
/// sectors, then the regions (the order of every economy table).
pub fn areas(sectors: &[String], regions: &[String]) -> Vec<Area> {
    let mut out = vec![Area {
        level: Level::Economy,
        index: 0,
        name: ECONOMY_AREA.to_string(),
    }];
    for (level, names) in [(Level::Sector, sectors), (Level::Region, regions)] {
        out.extend(names.iter().enumerate().map(|(index, name)| Area {
            level,
            index,
            name: name.clone(),
        }));
    }
    out
}

/// What is read off an area's months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AreaMetric {
    /// Adopters (running the programme) over living organisations.
    AdoptionShare,
    /// Organisations that ever adopted over living organisations.
    EverAdoptedShare,
    Organisations,
    Adopters,
    Employment,
    Output,
    OutputPerEmployee,
    Retention,
    Agility,
    ProgrammeSpending,
    SubsidyPaid,
    /// Programme spending summed over months 0..=month.
    ProgrammeSpendingCumulative,
    /// Subsidy paid summed over months 0..=month.
    SubsidyPaidCumulative,
    LabourPool,
    HiresFromPool,
    /// The first month in which the organisations that ever adopted reached half their number
    /// at the horizon (NaN when none adopted); a value of the horizon only.
    MonthsToHalfAdoption,
}

impl AreaMetric {
    /// Every metric, in the order of `economy_summary.csv`.
    pub const ALL: [AreaMetric; 16] = [
        AreaMetric::AdoptionShare,
        AreaMetric::EverAdoptedShare,
        AreaMetric::Organisations,
        AreaMetric::Adopters,
        AreaMetric::Employment,
        AreaMetric::Output,
        AreaMetric::OutputPerEmployee,
        AreaMetric::Retention,
        AreaMetric::Agility,
        AreaMetric::ProgrammeSpending,
        AreaMetric::SubsidyPaid,
        AreaMetric::ProgrammeSpendingCumulative,
        AreaMetric::SubsidyPaidCumulative,
        AreaMetric::LabourPool,
        AreaMetric::HiresFromPool,
        AreaMetric::MonthsToHalfAdoption,
    ];

    /// The metrics a policy comparison reports.
    pub const COMPARED: [AreaMetric; 6] = [
        AreaMetric::AdoptionShare,
        AreaMetric::Employment,
        AreaMetric::OutputPerEmployee,
        AreaMetric::ProgrammeSpending,
        AreaMetric::ProgrammeSpendingCumulative,
        AreaMetric::SubsidyPaidCumulative,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AreaMetric::AdoptionShare => "adoption_share",
            AreaMetric::EverAdoptedShare => "ever_adopted_share",
            AreaMetric::Organisations => "organisations",
            AreaMetric::Adopters => "adopters",
            AreaMetric::Employment => "employment",
            AreaMetric::Output => "output",
            AreaMetric::OutputPerEmployee => "output_per_employee",
            AreaMetric::Retention => "retention",
            AreaMetric::Agility => "agility",
            AreaMetric::ProgrammeSpending => "programme_spending",
            AreaMetric::SubsidyPaid => "subsidy_paid",
            AreaMetric::ProgrammeSpendingCumulative => "programme_spending_cumulative",
            AreaMetric::SubsidyPaidCumulative => "subsidy_paid_cumulative",
            AreaMetric::LabourPool => "labour_pool",
            AreaMetric::HiresFromPool => "hires_from_pool",
            AreaMetric::MonthsToHalfAdoption => "months_to_half_adoption",
        }
    }

    pub fn from_name(name: &str) -> Option<AreaMetric> {
        AreaMetric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether the metric has a value at the horizon only.
    pub fn horizon_only(self) -> bool {
        self == AreaMetric::MonthsToHalfAdoption
    }
}

/// `a / b`, NaN when b is 0.
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { f64::NAN } else { a / b }
}

/// The whole economy in one month: the sum of its sectors (retention and agility weighted by
/// employment, output per employee as total output over total employment), with the labour
/// pool summed over its regions.
pub fn economy_row(sectors: &[AreaRow], regions: &[AreaRow]) -> AreaRow {
    let mut row = AreaRow::default();
    let (mut retention, mut agility, mut agility_weight) = (0.0, 0.0, 0.0);
    for s in sectors {
        row.organisations += s.organisations;
        row.adopters += s.adopters;
        row.ever_adopted += s.ever_adopted;
        row.employment += s.employment;
        row.output += s.output;
        row.programme_spending += s.programme_spending;
        row.subsidy_paid += s.subsidy_paid;
        row.hires_from_pool += s.hires_from_pool;
        let w = f64::from(s.employment);
        retention += w * s.retention;
        if s.agility.is_finite() {
            agility += w * s.agility;
            agility_weight += w;
        }
    }
    row.labour_pool = regions.iter().map(|r| r.labour_pool).sum();
    let employment = f64::from(row.employment);
    row.output_per_employee = ratio(row.output, employment);
    row.retention = ratio(retention, employment);
    row.agility = ratio(agility, agility_weight);
    row
}

/// `area`'s rows of one replication, month by month (month 0 first).
pub fn area_series(replication: &EconomyReplication, area: &Area) -> Vec<AreaRow> {
    match area.level {
        Level::Economy => replication
            .sectors
            .iter()
            .zip(&replication.regions)
            .map(|(s, r)| economy_row(s, r))
            .collect(),
        Level::Sector => replication
            .sectors
            .iter()
            .map(|m| m.get(area.index).copied().unwrap_or_default())
            .collect(),
        Level::Region => replication
            .regions
            .iter()
            .map(|m| m.get(area.index).copied().unwrap_or_default())
            .collect(),
    }
}

/// The value of `metric` in `month` of an area's `series` (NaN beyond it, or where the metric
/// is undefined).
pub fn metric_value(series: &[AreaRow], month: usize, metric: AreaMetric) -> f64 {
    let Some(row) = series.get(month) else {
        return f64::NAN;
    };
    let organisations = f64::from(row.organisations);
    match metric {
        AreaMetric::AdoptionShare => ratio(f64::from(row.adopters), organisations),
        AreaMetric::EverAdoptedShare => ratio(f64::from(row.ever_adopted), organisations),
        AreaMetric::Organisations => organisations,
        AreaMetric::Adopters => f64::from(row.adopters),
        AreaMetric::Employment => f64::from(row.employment),
        AreaMetric::Output => row.output,
        AreaMetric::OutputPerEmployee => row.output_per_employee,
        AreaMetric::Retention => row.retention,
        AreaMetric::Agility => row.agility,
        AreaMetric::ProgrammeSpending => row.programme_spending,
        AreaMetric::SubsidyPaid => row.subsidy_paid,
        AreaMetric::ProgrammeSpendingCumulative => {
            series[..=month].iter().map(|r| r.programme_spending).sum()
        }
        AreaMetric::SubsidyPaidCumulative => series[..=month].iter().map(|r| r.subsidy_paid).sum(),
        AreaMetric::LabourPool => f64::from(row.labour_pool),
        AreaMetric::HiresFromPool => f64::from(row.hires_from_pool),
        AreaMetric::MonthsToHalfAdoption => months_to_half_adoption(&series[..=month]),
    }
}

/// The first month in which `ever_adopted` reached half its value in the last month of
/// `series`; NaN when nobody adopted.
pub fn months_to_half_adoption(series: &[AreaRow]) -> f64 {
    let Some(last) = series.last() else {
        return f64::NAN;
    };
    if last.ever_adopted == 0 {
        return f64::NAN;
    }
    let half = f64::from(last.ever_adopted) / 2.0;
    series
        .iter()
        .position(|r| f64::from(r.ever_adopted) >= half)
        .map_or(f64::NAN, |m| m as f64)
}

/// `scenarios` on a common footing for a policy comparison: every one with the first one's
/// seed and replications (so replication r of every policy starts from the same organisations
/// and random streams), as `compare` does for single organisations.
pub fn aligned(scenarios: &[Scenario]) -> Vec<Scenario> {
    let Some(first) = scenarios.first() else {
        return Vec::new();
    };
    scenarios
        .iter()
        .map(|s| Scenario {
            seed: first.seed,
            replications: first.replications,
            ..s.clone()
        })
        .collect()
}

/// The months a policy comparison reports: every 12th month and the horizon.
pub fn comparison_months(horizon: u32) -> Vec<u32> {
    let mut months: Vec<u32> = (1..=horizon / 12).map(|k| 12 * k).collect();
    if months.last() != Some(&horizon) && horizon > 0 {
        months.push(horizon);
    }
    months
}

/// One row of a policy comparison: a policy's statistic of one metric of one area in one
/// month and, for every policy but the first, its paired difference to the first.
#[derive(Clone, Debug, PartialEq)]
pub struct EconomyComparisonRow {
    pub level: Level,
    pub area: String,
    pub month: u32,
    pub metric: AreaMetric,
    /// Index of the policy (0 is the reference).
    pub policy: usize,
    /// Over the policy's replications.
    pub stats: Stats,
    /// Policy − reference, replication by replication (None for the reference).
    pub difference: Option<Stats>,
}

/// The per-replication values of `metric` in `month` of `area`, in replication order.
pub fn replication_values(
    replications: &[EconomyReplication],
    area: &Area,
    month: usize,
    metric: AreaMetric,
) -> Vec<f64> {
    replications
        .iter()
        .map(|r| metric_value(&area_series(r, area), month, metric))
        .collect()
}

/// The comparison of `policies` (each one's replications, in replication order; the first is
/// the reference) for every area, month and metric given, in that order of nesting (areas
/// outermost, policies innermost). Replications are paired by position; a policy with fewer
/// replications pairs only those it has.
pub fn compare_economies(
    policies: &[Vec<EconomyReplication>],
    areas: &[Area],
    months: &[u32],
    metrics: &[AreaMetric],
) -> Vec<EconomyComparisonRow> {
    let series: Vec<Vec<Vec<Vec<AreaRow>>>> = areas
        .iter()
        .map(|area| {
            policies
                .iter()
                .map(|reps| reps.iter().map(|r| area_series(r, area)).collect())
                .collect()
        })
        .collect();
    let mut rows = Vec::new();
    for (a, area) in areas.iter().enumerate() {
        for &month in months {
            for &metric in metrics {
                let values: Vec<Vec<f64>> = series[a]
                    .iter()
                    .map(|reps| {
                        reps.iter()
                            .map(|s| metric_value(s, month as usize, metric))
                            .collect()
                    })
                    .collect();
                for (policy, v) in values.iter().enumerate() {
                    let difference = (policy > 0)
                        .then(|| Stats::of(v.iter().zip(&values[0]).map(|(b, a)| b - a)));
                    rows.push(EconomyComparisonRow {
                        level: area.level,
                        area: area.name.clone(),
                        month,
                        metric,
                        policy,
                        stats: Stats::of(v.iter().copied()),
                        difference,
                    });
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(organisations: u32, adopters: u32, ever: u32, employment: u32, output: f64) -> AreaRow {
        AreaRow {
            organisations,
            adopters,
            ever_adopted: ever,
            employment,
            output,
            output_per_employee: output / f64::from(employment),
            retention: 0.9,
            agility: f64::NAN,
            programme_spending: f64::from(adopters),
            ..AreaRow::default()
        }
    }

    #[test]
    fn the_economy_is_the_sum_of_its_sectors() {
        let e = economy_row(&[row(10, 2, 3, 100, 50.0), row(30, 6, 6, 300, 250.0)], &[]);
        assert_eq!((e.organisations, e.adopters, e.employment), (40, 8, 400));
        assert_eq!(e.output_per_employee, 300.0 / 400.0);
        assert!((e.retention - 0.9).abs() < 1e-12);
        assert!(e.agility.is_nan());
    }

    #[test]
    fn half_adoption_and_cumulative_spending() {
        let series = [
            row(10, 0, 0, 10, 1.0),
            row(10, 1, 1, 10, 1.0),
            row(10, 2, 2, 10, 1.0),
            row(10, 4, 4, 10, 1.0),
        ];
        assert_eq!(months_to_half_adoption(&series), 2.0);
        assert_eq!(metric_value(&series, 3, AreaMetric::AdoptionShare), 0.4);
        assert_eq!(
            metric_value(&series, 3, AreaMetric::ProgrammeSpendingCumulative),
            7.0
        );
        assert!(months_to_half_adoption(&series[..1]).is_nan());
        assert!(metric_value(&series, 9, AreaMetric::Employment).is_nan());
    }

    #[test]
    fn comparison_months_are_every_year_and_the_horizon() {
        assert_eq!(comparison_months(30), [12, 24, 30]);
        assert_eq!(comparison_months(24), [12, 24]);
        assert_eq!(comparison_months(5), [5]);
    }
}
